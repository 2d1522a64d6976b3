"""Read crime, incident, rollout, district and population files into the canonical tables.

Supported: CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1258; delimiter sniffed among ``, ; tab |``),
Parquet, Feather, Stata ``.dta`` (value labels as their labels, ``%tm``/``%tq``/``%ty``/``%td``/``%tc`` dates
as those periods and dates, ``.`` and ``.a``-``.z`` as empty cells; :mod:`trends._stata`; SPSS, R and SAS files are
refused with how to convert them) and Excel (``.xlsx``/``.xlsm``, and old Excel 97-2003 ``.xls`` workbooks read through xlrd the same
way; the "Excel" files web applications export, an HTML table or an XML Spreadsheet 2003 named ``.xls`` (or
``.html``/``.xml``), are read by their content, with a warning saying what they are; a workbook Excel saved as
a "Web Page" (a frameset ``.htm`` and the ``_files`` folder of its sheets) or a "Single File Web Page" (``.mht``)
is read sheet by sheet; LibreOffice/OpenOffice Calc
``.ods`` and flat ``.fods`` files too; cached cell values are read, formulas are never evaluated and macros never run; a formula without a cached
value is reported as a formula; a password-protected workbook is refused). Every cell is read as text and
validated here, so a bad value is reported with the file, the 1-based row as a spreadsheet shows it and the
column, instead of being coerced silently. A file that is truncated (cut inside a character) or mixes UTF-8 with Windows-1258 is
refused, naming the line.

Documented repairs, each reported in a :class:`TrendsDataWarning` naming the file (none changes a count):

- cells are NFC-normalised, stripped, runs of spaces (non-breaking, tabs, line breaks) become one space, and
  invisible characters (zero-width spaces and joiners, BOMs, soft hyphens: Unicode category Cf) are removed, so
  "Trộm\u200b cắp" and "Trộm  cắp" are the offence "Trộm cắp" (warned when invisible characters were removed);
- title rows above the header (a merged cell such as "CÔNG AN THÀNH PHỐ HÀ NỘI", a letterhead of two cells, the
  national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") are skipped: the header is the first row filling three
  quarters of the table's usual width; a two-row header (merged cells above) is read as one; a form's
  column-number row under it ("(1) | (2) | (3)", "A | B | 1 | 2") is skipped; row numbers stay those of the file;
- a DOS end-of-file mark (Ctrl-Z) after a CSV's last line is removed;
- text typed in an old Vietnamese font encoding, TCVN3 (ABC, ".VnTime": "Ba §×nh") or VNI-Windows ("VNI-Times":
  "Troäm caép"), is converted to Unicode (:mod:`trends._legacy`, tables checked against glibc's iconv and Unikey's
  converter), one warning per file naming the encoding and the columns: decided for each column on its cells
  below the header (so "Trém" alone is converted with its column), and for the header and each title row on
  its own; a column holding Unicode Vietnamese is left as it is, and a cell holding a letter only Unicode has is
  never font text; VNI needs a vowel with a mark only VNI writes ("aø"), so "Schöneberg" stays as written; a CSV
  whose bytes are not UTF-8 is read through Windows-1252 when it is such text, not Windows-1258
  (``encoding="cp1258"`` given for it is obeyed, with a warning); a ".VnTimeH" text in capitals stays so; a
  Parquet, Feather or Stata file made from such a workbook is converted by the same rules, on each column's
  distinct texts and its column names. A name that still fails after the conversion is refused saying the text
  was converted;
- a list mark before a label ("• Trộm cắp tài sản", "- Ba Đình") is removed, so that the marked rows count with
  the others;
- comparison rows under the table ("Tăng/giảm so với cùng kỳ (%)", "So sánh cùng kỳ") are dropped; comparison
  columns repeated after each month ("Cùng kỳ", "Tăng/giảm (%)", "%") are numbered and ignored (reported);
- blank lines, and repeated header rows (two exports pasted together; a page break, in capitals or not, of one
  or two rows), are skipped; so are notes and a signature block below the table ("Ghi chú", "Người lập biểu";
  "Nơi nhận:" | "NGƯỜI LẬP BIỂU" | "THỦ TRƯỞNG ĐƠN VỊ" as wide as the table) and page lines above a repeated
  header;
- a merged cell of one column over several rows (a district beside its offences) gives its text to each row;
- "Trong đó" (of which) rows of a counts table, parts of the row above them, are dropped;
- group rows of a numbered form (STT "I" above "1", "2"; "A" above "I"; "1" above "1.1" or "a"; or the same
  numbers written before the offence label, "I. Tội phạm về TTXH") are dropped when each equals the sum of the
  rows numbered under it, within its district block and period (each month of a wide sheet on its own), and the
  file is refused when one does not; a list numbered 1, 2, 3 only is read as it is, and an STT column is never
  required; numbers written before the labels ("1. Giết người") are removed from the names, so that an offence
  numbered differently in two sheets stays one offence;
- total rows at the bottom ("Tổng cộng", "Tổng", "Cộng", "Toàn thành phố", "Total") are dropped; where a total states a count or a
  population, it must equal the sum of the rows, or the file is refused; in a counts table, subtotal rows
  (those words in the district or offence column) are dropped when each equals its block, the file keeping to
  one way: every subtotal below its rows (closing them) or every one above them ("Tổng số" first, then its
  parts); a grand total may stand at the top or at the bottom. Subtotals include district groups ("Cộng nội
  thành", "Cộng Ba Đình"), Excel's Data > Subtotal rows ("Ba Đình Total") and a force's "All crime" row;
- a wide monthly sheet (month columns ``T1/2024``, ``T1/24``, ``Th1``, ``Tháng 1``, ``01/2024``, ``2024-01``,
  ``Jan-24``) is read as one row per month (quarter columns alone, ``Quý I/2024``, ``Q1 2024``, one per quarter;
  offences as column groups over the months, a two-row header, one per offence and month), and a year and a
  month (or quarter) in two columns ("Năm" | "Tháng") as one period (:func:`read_crimes`);
- a counts table with no period column takes the one period its title rows or sheet name state ("BÁO CÁO THÁNG
  03 NĂM 2024", a sheet "Tháng 3-2024"; a date such as "ngày 05 tháng 04 năm 2024" is not a period), so a
  workbook of one sheet per month reads with ``sheet="all"`` (:func:`read_crimes`);
- a workbook is read from its active visible sheet, naming the others; ``sheet="all"`` stacks the visible
  sheets; a sheet named as a cover, contents, notes or comparison page ("Bìa", "Mục lục", "Ghi chú", "So sánh
  (%)") is not stacked, and a workbook saved open on one is read from its first other visible sheet (said);
- footnote marks after a district's name ("Đống Đa (1)", "Ba Đình*") are removed in every reader (said);
- a district's three-digit administrative code ("001", "268") in place of its name is read as that district
  (said); any other number is refused;
- a second table under the first with a header of other columns is refused, naming its header row;
- a population table with a row per year and a column per district (:func:`read_population`) is read as one
  row per district and year, its "Toàn thành phố" column checked against the districts and dropped;
- a police statistical month, the 15th of the month before to the 14th ("Kỳ báo cáo: từ ngày 15/12/2023 đến
  ngày 14/01/2024" in a title, a month column "Tháng 1 (15/12-14/1)", a period cell "15/12/2023 - 14/01/2024"), is
  the month it is named for (January 2024), and the police year (15/12 to 14/12) its year, said; a calendar month
  written as its days is that month; any other span of days, or one disagreeing with the month a title names, is
  refused (:func:`read_crimes`);
- a PivotTable copied as values: in its tabular form each label written once above its block and closed by a
  subtotal naming it ("Ba Đình Total", "Tổng Ba Đình") is given to the rows of the block, the subtotals and
  "Grand Total" / "Tổng Cuối" checked and dropped, "Sum of Số vụ" / "Tổng của Số vụ" read as the count; its
  "(blank)" / "(trống)" items, "Count of ..." values and compact form ("Row Labels" / "Nhãn Hàng") are refused;
- one month column stating its year ("Tháng 1/2024" beside "Cùng kỳ 2023" | "+/-" | "%") is that month's counts;
- heading rows naming a district ("I | QUẬN BA ĐÌNH", a merged "Quận Đống Đa") give their district to the rows
  below them in a counts table or register with no district column, and are dropped (said); a district row stating
  counts above its offences ("1 | Quận Ba Đình | 45") is checked as the subtotal of its rows, then dropped (refused,
  naming the row, when it disagrees) (round 14);
- a register with no model-type column whose models stand under section headings naming the type ("I | MÔ HÌNH
  CAMERA AN NINH") gives each model its heading's type ("Camera an ninh"; under district headings, within each
  district's block only), the headings dropped (said)
  (:func:`read_rollout`); a PivotTable's outline (the district once per block, closed by "Tổng Ba Đình") is
  filled in case lists and registers as in counts tables;
- a counts table with no offence column read from a sheet named as an offence (one sheet per offence, "Trộm cắp
  tài sản") takes the sheet name as the offence (said); a default, report, period, district, summary, city or
  police unit's sheet name ("Sheet1", "Báo cáo", "T1", "Ba Đình", "Tổng hợp", "Hà Nội", "PC02") is no offence,
  and a "Tổng hợp" sheet with no offence column beside the offence sheets is checked as their total;
- two measures of the cases, "Xảy ra" | "Đã điều tra làm rõ" (occurred | cleared), with no "Số vụ": the cases
  occurred are the count, the others named as not read (said); two measures none of which is the cases occurred
  ("Khởi tố" | "Làm rõ") are refused naming them; "Tháng này" / "Quý này" (this month) is the count of the period
  the title states; one month column headed "01/2024" or "2024-01" is that month's counts;
- "(Hà Tây)" after a unit's name, the province it belonged to before 1 August 2008, is removed (said), and so are
  "(Vĩnh Phúc)" and "(Hòa Bình)" (round 15);
- months over the measures "Xảy ra" | "Khám phá" (two header rows): each month's cases occurred (said); "Tổng số
  vụ" | "Trong đó: Trộm cắp" | "Cướp giật" columns, or offence rows under "Trong đó:" below a row of all offences:
  the parts as offences and the rest of the total as "Khác (ngoài ...)" (said); wards listed under their district
  ("Quận Ba Đình" over "Phường Phúc Xá"): the district rows, checked against their wards (said); a "Mã ĐVHC" column
  checked against the names (:func:`read_crimes`, :func:`read_districts`, :func:`read_population`);
- full-width digits ("１２") are read as digits (said); a day of the week written with a date ("Thứ Ba,
  05/03/2024", "Tue 05/03/2024", "05/03/2024 (Thứ Ba)") is removed, and refused when it is not the date's; a
  form's column-number row under each header repeated at a page break is skipped;
- (round 16) a note between a table's rows ("Ghi chú: ...", "(*) Số liệu tạm tính") is skipped like one below
  it; a header's English translation printed under it ("Quận/Huyện | Kỳ" over "District | Period") is skipped;
  NUL bytes after a CSV's last line are removed; a CSV whose every line is one quoted field holding the row is
  read from inside the quotes; a date in three columns ("Ngày" | "Tháng" | "Năm") is one date
  (:func:`read_incidents`); a population table with no year column takes the one year its title states ("DÂN SỐ
  TRUNG BÌNH NĂM 2019"), or each block the year of its heading row ("Năm 2019" above its districts)
  (:func:`read_population`); all said. Dates with an English month name ("05-Mar-2024", "6-Mar-24", "March 7,
  2024") are read, and a period cell that is a day-first date on the 1st ("01/03/2024", a CSV of a date-formatted
  period column) is that month, as an ISO date already was. Without a word: a spreadsheet number is read to the
  15 significant digits Excel keeps and shows (a formula's 9.000000000000002 is 9), and a 12-hour time with its
  mark ("2:30:00 CH", "9:15 SA", "02:30 PM") is read. A date cell that is a quarter or a year, carries a note
  ("15/6/2023 (dự kiến)"), has a year outside 1900 .. 2262 (a Buddhist-era 2567) or names no day of the calendar
  (29/02/2023, 2024-13-01) is refused saying which; a header in per cent ("Dân số (%)") is refused as another unit.

- (round 20) a date-time with a time-zone offset ("2024-03-31T20:00:00Z") is read as that instant in Hanoi's time
  (UTC+07:00, :data:`trends.schema.HANOI_OFFSET`; a time-zone-aware Parquet column too; a value at midnight keeps
  its date), said with the count of dates moved; HTML character references in a label ("Ho&agrave;n Kiếm",
  "Tr&#7897;m") are read as their characters; a text table's rule lines ("|---|", "+----+") are skipped; a quoted
  ``"sep=;"`` first line is Excel's hint; "Sơ bộ - Prel. 2023" is a preliminary year; "Địa phương" names the
  district column; an incident list's or register's status column of numeric codes is read with a warning that no
  code is known to mean cancelled; all said.

Refused (round 20), naming the cell: a label that is a JSON list or record (``["Trộm cắp", "Cướp giật"]``); a
population or count whose header or title states thousands in brackets ("(Nghìn người)", "(Thous. pers.)") or a
density or rate ("người/km2", "/100.000 dân"); a bare "Số lượng" other than 1 in an incident list; rows of one case
number, district and offence on other days of one year (a case's stages, :func:`read_incidents`); a date column read
day first beside a form's "Timestamp" / "Dấu thời gian" that can only be month first ("3/13/2024"); an Excel
``.prn`` (space-delimited formatted text).

Refused, saying what they are: two tables side by side on one sheet (an empty column between two blocks of the
same headers), a report printed as fixed-width text (columns aligned with spaces), the former Từ Liêm district
("Huyện Từ Liêm", or "Từ Liêm" before the ward of that name began on 1 July 2025: split into Bắc and Nam Từ Liêm
in 2014) and the former province "Hà Tây" as a unit (neither can be given to one of today's units); a unit named
at a date before it became one of Hanoi's districts (Hà Đông, Sơn Tây, Mê Linh ... before 1 August 2008; Bắc and
Nam Từ Liêm before 1 April 2014); a code that names another district than the name beside it; a column that
mixes Unicode with text in the VNI or TCVN3 font encodings (naming a cell of each), or whose font text fits
neither or both (and such text in Parquet); a PDF or Word document given as the table.

Refused, naming the cell: a count in scientific notation ("1.2E+03": the digits Excel did not display are lost),
a register's status that contradicts its dates ("Ngừng hoạt động" without an end date, "Đang hoạt động" with an end
that has passed), two columns of residents ("Dân số trung bình" | "Dân số thường trú") unless ``columns=``
chooses one, and a register's ward cell naming several wards ("Phúc Xá; Trúc Bạch").

Left out with a warning naming the rows: records of an incident list or register whose status says they were
cancelled ("Đã hủy", "Huỷ", "Đã xóa"). Read with a warning: a table with a column per offence and months as rows
(one district's sheet), when at least two headers name offences of the Penal Code's table (a "Tổng" column checked
and dropped; another column of numbers refused).

Round 19. Read with a warning: period cells naming a month or quarter without its year ("Tháng 1", "Quý I") in the
one year the title rows or sheet name state; one population column whose header states its year ("Dân số năm 2023
(người)"); the total of a population broken down by sex or area ("Dân số trung bình (người)" over "Tổng số" |
"Nam" | "Nữ", the parts named and not read); the day of the week abbreviated before a date ("T3, 05/03/2024",
checked). Read without a word: a unit followed by the city ("Ba Đình, Hà Nội", "Quận Ba Đình - TP Hà Nội"), a time
with the minutes' mark ("22h30'"), a time after the dates "05-03-2024", "05.03.2024", "2024/03/05", ISO 8601's
basic date "20240305", a number with both separators ("221.893,0"),
register starts headed "Ngày đưa vào hoạt động", "Thời gian triển khai", "Ngày ra mắt". Refused: a unit of
thousands written as a number ("Dân số (1.000 người)", "(x1000)", "ĐVT: 1000 người"), an incident's offence cell
naming several offences ("Trộm cắp tài sản; Cướp giật tài sản", "Điều 173, Điều 171"), month columns without a
year under stacked tables whose titles state other years, and a count in a date-formatted cell (named with the
number it stores).

Round 21. Read with a warning: a BI tool's filters under its export ("Applied filters:", "Bộ lọc đã áp dụng:",
skipped as a note), a "Year" | "Month" pair whose month is a word ("January", "Tháng Một"), a register's date
written as its decision ("Quyết định số 123/QĐ-UBND ngày 15/06/2023"), a population "Tổng số nhân khẩu" beside
its permanent and temporary residents (named, not read), and an incident list's lines that fill only personal
columns under a case (its further suspects: left out, their cells never quoted; a case's cells merged over such
lines are not spread). Read without a word: Excel's Vietnamese month names ("Thg1-24", "Tháng Một 2024", "Tháng 1
2024"), a register's end headed "Ngày giải thể", "Giải thể" or "Ngày sáp nhập", and a crosstab whose first line
has fewer fields. Refused: a text file whose letters a code page replaced with "?" ("Qu?n/Huy?n"), naming it.

- in an incident list (:func:`read_incidents`), the row numbers written before the offences ("1. Trộm cắp tài
  sản", on at least half the rows) are removed, and one article of the Penal Code written several ways
  ("Điều 173", "Điều 173 BLHS", "Điều 173 - Trộm cắp tài sản", "Trộm cắp tài sản (Điều 173)") is read as one
  offence, named by its most common form that gives the name, with that name written alone ("Trộm cắp tài
  sản"); forms giving two names are kept apart, said;
- a two-row header's group words over a register's columns ("Thời gian" over "Ngày" | "Giờ", "Địa điểm" over
  "Phường" | "Quận") are not part of the names matched ("Thời gian Ngày" is the date).

A register row counting several models ("Số mô hình": 3) is read as that many models, warned with the rows
named (:func:`read_rollout`). One change of a count, also warned with the rows named: in an incident list with a case-number column, a row
that repeats an earlier row's case number, day (with or without its hour), district and offence (a case entered
twice) is counted once (:func:`read_incidents`). No other row is ever dropped. A value in a column without a header is an error (more
fields than the header).
Dates are day-first (03/04/2020 is 3 April 2020, the Vietnamese convention); ISO dates are unambiguous (with a
time-zone offset, read in Hanoi's time, with a warning); one column may mix these formats. A
date in 1905 (1909 in a Mac Excel workbook) is refused: a year typed into a date-formatted cell.

Files are first read as text cells by :func:`trends.rawfile.read_raw` (decoding, formats and the repairs above);
:mod:`trends._cells` matches the columns to the contract and validates every cell, and each reader here adds
the checks of its table.

Column names are matched to the contract from common English and Vietnamese headers (``quận/huyện``,
``ngày xảy ra``, ``tội danh``, ``số vụ`` ...); pass ``columns={"file header": "canonical"}`` to map others.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial, wraps
from pathlib import Path
from typing import ParamSpec, TypeVar, cast

import numpy as np
import pandas as pd

from trends._cells import (
    _AREA_UNIT,
    _TOTAL_UNDER,
    _UNIT_SUFFIX,
    PRELIMINARY,
    Coded,
    _check_codes,
    _check_day_order,
    _check_one_per_row,
    _check_province,
    _check_strays,
    _check_totals,
    _check_unique,
    _check_unit,
    _day_month_year,
    _decimal_text,
    _decision_dates,
    _district_from_titles,
    _district_headings,
    _drop_breakdowns,
    _drop_cancelled,
    _drop_groups,
    _drop_list_headings,
    _drop_list_totals,
    _drop_person_rows,
    _drop_subtotals,
    _drop_ward_rows,
    _fill_outline,
    _gather,
    _has_column,
    _header_only,
    _key,
    _match_columns,
    _melt_districts,
    _melt_of_which,
    _melt_offences,
    _melt_wide,
    _melt_years,
    _month_only_dates,
    _month_spans,
    _needed,
    _offence_from_sheet,
    _open_starts,
    _optional_columns,
    _parse_count,
    _parse_dates,
    _parse_periods,
    _parse_text,
    _period_from_titles,
    _problems,
    _refuse_offence_lists,
    _refuse_pivot_blanks,
    _refuse_ward_lists,
    _resolve,
    _same_article,
    _still_running,
    _strip_footnote_marks,
    _strip_list_numbers,
    _text_codes,
    _type_headings,
    _warn_dropped,
    _year_and_month,
    _year_from_titles,
    _year_headings,
    warn_preliminary,
)
from trends._text import fold, shortlist
from trends.geo import DistrictResolver, default_resolver
from trends.rawfile import (
    _TOTAL_RE,
    WORKBOOK_SUFFIXES,
    RawTable,
    display_name,
    file_suffix,
    is_front_sheet,
    key_column,
    noting_conversions,
    read_raw,
    sheet_names,
)
from trends.schema import (
    DISTRICT_KINDS,
    Problem,
    TrendsDataError,
    TrendsDataWarning,
    period_start,
    user_stacklevel,
)

__all__ = [
    "RawTable",
    "TrendsDataWarning",
    "read_crimes",
    "read_districts",
    "read_incidents",
    "read_population",
    "read_raw",
    "read_rollout",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _noting_conversions(reader: Callable[_P, _R]) -> Callable[_P, _R]:
    """A reader whose errors about a file converted from an old Vietnamese font encoding say so."""

    @wraps(reader)
    def read(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with noting_conversions():
            return reader(*args, **kwargs)

    return read


# --------------------------------------------------------------------------------------------------------------
# Public readers


@_noting_conversions
def read_crimes(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    offence_columns: Sequence[str] | Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read recorded-crime counts: one row per district, period and offence.

    Parameters
    ----------
    path : str or Path
        CSV, Parquet, Stata or Excel file (or a web application's HTML or XML Spreadsheet 2003 "export to Excel") with
        columns district, period, offence, count (or common aliases).
    districts : DistrictResolver or DataFrame or False, optional
        How district spellings resolve to ids: default Hanoi's units of both geographies (the 30 districts until
        2025-06-30, the 126 new communes and wards from 2025-07-01; "Quận Ba Đình" / "Phường Ba Đình", and a bare
        "Ba Đình" by the row's period: see :func:`trends.geo.default_resolver`); a districts table or resolver for
        another study; ``False`` to keep names as given.
    columns : mapping, optional
        ``{"header in file": "canonical name"}`` for headers not recognised automatically.
    sheet, encoding : optional
        Excel sheet; CSV encoding (see :func:`read_raw`).
    offence_columns : list of str or mapping, optional
        A table with a column of counts per offence (a researcher's panel: ``state | year | murder | robbery``):
        the headers of those columns, each the offence of its counts, or ``{header: offence}`` to name them
        otherwise. The file then has no offence or count column. Columns of the Penal Code's offences are
        recognised without it (a district's sheet, "Tháng" | "Trộm cắp tài sản" | "Cướp giật tài sản"); columns
        left out are not read (the warning lists them). Example::

            read_crimes("ucr.csv", districts=False, columns={"state": "district", "year": "period"},
                        offence_columns=["murder", "robbery", "burglary"])

    Returns
    -------
    pandas.DataFrame
        ``district``, ``period`` (period start), ``offence``, ``count`` (int64), sorted; ``attrs["freq"]`` holds
        the frequency ("month", "quarter" or "year").

    Raises
    ------
    TrendsDataError
        Missing columns, unparseable or future periods, mixed frequencies, negative / fractional / non-numeric
        counts, unknown districts, duplicate district x period x offence rows; each naming file, row and column.
    """
    if _is_all(sheet):
        shown = sheet_names(path) if file_suffix(Path(path)) in WORKBOOK_SUFFIXES else []
        totals = [s for s in shown if _TOTAL_SHEET.match(fold(s))]
        totals = totals if len(totals) < len(shown) else []  # a workbook of totals only is read as it is
        out = _stack_sheets(
            path,
            lambda s: read_crimes(
                path,
                sheet=s,
                districts=districts,
                columns=columns,
                encoding=encoding,
                offence_columns=offence_columns,
            ),
            ["district", "period", "offence"],
            skip=totals,
        )
        for total in totals:
            _check_total_sheet(
                path,
                total,
                out,
                partial(
                    _read_crimes,
                    path,
                    total,
                    districts,
                    columns,
                    encoding,
                    CITY,
                    offence_columns=offence_columns,
                ),
            )
        return out
    return _read_crimes(path, sheet, districts, columns, encoding, offence_columns=offence_columns)


