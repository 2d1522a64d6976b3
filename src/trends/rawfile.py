"""Read a CSV, Parquet, Feather, Stata or Excel file as a table of text cells, each record with its row number in the file.

The first step of every loader in :mod:`trends.io`: decoding (UTF-8, UTF-8 with BOM, UTF-16, Windows-1258),
delimiter sniffing, Excel cached values (``.xlsx``/``.xlsm`` with openpyxl, a Strict Open XML one converted in
memory, old ``.xls`` with xlrd, a web application's HTML or XML Spreadsheet 2003 "export to Excel" with
:mod:`trends._webexport`, a LibreOffice/OpenOffice ``.ods`` or ``.fods`` with :mod:`trends._ods`; formulas never
evaluated, macros never run), and the documented repairs (cell cleaning, title rows, blank lines, repeated
headers, total rows), each reported in a :class:`~trends.schema.TrendsDataWarning`. Nothing here knows the data contract: :mod:`trends._cells`
validates the text cells against it for the readers in :mod:`trends.io`.
"""

from __future__ import annotations

import codecs
import contextvars
import csv
import datetime as dt
import io as _io
import itertools
import json
import mmap
import os
import re
import stat
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from trends import _legacy
from trends._ods import OdsBook, open_ods, sniff_fods
from trends._ods import damaged as _ods_damaged
from trends._text import column_letters, fold, shortlist
from trends._webexport import WebBook, WebSheet, open_webexport, sniff_webexport
from trends._xls import OLE2_SIGNATURE, XlsBook, XlsSheet, open_xls
from trends.privacy import is_personal_column
from trends.schema import HANOI_OFFSET, TrendsDataError, TrendsDataWarning, user_stacklevel

__all__ = [
    "FRONT_SHEET",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_UNPACKED_BYTES",
    "MAX_UNPACK_RATIO",
    "WORKBOOK_SUFFIXES",
    "RawTable",
    "display_name",
    "file_suffix",
    "noting_conversions",
    "read_raw",
    "sheet_names",
]

#: Limits on what a file can make the reader do; past them the file is refused with a message.
MAX_UNPACKED_BYTES = 4 * 2**30  # text of a CSV (after gunzip), or the unpacked parts of a workbook
MAX_UNPACK_RATIO = 100  # past 64 MiB, a workbook unpacking to over 100 times its size is a zip bomb
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
MAX_SHEET_COLUMNS = 1_000  # a statistics table; a workbook claiming XFD (16,384 columns) is refused past this
#: The file names read as workbooks (each by its content: an .xls may hold an HTML table, an .xml a SpreadsheetML
#: workbook, an .html an .xlsx).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".fods", ".html", ".htm", ".mht", ".mhtml", ".xml")
#: Typed files besides Parquet read through pandas or pyarrow, each column asked for alone: Feather, Stata.
TYPED_SUFFIXES = (".feather", ".arrow", ".dta")


@dataclass(frozen=True)
class RawTable:
    """A file read as text: every cell a ``str`` (``""`` when empty), with the row number of each record."""

    frame: pd.DataFrame
    rows: np.ndarray
    file: str
    encoding: str | None
    blank_lines: int
    # (row, cells) of the total rows ("Tổng cộng") dropped at the bottom, checked against the sums by the readers
    totals: tuple[tuple[int, dict[str, str]], ...] = ()
    # Parquet columns whose type is not a scalar (struct, list, map, binary): {column: type}, refused as labels
    nontext: dict[str, str] = field(default_factory=dict)
    # the text of the title rows skipped above the header (a wide sheet may state its year there)
    titles: tuple[str, ...] = ()
    # tables stacked in one sheet: (row of a repeated header, the text of the title rows just above it), each
    # heading the rows below it up to the next (a second month or district under its own title)
    sections: tuple[tuple[int, tuple[str, ...]], ...] = ()
    # {column: the file's header of each row's cell}, for a table made long from a wide sheet
    origin: dict[str, np.ndarray] = field(default_factory=dict)
    # columns of the file not read at all (the reader did not need them): listed by the readers' warning
    unread: tuple[str, ...] = ()
    # {column: (codes, distinct values)} when the reader already factorised a column (the fast path, whose
    # frame holds such columns as categoricals: one copy of each distinct text, not one object per cell)
    encoded: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # what was converted from an old Vietnamese font encoding (TCVN3, VNI), as errors after it say; "" if nothing
    converted: str = ""

    def text(self, column: str) -> pd.Series:
        """A column's cells as ``str`` objects (for string operations and assignment)."""
        values = self.frame[column]
        return values.astype(object) if isinstance(values.dtype, pd.CategoricalDtype) else values


# --------------------------------------------------------------------------------------------------------------
# Reading files as text


def read_raw(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    usecols: Callable[[list[str]], list[str] | None] | None = None,
) -> RawTable:
    """Read a CSV, Parquet, Feather, Stata or Excel file as text cells, keeping each record's row number.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt``/``.tsv`` (optionally gzip-compressed), ``.parquet``/``.pq``, ``.feather``/``.arrow``
        (Arrow IPC, read as Parquet), a Stata ``.dta`` (:mod:`trends._stata`: value labels read as the labels,
        a label given to two codes refused; ``%tm``, ``%tq``, ``%ty`` columns as months "2024-01", quarters
        "2024Q1", years "2024", ``%td``/``%tc`` as dates; ``.`` and ``.a``-``.z`` as empty cells; Stata 13 and
        older text in its code page, guessed or ``encoding=``; rows numbered by observation), ``.xlsx``/``.xlsm``, or an
        old Excel 97-2003 ``.xls`` (BIFF8, read with xlrd through the same steps as an ``.xlsx``: title rows,
        merged cells, hidden rows, columns and sheets). The "Excel" files web applications export are read the
        same way (:mod:`trends._webexport`, standard library only): an HTML table (each ``<table>`` a sheet,
        ``colspan``/``rowspan`` merged cells, ``display:none`` rows hidden, each cell its text, Excel's ``x:num``
        its number) and an XML Spreadsheet 2003 (typed cells, merged, hidden and sheets as Excel saved them),
        named ``.xls``/``.xlsx`` (with a warning saying what the file is), ``.html``/``.htm`` or ``.xml``; a
        workbook Excel saved as a "Web Page" (a frameset ``.htm`` whose sheets are the files of the
        ``<name>_files`` folder beside it, named by their tabs) or a "Single File Web Page" (``.mht``/``.mhtml``,
        the same pages in one MIME message); and an
        OpenDocument spreadsheet of LibreOffice or OpenOffice Calc (``.ods``, or a flat ``.fods``:
        :mod:`trends._ods`, standard library only). A
        workbook whose content is another format than its name says is read, with a warning; a password-protected
        (encrypted) workbook, an OLE2 file that holds no workbook (a Word document), a damaged ``.xls``, an HTML
        page without a table (a login page saved in place of the export), a truncated HTML or XML file, XML that
        is not SpreadsheetML and XML declaring a DOCTYPE or entities are refused. SPSS (``.sav``, ``.zsav``,
        ``.por``), R (``.rds``, ``.rdata``, ``.rda``) and SAS (``.sas7bdat``, ``.xpt``) files are refused with
        the commands that convert them.
    sheet : str or int, optional
        Excel sheet name or 0-based index (default: the active visible sheet, with a warning naming the others;
        the readers of :mod:`trends.io` also take ``"all"``).
    encoding : str, optional
        CSV encoding; by default UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258. For a Stata 13
        or older ``.dta``, the code page of its text (default: UTF-8 if it is, else Windows-1258, else Latin-1).
    delimiter : str, optional
        CSV delimiter; sniffed by default.
    usecols : callable, optional
        Given the header, the columns the caller needs (None: all). Large CSV (UTF-8, header on line 1),
        Parquet and Feather files are then read with pyarrow, and Stata files with pandas, those columns only:
        the others are never materialised and are listed in ``RawTable.unread``.
    """
    path = Path(path)
    name = display_name(path)
    _check_regular(path, name)
    _refuse_documents(path, name)
    suffixes = [s.lower().rstrip() for s in path.suffixes]
    kind = (
        suffixes[-2] if suffixes[-1:] == [".gz"] and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    )
    if kind in (".parquet", ".pq"):
        return _read_parquet(path, name, usecols)
    if kind == ".dta":
        return _read_stata(path, name, encoding, usecols)
    if kind in TYPED_SUFFIXES:
        return _read_feather(path, name, usecols)
    if kind in WORKBOOK_SUFFIXES:
        return _read_excel(path, name, sheet)
    if kind in (".csv", ".txt", ".tsv", ""):
        return _read_csv(path, name, encoding, delimiter, usecols)
    what, convert = _OTHER_FORMATS.get(kind, ("", ""))
    raise TrendsDataError(
        f"unsupported file type {kind!r}" + (f": {what}" if what else ""),
        file=name,
        row=1,
        expected=convert
        or "CSV (.csv/.tsv/.txt), Parquet (.parquet), Excel (.xlsx, .xls), OpenDocument (.ods), Stata (.dta) "
        "or Feather (.feather)",
    )


# Spreadsheet formats the readers do not open, and how to convert them.
_OTHER_FORMATS = {
    ".xlsb": (
        "Excel binary workbook",
        'the file saved as .xlsx (in Excel: File > Save As > "Excel Workbook (*.xlsx)") or as CSV UTF-8',
    ),
    ".numbers": ("Apple Numbers spreadsheet", "the file exported as .xlsx or CSV (File > Export To)"),
    ".prn": (
        'Excel\'s "Formatted Text (Space delimited)": columns padded with spaces, whose names and values hold '
        "spaces themselves, so the columns cannot be told apart",
        'the sheet saved as "CSV UTF-8 (Comma delimited) (*.csv)" or as .xlsx',
    ),
    # Statistics packages' files that pandas reads only with another library (pyreadstat), or not at all
    **dict.fromkeys(
        (".sav", ".zsav", ".por"),
        (
            "SPSS data file (reading it needs pyreadstat, which trends does not install)",
            "the data exported as CSV, value labels as labels (in SPSS, or the free GNU PSPP: SAVE TRANSLATE "
            "OUTFILE='crimes.csv' /TYPE=CSV /FIELDNAMES /CELLS=LABELS /REPLACE.), or saved as Stata .dta; or in "
            "R: x <- "
            'haven::as_factor(haven::read_sav("crimes.sav")) (haven::read_por for .por), then '
            'write.csv(x, "crimes.csv", row.names = FALSE, fileEncoding = "UTF-8")',
        ),
    ),
    ".rds": (
        "R data file (a serialised R object)",
        'the data frame written from R: write.csv(readRDS("crimes.rds"), "crimes.csv", row.names = FALSE, '
        'fileEncoding = "UTF-8"), or arrow::write_parquet(readRDS("crimes.rds"), "crimes.parquet")',
    ),
    **dict.fromkeys(
        (".rdata", ".rda"),
        (
            "R workspace file (R objects saved with save())",
            'the data frame written from R: objs <- load("crimes.RData"); write.csv(get(objs[1]), '
            '"crimes.csv", row.names = FALSE, fileEncoding = "UTF-8"), or arrow::write_parquet(get(objs[1]), '
            '"crimes.parquet")',
        ),
    ),
    **dict.fromkeys(
        (".sas7bdat", ".xpt"),
        (
            "SAS data set",
            'the data exported as CSV (in SAS: proc export data=crimes outfile="crimes.csv" dbms=csv replace; '
            'run;), or Stata .dta; or in R: write.csv(haven::read_sas("crimes.sas7bdat"), "crimes.csv", '
            'row.names = FALSE, fileEncoding = "UTF-8") (haven::read_xpt for .xpt)',
        ),
    ),
}


# Documents sent instead of a table (the report typed in Word, or printed to PDF), whatever their file name says:
# what they are and what to send instead.
_DOCUMENTS = {
    "pdf": (
        "a PDF document (a report printed or saved as PDF), not a table",
        "the table itself, exported as .xlsx or CSV from the program that made the report (a table read back "
        "from a PDF by a converter must be checked cell by cell)",
    ),
    "word": (
        "a Word document (.docx), not a spreadsheet",
        "the table copied from Word into an empty Excel sheet and saved as .xlsx, or as CSV UTF-8",
    ),
}


def _refuse_documents(path: Path, name: str) -> None:
    """Refuse a PDF or a Word document given as the table, naming the format, under any file name."""
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                kind = "word" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, OSError, NotImplementedError):
            kind = None
    if kind is not None:
        what, instead = _DOCUMENTS[kind]
        raise TrendsDataError(what, file=name, row=1, expected=instead)


def file_suffix(path: Path) -> str:
    """A file's suffix, in small letters and without spaces after it: a name saved "crimes.csv " (a space at
    the end, which macOS and Linux keep) is a CSV file."""
    return path.suffix.lower().rstrip()


def display_name(path: str | Path) -> str:
    """The file name as messages and chart footnotes show it: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _check_regular(path: Path, name: str) -> None:
    """Refuse what is not a regular file before opening it: a FIFO or a device would block or never end."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise TrendsDataError("file not found", file=name) from None
    except OSError as exc:
        raise TrendsDataError(f"cannot be read: {exc.strerror}", file=name) from None
    if stat.S_ISDIR(mode):
        raise TrendsDataError("is a folder, not a file", file=name)
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device or socket"
        raise TrendsDataError(
            f"is {kind}, not a regular file",
            file=name,
            expected="a CSV, Parquet, Excel or Stata file on disk",
        )


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    nul = -1 if utf16 else data.find(b"\x00")
    if nul >= 0 and nul == len(data.rstrip(b"\x00")) and data[:nul].strip():
        # NUL bytes after the last line only: the padding a crashed save or a copy from a damaged card leaves
        # (the text before them is whole); anywhere else, binary content (refused below)
        warnings.warn(
            TrendsDataWarning(
                f"{name}: removed {len(data) - nul:,} NUL byte(s) after the last line (padding left by an "
                "interrupted save or copy); the text before them is read"
            ),
            stacklevel=user_stacklevel(),
        )
        data, nul = data[:nul], -1
    if nul >= 0:
        raise TrendsDataError(
            f"binary content (a NUL byte at byte {nul:,}): not a text CSV file",
            file=name,
            row=data.count(b"\n", 0, nul) + 1,
            expected="a CSV text file",
        )
    guessed = False
    if encoding is None:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            try:
                return data.decode("utf-8-sig"), "utf-8"
            except UnicodeDecodeError as exc:
                _check_not_utf8(data, name, exc)
                encoding = _legacy_codepage(data) or "cp1258"
                guessed = encoding == "cp1258"
    elif _codec_name(encoding) == "cp1258" and _legacy_codepage(data):
        # "Vietnamese (Windows)" chosen for a file typed in an old font: its bytes become Windows-1258's tone
        # marks and letters ("ơ", "ư"), past the conversion's repair
        warnings.warn(
            TrendsDataWarning(
                f"{name}: read as {encoding} as asked, but the bytes look typed in an old Vietnamese font encoding "
                "(TCVN3 or VNI), which Windows-1258 garbles: without encoding= they are read and converted"
            ),
            stacklevel=user_stacklevel(),
        )
    try:
        text = data.decode(encoding)
        if guessed:
            _check_cp1258(text, name)
        return text, encoding
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        field = data[start : exc.start].decode(encoding, errors="replace")
        raise TrendsDataError(
            f"cannot be decoded as {encoding} at byte {exc.start} (field {field.count(',') + 1} of the line)",
            file=name,
            row=line,
            expected="UTF-8 or Windows-1258 text, or pass encoding=",
        ) from None
    except LookupError:
        raise TrendsDataError(f"unknown encoding {encoding!r}", file=name) from None


