"""Synthetic control and synthetic difference-in-differences for one or a few treated districts.

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

:func:`synthdid`
    Synthetic difference-in-differences, Arkhangelsky, Athey, Hirshberg, Imbens & Wager (2021, AER 111(12):
    4088-4118): unit weights (regularised, with an intercept) and time weights, solved by the Frank-Wolfe
    algorithm of the reference R package ``synthdid`` (same regularisation ``zeta = (N_tr T_post)^(1/4) sigma``,
    same stopping rule and sparsification), with the paper's placebo standard error (Algorithm 4). Staggered
    adoption is handled cohort by cohort against never-treated units and averaged with weights proportional to
    treated unit-periods (Arkhangelsky et al. 2021, appendix; Clarke, Pailañir, Athey & Imbens 2023, Stata
    ``sdid``). ``method="sc"`` and ``method="did"`` give the synthetic control and difference-in-differences
    estimators of the same framework (the paper's Table 1 columns).

Validated on California's Proposition 99 (``tests/test_synth.py``): the SDID estimate -15.6 packs per capita
(published -15.6, placebo s.e. 8.4), SC -19.6 and DID -27.3, and synthetic-control weights against the peers
``synthdid`` and ``pysyncon`` (reference numbers in ``tests/results/synth_reference.json``).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

from trends.charts.theme import OKABE_ITO
from trends.impact._common import ImpactWarning, single_blas_thread
from trends.schema import TrendsDataError

__all__ = [
    "SyntheticControlResult",
    "SyntheticDiDResult",
    "synthdid",
    "synthetic_control",
]


ADH_CITATION = (
    "Abadie, A., Diamond, A. & Hainmueller, J. (2010). Synthetic control methods for comparative case studies: "
    "estimating the effect of California's tobacco control program. JASA 105(490), 493-505; and (2015) "
    "Comparative politics and the synthetic control method. AJPS 59(2), 495-510."
)
SDID_CITATION = (
    "Arkhangelsky, D., Athey, S., Hirshberg, D. A., Imbens, G. W. & Wager, S. (2021). Synthetic "
    "difference-in-differences. American Economic Review 111(12), 4088-4118."
)


def _warn(message: str) -> None:
    warnings.warn(message, ImpactWarning, stacklevel=4)  # _warn -> estimator -> BLAS wrapper -> caller


# ---------------------------------------------------------------------------------------------------------
# Input checks shared by both estimators
# ---------------------------------------------------------------------------------------------------------


def _wide_panel(df: pd.DataFrame, unit: str, time: str, outcome: str) -> pd.DataFrame:
    """Units x periods matrix of ``outcome`` from a long frame; clear errors for NaN, duplicates and gaps."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in (unit, time, outcome) if c not in df.columns]
    if missing:
        raise TrendsDataError(
            f"data has no column(s) {', '.join(map(repr, missing))}; columns present: {', '.join(map(str, df.columns))}"
        )
    if df[time].isna().any() or df[unit].isna().any():
        raise TrendsDataError(f"columns {unit!r} and {time!r} must not be missing (found NaN)")
    y = pd.to_numeric(df[outcome], errors="coerce")
    bad = y.isna() | ~np.isfinite(y.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        rows = df.loc[bad, [unit, time]].head(5).to_dict("records")
        raise TrendsDataError(
            f"outcome {outcome!r} is missing or not finite in {int(bad.sum())} row(s), e.g. {rows}; "
            "synthetic control needs a complete series for every unit (fill or drop the unit first)"
        )
    dup = df.duplicated([unit, time])
    if dup.any():
        rows = df.loc[dup, [unit, time]].head(5).to_dict("records")
        raise TrendsDataError(
            f"{int(dup.sum())} duplicated ({unit}, {time}) row(s), e.g. {rows}; aggregate first (one row per "
            "unit and period)"
        )
    wide = pd.DataFrame({"u": df[unit].to_numpy(), "t": df[time].to_numpy(), "y": y.to_numpy(dtype=float)})
    wide = wide.pivot(index="u", columns="t", values="y").sort_index(axis=1)
    if wide.isna().any().any():
        gaps = wide.isna().stack()
        gaps = gaps[gaps].index.tolist()[:5]
        raise TrendsDataError(
            f"the panel is unbalanced: {int(wide.isna().sum().sum())} missing unit-period cell(s), e.g. "
            f"{gaps}; build a balanced panel first (trends.panel) or drop incomplete units"
        )
    wide.index.name, wide.columns.name = unit, time
    return wide


def _season_length(times: pd.Index) -> int:
    """12 for monthly, 4 for quarterly, 52 for weekly datetime periods; 1 otherwise (no season known)."""
    if not isinstance(times, pd.DatetimeIndex) or len(times) < 3:
        return 1
    step = float(np.median(np.diff(times.to_numpy()).astype("timedelta64[D]").astype(float)))
    if 27 <= step <= 32:
        return 12
    if 88 <= step <= 93:
        return 4
    if 6 <= step <= 8:
        return 52
    return 1


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
class SyntheticControlResult:
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
        Inputs that produced the result.
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

    def plot(self, ax: Any = None, *, kind: Literal["paths", "gaps", "placebos"] = "paths") -> Any:
        """Observed vs synthetic paths, the gap, or the gap against the placebo gaps; returns the ``Figure``."""
        from trends.impact._common import figure_axes

        if kind not in ("paths", "gaps", "placebos"):
            raise ValueError(f"kind must be 'paths', 'gaps' or 'placebos', got {kind!r}")
        fig, ax = figure_axes(ax, (8, 4.5))
        e = self.effects
        start = self.spec["treatment_start"]
        treated = self.spec["treated_unit"]
        if kind == "paths":
            ax.plot(e["time"], e["observed"], color=OKABE_ITO["black"], lw=1.6, label=f"{treated} (observed)")
            ax.plot(
                e["time"], e["synthetic"], color=OKABE_ITO["blue"], lw=1.6, ls="--", label="synthetic control"
            )
            ax.set_ylabel(self.spec["outcome"])
            ax.legend(frameon=False)
        else:
            if kind == "placebos":
                for u in self.placebo_gaps.columns:
                    if u != treated:
                        ax.plot(self.placebo_gaps.index, self.placebo_gaps[u], color="0.75", lw=0.7)
            ax.plot(e["time"], e["gap"], color=OKABE_ITO["vermillion"], lw=1.8, label=f"{treated}")
            ax.axhline(0, color="0.4", lw=0.8)
            ax.set_ylabel(f"gap in {self.spec['outcome']} (observed - synthetic)")
        ax.axvline(start, color="0.5", lw=0.8, ls=":")
        ax.set_xlabel(self.spec["time"])
        return fig

    def __repr__(self) -> str:
        return (
            f"SyntheticControlResult({self.spec['treated_unit']}: ATT {self.att:.4g}, pre-RMSPE "
            f"{self.pre_rmspe:.4g}, post/pre ratio {self.rmspe_ratio:.3g}, placebo p = {self.p_value:.3g})"
        )


@single_blas_thread
def synthetic_control(
    df: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
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
    df : pandas.DataFrame
        Long panel, one row per unit and period, balanced, no missing outcome.
    unit, time, outcome : str
        Column names.
    treated_unit : hashable
        The treated unit's id.
    treatment_start : scalar
        First treated period (same type as ``time``); periods before it are the pre-period.
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
    wide = _wide_panel(df, unit, time, outcome)
    if treated_unit not in wide.index:
        raise TrendsDataError(f"treated unit {treated_unit!r} is not in column {unit!r}")
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
        _warn(
            f"only {n_pre} pre-treatment periods, shorter than one season ({season}); the weights may "
            "match seasonal noise rather than the treated unit's level and trend"
        )
    donor_ids = [u for u in (wide.index if donors is None else donors) if u != treated_unit]
    unknown = [u for u in donor_ids if u not in wide.index]
    if unknown:
        raise TrendsDataError(f"donor(s) {unknown[:5]} are not in column {unit!r}")
    y1 = wide.loc[treated_unit].to_numpy()
    if np.all(y1[pre] == 0):
        raise TrendsDataError(
            f"the outcome of treated unit {treated_unit!r} is zero in every pre-treatment period; nothing to fit"
        )
    zero = [u for u in donor_ids if np.all(wide.loc[u].to_numpy() == 0)]
    if zero:
        _warn(f"dropped {len(zero)} donor(s) whose outcome is zero in every period: {zero[:5]}")
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
        xmat = _predictor_matrix(df, wide, unit, time, times[pre], predictors)
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
    if level_out or (fit.pre_rmspe > fit_tolerance * scale and fit.pre_rmspe > 2 * noise_sd):
        where = (
            "above every donor"
            if y1[pre].mean() > hi
            else "below every donor"
            if y1[pre].mean() < lo
            else "inside the donors' range of levels but its path is not matched by any convex combination of theirs"
        )
        _warn(
            f"synthetic control cannot fit '{treated_unit}': its pre-period RMSPE {fit.pre_rmspe:.3g} is "
            f"{fit.pre_rmspe / scale:.0%} of its mean pre-period outcome {scale:.3g} (tolerance "
            f"{fit_tolerance:.0%}; its period-to-period noise is about {noise_sd:.3g}) and its pre-period mean is "
            f"{where}. The treated unit lies outside the donors' convex hull, so the gap is not a credible "
            "effect; consider synthdid (which allows a level shift) or an interrupted time series"
        )

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
    weights = pd.Series(fit.weights, index=pd.Index(donor_ids, name=unit), name="weight")
    weights = weights.sort_values(ascending=False, kind="stable")
    if xmat is not None:
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
            index=pd.Index([f"{outcome}[{t}]" for t in times[pre]], name="predictor"),
        )
    spec = {
        "unit": unit,
        "time": time,
        "outcome": outcome,
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
    }
    return SyntheticControlResult(
        table=table,
        effects=effects,
        weights=weights,
        balance=balance,
        placebos=plac,
        placebo_gaps=pd.DataFrame(gaps, index=pd.Index(times, name=time)),
        pre_rmspe=fit.pre_rmspe,
        post_rmspe=fit.post_rmspe,
        rmspe_ratio=ratio,
        p_value=p_value,
        spec=spec,
    )


# ---------------------------------------------------------------------------------------------------------
# Synthetic difference-in-differences (Arkhangelsky et al. 2021), Frank-Wolfe as in R synthdid
# ---------------------------------------------------------------------------------------------------------


def _fw_batch(
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    eta: np.ndarray,
    zeta2: np.ndarray,
    min_dec: np.ndarray,
    max_iter: int,
    intercept: bool,
) -> np.ndarray:
    """Frank-Wolfe for ``min zeta^2 |x|^2 + |a x - b|^2 / n`` on the simplex, for a batch of problems.

    ``a`` (B, n, k), ``b`` (B, n), ``x`` (B, k) starting weights; ``eta = n * zeta^2``. Follows R synthdid's
    ``sc.weight.fw``: stop when the objective decreases by no more than ``min_dec^2`` (after two steps) or
    after ``max_iter`` steps. The Gram matrix is precomputed, so each step costs O(B k).
    """
    if intercept:
        a = a - a.mean(axis=1, keepdims=True)
        b = b - b.mean(axis=1, keepdims=True)
    nb, n, _ = a.shape
    g = np.einsum("bnk,bnj->bkj", a, a)
    ab = np.einsum("bnk,bn->bk", a, b)
    bb = np.einsum("bn,bn->b", b, b)
    diag = np.einsum("bkk->bk", g)
    out = x.astype(float).copy()
    # Work on the still-active problems only; write each back when it stops.
    idx = np.arange(nb)
    xa = out.copy()
    gx = np.einsum("bkj,bj->bk", g, xa)
    eta, zeta2, md2 = eta.copy(), zeta2.copy(), min_dec**2
    prev = np.full(nb, np.inf)
    for t in range(max_iter):
        r = np.arange(len(idx))
        half = gx - ab + eta[:, None] * xa
        i = np.argmin(half, axis=1)
        hx = (half * xa).sum(axis=1)
        xgx = (xa * gx).sum(axis=1)
        xx = (xa * xa).sum(axis=1)
        num = hx - half[r, i]
        den = (diag[r, i] - 2 * gx[r, i] + xgx) + eta * (xx - 2 * xa[r, i] + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            step = np.clip(np.where(den > 0, num / den, 0.0), 0.0, 1.0)
        keep = 1 - step
        xa *= keep[:, None]
        xa[r, i] += step
        gx *= keep[:, None]
        gx += step[:, None] * g[r, :, i]
        val = zeta2 * (xa * xa).sum(axis=1) + ((xa * gx).sum(axis=1) - 2 * (xa * ab).sum(axis=1) + bb) / n
        if t >= 1:
            done = ~(prev - val > md2)
            if done.any():
                out[idx[done]] = xa[done]
                live = ~done
                idx, xa, gx, val = idx[live], xa[live], gx[live], val[live]
                g, ab, bb, diag = g[live], ab[live], bb[live], diag[live]
                eta, zeta2, md2 = eta[live], zeta2[live], md2[live]
                if not len(idx):
                    break
        prev = val
    if len(idx):
        out[idx] = xa
    return out


def _sparsify(x: np.ndarray) -> np.ndarray:
    """R synthdid's ``sparsify_function``: zero weights at most a quarter of the largest, renormalise."""
    x = np.where(x <= x.max(axis=1, keepdims=True) / 4, 0.0, x)
    return x / x.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class _SDIDOpts:
    method: str
    zeta_omega: np.ndarray  # (B,) or (1,): broadcast over the batch
    zeta_lambda: np.ndarray
    min_decrease: np.ndarray
    max_iter: int = 10_000
    max_iter_pre_sparsify: int = 100


def _sdid_opts_batch(y: np.ndarray, n0: int, t0: int, method: str) -> _SDIDOpts:
    """Default regularisation of R synthdid for a batch ``y`` (B, N, T): ``noise.level`` is the standard
    deviation of the controls' first differences before adoption; ``zeta_omega = (N1 T1)^(1/4) noise``."""
    nb, n, tt = y.shape
    n1, t1 = n - n0, tt - t0
    d = np.diff(y[:, :n0, :t0], axis=2).reshape(nb, -1)
    noise = d.std(axis=1, ddof=1) if d.shape[1] > 1 else np.zeros(nb)
    eta_omega = (n1 * t1) ** 0.25 if method == "sdid" else 1e-6
    return _SDIDOpts(method, eta_omega * noise, 1e-6 * noise, 1e-5 * noise)


def _sdid_opts(y: np.ndarray, n0: int, t0: int, method: str) -> _SDIDOpts:
    """:func:`_sdid_opts_batch` for one panel ``y`` (N, T)."""
    return _sdid_opts_batch(y[None], n0, t0, method)


def _sdid_batch(
    y: np.ndarray,
    n0: int,
    t0: int,
    opts: _SDIDOpts,
    omega0: np.ndarray | None = None,
    lambda0: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SDID / SC / DID estimates for a batch ``y`` (B, N, T) sharing ``n0``, ``t0`` and options.

    Returns ``(tau (B,), omega (B, n0), lambda (B, t0))``.
    """
    nb, n, tt = y.shape
    n1, t1 = n - n0, tt - t0
    # Collapsed form: controls x pre-periods, plus the post-period mean column and the treated-mean row.
    yc = np.empty((nb, n0 + 1, t0 + 1))
    yc[:, :n0, :t0] = y[:, :n0, :t0]
    yc[:, :n0, t0] = y[:, :n0, t0:].mean(axis=2)
    yc[:, n0, :t0] = y[:, n0:, :t0].mean(axis=1)
    yc[:, n0, t0] = y[:, n0:, t0:].mean(axis=(1, 2))
    ones = np.ones(nb)
    if omega0 is None:
        omega0 = np.full((nb, n0), 1.0 / n0)
    if lambda0 is None:
        lambda0 = np.full((nb, t0), 1.0 / t0)
    if opts.method == "did":
        lam, om = lambda0, omega0
    else:
        if opts.method == "sc":
            lam = np.zeros((nb, t0))
        else:
            a, b = yc[:, :n0, :t0], yc[:, :n0, t0]
            z2, md = opts.zeta_lambda**2 * ones, opts.min_decrease * ones
            lam = _fw_batch(a, b, lambda0, n0 * z2, z2, md, opts.max_iter_pre_sparsify, True)
            lam = _fw_batch(a, b, _sparsify(lam), n0 * z2, z2, md, opts.max_iter, True)
        a, b = np.transpose(yc[:, :n0, :t0], (0, 2, 1)), yc[:, n0, :t0]
        z2, md = opts.zeta_omega**2 * ones, opts.min_decrease * ones
        intercept = opts.method == "sdid"
        om = _fw_batch(a, b, omega0, t0 * z2, z2, md, opts.max_iter_pre_sparsify, intercept)
        om = _fw_batch(a, b, _sparsify(om), t0 * z2, z2, md, opts.max_iter, intercept)
    left = np.concatenate([-om, np.full((nb, n1), 1.0 / n1)], axis=1)
    right = np.concatenate([-lam, np.full((nb, t1), 1.0 / t1)], axis=1)
    tau = np.einsum("bn,bnt,bt->b", left, y, right)
    return tau, om, lam


@dataclass(frozen=True)
class SyntheticDiDResult:
    """Synthetic difference-in-differences (or its SC / DID special cases) with placebo inference.

    Attributes
    ----------
    table : pandas.DataFrame
        One row: ``term, estimate, std_error, conf_low, conf_high, p_value`` (normal reference with the
        placebo standard error of Arkhangelsky et al. 2021, Algorithm 4).
    cohorts : pandas.DataFrame
        One row per adoption cohort: ``cohort, n_treated, n_pre, n_post, weight, estimate``.
    unit_weights : pandas.DataFrame
        ``cohort, unit, weight`` (omega) for control units with positive weight.
    time_weights : pandas.DataFrame
        ``cohort, time, weight`` (lambda) for pre-periods with positive weight.
    paths : pandas.DataFrame
        For the largest cohort: ``time, treated`` (treated mean) and ``synthetic`` (omega-weighted controls,
        shifted by the weighted pre-period difference), the picture of the paper's Figure 1.
    placebo_estimates : numpy.ndarray
        The placebo estimates behind ``std_error``.
    spec : dict
    citation : str
    """

    table: pd.DataFrame
    cohorts: pd.DataFrame
    unit_weights: pd.DataFrame
    time_weights: pd.DataFrame
    paths: pd.DataFrame
    placebo_estimates: np.ndarray
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = SDID_CITATION

    @property
    def att(self) -> float:
        """The average effect on the treated."""
        return float(self.table["estimate"].iloc[0])

    @property
    def se(self) -> float:
        """The placebo standard error."""
        return float(self.table["std_error"].iloc[0])

    def plot(self, ax: Any = None) -> Any:
        """Treated mean and its synthetic comparison (largest cohort), time weights shaded; returns the ``Figure``."""
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (8, 4.5))
        p = self.paths
        ax.plot(p["time"], p["treated"], color=OKABE_ITO["black"], lw=1.6, label="treated (mean)")
        ax.plot(
            p["time"],
            p["synthetic"],
            color=OKABE_ITO["blue"],
            lw=1.6,
            ls="--",
            label="synthetic control (shifted)",
        )
        ax.axvline(self.spec["plot_cohort"], color="0.5", lw=0.8, ls=":")
        tw = self.time_weights[self.time_weights["cohort"] == self.spec["plot_cohort"]]
        if len(tw):
            lo = ax.get_ylim()[0]
            ax.bar(
                tw["time"],
                (tw["weight"] / tw["weight"].max()) * 0.1 * np.ptp(ax.get_ylim()),
                bottom=lo,
                color=OKABE_ITO["orange"],
                alpha=0.6,
                label="time weights",
                width=0.8 if not pd.api.types.is_datetime64_any_dtype(tw["time"]) else 20,
            )
        ax.set_xlabel(self.spec["time"])
        ax.set_ylabel(self.spec["outcome"])
        ax.legend(frameon=False)
        return fig

    def __repr__(self) -> str:
        return f"SyntheticDiDResult({self.spec['method']}: ATT {self.att:.4g} (placebo s.e. {self.se:.3g}))"


@single_blas_thread
def synthdid(
    df: pd.DataFrame,
    *,
    unit: str,
    time: str,
    outcome: str,
    treatment: str,
    method: Literal["sdid", "sc", "did"] = "sdid",
    se: Literal["placebo", "none"] = "placebo",
    replications: int = 200,
    alpha: float = 0.05,
    seed: int | None = 0,
) -> SyntheticDiDResult:
    """Synthetic difference-in-differences (Arkhangelsky, Athey, Hirshberg, Imbens & Wager 2021).

    The estimate is ``tau = (Ybar_tr,post - sum_t lambda_t Y_tr,t) - sum_i omega_i (Ybar_i,post - sum_t
    lambda_t Y_i,t)``: unit weights ``omega`` make the controls' pre-period path parallel to the treated mean
    (with an intercept and a ridge penalty ``zeta^2 |omega|^2``, ``zeta = (N_tr T_post)^(1/4) sigma``, sigma the
    standard deviation of the controls' first differences before adoption); time weights ``lambda`` make the
    pre-period resemble the post-period for the controls. Both are solved as in R ``synthdid`` (Frank-Wolfe,
    stop when the objective falls by less than ``(1e-5 sigma)^2``, sparsify after 100 steps).
    ``method="sc"`` (no time weights, no intercept, negligible penalty) and ``method="did"`` (uniform weights)
    give the paper's comparison estimators.

    Staggered adoption: each cohort (units first treated in the same period) is estimated against the
    never-treated units over the whole panel, and the cohort estimates are averaged with weights proportional
    to their treated unit-periods.

    Standard error: the placebo method (Algorithm 4): ``replications`` times, draw as many control units as
    there are treated units, give them the treated units' adoption periods, drop the treated units, and
    re-estimate; the standard error is ``sqrt((B-1)/B)`` times the standard deviation of these estimates. It
    requires more control units than treated units and assumes homoskedasticity across units.

    Parameters
    ----------
    df : pandas.DataFrame
        Balanced long panel.
    unit, time, outcome : str
        Column names.
    treatment : str
        0/1 column: 1 from a unit's adoption on (absorbing).
    method : {"sdid", "sc", "did"}
    se : {"placebo", "none"}
    replications : int, default 200
    alpha : float, default 0.05
    seed : int, optional
        Seed of the placebo draws.

    Returns
    -------
    SyntheticDiDResult
    """
    if method not in ("sdid", "sc", "did"):
        raise ValueError(f"method must be 'sdid', 'sc' or 'did', got {method!r}")
    if se not in ("placebo", "none"):
        raise ValueError(f"se must be 'placebo' or 'none', got {se!r}")
    wide = _wide_panel(df, unit, time, outcome)
    if treatment not in df.columns:
        raise TrendsDataError(f"data has no treatment column {treatment!r}")
    d = _wide_panel(df, unit, time, treatment).reindex(index=wide.index, columns=wide.columns)
    dv = d.to_numpy()
    if not np.isin(dv, (0, 1)).all():
        raise TrendsDataError(f"treatment column {treatment!r} must be 0/1")
    if (np.diff(dv, axis=1) < 0).any():
        bad = wide.index[(np.diff(dv, axis=1) < 0).any(axis=1)].tolist()[:5]
        raise TrendsDataError(f"treatment switches off for unit(s) {bad}; synthdid needs absorbing treatment")
    times = wide.columns
    ever = dv.any(axis=1)
    first = np.where(ever, dv.argmax(axis=1), -1)
    controls = np.flatnonzero(~ever)
    if len(controls) < 2:
        raise TrendsDataError(f"synthdid needs at least two never-treated units; found {len(controls)}")
    always = ever & (first == 0)
    if always.any():
        _warn(
            f"dropped {int(always.sum())} unit(s) treated in every period (no pre-period): "
            f"{wide.index[always].tolist()[:5]}"
        )
    cohort_pos = sorted(set(first[ever & ~always].tolist()))
    if not cohort_pos:
        raise TrendsDataError("no treated unit with at least one pre-treatment period")
    y = wide.to_numpy()
    if np.all(y == 0):
        raise TrendsDataError(f"outcome {outcome!r} is zero for every unit and period; nothing to estimate")
    season = _season_length(pd.DatetimeIndex(times) if pd.api.types.is_datetime64_any_dtype(times) else times)
    short = [times[g] for g in cohort_pos if g < season]
    if short:
        _warn(f"cohort(s) {short[:5]} have fewer pre-periods than one season ({season})")
    one_pre = [times[g] for g in cohort_pos if g < 2]
    if one_pre and method != "did":
        raise TrendsDataError(f"cohort(s) {one_pre} have a single pre-period; synthdid needs at least two")

    def estimate(yy: np.ndarray, ctrl: np.ndarray, firsts: dict[int, np.ndarray], opts_list=None, inits=None):
        taus, out = [], []
        for j, g in enumerate(cohort_pos):
            tr = firsts[g]
            block = yy[np.r_[ctrl, tr]][None]
            opts = opts_list[j] if opts_list is not None else _sdid_opts(block[0], len(ctrl), g, method)
            om0, la0 = (None, None) if inits is None else inits[j]
            tau, om, la = _sdid_batch(block, len(ctrl), g, opts, om0, la0)
            taus.append(float(tau[0]))
            out.append((opts, om[0], la[0]))
        return np.array(taus), out

    firsts = {g: np.flatnonzero(first == g) for g in cohort_pos}
    taus, fitted = estimate(y, controls, firsts)
    n_post = np.array([len(times) - g for g in cohort_pos])
    n_tr = np.array([len(firsts[g]) for g in cohort_pos])
    wts = n_tr * n_post / (n_tr * n_post).sum()
    att = float(wts @ taus)
    if not np.isfinite(att):  # pragma: no cover - defensive: the inputs were checked above
        raise TrendsDataError("synthdid produced a non-finite estimate; check the outcome for extreme values")

    placebo_est = np.zeros(0)
    n_treated = int(n_tr.sum())
    if se == "placebo":
        if len(controls) <= n_treated:
            raise TrendsDataError(
                f"the placebo standard error needs more control units ({len(controls)}) than treated units "
                f"({n_treated}); use se='none'"
            )
        rng = np.random.default_rng(seed)
        n0p = len(controls) - n_treated
        if len(cohort_pos) == 1:
            # Block design: exactly R synthdid's placebo_se (same regularisation, warm-started weights), batched.
            g = cohort_pos[0]
            opts, om, la = fitted[0]
            perms = np.array([rng.permutation(len(controls)) for _ in range(replications)])
            yb = y[controls][perms]
            om0 = om[perms[:, :n0p]]
            om0 = np.where(om0.sum(axis=1, keepdims=True) > 0, om0, 1.0)
            om0 = om0 / om0.sum(axis=1, keepdims=True)
            la0 = np.repeat(la[None], replications, axis=0)
            placebo_est, _, _ = _sdid_batch(yb, n0p, g, opts, om0, la0)
        else:
            # Staggered: each draw gives the treated units' adoption periods to random controls (Clarke et al.
            # 2023); the draws are re-estimated cohort by cohort, batched over draws.
            pattern = np.concatenate([np.full(len(firsts[g]), g) for g in cohort_pos])
            perms = np.array([rng.permutation(controls) for _ in range(replications)])
            tau_b = np.zeros((replications, len(cohort_pos)))
            for j, g in enumerate(cohort_pos):
                rows_b = np.concatenate([perms[:, :n0p], perms[:, n0p:][:, pattern == g]], axis=1)
                yb = y[rows_b]
                opts = _sdid_opts_batch(yb, n0p, g, method)
                tau_b[:, j], _, _ = _sdid_batch(yb, n0p, g, opts)
            placebo_est = tau_b @ wts
        b = len(placebo_est)
        se_val = float(np.sqrt((b - 1) / b) * np.std(placebo_est, ddof=1))
        z = stats.norm.ppf(1 - alpha / 2)
        p = float(2 * stats.norm.sf(abs(att) / se_val)) if se_val > 0 else float("nan")
        row = {
            "estimate": att,
            "std_error": se_val,
            "conf_low": att - z * se_val,
            "conf_high": att + z * se_val,
            "p_value": p,
        }
    else:
        row = {
            "estimate": att,
            "std_error": float("nan"),
            "conf_low": float("nan"),
            "conf_high": float("nan"),
            "p_value": float("nan"),
        }
    table = pd.DataFrame([{"term": f"att ({method})", **row}])
    cohorts = pd.DataFrame(
        {
            "cohort": [times[g] for g in cohort_pos],
            "n_treated": n_tr,
            "n_pre": cohort_pos,
            "n_post": n_post,
            "weight": wts,
            "estimate": taus,
        }
    )
    uw, tw = [], []
    for g, (_, om, la) in zip(cohort_pos, fitted, strict=True):
        for u, w in zip(wide.index[controls], om, strict=True):
            if w > 0:
                uw.append({"cohort": times[g], "unit": u, "weight": float(w)})
        for t, w in zip(times[:g], la, strict=True):
            if w > 0:
                tw.append({"cohort": times[g], "time": t, "weight": float(w)})
    jbig = int(np.argmax(n_tr))
    g = cohort_pos[jbig]
    _, om, la = fitted[jbig]
    tr_mean = y[firsts[g]].mean(axis=0)
    sc_path = om @ y[controls]
    shift = (
        (tr_mean[:g] - sc_path[:g]) @ la
        if method == "sdid"
        else ((tr_mean[:g] - sc_path[:g]).mean() if method == "did" else 0.0)
    )
    paths = pd.DataFrame({"time": times, "treated": tr_mean, "synthetic": sc_path + shift})
    spec = {
        "unit": unit,
        "time": time,
        "outcome": outcome,
        "treatment": treatment,
        "method": method,
        "se": se,
        "replications": replications,
        "alpha": alpha,
        "seed": seed,
        "plot_cohort": times[g],
        "n_controls": len(controls),
        "n_treated": n_treated,
    }
    return SyntheticDiDResult(
        table=table,
        cohorts=cohorts,
        unit_weights=pd.DataFrame(uw, columns=["cohort", "unit", "weight"]),
        time_weights=pd.DataFrame(tw, columns=["cohort", "time", "weight"]),
        paths=paths,
        placebo_estimates=placebo_est,
        spec=spec,
    )
