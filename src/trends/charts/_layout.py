"""Shared figure scaffolding: a themed figure, the message title, the footnote and the SIMULATED banner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine, PlaceHolderLayoutEngine, TightLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.textpath import TextToPath

from trends.charts.labels import t
from trends.charts.theme import FONT_FAMILY, OKABE_ITO, check_lang, figsize, nfc
from trends.privacy import is_small

__all__ = [
    "attach_data",
    "district_names",
    "figure_of",
    "finish",
    "fit_label",
    "has_small_counts",
    "lone_points",
    "mark_lone_points",
    "new_figure",
    "plot_data",
    "small_points",
    "top_legend",
    "whole_counts",
]

_DATA_ATTR = "_trends_plot_data"
# ids of the texts finish() adds, so that finishing a figure again replaces them instead of stacking a second
# footnote and banner under the first
FOOTNOTE_GID = "trends-footnote"
BANNER_GID = "trends-simulated"
_GROWN_ATTR = "_trends_grown_in"  # inches finish(grow=True) added to the figure's height
_FOOT_COLOUR = "#4D4D4D"
_TEXT_TO_PATH = TextToPath()


def new_figure(
    size: str | tuple[float, float], nrows: int = 1, ncols: int = 1, **subplots_kw: Any
) -> tuple[Figure, Any]:
    """Create a constrained-layout figure (no pyplot state) and its axes; call inside :func:`theme`.

    The axes are one ``Axes``, or an array of them for a grid (as ``Figure.subplots`` returns them).
    """
    fig = Figure(figsize=figsize(size), layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplots_kw)
    return fig, axes


def figure_of(ax: Axes) -> Figure:
    """The figure an Axes is drawn on (the top-level figure when the Axes sits in a subfigure)."""
    fig = ax.figure
    while not isinstance(fig, Figure):  # a SubFigure: its parent, up to the root
        fig = fig.figure
    return fig


def _text_width_pt(text: str, fontsize: float, weight: str) -> float:
    prop = FontProperties(family=FONT_FAMILY, size=fontsize, weight=weight)
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _wrap(text: str, width_in: float, fontsize: float, weight: str = "normal") -> str:
    """Greedy word wrap measured with the real font, so long Vietnamese titles never run off the figure."""
    limit = width_in * 72
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _text_width_pt(candidate, fontsize, weight) > limit:
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return "\n".join(out)


def small_points() -> float:
    """The "small" font size in points (legends, panel titles), as matplotlib scales it from the base size."""
    return float(mpl.rcParams["font.size"]) * 0.833


def whole_counts(values: pd.Series) -> bool:
    """True when every value given is a non-negative whole number: recorded counts, withheld when small on
    export (a rate or a mean is not a count)."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    return bool(((v >= 0) & (v == v.round())).all())


def fit_label(text: str, width_in: float, fontsize: float, max_lines: int = 3) -> str:
    """Wrap a label (a panel title) to ``width_in`` with the real font, in at most ``max_lines`` lines (the last
    one ending in "…" when the text is longer); a label that fits is returned as it is."""
    if _text_width_pt(text, fontsize, "normal") <= width_in * 72:
        return text
    lines = _wrap(text, width_in, fontsize).split("\n")
    if len(lines) <= max_lines:
        return "\n".join(lines)
    last = " ".join(lines[max_lines - 1 :])
    while last and _text_width_pt(last + "…", fontsize, "normal") > width_in * 72:
        last = last[:-1]
    return "\n".join([*lines[: max_lines - 1], last.rstrip() + "…"])


