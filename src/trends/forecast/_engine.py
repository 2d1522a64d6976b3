"""Internal machinery: long frame -> series, the per-series backtest/forecast job, and the parallel batch."""

from __future__ import annotations

import dataclasses
import itertools
import math
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import joblib
import numpy as np
import pandas as pd
from tqdm import tqdm

from trends.forecast import conformal
from trends.forecast import metrics as M
from trends.forecast.models import ANNUAL_EXTRA, AUTO_CANDIDATES, METHODS, predict
from trends.schema import PERIODS_PER_YEAR, TrendsDataError, infer_freq, period_timestamps, user_stacklevel

PANDAS_FREQ = {"month": "MS", "quarter": "QS-JAN", "year": "YS-JAN"}
POINT_SELECTION = ("rmsse", "mase", "smape", "mae", "rmse")
INTERVAL_SELECTION = ("swis", "msis")
SELECTION_METRICS = POINT_SELECTION + INTERVAL_SELECTION
SPARSE_ZEROS = 0.5  # share of zero values from which a series is "mostly zeros" and chosen by pooled evidence
MIN_SPARSE_POOL = 5  # fewest such series for a pool of their own (else they follow the whole panel)
ENSEMBLE_SIZE = 3
ANNUAL_CALIBRATION = 10  # extra calibration origins per annual series by default (the nearest ones)
SEASONAL_CALIBRATION = 6  # and per monthly or quarterly series (two backtest steps apart)


@dataclass
class Panel:
    """Series of a long frame, one NumPy array each, in a fixed order."""

    ids: tuple[str, ...]
    keys: list[tuple]
    y: list[np.ndarray]
    start: list[pd.Timestamp]
    freq: str
    season_length: int
    is_count: np.ndarray
    period: str
    value: str

    def periods(self, i: int, start: int, n: int) -> pd.DatetimeIndex:
        """Timestamps of positions ``start .. start + n - 1`` of series ``i`` (positions may run past its end)."""
        first = pd.date_range(self.start[i], periods=start + n, freq=PANDAS_FREQ[self.freq])
        return first[start:]

    def key_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.keys, columns=list(self.ids))

    @property
    def nonneg(self) -> np.ndarray:
        """Series never below zero (counts, rates): their forecasts and lower bounds are clipped at 0."""
        return np.array([bool(np.all(y >= 0)) for y in self.y], dtype=bool)


