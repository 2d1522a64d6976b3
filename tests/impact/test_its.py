"""Interrupted time series (counterfactual forecast): known step effects, interval coverage, bad input.

The full coverage study (100 series per design) is ``benchmarks/validate_its.py``; a small version runs here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trends.impact._common import ImpactWarning
from trends.impact.its import its
from trends.schema import TrendsDataError


def _series(seed: int, effect: float = -2.0, n_pre: int = 60, n_post: int = 18, noise: float = 1.0):
    rng = np.random.default_rng(seed)
    n = n_pre + n_post
    t = np.arange(n)
    level = 40 + rng.normal(0, 0.3, n).cumsum()
    y = level + 3 * np.sin(2 * np.pi * t / 12) + rng.normal(0, noise, n) + np.where(t >= n_pre, effect, 0.0)
    times = pd.date_range("2018-01-01", periods=n, freq="MS")
    return pd.DataFrame({"period": times, "y": y}), times[n_pre]


def test_step_effect_recovered_and_tables_consistent():
    df, start = _series(0, effect=-8.0, noise=0.5)
    r = its(df, tname="period", yname="y", treatment_start=start, n_sims=500)
    tab = r.table.set_index("term")
    assert list(r.table.columns) == ["term", "estimate", "std_error", "conf_low", "conf_high", "p_value"]
    assert tab.loc["average", "estimate"] == pytest.approx(-8.0, abs=2.0)
    assert tab.loc["cumulative", "estimate"] == pytest.approx(18 * tab.loc["average", "estimate"])
    assert tab.loc["cumulative", "conf_high"] < 0  # a large drop is detected
    assert tab.loc["cumulative", "p_value"] < 0.01
    post = r.effects[r.effects["post"]]
    assert len(post) == 18 and r.fit_info["season_length"] == 12
    np.testing.assert_allclose(post["cum_effect"].iloc[-1], tab.loc["cumulative", "estimate"])
    assert (post["pred_low"] < post["predicted"]).all() and (post["predicted"] < post["pred_high"]).all()
    # the cumulative interval widens with the horizon
    width = (post["cum_high"] - post["cum_low"]).to_numpy()
    assert width[-1] > width[0]
    fig, _ = r.plot()
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), post["predicted"])
    fig2, _ = r.plot(kind="cumulative")
    np.testing.assert_allclose(fig2.axes[0].lines[0].get_ydata(), post["cum_effect"])


def test_the_point_estimate_is_the_models_forecast_whatever_the_seed():
    """The counterfactual is the fitted model's forecast (statsmodels ``get_forecast``), so the estimate a reader
    is given does not move with ``seed``; only the simulated intervals do (as the mean of 50-parameter-draw
    paths it moved by 0.05-0.2 standard errors from one seed to the next)."""
    df, start = _series(3, effect=-4.0)
    a = its(df, tname="period", yname="y", treatment_start=start, n_sims=200, seed=0).table.set_index("term")
    b = its(df, tname="period", yname="y", treatment_start=start, n_sims=200, seed=1).table.set_index("term")
    assert a.loc["cumulative", "estimate"] == pytest.approx(b.loc["cumulative", "estimate"], rel=1e-9)
    assert a.loc["cumulative", "conf_low"] != b.loc["cumulative", "conf_low"]


def test_step_effect_cumulative_coverage_small_run():
    # Ten series with a known step of -2: the 95 % cumulative interval should cover the true -36 in most.
    covered = []
    for seed in range(10):
        df, start = _series(100 + seed)
        r = its(df, tname="period", yname="y", treatment_start=start, n_sims=300, seed=seed)
        c = r.table.set_index("term").loc["cumulative"]
        covered.append(c["conf_low"] <= -36.0 <= c["conf_high"])
    assert sum(covered) >= 8


def test_control_series_and_log_transform_on_panel():
    rng = np.random.default_rng(5)
    times = pd.date_range("2016-01-01", periods=84, freq="MS")
    shock = np.where((times >= "2020-04-01") & (times <= "2020-06-01"), -0.6, 0.0)  # a shared lockdown dip
    rows = []
    for u in range(5):
        mu = np.exp(np.log(40) + 0.2 * np.sin(2 * np.pi * np.arange(84) / 12) + shock)
        if u == 0:
            mu = mu * np.where(times >= "2021-01-01", 0.7, 1.0)
        rows.append(pd.DataFrame({"district": f"d{u}", "period": times, "count": rng.poisson(mu)}))
    panel = pd.concat(rows, ignore_index=True)
    r = its(
        panel,
        tname="period",
        yname="count",
        idname="district",
        treated_unit="d0",
        control_units=["d1", "d2", "d3", "d4"],
        treatment_start=pd.Timestamp("2021-01-01"),
        transform="log",
    )
    assert r.fit_info["covariates"] == ["controls"]
    rel = r.table.set_index("term").loc["relative"]
    assert rel["estimate"] == pytest.approx(-0.30, abs=0.1)
    assert rel["conf_low"] < -0.30 < rel["conf_high"]


def test_bad_inputs():
    df, start = _series(1)
    with pytest.raises(TrendsDataError, match="only 10 periods before"):
        its(df, tname="period", yname="y", treatment_start=df["period"].iloc[10])
    with pytest.warns(ImpactWarning, match="seasonal pattern is poorly estimated"):
        its(df, tname="period", yname="y", treatment_start=df["period"].iloc[30], n_sims=50)
    nan = df.copy()
    nan.loc[3, "y"] = np.nan
    with pytest.raises(TrendsDataError, match="missing or not finite"):
        its(nan, tname="period", yname="y", treatment_start=start)
    with pytest.raises(TrendsDataError, match="not evenly spaced"):
        its(df.drop(index=5), tname="period", yname="y", treatment_start=start)
    zero = df.assign(y=0.0)
    with pytest.raises(TrendsDataError, match="zero in every pre-period"):
        its(zero, tname="period", yname="y", treatment_start=start)
    col = df.assign(x1=np.arange(len(df)), x2=2 * np.arange(len(df)))
    with pytest.raises(TrendsDataError, match="collinear"):
        its(col, tname="period", yname="y", treatment_start=start, covariates=["x1", "x2"])
    with pytest.raises(TrendsDataError, match="no period on or after"):
        its(df, tname="period", yname="y", treatment_start=pd.Timestamp("2100-01-01"))
    with pytest.raises(TrendsDataError, match="duplicated periods"):
        its(pd.concat([df, df]), tname="period", yname="y", treatment_start=start)
    with pytest.raises(ValueError, match="model must be"):
        its(df, tname="period", yname="y", treatment_start=start, model="arima")


def test_too_short_an_annual_series_is_said_plainly():
    # an annual series has no season: the message says so, and names the date, not a Timestamp repr
    df = pd.DataFrame({"period": pd.date_range("2017-01-01", periods=8, freq="YS"), "y": np.arange(8.0) + 50})
    with pytest.raises(
        TrendsDataError, match=r"only 3 periods before 2020-01-01; .* \(a series without a season\)"
    ):
        its(df, tname="period", yname="y", treatment_start=pd.Timestamp("2020-01-01"))
