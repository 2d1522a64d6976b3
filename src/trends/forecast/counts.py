"""Negative-binomial predictive intervals for count series, calibrated on the backtest origins.

The conformal intervals of :mod:`trends.forecast.conformal` are symmetric around the forecast and clipped at
zero. Counts of rare events are right-skewed: a borough that averages 0.3 murders a month has months with 3,
which fall above a symmetric interval and cost ``2 / alpha`` times the miss in the interval score. Here the
predictive distribution of a count is a negative binomial around the point forecast ``mu``
(``Var = mu + a mu^2``; ``a = 0`` is Poisson), and the intervals are its quantiles, so they are integers, never
negative, and as skewed as the data:

1. **Dispersion** ``a``, by the method of moments on the backtest errors of the method used,
   ``a = sum((y - mu)^2 - mu) / sum(mu^2)`` (clipped to ``[0, MAX_DISPERSION]``): per horizon pooled over the
   panel's count series, and per series over its horizons, the series' estimate shrunk toward the panel's with
   the weight of ``PRIOR_POINTS`` pseudo-observations (empirical Bayes, as the conformal scale's prior).
2. **Calibration** in probability space: each calibration outcome ``y`` gets the smallest central level whose
   negative-binomial interval contains it, ``s = max(1 - 2 F(y), 2 F(y - 1) - 1)`` (``F`` its predictive
   distribution function); the level used for a nominal ``L`` is the split-conformal quantile of these scores
   pooled over the panel's count series at that horizon (rank ``ceil((n + 1) L)``), so the intervals cover
   ``L`` of the backtest outcomes whatever the dispersion estimate missed (Vovk et al. 2005; in the spirit of
   conformalised quantile regression, Romano, Patterson & Candès 2019).

Which intervals a panel's count series get is decided per method by the backtest
(:func:`trends.forecast.backtest`, ``count_intervals="auto"``): the negative-binomial ones only where their
scaled weighted interval score over the backtest windows calibrated at every horizon is lower than the
conformal intervals' (``BacktestResult.count_intervals``).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["MAX_DISPERSION", "MIN_MEAN", "PRIOR_POINTS", "calibrated_levels", "dispersion", "nb_bounds"]

MIN_MEAN = 0.05
"""Floor of the mean of the predictive distribution: a forecast of 0 would put all its mass on 0."""

MAX_DISPERSION = 20.0
"""Cap of the negative-binomial dispersion ``a`` (a variance of ``mu + 20 mu^2``)."""

PRIOR_POINTS = 10.0
"""Pseudo-observations of the panel's dispersion in a series' shrunk estimate."""

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

    Parameters
    ----------
    actual, mean : ndarray, shape (n_series, n_points, h)
        Outcomes and the forecasts made for them (NaN where there is none).

    Returns
    -------
    ndarray, shape (n_series, h)
        ``(n_i a_i + PRIOR_POINTS a_j) / (n_i + PRIOR_POINTS)``: series ``i``'s estimate over its horizons
        shrunk toward the panel's at horizon ``j``.
    """
    pool, _ = _mom(actual, mean, axis=(0, 1))  # (h,)
    own, n = _mom(actual, mean, axis=(1, 2))  # (S,)
    return (n[:, None] * own[:, None] + PRIOR_POINTS * pool[None, :]) / (n[:, None] + PRIOR_POINTS)


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
    """
    h = scores.shape[-1]
    out = np.full((len(levels), h), np.nan)
    for j in range(h):
        s = np.sort(scores[..., j][np.isfinite(scores[..., j])])
        n = len(s)
        if n == 0:
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
) -> tuple[np.ndarray, np.ndarray]:
    """Calibrated negative-binomial bounds (n_series, n_levels, h) for forecasts ``mean`` (n_series, h).

    ``cal_actual`` and ``cal_mean`` (n_series, n_points, h) are the calibration outcomes and forecasts of the
    same series (only the panel's count series should be passed).
    """
    a = dispersion(cal_actual, cal_mean)
    s = level_scores(cal_actual, cal_mean, a[:, None, :])
    return nb_bounds(mean, a, calibrated_levels(s, levels))
