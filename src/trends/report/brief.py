"""The words of the policy brief, in Vietnamese and English, from the numbers the report sections computed.

Every number quoted here comes from the sections' typed results (``ReportContext.results``,
:mod:`trends.report.sections`); nothing is estimated in this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trends import __version__
from trends.charts import format_change, format_month, format_number, label_for
from trends.messages import t
from trends.report.claims import (
    MIN_SUPPORT,
    displacement_claim,
    district_claim,
    effect_claim,
    lasting_claim,
    pretrend_claim,
)
from trends.report.render import Brief, BriefFigure, Finding, write_html, write_pdf
from trends.report.sections import TOTAL, Change, ForecastSummary, ImpactSummary, Overview

if TYPE_CHECKING:
    from trends.report._run import ReportContext

__all__ = ["HORIZON", "ahead", "capital", "caveats", "period_label", "section_brief", "span_label"]

#: Forecast horizon of the report by frequency: one year ahead, three for annual data.
HORIZON = {"month": 12, "quarter": 4, "year": 3}


def ahead(freq: str, lang: str, *, past: bool = False) -> str:
    """The forecast window in words: "12 tháng tới" / "next 12 months"; ``past=True``: the last as many."""
    return t(
        "brief.window.past" if past else "brief.window.next",
        lang,
        n=HORIZON[freq],
        periods=_unit(freq, lang, plural=True),
    )


def _unit(freq: str, lang: str, *, plural: bool = False) -> str:
    """A period's name: "tháng" / "month" ("months" with ``plural``)."""
    return t(f"period.{freq}s" if plural else f"period.{freq}", lang)


def span_label(first, last, freq: str) -> str:
    """The period the data cover, written at their frequency: 01/2024–08/2024, Q1/2016–Q4/2024, 2008–2024."""

    return f"{period_label(first, freq)}–{period_label(last, freq)}"


def period_label(p, freq: str) -> str:
    """One period at its frequency: 01/2024, Q1/2016, 2008."""
    return {"month": f"{p:%m/%Y}", "quarter": f"Q{p.quarter}/{p.year}", "year": f"{p.year}"}[freq]


#: The charts the brief shows, in order.
_FIGURES = ("city_trend", "forecast", "event_study", "district_effects", "rate_map", "forecast_new_units",
            "rollout_timeline")  # fmt: skip


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return format_number(value, lang, decimals)


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return format_number(abs(value), lang, decimals) + "%"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _change_finding(ctx: ReportContext, change: Change, lang: str) -> Finding:
    """Recorded crime in the first against the latest 12 months, and by offence."""
    by_off = change.by_offence
    up = by_off[by_off["change"] > 0]  # from zero too (no percentage then)
    falls = by_off[by_off["change_pct"] < 0].sort_values("change_pct")

    def off(k: str) -> str:
        return label_for(k, lang, ctx.study.labels.get("offence")).lower()

    risers = (
        t("brief.change.risers", lang, offences=", ".join(off(k) for k in up["offence"]))
        if len(up)
        else t("brief.change.no_riser", lang)
    )
    fall = (
        t("brief.change.largest_fall", lang, offence=off(falls["offence"].iloc[0]),
          pct=_pct(falls["change_pct"].iloc[0], lang, 0))
        if len(falls)
        else t("brief.change.no_fall", lang)
    )  # fmt: skip
    if len(by_off) == 1:  # one offence: its change is the headline's, said once
        fall, risers = "", ""
    if change.place is not None:  # the districts without a missing cell: said first
        fall = t("brief.change.where", lang, place=change.place[lang]) + " " + fall
    key = "brief.change.fell" if change.pct < 0 else "brief.change.rose"
    if not change.first:  # no percentage from a first 12 months without cases
        key = "brief.change.from_zero"
    return Finding(
        t(key, lang, pct=_pct(change.pct, lang), first=_n(change.first, lang), last=_n(change.last, lang)),
        (fall + " " + risers).strip(),
    )