CITY = "(all districts)"
"""The district of a total sheet's rows when the sheet names none (a city total, checked then dropped)."""
ALL_OFFENCES = "(all offences)"
"""The offence of a total sheet's rows when it has no offence column (the total of one sheet per offence)."""

# A workbook's summary sheet: "Tổng hợp", "Tổng cộng", "Toàn thành phố", "TH", "Total".
_TOTAL_SHEET = re.compile(rf"{_TOTAL_RE.pattern}|^(?:tong hop|th|summary)$")


def _read_crimes(
    path: str | Path,
    sheet: str | int | None,
    districts: DistrictResolver | pd.DataFrame | bool | None,
    columns: Mapping[str, str] | None,
    encoding: str | None,
    city: str | None = None,
    offence_columns: Sequence[str] | Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """:func:`read_crimes` of one sheet; ``city`` is the district of every row when the sheet names none."""
    need = ("district", "period", "offence", "count")
    named = [] if offence_columns is None or isinstance(offence_columns, str) else list(offence_columns)
    # An STT (row number) column is read when present, for the hierarchy of its numbers; never required.
    usecols = _needed(need[:2] if named else need, ("stt",), columns, named)
    raw = read_raw(path, sheet=sheet, encoding=encoding, usecols=usecols)
    raw = _district_headings(raw, columns, districts)  # "1 | Quận Ba Đình" above the district's offences
    raw = _melt_of_which(raw, columns)  # "Tổng số vụ" | "Trong đó: Trộm cắp" | "Cướp giật"
    raw = _melt_wide(_month_spans(raw))  # "Tháng 1 (15/12-14/1)": a police month
    raw = _year_and_month(raw, columns)  # "Năm" | "Tháng": one period
    raw = _period_from_titles(raw, columns)  # one sheet per month: the period in its name or title
    raw = _melt_districts(raw, columns, districts)  # a column per district
    raw = _melt_offences(raw, columns, offence_columns)  # a column per offence (a district's sheet, a panel)
    raw = _district_from_titles(raw, columns, districts)  # one sheet per district: the district in its name
    if city is None:
        raw = _offence_from_sheet(raw, columns, districts)  # one sheet per offence: the offence in its name
    if city is not None and not _has_column(raw, "district", columns):
        raw = replace(raw, frame=raw.frame.assign(district=city))
        districts = False
    if city is not None and not _has_column(raw, "offence", columns):  # the total of one sheet per offence
        raw = replace(raw, frame=raw.frame.assign(offence=ALL_OFFENCES))
    cols = _match_columns(raw, need, (), columns)
    labels = (cols["district"], cols["offence"])
    _refuse_pivot_blanks(raw, labels)  # "(blank)": a PivotTable's rows missing their district or offence
    raw = _fill_outline(raw, labels)  # a PivotTable's tabular form: the district once per block
    raw = _drop_breakdowns(raw, labels, cols["count"])
    raw = _drop_ward_rows(raw, cols)  # "Quận Ba Đình | 12" over "Phường Phúc Xá | 5", "Phường Trúc Bạch | 7"
    stt = _optional_columns(raw, "stt", cols, columns)
    raw, numbered = _drop_groups(raw, labels, cols["count"], cols["period"], stt)
    raw = _drop_subtotals(raw, labels, cols["count"])
    raw = _strip_footnote_marks(raw, labels)
    raw = _same_article(raw, cols["offence"])  # "Điều 173" and "Trộm cắp tài sản": one offence
    done: dict[str, Coded] = {}

    def periods() -> tuple[pd.Series, str]:
        period, freq = _parse_periods(raw, cols["period"])
        done["period"] = Coded.of(period)  # for the district resolver and the stray-period check
        return period, freq

    parsed = _gather(
        period=periods,
        district=lambda: _resolve(raw, cols["district"], districts, lambda: done.get("period")),
        offence=lambda: _parse_text(raw, cols["offence"], "offence", one_case=True),
        count=lambda: _parse_count(raw, cols["count"]),
    )
    period, freq = cast(tuple[pd.Series, str], parsed.pop("period"))
    _check_strays(raw, cols["period"], done["period"])
    out = pd.DataFrame({**parsed, "period": period})[["district", "period", "offence", "count"]]
    _check_unique(raw, out, ["district", "period", "offence"], cols)
    coded = _check_codes(raw, cols["district"]) if cols.get("district") in raw.frame.columns else []
    _warn_dropped(raw, {*cols.values(), *coded, *([numbered] if numbered else [])})
    out = out.sort_values(["district", "offence", "period"], kind="stable").reset_index(drop=True)
    out.attrs["freq"] = freq
    return out


@_noting_conversions
def read_incidents(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    dayfirst: bool = True,
    case_numbers: bool | None = None,
) -> pd.DataFrame:
    """Read an incident list: one row per recorded incident.

    Only ``date``, ``district`` and ``offence`` are kept. Every other column — names, ages, addresses, identity
    numbers — is dropped here, before anything else sees it, and the dropped headers are listed in a warning.
    Aggregate with :func:`trends.panel.aggregate_incidents`.

    A case entered twice is counted once: when the list has a case-number column ("Mã vụ", "Số hồ sơ", "Case
    number" ...), a row that repeats an earlier row's case number, day, district and offence is left out, and
    a warning names both rows; with ``sheet="all"``, across the sheets too. (Rows that share date, district and
    offence but not a case number are separate incidents, and are all kept.) Rows of one case number, district and
    offence on other days of one year, a case's stages each dated ("Khởi tố", "Điều tra", "Truy tố"), are refused
    naming both rows: one case is one incident, and which date is the day it occurred is not in the file. Case numbers are compared ignoring
    capitals ("hs-01" is "HS-01"). A row whose status column ("Trạng thái", "Tình trạng", "Status") says the
    record was cancelled ("Đã hủy", "Huỷ", "Đã xóa", "Cancelled") is no incident: left out, with a warning naming
    it (a closed case, "Đình chỉ", stays).

    Parameters
    ----------
    dayfirst : bool, default True
        Read 05/03/2024 as 5 March (Vietnamese convention). ISO dates (2024-03-05) are always unambiguous.
    case_numbers : bool, optional
        Compare case numbers for double entries. By default they are compared in lists of at most
        :data:`CASE_CHECK_ROWS` (a million) incidents; in longer ones a warning says they were not, because
        finding the few repeats among millions of distinct case numbers costs as much as the rest of the read
        (about 0.5 s per million; tests/README.md). ``True`` always compares them, ``False`` never (every row is
        then an incident, as when one case number stands for several).

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64[ns]), ``district``, ``offence``, in file order. ``district`` and ``offence`` are
        pandas categoricals (as ``pandas.read_parquet`` gives for dictionary columns): one copy of each label
        for millions of rows; they compare and filter as text (group them with ``observed=True``).
    """
    read = partial(
        _read_incident_sheet,
        path,
        districts=districts,
        columns=columns,
        encoding=encoding,
        dayfirst=dayfirst,
        case_numbers=case_numbers,
    )
    if _is_all(sheet):  # a case entered in two sheets is counted once, too
        out = _stack_sheets(path, partial(read, keep_case=True), [], merge=_count_cases_once_across_sheets)
        # each sheet's categories differ: stacked, the labels are categoricals again, as for one sheet
        return out.astype({"district": "category", "offence": "category"})
    return read(sheet)


def _read_incident_sheet(
    path: str | Path,
    sheet: str | int | None,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None,
    columns: Mapping[str, str] | None,
    encoding: str | None,
    dayfirst: bool,
    case_numbers: bool | None,
    keep_case: bool = False,
) -> pd.DataFrame:
    """:func:`read_incidents` of one sheet; ``keep_case`` adds each row's case number (``_case``, "" when none)
    and row (``_row``) for a check across sheets."""
    need = ("date", "district", "offence")
    # a "Số vụ" column, when there is one, is read: it must say 1 on every row
    # "Số vụ": 1 on every row; "Trạng thái": "Đã hủy" left out; a form's "Timestamp": the order of its dates
    optional = ("incident_count", "status", "entry_time")
    raw = read_raw(path, sheet=sheet, encoding=encoding, usecols=_needed(need, optional, columns))
    cols = _match_columns(raw, need, optional, columns)
    raw = _day_month_year(raw, cols["date"])  # "Ngày" | "Tháng" | "Năm": one date
    if "entry_time" in cols:
        _check_day_order(raw, cols["entry_time"], cols["date"], dayfirst)
    _refuse_pivot_blanks(raw, (cols["district"], cols["offence"]))  # "(blank)": a PivotTable's empty field
    raw = _fill_outline(raw, (cols["district"],))  # the district once per block, closed by "Tổng Ba Đình"
    raw = _drop_list_headings(raw, cols["date"], "incident")  # "I | TỘI PHẠM VỀ TRẬT TỰ XÃ HỘI"
    raw = _drop_list_totals(raw, cols["date"], "incident")  # "Tổng cộng: 5 vụ", "Cộng phường X: 2 vụ"
    raw = _drop_person_rows(raw, "incident", cols.values())  # a case's second suspect on a line of its own
    if "status" in cols:
        raw = _drop_cancelled(raw, cols["status"], "incident")  # "Đã hủy": a record cancelled, no case
    raw = _strip_footnote_marks(raw, (cols["district"],))  # "Đống Đa (1)": the note is not the name
    raw = _strip_list_numbers(raw, cols["offence"])  # "1. Trộm cắp tài sản", "2. Cướp giật"
    _refuse_offence_lists(raw, cols["offence"])  # "Trộm cắp tài sản; Cướp giật tài sản": one row, one offence
    raw = _same_article(raw, cols["offence"])  # "Điều 173" and "Điều 173 - Trộm cắp tài sản": one offence
    if "incident_count" in cols:
        _check_one_per_row(raw, cols["incident_count"], "incident")
    done: dict[str, Coded] = {}

    def dates() -> pd.Series:
        done["date"] = _parse_dates(raw, cols["date"], dayfirst=dayfirst)
        return done["date"].series(raw.frame.index)

    out = pd.DataFrame(
        _gather(
            date=dates,
            district=lambda: _resolve(
                raw, cols["district"], districts, lambda: done.get("date"), category=True
            ),
            offence=lambda: _parse_text(raw, cols["offence"], "offence", category=True, one_case=True),
        )
    )
    _check_strays(raw, cols["date"], done["date"])
    case = _case_codes(path, raw, cols, columns, case_numbers)
    kept = np.ones(len(out), dtype=bool)
    if case is not None:
        kept = _count_cases_once(raw, out, *case)
        _refuse_case_stages(raw, out[kept], case[0], case[1][kept], case[2], raw.rows[kept])
        out = out[kept].reset_index(drop=True)
    if keep_case:
        labels = (
            np.array(["", *(str(v) for v in case[2])], dtype=object) if case is not None else np.array([""])
        )
        codes = case[1][kept] if case is not None else np.full(len(out), -1)
        out = out.assign(_case=labels[codes + 1], _row=raw.rows[kept])
    _warn_dropped(raw, {*cols.values(), *([case[0]] if case is not None else [])})
    return out


CASE_CHECK_ROWS = 1_000_000
"""Most rows of an incident list read on the fast path whose case numbers :func:`read_incidents` compares by
default (a list the full reader reads, all its columns, is always compared)."""


def _case_codes(
    path: str | Path,
    raw: RawTable,
    cols: Mapping[str, str],
    columns: Mapping[str, str] | None,
    case_numbers: bool | None,
) -> tuple[str, np.ndarray, Sequence[object]] | None:
    """The case-number column of an incident list, as (header, a code per row of ``raw`` with -1 for an empty
    cell, the distinct values), or None when there is none or it is not to be compared."""
    if case_numbers is False:
        return None
    found = _optional_columns(raw, "case_id", cols, columns)[:1]
    if found:  # read with the others (the full reader reads every column): cells already cleaned
        text = raw.text(found[0]).str.upper()  # "hs-01" is "HS-01", as rawfile.key_column compares them
        codes, labels = pd.factorize(text.mask(text == ""), use_na_sentinel=True)
        return found[0], np.asarray(codes, dtype=np.int64), list(labels)
    found = _optional_columns(_header_only(raw.unread), "case_id", cols, columns)[:1]
    if not found:
        return None
    if case_numbers is None and len(raw.rows) > CASE_CHECK_ROWS:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: case numbers ({found[0]!r}) not compared for double entries in a list of over "
                f"{CASE_CHECK_ROWS:,} incidents (read_incidents(..., case_numbers=True) compares them)"
            ),
            stacklevel=user_stacklevel(),
        )
        return None
    # the fast path left it unread: read again, vectorised (rawfile.key_column)
    key, labels = key_column(path, found[0], raw.encoding)
    return found[0], key.reindex(raw.rows).fillna(-1).to_numpy(dtype=np.int64), labels


