"""One result protocol for every estimate the library returns (forecast and impact).

A researcher learns it once. Every result is a frozen dataclass with

* ``table`` -- a tidy :class:`pandas.DataFrame` whose key column is ``term``, followed by the standard columns
  ``estimate``, ``std_error``, ``conf_low``, ``conf_high``, ``p_value`` where they apply (the design's own key
  columns, such as ``event_time`` or ``group``, are kept beside ``term``);
* ``spec`` -- the call that produced it (column names and options), and ``citation`` -- the paper it implements;

and answers the same calls, provided by :class:`Result`:

* :meth:`Result.tidy` -- the table with the standard columns first;
* :meth:`Result.conf_int` -- bounds by term at any confidence level;
* :meth:`Result.summary` -- text: the table and one sentence in plain words (:meth:`Result.sentence`);
* :meth:`Result.plot` -- ``plot(*, ax=None, lang="en") -> (fig, ax)``, drawn by :mod:`trends.charts` (imported
  only when called, so that importing an estimator never loads matplotlib), every word in ``lang``;
* ``estimate`` / ``std_error`` -- the headline term (the overall effect, or the treatment coefficient).

:func:`compare` puts several results side by side (as linearmodels' ``compare`` does). The models are
pyfixest's result mixin (``tidy``, ``summary``), linearmodels' immutable ``Results`` and CausalPy's
``effect_summary``.

This module sits with the analyses: it imports from :mod:`trends` only the message catalogue
(:mod:`trends.messages`, the words of the charts) at module level.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from trends.messages import CATALOGUE, check_lang, t

__all__ = ["STANDARD_COLUMNS", "Result", "compare", "normal_interval", "term_label", "with_term"]

#: The columns a tidy table carries, in this order, where they apply.
STANDARD_COLUMNS: tuple[str, ...] = ("term", "estimate", "std_error", "conf_low", "conf_high", "p_value")


def normal_interval(
    estimate: np.ndarray | float,
    std_error: np.ndarray | float,
    level: float,
    *,
    df: float | None = None,
    scale: str = "identity",
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds ``estimate -/+ q * std_error`` with ``q`` the normal (or Student t with ``df``) quantile.

    Parameters
    ----------
    estimate, std_error : array-like
        Point estimates and their standard errors (on the scale of ``scale``'s link: for ``"ratio"`` the
        estimate is a proportional change ``exp(b) - 1`` and the standard error that of ``b``).
    level : float
        Confidence level in (0, 1), e.g. 0.95.
    df : float, optional
        Degrees of freedom of a Student t reference distribution (normal when omitted).
    scale : {"identity", "ratio"}
        ``"ratio"``: the interval is computed for ``log(1 + estimate)`` and mapped back, so a proportional
        effect on a count can never pass -100 %.
    """
    if not 0 < level < 1:
        raise ValueError(f"level={level!r}: a confidence level is a number between 0 and 1, e.g. 0.95")
    q = stats.t.ppf(0.5 + level / 2, df) if df is not None else stats.norm.ppf(0.5 + level / 2)
    est = np.asarray(estimate, dtype=float)
    se = np.asarray(std_error, dtype=float)
    if scale == "ratio":
        b = np.log1p(est)
        return np.expm1(b - q * se), np.expm1(b + q * se)
    return est - q * se, est + q * se


def with_term(table: pd.DataFrame, keys: Sequence[str | tuple[str, ...]]) -> pd.DataFrame:
    """``table`` with a ``term`` key column first, made from the first of ``keys`` whose columns it has.

    A key of one column is copied as is (an event time stays a number); a key of several columns is written
    ``"col=value, col=value"``. A table that already has ``term``, or none of the keys, is returned as is.
    """
    if "term" in table.columns:
        return table
    for key in keys:
        cols = (key,) if isinstance(key, str) else tuple(key)
        if all(c in table.columns for c in cols):
            if len(cols) == 1:
                term = table[cols[0]]
            else:
                parts = [table[c].astype(str).radd(f"{c}=") for c in cols]
                term = parts[0].str.cat(parts[1:], sep=", ")
            return pd.concat([term.rename("term"), table], axis=1)
    return table


def term_label(term: object, lang: str) -> str:
    """A term as a chart shows it: its words in ``lang`` (catalogue key ``plot.term.<term>``), else as it is.

    Terms the library names (``"overall"``, ``"original"``, a spill-over's ``"direct"``) are category labels with
    words in both languages; terms the data name (a unit, a column, an event time) are shown as they are.

    Examples
    --------
    >>> term_label("overall", "vi"), term_label("overall", "en"), term_label(3, "vi")
    ('tổng thể', 'overall', '3')
    """
    key = f"plot.term.{term}"
    return t(key, lang) if key in CATALOGUE else str(term)


