"""Stata ``.dta`` files (and Feather) read through the loaders as the same data in CSV; other statistics
packages' files refused with how to convert them."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import pandas as pd
import pytest

from trends.io import (
    TrendsDataWarning,
    read_crimes,
    read_districts,
    read_incidents,
    read_population,
    read_rollout,
)
from trends.rawfile import read_raw
from trends.schema import TrendsDataError

LONG = pd.DataFrame(
    {
        "district": ["Ba Đình", "Hoàn Kiếm", "Ba Đình", "Hoàn Kiếm"],
        "period": ["2024-01", "2024-01", "2024-02", "2024-02"],
        "offence": ["Trộm cắp tài sản", "Cướp giật tài sản", "Trộm cắp tài sản", "Cướp giật tài sản"],
        "count": [12, 3, 7, 0],
    }
)


def _dta(tmp_path: Path, frame: pd.DataFrame, name: str = "c.dta", **kwargs) -> Path:
    path = tmp_path / name
    frame.to_stata(path, write_index=False, **{"version": 118, **kwargs})
    return path


def _csv(tmp_path: Path, frame: pd.DataFrame, name: str = "c.csv") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def _quiet(read, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        return read(*args, **kwargs)


# --------------------------------------------------------------------------------------------------------------
# The same data as CSV, through each loader


@pytest.mark.parametrize("version", [114, 117, 118, 119])
def test_long_form_counts_read_as_their_csv(tmp_path: Path, version: int) -> None:
    ascii_names = LONG.assign(offence=["theft", "robbery"] * 2, district=["Ba Dinh", "Hoan Kiem"] * 2)
    frame = LONG if version >= 118 else ascii_names  # pandas writes Stata 13 and older in Latin-1 only
    for kwargs in ({"districts": False}, {}):
        got = read_crimes(_dta(tmp_path, frame, version=version), **kwargs)
        want = read_crimes(_csv(tmp_path, frame), **kwargs)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs == want.attrs == {"freq": "month"}


def test_population_rollout_districts_and_incidents_read_as_their_csv(tmp_path: Path) -> None:
    population = pd.DataFrame(
        {
            "district": ["Ba Đình", "Hoàn Kiếm"] * 2,
            "year": [2019, 2019, 2020, 2020],
            "population": [1, 2, 3, 4],
        }
    )
    pd.testing.assert_frame_equal(
        read_population(_dta(tmp_path, population)), read_population(_csv(tmp_path, population))
    )
    rollout = pd.DataFrame(
        {
            "model_id": ["m1", "m2"],
            "district": ["Ba Đình", "Sóc Sơn"],
            "type": ["camera", "liengia"],
            "start": pd.to_datetime(["2019-05-01", "2014-02-01"]),
            "end_date": pd.to_datetime([None, "2020-12-31"]),
        }
    )
    got = read_rollout(_dta(tmp_path, rollout, convert_dates={"start": "td", "end_date": "td"}))
    pd.testing.assert_frame_equal(got, read_rollout(_csv(tmp_path, rollout)))
    assert got["end"].isna().tolist() == [True, False]
    districts = pd.DataFrame(
        {
            "district": ["ba_dinh", "hoan_kiem"],
            "name_vi": ["Ba Đình", "Hoàn Kiếm"],
            "population": [221893, 135618],
            "area_km2": [9.21, 5.29],
        }
    )
    pd.testing.assert_frame_equal(
        read_districts(_dta(tmp_path, districts)), read_districts(_csv(tmp_path, districts))
    )
    incidents = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-03-05 14:30", "2024-03-06 08:00"]),
            "district": ["Ba Đình", "Hoàn Kiếm"],
            "offence": ["theft", "robbery"],
        }
    )
    got = read_incidents(_dta(tmp_path, incidents, convert_dates={"date": "tc"}))
    pd.testing.assert_frame_equal(got, read_incidents(_csv(tmp_path, incidents)))
    assert got["date"].iloc[0] == pd.Timestamp("2024-03-05 14:30")


def test_feather_reads_as_its_csv(tmp_path: Path) -> None:
    path = tmp_path / "c.feather"
    LONG.assign(period=pd.PeriodIndex(LONG["period"], freq="M")).to_feather(path)
    want = read_crimes(_csv(tmp_path, LONG))
    pd.testing.assert_frame_equal(read_crimes(path), want)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(TrendsDataError, match="cannot be read as a Feather") as err:
        read_crimes(path)
    assert err.value.file == str(path)


@pytest.mark.filterwarnings("ignore::trends.schema.TrendsDataWarning")
def test_case_numbers_of_a_typed_incident_list_are_compared(tmp_path: Path) -> None:
    """A case entered twice is counted once from Feather and Stata as from CSV: the case numbers, which the
    first read leaves unread, are read again through the same reader (before: a ValueError "not a CSV")."""
    incidents = pd.DataFrame(
        {
            "Số hồ sơ": ["HS1", "hs1", "HS2"],
            "date": ["05/03/2024"] * 3,
            "district": ["Ba Đình"] * 3,
            "offence": ["theft"] * 3,
        }
    )
    want = read_incidents(_csv(tmp_path, incidents))
    assert len(want) == 2
    feather = tmp_path / "i.feather"
    incidents.to_feather(feather)
    pd.testing.assert_frame_equal(read_incidents(feather), want)
    stata = _dta(tmp_path, incidents.rename(columns={"Số hồ sơ": "so_ho_so"}))
    pd.testing.assert_frame_equal(read_incidents(stata), want)


def test_a_feather_file_with_a_damaged_offset_is_refused_not_a_crash(tmp_path: Path) -> None:
    """Found by fuzzing: Arrow takes a Feather file's buffers as they are, and a text offset past its data
    crashed the process (a segmentation fault) in the first computation on the column."""
    path = tmp_path / "c.feather"
    table = pd.DataFrame(
        {"district": ["Ba Đình"] * 3, "period": ["2024-01"] * 3, "offence": ["a", "bb", "ccc"]}
    )
    table.assign(count=[1, 2, 3]).to_feather(path, compression="uncompressed")
    data = path.read_bytes()
    offsets = struct.pack("<4i", 0, 1, 3, 6)  # the offence column's offsets: "a", "bb", "ccc"
    assert data.count(offsets) == 1
    path.write_bytes(data.replace(offsets, struct.pack("<4i", 0, 1, 3, 6000)))
    with pytest.raises(TrendsDataError, match="cannot be read as a Feather") as err:
        read_crimes(path)
    assert err.value.file == str(path)


# --------------------------------------------------------------------------------------------------------------
# Value labels


def _labelled(tmp_path: Path, labels: dict[int, str]) -> Path:
    codes = pd.DataFrame(
        {"district": [1, 2, 1, 2], "period": LONG["period"], "offence": [5, 6, 5, 6], "count": LONG["count"]}
    )
    offences = {5: "Trộm cắp tài sản", 6: "Cướp giật tài sản"}
    return _dta(tmp_path, codes, value_labels={"district": labels, "offence": offences})


def test_value_labels_read_as_the_labels(tmp_path: Path) -> None:
    path = _labelled(tmp_path, {1: "Ba Đình", 2: "Hoàn Kiếm"})
    got = read_crimes(path)
    pd.testing.assert_frame_equal(got, read_crimes(_csv(tmp_path, LONG)))
    assert set(got["district"]) == {"ba_dinh", "hoan_kiem"}


def test_a_code_without_a_label_reads_as_its_number(tmp_path: Path) -> None:
    got = read_raw(_labelled(tmp_path, {1: "Ba Đình"}))
    assert got.text("district").tolist() == ["Ba Đình", "2", "Ba Đình", "2"]


def test_a_label_given_to_two_codes_is_refused_naming_the_column(tmp_path: Path) -> None:
    path = _labelled(tmp_path, {1: "Ba Đình", 2: "Ba Đình"})
    with pytest.raises(TrendsDataError, match=r"label 'Ba Đình' to the codes 1, 2") as err:
        read_crimes(path, districts=False)
    assert (err.value.file, err.value.column, err.value.row) == (str(path), "district", 1)
    assert "decode district" in str(err.value)


def test_a_column_not_needed_is_not_read(tmp_path: Path) -> None:
    # a note column with a careless label set does not stop the counts being read: only the needed columns are
    codes = LONG.assign(note=[1, 2, 1, 2])
    path = _dta(tmp_path, codes, value_labels={"note": {1: "x", 2: "x"}})
    raw = read_raw(path, usecols=lambda header: ["district", "period", "offence", "count"])
    assert list(raw.frame.columns) == ["district", "period", "offence", "count"] and raw.unread == ("note",)
    assert len(_quiet(read_crimes, path, districts=False)) == 4
    with pytest.raises(TrendsDataError, match="column 'note'"):
        read_raw(path)


# --------------------------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("fmt", "starts", "text", "freq"),
    [
        ("tm", ["2024-01-01", "2024-02-01"], ["2024-01", "2024-02"], "month"),
        ("tq", ["2023-10-01", "2024-01-01"], ["2023Q4", "2024Q1"], "quarter"),
        ("ty", ["2022-01-01", "2023-01-01"], ["2022", "2023"], "year"),
        ("td", ["2024-01-01", "2024-02-01"], ["2024-01-01", "2024-02-01"], "month"),
    ],
)
def test_stata_date_formats_give_their_periods(
    tmp_path: Path, fmt: str, starts: list[str], text: list[str], freq: str
) -> None:
    frame = LONG.assign(period=pd.to_datetime([starts[0], starts[0], starts[1], starts[1]]))
    path = _dta(tmp_path, frame, convert_dates={"period": fmt})
    assert read_raw(path).text("period").tolist() == [text[0], text[0], text[1], text[1]]
    got = read_crimes(path, districts=False)
    assert got.attrs["freq"] == freq
    assert sorted(set(got["period"])) == list(pd.to_datetime(starts))


def test_one_year_in_ty_is_a_year_not_january(tmp_path: Path) -> None:
    frame = LONG.assign(
        period=pd.Timestamp("2023-01-01"), offence=["a", "a", "b", "b"], district=list("ABCD")
    )
    got = read_crimes(_dta(tmp_path, frame, convert_dates={"period": "ty"}), districts=False)
    assert got.attrs["freq"] == "year"


def test_a_plain_integer_year_reads_as_years_as_in_csv(tmp_path: Path) -> None:
    frame = LONG.assign(period=[1990, 1990, 1991, 1991]).rename(columns={"period": "year"})
    got = read_crimes(_dta(tmp_path, frame), districts=False)
    pd.testing.assert_frame_equal(got, read_crimes(_csv(tmp_path, frame), districts=False))
    assert got.attrs["freq"] == "year"


def test_a_month_stored_without_its_format_is_refused_saying_why(tmp_path: Path) -> None:
    frame = LONG.assign(period=[768, 768, 769, 769])  # 2024m1, 2024m2 as bare numbers
    with pytest.raises(TrendsDataError, match="unparseable period") as err:
        read_crimes(_dta(tmp_path, frame), districts=False)
    assert err.value.column == "period" and err.value.row == 1
    assert "format period %tm" in str(err.value)
    with pytest.raises(TrendsDataError) as err:  # the hint is for Stata files only
        read_crimes(_csv(tmp_path, frame), districts=False)
    assert "%tm" not in str(err.value)


@pytest.mark.parametrize(("fmt", "shown"), [("th", "2024h2"), ("tw", "2024w")])
def test_half_years_and_stata_weeks_are_refused_as_stata_shows_them(
    tmp_path: Path, fmt: str, shown: str
) -> None:
    frame = LONG.assign(period=pd.to_datetime(["2024-01-01", "2024-01-01", "2024-07-01", "2024-07-01"]))
    with pytest.raises(TrendsDataError, match=f"unparseable period \\(found '{shown}"):
        read_crimes(_dta(tmp_path, frame, convert_dates={"period": fmt}), districts=False)


# --------------------------------------------------------------------------------------------------------------
# Missing values


def _with_missing(tmp_path: Path, code: int) -> Path:
    """A counts file whose second count is a Stata missing value (``code`` 0: ".", 1 to 26: ".a" to ".z"),
    patched into the double pandas wrote (pandas writes only "."): Stata's missing doubles are 0x7FE0..."""
    sentinel = 123456789.0
    path = _dta(tmp_path, LONG.assign(count=[12.0, sentinel, 7.0, 0.0]))
    data = path.read_bytes()
    assert data.count(struct.pack("<d", sentinel)) == 1
    missing = struct.pack("<Q", 0x7FE0000000000000 + (code << 40))
    path.write_bytes(data.replace(struct.pack("<d", sentinel), missing))
    shown = pd.read_stata(path, convert_missing=True)["count"].iloc[1]
    assert str(shown) == ("." if code == 0 else "." + chr(ord("a") + code - 1))  # the fixture is what it says
    return path


