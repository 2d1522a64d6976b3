"""Tests of trends.charts: every chart in both languages, plotted data, reproducible exports, small cells."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import trends.charts as ch
from trends.geo import HANOI_TILES
from trends.privacy import suppress_small

DISTRICTS_CSV = (
    Path(__file__).resolve().parents[2] / "src" / "trends" / "geo" / "data" / "hanoi_districts.csv"
)
OFFENCE_LABELS = {"theft": ("Trộm cắp tài sản", "Theft"), "robbery": ("Cướp giật tài sản", "Robbery")}
ESTIMATOR_LABELS = {
    "cs": ("Callaway–Sant'Anna", "Callaway–Sant'Anna"),
    "twfe": ("Hai chiều cố định", "Two-way FE"),
}
LANGS = ("vi", "en")


# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def districts() -> pd.DataFrame:
    return pd.read_csv(DISTRICTS_CSV, encoding="utf-8")[
        ["district", "name_vi", "name_ascii", "kind", "population", "area_km2"]
    ]


@pytest.fixture(scope="module")
def crimes(districts: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    periods = pd.date_range("2020-01-01", periods=36, freq="MS")
    frames = []
    for d, pop in zip(districts["district"], districts["population"], strict=True):
        for offence, base in (("theft", 30.0), ("robbery", 2.0)):
            lam = base * pop / 250_000 * np.linspace(1.1, 0.8, len(periods))
            frames.append(
                pd.DataFrame(
                    {"district": d, "period": periods, "offence": offence, "count": rng.poisson(lam)}
                )
            )
    out = pd.concat(frames, ignore_index=True)
    out["count"] = out["count"].astype("int64")
    return out


@pytest.fixture(scope="module")
def rollout(districts: pd.DataFrame) -> pd.DataFrame:
    periods = pd.date_range("2020-01-01", periods=36, freq="MS")
    frames = []
    for i, d in enumerate(districts["district"]):
        cohort = pd.NaT if i % 5 == 4 else periods[6 + (i * 7) % 24]
        active = np.zeros(len(periods), dtype=int)
        if not pd.isna(cohort):
            k = periods.get_loc(cohort)
            active[k:] = 1 + np.arange(len(periods) - k) // 12
        frames.append(
            pd.DataFrame({"district": d, "period": periods, "active_models": active, "cohort": cohort})
        )
    out = pd.concat(frames, ignore_index=True)
    out["cohort"] = pd.to_datetime(out["cohort"])
    return out


@pytest.fixture(scope="module")
def effects(districts: pd.DataFrame) -> pd.DataFrame:
    est = np.linspace(-3.0, 2.0, len(districts))
    return pd.DataFrame(
        {
            "district": districts["district"][::-1].to_numpy(),
            "estimate": est,
            "conf_low": est - 1.2,
            "conf_high": est + 1.2,
        }
    )


@pytest.fixture(scope="module")
def event_tables() -> dict[str, pd.DataFrame]:
    et = np.arange(-4, 5)
    out = {}
    for j, name in enumerate(("cs", "twfe")):
        e = np.where(et >= 0, -1.5 - 0.1 * et - 0.2 * j, 0.05 * j)
        out[name] = pd.DataFrame(
            {
                "event_time": et,
                "estimate": e,
                "conf_low": e - 0.8,
                "conf_high": e + 0.8,
                "uband_low": e - 1.3,
                "uband_high": e + 1.3,
            }
        )
    return out


@pytest.fixture(scope="module")
def history_forecast() -> tuple[pd.DataFrame, pd.DataFrame]:
    hist = pd.DataFrame(
        {"period": pd.date_range("2020-01-01", periods=36, freq="MS"), "value": np.arange(36) * 3.0 + 500}
    )
    m = np.full(12, 610.0)
    s = np.sqrt(np.arange(1, 13)) * 10
    fc = pd.DataFrame(
        {
            "period": pd.date_range("2023-01-01", periods=12, freq="MS"),
            "mean": m,
            "lo_80": m - 1.28 * s,
            "hi_80": m + 1.28 * s,
            "lo_95": m - 1.96 * s,
            "hi_95": m + 1.96 * s,
        }
    )
    return hist, fc


@pytest.fixture(scope="module")
def counterfactual(history_forecast: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    hist, _ = history_forecast
    post = hist[hist["period"] >= "2021-07-01"]
    cf = pd.DataFrame(
        {
            "period": post["period"],
            "mean": post["value"] + 20.0,
            "lo_95": post["value"] + 5.0,
            "hi_95": post["value"] + 35.0,
        }
    )
    return hist, cf


@pytest.fixture(scope="module")
def charts(districts, crimes, rollout, effects, event_tables, history_forecast, counterfactual):
    """One builder per chart: ``builder(lang) -> Figure`` (all with the SIMULATED banner)."""
    hist, fc = history_forecast
    act, cf = counterfactual
    rates = pd.Series(np.linspace(50, 400, len(districts)), index=districts["district"])
    return {
        "city_trend": lambda lang: ch.city_trend(
            crimes,
            labels=OFFENCE_LABELS,
            milestones={"2021-01-01": ("Thí điểm", "Pilot")},
            lang=lang,
            simulated=True,
        ),
        "small_multiples": lambda lang: ch.district_small_multiples(
            crimes, districts, lang=lang, simulated=True
        ),
        "rollout": lambda lang: ch.rollout_heatmap(rollout, districts, lang=lang, simulated=True),
        "tile_map": lambda lang: ch.tile_map(rates, districts, lang=lang, simulated=True),
        "tile_map_effect": lambda lang: ch.tile_map(
            rates - 200, districts, diverging=True, lang=lang, simulated=True
        ),
        "ranked_effects": lambda lang: ch.ranked_effects(effects, districts, lang=lang, simulated=True),
        "event_study": lambda lang: ch.event_study_plot(
            event_tables, labels=ESTIMATOR_LABELS, lang=lang, simulated=True
        ),
        "fan_chart": lambda lang: ch.fan_chart(hist, fc, lang=lang, simulated=True),
        "counterfactual": lambda lang: ch.counterfactual_plot(act, cf, lang=lang, simulated=True),
    }


CHART_NAMES = [
    "city_trend",
    "small_multiples",
    "rollout",
    "tile_map",
    "tile_map_effect",
    "ranked_effects",
    "event_study",
    "fan_chart",
    "counterfactual",
]


def _glyph_warnings(fig: Figure) -> list[str]:
    """Render ``fig`` to PNG and return every "Glyph ... missing" warning."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    return [str(w.message) for w in record if "missing from" in str(w.message) or "Glyph" in str(w.message)]


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# --------------------------------------------------------------------------------------------- rendering


