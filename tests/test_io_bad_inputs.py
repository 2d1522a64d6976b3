"""Bad input gets a clear error naming the file, the row and the column, and saying what was expected.

Each case writes a small file of the kind a police statistics office exports, with one defect, and asserts
the error's file, row (1-based, header = row 1, as a spreadsheet shows it) and column.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

from trends._text import canonical_tone, nfc
from trends.io import read_crimes, read_districts, read_incidents, read_population, read_rollout
from trends.schema import TrendsDataError, TrendsDataWarning

H = "district,period,offence,count\n"
OK = "Ba Đình,2024-01,theft,3\n"
INC = "date,district,offence\n"
R = "model_id,district,model_type,start,end\n"
D = "district,name_vi,kind,population,area_km2\n"

# (id, file name, content, reader, expected row, expected column or None, fragment of the message)
CASES = [
    (
        "missing-column",
        "c.csv",
        "district,period,offence\nBa Đình,2024-01,theft\n",
        "crimes",
        1,
        "count",
        "missing required column 'count'",
    ),
    (
        "misnamed-column",
        "c.csv",
        "district,period,offence,cnt\nBa Đình,2024-01,theft,3\n",
        "crimes",
        1,
        "count",
        "closest found: ['cnt']",
    ),
    ("text-in-count", "c.csv", H + OK + "Ba Đình,2024-02,theft,ba\n", "crimes", 3, "count", "not a number"),
    (
        "negative-count",
        "c.csv",
        H + OK + "Ba Đình,2024-02,theft,-2\n",
        "crimes",
        3,
        "count",
        "negative count",
    ),
    (
        "fractional-count",
        "c.csv",
        H + OK + "Ba Đình,2024-02,theft,2.5\n",
        "crimes",
        3,
        "count",
        "fractional count",
    ),
    ("empty-count", "c.csv", H + OK + "Ba Đình,2024-02,theft,\n", "crimes", 3, "count", "missing count"),
    (
        "huge-count",
        "c.csv",
        H + OK + "Ba Đình,2024-02,theft,99999999999999\n",
        "crimes",
        3,
        "count",
        "implausibly large",
    ),
    (
        "unparseable-period",
        "c.csv",
        H + OK + "Ba Đình,2024-13,theft,1\n",
        "crimes",
        3,
        "period",
        "unparseable period",
    ),
    ("future-period", "c.csv", H + OK + "Ba Đình,2099-01,theft,1\n", "crimes", 3, "period", "in the future"),
    (
        "day-not-period",
        "c.csv",
        H + OK + "Ba Đình,2024-02-15,theft,1\n",
        "crimes",
        3,
        "period",
        "a day, not a period",
    ),
    (
        "mixed-frequencies",
        "c.csv",
        H + OK + "Ba Đình,2024-02,theft,1\nBa Đình,2023,theft,9\n",
        "crimes",
        4,
        "period",
        "mixed frequencies",
    ),
    (
        "duplicate-key",
        "c.csv",
        H + OK + "Ba Đình,2024-01,theft,4\n",
        "crimes",
        2,
        "district",
        "duplicate key",
    ),
    (
        "duplicate-two-spellings",
        "c.csv",
        H + OK + "Q. Ba Dinh,2024-01,theft,4\n",
        "crimes",
        2,
        "district",
        "also on row(s) [3]",
    ),
    (
        "unknown-district",
        "c.csv",
        H + OK + "Ba Dinhh,2024-01,theft,1\n",
        "crimes",
        3,
        "district",
        "closest known: ba_dinh",
    ),
    ("missing-district", "c.csv", H + OK + ",2024-02,theft,1\n", "crimes", 3, "district", "missing district"),
    ("missing-offence", "c.csv", H + OK + "Ba Đình,2024-02,,1\n", "crimes", 3, "offence", "missing offence"),
    ("empty-file", "c.csv", "", "crimes", 1, None, "empty"),
    ("whitespace-only-file", "c.csv", "\n\n  \n", "crimes", 1, None, "empty"),
    ("header-only", "c.csv", H, "crimes", 2, None, "no data rows"),
    (
        "too-many-fields",
        "c.csv",
        H + OK + "Ba Đình,2024-02,theft,1,extra,more\n",
        "crimes",
        3,
        None,
        "malformed CSV",
    ),
    (
        "formula-cell",
        "c.csv",
        H + OK + "Ba Đình,2024-02,theft,=SUM(D2:D3)\n",
        "crimes",
        3,
        "count",
        "formula",
    ),
    (
        "duplicated-header",
        "c.csv",
        "district,period,offence,count,count\nBa Đình,2024-01,theft,3,4\n",
        "crimes",
        1,
        None,
        "duplicated column",
    ),
    (
        "ambiguous-columns",
        "c.csv",
        "district,period,offence,cases,số vụ\nBa Đình,2024-01,theft,3,4\n",
        "crimes",
        1,
        "count",
        "several columns",
    ),
    ("binary-file", "c.csv", b"\x00\x01\x02PK\x00\x00", "crimes", 1, None, "binary"),
    ("unsupported-type", "c.json", "{}", "crimes", 1, None, "unsupported file type"),
    (
        "missing-date",
        "i.csv",
        INC + "2024-01-03,Ba Đình,theft\n,Ba Đình,theft\n",
        "incidents",
        3,
        "date",
        "missing date",
    ),
    (
        "unparseable-date",
        "i.csv",
        INC + "2024-01-03,Ba Đình,theft\n32/01/2024,Ba Đình,theft\n",
        "incidents",
        3,
        "date",
        "unparseable date",
    ),
    (
        "future-date",
        "i.csv",
        INC + "2024-01-03,Ba Đình,theft\n2099-01-01,Ba Đình,theft\n",
        "incidents",
        3,
        "date",
        "in the future",
    ),
    (
        "ancient-date",
        "i.csv",
        INC + "2024-01-03,Ba Đình,theft\n1850-01-01,Ba Đình,theft\n",
        "incidents",
        3,
        "date",
        "before 1900",
    ),
    (
        "end-before-start",
        "r.csv",
        R + "m1,Ba Đình,camera,2020-05-01,2019-01-01\n",
        "rollout",
        2,
        "end",
        "ends before it starts",
    ),
    (
        "duplicate-model-id",
        "r.csv",
        R + "m1,Ba Đình,camera,2020-05-01,\nm1,Hoàn Kiếm,camera,2021-05-01,\n",
        "rollout",
        2,
        "model_id",
        "duplicate key",
    ),
    ("future-start", "r.csv", R + "m1,Ba Đình,camera,2099-05-01,\n", "rollout", 2, "start", "in the future"),
    (
        "zero-population",
        "d.csv",
        D + "a,Alpha,urban,0,1.5\n",
        "districts",
        2,
        "population",
        "must be positive",
    ),
    (
        "unknown-kind",
        "d.csv",
        D + "a,Alpha,metropolis,100,1.5\n",
        "districts",
        2,
        "kind",
        "unknown district kind",
    ),
    ("bad-area", "d.csv", D + "a,Alpha,urban,100,-3\n", "districts", 2, "area_km2", "invalid area"),
    (
        "bad-year",
        "p.csv",
        "district,year,population\nBa Đình,20x9,100\n",
        "population",
        2,
        "year",
        "invalid year",
    ),
]

READERS = {
    "crimes": read_crimes,
    "incidents": read_incidents,
    "rollout": read_rollout,
    "districts": read_districts,
    "population": read_population,
}


@pytest.mark.parametrize(
    ("case", "name", "content", "reader", "row", "column", "fragment"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_names_file_row_column(write, case, name, content, reader, row, column, fragment) -> None:
    path = write(name, content)
    with pytest.raises(TrendsDataError) as err:
        READERS[reader](path)
    exc = err.value
    text = str(exc)
    assert str(path) in text, text
    assert fragment in text, text
    assert exc.row == row, text
    if column is not None:
        assert exc.column == column, text
        assert f"column {column!r}" in text
    assert f"row {row}" in text


def test_at_least_25_distinct_bad_inputs() -> None:
    assert len({c[0] for c in CASES}) >= 25


def test_all_problems_of_a_file_are_reported_at_once(write) -> None:
    path = write("c.csv", H + "Ba Đình,2024-01,theft,-1\nAtlantis,2024-02,theft,1\nBa Đình,2024-03,theft,x\n")
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "count"), (3, "district"), (4, "count")]


def test_wrong_encoding_declared(write) -> None:
    path = write("c.csv", H + OK + "Hoàn Kiếm,2024-02,theft,1\n", encoding="cp1258")
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path, encoding="utf-8")
    assert (
        err.value.row == 2 and str(path) in str(err.value) and "cannot be decoded as utf-8" in str(err.value)
    )


def test_wrong_sheet(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    pd.DataFrame(
        {"district": ["Ba Đình"], "period": ["2024-01"], "offence": ["theft"], "count": [1]}
    ).to_excel(path, sheet_name="Data", index=False)
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path, sheet="Sheet1")
    assert (
        "no sheet 'Sheet1'" in str(err.value) and "['Data']" in str(err.value) and str(path) in str(err.value)
    )


def test_excel_bad_cell_names_sheet_row(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    pd.DataFrame(
        {
            "district": ["Ba Đình", "Ba Đình"],
            "period": ["2024-01", "2024-02"],
            "offence": ["theft"] * 2,
            "count": [1, -4],
        }
    ).to_excel(path, index=False)
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path)
    assert err.value.row == 3 and err.value.column == "count" and "c.xlsx" in str(err.value)


def test_parquet_bad_cell_names_record(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    pd.DataFrame(
        {
            "district": ["Ba Đình", "Ba Đình"],
            "period": ["2024-01", "2024-02"],
            "offence": ["theft"] * 2,
            "count": ["1", "lots"],
        }
    ).to_parquet(path)
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path)
    assert err.value.row == 2 and err.value.column == "count" and "c.parquet" in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TrendsDataError, match="file not found"):
        read_crimes(tmp_path / "nope.csv")


# --------------------------------------------------------------------------------------------------------------
# Issue 13: what a file can make the program do


def test_fifo_and_device_refused_before_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "c.csv"
    os.mkfifo(fifo)  # opening it would block forever: the type is checked first
    with pytest.raises(TrendsDataError, match="FIFO"):
        read_crimes(fifo)
    with pytest.raises(TrendsDataError, match="not a regular file") as err:
        read_incidents(Path("/dev/zero"))
    assert "/dev/zero" in str(err.value)


def test_file_name_not_utf8_is_shown_safely(tmp_path: Path) -> None:
    raw_name = os.fsencode(tmp_path) + b"/c\xe9\xff.csv"  # Latin-1 bytes in a name: not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write((H + OK + "Ba Đình,2024-02,theft,-2\n").encode())
    path = Path(os.fsdecode(raw_name))
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path)
    text = str(err.value)
    assert "c\ufffd\ufffd.csv" in text and err.value.row == 3
    text.encode("utf-8")  # printable: no lone surrogate left
    assert nfc(f"File {path.name}") == "File c\ufffd\ufffd.csv"  # the form chart footnotes use


def test_chart_footnote_with_undecodable_file_name(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt

    from trends.charts.export import save_figure

    fig, _ = plt.subplots()
    name = os.fsdecode(b"T\xe9p.csv")
    files = save_figure(fig, tmp_path / "f", ("png", "svg"), title="t", source=name, method="m", version="0")
    plt.close(fig)
    assert b"T\xef\xbf\xbdp.csv" in files[1].read_bytes()


def test_gzip_bomb_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    import trends.rawfile

    monkeypatch.setattr(trends.rawfile, "MAX_UNPACKED_BYTES", 10_000)
    path = tmp_path / "i.csv.gz"
    path.write_bytes(gzip.compress((INC + "\n" * 50_000).encode(), mtime=0))
    with pytest.raises(TrendsDataError, match="over the limit") as err:
        read_incidents(path)
    assert err.value.row == 1


def test_workbook_unpacking_past_the_cap_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trends.rawfile

    path = tmp_path / "c.xlsx"
    pd.DataFrame({"district": ["Ba Đình"], "period": ["2024-01"], "offence": ["x"], "count": [1]}).to_excel(
        path, index=False
    )
    monkeypatch.setattr(trends.rawfile, "MAX_UNPACKED_BYTES", 1_000)
    with pytest.raises(TrendsDataError, match="unpacks to") as err:
        read_crimes(path)
    assert "c.xlsx" in str(err.value)


def test_sheet_by_index_and_all(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    frames = {
        str(y): pd.DataFrame(
            {"district": ["Ba Đình"], "period": [f"{y}-01"], "offence": ["theft"], "count": [y - 2020]}
        )
        for y in (2022, 2023, 2024)
    }
    with pd.ExcelWriter(path) as writer:
        for title, frame in frames.items():
            frame.to_excel(writer, sheet_name=title, index=False)
    with pytest.warns(TrendsDataWarning, match="not read: '2023', '2024'"):
        first = read_crimes(path)
    assert first["count"].tolist() == [2]
    assert read_crimes(path, sheet=2)["count"].tolist() == [4]
    assert read_crimes(path, sheet="2")["count"].tolist() == [4]  # no sheet named "2": the index
    stacked = read_crimes(path, sheet="all")
    assert stacked["count"].tolist() == [2, 3, 4] and stacked.attrs["freq"] == "month"
    with pytest.raises(TrendsDataError, match="Excel workbook"):
        read_crimes(tmp_path / "x.csv", sheet="all")


def test_one_sheet_per_district_with_a_sheet_of_district_totals(tmp_path: Path) -> None:
    """Sheets named only by their district (no title), and a "TH" sheet repeating every district's rows: the
    districts come from the sheet names, the summary sheet is checked by district and left out."""
    path = tmp_path / "c.xlsx"
    sheets = {"Ba Đình": [5, 6], "Hoàn Kiếm": [1, 2]}
    with pd.ExcelWriter(path) as writer:
        summary = pd.DataFrame(
            [(d, "Trộm cắp", *c) for d, c in sheets.items()],
            columns=["Quận", "Tội danh", "T1/2024", "T2/2024"],
        )
        summary.to_excel(writer, sheet_name="TH", index=False)
        for name, counts in sheets.items():
            pd.DataFrame([("Trộm cắp", *counts)], columns=["Tội danh", "T1/2024", "T2/2024"]).to_excel(
                writer, sheet_name=name, index=False
            )
    with pytest.warns(TrendsDataWarning, match=r"total of the other sheets \(14 cases.*district"):
        out = read_crimes(path, sheet="all")
    assert out.groupby("district")["count"].sum().to_dict() == {"ba_dinh": 11, "hoan_kiem": 3}
    with pd.ExcelWriter(path, mode="a", if_sheet_exists="replace") as writer:
        summary.assign(**{"T2/2024": [6, 3]}).to_excel(writer, sheet_name="TH", index=False)
    with pytest.raises(
        TrendsDataError, match="states 3 for period 2024-02-01, offence Trộm cắp, district hoan_kiem"
    ):
        read_crimes(path, sheet="all")


def test_cli_out_naming_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trends import cli

    out = tmp_path / "report.txt"
    out.write_text("keep me")
    code = cli.main(["report", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "names an existing file" in err and "Traceback" not in err
    assert out.read_text() == "keep me"


def test_tone_placement_is_one_offence(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        H + "Ba Đình,2024-01,Huỷ hoại tài sản,1\nBa Đình,2024-02,Hủy hoại tài sản,2\n"
        "Ba Đình,2024-03,Huỷ hoại tài sản,2\n",
        encoding="utf-8",
    )
    got = read_crimes(path)
    assert got["offence"].tolist() == ["Hủy hoại tài sản"] * 3
    assert (
        canonical_tone("HUỶ HOẠI") == "HỦY HOẠI" and canonical_tone("quý, thuở, hoàng") == "quý, thuở, hoàng"
    )


def test_population_zero_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("district,year,population\nBa Đình,2019,0\n", encoding="utf-8")
    with pytest.raises(TrendsDataError, match="positive") as err:
        read_population(path)
    assert err.value.row == 2 and err.value.column == "population"


def test_nam_beside_nu_is_male_not_the_year(tmp_path: Path) -> None:
    """ "Nam" folds to "năm" (year): beside "Nữ", or beside "Năm" written with its breve, it is the male
    residents, not a year column (before: "invalid year (found '110000')" in column 'Nam')."""
    path = tmp_path / "p.csv"
    path.write_text("Quận/Huyện,Dân số,Nam,Nữ\nBa Đình,226315,110000,116315\n", encoding="utf-8")
    with pytest.raises(TrendsDataError, match="missing required column 'year'"):
        read_population(path)
    for header, cells in (("Năm,Dân số,Nam,Nữ", "2019,226315,110000,116315"), ("Năm,Dân số,Nam", "2019,2,1")):
        path.write_text(f"Quận/Huyện,{header}\nBa Đình,{cells}\n", encoding="utf-8")
        with pytest.warns(TrendsDataWarning, match="ignored column.*'Nam'"):
            got = read_population(path)
        assert got[["year", "population"]].values.tolist() == [[2019, int(cells.split(",")[1])]]
    path.write_text("Quan/Huyen,Nam,Dan so\nBa Dinh,2019,226315\n", encoding="utf-8")  # typed without accents
    assert read_population(path)["year"].tolist() == [2019]


def _unknown_method(data: bytes) -> bytes:
    """A zip whose last member claims compression method 99 (in its local and central headers), as a damaged
    copy can: Python's zipfile raises NotImplementedError for it, not BadZipFile."""
    import io
    import struct
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    member = max(infos, key=lambda info: info.header_offset)  # not the .ods "mimetype", which comes first
    out = bytearray(data)
    struct.pack_into("<H", out, member.header_offset + 8, 99)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        size = struct.unpack_from("<H", out, central + 28)[0]
        if bytes(out[central + 46 : central + 46 + size]) == member.filename.encode():
            struct.pack_into("<H", out, central + 10, 99)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv.gz"])
