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
    # 5 series x 4 windows: fewer than MIN_OWN = 19 scores per series, so both levels are pooled over the 20
    # scaled scores: 80 % -> k = ceil(21 * 0.80) = 17th smallest, 95 % -> k = ceil(21 * 0.95) = 20 (the largest).
    rng = np.random.default_rng(0)
    scale = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    z = rng.uniform(0, 1, (5, 4, 1))
    q, pooled, _ = conformal.quantiles(z * scale[:, None, None], scale, (80, 95))
    assert pooled.all()
    np.testing.assert_allclose(q[:, 0, 0], scale * np.sort(z.ravel())[16])
    np.testing.assert_allclose(q[:, 1, 0], scale * z.max())


def test_conformal_scales_each_score_by_its_own_origin() -> None:
    # The same relative error made when a series was 10x smaller counts the same after scaling by the
    # training scale of its origin; the half-width is that scaled quantile times the target scale.
    z = np.arange(1.0, 21.0)  # 20 scaled scores of one series -> per series
    origin_scale = np.where(np.arange(20) % 2, 1.0, 10.0)[None, :]
    q, pooled, _ = conformal.quantiles((z * origin_scale)[:, :, None], np.array([3.0]), (80,), origin_scale)
    assert not pooled.any()
    assert q[0, 0, 0] == 3.0 * 17.0  # ceil(21 * 0.8) = 17th smallest scaled score


def test_local_scale_follows_recent_volatility() -> None:
    y = np.concatenate([np.cumsum(np.full(20, 10.0)), 200 + np.cumsum(np.full(6, 1.0))])
    assert conformal.series_scale(y) == pytest.approx(np.mean(np.abs(np.diff(y))))
    assert conformal.series_scale(y, span=5) == 1.0  # the last 5 changes
    assert conformal.series_scale(y[:4], span=5) == 10.0  # too short: whole history


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


def test_msis_and_weighted_interval_score_hand() -> None:
    # one outcome y = 4, point forecast (median) 5, an 80 % interval [2, 3] and a 95 % interval [1, 6]:
    # IS_80 = 1 + 2 / 0.2 * (4 - 3) = 11, IS_95 = 5 (inside);
    # WIS = (0.5 * |4 - 5| + 0.2 / 2 * 11 + 0.05 / 2 * 5) / (2 + 0.5) = (0.5 + 1.1 + 0.125) / 2.5 = 0.69
    # (Bracher et al. 2021, eq. 2); MSIS / SWIS divide by the training data's mean |change| (Y_TRAIN: 2).
    y, med = np.array([4.0]), np.array([5.0])
    lo, hi = [np.array([2.0]), np.array([1.0])], [np.array([3.0]), np.array([6.0])]
    assert metrics.weighted_interval_score(y, med, lo, hi, (80, 95)) == pytest.approx(0.69)
    assert metrics.swis(y, med, lo, hi, (80, 95), Y_TRAIN) == pytest.approx(0.69 / 2)
    assert metrics.msis(y, lo[0], hi[0], Y_TRAIN, 80) == pytest.approx(11 / 2)
    np.testing.assert_allclose(metrics.interval_scores(np.array([4.0, 2.5]), 2.0, 3.0, 80), [11.0, 1.0])
    # with no interval the WIS is the absolute error
    assert metrics.weighted_interval_score(y, med, [], [], ()) == pytest.approx(1.0)


def test_origin_scales_blend_recent_and_whole_history() -> None:
    # 20 changes of 10 then 6 changes of 1: recent scale (last 5 changes) 1, whole history (20*10 + 6) / 26
    y = np.concatenate([np.cumsum(np.full(21, 10.0)), 210 + np.cumsum(np.full(6, 1.0))])
    cuts = np.array([[len(y)]])
    whole = (20 * 10 + 6) / 26
    assert conformal.origin_scales([y], cuts, 5)[0, 0] == pytest.approx(1.0)
    assert conformal.origin_scales([y], cuts, 5, 0.0)[0, 0] == pytest.approx(whole)
    assert conformal.origin_scales([y], cuts, 5, 0.5)[0, 0] == pytest.approx(math.sqrt(whole))


def test_interval_scores_refuse_a_level_given_as_a_fraction() -> None:
    y, lo, hi = np.array([5.0]), np.array([1.0]), np.array([4.0])
    assert metrics.interval_scores(y, lo, hi, 95)[0] == pytest.approx(3 + 40 * 1)
    with pytest.raises(ValueError, match="looks like a fraction"):
        metrics.interval_scores(y, lo, hi, 0.95)