def test_glyph_check_detects_a_missing_glyph() -> None:
    """The glyph check itself works: a CJK character is not in DejaVu Sans and must be reported."""
    with ch.theme():
        fig = Figure()
        fig.text(0.5, 0.5, "中")
    assert _glyph_warnings(fig)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHART_NAMES)
def test_chart_renders_without_missing_glyphs_in_dejavu(charts, name: str, lang: str) -> None:
    fig = charts[name](lang)
    assert isinstance(fig, Figure)
    assert _glyph_warnings(fig) == []
    texts = _texts(fig)
    assert texts
    for text in texts:
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert Path(path).name.startswith("DejaVuSans") and "Mono" not in Path(path).name, (
            text.get_text(),
            path,
        )
        assert unicodedata.is_normalized("NFC", text.get_text())
    joined = "\n".join(t.get_text() for t in texts)
    assert ch.t("simulated", lang) in joined
    assert ch.t("source", lang, source=ch.t("source_missing", lang)) in joined
    other = "en" if lang == "vi" else "vi"
    assert ch.t("simulated", other) not in joined


def test_vietnamese_labels_appear_in_vietnamese_chart(charts) -> None:
    joined = "\n".join(t.get_text() for t in _texts(charts["city_trend"]("vi")))
    assert "Trộm cắp tài sản" in joined and "Cướp giật tài sản" in joined and "Thí điểm" in joined
    joined_en = "\n".join(t.get_text() for t in _texts(charts["city_trend"]("en")))
    assert "Theft" in joined_en and "Pilot" in joined_en and "Trộm" not in joined_en


def test_title_source_method_and_no_banner(crimes) -> None:
    fig = ch.city_trend(
        crimes, lang="en", title="Theft fell by a fifth", source="Hanoi Police", method="my method"
    )
    texts = [t.get_text() for t in _texts(fig)]
    assert fig.get_suptitle() == "Theft fell by a fifth"
    assert any("Source: Hanoi Police. Method: my method." in t for t in texts)
    assert not any(ch.t("simulated", "en") in t for t in texts)


def test_decomposed_names_are_normalised(crimes, districts) -> None:
    decomposed = districts.copy()
    decomposed["name_vi"] = [unicodedata.normalize("NFD", n) for n in decomposed["name_vi"]]
    fig = ch.rollout_heatmap(
        pd.DataFrame({"district": ["ba_dinh"], "period": [pd.Timestamp("2021-01-01")], "active_models": [1]}),
        decomposed,
        lang="vi",
    )
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Ba Đình"]


def test_chart_draws_into_given_axes(crimes, history_forecast) -> None:
    hist, fc = history_forecast
    with ch.theme():
        fig = Figure(layout="constrained")
        ax1, ax2 = fig.subplots(1, 2)
    assert ch.city_trend(crimes, ax=ax1, lang="vi", title="A") is fig
    assert ch.fan_chart(hist, fc, ax=ax2, lang="en", title="B") is fig
    assert ax1.get_title("left") == "A" and ax2.get_title("left") == "B"  # the theme titles on the left
    assert fig.get_suptitle() == ""


def test_theme_does_not_leak() -> None:
    before = dict(mpl.rcParams)
    with ch.theme("print"):
        assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert mpl.rcParams["pdf.fonttype"] == 42
    assert dict(mpl.rcParams) == before


# --------------------------------------------------------------------------------------------- plotted data


def test_city_trend_plots_rolling_12_month_totals(crimes) -> None:
    fig = ch.city_trend(crimes, labels=OFFENCE_LABELS, lang="en")
    ax = fig.axes[0]
    monthly = crimes.groupby(["period", "offence"])["count"].sum().unstack()
    expected = monthly.rolling(12).sum().iloc[11:]
    lines = {line.get_label(): line for line in ax.lines if not line.get_label().startswith("_")}
    assert set(lines) == {"Theft", "Robbery"}
    np.testing.assert_array_equal(lines["Theft"].get_ydata(), expected["theft"].to_numpy(dtype=float))
    np.testing.assert_array_equal(lines["Robbery"].get_ydata(), expected["robbery"].to_numpy(dtype=float))
    assert ax.lines[0].get_label() == "Theft"  # ordered by the last value, largest first
    data = ch.plot_data(fig)
    assert data is not None and len(data) == 2 * len(expected)