def finish(
    fig: Figure,
    *,
    title: str,
    lang: str,
    source: str | None,
    method: str | None,
    simulated: bool,
    notes: Sequence[str] = (),
    data: pd.DataFrame | None = None,
    grow: bool = False,
) -> Figure:
    """Add the message title, the footnote (notes, source, method) and the SIMULATED banner.

    The bottom of the figure is reserved for the footnote so that the layout never lets the axes overlap it:
    through the figure's constrained or tight layout engine, and a figure drawn without one (``plt.subplots``)
    gets constrained layout. With ``grow=True`` the figure is made taller by the room the title and the footnote
    take, so its axes keep their size (for a figure sized for its plot alone). Finishing a figure again replaces
    its title, footnote and banner (and undoes the earlier growth).
    """
    check_lang(lang)
    for old in [text for text in fig.texts if text.get_gid() in (FOOTNOTE_GID, BANNER_GID)]:
        old.remove()
    width, height = fig.get_size_inches()
    earlier = getattr(fig, _GROWN_ATTR, 0.0)
    height -= earlier
    base = float(mpl.rcParams["font.size"])
    title_size = base + 3
    title_text = _wrap(nfc(title), width * 0.97, title_size, "bold")

    foot_size = base - 2
    src = nfc(source) if source else t("source_missing", lang)
    parts = [t("source", lang, source=src)]
    if method:
        parts.append(t("method", lang, method=nfc(method)))
    lines = [nfc(n) for n in notes if n] + [". ".join(p.rstrip(".") for p in parts) + "."]
    foot = _wrap("\n".join(lines), width * 0.97, foot_size)
    pad_in = 0.08  # footnote, then the banner above it, from the bottom edge up
    banner_in = pad_in + (foot.count("\n") + 1) * foot_size * 1.3 / 72 + 0.04
    bottom_in = banner_in + (base * 1.3 / 72 + 0.06 if simulated else 0.0) + 0.05
    title_in = (title_text.count("\n") + 1) * title_size * 1.3 / 72 + 0.15
    grown = bottom_in + title_in if grow else 0.0
    if grown or earlier:
        setattr(fig, _GROWN_ATTR, grown)
        height += grown
        fig.set_size_inches(width, height)

    fig.suptitle(title_text, x=0.01, ha="left", fontsize=title_size, fontweight="bold")
    fig.text(
        0.01,
        pad_in / height,
        foot,
        ha="left",
        va="bottom",
        fontsize=foot_size,
        color=_FOOT_COLOUR,
        gid=FOOTNOTE_GID,
    )
    if simulated:
        fig.text(
            0.01,
            banner_in / height,
            t("simulated", lang),
            ha="left",
            va="bottom",
            fontsize=base,
            fontweight="bold",
            color=OKABE_ITO["vermillion"],
            gid=BANNER_GID,
        )
    _reserve(fig, min(0.45, bottom_in / height), min(0.45, title_in / height))
    if data is not None:
        attach_data(fig, data)
    return fig


def _reserve(fig: Figure, bottom: float, top: float) -> None:
    """Keep the axes out of the bottom ``bottom`` of the figure (footnote and banner), whatever drew them.

    A figure without a layout engine (``plt.subplots``, a result's ``.plot()`` on one) gets constrained layout,
    which also makes room for the title; only when a colorbar ties the figure to its manual layout are the
    subplot margins moved instead (``top`` is the title's share of the height).
    """
    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        # a colorbar made for the manual layout steals its room from a gridspec that constrained layout
        # cannot solve: such a figure keeps its manual layout with wider margins
        manual = any(getattr(ax, "_colorbar", None) is not None for ax in fig.axes)
        if not manual:
            try:
                fig.set_layout_engine("constrained")
            except RuntimeError:
                manual = True
        if manual:
            pars = fig.subplotpars
            fig.subplots_adjust(bottom=max(pars.bottom, bottom + 0.08), top=min(pars.top, 1.0 - top))
            return
        engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):  # rect = (left, bottom, width, height)
        engine.set(rect=(0.0, bottom, 1.0, 1.0 - bottom))
    elif isinstance(engine, TightLayoutEngine):  # rect = (left, bottom, right, top); it ignores the title
        engine.set(rect=(0.0, bottom, 1.0, 1.0 - top))