def _codec_name(encoding: str) -> str | None:
    """The codec's own name ("cp1258" for "windows-1258"), or None for a name Python does not know (refused,
    naming it, when the bytes are decoded)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _legacy_codepage(data: bytes) -> str | None:
    """Windows-1252 ("cp1252") when bytes that are not UTF-8 are Vietnamese in an old font encoding, else None.

    Read through Windows-1252 each byte is the font's character, as a workbook stores it, and the cells'
    conversion (:func:`_convert_fonts`) makes it Unicode; read as Windows-1258 (the fallback), TCVN3's and VNI's
    bytes would become that code page's tone marks and letters ("ư", "ơ"), garbled past repair.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined: no font text
        return None
    return "cp1252" if _legacy.looks_legacy(text.splitlines()) else None


# Windows-1258 writes a tone as a combining mark after its vowel; after any other letter ("l\u0301" from the
# "ì" of a Windows-1252 "Forlì", "\u0309" from "Ò" at the start of a word) the file is in another code page.
_CP1258_TONE_MISPLACED = re.compile(
    "(?:^|(?<=[^aeiouyAEIOUYâêôăơưÂÊÔĂƠƯ]))[\u0300\u0301\u0303\u0309\u0323]", re.MULTILINE
)


def _check_cp1258(text: str, name: str) -> None:
    """Refuse a file read as Windows-1258 (not UTF-8) where a tone mark follows no vowel: read as Windows-1258,
    a Windows-1252 (Western) file's "ì", "ò", "Ò", "Ì" become tone marks, changing names without a word."""
    bad = _CP1258_TONE_MISPLACED.search(text)
    if bad is None:
        return
    line = text.count("\n", 0, bad.start()) + 1
    start = text.rfind("\n", 0, bad.start()) + 1
    raise TrendsDataError(
        f"not UTF-8, and not Windows-1258 either: read as Windows-1258, a tone mark follows no vowel "
        f"({text[max(start, bad.start() - 12) : bad.end() + 6]!r}); a Western code page (Windows-1252?)",
        file=name,
        row=line,
        expected="UTF-8 or Windows-1258 text, or pass encoding= (encoding='cp1252' for a Windows-1252 file)",
    )