def test_city_trend_leaves_a_gap_where_a_cell_is_missing(crimes) -> None:
    """A district-month missing from the file is a gap in the 12-month totals it belongs to, said in a note, and
    never a dip (the sum without it)."""
    holed = crimes.astype({"count": "Int64"})
    hole = (holed["period"] == holed["period"].sort_values().unique()[20]) & (holed["offence"] == "theft")
    holed.loc[hole.to_numpy().nonzero()[0][:1], "count"] = pd.NA
    fig = ch.city_trend(holed, labels=OFFENCE_LABELS, lang="en")
    theft = next(line for line in fig.axes[0].lines if line.get_label() == "Theft").get_ydata()
    assert np.isnan(theft).sum() == 12  # the 12 windows that contain the month
    assert any("Gaps:" in text.get_text() for text in fig.texts)


def test_city_trend_milestones_inside_the_series_only(crimes) -> None:
    fig = ch.city_trend(crimes, milestones={"2021-06-01": "In", "2010-01-01": "Out"}, lang="en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "In" in texts and "Out" not in texts
    assert fig.axes[0].get_xlim()[0] > date2num(pd.Timestamp("2019-01-01"))


def test_city_trend_annual_and_offence_filter(crimes) -> None:
    fig = ch.city_trend(crimes, offences=["robbery"], freq="annual", lang="vi")
    line = fig.axes[0].lines[0]
    expected = crimes[crimes["offence"] == "robbery"].groupby(crimes["period"].dt.year)["count"].sum()
    np.testing.assert_array_equal(line.get_ydata(), expected.to_numpy(dtype=float))
    assert len(fig.axes[0].lines) == 1


def test_small_multiples_rates_per_100k(crimes, districts) -> None:
    fig = ch.district_small_multiples(crimes, districts, lang="vi")
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_title("left")]
    assert len(visible) == 30
    names = dict(zip(districts["name_vi"], districts["district"], strict=True))
    pop = dict(zip(districts["district"], districts["population"], strict=True))
    yearly = crimes.groupby(["district", crimes["period"].dt.year])["count"].sum()
    for ax in visible:
        d = names[ax.get_title("left")]
        expected = yearly.loc[d].to_numpy(dtype=float) / pop[d] * 100_000
        np.testing.assert_allclose(ax.lines[0].get_ydata(), expected, rtol=1e-12)
    last = [ax.lines[0].get_ydata()[-1] for ax in visible]
    assert last == sorted(last, reverse=True)


def test_small_multiples_population_by_year(crimes, districts) -> None:
    years = [2020, 2021, 2022]
    pop = pd.DataFrame(
        [(d, y, 100_000 * (1 + i)) for d in districts["district"] for i, y in enumerate(years)],
        columns=["district", "year", "population"],
    )
    fig = ch.district_small_multiples(crimes, districts, population=pop, lang="en")
    data = ch.plot_data(fig)
    row = data[(data["district"] == "ba_dinh") & (data["year"] == 2022)].iloc[0]
    assert row["value"] == pytest.approx(row["count"] / 300_000 * 100_000)


def test_rollout_heatmap_matrix_and_order(rollout, districts) -> None:
    fig = ch.rollout_heatmap(rollout, districts, lang="vi")
    matrix = np.asarray(fig.axes[0].images[0].get_array())
    order = ch.rollout_order(rollout)
    expected = rollout.pivot(index="district", columns="period", values="active_models").loc[
        order["district"]
    ]
    np.testing.assert_array_equal(matrix, expected.to_numpy())
    cohorts = order["cohort"].dropna()
    assert cohorts.is_monotonic_increasing
    assert order["cohort"].iloc[-1] is pd.NaT
    assert order["cohort"].isna().sum() == 6


def test_tile_map_values_and_grid(districts) -> None:
    assert set(HANOI_TILES) == set(districts["district"])
    assert len(set(HANOI_TILES.values())) == 30  # no two districts share a tile
    values = pd.Series(np.arange(30.0), index=districts["district"])
    fig = ch.tile_map(values.drop("ba_vi"), districts, lang="vi")
    arr = fig.axes[0].collections[0].get_array()
    ids = list(HANOI_TILES)
    assert bool(arr.mask[ids.index("ba_vi")])
    expected = [values[d] for d in ids if d != "ba_vi"]
    np.testing.assert_array_equal(arr.compressed(), expected)
    with pytest.raises(ValueError, match="not on the Hanoi tile grid"):
        ch.tile_map(pd.Series([1.0], index=["atlantis"]), districts)


def test_tile_map_names_tiles_outside_the_study(districts) -> None:
    study = districts[districts["district"].isin(["ba_dinh", "hoan_kiem"])]  # a study of two districts
    fig = ch.tile_map(pd.Series([1.0, 2.0], index=["ba_dinh", "hoan_kiem"]), study, lang="vi")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert "Mê\nLinh" in texts or "Mê Linh" in texts  # a tile with no data keeps its Vietnamese name
    assert "me_linh" not in texts


def test_tile_map_diverging_is_centred(districts) -> None:
    values = pd.Series(np.linspace(-1, 3, 30), index=districts["district"])
    norm = ch.tile_map(values, districts, diverging=True).axes[0].collections[0].norm
    assert norm.vmin == pytest.approx(-3) and norm.vmax == pytest.approx(3)


