"""Trend charts: the city total by offence over time, and small multiples of district rates."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from trends.charts._layout import (
    district_names,
    figure_of,
    finish,
    fit_label,
    has_small_counts,
    mark_lone_points,
    new_figure,
    small_points,
    title_axes,
    top_legend,
)
from trends.charts.labels import LabelMapping, label_for, t
from trends.charts.theme import check_lang, nfc, number_formatter, theme
from trends.privacy import is_small
from trends.schema import PERIODS_PER_YEAR, full_years, infer_freq, total_or_missing

__all__ = ["city_trend", "district_small_multiples"]

# Okabe–Ito yellow is fine as a line but too pale as text on white: its labels use a darker olive.
_READABLE_TEXT = {"#F0E442": "#9A8F00"}

Milestones: TypeAlias = Mapping[object, str | tuple[str, str]] | pd.DataFrame


def _milestones(milestones: Milestones | None, lang: str) -> list[tuple[pd.Timestamp, str]]:
    if milestones is None:
        return []
    out: list[tuple[pd.Timestamp, str]] = []
    if isinstance(milestones, pd.DataFrame):
        col = f"label_{lang}" if f"label_{lang}" in milestones.columns else "label"
        for when, text in zip(milestones["period"], milestones[col], strict=True):
            out.append((pd.Timestamp(when), nfc(text)))
    else:
        for when, text in milestones.items():
            if isinstance(text, tuple | list):
                text = text[0] if lang == "vi" else text[1]
            out.append((pd.Timestamp(when), nfc(text)))
    return sorted(out)


def _direct_labels(ax: Axes, ends: list[tuple[float, object, str, str]]) -> None:
    """Label each line at its right end, nudging labels apart vertically so they never overlap.

    Labels longer than 28 characters are wrapped; when the labels cannot all fit beside the lines (more of
    them, or more lines of text, than the axes' height holds), when a label would sit far from its line, or when
    two lines share a colour (more lines than the palette: only a legend shows their dashes) the lines get a
    legend above the axes instead."""
    if not ends:
        return
    lo, hi = ax.get_ylim()
    gap = 0.06 * (hi - lo)
    ends = [(y, x, textwrap.fill(text, 28, break_long_words=False), c) for y, x, text, c in ends]
    shared_colour = len({str(c).upper() for _, _, _, c in ends}) < len(ends)
    if shared_colour or sum(text.count("\n") + 1 for _, _, text, _ in ends) * gap > hi - lo:
        top_legend(ax)
        return
    ends = sorted(ends, key=lambda e: e[0])
    # distance between the centres of neighbouring labels: half of each one's lines
    need = [gap * (a[2].count("\n") + b[2].count("\n") + 2) / 2 for a, b in pairwise(ends)]
    placed: list[float] = []
    for i, (y, _x, _text, _colour) in enumerate(ends):
        placed.append(max(y, placed[-1] + need[i - 1]) if placed else y)
    overflow = placed[-1] - hi
    if overflow > 0:  # shift the stack down but not below the lowest line's own value
        placed = [max(p - overflow, lo) for p in placed]
    if any(b - a < n - 1e-9 * (hi - lo) for (a, b), n in zip(pairwise(placed), need, strict=True)):
        # labels pressed together at the bottom: stack them down from the top instead (they fit, see above)
        placed[-1] = min(placed[-1], hi)
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - need[i])
    if max(abs(p - e[0]) for p, e in zip(placed, ends, strict=True)) > 4 * gap:
        top_legend(ax)  # a label pushed far from its line would be read as another line's
        return
    for (_y, x, text, colour), y_text in zip(ends, placed, strict=True):
        ax.annotate(
            text,
            xy=(x, y_text),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color=_READABLE_TEXT.get(str(colour).upper(), colour),
            fontweight="bold",
            annotation_clip=False,
        )


def city_trend(
    crimes: pd.DataFrame,
    *,
    offences: Sequence[str] | None = None,
    milestones: Milestones | None = None,
    freq: Literal["rolling12", "annual"] = "rolling12",
    labels: LabelMapping | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    threshold: int = 5,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "slide",
) -> Figure:
    """City-wide recorded crime by offence over time, with rollout milestones.

    Parameters
    ----------
    crimes : pandas.DataFrame
        The crimes table (``district``, ``period``, ``offence``, ``count``); districts are summed.
    offences : sequence of str, optional
        Offences to show (default: all), one line each.
    milestones : mapping or DataFrame, optional
        Dates to mark with a dashed vertical line: ``{date: label}`` with a label or a ``(vi, en)`` pair, or a
        frame with ``period`` and ``label`` (or ``label_vi`` / ``label_en``). Milestones outside the plotted
        period are left out.
    freq : {"rolling12", "annual"}
        ``"rolling12"``: monthly series of 12-month rolling totals (no seasonality, first 11 months dropped);
        ``"annual"``: calendar-year totals, full years only. Annual input data are shown as they are.
    labels : mapping, optional
        Offence labels ``{id: (vi, en)}`` (see :mod:`trends.charts.labels`).
    lang : {"vi", "en"}
        Language of every label.
    title : str, optional
        The message of the chart; a neutral default otherwise.
    source, method : str, optional
        Footnote; ``method`` defaults to a description of the aggregation.
    simulated : bool
        Add the SIMULATED DATA banner.
    threshold : int
        Small-count threshold for the footnote warning (a city-month count of 1 to ``threshold - 1``).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (no footnote or banner: the caller owns the figure).
    size : {"slide", "print"} or (float, float)
        Figure size.

    Returns
    -------
    matplotlib.figure.Figure
        One line per offence, ``ax.lines[i]`` in descending order of the last value; the plotted data
        (``period``, ``offence``, ``label``, ``value``) is attached for :func:`~trends.charts.save_figure`.
    """
    check_lang(lang)
    if freq not in ("rolling12", "annual"):
        raise ValueError(f"freq must be 'rolling12' or 'annual', got {freq!r}")
    df = crimes.loc[:, ["period", "offence", "count"]].copy()
    df["period"] = pd.to_datetime(df["period"])
    if offences is not None:
        df = df[df["offence"].isin(list(offences))]
    if df.empty:
        raise ValueError("no crimes to plot (check `offences`)")
    # a month with a missing district cell is missing (a gap in the line), never a fall to a smaller total
    monthly = total_or_missing(df, ["period", "offence"]).unstack("offence").sort_index()
    years = full_years(df["period"])
    annual_input = len(monthly) == len(years) and (monthly.index.month == 1).all()
    if freq == "annual" or annual_input:
        yearly = monthly.groupby(monthly.index.year).agg(lambda v: v.sum(skipna=False))
        yearly = yearly.loc[yearly.index.isin(years)]
        wide = yearly.set_axis(pd.to_datetime([f"{y}-01-01" for y in yearly.index]), axis=0)
        ylabel, default_method, marker = t("count_year", lang), t("method_city_trend_annual", lang), "o"
    else:
        # quarterly data: 4-quarter sums are the same 12-month totals (a monthly grid would leave only gaps)
        step = "QS" if infer_freq(monthly.index) == "quarter" else "MS"
        per_year = PERIODS_PER_YEAR["quarter" if step == "QS" else "month"]
        full = pd.date_range(monthly.index.min(), monthly.index.max(), freq=step)
        monthly = monthly.reindex(full)  # an absent month is missing too: 12-month sums over it are gaps
        wide = monthly.rolling(per_year).sum().iloc[per_year - 1 :]
        ylabel, default_method, marker = t("count_12m", lang), t("method_city_trend_rolling", lang), None
    if wide.empty:
        raise ValueError("not enough data: need at least 12 months (or one full year)")
    order = wide.iloc[-1].sort_values(ascending=False).index.tolist()
    wide = wide[order]

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = figure_of(ax), ax, False
        ends = []
        for off in order:
            name = label_for(off, lang, labels)
            (line,) = ax_.plot(
                wide.index.to_numpy(), wide[off].to_numpy(dtype=float), marker=marker, label=name
            )
            last = wide[off].dropna()  # the label at the line's last point (a gap may end it early)
            if len(last):
                ends.append((float(last.iloc[-1]), last.index[-1], name, line.get_color()))
        ax_.set_ylim(bottom=0)
        ax_.set_ylabel(ylabel)
        ax_.yaxis.set_major_formatter(number_formatter(lang))
        ax_.xaxis.set_major_locator(YearLocator())
        ax_.xaxis.set_major_formatter(DateFormatter("%Y"))
        for when, text in _milestones(milestones, lang):
            if not wide.index[0] <= when <= wide.index[-1]:
                continue  # e.g. a model older than the data: a line outside the series only stretches the axis
            ax_.axvline(when, color="#4D4D4D", linestyle="--", linewidth=1.0, zorder=1)
            ax_.annotate(
                text,
                xy=(when, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize="small",
                color="#4D4D4D",
            )
        _direct_labels(ax_, ends)
        data = wide.rename_axis(index="period", columns="offence").stack().rename("value").reset_index()
        data["label"] = [label_for(o, lang, labels) for o in data["offence"]]
        data = data[["period", "offence", "label", "value"]]
        data.attrs["count_cols"] = ["value"]
        if not own:
            title_axes(ax_, title)
            return fig
        notes = (
            [t("small_counts", lang, threshold=threshold)]
            if has_small_counts(monthly.stack(), threshold)
            else []
        ) + ([t("missing_gaps", lang)] if wide.isna().to_numpy().any() else [])
        return finish(
            fig,
            title=title or t("title_city_trend", lang),
            lang=lang,
            source=source,
            method=method or default_method,
            simulated=simulated,
            notes=notes,
            data=data,
        )


def district_small_multiples(
    crimes: pd.DataFrame,
    districts: pd.DataFrame,
    *,
    rate: bool = True,
    population: pd.DataFrame | None = None,
    offences: Sequence[str] | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    threshold: int = 5,
    ncols: int = 6,
    size: str | tuple[float, float] = (11.0, 7.5),
) -> Figure:
    """One small panel per district: annual recorded crime per 100,000 residents (or counts).

    Panels share both axes and are ordered by the latest year's value, highest first; each shows the city
    figure as a grey reference line.

    Parameters
    ----------
    crimes : pandas.DataFrame
        The crimes table; offences are summed (after filtering by ``offences``).
    districts : pandas.DataFrame
        The districts table (``district``, ``name_vi``, ``name_ascii``, ``population``).
    rate : bool, default True
        Rates per 100,000 residents per year (computed here: count / population × 100,000); counts otherwise.
    population : pandas.DataFrame, optional
        Population by year (``district``, ``year``, ``population``), used instead of ``districts.population``.
    offences : sequence of str, optional
        Offences to include (default: all).
    lang : {"vi", "en"}
        Language; district names are ``name_vi`` in Vietnamese and ``name_ascii`` in English.
    title, source, method, simulated, threshold
        As in :func:`city_trend`.
    ncols : int
        Panels per row.
    size : {"slide", "print"} or (float, float)
        Figure size; the default is larger than a slide so 30 panels stay readable.

    Returns
    -------
    matplotlib.figure.Figure
        Panel ``i`` (``fig.axes[i]``) has the district as ``lines[0]`` and the city as ``lines[1]``; the
        plotted data (``district``, ``name``, ``year``, ``count``, ``population``, ``value``) is attached.
    """
    check_lang(lang)
    df = crimes.loc[:, ["district", "period", "offence", "count"]].copy()
    df["period"] = pd.to_datetime(df["period"])
    if offences is not None:
        df = df[df["offence"].isin(list(offences))]
    years = full_years(df["period"])
    if not years:
        raise ValueError("no full calendar year in the data")
    df["year"] = df["period"].dt.year
    df = df[df["year"].isin(years)]
    ids = [str(d) for d in districts["district"]]
    unknown = sorted(set(df["district"].astype(str)) - set(ids))
    if unknown:  # their cases would vanish from the panels and the all-district line
        raise ValueError(f"crimes of districts not in the districts table: {unknown[:10]}")
    counts = total_or_missing(
        df.assign(district=df["district"].astype(str)), ["district", "year"]
    ).reindex(  # a year short of a month is missing
        pd.MultiIndex.from_product([ids, years]), fill_value=0
    )
    counts.index.names = ["district", "year"]
    table = counts.rename("count").reset_index()
    if population is not None:
        pop = population.loc[:, ["district", "year", "population"]]
        table = table.merge(pop, on=["district", "year"], how="left")
    else:
        table = table.merge(districts[["district", "population"]], on="district", how="left")
    if rate:
        if table["population"].isna().any() or (table["population"] <= 0).any():
            bad = table.loc[table["population"].isna() | (table["population"] <= 0), ["district", "year"]]
            raise ValueError(f"missing or non-positive population for {bad.head(3).to_dict('records')}")
        table["value"] = table["count"] / table["population"] * 100_000
        city = table.groupby("year")[["count", "population"]].agg(lambda v: v.sum(skipna=False))
        city_value = city["count"] / city["population"] * 100_000
    else:
        table["value"] = table["count"].astype(float)
        city_value = table.groupby("year")["value"].mean()
    names = district_names(districts, lang)
    table["name"] = [names.get(d, d) for d in table["district"]]
    last = table[table["year"] == years[-1]].sort_values(["value", "name"], ascending=[False, True])
    order = last["district"].tolist()
    table = table.set_index("district").loc[order].reset_index()
    table = table[["district", "name", "year", "count", "population", "value"]]
    table.attrs.update(count_cols=["count"], derived_cols=["value"])

    n = len(order)
    nrows = math.ceil(n / ncols)
    with theme(size):
        fig, axes = new_figure(size, nrows, ncols, sharex=True, sharey=True, squeeze=False)
        flat = axes.ravel()
        panel_in = fig.get_size_inches()[0] / ncols * 0.92
        small = small_points()

        def panel_title(name: str) -> str:  # a long name wraps instead of widening its column
            return fit_label(name, panel_in, small)

        x_city = np.asarray(city_value.index, dtype=float)
        # a district-year of 1 to threshold - 1 cases is not drawn: its rate times the population gives the count
        # away, and the exported tables withhold it
        withheld = is_small(table["count"], threshold).to_numpy()
        drawn = table["value"].mask(withheld)
        for i, d in enumerate(order):
            ax = flat[i]
            sub = table[table["district"] == d]
            (own,) = ax.plot(
                sub["year"].to_numpy(dtype=float),
                drawn[sub.index].to_numpy(dtype=float),
                color="#0072B2",
                lw=1.6,
            )
            (ref,) = ax.plot(x_city, city_value.to_numpy(dtype=float), color="#999999", lw=1.0, zorder=1)
            # a year between missing years is drawn by no segment: a dot shows it
            mark_lone_points(own, 3.5)
            mark_lone_points(ref, 2.5)
            ax.set_title(panel_title(sub["name"].iloc[0]), fontsize="small", fontweight="normal", pad=2)
            ax.tick_params(labelsize="x-small")
            ax.yaxis.set_major_formatter(number_formatter(lang))
        # the shared scale from every panel's values: set panel by panel, it froze at the first panels' range and
        # cut off a later district's higher line
        top = np.nanmax(np.r_[drawn.to_numpy(dtype=float), city_value.to_numpy(dtype=float), 0.0])
        flat[0].set_ylim(0, top * 1.05 if top > 0 else 1.0)
        for ax in flat[n:]:
            ax.set_visible(False)
        if len(years) > 1:
            step = max(1, math.ceil(len(years) / 4))
            ticks = years[::step]
            flat[0].set_xticks([float(y) for y in ticks], [str(y) for y in ticks])
        else:
            flat[0].set_xticks([float(years[0])], [str(years[0])])
        ylabel = t("rate_100k", lang) if rate else t("count_year", lang)
        fig.supylabel(ylabel, fontsize="small", color="#4D4D4D")
        handles = [
            Line2D([], [], color="#0072B2", lw=1.6, label=t("district", lang)),
            Line2D([], [], color="#999999", lw=1.0, label=t("city_average", lang)),
        ]
        fig.legend(handles=handles, loc="outside upper right", ncols=2, fontsize="small")
        notes = ([t("small_withheld", lang, below=threshold - 1)] if withheld.any() else []) + (
            [t("missing_gaps", lang)] if table["value"].isna().any() else []
        )
        return finish(
            fig,
            title=title or t("title_small_multiples" if rate else "title_small_multiples_count", lang),
            lang=lang,
            source=source,
            method=method or t("method_rate" if rate else "method_count", lang),
            simulated=simulated,
            notes=notes,
            data=table,
        )