def _check_not_utf8(data: bytes, name: str, exc: UnicodeDecodeError) -> None:
    """Before falling back to Windows-1258: refuse a truncated UTF-8 file and a file mixing two encodings."""
    line = data.count(b"\n", 0, exc.start) + 1
    if exc.end >= len(data.rstrip(b"\r\n")) and exc.reason == "unexpected end of data":
        raise TrendsDataError(
            "the file is cut off in the middle of a character (truncated download or copy?)",
            file=name,
            row=line,
            expected="the complete file",
        )
    for k, chunk in enumerate(data.split(b"\n"), start=1):
        if not chunk.isascii():
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError:
                continue
            raise TrendsDataError(
                f"mixed encodings: line {k} is UTF-8 but this line is not (Windows-1258?); "
                "the file was pasted together from exports in different encodings",
                file=name,
                row=line,
                expected="one encoding throughout (save the whole file again as UTF-8)",
            )


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes (gunzipped for ``.gz``), refusing more than ``MAX_UNPACKED_BYTES``."""
    import gzip

    opener = gzip.open if file_suffix(path) == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            # in pieces: read(n) sets n bytes aside at once, which Windows commits (a MemoryError on a laptop)
            pieces, size = [], 0
            while size <= MAX_UNPACKED_BYTES and (piece := fh.read(64 * 2**20)):
                pieces.append(piece)
                size += len(piece)
            data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise TrendsDataError(
            f"cannot be read: {exc}", file=name, row=1, expected="a complete file"
        ) from None
    if len(data) > MAX_UNPACKED_BYTES:
        raise TrendsDataError(
            f"over the limit of {MAX_UNPACKED_BYTES / 2**30:,.0f} GiB of text (a compression bomb?)",
            file=name,
            row=1,
            expected="a smaller file, or Parquet for very large incident lists",
        )
    return data


# A line of a text table's borders: dashes or equals signs, with "|", "+" or ":" between them (not a row).
_RULE_LINE = re.compile(r"(?m)^[ \t|+:]*[-=]{3,}[-=|+: \t]*(?=\r?$)")


def _read_csv(
    path: Path,
    name: str,
    encoding: str | None,
    delimiter: str | None,
    usecols: Callable[[list[str]], list[str] | None] | None = None,
) -> RawTable:
    plain = file_suffix(path) != ".gz" and path.stat().st_size <= MAX_UNPACKED_BYTES
    if usecols is not None and encoding in (None, "utf-8") and delimiter is None and plain:
        fast = _fast_csv(path, name, usecols)
        if fast is not None:
            return fast
    data = _read_bytes(path, name)
    text, used = _decode(data, name, encoding)
    del data
    if "\x00" in text:
        at = text.index("\x00")
        raise TrendsDataError(
            "binary content (a NUL character): not a text CSV file",
            file=name,
            row=text.count("\n", 0, at) + 1,
            expected="a CSV text file",
        )
    if not text.strip():
        raise TrendsDataError("the file is empty", file=name, row=1, expected="a header row and data rows")
    text = unicodedata.normalize("NFC", text)
    # A DOS end-of-file mark (Ctrl-Z) after the last line, as old exporters write it: not a cell of the table.
    if text[-64:].rstrip().endswith("\x1a"):
        text = text.rstrip().rstrip("\x1a") + "\n"
    # Excel's "sep=;" first line names the delimiter (quoted, '"sep=;"', by tools that quote every field); it
    # is not a row of the table (left blank: lines keep their numbers).
    directive = re.match(r"(\"?)sep=([^\"\r\n])\1[ \t]*(?=\r?\n|\r)", text)
    if directive:
        delimiter = delimiter or directive.group(2)
        text = text[directive.end() :]
    # A text table's rule lines ("|---|---|" under a Markdown header, "+----+----+" around a database client's
    # box, "=====" under a report's header): borders, not rows (left blank: lines keep their numbers).
    rule = _RULE_LINE.search(text, 0, 200_000)
    if rule:
        text, n = _RULE_LINE.subn("", text)
        warnings.warn(
            TrendsDataWarning(f"{name}: skipped {n} rule line(s) of the text table (e.g. {rule.group()!r})"),
            stacklevel=user_stacklevel(),
        )
    head = [line for line in text[:200_000].splitlines()[:200] if line.strip()][:50]
    _refuse_lost_letters(text[:200_000].splitlines()[:200], name)
    if delimiter is None and head and all(_WHOLE_LINE_QUOTED.match(line) for line in head):
        text = _unquote_lines(text, name)
        head = [line for line in text[:200_000].splitlines()[:200] if line.strip()][:50]
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff("\n".join(head), delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = _commonest_delimiter(head)
    # Read every line, the header too, as cells: the header is found among the first lines (police exports put
    # title rows above it). The width is the widest of the first lines; a longer line later is an error.
    width = max((len(r) for r in csv.reader(head, delimiter=delimiter)), default=1)
    if width == 1:
        _refuse_fixed_width(head, name)
    try:
        frame = pd.read_csv(
            _io.StringIO(text),
            sep=delimiter,
            header=None,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        at_row = re.search(r"starting at row (\d+)", str(exc))  # 0-based record number
        row = int(match.group(1)) if match else int(at_row.group(1)) + 1 if at_row else None
        raise TrendsDataError(
            f"malformed CSV: {str(exc).strip()}",
            file=name,
            row=row,
            expected=f"the same number of {delimiter!r}-separated fields on every line, and closed quotes",
        ) from None
    except pd.errors.EmptyDataError:
        raise TrendsDataError(
            "the file is empty", file=name, row=1, expected="a header row and data rows"
        ) from None
    # Row i of the frame is line i + 1 of the file. Quoted multi-line fields would shift this; police exports do
    # not use them, and the numbers stay monotone either way.
    return _finish(frame, np.arange(1, len(frame) + 1), name, used, header=True)


def _split_by_other_quote(cells: list[str]) -> bool:
    """Whether a line's cells show a field quoted with ' cut in two at a delimiter inside it (LibreOffice's
    text delimiter set to '): one cell opening with ' and not closing, the next closing and not opening."""
    return any(
        a.startswith("'") and not a.endswith("'") and b.endswith("'") and not b.startswith("'")
        for a, b in itertools.pairwise(cells)
    )


# A question mark standing for a letter: inside a word ("Qu?n", "Huy?n"), the mark a code page without the
# letter writes in its place
_LOST_LETTER = re.compile(r"[^\W\d_]\?[^\W\d_]")


def _refuse_lost_letters(lines: list[str], name: str) -> None:
    """Refuse a text file whose letters were replaced by "?" when it was saved (Excel's "CSV (Macintosh)" or "CSV
    (MS-DOS)", or a CSV saved on a computer set to another language, of a Vietnamese sheet: "Qu?n/Huy?n", "Ba
    ?ình"): the letters are lost, and read as they are the names were unknown districts and the headers missing
    columns, never saying why. Two or more lines with a "?" inside a word (a web address's "?" is one line)."""
    found = [(i, line) for i, line in enumerate(lines) if _LOST_LETTER.search(line) and "://" not in line]
    if len(found) < 2:
        return
    i, line = found[0]
    # a word of the first line only (a header or a title): a later line may hold a person's name
    first = next(k for k, text in enumerate(lines) if text.strip())
    word = next(w for w in re.split(r"[\s,;\t|\"]+", line) if _LOST_LETTER.search(w)) if i == first else "?"
    raise TrendsDataError(
        f"letters replaced by '?' (found {word!r}, and on {len(found) - 1} more of the first lines): the file was "
        "saved in a code page without Vietnamese letters (Excel's 'CSV (Macintosh)' or 'CSV (MS-DOS)', or a CSV "
        "saved on a computer set to another language), and those letters are lost",
        file=name,
        row=i + 1,
        expected="the file saved again from the workbook as 'CSV UTF-8 (Comma delimited)' or as .xlsx",
    )


def _commonest_delimiter(head: list[str]) -> str:
    """The delimiter of the first lines when the sniffer finds none (a title line above the header with fewer
    fields, as Tableau's crosstab writes "Month of Date" above its months): the one of ``,;\t|`` that splits
    the most lines into the same number (two or more) of fields; "," when none splits any line."""
    best, most = ",", 0
    for sep in ",;\t|":
        widths = [len(r) for r in csv.reader(head, delimiter=sep)]
        wide = [w for w in widths if w > 1]
        common = max(wide.count(w) for w in set(wide)) if wide else 0
        if common > most:
            best, most = sep, common
    return best


# A line that is one quoted field holding the delimiters of a whole row: '"05/03/2024,Ba Đình,Trộm cắp"'.
_WHOLE_LINE_QUOTED = re.compile(r'^\s*"(?:[^"]|"")*[,;\t|](?:[^"]|"")*"\s*$')


def _unquote_lines(text: str, name: str) -> str:
    """A CSV whose every line is one quoted field holding a whole row (a table pasted into one column of a
    sheet and saved as CSV: Excel quotes each cell that holds the delimiter), as the rows inside the quotes,
    with a warning. Each line stays on its line (the rows keep their numbers)."""
    lines = text.splitlines()
    out = [next(csv.reader([line]))[0] if _WHOLE_LINE_QUOTED.match(line) else line for line in lines]
    warnings.warn(
        TrendsDataWarning(
            f"{name}: every line is one quoted field holding a whole row (a table pasted into one column and "
            "saved as CSV); read the fields inside the quotes"
        ),
        stacklevel=user_stacklevel(),
    )
    return "\n".join(out) + "\n"


def _refuse_fixed_width(head: list[str], name: str) -> None:
    """A text file of one field per line whose lines fall into three or more columns at runs of spaces (a report
    printed to a file, "fixed-width" text: columns aligned with spaces) is refused, saying so: a space also
    separates the words of a name ("Hoàn Kiếm", "Trộm cắp tài sản"), so the columns cannot be told apart from
    the text; before, the whole line was read as one column named after the header line."""
    split = [re.split(r" {2,}|\t", line.strip()) for line in head]
    aligned = [i for i, parts in enumerate(split) if len(parts) >= 3]
    if len(aligned) >= 2 and len(aligned) * 2 >= len(split):
        first = aligned[0]
        raise TrendsDataError(
            f"fixed-width text: the lines hold {len(split[first])} columns aligned with spaces ("
            + " | ".join(split[first][:6])
            + "), not separated by a delimiter",
            file=name,
            row=first + 1,
            expected="a CSV file (open the text in Excel with Data > Text to Columns > Fixed width, and save as "
            "CSV UTF-8 or .xlsx)",
        )


def _read_parquet(
    path: Path, name: str, usecols: Callable[[list[str]], list[str] | None] | None = None
) -> RawTable:
    import pyarrow.parquet as pq

    try:
        with path.open("rb") as fh:  # a file object: the name may not be UTF-8
            schema = pq.read_schema(fh)
            names = [c for c in schema.names if not c.startswith("__index_level_")]
            chosen, unread = _chosen_columns(names, usecols)
            fh.seek(0)
            text_columns = [f.name for f in schema if f.name in chosen and pa.types.is_string(f.type)]
            table = pq.read_table(fh, columns=chosen, read_dictionary=text_columns)
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise TrendsDataError(f"cannot be read as Parquet: {exc}", file=name, row=1) from None
    return _typed_table(_pandas_periods(table, schema), names, chosen, unread, name, None)


def _read_feather(
    path: Path, name: str, usecols: Callable[[list[str]], list[str] | None] | None = None
) -> RawTable:
    """An Arrow IPC file (Feather version 2, ``.feather``/``.arrow``, as ``DataFrame.to_feather`` and R's
    ``arrow::write_feather`` write it), read as Parquet is."""
    import pyarrow.feather as feather

    try:
        with path.open("rb") as fh:
            schema = pa.ipc.open_file(fh).schema
            names = [c for c in schema.names if not c.startswith("__index_level_")]
            chosen, unread = _chosen_columns(names, usecols)
            fh.seek(0)
            table = feather.read_table(fh, columns=chosen, memory_map=False)
            # the file's buffers are taken as they are: a damaged offset would crash the process in compute
            table.validate(full=True)
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise TrendsDataError(
            f"cannot be read as a Feather (Arrow IPC) file: {exc}",
            file=name,
            row=1,
            expected="a Feather version 2 file (pyarrow, pandas' to_feather, R's arrow::write_feather), or "
            "the table as Parquet or CSV",
        ) from None
    return _typed_table(_pandas_periods(table, schema), names, chosen, unread, name, None)


def _read_stata(
    path: Path,
    name: str,
    encoding: str | None,
    usecols: Callable[[list[str]], list[str] | None] | None = None,
) -> RawTable:
    """A Stata ``.dta`` file (any version pandas reads: Stata 7 to 18), through :mod:`trends._stata`: value
    labels as their labels, date formats as their periods, missing values as empty cells."""
    from trends._stata import read_dta

    _refuse_not_stata(path, name)
    try:
        with path.open("rb") as fh:  # a file object: the name may not be UTF-8
            frame, names, unread, used = read_dta(
                fh, name, lambda names: _chosen_columns(names, usecols), encoding
            )
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except TrendsDataError:
        raise
    except Exception as exc:  # pandas raises ValueError, struct.error, UnicodeDecodeError... (a damaged file)
        raise TrendsDataError(
            f"cannot be read as a Stata file: {exc}",
            file=name,
            row=1,
            expected="a .dta file saved by Stata (or pandas' to_stata), whole; or the table as CSV or Parquet",
        ) from None
    return _typed_table(table, names, list(frame.columns), unread, name, used)


def _refuse_not_stata(path: Path, name: str) -> None:
    """Refuse a file named ``.dta`` that does not start as one (Stata 13 and later: ``<stata_dta>``; before: the
    format number, 102 to 115, then the byte order 1 or 2), saying what it looks like."""
    with path.open("rb") as fh:
        head = fh.read(64)
    if head.startswith(b"<stata_dta>") or (len(head) > 1 and 102 <= head[0] <= 115 and head[1] in (1, 2)):
        return
    if not head:
        raise TrendsDataError("the file is empty", file=name, row=1, expected="a .dta file saved by Stata")
    text = b"\x00" not in head and (head.isascii() or _utf8_start(head))
    raise TrendsDataError(
        "not a Stata file: "
        + (
            f"it is text (it starts {head[:30].decode('utf-8', 'replace')!r}), a CSV named .dta?"
            if text
            else f"it starts with the bytes {head[:12]!r}, not a Stata header"
        ),
        file=name,
        row=1,
        expected="a .dta file saved by Stata (or pandas' to_stata); a CSV file named .csv",
    )


def _utf8_start(head: bytes) -> bool:
    """Whether bytes read from a file's start are UTF-8 text (the last character may be cut)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True


def _header_name(column: str) -> str:
    """A typed file's column name as the readers see a header cell: NFC, invisible characters removed."""
    return _clean_cell(unicodedata.normalize("NFC", column))


def _chosen_columns(
    names: list[str], usecols: Callable[[list[str]], list[str] | None] | None
) -> tuple[list[str], tuple[str, ...]]:
    """The columns of a typed file (Parquet, Feather, Stata) to read, as the file names them, and the headers of
    those left unread: ``usecols`` is given the cleaned headers (all columns are read when two are the same)."""
    header = [_header_name(c) for c in names]
    wanted = usecols(header) if usecols is not None and len(set(header)) == len(header) else None
    if not wanted:
        return list(names), ()
    return [names[header.index(c)] for c in wanted], tuple(c for c in header if c not in wanted)


def _typed_table(
    table: pa.Table,
    names: list[str],
    chosen: list[str],
    unread: tuple[str, ...],
    name: str,
    encoding: str | None,
) -> RawTable:
    """A typed file's columns ``chosen`` (an Arrow table: Parquet, Feather, or a Stata file through pandas) as
    the text cells of a :class:`RawTable`, rows numbered from 1 (no header row in the file)."""
    try:
        table, renamed, note = _convert_typed_fonts(table, chosen, name)
        frame, n_invisible, nontext, encoded = _text_columns(table, chosen, _cell_to_text)
    except (pa.ArrowException, UnicodeDecodeError) as exc:  # a damaged text column: bytes that are not UTF-8
        raise TrendsDataError(
            f"cannot be read: a text column holds bytes that are not UTF-8 text ({exc})",
            file=name,
            row=1,
            expected="a file whose text columns are UTF-8 (write it again from its source)",
        ) from None
    header = {c: _header_name(renamed.get(c, c)) for c in names}
    frame.columns = [header[c] for c in chosen]
    raw = _finish(
        frame,
        np.arange(1, len(frame) + 1),
        name,
        encoding,
        header=False,
        nontext={header[c]: k for c, k in nontext.items()},
        cleaned=n_invisible,
        unread=unread,
        encoded={header[c]: v for c, v in encoded.items()},
    )
    return replace(raw, converted=note) if note else raw


def _text_chunks(column: pa.ChunkedArray) -> list[pa.Array] | None:
    """The texts of a text column of an Arrow table, as arrays: its dictionaries when dictionary-encoded, else
    its chunks; None for a column of another type."""
    kind = column.type
    if pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
        return [chunk.dictionary for chunk in column.chunks]
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return list(column.chunks)
    return None


def _shows_font(texts: list[pa.Array]) -> bool:
    """Whether some text holds a character the old fonts show, searched in Arrow among the non-ASCII values only
    (a column of two million case numbers costs no Python object)."""
    wide = [t.filter(pc.invert(pc.string_is_ascii(t))) for t in texts]
    return any(len(w) and pc.any(pc.match_substring_regex(w, _legacy.SHOWN_BY.pattern)).as_py() for w in wide)


def _convert_typed_fonts(
    table: pa.Table, chosen: list[str], name: str
) -> tuple[pa.Table, dict[str, str], str]:
    """A typed file's text typed in an old font encoding (a Parquet, Feather or Stata file made from a TCVN3 or
    VNI workbook: "Ba §×nh"), converted as :func:`_convert_fonts` converts a sheet's, deciding on each column's
    distinct texts and on the column names as the header: returns the table with those columns converted, the
    new name of each column whose name was converted, and the note errors add (one warning names them all)."""
    chunks = {j: _text_chunks(table.column(c)) for j, c in enumerate(chosen)}
    if not _legacy.looks_legacy(chosen) and not any(t and _shows_font(t) for t in chunks.values()):
        return table, {}, ""
    # every text column's distinct texts, as a sheet's cells (a column of "Trém" shows no font alone, but is in
    # it under a header that does)
    texts = {
        j: sorted({v for t in c for v in pc.unique(t).to_pylist() if v is not None}) if c else None
        for j, c in chunks.items()
    }
    # a sheet of the header over each column's distinct texts, for the sheet's rules (as read, before cleaning)
    depth = max((len(v) for v in texts.values() if v), default=0)
    sheet = pd.DataFrame(
        {j: [c, *(texts[j] or []), *[""] * (depth - len(texts[j] or []))] for j, c in enumerate(chosen)}
    )
    sheet, _, legacy = _clean_cells(sheet, keep_legacy=True)
    columns, header_font = _convert_fonts(sheet, legacy, 0)
    for j in columns:
        known = texts[j] or []
        text = dict(zip(known, sheet.iloc[1 : len(known) + 1, j], strict=True))
        column = table.column(chosen[j])
        column = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
        table = table.set_column(
            j,
            chosen[j],
            pa.chunked_array(
                [
                    pa.DictionaryArray.from_arrays(
                        chunk.indices, pa.array([text.get(v, v) for v in chunk.dictionary.to_pylist()])
                    )
                    for chunk in column.chunks
                ]
            ),
        )
    renamed = {c: str(sheet.iat[0, j]) for j, c in enumerate(chosen)} if header_font else {}
    head = [renamed.get(c, c) for c in chosen]
    note = _warn_converted(name, head, columns, header_font) if columns or header_font else ""
    return table, renamed, note


def _pandas_periods(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Columns pandas wrote from ``Period`` values, as the timestamps their periods start at. The file stores
    period ordinals (648 = 2024-01 in months since 1970) under an extension name that pyarrow resolves only once
    pandas has registered it in the process; read from the stored ordinals, a file reads the same in any."""
    for column_field in schema:
        meta = column_field.metadata or {}
        if (
            column_field.name not in table.column_names
            or meta.get(b"ARROW:extension:name") != b"pandas.period"
        ):
            continue
        column = table.column(column_field.name)
        if isinstance(column.type, pa.ExtensionType):
            column = pa.chunked_array([c.storage for c in column.chunks], type=column.type.storage_type)
        freq = json.loads(meta.get(b"ARROW:extension:metadata", b"{}")).get("freq")
        ordinals = column.fill_null(np.iinfo(np.int64).min).to_numpy()  # the minimum is pandas' NaT
        starts = pd.PeriodIndex.from_ordinals(ordinals, freq=freq).to_timestamp()
        table = table.set_column(
            table.column_names.index(column_field.name), column_field.name, pa.array(starts)
        )
    return table


def _nested_kind(col: pd.Series) -> str | None:
    """'struct', 'list' or 'binary' when a Parquet column holds such cells (pandas shows them as objects)."""
    if col.dtype != object:
        return None
    sample = col.dropna()
    first = next(iter(sample), None)
    if isinstance(first, dict):
        return "struct (or map)"
    if isinstance(first, list | tuple | np.ndarray):
        return "list"
    if isinstance(first, bytes | bytearray):
        return "binary"
    return None


def _open_workbook(path: Path, name: str):
    """Open a workbook read-only (cached values, no macros) after checking its decompressed size, by its content
    whatever its name: an .xlsx or .xlsm with openpyxl (a Strict Open XML one converted in memory), an old .xls
    (an OLE2 file) with :func:`trends._xls.open_xls`, an OpenDocument spreadsheet (.ods, or a flat .fods) with
    :func:`trends._ods.open_ods`, an HTML table or an XML Spreadsheet 2003 (markup) with
    :func:`trends._webexport.open_webexport`."""
    import zipfile

    from openpyxl import load_workbook

    with path.open("rb") as fh:
        head = fh.read(4096)
    if head[:8] == OLE2_SIGNATURE:  # an old .xls, or an encrypted .xlsx (refused there), or a .doc
        return open_xls(path, name)
    zipped = zipfile.is_zipfile(path)
    if not zipped and sniff_fods(head):  # a flat OpenDocument file, before other XML
        _check_unpacked(path.stat().st_size, path.stat().st_size, name)
        return open_ods(path, name, flat=True)
    markup = sniff_webexport(head)
    if markup is not None and not zipped:  # a web application's "export to Excel"
        return open_webexport(path, name, markup)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist())
            size = path.stat().st_size
            beyond = [i.filename for i in archive.infolist() if i.header_offset + i.compress_size > size]
            if beyond:  # a damaged header: zipfile would set the bytes claimed aside before reading them
                raise zipfile.BadZipFile(f"part {beyond[0]!r} claims more bytes than the file holds")
            mimetype = archive.read("mimetype")[:80] if "mimetype" in archive.namelist() else b""
    except Exception as exc:  # zipfile raises many types for a damaged archive (EOFError, RuntimeError ...)
        if head.startswith(b"PK\x03\x04") and b"mimetypeapplication/vnd.oasis" in head[:200]:
            raise _ods_damaged(name, exc) from None  # the stored mimetype of an OpenDocument file cut short
        raise TrendsDataError(
            f"cannot be read as an Excel workbook: {exc}", file=name, row=1, expected="an .xlsx workbook"
        ) from None
    _check_unpacked(unpacked, packed, name)
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return open_ods(path, name)
    try:
        source, strict = _zip_source(path)
        book = load_workbook(source, read_only=True, data_only=True, keep_vba=False)
    except Exception as exc:  # openpyxl raises many types for a corrupt or foreign zip
        raise TrendsDataError(
            f"cannot be read as an Excel workbook: {type(exc).__name__}: {exc}".rstrip(": "),
            file=name,
            row=1,
            expected="an .xlsx workbook",
        ) from None
    if strict:
        warnings.warn(
            TrendsDataWarning(
                f'{name}: a Strict Open XML workbook (Excel\'s "Strict Open XML Spreadsheet" format): read '
                "with its namespaces converted to those of an ordinary .xlsx (Transitional Open XML)"
            ),
            stacklevel=user_stacklevel(),
        )
    # Built-in number formats 27-36 and 50-58 are dates and times in East Asian versions of Excel (and WPS);
    # openpyxl does not know them, and would hand their dates over as serial numbers.
    dates = getattr(book, "_date_formats", None)
    if isinstance(dates, set):
        dates.update(
            i
            for i, style in enumerate(getattr(book, "_cell_styles", []))
            if getattr(style, "numFmtId", 0) in _CJK_DATES
        )
    return book


def _check_unpacked(unpacked: int, packed: int, name: str) -> None:
    """Refuse a workbook unpacking to more than :data:`MAX_UNPACKED_BYTES`, or past 64 MiB to more than
    :data:`MAX_UNPACK_RATIO` times its size (a zip bomb)."""
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 64 * 2**20 and unpacked > MAX_UNPACK_RATIO * packed):
        raise TrendsDataError(
            f"the workbook unpacks to {unpacked / 2**20:,.0f} MiB from {packed / 2**20:,.1f} MiB, over the limit "
            f"of {MAX_UNPACKED_BYTES / 2**20:,.0f} MiB or {MAX_UNPACK_RATIO} times its size (a zip bomb, or "
            "far more than a statistics table)",
            file=name,
            row=1,
            expected="a workbook of tables (export large incident lists as CSV or Parquet)",
        )


_CJK_DATES = frozenset([*range(27, 37), *range(50, 59)])


# Strict Open XML (ECMA-376 Part 1, Strict conformance) names its parts' namespaces and relationship types under
# purl.oclc.org; Transitional (what openpyxl reads) under schemas.openxmlformats.org, the year inserted, and two
# property names hyphenated. The hyphenated ones first: the general rule would keep their Strict spelling.
_STRICT_NAMES = (
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    ),
)
# spreadsheetml/main, officeDocument/relationships (and every relationship type under it), drawingml/main, ...
_STRICT_NAMESPACE = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/(\w+)")
_STRICT_MARK = b"purl.oclc.org/ooxml/spreadsheetml/main"


def _zip_source(path: Path) -> tuple[Path | _io.BytesIO, bool]:
    """What openpyxl opens, and whether the workbook is Strict Open XML: the path, or the file's bytes when its
    name does not end in an Excel 2007 extension (openpyxl refuses such a name: an .xlsx workbook saved as
    ``report.xls``), or a Strict workbook rewritten in memory with Transitional namespaces."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        strict = any(
            _STRICT_MARK in archive.open(info).read(4096)
            for info in archive.infolist()
            if info.filename.lower().endswith("workbook.xml")
        )
        if strict:
            out = _io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
                for info in archive.infolist():
                    data = archive.read(info)
                    if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                        for old, new in _STRICT_NAMES:
                            data = data.replace(old, new)
                        data = _STRICT_NAMESPACE.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", data)
                    dst.writestr(info, data)
            out.seek(0)
            return out, True
    if file_suffix(path) in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        return path, False
    return _io.BytesIO(path.read_bytes()), False


def sheet_names(path: str | Path, *, visible: bool = True) -> list[str]:
    """The sheets of an Excel workbook, in order; only the visible ones unless ``visible=False``."""
    path = Path(path)
    name = display_name(path)
    _check_regular(path, name)
    book = _open_workbook(path, name)
    try:
        return [ws.title for ws in book.worksheets if not visible or ws.sheet_state == "visible"]
    finally:
        book.close()


# The name of a sheet that holds no data table: a workbook's cover, its table of contents, its instructions or
# notes ("Bìa", "Mục lục", "Hướng dẫn", "Ghi chú", "Cover", "Contents", "README"), or a comparison of its
# periods ("So sánh (%)", "Tăng giảm", "% change") (folded).
FRONT_SHEET = re.compile(
    r"^(?:trang )?bia\b|^muc luc|^huong dan|^gioi thieu|^ghi chu|^giai thich|^chu thich"
    r"|^(?:cover|front)(?: page| sheet)?$|^(?:table of )?contents$|^toc$|^readme$|^notes?$|^instructions?$"
    r"|^so sanh|^tang ?/? ?giam|%|^(?:percent(?:age)? )?change"
)


def is_front_sheet(title: str) -> bool:
    """Whether a sheet's name says it holds no data table: a cover, contents, instructions, notes or comparison
    page (:data:`FRONT_SHEET`)."""
    return bool(FRONT_SHEET.search(fold(title).strip()))


def _pick_sheet(book, sheet: str | int | None, name: str) -> str:
    titles = [ws.title for ws in book.worksheets]
    shown = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    if sheet is None:
        active = book.active
        # the active sheet may be a chart sheet (no cells): then the first visible worksheet
        chosen = active.title if active is not None and active.title in shown else None
        chosen = chosen or (shown[0] if shown else None)
        if chosen is None:
            raise TrendsDataError("the workbook has no visible sheet", file=name, row=1)
        front = ""
        if is_front_sheet(chosen):  # a workbook saved open on its cover or contents: its first table instead
            tables = [t for t in shown if not is_front_sheet(t)]
            if tables:
                front, chosen = chosen, tables[0]
        others = [t for t in titles if t != chosen]
        if others:
            hidden = [t for t in others if t not in shown]
            said = (
                f"sheet {chosen!r} (the first visible sheet of data: {front!r} is a cover, contents, notes or "
                "comparison page by its name)"
                if front
                else f"sheet {chosen!r} (the active visible sheet)"
            )
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: read {said}; not read: "
                    + ", ".join(repr(t) + (" (hidden)" if t in hidden else "") for t in others)
                    + '; pass sheet= (a name, a 0-based index, or "all" to stack sheets of the same columns)'
                ),
                stacklevel=user_stacklevel(),
            )
        return chosen
    if isinstance(sheet, str) and sheet not in titles:
        nfc = {
            unicodedata.normalize("NFC", t): t for t in titles
        }  # a name typed on a Mac is stored decomposed
        sheet = nfc.get(unicodedata.normalize("NFC", sheet), sheet)
    if isinstance(sheet, str) and sheet not in titles and sheet.isdigit():
        sheet = int(sheet)
    if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(titles):
        return titles[sheet]
    if isinstance(sheet, str) and sheet in titles:
        return sheet
    raise TrendsDataError(f"no sheet {sheet!r}", file=name, expected=f"one of the sheets {titles}")


def _read_excel(path: Path, name: str, sheet: str | int | None) -> RawTable:
    book = _open_workbook(path, name)
    native = not isinstance(book, XlsBook | WebBook | OdsBook)  # opened by openpyxl
    suffix = file_suffix(path)
    if isinstance(book, WebBook):
        if suffix not in book.suffixes:
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: {book.what} with an {path.suffix} file name, not an Excel workbook (as web "
                    'applications "export to Excel"): read as '
                    + (
                        "HTML, each cell as the text it shows"
                        if book.kind != "xml"
                        else "XML Spreadsheet 2003"
                    )
                ),
                stacklevel=user_stacklevel(),
            )
    elif isinstance(book, OdsBook):
        if suffix not in book.suffixes:
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: {book.what} with an {path.suffix} file name: read as {book.suffixes[0]}; rename it "
                    f"to {book.suffixes[0]}"
                ),
                stacklevel=user_stacklevel(),
            )
    elif isinstance(book, XlsBook) != (suffix == ".xls") or (
        native and suffix not in (".xlsx", ".xlsm", ".xls")
    ):
        kind, want = (
            ("an old Excel 97-2003 .xls", ".xls") if isinstance(book, XlsBook) else ("an .xlsx", ".xlsx")
        )
        warnings.warn(
            TrendsDataWarning(
                f"{name}: {kind} workbook with an {path.suffix} file name: read as {want}; rename it to {want}"
            ),
            stacklevel=user_stacklevel(),
        )
    try:
        sheet_name = _pick_sheet(book, sheet, name)
        where = f"{name} [sheet {sheet_name}]"
        ws = book[sheet_name]
        ws.reset_dimensions()  # the stated used range (XFD1048576 ...) is not trusted: read what is there
        rows: list[list[object]] = []
        width = 0
        last = 0
        cells_of = ws.iter_rows(values_only=True)
        for i, row in enumerate(_readable(cells_of, where, lambda: len(rows) + 1, ws)):
            if i >= MAX_SHEET_ROWS:
                raise TrendsDataError(
                    f"more than {MAX_SHEET_ROWS:,} rows in the sheet",
                    file=where,
                    row=i + 1,
                    expected="a table (export large incident lists as CSV or Parquet)",
                )
            cells = list(row)
            while cells and (cells[-1] is None or cells[-1] == ""):
                cells.pop()
            if len(cells) > MAX_SHEET_COLUMNS:
                raise TrendsDataError(
                    f"a value in column {len(cells):,} of the sheet, past the limit of {MAX_SHEET_COLUMNS:,} "
                    "columns",
                    file=where,
                    row=i + 1,
                    expected="a table of at most that many columns (a stray cell far to the right?)",
                )
            if cells:
                last = i + 1
                width = max(width, len(cells))
            rows.append(cells)
        del rows[last:]
        merged, hidden, hidden_columns, empty_results = _sheet_layout(book, ws)
    finally:
        book.close()
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], columns=range(width), dtype=object)
    text = pd.DataFrame(
        {c: _unescape_xml_chars(_cells_to_text(frame[c])) for c in frame.columns}, index=frame.index
    )
    if native:  # BIFF stores the result of every formula; markup gives a formula without value as its text
        _show_formulas_without_value(path, sheet_name, text, where, empty_results)
    # Row i of the frame is spreadsheet row i + 1 (empty rows are kept as empty lists).
    hidden_at = sorted({j for lo, hi in hidden_columns for j in range(lo, min(hi, width - 1) + 1)})
    raw = _finish(
        text, np.arange(1, len(frame) + 1), where, None, header=True, merged=merged, hidden_columns=hidden_at
    )
    shown = sorted(set(hidden) & set(raw.rows.tolist()))
    if shown:
        warnings.warn(
            TrendsDataWarning(
                f"{where}: read {len(shown)} hidden row(s) as data (row {shortlist([str(r) for r in shown], 20, ', ')}"
                + "); they count in every total: delete them from the sheet if they are not data"
            ),
            stacklevel=user_stacklevel(),
        )
    return raw


