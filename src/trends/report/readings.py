"""Readings of the robustness checks: what each check's numbers allow an analyst to conclude, by a stated rule.

The notebooks print these sentences under the checks instead of typing conclusions by hand, so the words follow
the numbers on any study. Each function returns a :class:`~trends.report.claims.Claim` (Vietnamese and English
text, and the ``rule`` that chose it). The rules:

``placebo.warning`` / ``placebo.as_large`` / ``placebo.passed``
    A placebo date (adoption moved earlier, only months before the real adoption used) *warns* when its 95 %
    interval excludes zero; otherwise it is *as large* when its estimate is at least as far from zero as the
    real one (the check cannot separate the effect from pre-existing differences); else the check *passed*,
    said as weak evidence (placebo tests have little power with few units).
``leads.warning`` / ``leads.as_large`` / ``leads.smaller``
    Event-study leads (periods before adoption) *warn* when any 95 % interval excludes zero; they are *as large*
    when the largest lead is at least as far from zero as the average effect after adoption (the headline a
    reader is given); else *smaller*.
``sensitivity.nothing_to_overturn`` / ``sensitivity.fragile`` / ``sensitivity.holds_to``
    Rambachan & Roth bounds: when the conventional interval already includes zero there is no conclusion to
    overturn; a breakdown value of 0 means the robust interval includes zero even under exact parallel trends
    (*fragile*); otherwise the conclusion *holds* up to the breakdown value, said against the largest
    pre-adoption departure (relative magnitudes) or as a slope change (smoothness).
``synth.failed`` / ``synth.unusual`` / ``synth.not_unusual``
    A synthetic control that could not reproduce the unit's path before adoption gives no estimate (its gap is
    not reported); otherwise the gap is *unusual* only when the placebo-in-space p-value is at most the level.
``loo.rests_on`` / ``loo.stable``
    Leaving one unit out *rests on* a unit when, without it, the estimate changes sign or leaves the original
    95 % interval; otherwise the estimate is *stable* to dropping any one unit.
``its.lower`` / ``its.higher`` / ``its.inconclusive``
    An interrupted time series (the unit's own pre-adoption trend and season carried past adoption) is *lower*
    or *higher* when the 95 % interval of the relative cumulative effect excludes zero, said with the caveat
    that one series cannot separate the models from anything else that changed at that date; otherwise
    *inconclusive*, never "no effect".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from trends.charts import format_number
from trends.report.claims import Claim

__all__ = [
    "its_reading",
    "leads_reading",
    "leave_one_out_reading",
    "placebo_reading",
    "sensitivity_reading",
    "synthetic_control_reading",
]


def _num(value: float, lang: str, decimals: int = 1) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + format_number(abs(value), lang, decimals)


def _months(check: str, lang: str) -> str:
    """ "placebo -24" -> "24 months earlier" / "sớm hơn 24 tháng"."""
    shift = str(check).removeprefix("placebo").strip().lstrip("-−")
    return f"sớm hơn {shift} tháng" if lang == "vi" else f"{shift} months earlier"


def _excludes_zero(table: pd.DataFrame) -> pd.Series:
    return (table["conf_low"] > 0) | (table["conf_high"] < 0)


def placebo_reading(result: object, *, percent: Callable[[float], float] = lambda v: 100 * v) -> Claim:
    """Read :func:`trends.impact.placebo_dates`: did an "effect" appear at dates when nothing happened?

    ``percent`` turns an estimate into the percentage quoted (default ``100 * v``; for a log coefficient such as
    Poisson PML's pass ``lambda v: 100 * numpy.expm1(v)``).
    """
    table = result.table  # type: ignore[attr-defined]
    original = table.iloc[0]
    placebos = table[table["check"].astype(str).str.startswith("placebo")]
    shifted = placebos[_excludes_zero(placebos)]
    large = placebos[placebos["estimate"].abs() >= abs(float(original["estimate"]))]
    est = percent(float(original["estimate"]))
    text = {}
    for lang in ("vi", "en"):
        if len(shifted):
            row = shifted.iloc[int(np.argmax(shifted["estimate"].abs().to_numpy()))]
            rule = "placebo.warning"
            text[lang] = (
                f"Cảnh báo: với ngày triển khai giả ({_months(row['check'], lang)}), phương pháp vẫn thấy một \"tác động\" "
                f"{_num(percent(float(row['estimate'])), lang)}% có khoảng tin cậy 95% không chứa 0, dù khi đó chưa có "
                "mô hình nào: ước lượng chính có thể một phần phản ánh khác biệt có từ trước."
                if lang == "vi" else
                f"Caution: at a placebo date ({_months(row['check'], lang)}) the method finds an \"effect\" of "
                f"{_num(percent(float(row['estimate'])), lang)}% whose 95% interval excludes zero, although no model "
                "had started: the main estimate may partly reflect differences that existed before adoption."
            )  # fmt: skip
        elif len(large):
            row = large.iloc[int(np.argmax(large["estimate"].abs().to_numpy()))]
            rule = "placebo.as_large"
            text[lang] = (
                f"Không khoảng tin cậy nào của ngày giả loại trừ 0, nhưng ngày giả {_months(row['check'], lang)} cho "
                f"{_num(percent(float(row['estimate'])), lang)}%, lớn bằng hoặc hơn ước lượng thật "
                f"({_num(est, lang)}%): kiểm tra này không tách được tác động khỏi khác biệt có sẵn."
                if lang == "vi" else
                f"No placebo interval excludes zero, but the placebo date {_months(row['check'], lang)} gives "
                f"{_num(percent(float(row['estimate'])), lang)}%, as large as the real estimate ({_num(est, lang)}%): "
                "this check cannot separate the effect from pre-existing differences."
            )  # fmt: skip
        else:
            rule = "placebo.passed"
            text[lang] = (
                f"Không ngày giả nào cho \"tác động\" có khoảng tin cậy loại trừ 0, và đều nhỏ hơn ước lượng thật "
                f"({_num(est, lang)}%). Đây là bằng chứng yếu: kiểm tra giả có ít khả năng phát hiện khi có ít đơn vị."
                if lang == "vi" else
                f"No placebo date gives an \"effect\" whose interval excludes zero, and all are smaller than the real "
                f"estimate ({_num(est, lang)}%). This is weak evidence: placebo tests have little power with few units."
            )  # fmt: skip
    return Claim(rule, text)


def leads_reading(
    table: pd.DataFrame, effect: float, *, percent: Callable[[float], float] = lambda v: 100 * v
) -> Claim:
    """Read an event study's leads (``event_time < 0``, ``estimate``, 95 % intervals) against its headline effect.

    ``effect`` is the average effect after adoption on the same scale (the estimate a reader is given); a lead
    as large as it means the study cannot separate the effect from differences that existed before. The
    reference period (no interval) is ignored.
    """
    rows = table.dropna(subset=["conf_low", "conf_high"])
    leads = rows[rows["event_time"] < 0]
    if leads.empty:
        raise ValueError("the event study has no period before adoption with an interval")
    worst = leads.iloc[int(np.argmax(leads["estimate"].abs().to_numpy()))]
    lead, headline = percent(float(worst["estimate"])), percent(effect)
    flagged = leads[_excludes_zero(leads)]
    text = {}
    for lang in ("vi", "en"):
        when = int(worst["event_time"])
        if len(flagged):
            rule = "leads.warning"
            times = ", ".join(str(int(e)) for e in flagged["event_time"])
            text[lang] = (
                f"Cảnh báo: trước khi triển khai (thời điểm {times}) đã có chênh lệch với khoảng tin cậy 95% không "
                f"chứa 0 (lớn nhất {_num(lead, lang)}%); giả định xu hướng song song đáng ngờ."
                if lang == "vi" else
                f"Caution: before adoption (event time {times}) there are differences whose 95% interval excludes "
                f"zero (largest {_num(lead, lang)}%); parallel trends are in doubt."
            )  # fmt: skip
        elif abs(lead) >= abs(headline):
            rule = "leads.as_large"
            text[lang] = (
                f"Chênh lệch trước khi triển khai ({_num(lead, lang)}% ở thời điểm {when}) lớn bằng hoặc hơn tác động "
                f"trung bình sau đó ({_num(headline, lang)}%): nghiên cứu sự kiện này không tách được tác động khỏi "
                "khác biệt có sẵn, dù khoảng tin cậy của từng thời điểm đều chứa 0."
                if lang == "vi" else
                f"The difference before adoption ({_num(lead, lang)}% at event time {when}) is as large as the "
                f"average effect after ({_num(headline, lang)}%): this event study cannot separate an effect from "
                "pre-existing differences, although every lead's interval includes zero."
            )  # fmt: skip
        else:
            rule = "leads.smaller"
            text[lang] = (
                f"Chênh lệch trước khi triển khai (lớn nhất {_num(lead, lang)}%) nhỏ hơn tác động trung bình sau đó "
                f"({_num(headline, lang)}%) và không khoảng tin cậy nào loại trừ 0; với ít quận, kiểm tra này có ít "
                "khả năng phát hiện xu hướng khác biệt."
                if lang == "vi" else
                f"The differences before adoption (largest {_num(lead, lang)}%) are smaller than the average effect "
                f"after ({_num(headline, lang)}%) and no lead's interval excludes zero; with few units this check has "
                "little power to detect diverging trends."
            )  # fmt: skip
    return Claim(rule, text)


def sensitivity_reading(result: object) -> Claim:
    """Read Rambachan & Roth bounds (:func:`trends.impact.relative_magnitude_bounds` or ``smoothness_bounds``)."""
    original = result.original.iloc[0]  # type: ignore[attr-defined]
    breakdown = float(result.breakdown)  # type: ignore[attr-defined]
    smooth = result.parameter == "m"  # type: ignore[attr-defined]
    text = {}
    for lang in ("vi", "en"):
        if original["conf_low"] <= 0 <= original["conf_high"]:
            rule = "sensitivity.nothing_to_overturn"
            text[lang] = (
                "Khoảng tin cậy thông thường của ước lượng đã chứa 0, nên không có kết luận nào để kiểm tra độ vững."
                if lang == "vi" else
                "The conventional interval of this estimate already includes zero, so there is no conclusion for "
                "the bounds to overturn."
            )  # fmt: skip
        elif breakdown <= 0:
            rule = "sensitivity.fragile"
            text[lang] = (
                "Khoảng tin cậy vững đã chứa 0 ngay cả khi xu hướng song song đúng hoàn toàn (giá trị phá vỡ 0): "
                "kết luận không chịu được bất kỳ sai lệch nào khỏi xu hướng song song."
                if lang == "vi" else
                "The robust interval includes zero even under exact parallel trends (breakdown value 0): the "
                "conclusion does not survive any departure from parallel trends."
            )  # fmt: skip
        elif not np.isfinite(breakdown):
            rule = "sensitivity.holds_to"
            text[lang] = (
                "Trên mọi giá trị đã thử, khoảng tin cậy vững đều loại trừ 0."
                if lang == "vi" else
                "The robust interval excludes zero at every value tried."
            )  # fmt: skip
        else:
            rule = "sensitivity.holds_to"
            if smooth:
                text[lang] = (
                    f"Kết luận còn đúng khi độ dốc của chênh lệch xu hướng thay đổi ít hơn {format_number(breakdown, lang, 3)} "
                    "điểm log mỗi kỳ; lớn hơn thì khoảng tin cậy vững chứa 0."
                    if lang == "vi" else
                    f"The conclusion holds while the slope of the difference in trends changes by less than "
                    f"{format_number(breakdown, lang, 3)} log points per period; beyond that the robust interval "
                    "includes zero."
                )  # fmt: skip
            else:
                size = (
                    {"vi": "nhỏ hơn sai lệch lớn nhất trước khi triển khai", "en": "smaller than the largest one before adoption"}
                    if breakdown < 1 else
                    {"vi": "kể cả khi bằng sai lệch lớn nhất trước khi triển khai", "en": "even as large as the largest one before adoption"}
                )  # fmt: skip
                text[lang] = (
                    f"Kết luận còn đúng khi sai lệch khỏi xu hướng song song sau khi triển khai nhỏ hơn "
                    f"{format_number(breakdown, lang, 2)} lần sai lệch lớn nhất trước đó ({size['vi']})."
                    if lang == "vi" else
                    f"The conclusion holds while post-adoption departures from parallel trends stay below "
                    f"{format_number(breakdown, lang, 2)} times the largest pre-adoption one ({size['en']})."
                )  # fmt: skip
    return Claim(rule, text)


def synthetic_control_reading(result: object, *, alpha: float = 0.05, name: str = "") -> Claim:
    """Read :func:`trends.impact.synthetic_control`: an estimate only when the pre-adoption fit is credible.

    ``name`` names the unit in the sentence (a district's display name; default its id).
    """
    spec = result.spec  # type: ignore[attr-defined]
    unit = name or spec["treated_unit"]
    text = {}
    p = float(result.p_value)  # type: ignore[attr-defined]
    att = float(result.att)  # type: ignore[attr-defined]
    for lang in ("vi", "en"):
        if spec.get("fit_problem"):
            rule = "synth.failed"
            text[lang] = (
                f"Đối chứng tổng hợp không tái tạo được diễn biến của {unit} trước khi triển khai (nằm ngoài phạm vi "
                "các đơn vị đối chứng), nên chênh lệch sau đó không phải là ước lượng tác động và không được nêu."
                if lang == "vi" else
                f"The synthetic control could not reproduce {unit}'s path before adoption (it lies outside the "
                "donors' range), so the gap after adoption is not an estimate of the effect and is not reported."
            )  # fmt: skip
        elif np.isfinite(p) and p <= alpha:
            rule = "synth.unusual"
            text[lang] = (
                f"Chênh lệch sau khi triển khai ở {unit} ({_num(att, lang)} mỗi kỳ) lớn bất thường so với các "
                f"đơn vị đối chứng giả (p = {format_number(p, lang, 3)})."
                if lang == "vi" else
                f"The gap after adoption in {unit} ({_num(att, lang)} per period) is unusual among the donors' "
                f"placebo gaps (p = {format_number(p, lang, 3)})."
            )  # fmt: skip
        else:
            rule = "synth.not_unusual"
            ptext = f" (p = {format_number(p, lang, 3)})" if np.isfinite(p) else ""
            text[lang] = (
                f"Chênh lệch sau khi triển khai ở {unit} ({_num(att, lang)} mỗi kỳ) không khác thường so với các đơn vị "
                f"đối chứng giả{ptext}: chuỗi của một đơn vị không đủ để phân biệt tác động cỡ này với dao động "
                "ngẫu nhiên. Điều này không chứng minh không có tác động."
                if lang == "vi" else
                f"The gap after adoption in {unit} ({_num(att, lang)} per period) is not unusual among the donors' "
                f"placebo gaps{ptext}: one unit's series cannot tell an effect of this size from noise. This does "
                "not show that there was no effect."
            )  # fmt: skip
    return Claim(rule, text)


def leave_one_out_reading(
    result: object,
    conf_low: float,
    conf_high: float,
    *,
    percent: Callable[[float], float] = lambda v: 100 * v,
) -> Claim:
    """Read :func:`trends.impact.leave_one_out` against the original estimate's interval (``conf_low``, ``conf_high``)."""
    table = result.table  # type: ignore[attr-defined]
    original = float(table["estimate"].iloc[0])
    rest = table.iloc[1:]
    lo, hi = float(rest["estimate"].min()), float(rest["estimate"].max())
    flips = rest[
        (np.sign(rest["estimate"]) != np.sign(original)) | ~rest["estimate"].between(conf_low, conf_high)
    ]
    text = {}
    for lang in ("vi", "en"):
        span = f"{_num(percent(lo), lang)}% {'đến' if lang == 'vi' else 'to'} {_num(percent(hi), lang)}%"
        if len(flips):
            rule = "loo.rests_on"
            names = ", ".join(str(c).removeprefix("without ") for c in flips["check"])
            text[lang] = (
                f"Bỏ từng đơn vị, ước lượng dao động từ {span}; khi bỏ {names}, ước lượng đổi dấu hoặc ra ngoài khoảng "
                "tin cậy 95% ban đầu: kết luận dựa vào (các) đơn vị đó."
                if lang == "vi" else
                f"Without one unit at a time the estimate ranges from {span}; without {names} it changes sign or "
                "leaves the original 95% interval: the conclusion rests on that unit (or those units)."
            )  # fmt: skip
        else:
            rule = "loo.stable"
            text[lang] = (
                f"Bỏ từng đơn vị, ước lượng dao động từ {span}, luôn cùng dấu và trong khoảng tin cậy 95% ban đầu: "
                "không đơn vị nào một mình quyết định kết luận."
                if lang == "vi" else
                f"Without one unit at a time the estimate ranges from {span}, always of the same sign and inside the "
                "original 95% interval: no single unit drives the conclusion."
            )  # fmt: skip
    return Claim(rule, text)


def its_reading(
    result: object, *, name: str = "", percent: Callable[[float], float] = lambda v: 100 * v
) -> Claim:
    """Read :func:`trends.impact.its` (its ``relative`` row: cumulative effect / cumulative counterfactual).

    ``name`` names the series in the sentence (a district's display name).
    """
    row = result.table.set_index("term").loc["relative"]  # type: ignore[attr-defined]
    est, lo, hi = (float(row[c]) for c in ("estimate", "conf_low", "conf_high"))
    text = {}
    for lang in ("vi", "en"):
        where = f" ở {name}" if (name and lang == "vi") else f" in {name}" if name else ""
        span = f"{_num(percent(lo), lang)}% {'đến' if lang == 'vi' else 'to'} {_num(percent(hi), lang)}%"
        if lo > 0 or hi < 0:
            rule = "its.lower" if hi < 0 else "its.higher"
            text[lang] = (
                f"Số vụ ghi nhận{where} từ khi triển khai {'thấp' if hi < 0 else 'cao'} hơn dự báo theo xu hướng và "
                f"mùa vụ trước đó {_num(abs(percent(est)), lang)}% (khoảng tin cậy 95%: {span}). Một chuỗi số liệu "
                "không tách được tác động của mô hình với những thay đổi khác cùng thời điểm."
                if lang == "vi" else
                f"Recorded cases{where} since adoption were {_num(abs(percent(est)), lang)}% "
                f"{'below' if hi < 0 else 'above'} the forecast from the earlier trend and season (95% interval "
                f"{span}). One series cannot separate the models from anything else that changed at that date."
            )  # fmt: skip
        else:
            rule = "its.inconclusive"
            text[lang] = (
                f"Số vụ ghi nhận{where} từ khi triển khai chênh {_num(percent(est), lang)}% so với dự báo theo xu "
                f"hướng và mùa vụ trước đó (khoảng tin cậy 95%: {span}, bao gồm 0): chưa thể kết luận. Điều này "
                "không chứng minh không có tác động."
                if lang == "vi" else
                f"Recorded cases{where} since adoption differ from the forecast from the earlier trend and season "
                f"by {_num(percent(est), lang)}% (95% interval {span}, which includes zero): one series cannot "
                "tell. This does not show that there was no effect."
            )  # fmt: skip
    return Claim(rule, text)
