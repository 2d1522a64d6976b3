"""OpenDocument spreadsheets (LibreOffice Calc, OpenOffice): ``.ods`` (a zip) and flat ``.fods`` (one XML file).

Vietnamese government offices were directed to use OpenOffice and LibreOffice, so a district's statistics may come
as ``.ods``. :func:`open_ods` reads one with the standard library only (:mod:`zipfile`, :mod:`xml.parsers.expat`)
into an :class:`OdsBook`: the few attributes of a read-only openpyxl workbook that :mod:`trends.rawfile` uses
(``worksheets``, ``active``, ``book[title]``, ``close()``), its sheets :class:`trends._webexport.WebSheet` (with
``layout()``: merged ranges, hidden rows and columns), as the web exports give them. A cell comes out as openpyxl
gives the same cell of an ``.xlsx`` saved by LibreOffice.

Read: ``table:table`` sheets (hidden by their table style's ``table:display="false"``), the active sheet
(``ActiveTable`` of ``settings.xml``, else the first visible), ``table:number-rows-repeated`` and
``table:number-columns-repeated`` (LibreOffice ends a sheet with an empty row repeated to row 1,048,576 and
cells repeated to the last column: empty runs are skipped, never built; a repeated row holding values is one row
object shared by its copies), ``table:number-columns-spanned``/``number-rows-spanned`` as merged ranges (their
``table:covered-table-cell`` read as cells), rows and ``table:table-column`` of ``table:visibility`` "collapse" or
"filter" hidden, columns whose column style has a zero ``style:column-width`` (as an ``.xlsx`` column of zero width
is), and rows whose row style has a zero ``style:row-height`` ("0in", "0cm": hidden, as an ``.xlsx``
row of zero height is) or sets that visibility. Values by ``office:value-type``: float, percentage and currency a number (``office:value``),
date a ``datetime`` (a time of day on LibreOffice's day 0, 1899-12-30, as openpyxl reads a serial below 1), time
a ``time`` (a ``timedelta`` from 24 hours), boolean, string the text of its paragraphs joined by line breaks
(``text:s`` spaces, ``text:tab``, ``text:line-break``); an error result (``calcext:value-type="error"``) its
text. A formula with no stored value gives its formula (``of:=SUM([.B2:.B9])`` as ``=SUM(B2:B9)``), which the
readers report as a formula. Annotations and drawings are not cells.

Refused, naming the file: a password-protected (encrypted) file, an OpenDocument text or presentation,
a damaged or cut-short zip or XML, a DOCTYPE or ENTITY declaration (an entity-expansion bomb), a value past
Excel's limits of rows and columns.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.parsers import expat

from trends._text import column_letters
from trends._webexport import MAX_COLUMNS, MAX_ROWS, WebSheet, _too_far, guarded_parser
from trends.schema import TrendsDataError

__all__ = ["SPREADSHEET", "OdsBook", "damaged", "open_ods", "sniff_fods"]

#: The mimetype of an OpenDocument spreadsheet (and of its template, ``...spreadsheet-template``).
SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
# expat joins a namespace and a local name with this separator
_SEP = " "
# the qualified names read (built once: a sheet has millions of attributes)
_CALCEXT_VALUE_TYPE = _CALCEXT + _SEP + "value-type"
_CONFIG_NAME = _CONFIG + _SEP + "name"
_OFFICE_BOOLEAN_VALUE = _OFFICE + _SEP + "boolean-value"
_OFFICE_DATE_VALUE = _OFFICE + _SEP + "date-value"
_OFFICE_DOCUMENT = _OFFICE + _SEP + "document"
_OFFICE_MIMETYPE = _OFFICE + _SEP + "mimetype"
_OFFICE_STRING_VALUE = _OFFICE + _SEP + "string-value"
_OFFICE_TIME_VALUE = _OFFICE + _SEP + "time-value"
_OFFICE_VALUE = _OFFICE + _SEP + "value"
_OFFICE_VALUE_TYPE = _OFFICE + _SEP + "value-type"
_STYLE_FAMILY = _STYLE + _SEP + "family"
_STYLE_NAME = _STYLE + _SEP + "name"
_TABLE_DISPLAY = _TABLE + _SEP + "display"
_ROW_HEIGHT = _STYLE + _SEP + "row-height"
_COLUMN_WIDTH = _STYLE + _SEP + "column-width"
# a length of zero in any unit ODF allows: "0in", "0cm", "0.000mm", "0pt", "0"
_ZERO_LENGTH = re.compile(r"\s*[+-]?0*(?:\.0*)?\s*(?:in|cm|mm|pt|pc|px|em)?\s*")
_TABLE_FORMULA = _TABLE + _SEP + "formula"
_TABLE_NAME = _TABLE + _SEP + "name"
_TABLE_NUMBER_COLUMNS_REPEATED = _TABLE + _SEP + "number-columns-repeated"
_TABLE_NUMBER_COLUMNS_SPANNED = _TABLE + _SEP + "number-columns-spanned"
_TABLE_NUMBER_ROWS_REPEATED = _TABLE + _SEP + "number-rows-repeated"
_TABLE_NUMBER_ROWS_SPANNED = _TABLE + _SEP + "number-rows-spanned"
_TABLE_STYLE_NAME = _TABLE + _SEP + "style-name"
_TABLE_VISIBILITY = _TABLE + _SEP + "visibility"
_TEXT_C = _TEXT + _SEP + "c"

# The other OpenDocument kinds, by the end of their mimetype: what they are and their extension
_OTHER_KINDS = {
    "text": ("a text document (LibreOffice Writer)", ".odt"),
    "text-master": ("a master text document (LibreOffice Writer)", ".odm"),
    "presentation": ("a presentation (LibreOffice Impress)", ".odp"),
    "graphics": ("a drawing (LibreOffice Draw)", ".odg"),
    "chart": ("a chart", ".odc"),
    "formula": ("a formula (LibreOffice Math)", ".odf"),
    "database": ("a database (LibreOffice Base)", ".odb"),
}
_HIDDEN = frozenset(["collapse", "filter"])
_NUMBERS = frozenset(["float", "percentage", "currency"])
_INT = re.compile(r"[+-]?\d+")
_WHITE = re.compile(r"[ \t\r\n]+")
_DURATION = re.compile(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?")
# a reference of OpenFormula ([.B2], [.B2:.B9], [$'Sheet 1'.B2]) as Excel writes it (B2, B2:B9, 'Sheet 1'!B2)
_REFERENCE = re.compile(
    r"\[\$?((?:'[^']*'|[^\].:']+)?)\.(\$?[A-Z]+\$?\d+)(?::\$?[^\].:]*\.(\$?[A-Z]+\$?\d+))?\]"
)
# expat's errors at the end of a part cut short
_SHORT = frozenset(
    expat.errors.codes[m]
    for m in (
        expat.errors.XML_ERROR_NO_ELEMENTS,
        expat.errors.XML_ERROR_UNCLOSED_TOKEN,
        expat.errors.XML_ERROR_PARTIAL_CHAR,
        expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
    )
)
# LibreOffice's day 0: a time of day is stored on it (openpyxl gives a serial below 1 as a time)
_DAY_ZERO = dt.date(1899, 12, 30)


def sniff_fods(head: bytes) -> bool:
    """Whether the first bytes of a file are a flat OpenDocument file (``<office:document>``)."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and (
        b"<office:document" in head or _OFFICE.encode() in head
    )