def _readable(rows, where: str, at: Callable[[], int], ws=None):
    """The rows of a read-only worksheet; a cell openpyxl cannot parse (a shared-string index past the table,
    "9,21" or "TRUE" where a number is due, broken XML) is an error naming the sheet, the row and the cell."""
    try:
        yield from rows
    except TrendsDataError:
        raise
    except Exception as exc:
        cell = _malformed_cell(ws) if ws is not None else None
        raise TrendsDataError(
            "cannot be read as an Excel workbook: a malformed cell"
            + (f" {cell[0]}{cell[1]} (found {cell[2][:40]!r})" if cell else " in or after this row")
            + f" ({type(exc).__name__}: {str(exc)[:200]})",
            file=where,
            row=cell[1] if cell else at(),
            column=cell[0] if cell else None,
            expected="an .xlsx workbook (open it in Excel and save it again)",
        ) from None


_CELL_VALUE = re.compile(
    rb'<(?:\w+:)?c\b([^>]*?)\br="([A-Z]{1,3})(\d+)"([^>]*)>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?v>([^<]*)</',
    re.S,
)


def _malformed_cell(ws) -> tuple[str, int, str] | None:
    """The first cell (letters, row, stored value) of a worksheet whose stored value does not fit its type;
    looked for only once reading has failed."""
    try:  # openpyxl's read-only internals: without them, the row reached is named instead
        strings = len(ws._shared_strings)
        with ws.parent._archive.open(ws._worksheet_path) as src:
            data = src.read()
    except Exception:
        return None
    for m in _CELL_VALUE.finditer(data):
        found = re.search(rb'\bt="(\w+)"', m[1] + m[4])
        kind = found[1] if found else b"n"
        value = m[5].decode("utf-8", "replace")
        try:
            if kind == b"n" and value.strip():
                float(value)
            elif kind == b"s" and not 0 <= int(value) < strings:
                raise IndexError
            elif kind == b"b":
                int(value)
        except (ValueError, IndexError):
            return m[2].decode(), int(m[3]), value
    return None


# Excel writes a control character of a text cell (the carriage return of a line break pasted from another
# program) as "_x000D_"; openpyxl leaves the escape in the text.
_XML_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape_xml_chars(col: pd.Series) -> pd.Series:
    has = col.str.contains("_x", regex=False).to_numpy(dtype=bool)
    if not has.any():
        return col
    out = col.copy()
    out[has] = [_XML_CHAR.sub(lambda m: chr(int(m[1], 16)), v) for v in col[has]]
    return out


_MERGE_TAG = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_R_ATTR = re.compile(rb'\br="(\d+)"')
_ROW_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"|\bht="0(?:\.0*)?"')
_HIDDEN_ROW_TAG = re.compile(
    rb'<(?:\w+:)?row\b(?=[^>]*(?:\bhidden="(?:1|true)"|\bht="0(?:\.0*)?"))[^>]*?\br="(\d+)"'
)
_ROW_UNNUMBERED = re.compile(rb'<(?:\w+:)?row\b(?![^>]*\br=")[^>]*>')
_LAST_ROW_TAG = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"(?![\s\S]*<(?:\w+:)?row\b)')
# A formula cell whose cached value is the empty text (=IF(..., "", ...)), as Excel saves it: a text result
# (t="str") with an empty <v/>. A formula never computed (a workbook written by a program) has no text type.
_EMPTY_RESULT = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*\bt="str")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
    rb"<(?:\w+:)?v\s*(?:/>|>\s*</(?:\w+:)?v>)"
)
# a column hidden, or of zero width (Excel shows neither; as a row of zero height is hidden)
_HIDDEN_COL_TAG = re.compile(
    rb'<(?:\w+:)?col\b(?=[^>]*(?:\bhidden="(?:1|true)"|\bwidth="0(?:\.0*)?"))(?=[^>]*\bmin="(\d+)")'
    rb'(?=[^>]*\bmax="(\d+)")[^>]*>'
)


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def _sheet_layout(
    book, ws
) -> tuple[list[tuple[int, int, int, int]], list[int], list[tuple[int, int]], set[tuple[int, int]]]:
    """The merged ranges (0-based first row, first column, last row, last column), the hidden rows (1-based:
    hidden, or of zero height), the hidden column ranges (0-based first and last: hidden, or of zero width) and the formula cells whose
    cached value is the empty text (0-based row and column) of a read-only worksheet, scanned from its XML
    (read-only openpyxl does not report them); an .xls sheet reports them itself."""
    if isinstance(ws, XlsSheet | WebSheet):
        return ws.layout()
    merged: set[tuple[int, int, int, int]] = set()
    hidden: set[int] = set()
    columns: set[tuple[int, int]] = set()
    empty: set[tuple[int, int]] = set()
    path = getattr(ws, "_worksheet_path", None)
    archive = getattr(book, "_archive", None)
    if path is None or archive is None:
        return [], [], [], set()
    tail = b""
    row = 0  # rows written without their number (r=) follow the previous one
    with archive.open(path) as src:
        while True:
            chunk = src.read(1 << 23)
            text = tail + chunk
            # scan up to the last tag's start: every tag is scanned once, whole
            cut = text.rfind(b"<") if chunk else len(text)
            cut = cut if cut > 0 else len(text)
            part, tail = text[:cut], text[cut:]
            for m in _MERGE_TAG.finditer(part):
                c0, r0, c1, r1 = _column_index(m[1]), int(m[2]) - 1, _column_index(m[3]), int(m[4]) - 1
                merged.add((r0, c0, r1, c1))
            if _ROW_UNNUMBERED.search(part) is None:  # every row states its number: no need to count them
                hidden.update(int(m[1]) for m in _HIDDEN_ROW_TAG.finditer(part))
                last = _LAST_ROW_TAG.search(part[-4096:])  # rows are written in order
                row = int(last[1]) if last else row
            else:
                for m in _ROW_TAG.finditer(part):
                    number = _ROW_R_ATTR.search(m[1])
                    row = int(number[1]) if number else row + 1
                    if _ROW_HIDDEN.search(m[1]):
                        hidden.add(row)
            columns.update((int(m[1]) - 1, int(m[2]) - 1) for m in _HIDDEN_COL_TAG.finditer(part))
            if (
                b"v/>" in part or b"v />" in part or b"v></" in part
            ):  # an empty <v/>: rare, so looked for first
                empty.update((int(m[2]) - 1, _column_index(m[1])) for m in _EMPTY_RESULT.finditer(part))
            if not chunk:
                break
    return sorted(merged), sorted(hidden), sorted(columns), empty


def _fill_merges(
    frame: pd.DataFrame, merged: list[tuple[int, int, int, int]], below: int
) -> tuple[pd.DataFrame, list[str]]:
    """Give every cell of a merged range of one column spanning rows (a district written once beside its
    offences) the merged cell's value, for ranges whose first row is below frame row ``below``."""
    out = frame.copy()
    spans: list[str] = []
    header = [str(v) for v in frame.iloc[below]] if 0 <= below < len(frame) else []
    personal = [j for j, h in enumerate(header) if h and is_personal_column(h)]
    for r0, c0, r1, c1 in merged:
        if c0 != c1 or r1 <= r0 or r0 <= below or r0 >= len(out) or c0 >= out.shape[1]:
            continue
        value = out.iat[r0, c0]
        stop = min(r1, len(out) - 1)
        if value == "" or _NUMBER_CELL.match(value) or (out.iloc[r0 + 1 : stop + 1, c0] != "").any():
            continue  # a number merged over rows (one count for several offences) is not each row's count
        if personal and _persons_of_one_record(out, merged, personal, r0, stop):
            continue  # one case's cells merged over the lines of its suspects: one record, not one per line
        out.iloc[r0 + 1 : stop + 1, c0] = value
        # a person's name merged over rows is spread like any text, but never quoted (it is personal data)
        spans.append(
            f"rows {r0 + 1}-{stop + 1} " + ("(a personal column)" if c0 in personal else repr(value))
        )
    return out, spans


