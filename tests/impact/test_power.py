"""Power and rollout design: the fast TWFE against statsmodels, the fast PPML against ppml, size, power,
by-need bias, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from trends.impact.power import (
    NoiseModel,
    _twfe_cr1,
    _twfe_poisson,
    compare_designs,
    minimum_detectable_effect,
    noise_from_data,
    power_analysis,
)


@pytest.fixture(scope="module")
def noise() -> NoiseModel:
    rng = np.random.default_rng(0)
    return NoiseModel(baseline=rng.uniform(5, 40, 24), dispersion=20.0, ar_rho=0.5, ar_sd=0.05)


def test_twfe_cr1_matches_statsmodels():
    rng = np.random.default_rng(1)
    g, t = 12, 15
    y = rng.normal(size=(1, g, t)) + rng.normal(size=(1, g, 1))
    first = rng.integers(3, 20, g)
    d = (np.arange(t)[None, None, :] >= first[None, :, None]).astype(float)
    beta, se = _twfe_cr1(y, d)
    df = pd.DataFrame(
        {"y": y.ravel(), "d": d.ravel(), "u": np.repeat(np.arange(g), t), "p": np.tile(np.arange(t), g)}
    )
    fit = smf.ols("y ~ d + C(u) + C(p)", df).fit(cov_type="cluster", cov_kwds={"groups": df["u"]})
    assert beta[0] == pytest.approx(fit.params["d"], rel=1e-10)
    assert se[0] == pytest.approx(fit.bse["d"], rel=1e-10)


def test_twfe_poisson_matches_ppml():
    # the vectorised estimator against trends.impact.ppml (itself = pyfixest fepois, tests/test_ppml.py)
    import warnings

    from trends.impact import ppml

    rng = np.random.default_rng(5)
    s, g, t = 3, 20, 30
    mu = rng.lognormal(2, 1, (1, g, 1)) * np.exp(rng.normal(0, 0.1, (s, g, t)))
    first = rng.integers(8, 25, g)
    d = np.broadcast_to((np.arange(t)[None, :] >= first[:, None]) & (np.arange(g)[:, None] >= 6), (s, g, t))
    d = d.astype(float)
    y = rng.poisson(mu * np.exp(-0.1 * d)).astype(float)
    y[0, 2, :] = 0  # an all-zero district: dropped by ppml, weight 0 here
    beta, se = _twfe_poisson(y, d)
    for k in range(s):
        df = pd.DataFrame(
            {
                "y": y[k].ravel(),
                "d": d[k].ravel(),
                "u": np.repeat(np.arange(g), t),
                "p": np.tile(np.arange(t), g),
            }
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = ppml(df, yname="y", tname="p", idname="u", dname="d")
        assert beta[k] == pytest.approx(fit.estimate, rel=1e-9)
        assert se[k] == pytest.approx(fit.std_error, rel=1e-9)


def test_poisson_is_unbiased_where_log_ols_is_not(noise):
    # small counts (5-40 a month): log(y + 1) shrinks a proportional effect toward zero, Poisson PML does not
    kw = dict(effect=-0.25, design="stepped_wedge", n_sims=200, seed=6)
    pois = power_analysis(noise, **kw).table.iloc[0]
    logl = power_analysis(noise, estimator="log_ols", **kw).table.iloc[0]
    assert abs(pois["bias"]) < 0.01
    assert logl["bias"] > pois["bias"] + 0.01
    assert 0.9 <= pois["coverage"] <= 1.0
    with pytest.raises(ValueError, match="estimator must be one of"):
        power_analysis(noise, estimator="ols", **kw)


def test_size_and_power(noise):
    null = power_analysis(noise, effect=0.0, design="stepped_wedge", n_sims=300, seed=2)
    assert 0.01 <= null.power <= 0.11  # nominal 5 %, CR1 with 24 clusters slightly liberal
    assert abs(null.table["bias"].iloc[0]) < 0.01
    big = power_analysis(noise, effect=-0.25, design="stepped_wedge", n_sims=300, seed=2)
    assert big.power > 0.95
    assert big.table["mean_estimate"].iloc[0] == pytest.approx(-0.25, abs=0.03)
    assert 0.88 <= big.table["coverage"].iloc[0] <= 1.0


def test_mde_curve_monotone_and_interpolated(noise):
    res = minimum_detectable_effect(
        noise, design="all_at_once", effects=[0, -0.05, -0.1, -0.15, -0.2, -0.3], n_sims=200, seed=3
    )
    pw = res.curve["power"].to_numpy()
    assert (np.diff(pw) >= -0.03).all()  # common random numbers: power rises with the effect
    assert -0.3 < res.mde < -0.05
    j = int(np.flatnonzero(pw >= 0.8)[0])
    assert res.curve["effect"].iloc[j] <= res.mde <= res.curve["effect"].iloc[j - 1]
    fig, _ = res.plot()
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), pw)


def test_by_need_is_biased_by_regression_to_the_mean():
    # Persistent district shocks: the districts picked for a high count fall back afterwards.
    persistent = NoiseModel(baseline=np.full(24, 20.0), dispersion=50.0, ar_rho=0.95, ar_sd=0.08)
    tab = compare_designs(
        persistent,
        effect=0.0,
        designs=("stepped_wedge", "by_need"),
        n_sims=200,
        seed=4,
        n_periods=48,
        n_waves=4,
        wave_gap=6,
    )
    bias = tab.set_index("design")["bias"]
    # no effect, yet by-need rollouts "find" a reduction of 2-3 % (s.e. of the mean bias about 0.005)
    assert bias["by_need"] < -0.01
    assert bias["by_need"] < bias["stepped_wedge"] - 0.01
    assert abs(bias["stepped_wedge"]) < 0.015


def test_seeded_and_parallel_identical(noise):
    a = power_analysis(noise, effect=-0.1, n_sims=200, seed=9, n_jobs=1).table
    b = power_analysis(noise, effect=-0.1, n_sims=200, seed=9, n_jobs=2).table
    pd.testing.assert_frame_equal(a, b)


def test_noise_from_hanoi():
    from trends.datasets import load_hanoi

    st = load_hanoi()
    nm = noise_from_data(st.crimes, rollout=st.rollout)
    assert len(nm.baseline) == st.crimes["district"].nunique() == 30
    assert nm.season.mean() == pytest.approx(1.0)
    assert 1 < nm.dispersion < 1000
    totals = st.crimes.groupby(["district", "period"])["count"].sum().groupby("district").mean()
    assert nm.baseline.min() >= 0.5 * totals.min() and nm.baseline.max() <= 1.5 * totals.max()


def test_bad_inputs(noise):
    with pytest.raises(ValueError, match="no comparison group"):
        power_analysis(noise, effect=-0.1, design="all_at_once", n_treated=24)
    with pytest.raises(ValueError, match="must exceed -1"):
        power_analysis(noise, effect=-1.5)
    with pytest.raises(ValueError, match="design must be"):
        power_analysis(noise, effect=-0.1, design="random")
    with pytest.raises(ValueError, match="must start after month 2 and end before"):
        power_analysis(noise, effect=-0.1, n_periods=20, n_waves=4, wave_gap=6)
    small = noise.resample(8, seed=1)
    assert len(small.baseline) == 8 and set(small.baseline) <= set(noise.baseline)
    assert (
        power_analysis(small, effect=-0.1, design="all_at_once", n_treated=4, n_sims=20).spec["n_districts"]
        == 8
    )
    with pytest.raises(ValueError, match="at least two positive"):
        NoiseModel(baseline=np.array([3.0]))
    res = minimum_detectable_effect(noise, effects=[0.0, -0.01], n_sims=50, seed=1)
    assert np.isnan(res.mde) and "no effect size tried" in res.spec["note"]


def test_noise_from_data_refuses_counts_that_are_not_monthly() -> None:
    # quarters read as months would give a season of 4 "months" and a baseline three times too large
    from trends.datasets import load_hanoi
    from trends.schema import TrendsDataError

    st = load_hanoi()
    quarterly = st.crimes.assign(period=st.crimes["period"].dt.to_period("Q").dt.start_time)
    quarterly = quarterly.groupby(["district", "period", "offence"], as_index=False)["count"].sum()
    with pytest.raises(TrendsDataError, match="models monthly counts; these are by quarter"):
        noise_from_data(quarterly, rollout=st.rollout)
