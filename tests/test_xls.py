"""Old Excel 97-2003 ``.xls`` workbooks (BIFF8) are read like ``.xlsx`` ones; what cannot be read is refused.

The corpus holds ``<stem>_biff.xls``, the cells of every ``<stem>.xlsx`` case that BIFF can express (written by
``xls_cases`` in tests/corpus/make_corpus.py with xlwt): tests/test_corpus.py checks that each reads to the
identical table, with the same warnings, or fails with the same error, as its ``.xlsx``. The tests here write
small ``.xls`` files when xlwt is installed (the ``dev`` extra) and use committed ones otherwise.
"""

from __future__ import annotations

import shutil
import struct
import warnings
from pathlib import Path

import pandas as pd
import pytest

from trends.io import read_crimes, read_incidents
from trends.rawfile import read_raw, sheet_names
from trends.schema import TrendsDataError, TrendsDataWarning

CORPUS = Path(__file__).parent / "corpus"


def _quiet(reader, name: str, **kwargs: object) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        return reader(CORPUS / name, **kwargs)


def test_dates_of_the_1904_date_system_are_the_dates_written() -> None:
    table = read_incidents(CORPUS / "incidents_xls_1904_dates.xls")
    assert table["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-03",
        "2024-01-17",
        "2024-02-02",
        "2024-02-20",
    ]
    raw = read_raw(CORPUS / "incidents_xls_1904_dates.xls")
    assert raw.frame.iat[0, 0] == "2024-01-03T00:00:00"  # a date cell, as openpyxl gives an .xlsx's


def test_a_merged_title_is_skipped_and_a_hidden_row_is_read_with_a_warning() -> None:
    path = CORPUS / "crimes_xls_title_hidden_row.xls"
    with pytest.warns(TrendsDataWarning, match="skipped 1 title row"):
        assert read_raw(path).titles == ("CÔNG AN THÀNH PHỐ HÀ NỘI",)
    with pytest.warns(TrendsDataWarning, match=r"read 1 hidden row\(s\) as data \(row 4\)"):
        table = read_crimes(path)
    assert table["count"].sum() == 32 and len(table) == 4


def test_sheets_hidden_and_very_hidden_are_named_and_not_read() -> None:
    path = CORPUS / "crimes_xls_sheets.xls"
    assert sheet_names(path, visible=False) == ["Bìa", "T1", "T2", "Cũ", "Data"]
    assert sheet_names(path) == ["Bìa", "T1", "T2"]
    with pytest.warns(TrendsDataWarning) as said:
        table = read_crimes(path)
    text = " ".join(str(w.message) for w in said)
    assert "read sheet 'T1'" in text and "'Cũ' (hidden)" in text and "'Data' (hidden)" in text
    assert table["count"].tolist() == [12, 9]


def test_sheet_all_stacks_the_visible_sheets_of_an_xls() -> None:
    stacked = _quiet(read_crimes, "crimes_xls_sheets.xls", sheet="all")
    parts = [_quiet(read_crimes, "crimes_xls_sheets.xls", sheet=s) for s in ("T1", "T2")]
    want = pd.concat(parts).sort_values(["district", "period", "offence"], ignore_index=True)
    got = stacked.sort_values(["district", "period", "offence"], ignore_index=True)
    pd.testing.assert_frame_equal(got[want.columns], want, check_like=True)
    assert 99 not in stacked["count"].tolist()  # the hidden sheet's row


def test_a_file_named_for_the_other_format_is_read_with_a_warning() -> None:
    with pytest.warns(
        TrendsDataWarning, match=r"an old Excel 97-2003 \.xls workbook with an \.xlsx file name"
    ):
        biff = read_crimes(CORPUS / "crimes_xls_named_xlsx.xlsx")
    pd.testing.assert_frame_equal(biff, _quiet(read_crimes, "crimes_xls_sheets.xls"))
    with pytest.warns(TrendsDataWarning, match=r"an \.xlsx workbook with an \.xls file name"):
        zipped = read_crimes(CORPUS / "crimes_xlsx_named_xls.xls")
    pd.testing.assert_frame_equal(zipped, _quiet(read_crimes, "crimes_cong_district_rows.xlsx"))