def _persons_of_one_record(
    frame: pd.DataFrame, merged: list[tuple[int, int, int, int]], personal: list[int], r0: int, stop: int
) -> bool:
    """Whether frame rows ``r0 + 1`` .. ``stop``, under a merged cell starting on ``r0``, fill only personal
    columns outside the cells merged over them: a case-management system's record whose case cells (date,
    place, offence) are merged over one line per suspect or victim. Spread, every line became a record of its
    own, and the case was counted once per person."""
    below = frame.iloc[r0 + 1 : stop + 1]
    covered = {c for q0, c, q1, c1 in merged if c == c1 and q0 <= r0 and q1 >= stop}
    others = [j for j in range(frame.shape[1]) if j not in personal and j not in covered]
    return bool((below.iloc[:, personal] != "").to_numpy().any()) and not (
        (below.iloc[:, others] != "").to_numpy().any() if others else False
    )


def _show_formulas_without_value(
    path: Path, sheet: str, text: pd.DataFrame, where: str, empty_results: set[tuple[int, int]]
) -> None:
    """Put the formula text where a formula cell has no cached value, so it is reported as a formula.

    Workbooks written by programs (not saved by Excel) hold formulas without a computed value; reading only the
    cached values would turn them into silently empty cells. A formula whose cached value is the empty text
    (``empty_results``: =IF(..., "", ...), saved by Excel as ``<v/>``) is an empty cell. Nothing is ever evaluated.
    """
    if not (text == "").any().any():
        return
    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula

    source, _ = _zip_source(path)
    book = load_workbook(source, read_only=True, data_only=False, keep_vba=False)
    try:
        ws = book[sheet]
        ws.reset_dimensions()
        done = [0]
        for i, row in enumerate(_readable(ws.iter_rows(values_only=True), where, lambda: done[0] + 1, ws)):
            if i >= len(text):
                break
            done[0] = i + 1
            for j, value in enumerate(row[: text.shape[1]]):
                if isinstance(value, ArrayFormula):  # {=...} over a range: its text is the formula
                    value = value.text
                if (
                    isinstance(value, str)
                    and value.startswith("=")
                    and text.iat[i, j] == ""
                    and (i, j) not in empty_results
                ):
                    text.iat[i, j] = value
    finally:
        book.close()


def _cells_to_text(col: pd.Series) -> pd.Series:
    """Each cell as text, converted once per distinct value."""
    try:
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
    except TypeError:  # unhashable cells (Parquet structs and lists)
        return col.map(_cell_to_text).astype(object)
    texts = np.array([*(_cell_to_text(u) for u in uniques), ""], dtype=object)
    return pd.Series(texts[codes], index=col.index, dtype=object)


def _cell_to_text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, dt.time):  # an h:mm cell, or a date-formatted 0 (openpyxl reads it as 00:00)
        return v.isoformat(timespec="minutes" if not v.second else "seconds")
    if isinstance(v, dt.timedelta | pd.Timedelta):
        return str(pd.Timedelta(v))
    if isinstance(v, bytes | bytearray | dict | list | tuple | np.ndarray):
        return repr(v)  # a Parquet binary, struct or list cell: refused as a label by the readers
    if isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "isoformat"):
        stamp = pd.Timestamp(v)
        # A time-zone-aware timestamp (Parquet from a database, often in UTC) is that instant in Hanoi's time;
        # at midnight, a day or a period's start stored as a timestamp: that day (as _cells._hanoi_time).
        if stamp.tzinfo is not None:
            local = stamp.tz_localize(None)
            stamp = local if local == local.normalize() else stamp.tz_convert(HANOI_OFFSET).tz_localize(None)
        return stamp.isoformat()
    if isinstance(v, float) and np.isfinite(v):
        # the 15 significant digits a spreadsheet keeps and shows: beyond them is a formula's binary rounding
        # (=0.1*3*30 stores 9.000000000000002, shown as 9)
        v = float(f"{v:.15g}")
        if v.is_integer():
            return str(int(v))
    if isinstance(v, Decimal) and v.is_finite():  # a typed decimal (NUMERIC(12,3)) states no separator
        return str(int(v)) if v == v.to_integral_value() else format(v.normalize(), "f")
    return str(v)


# Invisible characters that police exports carry into cells: zero-width spaces and joiners, BOMs in the middle of
# a file (two exports pasted together), soft hyphens, direction marks: every Unicode "format" (Cf) character.
_INVISIBLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf") + "]"
)
# A row at the bottom of a sheet whose first cell says "Tổng cộng" / "Total" and that leaves a cell empty is the
# sheet's sum, not data. "Tổng" or "Cộng" count alone or before a colon or a number: "Cống Vị" is a place.
# A row comparing a table with another period, below it: "Tăng/giảm (%)", "So sánh cùng kỳ", "Tỷ lệ tăng", "+/-"
_COMPARED_RE = re.compile(
    r"^(?:tang\s*[/,-]?\s*giam|so sanh|so voi cung ky|ty le|\+\s*/\s*-|%\s*(?:tang|giam))"
)
# A column comparing a month with another period ("Cùng kỳ", "So sánh", "Năm trước"), never data of the contract
_COMPARISON = re.compile(r"cung (?:thoi )?ky|nam truoc|so sanh|same period|previous year|last year")


def _comparison_header(header: str) -> bool:
    """A header of a comparison or change column ("Cùng kỳ", "Tăng/giảm (%)", "%"): a police form repeats it
    after each month, so it may be duplicated; it is never a column of the data contract."""
    key = fold(header).strip(" ()[]")
    return bool(_COMPARED_RE.match(key) or _COMPARISON.search(key) or key == "%")


_TOTAL_RE = re.compile(
    r"^(?:tong cong|tong so|total|grand total|sub ?-?total|sum|tong cuoi)(?=$|[\s:.(\d-])|^(?:tong|cong)(?=$|\s*[:(.\d])"
    # "All crime", "All offences" (a force's total of its offence categories)
    r"|^all (?:crimes?|offen[cs]es?|recorded crimes?|categories)$"
    # "Tổng các loại tội phạm", "Tổng các tội" (the total of all kinds)
    r"|^tong cac\b"
    # the whole unit: "Toàn thành phố", "Toàn TP", "Cả thành phố", "Toàn quốc", and the whole district, ward or
    # reporting unit of a district's own form ("Toàn quận", "Toàn huyện", "Cả quận", "Toàn đơn vị")
    r"|^(?:toan|ca) (?:thanh pho|tp|tinh|quoc|nganh|quan|huyen|thi xa|phuong|xa|don vi|dia ban)$|^toan quoc$"
)


# The first cell of a note, a signature block or a page line below a table ("Ghi chú: ...", "Người lập biểu",
# "TRƯỞNG PHÒNG", "Hà Nội, ngày 05 tháng 02 năm 2024", "Trang 1/2", "(*) số liệu tạm tính").
# The motto heading every Vietnamese official document ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự
# do - Hạnh phúc"), folded; its rows may fill as many cells as a two-column table.
_LETTERHEAD = re.compile(r"cong hoa xa hoi chu nghia|doc lap\W+tu do\W+hanh phuc")
_NOTE_RE = re.compile(
    r"^[\W_]*(?:ghi chu|chu thich|chu y|luu y|nguon|note|source|nguoi lap|lap bieu|nguoi ky|ky ten|ky,|"
    r"truong phong|pho truong phong|truong cong an|thu truong|giam doc|chi huy|noi nhan|xac nhan|"
    r"trang \d|page \d|[^,\d]{2,30}, ngay\b|ngay \d{1,2} thang|"
    # the filters a BI tool states under its export (Power BI's "Applied filters:", "Bộ lọc đã áp dụng:")
    r"applied filters?|filters? applied|bo loc da ap dung)|^\(?\*"
)
# The words that open a note anywhere in a table, even between its rows ("Ghi chú:", "Lưu ý:", "(*) ...")
_NOTE_INSIDE = re.compile(r"^[\W_]*(?:ghi chu|chu thich|chu y|luu y)\b|^\(?\*")
_NUMBER_CELL = re.compile(r"^[-+(]?\d[\d.,\s\u00a0]*\)?$")
_DATE_CELL = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")


def _two_row_header_echoes(body: pd.DataFrame, pair: list[list[str]]) -> np.ndarray:
    """The rows of ``body`` that repeat a two-row header ``pair`` (a page break in a printed export): two rows
    in a row, each of two or more cells, every filled cell one of the header's words in its column (in capitals
    or not; a merged cell may repeat the row above's)."""
    out = np.zeros(len(body), dtype=bool)
    if not pair or len(body) < 2:
        return out
    match = np.ones(len(body), dtype=bool)
    for j in range(body.shape[1]):
        words = {r[j].casefold() for r in pair if r[j] != ""}
        codes, uniques = pd.factorize(body.iloc[:, j])
        match &= np.array([u == "" or str(u).casefold() in words for u in uniques], dtype=bool)[codes]
    match &= (body != "").sum(axis=1).to_numpy() >= 2
    both = match[:-1] & match[1:]
    out[:-1] |= both
    out[1:] |= both
    return out


def _refuse_second_header(
    frame: pd.DataFrame, columns: list[str], rows: np.ndarray, name: str, first: np.ndarray
) -> None:
    """Refuse a table stacked under the first with other columns ("Quận/Huyện | Tội danh | Số đối tượng" under
    "Quận/Huyện | Tội danh | Số vụ": the suspects arrested below the crimes). Its header repeats the table's in
    its first cell and at least one other, and writes another name (no number) over a column: its rows would
    be read as the first table's, the other measure as the count. ``first``: the rows whose first cell is the
    header's first (the only ones looked at)."""
    for i in np.flatnonzero(first):
        cells = [str(v) for v in frame.iloc[int(i)]]
        same = [c for c, v in zip(columns, cells, strict=True) if v and v.casefold() == c.casefold()]
        other = [(c, v) for c, v in zip(columns, cells, strict=True) if v and v.casefold() != c.casefold()]
        if len(same) >= 2 and other and not any(_NUMBER_CELL.match(v) for _, v in other):
            column, value = other[0]
            raise TrendsDataError(
                f"the header of a second table under the first ({' | '.join(v for v in cells if v)}): it "
                f"repeats the header's {same} but heads this column {value!r}, so its rows are not of the "
                "first table's columns",
                file=name,
                row=int(rows[i]),
                column=column,
                value=value,
                expected="one table per sheet: move the second table to its own sheet or file (or delete it)",
            )


def _note_rows(
    body: pd.DataFrame, head: list[str], echoes: np.ndarray | None = None
) -> tuple[np.ndarray, list[tuple[int, list[int]]]]:
    """Rows of ``body`` (the rows below the header) that are not the table's: notes and a signature block
    below the table, and page lines ("Trang 1/2", a letterhead) above a header repeated at a page break.

    Such a row fills fewer cells than three quarters of the header's columns (as a title row does) and holds no
    number; at the bottom, the block must start after a blank line or with a note's first words ("Ghi chú",
    "Người lập biểu" ...); in the middle, it must lie just above a repeated header. A short data row (a
    truncated last line) is neither, and stays to be reported. Also returns, for each repeated header, its
    position and the rows of the block above it (the title of a table stacked under another). ``echoes``: rows
    repeating a two-row header (:func:`_two_row_header_echoes`).
    """
    cells = body.to_numpy(dtype=object)
    n = len(cells)
    out = np.zeros(n, dtype=bool)
    if n == 0:
        return out, []
    filled = (cells != "").sum(axis=1)
    named = sum(1 for h in head if h != "")
    need = max(2, int(np.ceil(0.75 * named)))
    # only the few short rows are looked at cell by cell (a million-row file has none or a handful)
    candidate = np.zeros(n, dtype=bool)
    for i in np.flatnonzero((filled > 0) & (filled < need)):
        candidate[i] = not any(_NUMBER_CELL.match(str(v)) for v in cells[i] if v != "")
    # a header repeated at a page break, in capitals or not ("QUẬN/HUYỆN" under "Quận/Huyện")
    repeated = np.zeros(n, dtype=bool)
    if cells.shape[1] == len(head):
        key = [h.casefold() for h in head]
        codes, uniques = pd.factorize(cells[:, 0])
        first = np.array([str(u).casefold() == key[0] for u in uniques], dtype=bool)[codes]
        for i in np.flatnonzero(first):
            repeated[i] = [str(v).casefold() for v in cells[i]] == key

    if echoes is not None:
        repeated |= echoes & ~np.r_[False, echoes[:-1]]  # the first row of each repeated pair

    def signature(i: int) -> bool:
        """A row of a signature block as wide as the table ("Nơi nhận:" | "NGƯỜI LẬP BIỂU" | "THỦ TRƯỞNG ĐƠN
        VỊ", "- Như trên;" | "(Ký, ghi rõ họ tên)"): no number or date, and a cell opening with a note's words."""
        texts = [str(v) for v in cells[i] if v != ""]
        return not any(_NUMBER_CELL.match(v) or _DATE_CELL.match(v) for v in texts) and any(
            _NOTE_RE.match(fold(v)) for v in texts
        )

    def block_above(end: int, wide: bool = False) -> list[int]:
        """The non-blank candidate rows directly above ``end`` (blank lines between them allowed); ``wide``:
        signature rows filling the table's width too (looked at only in this block, row by row)."""
        found: list[int] = []
        i = end - 1
        while i >= 0 and (filled[i] == 0 or candidate[i] or (wide and signature(i))):
            if filled[i]:
                found.append(i)
            i -= 1
        return found[::-1]

    bottom = block_above(n, wide=True)
    for k, j in enumerate(bottom):
        after_blank = j > 0 and filled[j - 1] == 0
        if after_blank or _NOTE_RE.match(fold(next(str(v) for v in cells[j] if v != ""))):
            out[bottom[k:]] = True
            break
    # a note inside the table ("Ghi chú: số liệu tháng 02 là tạm tính" merged across a row between the data rows):
    # a short row without a number whose text opens with a note's own word, never a district, offence or date
    for i in np.flatnonzero(candidate & ~out):
        out[i] = bool(_NOTE_INSIDE.match(fold(next(str(v) for v in cells[i] if v != ""))))
    sections = []
    for end in np.flatnonzero(repeated):
        above = block_above(int(end))
        out[above] = True
        sections.append((int(end), above))
    return out, sections


_ROW_NUMBER = re.compile(r"\d{1,5}")


def _numbered_empty_rows(body: pd.DataFrame) -> np.ndarray:
    """The rows at the bottom of a numbered form left empty but for their number (a register printed with rows
    1 .. 50, three filled): each holds one whole number, all in one column, running on by one from the row
    above (the last data row's number, or the previous such row); at least two of them, or one continuing the
    last data row's number. Blank rows between them are left to the blank-line check."""
    out = np.zeros(len(body), dtype=bool)
    if body.empty:
        return out
    filled = (body != "").to_numpy()
    count = filled.sum(axis=1)
    found: list[int] = []
    column = -1
    i = len(body) - 1
    while i >= 0 and count[i] <= 1:
        if count[i] == 1:
            j = int(np.flatnonzero(filled[i])[0])
            if not _ROW_NUMBER.fullmatch(str(body.iat[i, j])) or (found and j != column):
                return out
            column = j
            found.append(i)
        i -= 1
    if not found:
        return out
    found.reverse()
    numbers = [int(body.iat[k, column]) for k in found]
    if any(b != a + 1 for a, b in itertools.pairwise(numbers)):
        return out
    above = str(body.iat[i, column]) if i >= 0 else ""
    continues = bool(_ROW_NUMBER.fullmatch(above)) and int(above) + 1 == numbers[0]
    if len(found) >= 2 or continues:
        out[found] = True
    return out


