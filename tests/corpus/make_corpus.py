"""Generate the bad-input corpus: malformed and hostile files for every loader and for ``trends report``.

Run from anywhere: ``python tests/corpus/make_corpus.py``. The output is deterministic (re-running gives the same
bytes): gzip members carry mtime 0, and every .xlsx is re-zipped with fixed entry timestamps and fixed workbook
created/modified properties. The generated files and ``manifest.csv`` are committed; ``tests/test_corpus.py``
reads the manifest.

Manifest columns
----------------
file      the corpus file (for ``cli`` rows: the bad file the command is given)
reader    crimes / incidents / rollout / districts / population / cli
kwargs    JSON: keyword arguments of the reader; for ``cli`` rows ``{"argv": [...]}`` where ``{file}`` is this
          file and other bare names are corpus files
outcome   ``error`` (TrendsDataError naming file, row, column), ``repair`` (a TrendsDataWarning saying what was
          repaired or flagged, total conserved) or ``ok`` (a hostile-looking but valid file, read correctly,
          total conserved)
row       expected 1-based row of the (first) problem as a spreadsheet shows it, or empty
column    expected column of the (first) problem, or empty
fragment  a fragment of the error or warning message
total     for repair/ok: the expected total, computed here from the generating data (crimes: sum of counts;
          incidents: number of incidents; rollout: number of models; districts and population: total
          population)
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import shutil
import sys
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tests folder: one Windows-1258 encoder for tests and corpus

from conftest import to_cp1258  # noqa: E402

FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)

CASES: list[dict[str, object]] = []


def case(
    name: str,
    reader: str,
    content: bytes | str | None,
    outcome: str,
    row: int | None = None,
    column: str | None = None,
    fragment: str = "",
    total: int | None = None,
    **kwargs: object,
) -> None:
    """Register a case; ``content`` is written as UTF-8 when ``str`` (None: the file is written elsewhere)."""
    if content is not None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
    CASES.append(
        {
            "file": name,
            "reader": reader,
            "kwargs": json.dumps(kwargs, ensure_ascii=False, sort_keys=True),
            "outcome": outcome,
            "row": "" if row is None else row,
            "column": column or "",
            "fragment": fragment,
            "total": "" if total is None else total,
        }
    )


# ---------------------------------------------------------------------------------------------------------
# Deterministic binary formats


def deterministic_zip(path: Path, replace: dict[str, tuple[str, str]] | None = None, extra=None) -> None:
    """Re-zip ``path`` with fixed timestamps; ``replace`` = {entry: (old, new)} text edits of XML parts."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in [*entries, *(extra or [])]:
            if replace and name in replace:
                old, new = replace[name]
                text = data.decode("utf-8")
                assert old in text, (name, old)
                data = text.replace(old, new).encode("utf-8")
            if name == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", data)
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


def xlsx(
    name: str, rows: list[list[object]], *, sheet: str = "Sheet1", merge: str | None = None, **zipargs
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "trends corpus"
    path = HERE / name
    wb.save(path)
    deterministic_zip(path, **zipargs)


def parquet(name: str, frame: pd.DataFrame) -> None:
    frame.to_parquet(HERE / name, index=False, compression=None)


def gz(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


# ---------------------------------------------------------------------------------------------------------
# Valid building blocks

C_H = "district,period,offence,count\n"
C_ROWS = [
    ("Ba Đình", "2024-01", "Trộm cắp", 12),
    ("Ba Đình", "2024-02", "Trộm cắp", 7),
    ("Hoàn Kiếm", "2024-01", "Trộm cắp", 9),
    ("Hoàn Kiếm", "2024-02", "Cướp giật", 4),
]
C_TOTAL = sum(r[3] for r in C_ROWS)


def c_body(rows=C_ROWS, sep: str = ",", eol: str = "\n") -> str:
    return "".join(sep.join(str(v) for v in r) + eol for r in rows)


I_H = "date,district,offence\n"
I_ROWS = [
    ("2024-01-03", "Ba Đình", "Trộm cắp"),
    ("2024-01-17", "Hoàn Kiếm", "Cướp giật"),
    ("2024-02-02", "Ba Đình", "Trộm cắp"),
    ("2024-02-20", "Tây Hồ", "Lừa đảo"),
]


def i_body(rows=I_ROWS) -> str:
    return "".join(",".join(r) + "\n" for r in rows)


R_H = "model_id,district,ward,model_type,start,end\n"
R_ROWS = [
    ("m1", "Ba Đình", "Phúc Xá", "camera", "2019-05-01", ""),
    ("m2", "Hoàn Kiếm", "Hàng Bạc", "tu_quan", "2020-03-15", "2023-12-31"),
    ("m3", "Tây Hồ", "", "lien_gia", "2021-07-01", ""),
]


def r_body(rows=R_ROWS) -> str:
    return "".join(",".join(r) + "\n" for r in rows)


D_H = "district,name_vi,kind,population,area_km2\n"
D_ROWS = [
    ("ba_dinh", "Ba Đình", "urban", 221893, 9.21),
    ("hoan_kiem", "Hoàn Kiếm", "urban", 135618, 5.29),
    ("soc_son", "Sóc Sơn", "rural", 357652, 305.51),
]
D_TOTAL = sum(r[3] for r in D_ROWS)


def d_body(rows=D_ROWS) -> str:
    return "".join(",".join(str(v) for v in r) + "\n" for r in rows)


P_H = "district,year,population\n"
P_ROWS = [("Ba Đình", 2009, 225910), ("Ba Đình", 2019, 221893), ("Hoàn Kiếm", 2019, 135618)]
P_TOTAL = sum(r[2] for r in P_ROWS)


# A numbered statistical form: STT, then the crimes contract's columns; its group rows ("I", "II") sum the rows
# numbered under them.
STT_H = ["STT", "Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]


def stt_csv(rows: list[list[object]], head: list[str] = STT_H) -> str:
    return "".join(",".join("" if v is None else str(v) for v in r) + "\n" for r in [head, *rows])


def stt_groups(first: object, second: object) -> list[list[object]]:
    """Two groups (numbered ``first`` and ``second``) of offences, 22 crimes in all."""
    return [
        [first, "Ba Đình", "2024-01", "Tội phạm về trật tự xã hội", 15],
        [1, "Ba Đình", "2024-01", "Giết người", 5],
        [2, "Ba Đình", "2024-01", "Cố ý gây thương tích", 10],
        [second, "Ba Đình", "2024-01", "Tội phạm về ma túy", 7],
        [3, "Ba Đình", "2024-01", "Tàng trữ trái phép chất ma túy", 7],
    ]


def p_body(rows=P_ROWS) -> str:
    return "".join(",".join(str(v) for v in r) + "\n" for r in rows)


def crimes_cases() -> None:
    full = C_H + c_body()
    # truncation
    case(
        "crimes_truncated_mid_row.csv", "crimes", full + "Tây Hồ,2024-0", "error", 6, "count", "missing count"
    )
    cut = (full + "Tây Hồ,2024-03,Trộm cắp,5\n").encode()
    i = cut.rindex("ộ".encode()) + 1  # inside the 3-byte character
    case(
        "crimes_truncated_mid_char.csv",
        "crimes",
        cut[:i],
        "error",
        6,
        None,
        "cut off in the middle of a character",
    )
    case(
        "crimes_truncated_in_quote.csv",
        "crimes",
        full + 'Tây Hồ,2024-03,"Trộm c',
        "error",
        6,
        None,
        "malformed CSV",
    )
    # delimiters
    case(
        "crimes_header_semicolon_rows_comma.csv",
        "crimes",
        "district;period;offence;count\n" + c_body(),
        "error",
        1,
        "district",
        "missing required column",
    )
    case(
        "crimes_decimal_comma_semicolon.csv",
        "crimes",
        C_H.replace(",", ";") + c_body(sep=";") + "Tây Hồ;2024-03;Trộm cắp;2,5\n",
        "error",
        6,
        "count",
        "fractional count (found '2,5')",
    )
    case(
        "crimes_extra_field.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,5,6\n",
        "error",
        6,
        None,
        "malformed CSV",
    )
    case("crimes_pipe.csv", "crimes", C_H.replace(",", "|") + c_body(sep="|"), "ok", total=C_TOTAL)
    # encodings
    half = len(C_ROWS) // 2
    mixed = (C_H + c_body(C_ROWS[:half])).encode() + to_cp1258(c_body(C_ROWS[half:]))
    case("crimes_mixed_utf8_cp1258.csv", "crimes", mixed, "error", 2 + half, None, "mixed encodings")
    case("crimes_cp1258.csv", "crimes", to_cp1258(full), "ok", total=C_TOTAL)
    case("crimes_utf16le_no_bom.csv", "crimes", full.encode("utf-16-le"), "error", 1, None, "binary content")
    case("crimes_crlf.csv", "crimes", full.replace("\n", "\r\n"), "ok", total=C_TOTAL)
    case("crimes_cr_only.csv", "crimes", full.replace("\n", "\r"), "ok", total=C_TOTAL)
    # header-only and empty
    case("crimes_header_only.csv", "crimes", C_H, "error", 2, None, "no data rows")
    case(
        "crimes_header_only_crlf_bom.csv",
        "crimes",
        "\ufeff" + C_H.replace("\n", "\r\n"),
        "error",
        2,
        None,
        "no data rows",
    )
    case("crimes_header_then_blank_rows.csv", "crimes", C_H + ",,,\n" * 5, "error", 2, None, "no data rows")
    case("crimes_empty.csv", "crimes", b"", "error", 1, None, "empty")
    # invisible characters and spaces
    case(
        "crimes_bom_in_middle.csv",
        "crimes",
        full + "\ufeff" + C_H + "Tây Hồ,2024-03,Trộm cắp,5\n",
        "repair",
        fragment="repeated header row",
        total=C_TOTAL + 5,
    )
    case(
        "crimes_zero_width_in_names.csv",
        "crimes",
        C_H + "Ba\u200bĐình,2024-01,Trộm cắp,12\nBa Đình,2024-02,Trộm\u200d cắp\u2060,7\n",
        "repair",
        fragment="invisible character",
        total=19,
    )
    case(
        "crimes_nbsp_and_trailing_spaces.csv",
        "crimes",
        C_H + "Ba\u00a0Đình\u00a0 ,2024-01 , Trộm cắp  ,12\nHoàn Kiếm   ,2024-01,Trộm cắp,\u00a01\u00a0234\n",
        "ok",
        total=12 + 1234,
    )
    case(
        "crimes_zero_width_duplicate_key.csv",
        "crimes",
        C_H + "Ba Đình,2024-01,Trộm cắp,12\nBa Đình,2024-01,Trộm\u200b cắp,3\n",
        "error",
        2,
        "district",
        "duplicate key",
    )
    # numbers
    case(
        "crimes_thousands_separators.csv",
        "crimes",
        C_H
        + 'Ba Đình,2024-01,Trộm cắp,1.234\nHoàn Kiếm,2024-01,Trộm cắp,"2,345"\nTây Hồ,2024-01,Trộm cắp,1 000\n',
        "ok",
        total=1234 + 2345 + 1000,
    )
    case(
        "crimes_huge_count.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,99999999999999999999999\n",
        "error",
        6,
        "count",
        "implausibly large",
    )
    case(
        "crimes_infinite_count.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,inf\n",
        "error",
        6,
        "count",
        "not a number",
    )
    case(
        "crimes_text_count.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,12 vụ\n",
        "error",
        6,
        "count",
        "not a number",
    )
    case(
        "crimes_dash_count.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,-\n",
        "error",
        6,
        "count",
        "not a number",
    )
    case(
        "crimes_parenthesised_count.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,(3)\n",
        "error",
        6,
        "count",
        "not a number",
    )
    case(
        "crimes_nan_count.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,NaN\n",
        "error",
        6,
        "count",
        "not a number",
    )
    # formulas (CSV injection)
    case(
        "crimes_dde_formula.csv",
        "crimes",
        full + "Tây Hồ,2024-03,\"=cmd|' /C calc'!A0\",5\n",
        "error",
        6,
        "offence",
        "spreadsheet formula",
    )
    case(
        "crimes_at_formula.csv",
        "crimes",
        full + "Tây Hồ,2024-03,Trộm cắp,@SUM(D2:D5)\n",
        "error",
        6,
        "count",
        "spreadsheet formula",
    )
    # layout of police exports
    case(
        "crimes_total_row.csv",
        "crimes",
        full + f"Tổng cộng,,,{C_TOTAL}\n",
        "repair",
        fragment="total row",
        total=C_TOTAL,
    )
    case(
        "crimes_total_row_mismatch.csv",
        "crimes",
        full + f"Tổng cộng,,,{C_TOTAL + 10}\n",
        "error",
        6,
        "count",
        "total row",
    )
    case(
        "crimes_title_rows.csv",
        "crimes",
        "CÔNG AN THÀNH PHỐ HÀ NỘI\nBÁO CÁO SỐ VỤ PHẠM TỘI THEO QUẬN/HUYỆN\n\n"
        "Quận/Huyện,Tháng,Tội danh,Số vụ\n" + c_body(),
        "repair",
        fragment="title row",
        total=C_TOTAL,
    )
    case(
        "crimes_title_row_errors_keep_file_rows.csv",
        "crimes",
        "BÁO CÁO THỐNG KÊ\n\nQuận/Huyện,Tháng,Tội danh,Số vụ\n" + c_body() + "Tây Hồ,2024-03,Trộm cắp,-4\n",
        "error",
        8,
        "Số vụ",
        "negative count",
    )
    case(
        "crimes_periods_several_formats.csv",
        "crimes",
        C_H + "Ba Đình,2024-01,Trộm cắp,1\nBa Đình,02/2024,Trộm cắp,2\nBa Đình,T3/2024,Trộm cắp,3\n"
        "Ba Đình,Tháng 4/2024,Trộm cắp,4\nBa Đình,2024-05-01,Trộm cắp,5\n",
        "ok",
        total=15,
    )
    case(
        "crimes_period_excel_serial.csv",
        "crimes",
        full + "Tây Hồ,45352,Trộm cắp,5\n",
        "error",
        6,
        "period",
        "unparseable period",
    )
    case(
        "crimes_duplicate_two_spellings.csv",
        "crimes",
        full + "Q. BA DINH,2024-01,Trộm cắp,3\n",
        "error",
        2,
        "district",
        "duplicate key",
    )
    case(
        "crimes_spaces_inside_labels.csv",
        "crimes",
        C_H + 'Ba Đình,2024-01,Trộm  cắp,12\nBa Đình,2024-02,"Trộm\ncắp",7\nBa Đình,2024-03,Trộm\tcắp,1\n',
        "ok",
        total=20,
    )
    case(
        "crimes_unknown_district_total_word_mid_file.csv",
        "crimes",
        C_H + "Tổng cộng,,,30\n" + c_body(),  # a grand total on top that does not match the rows below it
        "error",
        2,
        "count",
        "subtotal row says 30",
    )
    # Excel
    xl_rows = [["district", "period", "offence", "count"], *[list(r) for r in C_ROWS]]
    xlsx("crimes_ok.xlsx", xl_rows)
    case("crimes_ok.xlsx", "crimes", None, "error", None, None, "no sheet 'Data'", sheet="Data")
    xlsx(
        "crimes_formula_cached.xlsx",
        [*xl_rows, ["Tây Hồ", "2024-03", "Trộm cắp", "=D2+D3"]],
        replace={"xl/worksheets/sheet1.xml": ("<f>D2+D3</f><v /></c>", "<f>D2+D3</f><v>19</v></c>")},
    )
    case("crimes_formula_cached.xlsx", "crimes", None, "ok", total=C_TOTAL + 19)
    xlsx("crimes_formula_no_cached_value.xlsx", [*xl_rows, ["Tây Hồ", "2024-03", "Trộm cắp", "=D2+D3"]])
    case("crimes_formula_no_cached_value.xlsx", "crimes", None, "error", 6, "count", "spreadsheet formula")
    xlsx(
        "crimes_title_merged.xlsx",
        [
            ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, None],
            ["BÁO CÁO SỐ VỤ PHẠM TỘI", None, None, None],
            [None, None, None, None],
            ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"],
            *[list(r) for r in C_ROWS],
        ],
        merge="A1:D1",
    )
    case("crimes_title_merged.xlsx", "crimes", None, "repair", fragment="title row", total=C_TOTAL)
    xlsx(
        "crimes_total_row.xlsx",
        [*xl_rows, ["Tổng cộng", None, None, "=SUM(D2:D5)"]],
        replace={
            "xl/worksheets/sheet1.xml": (
                "<f>SUM(D2:D5)</f><v /></c>",
                f"<f>SUM(D2:D5)</f><v>{C_TOTAL}</v></c>",
            )
        },
    )
    case("crimes_total_row.xlsx", "crimes", None, "repair", fragment="total row", total=C_TOTAL)
    xlsx("crimes_text_count.xlsx", [*xl_rows, ["Tây Hồ", "2024-03", "Trộm cắp", "12 vụ"]])
    case("crimes_text_count.xlsx", "crimes", None, "error", 6, "count", "not a number")
    xlsx("crimes_empty_sheet.xlsx", [])
    case("crimes_empty_sheet.xlsx", "crimes", None, "error", 1, None, "no header row")
    xlsx("crimes_header_only.xlsx", xl_rows[:1])
    case("crimes_header_only.xlsx", "crimes", None, "error", 2, None, "no data rows")
    xlsx(
        "crimes_datetime_periods.xlsx",
        [xl_rows[0], *[[r[0], dt.datetime(2024, int(r[1][-2:]), 1), r[2], r[3]] for r in C_ROWS]],
    )
    case("crimes_datetime_periods.xlsx", "crimes", None, "ok", total=C_TOTAL)
    offset = [[None] * 5, [None] * 5, [None] * 5, [None, *xl_rows[0]]]
    xlsx(
        "crimes_offset_table.xlsx",
        [*offset, *[[None, *r] for r in xl_rows[1:]], [None, "Tây Hồ", "2024-03", "Trộm cắp", -1]],
    )
    case("crimes_offset_table.xlsx", "crimes", None, "error", 9, "count", "negative count")
    case("crimes_renamed_csv.xlsx", "crimes", full, "error", 1, None, "cannot be read as an Excel workbook")
    case(
        "crimes_random_bytes.xlsx",
        "crimes",
        bytes(range(256)) * 4,
        "error",
        1,
        None,
        "cannot be read as an Excel workbook",
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("hello.txt", date_time=(2024, 1, 1, 0, 0, 0)), "not a workbook")
    case(
        "crimes_zip_not_workbook.xlsx",
        "crimes",
        buf.getvalue(),
        "error",
        1,
        None,
        "cannot be read as an Excel workbook",
    )
    # a macro-enabled workbook: read as values, the macro part is never run
    xlsx(
        "crimes_with_macro.xlsm",
        xl_rows,
        extra=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake VBA project: Shell(calc)")],
    )
    case("crimes_with_macro.xlsm", "crimes", None, "ok", total=C_TOTAL)
    # Parquet
    base = pd.DataFrame(C_ROWS, columns=["district", "period", "offence", "count"])
    parquet("crimes_float_counts.parquet", base.assign(count=[12.0, 7.5, 9.0, 4.0]))
    case("crimes_float_counts.parquet", "crimes", None, "error", 2, "count", "fractional count")
    parquet("crimes_nan_count.parquet", base.assign(count=[12.0, None, 9.0, 4.0]))
    case("crimes_nan_count.parquet", "crimes", None, "error", 2, "count", "missing count")
    parquet("crimes_bool_count.parquet", base.assign(count=[True, False, True, True]))
    case("crimes_bool_count.parquet", "crimes", None, "error", 1, "count", "not a number")
    parquet("crimes_int_periods.parquet", base.assign(period=[202401, 202402, 202401, 202402]))
    case("crimes_int_periods.parquet", "crimes", None, "error", 1, "period", "unparseable period")
    parquet("crimes_datetime_periods.parquet", base.assign(period=pd.to_datetime(base["period"])))
    case("crimes_datetime_periods.parquet", "crimes", None, "ok", total=C_TOTAL)
    typed = base.assign(
        district=pd.Categorical(base["district"]),
        period=pd.to_datetime(base["period"]).dt.tz_localize("UTC"),
        count=pd.array([12, None, 9, 4], dtype="Int64"),
    )
    parquet("crimes_nullable_count_tz_periods.parquet", typed)
    case("crimes_nullable_count_tz_periods.parquet", "crimes", None, "error", 2, "count", "missing count")
    parquet(
        "crimes_categorical_tz_periods.parquet", typed.assign(count=pd.array(base["count"], dtype="Int64"))
    )
    case("crimes_categorical_tz_periods.parquet", "crimes", None, "ok", total=C_TOTAL)
    parquet("crimes_zero_rows.parquet", base.iloc[:0])
    case("crimes_zero_rows.parquet", "crimes", None, "error", 1, None, "no data rows")
    case("crimes_is_csv.parquet", "crimes", full, "error", 1, None, "cannot be read as Parquet")
    parquet("crimes_truncated.parquet", base)
    data = (HERE / "crimes_truncated.parquet").read_bytes()
    (HERE / "crimes_truncated.parquet").write_bytes(data[: len(data) // 2])
    case("crimes_truncated.parquet", "crimes", None, "error", 1, None, "cannot be read as Parquet")


def incidents_cases() -> None:
    full = I_H + i_body()
    n = len(I_ROWS)
    case("incidents_header_only.csv", "incidents", I_H, "error", 2, None, "no data rows")
    blank = I_H + i_body(I_ROWS[:2]) + "\n" * 500_000 + ",,\r\n" * 500_000 + i_body(I_ROWS[2:])
    case(
        "incidents_million_blank_lines.csv.gz",
        "incidents",
        gz(blank),
        "repair",
        fragment="skipped 1000000 blank line",
        total=n,
    )
    case(
        "incidents_dates_several_formats.csv",
        "incidents",
        I_H + "2020-04-03,Ba Đình,Trộm cắp\n03/04/2020,Ba Đình,Trộm cắp\n3-4-2020,Ba Đình,Trộm cắp\n"
        "03.04.2020,Ba Đình,Trộm cắp\n2020/04/03,Ba Đình,Trộm cắp\n03/04/2020 14:30,Ba Đình,Trộm cắp\n",
        "ok",
        total=6,
    )
    case(
        "incidents_two_digit_year.csv",
        "incidents",
        full + "05/03/24,Ba Đình,Trộm cắp\n",
        "error",
        6,
        "date",
        "unparseable date",
    )
    case(
        "incidents_month_first_date.csv",
        "incidents",
        full + "12/31/2023,Ba Đình,Trộm cắp\n",
        "error",
        6,
        "date",
        "unparseable date",
    )
    case(
        "incidents_feb_30.csv",
        "incidents",
        full + "2024-02-30,Ba Đình,Trộm cắp\n",
        "error",
        6,
        "date",
        "unparseable date",
    )
    case(
        "incidents_text_date.csv",
        "incidents",
        full + "đầu tháng 3,Ba Đình,Trộm cắp\n",
        "error",
        6,
        "date",
        "unparseable date",
    )
    xlsx("incidents_serial_dates.xlsx", [["date", "district", "offence"], [45292, "Ba Đình", "Trộm cắp"]])
    case("incidents_serial_dates.xlsx", "incidents", None, "error", 2, "date", "Excel date serial")
    stamps = pd.to_datetime([r[0] + " 23:30" for r in I_ROWS]).tz_localize("Asia/Ho_Chi_Minh")
    parquet(
        "incidents_tz_aware.parquet",
        pd.DataFrame(I_ROWS, columns=["date", "district", "offence"]).assign(date=stamps),
    )
    case("incidents_tz_aware.parquet", "incidents", None, "ok", total=n)
    case(
        "incidents_personal_columns.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh,Họ tên,Tuổi,CCCD\n"
        + "".join(f"{d},{q},{o},Nguyễn Văn A,34,001099012345\n" for d, q, o in I_ROWS),
        "repair",
        fragment="dropped personal-data column",
        total=n,
    )
    mixed = (I_H + i_body(I_ROWS[:2])).encode() + to_cp1258(i_body(I_ROWS[2:]))
    case("incidents_mixed_encoding.csv", "incidents", mixed, "error", 4, None, "mixed encodings")
    case(
        "incidents_tab_with_commas.tsv",
        "incidents",
        "date\tdistrict\toffence\n2024-01-03\tBa Đình\tTrộm cắp, cướp giật\n2024-01-04\tHoàn Kiếm\tTrộm cắp, cướp giật\n",
        "ok",
        total=2,
    )
    case(
        "incidents_district_spellings.csv",
        "incidents",
        I_H
        + "2024-01-03,Ba Đình,Trộm cắp\n2024-01-04,Q. BA DINH,Trộm cắp\n2024-01-05,quận ba đình,Trộm cắp\n",
        "ok",
        total=3,
    )
    case(
        "incidents_unknown_district.csv",
        "incidents",
        full + "2024-03-01,Ba Đinhh,Trộm cắp\n",
        "error",
        6,
        "district",
        "unknown district",
    )
    case(
        "incidents_missing_offence.csv",
        "incidents",
        full + "2024-03-01,Ba Đình,\n",
        "error",
        6,
        "offence",
        "missing offence",
    )
    case(
        "incidents_total_row.csv",
        "incidents",
        full + f"Tổng cộng: {n} vụ,,\n",
        "repair",
        fragment="total row",
        total=n,
    )
    case(
        "incidents_zero_width_offence.csv",
        "incidents",
        I_H + "2024-01-03,Ba Đình,Trộm cắp\n2024-01-04,Ba Đình,Trộm\u200b cắp\n",
        "repair",
        fragment="invisible character",
        total=2,
    )
    cut = (full + "2024-03-01,Ba Đình,Trộm").encode()
    case(
        "incidents_truncated_mid_char.csv",
        "incidents",
        cut[: cut.rindex("ộ".encode()) + 2],
        "error",
        6,
        None,
        "cut off",
    )


def rollout_cases() -> None:
    full = R_H + r_body()
    case("rollout_header_only.csv", "rollout", R_H, "error", 2, None, "no data rows")
    case(
        "rollout_two_models_same_ward_type.csv",
        "rollout",
        full + "m4,Ba Đình,Phúc Xá,camera,2020-01-01,\n",
        "ok",
        total=4,
    )
    case(
        "rollout_double_entry_two_ids.csv",
        "rollout",
        full + "m1-bis,Ba Đình,Phúc Xá,camera,01/05/2019,\n",
        "repair",
        fragment="same district, ward, model type and dates",
        total=4,
    )
    case(
        "rollout_same_row_twice.csv",
        "rollout",
        full + "m1,Ba Đình,Phúc Xá,camera,2019-05-01,\n",
        "error",
        2,
        "model_id",
        "duplicate key",
    )
    case(
        "rollout_dates_several_formats.csv",
        "rollout",
        R_H
        + "m1,Ba Đình,,camera,2019-05-01,\nm2,Ba Đình,,camera,03/04/2020,31.12.2022\nm3,Tây Hồ,,camera,1-7-2021,2023/06/30\n",
        "ok",
        total=3,
    )
    case(
        "rollout_last_row_looks_like_total.csv",
        "rollout",
        "ward,model_id,district,model_type,start,end\n"
        "Phúc Xá,m1,Ba Đình,camera,2019-05-01,\nCống Vị,m2,Ba Đình,camera,2020-05-01,\n",
        "ok",
        total=2,
    )
    case(
        "rollout_end_text.csv",
        "rollout",
        full + "m4,Tây Hồ,,camera,2021-07-01,đang hoạt động\n",
        "repair",
        fragment="read 'đang hoạt động' in column 'end' as no end date",
        total=4,
    )
    case(
        "rollout_zero_width_district.csv",
        "rollout",
        R_H + "m1,Ba\u200bĐình,,camera,2019-05-01,\n",
        "repair",
        fragment="invisible character",
        total=1,
    )
    case(
        "rollout_missing_type.csv",
        "rollout",
        full + "m4,Tây Hồ,,,2021-07-01,\n",
        "error",
        5,
        "model_type",
        "missing model_type",
    )
    xlsx(
        "rollout_title_rows.xlsx",
        [
            ["DANH SÁCH MÔ HÌNH PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC", None, None, None, None],
            ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"],
            *[list(r[:5]) for r in R_ROWS],
        ],
        merge="A1:E1",
    )
    case("rollout_title_rows.xlsx", "rollout", None, "repair", fragment="title row", total=len(R_ROWS))
    case(
        "rollout_truncated_mid_row.csv",
        "rollout",
        full + "m4,Tây Hồ",
        "error",
        5,
        "model_type",
        "missing model_type",
    )


def districts_cases() -> None:
    full = D_H + d_body()
    case("districts_header_only.csv", "districts", D_H, "error", 2, None, "no data rows")
    case(
        "districts_same_district_two_spellings.csv",
        "districts",
        full + "Ba Đình,BA ĐÌNH,urban,221893,9.21\n",
        "error",
        5,
        "district",
        "same district",
    )
    case(
        "districts_population_text.csv",
        "districts",
        full + "tay_ho,Tây Hồ,urban,~160 nghìn,24\n",
        "error",
        5,
        "population",
        "not a number",
    )
    case(
        "districts_population_huge.csv",
        "districts",
        full + "tay_ho,Tây Hồ,urban,99999999999,24\n",
        "error",
        5,
        "population",
        "implausibly large",
    )
    case(
        "districts_population_thousands.csv",
        "districts",
        D_H + "ba_dinh,Ba Đình,Quận,221.893,9.21\nsoc_son,Sóc Sơn,Huyện,357 652,305.51\n",
        "ok",
        total=221893 + 357652,
    )
    case(
        "districts_total_row.csv",
        "districts",
        full + f"Tổng cộng,,,{D_TOTAL},\n",
        "repair",
        fragment="total row",
        total=D_TOTAL,
    )
    case(
        "districts_area_decimal_comma.csv",
        "districts",
        D_H.replace(",", ";") + "ba_dinh;Ba Đình;urban;221893;9,21\n",
        "ok",
        total=221893,
    )
    xlsx(
        "districts_kind_decomposed.xlsx",
        [
            ["district", "name_vi", "kind", "population"],
            [
                "ba_dinh",
                unicodedata.normalize("NFD", "Ba Đình"),
                unicodedata.normalize("NFD", "Quận"),
                221893,
            ],
            ["soc_son", "Sóc Sơn", unicodedata.normalize("NFD", "Huyện"), 357652],
        ],
    )
    case("districts_kind_decomposed.xlsx", "districts", None, "ok", total=221893 + 357652)
    case(
        "districts_formula.csv",
        "districts",
        full + "tay_ho,Tây Hồ,urban,=B2*2,24\n",
        "error",
        5,
        "population",
        "spreadsheet formula",
    )


def population_cases() -> None:
    full = P_H + p_body()
    case("population_header_only.csv", "population", P_H, "error", 2, None, "no data rows")
    case("population_year_float.csv", "population", P_H + "Ba Đình,2019.0,221893\n", "ok", total=221893)
    case(
        "population_duplicate_two_spellings.csv",
        "population",
        full + "BA DINH,2019,221000\n",
        "error",
        3,
        "district",
        "duplicate key",
    )
    case(
        "population_total_row.csv",
        "population",
        full + f"Tổng cộng,,{P_TOTAL}\n",
        "repair",
        fragment="total row",
        total=P_TOTAL,
    )
    case(
        "population_negative.csv",
        "population",
        full + "Tây Hồ,2019,-5\n",
        "error",
        5,
        "population",
        "negative",
    )
    case(
        "population_bad_year_and_district.csv", "population", full + "Atlantis,20x9,5\n", "error", 5, None, ""
    )
    case(
        "population_cp1258_crlf.csv",
        "population",
        to_cp1258(full.replace("\n", "\r\n")),
        "ok",
        total=P_TOTAL,
    )


def workbook(
    name: str,
    sheets: dict[str, list[list[object]]],
    *,
    hidden=(),
    active=0,
    formats=None,
    merge_cells=(),
    hidden_rows=(),
    hidden_columns=(),
    **zipargs,
):
    """A workbook of several sheets; ``formats`` = {(sheet, cell): number format}; ``merge_cells``,
    ``hidden_rows`` and ``hidden_columns`` (letters) apply to the first sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        if title in hidden:
            ws.sheet_state = "hidden"
    for (title, cell), fmt in (formats or {}).items():
        wb[title][cell].number_format = fmt
    for span in merge_cells:
        wb.worksheets[0].merge_cells(span)
    for r in hidden_rows:
        wb.worksheets[0].row_dimensions[r].hidden = True
    for c in hidden_columns:
        wb.worksheets[0].column_dimensions[c].hidden = True
    wb.active = active
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "trends corpus"
    wb.save(HERE / name)
    deterministic_zip(HERE / name, **zipargs)


def police_cases() -> None:
    """Issue 13: the classes of real police exports that crashed, changed data silently or leaked."""
    xl_rows = [["district", "period", "offence", "count"], *[list(r) for r in C_ROWS]]
    il_rows = [
        ["date", "district", "offence"],
        *[[dt.datetime.fromisoformat(r[0]), r[1], r[2]] for r in I_ROWS],
    ]
    n = len(I_ROWS)
    # crashes -> clear errors or correct reads
    workbook(
        "incidents_time_column_unused.xlsx",
        {"Sheet1": [[*il_rows[0], "giờ"], *[[*r, dt.time(14, 30)] for r in il_rows[1:]]]},
        formats={("Sheet1", f"D{i}"): "h:mm" for i in range(2, n + 2)},
    )
    case("incidents_time_column_unused.xlsx", "incidents", None, "ok", total=n)
    workbook(
        "incidents_date_cell_zero.xlsx",
        {"Sheet1": [*il_rows, [0, "Ba Đình", "Trộm cắp"]]},
        formats={("Sheet1", f"A{i}"): "dd/mm/yyyy" for i in range(2, n + 3)},
    )
    case("incidents_date_cell_zero.xlsx", "incidents", None, "error", n + 2, "date", "time of day")
    workbook(
        "incidents_excel_serial_60.xlsx",
        {"Sheet1": [*il_rows, [60, "Ba Đình", "Trộm cắp"]]},
        formats={("Sheet1", f"A{i}"): "dd/mm/yyyy" for i in range(2, n + 3)},
    )
    case("incidents_excel_serial_60.xlsx", "incidents", None, "error", n + 2, "date", "29/02/1900")
    dim = {"xl/worksheets/sheet1.xml": ('<dimension ref="A1:D5" />', '<dimension ref="A1:XFD1048576" />')}
    workbook(
        "crimes_used_range_xfd.xlsx",
        {"Sheet1": xl_rows},
        replace={
            "xl/worksheets/sheet1.xml": (
                "</sheetData>",
                '<row r="1048576"><c r="XFD1048576" s="0" /></row></sheetData>',
            )
        },
    )
    case("crimes_used_range_xfd.xlsx", "crimes", None, "ok", total=C_TOTAL)
    workbook(
        "crimes_stray_cell_xfd.xlsx",
        {"Sheet1": xl_rows},
        replace={
            "xl/worksheets/sheet1.xml": (
                "</sheetData>",
                '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            )
        },
    )
    case("crimes_stray_cell_xfd.xlsx", "crimes", None, "error", 1048576, None, "past the limit")
    del dim
    # silent changes -> refuse or repair
    case(
        "crimes_counts_dot_decimal_mixed.csv",
        "crimes",
        C_H
        + "Ba Đình,2024-01,Trộm cắp,1234.000\nBa Đình,2024-02,Trộm cắp,123.000\nHoàn Kiếm,2024-01,Trộm cắp,9\n",
        "ok",
        total=1234 + 123 + 9,
    )
    case(
        "crimes_counts_dot_ambiguous.csv",
        "crimes",
        C_H + "Ba Đình,2024-01,Trộm cắp,12\nBa Đình,2024-02,Trộm cắp,123.000\nHoàn Kiếm,2024-01,Trộm cắp,9\n",
        "error",
        3,
        "count",
        "ambiguous number",
    )
    case(
        "crimes_counts_dot_thousands.csv",
        "crimes",
        C_H
        + "Ba Đình,2024-01,Trộm cắp,1.234\nBa Đình,2024-02,Trộm cắp,123.000\nHoàn Kiếm,2024-01,Trộm cắp,9\n",
        "ok",
        total=1234 + 123000 + 9,
    )
    blocks = (
        C_H
        + "Ba Đình,2024-01,Trộm cắp,12\nBa Đình,2024-02,Trộm cắp,7\nBa Đình,,Cộng,19\n"
        + "Hoàn Kiếm,2024-01,Trộm cắp,9\nHoàn Kiếm,2024-02,Cướp giật,4\nHoàn Kiếm,,Cộng,13\n"
    )
    case("crimes_subtotals_in_offence.csv", "crimes", blocks, "repair", fragment="subtotal", total=C_TOTAL)
    case(
        "crimes_subtotals_and_grand_total.csv",
        "crimes",
        blocks + f"Tổng cộng,,,{C_TOTAL}\n",
        "repair",
        fragment="subtotal",
        total=C_TOTAL,
    )
    case(
        "crimes_subtotals_in_district.csv",
        "crimes",
        C_H
        + "Ba Đình,2024-01,Trộm cắp,12\nHoàn Kiếm,2024-01,Trộm cắp,9\nTổng số,2024-01,,21\n"
        + "Ba Đình,2024-02,Trộm cắp,7\nHoàn Kiếm,2024-02,Cướp giật,4\nTổng số,2024-02,,11\n",
        "repair",
        fragment="subtotal",
        total=C_TOTAL,
    )
    case(
        "crimes_subtotal_mismatch.csv",
        "crimes",
        blocks.replace("Cộng,13", "Cộng,31"),
        "error",
        7,
        "count",
        "subtotal row says 31",
    )
    # "Tổng số" above its rows (the form's other way): checked against the rows below it and dropped
    heading = (
        C_H
        + "Ba Đình,2024-01,Tổng số,19\nBa Đình,2024-01,Trộm cắp,12\nBa Đình,2024-01,Cướp giật,7\n"
        + "Hoàn Kiếm,2024-01,Tổng số,13\nHoàn Kiếm,2024-01,Trộm cắp,9\nHoàn Kiếm,2024-01,Cướp giật,4\n"
    )
    case("crimes_subtotals_heading.csv", "crimes", heading, "repair", fragment="below it", total=32)
    case(
        "crimes_subtotals_heading_mismatch.csv",
        "crimes",
        heading.replace("Tổng số,13", "Tổng số,31"),
        "error",
        5,
        "count",
        "subtotal row says 31",
    )
    case(
        "crimes_grand_total_first.csv",
        "crimes",
        C_H + f"Tổng cộng,,,{C_TOTAL}\n" + blocks.removeprefix(C_H),  # a grand total on top, blocks closed
        "repair",
        fragment="subtotal",
        total=C_TOTAL,
    )
    case(
        "crimes_city_total_first.csv",  # "the whole city" above the districts, as city police forms write it
        "crimes",
        C_H + f"Toàn thành phố,,,{C_TOTAL}\n" + blocks.removeprefix(C_H).replace(",Cộng,", ",Tổng số,"),
        "repair",
        fragment="subtotal",
        total=C_TOTAL,
    )
    workbook(
        "crimes_hidden_first_sheet.xlsx", {"Cũ": xl_rows[:3], "Số liệu": xl_rows}, hidden=("Cũ",), active=1
    )
    case("crimes_hidden_first_sheet.xlsx", "crimes", None, "repair", fragment="'Cũ' (hidden)", total=C_TOTAL)
    year2 = [xl_rows[0], *[[r[0], r[1].replace("2024", "2023"), r[2], r[3] + 1] for r in C_ROWS]]
    workbook("crimes_sheet_per_year.xlsx", {"2023": year2, "2024": xl_rows}, active=0)
    case(
        "crimes_sheet_per_year.xlsx", "crimes", None, "repair", fragment="not read: '2024'", total=C_TOTAL + 4
    )
    case("crimes_sheet_per_year.xlsx", "crimes", None, "ok", total=2 * C_TOTAL + 4, sheet="all")
    case("crimes_sheet_per_year.xlsx", "crimes", None, "ok", total=C_TOTAL, sheet=1)

    # one sheet per month with no period column: the period is the one the sheet's name or title states
    def month_sheet(m: int, title: str) -> list[list[object]]:
        return [
            [
                "CÔNG AN THÀNH PHỐ HÀ NỘI",
                "",
                f"Hà Nội, ngày 05 tháng {m + 1:02d} năm 2024",
            ],  # a date, not the period
            [title],
            ["Quận/Huyện", "Tội danh", "Số vụ"],
            ["Ba Đình", "Trộm cắp", 10 + m],
            ["Hoàn Kiếm", "Cướp giật", 3],
            ["Tổng cộng", "", 13 + m],
        ]

    months = {f"Tháng {m}-2024": month_sheet(m, f"BÁO CÁO THÁNG {m:02d} NĂM 2024") for m in (1, 2, 3)}
    workbook("crimes_month_per_sheet.xlsx", months)
    case("crimes_month_per_sheet.xlsx", "crimes", None, "ok", total=3 * 13 + 6, sheet="all")
    case(
        "crimes_month_per_sheet.xlsx",
        "crimes",
        None,
        "repair",
        fragment="no period column",
        total=14,
        sheet=0,
    )
    # a title naming a span of months states no one period: the missing column is reported, not guessed
    case(
        "crimes_half_year_title.csv",
        "crimes",
        "BÁO CÁO 6 THÁNG ĐẦU NĂM 2024\nQuận/Huyện,Tội danh,Số vụ\nBa Đình,Trộm cắp,5\nHoàn Kiếm,Cướp giật,2\n",
        "error",
        1,
        "period",
        "missing required column 'period'",
    )
    workbook(
        "crimes_month_sheet_title_conflict.xlsx",
        {"Tháng 1-2024": month_sheet(1, "BÁO CÁO THÁNG 02 NĂM 2024")},
    )
    case(
        "crimes_month_sheet_title_conflict.xlsx",
        "crimes",
        None,
        "error",
        1,
        "period",
        "several periods ['2024-01', '2024-02']",
    )
    # one sheet per district (an offence x month table each), the district in the sheet's name or title, and a
    # "Tổng hợp" sheet of city totals: checked against the district sheets, then left out
    per_district = {"Ba Đình": (3, 4, 5), "Hoàn Kiếm": (1, 0, 2), "Đống Đa": (7, 6, 8)}

    def district_sheet(name: str, counts: tuple[int, ...], title: str) -> list[list[object]]:
        return [
            ["CÔNG AN THÀNH PHỐ HÀ NỘI"],
            [title],
            ["STT", "Tội danh", "Tháng 1/2024", "Tháng 2/2024", "Tháng 3/2024", "Cộng"],
            [1, "Trộm cắp tài sản", *counts, sum(counts)],
            [2, "Cướp giật tài sản", 1, 1, 1, 3],
            ["", "Tổng cộng", *(c + 1 for c in counts), sum(counts) + 3],
        ]

    def city_sheet(extra: int) -> list[list[object]]:
        thefts = [sum(c[i] for c in per_district.values()) for i in range(3)]
        return [
            ["BÁO CÁO TÌNH HÌNH TỘI PHẠM TOÀN THÀNH PHỐ QUÝ I NĂM 2024"],
            ["Tội danh", "T1/2024", "T2/2024", "T3/2024"],
            ["Trộm cắp tài sản", thefts[0] + extra, *thefts[1:]],
            ["Cướp giật tài sản", 3, 3, 3],
        ]

    by_district = {
        n: district_sheet(n, c, f"BÁO CÁO TÌNH HÌNH TỘI PHẠM QUẬN {n.upper()} QUÝ I NĂM 2024")
        for n, c in per_district.items()
    }
    d_total = sum(sum(c) + 3 for c in per_district.values())
    workbook("crimes_district_per_sheet.xlsx", {"Tổng hợp": city_sheet(0), **by_district})
    case("crimes_district_per_sheet.xlsx", "crimes", None, "ok", total=d_total, sheet="all")
    case(
        "crimes_district_per_sheet.xlsx",
        "crimes",
        None,
        "repair",
        fragment="no district column; every row is taken to be in Ba Đình (ba_dinh)",
        total=sum(per_district["Ba Đình"]) + 3,
        sheet="Ba Đình",
    )
    workbook("crimes_district_per_sheet_bad_total.xlsx", {"Tổng hợp": city_sheet(1), **by_district})
    case(
        "crimes_district_per_sheet_bad_total.xlsx",
        "crimes",
        None,
        "error",
        None,
        "count",
        "the total sheet states 12 for period 2024-01-01, offence Trộm cắp tài sản, the other sheets sum to 11",
        sheet="all",
    )
    workbook(
        "crimes_district_sheet_title_conflict.xlsx",
        {"Ba Đình": district_sheet("Ba Đình", (1, 2, 3), "BÁO CÁO TÌNH HÌNH TỘI PHẠM QUẬN HOÀN KIẾM")},
    )
    case(
        "crimes_district_sheet_title_conflict.xlsx",
        "crimes",
        None,
        "error",
        1,
        "district",
        "several districts",
    )

    # a cross table of offences by district (a column per district and a total column) for one month
    def cross_sheet(total_off: int) -> list[list[object]]:
        return [
            ["CÔNG AN THÀNH PHỐ HÀ NỘI"],
            ["THỐNG KÊ TỘI PHẠM THÁNG 03 NĂM 2024"],
            ["STT", "Tội danh", "Ba Đình", "Hoàn Kiếm", "Đống Đa", "Tổng"],
            [1, "Trộm cắp tài sản", 3, 1, 7, 11 + total_off],
            [2, "Cướp giật tài sản", 1, 0, 2, 3],
            ["", "Tổng cộng", 4, 1, 9, 14 + total_off],
        ]

    workbook("crimes_district_columns.xlsx", {"T3-2024": cross_sheet(0)})
    case("crimes_district_columns.xlsx", "crimes", None, "repair", fragment="a column per district", total=14)
    workbook("crimes_district_columns_bad_total.xlsx", {"T3-2024": cross_sheet(1)})
    case(
        "crimes_district_columns_bad_total.xlsx",
        "crimes",
        None,
        "error",
        4,
        "Tổng",
        "does not equal the sum of the districts (11)",
    )
    # "Kỳ này" (this period's cases) beside "Cùng kỳ" (a year before) and the change in percent
    case(
        "crimes_this_period_and_last_year.csv",
        "crimes",
        "BÁO CÁO THÁNG 03 NĂM 2024\nQuận/Huyện,Tội danh,Kỳ này,Cùng kỳ,Tăng/giảm (%)\n"
        "Ba Đình,Trộm cắp,3,4,-25%\nHoàn Kiếm,Cướp giật,1,1,0%\n",
        "repair",
        fragment="ignored column(s) ['Cùng kỳ', 'Tăng/giảm (%)']",
        total=4,
    )
    # a two-row header: each month over its cases and its suspects; the cases are read, the suspects reported
    workbook(
        "crimes_month_over_measures.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", "Tháng 1/2024", "", "Tháng 2/2024", ""],
                ["", "", "Số vụ", "Số đối tượng", "Số vụ", "Số đối tượng"],
                ["Ba Đình", "Trộm cắp tài sản", 3, 5, 2, 2],
                ["Hoàn Kiếm", "Trộm cắp tài sản", 1, 1, 4, 6],
            ]
        },
    )
    case(
        "crimes_month_over_measures.xlsx",
        "crimes",
        None,
        "repair",
        fragment="'Tháng 1/2024 Số đối tượng'",
        total=10,
    )
    # ... with a total over both measures: the cases' total is checked, the suspects' total reported as not read
    workbook(
        "crimes_month_over_measures_total.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", "Tháng 1/2024", "", "Tháng 2/2024", "", "Tổng cộng", ""],
                ["", "", "Số vụ", "Số đối tượng", "Số vụ", "Số đối tượng", "Số vụ", "Số đối tượng"],
                ["Ba Đình", "Trộm cắp tài sản", 3, 5, 2, 2, 5, 7],
                ["Hoàn Kiếm", "Trộm cắp tài sản", 1, 1, 4, 6, 5, 7],
            ]
        },
    )
    case(
        "crimes_month_over_measures_total.xlsx",
        "crimes",
        None,
        "repair",
        fragment="dropped row total column(s) ['Tổng cộng Số vụ']",
        total=10,
    )

    # a column per district, each over its cases and its suspects (a two-row header), and a total over both
    def measures_sheet(total_off: int) -> list[list[object]]:
        return [
            ["THỐNG KÊ TỘI PHẠM THÁNG 03 NĂM 2024"],
            ["STT", "Tội danh", "Ba Đình", "", "Hoàn Kiếm", "", "Tổng", ""],
            ["", "", "Số vụ", "Số đối tượng", "Số vụ", "Số đối tượng", "Số vụ", "Số đối tượng"],
            [1, "Trộm cắp tài sản", 3, 4, 1, 2, 4 + total_off, 6],
            [2, "Cướp giật tài sản", 1, 1, 0, 0, 1, 1],
        ]

    workbook("crimes_district_columns_over_measures.xlsx", {"T3-2024": measures_sheet(0)})
    case(
        "crimes_district_columns_over_measures.xlsx",
        "crimes",
        None,
        "repair",
        fragment="2 district columns, Ba Đình .. Hoàn Kiếm",
        total=5,
    )
    workbook("crimes_district_columns_over_measures_bad_total.xlsx", {"T3-2024": measures_sheet(1)})
    case(
        "crimes_district_columns_over_measures_bad_total.xlsx",
        "crimes",
        None,
        "error",
        4,
        "Tổng Số vụ",
        "does not equal the sum of the districts (4)",
    )
    # the measure in one header row, before the district or as a unit after it
    for name, heads in (
        ("crimes_district_columns_measure_first.csv", ("Số vụ Ba Đình", "Số vụ Hoàn Kiếm", "Tổng số vụ")),
        ("crimes_district_columns_unit.csv", ("Ba Đình (vụ)", "Hoàn Kiếm (vụ)", "Tổng (vụ)")),
    ):
        case(
            name,
            "crimes",
            "THỐNG KÊ TỘI PHẠM THÁNG 03 NĂM 2024\nTội danh," + ",".join(heads) + "\n"
            "Trộm cắp tài sản,3,1,4\nCướp giật tài sản,1,0,1\n",
            "repair",
            fragment=f"dropped row total column(s) ['{heads[2]}']",
            total=5,
        )
    workbook("crimes_sheet_per_year_overlap.xlsx", {"2023": xl_rows, "2024": xl_rows})
    case(
        "crimes_sheet_per_year_overlap.xlsx",
        "crimes",
        None,
        "error",
        None,
        "district",
        "in sheets",
        sheet="all",
    )
    base = pd.DataFrame(C_ROWS, columns=["district", "period", "offence", "count"])
    parquet(
        "crimes_struct_offence.parquet",
        base.assign(offence=[{"code": 173, "name": o} for o in base["offence"]]),
    )
    case("crimes_struct_offence.parquet", "crimes", None, "error", 1, "offence", "struct")
    parquet("crimes_binary_offence.parquet", base.assign(offence=[to_cp1258(o) for o in base["offence"]]))
    case("crimes_binary_offence.parquet", "crimes", None, "error", 1, "offence", "binary")
    parquet("crimes_list_district.parquet", base.assign(district=[[d] for d in base["district"]]))
    case("crimes_list_district.parquet", "crimes", None, "error", 1, "district", "list")
    case(
        "population_zero.csv",
        "population",
        P_H + p_body() + "Tây Hồ,2019,0\n",
        "error",
        5,
        "population",
        "positive",
    )
    filler = "".join(f"Ba Đình,{y}-{m:02d},Trộm cắp,{m}\n" for y in range(2010, 2024) for m in range(1, 13))
    nul = C_H + filler + "Hoàn Kiếm,2024-01,Trộm\x00 cắp,9\n"
    assert nul.index("\x00") > 4096
    case(
        "crimes_nul_after_4k.csv",
        "crimes",
        nul,
        "error",
        nul.count("\n", 0, nul.index("\x00")) + 1,
        None,
        "NUL",
    )
    case(
        "crimes_tone_old_and_new.csv",
        "crimes",
        C_H
        + "Ba Đình,2024-01,Hủy hoại tài sản,3\nBa Đình,2024-02,Huỷ hoại tài sản,5\n"
        + "Tây Hồ,2024-01,Hòa giải không thành,1\nTây Hồ,2024-02,Hoà giải không thành,2\n",
        "ok",
        total=11,
    )
    case(
        "crimes_tone_duplicate_key.csv",
        "crimes",
        C_H + "Ba Đình,2024-01,Hủy hoại tài sản,3\nBa Đình,2024-01,Huỷ hoại tài sản,5\n",
        "error",
        2,
        "district",
        "duplicate key",
    )
    for stamp, label in (("01/01/1900", "1900"), ("1970-01-01", "1970"), ("30/12/1899", "1899")):
        case(
            f"incidents_placeholder_{label}.csv",
            "incidents",
            I_H + i_body() + f"{stamp},Ba Đình,Trộm cắp\n",
            "error",
            n + 2,
            "date",
            "placeholder" if label != "1899" else "",
        )
    many = "".join(f"2023-{m:02d}-{d:02d},Ba Đình,Trộm cắp\n" for m in range(1, 13) for d in (3, 17))
    case(
        "incidents_stray_date.csv",
        "incidents",
        I_H + many + "2003-05-17,Ba Đình,Trộm cắp\n" + i_body(),
        "error",
        26,
        "date",
        "far outside the bulk",
    )
    case("incidents_no_stray.csv", "incidents", I_H + many + i_body(), "ok", total=24 + n)
    months = "".join(f"Ba Đình,{y}-{m:02d},Trộm cắp,{m}\n" for y in (2022, 2023) for m in range(1, 13))
    case(
        "crimes_stray_period.csv",
        "crimes",
        C_H + months + "Ba Đình,1990-01,Trộm cắp,4\n",
        "error",
        26,
        "period",
        "far outside the bulk",
    )

    # layouts: wide monthly sheets, two-row headers, letterheads
    wide_h = "Quận/Huyện,Tội danh,T1/2024,T2/2024,T3/2024,Tổng cộng\n"
    wide = "Ba Đình,Trộm cắp,12,7,0,19\nHoàn Kiếm,Trộm cắp,9,4,1,14\n"
    case("crimes_wide_t_months.csv", "crimes", wide_h + wide, "repair", fragment="wide monthly", total=33)
    case(
        "crimes_wide_row_total_mismatch.csv",
        "crimes",
        wide_h + wide.replace(",14", ",15"),
        "error",
        3,
        "Tổng cộng",
        "row total",
    )
    case(
        "crimes_wide_bad_cell.csv",
        "crimes",
        wide_h + wide.replace("9,4", "9,x"),
        "error",
        3,
        "T2/2024",
        "not a number",
    )
    case(
        "crimes_wide_iso_months.csv",
        "crimes",
        "district,offence,2024-01,2024-02\nBa Đình,Trộm cắp,12,7\nHoàn Kiếm,Cướp giật,,4\n",
        "error",
        3,
        "2024-01",
        "missing count",
    )
    case(
        "crimes_wide_slash_months_subtotals.csv",
        "crimes",
        "Quận/Huyện,Tội danh,01/2024,02/2024\nBa Đình,Trộm cắp,12,7\nBa Đình,Cướp giật,1,2\nBa Đình,Cộng,13,9\n"
        "Hoàn Kiếm,Trộm cắp,9,4\nHoàn Kiếm,Cộng,9,4\nTổng cộng,,22,13\n",
        "repair",
        fragment="subtotal",
        total=35,
    )
    case(
        "crimes_wide_no_year.csv",
        "crimes",
        "Quận/Huyện,Tội danh,T1,T2\nBa Đình,Trộm cắp,12,7\n",
        "error",
        1,
        "T1",
        "without a year",
    )
    workbook(
        "crimes_wide_year_in_title.xlsx",
        {
            "Sheet1": [
                ["BÁO CÁO SỐ VỤ PHẠM TỘI NĂM 2023", None, None, None, None],
                ["Quận/Huyện", "Tội danh", "Tháng 1", "Tháng 2", "Tháng 3"],
                ["Ba Đình", "Trộm cắp", 12, 7, None],
                ["Tây Hồ", "Lừa đảo", 3, 0, None],
            ]
        },
    )
    case("crimes_wide_year_in_title.xlsx", "crimes", None, "repair", fragment="empty month column", total=22)
    workbook(
        "crimes_wide_two_row_header.xlsx",
        {
            "2024": [
                ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None],
                ["PHÒNG THAM MƯU", None, None, "Độc lập - Tự do - Hạnh phúc", None],
                [None] * 5,
                ["Quận/Huyện", "Tội danh", "Năm 2024", None, None],
                [None, None, "T1", "T2", "T3"],
                ["Ba Đình", "Trộm cắp", 12, 7, 2],
                ["Hoàn Kiếm", "Cướp giật", 9, 4, 1],
            ]
        },
        merge_cells=("C4:E4", "A4:A5", "B4:B5"),
    )
    case("crimes_wide_two_row_header.xlsx", "crimes", None, "repair", fragment="two-row header", total=35)
    workbook(
        "crimes_letterhead.xlsx",
        {
            "Sheet1": [
                ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["PHÒNG THAM MƯU", None, None, "Độc lập - Tự do - Hạnh phúc"],
                *xl_rows,
            ]
        },
    )
    case("crimes_letterhead.xlsx", "crimes", None, "repair", fragment="CỘNG HÒA", total=C_TOTAL)


def clerk_cases() -> None:
    """Issue 14: a district police statistics clerk's exports (signature blocks, merged cells, breakdown rows,
    quarter columns, Vietnamese separators in totals, period labels, "sep=;", .xls and encrypted workbooks)."""
    head = ["Quận/Huyện", "Kỳ báo cáo", "Tội danh", "Số vụ"]
    rows = [list(r) for r in C_ROWS]
    letterhead = [
        ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["PHÒNG THAM MƯU", None, None, "Độc lập - Tự do - Hạnh phúc"],
        [None, None, None, "Hà Nội, ngày 05 tháng 03 năm 2024"],
    ]
    signature = [
        [None] * 4,
        ["NGƯỜI LẬP BIỂU", None, None, "TRƯỞNG PHÒNG"],
        [None, None, None, "(Ký, ghi rõ họ tên)"],
        ["Nguyễn Văn A", None, None, "Trần Văn B"],
    ]
    ch = "Quận/Huyện,Kỳ,Tội danh,Số vụ\n"
    # notes and signature blocks below the table, page lines at a page break
    workbook("crimes_signature_block.xlsx", {"Sheet1": [*letterhead, head, *rows, *signature]})
    case("crimes_signature_block.xlsx", "crimes", None, "repair", fragment="NGƯỜI LẬP BIỂU", total=C_TOTAL)
    workbook("crimes_footnote_under_table.xlsx", {"Sheet1": [head, *rows, ["Ghi chú: (*) số liệu tạm tính"]]})
    case("crimes_footnote_under_table.xlsx", "crimes", None, "repair", fragment="Ghi chú", total=C_TOTAL)
    workbook(
        "crimes_total_then_notes.xlsx",
        {"Sheet1": [head, *rows, ["Tổng cộng", None, None, C_TOTAL], [None] * 4, ["Nguồn: PV01"]]},
    )
    case("crimes_total_then_notes.xlsx", "crimes", None, "repair", fragment="Nguồn: PV01", total=C_TOTAL)
    paged = ch + c_body(C_ROWS[:2]) + "Trang 1/2,,,\n" + ch + c_body(C_ROWS[2:]) + "Trang 2/2,,,\n"
    case("crimes_page_lines.csv", "crimes", paged, "repair", fragment="'Trang 1/2'", total=C_TOTAL)
    workbook(
        "crimes_page_break_letterhead.xlsx",
        {"Sheet1": [*letterhead, head, *rows[:2], [None] * 4, *letterhead, head, *rows[2:]]},
    )
    case("crimes_page_break_letterhead.xlsx", "crimes", None, "repair", fragment="page row", total=C_TOTAL)
    case(
        "crimes_short_row_after_blank.csv",
        "crimes",
        ch + c_body() + "\nTây Hồ,,,5\n",
        "error",
        7,
        "Kỳ",
        "missing period",
    )
    # merged cells: a district written once beside its offences; a count merged over two rows is not spread
    merged = [head, ["Ba Đình", "2024-01", "Trộm cắp", 12], [None, "2024-02", "Trộm cắp", 7]]
    merged += [["Hoàn Kiếm", "2024-01", "Trộm cắp", 9], [None, "2024-02", "Cướp giật", 4]]
    workbook("crimes_merged_district.xlsx", {"Sheet1": merged}, merge_cells=("A2:A3", "A4:A5"))
    case("crimes_merged_district.xlsx", "crimes", None, "repair", fragment="merged cell", total=C_TOTAL)
    workbook(
        "crimes_merged_count.xlsx",
        {"Sheet1": [*merged[:2], [*merged[2][:3], None], *merged[3:]]},
        merge_cells=("A2:A3", "A4:A5", "D2:D3"),
    )
    case("crimes_merged_count.xlsx", "crimes", None, "error", 3, "Số vụ", "missing count")
    il = [["Ngày xảy ra", "Quận/Huyện", "Tội danh"]]
    il += [[dt.datetime(2024, 1, d), "Ba Đình" if d == 3 else None, "Trộm cắp"] for d in (3, 4, 5)]
    workbook("incidents_merged_district.xlsx", {"Sheet1": il}, merge_cells=("B2:B4",))
    case("incidents_merged_district.xlsx", "incidents", None, "repair", fragment="'Ba Đình'", total=3)
    reg = [["STT", "Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu", "Ghi chú"]]
    reg += [
        [1, "m1", "Ba Đình", "camera", "01/05/2019", "tốt"],
        [2, "m2", None, "tu_quan", "15/03/2020", None],
    ]
    reg += [[None] * 6, ["Ghi chú: danh sách gồm 2 mô hình"], [None, None, None, "NGƯỜI LẬP BIỂU"]]
    workbook("rollout_merged_signature.xlsx", {"Sheet1": reg}, merge_cells=("C2:C3",))
    case("rollout_merged_signature.xlsx", "rollout", None, "repair", fragment="merged cell", total=2)
    workbook(
        "crimes_hidden_row.xlsx",
        {"Sheet1": [head, *rows, ["Tây Hồ", "2024-01", "Lừa đảo", 5]]},
        hidden_rows=(6,),
    )
    case("crimes_hidden_row.xlsx", "crimes", None, "repair", fragment="hidden row", total=C_TOTAL + 5)
    # "Trong đó" (of which) breakdown rows are parts of the row above them
    of_which = ch + "Ba Đình,2024-01,Trộm cắp tài sản,20\nBa Đình,2024-01,Trong đó: trộm cắp xe máy,8\n"
    of_which += "Ba Đình,2024-01,Cướp giật,3\n"
    case("crimes_trong_do.csv", "crimes", of_which, "repair", fragment="breakdown", total=23)
    case(
        "crimes_trong_do_subtotal.csv",
        "crimes",
        of_which.replace("Trong đó:", "- Trong đó") + "Ba Đình,2024-01,Cộng,23\nTổng cộng,,,23\n",
        "repair",
        fragment="breakdown",
        total=23,
    )
    case(
        "crimes_trong_do_exceeds.csv",
        "crimes",
        of_which.replace(",8", ",28"),
        "error",
        3,
        "Số vụ",
        "more than the row it breaks down",
    )
    # Vietnamese thousands separators: a total or a month decided by the column's other cells
    case(
        "crimes_thousands_total_2000.csv",
        "crimes",
        ch + "Ba Đình,2024-01,Trộm cắp,1.250\nHoàn Kiếm,2024-01,Trộm cắp,750\nTổng cộng,,,2.000\n",
        "repair",
        fragment="total row",
        total=2000,
    )
    case(
        "crimes_thousands_subtotal.csv",
        "crimes",
        ch + "Ba Đình,2024-01,Trộm cắp,1.250\nBa Đình,2024-01,Cướp giật,750\nBa Đình,2024-01,Cộng,2.000\n"
        "Tây Hồ,2024-01,Trộm cắp,1.234\nTây Hồ,2024-01,Cộng,1.234\n",
        "repair",
        fragment="subtotal",
        total=3234,
    )
    case(
        "population_thousands_total_zeros.csv",
        "population",
        "Quận/Huyện,Năm,Dân số\nBa Đình,2019,221.500\nHoàn Kiếm,2019,135.500\nTổng,,357.000\n",
        "repair",
        fragment="total row",
        total=357000,
    )
    case(
        "crimes_wide_month_thousands.csv",
        "crimes",
        "Quận/Huyện,Tội danh,T1/2024,T2/2024\nBa Đình,Trộm cắp,1.000,1.234\nHoàn Kiếm,Trộm cắp,12,5\n",
        "repair",
        fragment="wide monthly",
        total=2251,
    )
    # quarter subtotal columns between the months
    qh = ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "T3/2024", "Quý I", "T4/2024", "T5/2024", "T6/2024"]
    qh += ["Quý II/2024", "Cả năm"]
    qr = [
        ["Ba Đình", "Trộm cắp", 1, 2, 3, 6, 4, 5, 6, 15, 21],
        ["Tây Hồ", "Lừa đảo", 1, 1, 1, 3, 1, 1, 1, 3, 6],
    ]
    workbook("crimes_wide_quarter_columns.xlsx", {"Sheet1": [qh, *qr]})
    case("crimes_wide_quarter_columns.xlsx", "crimes", None, "repair", fragment="quarter column", total=27)
    workbook("crimes_wide_quarter_mismatch.xlsx", {"Sheet1": [qh, [*qr[0][:5], 7, *qr[0][6:]]]})
    case("crimes_wide_quarter_mismatch.xlsx", "crimes", None, "error", 2, "Quý I", "sum of its months")
    # period labels as written in Vietnamese reports
    case(
        "crimes_period_roman_quarters.csv",
        "crimes",
        ch
        + "Ba Đình,Quý I/2024,Trộm cắp,12\nBa Đình,Quý II năm 2024,Trộm cắp,7\nTây Hồ,Quý 1/2024,Lừa đảo,4\n",
        "ok",
        total=23,
    )
    case(
        "crimes_period_thang_nam.csv",
        "crimes",
        ch + "Ba Đình,Tháng 1 năm 2024,Trộm cắp,12\nBa Đình,Tháng 02/2024,Trộm cắp,7\n",
        "ok",
        total=19,
    )
    case(
        "crimes_period_nam.csv",
        "crimes",
        ch + "Ba Đình,Năm 2023,Trộm cắp,12\nTây Hồ,2023,Lừa đảo,4\n",
        "ok",
        total=16,
    )
    # Excel's "sep=;" line, old and encrypted workbooks, other containers
    semi = "sep=;\r\nQuận/Huyện;Kỳ;Tội danh;Số vụ\r\n" + c_body(sep=";", eol="\r\n")
    case("crimes_sep_directive.csv", "crimes", "\ufeff" + semi, "ok", total=C_TOTAL)
    case(
        "crimes_sep_directive_bad_count.csv",
        "crimes",
        semi.replace(";7\r", ";7 vụ\r"),
        "error",
        4,
        "Số vụ",
        "not a number",
    )
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    case("crimes_old_excel.xls", "crimes", ole + b"Workbook", "error", 1, None, "Excel 97-2003")
    case("crimes_encrypted.xlsx", "crimes", ole + b"EncryptedPackage", "error", 1, None, "password-protected")
    case(
        "crimes_calc.ods", "crimes", b"PK\x03\x04mimetypeapplication/vnd.oasis", "error", 1, None, "cut short"
    )
    workbook("crimes_empty_workbook.xlsx", {"Sheet1": []})
    case("crimes_empty_workbook.xlsx", "crimes", None, "error", 1, None, "no header row")
    workbook(
        "crimes_side_by_side.xlsx",
        {
            "Sheet1": [
                [*head, None, *head],
                *[[*a, None, *b] for a, b in zip(rows[:2], rows[2:], strict=True)],
            ]
        },
    )
    case("crimes_side_by_side.xlsx", "crimes", None, "error", 1, None, "duplicated column")
    case(
        "crimes_old_district_after_reform.csv",
        "crimes",
        ch + "Quận Ba Đình,2025-06,Trộm cắp,12\nQuận Ba Đình,2025-08,Trộm cắp,3\n",
        "error",
        3,
        "Quận/Huyện",
        "did not exist",
    )
    dh = [["DÂN SỐ CÁC QUẬN NĂM 2019"], ["STT", "Quận/Huyện", "Dân số", "Diện tích"]]
    dh += [
        [1, "Ba Đình", "221.893", "9.21"],
        [2, "Hoàn Kiếm", "135.618", "5.29"],
        [None, "Tổng cộng", "357.511", None],
    ]
    dh += [[None] * 4, ["Nguồn: Tổng điều tra dân số 2019"]]
    workbook("districts_total_and_source.xlsx", {"Sheet1": dh})
    case("districts_total_and_source.xlsx", "districts", None, "repair", fragment="Nguồn", total=357511)


def numbered_cases() -> None:
    """Hostile-files round, the loaders' work: numbered hierarchies of statistical forms (STT "I", "1", "1.1"
    or the numbers before the offence label), whose group rows state the sum of the rows numbered under them."""
    sh, csv_of = STT_H, stt_csv
    groups = stt_groups("I", "II")
    case("crimes_stt_roman_groups.csv", "crimes", csv_of(groups), "repair", fragment="group row", total=22)
    case(
        "crimes_stt_group_mismatch.csv",
        "crimes",
        csv_of([[*groups[0][:4], 14], *groups[1:]]),
        "error",
        2,
        "Số vụ",
        "sum to 15",
    )
    case(
        "crimes_stt_group_partial.csv",
        "crimes",
        csv_of([*groups[:3], [*groups[3][:4], 9], groups[4]]),
        "error",
        5,
        "Số vụ",
        "Trong đó",
    )
    # three levels, the STT as a spreadsheet's numbers (1, 2 and 1.1)
    three = [
        ["I", "Ba Đình", "2024-01", "Tội phạm về trật tự xã hội", 15],
        [1, "Ba Đình", "2024-01", "Giết người", 5],
        [1.1, "Ba Đình", "2024-01", "Giết người (dùng hung khí)", 2],
        [1.2, "Ba Đình", "2024-01", "Giết người (khác)", 3],
        [2, "Ba Đình", "2024-01", "Cố ý gây thương tích", 10],
        ["II", "Ba Đình", "2024-01", "Tội phạm về ma túy", 0],
    ]
    workbook("crimes_stt_three_levels.xlsx", {"Sheet1": [sh, *three]})
    case("crimes_stt_three_levels.xlsx", "crimes", None, "repair", fragment="group row", total=15)
    # "A." above "I." above "1.", trailing dots; a group row stating no count is a heading
    lettered = [
        ["A.", "Ba Đình", "2024-01", "Tội phạm hình sự", 19],
        ["I.", "Ba Đình", "2024-01", "Xâm phạm tính mạng và sức khỏe", 12],
        ["1.", "Ba Đình", "2024-01", "Giết người", 2],
        ["2.", "Ba Đình", "2024-01", "Cố ý gây thương tích", 10],
        ["II.", "Ba Đình", "2024-01", "Xâm phạm sở hữu", None],
        ["3.", "Ba Đình", "2024-01", "Trộm cắp tài sản", 7],
        ["B.", "Ba Đình", "2024-01", "Tội phạm về ma túy", 4],
        ["I.", "Ba Đình", "2024-01", "Ma túy", 4],
        ["1.", "Ba Đình", "2024-01", "Tàng trữ", 4],
    ]
    case(
        "crimes_stt_letters_headings.csv",
        "crimes",
        csv_of(lettered),
        "repair",
        fragment="group row",
        total=23,
    )
    # unnumbered rows under a numbered row are its parts
    parts = [
        ["I", "Ba Đình", "2024-01", "Xâm phạm sở hữu", 13],
        [1, "Ba Đình", "2024-01", "Trộm cắp tài sản", 10],
        [None, "Ba Đình", "2024-01", "trộm cắp xe máy", 6],
        [None, "Ba Đình", "2024-01", "trộm cắp khác", 4],
        [2, "Ba Đình", "2024-01", "Cướp giật tài sản", 3],
    ]
    case("crimes_stt_unnumbered_parts.csv", "crimes", csv_of(parts), "repair", fragment="group row", total=13)
    # the numbering written in the offence label, no STT column
    labelled = [
        ["Ba Đình", "2024-01", "I. Tội phạm về trật tự xã hội", 15],
        ["Ba Đình", "2024-01", "1. Giết người", 5],
        ["Ba Đình", "2024-01", "2. Cố ý gây thương tích", 10],
        ["Ba Đình", "2024-01", "II. Tội phạm về ma túy", 7],
        ["Ba Đình", "2024-01", "3. Tàng trữ trái phép chất ma túy", 7],
    ]
    case(
        "crimes_numbered_labels.csv",
        "crimes",
        csv_of(labelled, sh[1:]),
        "repair",
        fragment="group row",
        total=22,
    )
    # group rows per district block (district cells merged); Hoàn Kiếm's block has no groups
    block = [
        ["I", "Ba Đình", "2024-01", "Tội phạm về trật tự xã hội", 15],
        [1, None, "2024-01", "Giết người", 5],
        [2, None, "2024-01", "Cố ý gây thương tích", 10],
        [1, "Hoàn Kiếm", "2024-01", "Giết người", 1],
        [2, None, "2024-01", "Cố ý gây thương tích", 3],
    ]
    workbook("crimes_stt_groups_per_district.xlsx", {"Sheet1": [sh, *block]}, merge_cells=("B2:B4", "B5:B6"))
    case("crimes_stt_groups_per_district.xlsx", "crimes", None, "repair", fragment="group row", total=19)
    # a wide month sheet: each month column checked on its own
    wh = ["STT", "Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "T3/2024"]
    wide = [
        ["I", "Ba Đình", "Tội phạm về trật tự xã hội", 15, 6, 0],
        [1, "Ba Đình", "Giết người", 5, 1, 0],
        [2, "Ba Đình", "Cố ý gây thương tích", 10, 5, 0],
        ["II", "Ba Đình", "Tội phạm về ma túy", 7, 2, 1],
        [3, "Ba Đình", "Tàng trữ trái phép chất ma túy", 7, 2, 1],
    ]
    workbook("crimes_wide_month_groups.xlsx", {"Sheet1": [wh, *wide]})
    case("crimes_wide_month_groups.xlsx", "crimes", None, "repair", fragment="group row", total=31)
    workbook("crimes_wide_month_group_mismatch.xlsx", {"Sheet1": [wh, [*wide[0][:4], 7, 0], *wide[1:]]})
    case(
        "crimes_wide_month_group_mismatch.xlsx",
        "crimes",
        None,
        "error",
        2,
        "T2/2024",
        "numbered under it",
    )
    # guards (read as before): a flat numbered list, STT as "1.0" and letters "A" .. "I" ("I" after "H" is a
    # letter, not a Roman group), and numbered labels that are abbreviations ("H." "X.")
    flat = [[f"{k}.0", r[0], r[1], r[2], r[3]] for k, r in enumerate(C_ROWS, 1)]
    case("crimes_stt_flat.csv", "crimes", csv_of(flat), "ok", total=C_TOTAL)
    letters = [[c, "Ba Đình", "2024-01", f"Tội danh {c}", 1] for c in "ABCDEFGHI"]
    case("crimes_stt_letters_flat.csv", "crimes", csv_of(letters), "ok", total=9)


def hostile_cases() -> None:
    """Second hostile-files round: a district clerk's exports that were read wrong without a word, or refused
    with a misleading message (whole-unit totals, "1/" numbering, hidden columns, stacked tables ...)."""
    ch = "Quận/Huyện,Kỳ,Tội danh,Số vụ\n"
    # the whole district's total ("Toàn quận") and "Tổng các loại tội phạm" are totals, not offences
    case(
        "crimes_toan_quan_subtotals.csv",
        "crimes",
        ch + "Ba Đình,2024-01,Toàn quận,19\nBa Đình,2024-01,Trộm cắp,12\nBa Đình,2024-01,Cướp giật,7\n"
        "Hoàn Kiếm,2024-01,Toàn quận,13\nHoàn Kiếm,2024-01,Trộm cắp,9\nHoàn Kiếm,2024-01,Cướp giật,4\n",
        "repair",
        fragment="subtotal",
        total=32,
    )
    case(
        "crimes_tong_cac_loai.csv",
        "crimes",
        ch
        + "Ba Đình,2024-01,Trộm cắp,12\nBa Đình,2024-01,Cướp giật,7\nBa Đình,2024-01,Tổng các loại tội phạm,19\n",
        "repair",
        fragment="subtotal",
        total=19,
    )
    workbook(
        "crimes_district_sheet_toan_quan.xlsx",
        {
            "Ba Đình": [
                ["BÁO CÁO TÌNH HÌNH TỘI PHẠM QUẬN BA ĐÌNH THÁNG 03/2024"],
                ["STT", "Tội danh", "Số vụ", "Ghi chú"],
                [1, "Trộm cắp", 12, None],
                [2, "Cướp giật", 4, "tăng"],
                [None, "Toàn quận", 16, None],
            ]
        },
    )
    case("crimes_district_sheet_toan_quan.xlsx", "crimes", None, "repair", fragment="'Toàn quận'", total=16)
    workbook(
        "crimes_wide_toan_quan.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024"],
                ["Ba Đình", "Trộm cắp", 3, 2],
                [None, "Cướp giật", 1, 1],
                [None, "Toàn quận", 4, 3],
                ["Hoàn Kiếm", "Trộm cắp", 5, 0],
                [None, "Toàn quận", 5, 0],
            ]
        },
        merge_cells=("A2:A4", "A5:A6"),
    )
    case("crimes_wide_toan_quan.xlsx", "crimes", None, "repair", fragment="subtotal", total=12)

    # two tables stacked in one sheet, each under its own title and header: each takes its own period / district
    # (before, every row took the first title's: February's crimes read as January's without a word)
    stacked = [
        ["BÁO CÁO THÁNG 01 NĂM 2024"],
        ["Quận/Huyện", "Tội danh", "Số vụ"],
        ["Ba Đình", "Trộm cắp", 12],
        ["Hoàn Kiếm", "Cướp giật", 4],
        [None],
        ["BÁO CÁO THÁNG 02 NĂM 2024"],
        ["Quận/Huyện", "Tội danh", "Số vụ"],
        ["Ba Đình", "Lừa đảo", 7],
        ["Tây Hồ", "Cướp giật", 2],
    ]
    workbook("crimes_stacked_months.xlsx", {"Sheet1": stacked})
    case(
        "crimes_stacked_months.xlsx",
        "crimes",
        None,
        "repair",
        fragment="below row 7 are taken to be 2024-02",
        total=25,
    )
    case(
        "crimes_stacked_months_same_offences.csv",
        "crimes",
        "".join(",".join("" if v is None else str(v) for v in r) + "\n" for r in stacked).replace(
            "Lừa đảo", "Trộm cắp"
        ),
        "repair",
        fragment="below row 7 are taken to be 2024-02",
        total=25,
    )
    workbook(
        "crimes_stacked_districts.xlsx",
        {
            "Sheet1": [
                ["BÁO CÁO TÌNH HÌNH TỘI PHẠM QUẬN BA ĐÌNH THÁNG 01/2024"],
                ["Tội danh", "Số vụ"],
                ["Trộm cắp", 12],
                ["Cướp giật", 4],
                ["BÁO CÁO TÌNH HÌNH TỘI PHẠM QUẬN HOÀN KIẾM THÁNG 01/2024"],
                ["Tội danh", "Số vụ"],
                ["Trộm cắp", 7],
            ]
        },
    )
    case(
        "crimes_stacked_districts.xlsx",
        "crimes",
        None,
        "repair",
        fragment="in Hoàn Kiếm (hoan_kiem)",
        total=23,
    )
    # hidden columns are read like the others, and named: a month hidden from the printout, a hidden count column
    workbook(
        "crimes_wide_hidden_month.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", "T12/2023", "T1/2024", "T2/2024"],
                ["Ba Đình", "Trộm cắp", 9, 10, 12],
                ["Hoàn Kiếm", "Trộm cắp", 3, 5, 4],
            ]
        },
        hidden_columns=("C",),
    )
    case("crimes_wide_hidden_month.xlsx", "crimes", None, "repair", fragment="(C 'T12/2023')", total=43)
    workbook(
        "crimes_hidden_count_column.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ", "Số vụ đã sửa"],
                ["Ba Đình", "2024-01", "Trộm cắp", 12, 14],
                ["Hoàn Kiếm", "2024-01", "Trộm cắp", 9, 9],
            ]
        },
        hidden_columns=("D",),
    )
    case("crimes_hidden_count_column.xlsx", "crimes", None, "repair", fragment="(D 'Số vụ')", total=21)
    # a header stating another unit: thousands of residents, hectares (before: read as residents and km²)
    case(
        "population_thousands_header.csv",
        "population",
        "Quận/Huyện,Năm,Dân số (nghìn người)\nBa Đình,2019,222\nHoàn Kiếm,2019,136\n",
        "error",
        1,
        "Dân số (nghìn người)",
        "another unit ('nghin')",
    )
    case(
        "districts_area_hectares.csv",
        "districts",
        "district,name_vi,population,Diện tích (ha)\nba_dinh,Ba Đình,221893,921\nhoan_kiem,Hoàn Kiếm,135618,529\n",
        "error",
        1,
        "Diện tích (ha)",
        "another unit ('ha')",
    )
    case(  # guard: the unit the contract means
        "districts_units_stated.csv",
        "districts",
        "district,name_vi,Dân số (người),Diện tích (km2)\nba_dinh,Ba Đình,221893,9.21\nhoan_kiem,Hoàn Kiếm,135618,5.29\n",
        "ok",
        total=221893 + 135618,
    )
    # valid sheets refused with a misleading message before: month headers that Excel made dates ("01/2024" typed
    # in a cell is 01/01/2024), a year signed in the next ("ngày 10 tháng 01 năm 2025" over a 2024 report), header
    # cells wrapped in two lines ("Quận/" over "Huyện")
    months = [dt.datetime(2024, m, 1) for m in (1, 2, 3)]
    workbook(
        "crimes_wide_date_headers.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", *months],
                ["Ba Đình", "Trộm cắp", 3, 2, 1],
                ["Hoàn Kiếm", "Cướp giật", 1, 1, 1],
            ]
        },
        formats={("Sheet1", f"{c}1"): "mm/yyyy" for c in "CDE"},
    )
    case("crimes_wide_date_headers.xlsx", "crimes", None, "repair", fragment="2024-01 .. 2024-03", total=9)
    workbook(
        "crimes_wide_signed_next_year.xlsx",
        {
            "Sheet1": [
                ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                [None, None, None, "Hà Nội, ngày 10 tháng 01 năm 2025"],
                ["BÁO CÁO THỐNG KÊ TỘI PHẠM NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Tháng 1", "Tháng 2", "Tháng 3"],
                ["Ba Đình", "Trộm cắp", 3, 2, 1],
                ["Hoàn Kiếm", "Cướp giật", 1, 1, 1],
            ]
        },
    )
    case(
        "crimes_wide_signed_next_year.xlsx", "crimes", None, "repair", fragment="2024-01 .. 2024-03", total=9
    )
    workbook(
        "crimes_header_wrapped.xlsx",
        {"Sheet1": [["Quận/\nHuyện", "Kỳ báo\ncáo", "Tội\ndanh", "Số\nvụ"], *[list(r) for r in C_ROWS]]},
    )
    case("crimes_header_wrapped.xlsx", "crimes", None, "ok", total=C_TOTAL)
    # footnotes straight under a CSV's table (header on line 1: the large-file path) are skipped as in a sheet
    case(
        "crimes_csv_footnotes.csv",
        "crimes",
        C_H + c_body() + "(*) Số liệu tạm tính,,,\n1/ Bao gồm cướp giật,,,\n",
        "repair",
        fragment="'(*) Số liệu tạm tính'",
        total=C_TOTAL,
    )
    # numbered forms: lower-case Roman group rows in the STT ("i", "ii"), and "I/", "1/" numbering (STT or label)
    sh, csv_of = STT_H, stt_csv
    groups = stt_groups("i", "ii")
    case("crimes_stt_lower_roman.csv", "crimes", csv_of(groups), "repair", fragment="'ii'", total=22)
    slashed = [[{"i": "I/", "ii": "II/"}.get(str(r[0]), f"{r[0]}/"), *r[1:]] for r in groups]
    case("crimes_stt_slash.csv", "crimes", csv_of(slashed), "repair", fragment="group row", total=22)
    labelled = [[*r[1:3], f"{r[0]} {r[3]}", r[4]] for r in slashed]
    case(
        "crimes_slash_numbered_labels.csv",
        "crimes",
        csv_of(labelled, sh[1:]),
        "repair",
        fragment="'1/ Giết người' -> 'Giết người'",
        total=22,
    )
    # two row-number columns: a running "STT" and the form's "TT" (I, 1, 2, II, 3): the one that numbers groups
    two = [
        ["STT", "TT", *sh[1:]],
        *[[k, {"i": "I", "ii": "II"}.get(str(r[0]), r[0]), *r[1:]] for k, r in enumerate(groups, 1)],
    ]
    workbook("crimes_two_stt_columns.xlsx", {"Sheet1": two})
    case("crimes_two_stt_columns.xlsx", "crimes", None, "repair", fragment="in column 'TT'", total=22)
    # guard: lower-case letters a .. i ("i" after "h" is a letter) are a flat list
    letters = [[c, "Ba Đình", "2024-01", f"Tội danh {c}", 1] for c in "abcdefghi"]
    case("crimes_stt_lower_letters_flat.csv", "crimes", csv_of(letters), "ok", total=9)
    # a label carrying a footnote mark in one month ("Giết người (*)", "Cướp tài sản 1/") is the same offence
    marked = (
        "Quận/Huyện,Kỳ,Tội danh,Số vụ\nBa Đình,2024-01,Giết người (*),2\nBa Đình,2024-02,Giết người,3\n"
        "Ba Đình,2024-01,Cướp tài sản 1/,4\nBa Đình,2024-02,Cướp tài sản,1\n"
        "(*) Số liệu tạm tính,,,\n1/ Bao gồm cướp giật,,,\n"
    )
    case(
        "crimes_footnote_marks.csv",
        "crimes",
        marked,
        "repair",
        fragment="'Giết người (*)' -> 'Giết người'",
        total=10,
    )
    # a second header row only under a merged "So sánh" (comparison) block: "+/-" | "%" name its two columns
    workbook(
        "crimes_wide_compare_block.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "So sánh T2/T1", None],
                [None, None, None, None, "+/-", "%"],
                ["Ba Đình", "Trộm cắp", 10, 12, 2, 0.2],
                ["Hoàn Kiếm", "Trộm cắp", 5, 4, -1, -0.2],
            ]
        },
        merge_cells=("E1:F1",),
    )
    case(
        "crimes_wide_compare_block.xlsx",
        "crimes",
        None,
        "repair",
        fragment="['So sánh T2/T1 +/-', 'So sánh T2/T1 %']",
        total=31,
    )
    # a cross table with a column for units outside the districts and no total: its crimes are named as not read
    case(
        "crimes_district_columns_other_units.csv",
        "crimes",
        "THỐNG KÊ TỘI PHẠM THÁNG 03 NĂM 2024\nTội danh,Ba Đình,Hoàn Kiếm,Các đơn vị khác\n"
        "Trộm cắp tài sản,3,1,2\nCướp giật tài sản,1,0,1\n",
        "repair",
        fragment="column(s) ['Các đơn vị khác'] of the table with a column per district hold numbers",
        total=5,
    )
    # "Trong đó:" with no count over bulleted parts: the heading and its parts are the breakdown of the row above
    case(
        "crimes_trong_do_heading_bullets.csv",
        "crimes",
        "Quận/Huyện,Kỳ,Tội danh,Số vụ\nBa Đình,2024-01,Trộm cắp tài sản,20\nBa Đình,2024-01,Trong đó:,\n"
        "Ba Đình,2024-01,- Trộm cắp xe máy,8\nBa Đình,2024-01,- Trộm cắp điện thoại,5\n"
        "Ba Đình,2024-01,Cướp giật,3\n",
        "repair",
        fragment="dropped 3 breakdown row(s)",
        total=23,
    )
    # a Vietnamese locale's export: semicolons, decimal commas ("12,0" cases, "9,21" km²), "Tên quận" for the name
    case(
        "crimes_decimal_comma.csv",
        "crimes",
        "Quận/Huyện;Kỳ;Tội danh;Số vụ\nBa Đình;01/2024;Trộm cắp;12,0\nHoàn Kiếm;01/2024;Trộm cắp;9,0\n",
        "ok",
        total=21,
    )
    case(
        "districts_decimal_comma_area.csv",
        "districts",
        "Quận/Huyện;Tên quận;Dân số;Diện tích\nba_dinh;Ba Đình;221893;9,21\nhoan_kiem;Hoàn Kiếm;135618;5,29\n",
        "ok",
        total=357511,
    )
    # the reporting unit named as its police: "Công an quận Ba Đình", "CA huyện Sóc Sơn"
    case(
        "crimes_police_unit_names.csv",
        "crimes",
        "Đơn vị,Kỳ,Tội danh,Số vụ\nCông an quận Ba Đình,2024-01,Trộm cắp,12\nCA huyện Sóc Sơn,2024-01,Trộm cắp,3\n",
        "ok",
        total=15,
    )
    # a police log's dates written out and with the hour: "ngày 16 tháng 3 năm 2024", "14h30 ngày 15/03/2024"
    case(
        "incidents_vietnamese_date_words.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\nngày 16 tháng 3 năm 2024,Ba Đình,Trộm cắp\n"
        '14h30 ngày 15/03/2024,Hoàn Kiếm,Cướp giật\n"15/03/2024, lúc 8h15",Tây Hồ,Lừa đảo\n'
        "14 giờ 05 ngày 02/02/2024,Ba Đình,Trộm cắp\n",
        "ok",
        total=4,
    )
    # a register's end date saying the model still runs: "đang hoạt động", "Còn hoạt động", "-"
    case(
        "rollout_still_running.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Phường/Xã,Quận/Huyện,Ngày bắt đầu,Ngày kết thúc\n"
        "CAM-01,Camera an ninh,Phúc Xá,Ba Đình,01/05/2019,đang hoạt động\n"
        "CAM-02,Camera an ninh,Đội Cấn,Ba Đình,15/06/2020,31/12/2023\n"
        "TQ-01,Tổ tự quản,Hàng Bạc,Hoàn Kiếm,01/07/2021,Còn hoạt động\n"
        "TQ-02,Tổ tự quản,Hàng Bạc,Hoàn Kiếm,01/08/2021,-\n",
        "repair",
        fragment="as no end date (still running), on 3 row(s)",
        total=4,
    )
    # a census table with a column per year under its title; "Năm 2019" written in a year column
    workbook(
        "population_years_as_columns.xlsx",
        {
            "Sheet1": [
                ["DÂN SỐ TRUNG BÌNH (người)"],
                ["Quận/Huyện", 2019, 2020, 2021],
                ["Ba Đình", 221893, 223000, 224100],
                ["Hoàn Kiếm", 135618, 136000, 136500],
            ]
        },
    )
    case(
        "population_years_as_columns.xlsx",
        "population",
        None,
        "repair",
        fragment="a table with a column per year (3 year columns, 2019 .. 2021)",
        total=1077111,
    )
    case(
        "population_year_word.csv",
        "population",
        "Quận/Huyện,Năm,Dân số\nBa Đình,Năm 2019,221893\nHoàn Kiếm,Năm 2019,135618\n",
        "ok",
        total=357511,
    )
    # a register giving months only: "T6/2023" starts on the 1st, an end "T12/2024" runs through the month
    case(
        "rollout_month_only_dates.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Phường/Xã,Quận/Huyện,Ngày bắt đầu,Ngày kết thúc\n"
        "CAM-01,Camera an ninh,Phúc Xá,Ba Đình,T6/2023,T12/2024\n"
        "CAM-02,Camera an ninh,Đội Cấn,Ba Đình,15/06/2020,02/2024\n"
        "TQ-01,Tổ tự quản,Hàng Bạc,Hoàn Kiếm,Tháng 7 năm 2021,\n",
        "repair",
        fragment="given as a month only ('T6/2023', 'Tháng 7 năm 2021') as the month's first day",
        total=3,
    )
    # a register grouped by model type under numbered headings ("I | MÔ HÌNH CAMERA AN NINH")
    workbook(
        "rollout_type_headings.xlsx",
        {
            "Sheet1": [
                ["STT", "Mã mô hình", "Loại mô hình", "Phường/Xã", "Quận/Huyện", "Ngày bắt đầu"],
                ["I", "MÔ HÌNH CAMERA AN NINH", None, None, None, None],
                [1, "BD-01", "Camera an ninh", "Phúc Xá", "Ba Đình", "01/05/2019"],
                [2, "BD-02", "Camera an ninh", "Đội Cấn", "Ba Đình", "01/06/2019"],
                ["II", "MÔ HÌNH TỔ TỰ QUẢN", None, None, None, None],
                [1, "HK-01", "Tổ tự quản", "Hàng Bạc", "Hoàn Kiếm", "01/07/2021"],
            ]
        },
    )
    case(
        "rollout_type_headings.xlsx",
        "rollout",
        None,
        "repair",
        fragment="dropped 2 group heading row(s) of the list",
        total=3,
    )
    # guard: a model missing only its start date is a row cut short, reported, not a heading
    case(
        "rollout_missing_start_not_heading.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Phường/Xã,Quận/Huyện,Ngày bắt đầu\n"
        "BD-01,Camera an ninh,Phúc Xá,Ba Đình,01/05/2019\nBD-02,Camera an ninh,Đội Cấn,Ba Đình,\n",
        "error",
        3,
        "Ngày bắt đầu",
        "missing date",
    )
    # "Riêng ..." (of which, separately) under its row is a breakdown, like "Trong đó"
    case(
        "crimes_rieng_breakdown.csv",
        "crimes",
        "Quận/Huyện,Kỳ,Tội danh,Số vụ\nBa Đình,2024-01,Trộm cắp tài sản,20\n"
        "Ba Đình,2024-01,Riêng trộm cắp xe máy,8\nBa Đình,2024-01,Cướp giật,3\n",
        "repair",
        fragment="breakdown row",
        total=23,
    )


def round3_cases() -> None:
    """The third hostile round: the incident, register, districts and population readers on clerks' files."""
    # a unit stated above the table, not in the header ("Đơn vị tính: Nghìn người", "ĐVT: ha"); before, 222
    # thousand residents were read as 222 and 921 ha as 921 km², without a word
    workbook(
        "districts_unit_in_title.xlsx",
        {
            "Sheet1": [
                ["DÂN SỐ TRUNG BÌNH PHÂN THEO QUẬN, HUYỆN"],
                ["Đơn vị tính: Nghìn người"],
                ["Quận/Huyện", "Dân số"],
                ["Ba Đình", 222],
                ["Hoàn Kiếm", 136],
                ["Sóc Sơn", 358],
            ]
        },
    )
    case(
        "districts_unit_in_title.xlsx", "districts", None, "error", 1, "Dân số", "'Đơn vị tính: Nghìn người'"
    )
    workbook(
        "districts_area_unit_in_title.xlsx",
        {
            "Sheet1": [
                ["DIỆN TÍCH PHÂN THEO QUẬN, HUYỆN"],
                ["ĐVT: ha", None, "Dân số: người"],
                ["Quận/Huyện", "Diện tích", "Dân số"],
                ["Ba Đình", 921, 221893],
                ["Hoàn Kiếm", 529, 135618],
            ]
        },
    )
    case(
        "districts_area_unit_in_title.xlsx", "districts", None, "error", 1, "Diện tích", "another unit ('ha')"
    )
    case(
        "population_unit_in_title.csv",
        "population",
        "DÂN SỐ TRUNG BÌNH,,\nĐơn vị tính: Nghìn người,,\nQuận/Huyện,Năm,Dân số\nBa Đình,2019,222\n"
        "Hoàn Kiếm,2019,136\nSóc Sơn,2019,358\n",
        "error",
        1,
        "Dân số",
        "another unit ('nghin')",
    )
    case(  # guard: a title listing the units of several columns names none for the count
        "crimes_units_listed_in_title.csv",
        "crimes",
        'BÁO CÁO THÁNG 01 NĂM 2024,,,\n"ĐVT: Vụ, người, triệu đồng",,,\nQuận/Huyện,Kỳ,Tội danh,Số vụ\n'
        "Ba Đình,2024-01,Trộm cắp,12\nHoàn Kiếm,2024-01,Trộm cắp,9\n",
        "repair",
        fragment="title row",
        total=21,
    )

    # totals and aggregates of a districts or population table: "Toàn thành phố" above its districts (before:
    # read as a district, the city counted twice), "Các quận" / "Các huyện" group rows (before: refused as one
    # district spelled two ways), group headings with no number (before: missing count), "Khu vực thành thị"
    # per year (before: unknown district), a census table whose urban/rural rows are no block of its rows
    # (before: read as districts, the population three times over; now refused naming the row)
    case(
        "districts_city_total_first.csv",
        "districts",
        "Quận/Huyện,Dân số\nToàn thành phố,715163\nBa Đình,221893\nHoàn Kiếm,135618\nSóc Sơn,357652\n",
        "repair",
        fragment="dropped 1 subtotal row(s) (row 2 (715,163))",
        total=715163,
    )
    case(
        "districts_group_rows.csv",
        "districts",
        "STT,Quận/Huyện,Dân số\nI,Các quận,357511\n1,Ba Đình,221893\n2,Hoàn Kiếm,135618\n"
        "II,Các huyện,357652\n1,Sóc Sơn,357652\n",
        "repair",
        fragment="each equal to the sum of the rows below it",
        total=715163,
    )
    case(
        "districts_group_headings.csv",
        "districts",
        "STT,Đơn vị hành chính,Dân số trung bình (người)\nI,CÁC QUẬN,\n1,Ba Đình,221893\n2,Hoàn Kiếm,135618\n"
        "II,CÁC HUYỆN,\n1,Sóc Sơn,357652\n",
        "repair",
        fragment="group heading row(s) stating no number (row 2 'CÁC QUẬN', 5 'CÁC HUYỆN')",
        total=715163,
    )
    workbook(
        "districts_census_urban_rural.xlsx",
        {
            "2023": [
                ["CỤC THỐNG KÊ THÀNH PHỐ HÀ NỘI"],
                ["DIỆN TÍCH, DÂN SỐ VÀ MẬT ĐỘ DÂN SỐ NĂM 2023 PHÂN THEO QUẬN, HUYỆN"],
                [None],
                ["Quận/Huyện", "Diện tích (km2)", "Dân số trung bình (người)", "Mật độ dân số (người/km2)"],
                ["Toàn thành phố", 320.01, 715163, 2235],
                ["Khu vực thành thị", 60.5, 401234, 6632],
                ["Khu vực nông thôn", 259.51, 313929, 1210],
                ["Ba Đình", 9.21, 221893, 24093],
                ["Hoàn Kiếm", 5.29, 135618, 25637],
                ["Sóc Sơn", 305.51, 357652, 1171],
            ]
        },
    )
    case(
        "districts_census_urban_rural.xlsx",
        "districts",
        None,
        "error",
        6,
        "Dân số trung bình (người)",
        "subtotal row says 401,234",
    )
    case(
        "population_city_total_per_year.csv",
        "population",
        "Quận/Huyện,Năm,Dân số\nToàn thành phố,2009,367597\nBa Đình,2009,225910\nHoàn Kiếm,2009,141687\n"
        "Toàn thành phố,2019,357511\nBa Đình,2019,221893\nHoàn Kiếm,2019,135618\n",
        "repair",
        fragment="subtotal row(s) (row 2 (367,597), 5 (357,511))",
        total=225910 + 141687 + 221893 + 135618,
    )
    case(
        "population_urban_rural_rows.csv",
        "population",
        "Quận/Huyện,Năm,Dân số\nKhu vực thành thị,2019,221893\nBa Đình,2019,221893\n"
        "Khu vực nông thôn,2019,357652\nSóc Sơn,2019,357652\n",
        "repair",
        fragment="subtotal row(s)",
        total=221893 + 357652,
    )

    # total and subtotal rows of a list state a number of incidents or models: checked against the rows they
    # count, then dropped. Before, a bottom total was dropped unchecked (4 incidents under "Tổng cộng: 5 vụ"
    # read without a word), and subtotals inside were refused as rows missing a date, a district and an offence
    workbook(
        "incidents_ward_subtotals.xlsx",
        {
            "Sheet1": [
                ["STT", "Ngày xảy ra", "Quận/Huyện", "Tội danh"],
                [1, "02/03/2024", "Đống Đa", "Trộm cắp"],
                [2, "05/03/2024", "Đống Đa", "Cướp giật"],
                ["Cộng phường Láng Hạ: 2 vụ", None, None, None],
                [3, "09/03/2024", "Đống Đa", "Trộm cắp"],
                ["Cộng phường Kim Liên: 1 vụ", None, None, None],
                ["Tổng cộng: 3 vụ", None, None, None],
            ]
        },
    )
    case(
        "incidents_ward_subtotals.xlsx",
        "incidents",
        None,
        "repair",
        fragment="row 4 (2), 6 (1), 7 (3)",
        total=3,
    )
    case(
        "incidents_total_mismatch.csv",
        "incidents",
        "STT,Ngày xảy ra,Quận/Huyện,Tội danh\n1,02/03/2024,Ba Đình,Trộm cắp\n2,05/03/2024,Ba Đình,Cướp giật\n"
        "3,09/03/2024,Hoàn Kiếm,Trộm cắp\n4,11/03/2024,Hoàn Kiếm,Lừa đảo\nTổng cộng,,,5 vụ\n",
        "error",
        6,
        "Ngày xảy ra",
        "total row says 5 incidents but the list has 4",
    )
    case(
        "incidents_district_total_first.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\n,Toàn quận,3 vụ\n02/03/2024,Đống Đa,Trộm cắp\n"
        "05/03/2024,Đống Đa,Cướp giật\n09/03/2024,Đống Đa,Trộm cắp\n",
        "repair",
        fragment="row 2 (3)",
        total=3,
    )
    case(
        "rollout_total_mismatch.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Phường/Xã,Quận/Huyện,Ngày bắt đầu\nBD-01,Camera an ninh,Phúc Xá,Ba Đình,01/05/2019\n"
        "BD-02,Camera an ninh,Đội Cấn,Ba Đình,01/06/2019\nHK-01,Tổ tự quản,Hàng Bạc,Hoàn Kiếm,01/07/2021\n"
        "HK-02,Tổ tự quản,Hàng Đào,Hoàn Kiếm,01/08/2021\nTổng cộng: 5 mô hình,,,,\n",
        "error",
        6,
        "Ngày bắt đầu",
        "total row says 5 models but the list has 4",
    )
    case(
        "rollout_district_subtotals.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Phường/Xã,Quận/Huyện,Ngày bắt đầu\nBD-01,Camera an ninh,Phúc Xá,Ba Đình,01/05/2019\n"
        "BD-02,Camera an ninh,Đội Cấn,Ba Đình,01/06/2019\n2,,,Cộng quận Ba Đình,\n"
        "HK-01,Tổ tự quản,Hàng Bạc,Hoàn Kiếm,01/07/2021\n1,,,Cộng quận Hoàn Kiếm,\n",
        "repair",
        fragment="row 4 (2), 6 (1)",
        total=3,
    )

    # a list's column stating how many incidents or models a row stands for ("Số vụ", "Số lượng"): before, it was
    # an "ignored column" and a row of 3 incidents or 12 cameras was read as one
    case(
        "incidents_count_column.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh,Số vụ\n02/03/2024,Ba Đình,Trộm cắp,1\n05/03/2024,Ba Đình,Cướp giật,1\n"
        "09/03/2024,Hoàn Kiếm,Trộm cắp,3\n11/03/2024,Hoàn Kiếm,Lừa đảo,1\n",
        "error",
        4,
        "Số vụ",
        "a row standing for several incidents",
    )
    workbook(
        "rollout_count_column.xlsx",
        {
            "Sheet1": [
                ["Mã mô hình", "Loại mô hình", "Phường/Xã", "Quận/Huyện", "Ngày bắt đầu", "Số lượng"],
                ["BD-CAM", "Camera an ninh", "Phúc Xá", "Ba Đình", "01/05/2019", 12],
                ["BD-TQ", "Tổ tự quản", "Đội Cấn", "Ba Đình", "01/06/2019", 1],
                ["HK-TQ", "Tổ tự quản", "Hàng Bạc", "Hoàn Kiếm", "01/07/2021", 5],
            ]
        },
    )
    case("rollout_count_column.xlsx", "rollout", None, "error", 2, "Số lượng", "several models")
    case(  # guard: a register counting 1 per row, with subtotals of the models per ward
        "rollout_count_ones_ward_subtotals.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Phường/Xã,Quận/Huyện,Ngày bắt đầu,Số lượng\n"
        "BD-01,Camera an ninh,Phúc Xá,Ba Đình,01/05/2019,1\nBD-02,Camera an ninh,Phúc Xá,Ba Đình,01/06/2019,1\n"
        "Cộng phường Phúc Xá,,,,,2\nHK-01,Tổ tự quản,Hàng Bạc,Hoàn Kiếm,01/07/2021,1\n"
        "Cộng phường Hàng Bạc,,,,,1\nTổng cộng,,,,,3\n",
        "repair",
        fragment="row 4 (2), 6 (1), 7 (3)",
        total=3,
    )

    # a category typed in capitals in some rows ("CAMERA AN NINH", a month's "TRỘM CẮP"): before, two model
    # types or offences, splitting their counts (and hiding a row entered twice)
    case(
        "rollout_type_capitals.csv",
        "rollout",
        "Mã mô hình,Loại mô hình,Quận/Huyện,Ngày bắt đầu\nBD-01,Camera an ninh,Ba Đình,01/05/2019\n"
        "BD-02,CAMERA AN NINH,Ba Đình,01/06/2019\nHK-01,Camera an ninh,Hoàn Kiếm,01/07/2021\n",
        "repair",
        fragment="'CAMERA AN NINH' -> 'Camera an ninh'",
        total=3,
    )
    case(
        "crimes_offence_capitals.csv",
        "crimes",
        C_H + "Ba Đình,2024-01,Trộm cắp,12\nBa Đình,2024-02,TRỘM CẮP,7\nHoàn Kiếm,2024-01,Trộm cắp,9\n",
        "repair",
        fragment="differ only in capitals",
        total=28,
    )
    case(
        "crimes_offence_capitals_twice.csv",
        "crimes",
        C_H + "Ba Đình,2024-01,Trộm cắp,12\nHoàn Kiếm,2024-01,Trộm cắp,9\nBa Đình,2024-01,TRỘM CẮP,12\n",
        "error",
        2,
        "district",
        "duplicate key",
    )

    # a form printed with numbered rows, a few filled: before, each empty numbered row was refused as a row
    # missing its date, district and offence
    workbook(
        "incidents_numbered_empty_rows.xlsx",
        {
            "Sheet1": [
                ["STT", "Ngày xảy ra", "Quận/Huyện", "Tội danh", "Ghi chú"],
                [1, "02/03/2024", "Ba Đình", "Trộm cắp", None],
                [2, "05/03/2024", "Ba Đình", "Cướp giật", None],
                [3, "09/03/2024", "Hoàn Kiếm", "Trộm cắp", None],
                *[[k, None, None, None, None] for k in range(4, 11)],
            ]
        },
    )
    case(
        "incidents_numbered_empty_rows.xlsx",
        "incidents",
        None,
        "repair",
        fragment="skipped 7 empty numbered row(s) at the bottom (row 5-11",
        total=3,
    )
    case(
        "incidents_numbered_empty_rows.csv",
        "incidents",
        "STT,Ngày xảy ra,Quận/Huyện,Tội danh\n1,02/03/2024,Ba Đình,Trộm cắp\n2,05/03/2024,Ba Đình,Cướp giật\n"
        "3,09/03/2024,Hoàn Kiếm,Trộm cắp\n4,,,\n5,,,\n,,,\n",
        "repair",
        fragment="empty numbered row(s)",
        total=3,
    )
    case(  # guard: a number alone that does not run on from the rows above is a row cut short, reported
        "incidents_lone_number_last_line.csv",
        "incidents",
        "STT,Ngày xảy ra,Quận/Huyện,Tội danh\n1,02/03/2024,Ba Đình,Trộm cắp\n2,05/03/2024,Ba Đình,Cướp giật\n7\n",
        "error",
        4,
        "Ngày xảy ra",
        "missing date",
    )


def cli_cases() -> None:
    case("crimes_ok.csv", "crimes", C_H + c_body(), "ok", total=C_TOTAL)
    cli = [
        ("crimes_mixed_utf8_cp1258.csv", ["report", "--crimes", "{file}"]),
        ("crimes_renamed_csv.xlsx", ["report", "--crimes", "{file}"]),
        ("crimes_ok.xlsx", ["report", "--crimes", "{file}", "--sheet", "Nope"]),
        ("incidents_truncated_mid_char.csv", ["report", "--incidents", "{file}"]),
        ("incidents_month_first_date.csv", ["report", "--incidents", "{file}"]),
        ("rollout_header_only.csv", ["report", "--crimes", "crimes_ok.csv", "--rollout", "{file}"]),
        ("rollout_same_row_twice.csv", ["report", "--crimes", "crimes_ok.csv", "--rollout", "{file}"]),
        (
            "districts_same_district_two_spellings.csv",
            ["report", "--crimes", "crimes_ok.csv", "--districts", "{file}"],
        ),
        ("crimes_is_csv.parquet", ["report", "--crimes", "{file}"]),
        ("crimes_zero_width_duplicate_key.csv", ["report", "--crimes", "{file}"]),
        ("does_not_exist.csv", ["report", "--crimes", "{file}"]),
        # third hostile round: before, each of these reports was written from wrong inputs
        ("incidents_total_mismatch.csv", ["report", "--incidents", "{file}"]),
        ("rollout_count_column.xlsx", ["report", "--crimes", "crimes_ok.csv", "--rollout", "{file}"]),
        ("rollout_total_mismatch.csv", ["report", "--crimes", "crimes_ok.csv", "--rollout", "{file}"]),
        ("districts_unit_in_title.xlsx", ["report", "--crimes", "crimes_ok.csv", "--districts", "{file}"]),
    ]
    for name, argv in cli:
        case(name, "cli", None, "error", fragment="", argv=argv)


def round4_cases() -> None:
    """A register whose dates sit under a merged "Thời gian" (time) over "Bắt đầu" | "Kết thúc": the two-row header
    reads as "Thời gian Bắt đầu", which was refused as a missing start column."""
    workbook(
        "rollout_time_over_start_end.xlsx",
        {
            "Sheet1": [
                ["DANH SÁCH MÔ HÌNH TỰ QUẢN VỀ AN NINH TRẬT TỰ"],
                ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Thời gian", None],
                [None, None, None, None, "Bắt đầu", "Kết thúc"],
                ["m1", "Ba Đình", "Phúc Xá", "camera", "01/05/2019", None],
                ["m2", "Hoàn Kiếm", "Hàng Bạc", "tự quản", "01/03/2020", "31/12/2022"],
            ]
        },
        merge_cells=("A1:F1", "E2:F2", "A2:A3", "B2:B3", "C2:C3", "D2:D3"),
    )
    case("rollout_time_over_start_end.xlsx", "rollout", None, "repair", fragment="two-row header", total=2)


def round5_cases() -> None:
    """A case entered twice in an incident list with case numbers: counted once, both rows named. Rows that
    only share date, district and offence, or a case number with another offence, are separate incidents."""
    head = "Mã vụ,Ngày xảy ra,Quận/Huyện,Tội danh,Họ tên bị hại\n"
    rows = [
        ("HS-2024-001", "03/01/2024", "Ba Đình", "Trộm cắp", "Nguyễn Văn A"),
        ("HS-2024-002", "17/01/2024", "Hoàn Kiếm", "Cướp giật", "Trần Thị B"),
        ("HS-2024-003", "02/02/2024", "Ba Đình", "Trộm cắp", "Lê Văn C"),
        ("HS-2024-002", "17/01/2024", "Hoàn Kiếm", "Cướp giật", "Trần Thị B"),  # entered again
        ("HS-2024-004", "20/02/2024", "Tây Hồ", "Lừa đảo", "Phạm Văn D"),
    ]
    body = "".join(",".join(r) + "\n" for r in rows)
    case("incidents_case_entered_twice.csv", "incidents", head + body, "repair", 5, None, "entered twice", 4)
    parquet(
        "incidents_case_entered_twice.parquet",
        pd.DataFrame(rows, columns=["Case number", "date", "district", "offence", "victim name"]),
    )
    case("incidents_case_entered_twice.parquet", "incidents", None, "repair", 4, None, "entered twice", 4)
    workbook(
        "incidents_case_entered_twice.xlsx",
        {
            "DS vụ việc": [
                ["CÔNG AN THÀNH PHỐ HÀ NỘI"],
                ["DANH SÁCH VỤ VIỆC THÁNG 01-02/2024"],
                [],
                ["STT", "Số hồ sơ", "Ngày xảy ra", "Quận/Huyện", "Tội danh", "Họ tên bị hại"],
                *[[i + 1, *r] for i, r in enumerate(rows[:3])],
                [4, "HS-2024-001", "03/01/2024", "Ba Đình", "Trộm cắp", "Nguyễn Văn A"],  # entered again
                [5, *rows[4]],
                ["Tổng cộng: 5 vụ"],
            ]
        },
    )
    case("incidents_case_entered_twice.xlsx", "incidents", None, "repair", 8, None, "entered twice", 4)
    workbook(
        "incidents_case_in_two_sheets.xlsx",
        {
            "T1-2024": [
                ["DANH SÁCH VỤ VIỆC THÁNG 01/2024"],
                ["Số hồ sơ", "Ngày xảy ra", "Quận/Huyện", "Tội danh"],
                list(rows[0][:4]),
                list(rows[1][:4]),
            ],
            "T2-2024": [
                ["DANH SÁCH VỤ VIỆC THÁNG 02/2024"],
                ["Số hồ sơ", "Ngày xảy ra", "Quận/Huyện", "Tội danh"],
                list(rows[1][:4]),  # January's case entered again in February's sheet
                list(rows[2][:4]),
                list(rows[4][:4]),
            ],
        },
    )
    case(
        "incidents_case_in_two_sheets.xlsx",
        "incidents",
        None,
        "repair",
        3,
        None,
        "of another sheet, a case entered twice",
        4,
        sheet="all",
    )
    same_day = [
        ("HS-2024-011", "03/01/2024", "Ba Đình", "Trộm cắp", "Nguyễn Văn A"),
        ("HS-2024-012", "03/01/2024", "Ba Đình", "Trộm cắp", "Nguyễn Văn A"),
        ("HS-2024-013", "03/01/2024", "Ba Đình", "Trộm cắp", "Nguyễn Văn A"),
        ("HS-2024-013", "03/01/2024", "Ba Đình", "Cố ý gây thương tích", "Nguyễn Văn A"),
    ]
    case(
        "incidents_same_day_other_cases.csv",
        "incidents",
        head + "".join(",".join(r) + "\n" for r in same_day),
        "ok",
        total=4,
    )


def round6_cases() -> None:
    """Shapes of real exports met in a sweep of 74 new hostile files (2026-12-07): each was misread or refused
    with a misleading message before."""
    head = ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"]
    rows = [
        [d, "01/2024", o, n]
        for (d, o), n in zip(
            [(d, o) for d in ("Ba Đình", "Đống Đa") for o in ("Trộm cắp tài sản", "Cướp giật tài sản")],
            (5, 2, 7, 3),
            strict=True,
        )
    ]
    total = sum(r[3] for r in rows)
    wide = [
        ["Ba Đình", "Trộm cắp tài sản", 4, 6, 5],
        ["Đống Đa", "Trộm cắp tài sản", 3, 2, 8],
    ]
    wide_total = sum(sum(r[2:]) for r in wide)
    # "Th1" month headers, the year in the title
    workbook(
        "crimes_th_month_headers.xlsx",
        {"BC": [["BÁO CÁO TỘI PHẠM NĂM 2024"], [], ["Quận/Huyện", "Tội danh", "Th1", "Th2", "Th3"], *wide]},
    )
    case(
        "crimes_th_month_headers.xlsx", "crimes", None, "repair", None, None, "wide monthly table", wide_total
    )
    # a month column whose header adds a note ("(ước)": an estimate) and no count column for that month
    workbook(
        "crimes_month_header_with_note.xlsx",
        {"BC": [["Quận/Huyện", "Tội danh", "Tháng 1/2024", "Tháng 2/2024", "Tháng 3/2024 (ước)"], *wide]},
    )
    case(
        "crimes_month_header_with_note.xlsx",
        "crimes",
        None,
        "error",
        1,
        "Tháng 3/2024 (ước)",
        "adds a note or another measure",
    )
    # ... but a comparison with the same month a year earlier is not the series: ignored, as any other column
    workbook(
        "crimes_month_compared_with_last_year.xlsx",
        {
            "BC": [
                ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "T3/2024", "Cùng kỳ T3/2023"],
                *[[*r, 9] for r in wide],
            ]
        },
    )
    case(
        "crimes_month_compared_with_last_year.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Cùng kỳ T3/2023",
        wide_total,
    )
    # district-group subtotals: "Cộng nội thành", "Cộng các huyện"
    inner, outer = (
        rows[:2],
        [["Sóc Sơn", "01/2024", "Trộm cắp tài sản", 4], ["Đông Anh", "01/2024", "Trộm cắp tài sản", 6]],
    )
    lines = [
        ",".join(head),
        *(",".join(map(str, r)) for r in inner),
        f"Cộng nội thành,01/2024,,{sum(r[3] for r in inner)}",
        *(",".join(map(str, r)) for r in outer),
        f"Cộng các huyện,01/2024,,{sum(r[3] for r in outer)}",
    ]
    case(
        "crimes_subtotals_of_district_groups.csv",
        "crimes",
        "\n".join(lines) + "\n",
        "repair",
        None,
        None,
        "subtotal",
        sum(r[3] for r in inner + outer),
    )
    # a Western force's "All crime" and "Subtotal" rows among the offences
    western = []
    for borough, word in (("Camden", "All crime"), ("Hackney", "Subtotal")):
        counts = {"Burglary": 40, "Robbery": 12, "Vehicle crime": 30}
        western += [f"{borough},2024-01,{o},{n}" for o, n in counts.items()]
        western.append(f"{borough},2024-01,{word},{sum(counts.values())}")
    case(
        "crimes_all_crime_rows.csv",
        "crimes",
        "Borough,Month,Crime type,Count\n" + "\n".join(western) + "\n",
        "repair",
        None,
        None,
        "subtotal",
        164,
        districts=False,
    )
    # a workbook saved with its chart sheet in front
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    for r in [head, *rows]:
        ws.append(r)
    chart_sheet = wb.create_chartsheet("Biểu đồ")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
    chart_sheet.add_chart(chart)
    wb.active = 1
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "trends corpus"
    wb.save(HERE / "crimes_chart_sheet_active.xlsx")
    deterministic_zip(HERE / "crimes_chart_sheet_active.xlsx")
    case("crimes_chart_sheet_active.xlsx", "crimes", None, "ok", total=total)
    # the header repeated in capitals after a page line
    workbook(
        "crimes_header_repeated_in_capitals.xlsx",
        {"BC": [head, *rows[:2], ["Trang 1/2"], [h.upper() for h in head], *rows[2:]]},
    )
    case(
        "crimes_header_repeated_in_capitals.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "repeated header",
        total,
    )
    # a form's column-number row under the header
    workbook("crimes_column_number_row.xlsx", {"BC": [head, ["(1)", "(2)", "(3)", "(4)"], *rows]})
    case("crimes_column_number_row.xlsx", "crimes", None, "repair", None, None, "column-number row", total)
    workbook(
        "crimes_column_letters_and_numbers.xlsx",
        {"BC": [["STT", *head], ["A", "B", "C", "D", "1"], *[[i + 1, *r] for i, r in enumerate(rows)]]},
    )
    case(
        "crimes_column_letters_and_numbers.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "column-number row",
        total,
    )
    csv_rows = "".join(",".join(map(str, r)) + "\n" for r in rows)
    case(
        "crimes_column_numbers_bare.csv",
        "crimes",
        ",".join(head) + "\n1,2,3,4\n" + csv_rows,
        "repair",
        None,
        None,
        "column-number row",
        total,
    )
    case(
        "crimes_header_repeated_in_capitals.csv",
        "crimes",
        ",".join(head)
        + "\n"
        + csv_rows
        + ",".join(h.upper() for h in head)
        + "\n"
        + csv_rows.replace("01/2024", "02/2024"),
        "repair",
        None,
        None,
        "repeated header",
        2 * total,
    )
    # the year and the month in two columns; a quarter without its year
    case(
        "crimes_year_and_month_columns.csv",
        "crimes",
        "Quận/Huyện,Năm,Tháng,Tội danh,Số vụ\n"
        + "".join(
            f"{d},2024,{m},{o},{n}\n"
            for d, m, o, n in [(r[0], i % 2 + 1, r[2], r[3]) for i, r in enumerate(rows)]
        ),
        "repair",
        None,
        None,
        "(year) and 'Tháng' (month) together",
        total,
    )
    case(
        "crimes_quarter_without_its_year.csv",
        "crimes",
        "Quận/Huyện,Năm,Quý,Tội danh,Số vụ\nBa Đình,2024,I,Trộm cắp tài sản,3\nBa Đình,,II,Trộm cắp tài sản,4\n",
        "error",
        3,
        "Năm",
        "missing year",
    )
    # a two-row header repeated at a page break
    top = ["Quận/Huyện", "Tội danh", "Năm 2024", None, None]
    sub = [None, None, "T1", "T2", "T3"]
    workbook(
        "crimes_two_row_header_at_page_break.xlsx",
        {"BC": [top, sub, wide[0], ["Trang 1/2"], top, sub, wide[1]]},
        merge_cells=("A1:A2", "B1:B2", "C1:E1", "A5:A6", "B5:B6", "C5:E5"),
    )
    case(
        "crimes_two_row_header_at_page_break.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "repeated at a page break",
        wide_total,
    )
    # the national motto above a two-column table (one sheet per district)
    workbook(
        "crimes_motto_above_two_columns.xlsx",
        {
            "Ba Đình": [
                ["CÔNG AN QUẬN BA ĐÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["Đội Tổng hợp", "Độc lập - Tự do - Hạnh phúc"],
                [],
                ["BÁO CÁO THÁNG 01 NĂM 2024"],
                ["Tội danh", "Số vụ"],
                ["Trộm cắp tài sản", 5],
                ["Cướp giật tài sản", 2],
            ]
        },
    )
    case("crimes_motto_above_two_columns.xlsx", "crimes", None, "repair", None, None, "title row", 7)
    # a Windows-1252 (Western) file: read as Windows-1258 its "ì" and "Ò" would become tone marks
    western_names = "District,Month,Offence,Count\nForlì,2024-01,Furto,12\nÒbidos,2024-01,Rapina,3\n"
    case(
        "crimes_cp1252_western_names.csv",
        "crimes",
        western_names.encode("cp1252"),
        "error",
        2,
        None,
        "encoding='cp1252'",
        districts=False,
    )
    # "export to Excel" of a web application: HTML with an .xls name, read as HTML (since the webexport round)
    case(
        "crimes_html_named_xls.xls",
        "crimes",
        "<html><body><table><tr><th>Quận/Huyện</th><th>Tháng</th><th>Tội danh</th><th>Số vụ</th></tr>"
        "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp</td><td>5</td></tr></table></body></html>",
        "repair",
        None,
        None,
        "read as HTML",
        5,
    )
    # typed Parquet columns: decimal counts, a pandas period column
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "district": [r[0] for r in rows],
                "period": ["2024-01"] * len(rows),
                "offence": [r[2] for r in rows],
                "count": pa.array(
                    [Decimal(r[3]).quantize(Decimal("0.000")) for r in rows], pa.decimal128(12, 3)
                ),
            }
        ),
        HERE / "crimes_decimal_counts.parquet",
        compression=None,
    )
    case("crimes_decimal_counts.parquet", "crimes", None, "ok", total=total)
    parquet(
        "crimes_period_dtype.parquet",
        pd.DataFrame(
            {
                "district": [r[0] for r in rows],
                "period": pd.PeriodIndex(["2024-01"] * len(rows), freq="M"),
                "offence": [r[2] for r in rows],
                "count": [r[3] for r in rows],
            }
        ),
    )
    case("crimes_period_dtype.parquet", "crimes", None, "ok", total=total)
    # districts: an area in square miles is refused, not read as km²
    case(
        "districts_area_sq_miles.csv",
        "districts",
        "District,Population,Area (sq mi)\nCamden,210000,8.4\nHackney,259000,7.4\n",
        "error",
        1,
        "Area (sq mi)",
        "sq mi",
    )
    # incidents: "Thời gian xảy ra" merged over "Ngày" | "Giờ"; ISO dates with a time-zone offset
    workbook(
        "incidents_time_over_day_and_hour.xlsx",
        {
            "DS": [
                ["STT", "Thời gian xảy ra", None, "Địa bàn", "Tội danh"],
                [None, "Ngày", "Giờ", None, None],
                [1, "05/03/2024", "14h30", "Ba Đình", "Trộm cắp tài sản"],
                [2, "06/03/2024", "08h00", "Đống Đa", "Trộm cắp tài sản"],
                [3, "07/03/2024", "22h15", "Cầu Giấy", "Cướp giật tài sản"],
            ]
        },
        merge_cells=("A1:A2", "B1:C1", "D1:D2", "E1:E2"),
    )
    case(
        "incidents_time_over_day_and_hour.xlsx", "incidents", None, "repair", None, None, "two-row header", 3
    )
    case(
        "incidents_iso_time_zone_offsets.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\n2024-03-05T14:30:00+07:00,Ba Đình,Trộm cắp tài sản\n"
        "2024-03-31T20:00:00Z,Đống Đa,Trộm cắp tài sản\n2024-03-06 08:00:00 +0700,Cầu Giấy,Cướp giật tài sản\n",
        "repair",
        None,
        None,
        "time-zone offset",
        3,
    )


def round7_cases() -> None:
    """A second sweep (97 inputs: registers, districts and population tables, the report on an own-data folder):
    each was misread silently or refused wrongly before."""
    import datetime as dt

    head = ["Mã mô hình", "Quận/huyện", "Phường/xã", "Loại mô hình", "Ngày bắt đầu", "Ngày kết thúc"]
    models = [
        ["MH-01", "Đống Đa", "Láng Hạ", "Camera an ninh"],
        ["MH-02", "Hoàn Kiếm", "Hàng Bạc", "Tổ liên gia tự quản"],
        ["MH-03", "Đống Đa", "Văn Miếu", "Camera an ninh"],
    ]
    # a year typed into a date-formatted cell: Excel's day 2023, 15/07/1905
    workbook(
        "rollout_year_in_date_cell.xlsx",
        {"DS": [head, [*models[0], 2023, None], [*models[1], dt.datetime(2022, 6, 1), None]]},
        formats={("DS", "E2"): "dd/mm/yyyy", ("DS", "E3"): "dd/mm/yyyy"},
    )
    case(
        "rollout_year_in_date_cell.xlsx",
        "rollout",
        None,
        "error",
        2,
        "Ngày bắt đầu",
        "typed into a date-formatted",
    )
    # a planned end date (a decision for a fixed term) is not a date in the future to refuse
    lines = [",".join(head)] + [
        ",".join([*m, start, end])
        for m, start, end in zip(
            models, ["01/03/2024", "01/06/2022", "10/10/2021"], ["31/12/2040", "31/05/2025", ""], strict=True
        )
    ]
    case(
        "rollout_end_planned.csv",
        "rollout",
        "\n".join(lines) + "\n",
        "repair",
        None,
        None,
        "read as planned",
        3,
    )
    # starts given as a month only, in the forms registers use
    lines = [",".join(head[:5])] + [
        ",".join([*m, start]) for m, start in zip(models, ["th5/2023", "T.6/2023", "2023-03"], strict=True)
    ]
    case(
        "rollout_start_month_forms.csv",
        "rollout",
        "\n".join(lines) + "\n",
        "repair",
        None,
        None,
        "month only",
        3,
    )
    # the city's row, under its name, at the bottom of a districts table
    case(
        "districts_city_row_by_name.csv",
        "districts",
        "district,Tên,Dân số,Diện tích (km2)\nba_dinh,Ba Đình,221893,9.21\nhoan_kiem,Hoàn Kiếm,135618,5.29\n"
        "dong_da,Đống Đa,371606,9.95\nha_noi,Thành phố Hà Nội,729117,24.45\n",
        "error",
        5,
        "district",
        "a total row",
    )
    # "Dân số (nghìn người)" merged over year columns
    workbook(
        "population_thousands_over_year_columns.xlsx",
        {
            "DS": [
                ["Quận/huyện", "Dân số (nghìn người)", None, None],
                [None, 2019, 2020, 2021],
                ["Ba Đình", 222, 222, 222],
                ["Hoàn Kiếm", 136, 135, 135],
            ]
        },
        merge_cells=("B1:D1", "A1:A2"),
    )
    case("population_thousands_over_year_columns.xlsx", "population", None, "error", 1, None, "thousands")
    # a row of year columns across the 2025 reform: the bare name is the district, then the new ward
    case(
        "population_year_columns_across_the_reform.csv",
        "population",
        "Quận/huyện,2024,2025,2026\nBa Đình,221893,222000,223000\nHoàn Kiếm,135618,135700,135800\n",
        "error",
        2,
        "Quận/huyện",
        "one row read as two units",
    )
    # a province column: another province's Sơn Tây is not Hanoi's
    case(
        "crimes_other_province_same_district_name.csv",
        "crimes",
        "Tỉnh/TP,Quận/huyện,Tháng,Tội danh,Số vụ\nHà Nội,Ba Đình,01/2024,Trộm cắp,5\nHà Nội,Sơn Tây,01/2024,Trộm cắp,3\n"
        "Quảng Ngãi,Sơn Tây,01/2024,Cướp giật,1\n",
        "error",
        4,
        "Tỉnh/TP",
        "another province",
    )
    case(
        "incidents_other_province.csv",
        "incidents",
        "Tỉnh,Ngày xảy ra,Quận/huyện,Tội danh\nHà Nội,03/01/2024,Sơn Tây,Trộm cắp\nQuảng Ngãi,04/01/2024,Sơn Tây,Trộm cắp\n",
        "error",
        3,
        "Tỉnh",
        "another province",
    )
    case(
        "crimes_province_column_all_hanoi.csv",
        "crimes",
        "Tỉnh/TP,Quận/huyện,Tháng,Tội danh,Số vụ\nTP. Hà Nội,Ba Đình,01/2024,Trộm cắp,5\nThủ đô Hà Nội,Sơn Tây,01/2024,Trộm cắp,3\n",
        "ok",
        total=8,
    )


def edit_xlsx(name: str, edits: dict[str, object], add: dict[str, str] | None = None) -> None:
    """Rewrite parts of a corpus workbook as other writers (Excel, Mac Excel, WPS) store them: ``edits`` maps a
    part to a function of its text; ``add`` adds parts. The zip is then made deterministic again."""
    path = HERE / name
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for part, data in entries:
            edit = edits.get(part)
            dst.writestr(part, edit(data.decode("utf-8")).encode("utf-8") if callable(edit) else data)
        for part, text in (add or {}).items():
            dst.writestr(part, text.encode("utf-8"))
    deterministic_zip(path)


def strict_xlsx(name: str) -> None:
    """Rewrite a corpus workbook as Excel's "Strict Open XML Spreadsheet" (ECMA-376 Part 1, Strict): the
    namespaces and relationship types of every part under purl.oclc.org/ooxml (the two property parts spelled
    without their hyphen), ``conformance="strict"`` on the workbook."""
    path = HERE / name
    with zipfile.ZipFile(path) as src:
        parts = [n for n in src.namelist() if n.endswith((".xml", ".rels"))]

    def strict(text: str) -> str:
        for old, new in (
            (
                "officeDocument/2006/relationships/extended-properties",
                "officeDocument/relationships/extendedProperties",
            ),
            (
                "officeDocument/2006/relationships/custom-properties",
                "officeDocument/relationships/customProperties",
            ),
            ("officeDocument/2006/extended-properties", "officeDocument/extendedProperties"),
        ):
            text = text.replace(
                "http://schemas.openxmlformats.org/" + old,
                "http://purl.oclc.org/ooxml/" + old.split("/", 1)[0] + "/" + new.split("/", 1)[1],
            )
        text = re.sub(
            r"http://schemas\.openxmlformats\.org/(spreadsheetml|drawingml|officeDocument)/2006/(\w+)",
            r"http://purl.oclc.org/ooxml/\1/\2",
            text,
        )
        return text.replace("<workbook ", '<workbook conformance="strict" ', 1)

    edit_xlsx(name, dict.fromkeys(parts, strict))


def shared_strings(text: str, strings: list[str]) -> str:
    """A worksheet's inline strings (openpyxl's way) as indices into a shared-strings table (Excel's way);
    ``strings`` is filled with the table."""

    def index(m: re.Match[str]) -> str:
        if m[3] not in strings:
            strings.append(m[3])
        return f'<c r="{m[1]}"{m[2] or ""} t="s"><v>{strings.index(m[3])}</v></c>'

    return re.sub(r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is>(.*?)</is></c>', index, text)


def sst(strings: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si>{t}</si>" for t in strings)
        + "</sst>"
    )


SST_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
SST_REL = (
    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def round8_cases() -> None:
    """A third sweep (86 workbooks: Excel internals as Excel, Mac Excel, WPS and other writers store them)."""
    head = ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"]
    rows = [["Ba Đình", "01/2024", "Trộm cắp tài sản", 12], ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7]]
    rows += [["Ba Đình", "01/2024", "Cướp giật tài sản", 3]]
    total = sum(r[3] for r in rows)
    sheet = "xl/worksheets/sheet1.xml"
    # a note column of formulas whose cached result is the empty text (Excel: t="str" and an empty <v/>)
    workbook("crimes_formula_empty_text_results.xlsx", {"BC": [[*head, "Ghi chú"], *rows]})
    formula = '<c r="E{r}" t="str"><f>IF(D{r}&gt;10,"cao","")</f><v>{v}</v></c></row>'
    edit_xlsx(
        "crimes_formula_empty_text_results.xlsx",
        {
            sheet: lambda t: re.sub(
                r'(<row r="(\d+)">.*?)</row>',
                lambda m: (
                    m[1] + formula.format(r=m[2], v="cao" if rows[int(m[2]) - 2][3] > 10 else "")
                    if m[2] != "1"
                    else m[0]
                ),
                t,
            )
        },
    )
    case("crimes_formula_empty_text_results.xlsx", "crimes", None, "repair", None, None, "Ghi chú", total)
    # Excel's escape of a carriage return in a shared string: "Trộm cắp_x000D_\ntài sản" is one offence
    workbook("crimes_x000D_in_offence.xlsx", {"BC": [head, *rows]})
    strings: list[str] = []
    text = shared_strings(
        zipfile.ZipFile(HERE / "crimes_x000D_in_offence.xlsx").read(sheet).decode("utf-8"), strings
    )
    strings[strings.index("<t>Trộm cắp tài sản</t>")] = '<t xml:space="preserve">Trộm cắp_x000D_\ntài sản</t>'
    edit_xlsx(
        "crimes_x000D_in_offence.xlsx",
        {
            sheet: lambda _: text,
            "[Content_Types].xml": lambda t: t.replace("</Types>", SST_TYPE),
            "xl/_rels/workbook.xml.rels": lambda t: t.replace("</Relationships>", SST_REL),
        },
        {"xl/sharedStrings.xml": sst(strings)},
    )
    case("crimes_x000D_in_offence.xlsx", "crimes", None, "ok", total=total)
    # a number stored with a decimal comma by an exporter with Vietnamese settings: a malformed cell
    workbook("crimes_malformed_number_cell.xlsx", {"BC": [head, *rows]})
    edit_xlsx("crimes_malformed_number_cell.xlsx", {sheet: lambda t: t.replace("<v>7</v>", "<v>7,5</v>", 1)})
    case("crimes_malformed_number_cell.xlsx", "crimes", None, "error", 3, "D", "malformed cell D3")
    # a row hidden by a zero height, rows written without their numbers
    workbook("crimes_row_of_zero_height.xlsx", {"BC": [head, *rows]})

    def unnumbered_third_row_hidden(text: str) -> str:
        seen = iter(range(1, 10**6))
        return re.sub(r'<row r="\d+"', lambda _: '<row ht="0"' if next(seen) == 3 else "<row", text)

    edit_xlsx("crimes_row_of_zero_height.xlsx", {sheet: unnumbered_third_row_hidden})
    case("crimes_row_of_zero_height.xlsx", "crimes", None, "repair", None, None, "hid", total)
    # Mac Excel (1904 date system): a year typed into a date cell is read as 1909
    workbook(
        "rollout_1904_year_in_date_cell.xlsx",
        {
            "DS": [
                ["Mã mô hình", "Quận/huyện", "Loại mô hình", "Ngày bắt đầu"],
                ["MH-01", "Đống Đa", "Camera an ninh", 2023 - 1462],  # Excel stores 1904-system serials
                ["MH-02", "Ba Đình", "Camera an ninh", dt.datetime(2022, 6, 1)],
            ]
        },
        formats={("DS", "D2"): "dd/mm/yyyy", ("DS", "D3"): "dd/mm/yyyy"},
    )
    edit_xlsx(
        "rollout_1904_year_in_date_cell.xlsx",
        {
            "xl/workbook.xml": lambda t: t.replace("<workbookPr />", '<workbookPr date1904="1" />'),
            "xl/worksheets/sheet1.xml": lambda t: t.replace("<v>561</v>", "<v>2023</v>"),
        },
    )
    case("rollout_1904_year_in_date_cell.xlsx", "rollout", None, "error", 2, "Ngày bắt đầu", "1909")
    # a sheet name stored decomposed (typed on a Mac), asked for as typed elsewhere
    workbook("crimes_sheet_name_decomposed.xlsx", {"Tổng hợp": [["x"]], "Tháng 3-2024": [head, *rows]})
    nfd = unicodedata.normalize("NFD", "Tháng 3-2024")
    edit_xlsx(
        "crimes_sheet_name_decomposed.xlsx",
        {"xl/workbook.xml": lambda t: t.replace('name="Tháng 3-2024"', f'name="{nfd}"')},
    )
    case("crimes_sheet_name_decomposed.xlsx", "crimes", None, "ok", total=total, sheet="Tháng 3-2024")
    # Excel's "Strict Open XML Spreadsheet" format: every part's namespaces and relationship types under
    # purl.oclc.org, and (the incident list) dates stored as ISO 8601 text (t="d"): read as Transitional
    workbook("crimes_strict_open_xml.xlsx", {"BC": [head, *rows]})
    strict_xlsx("crimes_strict_open_xml.xlsx")
    case("crimes_strict_open_xml.xlsx", "crimes", None, "repair", fragment="Strict Open XML", total=total)
    workbook(
        "incidents_strict_open_xml.xlsx", {"DS": [["Ngày xảy ra", "Quận", "Tội danh"], *map(list, I_ROWS)]}
    )
    edit_xlsx(
        "incidents_strict_open_xml.xlsx",
        {
            "xl/worksheets/sheet1.xml": lambda t: re.sub(
                r'<c r="(A[2-9])" t="inlineStr"><is><t>([\d-]+)</t></is></c>',
                lambda m: f'<c r="{m[1]}" t="d"><v>{m[2]}T00:00:00</v></c>',
                t,
            )
        },
    )
    strict_xlsx("incidents_strict_open_xml.xlsx")
    case("incidents_strict_open_xml.xlsx", "incidents", None, "repair", fragment="Strict Open XML", total=4)
    # Excel's Data > Subtotal output ("Ba Đình Total", "Grand Total"), and a form's "Cộng Ba Đình"
    by_district: dict[str, list[list[object]]] = {}
    for r in rows:
        by_district.setdefault(str(r[0]), []).append(r)
    for name, word in (
        ("crimes_excel_subtotal_command.xlsx", "{} Total"),
        ("crimes_cong_district_rows.xlsx", "Cộng {}"),
    ):
        body: list[list[object]] = []
        for district, block in by_district.items():
            body += [*block, [word.format(district), None, None, sum(int(r[3]) for r in block)]]
        if word.endswith("Total"):
            body.append(["Grand Total", None, None, total])
        workbook(name, {"BC": [head, *body]})
        case(name, "crimes", None, "repair", None, None, "subtotal", total)
    # a date format of East Asian Excel and WPS (built-in 57), unknown to openpyxl
    workbook(
        "incidents_east_asian_date_format.xlsx",
        {
            "DS": [
                ["Ngày xảy ra", "Quận/huyện", "Tội danh"],
                [dt.datetime(2024, 1, 3), "Ba Đình", "Trộm cắp"],
                [dt.datetime(2024, 2, 9), "Đống Đa", "Trộm cắp"],
            ]
        },
        formats={("DS", "A2"): "dd/mm/yyyy", ("DS", "A3"): "dd/mm/yyyy"},
    )
    edit_xlsx(
        "incidents_east_asian_date_format.xlsx",
        {
            "xl/styles.xml": lambda t: re.sub(
                r'<numFmt numFmtId="(\d+)" formatCode="dd/mm/yyyy" />(.*<xf numFmtId=")\1"',
                r'\g<2>57"',
                t,
                flags=re.S,
            )
        },
    )
    case("incidents_east_asian_date_format.xlsx", "incidents", None, "ok", total=2)


def round9_cases() -> None:
    """A fourth sweep (2026-12-07): exports as a district police statistics office sends them (wide sheets of
    offence over month, quarters and year columns, notes and signatures, prefixed and capitalised names, odd
    encodings, Excel's own cells and sheets, registers and districts tables with their units)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    head = ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"]
    rows = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Đống Đa", "02/2024", "Cướp giật tài sản", 4],
    ]
    total = sum(int(r[3]) for r in rows)

    def lines(body: list[list[object]], sep: str = ",", eol: str = "\n", h: list[str] = head) -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + eol for r in [h, *body])

    # -- wide sheets ------------------------------------------------------------------------------------
    # offences as column groups over month columns (two header rows: offence over month)
    months = ["T1/2024", "T2/2024", "T3/2024"]
    grid = {"Ba Đình": [[4, 6, 5], [1, 0, 2]], "Đống Đa": [[3, 2, 8], [2, 1, 1]]}
    grid_total = sum(sum(sum(x) for x in v) for v in grid.values())
    workbook(
        "crimes_wide_offence_over_month.xlsx",
        {
            "BC": [
                ["Quận/Huyện", "Trộm cắp tài sản", None, None, "Cướp giật tài sản", None, None],
                [None, *months, *months],
                *[[d, *a, *b] for d, (a, b) in grid.items()],
            ]
        },
        merge_cells=("A1:A2", "B1:D1", "E1:G1"),
    )
    case(
        "crimes_wide_offence_over_month.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "offences over months",
        grid_total,
    )
    # quarter columns only (a quarterly report): "Quý I/2024" ... and the English "Q1 2024"
    quarters = {"Ba Đình": [10, 12, 9, 14], "Đống Đa": [7, 8, 6, 5]}
    q_total = sum(sum(v) for v in quarters.values())
    for name, cols in (
        ("crimes_wide_quarters_quy.csv", ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"]),
        ("crimes_wide_quarters_q.csv", ["Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"]),
    ):
        case(
            name,
            "crimes",
            lines(
                [[d, "Trộm cắp tài sản", *v] for d, v in quarters.items()],
                h=["Quận/Huyện", "Tội danh", *cols],
            ),
            "repair",
            None,
            None,
            "wide",
            q_total,
        )
    # a year column ("Cả năm", "Lũy kế", "Cộng") beside the months: checked against them and dropped
    for name, word in (
        ("crimes_wide_ca_nam_column.xlsx", "Cả năm"),
        ("crimes_wide_luy_ke_column.xlsx", "Lũy kế"),
        ("crimes_wide_cong_column.xlsx", "Cộng"),
    ):
        workbook(
            name,
            {
                "BC": [
                    ["Quận/Huyện", "Tội danh", *months, word],
                    *[[d, "Trộm cắp tài sản", *a, sum(a)] for d, (a, _) in grid.items()],
                ]
            },
        )
        case(name, "crimes", None, "repair", None, None, word, sum(sum(a) for a, _ in grid.values()))
    workbook(
        "crimes_wide_ca_nam_mismatch.xlsx",
        {
            "BC": [
                ["Quận/Huyện", "Tội danh", *months, "Cả năm"],
                *[[d, "Trộm cắp tài sản", *a, sum(a) + 1] for d, (a, _) in grid.items()],
            ]
        },
    )
    case("crimes_wide_ca_nam_mismatch.xlsx", "crimes", None, "error", 2, "Cả năm", "Cả năm")
    # "Cùng kỳ" and "Tăng/giảm (%)" beside each month
    workbook(
        "crimes_wide_month_with_same_period_last_year.xlsx",
        {
            "BC": [
                [
                    "Quận/Huyện",
                    "Tội danh",
                    "T1/2024",
                    "Cùng kỳ 2023",
                    "Tăng/giảm (%)",
                    "T2/2024",
                    "Cùng kỳ 2023",
                    "Tăng/giảm (%)",
                ],
                ["Ba Đình", "Trộm cắp tài sản", 4, 5, "-20%", 6, 3, "100%"],
                ["Đống Đa", "Trộm cắp tài sản", 3, 0, "#DIV/0!", 2, 2, "0%"],
            ]
        },
    )
    # the repeated comparison headers are numbered and ignored (reported), the months read
    case("crimes_wide_month_with_same_period_last_year.xlsx", "crimes", None, "repair", None, None, "[2]", 15)
    # the same in a CSV, the change column headed "%" alone
    case(
        "crimes_wide_month_with_percent_columns.csv",
        "crimes",
        "Quận/Huyện,Tội danh,T1/2024,Cùng kỳ,%,T2/2024,Cùng kỳ,%\n"
        "Ba Đình,Trộm cắp tài sản,4,5,-20,6,3,100\n"
        "Đống Đa,Trộm cắp tài sản,3,0,,2,2,0\n",
        "repair",
        None,
        None,
        "% [2]",
        15,
    )
    # a percent-change row under a wide table
    workbook(
        "crimes_wide_percent_change_row.xlsx",
        {
            "BC": [
                ["Quận/Huyện", "Tội danh", *months],
                *[[d, "Trộm cắp tài sản", *a] for d, (a, _) in grid.items()],
                ["Tổng cộng", None, 7, 8, 13],
                ["Tăng/giảm so với cùng kỳ (%)", None, "12,5%", "-3,2%", "8%"],
            ]
        },
    )
    case("crimes_wide_percent_change_row.xlsx", "crimes", None, "repair", None, None, "comparison row", 28)
    # months as column headers in English ("Jan-24", "January 2024")
    for name, cols in (
        ("crimes_wide_english_months_short.csv", ["Jan-24", "Feb-24", "Mar-24"]),
        ("crimes_wide_english_months_long.csv", ["January 2024", "February 2024", "March 2024"]),
    ):
        case(
            name,
            "crimes",
            lines([[d, "Theft", *a] for d, (a, _) in grid.items()], h=["District", "Offence", *cols]),
            "repair",
            None,
            None,
            "wide",
            28,
        )
    # two-digit years in month headers ("T1/24") and periods ("01/24")
    case(
        "crimes_wide_two_digit_year_months.csv",
        "crimes",
        lines(
            [[d, "Trộm cắp tài sản", *a] for d, (a, _) in grid.items()],
            h=["Quận/Huyện", "Tội danh", "T1/24", "T2/24", "T3/24"],
        ),
        "repair",
        None,
        None,
        "wide",
        28,
    )
    case(
        "crimes_period_two_digit_year.csv",
        "crimes",
        lines([[r[0], r[1].replace("/2024", "/24"), r[2], r[3]] for r in rows]),
        "error",
        2,
        "Tháng",
        "unparseable period",
    )
    # -- notes and signatures under the table -----------------------------------------------------------
    workbook(
        "crimes_noi_nhan_block.xlsx",
        {
            "BC": [
                head,
                *rows,
                [],
                ["Nơi nhận:", None, "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"],
                ["- Như trên;", None, "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"],
                ["- Lưu: VT, PV01.", None, None, None],
                [None, None, "Nguyễn Văn A", "Trần Văn B"],
            ]
        },
    )
    case("crimes_noi_nhan_block.xlsx", "crimes", None, "repair", None, None, "signature", total)
    case(
        "crimes_ghi_chu_numbers.csv",
        "crimes",
        lines(rows) + "Ghi chú: số liệu tháng 02 là số ước tính; 3 vụ chưa phân loại,,,\n",
        "repair",
        None,
        None,
        "note",
        total,
    )
    # -- district names as clerks write them ------------------------------------------------------------
    prefixed = [
        ("Q. Ba Đình", 5),
        ("H. Sóc Sơn", 2),
        ("TX Sơn Tây", 4),
        ("Quận Hoàn Kiếm", 6),
        ("Thị xã Sơn Tây", 1),
        ("huyện Gia Lâm", 3),
        ("Q.Đống Đa", 2),
        ("TX. Sơn Tây", 0),
    ]
    case(
        "crimes_district_prefixes.csv",
        "crimes",
        lines(
            [
                [d, f"{i // 2 + 1:02d}/2024" if "Sơn Tây" in d else "01/2024", "Trộm cắp tài sản", n]
                for i, (d, n) in enumerate(prefixed)
            ]
        ),
        "ok",
        total=sum(n for _, n in prefixed),
    )
    case(
        "crimes_district_caps_no_diacritics.csv",
        "crimes",
        lines(
            [
                ["BA ĐÌNH", "01/2024", "Trộm cắp tài sản", 5],
                ["HOAN KIEM", "01/2024", "Trộm cắp tài sản", 3],
                ["Ba Dinh", "02/2024", "Trộm cắp tài sản", 2],
                ["QUẬN ĐỐNG ĐA", "01/2024", "Trộm cắp tài sản", 1],
            ]
        ),
        "ok",
        total=11,
    )
    case(
        "crimes_district_roman_numbered.csv",
        "crimes",
        lines(
            [
                ["I. Ba Đình", "01/2024", "Trộm cắp tài sản", 5],
                ["II. Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 3],
                ["III. Đống Đa", "01/2024", "Trộm cắp tài sản", 2],
            ]
        ),
        "repair",
        None,
        None,
        "number",
        10,
    )
    case(
        "crimes_ung_hoa_tone_variants.csv",
        "crimes",
        lines([["Ứng Hòa", "01/2024", "Trộm cắp tài sản", 5], ["Ứng Hoà", "02/2024", "Trộm cắp tài sản", 3]]),
        "ok",
        total=8,
    )
    case(
        "crimes_district_same_twice_two_prefixes.csv",
        "crimes",
        lines(
            [
                ["Quận Ba Đình", "01/2024", "Trộm cắp tài sản", 5],
                ["Q. Ba Đình", "01/2024", "Trộm cắp tài sản", 3],
            ]
        ),
        "error",
        2,
        "Quận/Huyện",
        "duplicate",
    )
    case(
        "crimes_nbsp_zero_width_in_header.csv",
        "crimes",
        lines(rows, h=["Quận/\u200bHuyện", "Tháng\u00a0", "\ufeffTội danh", "Số\u00a0vụ"]),
        "ok",
        total=total,
    )
    # -- counts as clerks write them --------------------------------------------------------------------
    case(
        "crimes_count_em_dash.csv",
        "crimes",
        lines([*rows, ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", "—"]]),
        "error",
        6,
        "Số vụ",
        "not a number",
    )
    case(
        "crimes_count_x_not_applicable.csv",
        "crimes",
        lines([*rows, ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", "x"]]),
        "error",
        6,
        "Số vụ",
        "not a number",
    )
    case(
        "crimes_count_vietnamese_thousands_big.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", "2023", "Vi phạm giao thông", "1.234.567"],
                ["Đống Đa", "2023", "Vi phạm giao thông", "12.345"],
            ]
        ),
        "ok",
        total=1234567 + 12345,
    )
    case(
        "crimes_count_space_thousands.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", "2023", "Vi phạm giao thông", "1\u202f234"],
                ["Đống Đa", "2023", "Vi phạm giao thông", "12 345"],
            ]
        ),
        "ok",
        total=1234 + 12345,
    )
    workbook(
        "crimes_excel_error_in_count.xlsx",
        {"BC": [head, *rows[:2], ["Ba Đình", "01/2024", "Cướp giật tài sản", "#N/A"]]},
    )
    edit_xlsx(
        "crimes_excel_error_in_count.xlsx",
        {
            "xl/worksheets/sheet1.xml": lambda t: re.sub(
                r'<c r="D4" t="inlineStr"><is><t>#N/A</t></is></c>', '<c r="D4" t="e"><v>#N/A</v></c>', t
            )
        },
    )
    case("crimes_excel_error_in_count.xlsx", "crimes", None, "error", 4, "Số vụ", "#N/A")
    workbook(
        "crimes_bool_count_cell.xlsx",
        {"BC": [head, *rows[:2], ["Ba Đình", "01/2024", "Cướp giật tài sản", True]]},
    )
    case("crimes_bool_count_cell.xlsx", "crimes", None, "error", 4, "Số vụ", "not a number")
    workbook(
        "crimes_count_date_formatted.xlsx",
        {"BC": [head, *rows]},
        formats={("BC", "D3"): "dd/mm/yyyy"},
    )
    case("crimes_count_date_formatted.xlsx", "crimes", None, "error", 3, "Số vụ", "not a number")
    # -- duplicated rows ---------------------------------------------------------------------------------
    case(
        "crimes_exact_duplicate_row.csv",
        "crimes",
        lines([*rows, rows[1]]),
        "error",
        3,
        "Quận/Huyện",
        "duplicate",
    )
    # -- CSV containers ----------------------------------------------------------------------------------
    case(
        "crimes_excel_unicode_text.txt",
        "crimes",
        b"\xff\xfe" + lines(rows, sep="\t", eol="\r\n").encode("utf-16-le"),
        "ok",
        total=total,
    )
    case(
        "crimes_crlf_ctrl_z.csv",
        "crimes",
        lines(rows, eol="\r\n") + "\x1a",
        "ok",
        total=total,
    )
    case(
        "crimes_semicolon_decimal_comma_total.csv",
        "crimes",
        lines([*rows, ["Tổng cộng", None, None, f"{total},0"]], sep=";").replace(";12\n", ";12,0\n"),
        "repair",
        None,
        None,
        "total row",
        total,
    )
    case(
        "crimes_bom_then_title_row.csv",
        "crimes",
        ("\ufeffBÁO CÁO THÁNG 01/2024\n" + lines(rows)).encode("utf-8"),
        "repair",
        None,
        None,
        "title row",
        total,
    )
    # text of old Vietnamese fonts (.VnTime, TCVN3/ABC): the font's bytes, not UTF-8, converted to Unicode
    case(
        "crimes_tcvn3_names.csv",
        "crimes",
        "Quan/Huyen,Thang,Toi danh,So vu\nBa §×nh,01/2024,Trém c¾p tµi s¶n,12\n§èng §a,01/2024,Trém c¾p tµi s¶n,7\n".encode(
            "cp1258"
        ),
        "repair",
        None,
        None,
        "TCVN3",
        19,
    )
    # -- Excel sheets ------------------------------------------------------------------------------------
    per_month = {
        f"Tháng {m}": [
            [f"BÁO CÁO THÁNG {m:02d} NĂM 2024"],
            ["Quận/Huyện", "Tội danh", "Số vụ"],
            ["Ba Đình", "Trộm cắp tài sản", m],
            ["Đống Đa", "Trộm cắp tài sản", 2 * m],
        ]
        for m in (1, 2, 3)
    }
    workbook(
        "crimes_month_sheets_hidden_draft.xlsx",
        {**per_month, "Nháp": [["Quận/Huyện", "Tội danh", "Số vụ"], ["Ba Đình", "Trộm cắp tài sản", 99]]},
        hidden=("Nháp",),
    )
    case(
        "crimes_month_sheets_hidden_draft.xlsx", "crimes", None, "repair", None, None, "Nháp", 18, sheet="all"
    )
    workbook("crimes_month_sheets_very_hidden.xlsx", {**per_month, "Data": [["x", "y"], [1, 2]]})
    edit_xlsx(
        "crimes_month_sheets_very_hidden.xlsx",
        {
            "xl/workbook.xml": lambda t: t.replace(
                'name="Data" sheetId="4" state="visible"', 'name="Data" sheetId="4" state="veryHidden"'
            )
        },
    )
    case(
        "crimes_month_sheets_very_hidden.xlsx", "crimes", None, "repair", None, None, "Data", 18, sheet="all"
    )
    # sheets named by month only ("T1", "T2"), the year in each sheet's title
    workbook(
        "crimes_month_sheets_short_names.xlsx",
        {f"T{m}": [["Năm 2024"], *v[1:]] for m, v in zip((1, 2, 3), per_month.values(), strict=True)},
    )
    case(
        "crimes_month_sheets_short_names.xlsx", "crimes", None, "repair", None, None, "sheet", 18, sheet="all"
    )
    # month sheets plus a "Tổng hợp" (summary) sheet summing them
    workbook(
        "crimes_month_sheets_with_summary.xlsx",
        {
            **per_month,
            "Tổng hợp": [
                ["TỔNG HỢP QUÝ I NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Trộm cắp tài sản", 6],
                ["Đống Đa", "Trộm cắp tài sản", 12],
            ],
        },
    )
    case(
        "crimes_month_sheets_with_summary.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Tổng hợp",
        18,
        sheet="all",
    )
    # autofilter, frozen panes and a data validation list: a table as any other
    wb = Workbook()
    ws = wb.active
    ws.title = "BC"
    for r in [head, *rows]:
        ws.append(r)
    ws.auto_filter.ref = f"A1:D{len(rows) + 1}"
    ws.freeze_panes = "A2"
    dv = DataValidation(type="list", formula1='"Trộm cắp tài sản,Cướp giật tài sản"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("C2:C1000")
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "trends corpus"
    wb.save(HERE / "crimes_autofilter_frozen_validation.xlsx")
    deterministic_zip(HERE / "crimes_autofilter_frozen_validation.xlsx")
    case("crimes_autofilter_frozen_validation.xlsx", "crimes", None, "ok", total=total)
    # a blank but formatted block to the right and below the table (a used range to column Z, row 500)
    wb = Workbook()
    ws = wb.active
    ws.title = "BC"
    for r in [head, *rows]:
        ws.append(r)
    from openpyxl.styles import Border, Side

    thin = Border(left=Side(style="thin"))
    for col in range(1, 27):
        for rr in range(1, 501, 7):
            ws.cell(row=rr, column=col).border = thin
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "trends corpus"
    wb.save(HERE / "crimes_formatted_blank_block.xlsx")
    deterministic_zip(HERE / "crimes_formatted_blank_block.xlsx")
    case("crimes_formatted_blank_block.xlsx", "crimes", None, "ok", total=total)
    # offence as a group heading row, districts below it (no offence column)
    workbook(
        "crimes_offence_heading_rows.xlsx",
        {
            "BC": [
                ["BÁO CÁO THÁNG 01 NĂM 2024"],
                ["Quận/Huyện", "Số vụ"],
                ["TRỘM CẮP TÀI SẢN", None],
                ["Ba Đình", 12],
                ["Đống Đa", 7],
                ["CƯỚP GIẬT TÀI SẢN", None],
                ["Ba Đình", 3],
            ]
        },
    )
    case("crimes_offence_heading_rows.xlsx", "crimes", None, "error", 1, "offence", "missing required column")
    # merged district over its offence rows with a subtotal "Cộng" at the bottom of each block
    workbook(
        "crimes_merged_district_with_block_totals.xlsx",
        {
            "BC": [
                head,
                ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
                [None, "01/2024", "Cướp giật tài sản", 3],
                [None, None, "Cộng", 15],
                ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7],
                [None, "01/2024", "Cướp giật tài sản", 1],
                [None, None, "Cộng", 8],
            ]
        },
        merge_cells=("A2:A4", "A5:A7"),
    )
    case(
        "crimes_merged_district_with_block_totals.xlsx", "crimes", None, "repair", None, None, "subtotal", 23
    )
    # -- periods ----------------------------------------------------------------------------------------
    case(
        "crimes_period_quarter_forms.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", q, "Trộm cắp tài sản", n]
                for q, n in (("Q1 2024", 3), ("Q2/2024", 4), ("2024Q3", 5), ("2024-Q4", 6))
            ]
        ),
        "ok",
        total=18,
    )
    case(
        "crimes_period_month_words_no_space.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", p, "Trộm cắp tài sản", n]
                for p, n in (("Tháng1/2024", 3), ("tháng 02 năm 2024", 4), ("T03-2024", 5), ("Th.4/2024", 6))
            ]
        ),
        "ok",
        total=18,
    )
    workbook(
        "crimes_period_serial_and_text.xlsx",
        {
            "BC": [
                head,
                ["Ba Đình", dt.datetime(2024, 1, 1), "Trộm cắp tài sản", 3],
                ["Ba Đình", "02/2024", "Trộm cắp tài sản", 4],
                ["Ba Đình", 45352, "Trộm cắp tài sản", 5],
            ]
        },
        formats={("BC", "B2"): "mm/yyyy", ("BC", "B4"): "mm/yyyy"},
    )
    case("crimes_period_serial_and_text.xlsx", "crimes", None, "ok", total=12)
    case(
        "crimes_period_mixed_frequencies.csv",
        "crimes",
        lines(
            [["Ba Đình", "01/2024", "Trộm cắp tài sản", 3], ["Ba Đình", "Quý II/2024", "Trộm cắp tài sản", 4]]
        ),
        "error",
        3,
        "Tháng",
        "frequency",
    )
    # -- Parquet ---------------------------------------------------------------------------------------
    parquet(
        "crimes_vietnamese_columns.parquet",
        pd.DataFrame(
            {
                "Quận/Huyện": [r[0] for r in rows],
                "Tháng": [r[1] for r in rows],
                "Tội danh": [r[2] for r in rows],
                "Số vụ": pd.array([r[3] for r in rows], dtype="uint8"),
            }
        ),
    )
    case("crimes_vietnamese_columns.parquet", "crimes", None, "ok", total=total)
    parquet(
        "crimes_text_thousands.parquet",
        pd.DataFrame(
            {
                "district": ["Ba Đình", "Đống Đa"],
                "period": ["2023", "2023"],
                "offence": ["Vi phạm", "Vi phạm"],
                "count": ["1.234", "2.345"],
            }
        ),
    )
    case("crimes_text_thousands.parquet", "crimes", None, "ok", total=3579)
    parquet(
        "crimes_date_periods.parquet",
        pd.DataFrame(
            {
                "district": ["Ba Đình", "Đống Đa"],
                "period": [dt.date(2024, 1, 1), dt.date(2024, 2, 1)],
                "offence": ["Trộm", "Trộm"],
                "count": [3, 4],
            }
        ),
    )
    case("crimes_date_periods.parquet", "crimes", None, "ok", total=7)
    parquet(
        "crimes_total_row.parquet",
        pd.DataFrame(
            {
                "district": ["Ba Đình", "Đống Đa", "Tổng cộng"],
                "period": ["2024-01", "2024-01", None],
                "offence": ["Trộm", "Trộm", None],
                "count": [3, 4, 7],
            }
        ),
    )
    case("crimes_total_row.parquet", "crimes", None, "repair", None, None, "total row", 7)
    # -- incidents ---------------------------------------------------------------------------------------
    inc_head = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    workbook(
        "incidents_date_cells_and_text.xlsx",
        {
            "DS": [
                inc_head,
                [dt.datetime(2024, 1, 3), "Ba Đình", "Trộm cắp"],
                ["04/01/2024", "Đống Đa", "Trộm cắp"],
                [45300, "Ba Đình", "Cướp giật"],
            ]
        },
        formats={("DS", "A2"): "dd/mm/yyyy"},
    )
    case(
        "incidents_date_cells_and_text.xlsx",
        "incidents",
        None,
        "error",
        4,
        "Ngày xảy ra",
        "Excel date serial",
    )
    case(
        "incidents_two_date_columns.csv",
        "incidents",
        "Ngày tiếp nhận,Ngày xảy ra,Quận/Huyện,Tội danh\n05/01/2024,03/01/2024,Ba Đình,Trộm cắp\n01/02/2024,30/01/2024,Đống Đa,Trộm cắp\n",
        "ok",
        total=2,
    )
    case(
        "incidents_reported_date_only.csv",
        "incidents",
        "Ngày tiếp nhận,Quận/Huyện,Tội danh\n05/01/2024,Ba Đình,Trộm cắp\n01/02/2024,Đống Đa,Trộm cắp\n",
        "error",
        1,
        None,
        "date",
    )
    case(
        "incidents_prefixed_districts_caps.csv",
        "incidents",
        "Ngày xảy ra,Địa bàn,Tội danh\n03/01/2024,Q. BA ĐÌNH,Trộm cắp\n04/01/2024,H. Sóc Sơn,Trộm cắp\n05/01/2024,TX Sơn Tây,Cướp giật\n",
        "ok",
        total=3,
    )
    case(
        "incidents_month_text_dates.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\ntháng 1 năm 2024,Ba Đình,Trộm cắp\n03/01/2024,Đống Đa,Trộm cắp\n",
        "error",
        2,
        "Ngày xảy ra",
        "unparseable date",
    )
    case(
        "incidents_utf16_tab.txt",
        "incidents",
        b"\xff\xfe"
        + "Ngày xảy ra\tQuận/Huyện\tTội danh\r\n03/01/2024\tBa Đình\tTrộm cắp\r\n04/01/2024\tĐống Đa\tCướp giật\r\n".encode(
            "utf-16-le"
        ),
        "ok",
        total=2,
    )
    case(
        "incidents_ctrl_z_end.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\r\n03/01/2024,Ba Đình,Trộm cắp\r\n04/01/2024,Đống Đa,Cướp giật\r\n\x1a",
        "ok",
        total=2,
    )
    case(
        "incidents_future_date.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\n03/01/2024,Ba Đình,Trộm cắp\n04/01/2099,Đống Đa,Cướp giật\n",
        "error",
        3,
        "Ngày xảy ra",
        "future",
    )
    case(
        "incidents_signature_block.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\n03/01/2024,Ba Đình,Trộm cắp\n04/01/2024,Đống Đa,Cướp giật\n,,\n"
        "Nơi nhận:,NGƯỜI LẬP BIỂU,THỦ TRƯỞNG ĐƠN VỊ\n- Lưu: VT.,,\n",
        "repair",
        None,
        None,
        "signature",
        2,
    )
    # -- rollout -----------------------------------------------------------------------------------------
    r_head = ["Mã mô hình", "Quận/huyện", "Phường/xã", "Loại mô hình", "Ngày bắt đầu", "Ngày kết thúc"]
    case(
        "rollout_end_before_start.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", "31/12/2023"],
                ["MH-02", "Đống Đa", "Láng Hạ", "Camera an ninh", "01/06/2023", "01/01/2022"],
            ],
            h=r_head,
        ),
        "error",
        3,
        "Ngày kết thúc",
        "before",
    )
    case(
        "rollout_start_in_future.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
                ["MH-02", "Đống Đa", "Láng Hạ", "Camera an ninh", "01/06/2099", ""],
            ],
            h=r_head,
        ),
        "error",
        3,
        "Ngày bắt đầu",
        "future",
    )
    case(
        "rollout_prefixed_districts.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Q. Ba Đình", "P. Phúc Xá", "Camera an ninh", "01/06/2022", ""],
                ["MH-02", "Quận Đống Đa", "Phường Láng Hạ", "Camera an ninh", "01/06/2023", ""],
                ["MH-03", "H. Sóc Sơn", "Xã Phù Linh", "Tổ liên gia", "01/02/2021", ""],
            ],
            h=r_head,
        ),
        "ok",
        total=3,
    )
    case(
        "rollout_two_digit_years.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/22", ""],
                ["MH-02", "Đống Đa", "Láng Hạ", "Camera an ninh", "15/03/21", "31/12/23"],
            ],
            h=r_head,
        ),
        "error",
        2,
        "Ngày bắt đầu",
        "unparseable date",
    )
    workbook(
        "rollout_letterhead_and_signature.xlsx",
        {
            "DS": [
                ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                ["PHÒNG THAM MƯU", None, None, "Độc lập - Tự do - Hạnh phúc"],
                [],
                ["DANH SÁCH MÔ HÌNH TỰ QUẢN"],
                r_head,
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", None],
                ["MH-02", "Đống Đa", "Láng Hạ", "Camera an ninh", "01/06/2023", None],
                [],
                [None, None, None, "NGƯỜI LẬP BIỂU", None, "TRƯỞNG PHÒNG"],
                [None, None, None, "(Ký, ghi rõ họ tên)", None, "(Ký tên, đóng dấu)"],
            ]
        },
    )
    case("rollout_letterhead_and_signature.xlsx", "rollout", None, "repair", None, None, "title row", 2)
    workbook(
        "rollout_dates_as_cells_and_text.xlsx",
        {
            "DS": [
                r_head,
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", dt.datetime(2022, 6, 1), None],
                ["MH-02", "Đống Đa", "Láng Hạ", "Camera an ninh", "01/06/2023", dt.datetime(2024, 12, 31)],
                ["MH-03", "Đống Đa", "Văn Miếu", "Camera an ninh", 44562, None],
            ]
        },
        formats={("DS", "E2"): "dd/mm/yyyy", ("DS", "F3"): "dd/mm/yyyy"},
    )
    case(
        "rollout_dates_as_cells_and_text.xlsx",
        "rollout",
        None,
        "error",
        4,
        "Ngày bắt đầu",
        "Excel date serial",
    )
    case(
        "rollout_semicolon_cp1258.csv",
        "rollout",
        to_cp1258(
            lines(
                [
                    ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
                    ["MH-02", "Ứng Hòa", "Vân Đình", "Tổ liên gia tự quản", "01/06/2023", ""],
                ],
                sep=";",
                eol="\r\n",
                h=r_head,
            )
        ),
        "ok",
        total=2,
    )
    case(
        "rollout_duplicate_row_same_id.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
            ],
            h=r_head,
        ),
        "error",
        2,
        "Mã mô hình",
        "MH-01",
    )
    # -- districts table ---------------------------------------------------------------------------------
    d_head = ["Mã", "Tên quận/huyện", "Loại", "Dân số (người)", "Diện tích (km²)"]
    d_rows = [
        ["ba_dinh", "Ba Đình", "Quận", "221.893", "9,21"],
        ["hoan_kiem", "Hoàn Kiếm", "Quận", "135.618", "5,29"],
        ["soc_son", "Sóc Sơn", "Huyện", "357.652", "305,51"],
    ]
    case(
        "districts_vietnamese_separators.csv", "districts", lines(d_rows, ";", h=d_head), "ok", total=D_TOTAL
    )
    case(
        "districts_population_in_millions.csv",
        "districts",
        lines(
            [
                ["ba_dinh", "Ba Đình", "Quận", "0,22 triệu", "9,21"],
                ["soc_son", "Sóc Sơn", "Huyện", "0,36 triệu", "305,51"],
            ],
            ";",
            h=d_head,
        ),
        "error",
        2,
        "Dân số (người)",
        "triệu",
    )
    case(
        "districts_population_with_unit_word.csv",
        "districts",
        lines(
            [[r[0], r[1], r[2], r[3] + " người", r[4]] for r in d_rows],
            ";",
            h=["Mã", "Tên quận/huyện", "Loại", "Dân số", "Diện tích (km²)"],
        ),
        # since round 11 the unit written after every number is read, with a warning (was refused)
        "repair",
        None,
        None,
        "'người'",
        D_TOTAL,
    )
    case(
        "districts_area_cell_units.csv",
        "districts",
        lines(
            [[r[0], r[1], r[2], r[3], r[4] + " ha"] for r in d_rows],
            ";",
            h=["Mã", "Tên quận/huyện", "Loại", "Dân số", "Diện tích"],
        ),
        "error",
        2,
        "Diện tích",
        "ha",
    )
    case(
        "districts_names_with_prefixes.csv",
        "districts",
        lines(
            [
                ["Quận Ba Đình", "221893", "9.21"],
                ["Quận Hoàn Kiếm", "135618", "5.29"],
                ["Huyện Sóc Sơn", "357652", "305.51"],
            ],
            h=["Đơn vị hành chính", "Dân số", "Diện tích (km2)"],
        ),
        "ok",
        total=D_TOTAL,
    )
    case(
        "districts_caps_no_diacritics.csv",
        "districts",
        lines(
            [["BA DINH", "221893"], ["HOAN KIEM", "135618"], ["SOC SON", "357652"]],
            h=["District", "Population"],
        ),
        "ok",
        total=D_TOTAL,
    )
    workbook(
        "districts_letterhead_notes.xlsx",
        {
            "DS": [
                ["CỤC THỐNG KÊ THÀNH PHỐ HÀ NỘI"],
                ["DÂN SỐ CÁC QUẬN, HUYỆN NĂM 2019"],
                [],
                ["STT", "Quận/huyện", "Dân số (người)", "Diện tích (km2)"],
                [1, "Ba Đình", 221893, 9.21],
                [2, "Hoàn Kiếm", 135618, 5.29],
                [3, "Sóc Sơn", 357652, 305.51],
                ["Tổng cộng", None, D_TOTAL, 320.01],
                [],
                ["Nguồn: Tổng điều tra dân số và nhà ở năm 2019"],
                ["Ghi chú: diện tích theo số liệu đất đai năm 2019"],
            ]
        },
    )
    case("districts_letterhead_notes.xlsx", "districts", None, "repair", None, None, "total row", D_TOTAL)
    case(
        "districts_duplicate_prefix_spellings.csv",
        "districts",
        lines(
            [["Quận Ba Đình", "221893"], ["Q. Ba Đình", "221893"], ["Huyện Sóc Sơn", "357652"]],
            h=["Quận/huyện", "Dân số"],
        ),
        "error",
        3,
        "Quận/huyện",
        "Ba Đình",
    )
    case(
        "districts_tone_variant_names.csv",
        "districts",
        lines([["Ứng Hoà", "211000"], ["Mỹ Đức", "195000"]], h=["Quận/huyện", "Dân số"]),
        "ok",
        total=406000,
    )
    parquet(
        "districts_text_population.parquet",
        pd.DataFrame({"district": ["Ba Đình", "Hoàn Kiếm"], "population": ["221.893", "135.618"]}),
    )
    case("districts_text_population.parquet", "districts", None, "ok", total=221893 + 135618)

    # ... and in a workbook whose districts are ids: the offences would be new, garbled categories
    workbook(
        "crimes_tcvn3_offence.xlsx",
        {"BC": [["district", "period", "offence", "count"], ["ba_dinh", "2024-01", "Trém c¾p tµi s¶n", 12]]},
    )
    case("crimes_tcvn3_offence.xlsx", "crimes", None, "repair", None, None, "TCVN3", 12)
    # a DOS end-of-file mark right after the last field (no line break before it)
    case("crimes_ctrl_z_after_last_field.csv", "crimes", lines(rows).rstrip("\n") + "\x1a", "ok", total=total)
    # offences over year-less months ("NĂM 2024" above), with a row-total column; and a total that is off
    for name, off in (
        ("crimes_wide_offence_over_month_total.xlsx", 0),
        ("crimes_wide_offence_over_month_bad_total.xlsx", 1),
    ):
        workbook(
            name,
            {
                "BC": [
                    ["BÁO CÁO TỘI PHẠM NĂM 2024"],
                    [
                        "Quận/Huyện",
                        "Trộm cắp tài sản",
                        None,
                        None,
                        "Cướp giật tài sản",
                        None,
                        None,
                        "Tổng cộng",
                    ],
                    [None, "T1", "T2", "T3", "T1", "T2", "T3", None],
                    *[[d, *a, *b, sum(a) + sum(b) + off] for d, (a, b) in grid.items()],
                ]
            },
            merge_cells=("A2:A3", "B2:D2", "E2:G2", "H2:H3"),
        )
    case(
        "crimes_wide_offence_over_month_total.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "row total",
        grid_total,
    )
    case(
        "crimes_wide_offence_over_month_bad_total.xlsx", "crimes", None, "error", 4, "Tổng cộng", "row total"
    )
    # quarters without their year under a title stating it, and a "Cả năm" column
    workbook(
        "crimes_wide_quarters_title_year.xlsx",
        {
            "BC": [
                ["BÁO CÁO THỐNG KÊ TỘI PHẠM NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm"],
                *[[d, "Trộm cắp tài sản", *v, sum(v)] for d, v in quarters.items()],
            ]
        },
    )
    case("crimes_wide_quarters_title_year.xlsx", "crimes", None, "repair", None, None, "quarterly", q_total)
    # a comparison row under a long table
    case(
        "crimes_comparison_row_long.csv",
        "crimes",
        lines([*rows, ["Tổng cộng", None, None, total], ["So sánh cùng kỳ (%)", None, None, '"+12,5%"']]),
        "repair",
        None,
        None,
        "comparison row",
        total,
    )
    # a sheet per quarter named "Quý I", "Quý II", the year in each title
    workbook(
        "crimes_quarter_sheets_title_year.xlsx",
        {
            f"Quý {q}": [
                ["NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Trộm cắp tài sản", n],
            ]
            for q, n in (("I", 10), ("II", 12))
        },
    )
    case(
        "crimes_quarter_sheets_title_year.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "2024Q2",
        22,
        sheet="all",
    )
    # incidents: a signature block of full-width rows in a workbook
    workbook(
        "incidents_signature_block_full_rows.xlsx",
        {
            "DS": [
                ["Ngày xảy ra", "Quận/Huyện", "Tội danh"],
                ["03/01/2024", "Ba Đình", "Trộm cắp"],
                ["04/01/2024", "Đống Đa", "Cướp giật"],
                ["Nơi nhận:", "NGƯỜI LẬP BIỂU", "TRƯỞNG CÔNG AN QUẬN"],
                ["- Như trên;", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"],
            ]
        },
    )
    case("incidents_signature_block_full_rows.xlsx", "incidents", None, "repair", None, None, "signature", 2)
    # a guard: measures of a police form over months ("Xảy ra" | "Khám phá": occurred | solved) are no offences
    workbook(
        "crimes_wide_measures_over_month.xlsx",
        {
            "BC": [
                ["Quận/Huyện", "Xảy ra", None, None, "Khám phá", None, None],
                [None, *months, *months],
                *[[d, *a, *b] for d, (a, b) in grid.items()],
            ]
        },
        merge_cells=("A1:A2", "B1:D1", "E1:G1"),
    )
    case(
        "crimes_wide_measures_over_month.xlsx",
        "crimes",
        None,
        "error",
        1,
        "offence",  # round 15: the cases occurred are read per month; the sheet "BC" names no offence
        "missing required column",
    )
    # a register's model types typed in TCVN3 (under a Unicode header): converted
    case(
        "rollout_tcvn3_model_type.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
                ["MH-02", "Đống Đa", "Láng Hạ", "Tæ tù qu¶n", "01/06/2023", ""],
            ],
            h=r_head,
        ),
        "repair",
        None,
        None,
        "TCVN3",
        2,
    )


def round10_cases() -> None:
    """Round 10: a hostile sweep of incident lists (a police case register, "sổ thụ lý", exported)."""
    head = ["Số hồ sơ", "Ngày xảy ra", "Quận/Huyện", "Tội danh"]

    def lines(body: list[list[object]], sep: str = ",", h: list[str] = head) -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    base = [
        ["HS-01", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
        ["HS-02", "17/03/2024", "Đống Đa", "Cướp giật tài sản"],
        ["HS-03", "02/04/2024", "Ba Đình", "Trộm cắp tài sản"],
        ["HS-04", "20/04/2024", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"],
    ]

    def with_col(i: int, vals: list[object]) -> list[list[object]]:
        return [[*r[:i], v, *r[i:]] for r, v in zip(base, vals, strict=True)]

    # -- offences as article numbers -----------------------------------------------------------------------
    case(
        "incidents_r10_article_only.csv",
        "incidents",
        lines(
            [[*r[:3], o] for r, o in zip(base, ["Điều 173", "Điều 171", "Điều 173", "Điều 174"], strict=True)]
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_article_blhs.csv",
        "incidents",
        lines(
            [
                [*r[:3], o]
                for r, o in zip(
                    base, ["Điều 173 BLHS", "Điều 171 BLHS", "Điều 173 BLHS", "Đ.174 BLHS 2015"], strict=True
                )
            ]
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_article_and_name.csv",
        "incidents",
        lines(
            [
                [*r[:3], o]
                for r, o in zip(
                    base,
                    [
                        "Điều 173 - Trộm cắp tài sản",
                        "Điều 171 - Cướp giật tài sản",
                        "Điều 173 - Trộm cắp tài sản",
                        "Điều 174 - Lừa đảo chiếm đoạt tài sản",
                    ],
                    strict=True,
                )
            ]
        ),
        "ok",
        total=4,
    )
    # one offence written three ways in one list: "Điều 173", "Điều 173 BLHS", "Trộm cắp tài sản (Điều 173)"
    case(
        "incidents_r10_article_mixed_forms.csv",
        "incidents",
        lines(
            [
                [*r[:3], o]
                for r, o in zip(
                    base,
                    [
                        "Điều 173",
                        "Điều 171 BLHS",
                        "Điều 173 - Trộm cắp tài sản",
                        "Trộm cắp tài sản (Điều 173)",
                    ],
                    strict=True,
                )
            ]
        ),
        "repair",
        None,
        None,
        "same article of the Penal Code",
        total=4,
    )
    # -- places ------------------------------------------------------------------------------------------
    case(
        "incidents_r10_ward_only.csv",
        "incidents",
        lines(
            [
                [r[0], r[1], w, r[3]]
                for r, w in zip(base, ["Phúc Xá", "Láng Hạ", "Kim Mã", "Quảng An"], strict=True)
            ],
            h=["Số hồ sơ", "Ngày xảy ra", "Phường", "Tội danh"],
        ),
        "error",
        1,
        "district",
        "missing required column",
    )
    case(
        "incidents_r10_ward_in_district_column.csv",
        "incidents",
        lines(
            [
                [r[0], r[1], w, r[3]]
                for r, w in zip(
                    base,
                    ["Phường Phúc Xá", "Phường Láng Hạ", "Phường Kim Mã", "Phường Quảng An"],
                    strict=True,
                )
            ]
        ),
        "error",
        2,
        "Quận/Huyện",
        "unknown district",
    )
    case(
        "incidents_r10_ward_and_district.csv",
        "incidents",
        lines(
            with_col(2, ["Phúc Xá", "Láng Hạ", "Kim Mã", "Quảng An"]),
            h=["Số hồ sơ", "Ngày xảy ra", "Phường/Xã", "Quận/Huyện", "Tội danh"],
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_address_place.csv",
        "incidents",
        lines(
            [[r[0], r[1], f'"số {i} phố X, phường Y, quận {r[2]}"', r[3]] for i, r in enumerate(base, 1)],
            h=["Số hồ sơ", "Ngày xảy ra", "Địa điểm xảy ra", "Tội danh"],
        ),
        "error",
        1,
        "district",
        "missing required column",
    )
    # new wards of the 2025 reform (one level of local government from 1 July 2025)
    new = [
        ["HS-11", "05/08/2025", "Phường Ba Đình", "Trộm cắp tài sản"],
        ["HS-12", "17/08/2025", "Phường Văn Miếu - Quốc Tử Giám", "Cướp giật tài sản"],
        ["HS-13", "02/09/2025", "Phường Hoàn Kiếm", "Trộm cắp tài sản"],
        ["HS-14", "20/09/2025", "Phường Tây Hồ", "Lừa đảo chiếm đoạt tài sản"],
    ]
    case(
        "incidents_r10_new_wards_2025.csv",
        "incidents",
        lines(new, h=["Số hồ sơ", "Ngày xảy ra", "Phường/Xã", "Tội danh"]),
        "error",
        1,
        "district",
        "missing required column",
    )
    # ... read when the ward column is named the unit (after the reform the ward is the unit)
    case(
        "incidents_r10_new_wards_2025.csv",
        "incidents",
        None,
        "ok",
        total=4,
        columns={"Phường/Xã": "district"},
    )
    case("incidents_r10_new_wards_in_district_column.csv", "incidents", lines(new), "ok", total=4)
    case(
        "incidents_r10_district_after_reform.csv",
        "incidents",
        lines(
            [
                [
                    r[0],
                    r[1].replace("2024", "2025").replace("/03/", "/08/").replace("/04/", "/09/"),
                    r[2],
                    r[3],
                ]
                for r in base
            ]
        ),
        "ok",
        total=4,
    )
    # -- dates and times --------------------------------------------------------------------------------
    case(
        "incidents_r10_date_time.csv",
        "incidents",
        lines(
            [
                [r[0], r[1] + t, *r[2:]]
                for r, t in zip(base, [" 14:30", " 08:05", " 23:59:59", " 0:15"], strict=True)
            ]
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_hour_day.csv",
        "incidents",
        lines(
            [
                [r[0], f"{t} ngày {r[1]}", *r[2:]]
                for r, t in zip(base, ["14h30", "8h", "22 giờ 15", "khoảng 23h"], strict=True)
            ],
            h=["Số hồ sơ", "Thời gian xảy ra", "Quận/Huyện", "Tội danh"],
        ),
        "error",
        5,
        "Thời gian xảy ra",
        "unparseable date",
    )
    case(
        "incidents_r10_iso_date_time.csv",
        "incidents",
        lines([[r[0], f"2024-03-0{i}T1{i}:30:00", *r[2:]] for i, r in enumerate(base, 1)]),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_time_ampm.csv",
        "incidents",
        lines([[r[0], r[1] + " 02:30 PM", *r[2:]] for r in base]),
        "ok",
        total=4,
    )
    xlsx(
        "incidents_r10_excel_datetimes.xlsx",
        [head, *[[r[0], dt.datetime(2024, 3, 1 + i, 9 + i, 45), *r[2:]] for i, r in enumerate(base)]],
    )
    case("incidents_r10_excel_datetimes.xlsx", "incidents", None, "ok", total=4)
    xlsx(
        "incidents_r10_excel_date_and_time.xlsx",
        [
            ["Số hồ sơ", "Ngày xảy ra", "Giờ", "Quận/Huyện", "Tội danh"],
            *[[r[0], dt.datetime(2024, 3, 1 + i), dt.time(9 + i, 45), *r[2:]] for i, r in enumerate(base)],
        ],
    )
    case("incidents_r10_excel_date_and_time.xlsx", "incidents", None, "ok", total=4)
    # a case at 23:30 on 31 January and one at 00:10 on 1 February: each in its own month
    case(
        "incidents_r10_month_end.csv",
        "incidents",
        lines(
            [
                ["HS-01", "31/01/2024 23:30", "Ba Đình", "Trộm cắp tài sản"],
                ["HS-02", "01/02/2024 00:10", "Ba Đình", "Trộm cắp tài sản"],
                ["HS-03", "29/02/2024 12:00", "Đống Đa", "Cướp giật tài sản"],
                ["HS-04", "31/12/2023 23:59", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"],
            ]
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_before_2000.csv",
        "incidents",
        lines([*base[:3], ["HS-05", "15/06/1998", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"]]),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_future_with_time.csv",
        "incidents",
        lines([*base[:3], ["HS-05", "15/06/2099 10:00", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"]]),
        "error",
        5,
        "Ngày xảy ra",
        "date in the future",
    )
    case(
        "incidents_r10_date_unknown.csv",
        "incidents",
        lines([*base[:3], ["HS-05", "Không rõ", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"]]),
        "error",
        5,
        "Ngày xảy ra",
        "unparseable date",
    )
    case(
        "incidents_r10_date_range.csv",
        "incidents",
        lines([*base[:3], ["HS-05", "Từ 01/04 đến 05/04/2024", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"]]),
        "error",
        5,
        "Ngày xảy ra",
        "unparseable date",
    )
    case(
        "incidents_r10_two_digit_year_time.csv",
        "incidents",
        lines([*base[:3], ["HS-05", "05/04/24 14:30", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"]]),
        "error",
        5,
        "Ngày xảy ra",
        "unparseable date",
    )
    # -- double entries ---------------------------------------------------------------------------------
    case(
        "incidents_r10_case_twice_other_offence.csv",
        "incidents",
        lines([*base, ["HS-02", "17/03/2024", "Đống Đa", "Cướp tài sản"]]),
        "ok",
        total=5,
    )
    case(
        "incidents_r10_case_twice_with_time.csv",
        "incidents",
        lines([*base, ["HS-02", "17/03/2024 10:00", "Đống Đa", "Cướp giật tài sản"]]),
        "repair",
        None,
        None,
        "case entered twice",
        total=4,
    )
    case(
        "incidents_r10_case_twice_spelled.csv",
        "incidents",
        lines([*base, ["HS-02", "17/03/2024", "Dong Da", "Cướp giật tài sản"]]),
        "repair",
        None,
        None,
        "case entered twice",
        total=4,
    )
    # -- sheets per month --------------------------------------------------------------------------------
    workbook(
        "incidents_r10_month_sheets.xlsx",
        {
            "T3-2024": [head, *base[:2]],
            "T4-2024": [head, *base[2:]],
        },
    )
    case("incidents_r10_month_sheets.xlsx", "incidents", None, "ok", total=4, sheet="all")
    workbook(
        "incidents_r10_month_sheets_titles.xlsx",
        {
            "Tháng 3": [["DANH SÁCH VỤ VIỆC THÁNG 3 NĂM 2024"], [], head, *base[:2], ["Tổng: 2 vụ"]],
            "Tháng 4": [["DANH SÁCH VỤ VIỆC THÁNG 4 NĂM 2024"], [], head, *base[2:], ["Tổng: 2 vụ"]],
        },
    )
    case(
        "incidents_r10_month_sheets_titles.xlsx",
        "incidents",
        None,
        "repair",
        None,
        None,
        "total row",
        4,
        sheet="all",
    )
    # -- headers ----------------------------------------------------------------------------------------
    workbook(
        "incidents_r10_merged_time_header.xlsx",
        {
            "DS": [
                ["Số hồ sơ", "Thời gian", None, "Địa điểm", None, "Tội danh"],
                [None, "Ngày", "Giờ", "Phường", "Quận", None],
                *[[r[0], r[1], "14:30", "Phúc Xá", r[2], r[3]] for r in base],
            ]
        },
        merge_cells=("A1:A2", "B1:C1", "D1:E1", "F1:F2"),
    )
    case(
        "incidents_r10_merged_time_header.xlsx", "incidents", None, "repair", None, None, "two-row header", 4
    )
    case(
        "incidents_r10_two_row_header.csv",
        "incidents",
        lines(
            [["", "Ngày", "Giờ", "", ""], *[[r[0], r[1], "14:30", r[2], r[3]] for r in base]],
            h=["Số hồ sơ", "Thời gian xảy ra", "", "Quận/Huyện", "Tội danh"],
        ),
        "repair",
        None,
        None,
        "two-row header",
        total=4,
    )
    # -- status, blank rows, totals ---------------------------------------------------------------------
    case(
        "incidents_r10_status_column.csv",
        "incidents",
        lines(
            with_col(4, ["Đã khởi tố", "Đình chỉ", "Không khởi tố", "Tạm đình chỉ"]),
            h=[*head, "Kết quả giải quyết"],
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_blank_rows_between.csv",
        "incidents",
        lines([base[0], ["", "", "", ""], base[1], ["", "", "", ""], base[2], ["", "", "", ""], base[3]]),
        "repair",
        None,
        None,
        "blank line",
        total=4,
    )
    case(
        "incidents_r10_total_vu.csv",
        "incidents",
        lines([*base, ["Tổng: 4 vụ", "", "", ""]]),
        "repair",
        None,
        None,
        "total row",
        total=4,
    )
    case(
        "incidents_r10_total_125.csv",
        "incidents",
        lines([*base, ["Tổng: 125 vụ", "", "", ""]]),
        "error",
        6,
        "Ngày xảy ra",
        "total row says 125",
    )
    case(
        "incidents_r10_total_in_offence_column.csv",
        "incidents",
        lines([*base, ["", "", "", "Tổng cộng: 04 vụ việc"]]),
        "repair",
        None,
        None,
        "total row",
        total=4,
    )
    # -- personal data ----------------------------------------------------------------------------------
    personal_h = [
        *head,
        "Họ và tên người bị hại",
        "Năm sinh",
        "Số CMND/CCCD",
        "Nơi thường trú",
        "Chỗ ở hiện nay",
        "Quê quán",
        "SĐT liên hệ",
    ]
    people = [
        [
            "Nguyễn Văn An",
            "1985",
            "001085012345",
            '"Số 1 Phúc Xá, Ba Đình"',
            "Ngõ 2 Láng Hạ",
            "Nam Định",
            "0912345678",
        ],
        [
            "Trần Thị Bình",
            "1990",
            "001190023456",
            '"Số 3 Láng Hạ, Đống Đa"',
            "Kim Mã",
            "Thái Bình",
            "0987654321",
        ],
        [
            "Lê Văn Cường",
            "1979",
            "001079034567",
            '"Số 5 Kim Mã, Ba Đình"',
            "Quảng An",
            "Hà Nam",
            "0901234567",
        ],
        [
            "Phạm Thị Dung",
            "2001",
            "001301045678",
            '"Số 7 Quảng An, Tây Hồ"',
            "Phúc Xá",
            "Nghệ An",
            "0934567890",
        ],
    ]
    case(
        "incidents_r10_personal_unusual_headers.csv",
        "incidents",
        lines([[*r, *p] for r, p in zip(base, people, strict=True)], h=personal_h),
        "repair",
        None,
        None,
        "Nơi thường trú",
        total=4,
    )
    # a victim's address column before the place of the offence: must not be read as the district
    case(
        "incidents_r10_address_before_district.csv",
        "incidents",
        lines(
            [[r[0], r[1], "Hoàn Kiếm", r[2], r[3]] for r in base],
            h=["Số hồ sơ", "Ngày xảy ra", "Quận (nơi cư trú)", "Quận/Huyện", "Tội danh"],
        ),
        "repair",
        None,
        None,
        "Quận (nơi cư trú)",
        total=4,
    )
    # -- free text with commas, quotes and line breaks --------------------------------------------------
    notes = [
        '"Đối tượng lấy xe máy, biển số 29A-123.45; ""bỏ chạy"""',
        '"Giật túi xách\nở ngã tư, trị giá 5.000.000đ"',
        '"Trộm điện thoại,\r\nví"',
        '"Lừa qua mạng, chuyển khoản\n\n3 lần"',
    ]
    case(
        "incidents_r10_free_text_quotes.csv",
        "incidents",
        lines(with_col(4, notes), h=[*head, "Tóm tắt nội dung"]),
        "ok",
        total=4,
    )
    case(
        "incidents_r10_free_text_semicolon.csv",
        "incidents",
        lines(with_col(4, [n.replace(",", ";") for n in notes]), sep=";", h=[*head, "Tóm tắt nội dung"]),
        "ok",
        total=4,
    )
    # a count of victims beside each case, not a count of cases
    case(
        "incidents_r10_victims_column.csv",
        "incidents",
        lines(with_col(4, ["1", "2", "1", "3"]), h=[*head, "Số người bị hại"]),
        "repair",
        None,
        None,
        "Số người bị hại",
        total=4,
    )
    case(
        "incidents_r10_stt_and_numbered_offence.csv",
        "incidents",
        lines([[i, *r[:3], f"{i}. {r[3]}"] for i, r in enumerate(base, 1)], h=["STT", *head]),
        "repair",
        None,
        None,
        "numbering",
        total=4,
    )

    # a victim's residence as a two-row header ("Nơi thường trú" over "Quận" | "Phường"): personal, never the place
    workbook(
        "incidents_r10_residence_group_header.xlsx",
        {
            "DS": [
                ["Số hồ sơ", "Ngày xảy ra", "Quận/Huyện", "Tội danh", "Nơi thường trú", None],
                [None, None, None, None, "Quận", "Phường"],
                *[[*r, "Hoàn Kiếm", "Hàng Bạc"] for r in base],
            ]
        },
        merge_cells=("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"),
    )
    case("incidents_r10_residence_group_header.xlsx", "incidents", None, "repair", None, None, "personal", 4)
    # one article with two names: the analyst's own categories, kept apart (said)
    case(
        "incidents_r10_article_two_names.csv",
        "incidents",
        lines(
            [
                [*r[:3], o]
                for r, o in zip(
                    base,
                    ["Điều 173 - Trộm cắp xe máy", "Điều 171", "Điều 173 - Trộm cắp tài sản", "Điều 173"],
                    strict=True,
                )
            ]
        ),
        "repair",
        None,
        None,
        "kept apart",
        4,
    )
    # the name alone beside the article that names it: one offence
    case(
        "incidents_r10_article_and_bare_name.csv",
        "incidents",
        lines(
            [
                [*r[:3], o]
                for r, o in zip(
                    base,
                    ["Trộm cắp tài sản", "Điều 171", "Điều 173 - Trộm cắp tài sản", "Trộm cắp tài sản"],
                    strict=True,
                )
            ]
        ),
        "repair",
        None,
        None,
        "same article of the Penal Code",
        4,
    )
    # the Excel datetimes of a case register, in a Parquet file
    parquet(
        "incidents_r10_datetimes.parquet",
        pd.DataFrame(
            {
                "Số hồ sơ": [r[0] for r in base],
                "Ngày xảy ra": pd.to_datetime(
                    ["2024-03-05 14:30", "2024-03-17 08:05", "2024-04-02 23:59", "2024-04-20 00:15"]
                ),
                "Quận/Huyện": [r[2] for r in base],
                "Tội danh": [r[3] for r in base],
            }
        ),
    )
    case("incidents_r10_datetimes.parquet", "incidents", None, "ok", total=4)


def round11_cases() -> None:
    """Round 11 (2026-12-08): units written in count cells, period labels as other systems write them (Roman
    months, "2024M01", English months, "Q1/24"), police units for districts ("CAQ Ba Đình"), offences given by
    their Penal Code article across a counts table and a workbook's sheets, census tables with footnotes and
    preliminary years, unlabelled totals, Excel's text mark, other spreadsheet formats."""
    from openpyxl import Workbook
    from openpyxl.worksheet.table import Table

    head = ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"]
    rows = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Đống Đa", "02/2024", "Cướp giật tài sản", 4],
    ]
    total = sum(int(r[3]) for r in rows)

    def lines(body: list[list[object]], sep: str = ",", h: list[str] = head) -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    def counts(fmt: str) -> list[list[object]]:
        return [[*r[:3], fmt.format(r[3])] for r in rows]

    # -- units written in the count cells ---------------------------------------------------------------
    case(
        "crimes_r11_count_unit_vu.csv", "crimes", lines(counts("{} vụ")), "repair", None, None, "'vụ'", total
    )
    workbook("crimes_r11_count_unit_vu_viec.xlsx", {"BC": [head, *counts("{} vụ việc")]})
    case("crimes_r11_count_unit_vu_viec.xlsx", "crimes", None, "repair", None, None, "'vụ việc'", total)
    case(
        "crimes_r11_count_unit_thousands.csv",
        "crimes",
        lines([*counts("{} vụ")[:3], ["Đống Đa", "02/2024", "Vi phạm giao thông", "1.234 vụ"]]),
        "repair",
        None,
        None,
        "'vụ'",
        22 + 1234,
    )
    # some cells with the unit, some without; two units in one column: refused
    case(
        "crimes_r11_count_unit_some_cells.csv",
        "crimes",
        lines([[*r[:3], f"{r[3]} vụ" if i % 2 else r[3]] for i, r in enumerate(rows)]),
        "error",
        3,
        "Số vụ",
        "not a number",
    )
    case(
        "crimes_r11_count_units_differ.csv",
        "crimes",
        lines([[*r[:3], f"{r[3]} {'vụ' if i < 2 else 'đối tượng'}"] for i, r in enumerate(rows)]),
        "error",
        2,
        "Số vụ",
        "not a number",
    )
    # a wide month sheet whose cells say "4 vụ"
    grid = {"Ba Đình": [4, 6, 5], "Đống Đa": [3, 2, 8]}
    workbook(
        "crimes_r11_wide_unit_cells.xlsx",
        {
            "BC": [
                ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "T3/2024"],
                *[[d, "Trộm cắp tài sản", *(f"{x} vụ" for x in v)] for d, v in grid.items()],
            ]
        },
    )
    case("crimes_r11_wide_unit_cells.xlsx", "crimes", None, "repair", None, None, "'vụ'", 28)
    # the total row written "Tổng: 26 vụ" under counts with their unit
    case(
        "crimes_r11_count_unit_total_row.csv",
        "crimes",
        lines([*counts("{} vụ"), ["Tổng cộng", None, None, f"{total} vụ"]]),
        "repair",
        None,
        None,
        "total row",
        total,
    )
    # population cells "221.893 người", and a unit that is not the contract's ("nghìn người"): refused
    case(
        "population_r11_unit_cells.csv",
        "population",
        lines(
            [["Ba Đình", 2019, "221.893 người"], ["Hoàn Kiếm", 2019, "135.618 người"]],
            h=["Quận/Huyện", "Năm", "Dân số"],
        ),
        "repair",
        None,
        None,
        "'người'",
        221893 + 135618,
    )
    case(
        "population_r11_thousands_in_cells.csv",
        "population",
        lines(
            [["Ba Đình", 2019, '"221,9 nghìn người"'], ["Hoàn Kiếm", 2019, '"135,6 nghìn người"']],
            h=["Quận/Huyện", "Năm", "Dân số"],
        ),
        "error",
        2,
        "Dân số",
        "not a number",
    )
    # -- Excel's text mark: a leading apostrophe kept by a CSV export --------------------------------------
    case(
        "crimes_r11_count_apostrophe.csv",
        "crimes",
        lines([[*r[:3], f"'{r[3]}"] for r in rows]),
        "repair",
        None,
        None,
        "apostrophe",
        total,
    )
    case(
        "incidents_r11_apostrophe_dates.csv",
        "incidents",
        "Số hồ sơ,Ngày xảy ra,Quận/Huyện,Tội danh\n'001,'05/03/2024,Ba Đình,Trộm cắp tài sản\n"
        "'002,'17/03/2024,Đống Đa,Cướp giật tài sản\n",
        "repair",
        None,
        None,
        "apostrophe",
        2,
    )
    # -- totals without a label --------------------------------------------------------------------------
    case(
        "crimes_r11_unlabelled_total.csv",
        "crimes",
        lines([*rows, [None, None, None, total]]),
        "repair",
        None,
        None,
        "total row",
        total,
    )
    case(
        "crimes_r11_unlabelled_total_mismatch.csv",
        "crimes",
        lines([*rows, [None, None, None, total + 5]]),
        "error",
        6,
        "Số vụ",
        f"says {total + 5}",
    )
    workbook("crimes_r11_unlabelled_total.xlsx", {"BC": [head, *rows, [None, None, None, total]]})
    case("crimes_r11_unlabelled_total.xlsx", "crimes", None, "repair", None, None, "total row", total)
    case(
        "incidents_r11_unlabelled_total.csv",
        "incidents",
        "Ngày xảy ra,Quận/Huyện,Tội danh\n05/03/2024,Ba Đình,Trộm cắp tài sản\n17/03/2024,Đống Đa,Cướp giật tài sản\n"
        ",,2\n",
        "repair",
        None,
        None,
        "total row",
        2,
    )
    # an Excel table (ListObject) with its totals row ("Total" and a SUBTOTAL with its cached value)
    wb = Workbook()
    ws = wb.active
    ws.title = "BC"
    for r in [head, *rows, ["Total", None, None, total]]:
        ws.append(r)
    table = Table(displayName="BaoCao", ref=f"A1:D{len(rows) + 2}", totalsRowCount=1)
    ws.add_table(table)
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "trends corpus"
    wb.save(HERE / "crimes_r11_table_totals_row.xlsx")
    deterministic_zip(HERE / "crimes_r11_table_totals_row.xlsx")
    case("crimes_r11_table_totals_row.xlsx", "crimes", None, "repair", None, None, "total row", total)
    # -- periods as other systems write them -------------------------------------------------------------
    for name, labels, outcome, fragment in (
        (
            "crimes_r11_period_roman_months.csv",
            ["Tháng I/2024", "Tháng I/2024", "Tháng III/2024", "Tháng XII/2023"],
            "ok",
            "",
        ),
        ("crimes_r11_period_2024m01.csv", ["2024M01", "2024M01", "2024M02", "2023M12"], "ok", ""),
        (
            "crimes_r11_period_english_cells.csv",
            ["Jan-2024", "Jan 2024", "Mar-24", "December 2023"],
            "ok",
            "",
        ),
        ("crimes_r11_period_t_two_digit.csv", ["T1/24", "T01/24", "T3/24", "T12/23"], "ok", ""),
        (
            "crimes_r11_period_mm_dash_yy.csv",
            ["01-24", "01-24", "03-24", "12-23"],
            "error",
            "unparseable period",
        ),
        (
            "crimes_r11_period_month_span.csv",
            ["Tháng 1-3/2024", "Tháng 1-3/2024", "Tháng 4-6/2024", "Tháng 4-6/2024"],
            "error",
            "unparseable period",
        ),
        (
            "crimes_r11_period_half_year.csv",
            [
                "6 tháng đầu năm 2024",
                "6 tháng đầu năm 2024",
                "6 tháng cuối năm 2024",
                "6 tháng cuối năm 2024",
            ],
            "error",
            "unparseable period",
        ),
    ):
        case(
            name,
            "crimes",
            lines([[r[0], p, r[2], r[3]] for r, p in zip(rows, labels, strict=True)]),
            outcome,
            2 if outcome == "error" else None,
            "Tháng" if outcome == "error" else None,
            fragment,
            None if outcome == "error" else total,
        )
    case(
        "crimes_r11_period_quarter_two_digit.csv",
        "crimes",
        lines(
            [
                [r[0], p, r[2], r[3]]
                for r, p in zip(rows, ["Q1/24", "Q1/24", "Q2/24", "Quý IV/23"], strict=True)
            ],
            h=["Quận/Huyện", "Quý", "Tội danh", "Số vụ"],
        ),
        "ok",
        total=total,
    )
    # -- wide sheets with such month headers -------------------------------------------------------------
    for name, cols in (
        ("crimes_r11_wide_roman_months.csv", ["Tháng I/2024", "Tháng II/2024", "Tháng III/2024"]),
        ("crimes_r11_wide_2024m.csv", ["2024M01", "2024M02", "2024M03"]),
        ("crimes_r11_wide_quarters_two_digit.csv", ["Q1/24", "Q2/24", "Q3/24"]),
    ):
        case(
            name,
            "crimes",
            lines(
                [[d, "Trộm cắp tài sản", *v] for d, v in grid.items()], h=["Quận/Huyện", "Tội danh", *cols]
            ),
            "repair",
            None,
            None,
            "wide",
            28,
        )
    workbook(
        "crimes_r11_wide_roman_months_title_year.xlsx",
        {
            "BC": [
                ["BÁO CÁO TÌNH HÌNH TỘI PHẠM NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Tháng I", "Tháng II", "Tháng III"],
                *[[d, "Trộm cắp tài sản", *v] for d, v in grid.items()],
            ]
        },
    )
    case("crimes_r11_wide_roman_months_title_year.xlsx", "crimes", None, "repair", None, None, "wide", 28)
    # "01/24" over the columns: a day and month or a month and two-digit year? refused as before
    case(
        "crimes_r11_wide_mm_yy.csv",
        "crimes",
        lines(
            [[d, "Trộm cắp tài sản", *v] for d, v in grid.items()],
            h=["Quận/Huyện", "Tội danh", "01/24", "02/24", "03/24"],
        ),
        "error",
        1,
        "period",
        "missing required column",
    )
    # -- police units for districts ----------------------------------------------------------------------
    police = ["CAQ Ba Đình", "CAQ. Đống Đa", "CAH Sóc Sơn", "CATX Sơn Tây"]
    case(
        "crimes_r11_police_unit_abbreviations.csv",
        "crimes",
        lines(
            [[u, "01/2024", "Trộm cắp tài sản", n] for u, n in zip(police, (5, 3, 2, 4), strict=True)],
            h=["Đơn vị", "Tháng", "Tội danh", "Số vụ"],
        ),
        "ok",
        total=14,
    )
    case(
        "incidents_r11_police_unit_abbreviations.csv",
        "incidents",
        lines(
            [["05/03/2024", u, "Trộm cắp tài sản"] for u in police],
            h=["Ngày xảy ra", "Đơn vị", "Tội danh"],
        ),
        "ok",
        total=4,
    )
    case(
        "rollout_r11_police_units.csv",
        "rollout",
        lines(
            [
                ["MH-01", "Công an quận Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
                ["MH-02", "CAQ Đống Đa", "Láng Hạ", "Camera an ninh", "01/06/2023", ""],
                ["MH-03", "Công an huyện Sóc Sơn", "Phù Linh", "Tổ liên gia", "01/02/2021", ""],
            ],
            h=["Mã mô hình", "Đơn vị", "Phường/xã", "Loại mô hình", "Ngày bắt đầu", "Ngày kết thúc"],
        ),
        "ok",
        total=3,
    )
    # a city department (criminal police, "PC02") among the district police: no district of its own
    case(
        "crimes_r11_city_department_unit.csv",
        "crimes",
        lines(
            [
                ["Công an quận Ba Đình", "01/2024", "Trộm cắp tài sản", 5],
                ["Phòng Cảnh sát hình sự (PC02)", "01/2024", "Trộm cắp tài sản", 2],
            ],
            h=["Đơn vị", "Tháng", "Tội danh", "Số vụ"],
        ),
        "error",
        3,
        "Đơn vị",
        "unknown district",
    )
    # one sheet per district police unit, named "CAQ Ba Đình", read with sheet="all"
    workbook(
        "crimes_r11_police_unit_sheets.xlsx",
        {
            u: [
                ["Tháng", "Tội danh", "Số vụ"],
                ["01/2024", "Trộm cắp tài sản", n],
                ["02/2024", "Trộm cắp tài sản", n + 1],
            ]
            for u, n in (("CAQ Ba Đình", 4), ("CAQ Đống Đa", 2))
        },
    )
    case("crimes_r11_police_unit_sheets.xlsx", "crimes", None, "repair", None, None, "sheet", 14, sheet="all")
    # a former unit marked "(cũ)" (after a reform, the data of the old district)
    case(
        "crimes_r11_district_former_mark.csv",
        "crimes",
        lines(
            [
                ["Quận Ba Đình (cũ)", "01/2024", "Trộm cắp tài sản", 5],
                ["Quận Hoàn Kiếm (cũ)", "01/2024", "Trộm cắp tài sản", 3],
                ["Huyện Sóc Sơn (cũ)", "01/2024", "Trộm cắp tài sản", 2],
            ]
        ),
        "ok",
        total=10,
    )

    # -- offences given by their Penal Code article --------------------------------------------------------
    def offences(labels: list[str]) -> list[list[object]]:
        return [[r[0], r[1], o, r[3]] for r, o in zip(rows, labels, strict=True)]

    case(
        "crimes_r11_article_only.csv",
        "crimes",
        lines(offences(["Điều 173", "Điều 173", "Điều 171", "Điều 171"])),
        "repair",
        None,
        None,
        "Penal Code",
        total,
    )
    case(
        "crimes_r11_article_and_name.csv",
        "crimes",
        lines(offences(["Điều 173", "Trộm cắp tài sản", "Điều 171 BLHS", "Cướp giật tài sản"])),
        "repair",
        None,
        None,
        "Penal Code",
        total,
    )
    # the same offence twice in one cell of the table, once by article and once by name: a duplicate
    case(
        "crimes_r11_article_and_name_same_cell.csv",
        "crimes",
        lines([*rows[:2], ["Ba Đình", "01/2024", "Điều 173", 2]]),
        "error",
        2,
        "Quận/Huyện",
        "duplicate",
    )
    workbook(
        "crimes_r11_article_month_sheets.xlsx",
        {
            "T1-2024": [
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Điều 173", 12],
                ["Đống Đa", "Điều 171", 3],
            ],
            "T2-2024": [
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Trộm cắp tài sản", 9],
                ["Đống Đa", "Cướp giật tài sản", 4],
            ],
        },
    )
    case(
        "crimes_r11_article_month_sheets.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Penal Code",
        28,
        sheet="all",
    )
    workbook(
        "incidents_r11_article_sheets.xlsx",
        {
            "T3-2024": [
                ["Ngày xảy ra", "Quận/Huyện", "Tội danh"],
                ["05/03/2024", "Ba Đình", "Điều 173 - Trộm cắp tài sản"],
                ["17/03/2024", "Đống Đa", "Điều 174"],
            ],
            "T4-2024": [
                ["Ngày xảy ra", "Quận/Huyện", "Tội danh"],
                ["02/04/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["20/04/2024", "Tây Hồ", "Lừa đảo chiếm đoạt tài sản"],
            ],
        },
    )
    case(
        "incidents_r11_article_sheets.xlsx",
        "incidents",
        None,
        "repair",
        None,
        None,
        "Penal Code",
        4,
        sheet="all",
    )
    inc_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    case(
        "incidents_r11_article_clauses.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Khoản 1 Điều 173 BLHS"],
                ["06/03/2024", "Ba Đình", "điểm c khoản 2 Điều 173"],
                ["07/03/2024", "Đống Đa", "Điều 134 khoản 1"],
                ["08/03/2024", "Đống Đa", "Cố ý gây thương tích"],
            ],
            h=inc_h,
        ),
        "repair",
        None,
        None,
        "Penal Code",
        4,
    )
    # an article of the 1999 Code (its theft was Article 138): never named by the 2015 Code's table
    case(
        "incidents_r11_article_old_code.csv",
        "incidents",
        lines(
            [
                ["05/03/2015", "Ba Đình", "Điều 138 BLHS 1999"],
                ["06/03/2015", "Ba Đình", "Điều 138 BLHS 1999"],
                ["07/03/2015", "Đống Đa", "Điều 321"],
            ],
            h=inc_h,
        ),
        "repair",
        None,
        None,
        "Penal Code",
        3,
    )
    # an article the table does not hold: kept as written, without a word
    case(
        "incidents_r11_article_not_in_table.csv",
        "incidents",
        lines(
            [["05/03/2024", "Ba Đình", "Điều 285 BLHS"], ["06/03/2024", "Đống Đa", "Điều 285 BLHS"]],
            h=inc_h,
        ),
        "ok",
        total=2,
    )
    # -- census tables ---------------------------------------------------------------------------------
    case(
        "population_r11_header_footnote.csv",
        "population",
        lines(
            [
                ["Ba Đình", 2019, 221893],
                ["Hoàn Kiếm", 2019, 135618],
                [],
                ["(*) Số liệu Tổng điều tra 01/4/2019", None, None],
            ],
            h=["Quận/Huyện", "Năm", "Dân số trung bình (người) (*)"],
        ),
        "repair",
        None,
        None,
        "note",
        221893 + 135618,
    )
    workbook(
        "population_r11_preliminary_year_column.xlsx",
        {
            "DS": [
                ["DÂN SỐ TRUNG BÌNH PHÂN THEO QUẬN/HUYỆN (người)"],
                ["Quận/Huyện", "2022", "2023", "Sơ bộ 2024"],
                ["Ba Đình", 223000, 224000, 225000],
                ["Hoàn Kiếm", 136000, 136500, 137000],
            ]
        },
    )
    case(
        "population_r11_preliminary_year_column.xlsx",
        "population",
        None,
        "repair",
        None,
        None,
        "preliminary",
        223000 + 224000 + 225000 + 136000 + 136500 + 137000,
    )
    case(
        "population_r11_preliminary_year_cell.csv",
        "population",
        lines(
            [
                ["Ba Đình", "2023", 224000],
                ["Ba Đình", "2024 (sơ bộ)", 225000],
                ["Hoàn Kiếm", "Sơ bộ 2024", 137000],
            ],
            h=["Quận/Huyện", "Năm", "Dân số trung bình (người)"],
        ),
        "repair",
        None,
        None,
        "preliminary",
        224000 + 225000 + 137000,
    )
    # years as rows, districts as columns: refused until round 12, read since (a column per district)
    case(
        "population_r11_years_as_rows.csv",
        "population",
        lines([["2019", 221893, 135618], ["2020", 222500, 135900]], h=["Năm", "Ba Đình", "Hoàn Kiếm"]),
        "repair",
        None,
        None,
        "column per district",
        221893 + 135618 + 222500 + 135900,
    )
    # -- registers ------------------------------------------------------------------------------------
    case(
        "rollout_r11_model_count_no_ids.csv",
        "rollout",
        lines(
            [
                ["Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", 3],
                ["Đống Đa", "Láng Hạ", "Tổ liên gia", "01/06/2023", 2],
            ],
            h=["Quận/huyện", "Phường/xã", "Loại mô hình", "Ngày bắt đầu", "Số mô hình"],
        ),
        "repair",  # refused until round 12; since, each row is that many models
        None,
        None,
        "counts the models each row stands for",
        5,
    )
    # -- dates ------------------------------------------------------------------------------------------
    case(
        "incidents_r11_lunar_date.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["mùng 2 Tết Giáp Thìn", "Đống Đa", "Trộm cắp tài sản"],
            ],
            h=inc_h,
        ),
        "error",
        3,
        "Ngày xảy ra",
        "unparseable date",
    )
    # -- other spreadsheet formats ----------------------------------------------------------------------
    case("crimes_r11_binary_workbook.xlsb", "crimes", b"PK\x03\x04" + b"\x00" * 60, "error", 1, None, ".xlsb")
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as z:
        info = zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(info, "application/vnd.oasis.opendocument.spreadsheet")
        info = zipfile.ZipInfo("content.xml", date_time=(2024, 1, 1, 0, 0, 0))
        z.writestr(info, '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
    case("crimes_r11_ods_renamed.xlsx", "crimes", ods.getvalue(), "error", 1, None, "OpenDocument")


def round12_cases() -> None:
    """Round 12 (2026-12-07): population tables with a row per year and a column per district, registers whose
    rows count several models, lists with a ward column only, and police statistics exports not covered
    before: English district names, administrative codes, a total in the middle, footnote marks in names, a
    second table under the first, cover and contents sheets, percent sheets, long Vietnamese dates, a
    two-row cross header, a sheet per district with month columns, hidden columns, Vietnamese separators in
    population tables."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    # -- (a) population: a row per year, a column per district -------------------------------------------
    names = ["Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Sóc Sơn"]
    base = [221893, 135618, 160495, 343432]
    years = list(range(2015, 2025))
    grid = [[b + 900 * (y - 2019) + 7 * k for k, b in enumerate(base)] for y in years]
    pop_total = sum(sum(r) for r in grid)
    year_cells = [str(y) if y < 2024 else "Sơ bộ 2024" for y in years]
    workbook(
        "population_r12_year_rows_city_total.xlsx",
        {
            "DS": [
                ["DÂN SỐ TRUNG BÌNH PHÂN THEO QUẬN/HUYỆN"],
                ["Đơn vị tính: Người"],
                ["Năm", *names, "Toàn thành phố"],
                *[[c, *r, sum(r)] for c, r in zip(year_cells, grid, strict=True)],
                [],
                ["Nguồn: Cục Thống kê thành phố Hà Nội"],
            ]
        },
    )
    case(
        "population_r12_year_rows_city_total.xlsx",
        "population",
        None,
        "repair",
        None,
        None,
        "'Toàn thành phố'",
        pop_total,
    )
    bad = [
        [c, *r, sum(r) + (1000 if i == 3 else 0)]
        for i, (c, r) in enumerate(zip(year_cells, grid, strict=True))
    ]
    case(
        "population_r12_year_rows_total_mismatch.csv",
        "population",
        lines(bad, ["Năm", *names, "Toàn thành phố"]),
        "error",
        5,
        "Toàn thành phố",
        "row total does not equal",
    )
    english = ["Ba Dinh District", "Hoan Kiem Dist.", "Soc Son rural district", "Son Tay town"]
    eng_base = [221893, 135618, 343432, 145707]
    eng = [[b + 500 * i for b in eng_base] for i in range(3)]
    case(
        "population_r12_year_rows_english.csv",
        "population",
        lines(
            [[y, *r, sum(r)] for y, r in zip(["2022", "2023", "Prel. 2024"], eng, strict=True)],
            ["Year", *english, "Total"],
        ),
        "repair",
        None,
        None,
        "preliminary",
        sum(sum(r) for r in eng),
    )
    workbook(
        "population_r12_year_rows_thousands.xlsx",
        {
            "DS": [
                ["DÂN SỐ TRUNG BÌNH PHÂN THEO QUẬN/HUYỆN"],
                ["Đơn vị tính: Nghìn người"],
                ["Năm", "Ba Đình", "Hoàn Kiếm", "Toàn thành phố"],
                ["2022", 223.1, 136.2, 359.3],
                ["2023", 224.0, 136.5, 360.5],
            ]
        },
    )
    case(
        "population_r12_year_rows_thousands.xlsx",
        "population",
        None,
        "error",
        None,
        "Ba Đình",
        "another unit",
    )
    prefixed = [[2019, 221893, 343432, 145707], [2020, 222100, 345000, 146000]]
    case(
        "population_r12_year_rows_prefixed.csv",
        "population",
        lines(
            [[*r, sum(r[1:])] for r in prefixed],
            ["Năm", "Quận Ba Đình", "Huyện Sóc Sơn", "Thị xã Sơn Tây", "Tổng số"],
        ),
        "repair",
        None,
        None,
        "column per district",
        sum(sum(r[1:]) for r in prefixed),
    )

    # the unit in each district's header ("Ba Đình (người)"), and in the city's
    case(
        "population_r12_year_rows_unit_headers.csv",
        "population",
        lines(
            [[*r, sum(r[1:])] for r in prefixed],
            ["Năm", "Ba Đình (người)", "Sóc Sơn (người)", "Sơn Tây (người)", "Toàn thành phố (người)"],
        ),
        "repair",
        None,
        None,
        "'Toàn thành phố (người)'",
        sum(sum(r[1:]) for r in prefixed),
    )

    # -- (b) registers whose rows count several models ---------------------------------------------------
    reg_h = ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu", "Số mô hình"]
    reg = [
        ["BD-CAM", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/05/2022", 3],
        ["BD-TQ", "Ba Đình", "Đội Cấn", "Tổ tự quản", "01/06/2022", 1],
        ["DD-LG", "Đống Đa", "Láng Hạ", "Tổ liên gia an toàn", "01/03/2023", 2],
    ]
    case(
        "rollout_r12_count_with_ids.csv",
        "rollout",
        lines(reg, reg_h),
        "repair",
        None,
        None,
        "rows standing for several: 2 (3), 4 (2)",
        6,
    )
    for name, cell, frag in (
        ("rollout_r12_count_negative.csv", "-2", "negative count"),
        ("rollout_r12_count_fraction.csv", "1.5", "fractional count"),
        ("rollout_r12_count_blank.csv", "", "missing count"),
        ("rollout_r12_count_text.csv", "nhiều", "not a number"),
    ):
        body = [list(r) for r in reg]
        body[2][5] = cell
        case(name, "rollout", lines(body, reg_h), "error", 4, "Số mô hình", frag)
    case(
        "rollout_r12_count_subtotals.csv",
        "rollout",
        lines(
            [
                reg[0],
                reg[1],
                ["Cộng quận Ba Đình", "", "", "", "", 4],
                reg[2],
                ["Cộng quận Đống Đa", "", "", "", "", 2],
                ["Tổng cộng", "", "", "", "", 6],
            ],
            reg_h,
        ),
        "repair",
        None,
        None,
        "row 4 (4), 6 (2), 7 (6)",
        6,
    )
    case(
        "rollout_r12_count_total_counts_rows.csv",
        "rollout",
        lines([*reg, ["Tổng cộng", "", "", "", "", 3]], reg_h),
        "error",
        5,
        "Ngày bắt đầu",
        "total row says 3 models",
    )
    workbook(
        "rollout_r12_number_of_models_english.xlsx",
        {
            "Models": [
                ["District", "Ward", "Model type", "Start date", "Number of models"],
                ["Ba Dinh District", "Phuc Xa", "Security cameras", "2022-05-01", 4],
                ["Dong Da District", "Lang Ha", "Neighbourhood watch", "2023-03-01", 2],
                ["Hoan Kiem Dist.", "Hang Bac", "Neighbourhood watch", "2023-09-01", 1],
            ]
        },
    )
    case(
        "rollout_r12_number_of_models_english.xlsx",
        "rollout",
        None,
        "repair",
        None,
        None,
        "'Number of models' counts the models",
        7,
    )
    qty_h = ["Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu", "Số lượng"]
    qty = [
        ["BD-01", "Ba Đình", "Camera an ninh", "01/05/2022", 1],
        ["BD-02", "Ba Đình", "Camera an ninh", "01/06/2022", 4],
    ]
    case(
        "rollout_r12_quantity_beside_id.csv",
        "rollout",
        lines(qty, qty_h),
        "error",
        3,
        "Số lượng",
        "'Số mô hình'",
    )
    case(
        "rollout_r12_quantity_beside_id.csv",
        "rollout",
        None,
        "repair",
        None,
        None,
        "counts the models",
        5,
        columns={"Số lượng": "model_count"},
    )
    case(
        "rollout_r12_count_zero.csv",
        "rollout",
        lines([*reg, ["HK-CAM", "Hoàn Kiếm", "Hàng Bạc", "Camera an ninh", "01/01/2024", 0]], reg_h),
        "repair",
        None,
        None,
        "standing for none (0 models, not read): 5",
        6,
    )
    workbook(
        "rollout_r12_count_sheets_no_ids.xlsx",
        {
            "2022": [
                ["Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu", "Số lượng"],
                ["Ba Đình", "Phúc Xá", "Camera an ninh", "01/05/2022", 3],
            ],
            "2023": [
                ["Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu", "Số lượng"],
                ["Đống Đa", "Láng Hạ", "Tổ liên gia an toàn", "01/03/2023", 2],
                ["Đống Đa", "Kim Liên", "Tổ liên gia an toàn", "01/04/2023", 1],
            ],
        },
    )
    case(
        "rollout_r12_count_sheets_no_ids.xlsx",
        "rollout",
        None,
        "repair",
        None,
        None,
        "counts the models",
        6,
        sheet="all",
    )

    # -- (c) a ward column and no district ----------------------------------------------------------------
    workbook(
        "incidents_r12_ward_only.xlsx",
        {
            "DS": [
                ["DANH SÁCH VỤ VIỆC THÁNG 3/2024"],
                ["STT", "Ngày xảy ra", "Phường/Xã", "Tội danh"],
                [1, "05/03/2024", "Phúc Xá", "Trộm cắp tài sản"],
                [2, "17/03/2024", "Láng Hạ", "Cướp giật tài sản"],
            ]
        },
    )
    case("incidents_r12_ward_only.xlsx", "incidents", None, "error", 1, "district", "ward only")
    case(
        "rollout_r12_ward_only.csv",
        "rollout",
        lines(
            [["M1", "Phúc Xá", "Camera an ninh", "01/05/2022"]],
            ["Mã mô hình", "Phường", "Loại mô hình", "Ngày bắt đầu"],
        ),
        "error",
        1,
        "district",
        "columns={'Phường': 'district'}",
    )
    case(
        "crimes_r12_ward_only.csv",
        "crimes",
        lines([["Phúc Xá", "01/2024", "Trộm cắp tài sản", 3]], ["Phường/Xã", "Tháng", "Tội danh", "Số vụ"]),
        "error",
        1,
        "district",
        "ward only",
    )

    # -- exports of police statistics offices ------------------------------------------------------------
    c_h = ["District", "Month", "Offence", "Cases"]
    eng_rows = [
        ["Ba Dinh District", "01/2024", "Theft", 12],
        ["Hoan Kiem Dist.", "01/2024", "Theft", 9],
        ["Soc Son rural district", "01/2024", "Theft", 4],
        ["Son Tay town", "01/2024", "Robbery", 2],
    ]
    case("crimes_r12_english_districts.csv", "crimes", lines(eng_rows, c_h), "ok", total=27)
    case(
        "incidents_r12_english_districts.csv",
        "incidents",
        lines(
            [["2024-03-05", "Hoan Kiem Dist.", "Theft"], ["2024-03-07", "Son Tay town", "Robbery"]],
            ["Date", "District", "Offence"],
        ),
        "ok",
        total=2,
    )
    vn_h = ["Mã ĐVHC", "Quận/Huyện", "Tháng", "Tội danh", "Số vụ"]
    coded = [
        ["001", "Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["002", "Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["016", "Sóc Sơn", "01/2024", "Trộm cắp tài sản", 4],
    ]
    # round 15: the codes are checked against the names, and read silently when they agree
    case("crimes_r12_district_codes_beside_names.csv", "crimes", lines(coded, vn_h), "ok", total=25)
    # the General Statistics Office's codes of Hanoi's districts are read, said; other numbers are refused
    mid_h = ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"]
    case(
        "crimes_r12_district_codes_only.csv",
        "crimes",
        lines([[r[0], *r[2:]] for r in coded], mid_h),
        "repair",
        None,
        None,
        "administrative codes of Hanoi's districts",
        25,
    )
    case(
        "crimes_r12_district_numbers_not_codes.csv",
        "crimes",
        lines([["1", *coded[0][2:]]] + [[r[0], *r[2:]] for r in coded[1:]], mid_h),
        "error",
        2,
        "Quận/Huyện",
        "three-digit administrative code",
    )
    case(
        "crimes_r12_district_codes_after_reform.csv",
        "crimes",
        lines([[r[0], "08/2025", *r[3:]] for r in coded], mid_h),
        "error",
        2,
        "Quận/Huyện",
        "did not exist at the row's date",
    )
    mid = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Tổng cộng", "01/2024", "", 21],
        ["Ba Đình", "02/2024", "Trộm cắp tài sản", 7],
        ["Hoàn Kiếm", "02/2024", "Trộm cắp tài sản", 5],
        ["Tổng cộng", "02/2024", "", 12],
    ]
    case(
        "crimes_r12_total_in_the_middle.csv",
        "crimes",
        lines(mid, mid_h),
        "repair",
        None,
        None,
        "Tổng cộng",
        33,
    )
    off = [list(r) for r in mid]
    off[2][3] = 25
    case(
        "crimes_r12_total_in_the_middle_wrong.csv",
        "crimes",
        lines(off, mid_h),
        "error",
        4,
        "Số vụ",
        "subtotal row says 25",
    )
    case(
        "incidents_r12_footnote_districts.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình (1)", "Trộm cắp tài sản"],
                ["06/03/2024", "Đống Đa*", "Trộm cắp tài sản"],
                ["07/03/2024", "Đống Đa*", "Cướp giật tài sản"],
                [],
                ["(1) Số liệu của Công an quận", "", ""],
                ["(*) Số liệu tạm tính", "", ""],
            ],
            ["Ngày xảy ra", "Quận/Huyện", "Tội danh"],
        ),
        "repair",
        None,
        None,
        "footnote",
        3,
    )
    case(
        "population_r12_footnote_districts.csv",
        "population",
        lines(
            [["Ba Đình (1)", 2019, 221893], ["Đống Đa*", 2019, 371606], ["Hoàn Kiếm", 2019, 135618]],
            ["Quận/Huyện", "Năm", "Dân số (người)"],
        ),
        "repair",
        None,
        None,
        "footnote",
        221893 + 371606 + 135618,
    )
    case(
        "rollout_r12_footnote_districts.csv",
        "rollout",
        lines(
            [
                ["M1", "Ba Đình (1)", "Camera an ninh", "01/05/2022"],
                ["M2", "Đống Đa*", "Tổ tự quản", "01/06/2022"],
            ],
            ["Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu"],
        ),
        "repair",
        None,
        None,
        "footnote",
        2,
    )
    # a second table under the first: the suspects arrested, another measure (never added to the crimes)
    workbook(
        "crimes_r12_second_table_other_measure.xlsx",
        {
            "T3": [
                ["BÁO CÁO THÁNG 03 NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Trộm cắp tài sản", 12],
                ["Đống Đa", "Trộm cắp tài sản", 7],
                [],
                ["SỐ ĐỐI TƯỢNG BỊ BẮT GIỮ"],
                ["Quận/Huyện", "Tội danh", "Số đối tượng"],
                ["Ba Đình", "Trộm cắp tài sản", 15],
                ["Đống Đa", "Trộm cắp tài sản", 9],
            ]
        },
    )
    case("crimes_r12_second_table_other_measure.xlsx", "crimes", None, "error", 7, "Số vụ", "second table")
    # a workbook opening on its contents page ("Mục lục") or a cover
    toc = [["MỤC LỤC"], ["Biểu 01", "Số vụ phạm pháp hình sự theo quận/huyện"], ["Biểu 02", "Dân số"]]
    data = [
        ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"],
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7],
    ]
    workbook("crimes_r12_contents_sheet_first.xlsx", {"Mục lục": toc, "Biểu 01": data})
    case(
        "crimes_r12_contents_sheet_first.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "'Mục lục' is a cover",
        19,
    )
    case(
        "crimes_r12_contents_sheet_first.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Mục lục",
        19,
        sheet="all",
    )
    workbook(
        "crimes_r12_cover_sheet.xlsx",
        {"Bìa": [["CÔNG AN THÀNH PHỐ HÀ NỘI"], ["BÁO CÁO THỐNG KÊ TỘI PHẠM NĂM 2024"]], "Số liệu": data},
    )
    case("crimes_r12_cover_sheet.xlsx", "crimes", None, "repair", None, None, "Bìa", 19, sheet="all")
    # a sheet of percent changes beside the month sheets
    workbook(
        "crimes_r12_percent_sheet.xlsx",
        {
            "Tháng 1-2024": [
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Trộm cắp tài sản", 12],
                ["Đống Đa", "Trộm cắp tài sản", 7],
            ],
            "Tháng 2-2024": [
                ["Quận/Huyện", "Tội danh", "Số vụ"],
                ["Ba Đình", "Trộm cắp tài sản", 10],
                ["Đống Đa", "Trộm cắp tài sản", 8],
            ],
            "So sánh (%)": [
                ["Quận/Huyện", "Tội danh", "Tăng/giảm (%)"],
                ["Ba Đình", "Trộm cắp tài sản", "-16,7%"],
                ["Đống Đa", "Trộm cắp tài sản", "14,3%"],
            ],
        },
    )
    case(
        "crimes_r12_percent_sheet.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "'So sánh (%)'",
        37,
        sheet="all",
    )
    # long Vietnamese dates in a register
    case(
        "rollout_r12_long_dates.csv",
        "rollout",
        lines(
            [
                ["M1", "Ba Đình", "Camera an ninh", "ngày 05 tháng 3 năm 2022"],
                ["M2", "Đống Đa", "Tổ tự quản", "Ngày 1 tháng 10 năm 2023"],
            ],
            ["Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu"],
        ),
        "ok",
        total=2,
    )
    # a cross table whose district names sit under "Quận/Huyện" merged over them (two header rows)
    workbook(
        "crimes_r12_district_columns_merged_header.xlsx",
        {
            "T1": [
                ["BÁO CÁO THÁNG 01 NĂM 2024"],
                ["Tội danh", "Quận/Huyện", None, None, "Tổng cộng"],
                [None, "Ba Đình", "Hoàn Kiếm", "Đống Đa", None],
                ["Trộm cắp tài sản", 12, 9, 7, 28],
                ["Cướp giật tài sản", 3, 1, 2, 6],
            ]
        },
        merge_cells=("B2:D2", "A2:A3", "E2:E3"),
    )
    case(
        "crimes_r12_district_columns_merged_header.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "column per district",
        34,
    )
    # a sheet per district, offences as rows and months as columns, with a row total
    per = {"Ba Đình": [[4, 6, 5], [1, 0, 2]], "Đống Đa": [[3, 2, 8], [2, 1, 1]]}
    workbook(
        "crimes_r12_district_sheets_month_columns.xlsx",
        {
            d: [
                ["Tội danh", "T1/2024", "T2/2024", "T3/2024", "Cộng"],
                *[[o, *v, sum(v)] for o, v in zip(["Trộm cắp tài sản", "Cướp giật tài sản"], g, strict=True)],
            ]
            for d, g in per.items()
        },
    )
    case(
        "crimes_r12_district_sheets_month_columns.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "sheet",
        35,
        sheet="all",
    )
    # a hidden district column of a cross table: its crimes are data, read and said
    workbook(
        "crimes_r12_hidden_district_column.xlsx",
        {
            "T1": [
                ["Tội danh", "Tháng", "Ba Đình", "Hoàn Kiếm", "Đống Đa", "Tổng cộng"],
                ["Trộm cắp tài sản", "01/2024", 12, 9, 7, 28],
                ["Cướp giật tài sản", "01/2024", 3, 1, 2, 6],
            ]
        },
        hidden_columns=("D",),
    )
    case("crimes_r12_hidden_district_column.xlsx", "crimes", None, "repair", None, None, "hides", 34)
    # the same second table in a CSV (read on the fast path until a row repeats two header cells)
    case(
        "crimes_r12_second_table.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
                ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7],
                ["Quận/Huyện", "Tháng", "Tội danh", "Số đối tượng"],
                ["Ba Đình", "01/2024", "Trộm cắp tài sản", 15],
            ],
            mid_h,
        ),
        "error",
        4,
        "Số vụ",
        "second table",
    )
    # the ids numbered for a row of several models must not be another row's id
    case(
        "rollout_r12_count_id_clash.csv",
        "rollout",
        lines([*reg, ["BD-CAM #2", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/09/2022", 1]], reg_h),
        "error",
        None,
        "Số mô hình",
        "ids of other rows",
    )
    # a column of the urban area beside the districts: an aggregate the districts do not add to, not read
    urban = [[2019, 221893, 343432, 565325 - 343432], [2020, 222100, 345000, 567100 - 345000]]
    case(
        "population_r12_year_rows_urban_column.csv",
        "population",
        lines(urban, ["Năm", "Ba Đình", "Sóc Sơn", "Khu vực thành thị"]),
        "repair",
        None,
        None,
        "'Khu vực thành thị'",
        221893 + 343432 + 222100 + 345000,
    )
    # population written with Vietnamese thousands separators, and a decimal comma (thousands, unstated)
    case(
        "population_r12_vietnamese_thousands.csv",
        "population",
        lines(
            [
                ["Ba Đình", 2019, '"221.893"'],
                ["Sóc Sơn", 2019, '"343.432"'],
                ["Hà Đông", 2019, '"1.234.567"'],
            ],
            ["Quận/Huyện", "Năm", "Dân số (người)"],
        ),
        "ok",
        total=221893 + 343432 + 1234567,
    )
    case(
        "population_r12_decimal_comma.csv",
        "population",
        lines([["Ba Đình", 2019, '"221,9"'], ["Sóc Sơn", 2019, '"343,4"']], ["Quận/Huyện", "Năm", "Dân số"]),
        "error",
        2,
        "Dân số",
        "fractional",
    )


def round13_cases() -> None:
    """Round 13 (2026-12-07): PivotTables pasted as values, police reporting months (the 15th to the 14th),
    several measures beside the cases, comparison and note columns, offences as sheets and district headings,
    Excel cell formats, rich text and outlines, numbers as clerks and software write them (scientific notation,
    full-width digits, "không", "*", "N/A", "…"), weekday dates in case lists, registers' status and intensity
    columns and district headings, density and two population columns, the 2025 reform's units."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    base = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Hoàn Kiếm", "02/2024", "Cướp giật tài sản", 4],
    ]

    # -- (a) PivotTables pasted as values --------------------------------------------------------------------
    # tabular form: the district written once per block, "Ba Đình Total" closing it, "Grand Total" row and
    # column, the value field's caption and "Column Labels" above the header
    pivot = [
        ["Sum of Số vụ", None, "Column Labels"],
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "Grand Total"],
        ["Ba Đình", "Cướp giật tài sản", 3, 2, 5],
        [None, "Trộm cắp tài sản", 12, 7, 19],
        ["Ba Đình Total", None, 15, 9, 24],
        ["Hoàn Kiếm", "Cướp giật tài sản", 1, 4, 5],
        [None, "Trộm cắp tài sản", 9, 6, 15],
        ["Hoàn Kiếm Total", None, 10, 10, 20],
        ["Grand Total", None, 25, 19, 44],
    ]
    workbook("crimes_r13_pivot_tabular.xlsx", {"Sheet2": pivot})
    case("crimes_r13_pivot_tabular.xlsx", "crimes", None, "repair", None, None, "PivotTable", 44)
    vi_pivot = [
        ["Tổng của Số vụ", None, "Nhãn Cột"],
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "Tổng Cuối"],
        ["Ba Đình", "Cướp giật tài sản", 3, 2, 5],
        [None, "Trộm cắp tài sản", 12, 7, 19],
        ["Tổng Ba Đình", None, 15, 9, 24],
        ["Hoàn Kiếm", "Cướp giật tài sản", 1, 4, 5],
        [None, "Trộm cắp tài sản", 9, 6, 15],
        ["Tổng Hoàn Kiếm", None, 10, 10, 20],
        ["Tổng Cuối", None, 25, 19, 44],
    ]
    workbook("crimes_r13_pivot_tabular_vi.xlsx", {"Sheet2": vi_pivot})
    case("crimes_r13_pivot_tabular_vi.xlsx", "crimes", None, "repair", None, None, "PivotTable", 44)
    # the same with the repeated labels filled (Repeat All Item Labels): read as a table with subtotals
    filled = [
        [r[0] or p, *r[1:]]
        for r, p in zip(pivot[2:], ["", "Ba Đình", "", "", "Hoàn Kiếm", "", ""], strict=True)
    ]
    workbook("crimes_r13_pivot_repeated_labels.xlsx", {"Sheet2": [pivot[0], pivot[1], *filled]})
    case("crimes_r13_pivot_repeated_labels.xlsx", "crimes", None, "repair", None, None, "Grand Total", 44)
    # a Grand Total that disagrees with its rows
    wrong = [*pivot[:-1], ["Grand Total", None, 25, 20, 45]]
    workbook("crimes_r13_pivot_grand_total_wrong.xlsx", {"Sheet2": wrong})
    case(
        "crimes_r13_pivot_grand_total_wrong.xlsx",
        "crimes",
        None,
        "error",
        9,
        "T2/2024",
        "subtotal row says 20",
    )
    # "(blank)": the PivotTable's item for source rows without a district: never a district, never dropped
    blank = [
        *pivot[:5],
        ["(blank)", "Trộm cắp tài sản", 2, 0, 2],
        *pivot[5:7],
        ["Hoàn Kiếm Total", None, 10, 10, 20],
    ]
    workbook("crimes_r13_pivot_blank_item.xlsx", {"Sheet2": blank})
    case("crimes_r13_pivot_blank_item.xlsx", "crimes", None, "error", 6, "Quận/Huyện", "(blank)")
    workbook(
        "crimes_r13_pivot_blank_item_vi.xlsx",
        {"Sheet2": [*vi_pivot[:5], ["(trống)", "Trộm cắp tài sản", 2, 0, 2], *vi_pivot[5:8]]},
    )
    case("crimes_r13_pivot_blank_item_vi.xlsx", "crimes", None, "error", 6, "Quận/Huyện", "(trống)")
    # compact form: district and offence in one "Row Labels" column
    compact = [
        ["Sum of Số vụ", "Column Labels"],
        ["Row Labels", "T1/2024", "T2/2024", "Grand Total"],
        ["Ba Đình", 15, 9, 24],
        ["Cướp giật tài sản", 3, 2, 5],
        ["Trộm cắp tài sản", 12, 7, 19],
        ["Hoàn Kiếm", 10, 10, 20],
        ["Cướp giật tài sản", 1, 4, 5],
        ["Trộm cắp tài sản", 9, 6, 15],
        ["Grand Total", 25, 19, 44],
    ]
    workbook("crimes_r13_pivot_compact.xlsx", {"Sheet2": compact})
    case("crimes_r13_pivot_compact.xlsx", "crimes", None, "error", 1, "Row Labels", "compact form")
    workbook(
        "crimes_r13_pivot_compact_vi.xlsx",
        {
            "Sheet2": [
                ["Tổng của Số vụ", "Nhãn Cột"],
                ["Nhãn Hàng", *compact[1][1:3], "Tổng Cuối"],
                *compact[2:8],
                ["Tổng Cuối", 25, 19, 44],
            ]
        },
    )
    case("crimes_r13_pivot_compact_vi.xlsx", "crimes", None, "error", 1, "Nhãn Hàng", "compact form")

    # a PivotTable of one value field in tabular form: "Sum of Số vụ" is the count column; "Count of Số vụ" (the
    # number of source rows) is not
    sum_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Sum of Số vụ"]
    case("crimes_r13_pivot_sum_of_header.csv", "crimes", lines(base, sum_h), "ok", total=28)
    case(
        "crimes_r13_pivot_sum_of_header_vi.csv",
        "crimes",
        lines(base, [*c_h[:3], "Tổng của Số vụ"]),
        "ok",
        total=28,
    )
    case(
        "crimes_r13_pivot_count_of_header.csv",
        "crimes",
        lines(base, [*c_h[:3], "Count of Số vụ"]),
        "error",
        1,
        "Count of Số vụ",
        "count of the source rows",
    )

    # -- (b) police reporting months: the 15th of one month to the 14th of the next --------------------------
    span_title = [
        ["CÔNG AN QUẬN BA ĐÌNH"],
        ["BÁO CÁO SỐ LIỆU TỘI PHẠM"],
        ["Kỳ báo cáo: từ ngày 15/12/2023 đến ngày 14/01/2024"],
        ["Quận/Huyện", "Tội danh", "Số vụ"],
        ["Ba Đình", "Trộm cắp tài sản", 12],
        ["Ba Đình", "Cướp giật tài sản", 3],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9],
    ]
    workbook("crimes_r13_police_month_span_title.xlsx", {"Sheet1": span_title})
    case("crimes_r13_police_month_span_title.xlsx", "crimes", None, "repair", None, None, "15th", 24)
    named = [
        span_title[0],
        ["BÁO CÁO THÁNG 01 NĂM 2024 (Từ ngày 15/12/2023 đến ngày 14/01/2024)"],
        *span_title[3:],
    ]
    workbook("crimes_r13_police_month_named_and_span.xlsx", {"Sheet1": named})
    case("crimes_r13_police_month_named_and_span.xlsx", "crimes", None, "repair", None, None, "15th", 24)
    # a title naming one month and a span ending in another: refused
    clash = [
        span_title[0],
        ["BÁO CÁO THÁNG 02 NĂM 2024 (Từ ngày 15/12/2023 đến ngày 14/01/2024)"],
        *span_title[3:],
    ]
    workbook("crimes_r13_police_month_span_conflict.xlsx", {"Sheet1": clash})
    case("crimes_r13_police_month_span_conflict.xlsx", "crimes", None, "error", 1, "period", "14/01/2024")
    # a span that is neither a calendar month nor a police month
    odd = [span_title[0], ["Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 15/02/2024"], *span_title[3:]]
    workbook("crimes_r13_period_span_not_a_month.xlsx", {"Sheet1": odd})
    case("crimes_r13_period_span_not_a_month.xlsx", "crimes", None, "error", 1, "period", "not one month")
    # a calendar month written as a span: that month, without a word
    cal = [span_title[0], ["Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/01/2024"], *span_title[3:]]
    workbook("crimes_r13_period_span_calendar_month.xlsx", {"Sheet1": cal})
    case("crimes_r13_period_span_calendar_month.xlsx", "crimes", None, "ok", total=24)
    # month columns stating their police month: "Tháng 1 (15/12-14/1)"
    wide = [
        ["BÁO CÁO TÌNH HÌNH TỘI PHẠM NĂM 2024"],
        ["Quận/Huyện", "Tội danh", "Tháng 1 (15/12-14/1)", "Tháng 2 (15/1-14/2)", "Tháng 3 (15/2-14/3)"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7, 5],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4, 6],
    ]
    workbook("crimes_r13_police_month_columns.xlsx", {"Sheet1": wide})
    case("crimes_r13_police_month_columns.xlsx", "crimes", None, "repair", None, None, "15th", 43)
    # a month column whose days are not a police month ("Tháng 1 (1/1-20/1)")
    wide_bad = [wide[0], [*wide[1][:2], "Tháng 1 (01/1-20/1)", *wide[1][3:]], *wide[2:]]
    workbook("crimes_r13_month_column_bad_days.xlsx", {"Sheet1": wide_bad})
    case(
        "crimes_r13_month_column_bad_days.xlsx",
        "crimes",
        None,
        "error",
        1,
        "Tháng 1 (01/1-20/1)",
        "not that month",
    )
    # period cells written as the police month's span
    spans = [
        ["Ba Đình", "15/12/2023 - 14/01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "15/01/2024 - 14/02/2024", "Trộm cắp tài sản", 7],
        ["Hoàn Kiếm", "15/12/2023 - 14/01/2024", "Trộm cắp tài sản", 9],
    ]
    case(
        "crimes_r13_police_month_span_cells.csv",
        "crimes",
        lines(spans, c_h),
        "repair",
        None,
        None,
        "15th",
        28,
    )
    # an annual report stating the police year: not a month
    year = [span_title[0], ["BÁO CÁO NĂM 2024 (từ ngày 15/12/2023 đến ngày 14/12/2024)"], *span_title[3:]]
    workbook("crimes_r13_police_year_title.xlsx", {"Sheet1": year})
    case(
        "crimes_r13_police_year_title.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "police statistical year",
        24,
    )

    # -- (c) several measures beside the cases ---------------------------------------------------------------
    m_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ", "Số đối tượng", "Thiệt hại (triệu đồng)"]
    meas = [[*r, r[3] * 2, r[3] * 15] for r in base]
    case(
        "crimes_r13_cases_persons_damage.csv",
        "crimes",
        lines(meas, m_h),
        "repair",
        None,
        None,
        "Số đối tượng",
        28,
    )
    occ_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Xảy ra", "Đã điều tra làm rõ"]
    occ = [[*r, max(r[3] - 2, 0)] for r in base]
    # (round 14: "Xảy ra", the cases occurred, is read as the count, the cleared cases named as not read)
    case(
        "crimes_r13_occurred_and_cleared.csv",
        "crimes",
        lines(occ, occ_h),
        "repair",
        None,
        None,
        "'Xảy ra' (cases occurred",
        28,
    )
    both_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ xảy ra", "Số vụ đã điều tra làm rõ"]
    case(
        "crimes_r13_two_case_counts.csv",
        "crimes",
        lines(occ, both_h),
        "repair",
        None,
        None,
        "['Số vụ đã điều tra làm rõ'] (a part of them",
        28,
    )
    ac_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ", "Số bị can"]
    case(
        "crimes_r13_cases_and_accused.csv",
        "crimes",
        lines([[*r, r[3] + 1] for r in base], ac_h),
        "repair",
        None,
        None,
        "Số bị can",
        28,
    )
    # the count column chosen with columns=: read
    case(
        "crimes_r13_occurred_and_cleared.csv",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Đã điều tra làm rõ",
        28,
        columns={"Xảy ra": "count"},
    )

    # -- (d) comparison and note columns ---------------------------------------------------------------------
    cmp_h = ["Quận/Huyện", "Tội danh", "Tháng 1/2024", "Cùng kỳ 2023", "+/-", "%", "Ghi chú"]
    cmp_rows = [
        ["Ba Đình", "Trộm cắp tài sản", 12, 10, 2, "20%", 3],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 12, -3, "-25%", ""],
    ]
    case(
        "crimes_r13_wide_compare_and_note_numbers.csv",
        "crimes",
        lines(cmp_rows, cmp_h),
        "repair",
        None,
        None,
        "Ghi chú",
        21,
    )
    note_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ", "Ghi chú"]
    notes = [[*base[0], "3 vụ chuyển từ kỳ trước"], [*base[1], ""], [*base[2], "2"], [*base[3], ""]]
    case(
        "crimes_r13_note_column_numbers.csv",
        "crimes",
        lines(notes, note_h),
        "repair",
        None,
        None,
        "Ghi chú",
        28,
    )

    # -- (e) offences as sheets, districts as headings ------------------------------------------------------
    # months as rows and districts as columns, with the offence column: a cross table
    cross = [["T1/2024", "Trộm cắp tài sản", 12, 9], ["T2/2024", "Trộm cắp tài sản", 7, 6]]
    case(
        "crimes_r13_month_rows_district_columns.csv",
        "crimes",
        lines(cross, ["Tháng", "Tội danh", "Ba Đình", "Hoàn Kiếm"]),
        "repair",
        None,
        None,
        "column per district",
        34,
    )
    months_rows = {
        "Trộm cắp tài sản": [["Tháng", "Ba Đình", "Hoàn Kiếm"], ["T1/2024", 12, 9], ["T2/2024", 7, 6]],
        "Cướp giật tài sản": [["Tháng", "Ba Đình", "Hoàn Kiếm"], ["T1/2024", 3, 1], ["T2/2024", 2, 4]],
    }
    workbook("crimes_r13_offence_sheets_month_rows.xlsx", months_rows)
    # (round 14: the sheet name is the offence of its rows)
    case(
        "crimes_r13_offence_sheets_month_rows.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "the sheet name",
        44,
        sheet="all",
    )
    off_sheets = {
        "Trộm cắp tài sản": [["Quận/Huyện", "T1/2024", "T2/2024"], ["Ba Đình", 12, 7], ["Hoàn Kiếm", 9, 6]],
        "Cướp giật tài sản": [["Quận/Huyện", "T1/2024", "T2/2024"], ["Ba Đình", 3, 2], ["Hoàn Kiếm", 1, 4]],
    }
    workbook("crimes_r13_offence_sheets.xlsx", off_sheets)
    case(
        "crimes_r13_offence_sheets.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "the sheet name",
        44,
        sheet="all",
    )
    heading = [
        ["STT", "Tội danh", "T1/2024", "T2/2024"],
        ["1", "Quận Ba Đình", None, None],
        [None, "Trộm cắp tài sản", 12, 7],
        [None, "Cướp giật tài sản", 3, 2],
        ["2", "Quận Hoàn Kiếm", None, None],
        [None, "Trộm cắp tài sản", 9, 6],
    ]
    workbook("crimes_r13_district_heading_rows.xlsx", {"Sheet1": heading})
    case("crimes_r13_district_heading_rows.xlsx", "crimes", None, "repair", None, None, "heading", 39)
    # a district row stating counts is no heading: its counts are not dropped unchecked (round 14: they are checked
    # as the subtotals of the rows under it, then dropped)
    counted = [
        heading[0],
        ["1", "Quận Ba Đình", 15, 9],
        *heading[2:4],
        ["2", "Quận Hoàn Kiếm", 9, 6],
        heading[5],
    ]
    workbook("crimes_r13_district_heading_with_counts.xlsx", {"Sheet1": counted})
    case(
        "crimes_r13_district_heading_with_counts.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "checked as the subtotals",
        39,
    )

    # -- (f) Excel formats, rich text, outlines --------------------------------------------------------------
    fmt_rows = [["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ", "Tỷ lệ"]] + [[*r, r[3] / 28] for r in base]
    workbook(
        "crimes_r13_number_formats.xlsx",
        {"Sheet1": fmt_rows},
        formats={
            **{("Sheet1", f"D{i}"): '#,##0 "vụ"' for i in range(2, 6)},
            **{("Sheet1", f"E{i}"): "0.0%" for i in range(2, 6)},
        },
    )
    case("crimes_r13_number_formats.xlsx", "crimes", None, "repair", None, None, "Tỷ lệ", 28)
    # counts formatted as percent (a pasted share column taken for the count): refused, not rounded
    workbook(
        "crimes_r13_count_percent_format.xlsx",
        {"Sheet1": [c_h, *[[*r[:3], r[3] / 28] for r in base]]},
        formats={("Sheet1", f"D{i}"): "0%" for i in range(2, 6)},
    )
    case("crimes_r13_count_percent_format.xlsx", "crimes", None, "error", 2, "Số vụ", "fractional count")
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    rich = [c_h, *[list(r) for r in base]]
    rich[1][0] = CellRichText([TextBlock(InlineFont(b=True), "Ba "), "Đình"])
    rich[3][2] = CellRichText(["Trộm ", TextBlock(InlineFont(i=True), "cắp tài sản")])
    workbook("crimes_r13_rich_text.xlsx", {"Sheet1": rich})
    case("crimes_r13_rich_text.xlsx", "crimes", None, "ok", total=28)
    # counts stored as text in the workbook (typed with Excel's leading apostrophe)
    workbook("crimes_r13_text_cells_in_excel.xlsx", {"Sheet1": [c_h, *[[*r[:3], str(r[3])] for r in base]]})
    case("crimes_r13_text_cells_in_excel.xlsx", "crimes", None, "ok", total=28)
    outline = [
        ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"],
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Cộng Ba Đình", None, None, 15],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Cộng Hoàn Kiếm", None, None, 9],
    ]
    workbook("crimes_r13_outline_collapsed.xlsx", {"Sheet1": outline}, hidden_rows=(2, 3, 5))
    case("crimes_r13_outline_collapsed.xlsx", "crimes", None, "repair", None, None, "hidden row", 24)

    # -- (g) numbers as software and clerks write them -------------------------------------------------------
    def cells(values: list[object]) -> str:
        return lines([[*r[:3], v] for r, v in zip(base, values, strict=True)], c_h)

    case(
        "crimes_r13_count_scientific.csv",
        "crimes",
        cells([12, "1.2E+03", 9, 4]),
        "error",
        3,
        "Số vụ",
        "scientific",
    )
    case(
        "crimes_r13_count_fullwidth_digits.csv",
        "crimes",
        cells(["１２", 3, "９", 4]),
        "repair",
        None,
        None,
        "full-width",
        28,
    )
    case("crimes_r13_count_khong.csv", "crimes", cells([12, "không", 9, 4]), "error", 3, "Số vụ", "không")
    case(
        "crimes_r13_count_star_preliminary.csv",
        "crimes",
        cells(["12*", 3, "9*", 4]),
        "error",
        2,
        "Số vụ",
        "*",
    )
    for name, cell in (
        ("crimes_r13_count_na.csv", "N/A"),
        ("crimes_r13_count_kxd.csv", "KXĐ"),
        ("crimes_r13_count_no_data_yet.csv", "chưa có số liệu"),
        ("crimes_r13_count_ellipsis.csv", "…"),
        ("crimes_r13_count_dots.csv", "..."),
    ):
        case(name, "crimes", cells([12, 3, cell, 4]), "error", 4, "Số vụ", "not a number")
    case(
        "crimes_r13_count_en_dash.csv", "crimes", cells([12, "–", 9, 4]), "error", 3, "Số vụ", "not a number"
    )

    # -- (h) incident lists ----------------------------------------------------------------------------------
    days = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
    inc = [
        (dt.date(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản"),
        (dt.date(2024, 3, 10), "Đống Đa", "Cướp giật tài sản"),
        (dt.date(2024, 3, 16), "Tây Hồ", "Trộm cắp tài sản"),
    ]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    wk = [[f'"{days[d.weekday()]}, {d:%d/%m/%Y}"', q, o] for d, q, o in inc]
    case(
        "incidents_r13_weekday_dates.csv",
        "incidents",
        lines(wk, i_h),
        "repair",
        None,
        None,
        "day of the week",
        3,
    )
    bad_wk = [list(r) for r in wk]
    wide_dates = [
        [f"{d:%d/%m/%Y}".translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}), q, o] for d, q, o in inc
    ]
    case(
        "incidents_r13_fullwidth_dates.csv",
        "incidents",
        lines(wide_dates, i_h),
        "repair",
        None,
        None,
        "full-width",
        3,
    )
    bad_wk[1][0] = f'"Thứ Hai, {inc[1][0]:%d/%m/%Y}"'
    case(
        "incidents_r13_weekday_wrong.csv",
        "incidents",
        lines(bad_wk, i_h),
        "error",
        3,
        "Ngày xảy ra",
        "Thứ Hai",
    )
    eng = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    wk_en = [[f'"{eng[d.weekday()]} {d:%d/%m/%Y}"', q, o] for d, q, o in inc]
    case(
        "incidents_r13_weekday_english.csv",
        "incidents",
        lines(wk_en, ["Date", "District", "Offence"]),
        "repair",
        None,
        None,
        "day of the week",
        3,
    )
    par = [[f'"{d:%d/%m/%Y} ({days[d.weekday()]})"', q, o] for d, q, o in inc]
    case(
        "incidents_r13_weekday_after.csv",
        "incidents",
        lines(par, i_h),
        "repair",
        None,
        None,
        "day of the week",
        3,
    )
    # one header per printed page, with the page's own column-number row and "Trang 2/2"
    paged = [
        ["STT", "Ngày xảy ra", "Quận/Huyện", "Tội danh"],
        ["(1)", "(2)", "(3)", "(4)"],
        [1, "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
        [2, "10/03/2024", "Đống Đa", "Cướp giật tài sản"],
        [None, None, None, "Trang 1/2"],
        ["STT", "Ngày xảy ra", "Quận/Huyện", "Tội danh"],
        ["(1)", "(2)", "(3)", "(4)"],
        [3, "16/03/2024", "Tây Hồ", "Trộm cắp tài sản"],
        [None, None, None, "Trang 2/2"],
    ]
    workbook("incidents_r13_page_headers_numbered.xlsx", {"Sheet1": paged})
    case("incidents_r13_page_headers_numbered.xlsx", "incidents", None, "repair", None, None, "Trang", 3)

    # -- (i) registers ---------------------------------------------------------------------------------------
    rg_h = [
        "Mã mô hình",
        "Quận/Huyện",
        "Phường/Xã",
        "Loại mô hình",
        "Ngày bắt đầu",
        "Ngày kết thúc",
        "Tình trạng",
    ]
    rg = [
        ["BD-1", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/05/2022", "", "Đang hoạt động"],
        ["BD-2", "Ba Đình", "Đội Cấn", "Tổ tự quản", "01/06/2022", "31/12/2023", "Ngừng hoạt động"],
        ["DD-1", "Đống Đa", "Láng Hạ", "Tổ liên gia an toàn", "01/03/2023", "", "Đang hoạt động"],
    ]
    case("rollout_r13_status_consistent.csv", "rollout", lines(rg, rg_h), "ok", total=3)
    stopped = [list(r) for r in rg]
    stopped[1][5] = ""
    case(
        "rollout_r13_stopped_without_end.csv",
        "rollout",
        lines(stopped, rg_h),
        "error",
        3,
        "Tình trạng",
        "Ngừng hoạt động",
    )
    running = [list(r) for r in rg]
    running[0][5] = "30/06/2023"
    case(
        "rollout_r13_running_with_end.csv",
        "rollout",
        lines(running, rg_h),
        "error",
        2,
        "Tình trạng",
        "Đang hoạt động",
    )
    int_h = [
        "Mã mô hình",
        "Quận/Huyện",
        "Phường/Xã",
        "Loại mô hình",
        "Ngày bắt đầu",
        "Số camera",
        "Số hộ tham gia",
    ]
    intens = [
        ["BD-1", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/05/2022", 24, ""],
        ["BD-2", "Ba Đình", "Đội Cấn", "Tổ tự quản", "01/06/2022", "", 120],
        ["DD-1", "Đống Đa", "Láng Hạ", "Camera an ninh", "01/03/2023", 16, ""],
    ]
    case(
        "rollout_r13_intensity_columns.csv",
        "rollout",
        lines(intens, int_h),
        "repair",
        None,
        None,
        "Số camera",
        3,
    )
    int_en = ["Model ID", "District", "Ward", "Model type", "Start date", "No. of cameras", "Households"]
    case(
        "rollout_r13_intensity_columns_english.csv",
        "rollout",
        lines(intens, int_en),
        "repair",
        None,
        None,
        "No. of cameras",
        3,
    )
    blocks = [
        ["DANH SÁCH MÔ HÌNH AN NINH TRẬT TỰ"],
        ["STT", "Mã mô hình", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"],
        ["I", None, "QUẬN BA ĐÌNH", None, None],
        [1, "BD-1", "Phúc Xá", "Camera an ninh", "01/05/2022"],
        [2, "BD-2", "Đội Cấn", "Tổ tự quản", "01/06/2022"],
        ["II", None, "QUẬN ĐỐNG ĐA", None, None],
        [1, "DD-1", "Láng Hạ", "Tổ liên gia an toàn", "01/03/2023"],
    ]
    workbook("rollout_r13_district_heading_rows.xlsx", {"Sheet1": blocks})
    case("rollout_r13_district_heading_rows.xlsx", "rollout", None, "repair", None, None, "heading", 3)
    merged_blocks = [
        blocks[0],
        blocks[1],
        ["Quận Ba Đình", None, None, None, None],
        *blocks[3:5],
        ["Quận Đống Đa", None, None, None, None],
        blocks[6],
    ]
    workbook(
        "rollout_r13_district_merged_rows.xlsx", {"Sheet1": merged_blocks}, merge_cells=("A3:E3", "A6:E6")
    )
    case("rollout_r13_district_merged_rows.xlsx", "rollout", None, "repair", None, None, "heading", 3)

    # -- (j) districts and population tables -----------------------------------------------------------------
    dens_h = ["Quận/Huyện", "Năm", "Dân số trung bình (người)", "Mật độ dân số (người/km²)"]
    dens = [
        ["Ba Đình", 2023, 226315, 24573],
        ["Hoàn Kiếm", 2023, 135618, 25636],
        ["Sóc Sơn", 2023, 357652, 1171],
    ]
    case(
        "population_r13_density_beside.csv",
        "population",
        lines(dens, dens_h),
        "repair",
        None,
        None,
        "Mật độ",
        226315 + 135618 + 357652,
    )
    case(
        "population_r13_density_only.csv",
        "population",
        lines([[r[0], r[1], r[3]] for r in dens], ["Quận/Huyện", "Năm", "Mật độ dân số (người/km²)"]),
        "error",
        1,
        "population",
        "Mật độ",
    )
    two_h = ["Quận/Huyện", "Năm", "Dân số trung bình (người)", "Dân số thường trú (người)"]
    case(
        "population_r13_two_population_columns.csv",
        "population",
        lines([[*r[:3], r[2] - 1000] for r in dens], two_h),
        "error",
        1,
        "Dân số thường trú (người)",
        "Dân số thường trú",
    )
    area_h = ["Mã", "Tên quận/huyện", "Loại", "Dân số (người)", "Diện tích (km²)", "Mật độ (người/km²)"]
    area = [
        ["001", "Ba Đình", "Quận", 221893, 9.21, 24093],
        ["002", "Hoàn Kiếm", "Quận", 135618, 5.29, 25636],
    ]
    case(
        "districts_r13_area_km2_density.csv",
        "districts",
        lines(area, area_h),
        "repair",
        None,
        None,
        "Mật độ",
        221893 + 135618,
    )
    reform = [
        ["Tên đơn vị hành chính", "Loại", "Dân số (người)", "Diện tích (km²)"],
        ["Phường Ba Đình", "Phường", 65000, 2.9],
        ["Phường Ngọc Hà", "Phường", 60000, 2.1],
        ["Xã Sóc Sơn", "Xã", 80000, 40.2],
    ]
    case(
        "districts_r13_reform_wards.csv",
        "districts",
        lines(reform[1:], reform[0]),
        "error",
        1,
        "district",
        "Tên đơn vị hành chính",
    )


def round14_cases() -> None:
    """Round 14 (2026-12-07): the shapes round 13 left open (two measures "Xảy ra" | "Đã điều tra làm rõ",
    district rows stating counts above their offences, offences as sheet names, a PivotTable's outline in lists,
    a bare "01/2024" month column), government e-office reports (letterhead, "Số: .../BC-...", the signing date,
    "Biểu số 01", "Đơn vị tính: vụ"), "Tháng này" | "Cùng kỳ" | "Lũy kế" columns, two tables side by side,
    former units ("Hà Đông (Hà Tây)", "Huyện Từ Liêm"), CSV dialects (LibreOffice quotes, "sep=," after a BOM,
    tabs in a .csv, a fixed-width printout) and registers with model types as section headings."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    base = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Hoàn Kiếm", "02/2024", "Cướp giật tài sản", 4],
    ]
    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]

    # -- (a) round 13's open shapes ---------------------------------------------------------------------------
    # two measures: occurred (the recorded crimes) and cleared; "Xảy ra" is read, the other named
    occ = [[*r, max(r[3] - 2, 0)] for r in base]
    case(
        "crimes_r14_occurred_cleared_xlsx.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Đã điều tra làm rõ",
        28,
    )
    workbook(
        "crimes_r14_occurred_cleared_xlsx.xlsx",
        {"Sheet1": [["Quận/Huyện", "Kỳ", "Tội danh", "Xảy ra", "Đã điều tra làm rõ"], *occ]},
    )
    # two measures neither of which is the crimes recorded: refused, naming both and how to choose
    case(
        "crimes_r14_two_measures_no_occurred.csv",
        "crimes",
        lines(occ, ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ khởi tố", "Số vụ đã điều tra làm rõ"]),
        "error",
        1,
        "count",
        "two measures",
    )
    # a district row stating counts above its offences: a subtotal, checked then dropped
    heading = [
        ["STT", "Tội danh", "T1/2024", "T2/2024"],
        ["1", "Quận Ba Đình", 15, 9],
        [None, "Trộm cắp tài sản", 12, 7],
        [None, "Cướp giật tài sản", 3, 2],
        ["2", "Quận Hoàn Kiếm", 9, 6],
        [None, "Trộm cắp tài sản", 9, 6],
    ]
    bad = [*heading[:4], ["2", "Quận Hoàn Kiếm", 10, 6], heading[5]]
    workbook("crimes_r14_district_rows_with_counts_wrong.xlsx", {"Sheet1": bad})
    case(
        "crimes_r14_district_rows_with_counts_wrong.xlsx",
        "crimes",
        None,
        "error",
        5,
        "T1/2024",
        "subtotal row says 10",
    )
    one = [
        ["Tội danh", "Số vụ"],
        ["Quận Ba Đình", 45],
        ["Trộm cắp tài sản", 30],
        ["Cướp giật tài sản", 15],
        ["Quận Đống Đa", 7],
        ["Trộm cắp tài sản", 7],
    ]
    case(
        "crimes_r14_district_rows_with_counts_title.csv",
        "crimes",
        "BÁO CÁO THÁNG 01 NĂM 2024\n" + lines(one[1:], one[0]),
        "repair",
        None,
        None,
        "Quận Ba Đình",
        52,
    )
    # offences as sheet names, one sheet per offence, with their own titles
    off_sheets = {
        "Trộm cắp tài sản": [["Quận/Huyện", "T1/2024", "T2/2024"], ["Ba Đình", 12, 7], ["Hoàn Kiếm", 9, 6]],
        "Cướp giật": [["Quận/Huyện", "T1/2024", "T2/2024"], ["Ba Đình", 3, 2], ["Hoàn Kiếm", 1, 4]],
        "Đánh bạc": [["Quận/Huyện", "T1/2024", "T2/2024"], ["Ba Đình", 0, 1], ["Hoàn Kiếm", 2, 0]],
    }
    workbook("crimes_r14_offence_sheets_three.xlsx", off_sheets)
    case(
        "crimes_r14_offence_sheets_three.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "the sheet name",
        47,
        sheet="all",
    )
    # a "Tổng hợp" sheet of district totals beside the offence sheets: checked against them, left out
    total_sheet = [["Quận/Huyện", "T1/2024", "T2/2024"], ["Ba Đình", 15, 10], ["Hoàn Kiếm", 12, 10]]
    workbook("crimes_r14_offence_sheets_total.xlsx", {**off_sheets, "Tổng hợp": total_sheet})
    case(
        "crimes_r14_offence_sheets_total.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "a total of the other sheets",
        47,
        sheet="all",
    )
    wrong_total = [total_sheet[0], ["Ba Đình", 15, 10], ["Hoàn Kiếm", 12, 11]]
    workbook("crimes_r14_offence_sheets_total_wrong.xlsx", {**off_sheets, "Tổng hợp": wrong_total})
    case(
        "crimes_r14_offence_sheets_total_wrong.xlsx",
        "crimes",
        None,
        "error",
        None,
        "count",
        "the total sheet states 11",
        sheet="all",
    )
    # default sheet names are no offences: refused as before
    workbook(
        "crimes_r14_offence_missing_default_sheets.xlsx",
        {"Sheet1": off_sheets["Trộm cắp tài sản"], "Sheet2": off_sheets["Cướp giật"]},
    )
    case(
        "crimes_r14_offence_missing_default_sheets.xlsx",
        "crimes",
        None,
        "error",
        1,
        "offence",
        "offence",
        sheet="all",
    )
    # the outline of a PivotTable in a case list: the district once per block, "Cộng" closing it
    outline = [
        ["Quận/Huyện", "Ngày xảy ra", "Tội danh"],
        ["Ba Đình", "05/03/2024", "Trộm cắp tài sản"],
        [None, "10/03/2024", "Cướp giật tài sản"],
        ["Tổng Ba Đình", None, None],
        ["Đống Đa", "16/03/2024", "Trộm cắp tài sản"],
        ["Tổng Đống Đa", None, None],
    ]
    workbook("incidents_r14_outline_blocks.xlsx", {"Sheet1": outline})
    case("incidents_r14_outline_blocks.xlsx", "incidents", None, "repair", None, None, "Tổng Ba Đình", 3)
    reg_outline = [
        ["Quận/Huyện", "Mã mô hình", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"],
        ["Ba Đình", "BD-1", "Phúc Xá", "Camera an ninh", "01/05/2022"],
        [None, "BD-2", "Đội Cấn", "Tổ tự quản", "01/06/2022"],
        ["Tổng Ba Đình", None, None, None, None],
        ["Đống Đa", "DD-1", "Láng Hạ", "Tổ liên gia an toàn", "01/03/2023"],
        ["Tổng Đống Đa", None, None, None, None],
    ]
    workbook("rollout_r14_outline_blocks.xlsx", {"Sheet1": reg_outline})
    case("rollout_r14_outline_blocks.xlsx", "rollout", None, "repair", None, None, "Tổng Ba Đình", 3)
    # one month column with a bare "01/2024" (and "2024-01") header
    one_month = [["Ba Đình", "Trộm cắp tài sản", 12], ["Hoàn Kiếm", "Trộm cắp tài sản", 9]]
    case(
        "crimes_r14_single_month_bare_header.csv",
        "crimes",
        lines(one_month, ["Quận/Huyện", "Tội danh", "01/2024"]),
        "repair",
        None,
        None,
        "2024-01",
        21,
    )
    case(
        "crimes_r14_single_month_iso_header.csv",
        "crimes",
        lines(one_month, ["Quận/Huyện", "Tội danh", "2024-01"]),
        "repair",
        None,
        None,
        "2024-01",
        21,
    )

    # -- (b) reports exported by government e-office software ------------------------------------------------
    letter = [
        ["CÔNG AN THÀNH PHỐ HÀ NỘI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["PHÒNG THAM MƯU", None, None, "Độc lập - Tự do - Hạnh phúc"],
        ["Số: 123/BC-CAHN", None, None, "Hà Nội, ngày 15 tháng 1 năm 2024"],
        [None, None, None, "Biểu số 01"],
        ["BÁO CÁO THỐNG KÊ TỘI PHẠM THÁNG 12 NĂM 2023"],
        [None, None, None, "Đơn vị tính: vụ"],
    ]
    body = [
        ["Quận/Huyện", "Tội danh", "Số vụ", "Ghi chú"],
        ["Ba Đình", "Trộm cắp tài sản", 12, None],
        ["Ba Đình", "Cướp giật tài sản", 3, None],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, None],
    ]
    workbook("crimes_r14_eoffice_letterhead.xlsx", {"BC": [*letter, *body]})
    case("crimes_r14_eoffice_letterhead.xlsx", "crimes", None, "repair", None, None, "title", 24)
    # the same letterhead with no period in the title: the signing date is no period
    no_period = [*letter[:4], ["BÁO CÁO THỐNG KÊ TỘI PHẠM"], letter[5], *body]
    workbook("crimes_r14_eoffice_date_only.xlsx", {"BC": no_period})
    case("crimes_r14_eoffice_date_only.xlsx", "crimes", None, "error", None, "period", "period")
    # the same as CSV (e-office "Xuất Excel/CSV"): letterhead cells on one row
    csv_letter = "".join(",".join("" if v is None else f'"{v}"' for v in r) + "\n" for r in [*letter, *body])
    case("crimes_r14_eoffice_letterhead.csv", "crimes", csv_letter, "repair", None, None, "title", 24)
    # "Tháng này" | "Cùng kỳ" | "Lũy kế": the month in the title
    this_h = ["Quận/Huyện", "Tội danh", "Tháng này", "Cùng kỳ", "Lũy kế"]
    this = [["Ba Đình", "Trộm cắp tài sản", 12, 10, 40], ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 12, 30]]
    case(
        "crimes_r14_this_month_columns.csv",
        "crimes",
        "BÁO CÁO THÁNG 3 NĂM 2024\n" + lines(this, this_h),
        "repair",
        None,
        None,
        "Cùng kỳ",
        21,
    )
    ky_h = ["Quận/Huyện", "Tội danh", "Kỳ này", "Cùng kỳ năm trước", "Lũy kế từ đầu năm", "Tăng/giảm (%)"]
    ky = [
        ["Ba Đình", "Trộm cắp tài sản", 12, 10, 40, "20%"],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 12, 30, "-25%"],
    ]
    workbook(
        "crimes_r14_this_period_cumulative.xlsx",
        {"Sheet1": [["BÁO CÁO TÌNH HÌNH TỘI PHẠM THÁNG 03 NĂM 2024"], ky_h, *ky]},
    )
    case("crimes_r14_this_period_cumulative.xlsx", "crimes", None, "repair", None, None, "Lũy kế", 21)
    # "Tháng này" without a month stated anywhere: refused as no period
    case(
        "crimes_r14_this_month_no_period.csv",
        "crimes",
        lines(this, this_h),
        "error",
        None,
        "period",
        "period",
    )

    # -- (c) two tables side by side ---------------------------------------------------------------------------
    side = [
        ["Quận/Huyện", "Tội danh", "Số vụ", None, "Quận/Huyện", "Tội danh", "Số vụ"],
        ["Ba Đình", "Trộm cắp tài sản", 12, None, "Hoàn Kiếm", "Trộm cắp tài sản", 9],
        ["Ba Đình", "Cướp giật tài sản", 3, None, "Hoàn Kiếm", "Cướp giật tài sản", 1],
    ]
    case(
        "crimes_r14_side_by_side.csv",
        "crimes",
        lines(side[1:], side[0]),
        "error",
        1,
        "Quận/Huyện",
        "side by side",
    )
    side_titled = [
        ["THÁNG 1/2024", None, None, None, "THÁNG 2/2024"],
        ["Quận/Huyện", "Tội danh", "Số vụ", None, "Quận/Huyện", "Tội danh", "Số vụ"],
        ["Ba Đình", "Trộm cắp tài sản", 12, None, "Ba Đình", "Trộm cắp tài sản", 7],
    ]
    workbook("crimes_r14_side_by_side_months.xlsx", {"Sheet1": side_titled})
    case("crimes_r14_side_by_side_months.xlsx", "crimes", None, "error", 2, "Quận/Huyện", "side by side")

    # -- (d) former units ---------------------------------------------------------------------------------------
    tay = [
        ["Hà Đông (Hà Tây)", "01/2024", "Trộm cắp tài sản", 5],
        ["thị xã Sơn Tây (Hà Tây)", "01/2024", "Trộm cắp tài sản", 2],
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
    ]
    case("crimes_r14_ha_tay_prefix.csv", "crimes", lines(tay, c_h), "repair", None, None, "Hà Tây", 19)
    tl = [["Từ Liêm", "01/2013", "Trộm cắp tài sản", 20], ["Ba Đình", "01/2013", "Trộm cắp tài sản", 12]]
    case("crimes_r14_tu_liem_before_split.csv", "crimes", lines(tl, c_h), "error", 2, "Quận/Huyện", "Từ Liêm")
    tl24 = [
        ["Huyện Từ Liêm", "01/2024", "Trộm cắp tài sản", 20],
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
    ]
    case(
        "crimes_r14_tu_liem_after_split.csv", "crimes", lines(tl24, c_h), "error", 2, "Quận/Huyện", "Từ Liêm"
    )
    inc_tl = [
        ["05/03/2012", "Huyện Từ Liêm", "Trộm cắp tài sản"],
        ["06/03/2012", "Ba Đình", "Trộm cắp tài sản"],
    ]
    case(
        "incidents_r14_tu_liem.csv",
        "incidents",
        lines(inc_tl, ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]),
        "error",
        2,
        "Quận/Huyện",
        "Từ Liêm",
    )

    # -- (e) CSV dialects ----------------------------------------------------------------------------------------
    quoted = "".join(";".join(f'"{v}"' for v in r) + "\r\n" for r in [c_h, *base])
    case("crimes_r14_libreoffice_quoted_semicolon.csv", "crimes", quoted, "ok", total=28)
    bom_sep = "\ufeffsep=,\r\n" + lines(base, c_h).replace("\n", "\r\n")
    case("crimes_r14_bom_then_sep_line.csv", "crimes", bom_sep, "ok", total=28)
    case("crimes_r14_tabs_in_csv.csv", "crimes", lines(base, c_h, sep="\t"), "ok", total=28)
    widths = [12, 10, 22, 6]
    fixed = "".join(
        "".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() + "\n" for r in [c_h, *base]
    )
    case("crimes_r14_fixed_width.txt", "crimes", fixed, "error", 1, None, "fixed-width")
    case("crimes_r14_fixed_width_as_csv.csv", "crimes", fixed, "error", 1, None, "fixed-width")

    # -- (f) registers with model types as section headings -----------------------------------------------------
    typed = [
        ["STT", "Mã mô hình", "Quận/Huyện", "Phường/Xã", "Ngày bắt đầu"],
        ["I", "MÔ HÌNH CAMERA AN NINH", None, None, None],
        [1, "BD-01", "Ba Đình", "Phúc Xá", "01/05/2019"],
        [2, "BD-02", "Ba Đình", "Đội Cấn", "01/06/2019"],
        ["II", "MÔ HÌNH TỔ TỰ QUẢN", None, None, None],
        [1, "HK-01", "Hoàn Kiếm", "Hàng Bạc", "01/07/2021"],
    ]
    workbook("rollout_r14_type_headings_no_type_column.xlsx", {"Sheet1": typed})
    case("rollout_r14_type_headings_no_type_column.xlsx", "rollout", None, "repair", None, None, "heading", 3)
    merged_typed = [
        ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Ngày bắt đầu"],
        ["Mô hình Camera an ninh", None, None, None],
        ["BD-01", "Ba Đình", "Phúc Xá", "01/05/2019"],
        ["Mô hình Tổ tự quản", None, None, None],
        ["HK-01", "Hoàn Kiếm", "Hàng Bạc", "01/07/2021"],
    ]
    workbook(
        "rollout_r14_type_headings_merged.xlsx", {"Sheet1": merged_typed}, merge_cells=("A2:D2", "A4:D4")
    )
    case("rollout_r14_type_headings_merged.xlsx", "rollout", None, "repair", None, None, "heading", 2)
    # district headings over type headings: each model takes both; a type heading never reaches into the next
    # district's block (refused as no type column)
    nested = [
        ["STT", "Mã mô hình", "Phường/Xã", "Ngày bắt đầu"],
        ["I", "QUẬN BA ĐÌNH", None, None],
        ["1", "Mô hình Camera an ninh", None, None],
        [None, "BD-1", "Phúc Xá", "01/05/2022"],
        ["II", "QUẬN ĐỐNG ĐA", None, None],
        ["1", "Mô hình Tổ tự quản", None, None],
        [None, "DD-1", "Láng Hạ", "01/03/2023"],
    ]
    workbook("rollout_r14_district_and_type_headings.xlsx", {"Sheet1": nested})
    case(
        "rollout_r14_district_and_type_headings.xlsx",
        "rollout",
        None,
        "repair",
        None,
        None,
        "section heading",
        2,
    )
    workbook("rollout_r14_type_heading_across_districts.xlsx", {"Sheet1": [*nested[:5], nested[6]]})
    case(
        "rollout_r14_type_heading_across_districts.xlsx",
        "rollout",
        None,
        "error",
        1,
        "model_type",
        "model_type",
    )
    # a heading that is no model type (a district): not a type; the rows below keep their own district
    wrong_typed = [typed[0], ["I", "QUẬN BA ĐÌNH", None, None, None], *typed[2:4]]
    workbook("rollout_r14_heading_not_a_type.xlsx", {"Sheet1": wrong_typed})
    case("rollout_r14_heading_not_a_type.xlsx", "rollout", None, "error", 1, "model_type", "model_type")

    # -- (g) more of the same classes ---------------------------------------------------------------------------
    # a quarter in the title, the signing date in the next month
    quarter = [
        *letter[:2],
        ["Số: 45/BC-CAQ", None, None, "Hà Nội, ngày 05 tháng 04 năm 2024"],
        ["BÁO CÁO TÌNH HÌNH TỘI PHẠM QUÝ I NĂM 2024"],
        [None, None, None, "ĐVT: vụ"],
        *body,
    ]
    workbook("crimes_r14_eoffice_quarter_title.xlsx", {"BC": quarter})
    case("crimes_r14_eoffice_quarter_title.xlsx", "crimes", None, "repair", None, None, "2024Q1", 24)
    # an incident list under an e-office letterhead and a "V/v" (subject) line
    inc_letter = [
        ["CÔNG AN QUẬN BA ĐÌNH", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 45/DS-CAQ", None, "Độc lập - Tự do - Hạnh phúc"],
        ["V/v danh sách vụ việc tháng 3/2024", None, "Hà Nội, ngày 02 tháng 4 năm 2024"],
        ["Ngày xảy ra", "Quận/Huyện", "Tội danh"],
        ["05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
        ["10/03/2024", "Ba Đình", "Cướp giật tài sản"],
        ["16/03/2024", "Ba Đình", "Trộm cắp tài sản"],
    ]
    workbook("incidents_r14_eoffice_letterhead.xlsx", {"DS": inc_letter})
    case("incidents_r14_eoffice_letterhead.xlsx", "incidents", None, "repair", None, None, "title", 3)
    # "Huyện Từ Liêm" in a population table of 2012
    case(
        "population_r14_tu_liem.csv",
        "population",
        lines(
            [["Huyện Từ Liêm", 2012, 450000], ["Ba Đình", 2012, 230000]],
            ["Quận/Huyện", "Năm", "Dân số trung bình (người)"],
        ),
        "error",
        2,
        "Quận/Huyện",
        "Từ Liêm",
    )
    # the two measures with their units in brackets
    case(
        "crimes_r14_occurred_with_units.csv",
        "crimes",
        lines(occ, ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ xảy ra (vụ)", "Số vụ làm rõ (vụ)"]),
        "repair",
        None,
        None,
        "Số vụ làm rõ (vụ)",
        28,
    )
    # one sheet named as its offence, read alone; a police department's sheet is no offence
    workbook("crimes_r14_offence_sheet_single.xlsx", {"Trộm cắp tài sản": off_sheets["Trộm cắp tài sản"]})
    case("crimes_r14_offence_sheet_single.xlsx", "crimes", None, "repair", None, None, "the sheet name", 34)
    workbook(
        "crimes_r14_offence_sheet_police_unit.xlsx",
        {"PC02": off_sheets["Trộm cắp tài sản"], "Hà Nội": off_sheets["Cướp giật"]},
    )
    case("crimes_r14_offence_sheet_police_unit.xlsx", "crimes", None, "error", 1, "offence", "offence")
    case(
        "crimes_r14_offence_sheet_police_unit.xlsx",
        "crimes",
        None,
        "error",
        1,
        "offence",
        "offence",
        sheet="Hà Nội",
    )
    # some district rows state counts and some do not: no subtotals, no headings (refused as before)
    mixed = [*heading[:4], ["2", "Quận Hoàn Kiếm", None, None], heading[5]]
    workbook("crimes_r14_district_rows_some_counted.xlsx", {"Sheet1": mixed})
    case("crimes_r14_district_rows_some_counted.xlsx", "crimes", None, "error", 5, "T1/2024", "missing count")
    # "Hà Tây" alone: the former province, no district
    case(
        "crimes_r14_ha_tay_province.csv",
        "crimes",
        lines([["Hà Tây", "01/2008", "Trộm cắp tài sản", 40], *base[:1]], c_h),
        "error",
        2,
        "Quận/Huyện",
        "Hà Tây",
    )


# ---------------------------------------------------------------------------------------------------------
# Old Excel 97-2003 .xls copies of the .xlsx cases


def biff_copy(src: Path, dst: Path) -> bool:
    """Write the cells of the workbook ``src`` as an old .xls (BIFF8) workbook ``dst``: the cached values with
    their number formats, merged ranges, hidden rows and columns, sheet visibility, the active sheet and the
    1904 date system. False (nothing written) when BIFF cannot say the same: a chart sheet, a formula without
    a cached value, an integer past 2**53, text past 32,767 characters, more than 65,536 rows or
    256 columns, a built-in East Asian date format (xlwt writes formats by their text), or a file openpyxl
    cannot load or the readers refuse as a container (Strict Open XML)."""
    import xlwt
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import MAC_EPOCH

    try:
        with zipfile.ZipFile(src) as archive:
            if any(
                b"purl.oclc.org/ooxml" in archive.read(n) for n in archive.namelist() if n.endswith(".xml")
            ):
                return False
        full = load_workbook(src)
        values = load_workbook(src, read_only=True, data_only=True)
        formulas = load_workbook(src, read_only=True)
        if full.chartsheets or len(full.worksheets) != len(values.worksheets):
            return False
        book = xlwt.Workbook(encoding="utf-8")
        book.dates_1904 = full.epoch == MAC_EPOCH
        styles: dict[str, xlwt.XFStyle] = {}
        for ws, cells, texts in zip(full.worksheets, values.worksheets, formulas.worksheets, strict=True):
            out = book.add_sheet(ws.title, cell_overwrite_ok=True)
            out.visibility = {"visible": 0, "hidden": 1, "veryHidden": 2}[ws.sheet_state]
            for span in ws.merged_cells.ranges:  # first: xlwt blanks the cells under a merge
                out.merge(span.min_row - 1, span.max_row - 1, span.min_col - 1, span.max_col - 1)
            for r, dim in ws.row_dimensions.items():
                if dim.hidden or dim.height == 0:
                    out.row(r - 1).hidden = 1
            for dim in ws.column_dimensions.values():
                if dim.hidden or dim.width == 0:
                    for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                        out.col(c - 1).hidden = 1
            cells.reset_dimensions()
            texts.reset_dimensions()
            for r, (row, formula_row) in enumerate(zip(cells.iter_rows(), texts.iter_rows(), strict=True)):
                for cell, formula in zip(row, formula_row, strict=True):
                    if (
                        cell.value is None
                        and str(getattr(formula.value, "text", formula.value)).startswith(
                            "="
                        )  # {=...}: an ArrayFormula
                    ):
                        return False
                    if cell.value is not None and not biff_cell(out, r, cell, styles, full.epoch):
                        return False
        active = full.active
        book.active_sheet = full.worksheets.index(active) if active in full.worksheets else 0
        book.save(str(dst))
    except Exception:
        dst.unlink(missing_ok=True)
        return False
    return True


def biff_cell(out, r: int, cell, styles: dict, epoch: dt.datetime) -> bool:
    """Write one read-only openpyxl cell to the xlwt sheet ``out``; False when BIFF cannot hold its value.
    A date is written as the serial number openpyxl read it from (xlwt's own conversion shifts dates before
    March 1900 by the 1900 leap-year day), an error by its BIFF code (xlwt maps "#VALUE!" to "#NUM!")."""
    import math

    import xlwt
    from openpyxl.utils.datetime import to_excel
    from xlrd.biffh import error_text_from_code

    v, c = cell.value, cell.column - 1
    if r >= 65536 or c >= 256:
        return False
    if getattr(getattr(cell, "style_array", None), "numFmtId", 0) in [*range(27, 37), *range(50, 59)]:
        return False
    fmt = cell.number_format or "General"
    if (
        isinstance(v, dt.datetime) and fmt == "General"
    ):  # an ISO date cell (t="d") states no format: BIFF needs one
        fmt = "yyyy-mm-dd hh:mm:ss"
    style = styles.setdefault(fmt, xlwt.easyxf(num_format_str=fmt))
    if cell.data_type == "e":
        out.row(r).set_cell_error(c, {t: k for k, t in error_text_from_code.items()}[v])
    elif isinstance(v, bool):
        out.row(r).set_cell_boolean(c, v, style)
    elif isinstance(v, int) and abs(v) > 2**53:
        return False
    elif isinstance(v, float) and not math.isfinite(v):
        return False
    elif isinstance(v, str) and len(v) > 32767:
        return False
    elif isinstance(v, dt.timedelta):  # an [h]:mm cell: its number of days
        out.write(r, c, v / dt.timedelta(days=1), style)
    elif isinstance(v, dt.date | dt.time):
        out.write(r, c, to_excel(v, epoch), style)
    elif isinstance(v, str | int | float):
        out.write(r, c, v, style)
    else:
        return False
    return True


def xls_cases() -> None:
    """Every .xlsx case that BIFF can express, again as an old .xls: ``<stem>_biff.xls`` with the manifest rows
    of the .xlsx (the same table, warnings or error); tests/test_xls.py compares the two readings."""
    kinds = [["Ba Đình", "2024-01", "Trộm cắp", v] for v in (12.0, 7.5, True, "#DIV/0!", 1.5, 0.25, -5, 3e6)]
    workbook(
        "crimes_cell_kinds.xlsx",
        {"BC": [["district", "period", "offence", "count"], *kinds]},
        formats={
            ("BC", "D6"): "[h]:mm",
            ("BC", "D7"): "hh:mm",
            ("BC", "D8"): "dd/mm/yyyy",
            ("BC", "D9"): "dd/mm/yyyy",
        },
    )
    case("crimes_cell_kinds.xlsx", "crimes", None, "error", 3, "count", "7.5")
    done: dict[str, bool] = {}
    for row in list(CASES):
        file = str(row["file"])
        if row["reader"] == "cli" or not file.endswith(".xlsx"):
            continue
        copy = file.removesuffix(".xlsx") + "_biff.xls"
        if file not in done:
            done[file] = biff_copy(HERE / file, HERE / copy)
        if done[file]:
            CASES.append({**row, "file": copy})
    xls_own_cases()


def xls_book(name: str, sheets: dict[str, list[list[object]]], **options: object) -> bytes:
    """An .xls workbook (xlwt) of ``sheets``; ``options``: ``states`` {sheet: 1 hidden, 2 very hidden},
    ``active`` (index), ``dates_1904``, ``merge`` [(r1, r2, c1, c2)] and ``hidden_rows`` (0-based) of the
    first sheet. Dates are written as dd/mm/yyyy cells. Returns the file's bytes."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = bool(options.get("dates_1904"))
    date = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    states = options.get("states") or {}
    assert isinstance(states, dict)
    for title, rows in sheets.items():
        ws = book.add_sheet(title, cell_overwrite_ok=True)
        ws.visibility = states.get(title, 0)
        for r, cells in enumerate(rows):
            for c, v in enumerate(cells):
                if v is not None:
                    ws.write(r, c, v, date if isinstance(v, dt.date) else xlwt.Style.default_style)
    first = book.get_sheet(0)
    for r1, r2, c1, c2 in options.get("merge") or []:  # type: ignore[attr-defined]
        first.merge(r1, r2, c1, c2)
    for r in options.get("hidden_rows") or []:  # type: ignore[attr-defined]
        first.row(r).hidden = 1
    book.active_sheet = int(options.get("active") or 0)  # type: ignore[call-overload]
    out = io.BytesIO()
    book.save(out)
    (HERE / name).write_bytes(out.getvalue())
    return out.getvalue()


def ole2(stream: str, data: bytes) -> bytes:
    """An OLE2 compound file of one stream named ``stream`` (xlwt's writer, its "Workbook" entry renamed)."""
    from xlwt.CompoundDoc import XlsDoc

    out = io.BytesIO()
    XlsDoc().save(out, data)
    doc = bytearray(out.getvalue())
    at = doc.rindex("Workbook\0".encode("utf-16-le"))
    name = (stream + "\0").encode("utf-16-le")
    doc[at : at + 66] = name.ljust(64, b"\0") + len(name).to_bytes(2, "little")
    return bytes(doc)


def xls_own_cases() -> None:
    """Old .xls workbooks of their own: dates in the 1904 system, a merged title over a hidden row, sheets
    hidden and very hidden behind a cover, and what is refused (encrypted, not a workbook, cut short)."""
    head = ["district", "period", "offence", "count"]
    rows = [list(r) for r in C_ROWS]
    dates = [[dt.datetime.strptime(r[0], "%Y-%m-%d"), r[1], r[2]] for r in I_ROWS]
    xls_book(
        "incidents_xls_1904_dates.xls", {"DS": [["date", "district", "offence"], *dates]}, dates_1904=True
    )
    case("incidents_xls_1904_dates.xls", "incidents", None, "ok", total=len(I_ROWS))
    xls_book(
        "crimes_xls_title_hidden_row.xls",
        {"BC": [["CÔNG AN THÀNH PHỐ HÀ NỘI"], head, *rows]},
        merge=[(0, 0, 0, 3)],
        hidden_rows=[3],
    )
    case("crimes_xls_title_hidden_row.xls", "crimes", None, "repair", None, None, "hidden row", C_TOTAL)
    sheets = {"Bìa": [["BÁO CÁO"]], "T1": [head, rows[0], rows[2]], "T2": [head, rows[1], rows[3]]}
    sheets |= {"Cũ": [head, ["Ba Đình", "2023-12", "Trộm cắp", 99]], "Data": [["x"]]}
    biff = xls_book("crimes_xls_sheets.xls", sheets, states={"Cũ": 1, "Data": 2})
    case("crimes_xls_sheets.xls", "crimes", None, "repair", None, None, "not read", C_TOTAL, sheet="all")
    case("crimes_xls_sheets.xls", "crimes", None, "repair", None, None, "'Bìa' is a cover", 9 + 12)
    case("crimes_xls_named_xlsx.xlsx", "crimes", biff, "repair", None, None, "rename it to .xls", 21)
    zipped = next(c for c in CASES if c["file"] == "crimes_cong_district_rows.xlsx")
    (HERE / "crimes_xlsx_named_xls.xls").write_bytes((HERE / str(zipped["file"])).read_bytes())
    CASES.append({**zipped, "file": "crimes_xlsx_named_xls.xls"})
    # FILEPASS (0x2F) in place of the record after the BOF of the workbook stream (at 512 in xlwt's file), as
    # Excel's "Encrypt with Password" writes it
    encrypted = bytearray(biff)
    assert encrypted[512:514] == b"\x09\x08"
    at = 512 + 4 + int.from_bytes(encrypted[514:516], "little")
    encrypted[at : at + 2] = b"\x2f\x00"
    case("crimes_xls_encrypted.xls", "crimes", bytes(encrypted), "error", 1, None, "password-protected")
    case("crimes_encrypted_package.xlsx", "crimes", ole2("EncryptedPackage", b"\x00" * 600), "error", 1)
    CASES[-1].update(fragment="password-protected")
    case("crimes_word_document.xls", "crimes", ole2("WordDocument", b"\xec\xa5" + bytes(900)), "error", 1)
    CASES[-1].update(fragment="holds no Excel workbook")
    case(
        "crimes_xls_truncated.xls", "crimes", biff[: len(biff) // 2], "error", 1, None, "damaged or cut short"
    )


def round15_cases() -> None:
    """Round 15 (2026-12-07): round 14's open gaps (units that joined Hanoi on 1 August 2008 named before it,
    "Mê Linh (Vĩnh Phúc)"; "Xảy ra" | "Khám phá" under month headers; a subtotal mismatch naming its district;
    a "Mã ĐVHC" column beside the names) and new export shapes: "Trong đó" columns beside "Tổng số vụ", a
    partial breakdown under a total row, rates per 100,000 with a decimal comma, the year two rows above the
    months, Excel comments, footnote marks in counts, spelled-out dates among numeric ones, registers started
    "Quý II/2023" or "Năm 2022", "Số hộ" beside "Dân số", wards under their district, VNI-Windows text, a Word
    document and a PDF given as the table."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    p_h = ["Quận/Huyện", "Năm", "Dân số"]

    # -- (A1) units that joined Hanoi on 1 August 2008, named before it ------------------------------------
    case(
        "incidents_r15_ha_dong_2007.csv",
        "incidents",
        lines(
            [["05/03/2024", "Ba Đình", "Trộm cắp tài sản"], ["15/03/2007", "Hà Đông", "Trộm cắp tài sản"]],
            i_h,
        ),
        "error",
        3,
        "Quận/Huyện",
        "1 August 2008",
    )
    case(
        "incidents_r15_ha_dong_tagged_2007.csv",
        "incidents",
        lines(
            [
                ["15/03/2007", "Hà Đông (Hà Tây)", "Trộm cắp tài sản"],
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
            ],
            i_h,
        ),
        "error",
        2,
        "Quận/Huyện",
        "1 August 2008",
    )
    case(
        "crimes_r15_son_tay_2007.csv",
        "crimes",
        lines(
            [["Sơn Tây", "12/2007", "Trộm cắp tài sản", 6], ["Ba Đình", "12/2007", "Trộm cắp tài sản", 30]],
            c_h,
        ),
        "error",
        2,
        "Quận/Huyện",
        "Hà Tây",
    )
    case(
        "crimes_r15_me_linh_july_2008.csv",
        "crimes",
        lines(
            [["Ba Đình", "07/2008", "Trộm cắp tài sản", 30], ["Mê Linh", "07/2008", "Trộm cắp tài sản", 4]],
            c_h,
        ),
        "error",
        3,
        "Quận/Huyện",
        "Vĩnh Phúc",
    )
    case(
        "population_r15_me_linh_2007.csv",
        "population",
        lines([["Mê Linh", 2007, 190000], ["Mê Linh", 2009, 192000], ["Ba Đình", 2007, 230000]], p_h),
        "error",
        2,
        "Quận/Huyện",
        "1 August 2008",
    )
    case(
        "population_r15_ha_dong_2008.csv",
        "population",
        lines([["Hà Đông", 2008, 225000], ["Hà Đông", 2009, 233136], ["Sơn Tây", 2009, 125749]], p_h),
        "ok",
        total=225000 + 233136 + 125749,
    )
    case(
        "crimes_r15_ha_dong_august_2008.csv",
        "crimes",
        lines(
            [["Hà Đông", "08/2008", "Trộm cắp tài sản", 11], ["Sơn Tây", "08/2008", "Trộm cắp tài sản", 3]],
            c_h,
        ),
        "ok",
        total=14,
    )
    case(
        "crimes_r15_me_linh_vinh_phuc_tag.csv",
        "crimes",
        lines(
            [
                ["Mê Linh (Vĩnh Phúc)", "01/2024", "Trộm cắp tài sản", 5],
                ["Mê Linh (tỉnh Vĩnh Phúc)", "02/2024", "Trộm cắp tài sản", 2],
                ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
            ],
            c_h,
        ),
        "repair",
        None,
        None,
        "Vĩnh Phúc",
        19,
    )

    # -- (A2) "Xảy ra" | "Khám phá" under month headers ---------------------------------------------------
    wide = [
        ["Quận/Huyện", "T1/2024", None, "T2/2024", None],
        [None, "Xảy ra", "Khám phá", "Xảy ra", "Khám phá"],
        ["Ba Đình", 12, 9, 7, 5],
        ["Hoàn Kiếm", 9, 8, 4, 4],
    ]
    workbook(
        "crimes_r15_months_over_occurred_solved.xlsx",
        {"Trộm cắp tài sản": wide},
        merge_cells=("B1:C1", "D1:E1"),
    )
    case("crimes_r15_months_over_occurred_solved.xlsx", "crimes", None, "repair", None, None, "Khám phá", 32)
    case(
        "crimes_r15_months_over_occurred_solved.csv",
        "crimes",
        lines(
            [[*r[:1], "Trộm cắp tài sản" if r[0] else None, *r[1:]] for r in wide[1:]],
            ["Quận/Huyện", "Tội danh", *["" if v is None else v for v in wide[0][1:]]],
        ),
        "repair",
        None,
        None,
        "Khám phá",
        32,
    )
    wide3 = [
        ["Quận/Huyện", "Tội danh", "Tháng 1/2024", None, None],
        [None, None, "Xảy ra", "Khám phá", "Tỷ lệ (%)"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 9, "75,0"],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 8, 8, "100,0"],
    ]
    workbook("crimes_r15_month_over_three_measures.xlsx", {"Sheet1": wide3}, merge_cells=("C1:E1",))
    case("crimes_r15_month_over_three_measures.xlsx", "crimes", None, "repair", None, None, "Khám phá", 20)

    # -- (A3) a subtotal that disagrees names its district ------------------------------------------------
    blocks = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Cộng", "", "", 15],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Hoàn Kiếm", "01/2024", "Cướp giật tài sản", 4],
        ["Cộng", "", "", 14],
    ]
    case(
        "crimes_r15_subtotal_mismatch_district.csv",
        "crimes",
        lines(blocks, c_h),
        "error",
        7,
        "Số vụ",
        "Hoàn Kiếm",
    )
    offence_blocks = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 3],
        ["Ba Đình", "01/2024", "Cộng", 16],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Hoàn Kiếm", "01/2024", "Cộng", 9],
    ]
    case(
        "crimes_r15_subtotal_mismatch_offence_column.csv",
        "crimes",
        lines(offence_blocks, c_h),
        "error",
        4,
        "Số vụ",
        "Ba Đình",
    )

    # -- (A4) an administrative code beside the name -------------------------------------------------------
    d_h = ["Mã ĐVHC", "Tên quận/huyện", "Dân số (người)", "Diện tích (km²)"]
    d_ok = [
        ["001", "Quận Ba Đình", 221893, 9.21],
        ["002", "Quận Hoàn Kiếm", 135618, 5.29],
        ["016", "Huyện Sóc Sơn", 357652, 305.51],
    ]
    case(
        "districts_r15_code_and_name.csv",
        "districts",
        lines(d_ok, d_h),
        "repair",
        None,
        None,
        "names of column",
        D_TOTAL,
    )
    d_bad = [d_ok[0], ["003", "Quận Hoàn Kiếm", 135618, 5.29], d_ok[2]]
    case(
        "districts_r15_code_disagrees.csv", "districts", lines(d_bad, d_h), "error", 3, "Mã ĐVHC", "Hoàn Kiếm"
    )
    cc_h = ["Mã ĐVHC", "Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    cc = [
        ["001", "Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["002", "Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
    ]
    case("crimes_r15_code_and_name.csv", "crimes", lines(cc, cc_h), "ok", total=21)
    case(
        "crimes_r15_code_disagrees.csv",
        "crimes",
        lines([cc[0], ["268", "Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9]], cc_h),
        "error",
        3,
        "Mã ĐVHC",
        "268",
    )
    pc_h = ["Mã ĐVHC", "Quận/Huyện", "Năm", "Dân số"]
    case(
        "population_r15_code_disagrees.csv",
        "population",
        lines([["001", "Ba Đình", 2019, 221893], ["001", "Hoàn Kiếm", 2019, 135618]], pc_h),
        "error",
        3,
        "Mã ĐVHC",
        "Hoàn Kiếm",
    )

    # -- (B) new export shapes -----------------------------------------------------------------------------
    # "Tổng số vụ" followed by "Trong đó: Trộm cắp" | "Cướp giật": parts of the total, not more offences
    td_h = ["Quận/Huyện", "Kỳ", "Tổng số vụ", "Trong đó: Trộm cắp", "Cướp giật"]
    td = [["Ba Đình", "01/2024", 20, 12, 3], ["Hoàn Kiếm", "01/2024", 15, 9, 4]]
    case("crimes_r15_of_which_columns.csv", "crimes", lines(td, td_h), "repair", None, None, "Trong đó", 35)
    case(
        "crimes_r15_of_which_columns_exceed.csv",
        "crimes",
        lines([td[0], ["Hoàn Kiếm", "01/2024", 10, 9, 4]], td_h),
        "error",
        3,
        "Tổng số vụ",
        "Trong đó",
    )
    # offences under a "Trong đó:" row below a total row (a partial breakdown)
    part = [
        ["Ba Đình", "01/2024", "Tổng số vụ phạm pháp hình sự", 20],
        ["Ba Đình", "01/2024", "Trong đó:", ""],
        ["Ba Đình", "01/2024", "- Trộm cắp tài sản", 12],
        ["Ba Đình", "01/2024", "- Cướp giật tài sản", 3],
        ["Hoàn Kiếm", "01/2024", "Tổng số vụ phạm pháp hình sự", 15],
        ["Hoàn Kiếm", "01/2024", "Trong đó:", ""],
        ["Hoàn Kiếm", "01/2024", "- Trộm cắp tài sản", 9],
    ]
    case(
        "crimes_r15_of_which_rows_under_total.csv",
        "crimes",
        lines(part, c_h),
        "repair",
        None,
        None,
        "Trong đó",
        35,
    )
    # a guard: "Tổng số" under its district's offences is their subtotal, and "Trong đó" under it a part of them
    sub = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 21],
        ["Ba Đình", "01/2024", "Cướp giật tài sản", 7],
        ["Ba Đình", "01/2024", "Tổng số", 28],
        ["Ba Đình", "01/2024", "Trong đó: Trộm cắp xe máy", 10],
    ]
    case(
        "crimes_r15_of_which_under_subtotal.csv",
        "crimes",
        lines(sub, c_h),
        "repair",
        None,
        None,
        "breakdown",
        28,
    )
    # a rate per 100,000 residents beside the counts, with a decimal comma
    rate_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ", "Tỷ lệ/100.000 dân"]
    rate = [
        ["Ba Đình", "2024", "Trộm cắp tài sản", 120, "54,1"],
        ["Hoàn Kiếm", "2024", "Trộm cắp tài sản", 90, "66,4"],
    ]
    case(
        "crimes_r15_rate_per_100k.csv",
        "crimes",
        "".join(";".join(str(v) for v in r) + "\n" for r in [rate_h, *rate]),
        "repair",
        None,
        None,
        "Tỷ lệ/100.000 dân",
        210,
    )
    # the year in a merged cell two rows above the month headers
    yr = [
        ["NĂM 2024", None, None, None],
        ["Đơn vị tính: vụ", None, None, None],
        ["Quận/Huyện", "Tội danh", "Tháng 1", "Tháng 2"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 6],
    ]
    workbook("crimes_r15_year_two_rows_above.xlsx", {"Sheet1": yr}, merge_cells=("A1:D1",))
    case("crimes_r15_year_two_rows_above.xlsx", "crimes", None, "repair", None, None, "2024", 34)
    # Excel comments on count cells: a note, not data
    workbook("crimes_r15_cell_comments.xlsx", {"Sheet1": [c_h, *[[d, p, o, n] for d, p, o, n in C_ROWS]]})
    _add_comments(HERE / "crimes_r15_cell_comments.xlsx", {"D2": "Số liệu sơ bộ", "D4": "Đã cập nhật 05/02"})
    case("crimes_r15_cell_comments.xlsx", "crimes", None, "ok", total=C_TOTAL)
    # a footnote mark after a count: "12(1)"
    case(
        "crimes_r15_footnote_in_count.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", "01/2024", "Trộm cắp tài sản", "12(1)"],
                ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
            ],
            c_h,
        ),
        "error",
        2,
        "Số vụ",
        "12(1)",
    )
    # spelled-out Vietnamese dates among numeric ones
    case(
        "incidents_r15_spelled_dates_mixed.csv",
        "incidents",
        lines(
            [
                ["ngày 5 tháng 3 năm 2024", "Ba Đình", "Trộm cắp tài sản"],
                ["06/03/2024", "Hoàn Kiếm", "Trộm cắp tài sản"],
                ["Ngày 07 tháng 03 năm 2024", "Ba Đình", "Cướp giật tài sản"],
            ],
            i_h,
        ),
        "ok",
        total=3,
    )
    # a register's start as a quarter or a year: too coarse for monthly panels
    ro_h = ["Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu"]
    case(
        "rollout_r15_start_quarter.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Camera an ninh", "01/05/2023"],
                ["BD-2", "Ba Đình", "Camera an ninh", "Quý II/2023"],
            ],
            ro_h,
        ),
        "error",
        3,
        "Ngày bắt đầu",
        "Quý II/2023",
    )
    case(
        "rollout_r15_start_year.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Camera an ninh", "Năm 2022"],
                ["BD-2", "Ba Đình", "Camera an ninh", "01/05/2023"],
            ],
            ro_h,
        ),
        "error",
        2,
        "Ngày bắt đầu",
        "Năm 2022",
    )
    # households beside the residents
    case(
        "population_r15_households.csv",
        "population",
        lines([["Ba Đình", 2019, 221893, 60512], ["Hoàn Kiếm", 2019, 135618, 38000]], [*p_h, "Số hộ"]),
        "ok",
        total=221893 + 135618,
    )
    # wards under their district, the district row their subtotal
    wards = [
        ["Quận Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Phường Phúc Xá", "01/2024", "Trộm cắp tài sản", 5],
        ["Phường Trúc Bạch", "01/2024", "Trộm cắp tài sản", 7],
        ["Quận Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Phường Hàng Bạc", "01/2024", "Trộm cắp tài sản", 9],
    ]
    case(
        "crimes_r15_wards_under_district.csv",
        "crimes",
        lines(wards, c_h),
        "repair",
        None,
        None,
        "ward row",
        21,
    )
    wrong = [*wards[:2], ["Phường Trúc Bạch", "01/2024", "Trộm cắp tài sản", 8], *wards[3:]]
    case(
        "crimes_r15_wards_under_district_wrong.csv",
        "crimes",
        lines(wrong, c_h),
        "error",
        2,
        "Số vụ",
        "sum to 13",
    )
    # VNI-Windows text (a legacy font encoding): in a workbook (Latin-1 letters in Unicode cells), headers too;
    # in a CSV saved as Windows-1252; in an incident list's offences only
    vni = [[vni_text("Ba Đình"), "01/2024", vni_text("Trộm cắp tài sản"), 12]]
    vni.append([vni_text("Hoàn Kiếm"), "01/2024", vni_text("Trộm cắp tài sản"), 9])
    workbook("crimes_r15_vni_font.xlsx", {"Sheet1": [[vni_text(h) for h in c_h], *vni]})
    case("crimes_r15_vni_font.xlsx", "crimes", None, "repair", None, None, "VNI", 21)
    case(
        "crimes_r15_vni_font_cp1252.csv",
        "crimes",
        lines(vni, [vni_text(h) for h in c_h]).encode("cp1252"),
        "repair",
        None,
        None,
        "VNI",
        21,
        encoding="cp1252",
    )
    case(
        "incidents_r15_vni_offence.csv",
        "incidents",
        lines([["05/03/2024", "Ba Đình", vni_text("Cướp giật tài sản")]], i_h),
        "repair",
        None,
        None,
        "VNI",
        1,
    )
    # a Word document and a PDF given as the table
    _docx(HERE / "crimes_r15_word_document.docx", [c_h, *[[d, p, o, str(n)] for d, p, o, n in C_ROWS]])
    case("crimes_r15_word_document.docx", "crimes", None, "error", None, None, "Word document")
    _docx(HERE / "crimes_r15_word_renamed.xlsx", [c_h, *[[d, p, o, str(n)] for d, p, o, n in C_ROWS]])
    case("crimes_r15_word_renamed.xlsx", "crimes", None, "error", None, None, "Word document")
    case("population_r15_report.pdf", "population", _pdf("Dan so Ha Noi 2019"), "error", None, None, "PDF")
    case("incidents_r15_pdf_as_csv.csv", "incidents", _pdf("Danh sach vu viec"), "error", None, None, "PDF")


def round16_cases() -> None:
    """Round 16 (2026-12-07): registers' start dates as clerks type them ("Quý 2 năm 2023", "06-2023",
    "tháng 6 năm 2023", "6/2023", a planned start "15/6/2023 (dự kiến)"); counts with a footnote letter
    "12 (a)", formula noise (12.000000000000002), a fraction typed as text, floats exported as "12.0"; a note
    row inside a table, a total column on the left of the months or districts, a "Tỷ lệ (%)" row under a
    wide table, districts of another city ("Quận 1"), offence codes beside the names, a Vietnamese header over
    its English translation; incident dates that cannot exist ("2024-13-01", 29/02/2023), an Excel serial
    typed in a CSV, a year before 1900, a Buddhist-era year, three date columns (occurrence, receipt,
    prosecution) or only the last two, Windows' Vietnamese "SA"/"CH" (AM/PM), day, month and year in three
    columns; a record-count footer ("Tổng số bản ghi: 3"), two exports concatenated with their "sep=;" line,
    a trailing delimiter on every line, a quoted header, every line quoted as one field, tabs padded with
    spaces, NUL bytes after the last line; a population's share column, a population in per cent and the year
    stated in the title only."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",", end: str = "") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + end + "\n" for r in [h, *body])

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    c_rows = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Ba Đình", "02/2024", "Trộm cắp tài sản", 7],
        ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
        ["Hoàn Kiếm", "02/2024", "Cướp giật tài sản", 4],
    ]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    i_rows = [
        ["05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
        ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
        ["07/03/2024", "Đống Đa", "Trộm cắp tài sản"],
    ]
    ro_h = ["Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu"]
    p_h = ["Quận/Huyện", "Năm", "Dân số"]

    # -- (A) a register's start dates as clerks type them ----------------------------------------------
    def register(start: str) -> str:
        return lines(
            [
                ["BD-1", "Ba Đình", "Camera an ninh", "01/05/2023"],
                ["BD-2", "Ba Đình", "Camera an ninh", start],
            ],
            ro_h,
        )

    case(
        "rollout_r16_start_quarter_words.csv",
        "rollout",
        register("Quý 2 năm 2023"),
        "error",
        3,
        "Ngày bắt đầu",
        "Quý 2 năm 2023",
    )
    case(
        "rollout_r16_start_month_dash.csv",
        "rollout",
        register("06-2023"),
        "repair",
        None,
        None,
        "month only",
        2,
    )
    case(
        "rollout_r16_start_month_words.csv",
        "rollout",
        register("tháng 6 năm 2023"),
        "repair",
        None,
        None,
        "month only",
        2,
    )
    case(
        "rollout_r16_start_month_slash.csv",
        "rollout",
        register("6/2023"),
        "repair",
        None,
        None,
        "month only",
        2,
    )
    case(
        "rollout_r16_start_planned.csv",
        "rollout",
        register("15/6/2023 (dự kiến)"),
        "error",
        3,
        "Ngày bắt đầu",
        "dự kiến",
    )

    # -- (B) counts ------------------------------------------------------------------------------------
    def counts(cells: list[object]) -> str:
        return lines([[*r[:3], v] for r, v in zip(c_rows, cells, strict=True)], c_h)

    case(
        "crimes_r16_count_footnote_letter.csv",
        "crimes",
        counts(["12 (a)", 7, 9, 4]),
        "error",
        2,
        "Số vụ",
        "12 (a)",
    )
    case(
        "crimes_r16_count_fraction_text.csv",
        "crimes",
        counts([12, "7.0000001", 9, 4]),
        "error",
        3,
        "Số vụ",
        "7.0000001",
    )
    case("crimes_r16_count_float_export.csv", "crimes", counts(["12.0", "7.0", "9.0", "4.0"]), "ok", total=32)
    # a formula's binary noise: =0.1*120 is 12.000000000000002, shown as 12
    workbook(
        "crimes_r16_count_formula_noise.xlsx",
        {
            "Sheet1": [
                c_h,
                *[[*r[:3], v] for r, v in zip(c_rows, [0.1 * 120, 7, 0.1 * 3 * 30, 4], strict=True)],
            ]
        },
    )
    case("crimes_r16_count_formula_noise.xlsx", "crimes", None, "ok", total=32)

    # -- (C) layouts -----------------------------------------------------------------------------------
    note = [
        c_h,
        c_rows[0],
        c_rows[1],
        ["Ghi chú: số liệu tháng 02 là số liệu tạm tính", None, None, None],
        c_rows[2],
        c_rows[3],
    ]
    workbook("crimes_r16_note_row_inside.xlsx", {"Sheet1": note}, merge_cells=("A4:D4",))
    case("crimes_r16_note_row_inside.xlsx", "crimes", None, "repair", None, None, "Ghi chú", 32)
    left = [
        ["Quận/Huyện", "Tội danh", "Cộng", "T1/2024", "T2/2024", "T3/2024"],
        ["Ba Đình", "Trộm cắp tài sản", 27, 12, 7, 8],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 19, 9, 4, 6],
    ]
    workbook("crimes_r16_total_column_left.xlsx", {"Sheet1": left})
    case("crimes_r16_total_column_left.xlsx", "crimes", None, "repair", None, None, "Cộng", 46)
    bad_left = [left[0], left[1], ["Hoàn Kiếm", "Trộm cắp tài sản", 21, 9, 4, 6]]
    workbook("crimes_r16_total_column_left_wrong.xlsx", {"Sheet1": bad_left})
    case("crimes_r16_total_column_left_wrong.xlsx", "crimes", None, "error", 3, "Cộng", "19")
    cross = [
        ["Tội danh", "Kỳ", "Tổng số", "Ba Đình", "Hoàn Kiếm", "Đống Đa"],
        ["Trộm cắp tài sản", "01/2024", 30, 12, 9, 9],
        ["Cướp giật tài sản", "01/2024", 7, 3, 4, 0],
    ]
    case(
        "crimes_r16_district_columns_total_left.csv",
        "crimes",
        lines(cross[1:], cross[0]),
        "repair",
        None,
        None,
        "Tổng số",
        37,
    )
    pct = [
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4],
        ["Tổng cộng", None, 21, 11],
        ["Tỷ lệ (%)", None, "65,6", "34,4"],
    ]
    workbook("crimes_r16_percent_row.xlsx", {"Sheet1": pct})
    case("crimes_r16_percent_row.xlsx", "crimes", None, "repair", None, None, "Tỷ lệ (%)", 32)
    case(
        "crimes_r16_other_city_districts.csv",
        "crimes",
        lines(
            [["Quận 1", "01/2024", "Trộm cắp tài sản", 12], ["Quận 3", "01/2024", "Trộm cắp tài sản", 9]], c_h
        ),
        "error",
        2,
        "Quận/Huyện",
        "Quận 1",
    )
    # a note row between the rows of a CSV, opening with "(*)"
    case(
        "crimes_r16_note_row_inside.csv",
        "crimes",
        lines(
            [*c_rows[:2], ["(*) Số liệu tháng 02 là số liệu tạm tính", None, None, None], *c_rows[2:]], c_h
        ),
        "repair",
        None,
        None,
        "(*) Số liệu",
        32,
    )
    # a decimal comma on whole counts ("12,0") in a semicolon CSV
    case(
        "crimes_r16_count_decimal_comma_zero.csv",
        "crimes",
        lines([[*r[:3], f"{r[3]},0"] for r in c_rows], c_h, ";"),
        "ok",
        total=32,
    )
    code_h = ["Quận/Huyện", "Kỳ", "Mã tội danh", "Tội danh", "Số vụ"]
    case(
        "crimes_r16_offence_code_and_name.csv",
        "crimes",
        lines([[*r[:2], "TC" if "Trộm" in r[2] else "CG", *r[2:]] for r in c_rows], code_h),
        "repair",
        None,
        None,
        "Mã tội danh",
        32,
    )
    art_h = ["Quận/Huyện", "Kỳ", "Điều", "Tội danh", "Số vụ"]
    case(
        "crimes_r16_article_column_and_name.csv",
        "crimes",
        lines([[*r[:2], 173 if "Trộm" in r[2] else 171, *r[2:]] for r in c_rows], art_h),
        "repair",
        None,
        None,
        "'Điều'",
        32,
    )
    two_lang = [c_h, ["District", "Period", "Offence", "Cases"], *c_rows]
    workbook("crimes_r16_header_vi_over_en.xlsx", {"Sheet1": two_lang})
    case("crimes_r16_header_vi_over_en.xlsx", "crimes", None, "repair", None, None, "District", 32)
    case(
        "crimes_r16_header_vi_over_en.csv",
        "crimes",
        lines(two_lang[1:], c_h),
        "repair",
        None,
        None,
        "District",
        32,
    )
    # a districts table is the study's own list: its names are its ids, not resolved against Hanoi's
    case(
        "districts_r16_other_city.csv",
        "districts",
        lines([["Quận 1", 142625, 7.73], ["Ba Đình", 221893, 9.21]], ["Quận/Huyện", "Dân số", "Diện tích"]),
        "ok",
        total=142625 + 221893,
    )

    # -- (D) incident dates ----------------------------------------------------------------------------
    def dates(first: str, second: str = "06/03/2024") -> str:
        return lines([[first, *i_rows[0][1:]], [second, *i_rows[1][1:]], i_rows[2]], i_h)

    case(
        "incidents_r16_month_13.csv",
        "incidents",
        dates("2024-13-01"),
        "error",
        2,
        "Ngày xảy ra",
        "2024-13-01",
    )
    case(
        "incidents_r16_feb29_non_leap.csv",
        "incidents",
        dates("29/02/2023"),
        "error",
        2,
        "Ngày xảy ra",
        "29/02/2023",
    )
    case("incidents_r16_serial_in_csv.csv", "incidents", dates("45356"), "error", 2, "Ngày xảy ra", "Excel")
    case(
        "incidents_r16_year_before_1900.csv",
        "incidents",
        dates("05/03/1024"),
        "error",
        2,
        "Ngày xảy ra",
        "1900",
    )
    case(
        "incidents_r16_buddhist_year.csv", "incidents", dates("05/03/2567"), "error", 2, "Ngày xảy ra", "2567"
    )
    three_h = ["Ngày tiếp nhận", "Ngày xảy ra", "Ngày khởi tố", "Quận/Huyện", "Tội danh"]
    three = [["06/03/2024", r[0], "20/04/2024", *r[1:]] for r in i_rows]
    case(
        "incidents_r16_three_date_columns.csv",
        "incidents",
        lines(three, three_h),
        "repair",
        None,
        None,
        "Ngày tiếp nhận",
        3,
    )
    case(
        "incidents_r16_received_and_prosecuted.csv",
        "incidents",
        lines([[r[0], r[2], *r[3:]] for r in three], [three_h[0], three_h[2], *three_h[3:]]),
        "error",
        1,
        None,
        "Ngày khởi tố",
    )
    case(
        "incidents_r16_vietnamese_am_pm.csv",
        "incidents",
        dates("05/03/2024 2:30:00 CH", "06/03/2024 9:15:00 SA"),
        "ok",
        total=3,
    )
    case(
        "incidents_r16_am_pm_hour_13.csv",
        "incidents",
        dates("05/03/2024 13:30 CH"),
        "error",
        2,
        "Ngày xảy ra",
        "13:30 CH",
    )
    dmy_h = ["Ngày", "Tháng", "Năm", "Quận/Huyện", "Tội danh"]
    case(
        "incidents_r16_day_month_year_columns.csv",
        "incidents",
        lines([[5 + k, 3, 2024, *r[1:]] for k, r in enumerate(i_rows)], dmy_h),
        "repair",
        None,
        None,
        "'Tháng' (month)",
        3,
    )
    case(
        "incidents_r16_day_month_year_missing_month.csv",
        "incidents",
        lines([[5 + k, "" if k == 1 else 3, 2024, *r[1:]] for k, r in enumerate(i_rows)], dmy_h),
        "error",
        3,
        "Tháng",
        "not the month",
    )
    # a guard: full dates under "Ngày", with month and year columns added beside them (for a PivotTable)
    case(
        "incidents_r16_dates_beside_month_year.csv",
        "incidents",
        lines([[r[0], 3, 2024, *r[1:]] for r in i_rows], dmy_h),
        "ok",
        total=3,
    )

    # English month names, as Excel's "d-mmm-yy" format and English systems write dates
    case(
        "incidents_r16_english_month_dates.csv",
        "incidents",
        lines(
            [
                ["05-Mar-2024", *i_rows[0][1:]],
                ["6-Mar-24 14:30", *i_rows[1][1:]],
                ['"March 7, 2024"', *i_rows[2][1:]],
            ],
            i_h,
        ),
        "ok",
        total=3,
    )
    # a period column of dates on the first of the month, saved day first to CSV (an .xlsx reads them as months)
    case(
        "crimes_r16_period_dates_day_first.csv",
        "crimes",
        lines([[r[0], f"01/{r[1]}", *r[2:]] for r in c_rows], c_h),
        "ok",
        total=32,
    )
    case(
        "crimes_r16_period_dates_not_first.csv",
        "crimes",
        lines([[r[0], f"{k + 1:02d}/{r[1]}", *r[2:]] for k, r in enumerate(c_rows)], c_h),
        "error",
        3,
        "Kỳ",
        "a day, not a period",
    )
    # Windows line ends converted twice ("\r\r\n"): a blank line after every row, as Excel shows it too
    case(
        "incidents_r16_double_cr.csv",
        "incidents",
        lines(i_rows, i_h).replace("\n", "\r\r\n"),
        "repair",
        None,
        None,
        "blank line",
        3,
    )

    # -- (E) CSV as systems write it -------------------------------------------------------------------
    case(
        "incidents_r16_record_count_footer.csv",
        "incidents",
        lines(i_rows, i_h) + "Tổng số bản ghi: 3\n",
        "repair",
        None,
        None,
        "Tổng số bản ghi",
        3,
    )
    case(
        "incidents_r16_record_count_footer_wrong.csv",
        "incidents",
        lines(i_rows, i_h) + "Tổng số bản ghi: 1234\n",
        "error",
        5,
        None,
        "1234",
    )
    case(
        "crimes_r16_record_count_footer.csv",
        "crimes",
        lines(c_rows, c_h) + "Tổng số bản ghi: 4\n",
        "repair",
        None,
        None,
        "Tổng số bản ghi",
        32,
    )
    half = lines(i_rows[:2], i_h, ";")
    case(
        "incidents_r16_two_exports_sep_line.csv",
        "incidents",
        "sep=;\n" + half + "sep=;\n" + lines(i_rows[2:], i_h, ";"),
        "repair",
        None,
        None,
        "repeated",
        3,
    )
    case("incidents_r16_trailing_delimiter.csv", "incidents", lines(i_rows, i_h, end=","), "ok", total=3)
    case(
        "crimes_r16_trailing_delimiter_semicolon.csv",
        "crimes",
        lines(c_rows, c_h, ";", end=";"),
        "ok",
        total=32,
    )
    case(
        "incidents_r16_quoted_header.csv",
        "incidents",
        ",".join(f'"{h}"' for h in i_h) + "\n" + lines(i_rows, i_h).split("\n", 1)[1],
        "ok",
        total=3,
    )
    case(
        "incidents_r16_each_line_quoted.csv",
        "incidents",
        "".join(f'"{ln}"\n' for ln in lines(i_rows, i_h).splitlines()),
        "repair",
        None,
        None,
        "one quoted field",
        3,
    )
    case(
        "crimes_r16_tabs_padded.txt",
        "crimes",
        "".join("\t".join(f"{v!s:<12}" for v in r).rstrip() + "\n" for r in [c_h, *c_rows]),
        "ok",
        total=32,
    )
    case(
        "incidents_r16_nul_padding.csv",
        "incidents",
        lines(i_rows, i_h).encode() + b"\x00" * 512,
        "repair",
        None,
        None,
        "NUL",
        3,
    )

    # -- (F) population --------------------------------------------------------------------------------
    pop = [["Ba Đình", 2019, 221893], ["Hoàn Kiếm", 2019, 135618]]
    case(
        "population_r16_share_column.csv",
        "population",
        lines([[*r, s] for r, s in zip(pop, ["2,7", "1,6"], strict=True)], [*p_h, "Tỷ lệ (%)"], ";"),
        "repair",
        None,
        None,
        "Tỷ lệ (%)",
        357511,
    )
    case(
        "population_r16_percent_header.csv",
        "population",
        lines(
            [[r[0], r[1], s] for r, s in zip(pop, ["2,7", "1,6"], strict=True)],
            ["Quận/Huyện", "Năm", "Dân số (%)"],
            ";",
        ),
        "error",
        1,
        "Dân số (%)",
        "%",
    )
    titled = [
        ["DÂN SỐ TRUNG BÌNH NĂM 2019 PHÂN THEO QUẬN, HUYỆN", None],
        ["Quận/Huyện", "Dân số (người)"],
        ["Ba Đình", 221893],
        ["Hoàn Kiếm", 135618],
    ]
    workbook("population_r16_year_in_title.xlsx", {"Sheet1": titled})
    case(
        "population_r16_year_in_title.xlsx", "population", None, "repair", None, None, "to be of 2019", 357511
    )
    two = [["DÂN SỐ TRUNG BÌNH NĂM 2019 VÀ NĂM 2020", None], *titled[1:]]
    workbook("population_r16_two_years_in_title.xlsx", {"Sheet1": two})
    case(
        "population_r16_two_years_in_title.xlsx",
        "population",
        None,
        "error",
        1,
        "year",
        "missing required column",
    )
    # the year as a heading row above its block of districts
    headed = [
        ["Quận/Huyện", "Dân số (người)"],
        ["Năm 2019", None],
        ["Ba Đình", 221893],
        ["Hoàn Kiếm", 135618],
        ["Năm 2020 (sơ bộ)", None],
        ["Ba Đình", 223000],
        ["Hoàn Kiếm", 135000],
    ]
    workbook("population_r16_year_headings.xlsx", {"Sheet1": headed}, merge_cells=("A2:B2", "A5:B5"))
    case(
        "population_r16_year_headings.xlsx",
        "population",
        None,
        "repair",
        None,
        None,
        "year of the heading row above it",
        221893 + 135618 + 223000 + 135000,
    )
    case(
        "population_r16_year_heading_not_first.csv",
        "population",
        lines([r for r in headed[2:]], headed[0]),
        "error",
        1,
        "year",
        "missing required column",
    )


def web_page_files(
    stem: str,
    sheets: list[tuple[str, list[list[object]]]],
    *,
    island: bool = True,
    folder: bool = True,
) -> dict[str, bytes]:
    """Excel's "Save as Web Page" of a workbook of several sheets: ``<stem>.htm``, a frameset naming the sheets
    in its workbook island (``island``), and ``<stem>_files/`` (``sheet001.htm`` .., ``tabstrip.htm``,
    ``filelist.xml``); returns the parts by path relative to the corpus (the folder's left out: not ``folder``)."""
    from xml.sax.saxutils import escape

    files = f"{stem}_files"
    head = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n'
        '<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n<meta name=ProgId content=Excel.Sheet>\n'
        '<meta name=Generator content="Microsoft Excel 15">\n'
    )
    parts: dict[str, bytes] = {}
    sources = [f"sheet{k + 1:03d}.htm" for k in range(len(sheets))]
    for (_, rows), source in zip(sheets, sources, strict=True):
        body = []
        for r in rows:
            cells = []
            for v in r:
                if v is None:
                    cells.append("  <td></td>")
                elif isinstance(v, int):
                    cells.append(f"  <td align=right x:num>{v}</td>")
                else:
                    cells.append(f"  <td>{escape(str(v))}</td>")
            body.append(" <tr height=20 style='height:15.0pt'>\n" + "\n".join(cells) + "\n </tr>")
        parts[f"{files}/{source}"] = (
            head
            + f'<link id=Main-File rel=Main-File href="../{stem}.htm">\n<link rel=File-List href=filelist.xml>\n'
            '<link rel=Stylesheet href=stylesheet.css>\n</head>\n<body link="#0563C1" vlink="#954F72">\n\n'
            "<table border=0 cellpadding=0 cellspacing=0 width=256 style='border-collapse:collapse;"
            "table-layout:fixed;width:192pt'>\n <col width=64 span=4 style='width:48pt'>\n"
            + "\n".join(body)
            + "\n</table>\n\n</body>\n\n</html>\n"
        ).encode("utf-8")
    tabs = "\n".join(
        f' <td bgcolor="#FFFFFF" nowrap><b><small><small>&nbsp;<a href="{source}" target="frSheet"><font '
        f'face="Arial" color="#000000">{escape(title)}</font></a>&nbsp;</small></small></b></td>'
        for (title, _), source in zip(sheets, sources, strict=True)
    )
    parts[f"{files}/tabstrip.htm"] = (
        '<html>\n<head>\n<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n'
        f'<link id=Main-File rel=Main-File href="../{stem}.htm">\n</head>\n'
        '<body topmargin=0 leftmargin=0 bgcolor="#808080">\n<table border=0 cellspacing=1>\n <tr>\n'
        + tabs
        + "\n </tr>\n</table>\n</body>\n</html>\n"
    ).encode("utf-8")
    parts[f"{files}/filelist.xml"] = (
        f'<xml xmlns:o="urn:schemas-microsoft-com:office:office">\n <o:MainFile HRef="../{stem}.htm"/>\n'
        + "".join(f' <o:File HRef="{s}"/>\n' for s in sources)
        + ' <o:File HRef="tabstrip.htm"/>\n <o:File HRef="filelist.xml"/>\n</xml>\n'
    ).encode("utf-8")
    shlinks = "".join(f'<link id="shLink" href="{files}/{s}">\n' for s in sources)
    worksheets = "".join(
        f"   <x:ExcelWorksheet>\n    <x:Name>{escape(title)}</x:Name>\n"
        f'    <x:WorksheetSource HRef="{files}/{source}"/>\n   </x:ExcelWorksheet>\n'
        for (title, _), source in zip(sheets, sources, strict=True)
    )
    xml = (
        "<!--[if gte mso 9]><xml>\n <x:ExcelWorkbook>\n  <x:ExcelWorksheets>\n"
        + worksheets
        + "  </x:ExcelWorksheets>\n  <x:ActiveSheet>0</x:ActiveSheet>\n </x:ExcelWorkbook>\n</xml><![endif]-->\n"
        if island
        else ""
    )
    parts[f"{stem}.htm"] = (
        head.replace("<head>\n", '<head>\n<meta name="Excel Workbook Frameset">\n')
        + f'<link rel=File-List href="{files}/filelist.xml">\n<![if !supportTabStrip]>\n{shlinks}'
        '<link id="shLink">\n<script language="JavaScript">\n<!--\n var c_lTabs=2;\n//-->\n</script>\n'
        "<![endif]>\n" + xml + "</head>\n\n"
        '<frameset rows="*,39" border=0 width=0 frameborder=no framespacing=0>\n'
        f' <frame src="{files}/{sources[0]}" name="frSheet">\n'
        f' <frame src="{files}/tabstrip.htm" name="frTabs" marginwidth=0 marginheight=0>\n'
        " <noframes>\n  <body>\n   <p>This page uses frames, but your browser doesn't support them.</p>\n"
        "  </body>\n </noframes>\n</frameset>\n</html>\n"
    ).encode("utf-8")
    for rel, data in parts.items():
        if folder or not rel.startswith(files + "/"):
            target = HERE / rel
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(data)
    return parts


def mhtml(stem: str, parts: dict[str, bytes], base64: bool = False) -> bytes:
    """Excel's "Single File Web Page" (.mht): the parts of :func:`web_page_files` in one MIME multipart/related
    message, quoted-printable (as Excel writes them) or base64 encoded, the main page first."""
    import base64 as b64
    import quopri

    boundary = "----=_NextPart_01DA4F2B.5E3C9A40"
    out = [
        "MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\n"
        f'Content-Type: multipart/related; boundary="{boundary}"\r\n\r\n'
        "This document is a Single File Web Page, also known as a Web Archive file.  If you are seeing this "
        "message, your browser or editor doesn't support Web Archive files.  Please download a browser that "
        "supports Web Archive.\r\n\r\n"
    ]
    order = [f"{stem}.htm", *[p for p in parts if p != f"{stem}.htm"]]
    for rel in order:
        data = parts[rel]
        kind = "text/xml" if rel.endswith(".xml") else "text/html"
        if base64:
            body = "\r\n".join(
                b64.b64encode(data).decode("ascii")[i : i + 76]
                for i in range(0, len(b64.b64encode(data)), 76)
            )
            encoding = "base64"
        else:
            body = quopri.encodestring(data).decode("ascii").replace("\n", "\r\n")
            encoding = "quoted-printable"
        out.append(
            f"--{boundary}\r\nContent-Location: file:///C:/D0E5A1B2/{rel}\r\n"
            f'Content-Transfer-Encoding: {encoding}\r\nContent-Type: {kind}; charset="utf-8"\r\n\r\n{body}\r\n\r\n'
        )
    out.append(f"--{boundary}--\r\n")
    return "".join(out).encode("ascii")


def round17_cases() -> None:
    """Round 17 (2026-12-07): Excel's "Save as Web Page" of a workbook (a frameset page whose sheets are in a
    ``_files`` folder beside it; the folder missing; "Single File Web Page" .mht, quoted-printable and base64);
    an all-ASCII first row under a Vietnamese header that is data, not a translation; OpenDocument rows hidden by
    a zero row height; start dates "từ 01/06/2023" and "01/06/2023 - nay", times "14.30", "14h30", "14 giờ 30";
    a district written once over its block in a CSV (the merge lost), page sheets "Trang 1" | "Trang 2", a
    protected sheet, collapsed column groups, ideographic spaces, a byte-order mark inside a cell, model counts
    as a range, an incident date as a span."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + "\n" for r in [h, *body])

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    jan = [["Ba Đình", "01/2024", "Trộm cắp tài sản", 12], ["Hoàn Kiếm", "01/2024", "Cướp giật tài sản", 4]]
    feb = [["Ba Đình", "02/2024", "Trộm cắp tài sản", 7], ["Đống Đa", "02/2024", "Trộm cắp tài sản", 9]]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    ro_h = ["Mã mô hình", "Quận/Huyện", "Loại mô hình", "Ngày bắt đầu"]

    # -- (A) Excel's "Save as Web Page" ----------------------------------------------------------------
    pages = [("Trang 1", [c_h, *jan]), ("Trang 2", [c_h, *feb])]
    web_page_files("crimes_r17_web_page", pages)
    case("crimes_r17_web_page.htm", "crimes", None, "ok", total=32, sheet="all")
    case("crimes_r17_web_page.htm", "crimes", None, "ok", total=16, sheet="Trang 2")
    web_page_files("crimes_r17_web_page_tabstrip", pages, island=False)
    case("crimes_r17_web_page_tabstrip.htm", "crimes", None, "ok", total=32, sheet="all")
    web_page_files("crimes_r17_web_page_no_folder", pages, folder=False)
    case(
        "crimes_r17_web_page_no_folder.htm",
        "crimes",
        None,
        "error",
        1,
        None,
        "crimes_r17_web_page_no_folder_files",
    )
    parts = web_page_files("crimes_r17_single_file", pages, folder=False)
    (HERE / "crimes_r17_single_file.htm").unlink()
    case(
        "crimes_r17_single_file.mht",
        "crimes",
        mhtml("crimes_r17_single_file", parts),
        "ok",
        total=32,
        sheet="all",
    )
    parts = web_page_files("crimes_r17_single_file_b64", pages, folder=False)
    (HERE / "crimes_r17_single_file_b64.htm").unlink()
    case(
        "crimes_r17_single_file_b64.mhtml",
        "crimes",
        mhtml("crimes_r17_single_file_b64", parts, base64=True),
        "ok",
        total=16,
        sheet="Trang 2",
    )
    # an .mht that is not a saved workbook (a web page saved whole: no table)
    case(
        "crimes_r17_single_file_no_table.mht",
        "crimes",
        mhtml(
            "page",
            {"page.htm": b"<html><head><title>Trang chu</title></head><body><p>Xin chao</p></body></html>"},
        ),
        "error",
        1,
        None,
        "no table",
    )

    # -- (B) an all-ASCII first row under a Vietnamese header ------------------------------------------
    case(
        "districts_r17_ascii_first_row.csv",
        "districts",
        lines(
            [["ba_dinh", "Ba Dinh", "urban"], ["hoan_kiem", "Hoan Kiem", "urban"]], ["Mã", "Tên quận", "Loại"]
        ),
        "error",
        1,
        "population",
        "missing required column",
    )
    case(
        "crimes_r17_ascii_offences_first_row.csv",
        "crimes",
        lines(
            [["Ba Dinh", "Trom cap", "Theft"], ["Hoan Kiem", "Cuop giat", "Robbery"]],
            ["Quận/Huyện", "Tội danh", "Ghi chú"],
        ),
        "error",
        1,
        "period",
        "missing required column",
    )

    # -- (C) OpenDocument rows hidden by a zero row height ----------------------------------------------
    def zero_height(name: str, height: str, flat: bool) -> None:
        table = [c_h, *jan, *feb]
        cells = {(r, c): v for r, line in enumerate(table) for c, v in enumerate(line) if v is not None}
        sheet = {
            "title": "Sheet1",
            "state": "visible",
            "cells": cells,
            "merged": [],
            "hidden": [],
            "columns": [],
        }
        data = ods_copy([sheet], flat=flat)
        style = (
            '<style:style style:name="ro2" style:family="table-row"><style:table-row-properties '
            f'style:row-height="{height}" fo:break-before="auto" style:use-optimal-row-height="false"/>'
            "</style:style></office:automatic-styles>"
        )

        def edit(text: str) -> str:
            text = text.replace("</office:automatic-styles>", style, 1)
            k = iter(range(10**6))
            return re.sub(
                '<table:table-row table:style-name="ro1">',
                lambda m: '<table:table-row table:style-name="ro2">' if next(k) == 2 else m.group(),
                text,
            )

        if flat:
            (HERE / name).write_bytes(edit(data.decode("utf-8")).encode("utf-8"))
        else:
            parts = ods_parts(data)
            parts["content.xml"] = edit(str(parts["content.xml"]))
            (HERE / name).write_bytes(ods_zip(ODS_MIMETYPE, parts))

    zero_height("crimes_r17_ods_zero_height_row.ods", "0in", False)
    case("crimes_r17_ods_zero_height_row.ods", "crimes", None, "repair", None, None, "hidden row", 32)
    zero_height("crimes_r17_ods_zero_height_row_cm.fods", "0cm", True)
    case("crimes_r17_ods_zero_height_row_cm.fods", "crimes", None, "repair", None, None, "hidden row", 32)
    zero_height("crimes_r17_ods_small_row.ods", "0.05in", False)
    case("crimes_r17_ods_small_row.ods", "crimes", None, "ok", total=32)

    # -- (D) start dates and times as clerks write them -------------------------------------------------
    def register(start: str) -> str:
        return lines(
            [
                ["BD-1", "Ba Đình", "Camera an ninh", "01/05/2023"],
                ["BD-2", "Ba Đình", "Camera an ninh", start],
            ],
            ro_h,
        )

    case("rollout_r17_start_from.csv", "rollout", register("từ 01/06/2023"), "repair", None, None, "từ", 2)
    case(
        "rollout_r17_start_to_now.csv",
        "rollout",
        register("01/06/2023 - nay"),
        "repair",
        None,
        None,
        "nay",
        2,
    )
    case(
        "rollout_r17_start_to_now_with_end.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Camera an ninh", "01/05/2023", ""],
                ["BD-2", "Ba Đình", "Camera an ninh", "01/06/2023 - nay", "31/12/2024"],
            ],
            [*ro_h, "Ngày kết thúc"],
        ),
        "error",
        3,
        "Ngày bắt đầu",
        "to now",
    )
    case(
        "rollout_r17_start_span.csv",
        "rollout",
        register("01/06/2023 - 30/06/2024"),
        "error",
        3,
        "Ngày bắt đầu",
        "01/06/2023 - 30/06/2024",
    )
    case(
        "rollout_r17_start_from_month.csv",
        "rollout",
        register("từ tháng 6/2023"),
        "repair",
        None,
        None,
        "month only",
        2,
    )

    def timed(times: list[str]) -> str:
        rows = [
            ["05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
            ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
            ["07/03/2024", "Đống Đa", "Trộm cắp tài sản"],
        ]
        return lines([[f"{r[0]} {t}", *r[1:]] for r, t in zip(rows, times, strict=True)], i_h)

    case("incidents_r17_time_dot.csv", "incidents", timed(["14.30", "9.05", "23.59"]), "ok", total=3)
    case("incidents_r17_time_words.csv", "incidents", timed(["14h30", "9h", "14 giờ 30"]), "ok", total=3)
    case(
        "incidents_r17_time_dot_bad.csv",
        "incidents",
        timed(["14.30", "9.75", "23.59"]),
        "error",
        3,
        "Ngày xảy ra",
        "9.75",
    )
    case(
        "incidents_r17_date_span_words.csv",
        "incidents",
        lines(
            [
                ["từ 05/03/2024 đến 06/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
            ],
            i_h,
        ),
        "error",
        2,
        "Ngày xảy ra",
        "từ 05/03/2024 đến 06/03/2024",
    )

    # -- (E) new shapes ---------------------------------------------------------------------------------
    # the district written once over its block: the merge lost when the sheet was saved as CSV
    case(
        "crimes_r17_district_once_per_block.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
                ["", "01/2024", "Cướp giật tài sản", 3],
                ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
                ["", "01/2024", "Cướp giật tài sản", 4],
            ],
            c_h,
        ),
        "error",
        3,
        "Quận/Huyện",
        "",
    )
    # the table split over page sheets, each with its header
    workbook("crimes_r17_page_sheets.xlsx", {"Trang 1": [c_h, *jan], "Trang 2": [c_h, *feb]})
    case("crimes_r17_page_sheets.xlsx", "crimes", None, "ok", total=32, sheet="all")
    # the second page sheet continues without the header
    workbook("crimes_r17_page_sheets_no_header.xlsx", {"Trang 1": [c_h, *jan], "Trang 2": feb})
    case("crimes_r17_page_sheets_no_header.xlsx", "crimes", None, "error", 1, None, "Trang 2", sheet="all")
    # a protected sheet (a password hash, not encryption)
    workbook("crimes_r17_protected_sheet.xlsx", {"Sheet1": [c_h, *jan, *feb]})
    edit_xlsx(
        "crimes_r17_protected_sheet.xlsx",
        {
            "xl/worksheets/sheet1.xml": lambda t: t.replace(
                "</sheetData>",
                '</sheetData><sheetProtection algorithmName="SHA-512" hashValue="x7vV2mVrW0Vq6c1p7m3p2A==" '
                'saltValue="N5wH1y0Qm6nQ9bB3cC4dDw==" spinCount="100000" sheet="1" objects="1" scenarios="1"/>',
            )
        },
    )
    case("crimes_r17_protected_sheet.xlsx", "crimes", None, "ok", total=32)
    # months in a collapsed column group beside their quarter
    grouped = [
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "T3/2024", "Quý I/2024"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7, 8, 27],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4, 6, 19],
    ]
    workbook("crimes_r17_collapsed_month_group.xlsx", {"Sheet1": grouped}, hidden_columns=("C", "D", "E"))
    case("crimes_r17_collapsed_month_group.xlsx", "crimes", None, "repair", None, None, "hides 3 column", 46)
    # ideographic (full-width) spaces around names, as an East Asian input method leaves them
    case(
        "crimes_r17_ideographic_spaces.csv",
        "crimes",
        lines(
            [
                ["\u3000Ba Đình\u3000", "01/2024", "Trộm cắp tài sản\u3000", 12],
                ["Hoàn Kiếm", "01/2024", "\u3000Trộm cắp tài sản", 9],
            ],
            c_h,
        ),
        "ok",
        total=21,
    )
    # a byte-order mark inside a cell (a value pasted from another export)
    case(
        "incidents_r17_bom_inside_cell.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba \ufeffĐình", "Trộm cắp tài sản"],
                ["06/03/2024", "Hoàn Kiếm", "\ufeffCướp giật tài sản"],
            ],
            i_h,
        ),
        "repair",
        None,
        None,
        "invisible",
        2,
    )
    # model counts as a range
    case(
        "rollout_r17_model_count_range.csv",
        "rollout",
        lines([["BD-1", "Ba Đình", "Camera an ninh", "01/05/2023", "2-3"]], [*ro_h, "Số mô hình"]),
        "error",
        2,
        "Số mô hình",
        "2-3",
    )
    # an HTML export whose shown number and stored x:num disagree (the page edited after the export)
    case(
        "crimes_r17_html_shown_stored_disagree.xls",
        "crimes",
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table>'
        "<tr><th>Quận/Huyện</th><th>Kỳ</th><th>Tội danh</th><th>Số vụ</th></tr>"
        '<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp tài sản</td><td x:num="1234">1.234</td></tr>'
        '<tr><td>Hoàn Kiếm</td><td>01/2024</td><td>Trộm cắp tài sản</td><td x:num="12">1.243</td></tr>'
        "</table></body></html>",
        "error",
        3,
        "D",
        "stores the number 12",
    )
    # a "Tổng" column on the right of the months that disagrees with them
    right = [
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "Tổng"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7, 19],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4, 14],
    ]
    workbook("crimes_r17_total_column_right_wrong.xlsx", {"Sheet1": right})
    case("crimes_r17_total_column_right_wrong.xlsx", "crimes", None, "error", 3, "Tổng", "14")
    # Vietnamese thousands in an HTML export's x:num cells (the text "1.234", the number 1234)
    rows = "".join(
        f'<tr><td>{d}</td><td>01/2024</td><td>Trộm cắp tài sản</td><td x:num="{n}">{n:,}</td></tr>'.replace(
            ",", "."
        )
        for d, n in (("Ba Đình", 1234), ("Hoàn Kiếm", 2048))
    )
    case(
        "crimes_r17_html_thousands.xls",
        "crimes",
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table>'
        "<tr><th>Quận/Huyện</th><th>Kỳ</th><th>Tội danh</th><th>Số vụ</th></tr>"
        + rows
        + "</table></body></html>",
        "repair",
        None,
        None,
        "HTML",
        3282,
    )


def round18_cases() -> None:
    """Round 18 (2026-12-07): what round 17 left out (several wards in one register cell, an HTML table under a
    ``<caption>``, a month-only start quoted as written, zero-width columns in an ``.ods`` and an ``.xlsx``) and
    shapes offices send: a district per sheet with months as rows and offences as columns, a rank column ("Xếp
    thứ"), last year's column first in a comparison, a status "Đã hủy" (cancelled) in an incident list, rows that
    differ only in spaces or capitals, a table far to the right (column AA), Excel's "Unicode Text" saved with
    commas, Excel's "CSV (Macintosh)" (CR line ends)."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",", eol: str = "\n") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + eol for r in [h, *body])

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    jan = [["Ba Đình", "01/2024", "Trộm cắp tài sản", 12], ["Hoàn Kiếm", "01/2024", "Cướp giật tài sản", 4]]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    ro_h = ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"]

    # -- (A) round 17's open shapes -----------------------------------------------------------------------
    # one register row naming several wards (one model over two wards, or two models on one line?)
    for name, wards in (("semicolon", "Phúc Xá; Trúc Bạch"), ("comma", '"Phúc Xá, Trúc Bạch"')):
        case(
            f"rollout_r18_wards_{name}.csv",
            "rollout",
            lines(
                [
                    ["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023"],
                    ["BD-2", "Ba Đình", wards, "Camera an ninh", "01/06/2023"],
                ],
                ro_h,
            ),
            "error",
            3,
            "Phường/Xã",
            wards.strip('"'),
        )
    # a model count as a range with an en dash (round 17's "2-3" stays refused)
    case(
        "rollout_r18_model_count_range_dash.csv",
        "rollout",
        lines(
            [["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023", "2–3"]], [*ro_h, "Số mô hình"]
        ),
        "error",
        2,
        "Số mô hình",
        "2–3",
    )
    # an HTML export whose table has a caption: Excel shows it as row 1, the header as row 2
    case(
        "crimes_r18_html_caption.xls",
        "crimes",
        '<html><head><meta charset="utf-8"></head><body><table><caption>Số vụ phạm pháp hình sự tháng 1/2024'
        "</caption><tr><th>Quận/Huyện</th><th>Kỳ</th><th>Tội danh</th><th>Số vụ</th></tr>"
        "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp tài sản</td><td>12</td></tr>"
        "<tr><td>Hoàn Kiếm</td><td>01/2024</td><td>Trộm cắp tài sản</td><td>mười</td></tr>"
        "</table></body></html>",
        "error",
        4,
        "Số vụ",
        "mười",
    )
    case(
        "crimes_r18_html_caption_ok.xls",
        "crimes",
        '<html><head><meta charset="utf-8"></head><body><table><caption>Số vụ phạm pháp hình sự tháng 1/2024'
        "</caption><tr><th>Quận/Huyện</th><th>Kỳ</th><th>Tội danh</th><th>Số vụ</th></tr>"
        "<tr><td>Ba Đình</td><td>01/2024</td><td>Trộm cắp tài sản</td><td>12</td></tr>"
        "<tr><td>Hoàn Kiếm</td><td>01/2024</td><td>Trộm cắp tài sản</td><td>9</td></tr>"
        "</table></body></html>",
        "repair",
        None,
        None,
        "HTML",
        21,
    )
    # the month-only start quoted as written, with its diacritics
    case(
        "rollout_r18_month_only_quoted.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023"],
                ["BD-2", "Ba Đình", "Điện Biên", "Camera an ninh", "từ  Tháng 6/2023"],
            ],
            ro_h,
        ),
        "repair",
        None,
        None,
        "month only ('Tháng 6/2023')",
        2,
    )

    # zero-width columns: hidden in Excel and LibreOffice alike
    def zero_width_xlsx(name: str) -> None:
        wide = [
            ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024"],
            ["Ba Đình", "Trộm cắp tài sản", 12, 7],
            ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4],
        ]
        workbook(name, {"Sheet1": wide})
        cols = '<cols><col min="4" max="4" width="0" customWidth="1"/></cols><sheetData>'
        edit_xlsx(name, {"xl/worksheets/sheet1.xml": lambda t: t.replace("<sheetData>", cols, 1)})

    zero_width_xlsx("crimes_r18_zero_width_column.xlsx")
    case("crimes_r18_zero_width_column.xlsx", "crimes", None, "repair", None, None, "hides 1 column", 32)

    def zero_width_ods(name: str, width: str, table: list[list[object]]) -> None:
        cells = {(r, c): v for r, line in enumerate(table) for c, v in enumerate(line) if v is not None}
        sheet = {
            "title": "Sheet1",
            "state": "visible",
            "cells": cells,
            "merged": [],
            "hidden": [],
            "columns": [],
        }
        parts = ods_parts(ods_copy([sheet]))
        style = (
            '<style:style style:name="co2" style:family="table-column"><style:table-column-properties '
            f'fo:break-before="auto" style:column-width="{width}"/></style:style></office:automatic-styles>'
        )
        text = str(parts["content.xml"]).replace("</office:automatic-styles>", style, 1)
        text = text.replace(
            f'<table:table-column table:style-name="co1" table:number-columns-repeated="{ODS_COLUMNS}"',
            '<table:table-column table:style-name="co1" table:number-columns-repeated="3" '
            'table:default-cell-style-name="Default"/><table:table-column table:style-name="co2" '
            'table:default-cell-style-name="Default"/><table:table-column table:style-name="co1" '
            f'table:number-columns-repeated="{ODS_COLUMNS - 4}"',
            1,
        )
        assert 'style-name="co2"' in text
        parts["content.xml"] = text
        (HERE / name).write_bytes(ods_zip(ODS_MIMETYPE, parts))

    wide = [
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4],
    ]
    zero_width_ods("crimes_r18_ods_zero_width_column.ods", "0in", wide)
    case("crimes_r18_ods_zero_width_column.ods", "crimes", None, "repair", None, None, "hides 1 column", 32)
    zero_width_ods(
        "crimes_r18_ods_narrow_column.ods",
        "0.05in",
        [c_h, *jan, ["Đống Đa", "01/2024", "Trộm cắp tài sản", 5]],
    )
    case("crimes_r18_ods_narrow_column.ods", "crimes", None, "ok", total=21)

    # -- (B) shapes offices send -------------------------------------------------------------------------
    # one sheet per district, months as rows and offences as columns; sheet names with and without "Quận"
    def district_sheet(counts: tuple[int, int, int, int]) -> list[list[object]]:
        return [
            ["Tháng", "Trộm cắp tài sản", "Cướp giật tài sản"],
            ["01/2024", counts[0], counts[1]],
            ["02/2024", counts[2], counts[3]],
        ]

    workbook(
        "crimes_r18_district_sheets_months_as_rows.xlsx",
        {
            "Ba Đình": district_sheet((12, 3, 7, 2)),
            "Quận Hoàn Kiếm": district_sheet((9, 4, 6, 1)),
            "Huyện Sóc Sơn": district_sheet((5, 0, 4, 1)),
        },
    )
    case(
        "crimes_r18_district_sheets_months_as_rows.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "a column per offence",
        54,
        sheet="all",
    )
    # one district's sheet with a total column (checked, dropped), and one whose total disagrees
    with_total = [
        [*r, "Tổng" if i == 0 else r[1] + r[2]] for i, r in enumerate(district_sheet((12, 3, 7, 2)))
    ]
    workbook("crimes_r18_offence_columns_total.xlsx", {"Quận Ba Đình": with_total})
    case("crimes_r18_offence_columns_total.xlsx", "crimes", None, "repair", None, None, "Tổng", 24)
    bad_total = [r[:] for r in with_total]
    bad_total[2][3] = 10
    workbook("crimes_r18_offence_columns_bad_total.xlsx", {"Quận Ba Đình": bad_total})
    case("crimes_r18_offence_columns_bad_total.xlsx", "crimes", None, "error", 3, "Tổng", "does not equal")
    # a column of numbers that names no offence the package knows: refused, not dropped
    other = [[*r, "Các tội khác" if i == 0 else 2] for i, r in enumerate(district_sheet((12, 3, 7, 2)))]
    workbook("crimes_r18_offence_columns_unknown.xlsx", {"Ba Đình": other})
    case(
        "crimes_r18_offence_columns_unknown.xlsx",
        "crimes",
        None,
        "error",
        1,
        "Các tội khác",
        "names no offence",
    )
    # counts followed by a rank column
    case(
        "crimes_r18_rank_column.csv",
        "crimes",
        lines(
            [[*jan[0], 1], [*jan[1], 2], ["Đống Đa", "01/2024", "Trộm cắp tài sản", 3, 3]],
            [*c_h, "Xếp thứ"],
        ),
        "repair",
        None,
        None,
        "Xếp thứ",
        19,
    )
    wide_rank = [
        ["Quận/Huyện", "Tội danh", "T1/2024", "T2/2024", "Tổng", "Xếp thứ"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7, 19, 1],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4, 13, 2],
    ]
    workbook("crimes_r18_wide_rank_column.xlsx", {"Sheet1": wide_rank})
    case("crimes_r18_wide_rank_column.xlsx", "crimes", None, "repair", None, None, "Xếp thứ", 32)
    # a year-on-year table with last year's column first
    yoy = [
        ["Quận/Huyện", "Tội danh", "Cùng kỳ 2023", "Tháng 1/2024", "Tăng/giảm", "Tỷ lệ (%)"],
        ["Ba Đình", "Trộm cắp tài sản", 10, 12, 2, 20.0],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 8, 9, 1, 12.5],
    ]
    workbook("crimes_r18_last_year_first.xlsx", {"Sheet1": yoy})
    case("crimes_r18_last_year_first.xlsx", "crimes", None, "repair", None, None, "Cùng kỳ 2023", 21)
    yoy_years = [
        ["Quận/Huyện", "Tội danh", "Năm 2023", "Năm 2024", "So sánh (%)"],
        ["Ba Đình", "Trộm cắp tài sản", 110, 120, 109.1],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 80, 90, 112.5],
    ]
    workbook("crimes_r18_years_compared.xlsx", {"Sheet1": yoy_years})
    case(
        "crimes_r18_years_compared.xlsx",
        "crimes",
        None,
        "error",
        1,
        "period",
        "missing required column 'period'",
    )
    # an incident list with a status column: cancelled records ("Đã hủy") are not cases
    status_h = [*i_h, "Trạng thái"]
    case(
        "incidents_r18_cancelled_rows.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Đang điều tra"],
                ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "Đã hủy"],
                ["07/03/2024", "Đống Đa", "Trộm cắp tài sản", "Đình chỉ"],
                ["08/03/2024", "Đống Đa", "Trộm cắp tài sản", "Huỷ"],
            ],
            status_h,
        ),
        "repair",
        None,
        None,
        "cancelled",
        2,
    )
    case(
        "incidents_r18_status_without_cancelled.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Đang điều tra"],
                ["07/03/2024", "Đống Đa", "Trộm cắp tài sản", "Đình chỉ"],
            ],
            status_h,
        ),
        "ok",
        total=2,
    )
    # a register's status: a cancelled model ("Đã hủy") never ran
    case(
        "rollout_r18_cancelled_model.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023", "Đang hoạt động"],
                ["BD-2", "Ba Đình", "Điện Biên", "Camera an ninh", "01/06/2023", "Đã hủy"],
            ],
            [*ro_h, "Tình trạng"],
        ),
        "repair",
        None,
        None,
        "cancelled",
        1,
    )
    # rows that differ only in spaces and capitals: the same key twice
    case(
        "crimes_r18_duplicate_spacing_case.csv",
        "crimes",
        lines([*jan, ["ba đình ", "01/2024", "trộm cắp  tài sản", 12]], c_h),
        "error",
        2,
        "Quận/Huyện",
        "duplicate key",
    )
    case(
        "incidents_r18_case_twice_spacing.csv",
        "incidents",
        lines(
            [
                ["HS-01", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["hs-01 ", "05/03/2024", "ba  đình", "trộm cắp tài sản"],
                ["HS-02", "06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
            ],
            ["Mã vụ", *i_h],
        ),
        "repair",
        None,
        None,
        "repeat an earlier row's case number",
        2,
    )
    # the same incident twice, in other capitals, in a list without case numbers: two incidents (kept)
    case(
        "incidents_r18_repeat_capitals_no_case_number.csv",
        "incidents",
        lines(
            [["05/03/2024", "Ba Đình", "Trộm cắp tài sản"], ["05/03/2024", "ba đình", "Trộm cắp tài sản"]],
            i_h,
        ),
        "ok",
        total=2,
    )
    # a table far to the right: its header in column AA of row 3
    far = [[None] * 26 + r for r in [c_h, *jan]]
    workbook("crimes_r18_table_at_AA.xlsx", {"Sheet1": [[], [], *far]})
    case("crimes_r18_table_at_AA.xlsx", "crimes", None, "ok", total=16)
    workbook(
        "crimes_r18_table_at_AA_title_at_A1.xlsx", {"Sheet1": [["BÁO CÁO SỐ VỤ PHẠM PHÁP HÌNH SỰ"], [], *far]}
    )
    case("crimes_r18_table_at_AA_title_at_A1.xlsx", "crimes", None, "repair", None, None, "title row", 16)
    # Excel's "Unicode Text" (UTF-16 with a BOM) written with commas
    case(
        "crimes_r18_utf16_commas.csv",
        "crimes",
        lines(jan, c_h, eol="\r\n").encode("utf-16"),
        "ok",
        total=16,
    )
    # Excel's "CSV (Macintosh)": CR line ends, Mac Roman (here ASCII-only names)
    case(
        "crimes_r18_csv_macintosh.csv",
        "crimes",
        lines(
            [["Ba Dinh", "01/2024", "Trom cap tai san", 12], ["Hoan Kiem", "01/2024", "Trom cap tai san", 9]],
            ["District", "Period", "Offence", "Cases"],
            eol="\r",
        ).encode("mac_roman"),
        "ok",
        total=21,
    )


def round19_cases() -> None:
    """Round 19 (2026-12-07): workbooks of other producers (cells and rows without references, shared and array
    formulas with and without cached values, phonetic runs in shared strings, a stale used range, no styles part,
    numbers stored as text results), number formats that show another value than the cell stores, Windows-1258
    with combining tone marks, summary sheets, registers' end dates in words, units of thousands written as
    numbers, periods written with dots."""

    def lines(body: list[list[object]], h: list[str], sep: str = ",", eol: str = "\n") -> str:
        return "".join(sep.join("" if v is None else str(v) for v in r) + eol for r in [h, *body])

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    c_rows = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Hoàn Kiếm", "01/2024", "Cướp giật tài sản", 4],
        ["Đống Đa", "01/2024", "Trộm cắp tài sản", 7],
    ]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    ro_h = ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"]

    def x_text(v: object) -> str:
        return str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def sheet_data(
        name: str, data: str, strings: list[str] | None = None, drop: tuple[str, ...] = ()
    ) -> None:
        """A one-sheet workbook whose ``<sheetData>`` is ``data`` as another producer writes it; ``strings`` the
        shared-strings items (``<si>`` contents), ``drop`` parts left out."""
        workbook(name, {"Sheet1": [["x"]]})
        edits: dict[str, object] = {
            "xl/worksheets/sheet1.xml": lambda t: re.sub(
                r"<sheetData>.*</sheetData>", lambda _: "<sheetData>" + data + "</sheetData>", t, flags=re.S
            )
        }
        add = None
        if strings is not None:
            edits["[Content_Types].xml"] = lambda t: t.replace("</Types>", SST_TYPE)
            edits["xl/_rels/workbook.xml.rels"] = lambda t: t.replace("</Relationships>", SST_REL)
            add = {"xl/sharedStrings.xml": sst(strings)}
        edit_xlsx(name, edits, add)
        if drop:
            path = HERE / name
            with zipfile.ZipFile(path) as src:
                entries = [
                    (i.filename, src.read(i.filename)) for i in src.infolist() if i.filename not in drop
                ]
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
                for part, blob in entries:
                    if part in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                        text = blob.decode()
                        for gone in drop:
                            text = re.sub(
                                r"<(?:Override|Relationship)[^>]*"
                                + re.escape(gone.split("/")[-1])
                                + r'"[^>]*/>',
                                "",
                                text,
                            )
                        blob = text.encode()
                    dst.writestr(part, blob)
            deterministic_zip(path)

    def cell(v: object, ref: str = "", extra: str = "") -> str:
        at = f' r="{ref}"' if ref else ""
        if v is None:
            return ""
        if isinstance(v, int | float):
            return f"<c{at}{extra}><v>{v}</v></c>"
        return f'<c{at}{extra} t="inlineStr"><is><t>{x_text(v)}</t></is></c>'

    # -- (A) workbooks of other producers ----------------------------------------------------------------
    # cells and rows without their references (r=), as some Java, Go and .NET writers save them
    table = [c_h, *c_rows]
    sheet_data(
        "crimes_r19_cells_without_refs.xlsx",
        "".join("<row>" + "".join(cell(v) for v in r) + "</row>" for r in table),
    )
    case("crimes_r19_cells_without_refs.xlsx", "crimes", None, "ok", total=23)
    # ... and a hidden row among them, which only counting the rows can place
    sheet_data(
        "crimes_r19_cells_without_refs_hidden_row.xlsx",
        "".join(
            ('<row hidden="1">' if i == 2 else "<row>") + "".join(cell(v) for v in r) + "</row>"
            for i, r in enumerate(table)
        ),
    )
    case("crimes_r19_cells_without_refs_hidden_row.xlsx", "crimes", None, "repair", None, None, "row 3", 23)

    # a shared formula (=B2*0+12 style) with its cached values, and without them
    def shared(cached: bool, master_cached: bool | None = None) -> str:
        out = ['<row r="1">' + "".join(cell(v, f"{'ABCD'[j]}1") for j, v in enumerate(c_h)) + "</row>"]
        for i, r in enumerate(c_rows, start=2):
            f = '<f t="shared" ref="D2:D4" si="0">E2+F2</f>' if i == 2 else '<f t="shared" si="0"/>'
            has = master_cached if (i == 2 and master_cached is not None) else cached
            v = f"<v>{r[3]}</v>" if has else ""
            out.append(
                f'<row r="{i}">'
                + "".join(cell(x, f"{'ABC'[j]}{i}") for j, x in enumerate(r[:3]))
                + f'<c r="D{i}">{f}{v}</c></row>'
            )
        return "".join(out)

    sheet_data("crimes_r19_shared_formula_cached.xlsx", shared(True))
    case("crimes_r19_shared_formula_cached.xlsx", "crimes", None, "ok", total=23)
    sheet_data("crimes_r19_shared_formula_no_value.xlsx", shared(False))
    case("crimes_r19_shared_formula_no_value.xlsx", "crimes", None, "error", 2, "Số vụ", "formula")
    sheet_data("crimes_r19_shared_formula_dependents_no_value.xlsx", shared(False, True))
    case("crimes_r19_shared_formula_dependents_no_value.xlsx", "crimes", None, "error", 3, "Số vụ", "formula")
    # an array formula over the count column, without cached values
    arr = ['<row r="1">' + "".join(cell(v, f"{'ABCD'[j]}1") for j, v in enumerate(c_h)) + "</row>"]
    for i, r in enumerate(c_rows, start=2):
        f = '<f t="array" ref="D2:D4">E2:E4*1</f>' if i == 2 else ""
        arr.append(
            f'<row r="{i}">'
            + "".join(cell(x, f"{'ABC'[j]}{i}") for j, x in enumerate(r[:3]))
            + (f'<c r="D{i}">{f}</c>' if f else f'<c r="D{i}"/>')
            + "</row>"
        )
    sheet_data("crimes_r19_array_formula_no_value.xlsx", "".join(arr))
    case("crimes_r19_array_formula_no_value.xlsx", "crimes", None, "error", 2, "Số vụ", "formula")
    # shared strings with phonetic runs (<rPh>) and rich-text runs, as East Asian Excel and WPS save them
    strings = [
        "<t>Quận/Huyện</t>",
        "<t>Kỳ</t>",
        "<t>Tội danh</t>",
        "<t>Số vụ</t>",
        '<t>Ba Đình</t><rPh sb="0" eb="2"><t>バディン</t></rPh><phoneticPr fontId="1"/>',
        '<r><t>Hoàn </t></r><r><rPr><b/></rPr><t>Kiếm</t></r><rPh sb="0" eb="1"><t>ホアン</t></rPh>',
        '<r><t xml:space="preserve">Đống </t></r><r><t>Đa</t></r>',
        "<t>01/2024</t>",
        '<t>Trộm cắp tài sản</t><rPh sb="0" eb="4"><t>チョム</t></rPh>',
        "<t>Cướp giật tài sản</t>",
    ]
    idx = {
        "Ba Đình": 4,
        "Hoàn Kiếm": 5,
        "Đống Đa": 6,
        "01/2024": 7,
        "Trộm cắp tài sản": 8,
        "Cướp giật tài sản": 9,
    }
    ph = ['<row r="1">' + "".join(f'<c r="{"ABCD"[j]}1" t="s"><v>{j}</v></c>' for j in range(4)) + "</row>"]
    for i, r in enumerate(c_rows, start=2):
        ph.append(
            f'<row r="{i}">'
            + "".join(f'<c r="{"ABC"[j]}{i}" t="s"><v>{idx[str(x)]}</v></c>' for j, x in enumerate(r[:3]))
            + f'<c r="D{i}"><v>{r[3]}</v></c></row>'
        )
    sheet_data("crimes_r19_phonetic_runs.xlsx", "".join(ph), strings)
    case("crimes_r19_phonetic_runs.xlsx", "crimes", None, "ok", total=23)
    # a stale used range (<dimension ref="A1:B2"/>) over a longer table
    workbook("crimes_r19_stale_dimension.xlsx", {"Sheet1": table})
    edit_xlsx(
        "crimes_r19_stale_dimension.xlsx",
        {
            "xl/worksheets/sheet1.xml": lambda t: re.sub(
                r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', t
            )
        },
    )
    case("crimes_r19_stale_dimension.xlsx", "crimes", None, "ok", total=23)
    # no styles part (a minimal writer) and counts stored as text results (t="str")
    sheet_data(
        "crimes_r19_no_styles_str_counts.xlsx",
        "".join(
            f'<row r="{i}">'
            + "".join(
                cell(v, f"{'ABCD'[j]}{i}")
                if not (isinstance(v, int))
                else f'<c r="D{i}" t="str"><v>{v}</v></c>'
                for j, v in enumerate(r)
            )
            + "</row>"
            for i, r in enumerate(table, start=1)
        ),
        drop=("xl/styles.xml",),
    )
    case("crimes_r19_no_styles_str_counts.xlsx", "crimes", None, "ok", total=23)

    # -- (B) number formats: what the cell shows is not what it stores ------------------------------------
    # a count in a date-formatted column: Excel shows 12/01/1900
    workbook("crimes_r19_count_date_format.xlsx", {"Sheet1": table}, formats={("Sheet1", "D3"): "dd/mm/yyyy"})
    case("crimes_r19_count_date_format.xlsx", "crimes", None, "error", 3, "Số vụ", "date")
    # a count shown as a percentage (12 shown 1200%)
    workbook("crimes_r19_count_percent_format.xlsx", {"Sheet1": table}, formats={("Sheet1", "D2"): "0%"})
    case("crimes_r19_count_percent_format.xlsx", "crimes", None, "ok", total=23)
    # a population stored in persons and shown in thousands ("#,##0.0,") under "(nghìn người)"
    pop_h = ["Quận/Huyện", "Năm", "Dân số (nghìn người)"]
    pop = [["Ba Đình", 2023, 221893], ["Hoàn Kiếm", 2023, 135618]]
    workbook(
        "population_r19_thousands_by_format.xlsx",
        {"Sheet1": [pop_h, *pop]},
        formats={("Sheet1", "C2"): "#,##0.0,", ("Sheet1", "C3"): "#,##0.0,"},
    )
    case(
        "population_r19_thousands_by_format.xlsx",
        "population",
        None,
        "error",
        1,
        "Dân số (nghìn người)",
        "another unit",
    )
    # a count "12" formatted as time (h:mm): Excel shows 0:00 after a day count
    workbook("crimes_r19_count_time_format.xlsx", {"Sheet1": table}, formats={("Sheet1", "D4"): "h:mm"})
    case("crimes_r19_count_time_format.xlsx", "crimes", None, "error", 4, "Số vụ", "time")

    # -- (C) Windows-1258 and spellings ------------------------------------------------------------------
    case(
        "crimes_r19_cp1258_combining_tones.csv",
        "crimes",
        to_cp1258(
            lines(
                [
                    ["Ứng Hoà", "01/2024", "Trộm cắp tài sản", 3],
                    ["Mỹ Đức", "01/2024", "Cướp giật tài sản", 2],
                    ["Quốc Oai", "01/2024", "Hủy hoại tài sản", 1],
                ],
                c_h,
            )
        ),
        "ok",
        total=6,
    )
    case(
        "rollout_r19_ward_tone_spellings.csv",
        "rollout",
        lines(
            [
                ["TH-1", "Tây Hồ", "Thụy Khuê", "Camera an ninh", "01/05/2023"],
                ["TH-2", "Tây Hồ", "Thuỵ Khuê", "Camera an ninh", "01/06/2023"],
            ],
            ro_h,
        ),
        "ok",
        total=2,
    )

    # -- (D) registers' end dates in words ----------------------------------------------------------------
    for name, end in (("active", "Đang hoạt động"), ("now", "Hiện nay"), ("dash", "-")):
        case(
            f"rollout_r19_end_{name}.csv",
            "rollout",
            lines(
                [
                    ["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023", end],
                    ["BD-2", "Ba Đình", "Trúc Bạch", "Camera an ninh", "01/06/2023", "31/12/2024"],
                ],
                [*ro_h, "Ngày kết thúc"],
            ),
            "repair",
            None,
            None,
            end,
            2,
        )
    for name, n in (("leading_zero", "02"), ("word", "Hai"), ("note", "1 (bổ sung)")):
        case(
            f"rollout_r19_model_count_{name}.csv",
            "rollout",
            lines(
                [["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023", n]], [*ro_h, "Số mô hình"]
            ),
            "repair" if name == "leading_zero" else "error",
            None if name == "leading_zero" else 2,
            None if name == "leading_zero" else "Số mô hình",
            "2 models" if name == "leading_zero" else n,
            2 if name == "leading_zero" else None,
        )

    # -- (E) units of thousands written as numbers ---------------------------------------------------------
    for name, head in (
        ("1000", "Dân số (1000 người)"),
        ("1_000_dot", "Dân số (1.000 người)"),
        ("x1000", "Dân số (x1000)"),
        ("nghin_nguoi_caps", "DÂN SỐ (NGHÌN NGƯỜI)"),
    ):
        case(
            f"population_r19_unit_{name}.csv",
            "population",
            lines([["Ba Đình", 2023, 222], ["Hoàn Kiếm", 2023, 136]], ["Quận/Huyện", "Năm", head]),
            "error",
            1,
            head,
            "another unit",
        )
    case(
        "population_r19_unit_title_1000.csv",
        "population",
        lines(
            [
                ["Đơn vị tính: 1.000 người", "", ""],
                ["Quận/Huyện", "Năm", "Dân số"],
                ["Ba Đình", 2023, 222],
                ["Hoàn Kiếm", 2023, 136],
            ],
            [],
        ).lstrip("\n"),
        "error",
        1,
        "Dân số",
        "another unit",
    )

    # -- (F) periods written with dots ---------------------------------------------------------------------
    for name, periods in (
        ("dot", ["01.2024", "02.2024"]),
        ("thang_dot", ["Tháng 01.2024", "Tháng 02.2024"]),
        ("t_dot", ["T01.2024", "T02.2024"]),
    ):
        case(
            f"crimes_r19_period_{name}.csv",
            "crimes",
            lines(
                [
                    ["Ba Đình", periods[0], "Trộm cắp tài sản", 12],
                    ["Ba Đình", periods[1], "Trộm cắp tài sản", 9],
                ],
                c_h,
            ),
            "ok",
            total=21,
        )
    wide = [
        ["Quận/Huyện", "Tội danh", "T01.2024", "T02.2024"],
        ["Ba Đình", "Trộm cắp tài sản", 12, 7],
        ["Hoàn Kiếm", "Trộm cắp tài sản", 9, 4],
    ]
    workbook("crimes_r19_wide_dot_months.xlsx", {"Sheet1": wide})
    case("crimes_r19_wide_dot_months.xlsx", "crimes", None, "repair", None, None, "wide monthly", 32)
    workbook(
        "crimes_r19_month_sheets_dot.xlsx",
        {
            "T01.2024": [["Quận/Huyện", "Tội danh", "Số vụ"], ["Ba Đình", "Trộm cắp tài sản", 12]],
            "T02.2024": [["Quận/Huyện", "Tội danh", "Số vụ"], ["Ba Đình", "Trộm cắp tài sản", 7]],
        },
    )
    case("crimes_r19_month_sheets_dot.xlsx", "crimes", None, "repair", None, None, "sheet", 19, sheet="all")

    # -- (G) more producers' XML -------------------------------------------------------------------------
    # rows and cells with and without references mixed: a gap stated (row 4), cells after a skipped column
    mixed = (
        '<row r="1">'
        + "".join(cell(v) for v in c_h)
        + "</row>"
        + "<row>"
        + cell("Ba Đình", "A2")
        + cell("01/2024")
        + cell("Trộm cắp tài sản")
        + cell(12)
        + "</row>"
        + '<row r="4">'
        + cell("Hoàn Kiếm")
        + cell("01/2024")
        + cell("Cướp giật tài sản", "C4")
        + cell(4, "D4")
        + "</row>"
        + "<row>"
        + cell("Đống Đa")
        + cell("01/2024")
        + cell("Trộm cắp tài sản")
        + cell(7)
        + "</row>"
    )
    sheet_data("crimes_r19_mixed_refs.xlsx", mixed)
    case("crimes_r19_mixed_refs.xlsx", "crimes", None, "repair", None, None, "blank line", 23)
    # a numeric cell with an empty value (<v/>) and no formula: an empty cell
    empty_v = "".join(
        f'<row r="{i}">'
        + "".join(
            (f'<c r="D{i}"><v/></c>' if (i == 3 and j == 3) else cell(v, f"{'ABCD'[j]}{i}"))
            for j, v in enumerate(r)
        )
        + "</row>"
        for i, r in enumerate(table, start=1)
    )
    sheet_data("crimes_r19_numeric_empty_value.xlsx", empty_v)
    case("crimes_r19_numeric_empty_value.xlsx", "crimes", None, "error", 3, "Số vụ", "missing")
    # inline strings in rich-text runs
    rich = "".join(
        f'<row r="{i}">'
        + "".join(
            (
                f'<c r="{"ABCD"[j]}{i}" t="inlineStr"><is><r><t xml:space="preserve">{x_text(str(v)[:3])}</t></r>'
                f"<r><rPr><b/></rPr><t>{x_text(str(v)[3:])}</t></r></is></c>"
                if isinstance(v, str) and len(v) > 3
                else cell(v, f"{'ABCD'[j]}{i}")
            )
            for j, v in enumerate(r)
        )
        + "</row>"
        for i, r in enumerate(table, start=1)
    )
    sheet_data("crimes_r19_inline_rich_text.xlsx", rich)
    case("crimes_r19_inline_rich_text.xlsx", "crimes", None, "ok", total=23)
    # a worksheet relationship with a relative target ("worksheets/sheet1.xml"), as Excel writes it (openpyxl, which
    # wrote the other workbooks of the corpus, writes "/xl/worksheets/sheet1.xml")
    workbook("crimes_r19_relative_sheet_target.xlsx", {"Sheet1": table})
    edit_xlsx(
        "crimes_r19_relative_sheet_target.xlsx",
        {"xl/_rels/workbook.xml.rels": lambda t: t.replace('Target="/xl/worksheets/', 'Target="worksheets/')},
    )
    case("crimes_r19_relative_sheet_target.xlsx", "crimes", None, "ok", total=23)
    # ISO date cells (t="d") with a time and a "Z"
    iso = ['<row r="1">' + "".join(cell(v, f"{'ABC'[j]}1") for j, v in enumerate(i_h)) + "</row>"]
    for i, (d, dist) in enumerate(
        (
            ("2024-03-05T22:30:00Z", "Ba Đình"),
            ("2024-03-06T00:00:00", "Đống Đa"),
            ("2024-03-07T09:15:00", "Hoàn Kiếm"),
        ),
        start=2,
    ):
        iso.append(
            f'<row r="{i}"><c r="A{i}" t="d"><v>{d}</v></c>'
            + cell(dist, f"B{i}")
            + cell("Trộm cắp tài sản", f"C{i}")
            + "</row>"
        )
    sheet_data("incidents_r19_iso_date_cells_z.xlsx", "".join(iso))
    case("incidents_r19_iso_date_cells_z.xlsx", "incidents", None, "ok", total=3)
    # a date column whose cells are dates but one a bare serial number (its format lost when pasted)
    workbook(
        "incidents_r19_serial_among_dates.xlsx",
        {
            "Sheet1": [
                i_h,
                [dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản"],
                [45357, "Đống Đa", "Trộm cắp tài sản"],
                [dt.datetime(2024, 3, 7), "Hoàn Kiếm", "Cướp giật tài sản"],
            ]
        },
    )
    case("incidents_r19_serial_among_dates.xlsx", "incidents", None, "error", 3, "Ngày xảy ra", "serial")
    # a period column of month-end dates (a database's EOMONTH), shown "mm/yyyy"
    workbook(
        "crimes_r19_period_month_end_dates.xlsx",
        {
            "Sheet1": [
                c_h,
                ["Ba Đình", dt.datetime(2024, 1, 31), "Trộm cắp tài sản", 12],
                ["Ba Đình", dt.datetime(2024, 2, 29), "Trộm cắp tài sản", 9],
            ]
        },
        formats={("Sheet1", "B2"): "mm/yyyy", ("Sheet1", "B3"): "mm/yyyy"},
    )
    case("crimes_r19_period_month_end_dates.xlsx", "crimes", None, "error", 2, "Kỳ", "a day")

    # -- (H) incident times and parts of the day -----------------------------------------------------------
    # (a part of the day with no hour stays refused, as "khoảng 23h" is: round 10)
    for name, when in (
        ("minute_mark", "22h30' ngày 05/03/2024"),
        ("morning", "Sáng ngày 05/03/2024"),
        ("evening", "Tối 05/03/2024"),
        ("night", "Đêm 05/03/2024"),
        ("hoi_gio_phut", "Hồi 22 giờ 30 phút ngày 05/3/2024"),
    ):
        read = name in ("minute_mark", "hoi_gio_phut")
        case(
            f"incidents_r19_when_{name}.csv",
            "incidents",
            lines(
                [["06/03/2024", "Ba Đình", "Trộm cắp tài sản"], [when, "Đống Đa", "Trộm cắp tài sản"]], i_h
            ),
            "ok" if read else "error",
            None if read else 3,
            None if read else "Ngày xảy ra",
            "" if read else "unparseable date",
            2 if read else None,
        )
    # one case charged with two offences in one cell
    for name, off in (
        ("semicolon", "Trộm cắp tài sản; Cướp giật tài sản"),
        ("articles", "Điều 173, Điều 171"),
        ("plus", "Trộm cắp tài sản + Cướp giật tài sản"),
    ):
        case(
            f"incidents_r19_two_offences_{name}.csv",
            "incidents",
            lines(
                [["05/03/2024", "Ba Đình", "Trộm cắp tài sản"], ["06/03/2024", "Đống Đa", f'"{off}"']], i_h
            ),
            "error",
            3,
            "Tội danh",
            off,
        )

    # -- (I) districts written with a glued prefix or the city ---------------------------------------------
    for name, dist in (
        ("glued_prefix", "Q.Ba Đình"),
        ("glued_h", "H.Sóc Sơn"),
        ("with_city", "Ba Đình, Hà Nội"),
        ("dash_city", "Quận Ba Đình - TP Hà Nội"),
    ):
        case(
            f"crimes_r19_district_{name}.csv",
            "crimes",
            lines(
                [
                    [f'"{dist}"', "01/2024", "Trộm cắp tài sản", 12],
                    ["Hoàn Kiếm", "01/2024", "Trộm cắp tài sản", 9],
                ],
                c_h,
            ),
            "ok",
            total=21,
        )

    # -- (J) years: in a single population column's header, in sheet names, stacked under titles -----------
    case(
        "population_r19_year_in_header.csv",
        "population",
        lines([["Ba Đình", 221893], ["Hoàn Kiếm", 135618]], ["Quận/Huyện", "Dân số năm 2023 (người)"]),
        "repair",
        None,
        None,
        "2023",
        357511,
    )

    def year_sheet(a: int, b: int) -> list[list[object]]:
        return [
            ["Quận/Huyện", "Tội danh", "Tháng 1", "Tháng 2"],
            ["Ba Đình", "Trộm cắp tài sản", a, b],
            ["Hoàn Kiếm", "Trộm cắp tài sản", b, a],
        ]

    workbook("crimes_r19_year_sheets_wide.xlsx", {"2023": year_sheet(10, 8), "2024": year_sheet(12, 7)})
    case("crimes_r19_year_sheets_wide.xlsx", "crimes", None, "repair", None, None, "2024", 74, sheet="all")
    workbook(
        "crimes_r19_stacked_years_wide.xlsx",
        {
            "Sheet1": [
                ["SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2023"],
                *year_sheet(10, 8),
                [],
                ["SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2024"],
                *year_sheet(12, 7),
            ]
        },
    )
    case("crimes_r19_stacked_years_wide.xlsx", "crimes", None, "error", 7, "Tháng 1", "other years")
    other_sheet = [["Quận/Huyện", "Tội danh", "Tháng 1", "Tháng 2"], ["Đống Đa", "Trộm cắp tài sản", 12, 7]]
    workbook(
        "crimes_r19_stacked_years_wide_other_rows.xlsx",
        {
            "Sheet1": [
                ["SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2023"],
                *year_sheet(10, 8),
                [],
                ["SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2024"],
                *other_sheet,
            ]
        },
    )
    case(
        "crimes_r19_stacked_years_wide_other_rows.xlsx", "crimes", None, "error", 7, "Tháng 1", "other years"
    )

    # -- (K) periods in two columns, month headers under a merged "Tháng" ----------------------------------
    ym_h = ["Năm", "Tháng", "Quận/Huyện", "Tội danh", "Số vụ"]
    case(
        "crimes_r19_year_and_month_columns.csv",
        "crimes",
        lines(
            [
                [2024, 1, "Ba Đình", "Trộm cắp tài sản", 12],
                [2024, 2, "Ba Đình", "Trộm cắp tài sản", 9],
                [2023, 12, "Ba Đình", "Trộm cắp tài sản", 11],
            ],
            ym_h,
        ),
        "repair",
        None,
        None,
        "Năm",
        32,
    )
    case(
        "crimes_r19_year_and_quarter_columns.csv",
        "crimes",
        lines(
            [[2024, "I", "Ba Đình", "Trộm cắp tài sản", 30], [2024, "II", "Ba Đình", "Trộm cắp tài sản", 25]],
            ["Năm", "Quý", "Quận/Huyện", "Tội danh", "Số vụ"],
        ),
        "repair",
        None,
        None,
        "Năm",
        55,
    )
    case(
        "crimes_r19_month_cells_year_in_title.csv",
        "crimes",
        "BÁO CÁO SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2024,,,\n"
        + lines(
            [["Ba Đình", "Tháng 1", "Trộm cắp tài sản", 12], ["Ba Đình", "Tháng 2", "Trộm cắp tài sản", 9]],
            ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"],
        ),
        "repair",
        None,
        None,
        "the year the title rows",
        21,
    )
    case(
        "crimes_r19_quarter_cells_year_in_title.csv",
        "crimes",
        "SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2024,,,\n"
        + lines(
            [["Ba Đình", "Quý I", "Trộm cắp tài sản", 30], ["Ba Đình", "Quý II", "Trộm cắp tài sản", 25]],
            ["Quận/Huyện", "Quý", "Tội danh", "Số vụ"],
        ),
        "repair",
        None,
        None,
        "the year the title rows",
        55,
    )
    case(
        "crimes_r19_month_cells_no_year.csv",
        "crimes",
        lines(
            [["Ba Đình", "Tháng 1", "Trộm cắp tài sản", 12], ["Ba Đình", "Tháng 2", "Trộm cắp tài sản", 9]],
            ["Quận/Huyện", "Tháng", "Tội danh", "Số vụ"],
        ),
        "error",
        2,
        "Tháng",
        "unparseable period",
    )
    workbook(
        "crimes_r19_month_numbers_under_thang.xlsx",
        {
            "Sheet1": [
                ["SỐ VỤ PHẠM PHÁP HÌNH SỰ NĂM 2024"],
                ["Quận/Huyện", "Tội danh", "Tháng", None, None],
                [None, None, 1, 2, 3],
                ["Ba Đình", "Trộm cắp tài sản", 12, 9, 7],
                ["Hoàn Kiếm", "Trộm cắp tài sản", 5, 4, 3],
            ]
        },
        merge_cells=("C2:E2", "A2:A3", "B2:B3"),
    )
    case("crimes_r19_month_numbers_under_thang.xlsx", "crimes", None, "repair", None, None, "wide", 40)
    workbook(
        "crimes_r19_month_end_date_headers.xlsx",
        {
            "Sheet1": [
                ["Quận/Huyện", "Tội danh", dt.datetime(2024, 1, 31), dt.datetime(2024, 2, 29)],
                ["Ba Đình", "Trộm cắp tài sản", 12, 9],
                ["Hoàn Kiếm", "Trộm cắp tài sản", 5, 4],
            ]
        },
        formats={("Sheet1", "C1"): "mm/yyyy", ("Sheet1", "D1"): "mm/yyyy"},
    )
    case(
        "crimes_r19_month_end_date_headers.xlsx",
        "crimes",
        None,
        "error",
        1,
        "period",
        "missing required column 'period'",
    )

    # -- (L) registers' and lists' date headers of other words --------------------------------------------
    for name, head in (
        ("dua_vao_hoat_dong", "Ngày đưa vào hoạt động"),
        ("trien_khai", "Thời gian triển khai"),
        ("ra_mat", "Ngày ra mắt"),
    ):
        case(
            f"rollout_r19_start_header_{name}.csv",
            "rollout",
            lines(
                [["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023"]],
                ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", head],
            ),
            "ok",
            total=1,
        )
    case(
        "incidents_r19_discovery_date_only.csv",
        "incidents",
        lines([["05/03/2024", "Ba Đình", "Trộm cắp tài sản"]], ["Ngày phát hiện", "Quận/Huyện", "Tội danh"]),
        "error",
        1,
        "date",
        "Ngày phát hiện",
    )
    # one case number merged over the two offences of one case
    workbook(
        "incidents_r19_case_number_merged.xlsx",
        {
            "Sheet1": [
                ["Số hồ sơ", *i_h],
                ["HS-01", dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản"],
                [None, dt.datetime(2024, 3, 5), "Ba Đình", "Hủy hoại hoặc cố ý làm hư hỏng tài sản"],
                ["HS-02", dt.datetime(2024, 3, 6), "Đống Đa", "Cướp giật tài sản"],
            ]
        },
        merge_cells=("A2:A3",),
    )
    case("incidents_r19_case_number_merged.xlsx", "incidents", None, "repair", None, None, "merged", 3)
    # a header wrapped in its quoted CSV cell
    case(
        "crimes_r19_csv_header_line_break.csv",
        "crimes",
        '"Quận/\nHuyện",Kỳ,"Tội\ndanh","Số\nvụ"\n' + lines(c_rows, c_h).split("\n", 1)[1],
        "ok",
        total=23,
    )
    # a population with thousands dots and a decimal comma ("221.893,0", a Vietnamese locale's two decimals)
    case(
        "population_r19_grouped_with_decimal_comma.csv",
        "population",
        lines(
            [["Ba Đình", 2023, '"221.893,0"'], ["Hoàn Kiếm", 2023, '"135.618,0"']],
            ["Quận/Huyện", "Năm", "Dân số"],
        ),
        "ok",
        total=357511,
    )
    case(
        "population_r19_grouped_with_decimal_fraction.csv",
        "population",
        lines(
            [["Ba Đình", 2023, '"221.893,5"'], ["Hoàn Kiếm", 2023, '"135.618,0"']],
            ["Quận/Huyện", "Năm", "Dân số"],
        ),
        "error",
        2,
        "Dân số",
        "fractional",
    )

    # -- (M) census tables of a statistical yearbook: residents by sex and by area beside the total ----------
    def census(name: str, parts: list[str], values: list[list[int]], merge: bool) -> None:
        head = ["Quận/Huyện", "Năm", "Dân số trung bình (người)", *([None] * (len(parts) - 1))]
        sub = [None, None, *parts]
        body = [["Ba Đình", 2023, *values[0]], ["Hoàn Kiếm", 2023, *values[1]]]
        workbook(
            name,
            {"Sheet1": [head, sub, *body]},
            merge_cells=(f"C1:{'CDEFG'[len(parts) - 1]}1", "A1:A2", "B1:B2") if merge else (),
        )

    census(
        "population_r19_total_male_female.xlsx",
        ["Tổng số", "Nam", "Nữ"],
        [[221893, 108000, 113893], [135618, 66000, 69618]],
        True,
    )
    case("population_r19_total_male_female.xlsx", "population", None, "repair", None, None, "Nam", 357511)
    census(
        "population_r19_total_urban_rural.xlsx",
        ["Tổng số", "Thành thị", "Nông thôn"],
        [[221893, 221893, 0], [135618, 135618, 0]],
        True,
    )
    case(
        "population_r19_total_urban_rural.xlsx", "population", None, "repair", None, None, "Thành thị", 357511
    )
    census(
        "population_r19_male_female_only.xlsx",
        ["Nam", "Nữ"],
        [[108000, 113893], [66000, 69618]],
        True,
    )
    case(
        "population_r19_male_female_only.xlsx",
        "population",
        None,
        "error",
        1,
        "population",
        "population",
    )

    # -- (N) dates as databases and case systems write them -------------------------------------------------
    case(
        "incidents_r19_compact_dates.csv",
        "incidents",
        lines(
            [["20240305", "Ba Đình", "Trộm cắp tài sản"], ["20240306", "Đống Đa", "Trộm cắp tài sản"]], i_h
        ),
        "ok",
        total=2,
    )
    case(
        "incidents_r19_compact_dates_invalid.csv",
        "incidents",
        lines(
            [["20240305", "Ba Đình", "Trộm cắp tài sản"], ["20241305", "Đống Đa", "Trộm cắp tài sản"]], i_h
        ),
        "error",
        3,
        "Ngày xảy ra",
        "20241305",
    )
    case(
        "incidents_r19_weekday_abbreviations.csv",
        "incidents",
        lines(
            [
                ['"T3, 05/03/2024"', "Ba Đình", "Trộm cắp tài sản"],
                ['"CN, 10/03/2024"', "Đống Đa", "Trộm cắp tài sản"],
            ],
            i_h,
        ),
        "repair",
        None,
        None,
        "day of the week",
        2,
    )
    case(
        "incidents_r19_weekday_abbreviation_wrong.csv",
        "incidents",
        lines(
            [
                ['"T3, 05/03/2024"', "Ba Đình", "Trộm cắp tài sản"],
                ['"T5, 10/03/2024"', "Đống Đa", "Trộm cắp tài sản"],
            ],
            i_h,
        ),
        "error",
        3,
        "Ngày xảy ra",
        "T5, 10/03/2024",
    )
    iso_tz = ['<row r="1">' + "".join(cell(v, f"{'ABC'[j]}1") for j, v in enumerate(i_h)) + "</row>"]
    for i, (d, dist) in enumerate(
        (("2024-03-05T22:30:00+07:00", "Ba Đình"), ("2024-03-06T08:00:00+07:00", "Đống Đa")), start=2
    ):
        iso_tz.append(
            f'<row r="{i}"><c r="A{i}" t="d"><v>{d}</v></c>'
            + cell(dist, f"B{i}")
            + cell("Trộm cắp tài sản", f"C{i}")
            + "</row>"
        )
    sheet_data("incidents_r19_iso_date_cells_offset.xlsx", "".join(iso_tz))
    case("incidents_r19_iso_date_cells_offset.xlsx", "incidents", None, "ok", total=2)
    # a time after the date shapes read without one ("05-03-2024", "05.03.2024", "2024/03/05"); a time first stays
    # refused
    for name, first, second, read in (
        ("dash", "05-03-2024 22:30", "06-03-2024 08:15:00", True),
        ("dot", "05.03.2024 22:30", "06.03.2024 08:15", True),
        ("year_first", "2024/03/05 22:30", "2024/03/06 08:15", True),
        ("time_first", "22:30 05/03/2024", "08:15 06/03/2024", False),
    ):
        case(
            f"incidents_r19_date_time_{name}.csv",
            "incidents",
            lines([[first, "Ba Đình", "Trộm cắp tài sản"], [second, "Đống Đa", "Trộm cắp tài sản"]], i_h),
            "ok" if read else "error",
            None if read else 2,
            None if read else "Ngày xảy ra",
            "" if read else "unparseable date",
            2 if read else None,
        )

    # -- (O) more: a .NET writer's prefixed XML, model ids numbered per district, a year row among months -------
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows_x = "".join(
        f'<x:row r="{i}"'
        + (' hidden="1"' if i == 3 else "")
        + ">"
        + "".join(
            f'<x:c r="{"ABCD"[j]}{i}"><x:v>{v}</x:v></x:c>'
            if isinstance(v, int)
            else f'<x:c r="{"ABCD"[j]}{i}" t="inlineStr"><x:is><x:t>{x_text(v)}</x:t></x:is></x:c>'
            for j, v in enumerate(r)
        )
        + "</x:row>"
        for i, r in enumerate(table, start=1)
    )
    prefixed = (
        f'<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="{ns}"><x:sheetData>{rows_x}</x:sheetData>'
        "</x:worksheet>"
    )
    workbook("crimes_r19_prefixed_namespace.xlsx", {"Sheet1": [["x"]]})
    edit_xlsx("crimes_r19_prefixed_namespace.xlsx", {"xl/worksheets/sheet1.xml": lambda _: prefixed})
    case("crimes_r19_prefixed_namespace.xlsx", "crimes", None, "repair", None, None, "row 3", 23)
    case(
        "rollout_r19_ids_per_district.csv",
        "rollout",
        lines(
            [
                ["1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023"],
                ["2", "Ba Đình", "Trúc Bạch", "Camera an ninh", "01/06/2023"],
                ["1", "Đống Đa", "Láng Hạ", "Camera an ninh", "01/07/2023"],
            ],
            ro_h,
        ),
        "error",
        2,
        "Mã mô hình",
        "duplicate key",
    )
    for name, label in (("year", "Năm 2024"), ("cumulative", "Lũy kế 2 tháng"), ("ca_nam", "Cả năm 2024")):
        case(
            f"crimes_r19_{name}_row_among_months.csv",
            "crimes",
            lines(
                [
                    ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
                    ["Ba Đình", "02/2024", "Trộm cắp tài sản", 9],
                    ["Ba Đình", label, "Trộm cắp tài sản", 21],
                ],
                c_h,
            ),
            "error",
            4,
            "Kỳ",
            label,
        )


_VNI_MARK = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_MARK = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE_MARK = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def round20_cases() -> None:
    """Round 20 (2026-12-07): the General Statistics Office's population tables (a unit in the title's
    brackets, "(Nghìn người)", "(Thous. pers.)"; "Sơ bộ - Prel. 2023"; a density headed "Dân số (người/km2)";
    urban and rural columns; PX-Web's long CSV with "Địa phương"), text exports (Markdown and a database
    client's box tables, Excel's ".prn", a quoted "sep=;" hint, HTML character references, JSON cells, UTC
    timestamps, a Google Forms "Timestamp" in a month-first locale) and case-management lists ("Số lượng" 3, a
    case's stages each dated, numeric status codes, case numbers with their year)."""

    def lines(body: list[list[object]], h: list[str] | None = None, sep: str = ",") -> str:
        return "".join(
            sep.join("" if v is None else str(v) for v in r) + "\n" for r in [*([h] if h else []), *body]
        )

    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    ro_h = ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"]

    # -- (A) the General Statistics Office's population tables --------------------------------------------
    # the unit in brackets in the title, whole numbers of thousands: read as residents, 1,000 times too few
    workbook(
        "population_r20_gso_title_thousands.xlsx",
        {
            "Dân số": [
                ["Dân số trung bình phân theo quận, huyện (Nghìn người)"],
                ["Quận/Huyện", "2021", "2022"],
                ["Ba Đình", 222, 223],
                ["Hoàn Kiếm", 136, 137],
            ]
        },
    )
    case("population_r20_gso_title_thousands.xlsx", "population", None, "error", 1, "2021", "another unit")
    case(
        "population_r20_gso_title_thous_pers.csv",
        "population",
        "Average population by district (Thous. pers.)\n"
        + lines(
            [["Ba Dinh", "221.5", "222.3"], ["Hoan Kiem", "135.7", "136.2"]], ["District", "2021", "2022"]
        ),
        "error",
        1,
        "2021",
        "another unit ('thous')",
    )
    case(
        "population_r20_gso_bilingual_title_prel.csv",
        "population",
        "Dân số trung bình (Nghìn người) - Average population (Thous. pers.)\n"
        + lines([["Ba Đình", "221.5", "222.3", "223.1"]], ["Quận/Huyện", "2021", "2022", "Sơ bộ 2023"]),
        "error",
        1,
        "2021",
        "another unit ('nghin')",
    )
    # the preliminary year in both languages: read (said), not left out as an unknown column
    case(
        "population_r20_prel_bilingual.csv",
        "population",
        lines(
            [["Ba Đình", "221500", "222300", "223100"], ["Hoàn Kiếm", "135700", "136200", "137000"]],
            ["Quận/Huyện", "2021", "2022", "Sơ bộ - Prel. 2023"],
        ),
        "repair",
        None,
        None,
        "preliminary",
        221500 + 222300 + 223100 + 135700 + 136200 + 137000,
    )
    case(
        "population_r20_prel_slash.csv",
        "population",
        lines([["Ba Đình", "222300", "223100"]], ["Quận/Huyện", "2022", "Sơ bộ/Prel. 2023"]),
        "repair",
        None,
        None,
        "preliminary",
        222300 + 223100,
    )
    # a density headed as a population: residents per km², never residents
    case(
        "population_r20_density_person_unit.csv",
        "population",
        lines(
            [["Ba Đình", "2022", "24137"], ["Hoàn Kiếm", "2022", "25747"]],
            ["Quận/Huyện", "Năm", "Dân số (người/km2)"],
        ),
        "error",
        1,
        "Dân số (người/km2)",
        "/km2",
    )
    case(
        "districts_r20_density_person_unit.csv",
        "districts",
        lines(
            [["Ba Đình", "9,21", "24137"], ["Hoàn Kiếm", "5,29", "25747"]],
            ["Quận/Huyện", "Diện tích (Km2)", "Dân số (người/km²)"],
        )
        .replace("9,21", '"9,21"')
        .replace("5,29", '"5,29"'),
        "error",
        1,
        "Dân số (người/km²)",
        "/km²",
    )
    case(
        "population_r20_density_beside.csv",
        "population",
        lines(
            [
                ["Ba Đình", "2022", "222300", "9.21", "24137"],
                ["Hoàn Kiếm", "2022", "136200", "5.29", "25747"],
            ],
            [
                "Quận/Huyện",
                "Năm",
                "Dân số trung bình (Người)",
                "Diện tích (Km2)",
                "Mật độ dân số (Người/km2)",
            ],
        ),
        "repair",
        None,
        None,
        "Mật độ dân số",
        222300 + 136200,
    )
    case(
        "population_r20_urban_rural_beside.csv",
        "population",
        lines(
            [["Ba Đình", "2022", "222300", "222300", "0"], ["Sóc Sơn", "2022", "360000", "60000", "300000"]],
            ["Quận/Huyện", "Năm", "Dân số trung bình", "Thành thị", "Nông thôn"],
        ),
        "repair",
        None,
        None,
        "Thành thị",
        222300 + 360000,
    )
    case(
        "population_r20_total_urban_rural.csv",
        "population",
        lines(
            [["Ba Đình", "2022", "222300", "222300", "0"], ["Sóc Sơn", "2022", "360000", "60000", "300000"]],
            ["Quận/Huyện", "Năm", "Tổng số", "Thành thị", "Nông thôn"],
        ),
        "error",
        1,
        "population",
        "missing required column",
    )
    # PX-Web's CSV: quoted headers, semicolons, "Địa phương", a source line under the table
    px_h = ['"Địa phương"', '"Năm"', '"Dân số trung bình (Người)"']
    case(
        "population_r20_pxweb_long.csv",
        "population",
        lines(
            [
                ['"Ba Đình"', '"2022"', "221500"],
                ['"Hoàn Kiếm"', '"2022"', "135700"],
                [],
                ['"Nguồn: Tổng cục Thống kê"'],
            ],
            px_h,
            ";",
        ),
        "repair",
        None,
        None,
        "Nguồn: Tổng cục Thống kê",
        221500 + 135700,
    )
    case(
        "population_r20_pxweb_long_prel.csv",
        "population",
        lines([['"Ba Đình"', '"2022"', "221500"], ['"Ba Đình"', '"Sơ bộ 2023"', "222000"]], px_h, ";"),
        "repair",
        None,
        None,
        "preliminary",
        221500 + 222000,
    )
    case(
        "population_r20_pxweb_long_thousands.csv",
        "population",
        lines(
            [['"Ba Đình"', '"2022"', "221.5"], ['"Hoàn Kiếm"', '"2022"', "135.7"]],
            [*px_h[:2], '"Dân số trung bình (Nghìn người)"'],
            ";",
        ),
        "error",
        1,
        "Dân số trung bình (Nghìn người)",
        "another unit",
    )
    case(
        "population_r20_pxweb_not_available.csv",
        "population",
        lines([['"Ba Đình"', '"2022"', "221500"], ['"Ba Đình"', '"2023"', '".."']], px_h, ";"),
        "error",
        3,
        "Dân số trung bình (Người)",
        "not a number",
    )

    # -- (B) text exports -----------------------------------------------------------------------------------
    # ISO timestamps in UTC: the incident's day in Hanoi (20:00Z on 31 March is 03:00 on 1 April)
    case(
        "incidents_r20_utc_timestamps.csv",
        "incidents",
        lines(
            [
                ["2024-03-31T20:00:00Z", "Ba Đình", "Trộm cắp tài sản"],
                ["2024-03-05T10:00:00.000Z", "Hoàn Kiếm", "Cướp giật tài sản"],
                ["2024-03-06T08:00:00+07:00", "Đống Đa", "Trộm cắp tài sản"],
            ],
            i_h,
        ),
        "repair",
        None,
        None,
        "as Hanoi's time (UTC+07:00)",
        3,
    )
    parquet(
        "incidents_r20_utc_parquet.parquet",
        pd.DataFrame(
            {
                "date": pd.to_datetime(["2024-03-31 20:00", "2024-03-05 10:00"]).tz_localize("UTC"),
                "district": ["Ba Đình", "Hoàn Kiếm"],
                "offence": ["Trộm cắp tài sản", "Cướp giật tài sản"],
            }
        ),
    )
    case("incidents_r20_utc_parquet.parquet", "incidents", None, "ok", total=2)
    case(
        "rollout_r20_utc_start.csv",
        "rollout",
        lines([["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "2023-05-31T18:00:00Z"]], ro_h),
        "repair",
        None,
        None,
        "fall on another day",
        1,
    )
    # a web application's HTML character references and JSON cells
    case(
        "incidents_r20_html_entities.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Tr&#7897;m cắp tài sản"],
                ["06/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["07/03/2024", "Ho&agrave;n Kiếm", "Cướp giật tài sản"],
            ],
            i_h,
        ),
        "repair",
        None,
        None,
        "HTML character references",
        3,
    )
    case(
        "rollout_r20_html_entity_type.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh &amp; chiếu sáng", "01/05/2023"],
                ["BD-2", "Ba Đình", "Trúc Bạch", "Camera an ninh & chiếu sáng", "01/06/2023"],
            ],
            ro_h,
        ),
        "repair",
        None,
        None,
        "&amp;",
        2,
    )
    workbook(
        "incidents_r20_json_offence.xlsx",
        {
            "DS": [
                i_h,
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["06/03/2024", "Hoàn Kiếm", '["Trộm cắp tài sản", "Cướp giật tài sản"]'],
            ]
        },
    )
    # a list of offences, JSON or not, is refused by round 19's rule for several offences in one cell
    case("incidents_r20_json_offence.xlsx", "incidents", None, "error", 3, "Tội danh", "several offences")
    case(
        "incidents_r20_json_district.csv",
        "incidents",
        lines([["05/03/2024", '"{""name"": ""Ba Đình""}"', "Trộm cắp tài sản"]], i_h),
        "error",
        2,
        "Quận/Huyện",
        "JSON value",
    )
    case(
        "rollout_r20_json_type.csv",
        "rollout",
        lines(
            [["BD-1", "Ba Đình", "Điện Biên", '"[""Camera an ninh"", ""Tổ tự quản""]"', "01/05/2023"]], ro_h
        ),
        "error",
        2,
        "Loại mô hình",
        "JSON value",
    )
    # Excel's "sep=;" hint quoted by a tool that quotes every field
    case(
        "incidents_r20_sep_hint_quoted.csv",
        "incidents",
        '"sep=;"\n'
        + lines(
            [["05/03/2024", "Ba Đình", "Trộm cắp tài sản"], ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"]],
            i_h,
            ";",
        ),
        "ok",
        total=2,
    )
    # text tables with rule lines: Markdown, a database client's box
    case(
        "crimes_r20_markdown.txt",
        "crimes",
        "| Quận/Huyện | Kỳ | Tội danh | Số vụ |\n|---|---|---|---|\n| Ba Đình | 01/2024 | Trộm cắp tài sản | 12 |\n"
        "| Hoàn Kiếm | 01/2024 | Cướp giật tài sản | 4 |\n",
        "repair",
        None,
        None,
        "rule line",
        16,
    )
    rule = "+------------+---------+-------------------+-------+\n"
    case(
        "crimes_r20_box_table.txt",
        "crimes",
        rule
        + "| Quận/Huyện | Kỳ      | Tội danh          | Số vụ |\n"
        + rule
        + "| Ba Đình    | 01/2024 | Trộm cắp tài sản  |    12 |\n| Hoàn Kiếm  | 01/2024 | Cướp giật tài sản |     4 |\n"
        + rule,
        "repair",
        None,
        None,
        "rule line",
        16,
    )
    case(
        "crimes_r20_excel_prn.prn",
        "crimes",
        "Quận/Huyện Kỳ      Tội danh          Số vụ\nBa Đình    01/2024 Trộm cắp tài sản     12\n",
        "error",
        1,
        None,
        "Formatted Text (Space delimited)",
    )
    # Google Forms / Sheets: the time of entry in a month-first locale shows the dates are month first
    gs_h = ["Timestamp", "Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    gs = [
        ["3/5/2024 22:30:15", "3/5/2024", "Ba Đình", "Trộm cắp tài sản"],
        ["3/13/2024 9:00:00", "3/12/2024", "Ba Đình", "Trộm cắp tài sản"],
    ]
    case(
        "incidents_r20_gsheets_month_first.csv",
        "incidents",
        lines(gs, gs_h),
        "error",
        3,
        "Timestamp",
        "month first",
    )
    case("incidents_r20_gsheets_month_first.csv", "incidents", None, "ok", total=2, dayfirst=False)
    case(
        "incidents_r20_gforms_day_first.csv",
        "incidents",
        lines(
            [
                ["13/03/2024 22:30:15", "12/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["05/03/2024 9:00:00", "04/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
            ],
            ["Dấu thời gian", *gs_h[1:]],
        ),
        "ok",
        total=2,
    )
    case(
        "rollout_r20_gforms_month_first.csv",
        "rollout",
        lines(
            [
                ["3/14/2024 10:02:11", "BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "3/1/2024"],
                ["3/14/2024 10:05:40", "BD-2", "Ba Đình", "Trúc Bạch", "Camera an ninh", "3/12/2024"],
            ],
            ["Dấu thời gian", *ro_h],
        ),
        "error",
        2,
        "Dấu thời gian",
        "month first",
    )
    # a web system's "UTC" written out after the time
    case(
        "incidents_r20_utc_word.csv",
        "incidents",
        lines(
            [
                ["2024-03-31 20:00:00 UTC", "Ba Đình", "Trộm cắp tài sản"],
                ["2024-03-05 10:00 GMT", "Hoàn Kiếm", "Cướp giật tài sản"],
            ],
            i_h,
        ),
        "repair",
        None,
        None,
        "(GMT; UTC) as Hanoi's time",
        2,
    )
    # the time a form was filled in is not the day of the incident: no date column, refused
    case(
        "incidents_r20_gforms_timestamp_only.csv",
        "incidents",
        lines(
            [["05/03/2024 22:30:15", "Ba Đình", "Trộm cắp tài sản"]],
            ["Dấu thời gian", "Quận/Huyện", "Tội danh"],
        ),
        "error",
        1,
        "date",
        "missing required column",
    )
    case(
        "incidents_r20_epoch_seconds.csv",
        "incidents",
        lines([["1711915200", "Ba Đình", "Trộm cắp tài sản"]], i_h),
        "error",
        2,
        "Ngày xảy ra",
        "unparseable date",
    )

    # -- (C) case-management lists and registers ----------------------------------------------------------
    case(
        "incidents_r20_so_luong.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản", "3"],
                ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "1"],
            ],
            [*i_h, "Số lượng"],
        ),
        "error",
        2,
        "Số lượng",
        "several incidents",
    )
    stages_h = ["Số hồ sơ", "Giai đoạn", "Ngày", "Quận/Huyện", "Tội danh"]
    workbook(
        "incidents_r20_case_stages.xlsx",
        {
            "DS": [
                stages_h,
                ["12/2024/HS", "Khởi tố", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["12/2024/HS", "Điều tra", "20/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["12/2024/HS", "Truy tố", "15/05/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["13/2024/HS", "Khởi tố", "06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
            ]
        },
    )
    case("incidents_r20_case_stages.xlsx", "incidents", None, "error", 3, "Số hồ sơ", "stages")
    case(
        "incidents_r20_case_stages_same_day.csv",
        "incidents",
        lines(
            [
                ["12/2024/HS", "Khởi tố", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["12/2024/HS", "Điều tra", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["13/2024/HS", "Khởi tố", "06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"],
            ],
            stages_h,
        ),
        "repair",
        None,
        None,
        "a case entered twice",
        2,
    )
    # numbers restart each year: "12/HS" of 2023 and of 2024 are two cases; a year suffix keeps them apart too
    case(
        "incidents_r20_case_numbers_by_year.csv",
        "incidents",
        lines(
            [
                ["12/HS", "05/03/2023", "Ba Đình", "Trộm cắp tài sản"],
                ["12/HS", "07/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["12/2023/HS", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
                ["12/2024/HS", "05/03/2024", "Ba Đình", "Trộm cắp tài sản"],
            ],
            ["Số hồ sơ", *i_h],
        ),
        "ok",
        total=4,
    )
    case(
        "incidents_r20_status_codes.csv",
        "incidents",
        lines(
            [
                ["05/03/2024", "Ba Đình", "Trộm cắp tài sản", "0"],
                ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "1"],
                ["07/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "9"],
            ],
            [*i_h, "Trạng thái"],
        ),
        "repair",
        None,
        None,
        "status codes",
        3,
    )
    case(
        "rollout_r20_status_codes.csv",
        "rollout",
        lines(
            [
                ["BD-1", "Ba Đình", "Điện Biên", "Camera an ninh", "01/05/2023", "1"],
                ["BD-2", "Ba Đình", "Trúc Bạch", "Camera an ninh", "01/06/2023", "2"],
            ],
            [*ro_h, "Tình trạng"],
        ),
        "repair",
        None,
        None,
        "status codes",
        2,
    )
    case(
        "incidents_r20_ward_and_district.csv",
        "incidents",
        lines([["05/03/2024", '"P. Phúc Xá, Q. Ba Đình"', "Trộm cắp tài sản"]], i_h),
        "error",
        2,
        "Quận/Huyện",
        "unknown district",
    )


def round21_cases() -> None:
    """Round 21 (2026-12-08): exports of BI tools (Power BI's "Applied filters:" note under the table and its
    year and month columns, Tableau's UTF-16 crosstab with a "Month of ..." row above the months), Excel's
    Vietnamese month names ("Thg1-24", "Tháng Một 2024", "Tháng 1 2024"), text that lost its letters to a code
    page ("CSV (Macintosh)", "CSV (MS-DOS)"), a CSV quoted with ', the residence database's "Tổng số nhân khẩu"
    (with "thường trú" | "tạm trú" beside it, alone, by ward), registers' decisions ("Quyết định số ... ngày
    ...") and dissolutions ("Ngày giải thể", "Ngày sáp nhập"), and a case-management system's lists (each further
    suspect on a line of its own, "Số định danh cá nhân", "Ngày sinh", "Thời điểm xảy ra vụ việc", "14g30")."""

    def lines(body: list[list[object]], h: list[str] | None = None, sep: str = ",") -> str:
        return "".join(
            sep.join("" if v is None else str(v) for v in r) + "\n" for r in [*([h] if h else []), *body]
        )

    def utf16(text: str) -> bytes:  # Tableau's crosstab, as Excel's "Unicode Text": a BOM, CRLF
        return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    c_rows = [
        ["Ba Đình", "2024-01", "Trộm cắp tài sản", 12],
        ["Ba Đình", "2024-02", "Trộm cắp tài sản", 7],
        ["Hoàn Kiếm", "2024-01", "Cướp giật tài sản", 4],
    ]
    c_total = 12 + 7 + 4
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh"]
    i_rows = [["05/03/2024", "Ba Đình", "Trộm cắp tài sản"], ["06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản"]]
    ro_h = ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Ngày bắt đầu"]
    m2 = ["m2", "Hoàn Kiếm", "Hàng Bạc", "Tổ tự quản", "01/03/2022"]
    filters = "Applied filters:\nNăm is 2024\nQuận/Huyện is Ba Đình or Hoàn Kiếm"

    # -- (A) BI tools' exports ----------------------------------------------------------------------------
    # Power BI's "Export data": the filters of the visual in one cell under the table (no blank line before it)
    case(
        "crimes_r21_powerbi_applied_filters.csv",
        "crimes",
        lines(c_rows, c_h) + f'"{filters}"\n',
        "repair",
        None,
        None,
        "row 5 'Applied filters:",
        c_total,
    )
    workbook("crimes_r21_powerbi_applied_filters.xlsx", {"Export": [c_h, *c_rows, [filters]]})
    case(
        "crimes_r21_powerbi_applied_filters.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Applied filters",
        c_total,
    )
    workbook(
        "crimes_r21_powerbi_filters_blank.xlsx",
        {"Export": [c_h, *c_rows, [], ["Applied filters:\nNăm is 2024"]]},
    )
    case(
        "crimes_r21_powerbi_filters_blank.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Applied filters",
        c_total,
    )
    case(
        "crimes_r21_powerbi_vi_filters.csv",
        "crimes",
        lines(c_rows, c_h) + '"Bộ lọc đã áp dụng:\nNăm là 2024"\n',
        "repair",
        None,
        None,
        "Bộ lọc đã áp dụng",
        c_total,
    )
    case(
        "incidents_r21_powerbi_applied_filters.csv",
        "incidents",
        lines(i_rows, i_h) + '"Applied filters:\nTháng is 3"\n',
        "repair",
        None,
        None,
        "Applied filters",
        2,
    )
    # a summarised visual: its "Total" row, then the filters
    workbook(
        "crimes_r21_powerbi_total_filters.xlsx",
        {"Export": [c_h, *c_rows, ["Total", None, None, c_total], ["Applied filters:\nNăm is 2024"]]},
    )
    case(
        "crimes_r21_powerbi_total_filters.xlsx",
        "crimes",
        None,
        "repair",
        None,
        None,
        "Applied filters",
        c_total,
    )
    workbook(
        "crimes_r21_powerbi_total_filters_bad.xlsx",
        {"Export": [c_h, *c_rows, ["Total", None, None, c_total + 2], ["Applied filters:\nNăm is 2024"]]},
    )
    case("crimes_r21_powerbi_total_filters_bad.xlsx", "crimes", None, "error", 5, "Số vụ", "says 25")
    # the date hierarchy's "Year" | "Month" columns, the month a word (English, and Excel's Vietnamese names)
    by_month = [["Ba Đình", 2024, "", "Trộm cắp tài sản", 12], ["Ba Đình", 2024, "", "Trộm cắp tài sản", 7]]
    by_month.append(["Hoàn Kiếm", 2024, "", "Cướp giật tài sản", 4])
    for name, head, months in (
        ("crimes_r21_powerbi_year_month_columns.csv", ["Year", "Month"], ["January", "February", "January"]),
        ("crimes_r21_powerbi_nam_thang_words.csv", ["Năm", "Tháng"], ["Tháng Một", "Tháng Hai", "Tháng Một"]),
    ):
        rows = [[r[0], r[1], m, *r[3:]] for r, m in zip(by_month, months, strict=True)]
        case(
            name,
            "crimes",
            lines(rows, ["Quận/Huyện", head[0], head[1], "Tội danh", "Số vụ"]),
            "repair",
            None,
            None,
            "together",
            c_total,
        )
    # Tableau's crosstab (UTF-16, tabs): months as columns, "January 2024" or "Tháng 1 2024"
    cross = [["Ba Đình", "Trộm cắp tài sản", "12", "7"], ["Hoàn Kiếm", "Cướp giật tài sản", "4", "0"]]
    for name, months in (
        ("crimes_r21_tableau_crosstab.csv", ["January 2024", "February 2024"]),
        ("crimes_r21_tableau_crosstab_vi.csv", ["Tháng 1 2024", "Tháng 2 2024"]),
    ):
        text = lines(cross, ["Quận/Huyện", "Tội danh", *months], sep="\t")
        case(name, "crimes", utf16(text), "repair", None, None, "wide monthly", c_total)
    # the field of the columns named in a row above the months ("Month of Ngày"): the sniffer finds no delimiter
    text = "\tMonth of Ngày\t\n" + lines(
        cross, ["Quận/Huyện", "Tội danh", "January 2024", "February 2024"], "\t"
    )
    case(
        "crimes_r21_tableau_month_of.csv",
        "crimes",
        utf16(text),
        "repair",
        None,
        None,
        "Month of Ngày",
        c_total,
    )
    # a crosstab's empty cell: no row behind it, but no count stated either
    text = lines(
        [*cross[:1], ["Hoàn Kiếm", "Cướp giật tài sản", "4", ""]],
        ["Quận/Huyện", "Tội danh", "January 2024", "February 2024"],
        "\t",
    )
    case(
        "crimes_r21_tableau_empty_cell.csv",
        "crimes",
        utf16(text),
        "error",
        3,
        "February 2024",
        "missing count",
    )
    # Excel's "CSV (Macintosh)" and "CSV (MS-DOS)" of a Vietnamese sheet: the letters Mac Roman or code page 437
    # lack are written "?"
    case(
        "crimes_r21_mac_roman_vietnamese.csv",
        "crimes",
        lines(c_rows, c_h).replace("\n", "\r").encode("mac_roman", errors="replace"),
        "error",
        1,
        None,
        "letters replaced by '?'",
    )
    case(
        "crimes_r21_msdos_lost_letters.csv",
        "crimes",
        lines(c_rows, c_h).encode("cp437", errors="replace"),
        "error",
        2,
        None,
        "cannot be decoded",
    )
    # a guard: "?" after a word and in a web address, in a file read by the full reader (UTF-16)
    text = lines(
        [[*i_rows[0], "Có ai chứng kiến? Không"], [*i_rows[1], "Xem https://congan.vn/tin?id=1"]],
        [*i_h, "Ghi chú"],
        sep="\t",
    )
    case("incidents_r21_question_marks.txt", "incidents", utf16(text), "ok", None, None, "", 2)
    # LibreOffice's CSV with ' as the text delimiter: a comma inside a field splits it
    case(
        "crimes_r21_libreoffice_single_quote.csv",
        "crimes",
        "Quận/Huyện,Kỳ,Tội danh,Số vụ\n'Ba Đình','2024-01','Trộm cắp tài sản',12\n"
        "'Hoàn Kiếm','2024-01','Cướp giật, cưỡng đoạt',4\n",
        "error",
        3,
        None,
        "quoted with '",
    )

    # -- (B) Excel's number formats as text -----------------------------------------------------------------
    # "mmm-yy" and "mmmm yyyy" in the Vietnamese locale, in period cells and as month headers
    for name, shown in (
        ("crimes_r21_thg_month_cells.csv", ["Thg1-24", "Thg2-24", "Thg12-24"]),
        ("crimes_r21_thang_mot_cells.csv", ["Tháng Một 2024", "Tháng Hai 2024", "Tháng Mười Hai 2024"]),
    ):
        rows = [["Ba Đình", p, "Trộm cắp tài sản", n] for p, n in zip(shown, (12, 7, 3), strict=True)]
        case(name, "crimes", lines(rows, c_h), "ok", None, None, "", 22)
    for name, shown in (
        ("crimes_r21_thg_month_headers.csv", ["Thg1-24", "Thg2-24", "Thg3-24"]),
        ("crimes_r21_thang_mot_headers.csv", ["Tháng Một 2024", "Tháng Hai 2024", "Tháng Ba 2024"]),
    ):
        body = lines([["Ba Đình", "Trộm cắp tài sản", 12, 7, 3]], ["Quận/Huyện", "Tội danh", *shown])
        case(name, "crimes", body, "repair", None, None, "wide monthly", 22)
    # the accounting format's zero shown as " -   " in a CSV: a dash, not a number (round 9's rule)
    case(
        "crimes_r21_accounting_dash.csv",
        "crimes",
        lines(
            [
                ["Ba Đình", "2024-01", "Trộm cắp tài sản", " 12 "],
                ["Ba Đình", "2024-02", "Trộm cắp tài sản", " -   "],
            ],
            c_h,
        ),
        "error",
        3,
        "Số vụ",
        "not a number",
    )
    # periods stored as dates and shown "mm/yyyy": the first of the month reads; the 15th is a day
    for name, day, outcome in (
        ("crimes_r21_period_serial_mmyyyy.xlsx", 1, "ok"),
        ("crimes_r21_period_serial_mid_month.xlsx", 15, "error"),
    ):
        rows = [
            ["Ba Đình", dt.datetime(2024, 1, day), "Trộm cắp tài sản", 12],
            ["Ba Đình", dt.datetime(2024, 2, day), "Trộm cắp tài sản", 7],
        ]
        workbook(name, {"S": [c_h, *rows]}, formats={("S", "B2"): "mm/yyyy", ("S", "B3"): "mm/yyyy"})
        if outcome == "ok":
            case(name, "crimes", None, "ok", None, None, "", 19)
        else:
            case(name, "crimes", None, "error", 2, "Kỳ", "a day, not a period")

    # -- (C) the residence database's counts ------------------------------------------------------------------
    case(
        "population_r21_thuong_tru_tam_tru.csv",
        "population",
        lines(
            [["Ba Đình", 2024, 200000, 25000, 225000], ["Hoàn Kiếm", 2024, 120000, 15000, 135000]],
            ["Quận/Huyện", "Năm", "Số nhân khẩu thường trú", "Số nhân khẩu tạm trú", "Tổng số nhân khẩu"],
        ),
        "repair",
        None,
        None,
        "'Số nhân khẩu thường trú'; 'Số nhân khẩu tạm trú' are its parts",
        225000 + 135000,
    )
    case(
        "population_r21_nhan_khau.csv",
        "population",
        lines(
            [["Ba Đình", 2024, 225000], ["Hoàn Kiếm", 2024, 135000]], ["Quận/Huyện", "Năm", "Số nhân khẩu"]
        ),
        "ok",
        None,
        None,
        "",
        225000 + 135000,
    )
    # registered residents beside the average population: two counts of residents, refused (round 13's rule)
    case(
        "population_r21_dan_so_and_thuong_tru.csv",
        "population",
        lines(
            [["Ba Đình", 2024, 221000, 200000], ["Hoàn Kiếm", 2024, 135000, 120000]],
            ["Quận/Huyện", "Năm", "Dân số trung bình", "Số nhân khẩu thường trú"],
        ),
        "error",
        1,
        "Số nhân khẩu thường trú",
        "several columns could be 'population'",
    )
    # the parts alone are not added (round 19's rule for "Thành thị" | "Nông thôn")
    case(
        "population_r21_thuong_tru_only.csv",
        "population",
        lines(
            [["Ba Đình", 2024, 200000, 25000], ["Hoàn Kiếm", 2024, 120000, 15000]],
            ["Quận/Huyện", "Năm", "Thường trú", "Tạm trú"],
        ),
        "error",
        1,
        "population",
        "missing required column 'population'",
    )
    # by ward under district subtotals: refused naming the wards, not as a bare duplicate
    case(
        "population_r21_wards_district_subtotals.csv",
        "population",
        lines(
            [
                ["Ba Đình", "Phúc Xá", 2024, 20000],
                ["Ba Đình", "Trúc Bạch", 2024, 10000],
                ["Cộng quận Ba Đình", "", 2024, 30000],
                ["Hoàn Kiếm", "Hàng Bạc", 2024, 8000],
                ["Cộng quận Hoàn Kiếm", "", 2024, 8000],
            ],
            ["Quận/Huyện", "Phường/Xã", "Năm", "Dân số"],
        ),
        "error",
        2,
        "Quận/Huyện",
        "rows of several wards (column 'Phường/Xã': Phúc Xá, Trúc Bạch)",
    )
    # the new wards of the 2025 reform, no district: refused with its hint
    case(
        "population_r21_2025_wards.csv",
        "population",
        lines(
            [["Phường Ba Đình", 2025, 65000], ["Phường Ngọc Hà", 2025, 120000]],
            ["Phường/Xã", "Năm", "Dân số"],
        ),
        "error",
        1,
        "district",
        "a district is not guessed",
    )
    # a count "as of" a day names no year of the contract: refused as a table without a year
    case(
        "population_r21_tinh_den_ngay.csv",
        "population",
        '"THỐNG KÊ DÂN CƯ THEO QUẬN, HUYỆN"\nSố liệu tính đến ngày 31/12/2024\n'
        + lines([["Ba Đình", 225000], ["Hoàn Kiếm", 135000]], ["Quận/Huyện", "Tổng số nhân khẩu"]),
        "error",
        1,
        "year",
        "missing required column 'year'",
    )

    # -- (D) registers of the movement's reporting software -------------------------------------------------
    case(
        "rollout_r21_decision_date.csv",
        "rollout",
        lines(
            [
                ["m1", "Ba Đình", "Phúc Xá", "Camera an ninh", "Quyết định số 123/QĐ-UBND ngày 15/06/2023"],
                [*m2[:4], "QĐ 45/QĐ-UBND ngày 01/03/2022"],
            ],
            ro_h,
        ),
        "repair",
        None,
        None,
        "as the decision's date",
        2,
    )
    case(
        "rollout_r21_decision_long_date.csv",
        "rollout",
        lines(
            [
                [
                    "m1",
                    "Ba Đình",
                    "Phúc Xá",
                    "Camera an ninh",
                    "Quyết định số 123/QĐ-UBND ngày 15 tháng 6 năm 2023",
                ],
                m2,
            ],
            ro_h,
        ),
        "repair",
        None,
        None,
        "as the decision's date",
        2,
    )
    case(
        "rollout_r21_decision_no_date.csv",
        "rollout",
        lines([["m1", "Ba Đình", "Phúc Xá", "Camera an ninh", "Quyết định số 123/QĐ-UBND"], m2], ro_h),
        "error",
        2,
        "Ngày bắt đầu",
        "unparseable date",
    )
    # the decision beside the start: an ignored column; its date alone is no start
    case(
        "rollout_r21_decision_column.csv",
        "rollout",
        lines(
            [
                ["m1", "Ba Đình", "Phúc Xá", "Camera an ninh", "15/06/2023", "123/QĐ-UBND ngày 10/06/2023"],
                [*m2, "45/QĐ-UBND"],
            ],
            [*ro_h, "Quyết định thành lập"],
        ),
        "repair",
        None,
        None,
        "ignored column(s) ['Quyết định thành lập']",
        2,
    )
    case(
        "rollout_r21_decision_date_column_only.csv",
        "rollout",
        lines(
            [["m1", "Ba Đình", "Phúc Xá", "Camera an ninh", "123/QĐ-UBND", "15/06/2023"]],
            ["Mã mô hình", "Quận/Huyện", "Phường/Xã", "Loại mô hình", "Số quyết định", "Ngày quyết định"],
        ),
        "error",
        1,
        "start",
        "missing required column 'start'",
    )
    # dissolved and merged models: the day is the model's end
    for name, head, end in (
        ("rollout_r21_giai_the_column.csv", "Ngày giải thể", "31/12/2024"),
        ("rollout_r21_giai_the_only_header.csv", "Giải thể", "31/12/2024"),
        ("rollout_r21_sap_nhap_column.csv", "Ngày sáp nhập", "01/01/2025"),
    ):
        body = lines(
            [["m1", "Ba Đình", "Phúc Xá", "Camera an ninh", "15/06/2023", end], [*m2, ""]], [*ro_h, head]
        )
        case(name, "rollout", body, "ok", None, None, "", 2)
    case(
        "rollout_r21_decision_end.csv",
        "rollout",
        lines(
            [
                [
                    "m1",
                    "Ba Đình",
                    "Phúc Xá",
                    "Camera an ninh",
                    "15/06/2023",
                    "QĐ số 98/QĐ-UBND ngày 31/12/2024",
                ],
                [*m2, ""],
            ],
            [*ro_h, "Giải thể"],
        ),
        "repair",
        None,
        None,
        "column 'Giải thể' written as a decision",
        2,
    )
    # a model serving two districts: one row, one place (round 18's rule for wards)
    case(
        "rollout_r21_two_districts.csv",
        "rollout",
        lines([["m1", '"Ba Đình, Tây Hồ"', "", "Camera an ninh", "15/06/2023"], m2], ro_h),
        "error",
        2,
        "Quận/Huyện",
        "unknown district",
    )

    # -- (E) a case-management system's lists ----------------------------------------------------------------
    s_h = ["STT", "Ngày xảy ra", "Quận/Huyện", "Tội danh", "Họ tên đối tượng", "Số CCCD"]
    case(
        "incidents_r21_suspects_repeat_case.csv",
        "incidents",
        lines(
            [
                ["HS-01", "05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A", "001090012345"],
                ["HS-01", "05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Trần Văn B", "001090054321"],
                ["HS-02", "06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C", "001090099999"],
            ],
            ["Số hồ sơ", *s_h[1:]],
        ),
        "repair",
        None,
        None,
        "counted once",
        2,
    )
    # each further suspect on a line of its own, the case's cells empty
    case(
        "incidents_r21_suspect_lines.csv",
        "incidents",
        lines(
            [
                ["1", "05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A", "001090012345"],
                ["", "", "", "", "Trần Văn B", "001090054321"],
                ["2", "06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C", "001090099999"],
            ],
            s_h,
        ),
        "repair",
        None,
        None,
        "fill only personal column(s) ['Họ tên đối tượng', 'Số CCCD'] (row 3)",
        2,
    )
    workbook(
        "incidents_r21_suspect_lines.xlsx",
        {
            "DS": [
                s_h,
                [1, dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A", "001090012345"],
                [None, None, None, None, "Trần Văn B", "001090054321"],
                [None, None, None, None, "Phạm Văn D", None],
                [2, dt.datetime(2024, 3, 6), "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C", "001090099999"],
            ]
        },
    )
    case("incidents_r21_suspect_lines.xlsx", "incidents", None, "repair", None, None, "(row 3, 4)", 2)
    # the case's cells merged over its suspects' lines (the system's Excel export): one case, not one per line
    workbook(
        "incidents_r21_suspects_merged.xlsx",
        {
            "DS": [
                s_h,
                [1, dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A", "001090012345"],
                [None, None, None, None, "Trần Văn B", "001090054321"],
                [2, dt.datetime(2024, 3, 6), "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C", "001090099999"],
            ]
        },
        merge_cells=("A2:A3", "B2:B3", "C2:C3", "D2:D3"),
    )
    case("incidents_r21_suspects_merged.xlsx", "incidents", None, "repair", None, None, "(row 3)", 2)
    workbook(
        "incidents_r21_suspects_merged_no_stt.xlsx",
        {
            "DS": [
                s_h[1:5],
                [dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A"],
                [None, None, None, "Trần Văn B"],
                [None, None, None, "Phạm Văn D"],
                [dt.datetime(2024, 3, 6), "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C"],
            ]
        },
        merge_cells=("A2:A4", "B2:B4", "C2:C4"),
    )
    case(
        "incidents_r21_suspects_merged_no_stt.xlsx", "incidents", None, "repair", None, None, "(row 3, 4)", 2
    )
    # a guard: a district merged over two incidents, each with its victim: spread as before
    workbook(
        "incidents_r21_district_merged_persons.xlsx",
        {
            "DS": [
                ["Ngày xảy ra", "Quận/Huyện", "Tội danh", "Họ tên bị hại"],
                [dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A"],
                [dt.datetime(2024, 3, 7), None, "Cướp giật tài sản", "Trần Văn B"],
                [dt.datetime(2024, 3, 6), "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C"],
            ]
        },
        merge_cells=("B2:B3",),
    )
    case(
        "incidents_r21_district_merged_persons.xlsx",
        "incidents",
        None,
        "repair",
        None,
        None,
        "rows 2-3 'Ba Đình'",
        3,
    )
    # a victim's name merged over two incidents' rows: spread, but its name never quoted in the warning
    workbook(
        "incidents_r21_victim_merged.xlsx",
        {
            "DS": [
                ["Ngày xảy ra", "Quận/Huyện", "Tội danh", "Họ tên bị hại"],
                [dt.datetime(2024, 3, 5), "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A"],
                [dt.datetime(2024, 3, 7), "Ba Đình", "Cướp giật tài sản", None],
                [dt.datetime(2024, 3, 6), "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C"],
            ]
        },
        merge_cells=("D2:D3",),
    )
    case(
        "incidents_r21_victim_merged.xlsx", "incidents", None, "repair", None, None, "(a personal column)", 3
    )
    # guards: a further line with a note filled is no person's line; a person's line with no case above it
    case(
        "incidents_r21_suspect_line_with_note.csv",
        "incidents",
        lines(
            [
                ["1", "05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A", ""],
                ["", "", "", "", "Trần Văn B", "tái phạm"],
                ["2", "06/03/2024", "Hoàn Kiếm", "Cướp giật tài sản", "Lê Văn C", ""],
            ],
            [*s_h[:5], "Ghi chú"],
        ),
        "error",
        3,
        "Ngày xảy ra",
        "missing date",
    )
    case(
        "incidents_r21_person_line_first.csv",
        "incidents",
        lines(
            [
                ["", "", "", "", "Trần Văn B"],
                ["1", "05/03/2024", "Ba Đình", "Trộm cắp tài sản", "Nguyễn Văn A"],
            ],
            s_h[:5],
        ),
        "error",
        2,
        "Ngày xảy ra",
        "missing date",
    )
    # VNeID's "Số định danh cá nhân" (the personal id number) and a date of birth before the incident's date
    case(
        "incidents_r21_dinh_danh.csv",
        "incidents",
        lines(
            [[*i_rows[0], "001090012345", "Nguyễn Văn A"], [*i_rows[1], "001090054321", "Trần Văn B"]],
            [*i_h, "Số định danh cá nhân", "Người bị bắt"],
        ),
        "repair",
        None,
        None,
        "dropped personal-data column(s) ['Số định danh cá nhân']",
        2,
    )
    case(
        "incidents_r21_ngay_sinh_first.csv",
        "incidents",
        lines([["12/05/1990", *i_rows[0]], ["01/01/1985", *i_rows[1]]], ["Ngày sinh", *i_h]),
        "repair",
        None,
        None,
        "dropped personal-data column(s) ['Ngày sinh']",
        2,
    )
    case(
        "incidents_r21_thoi_diem_xay_ra.csv",
        "incidents",
        lines(
            [["07/03/2024", *i_rows[0]], ["08/03/2024", *i_rows[1]]],
            ["Ngày tiếp nhận tin báo", "Thời điểm xảy ra vụ việc", *i_h[1:]],
        ),
        "repair",
        None,
        None,
        "ignored column(s) ['Ngày tiếp nhận tin báo']",
        2,
    )
    # times "14g30" (g for giờ), after and before the date
    for name, cells in (
        ("incidents_r21_time_g.csv", ["05/03/2024 14g30", "06/03/2024 9g"]),
        ("incidents_r21_time_g_before.csv", ["14g30 ngày 05/03/2024", "9g ngày 06/03/2024"]),
    ):
        rows = [[d, *r[1:]] for d, r in zip(cells, i_rows, strict=True)]
        case(name, "incidents", lines(rows, i_h), "ok", None, None, "", 2)


def vni_text(text: str) -> str:
    """``text`` in the VNI-Windows font encoding, as read through Windows-1252 (the letter and its marks as
    separate Latin-1 characters: "Trộm" -> "Troäm", "Đình" -> "Ñình")."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = next((m for m in marks if m in _VNI_MARK), None)
        upper = base.isupper()
        low = base.lower()
        if low == "đ" or ch in "đĐ":
            out.append("Ñ" if ch == "Đ" else "ñ")
            continue
        if low == "i" and tone:
            s = _VNI_I[tone]
            out.append(s.upper() if upper else s)
            continue
        if "\u0302" in marks:  # circumflex: a/e/o + â-family
            s = low + (_VNI_HAT_MARK[tone] if tone else "â")
        elif "\u0306" in marks:  # breve
            s = low + (_VNI_BREVE_MARK[tone] if tone else "ê")
        elif "\u031b" in marks:  # horn: ơ = ô, ư = ö
            s = ("ô" if low == "o" else "ö") + (_VNI_MARK[tone] if tone else "")
        else:
            s = low + (_VNI_MARK[tone] if tone else "")
        out.append(s.upper() if upper else s)
    return "".join(out)


def legacy_font_cases() -> None:
    """Vietnamese typed in the old font encodings TCVN3 (.VnTime) and VNI-Windows (VNI-Times): converted to
    Unicode column by column, with one warning per file, in every loader, as CSV (bytes read as the fallback
    code page, or encoding="cp1252"; or the font's characters saved as UTF-8) and as workbooks; a column that
    mixes Unicode with font text is refused; Unicode with symbols that look like font text is read unchanged."""
    fonts = {"tcvn3": (tcvn3_text, "TCVN3"), "vni": (vni_text, "VNI-Windows")}

    def csv_text(rows: list[list[object]]) -> str:
        return "".join(",".join("" if v is None else str(v) for v in r) + "\n" for r in rows)

    c_h = ["Quận/Huyện", "Kỳ", "Tội danh", "Số vụ"]
    crimes = [
        ["Ba Đình", "01/2024", "Trộm cắp tài sản", 12],
        ["Đống Đa", "01/2024", "Cướp giật tài sản", 7],
        ["Hoàn Kiếm", "02/2024", "Trộm", 4],  # "Trém" alone shows nothing: converted with its column
        ["Cầu Giấy", "02/2024", "Lừa đảo chiếm đoạt tài sản", 3],
    ]
    i_h = ["Ngày xảy ra", "Quận/Huyện", "Tội danh", "Ghi chú"]
    incidents = [
        ["05/03/2024", "Ba Đình", "Cướp giật tài sản", "Người dân báo tin"],
        ["06/03/2024", "Đống Đa", "Trộm cắp tài sản", ""],
        ["07/03/2024", "Hai Bà Trưng", "Lừa đảo chiếm đoạt tài sản", "Đã chuyển cơ quan điều tra"],
    ]
    r_h = ["Mã mô hình", "Quận/huyện", "Phường/xã", "Loại mô hình", "Ngày bắt đầu", "Ngày kết thúc"]
    rollout = [
        ["MH-01", "Ba Đình", "Phúc Xá", "Camera an ninh", "01/06/2022", ""],
        ["MH-02", "Đống Đa", "Láng Hạ", "Tổ tự quản", "01/06/2023", ""],
        ["MH-03", "Hoàn Kiếm", "Hàng Bạc", "Khu dân cư an toàn", "01/01/2021", "31/12/2023"],
    ]
    d_h = ["Mã", "Tên quận/huyện", "Loại đơn vị", "Dân số", "Diện tích km2"]
    districts = [
        ["ba_dinh", "Ba Đình", "urban", 221893, 9.21],
        ["hoan_kiem", "Hoàn Kiếm", "urban", 135618, 5.29],
        ["soc_son", "Sóc Sơn", "rural", 357652, 305.51],
    ]
    p_h = ["Quận/Huyện", "Năm", "Dân số"]
    population = [["Ba Đình", 2019, 221893], ["Hoàn Kiếm", 2019, 135618], ["Đống Đa", 2019, 371606]]
    tables = {
        "crimes": (c_h, crimes, 26),
        "incidents": (i_h, incidents, 3),
        "rollout": (r_h, rollout, 3),
        "districts": (d_h, districts, 221893 + 135618 + 357652),
        "population": (p_h, population, 221893 + 135618 + 371606),
    }
    for font, (encode, said) in fonts.items():

        def typed(rows: list[list[object]], encode=encode) -> list[list[object]]:
            return [[encode(v) if isinstance(v, str) else v for v in r] for r in rows]

        for reader, (head, rows, total) in tables.items():
            table = typed([head, *rows])
            # the font's bytes in a CSV, read through the fallback code page; a workbook's Latin-1 characters
            case(f"{reader}_legacy_{font}.csv", reader, csv_text(table).encode("cp1252"), "repair", None, None,
                 said, total)  # fmt: skip
            workbook(f"{reader}_legacy_{font}.xlsx", {"BC": table})
            case(f"{reader}_legacy_{font}.xlsx", reader, None, "repair", None, None, said, total)
        # the CSV's code page given
        table = typed([c_h, *crimes])
        case(f"crimes_legacy_{font}_cp1252.csv", "crimes", csv_text(table).encode("cp1252"), "repair", None,
             None, said, 26, encoding="cp1252")  # fmt: skip
        # a CSV saved as UTF-8 from a sheet typed in the font: the font's characters as Unicode letters
        case(f"incidents_legacy_{font}_utf8.csv", "incidents", csv_text(typed([i_h, *incidents])), "repair",
             None, None, said, 3)  # fmt: skip
        # a wide sheet: a column per month, the header row and the labels in the font
        wide = [[c_h[0], c_h[2], "T1/2024", "T2/2024"]]
        wide += [["Ba Đình", "Trộm cắp tài sản", 5, 6], ["Đống Đa", "Trộm cắp tài sản", 2, 0]]
        workbook(f"crimes_legacy_{font}_wide.xlsx", {"BC": typed(wide)})
        case(f"crimes_legacy_{font}_wide.xlsx", "crimes", None, "repair", None, None, said, 13)
        # a Unicode template (header) filled with font text copied from an old document
        case(f"incidents_legacy_{font}_unicode_header.csv", "incidents",
             csv_text([i_h, *typed(incidents)]), "repair", None, None, said, 3)  # fmt: skip
        # a column mixing Unicode and font text: which one is meant cannot be told for each cell
        mixed = [
            ["05/03/2024", "Ba Đình", "Cướp giật tài sản", ""],
            ["06/03/2024", "Đống Đa", encode("Trộm cắp tài sản"), ""],
        ]
        case(f"incidents_legacy_{font}_mixed.csv", "incidents", csv_text([i_h, *mixed]), "error", 3, "Tội danh",
             "Unicode (row 2")  # fmt: skip
    # every offence "Trém" (nothing shows TCVN3 in that column) under a header typed in the font: converted too
    quiet = [
        [tcvn3_text(h) for h in c_h],
        ["Ba §×nh", "01/2024", "Trém", 12],
        ["§èng §a", "01/2024", "Trém", 7],
    ]
    case("crimes_legacy_tcvn3_quiet_offence.csv", "crimes", csv_text(quiet).encode("cp1252"), "repair", None, None,
         "'Tội danh'", 19)  # fmt: skip
    # .VnTimeH: a title and a district typed in capitals (the small letters' codes, drawn as capitals)
    capitals = [
        [tcvn3_text("CÔNG AN THÀNH PHỐ HÀ NỘI", capitals=True)],
        [tcvn3_text(h) for h in c_h],
        [tcvn3_text("BA ĐÌNH", capitals=True), "01/2024", tcvn3_text("Trộm cắp tài sản"), 12],
        [tcvn3_text("Đống Đa"), "01/2024", tcvn3_text("Trộm cắp tài sản"), 7],
    ]
    workbook("crimes_legacy_tcvn3_vntimeh.xlsx", {"BC": capitals})
    case("crimes_legacy_tcvn3_vntimeh.xlsx", "crimes", None, "repair", None, None, "CÔNG AN THÀNH PHỐ", 19)
    # an office's report typed in .VnTime: a letterhead, an STT column, a column per month and a total row;
    # then the same under a letterhead pasted from a Unicode template (each row above the table its own unit)
    report = [
        [tcvn3_text("Báo cáo tình hình tội phạm năm 2024")],
        [],
        [tcvn3_text(h) for h in ("STT", "Quận/Huyện", "Tội danh", "Tháng 1", "Tháng 2")],
        [1, tcvn3_text("Ba Đình"), tcvn3_text("Trộm cắp tài sản"), 5, 6],
        [2, tcvn3_text("Đống Đa"), tcvn3_text("Trộm cắp tài sản"), 2, 0],
        [3, tcvn3_text("Cầu Giấy"), tcvn3_text("Lừa đảo chiếm đoạt tài sản"), 4, 2],
        ["", tcvn3_text("Tổng cộng"), "", 11, 8],
    ]
    for name, letterhead in (
        ("crimes_legacy_tcvn3_report.xlsx", tcvn3_text("CÔNG AN THÀNH PHỐ HÀ NỘI", capitals=True)),
        ("crimes_legacy_tcvn3_unicode_letterhead.xlsx", "CÔNG AN THÀNH PHỐ HÀ NỘI"),
    ):
        workbook(name, {"BC": [[letterhead], *report]})
        case(name, "crimes", None, "repair", None, None, "'Tội danh' and the header from TCVN3", 19)
    # Unicode whose symbols look like font text: read unchanged, no warning of a conversion
    guards = [
        ["MH-01", "Ba Đình", "Phúc Xá", "Mô hình «Khu dân cư an toàn»", "01/06/2022", ""],
        ["MH-02", "Đống Đa", "Láng Hạ", "Camera 5° ± 2", "01/06/2023", ""],
    ]
    case("rollout_legacy_unicode_guards.csv", "rollout", csv_text([r_h, *guards]), "ok", total=2)
    workbook("districts_legacy_unicode_guards.xlsx", {"BC": [[*d_h[:4], "Diện tích (km²)"], *districts]})
    case("districts_legacy_unicode_guards.xlsx", "districts", None, "ok", total=221893 + 135618 + 357652)


def _tcvn3_codes() -> dict[str, str]:
    """Vietnamese letter -> its TCVN3 (VN3) code as a Latin-1 character, from glibc iconv's TCVN5712-1 table
    (tests/legacy_font/tcvn5712_1_iconv.txt), not from the package: the small letters and the seven capitals
    Ă Â Ê Ô Ơ Ư Đ (VN3 has no capitals with a tone: those of VN1 are left out)."""
    codes = {}
    for line in (
        (HERE.parent / "legacy_font" / "tcvn5712_1_iconv.txt").read_text(encoding="ascii").splitlines()
    ):
        code, utf16 = line.split()
        letter = unicodedata.normalize("NFC", bytes.fromhex(utf16).decode("utf-16-be"))
        if letter.islower() or letter in "ĂÂÊÔƠƯĐ":
            codes[letter] = chr(int(code, 16))
    return codes


_TCVN3_CODES = _tcvn3_codes()


def tcvn3_text(text: str, capitals: bool = False) -> str:
    """``text`` in the TCVN3 font encoding as a workbook keeps it (each code a Latin-1 character): "Ba Đình" ->
    "Ba §×nh". A capital with a tone is typed as its small letter, as in a ".VnTimeH" font (``capitals``: the
    whole text so, its other letters in capitals)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_CODES:
            out.append(_TCVN3_CODES[ch])
        elif ch.lower() in _TCVN3_CODES:
            assert capitals, f"{ch!r}: TCVN3 has no capital with a tone (a .VnTimeH text)"
            out.append(_TCVN3_CODES[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def _add_comments(path: Path, notes: dict[str, str]) -> None:
    """Excel comments (notes) on cells of the first sheet."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    wb = load_workbook(path)
    for cell, text in notes.items():
        wb.worksheets[0][cell].comment = Comment(text, "Cán bộ thống kê")
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)
    deterministic_zip(path)


def _docx(path: Path, rows: list[list[str]]) -> None:
    """A minimal Word document holding one table (what a clerk sends when the report was typed in Word)."""
    from xml.sax.saxutils import escape

    cells = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{escape(str(v))}</w:t></w:r></w:p></w:tc>" for v in r)
        + "</w:tr>"
        for r in rows
    )
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}">'
        f"<w:body><w:p><w:r><w:t>BÁO CÁO TÌNH HÌNH TỘI PHẠM</w:t></w:r></w:p><w:tbl>{cells}</w:tbl></w:body>"
        "</w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    path.write_bytes(out.getvalue())


def _pdf(title: str) -> bytes:
    """A one-page PDF showing ``title`` (a report printed to PDF)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({title}) Tj ET".encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


# ---------------------------------------------------------------------------------------------------------
# "Export to Excel" copies of the .xlsx cases: an HTML table and an XML Spreadsheet 2003, each named .xls


def web_sheets(src: Path) -> list[dict[str, object]] | None:
    """The sheets of the workbook ``src`` as plain data for :func:`html_copy` and :func:`spreadsheetml_copy`:
    title, state, active, cells {(row, column): value}, merged ranges, hidden rows and columns (0-based).
    None when markup cannot say the same: a chart sheet, a formula without a cached value, a duration
    ([h]:mm, which SpreadsheetML states only in its styles), a built-in East Asian date format, overlapping
    merged ranges or a value under a merged cell, a control character, or a file openpyxl cannot load or the
    readers refuse as a container (Strict Open XML)."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(src) as archive:
            if any(
                b"purl.oclc.org/ooxml" in archive.read(n) for n in archive.namelist() if n.endswith(".xml")
            ):
                return None
        full = load_workbook(src)
        values = load_workbook(src, read_only=True, data_only=True)
        formulas = load_workbook(src, read_only=True)
    except Exception:
        return None
    if full.chartsheets or len(full.worksheets) != len(values.worksheets):
        return None
    out: list[dict[str, object]] = []
    for ws, vs, fs in zip(full.worksheets, values.worksheets, formulas.worksheets, strict=True):
        merged = [
            (s.min_row - 1, s.min_col - 1, s.max_row - 1, s.max_col - 1) for s in ws.merged_cells.ranges
        ]
        if sum((r1 - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in merged) > 100_000:
            return None
        covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for span in merged:
            for r in range(span[0], span[2] + 1):
                for c in range(span[1], span[3] + 1):
                    if (r, c) in covered:
                        return None
                    covered[(r, c)] = span
        cells: dict[tuple[int, int], object] = {}
        vs.reset_dimensions()
        fs.reset_dimensions()
        for r, (row, formula_row) in enumerate(zip(vs.iter_rows(), fs.iter_rows(), strict=True)):
            for c, (cell, formula) in enumerate(zip(row, formula_row, strict=True)):
                v = cell.value
                if v is None:
                    if str(getattr(formula.value, "text", formula.value)).startswith("="):  # {=...} too
                        return None
                    continue
                if getattr(getattr(cell, "style_array", None), "numFmtId", 0) in [
                    *range(27, 37),
                    *range(50, 59),
                ]:
                    return None
                if isinstance(v, dt.timedelta) or (isinstance(v, float) and v != v):
                    return None
                if isinstance(v, dt.datetime) and v.date() == dt.date(1899, 12, 31):
                    return None
                if isinstance(v, str) and (re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r]", v) or "--" in v):
                    return None
                if (r, c) in covered and covered[(r, c)][:2] != (r, c):
                    return None
                cells[(r, c)] = v
        hidden = sorted(r - 1 for r, d in ws.row_dimensions.items() if d.hidden or d.height == 0)
        columns = sorted(
            {
                c - 1
                for d in ws.column_dimensions.values()
                if d.hidden or d.width == 0
                for c in range(d.min or 1, (d.max or d.min or 1) + 1)
            }
        )
        if "--" in ws.title:
            return None
        out.append(
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "cells": cells,
                "merged": merged,
                "hidden": hidden,
                "columns": columns,
            }
        )
    active = full.active
    out[0]["active"] = full.worksheets.index(active) if active in full.worksheets else 0
    return out


def web_text(v: object) -> str:
    """A cell as the readers make it text (trends.rawfile._cell_to_text), as a web page shows it."""
    if isinstance(v, dt.time):
        return v.isoformat(timespec="minutes" if not v.second else "seconds")
    if isinstance(v, dt.datetime):
        return pd.Timestamp(v).isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def html_copy(sheets: list[dict[str, object]]) -> bytes | None:
    """One sheet as the HTML table of Excel's template, which web applications fill (its sheet named in the
    ``x:ExcelWorkbook`` island): numbers with ``x:num``, booleans with ``x:bool``, merged cells as
    ``colspan``/``rowspan``, hidden rows and columns as ``display:none``. None for several sheets, or text whose
    white space a browser would collapse."""
    from html import escape

    if len(sheets) != 1 or not sheets[0]["cells"]:  # an empty table is refused as no table of data
        return None
    sheet = sheets[0]
    cells: dict[tuple[int, int], object] = sheet["cells"]  # type: ignore[assignment]
    merged = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet["merged"]}  # type: ignore[attr-defined]
    under = {
        (r, c)
        for (r0, c0), (h, w) in merged.items()
        for r in range(r0, r0 + h)
        for c in range(c0, c0 + w)
        if (r, c) != (r0, c0)
    }
    hidden: list[int] = sheet["hidden"]  # type: ignore[assignment]
    nrows = (
        max([r for r, _ in cells] + [r0 + h - 1 for (r0, _), (h, _) in merged.items()] + hidden + [-1]) + 1
    )
    width = max([c for _, c in cells] + [c0 + w - 1 for (_, c0), (_, w) in merged.items()] + [-1]) + 1
    if nrows * width > 1_000_000:  # a stray cell far away: the .xlsx case is about the reader's limits
        return None
    parts = [
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns="http://www.w3.org/TR/REC-html40">\n<head><meta charset="UTF-8">'
        "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>"
        f"<x:Name>{escape(str(sheet['title']), quote=False)}</x:Name>"
        "<x:WorksheetOptions><x:DisplayGridlines/></x:WorksheetOptions></x:ExcelWorksheet></x:ExcelWorksheets>"
        '</x:ExcelWorkbook></xml><![endif]--></head>\n<body>\n<table border="1">\n'
    ]
    shown = list(range(width))
    hidden_columns = set(sheet["columns"])  # type: ignore[arg-type]
    if hidden_columns & set(shown):
        parts.append(
            "".join('<col style="display:none">' if c in hidden_columns else "<col>" for c in shown) + "\n"
        )
    for r in range(nrows):
        parts.append('<tr style="display:none">' if r in hidden else "<tr>")
        row = [c for c in range(width) if (r, c) not in under]
        last = max([c for c in row if (r, c) in cells or (r, c) in merged] + [-1])
        for c in row:
            if c > last:
                break
            v = cells.get((r, c))
            attrs = ""
            if (r, c) in merged:
                h, w = merged[(r, c)]
                attrs += f' colspan="{w}"' * (w > 1) + f' rowspan="{h}"' * (h > 1)
            if isinstance(v, bool):
                attrs += f' x:bool="{str(v).upper()}"'
                text = str(v)
            elif isinstance(v, int | float):
                attrs += f' x:num="{v!r}"'
                text = web_text(v)
            elif v is None:
                text = ""
            else:
                text = web_text(v)
                lines = text.split("\n")
                if (
                    any(line != re.sub(r"[ \t\f]+", " ", line).strip(" ") or not line for line in lines)
                    and text
                ):
                    return None
            parts.append(
                f"<td{attrs}>" + "<br>".join(escape(line, quote=False) for line in text.split("\n")) + "</td>"
            )
        parts.append("</tr>\n")
    parts.append("</table>\n</body>\n</html>\n")
    return "".join(parts).encode("utf-8")


def spreadsheetml_copy(sheets: list[dict[str, object]]) -> bytes:
    """The sheets as Excel's XML Spreadsheet 2003: typed cells, ``ss:Index`` over empty cells and rows,
    ``ss:MergeAcross``/``ss:MergeDown``, hidden rows and columns, hidden sheets and the active sheet."""
    from xml.sax.saxutils import escape, quoteattr

    def text(v: str) -> str:
        return escape(v).replace("\n", "&#10;")

    parts = [
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:html="http://www.w3.org/TR/REC-html40">\n'
        f' <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel"><ActiveSheet>{sheets[0]["active"]}'
        "</ActiveSheet></ExcelWorkbook>\n"
    ]
    for sheet in sheets:
        cells: dict[tuple[int, int], object] = sheet["cells"]  # type: ignore[assignment]
        spans = {(r0, c0): (r1 - r0, c1 - c0) for r0, c0, r1, c1 in sheet["merged"]}  # type: ignore[attr-defined]
        hidden = set(sheet["hidden"])  # type: ignore[arg-type]
        parts.append(f" <Worksheet ss:Name={quoteattr(str(sheet['title']))}>\n  <Table>\n")
        for c in sheet["columns"]:  # type: ignore[attr-defined]
            parts.append(f'   <Column ss:Index="{c + 1}" ss:Hidden="1"/>\n')
        rows = sorted({r for r, _ in cells} | {r for r, _ in spans} | hidden)
        previous = -1
        for r in rows:
            index = f' ss:Index="{r + 1}"' if r != previous + 1 else ""
            parts.append(f"   <Row{index}" + (' ss:Hidden="1"' if r in hidden else "") + ">")
            column = -1
            for c in sorted({c for rr, c in cells if rr == r} | {c for rr, c in spans if rr == r}):
                attrs = f' ss:Index="{c + 1}"' if c != column + 1 else ""
                down, across = spans.get((r, c), (0, 0))
                attrs += f' ss:MergeAcross="{across}"' * (across > 0) + f' ss:MergeDown="{down}"' * (down > 0)
                v = cells.get((r, c))
                if isinstance(v, bool):
                    data = f'<Data ss:Type="Boolean">{int(v)}</Data>'
                elif isinstance(v, int | float):
                    data = f'<Data ss:Type="Number">{v!r}</Data>'
                elif isinstance(v, dt.datetime):
                    data = f'<Data ss:Type="DateTime">{v.isoformat()}</Data>'
                elif isinstance(v, dt.time):
                    data = f'<Data ss:Type="DateTime">1899-12-31T{v.isoformat()}</Data>'
                elif v is None:
                    data = ""
                else:
                    kind = (
                        "Error"
                        if re.fullmatch(r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!)", str(v))
                        else "String"
                    )
                    data = f'<Data ss:Type="{kind}">{text(str(v))}</Data>'
                parts.append(f"<Cell{attrs}>{data}</Cell>")
                column = c + across
            parts.append("</Row>\n")
            previous = r
        parts.append("  </Table>\n")
        state = {"hidden": "SheetHidden", "veryHidden": "SheetVeryHidden"}.get(str(sheet["state"]))
        if state:
            parts.append(
                '  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">'
                f"<Visible>{state}</Visible></WorksheetOptions>\n"
            )
        parts.append(" </Worksheet>\n")
    parts.append("</Workbook>\n")
    return "".join(parts).encode("utf-8")


def webexport_cases() -> None:
    """Every .xlsx case that markup can express, again as a web application's "export to Excel":
    ``<stem>_html.xls`` (one sheet: an HTML table) and ``<stem>_xml2003.xls`` (an XML Spreadsheet 2003), with
    the manifest rows of the .xlsx; tests/test_webexport.py compares the readings."""
    done: dict[str, tuple[bytes | None, bytes | None]] = {}
    for row in list(CASES):
        file = str(row["file"])
        if row["reader"] == "cli" or not file.endswith(".xlsx"):
            continue
        if file not in done:
            sheets = web_sheets(HERE / file)
            done[file] = (html_copy(sheets), spreadsheetml_copy(sheets)) if sheets else (None, None)
            for data, suffix in zip(done[file], ("_html.xls", "_xml2003.xls"), strict=True):
                if data is not None:
                    (HERE / (file.removesuffix(".xlsx") + suffix)).write_bytes(data)
        for data, suffix in zip(done[file], ("_html.xls", "_xml2003.xls"), strict=True):
            if data is not None:
                CASES.append({**row, "file": file.removesuffix(".xlsx") + suffix})


# ---------------------------------------------------------------------------------------------------------
# OpenDocument copies of the .xlsx cases (LibreOffice Calc, OpenOffice), written as LibreOffice writes them

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_ROWS, ODS_COLUMNS = 1_048_576, 16_384  # LibreOffice's sheet: empty rows and cells repeated to its end
ODS_STYLES = (
    "<office:automatic-styles>"
    '<number:date-style style:name="N37"><number:year number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
    "</number:date-style>"
    '<number:time-style style:name="N40"><number:hours number:style="long"/><number:text>:</number:text>'
    '<number:minutes number:style="long"/></number:time-style>'
    '<style:style style:name="co1" style:family="table-column"><style:table-column-properties '
    'fo:break-before="auto" style:column-width="0.889in"/></style:style>'
    '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.178in" '
    'fo:break-before="auto" style:use-optimal-row-height="true"/></style:style>'
    '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
    '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
    '<style:style style:name="ta2" style:family="table" style:master-page-name="Default">'
    '<style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style>'
    '<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" '
    'style:data-style-name="N37"/>'
    '<style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" '
    'style:data-style-name="N40"/>'
    "</office:automatic-styles>"
)


def ods_text(text: str) -> str:
    """A cell's text as LibreOffice writes it: a ``text:p`` per line, spaces that XML would collapse as
    ``text:s``, tabs as ``text:tab``."""
    from xml.sax.saxutils import escape

    def line(part: str) -> str:
        out = []
        for i, piece in enumerate(re.split(r"( +|\t)", part)):
            if piece == "\t":
                out.append("<text:tab/>")
            elif piece.startswith(" "):
                n = len(piece)
                lead = i == 0 or (i == 1 and out == [""])
                first, rest = ("", n) if lead else (" ", n - 1)
                out.append(
                    first + ("" if rest == 0 else "<text:s/>" if rest == 1 else f'<text:s text:c="{rest}"/>')
                )
            else:
                out.append(escape(piece))
        return "<text:p>" + "".join(out) + "</text:p>"

    return "".join(line(part) for part in text.split("\n"))


def ods_cell(v: object) -> str:
    """The attributes and content of a cell holding ``v`` (the value openpyxl gives)."""
    if isinstance(v, bool):
        return (
            f' office:value-type="boolean" office:boolean-value="{str(v).lower()}" calcext:value-type="boolean">'
            f"<text:p>{str(v).upper()}</text:p>"
        )
    if isinstance(v, int | float):
        return (
            f' office:value-type="float" office:value="{v!r}" calcext:value-type="float">'
            f"<text:p>{web_text(v)}</text:p>"
        )
    if isinstance(v, dt.datetime):
        stamp = v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
        return (
            f' table:style-name="ce1" office:value-type="date" office:date-value="{stamp}" calcext:value-type="date">'
            f"<text:p>{v.date().isoformat()}</text:p>"
        )
    if isinstance(v, dt.time):
        seconds = f"{v.second:02d}" + (f".{v.microsecond:06d}" if v.microsecond else "")
        return (
            f' table:style-name="ce2" office:value-type="time" office:time-value="PT{v.hour:02d}H{v.minute:02d}M'
            f'{seconds}S" calcext:value-type="time"><text:p>{v.hour:02d}:{v.minute:02d}</text:p>'
        )
    if re.fullmatch(r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!)", str(v)):
        return (
            ' table:formula="of:=#N/A" office:value-type="string" office:string-value="" calcext:value-type="error">'
            f"<text:p>{v}</text:p>"
        )
    return f' office:value-type="string" calcext:value-type="string">{ods_text(str(v))}'


def ods_row(cells: dict[int, object], spans: dict[int, tuple[int, int]], under: set[int]) -> str:
    """One row's cells: runs of empty (or covered) cells repeated, the last run to the sheet's last column."""
    parts: list[str] = []
    last = max([*cells, *spans, *under, -1])
    c = 0
    while c <= last:
        tag = "table:covered-table-cell" if c in under else "table:table-cell"
        if c not in cells and c not in spans:
            run = 1
            while (
                c + run <= last
                and c + run not in cells
                and c + run not in spans
                and (c + run in under) == (c in under)
            ):
                run += 1
            repeat = f' table:number-columns-repeated="{run}"' if run > 1 else ""
            parts.append(f"<{tag}{repeat}/>")
            c += run
            continue
        down, across = spans.get(c, (1, 1))
        spanned = (
            f' table:number-columns-spanned="{across}" table:number-rows-spanned="{down}"'
            if c in spans
            else ""
        )
        body = ods_cell(cells[c]) if c in cells else ">"
        parts.append(f"<{tag}{spanned}{body}</{tag}>")
        c += 1
    parts.append(f'<table:table-cell table:number-columns-repeated="{ODS_COLUMNS - last - 1}"/>')
    return "".join(parts)


def ods_copy(sheets: list[dict[str, object]], flat: bool = False, extra: str = "") -> bytes:
    """The sheets as an OpenDocument spreadsheet (``flat``: a ``.fods``): typed cells, merged ranges as spanned
    cells over covered cells, hidden rows and columns (``table:visibility="collapse"``), hidden sheets (their
    table style), the active sheet (``settings.xml``); runs of empty rows and cells, and of identical rows,
    repeated as LibreOffice writes them, the last row repeated to row 1,048,576. ``extra`` goes into the first
    sheet's first row (a case of its own)."""
    from xml.sax.saxutils import quoteattr

    body: list[str] = []
    for sheet in sheets:
        cells: dict[tuple[int, int], object] = sheet["cells"]  # type: ignore[assignment]
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet["merged"]}  # type: ignore[attr-defined]
        under = {
            (r, c)
            for (r0, c0), (h, w) in spans.items()
            for r in range(r0, r0 + h)
            for c in range(c0, c0 + w)
            if (r, c) != (r0, c0)
        }
        hidden = set(sheet["hidden"])  # type: ignore[arg-type]
        style = "ta2" if sheet["state"] != "visible" else "ta1"
        body.append(f'<table:table table:name={quoteattr(str(sheet["title"]))} table:style-name="{style}">')
        columns = set(sheet["columns"])  # type: ignore[arg-type]
        width = max([c + 1 for c in columns] + [0])
        c = 0
        while c < width:  # runs of hidden and shown columns, then the rest of the sheet's columns
            run = 1
            while c + run < width and (c + run in columns) == (c in columns):
                run += 1
            seen = ' table:visibility="collapse"' * (c in columns)
            repeat = f' table:number-columns-repeated="{run}"' if run > 1 else ""
            body.append(
                f'<table:table-column table:style-name="co1"{seen}{repeat} table:default-cell-style-name="Default"/>'
            )
            c += run
        body.append(
            f'<table:table-column table:style-name="co1" table:number-columns-repeated="{ODS_COLUMNS - width}" '
            'table:default-cell-style-name="Default"/>'
        )
        by_row: dict[int, dict[int, object]] = {}
        for (r, c), v in cells.items():
            by_row.setdefault(r, {})[c] = v
        nrows = max([r + 1 for r, _ in [*cells, *spans, *under]] + [r + 1 for r in hidden] + [0])
        rows = []
        for r in range(nrows):
            row_spans = {c: spans[(rr, c)] for rr, c in spans if rr == r}
            row_under = {c for rr, c in under if rr == r}
            text = ods_row(by_row.get(r, {}), row_spans, row_under)
            if r == 0 and extra:
                text = extra + text
            rows.append((text, r in hidden))
        r = 0
        while r < nrows:  # identical rows (empty ones above all) repeated
            run = 1
            while r + run < nrows and rows[r + run] == rows[r]:
                run += 1
            text, hide = rows[r]
            seen = ' table:visibility="collapse"' * hide
            repeat = f' table:number-rows-repeated="{run}"' if run > 1 else ""
            body.append(f'<table:table-row table:style-name="ro1"{seen}{repeat}>{text}</table:table-row>')
            r += run
        body.append(
            f'<table:table-row table:style-name="ro1" table:number-rows-repeated="{ODS_ROWS - nrows}">'
            f'<table:table-cell table:number-columns-repeated="{ODS_COLUMNS}"/></table:table-row>'
        )
        body.append("</table:table>")
    active = sheets[int(sheets[0].get("active", 0))]["title"]  # type: ignore[call-overload]
    from xml.sax.saxutils import escape

    settings = (
        '<office:settings><config:config-item-set config:name="ooo:view-settings">'
        '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
        '<config:config-item config:name="ViewId" config:type="string">view1</config:config-item>'
        f'<config:config-item config:name="ActiveTable" config:type="string">{escape(str(active))}</config:config-item>'
        "</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings>"
    )
    spreadsheet = (
        "<office:body><office:spreadsheet>"
        '<table:calculation-settings table:automatic-find-labels="false"/>'
        + "".join(body)
        + "<table:named-expressions/></office:spreadsheet></office:body>"
    )
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if flat:
        return (
            f'{head}<office:document {ODS_NAMESPACES} office:version="1.3" office:mimetype="{ODS_MIMETYPE}">'
            f"{settings}{ODS_STYLES}{spreadsheet}</office:document>\n"
        ).encode()
    parts = {
        "content.xml": f'{head}<office:document-content {ODS_NAMESPACES} office:version="1.3">{ODS_STYLES}'
        f"{spreadsheet}</office:document-content>",
        "settings.xml": f'{head}<office:document-settings {ODS_NAMESPACES} office:version="1.3">{settings}'
        "</office:document-settings>",
        "META-INF/manifest.xml": f'{head}<manifest:manifest {ODS_NAMESPACES} manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>",
    }
    return ods_zip(ODS_MIMETYPE, parts)


def ods_zip(mimetype: str, parts: dict[str, str | bytes]) -> bytes:
    """An OpenDocument zip: ``mimetype`` first and stored (not compressed), as the format requires."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED
        z.writestr(info, mimetype)
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def ods_cases() -> None:
    """Every .xlsx case an OpenDocument spreadsheet can express (:func:`web_sheets`), again as ``<stem>_ods.ods``
    with the manifest rows of the .xlsx (tests/test_corpus.py compares the readings); then cases of ODS's own."""
    done: dict[str, bytes | None] = {}
    for row in list(CASES):
        file = str(row["file"])
        if row["reader"] == "cli" or not file.endswith(".xlsx"):
            continue
        if file not in done:
            sheets = web_sheets(HERE / file)
            done[file] = ods_copy(sheets) if sheets else None
            if done[file] is not None:
                (HERE / (file.removesuffix(".xlsx") + "_ods.ods")).write_bytes(done[file])  # type: ignore[arg-type]
        if done[file] is not None:
            CASES.append({**row, "file": file.removesuffix(".xlsx") + "_ods.ods"})
    ods_own_cases()


def ods_own_cases() -> None:
    """What only an OpenDocument file can be: hidden and active sheets in its own terms, a formula without a
    stored value, an encrypted file, a text document renamed, a file cut short, an entity declaration."""
    head = ["Quận", "Tháng", "Tội danh", "Số vụ"]
    rows = [["Ba Đình", "2024-03", "Trộm cắp", 12], ["Hoàn Kiếm", "2024-03", "Cướp giật", 4]]

    def sheet(title: str, table: list[list[object]], state: str = "visible") -> dict[str, object]:
        cells = {(r, c): v for r, line in enumerate(table) for c, v in enumerate(line) if v is not None}
        return {"title": title, "state": state, "cells": cells, "merged": [], "hidden": [], "columns": []}

    # the active sheet (settings.xml) is read, not the first; the hidden sheet is named as hidden
    book = [
        sheet("Ghi chú", [["Số liệu tháng 3"]]),
        sheet("T3-2024", [head, *rows]),
        sheet("Cũ", [head], "hidden"),
    ]
    book[0]["active"] = 1
    case(
        "crimes_ods_active_sheet.ods", "crimes", ods_copy(book), "repair", fragment="'Cũ' (hidden)", total=16
    )
    case(
        "crimes_ods_active_sheet.fods",
        "crimes",
        ods_copy(book, flat=True),
        "repair",
        fragment="'Cũ' (hidden)",
        total=16,
    )
    # a formula without a stored value (a program's export): reported as a formula, not read as empty
    formula = ods_copy([sheet("BC", [head, *rows])])
    content = ods_parts(formula)
    content["content.xml"] = content["content.xml"].replace(
        '<table:table-cell office:value-type="float" office:value="4" calcext:value-type="float"><text:p>4</text:p>',
        '<table:table-cell table:formula="of:=[.D2]-8">',
    )
    case(
        "crimes_ods_formula_without_value.ods",
        "crimes",
        ods_zip(ODS_MIMETYPE, content),
        "error",
        3,
        "Số vụ",
        "formula",
    )
    # encrypted: LibreOffice's "Save with password" (the manifest names the encryption; content.xml is ciphertext)
    enc = ods_parts(formula)
    enc["META-INF/manifest.xml"] = enc["META-INF/manifest.xml"].replace(
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="4096">'
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        'manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry>',
    )
    enc["content.xml"] = bytes(range(256)) * 16
    case(
        "crimes_ods_encrypted.ods",
        "crimes",
        ods_zip(ODS_MIMETYPE, enc),
        "error",
        1,
        None,
        "password-protected",
    )
    # a Writer document renamed .ods
    odt = ods_zip(
        "application/vnd.oasis.opendocument.text",
        {
            "content.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
            "<office:body><office:text><text:p>Báo cáo</text:p></office:text></office:body></office:document-content>"
        },
    )
    case(
        "crimes_ods_writer_document.ods",
        "crimes",
        odt,
        "error",
        1,
        None,
        "text document (LibreOffice Writer) (.odt)",
    )
    # cut short: the zip (its directory lost), and a flat file
    case("crimes_ods_truncated.ods", "crimes", formula[: len(formula) // 2], "error", 1, None, "cut short")
    flat = ods_copy([sheet("BC", [head, *rows])], flat=True)
    case("crimes_ods_truncated.fods", "crimes", flat[: len(flat) * 2 // 3], "error", None, None, "cut short")
    # an entity declaration (an expansion bomb) in content.xml
    bomb = ods_parts(formula)
    bomb["content.xml"] = bomb["content.xml"].replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n',
    )
    case(
        "crimes_ods_entities.ods",
        "crimes",
        ods_zip(ODS_MIMETYPE, bomb),
        "error",
        1,
        None,
        "ENTITY declaration",
    )
    # an .ods named .xlsx, and an .xlsx named .ods: read, with a warning saying what each is
    case("crimes_ods_named_xlsx.xlsx", "crimes", formula, "repair", fragment="rename it to .ods", total=16)
    workbook("crimes_xlsx_renamed.ods", {"BC": [head, *rows]})
    case("crimes_xlsx_renamed.ods", "crimes", None, "repair", fragment="rename it to .xlsx", total=16)


def ods_parts(data: bytes) -> dict[str, str | bytes]:
    """The parts of an OpenDocument zip but its mimetype, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n != "mimetype"}


def main() -> None:
    for old in HERE.iterdir():
        if old.name not in {"make_corpus.py", "__pycache__"} and old.is_file():
            old.unlink()
        elif old.is_dir() and old.name.endswith("_files"):  # a web page's folder (round 17)
            shutil.rmtree(old)
    crimes_cases()
    incidents_cases()
    rollout_cases()
    districts_cases()
    population_cases()
    police_cases()
    clerk_cases()
    numbered_cases()
    hostile_cases()
    round3_cases()
    round4_cases()
    round5_cases()
    round6_cases()
    round7_cases()
    round8_cases()
    round9_cases()
    round10_cases()
    round11_cases()
    round12_cases()
    round13_cases()
    round14_cases()
    round15_cases()
    round16_cases()
    round17_cases()
    round18_cases()
    round19_cases()
    legacy_font_cases()
    round20_cases()
    round21_cases()
    xls_cases()
    webexport_cases()
    ods_cases()
    cli_cases()
    names = [c["file"] for c in CASES if c["reader"] != "cli"]
    assert len(names) == len(
        set(zip(names, [c["kwargs"] for c in CASES if c["reader"] != "cli"], strict=True))
    )
    with (HERE / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CASES[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(CASES)
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
