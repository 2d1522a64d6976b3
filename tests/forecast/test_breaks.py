"""Level shifts at the end of a series: detected when planted, rare on stable simulated panels."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.forecast import BreakWarning, forecast
from trends.forecast.breaks import series_break


def _counts(rng: np.random.Generator, mu: np.ndarray, i: int) -> np.ndarray:
    if i % 2:
        return rng.poisson(mu).astype(float)
    k = rng.uniform(2, 20)
    return rng.negative_binomial(k, k / (k + mu)).astype(float)


def _stable(rng: np.random.Generator, T: int, m: int, i: int) -> np.ndarray:
    """Poisson / negative-binomial counts, means 0.3-80, seasonal when monthly, with a mild trend."""
    t = np.arange(T)
    lam = np.exp(rng.uniform(np.log(0.3), np.log(80)))
    amp = rng.uniform(0, 0.4) if m > 1 else 0.0
    mu = lam * (1 + amp * np.sin(2 * np.pi * (t + rng.integers(12)) / 12))
    return _counts(rng, mu * np.exp(rng.normal(0, 0.005 if m > 1 else 0.02) * t), i)


@pytest.mark.parametrize(("T", "m"), [(72, 12), (30, 1)])
def test_false_alarm_rate_on_stable_panels_is_low(T: int, m: int) -> None:
    # 1000 stable series (seeded): measured 1.2 % monthly, 1.8 % annual; the bound leaves room for seeds
    rng = np.random.default_rng(11)
    hits = [series_break(_stable(rng, T, m, i), m, True) is not None for i in range(1000)]
    assert np.mean(hits) < 0.03


def test_planted_shifts_are_detected_with_their_start_and_size() -> None:
    rng = np.random.default_rng(12)
    found = []
    for i in range(200):
        mu = np.full(72, rng.uniform(10, 60))
        mu[-3:] *= 2.0  # recording doubled for the last quarter
        hit = series_break(_counts(rng, mu, i), 12, True)
        found.append(hit)
    detected = np.array([f is not None for f in found])
    # measured: every Poisson series (odd i); 58 % of the negative-binomial ones, whose dispersion (k = 2-20,
    # a standard deviation up to 0.7 times the mean) hides a doubling for three months more often
    assert detected[1::2].mean() > 0.95
    assert detected[0::2].mean() > 0.4
    hits = [f for f in found if f is not None]
    # the window reported is the one that stands out most: mostly the shifted quarter (a 6-month window
    # dilutes the doubling to +50 %, a 1-month one has a wider standard error)
    assert np.mean([f[0] == 3 for f in hits]) > 0.6
    assert np.median([f[1] / f[2] for f in hits]) == pytest.approx(2.0, rel=0.15)
    # a fall is a break too, and a shift in an annual series
    down = np.r_[np.full(25, 40.0), np.full(2, 15.0)]
    assert series_break(down, 1, True)[0] == 2


def test_sparse_blips_and_constant_series_are_not_breaks() -> None:
    sparse = np.r_[np.zeros(30), [1.0, 0, 2, 0, 0, 1]]
    assert series_break(sparse, 12, True) is None
    assert series_break(np.full(40, 3.0), 12, True) is None
    assert series_break(np.r_[np.full(40, 3.0), [30.0, 31, 29]], 12, True) is not None


def test_forecast_warns_and_lists_the_shifted_series() -> None:
    rng = np.random.default_rng(13)
    months = pd.date_range("2018-01-01", periods=60, freq="MS")
    rows = []
    for i in range(6):
        mu = np.full(60, 25.0)
        if i == 2:
            mu[-4:] *= 2.5
        rows.append(pd.DataFrame({"series": f"s{i}", "period": months, "count": rng.poisson(mu)}))
    df = pd.concat(rows, ignore_index=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = forecast(df, 3, method=["naive", "window_mean", "auto"], progress=False)
    assert any(issubclass(w.category, BreakWarning) and "s2" in str(w.message) for w in caught)
    assert res.breaks["series"].tolist() == ["s2"]
    row = res.breaks.iloc[0]
    assert row["period"] == months[-row["periods"]]
    assert row["size"] == pytest.approx(row["recent"] / row["before"])
    assert row["size"] > 1.8
    stable = df[df["series"] != "s2"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", BreakWarning)
        warnings.simplefilter("ignore", UserWarning)
        res = forecast(stable, 3, method=["naive", "window_mean", "auto"], progress=False)
    assert res.breaks.empty and "series" in res.breaks.columns


def test_one_spike_is_not_a_level_shift() -> None:
    """A single spike inside the last year was reported as a level shift (BreakWarning, mean 22 -> 437),
    and once it left the recent windows as a fall; at the last period it is still flagged."""
    rng = np.random.default_rng(3)
    y = rng.poisson(20, 48).astype(float)
    inside = y.copy()
    inside[-6] = 5000.0
    assert series_break(inside, 12, True) is None
    before = y.copy()
    before[-14] = 5000.0  # in the reference window of the 12-month window
    assert series_break(before, 12, True) is None
    last = y.copy()
    last[-1] = 5000.0
    assert series_break(last, 12, True)[0] == 1
    df = pd.DataFrame(
        {"s": "a", "period": pd.date_range("2016-01-01", periods=48, freq="MS"), "count": inside}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = forecast(df, 3, ids="s", method="naive", progress=False)
    assert res.breaks.empty and not any("shifted level" in str(w.message) for w in caught)
