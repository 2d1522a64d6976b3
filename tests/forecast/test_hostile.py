"""Odd but plausible panels fed to forecast() and backtest(): each either answers correctly or fails with an
error that names the series and the period (a hostile sweep of the API, branch fcapi9)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.forecast import CalibrationWarning, backtest, forecast
from trends.schema import TrendsDataError

CHEAP = ["naive", "window_mean", "auto"]


def _panel(S: int = 4, T: int = 36, freq: str = "MS", seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    periods = pd.date_range("2016-01-01", periods=T, freq=freq)
    return pd.concat(
        [pd.DataFrame({"s": f"s{i}", "period": periods, "count": rng.poisson(20, T)}) for i in range(S)],
        ignore_index=True,
    )


def _quiet(df: pd.DataFrame, h: int, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return forecast(df, h, ids="s", method=CHEAP, progress=False, **kw)


def test_negative_values_are_reported_and_boolean_values_refused_naming_series_and_period() -> None:
    """A negative count was forecast like any other in silence (a series with one -3 lost its count intervals):
    it is now said, naming where; a signed series (a change, a log rate) is still forecast, unclipped."""
    df = _panel()
    df.loc[(df["s"] == "s1") & (df["period"] == "2017-03-01"), "count"] = -3
    with pytest.warns(UserWarning, match=r"negative.*'s': 's1'.*2017-03-01.*-3.*signed"):
        res = forecast(df, 3, method=CHEAP, progress=False)
    auto = res.table[res.table["method"] == "auto"]
    assert len(auto) == 3 * df["s"].nunique() and auto[["mean", "lo_95", "hi_95"]].notna().all().all()
    with pytest.warns(UserWarning, match=r"'s': 's1'.*2017-03-01"):
        backtest(df, 3, method=CHEAP, progress=False)
    with pytest.raises(TrendsDataError, match="numeric"):
        forecast(_panel().assign(count=lambda d: d["count"] > 20), 3, progress=False)
    gap = _panel().astype({"count": float})
    gap.loc[(gap["s"] == "s2") & (gap["period"] == "2016-05-01"), "count"] = np.nan
    with pytest.raises(TrendsDataError, match=r"missing.*'s': 's2'.*2016-05-01"):
        forecast(gap, 3, progress=False)


@pytest.mark.parametrize(("freq", "end"), [("MS", "ME"), ("QS", "QE"), ("YS", "YE")])
def test_period_end_timestamps_are_the_periods_they_close(freq: str, end: str) -> None:
    """Month-, quarter- and year-end stamps (pandas' resample default) were refused as 'not period starts'."""
    starts = _panel(T=36 if freq != "YS" else 10, freq=freq)
    ends = starts.assign(period=starts["period"] + pd.tseries.frequencies.to_offset(end))
    assert (ends["period"].dt.day > 27).all()
    a, b = _quiet(starts, 2), _quiet(ends, 2)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.freq == b.freq == {"MS": "month", "QS": "quarter", "YS": "year"}[freq]


def test_a_mid_month_date_is_an_error_naming_its_series() -> None:
    df = _panel()
    df["period"] = df["period"].astype(object)
    df.loc[(df["s"] == "s3") & (df["period"] == pd.Timestamp("2016-07-01")), "period"] = pd.Timestamp(
        "2016-07-15"
    )
    with pytest.raises(TrendsDataError, match=r"first day.*'s': 's3'.*2016-07-15"):
        forecast(df, 3, progress=False)


def test_counts_from_float_arithmetic_keep_integer_bounds() -> None:
    """3.0000000000004 made a series of counts a series of rates: no integer bounds, no negative binomial."""
    df = _panel().astype({"count": float})
    noisy = df.assign(count=df["count"] * (1 + 1e-13))
    assert (noisy["count"] != noisy["count"].round()).any()
    a, b = _quiet(df, 3), _quiet(noisy, 3)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert (b.table["lo_80"] == b.table["lo_80"].round()).all()


def test_a_backtest_without_any_window_is_an_error_and_missing_windows_are_reported() -> None:
    """backtest(h longer than every series) returned empty predictions in silence; n_windows beyond what the
    history allows returned fewer windows in silence."""
    df = _panel(T=24)
    with pytest.raises(TrendsDataError, match=r"no series is long enough.*h=30.*24 periods"):
        backtest(df, 30, method="naive", progress=False)
    with pytest.warns(
        CalibrationWarning, match=r"4 of 4 series have room for fewer than n_windows=20.*'s': 's0'.*7 window"
    ):
        res = backtest(df, 3, n_windows=20, method="naive", progress=False)
    assert res.predictions["window"].nunique() == 7
    short = pd.concat([df, pd.DataFrame({"s": "new", "period": df["period"].max(), "count": [3]})])
    with pytest.warns(UserWarning, match=r"1 of 5 series are too short for any backtest window.*'new'"):
        backtest(short, 3, method="naive", progress=False)
    with pytest.warns(CalibrationWarning, match="fewer than n_windows=20"):
        forecast(df, 3, n_windows=20, method="naive", progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        backtest(_panel(T=24), 3, method="naive", progress=False)  # room for the default windows: no warning


def test_series_that_end_early_are_reported() -> None:
    df = _panel()
    early = df[~((df["s"] == "s1") & (df["period"] > "2017-06-01"))]
    with pytest.warns(
        UserWarning, match=r"1 series end before the panel's last period 2018-12-01.*'s1'.*2017-06-01"
    ):
        res = forecast(early, 3, method="naive", progress=False)
    assert res.table.loc[res.table["s"] == "s1", "period"].min() == pd.Timestamp("2017-07-01")


def test_change_of_a_panel_without_ids() -> None:
    """ForecastResult.change() raised pandas' 'No group keys passed!' on a single series without id columns."""
    df = _panel(S=1).drop(columns="s")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = forecast(df, 3, method="naive", progress=False)
    out = res.change()
    assert len(out) == 1
    assert out["recorded"].iloc[0] == df["count"].tail(3).sum()
    assert out["forecast"].iloc[0] == pytest.approx(3 * df["count"].iloc[-1])


def test_numeric_arguments_are_checked_or_taken_from_numpy() -> None:
    """n_windows=2.0 or True raised Python's TypeError deep in the backtest, calibration=2.5 was taken as 2, a
    NumPy level raised "'numpy.int64' object is not iterable" and a repeated level repeated its columns."""
    df = _panel(S=2, T=24)
    for bad in (2.0, True, 0):
        with pytest.raises(ValueError, match="n_windows must be a positive integer"):
            forecast(df, 2, n_windows=bad, progress=False)
        with pytest.raises(ValueError, match="n_windows must be a positive integer"):
            backtest(df, 2, n_windows=bad, progress=False)
    with pytest.raises(ValueError, match="calibration must be None or a non-negative integer"):
        forecast(df, 2, calibration=2.5, progress=False)
    res = _quiet(df, 2, level=np.int64(90), n_windows=np.int64(2))
    assert res.levels == (90.0,) and {"lo_90", "hi_90"} <= set(res.table.columns)
    res = _quiet(df, 2, level=(95, 80, 80))
    assert res.levels == (80.0, 95.0)
    assert list(res.table.columns).count("lo_80") == 1


def test_quarters_written_with_a_space_are_periods() -> None:
    """ "2015 Q1" and "Q1 2015" (how spreadsheets and reports write quarters) read as "2015Q1" does."""
    from trends.schema import period_timestamps

    got = period_timestamps(pd.Series(["2015Q1", "2015 Q1", "Q1 2015", "q3-2016", None]))
    assert got.tolist()[:4] == [pd.Timestamp("2015-01-01")] * 3 + [pd.Timestamp("2016-07-01")]
    assert pd.isna(got.iloc[4])
    panel = pd.DataFrame(
        {"period": [f"{y} Q{q}" for y in range(2015, 2021) for q in range(1, 5)], "count": 5}
    )
    res = forecast(panel, 2, method="naive", progress=False)
    assert res.table["period"].tolist() == [pd.Timestamp("2021-01-01"), pd.Timestamp("2021-04-01")]