def test_damaged_compressed_files_are_refused_by_name(tmp_path: Path, kind: str) -> None:
    """Found by fuzzing the corpus: a zip member of an unknown method (.ods) and a gzip stream with a broken
    block raised NotImplementedError and zlib.error instead of an error naming the file."""
    import gzip

    table = pd.DataFrame({"district": ["Ba Đình"], "period": ["2024-01"], "offence": ["x"], "count": [1]})
    good, path = tmp_path / f"good.{kind}", tmp_path / f"bad.{kind}"
    if kind == "csv.gz":
        data = bytearray(gzip.compress(table.to_csv(index=False).encode() * 50))
        data[12:16] = b"\xff\xff\xff\xff"  # the deflate stream's first block
        path.write_bytes(bytes(data))
    else:  # pandas writes no .ods without odfpy: LibreOffice's own file from the corpus
        if kind == "xlsx":
            table.to_excel(good, index=False)
        else:
            good = Path(__file__).parent / "corpus" / "crimes_column_number_row_ods.ods"
        path.write_bytes(_unknown_method(good.read_bytes()))
    for reader in (read_crimes, read_population):
        with pytest.raises(TrendsDataError) as err:
            reader(path)
        assert err.value.file == str(path) and err.value.row == 1


def test_a_zip_part_claiming_more_than_the_file_is_refused_before_reading(tmp_path: Path) -> None:
    """Found by fuzzing: a 2 KB .ods whose "mimetype" part claimed 1.6 GB; zipfile sets the bytes claimed aside
    before reading them (a MemoryError where memory is short), so the claim is checked against the file."""
    import struct

    for good in (Path(__file__).parent / "corpus" / "crimes_column_number_row_ods.ods", tmp_path / "c.xlsx"):
        if good.suffix == ".xlsx":
            pd.DataFrame(
                {"district": ["Ba Đình"], "period": ["2024-01"], "offence": ["x"], "count": [1]}
            ).to_excel(good, index=False)
        data = bytearray(good.read_bytes())
        central = data.find(b"PK\x01\x02")
        struct.pack_into("<I", data, central + 20, 1_660_944_430)  # the first part's compressed size
        path = tmp_path / f"bad{good.suffix}"
        path.write_bytes(bytes(data))
        with pytest.raises(TrendsDataError, match="claims more bytes than the file holds") as err:
            read_crimes(path)
        assert err.value.file == str(path)