class OdsBook:
    """An OpenDocument spreadsheet read whole, shaped as a read-only openpyxl workbook."""

    def __init__(self, sheets: list[WebSheet], active: str | None, flat: bool) -> None:
        self.worksheets = sheets
        shown = [ws for ws in sheets if ws.sheet_state == "visible"]
        chosen = [ws for ws in sheets if ws.title == active] or shown or sheets
        self.active = chosen[0] if chosen else None
        #: what the file is, in messages, and its extensions
        self.what = "an OpenDocument spreadsheet (LibreOffice Calc, OpenOffice)"
        self.suffixes = (".fods",) if flat else (".ods",)

    def __getitem__(self, title: str) -> WebSheet:
        return next(ws for ws in self.worksheets if ws.title == title)

    def close(self) -> None:
        """Nothing to release: the file was read whole."""


def damaged(name: str, exc: BaseException | str) -> TrendsDataError:
    """The error for a zip or part that cannot be read: cut short (a truncated download) or corrupt."""
    said = exc if isinstance(exc, str) else f"{type(exc).__name__}: {str(exc)[:200]}"
    return TrendsDataError(
        f"cannot be read as an OpenDocument spreadsheet: the file is damaged or cut short ({said}) (a truncated "
        "download or copy?)",
        file=name,
        row=1,
        expected="the complete file (open it in LibreOffice Calc and save it again as .ods or .xlsx)",
    )


