"""The forecast fan chart: recorded history, the point forecast and its 80% / 95% prediction intervals."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, YearLocator, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator

from trends.charts._layout import (
    district_names,
    figure_of,
    finish,
    fit_label,
    new_figure,
    small_points,
    title_axes,
    top_legend,
    whole_counts,
    withhold_small,
)
from trends.charts.labels import t
from trends.charts.theme import OKABE_ITO, check_lang, nfc, number_formatter, theme

__all__ = ["fan_chart", "forecast_small_multiples"]


def _band(ax: Axes, fc: pd.DataFrame, level: int, **style: Any) -> None:
    """The ``level`` % interval of ``fc`` (rows by period) as a band. Integer bounds (the intervals of counts)
    are drawn as steps, each period's interval flat across it: a line between one month's [1, 1] and the next
    one's [0, 2] would draw a diamond of fractions that no interval holds."""
    lo, hi = fc[f"lo_{level}"].to_numpy(dtype=float), fc[f"hi_{level}"].to_numpy(dtype=float)
    steps = whole_counts(fc[f"lo_{level}"]) and whole_counts(fc[f"hi_{level}"])
    ax.fill_between(
        fc["period"].to_numpy(), lo, hi, step="mid" if steps else None, color=OKABE_ITO["blue"], lw=0, **style
    )


