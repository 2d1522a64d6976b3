"""The claims layer (trends.report.claims): each rule chooses the words the evidence supports, and no stronger.

Inputs are built by hand so that each rule's boundary is crossed on purpose; the rules are stated in the
module's docstring.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trends.impact import PretrendResult
from trends.report._run import ReportContext, estimate_impact
from trends.report.claims import (
    MIN_SUPPORT,
    displacement_claim,
    district_claim,
    effect_claim,
    lasting_claim,
    pretrend_claim,
    pretrend_verdict,
)
from trends.simulate import simulate_hanoi
from trends.study import Study


def _leads(estimates: list[float], se_log: float) -> pd.DataFrame:
    est = np.asarray(estimates)
    centre = np.log1p(est)
    return pd.DataFrame(
        {
            "event_time": -np.arange(len(est), 0, -1),
            "estimate": est,
            "std_error_log": se_log,
            "conf_low": np.expm1(centre - 2.08 * se_log),
            "conf_high": np.expm1(centre + 2.08 * se_log),
        }
    )


def _effect(estimate: float, low: float, high: float) -> pd.Series:
    return pd.Series({"estimate": estimate, "conf_low": low, "conf_high": high})


def test_an_interval_across_zero_is_inconclusive_never_no_effect() -> None:
    claim = effect_claim(-0.05, -0.12, 0.03)
    assert claim.rule == "effect.inconclusive"
    assert (
        "cannot yet tell" in claim.text["en"]
        and "does not show that the models had no effect" in claim.text["en"]
    )
    assert "no effect" not in claim.text["en"].replace("had no effect", "")
    clear = effect_claim(-0.079, -0.123, -0.033)
    assert clear.rule == "effect.clear"
    assert "7.9% lower" in clear.text["en"] and "3.3% lower to 12.3% lower" in clear.text["en"]
    assert "7,9% thấp hơn" in clear.text["vi"]


def _test(leads: pd.DataFrame, joint_p: float, df: int) -> PretrendResult:
    """A pre-trend test result holding hand-made leads and a joint p-value."""
    return PretrendResult(
        table=leads, joint=pd.Series({"p_value": joint_p}), vcov=np.eye(len(leads)), spec={"df": df}
    )


def test_the_joint_test_decides_the_warning() -> None:
    leads = _leads([-0.15, -0.02], 0.03)
    assert pretrend_verdict(leads, -0.05, df=24, joint_p=0.001)[0] == "warning"
    # one lead's interval excludes zero, but the joint test of both does not reject: no warning (two tests at 5 %
    # each would warn falsely in about 10 % of studies with parallel trends)
    assert pretrend_verdict(leads, -0.05, df=24, joint_p=0.08)[0] == "inconclusive"
    claim = pretrend_claim(_test(leads, 0.0004, 24), _effect(-0.2, -0.3, -0.1))
    assert claim.rule == "pretrend.warning"
    assert "p < 0.001" in claim.text["en"] and "p < 0,001" in claim.text["vi"]
    assert "p = 0.012" in pretrend_claim(_test(leads, 0.0123, 24), _effect(-0.2, -0.3, -0.1)).text["en"]


def test_the_sentence_names_the_year_of_the_largest_lead_in_words() -> None:
    # leads are years before adoption (-1: the 12 months just before); the sentence quotes the largest one
    near = pretrend_claim(_test(_leads([0.01, -0.09], 0.03), 0.01, 24), _effect(-0.2, -0.3, -0.1))
    assert "in the year just before adoption, it was 9.0% lower" in near.text["en"]
    assert "trong năm liền trước khi triển khai" in near.text["vi"]
    far = pretrend_claim(_test(_leads([-0.09, 0.01], 0.03), 0.01, 24), _effect(-0.2, -0.3, -0.1))
    assert "in the second year before adoption, it was 9.0% lower" in far.text["en"]
    assert "trong năm thứ 2 trước khi triển khai" in far.text["vi"]
    assert "year(s)" not in near.text["en"] + far.text["en"]


def test_reassurance_needs_an_equivalence_test_not_just_an_interval_that_covers_zero() -> None:
    # the bundled study's pattern: a lead of -9.9 % (p = 0.07) against an effect of -13.7 %
    wide = _leads([-0.099, -0.048], 0.055)
    verdict, m = pretrend_verdict(wide, -0.08, df=21, joint_p=0.2)
    assert verdict == "inconclusive"
    assert m > 0.099  # it cannot rule out a pre-existing difference larger than the lead itself
    claim = pretrend_claim(_test(wide, 0.2, 21), _effect(-0.137, -0.19, -0.08))
    assert claim.rule == "pretrend.inconclusive" and "cannot rule out" in claim.text["en"]
    assert (
        "90% intervals" in claim.text["en"] and "effect of −" in claim.text["en"]
    )  # the interval used; signed
    assert "did not differ" not in claim.text["en"]
    # small, precise leads against a large effect (the bound nearest zero, -20 %): the equivalence test passes
    tight = _leads([0.004, -0.006], 0.01)
    assert pretrend_verdict(tight, -0.20, df=24, joint_p=0.8)[0] == "reassuring"
    # the same leads against a small effect: half the effect is too narrow a margin to claim equivalence
    assert pretrend_verdict(tight, -0.03, df=24, joint_p=0.8)[0] == "inconclusive"
    # a large estimate whose interval nearly reaches zero: the margin is half the bound, not half the estimate
    assert pretrend_claim(_test(tight, 0.8, 24), _effect(-0.20, -0.38, -0.02)).rule == "pretrend.inconclusive"
    assert pretrend_claim(_test(tight, 0.8, 24), _effect(-0.20, -0.25, -0.15)).rule == "pretrend.reassuring"
    # an effect whose interval spans zero leaves no margin: never reassuring
    assert pretrend_claim(_test(tight, 0.8, 24), _effect(-0.20, -0.40, 0.01)).rule == "pretrend.inconclusive"


def test_sensitivity_sentence_only_for_a_clear_effect() -> None:
    leads = _test(_leads([0.0, 0.0], 0.01), 0.9, 24)
    claim = pretrend_claim(leads, _effect(-0.2, -0.3, -0.1))
    assert claim.detail is not None and "10.0%" in claim.detail["en"]
    assert pretrend_claim(leads, _effect(-0.2, -0.3, 0.02)).detail is None


def test_years_resting_on_few_districts_are_not_judged() -> None:
    years = pd.DataFrame(
        {
            "event_time": [0, 1, 2, 3],
            "conf_low": [-0.1, -0.2, -0.3, -0.5],
            "conf_high": [0.05, -0.01, -0.02, -0.1],
            "districts": [25, 20, MIN_SUPPORT, MIN_SUPPORT - 1],
        }
    )
    claim = lasting_claim(years)
    assert "2 of the 2 years after the year of adoption" in claim.text["en"]
    # the year is numbered as the event-study chart numbers it (0 = the year of adoption)
    assert (
        "Not judged, because fewer than 3 districts reach that far: year 3 since the model started"
        in claim.text["en"]
    )
    assert "năm 3 (số năm so với khi triển khai" in claim.text["vi"]


@pytest.mark.parametrize(
    ("lows", "highs", "rule", "words"),
    [
        ([-0.3, -0.2, -0.1], [0.1, 0.2, -0.01], "districts.clear", "1 of the 3 adopting districts"),
        (
            [-0.3, -0.2, -0.1],
            [0.1, 0.2, 0.3],
            "districts.none_clear",
            "does not mean the models had no effect",
        ),
    ],
)
def test_districts_are_called_clear_only_by_their_simultaneous_intervals(lows, highs, rule, words) -> None:
    claim = district_claim(pd.DataFrame({"conf_low": lows, "conf_high": highs}))
    assert claim.rule == rule
    assert words in claim.text["en"]
    assert "Bonferroni over 3 districts" in claim.detail["en"]


@pytest.mark.parametrize(
    ("spill", "rule", "words"),
    [
        ((0.12, 0.04, 0.2), "displacement.rose", "some crime may have moved next door"),
        ((-0.1, -0.18, -0.02), "displacement.fell", "the benefit may have spread next door"),
        ((0.03, -0.05, 0.11), "displacement.inconclusive", "The data cannot tell whether crime moved"),
    ],
)
def test_crime_is_said_to_have_moved_next_door_only_when_the_interval_says_so(spill, rule, words) -> None:
    row = lambda e, lo, hi: pd.Series({"estimate": e, "conf_low": lo, "conf_high": hi})  # noqa: E731
    claim = displacement_claim(row(-0.12, -0.2, -0.03), row(*spill), row(-0.25, -0.33, -0.17))
    assert claim.rule == rule
    assert words in claim.text["en"]
    assert "12.0% lower" in claim.detail["en"] and "25.0% lower with them (on the same" in claim.detail["en"]


def test_leads_that_cannot_be_tested_are_said_to_be_so(tmp_path) -> None:
    # data that start in 2023: every district adopting after that has no untreated year before its two leads
    sim = simulate_hanoi(1, start="2023-01", end="2025-06")
    study = Study(
        name="sim", crimes=sim.crimes, districts=sim.districts, rollout=sim.rollout, freq="month",
        simulated=True, description="", source={"vi": "", "en": ""}, truth=sim.truth,
    )  # fmt: skip
    ctx = ReportContext(study=study, out=tmp_path, seed=1)
    impact = estimate_impact(ctx)
    assert impact is not None and impact.pretrend is None
    assert any("pre-trend check not possible" in note for note in ctx.notes)
    claim = pretrend_claim(impact.pretrend, impact.overall)
    assert claim.rule == "pretrend.untestable" and claim.detail is None
    assert "could not be checked" in claim.text["en"] and "Không kiểm tra được" in claim.text["vi"]


def test_no_year_to_judge_is_said_so_never_zero_of_zero() -> None:
    """A 20-month study: only year 1 after adoption, on one district; the brief said "0 of the 0 years"."""
    years = pd.DataFrame(
        {"event_time": [0, 1], "conf_low": [-0.3, -0.6], "conf_high": [0.3, 0.1], "districts": [1, 1]}
    )
    claim = lasting_claim(years)
    assert "0 of the 0" not in claim.text["en"] and "0 trong 0" not in claim.text["vi"]
    assert claim.text["en"].startswith("No year after the year of adoption can be judged yet.")
    assert "year 1 since the model started" in claim.text["en"]


@pytest.mark.parametrize("interval", [(-0.3, -0.2, -0.1), (-0.15, -0.4, 0.2)])
def test_an_effect_on_too_few_districts_is_given_but_not_judged(interval) -> None:
    """An estimate resting on one adopting district (the others adopted before the data) is never called
    lower, whatever its interval."""
    claim = effect_claim(*interval, districts=MIN_SUPPORT - 2)
    assert claim.rule == "effect.thin"
    assert (
        "rests on only 1 adopting district(s)" in claim.text["en"] and "too few to judge" in claim.text["en"]
    )
    assert "chỉ dựa trên 1 quận, huyện" in claim.text["vi"]
    assert effect_claim(*interval, districts=MIN_SUPPORT).rule != "effect.thin"


def test_the_brief_does_not_judge_districts_one_by_one_when_the_effect_rests_on_too_few() -> None:
    """'None of the 1 adopting districts shows a clear effect ... (Bonferroni over 1 districts)' followed the
    sentence saying the estimate rests on one district."""
    from types import SimpleNamespace

    from trends.report.brief import _impact_findings

    overall = pd.DataFrame({"estimate": [-0.15], "conf_low": [-0.4], "conf_high": [0.2]})
    impact = SimpleNamespace(
        main=SimpleNamespace(overall=overall),
        overall=overall.iloc[0],
        years=pd.DataFrame({"event_time": [0], "conf_low": [-0.4], "conf_high": [0.2], "districts": [1]}),
        by_district=pd.DataFrame({"district": ["my_duc"], "conf_low": [-60.0], "conf_high": [100.0]}),
        pretrend=None,
        spillover=None,
        truth_pct=None,
    )
    text = " ".join(f.headline for f in _impact_findings(impact, "en"))
    assert "rests on only 1 adopting district(s)" in text and "None of the 1" not in text
