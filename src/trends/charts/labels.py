"""Vietnamese and English labels from the same code.

Every word a chart shows comes from :data:`CATALOGUE` through :func:`t`, which raises on a missing key or an
unknown language, so a chart can never silently show a key name or mix languages.

Offence and model-type names belong to the data, not to this module: pass a mapping such as
``trends.simulate.OFFENCE_LABELS`` (``{"theft": ("Trộm cắp tài sản", "Theft"), ...}``) to a chart's
``labels=`` argument, or register it once with :func:`register_labels`. :func:`label_for` looks up the
per-call mapping first, then the registry, and falls back to the id itself (``"drug_offences"`` →
``"Drug offences"``) so that an unlabelled offence still renders.
"""

from __future__ import annotations

from collections.abc import Mapping

from trends.charts.theme import check_lang, nfc

__all__ = [
    "CATALOGUE",
    "LabelMapping",
    "clear_labels",
    "label_for",
    "register_labels",
    "t",
]

#: A mapping of ids to ``(vietnamese, english)`` labels.
LabelMapping = Mapping[str, tuple[str, str]]

#: key -> (Vietnamese, English). Templates use ``str.format`` fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    # footnotes and banners
    "source": ("Nguồn: {source}", "Source: {source}"),
    "method": ("Phương pháp: {method}", "Method: {method}"),
    "source_missing": ("chưa ghi nguồn", "source not stated"),
    "simulated": (
        "DỮ LIỆU MÔ PHỎNG — không phải số liệu thật",
        "SIMULATED DATA — not real figures",
    ),
    "small_counts": (
        "Một số ô có dưới {threshold} vụ; số nhỏ biến động mạnh, cần thận trọng khi diễn giải.",
        "Some cells have fewer than {threshold} offences; small counts are volatile, interpret with care.",
    ),
    "no_data": ("không có số liệu", "no data"),
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
    "city_average": ("Trung bình toàn thành phố", "City average"),
    "active_models": ("Số mô hình đang hoạt động", "Active models"),
    "never_adopted": ("chưa triển khai", "never adopted"),
    "never_note": (
        "Chữ xám nghiêng: {n} quận, huyện chưa triển khai mô hình nào.",
        "Grey italics: {n} districts that never adopted a model.",
    ),
    "estimate": ("Ước lượng", "Estimate"),
    "effect": ("Tác động ước lượng", "Estimated effect"),
    "effect_unit": ("Tác động ước lượng (số vụ mỗi tháng)", "Estimated effect (offences per month)"),
    "ci95": ("Khoảng tin cậy 95%", "95% confidence interval"),
    "uniform_band": ("Dải tin cậy đồng thời 95%", "95% simultaneous band"),
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
    "title_city_trend": ("Tội phạm được ghi nhận tại Hà Nội theo loại", "Recorded crime in Hanoi by offence"),
    "title_small_multiples": (
        "Tỷ lệ tội phạm trên 100.000 dân theo quận, huyện",
        "Crime rate per 100,000 residents by district",
    ),
    "title_small_multiples_count": ("Số vụ phạm tội theo quận, huyện", "Recorded crime by district"),
    "title_rollout": (
        "Các mô hình an ninh cộng đồng được triển khai dần theo thời gian",
        "Community-security models were rolled out district by district",
    ),
    "title_tile_map": ("Hà Nội theo quận, huyện", "Hanoi by district"),
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
        "khoảng dự báo 80% và 95%; khoảng thực tế thường rộng hơn",
        "80% and 95% prediction intervals; real uncertainty is often wider",
    ),
    "method_counterfactual": (
        "chênh lệch = thực tế − ước tính nếu không có mô hình",
        "difference = actual − estimate without the models",
    ),
}

_REGISTRY: dict[str, dict[str, tuple[str, str]]] = {}


def t(key: str, lang: str, **fields: object) -> str:
    """Return the label ``key`` in ``lang``, NFC-normalised, with ``fields`` filled in.

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
        raise KeyError(f"no label {key!r} in the chart label catalogue") from None
    text = pair[0] if lang == "vi" else pair[1]
    return nfc(text.format(**fields) if fields else text)


def register_labels(mapping: LabelMapping, kind: str = "offence") -> None:
    """Register labels for data ids (offences, model types) used by every chart until :func:`clear_labels`.

    Parameters
    ----------
    mapping : Mapping[str, tuple[str, str]]
        ``{id: (vietnamese, english)}``, e.g. ``trends.simulate.OFFENCE_LABELS``.
    kind : str
        Namespace, e.g. ``"offence"`` or ``"model_type"``.

    Notes
    -----
    Charts also take ``labels=`` per call, which wins over the registry; prefer that in library code (no
    hidden state) and use the registry in notebooks.
    """
    _check_mapping(mapping)
    _REGISTRY.setdefault(kind, {}).update({str(k): (nfc(v[0]), nfc(v[1])) for k, v in mapping.items()})


def clear_labels(kind: str | None = None) -> None:
    """Forget registered labels of one ``kind`` (or of every kind when ``None``)."""
    if kind is None:
        _REGISTRY.clear()
    else:
        _REGISTRY.pop(kind, None)


def label_for(key: object, lang: str, labels: LabelMapping | None = None, kind: str = "offence") -> str:
    """Return the display label of a data id in ``lang``.

    Looks in ``labels`` first, then in the labels registered for ``kind``, then falls back to the id with
    underscores as spaces and a capital first letter.

    Parameters
    ----------
    key : object
        The id, e.g. ``"theft"``.
    lang : {"vi", "en"}
        The language.
    labels : Mapping[str, tuple[str, str]], optional
        Per-call labels.
    kind : str
        Registry namespace.
    """
    check_lang(lang)
    index = 0 if lang == "vi" else 1
    skey = str(key)
    if labels is not None:
        _check_mapping(labels)
        if skey in labels:
            return nfc(labels[skey][index])
    registered = _REGISTRY.get(kind, {})
    if skey in registered:
        return registered[skey][index]
    text = skey.replace("_", " ").strip()
    return nfc(text[:1].upper() + text[1:])


def _check_mapping(mapping: LabelMapping) -> None:
    for k, v in mapping.items():
        if not (isinstance(v, tuple | list) and len(v) == 2):
            raise ValueError(f"label for {k!r} must be a (vietnamese, english) pair, got {v!r}")