# A cell of a form's column-number row: "(1)", "1", "A", "(B)"; a computed column's may state its formula
# ("(4)=(2)+(3)", "5 = 3 + 4").
_COLUMN_NUMBER = re.compile(r"\(?(?P<k>\d{1,2}|[A-Za-z])\)?(?:\s*=\s*[()\d\s+\-x*/:]+)?")


def _column_number_row(cells: list[str], below: list[str]) -> bool:
    """Whether ``cells``, the row under the header, numbers the form's columns ("A | B | 1 | 2 | 3" or
    "(1) | (2) | (3)"): at least two filled cells and three quarters of the columns, every one a letter or a
    number, the letters running on from A and the numbers from 1, each by one, letters before numbers. Bare
    numbers ("1 | 2 | 3") only above a row that is not all numbers: a table of months 1, 2, .. could start so."""
    filled = [v for v in cells if v != ""]
    if all(v.isdigit() for v in filled) and all(v.isdigit() or v == "" for v in below):
        return False
    if len(filled) < max(2, int(np.ceil(0.75 * len(cells)))):
        return False
    keys = []
    for v in filled:
        m = _COLUMN_NUMBER.fullmatch(v)
        if m is None:
            return False
        keys.append(m["k"].upper())
    letters = [k for k in keys if not k.isdigit()]
    numbers = [int(k) for k in keys if k.isdigit()]
    return (
        keys == [*letters, *map(str, numbers)]
        and letters == [chr(ord("A") + i) for i in range(len(letters))]
        and numbers == list(range(1, len(numbers) + 1))
    )


def _translated_header(head: list[str], cells: list[str]) -> bool:
    """Whether ``cells``, the row under a Vietnamese header, translate it ("Quận/Huyện | Kỳ | Tội danh | Số vụ"
    over "District | Period | Offence | Cases", as bilingual statistical tables print it): a cell under every
    header cell and none elsewhere, each a word of unaccented letters with no digit, other than its header, and
    a header in Vietnamese letters. No data row is so: each table of the contract has a number or a date.
    And it must read as a header: no cell an identifier (``ba_dinh``: a districts table's ids), and at least one
    a column name a reader knows ("District", "Population", "Cases"); a data row of names written without
    diacritics ("Ba Dinh | Trom cap") is no translation."""
    from trends._cells import _known_header

    named = [j for j, h in enumerate(head) if h != ""]
    return (
        len(named) >= 2
        and any(not head[j].isascii() for j in named)
        and [j for j, v in enumerate(cells) if v != ""] == named
        and all(
            cells[j].isascii()
            and re.search(r"[A-Za-z]{2}", cells[j]) is not None
            and not any(ch.isdigit() or ch == "_" for ch in cells[j])
            and cells[j].casefold() != head[j].casefold()
            for j in named
        )
        and any(_known_header(cells[j]) for j in named)
    )


def _sub_header(head: list[str], below: list[str]) -> bool:
    """Whether ``below``, the row under the header ``head``, is a second header row naming the columns of a
    block of it: a header cell followed by empty ones (a merged "So sánh" over "+/-" | "%"). It holds no number,
    fills only cells of such blocks, at least one of them under an empty header cell (a data row fills the
    table's named columns: its district, its offence)."""
    block = [False] * len(head)
    for j, h in enumerate(head):
        if h == "" and j > 0 and (head[j - 1] != "" or block[j - 1]):
            block[j] = block[j - 1] = True
    filled = [j for j, v in enumerate(below) if v != ""]
    return bool(
        filled
        and all(block[j] for j in filled)
        and any(head[j] == "" for j in filled)
        and not any(_NUMBER_CELL.match(below[j]) for j in filled)
    )


# Excel's text mark kept by an export: "'12", "'05/03/2024", "'001" (an apostrophe before a number)
_TEXT_MARK = re.compile(r"^'(?=[-+]?\d)")
# Full-width digits and their punctuation ("１２", "０５／０３／２０２４": an East Asian input method's), as ASCII
_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + d): str(d) for d in range(10)} | {"．": ".", "，": ",", "／": "/", "－": "-"}
)
_FULL_WIDTH_CELL = re.compile(r"[\uff10-\uff19]")
# A number followed by its unit: "12 vụ", "12 vụ việc", "221.893 người", "3 mô hình" (the units the contract
# counts: cases, residents, models). Read only when every filled cell of the column states the same unit.
_UNIT_CELL = re.compile(r"^(?P<n>[-+]?\d[\d.,\u00a0 ]*?)\s*(?P<u>vụ việc|vụ án|vụ|người|mô hình)\.?$", re.I)