@pytest.mark.parametrize("code", [0, 1, 26])
def test_missing_counts_are_reported_like_empty_cells(tmp_path: Path, code: int) -> None:
    path = _with_missing(tmp_path, code)
    assert read_raw(path).text("count").tolist() == ["12", "", "7", "0"]
    with pytest.raises(TrendsDataError, match="missing count") as err:
        read_crimes(path, districts=False)
    assert (err.value.row, err.value.column) == (2, "count")
    csv = _csv(tmp_path, LONG.assign(count=["12", "", "7", "0"]))
    with pytest.raises(TrendsDataError, match="missing count") as from_csv:
        read_crimes(csv, districts=False)
    assert from_csv.value.row == 3  # the CSV's header is its row 1; a Stata file's rows are its observations


# --------------------------------------------------------------------------------------------------------------
# Text encodings


def test_vietnamese_in_stata_14_and_later(tmp_path: Path) -> None:
    got = read_raw(_dta(tmp_path, LONG, version=118))
    assert got.text("offence").tolist() == LONG["offence"].tolist()


def _old(tmp_path: Path, encode, version: int) -> Path:
    """A Stata 13 or older file whose text is the bytes ``encode`` gives: pandas writes strings as Latin-1,
    so text of those bytes read as Latin-1 is written as those bytes, as Stata on that computer saved it."""
    frame = LONG.map(lambda v: encode(v).decode("latin-1") if isinstance(v, str) else v)
    return _dta(tmp_path, frame, version=version)


