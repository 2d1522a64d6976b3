"""`load_study` on an analyst's files: which districts the study covers, and that no row is lost unreported."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.datasets import load_hanoi_districts
from trends.schema import TrendsDataError, TrendsDataWarning
from trends.study import load_study

MONTHS = pd.period_range("2022-01", periods=30, freq="M")


def _counts(path: Path, districts: list[str]) -> Path:
    rows = [
        {"district": d, "period": str(p), "offence": o, "count": 10 + i}
        for i, d in enumerate(districts)
        for p in MONTHS
        for o in ("theft", "assault")
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _register(path: Path) -> Path:
    pd.DataFrame(
        {
            "model_id": ["m1", "m2", "m3", "m4"],
            "district": ["Ba Đình", "Cầu Giấy", "Cầu Giấy", "Sóc Sơn"],
            "model_type": ["camera", "watch", "camera", "watch"],
            "start": ["2023-03-01", "2023-05-01", "2023-06-01", "2023-01-01"],
        }
    ).to_csv(path, index=False)
    return path


def test_without_a_districts_table_the_study_covers_the_districts_in_the_file(tmp_path: Path) -> None:
    counts = _counts(tmp_path / "counts.csv", ["Ba Đình", "Hoàn Kiếm", "Sóc Sơn"])
    with pytest.warns(TrendsDataWarning) as record:
        study = load_study(counts, rollout=_register(tmp_path / "models.csv"), complete=True)
    messages = [str(w.message) for w in record]
    assert any("counts.csv covers 3 of the 30 districts of Hanoi" in m and "Cầu Giấy" in m for m in messages)
    # the register's models in a district the counts do not cover are reported, then left out
    assert any("models.csv: 2 model(s) in districts the crime data do not cover" in m for m in messages)
    assert any("cau_giay (2)" in m for m in messages)
    assert sorted(study.districts["district"]) == ["ba_dinh", "hoan_kiem", "soc_son"]
    assert sorted(study.rollout["model_id"]) == ["m1", "m4"]
    # the study says what it covers: never "Hanoi" for part of it
    assert (study.extent.covered, study.extent.of, study.extent.models_left_out) == (3, 30, 2)
    assert "Cầu Giấy" in study.extent.absent
    assert study.place["en"] == "3 of Hanoi's 30 districts"
    # complete=True fills absent rows with zeros only inside the covered districts: nothing was absent
    assert len(study.crimes) == 3 * len(MONTHS) * 2
    assert study.crimes["count"].gt(0).all()
    assert study.crimes["count"].sum() == pd.read_csv(counts)["count"].sum()


def test_a_districts_table_declares_districts_that_recorded_nothing(tmp_path: Path) -> None:
    counts = _counts(tmp_path / "counts.csv", ["Ba Đình", "Hoàn Kiếm"])
    table = load_hanoi_districts()
    table = table[table["district"].isin(["ba_dinh", "hoan_kiem", "tay_ho"])]
    table = table[["district", "name_vi", "name_ascii", "kind", "population", "area_km2"]]
    table.to_csv(tmp_path / "districts.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)  # no coverage warning: the table is the study
        study = load_study(counts, districts=tmp_path / "districts.csv", complete=True)
    assert sorted(study.districts["district"]) == ["ba_dinh", "hoan_kiem", "tay_ho"]
    tay_ho = study.crimes[study.crimes["district"] == "tay_ho"]
    assert len(tay_ho) == len(MONTHS) * 2 and (tay_ho["count"] == 0).all()


def test_an_incident_list_from_part_of_the_city_does_not_make_the_rest_crime_free(tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    pd.DataFrame(
        {
            "date": ["03/01/2024", "15/01/2024", "02/02/2024", "20/03/2024"],
            "district": ["Ba Đình", "Ba Đình", "Đống Đa", "Đống Đa"],
            "offence": ["theft", "theft", "assault", "theft"],
        }
    ).to_csv(path, index=False)
    with pytest.warns(TrendsDataWarning, match="covers 2 of the 30 districts"):
        study = load_study(incidents=path)
    assert sorted(study.crimes["district"].unique()) == ["ba_dinh", "dong_da"]
    assert study.crimes["count"].sum() == 4


def test_a_vietnamese_file_name_becomes_a_transliterated_study_name() -> None:
    from trends.study import _slug

    assert _slug("Số liệu tội phạm Đống Đa 2024") == "so_lieu_toi_pham_dong_da_2024"
    assert _slug("ĐĐ") == "dd"
    assert _slug("***") == "study"


# --- across Hanoi's 2025 reform ------------------------------------------------------------------------------


def _reform_file(tmp_path, name: str, by_unit_from: str | None) -> str:
    """A small crimes file 2024-07..2026-06: by district, or by district until 2025-06 and new unit after."""
    from trends.geo import hanoi_districts, hanoi_units

    rng = np.random.default_rng(11)
    rows = []
    for period in pd.date_range("2024-07-01", "2026-06-01", freq="MS"):
        if by_unit_from is not None and period >= pd.Timestamp(by_unit_from):
            names = hanoi_units()["name_vi"]  # "Phường Ba Đình", "Xã Sóc Sơn" ...
        else:
            names = "Quận " + hanoi_districts()["name_vi"] if by_unit_from else hanoi_districts()["name_vi"]
        rows += [(n, f"{period:%Y-%m}", "theft", int(rng.poisson(8))) for n in names]
    path = tmp_path / name
    pd.DataFrame(rows, columns=["district", "period", "offence", "count"]).to_csv(path, index=False)
    return str(path)


def test_load_study_reads_a_file_that_switches_to_new_units(tmp_path) -> None:
    path = _reform_file(tmp_path, "mixed.csv", "2025-07-01")
    study = load_study(path)
    assert study.reported is not None and study.apportioned_from == pd.Timestamp("2025-07-01")
    assert study.reported["district"].nunique() == 30 + 126
    assert study.crimes["district"].nunique() == 30 and pd.api.types.is_integer_dtype(study.crimes["count"])
    raw = pd.read_csv(path)
    assert int(study.crimes["count"].sum()) == int(raw["count"].sum())


def test_load_study_reads_a_file_by_old_districts_without_apportioning(tmp_path) -> None:
    path = _reform_file(tmp_path, "districts.csv", None)
    with pytest.raises(TrendsDataError, match="did not exist"):
        load_study(path)  # bare district names after 2025-06 name units that no longer existed
    short = pd.read_csv(path)
    short = short[short["period"] < "2025-07"]
    short.to_csv(path, index=False)
    study = load_study(path)
    assert study.reported is None and study.apportioned_from is None
    assert study.crimes["district"].nunique() == 30


def test_load_study_counts_an_incident_list_that_switches_to_new_units(tmp_path) -> None:
    rows = [
        ("2025-05-03", "Quận Ba Đình", "theft"),
        ("2025-06-20", "Ba Đình", "theft"),
        ("2025-07-02", "Phường Ba Đình", "theft"),
        ("2025-08-15", "Ngọc Hà", "theft"),
        ("2025-08-16", "Xã Sóc Sơn", "theft"),
    ]
    path = tmp_path / "incidents.csv"
    pd.DataFrame(rows, columns=["date", "district", "offence"]).to_csv(path, index=False)
    with pytest.warns(TrendsDataWarning, match="covers"):
        study = load_study(incidents=path)
    assert study.apportioned_from == pd.Timestamp("2025-07-01")
    assert int(study.crimes["count"].sum()) == 5
    rep = study.reported
    assert rep is not None and int(rep["count"].sum()) == 5
    # the old district only before the reform, the new units only from it
    assert (rep.loc[rep["district"] == "ba_dinh", "period"] < "2025-07-01").all()
    assert (rep.loc[rep["district"] == "phuong_ba_dinh", "period"] >= "2025-07-01").all()


def test_without_gaps_leaves_out_the_districts_with_a_missing_cell_and_says_so() -> None:
    import dataclasses

    study = load_study()
    crimes = study.crimes.astype({"count": "Int64"})
    crimes.loc[(crimes["district"] == "cau_giay") & (crimes["period"] == "2019-04-01"), "count"] = pd.NA
    with pytest.warns(TrendsDataWarning, match=r"left out 1 district\(s\) with missing cells: Cầu Giấy"):
        part = dataclasses.replace(study, crimes=crimes).without_gaps()
    assert "cau_giay" not in set(part.crimes["district"]) and not part.crimes["count"].isna().any()
    assert "cau_giay" not in set(part.rollout["district"]) and len(part.districts) == 29
    assert part.place["en"] == "29 of Hanoi's 30 districts" and part.extent.absent == ("Cầu Giấy",)
    assert part.extent.models_left_out == int((study.rollout["district"] == "cau_giay").sum()) > 0
    assert study.without_gaps() is study  # nothing missing: the same study


def test_without_gaps_of_some_offences_counts_only_their_gaps() -> None:
    # `trends report --offence theft` needs complete theft series only: a gap in fraud leaves nobody out
    import dataclasses

    study = load_study()
    crimes = study.crimes.astype({"count": "Int64"})
    crimes.loc[(crimes["district"] == "cau_giay") & (crimes["offence"] == "fraud"), "count"] = pd.NA
    gappy = dataclasses.replace(study, crimes=crimes)
    assert gappy.without_gaps(["theft"]) is gappy
    with pytest.warns(TrendsDataWarning, match="Cầu Giấy"):
        assert "cau_giay" not in set(gappy.without_gaps(["fraud", "theft"]).districts["district"])


def test_an_own_file_of_all_hanoi_is_hanoi_and_a_gap_makes_it_part_of_it(tmp_path: Path) -> None:
    # the 30 districts named without a districts table are Hanoi (the title reads "Hanoi", not "30 districts");
    # leaving out a district with a missing cell makes it "29 of Hanoi's 30 districts"
    names = load_hanoi_districts()["name_vi"].tolist()
    counts = _counts(tmp_path / "crimes.csv", names)
    study = load_study(counts, complete=True)
    assert study.hanoi and study.extent is None and study.place["en"] == "Hanoi"
    gappy = pd.read_csv(counts).iloc[1:]  # one district's first month absent, not declared complete
    gappy.to_csv(tmp_path / "gappy.csv", index=False)
    with pytest.warns(TrendsDataWarning):
        part = load_study(tmp_path / "gappy.csv").without_gaps()
    assert part.place["en"] == "29 of Hanoi's 30 districts"
    # a districts table of exactly Hanoi's 30 is Hanoi too; a table of other districts is counted
    table = load_hanoi_districts()[["district", "name_vi", "name_ascii", "kind", "population", "area_km2"]]
    table.to_csv(tmp_path / "districts.csv", index=False)
    own = load_study(counts, districts=tmp_path / "districts.csv", complete=True)
    assert own.hanoi and own.place["en"] == "Hanoi"
    few = _counts(tmp_path / "few.csv", names[:3])
    table.iloc[:3].to_csv(tmp_path / "three.csv", index=False)
    three = load_study(few, districts=tmp_path / "three.csv", complete=True)
    assert not three.hanoi and three.place["en"] == "3 districts"


def test_missing_cells_are_listed_by_district_name(tmp_path: Path) -> None:
    counts = _counts(tmp_path / "crimes.csv", ["Ba Đình", "Hoàn Kiếm"])
    pd.read_csv(counts).iloc[1:].to_csv(tmp_path / "gappy.csv", index=False)  # Ba Đình's first theft absent
    with pytest.warns(
        TrendsDataWarning, match=r"1 missing cell\(s\) left missing .*: Ba Đình/theft: 2022-01"
    ):
        load_study(tmp_path / "gappy.csv")
