"""Descriptive summaries: changes, rates by year, STL seasonality, gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trends import explore


def panel(values: dict[str, list[int]], start: str = "2020-01-01") -> pd.DataFrame:
    rows = []
    for offence, counts in values.items():
        periods = pd.date_range(start, periods=len(counts), freq="MS")
        rows.append(pd.DataFrame({"district": "a", "period": periods, "offence": offence, "count": counts}))
    return pd.concat(rows, ignore_index=True)


def test_changes_compares_first_and_last_windows() -> None:
    df = panel({"theft": [2] * 12 + [1] * 12, "fraud": [1] * 12 + [3] * 12})
    out = explore.changes(df).set_index("offence")
    assert out.loc["theft", "change_pct"] == pytest.approx(-50.0)
    assert out.loc["fraud", "change_pct"] == pytest.approx(200.0)
    assert out.index[0] == "fraud"  # largest rise first
    with pytest.raises(ValueError, match="at least 24"):
        explore.changes(df[df["period"] < "2021-06-01"])


def test_changes_compare_a_year_of_any_frequency_and_count_missing_cells() -> None:
    # a quarterly panel compares its first and latest four quarters, an annual one its first and latest year
    quarters = pd.DataFrame(
        {
            "district": "a",
            "period": pd.date_range("2020-01-01", periods=12, freq="QS"),
            "offence": "theft",
            "count": [4] * 4 + [9] * 4 + [2] * 4,
        }
    )
    out = explore.changes(quarters).iloc[0]
    assert (out["first"], out["last"], out["change_pct"]) == (16, 8, -50.0)
    years = quarters.assign(period=pd.date_range("2015-01-01", periods=12, freq="YS"))
    out = explore.changes(years).iloc[0]
    assert (out["first"], out["last"]) == (4, 2)
    assert explore.changes(years).attrs["missing"] == {}
    # a missing cell in a compared window is counted, so a short total is not read as a fall
    gappy = panel({"theft": [2] * 24})
    gappy["count"] = gappy["count"].astype("Float64")
    gappy.loc[[0, 23], "count"] = pd.NA
    assert explore.changes(gappy).attrs["missing"] == {"theft": 2}


def test_seasonality_of_quarters_and_years() -> None:
    t = np.arange(40)
    season = np.tile([10.0, -5.0, -10.0, 5.0], 10)
    quarters = pd.Series(100 + season + 0.05 * t, index=pd.date_range("2015-01-01", periods=40, freq="QS"))
    out = explore.seasonality(quarters)  # a season of four quarters, not of twelve periods
    profile = explore.seasonal_profile(out)
    assert profile.index.name == "quarter" and profile.index.tolist() == [1, 2, 3, 4]
    assert profile.to_numpy() == pytest.approx([10, -5, -10, 5], abs=1.0)
    years = pd.Series(np.arange(30.0), index=pd.date_range("1990-01-01", periods=30, freq="YS"))
    with pytest.raises(ValueError, match="annual counts have no season"):
        explore.seasonality(years)


def test_rates_by_year_uses_full_years_only() -> None:
    df = panel({"theft": [1] * 30})  # 2020, 2021 full; 2022 half
    out = explore.rates_by_year(df, pd.DataFrame({"district": ["a"], "population": [12_000]}))
    assert out["year"].tolist() == [2020, 2021]
    assert out["rate"].tolist() == pytest.approx([100.0, 100.0])


def test_full_years_count_the_periods_of_each_frequency() -> None:
    from trends.schema import full_years

    months = pd.date_range("2020-03-01", "2022-12-01", freq="MS")  # 2020 from March only
    assert full_years(months) == [2021, 2022]
    quarters = pd.date_range("2020-01-01", "2021-07-01", freq="QS")  # 2021 has three quarters
    assert full_years(quarters) == [2020]
    assert full_years(pd.to_datetime(["2018-01-01", "2019-01-01"])) == [2018, 2019]
    assert full_years(pd.date_range("2024-01-01", periods=8, freq="MS")) == []
    # eight months are no year: no annual rate rather than one that looks like a fall
    df = panel({"theft": [1] * 8})
    assert explore.rates_by_year(df, pd.DataFrame({"district": ["a"], "population": [12_000]})).empty


def test_seasonality_recovers_a_known_season() -> None:
    t = np.arange(96)
    season = 10 * np.sin(2 * np.pi * t / 12)
    series = pd.Series(100 + 0.1 * t + season, index=pd.date_range("2015-01-01", periods=96, freq="MS"))
    out = explore.seasonality(series)
    assert np.max(np.abs(out["seasonal"].to_numpy()[24:-24] - season[24:-24])) < 1.0
    assert out.attrs["strength"] > 0.95
    with pytest.raises(ValueError, match="two seasons"):
        explore.seasonality(series.iloc[:20])


def test_gaps_and_summary_count_missing_cells() -> None:
    df = panel({"theft": [1, 2, 3, 4]})
    df["count"] = df["count"].astype("Int64")
    df.loc[[1, 2], "count"] = pd.NA
    g = explore.gaps(df)
    assert g[["first", "last", "cells"]].iloc[0].tolist() == [
        pd.Timestamp("2020-02-01"),
        pd.Timestamp("2020-03-01"),
        2,
    ]
    assert explore.data_summary(df)["missing_cells"].iloc[0] == 2
    assert np.isnan(explore.city_series(df).iloc[1])


def test_a_total_short_of_a_cell_is_missing_not_a_fall() -> None:
    """A district-month missing from the file (a missing cell, not a zero) leaves the city total and the year it
    falls in missing: summed without it, they would read as a fall (a 20-district study's own file)."""
    df = pd.concat(
        [panel({"theft": [5] * 24}), panel({"theft": [5] * 24}).assign(district="b")], ignore_index=True
    )
    df["count"] = df["count"].astype("Int64")
    df.loc[
        (df["district"] == "b")
        & df["period"].isin(pd.to_datetime(["2020-04-01", "2021-01-01", "2021-07-01"])),
        "count",
    ] = pd.NA
    city = explore.city_series(df)
    assert city.isna().sum() == 3 and city.dropna().eq(10).all()
    rates = explore.rates_by_year(df, pd.DataFrame({"district": ["a", "b"], "population": [60_000, 60_000]}))
    b = rates[rates["district"] == "b"]
    assert b["count"].isna().all() and rates.loc[rates["district"] == "a", "count"].tolist() == [60, 60]
    # three scattered months are three gaps, not one span of 16 months
    assert explore.gaps(df)["cells"].tolist() == [1, 1, 1]


def test_rollout_summary_counts_models_by_type() -> None:
    reg = pd.DataFrame(
        {
            "model_id": ["a", "b", "c"],
            "district": ["x", "y", "x"],
            "model_type": ["camera", "camera", "club"],
            "start": pd.to_datetime(["2016-01-01", "2018-05-01", "2017-01-01"]),
            "end": pd.to_datetime([None, "2020-01-01", None]),
        }
    )
    out = explore.rollout_summary(reg).set_index("model_type")
    assert out.loc["camera", ["models", "districts", "ended"]].tolist() == [2, 2, 1]
    assert out.loc["camera", "last_start"] == pd.Timestamp("2018-05-01")
