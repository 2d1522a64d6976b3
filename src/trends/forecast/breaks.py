"""Level shifts near the end of a series: a change of recording or a real break the intervals do not expect.

The conformal intervals of :mod:`trends.forecast.conformal` assume that the errors the forecasts will meet are
like the backtest errors of the same series and its panel, scaled by the series' recent volatility: a level
that keeps to its recent path, with shocks of the size seen before. A level shift in the last periods (a new
recording rule, a boundary change, a doubling in one month) breaks that: the point forecast lags the new level
for as long as the methods take to catch up, and the intervals under-cover (issue 15: 50 % at 80 % after a
doubling). Such shifts are therefore flagged, never corrected: whether the new level is real is the analyst's
call.

Rule (simple and robust, one pass per series). For each recent window length ``k`` in :func:`recent_windows`
(for monthly data 1, 3, 6 and 12 months; quarterly 1, 2 and 4; annual 1, 2 and 3 years), compare the mean of
the last ``k`` values with the mean of the ``r`` values before them (``r = max(5, 2 m)``: 5 years, 8 quarters,
24 months; at least 4 values):

- ``z = (recent - before) / (s * sqrt(1 / k + 1 / r))``, where ``s`` is the reference window's own
  variability: the median absolute deviation times 1.4826 (a robust standard deviation), or the standard
  deviation when the MAD is 0; for counts never below ``sqrt(max(before, 1))`` (the Poisson standard
  deviation, so that a sparse series' 0-or-1 blips are not breaks);
- a break when ``|z| > Z_ONE`` for ``k = 1`` or ``|z| > Z_MANY`` for longer windows, **and** the recent mean
  is at least ``MIN_RATIO`` times (or at most ``1 / MIN_RATIO`` times) the reference mean and differs from it
  by at least ``MIN_DIFF`` (in the series' units);
- the change must stay material without the reference window's value farthest from its median and (for
  ``k > 1``) the recent window's value farthest from that reference: a single spike (5,000 crimes in one month
  of a series of 20) moved the 12-month mean twenty-fold and was reported as a level shift from a year ago,
  and once out of the recent windows as a fall. It is a break only as the last period (``k = 1``), where a
  spike and the start of a new level cannot be told apart.

Of the flagged windows the one with the largest ``|z|`` is reported - the window that best matches the
shifted stretch (its first period is where the shift starts). Seasonality inflates
``s`` (the reference window spans whole seasons), so a seasonal peak alone is not a break, and a steady trend
moves the recent mean by less than the ratio threshold unless it is steep (about 10 % a year and more over a
5-year reference: then the flag also says the intervals extrapolate a fast change). The false-alarm rate on
stable simulated Poisson and negative-binomial panels is measured in ``tests/forecast/test_breaks.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["BreakWarning", "detect", "recent_windows"]

Z_ONE = 5.0  # a single period must stand out more than a mean of several
Z_MANY = 4.0
MIN_RATIO = 1.3  # the shift must be material: at least 30 % up (or 1 / 1.3, about 23 %, down)
MIN_DIFF = 2.0  # ... and at least 2 units (counts): 0 -> 1 is not a break


class BreakWarning(UserWarning):
    """A level shift near the end of a series: its forecast and intervals assume the shift did not happen."""


def recent_windows(season_length: int) -> tuple[int, ...]:
    """Lengths of the recent windows tested: 1, 3, 6, 12 months; 1, 2, 4 quarters; 1, 2, 3 years."""
    m = int(season_length)
    if m >= 12:
        return (1, 3, 6, 12)
    if m > 1:
        return (1, 2, m)
    return (1, 2, 3)


def _spread(ref: np.ndarray, level: float, is_count: bool) -> float:
    s = 1.4826 * float(np.median(np.abs(ref - np.median(ref))))
    if s == 0:
        s = float(np.std(ref, ddof=1)) if len(ref) > 1 else 0.0
    if is_count:
        s = max(s, math.sqrt(max(level, 1.0)))
    return s


def series_break(y: np.ndarray, season_length: int, is_count: bool) -> tuple[int, float, float, float] | None:
    """The recent window whose mean breaks most from the one before: ``(k, recent, before, z)`` or None."""
    y = np.asarray(y, dtype=float)
    r_full = max(5, 2 * int(season_length))
    found = None
    for k in recent_windows(season_length):
        r = min(r_full, len(y) - k)
        if r < 4:
            break
        recent = float(np.mean(y[-k:]))
        ref = y[-k - r : -k]
        before = float(np.mean(ref))
        s = _spread(ref, before, is_count)
        diff = recent - before
        if s == 0:
            z = math.inf if diff != 0 else 0.0
        else:
            z = diff / (s * math.sqrt(1.0 / k + 1.0 / r))
        material = _material(recent, before)
        if material:
            # A shift moves a whole window against a whole reference: one outlying period (a spike, a slip of
            # data entry) does not. Without the reference's value farthest from its median and (k > 1) the
            # window's farthest from that reference, the shift must still be material.
            clean = float(np.mean(np.delete(ref, np.argmax(np.abs(ref - np.median(ref))))))
            tail = y[-k:]
            rest = float(np.mean(np.delete(tail, np.argmax(np.abs(tail - clean))))) if k > 1 else recent
            material = _material(rest, clean)
        if abs(z) > (Z_ONE if k == 1 else Z_MANY) and material and (found is None or abs(z) > abs(found[3])):
            found = (k, recent, before, float(z))
    return found


def _material(recent: float, before: float) -> bool:
    """A material change of mean: at least ``MIN_DIFF`` units and a ratio beyond ``MIN_RATIO`` either way."""
    return abs(recent - before) >= MIN_DIFF and (
        (before <= 0 and recent > 0) or (before > 0 and not 1 / MIN_RATIO < recent / before < MIN_RATIO)
    )


def detect(
    ys: Sequence[np.ndarray],
    season_length: int,
    is_count: Sequence[bool],
    keys: pd.DataFrame,
    last_periods: Sequence[pd.DatetimeIndex],
    period: str = "period",
) -> pd.DataFrame:
    """Breaks of every series of a panel, one row per flagged series.

    Parameters
    ----------
    ys : sequence of ndarray
        The series.
    season_length : int
        Periods per year (1, 4 or 12).
    is_count : sequence of bool
        Whether each series holds counts (the Poisson floor on the spread applies).
    keys : DataFrame
        Id columns, one row per series.
    last_periods : sequence of DatetimeIndex
        The last periods of each series (at least the longest recent window).
    period : str
        Name of the period column of the output.

    Returns
    -------
    DataFrame
        The id columns, ``period`` (the first period of the shifted window), ``periods`` (its length),
        ``before`` (mean of the reference window), ``recent`` (mean of the shifted window), ``size`` (their
        ratio; ``inf`` from a zero reference) and ``z`` (the standardised difference).
    """
    rows = []
    for i, y in enumerate(ys):
        hit = series_break(y, season_length, bool(is_count[i]))
        if hit is None:
            continue
        k, recent, before, z = hit
        size = recent / before if before > 0 else math.inf
        rows.append((i, last_periods[i][-k], k, before, recent, size, z))
    cols = [period, "periods", "before", "recent", "size", "z"]
    if not rows:
        return pd.concat([keys.iloc[:0], pd.DataFrame(columns=cols)], axis=1)
    idx = [r[0] for r in rows]
    out = keys.iloc[idx].reset_index(drop=True)
    for j, c in enumerate(cols):
        out[c] = [r[j + 1] for r in rows]
    return out
