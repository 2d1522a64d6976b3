"""Charts of estimated effects: ranked district effects, event studies, actual vs counterfactual.

These charts draw results; they never estimate. Every number drawn comes from the table passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from trends.charts._layout import (
    district_names,
    figure_of,
    finish,
    new_figure,
    title_axes,
    top_legend,
    whole_counts,
)
from trends.charts.labels import LabelMapping, label_for, t
from trends.charts.theme import OKABE_ITO, PALETTE, check_lang, format_number, nfc, number_formatter, theme

__all__ = ["counterfactual_plot", "event_study_plot", "ranked_effects"]

_GREY = "#8C8C8C"


#: How far beyond the point estimates an interval bound may reach before it is clipped, in units of the scale
#: :func:`_far_window` computes.
FAR_FACTOR = 3.0


def _far_window(
    estimates: np.ndarray, bounds: np.ndarray, bands: np.ndarray | None = None
) -> tuple[float, float] | None:
    """The window an axis keeps when some interval ends lie far outside the others, or ``None``.

    The scale is the larger of the span of the point estimates (with zero, which the chart always shows) and
    the median width of the intervals; an end more than :data:`FAR_FACTOR` scales beyond that span (or an
    infinite one) is far. The median and the estimates are robust: one exploding bootstrap interval (-99.6%
    to +13,161% beside estimates within 30%) cannot widen the window that clips it.

    Parameters
    ----------
    estimates : numpy.ndarray
        The point estimates.
    bounds : numpy.ndarray
        The intervals, one row (low, high) each; they set the scale and are checked.
    bands : numpy.ndarray, optional
        Wider bands (simultaneous), checked against the window but not setting the scale.

    Returns
    -------
    tuple of float or None
        ``(low, high)`` when an end lies outside it; ``None`` when every interval is moderate, and the axis
        keeps matplotlib's own limits.
    """
    est = estimates[np.isfinite(estimates)]
    b = bounds.astype(float)
    every = b if bands is None else np.r_[b, bands.astype(float)]
    if not est.size or not np.isfinite(every).any():
        return None
    lo, hi = min(float(est.min()), 0.0), max(float(est.max()), 0.0)
    widths = (b[:, 1] - b[:, 0])[np.isfinite(b).all(axis=1)]
    scale = max(hi - lo, float(np.median(widths)) if widths.size else 0.0)
    if scale <= 0:
        return None
    window = (lo - FAR_FACTOR * scale, hi + FAR_FACTOR * scale)
    given = every[~np.isnan(every)]
    if ((given < window[0]) | (given > window[1])).any():
        return window
    return None


def _clip_limits(
    estimates: np.ndarray, bounds: np.ndarray, window: tuple[float, float]
) -> tuple[float, float]:
    """Axis limits covering the estimates, zero and every bound inside ``window``, with a 5% margin (as
    matplotlib's own); bounds beyond them are drawn to the edge."""
    b = bounds[np.isfinite(bounds) & (bounds >= window[0]) & (bounds <= window[1])]
    kept = np.r_[estimates[np.isfinite(estimates)], b, 0.0]
    lo, hi = float(kept.min()), float(kept.max())
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


def _clip_arrows(
    ax: Axes,
    at: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    limits: tuple[float, float],
    colours: Sequence[str] | str,
    vertical: bool,
) -> None:
    """Mark each interval end beyond ``limits`` with an arrow on the axis edge (drawn after the intervals, so
    the documented collections keep their order)."""
    cols = np.broadcast_to(np.asarray(colours, dtype=object), at.shape)
    ends = ((low, limits[0], "v" if vertical else "<"), (high, limits[1], "^" if vertical else ">"))
    for values, edge, mark in ends:
        out = (values < limits[0]) | (values > limits[1])
        if out.any():
            pos = np.full(int(out.sum()), edge)
            x, y = (at[out], pos) if vertical else (pos, at[out])
            # the arrow sits on the edge, half outside the frame: the interval visibly runs on
            ax.scatter(x, y, marker=mark, c=list(cols[out]), s=36, zorder=5, clip_on=False, gid="clipped")


def _require(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; it has {list(df.columns)}")


def ranked_effects(
    table: pd.DataFrame,
    districts: pd.DataFrame | None = None,
    *,
    value_label: str | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    ax: Axes | None = None,
    size: str | tuple[float, float] = (8.0, 7.5),
    key: str = "district",
    rank: bool = True,
) -> Figure:
    """Dot-and-whisker chart of effects, ranked from the largest decrease (top) to the largest increase.

    The one chart of estimates with intervals by unit or term: district effects in the report, and the
    default ``plot()`` of a result (``key="term"``, ``rank=False``). Interval bounds far outside the others
    (see :func:`_far_window`) are clipped at the axis edge with an arrow, and the footnote says so; the
    attached data keep them.

    Parameters
    ----------
    table : pandas.DataFrame
        ``key`` (default ``district``), ``estimate``, ``conf_low``, ``conf_high``, one row per unit or term.
    districts : pandas.DataFrame, optional
        For display names.
    value_label : str, optional
        x-axis label (default: "Estimated effect (offences per month)").
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`.
    key : str
        The column naming each row (district ids are shown with their display names).
    rank : bool
        Sort by estimate (default); ``False`` keeps the table's order, top to bottom.

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.collections[0]`` are the intervals (one segment per row, top to bottom),
        ``ax.collections[1]`` the points (``get_offsets()[:, 0]`` the estimates). Blue: the interval lies
        below zero; vermillion: above zero; grey: it includes zero. The plotted data is attached.
    """
    check_lang(lang)
    _require(table, [key, "estimate", "conf_low", "conf_high"], "the effects table")
    df = table.loc[:, [key, "estimate", "conf_low", "conf_high"]].copy()
    df[key] = df[key].astype(str)
    if rank:
        df = df.sort_values(["estimate", key], kind="mergesort")
    df = df.reset_index(drop=True)
    names = district_names(districts, lang)
    df["name"] = [names.get(d, d) for d in df[key]]
    df["y"] = np.arange(len(df))[::-1].astype(float)
    sign = np.where(
        df["conf_high"] < 0, "reduction", np.where(df["conf_low"] > 0, "increase", "not_significant")
    )
    # a row without an estimate or an interval is not "not significant": it is marked as having no data
    sign = np.where(df[["estimate", "conf_low", "conf_high"]].isna().any(axis=1), "no_data", sign)
    df["class"] = sign
    colours = {
        "reduction": OKABE_ITO["blue"],
        "increase": OKABE_ITO["vermillion"],
        "not_significant": _GREY,
        "no_data": _GREY,
    }
    point_colours = [colours[c] for c in sign]

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = figure_of(ax), ax, False
        low, high = df["conf_low"].to_numpy(dtype=float), df["conf_high"].to_numpy(dtype=float)
        estimates = df["estimate"].to_numpy(dtype=float)
        window = _far_window(estimates, np.c_[low, high])
        limits = _clip_limits(estimates, np.c_[low, high], window) if window else None
        if limits:  # far bounds drawn to the edge, an arrow says they go on
            ax_.hlines(
                df["y"], np.clip(low, *limits), np.clip(high, *limits), colors=point_colours, linewidth=1.6
            )
        else:
            ax_.hlines(df["y"], df["conf_low"], df["conf_high"], colors=point_colours, linewidth=1.6)
        ax_.scatter(df["estimate"], df["y"], c=point_colours, s=28, zorder=3)
        if limits:
            _clip_arrows(ax_, df["y"].to_numpy(), low, high, limits, point_colours, vertical=False)
        ax_.axvline(0, color="#4D4D4D", linewidth=0.9, zorder=1)
        ticks = [
            f"{n} ({t('no_data', lang)})" if c == "no_data" else n
            for n, c in zip(df["name"], sign, strict=True)
        ]
        ax_.set_yticks(df["y"], ticks, fontsize="x-small")
        ax_.set_ylim(-0.7, len(df) - 0.3)
        if limits:
            ax_.set_xlim(*limits)
        ax_.grid(True, axis="x")
        ax_.grid(False, axis="y")
        ax_.tick_params(axis="y", length=0)
        ax_.set_xlabel(nfc(value_label) if value_label else t("effect_unit", lang))
        ax_.xaxis.set_major_formatter(number_formatter(lang))
        present = [c for c in ("reduction", "not_significant", "increase") if c in set(sign)]
        handles = [Line2D([], [], color=colours[c], marker="o", lw=1.6, label=t(c, lang)) for c in present]
        top_legend(ax_, handles)
        data = df[[key, "name", "estimate", "conf_low", "conf_high", "class"]]  # the true bounds
        if not own:
            title_axes(ax_, title)
            return fig
        return finish(
            fig,
            title=title or t("title_ranked_effects", lang),
            lang=lang,
            source=source,
            method=method or t("method_effects", lang),
            simulated=simulated,
            notes=[t("clipped_intervals", lang)] if limits else [],
            data=data,
        )


def _tidy_event_tables(
    tables: pd.DataFrame | Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame],
) -> pd.DataFrame:
    if isinstance(tables, pd.DataFrame):
        frames = [tables]
    elif isinstance(tables, Mapping):
        frames = []
        for name, frame in tables.items():
            frame = frame.copy()
            frame["estimator"] = name
            frames.append(frame)
    else:
        frames = list(tables)
    if not frames:
        raise ValueError("no event-study table given")
    out = []
    for i, frame in enumerate(frames):
        frame = frame.copy()
        if "estimator" not in frame.columns:
            frame["estimator"] = f"estimator_{i + 1}"
        _require(
            frame, ["estimator", "event_time", "estimate", "conf_low", "conf_high"], "an event-study table"
        )
        out.append(frame)
    df = pd.concat(out, ignore_index=True)
    for c in ("uband_low", "uband_high", "support"):
        if c not in df.columns:
            df[c] = np.nan
    cols = [
        "estimator",
        "event_time",
        "estimate",
        "conf_low",
        "conf_high",
        "uband_low",
        "uband_high",
        "support",
    ]
    return df[cols]


def _thin(rows: pd.DataFrame, min_support: int | None) -> np.ndarray:
    """Which estimates rest on fewer than ``min_support`` treated units (an unknown support is not thin)."""
    support = rows["support"].to_numpy(dtype=float)
    if min_support is None:
        return np.zeros(len(rows), dtype=bool)
    return np.nan_to_num(support, nan=np.inf) < min_support


def event_study_plot(
    tables: pd.DataFrame | Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame],
    *,
    labels: LabelMapping | None = None,
    unit: str = "month",
    value_label: str | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "slide",
    min_support: int | None = None,
) -> Figure:
    """Event-study estimates of one or several estimators side by side.

    Point estimates with pointwise 95% intervals (thin lines) and, when given, simultaneous (uniform)
    bands (wide pale bars). Estimators are offset horizontally by a small amount so their intervals do not
    hide each other. With ``min_support``, event times whose ``support`` (how many treated units, e.g.
    districts, the estimate rests on) is below it are drawn hollow with a dotted interval, and the legend says
    they are not judged: an estimate resting on one or two units is shown as what it is. Interval or band ends far outside the others (more than 3 times the larger of the
    estimates' span and the median interval width beyond the estimates) are clipped at the axis edge with an
    arrow, and the footnote says so; the attached data keep the true bounds.

    Parameters
    ----------
    tables : DataFrame, mapping of name to DataFrame, or sequence of DataFrames
        Tidy tables with ``event_time``, ``estimate``, ``conf_low``, ``conf_high``, optional
        ``uband_low`` / ``uband_high``, and ``estimator`` (taken from the mapping key when given as a
        mapping). A single frame may hold several estimators. An optional ``support`` column gives the number
        of treated units behind each estimate (read with ``min_support``).
    labels : mapping, optional
        Estimator display labels ``{id: (vi, en)}`` (registry kind ``"estimator"``).
    unit : {"month", "year"}
        Unit of ``event_time`` for the axis label.
    value_label : str, optional
        y-axis label.
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`.
    min_support : int, optional
        Fewest districts (``support``) for an estimate to be drawn as judged; None draws every estimate alike.

    Returns
    -------
    matplotlib.figure.Figure
        One ``Line2D`` per estimator with ``gid="estimate:<estimator>"`` whose x data are the event times
        plus the estimator's offset and y data the estimates. The plotted data (with the ``offset``) is
        attached.
    """
    check_lang(lang)
    if unit not in ("month", "year"):
        raise ValueError(f"unit must be 'month' or 'year', got {unit!r}")
    df = _tidy_event_tables(tables)
    estimators = list(dict.fromkeys(df["estimator"].astype(str)))
    k = len(estimators)
    width = min(0.22, 0.7 / max(k, 1))
    offsets = {e: (j - (k - 1) / 2) * width for j, e in enumerate(estimators)}
    df["estimator"] = df["estimator"].astype(str)
    df["offset"] = df["estimator"].map(offsets)
    df = df.sort_values(
        ["estimator", "event_time"],
        key=lambda s: s.map(estimators.index) if s.name == "estimator" else s,
        kind="mergesort",
    ).reset_index(drop=True)

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = figure_of(ax), ax, False
        ax_.axhline(0, color="#4D4D4D", linewidth=0.9, zorder=1)
        ax_.axvline(-0.5, color="#4D4D4D", linewidth=0.9, linestyle="--", zorder=1)
        any_band = any_thin = False
        pairs = np.r_[
            df[["conf_low", "conf_high"]].to_numpy(dtype=float),
            df[["uband_low", "uband_high"]].to_numpy(dtype=float),
        ]
        estimates = df["estimate"].to_numpy(dtype=float)
        window = _far_window(
            estimates,
            df[["conf_low", "conf_high"]].to_numpy(dtype=float),
            df[["uband_low", "uband_high"]].to_numpy(dtype=float),
        )
        limits = _clip_limits(estimates, pairs, window) if window else None

        def drawn(values: pd.Series) -> pd.Series | np.ndarray:  # far bounds end at the edge
            return np.clip(values.to_numpy(dtype=float), *limits) if limits else values

        for j, est in enumerate(estimators):
            sub = df[df["estimator"] == est]
            colour = PALETTE[j % len(PALETTE)]
            x = sub["event_time"].to_numpy(dtype=float) + offsets[est]
            if sub["uband_low"].notna().any():
                any_band = True
                ax_.vlines(
                    x,
                    drawn(sub["uband_low"]),
                    drawn(sub["uband_high"]),
                    colors=colour,
                    linewidth=5,
                    alpha=0.25,
                    zorder=2,
                )
            thin = _thin(sub, min_support)
            any_thin = any_thin or bool(thin.any())
            ax_.vlines(
                x[~thin],
                drawn(sub["conf_low"][~thin]),
                drawn(sub["conf_high"][~thin]),
                colors=colour,
                linewidth=1.4,
                zorder=3,
            )
            ax_.vlines(
                x[thin],
                drawn(sub["conf_low"][thin]),
                drawn(sub["conf_high"][thin]),
                colors=colour,
                linewidth=1.2,
                linestyles=":",
                zorder=3,
            )
            ax_.plot(
                x,
                sub["estimate"].to_numpy(dtype=float),
                marker="o",
                markersize=4,
                linewidth=0.8,
                color=colour,
                label=label_for(est, lang, labels, kind="estimator"),
                gid=f"estimate:{est}",
                zorder=4,
            )
            if thin.any():  # hollow markers over the thinly supported estimates
                ax_.plot(
                    x[thin],
                    sub["estimate"].to_numpy(dtype=float)[thin],
                    linestyle="none",
                    marker="o",
                    markersize=5,
                    markerfacecolor="white",
                    markeredgecolor=colour,
                    gid=f"thin:{est}",
                    zorder=5,
                )
        if limits:
            for j, est in enumerate(estimators):
                sub = df[df["estimator"] == est]
                x = sub["event_time"].to_numpy(dtype=float) + offsets[est]
                # a band's end beyond the edge is marked once, by its interval's arrow or its own
                low = np.fmin(sub["conf_low"].to_numpy(dtype=float), sub["uband_low"].to_numpy(dtype=float))
                high = np.fmax(
                    sub["conf_high"].to_numpy(dtype=float), sub["uband_high"].to_numpy(dtype=float)
                )
                _clip_arrows(ax_, x, low, high, limits, PALETTE[j % len(PALETTE)], vertical=True)
            ax_.set_ylim(*limits)
        ax_.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_.set_xlabel(t("event_time" if unit == "month" else "event_time_year", lang))
        ax_.set_ylabel(nfc(value_label) if value_label else t("effect", lang))
        ax_.yaxis.set_major_formatter(number_formatter(lang))
        handles, _ = ax_.get_legend_handles_labels()
        if k == 1:
            handles = [
                Line2D([], [], color=PALETTE[0], marker="o", markersize=4, lw=0.8, label=t("estimate", lang))
            ]
        handles.append(Line2D([], [], color="#4D4D4D", lw=1.4, label=t("ci95", lang)))
        if any_band:
            handles.append(Line2D([], [], color="#4D4D4D", lw=5, alpha=0.25, label=t("uniform_band", lang)))
        if any_thin:
            thin_label = t("thin_support", lang, min=min_support)
            handles.append(
                Line2D(
                    [],
                    [],
                    color="#4D4D4D",
                    lw=1.2,
                    ls=":",
                    marker="o",
                    markerfacecolor="white",
                    label=thin_label,
                )
            )
        top_legend(ax_, handles)
        data = df  # the true bounds, clipped only in the drawing
        if not own:
            title_axes(ax_, title)
            return fig
        return finish(
            fig,
            title=title or t("title_event_study", lang),
            lang=lang,
            source=source,
            method=method or t("method_event_study", lang),
            simulated=simulated,
            notes=[t("clipped_intervals", lang)] if limits else [],
            data=data,
        )


