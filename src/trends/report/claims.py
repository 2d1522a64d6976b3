"""The claims layer: each sentence of the brief about the rollout's effect, from the results, by a stated rule.

Every function takes numbers the report computed and returns a :class:`Claim`: the sentence in Vietnamese and
English, a detail line, and the ``rule`` that chose it, so a test (and a reader of the code) can check that the
words are no stronger than the evidence. The rules:

``effect.clear`` / ``effect.inconclusive``
    The effect is called lower (higher) only when its whole confidence interval is below (above) zero.
    Otherwise the sentence gives the interval and says the data cannot tell the directions apart; it never
    says "no effect" (absence of evidence is not evidence of absence).
``pretrend.warning`` / ``pretrend.reassuring`` / ``pretrend.inconclusive``
    The pooled lead (the departure from expected in the two years before adoption, fitted on the same series
    as the effect it is compared with) gives a *warning* when its 95 % interval excludes zero; it is
    *reassuring* only when an equivalence test passes: its 90 % interval (two one-sided tests at 5 %) lies
    within plus or minus half the smallest same-sample effect the data support (the bound of its 95 % interval
    nearest zero: a pre-trend inflates the estimate, so the estimate itself would widen the margin). Anything
    else is *inconclusive*, and the sentence says how large a pre-existing difference the check cannot rule
    out.
``lasting.years``
    Years since adoption are counted as clearly lower only when at least :data:`MIN_SUPPORT` districts
    contribute to them; years resting on fewer are named as too thin to judge.
``displacement.rose`` / ``displacement.fell`` / ``displacement.inconclusive``
    Crime is said to have risen (fallen) in the not-yet-adopting neighbours of adopting districts only when the
    spill-over effect's 95 % interval is above (below) zero; otherwise the sentence says the data cannot tell.
``districts.clear`` / ``districts.none_clear``
    A district is called clearly lower or higher only when its *simultaneous* interval (Bonferroni over the
    districts compared; the interval carries the uncertainty of the expected count) excludes zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from trends.charts import format_number

__all__ = [
    "MIN_SUPPORT",
    "Claim",
    "displacement_claim",
    "district_claim",
    "effect_claim",
    "lasting_claim",
    "pretrend_claim",
    "pretrend_verdict",
]

#: Fewest districts an event year must rest on before the brief judges it.
MIN_SUPPORT = 3


@dataclass(frozen=True)
class Claim:
    """One finding of the brief: its sentence and detail in both languages, and the rule that chose it."""

    rule: str
    text: dict[str, str]
    detail: dict[str, str] | None = None


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return format_number(abs(value), lang, decimals) + "%"


def _signed(value: float, lang: str, decimals: int = 1) -> str:
    """A signed percentage in words: "4,2% thấp hơn" / "4.2% lower"."""
    word = {
        ("vi", True): "thấp hơn",
        ("vi", False): "cao hơn",
        ("en", True): "lower",
        ("en", False): "higher",
    }
    return f"{_pct(value, lang, decimals)} {word[(lang, value < 0)]}"


def effect_claim(estimate: float, conf_low: float, conf_high: float, *, level: int = 95) -> Claim:
    """The headline effect (proportional changes, e.g. -0.079 for 7.9 % fewer recorded cases)."""
    est, lo, hi = 100 * estimate, 100 * conf_low, 100 * conf_high
    text = {}
    if hi < 0 or lo > 0:
        for lang in ("vi", "en"):
            text[lang] = (
                f"Sau khi triển khai mô hình, số vụ ghi nhận {_signed(est, lang)} dự kiến (khoảng tin cậy {level}%: "
                f"{_signed(hi if est < 0 else lo, lang)} đến {_signed(lo if est < 0 else hi, lang)})."
                if lang == "vi" else
                f"After the models started, recorded crime was {_signed(est, lang)} than expected ({level}% "
                f"confidence interval: {_signed(hi if est < 0 else lo, lang)} to {_signed(lo if est < 0 else hi, lang)})."
            )  # fmt: skip
        return Claim("effect.clear", text)
    for lang in ("vi", "en"):
        text[lang] = (
            f"Sau khi triển khai mô hình, số vụ ghi nhận {_signed(est, lang)} dự kiến, nhưng khoảng tin cậy {level}% "
            f"trải từ {_signed(lo, lang)} đến {_signed(hi, lang)}: số liệu chưa phân biệt được mức giảm với không "
            "đổi hay mức tăng. Điều này không chứng minh mô hình không có tác dụng."
            if lang == "vi" else
            f"After the models started, recorded crime was {_signed(est, lang)} than expected, but the {level}% "
            f"confidence interval runs from {_signed(lo, lang)} to {_signed(hi, lang)}: the data cannot yet tell a "
            "reduction from no change or a rise. This does not show that the models had no effect."
        )  # fmt: skip
    return Claim("effect.inconclusive", text)


def pretrend_verdict(
    leads: pd.DataFrame, effect_bound: float, *, df: int, alpha: float = 0.05
) -> tuple[str, float]:
    """Judge the leads against the same-sample effect: ``("warning" | "reassuring" | "inconclusive", m)``.

    ``effect_bound`` is the bound of the same-sample effect's interval nearest zero (0 when that interval
    includes zero: then no margin is left and the leads can never reassure).

    ``leads`` has ``estimate`` (proportional changes before adoption) and ``std_error_log`` (standard error of
    ``log(1 + estimate)``, with ``df`` degrees of freedom: clusters - 1). A warning when any lead's
    ``1 - alpha`` interval excludes zero; reassuring only when every lead passes the equivalence test (two
    one-sided tests at ``alpha``: its ``1 - 2 alpha`` interval inside plus or minus half the effect, on the log
    scale). ``m`` is the largest pre-existing difference (a proportional change, by size) that the leads'
    ``1 - 2 alpha`` intervals cannot rule out.
    """
    centre = np.log1p(leads["estimate"].to_numpy(float))
    se = leads["std_error_log"].to_numpy(float)
    wide = stats.t.ppf(1 - alpha / 2, df) * se
    narrow = stats.t.ppf(1 - alpha, df) * se
    cannot_rule_out = float(
        np.max(np.maximum(np.abs(np.expm1(centre - narrow)), np.abs(np.expm1(centre + narrow))))
    )
    if (np.abs(centre) > wide).any():
        return "warning", cannot_rule_out
    if (np.abs(centre) + narrow < abs(np.log1p(effect_bound)) / 2).all():
        return "reassuring", cannot_rule_out
    return "inconclusive", cannot_rule_out


def pretrend_claim(
    leads: pd.DataFrame, same_sample: pd.Series, effect_nearest_zero: float, *, df: int
) -> Claim:
    """The pre-adoption check, judged by :func:`pretrend_verdict` against the same-sample effect.

    ``same_sample`` is the effect on the series the lead fit kept (``estimate``, ``conf_low``, ``conf_high``).

    ``leads`` has ``event_time`` (-1, -2: years before adoption), ``estimate``, ``std_error_log``,
    ``conf_low`` and ``conf_high`` (95 %); the sentence quotes the largest lead. ``effect_nearest_zero`` is the
    bound of the main effect's interval nearest zero: it says how large a departure from parallel trends would
    leave that effect indistinguishable from zero.
    """
    effect = float(same_sample["estimate"])
    bound = float(same_sample["conf_high"] if effect < 0 else same_sample["conf_low"])
    verdict, m = pretrend_verdict(leads, bound if bound * effect > 0 else 0.0, df=df)
    worst = leads.iloc[int(np.argmax(np.abs(np.log1p(leads["estimate"].to_numpy(float)))))]
    years = len(leads)
    text, detail = {}, {}
    for lang in ("vi", "en"):
        lead_words = _signed(100 * worst["estimate"], lang)
        ci = f"{format_number(100 * worst['conf_low'], lang, 1)}% … {format_number(100 * worst['conf_high'], lang, 1)}%"
        before = -int(worst["event_time"])
        if verdict == "warning":
            text[lang] = (
                f"Cảnh báo: {before} năm trước khi triển khai, số vụ ghi nhận đã {lead_words} dự kiến "
                f"(khoảng tin cậy 95%: {ci}); một phần tác động ước lượng có thể không do mô hình."
                if lang == "vi" else
                f"Caution: {before} year(s) before adoption, recorded crime was already {lead_words} than "
                f"expected (95% confidence interval: {ci}); part of the estimated effect may not be due to the models."
            )  # fmt: skip
        elif verdict == "reassuring":
            text[lang] = (
                f"Kiểm tra: trong {years} năm trước khi triển khai, số vụ ghi nhận nằm trong khoảng ±{_pct(100 * m, lang)} "
                f"so với dự kiến, nhỏ hơn một nửa tác động nhỏ nhất mà số liệu cho phép ({_pct(100 * bound, lang)}) "
                "trên cùng các chuỗi."
                if lang == "vi" else
                f"Check: in the {years} years before adoption, recorded crime stayed within ±{_pct(100 * m, lang)} "
                f"of expected, less than half the smallest effect the data support ({_pct(100 * bound, lang)}) on the "
                "same series."
            )  # fmt: skip
        else:
            text[lang] = (
                f"Kiểm tra trước khi triển khai chưa cho kết luận: {before} năm trước đó, số vụ {lead_words} dự kiến "
                f"(khoảng tin cậy 95%: {ci}), nên chưa loại trừ được một chênh lệch có sẵn tới {_pct(100 * m, lang)}, "
                f"so với tác động ước lượng {_pct(100 * effect, lang)} trên cùng các chuỗi."
                if lang == "vi" else
                f"The check before adoption is inconclusive: {before} year(s) before, recorded crime was "
                f"{lead_words} than expected (95% confidence interval: {ci}), so a pre-existing difference of up "
                f"to {_pct(100 * m, lang)} cannot be ruled out, against an estimated effect of "
                f"{_pct(100 * effect, lang)} on the same series."
            )  # fmt: skip
        detail[lang] = (
            f"Một xu hướng khác biệt có sẵn giữa các quận, huyện gây chênh lệch hơn {_pct(100 * effect_nearest_zero, lang)} "
            "là đủ để khoảng tin cậy của tác động chứa 0."
            if lang == "vi" else
            "A pre-existing difference in trends between districts worth more than "
            f"{_pct(100 * effect_nearest_zero, lang)} would be enough for the effect's confidence interval to include zero."
        )  # fmt: skip
    # the sensitivity sentence only for an effect that is clear: otherwise its interval already includes zero
    return Claim(f"pretrend.{verdict}", text, detail if effect_nearest_zero * effect > 0 else None)


def lasting_claim(years: pd.DataFrame) -> Claim:
    """Years after the first that stay clearly lower, judged only where enough districts contribute.

    ``years`` has ``event_time`` (years since adoption, 0 = the first), ``conf_low``, ``conf_high`` and
    ``districts`` (how many adopting districts contribute to that year).
    """
    later = years[years["event_time"] >= 1]
    judged = later[later["districts"] >= MIN_SUPPORT]
    thin = later[later["districts"] < MIN_SUPPORT]
    lower = int((judged["conf_high"] < 0).sum())
    higher = int((judged["conf_low"] > 0).sum())
    text = {
        "vi": f"Số vụ thấp hơn dự kiến rõ ràng ở {lower} trong {len(judged)} năm sau năm đầu"
        + (f", cao hơn rõ ràng ở {higher}" if higher else "")
        + ".",
        "en": f"Recorded crime was clearly lower than expected in {lower} of the {len(judged)} years after the first"
        + (f" and clearly higher in {higher}" if higher else "")
        + ".",
    }
    if len(thin):
        names = ", ".join(str(int(e) + 1) for e in thin["event_time"])
        text["vi"] += (
            f" Chưa đánh giá năm thứ {names} sau khi triển khai vì chỉ dựa trên dưới {MIN_SUPPORT} quận, huyện."
        )
        text["en"] += (
            f" Not judged, as they rest on fewer than {MIN_SUPPORT} districts: year {names} after adoption."
        )
    return Claim("lasting.years", text)


def district_claim(effects: pd.DataFrame, *, level: int = 95) -> Claim:
    """How many districts are clearly lower or higher, by their simultaneous intervals (``conf_low``/``conf_high``)."""
    n_down = int((effects["conf_high"] < 0).sum())
    n_up = int((effects["conf_low"] > 0).sum())
    n = len(effects)
    if n_down or n_up:
        text = {
            "vi": f"{n_down} trong {n} quận, huyện đã triển khai có số vụ thấp hơn dự kiến rõ ràng; {n_up} cao hơn rõ ràng.",
            "en": f"{n_down} of the {n} adopting districts recorded clearly fewer cases than expected; {n_up} clearly more.",
        }  # fmt: skip
        rule = "districts.clear"
    else:
        text = {
            "vi": f"Chưa quận, huyện nào trong {n} nơi đã triển khai có tác động rõ ràng khi tính cả độ bất định của số "
            "vụ dự kiến và việc so sánh nhiều quận cùng lúc; điều này không có nghĩa là mô hình không có tác dụng ở "
            "các quận đó.",
            "en": f"None of the {n} adopting districts shows a clear effect on its own once the uncertainty of its "
            "expected count and the number of districts compared are allowed for; this does not mean the models had "
            "no effect there.",
        }  # fmt: skip
        rule = "districts.none_clear"
    detail = {
        "vi": f"Khoảng tin cậy đồng thời {level}% (Bonferroni cho {n} quận, huyện): xác suất để mọi khoảng cùng chứa "
        "giá trị thật ít nhất là 95%.",
        "en": f"Simultaneous {level}% intervals (Bonferroni over {n} districts): all of them cover their true effect "
        f"together with probability at least {level}%.",
    }  # fmt: skip
    return Claim(rule, text, detail)


def displacement_claim(direct: pd.Series, spillover: pd.Series, naive: pd.Series) -> Claim:
    """Did crime move next door? From the ``direct``, ``spillover`` and ``direct_naive`` rows of
    :func:`trends.impact.spillover_imputation` (``estimate``, ``conf_low``, ``conf_high``: proportional)."""
    est, lo, hi = (100 * spillover[c] for c in ("estimate", "conf_low", "conf_high"))
    text = {}
    for lang in ("vi", "en"):
        ci = f"{_signed(lo, lang)} {'đến' if lang == 'vi' else 'to'} {_signed(hi, lang)}"
        if lo > 0:
            rule = "displacement.rose"
            text[lang] = (
                f"Ở các quận, huyện lân cận chưa triển khai, số vụ ghi nhận {_signed(est, lang)} dự kiến (khoảng tin "
                f"cậy 95%: {ci}): một phần tội phạm có thể đã chuyển sang địa bàn bên cạnh."
                if lang == "vi" else
                f"In neighbouring districts that had not adopted yet, recorded crime was {_signed(est, lang)} than "
                f"expected (95% confidence interval: {ci}): some crime may have moved next door."
            )  # fmt: skip
        elif hi < 0:
            rule = "displacement.fell"
            text[lang] = (
                f"Ở các quận, huyện lân cận chưa triển khai, số vụ ghi nhận cũng {_signed(est, lang)} dự kiến (khoảng "
                f"tin cậy 95%: {ci}): lợi ích có thể đã lan sang địa bàn bên cạnh."
                if lang == "vi" else
                f"In neighbouring districts that had not adopted yet, recorded crime was also {_signed(est, lang)} "
                f"than expected (95% confidence interval: {ci}): the benefit may have spread next door."
            )  # fmt: skip
        else:
            rule = "displacement.inconclusive"
            text[lang] = (
                f"Chưa xác định được tội phạm có chuyển sang các quận, huyện lân cận hay không: ở các quận lân cận chưa "
                f"triển khai, số vụ {_signed(est, lang)} dự kiến, khoảng tin cậy 95% từ {ci}."
                if lang == "vi" else
                "The data cannot tell whether crime moved to neighbouring districts: in neighbours that had not "
                f"adopted yet, recorded crime was {_signed(est, lang)} than expected, with a 95% confidence "
                f"interval from {ci}."
            )  # fmt: skip
    d, n = 100 * direct["estimate"], 100 * naive["estimate"]
    detail = {
        "vi": f"Khi không dùng các quận lân cận đó làm nhóm so sánh, tác động ở các quận đã triển khai là "
        f"{_signed(d, 'vi')} dự kiến (khoảng tin cậy 95%: {_signed(100 * direct['conf_low'], 'vi')} đến "
        f"{_signed(100 * direct['conf_high'], 'vi')}), so với {_signed(n, 'vi')} khi có chúng (trên cùng các quận, "
        "huyện: những nơi ước lượng được mức nền trước khi chính nó hoặc quận lân cận triển khai).",
        "en": f"Without those neighbours in the comparison group, the effect on adopting districts is "
        f"{_signed(d, 'en')} than expected (95% confidence interval: {_signed(100 * direct['conf_low'], 'en')} to "
        f"{_signed(100 * direct['conf_high'], 'en')}), against {_signed(n, 'en')} with them (on the same "
        "districts: those whose level can be fitted before they or a neighbour adopted).",
    }
    return Claim(rule, text, detail)
