"""Match a file's columns to the data contract and validate every cell, for the readers in :mod:`trends.io`.

:func:`trends.rawfile.read_raw` has decoded the file and made the documented repairs; what arrives here is
a :class:`~trends.rawfile.RawTable` of text cells with the row number of each record. Every check raises
:class:`~trends.schema.TrendsDataError` naming the file, the 1-based row and the column; no bad value is
coerced silently.

- Columns (:func:`_match_columns`): ``columns=`` mappings come first; then a header equal to the canonical
  name; then a header whose key (folded to lower-case ASCII, each run of characters other than letters, digits
  and ``/`` one space) is among the canonical name's aliases in ``_ALIASES``. Two candidate headers, or a
  ``columns=`` header the file lacks, is an error; every missing required column is listed with the closest
  headers found.
- Counts and populations (:func:`_parse_count`): space and non-breaking-space thousands separators are removed;
  ``.`` and ``,`` are decided per column (thousands only if every cell holding one fits that reading and the
  decimal reading would not give whole numbers; a column where ``123.000`` could be either is refused); a
  spreadsheet's ``12.0`` reads as 12; a missing, non-numeric, negative or fractional value, or one over
  ``MAX_COUNT``, is an error.
- Dates (:func:`_parse_dates`, once per distinct text): each is matched to one of ``_DATE_FORMATS`` (ISO 8601
  with an optional time; ``yyyy/mm/dd``; day-first ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, with an
  optional time after the slashes; month-first with ``dayfirst=False``), so one column may mix them. Missing
  (when required), unparseable, time-of-day, placeholder (``PLACEHOLDER_DATES``), pre-March-1900 and future
  dates (later than tomorrow 00:00) are errors; so are incident dates and periods far outside the bulk of their
  column (:func:`_check_strays`).
- Periods (:func:`_parse_periods`): years, quarters, months (``_PERIOD_CLASSES``) or midnight ISO dates, which
  must be the first day of a month. Labels must share one frequency, and dates among them must start such a
  period; a column of dates alone takes the frequency :func:`~trends.schema.infer_freq` finds. A period
  starting after today is an error.
- Text (:func:`_parse_text`) is NFC-normalised with one tone placement (:func:`trends._text.canonical_tone`)
  and, when required, may not be empty; Parquet struct, list and binary columns are refused; districts
  (:func:`_resolve`) are resolved to ids by a :class:`~trends.geo.DistrictResolver` (Hanoi's by default;
  ``districts=False`` keeps the text).
- :func:`_gather` runs the parsers of all columns and raises once with every problem, in row order.
- Whole-table checks: one row per key (:func:`_check_unique`); a dropped total row that states a number must
  equal the sum of the rows (:func:`_check_totals`), and subtotal rows inside a counts table the sum of the
  block they close (:func:`_drop_subtotals`); group rows of a numbered form ("I" above "1", "2") the sum of the
  rows numbered under them (:func:`_drop_groups`); columns outside the contract (read or not) are listed in a
  warning that names the personal-data ones (:func:`_warn_dropped`).
- Wide monthly sheets and cross tables with a column per district are made long first (:func:`_melt_wide`,
  :func:`_melt_districts`), a header's measure read by :func:`_lane_of`.
"""

from __future__ import annotations

import csv
import functools
import html
import json
import re
import unicodedata
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from importlib.resources import files
from typing import NamedTuple, cast

import numpy as np
import pandas as pd

from trends._text import _UNICODE_VIETNAMESE, LEGACY_FONT_HINT, canonical_tone, fold, legacy_font, shortlist
from trends.geo import DistrictResolver
from trends.privacy import is_personal_column
from trends.rawfile import _COMPARISON, _TOTAL_RE, RawTable, _header_name
from trends.schema import (
    HANOI_OFFSET,
    Freq,
    Problem,
    TrendsDataError,
    TrendsDataWarning,
    infer_freq,
    user_stacklevel,
)

MAX_COUNT = 10**9  # a single cell above this is a typo or an overflow, not a crime count


# --------------------------------------------------------------------------------------------------------------
# Column matching

_ALIASES: dict[str, tuple[str, ...]] = {
    "district": (
        "district",
        "quan huyen",
        "quan/huyen",
        "quan/huyen/thi xa",
        "quan huyen thi xa",
        "quan",
        "huyen",
        "don vi",
        "dia ban",
        "dia ban quan huyen",
        "borough",
        "district id",
        "district name",
        "ten quan huyen",
        "don vi hanh chinh",
        "dia phuong",  # the General Statistics Office's tables: "Địa phương" (locality)
    ),
    "period": ("period", "month", "thang", "ky", "ky bao cao", "year", "nam", "quarter", "quy", "thoi gian"),
    # "Thời gian xảy ra" merged over "Ngày" | "Giờ": a two-row header read as "Thời gian xảy ra Ngày"
    "date": (
        "date",
        "ngay",
        "ngay xay ra",
        "incident date",
        "date occurred",
        "occurred",
        "thoi gian xay ra",
        "thoi gian xay ra ngay",
        # a case-management system's "Thời điểm xảy ra (vụ việc)" (the moment it occurred)
        "thoi diem xay ra",
        "thoi diem xay ra vu viec",
        "thoi gian xay ra vu viec",
        "ngay xay ra vu viec",
    ),
    "offence": (
        "offence",
        "offense",
        "crime",
        "crime type",
        "toi danh",
        "loai toi pham",
        "loai vu viec",
        "category",
        "offence type",
        "offense type",
    ),
    # "Kỳ này" (this period) beside "Cùng kỳ" (the same period a year before, not read) in police reports
    "count": (
        "count",
        "n",
        "cases",
        "so vu",
        "so vu an",
        "number",
        "value",
        "so luong",
        "ky nay",
        "so vu ky nay",
        # "Tháng này" | "Cùng kỳ" | "Lũy kế": this month's cases, the month stated in the title
        "thang nay",
        "so vu thang nay",
        "quy nay",
        "so vu quy nay",
        "no of cases",
        "number of cases",
        "number of crimes",
        "number of offences",
        "number of offenses",
        "recorded crimes",
        "crimes recorded",
        "crime count",
        "case count",
    ),
    "model_id": ("model id", "ma mo hinh", "id", "model"),
    "model_type": ("model type", "loai mo hinh", "type", "loai"),
    "ward": ("ward", "phuong xa", "phuong/xa", "phuong", "xa", "commune"),
    # "Thời gian" merged over "Bắt đầu" | "Kết thúc": a two-row header read as "Thời gian Bắt đầu"
    "start": (
        "start",
        "start date",
        "ngay bat dau",
        "bat dau",
        "launched",
        "ngay thanh lap",
        "thoi gian bat dau",
        # put into operation, deployed, launched: the day the model began, as registers head it
        "ngay dua vao hoat dong",
        "ngay dua vao su dung",
        "ngay trien khai",
        "thoi gian trien khai",
        "ngay ra mat",
    ),
    # a model dissolved, stopped or merged into another ends as a model of its own: "Ngày giải thể", "Giải thể"
    "end": (
        "end",
        "end date",
        "ngay ket thuc",
        "ket thuc",
        "thoi gian ket thuc",
        "ngay giai the",
        "giai the",
        "thoi gian giai the",
        "ngay ngung hoat dong",
        "ngay cham dut",
        "ngay sap nhap",
    ),
    "name_vi": (
        "name vi",
        "ten",
        "ten quan huyen",
        "ten quan/huyen",
        "ten quan",
        "ten huyen",
        "ten don vi",
        "name",
    ),
    "name_ascii": ("name ascii", "ten khong dau"),
    "kind": ("kind", "loai don vi", "loai", "type"),
    # the residence database's "Tổng số nhân khẩu" (registered residents, permanent and temporary), by the police
    "population": (
        "population",
        "dan so",
        "pop",
        "dan so trung binh",
        "average population",
        "tong so nhan khau",
        "tong nhan khau",
        "so nhan khau",
        "nhan khau",
    ),
    "area_km2": ("area km2", "area", "dien tich", "dien tich km2"),
    "year": ("year", "nam"),
    # the row numbers of a statistical form (số thứ tự): "I", "1", "1.1" read for their hierarchy
    "stt": ("stt", "so tt", "so thu tu", "thu tu", "tt", "no"),
    # a number of incidents or models on each row of a list, which must be 1 (:func:`_check_one_per_row`)
    "incident_count": (
        "so vu",
        "so vu an",
        "so vu viec",
        "so luong",
        "quantity",
        "count",
        "cases",
        "no of cases",
        "number of cases",
        "number of incidents",
    ),
    "model_count": ("so luong", "so mo hinh", "so luong mo hinh", "count", "number of models", "models"),
    # a list's status, read to leave out cancelled records (:func:`_drop_cancelled`; a register's is checked
    # against its dates too, :func:`trends.io._check_status`)
    "status": (
        "trang thai",
        "tinh trang",
        "trang thai ho so",
        "trang thai vu viec",
        "tinh trang vu viec",
        "tinh trang hoat dong",
        "trang thai hoat dong",
        "status",
    ),
    # a form's time of entry (Google Forms, Sheets), read only for the order of its dates (:func:`_check_day_order`)
    "entry_time": ("dau thoi gian", "timestamp"),
    # an incident list's case number, read only to find a case entered twice (:func:`trends.io.read_incidents`)
    "case_id": (
        "ma vu",
        "ma vu an",
        "ma vu viec",
        "ma ho so",
        "so ho so",
        "so hs",
        "case number",
        "case no",
        "case id",
        "incident number",
        "incident id",
        "report number",
    ),
}


_COUNT_KEYS = frozenset(_ALIASES["count"])
# every column name some reader matches (the aliases are written as :func:`_key` gives them), canonical names too
_HEADER_KEYS = frozenset(
    a for canon, aliases in _ALIASES.items() for a in (canon.replace("_", " "), *aliases)
)

_UNIT_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


# The group words a two-row header writes over several columns of a case register (matched by :func:`_key`).
_GROUP_WORDS = re.compile(r"^(?:thoi gian|dia diem|noi|vu viec|vu an)(?: xay ra)? (?=\S)")


def _key(name: str) -> str:
    """A header's matching key: folded, each run of other characters one space, none around "/" (a header
    wrapped in its cell, "Quận/\nHuyện", is "quan/huyen")."""
    return re.sub(r" ?/ ?", "/", re.sub(r"[^a-z0-9/]+", " ", fold(name))).strip()


def _known_header(text: str) -> bool:
    """Whether ``text`` is a column name some reader matches (a canonical name or one of its aliases, a unit in
    brackets after it allowed): "District", "Dân số (người)", "Cases"."""
    key = _key(_UNIT_SUFFIX.sub("", text))
    return key in _HEADER_KEYS


def _header_only(header: Sequence[str]) -> RawTable:
    """A table of these headers and no rows: to match columns before (or without) reading the cells."""
    return RawTable(pd.DataFrame(columns=list(header)), np.array([], dtype=np.int64), "", None, 0)


def _needed(
    required: tuple[str, ...],
    optional: tuple[str, ...],
    columns: Mapping[str, str] | None,
    named: Sequence[str] = (),
) -> Callable[[list[str]], list[str] | None]:
    """The ``usecols`` of :func:`trends.rawfile.read_raw`: the file's columns that the contract maps, and the
    headers ``named`` by the caller (``offence_columns=``), or None (read everything) when they do not all match,
    so that the full reader reports what is missing."""

    def pick(header: list[str]) -> list[str] | None:
        if any(_named_header(header, n) is None for n in named):
            return None
        try:
            with warnings.catch_warnings():  # said when the full table is matched
                warnings.simplefilter("ignore", TrendsDataWarning)
                mapping = _match_columns(_header_only(header), required, optional, columns)
        except TrendsDataError:
            return None
        if "count" in mapping and _OCCURRED.match(_key(_UNIT_SUFFIX.sub("", mapping["count"]))):
            return None  # the measures beside the cases occurred are named by the full reader
        if "date" in mapping and _date_parts(header, mapping["date"]):
            return None  # "Ngày" | "Tháng" | "Năm": one date, made by the full reader
        # a province column, checked against the default (Hanoi) districts by _check_province
        province = [c for c in header if _key(_UNIT_SUFFIX.sub("", str(c))) in _PROVINCE_KEYS]
        # an administrative code column ("Mã ĐVHC"), checked against the district names by _check_codes
        code = [c for c in header if _CODE_HEADER.match(fold(str(c)).strip())]
        lanes = [_named_header(header, n) for n in named]
        return list(dict.fromkeys([*mapping.values(), *province, *code, *cast(list[str], lanes)]))

    return pick


def _named_header(found: Sequence[str], name: str) -> str | None:
    """The header of ``found`` a caller names: written as the file writes it (cleaned as every cell is), else
    the one header equal to it in small letters and without accents ("Murder" for "murder")."""
    wanted = _header_name(str(name))
    if wanted in found:
        return wanted
    hits = [c for c in found if _key(c) == _key(wanted)]
    return hits[0] if len(hits) == 1 else None


def _optional_columns(
    raw: RawTable, canon: str, mapping: Mapping[str, str], columns: Mapping[str, str] | None
) -> list[str]:
    """The file's columns that may be an optional ``canon`` the reader only looks at: the ``columns=`` mapping,
    else every header among its aliases not already mapped (a form with two row-number columns, "STT" and "TT",
    gives both: the reader tries each)."""
    explicit = [source for source, c in (columns or {}).items() if c == canon and source in raw.frame.columns]
    if explicit:
        return explicit[:1]
    keys = {_key(a) for a in _ALIASES.get(canon, (canon,))}
    return [c for c in raw.frame.columns if _key(c) in keys and c not in mapping.values()]


# "Tổng số" (total) as the second row of a two-row header, read as "<group> Tổng số"
_TOTAL_UNDER = re.compile(r"\s+(?:tổng số|tổng cộng|tổng|cộng|total)\s*$", re.IGNORECASE)


def _match_columns(
    raw: RawTable,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    columns: Mapping[str, str] | None,
) -> dict[str, str]:
    """Map canonical names to the file's columns; error naming every missing column and the closest found."""
    found = list(raw.frame.columns)
    explicit = dict(columns or {})
    for source in explicit:
        if source not in found:
            raise TrendsDataError(
                f"columns= names {source!r}, which the file does not have",
                file=raw.file,
                row=1,
                column=source,
                expected=f"one of {found}",
            )
    mapping = {canon: source for source, canon in explicit.items()}
    wanted = required + optional
    for canon in wanted:
        if canon in mapping:
            continue
        keys = {_key(a) for a in _ALIASES.get(canon, (canon,))}
        hits = (
            [c for c in found if c == canon]
            or [c for c in found if _key(c) in keys]
            # a unit in brackets after the name: "Dân số (người)", "Số vụ (vụ)"
            or [c for c in found if _key(_UNIT_SUFFIX.sub("", c)) in keys]
            # a footnote mark after the header: "Dân số trung bình (người) (*)", "Số vụ (1)"
            or [c for c in found if _key(_UNIT_SUFFIX.sub("", _FOOTNOTE_MARK.sub("", c))) in keys]
            # a two-row header's group word over its columns: "Thời gian" over "Ngày" | "Giờ", "Địa điểm" over
            # "Phường" | "Quận", read as "Thời gian Ngày", "Địa điểm Quận"
            or [c for c in found if _GROUP_WORDS.sub("", _key(c), count=1) in keys]
            # a PivotTable's value field copied as values: "Sum of Số vụ", "Tổng của Số vụ"
            or [c for c in found if _PIVOT_SUM.sub("", _key(c), count=1) in keys]
            # the total under the residents' header, their breakdown beside it ("Dân số trung bình (người)" over
            # "Tổng số" | "Nam" | "Nữ", or "Thành thị" | "Nông thôn"): the total is the population
            or [
                c
                for c in found
                if canon == "population"
                and (m := _TOTAL_UNDER.search(c)) is not None
                and _key(_UNIT_SUFFIX.sub("", c[: m.start()])) in keys
            ]
            # a header in two languages: "Quận/Huyện - District", "Năm / Year", "Dân số trung bình (Nghìn
            # người) - Average population (Thous. persons)"; its units are checked on the whole header
            or [c for c in found if _bilingual(c, keys)]
        )
        hits = [c for c in hits if c not in mapping.values()]
        hits = _not_male(hits, found) if canon == "year" else hits
        if len(hits) > 1:
            raise TrendsDataError(
                f"several columns could be {canon!r}: {hits}",
                file=raw.file,
                row=1,
                column=canon,
                expected=f"one column, or columns={{'<header>': '{canon}'}}",
            )
        if hits:
            mapping[canon] = hits[0]
    missing = [c for c in required if c not in mapping]
    if "count" in missing and "count" not in explicit.values():
        occurred = _occurred_column(raw, found, mapping)
        if occurred is not None:
            mapping["count"] = occurred
            missing.remove("count")
    for canon in missing:
        keys = {_key(a) for a in _ALIASES.get(canon, (canon,))}
        counted = [c for c in found if (m := _PIVOT_COUNT.match(_key(c))) and _key(c)[m.end() :] in keys]
        if counted:
            raise TrendsDataError(
                f"column {counted[0]!r} is a PivotTable's count of the source rows holding a value, not the sum "
                f"of the values: it cannot be read as {canon!r}",
                file=raw.file,
                row=1,
                column=counted[0],
                expected="the PivotTable's value field summarised by Sum (Value Field Settings > Sum)",
            )
    pivot = [c for c in found if _key(c) in _PIVOT_CAPTIONS]
    if missing and pivot:
        raise TrendsDataError(
            f"a PivotTable copied in its compact form: column {pivot[0]!r} is the PivotTable's caption, and holds "
            "the items of several fields one under the other (a district, then its offences), which cannot be "
            "told apart",
            file=raw.file,
            row=1,
            column=pivot[0],
            expected="the PivotTable in tabular form (PivotTable Design > Report Layout > Show in Tabular Form, "
            "and Repeat All Item Labels), copied as values: a column per field",
        )
    legacy = [c for c in found if legacy_font(str(c))]
    if missing and legacy:
        # "Quaän/Huyeän" (VNI), "QuËn/HuyÖn" (TCVN3): the headers are Vietnamese in an old font encoding
        raise TrendsDataError(
            f"missing required column(s) {list(missing)}: the headers are not Unicode ({LEGACY_FONT_HINT})",
            file=raw.file,
            row=1,
            column=legacy[0],
            expected="a file in Unicode (UTF-8), whose headers name the columns",
        )
    if missing:
        import difflib

        problems = []
        for canon in missing:
            ward = _ward_instead(found, mapping) if canon == "district" else None
            if ward is not None:
                problems.append(replace(ward, file=raw.file))
                continue
            close = difflib.get_close_matches(canon, found, n=2, cutoff=0.4)
            hint = f"; closest found: {close}" if close else ""
            problems.append(
                Problem(
                    f"missing required column {canon!r}{hint}",
                    file=raw.file,
                    row=1,
                    column=canon,
                    expected=f"a header among {found} naming it, or columns={{'<header>': '{canon}'}}",
                )
            )
        raise TrendsDataError(problems)
    return mapping


_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_LANGUAGES = re.compile(r"\s+[-–/|]\s+")


def _bilingual(header: str, keys: set[str]) -> bool:
    """Whether ``header`` names a column of ``keys`` in Vietnamese and English (as the statistics yearbooks
    head their tables): two names joined by " - ", " / " or "|", one known and the other in English ("Năm -
    Year"), or two known names one after the other (a line break in the cell, read as a space: "Quận/Huyện
    District"). Brackets (units, notes) are set aside."""
    text = _BRACKETS.sub(" ", header)
    parts = _LANGUAGES.split(text)
    if len(parts) == 2 and parts[1].isascii() and any(_key(p) in keys for p in parts):
        return True
    words = _key(text).split(" ")
    return any(" ".join(words[:i]) in keys and " ".join(words[i:]) in keys for i in range(1, len(words)))


def _not_male(hits: list[str], found: Sequence[str]) -> list[str]:
    """The year columns among ``hits`` without "Nam" (male, unaccented "năm" too) when it stands beside "Nữ"
    (female) or beside "Năm" written with its breve: a population table by sex ("Dân số" | "Nam" | "Nữ") has no
    year column there. "Nam" alone is the year typed without accents."""
    male = [c for c in hits if unicodedata.normalize("NFC", c).strip().casefold() == "nam"]
    if male and ("nu" in {_key(c) for c in found} or len(male) < len(hits)):
        return [c for c in hits if c not in male]
    return hits


# The measures of a police statistical form beside the cases ("Xảy ra" | "Đã điều tra làm rõ": cases occurred |
# cleared; "Khởi tố", "Khám phá", "Bắt giữ"), folded. "Xảy ra" (occurred) is the crimes recorded, what every
# police series counts; the others are parts of them or of another population (suspects, arrests).
_OCCURRED = re.compile(r"^(?:tong )?(?:so )?(?:vu )?(?:(?:pham phap hinh su|toi pham) )?xay ra$")
_CASE_MEASURE = re.compile(
    r"^(?:tong )?(?:so )?(?:vu )?(?:da )?(?:dieu tra )?(?:lam ro|kham pha|khoi to|bat giu|phat hien|"
    r"dieu tra|truy to|xet xu|xu ly|tiep nhan|thu ly)\b"
)


def _occurred_column(raw: RawTable, found: Sequence[str], mapping: Mapping[str, str]) -> str | None:
    """The count of a table without one, whose measures are the cases occurred and others ("Xảy ra" | "Đã điều
    tra làm rõ"): the occurred column, with a warning naming the measures not read. Several measures none of which
    is the cases occurred ("Khởi tố" | "Làm rõ") are refused naming them: the file does not say which is wanted."""
    free = [c for c in found if c not in mapping.values() and not re.search(r"\d", c)]  # no month's column
    bare = [_key(_UNIT_SUFFIX.sub("", c)) for c in free]
    occurred = [c for c, k in zip(free, bare, strict=True) if _OCCURRED.match(k)]
    others = [c for c, k in zip(free, bare, strict=True) if _CASE_MEASURE.match(k) and c not in occurred]
    if len(occurred) == 1 and not others:
        return occurred[0]  # "Xảy ra" alone: the cases occurred
    if len(occurred) == 1:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: two measures of the cases: column {occurred[0]!r} (cases occurred, the crimes "
                f"recorded) is read as the count; {others} (a part of them, or another measure) not read; "
                f"columns={{'<header>': 'count'}} reads another"
            ),
            stacklevel=user_stacklevel(),
        )
        return occurred[0]
    if len(occurred) + len(others) > 1:
        measures = [*occurred, *others]
        raise TrendsDataError(
            f"no count column, and {len(measures)} columns are measures of the cases: {measures}; the file does "
            "not say which is the crimes recorded (two measures)",
            file=raw.file,
            row=1,
            column="count",
            expected=f"columns={{{measures[0]!r}: 'count'}} (or another of them) choosing the measure to read",
        )
    return None


# A PivotTable's value field: "Sum of Số vụ" / "Tổng của Số vụ" (the sum: the column itself), and "Count of Số vụ"
# / "Đếm của Số vụ" (the number of source rows holding a value: another measure), folded
_PIVOT_SUM = re.compile(r"^(?:sum of|tong cua|tong so cua) ")
_PIVOT_COUNT = re.compile(r"^(?:count of|dem cua|so dem cua|count numbers of|dem so cua) ")
# The captions of a PivotTable's row and column areas in its compact form, English and Vietnamese Excel (folded)
_PIVOT_CAPTIONS = frozenset({"row labels", "column labels", "nhan hang", "nhan cot"})


def _ward_instead(found: Sequence[str], mapping: Mapping[str, str]) -> Problem | None:
    """The problem of a table whose only place column is a ward's ("Phường/Xã", "Ward"), or None: a ward is
    not a district (most names are not unique across districts, and before the 2025 reform a district holds
    tens of wards), so the district is never guessed from it; the message says the two ways to read the file."""
    keys = {_key(a) for a in _ALIASES["ward"]}
    taken = {source for canon, source in mapping.items() if canon != "ward"}  # a register's ward: mapped
    wards = [c for c in found if c not in taken and _key(_UNIT_SUFFIX.sub("", c)) in keys]
    if not wards:
        return None
    return Problem(
        f"missing required column 'district': the table names places by ward only (column {wards[0]!r}), and "
        "a district is not guessed from a ward's name",
        row=1,
        column="district",
        expected="a district column (Quận/Huyện) beside the ward, or, when the wards are the units of the study "
        f"(after the 1 July 2025 reform), columns={{{wards[0]!r}: 'district'}}",
    )


# --------------------------------------------------------------------------------------------------------------
# Cell parsers: vectorised, each returning parsed values and raising with file/row/column on failure