def test_ranked_effects_data(effects) -> None:
    fig = ch.ranked_effects(effects, lang="en")
    ax = fig.axes[0]
    points = ax.collections[1].get_offsets()
    expected = effects.sort_values("estimate")
    np.testing.assert_array_equal(points[:, 0], expected["estimate"].to_numpy())
    assert list(points[:, 1]) == sorted(points[:, 1], reverse=True)  # largest decrease on top
    segments = ax.collections[0].get_segments()
    np.testing.assert_array_equal([s[0][0] for s in segments], expected["conf_low"].to_numpy())
    np.testing.assert_array_equal([s[1][0] for s in segments], expected["conf_high"].to_numpy())


def test_event_study_several_estimators_offset(event_tables) -> None:
    fig = ch.event_study_plot(event_tables, labels=ESTIMATOR_LABELS, lang="en")
    lines = {line.get_gid(): line for line in fig.axes[0].lines if line.get_gid()}
    assert set(lines) == {"estimate:cs", "estimate:twfe"}
    xs = {}
    for name, table in event_tables.items():
        line = lines[f"estimate:{name}"]
        np.testing.assert_array_equal(line.get_ydata(), table["estimate"].to_numpy())
        xs[name] = np.asarray(line.get_xdata()) - table["event_time"].to_numpy()
    assert len(set(np.round(xs["cs"], 9))) == 1 and len(set(np.round(xs["twfe"], 9))) == 1
    assert 0 < xs["twfe"][0] - xs["cs"][0] <= 0.3
    single = pd.concat([t.assign(estimator=n) for n, t in event_tables.items()]).drop(
        columns=["uband_low", "uband_high"]
    )
    assert ch.event_study_plot(single, lang="vi")  # one frame with an estimator column, no uniform band


def test_event_study_marks_estimates_on_too_few_districts(event_tables) -> None:
    table = event_tables["cs"].drop(columns=["uband_low", "uband_high"])
    table = table.assign(support=np.where(table["event_time"] >= 2, 2, 9))
    thin = table["event_time"].to_numpy() >= 2
    assert thin.any() and not thin.all()
    for lang, words in (("en", "Fewer than 3 districts: not judged"), ("vi", "Dựa trên dưới 3 quận, huyện")):
        fig = ch.event_study_plot(table, lang=lang, min_support=3)
        ax = fig.axes[0]
        hollow = next(line for line in ax.lines if line.get_gid() == "thin:estimator_1")
        np.testing.assert_array_equal(hollow.get_xdata(), table["event_time"].to_numpy()[thin])
        assert hollow.get_markerfacecolor() in ("white", (1.0, 1.0, 1.0, 1.0))
        # the judged intervals solid, the thin ones dotted: one segment per estimate, none drawn twice
        solid, dotted = (c for c in ax.collections if len(c.get_segments()))
        assert len(solid.get_segments()) == (~thin).sum() and len(dotted.get_segments()) == thin.sum()
        assert any(words in text.get_text() for text in ax.get_legend().get_texts())
    # without min_support (or with support unknown) nothing is marked
    plain = ch.event_study_plot(table, lang="en")
    assert not [line for line in plain.axes[0].lines if str(line.get_gid()).startswith("thin:")]


def test_fan_chart_data(history_forecast) -> None:
    hist, fc = history_forecast
    fig = ch.fan_chart(hist, fc, lang="vi")
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), hist["value"].to_numpy())
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), fc["mean"].to_numpy())
    band95 = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band95.min() == pytest.approx(fc["lo_95"].min()) and band95.max() == pytest.approx(
        fc["hi_95"].max()
    )


def test_count_intervals_are_drawn_as_steps_and_others_as_a_fan() -> None:
    # a borough's monthly murders: integer intervals [1, 1], [1, 2], [0, 2] drawn by straight lines between
    # months became diamonds of fractions no interval holds (notebook 07's London chart)
    periods = pd.date_range("2023-01-01", periods=24, freq="MS")
    hist = pd.DataFrame({"period": periods, "value": np.tile([0, 1, 2, 1], 6)})
    months = pd.date_range("2025-01-01", periods=4, freq="MS")
    small = pd.DataFrame(
        {"period": months, "mean": 1.25, "lo_80": [1, 1, 0, 1], "hi_80": [1, 2, 2, 1], "lo_95": 0, "hi_95": 3}
    )

    def x_of_band(fc: pd.DataFrame, band: int) -> np.ndarray:
        fig = ch.fan_chart(hist, fc, lang="en")
        return np.unique(fig.axes[0].collections[band].get_paths()[0].vertices[:, 0])

    steps = x_of_band(small, 1)  # the 80 % band changes level half-way between months, and only there
    mids = date2num(months[:-1]) + np.diff(date2num(months)) / 2
    assert np.isin(np.round(mids, 6), np.round(steps, 6)).all()
    rates = small.assign(lo_80=small["lo_80"] + 0.5, hi_80=small["hi_80"] + 0.5)  # not counts: a fan
    np.testing.assert_allclose(x_of_band(rates, 1), date2num(months))


def test_counterfactual_cumulative(counterfactual) -> None:
    act, cf = counterfactual
    fig = ch.counterfactual_plot(act, cf, lang="en")
    top, bottom = fig.axes[:2]
    np.testing.assert_array_equal(top.lines[0].get_ydata(), act["value"].to_numpy())
    np.testing.assert_array_equal(top.lines[1].get_ydata(), cf["mean"].to_numpy())
    np.testing.assert_allclose(bottom.lines[0].get_ydata(), -20.0 * np.arange(1, len(cf) + 1))
    assert any(t.get_text() == ch.format_number(-20.0 * len(cf), "en") for t in bottom.texts)