@pytest.mark.parametrize("version", [114, 117])
@pytest.mark.parametrize(("codec", "said"), [("cp1258", "Windows-1258"), ("utf-8", "UTF-8")])
def test_stata_13_and_older_in_a_vietnamese_code_page_or_utf8(
    tmp_path: Path, write, version: int, codec: str, said: str
) -> None:
    path = _old(tmp_path, lambda text: write("t.txt", text, encoding=codec).read_bytes(), version)
    with pytest.warns(TrendsDataWarning, match=f"Stata {version} file .* read as {said}"):
        got = read_crimes(path)
    pd.testing.assert_frame_equal(got, read_crimes(_csv(tmp_path, LONG)))


def test_stata_13_western_text_and_encoding_given(tmp_path: Path, write) -> None:
    western = LONG.assign(district=["Forlì", "Forlì", "Zürich", "Zürich"], offence=["theft", "fraud"] * 2)
    path = _dta(tmp_path, western, version=117)
    with pytest.warns(TrendsDataWarning, match="read as Latin-1"):
        assert read_raw(path).text("district").tolist() == western["district"].tolist()
    path = _old(tmp_path, lambda text: write("t.txt", text, encoding="cp1258").read_bytes(), 117)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)  # asked for: no guess to warn about
        assert read_raw(path, encoding="cp1258").text("district").iloc[0] == "Ba Đình"
    with pytest.raises(TrendsDataError, match="cannot be decoded as ascii"):
        read_raw(path, encoding="ascii")