def _codes(raw: RawTable, source: str) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes and distinct values: from the reader when it factorised the column, else computed."""
    if source in raw.encoded:
        return raw.encoded[source]
    codes, uniques = pd.factorize(raw.frame[source], use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


class Coded(NamedTuple):
    """A parsed column as each row's code into its distinct parsed values (a city's incident list has millions
    of rows and a few thousand distinct dates): checks and lookups run once per distinct value."""

    codes: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, column: pd.Series) -> Coded:
        codes, values = pd.factorize(column, use_na_sentinel=False)
        return cls(codes, np.asarray(values))

    def series(self, index: pd.Index) -> pd.Series:
        return pd.Series(self.values[self.codes], index=index)


def _problems(raw: RawTable, mask: np.ndarray, column: str, values: pd.Series, message: str, expected: str):
    idx = np.flatnonzero(mask)
    origin = raw.origin.get(column)
    return [
        Problem(
            message,
            file=raw.file,
            row=int(raw.rows[i]),
            column=str(origin[i]) if origin is not None else column,
            value=values.iloc[i],
            expected=expected,
        )
        for i in idx
    ]


_GROUPED = {sep: re.compile(rf"^\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+$") for sep in ".,"}
_ONE_SEP = {sep: re.compile(rf"^\d+{re.escape(sep)}\d+$") for sep in ".,"}
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?:([ \u00a0])\d{3})(?:\1\d{3})*$")


# A header stating its numbers in another unit: "Dân số (nghìn người)", "Số vụ (nghìn)", "Population ('000)",
# "Diện tích (ha)" (folded); a thousand or a million written as a number: "Dân số (1.000 người)", "(x1000)",
# "ĐVT: 1000 người"; or per area or per so many residents, a density or a rate: "Dân số (người/km2)",
# "(vụ/100.000 dân)". The values are not what the contract means; they are never rescaled silently.
_SCALED_UNIT = re.compile(
    r"(?<![a-z])(?:nghin|ngan|trieu|thous(?:ands?)?|millions?|mn|'000|000s|phan tram|percent)(?![a-z])|%"
    r"|(?:/|\bper\s)\s*(?:km ?[2²]|sq\.? ?km|ha\b|m ?[2²]|[\d.,]{3,}|nghin|ngan|thousand)"
    r"|(?<![\d.,])1(?:[.,\s]?000){1,2}(?![.,]?\d)"
)
# the unit in brackets or as the header's last word: "Diện tích (ha)", "Area ha" ("Hà Nội" in a header is a place)
_AREA_UNIT = re.compile(
    r"(?:[(\[]\s*|\s)(?P<u>ha|hecta|hectares?|m2|m²|acres?|sq\.? ?mi(?:les?)?|mi2|mi²|square miles?)\s*(?:[)\]]|$)"
)


# A unit stated above a table, for the columns whose header states none: "Đơn vị tính: Nghìn người", "ĐVT: ha",
# "Đơn vị: nghìn người" (folded title cells).
_UNIT_LINE = re.compile(r"(?:^|[\s(])(?:don vi tinh|dvt|don vi\s*:)\s*[:.]?\s*(?P<text>[^)]*)")


# a title's words in brackets: "(Nghìn người)", "(Thous. pers.)" (folded)
_TITLE_UNIT = re.compile(r"[(\[]\s*([^()\[\]]*?)\s*[)\]]")


def _check_unit(raw: RawTable, source: str, what: str, unit: re.Pattern[str], expected: str) -> None:
    """Refuse a column whose header states a unit other than the contract's (thousands of residents, hectares),
    or whose header states no unit under a title row that does ("Đơn vị tính: Nghìn người", "ĐVT: ha"): read as
    they are, its numbers would be off by a factor of a thousand or a hundred, without a word."""
    header = fold(source)
    found = unit.search(header)
    where = "the header states"
    if found is None and _UNIT_SUFFIX.search(source) is None:  # a unit in the header wins over the titles
        for title in raw.titles:
            line = _UNIT_LINE.search(fold(title))
            # the unit line's text, or a unit in brackets opening them: "Dân số trung bình (Nghìn người)",
            # "Average population (Thous. pers.)"
            texts = [line["text"].strip()] if line else _TITLE_UNIT.findall(fold(title))
            # one unit for the table ("Nghìn người"); a list of units for several columns ("Vụ, người, triệu
            # đồng") names none for this one
            found = next(
                (
                    m
                    for t in texts
                    if t and not re.search(r"[,;/&]| va ", t)
                    for m in [unit.search(" " + t)]
                    if m is not None and (line or m.start() <= 1)
                ),
                None,
            )
            if found is not None:
                where = f"the title row {title!r} states"
                break
    if found is not None:
        stated = found.groupdict().get("u") or found.group().strip()
        cells = raw.text(source)
        cells = cells[cells != ""]
        # whole numbers of five digits or more under "thousands": a spreadsheet that shows persons in thousands
        # by its number format ("#,##0.0,") stores the persons; the readers see what it stores
        persons = (
            _THOUSANDS.search(stated) is not None
            and not cells.empty
            and bool(cells.str.fullmatch(r"\d{5,}").all())
        )
        said = (
            f"; but its numbers ({cells.iloc[0]}, ...) look like counts, not thousands or millions: if the cells "
            'show thousands only by their number format ("#,##0.0,"), the file stores the counts and its header is '
            "what misleads"
            if persons
            else ": read as they are, the numbers would be off by that factor"
        )
        raise TrendsDataError(
            f"{where} the {what} in another unit ({stated!r}){said}",
            file=raw.file,
            row=1,
            column=source,
            expected=expected
            + ("; or the header without the unit, if the stored numbers are counts" if persons else ""),
        )


# a thousand or a million as a unit (folded): "nghìn", "ngàn", "triệu", "thousands", "'000", "1.000"
_THOUSANDS = re.compile(r"nghin|ngan|trieu|thous|million|\bmn\b|'?000")


def _decimal_text(text: pd.Series) -> pd.Series:
    """Numbers written with a decimal comma ("9,21", a Vietnamese locale's export) as "9.21", when the column
    uses no dot and every comma is a decimal one: one comma per cell, and not only groups of three digits after
    it ("1,234" alone could be a thousand; such a column is left as it is, to be refused as not a number)."""
    has = text.str.contains(",", regex=False)
    if not has.any() or text.str.contains(".", regex=False).any():
        return text
    cells = text[has]
    if not (cells.str.match(_ONE_SEP[","]).all() and (cells.str.split(",").str[1].str.len() != 3).any()):
        return text
    return text.str.replace(",", ".", regex=False)


_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")


def _parse_count(raw: RawTable, source: str, column: str = "count") -> np.ndarray:
    """Counts, with the separators decided per column from all its cells.

    ``1.234`` and ``1,234`` are thousands separators only if every cell of the column holding that character
    fits the reading (groups of three digits) and the decimal reading would not give whole numbers: a column
    mixing ``1234.000`` and ``123.000`` is decimal (1,234 and 123); a column whose only such cells are like
    ``123.000`` could be either, and is refused. A cell holding both (``221.893,0``, ``221,893.0``) groups with
    the first and ends with decimals.
    """
    _check_unit(
        raw,
        source,
        column,
        _SCALED_UNIT,
        f"whole numbers ({column}), not thousands, millions or a percentage",
    )
    text = raw.text(source)
    # a cell holding both separators states which is which: "221.893,0" (a Vietnamese locale) and "221,893.0"
    # group thousands with the first and end with decimals; read without the grouping, the decimals decided below
    shape = text
    for group, decimal in ((".", ","), (",", ".")):
        both = text.str.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+\{decimal}\d+").to_numpy(dtype=bool)
        if both.any():
            shape = shape.where(~both, text.str.replace(group, "", regex=False))
    cleaned = shape.where(~shape.str.match(_SPACE_GROUPED), shape.str.replace(r"[ \u00a0]", "", regex=True))
    problems: list[Problem] = []
    for sep in ".,":
        has = shape.str.contains(sep, regex=False).to_numpy()
        if not has.any():
            continue
        cells = shape[has]
        grouped = bool(cells.str.match(_GROUPED[sep]).all())
        one = cells.str.match(_ONE_SEP[sep])
        whole = bool(one.all()) and bool(cells.str.split(sep, regex=False).str[1].str.fullmatch("0+").all())
        if grouped and whole:
            problems += _problems(
                raw,
                has,
                source,
                text,
                f"ambiguous number: {sep!r} could separate thousands or decimals, and no cell of the column "
                "decides (such as 1234.000 or 1.234)",
                "whole numbers written without separators",
            )
        elif grouped:
            cleaned = cleaned.where(~has, cells.str.replace(sep, "", regex=False))
        elif sep == ".":  # decimals: "12.0" from a spreadsheet's float export is 12
            cleaned = cleaned.str.replace(r"\.0+$", "", regex=True)
        elif bool(
            one.all()
        ):  # a decimal comma (a Vietnamese locale's export): "12,0" is 12, "12,5" a fraction
            cleaned = cleaned.where(
                ~has, cells.str.replace(",", ".", regex=False).str.replace(r"\.0+$", "", regex=True)
            )
    if problems:
        raise TrendsDataError(problems)
    number = pd.to_numeric(cleaned, errors="coerce")
    # "1.2E+03": the text of a number that Excel displayed in scientific notation (a CSV saved from a column too
    # narrow, or a "General" cell of a long number): the digits not displayed are lost, so it is never read.
    sci = text.str.fullmatch(_SCIENTIFIC).to_numpy() & (
        number.to_numpy(dtype=float, na_value=np.nan) <= MAX_COUNT
    )
    problems += _problems(
        raw,
        sci,
        source,
        text,
        "a number in scientific notation, whose digits beyond those shown are lost",
        "the whole number (format the column as Number with 0 decimals before exporting)",
    )
    number = number.where(~sci)
    empty = (text == "").to_numpy()
    problems += _problems(raw, empty, source, text, "missing count", "a non-negative whole number")
    nonnum = (~empty) & ~sci & ~np.isfinite(number.to_numpy(dtype=float, na_value=np.nan))
    # a count in a cell formatted as a date or a time: the workbook hands over the date Excel shows (12 as
    # 12/01/1900); the number it stores is named, not read (a date typed there is stored the same way)
    serial = nonnum & text.str.match(_SERIAL_DAY).to_numpy(dtype=bool)
    for i in np.flatnonzero(serial):
        day = pd.Timestamp(text.iat[i]) - _EXCEL_EPOCH
        # Excel's 29/02/1900 (serial 60): the days before it are one serial less than days since the epoch
        stored = day.days - (day.days <= 60) + day.seconds / 86400
        problems += _problems(
            raw,
            np.arange(len(text)) == i,
            source,
            text,
            f"a date, not a number: a cell formatted as a date or time, storing {stored:g}",
            "the count column formatted as Number in Excel (a count typed there is then read as typed)",
        )
    nonnum &= ~serial
    problems += _problems(raw, nonnum, source, text, "not a number", "a non-negative whole number")
    num = number.to_numpy(dtype=float, na_value=np.nan)
    num[nonnum] = np.nan
    with np.errstate(invalid="ignore"):
        neg = num < 0
        frac = (num != np.floor(num)) & ~np.isnan(num) & ~neg
        huge = num > MAX_COUNT
    problems += _problems(raw, neg, source, text, "negative count", "a non-negative whole number")
    counted = {"population": "residents", "model_count": "models"}.get(column, "cases")
    problems += _problems(raw, frac, source, text, "fractional count", f"a whole number of {counted}")
    problems += _problems(
        raw, huge, source, text, f"implausibly large count (over {MAX_COUNT:,})", "a crime count"
    )
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    return num.astype(np.int64)


# a date within the first years of Excel's 1900 system, as a workbook hands over a number formatted as a date
_SERIAL_DAY = re.compile(r"^(?:1899-12-3[01]|190[0-3]-\d\d-\d\d)T\d\d:\d\d(?::\d\d)?$")
_ISO_OFFSET = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"
)


def _hanoi_time(local: pd.Series, zone: pd.Series) -> pd.Series:
    """ISO date-times (``local``, as written) at UTC offsets (``zone``: "Z", "UTC", "+07", "+0700", "-05:00") as the
    same instants in Hanoi's time, written "YYYY-MM-DDTHH:MM:SS" without an offset. One at midnight is a day (or
    a period's start) a database stored as a timestamp, and keeps its date: "2024-03-01T00:00:00Z" is 1 March."""
    z = (
        zone.replace({"UTC": "Z", "GMT": "Z"})
        .str.replace(r"^([+-]\d{2})$", r"\1:00", regex=True)
        .str.replace(r"^([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)
    )
    stamps = pd.to_datetime(local.str.replace(" ", "T", n=1) + z, utc=True, format="ISO8601", errors="coerce")
    out = stamps.dt.tz_convert(HANOI_OFFSET).dt.strftime("%Y-%m-%dT%H:%M:%S")
    midnight = local.str.fullmatch(r"\S+[ T]0?0:00(?::00(?:\.0+)?)?")
    # an impossible date (2024-02-30) is refused as written, below
    return out.where(stamps.notna() & ~midnight, local.str.replace(" ", "T", n=1))


_DATE_FORMATS: tuple[tuple[str, str | None], ...] = (
    # (regex of the text, pandas format; None = ISO 8601)
    (r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", None),
    (r"^\d{4}/\d{1,2}/\d{1,2}$", "%Y/%m/%d"),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y"),
    (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y"),
    (r"^\d{1,2}\.\d{1,2}\.\d{4}$", "%d.%m.%Y"),
    (r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?$", "mixed-dayfirst"),
    # ISO 8601's basic form, as databases export a date: "20240305" (year first, so never day-first)
    (r"^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$", "%Y%m%d"),
)


#: Dates that stand for "unknown" in police systems and spreadsheets (an empty date cell read as day 0 of a
#: system's epoch); refused rather than read as a crime recorded that day.
PLACEHOLDER_DATES: tuple[pd.Timestamp, ...] = tuple(
    pd.Timestamp(d) for d in ("1899-12-30", "1899-12-31", "1900-01-01", "1970-01-01")
)
#: Excel serials 1-60 cover 1900-01-01 .. 1900-02-28 and the non-existent 29/02/1900 (serial 60, which readers
#: show as 28/02/1900): no recorded date lies there.
EARLIEST_DATE = pd.Timestamp("1900-03-01")
#: A year typed into a date-formatted Excel cell (2023) is read as that serial day: 15/07/1905. The years 1900 ..
#: 2100 so typed all land between these dates, where no recorded date of this library's data lies.
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
YEAR_AS_SERIAL = (_EXCEL_EPOCH + pd.Timedelta(days=1900), _EXCEL_EPOCH + pd.Timedelta(days=2100))
#: The same years in a workbook of Mac Excel's 1904 date system (``date1904``, day 0 = 01/01/1904) land in 1909.
_MAC_EPOCH = pd.Timestamp("1904-01-01")
YEAR_AS_SERIAL_1904 = (_MAC_EPOCH + pd.Timedelta(days=1900), _MAC_EPOCH + pd.Timedelta(days=2100))
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
# a day-first date and a time "14.30" (an hour under 24, minutes under 60): the time with a colon
# a date with a time in the shapes read without one ("05-03-2024", "05.03.2024", "2024/03/05"), rewritten to those
# read with one ("05/03/2024 22:30", "2024-03-05 22:30"): the same order of day and month
_DAY_FIRST_TIMED = re.compile(r"^(\d{1,2})([-.])(\d{1,2})\2(\d{4})(?=\s+\d{1,2}:\d{2}(?::\d{2})?$)")
_YEAR_FIRST_TIMED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?=\s+\d{1,2}:\d{2}(?::\d{2})?$)")
_DOTTED_TIME = re.compile(r"^(\d{1,2}/\d{1,2}/\d{4})\s+([01]?\d|2[0-3])\.([0-5]\d)$")


# Why a cell is no date (``_why_not_a_date``'s codes 1 ..): (problem, expected)
_NOT_A_DATE = (
    (
        "unparseable date: a quarter or a year, too coarse to place in a month",
        "the day, such as 05/03/2024 (a register also reads a month, 'T6/2023', as its first or last day)",
    ),
    (
        "unparseable date: a date with a note in brackets ('dự kiến': planned, 'ước': estimated ...), not a "
        "recorded date",
        "the date alone, once it has happened (a planned model or case is left out until then)",
    ),
    (
        "unparseable date: a year outside 1900 .. 2262, mistyped or of another calendar (a Buddhist-era year "
        "runs 543 ahead: 2567 is 2024)",
        "a date of the Gregorian calendar, such as 05/03/2024",
    ),
    (
        "unparseable date: no such day in the calendar (a month over 12, as in a month-first 12/31/2023; a day "
        "past the month's end; or 29 February in a year that is not a leap year)",
        "a date that exists, such as 05/03/2024",
    ),
    (
        "unparseable date: a span of two dates in one cell (from .. to), not one date",
        "one date per cell (a register: the start here and the end in its end column; an incident list: the "
        "day the crime occurred)",
    ),
)
# two dates in one cell, "01/06/2023 - 30/06/2024", "từ 05/03/2024 đến 06/03/2024" (folded)
_SPAN_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|(?:t|thang)?\s*\d{1,2}/\d{4}"
_DATE_SPAN = re.compile(
    rf"(?:tu\s+(?:ngay\s+)?)?(?:{_SPAN_DATE})\s*(?:-|–|—|~|den\s+(?:ngay\s+)?|to\s+)\s*(?:{_SPAN_DATE})"
)
_YEAR_ALONE = re.compile(r"(?:nam\s*)?(?:19|20)\d\d")
_DATE_NOTE = re.compile(r"^(?P<date>.*?\d)\s*[(\[](?P<note>[^()\[\]\d]*[^\W\d_][^()\[\]\d]*)[)\]]$")


def _why_not_a_date(written: str, text: str, shaped: bool) -> int:
    """Why ``written`` (a cell no date was read from; ``text``: as the date parser saw it, ``shaped``: it has
    a date format's shape) is no date, as a code into ``_NOT_A_DATE`` (0: not said)."""
    folded = fold(written).strip()
    if _YEAR_ALONE.fullmatch(folded) or (_quarter_of(written) or (None,))[0] is not None:
        return 1
    if _DATE_SPAN.fullmatch(folded):
        return 5
    note = _DATE_NOTE.match(written.strip())
    if note and any(re.match(p, note["date"].strip()) for p, _ in _DATE_FORMATS):
        return 2
    if shaped:
        year = re.search(r"\d{4}", text)
        return 3 if year and not 1900 <= int(year.group()) <= 2262 else 4
    return 0


def _parse_dates(
    raw: RawTable,
    source: str,
    *,
    required: bool = True,
    dayfirst: bool = True,
    today: pd.Timestamp | None = None,
    future: bool = False,
) -> Coded:
    """Parse a date column. Day-first (Vietnamese convention: 05/03/2020 is 5 March) unless ``dayfirst=False``.
    ``future=True`` accepts dates after today (a register's planned end date), with a warning naming them.

    Returns each row's code into the distinct parsed dates: each distinct text is parsed once (an incident list
    of millions of rows holds a few thousand dates); ``.series(index)`` gives the dates row by row.
    """
    codes, uniques = _codes(raw, source)
    text = pd.Series(uniques, dtype=object).astype(str)
    written = text.copy()
    # ISO 8601 with a time-zone offset ("2024-03-05T14:30:00+07:00", "...Z"): an instant, read as Hanoi's time
    # (UTC+07:00, the library's one local time): 2024-03-31T20:00:00Z happened on 1 April in Hanoi. Said, with
    # the dates that moved to another day than written.
    offset = text.str.extract(_ISO_OFFSET)
    with_offset = offset[0].notna()
    if with_offset.any():
        text[with_offset] = _hanoi_time(offset.loc[with_offset, 0], offset.loc[with_offset, 1])
        zones = sorted(set(offset.loc[with_offset, 1]))
        moved = (text[with_offset].str[:10] != offset.loc[with_offset, 0].str[:10]).sum()
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column {source!r}: read the dates and times with a time-zone offset "
                f"({shortlist(zones, 5)}) as Hanoi's time (UTC+07:00)"
                + (f"; {moved} distinct date(s) fall on another day than written" if moved else "")
            ),
            stacklevel=user_stacklevel(),
        )
    worded = text.str.contains(r"[^\W\d_]", regex=True)  # a letter: "ngày 16 tháng 3 năm 2024", "14h30 ..."
    weekday = np.full(len(text), -1)
    if worded.any():
        # the day of the week a case-management export writes with the date ("Thứ Hai, 05/03/2024", "Tue
        # 05/03/2024", "05/03/2024 (Thứ Ba)"): removed, and checked against the date below
        days = text[worded].map(_weekday_of)
        weekday[worded.to_numpy()] = [d for _, d in days]
        text[worded] = [t for t, _ in days]
        text[worded] = text[worded].map(_named_month_date).map(_vietnamese_date)
    dotted = text.str.contains(".", regex=False)
    if dotted.any():  # a time written "14.30" after a date: "05/03/2024 14.30" (an hour and its minutes)
        text[dotted] = text[dotted].str.replace(_DOTTED_TIME, r"\1 \2:\3", regex=True)
    timed = text.str.match(
        r"\d{1,2}[-.]\d{1,2}[-.]\d{4}\s|\d{4}/\d{1,2}/\d{1,2}\s"
    )  # fails on the first characters
    if (
        timed.any()
    ):  # a time after a date of another shape: "05-03-2024 22:30", "05.03.2024 22:30", "2024/03/05 ..."
        text[timed] = (
            text[timed]
            .str.replace(_DAY_FIRST_TIMED, r"\1/\3/\4", regex=True)
            .str.replace(_YEAR_FIRST_TIMED, r"\1-\2-\3", regex=True)
        )
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    matched = np.zeros(len(text), dtype=bool)
    for pattern, fmt in _DATE_FORMATS:
        sel = text.str.match(pattern).to_numpy() & ~matched
        if not sel.any():
            continue
        matched |= sel
        sub = text[sel]
        if fmt is None:
            got = pd.to_datetime(sub, format="ISO8601", errors="coerce")
        elif fmt == "mixed-dayfirst":
            got = pd.to_datetime(sub, dayfirst=dayfirst, errors="coerce", format="mixed")
        else:
            if not dayfirst and fmt.startswith("%d"):
                fmt = fmt.replace("%d", "%@").replace("%m", "%d").replace("%@", "%m")
            got = pd.to_datetime(sub, format=fmt, errors="coerce")
        parsed[sel] = got.dt.tz_localize(None).astype("datetime64[ns]") if got.dt.tz else got
    today = today or pd.Timestamp.today().normalize()
    empty_u = (text == "").to_numpy()
    time_u = text.str.match(_TIME_ONLY).to_numpy()
    bad_u = ~empty_u & ~time_u & parsed.isna().to_numpy()
    # a bare number of an Excel date serial's size (20000-80000: 1954-2119) in a cell not formatted as a date
    serial_u = bad_u & text.str.fullmatch(r"[2-7]\d{4}(?:\.0+)?").to_numpy()
    bad_u &= ~serial_u
    # why a cell is no date, when it can be told: a quarter or a year, a date with a note, a year out of range,
    # a day the calendar does not have
    why = np.zeros(len(text), dtype=np.int8)
    for i in np.flatnonzero(bad_u):
        why[i] = _why_not_a_date(str(written.iat[i]), str(text.iat[i]), bool(matched[i]))
    bad_u &= why == 0
    checks = [
        (
            empty_u if required else np.zeros_like(empty_u),
            "missing date",
            "a date such as 2024-03-05 or 05/03/2024",
        ),
        (
            time_u,
            "a time of day, not a date (an h:mm cell, or a date cell holding 0)",
            "a date such as 2024-03-05 or 05/03/2024",
        ),
        (bad_u, "unparseable date", "a date such as 2024-03-05 or 05/03/2024"),
        *((why == k, message, expected) for k, (message, expected) in enumerate(_NOT_A_DATE, start=1)),
        (
            serial_u,
            "a number, not a date: it looks like an Excel date serial (days after 30/12/1899) in a cell that is "
            "not formatted as a date",
            "the column formatted as Date in Excel before export, or a date such as 2024-03-05",
        ),
        (
            (parsed > today + pd.Timedelta(days=1)).to_numpy() & (not future),
            "date in the future",
            f"a date on or before {today.date()}",
        ),
        (
            (parsed.between(*YEAR_AS_SERIAL) | parsed.between(*YEAR_AS_SERIAL_1904)).to_numpy(),
            "a date in 1905 (or 1909 in a workbook of Mac Excel's 1904 date system): a year (such as 2023) typed "
            "into a date-formatted spreadsheet cell, read as that many days after 30/12/1899 (01/01/1904)",
            "the full date (day, month and year)",
        ),
        (
            parsed.dt.normalize().isin(PLACEHOLDER_DATES).to_numpy(),
            "a placeholder date (01/01/1900, 01/01/1970, 30/12/1899 or 31/12/1899 stand for an unknown date), "
            "not a recorded date",
            "the date the crime was recorded",
        ),
        (
            (parsed < EARLIEST_DATE).to_numpy() & ~parsed.dt.normalize().isin(PLACEHOLDER_DATES).to_numpy(),
            "date before 1900, or an Excel serial of 60 or less (up to the non-existent 29/02/1900)",
            "a recorded date",
        ),
    ]
    stated = weekday >= 0
    actual = parsed.dt.dayofweek.to_numpy(dtype=float, na_value=np.nan)
    for day in sorted({int(d) for d in weekday[stated & (actual != weekday) & ~np.isnan(actual)]}):
        checks.append(
            (
                stated & (weekday == day) & (actual != day) & ~np.isnan(actual),
                f"the day of the week written with the date is not the date's ({_WEEKDAYS[day]}, but the date "
                "falls on another day)",
                "the date and its day of the week agreeing (a mistyped day or date?)",
            )
        )
    problems: list[Problem] = []
    values = raw.frame[source]
    for mask_u, message, expected in checks:
        if mask_u.any():
            problems += _problems(raw, mask_u[codes], source, values, message, expected)
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    if stated.any():
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column {source!r}: removed the day of the week written with the dates "
                f"({int(stated[codes].sum())} cell(s), as in {str(uniques[int(np.argmax(stated))])!r}); each agrees "
                "with its date"
            ),
            stacklevel=user_stacklevel(),
        )
    later = (parsed > today + pd.Timedelta(days=1)).to_numpy()
    if future and later[codes].any():
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column {source!r}: {int(later[codes].sum())} date(s) after today (rows "
                f"{shortlist([str(int(r)) for r in raw.rows[later[codes]]], 5, ', ')}), read as planned: "
                "the model counts as active until then"
            ),
            stacklevel=user_stacklevel(),
        )
    return Coded(codes, parsed.to_numpy(dtype="datetime64[ns]"))


# A date written out ("ngày 16 tháng 3 năm 2024") and a time of day "14h30", "14h", "14 giờ 30", "14h30'" (the
# minutes' mark) (folded text).
_LONG_DATE = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|/|-)\s*(\d{4})")
_HOUR = re.compile(r"(?<![\d:])(\d{1,2})\s*(?:gio|h|g)\s*(\d{2})?(?:\s*(?:phut|p)\b|')?(?![\d:])")
_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}")
# a 12-hour clock with its mark: "2:30:00 CH" (chiều: afternoon) and "9:15 SA" (sáng: morning), as Windows writes
# a time in Vietnamese; "02:30 PM", "9:15 a.m." (folded text)
_CLOCK_12 = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(sa|ch|am|pm|a\.m\.|p\.m\.)(?![a-z])")


# (the day as "Thứ Ba", "Thứ 3" or "T3", "Chủ nhật" or "CN"; English "Tue")
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_VI_DAY = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5, **{str(n): n - 2 for n in range(2, 8)}}
_WEEKDAY = re.compile(
    r"\(?\s*(?:thu\s*(?P<vi>hai|bay|ba|tu|nam|sau|[2-7])|t\.?\s*(?P<vt>[2-7])|(?P<cn>chu\s*nhat|cn)"
    r"|(?P<en>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?)(?![a-z])\s*\)?"
)
_WEEKDAY_AT = (
    re.compile(r"^" + _WEEKDAY.pattern + r"\s*[,;:-]?\s*"),
    re.compile(r"\s*[,;-]?\s*" + _WEEKDAY.pattern + r"$"),
)


def _weekday_of(text: str) -> tuple[str, int]:
    """A date cell without the day of the week written before or after it, and that day (0 = Monday), or the
    text unchanged and -1. Only a cell whose remainder holds a digit is taken (a day name alone is no date)."""
    key = fold(text)
    for at in _WEEKDAY_AT:
        m = at.search(key)
        if m is None:
            continue
        rest = key[: m.start()] + key[m.end() :]
        if not re.search(r"\d", rest):
            continue
        day = (
            _VI_DAY[m["vi"] or m["vt"]]
            if m["vi"] or m["vt"]
            else 6
            if m["cn"]
            else ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(m["en"])
        )
        return rest.strip(), day
    return text, -1


# A date with an English month name, as Excel's "d-mmm-yy" / "d mmmm yyyy" formats and English systems write it:
# "05-Mar-2024", "5-Mar-24", "5 March 2024", "March 5, 2024" (folded text; the name makes the order unambiguous,
# and a two-digit year is this century's, as in a "Mar-24" period)
_MONTH_WORDS = {
    name: k
    for k, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in {full, full[:3], full[:4]}
}
_NAMED_MONTH_DATE = re.compile(
    r"(?P<d>\d{1,2})[-\s/.]+(?P<b>[a-z]{3,9})\.?[-\s/.,]+(?P<y>\d{4}|\d{2})"
    r"|(?P<b2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4})"
)


