"""Negative-binomial predictive intervals for count series, calibrated on the backtest origins.

The conformal intervals of :mod:`trends.forecast.conformal` are symmetric around the forecast and clipped at
zero. Counts of rare events are right-skewed: a borough that averages 0.3 murders a month has months with 3,
which fall above a symmetric interval and cost ``2 / alpha`` times the miss in the interval score. Here the
predictive distribution of a count is a negative binomial around the point forecast ``mu``
(``Var = mu + a mu^2``; ``a = 0`` is Poisson), and the intervals are its quantiles, so they are integers, never
negative, and as skewed as the data:

1. **Dispersion** ``a``, by the method of moments on the backtest errors of the method used,
   ``a = sum((y - mu)^2 - mu) / sum(mu^2)`` (clipped to ``[0, MAX_DISPERSION]``): per horizon pooled over the
   panel's count series, and per series over its horizons, the series' estimate shrunk toward the panel's by
   its precision (empirical Bayes, :func:`dispersion`).
2. **Calibration** in probability space: each calibration outcome ``y`` gets the smallest central level whose
   negative-binomial interval contains it, ``s = max(1 - 2 F(y), 2 F(y - 1) - 1)`` (``F`` its predictive
   distribution function); the level used for a nominal ``L`` is the split-conformal quantile of these scores
   pooled over the panel's count series at that horizon (rank ``ceil((n + 1) L)``), so the intervals cover
   ``L`` of the backtest outcomes whatever the dispersion estimate missed (Vovk et al. 2005; in the spirit of
   conformalised quantile regression, Romano, Patterson & Candès 2019).

Which count series get them (:func:`select`, ``count_intervals="auto"`` of :func:`trends.forecast.backtest`
and :func:`trends.forecast.forecast`): the *low counts*, series whose forecast is low enough that zero lies
inside their own negative-binomial interval at the widest level, decided per series at each origin from the
forecast made there and the errors observed by then (so each backtest window gets the intervals its origin
would have chosen); the other count series keep the conformal intervals. The model above is still fitted and
calibrated on all the panel's count series. A pool of low counts alone puts most of its level scores at
exactly 0 (an outcome of 0 is inside every interval of a count with ``P(0) >= 1/2``) and pulls the calibrated
levels down (on London's monthly murders, all low counts, nominal 80 % intervals are used at levels of
0.17-0.34), so the larger low counts are under-covered: on the held-out panel of
tests/forecast/test_forecast.py, 69 % of the outcomes of series forecast at 2-3.7 fell inside their 80 %
intervals with the low counts pooled alone, 79.5 % with every count series pooled.
Why a rule and not the backtest's evidence, which chose per method before (measured in benchmarks/RESULTS.md,
"Count intervals by count regime"): a window could use only windows fully observed before its origin, so on
monthly panels most scored windows had none and kept the conformal intervals, while on long annual panels
the negative binomial won the early windows and lost the later ones (its dispersion is constant in time; the
conformal scale follows recent volatility); and it was applied to a sparse panel's large series too. Pooled
over the 8 benchmark panels, the negative binomial lowered the mean interval score of series averaging up to
about 2 counts per period (15.9 against 32.3 below 0.5) and not of larger ones.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "MAX_DISPERSION",
    "MIN_MEAN",
    "calibrated_levels",
    "dispersion",
    "held_out_dispersion",
    "nb_bounds",
    "select",
    "zero_probability",
]

MIN_MEAN = 0.05
"""Floor of the mean of the predictive distribution: a forecast of 0 would put all its mass on 0."""

MAX_DISPERSION = 20.0
"""Cap of the negative-binomial dispersion ``a`` (a variance of ``mu + 20 mu^2``)."""

MIN_POOL = 10
"""Fewest low-count series for negative-binomial intervals, unless they are all the panel's count series (as
many as the conformal scale's prior needs, :data:`trends.forecast.conformal.MIN_PRIOR_SERIES`)."""

