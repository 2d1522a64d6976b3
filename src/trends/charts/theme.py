"""One theme for every chart: a font with every Vietnamese glyph, a colour-blind-safe palette, fixed sizes.

The theme is an ``rc_context`` (:func:`theme`), so it changes nothing outside the ``with`` block. Chart
functions enter it themselves; call it directly only to style a figure you build by hand.

Choices (each checked on this stack by ``tests/charts/test_charts.py``):

* **Font**: DejaVu Sans, bundled with matplotlib, covers every Vietnamese letter (DejaVu Sans Mono and
  Bitstream Vera do not). Every label is normalised to Unicode NFC (:func:`nfc`): decomposed text (a base
  letter followed by combining marks, as some spreadsheets and macOS file names produce) renders badly.
* **Palette**: the Okabe–Ito colours as a fixed hex list (:data:`OKABE_ITO`), distinguishable with the common
  colour-vision deficiencies and in greyscale print when paired with line styles.
* **Sizes**: ``"slide"`` (16:9, for PNG on slides) and ``"print"`` (A4 text width, for SVG/PDF).
* **Numbers**: Vietnamese uses ``.`` for thousands and ``,`` for decimals (``1.234,5``); English the reverse.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import matplotlib as mpl
import pandas as pd
from cycler import cycler
from matplotlib.ticker import FuncFormatter

from trends._text import nfc
from trends.messages import LANGS, Lang, check_lang

__all__ = [
    "DPI",
    "FONT_FAMILY",
    "LANGS",
    "OKABE_ITO",
    "PALETTE",
    "SIZES",
    "Lang",
    "check_lang",
    "figsize",
    "format_month",
    "format_number",
    "nfc",
    "number_formatter",
    "rc_params",
    "theme",
]


FONT_FAMILY = "DejaVu Sans"

#: The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), in its published order.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Line/marker colour cycle: the Okabe–Ito colours with the strongest contrast on white first;
#: yellow last, since it is hard to see as a thin line.
PALETTE: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
)

#: Figure sizes in inches: 16:9 for slides, A4 text width (16 cm) for print.
SIZES: dict[str, tuple[float, float]] = {
    "slide": (10.0, 5.625),
    "print": (6.3, 4.2),
}

#: Resolution of every PNG export (fixed so that the same inputs give the same bytes).
DPI = 200

_GREY = "#4D4D4D"


def figsize(size: str | tuple[float, float]) -> tuple[float, float]:
    """Resolve a named size (``"slide"``, ``"print"``) or pass a ``(width, height)`` in inches through."""
    if isinstance(size, str):
        try:
            return SIZES[size]
        except KeyError:
            raise ValueError(f"size must be one of {tuple(SIZES)} or (width, height), got {size!r}") from None
    width, height = size
    return float(width), float(height)


def rc_params(size: str | tuple[float, float] = "slide") -> dict[Any, Any]:
    """Return the theme's rcParams (fonts, palette, sizes and the settings that make exports reproducible).

    Parameters
    ----------
    size : {"slide", "print"} or (float, float)
        Default figure size. Print gets slightly smaller fonts.
    """
    base = 10.0 if (isinstance(size, str) and size == "slide") else 8.5
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],
        "mathtext.fontset": "dejavusans",
        "font.size": base,
        "axes.titlesize": base + 1,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": base,
        "axes.labelcolor": _GREY,
        "axes.edgecolor": _GREY,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        # the palette's colours solid, then dashed, then dotted: a chart of more lines than colours (16 offences)
        # never draws two lines alike
        "axes.prop_cycle": cycler(linestyle=["-", "--", ":"]) * cycler(color=list(PALETTE)),
        "grid.color": "#D9D9D9",
        "grid.linewidth": 0.6,
        "xtick.color": _GREY,
        "ytick.color": _GREY,
        "xtick.labelsize": base - 1,
        "ytick.labelsize": base - 1,
        "legend.frameon": False,
        "legend.fontsize": base - 1,
        "lines.linewidth": 1.8,
        "figure.figsize": figsize(size),
        "figure.dpi": 100,
        "figure.facecolor": "white",
        "figure.titlesize": base + 3,
        "figure.titleweight": "bold",
        "savefig.dpi": DPI,
        "savefig.facecolor": "white",
        # Reproducible exports (:mod:`trends.charts.export`): fixed SVG ids, TrueType fonts embedded in PDF, text kept as text.
        "svg.hashsalt": "trends",
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "pdf.compression": 6,
        "date.autoformatter.year": "%Y",
    }


@contextlib.contextmanager
def theme(size: str | tuple[float, float] = "slide") -> Iterator[None]:
    """Apply the theme inside a ``with`` block.

    Parameters
    ----------
    size : {"slide", "print"} or (float, float)
        Default figure size.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> with theme("print"):
    ...     fig = Figure()
    """
    with mpl.rc_context(rc_params(size)):
        yield


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """Format a number with the thousands and decimal separators of ``lang``.

    Parameters
    ----------
    value : float
        The number; NaN becomes an en dash.
    lang : {"vi", "en"}
        ``"vi"`` gives ``1.234,5``; ``"en"`` gives ``1,234.5``.
    decimals : int
        Digits after the decimal separator.
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−")


def format_month(when: object, lang: str) -> str:
    """A month as its readers write it: ``7/2025`` (vi) or ``July 2025`` (en)."""
    check_lang(lang)
    stamp = pd.Timestamp(when)
    return f"{stamp.month}/{stamp.year}" if lang == "vi" else f"{stamp:%B %Y}"


def format_change(value: float, lang: str, decimals: int = 0) -> str:
    """A signed percentage change, ``+3%`` / ``−3%`` / ``0%``: the sign is that of the rounded value."""
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return ("+" if rounded > 0 else "") + format_number(rounded, lang, decimals) + "%"


def number_formatter(lang: str, max_decimals: int = 2) -> FuncFormatter:
    """Return a tick formatter that writes numbers the way ``lang`` readers expect.

    Integers get no decimals; other ticks as many as needed (up to ``max_decimals``). A result's plot, whose
    axis may be a rate or a log outcome with fine ticks, passes more than the report charts' 2.
    """
    check_lang(lang)

    def _fmt(x: float, _pos: object = None) -> str:
        for decimals in range(max_decimals + 1):
            if abs(round(x, decimals) - x) < 1e-9 * max(1.0, abs(x)):
                return format_number(x, lang, decimals)
        return format_number(x, lang, max_decimals)

    return FuncFormatter(_fmt)
