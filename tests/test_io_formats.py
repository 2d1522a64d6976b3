"""The same table read from every supported format and encoding gives the same canonical frame."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from trends.io import TrendsDataWarning, read_crimes, read_incidents, read_rollout
from trends.schema import TrendsDataError

VI_HEADER = "Quận/Huyện,Tháng,Tội danh,Số vụ\n"
ROWS = "Q. Ba Đình,01/2024,Trộm cắp,12\nHoàn Kiếm,T2/2024,Cướp giật,3\nhuyện Sóc Sơn,2024-03,Trộm cắp,1.234\n"
EXPECTED = pd.DataFrame(
    {
        "district": ["ba_dinh", "hoan_kiem", "soc_son"],
        "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]).astype("datetime64[ns]"),
        "offence": ["Trộm cắp", "Cướp giật", "Trộm cắp"],
        "count": pd.array([12, 3, 1234], dtype="int64"),
    }
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "utf-16"])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(write, encoding: str, sep: str) -> None:
    text = (VI_HEADER + ROWS).replace(",", sep) if sep != "," else VI_HEADER + ROWS
    if sep != ",":
        text = text.replace("1.234", "1234")
    got = read_crimes(write("c.csv", text, encoding=encoding))
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), EXPECTED.sort_values(["district", "offence"]).reset_index(drop=True)
    )
    assert got.attrs["freq"] == "month"


def test_decomposed_unicode_is_normalised(write) -> None:
    import unicodedata

    got = read_crimes(write("c.csv", unicodedata.normalize("NFD", VI_HEADER + ROWS)))
    assert set(got["offence"]) == {"Trộm cắp", "Cướp giật"}
    assert all(unicodedata.is_normalized("NFC", s) for s in got["offence"])


def test_a_decimal_comma_is_read_in_areas_and_whole_counts(write) -> None:
    # a Vietnamese locale's export writes 9,21 km² and a float count 12,0; 1,234 alone could be a thousand
    from trends.io import read_districts

    districts = read_districts(
        write("d.csv", "Quận/Huyện;Tên quận;Dân số;Diện tích\nba_dinh;Ba Đình;221893;9,21\n")
    )
    assert districts["area_km2"].tolist() == [9.21] and districts["name_vi"].tolist() == ["Ba Đình"]
    crimes = read_crimes(write("c.csv", "Quận/Huyện;Kỳ;Tội danh;Số vụ\nBa Đình;01/2024;Trộm cắp;12,0\n"))
    assert crimes["count"].tolist() == [12]
    with pytest.raises(TrendsDataError, match="invalid area"):
        read_districts(write("t.csv", "Quận/Huyện;Dân số;Diện tích\nba_dinh;221893;1,234\n"))


@pytest.mark.parametrize("header", ["No. of cases", "Number of crimes", "Recorded crimes", "Kỳ này"])
def test_count_headers_in_english_and_vietnamese(write, header: str) -> None:
    got = read_crimes(write("c.csv", VI_HEADER.replace("Số vụ", header) + ROWS))
    assert got["count"].sum() == read_crimes(write("d.csv", VI_HEADER + ROWS))["count"].sum()


@pytest.mark.parametrize("header", ["Quận", "Huyện", "Quận/Huyện/Thị xã", "Địa bàn"])
def test_district_headers_police_offices_use(write, header: str) -> None:
    got = read_crimes(write("c.csv", VI_HEADER.replace("Quận/Huyện", header) + ROWS))
    assert sorted(got["district"]) == ["ba_dinh", "hoan_kiem", "soc_son"]


def test_excel_and_parquet(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "district": ["Ba Đình", "Hoàn Kiếm"],
            "period": ["2024-01", "2024-02"],
            "offence": ["theft", "fraud"],
            "count": [5, 0],
        }
    )
    frame.to_excel(tmp_path / "c.xlsx", index=False, sheet_name="Số liệu")
    frame.to_parquet(tmp_path / "c.parquet")
    a = read_crimes(tmp_path / "c.xlsx", sheet="Số liệu")
    b = read_crimes(tmp_path / "c.parquet")
    pd.testing.assert_frame_equal(a, b)
    assert a["count"].tolist() == [5, 0]


def test_excel_dates_and_formula_values(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["date", "district", "offence"])
    ws.append([pd.Timestamp("2023-05-04").to_pydatetime(), "Ba Đình", "theft"])
    ws.append(["04/06/2023", "Tây Hồ", "fraud"])
    wb.save(tmp_path / "i.xlsx")
    got = read_incidents(tmp_path / "i.xlsx")
    assert got["date"].tolist() == [pd.Timestamp("2023-05-04"), pd.Timestamp("2023-06-04")]


@pytest.mark.parametrize(
    ("labels", "freq", "first"),
    [
        (["2020", "2021"], "year", "2020-01-01"),
        (["2020Q1", "2020-Q2"], "quarter", "2020-01-01"),
        (["Quý 3/2020", "Q4/2020"], "quarter", "2020-07-01"),
        (["2020-01-01", "2020-02-01"], "month", "2020-01-01"),
        (["2020-01-01", "2021-01-01"], "year", "2020-01-01"),
        (["Tháng 1/2020", "T2/2020"], "month", "2020-01-01"),
    ],
)
def test_period_labels(write, labels: list[str], freq: str, first: str) -> None:
    rows = "".join(f"Ba Đình,{lab},theft,{i}\n" for i, lab in enumerate(labels))
    got = read_crimes(write("c.csv", "district,period,offence,count\n" + rows))
    assert got.attrs["freq"] == freq
    assert got["period"].iloc[0] == pd.Timestamp(first)


def test_blank_lines_are_reported_not_silently_dropped(write) -> None:
    path = write(
        "c.csv", "district,period,offence,count\nBa Đình,2024-01,theft,1\n\n,,,\nBa Đình,2024-02,theft,2\n"
    )
    with pytest.warns(TrendsDataWarning, match="skipped 2 blank line"):
        got = read_crimes(path)
    assert got["count"].sum() == 3


def test_row_numbers_after_blank_lines(write) -> None:
    path = write("c.csv", "district,period,offence,count\n\n\nBa Đình,2024-02,theft,-1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        with pytest.raises(TrendsDataError) as err:
            read_crimes(path)
    assert err.value.row == 4


def test_personal_columns_are_dropped_and_named(write) -> None:
    path = write(
        "i.csv",
        "Ngày xảy ra,Quận/Huyện,Tội danh,Họ tên nạn nhân,Tuổi,Địa chỉ,CCCD\n"
        "05/03/2024,Ba Đình,theft,Nguyễn Văn A,34,12 Phố Huế,001099012345\n",
    )
    with pytest.warns(TrendsDataWarning, match="personal-data column"):
        got = read_incidents(path)
    assert list(got.columns) == ["date", "district", "offence"]
    assert got["date"].iloc[0] == pd.Timestamp("2024-03-05")  # day first
    assert "Nguyễn" not in got.to_csv()


def test_rollout_reader(write) -> None:
    path = write(
        "r.csv",
        "Mã mô hình,Quận/Huyện,Phường/Xã,Loại mô hình,Ngày bắt đầu,Ngày kết thúc\n"
        "m1,Ba Đình,Phúc Xá,camera,2019-05-01,\nm2,H. Sóc Sơn,,liengia,01/02/2014,31/12/2020\n",
    )
    got = read_rollout(path)
    assert got["district"].tolist() == ["ba_dinh", "soc_son"]
    assert got["end"].isna().tolist() == [True, False]
    assert got["start"].iloc[1] == pd.Timestamp("2014-02-01")
    assert pd.isna(got["ward"].iloc[1])


def test_columns_mapping(write) -> None:
    path = write("c.csv", "Đơn vị hành chính,Kỳ,Loại,Tổng\nBa Đình,2024-01,theft,4\n")
    got = read_crimes(
        path, columns={"Đơn vị hành chính": "district", "Kỳ": "period", "Loại": "offence", "Tổng": "count"}
    )
    assert got["count"].tolist() == [4]


def test_keep_names_for_other_studies(write) -> None:
    got = read_crimes(write("c.csv", "district,period,offence,count\nMitte,2019,theft,10\n"), districts=False)
    assert got["district"].tolist() == ["Mitte"] and got.attrs["freq"] == "year"


def _incident_table(n: int = 600) -> pd.DataFrame:
    import numpy as np

    rng = np.random.default_rng(3)
    days = pd.date_range("2022-01-01", "2023-12-31", freq="D")
    return pd.DataFrame(
        {
            "Số hồ sơ": [f"HS{i}" for i in range(n)],
            "Ngày xảy ra": days[rng.integers(0, len(days), n)].strftime("%d/%m/%Y"),
            "Quận/Huyện": rng.choice(["Ba Đình", "Q. Hoàn Kiếm", "Tây Hồ "], n),
            "Tội danh": rng.choice(["Huỷ hoại tài sản", "Hủy hoại tài sản", "Trộm\u200b cắp"], n),
            "Họ tên": rng.choice(["Nguyễn Văn Bí Mật", "Trần Thị Riêng"], n),
            "Địa chỉ": ["Số 9 ngõ Bí Mật, phố Kim Mã"] * n,
        }
    )


def test_fast_path_reads_what_the_full_reader_reads(tmp_path: Path) -> None:
    """A large-file read (pyarrow, needed columns only) equals the full reader's, warnings included."""
    table = _incident_table()
    fast, slow, parquet = tmp_path / "fast.csv", tmp_path / "slow.csv", tmp_path / "p.parquet"
    table.to_csv(fast, index=False)
    slow.write_text("CÔNG AN THÀNH PHỐ HÀ NỘI\n" + fast.read_text(encoding="utf-8"), encoding="utf-8")
    table.to_parquet(parquet, index=False)
    got = {}
    for path in (fast, slow, parquet):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got[path.name] = read_incidents(path)
        messages = " ".join(str(w.message) for w in caught)
        assert "'Họ tên', 'Địa chỉ'" in messages and "invisible characters" in messages, messages
    pd.testing.assert_frame_equal(got["fast.csv"], got["slow.csv"])
    pd.testing.assert_frame_equal(got["fast.csv"], got["p.parquet"])
    assert set(got["fast.csv"]["offence"]) == {"Hủy hoại tài sản", "Trộm cắp"}
    assert set(got["fast.csv"]["district"]) == {"ba_dinh", "hoan_kiem", "tay_ho"}