# --------------------------------------------------------------------------------------------- export

META = {
    "title": "Trộm cắp giảm một phần năm từ 2021",
    "source": "Công an TP Hà Nội",
    "method": "Tổng 12 tháng gần nhất",
    "version": "0.1.0",
}

_SUBPROCESS = """
import sys
import matplotlib
matplotlib.use("Agg")
import numpy as np, pandas as pd
import trends.charts as ch
hist = pd.DataFrame({"period": pd.date_range("2020-01-01", periods=36, freq="MS"), "value": np.arange(36) * 3.0 + 500})
fc = pd.DataFrame({"period": pd.date_range("2023-01-01", periods=3, freq="MS"), "mean": [610.0, 611.0, 612.5],
                   "lo_95": [580.0, 570.0, 560.0], "hi_95": [640.0, 650.0, 660.0]})
fig = ch.fan_chart(hist, fc, lang="vi", simulated=True, source="Công an TP Hà Nội")
ch.save_figure(fig, sys.argv[1], title="Trộm cắp giảm một phần năm từ 2021", source="Công an TP Hà Nội",
               method="Tổng 12 tháng gần nhất", version="0.1.0")
"""


def _fan(lang: str = "vi") -> Figure:
    hist = pd.DataFrame(
        {"period": pd.date_range("2020-01-01", periods=36, freq="MS"), "value": np.arange(36) * 3.0 + 500}
    )
    fc = pd.DataFrame(
        {
            "period": pd.date_range("2023-01-01", periods=3, freq="MS"),
            "mean": [610.0, 611.0, 612.5],
            "lo_95": [580.0, 570.0, 560.0],
            "hi_95": [640.0, 650.0, 660.0],
        }
    )
    return ch.fan_chart(hist, fc, lang=lang, simulated=True, source="Công an TP Hà Nội")


def test_export_byte_identical_same_and_other_process(tmp_path: Path) -> None:
    first = ch.save_figure(_fan(), tmp_path / "a" / "fan", **META)
    again = ch.save_figure(_fan(), tmp_path / "b" / "fan", **META)
    twice = ch.save_figure(_fan_fig := _fan(), tmp_path / "c" / "fan", **META)
    twice2 = ch.save_figure(_fan_fig, tmp_path / "d" / "fan", **META)
    assert [p.suffix for p in first] == [".png", ".svg", ".pdf", ".csv"]
    for group in (again, twice, twice2):
        for p, q in zip(first, group, strict=True):
            assert p.read_bytes() == q.read_bytes(), p.name
    subprocess.run([sys.executable, "-c", _SUBPROCESS, str(tmp_path / "e" / "fan")], check=True, timeout=60)
    for p in first:
        assert p.read_bytes() == (tmp_path / "e" / p.name).read_bytes(), p.name


def test_export_metadata_in_png_svg_pdf(tmp_path: Path) -> None:
    png, svg, pdf, csv = ch.save_figure(_fan(), tmp_path / "fan", **META)
    with Image.open(png) as im:
        text = dict(im.text)
        assert im.info["dpi"][0] == pytest.approx(ch.DPI, abs=0.01)
    assert text["Title"] == META["title"]
    assert text["Source"] == META["source"]
    assert text["Description"] == META["method"]
    assert text["Software"] == "trends 0.1.0"
    body = svg.read_text(encoding="utf-8")
    assert f"<dc:title>{META['title']}</dc:title>" in body
    assert f"<dc:source>{META['source']}</dc:source>" in body
    assert f"<dc:description>{META['method']}</dc:description>" in body
    assert "trends 0.1.0" in body and "<dc:date>" not in body
    raw = pdf.read_bytes()
    for key, value in (("Title", META["title"]), ("Author", META["source"]), ("Subject", META["method"])):
        encoded = ("\ufeff" + value).encode("utf-16-be")
        assert f"/{key} (".encode() + encoded + b")" in raw, key
    assert b"/Creator (trends 0.1.0)" in raw and b"CreationDate" not in raw and b"/Producer" not in raw
    assert b"/FontFile2" in raw  # TrueType (type 42) embedding
    table = pd.read_csv(csv)
    # recorded values are counts (withheld when small); predictions are not
    assert list(table.columns) == ["period", "kind", "count", "mean", "lo_95", "hi_95", "note"]
    assert len(table) == 39


def test_csv_is_deterministic_and_suppresses_counts(tmp_path: Path) -> None:
    fig = _fan()
    data = pd.DataFrame(
        {"period": pd.to_datetime(["2021-01-01", "2021-02-01"]), "count": [3, 12], "rate": [0.1 + 0.2, 1 / 3]}
    )
    files = ch.save_figure(fig, tmp_path / "x", ("png",), data=data, **META)
    text = files[-1].read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("2021-01-01,,0.3,")  # 3 suppressed, 0.1+0.2 printed as 0.3
    assert "0.3333333333" in text and "\r" not in text


def test_figure_register(tmp_path: Path) -> None:
    reg = ch.FigureRegister()
    files = reg.save(_fan("en"), "fan_en", ch.fan_chart, tmp_path, lang="en", formats=("png", "svg"), **META)
    assert [f.name for f in files] == ["fan_en.png", "fan_en.svg", "fan_en.csv"]
    with pytest.raises(ValueError, match="already"):
        reg.add("fan_en", "x", [])
    csv_path, md_path = reg.write(tmp_path)
    table = pd.read_csv(csv_path)
    assert table.loc[0, "function"] == "trends.charts.fan.fan_chart"
    assert table.loc[0, "files"] == "fan_en.png;fan_en.svg;fan_en.csv"
    md = md_path.read_text(encoding="utf-8")
    assert "| fan_en | `trends.charts.fan.fan_chart` |" in md and META["title"] in md


