"""Old Excel 97-2003 ``.xls`` workbooks (BIFF8), read through xlrd.

:func:`open_xls` returns an :class:`XlsBook`: the few attributes of a read-only openpyxl workbook that
:mod:`trends.rawfile` uses (``worksheets``, ``active``, ``book[title]``, ``close()``; each sheet's
``title``, ``sheet_state`` and ``iter_rows(values_only=True)``), plus :meth:`XlsSheet.layout`, the merged
ranges and hidden rows and columns that :func:`trends.rawfile._sheet_layout` scans from an ``.xlsx`` sheet's
XML. A cell comes out as openpyxl gives the same cell of an ``.xlsx``: a number as a float, a date as a
``datetime`` (a time of day as a ``time``, an ``[h]:mm`` duration as a ``timedelta``), a boolean as a
``bool``, an error as its text (``"#DIV/0!"``). BIFF stores the result of every formula, so no formula is
ever without its value.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trends.schema import TrendsDataError, TrendsDataWarning, user_stacklevel

__all__ = ["OLE2_SIGNATURE", "XlsBook", "XlsSheet", "open_xls"]

#: The first 8 bytes of an OLE2 compound file: an .xls workbook, a Word .doc, or an encrypted .xlsx.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# BOUNDSHEET visibility -> openpyxl's sheet_state
_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}
# The streams of an encrypted OOXML workbook (Excel's "Encrypt with Password" on an .xlsx), by name; a damaged
# file is still known by them
_ENCRYPTED_STREAMS = (b"EncryptionInfo", b"EncryptedPackage")
_WINDOW1 = 0x003D  # the workbook window record: its 6th field is the active sheet's tab
_EOF = 0x000A
# xlrd's cell types: XL_CELL_EMPTY 0, TEXT 1, NUMBER 2, DATE 3, BOOLEAN 4, ERROR 5, BLANK 6 (formatted, empty)
_EMPTY = frozenset([0, 6])
_PLAIN = frozenset([0, 1, 2, 6])


def _refuse_encrypted(name: str) -> TrendsDataError:
    return TrendsDataError(
        "a password-protected (encrypted) workbook, which cannot be read",
        file=name,
        row=1,
        expected="the workbook without a password (open it in Excel, remove the password under File > Info > "
        "Protect Workbook, and save it)",
    )


def _encrypted(path: Path) -> bool:
    """Whether an OLE2 file names the streams of an encrypted .xlsx (in its directory: UTF-16)."""
    with path.open("rb") as fh:
        data = fh.read(1 << 22)
    return any(s in data or s.decode().encode("utf-16-le") in data for s in _ENCRYPTED_STREAMS)


def open_xls(path: Path, name: str) -> XlsBook:
    """Open an OLE2 file as an ``.xls`` workbook, or refuse it: encrypted, not a workbook, or corrupt.

    Parameters
    ----------
    path : Path
        The file, which starts with :data:`OLE2_SIGNATURE`.
    name : str
        The file's name in messages.

    Raises
    ------
    TrendsDataError
        An encrypted workbook (.xls or .xlsx), an OLE2 file holding no workbook (a Word document), or a file
        xlrd cannot parse (corrupt or truncated).

    Warns
    -----
    TrendsDataWarning
        When only the formatting records cannot be parsed: the cells are read without them (no merged cells,
        hidden rows or columns, ``[h]:mm`` durations).
    """
    try:
        book = _xlrd_book(path, formatting=True)
    # xlrd raises XLRDError, CompDocError, struct.error, IndexError ... on a bad file
    except Exception as exc:
        text = str(exc)
        if "encrypted" in text.lower() or _encrypted(path):
            raise _refuse_encrypted(name) from None
        if "Can't find workbook" in text:
            raise TrendsDataError(
                "an OLE2 compound file that holds no Excel workbook (a Word document, or another Office "
                "file, with an Excel file name), not an Excel workbook",
                file=name,
                row=1,
                expected="an Excel workbook (.xlsx, or an old .xls) or a CSV file",
            ) from None
        book = _without_formatting(path, name, exc)
    return XlsBook(book, name)


def _xlrd_book(path: Path, formatting: bool) -> Any:
    import xlrd

    return xlrd.open_workbook(
        str(path), formatting_info=formatting, on_demand=True, logfile=io.StringIO(), use_mmap=False
    )


def _without_formatting(path: Path, name: str, exc: Exception) -> Any:
    """The workbook read without its formatting records, which xlrd failed to parse (``exc``) on some files
    whose cells it reads; a damaged file when that fails too."""
    try:
        book = _xlrd_book(path, formatting=False)
    except Exception:
        raise _corrupt(name, exc) from None
    warnings.warn(
        TrendsDataWarning(
            f"{name}: the formatting records of the .xls workbook cannot be read ({type(exc).__name__}: "
            f"{str(exc)[:200]}); its cells are read without them: merged cells, hidden rows and hidden "
            "columns are not known (open it in Excel and save it again)"
        ),
        stacklevel=user_stacklevel(),
    )
    return book


def _corrupt(name: str, exc: BaseException) -> TrendsDataError:
    return TrendsDataError(
        f"cannot be read as an old Excel 97-2003 .xls workbook: the file is damaged or cut short "
        f"({type(exc).__name__}: {str(exc)[:200]})".replace(": )", ")"),
        file=name,
        row=1,
        expected="an .xls or .xlsx workbook (open it in Excel and save it again) or a CSV file",
    )


class XlsBook:
    """An open ``.xls`` workbook, shaped as a read-only openpyxl workbook for :mod:`trends.rawfile`."""

    def __init__(self, book: Any, name: str) -> None:
        self._book = book
        self.name = name
        self.worksheets = [
            XlsSheet(self, i, title, _STATES.get(book._sheet_visibility[i], "hidden"))
            for i, title in enumerate(book.sheet_names())
        ]
        tab = _active_tab(book)
        index = book._all_sheets_map[tab] if tab is not None and tab < len(book._all_sheets_map) else 0
        # the active tab may be a chart sheet, which xlrd does not list: then no active worksheet
        self.active = self.worksheets[index] if 0 <= index < len(self.worksheets) else None

    def __getitem__(self, title: str) -> XlsSheet:
        return next(ws for ws in self.worksheets if ws.title == title)

    def close(self) -> None:
        """Release the file's contents."""
        self._book.release_resources()