def _count_cases_once(
    raw: RawTable, out: pd.DataFrame, column: str, codes: np.ndarray, labels: Sequence[object]
) -> np.ndarray:
    """The rows of one sheet to keep: not those that repeat an earlier row's case number, date, district and
    offence, which a warning names."""
    key = pd.DataFrame(
        {
            "case": codes,
            "date": out["date"].dt.floor("D").to_numpy(),  # one case, once with its hour and once without
            "district": out["district"].cat.codes.to_numpy(),
            "offence": out["offence"].cat.codes.to_numpy(),
        }
    )
    return _repeats_once(
        key,
        codes >= 0,
        lambda i: f"row {raw.rows[i]}",
        lambda c: str(labels[int(cast(int, c))]),
        f"{raw.file}: {{n}} row(s) repeat an earlier row's case number ({column!r}), date, district and offence",
    )


def _refuse_case_stages(
    raw: RawTable,
    out: pd.DataFrame,
    column: str,
    codes: np.ndarray,
    labels: Sequence[object],
    rows: np.ndarray,
) -> None:
    """Refuse rows of one case number, district and offence on other days of one year (once those repeating an
    earlier row are left out): a case management system's row per stage of a case ("Khởi tố", "Điều tra",
    "Truy tố"), each with its own date. One case is one incident, and which row's date is the day it occurred
    is not in the cells. (One case number with two offences is two incidents, as before; numbers that recur in
    another year are other cases, offices numbering them anew each year.)"""
    key = pd.DataFrame(
        {
            "case": codes,
            "year": out["date"].dt.year.to_numpy(),
            "district": out["district"].cat.codes.to_numpy(),
            "offence": out["offence"].cat.codes.to_numpy(),
        }
    )
    again = key.duplicated(keep="first").to_numpy() & (codes >= 0)
    if not again.any():
        return
    first = key.reset_index(drop=True).drop_duplicates(keep="first")
    position = pd.Series(first.index.to_numpy(), index=pd.MultiIndex.from_frame(first))
    earlier = position.reindex(pd.MultiIndex.from_frame(key[again])).to_numpy()
    raise TrendsDataError(
        [
            Problem(
                f"the case number of row {rows[e]} again, on another day ({out['date'].iat[i]:%d/%m/%Y}, row "
                f"{rows[e]} {out['date'].iat[e]:%d/%m/%Y}) with the same district and offence: the rows of one "
                "case's stages (khởi tố, điều tra, truy tố) would count it as several incidents",
                file=raw.file,
                row=int(rows[i]),
                column=column,
                value=str(labels[int(codes[i])]),
                expected="one row per case, dated the day it occurred; or read_incidents(..., case_numbers=False) "
                "when one number stands for several incidents",
            )
            for i, e in zip(np.flatnonzero(again)[:20], earlier[:20], strict=True)
        ]
    )


