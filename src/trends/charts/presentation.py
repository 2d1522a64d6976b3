"""Give any already-drawn figure the report's look: message title, footnote, SIMULATED banner and theme.

The chart functions of :mod:`trends.charts` draw inside the theme and finish their own figures. Everything else
a notebook shows — a result's ``.plot()`` figure, a hand-made ``plt.subplots`` figure — is drawn outside it;
:func:`present` finishes such a figure the same way, so every chart of an analysis carries the same title,
footnote, banner and language whoever drew it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba, to_rgba_array
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import Formatter, ScalarFormatter

from trends.charts._layout import figure_of, finish
from trends.charts.theme import FONT_FAMILY, PALETTE, check_lang, figsize, nfc, theme

__all__ = ["present"]


def present(
    fig: Figure | Axes,
    *,
    title: str,
    lang: str,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    notes: Sequence[str] = (),
    xlabel: str | None = None,
    ylabel: str | None = None,
    size: str | tuple[float, float] | None = None,
    data: pd.DataFrame | None = None,
) -> Figure:
    """Turn an already-drawn figure into a report chart: title, footnote, SIMULATED banner and theme.

    The figure gets exactly what the chart functions of :mod:`trends.charts` give their own figures: the message
    title, the footnote with the source and the method, the SIMULATED DATA banner when asked, and room for them
    that the axes never overlap (a figure drawn without a layout engine gets constrained layout). The figure
    grows by that room, so its plot keeps the size it was drawn at, unless ``size`` is given. What the theme
    decides after drawing is applied too: its font on every text, grey axes without the top and right spines, a
    light grid on the value axis (unless the axes show an image or a grid already), frameless legends, and
    matplotlib's default colour cycle replaced by the theme's palette (explicit colours are kept). Sizes of
    texts drawn by the figure's own code (tick labels, legends) are set to the theme's; markers and line widths
    are not changed. In Vietnamese, plain numeric ticks take the decimal comma (``0,5``) as the chart functions
    write them. Legends and category labels drawn by the figure's own code keep their words: give them in
    ``lang`` when drawing.

    Presenting a figure again replaces its title, footnote and banner.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure (or one of its axes), e.g. the first item of a result's ``.plot()`` or of
        ``plt.subplots()``.
    title : str
        The message of the chart, in ``lang``: what the reader should take from it.
    lang : {"vi", "en"}
        Language of the footnote's words and of the banner (give ``title``, ``xlabel`` and ``ylabel`` in it).
    source : str, optional
        Where the data come from (e.g. a study's ``source[lang]``); "source not stated" when missing.
    method : str, optional
        How the chart's numbers were computed, for the footnote.
    simulated : bool
        Add the SIMULATED DATA banner (e.g. a study's ``simulated``).
    notes : sequence of str
        Extra footnote lines, above the source.
    xlabel, ylabel : str, optional
        New axis labels, for axes drawn with labels in another language: each replaces the label of every axes
        that shows one (of the first axes when none does).
    size : {"slide", "print"} or (float, float), optional
        Resize the figure to this theme size, title and footnote included (default: its own size plus the room
        they take). ``"print"`` also uses the print theme's smaller fonts.
    data : pandas.DataFrame, optional
        The tidy data the figure shows, kept for :func:`trends.charts.save_figure` (written as CSV beside it).

    Returns
    -------
    matplotlib.figure.Figure
        The same figure, changed in place.

    Raises
    ------
    ValueError
        If ``lang`` is not ``"vi"`` or ``"en"``.
    TypeError
        If ``fig`` is neither a Figure nor an Axes.

    See Also
    --------
    trends.charts.theme : draw a hand-made figure inside the theme from the start.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(6, 3))
    >>> ax = fig.subplots()
    >>> _ = ax.plot([1, 2, 3], [3, 1, 2])
    >>> fig = present(fig, title="Cases fell, then rose", lang="en", source="Hanoi Police", simulated=True)
    >>> fig.get_suptitle()
    'Cases fell, then rose'
    >>> [t.get_text() for t in fig.texts][-1]
    'SIMULATED DATA — not real figures'
    """
    check_lang(lang)
    if isinstance(fig, Axes):
        fig = figure_of(fig)
    if not isinstance(fig, Figure):
        raise TypeError(f"present takes a matplotlib Figure or Axes, got {type(fig).__name__}")
    _recolour(fig)  # before the theme: colours drawn as "C0" resolve to the cycle they were drawn with
    with theme(size if size is not None else "slide"):
        if size is not None:
            fig.set_size_inches(figsize(size))
        _relabel(fig, xlabel, ylabel)
        _restyle(fig)
        if lang == "vi":
            _decimal_comma(fig)
        return finish(
            fig,
            title=title,
            lang=lang,
            source=source,
            method=method,
            simulated=simulated,
            notes=notes,
            data=data,
            grow=size is None,
        )


def _relabel(fig: Figure, xlabel: str | None, ylabel: str | None) -> None:
    axes = fig.axes
    for label, get, set_ in (
        (xlabel, Axes.get_xlabel, Axes.set_xlabel),
        (ylabel, Axes.get_ylabel, Axes.set_ylabel),
    ):
        if label is None or not axes:
            continue
        shown = [ax for ax in axes if get(ax)] or axes[:1]
        for ax in shown:
            set_(ax, nfc(label))


def _restyle(fig: Figure) -> None:
    """Apply what the current rcParams (the theme) would have given the figure's artists when drawn."""
    rc = mpl.rcParams
    fig.set_facecolor(rc["figure.facecolor"])
    for text in fig.findobj(Text):
        text.set_fontfamily(FONT_FAMILY)
    for ax in fig.axes:
        _restyle_axes(ax)
        legend = ax.get_legend()
        if legend is not None:
            _restyle_legend(legend)
    for legend in fig.legends:
        _restyle_legend(legend)


def _restyle_axes(ax: Axes) -> None:
    rc = mpl.rcParams
    grey = rc["axes.labelcolor"]
    for side in ("top", "right"):
        if side in ax.spines:
            ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        if side in ax.spines:
            ax.spines[side].set_color(rc["axes.edgecolor"])
            ax.spines[side].set_linewidth(rc["axes.linewidth"])
    ax.tick_params(axis="both", colors=rc["xtick.color"], labelsize=rc["xtick.labelsize"])
    for label in (ax.xaxis.label, ax.yaxis.label):
        label.set_color(grey)
        label.set_fontsize(rc["axes.labelsize"])
    is_colorbar = getattr(ax, "_colorbar", None) is not None
    has_grid = any(line.get_visible() for line in [*ax.get_xgridlines(), *ax.get_ygridlines()])
    if ax.name == "rectilinear" and not ax.images and not is_colorbar and not has_grid:
        # the grid runs along the value axis: the x axis when the y ticks name categories (a bar chart turned
        # sideways, estimates by district), else the y axis as in the theme
        categorical_y = _names_categories(ax.yaxis)
        ax.grid(
            True, axis="x" if categorical_y else "y", color=rc["grid.color"], linewidth=rc["grid.linewidth"]
        )
        ax.set_axisbelow(True)


def _names_categories(axis: Any) -> bool:
    """True when the axis's tick labels are words (categories), not numbers."""
    labels = axis.get_major_formatter().format_ticks(axis.get_majorticklocs())
    for label in labels:
        try:
            float(label.replace("\u2212", "-").replace(",", "").replace("%", "") or "0")
        except ValueError:
            return True
    return False


def _restyle_legend(legend: Legend) -> None:
    legend.set_frame_on(False)
    for text in legend.get_texts():
        text.set_fontsize(mpl.rcParams["legend.fontsize"])


def _recolour(fig: Figure) -> None:
    """Replace the colours of matplotlib's current colour cycle by the theme's palette, keeping alpha."""
    cycle = mpl.rcParams["axes.prop_cycle"].by_key().get("color", [])
    mapping = {to_hex(c): PALETTE[i % len(PALETTE)] for i, c in enumerate(cycle)}
    if all(to_hex(k) == to_hex(v) for k, v in mapping.items()):  # already the theme's cycle
        return

    def swap(colour: Any) -> Any:
        if isinstance(colour, str) and colour.lower() in ("none", "auto", "face"):
            return colour
        rgba = to_rgba(colour)
        new = mapping.get(to_hex(rgba, keep_alpha=False))
        return colour if new is None else to_rgba(new, rgba[3])

    def swap_array(colours: np.ndarray) -> list[tuple[float, float, float, float]] | None:
        swapped = [to_rgba(swap(tuple(c))) for c in colours]
        return None if np.array_equal(np.array(swapped).reshape(colours.shape), colours) else swapped

    def swap_property(artist: Any, name: str) -> None:
        old = getattr(artist, f"get_{name}")()
        new = swap(old)
        if new is not old:  # only the cycle's colours change
            getattr(artist, f"set_{name}")(new)

    for artist in fig.findobj():
        if isinstance(artist, Line2D):
            for name in ("color", "markerfacecolor", "markeredgecolor"):
                swap_property(artist, name)
        elif isinstance(artist, Patch):
            swap_property(artist, "facecolor")
            swap_property(artist, "edgecolor")
        elif isinstance(artist, Collection) and artist.get_array() is None:  # not colour-mapped
            face = swap_array(to_rgba_array(artist.get_facecolor()))
            if face is not None:
                artist.set_facecolor(face)
            edge = swap_array(to_rgba_array(artist.get_edgecolor()))
            if edge is not None:
                artist.set_edgecolor(edge)


def _decimal_comma(fig: Figure) -> None:
    """Write the plain numeric ticks of every axes the Vietnamese way (``0,5``; ``1.000`` never appears)."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:  # not dates, categories or fixed labels
                axis.set_major_formatter(_DecimalComma(axis.get_major_formatter()))


class _DecimalComma(Formatter):
    """A ScalarFormatter whose labels and offset swap the decimal point and the thousands comma."""

    _SWAP = str.maketrans(".,", ",.")

    def __init__(self, inner: Formatter) -> None:
        self.inner = inner

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.inner(x, pos).translate(self._SWAP)

    def set_axis(self, axis: Any) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs: Any) -> None:
        self.inner.set_locs(locs)

    def get_offset(self) -> str:
        return self.inner.get_offset().translate(self._SWAP)

    def format_data_short(self, value: float) -> str:
        return self.inner.format_data_short(value).translate(self._SWAP)
