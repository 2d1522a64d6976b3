"""Negative-binomial predictive intervals for counts (trends.forecast.counts) and their choice by the backtest."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.forecast import backtest, counts, forecast


def _nb(rng: np.random.Generator, mu: np.ndarray, a: float) -> np.ndarray:
    size = 1.0 / a
    return rng.negative_binomial(size, size / (size + mu)).astype(float)


def test_dispersion_recovers_the_simulated_one():
    rng = np.random.default_rng(0)
    mu = rng.uniform(0.5, 8.0, size=(200, 1, 1)) * np.ones((1, 30, 3))
    y = _nb(rng, mu, 0.5)
    a = counts.dispersion(y, mu)
    assert a.shape == (200, 3)
    # pooled at each horizon, then per series shrunk toward it: the mean over series is near the truth
    assert a.mean() == pytest.approx(0.5, abs=0.08)
    poisson = counts.dispersion(rng.poisson(mu).astype(float), mu)
    assert poisson.mean() < 0.05  # no overdispersion: (near-)Poisson


def test_calibrated_intervals_cover_new_draws_and_are_integer_counts():
    # Calibration and test outcomes from the same negative binomials; the forecasts are the true means but the
    # dispersion is learnt from the calibration errors, and the levels calibrated on them.
    rng = np.random.default_rng(1)
    S, n_cal, h = 150, 12, 2
    mu = rng.uniform(0.2, 6.0, size=S)
    cal_mu = np.repeat(mu[:, None, None], n_cal, axis=1).repeat(h, axis=2)
    cal_y = _nb(rng, cal_mu, 1.0)
    target = np.repeat(mu[:, None], h, axis=1)
    lo, hi = counts.intervals(cal_y, cal_mu, target, (80.0, 95.0))
    assert lo.shape == (S, 2, h)
    for b in (lo, hi):
        assert np.isfinite(b).all() and (b >= 0).all() and (b == np.round(b)).all()
    assert (lo[:, 1] <= lo[:, 0]).all() and (hi[:, 1] >= hi[:, 0]).all()  # nested levels
    draws = _nb(rng, np.repeat(target[:, None, :], 200, axis=1), 1.0)  # (S, 200, h)
    cover = {
        lev: np.mean((draws >= lo[:, li, None, :]) & (draws <= hi[:, li, None, :]))
        for li, lev in enumerate((80, 95))
    }
    # discrete counts cannot hit a level exactly (a step of P(y = k)); conformal calibration keeps coverage at or
    # slightly above nominal
    assert 0.78 <= cover[80] <= 0.90
    assert 0.94 <= cover[95] <= 0.99
    # right-skewed: the upper bound is further from the mean than the lower bound
    assert np.mean(hi[:, 1] - target) > np.mean(target - lo[:, 1])


def _sparse_panel(seed: int, n: int = 24, T: int = 72) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    t = np.arange(T)
    for i in range(n):
        mu = rng.uniform(0.2, 3.0) * np.exp(0.3 * np.sin(2 * np.pi * t / 12))
        rows.append(
            pd.DataFrame(
                {
                    "district": f"d{i:02d}",
                    "period": pd.date_range("2015-01-01", periods=T, freq="MS"),
                    "count": _nb(rng, mu, 1.5),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _msis(pred: pd.DataFrame, windows: set[int]) -> float:
    p = pred[pred["window"].isin(windows) & (pred["scale"] > 0)]
    isc = (p["hi_95"] - p["lo_95"]) + 40 * (p["lo_95"] - p["actual"]).clip(lower=0)
    isc = isc + 40 * (p["actual"] - p["hi_95"]).clip(lower=0)
    return float((isc / p["scale"]).mean())


def test_backtest_chooses_negative_binomial_where_it_scores_better():
    df = _sparse_panel(2)
    kw = {"ids": "district", "progress": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        conf = backtest(df, 6, 8, 2, "window_mean", count_intervals="conformal", **kw)
        nb = backtest(df, 6, 8, 2, "window_mean", count_intervals="negbin", **kw)
        auto = backtest(df, 6, 8, 2, "window_mean", **kw)
    assert conf.count_intervals == {"window_mean": "conformal"}
    assert nb.count_intervals == {"window_mean": "negbin"}
    late = set(range(3, 8))
    p = nb.predictions[nb.predictions["window"].isin(late)]  # window 0 has no earlier errors: no interval
    for c in ("lo_80", "hi_80", "lo_95", "hi_95"):
        assert (p[c] >= 0).all() and (p[c] == p[c].round()).all()
    # on skewed sparse counts the negative-binomial intervals score better than the symmetric conformal ones
    assert _msis(nb.predictions, late) < _msis(conf.predictions, late)
    assert auto.count_intervals == {"window_mean": "negbin"}
    assert any("negative-binomial intervals for window_mean" in n for n in auto.notes)
    # each window uses the choice made on earlier fully calibrated windows: the last ones use them here
    last = auto.predictions[auto.predictions["window"] == 7].reset_index(drop=True)
    nb_last = nb.predictions[nb.predictions["window"] == 7].reset_index(drop=True)
    pd.testing.assert_frame_equal(last, nb_last)
    # the forecast follows the backtest's choice: integer, non-negative, skewed bounds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fc = forecast(df, 6, method="window_mean", n_windows=8, step=2, **kw)
        fc_conf = forecast(
            df, 6, method="window_mean", n_windows=8, step=2, count_intervals="conformal", **kw
        )
    t = fc.table
    assert fc.backtest_result.count_intervals == {"window_mean": "negbin"}
    for c in ("lo_80", "hi_80", "lo_95", "hi_95"):
        assert (t[c] >= 0).all() and (t[c] == t[c].round()).all()
    assert not t[["lo_95", "hi_95"]].equals(fc_conf.table[["lo_95", "hi_95"]])
    assert ((t["hi_95"] - t["mean"]) >= (t["mean"] - t["lo_95"])).mean() > 0.9


def test_non_count_series_keep_conformal_intervals_and_bad_option():
    df = _sparse_panel(3, n=12)
    df["count"] = df["count"] + 0.5  # not integers: not a count series
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = backtest(df, 6, 6, 2, "window_mean", ids="district", progress=False)
    assert bt.count_intervals == {"window_mean": "conformal"}
    assert not any("count series" in n for n in bt.notes)
    with pytest.raises(ValueError, match="count_intervals must be"):
        backtest(df, 6, 6, 2, "window_mean", ids="district", progress=False, count_intervals="poisson")
