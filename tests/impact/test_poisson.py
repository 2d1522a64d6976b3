"""Poisson imputation for counts (trends.impact.poisson_imputation).

Checked against an independent implementation (statsmodels GLM Poisson with explicit unit and period dummies,
fitted on the untreated cells, as in Wooldridge 2023, Section 4), and for truth recovery on panels simulated by
trends.simulate.simulate_panel with a known multiplicative effect.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from trends.impact import ImpactWarning, NoComparisonError
from trends.impact.poisson import poisson_imputation
from trends.schema import TrendsDataError
from trends.simulate import simulate_panel


def _panel(seed: int = 3, n_units: int = 60, **kw) -> pd.DataFrame:
    sim = simulate_panel(
        n_units=n_units, n_periods=16, cohorts=[6, 9, 12], family="poisson", effect=-0.25, ramp=2, baseline=15,
        seed=seed, **kw,
    )  # fmt: skip
    return sim


def test_point_estimate_matches_glm_with_dummies() -> None:
    df = _panel().data
    res = poisson_imputation(
        df, yname="outcome", tname="period", idname="unit", gname="cohort", biters=2, seed=0
    )
    untreated = df[(df["cohort"] == 0) | (df["period"] < df["cohort"])]
    treated = df.drop(untreated.index)
    x = pd.get_dummies(untreated[["unit", "period"]].astype(str), drop_first=True, dtype=float)
    fit = sm.GLM(untreated["outcome"], sm.add_constant(x), family=sm.families.Poisson()).fit(tol=1e-12)
    xt = pd.get_dummies(treated[["unit", "period"]].astype(str), dtype=float).reindex(
        columns=x.columns, fill_value=0
    )
    mu0 = fit.predict(sm.add_constant(xt, has_constant="add"))
    expected = (treated["outcome"].sum() - mu0.sum()) / mu0.sum()
    assert res.overall["estimate"].iloc[0] == pytest.approx(expected, abs=1e-7)
    e0 = treated["period"] == treated["cohort"]
    exp0 = (treated.loc[e0, "outcome"].sum() - mu0[e0].sum()) / mu0[e0].sum()
    assert res.table.set_index("event_time").loc[0, "estimate"] == pytest.approx(exp0, abs=1e-7)


def test_recovers_a_known_multiplicative_effect() -> None:
    sim = _panel(seed=11, n_units=400)
    res = poisson_imputation(
        sim.data, yname="outcome", tname="period", idname="unit", gname="cohort", biters=99, seed=1
    )
    treated = sim.data[sim.data["treated"] == 1]
    truth = treated["mu1"].sum() / treated["mu0"].sum() - 1
    o = res.overall.iloc[0]
    assert abs(o["estimate"] - truth) < 0.1 * abs(truth)
    assert o["conf_low"] < truth < o["conf_high"]
    assert o["p_value"] < 0.001


def test_leads_are_near_zero_under_parallel_trends() -> None:
    sim = _panel(seed=5, n_units=400)
    res = poisson_imputation(
        sim.data, yname="outcome", tname="period", idname="unit", gname="cohort", leads=3, biters=99, seed=2
    )
    leads = res.table[res.table["event_time"] < 0]
    assert leads["event_time"].tolist() == [-3, -2, -1]
    assert (leads["estimate"].abs() < 0.05).all()
    assert res.overall["estimate"].iloc[0] < -0.1


def test_strata_give_each_group_its_own_period_effects() -> None:
    # Two offences with opposite city-wide trends; adoption is only in "theft"-heavy units. With common period
    # effects the trends leak into the estimate; with strata they do not.
    rng = np.random.default_rng(0)
    rows = []
    for u in range(40):
        cohort = 10 if u < 20 else 0
        for off, slope in (("theft", -0.08), ("fraud", 0.08)):
            level = {("theft", True): 40, ("fraud", True): 10}.get((off, u < 20), 25)
            for t in range(1, 21):
                rows.append((f"{u}/{off}", u, off, t, cohort, rng.poisson(level * np.exp(slope * t))))
    df = pd.DataFrame(rows, columns=["unit", "district", "offence", "period", "cohort", "count"])
    pooled = poisson_imputation(df, yname="count", tname="period", idname="unit", gname="cohort", biters=2)
    strat = poisson_imputation(df, yname="count", tname="period", idname="unit", gname="cohort", strata="offence", cluster="district",
                               biters=49)  # fmt: skip
    assert abs(strat.overall["estimate"].iloc[0]) < 0.05  # no effect was built in
    assert abs(pooled.overall["estimate"].iloc[0]) > abs(strat.overall["estimate"].iloc[0])


def test_units_without_untreated_periods_are_dropped_with_a_warning() -> None:
    df = _panel().data.copy()
    df.loc[df["unit"] == 1, "cohort"] = 1  # treated from the first period
    with pytest.warns(ImpactWarning, match="1 unit"):
        res = poisson_imputation(df, yname="outcome", tname="period", idname="unit", gname="cohort", biters=2)
    assert res.spec["units_dropped"] == ["1"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.assign(outcome=d["outcome"].where(d.index != 3, -1)), "negative"),
        (lambda d: d.assign(outcome=d["outcome"].astype(float).where(d.index != 3)), "missing"),
        (lambda d: d.drop(index=3), "unbalanced"),
        (lambda d: d.assign(cohort=0), "no treated cell"),
        # the other estimators refuse these too; a pivot would keep the first row or cohort without a word
        (lambda d: pd.concat([d, d.iloc[[3]]], ignore_index=True), "duplicated"),
        (lambda d: d.assign(cohort=d["cohort"].where(d.index != 3, 99)), "varies within a unit"),
    ],
)
def test_bad_input_is_a_clear_error(change, message) -> None:
    df = change(_panel().data.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        with pytest.raises(TrendsDataError, match=message):
            poisson_imputation(df, yname="outcome", tname="period", idname="unit", gname="cohort", biters=2)


def test_cells_and_ratio_by_group_add_up_to_the_overall_effect() -> None:
    df = _panel().data
    res = poisson_imputation(df, yname="outcome", tname="period", idname="unit", gname="cohort", biters=2)
    one_group = pd.Series("all", index=df["unit"].unique())
    tab = res.ratio_by(one_group)
    assert tab["estimate"].iloc[0] == pytest.approx(res.overall["estimate"].iloc[0], abs=1e-12)
    assert tab["conf_low"].iloc[0] < tab["estimate"].iloc[0] < tab["conf_high"].iloc[0]
    by_unit = res.ratio_by(pd.Series(df["unit"].unique(), index=df["unit"].unique()))
    assert len(by_unit) == df.loc[df["cohort"] > 0, "unit"].nunique()
    # Garwood interval: 0 observed against 2 expected gives an upper ratio of chi2(0.975, 2) / 2 / 2
    from scipy import stats

    cells = res.cells.assign(observed=0.0, expected=2.0).head(1)
    object.__setattr__(res, "cells", cells)
    single = res.ratio_by(pd.Series("x", index=cells["unit"]))
    assert single["conf_high"].iloc[0] == pytest.approx(stats.chi2.ppf(0.975, 2) / 4 - 1)
    assert single["conf_low"].iloc[0] == -1.0


def test_effects_by_group_carry_the_counterfactual_uncertainty() -> None:
    # Each unit's true effect is known (simulate_panel's mu1 / mu0 over its treated cells); over-dispersed
    # counts (negative binomial, k = 10). Intervals that treated the expected count as known (ratio_by)
    # under-cover; effects_by must cover near the nominal 95 % pointwise and, simultaneously, at least 95 %
    # of the time for all units together.
    hits, joint, z, group_hits = [], [], [], []
    for seed in range(12):
        sim = simulate_panel(n_units=30, n_periods=16, cohorts=[6, 9, 12], family="negbin", dispersion=10,
                             effect=-0.2, baseline=30, seed=seed)  # fmt: skip
        d = sim.data
        res = poisson_imputation(
            d, yname="outcome", tname="period", idname="unit", gname="cohort", biters=99, seed=seed
        )
        units = pd.Series(d["unit"].unique(), index=d["unit"].unique())
        point = res.effects_by(units, simultaneous=False).set_index("group")
        family = res.effects_by(units).set_index("group")
        treated = d[d["treated"] == 1].groupby("unit")[["mu1", "mu0"]].sum()
        truth = (treated["mu1"] / treated["mu0"] - 1).reindex(point.index)
        hits += list((point["conf_low"] < truth) & (truth < point["conf_high"]))
        joint.append(bool(((family["conf_low"] < truth) & (truth < family["conf_high"])).all()))
        z += list((np.log1p(point["estimate"]) - np.log1p(truth)) / point["std_error_log"])
        assert (family["conf_high"] - family["conf_low"] > point["conf_high"] - point["conf_low"]).all()
        assert (family["conf_low"] >= -1).all()
        # groups of several clusters (here units), which the bootstrap rarely draws whole: every group gets an
        # interval, and it covers the group's true effect
        thirds = pd.Series(np.arange(len(units)) % 3, index=units.index)
        by_third = res.effects_by(thirds, simultaneous=False).set_index("group")
        assert by_third["conf_low"].notna().all() and by_third["conf_high"].notna().all()
        cells = treated.assign(group=thirds).groupby("group")[["mu1", "mu0"]].sum()
        third_truth = (cells["mu1"] / cells["mu0"] - 1).reindex(by_third.index)
        group_hits += list((by_third["conf_low"] < third_truth) & (third_truth < by_third["conf_high"]))
    assert np.mean(group_hits) >= 0.85, np.mean(group_hits)
    assert 0.90 <= np.mean(hits) <= 0.985, np.mean(hits)
    assert np.mean(joint) >= 0.9, np.mean(joint)
    assert 0.85 < np.std(z) < 1.2, np.std(z)


def test_intervals_of_proportional_effects_never_pass_minus_100_percent() -> None:
    sim = simulate_panel(n_units=12, n_periods=12, cohorts=[5, 8], family="poisson", effect=-2.5, baseline=3,
                         seed=4)  # fmt: skip
    res = poisson_imputation(
        sim.data, yname="outcome", tname="period", idname="unit", gname="cohort", biters=49, seed=0
    )
    bounds = pd.concat([res.table, res.overall])[["conf_low", "conf_high"]]
    assert (bounds.dropna() > -1).all().all()
    assert (
        res.overall["conf_low"].iloc[0] < res.overall["estimate"].iloc[0] < res.overall["conf_high"].iloc[0]
    )


def test_min_comparisons_leaves_thinly_compared_periods_out_of_the_estimand() -> None:
    """Cohorts at 6, 9 and 12 and no never-treated unit: from period 12 nothing is compared with (left out at
    any floor), in periods 9-11 only the cohort-12 units, so a floor above their number leaves those out too,
    while the fit (and so every imputed cell that stays) is unchanged."""
    df = _panel(seed=5, n_units=45, cohort_shares=[1 / 3] * 3).data
    late = df.loc[df["cohort"] == 12, "unit"].nunique()
    common = dict(data=df, yname="outcome", tname="period", idname="unit", gname="cohort", biters=9, seed=0)
    with pytest.warns(ImpactWarning, match="5 period.s. have no untreated unit"):
        every = poisson_imputation(**common)
    with pytest.warns(ImpactWarning, match=rf"fewer than {late + 1} comparison clusters \('unit'\)"):
        thin = poisson_imputation(**common, min_comparisons=late + 1)
    post = every.cells[every.cells["event_time"] >= 0]
    kept = post[post["period"] < 9]
    assert thin.spec["cells_thin"] - every.spec["cells_thin"] == len(post) - len(kept) > 0
    assert every.spec["cells_thin"] == int(((df["period"] >= 12) & (df["cohort"] > 0)).sum())
    assert thin.spec["min_comparisons"] == late + 1
    assert set(thin.cells["period"]) == set(kept["period"])
    expected = kept["observed"].sum() / kept["expected"].sum() - 1
    assert thin.overall["estimate"].iloc[0] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(NoComparisonError), pytest.warns(ImpactWarning, match="fewer than 46"):
        poisson_imputation(**common, min_comparisons=46)
    with pytest.raises(ValueError, match="min_comparisons"):
        poisson_imputation(**common, min_comparisons=0)


def test_each_event_time_says_how_many_clusters_it_rests_on() -> None:
    """``table["clusters"]``: the distinct clusters among the cells each binned event time averages, counted here
    from ``cells`` (leads included, ``max_e`` respected); late bins rest on the early cohort alone."""
    df = _panel(seed=5, n_units=45, cohort_shares=[1 / 3] * 3).data
    df["group"] = df["unit"] % 7  # clusters of several units
    common = dict(data=df, yname="outcome", tname="period", idname="unit", gname="cohort", biters=9, seed=0)
    for kw in (
        {"bin_width": 3, "leads": 3},
        {"cluster": "group", "bin_width": 4},
        {"cluster": "group", "max_e": 5},
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ImpactWarning)
            res = poisson_imputation(**common, **kw)
        cells = res.cells
        if "max_e" in kw:
            cells = cells[cells["event_time"] <= kw["max_e"]]
        cluster_of = df.drop_duplicates("unit").set_index("unit", drop=False)[kw.get("cluster", "unit")]
        bins = cells["event_time"] // kw.get("bin_width", 1)
        want = cells["unit"].map(cluster_of).groupby(bins).nunique()
        got = res.table.set_index("event_time")["clusters"]
        pd.testing.assert_series_equal(
            got, want.rename("clusters"), check_names=False, check_index_type=False
        )
        if "cluster" not in kw:  # by unit, the last bins have fewer cohorts (so units) behind them
            assert got.iloc[-1] < got.max()