def _findings(ctx: ReportContext, lang: str) -> list[Finding]:
    results = ctx.results
    out: list[Finding] = []
    if results.overview is not None:
        out.append(_overview_finding(ctx, results.overview, lang))
    if results.forecast is not None:
        out.append(_forecast_finding(ctx, results.forecast, lang))
    if results.impact is not None:
        impact = _impact_findings(results.impact, lang)
        if results.gaps is not None:  # the effect rests on the districts left: said under its headline
            where = t("brief.impact.where", lang, place=results.gaps.place[lang])
            head = impact[0]
            impact[0] = Finding(head.headline, f"{head.detail} {where}".strip())
        out += impact
    return out


def _overview_finding(ctx: ReportContext, overview: Overview, lang: str) -> Finding:
    if overview.change is not None:
        return _change_finding(ctx, overview.change, lang)
    # fewer than two 12-month windows (report.section_overview), or a missing cell in every district (the
    # caveats say which parts were not run, and why)
    short = ctx.skipped.get("change") == "short"
    return Finding(
        t("brief.total", lang, total=_n(overview.total, lang), span=overview.span),
        t("brief.total.no_change", lang) if short else "",
    )


def _forecast_finding(ctx: ReportContext, f: ForecastSummary, lang: str) -> Finding:
    freq = ctx.study.freq
    unit = _unit(freq, lang)
    detail = [
        t("brief.forecast.detail", lang, unit=unit, lo80=_n(f.period_lo_80, lang), hi80=_n(f.period_hi_80, lang),
          lo95=_n(f.period_lo_95, lang), hi95=_n(f.period_hi_95, lang))
    ]  # fmt: skip
    if f.rough_intervals:
        detail.append(t("brief.forecast.rough", lang))
    if f.breaks:
        names = ", ".join(
            t("brief.forecast.the_total", lang) if d == TOTAL else ctx.district_name(d, lang)
            for d in f.breaks
        )
        detail.append(t("brief.forecast.breaks", lang, districts=names))
    window = capital(ahead(freq, lang))
    gaps = ctx.results.gaps
    if gaps is not None:  # districts with missing cells left out: the total is theirs, not the study's
        window += t("brief.forecast.where", lang, place=gaps.place[lang])
    return Finding(
        t("brief.forecast", lang, window=window, total=_n(f.total, lang),
          change=format_change(f.change_pct, lang), past=ahead(freq, lang, past=True),
          period_mean=_n(f.period_mean, lang), unit=unit),
        " ".join(detail),
    )  # fmt: skip


def _impact_findings(impact: ImpactSummary, lang: str) -> list[Finding]:
    o = impact.overall
    n = len(impact.by_district)
    claims = [
        effect_claim(o["estimate"], o["conf_low"], o["conf_high"], districts=n),
        lasting_claim(impact.years),
        # on fewer than MIN_SUPPORT districts the effect sentence already says what it rests on ("None of the 1")
        *([district_claim(impact.by_district)] if n >= MIN_SUPPORT else []),
        pretrend_claim(impact.pretrend, o),
    ]
    spill = impact.spillover
    if spill is not None and spill.table[["estimate", "conf_low", "conf_high"]].notna().all().all():
        claims.append(
            displacement_claim(spill.term("direct"), spill.term("spillover"), spill.term("direct_naive"))
        )
    out = [Finding(c.text[lang], c.detail[lang] if c.detail else "") for c in claims]
    if impact.truth_pct is not None:
        truth = impact.truth_pct
        covered = 100 * o["conf_low"] <= truth <= 100 * o["conf_high"]
        change = t("brief.truth.lower" if truth < 0 else "brief.truth.higher", lang, pct=_pct(truth, lang))
        out.append(
            Finding(
                t(
                    "brief.truth.covered" if covered else "brief.truth.missed",
                    lang,
                    change=change,
                )
            )
        )
    return out


def _method(ctx: ReportContext, lang: str) -> list[str]:
    paras = [t("brief.method.data", lang, period=_unit(ctx.study.freq, lang))]
    if ctx.results.forecast is not None:
        paras.append(t("brief.method.forecast", lang))
    if ctx.results.impact is not None:
        paras.append(t("brief.method.impact", lang))
    return paras


#: Parts of the report a caveat can name as not computed: section -> message key.
_PARTS = {
    "forecast": "brief.part.forecast",
    "impact": "brief.part.impact",
    "change": "brief.part.change",
    "rates": "brief.part.rates",
    "overview": "brief.part.overview",
    "rollout": "brief.part.rollout",
    "new_units": "brief.part.new_units",
}