def open_ods(path: Path, name: str, flat: bool = False) -> OdsBook:
    """Read an ``.ods`` (a zip) or, with ``flat``, a ``.fods`` (one XML file) whole.

    Parameters
    ----------
    path : Path
        The file; its size (or, for a zip, its unpacked size) is checked by the caller.
    name : str
        The file's name in messages.
    flat : bool
        The file is a flat ``.fods``.

    Raises
    ------
    TrendsDataError
        An encrypted file, another OpenDocument kind (a text document), a damaged or cut-short zip or XML, a
        DOCTYPE or ENTITY declaration, a value past Excel's limits, a cell whose stored value is malformed.
    """
    if flat:
        with path.open("rb") as fh:
            content = _Content(name)
            _parse(fh, content, name)
        return content.book(flat=True)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
            )
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            _refuse_other(mimetype, manifest, name)
            if b"encryption-data" in manifest:
                raise TrendsDataError(
                    "a password-protected (encrypted) OpenDocument spreadsheet, which cannot be read",
                    file=name,
                    row=1,
                    expected="the file without a password (open it in LibreOffice Calc, File > Save As, untick "
                    '"Save with password", and save it)',
                )
            if "content.xml" not in names:
                raise damaged(name, "no content.xml")
            content = _Content(name)
            if "settings.xml" in names:
                with archive.open("settings.xml") as fh:
                    _parse(fh, content, name)
            with archive.open("content.xml") as fh:
                _parse(fh, content, name)
    # zipfile raises NotImplementedError for a member it cannot unpack (a damaged header naming another method),
    # and RuntimeError for a member flagged as encrypted
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise damaged(name, exc) from None
    return content.book(flat=False)


def _refuse_other(mimetype: str, manifest: bytes, name: str) -> None:
    """Refuse an OpenDocument file that is not a spreadsheet (by its mimetype, else its manifest's root entry)."""
    if not mimetype:
        found = re.search(
            rb'full-path="/"[^>]*media-type="([^"]+)"|media-type="([^"]+)"[^>]*full-path="/"', manifest
        )
        mimetype = (found[1] or found[2]).decode("ascii", "replace") if found else SPREADSHEET
    if mimetype.startswith(SPREADSHEET):
        return
    kind = mimetype.removeprefix("application/vnd.oasis.opendocument.").removesuffix("-template")
    what, suffix = _OTHER_KINDS.get(kind, (f"an OpenDocument file of type {mimetype[:80]!r}", ""))
    raise TrendsDataError(
        f"an OpenDocument {what.removeprefix('a ').removeprefix('an ')}"
        + (f" ({suffix})" if suffix else "")
        + ", not a spreadsheet",
        file=name,
        row=1,
        expected="the table as a spreadsheet (copy it into LibreOffice Calc and save it as .ods or .xlsx) or as "
        "CSV",
    )


def _parse(stream: IO[bytes], handler: _Content, name: str) -> None:
    """Feed an XML part to ``handler`` with expat, refusing DOCTYPE and ENTITY declarations."""
    parser = guarded_parser(handler, name, "an OpenDocument spreadsheet saved by LibreOffice Calc", _SEP)
    parser.buffer_size = 1 << 20
    try:
        parser.ParseFile(stream)
    except expat.ExpatError as exc:
        short = exc.code in _SHORT
        raise TrendsDataError(
            f"the OpenDocument spreadsheet is {'cut short' if short else 'malformed'} (XML line {exc.lineno}, "
            f"column {exc.offset}: {expat.errors.messages[exc.code]})"
            + (" (a truncated download or copy?)" if short else ""),
            file=handler.where,
            row=handler.row + 1 if handler.sheet is not None else 1,
            expected="the complete file, as LibreOffice Calc saves it (save it again)",
        ) from None
    except LookupError as exc:  # expat looks up the encoding the XML declaration names
        raise TrendsDataError(
            f"the OpenDocument spreadsheet is malformed: its XML declares an {exc}",
            file=handler.where,
            row=1,
            expected="the complete file, as LibreOffice Calc saves it (in UTF-8; save it again)",
        ) from None