FUZZ_FOUND = sorted((Path(__file__).parent / "fuzz_found").iterdir())


@pytest.mark.parametrize("path", FUZZ_FOUND, ids=[p.name for p in FUZZ_FOUND])
def test_files_found_by_fuzzing_are_refused_by_every_reader(path: Path) -> None:
    """Corpus files mutated at random (bytes flipped, cut, inserted) that once crashed a reader with another
    exception than TrendsDataError (a zip part read past its data: EOFError; a Feather offset past its data: a
    segmentation fault), kept as found."""
    for reader in (read_crimes, read_incidents, read_rollout, read_districts, read_population):
        with pytest.raises(TrendsDataError) as err:
            reader(path)
        assert err.value.file == str(path)


def _not_utf8(texts: list[bytes]) -> object:
    """An Arrow string column holding these bytes unchecked, as a damaged Parquet file stores them."""
    import pyarrow as pa

    stored = pa.array(texts, type=pa.binary())
    return pa.Array.from_buffers(pa.string(), len(stored), stored.buffers())


def test_damaged_text_is_refused_by_name(tmp_path: Path) -> None:
    """Found by fuzzing the corpus: text that is not UTF-8 in a Parquet column (read, or only compared as case
    numbers), in the case-number column of a CSV the fast path reads, an XML declaration naming no known
    encoding and a zip member flagged as encrypted raised UnicodeDecodeError, ArrowInvalid, LookupError or
    RuntimeError instead of an error naming the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    bad = _not_utf8([b"Tr\xffm", b"Tr\xe1\xbb\x99m"])
    counts = tmp_path / "c.parquet"
    pq.write_table(pa.table({"district": ["Ba Đình"] * 2, "period": ["2024-01"] * 2, "offence": bad}), counts)
    with pytest.raises(TrendsDataError, match="not UTF-8") as err:
        read_crimes(counts)
    assert err.value.file == str(counts)
    cases = tmp_path / "i.parquet"
    table = {"Số hồ sơ": _not_utf8([b"HS\xff1", b"HS2"]), "Ngày xảy ra": ["05/03/2024"] * 2}
    table |= {"Quận/Huyện": ["Ba Đình"] * 2, "Tội danh": ["Trộm cắp"] * 2}
    pq.write_table(pa.table(table), cases)
    with pytest.raises(TrendsDataError, match="not UTF-8") as err:
        read_incidents(cases)
    assert err.value.column == "Số hồ sơ"
    csv = tmp_path / "i.csv"
    line = "05/03/2024,Ba Đình,Trộm cắp\n".encode()
    csv.write_bytes(
        "Số hồ sơ,Ngày xảy ra,Quận/Huyện,Tội danh\n".encode() + b"HS1," + line + b"HS\xd02," + line
    )
    with pytest.raises(TrendsDataError, match="mixed encodings") as err:
        read_incidents(csv)
    assert err.value.row == 3
    flat = tmp_path / "c.fods"
    flat.write_text(
        '<?xml version="1.0" encoding="SFw-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0"></office:document>\n'
    )
    with pytest.raises(TrendsDataError, match="declares an unknown encoding"):
        read_crimes(flat)
    good = Path(__file__).parent / "corpus" / "crimes_column_number_row_ods.ods"
    data = bytearray(good.read_bytes())
    data[6] |= 1  # the first member's (the mimetype's) local header: "encrypted"
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1  # and its central directory entry
    locked = tmp_path / "locked.ods"
    locked.write_bytes(bytes(data))
    with pytest.raises(TrendsDataError) as err:
        read_crimes(locked)
    assert err.value.file == str(locked) and err.value.row == 1


def test_a_small_csv_is_read_without_setting_gigabytes_aside(tmp_path: Path) -> None:
    """The full CSV reader asked for read(4 GiB + 1), for which Python sets the bytes aside before reading:
    untouched pages on Linux, but memory Windows commits (a MemoryError on a laptop with little free). Read with
    the process's address space capped at 1 GiB above what it uses, a small file must still read."""
    import resource

    path = tmp_path / "c.csv"
    path.write_text("BÁO CÁO\n" + H + OK, encoding="utf-8")  # a title row: the full reader, not pyarrow's
    used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (used + 2**30, hard))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrendsDataWarning)
            got = read_crimes(path)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert got["count"].tolist() == [3]


