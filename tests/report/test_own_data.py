"""What the report says about an analyst's own, unusual studies: one offence, annual counts, part of the city,
a register that leaves nothing to compare neighbours with (runs on small synthetic files; each is quick)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from trends.report import run_report
from trends.report.brief import caveats
from trends.schema import TrendsDataWarning
from trends.study import load_study


def _annual_theft(path: Path) -> Path:
    rng = np.random.default_rng(2)
    rows = [
        {"district": d, "period": str(year), "offence": "theft", "count": int(rng.poisson(300))}
        for d in ("Ba Đình", "Hoàn Kiếm", "Đống Đa")
        for year in range(2015, 2025)
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _description(png: Path) -> str:
    return Image.open(png).text["Description"]


def test_one_offence_annual_part_of_the_city_says_so_in_brief_and_charts(tmp_path: Path) -> None:
    with pytest.warns(TrendsDataWarning, match="covers 3 of the 30"):
        study = load_study(_annual_theft(tmp_path / "theft.csv"), complete=True)
    ctx = run_report(study, tmp_path / "out", langs=("en", "vi"), formats=("png",), workers=0)
    root = tmp_path / "out" / "theft"
    en = (root / "brief_en.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    # "recorded crime" is theft here: the brief says so, and does not repeat theft as its own "largest fall"
    assert "Every figure in this brief counts theft only, not all recorded crime." in en
    assert "Largest fall" not in en and "No offence rose" not in en
    vi = (root / "brief_vi.html").read_text(encoding="utf-8")
    assert "chỉ tính trộm cắp tài sản" in vi  # the standard id gets its Vietnamese label, never "theft"
    # the population is the districts table's, held constant: never "interpolated between censuses"
    assert "interpolated between censuses" not in en and "the same in every year" in en
    # each chart travels alone: its note says which districts and offences it counts, and annual points are
    # annual totals, not rolling 12-month ones
    trend = _description(root / "charts" / "city_trend_en.png")
    assert trend.startswith("annual totals of recorded cases")
    assert "3 of Hanoi's 30 districts only" in trend and "offences: theft only" in trend
    assert "chỉ gồm tội danh: trộm cắp tài sản" in _description(root / "charts" / "city_trend_vi.png")
    assert "rolling" not in _description(root / "charts" / "district_rates_en.png")
    assert ctx.results.forecast is not None
    # a point forecast above the last window is not a district "expected to rise" (its interval spans falls)
    titles = pd.read_csv(root / "figures.csv").set_index("chart_id")["title"]
    assert "point forecast above the last 3 years in" in titles["forecast_districts_en"]
    assert "expected to rise" not in " ".join(titles)


def _ctx(**skipped: str) -> SimpleNamespace:
    study = SimpleNamespace(simulated=False, extent=None, apportioned_from=None, name="own", freq="month")
    return SimpleNamespace(
        study=study,
        threshold=5,
        results=SimpleNamespace(impact=None, gaps=None),
        skipped=skipped,
        some_offences=False,
    )


def test_why_neighbours_were_not_estimated_is_said_in_both_languages() -> None:
    """The estimator's English reason was pasted into the Vietnamese brief."""
    vi = " ".join(caveats(_ctx(displacement="no comparison"), "vi"))
    en = " ".join(caveats(_ctx(displacement="no comparison"), "en"))
    assert "neither treated nor exposed" not in vi + en
    assert "không kỳ nào còn quận, huyện" in vi and "leaving nothing to compare with" in en


