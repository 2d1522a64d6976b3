"""Conformal prediction intervals calibrated from rolling-origin backtest errors.

Split-conformal on absolute errors (Vovk et al. 2005; Lei et al. 2018), one calibration set per series and
forecast horizon. The calibration scores of series ``i`` at horizon ``j`` are the absolute errors
``|y - yhat|`` of its backtest windows and of its extra calibration origins (origins before and between the
backtest windows - by default the nearest 10 years for annual series, the nearest 6 origins (two backtest
steps apart) for seasonal ones - forecast only by the method whose interval is wanted and never used to choose a method;
:func:`trends.forecast._engine.calibration_cuts`). Each score is divided by the *local scale* of the training
data of its own origin: the mean absolute one-step change over the last :func:`scale_span` changes (5 for
annual, 24 for monthly data; the mean absolute value if that is zero; 1 for an all-zero series), so that errors
made when a series was at another level or in a calmer or more volatile period count in proportion
(normalised conformal scores, Papadopoulos et al. 2002; Lei et al. 2018). A history with fewer changes than
that has its scale shrunk toward the change the panel's other series show at its level
(:func:`origin_scales`): a scale from one or two changes is so noisy that the scaled scores' upper tail made
short series' intervals far too wide. The recent scale is then blended geometrically with the whole
history's, with a weight chosen by interval score (``recent_weight`` of :func:`origin_scales`): a scale that
follows recent volatility too closely makes calm series' intervals too narrow and volatile ones' too wide. The
half-width is the conformal quantile of the scaled scores times the local scale of the forecast's own
training data. For a central interval at level ``L`` (e.g. 0.95), with ``n`` scores and
``k = ceil((n + 1) L)`` (the finite-sample split-conformal rank):

1. **Per series** when the series has at least ``MIN_OWN = 19`` scores (and ``k <= n``): the k-th smallest
   scaled score. With fewer, a per-series quantile is too coarse: its coverage is ``k / (n + 1)``, e.g.
   7/8 = 87.5 % for a nominal 80 % with 7 scores.
2. **Pooled across the panel** otherwise (the usual case): the k-th smallest of the scaled scores of every
   series of the panel at that horizon.
Half-widths are made monotone in the level (a 95 % interval is never narrower than the 80 % one).

3. **Too few scores even pooled**: the largest scaled score is used and a warning says the intervals may be
   too narrow.

Why the extra origins and the local scale (benchmarks/RESULTS.md, "Forecasting (issue 3)"): annual crime
series share each year's shock, so errors from the same origin are correlated across series and a calibration
from the three or so backtest origins rests on three draws of the year shock; and crime series calm down or
become more volatile over decades, which a whole-history scale does not follow.

The interval is ``yhat -/+ q``. For count series (non-negative integers) the lower bound is clipped at 0 and
both bounds become integers: ``ceil(lo)`` and ``floor(hi)`` when ``rounding="exact"`` (the integers inside the
calibrated interval - exactly the outcomes the conformal guarantee covers, so coverage is unchanged), or
``floor(lo)`` and ``ceil(hi)`` when ``rounding="outward"`` (never narrower, over-covers on small counts).
Before that, a count interval is widened where needed to the central Poisson interval around the forecast at
the same level (:func:`poisson_floor`): counts of independent events vary at least that much, and a scale
learnt from a quiet history can be far smaller (a series of zeros with one 5 at its end had the 95 % interval
[1, 1] at a forecast of 1; now [0, 3]). On the 11 benchmark panels it moves two scores in the third decimal
(benchmarks/RESULTS.md). Low counts get negative-binomial intervals instead (:mod:`trends.forecast.counts`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
from scipy import stats

from trends.schema import user_stacklevel

__all__ = [
    "SCALE_WEIGHTS",
    "CalibrationWarning",
    "count_bounds",
    "origin_scales",
    "quantiles",
    "scale_span",
    "series_scale",
]


class CalibrationWarning(UserWarning):
    """Too few backtest errors to calibrate an interval level: the intervals may be too narrow."""


MIN_OWN = 19  # fewest scores for a per-series quantile: its discreteness then over-covers by < 1/20


def scale_span(season_length: int) -> int:
    """Number of recent one-step changes in the local scale: ``max(5, 2 m)`` (5 years, 8 quarters, 24 months)."""
    return max(5, 2 * int(season_length))


def series_scale(y: np.ndarray, span: int | None = None) -> float:
    """Scale used to pool errors across series: mean |y_t - y_{t-1}|, else mean |y|, else 1.

    With ``span``, the mean is over the last ``span`` changes only (when the series is longer), so the scale
    follows the series' recent volatility; otherwise, or if those changes are all zero, over the whole series.
    """
    y = np.asarray(y, dtype=float)
    if span is not None and len(y) > span + 1:
        s = float(np.mean(np.abs(np.diff(y[-(span + 1) :]))))
        if s > 0:
            return s
    if len(y) >= 2:
        s = float(np.mean(np.abs(np.diff(y))))
        if s > 0:
            return s
    s = float(np.mean(np.abs(y))) if len(y) else 0.0
    return s if s > 0 else 1.0


MIN_PRIOR_SERIES = 10  # fewest series with a usable history to fit the panel's scale-on-level prior


SCALE_WEIGHTS = (1.0, 0.5, 0.0)
"""Weights of the recent scale against the whole history's tried by :func:`trends.forecast.backtest.assemble`."""


