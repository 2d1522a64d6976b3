"""The real public panels bundled in trends.datasets: contract, provenance, checksums and source totals.

Byte-identical re-extraction from the source packages is checked by ``python scripts/extract_datasets.py --check``
(development only: the source packages are not test dependencies).
"""

from __future__ import annotations

import ast
import hashlib
import io
from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest

from trends.datasets import real
from trends.schema import CRIMES_COLUMNS, INCIDENTS_COLUMNS

PROV = real.PROVENANCE

CRIMES_LOADERS = {
    "london_monthly": lambda: real.load_london_monthly(),
    "london_monthly_partial": lambda: real.load_london_monthly(include_partial_month=True),
    "berlin_district": lambda: real.load_berlin(),
    "berlin_location": lambda: real.load_berlin(level="location"),
    "us_states": lambda: real.load_us_states(),
    "us_states_national": lambda: real.load_us_states(include_national=True, caveats=True),
    "russia": lambda: real.load_russia(),
    "russia_national": lambda: real.load_russia(include_national=True),
}
ANNUAL = {
    "berlin_district",
    "berlin_location",
    "us_states",
    "us_states_national",
    "russia",
    "russia_national",
}


def _is_str(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) and s.map(lambda v: isinstance(v, str)).all()


# ---------------------------------------------------------------------------------------------------------
# the crimes contract


@pytest.mark.parametrize("name", sorted(CRIMES_LOADERS))
def test_crimes_contract(name):
    df = CRIMES_LOADERS[name]()
    assert tuple(df.columns[:4]) == CRIMES_COLUMNS
    assert _is_str(df["district"]) and _is_str(df["offence"])
    assert df["period"].dtype == "datetime64[ns]"
    assert df["count"].dtype == "int64"
    assert (df["count"] >= 0).all()
    assert not df[list(CRIMES_COLUMNS[:3])].duplicated().any()
    assert (df["period"].dt.day == 1).all()
    if name in ANNUAL:
        assert (df["period"].dt.month == 1).all()
    assert df.index.equals(pd.RangeIndex(len(df)))
    assert df.equals(df.sort_values(list(CRIMES_COLUMNS[:3])).reset_index(drop=True))


def test_loaders_return_fresh_frames():
    a = real.load_berlin()
    a.loc[0, "count"] = -1
    assert (real.load_berlin()["count"] >= 0).all()


# ---------------------------------------------------------------------------------------------------------
# provenance and checksums


def test_provenance_entries_complete():
    names = {"castle", "guns", "london_murders", "berlin", "us_states", "russia", "mpdta"}
    assert set(PROV) == names
    for name, info in PROV.items():
        for key in ("title", "source", "package", "licence", "citation", "notes", "file", "sha256", "totals"):
            assert info.get(key), f"{name}: {key} missing"


