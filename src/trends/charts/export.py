"""Deterministic export: the same figure gives byte-identical PNG, SVG and PDF files, with metadata and data.

What makes the bytes stable (measured on this stack; ``tests/charts/test_charts.py`` exports twice and compares): no timestamps or library versions
in the files (PNG ``Software``, SVG ``Date``, PDF ``CreationDate``/``Producer`` replaced or removed), a fixed
``svg.hashsalt`` for SVG element ids, TrueType (type 42) fonts in PDF, a fixed PNG resolution
(:data:`trends.charts.theme.DPI`).

Where the metadata goes
-----------------------
========  ==============  ==============  ===============  ======================
format    title           source          method           version
========  ==============  ==============  ===============  ======================
PNG       ``Title``       ``Source``      ``Description``  ``Software``
SVG       ``dc:title``    ``dc:source``   ``dc:description``  ``dc:creator``
PDF       ``/Title``      ``/Author``     ``/Subject``     ``/Creator``, ``/Keywords``
========  ==============  ==============  ===============  ======================

All text is NFC-normalised; Vietnamese round-trips in the three formats.
"""

from __future__ import annotations

import csv
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from trends.charts._layout import plot_data
from trends.charts.theme import DPI, nfc, rc_params
from trends.privacy import escape_formulas, escape_markup, suppress_small

__all__ = ["FORMATS", "FigureRecord", "FigureRegister", "save_figure", "write_csv"]

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")


def _metadata(fmt: str, title: str, source: str, method: str, version: str) -> dict[str, str | None]:
    producer = f"trends {version}"
    if fmt == "png":
        return {"Title": title, "Source": source, "Description": method, "Software": producer}
    if fmt == "svg":
        return {"Title": title, "Source": source, "Description": method, "Creator": producer, "Date": None}
    if fmt == "pdf":
        return {
            "Title": title,
            "Author": source,
            "Subject": method,
            "Keywords": producer,
            "Creator": producer,
            "Producer": None,
            "CreationDate": None,
        }
    raise ValueError(f"unsupported format {fmt!r}; use one of {FORMATS}")