@pytest.mark.filterwarnings("ignore::trends.schema.TrendsDataWarning")
def test_fast_path_gives_the_full_readers_errors(tmp_path: Path) -> None:
    table = _incident_table()
    table.loc[417, "Ngày xảy ra"] = "31/02/2023"
    table.loc[418, "Họ tên"] = "x\x00y"  # a NUL byte in a column that is not read
    path = tmp_path / "i.csv"
    table.to_csv(path, index=False)
    with pytest.raises(TrendsDataError) as err:
        read_incidents(path)
    assert "NUL" in str(err.value) and err.value.row == 420  # the full reader names the line
    table.loc[418, "Họ tên"] = "x"
    table.to_csv(path, index=False)
    with pytest.raises(TrendsDataError) as err:
        read_incidents(path)
    assert "unparseable date" in str(err.value) and err.value.row == 419 and err.value.column == "Ngày xảy ra"


def test_a_forms_numbering_before_offence_labels_is_not_part_of_their_names(write) -> None:
    # the same offences numbered differently in two months (a form renumbered between exports) stay two offences
    flat = VI_HEADER + (
        "Ba Đình,01/2024,1. Giết người,5\nBa Đình,01/2024,2. Trộm cắp,10\n"
        "Ba Đình,02/2024,1. Trộm cắp,4\nBa Đình,02/2024,2. Giết người,3\n"
    )
    with pytest.warns(TrendsDataWarning, match="removed the form's numbering before 4 label"):
        got = read_crimes(write("flat.csv", flat))
    assert sorted(set(got["offence"])) == ["Giết người", "Trộm cắp"] and got["count"].sum() == 22
    # numbered groups: the groups are dropped and the numbers of the rows kept are removed too
    groups = VI_HEADER + (
        "Ba Đình,01/2024,I. Tội phạm về TTXH,15\nBa Đình,01/2024,1. Giết người,5\n"
        "Ba Đình,01/2024,2. Cố ý gây thương tích,10\n"
    )
    with pytest.warns(TrendsDataWarning, match="removed the form's numbering"):
        got = read_crimes(write("groups.csv", groups))
    assert sorted(got["offence"]) == ["Cố ý gây thương tích", "Giết người"] and got["count"].sum() == 15
    # one label that happens to start like a number, among unnumbered ones, is left as it is
    one = (
        VI_HEADER
        + "Ba Đình,01/2024,1. Giết người,5\nBa Đình,01/2024,Trộm cắp,10\nBa Đình,01/2024,Cướp giật,2\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)
        got = read_crimes(write("one.csv", one))
    assert "1. Giết người" in set(got["offence"])


def test_headers_with_a_unit_in_brackets(write) -> None:
    from trends.io import read_districts

    got = read_districts(write("d.csv", "Quận/Huyện,Dân số (người),Diện tích [km2]\nBa Đình,247100,9.21\n"))
    assert got["population"].tolist() == [247100] and got["area_km2"].tolist() == [9.21]
    crimes = read_crimes(
        write("c.csv", "Quận/Huyện,Tháng,Tội danh,Số vụ (vụ)\nBa Đình,01/2024,Trộm cắp,12\n")
    )
    assert crimes["count"].tolist() == [12]


def test_kinds_of_unit_in_vietnamese_before_and_after_the_2025_reform(write) -> None:
    from trends.io import read_districts

    got = read_districts(
        write(
            "d.csv",
            "district,Tên,Loại,Dân số\nnam,Quận Nam,Quận,100\nbac,Huyện Bắc,HUYỆN,100\ntay,Thị xã Tây,Thị xã,100\n"
            "dong,Phường Đông,Phường,100\ntrung,Xã Trung,xã,100\nha,Thị trấn Hạ,Thị trấn,100\n",
        )
    )
    assert got["kind"].tolist() == ["urban", "rural", "town", "urban", "rural", "town"]


PANEL = (
    "state,year,murder,robbery,total\n"
    "Alabama,2019,300,4000,4300\n"
    "Alabama,2020,350,,4150\n"  # a missing count is reported, never read as 0
    "Alaska,2019,60,800,860\n"
)


def _panel(path: Path, offence_columns: object) -> pd.DataFrame:
    columns = {"state": "district", "year": "period"}
    return read_crimes(path, districts=False, columns=columns, offence_columns=offence_columns)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["csv", "parquet"])  # Parquet reads only the columns asked for