def prepare(
    df: pd.DataFrame, ids: Sequence[str] | str | None, period: str, value: str, freq: str | None = None
) -> Panel:
    """Check the long frame and split it into regular series (no gaps, no duplicates, no missing values)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    for col in (period, value):
        if col not in df.columns:
            raise TrendsDataError(f"column {col!r} not found; columns are {list(df.columns)}", column=col)
    if ids is None:
        id_cols = tuple(c for c in df.columns if c not in (period, value))
    else:
        id_cols = (ids,) if isinstance(ids, str) else tuple(ids)
    for col in id_cols:
        if col not in df.columns:
            raise TrendsDataError(f"id column {col!r} not found; columns are {list(df.columns)}", column=col)
    if len(df) == 0:
        raise TrendsDataError("the frame has no rows to forecast")
    data = df[[*id_cols, period, value]].copy()
    data[period] = period_timestamps(data[period], column=period)
    if data[period].isna().any():
        raise TrendsDataError(
            f"{int(data[period].isna().sum())} missing period(s) in {period!r}",
            column=period,
            expected="a period",
        )
    data[period] = period_starts(data, id_cols, period)
    if not pd.api.types.is_numeric_dtype(data[value]) or pd.api.types.is_bool_dtype(data[value]):
        raise TrendsDataError(
            f"column {value!r} must be numeric, got {data[value].dtype}", column=value, expected="numbers"
        )
    data[value] = data[value].astype(float)
    if data[value].isna().any():
        n = int(data[value].isna().sum())
        raise TrendsDataError(
            f"{n} missing value(s) in {value!r} (e.g. {_where(data, id_cols, period, data[value].isna())}); "
            "fill them explicitly (e.g. zero-fill with trends.panel)",
            column=value,
        )
    if not np.isfinite(data[value]).all():
        bad = ~np.isfinite(data[value])
        raise TrendsDataError(
            f"infinite values in {value!r} (e.g. {_where(data, id_cols, period, bad)})", column=value
        )
    negative = data[value] < 0
    if negative.any():
        # recorded crimes and rates are never negative (a correction row, a difference?); a signed series (a
        # change, a log rate) is forecast as one: no count intervals, no clipping at 0 - said, not refused
        warnings.warn(
            f"{int(negative.sum())} negative value(s) in {value!r}, e.g. {_where(data, id_cols, period, negative)}"
            f" has {data.loc[negative, value].iloc[0]:g}: such series are forecast as signed series (no count "
            "intervals, bounds not clipped at 0); if they are counts, correct the data",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    # counts that went through float arithmetic (3.0000000000004) are still counts: integer bounds, negbin
    near = np.round(data[value])
    snap = np.abs(data[value] - near) <= 1e-9 * np.maximum(np.abs(near), 1.0)
    data[value] = np.where(snap, near, data[value])
    dup = data.duplicated([*id_cols, period])
    if dup.any():
        raise TrendsDataError(
            f"{int(dup.sum())} duplicated (id, period) row(s); aggregate first",
            column=period,
            expected="one row",
        )
    freq = freq or infer_freq(data[period])
    if freq not in PERIODS_PER_YEAR:
        raise ValueError(f"freq must be one of {tuple(PERIODS_PER_YEAR)}, got {freq!r}")
    data = data.sort_values([*id_cols, period], kind="stable")
    keys: list[tuple] = []
    ys: list[np.ndarray] = []
    starts: list[pd.Timestamp] = []
    groups = data.groupby(list(id_cols), sort=False, dropna=False, observed=True) if id_cols else [((), data)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        p = pd.DatetimeIndex(g[period])
        expected = pd.date_range(p[0], periods=len(p), freq=PANDAS_FREQ[freq])
        if not p.equals(expected):
            missing = expected.difference(p)
            raise TrendsDataError(
                f"series {dict(zip(id_cols, key, strict=True))} has gaps or misaligned periods"
                f" (first missing: {missing[0].date() if len(missing) else '?'}); fill gaps explicitly "
                "(e.g. zero-fill with trends.panel)",
                column=period,
            )
        keys.append(key)
        ys.append(g[value].to_numpy(dtype=float))
        starts.append(p[0])
    is_count = np.array([bool(np.all(y >= 0) and np.all(y == np.round(y))) for y in ys])
    return Panel(id_cols, keys, ys, starts, freq, PERIODS_PER_YEAR[freq], is_count, period, value)


def _where(data: pd.DataFrame, id_cols: Sequence[str], period: str, mask: pd.Series) -> str:
    """``series {...} at <period>`` of the first row of ``mask``: where an error points the user."""
    row = data.loc[mask.to_numpy()].iloc[0]
    when = pd.Timestamp(row[period]).date() if pd.notna(row[period]) else row[period]
    return f"series {dict((c, row[c]) for c in id_cols)} at {when}"


def period_starts(data: pd.DataFrame, id_cols: Sequence[str], period: str) -> pd.Series:
    """Period-start timestamps of a period column of timestamps at period starts or at period ends.

    Times of day are dropped. Month-end stamps (what ``resample("M")`` and many exports write: 2024-01-31,
    2024-03-31, 2024-12-31) become the start of the period they close: of the year when every stamp is a
    31 December, of the quarter when every stamp closes a calendar quarter and they are not all a year apart,
    else of the month. A stamp that is neither a period start nor a month end is refused, naming its series.
    """
    p = pd.DatetimeIndex(data[period]).normalize()
    if (p.day == 1).all():
        return pd.Series(p, index=data.index)
    if p.is_month_end.all():
        month = p.year * 12 + p.month - 1
        steps = np.diff(np.unique(month))
        if (p.month == 12).all():
            back = 11
        elif p.month.isin([3, 6, 9, 12]).all() and len(steps) and (steps % 3 == 0).all():
            back = 2
        else:
            back = 0
        starts = p.to_period("M").to_timestamp() - pd.DateOffset(months=back)
        return pd.Series(pd.DatetimeIndex(starts).tz_localize(p.tz) if p.tz else starts, index=data.index)
    bad = pd.Series(~(p.day == 1), index=data.index)
    raise TrendsDataError(
        "periods must be the first day of a month, quarter or year, or every one the last day of a month "
        f"({_where(data.assign(**{period: p}), id_cols, period, bad)})",
        column=period,
        value=str(p[~(p.day == 1)][0].date()),
        expected="monthly, quarterly or annual periods (sum weekly or daily data into months first)",
    )


@dataclass
class Plan:
    """Which methods to backtest and which to forecast."""

    candidates: tuple[str, ...]  # base methods backtested (ensemble is derived from them)
    outputs: tuple[str, ...]  # names in the output: method names, "auto" and/or "ensemble"
    with_ensemble: bool
    metric: str

    @property
    def backtested(self) -> tuple[str, ...]:
        return self.candidates + (("ensemble",) if self.with_ensemble else ())


def make_plan(method: str | Sequence[str], season_length: int, metric: str) -> Plan:
    """Turn the user's ``method`` argument into a plan."""
    if metric not in SELECTION_METRICS:
        raise ValueError(f"metric must be one of {SELECTION_METRICS}, got {metric!r}")
    names = [method] if isinstance(method, str) else list(method)
    if not names:
        raise ValueError("method must name at least one method")
    known = (*METHODS, "auto", "ensemble")
    for n in names:
        if n not in known:
            raise ValueError(f"unknown method {n!r}; choose from {known}")
    default = tuple(c for c in AUTO_CANDIDATES if not (c == "snaive" and season_length == 1))
    if season_length == 1:
        default += ANNUAL_EXTRA
    base = tuple(dict.fromkeys(n for n in names if n in METHODS))
    needs_choice = "auto" in names or "ensemble" in names
    if needs_choice and len(base) < 2:
        candidates = tuple(dict.fromkeys((*default, *base)))
    else:
        candidates = base
    with_ensemble = needs_choice and len(candidates) > 1
    return Plan(candidates, tuple(dict.fromkeys(names)), with_ensemble, metric)


