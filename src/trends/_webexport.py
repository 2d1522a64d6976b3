"""The "Excel" files that web applications export: an HTML table, or an XML Spreadsheet 2003, with an Excel name.

A government web system's "Xuất Excel" button very often writes an HTML page holding a ``<table>`` and names it
``.xls``, or writes Excel's "XML Spreadsheet 2003" (SpreadsheetML: ``<Workbook xmlns="urn:schemas-microsoft-com:
office:spreadsheet">``); Excel opens both. :func:`open_webexport` reads either with the standard library only
(:mod:`html.parser`, :mod:`xml.parsers.expat`) into a :class:`WebBook`: the few attributes of a read-only openpyxl
workbook that :mod:`trends.rawfile` uses (``worksheets``, ``active``, ``book[title]``, ``close()``; each sheet's
``title``, ``sheet_state``, ``reset_dimensions()``, ``iter_rows(values_only=True)``), plus
:meth:`WebSheet.layout`, the merged ranges and hidden rows and columns, as :class:`trends._xls.XlsSheet` gives
them. A cell comes out as openpyxl gives the same cell of an ``.xlsx``, its value in the first cell of a merged
range and None in the others.

HTML: each ``<table>`` is a sheet (a table inside a cell of another is a sheet of its own); a sheet is named by
Excel's ``<x:Name>`` of the page's workbook island, else the table's ``<caption>``, else the page's ``<title>``
(one table) or the file's name (one table) or "Table N". The active sheet is the island's ``<x:ActiveSheet>``,
else the table with the most filled cells (a page's layout and search-form tables are smaller than its data).
``colspan``/``rowspan`` are merged ranges (not a ``colspan`` Excel marks ``mso-ignore:colspan``: text
overflowing into empty cells), ``<br>`` a line break, white space collapsed as a browser does,
entities decoded (``&nbsp;`` is a no-break space, cleaned by the pipeline), rows and ``<col>`` of
``display:none`` hidden. A cell is its text, as a CSV cell is; Excel's ``x:num="1234"`` is the number 1234 when
the cell shows a number (``1.234``, ``1,234``; a date shown over its serial keeps its text), ``x:bool`` a
boolean. A page is decoded by its byte-order mark, else its ``<meta charset>``, else as UTF-8, else
Windows-1258.

Excel's "Web Page" of a workbook: a frameset page (no table of its own) naming its sheets' pages, which are read
from the ``<name>_files`` folder beside it, each a sheet named by its tab (the workbook island's ``x:Name`` and
``x:WorksheetSource``, else ``tabstrip.htm``); only relative links inside that folder are followed. Its "Single
File Web Page" (``.mht``, ``.mhtml``): a MIME message whose first HTML part is that page and whose other parts are
the folder's files (:mod:`email`, any transfer encoding). A cell whose shown number cannot be its ``x:num`` is
refused naming the cell.

SpreadsheetML: ``Worksheet`` sheets, ``ss:Visible`` ("SheetHidden", "SheetVeryHidden"), ``ActiveSheet``; ``Row``
and ``Cell`` ``ss:Index`` (1-based, skipping), ``ss:MergeAcross``/``ss:MergeDown``, ``ss:Hidden`` rows and
columns; ``Data`` of ``ss:Type`` Number (a number), DateTime (a ``datetime``, a time of day as a ``time``),
Boolean, String (its rich-text children's text) and Error (its text). A formula cell without a stored value
gives its formula, which the readers report as a formula. A DOCTYPE or ENTITY declaration (an entity-expansion
bomb) is refused.
"""

from __future__ import annotations

import codecs
import datetime as dt
import posixpath
import re
from collections.abc import Callable, Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

from trends._text import column_letters
from trends.schema import TrendsDataError

__all__ = [
    "HTML",
    "MHTML",
    "XML2003",
    "WebBook",
    "WebSheet",
    "guarded_parser",
    "open_webexport",
    "sniff_webexport",
]

HTML = "html"
XML2003 = "xml"
MHTML = "mhtml"
#: Excel's own limits: a cell past them is refused before anything is built for it.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
_MAX_COLSPAN = 1_000  # the HTML standard's limits
_MAX_ROWSPAN = 65_534
_SS = "urn:schemas-microsoft-com:office:spreadsheet"

# a MIME message's first header lines (an .mht file: "MIME-Version: 1.0", "X-Document-Type: Workbook", ...)
_MIME_HEAD = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?"
    rb"(?:MIME-Version|Content-Type)\s*:",
    re.I,
)

Layout = tuple[list[tuple[int, int, int, int]], list[int], list[tuple[int, int]], set[tuple[int, int]]]