def attach_data(fig: Figure, data: pd.DataFrame) -> None:
    """Keep the tidy data a chart plots on its figure, for :func:`trends.charts.save_figure`."""
    kept = data.reset_index(drop=True)
    kept.attrs = dict(data.attrs)
    setattr(fig, _DATA_ATTR, kept)


def plot_data(fig: Figure) -> pd.DataFrame | None:
    """Return the tidy data a chart function plotted on ``fig`` (``None`` for hand-made figures).

    Columns are those of the chart's input after the chart's own aggregation (e.g. 12-month totals), so the
    CSV written beside an export is exactly what the reader sees. ``attrs["count_cols"]`` and
    ``attrs["derived_cols"]`` name the columns that hold offence counts and the columns computed from them
    (rates), for small-cell suppression on export.
    """
    data = getattr(fig, _DATA_ATTR, None)
    return None if data is None else data.copy()


def title_axes(ax: Axes, title: str | None) -> None:
    """Title a caller-provided axes (a chart drawn into someone else's figure gets no footnote)."""
    if title:
        ax.set_title(nfc(title))


def district_names(districts: pd.DataFrame | None, lang: str) -> dict[str, str]:
    """Map district ids to display names: ``name_vi`` in Vietnamese, ``name_ascii`` in English."""
    check_lang(lang)
    if districts is None:
        return {}
    col = "name_vi" if lang == "vi" or "name_ascii" not in districts.columns else "name_ascii"
    if col not in districts.columns:
        return {}
    return {str(k): nfc(v) for k, v in zip(districts["district"], districts[col], strict=True)}


def lone_points(values: Sequence[float] | pd.Series) -> list[bool]:
    """Which values a line cannot show: drawn, but with no drawn neighbour (a year between missing years).

    A line joins consecutive values, so a value between gaps is drawn by no segment; the chart marks it.
    """
    v = np.isfinite(np.asarray(values, dtype=float))
    before = np.r_[False, v[:-1]]
    after = np.r_[v[1:], False]
    return (v & ~before & ~after).tolist()


def mark_lone_points(line: Line2D, markersize: float = 3.0) -> None:
    """Show the values of ``line`` between gaps as small dots in the line's colour (a lone value is drawn by
    no segment); a line without such a value is left as it is."""
    lone = lone_points(line.get_ydata())
    if any(lone):
        line.set_marker("o")
        line.set_markersize(markersize)
        line.set_markevery(lone)


def has_small_counts(counts: pd.Series, threshold: int) -> bool:
    """True when any count is between 1 and ``threshold - 1`` (the chart then says so)."""
    return bool(is_small(counts, threshold).any())


def withhold_small(values: pd.Series, threshold: int) -> tuple[pd.Series, bool]:
    """Recorded counts as a chart may draw them: values of 1 to ``threshold - 1`` become NaN (a gap), as the
    exported tables withhold them; a series that is not whole counts (a rate, a mean) is returned as it is.
    Returns the values and whether any was withheld (the chart then says so)."""
    if not whole_counts(values):
        return values, False
    small = is_small(values, threshold).to_numpy()
    return values.mask(small), bool(small.any())


def top_legend(ax: Axes, handles: list | None = None, ncols: int | None = None) -> None:
    """Put the legend just above the axes, where it can never hide data, in as many columns as fit."""
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if ncols is None:
        size = small_points()
        widths = [_text_width_pt(str(h.get_label()), size, "normal") + 3.6 * size for h in handles]
        room = figure_of(ax).get_size_inches()[0] * 72 * 0.92
        ncols = max(1, len(handles))
        while ncols > 1 and max(widths) * ncols > room:
            ncols -= 1
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=ncols,
        fontsize="small",
        borderaxespad=0.2,
        handlelength=1.8,
        columnspacing=1.2,
    )