class _Content:
    """An expat handler building the sheets of ``content.xml`` (and reading ``settings.xml``'s active sheet)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sheets: list[WebSheet] = []
        self.active: str | None = None
        self.depth = 0
        self.mimetype = ""
        self.hidden_styles: set[str] = set()
        self.hidden_row_styles: set[str] = set()  # row styles of zero height
        self.hidden_column_styles: set[str] = set()  # column styles of zero width
        self.style: str | None = None  # the table (or table-row) style being read
        self.config: list[str] | None = None  # the text of the ActiveTable setting
        self.sheet: WebSheet | None = None
        self.skip = 0  # inside an annotation, a drawing or a table within a cell
        self.row = 0  # the next row (0-based)
        self.column = 0  # the next <table:table-column>
        self.last = -1  # the last row holding a value
        self.row_attrs: tuple[int, bool] = (1, False)  # repeat, hidden
        self.row_cells: dict[int, object] = {}
        self.row_spans: list[tuple[int, int, int]] = []  # column, last column, rows down
        self.col = 0
        self.cell: dict[str, str] | None = None
        self.cell_repeat = 1
        self.paras: list[str] = []
        self.para: list[str] | None = None
        self.space = True  # the paragraph's text so far ends in a collapsible space (or is empty)
        # per sheet: hidden row runs and the merged ranges of repeated rows, cut at the last row of values
        self.hidden_runs: list[tuple[int, int]] = []
        self.span_runs: list[tuple[int, int, list[tuple[int, int, int]]]] = []

    @property
    def where(self) -> str:
        return f"{self.name} [sheet {self.sheet.title}]" if self.sheet else self.name

    def book(self, flat: bool) -> OdsBook:
        if flat and self.mimetype and not self.mimetype.startswith(SPREADSHEET):
            _refuse_other(self.mimetype, b"", self.name)
        if not self.sheets:
            raise TrendsDataError(
                "an OpenDocument spreadsheet without a sheet (table:table)",
                file=self.name,
                row=1,
                expected="a spreadsheet holding a table",
            )
        return OdsBook(self.sheets, self.active, flat)

    # -- elements
    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1 and tag == _OFFICE_DOCUMENT:
            self.mimetype = attrs.get(_OFFICE_MIMETYPE, "")
        ns, _, local = tag.rpartition(_SEP)
        if self.skip:
            self.skip += 1
        elif ns == _TABLE:
            self._table_start(local, attrs)
        elif ns == _TEXT:
            if self.cell is None:
                return
            if local in ("p", "h"):
                self.para, self.space = [], True
            elif self.para is None:
                return
            elif local in ("s", "tab", "line-break"):
                self.space = False  # written spaces are kept, as are those after them
            if local == "s":
                self.para.append(" " * _count(attrs.get(_TEXT_C), 1, 65_535))
            elif local == "tab":
                self.para.append("\t")
            elif local == "line-break":
                self.para.append("\n")
            elif local in ("note", "ruby-text", "tracked-changes"):  # not the cell's shown text
                self.skip = 1
        elif (ns == _OFFICE and local == "annotation") or (ns == _DRAW and self.sheet is not None):
            self.skip = 1
        elif ns == _STYLE:
            if local == "style" and attrs.get(_STYLE_FAMILY) in ("table", "table-row", "table-column"):
                self.style = attrs.get(_STYLE_NAME)
            elif local == "table-properties" and self.style and attrs.get(_TABLE_DISPLAY) == "false":
                self.hidden_styles.add(self.style)
            elif local == "table-row-properties" and self.style:
                height = attrs.get(_ROW_HEIGHT)
                if (height is not None and _ZERO_LENGTH.fullmatch(height)) or attrs.get(
                    _TABLE_VISIBILITY
                ) in _HIDDEN:
                    self.hidden_row_styles.add(self.style)
            elif local == "table-column-properties" and self.style:
                width = attrs.get(_COLUMN_WIDTH)
                if width is not None and _ZERO_LENGTH.fullmatch(width):
                    self.hidden_column_styles.add(self.style)
        elif ns == _CONFIG and local == "config-item" and attrs.get(_CONFIG_NAME) == "ActiveTable":
            self.config = []

    def _table_start(self, local: str, a: dict[str, str]) -> None:
        if local == "table":
            if self.sheet is not None:  # a table inside a cell: not a sheet of its own
                self.skip = 1
                return
            title = a.get(_TABLE_NAME) or f"Sheet{len(self.sheets) + 1}"
            hidden = a.get(_TABLE_STYLE_NAME) in self.hidden_styles
            hidden = hidden or a.get(_TABLE_DISPLAY) == "false"
            self.sheet = WebSheet(title, "hidden" if hidden else "visible")
            self.sheets.append(self.sheet)
            self.row, self.column, self.last = 0, 0, -1
            self.hidden_runs, self.span_runs = [], []
        elif self.sheet is None:
            return
        elif local == "table-column":
            repeat = _count(a.get(_TABLE_NUMBER_COLUMNS_REPEATED), 1, MAX_COLUMNS)
            hidden = (
                a.get(_TABLE_VISIBILITY) in _HIDDEN or a.get(_TABLE_STYLE_NAME) in self.hidden_column_styles
            )
            if hidden and self.column < MAX_COLUMNS:
                self.sheet.hidden_columns.append((self.column, min(self.column + repeat, MAX_COLUMNS) - 1))
            self.column += repeat
        elif local == "table-row":
            repeat = _count(a.get(_TABLE_NUMBER_ROWS_REPEATED), 1, MAX_ROWS + 1)
            hidden = a.get(_TABLE_VISIBILITY) in _HIDDEN or a.get(_TABLE_STYLE_NAME) in self.hidden_row_styles
            self.row_attrs = (repeat, hidden)
            self.row_cells, self.row_spans, self.col = {}, [], 0
        elif local in ("table-cell", "covered-table-cell"):
            self.cell = a
            self.cell_repeat = _count(a.get(_TABLE_NUMBER_COLUMNS_REPEATED), 1, MAX_COLUMNS + 1)
            self.paras, self.para = [], None
            across = _count(a.get(_TABLE_NUMBER_COLUMNS_SPANNED), 1, MAX_COLUMNS + 1)
            down = _count(a.get(_TABLE_NUMBER_ROWS_SPANNED), 1, MAX_ROWS + 1)
            if across > 1 or down > 1:
                if self.col + across > MAX_COLUMNS or self.row + down > MAX_ROWS:
                    raise _too_far(self.where, self.row + down - 1, self.col + across - 1)
                self.row_spans.append((self.col, self.col + across - 1, down))

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.skip:
            self.skip -= 1
            return
        ns, _, local = tag.rpartition(_SEP)
        if ns == _TEXT and local in ("p", "h") and self.para is not None:
            self.paras.append("".join(self.para))
            self.para = None
        elif ns == _TABLE and self.sheet is not None:
            if local in ("table-cell", "covered-table-cell") and self.cell is not None:
                self._cell_end()
            elif local == "table-row":
                self._row_end()
            elif local == "table":
                self._table_end()
        elif ns == _STYLE and local == "style":
            self.style = None
        elif ns == _CONFIG and local == "config-item" and self.config is not None:
            self.active = "".join(self.config).strip() or None
            self.config = None

    def chars(self, data: str) -> None:
        if self.para is not None and not self.skip:
            # ODF collapses white space in text as HTML does (the spaces LibreOffice writes are text:s); none
            # at the start of a paragraph
            data = _WHITE.sub(" ", data)
            if self.space and data.startswith(" "):
                data = data[1:]
            if data:
                self.para.append(data)
                self.space = data.endswith(" ")
        elif self.config is not None:
            self.config.append(data)

    # -- cells, rows, tables
    def _cell_end(self) -> None:
        value = self._value(self.cell or {})
        repeat = self.cell_repeat
        if value is not None and value != "":
            if self.col + repeat > MAX_COLUMNS:
                raise _too_far(self.where, self.row, self.col + repeat - 1)
            for c in range(self.col, self.col + repeat):
                self.row_cells[c] = value
        self.col += repeat
        self.cell = None

    def _row_end(self) -> None:
        repeat, hidden = self.row_attrs
        sheet = self.sheet
        assert sheet is not None
        if self.row_cells:
            if self.row + repeat > MAX_ROWS:
                raise _too_far(self.where, self.row + repeat - 1, 0)
            for r in range(self.row, self.row + repeat):  # the copies share one row of cells
                sheet.cells[r] = self.row_cells
            self.last = self.row + repeat - 1
        if hidden:
            self.hidden_runs.append((self.row, self.row + repeat - 1))
        if self.row_spans:
            self.span_runs.append((self.row, repeat, self.row_spans))
        self.row = min(self.row + repeat, MAX_ROWS + 1)

    def _table_end(self) -> None:
        sheet = self.sheet
        assert sheet is not None
        last = self.last
        sheet.nrows = last + 1
        # the runs past the last row of values (LibreOffice's empty rows to the end of the sheet) are not built
        sheet.hidden = [r + 1 for r0, r1 in self.hidden_runs for r in range(r0, min(r1, last) + 1)]
        sheet.merged = [
            (r, c0, r + down - 1, c1)
            for r0, repeat, spans in self.span_runs
            for r in range(r0, min(r0 + repeat - 1, last) + 1)
            for c0, c1, down in spans
        ]
        self.sheet = None

    def _value(self, a: dict[str, str]) -> object:
        """A cell's value as openpyxl gives it: by its value type, else its formula, else its text."""
        kind = a.get(_OFFICE_VALUE_TYPE)
        formula = a.get(_TABLE_FORMULA)
        text = "\n".join(self.paras)
        value: object = None
        if a.get(_CALCEXT_VALUE_TYPE) == "error":  # an error result: its text, as "#DIV/0!"
            value = text
        elif kind in _NUMBERS:
            value = self._typed(a.get(_OFFICE_VALUE), _number)
        elif kind == "date":
            value = self._typed(a.get(_OFFICE_DATE_VALUE), _date)
        elif kind == "time":
            value = self._typed(a.get(_OFFICE_TIME_VALUE), _time)
        elif kind == "boolean":
            found = a.get(_OFFICE_BOOLEAN_VALUE)
            value = None if found is None else found.strip().lower() in ("true", "1")
        elif kind == "string":
            value = a.get(_OFFICE_STRING_VALUE, text)
        if value is None and formula is not None:  # a formula never computed: its formula
            return _formula(formula)
        # no type, or no stored value: the text shown (a cell written by a program), never dropped
        return text if value is None else value

    def _typed(self, stored: str | None, parse) -> object:
        if stored is None:
            return None
        try:
            return parse(stored.strip())
        except (ValueError, OverflowError):
            kind = (self.cell or {}).get(_OFFICE_VALUE_TYPE)
            raise TrendsDataError(
                f"cannot be read as an OpenDocument spreadsheet: a malformed cell {column_letters(self.col)}"
                f"{self.row + 1} of type {kind} (found {stored[:40]!r})",
                file=self.where,
                row=self.row + 1,
                column=column_letters(self.col),
                expected="an OpenDocument spreadsheet saved by LibreOffice Calc (open it and save it again)",
            ) from None


