"""Benchmark: read an incident list saved in each "Excel" format an office sends, against pandas.

The list is the incident list of ``bench_read.py`` (8 columns, 4 personal; ``dd/mm/yyyy`` dates, 30 Hanoi
district names, 8 offences), cut to ``--rows`` rows (at most 65,535: an old ``.xls`` sheet holds 65,536 rows)
and written as an ``.xlsx`` (openpyxl), an old Excel 97-2003 ``.xls`` (xlwt), an HTML table and an XML
Spreadsheet 2003, the last two named ``.xls`` as web applications' "export to Excel" names them, and a LibreOffice
Calc ``.ods`` (its markup as LibreOffice writes it: text cells, the last row repeated to row 1,048,576). Each
method reads the file and counts incidents by district, month and offence:

- ``trends``: :func:`trends.io.read_incidents` (every check of the data contract; personal columns never kept)
  then :func:`trends.panel.aggregate_incidents`;
- ``pandas``: ``read_excel(usecols=...)`` (openpyxl for ``.xlsx``, xlrd for ``.xls``), ``to_datetime``,
  ``groupby().size()``; pandas reads neither the HTML nor the XML 2003 file as Excel (``read_html`` needs lxml
  or BeautifulSoup, which the project does not install); the ``.ods`` with ``engine="odf"`` when odfpy is
  installed (the project does not install it: "not installed" otherwise).

Times are the best of ``--repeat`` runs in this process (imports excluded). Run on a quiet machine::

    python benchmarks/bench_excel.py --rows 60000
"""

from __future__ import annotations

import argparse
import html
import platform
import time
import warnings
from pathlib import Path

import numpy as np

from bench_read import COLUMNS, OFFENCES

FORMATS = ("xlsx", "xls", "html", "xml2003", "ods")


def make_rows(rows: int, seed: int = 1) -> list[list[str]]:
    """The incident list's cells as text (the shape of ``bench_read.make_files``)."""
    from trends.datasets import load_hanoi_districts

    rng = np.random.default_rng(seed)
    names = load_hanoi_districts()["name_vi"].to_numpy(dtype=object)
    days = np.datetime64("2015-01-01") + rng.integers(0, 3652, rows)
    dates = [f"{d.day:02d}/{d.month:02d}/{d.year}" for d in days.astype(object)]
    given = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    return [
        [
            f"HS{i}",
            dates[i],
            str(names[rng.integers(0, len(names))]),
            OFFENCES[rng.integers(0, len(OFFENCES))],
            given[rng.integers(0, len(given))],
            str(rng.integers(14, 90)),
            f"Số {rng.integers(1, 500)}",
            str(rng.integers(10**11, 10**12)),
        ]
        for i in range(rows)
    ]


def write(fmt: str, rows: list[list[str]], folder: Path) -> Path:
    """Write the list in one format (once per size and format; reused when present)."""
    suffix = fmt if fmt in ("xlsx", "ods") else "xls"
    path = folder / f"incidents_{len(rows)}_{fmt}.{suffix}"
    if path.exists():
        return path
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Danh sách")
        for row in [COLUMNS, *rows]:
            sheet.append(row)
        book.save(path)
    elif fmt == "xls":
        import xlwt  # the dev extra

        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("Danh sach")
        for r, row in enumerate([COLUMNS, *rows]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(path))
    elif fmt == "html":
        cells = ("".join(f"<td>{html.escape(v)}</td>" for v in row) for row in rows)
        head = "".join(f"<th>{html.escape(v)}</th>" for v in COLUMNS)
        body = "".join(f"<tr>{c}</tr>" for c in cells)
        path.write_text(
            f'<html><head><meta charset="utf-8"></head><body><table><tr>{head}</tr>{body}</table></body></html>',
            encoding="utf-8",
        )
    elif fmt == "ods":
        import zipfile

        def row_ods(row: list[str]) -> str:
            return (
                "<table:table-row>"
                + "".join(
                    f'<table:table-cell office:value-type="string"><text:p>{html.escape(v)}</text:p></table:table-cell>'
                    for v in row
                )
                + f'<table:table-cell table:number-columns-repeated="{16384 - len(row)}"/></table:table-row>'
            )

        content = (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body>'
            '<office:spreadsheet><table:table table:name="Danh sach">'
            + "".join(row_ods(r) for r in [COLUMNS, *rows])
            + f'<table:table-row table:number-rows-repeated="{1_048_576 - len(rows) - 1}"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet>'
            "</office:body></office:document-content>"
        )
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr(
                "META-INF/manifest.xml",
                '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>",
            )
    else:

        def row_xml(row: list[str]) -> str:
            return (
                "<Row>"
                + "".join(f'<Cell><Data ss:Type="String">{html.escape(v)}</Data></Cell>' for v in row)
                + "</Row>"
            )

        path.write_text(
            '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Danh sach"><Table>'
            + row_xml(COLUMNS)
            + "".join(row_xml(r) for r in rows)
            + "</Table></Worksheet></Workbook>",
            encoding="utf-8",
        )
    return path


def run_trends(path: Path) -> int:
    from trends.io import read_incidents
    from trends.panel import aggregate_incidents

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the personal columns left unread; a web export named .xls
        incidents = read_incidents(path)
    return int(aggregate_incidents(incidents, "month")["count"].sum())


def run_pandas(path: Path) -> int:
    import pandas as pd

    cols = COLUMNS[1:4]
    df = pd.read_excel(path, usecols=cols, dtype=str, engine="odf" if path.suffix == ".ods" else None)
    month = pd.to_datetime(df[cols[0]], format="%d/%m/%Y").to_numpy().astype("datetime64[M]")
    return int(df.groupby([df[cols[1]], month, df[cols[2]]]).size().sum())


def best(func, path: Path, repeat: int) -> tuple[float, int]:
    times, total = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        total = func(path)
        times.append(time.perf_counter() - t0)
    return min(times), total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000, help="incident rows (at most 65,535)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/bench_excel", help="where the generated files go")
    args = parser.parse_args()
    if not 0 < args.rows <= 65_535:
        parser.error("--rows must be between 1 and 65,535 (an .xls sheet holds 65,536 rows)")
    import importlib.util

    import pandas as pd
    import xlrd

    import trends

    odf = importlib.util.find_spec("odf") is not None  # pandas reads .ods with odfpy, not installed here
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    rows = make_rows(args.rows)
    print(
        f"Python {platform.python_version()}; trends {trends.__version__}; pandas {pd.__version__}; "
        f"xlrd {xlrd.__version__}; {args.rows:,} rows, best of {args.repeat}"
    )
    print("| format | file (MB) | trends (s) | pandas (s) | incidents counted (trends / pandas) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for fmt in FORMATS:
        path = write(fmt, rows, folder)
        t_trends, n_trends = best(run_trends, path, args.repeat)
        peer = (
            best(run_pandas, path, args.repeat) if fmt in ("xlsx", "xls") or (fmt == "ods" and odf) else None
        )
        shown = f"{peer[0]:.2f}" if peer else "not installed (odfpy)" if fmt == "ods" else "cannot read"
        counted = f"{n_trends:,} / {peer[1]:,}" if peer else f"{n_trends:,} / -"
        size = path.stat().st_size / 1e6
        print(f"| {fmt} | {size:.1f} | {t_trends:.2f} | {shown} | {counted} |")


if __name__ == "__main__":
    main()
