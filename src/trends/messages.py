"""Every word the library shows a reader, in Vietnamese and English: one catalogue.

Charts, chart titles, the policy brief, its claims and the readings the notebooks print all take their words
from :data:`CATALOGUE` through :func:`t`: a translator reviews one file, a sentence changes in one place, and a
test checks that every message has both languages with the same ``{fields}``. Keys of the report's messages are
prefixed by their owner (``report.``, ``brief.``); chart labels keep their short keys.

Templates use ``str.format`` fields; numbers are formatted by the caller (``trends.charts.format_number``) so
that each language gets its own separators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from trends._text import nfc

__all__ = ["CATALOGUE", "LANGS", "Lang", "check_lang", "each_lang", "t"]

Lang = Literal["vi", "en"]
LANGS: tuple[str, ...] = ("vi", "en")


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``"vi"`` or ``"en"``; raise ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang  # type: ignore[return-value]


_CHARTS: dict[str, tuple[str, str]] = {
    # footnotes and banners
    "source": ("Nguồn: {source}", "Source: {source}"),
    "method": ("Phương pháp: {method}", "Method: {method}"),
    "source_missing": ("chưa ghi nguồn", "source not stated"),
    "simulated": (
        "DỮ LIỆU MÔ PHỎNG — không phải số liệu thật",
        "SIMULATED DATA — not real figures",
    ),
    "missing_gaps": (
        "Khoảng trống: kỳ có ô thiếu số liệu không được cộng (một tổng thiếu tháng sẽ trông như giảm).",
        "Gaps: periods with a missing cell are not summed (a total short of a month would look like a fall).",
    ),
    "small_counts": (
        "Một số ô có dưới {threshold} vụ; số nhỏ biến động mạnh, cần thận trọng khi diễn giải.",
        "Some cells have fewer than {threshold} offences; small counts are volatile, interpret with care.",
    ),
    "small_withheld": (
        "Số vụ ghi nhận từ 1 đến {below} không được vẽ (khoảng trống trên đường) để bảo vệ nạn nhân.",
        "Recorded counts of 1 to {below} are not drawn (gaps in the line) to protect victims.",
    ),
    "no_data": ("không có số liệu", "no data"),
    "not_in_study": ("ngoài nghiên cứu", "not in the study"),
    "under_threshold": ("dưới {threshold} vụ", "under {threshold} cases"),
    "version": ("Phiên bản {version}", "Version {version}"),
    # axes and legends
    "period": ("Thời gian", "Period"),
    "year": ("Năm", "Year"),
    "month": ("Tháng", "Month"),
    "count": ("Số vụ", "Offences"),
    "count_12m": ("Số vụ (tổng 12 tháng gần nhất)", "Offences (rolling 12-month total)"),
    "count_year": ("Số vụ mỗi năm", "Offences per year"),
    "rate_100k": ("Số vụ trên 100.000 dân mỗi năm", "Offences per 100,000 residents per year"),
    "change_pct": ("Thay đổi dự báo (%)", "Forecast change (%)"),
    "district": ("Quận, huyện, thị xã", "District"),
    "city_average": ("Chung các quận, huyện", "All districts"),  # a study may be part of a city
    "active_models": ("Số mô hình đang hoạt động", "Active models"),
    "never_note": (
        "Chữ xám nghiêng: {n} quận, huyện chưa triển khai mô hình nào.",
        "Grey italics: {n} districts that never adopted a model.",
    ),
    "never_note.one": (
        "Chữ xám nghiêng: quận, huyện chưa triển khai mô hình nào.",
        "Grey italics: the district that never adopted a model.",
    ),
    "estimate": ("Ước lượng", "Estimate"),
    "effect": ("Tác động ước lượng", "Estimated effect"),
    "effect_unit": ("Tác động ước lượng (số vụ mỗi tháng)", "Estimated effect (offences per month)"),
    "ci95": ("Khoảng tin cậy 95%", "95% confidence interval"),
    "uniform_band": ("Dải tin cậy đồng thời 95%", "95% simultaneous band"),
    "thin_support": (
        "Dựa trên dưới {min} quận, huyện: chưa đánh giá",
        "Fewer than {min} districts: not judged",
    ),
    "clipped_intervals": (
        "Một số khoảng tin cậy kéo dài ra ngoài biểu đồ (mũi tên); số liệu kèm theo ghi đầy đủ.",
        "Some intervals continue beyond the chart (arrows); the attached data give them in full.",
    ),
    "event_time": ("Số tháng so với khi triển khai mô hình", "Months since the model started"),
    "event_time_year": ("Số năm so với khi triển khai mô hình", "Years since the model started"),
    "reduction": ("Giảm có ý nghĩa", "Significant decrease"),
    "increase": ("Tăng có ý nghĩa", "Significant increase"),
    "not_significant": ("Không khác 0 rõ ràng", "Not clearly different from zero"),
    "history": ("Số liệu đã ghi nhận", "Recorded"),
    "forecast": ("Dự báo", "Forecast"),
    "pi80": ("Khoảng dự báo 80%", "80% prediction interval"),
    "pi95": ("Khoảng dự báo 95%", "95% prediction interval"),
    "actual": ("Thực tế", "Actual"),
    "counterfactual": ("Nếu không có mô hình (ước tính)", "Without the models (estimated)"),
    "cumulative_effect": ("Chênh lệch\ncộng dồn", "Cumulative\ndifference"),
    "interval": ("Khoảng tin cậy 95%", "95% interval"),
    "value": ("Giá trị", "Value"),
    # default titles (a caller should pass a title that states the finding)
    # default titles name no place: a study may be a few districts, or another city (callers pass the place)
    "title_city_trend": ("Tội phạm được ghi nhận theo loại", "Recorded crime by offence"),
    "title_small_multiples": (
        "Tỷ lệ tội phạm trên 100.000 dân theo quận, huyện",
        "Crime rate per 100,000 residents by district",
    ),
    "title_small_multiples_count": ("Số vụ phạm tội theo quận, huyện", "Recorded crime by district"),
    "title_rollout": (
        "Các mô hình an ninh cộng đồng được triển khai dần theo thời gian",
        "Community-security models were rolled out district by district",
    ),
    "title_tile_map": ("Theo quận, huyện", "By district"),
    "title_ranked_effects": ("Tác động ước lượng theo quận, huyện", "Estimated effect by district"),
    "title_event_study": (
        "Tác động theo thời gian kể từ khi triển khai mô hình",
        "Effect by time since the model started",
    ),
    "title_fan_chart": ("Dự báo số vụ phạm tội", "Forecast of recorded crime"),
    "title_counterfactual": (
        "Số vụ thực tế so với ước tính nếu không có mô hình",
        "Actual offences compared with the estimate without the models",
    ),
    # default method notes
    "method_city_trend_rolling": (
        "tổng 12 tháng gần nhất của các vụ được ghi nhận",
        "rolling 12-month totals",
    ),
    "method_city_trend_annual": (
        "tổng theo năm dương lịch (chỉ năm đủ 12 tháng)",
        "calendar-year totals (full years)",
    ),
    "method_rate": (
        "số vụ trong năm / dân số × 100.000 (chỉ năm đủ 12 tháng)",
        "offences in the year / population × 100,000 (full years only)",
    ),
    "method_count": ("số vụ trong năm (chỉ năm đủ 12 tháng)", "offences per year (full years only)"),
    "method_rollout": (
        "số mô hình đang hoạt động mỗi tháng; quận, huyện xếp theo thời điểm triển khai đầu tiên",
        "models active each month; districts ordered by first adoption",
    ),
    "method_effects": (
        "ước lượng điểm và khoảng tin cậy 95%",
        "point estimates with 95% confidence intervals",
    ),
    "method_event_study": (
        "nghiên cứu sự kiện; đường nét đứt: thời điểm bắt đầu triển khai",
        "event study; dashed line: start of the models",
    ),
    "method_fan_chart": (
        "khoảng dự báo 80% và 95%; trong giai đoạn có biến động bất thường, số liệu thực tế có thể rơi ra ngoài khoảng "
        "nhiều hơn",
        "80% and 95% prediction intervals; in a period of unusual change, more outcomes can fall outside them",
    ),
    "method_counterfactual": (
        "chênh lệch = thực tế − ước tính nếu không có mô hình",
        "difference = actual − estimate without the models",
    ),
}


#: The report's chart titles (each states its finding), method notes and axis labels (:mod:`trends.report`).
_REPORT: dict[str, tuple[str, str]] = {
    "report.title.total": ("{total} vụ được ghi nhận trong {span}", "{total} recorded cases in {span}"),
    "report.title.change_fell": (
        "Tội phạm được ghi nhận giảm {pct} so với {year}",
        "Recorded crime fell {pct} since {year}",
    ),
    "report.title.change_rose": (
        "Tội phạm được ghi nhận tăng {pct} so với {year}",
        "Recorded crime rose {pct} since {year}",
    ),
    "report.title.offence_rose": ("; {offence} tăng {pct}", "; {offence} rose {pct}"),
    "report.method.city_trend": (
        "tổng 12 tháng gần nhất của số vụ được ghi nhận, cộng mọi quận, huyện",
        "rolling 12-month totals of recorded cases, all districts summed",
    ),
    # annual data: each point is one calendar year's count, not a rolling total
    "report.method.city_trend.year": (
        "tổng số vụ được ghi nhận mỗi năm, cộng mọi quận, huyện",
        "annual totals of recorded cases, all districts summed",
    ),
    # a study of part of the city: every chart's footnote says which part, as the brief's caveat does
    "report.method.extent": ("; chỉ gồm {place}", "; {place} only"),
    # the analysis covers some offences only (one in the file, or --offence): never "recorded crime" unqualified
    "report.method.offences": ("; chỉ gồm tội danh: {offences}", "; offences: {offences} only"),
    "report.title.rates": (
        "Tỷ lệ tội phạm trên 100.000 dân: cao nhất ở {district}",
        "Crime per 100,000 residents: highest in {district}",
    ),
    "report.title.rate_map": (
        "Năm {year}: từ {low} ({low_district}) đến {high} ({high_district}) vụ trên 100.000 dân",
        "{year}: from {low} ({low_district}) to {high} ({high_district}) cases per 100,000 residents",
    ),
    # the lowest (or highest) rate rests on fewer cases than the small-cell threshold: not written
    "report.title.rate_map_high": (
        "Năm {year}: cao nhất {high} vụ trên 100.000 dân ({high_district})",
        "{year}: highest {high} cases per 100,000 residents ({high_district})",
    ),
    "report.title.rate_map_plain": (
        "Năm {year}: số vụ trên 100.000 dân theo quận, huyện",
        "{year}: cases per 100,000 residents by district",
    ),
    "report.method.rates": (
        "số vụ trong năm / dân số × 100.000 (dân số theo bảng quận, huyện, như nhau mọi năm)",
        "cases in the year / population × 100,000 (the districts table's population, the same every year)",
    ),
    "report.title.rollout": (
        "{n}/{total} quận, huyện triển khai mô hình từ {first} đến {last}",
        "{n} of {total} districts adopted movement models between {first} and {last}",
    ),
    "report.method.rollout": (
        "số mô hình đang hoạt động mỗi {period}, theo sổ đăng ký mô hình",
        "models active each {period}, from the register of models",
    ),
    "report.title.forecast": (
        "{window}: dự báo khoảng {total} vụ ({change} so với {past})",
        "{window}: about {total} cases forecast ({change} on the {past})",
    ),
    "report.method.forecast": (
        "phương pháp chọn theo kiểm định lùi cho từng quận, huyện; cộng khớp với tổng (MinT); khoảng dự báo hiệu "
        "chỉnh theo sai số quá khứ",
        "method chosen per district by rolling-origin backtest; districts reconciled to their total (MinT); "
        "intervals calibrated on past errors",
    ),
    "report.title.forecast_districts": (
        # a point forecast above the last window, however slightly and whatever its interval: counted as such,
        # never as districts "expected to rise"
        "Dự báo {window} theo quận, huyện: dự báo điểm cao hơn {past} ở {up}/{n} nơi",
        "{window} by district: point forecast above the {past} in {up} of {n}",
    ),
    "report.method.forecast_districts": (
        "dự báo từng quận, huyện, cộng khớp với tổng (MinT); khoảng dự báo 80% và 95%",
        "forecast per district, reconciled to their total (MinT); 80% and 95% intervals",
    ),
    "report.title.new_units": (
        "Dự báo {window} cho 126 xã, phường mới: ước tính từ dự báo của các quận, huyện cũ, trên 100.000 dân",
        "{window} for the 126 new communes and wards: estimates from the old districts' forecasts, per 100,000 "
        "residents",
    ),
    "report.method.new_units": (
        "dự báo theo quận, huyện cũ chia cho xã, phường mới theo tỷ lệ dân cư chuyển sang (ước tính), trên 100.000 "
        "dân (dân số 2025); xếp theo quận, huyện cũ",
        "old districts' forecasts split into the new units by where their residents went (estimates), per 100,000 "
        "residents (2025 population); tiles ordered by old district",
    ),
    "report.title.effect_lower": (
        "Sau khi triển khai mô hình, tội phạm ghi nhận giảm khoảng {pct} so với dự kiến",
        "After adoption, recorded crime was about {pct} lower than expected",
    ),
    "report.title.effect_higher": (
        "Sau khi triển khai mô hình, tội phạm ghi nhận tăng khoảng {pct} so với dự kiến",
        "After adoption, recorded crime was about {pct} higher than expected",
    ),
    "report.title.pretrend_warning": (
        ", nhưng số vụ đã lệch khỏi dự kiến từ trước khi triển khai",
        ", but it was already departing from expected before adoption",
    ),
    "report.title.effect_unclear": (
        "Tác động của mô hình lên tội phạm ghi nhận chưa rõ: khoảng tin cậy chứa cả giảm và tăng",
        "The models' effect on recorded crime is not yet clear: the interval spans both a fall and a rise",
    ),
    "report.title.effect_thin": (
        "Quá ít quận, huyện ({n}) để đánh giá tác động của mô hình lên tội phạm ghi nhận",
        "Too few adopting districts ({n}) to judge the models' effect on recorded crime",
    ),
    "report.method.event_study": (
        "ước lượng gán giá trị Poisson (Borusyak–Jaravel–Spiess; Wooldridge), so với các quận, huyện chưa triển "
        "khai; khoảng tin cậy 95% bootstrap theo quận ({ci} cho toàn giai đoạn); các năm trước khi triển khai lấy "
        "từ kiểm định xu hướng trước riêng, chỉ trên các ô chưa triển khai",
        "Poisson imputation (Borusyak-Jaravel-Spiess; Wooldridge) against districts not yet adopting; 95% "
        "district-bootstrap intervals ({ci} overall); the years before adoption come from a separate pre-trend "
        "test on the untreated cells only",
    ),
    "report.label.poisson_imputation": ("Gán giá trị Poisson", "Poisson imputation"),
    "report.label.pretrend_test": ("Kiểm định xu hướng trước triển khai", "Pre-trend test"),
    "report.label.change_against_expected": ("Thay đổi so với dự kiến (%)", "Change against expected (%)"),
    "report.label.difference_from_expected": (
        "Chênh lệch so với dự kiến (%)",
        "Difference from expected (%)",
    ),
    "report.title.districts_clear": (
        "{down}/{n} quận, huyện có số vụ thấp hơn dự kiến rõ ràng, {up} cao hơn rõ ràng",
        "{down} of {n} adopting districts clearly lower than expected, {up} clearly higher",
    ),
    "report.title.districts_none_clear": (
        "Chưa quận, huyện nào trong {n} nơi có tác động rõ ràng khi xét riêng từng nơi",
        "No single one of the {n} adopting districts shows a clear effect on its own",
    ),
    "report.method.district_effects": (
        "số vụ ghi nhận / số vụ dự kiến nếu không có mô hình − 1; khoảng tin cậy đồng thời 95% (Bonferroni cho {n} "
        "quận, huyện) gồm cả độ bất định của số vụ dự kiến",
        "recorded / expected-without-models − 1; simultaneous 95% intervals (Bonferroni over {n} districts) that "
        "include the uncertainty of the expected count",
    ),
}

#: The policy brief (:mod:`trends.report.brief`).
_BRIEF: dict[str, tuple[str, str]] = {
    "brief.title": (
        "Tội phạm ở {place}: xu hướng, dự báo và tác động của các mô hình an ninh cơ sở",
        "Crime in {place}: trends, forecast and the effect of community-security models",
    ),
    "brief.title.no_rollout": (
        "Tội phạm ở {place}: xu hướng và dự báo",
        "Crime in {place}: trends and forecast",
    ),
    # the forecast and the effect leave out districts with missing cells: the title says what they cover
    "brief.title.part": (
        "Tội phạm ở {place}: xu hướng; dự báo và tác động của các mô hình an ninh cơ sở ở {part}",
        "Crime in {place}: trends; forecast and the effect of community-security models in {part}",
    ),
    "brief.title.no_rollout.part": (
        "Tội phạm ở {place}: xu hướng; dự báo cho {part}",
        "Crime in {place}: trends; forecast for {part}",
    ),
    "brief.subtitle": (
        "Tóm tắt cho lãnh đạo · số liệu {span} · {source}",
        "Brief for city leaders · data {span} · {source}",
    ),
    "period.month": ("tháng", "month"),
    "period.months": ("tháng", "months"),
    "period.quarter": ("quý", "quarter"),
    "period.quarters": ("quý", "quarters"),
    "period.year": ("năm", "year"),
    "period.years": ("năm", "years"),
    "brief.window.next": ("{n} {periods} tới", "next {n} {periods}"),
    "brief.window.past": ("{n} {periods} qua", "last {n} {periods}"),
    # findings
    "brief.change.fell": (
        "Tội phạm được ghi nhận giảm {pct}: từ {first} vụ trong 12 tháng đầu xuống {last} vụ trong 12 tháng gần "
        "nhất.",
        "Recorded crime fell {pct}: from {first} cases in the first 12 months to {last} in the latest 12.",
    ),
    "brief.change.rose": (
        "Tội phạm được ghi nhận tăng {pct}: từ {first} vụ trong 12 tháng đầu lên {last} vụ trong 12 tháng gần nhất.",
        "Recorded crime rose {pct}: from {first} cases in the first 12 months to {last} in the latest 12.",
    ),
    "brief.change.from_zero": (
        "Tội phạm được ghi nhận: {first} vụ trong 12 tháng đầu, {last} vụ trong 12 tháng gần nhất.",
        "Recorded crime: {first} cases in the first 12 months, {last} in the latest 12.",
    ),
    "brief.change.largest_fall": ("Giảm mạnh nhất: {offence} ({pct}).", "Largest fall: {offence} ({pct})."),
    "brief.change.no_fall": ("Không loại tội phạm nào giảm.", "No offence fell."),
    "brief.change.risers": ("Tăng: {offences}.", "Rose: {offences}."),
    "brief.change.no_riser": ("Không loại tội phạm nào tăng.", "No offence rose."),
    "brief.total": (
        "Tội phạm được ghi nhận: {total} vụ trong {span}.",
        "Recorded crime: {total} cases in {span}.",
    ),
    "brief.total.no_change": (
        "Số liệu chưa đủ hai giai đoạn 12 tháng nên chưa so sánh được mức tăng, giảm.",
        "The data do not yet span two 12-month windows, so no rise or fall is computed.",
    ),
    "brief.forecast": (
        "{window}: dự báo khoảng {total} vụ ({change} so với {past}), tức khoảng {period_mean} vụ mỗi {unit}.",
        "{window}: about {total} cases forecast ({change} on the {past}), about {period_mean} a {unit}.",
    ),
    "brief.forecast.detail": (
        "Trong một {unit} điển hình, số vụ nằm trong khoảng {lo80}–{hi80} với xác suất 80% ({lo95}–{hi95} với xác "
        "suất 95%). Phương pháp được chọn theo sai số khi dự báo lại quá khứ; khoảng dự báo hiệu chỉnh theo sai số "
        "đó.",
        "In a typical {unit}, the count should fall within {lo80}–{hi80} cases with 80% probability ({lo95}–{hi95} "
        "with 95%). The method was chosen by re-forecasting the past; the intervals are calibrated on those errors.",
    ),
    "brief.forecast.rough": (
        "Số liệu quá khứ còn ít nên khoảng dự báo chỉ là ước tính thô và có thể quá hẹp.",
        "The past offers few errors to calibrate on, so the intervals are rough and may be too narrow.",
    ),
    "brief.forecast.breaks": (
        "Mức số vụ đã thay đổi đột ngột trong những kỳ gần nhất ở: {districts}; dự báo ở đó có thể chậm theo mức mới "
        "và khoảng dự báo giả định sai số như trong quá khứ.",
        "The level shifted in the latest periods in: {districts}; forecasts there may lag the new level, and their "
        "intervals assume errors like those of the past.",
    ),
    "brief.forecast.the_total": ("toàn bộ", "the total"),
    # the forecast leaves out districts with missing cells: its headline says where it is for
    "brief.forecast.where": (" ở {place}", " in {place}"),
    "brief.change.where": (
        "Tính trên {place}; các quận, huyện thiếu số liệu không được tính (xem phần Lưu ý).",
        "Counted in {place}; the districts with missing counts are left out (see the caveats).",
    ),
    "brief.impact.where": (
        "Ước lượng trên {place}; các quận, huyện thiếu số liệu không được tính (xem phần Lưu ý).",
        "Estimated on {place}; the districts with missing counts are left out (see the caveats).",
    ),
    "brief.truth.lower": ("giảm {pct}", "{pct} lower"),
    "brief.truth.higher": ("tăng {pct}", "{pct} higher"),
    "brief.truth.covered": (
        "Đối chiếu với mô phỏng: tác động thật được cài vào dữ liệu là {change}; khoảng tin cậy có chứa giá trị này.",
        "Check against the simulation: the true effect built into the data is {change}; the confidence interval "
        "covers it.",
    ),
    "brief.truth.missed": (
        "Đối chiếu với mô phỏng: tác động thật được cài vào dữ liệu là {change}; khoảng tin cậy không chứa giá trị "
        "này.",
        "Check against the simulation: the true effect built into the data is {change}; the confidence interval "
        "misses it.",
    ),
    # method
    "brief.method.data": (
        "Số liệu là số vụ được ghi nhận theo quận, huyện, {period} và loại tội phạm. Tỷ lệ trên 100.000 dân dùng "
        "dân số của mỗi quận, huyện trong bảng quận, huyện, giữ nguyên cho mọi năm (không giả định tăng dân số).",
        "The data are recorded cases by district, {period} and offence. Rates per 100,000 residents use each "
        "district's population from the districts table, the same in every year (no growth is assumed).",
    ),
    "brief.method.forecast": (
        "Dự báo: với mỗi quận, huyện, nhiều phương pháp được thử trên số liệu quá khứ (dự báo lại các năm đã biết); "
        "phương pháp sai số nhỏ nhất được chọn. Khoảng dự báo được hiệu chỉnh để bao đúng tỷ lệ các giá trị thực "
        "trong các lần thử đó; dự báo các quận, huyện được điều chỉnh để cộng lại đúng bằng dự báo tổng.",
        "Forecasts: for each district, several methods are tried on the past (re-forecasting periods already known) "
        "and the most accurate is chosen; intervals are calibrated so that they contained the stated share of "
        "actual values in those trials; district forecasts are reconciled so that they add up to the total.",
    ),
    "brief.method.impact": (
        "Tác động: các quận, huyện triển khai mô hình vào những thời điểm khác nhau. Với mỗi quận, số vụ dự kiến nếu "
        "không có mô hình được ước tính từ chính quận đó trước khi triển khai và từ xu hướng của các quận chưa triển "
        "khai cùng thời điểm (ước lượng gán giá trị Poisson). Tác động là chênh lệch giữa số vụ ghi nhận và số vụ "
        "dự kiến, tính bằng phần trăm.",
        "Impact: districts adopted models at different times. For each district, the number of cases expected "
        "without the models is estimated from the district's own level before adoption and the trend of districts "
        "that had not adopted yet (Poisson imputation). The effect is the difference between recorded and expected "
        "cases, in percent.",
    ),
    # caveats
    "brief.caveat.simulated": (
        "Toàn bộ số liệu tội phạm và mô hình trong bản tóm tắt này là MÔ PHỎNG, không phải số liệu thật; chỉ tên, "
        "loại và dân số các quận, huyện là thật.",
        "All crime and model figures in this brief are SIMULATED, not real; only the districts' names, kinds and "
        "populations are real.",
    ),
    "brief.caveat.recorded": (
        "Số vụ được ghi nhận không phải toàn bộ tội phạm: thay đổi về tố giác, hoạt động của công an hay cách phân "
        "loại cũng làm số liệu thay đổi.",
        "Recorded crime is not all crime: changes in reporting, police activity or classification move the figures "
        "too.",
    ),
    "brief.caveat.suppressed": (
        "Các ô có dưới {threshold} vụ bị ẩn trong các bảng xuất ra để bảo vệ nạn nhân.",
        "Table cells below {threshold} cases are suppressed to protect victims.",
    ),
    "brief.caveat.parallel_trends": (
        "Mô hình không được phân bổ ngẫu nhiên; kết luận dựa trên giả định các quận triển khai sớm và muộn sẽ có xu "
        "hướng giống nhau nếu không có mô hình.",
        "The models were not assigned at random; the conclusions assume that early and late adopters would have "
        "followed similar trends without them.",
    ),
    "brief.part.forecast": ("dự báo", "the forecast"),
    "brief.part.impact": ("ước lượng tác động", "the impact estimate"),
    "brief.part.change": (
        "so sánh 12 tháng đầu với 12 tháng gần nhất",
        "the change from the first to the latest 12 months",
    ),
    "brief.part.rates": ("tỷ lệ trên 100.000 dân theo năm", "rates per 100,000 residents by year"),
    "brief.part.overview": ("tổng quan số liệu", "the data overview"),
    "brief.part.rollout": ("tiến độ triển khai mô hình", "the rollout of the models"),
    "brief.part.new_units": (
        "dự báo cho 126 xã, phường mới",
        "the forecast for the 126 new communes and wards",
    ),
    "brief.parts.and": (" và ", " and "),
    "brief.caveat.failed": (
        "Chưa tính được {part} ({why}); các phần khác của bản tóm tắt không bị ảnh hưởng.",
        "{part} could not be computed ({why}); the rest of the brief stands.",
    ),
    "brief.caveat.no_neighbours": (
        "Chưa ước lượng ảnh hưởng tới các quận, huyện lân cận: {why}",
        "The effect on neighbouring districts was not estimated: {why}",
    ),
    "brief.caveat.offences": (
        "Mọi con số trong bản tóm tắt chỉ tính {offences}, không phải toàn bộ tội phạm được ghi nhận.",
        "Every figure in this brief counts {offences} only, not all recorded crime.",
    ),
    "brief.caveat.impact_no_comparison": (
        "Chưa ước lượng được tác động của mô hình: không có thời điểm nào có quận, huyện chưa triển khai để so sánh "
        "với nơi đã triển khai (mọi nơi triển khai cùng lúc hoặc trước giai đoạn số liệu).",
        "The models' effect was not estimated: at no time was there a district without models to compare with "
        "those that had them (all adopted at the same time, or before the data begin).",
    ),
    "brief.caveat.effect_until": (
        "Ước lượng tác động chỉ tính đến {until}: sau đó chỉ còn dưới {min} quận, huyện chưa triển khai, quá ít để "
        "so sánh, nên các {periods} sau không được tính.",
        "The effect estimate covers the {periods} up to {until} only: after that fewer than {min} districts had not "
        "yet adopted, too few to compare with.",
    ),
    "brief.caveat.no_comparison": (
        "không kỳ nào còn quận, huyện vừa chưa triển khai vừa không giáp nơi đã triển khai để so sánh.",
        "in no period was there a district that had neither adopted nor bordered one that had, leaving nothing to "
        "compare with.",
    ),
    "brief.caveat.no_map": (
        "không có bản đồ các quận, huyện giáp ranh cho số liệu này.",
        "no map of which districts share a boundary is available for these districts.",
    ),
    "brief.caveat.short": (
        "Chưa tính {parts}: số liệu chỉ gồm {n} {periods} ({span}); tỷ lệ theo năm cần một năm đủ, so sánh cần hai "
        "năm, dự báo cần đủ số liệu để kiểm định lùi.",
        "Not computed: {parts}, because the data cover only {n} {periods} ({span}); rates by year need a full "
        "calendar year, the comparison two years, the forecast enough history to be backtested.",
    ),
    "brief.caveat.missing": (
        "Chưa thực hiện {parts}: số liệu thiếu {gaps} ô (quận, huyện × tháng × loại). Bổ sung số liệu hoặc, nếu ô "
        "trống nghĩa là không có vụ nào, chạy lại với --complete.",
        "Not run: {parts}, because {gaps} district x period x offence cells are missing. Supply them, or, if an "
        "absent row means no case, run again with --complete.",
    ),
    # the forecast and the impact run on the districts without a missing cell (Study.without_gaps)
    "brief.caveat.gaps": (
        "Không đưa vào {parts} vì thiếu số liệu một số {periods}: {districts}{models}. Các con số đó chỉ tính cho "
        "{place}.",
        "Left out of {parts}, because counts are missing for some of their {periods}: {districts}{models}. These "
        "figures are for {place} only.",
    ),
    "brief.caveat.gaps.district": ("{name} (thiếu {n} {periods})", "{name} ({n} {periods} missing)"),
    "brief.caveat.extent": (
        "Số liệu chỉ gồm {covered} trong {of} quận, huyện của Hà Nội (không có: {absent}){models}. Mọi con số trong "
        "bản tóm tắt là của các quận, huyện này, không phải của toàn thành phố.",
        "The data cover {covered} of Hanoi's {of} districts (not in the file: {absent}){models}. Every figure in "
        "this brief is for these districts, not for the whole city.",
    ),
    "brief.caveat.models_left_out": (
        "; {n} mô hình trong sổ theo dõi ở các quận, huyện đó không được tính",
        "; the register's {n} models in those districts are left out",
    ),
    "brief.caveat.neighbours_periods": (
        "Các ước lượng có tính đến quận, huyện lân cận chỉ dựa trên {used} trong {n} {periods}: trong các "
        "{periods} còn lại, chỉ còn dưới {min} quận, huyện vừa chưa triển khai vừa không giáp nơi đã triển khai, "
        "quá ít để so sánh.",
        "The estimates that take neighbouring districts into account rest on {used} of the {n} {periods}: in the "
        "others fewer than {min} districts had neither adopted nor bordered one that had, too few to compare with.",
    ),
    "brief.caveat.adopted_before": (
        "{districts}: đã triển khai trước hoặc ngay từ đầu giai đoạn số liệu (không có giai đoạn trước khi triển "
        "khai để so sánh) nên không ước lượng được tác động.",
        "{districts}: adopted before or at the start of the data (no time before adoption to compare with), so "
        "their effect cannot be estimated.",
    ),
    "brief.caveat.apportioned": (
        "Từ {month}, số liệu được ghi theo 126 xã, phường mới (Nghị quyết 1656/NQ-UBTVQH15); để nối với chuỗi theo "
        "30 quận, huyện cũ, số vụ của mỗi xã, phường được chia về các quận, huyện cũ theo tỷ lệ dân cư chuyển sang "
        "(dân số 2025). Vì vậy số liệu theo quận, huyện từ tháng đó, dự báo và ước lượng tác động dùng các tháng này "
        "là ước tính, không phải số đếm chính xác; tổng toàn thành phố vẫn chính xác.",
        "From {month} the counts are kept by the 126 new communes and wards (Resolution 1656/NQ-UBTVQH15). To join "
        "them to the series of the 30 old districts, each unit's count was shared out among the old districts its "
        "residents came from (2025 populations). District figures from that month, and the forecast and effect "
        "estimates that use them, are therefore estimates, not exact counts; city totals stay exact.",
    ),
    "brief.caveat.reform": (
        "Cấp quận, huyện của Hà Nội chấm dứt từ 1/7/2025; chuỗi số liệu theo quận, huyện dừng ở tháng 6/2025.",
        "Hanoi's district level was abolished on 1 July 2025; district series end in June 2025.",
    ),
    # captions of the charts the brief shows
    "brief.figure.city_trend": ("Xu hướng tội phạm được ghi nhận theo loại", "Recorded crime by offence"),
    "brief.figure.forecast": ("Dự báo {window} và khoảng dự báo", "Forecast for the {window}"),
    "brief.figure.event_study": (
        "Tác động theo số năm kể từ khi triển khai",
        "Effect by years since adoption",
    ),
    "brief.figure.district_effects": ("Tác động theo quận, huyện", "Effect by district"),
    "brief.figure.rate_map": ("Tỷ lệ tội phạm trên 100.000 dân", "Crime per 100,000 residents"),
    "brief.figure.forecast_new_units": (
        "Dự báo cho 126 xã, phường mới (ước tính)",
        "Forecast for the 126 new units (estimates)",
    ),
    "brief.figure.rollout_timeline": ("Tiến độ triển khai mô hình", "The rollout of the models"),
}

#: The brief's claims about the rollout's effect (:mod:`trends.report.claims`); each key is a rule's sentence.
_CLAIMS: dict[str, tuple[str, str]] = {
    "claim.lower": ("{pct} thấp hơn", "{pct} lower"),
    "claim.higher": ("{pct} cao hơn", "{pct} higher"),
    "claim.range": ("{low} đến {high}", "{low} to {high}"),
    "claim.effect.clear": (
        "Sau khi triển khai mô hình, số vụ ghi nhận {effect} dự kiến (khoảng tin cậy {level}%: {near} đến {far}).",
        "After the models started, recorded crime was {effect} than expected ({level}% confidence interval: {near} "
        "to {far}).",
    ),
    "claim.effect.inconclusive": (
        "Sau khi triển khai mô hình, số vụ ghi nhận {effect} dự kiến, nhưng khoảng tin cậy {level}% trải từ {low} đến "
        "{high}: số liệu chưa phân biệt được mức giảm với không đổi hay mức tăng. Điều này không chứng minh mô hình "
        "không có tác dụng.",
        "After the models started, recorded crime was {effect} than expected, but the {level}% confidence interval "
        "runs from {low} to {high}: the data cannot yet tell a reduction from no change or a rise. This does not "
        "show that the models had no effect.",
    ),
    "claim.effect.thin": (
        "Sau khi triển khai mô hình, số vụ ghi nhận {effect} dự kiến (khoảng tin cậy {level}%: {low} đến {high}), "
        "nhưng ước lượng chỉ dựa trên {n} quận, huyện có số liệu trước khi triển khai: quá ít để kết luận về tác "
        "động của mô hình.",
        "After the models started, recorded crime was {effect} than expected ({level}% confidence interval: {low} "
        "to {high}), but the estimate rests on only {n} adopting district(s) with data from before adoption: too "
        "few to judge the models' effect.",
    ),
    "claim.pretrend.warning": (
        "Cảnh báo: trong {years} năm trước khi triển khai, số vụ ghi nhận đã lệch khỏi dự kiến (kiểm định chung "
        "các năm đó: p {p}); {when}, số vụ {lead} dự kiến (khoảng tin cậy 95%: {ci}); một phần tác "
        "động ước lượng có thể không do mô hình.",
        "Caution: in the {years} years before adoption, recorded crime already departed from expected (joint test "
        "of those years: p {p}); {when}, it was {lead} than expected (95% confidence interval: "
        "{ci}); part of the estimated effect may not be due to the models.",
    ),
    "claim.pretrend.reassuring": (
        "Kiểm tra: trong {years} năm trước khi triển khai, số vụ ghi nhận nằm trong khoảng ±{cannot_rule_out} so "
        "với dự kiến, nhỏ hơn một nửa tác động nhỏ nhất mà số liệu cho phép ({bound}).",
        "Check: in the {years} years before adoption, recorded crime stayed within ±{cannot_rule_out} of expected, "
        "less than half the smallest effect the data support ({bound}).",
    ),
    "claim.pretrend.inconclusive": (
        "Kiểm tra trước khi triển khai chưa cho kết luận: {when}, số vụ {lead} dự kiến (khoảng tin "
        "cậy 95%: {ci}); các năm trước khi triển khai chưa loại trừ được một chênh lệch có sẵn tới "
        "{cannot_rule_out} (khoảng tin cậy 90% của kiểm định tương đương), so với tác động ước lượng {effect}.",
        "The check before adoption is inconclusive: {when}, recorded crime was {lead} than "
        "expected (95% confidence interval: {ci}); the years before adoption cannot rule out a pre-existing "
        "difference of up to {cannot_rule_out} (the equivalence test's 90% intervals), against an estimated "
        "effect of {effect}.",
    ),
    "claim.pretrend.when.1": ("trong năm liền trước khi triển khai", "in the year just before adoption"),
    "claim.pretrend.when": ("trong năm thứ {nth} trước khi triển khai", "in the {nth} year before adoption"),
    "claim.pretrend.untestable": (
        "Không kiểm tra được các năm trước khi triển khai: không quận, huyện nào có đủ số liệu trước hai năm đó để "
        "ước lượng mức dự kiến, nên số liệu không cho biết các quận, huyện triển khai đã khác biệt từ trước hay "
        "chưa.",
        "The years before adoption could not be checked: no adopting district has data from before those two years "
        "to estimate its expected level, so the data cannot tell whether adopters were already diverging.",
    ),
    "claim.pretrend.sensitivity": (
        "Một xu hướng khác biệt có sẵn giữa các quận, huyện gây chênh lệch hơn {departure} là đủ để khoảng tin cậy "
        "của tác động chứa 0.",
        "A pre-existing difference in trends between districts worth more than {departure} would be enough for the "
        "effect's confidence interval to include zero.",
    ),
    "claim.lasting": (
        "Số vụ thấp hơn dự kiến rõ ràng ở {lower} trong {n} năm sau năm triển khai.",
        "Recorded crime was clearly lower than expected in {lower} of the {n} years after the year of adoption.",
    ),
    # no year after the year of adoption has enough districts to judge (or the data end in that year)
    "claim.lasting.none": (
        "Chưa đánh giá được năm nào sau năm triển khai.",
        "No year after the year of adoption can be judged yet.",
    ),
    "claim.lasting.higher": (
        "Số vụ thấp hơn dự kiến rõ ràng ở {lower} trong {n} năm sau năm triển khai, cao hơn rõ ràng ở {higher}.",
        "Recorded crime was clearly lower than expected in {lower} of the {n} years after the year of adoption and "
        "clearly higher in {higher}.",
    ),
    "claim.lasting.thin": (
        "Chưa đánh giá năm {years} (số năm so với khi triển khai, như trên biểu đồ) vì chỉ dựa trên dưới "
        "{min_support} quận, huyện.",
        "Not judged, because fewer than {min_support} districts reach that far: year {years} since the model "
        "started (as numbered in the chart).",
    ),
    "claim.districts.clear": (
        "{down} trong {n} quận, huyện đã triển khai có số vụ thấp hơn dự kiến rõ ràng; {up} cao hơn rõ ràng.",
        "{down} of the {n} adopting districts recorded clearly fewer cases than expected; {up} clearly more.",
    ),
    "claim.districts.none_clear": (
        "Chưa quận, huyện nào trong {n} nơi đã triển khai có tác động rõ ràng khi tính cả độ bất định của số vụ dự "
        "kiến và việc so sánh nhiều quận cùng lúc; điều này không có nghĩa là mô hình không có tác dụng ở các quận "
        "đó.",
        "None of the {n} adopting districts shows a clear effect on its own once the uncertainty of its expected "
        "count and the number of districts compared are allowed for; this does not mean the models had no effect "
        "there.",
    ),
    "claim.districts.simultaneous": (
        "Khoảng tin cậy đồng thời {level}% (Bonferroni cho {n} quận, huyện): xác suất để mọi khoảng cùng chứa giá "
        "trị thật ít nhất là {level}%.",
        "Simultaneous {level}% intervals (Bonferroni over {n} districts): all of them cover their true effect "
        "together with probability at least {level}%.",
    ),
    "claim.displacement.rose": (
        "Ở các quận, huyện lân cận chưa triển khai, số vụ ghi nhận {effect} dự kiến (khoảng tin cậy 95%: {ci}): một "
        "phần tội phạm có thể đã chuyển sang địa bàn bên cạnh.",
        "In neighbouring districts that had not adopted yet, recorded crime was {effect} than expected (95% "
        "confidence interval: {ci}): some crime may have moved next door.",
    ),
    "claim.displacement.fell": (
        "Ở các quận, huyện lân cận chưa triển khai, số vụ ghi nhận cũng {effect} dự kiến (khoảng tin cậy 95%: {ci}): "
        "lợi ích có thể đã lan sang địa bàn bên cạnh.",
        "In neighbouring districts that had not adopted yet, recorded crime was also {effect} than expected (95% "
        "confidence interval: {ci}): the benefit may have spread next door.",
    ),
    "claim.displacement.inconclusive": (
        "Chưa xác định được tội phạm có chuyển sang các quận, huyện lân cận hay không: ở các quận lân cận chưa triển "
        "khai, số vụ {effect} dự kiến, khoảng tin cậy 95% từ {ci}.",
        "The data cannot tell whether crime moved to neighbouring districts: in neighbours that had not adopted "
        "yet, recorded crime was {effect} than expected, with a 95% confidence interval from {ci}.",
    ),
    "claim.displacement.naive": (
        "Khi không dùng các quận lân cận đó làm nhóm so sánh, tác động ở các quận đã triển khai là {direct} dự kiến "
        "(khoảng tin cậy 95%: {low} đến {high}), so với {naive} khi có chúng (trên cùng các quận, huyện và cùng "
        "các kỳ: những nơi ước lượng được mức nền trước khi chính nó hoặc quận lân cận triển khai).",
        "Without those neighbours in the comparison group, the effect on adopting districts is {direct} than "
        "expected (95% confidence interval: {low} to {high}), against {naive} with them (on the same districts and "
        "periods: those whose level can be fitted before they or a neighbour adopted).",
    ),
}

#: The readings of the robustness checks that the notebooks print (:mod:`trends.report.readings`).
_READINGS: dict[str, tuple[str, str]] = {
    "reading.periods_earlier": ("sớm hơn {n} {periods}", "{n} {periods} earlier"),
    "reading.range": ("{low}% đến {high}%", "{low}% to {high}%"),
    "reading.placebo.warning": (
        'Cảnh báo: với ngày triển khai giả ({when}), phương pháp vẫn thấy một "tác động" {placebo}% có khoảng tin '
        "cậy 95% không chứa 0, dù khi đó chưa có mô hình nào: ước lượng chính có thể một phần phản ánh khác biệt có "
        "từ trước.",
        'Caution: at a placebo date ({when}) the method finds an "effect" of {placebo}% whose 95% interval excludes '
        "zero, although no model had started: the main estimate may partly reflect differences that existed before "
        "adoption.",
    ),
    "reading.placebo.as_large": (
        "Không khoảng tin cậy nào của ngày giả loại trừ 0, nhưng ngày giả {when} cho {placebo}%, lớn bằng hoặc hơn "
        "ước lượng thật ({estimate}%): kiểm tra này không tách được tác động khỏi khác biệt có sẵn.",
        "No placebo interval excludes zero, but the placebo date {when} gives {placebo}%, as large as the real "
        "estimate ({estimate}%): this check cannot separate the effect from pre-existing differences.",
    ),
    "reading.placebo.passed": (
        'Không ngày giả nào cho "tác động" có khoảng tin cậy loại trừ 0, và đều nhỏ hơn ước lượng thật '
        "({estimate}%). Đây là bằng chứng yếu: kiểm tra giả có ít khả năng phát hiện khi có ít đơn vị.",
        'No placebo date gives an "effect" whose interval excludes zero, and all are smaller than the real '
        "estimate ({estimate}%). This is weak evidence: placebo tests have little power with few units.",
    ),
    "reading.leads.warning": (
        "Cảnh báo: trước khi triển khai (thời điểm {times}) đã có chênh lệch với khoảng tin cậy 95% không chứa 0 "
        "(lớn nhất {lead}%); giả định xu hướng song song đáng ngờ.",
        "Caution: before adoption (event time {times}) there are differences whose 95% interval excludes zero "
        "(largest {lead}%); parallel trends are in doubt.",
    ),
    "reading.leads.joint": (
        "Cảnh báo: kiểm định chung các tác động trước khi triển khai bác bỏ giả thuyết chúng đều bằng 0 (p {p}), dù "
        "không khoảng tin cậy 95% riêng lẻ nào loại trừ 0 (lớn nhất {lead}%); giả định xu hướng song song đáng ngờ.",
        "Caution: the joint test of the pre-adoption effects rejects that they are all zero (p {p}), although no "
        "single lead's 95% interval excludes zero (largest {lead}%); parallel trends are in doubt.",
    ),
    "reading.leads.as_large": (
        "Chênh lệch trước khi triển khai ({lead}% ở thời điểm {when}) lớn bằng hoặc hơn tác động trung bình sau đó "
        "({effect}%): nghiên cứu sự kiện này không tách được tác động khỏi khác biệt có sẵn, dù khoảng tin cậy của "
        "từng thời điểm đều chứa 0.",
        "The difference before adoption ({lead}% at event time {when}) is as large as the average effect after "
        "({effect}%): this event study cannot separate an effect from pre-existing differences, although every "
        "lead's interval includes zero.",
    ),
    "reading.leads.smaller": (
        "Chênh lệch trước khi triển khai (lớn nhất {lead}%) nhỏ hơn tác động trung bình sau đó ({effect}%) và không "
        "khoảng tin cậy nào loại trừ 0; với ít quận, kiểm tra này có ít khả năng phát hiện xu hướng khác biệt.",
        "The differences before adoption (largest {lead}%) are smaller than the average effect after ({effect}%) "
        "and no lead's interval excludes zero; with few units this check has little power to detect diverging "
        "trends.",
    ),
    "reading.sensitivity.nothing_to_overturn": (
        "Khoảng tin cậy thông thường của ước lượng đã chứa 0, nên không có kết luận nào để kiểm tra độ vững.",
        "The conventional interval of this estimate already includes zero, so there is no conclusion for the "
        "bounds to overturn.",
    ),
    "reading.sensitivity.fragile": (
        "Khoảng tin cậy vững đã chứa 0 ngay cả khi xu hướng song song đúng hoàn toàn (giá trị phá vỡ 0): kết luận "
        "không chịu được bất kỳ sai lệch nào khỏi xu hướng song song.",
        "The robust interval includes zero even under exact parallel trends (breakdown value 0): the conclusion "
        "does not survive any departure from parallel trends.",
    ),
    "reading.sensitivity.holds_everywhere": (
        "Trên mọi giá trị đã thử, khoảng tin cậy vững đều loại trừ 0.",
        "The robust interval excludes zero at every value tried.",
    ),
    "reading.sensitivity.holds_to_slope": (
        "Kết luận còn đúng khi độ dốc của chênh lệch xu hướng thay đổi ít hơn {slope} điểm log mỗi kỳ; lớn hơn thì "
        "khoảng tin cậy vững chứa 0.",
        "The conclusion holds while the slope of the difference in trends changes by less than {slope} log points "
        "per period; beyond that the robust interval includes zero.",
    ),
    "reading.sensitivity.holds_to_smaller": (
        "Kết luận còn đúng khi sai lệch khỏi xu hướng song song sau khi triển khai nhỏ hơn {times} lần sai lệch lớn "
        "nhất trước đó (nhỏ hơn sai lệch lớn nhất trước khi triển khai).",
        "The conclusion holds while post-adoption departures from parallel trends stay below {times} times the "
        "largest pre-adoption one (smaller than the largest one before adoption).",
    ),
    "reading.sensitivity.holds_to_larger": (
        "Kết luận còn đúng khi sai lệch khỏi xu hướng song song sau khi triển khai nhỏ hơn {times} lần sai lệch lớn "
        "nhất trước đó (kể cả khi bằng sai lệch lớn nhất trước khi triển khai).",
        "The conclusion holds while post-adoption departures from parallel trends stay below {times} times the "
        "largest pre-adoption one (even as large as the largest one before adoption).",
    ),
    "reading.synth.failed": (
        "Đối chứng tổng hợp không tái tạo được diễn biến của {unit} trước khi triển khai (nằm ngoài phạm vi các đơn "
        "vị đối chứng), nên chênh lệch sau đó không phải là ước lượng tác động và không được nêu.",
        "The synthetic control could not reproduce {unit}'s path before adoption (it lies outside the donors' "
        "range), so the gap after adoption is not an estimate of the effect and is not reported.",
    ),
    "reading.synth.p": (" (p = {p})", " (p = {p})"),
    "reading.synth.unusual": (
        "Chênh lệch sau khi triển khai ở {unit} ({gap} mỗi kỳ) lớn bất thường so với các đơn vị đối chứng giả{p}.",
        "The gap after adoption in {unit} ({gap} per period) is unusual among the donors' placebo gaps{p}.",
    ),
    "reading.synth.not_unusual": (
        "Chênh lệch sau khi triển khai ở {unit} ({gap} mỗi kỳ) không khác thường so với các đơn vị đối chứng giả{p}: "
        "chuỗi của một đơn vị không đủ để phân biệt tác động cỡ này với dao động ngẫu nhiên. Điều này không chứng "
        "minh không có tác động.",
        "The gap after adoption in {unit} ({gap} per period) is not unusual among the donors' placebo gaps{p}: one "
        "unit's series cannot tell an effect of this size from noise. This does not show that there was no effect.",
    ),
    "reading.loo.nothing_to_drive": (
        "Bỏ từng đơn vị, ước lượng dao động từ {span}; khoảng tin cậy 95% ban đầu đã chứa 0, nên không có kết luận "
        "nào để một đơn vị quyết định.",
        "Without one unit at a time the estimate ranges from {span}; the original 95% interval already includes "
        "zero, so there is no conclusion for one unit to drive.",
    ),
    "reading.loo.rests_on": (
        "Bỏ từng đơn vị, ước lượng dao động từ {span}; khi bỏ {units}, ước lượng đổi dấu hoặc ra ngoài khoảng tin "
        "cậy 95% ban đầu: kết luận dựa vào (các) đơn vị đó.",
        "Without one unit at a time the estimate ranges from {span}; without {units} it changes sign or leaves the "
        "original 95% interval: the conclusion rests on that unit (or those units).",
    ),
    "reading.loo.stable": (
        "Bỏ từng đơn vị, ước lượng dao động từ {span}, luôn cùng dấu và trong khoảng tin cậy 95% ban đầu: không đơn "
        "vị nào một mình quyết định kết luận.",
        "Without one unit at a time the estimate ranges from {span}, always of the same sign and inside the original "
        "95% interval: no single unit drives the conclusion.",
    ),
    "reading.its.where": (" ở {name}", " in {name}"),
    "reading.its.lower": (
        "Số vụ ghi nhận{where} từ khi triển khai thấp hơn dự báo theo xu hướng và mùa vụ trước đó {size}% (khoảng "
        "tin cậy 95%: {span}). Một chuỗi số liệu không tách được tác động của mô hình với những thay đổi khác cùng "
        "thời điểm.",
        "Recorded cases{where} since adoption were {size}% below the forecast from the earlier trend and season "
        "(95% interval {span}). One series cannot separate the models from anything else that changed at that date.",
    ),
    "reading.its.higher": (
        "Số vụ ghi nhận{where} từ khi triển khai cao hơn dự báo theo xu hướng và mùa vụ trước đó {size}% (khoảng "
        "tin cậy 95%: {span}). Một chuỗi số liệu không tách được tác động của mô hình với những thay đổi khác cùng "
        "thời điểm.",
        "Recorded cases{where} since adoption were {size}% above the forecast from the earlier trend and season "
        "(95% interval {span}). One series cannot separate the models from anything else that changed at that date.",
    ),
    "reading.its.inconclusive": (
        "Số vụ ghi nhận{where} từ khi triển khai chênh {estimate}% so với dự báo theo xu hướng và mùa vụ trước đó "
        "(khoảng tin cậy 95%: {span}, bao gồm 0): chưa thể kết luận. Điều này không chứng minh không có tác động.",
        "Recorded cases{where} since adoption differ from the forecast from the earlier trend and season by "
        "{estimate}% (95% interval {span}, which includes zero): one series cannot tell. This does not show that "
        "there was no effect.",
    ),
}

#: Words about a study (:mod:`trends.study`) and the brief's frame (:mod:`trends.report.render`).
_STUDY: dict[str, tuple[str, str]] = {
    "study.place.part": (
        "{covered} trong {of} quận, huyện của Hà Nội",
        "{covered} of Hanoi's {of} districts",
    ),
    "study.place.hanoi": ("Hà Nội", "Hanoi"),
    "study.place.districts": ("{n} quận, huyện", "{n} districts"),
    "study.source.simulated": (
        "DỮ LIỆU MÔ PHỎNG (trends.simulate, seed {seed}); dân số quận/huyện: Tổng điều tra 2019",
        "SIMULATED data (trends.simulate, seed {seed}); district populations: 2019 census",
    ),
    "study.source.file": ("Tệp {name}", "File {name}"),
    "brief.banner": (
        "DỮ LIỆU MÔ PHỎNG — không phải số liệu tội phạm thật. Dùng để minh hoạ và kiểm tra phương pháp.",
        "SIMULATED DATA — not real crime figures. For demonstration and method checks only.",
    ),
    "brief.heading.findings": ("Kết luận chính", "Key findings"),
    "brief.heading.method": ("Phương pháp", "Method"),
    "brief.heading.caveats": ("Lưu ý", "Caveats"),
    "brief.heading.charts": ("Biểu đồ", "Charts"),
    "brief.heading.generated": ("Tạo bởi trends {version}", "Made with trends {version}"),
}

#: The words of the results' own charts (``result.plot(lang=...)`` in :mod:`trends.impact`, :mod:`trends.results`).
#: The English texts are the charts' historical labels, kept as they were; ``plot.term.<term>`` names a term of a
#: result's table (a category label) and ``plot.bacon.<type>`` a comparison type of the Goodman-Bacon decomposition.
_PLOTS: dict[str, tuple[str, str]] = {
    # forecasts (trends.forecast: ForecastResult.plot, BacktestResult.plot)
    "plot.forecast.history": ("số liệu đã ghi nhận", "history"),
    "plot.forecast.interval": ("khoảng dự báo {level}%", "{level}% interval"),
    "plot.forecast.mean": ("dự báo ({method})", "forecast ({method})"),
    "plot.forecast.title": ("dự báo", "forecast"),
    "plot.design.all_at_once": ("triển khai cùng lúc", "all at once"),
    "plot.design.stepped_wedge": ("triển khai lần lượt theo đợt", "stepped wedge"),
    "plot.design.by_need": ("triển khai theo mức cần thiết", "by need"),
    "plot.backtest.metric": ("{metric} trung bình (càng thấp càng tốt)", "mean {metric} (lower is better)"),
    # axes
    "plot.estimate": ("Ước lượng", "estimate"),
    "plot.effect": ("Tác động", "effect"),
    "plot.att": ("Tác động trung bình lên nhóm triển khai (ATT)", "ATT"),
    "plot.periods_since_adoption": ("Số kỳ kể từ khi triển khai", "periods since adoption"),
    "plot.effect_on_outcome": ("Tác động lên biến kết quả", "effect on outcome"),
    "plot.axis.event_time": ("Số kỳ kể từ khi triển khai", "event_time"),
    "plot.axis.group": ("Nhóm triển khai (kỳ bắt đầu)", "group"),
    "plot.axis.time": ("Thời gian", "time"),
    "plot.axis.label": ("Tác động", "label"),
    "plot.cohort": ("Nhóm triển khai {cohort}", "cohort {cohort}"),
    "plot.change_against_expected": ("Thay đổi so với dự kiến (%)", "change against expected (%)"),
    "plot.change_against_comparison": ("Thay đổi so với nhóm so sánh (%)", "change against comparison (%)"),
    "plot.change_in_expected_count": ("Thay đổi của số vụ kỳ vọng (%)", "change in expected count (%)"),
    "plot.dose": ("Cường độ triển khai", "dose"),
    "plot.dose.word": ("cường độ triển khai", "dose"),
    "plot.dose_bin": ("Nhóm theo {dose}", "dose bin ({dose})"),
    "plot.honest.mbar": (
        "Mbar: độ lệch xu hướng sau triển khai so với độ lệch lớn nhất trước triển khai",
        "Mbar: post-adoption trend breaks relative to the largest pre-adoption one",
    ),
    "plot.honest.m": (
        "M: thay đổi lớn nhất của độ dốc chênh lệch xu hướng mỗi kỳ",
        "M: largest change in the slope of the difference in trends per period",
    ),
    "plot.cumulative_effect_on": ("Tác động cộng dồn lên {outcome}", "cumulative effect on {outcome}"),
    "plot.reduction_in_recorded_crime": (
        "Mức giảm tội phạm được ghi nhận (%)",
        "reduction in recorded crime (%)",
    ),
    "plot.power": ("Khả năng phát hiện tác động", "power"),
    "plot.gap": (
        "Chênh lệch {outcome} (thực tế − đối chứng tổng hợp)",
        "gap in {outcome} (observed - synthetic)",
    ),
    "plot.weight": ("Trọng số", "weight"),
    "plot.estimate_2x2": ("Ước lượng của so sánh 2x2", "2x2 estimate"),
    # legends and annotations
    "plot.adopters": ("Đơn vị đã triển khai", "adopters"),
    "plot.bootstrap_band": ("Dải tin cậy bootstrap 95%", "95% bootstrap band"),
    "plot.att_dose": ("Tác động theo cường độ, ATT(d|d)", "ATT(d|d)"),
    "plot.parallel_trends": (
        "Xu hướng song song (khoảng tin cậy thông thường)",
        "parallel trends (conventional)",
    ),
    "plot.robust.smoothness": ("Khoảng tin cậy vững (độ trơn)", "robust interval (smoothness)"),
    "plot.robust.relative": (
        "Khoảng tin cậy vững (độ lớn tương đối)",
        "robust interval (relative magnitudes)",
    ),
    "plot.breakdown": ("Giá trị phá vỡ {name} = {value}", "breakdown {name} = {value}"),
    "plot.observed": ("Thực tế", "observed"),
    "plot.observed_unit": ("{unit} (thực tế)", "{unit} (observed)"),
    "plot.forecast_without": ("Dự báo nếu không có mô hình", "forecast without the programme"),
    "plot.interval": ("Khoảng dự báo {level}", "{level} interval"),
    "plot.cumulative_effect": ("Tác động cộng dồn", "cumulative effect"),
    "plot.model": ("Mô hình chuỗi thời gian", "model"),
    "plot.model_without": (
        "Mô hình chuỗi thời gian khi không có can thiệp",
        "model without the intervention",
    ),
    "plot.synthetic_control": ("Đối chứng tổng hợp", "synthetic control"),
    "plot.synthetic_shifted": ("Đối chứng tổng hợp (đã dịch cho song song)", "synthetic control (shifted)"),
    "plot.treated_mean": ("Nhóm triển khai (trung bình)", "treated (mean)"),
    "plot.time_weights": ("Trọng số thời gian", "time weights"),
    "plot.cr1": ("Khoảng tin cậy CR1", "CR1"),
    "plot.wild_bootstrap": ("Khoảng tin cậy bootstrap theo cụm ({method})", "wild bootstrap ({method})"),
    "plot.twfe": ("Hệ số TWFE {value}", "TWFE {value}"),
    "plot.bacon.treated_vs_never": ("Nhóm triển khai so với nhóm không triển khai", "treated vs never"),
    "plot.bacon.earlier_vs_later": ("Nhóm sớm so với nhóm muộn (chưa triển khai)", "earlier vs later"),
    "plot.bacon.later_vs_earlier": ("Nhóm muộn so với nhóm sớm (đã triển khai)", "later vs earlier"),
    "plot.bacon.later_vs_always": ("Nhóm muộn so với nhóm luôn triển khai", "later vs always"),
    # category labels: the rows of a result's table
    "plot.term.overall": ("tổng thể", "overall"),
    "plot.term.original": ("ban đầu", "original"),
    "plot.placebo": ("ngày giả sớm hơn {shift} kỳ", "placebo -{shift}"),
    "plot.without": ("bỏ {unit}", "without {unit}"),
    "plot.term.low": ("thấp", "low"),
    "plot.term.middle": ("trung bình", "middle"),
    "plot.term.high": ("cao", "high"),
    "plot.term.direct": ("trực tiếp", "direct"),
    "plot.term.spillover": ("lan sang quận, huyện lân cận", "spillover"),
    "plot.term.direct_naive": ("trực tiếp, nhóm so sánh gồm cả quận, huyện lân cận", "direct_naive"),
}

#: key -> (Vietnamese, English): every message of the library.
CATALOGUE: dict[str, tuple[str, str]] = {
    **_CHARTS,
    **_REPORT,
    **_BRIEF,
    **_CLAIMS,
    **_READINGS,
    **_STUDY,
    **_PLOTS,
}


def t(key: str, lang: str, **fields: object) -> str:
    """Return the message ``key`` in ``lang``, NFC-normalised, with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`CATALOGUE`.
    lang : {"vi", "en"}
        The language.
    **fields
        Values for the template's ``{placeholders}``.

    Raises
    ------
    KeyError
        If ``key`` is not in the catalogue.
    ValueError
        If ``lang`` is not ``"vi"`` or ``"en"``.

    Examples
    --------
    >>> t("source", "en", source="Hanoi Police")
    'Source: Hanoi Police'
    """
    check_lang(lang)
    try:
        pair = CATALOGUE[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the catalogue (trends.messages)") from None
    text = pair[0] if lang == "vi" else pair[1]
    return nfc(text.format(**fields) if fields else text)


def each_lang(key: str, **fields: object | Callable[[str], object]) -> dict[str, str]:
    """The message ``key`` in every language, ``{"vi": ..., "en": ...}``.

    A field given as a function is called with the language, for values written differently in each language
    (numbers with their separators, names).

    Examples
    --------
    >>> each_lang("source", source=lambda lang: {"vi": "Công an", "en": "Police"}[lang])
    {'vi': 'Nguồn: Công an', 'en': 'Source: Police'}
    """
    return {
        lang: t(key, lang, **{k: v(lang) if callable(v) else v for k, v in fields.items()}) for lang in LANGS
    }
