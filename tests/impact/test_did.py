"""Callaway & Sant'Anna ``att_gt`` against published numbers and an independent implementation.

Sources
-------
* Published: R ``did`` package vignette "Getting Started with the did Package" (did 2.5), mpdta,
  ``att_gt(yname="lemp", gname="first.treat", idname="countyreal", tname="year", xformla=~1)``: the
  twelve ATT(g,t), dynamic and group aggregations, and the pre-test p-value 0.16812.
* Peer: csdid 0.4.3 (Python port of R ``did`` 2.x), analytic standard errors, run by
  ``tests/impact/results/make_reference.py`` into ``tests/impact/results/mpdta_csdid_attgt.csv`` /
  ``mpdta_csdid_aggte.csv`` / ``castle_csdid_simple.csv``.
* Peer: diff-diff 3.13.0 ``CallawaySantAnna(anticipation=2, base_period="varying")`` on mpdta, run by
  ``make_reference.diff_diff_anticipation_reference`` into ``mpdta_anticipation2_diffdiff_attgt.csv`` (cells
  inside the anticipation window compare with the period before them, as R ``did``'s ``compute.att_gt``
  does; csdid 0.4.3 departs from R there).
* Castle doctrine (Cheng & Hoekstra 2013, via causaldata 0.1.5 / ``trends.datasets.load_castle``):
  issue 4 quotes simple ATT 0.0194 (s.e. 0.0384) in csdid, differences and diff-diff.
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import trends
from trends.impact import ATTgtResult, EventStudyResult, ImpactWarning, att_gt

RESULTS = Path(__file__).parent / "results"
MPDTA = Path(trends.__file__).parent / "datasets" / "data" / "mpdta.csv"

SPECS = {
    "nevertreated": {},
    "notyettreated": {"control_group": "notyettreated"},
    "universal": {"base_period": "universal"},
    "dr_lpop": {"xformla": "~ lpop"},
    "ipw_lpop": {"xformla": "~ lpop", "est_method": "ipw"},
    "reg_lpop": {"xformla": ["lpop"], "est_method": "reg"},
    "nyt_dr_lpop": {"xformla": "~ lpop", "control_group": "notyettreated"},
    "anticipation1": {"anticipation": 1},
    "nyt_universal": {"control_group": "notyettreated", "base_period": "universal"},
    "weighted_pop": {"weightsname": "pop"},
    "weighted_dr_lpop": {"weightsname": "pop", "xformla": "~ lpop"},
}


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    d = pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})
    return d.assign(pop=np.exp(d["lpop"]))  # county population as sampling weights (as the reference)


def fit(data: pd.DataFrame, **kw) -> ATTgtResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)  # mpdta's 2004 cohort has one pre-period
        return att_gt(data, yname="lemp", tname="year", idname="countyreal", gname="first_treat", **kw)


@pytest.fixture(scope="module")
def fits(mpdta) -> dict[str, ATTgtResult]:
    return {name: fit(mpdta, **kw) for name, kw in SPECS.items()}


# --- published numbers: R did vignette (did 2.5), four decimals ------------------------------------
PUBLISHED_ATT = {
    (2004, 2004): -0.0105, (2004, 2005): -0.0704, (2004, 2006): -0.1373, (2004, 2007): -0.1008,
    (2006, 2004): 0.0065, (2006, 2005): -0.0028, (2006, 2006): -0.0046, (2006, 2007): -0.0412,
    (2007, 2004): 0.0305, (2007, 2005): -0.0027, (2007, 2006): -0.0311, (2007, 2007): -0.0261,
}  # fmt: skip


def test_published_attgt(fits):
    tab = fits["nevertreated"].table.set_index(["group", "time"])
    assert len(tab) == 12
    for key, value in PUBLISHED_ATT.items():
        assert round(tab.loc[key, "estimate"], 4) == value, key


def test_published_aggregations(fits):
    r = fits["nevertreated"]
    assert round(r.aggregate("dynamic").estimate, 4) == -0.0772
    grp = r.aggregate("group")
    assert round(grp.estimate, 3) == -0.031
    assert grp.table["estimate"].round(4).tolist() == [-0.0797, -0.0229, -0.0261]
    assert grp.table["group"].tolist() == [2004, 2006, 2007]


def test_published_pretest(fits):
    # vignette: "P-value for pre-test of parallel trends assumption: 0.16812"
    pt = fits["nevertreated"].pretest
    assert pt.df == 5
    assert round(pt.p_value, 5) == 0.16812


# --- independent implementation: csdid 0.4.3, analytic SEs, tolerance 1e-6 ---------------------------
@pytest.mark.parametrize("spec", list(SPECS))
def test_attgt_vs_csdid(fits, spec):
    ref = pd.read_csv(RESULTS / "mpdta_csdid_attgt.csv").query("spec == @spec")
    got = fits[spec].table.merge(ref, on=["group", "time"], validate="1:1")
    assert len(got) == len(ref) == len(fits[spec].table)
    np.testing.assert_allclose(got["estimate"], got["att"], rtol=0, atol=1e-6)
    se_ref = got["se"].fillna(0.0)  # the universal base cell: csdid reports NaN, we report 0
    np.testing.assert_allclose(got["std_error"], se_ref, rtol=0, atol=1e-6)


@pytest.mark.parametrize("spec", list(SPECS))
@pytest.mark.parametrize("typ", ["simple", "dynamic", "group", "calendar"])
def test_aggregate_vs_csdid(fits, spec, typ):
    ref = pd.read_csv(RESULTS / "mpdta_csdid_aggte.csv", dtype={"label": str}).query(
        "spec == @spec and type == @typ"
    )
    agg = fits[spec].aggregate(typ)
    overall = ref[ref["label"] == "overall"].iloc[0]
    assert agg.estimate == pytest.approx(overall["att"], abs=1e-6)
    assert agg.std_error == pytest.approx(overall["se"], abs=1e-6)
    comp = ref[ref["label"] != "overall"]
    if typ == "simple":
        assert len(agg.table) == 0
        return
    assert [str(v) for v in agg.table.iloc[:, 0]] == comp["label"].tolist()
    np.testing.assert_allclose(agg.table["estimate"], comp["att"], atol=1e-6)
    np.testing.assert_allclose(agg.table["std_error"], comp["se"].fillna(0.0), atol=1e-6)


@pytest.mark.parametrize(
    ("typ", "kw"), [("dynamic_m2_2", {"min_e": -2, "max_e": 2}), ("dynamic_bal1", {"balance_e": 1})]
)
def test_dynamic_windows_vs_csdid(fits, typ, kw):
    ref = pd.read_csv(RESULTS / "mpdta_csdid_aggte.csv", dtype={"label": str}).query(
        "spec == 'nevertreated' and type == @typ"
    )
    agg = fits["nevertreated"].aggregate("dynamic", **kw)
    assert agg.estimate == pytest.approx(ref["att"].iloc[0], abs=1e-6)
    assert agg.std_error == pytest.approx(ref["se"].iloc[0], abs=1e-6)
    np.testing.assert_allclose(agg.table["estimate"], ref["att"].iloc[1:], atol=1e-6)
    np.testing.assert_allclose(agg.table["std_error"], ref["se"].iloc[1:], atol=1e-6)


def test_castle_simple_att_vs_peers():
    # issue 4: simple ATT 0.0194 (s.e. 0.0384), DR, never treated, cohorts from the first year of post
    from trends.datasets import real

    castle = real.load_castle()
    ref = pd.read_csv(RESULTS / "castle_csdid_simple.csv").iloc[0]
    with pytest.warns(ImpactWarning, match="single unit"):
        agg = att_gt(castle, yname="l_homicide", tname="year", idname="sid", gname="effyear").aggregate(
            "simple"
        )
    assert round(agg.estimate, 4) == 0.0194
    assert round(agg.std_error, 4) == 0.0384
    # load_castle stores single-precision floats; the peer read causaldata's copy
    assert agg.estimate == pytest.approx(ref["att"], abs=1e-6)
    assert agg.std_error == pytest.approx(ref["se"], abs=1e-6)


# --- bootstrap, clustering, options -----------------------------------------------------------------
def test_bootstrap_seeded_and_close_to_analytic(mpdta, fits):
    a = fit(mpdta, bstrap=True, biters=999, seed=7, cband=True)
    b = fit(mpdta, bstrap=True, biters=999, seed=7, cband=True)
    pd.testing.assert_frame_equal(a.table, b.table)
    ratio = a.table["std_error"] / fits["nevertreated"].table["std_error"]
    assert ratio.between(0.85, 1.15).all()
    # a uniform band is wider than pointwise and below the Bonferroni value for 12 estimates
    assert 1.96 < a.crit_val < 3.2
    dyn = a.aggregate("dynamic")
    assert dyn.crit_val > 1.96
    assert np.all(dyn.table["conf_high"] - dyn.table["conf_low"] > 2 * 1.959 * dyn.table["std_error"])


def test_bootstrap_fast_path_equals_generic_product(mpdta):
    # Without covariates the bootstrap uses per-cohort sums; it must equal V @ psi / n draw by draw.
    from trends.impact._common import draw_multipliers

    r = fit(mpdta, bstrap=True, biters=50, seed=3, control_group="notyettreated")
    inf = r._inf
    n = len(inf.w)
    V = draw_multipliers(np.random.default_rng(3), (50, n), "mammen")
    generic = np.asarray((inf.psi.T @ V.T).T) / n
    np.testing.assert_allclose(inf.boot_cells, generic, atol=1e-12)


def test_multiplier_weights_moments():
    from trends.impact._common import draw_multipliers

    rng = np.random.default_rng(0)
    for kind in ("mammen", "rademacher", "webb"):
        v = draw_multipliers(rng, (200_000, 1), kind)
        assert abs(v.mean()) < 0.01
        assert abs(v.var() - 1) < 0.01


def test_cluster_analytic_se(mpdta):
    # Clustering by state (county FIPS // 1000): SE = sqrt(sum_c (sum_{i in c} psi_i)^2) / n.
    d = mpdta.assign(state=mpdta["countyreal"] // 1000)
    r = fit(d, cluster="state")
    base = fit(d)
    np.testing.assert_allclose(r.table["estimate"], base.table["estimate"])
    psi = base.influence_function.toarray()
    # units inside the result are ordered by cohort; the fit keeps each unit's cluster code
    sums = pd.DataFrame(psi).groupby(r._inf.cluster).sum().to_numpy()
    np.testing.assert_allclose(
        r.table["std_error"], np.sqrt((sums**2).sum(axis=0)) / psi.shape[0], atol=1e-12
    )
    # clustering by the unit id itself changes nothing
    same = fit(d, cluster="countyreal")
    np.testing.assert_allclose(same.table["std_error"], base.table["std_error"], atol=1e-14)


def test_datetime_periods_give_same_numbers(mpdta, fits):
    d = mpdta.assign(
        year=pd.to_datetime(mpdta["year"].astype(str) + "-01-01"),
        first_treat=pd.to_datetime(
            mpdta["first_treat"].where(mpdta["first_treat"] > 0).astype("Int64").astype(str), errors="coerce"
        ),
    )
    r = fit(d)
    np.testing.assert_allclose(r.table["estimate"], fits["nevertreated"].table["estimate"], atol=1e-12)
    assert r.table["group"].iloc[0] == pd.Timestamp("2004-01-01")
    dyn = r.aggregate("dynamic")
    assert dyn.estimate == pytest.approx(fits["nevertreated"].aggregate("dynamic").estimate, abs=1e-12)


def test_constant_weights_change_nothing(mpdta, fits):
    r = fit(mpdta.assign(w=3.0), weightsname="w")
    np.testing.assert_allclose(r.table["estimate"], fits["nevertreated"].table["estimate"], atol=1e-12)
    np.testing.assert_allclose(r.table["std_error"], fits["nevertreated"].table["std_error"], atol=1e-12)


def test_est_methods_equal_without_covariates(mpdta, fits):
    for m in ("ipw", "reg"):
        r = fit(mpdta, est_method=m)
        np.testing.assert_allclose(r.table["estimate"], fits["nevertreated"].table["estimate"], atol=1e-12)


def test_anticipation_shifts_base_period(mpdta):
    r = fit(mpdta, anticipation=1)
    tab = r.table.set_index(["group", "time"])
    # with one anticipation period the 2006 cohort's base period is 2004, so ATT(2006, 2005) is a
    # post-base comparison and ATT(2004, .) cells disappear (no pre-period left before 2004 - 1)
    assert 2004 not in tab.index.get_level_values("group")
    assert np.isfinite(tab["estimate"]).all()


def test_result_contract(fits):
    r = fits["nevertreated"]
    for col in ("estimate", "std_error", "conf_low", "conf_high", "p_value"):
        assert col in r.table
    assert r.spec["control_group"] == "nevertreated"
    assert "Callaway" in r.citation
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.n_units = 3  # type: ignore[misc]
    es = r.aggregate("dynamic").to_event_study()
    assert isinstance(es, EventStudyResult)
    assert list(es.table.columns) == [
        "term",
        "estimator",
        "event_time",
        "estimate",
        "std_error",
        "conf_low",
        "conf_high",
        "p_value",
    ]
    fig, _ = r.plot()
    assert len(fig.axes) == 3
    fig2, _ = r.aggregate("group").plot()
    assert fig2.axes


def test_option_validation(mpdta):
    with pytest.raises(ValueError, match="control_group"):
        fit(mpdta, control_group="never")
    with pytest.raises(ValueError, match="est_method"):
        fit(mpdta, est_method="ols")
    with pytest.raises(ValueError, match="type"):
        fit(mpdta).aggregate("event")
    with pytest.raises(trends.TrendsDataError, match="nope"):
        fit(mpdta, xformla="~ nope")


@pytest.mark.parametrize("kind", ["mammen", "webb"])
def test_clustered_bootstrap_matches_clustered_analytic(mpdta, kind):
    # 29 states: the cluster multiplier bootstrap (one draw per state) estimates the same variance as the
    # clustered analytic formula (sum of influence functions by state)
    d = mpdta.assign(state=mpdta["countyreal"] // 1000)
    analytic = fit(d, cluster="state")
    boot = fit(d, cluster="state", bstrap=True, biters=1999, seed=11, boot_weights=kind)
    ratio = boot.table["std_error"] / analytic.table["std_error"]
    assert ratio.between(0.75, 1.25).all(), ratio.tolist()
    agg_a = analytic.aggregate("simple")
    agg_b = boot.aggregate("simple")
    assert agg_b.std_error == pytest.approx(agg_a.std_error, rel=0.25)


# --- unbalanced panels: R did's allow_unbalanced_panel=TRUE, via csdid 0.4.3 ---------------------------
UNBALANCED = {
    "unbal_dr": {},
    "unbal_nyt": {"control_group": "notyettreated"},
    "unbal_dr_lpop": {"xformla": "~ lpop"},
    "unbal_ipw_lpop": {"xformla": "~ lpop", "est_method": "ipw"},
    "unbal_reg_lpop": {"xformla": "~ lpop", "est_method": "reg"},
}


@pytest.mark.parametrize("spec", list(UNBALANCED))
def test_unbalanced_vs_csdid(mpdta, spec):
    # the same 160 rows as tests/impact/results/make_reference.py:unbalanced_mpdta removes
    c, y = mpdta["countyreal"], mpdta["year"]
    drop = ((c % 7 == 0) & (y == 2005)) | ((c % 11 == 0) & (y == 2007)) | ((c % 13 == 0) & (y == 2003))
    d = mpdta[~drop]
    ref = pd.read_csv(RESULTS / "mpdta_unbalanced_csdid.csv", dtype={"group": str}).query("spec == @spec")
    with pytest.warns(ImpactWarning, match="repeated-cross-section"):
        r = att_gt(
            d,
            yname="lemp",
            tname="year",
            idname="countyreal",
            gname="first_treat",
            allow_unbalanced_panel=True,
            **UNBALANCED[spec],
        )
    assert r.n_units == 500
    cells = ref[ref["time"] > 0].assign(group=lambda x: x["group"].astype(int))
    got = r.table.merge(cells, on=["group", "time"], validate="1:1")
    assert len(got) == len(cells) == 12
    np.testing.assert_allclose(got["estimate"], got["att"], atol=1e-6)
    np.testing.assert_allclose(got["std_error"], got["se"], atol=1e-6)
    for typ in ("simple", "dynamic", "group", "calendar"):
        agg = r.aggregate(typ)
        row = ref[ref["group"] == typ].iloc[0]
        assert agg.estimate == pytest.approx(row["att"], abs=1e-6), typ
        assert agg.std_error == pytest.approx(row["se"], abs=1e-6), typ


def test_anticipation_window_cells_compare_with_the_period_before_as_r_did(mpdta) -> None:
    """With two periods of anticipation, ATT(2006, 2005) is the short difference 2005 - 2004 (R ``did`` and
    diff-diff); a long difference from 2003 would give 0.0038 instead of -0.0028."""
    ref = pd.read_csv(RESULTS / "mpdta_anticipation2_diffdiff_attgt.csv")
    got = fit(mpdta, anticipation=2).table.merge(ref, on=["group", "time"])
    assert len(got) == len(ref) == 8
    np.testing.assert_allclose(got["estimate"], got["att"], atol=1e-9)
    np.testing.assert_allclose(got["std_error"], got["se"], atol=1e-9)


def test_pretest_on_a_numerically_singular_covariance_is_not_reported():
    # two pre-period cells whose influence functions are proportional up to rounding: the Cholesky factor goes
    # through on rounding error and the Wald statistic was ~1e15 (p = 0); R's solve refuses such a matrix
    from types import SimpleNamespace

    from scipy import sparse

    from trends.impact.did import _pretest

    rng = np.random.default_rng(0)
    col = rng.normal(size=12)
    psi = sparse.csc_matrix(np.column_stack([col, 2 * col + 1e-8 * rng.normal(size=12), rng.normal(size=12)]))
    inf = SimpleNamespace(psi=psi, w=np.ones(12), cluster=np.arange(12), n_clusters=12)
    with pytest.warns(ImpactWarning, match="is singular"):
        res = _pretest(inf, np.array([0.1, 0.3, 0.05]), np.array([True, True, False]))
    assert np.isnan(res.statistic) and np.isnan(res.p_value) and res.df == 2
    # a well-conditioned pair is still tested
    ok = _pretest(inf, np.array([0.1, 0.3, 0.05]), np.array([True, False, True]))
    assert np.isfinite(ok.statistic) and 0 <= ok.p_value <= 1
