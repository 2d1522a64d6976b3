"""Conformal prediction intervals calibrated from rolling-origin backtest errors.

Split-conformal on absolute errors (Vovk et al. 2005; Lei et al. 2018), one calibration set per series and
forecast horizon. The calibration scores of series ``i`` at horizon ``j`` are the absolute errors
``|y - yhat|`` of its backtest windows. For a central interval at level ``L`` (e.g. 0.95):

1. **Per series.** With ``n`` scores, ``k = ceil((n + 1) L)``. If ``k <= n`` the half-width is the k-th
   smallest score (the finite-sample split-conformal quantile). This needs ``n >= L / (1 - L)`` windows:
   4 for 80 %, 19 for 95 %.
2. **Pooled across the panel** when a series has too few windows (the usual case): scores are divided by the
   series' scale (the in-sample mean absolute one-step change, as in MASE with m = 1; the mean absolute
   value if that is zero; 1 for an all-zero series), pooled over every series of the panel at that horizon,
   the split-conformal quantile is taken from the pool, and multiplied back by the series' scale.
Half-widths are made monotone in the level (a 95 % interval is never narrower than the 80 % one, which can
otherwise happen when one level is per series and the other pooled).

3. **Too few scores even pooled**: the largest scaled score is used and a warning says the intervals may be
   too narrow.

The interval is ``yhat -/+ q``. For count series (non-negative integers) the lower bound is clipped at 0 and
both bounds become integers: ``ceil(lo)`` and ``floor(hi)`` when ``rounding="exact"`` (the integers inside the
calibrated interval - exactly the outcomes the conformal guarantee covers, so coverage is unchanged), or
``floor(lo)`` and ``ceil(hi)`` when ``rounding="outward"`` (never narrower, over-covers on small counts).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np

__all__ = ["count_bounds", "quantiles", "series_scale"]


def series_scale(y: np.ndarray) -> float:
    """Scale used to pool errors across series: mean |y_t - y_{t-1}|, else mean |y|, else 1."""
    y = np.asarray(y, dtype=float)
    if len(y) >= 2:
        s = float(np.mean(np.abs(np.diff(y))))
        if s > 0:
            return s
    s = float(np.mean(np.abs(y))) if len(y) else 0.0
    return s if s > 0 else 1.0


def _conformal_k(n: int, level: float) -> int:
    return math.ceil((n + 1) * level - 1e-12)


def quantiles(
    scores: np.ndarray, scale: np.ndarray, levels: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Conformal half-widths.

    Parameters
    ----------
    scores : ndarray, shape (n_series, n_windows, h)
        Absolute backtest errors; NaN where a window has no forecast.
    scale : ndarray, shape (n_series,)
        Per-series scale for pooling (:func:`series_scale`).
    levels : sequence of float
        Levels in percent, e.g. ``(80, 95)``.

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
    z = scores / scale[:, None, None]
    for j in range(h):
        col = scores[:, :, j]
        n_i = np.sum(np.isfinite(col), axis=1)
        sorted_i = np.sort(np.where(np.isfinite(col), col, np.inf), axis=1)
        pool = np.sort(z[:, :, j][np.isfinite(z[:, :, j])])
        for li, lev in enumerate(levels):
            a = lev / 100.0
            for i in range(S):
                k = _conformal_k(int(n_i[i]), a)
                if n_i[i] > 0 and k <= n_i[i]:
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


def warn_short(short: bool, stacklevel: int = 3) -> None:
    if short:
        warnings.warn(
            "too few backtest errors to calibrate the widest interval level even when pooled across series; "
            "the largest error was used and the intervals may be too narrow (use more windows or series)",
            UserWarning,
            stacklevel=stacklevel,
        )