def write_csv(data: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with deterministic formatting, safe to open in a spreadsheet.

    Floats with up to 10 significant digits (``%.10g``: no spurious ``0.30000000000000004``), dates as
    ``YYYY-MM-DD``, missing values as empty cells, ``\\n`` line ends, text NFC-normalised, and text cells that
    a spreadsheet would run as formulas neutralised (:func:`trends.privacy.escape_formulas`).
    """
    path = Path(path)
    out = escape_formulas(data)
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            # a bare CR in a cell would end the CSV record: it is not quoted when lines end with LF
            out[c] = out[c].map(lambda v: nfc(v).replace("\r", " ") if isinstance(v, str) else v)
    out.columns = [nfc(c) for c in out.columns]
    out.to_csv(
        path,
        index=False,
        float_format="%.10g",
        date_format="%Y-%m-%d",
        na_rep="",
        lineterminator="\n",
        encoding="utf-8",
        quoting=csv.QUOTE_MINIMAL,
    )
    return path


def save_figure(
    fig: Figure,
    path_stem: str | Path,
    formats: Sequence[str] = FORMATS,
    *,
    title: str,
    source: str,
    method: str,
    version: str,
    data: pd.DataFrame | None = None,
    suppress_cols: Sequence[str] | None = None,
    threshold: int = 5,
    dpi: int = DPI,
) -> list[Path]:
    """Save a figure as byte-reproducible PNG/SVG/PDF with metadata, and its data as CSV beside it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (from a chart function or hand-made).
    path_stem : str or Path
        Path without extension, e.g. ``reports/hanoi/city_trend_vi``; parent folders are created.
    formats : sequence of {"png", "svg", "pdf"}
        Formats to write.
    title, source, method, version : str
        Written into every file's metadata (see the module docstring for the fields).
    data : pandas.DataFrame, optional
        The data the chart plots, written to ``<stem>.csv``. Defaults to the data the chart function
        attached (:func:`trends.charts.plot_data`); no CSV when neither exists.
    suppress_cols : sequence of str, optional
        Count columns of ``data`` that get small-cell suppression (:func:`trends.privacy.suppress_small`) in the CSV.
        Default: the columns the chart function declared (``data.attrs["count_cols"]``, with the rates
        computed from them in ``data.attrs["derived_cols"]`` withheld in the same rows), else ``count``
        if present. Names absent from ``data`` are ignored.
    threshold : int, default 5
        Suppression threshold.
    dpi : int
        PNG resolution; fixed by default.

    Returns
    -------
    list of Path
        The files written, in ``formats`` order, then the CSV.

    Notes
    -----
    The figure's layout is computed once, by the first save, and then frozen, so every later file and every
    later save of the same figure uses the same positions: constrained layout is iterative, and each pass
    would nudge the axes by a few millionths (different bytes for the same chart).
    """
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    title, source, method, version = nfc(title), nfc(source), nfc(method), nfc(version)
    written: list[Path] = []
    # Export settings are read at save time, so they are applied here whatever the caller's rcParams are.
    rc = {k: v for k, v in rc_params().items() if k.startswith(("svg.", "pdf.", "ps."))}
    with mpl.rc_context(rc):
        for fmt in formats:
            path = stem.with_name(f"{stem.name}.{fmt}")
            fig.savefig(path, format=fmt, dpi=dpi, metadata=_metadata(fmt, title, source, method, version))
            written.append(path)
            # The first save ran the layout engine once; frozen, every later save uses the same positions
            # (no layout pass of its own: one drawing per file).
            if fig.get_layout_engine() is not None:
                fig.set_layout_engine("none")
    table = data if data is not None else plot_data(fig)
    if table is not None:
        wanted = suppress_cols if suppress_cols is not None else table.attrs.get("count_cols", ("count",))
        cols = [c for c in wanted if c in table.columns]
        derived = [c for c in table.attrs.get("derived_cols", ()) if c in table.columns and c not in cols]
        if cols:
            table = suppress_small(table, cols, threshold, derived_cols=derived)
        written.append(write_csv(table, stem.with_name(f"{stem.name}.csv")))
    return written


@dataclass(frozen=True)
class FigureRecord:
    """One exported chart: its id, the function that drew it, its title and language, and its files."""

    chart_id: str
    function: str
    title: str
    lang: str
    files: tuple[str, ...]


def _function_name(function: Callable[..., object] | str) -> str:
    if isinstance(function, str):
        return function
    module = inspect.getmodule(function)
    name = getattr(function, "__qualname__", getattr(function, "__name__", repr(function)))
    return f"{module.__name__}.{name}" if module is not None else name


@dataclass
class FigureRegister:
    """A figure register: each exported chart → the function that makes it → its files.

    Examples
    --------
    >>> reg = FigureRegister()
    >>> _ = reg.add("city_trend_vi", "trends.charts.city_trend", ["out/city_trend_vi.png"], lang="vi")
    >>> reg.to_frame()["chart_id"].tolist()
    ['city_trend_vi']
    """

    records: list[FigureRecord] = field(default_factory=list)

    def add(
        self,
        chart_id: str,
        function: Callable[..., object] | str,
        files: Sequence[str | Path],
        *,
        title: str = "",
        lang: str = "",
    ) -> FigureRecord:
        """Record a chart that was exported elsewhere; ``chart_id`` must be new."""
        if any(r.chart_id == chart_id for r in self.records):
            raise ValueError(f"chart id {chart_id!r} is already in the register")
        record = FigureRecord(
            chart_id, _function_name(function), nfc(title), lang, tuple(Path(f).as_posix() for f in files)
        )
        self.records.append(record)
        return record

    def save(
        self,
        fig: Figure,
        chart_id: str,
        function: Callable[..., object] | str,
        out_dir: str | Path,
        *,
        title: str,
        source: str,
        method: str,
        version: str,
        lang: str = "",
        formats: Sequence[str] = FORMATS,
        data: pd.DataFrame | None = None,
    ) -> list[Path]:
        """:func:`save_figure` to ``out_dir/chart_id.*`` and record the files (paths relative to ``out_dir``)."""
        out = Path(out_dir)
        files = save_figure(
            fig,
            out / chart_id,
            formats,
            title=title,
            source=source,
            method=method,
            version=version,
            data=data,
        )
        self.add(chart_id, function, [f.relative_to(out) for f in files], title=title, lang=lang)
        return files

    def to_frame(self) -> pd.DataFrame:
        """The register as a table: ``chart_id``, ``function``, ``title``, ``lang``, ``files`` (``;``-joined)."""
        return pd.DataFrame(
            {
                "chart_id": [r.chart_id for r in self.records],
                "function": [r.function for r in self.records],
                "title": [r.title for r in self.records],
                "lang": [r.lang for r in self.records],
                "files": [";".join(r.files) for r in self.records],
            }
        )

    def to_markdown(self) -> str:
        """The register as a Markdown table (no extra dependency)."""
        lines = ["| chart | function | title | lang | files |", "| --- | --- | --- | --- | --- |"]
        for r in self.records:
            files = ", ".join(
                f"[{escape_markup(Path(f).suffix.lstrip('.'))}]({escape_markup(f)})" for f in r.files
            )
            cells = [escape_markup(v) for v in (r.chart_id, r.function, r.title, r.lang)]
            lines.append(f"| {cells[0]} | `{cells[1]}` | {cells[2]} | {cells[3]} | {files} |")
        return "\n".join(lines) + "\n"

    def write(self, directory: str | Path) -> tuple[Path, Path]:
        """Write ``figures.csv`` and ``figures.md`` into ``directory``; return their paths."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        csv_path = write_csv(self.to_frame(), d / "figures.csv")
        md_path = d / "figures.md"
        md_path.write_text(self.to_markdown(), encoding="utf-8", newline="\n")
        return csv_path, md_path
