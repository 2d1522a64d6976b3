"""From the rollout register to adoption cohorts, and effects by model type and district kind.

Sources: the rules of issue 4 ("first model of any type, first of a given type, or intensity above a
threshold"); the expected cohorts below are worked by hand from the small registers in each test. The
bundled Hanoi study (``trends.datasets.hanoi.load_hanoi``, SIMULATED) is used for a consistency check
against ``trends.panel.rollout_panel`` and for the subgroup helpers.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.impact import ImpactWarning, att_by_group, att_by_model_type, att_gt, cohorts_from_register
from trends.schema import TrendsDataError

MONTHS = pd.date_range("2020-01-01", periods=12, freq="MS")


@pytest.fixture
def register() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "model_id": ["m1", "m2", "m3", "m4", "m5"],
            "district": ["a", "a", "b", "c", "c"],
            "ward": ["w1", None, "w2", "w3", "w4"],
            "model_type": ["camera", "patrol", "patrol", "camera", "camera"],
            "start": pd.to_datetime(["2020-03-15", "2020-02-01", "2020-06-30", "2020-05-02", "2020-05-20"]),
            "end": pd.to_datetime([None, None, "2020-08-10", None, "2020-07-01"]),
        }
    )


def test_first_any(register):
    with pytest.warns(ImpactWarning, match="lapses in 1 district"):
        c = cohorts_from_register(register, MONTHS, districts=["a", "b", "c", "d"])
    c = c.set_index("district")
    assert c.loc["a", "cohort"] == pd.Timestamp("2020-02-01")
    assert c.loc["b", "cohort"] == pd.Timestamp("2020-06-01")
    assert c.loc["c", "cohort"] == pd.Timestamp("2020-05-01")
    assert pd.isna(c.loc["d", "cohort"]) and c.loc["d", "n_models"] == 0
    assert c.loc["b", "switches_off"] and not c.loc["a", "switches_off"]
    assert c.loc["c", "n_models"] == 2


def test_first_of_type(register):
    c = cohorts_from_register(
        register, MONTHS, rule="first_type", model_type="camera", districts=list("abcd")
    )
    c = c.set_index("district")
    assert c.loc["a", "cohort"] == pd.Timestamp("2020-03-01")
    assert pd.isna(c.loc["b", "cohort"])
    assert c.loc["c", "cohort"] == pd.Timestamp("2020-05-01")
    with pytest.raises(TrendsDataError, match="drone"):
        cohorts_from_register(register, MONTHS, rule="first_type", model_type="drone")
    with pytest.raises(ValueError, match="model_type"):
        cohorts_from_register(register, MONTHS, rule="first_type")


def test_intensity(register):
    pop = pd.DataFrame({"district": list("abcd"), "population": [20_000, 10_000, 10_000, 5_000]})
    # per 10,000: a -> 0.5 (Feb), 1.0 (Mar on); b -> 1.0 Jun-Aug then 0; c -> 2.0 May-Jul, 1.0 after
    with pytest.warns(ImpactWarning, match="lapses in 1 district"):
        c = cohorts_from_register(register, MONTHS, rule="intensity", population=pop, threshold=1.0)
    c = c.set_index("district")
    assert c.loc["a", "cohort"] == pd.Timestamp("2020-03-01")
    assert c.loc["b", "cohort"] == pd.Timestamp("2020-06-01") and c.loc["b", "switches_off"]
    assert c.loc["c", "cohort"] == pd.Timestamp("2020-05-01") and not c.loc["c", "switches_off"]
    assert pd.isna(c.loc["d", "cohort"])
    with pytest.warns(ImpactWarning, match="lapses in 1 district"):
        high = cohorts_from_register(register, MONTHS, rule="intensity", population=pop, threshold=2.0)
    high = high.set_index("district")
    assert high["cohort"].notna().tolist() == [False, False, True, False]
    assert high.loc["c", "switches_off"]
    with pytest.raises(ValueError, match="population"):
        cohorts_from_register(register, MONTHS, rule="intensity")
    with pytest.raises(TrendsDataError, match="missing"):
        cohorts_from_register(register, MONTHS, rule="intensity", population=pop.iloc[:2], threshold=1.0)


def test_register_errors(register):
    bad = register.assign(end=register["start"] - pd.Timedelta(days=1))
    with pytest.raises(TrendsDataError, match="end before they start"):
        cohorts_from_register(bad, MONTHS)
    with pytest.raises(TrendsDataError, match="start"):
        cohorts_from_register(register.drop(columns="start"), MONTHS)
    early = register.assign(start=register["start"] - pd.Timedelta(days=365))
    with pytest.warns(ImpactWarning) as rec:
        c = cohorts_from_register(early, MONTHS)
    assert any("before the first period" in str(w.message) for w in rec)
    assert (c["cohort"] == MONTHS[0]).all()


def test_hanoi_cohorts_agree_with_panel_module():
    from trends.datasets.hanoi import load_hanoi
    from trends.panel import rollout_panel

    s = load_hanoi()
    months = sorted(s.crimes["period"].unique())
    with pytest.warns(ImpactWarning, match="2 district"):
        ours = cohorts_from_register(s.rollout, months, districts=s.districts["district"].tolist())
    theirs = rollout_panel(s.rollout, months, districts=s.districts).drop_duplicates("district")
    m = ours.merge(theirs[["district", "cohort"]], on="district", suffixes=("", "_panel"))
    inside = m["cohort_panel"].isna() | (m["cohort_panel"] >= months[0])
    # inside the grid both give the same period; earlier adopters are pinned to the first period here
    assert (
        m.loc[inside, "cohort"].fillna(pd.Timestamp(0))
        == m.loc[inside, "cohort_panel"].fillna(pd.Timestamp(0))
    ).all()
    assert (m.loc[~inside, "cohort"] == months[0]).all()


def _toy_panel(seed: int = 0) -> pd.DataFrame:
    """12 districts x 24 months, two model types, two kinds; true effect -1 from adoption on."""
    rng = np.random.default_rng(seed)
    periods = pd.date_range("2020-01-01", periods=24, freq="MS")
    rows = []
    cohorts = {f"d{i}": (periods[6 + 2 * (i % 4)] if i < 8 else pd.NaT) for i in range(12)}
    for i, (d, g) in enumerate(cohorts.items()):
        a = rng.normal()
        for p in periods:
            eff = -1.0 if (pd.notna(g) and p >= g) else 0.0
            rows.append(
                (d, p, a + 0.01 * p.month + eff + rng.normal(scale=0.1), "urban" if i % 2 else "rural")
            )
    panel = pd.DataFrame(rows, columns=["district", "period", "y", "kind"])
    reg = pd.DataFrame(
        {
            "model_id": [f"m{i}" for i in range(8)],
            "district": [f"d{i}" for i in range(8)],
            "model_type": ["camera" if i < 4 else "patrol" for i in range(8)],
            "start": [cohorts[f"d{i}"] + pd.Timedelta(days=3) for i in range(8)],
            "end": pd.NaT,
        }
    )
    return panel, reg


def test_effects_by_type_and_kind():
    panel, reg = _toy_panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        by_type = att_by_model_type(panel, reg, yname="y", tname="period", idname="district")
        coh = cohorts_from_register(
            reg, sorted(panel["period"].unique()), districts=panel["district"].unique()
        )
        p2 = panel.merge(coh[["district", "cohort"]], on="district")
        by_kind = att_by_group(p2, by="kind", yname="y", tname="period", idname="district", gname="cohort")
        overall = att_gt(p2, yname="y", tname="period", idname="district", gname="cohort").aggregate("simple")
    assert by_type["group"].tolist() == ["camera", "patrol"]
    assert by_type["n_treated"].tolist() == [4, 4]
    # the true effect -1 lies within 3 standard errors
    assert ((by_type["estimate"] + 1).abs() < 3 * by_type["std_error"]).all()
    assert ((by_kind["estimate"] + 1).abs() < 3 * by_kind["std_error"]).all()
    assert abs(overall.estimate + 1) < 3 * overall.std_error
    # a subgroup without comparison units is reported, not silently NaN
    only_treated = p2[p2["district"].isin([f"d{i}" for i in range(8)])].assign(kind="all_treated")
    with pytest.warns(ImpactWarning, match="no estimate"):
        out = att_by_group(
            only_treated.assign(kind="x"),
            by="kind",
            yname="y",
            tname="period",
            idname="district",
            gname="cohort",
        )
    assert out["note"].str.contains("never-treated").all()


def test_effects_by_type_against_one_never_treated_district_are_flagged():
    panel, reg = _toy_panel()
    one_control = panel[~panel["district"].isin(["d9", "d10", "d11"])]  # d8 is the only never-treated
    with pytest.warns(ImpactWarning, match="1 never-treated district"):
        by_type = att_by_model_type(one_control, reg, yname="y", tname="period", idname="district")
    # one comparison district: the estimates stand, without a standard error (one unit's is no estimate)
    assert by_type["estimate"].notna().all()
    assert by_type[["std_error", "conf_low", "conf_high", "p_value"]].isna().all().all()
    assert by_type["note"].str.startswith("one never-treated comparison unit").all()


def test_effects_by_group_of_one_treated_unit_have_no_interval():
    panel, reg = _toy_panel()
    one = panel[panel["district"].isin(["d0", "d8", "d9", "d10", "d11"])]  # d0 is the only adopter
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        by_type = att_by_model_type(
            one, reg[reg["district"] == "d0"], yname="y", tname="period", idname="district"
        )
    row = by_type.iloc[0]
    assert row["n_treated"] == 1 and abs(row["estimate"] + 1) < 0.5
    assert (
        np.isnan(row["std_error"]) and np.isnan(row["p_value"]) and row["note"].startswith("one treated unit")
    )


def test_att_gt_on_panel_module_output():
    # trends.panel.rollout_panel gives district x period rows with a datetime ``cohort`` (NaT = never,
    # earlier than the grid for districts that adopted before it): att_gt takes it as it is.
    from trends.datasets.hanoi import load_hanoi
    from trends.panel import rollout_panel

    s = load_hanoi()
    months = sorted(s.crimes["period"].unique())
    tp = rollout_panel(s.rollout, months, districts=s.districts)
    y = s.crimes.groupby(["district", "period"], as_index=False)["count"].sum()
    panel = y.merge(tp[["district", "period", "cohort"]], on=["district", "period"])
    panel["log_count"] = np.log1p(panel["count"])
    with pytest.warns(ImpactWarning) as rec:
        r = att_gt(
            panel,
            yname="log_count",
            tname="period",
            idname="district",
            gname="cohort",
            control_group="notyettreated",
        )
    assert any("already treated in the first period" in str(w.message) for w in rec)
    assert r.dropped["units_treated_at_start"] == int(
        (tp.drop_duplicates("district")["cohort"] < months[0]).sum()
    )
    agg = r.aggregate("simple")
    assert np.isfinite(agg.overall[["estimate", "std_error"]].to_numpy()).all()