@pytest.mark.parametrize("name", sorted(PROV))
def test_bundled_file_sha256(name):
    data = (files("trends.datasets") / "data" / PROV[name]["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == PROV[name]["sha256"]


def test_mpdta_checksum_is_the_documented_one():
    assert PROV["mpdta"]["sha256"] == "2283bea1221a152420f98dfa20f633c5d054ea51d881115c8cd702a97bcd3167"


def test_datasets_md_lists_every_file_and_checksum():
    # Read from the source tree: DATASETS.md is documentation, not package data.
    text = (Path(__file__).resolve().parents[2] / "src" / "trends" / "datasets" / "DATASETS.md").read_text(
        encoding="utf-8"
    )
    for name, info in PROV.items():
        assert info["file"] in text, name
        assert info["sha256"] in text, name


def test_runtime_does_not_import_source_packages():
    tree = ast.parse(Path(real.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "importlib", "typing", "pandas"}


# ---------------------------------------------------------------------------------------------------------
# castle doctrine


def test_castle_shape_and_cohorts():
    df = real.load_castle()
    tot = PROV["castle"]["totals"]
    assert len(df) == tot["rows"] == 550
    assert df["state"].nunique() == df["sid"].nunique() == tot["states"] == 50
    assert sorted(df["year"].unique()) == list(range(2000, 2011))
    assert not df[["sid", "year"]].duplicated().any()
    assert not any(c.startswith(("trend_", "r20")) for c in df.columns)
    for c in ("sid", "year", "effyear", "effyear_lag0", "post", "lag0", "lead1", "jhcitizen_c"):
        assert df[c].dtype == "int64", c
    assert df["l_homicide"].dtype == "float64"
    assert set(df["effyear"].unique()) == {0, 2006, 2007, 2008, 2009, 2010}
    treated = df["effyear"] > 0
    assert df.loc[treated, "state"].nunique() == tot["treated_states"] == 21
    # effyear is the first year of post; lag0 marks the year before it (two years before for AK and AZ)
    assert (df["post"] == (treated & (df["year"] >= df["effyear"])).astype(int)).all()
    first = df.loc[treated].groupby("state")[["effyear", "effyear_lag0"]].first()
    gap = first["effyear"] - first["effyear_lag0"]
    assert set(gap[gap == 2].index) == {"AK", "AZ"} and set(gap.unique()) == {1, 2}
    assert (df.loc[df["lag0"] == 1, "year"] == df.loc[df["lag0"] == 1, "effyear_lag0"]).all()
    assert (df.loc[~treated, "effyear_lag0"] == 0).all()
    assert int(df["post"].sum()) == tot["post_rows"]
    assert int(df["jhcitizen_c"].sum()) == tot["jhcitizen_c"]
    assert int(df["robbery_gun_r"].isna().sum()) == tot["robbery_gun_r_missing"]
    # Florida, the first castle-doctrine state (law of 2005), is the one 2006 cohort
    assert set(df.loc[df["effyear"] == 2006, "state"]) == {"FL"}
    assert df.groupby("state")["region"].nunique().max() == 1


# ---------------------------------------------------------------------------------------------------------
# Guns


def test_guns_shape_and_adoption():
    df = real.load_guns()
    tot = PROV["guns"]["totals"]
    assert len(df) == tot["rows"] == 1173
    assert df["state"].nunique() == tot["states"] == 51
    assert sorted(df["year"].unique()) == list(range(1977, 2000))
    assert not df[["state", "year"]].duplicated().any()
    assert df["law"].dtype == bool
    assert int(df["law"].sum()) == tot["law_yes_rows"]
    assert int(df["prisoners"].sum()) == tot["prisoners"]
    adopted = df["adopt_year"] > 0
    assert (df["law"] == (adopted & (df["year"] >= df["adopt_year"]))).all()
    assert df.loc[adopted, "state"].nunique() == 29


# ---------------------------------------------------------------------------------------------------------
# London


def test_london_murders_incidents_without_personal_data():
    df = real.load_london_murders()
    tot = PROV["london_murders"]["totals"]
    assert tuple(df.columns) == INCIDENTS_COLUMNS
    assert "forename" not in df.columns and "age" not in df.columns
    assert len(df) == tot["rows"] == 838
    assert df["date"].dtype == "datetime64[ns]"
    assert df["date"].min() == pd.Timestamp(tot["first_date"])
    assert df["date"].max() == pd.Timestamp(tot["last_date"])
    assert df["date"].dt.year.between(2006, 2011).all()
    assert df["district"].nunique() == tot["boroughs"] == 32
    assert (df["offence"] == "murder").all()


def test_london_bundled_file_has_no_personal_columns():
    head = (files("trends.datasets") / "data" / "london_murders.csv.gz").read_bytes()
    frame = pd.read_csv(io.BytesIO(head), compression="gzip")
    assert list(frame.columns) == ["date", "district", "offence"]


def test_london_monthly_zero_filled_and_conserves_counts():
    inc = real.load_london_murders()
    df = real.load_london_monthly()
    months = pd.date_range("2006-01-01", "2011-08-01", freq="MS")
    assert len(df) == 32 * len(months) == 2176
    assert set(df["period"]) == set(months)
    excluded = PROV["london_murders"]["totals"]["after_2011_08"]
    assert df["count"].sum() == len(inc) - excluded == 836
    full = real.load_london_monthly(include_partial_month=True)
    assert len(full) == 32 * 69 and full["count"].sum() == len(inc)
    # every borough-month count equals the incidents in it
    by_hand = inc.groupby(["district", inc["date"].dt.to_period("M").dt.start_time]).size()
    got = full.set_index(["district", "period"])["count"]
    assert (got.loc[by_hand.index].to_numpy() == by_hand.to_numpy()).all()
    assert got.drop(by_hand.index).eq(0).all()


# ---------------------------------------------------------------------------------------------------------
# Berlin


def test_berlin_totals_match_source_at_both_levels():
    tot = PROV["berlin"]["totals"]
    loc = real.load_berlin(level="location")
    dist = real.load_berlin()
    assert loc["district"].nunique() == tot["locations"] == 150
    assert dist["district"].nunique() == tot["districts"] == 12
    assert len(loc) == 150 * 8 * 16 and len(dist) == 12 * 8 * 16
    for frame in (loc, dist):
        sums = frame.groupby("offence")["count"].sum()
        assert sums.to_dict() == {k: v for k, v in tot.items() if k in sums.index}
        assert len(sums) == 16
    assert (loc.groupby("district")["bezirk"].nunique() == 1).all()
    assert set(loc["bezirk"]) == set(dist["district"])


# ---------------------------------------------------------------------------------------------------------
# US states


def test_us_states_totals_and_national_rows():
    tot = PROV["us_states"]["totals"]
    df = real.load_us_states()
    assert df["district"].nunique() == 51 and "US" not in set(df["district"])
    assert df["period"].dt.year.min() == 1979 and df["period"].dt.year.max() == 2019
    sums = df.groupby("offence")["count"].sum()
    for off, total in sums.items():
        assert total == tot[f"states_{off}"], off
    assert df["population"].dtype == "int64" and (df["population"] > 0).all()
    assert df.groupby(["district", "period"])["population"].nunique().max() == 1
    # Mississippi is absent 1979-1994 in the source: not zero-filled
    ms = df.loc[df["district"] == "MS", "period"].dt.year
    assert ms.min() == 1995
    nat = real.load_us_states(include_national=True)
    us = nat.loc[nat["district"] == "US"]
    assert us.loc[us["offence"] == "homicide", "count"].sum() == tot["national_homicide"]
    assert us["period"].nunique() == 41


def test_us_states_missing_rape_counts_are_not_zero_filled():
    tot = PROV["us_states"]["totals"]
    keep = real.load_us_states(include_national=True, missing="keep")
    assert keep["count"].dtype == "Int64"
    assert len(keep) == tot["rows"] * 10
    na = keep.loc[keep["count"].isna()]
    assert set(na["offence"]) == {"rape_legacy", "rape_revised"}
    assert (na["offence"] == "rape_legacy").sum() == tot["missing_rape_legacy"]
    assert (na["offence"] == "rape_revised").sum() == tot["missing_rape_revised"]
    assert na.loc[na["offence"] == "rape_legacy", "period"].dt.year.min() == 2017
    assert na.loc[na["offence"] == "rape_revised", "period"].dt.year.max() == 2012
    dropped = real.load_us_states(include_national=True)
    assert len(dropped) == len(keep) - len(na)
    with pytest.raises(ValueError, match="missing"):
        real.load_us_states(missing="zero")  # type: ignore[arg-type]


def test_us_states_caveats_column():
    df = real.load_us_states(caveats=True)
    assert "caveats" in df.columns
    flagged = df.loc[df["caveats"] != "", ["district", "period"]].drop_duplicates()
    assert 0 < len(flagged) <= 71


# ---------------------------------------------------------------------------------------------------------
# Russia


def test_russia_totals_and_missing_counts():
    tot = PROV["russia"]["totals"]
    df = real.load_russia()
    assert df["district"].nunique() == tot["regions"] == 85
    assert "Russian Federation" not in set(df["district"])
    assert df["offence"].nunique() == 9
    assert df["count"].sum() == tot["regions_count"]
    nat = real.load_russia(include_national=True)
    assert nat.loc[nat["district"] == "Russian Federation", "count"].sum() == tot["national_count"]
    keep = real.load_russia(include_national=True, missing="keep")
    assert len(keep) == tot["rows"]
    assert keep["count"].dtype == "Int64"
    assert int(keep["count"].isna().sum()) == tot["missing_count"]
    assert int(keep["rate_per_100k"].isna().sum()) == tot["missing_rate"]
    assert len(nat) == tot["rows"] - tot["missing_count"]
    crimea = keep.loc[keep["district"].isin(["Republic of Crimea", "Sevastopol"])]
    assert crimea.loc[crimea["count"].isna(), "period"].dt.year.max() == 2013


# ---------------------------------------------------------------------------------------------------------
# mpdta


def test_mpdta():
    df = real.load_mpdta()
    assert list(df.columns) == ["year", "countyreal", "lpop", "lemp", "first.treat", "treat"]
    assert len(df) == PROV["mpdta"]["totals"]["rows"] == 2500
    assert df["countyreal"].nunique() == PROV["mpdta"]["totals"]["counties"] == 500
    assert sorted(df["year"].unique()) == list(range(2003, 2008))
    assert set(df["first.treat"].unique()) == {0, 2004, 2006, 2007}
    assert not df[["countyreal", "year"]].duplicated().any()
    assert (df["treat"] == (df["first.treat"] > 0).astype(int)).all()
