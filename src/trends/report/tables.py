"""Exported tables: CSV and Excel, small cells suppressed, byte-identical across runs.

Policy tables leave the analysis through :func:`export_table` only, so every exported count goes through
:func:`trends.privacy.suppress_small` and every file is reproducible: Excel workbooks are written with fixed
document timestamps and fixed zip entry times (openpyxl would otherwise stamp the current time).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd

from trends.privacy import escape_formulas, suppress_small

__all__ = ["export_table", "write_xlsx"]

_FIXED = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_xlsx(frames: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write one sheet per frame to an ``.xlsx`` file whose bytes depend only on the data."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        writer.book.properties.created = _FIXED
        writer.book.properties.modified = _FIXED
        writer.book.properties.creator = "trends"
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl writes the save time as "modified" whatever the property says.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out


def export_table(
    frame: pd.DataFrame,
    stem: str | Path,
    *,
    count_cols: Sequence[str] = ("count",),
    derived_cols: Sequence[str] = (),
    threshold: int = 5,
    formats: Sequence[str] = ("csv", "xlsx"),
) -> list[Path]:
    """Export a table for policymakers with small counts suppressed.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    stem : path
        Output path without extension.
    count_cols : sequence of str
        Columns of counts: values 1 to ``threshold - 1`` are withheld (see :func:`trends.privacy.suppress_small`).
    derived_cols : sequence of str
        Columns computed from those counts (rates, shares): withheld in the same rows.
    threshold : int
        Suppression threshold (default 5).
    formats : sequence of {"csv", "xlsx"}

    Returns
    -------
    list of Path
        The files written.
    """
    cols = [c for c in count_cols if c in frame.columns]
    derived = [c for c in derived_cols if c in frame.columns]
    safe = suppress_small(frame, cols, threshold=threshold, derived_cols=derived) if cols else frame
    safe = escape_formulas(safe)  # a label such as "=1+1" or "-x" must open as text, never run as a formula
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in formats:
        path = stem.with_name(f"{stem.name}.{fmt}")
        if fmt == "csv":
            safe.to_csv(path, index=False, lineterminator="\n", float_format="%.6g", date_format="%Y-%m-%d")
        elif fmt == "xlsx":
            write_xlsx({stem.name: safe}, path)
        else:
            raise ValueError(f"unknown table format {fmt!r}; use 'csv' or 'xlsx'")
        written.append(path)
    return written
