"""Estimator options and data shapes checked against independent implementations (2026-12-07, est9).

Every reference number is read from a file in ``tests/impact/results/`` written by a function of the reference
scripts, run in a separate environment holding the peers (``/tmp/venv_peers``, see
``tests/impact/results/make_reference.py``); the data shapes come from ``make_reference.shape``, loaded from
that file so that the peers and ``trends`` see the same rows.

* csdid 0.4.3 (port of R ``did`` 2.x), analytic standard errors: ``make_reference.csdid_options_reference``
  -> ``csdid_options_attgt.csv`` / ``csdid_options_aggte.csv``: castle doctrine (Cheng & Hoekstra 2013), shall-issue
  laws (``Guns``, Stock & Watson 2007: an always-treated cohort, one-state cohorts) and mpdta cut to no
  never-treated units or one cohort; not-yet-treated controls, universal base, anticipation, dr / ipw / reg with
  time-varying covariates, sampling weights; every aggregation and ``min_e`` / ``max_e`` / ``balance_e`` windows.
* pyfixest 0.60.0 ``feols`` / ``fepois``: ``make_reference.pyfixest_options_reference`` -> ``pyfixest_options.csv``.
* diff-diff 3.13.0 ``SunAbraham``, ``ImputationDiD``, ``BaconDecomposition``:
  ``make_reference.diff_diff_options_reference`` -> ``diffdiff_options_eventstudy.csv``, ``diffdiff_options_bacon.csv``.
* diff-diff 3.13.0 ``HonestDiD`` (smoothness FLCI, relative magnitudes) and ``SyntheticDiD``:
  ``make_ppml_honest_reference.honest_smoothness_reference`` / ``synthdid_diffdiff_reference`` ->
  ``diffdiff_honest_smoothness.json``, ``prop99_diffdiff_sdid.json``.
* diff-diff 3.13.0 ``CallawaySantAnna(cluster=...)``: ``make_reference.diff_diff_cluster_reference`` ->
  ``diffdiff_cs_cluster.csv``; pyfixest 0.60.0 ``did2s`` and ``fepois`` on untreated cells:
  ``make_reference.pyfixest_imputation_reference`` -> ``pyfixest_imputation.csv``.
* diff-diff 3.13.0 ``CallawaySantAnna(anticipation=2, covariates=...)``:
  ``make_reference.diff_diff_anticipation_covariates_reference`` -> ``diffdiff_cs_anticipation2.csv``; pyfixest
  0.60.0 saturated ``feols`` for weighted Sun & Abraham: ``make_reference.pyfixest_sunab_weighted_reference`` ->
  ``pyfixest_sunab_weighted.csv``.
"""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.impact import (
    ATTgtResult,
    ImpactWarning,
    att_gt,
    bacon_decomposition,
    imputation,
    poisson_imputation,
    ppml,
    relative_magnitude_bounds,
    smoothness_bounds,
    sun_abraham,
    synthdid,
    twfe,
    twfe_event_study,
)

RESULTS = Path(__file__).parent / "results"
_spec = importlib.util.spec_from_file_location("make_reference", RESULTS / "make_reference.py")
assert _spec is not None and _spec.loader is not None
make_reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_reference)
shape = make_reference.shape

TOL = 1e-8  # the peers' own optimisers (logit) converge to about 1e-10

# --- Callaway & Sant'Anna against csdid 0.4.3 ---------------------------------------------------------------
CS_SPECS = {s[0]: s[1:] for s in make_reference.CSDID_OPTION_SPECS}
AGGS = [(t, t, {}) for t in ("simple", "dynamic", "group", "calendar")] + make_reference.CSDID_WINDOWS

# The propensity score of the one-state 2010 cohort is separated with two covariates; the peer still reports
# ATT(2010, 2008) from its unconverged logit (0.735), trends refuses the cell (NaN, with a warning) as it does
# the peer's other five 2010 cells: the only pre-period event time that uses it (e = -2) differs.
CS_PEER_ONLY = {"castle_dr_2x_popwt": {(2010, 2008)}}


