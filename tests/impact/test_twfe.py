"""Two-way fixed effects, wild cluster bootstrap and the Goodman-Bacon decomposition on castle doctrine.

Sources
-------
* Cheng & Hoekstra (2013, J. Human Resources 48(3)) castle-doctrine panel via causaldata 0.1.5 /
  ``trends.datasets.load_castle``. Issue 4 quotes TWFE of ``l_homicide`` on ``post`` with state and year
  effects clustered by state: 0.0755 weighted by ``popwt``, 0.0694 unweighted (as in Cunningham,
  *Causal Inference: The Mixtape*, ch. 9).
* Peer: pyfixest 0.60.0 ``feols("l_homicide ~ post | sid + year", vcov={"CRV1": "sid"})``
  -> ``tests/impact/results/castle_pyfixest_twfe.csv``; diff-diff 3.13.0 ``BaconDecomposition`` ->
  ``tests/impact/results/castle_diffdiff_bacon.csv`` (both by ``tests/impact/results/make_reference.py``).
* The wild cluster bootstrap is checked draw by draw against a brute-force regression with explicit
  state and year dummies (statsmodels OLS), following Cameron, Gelbach & Miller (2008).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.datasets import real
from trends.impact import ImpactWarning, bacon_decomposition, twfe, twfe_event_study
from trends.schema import TrendsDataError

RESULTS = Path(__file__).parent / "results"


@pytest.fixture(scope="module")
def castle() -> pd.DataFrame:
    return real.load_castle()


@pytest.mark.parametrize("weights", ["none", "popwt"])
def test_castle_twfe_vs_pyfixest(castle, weights):
    ref = pd.read_csv(RESULTS / "castle_pyfixest_twfe.csv").set_index("weights").loc[weights]
    r = twfe(
        castle,
        yname="l_homicide",
        dname="post",
        idname="sid",
        tname="year",
        weightsname=None if weights == "none" else "popwt",
    )
    published = {"none": 0.0694, "popwt": 0.0755}[weights]
    assert round(r.estimate, 4) == published
    row = r.table.iloc[0]
    # load_castle keeps the source's single-precision floats; pyfixest read causaldata's copy
    for col in ("estimate", "std_error", "conf_low", "conf_high", "p_value"):
        assert row[col] == pytest.approx(ref[col], abs=1e-6), col
    assert r.n_clusters == 50


def test_bacon_castle(castle):
    b = bacon_decomposition(castle, yname="l_homicide", dname="post", idname="sid", tname="year")
    assert b.table["weight"].sum() == pytest.approx(1.0, abs=1e-12)
    total = (b.table["weight"] * b.table["estimate"]).sum()
    assert total == pytest.approx(b.twfe_estimate, abs=1e-12)
    assert round(total, 4) == 0.0694
    ref = pd.read_csv(RESULTS / "castle_diffdiff_bacon.csv")
    ref["control"] = ref["control_group"].replace({"never_treated": "never"}).astype(str)
    ref["treated"] = ref["treated_group"].astype(str)
    got = b.table.assign(treated=b.table["treated"].astype(str), control=b.table["control"].astype(str))
    m = got.merge(ref, on=["treated", "control"], validate="1:1", suffixes=("", "_ref"))
    assert len(m) == len(ref) == 25
    np.testing.assert_allclose(m["estimate"], m["estimate_ref"], atol=1e-6)
    np.testing.assert_allclose(m["weight"], m["weight_ref"], atol=1e-8)
    assert set(b.by_type["type"]) == {"treated vs never", "earlier vs later", "later vs earlier"}
    assert b.plot()[0].axes


def _brute_force_t(castle: pd.DataFrame, V: np.ndarray, restricted: bool) -> np.ndarray:
    """t* of ``post`` by explicit dummy regressions, one per draw (CGM 2008 algorithm)."""
    import statsmodels.api as sm

    d = castle.sort_values(["sid", "year"]).reset_index(drop=True)
    fe = pd.get_dummies(d[["sid", "year"]].astype(str), drop_first=True).astype(float)
    X = sm.add_constant(pd.concat([d[["post"]].astype(float), fe], axis=1)).to_numpy()
    y = d["l_homicide"].to_numpy(float)
    cl = pd.factorize(d["sid"])[0]
    full = sm.OLS(y, X).fit()
    if restricted:
        X0 = np.delete(X, 1, axis=1)
        fit0 = sm.OLS(y, X0).fit()
        base, u, center = fit0.fittedvalues, fit0.resid, 0.0
    else:
        base, u, center = full.fittedvalues, full.resid, full.params[1]
    out = []
    for v in V:
        ys = base + v[cl] * u
        f = sm.OLS(ys, X).fit(cov_type="cluster", cov_kwds={"groups": cl})
        out.append((f.params[1] - center) / f.bse[1])
    return np.array(out)


@pytest.mark.parametrize("restricted", [True, False])
def test_wild_bootstrap_matches_brute_force(castle, restricted):
    from trends.impact._common import draw_multipliers
    from trends.impact.twfe import _build, _Wild

    d, _ = _build(castle, "l_homicide", ["post"], "sid", "year", None, None)
    V = draw_multipliers(np.random.default_rng(5), (3, d.n_clusters), "webb")
    wb = _Wild(d, 0, V, restricted)
    _, t_fast = wb.t_stats(0.0 if restricted else wb.beta[0])
    # statsmodels' cluster correction uses K = all dummies; ours the fixest "nested" K. Compare
    # the ratio, which must be one constant across draws.
    t_slow = _brute_force_t(castle, V, restricted)
    ratio = t_fast / t_slow
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-7)


def test_wild_bootstrap_results(castle):
    r = twfe(
        castle,
        yname="l_homicide",
        dname="post",
        idname="sid",
        tname="year",
        wild_bootstrap="wcr",
        biters=999,
        seed=1,
    )
    again = twfe(
        castle,
        yname="l_homicide",
        dname="post",
        idname="sid",
        tname="year",
        wild_bootstrap="wcr",
        biters=999,
        seed=1,
    )
    pd.testing.assert_frame_equal(r.wild_bootstrap, again.wild_bootstrap)
    wb = r.wild_bootstrap.iloc[0]
    # 50 clusters: the bootstrap p-value is close to the CR1 t(49) p-value 0.220
    assert abs(wb["p_value"] - r.table["p_value"].iloc[0]) < 0.05
    assert wb["conf_low"] < r.estimate < wb["conf_high"]
    assert wb["conf_low"] < 0 < wb["conf_high"]
    u = twfe(
        castle,
        yname="l_homicide",
        dname="post",
        idname="sid",
        tname="year",
        wild_bootstrap="wcu",
        boot_weights="webb",
        biters=999,
    )
    wu = u.wild_bootstrap.iloc[0]
    assert abs(wu["p_value"] - r.table["p_value"].iloc[0]) < 0.05
    assert wu["conf_low"] < u.estimate < wu["conf_high"]
    assert r.plot()[0].axes


def test_twfe_event_study_matches_dummy_regression(castle):
    import statsmodels.api as sm

    es = twfe_event_study(
        castle, yname="l_homicide", tname="year", idname="sid", gname="effyear", min_e=-5, max_e=4
    )
    d = castle.sort_values(["sid", "year"]).reset_index(drop=True)
    e = np.where(d["effyear"] > 0, (d["year"] - d["effyear"]).clip(-5, 4), np.nan)
    dummies = pd.DataFrame({f"e{k}": (e == k).astype(float) for k in range(-5, 5) if k != -1})
    fe = pd.get_dummies(d[["sid", "year"]].astype(str), drop_first=True).astype(float)
    X = sm.add_constant(pd.concat([dummies, fe], axis=1))
    f = sm.OLS(d["l_homicide"].to_numpy(float), X).fit()
    got = es.table.set_index("event_time")["estimate"]
    for k in range(-5, 5):
        expect = 0.0 if k == -1 else f.params[f"e{k}"]
        assert got.loc[k] == pytest.approx(expect, abs=1e-10)


def test_twfe_bad_input(castle):
    everyone = castle.assign(d=(castle["year"] >= 2005).astype(int))
    with pytest.raises(TrendsDataError, match="not identified"):
        twfe(everyone, yname="l_homicide", dname="d", idname="sid", tname="year")
    switch = castle.assign(post=np.where((castle["sid"] == 1) & (castle["year"] == 2010), 0, castle["post"]))
    with pytest.warns(ImpactWarning, match="switches off"):
        r = twfe(switch, yname="l_homicide", dname="post", idname="sid", tname="year")
    assert np.isfinite(r.estimate)
    with pytest.raises(TrendsDataError, match="absorbing"):
        bacon_decomposition(switch, yname="l_homicide", dname="post", idname="sid", tname="year")
    with pytest.raises(TrendsDataError, match="balanced"):
        bacon_decomposition(castle.iloc[1:], yname="l_homicide", dname="post", idname="sid", tname="year")
    gap = castle.assign(l_homicide=castle["l_homicide"].where(castle.index != 3))
    with pytest.warns(ImpactWarning, match="dropped 1 row"):
        r = twfe(gap, yname="l_homicide", dname="post", idname="sid", tname="year")
    assert np.isfinite(r.table[["estimate", "std_error", "p_value"]].to_numpy()).all()
    with pytest.raises(ValueError, match="wild_bootstrap"):
        twfe(castle, yname="l_homicide", dname="post", idname="sid", tname="year", wild_bootstrap="wild")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        twfe(castle, yname="l_homicide", dname="post", idname="sid", tname="year")  # clean input: no warning


def test_twfe_covariates_and_weights_match_dummy_regression(castle):
    # WLS with explicit state and year dummies (statsmodels) gives the same coefficients
    import statsmodels.api as sm

    r = twfe(
        castle,
        yname="l_homicide",
        dname="post",
        idname="sid",
        tname="year",
        covariates="~ l_police + unemployrt",
        weightsname="popwt",
    )
    d = castle.sort_values(["sid", "year"]).reset_index(drop=True)
    fe = pd.get_dummies(d[["sid", "year"]].astype(str), drop_first=True).astype(float)
    X = sm.add_constant(pd.concat([d[["post", "l_police", "unemployrt"]].astype(float), fe], axis=1))
    f = sm.WLS(d["l_homicide"].to_numpy(float), X, weights=d["popwt"].to_numpy(float)).fit()
    got = r.table.set_index("term")["estimate"]
    for term in ("post", "l_police", "unemployrt"):
        assert got[term] == pytest.approx(f.params[term], abs=1e-9)