def _named_month_date(text: str) -> str:
    """A date written with an English month name ("05-Mar-2024", "March 5, 2024"; a time may follow) as
    "dd/mm/yyyy [time]"; any other text unchanged."""
    m = _NAMED_MONTH_DATE.match(fold(text).strip())
    if m is None:
        return text
    month = _MONTH_WORDS.get(m["b"] or m["b2"])
    rest = fold(text).strip()[m.end() :].strip()
    if month is None or (rest and re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", rest) is None):
        return text
    year = m["y"] or m["y2"]
    year = str(2000 + int(year)) if len(year) == 2 else year
    return f"{int(m['d'] or m['d2']):02d}/{month:02d}/{year}" + (f" {rest}" if rest else "")


def _vietnamese_date(text: str) -> str:
    """A date cell as police logs write it, as "dd/mm/yyyy [hh:mm]": "ngày 16 tháng 3 năm 2024",
    "14h30 ngày 15/03/2024", "15/03/2024 lúc 14h30", "14 giờ 30 ngày 15/03/2024". Any other text unchanged."""
    key = fold(text)
    long = _LONG_DATE.search(key)
    date = f"{int(long[1]):02d}/{int(long[2]):02d}/{long[3]}" if long else None
    rest = key if long is None else key[: long.start()] + " " + key[long.end() :]
    if date is None:
        numeric = _NUMERIC_DATE.search(key)
        if numeric is None:
            return text
        date, rest = numeric.group(), key[: numeric.start()] + " " + key[numeric.end() :]
    clock = _CLOCK_12.search(rest)
    if clock is not None and 1 <= int(clock[1]) <= 12:
        h = int(clock[1]) % 12 + (12 if clock[4][0] in "cp" else 0)
        left = rest[: clock.start()] + " " + rest[clock.end() :]
        if re.sub(r"[\s,.;]|\b(?:ngay|luc|vao|hoi)\b", "", left) or int(clock[2]) > 59:
            return text
        return f"{date} {h:02d}:{clock[2]}" + (f":{clock[3]}" if clock[3] and clock[3] != "00" else "")
    hour = _HOUR.search(rest)
    leftover = rest if hour is None else rest[: hour.start()] + " " + rest[hour.end() :]
    if re.sub(r"[\s,.;]|\b(?:ngay|luc|vao|hoi)\b", "", leftover):
        return text  # other words or numbers: not a date written this way
    if hour is None:
        return date
    h, m = int(hour[1]), int(hour[2] or 0)
    return f"{date} {h:02d}:{m:02d}" if h < 24 and m < 60 else text


#: A date more than this far outside the bulk of an incident list (its 0.1 % .. 99.9 % quantiles, and at
#: least its second-earliest and second-latest dates) is a typo, not a record.
STRAY_MARGIN = pd.DateOffset(years=2)
MIN_ROWS_FOR_STRAYS = 20


def _check_strays(raw: RawTable, source: str, dates: Coded) -> None:
    """Refuse lone dates far outside the bulk of the data: one such row would stretch the study's span."""
    per_value = np.bincount(dates.codes, minlength=len(dates.values))
    present = ~np.isnat(dates.values) & (per_value > 0)
    order = np.flatnonzero(present)[np.argsort(dates.values[present], kind="stable")]
    below = np.cumsum(per_value[order])  # distinct dates only: no sort of millions of rows
    n = int(below[-1]) if len(below) else 0
    if n < MIN_ROWS_FOR_STRAYS:
        return
    k = max(1, int(np.ceil(0.001 * n)))  # the tail left out of the bulk: 0.1 %, and at least one date

    def nth(i: int) -> pd.Timestamp:  # the i-th smallest date (0-based)
        return pd.Timestamp(dates.values[order[int(np.searchsorted(below, i + 1))]])

    low, high = nth(k), nth(n - 1 - k)
    lo, hi = low - STRAY_MARGIN, high + STRAY_MARGIN
    far_value = present & ((dates.values < lo.to_datetime64()) | (dates.values > hi.to_datetime64()))
    if far_value.any():
        raise TrendsDataError(
            _problems(
                raw,
                far_value[dates.codes],
                source,
                raw.frame[source],
                f"a date far outside the bulk of the data ({low.date()} .. {high.date()}); one such row would "
                "stretch the study's span",
                "a date within two years of the others (a typo in the year?), or remove the row",
            )
        )


_PERIOD_CLASSES: tuple[tuple[str, str, str], ...] = (
    # (frequency, regex, how to build a parseable string)
    ("year", r"^(?:Năm|Nam)?\s*(?P<y>\d{4})(?:\.0)?$", "{y}-01-01"),
    ("quarter", r"^(?P<y>\d{4})\s*[-/ ]?\s*Q(?P<q>[1-4])$", "Q"),
    # "Quý 1/2024", "Quý I/2024", "Quý II năm 2024"
    ("quarter", r"^(?:Q|Quý|Quy)\s*(?P<q>[1-4]|IV|I{1,3})\s*(?:[-/ ]|\s(?:năm|nam)\s)\s*(?P<y>\d{4})$", "Q"),
    ("month", r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$", "{y}-{m}-01"),
    # "T1/2024", "Th.1/2024", "Tháng 01-2024", "Tháng 1 năm 2024"
    (
        "month",
        r"^(?:(?:T|Th|Tháng|Thang|M)\.?)?\s*(?P<m>\d{1,2})(?:[-/.]|\s+(?:năm|nam)\s+)(?P<y>\d{4})$",
        "{y}-{m}-01",
    ),
    ("date", r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]00:00(?::00)?)?$", "{y}-{m}-{d}"),
    # the same date written day first, as a CSV saved from a date-formatted period column shows it ("01/03/2024"; a
    # month-first "03/01/2024" is no period start, and refused as a day)
    ("date", r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?: 0?0:00(?::00)?)?$", "{y}-{m}-{d}"),
)


def _give_title_year(
    raw: RawTable, source: str, text: pd.Series, rest: np.ndarray, klass: pd.Series, out: pd.Series
) -> None:
    """Period cells naming a month or a quarter without its year ("Tháng 1", "T1", "Quý I") read in the one year
    the title rows or the sheet name state ("NĂM 2024"), as such a column's header would be, with a warning;
    ``klass`` and ``out`` are filled in place. Left unread (refused as unparseable) when no one year is stated,
    or when a table stacked below states another."""
    yearless: dict[str, tuple[str, pd.Timestamp]] = {}
    for value in pd.unique(text[rest]) if rest.any() else ():
        if not re.search(r"[a-z]", fold(str(value))):  # "1" alone: a number, not a month named
            continue
        for kind, read, months in (("month", _month_of, 1), ("quarter", _quarter_of, 3)):
            got = read(str(value))
            if got is not None and got[0] is None:
                yearless[str(value)] = kind, pd.Timestamp(year=2000, month=(got[1] - 1) * months + 1, day=1)
                break
    if not yearless:
        return
    years = _years_stated((*raw.titles, _sheet_name(raw)))
    if len(years) != 1 or any(_years_stated(titles) - years for _, titles in raw.sections):
        return
    year = years.pop()
    for value, (kind, start) in yearless.items():
        sel = rest & (text == value).to_numpy()
        klass[sel], out[sel] = kind, start.replace(year=year)
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: column {source!r}: read the periods without a year ({shortlist([repr(v) for v in yearless], 5)}) "
            f"in {year}, the year the title rows or the sheet name state"
        ),
        stacklevel=user_stacklevel(),
    )


def _parse_periods(raw: RawTable, source: str) -> tuple[pd.Series, Freq]:
    """Parse period labels (2020, 2020-03, 03/2020, T3/2020, 2020Q1, Quý 1/2020, 2020-03-01) to period starts."""
    text = raw.text(source)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    klass = pd.Series("", index=text.index, dtype=object)
    for kind, pattern, _ in _PERIOD_CLASSES:
        parts = text.str.extract(pattern, flags=re.IGNORECASE)
        sel = parts.notna().any(axis=1).to_numpy() & (klass == "").to_numpy()
        if not sel.any():
            continue
        p = parts[sel]
        y = p["y"].astype(int)
        if kind == "year":
            month, day = pd.Series(1, index=p.index), pd.Series(1, index=p.index)
        elif kind == "quarter":
            quarter = p["q"].str.upper().map(lambda q: _ROMAN.get(q.lower()) or int(q))
            month, day = (quarter.astype(int) - 1) * 3 + 1, pd.Series(1, index=p.index)
        elif kind == "month":
            month, day = p["m"].astype(int), pd.Series(1, index=p.index)
        else:
            month, day = p["m"].astype(int), p["d"].astype(int)
        stamps = pd.to_datetime(
            pd.DataFrame({"year": y, "month": month, "day": day}), errors="coerce"
        ).astype("datetime64[ns]")
        out[sel] = stamps
        klass[sel] = kind
    # any other label a month or quarter column's header may be ("Tháng III/2024", "2024M01", "Jan-2024",
    # "T1/24", "Q1/24"), read as that header is, when it states the year
    rest = (klass == "").to_numpy() & (text != "").to_numpy()
    police: dict[str, str] = {}
    for value in pd.unique(text[rest]) if rest.any() else ():
        label = _period_label(str(value))
        span = _DATE_SPAN.fullmatch(fold(str(value)).strip())
        got = None if label is not None or span is None else _span_period(span)
        if (
            got is not None
        ):  # "15/12/2023 - 14/01/2024": a police month, or a calendar month written as its days
            label = got[0], pd.Timestamp(got[1] + ("-01" if got[0] == "month" else "-01-01"))
            if got[2]:
                police[got[0]] = str(value)
        if label is not None:
            sel = rest & (text == value).to_numpy()
            klass[sel], out[sel] = label
    _give_title_year(raw, source, text, rest & (klass == "").to_numpy(), klass, out)
    for kind, example in police.items():
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column {source!r}: periods written as their days (as {example!r}) state "
                f"{POLICE_PERIOD[kind]}"
            ),
            stacklevel=user_stacklevel(),
        )
    problems: list[Problem] = []
    empty = (text == "").to_numpy()
    problems += _problems(
        raw, empty, source, text, "missing period", "a period such as 2024-03, 2024Q1 or 2024"
    )
    bad = ~empty & out.isna().to_numpy()
    problems += _problems(
        raw,
        bad,
        source,
        text,
        "unparseable period",
        "a period such as 2024-03, 03/2024, 2024Q1 or 2024" + _stata_date_hint(raw, text[bad]),
    )
    notstart = (klass == "date").to_numpy() & (out.dt.day != 1).to_numpy() & ~bad
    problems += _problems(
        raw, notstart, source, text, "a day, not a period", "the first day of a month, quarter or year"
    )
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    # Dates given as period starts take the frequency of the whole column; explicit labels must agree.
    labelled = klass[klass != "date"]
    kinds = labelled.value_counts()
    if len(kinds) > 1:
        minority = kinds.index[-1]
        mask = (klass == minority).to_numpy()
        raise TrendsDataError(
            _problems(
                raw,
                mask,
                source,
                text,
                f"mixed frequencies: { ({k: int(v) for k, v in kinds.items()}) } periods in one column; this row is a {minority}",
                f"one frequency ({kinds.index[0]}) throughout; aggregate first",
            )
        )
    freq = kinds.index[0] if len(kinds) else None
    if freq is None:  # only dates: the column's frequency is what its period starts say
        try:
            freq = infer_freq(out)
        except TrendsDataError as exc:
            raise TrendsDataError(str(exc), file=raw.file, column=source) from None
    else:  # labels fix the frequency; dates among them must be starts of such periods
        allowed = {"year": [1], "quarter": [1, 4, 7, 10], "month": list(range(1, 13))}[freq]
        off = ((klass == "date") & ~out.dt.month.isin(allowed)).to_numpy()
        if off.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    off,
                    source,
                    text,
                    f"mixed frequencies: a date that does not start a {freq}",
                    f"{freq} periods throughout",
                )
            )
    today = pd.Timestamp.today()
    future = (out > today).to_numpy()
    if future.any():
        raise TrendsDataError(
            _problems(
                raw,
                future,
                source,
                text,
                "period in the future",
                f"a period starting on or before {today.date()}",
            )
        )
    return out, freq


def _stata_date_hint(raw: RawTable, bad: pd.Series) -> str:
    """For a Stata file whose period column holds bare numbers: a date stored without its display format (768
    is 2024m1 as ``%tm``), which the file cannot tell from a count."""
    if not raw.file.lower().rstrip().endswith(".dta") or not bad.str.fullmatch(r"-?\d+").all():
        return ""
    return (
        "; in a Stata file, a date stored as a number without its date format (768 is 2024m1 in months since "
        "1960): in Stata, format the column (format period %tm, or %tq, %td) and save the file again"
    )


def _parse_text(
    raw: RawTable,
    source: str,
    column: str,
    *,
    required: bool = True,
    category: bool = False,
    one_case: bool = False,
) -> pd.Series:
    """A text column, cleaned; ``category=True``: as a categorical (one copy of each label, for long lists);
    ``one_case``: labels that differ only in capitals are one label (:func:`_one_case`)."""
    codes, labels = _text_codes(raw, source, column, required=required)
    if one_case:
        labels = _one_case(raw, source, codes, labels)
    return _labels(codes, labels, raw.frame.index, category)


def _one_case(raw: RawTable, source: str, codes: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Labels that differ only in capitals ("CAMERA AN NINH", "Camera an ninh"; "TRỘM CẮP" in one month's
    rows) written as the spelling most rows use, with a warning: a category typed in capitals is the same
    category, and two of them would split its counts. Once per distinct label."""
    present = np.bincount(codes, minlength=len(labels)) if len(codes) else np.zeros(len(labels), dtype=int)
    rows: dict[str, dict[str, int]] = {}
    for label, n in zip(labels.tolist(), present.tolist(), strict=True):
        if n:
            spellings = rows.setdefault(str(label).casefold(), {})
            spellings[label] = spellings.get(label, 0) + n
    chosen = {
        key: max(spellings, key=lambda s: spellings[s])  # the commonest; the first seen on a tie
        for key, spellings in rows.items()
        if len(spellings) > 1
    }
    if not chosen:
        return labels
    out = np.array([chosen.get(str(label).casefold(), label) for label in labels.tolist()], dtype=object)
    changed = [
        f"{a!r} -> {chosen[k]!r}"
        for k, spellings in rows.items()
        if k in chosen
        for a in spellings
        if a != chosen[k]
    ]
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: read labels of column {source!r} that differ only in capitals as one ("
            + shortlist(changed, 5)
            + "), written as most rows write them"
        ),
        stacklevel=user_stacklevel(),
    )
    return out


def _labels(codes: np.ndarray, labels: np.ndarray, index: pd.Index, category: bool) -> pd.Series:
    """Each row's label: object text, or a categorical of the distinct labels."""
    if not category:
        return pd.Series(labels[codes], index=index, dtype=object)
    again, distinct = pd.factorize(labels)  # labels equal after cleaning become one category
    return pd.Series(
        pd.Categorical.from_codes(again[codes], categories=pd.Index(distinct, dtype=object), validate=False),
        index=index,
    )


def _text_codes(
    raw: RawTable, source: str, column: str, *, required: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Codes and labels of a text column: NFC, tone marks in one place ("Huỷ hoại" = "Hủy hoại"), once per
    distinct value; a missing value is an error when ``required``."""
    _refuse_non_text(raw, source)
    codes, uniques = _codes(raw, source)
    labels = np.array([canonical_tone(str(u)) for u in uniques], dtype=object)
    codes, labels = _unescape_entities(raw, source, codes, labels)
    codes, labels = _strip_list_marks(raw, source, codes, labels)
    legacy = np.array([legacy_font(str(u)) for u in labels], dtype=bool)
    if legacy.any():  # read as they are, such labels would be new categories of garbled names
        raise TrendsDataError(
            _problems(
                raw,
                legacy[codes],
                source,
                raw.frame[source],
                _legacy_hint(raw, codes, labels),
                f"a {column} in Unicode",
            )
        )
    structured = np.array([_json_value(str(u)) for u in labels], dtype=bool)
    if structured.any():  # a web application's field of several values: one label, or several, is not in it
        raise TrendsDataError(
            _problems(
                raw,
                structured[codes],
                source,
                raw.frame[source],
                "a JSON value (a list or record written by a web application), not one label",
                f"one {column} per cell, as text",
            )
        )
    if required:
        empty = (labels == "")[codes]  # by row: the labels may hold values of rows dropped since (subtotals)
        if empty.any():
            raise TrendsDataError(
                _problems(raw, empty, source, raw.frame[source], f"missing {column}", f"a {column} value")
            )
    return codes, labels


def _legacy_hint(raw: RawTable, codes: np.ndarray, labels: np.ndarray) -> str:
    """Why labels in an old font encoding are refused: a column that mixes them with Unicode Vietnamese (which
    the reader converts only whole) names a Unicode cell too."""
    unicode = np.array([_UNICODE_VIETNAMESE.search(str(u)) is not None for u in labels], dtype=bool)[codes]
    if not unicode.any():
        return LEGACY_FONT_HINT
    i = int(np.flatnonzero(unicode)[0])
    return (
        f"the column mixes Unicode (row {int(raw.rows[i])} {labels[codes[i]]!r}) with text in an old font "
        f"encoding, which cannot be told apart cell by cell; {LEGACY_FONT_HINT}"
    )


# An HTML character reference a web application left in its CSV: "Ho&agrave;n Kiếm", "Tr&#7897;m", "&amp;".
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _unescape_entities(
    raw: RawTable, source: str, codes: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Labels holding HTML character references written as their characters ("Ho&agrave;n Kiếm" is "Hoàn
    Kiếm"), with a warning: left as they are, they would be unknown districts or offences of their own, splitting
    a label's counts."""
    return _rewrite_labels(
        raw,
        source,
        codes,
        labels,
        lambda label: "&" in label and _ENTITY.search(label) is not None,
        # "&nbsp;": a space
        lambda label: canonical_tone(unicodedata.normalize("NFC", " ".join(html.unescape(label).split()))),
        lambda n: "read HTML character references as their characters",
    )


# A list's mark before a label ("• Trộm cắp tài sản", "- Ba Đình", "·Cướp giật"): not part of the name
_LIST_MARK = re.compile(r"^[•·‣◦▪∙●○■□►▸*+\-–—]+\s*(?=[^\W\d_])")


def _strip_list_marks(
    raw: RawTable, source: str, codes: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Labels without the list mark a clerk typed before them, with a warning: left on, "• Trộm cắp tài sản"
    would be an offence apart from "Trộm cắp tài sản", splitting its count."""
    return _rewrite_labels(
        raw,
        source,
        codes,
        labels,
        lambda label: _LIST_MARK.match(label) is not None,
        lambda label: _LIST_MARK.sub("", label),
        lambda n: f"read {n} label(s) without the list mark before them",
    )


def _rewrite_labels(
    raw: RawTable,
    source: str,
    codes: np.ndarray,
    labels: np.ndarray,
    wrong: Callable[[str], bool],
    rewrite: Callable[[str], str],
    said: Callable[[int], str],
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``labels`` that are ``wrong`` rewritten, with one warning (``said`` of their number) showing
    up to five of them; labels that become one are one (codes factorised again)."""
    found = [i for i, label in enumerate(labels.tolist()) if wrong(label)]
    if not found:
        return codes, labels
    shown = [str(labels[i]) for i in found]
    for i in found:
        labels[i] = rewrite(str(labels[i]))
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: column {source!r}: {said(len(found))} ("
            + shortlist([f"{a!r} -> {labels[i]!r}" for a, i in zip(shown, found, strict=True)], 5)
            + ")"
        ),
        stacklevel=user_stacklevel(),
    )
    again, distinct = pd.factorize(labels)
    return again[codes], np.asarray(distinct, dtype=object)


def _json_value(text: str) -> bool:
    """Whether a cell is a JSON list or record (``["Trộm cắp", "Cướp giật"]``, ``{"name": "Ba Đình"}``)."""
    if text[:1] + text[-1:] not in ("[]", "{}"):
        return False
    try:
        return isinstance(json.loads(text), list | dict)
    except ValueError:
        return False


def _refuse_non_text(raw: RawTable, source: str) -> None:
    """A Parquet struct, list or binary column is not a column of labels (its cells would read as reprs)."""
    kind = raw.nontext.get(source)
    if kind is not None:
        raise TrendsDataError(
            f"the column holds {kind} values, not text labels",
            file=raw.file,
            row=1,
            column=source,
            expected="a text (string) column; decode or flatten it before saving the Parquet file",
        )


def _resolver(districts: DistrictResolver | pd.DataFrame | bool | None) -> DistrictResolver:
    """The resolver a reader's ``districts`` argument stands for (default: Hanoi's units of both geographies)."""
    if districts is None or districts is True:
        from trends.geo import default_resolver

        return default_resolver()
    if isinstance(districts, pd.DataFrame):
        return DistrictResolver(districts)
    return cast(DistrictResolver, districts)  # a resolver (False is handled by the callers)


# A province or city column beside the district ("Tỉnh/TP" | "Quận/huyện"): a national or regional export.
_PROVINCE_KEYS = frozenset(
    ("tinh", "tinh/tp", "tinh/thanh pho", "tinh thanh pho", "tinh/thanh", "tinh thanh", "tinh tp", "province")
)
_HANOI = re.compile(r"^(?:(?:thanh pho|thu do|tp)\.?\s*)?ha ?noi(?: city)?$")


def _check_province(raw: RawTable) -> None:
    """Districts are resolved against Hanoi's units by default: a row of a province column naming another
    province ("Quảng Ngãi" beside "Sơn Tây", a district name both have) is refused, not read as Hanoi's."""
    for col in raw.frame.columns:
        if _key(_UNIT_SUFFIX.sub("", str(col))) not in _PROVINCE_KEYS:
            continue
        codes, uniques = _codes(raw, col)
        other = np.array([bool(str(u).strip()) and not _HANOI.match(fold(str(u)).strip()) for u in uniques])
        if other.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    other[codes],
                    col,
                    raw.text(col),
                    "a row of another province: the districts are read as Hanoi's",
                    "Hà Nội's rows only (or a districts table of the study's units, districts=...)",
                )[:20]
            )