@pytest.fixture(scope="module")
def cs_fits() -> dict[str, ATTgtResult]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)  # one-unit cohorts, separated cells, dropped units
        for name, (data, y, unit, cohort, kw) in CS_SPECS.items():
            out[name] = att_gt(shape(data), yname=y, tname="year", idname=unit, gname=cohort, **kw)
    return out


@pytest.mark.parametrize("spec", list(CS_SPECS))
def test_att_gt_options_vs_csdid(cs_fits, spec):
    ref = pd.read_csv(RESULTS / "csdid_options_attgt.csv").query("spec == @spec")
    got = cs_fits[spec].table.merge(ref, on=["group", "time"], validate="1:1")
    assert len(got) == len(ref) == len(cs_fits[spec].table)
    peer_only = np.array(
        [(g, t) in CS_PEER_ONLY.get(spec, set()) for g, t in zip(got["group"], got["time"], strict=True)]
    )
    assert got.loc[peer_only, "estimate"].isna().all()
    got = got[~peer_only]
    np.testing.assert_array_equal(got["estimate"].isna(), got["att"].isna())
    np.testing.assert_allclose(got["estimate"], got["att"], rtol=0, atol=TOL)
    got = got[got["att"].notna()]
    se_ref = got["se"].fillna(0.0)  # the universal base cell: the peer reports NaN, we report 0
    np.testing.assert_allclose(got["std_error"], se_ref, rtol=0, atol=TOL)


@pytest.mark.parametrize("spec", list(CS_SPECS))
@pytest.mark.parametrize(("label", "typ", "kw"), AGGS, ids=[a[0] for a in AGGS])
def test_aggregations_and_windows_vs_csdid(cs_fits, spec, label, typ, kw):
    ref = pd.read_csv(RESULTS / "csdid_options_aggte.csv", dtype={"label": str}).query(
        "spec == @spec and type == @label"
    )
    if (ref["label"] == "error").any():  # the peer refuses the window: so must we
        with pytest.raises(ValueError, match="window"):
            cs_fits[spec].aggregate(typ, **kw)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)  # skipped NaN cells (the peer: na_rm=True)
        agg = cs_fits[spec].aggregate(typ, **kw)
    overall = ref[ref["label"] == "overall"].iloc[0]
    comp = ref[ref["label"] != "overall"]
    if typ == "simple":
        assert len(agg.table) == 0
    else:
        assert [str(v) for v in agg.table.iloc[:, 0]] == comp["label"].tolist()
        keep = np.ones(len(comp), dtype=bool)
        if spec in CS_PEER_ONLY and typ == "dynamic":
            keep = comp["label"].to_numpy() != "-2"  # the peer's extra cell, see CS_PEER_ONLY
        np.testing.assert_allclose(agg.table["estimate"][keep], comp["att"][keep], atol=TOL)
        np.testing.assert_allclose(agg.table["std_error"][keep], comp["se"].fillna(0.0)[keep], atol=TOL)
    assert agg.estimate == pytest.approx(overall["att"], abs=TOL)
    assert agg.std_error == pytest.approx(overall["se"], abs=TOL)


# --- TWFE, TWFE event study and Poisson PML against pyfixest 0.60.0 ------------------------------------------
# ``make_reference.pyfixest_options_reference`` -> ``pyfixest_options.csv``: ``feols`` / ``fepois`` with unit
# and year effects; covariates, weights, CR1 by region (4 clusters) / by unit, HC1 and iid variances, event
# studies with binned end points (``make_reference.binned_event_dummies``), guns' always-treated cohort.
PF_SPECS = {s[0]: s[1:] for s in make_reference.PYFIXEST_OPTION_SPECS}
VCOV = {"hetero": "hc1", "iid": "iid"}


