"""Point-forecast methods, one function per method, on one series held in a NumPy array.

Every method has the signature ``f(y, h, season_length) -> ndarray of shape (h,)``. The simple baselines are
written here in NumPy; the automatic ETS, ARIMA and Theta models and the TSB method for intermittent counts
come from statsforecast (Garza et al., Nixtla), called on the array directly (no DataFrame overhead).

Intervals are not taken from the models: :mod:`trends.forecast.conformal` calibrates them from rolling-origin
backtest errors, because the models' own intervals were miscalibrated on crime panels and gave negative lower
bounds on most sparse count series (benchmarks/RESULTS.md, "Forecasting (issue 3)").

Methods
-------
naive
    Last value repeated.
snaive
    Seasonal naive: the value one season earlier (falls back to ``naive`` when shorter than a season).
drift
    Random walk with drift: last value plus the mean change per period (Hyndman & Athanasopoulos, FPP3 §5.2).
mean
    Mean of the whole history.
window_mean
    Trailing mean of the last ``season_length`` values (12 for months, 4 for quarters; 3 for annual data).
    Often the best choice, with ``tsb``, on sparse monthly counts.
window_mean_long
    Trailing mean of the last ``2 * season_length`` values (24 months, 8 quarters; 6 years for annual data):
    between ``window_mean`` and the long-run ``mean`` for annual series whose level wanders slowly.
tsb
    Teunter–Syntetos–Babai (2011) intermittent-demand method, statsforecast ``TSB(alpha_d=0.1, alpha_p=0.1)``.
ets
    statsforecast ``AutoETS(model="ZZZ")``: error, trend (damped or not) and season chosen by AICc
    (Hyndman et al. 2002, 2008). statsforecast raises on series of 6 points or fewer: ``naive`` is used.
arima
    statsforecast ``AutoARIMA``: (seasonal) ARIMA with the Hyndman–Khandakar (2008) order search. Slow (the
    time columns of benchmarks/RESULTS.md): not among the ``auto`` candidates by default.
theta
    statsforecast ``AutoTheta``: the best of the standard, optimised and dynamic Theta models
    (Assimakopoulos & Nikolopoulos 2000; Fiorucci et al. 2016). Below 5 points ``naive`` is used.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

__all__ = ["ANNUAL_EXTRA", "AUTO_CANDIDATES", "METHODS", "MIN_LENGTH", "predict"]

Method = Callable[[np.ndarray, int, int], np.ndarray]


def naive(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
    """Repeat the last observed value."""
    return np.full(h, float(y[-1]))


def seasonal_naive(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
    """Repeat the last observed season: ``y[T + j] = y[T + j - m * k]`` with the smallest k >= 1."""
    m = max(int(season_length), 1)
    if len(y) < m:
        return naive(y, h)
    last = np.asarray(y[-m:], dtype=float)
    return last[np.arange(h) % m]


def drift(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
    """Last value plus ``j`` times the mean change per period, ``(y_T - y_1) / (T - 1)``."""
    if len(y) < 2:
        return naive(y, h)
    slope = (float(y[-1]) - float(y[0])) / (len(y) - 1)
    return float(y[-1]) + slope * np.arange(1, h + 1)


def mean(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
    """The mean of the whole history."""
    return np.full(h, float(np.mean(y)))


def window_mean(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
    """The mean of the last ``season_length`` values (3 when the data are annual)."""
    w = int(season_length) if season_length > 1 else 3
    return np.full(h, float(np.mean(y[-w:])))


def window_mean_long(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
    """The mean of the last ``2 * season_length`` values (6 when the data are annual)."""
    w = 2 * int(season_length) if season_length > 1 else 6
    return np.full(h, float(np.mean(y[-w:])))


def _statsforecast(model_factory: Callable[[int], object]) -> Method:
    def run(y: np.ndarray, h: int, season_length: int = 1) -> np.ndarray:
        model = model_factory(int(season_length))
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = model.forecast(y=np.asarray(y, dtype=float), h=h)  # type: ignore[attr-defined]
        return np.asarray(out["mean"], dtype=float)

    return run


def _ets(m: int) -> object:
    from statsforecast.models import AutoETS

    return AutoETS(season_length=m, model="ZZZ")


def _arima(m: int) -> object:
    from statsforecast.models import AutoARIMA

    return AutoARIMA(season_length=m)


def _theta(m: int) -> object:
    from statsforecast.models import AutoTheta

    return AutoTheta(season_length=m)


def _tsb(m: int) -> object:
    from statsforecast.models import TSB

    return TSB(alpha_d=0.1, alpha_p=0.1)


METHODS: dict[str, Method] = {
    "naive": naive,
    "snaive": seasonal_naive,
    "drift": drift,
    "mean": mean,
    "window_mean": window_mean,
    "window_mean_long": window_mean_long,
    "tsb": _statsforecast(_tsb),
    "ets": _statsforecast(_ets),
    "arima": _statsforecast(_arima),
    "theta": _statsforecast(_theta),
}
"""Every point-forecast method by name."""

MIN_LENGTH: dict[str, int] = {"ets": 7, "theta": 5, "arima": 3, "tsb": 1}
"""Shortest series a method is fitted on; shorter series get ``naive`` (counted as a fallback)."""

AUTO_CANDIDATES: tuple[str, ...] = ("naive", "snaive", "drift", "window_mean", "tsb", "ets", "theta")
"""Methods that ``method="auto"`` compares by backtest (plus ``ensemble``); ARIMA is left out (slow) but may be
named explicitly. ``snaive`` is dropped for annual data, which get :data:`ANNUAL_EXTRA` instead."""

ANNUAL_EXTRA: tuple[str, ...] = ("mean", "window_mean_long")
"""Extra ``auto`` candidates for annual data: the long-run mean and a 6-year window. A 3-year mean follows a
year's shock too closely on annual crime series whose level hardly moves (issue 15: on a 46-year panel the
choices among short-memory methods lost to naive out of sample)."""


def predict(name: str, y: np.ndarray, h: int, season_length: int) -> tuple[np.ndarray, bool]:
    """Point forecast of one method; returns ``(forecast, fell_back)``.

    A method that cannot be fitted (series too short, or the library raises) falls back to ``naive``;
    ``fell_back`` says so, and the caller reports the count once, in one warning.
    """
    if len(y) < MIN_LENGTH.get(name, 1):
        return naive(y, h), True
    try:
        out = METHODS[name](y, h, season_length)
    except Exception:  # any library failure becomes a documented fallback
        return naive(y, h), True
    if not np.all(np.isfinite(out)):
        return naive(y, h), True
    return out, False
