"""Readings of the robustness checks: each rule fires on the numbers that call for it, and only then."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from trends.impact import its
from trends.report.readings import (
    its_reading,
    leads_reading,
    leave_one_out_reading,
    placebo_reading,
    sensitivity_reading,
    synthetic_control_reading,
)


def _checks(rows: list[tuple[str, float, float, float]]) -> SimpleNamespace:
    return SimpleNamespace(table=pd.DataFrame(rows, columns=["check", "estimate", "conf_low", "conf_high"]))


def test_placebo_warns_when_a_placebo_interval_excludes_zero() -> None:
    r = placebo_reading(_checks([("original", -0.10, -0.2, -0.01), ("placebo -6", -0.05, -0.09, -0.01)]))
    assert r.rule == "placebo.warning"
    assert "6 months earlier" in r.text["en"] and "-5.0%".replace("-", "−") in r.text["en"]


def test_a_placebo_as_large_as_the_estimate_is_named_even_when_its_interval_includes_zero() -> None:
    # the case of the bundled study's -24-month placebo: larger than the estimate, interval across zero
    r = placebo_reading(
        _checks(
            [
                ("original", -0.05, -0.09, -0.01),
                ("placebo -6", 0.01, -0.05, 0.07),
                ("placebo -24", -0.08, -0.2, 0.04),
            ]
        )
    )
    assert r.rule == "placebo.as_large"
    assert "24 months earlier" in r.text["en"] and "cannot separate" in r.text["en"]


def test_placebos_that_pass_are_called_weak_evidence_not_proof() -> None:
    r = placebo_reading(
        _checks([("original", -0.10, -0.2, -0.01), ("placebo -6", 0.01, -0.05, 0.07)]),
        percent=lambda v: 100 * np.expm1(v),
    )
    assert r.rule == "placebo.passed"
    assert "weak evidence" in r.text["en"] and "yếu" in r.text["vi"]


def _es(leads: list[tuple[int, float, float, float]]) -> pd.DataFrame:
    post = [(0, -0.03, -0.06, 0.0), (1, -0.05, -0.09, -0.01)]
    ref = [(-1, 0.0, np.nan, np.nan)]
    return pd.DataFrame(leads + ref + post, columns=["event_time", "estimate", "conf_low", "conf_high"])


@pytest.mark.parametrize(
    ("leads", "rule"),
    [
        ([(-3, 0.08, 0.01, 0.15), (-2, 0.01, -0.03, 0.05)], "leads.warning"),
        # the bundled study's Poisson leads: -9.9 % (CI -20.7 to +0.8) against a headline of -7.9 %
        ([(-2, -0.099, -0.207, 0.008), (-3, 0.01, -0.05, 0.07)], "leads.as_large"),
        ([(-3, 0.01, -0.03, 0.05), (-2, -0.02, -0.06, 0.02)], "leads.smaller"),
    ],
)
def test_leads_are_read_against_the_headline_effect(leads, rule) -> None:
    r = leads_reading(_es(leads), -0.079)
    assert r.rule == rule
    assert r.text["vi"] and r.text["en"]
    if rule == "leads.as_large":
        assert "−9.9%" in r.text["en"] and "−7.9%" in r.text["en"]


def test_a_rejected_joint_pre_test_is_bad_news_even_when_no_lead_stands_out() -> None:
    quiet = _es([(-3, 0.01, -0.03, 0.05), (-2, -0.02, -0.06, 0.02)])
    r = leads_reading(quiet, -0.079, joint_p=0.0004)
    assert r.rule == "leads.warning" and "p < 0.001" in r.text["en"] and "p < 0,001" in r.text["vi"]
    assert leads_reading(quiet, -0.079, joint_p=0.4).rule == "leads.smaller"
    assert leads_reading(quiet, -0.079, joint_p=float("nan")).rule == "leads.smaller"  # no test: leads alone


def _honest(conf: tuple[float, float], breakdown: float, parameter: str = "mbar") -> SimpleNamespace:
    original = pd.DataFrame({"estimate": [sum(conf) / 2], "conf_low": [conf[0]], "conf_high": [conf[1]]})
    return SimpleNamespace(original=original, breakdown=breakdown, parameter=parameter)


def test_sensitivity_rules() -> None:
    assert sensitivity_reading(_honest((-0.1, 0.02), 0.0)).rule == "sensitivity.nothing_to_overturn"
    fragile = sensitivity_reading(_honest((-0.1, -0.01), 0.0))
    assert fragile.rule == "sensitivity.fragile" and "does not survive" in fragile.text["en"]
    holds = sensitivity_reading(_honest((-0.1, -0.01), 0.4))
    assert (
        holds.rule == "sensitivity.holds_to"
        and "0.4" in holds.text["en"]
        and "smaller than" in holds.text["en"]
    )
    assert "log points" in sensitivity_reading(_honest((-0.1, -0.01), 0.02, "m")).text["en"]


def _sc(problem: str | None, p: float) -> SimpleNamespace:
    return SimpleNamespace(spec={"treated_unit": "Đống Đa", "fit_problem": problem}, p_value=p, att=-12.0)


def test_a_failed_synthetic_control_reports_no_estimate() -> None:
    r = synthetic_control_reading(_sc("outside the donors' convex hull", 0.02))
    assert r.rule == "synth.failed"
    assert "12" not in r.text["en"]  # the gap is not quoted as an effect
    assert synthetic_control_reading(_sc(None, 0.02)).rule == "synth.unusual"
    quiet = synthetic_control_reading(_sc(None, 0.4))
    assert quiet.rule == "synth.not_unusual" and "does not show that there was no effect" in quiet.text["en"]
    named = synthetic_control_reading(_sc(None, 0.4), name="Quận Đống Đa")
    assert "Quận Đống Đa" in named.text["vi"] and "Quận Đống Đa" in named.text["en"]


def test_leave_one_out_names_the_unit_the_conclusion_rests_on() -> None:
    loo = _checks(
        [
            ("original", -0.08, np.nan, np.nan),
            ("without a", -0.07, np.nan, np.nan),
            ("without b", 0.01, np.nan, np.nan),
        ]
    )
    r = leave_one_out_reading(loo, -0.12, -0.03)
    assert r.rule == "loo.rests_on" and "without b it changes sign" in r.text["en"]
    stable = _checks(
        [
            ("original", -0.08, np.nan, np.nan),
            ("without a", -0.07, np.nan, np.nan),
            ("without b", -0.09, np.nan, np.nan),
        ]
    )
    assert leave_one_out_reading(stable, -0.12, -0.03).rule == "loo.stable"
    # an original interval that includes zero: no conclusion for one unit to drive, whatever the spread
    unclear = leave_one_out_reading(stable, -0.12, 0.02)
    assert unclear.rule == "loo.nothing_to_drive" and "no single unit drives" not in unclear.text["en"]


def _its_table(estimate: float, low: float, high: float) -> SimpleNamespace:
    return SimpleNamespace(
        table=pd.DataFrame(
            {"term": ["average", "cumulative", "relative"], "estimate": [0, 0, estimate],
             "conf_low": [0, 0, low], "conf_high": [0, 0, high]}
        )
    )  # fmt: skip


@pytest.mark.parametrize(
    ("row", "rule", "words"),
    [
        ((-0.2, -0.3, -0.1), "its.lower", "were 20.0% below"),  # a size: no sign ("+20.0% below" was printed)
        ((0.2, 0.1, 0.3), "its.higher", "were 20.0% above"),
        ((-0.05, -0.2, 0.1), "its.inconclusive", "does not show that there was no effect"),
    ],
)
def test_its_reading_follows_the_relative_interval(row, rule, words) -> None:
    r = its_reading(_its_table(*row), name="Ba Đình")
    assert (
        r.rule == rule and words in r.text["en"] and "Ba Đình" in r.text["en"] and "Ba Đình" in r.text["vi"]
    )
    if rule != "its.inconclusive":
        assert "cannot separate" in r.text["en"]


@pytest.mark.parametrize(("drop", "rule"), [(0.35, "its.lower"), (0.0, "its.inconclusive")])
def test_its_reading_on_a_fitted_series(drop: float, rule: str) -> None:
    # A seasonal monthly count series with a planted 35 % drop after adoption (or none), fitted by trends.impact.its.
    rng = np.random.default_rng(11)
    periods = pd.date_range("2016-01-01", periods=96, freq="MS")
    mean = (
        80
        * (1 + 0.2 * np.sin(2 * np.pi * periods.month / 12))
        * np.where(periods >= "2022-01-01", 1 - drop, 1)
    )
    series = pd.DataFrame({"period": periods, "count": rng.poisson(mean)})
    fit = its(
        series, tname="period", yname="count", treatment_start=pd.Timestamp("2022-01-01"), n_sims=200, seed=0
    )
    assert its_reading(fit).rule == rule


def test_placebo_shifts_are_read_in_the_data_periods() -> None:
    """Quarterly or annual placebo shifts were written "2 months earlier"."""
    checks = _checks([("original", -0.10, -0.2, -0.01), ("placebo -2", -0.05, -0.09, -0.01)])
    r = placebo_reading(checks, freq="year")
    assert "2 years earlier" in r.text["en"] and "sớm hơn 2 năm" in r.text["vi"]
    assert "2 quarters earlier" in placebo_reading(checks, freq="quarter").text["en"]
    with pytest.raises(ValueError, match="freq"):
        placebo_reading(checks, freq="week")