# --------------------------------------------------------------------------------------------- small cells


def test_suppress_small_rule() -> None:
    df = pd.DataFrame(
        {"district": list("abcdef"), "count": [0, 1, 4, 5, 100, 2], "other": [1, 2, 3, 4, 5, 6]}
    )
    out = suppress_small(df, "count")
    assert out["count"].tolist() == [0, pd.NA, pd.NA, 5, 100, pd.NA]
    assert str(out["count"].dtype) == "Int64"
    assert out["note"].tolist()[0] == "" and "suppressed" in out["note"].tolist()[1]
    assert out["other"].tolist() == [1, 2, 3, 4, 5, 6]
    assert df["count"].tolist() == [0, 1, 4, 5, 100, 2]  # input untouched
    rated = suppress_small(df.assign(rate=df["count"] / 10), "count", derived_cols=["rate"])
    assert rated["rate"].isna().tolist() == [False, True, True, False, False, True]
    out3 = suppress_small(df, ["count"], threshold=3, suppress_zero=True)
    assert out3["count"].tolist() == [pd.NA, pd.NA, 4, 5, 100, pd.NA]
    with pytest.raises(ValueError, match="non-negative"):
        suppress_small(pd.DataFrame({"count": [-1]}), "count")
    with pytest.raises(ValueError, match="not in the table"):
        suppress_small(df, "victims")


def test_small_count_note_on_charts(crimes, districts) -> None:
    joined = "\n".join(
        t.get_text() for t in _texts(ch.district_small_multiples(crimes, districts, lang="en"))
    )
    assert re.search("fewer than 5 offences", joined) is None  # annual district totals are large here
    tiny = crimes.assign(count=(crimes["period"].dt.month == 1).astype("int64"))  # 2 offences a year
    fig = ch.district_small_multiples(tiny, districts, lang="en")
    joined = "\n".join(t.get_text() for t in _texts(fig))
    # a small count is not drawn at all (its rate gives it away): the note says so
    assert "Recorded counts of 1 to 4 are not drawn" in joined
    assert all(np.isnan(line.get_ydata()).all() for line in (ax.lines[0] for ax in fig.axes if ax.lines))


def test_exported_chart_data_withholds_small_counts_and_their_rates(
    crimes, districts, tmp_path: Path
) -> None:
    tiny = crimes.assign(count=(crimes["period"].dt.month == 1).astype("int64"))  # 2 offences a year
    fig = ch.district_small_multiples(tiny, districts, lang="en")
    (csv,) = ch.save_figure(fig, tmp_path / "sm", (), **META)
    table = pd.read_csv(csv)
    assert table["count"].isna().all() and table["value"].isna().all()  # the rate would give the count away
    assert table["population"].notna().all() and table["note"].str.contains("suppressed").all()
    (csv_big,) = ch.save_figure(
        ch.district_small_multiples(crimes, districts, lang="en"), tmp_path / "big", (), **META
    )
    assert pd.read_csv(csv_big)["value"].notna().all()


# --------------------------------------------------------------------------------------------- labels and numbers


def test_chart_labels_come_from_the_catalogue() -> None:
    # the catalogue's completeness (both languages, same fields, NFC) is checked in tests/test_messages.py
    with pytest.raises(KeyError, match="no message"):
        ch.t("no_such_key", "vi")
    with pytest.raises(ValueError, match="lang"):
        ch.t("source", "fr")
    assert ch.t("simulated", "vi") == "DỮ LIỆU MÔ PHỎNG — không phải số liệu thật"
    assert ch.t("simulated", "en") == "SIMULATED DATA — not real figures"


def test_label_registry_and_fallback() -> None:
    assert ch.label_for("drug_offences", "en") == "Drug offences"
    ch.register_labels(OFFENCE_LABELS)
    try:
        assert ch.label_for("theft", "vi") == "Trộm cắp tài sản"
        assert ch.label_for("theft", "en", {"theft": ("Trộm", "Stealing")}) == "Stealing"
    finally:
        ch.clear_labels()
    assert ch.label_for("theft", "vi") == "Theft"
    with pytest.raises(ValueError, match="pair"):
        ch.register_labels({"theft": "Theft"})  # type: ignore[dict-item]


def test_numbers_in_each_language() -> None:
    assert ch.format_number(1234567.5, "vi", 1) == "1.234.567,5"
    assert ch.format_number(1234567.5, "en", 1) == "1,234,567.5"
    assert ch.format_number(-3409, "vi") == "−3.409"
    assert ch.number_formatter("vi")(2500.0) == "2.500"
    assert ch.number_formatter("en")(2.5) == "2.5"
    # a change that rounds to zero has no sign: "0%", never "−0%"
    assert [ch.format_change(v, "vi") for v in (-0.3, 0.4, -2.6, 12.5)] == ["0%", "0%", "−3%", "+12%"]
    assert ch.format_change(-1.25, "vi", 1) == "−1,2%"