def sniff_webexport(head: bytes) -> str | None:
    """:data:`HTML` or :data:`XML2003` when the first bytes of a file are markup (HTML or XML), :data:`MHTML`
    when they are a MIME message of related parts (a "Single File Web Page", .mht), else None."""
    if _MIME_HEAD.match(head) and b"multipart/related" in head.lower():
        return MHTML
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        big = head.startswith(b"\xfe\xff") or head[:1] == b"\x00"
        text = head[: len(head) // 2 * 2].decode("utf-16-be" if big else "utf-16-le", errors="replace")
    else:
        text = head.decode("latin-1")
    text = text.lstrip("\ufeff\ufffe\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith("<"):
        return None
    if "<workbook" in text or "<ss:workbook" in text or "<?mso-application" in text:
        return XML2003
    if "<html" in text or "<!doctype html" in text or not text.startswith("<?xml"):
        return HTML
    return XML2003


def open_webexport(path: Path, name: str, kind: str) -> WebBook:
    """Read an HTML table, an XML Spreadsheet 2003 or a single-file web page (``kind``: :data:`HTML`,
    :data:`XML2003` or :data:`MHTML`) whole.

    An Excel workbook saved as a "Web Page" (.htm) is a frameset page whose sheets are files of the folder
    ``<name>_files`` beside it (``sheet001.htm`` ..., named in the page's workbook island or in
    ``tabstrip.htm``): they are read from that folder, each a sheet. Saved as a "Single File Web Page" (.mht,
    .mhtml), the same pages are the parts of one MIME message (quoted-printable or base64): read likewise.

    Raises
    ------
    TrendsDataError
        An HTML page without a table (a login or error page saved in place of the export), a web page whose
        sheets' folder (or parts) is missing, a page cut short inside its table, XML that is not SpreadsheetML
        or is cut short or malformed, a DOCTYPE or ENTITY declaration, a cell past Excel's limits of rows and
        columns.
    """
    from trends.rawfile import MAX_UNPACKED_BYTES

    if path.stat().st_size > MAX_UNPACKED_BYTES:
        raise TrendsDataError(
            f"over the limit of {MAX_UNPACKED_BYTES / 2**30:,.0f} GiB",
            file=name,
            row=1,
            expected="a table (export large incident lists as CSV or Parquet)",
        )
    data = path.read_bytes()
    if kind == HTML:
        return _read_html(data, name, Path(name).stem, _folder_parts(path))
    if kind == MHTML:
        return _read_mhtml(data, name, Path(name).stem)
    return _read_spreadsheetml(data, name)


class WebSheet:
    """A sheet read whole: its cells by 0-based row and column, merged ranges, hidden rows and columns."""

    def __init__(self, title: str, state: str = "visible") -> None:
        self.title = title
        self.sheet_state = state
        self.cells: dict[int, dict[int, object]] = {}
        self.merged: list[tuple[int, int, int, int]] = []
        self.hidden: list[int] = []  # 1-based
        self.hidden_columns: list[tuple[int, int]] = []
        self.nrows = 0

    def reset_dimensions(self) -> None:
        """Nothing to do: the cells read are the cells there are."""

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple[object, ...]]:
        """Each row's cell values (``values_only`` only), up to its last cell."""
        for r in range(self.nrows):
            row = self.cells.get(r)
            if not row:
                yield ()
                continue
            out: list[object] = [None] * (max(row) + 1)
            for c, v in row.items():
                out[c] = v
            yield tuple(out)

    def filled(self) -> int:
        return sum(1 for row in self.cells.values() for v in row.values() if v not in (None, ""))

    def layout(self) -> Layout:
        """The merged ranges (0-based first row, first column, last row, last column), the hidden rows
        (1-based), the hidden column ranges (0-based first and last) and the formula cells whose value is the
        empty text (none: a formula without a value gives its formula)."""
        return sorted(set(self.merged)), sorted(set(self.hidden)), sorted(set(self.hidden_columns)), set()


class WebBook:
    """An HTML page's tables or an XML Spreadsheet's worksheets, shaped as a read-only openpyxl workbook."""

    def __init__(self, sheets: list[WebSheet], active: int, kind: str) -> None:
        self.worksheets = sheets
        self.active = sheets[active] if 0 <= active < len(sheets) else None
        self.kind = kind
        #: what the file is, in messages, and the extensions of its kind
        self.what = {
            HTML: "an HTML table (a web page)",
            MHTML: 'a single-file web page (MHTML: Excel\'s "Single File Web Page")',
        }.get(kind, "an Excel XML Spreadsheet 2003 (SpreadsheetML) file")
        self.suffixes = {HTML: (".html", ".htm"), MHTML: (".mht", ".mhtml")}.get(kind, (".xml",))

    def __getitem__(self, title: str) -> WebSheet:
        return next(ws for ws in self.worksheets if ws.title == title)

    def close(self) -> None:
        """Nothing to release: the file was read whole."""


def _too_far(where: str, row: int, column: int) -> TrendsDataError:
    what = f"row {row + 1:,}" if row >= MAX_ROWS else f"column {column + 1:,}"
    return TrendsDataError(
        f"a cell in {what}, past Excel's limit of {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns",
        file=where,
        row=min(row + 1, MAX_ROWS + 1),
        expected="a table of a sheet's size",
    )


# --------------------------------------------------------------------------------------------------------------
# HTML

_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# WHATWG: a page labelled Latin-1 or ASCII is decoded as Windows-1252
_LABELS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_SPACES = re.compile(r"[ \t\n\r\f]+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SHOWN_NUMBER = re.compile(r"[+-]?[\d.,\s\xa0]*\d[\d.,\s\xa0]*")
_IGNORE_COLSPAN = re.compile(r"mso-ignore\s*:\s*colspan", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
_ISLAND_SHEET = re.compile(r"<x:ExcelWorksheet>(.*?)</x:ExcelWorksheet>", re.S | re.I)
_ISLAND_NAME = re.compile(r"<x:Name>(.*?)</x:Name>", re.S | re.I)
_ISLAND_ACTIVE = re.compile(r"<x:ActiveSheet>\s*(\d+)\s*</x:ActiveSheet>", re.I)
_ISLAND_HIDDEN = re.compile(r"<x:Visible>\s*Sheet(Very)?Hidden\s*</x:Visible>", re.I)
_BLOCKS = frozenset(["p", "div", "li", "tr"])


def _charset(data: bytes) -> str | None:
    """The encoding a page declares in its first 4 KiB (``<meta charset>`` or ``http-equiv`` content), when
    Python knows it; None for a page with a byte-order mark (which wins) or no declaration."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    found = _META_CHARSET.search(data[:4096])
    if found is None:
        return None
    label = found[1].decode("ascii", "replace").lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _html_number(text: str, attr: str | None) -> object:
    """Excel's ``x:num``: the stored number when the cell shows a number, else the text shown."""
    value = (attr if attr else text).strip()
    if not _NUMBER.fullmatch(value) or not _SHOWN_NUMBER.fullmatch(text.strip()):
        return text
    return int(value) if re.fullmatch(r"[+-]?\d+", value) else float(value)


def _shows(text: str, value: float) -> bool:
    """Whether ``text`` can be ``value`` as a number format shows it: grouped by "." or "," (Vietnamese or
    English separators) or by spaces, and rounded to the decimals shown."""
    shown = re.sub(r"[\s\xa0]", "", text)
    sign = -1.0 if shown.startswith("-") else 1.0
    digits = shown.lstrip("+-")
    for thousands, decimal in ((".", ","), (",", ".")):
        plain = digits.replace(thousands, "")
        whole, _, frac = plain.partition(decimal)
        if not re.fullmatch(r"\d*", whole) or not re.fullmatch(r"\d*", frac) or not (whole or frac):
            continue
        if abs(value - sign * float(f"{whole or 0}.{frac or 0}")) <= 0.5 * 10 ** -len(frac) + 1e-9 * abs(
            value
        ):
            return True
    return False


class _Table:
    def __init__(self) -> None:
        self.sheet = WebSheet("")
        self.caption: str | None = None
        self.row = -1  # the row being filled (0-based)
        self.col = 0
        self.covered: dict[int, int] = {}  # column -> last row a rowspan above covers
        self.cell: list[str] | None = None  # the text of the open cell
        self.attrs: dict[str, str | None] = {}
        self.caption_parts: list[str] | None = None
        self.spans: list[tuple[int, int, int, int]] = []
        self.columns = 0  # <col> elements seen
        self.open_row = False  # a cell after </tr> starts a new row, as in a browser


class _HtmlTables(HTMLParser):
    """The tables of a page, with Excel's workbook island (sheet names, the active sheet) and the title."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.stack: list[_Table] = []
        self.done: list[_Table] = []
        self.order: list[_Table] = []  # by the position of their <table> tag
        self.islands: list[str] = []
        self.title: list[str] | None = None
        self.title_text = ""
        self.skip = 0  # inside <script>, <style>
        self.password = False
        self.forms = 0
        self.ended = False  # </html> or </body> seen
        self.text = ""  # the decoded page

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """A ``<![...]>`` section the standard library does not know: skipped to its ``>``, as a browser
        skips a bogus comment (it would raise AssertionError)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
            return
        if tag == "title" and not self.stack:
            self.title = []
        elif tag == "input" and (a.get("type") or "").lower() == "password":
            self.password = True
        elif tag == "form":
            self.forms += 1
        t = self.stack[-1] if self.stack else None
        if tag == "table":
            new = _Table()
            self.stack.append(new)
            self.order.append(new)
        elif t is None:
            return
        elif tag == "caption":
            t.caption_parts = []
        elif tag == "col":
            span = _int(a.get("span"), 1, _MAX_COLSPAN)
            if _HIDDEN_STYLE.search(a.get("style") or "") or "hidden" in a:
                t.sheet.hidden_columns.append((t.columns, t.columns + span - 1))
            t.columns += span
        elif tag == "tr":
            self._close_cell(t)
            self._new_row(t, a)
        elif tag in ("td", "th"):
            self._close_cell(t)
            if not t.open_row:
                self._new_row(t, {})
            t.cell, t.attrs = [], a
        elif tag == "br":
            self._text("\n", raw=True)
        elif tag in _BLOCKS:
            self._text("\n", raw=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "col", "input"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title" and self.title is not None:
            self.title_text = _collapse(self.title)
            self.title = None
        elif tag in ("html", "body"):
            self.ended = True
        t = self.stack[-1] if self.stack else None
        if t is None:
            return
        if tag == "table":
            self._close_cell(t)
            self._finish(self.stack.pop())
        elif tag == "caption" and t.caption_parts is not None:
            t.caption = _collapse(t.caption_parts)
            t.caption_parts = None
        elif tag in ("td", "th", "tr"):
            self._close_cell(t)
            t.open_row = t.open_row and tag != "tr"
        elif tag in ("p", "div", "li"):
            self._text("\n", raw=True)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.title is not None:
            self.title.append(data)
        self._text(data)

    def handle_comment(self, data: str) -> None:
        if "x:ExcelWorkbook" in data or "x:excelworkbook" in data.lower():
            self.islands.append(data)

    # -- cells
    def _text(self, data: str, raw: bool = False) -> None:
        t = self.stack[-1] if self.stack else None
        if t is None:
            return
        if t.caption_parts is not None:
            t.caption_parts.append(data if raw else _SPACES.sub(" ", data))
        elif t.cell is not None:
            t.cell.append(data if raw else _SPACES.sub(" ", data))

    def _new_row(self, t: _Table, a: dict[str, str | None]) -> None:
        t.row += 1
        t.col = 0
        t.open_row = True
        if t.row >= MAX_ROWS:
            raise _too_far(self.where, t.row, 0)
        if _HIDDEN_STYLE.search(a.get("style") or "") or "hidden" in a:
            t.sheet.hidden.append(t.row + 1)

    def _close_cell(self, t: _Table) -> None:
        if t.cell is None:
            return
        text = "\n".join(line.strip(" ") for line in "".join(t.cell).split("\n")).strip("\n")
        text = re.sub(r"\n{2,}", "\n", text)
        a, t.cell = t.attrs, None
        while t.covered.get(t.col, -1) >= t.row:
            t.col += 1
        c = t.col
        across = _int(a.get("colspan"), 1, _MAX_COLSPAN)
        down = _int(a.get("rowspan"), 1, _MAX_ROWSPAN)
        if c + across > MAX_COLUMNS:
            raise _too_far(self.where, t.row, c + across - 1)
        value: object = text
        if "x:bool" in a:
            value = (a.get("x:bool") or text).strip().upper() == "TRUE"
        elif "x:num" in a and "x:str" not in a:
            value = _html_number(text, a.get("x:num"))
            if a.get("x:num") and isinstance(value, int | float) and not _shows(text, value):
                raise TrendsDataError(
                    f"cell {column_letters(c)}{t.row + 1} shows {text!r} but stores the number {value:g} "
                    "(Excel's x:num): the page was edited after the export, or the exporter wrote two values",
                    file=self.where,
                    row=t.row + 1,
                    column=column_letters(c),
                    expected="the number shown and the number stored agreeing (export the table again)",
                )
        if value != "":
            t.sheet.cells.setdefault(t.row, {})[c] = value
        if down > 1:
            for k in range(c, c + across):
                t.covered[k] = max(t.covered.get(k, -1), t.row + down - 1)
        if _IGNORE_COLSPAN.search(a.get("style") or ""):  # Excel's text overflowing into empty cells
            across_merged = 1
        else:
            across_merged = across
        if across_merged > 1 or down > 1:
            t.spans.append((t.row, c, t.row + down - 1, c + across_merged - 1))
        t.col = c + across

    def _finish(self, t: _Table) -> None:
        sheet = t.sheet
        sheet.nrows = t.row + 1
        last = max(sheet.nrows - 1, 0)  # a rowspan past the last row stops there, as in a browser
        sheet.merged = [
            (r0, c0, min(r1, last), c1) for r0, c0, r1, c1 in t.spans if (min(r1, last), c1) != (r0, c0)
        ]
        if t.caption:  # shown above the table: a title row
            sheet.cells = {0: {0: t.caption}, **{r + 1: row for r, row in sheet.cells.items()}}
            sheet.merged = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in sheet.merged]
            sheet.hidden = [r + 1 for r in sheet.hidden]
            sheet.nrows += 1
        self.done.append(t)


def _int(text: str | None, default: int, most: int) -> int:
    try:
        value = int((text or "").strip().strip("\"'"))
    except ValueError:
        return default
    return min(max(value, 1), most) if value >= 1 else default


def _collapse(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


def _parse_html(data: bytes, name: str, charset: str | None = None) -> _HtmlTables:
    """The page's tables, parsed (``charset``: the encoding its container states, e.g. an .mht part's)."""
    from trends.rawfile import _decode

    text, _ = _decode(data, name, _charset(data) or charset)
    text = text.lstrip("\ufeff")
    parser = _HtmlTables(name)
    try:
        parser.feed(text)
        parser.close()
    except TrendsDataError:
        raise
    except Exception as exc:  # html.parser is lenient; this is only a safety net
        raise TrendsDataError(
            f"cannot be read as an HTML table: {type(exc).__name__}: {str(exc)[:200]}",
            file=name,
            row=1,
            expected="the table the web application exports, an .xlsx workbook or a CSV file",
        ) from None
    if parser.stack and not parser.ended:
        t = parser.stack[0]
        raise TrendsDataError(
            f"the HTML file is cut short: its table is not closed after row {t.row + 1} (a truncated download "
            "or copy?)",
            file=name,
            row=max(t.row + 1, 1),
            expected="the complete file (export it again)",
        )
    while parser.stack:  # not closed, in a complete page: closed at its end, as a browser does
        t = parser.stack.pop()
        parser._close_cell(t)
        parser._finish(t)
    parser.text = text
    return parser


def _read_html(
    data: bytes,
    name: str,
    stem: str,
    parts: Callable[[str], tuple[bytes, str | None] | None] | None = None,
    charset: str | None = None,
) -> WebBook:
    """The tables of a page; a workbook's frameset page (Excel's "Web Page") read from its sheets' files, which
    ``parts`` gives by their path relative to the page (None: a file not there)."""
    parser = _parse_html(data, name, charset)
    tables = [t for t in parser.order if t.sheet.filled()]
    if not tables and parts is not None:
        sources = _sheet_sources(parser, parts)
        if sources:
            return _read_sheet_files(parser, sources, parts, name)
    if not tables:
        title = f" {parser.title_text[:80]!r}" if parser.title_text else ""
        what = (
            "a login page"
            if parser.password
            else "a form"
            if parser.forms
            else "a page"
            if not parser.order
            else "a page whose tables are empty"
        )
        raise TrendsDataError(
            f"an HTML file holds no table of data: {what}{title}, saved in place of the "
            "export (the session had expired, or the export failed?)",
            file=name,
            row=1,
            expected="the table the web application exports (log in and export it again), an .xlsx workbook "
            "or a CSV file",
        )
    listed, active = _island_sheets(parser)
    sheets: list[WebSheet] = []
    for i, t in enumerate(tables):
        title = listed[i][0] if i < len(listed) else ""
        title = title or t.caption or (parser.title_text if len(tables) == 1 else "")
        title = title or (stem if len(tables) == 1 else f"Table {i + 1}")
        t.sheet.title = _free_title(_clean_title(title) or f"Table {i + 1}", sheets, i + 1)
        if i < len(listed) and listed[i][2]:
            t.sheet.sheet_state = "hidden"
        sheets.append(t.sheet)
    if not 0 <= active < len(sheets):
        active = max(range(len(sheets)), key=lambda i: (sheets[i].filled(), -i))
    return WebBook(sheets, active, HTML)


# --------------------------------------------------------------------------------------------------------------
# Excel's "Web Page" (a frameset page and a folder of sheet files) and "Single File Web Page" (MHTML)

_FRAME = re.compile(r"<frame\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_SHEET_LINK = re.compile(
    r"<link\b(?=[^>]*\bid\s*=\s*[\"']?shLink)[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.I
)
_FILE_LIST = re.compile(
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?File-List)[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.I
)
_ISLAND_SOURCE = re.compile(r"<x:WorksheetSource\b[^>]*?\bHRef\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_TAB = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)[^>]*>(.*?)</a>", re.I | re.S)
_TAGS = re.compile(r"<[^>]*>")


def _island_sheets(parser: _HtmlTables) -> tuple[list[tuple[str, str, bool]], int]:
    """The sheets Excel's workbook island lists, in order (tab name, its file as a path relative to the page's
    folder or "", hidden), and its active sheet (-1 when it names none)."""
    sheets: list[tuple[str, str, bool]] = []
    active = -1
    for island in parser.islands:
        for chunk in _ISLAND_SHEET.findall(island):
            title, source = _ISLAND_NAME.search(chunk), _ISLAND_SOURCE.search(chunk)
            sheets.append(
                (
                    _collapse([unescape(title[1])]) if title else "",
                    _relative("", source[1]) if source else "",
                    bool(_ISLAND_HIDDEN.search(chunk)),
                )
            )
        found = _ISLAND_ACTIVE.search(island)
        active = int(found[1]) if found and active < 0 else active
    return sheets, active


def _clean_title(title: str) -> str:
    """A sheet name as Excel keeps one: no control characters, at most 100 characters (before any suffix)."""
    return re.sub(r"[\x00-\x1f]", " ", title)[:100].strip()


def _free_title(title: str, sheets: list[WebSheet], n: int) -> str:
    """``title``, with `` (n)`` added until no sheet of ``sheets`` has it (two tables of one name)."""
    while title in [s.title for s in sheets]:
        title += f" ({n})"
    return title


def _relative(base: str, href: str) -> str:
    """``href`` (of the page at ``base``, both relative to the main page's folder) as a normalised relative
    path; "" for a URL, an absolute path or one leaving the folder (never read)."""
    href = unquote(unescape(href)).replace("\\", "/")
    if re.match(r"[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("/") or href.startswith("#"):
        return ""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), href.split("#")[0]))
    return "" if path.startswith("..") or path == "." else path


def _sheet_sources(
    parser: _HtmlTables, parts: Callable[[str], tuple[bytes, str | None] | None]
) -> list[tuple[str, str, bool]]:
    """The sheets of a workbook's frameset page: (tab name, file, hidden), from its workbook island, else its tab
    strip (``tabstrip.htm``'s links), else its sheet links and frames; none for any other page (a web site's
    frames of URLs: a link leaving the page's folder is never followed)."""
    text = parser.text
    if not (_FRAME.search(text) or _FILE_LIST.search(text) or _SHEET_LINK.search(text)):
        return []
    found = _island_sheets(parser)[0]
    if any(source for _, source, _ in found):
        return [f for f in found if f[1]]
    frames = [_relative("", f) for f in _FRAME.findall(text)]
    for strip in [f for f in frames if f and posixpath.basename(f).lower().startswith("tabstrip")]:
        got = parts(strip)
        if got is None:
            continue
        tabs = _decode_part(got, strip)
        for href, label in _TAB.findall(tabs):
            found.append((_collapse([unescape(_TAGS.sub("", label))]), _relative(strip, href), False))
        if any(source for _, source, _ in found):
            return [f for f in found if f[1]]
    links = [_relative("", h) for h in _SHEET_LINK.findall(text)] or [
        f for f in frames if f and not posixpath.basename(f).lower().startswith("tabstrip")
    ]
    return [(f"Sheet{k + 1}", f, False) for k, f in enumerate(dict.fromkeys(f for f in links if f))]


def _decode_part(got: tuple[bytes, str | None], where: str) -> str:
    from trends.rawfile import _decode

    data, charset = got
    return _decode(data, where, _charset(data) or charset)[0]


def _read_sheet_files(
    parser: _HtmlTables,
    sources: list[tuple[str, str, bool]],
    parts: Callable[[str], tuple[bytes, str | None] | None],
    name: str,
) -> WebBook:
    """A workbook saved as a web page: each sheet's own page read (its tables) and named by its tab."""
    sheets: list[WebSheet] = []
    for k, (title, source, hidden) in enumerate(sources):
        got = parts(source) if source else None
        if got is None:
            folder = source.split("/")[0] if "/" in source else f"{Path(name).stem}_files"
            raise TrendsDataError(
                f'an Excel workbook saved as a web page in several files ("Web Page", .htm): its sheets are in '
                f"the folder {folder!r} beside it ({source or 'a sheet file'!r}), which was not sent with it",
                file=name,
                row=1,
                expected=f"the folder {folder!r} with the page, or better the workbook saved as .xlsx "
                '(File > Save As > "Excel Workbook")',
            )
        sub = _parse_html(got[0], f"{name} ({source})", got[1])
        tables = [t.sheet for t in sub.order if t.sheet.filled()] or [WebSheet("")]
        for j, sheet in enumerate(tables):
            label = _clean_title(title) or f"Sheet{k + 1}"
            sheet.title = _free_title(label if len(tables) == 1 else f"{label} ({j + 1})", sheets, k + 1)
            sheet.sheet_state = "hidden" if hidden else "visible"
            sheets.append(sheet)
    active = _island_sheets(parser)[1]
    if not 0 <= active < len(sheets) or sheets[active].sheet_state != "visible":
        active = next((i for i, s in enumerate(sheets) if s.sheet_state == "visible"), 0)
    return WebBook(sheets, active, HTML)


def _folder_parts(path: Path) -> Callable[[str], tuple[bytes, str | None] | None]:
    """The files beside a page, by their path relative to its folder: regular files inside that folder only."""
    from trends.rawfile import MAX_UNPACKED_BYTES

    root = path.resolve().parent
    read = [0]

    def part(relative: str) -> tuple[bytes, str | None] | None:
        target = (root / relative).resolve()
        if not relative or not target.is_relative_to(root) or not target.is_file():
            return None
        read[0] += target.stat().st_size
        if read[0] > MAX_UNPACKED_BYTES:
            return None
        return target.read_bytes(), None

    return part


def _read_mhtml(data: bytes, name: str, stem: str) -> WebBook:
    """A single-file web page: its first HTML part read as a page, the other parts as the files beside it."""
    import email
    import email.policy

    pages: list[tuple[str, bytes, str | None]] = []  # (location, content, charset), the HTML parts
    others: list[tuple[str, bytes, str | None]] = []
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for piece in message.walk():
            payload = None if piece.is_multipart() else piece.get_payload(decode=True)
            if isinstance(payload, bytes):
                got = (str(piece.get("Content-Location", "")), payload, piece.get_content_charset())
                (pages if piece.get_content_type() == "text/html" else others).append(got)
    except Exception as exc:  # the email package is lenient; a safety net
        raise TrendsDataError(
            f"cannot be read as a single-file web page (MHTML): {type(exc).__name__}: {str(exc)[:200]}",
            file=name,
            row=1,
            expected="the workbook saved as .xlsx, or the page saved again",
        ) from None
    if not pages:
        raise TrendsDataError(
            "a MIME message (an .mht single-file web page?) holding no HTML page",
            file=name,
            row=1,
            expected="an Excel workbook saved as .xlsx, or a web page holding the table",
        )
    main = pages[0]
    base = posixpath.dirname(unquote(main[0]).replace("\\", "/"))
    by_path: dict[str, tuple[bytes, str | None]] = {}
    for location, payload, charset in pages + others:
        where = unquote(location).replace("\\", "/")
        if where.startswith(base + "/"):
            by_path[posixpath.normpath(where[len(base) + 1 :])] = (payload, charset)

    def part(relative: str) -> tuple[bytes, str | None] | None:
        return by_path.get(relative)

    book = _read_html(main[1], name, stem, part, main[2])
    return WebBook(book.worksheets, book.worksheets.index(book.active) if book.active else 0, MHTML)


# --------------------------------------------------------------------------------------------------------------
# XML Spreadsheet 2003


class _Refused(Exception):
    pass


class _SpreadsheetML:
    """An expat handler building the worksheets of a SpreadsheetML workbook."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sheets: list[WebSheet] = []
        self.active = 0
        self.root: str | None = None
        self.sheet: WebSheet | None = None
        self.row = -1
        self.col = -1
        self.column = -1  # <Column> elements
        self.cell: tuple[int, int, str | None] | None = None  # row, column, formula
        self.data: list[str] | None = None
        self.kind = "String"
        self.value: object = None
        self.comment = 0
        self.text: list[str] | None = None  # an element whose text is read: Visible, ActiveSheet
        self.field = ""
        self.row_span = 0

    @property
    def where(self) -> str:
        return f"{self.name} [sheet {self.sheet.title}]" if self.sheet else self.name

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit("|", 1)[-1]
        a = {k.rsplit("|", 1)[-1]: v for k, v in attrs.items()}
        if self.root is None:
            self.root = local
            if local != "Workbook":
                raise _Refused(local)
            return
        if local == "Worksheet":
            self.sheet = WebSheet(a.get("Name") or f"Sheet{len(self.sheets) + 1}")
            self.sheets.append(self.sheet)
            self.row, self.column = -1, -1
        elif local in ("Visible", "ActiveSheet"):
            self.text, self.field = [], local
        elif self.sheet is None:
            return
        elif local == "Column":
            self.column = self._index(a, self.column, MAX_COLUMNS, column=True)
            span = min(_count(a.get("Span")), MAX_COLUMNS)
            if a.get("Hidden") in ("1", "true"):
                self.sheet.hidden_columns.append((self.column, self.column + span))
            self.column += span
        elif local == "Row":
            self.row = self._index(a, self.row, MAX_ROWS, column=False)
            self.col = -1
            if a.get("Hidden") in ("1", "true") or _zero(a.get("Height")):
                self.sheet.hidden.append(self.row + 1)
            self.sheet.nrows = max(self.sheet.nrows, self.row + 1)
            self.row_span = _count(a.get("Span"))
        elif local == "Cell":
            if self.row < 0:
                self.row = 0
                self.sheet.nrows = max(self.sheet.nrows, 1)
            self.col = self._index(a, self.col, MAX_COLUMNS, column=True)
            across = _count(a.get("MergeAcross"))
            down = _count(a.get("MergeDown"))
            if self.col + across >= MAX_COLUMNS or self.row + down >= MAX_ROWS:
                raise _too_far(self.where, self.row + down, self.col + across)
            if across or down:
                self.sheet.merged.append((self.row, self.col, self.row + down, self.col + across))
            self.cell = (self.row, self.col, a.get("Formula"))
            self.value = None
            self.col += across
        elif local == "Comment":
            self.comment += 1
        elif local == "Data" and self.cell is not None and not self.comment:
            self.data, self.kind = [], a.get("Type") or "String"

    def end(self, tag: str) -> None:
        local = tag.rsplit("|", 1)[-1]
        if local == self.field and self.text is not None:
            value = "".join(self.text).strip()
            if local == "ActiveSheet" and value.isdigit():
                self.active = int(value)
            elif (
                local == "Visible" and self.sheet is not None and value in ("SheetHidden", "SheetVeryHidden")
            ):
                self.sheet.sheet_state = "hidden" if value == "SheetHidden" else "veryHidden"
            self.text, self.field = None, ""
        elif local == "Data" and self.data is not None:
            self.value = self._typed("".join(self.data))
            self.data = None
        elif local == "Comment":
            self.comment -= 1
        elif local == "Cell" and self.cell is not None and self.sheet is not None:
            r, c, formula = self.cell
            got = self.value if self.value is not None else formula
            if got is not None and got != "":
                self.sheet.cells.setdefault(r, {})[c] = got
            self.cell = None
        elif local == "Row":
            self.row = min(self.row + self.row_span, MAX_ROWS)
            self.row_span = 0
        elif local == "Worksheet":
            self.sheet = None

    def chars(self, data: str) -> None:
        if self.data is not None:
            self.data.append(data)
        elif self.text is not None:
            self.text.append(data)

    def _index(self, a: dict[str, str], previous: int, most: int, column: bool) -> int:
        given = a.get("Index")
        if given is None:
            at = previous + 1
        else:
            try:
                at = int(given) - 1
            except ValueError:
                raise TrendsDataError(
                    f"cannot be read: an ss:Index that is not a number ({given[:20]!r})",
                    file=self.where,
                    row=max(self.row + 1, 1),
                    expected="an XML Spreadsheet 2003 saved by Excel",
                ) from None
            if at <= previous or at < 0:
                at = previous + 1  # Excel refuses an index going back; the cell follows the previous one
        if at >= most:
            raise _too_far(self.where, self.row if column else at, at if column else 0)
        return at

    def _typed(self, text: str) -> object:
        kind = self.kind
        if kind == "Number":
            value = text.strip()
            try:
                return int(value) if re.fullmatch(r"[+-]?\d+", value) else float(value)
            except ValueError:
                return self._malformed(text)
        if kind == "DateTime":
            try:
                stamp = dt.datetime.fromisoformat(text.strip())
            except ValueError:
                return self._malformed(text)
            if stamp.date() == dt.date(1899, 12, 31):  # Excel's day 0: a time of day, as openpyxl reads it
                return stamp.time()
            return stamp
        if kind == "Boolean":
            return text.strip() in ("1", "true", "TRUE")
        return text

    def _malformed(self, text: str) -> object:
        r, c, _ = self.cell or (self.row, self.col, None)
        raise TrendsDataError(
            f"cannot be read as an XML Spreadsheet 2003: a malformed cell {column_letters(c)}{r + 1} of type "
            f"{self.kind} (found {text[:40]!r})",
            file=self.where,
            row=r + 1,
            column=column_letters(c),
            expected="an XML Spreadsheet 2003 saved by Excel (open it in Excel and save it as .xlsx)",
        )


def _count(text: str | None) -> int:
    try:
        return max(int((text or "0").strip()), 0)
    except ValueError:
        return 0


def _zero(text: str | None) -> bool:
    try:
        return text is not None and float(text) == 0
    except ValueError:
        return False


def guarded_parser(handler: Any, name: str, what: str, separator: str) -> Any:
    """An expat parser feeding ``handler`` (its ``start``, ``end`` and ``chars``) that refuses any DOCTYPE or
    ENTITY declaration (an entity-expansion bomb), saying that ``what``, the file as its program saves it, has
    none."""
    parser = expat.ParserCreate(namespace_separator=separator)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise TrendsDataError(
            "an XML file with a DOCTYPE or ENTITY declaration, which is refused (its entities could expand "
            f"without limit); {what} has none",
            file=name,
            row=1,
            expected=f"{what}, an .xlsx workbook or a CSV file",
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.buffer_text = True
    return parser


def _read_spreadsheetml(data: bytes, name: str) -> WebBook:
    handler = _SpreadsheetML(name)
    parser = guarded_parser(handler, name, "an XML Spreadsheet 2003 saved by Excel", "|")
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise TrendsDataError(
            f"an XML file whose root element is <{exc}>, not an Excel XML Spreadsheet 2003 (<Workbook>)",
            file=name,
            row=1,
            expected="an .xlsx workbook or a CSV file",
        ) from None
    except expat.ExpatError as exc:
        short = exc.code in (
            expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
        ) or exc.lineno >= data.count(b"\n")
        said = "cut short" if short else "malformed"
        row = handler.row + 1 if handler.sheet is not None and handler.row >= 0 else 1
        raise TrendsDataError(
            f"the XML Spreadsheet 2003 file is {said} (XML line {exc.lineno}, column {exc.offset}: "
            f"{expat.errors.messages[exc.code]}){' (a truncated download or copy?)' if short else ''}",
            file=handler.where,
            row=row,
            expected="the complete file, as Excel saves it (export it again)",
        ) from None
    except LookupError as exc:  # expat looks up the encoding the XML declaration names
        raise TrendsDataError(
            f"the XML Spreadsheet 2003 file is malformed: its XML declares an {exc}",
            file=name,
            row=1,
            expected="the complete file, as Excel saves it (export it again)",
        ) from None
    if handler.root is None:
        raise TrendsDataError(
            "an empty XML file", file=name, row=1, expected="an .xlsx workbook or a CSV file"
        )
    if not handler.sheets:
        raise TrendsDataError(
            "an XML Spreadsheet 2003 without a worksheet",
            file=name,
            row=1,
            expected="a workbook holding a table",
        )
    return WebBook(handler.sheets, handler.active, XML2003)