def _pf_fit(est: str, data: str, o: dict) -> pd.DataFrame:
    d = shape(data)
    kw: dict = {"weightsname": o.get("weights")}
    vc = o["vcov"]
    if isinstance(vc, dict):
        kw["cluster"] = vc["CRV1"]
    else:
        kw["vcov"] = VCOV[vc]
    common = dict(yname=o["y"], tname="year", idname="sid")
    if "es" in o:
        g, lo, hi = o["es"]
        if est == "feols":
            return twfe_event_study(d, gname=g, min_e=lo, max_e=hi, **common, **kw).table
        return ppml(d, gname=g, event_study=True, min_e=lo, max_e=hi, **common, **kw).table
    x = o["x"].split(" + ")
    if est == "feols":
        return twfe(d, dname=x[0], covariates=x[1:] or None, **common, **kw).table
    return ppml(d, dname=x[0], **common, **kw).table


@pytest.mark.parametrize("spec", list(PF_SPECS))
def test_twfe_and_ppml_options_vs_pyfixest(spec):
    est, data, o = PF_SPECS[spec]
    ref = pd.read_csv(RESULTS / "pyfixest_options.csv", dtype={"term": str}).query("spec == @spec")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        tab = _pf_fit(est, data, o)
    got = ref.merge(
        tab.assign(term=tab["term"].astype(str)), on="term", suffixes=("_peer", ""), validate="1:1"
    )
    assert len(got) == len(ref)
    np.testing.assert_allclose(got["estimate"], got["estimate_peer"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(got["std_error"], got["std_error_peer"], rtol=0, atol=1e-8)


# --- Sun & Abraham, imputation and the Bacon decomposition against diff-diff 3.13.0 --------------------------
# ``make_reference.diff_diff_options_reference`` -> ``diffdiff_options_eventstudy.csv`` (castle, guns, mpdta
# without never-treated units; clustering by unit or by census region, anticipation, a horizon limit) and
# ``diffdiff_options_bacon.csv`` (mpdta; guns with its always-treated cohort).
DD_SPECS = {s[0]: s[1:] for s in make_reference.DIFFDIFF_OPTION_SPECS}
# Conventions that differ on purpose (benchmarks/RESULTS.md, "Estimators on edge cases"):
# * guns_sa: diff-diff keeps the 4 states treated from 1977 on in the Sun & Abraham regression, where their
#   event-time dummies are collinear with the unit effects (it drops e = 4 for every cohort, which moves the
#   other coefficients by up to 0.3, and reports no overall effect); Sun & Abraham (2021) and trends drop them
#   (with a warning), which is exactly the peer's fit without them (guns_no_always_sa, checked below).
# * castle_imp_antic1_region: diff-diff's overall effect also averages the anticipation horizon (e = -1).
# * guns_imp_max3: diff-diff's ``horizon_max`` limits the reported horizons only; trends' ``max_e`` also limits
#   the overall effect to horizons 0..max_e (its docstring).
DD_OVERALL_DIFFERS = {"castle_imp_antic1_region", "guns_imp_max3"}


def _dd_fit(spec: str):
    est, data, y, cohort, kw = DD_SPECS[spec]
    unit = "countyreal" if data.startswith("mpdta") else "sid"
    kw = dict(kw)
    if "horizon_max" in kw:
        kw["max_e"] = kw.pop("horizon_max")
    fn = sun_abraham if est == "sun_abraham" else imputation
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)  # dropped always-treated units / unimputable cells
        return fn(shape(data), yname=y, tname="year", idname=unit, gname=cohort, **kw)


@pytest.mark.parametrize("spec", [s for s in DD_SPECS if s != "guns_sa"])
def test_event_studies_vs_diff_diff(spec):
    ref = pd.read_csv(RESULTS / "diffdiff_options_eventstudy.csv", dtype={"term": str}).query("spec == @spec")
    r = _dd_fit(spec)
    tab = r.table.assign(term=r.table["term"].astype(str))
    per = ref[ref["term"] != "overall"]
    per = per[per["term"].astype(int) >= (0 if DD_SPECS[spec][0] == "imputation" else -np.inf)]
    got = per.merge(tab, on="term", suffixes=("_peer", ""), validate="1:1")
    assert len(got) == len(per) > 0
    assert set(tab["term"]) - set(per["term"]) <= {"-1"}  # our reference period (0 by construction)
    np.testing.assert_allclose(got["estimate"], got["estimate_peer"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(got["std_error"], got["std_error_peer"], rtol=0, atol=1e-9)
    overall = ref[ref["term"] == "overall"].iloc[0]
    if spec in DD_OVERALL_DIFFERS:
        assert abs(r.estimate - overall["estimate"]) > 1e-3
        return
    assert r.estimate == pytest.approx(overall["estimate"], abs=1e-9)
    assert r.std_error == pytest.approx(overall["std_error"], abs=1e-9)


def test_sun_abraham_drops_always_treated_units_as_the_paper():
    ref = pd.read_csv(RESULTS / "diffdiff_options_eventstudy.csv", dtype={"term": str})
    with pytest.warns(ImpactWarning, match="treated from the first period"):
        r = sun_abraham(shape("guns"), yname="l_violent", tname="year", idname="sid", gname="adopt_year")
    no_always = ref.query("spec == 'guns_no_always_sa' and term != 'overall'")
    got = no_always.merge(r.table.assign(term=r.table["term"].astype(str)), on="term", suffixes=("_peer", ""))
    assert len(got) == len(no_always)
    np.testing.assert_allclose(got["estimate"], got["estimate_peer"], atol=1e-9)
    # diff-diff with the always-treated units: a rank-deficient fit without event time 4 or an overall effect
    with_always = ref.query("spec == 'guns_sa'")
    assert (
        "4" not in set(with_always["term"])
        and with_always.query("term == 'overall'")["estimate"].isna().all()
    )


@pytest.mark.parametrize(
    ("data", "y", "cohort"), [("mpdta", "lemp", "first_treat"), ("guns", "l_violent", "adopt_year")]
)
def test_bacon_vs_diff_diff(data, y, cohort):
    d = shape(data)
    unit = "countyreal" if data == "mpdta" else "sid"
    d["D"] = ((d[cohort] > 0) & (d["year"] >= d[cohort])).astype(float)
    b = bacon_decomposition(d, yname=y, dname="D", idname=unit, tname="year")
    ref = pd.read_csv(RESULTS / "diffdiff_options_bacon.csv").query("data == @data")
    assert b.twfe_estimate == pytest.approx(ref["twfe_estimate"].iloc[0], abs=1e-12)
    # diff-diff pools the always-treated with the never-treated controls; Goodman-Bacon's types keep them
    # apart ("later vs always"): pooled by weight they are the same comparison
    t = b.table.assign(
        treated=b.table["treated"].astype(str),
        control=b.table["control"].astype(str).replace({"always": "never"}),
        we=b.table["weight"] * b.table["estimate"],
    )
    t = t.groupby(["treated", "control"], as_index=False)[["weight", "we"]].sum()
    t["estimate"] = t["we"] / t["weight"]
    ref = ref.assign(
        treated=ref["treated_group"].astype(str),
        control=ref["control_group"].replace({"never_treated": "never"}).astype(str),
    )
    m = t.merge(ref, on=["treated", "control"], validate="1:1", suffixes=("", "_ref"))
    assert len(m) == len(ref) == len(t)
    np.testing.assert_allclose(m["estimate"], m["estimate_ref"], atol=1e-10)
    np.testing.assert_allclose(m["weight"], m["weight_ref"], atol=1e-10)


# --- HonestDiD against diff-diff 3.13.0 -----------------------------------------------------------------------
# ``make_ppml_honest_reference.honest_smoothness_reference`` -> ``diffdiff_honest_smoothness.json``: the peer's
# Callaway & Sant'Anna event studies (never treated, universal base) of mpdta and castle (9 pre-periods), its
# smoothness FLCI and relative-magnitude bounds; trends reads the same vector and covariance.
HONEST = json.loads((RESULTS / "diffdiff_honest_smoothness.json").read_text())


def _honest_inputs(data: str) -> dict:
    rec = HONEST[data]
    return dict(
        betahat=rec["betahat"], sigma=np.array(rec["sigma"]), num_pre=rec["num_pre"], num_post=rec["num_post"]
    )


@pytest.mark.parametrize("data", ["mpdta", "castle"])
@pytest.mark.parametrize("lvec", ["average", "e0"])
def test_relative_magnitude_bounds_vs_diff_diff(data, lvec):
    want = pd.DataFrame(HONEST[data]["bounds"]).query("method == 'relative_magnitude' and l_vec == @lvec")
    r = relative_magnitude_bounds(
        **_honest_inputs(data),
        mbar=want["m"].tolist(),
        target="average" if lvec == "average" else 0,
        method="naive",
    )
    for ours, theirs in (("lb", "lb"), ("ub", "ub"), ("conf_low", "ci_lb"), ("conf_high", "ci_ub")):
        np.testing.assert_allclose(r.table[ours], want[theirs], atol=1e-9, err_msg=ours)


@pytest.mark.parametrize("data", ["mpdta", "castle"])
@pytest.mark.parametrize("lvec", ["average", "e0"])
def test_smoothness_flci_vs_diff_diff(data, lvec):
    want = pd.DataFrame(HONEST[data]["bounds"]).query("method == 'smoothness' and l_vec == @lvec")
    r = smoothness_bounds(
        **_honest_inputs(data), m=want["m"].tolist(), target="average" if lvec == "average" else 0
    )
    t = r.table.reset_index(drop=True)
    want = want.reset_index(drop=True)
    # M = 0: no bias, the minimum-variance estimator: the same interval
    np.testing.assert_allclose(
        t.loc[0, ["conf_low", "conf_high"]].to_numpy(float),
        want.loc[0, ["ci_lb", "ci_ub"]].to_numpy(float),
        atol=1e-5,
    )
    # M > 0: trends searches the estimator's standard deviation on R HonestDiD's 100-point grid
    # (``findOptimalFLCI``), diff-diff by a continuous search; the half-length is flat near the optimum, so the
    # lengths agree to 5e-5 (relative; the peer's never longer than ours by more) while the centres move by up to
    # 2.4e-3 on castle.
    ours_len = t["conf_high"] - t["conf_low"]
    peer_len = want["ci_ub"] - want["ci_lb"]
    assert (ours_len >= peer_len - 1e-9).all()
    np.testing.assert_allclose(ours_len, peer_len, rtol=5e-5)
    np.testing.assert_allclose(t["conf_low"], want["ci_lb"], atol=3e-3)
    np.testing.assert_allclose(t["conf_high"], want["ci_ub"], atol=3e-3)
    # Identified set: diff-diff pins the pre-period coefficients, so it is empty (NaN) when their own bends
    # exceed M; trends imposes the restrictions involving post periods only (its docstring). Where the peer's
    # set exists the two agree.
    both = want["lb"].notna()
    np.testing.assert_allclose(t.loc[both, "lb"], want.loc[both, "lb"], atol=1e-9)
    np.testing.assert_allclose(t.loc[both, "ub"], want.loc[both, "ub"], atol=1e-9)
    assert (r.max_pre_diff > want.loc[~both, "m"]).all()


# --- Synthetic DiD against diff-diff 3.13.0 --------------------------------------------------------------------
# ``make_ppml_honest_reference.synthdid_diffdiff_reference`` -> ``prop99_diffdiff_sdid.json``: Proposition 99
# (Arkhangelsky et al. 2021, Table 1: SDID -15.6) and the same panel with Nevada and Utah also treated from 1989.
SDID = json.loads((RESULTS / "prop99_diffdiff_sdid.json").read_text())


@pytest.mark.parametrize("name", ["california", "three_states"])
def test_synthdid_vs_diff_diff(name):
    rec = SDID[name]
    p99 = pd.read_csv(RESULTS / "california_prop99.csv", sep=";")
    d = p99.assign(D=(p99["State"].isin(rec["treated"]) & (p99["Year"] >= 1989)).astype(int))
    r = synthdid(d, idname="State", tname="Year", yname="PacksPerCapita", dname="D", se="none")
    assert r.att == pytest.approx(rec["estimate"], abs=1e-9)
    uw = r.unit_weights.set_index("unit")["weight"]
    peer_u = pd.Series(rec["unit_weights"])
    np.testing.assert_allclose(uw.reindex(peer_u.index, fill_value=0.0), peer_u, atol=1e-9)
    tw = r.time_weights.set_index("time")["weight"]
    peer_t = pd.Series(rec["time_weights"])
    np.testing.assert_allclose(tw.rename(index=str).reindex(peer_t.index, fill_value=0.0), peer_t, atol=1e-9)


# --- clustered Callaway & Sant'Anna against diff-diff 3.13.0 --------------------------------------------------
# ``make_reference.diff_diff_cluster_reference`` -> ``diffdiff_cs_cluster.csv``: analytic standard errors
# clustered by state (mpdta, 29 clusters) and census region (castle, 4). diff-diff applies the Liang-Zeger CR1
# factor sqrt(G / (G - 1)) to the influence-function sums; trends, like R ``did``'s clustered multiplier
# bootstrap (``mboot``), does not: equal after the factor.
@pytest.mark.parametrize(
    ("spec", "data", "y", "unit", "cohort", "cl"),
    [
        ("mpdta_state", "mpdta", "lemp", "countyreal", "first_treat", "state"),
        ("castle_region", "castle", "l_homicide", "sid", "effyear", "region"),
    ],
)
def test_clustered_att_gt_vs_diff_diff(spec, data, y, unit, cohort, cl):
    ref = pd.read_csv(RESULTS / "diffdiff_cs_cluster.csv").query("spec == @spec")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        r = att_gt(shape(data), yname=y, tname="year", idname=unit, gname=cohort, cluster=cl)
    simple, dyn = r.aggregate("simple"), r.aggregate("dynamic")
    tab = pd.concat(
        [
            r.table.assign(term=r.table["group"].astype(str) + "/" + r.table["time"].astype(str)),
            pd.DataFrame(
                {"term": ["simple"], "estimate": [simple.estimate], "std_error": [simple.std_error]}
            ),
            dyn.table.assign(term="e" + dyn.table["event_time"].astype(str)),
        ]
    )[["term", "estimate", "std_error"]]
    got = ref.merge(tab, on="term", suffixes=("_peer", ""), validate="1:1")
    assert len(got) == len(ref)
    n_cl = ref["n_clusters"].iloc[0]
    np.testing.assert_allclose(got["estimate"], got["estimate_peer"], atol=1e-9)
    np.testing.assert_allclose(
        got["std_error"] * np.sqrt(n_cl / (n_cl - 1)), got["std_error_peer"], atol=1e-9
    )


# --- imputation point estimates against pyfixest 0.60.0 -------------------------------------------------------
# ``make_reference.pyfixest_imputation_reference`` -> ``pyfixest_imputation.csv``: Gardner's ``did2s`` (linear;
# the same point estimates as Borusyak-Jaravel-Spiess imputation; its demeaning stops at about 1e-8) and
# observed / imputed - 1 from ``fepois`` fitted on the untreated cells of castle's homicide counts.
def test_imputation_point_estimates_vs_pyfixest_did2s():
    ref = pd.read_csv(RESULTS / "pyfixest_imputation.csv", dtype={"term": str}).query("spec == 'did2s'")
    r = imputation(shape("castle"), yname="l_homicide", tname="year", idname="sid", gname="effyear")
    est = dict(zip(r.table["term"].astype(str), r.table["estimate"], strict=True)) | {"overall": r.estimate}
    np.testing.assert_allclose([est[k] for k in ref["term"]], ref["estimate"], atol=1e-6)


@pytest.mark.parametrize(
    ("spec", "kw"),
    [("fepois_untreated", {}), ("fepois_untreated_antic1_max2", {"anticipation": 1, "max_e": 2})],
)
def test_poisson_imputation_vs_pyfixest_fepois_on_untreated_cells(spec, kw):
    ref = pd.read_csv(RESULTS / "pyfixest_imputation.csv", dtype={"term": str}).query("spec == @spec")
    r = poisson_imputation(
        shape("castle"), yname="homicide_n", tname="year", idname="sid", gname="effyear", biters=9, **kw
    )
    est = dict(zip(r.table["event_time"].astype(str), r.table["estimate"], strict=True)) | {
        "overall": r.estimate
    }
    assert set(est) == set(ref["term"])
    np.testing.assert_allclose([est[k] for k in ref["term"]], ref["estimate"], atol=1e-9)


# --- Sun & Abraham with regression weights against pyfixest 0.60.0 --------------------------------------------
# ``make_reference.pyfixest_sunab_weighted_reference`` -> ``pyfixest_sunab_weighted.csv`` (castle, population
# weights): the saturated cohort x event-time regression by ``feols``, aggregated with weighted cohort shares.
def test_weighted_sun_abraham_vs_pyfixest():
    ref = pd.read_csv(RESULTS / "pyfixest_sunab_weighted.csv", dtype={"term": str})
    r = sun_abraham(
        shape("castle"), yname="l_homicide", tname="year", idname="sid", gname="effyear", weightsname="popwt"
    )
    tab = pd.concat(
        [
            r.table.assign(term=r.table["event_time"].astype(str)),
            pd.DataFrame({"term": ["overall"], "estimate": [r.estimate], "std_error": [r.std_error]}),
        ]
    )
    got = ref.merge(tab, on="term", suffixes=("_peer", ""), validate="1:1")
    assert len(got) == len(ref)
    np.testing.assert_allclose(got["estimate"], got["estimate_peer"], atol=1e-10)
    np.testing.assert_allclose(got["std_error"], got["std_error_peer"], atol=1e-10)


# --- two periods of anticipation with covariates against diff-diff 3.13.0 --------------------------------------
# ``make_reference.diff_diff_anticipation_covariates_reference`` -> ``diffdiff_cs_anticipation2.csv`` (castle;
# csdid 0.4.3 departs from R ``did`` inside the anticipation window, diff-diff follows it). Its doubly robust
# estimator is another one: it clips propensity scores to [0.01, 0.99] (``pscore_trim``) and divides the control
# term by the treated weights instead of normalising the control weights (R DRDID's ``drdid_panel``, csdid and
# trends normalise): those cells differ by up to 1e-2 and are compared with csdid above instead.
ANTIC2 = {
    "castle_nyt_antic2": {"control_group": "notyettreated"},
    "castle_nyt_antic2_reg_poverty": {
        "control_group": "notyettreated",
        "est_method": "reg",
        "xformla": "~ poverty",
    },
    "castle_nyt_antic2_ipw_poverty_noclip": {
        "control_group": "notyettreated",
        "est_method": "ipw",
        "xformla": "~ poverty",
    },
    "castle_antic2_dr_poverty_noclip": {"xformla": "~ poverty"},
}


@pytest.mark.parametrize("spec", list(ANTIC2))
def test_att_gt_anticipation2_with_covariates_vs_diff_diff(spec):
    ref = pd.read_csv(RESULTS / "diffdiff_cs_anticipation2.csv").query("spec == @spec")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        r = att_gt(
            shape("castle"), yname="l_homicide", tname="year", idname="sid", gname="effyear", anticipation=2,
            **ANTIC2[spec],
        )  # fmt: skip
    got = r.table.merge(ref, on=["group", "time"], validate="1:1")
    assert len(got) == len(ref) == len(r.table)
    if spec.startswith("castle_antic2_dr"):  # the peer's unnormalised doubly robust estimator, see above
        assert 1e-3 < np.max(np.abs(got["estimate"] - got["att"])) < 2e-2
        return
    np.testing.assert_allclose(got["estimate"], got["att"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(got["std_error"], got["se"], rtol=0, atol=1e-9)
