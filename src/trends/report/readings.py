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
    Event-study leads (periods before adoption) *warn* when any 95 % interval excludes zero, or when the joint
    test of every pre-adoption effect (``joint_p``, when given) rejects at 5 %; they are *as large*
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
``loo.nothing_to_drive`` / ``loo.rests_on`` / ``loo.stable``
    When the original 95 % interval includes zero there is no conclusion for one unit to drive; otherwise leaving
    one unit out *rests on* a unit when, without it, the estimate changes sign or leaves the original 95 %
    interval, and the estimate is *stable* to dropping any one unit when it never does.
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
from trends.messages import each_lang, t
from trends.report.claims import Claim, p_text

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


def _earlier(check: str, lang: str, freq: str) -> str:
    """ "placebo -24" -> "24 months earlier" / "sớm hơn 24 tháng" (quarters or years at those frequencies)."""
    n = str(check).removeprefix("placebo").strip().lstrip("-−")
    return t("reading.periods_earlier", lang, n=n, periods=t(f"period.{freq}s", lang))


def _span(low: float, high: float, lang: str) -> str:
    return t("reading.range", lang, low=_num(low, lang), high=_num(high, lang))


def _excludes_zero(table: pd.DataFrame) -> pd.Series:
    return (table["conf_low"] > 0) | (table["conf_high"] < 0)


def placebo_reading(
    result: object, *, percent: Callable[[float], float] = lambda v: 100 * v, freq: str = "month"
) -> Claim:
    """Read :func:`trends.impact.placebo_dates`: did an "effect" appear at dates when nothing happened?

    ``percent`` turns an estimate into the percentage quoted (default ``100 * v``; for a log coefficient such as
    Poisson PML's pass ``lambda v: 100 * numpy.expm1(v)``). ``freq`` (``"month"``, ``"quarter"``, ``"year"``) is
    the unit of the placebo shifts, the data's periods.
    """
    if freq not in ("month", "quarter", "year"):
        raise ValueError(f"freq must be 'month', 'quarter' or 'year', got {freq!r}")
    table = result.table  # type: ignore[attr-defined]
    original = table.iloc[0]
    placebos = table[table["check"].astype(str).str.startswith("placebo")]
    shifted = placebos[_excludes_zero(placebos)]
    large = placebos[placebos["estimate"].abs() >= abs(float(original["estimate"]))]
    est = percent(float(original["estimate"]))
    flagged = shifted if len(shifted) else large
    rule = "placebo.warning" if len(shifted) else "placebo.as_large" if len(large) else "placebo.passed"
    row = flagged.iloc[int(np.argmax(flagged["estimate"].abs().to_numpy()))] if len(flagged) else None
    return Claim(
        rule,
        each_lang(
            f"reading.{rule}",
            when=lambda lang: _earlier(row["check"], lang, freq) if row is not None else "",
            placebo=lambda lang: _num(percent(float(row["estimate"])), lang) if row is not None else "",
            estimate=lambda lang: _num(est, lang),
        ),
    )


def leads_reading(
    table: pd.DataFrame,
    effect: float,
    *,
    joint_p: float | None = None,
    percent: Callable[[float], float] = lambda v: 100 * v,
) -> Claim:
    """Read an event study's leads (``event_time < 0``, ``estimate``, 95 % intervals) against its headline effect.

    ``effect`` is the average effect after adoption on the same scale (the estimate a reader is given); a lead
    as large as it means the study cannot separate the effect from differences that existed before. The
    reference period (no interval) is ignored. ``joint_p``: the p-value of the joint test of the pre-adoption
    effects (R ``did``'s pre-test), when there is one: a rejection is bad news even when no single lead's
    interval excludes zero.
    """
    rows = table.dropna(subset=["conf_low", "conf_high"])
    leads = rows[rows["event_time"] < 0]
    if leads.empty:
        raise ValueError("the event study has no period before adoption with an interval")
    worst = leads.iloc[int(np.argmax(leads["estimate"].abs().to_numpy()))]
    lead, headline = percent(float(worst["estimate"])), percent(effect)
    flagged = leads[_excludes_zero(leads)]
    joint = joint_p is not None and np.isfinite(joint_p) and joint_p < 0.05
    rule = (
        "leads.warning"
        if len(flagged) or joint
        else "leads.as_large"
        if abs(lead) >= abs(headline)
        else "leads.smaller"
    )
    key = "reading.leads.joint" if joint and not len(flagged) else f"reading.{rule}"
    return Claim(
        rule,
        each_lang(
            key,
            p=lambda lang: p_text(float(joint_p or 0.0), lang),
            times=", ".join(str(int(e)) for e in flagged["event_time"]),
            when=int(worst["event_time"]),
            lead=lambda lang: _num(lead, lang),
            effect=lambda lang: _num(headline, lang),
        ),
    )