#: Why the effect on neighbours was not estimated (``ReportContext.skipped["displacement"]``) -> message key.
_NO_NEIGHBOURS = {"no map": "brief.caveat.no_map", "no comparison": "brief.caveat.no_comparison"}


def caveats(ctx: ReportContext, lang: str) -> list[str]:
    """The brief's caveats in ``lang``: what the study covers, the parts not computed and why, what the data are
    (simulated, recorded crime), the assumption behind the effect and the small-cell suppression."""
    out = []
    if ctx.study.simulated:
        out.append(t("brief.caveat.simulated", lang))
    out += [t("brief.caveat.recorded", lang), t("brief.caveat.suppressed", lang, threshold=ctx.threshold)]
    impact = ctx.results.impact
    if impact is not None:  # the assumption behind the effect estimate
        out.insert(-1, t("brief.caveat.parallel_trends", lang))
    failed = {
        k: why
        for k, why in ctx.skipped.items()
        if k in _PARTS and why not in ("missing", "short", "no comparison")
    }
    if ctx.skipped.get("impact") == "no comparison":
        out.insert(0, t("brief.caveat.impact_no_comparison", lang))
    for key, why in failed.items():  # a part that raised: said in the brief, with the reason
        out.insert(0, capital(t("brief.caveat.failed", lang, part=t(_PARTS[key], lang), why=why)))
    if "displacement" in ctx.skipped:  # a study without a neighbour map, or one the estimate could not use
        why = ctx.skipped["displacement"]
        out.append(
            t(
                "brief.caveat.no_neighbours",
                lang,
                why=t(_NO_NEIGHBOURS[why], lang) if why in _NO_NEIGHBOURS else why,
            )
        )
    missing = [t(_PARTS[k], lang) for k, why in ctx.skipped.items() if why == "missing"]
    short = [t(_PARTS[k], lang) for k, why in ctx.skipped.items() if why == "short"]
    if short:
        span = span_label(ctx.crimes["period"].min(), ctx.crimes["period"].max(), ctx.study.freq)
        out.insert(
            0,
            t("brief.caveat.short", lang, parts=", ".join(short), n=ctx.crimes["period"].nunique(),
              periods=_unit(ctx.study.freq, lang, plural=True), span=span),
        )  # fmt: skip
    if missing:
        out.insert(0, t("brief.caveat.missing", lang, parts=", ".join(missing), gaps=ctx.missing_cells))
    left_out = _gaps_caveat(ctx, lang)
    if left_out:
        out.insert(0, left_out)
    if ctx.some_offences:  # "recorded crime" in the findings means these offences only
        out.insert(0, t("brief.caveat.offences", lang, offences=ctx.offence_names(lang)))
    extent = ctx.study.extent
    if extent is not None:  # a part of the city is never presented as the city
        models = (
            t("brief.caveat.models_left_out", lang, n=extent.models_left_out)
            if extent.models_left_out
            else ""
        )
        out.insert(
            0,
            t("brief.caveat.extent", lang, covered=extent.covered, of=extent.of, absent=", ".join(extent.absent),
              models=models),
        )  # fmt: skip
    spill = impact.spillover if impact is not None else None
    if spill is not None and spill.spec.get("periods_not_imputed"):
        n_all, n_out = spill.spec["periods"], spill.spec["periods_not_imputed"]
        out.append(
            t("brief.caveat.neighbours_periods", lang, used=n_all - n_out, n=n_all,
              periods=_unit(ctx.study.freq, lang, plural=True), min=spill.spec["min_comparisons"])
        )  # fmt: skip
    # the last periods, with too few districts left to compare with, are not in the estimate
    if impact is not None:
        imputed = impact.main.cells.loc[impact.main.cells["event_time"] >= 0, "period"]
        last = ctx.crimes["period"].max()
        if len(imputed) and imputed.max() < last:
            out.append(
                t("brief.caveat.effect_until", lang, until=period_label(imputed.max(), ctx.study.freq),
                  periods=_unit(ctx.study.freq, lang, plural=True), min=impact.main.spec["min_comparisons"])
            )  # fmt: skip
    if impact is not None and impact.dropped_districts:
        names = ", ".join(ctx.district_name(d, lang) for d in impact.dropped_districts)
        out.append(t("brief.caveat.adopted_before", lang, districts=names))
    joined = ctx.study.apportioned_from
    if joined is not None:
        out.append(t("brief.caveat.apportioned", lang, month=format_month(joined, lang)))
    elif ctx.study.name == "hanoi":
        out.append(t("brief.caveat.reform", lang))
    return out


