"""Forecast accuracy metrics for one forecast path (NumPy arrays).

Scaled errors follow Hyndman & Koehler (2006), "Another look at measures of forecast accuracy",
*International Journal of Forecasting* 22(4), 679-688: the errors are divided by the in-sample error of the
(seasonal) naive method, so a value below 1 beats the naive method's average one-step in-sample error.

- MASE  = mean(|e|) / mean(|y_t - y_{t-m}|)            (Hyndman & Koehler 2006, eq. for q_t)
- RMSSE = sqrt(mean(e^2) / mean((y_t - y_{t-m})^2))     (M5 competition, Makridakis et al. 2022)
- sMAPE = mean(200 |e| / (|y| + |yhat|)), with 0/0 counted as 0   (M4 definition, in percent)
- coverage = share of outcomes inside [lo, hi]
- interval score (Winkler 1972; Gneiting & Raftery 2007, eq. 43) for a central (1 - alpha) interval:
  (hi - lo) + 2/alpha (lo - y) 1{y < lo} + 2/alpha (y - hi) 1{y > hi}; lower is better.
- MSIS = mean interval score / mean(|y_t - y_{t-m}|)     (M4 competition, Makridakis et al. 2020, eq. 6): the
  interval score scaled like MASE, so it can be averaged across series.
- weighted interval score (Bracher, Ray, Gneiting & Reich 2021, "Evaluating epidemic forecasts in an interval
  format", *PLoS Comput Biol* 17(2): e1008618, eq. 2) over K central intervals and the median m:
  WIS = (0.5 |y - m| + sum_k (alpha_k / 2) IS_alpha_k) / (K + 0.5). It approximates the CRPS of the predictive
  distribution those quantiles describe (it is a proper score for them) and equals the absolute error when K = 0.
  ``BacktestResult.scores`` passes the predictive median (the ``median`` column: the negative binomial's for
  negative-binomial intervals, else the point forecast, the centre of the conformal interval). Scaled like MASE
  it is the SWIS.

``m`` is the seasonal period (1 for the non-seasonal scaling of Hyndman & Koehler). When the training series is
shorter than ``m + 1``, ``m = 1`` is used. A zero scale (constant training series) gives ``nan``; callers decide.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "coverage",
    "interval_score",
    "interval_scores",
    "mae",
    "mase",
    "msis",
    "rmse",
    "rmsse",
    "scale_mae",
    "scale_mse",
    "smape",
    "swis",
    "weighted_interval_score",
]


def _lag(y_train: np.ndarray, m: int) -> int:
    return m if len(y_train) > m else 1


def scale_mae(y_train: np.ndarray, m: int = 1) -> float:
    """In-sample mean absolute error of the (seasonal) naive method, the MASE denominator."""
    y = np.asarray(y_train, dtype=float)
    if len(y) < 2:
        return float("nan")
    k = _lag(y, m)
    return float(np.mean(np.abs(y[k:] - y[:-k])))


def scale_mse(y_train: np.ndarray, m: int = 1) -> float:
    """In-sample mean squared error of the (seasonal) naive method, the RMSSE denominator (squared)."""
    y = np.asarray(y_train, dtype=float)
    if len(y) < 2:
        return float("nan")
    k = _lag(y, m)
    return float(np.mean((y[k:] - y[:-k]) ** 2))


def _ratio(num: float, den: float) -> float:
    if not np.isfinite(den) or den <= 0:
        return float("nan")
    return num / den


def mae(y: np.ndarray, yhat: np.ndarray) -> float:
    """Mean absolute error."""
    return float(np.mean(np.abs(np.asarray(y, float) - np.asarray(yhat, float))))


def rmse(y: np.ndarray, yhat: np.ndarray) -> float:
    """Root mean squared error."""
    return float(np.sqrt(np.mean((np.asarray(y, float) - np.asarray(yhat, float)) ** 2)))


def mase(y: np.ndarray, yhat: np.ndarray, y_train: np.ndarray, m: int = 1) -> float:
    """Mean absolute scaled error (Hyndman & Koehler 2006)."""
    return _ratio(mae(y, yhat), scale_mae(y_train, m))


def rmsse(y: np.ndarray, yhat: np.ndarray, y_train: np.ndarray, m: int = 1) -> float:
    """Root mean squared scaled error (M5)."""
    den = scale_mse(y_train, m)
    num = float(np.mean((np.asarray(y, float) - np.asarray(yhat, float)) ** 2))
    r = _ratio(num, den)
    return float(np.sqrt(r)) if np.isfinite(r) else r


def smape(y: np.ndarray, yhat: np.ndarray) -> float:
    """Symmetric mean absolute percentage error, in percent (0 to 200); 0/0 terms count as 0."""
    y = np.asarray(y, float)
    yhat = np.asarray(yhat, float)
    den = np.abs(y) + np.abs(yhat)
    num = 2.0 * np.abs(y - yhat)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    return float(100.0 * np.mean(terms))


def coverage(y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """Share of outcomes with ``lo <= y <= hi``."""
    y = np.asarray(y, float)
    return float(np.mean((y >= np.asarray(lo, float)) & (y <= np.asarray(hi, float))))


def interval_score(y: np.ndarray, lo: np.ndarray, hi: np.ndarray, level: float) -> float:
    """Mean interval (Winkler) score of central intervals at ``level`` percent (e.g. 95); lower is better."""
    y = np.asarray(y, float)
    lo = np.asarray(lo, float)
    hi = np.asarray(hi, float)
    return float(np.mean(interval_scores(y, lo, hi, level)))


def msis(
    y: np.ndarray, lo: np.ndarray, hi: np.ndarray, y_train: np.ndarray, level: float, m: int = 1
) -> float:
    """Mean scaled interval score (M4): :func:`interval_score` divided by the MASE scale of ``y_train``."""
    return _ratio(interval_score(y, lo, hi, level), scale_mae(y_train, m))


def weighted_interval_score(
    y: np.ndarray,
    median: np.ndarray,
    lo: Sequence[np.ndarray],
    hi: Sequence[np.ndarray],
    levels: Sequence[float],
) -> float:
    """Mean weighted interval score (Bracher et al. 2021) of central intervals at ``levels`` (percent) and a median.

    ``lo[k]`` / ``hi[k]`` are the bounds at ``levels[k]``; lower is better.
    """
    y = np.asarray(y, float)
    total = 0.5 * np.abs(y - np.asarray(median, float))
    for lo_k, hi_k, lev in zip(lo, hi, levels, strict=True):
        alpha = 1.0 - lev / 100.0
        total = total + alpha / 2.0 * interval_scores(
            y, np.asarray(lo_k, float), np.asarray(hi_k, float), lev
        )
    return float(np.mean(total / (len(levels) + 0.5)))


def swis(
    y: np.ndarray,
    median: np.ndarray,
    lo: Sequence[np.ndarray],
    hi: Sequence[np.ndarray],
    levels: Sequence[float],
    y_train: np.ndarray,
    m: int = 1,
) -> float:
    """Scaled weighted interval score: :func:`weighted_interval_score` divided by the MASE scale of ``y_train``."""
    return _ratio(weighted_interval_score(y, median, lo, hi, levels), scale_mae(y_train, m))


def interval_scores(y: np.ndarray, lo: np.ndarray, hi: np.ndarray, level: float) -> np.ndarray:
    """Interval score of each outcome (not averaged), elementwise; NaN bounds give NaN."""
    if not 1 < float(level) < 100:
        raise ValueError(
            f"level is a percentage strictly between 1 and 100 (e.g. 95), got {level!r}"
            + (", which looks like a fraction" if 0 < float(level) <= 1 else "")
        )
    alpha = 1.0 - level / 100.0
    return (hi - lo) + (2.0 / alpha) * np.clip(lo - y, 0, None) + (2.0 / alpha) * np.clip(y - hi, 0, None)
