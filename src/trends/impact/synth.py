"""Synthetic control for one treated district, with placebo-in-space inference.

:func:`synthetic_control`
    Abadie, Diamond & Hainmueller (2010, JASA 105(490): 493-505; 2015, AJPS 59(2): 495-510). The treated unit's
    untreated path is a convex combination of donor units (weights non-negative, summing to one) chosen so that
    the donors reproduce the treated unit's pre-period. By default the weights match the pre-period outcome path
    itself (every pre-period outcome a predictor, ``V`` = identity: the weights minimise the pre-period mean
    squared prediction error, MSPE; Abadie 2021, JEL 59(2), sec. 3.2). With ``predictors`` the predictors are
    standardised and ``V`` is either equal or chosen, as in R ``Synth``, to minimise the pre-period outcome MSPE
    (nested optimisation). Inference is by placebos in space: every donor in turn is treated as if it had
    adopted, and the p-value is the rank of the treated unit's post/pre RMSPE ratio among all of them (ADH
    2010, sec. 2.5; ADH 2015, sec. 4).

Validated on California's Proposition 99 (``tests/test_synth.py``): synthetic-control weights against the
peers ``synthdid`` (its ``method="sc"``) and ``pysyncon`` (reference numbers in
``tests/impact/results/synth_reference.json``). The synthetic difference-in-differences estimator of the same family
is in :mod:`trends.impact.synthdid`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

from trends._api import legacy_arguments
from trends.impact._common import single_blas_thread, warn
from trends.impact._synth_common import _season_length, _wide_panel
from trends.messages import t
from trends.results import Result
from trends.schema import TrendsDataError

__all__ = ["SyntheticControlResult", "synthetic_control"]


ADH_CITATION = (
    "Abadie, A., Diamond, A. & Hainmueller, J. (2010). Synthetic control methods for comparative case studies: "
    "estimating the effect of California's tobacco control program. JASA 105(490), 493-505; and (2015) "
    "Comparative politics and the synthetic control method. AJPS 59(2), 495-510."
)


# ---------------------------------------------------------------------------------------------------------
# Synthetic control (Abadie, Diamond & Hainmueller)
# ---------------------------------------------------------------------------------------------------------


def _simplex_ls(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``argmin ||a w - b||^2`` over the simplex (``w >= 0``, ``sum w = 1``).

    An augmented non-negative least-squares problem (the sum-to-one constraint as a heavily weighted extra
    row) gives the active set; SLSQP with the exact constraint polishes it.
    """
    k = a.shape[1]
    if k == 1:
        return np.ones(1)
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1e-12)
    an, bn = a / scale, b / scale
    big = 1e3 * max(1.0, float(np.sqrt((an**2).sum())))
    try:
        w0, _ = optimize.nnls(np.vstack([an, big * np.ones((1, k))]), np.append(bn, big), maxiter=50 * k)
    except RuntimeError:  # NNLS iteration limit: start SLSQP from equal weights instead
        w0 = np.full(k, 1.0 / k)
    w0 = w0 / w0.sum() if w0.sum() > 0 else np.full(k, 1.0 / k)
    gram, ab = an.T @ an, an.T @ bn

    def fun(w: np.ndarray) -> tuple[float, np.ndarray]:
        r = gram @ w - ab
        return float(w @ gram @ w - 2 * w @ ab), 2 * r

    res = optimize.minimize(
        fun,
        w0,
        jac=True,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * k,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones_like(w)}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    w = np.clip(res.x if res.fun <= fun(w0)[0] else w0, 0.0, None)
    return w / w.sum()


