"""Point forecasts: baselines against hand-computed values; statsforecast models through our API against
statsforecast called directly (an independent path: its own DataFrame API, not our array call)."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest

from trends.forecast import forecast
from trends.forecast import models as fm

Y = [3.0, 5.0, 4.0, 8.0, 6.0, 7.0, 9.0, 10.0]  # quarterly, season length 4


def _quarterly() -> pd.DataFrame:
    return pd.DataFrame(
        {"area": "X", "period": pd.date_range("2020-01-01", periods=len(Y), freq="QS"), "count": Y}
    )


def test_baselines_by_hand_through_the_api() -> None:
    with pytest.warns(UserWarning, match="too few backtest errors"):  # 1 series x 1 window
        r = forecast(
            _quarterly(),
            6,
            method=["naive", "snaive", "drift", "mean", "window_mean"],
            n_windows=1,
            progress=False,
        )
    got = {m: g["mean"].tolist() for m, g in r.table.groupby("method")}
    assert got["naive"] == [10.0] * 6
    assert got["snaive"] == [6.0, 7.0, 9.0, 10.0, 6.0, 7.0]
    assert got["drift"] == pytest.approx([11.0, 12.0, 13.0, 14.0, 15.0, 16.0])  # slope (10 - 3) / 7 = 1
    assert got["mean"] == pytest.approx([6.5] * 6)
    assert got["window_mean"] == pytest.approx([8.0] * 6)  # mean of the last season
    assert list(r.table["period"].iloc[:2]) == [pd.Timestamp("2022-01-01"), pd.Timestamp("2022-04-01")]


def test_short_series_fall_back_to_naive() -> None:
    y = np.array([4.0, 2.0, 7.0])
    for name in ("ets", "theta", "snaive"):
        out, _ = fm.predict(name, y, 2, 12)
        np.testing.assert_array_equal(out, [7.0, 7.0])
    _, fell = fm.predict("ets", y, 2, 12)
    assert fell  # AutoETS raises on <= 6 points: documented fallback


def _float_panel() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    t = np.arange(48)
    rows = []
    for k in range(3):
        y = 100 + 10 * k + 0.4 * t + 8 * np.sin(2 * np.pi * t / 12) + rng.normal(0, 2, 48)
        rows.append(
            pd.DataFrame(
                {"unit": f"u{k}", "period": pd.date_range("2018-01-01", periods=48, freq="MS"), "y": y}
            )
        )
    return pd.concat(rows, ignore_index=True)


def test_statsforecast_models_match_statsforecast_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIXTLA_ID_AS_COL", "1")
    from statsforecast import StatsForecast
    from statsforecast.models import TSB, AutoARIMA, AutoETS, AutoTheta

    df = _float_panel()
    with pytest.warns(UserWarning, match="too few backtest errors"):
        ours = forecast(
            df, 6, value="y", method=["ets", "theta", "arima", "tsb"], n_windows=1, progress=False
        )
    sf_df = df.rename(columns={"unit": "unique_id", "period": "ds"})
    models = [
        AutoETS(season_length=12),
        AutoTheta(season_length=12),
        AutoARIMA(season_length=12),
        TSB(alpha_d=0.1, alpha_p=0.1),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = StatsForecast(models=models, freq="MS").forecast(df=sf_df, h=6)
    for ours_name, ref_name in [
        ("ets", "AutoETS"),
        ("theta", "AutoTheta"),
        ("arima", "AutoARIMA"),
        ("tsb", "TSB"),
    ]:
        mine = ours.table[ours.table["method"] == ours_name].set_index(["unit", "period"])["mean"]
        theirs = ref.set_index(["unique_id", "ds"])[ref_name]
        theirs.index.names = ["unit", "period"]
        pd.testing.assert_series_equal(mine.sort_index(), theirs.sort_index(), check_names=False, rtol=1e-8)
    assert os.environ["NIXTLA_ID_AS_COL"] == "1"