def _count_cases_once_across_sheets(stacked: pd.DataFrame, name: str) -> pd.DataFrame:
    """``sheet="all"``: a case number entered in two sheets with the same date, district and offence counts
    once (each sheet's own repeats are already counted once), with a warning naming both sheets and rows."""
    key = stacked[["_case", "date", "district", "offence"]].astype({"district": object, "offence": object})
    key["date"] = key["date"].dt.floor("D")
    keep = _repeats_once(
        key,
        (stacked["_case"] != "").to_numpy(),
        lambda i: f"sheet {stacked['_sheet'].iat[i]!r} row {stacked['_row'].iat[i]}",
        str,
        f"{name}: {{n}} row(s) repeat a case number, date, district and offence of another sheet",
    )
    return stacked.loc[keep].drop(columns=["_case", "_row"]).reset_index(drop=True)


def _repeats_once(
    key: pd.DataFrame,
    has_case: np.ndarray,
    where: Callable[[int], str],
    case_text: Callable[[object], str],
    what: str,
) -> np.ndarray:
    """Rows to keep: a row whose ``key`` (case number first) repeats an earlier row's is left out when it has a
    case number, and one warning (``what``, with ``{n}`` the count) names each such row and the earlier one
    (``where(position)``)."""
    key = key.reset_index(drop=True)
    again = key.duplicated(keep="first").to_numpy() & has_case
    if not again.any():
        return ~again
    first = key.drop_duplicates(keep="first")
    position = pd.Series(first.index.to_numpy(), index=pd.MultiIndex.from_frame(first))
    repeats = key[again]
    of = position.reindex(pd.MultiIndex.from_frame(repeats)).to_numpy()
    pairs = [
        f"{where(int(i))} repeats {where(int(e))} ({case_text(c)!r})"
        for i, e, c in zip(np.flatnonzero(again), of, repeats.iloc[:, 0], strict=True)
    ]
    shown = "; ".join(pairs[:10]) + (f"; and {len(pairs) - 10} more" if len(pairs) > 10 else "")
    warnings.warn(
        TrendsDataWarning(
            what.format(n=len(pairs)) + f", a case entered twice, and were counted once: {shown}"
        ),
        stacklevel=user_stacklevel(),
    )
    return ~again


