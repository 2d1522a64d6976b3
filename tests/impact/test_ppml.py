"""Poisson PML difference-in-differences and event studies (trends.impact.ppml).

Sources
-------
* Peer: pyfixest 0.60.0 ``fepois("homicide ~ post | sid + year", vcov={"CRV1": "sid"})`` (unweighted and
  weighted by ``popwt``) and the event study with event-time dummies relative to -1, on the castle-doctrine
  panel (Cheng & Hoekstra 2013, J. Human Resources 48(3); causaldata 0.1.5) ->
  ``tests/impact/results/castle_pyfixest_fepois.csv`` written by ``tests/impact/results/make_ppml_honest_reference.py``.
* Independent implementation: statsmodels 0.15 GLM Poisson with explicit state and year dummies (the PML
  estimator of Santos Silva & Tenreyro 2006 without absorbing the fixed effects).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from trends.datasets import real
from trends.impact import ImpactWarning, ppml
from trends.schema import TrendsDataError

RESULTS = Path(__file__).parent / "results"
COLS = ("estimate", "std_error", "conf_low", "conf_high", "p_value")


@pytest.fixture(scope="module")
def castle() -> pd.DataFrame:
    d = real.load_castle()
    first = d.loc[d["post"] == 1].groupby("sid")["year"].min()
    return d.assign(cohort=d["sid"].map(first).fillna(0).astype(int))


@pytest.fixture(scope="module")
def ref() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "castle_pyfixest_fepois.csv")


@pytest.mark.parametrize("spec", ["post", "post_popwt"])
def test_castle_ppml_vs_pyfixest_fepois(castle, ref, spec):
    r = ppml(
        castle,
        yname="homicide",
        tname="year",
        idname="sid",
        dname="post",
        weightsname="popwt" if spec == "post_popwt" else None,
    )
    want = ref.loc[ref["spec"] == spec].iloc[0]
    got = r.table.iloc[0]
    for col in COLS:  # load_castle keeps the source's single-precision floats
        assert got[col] == pytest.approx(want[col], abs=2e-6), col
    assert r.n_clusters == 50 and r.n_obs == 550
    assert got["pct_change"] == pytest.approx(np.expm1(want["estimate"]), abs=2e-6)
    assert got["pct_low"] == pytest.approx(np.expm1(want["conf_low"]), abs=2e-6)
    assert got["pct_std_error"] == pytest.approx(np.exp(want["estimate"]) * want["std_error"], abs=2e-6)


def test_castle_ppml_event_study_vs_pyfixest(castle, ref):
    r = ppml(castle, yname="homicide", tname="year", idname="sid", gname="cohort", event_study=True)
    want = (
        ref.loc[ref["spec"] == "event_study"].assign(term=lambda d: d["term"].astype(int)).set_index("term")
    )
    got = r.table.set_index("term")
    assert got.loc[-1, "estimate"] == 0 and got.loc[-1, "std_error"] == 0
    got = got.drop(index=-1)
    assert sorted(got.index) == sorted(want.index)
    for col in COLS:
        np.testing.assert_allclose(got.loc[want.index, col], want[col], atol=2e-6, err_msg=col)
    es = r.to_event_study()
    assert es.estimator == "ppml" and len(es.table) == len(r.table)
    post = want.loc[want.index >= 0, "estimate"].mean()
    assert r.estimate == pytest.approx(post, abs=2e-6)


def test_castle_ppml_vs_statsmodels_glm_dummies(castle):
    r = ppml(castle, yname="homicide", tname="year", idname="sid", dname="post")
    X = pd.get_dummies(castle[["sid", "year"]].astype(str), drop_first=True, dtype=float)
    X.insert(0, "post", castle["post"].astype(float))
    X = sm.add_constant(X)
    glm = sm.GLM(castle["homicide"].astype(float), X, family=sm.families.Poisson()).fit(tol=1e-12)
    assert r.estimate == pytest.approx(glm.params["post"], abs=1e-7)


def test_all_zero_units_are_dropped_with_a_warning(castle):
    d = castle.copy()
    zero = d.loc[d["sid"] == d["sid"].max()].assign(sid=999, homicide=0.0)
    with pytest.warns(ImpactWarning, match="zero in every period"):
        r = ppml(pd.concat([d, zero]), yname="homicide", tname="year", idname="sid", dname="post")
    base = ppml(castle, yname="homicide", tname="year", idname="sid", dname="post")
    assert r.dropped_units == [999]
    assert r.estimate == pytest.approx(base.estimate, abs=1e-10)
    assert r.std_error == pytest.approx(base.std_error, abs=1e-10)


def test_bad_input(castle):
    with pytest.raises(TrendsDataError, match="negative"):
        ppml(
            castle.assign(homicide=-castle["homicide"]),
            yname="homicide",
            tname="year",
            idname="sid",
            dname="post",
        )
    with pytest.raises(ValueError, match="exactly one"):
        ppml(castle, yname="homicide", tname="year", idname="sid")
    with pytest.raises(TrendsDataError, match="no variation"):
        ppml(
            castle.assign(allpost=(castle["year"] >= 2005).astype(int)),
            yname="homicide",
            tname="year",
            idname="sid",
            dname="allpost",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ppml(
            castle, yname="homicide", tname="year", idname="sid", dname="post"
        )  # a clean panel gives no warning


def test_dates_give_the_same_event_study(castle):
    num = ppml(castle, yname="homicide", tname="year", idname="sid", gname="cohort", event_study=True)
    d = castle.assign(
        date=pd.to_datetime(castle["year"].astype(str) + "-01-01"),
        gdate=pd.to_datetime(castle["cohort"].where(castle["cohort"] > 0).astype("Int64").astype(str) + "-01-01",
                             errors="coerce"),
    )  # fmt: skip
    dt = ppml(d, yname="homicide", tname="date", idname="sid", gname="gdate", event_study=True)
    np.testing.assert_allclose(dt.table["estimate"], num.table["estimate"], atol=1e-12)
    assert dt.table["term"].tolist() == num.table["term"].tolist()
    did = ppml(d, yname="homicide", tname="date", idname="sid", gname="gdate")  # treatment t >= g from dates
    assert did.estimate == pytest.approx(
        ppml(castle, yname="homicide", tname="year", idname="sid", dname="post").estimate, abs=1e-10
    )


def _few_cluster_panel(seed: int, G: int = 8, T: int = 16) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(G), T)
    year = np.tile(np.arange(T), G)
    level = rng.lognormal(3, 0.5, G)[unit]
    shock = np.exp(rng.normal(0, 0.15, (G, T)).cumsum(axis=1) * 0.5).ravel()  # persistent district shocks
    treated = (unit < G // 2) & (year >= T // 2)
    y = rng.poisson(level * shock * np.exp(0.1 * np.sin(year)))
    return pd.DataFrame({"unit": unit, "year": year, "d": treated.astype(float), "y": y})


def test_wild_score_bootstrap_controls_size_with_few_clusters():
    # No effect, 8 clusters with persistent shocks: the cluster-robust normal test over-rejects, the wild
    # score bootstrap (null imposed; Kline & Santos 2012) stays near the nominal 5 %.
    import warnings

    from trends.impact.ppml import _ScoreBootstrap

    cr1 = wild = 0
    n = 200
    for seed in range(n):
        df = _few_cluster_panel(seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # 2^8 = 256 distinct Rademacher draws: said once per panel
            r = ppml(df, yname="y", tname="year", idname="unit", dname="d")
            fi, ft = pd.factorize(df["unit"])[0], pd.factorize(df["year"])[0]
            boot = _ScoreBootstrap(
                df["y"].to_numpy(float),
                df["d"].to_numpy(),
                [fi, ft],
                np.ones(len(df)),
                fi,
                "rademacher",
                399,
                seed,
            )
        cr1 += r.table["p_value"].iloc[0] < 0.05
        wild += boot.p_value(0.0) < 0.05
    assert wild / n <= 0.10  # 7.5 % here (8 clusters, 4 treated: few treated clusters remain hard)
    assert cr1 / n - wild / n >= 0.03  # cluster-robust: 12.5 %


def test_wild_score_bootstrap_interval():
    castle = real.load_castle()
    first = castle.loc[castle["post"] == 1].groupby("sid")["year"].min()
    castle = castle.assign(cohort=castle["sid"].map(first).fillna(0).astype(int))
    r = ppml(
        castle, yname="homicide", tname="year", idname="sid", gname="cohort", wild_bootstrap=True, biters=499
    )
    wb = r.wild_bootstrap.iloc[0]
    est, lo, hi = r.estimate, r.table["conf_low"].iloc[0], r.table["conf_high"].iloc[0]
    assert wb["conf_low"] < est < wb["conf_high"]
    # 50 clusters: close to the cluster-robust interval (within a third of its width at each end)
    assert abs(wb["conf_low"] - lo) < (hi - lo) / 3 and abs(wb["conf_high"] - hi) < (hi - lo) / 3
    assert (wb["p_value"] < 0.05) == (wb["conf_low"] > 0 or wb["conf_high"] < 0)
    assert wb["pct_low"] == pytest.approx(np.expm1(wb["conf_low"]))
    with pytest.raises(ValueError, match="event_study=False"):
        ppml(
            castle,
            yname="homicide",
            tname="year",
            idname="sid",
            gname="cohort",
            event_study=True,
            wild_bootstrap=True,
        )


def test_an_event_time_seen_only_in_zero_counts_is_refused(castle):
    """Its Poisson coefficient is minus infinity (separation). Fitted anyway, it stopped at a finite -16 to -19
    (pyfixest 0.60 ``fepois``: -20 to -23, also without a word) and entered the post-period average: a sparse
    panel's effect read -90 %."""
    e = castle["year"] - castle["cohort"]
    last = int(e[castle["cohort"] > 0].max())
    zeroed = castle.assign(homicide=castle["homicide"].mask((castle["cohort"] > 0) & (e == last), 0.0))
    with pytest.raises(TrendsDataError, match="separation"):
        ppml(zeroed, yname="homicide", tname="year", idname="sid", gname="cohort", event_study=True)