def _unmark_numbers(
    frame: pd.DataFrame, codes_of: dict[str, tuple[np.ndarray, np.ndarray]], name: str
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Numbers as a clerk's export writes them in text cells, read as the numbers, with a warning: Excel's text
    mark ("'12", kept by a CSV export), and a unit after each number of a column ("12 vụ" | "7 vụ"; the unit
    must be the same in every filled cell: "12 vụ" beside "7" or "3 đối tượng" is left to be refused)."""
    marked = 0
    full_width = 0
    units: list[str] = []
    for col in frame.columns:
        if col in codes_of:
            codes, uniques = codes_of[col]
        else:
            codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
        values = [str(u) for u in uniques]
        wide = [v.translate(_FULL_WIDTH) if _FULL_WIDTH_CELL.search(v) else v for v in values]
        new = [_TEXT_MARK.sub("", v) for v in wide]
        changed = np.array([a != b for a, b in zip(wide, new, strict=True)], dtype=bool)
        if changed.any():
            marked += int(np.bincount(codes, minlength=len(values))[changed].sum())
        widened = np.array([a != b for a, b in zip(values, wide, strict=True)], dtype=bool)
        if widened.any():
            full_width += int(np.bincount(codes, minlength=len(values))[widened].sum())
            changed |= widened
        found = [_UNIT_CELL.match(v) for v in new]
        filled = [m for m, v in zip(found, new, strict=True) if v != ""]
        unit = {m["u"].lower() for m in filled if m is not None}
        if filled and all(filled) and len(unit) == 1:
            new = [v if m is None else m["n"].strip() for m, v in zip(found, new, strict=True)]
            units.append(f"{col!r} ({unit.pop()!r})")
        elif not changed.any():
            continue
        if col in codes_of:
            codes_of[col] = (codes, np.array(new, dtype=object))
        frame[col] = np.array(new, dtype=object)[codes]
    if marked:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: removed Excel's text mark (a leading apostrophe, as in '12) from {marked} cell(s)"
            ),
            stacklevel=user_stacklevel(),
        )
    if full_width:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: read the full-width digits (as in '１２') of {full_width} cell(s) as the digits 0-9"
            ),
            stacklevel=user_stacklevel(),
        )
    if units:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: read the numbers of column(s) {', '.join(units)} without the unit written after "
                "each of them"
            ),
            stacklevel=user_stacklevel(),
        )
    return frame, codes_of


def _refuse_side_by_side(head: list[str], name: str, header_row: int) -> None:
    """Two tables side by side on one sheet (a block of columns, an empty column, and a block repeating the
    first's headers: two months or two groups of districts laid next to each other for printing) are refused,
    naming both blocks: which title or period belongs to which block is not written in the cells, and stacking
    them would need it."""
    gaps = [j for j, h in enumerate(head) if h == ""]
    for gap in gaps:
        left = [h for h in head[:gap] if h != ""]
        right = [h for h in head[gap + 1 :] if h != ""]
        shared = [h for h in right if h in left]
        if len(shared) >= 2 and len(shared) * 2 >= len(right):
            first = next(j for j, h in enumerate(head) if h != "")
            last = max(j for j, h in enumerate(head) if h != "")
            raise TrendsDataError(
                f"two tables side by side (duplicated column names): columns {column_letters(first)}-{column_letters(gap - 1)} and "
                f"{column_letters(gap + 1)}-{column_letters(last)}, separated by the empty column "
                f"{column_letters(gap)}, repeat the headers {shared}",
                file=name,
                row=max(header_row, 1),
                column=shared[0],
                expected="one table per sheet: move the second table under the first (with its own title "
                "row stating its period or district) or to a sheet of its own",
            )


def _clean_cell(value: str) -> str:
    if not value.isascii():
        value = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    return " ".join(value.split())  # every run of whitespace (non-breaking, tabs, line breaks) -> one space


def _clean_cells(
    frame: pd.DataFrame, keep_legacy: bool = False
) -> tuple[pd.DataFrame, int, dict[int, tuple[np.ndarray, list[str]]]]:
    """NFC, invisible characters removed, runs of spaces (non-breaking, tabs, line breaks) as one space, stripped;
    returns the number of cells that held invisible characters. Works on each column's distinct values.

    With ``keep_legacy``, also returns {position: (codes, distinct values as they were)} of the columns whose
    text looks typed in an old font encoding, for :func:`_convert_fonts` (TCVN3's "ư" is a soft hyphen, which
    cleaning removes)."""
    n_invisible = 0
    legacy: dict[int, tuple[np.ndarray, list[str]]] = {}
    for j, col in enumerate(frame.columns):
        codes, uniques = pd.factorize(frame[col].fillna("").astype(str), use_na_sentinel=False)
        values = [str(u) for u in uniques]
        font = keep_legacy and _legacy.looks_legacy(values)
        if font:
            legacy[j] = (codes, values)
        # in a column typed in TCVN3 the soft hyphen is the letter "ư", converted from the values as read
        shown = [u.replace("\u00ad", "") for u in values] if font else values
        hidden = np.array([not u.isascii() and bool(_INVISIBLE.search(u)) for u in shown], dtype=bool)
        if hidden.any():
            n_invisible += int(np.bincount(codes, minlength=len(values))[hidden].sum())
        frame[col] = np.array([_clean_cell(u) for u in values], dtype=object)[codes]
    return frame, n_invisible, legacy


def _convert_fonts(
    frame: pd.DataFrame, legacy: dict[int, tuple[np.ndarray, list[str]]], at: int
) -> tuple[dict[int, str], str | None]:
    """Convert, in place, the text typed in an old Vietnamese font encoding (TCVN3, VNI) to Unicode, deciding
    (:func:`trends._legacy.decide`) for each column on its cells below the header (row ``at``), and for the
    header and each title row above it as a unit; ``legacy``: :func:`_clean_cells`'s columns that look so.

    A header that shows nothing alone ("Sè vô" over numbers) is converted with the columns when they are all in
    one encoding and no header cell is Unicode Vietnamese (a Unicode template filled with font text keeps its
    header). Under a header in the font, a column whose text shows nothing alone (offences all "Trém") is in the
    font too: converted when it reads as it. Returns {position: encoding} of the columns converted and the
    header's encoding (or None).
    """
    columns: dict[int, str] = {}
    undecided: list[int] = []
    for j, (codes, values) in legacy.items():
        encoding = _legacy.decide([values[k] for k in np.unique(codes[at + 1 :])]).encoding
        if encoding is None:
            undecided.append(j)
        else:
            _convert_column(frame, j, codes, values, at, encoding)
            columns[j] = encoding
    if len(set(columns.values())) == 1:
        # A column that only looks so alone ("Ba Ñình", "Ñoáng Ña": VNI's "Đ", but no vowel with a VNI mark)
        # beside a column that is in the font is in it too, when it reads as it
        known = next(iter(columns.values()))
        for j in undecided:
            codes, values = legacy[j]
            texts = [values[k] for k in np.unique(codes[at + 1 :]) if not values[k].isascii()]
            if texts and all(_legacy.through_codepage(v) and _legacy.fits(v, known) for v in texts):
                _convert_column(frame, j, codes, values, at, known)
                columns[j] = known
    top = [
        [legacy[j][1][k] for k in legacy[j][0][: at + 1]] if j in legacy else list(frame.iloc[: at + 1, j])
        for j in range(frame.shape[1])
    ]
    # Each row above the body is a unit of its own (a letterhead pasted from a Unicode template over a header
    # typed in the font); a header row (or the upper row of a two-row header) that shows nothing alone ("Sè vô")
    # takes the one encoding the others show. A title never does: Unicode "Tình hình" reads as TCVN3 too.
    rows = [[column[i] for column in top] for i in range(at + 1)]
    verdicts = [_legacy.decide(row) for row in rows]
    shown = {v.encoding for v in verdicts if v.encoding} | set(columns.values())
    encoding = None  # the header's
    for i, (row, verdict) in enumerate(zip(rows, verdicts, strict=True)):
        found = verdict.encoding
        if found is None and i >= at - 1 and len(shown) == 1 and verdict.problem != "mixed":
            # "QuËn/HuyÖn" looks VNI alone; beside TCVN3 it is TCVN3
            other = next(iter(shown))
            texts = [v for v in row if not v.isascii()]
            found = (
                other
                if texts and all(_legacy.through_codepage(v) and _legacy.fits(v, other) for v in texts)
                else None
            )
        if found is not None:
            frame.iloc[i] = [
                _clean_cell(_legacy.convert(v, found)) if _legacy.through_codepage(v) else frame.iat[i, j]
                for j, v in enumerate(row)
            ]
            if i == at:
                encoding = found
    if encoding is not None:
        if set(columns.values()) <= {encoding}:
            columns.update(
                _convert_quiet_columns(
                    frame, [j for j in range(frame.shape[1]) if j not in legacy], at, encoding
                )
            )
    return columns, encoding


def _convert_column(
    frame: pd.DataFrame, j: int, codes: np.ndarray, values: list[str], at: int, encoding: str
) -> None:
    """Convert, in place, column ``j``'s cells below the header (row ``at``) from their values as read."""
    text = np.array([_clean_cell(_legacy.convert(v, encoding)) for v in values], dtype=object)
    frame.iloc[at + 1 :, j] = text[codes[at + 1 :]]


def _convert_quiet_columns(
    frame: pd.DataFrame, candidates: list[int], at: int, encoding: str
) -> dict[int, str]:
    """Convert, in place, the columns among ``candidates`` whose cells below the header (row ``at``) hold text
    that shows no font alone but reads as ``encoding`` (under a header typed in it); returns those converted."""
    done: dict[int, str] = {}
    for j in candidates:
        codes, uniques = pd.factorize(frame.iloc[at + 1 :, j], use_na_sentinel=False)
        values = [str(u) for u in uniques]
        texts = [v for v in values if not v.isascii()]
        if texts and all(_legacy.through_codepage(v) and _legacy.fits(v, encoding) for v in texts):
            frame.iloc[at + 1 :, j] = np.array([_legacy.convert(v, encoding) for v in values], dtype=object)[
                codes
            ]
            done[j] = encoding
    return done


def _warn_converted(name: str, head: list[str], columns: dict[int, str], header: str | None) -> str:
    """One warning naming what was converted from an old font encoding; returns the note errors add."""
    parts = []
    for encoding in sorted({*columns.values(), *([header] if header else [])}):
        named = [repr(head[j]) for j, e in columns.items() if e == encoding and j < len(head) and head[j]]
        what = (["column(s) " + ", ".join(named)] if named else []) + (
            ["the header"] if header == encoding else []
        )
        parts.append(f"{' and '.join(what)} from {_legacy.ENCODINGS[encoding]}")
    note = "; ".join(parts)
    warnings.warn(
        TrendsDataWarning(
            f"{name}: the text is typed in an old Vietnamese font encoding, not Unicode: converted {note} to "
            "Unicode (check the names read; save the file in Unicode to silence this)"
        ),
        stacklevel=user_stacklevel(),
    )
    found = _CONVERSIONS.get()
    text = f"the text of {note} was converted to Unicode"
    if found is not None:
        found[name] = text
    return text


# {file: what was converted} of the files read inside noting_conversions()
_CONVERSIONS: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "conversions", default=None
)


@contextmanager
def noting_conversions() -> Iterator[None]:
    """Inside, an error about a file whose text was converted from an old font encoding says so (a name that
    still fails may show why: the file's font text read another way)."""
    if _CONVERSIONS.get() is not None:  # an outer reader notes them
        yield
        return
    token = _CONVERSIONS.set({})
    try:
        yield
    except TrendsDataError as exc:
        notes = _CONVERSIONS.get() or {}
        if not any(p.file in notes for p in exc.problems):
            raise
        raise TrendsDataError(
            [
                replace(p, message=f"{p.message} ({notes[p.file]})") if p.file in notes else p
                for p in exc.problems
            ]
        ) from None
    finally:
        _CONVERSIONS.reset(token)


def _finish(
    frame: pd.DataFrame,
    rows: np.ndarray,
    name: str,
    encoding: str | None,
    *,
    header: bool,
    nontext: dict[str, str] | None = None,
    cleaned: int | None = None,
    unread: tuple[str, ...] = (),
    encoded: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
    merged: list[tuple[int, int, int, int]] | None = None,
    hidden_columns: list[int] | None = None,
) -> RawTable:
    """Clean the cells, find the header (``header=True``: among the first rows), drop blank, repeated-header and
    bottom total rows with a warning each; every other row is kept. ``merged``: the sheet's merged ranges; a
    range of one column over several rows below the header gives its value to each of its cells;
    ``hidden_columns``: the sheet's hidden columns (0-based), read like the others and named in a warning."""
    number_cells: list[str] | None = None  # the form's column-number row under the header, if any
    note = ""  # what was converted from an old font encoding
    repeated_numbers = 0
    if header:
        frame, n_invisible, legacy = _clean_cells(frame.reset_index(drop=True), keep_legacy=True)
        # Rows count their merged cells as filled (a district merged over its offences' rows).
        filled = ((_fill_merges(frame, merged, -1)[0] if merged else frame) != "").sum(axis=1).to_numpy()
        nonblank = np.flatnonzero(filled > 0)
        if len(nonblank) == 0:
            raise TrendsDataError(
                "no header row", file=name, row=1, expected="a header row naming the columns"
            )
        # Title rows ("CÔNG AN THÀNH PHỐ HÀ NỘI", a merged cell over the table, an official letterhead of two
        # cells) hold fewer cells than the table: the header is the first of the first 20 non-blank rows that
        # fills at least three quarters of the table's usual width (the commonest among them) and two cells.
        at = int(nonblank[0])
        titles: list[int] = []
        if frame.shape[1] > 1:
            first = nonblank[:20]
            counts = pd.Series(filled[first]).value_counts()
            usual = int(counts[counts == counts.max()].index.max())  # the table's usual width
            need = max(2, int(np.ceil(0.75 * usual)))
            cells = (frame.iloc[: int(first[-1]) + 1] != "").to_numpy()
            # the national motto of an official letter is never a header, however many cells its rows fill
            motto = np.zeros(len(cells), dtype=bool)
            motto[first] = [
                any(_LETTERHEAD.search(fold(str(v))) for v in frame.iloc[int(i)] if v != "") for i in first
            ]

            def fills(i: int) -> bool:  # alone, or with the row above as a two-row header
                if motto[i]:
                    return False
                if filled[i] >= need:
                    return True
                return bool(
                    i > 0
                    and filled[i] >= 2
                    and filled[i - 1] >= 2
                    and not motto[i - 1]
                    and (cells[i] | cells[i - 1]).sum() >= need
                    and (cells[i - 1] & ~cells[i]).any()
                )

            wide = [i for i in first if fills(int(i))]
            if wide and wide[0] != at:
                titles = [int(i) for i in nonblank if i < wide[0]]
                at = wide[0]
        converted, header_font = _convert_fonts(frame, legacy, at) if legacy else ({}, None)
        head = [str(c) for c in frame.iloc[at]]
        pair: list[list[str]] = []  # the two rows of a two-row header, as they stand in the sheet
        upper = at - 1
        if (
            titles
            and titles[-1] == upper
            and filled[upper] >= 2
            and any(h == "" and frame.iat[upper, j] != "" for j, h in enumerate(head))
        ):
            # A two-row header: merged cells above ("Năm 2024" over T1 .. T12, "Quận/Huyện" over an empty
            # cell) name the columns together with the row below.
            titles.pop()
            above = [str(v) for v in frame.iloc[upper]]
            pair = [above, head]
            spread = pd.Series([v or None for v in above], dtype=object).ffill().fillna("").tolist()
            head = [f"{spread[j]} {h}".strip() if h else above[j] for j, h in enumerate(head)]
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: read a two-row header (rows {int(rows[upper])} and {int(rows[at])}) as one"
                ),
                stacklevel=user_stacklevel(),
            )
        elif at + 1 < len(frame) and _sub_header(head, [str(v) for v in frame.iloc[at + 1]]):
            # A second header row filled only under a block of the header (a merged "So sánh" over "+/-" | "%"):
            # it names those columns together with the row above; the table starts below it.
            below = [str(v) for v in frame.iloc[at + 1]]
            pair = [head, below]
            spread = pd.Series([h or None for h in head], dtype=object).ffill().fillna("").tolist()
            head = [
                f"{spread[j]} {b}".strip() if b else h
                for j, (h, b) in enumerate(zip(head, below, strict=True))
            ]
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: read a two-row header (rows {int(rows[at])} and {int(rows[at + 1])}) as one"
                ),
                stacklevel=user_stacklevel(),
            )
            at += 1
        if converted or header_font:
            note = _warn_converted(name, head, converted, header_font)
        if titles:
            shown = "; ".join(" | ".join(repr(v) for v in frame.iloc[i] if v != "") for i in titles)
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: skipped {len(titles)} title row(s) above the header on row {int(rows[at])}: {shown}"
                ),
                stacklevel=user_stacklevel(),
            )
        title_texts = tuple(v for i in titles for v in frame.iloc[i] if v != "")
        frame, spans = _fill_merges(frame, merged, at) if merged else (frame, [])
        if spans:
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: gave the value of each merged cell to every row it spans ("
                    + shortlist(spans, 10)
                    + ")"
                ),
                stacklevel=user_stacklevel(),
            )
        body = frame.iloc[at + 1 :].reset_index(drop=True)
        header_row = int(rows[at])
        rows = rows[at + 1 :]

        def skip_first(what: str) -> None:
            """Drop the first row under the header, saying what it is and quoting it."""
            nonlocal body, rows
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: skipped {what} (row {int(rows[0])}: "
                    + " | ".join(str(v) for v in body.iloc[0] if v != "")
                    + ")"
                ),
                stacklevel=user_stacklevel(),
            )
            body = body.iloc[1:].reset_index(drop=True)
            rows = rows[1:]

        if len(body) and _column_number_row(
            [str(v) for v in body.iloc[0]], [str(v) for v in body.iloc[1]] if len(body) > 1 else []
        ):
            number_cells = [str(v) for v in body.iloc[0]]
            skip_first("the form's column-number row under the header")
        if len(body) and _translated_header(head, [str(v) for v in body.iloc[0]]):
            skip_first("the header's English translation under it")
        echoes = _two_row_header_echoes(body, pair)
        notes, stacked = _note_rows(body, head, echoes)
        sections = tuple(
            (int(rows[end]), tuple(str(v) for i in above for v in body.iloc[i] if v != ""))
            for end, above in stacked
        )
        if notes.any():
            shown = "; ".join(
                f"row {int(r)} " + " | ".join(repr(v) for v in body.iloc[i] if v != "")
                for i, r in zip(np.flatnonzero(notes), rows[notes], strict=True)
            )
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: skipped {int(notes.sum())} note, signature or page row(s) outside the table "
                    f"(below it, above a repeated header, or a note between its rows): {shown}"
                ),
                stacklevel=user_stacklevel(),
            )
            body = body.loc[~notes].reset_index(drop=True)
            rows = rows[~notes]
            echoes = echoes[~notes]
        if echoes.any():
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: dropped the two-row header repeated at a page break (rows "
                    + ", ".join(str(int(r)) for r in rows[echoes])
                    + ")"
                ),
                stacklevel=user_stacklevel(),
            )
            body = body.loc[~echoes].reset_index(drop=True)
            rows = rows[~echoes]
        numbered = _numbered_empty_rows(body)
        if numbered.any():
            numbers = [str(v) for i in np.flatnonzero(numbered) for v in body.iloc[i] if v != ""]
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: skipped {int(numbered.sum())} empty numbered row(s) at the bottom (row "
                    f"{int(rows[numbered][0])}-{int(rows[numbered][-1])}: a form's row numbers {numbers[0]} .. "
                    f"{numbers[-1]} with nothing else)"
                ),
                stacklevel=user_stacklevel(),
            )
            body = body.loc[~numbered].reset_index(drop=True)
            rows = rows[~numbered]
        filled_cells = (body != "").to_numpy()
        shown_hidden = [
            f"{column_letters(j)} {head[j]!r}"
            for j in hidden_columns or ()
            if j < len(head) and head[j] != "" and filled_cells[:, j].any()
        ]
        if shown_hidden:
            warnings.warn(
                TrendsDataWarning(
                    f"{name}: the sheet hides {len(shown_hidden)} column(s) holding values ("
                    + ", ".join(shown_hidden)
                    + "); they are read like the others: delete them from the sheet if they are not data"
                ),
                stacklevel=user_stacklevel(),
            )
        headless = filled_cells[:, [j for j, h in enumerate(head) if h == ""]].any(axis=1)
        if headless.any():
            i = int(np.flatnonzero(headless)[0])
            quoted = encoding is not None and _split_by_other_quote([str(v) for v in body.iloc[i]])
            raise TrendsDataError(
                f"malformed {'CSV' if encoding else 'sheet'}: a value in a column whose header (row "
                f"{header_row}) is empty: more fields on this line than the header names"
                + (
                    "; its fields are quoted with ' (a text delimiter other than the double quote), so a "
                    "delimiter inside one splits it"
                    if quoted
                    else ""
                ),
                file=name,
                row=int(rows[i]),
                expected="the same number of fields on every line as in the header"
                + (', the CSV saved again with " as the text delimiter' if quoted else ""),
            )
        _refuse_side_by_side(head, name, header_row)
        body = body.iloc[:, [j for j, h in enumerate(head) if h != ""]]
        body.columns = [h for h in head if h != ""]
        frame = body
    else:
        title_texts = ()
        sections = ()
        frame.columns = [str(c) for c in frame.columns]
        if cleaned is None:
            frame, n_invisible, _ = _clean_cells(frame)
        else:  # cleaned once per distinct value by the caller
            n_invisible = cleaned
        frame.columns = [_clean_cell(str(c)) for c in frame.columns]
        header_row = 0  # Parquet: rows are record numbers, 1 = the first record
    columns = list(frame.columns)
    if not columns or all(c.startswith("Unnamed:") or c == "" for c in columns):
        raise TrendsDataError("no header row", file=name, row=1, expected="a header row naming the columns")
    dup = sorted({c for c in columns if columns.count(c) > 1})
    if dup and all(_comparison_header(c) for c in dup):
        # "T1/2024 | Cùng kỳ | Tăng/giảm (%) | T2/2024 | Cùng kỳ | ...": numbered, so that each can be reported
        # as ignored
        seen: dict[str, int] = {}
        for j, c in enumerate(columns):
            seen[c] = seen.get(c, 0) + 1
            if c in dup and seen[c] > 1:
                columns[j] = f"{c} [{seen[c]}]"
        frame.columns = columns
        dup = []
    if dup:
        raise TrendsDataError(
            f"duplicated column name(s) {dup}",
            file=name,
            row=max(header_row, 1),
            expected="unique column names",
        )
    codes_of: dict[str, tuple[np.ndarray, np.ndarray]] = dict(encoded or {})

    def where(col: str, test: Callable[[str], bool], key: Callable[[str], str] = str) -> np.ndarray:
        """``test`` of every cell of a column (``key`` of it), computed once per distinct value."""
        if col in codes_of:
            codes, uniques = codes_of[col]
        else:
            codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
        return np.array([test(key(str(u))) for u in uniques], dtype=bool)[codes]

    frame, codes_of = _unmark_numbers(frame, codes_of, name)
    drop = np.logical_and.reduce([where(c, lambda v: v == "") for c in columns])
    n_blank = int(drop.sum())
    # a header repeated (in capitals or not)
    repeated = np.logical_and.reduce([where(c, c.casefold().__eq__, str.casefold) for c in columns]) & ~drop
    drop |= repeated
    if number_cells is not None and repeated.any():
        # the form's column-number row under each repeated header ("(1) | (2) | (3)" on every printed page)
        after = np.r_[False, repeated[:-1]]
        for k in np.flatnonzero(after & ~drop).tolist():
            if [str(v) for v in frame.iloc[k]] == number_cells[: frame.shape[1]]:
                drop[k] = True
                repeated_numbers += 1
    _refuse_second_header(
        frame, columns, rows, name, where(columns[0], columns[0].casefold().__eq__, str.casefold) & ~drop
    )
    # Total rows: at the bottom, below every data row.
    totals: list[tuple[int, dict[str, str]]] = []
    compared: list[str] = []
    for i in np.flatnonzero(~drop)[::-1]:
        row_cells = list(frame.iloc[i])
        lead_text = str(next((v for v in row_cells if v != ""), ""))
        lead = fold(lead_text)
        if _COMPARED_RE.match(lead):
            # a row comparing the table with another period ("Tăng/giảm so với cùng kỳ (%)"), under it or its
            # total: no crimes of the table's periods
            compared.insert(0, f"{int(rows[i])} {lead_text!r}")
            drop[i] = True
            continue
        # a total without a label: the first cell empty, every other filled cell a number (a SUM under the
        # columns), below every data row
        unlabelled = row_cells[0] == "" and all(_NUMBER_CELL.match(str(v)) for v in row_cells if v != "")
        if "" not in row_cells or not (_TOTAL_RE.match(lead) or unlabelled):
            break
        totals.insert(0, (int(rows[i]), dict(frame.iloc[i])))
        drop[i] = True
    if drop.any():
        frame = frame.loc[~drop].reset_index(drop=True)
        rows = rows[~drop]
        codes_of = {c: (codes[~drop], uniques) for c, (codes, uniques) in codes_of.items()}
    if n_blank:
        warnings.warn(
            TrendsDataWarning(f"{name}: skipped {n_blank} blank line(s); they hold no data"),
            stacklevel=user_stacklevel(),
        )
    if repeated.any():
        warnings.warn(
            TrendsDataWarning(
                f"{name}: dropped {int(repeated.sum())} repeated header row(s) (two exports pasted together?)"
                + (
                    f", and the column-number row under {repeated_numbers} of them"
                    if repeated_numbers
                    else ""
                )
            ),
            stacklevel=user_stacklevel(),
        )
    if compared:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: dropped {len(compared)} comparison row(s) at the bottom (row "
                + ", ".join(compared)
                + "): a change or a ratio against another period is not data"
            ),
            stacklevel=user_stacklevel(),
        )
    if totals:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: dropped {len(totals)} total row(s) at the bottom (row "
                + ", ".join(f"{r} {next(v for v in c.values() if v)!r}" for r, c in totals)
                + "); a total is not data (a stated count is checked against the sum of the rows)"
            ),
            stacklevel=user_stacklevel(),
        )
    if n_invisible:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: removed invisible characters (zero-width space, BOM, soft hyphen ...) from "
                f"{n_invisible} cell(s)"
            ),
            stacklevel=user_stacklevel(),
        )
    if frame.empty:
        raise TrendsDataError(
            "no data rows (header only)", file=name, row=header_row + 1, expected="at least one data row"
        )
    for col in columns:
        formula = where(col, lambda v: len(v) > 1 and v.startswith(("=", "+=", "@")))
        if formula.any():
            i = int(np.flatnonzero(formula)[0])
            raise TrendsDataError(
                "a spreadsheet formula, not a value",
                file=name,
                row=int(rows[i]),
                column=col,
                expected="plain values (export the sheet with values, not formulas)",
            )
    return RawTable(
        frame.reset_index(drop=True),
        rows,
        name,
        encoding,
        n_blank,
        tuple(totals),
        nontext=nontext or {},
        titles=title_texts,
        sections=sections,
        unread=unread,
        encoded=codes_of,
        converted=note,
    )