def test_offence_columns_read_a_panel_with_a_column_per_offence(tmp_path: Path, kind: str) -> None:
    table = pd.read_csv(__import__("io").StringIO(PANEL.replace(",,", ",0,")))
    path = tmp_path / f"panel.{kind}"
    table.to_csv(path, index=False) if kind == "csv" else table.to_parquet(path, index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = _panel(path, offence_columns=["Murder", "robbery"])  # matched without case
    assert [str(w.message) for w in caught] == [
        f"{path}: ignored column(s) ['total'] not in the data contract"
    ]
    assert got.attrs["freq"] == "year"
    assert got.to_dict("list") == {
        "district": ["Alabama", "Alabama", "Alabama", "Alabama", "Alaska", "Alaska"],
        "period": list(pd.to_datetime(["2019-01-01", "2020-01-01"] * 2 + ["2019-01-01"] * 2)),
        "offence": ["murder", "murder", "robbery", "robbery", "murder", "robbery"],
        "count": [300, 350, 4000, 0, 60, 800],
    }
    renamed = _panel(path, offence_columns={"murder": "Giết người"})
    assert renamed["offence"].unique().tolist() == ["Giết người"]


@pytest.mark.filterwarnings("ignore::trends.schema.TrendsDataWarning")
def test_offence_columns_report_what_cannot_be_read(write) -> None:
    path = write("panel.csv", PANEL)
    with pytest.raises(TrendsDataError) as err:
        _panel(path, offence_columns=["murder", "robbery"])
    assert (err.value.row, err.value.column) == (3, "robbery"), err.value  # the empty cell, by row and header
    with pytest.raises(TrendsDataError, match="'murdr', which the file does not have") as err:
        _panel(path, offence_columns=["murdr"])
    assert "'murder'" in str(err.value)  # the headers it has
    with pytest.raises(TrendsDataError, match="columns= also maps to 'district'"):
        _panel(path, offence_columns=["state", "murder"])
    with pytest.raises(TrendsDataError, match="must list the headers"):
        _panel(path, offence_columns="murder")
    long = write("long.csv", "state,year,offence,count,murder\nAlaska,2019,theft,4,1\n")
    with pytest.raises(TrendsDataError, match="also has 'offence' column"):
        _panel(long, offence_columns=["murder"])


@pytest.mark.filterwarnings("ignore::trends.schema.TrendsDataWarning")
def test_offence_columns_read_the_fbi_table_as_its_own_loader_does() -> None:
    """The FBI's state table as the package ships it (a column per offence, gzip CSV) reads to the rows of
    :func:`trends.datasets.load_us_states`, which melts it with its own code."""
    from importlib.resources import files

    from trends.datasets import load_us_states

    fbi = files("trends.datasets") / "data" / "us_states.csv.gz"
    wanted = ["homicide", "robbery", "burglary"]
    got = _panel(Path(str(fbi)), offence_columns=wanted)
    ref = load_us_states(include_national=True)
    ref = ref[ref["offence"].isin(wanted)][["district", "period", "offence", "count"]]
    order = ["district", "offence", "period"]
    pd.testing.assert_frame_equal(
        got.sort_values(order).reset_index(drop=True), ref.sort_values(order).reset_index(drop=True)
    )


def test_vietnamese_month_names_are_months_and_thang_nam_is_no_may(write) -> None:
    """Excel's month names in the Vietnamese locale are months ("Tháng Năm 2024" is May); "Tháng năm" alone
    heads a column of months and years, and is never read as May (round 21)."""
    head = "Quận/Huyện,Tội danh,Tháng Năm 2024,Thg6-24,Tháng 7 2024\n"
    wide = read_crimes(write("wide.csv", head + "Ba Đình,Trộm cắp,1,2,3\n"))
    assert wide["period"].dt.strftime("%Y-%m").tolist() == ["2024-05", "2024-06", "2024-07"]
    # "Tháng năm" (month and year) heads the periods, as "Tháng" and "Năm" each do: its 12 is no count of May
    with pytest.raises(TrendsDataError, match="missing required column 'count'"):
        read_crimes(write("alone.csv", "Quận/Huyện,Tội danh,Tháng năm\nBa Đình,Trộm cắp,12\n"))
    long = read_crimes(
        write("long.csv", "Quận/Huyện,Tội danh,Tháng năm,Số vụ\nBa Đình,Trộm cắp,03/2024,12\n")
    )
    assert long["period"].dt.strftime("%Y-%m").tolist() == ["2024-03"]