def sensitivity_reading(result: object) -> Claim:
    """Read Rambachan & Roth bounds (:func:`trends.impact.relative_magnitude_bounds` or ``smoothness_bounds``)."""
    original = result.original.iloc[0]  # type: ignore[attr-defined]
    breakdown = float(result.breakdown)  # type: ignore[attr-defined]
    smooth = result.parameter == "m"  # type: ignore[attr-defined]
    if original["conf_low"] <= 0 <= original["conf_high"]:
        rule, key = "sensitivity.nothing_to_overturn", "reading.sensitivity.nothing_to_overturn"
    elif breakdown <= 0:
        rule, key = "sensitivity.fragile", "reading.sensitivity.fragile"
    elif not np.isfinite(breakdown):
        rule, key = "sensitivity.holds_to", "reading.sensitivity.holds_everywhere"
    elif smooth:
        rule, key = "sensitivity.holds_to", "reading.sensitivity.holds_to_slope"
    else:
        rule = "sensitivity.holds_to"
        key = (
            "reading.sensitivity.holds_to_smaller" if breakdown < 1 else "reading.sensitivity.holds_to_larger"
        )
    return Claim(
        rule,
        each_lang(key, slope=lambda lang: format_number(breakdown, lang, 3),
                  times=lambda lang: format_number(breakdown, lang, 2)),
    )  # fmt: skip


def synthetic_control_reading(result: object, *, alpha: float = 0.05, name: str = "") -> Claim:
    """Read :func:`trends.impact.synthetic_control`: an estimate only when the pre-adoption fit is credible.

    ``name`` names the unit in the sentence (a district's display name; default its id).
    """
    spec = result.spec  # type: ignore[attr-defined]
    p = float(result.p_value)  # type: ignore[attr-defined]
    att = float(result.att)  # type: ignore[attr-defined]
    if spec.get("fit_problem"):
        rule = "synth.failed"
    elif np.isfinite(p) and p <= alpha:
        rule = "synth.unusual"
    else:
        rule = "synth.not_unusual"
    return Claim(
        rule,
        each_lang(
            f"reading.{rule}",
            unit=name or spec["treated_unit"],
            gap=lambda lang: _num(att, lang),
            p=lambda lang: t("reading.synth.p", lang, p=format_number(p, lang, 3)) if np.isfinite(p) else "",
        ),
    )


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
    rule = (
        "loo.nothing_to_drive"
        if conf_low <= 0 <= conf_high
        else "loo.rests_on"
        if len(flips)
        else "loo.stable"
    )
    return Claim(
        rule,
        each_lang(
            f"reading.{rule}",
            span=lambda lang: _span(percent(lo), percent(hi), lang),
            units=", ".join(str(c).removeprefix("without ") for c in flips["check"]),
        ),
    )


def its_reading(
    result: object, *, name: str = "", percent: Callable[[float], float] = lambda v: 100 * v
) -> Claim:
    """Read :func:`trends.impact.its` (its ``relative`` row: cumulative effect / cumulative counterfactual).

    ``name`` names the series in the sentence (a district's display name).
    """
    row = result.table.set_index("term").loc["relative"]  # type: ignore[attr-defined]
    est, lo, hi = (float(row[c]) for c in ("estimate", "conf_low", "conf_high"))
    rule = "its.lower" if hi < 0 else "its.higher" if lo > 0 else "its.inconclusive"
    return Claim(
        rule,
        each_lang(
            f"reading.{rule}",
            where=lambda lang: t("reading.its.where", lang, name=name) if name else "",
            size=lambda lang: format_number(abs(percent(est)), lang, 1),  # a size: "32.0% below", no sign
            estimate=lambda lang: _num(percent(est), lang),
            span=lambda lang: _span(percent(lo), percent(hi), lang),
        ),
    )