def test_counts_shown_in_thousands_by_their_format_are_refused_saying_so(tmp_path: Path) -> None:
    """A population stored in persons but shown in thousands by its number format, under "(nghìn người)": still
    refused (the readers see the stored values, not the format), but no longer said to be "off by that factor"
    when read, which was untrue of it (round 19 left the wording open)."""
    from openpyxl import Workbook

    path = tmp_path / "p.xlsx"
    wb = Workbook()
    wb.active.append(["Quận/Huyện", "Năm", "Dân số (nghìn người)"])
    for row, (district, persons) in enumerate((("Ba Đình", 226315), ("Hoàn Kiếm", 135618)), start=2):
        wb.active.append([district, 2019, persons])
        wb.active.cell(row, 3).number_format = "#,##0.0,"
    wb.save(path)
    with pytest.raises(TrendsDataError, match=r"another unit.*look like counts, not thousands") as err:
        read_population(path)
    assert "off by that factor" not in str(err.value) and "header without the unit" in str(err.value)
    path = tmp_path / "p.csv"
    path.write_text("Quận/Huyện,Năm,Dân số (nghìn người)\nBa Đình,2019,226.3\n", encoding="utf-8")
    with pytest.raises(TrendsDataError, match="off by that factor"):  # thousands indeed
        read_population(path)