@_noting_conversions
def read_rollout(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    dayfirst: bool = True,
) -> pd.DataFrame:
    """Read the register of movement models: one row per model.

    A register whose rows are groups of models started together says how many in a count column; each row is
    then read as that many models (ids ``"<id> #1"`` .. ``"<id> #n"``; a row of 0 stands for none), with a
    warning. The column counts models when its header names them ("Số mô hình", "Number of models"), when the
    register has no id column (rows are then named ``"row 5"``), or when ``columns=`` maps it to
    ``model_count``; a bare quantity ("Số lượng") beside a model id must say 1 on every row. Total rows are
    checked against the sum of the counts. A model whose status says it was cancelled ("Đã hủy") is left out
    with a warning; a ward cell naming several wards ("Phúc Xá; Trúc Bạch") is refused (one row, one ward).

    Returns
    -------
    pandas.DataFrame
        ``model_id``, ``district``, ``ward`` (may be empty), ``model_type``, ``start``, ``end`` (NaT = active).

    Raises
    ------
    TrendsDataError
        Missing columns, unparseable or future dates, an end before the start, a model id used twice.

    Warns
    -----
    TrendsDataWarning
        When models differ only in their id (same district, ward, model type, start and end): all are kept, since
        two models of one type may work in one ward, and the warning lists them so a double entry can be fixed.
        Models of one type in one ward with different (even overlapping) dates are not flagged.
    """
    if _is_all(sheet):
        return _stack_sheets(
            path,
            lambda s: read_rollout(
                path, sheet=s, districts=districts, columns=columns, encoding=encoding, dayfirst=dayfirst
            ),
            ["model_id"],
        )
    # "I | QUẬN BA ĐÌNH" above the district's wards
    read = read_raw(path, sheet=sheet, encoding=encoding)
    raw = _district_headings(read, columns, districts)
    added = tuple(c for c in raw.frame.columns if c not in read.frame.columns)  # the headings' district
    raw = _type_headings(raw, columns, districts, added)  # "I | MÔ HÌNH CAMERA AN NINH" above its models
    need = ("district", "model_type", "start")
    optional = ("model_id", "ward", "end", "model_count", "status", "entry_time")
    cols = _match_columns(raw, need, optional, columns)
    if "entry_time" in cols:  # a form's "Timestamp": the order of its dates
        _check_day_order(raw, cols["entry_time"], cols["start"], dayfirst)
    counted = _counts_models(cols, columns)
    _refuse_pivot_blanks(raw, tuple(cols[c] for c in ("district", "model_type", "ward") if c in cols))
    if "model_id" not in cols and not counted:  # refused, naming the missing id
        _match_columns(raw, ("model_id", *need), (), columns)
    raw = _fill_outline(raw, (cols["district"],))  # the district once per block, closed by "Tổng Ba Đình"
    raw = _drop_list_headings(raw, cols["start"], "model")  # "I | MÔ HÌNH CAMERA AN NINH"
    # "Tổng cộng: 5 mô hình", "Cộng phường X": checked against the models the rows count
    raw = _drop_list_totals(raw, cols["start"], "model", weights=cols["model_count"] if counted else None)
    if "status" in cols:
        raw = _drop_cancelled(raw, cols["status"], "model")  # "Đã hủy": a model cancelled, never run
    raw = _strip_footnote_marks(raw, (cols["district"],))  # "Đống Đa (1)": the note is not the name
    if "ward" in cols:
        _refuse_ward_lists(raw, cols["ward"])  # "Phúc Xá; Trúc Bạch": one row, one model, one ward
    if "model_count" in cols and not counted:  # "Số lượng" beside a model id: one model per row
        _check_one_per_row(raw, cols["model_count"], "model")
    for dated in (cols["start"], cols.get("end")):  # "Quyết định số 123/QĐ-UBND ngày 15/06/2023"
        raw = raw if dated is None else _decision_dates(raw, dated)
    raw = _open_starts(raw, cols["start"], cols.get("end"))  # "từ 01/06/2023", "01/06/2023 - nay"
    raw = _month_only_dates(raw, cols["start"], last=False)  # "T6/2023": the month's first day
    if "end" in cols:  # "Đang hoạt động" (still running), "-": no end date; "T12/2023": the month's last day
        raw = _month_only_dates(_still_running(raw, cols["end"]), cols["end"], last=True)
    no_end = pd.Series(pd.NaT, index=raw.frame.index, dtype="datetime64[ns]")
    done: dict[str, Coded] = {}

    def starts() -> pd.Series:
        done["start"] = _parse_dates(raw, cols["start"], dayfirst=dayfirst)
        return done["start"].series(raw.frame.index)

    out = pd.DataFrame(
        _gather(
            start=starts,
            model_id=lambda: (
                _parse_text(raw, cols["model_id"], "model_id")
                if "model_id" in cols
                else pd.Series([f"{_row_prefix(sheet)}row {r}" for r in raw.rows], index=raw.frame.index)
            ),
            district=lambda: _resolve(raw, cols["district"], districts, lambda: done.get("start")),
            ward=lambda: _parse_text(raw, cols["ward"], "ward", required=False) if "ward" in cols else "",
            model_type=lambda: _parse_text(raw, cols["model_type"], "model_type", one_case=True),
            end=lambda: (
                _parse_dates(raw, cols["end"], required=False, dayfirst=dayfirst, future=True).series(
                    raw.frame.index
                )
                if "end" in cols
                else no_end
            ),
        )
    )[["model_id", "district", "ward", "model_type", "start", "end"]]
    out["ward"] = out["ward"].replace("", pd.NA)
    before = (out["end"] < out["start"]).to_numpy()
    if before.any():
        raise TrendsDataError(
            _problems(
                raw,
                before,
                cols["end"],
                raw.text(cols["end"]),
                "model ends before it starts",
                "an end date on or after the start date",
            )
        )
    _check_status(raw, out)
    _check_unique(raw, out, ["model_id"], cols)
    _warn_double_entries(raw, out)
    if counted:
        out = _models_of_rows(raw, out, cols["model_count"])
    _warn_dropped(raw, set(cols.values()))
    return out