# --------------------------------------------------------------------------------------------------------------
# Damaged files, other formats


def test_a_truncated_or_misnamed_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = _dta(tmp_path, LONG)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(TrendsDataError, match="cannot be read as a Stata file") as err:
        read_crimes(path)
    assert err.value.file == str(path)
    path.write_bytes(LONG.to_csv(index=False).encode())
    with pytest.raises(TrendsDataError, match=r"not a Stata file: it is text .* a CSV named \.dta"):
        read_crimes(path)
    path.write_bytes(b"")
    with pytest.raises(TrendsDataError, match="the file is empty"):
        read_crimes(path)
    path.write_bytes(bytes(range(200, 256)))
    with pytest.raises(TrendsDataError, match="not a Stata file: it starts with the bytes"):
        read_crimes(path)


@pytest.mark.parametrize(
    ("suffix", "what", "how"),
    [
        (".sav", "SPSS data file", "SAVE TRANSLATE OUTFILE='crimes.csv' /TYPE=CSV"),
        (".zsav", "SPSS data file", "haven::read_sav"),
        (".por", "SPSS data file", "haven::read_por"),
        (".rds", "R data file", 'readRDS("crimes.rds")'),
        (".RData", "R workspace file", 'load("crimes.RData")'),
        (".rda", "R workspace file", "arrow::write_parquet"),
        (".sas7bdat", "SAS data set", "proc export"),
        (".xpt", "SAS data set", "haven::read_xpt"),
    ],
)
def test_other_statistics_files_are_refused_saying_how_to_convert(
    tmp_path: Path, suffix: str, what: str, how: str
) -> None:
    path = tmp_path / f"crimes{suffix}"
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(TrendsDataError, match=f"unsupported file type '{suffix.lower()}': {what}") as err:
        read_crimes(path)
    assert how in str(err.value) and err.value.file == str(path)


def test_a_data_folder_finds_stata_and_feather_files(tmp_path: Path) -> None:
    from trends.study import discover

    _dta(tmp_path, LONG, name="crimes_2024.dta")
    (tmp_path / "rollout.feather").write_bytes(b"")
    assert {k: p.name for k, p in discover(tmp_path).items()} == {
        "crimes": "crimes_2024.dta",
        "rollout": "rollout.feather",
    }