def test_headers_in_two_languages(tmp_path: Path) -> None:
    """A statistics yearbook heads its columns in Vietnamese and English; before, each was a missing column."""
    from openpyxl import Workbook

    path = tmp_path / "p.csv"
    path.write_text(
        "Quận/Huyện - District,Năm / Year,Dân số trung bình - Average population\nBa Đình,2019,9\n"
    )
    assert read_population(path)[["district", "year", "population"]].values.tolist() == [["ba_dinh", 2019, 9]]
    path.write_text(
        "Quận/Huyện,Năm,Dân số trung bình (Nghìn người) - Average population (Thous. persons)\nBa Đình,2019,226.3\n"
    )
    with pytest.raises(TrendsDataError, match="another unit"):  # the unit is read on the whole header
        read_population(path)
    book = tmp_path / "c.xlsx"
    wb = Workbook()
    wb.active.append(["Quận/Huyện\nDistrict", "Tháng\nMonth", "Tội danh\nOffence", "Số vụ\nCases"])
    wb.active.append(["Ba Đình", "01/2024", "Trộm cắp", 4])
    wb.save(book)
    assert read_crimes(book)["count"].tolist() == [4]
    path.write_text("Quận/Huyện,Tháng,Tội danh,Số vụ - Trộm cắp\nBa Đình,01/2024,x,4\n")  # not a translation
    with pytest.raises(TrendsDataError, match="missing required column 'count'"):
        read_crimes(path)


