"""A study with missing cells: the forecast and the impact run on the districts without them, as the notebooks do
(``Study.without_gaps``), and the brief and the charts say which districts were left out and what is covered.

The study is part of the bundled (simulated) Hanoi data: nine districts, two offences, so that each report is
quick; two districts get missing months.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from trends.report import run_report
from trends.study import Extent, Study, load_study

#: Six adopters, one that adopts in 2020 (Cầu Giấy) and two that never do (Sóc Sơn, Phúc Thọ).
DISTRICTS = ["tay_ho", "long_bien", "hai_ba_trung", "thanh_xuan", "cau_giay", "thanh_oai", "gia_lam", "soc_son",
             "phuc_tho"]  # fmt: skip
#: The cells blanked: two months of Cầu Giấy (one offence, then both), and Sóc Sơn's latest month, inside the
#: latest 12 months that the overview's change compares with the first 12.
GAPS = [
    ("cau_giay", "2019-04-01", "theft"),
    ("cau_giay", "2019-05-01", None),
    ("soc_son", "2026-06-01", None),
]


@pytest.fixture(scope="module")
def nine() -> Study:
    """Nine of the bundled study's districts, theft and fraud only: a part of Hanoi, said as such."""
    hanoi = load_study()
    keep = hanoi.districts["district"].isin(DISTRICTS)
    crimes = hanoi.crimes[
        hanoi.crimes["district"].isin(DISTRICTS) & hanoi.crimes["offence"].isin(["theft", "fraud"])
    ]
    rollout = hanoi.rollout
    inside = rollout["district"].isin(DISTRICTS)
    return dataclasses.replace(
        hanoi,
        name="nine",
        crimes=crimes.astype({"count": "Int64"}).reset_index(drop=True),
        districts=hanoi.districts[keep].reset_index(drop=True),
        rollout=rollout[inside].reset_index(drop=True),
        truth=hanoi.truth[hanoi.truth["district"].isin(DISTRICTS)].reset_index(drop=True),
        reported=None,  # no forecast by the 2025 communes and wards: their residents come from other districts
        extent=Extent(9, 30, tuple(hanoi.districts.loc[~keep, "name_vi"]), int((~inside).sum())),
    )


def _blank(study: Study, gaps: list[tuple[str, str, str | None]]) -> Study:
    crimes = study.crimes.copy()
    for district, period, offence in gaps:
        cells = (crimes["district"] == district) & (crimes["period"] == period)
        if offence is not None:
            cells &= crimes["offence"] == offence
        crimes.loc[cells, "count"] = pd.NA
    return dataclasses.replace(study, crimes=crimes)


def _text(page: Path) -> str:
    """The brief's words, without markup."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def _findings(page: Path) -> str:
    """The brief's key findings: between the first two headings of the body."""
    body = page.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", body.split("<h2>")[1]))


