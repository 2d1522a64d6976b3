"""District names resolve to one canonical id from any common spelling."""

from __future__ import annotations

import unicodedata
import warnings

import pandas as pd
import pytest

from trends.geo import DistrictResolver, default_resolver, district_key, fold
from trends.schema import TrendsDataError

PREFIXES = {
    "urban": ["Q.", "Q. ", "quận ", "Quận ", "QUẬN "],
    "rural": ["H.", "H. ", "huyện ", "Huyện "],
    "town": ["TX.", "TX. ", "thị xã ", "Thị xã ", "TX "],
}


def spellings(row: pd.Series) -> list[str]:
    vi, ascii_ = row["name_vi"], row["name_ascii"]
    base = [
        vi,
        ascii_,
        vi.upper(),
        ascii_.upper(),
        vi.lower(),
        unicodedata.normalize("NFD", vi),
        row["district"],
        f"District {ascii_}",
        f"{ascii_} District",
        f"{vi} district",
        f"  {vi}  ",
    ]
    prefixed = [
        p + name for p in PREFIXES[row["kind"]] for name in (vi, ascii_, unicodedata.normalize("NFD", vi))
    ]
    # the unit's police, as police reports name their reporting units ("Công an quận Ba Đình")
    police = [
        f"Công an {vi}",
        f"Công an {PREFIXES[row['kind']][3]}{vi}",
        f"CA {PREFIXES[row['kind']][0]} {ascii_}",
    ]
    return base + prefixed + police


def test_all_30_districts_resolve_in_every_spelling(hanoi_districts: pd.DataFrame) -> None:
    resolver = DistrictResolver(hanoi_districts)
    assert len(hanoi_districts) == 30
    for _, row in hanoi_districts.iterrows():
        names = spellings(row)
        got = resolver.resolve(names)
        assert (got == row["district"]).all(), dict(zip(names, got, strict=True))


def test_keys_are_unique_across_districts(hanoi_districts: pd.DataFrame) -> None:
    keys = hanoi_districts["name_vi"].map(district_key)
    assert keys.is_unique


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("Đống Đa") == "dong da"
    assert fold(unicodedata.normalize("NFD", "Hoàn Kiếm")) == "hoan kiem"


def test_prefix_words_inside_names_are_kept(hanoi_districts: pd.DataFrame) -> None:
    # "Quốc Oai" starts like "quận" and "Hoàng Mai" like "H": neither may lose its first word.
    resolver = DistrictResolver(hanoi_districts)
    assert resolver.resolve(["Quốc Oai", "Hoàng Mai", "Hà Đông"]).tolist() == [
        "quoc_oai",
        "hoang_mai",
        "ha_dong",
    ]


def test_ca_is_the_police_only_before_an_administrative_word() -> None:
    from trends.geo.names import name_readings

    assert name_readings("CA huyện Sóc Sơn")[-1] == ("district", "socson")
    assert name_readings("Ca Mau") == [(None, "camau")]  # a name that starts with "Ca" keeps it


def test_unknown_names_are_all_listed_with_closest_matches(hanoi_districts: pd.DataFrame) -> None:
    resolver = DistrictResolver(hanoi_districts)
    with pytest.raises(TrendsDataError) as err:
        resolver.resolve(["Ba Dinh", "Hoan Kiemm", "Atlantis", "Hoan Kiemm"], file="x.csv")
    text = str(err.value)
    assert "x.csv" in text and "'Hoan Kiemm'" in text and "'Atlantis'" in text
    assert "hoan_kiem" in text  # the closest match is suggested
    assert "rows 3, 5" in text  # every row of a repeated unknown name
    assert len(err.value.problems) == 2


def test_aliases_and_ambiguity() -> None:
    table = pd.DataFrame({"district": ["a", "b"], "name_vi": ["Alpha", "Beta"]})
    assert DistrictResolver(table, aliases={"Old Alpha": "a"}).resolve(["old alpha"]).tolist() == ["a"]
    with pytest.raises(ValueError, match="ambiguous"):
        DistrictResolver(pd.DataFrame({"district": ["a", "b"], "name_vi": ["Ba Đình", "Ba Dinh"]}))


def test_hanoi_adjacency_is_symmetric_data_on_the_30_districts() -> None:
    from trends.geo import hanoi_adjacency, hanoi_districts

    adj = hanoi_adjacency()
    ids = set(hanoi_districts()["district"])
    assert len(adj) == 72 and not adj.duplicated(["district_a", "district_b"]).any()
    assert (adj["district_a"] < adj["district_b"]).all()
    degree = pd.concat([adj["district_a"], adj["district_b"]]).value_counts()
    assert set(degree.index) == ids and degree.between(2, 7).all()
    assert int(adj["also_implied_by_resolution"].sum()) == 26
    # Hoàn Kiếm borders Ba Đình (both in the urban core), Sóc Sơn does not border Mỹ Đức
    pairs = set(zip(adj["district_a"], adj["district_b"], strict=True))
    assert ("ba_dinh", "hoan_kiem") in pairs and ("my_duc", "soc_son") not in pairs


