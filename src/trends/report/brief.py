"""The words of the policy brief, in Vietnamese and English, from the numbers the report sections computed.

Every number quoted here comes from ``ReportContext.numbers``; nothing is estimated in this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trends import __version__
from trends.charts import format_change, format_number, label_for
from trends.report.claims import (
    displacement_claim,
    district_claim,
    effect_claim,
    lasting_claim,
    pretrend_claim,
)
from trends.report.render import Brief, BriefFigure, Finding, write_html, write_pdf

if TYPE_CHECKING:
    from trends.report._run import ReportContext

__all__ = ["HORIZON", "PERIOD_WORDS", "ahead", "section_brief", "span_label"]

#: Forecast horizon of the report by frequency: one year ahead, three for annual data.
HORIZON = {"month": 12, "quarter": 4, "year": 3}
#: How the brief names a period: (Vietnamese, English singular, English plural).
PERIOD_WORDS = {"month": ("tháng", "month", "months"), "quarter": ("quý", "quarter", "quarters"),
                "year": ("năm", "year", "years")}  # fmt: skip


def ahead(freq: str, lang: str, *, past: bool = False) -> str:
    """The forecast window in words: "12 tháng tới" / "next 12 months"; ``past=True``: the last as many."""
    vi, _, plural = PERIOD_WORDS[freq]
    h = HORIZON[freq]
    if lang == "vi":
        return f"{h} {vi} {'qua' if past else 'tới'}"
    return f"{'last' if past else 'next'} {h} {plural}"


def span_label(first, last, freq: str) -> str:
    """The period the data cover, written at their frequency: 01/2024–08/2024, Q1/2016–Q4/2024, 2008–2024."""

    def one(p) -> str:
        return {"month": f"{p:%m/%Y}", "quarter": f"Q{p.quarter}/{p.year}", "year": f"{p.year}"}[freq]

    return f"{one(first)}–{one(last)}"


_FIGURES = (
    ("city_trend", {"vi": "Xu hướng tội phạm được ghi nhận theo loại", "en": "Recorded crime by offence"}),
    ("forecast", {"vi": "Dự báo {ahead} và khoảng dự báo", "en": "Forecast for the {ahead}"}),
    (
        "event_study",
        {"vi": "Tác động theo số năm kể từ khi triển khai", "en": "Effect by years since adoption"},
    ),
    ("district_effects", {"vi": "Tác động theo quận, huyện", "en": "Effect by district"}),
    ("rate_map", {"vi": "Tỷ lệ tội phạm trên 100.000 dân", "en": "Crime per 100,000 residents"}),
    (
        "forecast_new_units",
        {
            "vi": "Dự báo cho 126 xã, phường mới (ước tính)",
            "en": "Forecast for the 126 new units (estimates)",
        },
    ),
    ("rollout_timeline", {"vi": "Tiến độ triển khai mô hình", "en": "The rollout of the models"}),
)


def _n(value: float, lang: str, decimals: int = 0) -> str:
    return format_number(value, lang, decimals)


def _pct(value: float, lang: str, decimals: int = 1) -> str:
    return format_number(abs(value), lang, decimals) + "%"


def _change_finding(ctx: ReportContext, lang: str) -> Finding:
    """Recorded crime in the first against the latest 12 months, and by offence."""
    num = ctx.numbers
    vi = lang == "vi"
    change = num["change_total_pct"]
    first, last = num["first_window_total"], num["last_window_total"]
    by_off = num["changes_by_offence"]
    up = by_off[by_off["change_pct"] > 0]
    down = by_off.sort_values("change_pct").iloc[0]

    def off(k: str) -> str:
        return label_for(k, lang, ctx.study.labels.get("offence")).lower()

    risers = ", ".join(off(k) for k in up["offence"])
    rise_txt = (
        (f"Tăng: {risers}." if vi else f"Rose: {risers}.")
        if len(up)
        else ("Không loại tội phạm nào tăng." if vi else "No offence rose.")
    )
    return Finding(
        (f"Tội phạm được ghi nhận {'giảm' if change < 0 else 'tăng'} {_pct(change, lang)}: từ {_n(first, lang)} "
         f"vụ trong 12 tháng đầu {'xuống' if change < 0 else 'lên'} {_n(last, lang)} vụ trong 12 tháng gần nhất."
         if vi else
         f"Recorded crime {'fell' if change < 0 else 'rose'} {_pct(change, lang)}: from {_n(first, lang)} cases in "
         f"the first 12 months to {_n(last, lang)} in the latest 12."),
        (f"Giảm mạnh nhất: {off(down['offence'])} ({_pct(down['change_pct'], lang, 0)}). " + rise_txt
         if vi else f"Largest fall: {off(down['offence'])} ({_pct(down['change_pct'], lang, 0)}). " + rise_txt),
    )  # fmt: skip


def _findings(ctx: ReportContext, lang: str) -> list[Finding]:
    num = ctx.numbers
    vi = lang == "vi"
    out: list[Finding] = []
    if "change_total_pct" in num:
        out.append(_change_finding(ctx, lang))
    else:  # fewer than two 12-month windows (report.section_overview)
        out.append(
            Finding(
                (f"Tội phạm được ghi nhận: {_n(num['periods_total'], lang)} vụ trong {num['periods_span']}."
                 if vi else f"Recorded crime: {_n(num['periods_total'], lang)} cases in {num['periods_span']}."),
                ("Số liệu chưa đủ hai giai đoạn 12 tháng nên chưa so sánh được mức tăng, giảm." if vi else
                 "The data do not yet span two 12-month windows, so no rise or fall is computed."),
            )
        )  # fmt: skip
    if "forecast_total" in num:
        f = num["forecast_total"]
        change = 100 * (f["mean"] / f["last"] - 1)
        freq = ctx.study.freq
        unit = PERIOD_WORDS[freq][0 if vi else 1]
        rough = (
            (" Số liệu quá khứ còn ít nên khoảng dự báo chỉ là ước tính thô và có thể quá hẹp." if vi else
             " The past offers few errors to calibrate on, so the intervals are rough and may be too narrow.")
            if f.get("rough_intervals") else ""
        )  # fmt: skip
        out.append(
            Finding(
                (f"{ahead(freq, lang)}: dự báo khoảng {_n(f['mean'], lang)} vụ ({format_change(change, lang)} "
                 f"so với {ahead(freq, lang, past=True)}), tức khoảng {_n(f['period_mean'], lang)} vụ mỗi {unit}."
                 if vi else
                 f"{ahead(freq, lang).capitalize()}: about {_n(f['mean'], lang)} cases forecast "
                 f"({format_change(change, lang)} on the {ahead(freq, lang, past=True)}), about "
                 f"{_n(f['period_mean'], lang)} a {unit}."),
                (f"Trong một {unit} điển hình, số vụ nằm trong khoảng {_n(f['period_lo_80'], lang)}–{_n(f['period_hi_80'], lang)} "
                 f"với xác suất 80% ({_n(f['period_lo_95'], lang)}–{_n(f['period_hi_95'], lang)} với xác suất 95%). "
                 "Phương pháp được chọn theo sai số khi dự báo lại quá khứ; khoảng dự báo hiệu chỉnh theo sai số đó."
                 if vi else
                 f"In a typical {unit}, the count should fall within {_n(f['period_lo_80'], lang)}–{_n(f['period_hi_80'], lang)} cases "
                 f"with 80% probability ({_n(f['period_lo_95'], lang)}–{_n(f['period_hi_95'], lang)} with 95%). The method "
                 "was chosen by re-forecasting the past; the intervals are calibrated on those errors.")
                + rough + _breaks_sentence(ctx, lang),
            )
        )  # fmt: skip
    if "impact" in num:
        o = num["impact"].overall.iloc[0]
        lo, hi = 100 * o["conf_low"], 100 * o["conf_high"]
        claims = [
            effect_claim(o["estimate"], o["conf_low"], o["conf_high"]),
            lasting_claim(num["impact_years"]),
            district_claim(num["impact_by_district"]),
            pretrend_claim(
                num["impact_leads"],
                num["impact_same_sample"],
                o["conf_high"] if o["estimate"] < 0 else o["conf_low"],
                df=num["impact_df"],
            ),
        ]
        spill = num.get("impact_spillover")
        if spill is not None and spill.table[["estimate", "conf_low", "conf_high"]].notna().all().all():
            claims.append(
                displacement_claim(spill.term("direct"), spill.term("spillover"), spill.term("direct_naive"))
            )
        out += [Finding(c.text[lang], c.detail[lang] if c.detail else "") for c in claims]
        if "impact_truth_pct" in num:
            truth = num["impact_truth_pct"]
            covered = lo <= truth <= hi
            out.append(
                Finding(
                    (f"Đối chiếu với mô phỏng: tác động thật được cài vào dữ liệu là {_pct(truth, lang)}; khoảng tin cậy "
                     f"{'có' if covered else 'không'} chứa giá trị này." if vi else
                     f"Check against the simulation: the true effect built into the data is {_pct(truth, lang)} "
                     f"{'lower' if truth < 0 else 'higher'}; the confidence interval {'covers' if covered else 'misses'} it."),
                )
            )  # fmt: skip
    return out


def _breaks_sentence(ctx: ReportContext, lang: str) -> str:
    """Series whose level shifted in their last periods: their forecasts lag it and their intervals assume
    errors like the past ones (trends.forecast.breaks)."""
    shifted = ctx.numbers.get("forecast_breaks") or []
    if not shifted:
        return ""
    names = ", ".join(
        ({"vi": "toàn bộ", "en": "the total"}[lang] if d == "__city__" else ctx.district_name(d, lang))
        for d in shifted
    )
    return (
        f" Mức số vụ đã thay đổi đột ngột trong những kỳ gần nhất ở: {names}; dự báo ở đó có thể chậm theo mức mới "
        "và khoảng dự báo giả định sai số như trong quá khứ."
        if lang == "vi" else
        f" The level shifted in the latest periods in: {names}; forecasts there may lag the new level, and their "
        "intervals assume errors like those of the past."
    )  # fmt: skip


def _method(ctx: ReportContext, lang: str) -> list[str]:
    vi = lang == "vi"
    paras = [
        (f"Số liệu là số vụ được ghi nhận theo quận, huyện, {PERIOD_WORDS[ctx.study.freq][0]} và loại tội phạm. "
         "Tỷ lệ trên 100.000 dân dùng dân "
         "số từng năm, nội suy giữa các kỳ tổng điều tra." if vi else
         f"The data are recorded cases by district, {PERIOD_WORDS[ctx.study.freq][1]} and offence. Rates per "
         "100,000 residents use each year's "
         "population, interpolated between censuses."),
    ]  # fmt: skip
    if "forecast_total" in ctx.numbers:
        paras.append(
            "Dự báo: với mỗi quận, huyện, nhiều phương pháp được thử trên số liệu quá khứ (dự báo "
             "lại các năm đã biết); phương pháp sai số nhỏ nhất được chọn. Khoảng dự báo được hiệu chỉnh để bao đúng "
             "tỷ lệ các giá trị thực trong các lần thử đó; dự báo các quận, huyện được điều chỉnh để cộng lại đúng "
             "bằng dự báo tổng." if vi else
             "Forecasts: for each district, several methods are tried on the past (re-forecasting periods "
             "already known) and the most accurate is chosen; intervals are calibrated so that they contained the "
             "stated share of actual values in those trials; district forecasts are reconciled so that they add up "
             "to the total."
        )  # fmt: skip
    if "impact" in ctx.numbers:
        paras.append(
            "Tác động: các quận, huyện triển khai mô hình vào những thời điểm khác nhau. Với mỗi quận, số vụ dự kiến "
             "nếu không có mô hình được ước tính từ chính quận đó trước khi triển khai và từ xu hướng của các quận "
             "chưa triển khai cùng thời điểm (ước lượng gán giá trị Poisson). Tác động là chênh lệch giữa số vụ ghi "
             "nhận và số vụ dự kiến, tính bằng phần trăm." if vi else
             "Impact: districts adopted models at different times. For each district, the number of cases expected "
             "without the models is estimated from the district's own level before adoption and the trend of "
             "districts that had not adopted yet (Poisson imputation). The effect is the difference between recorded "
             "and expected cases, in percent."
        )  # fmt: skip
    return paras


def _caveats(ctx: ReportContext, lang: str) -> list[str]:
    vi = lang == "vi"
    out = []
    if ctx.study.simulated:
        out.append(
            "Toàn bộ số liệu tội phạm và mô hình trong bản tóm tắt này là MÔ PHỎNG, không phải số liệu thật; chỉ tên, "
            "loại và dân số các quận, huyện là thật." if vi else
            "All crime and model figures in this brief are SIMULATED, not real; only the districts' names, kinds and "
            "populations are real."
        )  # fmt: skip
    out += [
        ("Số vụ được ghi nhận không phải toàn bộ tội phạm: thay đổi về tố giác, hoạt động của công an hay cách phân "
         "loại cũng làm số liệu thay đổi." if vi else
         "Recorded crime is not all crime: changes in reporting, police activity or classification move the figures "
         "too."),
        (f"Các ô có dưới {ctx.threshold} vụ bị ẩn trong các bảng xuất ra để bảo vệ nạn nhân." if vi else
         f"Table cells below {ctx.threshold} cases are suppressed to protect victims."),
    ]  # fmt: skip
    if "impact" in ctx.numbers:  # the assumption behind the effect estimate
        out.insert(
            -1,
            "Mô hình không được phân bổ ngẫu nhiên; kết luận dựa trên giả định các quận triển khai sớm và muộn sẽ có "
            "xu hướng giống nhau nếu không có mô hình." if vi else
            "The models were not assigned at random; the conclusions assume that early and late adopters would have "
            "followed similar trends without them.",
        )  # fmt: skip
    what = {
        "forecast": ("dự báo", "the forecast"),
        "impact": ("ước lượng tác động", "the impact estimate"),
        "change": (
            "so sánh 12 tháng đầu với 12 tháng gần nhất",
            "the change from the first to the latest 12 months",
        ),
        "rates": ("tỷ lệ trên 100.000 dân theo năm", "rates per 100,000 residents by year"),
        "overview": ("tổng quan số liệu", "the data overview"),
        "rollout": ("tiến độ triển khai mô hình", "the rollout of the models"),
    }
    failed = {k: why for k, why in ctx.skipped.items() if k in what and why not in ("missing", "short")}
    for key, why in failed.items():  # a part that raised: said in the brief, with the reason
        out.insert(
            0,
            f"Chưa tính được {what[key][0]} ({why}); các phần khác của bản tóm tắt không bị ảnh hưởng." if vi else
            f"{what[key][1].capitalize()} could not be computed ({why}); the rest of the brief stands.",
        )  # fmt: skip
    if "displacement" in ctx.skipped:  # a study without a neighbour map, or one the estimate could not use
        why = ctx.skipped["displacement"]
        out.append(
            ("Chưa ước lượng ảnh hưởng tới các quận, huyện lân cận: " if vi else
             "The effect on neighbouring districts was not estimated: ")
            + (("không có bản đồ các quận, huyện giáp ranh cho số liệu này." if vi else
                "no map of which districts share a boundary is available for these districts.")
               if why == "no map" else why)
        )  # fmt: skip
    missing = [what[k][0 if vi else 1] for k, why in ctx.skipped.items() if why == "missing"]
    short = [what[k][0 if vi else 1] for k, why in ctx.skipped.items() if why == "short"]
    if short:
        n = ctx.crimes["period"].nunique()
        words = PERIOD_WORDS[ctx.study.freq]
        span = span_label(ctx.crimes["period"].min(), ctx.crimes["period"].max(), ctx.study.freq)
        out.insert(
            0,
            f"Chưa tính {', '.join(short)}: số liệu chỉ gồm {n} {words[0]} ({span}); tỷ lệ theo năm cần một năm "
            "đủ, so sánh cần hai năm, dự báo cần đủ số liệu để kiểm định lùi." if vi else
            f"Not computed: {', '.join(short)}, because the data cover only {n} {words[2]} ({span}); rates by "
            "year need a full calendar year, the comparison two years, the forecast enough history to be "
            "backtested.",
        )  # fmt: skip
    if missing:
        gaps = int(ctx.crimes["count"].isna().sum())
        out.insert(
            0,
            f"Chưa thực hiện {', '.join(missing)}: số liệu thiếu {gaps} ô (quận, huyện × tháng × loại). Bổ sung số liệu "
            "hoặc, nếu ô trống nghĩa là không có vụ nào, chạy lại với --complete." if vi else
            f"Not run: {', '.join(missing)}, because {gaps} district x period x offence cells are missing. Supply "
            "them, or, if an absent row means no case, run again with --complete.",
        )  # fmt: skip
    extent = ctx.study.extent
    if extent is not None:  # a part of the city is never presented as the city
        absent = ", ".join(extent.absent)
        models = (
            (f"; {extent.models_left_out} mô hình trong sổ theo dõi ở các quận, huyện đó không được tính" if vi else
             f"; the register's {extent.models_left_out} models in those districts are left out")
            if extent.models_left_out else ""
        )  # fmt: skip
        out.insert(
            0,
            f"Số liệu chỉ gồm {extent.covered} trong {extent.of} quận, huyện của Hà Nội (không có: {absent}){models}. "
            "Mọi con số trong bản tóm tắt là của các quận, huyện này, không phải của toàn thành phố." if vi else
            f"The data cover {extent.covered} of Hanoi's {extent.of} districts (not in the file: {absent}){models}. "
            "Every figure in this brief is for these districts, not for the whole city.",
        )  # fmt: skip
    spill = ctx.numbers.get("impact_spillover")
    if spill is not None and spill.spec.get("periods_not_imputed"):
        n_all, n_out = spill.spec["periods"], spill.spec["periods_not_imputed"]
        unit = PERIOD_WORDS[ctx.study.freq]
        out.append(
            f"Ảnh hưởng tới các quận, huyện lân cận chỉ dựa trên {n_all - n_out} trong {n_all} {unit[0]} còn có quận, "
            "huyện vừa chưa triển khai vừa không giáp nơi đã triển khai để so sánh." if vi else
            f"The effect on neighbouring districts rests on {n_all - n_out} of the {n_all} {unit[2]}: in the others "
            "every district had adopted or bordered one that had, leaving nothing to compare with."
        )  # fmt: skip
    dropped = ctx.numbers.get("impact_dropped_districts") or []
    if dropped:
        names = ", ".join(ctx.district_name(d, lang) for d in dropped)
        out.append(
            f"{names}: đã triển khai trước giai đoạn số liệu nên không ước lượng được tác động." if vi else
            f"{names}: adopted before the data begin, so their effect cannot be estimated."
        )  # fmt: skip
    joined = ctx.study.apportioned_from
    if joined is not None:
        month = f"{joined.month}/{joined.year}" if vi else f"{joined:%B %Y}"
        out.append(
            f"Từ {month}, số liệu được ghi theo 126 xã, phường mới (Nghị quyết 1656/NQ-UBTVQH15); để nối với chuỗi "
            "theo 30 quận, huyện cũ, số vụ của mỗi xã, phường được chia về các quận, huyện cũ theo tỷ lệ dân cư "
            "chuyển sang (dân số 2025). Vì vậy số liệu theo quận, huyện từ tháng đó, dự báo và ước lượng tác động "
            "dùng các tháng này là ước tính, không phải số đếm chính xác; tổng toàn thành phố vẫn chính xác."
            if vi else
            f"From {month} the counts are kept by the 126 new communes and wards (Resolution 1656/NQ-UBTVQH15). To "
            "join them to the series of the 30 old districts, each unit's count was shared out among the old "
            "districts its residents came from (2025 populations). District figures from that month, and the "
            "forecast and effect estimates that use them, are therefore estimates, not exact counts; city totals "
            "stay exact."
        )  # fmt: skip
    elif ctx.study.name == "hanoi":
        out.append(
            "Cấp quận, huyện của Hà Nội chấm dứt từ 1/7/2025; chuỗi số liệu theo quận, huyện dừng ở tháng 6/2025."
            if vi else
            "Hanoi's district level was abolished on 1 July 2025; district series end in June 2025."
        )  # fmt: skip
    return out


def section_brief(ctx: ReportContext) -> None:
    """The brief: an HTML page and a PDF in each language, quoting the numbers of the other sections."""
    periods = ctx.crimes["period"]
    place = ctx.study.place
    for lang in ctx.langs:
        figures = []
        for chart_id, caption in _FIGURES:
            png = ctx.out / "charts" / f"{chart_id}_{lang}.png"
            if png.exists():
                figures.append(BriefFigure(png, caption[lang].format(ahead=ahead(ctx.study.freq, lang))))
        span = span_label(periods.min(), periods.max(), ctx.study.freq)
        brief = Brief(
            lang=lang,
            title=(f"Tội phạm ở {place['vi']}: xu hướng, dự báo và tác động của các mô hình an ninh cơ sở"
                   if lang == "vi" else
                   f"Crime in {place['en']}: trends, forecast and the effect of community-security models"),
            subtitle=(f"Tóm tắt cho lãnh đạo · số liệu {span} · {ctx.study.source['vi']}" if lang == "vi" else
                      f"Brief for city leaders · data {span} · {ctx.study.source['en']}"),
            findings=_findings(ctx, lang),
            method=_method(ctx, lang),
            caveats=_caveats(ctx, lang),
            figures=figures,
            simulated=ctx.study.simulated,
            version=__version__,
        )  # fmt: skip
        ctx.files.append(write_html(brief, ctx.out / f"brief_{lang}.html"))
        ctx.files.append(write_pdf(brief, ctx.out / f"brief_{lang}.pdf"))
