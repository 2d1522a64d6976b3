"""The claims layer: each sentence of the brief about the rollout's effect, from the results, by a stated rule.

Every function takes numbers the report computed and returns a :class:`Claim`: the sentence in Vietnamese and
English, a detail line, and the ``rule`` that chose it, so a test (and a reader of the code) can check that the
words are no stronger than the evidence. The rules:

``effect.clear`` / ``effect.inconclusive``
    The effect is called lower (higher) only when its whole confidence interval is below (above) zero.
    Otherwise the sentence gives the interval and says the data cannot tell the directions apart; it never
    says "no effect" (absence of evidence is not evidence of absence). ``effect.thin``: whatever its interval, an
    effect resting on fewer than :data:`MIN_SUPPORT` adopting districts is given with its interval and called
    too thin to judge (a district-clustered interval from one or two districts says little).
``pretrend.warning`` / ``pretrend.reassuring`` / ``pretrend.inconclusive``
    The leads (the departure from expected in each of the two years before adoption, from the pre-trend test on
    untreated cells, :func:`trends.impact.pretrend_test`) give a *warning* when their joint test rejects at 5 %
    (an F test of all leads, so the chance of a false warning stays 5 % however many years are tested); they are
    *reassuring* only when an equivalence test passes: every lead's 90 % interval (two one-sided tests at 5 %)
    lies within plus or minus half the smallest effect the data support (the bound of the effect's 95 %
    interval nearest zero: a pre-trend inflates the estimate, so the estimate itself would widen the margin).
    Anything else is *inconclusive*, and the sentence says how large a pre-existing difference the check cannot
    rule out. *Untestable* (``pretrend.untestable``) when no adopter has untreated periods before its leads
    (e.g. every district adopted within two years of the data's start): the sentence says the check could not
    be made. How often each sentence is printed when false is measured on simulated studies
    (``benchmarks/RESULTS.md``, "Honest words").
``lasting.years``
    Years since adoption are counted as clearly lower only when at least :data:`MIN_SUPPORT` districts
    contribute to them; years resting on fewer are named as too thin to judge; when no year is left to judge
    the sentence says so (never "0 of the 0 years").
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

from trends.charts import format_change, format_number
from trends.impact.pretrend import PretrendResult
from trends.messages import LANGS, each_lang, t

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
    return t("claim.lower" if value < 0 else "claim.higher", lang, pct=_pct(value, lang, decimals))


_ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def p_text(p: float, lang: str) -> str:
    """A p-value as a sentence gives it: "= 0.034", "< 0.001"."""
    return "< " + format_number(0.001, lang, 3) if p < 0.001 else "= " + format_number(p, lang, 3)


def _years_before(n: int, lang: str) -> str:
    """Which year before adoption a lead bin covers: "in the year just before adoption", "in the second ..."."""
    if n == 1:
        return t("claim.pretrend.when.1", lang)
    nth = _ORDINALS.get(n, f"{n}th") if lang == "en" else str(n)  # Vietnamese: "năm thứ 2"
    return t("claim.pretrend.when", lang, nth=nth)


def _ci(low: float, high: float, lang: str) -> str:
    """An interval of percentages as the brief writes it: "-20,7% … 0,8%"."""
    return f"{format_number(low, lang, 1)}% … {format_number(high, lang, 1)}%"


def effect_claim(
    estimate: float, conf_low: float, conf_high: float, *, level: int = 95, districts: int | None = None
) -> Claim:
    """The headline effect (proportional changes, e.g. -0.079 for 7.9 % fewer recorded cases).

    ``districts``: how many adopting districts the estimate rests on (those with an imputed cell); fewer than
    :data:`MIN_SUPPORT` gives rule ``effect.thin``, whatever the interval.
    """
    est, lo, hi = 100 * estimate, 100 * conf_low, 100 * conf_high
    if districts is not None and districts < MIN_SUPPORT:
        return Claim(
            "effect.thin",
            each_lang("claim.effect.thin", level=level, n=districts, effect=lambda lang: _signed(est, lang),
                      low=lambda lang: _signed(lo, lang), high=lambda lang: _signed(hi, lang)),
        )  # fmt: skip
    if hi < 0 or lo > 0:
        near, far = (hi, lo) if est < 0 else (lo, hi)
        return Claim(
            "effect.clear",
            each_lang("claim.effect.clear", level=level, effect=lambda lang: _signed(est, lang),
                  near=lambda lang: _signed(near, lang), far=lambda lang: _signed(far, lang)),
        )  # fmt: skip
    return Claim(
        "effect.inconclusive",
        each_lang("claim.effect.inconclusive", level=level, effect=lambda lang: _signed(est, lang),
              low=lambda lang: _signed(lo, lang), high=lambda lang: _signed(hi, lang)),
    )  # fmt: skip


def pretrend_verdict(
    leads: pd.DataFrame, effect_bound: float, *, df: int, joint_p: float, alpha: float = 0.05
) -> tuple[str, float]:
    """Judge the leads against the effect: ``("warning" | "reassuring" | "inconclusive", m)``.

    ``effect_bound`` is the bound of the effect's interval nearest zero (0 when that interval includes zero:
    then no margin is left and the leads can never reassure).

    ``leads`` has ``estimate`` (proportional changes before adoption) and ``std_error_log`` (standard error of
    ``log(1 + estimate)``, with ``df`` degrees of freedom: clusters - 1); ``joint_p`` is the p-value of the
    joint test that every lead is zero. A warning when ``joint_p < alpha``; reassuring only when every lead
    passes the equivalence test (two one-sided tests at ``alpha``: its ``1 - 2 alpha`` interval inside plus or
    minus half the effect, on the log scale). ``m`` is the largest pre-existing difference (a proportional
    change, by size) that the leads' ``1 - 2 alpha`` intervals cannot rule out.
    """
    centre = np.log1p(leads["estimate"].to_numpy(float))
    narrow = stats.t.ppf(1 - alpha, df) * leads["std_error_log"].to_numpy(float)
    cannot_rule_out = float(
        np.max(np.maximum(np.abs(np.expm1(centre - narrow)), np.abs(np.expm1(centre + narrow))))
    )
    if joint_p < alpha:
        return "warning", cannot_rule_out
    if (np.abs(centre) + narrow < abs(np.log1p(effect_bound)) / 2).all():
        return "reassuring", cannot_rule_out
    return "inconclusive", cannot_rule_out


def pretrend_claim(test: PretrendResult | None, effect: pd.Series) -> Claim:
    """The pre-adoption check, judged by :func:`pretrend_verdict` against the effect.

    ``test`` is the pre-trend test on the same panel (:func:`trends.impact.pretrend_test`: ``table`` with
    ``event_time`` -1, -2 for the years before adoption, ``estimate``, ``std_error_log``, ``conf_low``,
    ``conf_high``; ``joint``; ``spec["df"]``), or None when the data leave nothing to test (rule
    ``pretrend.untestable``: the sentence says so); the sentence quotes the largest lead. ``effect`` is the headline
    effect (``estimate``, ``conf_low``, ``conf_high``): the bound of its interval nearest zero is the margin's
    base, and says how large a departure from parallel trends would leave the effect indistinguishable from zero.
    """
    if test is None:  # nothing to test against: said, never passed over (rule pretrend.untestable)
        return Claim("pretrend.untestable", each_lang("claim.pretrend.untestable"))
    leads = test.table
    estimate = float(effect["estimate"])
    bound = float(effect["conf_high"] if estimate < 0 else effect["conf_low"])
    clear = bound * estimate > 0
    p = float(test.joint["p_value"])
    verdict, m = pretrend_verdict(leads, bound if clear else 0.0, df=int(test.spec["df"]), joint_p=p)
    worst = test.largest
    text = each_lang(
        f"claim.pretrend.{verdict}",
        when=lambda lang: _years_before(-int(worst["event_time"]), lang),
        years=len(leads),
        p=lambda lang: p_text(p, lang),
        lead=lambda lang: _signed(100 * worst["estimate"], lang),
        ci=lambda lang: _ci(100 * worst["conf_low"], 100 * worst["conf_high"], lang),
        cannot_rule_out=lambda lang: _pct(100 * m, lang),
        bound=lambda lang: _pct(100 * bound, lang),
        effect=lambda lang: format_change(100 * estimate, lang, 1),  # signed, as the estimate beside it
    )
    detail = each_lang("claim.pretrend.sensitivity", departure=lambda lang: _pct(100 * bound, lang))
    # the sensitivity sentence only for an effect that is clear: otherwise its interval already includes zero
    return Claim(f"pretrend.{verdict}", text, detail if clear else None)


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
    key = "claim.lasting.none" if judged.empty else "claim.lasting.higher" if higher else "claim.lasting"
    text = each_lang(key, lower=lower, higher=higher, n=len(judged))
    if len(thin):
        names = ", ".join(str(int(e)) for e in thin["event_time"])  # the event-study chart's numbering
        thin_text = each_lang("claim.lasting.thin", years=names, min_support=MIN_SUPPORT)
        text = {lang: f"{text[lang]} {thin_text[lang]}" for lang in LANGS}
    return Claim("lasting.years", text)


def district_claim(effects: pd.DataFrame, *, level: int = 95) -> Claim:
    """How many districts are clearly lower or higher, by their simultaneous intervals (``conf_low``/``conf_high``)."""
    n_down = int((effects["conf_high"] < 0).sum())
    n_up = int((effects["conf_low"] > 0).sum())
    n = len(effects)
    rule = "districts.clear" if n_down or n_up else "districts.none_clear"
    return Claim(
        rule,
        each_lang(f"claim.{rule}", down=n_down, up=n_up, n=n),
        each_lang("claim.districts.simultaneous", level=level, n=n),
    )


def displacement_claim(direct: pd.Series, spillover: pd.Series, naive: pd.Series) -> Claim:
    """Did crime move next door? From the ``direct``, ``spillover`` and ``direct_naive`` rows of
    :func:`trends.impact.spillover_imputation` (``estimate``, ``conf_low``, ``conf_high``: proportional)."""
    est, lo, hi = (100 * spillover[c] for c in ("estimate", "conf_low", "conf_high"))
    rule = "displacement.rose" if lo > 0 else "displacement.fell" if hi < 0 else "displacement.inconclusive"
    text = each_lang(
        f"claim.{rule}",
        effect=lambda lang: _signed(est, lang),
        ci=lambda lang: t("claim.range", lang, low=_signed(lo, lang), high=_signed(hi, lang)),
    )
    detail = each_lang(
        "claim.displacement.naive",
        direct=lambda lang: _signed(100 * direct["estimate"], lang),
        low=lambda lang: _signed(100 * direct["conf_low"], lang),
        high=lambda lang: _signed(100 * direct["conf_high"], lang),
        naive=lambda lang: _signed(100 * naive["estimate"], lang),
    )
    return Claim(rule, text, detail)