def test_workbook_with_a_huge_string_refused(tmp_path: Path) -> None:
    import zipfile

    from openpyxl import Workbook

    source, path = tmp_path / "s.xlsx", tmp_path / "c.xlsx"
    wb = Workbook()
    wb.active.append(["district", "period", "offence", "count"])
    wb.active.append(["Ba Đình", "2024-01", "BOMBSTRING", 1])
    wb.save(source)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # openpyxl writes strings inline
                data = data.replace(b"BOMBSTRING", b"A" * (70 * 2**20))
            dst.writestr(info.filename, data)
    assert path.stat().st_size < 2**20  # a small file that unpacks to 70 MiB
    with pytest.raises(TrendsDataError, match="zip bomb") as err:
        read_crimes(path)
    assert "c.xlsx" in str(err.value) and err.value.row == 1


def test_warnings_point_at_the_callers_line(tmp_path: Path) -> None:
    """A notebook cell or script sees its own line in a loader's warning, not a line of the library."""
    import warnings

    path = tmp_path / "c.xlsx"
    with pd.ExcelWriter(path) as writer:
        for name in ("Ba Đình", "Hoàn Kiếm"):
            pd.DataFrame({"Tội danh": ["Trộm cắp"], "T1/2024": [3], "T2/2024": [4]}).to_excel(
                writer, sheet_name=name, index=False
            )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_crimes(path, sheet="all")
    assert len(caught) >= 4  # the wide table and the district, per sheet
    assert {w.filename for w in caught} == {__file__}