def _resolve(
    raw: RawTable,
    source: str,
    districts: DistrictResolver | pd.DataFrame | bool | None,
    dates: Callable[[], Coded | None] | None = None,
    *,
    category: bool = False,
) -> pd.Series:
    """Resolve the district column. ``dates`` gives each row's date (None when the date column failed): a dated
    resolver uses it to tell an old district from a new unit of the same bare name. ``category=True`` returns a
    categorical."""
    codes, labels = _text_codes(raw, source, "district")
    index = raw.frame.index
    if districts is False:
        return _labels(codes, labels, index, category)
    if districts is None or districts is True:
        _check_province(raw)
    resolver = _resolver(districts)
    when = dates() if dates is not None and resolver.dated else None
    if when is None and dates is not None and resolver.dated:
        # The date column failed (its error is reported): report unknown names, not names only a date resolves.
        try:
            return _resolve(raw, source, resolver, None, category=category)
        except TrendsDataError as exc:
            left = [p for p in exc.problems if not p.message.startswith("ambiguous name")]
            if left:
                raise TrendsDataError(left) from None
            return _labels(codes, labels, index, category)
    try:
        if when is None:  # each distinct name once
            ids = resolver.resolve(labels, file=raw.file, column=source).to_numpy(dtype=object)
            return _labels(codes, ids, index, category)
        # Each distinct (name, date) pair once: millions of rows, a few thousand pairs.
        n = len(when.values)
        pairs, inverse = _distinct(codes.astype(np.int64) * n + when.codes, len(labels) * n)
        ids = resolver.resolve(labels[pairs // n], file=raw.file, column=source, dates=when.values[pairs % n])
        return _labels(inverse, ids.to_numpy(dtype=object), index, category)
    except TrendsDataError:
        # Resolve every row, for the message naming the rows of each problem.
        text = pd.Series(labels[codes], index=index, dtype=object)
        on = None if when is None else when.values[when.codes]
        resolver.resolve(text, file=raw.file, rows=raw.rows.tolist(), column=source, dates=on)
        raise


def _distinct(codes: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of non-negative integer codes below ``bound`` and each code's position among them: one
    pass over a table of ``bound`` flags when it is small (no sort of millions of rows), else ``np.unique``."""
    if bound > 4 * len(codes) + 1_000_000:
        values, inverse = np.unique(codes, return_inverse=True)
        return values, inverse.ravel()
    seen = np.zeros(bound, dtype=bool)
    seen[codes] = True
    values = np.flatnonzero(seen)
    position = np.empty(bound, dtype=np.int64)
    position[values] = np.arange(len(values))
    return values, position[codes]


def _gather(**parsers: Callable[[], object]) -> dict[str, object]:
    """Run every column parser and raise once with the problems of all columns, in row order."""
    results: dict[str, object] = {}
    problems: list[Problem] = []
    for name, parse in parsers.items():
        try:
            results[name] = parse()
        except TrendsDataError as exc:
            problems += exc.problems
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return results


def _check_unique(raw: RawTable, frame: pd.DataFrame, keys: list[str], sources: Mapping[str, str]) -> None:
    dup = frame.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return
    groups = (
        frame.loc[dup].assign(_row=raw.rows[dup]).groupby(keys, sort=False, dropna=False)["_row"].apply(list)
    )
    wards = _ward_column(raw, sources)
    problems = []
    for key, rows in ((k if isinstance(k, tuple) else (k,), r) for k, r in groups.items()):
        at = np.isin(raw.rows, rows)
        named = list(dict.fromkeys(raw.text(wards)[at])) if wards is not None else []
        many = len([w for w in named if w]) >= 2
        problems.append(
            Problem(
                f"duplicate key {dict(zip(keys, (str(v) for v in key), strict=True))} also on row(s) {rows[1:]}"
                + (
                    f": rows of several wards (column {wards!r}: {shortlist(named, 4, ', ')})" if many else ""
                ),
                file=raw.file,
                row=rows[0],
                column=sources.get(keys[0], keys[0]),
                expected=f"one row per {' x '.join(keys)} (districts spelled two ways count as one)"
                + (
                    "; a table by ward is not read as its districts' (a ward left out would go unseen): keep "
                    "one row per district, its total"
                    if many
                    else ""
                ),
            )
        )
    raise TrendsDataError(problems)


def _ward_column(raw: RawTable, sources: Mapping[str, str]) -> str | None:
    """The column of wards of a table whose reader has none ("Phường/Xã" beside "Quận/Huyện"), or None."""
    keys = {_key(a) for a in _ALIASES["ward"]}
    if "ward" in sources:
        return None
    return next((str(c) for c in raw.frame.columns if _key(_UNIT_SUFFIX.sub("", str(c))) in keys), None)


def _check_totals(raw: RawTable, source: str, values: np.ndarray) -> None:
    """A dropped total row that states a number must agree with the sum of the rows above it."""
    given = [(row, cells.get(source, "")) for row, cells in raw.totals if cells.get(source, "")]
    for (row, _), stated in zip(given, _parse_stated(raw, source, given), strict=True):
        if stated != int(values.sum()):
            raise TrendsDataError(
                f"total row says {stated:,} but the rows above it sum to {int(values.sum()):,}",
                file=raw.file,
                row=row,
                column=source,
                expected="a total equal to the sum of the rows (a row is missing or mistyped)",
            )


def _parse_stated(
    raw: RawTable, source: str, stated: list[tuple[int, str]], lanes: list[object] | None = None
) -> list[int]:
    """The counts stated by total and subtotal rows ``(row, text)``, read with the separators decided on the
    whole column: a total "2.000" under "1.250" and "750" is two thousand, not an ambiguous number."""
    if not stated:
        return []
    origin = raw.origin.get(source)
    both = RawTable(
        pd.DataFrame({source: [*raw.text(source).tolist(), *(t for _, t in stated)]}),
        np.concatenate([raw.rows, np.array([r for r, _ in stated], dtype=raw.rows.dtype)]),
        raw.file,
        raw.encoding,
        0,
        origin={}
        if origin is None
        else {source: np.concatenate([origin, np.array(lanes or [""] * len(stated), dtype=object)])},
    )
    return [int(v) for v in _parse_count(both, source)[len(raw.frame) :]]


# An aggregate of districts or wards in a label column: "Khu vực thành thị" / "Nông thôn", "Nội thành", "Các quận",
# "Khối các huyện", "Cộng quận Ba Đình", "Cộng phường Láng Hạ", "Cộng tháng 1" (folded).
_AGGREGATE_RE = re.compile(
    r"^(?:khu vuc |vung )?(?:thanh thi|nong thon|noi thanh|ngoai thanh)$"
    r"|^(?:khoi |nhom )?cac (?:quan|huyen|thi xa|phuong|xa|thi tran|don vi)\b"
    r"|^(?:cong|tong) (?:quan|huyen|thi xa|phuong|xa|thi tran|thang|quy|nam|khu vuc|dia ban|don vi|loai)\b"
    # "Cộng nội thành", "Cộng các quận", "Tổng các huyện ngoại thành"
    r"|^(?:cong|tong) (?:(?:khu vuc |vung )?(?:thanh thi|nong thon|noi thanh|ngoai thanh)$|cac (?:quan|huyen|thi xa|phuong|xa|don vi)\b)"
    # Excel's Data > Subtotal and a PivotTable's subtotals: "Ba Đình Total" under each district's rows (a
    # Vietnamese Excel's "Ba Đình Tổng")
    r"|^.+ (?:sub ?)?total$|^.+ tong$"
)


def _is_subtotal_label(text: str) -> bool:
    """A total ("Tổng cộng", "Toàn thành phố") or an aggregate ("Khu vực thành thị", "Cộng quận Ba Đình", "Cộng
    Ba Đình": with its tone, as folded it would be the ward "Cống Vị")."""
    key = fold(text)
    return bool(_TOTAL_RE.match(key) or _AGGREGATE_RE.match(key) or _SUM_OF.match(text.strip().lower()))


# "Cộng Ba Đình", "Tổng Ba Đình" (a Vietnamese PivotTable's subtotal); not "cộng đồng" (community) ...
_SUM_OF = re.compile(r"(?:cộng (?!(?:đồng|tác|hòa|hoà|sự|sản)\b)|tổng )\S")


_TOTAL_WORDS = re.compile(r"\b(?:sub ?)?total$|\btong$|^(?:tong|cong)\b")
# A PivotTable's item for the source rows whose field is empty: "(blank)", "(trống)" in a Vietnamese Excel.
_PIVOT_BLANK = frozenset({"(blank)", "(trống)", "(trong)", "(rỗng)", "(empty)"})


def _refuse_pivot_blanks(raw: RawTable, sources: Sequence[str]) -> None:
    """A label "(blank)" / "(trống)" is a PivotTable's item for source rows missing that field: never a
    district, offence or type, and never to be dropped (its counts are real rows with a value missing)."""
    problems: list[Problem] = []
    for source in sources:
        codes, uniques = _codes(raw, source)  # once per distinct value: a list may hold millions of rows
        blank_u = np.array([str(u).lower() in _PIVOT_BLANK for u in uniques], dtype=bool)
        if not blank_u.any():
            continue
        problems += _problems(
            raw,
            blank_u[codes],
            source,
            raw.text(source),
            "a PivotTable's item for the source rows with this field empty: their value is missing",
            "the value filled in the source table before the PivotTable is made",
        )
    if problems:
        unique = {(p.row, p.column, str(p)): p for p in problems}  # a wide sheet's row, once per month
        raise TrendsDataError(sorted(unique.values(), key=lambda p: p.row or 0))


def _fill_outline(raw: RawTable, labels: tuple[str, ...]) -> RawTable:
    """A label written once at the top of its block and left empty below (a PivotTable's tabular form without
    "Repeat All Item Labels", or Excel's Data > Subtotal), each block closed by a subtotal row naming it ("Ba
    Đình Total", "Tổng Ba Đình"): the empty cells take the block's label, with a warning. Only when every empty
    cell of the column lies in such a block; otherwise the column is left as it is (and its empty cells
    refused)."""
    if not any(_has_empty(raw, source) for source in labels):
        return raw  # every label written on every row: the common case, decided from the distinct values
    texts = {source: raw.text(source).to_numpy(dtype=object) for source in labels}
    empties = {source: text == "" for source, text in texts.items()}
    subtotal = _label_rows(raw, labels, _is_subtotal_label)
    frame = raw.frame
    filled: dict[str, np.ndarray] = {}
    for source in labels:
        text, empty = texts[source], empties[source]
        if not (empty & ~subtotal).any():
            continue
        new = text.copy()
        current: str | None = None
        pending: list[int] = []
        done = 0
        ok = True
        for i in range(len(text)):
            if subtotal[i]:
                named = next(
                    (str(frame[c].iat[i]) for c in labels if _is_subtotal_label(str(frame[c].iat[i]))), ""
                )
                if pending and (
                    current is None or _TOTAL_WORDS.sub("", fold(named)).strip() != fold(current)
                ):
                    ok = False
                    break
                for j in pending:
                    new[j] = current
                done += len(pending)
                current, pending = None, []
            elif text[i] != "":
                if pending:
                    ok = False
                    break
                current = str(text[i])
            elif current is None:
                ok = False
                break
            else:
                pending.append(i)
        if ok and not pending and done:
            filled[source] = new
    if not filled:
        return raw
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: column(s) {list(filled)}: a label written once for its block and left empty below (a "
            "PivotTable's tabular form, or Excel's subtotals), each block closed by a subtotal naming it; the "
            "empty cells take their block's label"
        ),
        stacklevel=user_stacklevel(),
    )
    frame = frame.assign(**{c: v for c, v in filled.items()})
    encoded = {c: v for c, v in raw.encoded.items() if c not in filled}
    return replace(raw, frame=frame, encoded=encoded)


def _has_empty(raw: RawTable, source: str) -> bool:
    """Whether a column has an empty cell, from its distinct values when the reader factorised it."""
    if source in raw.encoded:
        return bool((raw.encoded[source][1] == "").any())
    return bool((raw.frame[source] == "").any())


def _label_rows(raw: RawTable, labels: tuple[str, ...], test: Callable[[str], bool]) -> np.ndarray:
    """Rows whose text in one of the ``labels`` columns passes ``test`` (once per distinct value)."""
    frame = raw.frame
    flag = np.zeros(len(frame), dtype=bool)
    for col in labels:
        codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
        hit = np.array([test(str(u)) for u in uniques], dtype=bool)
        flag |= hit[codes]
    return flag


def _subtotal_rows(raw: RawTable, labels: tuple[str, ...], source: str) -> np.ndarray:
    """The subtotal rows of a count table: "Cộng", "Tổng số", "Các quận" ... in a label column, with a count."""
    return _label_rows(raw, labels, _is_subtotal_label) & (raw.frame[source] != "").to_numpy()


def _block_of(raw: RawTable, labels: tuple[str, ...], flag: np.ndarray, row: int, heads: bool) -> str:
    """What a subtotal row sums, for its error: its own label ("Cộng Ba Đình") and the district (first label
    column) of the rows next to it (above it, or below when the file's subtotals head their rows):
    " ('Cộng', of the rows of Hoàn Kiếm)"; empty for a total under the table."""
    at = np.flatnonzero(raw.rows == row)
    frame = raw.frame
    if len(at):
        i = int(at[0])
        own = " | ".join(t for t in (str(frame[c].iat[i]).strip() for c in labels) if t)
    else:  # a total under the table (read_raw took it out): it closes the rows above it
        i, heads = int(np.searchsorted(raw.rows, row)), False
        cells = next((c for r, c in raw.totals if r == row), {})
        own = " | ".join(t for t in (str(cells.get(c, "")).strip() for c in labels) if t)
    step = 1 if heads else -1
    j = i + step if len(at) else i - 1
    near = ""
    while 0 <= j < len(frame) and not flag[j]:
        near = str(frame[labels[0]].iat[j]).strip()
        if near:
            break
        j += step
    block = f" of the rows of {near}" if near and near not in own else ""
    return f" ({own!r}{block})" if own else f" (the total{block})" if block else ""


def _drop_subtotals(
    raw: RawTable, labels: tuple[str, ...], source: str, by: np.ndarray | None = None
) -> RawTable:
    """Drop the subtotal rows of a count table after checking each against the rows it sums.

    A subtotal row names "Tổng cộng", "Cộng", "Tổng số" or "Total" in a label column (district or offence) and
    states a count. Forms write them in one of two ways, and a file keeps to one: every subtotal *closes* a block
    (it equals the sum of the rows since the previous subtotal, or of every row above it: a grand total), or
    every subtotal *heads* one (it equals the sum of the rows below it up to the next subtotal, or of every row
    below it: "Tổng số" first, then its parts). The total rows :func:`trends.rawfile.read_raw` dropped at the
    bottom close the table. ``by``: each row's block key when the file is not a wide sheet (the year of a
    population table: each year's rows and subtotals on their own). A group heading stating no count ("CÁC
    QUẬN" above its districts) is dropped too. Returns the table without them and with ``totals`` checked.
    """
    headings = _label_rows(raw, labels, lambda t: bool(_AGGREGATE_RE.match(fold(t))))
    headings &= (raw.frame[source] == "").to_numpy()
    if headings.any():
        named = ", ".join(
            f"{int(r)} {str(raw.frame[labels[0]].iat[i])!r}"
            for i, r in zip(np.flatnonzero(headings), raw.rows[headings], strict=True)
        )
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: dropped {int(headings.sum())} group heading row(s) stating no number (row {named}); "
                "the rows under them are read"
            ),
            stacklevel=user_stacklevel(),
        )
        if by is not None:
            by = by[~headings]
        raw = _subset(raw, ~headings)
    frame = raw.frame
    flag = _subtotal_rows(raw, labels, source)
    if not flag.any() and not raw.totals:
        return raw
    body = _subset(raw, ~flag)
    values = _parse_count(body, source)
    # Every stated subtotal and total, read with the separators of the whole column.
    origin = raw.origin.get(source)
    lanes = by if by is not None else np.zeros(len(frame), dtype=object) if origin is None else origin
    inner = [(int(raw.rows[i]), str(frame[source].iat[i]), lanes[i]) for i in np.flatnonzero(flag)]
    outer = [(r, cells.get(source, ""), None) for r, cells in raw.totals if cells.get(source, "")]
    said = _parse_stated(
        body, source, [(r, t) for r, t, _ in inner + outer], [ln for _, _, ln in inner + outer]
    )
    stated_of = {(r, t): v for (r, t, _), v in zip(inner + outer, said, strict=True)}
    # Walk data rows and totals in file order: (row, stated text or None for a data row, value); a wide sheet
    # made long is walked month by month (its subtotal rows state one count per month).
    body_lanes = lanes[~flag]
    inside = set(raw.rows[flag].tolist())
    # (row, lane, stated, sums it may close, sums it may head) per stated subtotal or total
    checks: list[tuple[int, object, int, tuple[int, int], tuple[int, int]]] = []
    for lane in dict.fromkeys(lanes.tolist()):
        events = sorted(
            [
                (int(r), None, int(v))
                for r, v, ln in zip(body.rows, values, body_lanes, strict=True)
                if ln == lane
            ]
            + [
                (int(raw.rows[i]), str(frame[source].iat[i]), 0)
                for i in np.flatnonzero(flag)
                if lanes[i] == lane
            ]
            + [(r, cells.get(source, ""), 0) for r, cells in raw.totals if cells.get(source, "")],
            key=lambda e: e[0],
        )
        above: dict[int, tuple[int, int]] = {}
        below: dict[int, tuple[int, int]] = {}
        for order, sums in ((events, above), (events[::-1], below)):
            block = everything = 0
            for row, stated_text, value in order:
                if stated_text is None:
                    block += value
                    everything += value
                else:
                    sums[row] = (block, everything)
                    block = 0
        checks += [
            (row, lane, stated_of[(row, text)], above[row], below[row])
            for row, text, _ in events
            if text is not None
        ]

    # The file's way: every subtotal closes its block, or every one heads it; either way a grand total may
    # stand at the top (all rows below) or at the bottom (all above; the totals read_raw dropped always close).
    def fits(row: int, stated: int, closes: tuple[int, int], opens: tuple[int, int], heading: bool) -> bool:
        if row not in inside:
            return stated in closes
        return stated in ((opens[0], opens[1], closes[1]) if heading else (closes[0], closes[1], opens[1]))

    misfits = {way: sum(not fits(r, v, c, o, way) for r, _, v, c, o in checks) for way in (False, True)}
    heads = misfits[True] < misfits[False]  # a mistyped subtotal is reported under the file's way
    shown: list[str] = []
    for row, lane, stated, closes, opens in checks:
        if not fits(row, stated, closes, opens, heads):
            raise TrendsDataError(
                f"subtotal row says {stated:,}{_block_of(raw, labels, flag, row, heads)} but the rows it closes "
                f"sum to {closes[0]:,} (and every row above "
                f"it to {closes[1]:,}); read as heading the rows below it, they sum to {opens[0]:,} up to the "
                f"next subtotal (and every row below it to {opens[1]:,})",
                file=raw.file,
                row=row,
                column=str(lane) if origin is not None else source,
                expected="a total equal to the sum of its rows (a row is missing or mistyped), with every "
                "subtotal of the file either above its rows or below them",
            )
        if row in inside and (origin is None or lane == lanes[0]):
            shown.append(f"{row} ({stated:,})" if origin is None else str(row))
    if flag.any():
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: dropped {len(shown)} subtotal row(s) (row {', '.join(shown)}), each equal to the "
                f"sum of the rows {'below it up to the next subtotal' if heads else 'it closes'} (or a grand total)"
                "; a subtotal is not data"
            ),
            stacklevel=user_stacklevel(),
        )
    return replace(body, totals=())


# A number of rows a list's total states: a cell that is a number ("5"), or a number before its unit ("Tổng
# cộng: 5 vụ", "Cộng phường Láng Hạ: 2 mô hình") or at the end of a label after a colon ("Cộng: 3"), folded.
_STATED_ROWS = re.compile(
    r"^\s*(\d{1,9})\s*$|(?<![\d/.-])(\d{1,9})\s*(?:vu|vu viec|vu an|mo hinh|models?|cases?|incidents?|truong hop)\b"
    r"|:\s*(\d{1,9})\s*$"
)


_GROUP_NUMBER = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])[.)]?$")


def _drop_list_headings(raw: RawTable, key: str, unit: str) -> RawTable:
    """Drop the group headings of a list ("I | MÔ HÌNH CAMERA AN NINH" above the models of that type), with a
    warning naming them: a row with its ``key`` (date, start) empty that fills a group number (I, II, A) and at
    most one other cell, or one cell of two or more words in capitals; none a number. A data row missing its date
    fills more cells and stays to be reported. Only rows with an empty ``key`` are looked at, one by one."""
    codes, uniques = _codes(raw, key)
    empty = np.array([str(u) == "" for u in uniques], dtype=bool)
    kept = replace(raw, encoded={**raw.encoded, key: (codes, uniques)})  # not factorised again
    if not empty.any():
        return kept
    heads: list[int] = []
    for i in np.flatnonzero(empty[codes]):
        cells = [str(v).strip() for v in raw.frame.iloc[int(i)] if str(v).strip() != ""]
        if not 1 <= len(cells) <= 2 or any(re.search(r"\d", c) and not _GROUP_NUMBER.match(c) for c in cells):
            continue
        text = cells[0]
        capitals = (
            len(cells) == 1 and text == text.upper() and text != text.lower() and len(text.split()) >= 2
        )
        # a group number beside its title, or a title alone in capitals ("BA ĐÌNH | TRỘM CẮP", two cells in
        # capitals with no date, is a row missing its date: reported)
        if any(_GROUP_NUMBER.match(c) for c in cells) or capitals:
            heads.append(int(i))
    if not heads:
        return kept
    shown = shortlist(
        [
            f"row {int(raw.rows[i])} " + " | ".join(repr(str(v)) for v in raw.frame.iloc[i] if str(v).strip())
            for i in heads[:6]
        ],
        5,
    )
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: dropped {len(heads)} group heading row(s) of the list ({shown}); they hold no {unit}"
        ),
        stacklevel=user_stacklevel(),
    )
    keep = np.ones(len(raw.frame), dtype=bool)
    keep[heads] = False
    return _subset(raw, keep)


# A status saying a record was cancelled (folded): "Đã hủy", "Huỷ", "Hủy bỏ", "Đã xóa", "Cancelled"
_CANCELLED = re.compile(r"(?:da |bi )?(?:huy|huy bo|xoa|xoa bo)|cancell?ed|void(?:ed)?|deleted")


def _drop_cancelled(raw: RawTable, source: str, unit: str) -> RawTable:
    """Rows of a list whose status column says the record was cancelled ("Đã hủy"): no incident or model (``unit``),
    left out with a warning naming them (a case closed, "Đình chỉ" or "Không khởi tố", is still a case and stays;
    a model stopped, "Ngừng hoạt động", ran until its end)."""
    text = raw.text(source)
    said = [t for t in text.unique() if _CANCELLED.fullmatch(fold(t).strip(" ."))]
    codes = sorted({t for t in text.unique() if t}, key=lambda t: (len(t), t))
    if not said and codes and all(re.fullmatch(r"\d{1,3}", t) for t in codes):
        # a system's status codes (0, 1, 9): which, if any, means cancelled is not in the file
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column {source!r} holds status codes ({shortlist(codes, 8, ', ')}), not words: "
                f"whether a code means a cancelled record is not in the file, so every row was read, one {unit} each "
                "(write the codes as their words, 'Đã hủy' for a cancelled record, to leave those out)"
            ),
            stacklevel=user_stacklevel(),
        )
    if not said:
        return raw
    drop = text.isin(said).to_numpy()
    rows = shortlist([str(r) for r in raw.rows[drop]], 20, ", ")
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: left out {int(drop.sum())} row(s) whose column {source!r} says the record was cancelled "
            f"({shortlist([repr(t) for t in said], 5, ', ')}; row {rows}): a cancelled record is no {unit}"
        ),
        stacklevel=user_stacklevel(),
    )
    return _subset(raw, ~drop)


def _drop_person_rows(raw: RawTable, unit: str, read: Collection[str] = ()) -> RawTable:
    """Rows of a list that fill only personal columns ("Họ tên đối tượng", "Số CCCD"), under a row that fills
    others: a case-management system writes each further suspect or victim of a case on a line of its own, the
    case's cells left empty. Such a row is no further ``unit`` (it has no date, place or offence of its own):
    left out with a warning naming its rows and columns, never its cells (they are personal data). Before, it
    was refused as a row missing its date, district and offence. A row with any other cell filled stays, and
    so does one filling a column the reader reads (``read``), whatever its header."""
    columns = [str(c) for c in raw.frame.columns]
    personal = [c for c in columns if is_personal_column(c) and c not in read]
    if not personal or len(personal) == len(columns):
        return raw
    filled = raw.frame[personal].to_numpy(dtype=object) != ""
    others = raw.frame[[c for c in columns if c not in personal]].to_numpy(dtype=object) != ""
    only = filled.any(axis=1) & ~others.any(axis=1)
    # a case above: the first row filling other columns comes before the first such row
    first = int(np.argmax(others.any(axis=1))) if others.any() else len(only)
    if not only.any() or int(np.argmax(only)) < first:
        return raw
    used = [c for j, c in enumerate(personal) if filled[only, j].any()]
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: left out {int(only.sum())} row(s) that fill only personal column(s) {used} (row "
            f"{shortlist([str(r) for r in raw.rows[only]], 20, ', ')}): another person of the {unit} above, "
            f"written on a line of its own, is no {unit}"
        ),
        stacklevel=user_stacklevel(),
    )
    return _subset(raw, ~only)


# Several wards in one cell: "Phúc Xá; Trúc Bạch", "Phúc Xá, Trúc Bạch", "Phúc Xá và Trúc Bạch" (folded)
_WARD_LIST = re.compile(r"[;,+&]|\s(?:va|and)\s")


def _refuse_ward_lists(raw: RawTable, source: str) -> None:
    """A register row naming several wards in its ward cell is refused naming the cell: one row is one model,
    in one ward (a model serving two wards is written on the ward where it stands, or as two models)."""
    text = raw.text(source)
    listed = [t for t in text.unique() if _WARD_LIST.search(fold(t))]
    if listed:
        raise TrendsDataError(
            _problems(
                raw,
                text.isin(listed).to_numpy(),
                source,
                text,
                "several wards in one cell",
                "one ward per row (a model serving two wards: the ward where it stands, or one row per model)",
            )
        )


# The parts of an offence cell listing several ("Trộm cắp tài sản; Cướp giật tài sản", "... + ...", "... và ...",
# folded); a comma only between offences the table or the list names (statutory names hold commas)
_OFFENCE_LIST = re.compile(r"\s*(?:[;+&\n]|,|\s(?:va|and)\s)\s*")


def _refuse_offence_lists(raw: RawTable, source: str) -> None:
    """An incident row whose offence cell names several offences is refused naming the cell: two articles cited
    ("Điều 173, Điều 171"), or parts each an offence of the Penal Code's table or a label the list writes alone
    ("Trộm cắp tài sản; Cướp giật tài sản"). Read as one label it would be an offence of its own, missing from
    both series (and "Điều 173, Điều 171" would be read as the first article alone)."""
    codes, uniques = _codes(raw, source)
    known = {
        " ".join(_CITATION.sub(" ", fold(text)).split()) for pair in _penal_code().values() for text in pair
    } | {" ".join(_CITATION.sub(" ", fold(str(u))).split()) for u in uniques}
    listed: list[int] = []
    for i, u in enumerate(uniques):
        key = fold(str(u))
        if len(set(_ARTICLE.findall(key))) > 1:
            listed.append(i)
            continue
        parts = [" ".join(_CITATION.sub(" ", p).split()) for p in _OFFENCE_LIST.split(key)]
        if len(parts) > 1 and all(p and p in known and p != key for p in parts):
            listed.append(i)
    if listed:
        text = raw.text(source)
        raise TrendsDataError(
            _problems(
                raw,
                np.isin(codes, listed),
                source,
                text,
                "several offences in one cell",
                "one offence per row (a case of two offences: one row per offence, with its case number)",
            )
        )


def _drop_list_totals(raw: RawTable, key: str, unit: str, weights: str | None = None) -> RawTable:
    """Drop the total and subtotal rows of a list (an incident list, the register of models) after checking
    the number each states against the rows it counts.

    Such a row names a total or an aggregate ("Tổng cộng: 5 vụ", "Cộng phường Láng Hạ: 2 vụ", "Toàn quận",
    "Cộng tháng 1") in one of its cells and leaves the list's ``key`` column (the date, the start) empty; the
    bottom totals :func:`trends.rawfile.read_raw` dropped are checked too. The number it states must equal the
    rows since the previous subtotal or all rows above it (below its rows), or the rows up to the next one or
    all rows below it (above them); otherwise the file is refused naming the row. A row stating no number (a
    heading) is dropped, named in the warning. Only rows with an empty ``key`` are looked at, one by one.
    ``weights``: the column saying how many units each row stands for (a register's "Số mô hình"), whose sums
    the totals state instead of the rows (a cell that is not a whole number counts 1 here, and is refused by
    its own parser).
    """
    frame = raw.frame
    codes, uniques = _codes(raw, key)
    empty = np.array([str(u) == "" for u in uniques], dtype=bool)
    candidates = np.flatnonzero(empty[codes]) if empty.any() else np.array([], dtype=np.int64)
    inner: list[tuple[int, list[str]]] = []
    for i in candidates:
        cells = [str(v) for v in frame.iloc[int(i)] if str(v) != ""]
        if any(_is_subtotal_label(c) for c in cells):
            inner.append((int(i), cells))
    outer = [(row, [v for v in cells.values() if v]) for row, cells in raw.totals]
    if not inner and not outer:  # the key column's codes are kept: its parser does not factorise it again
        return replace(raw, encoded={**raw.encoded, key: (codes, uniques)})

    def stated(cells: list[str]) -> int | str | None:
        found = {int(next(g for g in m.groups() if g)) for c in cells for m in _STATED_ROWS.finditer(fold(c))}
        return found.pop() if len(found) == 1 else None if not found else "several"

    flag = np.zeros(len(frame), dtype=bool)
    flag[[i for i, _ in inner]] = True
    events = [(int(raw.rows[i]), i, cells) for i, cells in inner] + [(row, -1, cells) for row, cells in outer]
    events.sort(key=lambda e: e[0])
    # rows of the list above each total, since the previous one, below it, up to the next one
    data_rows = raw.rows[~flag]
    weight = np.ones(len(data_rows), dtype=np.int64)
    if weights is not None:
        cells = raw.text(weights)[~flag]
        whole = cells.str.fullmatch(r"\d{1,9}").to_numpy()
        weight[whole] = cells[whole].astype(np.int64).to_numpy()
    cum = np.concatenate([[0], np.cumsum(weight)])  # units in the first k rows
    marks = [row for row, _, _ in events]
    shown: list[str] = []
    unchecked: list[str] = []
    for k, (row, i, cells) in enumerate(events):
        at = int(np.searchsorted(data_rows, row))
        above, below = int(cum[at]), int(cum[-1] - cum[at])
        since = above - (int(cum[np.searchsorted(data_rows, marks[k - 1])]) if k else 0)
        until = int(cum[np.searchsorted(data_rows, marks[k + 1])] if k + 1 < len(marks) else cum[-1]) - above
        number = stated(cells)
        label = next((c for c in cells if _is_subtotal_label(c)), cells[0] if cells else "")
        if not isinstance(number, int):
            unchecked.append(f"{row} {label!r}" + (" (several numbers)" if number else ""))
            continue
        allowed = (since, above) if i < 0 else (since, above, until, below)
        if number not in allowed:
            raise TrendsDataError(
                f"total row says {number:,} {unit}s but the list has {since:,} since the previous total row "
                f"({above:,} above it)"
                + ("" if i < 0 else f", {until:,} up to the next ({below:,} below it)"),
                file=raw.file,
                row=row,
                column=key,
                value=label,
                expected=f"a total equal to the number of {unit}s it counts (a row is missing or entered twice)",
            )
        shown.append(f"{row} ({number:,})")
    parts = []
    if shown:
        parts.append(f"each equal to the number of {unit}s it counts: row {', '.join(shown)}")
    if unchecked:
        parts.append(f"stating no single number to check: row {', '.join(unchecked)}")
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: dropped {len(events)} total or subtotal row(s) of the list ("
            + "; ".join(parts)
            + f"); total rows are not {unit}s"
        ),
        stacklevel=user_stacklevel(),
    )
    return replace(_subset(raw, ~flag), totals=())


# An end date that says the model is still running: "Đang hoạt động", "Còn hoạt động", "Hiện nay", "Nay", "-",
# "Chưa kết thúc", "ongoing" (folded).
_STILL_RUNNING = re.compile(
    r"^(?:(?:dang|con|van con|van dang) (?:hoat dong|duy tri|thuc hien)|hien nay|hien tai|nay|den nay"
    r"|chua ket thuc|khong thoi han|ongoing|active|present|current|[-–—]+)\.?$"
)


def _recode(raw: RawTable, source: str, new: Callable[[str], str | None]) -> tuple[RawTable, list[str], int]:
    """``raw`` with each distinct text of ``source`` that ``new`` rewrites (not None) replaced, once per distinct
    text; also the texts rewritten and the number of rows they were on (the caller's warning names them)."""
    codes, uniques = _codes(raw, source)
    rewritten = [new(str(u)) for u in uniques]
    hit = np.array([r is not None for r in rewritten], dtype=bool)
    hit &= np.bincount(codes, minlength=len(uniques)) > 0  # texts still on some row
    rows = int(hit[codes].sum())
    if not rows:
        return raw, [], 0
    values = np.array(
        [r if r is not None and h else u for r, u, h in zip(rewritten, uniques, hit, strict=True)],
        dtype=object,
    )
    frame = raw.frame.copy()
    frame[source] = pd.Series(values[codes], index=frame.index, dtype=object)
    encoded = dict(raw.encoded)
    if source in encoded:  # a large file's labels stay coded
        encoded[source] = (codes, values)
    return replace(raw, frame=frame, encoded=encoded), [str(u) for u in uniques[hit]], rows


def _still_running(raw: RawTable, source: str) -> RawTable:
    """An end-date column whose text says the model is still running ("Đang hoạt động", "-") read as no end
    date, with a warning naming the texts and how many rows say them."""
    out, texts, rows = _recode(raw, source, lambda u: "" if _STILL_RUNNING.match(fold(u).strip()) else None)
    if rows:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: read {', '.join(map(repr, texts))} in column {source!r} as no end date (still "
                f"running), on {rows} row(s)"
            ),
            stacklevel=user_stacklevel(),
        )
    return out


# A register's start written with its word: "từ 01/06/2023", "từ ngày 01/06/2023", "bắt đầu từ tháng 6/2023"
# (from ...), or with the model still running: "01/06/2023 - nay", "01/06/2023 đến nay" (to now) (folded)
_OPEN_START = re.compile(
    r"^(?P<since>(?:bat dau\s+)?tu\s+(?:ngay\s+)?)?(?P<date>\S.*?)"
    r"(?P<now>\s*(?:-|–|—|den|toi)\s*(?:nay|hien nay|hien tai))?\.?$"
)


def _open_starts(raw: RawTable, source: str, end: str | None) -> RawTable:
    """A register's start cells written "từ 01/06/2023" (from) or "01/06/2023 - nay" (to now) read as the date
    they hold, with a warning naming them; "... - nay" on a row whose end cell states an end is refused (the
    row says both that the model runs and that it ended). The date itself is parsed as any other start."""

    def start(text: str) -> str | None:
        shown = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
        folded = fold(shown)
        m = _OPEN_START.fullmatch(folded)
        if m is None or not (m["since"] or m["now"]) or not re.search(r"\d", m["date"]):
            return None
        if _DATE_SPAN.search(folded):
            return None  # two dates: refused by the date parser, saying so
        if m["now"]:
            running.add(text)
        # the date as written (its later warnings quote it): folding keeps one letter per letter
        return shown[m.start("date") : m.end("date")] if len(folded) == len(shown) else m["date"]

    running: set[str] = set()  # the starts saying "to now"
    out, texts, rows = _recode(raw, source, start)
    if not rows:
        return raw
    if end is not None:
        to_now = raw.text(source).isin(sorted(running & set(texts)))
        ended = raw.text(end).map(lambda v: v != "" and not _STILL_RUNNING.match(fold(v).strip()))
        both = (to_now & ended).to_numpy()
        if both.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    both,
                    source,
                    raw.text(source),
                    "a start 'to now' (the model still running) on a row whose end column states an end",
                    f"the start date alone, and the end in column {end!r} (or no end while it runs)",
                )
            )
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: read {rows} start(s) of column {source!r} written with 'từ' (from) or '- nay' (to now) "
            f"({shortlist([repr(t) for t in texts], 5, ', ')}) as the date they state"
        ),
        stacklevel=user_stacklevel(),
    )
    return out