def _monthly(path: Path, districts: list[str], months: int, seed: int = 4) -> Path:
    rng = np.random.default_rng(seed)
    rows = [
        {"district": d, "period": f"{p:%Y-%m}", "offence": o, "count": int(rng.poisson(40))}
        for d in districts
        for p in pd.date_range("2019-01-01", periods=months, freq="MS")
        for o in ("theft", "fraud")
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _register(path: Path, starts: dict[str, str]) -> Path:
    pd.DataFrame(
        {"model_id": [f"M{i}" for i in range(len(starts))], "district": list(starts), "model_type": "liengia",
         "start": list(starts.values())}
    ).to_csv(path, index=False)  # fmt: skip
    return path


DISTRICTS = ["Ba Đình", "Hoàn Kiếm", "Đống Đa", "Cầu Giấy", "Tây Hồ"]


def test_a_rollout_with_nobody_to_compare_says_why_and_promises_no_effect(tmp_path: Path) -> None:
    """Every district adopted the same month: the brief pasted the estimator's English error, and its title
    promised 'the effect of community-security models'."""
    crimes = _monthly(tmp_path / "same.csv", DISTRICTS[:3], 30)
    rollout = _register(tmp_path / "rollout.csv", dict.fromkeys(DISTRICTS[:3], "2020-03-10"))
    with pytest.warns(TrendsDataWarning, match="covers 3 of the 30"):
        study = load_study(crimes, rollout=rollout, complete=True)
    ctx = run_report(study, tmp_path / "out", langs=("en", "vi"), formats=("png",), workers=0)
    assert ctx.skipped["impact"] == "no comparison"
    en = (tmp_path / "out" / "same" / "brief_en.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    assert "no treated cell" not in en and "TrendsDataError" not in en
    assert "The models' effect was not estimated: at no time was there a district without models" in en
    assert "effect of community-security models" not in en
    vi = (tmp_path / "out" / "same" / "brief_vi.html").read_text(encoding="utf-8")
    assert "Chưa ước lượng được tác động của mô hình" in vi and "no treated" not in vi


def test_the_periods_after_the_last_adoption_are_said_to_be_outside_the_estimate(tmp_path: Path) -> None:
    """Every district adopts (no never-treated): the months after the last adoption have nobody to compare with
    and are left out of the estimate, which the brief did not say; so are those after the third-last (fewer than
    ``MIN_COMPARISONS`` = 3 districts left to compare with), from 2021-01."""
    crimes = _monthly(tmp_path / "all.csv", DISTRICTS, 48)
    starts = ["2020-01-05", "2020-07-05", "2021-01-05", "2021-07-05", "2022-01-05"]
    rollout = _register(tmp_path / "rollout.csv", dict(zip(DISTRICTS, starts, strict=True)))
    with pytest.warns(TrendsDataWarning, match="covers 5 of the 30"):
        study = load_study(crimes, rollout=rollout, complete=True)
    ctx = run_report(study, tmp_path / "out", langs=("en", "vi"), formats=("png",), workers=0)
    assert ctx.results.impact is not None
    en = (tmp_path / "out" / "all" / "brief_en.html").read_text(encoding="utf-8")
    assert "The effect estimate covers the months up to 12/2020 only: after that fewer than 3 districts" in en
    assert ctx.results.impact.main.spec["cells_thin"] > 0
    vi = (tmp_path / "out" / "all" / "brief_vi.html").read_text(encoding="utf-8")
    assert "Ước lượng tác động chỉ tính đến 12/2020: sau đó chỉ còn dưới 3 quận, huyện" in vi


def test_a_forecast_change_never_gives_a_withheld_count_back(tmp_path: Path) -> None:
    """forecast_by_district withheld a district's last 12 months of 1-4 cases but kept its change in percent
    beside the forecast: last = next / (1 + change)."""
    rng = np.random.default_rng(8)
    rows = [
        {"district": d, "period": f"{p:%Y-%m}", "offence": "extortion", "count": int(rng.poisson(lam))}
        for d, lam in (("Ba Vì", 0.25), ("Sóc Sơn", 3.0))
        for p in pd.date_range("2020-01-01", periods=36, freq="MS")
    ]
    path = tmp_path / "rural.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.warns(TrendsDataWarning, match="covers 2 of the 30"):
        study = load_study(path, complete=True)
    run_report(study, tmp_path / "out", langs=("en",), formats=("png",), workers=0)
    table = pd.read_csv(tmp_path / "out" / "rural" / "tables" / "forecast_by_district.csv")
    withheld = table["last_12_months"].isna() & table["note"].notna()
    assert withheld.any() and table.loc[withheld, "change_pct"].isna().all()


def test_a_file_of_all_of_hanoi_is_called_hanoi_and_a_part_is_not(tmp_path: Path) -> None:
    """An analyst's file of all 30 districts gave 'Crime in 30 districts'; part of the city stays a part."""
    from trends.study import Extent

    hanoi = load_study()
    hanoi.crimes.to_csv(tmp_path / "crimes.csv", index=False)
    hanoi.districts.to_csv(tmp_path / "districts.csv", index=False)
    own = load_study(tmp_path / "crimes.csv", districts=tmp_path / "districts.csv", complete=True)
    assert not own.simulated and own.place == {"vi": "Hà Nội", "en": "Hanoi"}
    part = dataclasses.replace(own, extent=Extent(29, 30, ("Ba Đình",)))
    assert "29 of Hanoi" in part.place["en"]
