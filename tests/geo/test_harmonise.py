"""A crimes table spanning the 2025 reform, carried onto one geography: totals kept, exact zones integer,
apportioned counts flagged with their variance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trends.geo import (
    hanoi_districts,
    hanoi_population,
    hanoi_unit_weights,
    hanoi_units,
    hanoi_zones,
    harmonise,
    harmonise_rollout,
)
from trends.schema import TrendsDataError, TrendsDataWarning


@pytest.fixture
def spanning() -> pd.DataFrame:
    """Two offences, 2025-05..2025-08: districts before the reform, new units after (random counts)."""
    rng = np.random.default_rng(7)
    rows = []
    for period in pd.to_datetime(["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"]):
        ids = hanoi_districts()["district"] if period.month < 7 else hanoi_units()["unit"]
        for offence in ("theft", "assault"):
            rows += [(d, period, offence, int(rng.poisson(20))) for d in ids]
    out = pd.DataFrame(rows, columns=["district", "period", "offence", "count"])
    out.attrs["freq"] = "month"
    return out


def _totals(frame: pd.DataFrame) -> pd.Series:
    return frame.groupby(["period", "offence"])["count"].sum()


@pytest.mark.parametrize("mode", ["strict", "residents"])
def test_zones_are_exact_integers_and_keep_totals_per_zone(spanning: pd.DataFrame, mode: str) -> None:
    out = harmonise(spanning, "zone", zones=mode)
    assert out["count"].dtype == np.int64 and not out["apportioned"].any() and (out["count_var"] == 0).all()
    assert (_totals(out) == _totals(spanning)).all()
    zone = hanoi_zones(mode).set_index("id")["zone"]
    by_zone = (
        spanning.assign(z=spanning["district"].map(zone)).groupby(["z", "period", "offence"])["count"].sum()
    )
    assert (
        out.set_index(["district", "period", "offence"])["count"] == by_zone.rename_axis(by_zone.index.names)
    ).all()
    assert out.attrs["geography"] == "zone" and "zone" in out.attrs["method"] and out.attrs["freq"] == "month"
    assert set(out["district"]) == set(zone)


@pytest.mark.parametrize("to", ["unit", "district"])
def test_apportionment_keeps_totals_and_flags_estimates(spanning: pd.DataFrame, to: str) -> None:
    out = harmonise(spanning, to)
    assert np.allclose(_totals(out), _totals(spanning))
    native = out["period"] >= "2025-07-01" if to == "unit" else out["period"] < "2025-07-01"
    assert not out.loc[native, "apportioned"].any() and out.loc[~native, "apportioned"].all()
    assert (out.loc[native, "count_var"] == 0).all() and (out.loc[~native, "count_var"] > 0).any()
    assert "estimates" in out.attrs["method"] and out.attrs["geography"] == to
    assert set(out["district"]) <= set(
        hanoi_units()["unit"] if to == "unit" else hanoi_districts()["district"]
    )
    # within an exact zone the apportioned totals equal the source's totals
    zone = hanoi_zones("strict").set_index("id")["zone"]
    src = spanning.assign(z=spanning["district"].map(zone)).groupby(["z", "period"])["count"].sum()
    got = out.assign(z=out["district"].map(zone)).groupby(["z", "period"])["count"].sum()
    assert np.allclose(got.reindex(src.index), src)


def test_apportionment_is_the_weighted_split_with_multinomial_variance() -> None:
    crimes = pd.DataFrame(
        {
            "district": ["ba_dinh"],
            "period": [pd.Timestamp("2024-01-01")],
            "offence": ["theft"],
            "count": [100],
        }
    )
    with pytest.warns(TrendsDataWarning, match="only part of 8 new unit"):  # they also took other districts'
        out = harmonise(crimes, "unit").set_index("district")
    w = hanoi_unit_weights().query("district == 'ba_dinh' and to_unit > 0").set_index("unit")["to_unit"]
    assert np.allclose(out["count"].reindex(w.index), 100 * w)
    assert np.allclose(out["count_var"].reindex(w.index), 100 * w * (1 - w))


def test_integer_apportionment_keeps_each_source_total_exactly(spanning: pd.DataFrame) -> None:
    out = harmonise(spanning, "unit", integer=True)
    assert out["count"].dtype == np.int64 and out["apportioned"].any()
    assert (_totals(out) == _totals(spanning)).all()
    float_out = harmonise(spanning, "unit").set_index(["district", "period", "offence"])["count"]
    gap = out.set_index(["district", "period", "offence"])["count"] - float_out
    # each source district's rounding moves a unit's count by less than one crime
    feeders = hanoi_unit_weights().query("to_unit > 0").groupby("unit").size()
    assert (gap.abs() < gap.index.get_level_values("district").map(feeders).to_numpy()).all()


def test_round_trip_unit_and_back_conserves_district_totals_in_zones(spanning: pd.DataFrame) -> None:
    before = spanning[spanning["period"] < "2025-07-01"]
    back = harmonise(harmonise(before, "unit")[["district", "period", "offence", "count"]], "district")
    zone = hanoi_zones("strict").set_index("id")["zone"]
    a = before.assign(z=before["district"].map(zone)).groupby(["z", "period", "offence"])["count"].sum()
    b = back.assign(z=back["district"].map(zone)).groupby(["z", "period", "offence"])["count"].sum()
    assert np.allclose(b.reindex(a.index), a)


def test_unknown_ids_are_refused() -> None:
    with pytest.raises(TrendsDataError, match="atlantis"):
        harmonise(pd.DataFrame({"district": ["atlantis"], "period": ["2024-01-01"], "count": [1]}), "unit")
    with pytest.raises(ValueError, match="to must be"):
        harmonise(pd.DataFrame({"district": ["ba_dinh"], "count": [1]}), "ward")  # type: ignore[arg-type]


@pytest.mark.parametrize("to", ["district", "unit", "zone"])
def test_population_matches_the_geography(to: str) -> None:
    pop = hanoi_population(to)  # type: ignore[arg-type]
    n = {"district": 30, "unit": 126, "zone": 5}[to]
    assert len(pop) == n and (pop["population"] > 0).all()
    assert pop["population_year"].iloc[0] == (2019 if to == "district" else 2025)
    if to != "district":
        assert int(pop["population"].sum()) == 8_811_473


def test_rollout_maps_by_ward_when_known_else_by_weight() -> None:
    register = pd.DataFrame(
        {
            "model_id": ["m1", "m2", "m3"],
            "district": ["ba_dinh", "ba_dinh", "phuong_ngoc_ha"],
            "ward": ["Phường Trúc Bạch", pd.NA, pd.NA],
            "model_type": ["camera"] * 3,
            "start": pd.to_datetime(["2023-01-01", "2023-06-01", "2025-09-01"]),
        }
    )
    units = harmonise_rollout(register, "unit")
    m1 = units[units["model_id"] == "m1"]
    assert m1["district"].tolist() == ["phuong_ba_dinh"] and m1["mapped_by"].tolist() == ["ward"]
    m2 = units[units["model_id"] == "m2"]
    assert (m2["mapped_by"] == "weight").all() and len(m2) > 1 and abs(m2["share"].sum() - 1) < 1e-12
    assert units.loc[units["model_id"] == "m3", "mapped_by"].tolist() == ["same"]
    districts = harmonise_rollout(register, "district")
    m3 = districts[districts["model_id"] == "m3"]
    origin = hanoi_unit_weights().query("unit == 'phuong_ngoc_ha' and to_district > 0")["district"]
    assert (
        set(m3["district"]) == set(origin) and "ba_dinh" in set(origin) and abs(m3["share"].sum() - 1) < 1e-12
    )
    zones = harmonise_rollout(register, "zone")
    assert len(zones) == 3 and (zones["share"] == 1).all() and zones["district"].nunique() == 1
    assert units.groupby("model_id")["share"].sum().sub(1).abs().max() < 1e-12


@pytest.mark.parametrize("to", ["unit", "district"])
def test_a_complete_city_carries_over_the_reform_without_a_partial_warning(spanning, to, recwarn) -> None:
    harmonise(spanning, to)
    assert not [w for w in recwarn if issubclass(w.category, TrendsDataWarning)]


def test_units_covering_part_of_a_district_are_named_with_the_share_covered(spanning) -> None:
    # Only the new units that took Ba Đình's residents but not all of them: Ba Đình's count from July 2025 is
    # partial, and so is that of every district a fringe of these units came from.
    weights = hanoi_unit_weights("population_flow")
    some = weights.loc[weights["district"] == "ba_dinh"].nlargest(2, "to_unit")["unit"]
    part = spanning[(spanning["period"] < "2025-07-01") | spanning["district"].isin(some)]
    with pytest.warns(TrendsDataWarning, match=r"only part of .* district\(s\).*Ba Đình \d+ %") as caught:
        harmonise(part, "district")
    covered = weights.loc[weights["unit"].isin(some) & (weights["district"] == "ba_dinh"), "to_unit"].sum()
    assert f"Ba Đình {100 * covered:.0f} %" in str(caught[0].message)
