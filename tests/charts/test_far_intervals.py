"""Charts of estimates stay readable when a few intervals explode, and draw lone values between gaps.

An exploding bootstrap interval (-99.6% to +13,161% beside estimates within 30%) once set the axis, and every
other estimate became a flat line: such bounds are now clipped at the axis edge with an arrow and a note,
the exported data keep them, and charts of moderate intervals keep matplotlib's own limits.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import trends.charts as ch
from trends.messages import t


def _event(explode: bool) -> pd.DataFrame:
    et = np.arange(-4, 5)
    e = np.array([1.0, 27.0, -21.0, 27.0, -11.0, -4.0, 20.0, -5.0, 3.0])
    lo, hi = e - 12, e + 12
    if explode:
        lo[7], hi[7] = -99.6, 13161.0
    return pd.DataFrame({"event_time": et, "estimate": e, "conf_low": lo, "conf_high": hi})


def _effects(explode: bool) -> pd.DataFrame:
    est = np.linspace(-3.0, 2.0, 30)
    df = pd.DataFrame(
        {
            "district": [f"d{i:02d}" for i in range(30)],
            "estimate": est,
            "conf_low": est - 1.2,
            "conf_high": est + 1.2,
        }
    )
    if explode:
        df.loc[3, "conf_high"] = 900.0
        df.loc[20, "conf_low"] = -np.inf
    return df


def _texts(fig) -> str:
    return "\n".join(text.get_text() for text in fig.texts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_event_study_clips_an_exploding_interval(lang: str) -> None:
    table = _event(True)
    fig = ch.event_study_plot(table, lang=lang)
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    assert -110 < low < -99.6 and 27 + 12 < high < 60  # every moderate interval, not the +13,161%
    arrows = [c for c in ax.collections if c.get_gid() == "clipped"]
    assert len(arrows) == 1
    np.testing.assert_allclose(arrows[0].get_offsets(), [[3.0, high]])
    data = ch.plot_data(fig)
    assert data["conf_high"].max() == 13161.0  # the exported data keep the true bound


def test_event_study_note_in_both_languages() -> None:
    for lang in ("vi", "en"):
        foot = " ".join(_texts(ch.event_study_plot(_event(True), lang=lang)).split())
        assert " ".join(t("clipped_intervals", lang).split()) in foot
        assert t("clipped_intervals", lang) not in _texts(ch.event_study_plot(_event(False), lang=lang))


def test_moderate_intervals_keep_their_limits() -> None:
    """A normal table: limits exactly as matplotlib autoscales them (as before the rule), no arrow, no note."""
    fig = ch.event_study_plot(_event(False), lang="en")
    ax = fig.axes[0]
    assert ax.get_autoscaley_on()
    assert ax.get_ylim() == pytest.approx((-36.6, 42.6), rel=0, abs=1e-12)  # main's limits
    assert not [c for c in ax.collections if c.get_gid() == "clipped"]
    fig = ch.ranked_effects(_effects(False), lang="en")
    ax = fig.axes[0]
    assert ax.get_autoscalex_on()
    assert ax.get_xlim() == pytest.approx((-4.57, 3.57), rel=0, abs=1e-12)  # main's limits
    assert len(ax.collections) == 2
    assert t("clipped_intervals", "en") not in _texts(fig)


def test_ranked_effects_clips_far_bounds_both_sides() -> None:
    fig = ch.ranked_effects(_effects(True), lang="en")
    ax = fig.axes[0]
    low, high = ax.get_xlim()
    assert -5 < low < -4.2 and 3.2 < high < 4  # the moderate intervals decide the axis
    segments = ax.collections[0].get_segments()  # the documented order holds: intervals, then points
    assert all(low <= s[0][0] and s[1][0] <= high for s in segments)
    arrows = [c for c in ax.collections if c.get_gid() == "clipped"]
    assert sorted(a.get_offsets()[0, 0] for a in arrows) == [low, high]
    data = ch.plot_data(fig)
    assert data["conf_high"].max() == 900.0 and np.isneginf(data["conf_low"]).any()


def test_wide_but_not_far_interval_is_drawn_whole() -> None:
    """The rule clips only beyond 3 scales: an interval twice the estimates' span is drawn whole."""
    table = _event(False)
    table.loc[7, "conf_high"] = 27.0 + 2 * 48.0  # span of the estimates (with 0): 48
    ax = ch.event_study_plot(table, lang="en").axes[0]
    assert ax.get_autoscaley_on() and ax.get_ylim()[1] > 27.0 + 2 * 48.0
    assert not [c for c in ax.collections if c.get_gid() == "clipped"]