# A register's date written as the decision that founded (or dissolved) the model: "Quyết định số 123/QĐ-UBND
# ngày 15/06/2023", "QĐ 45/QĐ-UBND ngày 01/03/2022" (folded): the date after "ngày" is the decision's date
_DECISION = re.compile(r"^(?:quyet dinh|qd)\b[^\n]*?\bngay\s+(?P<date>\d{1,2}\s*(?:[/.-]|thang)[^\n]*?)\.?$")


def _decision_dates(raw: RawTable, source: str) -> RawTable:
    """A register's date cells written as a decision with its number and date ("Quyết định số 123/QĐ-UBND ngày
    15/06/2023") read as the decision's date, with a warning naming them: the decision is what the office dates
    the model by, and the cell holds one date. Before, the cell was refused as an unparseable date. The date
    itself is parsed as any other (a decision naming no day stays refused)."""

    def date(text: str) -> str | None:
        shown = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
        folded = fold(shown)
        m = _DECISION.match(folded)
        if m is None or _DATE_SPAN.search(folded):
            return None
        got = shown[m.start("date") : m.end("date")] if len(folded) == len(shown) else m["date"]
        return got if re.match(r"\d{1,2}\s*[/.-]", got) else "ngày " + got

    out, texts, rows = _recode(raw, source, date)
    if rows:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: read {rows} date(s) of column {source!r} written as a decision with its number "
                f"({shortlist([repr(t) for t in texts], 5, ', ')}) as the decision's date"
            ),
            stacklevel=user_stacklevel(),
        )
    return out


# A month without a day, as registers often give a model's start: "T6/2023", "06/2023", "Tháng 6 năm 2023" (folded).
# "T6/2023", "th6/2023", "T.6/2023", "tháng 6 năm 2023", "06/2023"; or the year first, "2023-06", "2023/06"
_MONTH_ONLY = re.compile(
    r"(?:t|th|thang)?\s*\.?\s*(?P<m>\d{1,2})\s*(?:[/.-]|nam)\s*(?P<y>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)\s*[/-]\s*(?P<m2>\d{1,2})"
)


def _month_only_dates(raw: RawTable, source: str, *, last: bool) -> RawTable:
    """Dates of a register column given as a month only ("T6/2023") as the month's first day (a start) or its
    last day (``last``: an end, the model ran through that month), with a warning naming them: the study's
    resolution is the month, so nothing is lost. A quarter or a year alone stays an error (too coarse)."""

    def day(text: str) -> str | None:
        m = _MONTH_ONLY.fullmatch(fold(text).strip())
        if m is None:
            return None
        month, year = int(m["m"] or m["m2"]), int(m["y"] or m["y2"])
        if not 1 <= month <= 12:
            return None
        first = pd.Timestamp(year=year, month=month, day=1)
        return (first + pd.offsets.MonthEnd(0) if last else first).strftime("%d/%m/%Y")

    out, texts, rows = _recode(raw, source, day)
    if rows:
        said = shortlist([repr(t) for t in texts], 5, ", ")
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: read {rows} date(s) of column {source!r} given as a month only ({said}) as the "
                f"month's {'last' if last else 'first'} day"
            ),
            stacklevel=user_stacklevel(),
        )
    return out


_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})\b")


def _check_day_order(raw: RawTable, stamp: str, source: str, dayfirst: bool) -> None:
    """Refuse a date column read in the other order than the form's time of entry beside it proves: Google
    Forms writes its "Timestamp" ("Dấu thời gian") in the sheet's locale, and one such as "3/13/2024 9:00:00"
    (month first) shows a file of a United States locale, whose "3/5/2024" is 5 March, not 3 May. Without the
    proof the dates are read day first (the Vietnamese convention), as everywhere."""
    if not any(_SLASH_DATE.match(str(u)) for u in _codes(raw, source)[1]):  # once per distinct date
        return  # ISO dates, or written out: no order to get wrong
    codes, uniques = _codes(raw, stamp)
    parts = [_SLASH_DATE.match(str(u)) for u in uniques]
    other = np.array(
        [
            m is not None and int(m[1] if dayfirst else m[2]) <= 12 < int(m[2] if dayfirst else m[1])
            for m in parts
        ],
        dtype=bool,
    )
    if not other.any():
        return
    raise TrendsDataError(
        _problems(
            raw,
            other[codes],
            stamp,
            raw.text(stamp),
            f"the form's time of entry writes its dates {'month' if dayfirst else 'day'} first: the dates of "
            f"column {source!r}, read {'day' if dayfirst else 'month'} first, would be misread",
            f"dayfirst={not dayfirst} (read_incidents, read_rollout) for a file of {'month' if dayfirst else 'day'}-first dates (a form's "
            "export from a spreadsheet in that locale)",
        )[:5]
    )


def _check_one_per_row(raw: RawTable, source: str, unit: str) -> None:
    """A list's column stating how many incidents (models) each row stands for ("Số vụ", "Số lượng") must say 1
    (or nothing) on every row: a row of 3 would be read as one, and the total would be short without a word.
    (A register whose count column clearly counts models is read by :func:`trends.io._models_of_rows`.)"""
    codes, uniques = _codes(raw, source)
    one = np.array([bool(re.fullmatch(r"0*1(?:[.,]0+)?|", str(u).strip())) for u in uniques], dtype=bool)
    if one.all():
        return
    more = ~one[codes]
    raise TrendsDataError(
        _problems(
            raw,
            more,
            source,
            raw.text(source),
            f"a row standing for several {unit}s (or none): the list is read as one {unit} per row",
            f"1 on every row (one row per {unit}"
            + (
                "; counts by district and period are read by read_crimes, --crimes)"
                if unit == "incident"
                else f", each with its own id); when each row is that many models, name the column 'Số mô "
                f"hình' or pass columns={{{source!r}: 'model_count'}}"
            ),
        )[:20]
    )


# "Trong đó: trộm cắp xe máy", "Riêng ...", "Bao gồm ..." (of which): a part of the row above, already counted in it.
# A "Trong đó:" with no count heads the bulleted rows under it.
_BULLET_LABEL = re.compile(r"^\s*[-–+*•]\s*\w")
_BREAKDOWN_RE = re.compile(r"^[\W_]*(?:trong do|trong so do|rieng|bao gom|of which|in which|including)\b")


def _drop_breakdowns(raw: RawTable, labels: tuple[str, ...], source: str) -> RawTable:
    """Drop the "Trong đó" (of which) rows of a counts table: each states a part of the row above it, which
    already counts it, so reading it as an offence would count those crimes twice. Each must not exceed the
    row it breaks down (the nearest row above it of the same month, in a wide sheet); the rows dropped are
    named in a warning."""
    frame = raw.frame
    flag = np.zeros(len(frame), dtype=bool)
    bullet = np.zeros(len(frame), dtype=bool)
    for col in labels:
        codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
        hit = np.array([bool(_BREAKDOWN_RE.match(fold(str(u)))) for u in uniques], dtype=bool)
        flag |= hit[codes]
        bullet |= np.array([bool(_BULLET_LABEL.match(str(u))) for u in uniques], dtype=bool)[codes]
    if not flag.any():
        return raw
    # "Trong đó:" with no count heads the bulleted rows under it ("- Trộm cắp xe máy"): they are the parts
    heading = flag & (raw.text(source) == "").to_numpy()
    for i in np.flatnonzero(heading):
        j = i + 1
        while j < len(frame) and bullet[j] and not flag[j]:
            flag[j] = True
            j += 1
    values = np.zeros(len(frame))
    values[~heading] = _parse_count(_subset(raw, ~heading), source)
    origin = raw.origin.get(source)
    lanes = np.zeros(len(frame), dtype=object) if origin is None else origin
    problems: list[Problem] = []
    parent_of: dict[int, int] = {}  # each part row -> the row it breaks down
    for lane in dict.fromkeys(lanes.tolist()):
        parent = None
        for i in np.flatnonzero(lanes == lane):
            if not flag[i]:
                parent = i
            elif heading[i] and parent is not None:
                continue
            elif parent is None or values[i] > values[parent]:
                problems.append(
                    Problem(
                        "a breakdown row ('Trong đó', of which) "
                        + (
                            "with no row above it to break down"
                            if parent is None
                            else f"states more than the row it breaks down (row {int(raw.rows[parent])}: "
                            f"{int(values[parent]):,})"
                        ),
                        file=raw.file,
                        row=int(raw.rows[i]),
                        column=str(lane) if origin is not None else source,
                        value=str(frame[source].iat[i]),
                        expected="a part of the row above it (or remove 'Trong đó' if the row is data)",
                    )
                )
            else:
                parent_of[int(i)] = int(parent)
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    raw, kept = _parts_of_whole(raw, labels, source, parent_of, values, flag)
    flag[kept] = False
    rows = list(dict.fromkeys(int(r) for r in raw.rows[flag]))
    if rows:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: dropped {len(rows)} breakdown row(s) ('Trong đó', of which: row "
                f"{', '.join(map(str, rows))}); each is a part of the row above it, which counts it already"
            ),
            stacklevel=user_stacklevel(),
        )
    return _subset(raw, ~flag)


def _parts_of_whole(
    raw: RawTable,
    labels: tuple[str, ...],
    source: str,
    parent_of: dict[int, int],
    values: np.ndarray,
    flag: np.ndarray,
) -> tuple[RawTable, list[int]]:
    """Breakdown rows under a row counting all offences ("Tổng số vụ phạm pháp hình sự | 20", "Trong đó:", "-
    Trộm cắp tài sản | 12"): the parts are offences, read as rows, and the total row becomes the rest of it,
    "Khác (ngoài ...)" naming the parts, so that the offences sum to the total (as :func:`_melt_of_which` reads
    "Trong đó" columns); parts summing to more than the total are refused. Returns the table and the part rows
    kept; the other breakdowns (parts of one offence, or of a subtotal) are left to be dropped."""
    frame = raw.frame
    if len(labels) < 2:
        return raw, []
    place, col = labels[0], labels[1]  # the district and the offence
    whole: dict[tuple[int, str], list[int]] = {}
    for i, parent in parent_of.items():
        if _WHOLE_HEADER.match(_key(str(frame[col].iat[parent]))):
            whole.setdefault((parent, col), []).append(i)
    # ... only where it is its district's one row beside its parts: under the district's offences it is their
    # subtotal, and its parts are parts of them (dropped, as any breakdown)
    places = frame[place].astype(str).to_numpy()
    data = ~flag
    data[[p for p, _ in whole]] = False
    counted = set(places[data].tolist())
    whole = {k: v for k, v in whole.items() if places[k[0]] not in counted}
    if not whole:
        return raw, []
    frame = frame.copy()
    for c in {source, *(c for _, c in whole)}:
        frame[c] = frame[c].astype(object)  # a categorical column takes no new label
    kept: list[int] = []
    problems: list[Problem] = []
    for (parent, col), parts in whole.items():
        summed = int(sum(values[i] for i in parts))
        if summed > values[parent]:
            problems.append(
                Problem(
                    f"the rows under it ('Trong đó', of which: rows {', '.join(str(int(raw.rows[i])) for i in parts)}) "
                    f"sum to {summed:,}, more than the total",
                    file=raw.file,
                    row=int(raw.rows[parent]),
                    column=source,
                    value=str(frame[source].iat[parent]),
                    expected="a total at least the sum of its parts (a part or the total is mistyped)",
                )
            )
            continue
        names = [
            re.sub(r"^[\W_]*(?:(?i:trong đó|riêng)\b[\s:,.-]*)?", "", str(frame[col].iat[i])).strip()
            for i in parts
        ]
        for i, name in zip(parts, names, strict=True):
            frame.iat[i, frame.columns.get_loc(col)] = name
        frame.iat[parent, frame.columns.get_loc(col)] = "Khác (ngoài " + "; ".join(names) + ")"
        frame.iat[parent, frame.columns.get_loc(source)] = str(int(values[parent]) - summed)
        kept += parts
    if problems:
        raise TrendsDataError(problems)
    shown = ", ".join(str(int(raw.rows[p])) for p, _ in whole)
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: row {shown} count(s) all offences and the rows under 'Trong đó' (of which) some of them: "
            "the offences named are read as rows, and the rest of the total as 'Khác (ngoài ...)', so that the "
            "offences sum to the total"
        ),
        stacklevel=user_stacklevel(),
    )
    changed = {source, *(c for _, c in whole)}  # their factorised codes (the fast path's) no longer hold
    return replace(raw, frame=frame, encoded={k: v for k, v in raw.encoded.items() if k not in changed}), kept


# --------------------------------------------------------------------------------------------------------------
# Numbered hierarchies: group rows ("I | Tội phạm về trật tự xã hội | 15") above the rows they sum

# Levels of the numbering of Vietnamese statistical forms, outermost first: "A", "I", "1", "1.1" (one level
# per dot), "a", then bullets "-", "+", "*".
_LEVEL = {"upper": 0, "roman": 1, "arabic": 2, "lower": 12, "-": 13, "–": 13, "+": 14, "*": 15, "•": 15}
_ROMAN_RE = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
# A cell of an STT (số thứ tự) column: "I", "II.", "ii", "1", "1/", "1.0" (a spreadsheet's number), "1.2", "(3)",
# "a)", "-".
_STT_CELL = re.compile(
    r"^\(?(?:(?P<float>\d{1,4})\.0+|(?P<arabic>\d{1,4}(?:\.\d{1,3})*)[./]?|(?P<roman>[IVX]{1,7}|[ivx]{1,7})[./]?)\)?$"
    r"|^(?P<letter>[A-ZĐa-zđ])[.)]?$|^(?P<bullet>[-–+*•])$"
)
# The numbering written before a label: "I. Tội phạm về TTXH", "1.2 Cướp giật", "I/ Tội phạm về TTXH", "1/ Giết
# người", "a) Trộm cắp", "- xe máy".
_LABEL_NUMBER = re.compile(
    r"^(?:(?P<arabic>\d{1,3}(?:\.\d{1,3})+)\.?\s+|(?P<single>[IVX]{1,7}|\d{1,3})\s*(?:[.)]\s*|/\s+)(?=\S)"
    r"|(?P<letter>[A-ZĐa-zđ])[.)]\s+|(?P<bullet>[-–+*•])\s+(?=\w))"
)
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_VIETNAMESE = "abcdđeghiklmnopqrstuvxy"


class _Number(NamedTuple):
    kind: (
        str  # upper / roman / arabic / lower / a bullet; "roman?" ("roman?lower") for I, V, X (i, v, x) until
    )
    # their neighbours decide
    key: tuple[int, ...] | str


def _number(text: str, *, label: bool) -> _Number | None:
    """The numbering of an STT cell (``label=False``) or the one written before a label, or None."""
    m = (_LABEL_NUMBER.match if label else _STT_CELL.fullmatch)(text.strip())
    if m is None:
        return None
    got = m.groupdict()
    if got.get("float"):
        return _Number("arabic", (int(got["float"]),))
    single = got.get("single")
    if single and single.isdigit():
        return _Number("arabic", (int(single),))
    if got.get("arabic"):
        return _Number("arabic", tuple(int(p) for p in got["arabic"].split(".")))
    roman = got.get("roman") or single
    if roman:
        if not _ROMAN_RE.fullmatch(roman.upper()):
            return None
        value = _roman_value(roman.upper())
        if len(roman) > 1:
            return _Number("roman", (value,))
        return _Number("roman?" if roman.isupper() else "roman?lower", (value,))
    if got.get("letter"):
        letter = got["letter"]
        return _Number("upper" if letter.isupper() else "lower", letter.lower())
    return _Number(got["bullet"], got["bullet"])


def _roman_value(text: str) -> int:
    values = [{"I": 1, "V": 5, "X": 10}[c] for c in text]
    return sum(-v if i + 1 < len(values) and values[i + 1] > v else v for i, v in enumerate(values))


def _follows(letter: str, previous: str) -> bool:
    return any(
        previous in abc and letter in abc and abc.index(letter) == abc.index(previous) + 1
        for abc in (_LATIN, _VIETNAMESE)
    )


def _depth(number: _Number) -> int:
    if number.kind == "arabic":
        return _LEVEL["arabic"] + min(len(number.key), 10) - 1
    return _LEVEL[number.kind]


def _numbering(
    numbers: list[_Number | None], lanes: np.ndarray, *, outline: bool, min_levels: int = 2
) -> np.ndarray | None:
    """Each row's level in the hierarchy (-1: not numbered), or None when the numbers show no hierarchy (one
    level only). "I", "V" and "X" are letters after "H", "U" and "W"/"V" (letters), else Roman numerals.
    ``outline``: the numbers must also read as an outline (each the first of its kind, 1 / I / A / a, or the
    next after the last of its level), else None: "H. Gia Lâm" and "X. Phù Đổng" are abbreviations."""
    levels = np.full(len(numbers), -1, dtype=np.int64)
    # the last upper-case (and lower-case) letter or Roman numeral of each lane: "I" after "H" is a letter
    last_letter: dict[tuple[object, bool], _Number] = {}
    last_at: dict[tuple[object, int], _Number] = {}
    for i, number in enumerate(numbers):
        if number is None:
            continue
        lane = lanes[i]
        if number.kind in ("roman?", "roman?lower"):
            lower = number.kind == "roman?lower"
            before = last_letter.get((lane, lower))
            letter = "ivx"[(1, 5, 10).index(number.key[0])]
            case = "lower" if lower else "upper"
            is_letter = before is not None and before.kind == case and _follows(letter, str(before.key))
            number = _Number(case, letter) if is_letter else _Number("roman", number.key)
            last_letter[(lane, lower)] = number
        elif number.kind in ("upper", "lower"):
            last_letter[(lane, number.kind == "lower")] = number
        elif number.kind == "roman":
            last_letter[(lane, False)] = number
        level = _depth(number)
        levels[i] = level
        if outline and number.kind in ("upper", "roman", "arabic", "lower"):
            key, last = number.key, last_at.get((lane, level))
            prior = None if last is None else last.key
            if isinstance(key, tuple):
                first = key[-1] == 1
                nxt = isinstance(prior, tuple) and key[:-1] == prior[:-1] and key[-1] == prior[-1] + 1
            else:
                first, nxt = key == "a", isinstance(prior, str) and _follows(key, prior)
            if not (first or nxt):
                return None
            last_at[(lane, level)] = number
    if len(np.unique(levels[levels >= 0])) < min_levels:
        return None
    return levels


def _drop_groups(
    raw: RawTable, labels: tuple[str, str], source: str, period: str, stt: list[str]
) -> tuple[RawTable, str | None]:
    """Drop the group rows of a numbered table after checking each against the rows numbered under it.

    Vietnamese statistical forms number their rows in an STT column, or before the offence (or district)
    label: a group row "I" (or "A", "1" above "1.1", "a" ...) states the count of the rows below it of a deeper
    level, up to the next row of its level or a higher one, within one district block and period (one month
    of a wide sheet). Reading it as an offence would count those crimes twice. Each group's count must equal
    the sum of the rows numbered under it (a group stating no count is a heading); the groups are then
    dropped with a warning. Rows without a number in a numbered hierarchy are parts of the row above them;
    subtotal rows ("Cộng") are left to :func:`_drop_subtotals`. A list numbered 1, 2, 3 (one level) is not a
    hierarchy and is read as it is. ``stt``: the row-number columns ("STT", "TT"), each tried in turn. Returns the
    table and the STT column that revealed a hierarchy (None: none did).
    """
    frame = raw.frame
    n = len(frame)
    if n == 0:
        return raw, None
    origin = raw.origin.get(source)
    lanes = np.zeros(n, dtype=object) if origin is None else origin
    skip = _subtotal_rows(raw, labels, source)
    district, offence = labels
    # Candidate numberings: the STT column; else the numbers written before the offence or district labels.
    tries: list[tuple[str, bool, list[str]]] = []
    if stt:
        tries += [(column, False, [district, offence]) for column in stt]
    else:
        tries += [(offence, True, [district]), (district, True, [offence])]
    for column, label, others in tries:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        distinct = [_number(str(u), label=label) for u in uniques]
        kinds = {d.kind for d in distinct if d is not None}
        possible = {_depth(d) for d in distinct if d is not None and not d.kind.startswith("roman?")}
        for maybe, letter in (("roman?", "upper"), ("roman?lower", "lower")):
            if maybe in kinds:
                possible |= {_LEVEL["roman"]} | ({_LEVEL[letter]} if letter in kinds else set())
        if len(possible) < 2:  # one level only (1, 2, 3): not a hierarchy, nothing to walk
            continue
        numbers = [None if skip[i] else distinct[c] for i, c in enumerate(codes)]
        levels = _numbering(numbers, lanes, outline=label)
        if levels is None:
            continue
        for other in others:
            context = [period, other]
            children = _hierarchy(frame, levels, lanes, skip, context)
            if children:
                out = _check_groups(raw, source, column, children, lanes, origin)
                return (_strip_label_numbers(out, column), None) if label else (out, column)
    # a list numbered in its labels ("1. Giết người", "2. Trộm cắp") with no groups: the numbers go all the same
    for column in (offence, district):
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        distinct = [_number(str(u), label=True) for u in uniques]  # once per label, not per row
        if all(d is None for d in distinct):
            continue
        numbers = [None if skip[i] else distinct[c] for i, c in enumerate(codes)]
        numbered = sum(x is not None for x in numbers)
        if (
            numbered >= max(2, (~skip).sum() / 2)
            and _numbering(numbers, lanes, outline=True, min_levels=1) is not None
        ):
            return _strip_label_numbers(raw, column), None
    return raw, None


def _strip_label_numbers(raw: RawTable, column: str) -> RawTable:
    """Labels without the outline numbers written before them ("1. Giết người" -> "Giết người"): a form's
    numbering is not part of an offence's name, and the same offence numbered differently in two sheets or years
    must stay one offence. Named in a warning."""
    return _strip_labels(raw, column, _LABEL_NUMBER, "the form's numbering before", "the numbers")


def _strip_list_numbers(raw: RawTable, column: str) -> RawTable:
    """An incident list whose labels carry the row's number ("1. Trộm cắp tài sản", "2. Cướp giật"): the
    numbers removed when at least half the rows (and two) have one, so that one offence numbered on two rows stays
    one offence. Named in a warning. Read once per distinct label."""
    codes, uniques = _codes(raw, column)
    numbered = np.array([_LABEL_NUMBER.match(str(u).strip()) is not None for u in uniques], dtype=bool)
    rows = np.bincount(codes, minlength=len(uniques))
    filled = rows[np.array([str(u) != "" for u in uniques], dtype=bool)].sum() if len(uniques) else 0
    if not numbered.any() or rows[numbered].sum() < max(2, filled / 2):
        return raw
    return _strip_labels(raw, column, _LABEL_NUMBER, "the list's numbering before", "the numbers")


# An article of the Penal Code (Bộ luật Hình sự) in an offence label: "Điều 173", "Đ.174 BLHS", "điều 134a"; and
# the words that only cite it ("BLHS 2015", "khoản 2", "Bộ luật Hình sự"), removed to find the offence's name.
_ARTICLE = re.compile(r"\b(?:dieu|d\.)\s*(\d{1,3}[a-z]?)\b")
_CITATION = re.compile(
    r"\b(?:dieu|d\.)\s*\d{1,3}[a-z]?\b|\b(?:khoan|k\.|diem)\s*\w{1,3}\b|\bblhs\b|\bbo luat hinh su\b"
    r"|\b(?:19|20)\d\d\b|\bnam\b|[^a-z0-9 ]"
)


# A citation of an older Penal Code (1999, 1985): its articles are numbered otherwise (theft was Article 138).
_OLD_CODE = re.compile(r"\b(?:1999|1985)\b")


@functools.cache
def _penal_code() -> dict[str, tuple[str, str]]:
    """Article -> (label, statutory name) of the common offences of the 2015 Penal Code (amended 2017);
    provenance in ``trends/data/penal_code_2015.md``."""
    with (files("trends") / "data" / "penal_code_2015.csv").open(encoding="utf-8") as fh:
        return {r["article"]: (r["label"], r["name"]) for r in csv.DictReader(fh)}


def _same_article(raw: RawTable, column: str) -> RawTable:
    """Offence labels citing one article of the Penal Code written several ways in one list ("Điều 173",
    "Điều 173 BLHS", "Khoản 1 Điều 173", "Điều 173 - Trộm cắp tài sản", "Trộm cắp tài sản (Điều 173)") read as
    one offence, named by its most common form that gives the offence's name, with a warning naming the labels
    merged (the name written alone, "Trộm cắp tài sản", joins them when one form gives it). When no form gives
    the name, the 2015 Code's table gives it (:func:`_penal_code`; "Điều 173" alone is "Trộm cắp tài sản", or
    the name as the file writes it alone); an article of the 1999 Code, or one the table does not hold, keeps
    its own label. Only when the forms give at most one name: "Điều 173 - Trộm cắp xe máy" beside "Điều 173 -
    Trộm cắp tài sản" are the analyst's own categories, kept as written (a warning names those left apart)."""
    codes, uniques = _codes(raw, column)
    rows = np.bincount(codes, minlength=len(uniques))
    groups: dict[str, list[int]] = {}
    bare: dict[str, list[int]] = {}  # labels citing no article, by name: "Trộm cắp tài sản"
    names: dict[int, str] = {}
    for i, u in enumerate(uniques):
        if not rows[i]:
            continue
        key = fold(str(u))
        m = _ARTICLE.search(key)
        names[i] = " ".join(_CITATION.sub(" ", key).split())
        if m is not None:
            groups.setdefault(m.group(1) + (" (1999)" if _OLD_CODE.search(key) else ""), []).append(i)
        elif names[i]:
            bare.setdefault(names[i], []).append(i)
    rename: dict[str, str] = {}
    apart: list[str] = []
    for article, cited in groups.items():
        named = [i for i in cited if names[i]]
        if len({names[i] for i in named}) > 1:
            apart.append(f"Điều {article}")
            continue
        reference = None if named else _penal_code().get(article)
        if reference is not None:  # no form names it: the Code does, and the name written alone joins it
            alone = [
                i
                for text in reference
                for i in bare.get(" ".join(_CITATION.sub(" ", fold(text)).split()), [])
            ]
            members = cited + list(dict.fromkeys(alone))
            pick_label = str(uniques[max(alone, key=lambda i: (rows[i], -i))]) if alone else reference[0]
            rename.update({str(uniques[i]): pick_label for i in members if str(uniques[i]) != pick_label})
            continue
        # the name alone, without its article, is the same offence: "Trộm cắp tài sản" beside "Điều 173 - ..."
        members = cited + (bare.get(names[named[0]], []) if named else [])
        named += [i for i in members if i not in cited]
        if len(members) < 2:
            continue
        pick = max(named or members, key=lambda i: (rows[i], -i))
        rename.update({str(uniques[i]): str(uniques[pick]) for i in members if i != pick})
    if apart:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column {column!r}: labels citing one article with different names kept apart "
                f"({shortlist(apart, 5)}): they are read as your categories"
            ),
            stacklevel=user_stacklevel(),
        )
    if not rename:
        return raw
    out, texts, n = _recode(raw, column, rename.get)
    shown = shortlist([f"{a!r} -> {rename[a]!r}" for a in texts], 5)
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: column {column!r}: read {len(texts)} label(s) on {n} row(s) citing the same article of the "
            f"Penal Code as one offence, named as the file or the 2015 Code names it ({shown})"
        ),
        stacklevel=user_stacklevel(),
    )
    return out


