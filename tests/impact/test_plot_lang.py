"""Every chart a result draws speaks its reader's language: ``result.plot(lang="vi")`` has no English word.

One small result of each kind that plots is fitted on a small simulated panel (or the bundled mpdta and castle
doctrine data) and drawn in both languages. Every text of the figure (axis labels, tick labels, legend
entries, annotations, titles) is collected; the Vietnamese figure may share no word with the English one but
the names that are not words: estimator names (TWFE, Callaway & Sant'Anna), symbols and abbreviations (ATT,
Mbar, CR1), loanwords the catalogue itself uses in Vietnamese (bootstrap, log), and the names the data chose
(columns, the treated unit). The English figures keep the words they had before ``lang=``; a result whose
forecasts and backtests are drawn the same way.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from matplotlib.text import Text

import trends
from trends import impact
from trends.datasets import real
from trends.forecast import METHODS
from trends.impact.power import NoiseModel
from trends.results import Result
from trends.simulate import simulate_panel

matplotlib.use("Agg")
pytestmark = pytest.mark.filterwarnings("ignore::trends.impact.ImpactWarning")

MPDTA = Path(trends.__file__).parent / "datasets" / "data" / "mpdta.csv"
COLS = dict(yname="lemp", tname="year", idname="countyreal", gname="first_treat")

#: Names that are no English word to translate: estimators and people, symbols, loanwords Vietnamese uses.
NOT_WORDS = set("callaway sant anna sun abraham goodman bacon poisson mbar bootstrap log".split())


# ---------------------------------------------------------------------------------------------- the results


@cache
def _mpdta() -> pd.DataFrame:
    d = pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})
    return d.assign(treated=((d["year"] >= d["first_treat"]) & (d["first_treat"] > 0)).astype(int))


@cache
def _att_gt() -> Any:
    return impact.att_gt(_mpdta(), **COLS, base_period="universal")


@cache
def _castle() -> pd.DataFrame:
    d = real.load_castle()
    first = d.loc[d["post"] == 1].groupby("sid")["year"].min()
    return d.assign(cohort=d["sid"].map(first).fillna(0).astype(int))


@cache
def _counts() -> pd.DataFrame:
    """A small Poisson panel: 40 units over 24 periods, three adopting cohorts and never-adopters (cohort 0)."""
    sim = simulate_panel(
        n_units=40, n_periods=24, cohorts=[8, 12, 16], family="poisson", effect=-0.25, ramp=2, baseline=15,
        seed=3,
    )  # fmt: skip
    return sim.data


def _doses() -> pd.Series:
    adopters = _counts().query("cohort > 0")["unit"].unique()
    return pd.Series(np.linspace(0.5, 3.0, len(adopters)), index=adopters)


def _unit_panel(seed: int = 0) -> pd.DataFrame:
    """16 units over 30 periods, 8 adopting at period 15 or 20 (as tests/impact/test_robust.py)."""
    rng = np.random.default_rng(seed)
    n, tt = 16, 30
    first = np.full(n, -1)
    first[:8] = rng.choice([15, 20], 8)
    a = rng.normal(0, 2, n)[:, None]
    b = rng.normal(0, 1, tt)[None]
    t = np.arange(tt)[None]
    d = (first[:, None] >= 0) & (t >= first[:, None])
    y = 10 + a + b + rng.normal(0, 0.3, (n, tt)) - 2.0 * d
    return pd.DataFrame(
        {
            "u": np.repeat(np.arange(n), tt),
            "t": np.tile(np.arange(tt), n),
            "y": y.ravel(),
            "d": d.ravel().astype(int),
        }
    )


def _ols(df: pd.DataFrame) -> float:
    return float(smf.ols("y ~ d + C(u) + C(t)", df).fit().params["d"])


def _series() -> tuple[pd.DataFrame, pd.Timestamp]:
    rng = np.random.default_rng(0)
    n, n_pre = 60, 48
    t = np.arange(n)
    y = 40 + rng.normal(0, 0.3, n).cumsum() + 3 * np.sin(2 * np.pi * t / 12) + np.where(t >= n_pre, -6.0, 0.0)
    times = pd.date_range("2018-01-01", periods=n, freq="MS")
    return pd.DataFrame({"period": times, "y": y + rng.normal(0, 0.5, n)}), times[n_pre]


def _donor_panel() -> pd.DataFrame:
    """A treated unit that is a convex combination of 8 donors, 5 lower from period 30."""
    rng = np.random.default_rng(3)
    t = np.arange(40)
    donors = 50 + rng.normal(0, 10, 8)[:, None] + rng.normal(0, 2, (8, 40)).cumsum(1)
    treated = 0.5 * donors[1] + 0.5 * donors[4] + np.where(t >= 30, -5.0, 0.0)
    rows = [(f"d{i}", tt, donors[i, tt]) for i in range(8) for tt in t]
    rows += [("treated", tt, treated[tt]) for tt in t]
    return pd.DataFrame(rows, columns=["unit", "time", "y"])


def _noise() -> NoiseModel:
    return NoiseModel(
        baseline=np.random.default_rng(0).uniform(5, 40, 12), dispersion=20.0, ar_rho=0.5, ar_sd=0.05
    )


def _spillover() -> Any:
    df = _counts()
    exposed = {1: 10, 2: 10, 3: 14}  # three never-adopters next to an adopter, from these periods on
    df = df.assign(exposure=df["unit"].map(exposed))
    return impact.spillover_imputation(
        df, yname="outcome", tname="period", idname="unit", gname="cohort", exposure="exposure", biters=9
    )


CASTLE = dict(yname="l_homicide", dname="post", idname="sid", tname="year")
POISSON = dict(yname="outcome", tname="period", idname="unit", gname="cohort")


#: case -> (how to fit it, the options of its plot)
def _forecast() -> Any:
    from trends.forecast import forecast

    counts = np.random.default_rng(1).poisson(20, 48)
    data = pd.DataFrame({"period": pd.date_range("2020-01-01", periods=48, freq="MS"), "count": counts})
    return forecast(data, 6, progress=False)


CASES: dict[str, tuple[Callable[[], Any], dict[str, Any]]] = {
    "att_gt": (_att_gt, {}),
    "aggregate_dynamic": (lambda: _att_gt().aggregate("dynamic"), {}),
    "aggregate_simple": (lambda: _att_gt().aggregate("simple"), {}),
    "aggregate_group": (lambda: _att_gt().aggregate("group"), {}),
    "aggregate_calendar": (lambda: _att_gt().aggregate("calendar"), {}),
    "sun_abraham": (lambda: impact.sun_abraham(_mpdta(), **COLS), {}),
    "poisson_imputation": (lambda: impact.poisson_imputation(_counts(), **POISSON, biters=9), {}),
    "dose_bins": (lambda: impact.dose_bins(_counts(), **POISSON, dose=_doses(), biters=9), {}),
    "dose_response": (
        lambda: impact.dose_response(_counts(), **POISSON, dose=_doses(), pre=6, post=(0, 5), biters=19),
        {},
    ),
    "honest_relative": (lambda: impact.relative_magnitude_bounds(_att_gt(), mbar=(0.0, 0.5, 1.0)), {}),
    "honest_smooth": (lambda: impact.smoothness_bounds(_att_gt(), m=(0.0, 0.01, 0.02)), {}),
    "its_forecast": (
        lambda: impact.its(
            *_series()[:1], tname="period", yname="y", treatment_start=_series()[1], n_sims=50
        ),
        {"kind": "forecast"},
    ),
    "its_cumulative": (
        lambda: impact.its(
            *_series()[:1], tname="period", yname="y", treatment_start=_series()[1], n_sims=50
        ),
        {"kind": "cumulative"},
    ),
    "its_intervention": (
        lambda: impact.its(
            *_series()[:1], tname="period", yname="y", treatment_start=_series()[1], method="intervention"
        ),
        {},
    ),
    "mde": (
        lambda: impact.minimum_detectable_effect(_noise(), effects=[0, -0.2, -0.5], n_sims=10),
        {},
    ),
    "power": (lambda: impact.power_analysis(_noise(), effect=-0.2, n_sims=10), {}),
    "forecast": (lambda: _forecast(), {}),
    "backtest": (lambda: _forecast().backtest_result, {}),
    "ppml": (lambda: impact.ppml(_castle(), yname="homicide", tname="year", idname="sid", dname="post"), {}),
    "ppml_event_study": (
        lambda: impact.ppml(
            _castle(), yname="homicide", tname="year", idname="sid", gname="cohort", event_study=True
        ),
        {},
    ),
    "placebo_dates": (
        lambda: impact.placebo_dates(_unit_panel(), _ols, idname="u", tname="t", dname="d", shifts=(3, 6)),
        {},
    ),
    "leave_one_out": (lambda: impact.leave_one_out(_unit_panel(), _ols, idname="u", units=[0, 1]), {}),
    "spillover": (_spillover, {}),
    "synth_paths": (
        lambda: impact.synthetic_control(
            _donor_panel(), idname="unit", tname="time", yname="y", treated_unit="treated", treatment_start=30
        ),
        {"kind": "paths"},
    ),
    "synth_gaps": (
        lambda: impact.synthetic_control(
            _donor_panel(), idname="unit", tname="time", yname="y", treated_unit="treated", treatment_start=30
        ),
        {"kind": "gaps"},
    ),
    "synthdid": (
        lambda: impact.synthdid(
            _unit_panel().assign(d=lambda d: ((d["u"] < 2) & (d["t"] >= 20)).astype(int)),
            idname="u",
            tname="t",
            yname="y",
            dname="d",
            se="none",
        ),
        {},
    ),
    "twfe": (lambda: impact.twfe(_castle(), **CASTLE, wild_bootstrap="wcu", biters=99), {}),
    "bacon": (lambda: impact.bacon_decomposition(_castle(), **CASTLE), {}),
}


@cache
def fitted(case: str) -> Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CASES[case][0]()


# ---------------------------------------------------------------------------------------------- the words


def texts(fig: Any) -> list[str]:
    """Every visible text of a drawn figure: titles, axis and tick labels, legend entries, annotations."""
    fig.draw_without_rendering()  # tick labels are made when the figure is drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def words(strings: list[str]) -> set[str]:
    """The words of ``strings``, lower-cased: runs of letters (numbers and symbols are no words)."""
    return {w.lower() for s in strings for w in re.findall(r"[^\W\d_]+", s)}


#: The options of a call that name the data (its columns, the treated unit) or a method by its code.
DATA_OPTIONS = ("yname", "tname", "idname", "gname", "dname", "treated_unit", "wild_bootstrap")


def data_names(res: Result) -> set[str]:
    """Words the data or the call chose (column names, the treated unit, ``"wcu"``), shown as written.

    The terms of a result's table are not among them: those the library names (``overall``, ``original``,
    ``direct``) are category labels to translate; a term the data name (a treatment column) is a column above.
    """
    chosen = [str(res.spec[k]) for k in DATA_OPTIONS if res.spec.get(k) is not None]
    # a forecast's value column and its methods' ids (``naive``, ``ets``: names, like estimator names)
    chosen += [str(getattr(res, "value", ""))] + ([*METHODS, "auto", "ensemble"] if hasattr(res, "metric") or
                                                    hasattr(res, "methods") else [])  # fmt: skip
    return words(chosen)


def english_left(vi: list[str], en: list[str], res: Result) -> set[str]:
    """Words of the English figure that the Vietnamese one still shows (names and abbreviations excepted)."""
    shared = words(vi) & words(en)
    acronyms = words(re.findall(r"\b[A-Z][A-Z0-9]+\b", " ".join(en)))  # ATT, TWFE, CR1
    return {w for w in shared if len(w) > 1} - acronyms - NOT_WORDS - data_names(res)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_vietnamese_plot_has_no_english_word(case: str) -> None:
    res = fitted(case)
    kind = CASES[case][1]
    en_fig, en_ax = res.plot(lang="en", **kind)
    vi_fig, vi_ax = res.plot(lang="vi", **kind)
    assert vi_ax in vi_fig.axes and en_ax in en_fig.axes
    en, vi = texts(en_fig), texts(vi_fig)
    assert words(en), "the English figure has words"
    left = english_left(vi, en, res)
    assert not left, f"{case}: English words in the Vietnamese figure: {sorted(left)}\n{vi}"
    # the default is English
    default, _ = res.plot(**kind)
    assert texts(default) == en


#: The words of each English figure before ``lang=`` existed (recorded from the charts as they were drawn then):
#: the English output is unchanged.
ENGLISH_BEFORE: dict[str, list[str]] = {
    "att_gt": ["cohort 2004", "cohort 2006", "cohort 2007"],
    "aggregate_dynamic": ["periods since adoption", "effect on outcome"],
    "aggregate_simple": ["label", "overall", "ATT"],
    "aggregate_group": ["group", "ATT"],
    "aggregate_calendar": ["time", "ATT"],
    "sun_abraham": ["periods since adoption", "effect on outcome"],
    "poisson_imputation": ["periods since adoption", "effect on outcome"],
    "dose_bins": [
        "dose bin (dose)",
        "low\n0.5-1.3",
        "middle\n1.4-2.1",
        "high\n2.2-3",
        "change against expected (%)",
    ],
    "dose_response": ["dose", "change against comparison (%)", "adopters", "95% bootstrap band", "ATT(d|d)"],
    "honest_relative": [
        "Mbar: post-adoption trend breaks relative to the largest pre-adoption one",
        "original",
        "effect",
        "breakdown Mbar = 0.5",
        "parallel trends (conventional)",
        "robust interval (relative magnitudes)",
    ],
    "honest_smooth": [
        "M: largest change in the slope of the difference in trends per period",
        "original",
        "effect",
        "breakdown M = 0.00283",
        "parallel trends (conventional)",
        "robust interval (smoothness)",
    ],
    "its_forecast": ["period", "y", "observed", "forecast without the programme", "95% interval"],
    "its_cumulative": ["period", "cumulative effect on y"],
    "its_intervention": ["period", "y", "observed", "model", "model without the intervention"],
    "mde": ["reduction in recorded crime (%)", "power"],
    "ppml": ["change in expected count (%)", "post"],
    "ppml_event_study": ["periods since adoption", "change in expected count (%)"],
    "placebo_dates": ["estimate", "original", "placebo -3", "placebo -6"],
    "leave_one_out": ["estimate", "original", "without 0", "without 1"],
    "spillover": [
        "estimate",
        "direct",
        "spillover",
        "direct_naive",
        "Significant decrease",
        "Not clearly different from zero",
        "Estimated effect by district",
        "Source: source not stated. Method: point estimates with 95% confidence intervals.",
    ],
    "synth_paths": ["time", "y", "treated (observed)", "synthetic control"],
    "synth_gaps": ["time", "gap in y (observed - synthetic)"],
    "synthdid": ["t", "y", "treated (mean)", "synthetic control (shifted)", "time weights"],
    "twfe": ["post", "wild bootstrap (wcu)", "CR1"],
    "bacon": [
        "weight",
        "2x2 estimate",
        "earlier vs later",
        "later vs earlier",
        "treated vs never",
        "TWFE 0.0694",
    ],
}


def _worded(strings: list[str]) -> list[str]:
    return [s for s in strings if re.search(r"[^\W\d_]", s)]


@pytest.mark.parametrize("case", sorted(ENGLISH_BEFORE))
def test_the_english_plot_is_unchanged(case: str) -> None:
    fig, _ = fitted(case).plot(lang="en", **CASES[case][1])
    assert _worded(texts(fig)) == ENGLISH_BEFORE[case]


def test_numbers_in_vietnamese_labels_take_a_decimal_comma() -> None:
    assert "Hệ số TWFE 0,0694" in texts(fitted("bacon").plot(lang="vi")[0])
    honest = texts(fitted("honest_relative").plot(lang="vi")[0])
    assert "Giá trị phá vỡ Mbar = 0,5" in honest and "0,5" in honest  # the legend and the fixed ticks
    bins = texts(fitted("dose_bins").plot(lang="vi")[0])
    assert _worded(bins)[:4] == [
        "Nhóm theo cường độ triển khai",
        "thấp\n0,5-1,3",
        "trung bình\n1,4-2,1",
        "cao\n2,2-3",
    ]
    for case in ("bacon", "honest_relative", "honest_smooth", "dose_bins", "its_forecast"):
        worded = _worded(texts(fitted(case).plot(lang="vi", **CASES[case][1])[0]))
        assert not [s for s in worded if re.search(r"\d\.\d", s)], case


def test_plot_event_studies_draws_its_labels_in_lang() -> None:
    studies = [fitted("aggregate_dynamic").to_event_study(), fitted("sun_abraham")]
    en = texts(impact.plot_event_studies(studies))
    assert _worded(en) == ["periods since adoption", "effect on outcome", "callaway_santanna", "sun_abraham"]
    vi = texts(
        impact.plot_event_studies(studies, labels=["Callaway & Sant'Anna", "Sun & Abraham"], lang="vi")
    )
    assert _worded(vi) == [
        "Số kỳ kể từ khi triển khai",
        "Tác động lên biến kết quả",
        "Callaway & Sant'Anna",
        "Sun & Abraham",
    ]
    with pytest.raises(ValueError, match="lang"):
        impact.plot_event_studies(studies, lang="fr")


def test_plot_refuses_an_unknown_language_and_draws_into_given_axes() -> None:
    res = fitted("twfe")
    with pytest.raises(ValueError, match="lang"):
        res.plot(lang="fr")
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    got, got_ax = res.plot(ax=ax, lang="vi")
    assert got is fig and got_ax is ax and "Khoảng tin cậy CR1" in texts(fig)


def test_term_label() -> None:
    from trends.results import term_label

    assert term_label("overall", "vi") == "tổng thể" and term_label("overall", "en") == "overall"
    assert term_label(-2, "vi") == "-2" and term_label("Ba Đình", "en") == "Ba Đình"  # the data's own names


@pytest.mark.parametrize("case", ["leave_one_out", "synth_paths"])
def test_charts_that_name_units_show_the_names_given(case: str) -> None:
    """``names=`` puts a unit's name where the chart would show its id (a district's name, not ``ba_dinh``)."""
    res, kwargs = fitted(case), CASES[case][1]
    unit = 0 if case == "leave_one_out" else "treated"
    named = texts(res.plot(lang="vi", names={unit: "Hoàn Kiếm"}, **kwargs)[0])
    plain = texts(res.plot(lang="vi", **kwargs)[0])
    assert any("Hoàn Kiếm" in text for text in named) and not any("Hoàn Kiếm" in text for text in plain)
    assert len(named) == len(plain)  # only the unit's label changed


@cache
def _its_thousands() -> Any:
    """Monthly counts near 2,000 that fall by 300 a month: the cumulative effect runs into the thousands."""
    rng = np.random.default_rng(1)
    times = pd.date_range("2018-01-01", periods=60, freq="MS")
    y = (
        2000
        + 40 * np.sin(2 * np.pi * np.arange(60) / 12)
        + rng.normal(0, 20, 60)
        - 300.0 * (np.arange(60) >= 48)
    )
    return impact.its(
        pd.DataFrame({"period": times, "y": y.round()}), tname="period", yname="y", treatment_start=times[48],
        n_sims=50,
    )  # fmt: skip


def _y_ticks(fig: Any) -> list[str]:
    ax = fig.axes[0]
    return ax.yaxis.get_major_formatter().format_ticks(ax.get_yticks())


@pytest.mark.parametrize("kind", ["forecast", "cumulative"])
def test_count_axes_of_a_result_write_thousands_as_the_language_does(kind: str) -> None:
    """1.000 in Vietnamese and 1,000 in English, as the report's charts (matplotlib wrote 1000 in both)."""
    res = _its_thousands()
    vi, en = (_y_ticks(res.plot(lang=lang, kind=kind)[0]) for lang in ("vi", "en"))
    big = [i for i, s in enumerate(en) if re.search(r"\d,\d{3}", s)]
    assert big, en  # the axis reaches the thousands
    for i in big:
        assert vi[i] == en[i].replace(",", "."), (vi[i], en[i])
    assert not any(re.search(r"\d{4}", s) for s in vi + en)  # no unseparated thousands