def _on_part(ctx: ReportContext) -> list[str]:
    """The sections that ran on the districts without a missing cell (``results.gaps``): the change since the
    first 12 months when its windows had a missing cell, the forecast, and the impact when the study has a
    register; not those skipped because nothing usable was left."""
    if ctx.results.gaps is None:
        return []
    overview = ctx.results.overview
    change = overview is not None and overview.change is not None and overview.change.place is not None
    attempted = ["change"] * change + ["forecast"] + (["impact"] if ctx.study.rollout is not None else [])
    return [k for k in attempted if ctx.skipped.get(k) != "missing"]


def _listed(items: list[str], lang: str) -> str:
    """ "a, b and c" ("a, b và c")."""
    return t("brief.parts.and", lang).join([", ".join(items[:-1]), items[-1]] if len(items) > 2 else items)


def _gaps_caveat(ctx: ReportContext, lang: str) -> str:
    """Which districts the forecast and the impact left out for missing cells, how many periods each misses,
    their register models, and what the figures cover instead; empty when none was left out."""
    gaps, parts = ctx.results.gaps, _on_part(ctx)
    if gaps is None or not parts:
        return ""
    freq = ctx.study.freq
    districts = ", ".join(
        t("brief.caveat.gaps.district", lang, name=ctx.district_name(d, lang), n=n,
          periods=_unit(freq, lang, plural=n != 1))
        for d, n in gaps.periods.items()
    )  # fmt: skip
    models = t("brief.caveat.models_left_out", lang, n=gaps.models) if gaps.models else ""
    return capital(
        t("brief.caveat.gaps", lang, parts=_listed([t(_PARTS[k], lang) for k in parts], lang),
          periods=_unit(freq, lang, plural=True), districts=districts, models=models, place=gaps.place[lang])
    )  # fmt: skip


def _title(ctx: ReportContext, lang: str) -> str:
    """The brief's title: the study's place, and the part the forecast and the effect cover when they left out
    districts with missing cells; no effect promised when none was estimated."""
    effect = ctx.results.impact is not None
    gaps = ctx.results.gaps
    if gaps is None or not (effect or ctx.results.forecast is not None):
        return t("brief.title" if effect else "brief.title.no_rollout", lang, place=ctx.study.place[lang])
    key = "brief.title.part" if effect else "brief.title.no_rollout.part"
    return t(key, lang, place=ctx.study.place[lang], part=gaps.place[lang])


def section_brief(ctx: ReportContext) -> None:
    """The brief: an HTML page and a PDF in each language, quoting the numbers of the other sections."""
    periods = ctx.crimes["period"]
    span = span_label(periods.min(), periods.max(), ctx.study.freq)
    pdfs = []
    for lang in ctx.langs:
        figures = []
        for chart_id in _FIGURES:
            png = ctx.out / "charts" / f"{chart_id}_{lang}.png"
            if png.exists():
                figures.append(
                    BriefFigure(png, t(f"brief.figure.{chart_id}", lang, window=ahead(ctx.study.freq, lang)))
                )
        brief = Brief(
            lang=lang,
            title=_title(ctx, lang),
            subtitle=t("brief.subtitle", lang, span=span, source=ctx.study.source[lang]),
            findings=_findings(ctx, lang),
            method=_method(ctx, lang),
            caveats=caveats(ctx, lang),
            figures=figures,
            simulated=ctx.study.simulated,
            version=__version__,
        )
        ctx.files.append(write_html(brief, ctx.out / f"brief_{lang}.html"))
        pdfs.append(ctx.figures.call(write_pdf, brief, ctx.out / f"brief_{lang}.pdf"))  # in the chart workers
    ctx.files.extend(pdf.result() for pdf in pdfs)
