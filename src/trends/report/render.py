"""The policy brief: a self-contained HTML page and a PDF, in Vietnamese or English.

A :class:`Brief` holds the words (key findings, the method in plain words, caveats) and the charts; it never
computes anything. :func:`write_html` embeds the PNG charts so the page opens anywhere without its folder;
:func:`write_pdf` lays the same content on A4 pages with matplotlib. Simulated data say so on every page.
Both writers are deterministic: the same brief gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from PIL import Image

from trends.charts.theme import nfc, rc_params
from trends.messages import LANGS, each_lang, t

__all__ = ["Brief", "BriefFigure", "Finding", "write_html", "write_pdf"]

_BANNER = each_lang("brief.banner")
_HEAD = {
    lang: {part: t(f"brief.heading.{part}", lang) for part in ("findings", "method", "caveats", "charts")}
    for lang in LANGS
}


@dataclass(frozen=True)
class Finding:
    """One key finding: a headline with the number, and one sentence of detail."""

    headline: str
    detail: str = ""


@dataclass(frozen=True)
class BriefFigure:
    """A chart of the brief: the PNG file and its caption."""

    png: Path
    caption: str


@dataclass(frozen=True)
class Brief:
    """The content of a brief in one language."""

    lang: str
    title: str
    subtitle: str
    findings: Sequence[Finding]
    method: Sequence[str]
    caveats: Sequence[str]
    figures: Sequence[BriefFigure] = field(default_factory=tuple)
    simulated: bool = False
    version: str = ""

    @property
    def banner(self) -> str | None:
        return _BANNER[self.lang] if self.simulated else None


_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;
line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
.subtitle{color:#555;margin-top:0}.banner{background:#D55E00;color:#fff;font-weight:bold;padding:.6rem 1rem;
border-radius:4px}.finding{margin:.6rem 0}.finding b{font-size:1.08rem}figure{margin:1.5rem 0}
figure img{width:100%;border:1px solid #ddd}figcaption{color:#444;font-size:.92rem}
footer{margin-top:2rem;color:#777;font-size:.85rem}
"""


def write_html(brief: Brief, path: str | Path) -> Path:
    """Write the brief as one self-contained HTML page (charts embedded as PNG data)."""
    esc = lambda s: html.escape(nfc(s))  # noqa: E731
    heads = _HEAD[brief.lang]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{brief.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(brief.title)}</title><style>{_CSS}</style></head><body>",
    ]
    if brief.banner:
        parts.append(f'<p class="banner" role="note">{esc(brief.banner)}</p>')
    parts += [f"<h1>{esc(brief.title)}</h1>", f'<p class="subtitle">{esc(brief.subtitle)}</p>']
    parts.append(f"<h2>{esc(heads['findings'])}</h2>")
    for f in brief.findings:
        detail = f" {esc(f.detail)}" if f.detail else ""
        parts.append(f'<p class="finding"><b>{esc(f.headline)}</b>{detail}</p>')
    parts.append(f"<h2>{esc(heads['method'])}</h2>")
    parts += [f"<p>{esc(p)}</p>" for p in brief.method]
    parts.append(f"<h2>{esc(heads['caveats'])}</h2><ul>")
    parts += [f"<li>{esc(c)}</li>" for c in brief.caveats]
    parts.append("</ul>")
    if brief.figures:
        parts.append(f"<h2>{esc(heads['charts'])}</h2>")
    for fig in brief.figures:
        data = base64.b64encode(Path(fig.png).read_bytes()).decode("ascii")
        parts.append(
            f'<figure><img alt="{esc(fig.caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{esc(fig.caption)}</figcaption></figure>"
        )
    if brief.banner:
        parts.append(f'<p class="banner" role="note">{esc(brief.banner)}</p>')
    parts.append(
        f"<footer>{esc(t('brief.heading.generated', brief.lang, version=brief.version))}</footer></body></html>"
    )
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return out


_A4 = (8.27, 11.69)


def _page(pdf: PdfPages, brief: Brief, page_no: int) -> tuple[Figure, float]:
    fig = Figure(figsize=_A4)  # no pyplot: the brief never depends on, or changes, a display backend
    y = 0.965
    if brief.banner:
        fig.text(
            0.06,
            y,
            brief.banner,
            fontsize=9,
            color="white",
            weight="bold",
            va="top",
            bbox={"facecolor": "#D55E00", "edgecolor": "none", "pad": 4},
        )
        y -= 0.04
    fig.text(0.94, 0.02, f"{page_no}", fontsize=8, color="#777", ha="right")
    return fig, y


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(nfc(text), width=width)) or " "


#: Width in pixels of a chart in the PDF brief: 190 dpi across the 7.4 inches it fills on A4.
_PRINT_WIDTH = 1400


def _print_image(png: Path) -> np.ndarray:
    """The chart's PNG at print size, as 8-bit RGB: resampled once here rather than by matplotlib on every save
    (which converts it to floats and back), and without the alpha channel a white chart does not need."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
    if rgb.width > _PRINT_WIDTH:
        height = round(rgb.height * _PRINT_WIDTH / rgb.width)
        rgb = rgb.resize((_PRINT_WIDTH, height), Image.Resampling.BICUBIC)
    return np.asarray(rgb)


def write_pdf(brief: Brief, path: str | Path) -> Path:
    """Write the brief as an A4 PDF: the text first, then one chart per half page; deterministic bytes."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    heads = _HEAD[brief.lang]
    meta = {"Title": nfc(brief.title), "CreationDate": None, "Producer": None, "Creator": None}
    with mpl.rc_context(rc_params("print")), PdfPages(out, metadata=meta) as pdf:
        page = 1
        fig, y = _page(pdf, brief, page)

        def emit(text: str, size: float, gap: float, width: int, **kw: Any) -> None:
            nonlocal fig, y, page
            wrapped = _wrap(text, width)
            height = (wrapped.count("\n") + 1) * size * 1.45 / 72 / _A4[1]
            if y - height < 0.06:
                pdf.savefig(fig)
                page += 1
                fig, y = _page(pdf, brief, page)
            fig.text(0.06, y, wrapped, fontsize=size, va="top", linespacing=1.35, **kw)
            y -= height + gap

        emit(brief.title, 17, 0.012, 52, weight="bold")
        emit(brief.subtitle, 10, 0.02, 95, color="#555555")
        emit(heads["findings"], 13, 0.01, 80, weight="bold", color="#0072B2")
        for f in brief.findings:
            emit(f.headline, 10.5, 0.003, 80, weight="bold")
            if f.detail:
                emit(f.detail, 9.5, 0.01, 96)
        emit(heads["method"], 13, 0.01, 80, weight="bold", color="#0072B2")
        for p in brief.method:
            emit(p, 9.5, 0.008, 96)
        emit(heads["caveats"], 13, 0.01, 80, weight="bold", color="#0072B2")
        for c in brief.caveats:
            emit("• " + c, 9.5, 0.006, 94)
        pdf.savefig(fig)
        for i in range(0, len(brief.figures), 2):
            page += 1
            fig, y = _page(pdf, brief, page)
            for j, item in enumerate(brief.figures[i : i + 2]):
                img = _print_image(item.png)
                top = y - 0.005 - j * 0.46
                ax = fig.add_axes((0.05, top - 0.40, 0.90, 0.40))
                ax.imshow(img, interpolation="none")  # embedded as it is: already at print size
                ax.set_axis_off()
                fig.text(0.06, top - 0.405, _wrap(item.caption, 100), fontsize=8.5, va="top", color="#444444")
            pdf.savefig(fig)
    return out