def cutoffs_for(n: int, h: int, n_windows: int, step: int) -> list[int]:
    """Training lengths of the rolling-origin windows, oldest first; the last window ends at the series end."""
    cuts = [n - h - step * (n_windows - 1 - w) for w in range(n_windows)]
    return cuts


def check_windows(panel: Panel, h: int, n_windows: int, step: int, *, need_one: bool) -> None:
    """Warn when series have room for fewer backtest windows than asked (and, ``need_one``, refuse a panel where
    no series has room for any).

    A window needs at least one training observation before its origin (:func:`backtest_series`); the windows
    that do not fit are skipped, so those series' choice and intervals rest on fewer errors than ``n_windows``
    suggests - say so instead of returning fewer windows in silence. With ``need_one`` (a backtest, which has
    no other warning for them) series with no window at all are reported too.
    """
    fit = np.array([sum(c >= 1 for c in cutoffs_for(len(y), h, n_windows, step)) for y in panel.y])

    def where(i: int) -> dict:
        return dict(zip(panel.ids, panel.keys[i], strict=True))

    longest = int(np.argmax([len(y) for y in panel.y]))
    if need_one and not fit.any():
        raise TrendsDataError(
            f"no series is long enough for a backtest window of h={h} periods: the longest, "
            f"{where(longest)}, has {len(panel.y[longest])} periods and a window needs h + 1 = {h + 1}",
            column=panel.period,
            expected=f"series of more than h={h} periods (or a shorter h)",
        )
    none = np.nonzero(fit == 0)[0]
    if need_one and len(none):
        warnings.warn(
            f"{len(none)} of {len(fit)} series are too short for any backtest window of h={h} periods (e.g. "
            f"{where(int(none[0]))}: {len(panel.y[none[0]])} periods); they have no predictions or scores",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    fewer = np.nonzero((fit > 0) & (fit < n_windows))[0]
    if len(fewer):
        i = int(fewer[0])
        warnings.warn(
            f"{len(fewer)} of {len(fit)} series have room for fewer than n_windows={n_windows} backtest windows "
            f"of h={h} periods {step} apart (e.g. {where(i)}: {len(panel.y[i])} periods, {fit[i]} window(s); "
            f"the longest series allows {fit.max()}); they are backtested on the windows that fit, so their "
            "choice of method and intervals rest on fewer errors",
            conformal.CalibrationWarning,  # fewer errors to calibrate on: rough intervals, as the report says
            stacklevel=user_stacklevel(),
        )


def calibration_cuts(n: int, h: int, cuts: list[int], step: int, m: int, limit: int | None) -> list[int]:
    """Extra conformal-calibration origins of a series of length ``n`` (training lengths, oldest first).

    Every origin on a grid ending at the last backtest origin - spaced 1 period for annual series (``m == 1``,
    where origins are few and each year's shock is a separate draw), else two backtest steps (``2 * step``) -
    whose outcomes fall inside the series and whose training has at least ``max(5, 2 m)`` observations, except
    the backtest origins themselves (their errors are already known). The nearest ``limit`` origins are kept.

    ``limit=None`` (the default of ``forecast`` and ``backtest``) means the nearest ``ANNUAL_CALIBRATION``
    (10) for annual series and the nearest ``SEASONAL_CALIBRATION`` (6) for monthly and quarterly ones. On
    the annual panels they are what brings coverage to nominal - but not the oldest ones: on the US states
    panel, errors from origins with 5-20 years of training (candidates such as drift and the long-run mean fit
    short histories badly) made ``auto``'s intervals too wide (84.8 / 97.2 % coverage, MSIS 95 12.2; with the
    nearest 10: 77.5 / 94.1 %, MSIS 10.2, and 2.4 times faster; benchmarks/RESULTS.md, issue 15). Seasonal
    series had none at first, when intervals were judged by coverage (the extra origins made London's and
    Hanoi's 80 % intervals 1-2 points wider than nominal). Judged by the interval score, origins spanning the
    two years before the backtest lower MSIS 95 on 5 of 6 monthly and quarterly panels; 12 origins one step
    apart cost twice the fits of 6 origins two steps apart for about the same gain, and brought ``auto``'s time
    to 1.9 times statsforecast's on a dense monthly panel (benchmarks/RESULTS.md, "Extra calibration origins
    for seasonal series").
    """
    if limit is None:
        limit = SEASONAL_CALIBRATION if m > 1 else ANNUAL_CALIBRATION
    if limit == 0 or not cuts:
        return []
    # seasonal: two steps apart, the span of twice as many origins at half the fits (benchmarks/RESULTS.md)
    cal_step = 1 if m == 1 else 2 * max(int(step), 1)
    min_train = max(5, 2 * m)
    taken = set(cuts)
    grid = [c for c in range(cuts[-1] - cal_step, min_train - 1, -cal_step) if c + h <= n and c not in taken]
    if limit is not None:
        grid = grid[: int(limit)]
    return sorted(grid)


def calibrate_series(
    y: np.ndarray,
    h: int,
    m: int,
    cal_cuts: list[int],
    names: tuple[str, ...],
    nonneg: bool,
    members: tuple[str, ...],
    chosen: str,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Phase 1b: forecasts of the methods in use at the extra calibration origins (for conformal scores)."""
    fallbacks: Counter = Counter()  # fallbacks here are not reported: the forecasts only calibrate
    actual = np.array([y[c : c + h] for c in cal_cuts]).reshape(len(cal_cuts), h)
    out: dict[str, np.ndarray] = {}

    def of(name: str) -> np.ndarray:
        if name not in out:
            if name == "ensemble":
                use = members or (chosen,)
                out[name] = np.mean([of(n) for n in use], axis=0)
            else:
                out[name] = np.array([_fit(name, y[:c], h, m, nonneg, fallbacks) for c in cal_cuts]).reshape(
                    len(cal_cuts), h
                )
        return out[name]

    for name in names:
        of(name)
    return actual, out


def _selection_score(metric: str, actual: np.ndarray, pred: np.ndarray, train: np.ndarray, m: int) -> float:
    if metric == "rmsse":
        return M.rmsse(actual, pred, train, m)
    if metric == "mase":
        return M.mase(actual, pred, train, m)
    if metric == "smape":
        return M.smape(actual, pred)
    if metric == "mae":
        return M.mae(actual, pred)
    return M.rmse(actual, pred)


def _unscaled(metric: str, actual: np.ndarray, pred: np.ndarray) -> float:
    return M.rmse(actual, pred) if metric in ("rmsse", "rmse") else M.mae(actual, pred)


@dataclass
class SeriesOut:
    """What one series' jobs return (backtest in phase 1, choice in the main process, forecast in phase 2)."""

    bt: np.ndarray  # (n_backtested, n_windows, h) forecasts, NaN for windows too early to fit
    actual: np.ndarray  # (n_windows, h)
    wmat: np.ndarray  # (n_backtested, n_valid_windows) selection score per method and window
    valid: list[int]  # indices of the windows with a forecast
    scaled: bool  # wmat holds the scaled metric (False: unscaled fallback for a zero scale)
    ensemble_members: tuple[str, ...]
    fallbacks: Counter = field(default_factory=Counter)
    score: np.ndarray = field(default_factory=lambda: np.empty(0))  # (n_backtested,) score used to choose
    chosen: str = "naive"
    auto_bt: np.ndarray = field(default_factory=lambda: np.empty(0))  # (n_windows, h) honest auto forecasts
    chosen_w: list[str] = field(default_factory=list)  # method the honest auto backtest used on each window
    cal_cuts: list[int] = field(default_factory=list)  # extra calibration origins (training lengths)
    cal_actual: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))  # (n_cal, h)
    cal_bt: dict[str, np.ndarray] = field(default_factory=dict)  # method -> (n_cal, h) forecasts
    final: dict[str, np.ndarray] = field(default_factory=dict)  # output name -> (h,) point forecast
    zero_share: float = 0.0  # share of zero values in the series
    rel_err: np.ndarray = field(
        default_factory=lambda: np.empty((0, 0))
    )  # (n_backtested, n_valid) MAE / level
    proper: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))  # (n_backtested, n_windows) SWIS