def test_a_summary_sheet_that_misses_a_month_is_named(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Tội danh": ["Trộm cắp"], "T1/2024": [4], "T2/2024": [5]}).to_excel(
            writer, sheet_name="Tổng hợp", index=False
        )
        for name, counts in {"Ba Đình": (1, 2, 1), "Hoàn Kiếm": (3, 3, 1)}.items():
            months = {f"T{m}/2024": [c] for m, c in enumerate(counts, start=1)}
            pd.DataFrame({"Tội danh": ["Trộm cắp"], **months}).to_excel(writer, sheet_name=name, index=False)
    with pytest.raises(
        TrendsDataError, match="has no row for period 2024-03-01, offence Trộm cắp, the other sheets sum to 2"
    ):
        read_crimes(path, sheet="all")


# A case entered twice: counted once when the list has case numbers (tests/corpus holds the CSV, Parquet and
# police-workbook versions); the check's switch and its size limit.
CASES_TWICE = (
    "Mã vụ,date,district,offence\n"
    "HS1,2024-01-03,Ba Đình,Trộm cắp\n"
    "HS2,2024-01-03,Ba Đình,Trộm cắp\n"
    "HS1,2024-01-03,Ba Đình,Trộm cắp\n"
)


def test_a_case_entered_twice_is_counted_once_naming_both_rows(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(CASES_TWICE, encoding="utf-8")
    with pytest.warns(TrendsDataWarning, match=r"row 4 repeats row 2 \('HS1'\)"):
        out = read_incidents(path)
    assert len(out) == 2 and list(out.index) == [0, 1]


def test_case_numbers_false_keeps_every_row(tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    path = tmp_path / "ds.csv"
    path.write_text(CASES_TWICE, encoding="utf-8")
    assert len(read_incidents(path, case_numbers=False)) == 3
    assert not [w for w in recwarn if "entered twice" in str(w.message) or "not compared" in str(w.message)]


def test_a_large_lists_case_numbers_are_not_compared_by_default_and_it_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trends.io

    monkeypatch.setattr(trends.io, "CASE_CHECK_ROWS", 2)  # every list is "long"
    path = tmp_path / "ds.csv"
    path.write_text(CASES_TWICE, encoding="utf-8")
    with pytest.warns(
        TrendsDataWarning,
        match=r"case numbers \('Mã vụ'\) not compared .*over 2 incidents.*case_numbers=True",
    ):
        assert len(read_incidents(path)) == 3
    with pytest.warns(TrendsDataWarning, match="entered twice"):
        assert len(read_incidents(path, case_numbers=True)) == 2


def test_rows_without_a_case_number_are_never_taken_for_a_double_entry(tmp_path: Path) -> None:
    # a title line above the header: the full reader reads it (the fast path's twin is the corpus CSV)
    path = tmp_path / "ds.csv"
    path.write_text(
        "DANH SÁCH VỤ VIỆC\n" + CASES_TWICE.replace("HS1,", ",").replace("HS2,", ","), encoding="utf-8"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = read_incidents(path)
    assert any("title row" in str(w.message) for w in caught)  # the full reader read it
    assert not any("entered twice" in str(w.message) for w in caught)
    assert len(out) == 3


def test_a_case_in_two_sheets_counts_once_and_the_stack_keeps_categorical_labels() -> None:
    path = Path(__file__).parent / "corpus" / "incidents_case_in_two_sheets.xlsx"
    with pytest.warns(TrendsDataWarning, match=r"sheet 'T2-2024' row 3 repeats sheet 'T1-2024' row 4"):
        out = read_incidents(path, sheet="all")
    assert len(out) == 4
    assert isinstance(out["district"].dtype, pd.CategoricalDtype)
    assert isinstance(out["offence"].dtype, pd.CategoricalDtype)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--threshold", "0"], "threshold must be a whole number of at least 2, got 0"),
        (["--threshold", "1"], "a threshold below 2 would suppress none"),
        (["--workers", "-1"], "workers must be 0"),
    ],
)
def test_cli_options_that_would_break_the_report_are_refused_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], message: str
) -> None:
    # refused before anything is computed or written: a threshold below 2 would turn suppression off, and
    # both used to surface as sections "not computed" in a report written anyway
    from trends import cli

    code = cli.main(["report", "--out", str(tmp_path / "out"), "--quiet", *option])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_out_that_cannot_be_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trends import cli

    (tmp_path / "file").write_text("x")
    code = cli.main(["report", "--out", str(tmp_path / "file" / "below"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot write the report to" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("start", "read"),
    [
        ("từ 01/06/2023", "2023-06-01"),
        ("Từ ngày 01/06/2023", "2023-06-01"),
        ("bắt đầu từ 01/06/2023", "2023-06-01"),
        ("01/06/2023 - nay", "2023-06-01"),
        ("01/06/2023 đến nay", "2023-06-01"),
        ("từ 01/06/2023 đến nay", "2023-06-01"),
        ("Từ tháng 6/2023 - nay", "2023-06-01"),
        ("từ nay", None),
        ("01/06/2023 - 30/06/2024", "span of two dates"),
        ("từ 01/06/2023 đến 30/06/2024", "span of two dates"),
    ],
)
def test_register_starts_from_and_to_now(tmp_path: Path, start: str, read: str | None) -> None:
    """A start "từ ..." (from) or "... - nay" (to now) is the date it states, said; two dates are a span."""
    path = tmp_path / "r.csv"
    path.write_text(
        f"Mã mô hình,Quận/Huyện,Loại mô hình,Ngày bắt đầu\nBD-1,Ba Đình,Camera,{start}\n", encoding="utf-8"
    )
    if read is None or not read[0].isdigit():
        with pytest.raises(
            TrendsDataError, match=rf"row 2, column 'Ngày bắt đầu': unparseable date.*{read or ''}"
        ):
            read_rollout(path)
        return
    with pytest.warns(TrendsDataWarning, match=r"'từ' \(from\) or '- nay' \(to now\)"):
        models = read_rollout(path)
    assert models["start"].dt.strftime("%Y-%m-%d").tolist() == [read] and models["end"].isna().all()


@pytest.mark.parametrize("mark", ["•", "· ", "- ", "+", "*", "– "])
def test_a_list_mark_before_a_label_is_not_part_of_it(tmp_path: Path, mark: str) -> None:
    """A clerk's bullet before some offences ("• Trộm cắp tài sản") would make them an offence apart from the
    unmarked ones, splitting its count: the mark is removed, with a warning quoting the label."""
    path = tmp_path / "incidents.csv"
    path.write_text(
        "Ngày xảy ra,Quận/Huyện,Tội danh\n"
        f"05/03/2024,{mark}Ba Đình,{mark}Trộm cắp tài sản\n06/03/2024,Đống Đa,Trộm cắp tài sản\n",
        encoding="utf-8",
    )
    with pytest.warns(TrendsDataWarning, match="without the list mark"):
        out = read_incidents(path)
    assert out["offence"].tolist() == ["Trộm cắp tài sản", "Trộm cắp tài sản"]
    assert out["district"].tolist() == ["ba_dinh", "dong_da"]