def fan_chart(
    history: pd.DataFrame,
    forecast: pd.DataFrame,
    *,
    value_label: str | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "slide",
    threshold: int = 5,
) -> Figure:
    """Recorded history followed by a forecast with nested 80% and 95% prediction intervals.

    Parameters
    ----------
    history : pandas.DataFrame
        ``period``, ``value``.
    forecast : pandas.DataFrame
        ``period``, ``mean`` and any of the pairs ``lo_80``/``hi_80``, ``lo_95``/``hi_95``.
    value_label : str, optional
        y-axis label (default: "Offences").
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`. The default method note warns that in a period of unusual
        change more outcomes fall outside the intervals: calibrated intervals hold on average, and series share
        each period's shocks (benchmarks/RESULTS.md, "What the coverage goal can measure").
    threshold : int, default 5
        Recorded counts of 1 to ``threshold - 1`` are not drawn (gaps), and a note says so: the line would
        give away what the exported tables withhold.

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.lines[0]`` is the history, ``ax.lines[1]`` the forecast mean; ``ax.collections`` hold the 95%
        then the 80% band. Intervals are drawn as given (a negative lower bound is not clipped). The plotted
        data is attached.
    """
    check_lang(lang)
    for name, frame, cols in (
        ("history", history, ["period", "value"]),
        ("forecast", forecast, ["period", "mean"]),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
    hist = history.loc[:, ["period", "value"]].copy()
    hist["period"] = pd.to_datetime(hist["period"])
    hist = hist.sort_values("period")
    drawn, withheld = withhold_small(hist["value"], threshold)
    fc = forecast.copy()
    if fc.empty:
        raise ValueError("forecast has no rows")
    fc["period"] = pd.to_datetime(fc["period"])
    fc = fc.sort_values("period")
    bands = [lvl for lvl in (95, 80) if {f"lo_{lvl}", f"hi_{lvl}"} <= set(fc.columns)]

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = figure_of(ax), ax, False
        ax_.plot(
            hist["period"].to_numpy(),
            drawn.to_numpy(dtype=float),
            color="#000000",
            lw=1.6,
            label=t("history", lang),
        )
        ax_.plot(
            fc["period"].to_numpy(),
            fc["mean"].to_numpy(dtype=float),
            color=OKABE_ITO["blue"],
            lw=1.8,
            linestyle="--",
            label=t("forecast", lang),
        )
        alphas = {95: 0.18, 80: 0.35}
        for lvl in bands:
            _band(ax_, fc, lvl, alpha=alphas[lvl], label=t(f"pi{lvl}", lang))
        ax_.axvline(fc["period"].iloc[0], color="#4D4D4D", lw=0.9, linestyle=":", zorder=1)
        ax_.set_ylabel(nfc(value_label) if value_label else t("count", lang))
        ax_.yaxis.set_major_formatter(number_formatter(lang))
        ax_.xaxis.set_major_locator(YearLocator())
        ax_.xaxis.set_major_formatter(DateFormatter("%Y"))
        top_legend(ax_)
        cols = ["period", "mean"] + [
            c for lvl in (80, 95) if lvl in bands for c in (f"lo_{lvl}", f"hi_{lvl}")
        ]
        # Recorded values are counts (small ones are withheld on export); predictions are not.
        data = pd.concat(
            [
                hist.rename(columns={"value": "count"}).assign(kind="history"),
                fc[cols].assign(kind="forecast"),
            ],
            ignore_index=True,
        )
        data = data[["period", "kind", "count", "mean"] + [c for c in cols if c.startswith(("lo_", "hi_"))]]
        data.attrs["count_cols"] = ["count"] if whole_counts(hist["value"]) else []  # a rate is not a count
        if not own:
            title_axes(ax_, title)
            return fig
        return finish(
            fig,
            title=title or t("title_fan_chart", lang),
            lang=lang,
            source=source,
            method=method or t("method_fan_chart", lang),
            simulated=simulated,
            notes=([t("missing_gaps", lang)] if hist["value"].isna().any() else [])
            + ([t("small_withheld", lang, below=threshold - 1)] if withheld else []),
            data=data,
        )


def forecast_small_multiples(
    history: pd.DataFrame,
    forecast: pd.DataFrame,
    districts: pd.DataFrame | None = None,
    *,
    last: int = 36,
    ncols: int = 6,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    size: str | tuple[float, float] = (11.0, 7.5),
    threshold: int = 5,
) -> Figure:
    """One small fan chart per district: the last ``last`` periods recorded, the forecast and its intervals.

    Parameters
    ----------
    history : pandas.DataFrame
        ``district``, ``period``, ``value``.
    forecast : pandas.DataFrame
        ``district``, ``period``, ``mean`` and any of ``lo_80``/``hi_80``, ``lo_95``/``hi_95``.
    districts : pandas.DataFrame, optional
        For display names and order; panels follow the forecast's change on the recent level, largest rise first.
    last : int
        Number of recorded periods shown before the forecast.
    lang, title, source, method, simulated, size
        As in :func:`trends.charts.city_trend`.
    threshold : int, default 5
        Recorded counts of 1 to ``threshold - 1`` are not drawn (gaps), and a note says so.

    Returns
    -------
    matplotlib.figure.Figure
        Panel ``i`` (``fig.axes[i]``) has the history as ``lines[0]`` and the forecast mean as ``lines[1]``; each
        panel has its own y scale (districts differ tenfold). The plotted data is attached.
    """
    import math

    check_lang(lang)
    for name, frame, cols in (
        ("history", history, ["district", "period", "value"]),
        ("forecast", forecast, ["district", "period", "mean"]),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
    hist = history.loc[:, ["district", "period", "value"]].copy()
    hist["period"] = pd.to_datetime(hist["period"])
    keep = sorted(hist["period"].unique())[-last:]
    hist = hist[hist["period"].isin(keep)]
    fc = forecast.copy()
    fc["period"] = pd.to_datetime(fc["period"])
    bands = [lvl for lvl in (95, 80) if {f"lo_{lvl}", f"hi_{lvl}"} <= set(fc.columns)]
    recent = (
        hist[hist["period"].isin(keep[-len(fc["period"].unique()) :])].groupby("district")["value"].mean()
    )
    change = (fc.groupby("district")["mean"].mean() / recent.where(recent > 0)).fillna(1.0)
    order = sorted(change.index, key=lambda d: (-change[d], str(d)))
    # a district's months of 1 to threshold - 1 cases: gaps, as the export withholds them
    drawn, withheld = withhold_small(hist["value"], threshold)
    hist = hist.assign(drawn=drawn)
    names = district_names(districts, lang)
    n = len(order)
    nrows = math.ceil(n / ncols)
    with theme(size):
        fig, axes = new_figure(size, nrows, ncols, sharex=True, squeeze=False)
        flat = axes.ravel()
        panel_in = fig.get_size_inches()[0] / ncols * 0.8  # each panel has its own y tick labels
        small = small_points()
        for i, d in enumerate(order):
            ax = flat[i]
            h = hist[hist["district"] == d].sort_values("period")
            f = fc[fc["district"] == d].sort_values("period")
            ax.plot(h["period"].to_numpy(), h["drawn"].to_numpy(dtype=float), color="#000000", lw=1.0)
            ax.plot(f["period"].to_numpy(), f["mean"].to_numpy(dtype=float), color=OKABE_ITO["blue"], lw=1.3)
            for lvl, alpha in zip(bands, (0.18, 0.35), strict=False):
                _band(ax, f, lvl, alpha=alpha)
            ax.set_title(
                fit_label(nfc(names.get(str(d), str(d))), panel_in, small),  # long names wrap, never widen
                fontsize="small",
                fontweight="normal",
                pad=2,
            )
            ax.tick_params(labelsize="x-small")
            ax.yaxis.set_major_formatter(number_formatter(lang))
            # at least 0 to 1: a district of zeros and near-zero forecasts had ticks all rounded to "0"
            ax.set_ylim(bottom=0, top=max(1.0, ax.get_ylim()[1]))
        # the panels share one x ticker: a fixed tick per 1 January, set once (a date locator would be re-run on
        # each panel at every drawing, a third of the figure's time)
        start, end = (
            min(hist["period"].min(), fc["period"].min()),
            max(hist["period"].max(), fc["period"].max()),
        )
        years = pd.date_range(f"{start.year}-01-01", end, freq="YS")
        years = years[years >= start] if (years >= start).any() else years
        flat[0].xaxis.set_major_locator(FixedLocator(date2num(years.to_pydatetime())))
        flat[0].xaxis.set_major_formatter(DateFormatter("%y"))
        for ax in flat[n:]:
            ax.set_visible(False)
        fig.supylabel(t("count", lang), fontsize="small", color="#4D4D4D")
        data = pd.concat(
            [
                hist.drop(columns="drawn").rename(columns={"value": "count"}).assign(kind="history"),
                fc.assign(kind="forecast"),
            ],
            ignore_index=True,
        )
        return finish(
            fig,
            title=title or t("title_fan_chart", lang),
            lang=lang,
            source=source,
            method=method or t("method_fan_chart", lang),
            simulated=simulated,
            notes=([t("missing_gaps", lang)] if hist["value"].isna().any() else [])
            + ([t("small_withheld", lang, below=threshold - 1)] if withheld else []),
            data=data,
        )
