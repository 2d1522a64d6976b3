"""Hanoi's 2025 reform as data: the crosswalk covers both geographies, names resolve by prefix or date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trends.geo import (
    REFORM_DATE,
    default_resolver,
    hanoi_crosswalk,
    hanoi_districts,
    hanoi_geography,
    hanoi_unit_tiles,
    hanoi_unit_weights,
    hanoi_units,
    hanoi_zones,
    units_at,
)
from trends.io import read_crimes, read_incidents, read_population, read_rollout
from trends.schema import TrendsDataError


def test_126_units_with_population_and_ids() -> None:
    u = hanoi_units()
    assert len(u) == 126 and u["unit"].is_unique and u["gso_code"].is_unique
    assert u["kind"].value_counts().to_dict() == {"xa": 75, "phuong": 51}
    assert int(u["population"].sum()) == 8_811_473  # the merger portal's Hanoi total
    assert set(u["main_district"]) == set(hanoi_districts()["district"])
    assert u.loc[u["gso_code"] == "00004", "unit"].item() == "phuong_ba_dinh"


def test_crosswalk_covers_every_old_ward_and_new_unit() -> None:
    cw = hanoi_crosswalk()
    assert len(cw) == 795
    assert cw["old_ward_code"].nunique() == 526  # every commune-level unit of 2025-06
    assert set(cw["unit"]) == set(hanoi_units()["unit"])
    assert set(cw["district"]) == set(hanoi_districts()["district"])
    # a ward split into n pieces appears n times; a whole ward once
    n = cw.groupby("old_ward_code").size()
    stated = cw.drop_duplicates("old_ward_code").set_index("old_ward_code")["old_ward_n_pieces"]
    assert (n.to_numpy() == stated.reindex(n.index).to_numpy()).all()
    assert (cw.loc[cw["whole_or_part"] == "whole", "old_ward_n_pieces"] == 1).all()
    # an old ward belongs to one district
    assert (cw.groupby("old_ward_code")["district"].nunique() == 1).all()


def test_weights_are_the_crosswalks_district_unit_pairs_and_sum_to_one() -> None:
    cw = hanoi_crosswalk()
    for weight in ("population_flow", "ward_share"):
        w = hanoi_unit_weights(weight)
        assert len(w) == 214
        assert set(zip(w["district"], w["unit"], strict=True)) == set(
            zip(cw["district"], cw["unit"], strict=True)
        )
        assert w.groupby("district")["to_unit"].sum().sub(1).abs().max() < 1e-12
        assert w.groupby("unit")["to_district"].sum().sub(1).abs().max() < 1e-12
        assert (w[["to_unit", "to_district"]] >= 0).all().all()
    flow = hanoi_unit_weights()
    # a zero population weight only where the district gave the unit land without residents
    zero = set(zip(*flow.loc[flow["to_unit"] == 0, ["district", "unit"]].T.to_numpy(), strict=True))
    kinds = cw[[(d, u) in zero for d, u in zip(cw["district"], cw["unit"], strict=True)]]["piece_kind"]
    assert len(zero) > 0 and set(kinds) <= {"part_area_only", "remainder"}
    # the population flows into a unit add up to its 2025 population
    pop = hanoi_units().set_index("unit")["population"]
    inflow = flow.groupby("unit")["population_flow"].sum()
    gap = inflow.to_numpy() - pop.reindex(inflow.index).to_numpy()
    assert abs(gap).max() <= 1 and gap.sum() == 0  # whole residents: rounding moves at most one per unit
    with pytest.raises(ValueError, match="weight"):
        hanoi_unit_weights("area")


@pytest.mark.parametrize(("mode", "n_zones"), [("strict", 5), ("residents", 10)])
def test_zones_partition_both_geographies(mode: str, n_zones: int) -> None:
    z = hanoi_zones(mode)
    assert z["zone"].nunique() == n_zones
    assert set(z.loc[z["level"] == "district", "id"]) == set(hanoi_districts()["district"])
    assert set(z.loc[z["level"] == "unit", "id"]) == set(hanoi_units()["unit"])
    assert not z.duplicated("id").any()


def test_strict_zones_are_closed_under_the_crosswalk() -> None:
    # exact by construction: no piece of any old ward crosses a zone boundary, so a crime counted in a district
    # stays in the same zone whatever unit it lands in after the reform
    zone = hanoi_zones("strict").set_index("id")["zone"]
    cw = hanoi_crosswalk()
    assert (cw["district"].map(zone) == cw["unit"].map(zone)).all()
    resid = hanoi_zones("residents").set_index("id")["zone"]
    crossing = cw[cw["district"].map(resid) != cw["unit"].map(resid)]
    # only pieces without residents cross a 'residents' zone: land-only pieces, or the remainder of a ward whose
    # residents all went elsewhere
    allpop = set(cw.loc[cw["piece_kind"] == "part_area_allpop", "old_ward_code"])
    no_residents = (crossing["piece_kind"] == "part_area_only") | (
        (crossing["piece_kind"] == "remainder") & crossing["old_ward_code"].isin(allpop)
    )
    assert len(crossing) > 0 and no_residents.all()


def test_round_trip_through_the_weights_conserves_totals_in_exact_zones() -> None:
    d = hanoi_districts()[["district"]].copy()
    d["count"] = range(100, 130)
    w = hanoi_unit_weights()
    to_units = d.merge(w, on="district").assign(c=lambda x: x["count"] * x["to_unit"])
    units = to_units.groupby("unit")["c"].sum()
    back = (
        w.assign(c=lambda x: x["unit"].map(units) * x["to_district"])
        .groupby("district")["c"]
        .sum()
        .reindex(d["district"])
    )
    zone = hanoi_zones("strict").set_index("id")["zone"]
    start = d.set_index("district")["count"].groupby(zone).sum()
    assert units.groupby(zone).sum().sub(start).abs().max() < 1e-9
    assert back.groupby(zone).sum().sub(start).abs().max() < 1e-9
    assert abs(back.sum() - d["count"].sum()) < 1e-9


def test_units_at_a_date() -> None:
    before, after = units_at("2025-06-30"), units_at(REFORM_DATE)
    assert len(before) == 30 and (before["level"] == "district").all()
    assert len(after) == 126 and (after["level"] == "unit").all()
    assert len(hanoi_geography()) == 156


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Quận Ba Đình", "ba_dinh"),
        ("Q. Ba Đình", "ba_dinh"),
        ("Phường Ba Đình", "phuong_ba_dinh"),
        ("P. Ba Đình", "phuong_ba_dinh"),
        ("phuong ba dinh", "phuong_ba_dinh"),
        ("Xã Sóc Sơn", "xa_soc_son"),
        ("Huyện Sóc Sơn", "soc_son"),
        ("Thị xã Sơn Tây", "son_tay"),
        ("Phường Sơn Tây", "phuong_son_tay"),
        ("Phường Long Biên", "phuong_long_bien"),
        ("Quận Long Biên", "long_bien"),
        ("Phượng Dực", "xa_phuong_duc"),  # a name that starts like "phường" is not a prefix
        ("Xã Phượng Dực", "xa_phuong_duc"),
        ("Phương Liệt", "phuong_phuong_liet"),
        ("Phường Phương Liệt", "phuong_phuong_liet"),
        ("Ngọc Hà", "phuong_ngoc_ha"),  # only a new unit has this name
        ("ba_dinh", "ba_dinh"),
        ("phuong_ba_dinh", "phuong_ba_dinh"),
    ],
)
def test_prefixed_and_unique_names_resolve(name: str, expected: str) -> None:
    assert default_resolver().resolve([name]).tolist() == [expected]


def test_every_unit_resolves_from_its_prefixed_names() -> None:
    g = hanoi_geography()
    r = default_resolver()
    prefixed = g["name_vi"].where(g["level"] == "unit", "Quận " + g["name_vi"])
    assert r.resolve(prefixed).tolist() == g["district"].tolist()
    assert (
        r.resolve(g["name_ascii"].where(g["level"] == "unit", "District " + g["name_ascii"])).tolist()
        == g["district"].tolist()
    )


@pytest.mark.parametrize("name", ["Ba Đình", "Sóc Sơn", "Long Biên", "BA DINH"])
def test_bare_names_of_both_geographies_are_refused_without_a_date(name: str) -> None:
    with pytest.raises(TrendsDataError) as err:
        default_resolver().resolve(["Ngọc Hà", name], file="f.csv", column="ward")
    text = str(err.value)
    assert "ambiguous" in text and "f.csv" in text and "row 3" in text and "'ward'" in text
    district = default_resolver().resolve([f"Quận {name}"]).item()
    assert district in text and (f"phuong_{district}" in text or f"xa_{district}" in text)


def test_bare_names_resolve_by_date() -> None:
    got = default_resolver().resolve(
        ["Ba Đình", "Ba Đình", "Sóc Sơn"], dates=["2025-06-01", "2025-07-01", "2026-01-01"]
    )
    assert got.tolist() == ["ba_dinh", "phuong_ba_dinh", "xa_soc_son"]


def test_district_resolver_without_levels_is_unchanged() -> None:
    r = default_resolver("district")
    assert r.resolve(["Ba Đình", "Sóc Sơn"]).tolist() == ["ba_dinh", "soc_son"]


def _write(tmp_path, name: str, rows: list[tuple[str, str, str, int]]) -> str:
    path = tmp_path / name
    pd.DataFrame(rows, columns=["district", "period", "offence", "count"]).to_csv(path, index=False)
    return str(path)


def test_read_crimes_by_new_units_by_districts_and_mixed(tmp_path) -> None:
    by_unit = read_crimes(
        _write(
            tmp_path,
            "u.csv",
            [("Phường Ba Đình", "2025-08", "theft", 3), ("Xã Sóc Sơn", "2025-08", "theft", 1)],
        )
    )
    assert set(by_unit["district"]) == {"phuong_ba_dinh", "xa_soc_son"}
    by_district = read_crimes(
        _write(
            tmp_path, "d.csv", [("Quận Ba Đình", "2024-08", "theft", 3), ("Sóc Sơn", "2024-08", "theft", 1)]
        )
    )
    assert set(by_district["district"]) == {"ba_dinh", "soc_son"}
    mixed = read_crimes(
        _write(
            tmp_path,
            "m.csv",
            [
                ("Ba Đình", "2025-06", "theft", 3),
                ("Ba Đình", "2025-07", "theft", 2),
                ("Ngọc Hà", "2025-07", "theft", 4),
            ],
        )
    )
    assert sorted(zip(mixed["period"].astype(str), mixed["district"], strict=True)) == [
        ("2025-06-01", "ba_dinh"),
        ("2025-07-01", "phuong_ba_dinh"),
        ("2025-07-01", "phuong_ngoc_ha"),
    ]


@pytest.mark.parametrize(
    ("rows", "row", "fragment"),
    [
        (
            [("Quận Ba Đình", "2025-06", "theft", 1), ("Phường Ngọc Hà", "2025-05", "theft", 1)],
            3,
            "phuong_ngoc_ha",
        ),
        ([("Phường Ngọc Hà", "2025-07", "theft", 1), ("Quận Ba Đình", "2025-09", "theft", 1)], 3, "ba_dinh"),
    ],
)
def test_a_unit_named_outside_its_dates_is_an_error_naming_the_row(tmp_path, rows, row, fragment) -> None:
    path = _write(tmp_path, "bad.csv", rows)
    with pytest.raises(TrendsDataError) as err:
        read_crimes(path)
    assert err.value.row == row and err.value.column == "district"
    assert "did not exist" in str(err.value) and fragment in str(err.value) and "bad.csv" in str(err.value)


def test_population_of_new_units_and_districts_reads(tmp_path) -> None:
    path = tmp_path / "pop.csv"
    pd.DataFrame(
        {"district": ["Ba Đình", "Phường Ba Đình"], "year": [2019, 2025], "population": [221893, 65023]}
    ).to_csv(path, index=False)
    assert read_population(path)["district"].tolist() == ["ba_dinh", "phuong_ba_dinh"]


def test_rollout_register_by_new_units_reads(tmp_path) -> None:
    path = tmp_path / "r.csv"
    pd.DataFrame(
        {
            "model_id": ["m1", "m2"],
            "district": ["Ba Đình", "Ba Đình"],
            "model_type": ["camera", "camera"],
            "start": ["2024-03-01", "2025-09-01"],
        }
    ).to_csv(path, index=False)
    assert read_rollout(path)["district"].tolist() == ["ba_dinh", "phuong_ba_dinh"]


def test_unit_tiles_place_every_new_unit_once() -> None:
    tiles = hanoi_unit_tiles()
    assert set(tiles) == set(hanoi_units()["unit"])
    assert len(set(tiles.values())) == 126 and max(c for c, _ in tiles.values()) == 13
    # a district's successors sit together: Sóc Sơn's five communes are consecutive tiles
    order = sorted(tiles, key=lambda u: (tiles[u][1], tiles[u][0]))
    soc_son = [
        i
        for i, u in enumerate(order)
        if u in {"xa_soc_son", "xa_kim_anh", "xa_trung_gia", "xa_da_phuc", "xa_noi_bai"}
    ]
    assert soc_son == list(range(soc_son[0], soc_son[0] + 5))


def test_incident_list_across_the_reform_resolves_each_row_by_its_date(tmp_path) -> None:
    # Bare names shared by both geographies, resolved once per distinct (name, date) pair: the result must be
    # what the resolver gives row by row.
    rng = np.random.default_rng(3)
    names = np.array(["Ba Đình", "Sóc Sơn", "Quận Long Biên", "Phường Hoàn Kiếm", "Xã Sóc Sơn"], dtype=object)
    days = pd.date_range("2024-01-01", "2026-06-30", freq="D")
    n = 3000
    frame = pd.DataFrame(
        {
            "date": days[rng.integers(0, len(days), n)].strftime("%d/%m/%Y"),
            "district": names[rng.integers(0, 2, n)],
            "offence": "Trộm cắp tài sản",
        }
    )
    # Prefixed names only where they existed at the row's date.
    old = pd.to_datetime(frame["date"], dayfirst=True) < "2025-07-01"
    frame.loc[old & (rng.random(n) < 0.2), "district"] = "Quận Long Biên"
    frame.loc[~old & (rng.random(n) < 0.2), "district"] = "Phường Hoàn Kiếm"
    frame.to_csv(tmp_path / "incidents.csv", index=False)
    got = read_incidents(tmp_path / "incidents.csv")
    expected = default_resolver().resolve(
        frame["district"], dates=pd.to_datetime(frame["date"], dayfirst=True)
    )
    assert got["district"].astype(object).tolist() == expected.tolist()
    assert {"ba_dinh", "phuong_ba_dinh", "soc_son", "xa_soc_son"} <= set(got["district"])

    # A new unit named before it existed: refused, naming the rows (found row by row after the pair check).
    frame.loc[[7, 40], ["date", "district"]] = ["03/02/2024", "Phường Hoàn Kiếm"]
    frame.to_csv(tmp_path / "early.csv", index=False)
    with pytest.raises(TrendsDataError) as err:
        read_incidents(tmp_path / "early.csv")
    text = str(err.value)
    assert "did not exist" in text and "rows 9, 42" in text and "early.csv" in text