def _fmt(value: Any, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "."
    if isinstance(value, (int, np.integer)):
        return str(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return f"{number:.{digits}g}" if abs(number) >= 1e4 else f"{number:.{digits}f}"
    return str(value)


def _p(value: float) -> str:
    if not np.isfinite(value):
        return "p not computed"
    return "p < 0.001" if value < 0.001 else f"p = {value:.3f}"


class Result:
    """The calls every result answers; mixed into the frozen dataclass of each estimator's result.

    A subclass provides ``table`` (tidy, with a ``term`` column), ``spec`` and ``citation``. A dataclass
    subclass whose table is keyed by its design's own columns names them in ``_term_keys`` (alternatives, first
    match wins; several columns in a tuple): ``term`` is then added in front of them when the result is made.
    It may override

    * :attr:`headline` -- the row of ``table`` (or of ``overall``) that ``estimate`` and ``std_error`` report;
    * :meth:`_interval` -- how bounds at another confidence level are computed (default: normal or t
      around ``estimate`` with ``std_error``; ratio-scale results override it);
    * :meth:`_draw` -- the chart, through :mod:`trends.charts`: ``_draw(ax, *, lang="en", ...)`` returns the
      Figure and takes every word it draws from :mod:`trends.messages` in ``lang``;
    * :meth:`sentence` -- the plain-words summary.
    """

    table: pd.DataFrame
    spec: Mapping[str, Any]
    citation: str

    #: The key columns ``term`` is made from (see :func:`with_term`).
    _term_keys: ClassVar[tuple[str | tuple[str, ...], ...]] = ()

    def __post_init__(self) -> None:
        table = self.__dict__.get("table")
        if isinstance(table, pd.DataFrame) and self._term_keys:
            object.__setattr__(self, "table", with_term(table, self._term_keys))

    # -- what the headline is -------------------------------------------------------------------------
    @property
    def headline(self) -> pd.Series:
        """The headline row: the ``overall`` row when the result has one, else the first row of ``table``."""
        overall = getattr(self, "overall", None)
        frame = overall if isinstance(overall, pd.DataFrame) and len(overall) else self.table
        if not len(frame):
            raise ValueError(f"{type(self).__name__} has no estimate to report")
        return frame.iloc[0]

    @property
    def estimate(self) -> float:
        """The headline estimate (the overall effect, or the coefficient of the treatment)."""
        return float(self.headline["estimate"])

    @property
    def std_error(self) -> float:
        """Standard error of the headline estimate (NaN where the design gives none)."""
        value = self.headline.get("std_error", np.nan)
        return float(value) if value is not None else float("nan")

    @property
    def level(self) -> float:
        """Confidence level of the bounds in ``table`` (``1 - alpha`` of the call)."""
        return 1.0 - float(self.spec.get("alpha", 0.05))

    # -- the protocol ----------------------------------------------------------------------------------
    def tidy(self) -> pd.DataFrame:
        """The tidy table: ``term`` and the standard columns first (where they apply), then the rest."""
        table = self.table
        first = [c for c in STANDARD_COLUMNS if c in table.columns]
        return table[first + [c for c in table.columns if c not in first]].reset_index(drop=True)

    def conf_int(self, level: float | None = None) -> pd.DataFrame:
        """Bounds by term at confidence ``level`` (default: the level of the call, usually 0.95).

        Parameters
        ----------
        level : float, optional
            Confidence level in (0, 1). At the fitted level the stored bounds are returned (bootstrap or
            simultaneous ones included); at another level they are recomputed from the standard errors.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``term``, with ``conf_low`` and ``conf_high``.
        """
        tidy = self.tidy()
        if level is None or math.isclose(level, self.level):
            out = tidy[["term", "conf_low", "conf_high"]]
        else:
            lo, hi = self._interval(tidy, float(level))
            out = pd.DataFrame({"term": tidy["term"], "conf_low": lo, "conf_high": hi})
        return out.set_index("term")

    def _interval(self, tidy: pd.DataFrame, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Bounds at another level: normal (t with ``spec["df"]``) around the estimate."""
        if "std_error" not in tidy.columns:
            raise ValueError(f"{type(self).__name__} stores no standard errors: only level={self.level}")
        return normal_interval(tidy["estimate"], tidy["std_error"], level, df=self.spec.get("df"))

    def sentence(self) -> str:
        """The headline in plain words, at the strength the interval supports."""
        row = self.headline
        est = float(row["estimate"])
        lo, hi = float(row.get("conf_low", np.nan)), float(row.get("conf_high", np.nan))
        pct = f"{round(100 * self.level)} %"
        if not (np.isfinite(lo) and np.isfinite(hi)):
            return f"The estimate is {_fmt(est)}; no confidence interval was computed."
        p = float(row.get("p_value", np.nan))
        if lo > 0 or hi < 0:
            side = "above" if lo > 0 else "below"
            return (
                f"The estimate is {_fmt(est)} ({pct} confidence interval {_fmt(lo)} to {_fmt(hi)}, {_p(p)}): "
                f"the interval lies {side} zero."
            )
        return (
            f"The estimate is {_fmt(est)} ({pct} confidence interval {_fmt(lo)} to {_fmt(hi)}, {_p(p)}): the "
            "data are consistent with no effect and with every effect in the interval; they do not show "
            "that there is none."
        )

    def summary(self) -> str:
        """A text summary: what was estimated, the tidy table, and the headline in plain words."""
        tidy = self.tidy()
        overall = getattr(self, "overall", None)
        if isinstance(overall, pd.DataFrame) and len(overall) and "term" not in overall.columns:
            parts = [overall.assign(term="overall"), *([tidy] if len(tidy) else [])]
            tidy = pd.concat(parts, ignore_index=True)
        shown = tidy[[c for c in STANDARD_COLUMNS if c in tidy.columns]]
        lines = [type(self).__name__]
        if self.citation:
            lines.append(f"  {self.citation}")
        body = shown.to_string(index=False, float_format=lambda v: _fmt(v)) if len(shown) else "(no terms)"
        lines += ["", body, "", self.sentence()]
        return "\n".join(lines)

    def plot(self, *, ax: Any = None, lang: str = "en", **kwargs: Any) -> tuple[Any, Any]:
        """Draw the result (through :mod:`trends.charts`); returns ``(fig, ax)``.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Axes to draw on; a new figure is made otherwise.
        lang : {"en", "vi"}, default "en"
            Language of every word the chart draws (axis labels, category labels, legend entries,
            annotations), taken from the message catalogue (:mod:`trends.messages`); numbers in annotations are
            written with the language's separators. Names the data chose (columns, units, terms) are shown
            as they are. A notebook passes its ``LANG``, then finishes the figure with
            :func:`trends.charts.present` in the same language.
        **kwargs
            Options of the result's chart (for example ``kind=`` where a result has several, or ``names=``, a
            mapping from unit ids to the names shown, where the chart names units: leave-one-out, synthetic
            control).

        Raises
        ------
        ValueError
            If ``lang`` is not ``"vi"`` or ``"en"``.
        """
        fig = self._draw(ax, lang=check_lang(lang), **kwargs)
        return fig, ax if ax is not None else fig.axes[0]

    def _draw_terms(self, ax: Any, *, lang: str = "en", **kwargs: Any) -> Any:
        """The default chart (returns the Figure): estimates with their intervals by term, in order."""
        from trends.charts import ranked_effects

        kwargs.setdefault("value_label", t("plot.estimate", lang))
        tidy = self.tidy()
        tidy = tidy.assign(term=[term_label(term, lang) for term in tidy["term"]])
        return ranked_effects(tidy, key="term", rank=False, ax=ax, lang=lang, **kwargs)

    # The chart behind plot(): each result draws its own kind and takes that chart's options, so the signature is
    # the subclass's (``_draw(self, ax=None, *, lang="en", kind=...)``), not one shared signature.
    _draw: Callable[..., Any] = _draw_terms

    def _repr_html_(self) -> str:  # notebooks show the tidy table
        return self.tidy()._repr_html_()


def compare(results: Mapping[str, Result] | Sequence[Result], *, stars: bool = False) -> pd.DataFrame:
    """Several results side by side: one column per result, ``estimate`` over ``(std_error)`` by term.

    Parameters
    ----------
    results : mapping of name to result, or sequence of results
        Unnamed results are labelled by their class name and position.
    stars : bool
        Mark estimates whose interval at the fitted level excludes zero with ``*``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(term, statistic)`` with ``statistic`` in ``estimate``, ``std_error``; one column per
        result (empty cells where a result has no such term).
    """
    named = (
        dict(results)
        if isinstance(results, Mapping)
        else {f"{type(r).__name__} ({i})": r for i, r in enumerate(results, 1)}
    )
    columns: dict[str, dict[tuple[Any, str], str]] = {}
    order: dict[tuple[Any, str], None] = {}  # terms in order of first appearance
    for name, res in named.items():
        tidy = res.tidy()
        cells: dict[tuple[Any, str], str] = {}
        for _, row in tidy.iterrows():
            est = _fmt(row["estimate"])
            if stars and (row.get("conf_low", np.nan) > 0 or row.get("conf_high", np.nan) < 0):
                est += "*"
            cells[(row["term"], "estimate")] = est
            cells[(row["term"], "std_error")] = f"({_fmt(row['std_error'])})" if "std_error" in row else ""
        order.update(dict.fromkeys(cells))
        columns[name] = cells
    index = pd.MultiIndex.from_tuples(list(order), names=["term", "statistic"])
    return pd.DataFrame(
        {name: [cells.get(k, "") for k in order] for name, cells in columns.items()}, index=index
    )
