"""The rollout timeline: which district had how many community-security models active in which month."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.dates import DateFormatter, YearLocator, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from trends.charts._layout import district_names, figure_of, finish, new_figure, title_axes
from trends.charts.labels import t
from trends.charts.theme import check_lang, theme
from trends.schema import infer_freq

__all__ = ["rollout_heatmap", "rollout_order"]

_NONE_COLOUR = "#EFEFEF"


def rollout_order(rollout_panel: pd.DataFrame) -> pd.DataFrame:
    """Districts in panelview order: by first adoption (earliest first), never-adopters last, then by id.

    Returns a frame with ``district`` and ``cohort`` (first period with a model active, or the panel's
    ``cohort`` column when given; ``NaT`` for never).
    """
    df = rollout_panel.copy()
    df["period"] = pd.to_datetime(df["period"])
    if "cohort" in df.columns:
        cohort = pd.to_datetime(df["cohort"]).groupby(df["district"]).min()
    else:
        cohort = df.loc[df["active_models"] > 0].groupby("district")["period"].min()
    out = pd.DataFrame({"district": sorted(df["district"].astype(str).unique())})
    out["cohort"] = out["district"].map(cohort)
    out["never"] = out["cohort"].isna()
    out = out.sort_values(["never", "cohort", "district"], kind="mergesort").drop(columns="never")
    return out.reset_index(drop=True)


def rollout_heatmap(
    rollout_panel: pd.DataFrame,
    districts: pd.DataFrame | None = None,
    *,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    ax: Axes | None = None,
    size: str | tuple[float, float] = (10.0, 7.5),
) -> Figure:
    """District × month heat map of active models, districts ordered by adoption (as pyfixest's panelview).

    Parameters
    ----------
    rollout_panel : pandas.DataFrame
        One row per district and period: ``district``, ``period``, ``active_models`` (int), optional
        ``cohort`` (first adoption period, ``NaT`` if never). Missing district-periods count as 0 models.
    districts : pandas.DataFrame, optional
        For display names (``name_vi`` / ``name_ascii``); ids are shown otherwise.
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`.

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.images[0].get_array()`` is the district × period matrix of active models (rows in the order of
        :func:`rollout_order`, top row first). Never-adopters are labelled in grey italics. The plotted data
        (``district``, ``name``, ``period``, ``active_models``, ``cohort``) is attached.
    """
    check_lang(lang)
    df = rollout_panel.copy()
    df["period"] = pd.to_datetime(df["period"])
    df["district"] = df["district"].astype(str)
    order = rollout_order(df)
    # one column per period of the data's own frequency (a monthly grid would stripe quarterly or annual data)
    step = {"month": "MS", "quarter": "QS", "year": "YS"}[infer_freq(df["period"])]
    periods = pd.date_range(df["period"].min(), df["period"].max(), freq=step)
    matrix = (
        df.pivot_table(index="district", columns="period", values="active_models", aggfunc="sum")
        .reindex(index=order["district"], columns=periods)
        .fillna(0)
        .astype(int)
    )
    names = district_names(districts, lang)
    labels = [names.get(d, d) for d in matrix.index]
    top = max(1, int(matrix.to_numpy().max()))
    blues = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B"]
    if top <= len(blues):
        colours = [_NONE_COLOUR, *blues[len(blues) - top :]] if top > 1 else [_NONE_COLOUR, "#2171B5"]
    else:
        colours = [_NONE_COLOUR, *[blues[min(len(blues) - 1, int(i * len(blues) / top))] for i in range(top)]]
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(-0.5, top + 1.5), cmap.N)

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = figure_of(ax), ax, False
        x0 = date2num(periods[0])
        x1 = date2num(periods[-1] + pd.tseries.frequencies.to_offset(step))
        image = ax_.imshow(
            matrix.to_numpy(),
            aspect="auto",
            interpolation="nearest",
            cmap=cmap,
            norm=norm,
            extent=(x0, x1, len(matrix) - 0.5, -0.5),
        )
        ax_.set_yticks(np.arange(len(matrix)), labels, fontsize="x-small")
        never = set(order.loc[order["cohort"].isna(), "district"])
        for tick, d in zip(ax_.get_yticklabels(), matrix.index, strict=True):
            if d in never:
                tick.set_color("#808080")
                tick.set_fontstyle("italic")
        ax_.xaxis_date()
        ax_.xaxis.set_major_locator(YearLocator())
        ax_.xaxis.set_major_formatter(DateFormatter("%Y"))
        ax_.grid(False)
        ax_.tick_params(axis="y", length=0)
        ax_.spines[["left", "bottom"]].set_visible(False)
        cbar = fig.colorbar(image, ax=ax_, shrink=0.6, pad=0.01, aspect=25)
        cbar.set_label(t("active_models", lang))
        if top <= 10:
            cbar.set_ticks(list(range(top + 1)))
        else:
            cbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
        cbar.ax.minorticks_off()
        cbar.outline.set_visible(False)
        data = (
            matrix.rename_axis(index="district", columns="period")
            .stack()
            .rename("active_models")
            .reset_index()
        )
        data["name"] = data["district"].map(dict(zip(matrix.index, labels, strict=True)))
        data["cohort"] = data["district"].map(dict(zip(order["district"], order["cohort"], strict=True)))
        data = data[["district", "name", "period", "active_models", "cohort"]]
        data.attrs["count_cols"] = []  # models, not offences: nothing to withhold
        if not own:
            title_axes(ax_, title)
            return fig
        notes = (
            [t("never_note.one" if len(never) == 1 else "never_note", lang, n=len(never))] if never else []
        )
        return finish(
            fig,
            title=title or t("title_rollout", lang),
            lang=lang,
            source=source,
            method=method or t("method_rollout", lang),
            simulated=simulated,
            notes=notes,
            data=data,
        )
