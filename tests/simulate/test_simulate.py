"""Tests of trends.simulate (general panel simulator, simulated Hanoi study) and the bundled Hanoi files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.datasets.hanoi import PROVENANCE, load_hanoi, load_hanoi_districts
from trends.geo import hanoi_units, hanoi_zones
from trends.simulate import (
    HANOI_END,
    HANOI_SEED,
    MODEL_TYPE_LABELS,
    OFFENCE_LABELS,
    SimulatedStudy,
    simulate_hanoi,
    simulate_panel,
    true_att,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "trends" / "datasets" / "data"


@pytest.fixture(scope="module")
def study() -> SimulatedStudy:
    return simulate_hanoi(HANOI_SEED)


@pytest.fixture(scope="module")
def other() -> SimulatedStudy:
    return simulate_hanoi(1)


# --- simulate_hanoi ---------------------------------------------------------------------------------------


def test_same_seed_same_study(study: SimulatedStudy) -> None:
    again = simulate_hanoi(HANOI_SEED)
    pd.testing.assert_frame_equal(study.crimes, again.crimes)
    pd.testing.assert_frame_equal(study.rollout, again.rollout)
    pd.testing.assert_frame_equal(study.truth, again.truth)
    assert study.description == again.description


def test_different_seed_different_study(study: SimulatedStudy, other: SimulatedStudy) -> None:
    assert not study.crimes["count"].equals(other.crimes["count"])
    assert not study.rollout["start"].equals(other.rollout["start"])


def test_crimes_contract(study: SimulatedStudy) -> None:
    c = study.crimes
    assert list(c.columns) == ["district", "period", "offence", "count"]
    assert c["count"].dtype == np.int64
    assert (c["count"] >= 0).all()
    assert c["period"].dtype == "datetime64[ns]"
    assert (c["period"].dt.day == 1).all()
    assert c["period"].min() == pd.Timestamp("2015-01-01")
    assert c["period"].max() == pd.Timestamp("2025-06-01")
    assert set(c["offence"]) == set(OFFENCE_LABELS)
    assert set(c["district"]) == set(load_hanoi_districts()["district"])
    # balanced: every district x month x offence once
    assert len(c) == 30 * 126 * len(OFFENCE_LABELS)
    assert not c.duplicated(["district", "period", "offence"]).any()


@pytest.mark.parametrize("seed", [HANOI_SEED, 1, 2])
def test_city_annual_totals_realistic(seed: int) -> None:
    c = simulate_hanoi(seed).crimes
    totals = c[c["period"] < "2025-01-01"].groupby(c["period"].dt.year)["count"].sum()
    assert len(totals) == 10
    assert totals.between(3500, 5500).all(), totals.to_dict()
    assert totals.loc[2015] > totals.loc[2024]  # recorded crime falls over the decade
    first_half_2023 = c.loc[(c["period"] >= "2023-01-01") & (c["period"] < "2023-07-01"), "count"].sum()
    assert 1500 < first_half_2023 < 2300  # published: 1,840


def test_offence_trends(study: SimulatedStudy) -> None:
    t = study.truth
    by = t.groupby([t["period"].dt.year, "offence"])["mu0"].sum().unstack()
    assert by.loc[2024, "fraud"] > 1.5 * by.loc[2015, "fraud"]  # cyber fraud rising
    assert by.loc[2024, "snatching_robbery"] < 0.6 * by.loc[2015, "snatching_robbery"]
    assert by.loc[2024, "theft"] < by.loc[2015, "theft"]


def test_pre_tet_peak(study: SimulatedStudy) -> None:
    t = study.truth[(study.truth["offence"] == "theft") & (study.truth["district"] == "ba_vi")]
    mu0 = t.set_index("period")["mu0"]
    # Tết 2018 was 16 February, Tết 2019 5 February: the weeks before are in late January / early February.
    assert mu0.loc["2018-02-01"] > 1.1 * mu0.loc["2018-06-01"]
    assert mu0.loc["2019-01-01"] > 1.1 * mu0.loc["2019-06-01"]


def test_urban_more_crime_per_resident(study: SimulatedStudy) -> None:
    d = study.districts.set_index("district")
    per = study.crimes.groupby("district")["count"].sum() / d["population"]
    kind = d["kind"]
    assert per[kind == "urban"].mean() > 1.5 * per[kind == "rural"].mean()


@pytest.mark.parametrize("seed", [HANOI_SEED, 1, 2])
def test_rollout_staggered_with_controls(seed: int) -> None:
    s = simulate_hanoi(seed)
    r = s.rollout
    assert list(r.columns) == ["model_id", "district", "ward", "model_type", "start", "end"]
    assert len(r) >= 600
    assert r["model_id"].is_unique
    assert set(r["model_type"]) == set(MODEL_TYPE_LABELS)
    assert set(r["district"]) <= set(s.districts["district"])
    assert r["start"].dtype == "datetime64[ns]" and r["end"].dtype == "datetime64[ns]"
    assert (r["start"] < "2015-01-01").any()  # some models are older than the panel
    assert r["end"].notna().any() and r["end"].isna().any()
    ended = r["end"].notna()
    assert (r.loc[ended, "end"] >= r.loc[ended, "start"]).all()
    assert (r.loc[ended, "end"] <= "2025-06-30").all()
    assert r["ward"].isna().any() and r["ward"].notna().any()
    first = r.groupby("district")["start"].min()
    in_panel = first[(first >= "2015-01-01")]
    assert in_panel.dt.year.nunique() >= 6  # staggered
    assert in_panel.dt.year.between(2016, 2024).all()
    never = set(s.districts["district"]) - set(first.index)
    assert 2 <= len(never) <= 3


def test_truth_consistent(study: SimulatedStudy) -> None:
    t = study.truth
    assert len(t) == len(study.crimes)
    assert (
        t[["district", "period", "offence"]].to_numpy() == study.crimes.drop(columns="count").to_numpy()
    ).all()
    treated = t["treated"].to_numpy()
    assert (t.loc[treated, "mu1"] <= t.loc[treated, "mu0"]).all()
    assert (t.loc[treated, "mu1"] < t.loc[treated, "mu0"]).mean() > 0.9
    assert (t.loc[~treated, "mu1"] == t.loc[~treated, "mu0"]).all()
    assert (t["mu0"] > 0).all()
    # treatment is absorbing and starts at the district's first model
    first = study.rollout.groupby("district")["start"].min().dt.to_period("M").dt.start_time
    start_of_treatment = t[treated].groupby("district")["period"].min()
    expected = first.clip(lower=pd.Timestamp("2015-01-01"))
    pd.testing.assert_series_equal(start_of_treatment.sort_index(), expected.sort_index(), check_names=False)
    never = set(t["district"]) - set(first.index)
    assert not t.loc[t["district"].isin(never), "treated"].any()
    assert t.loc[t["district"].isin(never), "event_time"].isna().all()
    assert (t.loc[treated, "event_time"] >= 0).all()
    assert (t["intensity"] >= 0).all()


def test_true_effect_detectable_and_heterogeneous(study: SimulatedStudy) -> None:
    overall = true_att(study.truth)
    assert len(overall) == 1
    assert -15.0 <= overall["att_pct"].iloc[0] <= -8.0
    kind = true_att(study.truth, by="kind").set_index("kind")
    assert kind.loc["urban", "att_pct"] < kind.loc["rural", "att_pct"] < 0
    assert np.isclose(kind["att"].sum(), overall["att"].iloc[0])
    assert kind["n"].sum() == overall["n"].iloc[0]
    ev = true_att(study.truth, by="event_time").set_index("event_time")["att_pct"]
    assert ev.loc[0] > -1.0  # no effect yet in the adoption month
    assert ev.loc[12] < ev.loc[3] < 0  # effect builds up
    off = true_att(study.truth, by="offence").set_index("offence")["att_pct"]
    assert off.loc["theft"] < off.loc["fraud"]  # cameras act on property crime
    year = true_att(study.truth, by="year")
    assert list(year["year"]) == list(range(2015, 2026))
    with pytest.raises(KeyError):
        true_att(study.truth, by="nope")


def test_description_says_simulated(study: SimulatedStudy) -> None:
    assert "SIMULATED" in study.description
    assert str(HANOI_SEED) in study.description
    assert study.seed == HANOI_SEED


# --- shipped files ----------------------------------------------------------------------------------------


def test_shipped_files_equal_fresh_simulation() -> None:
    study = simulate_hanoi(HANOI_SEED, end=HANOI_END, reported_by_unit=True)
    shipped = load_hanoi()
    pd.testing.assert_frame_equal(shipped.reported, study.reported)
    pd.testing.assert_frame_equal(shipped.crimes, study.crimes)
    pd.testing.assert_frame_equal(shipped.rollout, study.rollout)
    pd.testing.assert_frame_equal(shipped.districts, study.districts)
    pd.testing.assert_frame_equal(shipped.truth, study.truth, rtol=1e-5)  # stored with 6 significant digits
    assert "SIMULATED" in shipped.description
    assert shipped.seed == HANOI_SEED


def test_make_hanoi_is_byte_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_hanoi", ROOT / "scripts" / "make_hanoi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("hanoi_crimes.csv.gz", "hanoi_rollout.csv", "hanoi_truth.csv.gz"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_districts_and_provenance() -> None:
    d = load_hanoi_districts()
    assert len(d) == 30
    assert d["district"].is_unique
    assert d["kind"].value_counts().to_dict() == {"rural": 17, "urban": 12, "town": 1}
    assert d["population"].dtype == np.int64
    assert d["population"].sum() == 8_053_663
    assert d["area_km2"].dtype == np.float64
    assert "SIMULATED" in PROVENANCE["hanoi"]["source"]
    assert str(HANOI_SEED) in PROVENANCE["hanoi"]["source"]
    for info in PROVENANCE.values():
        assert {"title", "source", "licence", "citation"} <= set(info)


# --- simulate_panel ---------------------------------------------------------------------------------------


def test_panel_shape_and_cohorts() -> None:
    sim = simulate_panel(1000, 12, cohorts=[4, 7, 10], cohort_shares=[0.2, 0.3, 0.1], seed=3)
    d = sim.data
    assert len(d) == 12_000
    assert list(d.columns) == ["unit", "period", "cohort", "event_time", "treated", "outcome", "mu0", "mu1"]
    per_unit = d.groupby("unit")["cohort"].agg(["nunique", "first"])
    assert (per_unit["nunique"] == 1).all()
    assert per_unit["first"].value_counts().to_dict() == {0: 400, 7: 300, 4: 200, 10: 100}
    assert ((d["treated"] == 1) == ((d["cohort"] > 0) & (d["period"] >= d["cohort"]))).all()
    assert d.loc[d["cohort"] == 0, "event_time"].isna().all()
    ever = d[d["cohort"] > 0]
    assert (ever["event_time"] == ever["period"] - ever["cohort"]).all()
    assert (d.loc[d["treated"] == 0, "mu1"] == d.loc[d["treated"] == 0, "mu0"]).all()


def test_panel_seeded() -> None:
    a = simulate_panel(200, 10, seed=5)
    b = simulate_panel(200, 10, seed=5)
    c = simulate_panel(200, 10, seed=6)
    pd.testing.assert_frame_equal(a.data, b.data)
    assert not a.data["outcome"].equals(c.data["outcome"])


def test_panel_truth_matches_noise_free_outcomes() -> None:
    sim = simulate_panel(
        600,
        15,
        cohorts=[5, 9, 12],
        effect=2.0,
        ramp=4,
        fade=0.05,
        cohort_heterogeneity=0.5,
        noise_sd=0.0,
        seed=2,
    )
    d, truth = sim.data, sim.truth
    post = d[d["treated"] == 1]
    assert np.isclose((post["outcome"] - post["mu0"]).mean(), truth.simple)
    assert np.allclose(d["outcome"], np.where(d["treated"] == 1, d["mu1"], d["mu0"]))
    # ATT(g, t) is the cell mean of outcome - mu0; zero before treatment
    cell = (
        d.assign(diff=d["outcome"] - d["mu0"])
        .query("cohort > 0")
        .groupby(["cohort", "period"])["diff"]
        .mean()
    )
    att_gt = truth.att_gt.set_index(["cohort", "period"])["att"]
    assert np.allclose(cell.loc[att_gt.index], att_gt)
    assert np.allclose(truth.att_gt.loc[truth.att_gt["event_time"] < 0, "att"], 0.0)
    # the documented formula: effect * w_g * ramp * fade; earliest cohort w = 1.5, latest 0.5
    tau = truth.att_gt.set_index(["cohort", "event_time"])["att"]
    assert np.isclose(tau.loc[(5, 0)], 2.0 * 1.5 * 0.25)
    assert np.isclose(tau.loc[(12, 3)], 2.0 * 0.5 * 1.0)
    assert np.isclose(tau.loc[(5, 5)], 2.0 * 1.5 * 0.95**2)
    # dynamic and simple are size-weighted averages of ATT(g, t)
    dyn = truth.dynamic.set_index("event_time")
    e2 = truth.att_gt[truth.att_gt["event_time"] == 2]
    assert np.isclose(dyn.loc[2, "att"], np.average(e2["att"], weights=e2["n_units"]))
    grp = truth.group
    assert np.isclose(truth.simple, np.average(grp["att"], weights=grp["n_units"]))
    assert set(grp["cohort"]) == {5, 9, 12}
    assert truth.calendar["period"].min() == 5


def test_panel_twfe_biased_when_effects_dynamic() -> None:
    """Static TWFE misses the simple ATT under heterogeneous dynamic effects (the reason for Callaway-Sant'Anna)."""
    sim = simulate_panel(
        300, 12, cohorts=[3, 6, 9], effect=3.0, ramp=6, cohort_heterogeneity=0.8, noise_sd=0.0, seed=4
    )
    d = sim.data
    y = d["outcome"].to_numpy()
    x = d["treated"].to_numpy(dtype=float)

    def demean(v: np.ndarray) -> np.ndarray:
        s = pd.Series(v)
        for _ in range(50):
            s = s - s.groupby(d["unit"].to_numpy()).transform("mean")
            s = s - s.groupby(d["period"].to_numpy()).transform("mean")
        return s.to_numpy()

    yt, xt = demean(y), demean(x)
    beta = (xt @ yt) / (xt @ xt)
    assert abs(beta - sim.truth.simple) > 0.2 * abs(sim.truth.simple)


@pytest.mark.parametrize("family", ["poisson", "negbin"])
def test_panel_counts(family: str) -> None:
    sim = simulate_panel(400, 10, cohorts=[4, 7], effect=-0.3, family=family, baseline=20.0, seed=1)
    d = sim.data
    assert d["outcome"].dtype == np.int64
    assert (d["outcome"] >= 0).all()
    post = d[d["treated"] == 1]
    assert np.allclose(post["mu1"], post["mu0"] * np.exp(-0.3))
    assert np.isclose(sim.truth.simple_pct, 100 * (np.exp(-0.3) - 1))
    # outcomes centre on their expectations
    assert abs(d["outcome"].mean() / np.where(d["treated"] == 1, d["mu1"], d["mu0"]).mean() - 1) < 0.05
    if family == "negbin":
        resid = d["outcome"] - d["mu1"]
        assert resid.var() > d["mu1"].mean() * 1.2  # overdispersed


def test_panel_callable_effect_and_validation() -> None:
    sim = simulate_panel(100, 8, cohorts=[3, 5], effect=lambda e, g: 0.1 * e + g, noise_sd=0.0, seed=0)
    post = sim.data[sim.data["treated"] == 1]
    assert np.allclose(post["mu1"] - post["mu0"], 0.1 * post["event_time"].astype(float) + post["cohort"])
    with pytest.raises(ValueError):
        simulate_panel(10, 5, cohorts=[6])
    with pytest.raises(ValueError):
        simulate_panel(10, 5, cohorts=[2, 3], cohort_shares=[0.7, 0.6])
    with pytest.raises(ValueError):
        simulate_panel(10, 5, family="binomial")  # type: ignore[arg-type]


# --- the 2025 reform -------------------------------------------------------------------------------------


def test_reported_by_unit_keeps_the_district_process_and_splits_each_count() -> None:
    plain = simulate_hanoi(3, end="2025-09")
    reform = simulate_hanoi(3, end="2025-09", reported_by_unit=True)
    assert reform.reported is not None and plain.reported is None
    pd.testing.assert_frame_equal(plain.truth, reform.truth)  # the latent district process is unchanged
    pd.testing.assert_frame_equal(plain.rollout, reform.rollout)
    rep = reform.reported
    before, after = rep[rep["period"] < "2025-07-01"], rep[rep["period"] >= "2025-07-01"]
    pd.testing.assert_frame_equal(
        before.reset_index(drop=True),
        plain.crimes[plain.crimes["period"] < "2025-07-01"].reset_index(drop=True),
    )
    assert set(after["district"]) == set(hanoi_units()["unit"])  # every new unit, zeros included
    assert len(after) == 126 * 3 * plain.crimes["offence"].nunique()
    # the multinomial split keeps each zone's total of the district counts exactly
    zone = hanoi_zones("strict").set_index("id")["zone"]
    post = plain.crimes[plain.crimes["period"] >= "2025-07-01"]
    a = post.assign(z=post["district"].map(zone)).groupby(["z", "period", "offence"])["count"].sum()
    b = after.assign(z=after["district"].map(zone)).groupby(["z", "period", "offence"])["count"].sum()
    assert (a == b.reindex(a.index)).all()
    # crimes: the reported counts carried back onto the 30 districts, whole numbers, same monthly totals
    c = reform.crimes
    assert set(c["district"]) == set(plain.crimes["district"]) and c["count"].dtype == np.int64
    assert (c.groupby("period")["count"].sum() == rep.groupby("period")["count"].sum()).all()
    assert c.attrs["apportioned_from"] == pd.Timestamp("2025-07-01") and "estimates" in c.attrs["method"]
    assert "126 new communes and wards" in reform.description


def test_bundled_study_runs_past_the_reform() -> None:
    s = load_hanoi()
    assert s.reported is not None
    assert s.crimes["period"].max() == pd.Timestamp(HANOI_END) == s.truth["period"].max()
    assert len(s.crimes) == len(s.truth) == 30 * s.crimes["period"].nunique() * s.crimes["offence"].nunique()
    assert "SIMULATED" in s.description