def _fit(name: str, y: np.ndarray, h: int, m: int, nonneg: bool, fallbacks: Counter) -> np.ndarray:
    out, fell = predict(name, y, h, m)
    if fell:
        fallbacks[name] += 1
    return np.maximum(out, 0.0) if nonneg else out


def backtest_series(
    y: np.ndarray, h: int, m: int, cuts: list[int], plan: Plan, nonneg: bool, min_train: int = 1
) -> SeriesOut:
    """Phase 1: backtest every candidate (and their ensemble) on every window of one series."""
    fallbacks: Counter = Counter()
    nb = len(plan.backtested)
    nc = len(plan.candidates)
    W = len(cuts)
    bt = np.full((nb, W, h), np.nan)
    actual = np.full((W, h), np.nan)
    valid = [w for w, c in enumerate(cuts) if c >= min_train]
    for w in valid:
        c = cuts[w]
        actual[w] = y[c : c + h]
        for k, name in enumerate(plan.candidates):
            bt[k, w] = _fit(name, y[:c], h, m, nonneg, fallbacks)
    wmat = np.full((nb, len(valid)), np.nan)
    scaled = True
    for k in range(nc):
        wmat[k], ok = _window_scores(plan.metric, bt[k], actual, y, cuts, valid, m)
        scaled &= ok
    members: tuple[str, ...] = ()
    if plan.with_ensemble and valid:

        def best(cols: np.ndarray) -> list[int]:
            cand = cols.mean(axis=1) if cols.shape[1] else np.zeros(nc)
            order = np.argsort(np.where(np.isfinite(cand), cand, np.inf), kind="stable")
            return sorted(order[: min(ENSEMBLE_SIZE, nc)])

        take = best(wmat[:nc])
        members = tuple(plan.candidates[i] for i in take)
        # The ensemble's backtest is honest: on each window, the members chosen on the other windows.
        for v, w in enumerate(valid):
            others = np.delete(wmat[:nc], v, axis=1)
            bt[nc, w] = bt[best(others) if others.shape[1] else take, w].mean(axis=0)
        wmat[nc], ok = _window_scores(plan.metric, bt[nc], actual, y, cuts, valid, m)
        scaled &= ok
    out = SeriesOut(bt, actual, wmat, valid, scaled, members, fallbacks)
    out.zero_share = float(np.mean(y == 0)) if len(y) else 1.0
    out.rel_err = _relative_errors(bt, actual, valid, y)
    return out