# A footnote mark after a label: "Giết người (*)", "Cướp tài sản 1/", "Ba Đình*", "Trộm cắp (2)".
_FOOTNOTE_MARK = re.compile(r"\s*(?:\(\s*(?:\*{1,3}|\d{1,2})\s*\)|\*{1,3}|(?<=\s)\d{1,2}/)$")


def _strip_footnote_marks(raw: RawTable, columns: tuple[str, ...]) -> RawTable:
    """Labels without the footnote marks after them ("Giết người (*)" -> "Giết người"): a month whose figure
    carries a note is the same offence or district as the others. Named in a warning."""
    for column in columns:
        raw = _strip_labels(raw, column, _FOOTNOTE_MARK, "the footnote marks after", "the marks")
    return raw


def _strip_labels(raw: RawTable, column: str, pattern: re.Pattern[str], removed: str, what: str) -> RawTable:
    """``column``'s labels with the first match of ``pattern`` removed (a label that would be empty is kept), and
    a warning naming the labels changed: "removed {removed} N label(s) ...; {what} are not part of the names"."""

    def strip(label: str) -> str | None:
        stripped = pattern.sub("", label, count=1).strip()
        return stripped if stripped and stripped != label else None  # a bare number or mark stays what it was

    out, texts, _ = _recode(raw, column, strip)
    if texts:
        shown = shortlist([f"{a!r} -> {strip(a)!r}" for a in texts], 5)
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: removed {removed} {len(texts)} label(s) of column {column!r} ({shown}); {what} are "
                "not part of the names"
            ),
            stacklevel=user_stacklevel(),
        )
    return out


def _hierarchy(
    frame: pd.DataFrame, levels: np.ndarray, lanes: np.ndarray, skip: np.ndarray, context: list[str]
) -> dict[int, list[int]]:
    """{group row: the rows numbered directly under it}, walking each lane (a month of a wide sheet) in file
    order; a change of the ``context`` columns (district block, period) closes every open group."""
    key = frame.groupby(context, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    deepest = int(levels.max()) + 1
    children: dict[int, list[int]] = {}
    for lane in dict.fromkeys(lanes.tolist()):
        stack: list[int] = []
        previous = None
        for i in np.flatnonzero((lanes == lane) & ~skip):
            if key[i] != previous:
                stack, previous = [], key[i]
            level = int(levels[i]) if levels[i] >= 0 else deepest
            while stack and levels[stack[-1]] >= level:
                stack.pop()
            if stack:
                children.setdefault(stack[-1], []).append(int(i))
            if levels[i] >= 0:
                stack.append(int(i))
    return children


def _check_groups(
    raw: RawTable,
    source: str,
    column: str,
    children: dict[int, list[int]],
    lanes: np.ndarray,
    origin: np.ndarray | None,
) -> RawTable:
    frame = raw.frame
    group = np.zeros(len(frame), dtype=bool)
    group[list(children)] = True
    body = _subset(raw, ~group)
    values = np.zeros(len(frame), dtype=np.int64)
    values[~group] = _parse_count(body, source)
    text = frame[source].to_numpy(dtype=object)
    said = [i for i in children if text[i] != ""]
    stated = dict(
        zip(
            said,
            _parse_stated(
                body, source, [(int(raw.rows[i]), str(text[i])) for i in said], [lanes[i] for i in said]
            ),
            strict=True,
        )
    )
    problems: list[Problem] = []
    for i in sorted(children, reverse=True):  # deeper groups first: a heading's value is its rows' sum
        kids = children[i]
        total = int(values[kids].sum())
        if i not in stated:
            values[i] = total
            continue
        values[i] = stated[i]
        if stated[i] == total:
            continue
        rows = [int(raw.rows[k]) for k in kids]
        more = stated[i] > total
        problems.append(
            Problem(
                f"group row {str(frame[column].iat[i])!r} says {stated[i]:,} but the {len(kids)} row(s) numbered "
                f"under it (row {', '.join(map(str, rows))}) sum to {total:,}",
                file=raw.file,
                row=int(raw.rows[i]),
                column=str(lanes[i]) if origin is not None else source,
                value=str(text[i]),
                expected="a group count equal to the sum of the rows numbered under it"
                + (
                    "; a group stating more than its rows may list only some of its parts (as 'Trong đó', of "
                    "which): write 'Trong đó' before such parts, or add the rows missing"
                    if more
                    else " (a row is mistyped, or belongs to another group)"
                ),
            )
        )
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    shown = list(dict.fromkeys(f"{int(raw.rows[i])} {str(frame[column].iat[i])!r}" for i in sorted(children)))
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: dropped {len(shown)} group row(s) of the numbering in column {column!r} (row "
            f"{', '.join(shown[:20])}{' ...' if len(shown) > 20 else ''}); each states the sum of the rows "
            "numbered under it (or no count), which are read instead"
        ),
        stacklevel=user_stacklevel(),
    )
    return body


def _subset(raw: RawTable, keep: np.ndarray) -> RawTable:
    origin = {k: v[keep] for k, v in raw.origin.items()}
    encoded = {k: (codes[keep], uniques) for k, (codes, uniques) in raw.encoded.items()}
    frame = raw.frame.loc[keep].reset_index(drop=True)
    return replace(raw, frame=frame, rows=raw.rows[keep], origin=origin, encoded=encoded)


# --------------------------------------------------------------------------------------------------------------
# Wide monthly sheets: districts (and offences) in rows, one column per month

# The months in words after "Tháng" (folded), longest first: Windows' Vietnamese month names
_VI_MONTH_WORDS = {
    "muoi mot": 11,
    "muoi hai": 12,
    "muoi": 10,
    "mot": 1,
    "gieng": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
_MONTH_HEADERS = (
    # folded headers: "T1/2024", "Tháng 1 - 2024", "Năm 2024 T1" (a two-row header), "T1", "Tháng 1"
    # ... and a statistics system's "2024M01"
    re.compile(
        r"(?:(?:nam\s*)?(?P<y1>(?:19|20)\d\d)\s*)?(?:t|th|thg|thang|m)\s*\.?\s*(?P<m>\d{1,2})"
        r"(?:\s*(?:[/.-]|nam|\s)\s*(?P<y2>(?:19|20)\d\d))?"
    ),
    # the month in words, as Excel's "mmmm yyyy" writes it in the Vietnamese locale: "Tháng Một 2024", "Tháng
    # Mười Hai 2024" (older Windows: "Tháng Giêng"); "Năm" after "Tháng" is May, "năm" before a year the year
    re.compile(
        rf"thang\s+(?P<w>{'|'.join(_VI_MONTH_WORDS)})(?:\s*(?:[/.-]|nam|\s)\s*(?P<y2>(?:19|20)\d\d))?"
    ),
    # Roman numerals after "Tháng": "Tháng III", "Tháng XII/2023"
    re.compile(r"(?:thang|th)\s*\.?\s*(?P<r>[ivx]{1,4})(?:\s*(?:[/.-]|nam)\s*(?P<y2>(?:19|20)\d\d))?"),
    # "T1/24", "Th.1-24": the "T" makes a two-digit year unambiguous (a bare "01/24" stays unread)
    # (Excel's "mmm-yy" in the Vietnamese locale: "Thg1-24", or "thg 1-24")
    re.compile(r"(?:t|th|thg|thang)\s*\.?\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<yy>\d\d)"),
    # English month names: "Jan-24", "Jan 2024", "January 2024" (Excel's mmm-yy shown as text)
    re.compile(
        r"(?P<name>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*[\s/.'-]\s*"
        r"(?P<y2>(?:19|20)\d\d|\d\d)"
    ),
    re.compile(r"(?P<m>\d{1,2})\s*[/.-]\s*(?P<y2>(?:19|20)\d\d)"),  # 01/2024
    re.compile(r"(?P<y1>(?:19|20)\d\d)\s*[/.-]\s*(?P<m>\d{1,2})"),  # 2024-01
    # a date cell on the first of the month: Excel turns "01/2024" typed in a header into 01/01/2024
    re.compile(r"(?P<y1>(?:19|20)\d\d)-(?P<m>\d{2})-01(?:t00:00(?::00)?)?"),
)
# A quarter subtotal column between the months: "Quý I", "Quý 1/2024", "Q2", "Quý III năm 2024"
# ("Q1/24", "Quý IV/23": the "Q" makes a two-digit year unambiguous, as "T1/24" for a month)
_QUARTER_HEADER = re.compile(
    r"(?:quy|q)\s*\.?\s*(?P<q>[1-4]|i{1,3}|iv)(?:\s*(?:[/.-]|nam|\s)\s*(?P<y>(?:19|20)\d\d))?"
    r"|(?:quy|q)\s*\.?\s*(?P<q2>[1-4]|i{1,3}|iv)\s*[/.-]\s*(?P<yy>\d\d)"
    r"|(?P<y0>(?:19|20)\d\d)\s*-?\s*q(?P<q0>[1-4])"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ROW_TOTAL = re.compile(r"^(?:tong cong|tong so|tong|cong|total|ca nam|luy ke)\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _month_of(header: str) -> tuple[int | None, int] | None:
    """``(year or None, month)`` of a month column's header ("T1/2024", "Tháng 1", "01/2024"), or None."""
    key = fold(header)
    for pattern in _MONTH_HEADERS:
        m = pattern.fullmatch(key)
        if m is None:
            continue
        got = m.groupdict()
        if got.get("name"):
            month = _MONTH_NAMES.index(got["name"]) + 1
        elif got.get("r"):
            month = _roman_value(got["r"].upper())
        elif got.get("w"):
            if got["w"] == "nam" and not got.get("y2"):
                return None  # "Tháng năm" alone heads a column of months and years, not May
            month = _VI_MONTH_WORDS[got["w"]]
        else:
            month = int(m["m"])
        year = got.get("y1") or got.get("y2") or got.get("yy")
        if 1 <= month <= 12:
            return (None if year is None else int(year) + 2000 * (len(year) == 2)), month
    return None


def _period_label(text: str) -> tuple[str, pd.Timestamp] | None:
    """``(frequency, start)`` of a month or quarter written as a column's header would be, with its year."""
    for kind, read, months in (("month", _month_of, 1), ("quarter", _quarter_of, 3)):
        got = read(text)
        if got is not None and got[0] is not None:
            return kind, pd.Timestamp(year=got[0], month=(got[1] - 1) * months + 1, day=1)
    return None


def _quarter_of(header: str) -> tuple[int | None, int] | None:
    """``(year or None, quarter)`` of a quarter column's header ("Quý I", "Quý 1/2024", "Q2"), or None."""
    q = _QUARTER_HEADER.fullmatch(fold(header))
    if q is None:
        return None
    if q["q0"]:  # "2024Q1", "2024-Q1"
        return int(q["y0"]), int(q["q0"])
    if q["q2"]:  # "Q1/24"
        return 2000 + int(q["yy"]), int(q["q2"]) if q["q2"].isdigit() else _ROMAN[q["q2"]]
    return (int(q["y"]) if q["y"] else None), int(q["q"]) if q["q"].isdigit() else _ROMAN[q["q"]]


# The measure words that make a value column the count of cases ("Số vụ", "(vụ)"), beside the column aliases.
_COUNT_MEASURES = _COUNT_KEYS | {"vu", "vu an"}


class _Lane(NamedTuple):
    """What a value column of a cross table stands for (a month, a quarter, a district) and its measure."""

    value: object
    measure: str  # the measure's key ("so vu", "so doi tuong"), "" when the header names none
    label: str = ""  # the measure as written ("Trộm cắp tài sản" over a month: an offence's column group)

    @property
    def is_count(self) -> bool:
        return self.measure == "" or self.measure in _COUNT_MEASURES


def _lane_of(header: str, lane: Callable[[str], object | None]) -> _Lane | None:
    """The lane (``lane``'s reading of the header, or of its longest part that has one) and the measure of a
    value column's header, or None. Two header rows read as one put a measure after or before the month or
    district: "Tháng 1/2024 Số vụ", "Số vụ Ba Đình" and "Ba Đình (vụ)" are counts; "Ba Đình Số đối tượng"
    (suspects) is another measure, reported as a column not read."""
    found = lane(header)
    if found is not None:
        return _Lane(found, "")
    unit = _UNIT_SUFFIX.search(header)
    if unit is not None:
        found = lane(header[: unit.start()])
        if found is not None:
            return _Lane(found, _key(unit.group()), unit.group().strip(" ()[]"))
    # "Ba Đình: Số vụ", "Số vụ - Ba Đình"; then without a unit after them, "Dân số năm 2023 (người)"
    for text in (header, *([header[: unit.start()]] if unit is not None else [])):
        words = text.split()
        for cut in range(len(words) - 1, 0, -1):
            for base, measure in ((words[:cut], words[cut:]), (words[-cut:], words[:-cut])):
                found = lane(" ".join(base).strip(" :-–/|,"))
                if found is not None:
                    return _Lane(found, _key(" ".join(measure)), " ".join(measure).strip(" :-–/|,"))
    return None


def _count_totals(
    headers: list[str],
    lanes: Mapping[str, _Lane],
    *,
    whole: bool = False,
    measured: Callable[[_Lane], bool] | None = None,
) -> list[str]:
    """The row-total columns ("Tổng cộng", "Tổng Số vụ") among ``headers`` that total the count: a total of
    another measure the value columns carry ("Tổng Số đối tượng" beside "Ba Đình Số đối tượng") is left out,
    to be reported as a column not read. ``whole``: the columns are places, so the whole place ("Toàn thành
    phố", "Toàn TP", "Cả thành phố (người)") totals them too. ``measured``: which lanes hold the value read
    (default: the count's)."""
    read = measured or (lambda lane: lane.is_count)
    others = {lane.measure for lane in lanes.values() if not read(lane)}

    def total(header: str) -> bool:
        text = fold(header)
        return bool(_ROW_TOTAL.match(text) or (whole and _TOTAL_RE.match(fold(_UNIT_SUFFIX.sub("", header)))))

    return [c for c in headers if total(c) and not any(_key(c).endswith(m) for m in others)]


# A period stated above a table or in its sheet's name: "THÁNG 01 NĂM 2024", "Tháng 1-2024", "T01.2024",
# "Quý I/2024", "Quý 2 năm 2024", "Năm 2024" (searched in folded text, the finest first).
_TITLE_PERIODS = (
    ("month", re.compile(r"(?<![a-z])(?:thang|t)\s*(\d{1,2})\s*(?:nam|[/.-])\s*((?:19|20)\d\d)(?!\d)")),
    (
        "quarter",
        re.compile(r"(?<![a-z])(?:quy|q)\s*(iv|i{1,3}|[1-4])\s*(?:nam|[/.-])\s*((?:19|20)\d\d)(?!\d)"),
    ),
    ("year", re.compile(r"(?<![a-z])nam\s*((?:19|20)\d\d)(?!\d)")),
)
_DATE_BEFORE = re.compile(r"(?:ngay|thang)\s*\d{1,2}\s*,?\s*$")
# A title naming a span of months ("6 tháng đầu năm 2024", "từ tháng 1 đến tháng 6", "tháng 1-6/2024") states no
# single period: the year or the last month it names would mislabel every row.
_MONTH_SPAN = re.compile(
    r"(?<![a-z\d])(?<!ngay )\d{1,2}\s*thang|(?:tu|den|toi)\s+thang|thang\s*\d{1,2}\s*(?:-|den|toi|va|,)\s*(?:thang\s*)?\d{1,2}(?!\d)"
)


def _year_from_titles(raw: RawTable, columns: Mapping[str, str] | None) -> RawTable:
    """A population table with no year column takes the one year its title rows or sheet name state ("DÂN SỐ
    TRUNG BÌNH NĂM 2019 PHÂN THEO QUẬN, HUYỆN"), as a ``year`` column with a warning (as a counts table takes its
    period); a title stating several years, or none, leaves the year column missing (reported)."""
    if _has_column(raw, "year", columns):
        return raw
    sections = _sections(raw)
    stated: list[tuple[str, str, str] | None] = []
    for _, texts in sections:
        years = {y: t for t in texts for y in _stated_years((t,))}
        stated.append(
            (*next(iter(years.items())), f"to be of {next(iter(years))}, the year stated in")
            if len(years) == 1
            else None
        )
    return _stated(raw, "year", sections, stated)


def _year_headings(raw: RawTable, columns: Mapping[str, str] | None) -> RawTable:
    """A population table with no year column whose blocks of districts stand under heading rows stating their
    year ("Năm 2019" alone in its row, then the districts, then "Năm 2020" ...): each row takes the year of the
    heading above it, as a ``year`` column, and the headings are dropped, with a warning naming them. Only when
    the first row is such a heading (every row then has one above it); any other table unchanged."""
    if _has_column(raw, "year", columns) or raw.frame.empty:
        return raw
    cells = raw.frame.to_numpy(dtype=object)
    labels = ["" for _ in cells]
    for i in np.flatnonzero((cells != "").sum(axis=1) == 1):
        text = next(str(v) for v in cells[i] if v != "")
        if re.fullmatch(r"(?:19|20)\d\d", re.sub(r"^nam\s*", "", PRELIMINARY.sub(" ", fold(text)).strip())):
            labels[i] = text
    heading = np.array([t != "" for t in labels], dtype=bool)
    if not heading[0] or heading.all():
        return raw
    year = pd.Series([t or None for t in labels], dtype=object).ffill().to_numpy(dtype=object)
    said = [f"row {int(raw.rows[i])} {labels[i]!r}" for i in np.flatnonzero(heading)]
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: no year column; each row is taken to be of the year of the heading row above it ("
            + shortlist(said, 5)
            + "), the headings dropped"
        ),
        stacklevel=user_stacklevel(),
    )
    keep = ~heading
    frame = raw.frame.assign(year=year).loc[keep].reset_index(drop=True)
    origin = {c: v[keep] for c, v in raw.origin.items()}
    return replace(raw, frame=frame, rows=raw.rows[keep], origin=origin, encoded={})


def _stated_years(texts: tuple[str, ...]) -> list[str]:
    """The years ``texts`` state as "năm 2024", outside dates ("ngày 05 tháng 02 năm 2025")."""
    pattern = dict(_TITLE_PERIODS)["year"]
    years = []
    for text in texts:
        folded = fold(text)
        years += [m[1] for m in pattern.finditer(folded) if not _DATE_BEFORE.search(folded[: m.start()])]
    return years


# the year and the month (or quarter) in two columns: "Năm" | "Tháng", "Year" | "Month", "Năm" | "Quý"
_PART_OF_PERIOD = {
    "nam": "year",
    "year": "year",
    "thang": "month",
    "month": "month",
    "quy": "quarter",
    "quarter": "quarter",
}


def _date_parts(header: Sequence[str], day: str) -> tuple[str, str] | None:
    """The month and year columns beside ``day`` when the date column is a day number ("Ngày" | "Tháng" |
    "Năm", "Day" | "Month" | "Year": a form's date in three cells), else None."""
    if _key(day) not in ("ngay", "day"):
        return None
    months = [c for c in header if _key(c) in ("thang", "month")]
    years = [c for c in header if _key(c) in ("nam", "year")]
    return (months[0], years[0]) if len(months) == 1 and len(years) == 1 else None


def _day_month_year(raw: RawTable, day: str) -> RawTable:
    """A date written in three columns ("Ngày" 5 | "Tháng" 3 | "Năm" 2024) as one date column in place of the
    day's ("05/03/2024", checked by the date parser: 31/02 is refused there), with a warning; a part that is
    not a whole number (or empty) is refused naming its cell. Any other table, and one whose day column holds
    full dates (month and year columns added beside them), unchanged."""
    parts = _date_parts(list(raw.frame.columns), day)
    if parts is None:
        return raw
    month, year = parts
    cells = {c: raw.text(c).str.strip() for c in (day, month, year)}
    shapes = {day: r"\d{1,2}", month: r"\d{1,2}", year: r"\d{4}"}
    days = cells[day][cells[day] != ""]
    if days.empty or not days.str.fullmatch(shapes[day]).all():
        # full dates under "Ngày" (month and year columns added for a PivotTable): read as they are
        return raw
    problems = [
        p
        for c, what in ((day, "day"), (month, "month"), (year, "year"))
        for p in _problems(
            raw,
            ~cells[c].str.fullmatch(shapes[c]).to_numpy(dtype=bool),
            c,
            cells[c],
            f"not the {what} of a date written in three columns ({day!r} | {month!r} | {year!r})",
            f"the {what}'s number" + (" (four digits)" if what == "year" else ""),
        )
    ]
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: read the date from the columns {day!r} (day), {month!r} (month) and {year!r} (year) "
            "together"
        ),
        stacklevel=user_stacklevel(),
    )
    dates = cells[day].str.zfill(2) + "/" + cells[month].str.zfill(2) + "/" + cells[year]
    frame = raw.frame.drop(columns=[month, year]).assign(**{day: dates.to_numpy(dtype=object)})
    encoded = {c: v for c, v in raw.encoded.items() if c not in (day, month, year)}
    return replace(raw, frame=frame, encoded=encoded)


def _year_and_month(raw: RawTable, columns: Mapping[str, str] | None) -> RawTable:
    """A table whose only period columns are a year and a month (or a quarter) with numbers ("Năm" 2024 |
    "Tháng" 3, "Year" | "Month", "Năm" | "Quý" II), read as one period column ``2024-03`` / ``2024Q2`` in place of
    the month column, with a warning; any other table unchanged (two period columns of another kind stay an
    error). A row with one of the two empty has no period, reported as such."""
    if columns and "period" in columns.values():
        return raw
    keys = {_key(a) for a in _ALIASES["period"]}
    found = [c for c in raw.frame.columns if _key(c) in keys]
    parts = {_PART_OF_PERIOD.get(_key(c)): c for c in found}
    sub = "month" if "month" in parts else "quarter"
    if len(found) != 2 or "year" not in parts or sub not in parts:
        return raw
    year_col, sub_col = parts["year"], parts[sub]
    pairs = pd.DataFrame({"y": raw.text(year_col), "s": raw.text(sub_col).str.lower().str.rstrip(".")})
    distinct = pairs.drop_duplicates()
    labels: dict[tuple[str, str], str] = {}
    for y, s in distinct.itertuples(index=False):
        n = _ROMAN.get(s) if sub == "quarter" and s in _ROMAN else (int(s) if s.isdigit() else None)
        if n is None and sub == "month":
            n = _month_in_words(s)  # a BI tool's "January", Excel's "Tháng Một"
        if y == "" or s == "":
            labels[(y, s)] = ""  # both empty: a missing period, reported by the period parser
        elif (
            not re.fullmatch(r"(?:19|20)\d\d", y) or n is None or not 1 <= n <= (12 if sub == "month" else 4)
        ):
            return raw  # not a year and a month number: the two candidates are reported as they are
        else:
            labels[(y, s)] = f"{y}-{n:02d}" if sub == "month" else f"{y}Q{n}"
    problems = [
        *_problems(
            raw,
            ((pairs["y"] == "") & (pairs["s"] != "")).to_numpy(),
            year_col,
            pairs["y"],
            "missing year",
            f"the year of the {sub} beside it",
        ),
        *_problems(
            raw,
            ((pairs["s"] == "") & (pairs["y"] != "")).to_numpy(),
            sub_col,
            pairs["s"],
            f"missing {sub}",
            f"the {sub} of the year beside it",
        ),
    ]
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    combined = [labels[pair] for pair in zip(pairs["y"], pairs["s"], strict=True)]
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: read the period from the columns {year_col!r} (year) and {sub_col!r} ({sub}) together"
        ),
        stacklevel=user_stacklevel(),
    )
    frame = raw.frame.drop(columns=[year_col]).assign(**{sub_col: combined})
    encoded = {c: v for c, v in raw.encoded.items() if c not in (year_col, sub_col)}
    return replace(raw, frame=frame, encoded=encoded)


def _month_in_words(text: str) -> int | None:
    """The month of a month column's cell written as a word, without its year: an English name or its
    abbreviation ("January", "Jan", "Sept": a BI tool's date hierarchy), or as a month header without a year
    ("Tháng Một", "Tháng 1", "T1", "Thg1"); None otherwise."""
    key = fold(text).strip().rstrip(".")
    words = re.fullmatch(r"thang\s+(.+)", key)
    if words and words[1] in _VI_MONTH_WORDS:  # in a month column, "Tháng Năm" is May
        return _VI_MONTH_WORDS[words[1]]
    if key in _MONTH_WORDS:  # the English names of dates ("January", "Jan", "Sept")
        return _MONTH_WORDS[key]
    got = _month_of(text)
    return got[1] if got is not None and got[0] is None else None


# A reporting period written as its first and last days: "từ ngày 15/12/2023 đến ngày 14/01/2024", "15/12/2023 -
# 14/01/2024", a month column's "(15/12-14/1)" (folded text; the years may be left out where the header or title
# states them).
_DATE_SPAN = re.compile(
    r"(?:tu\s*(?:ngay\s*)?)?(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})(?:\s*/\s*(?P<y1>(?:19|20)\d\d))?"
    r"\s*(?:-|\u2013|den|toi)\s*(?:ngay\s*)?(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})(?:\s*/\s*(?P<y2>(?:19|20)\d\d))?"
)
POLICE_PERIOD = {
    "month": "a police statistical month, from the 15th of the month before to the 14th, read as the month it is "
    "named for",
    "year": "a police statistical year, from 15 December of the year before to 14 December, read as the year it "
    "is named for",
}
_SPAN_AFTER = re.compile(r"\s*\((?P<span>[^()]*)\)$")


def _month_spans(raw: RawTable) -> RawTable:
    """Month columns stating the days they cover ("Tháng 1 (15/12-14/1)", a police statistical month; "Tháng 1
    (1/1-31/1)") renamed to the month alone, with a warning for police months; a column whose days are not its
    month (calendar or police) is refused, naming it."""
    years = _stated_years(raw.titles)
    renamed: dict[str, str] = {}
    police: list[str] = []
    for col in raw.frame.columns:
        name = str(col)
        after = _SPAN_AFTER.search(name)
        if after is None:
            continue
        bare = name[: after.start()].strip()
        month = _month_of(bare)
        span = _DATE_SPAN.fullmatch(fold(after["span"]).strip())
        if month is None or span is None:
            continue
        year = month[0] or (int(years[0]) if len(years) == 1 else 2001)
        got = _span_period(span, year)
        if got is None or got[0] != "month" or int(got[1][5:]) != month[1]:
            raise TrendsDataError(
                f"the month column {name!r} states the days {after['span']!r}, which are not that month: neither "
                "the calendar month nor its police statistical month (the 15th of the month before to the 14th)",
                file=raw.file,
                row=1,
                column=name,
                expected="a column of one month",
            )
        renamed[name] = bare
        if got[2]:
            police.append(name)
    if not renamed:
        return raw
    if len(set(renamed.values())) < len(renamed) or set(renamed.values()) & (
        set(raw.frame.columns) - set(renamed)
    ):
        return raw  # two columns of one month: left to the wide reader's own checks
    if police:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: month column(s) {shortlist(police, 4)} state {POLICE_PERIOD['month']}"
            ),
            stacklevel=user_stacklevel(),
        )
    encoded = {renamed.get(c, c): v for c, v in raw.encoded.items()}
    return replace(raw, frame=raw.frame.rename(columns=renamed), encoded=encoded)


def _span_period(m: re.Match[str], year: int | None = None) -> tuple[str, str, bool] | None:
    """``(kind, label, police)`` of a span of days that is one period: a calendar month or year (``police``
    False), or a police statistical month (the 15th to the 14th of the next month) or year (15/12 to 14/12),
    named for the month or year it ends in; None for any other span. ``year``: the year of the end when the span
    states none (a month column's "(15/12-14/1)" under a title stating 2024)."""
    d1, m1, d2, m2 = (int(m[k]) for k in ("d1", "m1", "d2", "m2"))
    y2 = int(m["y2"]) if m["y2"] else int(m["y1"]) if m["y1"] and m2 >= m1 else year
    if y2 is None:
        return None
    y1 = int(m["y1"]) if m["y1"] else y2 - (m1 > m2 or (m1 == m2 and d1 > d2))
    try:
        start, end = pd.Timestamp(year=y1, month=m1, day=d1), pd.Timestamp(year=y2, month=m2, day=d2)
    except ValueError:
        return None
    if start.day == 1 and end == start + pd.offsets.MonthEnd(0):
        return "month", f"{y2}-{m2:02d}", False
    if (d1, m1, d2, m2) == (1, 1, 31, 12) and y1 == y2:
        return "year", str(y2), False
    if (d1, d2) == (15, 14) and end == start + pd.DateOffset(months=1) - pd.Timedelta(days=1):
        return "month", f"{y2}-{m2:02d}", True
    if (d1, m1, d2, m2) == (15, 12, 14, 12) and y2 == y1 + 1:
        return "year", str(y2), True
    return None