def counterfactual_plot(
    actual: pd.DataFrame,
    counterfactual: pd.DataFrame,
    *,
    value_label: str | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    size: str | tuple[float, float] = "slide",
) -> Figure:
    """Actual values against the estimated counterfactual, with the cumulative difference below.

    Parameters
    ----------
    actual : pandas.DataFrame
        ``period``, ``value`` (the whole observed series).
    counterfactual : pandas.DataFrame
        ``period``, ``mean`` and optionally ``lo_95`` / ``hi_95`` for the periods after the start (same
        column names as a forecast). Optional ``cum_low`` / ``cum_high``: an interval for the cumulative
        difference computed by the estimator; without them no band is drawn under the cumulative line
        (adding up pointwise bounds would not give a valid interval).
    value_label : str, optional
        y-axis label of the top panel.
    lang, title, source, method, simulated, size
        As in :func:`trends.charts.city_trend`.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes[0]``: ``lines[0]`` actual, ``lines[1]`` counterfactual mean; ``fig.axes[1]``: ``lines[0]``
        the cumulative difference (actual − counterfactual), whose last value is also printed. The plotted
        data (``period``, ``actual``, ``counterfactual``, ``lo_95``, ``hi_95``, ``difference``,
        ``cumulative``) is attached.
    """
    check_lang(lang)
    _require(actual, ["period", "value"], "actual")
    _require(counterfactual, ["period", "mean"], "counterfactual")
    act = actual.loc[:, ["period", "value"]].copy()
    act["period"] = pd.to_datetime(act["period"])
    act = act.sort_values("period")
    cf = counterfactual.copy()
    cf["period"] = pd.to_datetime(cf["period"])
    cf = cf.sort_values("period")
    merged = cf.merge(act, on="period", how="left")
    if merged["value"].isna().any():
        missing = merged.loc[merged["value"].isna(), "period"].dt.strftime("%Y-%m-%d").tolist()[:3]
        raise ValueError(f"no actual value for counterfactual period(s) {missing}")
    merged["difference"] = merged["value"] - merged["mean"]
    merged["cumulative"] = merged["difference"].cumsum()
    has_band = {"lo_95", "hi_95"} <= set(cf.columns)
    has_cum_band = {"cum_low", "cum_high"} <= set(cf.columns)
    start = cf["period"].iloc[0]

    with theme(size):
        fig, (top, bottom) = new_figure(size, 2, 1, sharex=True, height_ratios=[2.2, 1.0])
        top.plot(
            act["period"].to_numpy(),
            act["value"].to_numpy(dtype=float),
            color="#000000",
            lw=1.6,
            label=t("actual", lang),
        )
        top.plot(
            merged["period"].to_numpy(),
            merged["mean"].to_numpy(dtype=float),
            color=OKABE_ITO["blue"],
            lw=1.6,
            linestyle="--",
            label=t("counterfactual", lang),
        )
        if has_band:
            top.fill_between(
                merged["period"].to_numpy(),
                merged["lo_95"].to_numpy(dtype=float),
                merged["hi_95"].to_numpy(dtype=float),
                color=OKABE_ITO["blue"],
                alpha=0.18,
                lw=0,
                label=t("interval", lang),
            )
        top.set_ylabel(nfc(value_label) if value_label else t("count", lang))
        top.yaxis.set_major_formatter(number_formatter(lang))
        top_legend(top)
        bottom.plot(
            merged["period"].to_numpy(),
            merged["cumulative"].to_numpy(dtype=float),
            color=OKABE_ITO["vermillion"],
            lw=1.8,
        )
        if has_cum_band:
            bottom.fill_between(
                merged["period"].to_numpy(),
                merged["cum_low"].to_numpy(dtype=float),
                merged["cum_high"].to_numpy(dtype=float),
                color=OKABE_ITO["vermillion"],
                alpha=0.18,
                lw=0,
            )
        bottom.axhline(0, color="#4D4D4D", lw=0.9)
        for ax in (top, bottom):
            ax.axvline(start, color="#4D4D4D", lw=0.9, linestyle=":", zorder=1)
        last = merged.iloc[-1]
        bottom.annotate(
            format_number(float(last["cumulative"]), lang, 0),
            xy=(last["period"], last["cumulative"]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color=OKABE_ITO["vermillion"],
            fontweight="bold",
            annotation_clip=False,
        )
        bottom.set_ylabel(t("cumulative_effect", lang))
        bottom.yaxis.set_major_formatter(number_formatter(lang))
        bottom.xaxis.set_major_locator(YearLocator())
        bottom.xaxis.set_major_formatter(DateFormatter("%Y"))
        fig.align_ylabels([top, bottom])
        cols = (
            ["period", "value", "mean"]
            + (["lo_95", "hi_95"] if has_band else [])
            + ["difference", "cumulative"]
        )
        cols += ["cum_low", "cum_high"] if has_cum_band else []
        data = merged[cols].rename(columns={"value": "actual", "mean": "counterfactual"})
        if whole_counts(data["actual"]):  # recorded counts: small ones, and what gives them away, withheld
            data.attrs.update(count_cols=["actual"], derived_cols=["difference", "cumulative"])
        else:  # a rate or a mean is not a count
            data.attrs["count_cols"] = []
        return finish(
            fig,
            title=title or t("title_counterfactual", lang),
            lang=lang,
            source=source,
            method=method or t("method_counterfactual", lang),
            simulated=simulated,
            data=data,
        )