def _gappy() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two districts over five years; district a lacks a month in 2021 and 2023, so 2020, 2022 and 2024 stand alone."""
    districts = pd.DataFrame(
        {"district": ["a", "b"], "name_vi": ["A", "B"], "name_ascii": ["A", "B"], "population": [200_000] * 2}
    )
    months = pd.date_range("2020-01-01", "2024-12-01", freq="MS")
    frames = [
        pd.DataFrame({"district": d, "period": months, "offence": "theft", "count": n})
        for d, n in (("a", 30), ("b", 20))
    ]
    crimes = pd.concat(frames, ignore_index=True).astype({"count": float})
    gone = (crimes["district"] == "a") & crimes["period"].isin(pd.to_datetime(["2021-06-01", "2023-06-01"]))
    crimes.loc[gone, "count"] = np.nan  # a month not reported
    return crimes, districts


def test_lone_points_rule() -> None:
    assert ch._layout.lone_points([np.nan, 1.0, np.nan, 2.0, 3.0, np.nan, 4.0]) == [
        False, True, False, False, False, False, True
    ]  # fmt: skip
    assert ch._layout.lone_points([]) == []


def test_small_multiples_mark_a_year_between_gaps() -> None:
    crimes, districts = _gappy()
    fig = ch.district_small_multiples(crimes, districts, lang="en", ncols=2)
    for ax in fig.axes[:2]:
        ref = ax.lines[1]  # the all-district line is missing in 2021 and 2023 (a sum short of a district)
        assert np.isnan(ref.get_ydata()[[1, 3]]).all()
        assert ref.get_marker() == "o" and list(ref.get_markevery()) == [True, False, True, False, True]
    a, b = fig.axes[:2]  # ordered by the latest rate: A (180 per 100,000), then B (120)
    assert a.lines[0].get_marker() == "o" and a.lines[0].get_markevery()[2]
    assert b.lines[0].get_marker() in ("None", "", None)  # a whole line is left as it was


def test_bands_are_checked_but_do_not_set_the_scale() -> None:
    et = np.arange(-4, 5)
    tables = {}
    for j, name in enumerate(("cs", "twfe")):
        e = np.where(et >= 0, -1.5 - 0.1 * et - 0.2 * j, 0.05 * j)
        tables[name] = pd.DataFrame(
            {"event_time": et, "estimate": e, "conf_low": e - 0.8, "conf_high": e + 0.8}
        ).assign(uband_low=e - 1.3, uband_high=e + 1.3)
    ax = ch.event_study_plot(tables, lang="en").axes[0]
    assert ax.get_ylim() == pytest.approx((-3.6375, 1.5875), rel=0, abs=1e-12)  # main's limits, with bands
    tables["twfe"].loc[6, "uband_low"] = -400.0  # a band exploding beside moderate intervals
    fig = ch.event_study_plot(tables, lang="en")
    ax = fig.axes[0]
    assert -4 < ax.get_ylim()[0] < -3  # the pointwise intervals set the scale, not the bands
    (arrow,) = [c for c in ax.collections if c.get_gid() == "clipped"]
    assert arrow.get_offsets()[0, 1] == ax.get_ylim()[0]
    assert ch.plot_data(fig)["uband_low"].min() == -400.0