def _period_from_titles(raw: RawTable, columns: Mapping[str, str] | None) -> RawTable:
    """A counts table with no period column takes the one period its title rows or its sheet name state (a
    police workbook with one sheet per month: "Tháng 1-2024" ... each a district x offence table), as a
    ``period`` column with a warning naming where it came from; any other table unchanged. A sheet stacking
    tables (a second month under its own title and repeated header) gives each its own title's period."""
    if _has_column(raw, "period", columns):
        return raw
    sections = _sections(raw)
    if any(_MONTH_SPAN.search(fold(text)) for _, texts in sections for text in texts):
        return raw  # a span of months: the missing period column is reported as it is
    stated: list[tuple[str, str, str] | None] = []
    for _, texts in sections:
        found = _title_period(raw, texts)
        police = (
            f" ({POLICE_PERIOD['year' if len(found[0]) == 4 else 'month']})" if found and found[2] else ""
        )
        stated.append(
            None if found is None else (found[0], found[1], f"to be {found[0]}{police}, the period stated in")
        )
    return _stated(raw, "period", sections, stated)


def _title_period(raw: RawTable, texts: tuple[str, ...]) -> tuple[str, str, bool] | None:
    """The one period ``texts`` (title rows, a sheet name) state, and the text stating it; None if none. A
    span of days ("từ ngày 15/12/2023 đến ngày 14/01/2024") states a calendar or police month or year; any other
    span, or one that disagrees with the period the titles name, is refused."""
    spans: dict[str, tuple[str, str, bool]] = {}
    for text in texts:
        for m in _DATE_SPAN.finditer(fold(text)):
            got = _span_period(m)
            if got is None:
                raise TrendsDataError(
                    f"the title states a reporting period from {m['d1']}/{m['m1']} to {m['d2']}/{m['m2']} "
                    f"({text!r}), which is not one month: neither a calendar month nor a police statistical "
                    "month (the 15th of one month to the 14th of the next)",
                    file=raw.file,
                    row=1,
                    column="period",
                    expected="a table of one month, or a period column",
                )
            spans.setdefault(got[1], (got[0], text, got[2]))
    named = _title_named_period(raw, tuple(_DATE_SPAN.sub(" ", fold(t)) for t in texts), texts)
    if len(spans) > 1 or (spans and named is not None and named[0] not in spans):
        said = sorted({*spans, *([named[0]] if named else [])})
        raise _several_periods(
            raw,
            f"the title rows state several periods {said}: a named period and the span of days it covers "
            f"disagree ({shortlist([t for _, t, _ in spans.values()], 2)})",
        )
    if spans:
        ((label, (_, text, police)),) = spans.items()
        return label, text, police
    return None if named is None else (named[0], named[1], False)


def _several_periods(raw: RawTable, what: str) -> TrendsDataError:
    """The error of a table with no period column whose titles or sheet name state more than one period."""
    return TrendsDataError(
        f"no period column, and {what}",
        file=raw.file,
        row=1,
        column="period",
        expected="a period column, or one period stated above the table or in the sheet's name",
    )


def _title_named_period(
    raw: RawTable, folded_texts: tuple[str, ...], texts: tuple[str, ...]
) -> tuple[str, str] | None:
    """The one period ``texts`` name ("tháng 01 năm 2024", "Quý I/2024", "năm 2024", a sheet "T1" under "NĂM
    2024"), given folded as ``folded_texts``, and the text naming it; None if none."""
    for kind, pattern in _TITLE_PERIODS:
        found: dict[str, str] = {}
        for text, folded in zip(texts, folded_texts, strict=True):
            for m in pattern.finditer(folded):
                if _DATE_BEFORE.search(
                    folded[: m.start()]
                ):  # "ngày 05 tháng 04 năm 2024": a date, not the period
                    continue
                if kind == "year":
                    label = m[1]
                else:
                    n = _ROMAN.get(m[1]) or int(m[1])
                    if not 1 <= n <= (12 if kind == "month" else 4):
                        continue
                    label = f"{m[2]}-{n:02d}" if kind == "month" else f"{m[2]}Q{n}"
                found.setdefault(label, text)
        if len(found) > 1:
            raise _several_periods(
                raw, f"several periods {sorted(found)} in the title rows or the sheet name"
            )
        if found:
            ((label, text),) = found.items()
            if kind == "year":
                # a sheet named by its month alone ("T1", "Tháng 1", "Quý I") under a title stating the year
                bare = {
                    (unit, n, t)
                    for t in texts
                    for unit, lane in (("month", _month_of(t)), ("quarter", _quarter_of(t)))
                    if lane is not None and lane[0] is None
                    for n in [lane[1]]
                }
                if len(bare) == 1:
                    ((unit, n, where),) = bare
                    label = f"{label}-{n:02d}" if unit == "month" else f"{label}Q{n}"
                    return label, where
            return label, text
    return None


def _sections(raw: RawTable) -> list[tuple[int, tuple[str, ...]]]:
    """(first row, texts) of each table of a sheet: the first with its title rows and the sheet name, then each
    table stacked under it with the title rows above its repeated header."""
    sheet = _sheet_name(raw)
    return [(0, (*raw.titles, *([sheet] if sheet else []))), *raw.sections]


def _stated(
    raw: RawTable,
    column: str,
    sections: list[tuple[int, tuple[str, ...]]],
    stated: list[tuple[str, str, str] | None],
) -> RawTable:
    """``raw`` with a ``column`` of the value each section's texts state (``stated``: (value, text, what the
    warning says) per section; a stacked table whose title states none continues the table above it), and a
    warning saying where each came from. Unchanged when the first table states none."""
    values: list[tuple[str, str, str]] = []
    for found in stated:
        if found is None and not values:
            return raw
        values.append(found if found is not None else values[-1])
    sheet = _sheet_name(raw)

    def where(text: str) -> str:
        return "the sheet name" if sheet and text == sheet else "the title rows"

    if len({value for value, _, _ in values}) == 1:
        value, text, said = values[0]
        message = f"every row is taken {said} {where(text)} ({text!r})"
        frame = raw.frame.assign(**{column: value})
    else:
        starts = np.array([row for row, _ in sections], dtype=np.int64)
        which = np.searchsorted(starts, raw.rows, side="right") - 1
        frame = raw.frame.assign(**{column: np.array([v for v, _, _ in values], dtype=object)[which]})
        parts = [
            f"the rows {'below row ' + str(row) if k else 'of the first table'} are taken {said} {where(text)} "
            f"above them ({text!r})"
            for k, ((row, _), (_, text, said), new) in enumerate(zip(sections, values, stated, strict=True))
            if k == 0 or new is not None
        ]
        message = f"the sheet stacks {len(sections)} tables, each under its own title: " + "; ".join(parts)
    warnings.warn(
        TrendsDataWarning(f"{raw.file}: no {column} column; {message}"),
        stacklevel=user_stacklevel(),
    )
    return replace(raw, frame=frame)


def _sheet_name(raw: RawTable) -> str:
    """The name of the sheet ``raw`` was read from ("" for a CSV or Parquet file)."""
    sheet = re.search(r"\[sheet (.*)\]$", raw.file)
    return sheet.group(1) if sheet else ""


def _has_column(raw: RawTable, name: str, columns: Mapping[str, str] | None) -> bool:
    """Whether a header of ``raw`` matches the canonical column ``name`` (or ``columns`` maps one to it)."""
    keys = {_key(c) for c in raw.frame.columns}
    return bool(keys & {_key(a) for a in (*_ALIASES[name], name)}) or name in (columns or {}).values()


# A district named in a title or sheet name: "BÁO CÁO ... QUẬN BA ĐÌNH QUÝ I/2024", "Công an huyện Đông Anh"
# (folded text; the words after the prefix are tried from the longest run the resolver knows).
_TITLE_DISTRICT = re.compile(r"(?<![a-z])(quan|huyen|thi xa)\s+([a-z][a-z ]*)")


def _district_from_titles(
    raw: RawTable, columns: Mapping[str, str] | None, districts: DistrictResolver | pd.DataFrame | bool | None
) -> RawTable:
    """A counts table with no district column takes the one district its sheet name or title rows name (a
    police workbook with one sheet per district, "Ba Đình", "Hoàn Kiếm" ..., each an offence x month table), as
    a ``district`` column with a warning naming where it came from; any other table unchanged.

    A sheet name counts when the districts resolver knows it as it is ("Ba Đình", "Q. Ba Đình"); a title row
    when it names a district after "quận", "huyện" or "thị xã". Two different districts are an error.
    """
    if districts is False or _has_column(raw, "district", columns):
        return raw
    resolver = _resolver(districts)
    sections = _sections(raw)
    stated: list[tuple[str, str, str] | None] = []
    for _, texts in sections:
        found = _title_district(raw, texts, resolver)
        if found is None:
            stated.append(None)
            continue
        ids, name, text = found
        said = f"{resolver.name(next(iter(ids)))} ({next(iter(ids))})" if len(ids) == 1 else repr(name)
        stated.append((name, text, f"to be in {said}, the district named in"))
    return _stated(raw, "district", sections, stated)


# Sheet names that name no offence: Excel's and LibreOffice's defaults ("Sheet1", "Trang tính1", "Feuil1"), a
# report's ("Báo cáo", "BC", "Biểu 01", "Số liệu", "Data"), a police unit or department ("PC02", "Công an ..."),
# the city or a province ("Hà Nội"), folded.
_NOT_OFFENCE_SHEET = re.compile(
    r"^(?:sheet|trang tinh|bang tinh|feuil|tabelle|hoja|foglio|blad|ark|list|lapa|worksheet|page|trang)\s*\d*$"
    r"|^(?:data|du lieu|so lieu|bao cao|bc|bieu|bieu mau|mau|tk|thong ke|ket qua|kq|bang|table|crimes?|"
    r"toi pham|tinh hinh|chi tiet|output|export|results?)\b"
    r"|^(?:phong|cong an|ca[a-z]{0,3} |doi|pc\d|pa\d|pk\d|px\d)|\d{4}"
    # the city or a province: "Hà Nội", "TP Hà Nội", "Toàn TP"
    r"|^(?:ha noi|hanoi|thanh pho|tp|tinh|province|city|toan tp|toan thanh pho)\b"
    # a summary sheet ("Tổng hợp", "TH"): the total of the others, checked by :func:`trends.io.read_crimes`
    r"|^(?:tong hop|tong so|tong cong|th|summary|tat ca|all)\b"
)


def _offence_from_sheet(
    raw: RawTable, columns: Mapping[str, str] | None, districts: DistrictResolver | pd.DataFrame | bool | None
) -> RawTable:
    """A counts table with no offence column, read from a sheet named as an offence (a workbook of one sheet per
    offence, "Trộm cắp tài sản", "Cướp giật", each a district x month table), takes the sheet name as the offence
    of every row, with a warning. The name counts when it is no period, district, cover or summary sheet's name,
    no default or report name ("Sheet1", "Báo cáo", "Biểu 01") and no police unit's; any other table unchanged
    (its missing offence column reported)."""
    from trends.rawfile import is_front_sheet

    sheet = _sheet_name(raw)
    name = sheet.strip()
    key = fold(name).strip()
    if (
        not name
        or _has_column(raw, "offence", columns)
        or not re.search(r"[a-z]{2}", key)
        or _NOT_OFFENCE_SHEET.search(key)
        or _TOTAL_RE.match(key)
        or is_front_sheet(name)
        or _month_of(name) is not None
        or _quarter_of(name) is not None
        or _period_label(name) is not None
        or (districts is not False and bool(_resolver(districts).candidates(name)))
    ):
        return raw
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: no offence column; every row is taken to be of the offence {name!r}, the sheet name"
        ),
        stacklevel=user_stacklevel(),
    )
    return replace(raw, frame=raw.frame.assign(offence=name))


_HEADING_NUMBER = re.compile(r"^(?:[IVXLCivxlc]+|\d+(?:\.\d+)*|[A-Za-z])[.)/]?$")


def _district_headings(
    raw: RawTable, columns: Mapping[str, str] | None, districts: DistrictResolver | pd.DataFrame | bool | None
) -> RawTable:
    """A table with no district column whose rows come in blocks under heading rows naming a district ("I |
    QUẬN BA ĐÌNH", a merged "Quận Đống Đa" across the table): each row takes the district of the heading above
    it, as a ``district`` column, and the heading rows are dropped, with a warning naming them. A heading row
    holds one text (besides its number) naming a district after "quận", "huyện" or "thị xã"; the first row of
    the table must be one. A heading row stating counts ("1 | Quận Ba Đình | 45" above "Trộm cắp | 30",
    "Cướp giật | 15") is the subtotal of its block: its label becomes "Cộng Quận Ba Đình", which
    :func:`_drop_subtotals` checks against the rows under it and drops (refused, naming the row, when it
    does not equal them). Any other table unchanged."""
    if districts is False or _has_column(raw, "district", columns) or not len(raw.frame):
        return raw
    resolver = _resolver(districts)

    def named(row: Sequence[object]) -> tuple[str, int, bool] | None:
        """The district a heading row names, the cell naming it, and whether the row states numbers."""
        filled = [(j, str(v)) for j, v in enumerate(row) if v != ""]
        if len(filled) >= 2 and _HEADING_NUMBER.match(filled[0][1]):
            filled = filled[1:]  # its number ("I", "1.")
        texts = [(j, v) for j, v in filled if not _STATED_NUMBER.match(v)]
        if (
            len(texts) != 1
            or texts[0] != filled[0]  # the name first, its counts after it
            or _HEADING_NUMBER.match(texts[0][1])
            or not _TITLE_DISTRICT.search(fold(texts[0][1]))
        ):
            return None
        name = texts[0][1]
        if _title_district(raw, (name,), resolver) is None:
            return None
        return name, texts[0][0], len(filled) > 1

    if named(list(raw.frame.iloc[0])) is None:  # most tables: looked at no further
        return raw
    cells = raw.frame.to_numpy(dtype=object)
    heading = {i: found for i, row in enumerate(cells) if (found := named(list(row))) is not None}
    if len(heading) == len(cells):
        return raw
    counted = {i for i, (_, _, numbers) in heading.items() if numbers}
    if counted and len(counted) != len(heading):
        counted = set()  # some state counts and some do not: no subtotals, the counted ones are reported
        heading = {i: h for i, h in heading.items() if not h[2]}
        if 0 not in heading:  # the first row states counts: the missing district column is reported
            return raw
    starts = np.array(sorted(heading), dtype=np.int64)
    which = np.searchsorted(starts, np.arange(len(cells)), side="right") - 1
    names = np.array([heading[int(i)][0] for i in starts], dtype=object)[which]
    is_heading = np.zeros(len(cells), dtype=bool)
    is_heading[[i for i in starts if int(i) not in counted]] = True
    shown = [f"{int(raw.rows[i])} {heading[int(i)][0]!r}" for i in starts]
    said = (
        "; their counts are checked as the subtotals of the rows under them, and dropped"
        if counted
        else ", and the heading rows dropped"
    )
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: no district column; the rows under each heading row naming a district (row "
            f"{shortlist(shown, 6, ', ')}) are taken to be in it{said}"
        ),
        stacklevel=user_stacklevel(),
    )
    frame = raw.frame.assign(district=names)
    for i in counted:
        name, j, _ = heading[i]
        frame.iat[i, j] = f"Cộng {name}"  # a subtotal heading its block, for _drop_subtotals
    out = replace(raw, frame=frame)
    return _subset(out, ~is_heading)


def _type_headings(
    raw: RawTable,
    columns: Mapping[str, str] | None,
    districts: DistrictResolver | pd.DataFrame | bool | None,
    ignore: tuple[str, ...] = (),
) -> RawTable:
    """A register with no model-type column whose models come in blocks under section headings naming the type
    ("I | MÔ HÌNH CAMERA AN NINH", a merged "Mô hình Tổ tự quản" across the table): each model takes the type of
    the heading above it, as a ``model_type`` column ("Mô hình" and quotes removed, a heading in capitals written
    as a sentence: "Camera an ninh"), and the headings are dropped, with a warning naming them. A heading holds
    one text besides its number, naming no district or ward and no total; the first row of the table must be
    one. Any other table unchanged (its missing type column reported). ``ignore``: columns not of the file (the
    district :func:`_district_headings` gave each row, under headings of both kinds)."""
    if _has_column(raw, "model_type", columns) or not len(raw.frame):
        return raw
    resolver = None if districts is False else _resolver(districts)
    skip = {raw.frame.columns.get_loc(c) for c in ignore if c in raw.frame.columns}

    def named(row: Sequence[object]) -> str | None:
        filled = [str(v) for j, v in enumerate(row) if v != "" and j not in skip]
        if len(filled) == 2 and _HEADING_NUMBER.match(filled[0]):
            filled = filled[1:]
        if len(filled) != 1 or _HEADING_NUMBER.match(filled[0]) or _STATED_NUMBER.match(filled[0]):
            return None
        text = filled[0]
        key = fold(text)
        if (
            _TITLE_DISTRICT.search(key)
            or _is_subtotal_label(text)
            or re.match(r"(?:phuong|xa|thi tran)\b", key)
            or (resolver is not None and resolver.candidates(text))
        ):
            return None
        return text

    if named(list(raw.frame.iloc[0])) is None:
        return raw
    cells = raw.frame.to_numpy(dtype=object)
    heading = {i: t for i, row in enumerate(cells) if (t := named(list(row))) is not None}
    if len(heading) == len(cells):
        return raw
    starts = np.array(sorted(heading), dtype=np.int64)
    which = np.searchsorted(starts, np.arange(len(cells)), side="right") - 1
    for c in ignore:  # a type heading does not reach into the next district's block
        if c in raw.frame.columns:
            block = raw.frame[c].to_numpy(dtype=object)
            if (block[starts[which]] != block).any():
                return raw

    def as_type(text: str) -> str:
        name = re.sub(r"^(?:mô hình|mo hinh)\s*[:\-–]?\s*", "", text.strip(), flags=re.IGNORECASE)
        name = name.strip(" \"'“”‘’«»") or text.strip()
        return name[0] + name[1:].lower() if name.isupper() else name

    types = np.array([as_type(heading[int(i)]) for i in starts], dtype=object)[which]
    is_heading = np.zeros(len(cells), dtype=bool)
    is_heading[starts] = True
    shown = [f"{int(raw.rows[i])} {heading[int(i)]!r} -> {as_type(heading[int(i)])!r}" for i in starts]
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: no model-type column; the models under each section heading (row "
            f"{shortlist(shown, 6, ', ')}) are taken to be of the type it names, and the heading rows dropped"
        ),
        stacklevel=user_stacklevel(),
    )
    return _subset(replace(raw, frame=raw.frame.assign(model_type=types)), ~is_heading)


# A number a heading row states (a subtotal of its block): digits with separators, or a dash for none.
_STATED_NUMBER = re.compile(r"^-?\d[\d.,\s]*$|^[-–—]$")


def _title_district(
    raw: RawTable, texts: tuple[str, ...], resolver: DistrictResolver
) -> tuple[frozenset[str], str, str] | None:
    """The one district ``texts`` (title rows, a sheet name) name: its candidate ids, the name and the text
    naming it; None if none."""
    sheet = _sheet_name(raw)
    # candidate ids -> (name, text it was read from); "Ba Đình" (district or ward) and "Quận Ba Đình" agree
    found: dict[frozenset[str], tuple[str, str]] = {}
    for text in texts:
        names = [text] if sheet and text == sheet else []
        for m in _TITLE_DISTRICT.finditer(fold(text)):
            words = m[2].split()
            names += [f"{m[1]} {' '.join(words[:n])}" for n in range(min(len(words), 4), 0, -1)]
        for name in names:
            ids = frozenset(resolver.candidates(name))
            if not ids:
                continue
            same = next((k for k in found if k & ids), None)
            if same is None:
                found[ids] = (name, text)
            elif len(ids) < len(same):  # the narrower reading names the district
                del found[same]
                found[ids & same] = (name, text)
            break
    if len(found) > 1:
        raise TrendsDataError(
            f"no district column, and several districts {sorted(n for n, _ in found.values())} in the title "
            "rows or the sheet name",
            file=raw.file,
            row=1,
            column="district",
            expected="a district column, or one district named above the table or in the sheet's name",
        )
    if not found:
        return None
    ((ids, (name, text)),) = found.items()
    return ids, name, text


# a column comparing with another period: "Cùng kỳ", "cùng thời kỳ năm trước", "So sánh"


def _occurred_lanes(raw: RawTable, lanes: dict[str, _Lane]) -> dict[str, _Lane]:
    """Months over the measures of a police form ("T1/2024" over "Xảy ra" | "Khám phá": cases occurred | solved)
    and no count column: each month's cases occurred are its count, as in a table of one period (round 14:
    :func:`_occurred_column`), the other measures named as not read (said). Unchanged otherwise."""
    if any(lane.is_count for lane in lanes.values()):
        return lanes
    occurred = [c for c, lane in lanes.items() if _OCCURRED.match(lane.measure)]
    if not occurred:
        return lanes
    others = list(dict.fromkeys(lane.label for c, lane in lanes.items() if c not in occurred))
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: measures of the cases under each period: {lanes[occurred[0]].label!r} (cases occurred, "
            f"the crimes recorded) is read as each period's count; {others} (a part of them, or another measure) "
            "not read"
        ),
        stacklevel=user_stacklevel(),
    )
    return {c: lane._replace(measure="") if c in occurred else lane for c, lane in lanes.items()}


def _melt_wide(raw: RawTable) -> RawTable:
    """A wide monthly sheet (``T1`` .. ``T12``, ``Tháng 1``, ``01/2024``, ``2024-01`` columns) as the long
    contract: one row per row and month, with ``period`` and ``count``; any other table unchanged.

    A month header without a year takes the one year stated in the title rows or the sheet name; a row-total
    column ("Tổng cộng", "Cả năm") must equal the sum of the months and is dropped; a month column left empty
    throughout (not yet reported) is dropped; bottom total rows are checked month by month.
    """
    if _has_column(raw, "period", None) or _has_column(raw, "count", None):
        return raw
    lanes = _occurred_lanes(
        raw, {c: lane for c in raw.frame.columns if (lane := _lane_of(c, _month_of)) is not None}
    )
    months = {c: cast(tuple[int | None, int], lane.value) for c, lane in lanes.items() if lane.is_count}
    # one month column stating its year ("Tháng 1/2024" beside "Cùng kỳ 2023" | "+/-" | "%", a monthly report)
    # is that month's counts; two or more months are a wide sheet
    single = (
        len(months) == 1
        and next(iter(months.values()))[0] is not None
        and (
            fold(next(iter(months))).startswith(("t", *_MONTH_NAMES))  # "Tháng 1/2024", "T1/2024", "Jan-24"
            # "01/2024", "2024-01": a month and a four-digit year (never a day: no day is over 31)
            # (and no header a bare number: a data row taken for the header, "Ba Đình | 2024-01 | ... | 12")
            or (
                re.fullmatch(r"\d{1,2}[/.-]\d{4}|\d{4}[/.-]\d{1,2}", next(iter(months)).strip()) is not None
                and not any(re.fullmatch(r"[\d.,\s]+", str(c)) for c in raw.frame.columns)
            )
        )
    )
    if len(months) < 2 and not single:
        grouped = _melt_offence_months(raw, lanes)
        return grouped if grouped is not None else _melt_quarters(raw)
    frame = raw.frame

    # A month read under another measure ("Số đối tượng") beside its count column is reported as not read, and
    # so is a comparison with another year ("Cùng kỳ T2/2023"); a month of the series whose only column adds a
    # note ("Tháng 6/2024 (ước)" after T1 .. T5) would lose its cases without a word.
    def order(value: object) -> int:
        y, m = cast(tuple[int | None, int], value)
        return (y or 0) * 12 + m

    span = (min(map(order, months.values())), max(map(order, months.values())) + 1)
    alone = [
        c
        for c, lane in lanes.items()
        if not lane.is_count
        and lane.value not in months.values()
        and span[0] <= order(lane.value) <= span[1]
        and not _COMPARISON.search(fold(c))
    ]
    if alone:
        raise TrendsDataError(
            "a month column whose header adds a note or another measure to the month, and no column of that "
            "month's cases beside it: its numbers would not be read",
            file=raw.file,
            row=1,
            column=alone[0],
            expected="the month alone in the header (T6/2024) if these are its cases, or a count column for "
            "that month",
        )
    dated = _with_year(raw, months, "month", "T1/2024")
    others = [c for c in frame.columns if c not in lanes]
    totals = _count_totals(others, lanes)
    # Quarter subtotal columns ("Quý I" after T1 .. T3): checked against their three months and dropped.
    quarters: dict[str, list[str]] = {}
    for c in others:
        q = _lane_of(c, _quarter_of)
        if q is None or not q.is_count or c in totals:
            continue
        q_year, number = cast(tuple[int | None, int], q.value)
        years = {y for y, _ in dated.values()} if q_year is None else {q_year}
        inside = [m for m, (y, mo) in dated.items() if y in years and (mo - 1) // 3 + 1 == number]
        if len(years) == 1 and len(inside) == 3:
            quarters[c] = inside
    return _melt(
        raw,
        {c: f"{y}-{m:02d}" for c, (y, m) in dated.items()},
        "period",
        "month",
        totals,
        quarters,
        "a wide monthly table",
    )


def _years_stated(texts: tuple[str, ...]) -> set[int]:
    """The years title rows or a sheet name state: the year stated as one ("NĂM 2024"; a signing date "ngày 10
    tháng 01 năm 2025" is not it), else every year written there."""
    return {int(y) for y in _stated_years(texts)} or {int(y) for t in texts for y in _YEAR.findall(t)}


def _with_year(
    raw: RawTable, lanes: dict[str, tuple[int | None, int]], unit: str, example: str
) -> dict[str, tuple[int, int]]:
    """``lanes`` (header -> (year or None, month or quarter)) with the one year the title rows or the sheet
    name state given to the headers without one; refused when they state none or several."""
    if all(y is not None for y, _ in lanes.values()):
        return cast(dict[str, tuple[int, int]], lanes)
    found = _years_stated((*raw.titles, _sheet_name(raw)))
    if len(found) != 1:
        column = next(c for c, (y, _) in lanes.items() if y is None)
        raise TrendsDataError(
            f"{unit} columns without a year, and "
            + (f"several years {sorted(found)}" if found else "no year")
            + " in the title rows or the sheet name",
            file=raw.file,
            row=1,
            column=column,
            expected=f"{unit} headers such as {example}, or one year stated above the table (Năm 2024)",
        )
    year = found.pop()
    # a table stacked under the first with its own title and header ("NĂM 2024" under the table of "NĂM 2023"):
    # its months are of the year its title states, which the columns cannot carry
    for row, titles in raw.sections:
        other = _years_stated(titles)
        if other and other != {year}:
            column = next(c for c, (y, _) in lanes.items() if y is None)
            raise TrendsDataError(
                f"{unit} columns without a year, and the sheet stacks tables under titles stating other years "
                f"({year} above the first table, {', '.join(map(str, sorted(other)))} above row {row}): "
                "one year cannot be given to every row",
                file=raw.file,
                row=row,
                column=column,
                expected=f"{unit} headers stating their year ({example}), or each year's table on its own sheet",
            )
    return {c: (y or year, n) for c, (y, n) in lanes.items()}


# Words of a column group over months that is not an offence: another measure ("Số đối tượng"), an estimate;
# the measures of a police form ("Xảy ra" | "Khám phá": cases occurred | solved; "Khởi tố", "Đối tượng") neither.
_NOT_OFFENCE = re.compile(
    r"^(?:so|ty le|uoc|tang|giam|ke hoach|thuc hien|ghi chu|xay ra|kham pha|phat hien|khoi to|bat giu|xu ly|"
    r"dieu tra|truy to|doi tuong|vu|nguoi|thiet hai|tiep nhan)\b"
)


def _melt_offence_months(raw: RawTable, lanes: Mapping[str, _Lane]) -> RawTable | None:
    """A wide sheet of offences as column groups over months (a two-row header: "Trộm cắp tài sản" merged over
    T1 .. T3, then "Cướp giật tài sản" over T1 .. T3), with no offence column, as the long contract: one row per
    row, offence and month. None for any other table. A row-total column ("Tổng cộng") must equal the sum of
    every offence and month."""
    if _has_column(raw, "offence", None):
        return None
    groups = {
        c: lane
        for c, lane in lanes.items()
        if lane.label
        and not _NOT_OFFENCE.match(key := fold(lane.label))
        and not _COMPARISON.search(key)
        and not _ROW_TOTAL.match(key)
    }
    if len({lane.label for lane in groups.values()}) < 2 or len(groups) < 4:
        return None
    dated = _with_year(
        raw, {c: cast(tuple[int | None, int], lane.value) for c, lane in groups.items()}, "month", "T1/2024"
    )
    others = [c for c in raw.frame.columns if c not in lanes]
    long = _melt(
        raw,
        {c: f"{groups[c].label} / {y}-{m:02d}" for c, (y, m) in dated.items()},
        "period",
        "offence and month",
        _count_totals(others, lanes),
        {},
        "a wide table of offences over months",
    )
    parts = long.frame["period"].str.rsplit(" / ", n=1, expand=True)
    headers = long.origin["period"]
    return replace(
        long,
        frame=long.frame.assign(
            offence=parts[0].to_numpy(dtype=object), period=parts[1].to_numpy(dtype=object)
        ),
        origin={**long.origin, "offence": headers},
    )


def _melt_quarters(raw: RawTable) -> RawTable:
    """A wide quarterly sheet ("Quý I/2024" .. "Quý IV/2024", "Q1 2024", "Quý I" under "NĂM 2024") as the long
    contract, one row per row and quarter; any other table unchanged. A row-total column ("Cả năm") must equal
    the sum of the quarters and is dropped."""
    lanes = {c: lane for c in raw.frame.columns if (lane := _lane_of(c, _quarter_of)) is not None}
    quarters = {c: cast(tuple[int | None, int], lane.value) for c, lane in lanes.items() if lane.is_count}
    if len(quarters) < 2:
        return raw
    dated = _with_year(raw, quarters, "quarter", "Quý I/2024")
    others = [c for c in raw.frame.columns if c not in lanes]
    return _melt(
        raw,
        {c: f"{y}Q{q}" for c, (y, q) in dated.items()},
        "period",
        "quarter",
        _count_totals(others, lanes),
        {},
        "a wide quarterly table",
    )


def _melt(
    raw: RawTable,
    lanes: Mapping[str, str],
    key: str,
    unit: str,
    totals: list[str],
    parts: Mapping[str, list[str]],
    title: str,
    announce: bool = True,
) -> RawTable:
    """Melt the value columns ``lanes`` (header -> the ``key`` they stand for, a ``unit`` each: a month, a
    district) into ``key`` and ``count``: one row per row and column. Row-total columns ``totals`` must equal
    the sum of the value columns, and each column of ``parts`` (a quarter) the sum of the columns it lists;
    both are then dropped, as are value columns left empty throughout. Bottom total rows go back in as rows,
    for the subtotal check to compare column by column. ``title`` names the table in the warning, given when
    the shape was recognised (``announce``) or columns were dropped."""
    frame = raw.frame
    ids = [c for c in frame.columns if c not in lanes and c not in totals and c not in parts]
    empty = [c for c in lanes if (frame[c] == "").all()]
    value_cols = [c for c in lanes if c not in empty]
    if not value_cols:
        raise TrendsDataError(
            f"every {unit} column is empty", file=raw.file, row=1, expected=f"counts in the {unit} columns"
        )
    # The value, part and row-total columns are parsed as counts together, so that "1.000" in one column is
    # read with the separators the others decide (errors name the row and the column's header).
    values = _parse_columns(raw, [*value_cols, *parts, *totals])
    summed = np.sum([values[c] for c in value_cols], axis=0)
    sums = {c: (summed, f"the sum of the {unit}s") for c in totals} | {
        c: (np.sum([values[m] for m in inside if m in values], axis=0), f"the sum of its {unit}s {inside}")
        for c, inside in parts.items()
    }
    for c, (want, said) in sums.items():
        off = values[c] != want
        if off.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    off,
                    c,
                    frame[c],
                    f"the row total does not equal {said} ({int(want[np.argmax(off)]):,})",
                    f"a total equal to the sum of its {unit}s",
                )
            )
    if raw.totals:
        frame = pd.concat([frame, pd.DataFrame([cells for _, cells in raw.totals])], ignore_index=True)
        frame = frame.fillna("")
    row_numbers = np.concatenate([raw.rows, np.array([r for r, _ in raw.totals], dtype=raw.rows.dtype)])
    n, k = len(frame), len(value_cols)
    long = {c: np.repeat(frame[c].to_numpy(dtype=object), k) for c in ids}
    long[key] = np.tile(np.array([lanes[c] for c in value_cols], dtype=object), n)
    long["count"] = frame[value_cols].to_numpy(dtype=object).ravel()
    headers = np.tile(np.array(value_cols, dtype=object), n)
    dropped = [f"row total column(s) {totals} (equal to the sum of the {unit}s)"] if totals else []
    dropped += [f"quarter column(s) {list(parts)} (equal to the sum of their {unit}s)"] if parts else []
    dropped += [f"empty {unit} column(s) {empty}"] if empty else []
    if announce or dropped:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: read {title} ({k} {unit} columns, {lanes[value_cols[0]]} .. {lanes[value_cols[-1]]}) "
                f"as one row per {unit}" + ("; dropped " + "; ".join(dropped) if dropped else "")
            ),
            stacklevel=user_stacklevel(),
        )
    return replace(
        raw,
        frame=pd.DataFrame(long),
        rows=np.repeat(row_numbers, k),
        totals=(),
        origin={key: headers, "count": headers},
        encoded={},
    )


