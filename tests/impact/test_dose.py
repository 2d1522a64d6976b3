"""Intensity: dose bins and the continuous-dose ATT(d|d) (trends.impact.dose).

Source: the simulated Hanoi study (``trends.simulate.simulate_hanoi``, bundled seed), whose documented effect
scales with intensity (each active model lowers the expected count by ``kappa * beta * r(a) * 10,000 / pop``).
The true effect of each dose bin is computed from the simulation's ``mu0`` / ``mu1``; the checks follow
Callaway, Goodman-Bacon & Sant'Anna (2024, NBER WP 32117): ATT(d|d) from post-minus-pre changes of adopters
relative to not-yet/never-treated units must fall with the dose here.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.impact import ImpactWarning, dose_bins, dose_response, unit_dose
from trends.panel import rollout_panel
from trends.schema import TrendsDataError
from trends.study import load_study


@pytest.fixture(scope="module")
def hanoi():
    s = load_study()
    tr = rollout_panel(s.rollout, s.periods, districts=s.districts)
    cohort = tr.drop_duplicates("district").set_index("district")["cohort"]
    tot = s.crimes.groupby(["district", "period"], as_index=False)["count"].sum()
    tot["cohort"] = tot["district"].map(cohort)
    return s, tr, tot, unit_dose(tr, at=12)


def test_unit_dose(hanoi):
    _, tr, _, dose = hanoi
    c = tr.drop_duplicates("district").set_index("district")["cohort"]
    u = dose.index[0]
    want = tr.loc[(tr["district"] == u) & (tr["period"] == c[u] + pd.DateOffset(months=12)), "models_per_10k"]
    assert dose[u] == pytest.approx(float(want.iloc[0]))
    adopters = c[(c >= tr["period"].min())].index
    assert set(dose.index) == set(adopters)


def test_dose_bins_slope_and_truth(hanoi):
    s, _, tot, dose = hanoi
    with pytest.warns(ImpactWarning, match="adopted before the panel"):
        r = dose_bins(
            tot,
            yname="count",
            tname="period",
            idname="district",
            gname="cohort",
            dose=dose,
            biters=49,
            seed=1,
        )
    tab = r.table.set_index("bin")
    assert tab["n_units"].sum() == len(dose)
    assert tab.loc["high", "estimate"] < tab.loc["middle", "estimate"] < tab.loc["low", "estimate"]
    assert tab.loc["high", "conf_high"] < 0
    truth = s.truth[s.truth["treated"]].assign(
        bin=lambda d: d["district"].map(r.units.set_index("unit")["bin"])
    )
    g = truth.dropna(subset=["bin"]).groupby("bin", observed=True)[["mu0", "mu1"]].sum()
    true = g["mu1"] / g["mu0"] - 1
    assert true["high"] < true["middle"] < true["low"] < 0
    # the recommended specification (04_rollout_impact): district x offence series, offence-specific period
    # effects, district clusters; its intervals cover the true effect of every bin
    series = s.crimes.assign(series=s.crimes["district"] + "/" + s.crimes["offence"])
    series["cohort"] = series["district"].map(tot.drop_duplicates("district").set_index("district")["cohort"])
    with pytest.warns(ImpactWarning):
        rs = dose_bins(series, yname="count", tname="period", idname="series", gname="cohort", dose=dose, dose_unit="district",
                       cluster="district", strata="offence", biters=49, seed=1)  # fmt: skip
    ts = rs.table.set_index("bin")
    assert ts.loc["high", "estimate"] < ts.loc["low", "estimate"]
    for b in ts.index:
        assert ts.loc[b, "conf_low"] <= true[b] <= ts.loc[b, "conf_high"], b


def test_dose_response_slopes_down(hanoi):
    _, _, tot, dose = hanoi
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        lin = dose_response(
            tot, yname="count", tname="period", idname="district", gname="cohort", dose=dose, biters=99
        )
        bins = dose_response(
            tot,
            yname="count",
            tname="period",
            idname="district",
            gname="cohort",
            dose=dose,
            sieve="bins",
            biters=99,
        )
    assert lin.slope["estimate"].iloc[0] < 0
    assert lin.curve["estimate"].iloc[-1] < lin.curve["estimate"].iloc[0]
    assert lin.overall["conf_high"].iloc[0] < 0
    assert bins.slope["estimate"].iloc[-1] < bins.slope["estimate"].iloc[0]
    u = lin.units
    np.testing.assert_allclose(u["att"], u["change"] - u["control_change"])
    assert lin.overall["estimate"].iloc[0] == pytest.approx(u["att"].mean())


def test_bad_input(hanoi):
    _, _, tot, dose = hanoi
    with pytest.raises(TrendsDataError, match="distinct doses"):
        dose_bins(
            tot,
            yname="count",
            tname="period",
            idname="district",
            gname="cohort",
            dose=dose.iloc[:2],
            n_bins=3,
        )
    with pytest.raises(TrendsDataError, match="unbalanced"):
        dose_response(
            tot.iloc[1:], yname="count", tname="period", idname="district", gname="cohort", dose=dose
        )
    # many adopters at one dose (no coverage yet: 0) tie the quantile edges: no three bins exist
    tied = dose.copy()
    tied.iloc[: int(0.4 * len(tied))] = 0.0
    with pytest.raises(TrendsDataError, match="tied"):
        dose_bins(tot, yname="count", tname="period", idname="district", gname="cohort", dose=tied, n_bins=3)


def test_dose_bins_with_att_gt_on_annual_rates(hanoi):
    from trends.explore import rates_by_year

    s, _, _, dose = hanoi
    years = range(2015, 2025)
    at = rollout_panel(
        s.rollout, pd.to_datetime([f"{y}-01-01" for y in years]), districts=s.districts, freq="year"
    )
    rates = rates_by_year(s.crimes, s.districts)
    annual = rates[rates["year"].isin(years)].merge(
        at.assign(year=at["period"].dt.year)[["district", "year", "cohort"]]
    )
    annual["log_rate"] = np.log1p(annual["rate"])
    annual["cohort_year"] = annual["cohort"].dt.year.fillna(0)
    annual = annual[(annual["cohort_year"] == 0) | (annual["cohort_year"] > 2015)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)  # one-district cohorts
        r = dose_bins(
            annual,
            yname="log_rate",
            tname="year",
            idname="district",
            gname="cohort_year",
            dose=dose,
            estimator="att_gt",
        )
    tab = r.table.set_index("bin")
    assert tab.loc["high", "estimate"] < tab.loc["low", "estimate"]
    assert tab.loc["high", "conf_high"] < 0


def test_dose_response_without_bootstrap():
    """``biters=0``: point estimates with NaN intervals (it raised a TypeError before 2026-12-07)."""
    rng = np.random.default_rng(3)
    units, periods = np.arange(30), np.arange(1, 5)
    g = np.where(units < 12, 3, 0)
    d = pd.DataFrame([(u, p, g[u]) for u in units for p in periods], columns=["unit", "period", "g"])
    dose = pd.Series(rng.uniform(1, 2, 12), index=units[:12])
    d["y"] = rng.normal(size=len(d)) + np.where(
        d["period"] >= d["g"].where(d["g"] > 0, 99), d["unit"].map(dose), 0
    )
    for sieve in ("linear", "bins"):
        r = dose_response(d, yname="y", tname="period", idname="unit", gname="g", dose=dose, pre=1, post=(0, 1),
                          scale="level", sieve=sieve, biters=0)  # fmt: skip
        assert np.isfinite(r.slope["estimate"]).all() and np.isfinite(r.overall["estimate"]).all()
        assert r.slope["std_error"].isna().all() and r.overall["conf_low"].isna().all()
        assert r.curve["conf_low"].isna().all() and len(r.curve) == 25