def test_a_hanoi_district_missing_from_a_study_table_is_named_as_such() -> None:
    """A city-wide register read against a study's table of 3 districts: "Hoàn Kiếm" is not a typo of one of
    them (the closest-known hint pointed at the wrong district), it is a Hanoi district the table leaves out."""
    from trends.geo import hanoi_districts

    table = hanoi_districts()
    study = DistrictResolver(table[table["district"].isin(["ba_dinh", "dong_da", "cau_giay"])])
    with pytest.raises(TrendsDataError, match="Hanoi's Hoàn Kiếm, which the districts table does not list"):
        study.resolve(pd.Series(["Ba Đình", "Hoàn Kiếm"]), column="Quận")
    with pytest.raises(TrendsDataError, match="closest known") as err:  # a typo of a listed district
        study.resolve(pd.Series(["Ba Đìnhh"]), column="Quận")
    assert "does not list" not in str(err.value)


def test_district_codes_of_the_statistics_office_resolve_with_a_warning() -> None:
    from trends.geo import hanoi_districts as table
    from trends.geo.names import default_resolver
    from trends.schema import TrendsDataWarning

    hanoi_districts = table()
    # the codes of Decision 124/2004/QĐ-TTg, as the 2025 reform's ward-level crosswalk lists them
    assert {"001": "ba_dinh", "268": "ha_dong", "269": "son_tay", "282": "my_duc"}.items() <= (
        dict(zip(hanoi_districts["gso_code"], hanoi_districts["district"], strict=True)).items()
    )
    assert hanoi_districts["gso_code"].is_unique and hanoi_districts["gso_code"].str.fullmatch(r"\d{3}").all()
    # a study's own table of some districts, with its own ids: the code finds the district among them
    own = DistrictResolver(pd.DataFrame({"district": ["Ba Đình", "Hà Đông"]}))
    with pytest.warns(TrendsDataWarning, match="administrative codes of Hanoi's districts.*268 = Hà Đông"):
        assert list(own.resolve(["268", "001", "Ba Đình"], file="f.csv")) == ["Hà Đông", "Ba Đình", "Ba Đình"]
    # a code is a district's, never a ward's: the new units alone do not take it
    assert default_resolver("unit").candidates("001") == []
    # a district's code names the district, so not after 1 July 2025
    with pytest.raises(TrendsDataError, match="did not exist at the row's date"):
        default_resolver().resolve(["001"], dates=[pd.Timestamp("2025-08-01")])
    # numbers that are no district's code are refused, saying what a code looks like
    for number in ("1", "031", "00004"):
        with pytest.raises(TrendsDataError, match="three-digit administrative code"):
            own.resolve([number])
    # a table whose ids are these numbers reads them as its ids, without a word
    ids = DistrictResolver(pd.DataFrame({"district": ["001", "002"]}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(ids.resolve(["001"])) == ["001"]


def test_tu_liem_is_the_ward_after_the_reform_and_the_split_district_before() -> None:
    # round 14: the district split in 2014 is never given to one of its halves; the ward of 2025 is read
    resolver = default_resolver()
    after = resolver.resolve(["Từ Liêm"], dates=[pd.Timestamp("2025-08-01")])
    assert after.tolist() == ["phuong_tu_liem"]
    for name, when in (("Từ Liêm", "2013-01-01"), ("Huyện Từ Liêm", "2024-01-01"), ("Hà Tây", "2008-01-01")):
        with pytest.raises(TrendsDataError, match="cannot be given to one"):
            resolver.resolve([name], dates=[pd.Timestamp(when)])


def test_units_named_before_they_were_hanoi_districts_are_refused_naming_what_they_were() -> None:
    resolver = default_resolver()
    for name, when, fragment in (
        ("Hà Đông", "2008-07-31", "Hà Tây province"),
        ("Mê Linh", "2007-12-01", "Vĩnh Phúc province"),
        ("Bắc Từ Liêm", "2014-03-31", "the former Từ Liêm district"),
    ):
        with pytest.raises(TrendsDataError, match=fragment):
            resolver.resolve([name], dates=[pd.Timestamp(when)])
    # from their first day, and in a table by year from the year they joined, they are the districts
    on = resolver.resolve(
        ["Hà Đông", "Mê Linh", "Nam Từ Liêm"], dates=pd.to_datetime(["2008-08-01"] * 2 + ["2014-04-01"])
    )
    assert on.tolist() == ["ha_dong", "me_linh", "nam_tu_liem"]
    yearly = resolver.resolve(
        ["Hà Đông", "Sơn Tây"], dates=pd.to_datetime(["2008-01-01"] * 2), check_dates=False
    )
    assert yearly.tolist() == ["ha_dong", "son_tay"]
    with pytest.raises(TrendsDataError, match="1 August 2008"):
        resolver.resolve(["Sơn Tây"], dates=[pd.Timestamp("2007-01-01")], check_dates=False)
    # the units of Hanoi before 2008 have no first day
    assert resolver.resolve(["Ba Đình"], dates=[pd.Timestamp("2001-05-01")]).tolist() == ["ba_dinh"]
