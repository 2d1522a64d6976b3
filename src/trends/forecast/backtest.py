"""Rolling-origin backtests, per-series scores and the leaderboard.

A backtest refits every method on the first ``c`` observations of each series and forecasts the next ``h``, for
``n_windows`` origins ``step`` periods apart, the last window ending at the series' last observation (Tashman
2000; Hyndman & Athanasopoulos, FPP3 §5.10). Metrics: :mod:`trends.forecast.metrics`.

The intervals scored here (coverage and the scaled interval score) are calibrated *sequentially*: horizon
``j`` of window ``w`` gets conformal intervals from the horizon-``j`` errors of earlier origins whose outcome was
observed by its origin (``c + j <= cutoff_w``): earlier backtest windows and the extra calibration origins
(:func:`trends.forecast._engine.calibration_cuts`; for the ``auto`` rows, errors there of the method ``auto``
used on window ``w``), scaled by the training data of their own origin and pooled across the panel as in
:mod:`trends.forecast.conformal`. No interval uses an outcome, or a scale from data, after its window's origin:
they are out-of-sample. Windows without such earlier errors have no interval (NaN, and a note in
``BacktestResult.notes``).
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from trends._api import legacy_arguments
from trends.forecast import conformal, counts
from trends.forecast import metrics as M
from trends.forecast._engine import (
    Panel,
    Plan,
    SeriesOut,
    check_windows,
    cutoffs_for,
    make_plan,
    prepare,
    run_panel,
    warn_fallbacks,
)
from trends.messages import t
from trends.results import Result

__all__ = ["BacktestResult", "backtest", "calibration", "leaderboard"]

POINT_METRICS = ("mase", "rmsse", "smape", "mae", "rmse")
Metric = Literal["rmsse", "mase", "smape", "mae", "rmse", "swis", "msis"]
Rounding = Literal["exact", "outward"]


def _level_name(level: float) -> str:
    return f"{level:g}"


def interval_columns(levels: Sequence[float]) -> list[str]:
    cols = []
    for lev in levels:
        cols += [f"lo_{_level_name(lev)}", f"hi_{_level_name(lev)}"]
    return cols


def check_levels(level: float | Sequence[float]) -> tuple[float, ...]:
    """Interval levels in percent, sorted and without repeats; one number (NumPy's too) or a sequence."""
    levels = (level,) if isinstance(level, numbers.Real) else tuple(level)  # type: ignore[arg-type]
    for lev in levels:
        if not 0 < float(lev) < 100:
            raise ValueError(f"interval levels are percentages strictly between 0 and 100, got {lev!r}")
        if float(lev) <= 1:
            raise ValueError(
                f"interval levels are in percent (e.g. 95), got {lev!r}, which looks like a fraction"
            )
    return tuple(sorted({float(v) for v in levels}))  # a repeated level would repeat its columns


@dataclass(frozen=True)
class BacktestResult(Result):
    """Rolling-origin backtest of one or more methods over a panel.

    Attributes
    ----------
    predictions : DataFrame
        Long: id columns, ``method``, ``window`` (0 = oldest), ``cutoff`` (last training period), ``period``,
        ``horizon`` (1..h), ``actual``, ``forecast`` (the mean), ``median`` (the predictive median, as in
        :class:`~trends.forecast.ForecastResult`), ``scale`` (the MASE scale of the window's training data:
        mean absolute seasonal-naive change), ``negbin`` (True where the interval is negative-binomial, see
        ``count_intervals``) and ``lo_<L>`` / ``hi_<L>`` interval bounds.
    scores : DataFrame
        One row per series and method: ``n_windows``, MASE, RMSSE, sMAPE, MAE, RMSE, ``coverage_<L>``,
        ``msis_<L>`` (interval score divided by the MASE scale, as in the M4 competition), ``swis`` (weighted
        interval score over the levels and the point forecast, Bracher et al. 2021, divided by the same scale:
        a CRPS-type proper score of the whole predictive distribution) and ``chosen`` (the method ``auto``
        picks). Lower is better for every metric but coverage, which should be near its level;
        :mod:`trends.forecast.metrics` has the formulas.
    h, n_windows, step, metric, levels, freq, ids
        The settings that produced it.
    shrinkage : float
        Weight of the panel mean in the per-series choice (0 = each series on its own; see
        :func:`trends.forecast._engine.choose`), picked by leave-one-window-out.
    recent_weight : float
        How closely the conformal scale follows recent volatility (1: the recent scale; 0: the whole
        history's; :func:`trends.forecast.conformal.origin_scales`), picked from
        :data:`trends.forecast.conformal.SCALE_WEIGHTS` for the forecast by the scaled weighted interval
        score of the candidates' intervals on every window; each backtest window uses the weight chosen on
        the windows fully observed by its origin, so its interval stays out-of-sample.
    notes : tuple of str
        Anything the user should know (e.g. windows without calibrated intervals).
    count_intervals : dict of str to str
        Per output method, the intervals the panel's count series get at the last window: ``"conformal"``,
        ``"negbin"`` (negative-binomial quantiles around the forecast calibrated on the backtest origins,
        :mod:`trends.forecast.counts`) or ``"mixed"`` (negative-binomial for the low counts only, conformal for
        the others; :func:`trends.forecast.counts.select`). ``predictions["negbin"]`` says it per row; in
        :attr:`trends.forecast.ForecastResult.backtest_result` it describes the forecast.
    """

    predictions: pd.DataFrame
    scores: pd.DataFrame
    h: int
    n_windows: int
    step: int
    metric: str
    levels: tuple[float, ...]
    freq: str
    ids: tuple[str, ...]
    shrinkage: float = 0.0
    notes: tuple[str, ...] = field(default=())
    recent_weight: float = 1.0
    count_intervals: dict[str, str] = field(default_factory=dict)

    citation = (
        "Rolling-origin evaluation: Tashman (2000), Int. J. Forecasting 16(4); scaled errors: Hyndman & Koehler "
        "(2006), Int. J. Forecasting 22(4)."
    )

    # -- the result protocol (trends.results.Result) -----------------------------------------------
    @property
    def spec(self) -> dict[str, Any]:  # type: ignore[override]
        """The settings that produced the backtest."""
        return dict(
            h=self.h, n_windows=self.n_windows, step=self.step, metric=self.metric, levels=self.levels,
            freq=self.freq, ids=self.ids,
        )  # fmt: skip

    @property
    def table(self) -> pd.DataFrame:
        """The leaderboard: ``term`` (the method), ``estimate`` (its mean ``metric``), then every metric."""
        board = leaderboard(self)
        return pd.concat(
            [pd.DataFrame({"term": board["method"], "estimate": board[self.metric]}), board], axis=1
        ).reset_index(drop=True)

    def conf_int(self, level: float | None = None) -> pd.DataFrame:
        raise ValueError("a backtest scores forecasts; its metrics carry no confidence interval")

    @property
    def headline(self) -> pd.Series:
        """The best method's mean metric."""
        return self.table.iloc[0]

    def sentence(self) -> str:
        best = self.table.iloc[0]
        return (
            f"Best method by mean {self.metric.upper()} over {self.n_windows} backtest windows: {best['term']} "
            f"({best['estimate']:.3f}; lower is better)."
        )

    def _draw(self, ax: Any, *, lang: str = "en") -> Any:
        """The mean metric by method, best at the top."""
        from matplotlib.figure import Figure

        tab = self.table
        if ax is None:
            fig = Figure(figsize=(6, 0.4 * len(tab) + 1.2), layout="constrained")
            ax = fig.subplots()
        else:
            fig = ax.figure
        ax.barh(tab["term"].astype(str)[::-1], tab["estimate"][::-1], color="C0")
        ax.set_xlabel(t("plot.backtest.metric", lang, metric=self.metric.upper()))
        return fig

    def leaderboard(self, metric: str | None = None) -> pd.DataFrame:
        """Mean of every metric by method, best first (see :func:`leaderboard`)."""
        return leaderboard(self, metric=metric)

    def calibration(self, by: str | Sequence[str] = "horizon", method: str | None = "auto") -> pd.DataFrame:
        """Coverage of the backtest's intervals by horizon, window, target period or id (see :func:`calibration`)."""
        return calibration(self, by=by, method=method)


def leaderboard(result: BacktestResult | pd.DataFrame, metric: str | None = None) -> pd.DataFrame:
    """Mean of every metric by method over the series of a backtest, sorted by ``metric``.

    Parameters
    ----------
    result : BacktestResult or DataFrame
        A backtest result, or its ``scores`` frame.
    metric : str, optional
        Sort key; defaults to the backtest's selection metric (RMSSE unless chosen otherwise).

    Returns
    -------
    DataFrame
        One row per method with ``n_series``, the mean of each metric (series with an undefined scaled metric,
        e.g. a constant history, are left out of that mean), ``share_chosen`` (how often ``auto`` picked it),
        and, when methods were compared, a row ``auto``: the per-series choice scored honestly, each window
        forecast by the method chosen on the *other* windows (leave-one-window-out).
    """
    scores = result.scores if isinstance(result, BacktestResult) else result
    metric = metric or (result.metric if isinstance(result, BacktestResult) else "rmsse")
    value_cols = [
        c for c in scores.columns if c in POINT_METRICS or c == "swis" or c.startswith(("coverage_", "msis_"))
    ]
    if metric not in value_cols:
        raise ValueError(f"cannot sort the leaderboard by {metric!r}; choose among {value_cols}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        board = scores.groupby("method", sort=False)[value_cols].mean()
        board.insert(0, "n_series", scores.groupby("method", sort=False).size())
        board["share_chosen"] = scores.groupby("method", sort=False)["chosen"].mean()
    if "auto" in board.index:
        board.loc["auto", "share_chosen"] = np.nan
    board.index.name = "method"
    return board.sort_values(metric, kind="stable").reset_index()


def calibration(
    result: BacktestResult, by: str | Sequence[str] = "horizon", method: str | None = "auto"
) -> pd.DataFrame:
    """Empirical coverage of the backtest's intervals, and on which side they missed, by group.

    Every held-out forecast that has an interval counts once (a window's forecasts at horizons no earlier
    origin has observed have none: with ``calibration=0``, the oldest windows only calibrate). Grouping by ``"period"`` (the target) or by an id column shows whether misses cluster: intervals
    that share a target period share its shocks, so a panel's coverage on few periods can stray far from
    nominal by luck, and misses on one side only mean the point forecasts were biased, not the intervals
    too narrow.

    Parameters
    ----------
    result : BacktestResult
        A backtest (``forecast(...).backtest_result`` or :func:`backtest`).
    by : str or sequence of str
        Columns of ``result.predictions`` to group by: ``"horizon"``, ``"window"``, ``"cutoff"``,
        ``"period"``, id columns; ``[]`` for one overall row.
    method : str or None
        The method whose intervals to check (default ``"auto"``, the per-series choice, which in a backtest
        of one method is that method); ``None`` for every method, grouped by ``method`` first.

    Returns
    -------
    DataFrame
        One row per group: ``n`` (intervals), per level ``coverage_<L>`` (share of actual values inside),
        ``below_<L>`` and ``above_<L>`` (shares under the lower / over the upper bound; the three add up to 1)
        and ``msis_<L>`` (mean interval score divided by the MASE scale of each forecast's training data), and
        ``swis`` (mean scaled weighted interval score over the levels, :mod:`trends.forecast.metrics`). Coverage
        alone rewards intervals that are right on average but too wide where the series is calm and too narrow
        where it is volatile; the interval scores penalise both (lower is better). Rows whose training data
        had no change (zero scale) are left out of the scaled scores.

    Examples
    --------
    >>> res = backtest(df, h=12, n_windows=3)                     # doctest: +SKIP
    >>> res.calibration("horizon")                                 # doctest: +SKIP
    >>> res.calibration(["district"])  # are the misses concentrated?  # doctest: +SKIP
    """
    pred = result.predictions
    keys = [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in pred.columns or k in ("actual", "forecast")]
    if unknown:
        allowed = ["horizon", "window", "cutoff", "period", *result.ids, "method"]
        raise ValueError(f"cannot group the calibration by {unknown}; choose among {allowed}")
    if method is not None:
        methods = list(pred["method"].unique())
        if method == "auto" and len(methods) == 1:  # a one-method backtest: its method is the choice
            method = methods[0]
        if method not in methods:
            raise ValueError(f"method {method!r} is not in this backtest; it has {methods}")
        pred = pred[pred["method"] == method]
    else:
        keys = ["method", *[k for k in keys if k != "method"]]
    first = f"lo_{_level_name(result.levels[0])}"
    pred = pred[pred[first].notna()]
    flags: dict[str, np.ndarray] = {"n": np.ones(len(pred), dtype=int)}
    y = pred["actual"].to_numpy(dtype=float)
    scale = pred["scale"].to_numpy(dtype=float) if "scale" in pred else np.full(len(pred), np.nan)
    wis = 0.5 * np.abs(y - pred["forecast"].to_numpy(dtype=float))
    for lev in result.levels:
        name = _level_name(lev)
        lo, hi = pred[f"lo_{name}"].to_numpy(dtype=float), pred[f"hi_{name}"].to_numpy(dtype=float)
        below, above = y < lo, y > hi
        flags |= {f"coverage_{name}": ~(below | above), f"below_{name}": below, f"above_{name}": above}
        isc = M.interval_scores(y, lo, hi, lev)
        flags[f"msis_{name}"] = isc / scale
        wis = wis + (1 - lev / 100) / 2 * isc
    flags["swis"] = wis / (len(result.levels) + 0.5) / scale
    frame = pd.DataFrame(flags, index=pred.index)
    frame[keys] = pred[keys]
    groups = frame.groupby(keys, sort=True) if keys else frame.groupby(np.zeros(len(frame), dtype=int))
    table = groups.agg({c: "sum" if c == "n" else "mean" for c in flags})
    return table.reset_index(drop=not keys)


def _seq_intervals(
    preds: np.ndarray,
    scores: np.ndarray,
    score_scale: np.ndarray,
    target_scale: np.ndarray,
    cuts: np.ndarray,
    levels: tuple,
    extra=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-sample conformal bounds per window and horizon from errors already observed at its origin.

    ``scores`` (S, W, h) are the backtest windows' absolute errors, ``score_scale`` (S, W) the scale of each
    window's training data, ``target_scale`` (S, W) the scale the quantile is multiplied by for window ``w``
    and ``cuts`` (S, W) the windows' training lengths. Horizon ``j`` (1-based) of window ``w`` is calibrated on
    the horizon-``j`` errors of earlier origins ``c`` with ``c + j <= cuts[w]`` (outcome observed by the
    origin). ``extra(w)`` gives the errors (S, C, h) of extra calibration origins, already masked so, and their
    scales (S, C), or ``None``.
    """
    S, W, h = preds.shape
    lo = np.full((S, len(levels), W, h), np.nan)
    hi = np.full_like(lo, np.nan)
    j1 = np.arange(1, h + 1)
    for w in range(W):
        seen = cuts[:, :, None] + j1[None, None, :] <= cuts[:, w, None, None]  # (S, W, h)
        sc, ss = [np.where(seen, scores, np.nan)], [score_scale]
        if extra is not None:
            e, es = extra(w)
            sc.append(e)
            ss.append(es)
        sc_w, ss_w = np.concatenate(sc, axis=1), np.concatenate(ss, axis=1)
        if not np.isfinite(sc_w).any():
            continue
        q, _, _ = conformal.quantiles(sc_w, target_scale[:, w], levels, ss_w)
        lo[:, :, w, :] = preds[:, None, w, :] - q
        hi[:, :, w, :] = preds[:, None, w, :] + q
    return lo, hi


def calibration_arrays(
    panel: Panel, outs: list[SeriesOut], h: int, recent_weight: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Extra calibration origins padded to a common length: cuts (S, C; -1 = none), actuals (S, C, h), scales."""
    S = len(outs)
    span = conformal.scale_span(panel.season_length)
    C = max((len(o.cal_cuts) for o in outs), default=0)
    cuts = np.full((S, C), -1, dtype=int)
    actual = np.full((S, C, h), np.nan)
    scale = np.full((S, C), np.nan)
    for i, o in enumerate(outs):
        n = len(o.cal_cuts)
        if n:
            cuts[i, :n] = o.cal_cuts
            actual[i, :n] = o.cal_actual
    if C:
        scale = np.where(cuts >= 0, conformal.origin_scales(panel.y, cuts, span, recent_weight), np.nan)
    return cuts, actual, scale


def calibration_errors(outs: list[SeriesOut], method_of, actual: np.ndarray) -> np.ndarray:
    """Absolute errors (S, C, h) at the extra calibration origins of the method ``method_of(i)`` (NaN if none)."""
    err = np.full(actual.shape, np.nan)
    for i, o in enumerate(outs):
        name = method_of(i)
        n = len(o.cal_cuts)
        if n and name in o.cal_bt:
            err[i, :n] = np.abs(actual[i, :n] - o.cal_bt[name])
    return err


def _count_round(
    lo: np.ndarray,
    hi: np.ndarray,
    mean: np.ndarray,
    is_count: np.ndarray,
    rounding: str,
    levels: Sequence[float],
    nonneg: np.ndarray | None = None,
):
    """Apply count bounds to the rows (first axis) of count series, at least as wide as the Poisson interval
    at each level (axis 1: :func:`trends.forecast.conformal.poisson_floor`), and lower bounds of at least 0 to
    the rows of the other series never below zero (``nonneg``, e.g. rates); ``mean`` broadcasts."""
    if nonneg is not None and nonneg.any():
        lo = np.where(nonneg.reshape((-1,) + (1,) * (lo.ndim - 1)), np.maximum(lo, 0.0), lo)
    if not is_count.any():
        return lo, hi
    m = np.broadcast_to(mean, lo.shape)
    ok = np.isfinite(lo)
    sel = is_count.reshape((-1,) + (1,) * (lo.ndim - 1)) & ok
    floor_lo, floor_hi = conformal.poisson_floor(lo, hi, m, levels)
    lo, hi = np.where(sel, floor_lo, lo), np.where(sel, floor_hi, hi)
    lo_c, hi_c = conformal.count_bounds(np.where(ok, lo, 0), np.where(ok, hi, 0), m, rounding)
    lo = np.where(sel, lo_c, lo)
    hi = np.where(sel, hi_c, hi)
    return lo, hi


def _extra_errors(name: str, outs: list[SeriesOut], cal_actual: np.ndarray, W: int) -> list[np.ndarray]:
    """Per window, the errors at the extra calibration origins of the method the window's interval is for."""
    if name == "auto":
        return [calibration_errors(outs, lambda i, w=w: outs[i].chosen_w[w], cal_actual) for w in range(W)]
    return [calibration_errors(outs, lambda i, name=name: name, cal_actual)] * W


def _extra_fn(
    errs: list[np.ndarray] | None, cal_cuts: np.ndarray, cal_scale: np.ndarray, cuts: np.ndarray, h: int
):
    """``extra(w)`` of :func:`_seq_intervals`: extra-origin errors observed by window ``w``'s origin, scales."""
    if errs is None or not cal_cuts.shape[1]:
        return None

    def extra(w: int) -> tuple[np.ndarray, np.ndarray]:
        j1 = np.arange(1, h + 1)[None, None, :]
        seen = (cal_cuts[:, :, None] >= 0) & (cal_cuts[:, :, None] + j1 <= cuts[:, w, None, None])
        return np.where(seen, errs[w], np.nan), cal_scale

    return extra


def _cal_scale(panel: Panel, cal_cuts: np.ndarray, span: int, recent_weight: float) -> np.ndarray:
    if not cal_cuts.shape[1]:
        return np.full(cal_cuts.shape, np.nan)
    sc = conformal.origin_scales(panel.y, cal_cuts, span, recent_weight)
    return np.where(cal_cuts >= 0, sc, np.nan)


def _window_swis(actual, preds, lo, hi, levels, sc_mae) -> np.ndarray:
    """Scaled weighted interval score per series and window (S, W), over the horizons; NaN without intervals."""
    wis = 0.5 * np.abs(actual - preds)
    has = np.isfinite(lo[:, 0])
    for li, lev in enumerate(levels):
        wis = wis + (1 - lev / 100) / 2 * M.interval_scores(actual, lo[:, li], hi[:, li], lev)
    wis = np.where(has, wis / (len(levels) + 0.5), np.nan)
    return np.nanmean(wis, axis=2) / sc_mae


def calibration_preds(outs: list[SeriesOut], method_of, actual: np.ndarray) -> np.ndarray:
    """Forecasts (S, C, h) at the extra calibration origins of the method ``method_of(i)`` (NaN if none)."""
    out = np.full(actual.shape, np.nan)
    for i, o in enumerate(outs):
        name = method_of(i)
        n = len(o.cal_cuts)
        if n and name in o.cal_bt:
            out[i, :n] = o.cal_bt[name]
    return out


def _seq_negbin(
    preds: np.ndarray,
    actual: np.ndarray,
    cuts: np.ndarray,
    levels: tuple,
    is_count: np.ndarray,
    extra=None,
    low_only: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-sample negative-binomial bounds (S, L, W, h) of count series, as :func:`_seq_intervals`.

    Window ``w``'s horizon ``j`` is calibrated on the outcomes and forecasts of earlier origins observed by
    its origin (``extra(w)`` gives those of the extra calibration origins: actuals, forecasts), pooled over
    the panel's count series. With ``low_only``, only the series that are low counts at that origin
    (:func:`trends.forecast.counts.select`) get them; otherwise every count series. Returns ``lo, hi`` (NaN on
    other rows), the medians of the same distributions (S, W, h) and the rows (S, W) that have them.
    """
    S, W, h = preds.shape
    lo = np.full((S, len(levels), W, h), np.nan)
    hi = np.full_like(lo, np.nan)
    med = np.full((S, W, h), np.nan)
    rows = np.zeros((S, W), dtype=bool)
    idx = np.nonzero(is_count)[0]
    if not len(idx):
        return lo, hi, med, rows
    j1 = np.arange(1, h + 1)
    for w in range(W):
        seen = cuts[:, :, None] + j1[None, None, :] <= cuts[:, w, None, None]
        ya, mu = [np.where(seen, actual, np.nan)], [np.where(seen, preds, np.nan)]
        if extra is not None:
            ea, em = extra(w)
            ya.append(ea)
            mu.append(em)
        ya_w, mu_w = np.concatenate(ya, axis=1)[idx], np.concatenate(mu, axis=1)[idx]
        if not (np.isfinite(ya_w) & np.isfinite(mu_w)).any():
            continue
        use = np.isfinite(preds[idx, w, :]).any(axis=-1)
        if low_only:
            use &= counts.select(ya_w, mu_w, preds[idx, w, :], levels)
        if not use.any():
            continue
        # fitted on every count series
        lo_w, hi_w, med_w = counts.intervals(ya_w, mu_w, preds[idx, w, :], levels)
        lo_w, hi_w = lo_w[use], hi_w[use]
        ok = np.isfinite(lo_w[:, 0]).all(axis=-1)
        lo[idx[use], :, w, :] = lo_w
        hi[idx[use], :, w, :] = hi_w
        med[idx[use], w, :] = med_w[use]
        rows[idx[use], w] = ok
    return lo, hi, med, rows


def _extra_negbin_fn(preds: list[np.ndarray] | None, cal_actual, cal_cuts, cuts, h: int):
    """``extra(w)`` of :func:`_seq_negbin`: the extra origins' actuals and forecasts observed by window ``w``."""
    if preds is None or not cal_cuts.shape[1]:
        return None

    def extra(w: int) -> tuple[np.ndarray, np.ndarray]:
        j1 = np.arange(1, h + 1)[None, None, :]
        seen = (cal_cuts[:, :, None] >= 0) & (cal_cuts[:, :, None] + j1 <= cuts[:, w, None, None])
        return np.where(seen, cal_actual, np.nan), np.where(seen, preds[w], np.nan)

    return extra


def _extra_preds(name: str, outs: list[SeriesOut], cal_actual: np.ndarray, W: int) -> list[np.ndarray]:
    """Per window, the extra-origin forecasts of the method the window's interval is for."""
    if name == "auto":
        return [calibration_preds(outs, lambda i, w=w: outs[i].chosen_w[w], cal_actual) for w in range(W)]
    return [calibration_preds(outs, lambda i, name=name: name, cal_actual)] * W


def assemble(
    panel: Panel,
    outs: list[SeriesOut],
    plan: Plan,
    h: int,
    n_windows: int,
    step: int,
    levels: tuple[float, ...],
    rounding: str,
    shrinkage: float = 0.0,
    count_intervals: str = "auto",
) -> BacktestResult:
    """Build the backtest frames from the per-series job outputs."""
    S = len(outs)
    m = panel.season_length
    W = n_windows
    cuts = np.array([cutoffs_for(len(y), h, n_windows, step) for y in panel.y]).reshape(S, W)
    actual = np.stack([o.actual for o in outs]) if S else np.empty((0, W, h))
    valid = np.isfinite(actual[:, :, 0])
    # Scales of each window's training data.
    sc_mae = np.full((S, W), np.nan)
    sc_mse = np.full((S, W), np.nan)
    for i, y in enumerate(panel.y):
        for w in range(W):
            if valid[i, w]:
                tr = y[: cuts[i, w]]
                k = m if len(tr) > m else 1
                if len(tr) >= 2:
                    d = tr[k:] - tr[:-k]
                    sc_mae[i, w] = np.mean(np.abs(d))
                    sc_mse[i, w] = np.mean(d**2)
    sc_mae = np.where(sc_mae > 0, sc_mae, np.nan)
    sc_mse = np.where(sc_mse > 0, sc_mse, np.nan)
    # Conformal scores are scaled by the (recent) training data of their own origin; a window's interval by
    # its own, so the calibration follows changes in a series' volatility and never sees later data. How
    # closely the scale follows recent volatility (recent_weight, conformal.SCALE_WEIGHTS) is chosen per
    # window by the interval score of the candidates' intervals on earlier windows fully observed by its
    # origin (none: the recent scale alone), and for the final forecast on every window.
    span = conformal.scale_span(m)
    gap = math.ceil(h / step)
    cal_cuts, cal_actual, _ = calibration_arrays(panel, outs, h)
    weights = conformal.SCALE_WEIGHTS
    scl = [
        (conformal.origin_scales(panel.y, cuts, span, wgt), _cal_scale(panel, cal_cuts, span, wgt))
        for wgt in weights
    ]
    series_of = [(name, np.stack([o.bt[k] for o in outs])) for k, name in enumerate(plan.backtested)]
    if len(plan.backtested) > 1:
        series_of.append(("auto", np.stack([o.auto_bt for o in outs])))
    bounds: dict[str, list] = {}
    for name, preds in series_of:
        abserr = np.abs(actual - preds)
        errs = None
        if cal_cuts.shape[1] and (name == "auto" or name in plan.outputs):
            errs = _extra_errors(name, outs, cal_actual, W)
        bounds[name] = [
            _seq_intervals(
                preds,
                abserr,
                np.where(valid, win_w, np.nan),
                win_w,
                cuts,
                levels,
                _extra_fn(errs, cal_cuts, cal_w, cuts, h),
            )
            for win_w, cal_w in scl
        ]
    # judged on the named candidates only: auto's and the ensemble's backtests use choices made on later
    # windows, which would leak their outcomes into earlier windows' intervals
    judged = dict(series_of[: len(plan.candidates)])
    per_w = np.full((len(weights), W), np.nan)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        for b in range(len(weights)):
            vals = [
                _window_swis(actual, p, bounds[n][b][0], bounds[n][b][1], levels, sc_mae)
                for n, p in judged.items()
            ]
            per_w[b] = np.nanmean(np.stack(vals), axis=(0, 1))
    default = weights.index(1.0)

    def pick(cols: np.ndarray) -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            v = np.nanmean(cols, axis=1) if cols.shape[1] else np.full(len(weights), np.nan)
        return int(np.argmin(np.where(np.isfinite(v), v, np.inf))) if np.isfinite(v).any() else default

    pick_w = [pick(per_w[:, : max(w - gap + 1, 0)]) for w in range(W)]
    recent_weight = weights[pick(per_w)]
    conf_bounds = {
        name: _count_round(
            np.stack([bounds[name][pick_w[w]][0][:, :, w] for w in range(W)], axis=2),
            np.stack([bounds[name][pick_w[w]][1][:, :, w] for w in range(W)], axis=2),
            preds[:, None, :, :],
            panel.is_count,
            rounding,
            levels,
            panel.nonneg,
        )
        for name, preds in series_of
    }
    # Count series: negative-binomial quantiles around the forecast (counts.py) instead of the conformal
    # intervals for the low counts (counts.select: zero inside their own negative-binomial interval at the
    # widest level), decided per series and window from the forecast made at that origin and the errors it had
    # observed, so every window has the intervals its own origin would have chosen; with
    # count_intervals="negbin" for every count series.
    nb_bounds: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    nb_rows: dict[str, np.ndarray] = {name: np.zeros((S, W), dtype=bool) for name, _ in series_of}
    if panel.is_count.any() and count_intervals != "conformal":
        for name, preds in series_of:
            extra = None
            if cal_cuts.shape[1] and (name == "auto" or name in plan.outputs):
                extra = _extra_preds(name, outs, cal_actual, W)
            nb_lo, nb_hi, nb_med, nb_rows[name] = _seq_negbin(
                preds,
                actual,
                cuts,
                levels,
                panel.is_count,
                _extra_negbin_fn(extra, cal_actual, cal_cuts, cuts, h),
                low_only=count_intervals == "auto",
            )
            nb_bounds[name] = (nb_lo, nb_hi, nb_med)
    keys = panel.key_frame()
    # period of position p of series i: start_i + p periods
    pos_periods = [panel.periods(i, 0, len(y) + h) for i, y in enumerate(panel.y)]

    pred_frames, score_frames = [], []
    chosen = np.array([o.chosen for o in outs], dtype=object)
    notes: list[str] = []
    for name, preds in series_of:
        err = actual - preds
        abserr = np.abs(err)
        lo, hi = conf_bounds[name]
        median = preds  # the conformal intervals are symmetric around the forecast
        if nb_rows[name].any():
            sel = nb_rows[name][:, None, :, None]
            lo = np.where(sel, nb_bounds[name][0], lo)
            hi = np.where(sel, nb_bounds[name][1], hi)
            median = np.where(sel[:, 0], nb_bounds[name][2], preds)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            mae_w = np.nanmean(abserr, axis=2)
            mse_w = np.nanmean(err**2, axis=2)
            den = np.abs(actual) + np.abs(preds)
            sm = np.where(den > 0, 200 * abserr / np.where(den > 0, den, 1), 0.0)
            sm = np.where(np.isfinite(actual), sm, np.nan)
            cols: dict[str, np.ndarray] = {
                "n_windows": valid.sum(axis=1),
                "mase": np.nanmean(mae_w / sc_mae, axis=1),
                "rmsse": np.nanmean(np.sqrt(mse_w / sc_mse), axis=1),
                "smape": np.nanmean(np.nanmean(sm, axis=2), axis=1),
                "mae": np.nanmean(mae_w, axis=1),
                "rmse": np.nanmean(np.sqrt(mse_w), axis=1),
            }
            wis = 0.5 * np.abs(actual - median)  # Bracher et al.'s WIS takes the predictive median
            for li, lev in enumerate(levels):
                lo_l, hi_l = lo[:, li], hi[:, li]
                has = np.isfinite(lo_l)
                inside = ((actual >= lo_l) & (actual <= hi_l)).astype(float)
                cols[f"coverage_{_level_name(lev)}"] = np.nanmean(np.where(has, inside, np.nan), axis=(1, 2))
                a = 1 - lev / 100
                isc = np.where(has, M.interval_scores(actual, lo_l, hi_l, lev), np.nan)
                cols[f"msis_{_level_name(lev)}"] = np.nanmean(np.nanmean(isc, axis=2) / sc_mae, axis=1)
                wis = wis + a / 2 * isc
            wis = wis / (len(levels) + 0.5)
            cols["swis"] = np.nanmean(np.nanmean(wis, axis=2) / sc_mae, axis=1)
        sf = keys.copy()
        sf["method"] = name
        for c, v in cols.items():
            sf[c] = v
        sf["chosen"] = chosen == name
        score_frames.append(sf)

        ii, ww, jj = np.nonzero(np.isfinite(actual))
        if len(ii) == 0:
            continue
        pf = keys.iloc[ii].reset_index(drop=True)
        pf["method"] = name
        pf["window"] = ww
        cpos = cuts[ii, ww]
        pf["cutoff"] = [pos_periods[i][c - 1] for i, c in zip(ii, cpos, strict=True)]
        pf[panel.period] = [pos_periods[i][c + j] for i, c, j in zip(ii, cpos, jj, strict=True)]
        pf["horizon"] = jj + 1
        pf["actual"] = actual[ii, ww, jj]
        pf["forecast"] = preds[ii, ww, jj]
        pf["median"] = median[ii, ww, jj]
        pf["scale"] = sc_mae[ii, ww]
        pf["negbin"] = nb_rows[name][ii, ww]
        for li, lev in enumerate(levels):
            pf[f"lo_{_level_name(lev)}"] = lo[ii, li, ww, jj]
            pf[f"hi_{_level_name(lev)}"] = hi[ii, li, ww, jj]
        pred_frames.append(pf)
    n_cal = int((cal_cuts >= 0).sum(axis=1).max()) if cal_cuts.size else 0
    if n_cal:
        notes.append(
            f"intervals of {', '.join(m for m in plan.outputs)} also calibrated on up to {n_cal} extra origins "
            "per series (errors observed by each window's origin only; never used to choose)"
        )
    if W <= gap and not n_cal:
        notes.append(
            f"no backtest window has an earlier fully observed window (n_windows={W}, h={h}, step={step}): "
            "coverage and interval scores are NaN at the longer horizons; use more windows"
        )
    else:
        notes.append(
            "each window's horizon j is calibrated on the horizon-j errors of origins whose outcome its origin "
            f"had observed; windows {gap}..{W - 1} have an interval at every horizon"
            + ("" if n_cal else " (earlier backtest windows calibrate them)")
        )
    predictions = pd.concat(pred_frames, ignore_index=True) if pred_frames else pd.DataFrame()
    scores = pd.concat(score_frames, ignore_index=True)
    if len(plan.backtested) > 1:
        notes.append(
            f"auto: each series' backtest {plan.metric} shrunk towards the panel mean with weight {shrinkage:g} "
            "(chosen by leave-one-window-out)"
        )
    notes.append(
        f"conformal scale: recent-volatility weight {recent_weight:g} for the forecast, per window "
        f"{', '.join(f'{weights[b]:g}' for b in pick_w)} (chosen by the candidates' interval score on earlier "
        "windows)"
    )
    n_count = int(panel.is_count.sum())
    if n_count:
        nb = [f"{n} ({int(nb_rows[n][:, -1].sum())})" for n in plan.outputs if nb_rows[n][:, -1].any()]
        notes.append(
            f"count series ({n_count}): negative-binomial intervals for "
            + (", ".join(nb) if nb else "no method")
            + " at the last window (low counts: zero inside the negative binomial's own interval at "
            f"{max(levels):g} %); conformal intervals otherwise"
        )
    return BacktestResult(
        predictions,
        scores,
        h,
        W,
        step,
        plan.metric,
        levels,
        panel.freq,
        panel.ids,
        shrinkage,
        tuple(notes),
        recent_weight,
        {n: counts.kind(nb_rows[n][:, -1], panel.is_count & valid[:, -1]) for n in plan.outputs},
    )


@legacy_arguments(renamed={"methods": "method"})
def backtest(
    df: pd.DataFrame,
    h: int,
    n_windows: int = 3,
    step: int | None = None,
    method: str | Sequence[str] = "auto",
    *,
    ids: str | Sequence[str] | None = None,
    period: str = "period",
    value: str = "count",
    level: float | Sequence[float] = (80, 95),
    metric: Metric = "rmsse",
    rounding: Rounding = "exact",
    calibration: int | None = None,
    count_intervals: Literal["auto", "conformal", "negbin"] = "auto",
    n_jobs: int | None = 1,
    progress: bool = True,
) -> BacktestResult:
    """Rolling-origin backtest of forecasting methods on every series of a long frame.

    Parameters
    ----------
    df : DataFrame
        Long frame: id columns, a period column (period-start timestamps: months, quarters or years; month-end
        stamps are read as the periods they close) and a numeric value column of counts or rates (never
        negative). Series must be regular (no gaps) and free of missing values.
    h : int
        Forecast horizon (periods ahead).
    n_windows : int, default 3
        Number of forecast origins.
    step : int, optional
        Periods between origins; defaults to ``h`` (non-overlapping windows).
    method : str or list of str, default "auto"
        Method names (:data:`trends.forecast.METHODS`), ``"ensemble"`` and/or ``"auto"``, as
        :func:`~trends.forecast.forecast` takes them. ``"auto"`` backtests the default candidates
        (:data:`trends.forecast.AUTO_CANDIDATES`) and their ensemble. (``methods=`` is the old name: it still
        works, with a DeprecationWarning.)
    ids : str or list of str, optional
        Id columns; by default every column other than ``period`` and ``value``.
    period, value : str
        Names of the period and value columns.
    level : float or sequence of float, default (80, 95)
        Interval levels in percent.
    metric : {"rmsse", "mase", "smape", "mae", "rmse", "swis", "msis"}, default "rmsse"
        The metric that ranks methods per series. RMSSE suits counts (it was the best point-forecast choice on
        the bundled panels, benchmarks/RESULTS.md). ``"swis"`` (scaled weighted interval score over ``level``)
        and ``"msis"`` (scaled interval score at 95 %, or the widest level) rank the methods' *intervals*:
        each window scored with intervals calibrated on the method's errors on the other windows
        (:func:`trends.forecast._engine.interval_window_scores`); the ensemble's members are still the 3 best by
        RMSSE.
    rounding : {"exact", "outward"}
        Integer bounds for count series (see :mod:`trends.forecast.conformal`).
    calibration : int, optional
        Most extra calibration origins per series (:func:`trends.forecast._engine.calibration_cuts`): origins
        before and between the backtest windows, used only to calibrate the intervals of the requested
        methods (for ``"auto"``, of the method chosen for each window), never to choose. ``None`` (default):
        the nearest 10 the series allows for annual series, the nearest 6 (two steps apart) for monthly and
        quarterly ones; ``0``: calibrate on the backtest windows alone.
    count_intervals : {"auto", "conformal", "negbin"}, default "auto"
        Intervals of count series (non-negative integers): the conformal ones, negative-binomial quantiles
        around the forecast calibrated on the backtest origins (:mod:`trends.forecast.counts`), or (``"auto"``)
        the negative-binomial ones for the low counts - series whose forecast is low enough that zero is inside
        their own negative-binomial interval at the widest level, decided at each window's origin
        (:func:`trends.forecast.counts.select`) - and the conformal ones for the others
        (``BacktestResult.count_intervals`` and ``predictions["negbin"]`` say which).
    n_jobs : int, optional
        joblib workers (``-1``: all cores); under ``joblib.parallel_backend("dask")`` the batch runs on Dask.
    progress : bool, default True
        Show a tqdm progress bar.

    Returns
    -------
    BacktestResult

    Raises
    ------
    TrendsDataError
        Bad data (naming the series and period), or no series longer than ``h`` (nothing to backtest).

    Warns
    -----
    UserWarning
        Series too short for any window (they get no scores) or for ``n_windows`` windows (scored on fewer).
    """
    h = _check_h(h)
    n_windows = check_n_windows(n_windows)
    step = _check_step(step, h)
    calibration = check_calibration(calibration)
    levels = check_levels(level)
    if count_intervals not in ("auto", "conformal", "negbin"):
        raise ValueError(f"count_intervals must be 'auto', 'conformal' or 'negbin', got {count_intervals!r}")
    check_rounding(rounding)
    panel = prepare(df, ids, period, value)
    plan = make_plan(method, panel.season_length, metric)
    check_windows(panel, h, n_windows, step, need_one=True)  # an empty backtest scores nothing
    outs, lam = run_panel(
        panel, h, n_windows, step, plan, n_jobs, progress, final=False, calibration=calibration, levels=levels
    )
    warn_fallbacks(outs)
    return assemble(panel, outs, plan, h, n_windows, step, levels, rounding, lam, count_intervals)


def check_rounding(rounding: str) -> str:
    if rounding not in ("exact", "outward"):
        raise ValueError(f"rounding must be 'exact' or 'outward', got {rounding!r}")
    return rounding


def _check_step(step: int | None, h: int) -> int:
    """Periods between backtest origins: ``h`` by default, else a positive integer (0 is not "the default")."""
    if step is None:
        return h
    if isinstance(step, bool) or not isinstance(step, int | np.integer) or step < 1:
        raise ValueError(f"step must be a positive integer (or None for h), got {step!r}")
    return int(step)


def _whole(v: object) -> bool:
    return not isinstance(v, bool) and isinstance(v, int | np.integer)


def check_n_windows(n_windows: int) -> int:
    """Backtest origins: a positive integer (2.0 or True raised Python's TypeError deep in the backtest)."""
    if not _whole(n_windows) or int(n_windows) < 1:
        raise ValueError(f"n_windows must be a positive integer, got {n_windows!r}")
    return int(n_windows)


def check_calibration(calibration: int | None) -> int | None:
    """Extra calibration origins: None or a non-negative integer (2.5 was silently taken as 2)."""
    if calibration is None:
        return None
    if not _whole(calibration) or int(calibration) < 0:
        raise ValueError(f"calibration must be None or a non-negative integer, got {calibration!r}")
    return int(calibration)


def _check_h(h: int) -> int:
    if isinstance(h, bool) or not isinstance(h, int | np.integer) or h < 1:
        raise ValueError(f"h must be a positive integer, got {h!r}")
    return int(h)