@pytest.mark.parametrize(
    "name, said, expected",
    [
        ("crimes_xls_encrypted.xls", "password-protected (encrypted) workbook", "remove the password"),
        ("crimes_encrypted_package.xlsx", "password-protected (encrypted) workbook", "remove the password"),
        ("crimes_word_document.xls", "holds no Excel workbook", "an Excel workbook"),
        (
            "crimes_xls_truncated.xls",
            "Excel 97-2003 .xls workbook: the file is damaged or cut short",
            "again",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_naming_the_file(name: str, said: str, expected: str) -> None:
    with pytest.raises(TrendsDataError) as caught:
        read_crimes(CORPUS / name)
    assert said in str(caught.value) and name in str(caught.value)
    assert expected in (caught.value.problems[0].expected or "")
    with pytest.raises(TrendsDataError, match=r"password|workbook"):
        sheet_names(CORPUS / name)


def test_an_ole2_file_is_read_as_xls_whatever_its_damage(tmp_path: Path) -> None:
    """Every cut of a valid .xls is read or refused with TrendsDataError, never another exception."""
    data = (CORPUS / "crimes_xls_sheets.xls").read_bytes()
    for cut in range(8, len(data), 331):
        path = tmp_path / f"cut{cut}.xls"
        path.write_bytes(data[:cut])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrendsDataWarning)
            try:
                read_crimes(path)
            except TrendsDataError as exc:
                assert exc.file and f"cut{cut}.xls" in exc.file
    header = bytearray(data)
    header[0x30:0x34] = b"\xff\xff\xff\x7f"  # the directory's sector: past the end of the file
    (tmp_path / "lost.xls").write_bytes(bytes(header))
    with pytest.raises(TrendsDataError, match="damaged or cut short"):
        read_crimes(tmp_path / "lost.xls")


def test_the_cli_reads_an_xls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trends import cli

    xls = shutil.copy(CORPUS / "crimes_xls_sheets.xls", tmp_path / "crimes.xls")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        code = cli.main(
            ["report", "--crimes", str(xls), "--sheet", "Nope", "--out", str(tmp_path / "o"), "--quiet"]
        )
    err = capsys.readouterr().err
    assert (
        code == 2 and "no sheet 'Nope'" in err and "'T1'" in err
    )  # the workbook was opened: its sheets named


def test_the_adapter_finds_the_active_sheet_of_the_workbook_window() -> None:
    from trends._xls import open_xls

    book = open_xls(CORPUS / "crimes_xls_sheets.xls", "x")
    try:
        assert book.active is book.worksheets[0] and book.worksheets[4].sheet_state == "veryHidden"
        data = (CORPUS / "crimes_xls_sheets.xls").read_bytes()
        assert struct.pack("<H", 0x3D) in data  # the WINDOW1 record it was read from
    finally:
        book.close()


def test_a_workbook_whose_formatting_xlrd_cannot_read_is_read_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import xlrd

    real = xlrd.open_workbook

    def fails_on_formatting(*args: object, **kwargs: object):
        if kwargs.get("formatting_info"):
            raise AssertionError("a broken XF record")
        return real(*args, **kwargs)

    monkeypatch.setattr(xlrd, "open_workbook", fails_on_formatting)
    with pytest.warns(TrendsDataWarning, match=r"formatting records .* cannot be read \(AssertionError"):
        table = read_incidents(CORPUS / "incidents_xls_1904_dates.xls")
    assert table["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2024-01-03", "2024-01-17"]
    with pytest.warns(TrendsDataWarning, match="formatting records") as said:
        crimes = read_crimes(CORPUS / "crimes_xls_title_hidden_row.xls")
    assert crimes["count"].sum() == 32 and not any("hidden row(s) as data" in str(w.message) for w in said)


def test_an_xls_in_the_data_folder_is_found_by_its_name(tmp_path: Path) -> None:
    from trends.study import discover

    shutil.copy(CORPUS / "crimes_xls_sheets.xls", tmp_path / "crimes_2024.xls")
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)  # not "a data file with another name"
        assert discover(tmp_path) == {"crimes": tmp_path / "crimes_2024.xls"}
