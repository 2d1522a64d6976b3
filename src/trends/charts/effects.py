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
    default ``plot()`` of a result (``key="term"``, ``rank=False``).

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
        ax_.hlines(df["y"], df["conf_low"], df["conf_high"], colors=point_colours, linewidth=1.6)
        ax_.scatter(df["estimate"], df["y"], c=point_colours, s=28, zorder=3)
        ax_.axvline(0, color="#4D4D4D", linewidth=0.9, zorder=1)
        ticks = [
            f"{n} ({t('no_data', lang)})" if c == "no_data" else n
            for n, c in zip(df["name"], sign, strict=True)
        ]
        ax_.set_yticks(df["y"], ticks, fontsize="x-small")
        ax_.set_ylim(-0.7, len(df) - 0.3)
        ax_.grid(True, axis="x")
        ax_.grid(False, axis="y")
        ax_.tick_params(axis="y", length=0)
        ax_.set_xlabel(nfc(value_label) if value_label else t("effect_unit", lang))
        ax_.xaxis.set_major_formatter(number_formatter(lang))
        present = [c for c in ("reduction", "not_significant", "increase") if c in set(sign)]
        handles = [Line2D([], [], color=colours[c], marker="o", lw=1.6, label=t(c, lang)) for c in present]
        top_legend(ax_, handles)
        data = df[[key, "name", "estimate", "conf_low", "conf_high", "class"]]
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
    for c in ("uband_low", "uband_high"):
        if c not in df.columns:
            df[c] = np.nan
    return df[["estimator", "event_time", "estimate", "conf_low", "conf_high", "uband_low", "uband_high"]]


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
) -> Figure:
    """Event-study estimates of one or several estimators side by side.

    Point estimates with pointwise 95% intervals (thin lines) and, when given, simultaneous (uniform)
    bands (wide pale bars). Estimators are offset horizontally by a small amount so their intervals do not
    hide each other.

    Parameters
    ----------
    tables : DataFrame, mapping of name to DataFrame, or sequence of DataFrames
        Tidy tables with ``event_time``, ``estimate``, ``conf_low``, ``conf_high``, optional
        ``uband_low`` / ``uband_high``, and ``estimator`` (taken from the mapping key when given as a
        mapping). A single frame may hold several estimators.
    labels : mapping, optional
        Estimator display labels ``{id: (vi, en)}`` (registry kind ``"estimator"``).
    unit : {"month", "year"}
        Unit of ``event_time`` for the axis label.
    value_label : str, optional
        y-axis label.
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`.

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
        any_band = False
        for j, est in enumerate(estimators):
            sub = df[df["estimator"] == est]
            colour = PALETTE[j % len(PALETTE)]
            x = sub["event_time"].to_numpy(dtype=float) + offsets[est]
            if sub["uband_low"].notna().any():
                any_band = True
                ax_.vlines(
                    x, sub["uband_low"], sub["uband_high"], colors=colour, linewidth=5, alpha=0.25, zorder=2
                )
            ax_.vlines(x, sub["conf_low"], sub["conf_high"], colors=colour, linewidth=1.4, zorder=3)
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
        top_legend(ax_, handles)
        data = df
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
