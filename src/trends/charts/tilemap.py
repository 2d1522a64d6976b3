"""A tile-grid map of units (one square each, no boundary geometry needed); Hanoi's 30 districts by default."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import CenteredNorm, Colormap, Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from trends.charts._layout import _text_width_pt, district_names, figure_of, finish, new_figure, title_axes
from trends.charts.labels import t
from trends.charts.theme import check_lang, format_number, nfc, number_formatter, theme
from trends.geo import HANOI_TILES, hanoi_districts
from trends.privacy import is_small

__all__ = ["tile_map"]


_MISSING_COLOUR = "#E0E0E0"


def _as_series(values: pd.Series | pd.DataFrame, column: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        if "district" not in values.columns or column not in values.columns:
            raise ValueError(
                f"values frame needs columns 'district' and {column!r}, got {list(values.columns)}"
            )
        s = values.set_index("district")[column]
    else:
        s = values
    s = pd.to_numeric(s, errors="raise").astype(float)
    s.index = s.index.astype(str)
    if not s.index.is_unique:
        raise ValueError("values have more than one row for a district")
    return s


def _text_colour(rgba: tuple[float, float, float, float]) -> str:
    r, g, b = to_rgb(rgba)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.5 else "white"


def _tile_pt(fig: Figure, n_rows: int, n_cols: int) -> float:
    """Tile side in points: about 70% of the figure height holds the grid, and its width less the colour bar
    (a wide grid is limited by the width)."""
    width, height = fig.get_size_inches()
    return float(min(height * 0.7 / n_rows, (width - 1.2) / n_cols) * 72)


def _tile_fontsize(fig: Figure, n_rows: int, n_cols: int) -> float:
    """Tile text size in points, from the tile side."""
    return float(min(9.0, max(6.0, _tile_pt(fig, n_rows, n_cols) * 0.16)))


def tile_map(
    values: pd.Series | pd.DataFrame,
    districts: pd.DataFrame | None = None,
    *,
    column: str = "value",
    diverging: bool = False,
    center: float = 0.0,
    cmap: str | Colormap | None = None,
    value_label: str | None = None,
    decimals: int = 0,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    ax: Axes | None = None,
    size: str | tuple[float, float] = (7.0, 7.5),
    tiles: Mapping[str, tuple[int, int]] | None = None,
    counts: pd.Series | None = None,
    threshold: int = 5,
) -> Figure:
    """Units as a grid of squares, coloured by a value (a rate, or an effect); Hanoi's 30 districts by default.

    Parameters
    ----------
    values : pandas.Series or pandas.DataFrame
        A Series indexed by district id, or a frame with ``district`` and ``column``.
    districts : pandas.DataFrame, optional
        For display names; on the default grid, Hanoi's reference names (:func:`trends.geo.hanoi_districts`)
        name the tiles the table does not list.
    column : str
        Value column when ``values`` is a frame.
    diverging : bool
        Use a diverging colour map centred on ``center`` with symmetric limits (for effects: below the
        centre blue, above red); a sequential map otherwise.
    center : float
        Centre of the diverging map.
    cmap : str or Colormap, optional
        Default ``"YlOrBr"`` (sequential) or ``"RdBu_r"`` (diverging); both are colour-blind-safe ColorBrewer
        maps.
    value_label : str, optional
        Colour-bar label (default: "Value").
    decimals : int
        Decimals of the number printed on each tile.
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`.
    tiles : mapping of str to (int, int), optional
        Grid position (column west to east, row north to south) of each unit id; default
        :data:`trends.geo.HANOI_TILES`.
    counts : pandas.Series, optional
        The offence counts behind each value (indexed by district id), when the values are computed from
        counts (rates). A tile whose count is 1 to ``threshold - 1`` shows "under ``threshold`` cases"
        instead of its value, in the no-data grey (its colour would give the value away), and its value is
        withheld in the exported data: a rate and a population give the count back.
    threshold : int, default 5
        Small-cell threshold for ``counts``.

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.collections[0]`` holds one square per unit in ``tiles`` order; its
        ``get_array()`` is the values (masked where a district has no value, drawn grey). The plotted data
        (``district``, ``name``, ``col``, ``row``, ``value``) is attached.

    Raises
    ------
    ValueError
        If ``values`` names a district that is not on the grid.
    """
    check_lang(lang)
    s = _as_series(values, column)
    grid = dict(HANOI_TILES if tiles is None else tiles)
    unknown = sorted(set(s.index) - set(grid))
    if unknown:
        where = "the Hanoi tile grid" if tiles is None else "the tile grid"
        raise ValueError(f"units not on {where}: {unknown}; known ids: {sorted(grid)}")
    ids = list(grid)
    vals = np.array([s.get(d, np.nan) for d in ids], dtype=float)
    if counts is not None:  # small cells: neither the value nor its colour is shown
        count = pd.to_numeric(counts, errors="raise").astype(float)
        count.index = count.index.astype(str)
        cell = np.array([count.get(d, np.nan) for d in ids], dtype=float)
        small = is_small(cell, threshold).to_numpy()
    else:
        cell, small = np.full(len(ids), np.nan), np.zeros(len(ids), dtype=bool)
    masked = np.ma.masked_invalid(np.where(small, np.nan, vals))
    # on Hanoi's grid, tiles outside the study (``districts``) still show their names
    names = (district_names(hanoi_districts(), lang) if tiles is None else {}) | district_names(
        districts, lang
    )
    if diverging:
        finite = vals[np.isfinite(vals) & ~small]
        half = float(np.max(np.abs(finite - center))) if finite.size else 1.0
        norm: Normalize = CenteredNorm(vcenter=center, halfrange=half or 1.0)
        cmap = cmap or "RdBu_r"
    else:
        norm = Normalize()
        cmap = cmap or "YlOrBr"
    n_cols = max(c for c, _ in grid.values()) + 1
    n_rows = max(r for _, r in grid.values()) + 1

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = figure_of(ax), ax, False
        patches = [Rectangle((c + 0.04, -r - 0.96), 0.92, 0.92) for c, r in grid.values()]
        base_cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
        coll = PatchCollection(
            patches,
            cmap=base_cmap.with_extremes(bad=_MISSING_COLOUR),
            norm=norm,
            edgecolor="white",
            linewidth=1.0,
        )
        coll.set_array(masked)
        ax_.add_collection(coll)
        ax_.set_xlim(0, n_cols)
        ax_.set_ylim(-n_rows, 0)
        ax_.set_aspect("equal")
        ax_.axis("off")
        facecolours = coll.to_rgba(masked)
        fontsize = _tile_fontsize(fig, n_rows, n_cols)
        # words in place of a number ("không có số liệu" is wider than a number): wrapped and made smaller, so
        # that they stay on their tile
        room = _tile_pt(fig, n_rows, n_cols) * 0.88

        def fitted(words: str) -> tuple[str, float]:
            if _text_width_pt(words, fontsize + 0.5, "bold") > room:
                words = textwrap.fill(words, (len(words) + 1) // 2)
            widest = max(_text_width_pt(line, 1.0, "bold") for line in words.split("\n"))
            return words, min(fontsize + 0.5, room / widest)

        no_data, withheld = (
            fitted(t("no_data", lang)),
            fitted(t("under_threshold", lang, threshold=threshold)),
        )
        outside = fitted(t("not_in_study", lang))
        studied = None if districts is None or tiles is not None else set(districts["district"].astype(str))
        for (d, (c, r)), v, fc, hidden in zip(grid.items(), vals, facecolours, small, strict=True):
            # at most two lines of at most 9 characters, as the names of Hanoi's districts
            label = textwrap.fill(
                nfc(names.get(d, d)), 9, break_long_words=False, max_lines=2, placeholder=" …"
            )
            shown = np.isfinite(v) and not hidden
            # a Hanoi tile the study's table does not list is outside the study, not a district without data
            words = withheld if hidden else outside if studied is not None and d not in studied else no_data
            number, text_size = words
            if shown:
                number, text_size = format_number(v, lang, decimals), fontsize + 0.5
            colour = _text_colour(tuple(fc)) if shown else "#4D4D4D"
            y_name = -r - (0.30 if "\n" in label else 0.36)
            ax_.text(
                c + 0.5,
                y_name,
                label,
                ha="center",
                va="center",
                fontsize=fontsize,
                color=colour,
                linespacing=1.05,
            )
            ax_.text(
                c + 0.5,
                -r - 0.76,
                number,
                ha="center",
                va="center",
                fontsize=text_size,
                color=colour,
                fontweight="bold",
            )
        cbar = fig.colorbar(coll, ax=ax_, shrink=0.7, pad=0.01, aspect=25)
        cbar.set_label(nfc(value_label) if value_label else t("value", lang))
        cbar.ax.yaxis.set_major_formatter(number_formatter(lang))
        cbar.outline.set_visible(False)
        data = pd.DataFrame(
            {
                "district": ids,
                "name": [names.get(d, d) for d in ids],
                "col": [c for c, _ in grid.values()],
                "row": [r for _, r in grid.values()],
                "value": vals,
            }
        )
        if counts is not None:  # the export withholds small counts and the values computed from them
            data["count"] = cell
            data.attrs.update(count_cols=["count"], derived_cols=["value"])
        else:
            data.attrs["count_cols"] = []
        if not own:
            title_axes(ax_, title)
            return fig
        return finish(
            fig,
            title=title or t("title_tile_map", lang),
            lang=lang,
            source=source,
            method=method,
            simulated=simulated,
            data=data,
        )