# A register's status column ("Tình trạng": "Đang hoạt động" | "Ngừng hoạt động"), folded, and its two kinds of
# values: the model stopped, or still runs.
_STATUS_HEADER = re.compile(r"^(?:tinh trang|trang thai)(?: hoat dong)?$|^(?:status|current status)$")
_STOPPED = re.compile(
    r"^(?:da |bi )?(?:ngung|dung|ngung hoat dong|dung hoat dong|giai the|cham dut|khong con hoat dong|"
    r"khong hoat dong|ket thuc)\b|^(?:stopped|inactive|closed|ended|discontinued)$"
)
_RUNNING = re.compile(r"^(?:dang|con|van)? ?hoat dong$|^(?:active|running|ongoing|in operation)$")


def _check_status(raw: RawTable, out: pd.DataFrame) -> None:
    """A status column must agree with the dates: a model said to have stopped ("Ngừng hoạt động") needs its end
    date (read without one, it would count as running to this day), and one said to be running ("Đang hoạt
    động") cannot have ended before today. The file is refused naming the rows; a status column is never read
    in place of the dates."""
    status = [c for c in raw.frame.columns if _STATUS_HEADER.match(_key(str(c)))]
    if len(status) != 1:
        return
    (source,) = status
    text = raw.text(source)
    key = text.map(lambda v: _key(v).strip(" .")).to_numpy(dtype=object)
    stopped = np.array([bool(_STOPPED.match(k)) for k in key])
    running = np.array([bool(_RUNNING.match(k)) for k in key])
    ended = out["end"].notna().to_numpy()
    past = (out["end"] < pd.Timestamp.today().normalize()).to_numpy()
    problems = [
        *_problems(
            raw,
            stopped & ~ended,
            source,
            text,
            "the status says the model stopped, but it has no end date (read so, it would count as running to "
            "this day)",
            "the date it stopped in the end column",
        ),
        *_problems(
            raw,
            running & ended & past,
            source,
            text,
            "the status says the model is running, but its end date has passed",
            "a status and an end date that agree (a stale status, or a mistyped end?)",
        ),
    ]
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))


# A header that counts models by name ("Số mô hình", "Số lượng mô hình", "Number of models"), folded: the rows
# of such a register are groups of models started together, whatever else the register has.
_MODELS_NAMED = frozenset(
    {"so mo hinh", "so luong mo hinh", "so mh", "number of models", "models", "no of models"}
)


def _counts_models(cols: Mapping[str, str], columns: Mapping[str, str] | None) -> bool:
    """Whether the register's count column says how many models each row stands for.

    It does when ``columns=`` maps a header to ``model_count``, when its header names models ("Số mô hình",
    "Number of models"), or when the register has no model id: its rows are then groups (models of one type
    started in one ward and month), and a quantity ("Số lượng", "Count") can only count them. A bare quantity
    beside a model id is not clear (the 12 cameras of one model, or 12 models?) and must say 1 on every row.
    """
    if "model_count" not in cols:
        return False
    source = cols["model_count"]
    if any(canon == "model_count" for canon in (columns or {}).values()):
        return True
    return (
        _key(source) in _MODELS_NAMED
        or _key(_UNIT_SUFFIX.sub("", source)) in _MODELS_NAMED
        or ("model_id" not in cols)
    )


def _row_prefix(sheet: str | int | None) -> str:
    """The sheet part of a model id made from a row number, so that ``sheet="all"`` keeps the ids apart."""
    return "" if sheet is None else f"{sheet} "


def _models_of_rows(raw: RawTable, out: pd.DataFrame, source: str) -> pd.DataFrame:
    """The register with each row repeated as many times as its count column says (a non-negative whole
    number, else the file is refused naming the cell); the models of a row of n > 1 get the ids
    "<id> #1" .. "<id> #n", and a row of 0 stands for no model. A warning says how the rows were read."""
    n = _parse_count(raw, source, "model_count").astype(np.int64)
    many, zero = n > 1, n == 0
    models = out.loc[out.index.repeat(n)].copy()
    k = models.groupby(level=0).cumcount().to_numpy() + 1
    several = np.repeat(many, n)
    models["model_id"] = np.where(
        several, models["model_id"].astype(str) + " #" + k.astype(str), models["model_id"].astype(str)
    )
    models = models.reset_index(drop=True)
    clash = models["model_id"].duplicated(keep=False).to_numpy()
    if clash.any():
        raise TrendsDataError(
            f"the ids given to the models of a row of several ({sorted(set(models['model_id'][clash]))[:5]}) "
            "are ids of other rows",
            file=raw.file,
            column=source,
            expected="model ids that stay unique once a row of n models is numbered '<id> #1' .. '<id> #n'",
        )
    parts = [f"column {source!r} counts the models each row stands for"]
    if many.any():
        shown = zip(raw.rows[many][:10], n[many][:10], strict=True)
        more = " ..." if many.sum() > 10 else ""
        parts.append(
            "rows standing for several: " + ", ".join(f"{int(r)} ({int(c)})" for r, c in shown) + more
        )
    if zero.any():
        shown_zero = ", ".join(str(int(r)) for r in raw.rows[zero][:10])
        parts.append(f"rows standing for none (0 models, not read): {shown_zero}")
    said = f"{int(n.sum()):,} models from {len(n):,} rows of the register: " + "; ".join(parts)
    warnings.warn(TrendsDataWarning(f"{raw.file}: read {said}"), stacklevel=user_stacklevel())
    return models


def _warn_double_entries(raw: RawTable, out: pd.DataFrame) -> None:
    """Flag models that differ only in their id. Two models of one type may legitimately work in one ward (even
    with overlapping dates), so nothing is dropped; the same district, ward, type, start and end is flagged."""
    keys = ["district", "ward", "model_type", "start", "end"]
    same = out.duplicated(keys, keep=False).to_numpy()
    if not same.any():
        return
    groups = out.loc[same].assign(_row=raw.rows[same]).groupby(keys, dropna=False, sort=False)
    listed = "; ".join(
        ", ".join(f"{m!r} (row {r})" for m, r in zip(g["model_id"], g["_row"], strict=True))
        for _, g in groups
    )
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: models with the same district, ward, model type and dates: {listed}; kept all of "
            "them (two models of a type can share a ward): check the register for double entries"
        ),
        stacklevel=user_stacklevel(),
    )