MAX_LEVEL = 0.999
"""Cap of a calibrated level (its quantiles stay finite)."""


def _mom(y: np.ndarray, mu: np.ndarray, axis) -> tuple[np.ndarray, np.ndarray]:
    """Method-of-moments dispersion along ``axis`` and the number of finite points it rests on."""
    ok = np.isfinite(y) & np.isfinite(mu)
    mu = np.where(ok, np.maximum(mu, MIN_MEAN), 0.0)
    dev = np.where(ok, (np.where(ok, y, 0.0) - mu) ** 2 - mu, 0.0)
    den = np.sum(mu**2, axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(den > 0, np.sum(dev, axis=axis) / den, 0.0)
    return np.clip(a, 0.0, MAX_DISPERSION), np.sum(ok, axis=axis)


def dispersion(actual: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Shrunk negative-binomial dispersion per series and horizon from calibration outcomes and forecasts.

    Each series' method-of-moments estimate over its horizons, ``a_i = sum(d) / sum(mu^2)`` with
    ``d = (y - mu)^2 - mu``, is shrunk toward the pooled estimate at each horizon ``a_j`` by its precision
    (empirical Bayes): ``w_i a_i + (1 - w_i) a_j`` with ``w_i = tau^2 / (tau^2 + v_i)``. ``v_i`` is the sampling
    variance of ``a_i`` under the pooled dispersion ``a`` (``Var d = (2 + 6 a) s^4 + s^2`` with
    ``s^2 = mu + a mu^2``, the negative binomial's fourth moment), ``tau^2`` the variance of the series' true
    dispersions, by DerSimonian & Laird's (1986) moment estimator. ``v_i`` grows like ``1 / mu^3`` as the
    mean falls: a series averaging 0.3 says almost nothing about its dispersion, so one outlying count no
    longer gives it the largest dispersion of the panel, while a large series' own estimate stands. (It
    replaced a shrinkage by the number of points, which gave sparse series with one outlier dispersions of up
    to ``MAX_DISPERSION``: benchmarks/RESULTS.md, "Count intervals by count regime".)

    Parameters
    ----------
    actual, mean : ndarray, shape (n_series, n_points, h)
        Outcomes and the forecasts made for them (NaN where there is none).

    Returns
    -------
    ndarray, shape (n_series, h)
    """
    pool, _ = _mom(actual, mean, axis=(0, 1))  # (h,)
    own, n = _mom(actual, mean, axis=(1, 2))  # (S,)
    ok = np.isfinite(actual) & np.isfinite(mean)
    mu = np.where(ok, np.maximum(mean, MIN_MEAN), 0.0)
    a = pool[None, None, :]
    s2 = mu + a * mu**2
    var_d = np.sum(np.where(ok, (2.0 + 6.0 * a) * s2**2 + s2, 0.0), axis=(1, 2))
    den = np.sum(mu**2, axis=(1, 2))
    has = (n > 0) & (den > 0) & (var_d > 0)
    w_i = np.where(has, den**2 / np.where(has, var_d, 1.0), 0.0)  # 1 / v_i
    tau2 = 0.0
    if has.sum() >= 2:
        ww = w_i[has]
        mean_w = float(np.sum(ww * own[has]) / np.sum(ww))
        q = float(np.sum(ww * (own[has] - mean_w) ** 2))
        c = float(np.sum(ww) - np.sum(ww**2) / np.sum(ww))
        tau2 = max((q - (has.sum() - 1)) / c, 0.0) if c > 0 else 0.0
    weight = np.where(has, tau2 * w_i / (tau2 * w_i + 1.0), 0.0)  # tau^2 / (tau^2 + v_i)
    return weight[:, None] * own[:, None] + (1.0 - weight[:, None]) * pool[None, :]


def _dist(mu: np.ndarray, a: np.ndarray):
    """Frozen negative binomial with mean ``mu`` and dispersion ``a`` (Poisson-like for tiny ``a``)."""
    from scipy import stats  # imported when first needed: scipy.stats takes seconds to import

    mu = np.maximum(mu, MIN_MEAN)
    a = np.maximum(a, 1e-6)  # a -> 0 is Poisson; 1e-6 is indistinguishable from it at crime counts
    size = 1.0 / a
    return stats.nbinom(size, size / (size + mu))


def level_scores(actual: np.ndarray, mean: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Smallest central level whose interval contains each outcome: ``max(1 - 2 F(y), 2 F(y - 1) - 1)``."""
    ok = np.isfinite(actual) & np.isfinite(mean)
    y = np.where(ok, np.round(actual), 0.0)
    d = _dist(np.where(ok, mean, 1.0), np.broadcast_to(a, y.shape))
    s = np.maximum(1.0 - 2.0 * d.cdf(y), 2.0 * d.cdf(y - 1.0) - 1.0)
    return np.where(ok, np.clip(s, 0.0, 1.0), np.nan)


def calibrated_levels(scores: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """Levels (fractions) to use for nominal ``levels`` (percent), per horizon, from pooled level scores.

    ``scores`` has shape (n_series, n_points, h); the result (n_levels, h) is the split-conformal quantile
    of each horizon's finite scores, nondecreasing in the level and at most ``MAX_LEVEL``; NaN without scores.
    A horizon whose scores are all 0 (every calibration outcome at the centre of its predictive distribution,
    e.g. a backtest over zeros) says nothing about the spread, so it keeps the nominal levels rather than
    shrinking every interval to a point.
    """
    h = scores.shape[-1]
    out = np.full((len(levels), h), np.nan)
    for j in range(h):
        s = np.sort(scores[..., j][np.isfinite(scores[..., j])])
        n = len(s)
        if n == 0:
            continue
        if s[-1] <= 0.0:
            out[:, j] = [lev / 100.0 for lev in levels]
            continue
        for li, lev in enumerate(levels):
            k = min(math.ceil((n + 1) * lev / 100.0 - 1e-12), n)
            out[li, j] = s[k - 1]
    out = np.fmax.accumulate(out, axis=0)
    return np.minimum(out, MAX_LEVEL)


def nb_bounds(mean: np.ndarray, a: np.ndarray, level: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer quantile bounds of the central ``level`` negative-binomial interval around ``mean``.

    ``mean`` and ``a`` have shape (n_series, h); ``level`` (n_levels, h) fractions. Returns ``lo, hi`` of shape
    (n_series, n_levels, h); NaN where the level or the mean is NaN.
    """
    mu = mean[:, None, :]
    lev = level[None, :, :]
    ok = np.isfinite(mu) & np.isfinite(lev)
    d = _dist(np.where(ok, mu, 1.0), np.broadcast_to(a[:, None, :], ok.shape))
    lev_ok = np.where(ok, lev, 0.5)
    lo = d.ppf((1.0 - lev_ok) / 2.0)
    hi = d.ppf((1.0 + lev_ok) / 2.0)
    return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)


def intervals(
    cal_actual: np.ndarray, cal_mean: np.ndarray, mean: np.ndarray, levels: tuple[float, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calibrated negative-binomial bounds (n_series, n_levels, h) for forecasts ``mean`` (n_series, h), and
    the median (n_series, h) of the same predictive distribution.

    ``cal_actual`` and ``cal_mean`` (n_series, n_points, h) are the calibration outcomes and forecasts of the
    same series (only the panel's count series should be passed). The calibration moves the central levels
    only, so the median is the negative binomial's own (its central interval of level 0).
    """
    a = dispersion(cal_actual, cal_mean)
    s = level_scores(cal_actual, cal_mean, held_out_dispersion(cal_actual, cal_mean))
    lo, hi = nb_bounds(mean, a, calibrated_levels(s, levels))
    median = nb_bounds(mean, a, np.zeros((1, mean.shape[-1])))[0][:, 0, :]
    return lo, hi, median


def held_out_dispersion(actual: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Dispersion (n_series, n_points, h) for each calibration point from the other origins (columns) only.

    The level scores must come from a model not fitted to the outcome they score (split conformal): with the
    dispersion estimated on all the points, an outlier inflates its own series' dispersion and so its own
    score shrinks and the calibrated levels come out too low: ``auto``'s 95 % intervals covered 93.7 % on
    average over 8 simulated sparse negative-binomial panels (seeds 0-7 of ``_sparse_panel`` in
    tests/forecast/test_counts.py, windows 3-7), 94.6 % with this. Leaving each origin out in turn (a
    jackknife over origins, as in cross-conformal prediction, Vovk 2015) removes that; a single origin keeps
    the estimate from all points.
    """
    P = actual.shape[1]
    full = dispersion(actual, mean)
    out = np.repeat(full[:, None, :], P, axis=1)
    if P < 2:
        return out
    for p in range(P):
        keep = np.arange(P) != p
        if (np.isfinite(actual[:, keep]) & np.isfinite(mean[:, keep])).any():
            out[:, p] = dispersion(actual[:, keep], mean[:, keep])
    return out


def zero_probability(mean: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``P(Y = 0)`` of the negative binomial with mean ``mean`` and dispersion ``a``: ``(1 + a m) ** (-1 / a)``
    (Poisson ``exp(-m)`` as ``a -> 0``)."""
    m = np.maximum(np.asarray(mean, dtype=float), 0.0)
    a = np.maximum(np.asarray(a, dtype=float), 1e-9)
    return np.exp(-np.log1p(a * m) / a)


def select(cal_actual: np.ndarray, cal_mean: np.ndarray, mean: np.ndarray, levels) -> np.ndarray:
    """Which count series get negative-binomial intervals: the low counts, if they are enough to calibrate on.

    A series is a *low count* when zero lies inside its own predictive interval at the widest level, i.e. the
    negative binomial around its forecast (the mean over the horizons, ``mean`` (n_series, h)) with its shrunk
    dispersion (:func:`dispersion`, from ``cal_actual`` / ``cal_mean`` (n_series, n_points, h)) gives zero at
    least the tail probability ``(1 - L) / 2``: 2.5 % at 95 %, so a mean of 3.69 or less for Poisson counts, more
    for over-dispersed ones. There the predictive distribution is cut off at zero and right-skewed, which the
    symmetric conformal interval cannot follow; above it, the errors of large counts are dominated by changes of
    level, whose size the conformal intervals take from each series' recent volatility. The low counts must be
    at least ``MIN_POOL`` series, or all the series passed, to inform the model: a lone low count in a panel of
    large ones can be a large series at a low (a Russian region's rapes, from 5-20 a year to 1-4 and back to
    11-21), whose errors its own conformal scale describes better.
    """
    a = dispersion(cal_actual, cal_mean).mean(axis=1)
    m = np.asarray(mean, dtype=float)
    ok = np.isfinite(m)
    avg = np.where(ok, np.maximum(m, 0.0), 0.0).sum(axis=-1) / np.maximum(ok.sum(axis=-1), 1)
    low = ok.any(axis=-1) & (zero_probability(avg, a) >= (1.0 - max(levels) / 100.0) / 2.0)
    n = int(low.sum())
    return low if n >= MIN_POOL or n == len(low) else np.zeros_like(low)


def kind(rows: np.ndarray, eligible: np.ndarray) -> str:
    """``"negbin"`` when every eligible series (a count series with a forecast) has negative-binomial intervals
    (``rows``), ``"conformal"`` when none does, else ``"mixed"``."""
    n = int(np.sum(rows & eligible))
    if n == 0:
        return "conformal"
    return "negbin" if n == int(np.sum(eligible)) else "mixed"