@pytest.fixture(scope="module")
def gappy(nine: Study, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("gappy")
    ctx = run_report(_blank(nine, GAPS), out, langs=("en", "vi"), formats=("png",), workers=0)
    return ctx, out / "nine"


def test_forecast_and_impact_run_on_the_districts_without_missing_cells(gappy) -> None:
    ctx, root = gappy
    assert ctx.results.forecast is not None and ctx.results.impact is not None
    assert "forecast" not in ctx.skipped and "impact" not in ctx.skipped
    gaps = ctx.results.gaps
    assert dict(gaps.periods) == {"cau_giay": 2, "soc_son": 1} and gaps.covered == 7
    assert gaps.models == int((ctx.study.rollout["district"] == "cau_giay").sum()) > 0
    # the left-out districts are in neither section's tables, and the forecast's total is theirs, not "city"
    for table in ("forecast_by_district", "forecast_monthly", "effect_by_district"):
        districts = set(pd.read_csv(root / "tables" / f"{table}.csv")["district"])
        assert districts.isdisjoint({"cau_giay", "soc_son"}), table
    assert "city" not in set(pd.read_csv(root / "tables" / "forecast_monthly.csv")["district"])
    assert set(ctx.results.impact.by_district["district"]) <= set(DISTRICTS) - {"cau_giay", "soc_son"}
    # the other sections keep every district
    assert ctx.results.overview.total == int(ctx.study.crimes["count"].sum())
    assert "cau_giay" in set(pd.read_csv(root / "tables" / "counts_by_district_year.csv")["district"])


def test_charts_of_the_two_sections_say_what_part_they_show(gappy) -> None:
    _, root = gappy
    for chart in ("forecast", "forecast_districts", "event_study", "district_effects"):
        en = Image.open(root / "charts" / f"{chart}_en.png").text["Description"]
        vi = Image.open(root / "charts" / f"{chart}_vi.png").text["Description"]
        assert en.endswith("; 7 of Hanoi's 30 districts only"), chart
        assert vi.endswith("; chỉ gồm 7 trong 30 quận, huyện của Hà Nội"), chart
    # the overview's chart is of the nine districts
    assert (
        "9 of Hanoi's 30 districts only"
        in Image.open(root / "charts" / "city_trend_en.png").text["Description"]
    )


def test_the_brief_names_the_districts_left_out_in_both_languages(gappy) -> None:
    ctx, root = gappy
    models = ctx.results.gaps.models
    en, vi = _text(root / "brief_en.html"), _text(root / "brief_vi.html")
    assert (
        "Left out of the change from the first to the latest 12 months, the forecast and the impact estimate, "
        "because counts are missing for some of their months: "
        f"Cau Giay (2 months missing), Soc Son (1 month missing); the register's {models} models in those districts "
        "are left out. These figures are for 7 of Hanoi's 30 districts only." in en
    )
    assert (
        "Không đưa vào so sánh 12 tháng đầu với 12 tháng gần nhất, dự báo và ước lượng tác động vì thiếu số liệu "
        "một số tháng: Cầu Giấy (thiếu 2 tháng), Sóc Sơn "
        f"(thiếu 1 tháng); {models} mô hình trong sổ theo dõi ở các quận, huyện đó không được tính. Các con số đó chỉ "
        "tính cho 7 trong 30 quận, huyện của Hà Nội." in vi
    )
    assert (
        "Crime in 9 of Hanoi's 30 districts: trends; forecast and the effect of community-security models in 7 of"
        in en
    )
    assert "Next 12 months in 7 of Hanoi's 30 districts: about" in en
    assert "12 tháng tới ở 7 trong 30 quận, huyện của Hà Nội: dự báo khoảng" in vi
    assert (
        "Estimated on 7 of Hanoi's 30 districts" in en
        and "Ước lượng trên 7 trong 30 quận, huyện của Hà Nội" in vi
    )
    assert "Not run" not in en and "Chưa thực hiện" not in vi
    # no finding speaks of the city or of Hanoi as a whole: only of "n of Hanoi's 30 districts"
    findings_en = _findings(root / "brief_en.html").replace("of Hanoi's 30 districts", "")
    findings_vi = _findings(root / "brief_vi.html").replace("trong 30 quận, huyện của Hà Nội", "")
    assert "Hanoi" not in findings_en and "city" not in findings_en.lower()
    assert "Hà Nội" not in findings_vi and "thành phố" not in findings_vi


@pytest.mark.parametrize(
    "gaps",
    [
        pytest.param([(d, "2016-02-01", None) for d in DISTRICTS], id="every district"),
        # one district left, which never adopted: no forecast of one district as the study's, no model left
        pytest.param([(d, "2016-02-01", None) for d in DISTRICTS if d != "phuc_tho"], id="all but one"),
    ],
)
def test_nothing_usable_left_skips_both_sections_as_missing(nine: Study, gaps, tmp_path: Path) -> None:
    ctx = run_report(_blank(nine, gaps), tmp_path, langs=("en", "vi"), formats=("png",), workers=0)
    assert ctx.skipped == {"forecast": "missing", "impact": "missing"}
    assert ctx.results.forecast is None and ctx.results.impact is None
    en = _text(tmp_path / "nine" / "brief_en.html")
    cells = 2 * len(gaps)
    assert (
        f"Not run: the forecast, the impact estimate, because {cells} district x period x offence cells" in en
    )
    assert "Left out of" not in en and "trends; forecast" not in en
    vi = _text(tmp_path / "nine" / "brief_vi.html")
    assert f"Chưa thực hiện dự báo, ước lượng tác động: số liệu thiếu {cells} ô" in vi


def test_the_change_with_a_missing_month_in_its_window_is_that_of_the_complete_districts(gappy) -> None:
    # Sóc Sơn's latest month is missing: counted as no case it would read as a fall; the change is that of the
    # seven districts without a missing cell, and the headline and the chart's title say so
    ctx, root = gappy
    change = ctx.results.overview.change
    crimes = ctx.study.crimes
    seven = crimes[~crimes["district"].isin(["cau_giay", "soc_son"])]
    last = seven[seven["period"] >= "2025-07-01"]["count"].sum()
    first = seven[seven["period"] < "2016-01-01"]["count"].sum()
    assert (change.first, change.last) == (first, last)
    assert change.place["en"] == "7 of Hanoi's 30 districts"
    en, vi = _text(root / "brief_en.html"), _text(root / "brief_vi.html")
    assert f"to {last:,} in the latest 12." in en
    assert "Counted in 7 of Hanoi's 30 districts; the districts with missing counts are left out" in en
    assert "Tính trên 7 trong 30 quận, huyện của Hà Nội; các quận, huyện thiếu số liệu" in vi
    title = Image.open(root / "charts" / "city_trend_en.png").text["Title"]
    assert " since 2015 in 7 of Hanoi's 30 districts" in title, title