# --------------------------------------------------------------------------------------------------------------
# The fast path of large files: only the columns the reader needs, each cell converted once per distinct value


def _encoded(column: pa.ChunkedArray) -> tuple[np.ndarray, list[object]]:
    """(codes, distinct values) of an Arrow column, nulls as ``None`` among the values."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column, null_encoding="encode")
    encoded = column.unify_dictionaries().combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    values = encoded.dictionary.to_pylist()
    indices = encoded.indices
    if indices.null_count:  # Parquet dictionary columns keep nulls in the indices
        indices = pc.fill_null(indices, len(values))
        values.append(None)
    return indices.to_numpy(zero_copy_only=False).astype(np.intp, copy=False), values


def _text_columns(
    table: pa.Table, names: list[str], to_text: Callable[[object], str]
) -> tuple[pd.DataFrame, int, dict[str, str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Text cells of ``names`` (cleaned as :func:`_clean_cell`), the count of cells that held invisible
    characters, the nested columns, and each text column's codes and distinct cleaned values."""
    out: dict[str, object] = {}
    n_invisible = 0
    nontext: dict[str, str] = {}
    encoded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name in names:
        column = table.column(name)
        kind = column.type
        if len(column) == 0 or pa.types.is_null(kind):
            out[name] = np.full(len(column), "", dtype=object)
            continue
        if pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            nontext[name] = (
                "struct (or map)"
                if pa.types.is_struct(kind) or pa.types.is_map(kind)
                else "list"
                if pa.types.is_nested(kind)
                else "binary"
            )
            values = column.to_pandas()
            out[name] = _cells_to_text(values).to_numpy(dtype=object)
            continue
        try:
            codes, uniques = _encoded(column)
        except pa.ArrowNotImplementedError:  # an extension type (pandas period, ...): its pandas values
            out[name] = _cells_to_text(column.to_pandas()).map(_clean_cell).to_numpy(dtype=object)
            continue
        texts = [to_text(u) for u in uniques]
        hidden = np.array([not t.isascii() and bool(_INVISIBLE.search(t)) for t in texts], dtype=bool)
        if hidden.any():
            n_invisible += int(np.bincount(codes, minlength=len(texts))[hidden].sum())
        # Cleaning may make two distinct values one ("Ba Đình " and "Ba Đình"): factorise again.
        again, distinct = pd.factorize(np.array([_clean_cell(t) for t in texts], dtype=object))
        codes = again[codes]
        distinct = np.asarray(distinct, dtype=object)
        encoded[name] = (codes, distinct)
        out[name] = pd.Categorical.from_codes(
            codes, categories=pd.Index(distinct, dtype=object), validate=False
        )
    return pd.DataFrame(out), n_invisible, nontext, encoded


def _csv_first_line(start: bytes) -> tuple[list[str], list[str], str] | None:
    """The header on the first line of a UTF-8 CSV (from its first bytes ``start``): the names as written,
    cleaned, and the delimiter; None when the fast path cannot use it."""
    bom = 3 if start.startswith(b"\xef\xbb\xbf") else 0
    end = start.find(b"\n", bom)
    if end < 0:
        return None
    try:
        first = start[bom:end].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    head = start[bom:].decode("utf-8", errors="ignore")
    lines = [line for line in head.splitlines()[:50] if line.strip()]
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    if "\r" in first:  # CR line ends: the full reader splits them
        return None
    try:
        raw_names = next(csv.reader([first], delimiter=delimiter))
    except csv.Error:
        return None
    header = [_clean_cell(unicodedata.normalize("NFC", h)) for h in raw_names]
    if len(header) < 2 or "" in header or len(set(header)) < len(header):
        return None
    return raw_names, header, delimiter


def key_column(path: str | Path, column: str, encoding: str | None = None) -> tuple[pd.Series, pa.Array]:
    """One column that :func:`read_raw` left unread (``RawTable.unread``), as codes for comparing values.

    Read again with pyarrow alone (the fast path's formats: a UTF-8 CSV with its header on line 1, Parquet; a
    Feather or Stata file, which read only the columns asked for too, through :func:`read_raw`, in ``encoding``),
    NFC-normalised, stripped and in capitals in Arrow (a key typed "hs-01" is "HS-01"), and dictionary-encoded:
    no Python work per distinct value, which is
    what reading millions of distinct case numbers as text cells costs. Returns the codes (-1 for an empty
    cell) indexed by the row numbers :func:`read_raw` gives the records, and the distinct values (an Arrow
    array: converted to Python only where a message needs one).
    """
    import pyarrow.parquet as pq
    from pyarrow import csv as pacsv

    path = Path(path)
    rows: np.ndarray | None = None
    if file_suffix(path) in TYPED_SUFFIXES:
        with warnings.catch_warnings():  # said when the file was read for the other columns
            warnings.simplefilter("ignore", TrendsDataWarning)
            raw = read_raw(path, encoding=encoding, usecols=lambda header: [column])
        values = pa.chunked_array([pa.array(raw.text(column).to_numpy(dtype=object), type=pa.string())])
        rows, first_row = raw.rows, 1
    elif file_suffix(path) in (".parquet", ".pq"):
        with path.open("rb") as fh:
            names = pq.read_schema(fh).names
            header = [_clean_cell(unicodedata.normalize("NFC", c)) for c in names]
            fh.seek(0)
            values = pq.read_table(fh, columns=[names[header.index(column)]]).column(0)
        try:
            values.validate(full=True)  # a damaged file's text: bytes that are not UTF-8
        except pa.ArrowInvalid as exc:
            raise TrendsDataError(
                f"cannot be read as Parquet: column {column!r} holds bytes that are not UTF-8 text ({exc})",
                file=display_name(path),
                row=1,
                column=column,
                expected="a Parquet file whose text columns are UTF-8 (write it again from its source)",
            ) from None
        first_row = 1
    else:
        with path.open("rb") as fh:
            first_line = _csv_first_line(fh.read(200_000))
        if first_line is None:
            raise ValueError(f"{display_name(path)}: not a CSV the fast path reads")
        raw_names, header, delimiter = first_line
        raw_name = raw_names[header.index(column)]
        try:
            with path.open("rb") as fh:
                values = pacsv.read_csv(
                    fh,
                    read_options=pacsv.ReadOptions(skip_rows=1, column_names=raw_names, block_size=1 << 24),
                    parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
                    convert_options=pacsv.ConvertOptions(
                        include_columns=[raw_name], column_types={raw_name: pa.string()}
                    ),
                ).column(0)
        except pa.ArrowInvalid as exc:  # bytes not UTF-8 in this column only: the full reader's error
            name = display_name(path)
            _decode(_read_bytes(path, name), name, None)
            raise TrendsDataError(
                f"column {column!r} cannot be read as UTF-8 text ({exc})",
                file=name,
                row=1,
                column=column,
                expected="a CSV file saved as UTF-8 throughout",
            ) from None
        first_row = 2
    # as _clean_cell: NFC, invisible characters removed, runs of whitespace one space, stripped
    text = pc.cast(values, pa.string())
    if not pc.all(pc.string_is_ascii(text)).as_py():
        text = pc.replace_substring_regex(pc.utf8_normalize(text, "NFC"), r"\p{Cf}", "")
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"\s+", " "))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    encoded = pc.dictionary_encode(pc.utf8_upper(text)).combine_chunks()  # "hs-01" is "HS-01"
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    index = rows if rows is not None else np.arange(first_row, first_row + len(codes))
    return pd.Series(codes, index=index), encoded.dictionary


def _fast_csv(path: Path, name: str, usecols: Callable[[list[str]], list[str] | None]) -> RawTable | None:
    """Read a large UTF-8 CSV whose header is its first line with pyarrow, only the columns ``usecols`` picks.

    The file is streamed (never held whole in memory). Returns None whenever the file needs what only the full
    reader does (a NUL byte, a title row, blank or repeated header lines, a total row, a formula, a malformed
    line, another encoding ...): that reader then reads it and gives the same repairs, warnings and errors.
    """
    from pyarrow import csv as pacsv

    with path.open("rb") as fh:
        start = fh.read(200_000)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in start:
            return None
        size = fh.seek(0, 2)
        if size > len(start):
            # NUL bytes anywhere: the full reader names the line. Searched in the mapped file (no copy).
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                if mapped.find(b"\x00", len(start)) >= 0:
                    return None
        fh.seek(max(0, size - 4096))
        end_bytes = fh.read()
    if end_bytes.rstrip().endswith(b"\x1a"):
        return None  # a DOS end-of-file mark: the full reader removes it
    first_line = _csv_first_line(start)
    if first_line is None:
        return None
    raw_names, header, delimiter = first_line
    head_text = start.decode("utf-8", errors="ignore")
    try:  # the two lines under the header
        below = list(csv.reader(head_text.splitlines()[1:3], delimiter=delimiter))
    except csv.Error:
        return None
    below = [[_clean_cell(c) for c in line] for line in below] + [[], []]
    if (
        _column_number_row(below[0], below[1])
        or _translated_header(header, below[0])
        or _RULE_LINE.search(head_text)
    ):
        return None  # a form's column-number row, a translated header, rule lines: the full reader skips them
    wanted = usecols(header)
    if not wanted:
        return None
    try:
        with path.open("rb") as fh:  # a file object: the name may not be UTF-8
            table = pacsv.read_csv(
                fh,
                read_options=pacsv.ReadOptions(skip_rows=1, column_names=raw_names, block_size=1 << 24),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    include_columns=[raw_names[header.index(c)] for c in wanted],
                    # dictionary-encoded while parsed: each distinct text is held once
                    column_types={
                        raw_names[header.index(c)]: pa.dictionary(pa.int32(), pa.string()) for c in wanted
                    },
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except (pa.ArrowInvalid, pa.ArrowKeyError, UnicodeDecodeError):
        return None
    table = table.rename_columns(wanted)
    frame, n_invisible, _, encoded = _text_columns(table, wanted, str)
    if len(frame) == 0:
        return None
    if _legacy.looks_legacy(header) or any(_legacy.looks_legacy(encoded[col][1]) for col in wanted):
        return None  # text in an old font encoding: the full reader converts it
    # What the full reader repairs or refuses: blank lines, repeated headers, total rows, formulas.
    for col in wanted:
        if any(
            (len(u) > 1 and u.startswith(("=", "+=", "@")))
            or _TEXT_MARK.match(u)
            or _UNIT_CELL.match(u)
            or _FULL_WIDTH_CELL.search(u)
            or (u[:1] in "GgCcLl(*" and _NOTE_INSIDE.match(fold(u)))
            for u in encoded[col][1]
        ):
            # formulas are refused, marked numbers and units read, notes between the rows skipped, by the full
            # reader
            return None
    for blank in (True, False):  # a blank line, then a repeated header line
        # Each column's matching values, found among its distinct values; rows looked at only when every
        # column has one.
        flags = {}
        for col in wanted:
            values = encoded[col][1]
            flags[col] = (
                values == ""
                if blank
                else np.asarray(pd.Index(values, dtype=object).str.casefold() == col.casefold())
            )
        if all(f.any() for f in flags.values()):
            if np.logical_and.reduce([flags[col][encoded[col][0]] for col in wanted]).any():
                return None
        # a row repeating two of the header's cells (another table's header under the first): the full reader
        if not blank and sum(bool(f.any()) for f in flags.values()) >= 2:
            hits = np.sum([flags[col][encoded[col][0]] for col in wanted if flags[col].any()], axis=0)
            if (hits >= 2).any():
                return None
    tail = end_bytes.decode("utf-8", errors="ignore").splitlines()
    try:
        ends = list(csv.reader(tail[-3:], delimiter=delimiter))
    except csv.Error:
        return None
    last = next((row for row in reversed(ends) if any(c.strip() for c in row)), [])
    first_cell = next((c for c in last if c.strip()), "")
    if _TOTAL_RE.match(fold(_clean_cell(first_cell))) or (last and not last[0].strip()):
        return None
    if sum(bool(c.strip()) for c in last) == 1 and _ROW_NUMBER.fullmatch(first_cell.strip()):
        return None  # a numbered form's empty rows at the bottom: the full reader skips them
    if sum(bool(c.strip()) for c in last) < 0.75 * len(header) and not any(
        _NUMBER_CELL.match(c.strip()) or _DATE_CELL.match(c.strip()) for c in last
    ):
        # a short last line with no number or date (a note, a footnote "(*) ...", a signature): the full reader
        # decides; a data row with empty optional cells keeps this path
        return None
    if n_invisible:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: removed invisible characters (zero-width space, BOM, soft hyphen ...) from "
                f"{n_invisible} cell(s)"
            ),
            stacklevel=user_stacklevel(),
        )
    unread = tuple(c for c in header if c not in wanted)
    return RawTable(frame, np.arange(2, len(frame) + 2), name, "utf-8", 0, unread=unread, encoded=encoded)
