"""The pre-trend test on untreated cells (Borusyak, Jaravel & Spiess 2024, section 4.4).

Validated against an independent implementation: statsmodels' Poisson GLM with explicit dummies for every fixed
effect, fitted on the same untreated cells, with its cluster-robust sandwich.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from trends.impact.pretrend import pretrend_test
from trends.schema import TrendsDataError


def _panel(seed: int = 1, departure: float = 0.0, n_districts: int = 14, n_periods: int = 48) -> pd.DataFrame:
    """Districts x two offences, staggered adoption; ``departure`` multiplies adopters' counts in the 6 periods
    before adoption (a pre-trend), and adoption lowers counts by 20 %."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_districts):
        cohort = [np.nan, 24, 30, 36][d % 4]
        level = np.exp(rng.normal(1.2, 0.4))
        for o, share in (("theft", 1.0), ("assault", 0.5)):
            for t in range(n_periods):
                e = t - cohort
                mu = level * share * np.exp(0.01 * t + (0.1 if o == "theft" else -0.05) * np.sin(t))
                if -6 <= e < 0:
                    mu *= np.exp(departure)
                if e >= 0:
                    mu *= 0.8
                rows.append((f"d{d}/{o}", f"d{d}", o, t, rng.poisson(mu * rng.gamma(4, 1 / 4)), cohort))
    return pd.DataFrame(rows, columns=["series", "district", "offence", "period", "count", "cohort"])


ARGS = dict(
    yname="count", tname="period", idname="series", gname="cohort", cluster="district", strata="offence"
)


def test_equals_statsmodels_glm_with_dummies() -> None:
    data = _panel(seed=3, departure=0.15)
    res = pretrend_test(data, leads=6, bin_width=3, **ARGS)
    # the same regression written out: untreated cells, series dummies, offence x period dummies, two lead bins
    e = data["period"] - data["cohort"]
    cells = data[e.isna() | (e < 0)].copy()
    ec = cells["period"] - cells["cohort"]
    cells["lead_1"] = ((ec >= -3) & (ec < 0)).astype(float)
    cells["lead_2"] = ((ec >= -6) & (ec < -3)).astype(float)
    # full rank: every series' dummy, and offence x period dummies without each offence's first period
    series = pd.get_dummies(cells["series"], dtype=float)
    op = pd.get_dummies(cells["offence"] + ":" + cells["period"].astype(str), dtype=float)
    op = op.drop(columns=[f"{o}:{cells['period'].min()}" for o in cells["offence"].unique()])
    X = pd.concat([cells[["lead_1", "lead_2"]], series, op], axis=1)
    groups = pd.factorize(cells["district"])[0]
    glm = sm.GLM(cells["count"].to_numpy(float), X.to_numpy(float), family=sm.families.Poisson())
    fit = glm.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": False}, tol=1e-12)
    tab = res.table.set_index("event_time")
    np.testing.assert_allclose(np.log1p(tab.loc[[-1, -2], "estimate"]), fit.params[:2], rtol=1e-6, atol=1e-8)
    # fixest's CRV1 factor: G / (G - 1) * (N - 1) / (N - K), series effects nested in districts not counted
    G, N = len(np.unique(groups)), len(cells)
    K = 2 + cells["offence"].nunique() * cells["period"].nunique()
    factor = G / (G - 1) * (N - 1) / (N - K)
    np.testing.assert_allclose(
        tab.loc[[-1, -2], "std_error_log"], np.sqrt(factor * np.diag(fit.cov_params())[:2]), rtol=1e-5
    )
    # the joint Wald test of both leads, from the same covariance
    b, V = fit.params[:2], factor * fit.cov_params()[:2, :2]
    assert res.joint["statistic"] == pytest.approx(float(b @ np.linalg.solve(V, b)) / 2, rel=1e-4)
    assert res.spec["df"] == G - 1


def test_detects_a_planted_departure_and_not_an_absent_one() -> None:
    planted = pretrend_test(_panel(seed=5, departure=0.4, n_districts=24), leads=6, bin_width=6, **ARGS)
    row = planted.table.iloc[0]
    assert row["conf_low"] <= np.expm1(0.4) <= row["conf_high"]
    assert planted.joint["p_value"] < 0.01
    assert "already departing" in planted.sentence()
    # intervals at any level are t(G - 1) on the log scale, as the stored ones
    bounds = planted.conf_int(0.95)
    np.testing.assert_allclose(bounds["conf_low"], planted.table["conf_low"], rtol=1e-12)
    assert (planted.conf_int(0.5)["conf_high"] < bounds["conf_high"]).all()
    # no departure: p-values of the joint test over seeds are not concentrated near zero
    p = [pretrend_test(_panel(seed=s), leads=6, bin_width=3, **ARGS).joint["p_value"] for s in range(20)]
    assert np.mean(np.asarray(p) < 0.05) <= 0.2
    calm = pretrend_test(_panel(seed=int(np.argmax(p))), leads=6, bin_width=3, **ARGS)
    assert "not evidence that they hold" in calm.sentence()


def test_leads_the_panel_cannot_test_are_an_error() -> None:
    data = _panel()
    # every adopter adopts in period 2: its only untreated cells are its two leads, so no level to test against
    data.loc[data["cohort"].notna(), "cohort"] = 2
    with pytest.raises(TrendsDataError, match="no lead cell to test"):
        pretrend_test(data, leads=2, bin_width=1, **ARGS)