def pool_sparse_ensembles(
    outs: list[SeriesOut], plan: Plan, ys: Sequence[np.ndarray], m: int, cuts: np.ndarray
) -> list[SeriesOut] | None:
    """The panel's outputs with the mostly-zero series' ensembles made of members pooled over those series.

    A series that is mostly zeros has few informative windows of its own, and its own best three candidates
    can be poor ones (on 550 annual county murder series they made an ensemble worse than the long-run mean
    alone: benchmarks/RESULTS.md, "Sparse ensembles and predictive medians"). As :func:`choose` does for the
    choice itself, the pooled members are the :data:`ENSEMBLE_SIZE` candidates with the lowest RMSE relative
    to each series' level, pooled over the panel's mostly-zero series (over every series when fewer than
    ``MIN_SPARSE_POOL`` are mostly zeros). The backtest stays honest: each window's ensemble averages the
    members pooled from the other windows. Returns copies (``outs`` is unchanged), or ``None`` without an
    ensemble or a mostly-zero series; :func:`run_panel` keeps whichever of the two versions scores better out
    of sample.
    """
    if not plan.with_ensemble or not outs:
        return None
    sparse, pool = _sparse_pool(outs)
    sparse &= np.array([bool(o.valid) for o in outs])
    if not sparse.any():
        return None
    nc = len(plan.candidates)
    W = outs[0].bt.shape[1]
    rel = _by_window(outs, lambda o: o.rel_err[:nc], nc)

    def members_from(r: np.ndarray) -> list[int]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mean_err = np.nanmean(np.nanmean(r[pool], axis=2), axis=0)
        order = np.argsort(np.where(np.isfinite(mean_err), mean_err, np.inf), kind="stable")
        return sorted(int(k) for k in order[: min(ENSEMBLE_SIZE, nc)])

    take = members_from(rel)
    per_window = [members_from(np.delete(rel, w, axis=2)) if W > 1 else take for w in range(W)]
    # every series copied: choose() sets each version's choices on its own objects
    pooled = [dataclasses.replace(o) for o in outs]
    for i in map(int, np.flatnonzero(sparse)):
        o = dataclasses.replace(outs[i], bt=outs[i].bt.copy(), wmat=outs[i].wmat.copy())
        for w in o.valid:
            o.bt[nc, w] = o.bt[per_window[w], w].mean(axis=0)
        o.wmat[nc], ok = _window_scores(plan.metric, o.bt[nc], o.actual, ys[i], list(cuts[i]), o.valid, m)
        o.scaled = o.scaled and ok
        o.rel_err = _relative_errors(o.bt, o.actual, o.valid, ys[i])
        o.ensemble_members = tuple(plan.candidates[k] for k in take)
        pooled[i] = o
    return pooled


def _sparse_pool(outs: list[SeriesOut]) -> tuple[np.ndarray, np.ndarray]:
    """The mostly-zero series (a share of zeros of at least ``SPARSE_ZEROS``), and the series their evidence is
    pooled over: themselves, or every series when fewer than ``MIN_SPARSE_POOL`` are mostly zeros."""
    sparse = np.array([o.zero_share >= SPARSE_ZEROS for o in outs])
    return sparse, sparse if sparse.sum() >= MIN_SPARSE_POOL else np.ones(len(outs), dtype=bool)


def _by_window(outs: list[SeriesOut], values: Callable[[SeriesOut], np.ndarray], rows: int) -> np.ndarray:
    """Per-series (rows, n_valid) window values aligned on the window index: (S, rows, W), NaN where missing."""
    out = np.full((len(outs), rows, outs[0].bt.shape[1]), np.nan)
    for i, o in enumerate(outs):
        v = values(o)
        if o.valid and v.size:
            out[i][:, o.valid] = v
    return out


def _window_scores(
    metric: str,
    preds: np.ndarray,
    actual: np.ndarray,
    y: np.ndarray,
    cuts: list[int],
    valid: list[int],
    m: int,
) -> tuple[np.ndarray, bool]:
    """Selection score of one method's forecasts ``preds`` (n_windows, h) on each valid window, and whether it
    is the scaled metric (a zero scale, from constant training data, falls back to the unscaled error)."""
    # interval metrics replace these scores in run_panel; until then (and for the ensemble's members) RMSSE
    metric = metric if metric in POINT_SELECTION else "rmsse"
    vals = np.array([_selection_score(metric, actual[w], preds[w], y[: cuts[w]], m) for w in valid])
    if vals.size and not np.all(np.isfinite(vals)):
        return np.array([_unscaled(metric, actual[w], preds[w]) for w in valid]), False
    return vals, True


