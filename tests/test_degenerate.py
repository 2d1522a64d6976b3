"""Degenerate analyses: each forecaster and estimator returns a correct answer with a warning, or a clear
error; never a silent NaN and never an infinite interval presented as a result."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.forecast import forecast
from trends.impact import ImpactWarning, att_gt, poisson_imputation
from trends.schema import TrendsDataError

P = pd.date_range("2020-01-01", periods=30, freq="MS")


@pytest.mark.parametrize(
    ("name", "frame", "warning", "value"),
    [
        ("constant", pd.DataFrame({"d": "a", "period": P, "count": 5}), "constant series", 5.0),
        ("all-zero", pd.DataFrame({"d": "a", "period": P, "count": 0}), "all-zero series", 0.0),
        (
            "short",
            pd.DataFrame({"d": "a", "period": P[:8], "count": [1, 2, 3, 2, 1, 2, 3, 4]}),
            "fell back",
            None,
        ),
    ],
)
def test_forecaster_on_degenerate_series(name, frame, warning, value) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = forecast(frame, 3, ids=["d"], progress=False).table
    assert any(warning in str(w.message) for w in caught), [str(w.message) for w in caught]
    cols = ["mean", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert table[cols].notna().all().all() and np.isfinite(table[cols].to_numpy()).all()
    assert (table["lo_95"] >= 0).all() and (table["lo_95"] <= table["mean"]).all()
    if value is not None:
        assert (table["mean"] == value).all()


def test_forecaster_on_a_series_too_short_to_backtest_says_it_has_no_interval() -> None:
    frame = pd.DataFrame({"d": "a", "period": P[:3], "count": [1, 2, 3]})
    with pytest.warns(UserWarning, match="have no interval"):
        table = forecast(frame, 3, ids=["d"], progress=False).table
    assert table["mean"].notna().all()


def _panel(cohorts: dict[int, int], n_periods: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        [(u, t, g, rng.poisson(10)) for u, g in cohorts.items() for t in range(1, n_periods + 1)],
        columns=["unit", "period", "cohort", "y"],
    )


def test_one_district_is_a_clear_error() -> None:
    df = _panel({1: 4})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        with pytest.raises((TrendsDataError, ValueError)):
            att_gt(df, yname="y", tname="period", idname="unit", gname="cohort")
        with pytest.raises(TrendsDataError):
            poisson_imputation(df, yname="y", tname="period", idname="unit", gname="cohort", biters=2)


def test_all_adoption_in_one_month_without_comparison_is_a_clear_error() -> None:
    df = _panel({u: 5 for u in range(6)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        with pytest.raises(TrendsDataError):
            att_gt(df, yname="y", tname="period", idname="unit", gname="cohort")
        with pytest.raises(TrendsDataError, match="no treated cell can be imputed"):
            poisson_imputation(df, yname="y", tname="period", idname="unit", gname="cohort", biters=2)


def test_all_adoption_in_one_month_with_never_treated_gives_an_estimate() -> None:
    df = _panel({**{u: 5 for u in range(6)}, **{u: 0 for u in range(6, 12)}})
    res = poisson_imputation(df, yname="y", tname="period", idname="unit", gname="cohort", biters=19)
    row = res.overall.iloc[0]
    assert np.isfinite(row[["estimate", "std_error", "conf_low", "conf_high"]].to_numpy(float)).all()
    cs = (
        att_gt(df, yname="y", tname="period", idname="unit", gname="cohort")
        .aggregate("simple")
        .overall.iloc[0]
    )
    assert np.isfinite(float(cs["estimate"])) and np.isfinite(float(cs["std_error"]))
