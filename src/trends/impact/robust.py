"""Robustness checks that wrap any estimator: placebo adoption dates and leave-one-district-out.

Both take the data and an ``estimator``: a callable ``estimator(data) -> result`` where ``result`` is a number, or has a
``.att`` attribute (:class:`~trends.impact.synthdid.SyntheticDiDResult`), or a tidy ``.table`` whose first row
(or the row named by ``term``) holds ``estimate`` and ``std_error`` (every result type of
:mod:`trends.impact`).

:func:`placebo_dates`
    Move every adoption ``k`` periods earlier and keep only the truly untreated observations: with no
    anticipation and parallel trends the "effect" of a fake adoption date should be zero (the in-time placebo of
    Abadie, Diamond & Hainmueller 2015, sec. 4, and of the event-study pre-trend logic; Roth, Sant'Anna, Bilinski &
    Poe 2023, J. Econometrics 235(2), sec. 4).
:func:`leave_one_out`
    Re-estimate without each unit in turn (ADH 2015's leave-one-out robustness; a district that moves the
    estimate by itself deserves a look).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trends._api import legacy_arguments
from trends.messages import t
from trends.results import Result, term_label
from trends.schema import TrendsDataError, user_stacklevel

__all__ = ["RobustnessResult", "leave_one_out", "placebo_dates"]

CITATION = (
    "Abadie, Diamond & Hainmueller (2015), AJPS 59(2); Roth, Sant'Anna, Bilinski & Poe (2023), "
    "J. Econometrics 235(2)."
)


def _extract(res: Any, term: str | None = None) -> tuple[float, float]:
    """``(estimate, std_error)`` from a number, an object with ``.att`` or one with a tidy ``.table``."""
    if isinstance(res, int | float | np.floating | np.integer):
        return float(res), float("nan")
    table = getattr(res, "table", None)
    if isinstance(table, pd.DataFrame) and "estimate" in table.columns and len(table):
        row = table.iloc[0]
        if term is not None:
            if "term" not in table.columns or term not in set(table["term"]):
                raise ValueError(f"the estimator's table has no term {term!r}")
            row = table[table["term"] == term].iloc[0]
        se = float(row["std_error"]) if "std_error" in table.columns else float("nan")
        return float(row["estimate"]), se
    if hasattr(res, "att"):
        return float(res.att), float(getattr(res, "se", float("nan")))
    raise TypeError(
        "the estimator must return a number, an object with .att, or an object with a tidy .table "
        f"(estimate, std_error); got {type(res).__name__}"
    )


@dataclass(frozen=True)
class RobustnessResult(Result):
    """Estimates under a robustness check, beside the original.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per variant: ``check`` (``"original"``, ``"placebo -k"`` or ``"without <unit>"``), ``estimate``,
        ``std_error``, ``conf_low``, ``conf_high`` (normal, where a standard error is known), ``change`` (from
        the original), and ``shift`` or ``dropped``.
    spec : dict
    """

    _term_keys = ("check",)

    table: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION

    def _draw(self, ax: Any = None, *, lang: str = "en", names: Mapping[Hashable, str] | None = None) -> Any:
        """Estimates with their intervals, the original first; returns the ``Figure``.

        ``names`` maps a dropped unit's id to the name the chart shows (a district's name rather than its id).
        """
        from trends.impact._common import figure_axes

        tab = self.table
        fig, ax = figure_axes(ax, (7, 0.3 * len(tab) + 1.5))
        y = np.arange(len(tab))[::-1]
        err = np.vstack([tab["estimate"] - tab["conf_low"], tab["conf_high"] - tab["estimate"]])
        ax.errorbar(tab["estimate"], y, xerr=np.nan_to_num(err), fmt="o", color="#0072B2", capsize=2)
        ax.axvline(0, color="0.4", lw=0.8)
        dropped = (
            tab["dropped"] if "dropped" in tab.columns else pd.Series(None, index=tab.index, dtype=object)
        )
        shown = dict(names or {})
        ax.set_yticks(
            y, [_check_label(str(c), lang, shown.get(d)) for c, d in zip(tab["check"], dropped, strict=True)]
        )
        ax.set_xlabel(t("plot.estimate", lang))
        return fig


def _check_label(check: str, lang: str, unit: Any = None) -> str:
    """A variant as a chart names it: the original, ``"placebo -k"`` (k periods earlier), ``"without <unit>"``
    (``unit``, when given, is the dropped unit's display name)."""
    if check.startswith("placebo -"):
        return t("plot.placebo", lang, shift=check.removeprefix("placebo -"))
    if check.startswith("without "):
        return t("plot.without", lang, unit=check.removeprefix("without ") if pd.isna(unit) else unit)
    return term_label(check, lang)


def _data_first(data: Any, estimator: Any, name: str) -> tuple[pd.DataFrame, Callable[[pd.DataFrame], Any]]:
    """Accept the old order ``(estimator, df)`` with a DeprecationWarning: the data come first now."""
    if callable(data) and isinstance(estimator, pd.DataFrame):
        warnings.warn(
            f"{name}(estimator, df) is deprecated; write {name}(data, estimator, ...)",
            DeprecationWarning,
            stacklevel=user_stacklevel(),
        )
        return estimator, data
    return data, estimator


def _finish(rows: list[dict[str, Any]], z: float) -> pd.DataFrame:
    t = pd.DataFrame(rows)
    t["conf_low"] = t["estimate"] - z * t["std_error"]
    t["conf_high"] = t["estimate"] + z * t["std_error"]
    t["change"] = t["estimate"] - t["estimate"].iloc[0]
    return t


def _run_all(
    estimator: Callable[[pd.DataFrame], Any], frames: list[pd.DataFrame], n_jobs: int, term: str | None
):
    if n_jobs == 1:
        return [_extract(estimator(f), term) for f in frames]
    from joblib import Parallel, delayed

    results = Parallel(n_jobs=n_jobs)(delayed(estimator)(f) for f in frames)
    return [_extract(r, term) for r in results]


@legacy_arguments(renamed={"df": "data", "unit": "idname", "time": "tname", "treatment": "dname"})
def placebo_dates(
    data: pd.DataFrame,
    estimator: Callable[[pd.DataFrame], Any],
    *,
    idname: str,
    tname: str,
    dname: str,
    shifts: Sequence[int] = (6, 12, 24),
    term: str | None = None,
    alpha: float = 0.05,
    n_jobs: int = 1,
) -> RobustnessResult:
    """Re-estimate with every adoption moved ``k`` periods earlier, on untreated observations only.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel with a 0/1 absorbing ``dname`` column.
    estimator : callable
        ``estimator(data)`` on a frame shaped like ``data`` (same columns; ``dname`` replaced by the placebo).
    idname, tname, dname : str
        Unit, period and 0/1 treatment columns; periods are counted on the sorted distinct values of ``tname``.
    shifts : sequence of int, default (6, 12, 24)
        Periods by which to move adoption earlier.
    term : str, optional
        Row of the estimator's ``.table`` to read (default: the first).
    alpha : float, default 0.05
    n_jobs : int, default 1

    Returns
    -------
    RobustnessResult
        ``original`` and one ``placebo -k`` row per shift; placebo estimates far from zero point to
        anticipation or diverging pre-trends.
    """
    from scipy import stats

    data, estimator = _data_first(data, estimator, "placebo_dates")
    for c in (idname, tname, dname):
        if c not in data.columns:
            raise TrendsDataError(f"data has no column {c!r}")
    if not data[dname].isin([0, 1]).all():
        raise TrendsDataError(f"treatment column {dname!r} must be 0/1")
    periods = np.sort(data[tname].unique())
    pos = pd.Series(np.arange(len(periods)), index=periods)
    first = data[data[dname] == 1].groupby(idname)[tname].min().map(pos)
    untreated = data[data[dname] == 0].copy()
    u_first = untreated[idname].map(first)
    u_pos = untreated[tname].map(pos).to_numpy()
    frames, kept = [], []
    for k in shifts:
        if k < 1:
            raise ValueError(f"shifts must be positive numbers of periods, got {k}")
        fake = (u_first.notna().to_numpy() & (u_pos >= u_first.fillna(np.inf).to_numpy() - k)).astype(int)
        if fake.sum() == 0:
            continue
        frames.append(untreated.assign(**{dname: fake}))
        kept.append(k)
    if not frames:
        raise TrendsDataError(f"no shift in {list(shifts)} leaves a placebo-treated untreated observation")
    est = _run_all(estimator, [data, *frames], n_jobs, term)
    rows = [{"check": "original", "shift": 0, "estimate": est[0][0], "std_error": est[0][1]}]
    rows += [
        {"check": f"placebo -{k}", "shift": k, "estimate": e, "std_error": s}
        for k, (e, s) in zip(kept, est[1:], strict=True)
    ]
    return RobustnessResult(
        table=_finish(rows, float(stats.norm.ppf(1 - alpha / 2))),
        spec={"idname": idname, "tname": tname, "dname": dname, "alpha": alpha, "shifts": kept, "term": term},
    )


@legacy_arguments(renamed={"df": "data", "unit": "idname"})
def leave_one_out(
    data: pd.DataFrame,
    estimator: Callable[[pd.DataFrame], Any],
    *,
    idname: str,
    units: Sequence[Hashable] | None = None,
    term: str | None = None,
    alpha: float = 0.05,
    n_jobs: int = 1,
) -> RobustnessResult:
    """Re-estimate without each unit in turn (default: every unit of ``data[idname]``).

    Units whose removal makes the estimator fail are reported with a NaN estimate and the error in ``error``
    (e.g. dropping the only treated unit of a synthetic control).
    """
    from scipy import stats

    data, estimator = _data_first(data, estimator, "leave_one_out")
    if idname not in data.columns:
        raise TrendsDataError(f"data has no column {idname!r}")
    todo = list(pd.unique(data[idname])) if units is None else list(units)
    base = _extract(estimator(data), term)
    rows: list[dict[str, Any]] = [
        {"check": "original", "dropped": None, "estimate": base[0], "std_error": base[1], "error": ""}
    ]

    def one(u: Hashable) -> tuple[float, float, str]:
        try:
            e, s = _extract(estimator(data[data[idname] != u]), term)
            return e, s, ""
        except (TrendsDataError, ValueError) as exc:
            return float("nan"), float("nan"), str(exc)[:200]

    if n_jobs == 1:
        out = [one(u) for u in todo]
    else:
        from joblib import Parallel, delayed

        out = Parallel(n_jobs=n_jobs)(delayed(one)(u) for u in todo)
    rows += [
        {"check": f"without {u}", "dropped": u, "estimate": e, "std_error": s, "error": err}
        for u, (e, s, err) in zip(todo, out, strict=True)
    ]
    return RobustnessResult(
        table=_finish(rows, float(stats.norm.ppf(1 - alpha / 2))),
        spec={"idname": idname, "units": todo, "term": term, "alpha": alpha},
    )