def test_forecast_small_multiples_plots_each_district_and_withholds_small_recorded_counts(tmp_path) -> None:
    periods = pd.date_range("2022-01-01", periods=24, freq="MS")
    future = pd.date_range("2024-01-01", periods=3, freq="MS")
    hist = pd.concat(
        [
            pd.DataFrame({"district": d, "period": periods, "value": np.arange(24) % 7 + k})
            for k, d in enumerate("ab")
        ]
    )
    fc = pd.concat(
        [
            pd.DataFrame({"district": d, "period": future, "mean": 3.0 + k, "lo_80": 1.0, "hi_80": 6.0,
                          "lo_95": 0.0, "hi_95": 8.0})
            for k, d in enumerate("ab")
        ]
    )  # fmt: skip
    fig = ch.forecast_small_multiples(hist, fc, lang="en", last=12)
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.lines]
    assert len(panels) == 2
    for ax in panels:
        d = "a" if "a" in (ax.get_title(), ax.get_title(loc="left")) else "b"
        recorded = hist[hist["district"] == d]["value"].to_numpy()[-12:].astype(float)
        recorded[(recorded >= 1) & (recorded <= 4)] = np.nan  # small counts are not drawn either
        np.testing.assert_array_equal(ax.lines[0].get_ydata(), recorded)
        np.testing.assert_array_equal(ax.lines[1].get_ydata(), fc[fc["district"] == d]["mean"].to_numpy())
    csv = ch.save_figure(fig, tmp_path / "fsm", ("png",), **META)[-1]
    table = pd.read_csv(csv)
    recorded = table[table["kind"] == "history"]
    assert not recorded["count"].between(1, 4).any() and recorded["count"].isna().any()
    assert (table.loc[table["kind"] == "forecast", "mean"] >= 3).all()  # predictions are not withheld


# ------------------------------------------------------------------ odd inputs (a sweep of 110 calls, 2026-12-07)


def test_quarterly_data_give_four_quarter_totals_and_a_quarterly_rollout_grid(districts) -> None:
    quarters = pd.date_range("2019-01-01", periods=16, freq="QS")
    rng = np.random.default_rng(1)
    crimes = pd.DataFrame(
        [
            (d, p, o, rng.poisson(20))
            for d in districts["district"][:5]
            for p in quarters
            for o in ("theft", "robbery")
        ],
        columns=["district", "period", "offence", "count"],
    )
    data = ch.plot_data(ch.city_trend(crimes, lang="en"))
    theft = crimes[crimes["offence"] == "theft"].groupby("period")["count"].sum().rolling(4).sum().dropna()
    got = data[data["offence"] == "theft"].set_index("period")["value"]
    np.testing.assert_allclose(got.to_numpy(), theft.to_numpy())  # a monthly grid left only gaps
    rollout = pd.DataFrame({"district": "ba_dinh", "period": quarters, "active_models": 1})
    image = np.asarray(ch.rollout_heatmap(rollout, districts, lang="vi").axes[0].images[0].get_array())
    assert image.shape[1] == 16 and image.min() == 1  # not striped 1, 0, 0 on months


def test_counterfactual_export_withholds_small_recorded_counts(tmp_path: Path) -> None:
    periods = pd.date_range("2021-01-01", periods=24, freq="MS")
    actual = pd.DataFrame({"period": periods, "value": np.tile([1, 2, 3, 0, 7, 4], 4).astype(float)})
    counterfactual = pd.DataFrame({"period": periods[12:], "mean": 3.0})
    fig = ch.counterfactual_plot(actual, counterfactual, lang="vi")
    files = ch.save_figure(fig, tmp_path / "cf", ("png",), title="t", source="s", method="m", version="0")
    out = pd.read_csv(files[-1])
    assert not out["actual"].between(1, 4).any()  # and the difference, which would give them away
    assert out.loc[out["actual"].isna() & out["period"].ge("2022-01-01"), "difference"].isna().all()


def test_a_missing_effect_is_marked_no_data_not_not_significant(districts) -> None:
    est = np.linspace(-30, 20, 30)
    effects = pd.DataFrame(
        {"district": districts["district"], "estimate": est, "conf_low": est - 12, "conf_high": est + 12}
    )
    effects.loc[:3, ["estimate", "conf_low", "conf_high"]] = np.nan
    data = ch.plot_data(ch.ranked_effects(effects, districts, lang="vi"))
    assert (data.loc[data["estimate"].isna(), "class"] == "no_data").all()


def test_small_multiples_refuse_crimes_of_districts_missing_from_the_table(crimes, districts) -> None:
    with pytest.raises(ValueError, match="not in the districts table"):
        ch.district_small_multiples(crimes, districts.iloc[1:], lang="en")


def test_tile_map_withholds_rates_resting_on_small_counts(districts, tmp_path) -> None:
    """A rate and a population give a count back: a tile of 1-4 cases shows neither its rate nor its colour,
    and the exported data withhold it (privacy: no small cell leaves in a chart)."""
    values = pd.Series(np.linspace(100.0, 400.0, 30), index=districts["district"])
    counts = pd.Series(50, index=districts["district"]).astype(float)
    counts["ba_vi"], counts["soc_son"] = (
        3,
        0,
    )  # a small count (withheld) and a zero (shown: it identifies nobody)
    fig = ch.tile_map(values, districts, lang="en", counts=counts)
    ids = list(HANOI_TILES)
    arr = fig.axes[0].collections[0].get_array()
    assert bool(arr.mask[ids.index("ba_vi")]) and not bool(arr.mask[ids.index("soc_son")])
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert texts.count("under 5 cases") == 1
    assert ch.format_number(values["ba_vi"], "en", 0) not in texts
    files = ch.save_figure(
        fig, tmp_path / "map", formats=("png",), title="t", source="s", method="m", version="0", threshold=5
    )
    exported = pd.read_csv(next(f for f in files if f.suffix == ".csv"))
    row = exported.set_index("district").loc["ba_vi"]
    assert pd.isna(row["value"]) and pd.isna(row["count"]) and row["note"]
    assert exported["value"].notna().sum() == 29
    vi = [t.get_text() for t in ch.tile_map(values, districts, lang="vi", counts=counts).axes[0].texts]
    assert "dưới 5 vụ" in [text.replace("\n", " ") for text in vi]


