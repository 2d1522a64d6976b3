"""Forecasts of recorded crime by district, offence and period: models, backtests, conformal intervals,
batches over many series, and hierarchical reconciliation.

Public API
----------
forecast
    Backtest, choose per series (``method="auto"``), forecast and calibrate intervals for every series.
backtest, leaderboard, calibration
    Rolling-origin backtests, the table of mean metrics by method, and the intervals' coverage by horizon,
    period or series group.
aggregate, reconcile
    Build the aggregate series of a hierarchy (city, district, offence, ...) and make forecasts add up
    (bottom-up, top-down, MinT-shrink).
metrics
    MASE, RMSSE, sMAPE, coverage, the interval score (MSIS) and the weighted interval score on arrays.
BreakWarning
    Warned when series shifted level in their last periods (``ForecastResult.breaks`` lists them).

Example
-------
>>> from trends.datasets import load_hanoi                      # doctest: +SKIP
>>> from trends.forecast import forecast, aggregate, reconcile  # doctest: +SKIP
>>> crimes = load_hanoi().crimes                                # doctest: +SKIP
>>> res = forecast(crimes, 12, ids=["district", "offence"], n_jobs=2)  # doctest: +SKIP
>>> res.table.columns.tolist()                                  # doctest: +SKIP
['district', 'offence', 'period', 'horizon', 'method', 'chosen', 'mean', 'median', 'lo_80', 'hi_80', 'lo_95',
 'hi_95']
>>> res.leaderboard()                                           # doctest: +SKIP
>>> res.plot({"district": "ba_dinh", "offence": "drugs"})        # doctest: +SKIP

Output columns: ``mean`` is the point forecast, ``median`` the median of the same predictive distribution (the
forecast to judge by absolute errors); ``lo_<L>`` / ``hi_<L>`` the bounds of the central L % interval
(conformal, from rolling-origin backtest errors). For count series the mean is clipped at 0 and the bounds are
integers, never below 0: negative-binomial quantiles around the forecast, calibrated on the backtest origins
(:mod:`trends.forecast.counts`), for the low counts (zero inside their own widest interval). Library: the
automatic ETS, ARIMA and Theta models and TSB come from statsforecast (called per series on NumPy arrays);
baselines, backtests, metrics, conformal intervals and reconciliation are written here in NumPy.
"""

from trends.forecast import metrics
from trends.forecast.backtest import BacktestResult, backtest, calibration, leaderboard
from trends.forecast.breaks import BreakWarning
from trends.forecast.conformal import CalibrationWarning
from trends.forecast.core import ForecastResult, forecast
from trends.forecast.hierarchy import Hierarchy, aggregate, reconcile
from trends.forecast.models import AUTO_CANDIDATES, METHODS

__all__ = [
    "AUTO_CANDIDATES",
    "METHODS",
    "BacktestResult",
    "BreakWarning",
    "CalibrationWarning",
    "ForecastResult",
    "Hierarchy",
    "aggregate",
    "backtest",
    "calibration",
    "forecast",
    "leaderboard",
    "metrics",
    "reconcile",
]