def _active_tab(book: Any) -> int | None:
    """The active tab (0-based, among every sheet of the workbook, chart sheets too) from the WINDOW1 record
    of the workbook's global records (xlrd does not read it); None when there is none."""
    mem, pos = book.mem, book.base
    try:
        while pos + 4 <= len(mem):
            code, length = struct.unpack("<HH", mem[pos : pos + 4])
            if code == _WINDOW1 and length >= 12:
                return int(struct.unpack("<H", mem[pos + 14 : pos + 16])[0])
            if code == _EOF:
                return None
            pos += 4 + length
    except struct.error:
        return None
    return None


class XlsSheet:
    """A worksheet of an :class:`XlsBook`; its cells are parsed on the first :meth:`iter_rows`."""

    def __init__(self, book: XlsBook, index: int, title: str, state: str) -> None:
        self._parent = book
        self._index = index
        self._sheet: Any = None
        self._timedelta: dict[int, bool] = {}
        self.title = title
        self.sheet_state = state

    def reset_dimensions(self) -> None:
        """Nothing to do: xlrd reads the cells there are (an openpyxl sheet forgets its stated range)."""

    def _load(self) -> Any:
        if self._sheet is None:
            try:
                self._sheet = self._parent._book.sheet_by_index(self._index)
            except Exception as exc:
                raise _corrupt(f"{self._parent.name} [sheet {self.title}]", exc) from None
        return self._sheet

    def iter_rows(self, values_only: bool = True) -> Iterator[tuple[object, ...]]:
        """Each row's cell values as openpyxl gives them (``values_only`` only: no cell objects are made)."""
        sheet = self._load()
        for r in range(sheet.nrows):
            types = sheet.row_types(r)
            values = sheet.row_values(r)
            if _PLAIN.issuperset(types):  # text, numbers and empty cells: taken as they are
                yield tuple(None if t in _EMPTY else v for t, v in zip(types, values, strict=True))
            else:
                yield tuple(
                    self._value(r, c, t, v) for c, (t, v) in enumerate(zip(types, values, strict=True))
                )

    def _value(self, r: int, c: int, kind: int, value: Any) -> object:
        """A cell of xlrd's type ``kind`` as openpyxl gives it."""
        if kind in _EMPTY:
            return None
        if kind == 3:  # XL_CELL_DATE
            return self._date(r, c, value)
        if kind == 4:  # XL_CELL_BOOLEAN
            return bool(value)
        if kind == 5:  # XL_CELL_ERROR
            from xlrd.biffh import error_text_from_code

            return error_text_from_code.get(value, "#N/A")
        return value

    def _date(self, r: int, c: int, value: float) -> object:
        """A date-formatted number as openpyxl reads it: a datetime, a time of day, or a duration ([h]:mm);
        past the limits of dates (negative, after 9999), the error ``#VALUE!``."""
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

        book = self._parent._book
        try:
            return from_excel(
                value, MAC_EPOCH if book.datemode else WINDOWS_EPOCH, timedelta=self._duration(r, c)
            )
        except (OverflowError, ValueError):
            return "#VALUE!"

    def _duration(self, r: int, c: int) -> bool:
        """Whether a date cell's format is a duration (``[h]:mm``); False when formatting is not known."""
        from openpyxl.styles.numbers import is_timedelta_format

        book = self._parent._book
        if not book.formatting_info:
            return False
        xf = self._sheet.cell_xf_index(r, c)
        if xf not in self._timedelta:
            fmt = book.format_map.get(book.xf_list[xf].format_key) if xf < len(book.xf_list) else None
            self._timedelta[xf] = bool(fmt is not None and is_timedelta_format(fmt.format_str))
        return self._timedelta[xf]

    def layout(
        self,
    ) -> tuple[list[tuple[int, int, int, int]], list[int], list[tuple[int, int]], set[tuple[int, int]]]:
        """What :func:`trends.rawfile._sheet_layout` returns for an ``.xlsx`` sheet: the merged ranges
        (0-based first row, first column, last row, last column), the hidden rows (1-based: hidden, or of zero
        height), the hidden column ranges (0-based first and last) and the formula cells whose value is the
        empty text (none: BIFF stores every result)."""
        sheet = self._load()
        merged = sorted((r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells)
        hidden = sorted(r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden or info.height == 0)
        columns = sorted((c, c) for c, info in sheet.colinfo_map.items() if info.hidden)
        return merged, hidden, columns, set()
