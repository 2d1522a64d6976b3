"""Metrics and conformal quantiles against hand computations.

MASE as in Hyndman & Koehler (2006), "Another look at measures of forecast accuracy", IJF 22(4): 679-688:
errors scaled by the in-sample mean absolute error of the (seasonal) naive method.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trends.forecast import conformal, metrics

Y_TRAIN = np.array([1.0, 3.0, 2.0, 5.0])  # one-step changes 2, -1, 3 -> mean |.| = 2, mean sq = 14/3
Y = np.array([4.0, 6.0])
YHAT = np.array([5.0, 5.0])  # errors -1, +1


def test_mase_hand() -> None:
    assert metrics.mase(Y, YHAT, Y_TRAIN, m=1) == pytest.approx(1.0 / 2.0)
    # seasonal scaling, m = 2: |2 - 1|, |5 - 3| -> 1.5
    assert metrics.mase(Y, YHAT, Y_TRAIN, m=2) == pytest.approx(1.0 / 1.5)
    # too short for the season: falls back to m = 1
    assert metrics.mase(Y, YHAT, Y_TRAIN, m=12) == pytest.approx(0.5)


def test_rmsse_hand() -> None:
    assert metrics.rmsse(Y, YHAT, Y_TRAIN, m=1) == pytest.approx(math.sqrt(1.0 / (14.0 / 3.0)))


def test_smape_hand_and_zero_over_zero() -> None:
    assert metrics.smape(Y, YHAT) == pytest.approx(100.0 * (2 / 9 + 2 / 11) / 2)
    assert metrics.smape(np.array([0.0, 2.0]), np.array([0.0, 2.0])) == 0.0


def test_zero_scale_is_nan() -> None:
    assert math.isnan(metrics.mase(Y, YHAT, np.array([3.0, 3.0, 3.0])))


def test_coverage_and_interval_score_hand() -> None:
    y = np.array([1.0, 2.0, 3.0, 4.0])
    lo = np.array([0.0, 2.5, 3.0, 5.0])
    hi = np.array([1.0, 3.0, 3.0, 6.0])
    assert metrics.coverage(y, lo, hi) == 0.5
    # widths 1 + 0.5 + 0 + 1; penalties 2/0.2 * 0.5 and 2/0.2 * 1
    assert metrics.interval_score(y, lo, hi, 80) == pytest.approx((2.5 + 5 + 10) / 4)


def test_conformal_quantile_per_series() -> None:
    scores = np.arange(1.0, 20.0)[None, :, None]  # one series, 19 windows, h = 1
    q, pooled, short = conformal.quantiles(scores, np.array([1.0]), (80, 95))
    assert q[0, 0, 0] == 16.0  # ceil(20 * 0.80) = 16th smallest
    assert q[0, 1, 0] == 19.0  # ceil(20 * 0.95) = 19th smallest
    assert not pooled.any() and not short


def test_conformal_pools_scaled_scores_when_windows_are_few() -> None:
    # 5 series x 4 windows: too few per series for 80 % (needs 4 -> k = ceil(5 * .8) = 4 <= 4: per series)
    # and for 95 % (k = 5 > 4): pooled over 20 scaled scores, k = ceil(21 * 0.95) = 20 -> the largest.
    rng = np.random.default_rng(0)
    scale = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    z = rng.uniform(0, 1, (5, 4, 1))
    q, pooled, _ = conformal.quantiles(z * scale[:, None, None], scale, (80, 95))
    assert not pooled[:, 0].any() and pooled[:, 1].all()
    np.testing.assert_allclose(q[:, 1, 0], scale * z.max())
    np.testing.assert_allclose(q[:, 0, 0], np.sort((z * scale[:, None, None])[:, :, 0], axis=1)[:, 3])


@given(
    st.floats(-50, 50, allow_nan=False),
    st.floats(0, 50, allow_nan=False),
    st.sampled_from(["exact", "outward"]),
)
def test_count_bounds_never_negative_and_integer(centre: float, half: float, rounding: str) -> None:
    mean = np.array([max(centre, 0.0)])
    lo, hi = conformal.count_bounds(np.array([centre - half]), np.array([centre + half]), mean, rounding)
    assert lo[0] >= 0 and hi[0] >= lo[0]
    assert lo[0] == np.round(lo[0]) and hi[0] == np.round(hi[0])
    assert not np.signbit(lo[0])