def origin_scales(
    ys: Sequence[np.ndarray], cuts: np.ndarray, span: int, recent_weight: float = 1.0
) -> np.ndarray:
    """Local scale of the training data ``y[:c]`` of every origin, completed from the panel when it is short.

    The scale of a training history with at least ``span`` one-step changes is :func:`series_scale`. A shorter
    history has only ``n < span`` changes, and a mean of one or two absolute changes is so noisy that errors
    divided by it have a heavy upper tail: on Berlin-shaped panels (8 years, h = 3) the 80 % / 95 % intervals
    covered 89 % / 99 % on average (``benchmarks/validate_forecast_short.py``). Such a scale is therefore
    shrunk toward the change expected at the series' level, learnt from the panel's other series at the same
    origin (empirical Bayes): ``log mean|change| = a + b log mean|y|`` fitted by least squares over the series
    with a non-zero history, back-transformed with Duan's smearing factor so that it estimates the mean
    change, not its geometric mean. The prior counts as ``span`` changes: the scale is
    ``(n * own + span * prior) / (n + span)``. (Filling only the ``span - n`` missing changes left the
    forecast's own, longer history noisier than its calibration scores' and the intervals about 3 points
    too narrow on those panels.)

    Origins are matched across series by their distance from the series' end (the same calendar period when
    the series end together) and use only the data before them, so a backtest window never sees later data.
    With fewer than ``MIN_PRIOR_SERIES`` usable series the own scale is kept.

    ``recent_weight`` (``w``) tempers how fast the scale follows recent volatility: the result is
    ``recent ** w * whole ** (1 - w)``, a geometric blend of the scale above and the mean absolute change over
    the whole training history (:func:`series_scale` without a span). ``w = 1`` is the recent scale alone. On
    crime panels the recent scale over-reacted: from the calmest to the most volatile fifth of series x
    origins it rose 3.2x while the errors rose 1.33x (issue 15), so calm series were under-covered and
    volatile ones over-covered - right on average, but a poor interval score. The backtest picks ``w`` from
    :data:`SCALE_WEIGHTS` by interval score, per window on earlier windows only
    (:func:`trends.forecast.backtest.assemble`).

    Parameters
    ----------
    ys : sequence of ndarray
        The series.
    cuts : ndarray of int, shape (n_series, n_origins)
        Training lengths (origins); entries below 0 are treated as 0 (an empty history).
    span : int
        Number of recent changes in a full scale (:func:`scale_span`).

    Returns
    -------
    ndarray, shape (n_series, n_origins)
    """
    cuts = np.asarray(cuts, dtype=int).reshape(len(ys), -1)
    S, K = cuts.shape
    out = np.empty((S, K))
    n_chg = np.zeros((S, K), dtype=int)
    mad = np.zeros((S, K))
    level = np.zeros((S, K))
    dist = np.zeros((S, K), dtype=int)
    for i, y in enumerate(ys):
        y = np.asarray(y, dtype=float)
        for k in range(K):
            c = max(int(cuts[i, k]), 0)
            out[i, k] = series_scale(y[:c], span)
            tail = y[max(c - span - 1, 0) : c]
            n_chg[i, k] = max(len(tail) - 1, 0)
            mad[i, k] = np.mean(np.abs(np.diff(tail))) if len(tail) > 1 else 0.0
            level[i, k] = np.mean(np.abs(tail)) if len(tail) else 0.0
            dist[i, k] = len(y) - c
    short = (n_chg < span) & (level > 0)
    for d in np.unique(dist[short]):
        fit = (dist == d) & (mad > 0) & (level > 0)
        if fit.sum() < MIN_PRIOR_SERIES:
            continue
        x = np.column_stack([np.ones(fit.sum()), np.log(level[fit])])
        coef, *_ = np.linalg.lstsq(x, np.log(mad[fit]), rcond=None)
        smear = float(np.mean(np.exp(np.log(mad[fit]) - x @ coef)))
        use = short & (dist == d)
        prior = smear * np.exp(coef[0] + coef[1] * np.log(level[use]))
        n = n_chg[use]
        out[use] = (n * out[use] + span * prior) / (n + span)
    if recent_weight < 1.0:
        whole = np.array(
            [
                [series_scale(np.asarray(y, float)[: max(int(c), 0)]) for c in row]
                for y, row in zip(ys, cuts, strict=True)
            ]
        )
        out = out**recent_weight * whole ** (1.0 - recent_weight)
    return out


def _conformal_k(n: int, level: float) -> int:
    return math.ceil((n + 1) * level - 1e-12)