def _figure_text(fig: Figure) -> str:
    return " ".join(t.get_text() for t in fig.texts)


def test_charts_of_counts_do_not_draw_small_counts() -> None:
    """A district's month of 1-4 cases was drawn on the forecast panels (and a district-year's rate on the rate
    panels, rate x population = count), though the exported tables withhold it."""
    periods = pd.date_range("2023-01-01", periods=6, freq="MS")
    history = pd.DataFrame({"district": "ba_dinh", "period": periods, "value": [0, 3, 7, 12, 4, 9]})
    fc = pd.DataFrame(
        {"district": "ba_dinh", "period": pd.date_range("2023-07-01", periods=2, freq="MS"), "mean": 6.0,
         "lo_80": 3.0, "hi_80": 9.0}
    )  # fmt: skip
    fig = ch.forecast_small_multiples(history, fc, lang="en")
    drawn = fig.axes[0].lines[0].get_ydata()
    assert np.isnan(drawn[[1, 4]]).all() and list(drawn[[0, 2, 3, 5]]) == [0, 7, 12, 9]
    assert "Recorded counts of 1 to 4 are not drawn" in _figure_text(fig)
    fan = ch.fan_chart(history[["period", "value"]], fc.drop(columns="district"), lang="vi")
    assert np.isnan(fan.axes[0].lines[0].get_ydata()[1])
    assert "không được vẽ" in _figure_text(fan)
    rates = ch.fan_chart(history[["period", "value"]].assign(value=lambda x: x["value"] / 3), fc, lang="en")
    assert not np.isnan(rates.axes[0].lines[0].get_ydata()).any()  # a rate is not a count: drawn as it is
    districts = pd.DataFrame(
        {"district": ["a", "b"], "name_vi": ["A", "B"], "name_ascii": ["A", "B"], "population": [1e5, 2e5]}
    )
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    crimes = pd.DataFrame(
        {"district": ["a"] * 24 + ["b"] * 24, "period": list(months) * 2, "offence": "theft",
         "count": [3] + [0] * 11 + [40] + [0] * 11 + [10] * 24}
    )  # fmt: skip
    panels = ch.district_small_multiples(crimes, districts, lang="en")
    a = panels.axes[1]  # panels follow the latest rate, highest first: B (60 a year), then A (3, then 40)
    assert np.isnan(a.lines[0].get_ydata()[0]) and a.lines[0].get_ydata()[1] == 40
    assert "Recorded counts of 1 to 4 are not drawn" in _figure_text(panels)
    # the shared y scale holds every panel's line: a later panel's higher past (C: 100, then 20 a year) was cut
    # off at the first panels' range
    three = pd.concat(
        [districts, districts.iloc[[0]].assign(district="c", name_ascii="C")], ignore_index=True
    )
    c = pd.DataFrame(
        {"district": "c", "period": months, "offence": "theft", "count": [100] + [0] * 11 + [20] + [0] * 11}
    )
    scaled = ch.district_small_multiples(pd.concat([crimes, c]), three, lang="en")
    assert scaled.axes[0].get_ylim()[1] >= 100
    plt_close = __import__("matplotlib.pyplot").pyplot.close
    for f in (fig, fan, rates, panels):
        plt_close(f)


def test_tile_map_says_a_tile_outside_the_study_is_not_in_it(districts) -> None:
    """A partial study's map: Hanoi's other districts are outside the study, not districts without data."""
    study = districts[districts["district"].isin(["ba_dinh", "hoan_kiem", "dong_da"])]
    values = pd.Series([1.0, 2.0, np.nan], index=["ba_dinh", "hoan_kiem", "dong_da"])
    texts = [t.get_text() for t in ch.tile_map(values, study, lang="en").axes[0].texts]
    assert texts.count("no data") == 1  # Đống Đa: in the study, no value
    assert sum(t.replace("\n", " ") == "not in the study" for t in texts) == 27
    vi = [t.get_text().replace("\n", " ") for t in ch.tile_map(values, study, lang="vi").axes[0].texts]
    assert vi.count("ngoài nghiên cứu") == 27


def test_more_offences_than_colours_are_told_apart_by_a_legend() -> None:
    """16 offences (Berlin) drew pairs of lines alike and labelled them in one colour, far from their lines."""
    periods = pd.date_range("2012-01-01", periods=8, freq="YS")
    crimes = pd.DataFrame(
        [
            {"district": "a", "period": p, "offence": f"o{k:02d}", "count": 100 * (k + 1) + i}
            for k in range(16)
            for i, p in enumerate(periods)
        ]
    )
    fig = ch.city_trend(crimes, lang="en")
    lines = [line for line in fig.axes[0].lines if not line.get_label().startswith("_")]
    assert len({(line.get_color(), line.get_linestyle()) for line in lines}) == 16
    assert fig.legends or fig.axes[0].get_legend() is not None
    assert not fig.axes[0].texts  # no direct labels
