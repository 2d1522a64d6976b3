"""Covariance choices of twfe and ppml (vcov=, ssc=) against an independent implementation.

Source: statsmodels 0.14+ (Seabold & Perktold 2010) fits of the same regressions with explicit unit and period
dummies -- OLS/WLS for :func:`trends.impact.twfe`, a Poisson GLM for :func:`trends.impact.ppml`. With every
fixed effect a parameter, statsmodels' ``cov_type="cluster"`` applies ``G/(G-1) (N-1)/(N-K)`` with K counting
all of them (Stata's ``reg ..., cluster()``; fixest's ``ssc(fixef_k="full")``), ``"HC1"`` applies
``N/(N-K)`` (OLS; the GLM's robust covariance is the plain sandwich, ``ssc(adj=False, cluster_adj=False)``)
and ``"nonrobust"`` is ``RSS/(N-K) (X'X)^-1`` (OLS) or the inverse information (Poisson GLM).
Data: the castle-doctrine panel (Cheng & Hoekstra 2013) bundled as ``trends.datasets.real.load_castle``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from trends.datasets import real
from trends.impact import ppml, ssc, twfe


@pytest.fixture(scope="module")
def castle() -> pd.DataFrame:
    d = real.load_castle()
    return d.astype({"l_homicide": float, "post": float, "popwt": float})


def _ols(castle: pd.DataFrame, weights: str | None):
    formula = "l_homicide ~ post + C(sid) + C(year)"
    if weights is None:
        return smf.ols(formula, castle)
    return smf.wls(formula, castle, weights=castle[weights])


@pytest.mark.parametrize("weights", [None, "popwt"])
@pytest.mark.parametrize(("vcov", "cov_type"), [("cluster", "cluster"), ("hc1", "HC1"), ("iid", "nonrobust")])
def test_twfe_vcov_matches_statsmodels_dummies(castle, weights, vcov, cov_type):
    model = _ols(castle, weights)
    kw = {"cov_kwds": {"groups": pd.factorize(castle["sid"])[0]}} if cov_type == "cluster" else {}
    ref = model.fit(cov_type=cov_type, use_t=True, **kw)  # t(N - K) references, as twfe's hc1 and iid
    r = twfe(
        castle, yname="l_homicide", dname="post", idname="sid", tname="year", weightsname=weights,
        vcov=vcov, ssc=ssc(fixef_k="full"),
    )  # fmt: skip
    assert r.estimate == pytest.approx(ref.params["post"], abs=1e-10)
    assert r.std_error == pytest.approx(ref.bse["post"], rel=1e-8)
    if vcov != "cluster":  # both use t(N - K) with every dummy counted
        assert r.table["p_value"].iloc[0] == pytest.approx(ref.pvalues["post"], rel=1e-6)


def test_twfe_default_is_fixest_nested_count(castle):
    """The default leaves the state effects (nested in the state clusters) out of K: a smaller factor."""
    args = dict(data=castle, yname="l_homicide", dname="post", idname="sid", tname="year")
    nested, full = twfe(**args), twfe(**args, ssc=ssc(fixef_k="full"))
    N, K_nested, K_full = 550, 1 + 11, 1 + 50 + 11 - 1  # post + year effects / + every state and year effect
    ratio = np.sqrt((N - K_nested) / (N - K_full))
    assert full.std_error / nested.std_error == pytest.approx(ratio, rel=1e-10)
    bare = twfe(**args, ssc=ssc(adj=False, cluster_adj=False))
    assert nested.std_error / bare.std_error == pytest.approx(np.sqrt(50 / 49 * (N - 1) / (N - K_nested)))
    with pytest.raises(ValueError, match="vcov"):
        twfe(**args, vcov="hc3")
    with pytest.raises(ValueError, match="fixef_k"):
        ssc(fixef_k="some")
    with pytest.raises(ValueError, match="clustered procedure"):
        twfe(**args, vcov="hc1", wild_bootstrap="wcr")


@pytest.mark.parametrize(
    ("vcov", "cov_type", "correction"),
    [
        ("cluster", "cluster", ssc(fixef_k="full")),
        ("hc1", "HC0", ssc(adj=False, cluster_adj=False)),  # statsmodels' GLM gives the plain sandwich
        ("iid", "nonrobust", ssc(adj=False)),
    ],
)  # fmt: skip
def test_ppml_vcov_matches_statsmodels_poisson_glm(castle, vcov, cov_type, correction):
    d = castle.assign(homicide=np.round(np.expm1(castle["l_homicide"].clip(lower=0)) * 10))
    glm = smf.glm("homicide ~ post + C(sid) + C(year)", d, family=sm.families.Poisson())
    kw = {"cov_kwds": {"groups": pd.factorize(d["sid"])[0]}} if cov_type == "cluster" else {}
    ref = glm.fit(cov_type=cov_type, tol=1e-12, **kw)
    r = ppml(d, yname="homicide", tname="year", idname="sid", dname="post", vcov=vcov, ssc=correction)
    assert r.table["estimate"].iloc[0] == pytest.approx(ref.params["post"], abs=1e-8)
    assert r.table["std_error"].iloc[0] == pytest.approx(ref.bse["post"], rel=1e-6)