def _count(text: str | None, default: int, most: int) -> int:
    if text is None:  # most cells: no repeat, no span
        return default
    try:
        value = int((text or "").strip())
    except ValueError:
        return default
    return min(value, most) if value >= 1 else default


def _number(text: str) -> object:
    return int(text) if _INT.fullmatch(text) else float(text)


def _date(text: str) -> object:
    stamp = dt.datetime.fromisoformat(text)
    if stamp.tzinfo is not None:
        stamp = stamp.replace(tzinfo=None)
    if stamp.date() == _DAY_ZERO:
        return stamp.time()
    return stamp


def _time(text: str) -> object:
    found = _DURATION.fullmatch(text)
    if not found or text in ("P", "-P", "PT", "-PT"):
        raise ValueError(text)
    sign, days, hours, minutes, seconds = found.groups()
    span = dt.timedelta(
        days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0), seconds=float(seconds or 0)
    )
    span = dt.timedelta(
        milliseconds=round(span / dt.timedelta(milliseconds=1))
    )  # openpyxl keeps milliseconds
    if sign or span >= dt.timedelta(days=1):
        return -span if sign else span
    return (dt.datetime.min + span).time()


def _formula(text: str) -> str:
    """An OpenFormula (``of:=SUM([.B2:.B9])``) as Excel writes it (``=SUM(B2:B9)``)."""
    body = text.split(":", 1)[1] if re.match(r"[a-z]+:=", text) else text
    body = _REFERENCE.sub(lambda m: (f"{m[1]}!" if m[1] else "") + m[2] + (f":{m[3]}" if m[3] else ""), body)
    return body if body.startswith("=") else "=" + body
