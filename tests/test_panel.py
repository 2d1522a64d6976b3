"""Panels: aggregation conserves counts, missing cells follow the declared policy, rollout -> treatment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trends.io import TrendsDataWarning
from trends.panel import (
    add_rates,
    adoption_panel,
    aggregate_incidents,
    balance,
    population_by_year,
    rollout_panel,
)
from trends.schema import TrendsDataError

DISTRICTS = ["ba_dinh", "hoan_kiem", "soc_son"]
OFFENCES = ["theft", "fraud", "drugs"]

incident = st.tuples(
    st.datetimes(min_value=pd.Timestamp("2015-01-01"), max_value=pd.Timestamp("2025-06-30")),
    st.sampled_from(DISTRICTS),
    st.sampled_from(OFFENCES),
)


def frame(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["date", "district", "offence"])
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    return df


@settings(max_examples=60, deadline=None)
@given(
    st.lists(incident, min_size=1, max_size=200), st.sampled_from(["month", "quarter", "year"]), st.randoms()
)
def test_aggregation_conserves_total_and_ignores_row_order(rows, freq, rnd) -> None:
    df = frame(rows)
    out = aggregate_incidents(df, freq)
    assert out["count"].sum() == len(df)
    shuffled = df.sample(frac=1.0, random_state=rnd.randint(0, 2**31)).reset_index(drop=True)
    pd.testing.assert_frame_equal(out, aggregate_incidents(shuffled, freq))
    # the grid is complete: every district x offence x period of the range, once
    assert not out.duplicated(["district", "period", "offence"]).any()
    n_periods = out["period"].nunique()
    assert len(out) == out["district"].nunique() * out["offence"].nunique() * n_periods


@settings(max_examples=40, deadline=None)
@given(st.lists(incident, min_size=1, max_size=100))
def test_aggregation_matches_plain_groupby(rows) -> None:
    # An independent implementation: pandas groupby on month periods.
    df = frame(rows)
    ours = aggregate_incidents(df, "month")
    ref = df.groupby([df["district"], df["date"].dt.to_period("M").dt.start_time, df["offence"]]).size()
    ours_nz = ours[ours["count"] > 0].set_index(["district", "period", "offence"])["count"]
    assert dict(ours_nz) == {k: v for k, v in ref.items()}


def test_aggregation_drops_personal_columns() -> None:
    df = frame([(pd.Timestamp("2020-01-05"), "ba_dinh", "theft")]).assign(name="Nguyễn Văn A", age=30)
    out = aggregate_incidents(df)
    assert list(out.columns) == ["district", "period", "offence", "count"]


def test_aggregation_extends_grid_and_refuses_to_lose_rows() -> None:
    df = frame([(pd.Timestamp("2020-03-05"), "ba_dinh", "theft")])
    out = aggregate_incidents(df, districts=DISTRICTS, start="2020-01-01", end="2020-12-31")
    assert len(out) == 3 * 1 * 12 and out["count"].sum() == 1
    with pytest.raises(TrendsDataError, match="before start"):
        aggregate_incidents(df, start="2020-06-01")
    with pytest.raises(TrendsDataError, match="not listed"):
        aggregate_incidents(df, districts=["hoan_kiem"])
    with pytest.raises(TrendsDataError, match="missing value"):
        aggregate_incidents(pd.concat([df, frame([(pd.NaT, "ba_dinh", "theft")])], ignore_index=True))


def crimes_with_gap() -> pd.DataFrame:
    periods = pd.date_range("2020-01-01", periods=4, freq="MS")
    df = pd.DataFrame({"district": "ba_dinh", "period": periods, "offence": "theft", "count": [1, 2, 3, 4]})
    return df.drop(index=2).reset_index(drop=True)


def test_balance_leaves_gaps_missing_and_lists_them() -> None:
    with pytest.warns(TrendsDataWarning, match=r"1 missing cell.*ba_dinh/theft: 2020-03\.\.2020-03"):
        out = balance(crimes_with_gap())
    assert len(out) == 4 and out["count"].isna().sum() == 1
    assert out["count"].sum() == 7


def test_balance_fills_zero_only_when_complete() -> None:
    out = balance(crimes_with_gap(), complete=True, districts=["ba_dinh", "tay_ho"])
    assert (
        len(out) == 8 and out["count"].sum() == 7 and (out.loc[out.district == "tay_ho", "count"] == 0).all()
    )
    with pytest.raises(TrendsDataError, match="outside the requested grid"):
        balance(crimes_with_gap(), complete=True, districts=["tay_ho"])


def test_population_interpolation_between_census_years() -> None:
    pop = pd.DataFrame({"district": ["a", "a"], "year": [2009, 2019], "population": [100_000, 120_000]})
    out = population_by_year(pop, range(2007, 2022)).set_index("year")["population"]
    assert out[2014] == pytest.approx(110_000)
    assert out[2007] == 100_000 and out[2021] == 120_000  # held constant outside the census years
    lin = population_by_year(pop, [2021], extrapolate="linear")["population"].iloc[0]
    assert lin == pytest.approx(124_000)


def test_rates_per_100k() -> None:
    crimes = pd.DataFrame(
        {"district": ["a"], "period": [pd.Timestamp("2019-01-01")], "offence": ["x"], "count": [50]}
    )
    pop = pd.DataFrame({"district": ["a"], "year": [2019], "population": [250_000]})
    assert add_rates(crimes, pop)["rate"].iloc[0] == pytest.approx(20.0)
    with pytest.raises(TrendsDataError, match="no population"):
        add_rates(crimes.assign(district="b"), pop)


def test_rollout_panel_cohorts_activity_and_intensity() -> None:
    reg = pd.DataFrame(
        {
            "model_id": ["old", "m1", "m2", "m3"],
            "district": ["a", "b", "b", "b"],
            "ward": [pd.NA] * 4,
            "model_type": ["camera", "camera", "liengia", "camera"],
            "start": pd.to_datetime(["2010-01-01", "2020-03-15", "2020-05-01", "2020-03-20"]),
            "end": pd.to_datetime([None, "2020-04-10", None, None]),
        }
    )
    districts = pd.DataFrame({"district": ["a", "b", "c"], "population": [10_000, 20_000, 5_000]})
    periods = pd.date_range("2020-01-01", periods=6, freq="MS")
    out = rollout_panel(reg, periods, districts=districts).set_index(["district", "period"])
    b = out.loc["b"]
    assert b["active_models"].tolist() == [0, 0, 2, 2, 2, 2]  # m1 ends in April, m2 starts in May
    assert b["cohort"].iloc[0] == pd.Timestamp("2020-03-01")
    assert b["treated"].tolist() == [False, False, True, True, True, True]
    assert b["models_per_10k"].iloc[2] == pytest.approx(1.0)
    a = out.loc["a"]
    assert a["always_treated"].all() and (a["active_models"] == 1).all()
    c = out.loc["c"]
    assert c["cohort"].isna().all() and not c["treated"].any() and (c["active_models"] == 0).all()
    first_liengia = rollout_panel(reg, periods, districts=districts, model_types=["liengia"])
    assert first_liengia.set_index(["district", "period"]).loc["b", "cohort"].iloc[0] == pd.Timestamp(
        "2020-05-01"
    )


def test_rollout_panel_rejects_unknown_district() -> None:
    reg = pd.DataFrame(
        {
            "model_id": ["m"],
            "district": ["z"],
            "model_type": ["camera"],
            "start": pd.to_datetime(["2020-01-01"]),
            "end": pd.to_datetime([None]),
        }
    )
    with pytest.raises(TrendsDataError, match="not in the study"):
        rollout_panel(reg, pd.date_range("2020-01-01", periods=2, freq="MS"), districts=["a"])


def test_period_codes_handle_before_1970() -> None:
    df = frame([(pd.Timestamp("1965-02-01"), "a", "x"), (pd.Timestamp("1965-05-01"), "a", "x")])
    out = aggregate_incidents(df, "quarter")
    assert out["period"].tolist() == [pd.Timestamp("1965-01-01"), pd.Timestamp("1965-04-01")]
    assert np.array_equal(out["count"], [1, 1])


def test_adoption_panel_series_and_annual_district_units() -> None:
    periods = pd.date_range("2019-01-01", periods=36, freq="MS")
    crimes = pd.DataFrame(
        [(d, p, o, 2) for d in ("a", "b") for p in periods for o in ("theft", "fraud")],
        columns=["district", "period", "offence", "count"],
    )
    reg = pd.DataFrame({"model_id": ["m"], "district": ["a"], "model_type": ["camera"],
                        "start": pd.to_datetime(["2020-03-10"]), "end": pd.to_datetime([None])})  # fmt: skip
    districts = pd.DataFrame({"district": ["a", "b"], "population": [100_000, 50_000]})
    series = adoption_panel(crimes, reg, districts)
    assert len(series) == len(crimes) and series["count"].sum() == crimes["count"].sum()
    a = series[series["series"] == "a/theft"].set_index("period")
    assert a.loc["2020-02-01", "treated"] == 0 and a.loc["2020-03-01", "treated"] == 1
    assert (series.loc[series["district"] == "b", "cohort_year"] == 0).all()
    annual = adoption_panel(crimes, reg, districts, unit="district", annual=True).set_index(
        ["district", "year"]
    )
    assert annual.loc[("a", 2019), "count"] == 2 * 2 * 12 and annual.loc[("a", 2020), "cohort_year"] == 2020
    assert annual.loc[("b", 2021), "rate"] == pytest.approx(48 / 50_000 * 100_000)
    assert annual.loc[("a", 2020), "treated"] == 1 and annual.loc[("a", 2019), "treated"] == 0
    with pytest.raises(TrendsDataError, match="missing cells"):
        adoption_panel(
            crimes.assign(count=crimes["count"].astype("Int64").where(crimes.index != 0)), reg, districts
        )


@settings(max_examples=40, deadline=None)
@given(st.lists(incident, min_size=1, max_size=100), st.randoms())
def test_aggregation_of_categorical_labels_equals_text_labels(rows, rnd) -> None:
    # read_incidents gives categoricals; their codes are renumbered, never trusted to be sorted or all used.
    df = frame(rows)
    cats = [*DISTRICTS, "unused_district"]
    rnd.shuffle(cats)
    offences = [*OFFENCES, "unused_offence"]
    rnd.shuffle(offences)
    coded = df.assign(
        district=pd.Categorical(df["district"], categories=cats),
        offence=pd.Categorical(df["offence"], categories=offences),
    )
    pd.testing.assert_frame_equal(aggregate_incidents(coded), aggregate_incidents(df))


def test_aggregation_names_missing_categorical_labels() -> None:
    df = frame(
        [(pd.Timestamp("2020-01-05"), "ba_dinh", "theft"), (pd.Timestamp("2020-02-05"), "soc_son", "fraud")]
    )
    df["district"] = pd.Categorical(["ba_dinh", None])
    with pytest.raises(TrendsDataError, match="missing value"):
        aggregate_incidents(df)


def test_a_panel_built_in_memory_is_checked_before_use() -> None:
    """Periods given as pandas Periods are read as their starts; two rows for one cell (in a panel), a negative
    count or a missing district are refused by name, not added up or dropped by a groupby."""
    from trends import explore

    months = pd.period_range("2024-01", periods=3, freq="M")
    crimes = pd.DataFrame(
        {
            "district": ["A"] * 3 + ["B"] * 3,
            "period": list(months) * 2,
            "offence": "theft",
            "count": [1, 2, 3, 4, 5, 6],
        }
    )
    out = balance(crimes)
    assert out["period"].dt.month.tolist() == [1, 2, 3, 1, 2, 3] and int(out["count"].sum()) == 21
    assert explore.city_series(crimes).tolist() == [5.0, 7.0, 9.0]
    twice = pd.concat([crimes, crimes.iloc[[4]]])
    with pytest.raises(TrendsDataError, match=r"2 rows share .*B, 2024-02-01, theft\) at index 4, 4"):
        balance(twice)
    # the summaries add the rows of a cell up on purpose: all offences as one
    assert explore.city_series(crimes.assign(offence="all")).tolist() == [5.0, 7.0, 9.0]
    with pytest.raises(TrendsDataError, match="negative count at index 2"):
        balance(crimes.assign(count=[1, 2, -3, 4, 5, 6]))
    with pytest.raises(TrendsDataError, match="missing district at index 5"):
        explore.data_summary(crimes.assign(district=["A"] * 3 + ["B", "B", None]))


# ------------------------------------------------------------------ odd inputs a researcher passes (2026-12-07)


def test_time_zone_aware_dates_keep_their_local_month() -> None:
    from trends.panel import aggregate_incidents

    dates = pd.to_datetime(["2024-01-15 12:00", "2024-02-01 03:00"]).tz_localize("Asia/Ho_Chi_Minh")
    out = aggregate_incidents(pd.DataFrame({"date": dates, "district": "a", "offence": "x"}))
    # 03:00 on 1 February in Hanoi is 20:00 on 31 January in UTC: still February's
    assert out.set_index("period")["count"].to_dict() == {
        pd.Timestamp("2024-01-01"): 1,
        pd.Timestamp("2024-02-01"): 1,
    }
    with pytest.raises(ValueError, match="freq must be one of"):
        aggregate_incidents(pd.DataFrame({"date": dates, "district": "a", "offence": "x"}), freq="week")


def test_fractional_counts_are_not_truncated_by_balancing() -> None:
    crimes = pd.DataFrame(
        {"district": "a", "period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-04-01"]), "offence": "x",
         "count": [1.5, 2.5, 3.0]}
    )  # fmt: skip
    assert balance(crimes, complete=True)["count"].sum() == 7.0
    assert balance(crimes, complete=False)["count"].sum() == 7.0


def test_population_interpolates_over_a_missing_census_figure_and_refuses_impossible_ones() -> None:
    from trends.panel import add_rates, population_by_year

    pop = pd.DataFrame(
        {"district": "a", "year": [2009, 2014, 2019], "population": [100_000, np.nan, 120_000]}
    )
    assert population_by_year(pop, [2014])["population"].tolist() == [110_000.0]
    crimes = pd.DataFrame(
        {"district": "a", "period": pd.to_datetime(["2019-01-01"]), "offence": "x", "count": [5]}
    )
    for bad, message in (
        (pd.DataFrame({"district": "a", "year": [2019, 2019], "population": [100_000, 120_000]}), "repeat"),
        (pd.DataFrame({"district": "a", "year": [2019], "population": [0]}), "positive"),
    ):
        with pytest.raises(TrendsDataError, match=message):
            add_rates(crimes, bad)


def test_a_register_model_that_ends_before_it_starts_is_refused() -> None:
    periods = pd.date_range("2020-01-01", periods=6, freq="MS")
    reg = pd.DataFrame(
        {"model_id": ["m1"], "district": ["a"], "model_type": ["c"], "start": [pd.Timestamp("2020-05-01")],
         "end": [pd.Timestamp("2020-03-01")]}
    )  # fmt: skip
    with pytest.raises(TrendsDataError, match="an end before its start"):
        rollout_panel(reg, periods, districts=["a"])
    ok = rollout_panel(reg.assign(end=pd.NaT).drop(columns="end"), list(periods) * 2, districts=["a"])
    assert len(ok) == 6  # repeated periods are one period; a register without an end column is still active


def test_adoption_panel_refuses_crimes_of_districts_missing_from_the_table() -> None:
    from trends.panel import adoption_panel

    periods = pd.date_range("2019-01-01", periods=24, freq="MS")
    crimes = pd.DataFrame(
        [(d, p, "theft", 2) for d in ("a", "b", "c") for p in periods],
        columns=["district", "period", "offence", "count"],
    )
    reg = pd.DataFrame(
        {
            "model_id": ["m"],
            "district": ["a"],
            "model_type": ["c"],
            "start": pd.to_datetime(["2020-03-10"]),
            "end": pd.NaT,
        }
    )
    table = pd.DataFrame({"district": ["a", "b", "c"], "population": [1e5, 5e4, 2e4]})
    with pytest.raises(TrendsDataError, match="not in the districts table"):
        adoption_panel(crimes, reg, table.iloc[:2])  # c would have been read as always treated
    with pytest.raises(TrendsDataError, match="complete calendar year"):
        adoption_panel(crimes[crimes["period"] < "2019-07-01"], reg, table, unit="district", annual=True)