def quantiles(
    scores: np.ndarray,
    scale: np.ndarray,
    levels: Sequence[float],
    score_scale: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Conformal half-widths.

    Parameters
    ----------
    scores : ndarray, shape (n_series, n_windows, h)
        Absolute errors (backtest windows and extra calibration origins); NaN where there is none.
    scale : ndarray, shape (n_series,)
        Scale of the series whose interval is wanted (:func:`origin_scales` of its training data): the
        scaled quantile is multiplied by it.
    levels : sequence of float
        Levels in percent, e.g. ``(80, 95)``.
    score_scale : ndarray, shape (n_series, n_windows), optional
        Scale of the training data of each score's origin; scores are divided by it before ranking (so an
        error made when the series was at a different level counts in proportion). Default: ``scale``.

    Returns
    -------
    q : ndarray, shape (n_series, n_levels, h)
        Half-widths; NaN when there is no score at all for that horizon.
    pooled : ndarray of bool, shape (n_series, n_levels, h)
        True where the pooled rule was used.
    short : bool
        True when the pool itself was too small for a level (the largest score was used).
    """
    S, _, h = scores.shape
    L = len(levels)
    q = np.full((S, L, h), np.nan)
    pooled = np.zeros((S, L, h), dtype=bool)
    short = False
    sc = scale[:, None] if score_scale is None else score_scale
    z = scores / sc[:, :, None]
    for j in range(h):
        col = z[:, :, j]
        n_i = np.sum(np.isfinite(col), axis=1)
        sorted_i = scale[:, None] * np.sort(np.where(np.isfinite(col), col, np.inf), axis=1)
        pool = np.sort(z[:, :, j][np.isfinite(z[:, :, j])])
        for li, lev in enumerate(levels):
            a = lev / 100.0
            for i in range(S):
                k = _conformal_k(int(n_i[i]), a)
                if n_i[i] >= MIN_OWN and k <= n_i[i]:
                    q[i, li, j] = sorted_i[i, k - 1]
                    continue
                pooled[i, li, j] = True
                n = len(pool)
                if n == 0:
                    continue
                k = _conformal_k(n, a)
                if k > n:
                    short = True
                    k = n
                q[i, li, j] = scale[i] * pool[k - 1]
    # Mixing per-series and pooled quantiles must not un-nest the levels: a wider level is never narrower.
    order = np.argsort(levels)
    q[:, order, :] = np.fmax.accumulate(q[:, order, :], axis=1)
    return q, pooled, short


def poisson_floor(
    lo: np.ndarray, hi: np.ndarray, mean: np.ndarray, levels: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Count intervals at least as wide as the central Poisson interval around the forecast ``mean``.

    ``lo``/``hi`` have the levels (in percent, e.g. ``(80, 95)``) on axis 1 (``(series, level, ...)``);
    ``mean`` broadcasts against them.
    The Poisson is the least dispersed of the usual models of counts of events, so an interval narrower than its
    own would claim more certainty than independent events allow.
    """
    shape = (1, len(levels)) + (1,) * (lo.ndim - 2)
    level = np.asarray(levels, dtype=float).reshape(shape) / 100
    m = np.maximum(np.nan_to_num(np.broadcast_to(mean, lo.shape), nan=0.0), 0.0)
    low, high = stats.poisson.ppf((1 - level) / 2, m), stats.poisson.ppf((1 + level) / 2, m)
    ok = np.isfinite(lo) & np.isfinite(np.broadcast_to(mean, lo.shape))
    return np.where(ok, np.fmin(lo, low), lo), np.where(ok, np.fmax(hi, high), hi)


def count_bounds(lo: np.ndarray, hi: np.ndarray, mean: np.ndarray, rounding: str = "exact") -> tuple:
    """Integer bounds for count series, never below zero (see the module docstring for ``rounding``)."""
    lo = np.maximum(lo, 0.0)
    hi = np.maximum(hi, lo)
    if rounding == "outward":
        return np.floor(lo + 1e-9) + 0.0, np.ceil(hi - 1e-9) + 0.0
    if rounding != "exact":
        raise ValueError(f"rounding must be 'exact' or 'outward', got {rounding!r}")
    lo_i = np.ceil(lo - 1e-9)
    hi_i = np.floor(hi + 1e-9)
    empty = lo_i > hi_i  # no integer inside a very narrow interval: the integer nearest the forecast
    nearest = np.floor(np.maximum(mean, 0.0) + 0.5)
    lo_i = np.where(empty, nearest, lo_i)
    hi_i = np.where(empty, nearest, hi_i)
    return lo_i + 0.0, hi_i + 0.0


def warn_short(short: bool) -> None:
    if short:
        warnings.warn(
            "too few backtest errors to calibrate the widest interval level even when pooled across series; "
            "the largest error was used and the intervals may be too narrow (use more windows or series)",
            CalibrationWarning,
            stacklevel=user_stacklevel(),
        )
