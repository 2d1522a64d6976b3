"""``forecast()``: backtest, choose per series, forecast, and calibrate intervals - for every series at once."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from trends.forecast import breaks as B
from trends.forecast import conformal, counts
from trends.forecast._engine import (
    check_windows,
    cutoffs_for,
    make_plan,
    prepare,
    run_panel,
    warn_fallbacks,
)
from trends.forecast.backtest import (
    BacktestResult,
    Metric,
    Rounding,
    _check_h,
    _check_step,
    _count_round,
    _level_name,
    assemble,
    calibration,
    calibration_arrays,
    calibration_errors,
    calibration_preds,
    check_calibration,
    check_levels,
    check_n_windows,
    check_rounding,
    interval_columns,
    leaderboard,
)
from trends.messages import check_lang, t
from trends.results import Result
from trends.schema import user_stacklevel

__all__ = ["ForecastResult", "forecast"]


CITATION_FORECAST = (
    "Split-conformal intervals on rolling-origin backtest errors: Vovk, Gammerman & Shafer (2005), Algorithmic "
    "Learning in a Random World; Lei, G'Sell, Rinaldo, Tibshirani & Wasserman (2018), JASA 113(523)."
)


@dataclass(frozen=True)
class ForecastResult(Result):
    """Forecasts of every series of a panel, with calibrated intervals.

    Attributes
    ----------
    table : DataFrame
        Long: the id columns, the period column, ``horizon`` (1..h), ``method`` (as requested, e.g. ``"auto"``),
        ``chosen`` (the method that produced the row: for ``auto`` the per-series winner), ``mean`` (point
        forecast; clipped at 0 for count series), ``median`` (the median of the predictive distribution: the
        negative binomial's where the intervals are negative-binomial, an integer; else the mean, as the
        conformal intervals are symmetric around it) and, for each level L, ``lo_<L>`` and ``hi_<L>`` (e.g.
        ``lo_80``, ``hi_95``): conformal bounds, integers and never below zero for count series. The mean is
        the forecast to add up and to judge by squared errors (RMSSE); the median the one to judge by absolute
        errors (MASE): on counts that are mostly zeros the median is 0 and the mean a fraction of a case, and
        each wins its own score (Gneiting 2011, "Making and evaluating point forecasts").
    backtest : DataFrame
        Per series and backtested method: the backtest metrics and ``chosen`` (see
        :class:`~trends.forecast.BacktestResult`); :meth:`leaderboard` summarises it.
    backtest_result : BacktestResult
        The full backtest, including every window's predictions.
    history : DataFrame
        The input series (id columns, period, value), for plotting.
    ids, period, value, freq, h, levels, methods
        The settings that produced it.
    breaks : DataFrame
        Series whose last periods broke from their recent level (:mod:`trends.forecast.breaks`): the id
        columns, the period column (first period of the shift), ``periods`` (its length), ``before`` and
        ``recent`` (the mean level before and during it), ``size`` (their ratio) and ``z``. Empty when none
        did. Their forecasts and intervals assume the old behaviour of the series' errors: read them with care.
    """

    table: pd.DataFrame
    backtest: pd.DataFrame
    backtest_result: BacktestResult
    history: pd.DataFrame
    ids: tuple[str, ...]
    period: str
    value: str
    freq: str
    h: int
    levels: tuple[float, ...]
    methods: tuple[str, ...]
    breaks: pd.DataFrame = field(default_factory=pd.DataFrame)

    citation = CITATION_FORECAST

    # -- the result protocol (trends.results.Result) -----------------------------------------------
    @property
    def spec(self) -> dict[str, Any]:  # type: ignore[override]
        """The settings that produced the forecasts."""
        return dict(
            ids=self.ids, period=self.period, value=self.value, freq=self.freq, h=self.h,
            levels=self.levels, methods=self.methods, alpha=1 - max(self.levels) / 100,
        )  # fmt: skip

    @property
    def level(self) -> float:
        """The widest interval level, as a fraction (0.95): the bounds ``tidy()`` reports."""
        return max(self.levels) / 100

    def tidy(self) -> pd.DataFrame:
        """One row per series, method and period: ``term`` (series and period), ``estimate`` (the point
        forecast), ``conf_low`` / ``conf_high`` (the widest interval), then the id columns and the rest."""
        t = self.table
        name = _level_name(max(self.levels))
        parts = [t[c].astype(str) for c in self.ids]
        when = pd.to_datetime(t[self.period], errors="coerce")
        stamp = when.dt.strftime("%Y-%m-%d").where(when.notna(), t[self.period].astype(str))
        term = parts[0].str.cat([*parts[1:], stamp], sep=", ") if parts else stamp
        head = pd.DataFrame(
            {"term": term, "estimate": t["mean"], "conf_low": t[f"lo_{name}"], "conf_high": t[f"hi_{name}"]}
        )
        return pd.concat([head, t], axis=1).reset_index(drop=True)

    def conf_int(self, level: float | None = None) -> pd.DataFrame:
        """Conformal bounds by term at one of the forecast's levels (0.8 or 80; default the widest).

        Conformal bounds are calibrated at each level separately, so only the levels asked for in
        :func:`forecast` exist; another level raises ``ValueError``.
        """
        lev = max(self.levels) if level is None else (level * 100 if level < 1 else level)
        match = [v for v in self.levels if np.isclose(v, lev)]
        if not match:
            raise ValueError(
                f"intervals exist at levels {list(self.levels)} only; refit with level=[..., {lev:g}]"
            )
        name = _level_name(match[0])
        tidy = self.tidy()
        out = pd.DataFrame(
            {
                "term": tidy["term"],
                "conf_low": self.table[f"lo_{name}"],
                "conf_high": self.table[f"hi_{name}"],
            }
        )
        return out.set_index("term")

    @property
    def headline(self) -> pd.Series:
        raise ValueError("a forecast has one number per series and period, no single headline: see tidy()")

    def sentence(self) -> str:
        n = len(self.table.drop_duplicates(list(self.ids))) if self.ids else 1
        levels = " and ".join(f"{v:g} %" for v in self.levels)
        return (
            f"{n} series forecast {self.h} periods ahead by {', '.join(self.methods)}, with {levels} intervals "
            "calibrated on backtest errors."
        )

    def leaderboard(self, metric: str | None = None) -> pd.DataFrame:
        """Mean backtest metrics by method, best first (:func:`trends.forecast.leaderboard`)."""
        return leaderboard(self.backtest_result, metric=metric)

    def calibration(self, by: str | Sequence[str] = "horizon", method: str | None = "auto") -> pd.DataFrame:
        """Backtest coverage of the intervals by group (:func:`trends.forecast.calibration`)."""
        return calibration(self.backtest_result, by=by, method=method)

    def change(self, method: str | None = None) -> pd.DataFrame:
        """Per series, the forecast total against the same number of latest recorded periods.

        Parameters
        ----------
        method : str, optional
            Which output method (defaults to the first one).

        Returns
        -------
        DataFrame
            The id columns, ``recorded`` (the total of each series' last ``h`` observed periods),
            ``forecast`` (the total of its ``h`` point forecasts) and ``change_pct``
            (``100 * (forecast / recorded - 1)``, NaN when nothing was recorded).
        """
        method = method or self.methods[0]
        if method not in set(self.table["method"]):
            raise ValueError(
                f"method {method!r} is not in this forecast; it has {sorted(set(self.table['method']))}"
            )
        ids = list(self.ids)
        table = self.table[self.table["method"] == method]
        history = self.history.sort_values(self.period)
        if not ids:  # one unnamed series: pandas cannot group by no keys
            recorded = history[self.value].tail(self.h).sum()
            out = pd.DataFrame({"recorded": [recorded], "forecast": [table["mean"].sum()]})
            out["change_pct"] = 100 * (out["forecast"] / out["recorded"].where(out["recorded"] > 0) - 1)
            return out
        fc = table.groupby(ids, sort=True)["mean"].sum()
        recent = history.groupby(ids).tail(self.h)
        out = pd.DataFrame({"recorded": recent.groupby(ids, sort=True)[self.value].sum(), "forecast": fc})
        recorded = out["recorded"].where(out["recorded"] > 0)
        out["change_pct"] = 100 * (out["forecast"] / recorded - 1)
        return out.reset_index()

    def plot(  # type: ignore[override]
        self,
        series: dict | tuple | str | None = None,
        *,
        method: str | None = None,
        ax: Any = None,
        lang: str = "en",
    ) -> tuple[Any, Any]:
        """Fan chart of one series: history, point forecast and the interval bands; returns ``(fig, ax)``.

        Parameters
        ----------
        series : dict, tuple or scalar, optional
            Which series: ``{"district": "Ba Đình", "offence": "theft"}``, a tuple of id values in ``ids``
            order, or a scalar when there is one id column. Defaults to the first series.
        method : str, optional
            Which output method (defaults to the first one).
        ax : matplotlib Axes, optional
            Draw into this Axes; by default a new Figure is made.
        lang : {"en", "vi"}
            Language of the legend (the message catalogue, :mod:`trends.messages`).

        Returns
        -------
        (matplotlib.figure.Figure, matplotlib.axes.Axes)
        """
        from matplotlib.figure import Figure

        from trends.charts.theme import number_formatter

        check_lang(lang)
        key = _series_key(series, self.ids, self.table)
        method = method or self.methods[0]
        fc = _select(self.table, self.ids, key)
        fc = fc[fc["method"] == method]
        hist = _select(self.history, self.ids, key)
        if fc.empty:
            raise ValueError(f"no forecast for series {key} and method {method!r}")
        if ax is None:
            fig = Figure(figsize=(8, 4), layout="constrained")  # no pyplot state: shown once in notebooks
            ax = fig.subplots()
        else:
            fig = ax.figure
        ax.plot(
            hist[self.period], hist[self.value], color="0.2", lw=1.2, label=t("plot.forecast.history", lang)
        )
        v = hist[self.value].to_numpy()
        step = "mid" if bool((v >= 0).all() and (v == v.round()).all()) else None  # integer count bounds
        for i, lev in enumerate(sorted(self.levels, reverse=True)):
            name = _level_name(lev)
            ax.fill_between(
                fc[self.period],
                fc[f"lo_{name}"],
                fc[f"hi_{name}"],
                step=step,
                color="C0",
                alpha=0.2 + 0.2 * i,
                lw=0,
                label=t("plot.forecast.interval", lang, level=name),
            )
        ax.plot(
            fc[self.period],
            fc["mean"],
            color="C0",
            lw=1.8,
            label=t("plot.forecast.mean", lang, method=fc["chosen"].iloc[0]),
        )
        title = ", ".join(str(k) for k in key) if key else t("plot.forecast.title", lang)
        ax.set_title(title)
        ax.set_ylabel(self.value)
        ax.yaxis.set_major_formatter(
            number_formatter(lang, 4)
        )  # counts: 1.000 in Vietnamese, 1,000 in English
        ax.legend(loc="upper left", frameon=False, fontsize="small")
        return fig, ax


def _series_key(series, ids: tuple[str, ...], table: pd.DataFrame) -> tuple:
    if series is None:
        return tuple(table.iloc[0][list(ids)]) if ids else ()
    if isinstance(series, dict):
        missing = [c for c in ids if c not in series]
        if missing:
            raise ValueError(f"series must give a value for every id column {ids}; missing {missing}")
        return tuple(series[c] for c in ids)
    if isinstance(series, tuple):
        return series
    return (series,)


def _select(frame: pd.DataFrame, ids: tuple[str, ...], key: tuple) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    for c, v in zip(ids, key, strict=True):
        mask &= (frame[c] == v).to_numpy()
    return frame.loc[mask]


def forecast(
    df: pd.DataFrame,
    h: int,
    *,
    ids: str | Sequence[str] | None = None,
    period: str = "period",
    value: str = "count",
    method: str | Sequence[str] = "auto",
    level: float | Sequence[float] = (80, 95),
    n_windows: int = 3,
    step: int | None = None,
    metric: Metric = "rmsse",
    rounding: Rounding = "exact",
    calibration: int | None = None,
    count_intervals: Literal["auto", "conformal", "negbin"] = "auto",
    n_jobs: int | None = 1,
    progress: bool = True,
    seed: int = 0,
) -> ForecastResult:
    """Forecast every series of a long frame ``h`` periods ahead, with calibrated intervals.

    Each series is backtested on ``n_windows`` rolling origins. With ``method="auto"`` the method with the
    lowest backtest ``metric`` is chosen per series (never the in-sample fit), among
    :data:`~trends.forecast.AUTO_CANDIDATES` and their ``ensemble`` (the mean of a series' 3 best methods).
    Because a choice made on a few windows is noisy, each series' score is shrunk towards the panel's mean
    score of the method, with a weight picked from 0, 0.25, 0.5, 0.75, 0.9, 1 by leave-one-window-out over
    the panel, scoring each left-out window's choice by its scaled weighted interval score (a proper score;
    0: each series on its own; 1: the panel's best method everywhere); the weight is in
    ``result.backtest_result.shrinkage``. Series that are mostly zeros take the method with the lowest
    pooled backtest error over the panel's mostly-zero series (:func:`trends.forecast._engine.choose`). The
    backtests of ``ensemble`` and ``auto`` are honest: each window is forecast by the members / method chosen
    on the other windows.

    Intervals are split-conformal, calibrated per horizon on the errors of the method used: its honest
    backtest errors (for ``auto``, each window forecast by the method chosen on the other windows) and its
    errors at extra calibration origins before and between the backtest windows (by default the nearest 10 for
    annual series, the nearest 6 origins two backtest steps apart for monthly and quarterly ones;
    ``calibration``), which never enter the choice. Errors are scaled by the volatility of their origin's
    training data (recent changes blended with the whole history's, the weight chosen by the backtest's
    interval score: ``result.backtest_result.recent_weight``) and pooled across the panel's series unless a
    series has 19 or more of its own (:mod:`trends.forecast.conformal`).
    The intervals are calibrated on average, not for every period: series share each period's shock, so in
    any one year the share of outcomes inside them can differ from nominal by several points (on 8-year
    annual panels shaped like Berlin's, a standard deviation of 4 to 9 points around 80 %;
    ``benchmarks/validate_forecast_short.py``). Series never below zero (counts, rates) get point forecasts and
    lower bounds clipped at 0. Count series (non-negative integers) get integer bounds that are never
    below 0: negative-binomial quantiles around the forecast, with the dispersion and the levels calibrated on
    the same backtest errors (:mod:`trends.forecast.counts`; right-skewed, as counts of rare events are),
    for the low counts: series whose forecast is low enough that zero is inside their own negative-binomial
    interval at the widest level (``count_intervals``; ``result.backtest_result.count_intervals`` says which).

    Parameters
    ----------
    df : DataFrame
        Long frame with id columns, a period column (period starts, or month-end stamps read as the periods
        they close; month, quarter or year, inferred with :func:`trends.schema.infer_freq`) and a numeric
        value column of counts or rates (a negative value is reported); regular series, no missing values. Errors name
        the series and period at fault.
    h : int
        Horizon in periods.
    ids : str or list of str, optional
        Id columns; by default every column other than ``period`` and ``value``.
    period, value : str
        Column names.
    method : str or list of str, default "auto"
        ``"auto"``, ``"ensemble"`` or any of :data:`~trends.forecast.METHODS` (``naive``, ``snaive``,
        ``drift``, ``mean``, ``window_mean``, ``window_mean_long``, ``tsb``, ``ets``, ``arima``, ``theta``),
        or a list of them (one set of rows per name; ``"auto"`` in a list chooses among the other listed
        methods).
    level : float or sequence of float, default (80, 95)
        Interval levels in percent.
    n_windows : int, default 3
        Backtest origins per series (the method choice; they also calibrate the intervals).
    step : int, optional
        Periods between origins (default ``h``).
    metric : {"rmsse", "mase", "smape", "mae", "rmse", "swis", "msis"}, default "rmsse"
        Backtest metric for the choice: a point-forecast metric, or a proper score of the intervals
        (``"swis"``: scaled weighted interval score over ``level``, a CRPS-type score; ``"msis"``: scaled
        interval score at 95 %) - see :func:`trends.forecast.backtest`.
    rounding : {"exact", "outward"}, default "exact"
        Integer bounds for count series: the integers inside the calibrated interval (keeps the calibrated
        coverage) or the interval rounded outward (floor/ceil; conservative).
    calibration : int, optional
        Most extra calibration origins per series: origins before and between the backtest windows (every
        period for annual series), forecast only by the method used, whose errors join the backtest errors
        in the conformal calibration but never the choice. ``None`` (default): the nearest 10 the series
        allows for annual series, the nearest 6 (two steps apart) for monthly and quarterly ones
        (:func:`trends.forecast._engine.calibration_cuts`); ``0``: the backtest windows alone.
    count_intervals : {"auto", "conformal", "negbin"}, default "auto"
        Intervals of count series (non-negative integers): the conformal ones, negative-binomial quantiles
        around the forecast calibrated on the backtest origins (:mod:`trends.forecast.counts`), or (``"auto"``)
        the negative-binomial ones for the low counts and the conformal ones for the others
        (:func:`trends.forecast.counts.select`; ``BacktestResult.count_intervals`` says which).
    n_jobs : int, optional
        joblib workers (``-1``: all cores). To run on a Dask cluster::

            from dask.distributed import Client
            import joblib
            client = Client(...)
            with joblib.parallel_backend("dask"):
                result = forecast(df, 12, n_jobs=-1)

    progress : bool, default True
        Show a tqdm progress bar.
    seed : int, default 0
        Accepted for a uniform API; every method here is deterministic, so results do not depend on it.

    Returns
    -------
    ForecastResult

    Warns
    -----
    UserWarning
        Constant or all-zero series, series too short to backtest or with room for fewer than ``n_windows``
        windows, series that end before the panel's last period, fits that fell back to ``naive``, and
        (:class:`~trends.forecast.CalibrationWarning`) intervals that could not be calibrated. Nothing comes
        back NaN without a warning.
    BreakWarning
        Series whose level shifted in their last periods (listed in ``ForecastResult.breaks``).

    Notes
    -----
    What the intervals assume: that the errors the forecasts will meet behave like the backtest errors
    (of the same method, at the same horizon), once scaled by each series' recent volatility, pooled across
    the panel. They are calibrated on average over series and periods, not for each; they do not foresee a
    change of recording or a level shift after the data end, and after a shift inside the last periods they
    under-cover until the methods catch up (hence :class:`~trends.forecast.BreakWarning`).
    """
    del seed  # deterministic methods
    h = _check_h(h)
    levels = check_levels(level)
    if count_intervals not in ("auto", "conformal", "negbin"):
        raise ValueError(f"count_intervals must be 'auto', 'conformal' or 'negbin', got {count_intervals!r}")
    check_rounding(rounding)
    n_windows = check_n_windows(n_windows)
    step = _check_step(step, h)
    calibration = check_calibration(calibration)
    panel = prepare(df, ids, period, value)
    plan = make_plan(method, panel.season_length, metric)
    check_windows(panel, h, n_windows, step, need_one=False)  # too short for any: warned with the degenerate
    outs, lam = run_panel(
        panel, h, n_windows, step, plan, n_jobs, progress, calibration=calibration, levels=levels
    )
    warn_fallbacks(outs)
    bt = assemble(panel, outs, plan, h, n_windows, step, levels, rounding, lam, count_intervals)
    _warn_degenerate(panel, outs)

    S = len(outs)
    span = conformal.scale_span(panel.season_length)
    rw = bt.recent_weight
    ends = np.array([[len(y)] for y in panel.y]).reshape(S, 1)
    scale = conformal.origin_scales(panel.y, ends, span, rw)[:, 0]
    W = n_windows
    cuts = np.array([cutoffs_for(len(y), h, W, step) for y in panel.y]).reshape(S, W)
    win_scale = conformal.origin_scales(panel.y, cuts, span, rw)
    _, cal_actual, cal_scale = calibration_arrays(panel, outs, h, rw)
    score_scale = np.concatenate([win_scale.reshape(S, W), cal_scale], axis=1)
    keys = panel.key_frame()
    frames = []
    short_any = False
    kinds: dict[str, str] = {}
    for name in plan.outputs:
        nb_series = np.zeros(S, dtype=bool)
        used = [o.chosen if name == "auto" else name for o in outs]
        if name == "auto" and len(plan.backtested) > 1:  # honest errors of the choice (no selection bias)
            preds = np.stack([o.auto_bt for o in outs])
        else:
            preds = np.stack([_bt_of(o, u, plan.backtested) for o, u in zip(outs, used, strict=True)])
        actual = np.stack([o.actual for o in outs])
        # errors of the method used at the extra origins (never chosen on them)
        extra = calibration_errors(outs, lambda i, used=used: used[i], cal_actual)
        scores = np.concatenate([np.abs(actual - preds), extra], axis=1)
        q, _, short = conformal.quantiles(scores, scale, levels, score_scale)
        short_any |= short
        mean = np.stack([o.final[name] for o in outs])  # (S, h)
        lo = mean[:, None, :] - q
        hi = mean[:, None, :] + q
        median = mean.copy()  # the conformal intervals are symmetric around the forecast
        # integer counts at least as wide as Poisson's; rates too never below zero
        lo, hi = _count_round(lo, hi, mean[:, None, :], panel.is_count, rounding, levels, panel.nonneg)
        # negative-binomial intervals for the low counts (or every count series with count_intervals="negbin")
        if count_intervals != "conformal" and panel.is_count.any():
            idx = np.nonzero(panel.is_count)[0]
            cal_pred = calibration_preds(outs, lambda i, used=used: used[i], cal_actual)
            ya = np.concatenate([actual, cal_actual], axis=1)[idx]
            mu = np.concatenate([preds, cal_pred], axis=1)[idx]
            use = np.isfinite(mean[idx]).any(axis=-1)
            if count_intervals == "auto":
                use &= counts.select(ya, mu, mean[idx], levels)
            if use.any():
                # fitted and calibrated on every count series, used for the selected ones (counts.py)
                nb_lo, nb_hi, nb_med = counts.intervals(ya, mu, mean[idx], levels)
                nb_lo, nb_hi, nb_med = nb_lo[use], nb_hi[use], nb_med[use]
                ok = np.isfinite(nb_lo).all(axis=(1, 2))
                sel = idx[use][ok]
                lo[sel] = nb_lo[ok]
                hi[sel] = nb_hi[ok]
                median[sel] = nb_med[ok]
                nb_series[sel] = True
        kinds[name] = counts.kind(nb_series, panel.is_count & np.isfinite(mean).any(axis=-1))
        f = keys.loc[keys.index.repeat(h)].reset_index(drop=True)
        f[panel.period] = np.concatenate([panel.periods(i, len(y), h) for i, y in enumerate(panel.y)])
        f["horizon"] = np.tile(np.arange(1, h + 1), S)
        f["method"] = name
        f["chosen"] = np.repeat(np.array(used, dtype=object), h)
        f["mean"] = mean.ravel()
        f["median"] = median.ravel()
        for li, lev in enumerate(levels):
            f[f"lo_{_level_name(lev)}"] = lo[:, li, :].ravel()
            f[f"hi_{_level_name(lev)}"] = hi[:, li, :].ravel()
        frames.append(f)
    conformal.warn_short(short_any)
    table = pd.concat(frames, ignore_index=True)
    cols = interval_columns(levels)
    n_nan = int(table[cols].isna().any(axis=1).sum())
    if n_nan:
        warnings.warn(
            f"{n_nan} forecast row(s) have no interval: no series of the panel is long enough for a backtest "
            f"window (needs more than h={h} observations)",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    history = _history(panel)
    return ForecastResult(
        table,
        bt.scores,
        dataclasses.replace(bt, count_intervals=kinds),
        history,
        panel.ids,
        panel.period,
        panel.value,
        panel.freq,
        h,
        levels,
        plan.outputs,
        _breaks(panel),
    )


def _breaks(panel) -> pd.DataFrame:
    """Level shifts at the end of the series (:mod:`trends.forecast.breaks`), with one warning for them all."""
    longest = max(B.recent_windows(panel.season_length))
    last = [panel.periods(i, max(len(y) - longest, 0), min(len(y), longest)) for i, y in enumerate(panel.y)]
    table = B.detect(panel.y, panel.season_length, panel.is_count, panel.key_frame(), last, panel.period)
    if len(table):
        first = table.iloc[0]
        example = ", ".join(f"{c}={first[c]}" for c in panel.ids)
        warnings.warn(
            f"{len(table)} series shifted level in their last periods (e.g. {example}: mean "
            f"{first['before']:.3g} -> {first['recent']:.3g} from {pd.Timestamp(first[panel.period]).date()}); "
            "their forecasts lag a new level and their intervals assume errors like the past ones, so they may "
            "under-cover; see ForecastResult.breaks and check for a change of recording",
            B.BreakWarning,
            stacklevel=user_stacklevel(),
        )
    return table


def _bt_of(out, name: str, backtested: tuple[str, ...]) -> np.ndarray:
    if name in backtested:
        return out.bt[backtested.index(name)]
    return np.full(out.actual.shape, np.nan)


def _history(panel) -> pd.DataFrame:
    parts = []
    for i, y in enumerate(panel.y):
        f = pd.DataFrame({panel.period: panel.periods(i, 0, len(y)), panel.value: y})
        for c, v in zip(panel.ids, panel.keys[i], strict=True):
            f.insert(len(f.columns) - 2, c, v)
        parts.append(f)
    return pd.concat(parts, ignore_index=True)


def _warn_degenerate(panel, outs) -> None:
    const = [k for k, y in zip(panel.keys, panel.y, strict=True) if len(y) > 1 and np.all(y == y[0])]
    zero = [k for k, y in zip(panel.keys, panel.y, strict=True) if np.all(y == 0)]
    short = [k for k, o in zip(panel.keys, outs, strict=True) if not np.isfinite(o.actual).any()]
    msgs = []
    if zero:
        msgs.append(f"{len(zero)} all-zero series (forecast 0; e.g. {zero[0]})")
    if len(const) > len(zero):
        msgs.append(f"{len(const) - len(zero)} constant series (forecast repeats the value)")
    if short:
        msgs.append(
            f"{len(short)} series too short for any backtest window (naive forecast, pooled intervals; "
            f"e.g. {short[0]})"
        )
    # a series that ends before the others stopped being recorded (or lost its latest rows): its forecast
    # starts after its own end, so its "next" periods are ones the panel has already recorded
    ends = [panel.periods(i, len(y) - 1, 1)[0] for i, y in enumerate(panel.y)]
    last = max(ends)
    early = [i for i, e in enumerate(ends) if e < last]
    if early:
        i = early[0]
        msgs.append(
            f"{len(early)} series end before the panel's last period {last.date()} (e.g. "
            f"{dict(zip(panel.ids, panel.keys[i], strict=True))} ends {ends[i].date()}): their forecasts start "
            "after their own last period; check whether they stopped being recorded"
        )
    if msgs:
        warnings.warn("; ".join(msgs), UserWarning, stacklevel=user_stacklevel())