def _fit_weights(
    x1: np.ndarray, x0: np.ndarray, v: np.ndarray, z1: np.ndarray, z0: np.ndarray, v_mode: str
) -> tuple[np.ndarray, np.ndarray]:
    """Donor weights ``W`` (and predictor weights ``V``): ``min (x1 - x0 W)' V (x1 - x0 W)`` on the simplex.

    When several ``W`` fit the predictors equally well (fewer predictors than donors, the treated unit inside
    their hull: the fit is then exact for every ``V``), the one with the smallest pre-period outcome MSPE is
    returned (:func:`_tie_break`), instead of whichever the solver happens to reach.
    """
    if v_mode != "optimize":
        sv = np.sqrt(v)
        w = _simplex_ls(sv[:, None] * x0, sv * x1)
        return _tie_break(w, sv[:, None] * x0, sv * x1, z0, z1), v
    k = len(x1)
    w_eq = _simplex_ls(x0 / np.sqrt(k), x1 / np.sqrt(k))
    if float(np.sum((x0 @ w_eq - x1) ** 2)) <= 1e-12 * (float(x1 @ x1) + 1.0):
        # The predictors are matched exactly whatever V is: V is not identified, keep it equal.
        v_eq = np.full(k, 1.0 / k)
        return _tie_break(w_eq, x0 / np.sqrt(k), x1 / np.sqrt(k), z0, z1), v_eq

    def weights_for(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        vv = np.exp(z - z.max())
        vv = vv / vv.sum()
        sv = np.sqrt(vv)
        return _simplex_ls(sv[:, None] * x0, sv * x1), vv

    def loss(z: np.ndarray) -> float:
        w, _ = weights_for(z)
        return float(np.mean((z1 - z0 @ w) ** 2))

    starts = [np.zeros(k)]
    # Synth's second start: V from a regression of the pre-period outcomes on the predictors.
    try:
        coef, *_ = np.linalg.lstsq(
            np.column_stack([np.ones(x0.shape[1] + 1), np.c_[x1, x0].T]), np.c_[z1, z0].T, rcond=None
        )
        reg = (coef[1:] ** 2).sum(axis=1)
        if np.all(np.isfinite(reg)) and reg.sum() > 0:
            starts.append(np.log(np.maximum(reg / reg.sum(), 1e-8)))
    except np.linalg.LinAlgError:  # pragma: no cover - lstsq rarely fails
        pass
    best = None
    for s in starts:
        r = optimize.minimize(
            loss, s, method="Nelder-Mead", options={"maxiter": 200 * k, "xatol": 1e-6, "fatol": 1e-10}
        )
        if best is None or r.fun < best.fun:
            best = r
    assert best is not None  # starts is never empty
    w, vv = weights_for(best.x)
    sv = np.sqrt(vv)
    return _tie_break(w, sv[:, None] * x0, sv * x1, z0, z1), vv


def _tie_break(w0: np.ndarray, a: np.ndarray, b: np.ndarray, z0: np.ndarray, z1: np.ndarray) -> np.ndarray:
    """Among simplex weights with predictor loss ``|a w - b|^2`` no worse than ``w0``'s, the one with the
    smallest outcome MSPE ``|z0 w - z1|^2`` (SLSQP from ``w0``; ``w0`` itself if that fails)."""
    k = len(w0)
    if k == 1:
        return w0
    scale = max(float(np.abs(z1).max()), 1e-12)
    zn, z1n = z0 / scale, z1 / scale
    bscale = max(float(np.abs(b).max()), 1e-12)
    an, bn = a / bscale, b / bscale
    l0 = float(np.sum((an @ w0 - bn) ** 2))
    tol = 1e-9 * (float(bn @ bn) + 1.0) + 1e-6 * l0
    gz, gzb = zn.T @ zn, zn.T @ z1n
    ga, gab = an.T @ an, an.T @ bn

    def fun(w: np.ndarray) -> tuple[float, np.ndarray]:
        return float(w @ gz @ w - 2 * w @ gzb), 2 * (gz @ w - gzb)

    res = optimize.minimize(
        fun,
        w0,
        jac=True,
        method="SLSQP",
        bounds=[(0.0, 1.0)] * k,
        constraints=[
            {"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones_like(w)},
            {
                "type": "ineq",
                "fun": lambda w: l0 + tol - float(np.sum((an @ w - bn) ** 2)),
                "jac": lambda w: -2 * (ga @ w - gab),
            },
        ],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    w = np.clip(res.x, 0.0, None)
    if not res.success or w.sum() <= 0:
        return w0
    w = w / w.sum()
    ok = float(np.sum((an @ w - bn) ** 2)) <= l0 + 2 * tol and fun(w)[0] <= fun(w0)[0]
    return w if ok else w0


def _predictor_matrix(
    df: pd.DataFrame,
    wide: pd.DataFrame,
    unit: str,
    time: str,
    pre_times: pd.Index,
    predictors: Sequence[str | tuple[Any, ...]],
) -> pd.DataFrame:
    """Predictors x units: a column name (its pre-period mean) or ``(column, times[, "mean"|"median"])``."""
    rows = {}
    for p in predictors:
        if isinstance(p, str):
            col, times, op = p, list(pre_times), "mean"
        else:
            col, times, op = (
                p[0],
                list(p[1]) if not np.isscalar(p[1]) else [p[1]],
                (p[2] if len(p) > 2 else "mean"),
            )
        if col not in df.columns:
            raise TrendsDataError(f"predictor column {col!r} is not in the data")
        if op not in ("mean", "median"):
            raise ValueError(f"predictor operation must be 'mean' or 'median', got {op!r}")
        sub = df[df[time].isin(times)]
        vals = pd.to_numeric(sub[col], errors="coerce").groupby(sub[unit]).agg(op).reindex(wide.index)
        if vals.isna().any():
            raise TrendsDataError(
                f"predictor {p!r} is missing for unit(s) {vals[vals.isna()].index.tolist()[:5]} in periods {times[:3]}..."
            )
        name = (
            col
            if isinstance(p, str)
            else f"{col}[{times[0]}..{times[-1]}]"
            if len(times) > 1
            else f"{col}[{times[0]}]"
        )
        rows[name] = vals
    x = pd.DataFrame(rows).T
    sd = x.std(axis=1, ddof=1)
    if (sd <= 0).any():
        raise TrendsDataError(f"predictor(s) {sd[sd <= 0].index.tolist()} do not vary across units")
    return x


@dataclass(frozen=True)
class _SCFit:
    weights: np.ndarray
    v: np.ndarray
    synthetic: np.ndarray  # over all periods
    gap: np.ndarray
    pre_rmspe: float
    post_rmspe: float


def _sc_one(
    y1: np.ndarray,
    y0: np.ndarray,
    pre: np.ndarray,
    x1: np.ndarray | None,
    x0: np.ndarray | None,
    v_mode: str,
    v_custom: np.ndarray | None,
) -> _SCFit:
    """Fit one synthetic control: ``y1`` (T,) treated path, ``y0`` (T, J) donor paths."""
    z1, z0 = y1[pre], y0[pre]
    if x1 is None:
        # Outcome-path matching: the predictor loss is the pre-period MSPE itself (V = identity).
        w, v = _simplex_ls(z0, z1), np.ones(len(z1))
    else:
        sd = np.c_[x1, x0].std(axis=1, ddof=1)
        x1m, x0m = x1 / sd, x0 / sd[:, None]
        v = v_custom if v_custom is not None else np.ones(len(x1)) / len(x1)
        w, v = _fit_weights(x1m, x0m, v, z1, z0, v_mode)
    synth = y0 @ w
    gap = y1 - synth
    return _SCFit(
        weights=w,
        v=v,
        synthetic=synth,
        gap=gap,
        pre_rmspe=float(np.sqrt(np.mean(gap[pre] ** 2))),
        post_rmspe=float(np.sqrt(np.mean(gap[~pre] ** 2))),
    )


@dataclass(frozen=True)
class SyntheticControlResult(Result):
    """The synthetic control estimate for one treated unit, with placebo-in-space inference.

    Attributes
    ----------
    table : pandas.DataFrame
        One row, the average post-period gap (treated minus synthetic): ``term, estimate, std_error,
        conf_low, conf_high, p_value``. ``p_value`` is the placebo-in-space rank p-value of the post/pre RMSPE
        ratio (ADH 2015); ``std_error`` is the standard deviation of the donors' placebo average gaps, and the
        bounds ``estimate -+ z * std_error`` are an approximation (Arkhangelsky et al. 2021, Algorithm 4).
        Without placebos these three are NaN, by request.
    effects : pandas.DataFrame
        One row per period: ``time, observed, synthetic, gap, post``.
    weights : pandas.Series
        Donor weights (non-negative, summing to one), largest first.
    balance : pandas.DataFrame
        Predictor balance: ``treated``, ``synthetic``, ``donor_mean`` and ``v`` (predictor weight).
    placebos : pandas.DataFrame
        One row per unit (treated first): ``unit, treated, pre_rmspe, post_rmspe, ratio, att``.
    placebo_gaps : pandas.DataFrame
        Gap paths, periods x units (the treated unit's and every placebo's).
    pre_rmspe, post_rmspe, rmspe_ratio, p_value : float
        Fit diagnostics and the placebo p-value of the treated unit.
    spec : dict
        Inputs that produced the result; ``spec["fit_problem"]`` says why the gap is not a credible effect
        (the treated unit lies outside the donors' convex hull), or is None.
    citation : str
    """

    table: pd.DataFrame
    effects: pd.DataFrame
    weights: pd.Series
    balance: pd.DataFrame
    placebos: pd.DataFrame
    placebo_gaps: pd.DataFrame
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float
    p_value: float
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = ADH_CITATION

    @property
    def att(self) -> float:
        """The average post-period gap (treated minus synthetic)."""
        return float(self.table["estimate"].iloc[0])

    def _draw(
        self,
        ax: Any = None,
        *,
        lang: str = "en",
        kind: Literal["paths", "gaps", "placebos"] = "paths",
        names: Mapping[Hashable, str] | None = None,
    ) -> Any:
        """Observed vs synthetic paths, the gap, or the gap against the placebo gaps; returns the ``Figure``.

        ``names`` maps unit ids to the names the legend shows (a district's name rather than its id).
        """
        from trends.charts.theme import OKABE_ITO
        from trends.impact._common import figure_axes, number_ticks

        if kind not in ("paths", "gaps", "placebos"):
            raise ValueError(f"kind must be 'paths', 'gaps' or 'placebos', got {kind!r}")
        fig, ax = figure_axes(ax, (8, 4.5))
        e = self.effects
        start = self.spec["treatment_start"]
        treated = self.spec["treated_unit"]
        shown = dict(names or {}).get(treated, treated)
        if kind == "paths":
            observed = t("plot.observed_unit", lang, unit=shown)
            ax.plot(e["time"], e["observed"], color=OKABE_ITO["black"], lw=1.6, label=observed)
            synthetic = t("plot.synthetic_control", lang)
            ax.plot(e["time"], e["synthetic"], color=OKABE_ITO["blue"], lw=1.6, ls="--", label=synthetic)
            ax.set_ylabel(self.spec["yname"])
            ax.legend(frameon=False)
        else:
            if kind == "placebos":
                for u in self.placebo_gaps.columns:
                    if u != treated:
                        ax.plot(self.placebo_gaps.index, self.placebo_gaps[u], color="0.75", lw=0.7)
            ax.plot(e["time"], e["gap"], color=OKABE_ITO["vermillion"], lw=1.8, label=f"{shown}")
            ax.axhline(0, color="0.4", lw=0.8)
            ax.set_ylabel(t("plot.gap", lang, outcome=self.spec["yname"]))
        ax.axvline(start, color="0.5", lw=0.8, ls=":")
        if pd.api.types.is_datetime64_any_dtype(
            e["time"]
        ):  # dates read as years (not "2012-07" on annual data)
            from matplotlib.dates import DateFormatter, YearLocator

            span = int(e["time"].dt.year.max() - e["time"].dt.year.min()) + 1
            ax.xaxis.set_major_locator(YearLocator(base=max(1, -(-span // 10))))
            ax.xaxis.set_major_formatter(DateFormatter("%Y"))
        ax.set_xlabel(self.spec["tname"])
        number_ticks(ax.yaxis, lang)  # the outcome's units (paths) or its difference (gaps)
        return fig

    def __repr__(self) -> str:
        return (
            f"SyntheticControlResult({self.spec['treated_unit']}: ATT {self.att:.4g}, pre-RMSPE "
            f"{self.pre_rmspe:.4g}, post/pre ratio {self.rmspe_ratio:.3g}, placebo p = {self.p_value:.3g})"
        )


@single_blas_thread
@legacy_arguments(renamed={"df": "data", "unit": "idname", "time": "tname", "outcome": "yname"})
def synthetic_control(
    data: pd.DataFrame,
    *,
    idname: str,
    tname: str,
    yname: str,
    treated_unit: Hashable,
    treatment_start: Any,
    donors: Sequence[Hashable] | None = None,
    end: Any = None,
    predictors: Sequence[str | tuple[Any, ...]] | None = None,
    v: Literal["optimize", "equal"] | Sequence[float] = "optimize",
    placebo: bool = True,
    alpha: float = 0.05,
    fit_tolerance: float = 0.1,
    n_jobs: int = 1,
) -> SyntheticControlResult:
    """Synthetic control for one treated unit (Abadie, Diamond & Hainmueller 2010, 2015).

    Weights ``W`` (non-negative, summing to one) minimise ``(X1 - X0 W)' V (X1 - X0 W)``. Without
    ``predictors``, ``X`` is the pre-period outcome path and ``V`` the identity, so ``W`` minimises the
    pre-period MSPE directly (Abadie 2021, sec. 3.2; the ``sc`` estimator of Arkhangelsky et al. 2021). With
    ``predictors``, each is standardised by its standard deviation across units (as R ``Synth`` does) and ``V``
    is equal weights, a given vector, or (``"optimize"``) chosen to minimise the pre-period outcome MSPE
    (nested Nelder-Mead from equal and regression-based starts, as ``Synth``).

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period, balanced, no missing outcome.
    idname, tname, yname : str
        Unit, period and outcome columns.
    treated_unit : hashable
        The treated unit's id.
    treatment_start : scalar
        First treated period (same type as ``tname``); periods before it are the pre-period.
    donors : sequence, optional
        Donor pool (default: every other unit). Exclude units treated before ``end`` yourself.
    end : scalar, optional
        Last period used (default: the last in the data); use it to stop before donors are treated.
    predictors : sequence, optional
        Column names (averaged over the pre-period) or ``(column, periods[, "mean" | "median"])`` tuples,
        like ``Synth``'s ``special.predictors``.
    v : {"optimize", "equal"} or sequence of float
        Predictor weights (used only with ``predictors``).
    placebo : bool, default True
        Run placebos in space (each donor as treated, the other donors as its pool).
    alpha : float, default 0.05
        For the approximate bounds.
    fit_tolerance : float, default 0.1
        Warn that the treated unit lies outside the donors' convex hull when its pre-period mean is above or
        below every donor's, or when the pre-period RMSPE exceeds both this share of the treated unit's mean
        absolute pre-period outcome and twice its period-to-period noise (s.d. of first differences over
        sqrt 2), so that noisy small counts alone do not trigger it.
    n_jobs : int, default 1
        Parallel placebo fits (joblib).

    Returns
    -------
    SyntheticControlResult

    Raises
    ------
    TrendsDataError
        Missing columns, NaN or non-finite outcomes, duplicated or missing unit-periods, an all-zero treated
        series, fewer than two donors or fewer than two pre-periods.

    Warns
    -----
    ImpactWarning
        A pre-period shorter than one season (12 months for monthly data), donors dropped for an all-zero
        series, and a treated unit outside the donors' convex hull (synthetic control cannot fit it).
    """
    wide = _wide_panel(data, idname, tname, yname)
    if treated_unit not in wide.index:
        raise TrendsDataError(f"treated unit {treated_unit!r} is not in column {idname!r}")
    if end is not None:
        wide = wide.loc[:, wide.columns <= end]
    times = wide.columns
    pre = np.asarray(times < treatment_start)
    n_pre, n_post = int(pre.sum()), int((~pre).sum())
    if n_pre < 2:
        raise TrendsDataError(
            f"synthetic control needs at least two pre-treatment periods before {treatment_start!r}; found {n_pre}"
        )
    if n_post < 1:
        raise TrendsDataError(
            f"no period on or after treatment_start={treatment_start!r} (up to end={end!r})"
        )
    season = _season_length(pd.DatetimeIndex(times) if pd.api.types.is_datetime64_any_dtype(times) else times)
    if n_pre < season:
        warn(
            f"only {n_pre} pre-treatment periods, shorter than one season ({season}); the weights may "
            "match seasonal noise rather than the treated unit's level and trend"
        )
    donor_ids = [u for u in (wide.index if donors is None else donors) if u != treated_unit]
    unknown = [u for u in donor_ids if u not in wide.index]
    if unknown:
        raise TrendsDataError(f"donor(s) {unknown[:5]} are not in column {idname!r}")
    y1 = wide.loc[treated_unit].to_numpy()
    if np.all(y1[pre] == 0):
        raise TrendsDataError(
            f"the outcome of treated unit {treated_unit!r} is zero in every pre-treatment period; nothing to fit"
        )
    zero = [u for u in donor_ids if np.all(wide.loc[u].to_numpy() == 0)]
    if zero:
        warn(f"dropped {len(zero)} donor(s) whose outcome is zero in every period: {zero[:5]}")
        donor_ids = [u for u in donor_ids if u not in zero]
    if len(donor_ids) < 2:
        raise TrendsDataError(
            f"the donor pool has {len(donor_ids)} unit(s); synthetic control needs at least two (with one "
            "donor the 'synthetic' unit is just that donor: use a difference-in-differences comparison)"
        )
    y0 = wide.loc[donor_ids].to_numpy().T
    x1 = x0 = None
    xmat = None
    v_custom = None
    v_mode = "equal"
    if predictors is not None:
        xmat = _predictor_matrix(data, wide, idname, tname, times[pre], predictors)
        x1, x0 = xmat[treated_unit].to_numpy(), xmat[donor_ids].to_numpy()
        if isinstance(v, str):
            if v not in ("optimize", "equal"):
                raise ValueError(f"v must be 'optimize', 'equal' or a sequence of weights, got {v!r}")
            v_mode = v
        else:
            v_custom = np.asarray(v, dtype=float)
            if v_custom.shape != (len(x1),) or (v_custom < 0).any() or v_custom.sum() <= 0:
                raise ValueError(f"v must hold {len(x1)} non-negative weights, not all zero")
            v_mode = "custom"
    fit = _sc_one(y1, y0, pre, x1, x0, v_mode, v_custom)

    scale = float(np.mean(np.abs(y1[pre])))
    # Period-to-period noise of the treated series (s.d. of first differences / sqrt 2): a noisy count series
    # cannot be fitted more closely than its noise, and that is no failure of the donor pool.
    noise_sd = float(np.std(np.diff(y1[pre]), ddof=1) / np.sqrt(2)) if n_pre > 2 else 0.0
    lo, hi = y0[pre].mean(axis=0).min(), y0[pre].mean(axis=0).max()
    level_out = not lo <= y1[pre].mean() <= hi
    fit_problem = None
    if level_out or (fit.pre_rmspe > fit_tolerance * scale and fit.pre_rmspe > 2 * noise_sd):
        where = (
            "above every donor"
            if y1[pre].mean() > hi
            else "below every donor"
            if y1[pre].mean() < lo
            else "inside the donors' range of levels but its path is not matched by any convex combination of theirs"
        )
        fit_problem = (
            f"synthetic control cannot fit '{treated_unit}': its pre-period RMSPE {fit.pre_rmspe:.3g} is "
            f"{fit.pre_rmspe / scale:.0%} of its mean pre-period outcome {scale:.3g} (tolerance "
            f"{fit_tolerance:.0%}; its period-to-period noise is about {noise_sd:.3g}) and its pre-period mean is "
            f"{where}. The treated unit lies outside the donors' convex hull, so the gap is not a credible "
            "effect; consider synthdid (which allows a level shift) or an interrupted time series"
        )
        warn(fit_problem)

    rows = [
        {
            "unit": treated_unit,
            "treated": True,
            "pre_rmspe": fit.pre_rmspe,
            "post_rmspe": fit.post_rmspe,
            "att": float(fit.gap[~pre].mean()),
        }
    ]
    gaps = {treated_unit: fit.gap}
    if placebo:

        def one(j: int) -> _SCFit:
            others = [k for k in range(len(donor_ids)) if k != j]
            return _sc_one(
                y0[:, j],
                y0[:, others],
                pre,
                None if x0 is None else x0[:, j],
                None if x0 is None else x0[:, others],
                v_mode,
                v_custom,
            )

        if n_jobs == 1:
            fits = [one(j) for j in range(len(donor_ids))]
        else:
            from joblib import Parallel, delayed

            fits = Parallel(n_jobs=n_jobs)(delayed(one)(j) for j in range(len(donor_ids)))
        for u, f in zip(donor_ids, fits, strict=True):
            rows.append(
                {
                    "unit": u,
                    "treated": False,
                    "pre_rmspe": f.pre_rmspe,
                    "post_rmspe": f.post_rmspe,
                    "att": float(f.gap[~pre].mean()),
                }
            )
            gaps[u] = f.gap
    plac = pd.DataFrame(rows)
    tiny = np.finfo(float).tiny
    plac["ratio"] = plac["post_rmspe"] / np.maximum(plac["pre_rmspe"], tiny)
    plac = plac[["unit", "treated", "pre_rmspe", "post_rmspe", "ratio", "att"]]
    ratio = float(plac["ratio"].iloc[0])
    att = float(fit.gap[~pre].mean())
    if placebo:
        p_value = float((plac["ratio"] >= ratio - 1e-12 * ratio).sum() / len(plac))
        se = float(np.std(plac["att"].iloc[1:], ddof=0))
        z = stats.norm.ppf(1 - alpha / 2)
        lo_ci, hi_ci = att - z * se, att + z * se
    else:
        p_value = se = lo_ci = hi_ci = float("nan")
    table = pd.DataFrame(
        [
            {
                "term": "att (mean post-period gap)",
                "estimate": att,
                "std_error": se,
                "conf_low": lo_ci,
                "conf_high": hi_ci,
                "p_value": p_value,
            }
        ]
    )
    effects = pd.DataFrame(
        {"time": times, "observed": y1, "synthetic": fit.synthetic, "gap": fit.gap, "post": ~pre}
    )
    weights = pd.Series(fit.weights, index=pd.Index(donor_ids, name=idname), name="weight")
    weights = weights.sort_values(ascending=False, kind="stable")
    if xmat is not None and x0 is not None:  # predictors given: x0 and x1 were built from them
        balance = pd.DataFrame(
            {
                "treated": x1,
                "synthetic": x0 @ fit.weights,
                "donor_mean": x0.mean(axis=1),
                "v": fit.v / fit.v.sum(),
            },
            index=xmat.index,
        )
    else:
        balance = pd.DataFrame(
            {
                "treated": y1[pre],
                "synthetic": fit.synthetic[pre],
                "donor_mean": y0[pre].mean(axis=1),
                "v": np.full(n_pre, 1.0 / n_pre),
            },
            index=pd.Index([f"{yname}[{t}]" for t in times[pre]], name="predictor"),
        )
    spec = {
        "idname": idname,
        "tname": tname,
        "yname": yname,
        "treated_unit": treated_unit,
        "treatment_start": treatment_start,
        "donors": list(donor_ids),
        "end": end,
        "predictors": None if predictors is None else list(predictors),
        "v": v if isinstance(v, str) else list(v),
        "placebo": placebo,
        "alpha": alpha,
        "n_pre": n_pre,
        "n_post": n_post,
        "fit_problem": fit_problem,  # why the gap is not a credible effect, or None
    }
    return SyntheticControlResult(
        table=table,
        effects=effects,
        weights=weights,
        balance=balance,
        placebos=plac,
        placebo_gaps=pd.DataFrame(gaps, index=pd.Index(times, name=tname)),
        pre_rmspe=fit.pre_rmspe,
        post_rmspe=fit.post_rmspe,
        rmspe_ratio=ratio,
        p_value=p_value,
        spec=spec,
    )