def _melt_districts(
    raw: RawTable,
    columns: Mapping[str, str] | None,
    districts: DistrictResolver | pd.DataFrame | bool | None,
    value: str = "count",
) -> RawTable:
    """A cross table with a column per district ("Ba Đình", "Hoàn Kiếm", ..., and a "Tổng" or "Toàn thành
    phố" column) as the long contract, one row per row and district; any other table unchanged. Rows are
    offences (a counts table) or years (a population table, ``value="population"``: "Năm" | "Ba Đình" | ...).

    Taken only when the table has no district and no ``value`` column and at least two headers are districts
    the resolver knows, alone or with the count's measure ("Ba Đình Số vụ", :func:`_lane_of`); a row-total
    column must equal the sum of the districts and is dropped (reported).
    """
    if districts is False or _has_column(raw, "district", columns) or _has_column(raw, value, columns):
        return raw
    resolver = _resolver(districts)

    def district(text: str) -> str | None:
        folded = fold(text)
        total = _ROW_TOTAL.match(folded) or _TOTAL_RE.match(folded)
        return text.strip() if not total and resolver.candidates(text) else None

    # "Quận/Huyện" merged over the district names (a two-row header): the group word, not a measure
    places = {_key(a) for a in _ALIASES["district"]}
    lanes = {
        c: lane if lane.measure not in places else _Lane(lane.value, "")
        for c in raw.frame.columns
        if (lane := _lane_of(c, district)) is not None
    }
    measured = (lambda lane: lane.is_count) if value == "count" else _counts_residents
    named = {c: cast(str, lane.value) for c, lane in lanes.items() if measured(lane)}
    if len(named) < 2:
        return raw
    # "Tổng cộng", "Toàn thành phố" (the city): totals of the districts, checked and dropped
    totals = _count_totals(
        [c for c in raw.frame.columns if c not in lanes], lanes, whole=True, measured=measured
    )
    known = {_key(a) for aliases in _ALIASES.values() for a in aliases}
    unknown = []
    for c in raw.frame.columns:
        cells = raw.text(c)
        cells = cells[cells != ""]
        if c in lanes or c in totals or _key(c) in known or cells.empty:
            continue
        if cells.str.fullmatch(r"[-+]?\d[\d.,\s\u00a0]*").all():
            unknown.append(c)
    what = "crimes are" if value == "count" else f"{value} is"
    if unknown:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: column(s) {unknown} of the table with a column per district hold numbers but name "
                f"no district the resolver knows: their {what} not read (a unit outside the districts, "
                "such as 'Các đơn vị khác', cannot be given to one; name the district in the header if it is one)"
            ),
            stacklevel=user_stacklevel(),
        )
    if value != "count":
        for c in named:  # "Dân số (nghìn người)" over the districts: the unit is in their headers
            _check_unit(
                raw,
                c,
                value,
                _SCALED_UNIT,
                f"whole numbers ({value}), not thousands, millions or a percentage",
            )
    long = _melt(raw, named, "district", "district", totals, {}, "a table with a column per district")
    if value == "count":
        return long
    return replace(
        long,
        frame=long.frame.rename(columns={"count": value}),
        origin={(value if k == "count" else k): v for k, v in long.origin.items()},
    )


def _melt_offences(
    raw: RawTable, columns: Mapping[str, str] | None, named: Sequence[str] | Mapping[str, str] | None = None
) -> RawTable:
    """A table with a column per offence ("Tháng" | "Trộm cắp tài sản" | "Cướp giật tài sản" | "Tổng": months as
    rows, as a district's own sheet lays them out) as the long contract, one row per row and offence; any other
    table unchanged. Taken only when the table has a period column but no offence and no count column, and at
    least two headers name offences of the 2015 Penal Code's table (its label or statutory name, a unit in
    brackets allowed): the package holds no other list of offences, and a header it cannot tell from a measure
    ("Số đối tượng") is never read as one. A row-total column must equal the sum of the offences and is dropped;
    another column of numbers is refused naming it (its crimes would be lost). The columns ``named`` by the
    caller (``offence_columns=``) are melted whatever their headers: :func:`_melt_named_offences`."""
    if named is not None:
        return _melt_named_offences(raw, columns, named)
    if (
        _has_column(raw, "offence", columns)
        or _has_column(raw, "count", columns)
        or not _has_column(raw, "period", columns)
    ):
        return raw
    names = {fold(v): label for label, name in _penal_code().values() for v in (label, name)}
    lanes = {
        c: names[fold(_UNIT_SUFFIX.sub("", c))]
        for c in raw.frame.columns
        if fold(_UNIT_SUFFIX.sub("", c)) in names
    }
    if len(lanes) < 2:
        return raw
    totals = [c for c in raw.frame.columns if c not in lanes and _ROW_TOTAL.match(fold(c))]
    known = {_key(a) for aliases in _ALIASES.values() for a in aliases}
    for c in raw.frame.columns:
        cells = raw.text(c)
        cells = cells[cells != ""]
        if c in lanes or c in totals or _key(_UNIT_SUFFIX.sub("", c)) in known or cells.empty:
            continue
        if cells.str.fullmatch(r"[-+]?\d[\d.,\s\u00a0]*").all():
            raise TrendsDataError(
                f"column {c!r} holds numbers beside the columns of offences {list(lanes)} but names no offence "
                "of the Penal Code's table (trends/data/penal_code_2015.csv): its crimes cannot be read",
                file=raw.file,
                row=1,
                column=c,
                expected="a column per offence named as the Penal Code names it, a 'Tổng' column, or the table "
                "in the long form (a column 'Tội danh' and a column 'Số vụ')",
            )
    return _melt(raw, lanes, "offence", "offence", totals, {}, "a table with a column per offence")


def _melt_named_offences(
    raw: RawTable, columns: Mapping[str, str] | None, named: Sequence[str] | Mapping[str, str]
) -> RawTable:
    """The columns of counts the caller names as offences (a researcher's panel, "state" | "year" | "murder" |
    "robbery"), each header (or the label ``named`` maps it to) the offence of its cells, as the long contract.
    Refused: a named header the file does not have, one that ``columns=`` maps to another column, or a file
    that also has an offence or a count column (which would the counts be?). Columns not named stay unread,
    as the readers' warning lists them: a total column is not checked, since a panel may name only some
    offences."""
    labels = dict(named) if isinstance(named, Mapping) else dict.fromkeys(named)  # None: the file's header
    if isinstance(named, str) or not labels:
        raise TrendsDataError(
            f"offence_columns= must list the headers of the columns of counts, not {named!r}",
            file=raw.file,
            row=1,
            expected="a list of headers (['murder', 'robbery']) or a mapping of header to offence",
        )
    found = list(raw.frame.columns)
    columns = columns or {}
    lanes: dict[str, str] = {}
    for header, label in labels.items():
        hit = _named_header(found, header)
        if hit is None or hit in columns:
            raise TrendsDataError(
                f"offence_columns= names {header!r}, which "
                + ("the file does not have" if hit is None else f"columns= also maps to {columns[hit]!r}"),
                file=raw.file,
                row=1,
                column=str(header),
                expected=f"headers of columns of counts among {[*found, *raw.unread]}",
            )
        lanes[hit] = hit if label is None else _header_name(str(label))
    others = _header_only([c for c in [*found, *raw.unread] if c not in lanes])  # unread columns too
    for canon in ("offence", "count"):
        if _has_column(others, canon, columns):
            raise TrendsDataError(
                f"offence_columns= names columns of counts, but the file also has {canon!r} column(s): the counts "
                "cannot be both",
                file=raw.file,
                row=1,
                column=canon,
                expected="offence_columns= for a table with a column per offence, or the long form (an offence "
                "column and a count column) without it",
            )
    return _melt(
        raw, lanes, "offence", "offence", [], {}, "the columns offence_columns= names", announce=False
    )


# A statistics office's preliminary figures: "Sơ bộ 2024", "2024 (sơ bộ)", "Prel. 2024" (folded).
# "Sơ bộ 2023", "Prel. 2023", "2023 (Sơ bộ)", and both languages at once: "Sơ bộ - Prel. 2023", "Sơ bộ/Prel."
PRELIMINARY = re.compile(
    r"\(?\s*(?:so bo|prel(?:iminary|\.)?)(?:\s*[-/–]\s*(?:so bo|prel(?:iminary|\.)?))?\s*\)?"
)


def _counts_residents(lane: _Lane) -> bool:
    """Whether a population table's value column holds residents: no measure, or one naming them ("Dân số",
    "Dân số trung bình", "(người)", "persons")."""
    m = lane.measure
    return m == "" or m in _RESIDENTS or m.startswith("dan so")


_RESIDENTS = frozenset(
    {_key(a) for a in _ALIASES["population"]} | {"nguoi", "persons", "people", "inhabitants"}
)


def _year_of(header: str) -> int | None:
    """The year a column's header or a year cell names ("2019", "Năm 2019", "Sơ bộ 2024"), or None."""
    m = re.fullmatch(r"(?:nam\s*)?((?:19|20)\d\d)(?:\.0)?", PRELIMINARY.sub(" ", fold(header)).strip())
    return int(m[1]) if m else None


def warn_preliminary(file: str, where: str, texts: Sequence[str]) -> None:
    """Say that preliminary figures ("Sơ bộ 2024") were read as the year's: a later release may revise them."""
    marked = sorted({t for t in texts if PRELIMINARY.search(fold(t))})
    if marked:
        warnings.warn(
            TrendsDataWarning(
                f"{file}: {where}: read the preliminary (sơ bộ) figures of {shortlist(marked, 5)} as the year's; "
                "a later release may revise them"
            ),
            stacklevel=user_stacklevel(),
        )


def _melt_years(raw: RawTable, columns: Mapping[str, str] | None) -> RawTable:
    """A population table with a column per year ("Quận/Huyện | 2019 | 2020 | 2021", or "Dân số trung bình
    (người)" over the years; or one column "Dân số năm 2023 (người)") as the long contract, one row per district and year, with ``year`` and
    ``population``; any other table unchanged (one with a year or a population column)."""
    if _has_column(raw, "year", columns) or _has_column(raw, "population", columns):
        return raw
    lanes = {c: lane for c in raw.frame.columns if (lane := _lane_of(c, _year_of)) is not None}
    years = {c: str(lane.value) for c, lane in lanes.items() if _counts_residents(lane)}
    # one year column reads as the table of that year when its header also names the residents ("Dân số năm
    # 2023 (người)"); a bare "2023" alone may be a data row taken for the header
    if len(years) < 2 and not (len(years) == 1 and lanes[next(iter(years))].measure):
        return raw
    for c in years:  # "Dân số (nghìn người)" merged over the years: the unit is in the year columns' headers
        _check_unit(
            raw,
            c,
            "population",
            _SCALED_UNIT,
            "whole numbers (population), not thousands, millions or a percentage",
        )
    warn_preliminary(raw.file, "year columns", list(years))
    long = _melt(raw, years, "year", "year", [], {}, "a table with a column per year")
    return replace(
        long,
        frame=long.frame.rename(columns={"count": "population"}),
        origin={("population" if k == "count" else k): v for k, v in long.origin.items()},
    )


def _parse_columns(raw: RawTable, columns: list[str]) -> dict[str, np.ndarray]:
    """Counts of several columns, with the thousands and decimal separators decided on all their cells."""
    n = len(raw.frame)
    stacked = RawTable(
        pd.DataFrame({"count": np.concatenate([raw.text(c).to_numpy(dtype=object) for c in columns])}),
        np.tile(raw.rows, len(columns)),
        raw.file,
        raw.encoding,
        0,
        origin={"count": np.repeat(np.array(columns, dtype=object), n)},
    )
    values = _parse_count(stacked, "count")
    return {c: values[k * n : (k + 1) * n] for k, c in enumerate(columns)}


def _warn_dropped(raw: RawTable, used: set[str]) -> None:
    extra = [c for c in [*raw.frame.columns, *raw.unread] if c not in used]
    if not extra:
        return
    personal = [c for c in extra if is_personal_column(c)]
    other = [c for c in extra if c not in personal]
    parts = []
    if personal:
        parts.append(f"dropped personal-data column(s) {personal}")
    if other:
        parts.append(f"ignored column(s) {other} not in the data contract")
    warnings.warn(TrendsDataWarning(f"{raw.file}: " + "; ".join(parts)), stacklevel=user_stacklevel())


# An administrative code column beside the names: "Mã ĐVHC", "Mã quận/huyện", "Mã số", "Mã", "Code" (folded).
# A bare "Mã" / "Mã số" / "Code" is a district's code only in a table of districts (in a counts table it may be an
# offence's code, "173").
_CODE_HEADER = re.compile(
    r"^(?:ma(?: so)? (?:dvhc|don vi hanh chinh|hanh chinh|quan|huyen|quan/huyen|quan huyen|dia ban)"
    r"|(?:gso|admin|administrative|district) code)$"
)
_BARE_CODE_HEADER = re.compile(r"^(?:ma|ma so|code)$")


def _check_codes(raw: RawTable, name_col: str, *, bare: bool = False) -> list[str]:
    """Check a column of the General Statistics Office's district codes ("Mã ĐVHC": "001") against the names of
    ``name_col`` in the same rows: a code and a name of two districts are refused naming the row and both
    columns; agreeing, the code column is read silently (returned, to be counted as used). A column of other
    codes (five-digit ward codes, a study's own) is left alone: only three-digit cells are Hanoi districts'."""
    from trends.geo.names import default_resolver, hanoi_district_codes

    found = [
        c
        for c in raw.frame.columns
        if c != name_col
        and (
            _CODE_HEADER.match(fold(str(c)).strip())
            or (bare and _BARE_CODE_HEADER.match(fold(str(c)).strip()))
        )
    ]
    if not found:
        return []
    column = found[0]
    text = raw.text(column).str.strip()
    padded = text.where(
        ~text.str.fullmatch(r"\d{1,2}"), text.str.zfill(3)
    )  # a number lost its zeros: 1 -> 001
    coded = padded.str.fullmatch(r"\d{3}").to_numpy()
    if not coded.any():
        return []
    codes = hanoi_district_codes()
    resolver = default_resolver("district")
    names = raw.text(name_col).to_numpy(dtype=object)
    problems: list[Problem] = []
    for i in np.flatnonzero(coded):
        code, name = str(padded.iat[i]), str(names[i])
        said = codes.get(code)
        meant = resolver.candidates(name) if name else []
        if said is not None and (not meant or said in meant):
            continue
        problems.append(
            Problem(
                f"the administrative code {code} is "
                + (f"{resolver.name(said)}'s" if said else "no code of Hanoi's districts")
                + f", but column {name_col!r} names {name!r} in the same row",
                file=raw.file,
                row=int(raw.rows[i]),
                column=column,
                value=str(text.iat[i]),
                expected="the code of the district the row names (see trends.geo.hanoi_districts()['gso_code']); "
                "a code and a name that disagree leave the row's district unknown: correct the one that is wrong",
            )
        )
    if problems:
        raise TrendsDataError(problems)
    return [column]


# "Trong đó" (of which) after a total column: "Tổng số vụ" | "Trong đó: Trộm cắp" | "Cướp giật" (or "Trong đó"
# merged over the parts: "Trong đó Trộm cắp" | "Trong đó Cướp giật"), folded.
_OF_WHICH_HEADER = re.compile(r"^(?:trong do|rieng)\b[\s:,.-]*")
_WHOLE_HEADER = re.compile(
    r"^(?:tong so|tong cong|tong)(?: vu)?(?: (?:pham phap hinh su|toi pham|an|viec))*$"
)
_NOT_PART = re.compile(r"^(?:ty le|%|ghi chu|tang|giam|so sanh|cung ky|\+/-)")


def _melt_of_which(raw: RawTable, columns: Mapping[str, str] | None) -> RawTable:
    """A counts table with no offence column whose count is a total of all offences followed by "Trong đó"
    (of which) columns naming some of them ("Tổng số vụ" | "Trong đó: Trộm cắp" | "Cướp giật"): one row per
    part, and one for the rest of the total, "Khác (ngoài ...)" naming the parts, so that the offences sum to the
    total and no crime is counted twice (said). Parts stating more than the total are refused naming the row.
    Any other table unchanged."""
    if _has_column(raw, "offence", columns):
        return raw
    headers = list(raw.frame.columns)
    folded = [fold(str(h)).strip() for h in headers]
    at = next(
        (
            k
            for k in range(len(headers) - 1)
            if _WHOLE_HEADER.match(_key(_UNIT_SUFFIX.sub("", headers[k])))
            and _OF_WHICH_HEADER.match(folded[k + 1])
        ),
        None,
    )
    if at is None:
        return raw
    total = headers[at]
    parts: list[str] = []
    for h, f in zip(headers[at + 1 :], folded[at + 1 :], strict=True):
        bare = _OF_WHICH_HEADER.sub("", f)
        alone = replace(raw, frame=raw.frame[[h]])
        if (
            not bare
            or _NOT_PART.match(bare)
            or _has_column(alone, "district", None)
            or _has_column(alone, "period", None)
        ):
            break
        parts.append(h)
    names = {
        h: re.sub(r"^(?:trong đó|riêng)\b[\s:,.-]*", "", str(h).strip(), flags=re.I).strip() for h in parts
    }
    values = _parse_columns(raw, [total, *parts])
    summed = np.sum([values[p] for p in parts], axis=0)
    over = summed > values[total]
    if over.any():
        raise TrendsDataError(
            _problems(
                raw,
                over,
                total,
                raw.frame[total],
                f"the 'Trong đó' (of which) columns {list(parts)} sum to {int(summed[np.argmax(over)]):,}, more "
                "than the total",
                "a total at least the sum of its parts (a part or the total is mistyped)",
            )
        )
    rest = "Khác (ngoài " + "; ".join(names.values()) + ")"
    frame = raw.frame.copy()
    frame[rest] = (values[total] - summed).astype(np.int64).astype(str)
    frame.loc[(raw.frame[total] == "").to_numpy(), rest] = ""
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: column {total!r} is the total of all offences and {list(parts)} ('Trong đó', of which) "
            f"some of them: read as one row per offence named, and the rest of the total as {rest!r}, so that "
            "the offences sum to the total"
        ),
        stacklevel=user_stacklevel(),
    )
    lanes = {**{p: names[p] for p in parts}, rest: rest}
    return _melt(
        replace(raw, frame=frame), lanes, "offence", "offence", [total], {}, "a total with its parts"
    )


# A ward or commune written with its prefix, before the 2025 reform a part of a district: "Phường Phúc Xá",
# "P. Trúc Bạch", "Xã Phù Đổng", "Thị trấn Đông Anh" (folded).
_WARD_PREFIX = re.compile(r"^(?:phuong|xa|thi tran|p\.|x\.|tt\.?)\s*\S")
_DISTRICT_PREFIX = re.compile(r"^(?:quan|huyen|thi xa|q\.|h\.|tx\.?)\s*\S")


def _drop_ward_rows(raw: RawTable, cols: Mapping[str, str]) -> RawTable:
    """Wards listed under their district in the district column ("Quận Ba Đình | 12", then "Phường Phúc Xá | 5",
    "Phường Trúc Bạch | 7"): the district row is the total of the ward rows under it with the same period and
    offence. Each is checked (refused naming the district row when they disagree) and the ward rows are dropped
    (said): before the 2025 reform the units are the districts, and a ward row is a part of its district's.
    Applies only when the ward rows follow a row naming a district with its prefix ("Quận", "Huyện", "Thị xã");
    any other table unchanged."""
    district, source = cols["district"], cols["count"]
    text = raw.text(district)
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    folded = [fold(str(u)).strip() for u in uniques]
    ward = np.array([bool(_WARD_PREFIX.match(f)) for f in folded], dtype=bool)[codes]
    named = np.array([bool(_DISTRICT_PREFIX.match(f)) for f in folded], dtype=bool)[codes]
    if not ward.any() or not named.any():
        return raw
    keys = [c for c in (cols.get("period"), cols.get("offence")) if c and c in raw.frame.columns]
    key = raw.frame[keys].astype(str).agg(" | ".join, axis=1).to_numpy() if keys else np.full(len(text), "")
    owner: np.ndarray = np.full(len(text), -1)
    current = -1
    blocks: dict[int, dict[str, int]] = {}  # the first row of a district's block -> its rows by key
    for i in range(len(text)):
        if ward[i]:
            owner[i] = current
        elif named[i]:
            if current < 0 or text.iat[current] != text.iat[i]:
                current = i
            blocks.setdefault(current, {})[key[i]] = i
        else:
            current = -1
    if (owner[ward] < 0).any():
        return raw  # wards with no district above them: left to the resolver (an unknown district)
    if any(key[j] not in blocks[int(owner[j])] for j in np.flatnonzero(ward)):
        # a ward of another period or offence than its district's rows is no part of them (the new wards of the
        # 2025 reform after the districts' last months): left to the resolver
        return raw
    values = _parse_count(raw, source)
    problems: list[Problem] = []
    for first, by_key in blocks.items():
        parts = np.flatnonzero(owner == first)
        for k in dict.fromkeys(key[parts]):
            mine = parts[key[parts] == k]
            at = by_key[k]
            summed = int(values[mine].sum())
            if int(values[at]) != summed:
                shown = ", ".join(str(int(raw.rows[j])) for j in mine[:8]) + (" ..." if len(mine) > 8 else "")
                problems.append(
                    Problem(
                        f"the ward rows under {text.iat[first]!r} (rows {shown}) sum to {summed:,}, but the "
                        f"district's row says {int(values[at]):,}",
                        file=raw.file,
                        row=int(raw.rows[at]),
                        column=source,
                        value=str(raw.frame[source].iat[at]),
                        expected="a district row equal to the sum of its wards (a row is missing or mistyped)",
                    )
                )
    if problems:
        raise TrendsDataError(problems)
    rows = raw.rows[ward]
    shown = ", ".join(str(int(r)) for r in rows[:8]) + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: dropped {len(rows)} ward row(s) listed under their district in column {district!r} (row "
            f"{shown}), each district's row equal to the sum of its wards: a ward is a part of its district's "
            "count (the units before the reform of 1 July 2025 are the districts)"
        ),
        stacklevel=user_stacklevel(),
    )
    return _subset(raw, ~ward)