@_noting_conversions
def read_districts(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a districts table: ``district`` id, names, ``kind``, ``population``, ``area_km2``.

    Returns
    -------
    pandas.DataFrame
        ``district``, ``name_vi``, ``name_ascii``, ``kind`` (urban/rural/town or missing), ``population``
        (int64), ``area_km2`` (float, may be missing). Names default to the id when absent.
    """
    if _is_all(sheet):
        return _stack_sheets(
            path, lambda s: read_districts(path, sheet=s, columns=columns, encoding=encoding), ["district"]
        )
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    cols = _match_columns(
        raw, ("population",), ("district", "name_vi", "name_ascii", "kind", "area_km2"), columns
    )
    if "district" not in cols and "name_vi" in cols:
        # a table naming its districts only ("Mã" | "Tên quận/huyện": an official code is not the study's id):
        # the names are the districts
        cols["district"] = cols["name_vi"]
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: no district id column; the districts are the names of column {cols['name_vi']!r}"
            ),
            stacklevel=user_stacklevel(),
        )
    if "district" not in cols:
        _match_columns(raw, ("district", "population"), (), columns)  # refused, naming the missing column
    _one_population(raw, cols["population"], columns)
    # "Toàn thành phố" above its districts, "Khu vực thành thị", "Các quận": checked against their rows, dropped
    names = tuple(cols[c] for c in ("district", "name_vi", "name_ascii") if c in cols)
    raw = _drop_subtotals(raw, names, cols["population"])
    raw = _strip_footnote_marks(raw, names)  # "Đống Đa (1)": the note is not the name
    district = _parse_text(raw, cols["district"], "district")
    out = pd.DataFrame({"district": district})
    out["name_vi"] = _parse_text(raw, cols["name_vi"], "name_vi") if "name_vi" in cols else district
    out["name_ascii"] = (
        _parse_text(raw, cols["name_ascii"], "name_ascii") if "name_ascii" in cols else district.map(fold)
    )
    if "kind" in cols:
        # the Vietnamese kinds of unit, before the 2025 reform (quận, huyện, thị xã) and after it (phường, xã),
        # and the inner / outer city
        kind = raw.text(cols["kind"]).map(fold)
        kind = kind.replace(
            {
                "quan": "urban",
                "phuong": "urban",
                "noi thanh": "urban",
                "huyen": "rural",
                "xa": "rural",
                "ngoai thanh": "rural",
                "thi xa": "town",
                "thi tran": "town",
            }
        )
        bad = (~kind.isin([*DISTRICT_KINDS, ""])).to_numpy()
        if bad.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    bad,
                    cols["kind"],
                    raw.text(cols["kind"]),
                    "unknown district kind",
                    f"one of {DISTRICT_KINDS} (or quận, phường / huyện, xã / thị xã, thị trấn)",
                )
            )
        out["kind"] = kind.replace("", pd.NA)
    else:
        out["kind"] = pd.NA
    out["population"] = _parse_count(raw, cols["population"], "population")
    zero = (out["population"] <= 0).to_numpy()
    if zero.any():
        raise TrendsDataError(
            _problems(
                raw,
                zero,
                cols["population"],
                raw.text(cols["population"]),
                "population must be positive",
                "residents, a positive whole number",
            )
        )
    if "area_km2" in cols:
        _check_unit(raw, cols["area_km2"], "area", _AREA_UNIT, "square kilometres (1 km² = 100 ha)")
        area = pd.to_numeric(_decimal_text(raw.text(cols["area_km2"])).replace("", np.nan), errors="coerce")
        bad = ((raw.text(cols["area_km2"]) != "") & (area.isna() | (area <= 0))).to_numpy()
        if bad.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    bad,
                    cols["area_km2"],
                    raw.text(cols["area_km2"]),
                    "invalid area",
                    "a positive number of km²",
                )
            )
        out["area_km2"] = area.astype(float)
    else:
        out["area_km2"] = np.nan
    _check_unique(raw, out, ["district"], cols)
    _check_spellings(raw, out, cols)
    _check_unlabelled_total(raw, out, cols)
    _check_totals(raw, cols["population"], out["population"].to_numpy())
    _warn_dropped(raw, {*cols.values(), *_check_codes(raw, cols.get("name_vi", cols["district"]), bare=True)})
    return out


def _check_unlabelled_total(raw: RawTable, out: pd.DataFrame, cols: Mapping[str, str]) -> None:
    """A first or last row whose population is the sum of every other row is the city's (or province's) total
    under its name ("Thành phố Hà Nội", "TP. Hà Nội", "Hà Nội"), not a district: read as one, the study's
    population would double and the city would be a district that recorded nothing. Refused (a total labelled
    "Tổng cộng" / "Toàn thành phố" is checked and dropped before)."""
    pop = out["population"].to_numpy(dtype=np.int64)
    if len(pop) < 3:
        return
    total = int(pop.sum())
    for i in dict.fromkeys((0, len(pop) - 1)):
        if 2 * int(pop[i]) == total:
            raise TrendsDataError(
                f"a total row: its population ({int(pop[i]):,}) is the sum of every other row's, so "
                f"{out['district'].iloc[i]!r} is the whole study area (the city), not one of its districts",
                file=raw.file,
                row=int(raw.rows[i]),
                column=cols["district"],
                expected="one row per district; remove the total, or name it 'Tổng cộng' or 'Toàn thành phố' "
                "(it is then checked against the rows and dropped)",
            )


def _check_spellings(raw: RawTable, out: pd.DataFrame, cols: Mapping[str, str]) -> None:
    """Two rows whose names fold to one spelling key are one district entered twice (or an ambiguous table)."""
    from trends.geo import district_key

    owner: dict[str, int] = {}
    problems = []
    for i, rec in enumerate(out.itertuples(index=False)):
        for name in dict.fromkeys(str(v) for v in (rec.district, rec.name_vi, rec.name_ascii) if pd.notna(v)):
            j = owner.setdefault(district_key(name), i)
            if j != i:
                problems.append(
                    Problem(
                        f"same district as row {int(raw.rows[j])} under another spelling "
                        f"({out['district'].iloc[j]!r} and {rec.district!r} both read as {district_key(name)!r})",
                        file=raw.file,
                        row=int(raw.rows[i]),
                        column=cols["district"],
                        expected="one row per district, and names that tell districts apart",
                    )
                )
                break
    if problems:
        raise TrendsDataError(problems)


# Another count of residents beside the one read ("Dân số thường trú" beside "Dân số trung bình", "Population
# (census)"), folded; a density ("Mật độ dân số") or a share is no count of residents.
# A column about the population that counts no residents (its year, source, rank, a note) is not one.
_OTHER_POPULATION = re.compile(
    r"^(?:dan so|population|so dan|tong dan so|(?:tong |tong so |so )?nhan khau)\b"
    r"(?!.*(?:mat do|density|/ ?km|%|ty le|\b(?:year|nam|date|ngay|source|nguon|note|ghi chu|rank|xep hang|id|ma)\b))"
)


# The police's count of registered residents ("Tổng số nhân khẩu") and its parts, permanent ("thường trú") and
# temporary ("tạm trú") residents (folded)
_RESIDENTS_TOTAL = re.compile(r"^(?:tong |tong so |so )?nhan khau$")
_RESIDENTS_PART = re.compile(r"^(?:tong |tong so |so )?nhan khau (?:thuong tru|tam tru)\b")


def _one_population(raw: RawTable, source: str, columns: Mapping[str, str] | None) -> None:
    """Refuse a table with two counts of residents ("Dân số trung bình" | "Dân số thường trú": average and
    registered residents differ by tens of thousands in Hanoi's districts), naming both, unless ``columns=``
    chose one; reading one of them silently would decide the denominator of every rate."""
    if any(canon == "population" for canon in (columns or {}).values()):
        return
    others = [
        str(c)
        for c in raw.frame.columns
        if c != source and c in raw.frame.columns and _OTHER_POPULATION.match(_key(str(c)))
    ]
    # the total's parts under the same header ("Dân số trung bình (người)" over "Tổng số" | "Nam" | "Nữ"): the
    # residents by sex or by area, not residents of another kind
    total = _TOTAL_UNDER.search(source)
    parts = [
        str(c)
        for c in raw.frame.columns
        if c != source and total is not None and str(c).startswith(source[: total.start()] + " ")
    ]
    # the residence database's total ("Tổng số nhân khẩu") beside its permanent and temporary residents
    if _RESIDENTS_TOTAL.match(_key(source)):
        parts += [c for c in others if _RESIDENTS_PART.match(_key(c))]
    if parts:
        warnings.warn(
            TrendsDataWarning(
                f"{raw.file}: read the total {source!r} as the population; {shortlist([repr(c) for c in parts], 5)} "
                "are its parts (by sex, by area, or permanent and temporary residents), not read"
            ),
            stacklevel=user_stacklevel(),
        )
        others = [c for c in others if c not in parts]
    if others:
        raise TrendsDataError(
            f"several columns could be 'population': {[source, *others]} (counts of residents of different "
            "kinds, such as average and registered residents)",
            file=raw.file,
            row=1,
            column=others[0],
            expected="one population column, or columns={'<header>': 'population'} choosing it",
        )


@_noting_conversions
def read_population(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read population by district and year (census or estimates): ``district``, ``year``, ``population``.

    Three layouts: one row per district and year; a row per district and a column per year ("Quận/Huyện" |
    "2019" | "2020"); a row per year and a column per district ("Năm" | "Ba Đình" | "Hoàn Kiếm" | "Toàn
    thành phố"), whose total column must equal the sum of the districts and is dropped, with a warning.
    Preliminary years ("Sơ bộ 2024") are read as the year's, said. Years in between are interpolated by
    :func:`trends.panel.population_by_year`.
    """
    if _is_all(sheet):
        return _stack_sheets(
            path,
            lambda s: read_population(path, sheet=s, districts=districts, columns=columns, encoding=encoding),
            ["district", "year"],
        )
    raw = _melt_years(read_raw(path, sheet=sheet, encoding=encoding), columns)  # a column per year
    # the transpose: a row per year ("Năm"), a column per district, "Toàn thành phố" checked and dropped
    raw = _melt_districts(raw, columns, districts, value="population")
    raw = _year_headings(raw, columns)  # "Năm 2019" above its districts, "Năm 2020" above theirs
    raw = _year_from_titles(raw, columns)  # "DÂN SỐ TRUNG BÌNH NĂM 2019" above a column of districts
    cols = _match_columns(raw, ("district", "year", "population"), (), columns)
    _one_population(raw, cols["population"], columns)
    # totals and aggregates ("Toàn thành phố", "Khu vực thành thị") of each year: checked, dropped
    by_year = raw.text(cols["year"]).to_numpy(dtype=object)
    raw = replace(
        _drop_subtotals(replace(raw, totals=()), (cols["district"],), cols["population"], by=by_year),
        totals=raw.totals,
    )
    raw = _strip_footnote_marks(raw, (cols["district"],))  # "Đống Đa (1)": the note is not the name
    # "2019" or "Năm 2019" (a census table's year written with its word)
    warn_preliminary(raw.file, f"column {cols['year']!r}", pd.unique(raw.text(cols["year"])).tolist())
    year = pd.to_numeric(
        raw.text(cols["year"]).map(lambda t: re.sub(r"^nam\s*", "", PRELIMINARY.sub(" ", fold(t)).strip())),
        errors="coerce",
    )
    bad = (year.isna() | (year % 1 != 0) | (year < 1900) | (year > 2200)).to_numpy()
    if bad.any():
        raise TrendsDataError(
            _problems(raw, bad, cols["year"], raw.text(cols["year"]), "invalid year", "a four-digit year")
        )
    out = pd.DataFrame(
        {
            "district": _resolve_by_year(raw, cols["district"], districts, year),
            "year": year.astype(np.int64),
            "population": _parse_count(raw, cols["population"], "population"),
        }
    )
    zero = (out["population"] <= 0).to_numpy()
    if zero.any():
        raise TrendsDataError(
            _problems(
                raw,
                zero,
                cols["population"],
                raw.text(cols["population"]),
                "population must be positive (a rate per resident would be infinite)",
                "residents, a positive whole number",
            )
        )
    _check_unique(raw, out, ["district", "year"], cols)
    _check_totals(raw, cols["population"], out["population"].to_numpy())
    coded = _check_codes(raw, cols["district"], bare=True) if cols["district"] in raw.frame.columns else []
    _warn_dropped(raw, {*cols.values(), *coded})
    return out.sort_values(["district", "year"]).reset_index(drop=True)


def _resolve_by_year(
    raw: RawTable, source: str, districts: DistrictResolver | pd.DataFrame | bool | None, year: pd.Series
) -> pd.Series:
    """A bare name that two geographies share ("Ba Đình": district until June 2025, ward after) is read as the
    unit that existed on 1 January of the row's year; prefixed names ("Phường Ba Đình") are taken as written,
    so a new unit's 2025 population reads."""
    if (
        (isinstance(districts, DistrictResolver) and districts.dated)
        or districts is None
        or districts is True
    ):
        resolver = districts if isinstance(districts, DistrictResolver) else default_resolver()
        if not isinstance(districts, DistrictResolver):
            _check_province(raw)
        codes, labels = _text_codes(raw, source, "district")
        text = pd.Series(labels[codes], index=raw.frame.index, dtype=object)
        jan1 = pd.to_datetime(year.astype(np.int64).astype(str) + "-01-01")
        ids = resolver.resolve(
            text, file=raw.file, rows=raw.rows.tolist(), column=source, dates=jan1, check_dates=False
        )
        _check_one_unit_per_row(raw, source, ids, year)
        return pd.Series(ids.to_numpy(dtype=object), index=raw.frame.index, dtype=object)
    return _resolve(raw, source, districts)


def _check_one_unit_per_row(raw: RawTable, source: str, ids: pd.Series, year: pd.Series) -> None:
    """A row of a table with a column per year is one unit: a bare name the years resolve to two units ("Ba
    Đình": the district until 2025, the ward from 2026, or in a projection column "2030") is refused, not split."""
    if "year" not in raw.origin:  # a long table: each row its own year, resolved on its own
        return
    per_row = pd.DataFrame({"row": raw.rows, "id": ids.to_numpy(dtype=object), "year": year.to_numpy()})
    split = per_row.groupby("row")["id"].nunique()
    split = split[split > 1]
    if split.empty:
        return
    problems = []
    for row in split.index[:20]:
        cells = per_row[per_row["row"] == row]
        readings = "; ".join(
            f"{unit} for {int(g['year'].min())}..{int(g['year'].max())}"
            for unit, g in cells.groupby("id", sort=False)
        )
        problems.append(
            Problem(
                f"one row read as two units across its year columns ({readings}): the name is the district "
                "before the 2025 reform and the new unit after it",
                file=raw.file,
                row=int(row),
                column=source,
                expected="year columns of one geography (split the table at 1 July 2025), or a prefixed name "
                "('Quận Ba Đình', 'Phường Ba Đình')",
            )
        )
    raise TrendsDataError(problems)


def _check_total_sheet(
    path: str | Path, sheet: str, stacked: pd.DataFrame, read: Callable[[], pd.DataFrame]
) -> None:
    """Check a workbook's total sheet ("Tổng hợp") against the sum of the sheets stacked from it, by the keys
    it has (a city total: period and offence; a sheet of district totals: district too), at its frequency,
    and leave it out with a warning; a total that disagrees is an error naming its cells."""
    where = f"{display_name(Path(path))} [sheet {sheet}]"
    try:
        total = read()
    except TrendsDataError as error:
        raise TrendsDataError(
            f"a total sheet could not be read to check it against the other sheets ({error}); hide "
            'or delete it, or read the sheets one at a time with sheet="<name>"',
            file=where,
        ) from None
    freq = total.attrs["freq"]
    keys = (["period"] + (["offence"] if (total["offence"] != ALL_OFFENCES).any() else [])) + (
        ["district"] if (total["district"] != CITY).any() else []
    )
    parts = stacked.assign(period=period_start(stacked["period"], freq))
    summed = parts.groupby(keys)["count"].sum()
    stated = total.groupby(keys)["count"].sum()
    both = pd.concat({"stated": stated, "sum": summed}, axis=1).astype("Int64")
    wrong = both[(both["stated"] != both["sum"]).fillna(True)]
    if len(wrong):
        raise TrendsDataError(
            [
                Problem(
                    (
                        f"the total sheet has no row for {_cell_name(keys, k)}"
                        if pd.isna(r.stated)
                        else f"the total sheet states {r.stated} for {_cell_name(keys, k)}"
                    )
                    + (
                        ", which no other sheet has"
                        if pd.isna(r.sum)
                        else f", the other sheets sum to {r.sum}"
                    ),
                    file=where,
                    column="count",
                    expected="a total sheet equal to the sum of the other sheets (hide it, or fix the cell)",
                )
                for k, r in zip(wrong.index[:10], wrong.itertuples(), strict=False)
            ]
        )
    warnings.warn(
        TrendsDataWarning(
            f"{where}: a total of the other sheets ({int(stated.sum())} cases, equal to their sum by "
            f"{' x '.join(keys)}); not read as data"
        ),
        stacklevel=user_stacklevel(),
    )


def _cell_name(keys: list[str], values: tuple) -> str:
    """``period 2024-01-01, offence Theft`` for a message."""
    return ", ".join(
        f"{k} {v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) else f"{k} {v}"
        for k, v in zip(keys, values, strict=True)
    )


def _is_all(sheet: object) -> bool:
    return isinstance(sheet, str) and sheet.strip().lower() == "all"


def _stack_sheets(
    path: str | Path,
    read: Callable[[str], pd.DataFrame],
    keys: list[str],
    skip: Sequence[str] = (),
    merge: Callable[[pd.DataFrame, str], pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """``sheet="all"``: read every visible sheet (one per year, say) but ``skip`` and stack them; a key in two
    sheets is an error naming both. ``merge(stacked, file)`` then sees the stack with each row's ``_sheet``."""
    name = display_name(Path(path))
    if file_suffix(Path(path)) not in WORKBOOK_SUFFIXES:
        raise TrendsDataError(
            'sheet="all" reads the sheets of an Excel workbook or OpenDocument spreadsheet (.xlsx, .xlsm, .xls, .ods)',
            file=name,
        )
    every = sheet_names(path, visible=False)
    shown = sheet_names(path)
    # a cover, contents, notes or comparison page ("Bìa", "Mục lục", "So sánh (%)") holds no data: not stacked
    front = [s for s in shown if is_front_sheet(s) and s not in skip]
    front = front if len(front) < len([s for s in shown if s not in skip]) else []
    if front:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: not read: sheet(s) {front}, a cover, contents, notes or comparison page by its name"
            ),
            stacklevel=user_stacklevel(),
        )
    frames = [read(s).assign(_sheet=s) for s in shown if s not in skip and s not in front]
    out = pd.concat(frames, ignore_index=True)
    if "offence" in out.columns:  # "Điều 173" in one sheet, "Trộm cắp tài sản" in another: one offence
        offences = out["offence"].astype(str)
        labels = RawTable(pd.DataFrame({"offence": offences}), np.arange(len(out)), name, None, 0)
        out["offence"] = _same_article(labels, "offence").frame["offence"].to_numpy()
    freqs = {f.attrs.get("freq") for f in frames} - {None}
    if len(freqs) > 1:
        raise TrendsDataError(
            f"the sheets hold different frequencies {sorted(freqs)}",
            file=name,
            expected="sheets of one frequency, or read them one at a time with sheet=",
        )
    if keys:
        dup = out.duplicated(keys, keep=False).to_numpy()
        if dup.any():
            first = out.loc[dup].groupby(keys, sort=False)["_sheet"].apply(list).iloc[:5]
            raise TrendsDataError(
                [
                    Problem(
                        f"the same {dict(zip(keys, (str(v) for v in (k if isinstance(k, tuple) else (k,))), strict=True))} "
                        f"in sheets {sheets}",
                        file=name,
                        column=keys[0],
                        expected="each key in one sheet only (is one sheet a copy of another?)",
                    )
                    for k, sheets in first.items()
                ]
            )
    hidden = [s for s in every if s not in shown]
    if hidden:
        warnings.warn(
            TrendsDataWarning(f"{name}: stacked the visible sheets {shown}; not read (hidden): {hidden}"),
            stacklevel=user_stacklevel(),
        )
    if merge is not None:
        out = merge(out, name)
    out = out.drop(columns="_sheet")
    if "freq" in frames[0].attrs:
        out = out.sort_values(["district", "offence", "period"], kind="stable").reset_index(drop=True)
        out.attrs["freq"] = frames[0].attrs["freq"]
    return out