def _relative_errors(bt: np.ndarray, actual: np.ndarray, valid: list[int], y: np.ndarray) -> np.ndarray:
    """RMSE per method and valid window relative to the series' mean level: comparable across sparse series."""
    level = float(np.mean(np.abs(y))) if len(y) else 0.0
    if level > 0 and valid:
        return np.sqrt(np.nanmean((bt[:, valid] - actual[None, valid]) ** 2, axis=2)) / level
    return np.full((bt.shape[0], len(valid)), np.nan)


SHRINK_GRID = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)


def _argbest(v: np.ndarray) -> np.ndarray:
    """Row-wise argmin ignoring NaN (first of ties)."""
    return np.argmin(np.where(np.isfinite(v), v, np.inf), axis=-1)


def _conformal_rank(sorted_vals: np.ndarray, level: float) -> float:
    n = len(sorted_vals)
    if n == 0:
        return np.nan
    k = min(math.ceil((n + 1) * level / 100.0 - 1e-12), n)
    return float(sorted_vals[k - 1])


def interval_window_scores(
    ys: Sequence[np.ndarray], outs: list[SeriesOut], cuts: np.ndarray, m: int, levels: Sequence[float]
) -> dict[str, np.ndarray]:
    """Proper scores of every backtested method's intervals on every window, for choosing by them.

    Each method's interval on window ``w`` is ``forecast -/+ q``: the split-conformal quantile at each level of
    that method's absolute errors on the *other* windows at the same horizon, divided by the local scale of
    their origin (:func:`trends.forecast.conformal.origin_scales`) and pooled across the panel, times the
    local scale of window ``w`` - the rule :mod:`trends.forecast.conformal` applies, left-one-window-out so
    the window scored never calibrates its own interval. (Bounds are not rounded to integers here.)

    Returns
    -------
    dict
        ``"swis"`` and ``"msis"`` (at 95 % when among ``levels``, else the widest), each (S, n_backtested, W):
        scores divided by the MASE scale of the window's training data, NaN where undefined.
    """
    S = len(outs)
    if S == 0:
        return {"swis": np.empty((0, 0, 0)), "msis": np.empty((0, 0, 0))}
    bt = np.stack([o.bt for o in outs])  # (S, nb, W, h)
    actual = np.stack([o.actual for o in outs])[:, None]  # (S, 1, W, h)
    _, nb, W, h = bt.shape
    osc = conformal.origin_scales(ys, cuts, conformal.scale_span(m))  # (S, W)
    msc = np.full((S, W), np.nan)
    for i, y in enumerate(ys):
        for w in range(W):
            if cuts[i, w] >= 2:
                msc[i, w] = M.scale_mae(y[: cuts[i, w]], m)
    msc = np.where(msc > 0, msc, np.nan)
    err = actual - bt
    z = np.abs(err) / osc[:, None, :, None]
    msis_lev = 95.0 if 95.0 in levels else max(levels)
    wis = 0.5 * np.abs(err)
    is_msis = np.full(err.shape, np.nan)
    for lev in levels:
        half = np.full(err.shape, np.nan)
        for k in range(nb):
            for j in range(h):
                for w in range(W):
                    pool = np.delete(z[:, k, :, j], w, axis=1)
                    pool = np.sort(pool[np.isfinite(pool)])
                    half[:, k, w, j] = osc[:, w] * _conformal_rank(pool, lev)
        isc = M.interval_scores(actual, bt - half, bt + half, lev)
        wis = wis + (1 - lev / 100) / 2 * isc
        if lev == msis_lev:
            is_msis = isc
    wis = wis / (len(levels) + 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return {
            "swis": np.nanmean(wis, axis=3) / msc[:, None, :],
            "msis": np.nanmean(is_msis, axis=3) / msc[:, None, :],
        }


def choose(outs: list[SeriesOut], plan: Plan) -> tuple[float, float]:
    """Choose a method per series; fills ``score``, ``chosen`` and ``auto_bt``; returns the shrinkage used and
    its leave-one-window-out score (lower is better).

    The score of method k for series i is ``(1 - lam) * s_ik + lam * sbar_k``: the series' own mean backtest
    score shrunk towards the panel's mean score of that method (over series with a scaled metric). ``lam`` is
    picked from :data:`SHRINK_GRID` by leave-one-window-out over the panel: for each window, every series
    chooses on its other windows (panel means from those windows too) and the choice is scored on the window
    left out - by the scaled weighted interval score of its intervals (``SeriesOut.proper``, a proper score of
    the forecast distribution) when it was computed, else by the selection metric. ``lam = 0`` is a pure
    per-series choice; ``lam = 1`` picks the panel's best method everywhere.

    Series that are mostly zeros (a share of zero values of at least ``SPARSE_ZEROS``) have scaled scores that
    are undefined or tied on most windows, and a choice of their own would fall to the first candidate. They
    take the method with the lowest mean backtest RMSE relative to each series' mean level, pooled over the
    panel's mostly-zero series (over every series when fewer than ``MIN_SPARSE_POOL`` are mostly zeros). (RMSE,
    not MAE: on mostly-zero counts the MAE favours forecasting 0, the median, over the mean rate.)
    """
    nb = len(plan.backtested)
    if not outs:
        return 0.0, np.inf
    S = len(outs)
    W = outs[0].bt.shape[1]
    full = _by_window(outs, lambda o: o.wmat, nb)  # scores aligned on window index: (S, nb, W)
    rel = _by_window(outs, lambda o: o.rel_err, nb)
    ev = np.stack([o.proper for o in outs]) if all(o.proper.size for o in outs) else full
    scaled = np.array([o.scaled for o in outs])
    sparse, sparse_pool = _sparse_pool(outs)

    def picks(sc: np.ndarray, rl: np.ndarray, lam: float) -> np.ndarray:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            own = np.nanmean(sc, axis=2)  # (S, nb)
            pool = np.nanmean(own[scaled], axis=0) if scaled.any() else np.full(nb, np.nan)
            rel_pool = np.nanmean(np.nanmean(rl[sparse_pool], axis=2), axis=0)
        lam_i = np.where(scaled, lam, 0.0)[:, None]
        blend = np.where(np.isfinite(pool)[None, :], (1 - lam_i) * own + lam_i * pool[None, :], own)
        blend = np.where(np.isfinite(own), blend, np.nan)
        out = _argbest(blend)
        if sparse.any() and np.isfinite(rel_pool).any():
            out = np.where(sparse, _argbest(rel_pool), out)
        return out

    def loo(lam: float) -> tuple[float, np.ndarray]:
        chosen_w = np.full((S, W), -1)
        vals = []
        for v in range(W):
            others = np.delete(full, v, axis=2)
            if others.shape[2] == 0:
                continue
            pk = picks(others, np.delete(rel, v, axis=2), lam)
            chosen_w[:, v] = pk
            got = ev[np.arange(S), pk, v]
            ok = np.isfinite(got) & (scaled if ev is full else True)
            vals.append(got[ok])
        allv = np.concatenate(vals) if vals else np.empty(0)
        return (float(np.mean(allv)) if allv.size else np.inf), chosen_w

    single = nb == 1
    results = {lam: loo(lam) for lam in ((0.0,) if single else SHRINK_GRID)}
    lam = min(results, key=lambda k: (results[k][0], k))  # ties: less shrinkage
    final_pick = picks(full, rel, lam)
    chosen_w = results[lam][1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        own = np.nanmean(full, axis=2)
    for i, o in enumerate(outs):
        o.score = own[i]
        usable = np.isfinite(own[i]).any() or (sparse[i] and np.isfinite(rel).any())
        o.chosen = plan.backtested[int(final_pick[i])] if usable else "naive"
        h = o.bt.shape[2]
        o.auto_bt = np.full((W, h), np.nan)
        o.chosen_w = [o.chosen] * W
        for w in o.valid:
            k = chosen_w[i, w] if chosen_w[i, w] >= 0 else final_pick[i]
            if not np.isfinite(o.bt[k, w]).all():
                k = final_pick[i]
            o.auto_bt[w] = o.bt[k, w]
            o.chosen_w[w] = plan.backtested[int(k)]
    return lam, results[lam][0]


def final_series(
    y: np.ndarray, h: int, m: int, plan: Plan, nonneg: bool, chosen: str, members: tuple[str, ...]
) -> tuple[dict[str, np.ndarray], Counter]:
    """Phase 2: fit the needed methods on the whole series and forecast."""
    fallbacks: Counter = Counter()
    cache: dict[str, np.ndarray] = {}

    def final_of(name: str) -> np.ndarray:
        if name not in cache:
            if name == "ensemble":
                use = members or (chosen,)
                cache[name] = np.mean([final_of(n) for n in use], axis=0)
            else:
                cache[name] = _fit(name, y, h, m, nonneg, fallbacks)
        return cache[name]

    final = {name: final_of(chosen if name == "auto" else name) for name in plan.outputs}
    return final, fallbacks


def _backtest_chunk(ys, counts, h, m, n_windows, step, plan) -> list[SeriesOut]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [
            backtest_series(y, h, m, cutoffs_for(len(y), h, n_windows, step), plan, c)
            for y, c in zip(ys, counts, strict=True)
        ]


def _final_chunk(ys, counts, h, m, plan, chosen, members) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [
            final_series(y, h, m, plan, c, ch, mb)
            for y, c, ch, mb in zip(ys, counts, chosen, members, strict=True)
        ]


def _calibrate_chunk(ys, counts, h, m, cal, names, members, chosen) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [
            calibrate_series(y, h, m, cc, nm, c, mb, ch)
            for y, c, cc, nm, mb, ch in zip(ys, counts, cal, names, members, chosen, strict=True)
        ]


def _batches(n: int, n_jobs: int | None) -> list[tuple[int, int]]:
    workers = joblib.effective_n_jobs(n_jobs)
    n_chunks = 1 if workers == 1 else min(n, 4 * workers)
    n_chunks = max(1, min(n, max(n_chunks, math.ceil(n / 16))))
    bounds = np.linspace(0, n, n_chunks + 1).astype(int)
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _run(jobs, n: int, n_jobs: int | None, progress: bool, desc: str) -> list:
    out: list = []
    with tqdm(total=n, disable=not progress, desc=desc, unit="series", leave=False) as bar:
        for res in joblib.Parallel(n_jobs=n_jobs, return_as="generator")(jobs):
            out.extend(res)
            bar.update(len(res))
    return out


def run_panel(
    panel: Panel,
    h: int,
    n_windows: int,
    step: int,
    plan: Plan,
    n_jobs: int | None,
    progress: bool,
    final: bool = True,
    calibration: int | None = None,
    levels: Sequence[float] = (80.0, 95.0),
) -> tuple[list[SeriesOut], float]:
    """Backtest every series, choose, forecast the extra calibration origins, and (``final=True``) forecast.

    Chunks of series go through joblib (any backend, e.g. dask), with a tqdm bar per phase. Returns the
    per-series outputs and the shrinkage weight of the choice (:func:`choose`). ``calibration`` caps the
    number of extra calibration origins per series (:func:`calibration_cuts`; ``None``: as many as the
    series allows, 0: none); they are forecast only by the methods whose intervals are produced (for
    ``auto`` the methods it chose per window and overall), so they cost a fraction of the backtest. ``levels``
    are the interval levels scored by :func:`interval_window_scores` when methods are compared.
    """
    n = len(panel.y)
    m = panel.season_length
    nonneg = panel.nonneg  # forecasts clipped at 0 (counts and rates)
    chunks = _batches(n, n_jobs)
    jobs = (
        joblib.delayed(_backtest_chunk)(panel.y[a:b], list(nonneg[a:b]), h, m, n_windows, step, plan)
        for a, b in chunks
    )
    outs: list[SeriesOut] = _run(jobs, n, n_jobs, progress, "backtest")
    if len(plan.backtested) > 1:
        cuts = np.array([cutoffs_for(len(y), h, n_windows, step) for y in panel.y]).reshape(n, n_windows)
        # the mostly-zero series' ensembles from their own members or from members pooled over the panel:
        # whichever the choice's own leave-one-window-out score prefers (ties: their own)
        best: tuple[float, float, list[SeriesOut]] | None = None
        for version in (outs, pool_sparse_ensembles(outs, plan, panel.y, m, cuts)):
            if version is None:
                continue
            proper = interval_window_scores(panel.y, version, cuts, m, levels)
            for i, o in enumerate(version):
                o.proper = proper["swis"][i]
                if plan.metric in INTERVAL_SELECTION and o.valid:
                    o.wmat = proper[plan.metric][i][:, o.valid]
                    o.scaled = bool(np.isfinite(o.wmat).all())
            lam, loss = choose(version, plan)
            if best is None or loss < best[1]:
                best = (lam, loss, version)
        assert best is not None
        lam, _, outs = best
    else:
        lam, _ = choose(outs, plan)
    cal = [
        calibration_cuts(len(y), h, cutoffs_for(len(y), h, n_windows, step), step, m, calibration)
        for y in panel.y
    ]
    names = [_calibrated_methods(o, plan) for o in outs]
    if any(cal):
        jobs = (
            joblib.delayed(_calibrate_chunk)(
                panel.y[a:b],
                list(nonneg[a:b]),
                h,
                m,
                cal[a:b],
                names[a:b],
                [o.ensemble_members for o in outs[a:b]],
                [o.chosen for o in outs[a:b]],
            )
            for a, b in chunks
        )
        cal_out = _run(jobs, n, n_jobs, progress, "calibrate")
    else:
        cal_out = [(np.empty((0, h)), {}) for _ in outs]
    for o, cc, (act, preds) in zip(outs, cal, cal_out, strict=True):
        o.cal_cuts, o.cal_actual, o.cal_bt = cc, act, preds
    if not final:
        return outs, lam
    chosen = [o.chosen for o in outs]
    members = [o.ensemble_members for o in outs]
    jobs = (
        joblib.delayed(_final_chunk)(panel.y[a:b], list(nonneg[a:b]), h, m, plan, chosen[a:b], members[a:b])
        for a, b in chunks
    )
    finals = _run(jobs, n, n_jobs, progress, "forecast")
    for o, (fin, fb) in zip(outs, finals, strict=True):
        o.final = fin
        o.fallbacks.update(fb)
    return outs, lam


def _calibrated_methods(o: SeriesOut, plan: Plan) -> tuple[str, ...]:
    """Methods whose errors at the extra calibration origins the intervals need, for one series."""
    need: list[str] = []
    for name in plan.outputs:
        if name == "auto":
            need += [o.chosen, *(o.chosen_w[w] for w in o.valid)] if o.chosen_w else [o.chosen]
        else:
            need.append(name)
    return tuple(dict.fromkeys(need))


def warn_fallbacks(outs: list[SeriesOut]) -> None:
    """One warning that sums up every fallback of the batch."""
    total: Counter = Counter()
    for o in outs:
        total.update(o.fallbacks)
    if total:
        parts = ", ".join(f"{k}: {v}" for k, v in sorted(total.items()))
        warnings.warn(
            "some fits fell back to the naive forecast (series too short for the method, or the method failed) "
            f"- fits per method: {parts}",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
