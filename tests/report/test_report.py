"""The main job: `trends report` writes charts, tables and the brief; identical inputs give identical bytes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.charts import format_number
from trends.report import run_report
from trends.report.claims import pretrend_claim
from trends.schema import TrendsDataWarning
from trends.study import load_study


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """The bundled study reported twice: in this process, and by the console script in another process."""
    a = tmp_path_factory.mktemp("a")
    b = tmp_path_factory.mktemp("b")
    ctx = run_report(load_study(), a, seed=0)
    subprocess.run(
        [sys.executable, "-m", "trends.cli", "report", "--out", str(b), "--seed", "0", "--quiet"],
        check=True, timeout=600,
    )  # fmt: skip
    return a / "hanoi", b / "hanoi", ctx


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_outputs_are_byte_identical_across_processes(reports) -> None:
    a, b, _ = reports
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    differ = [name for name in fa if fa[name] != fb[name]]
    assert not differ, f"files differ between two runs: {differ[:10]}"


def test_every_chart_in_both_languages_and_formats(reports) -> None:
    a, _, _ = reports
    register = pd.read_csv(a / "figures.csv")
    charts = {c.rsplit("_", 1)[0] for c in register["chart_id"]}
    assert {
        "city_trend",
        "district_rates",
        "rate_map",
        "rollout_timeline",
        "event_study",
        "district_effects",
    } <= charts
    for chart in charts:
        for lang in ("vi", "en"):
            for ext in ("png", "svg", "pdf", "csv"):
                assert (a / "charts" / f"{chart}_{lang}.{ext}").exists()
    for lang in ("vi", "en"):
        assert (a / f"brief_{lang}.html").exists() and (a / f"brief_{lang}.pdf").exists()
    assert (a / "tables" / "counts_by_district_year.xlsx").exists()


def test_brief_quotes_the_numbers_of_the_analysis(reports) -> None:
    a, _, ctx = reports
    overall = ctx.results.impact.overall
    for lang in ("vi", "en"):
        html = (a / f"brief_{lang}.html").read_text(encoding="utf-8")
        assert format_number(abs(100 * overall["estimate"]), lang, 1) + "%" in html
        assert format_number(ctx.results.overview.change.last, lang) in html
        assert ("DỮ LIỆU MÔ PHỎNG" if lang == "vi" else "SIMULATED DATA") in html


def test_brief_words_are_those_the_claims_layer_chose(reports) -> None:
    a, _, ctx = reports
    html = (a / "brief_en.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    # the pre-trend sentence is the one the claims layer chose from the report's own test
    impact = ctx.results.impact
    assert pretrend_claim(impact.pretrend, impact.overall).text["en"] in html
    assert "did not differ from expected" not in html
    by_district = ctx.results.impact.by_district
    assert (by_district["interval"] == "simultaneous").all()
    n_down = int((by_district["conf_high"] < 0).sum())
    assert (f"{n_down} of the {len(by_district)} adopting districts" in html) or (
        n_down == 0 and f"None of the {len(by_district)} adopting districts" in html
    )
    spill = ctx.results.impact.spillover
    kept = spill.spec["periods"] - spill.spec["periods_not_imputed"]
    assert (
        f"The estimates that take neighbouring districts into account rest on {kept} of the {spill.spec['periods']} "
        "months" in html
    )
    effects = pd.read_csv(a / "tables" / "effect_by_years_since_adoption.csv")
    assert (effects["conf_low"].dropna() > -100).all()


def test_event_study_chart_plots_the_estimates(reports) -> None:
    a, _, ctx = reports
    plotted = pd.read_csv(a / "charts" / "event_study_en.csv")
    main = ctx.results.impact.main.table.set_index("event_time")["estimate"] * 100
    post = plotted[plotted["event_time"] >= 0].set_index("event_time")["estimate"]
    pd.testing.assert_series_equal(post.sort_index(), main.sort_index(), check_names=False, atol=1e-6)
    # the districts behind each year travel with the chart, which draws hollow the years the brief does not judge
    support = plotted[plotted["event_time"] >= 0].set_index("event_time")["support"]
    districts = ctx.results.impact.years.set_index("event_time")["districts"]
    pd.testing.assert_series_equal(
        support.sort_index(), districts.sort_index().astype(float), check_names=False
    )


def test_exported_tables_suppress_small_counts(reports) -> None:
    a, _, _ = reports
    table = pd.read_csv(a / "tables" / "counts_by_district_year.csv")
    assert not table["count"].between(1, 4).any()
    assert "SIMULATED" in (a / "charts" / "city_trend_en.svg").read_text(encoding="utf-8")


def test_simulated_study_checks_against_the_truth(reports) -> None:
    _, _, ctx = reports
    assert -20 < ctx.results.impact.truth_pct < -5
    assert ctx.results.impact.dropped_districts == ("ba_dinh", "hoan_kiem")


def test_counts_are_conserved_into_the_report_tables(reports) -> None:
    a, _, ctx = reports
    total = int(ctx.study.crimes["count"].sum())
    assert sum(ctx.results.overview.total_by_year.values()) == total
    table = pd.read_csv(a / "tables" / "counts_by_district_year.csv")
    published = table["count"].sum()
    withheld = table["count"].isna()
    # every withheld cell held 1-4 cases: the published total falls short by at most 4 per withheld cell
    assert total - 4 * withheld.sum() <= published <= total - withheld.sum()


def _counts_file(path: Path, districts: list[str], months: int) -> Path:
    """A police office's counts export: Vietnamese headers, district names as written, `T<m>/<yyyy>` periods."""
    rng = np.random.default_rng(3)
    periods = pd.period_range("2024-01", periods=months, freq="M")
    rows = [
        {"Quận/Huyện": d, "Tháng": f"T{p.month}/{p.year}", "Tội danh": o, "Số vụ": int(rng.integers(20, 80))}
        for d in districts
        for p in periods
        for o in ("Trộm cắp tài sản", "Cố ý gây thương tích")
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_short_data_give_the_brief_and_say_what_was_not_computed(tmp_path: Path) -> None:
    counts = _counts_file(tmp_path / "counts.csv", ["Q. Ba Đình", "Hoàn Kiếm", "H. Sóc Sơn"], months=8)
    with pytest.warns(TrendsDataWarning, match="covers 3 of the 30 districts"):
        study = load_study(counts, complete=True)
    ctx = run_report(study, tmp_path / "out", langs=("en", "vi"))
    assert ctx.skipped == {"change": "short", "rates": "short", "forecast": "short"}
    assert ctx.results.overview.total == int(pd.read_csv(counts)["Số vụ"].sum())
    html = (tmp_path / "out" / "counts" / "brief_en.html").read_text(encoding="utf-8")
    assert "Not computed: the change from the first to the latest 12 months, rates per 100,000" in html
    assert "the data cover only 8 months (01/2024–08/2024)" in html
    assert "not assigned at random" not in html  # no rollout, no effect estimate, no caveat about it
    # part of the city is named as what it is, in the title and in a caveat
    assert "Crime in 3 of Hanoi&#x27;s 30 districts" in html or "Crime in 3 of Hanoi's 30 districts" in html
    assert "The data cover 3 of Hanoi's 30 districts" in html.replace("&#x27;", "'")
    assert "Crime in Hanoi" not in html
    vi = (tmp_path / "out" / "counts" / "brief_vi.html").read_text(encoding="utf-8")
    assert "Chưa tính" in vi and "8 tháng" in vi
    assert "Số liệu chỉ gồm 3 trong 30 quận, huyện của Hà Nội" in vi
    # 18 months: one full year for the rates, still no two-year comparison; the forecast is backtested
    counts = _counts_file(tmp_path / "c18.csv", ["Q. Ba Đình", "Hoàn Kiếm", "H. Sóc Sơn"], months=18)
    with pytest.warns(TrendsDataWarning, match="covers 3 of the 30"):
        ctx = run_report(load_study(counts, complete=True), tmp_path / "out", langs=("en",))
    assert ctx.skipped == {"change": "short"}
    assert ctx.results.rates.year == 2024 and ctx.results.forecast.rough_intervals
    html = (tmp_path / "out" / "c18" / "brief_en.html").read_text(encoding="utf-8")
    assert "so the intervals are rough and may be too narrow" in html


def test_the_command_line_prints_what_the_estimators_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trends import cli

    counts = _counts_file(tmp_path / "c18.csv", ["Q. Ba Đình", "Hoàn Kiếm", "H. Sóc Sơn"], months=18)
    assert (
        cli.main(
            ["report", "--crimes", str(counts), "--complete", "--out", str(tmp_path), "--lang", "en",
             "--formats", "svg"]
        )
        == 0
    )  # fmt: skip
    err = capsys.readouterr().err
    # only the formats asked for, and PNG, which the brief embeds
    charts = {p.suffix for p in (tmp_path / "c18" / "charts").iterdir()}
    assert charts == {".png", ".svg", ".csv"}
    with pytest.raises(ValueError, match="unknown chart format"):
        run_report(load_study(counts, complete=True), tmp_path / "x", formats=["gif"])
    assert "warning: " in err and "covers 3 of the 30 districts" in err
    # 18 months give a backtest too short to calibrate the 95 % interval: the analyst is told, once
    assert err.count("note: forecast: too few backtest errors to calibrate the widest interval level") == 1


def test_annual_data_are_forecast_and_described_in_years(tmp_path: Path) -> None:
    rng = np.random.default_rng(6)
    rows = [
        {"district": d, "period": str(year), "offence": o, "count": int(rng.poisson(600))}
        for d in ("Ba Đình", "Hoàn Kiếm", "Đống Đa", "Cầu Giấy", "Tây Hồ", "Sóc Sơn")
        for year in range(2008, 2025)
        for o in ("theft", "assault")
    ]
    path = tmp_path / "annual.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.warns(TrendsDataWarning, match="covers 6 of the 30"):
        study = load_study(path, complete=True)
    ctx = run_report(study, tmp_path / "out", langs=("en", "vi"))
    f = ctx.results.forecast
    recorded = pd.DataFrame(rows).query("period >= '2022'")["count"].sum()  # the last 3 years, as forecast
    assert f.periods == 3 and f.last == recorded
    html = (tmp_path / "out" / "annual" / "brief_en.html").read_text(encoding="utf-8")
    change = format_number(abs(f.change_pct), "en")
    assert f"Next 3 years: about {format_number(f.total, 'en')} cases forecast" in html
    assert f"{change}% on the last 3 years), about {format_number(f.period_mean, 'en')} a year" in html
    assert "data 2008–2024" in html and "by district, year and offence" in html
    vi = (tmp_path / "out" / "annual" / "brief_vi.html").read_text(encoding="utf-8")
    assert "3 năm tới: dự báo khoảng" in vi and "vụ mỗi năm" in vi
    table = pd.read_csv(tmp_path / "out" / "annual" / "tables" / "forecast_by_district.csv")
    assert list(table.columns[:3]) == ["district", "last_3_years", "next_3_years"]


def test_a_part_that_fails_is_skipped_with_its_reason_never_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trends.report._run as run

    def broken(*args, **kwargs):
        raise RuntimeError("the forecasting engine broke")

    monkeypatch.setattr(run, "forecast", broken)
    counts = _counts_file(tmp_path / "c18.csv", ["Q. Ba Đình", "Hoàn Kiếm", "H. Sóc Sơn"], months=18)
    with pytest.warns(TrendsDataWarning, match="covers 3 of the 30"):
        ctx = run_report(load_study(counts, complete=True), tmp_path / "out", langs=("en",))
    assert ctx.skipped["forecast"] == "RuntimeError: the forecasting engine broke"
    html = (tmp_path / "out" / "c18" / "brief_en.html").read_text(encoding="utf-8")
    assert "The forecast could not be computed (RuntimeError: the forecasting engine broke)" in html
    assert "rates" not in ctx.skipped  # the other parts ran


def test_a_level_shift_at_the_end_is_named_in_the_brief(tmp_path: Path) -> None:
    import dataclasses

    study = load_study()
    keep = ["cau_giay", "dong_da", "ha_dong", "tay_ho"]
    crimes = study.crimes[study.crimes["district"].isin(keep)].copy()
    latest = crimes["period"] >= crimes["period"].max() - pd.DateOffset(months=2)
    crimes.loc[latest & (crimes["district"] == "cau_giay"), "count"] *= 3  # a change of recording, say
    districts = study.districts[study.districts["district"].isin(keep)]
    ctx = run_report(
        dataclasses.replace(study, crimes=crimes, districts=districts, rollout=None), tmp_path, langs=("en",)
    )
    assert ctx.results.forecast.breaks == ("cau_giay",)
    html = (tmp_path / "hanoi" / "brief_en.html").read_text(encoding="utf-8")
    assert "The level shifted in the latest periods in: Cau Giay" in html
    # without a register there is no effect to promise: the title says what the brief holds
    assert re.search(r"<h1>Crime in [^<:]+: trends and forecast</h1>", html)


def _reform_counts(path: Path, start: str, months: int, by_unit_from: str | None) -> Path:
    """A counts export across Hanoi's 2025 reform: 'Quận/Huyện ...' names, then 'Phường/Xã ...' from the reform."""
    from trends.geo import hanoi_districts, hanoi_units

    rng = np.random.default_rng(5)
    old = ("Quận " + hanoi_districts()["name_vi"]).tolist()
    new = hanoi_units()["name_vi"].tolist()
    rows = []
    for p in pd.period_range(start, periods=months, freq="M"):
        names = new if by_unit_from is not None and p.start_time >= pd.Timestamp(by_unit_from) else old
        rows += [{"Đơn vị": n, "Tháng": f"T{p.month}/{p.year}", "Tội danh": "Trộm cắp tài sản",
                  "Số vụ": int(rng.poisson(30 if n in old else 8))} for n in names]  # fmt: skip
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_files_by_new_units_and_across_the_reform_run_through_the_report(tmp_path: Path) -> None:
    mixed = _reform_counts(tmp_path / "mixed.csv", "2024-01", 30, "2025-07-01")
    study = load_study(mixed, complete=True)
    assert study.apportioned_from == pd.Timestamp("2025-07-01")
    ctx = run_report(study, tmp_path / "out", langs=("en", "vi"))
    assert ctx.results.forecast.new_units == 126
    table = pd.read_csv(tmp_path / "out" / "mixed" / "tables" / "forecast_by_new_unit.csv")
    assert len(table) == 126 and table["unit"].str.match(r"^(phuong|xa)_").all()
    # the chart shows a level (forecast per 100,000 residents of 2025), highest first, not a count of "rises"
    assert (table["rate_100k"] > 0).all() and table["rate_100k"].is_monotonic_decreasing
    assert (tmp_path / "out" / "mixed" / "charts" / "forecast_new_units_vi.png").exists()
    en = (tmp_path / "out" / "mixed" / "brief_en.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    assert "From July 2025 the counts are kept by the 126 new communes and wards" in en
    assert "are therefore estimates, not exact counts" in en
    vi = (tmp_path / "out" / "mixed" / "brief_vi.html").read_text(encoding="utf-8")
    assert "126 xã, phường mới" in vi and "là ước tính" in vi
    # a file by new units only (the year after the reform) reads and runs too
    by_unit = _reform_counts(tmp_path / "units.csv", "2025-07", 12, "2025-07-01")
    study = load_study(by_unit, complete=True)
    assert study.reported is not None and study.crimes["district"].nunique() == 30
    ctx = run_report(study, tmp_path / "out", langs=("en",))
    assert ctx.results.overview.total == int(pd.read_csv(by_unit)["Số vụ"].sum())
    en = (tmp_path / "out" / "units" / "brief_en.html").read_text(encoding="utf-8")
    assert "new communes and wards" in en


def test_the_change_finding_names_falls_and_rises_only_where_there_were_some() -> None:
    """Every offence rose: no "largest fall" (it named the smallest rise a fall); an offence with no case in
    the first 12 months rose too; and a study with no case in its first 12 months has no percentage."""
    from types import SimpleNamespace

    from trends.report.brief import _change_finding
    from trends.report.sections import Change

    ctx = SimpleNamespace(study=SimpleNamespace(labels={}))

    def table(first: list[int], last: list[int]) -> pd.DataFrame:
        t = pd.DataFrame({"offence": ["theft", "assault", "fraud"], "first": first, "last": last})
        t["change"] = t["last"] - t["first"]
        t["change_pct"] = 100 * t["change"] / t["first"].where(t["first"] > 0)
        return t

    rose = _change_finding(
        ctx, Change(pct=72.0, first=50, last=86, by_offence=table([10, 40, 0], [30, 50, 6])), "en"
    )
    assert rose.headline.startswith("Recorded crime rose 72.0%")
    assert "No offence fell. Rose: theft, assault, fraud." in rose.detail
    fell = _change_finding(
        ctx, Change(pct=22.0, first=50, last=61, by_offence=table([10, 40, 0], [5, 50, 6])), "en"
    )
    assert "Largest fall: theft (50%). Rose: assault, fraud." in fell.detail
    none = _change_finding(
        ctx, Change(pct=np.nan, first=0, last=0, by_offence=table([0, 0, 0], [0, 0, 0])), "vi"
    )
    assert "–" not in none.headline and "Không loại tội phạm nào giảm." in none.detail


def _months_from(year: int, n: int) -> pd.DatetimeIndex:
    return pd.date_range(f"{year}-01-01", periods=n, freq="MS")


def test_a_study_without_cases_is_forecast_not_skipped(tmp_path: Path) -> None:
    """All-zero counts: the forecast change against zero recorded cases raised ZeroDivisionError, and the brief
    said the forecast could not be computed."""
    path = tmp_path / "zeros.csv"
    pd.DataFrame(
        [
            (d, f"{p:%Y-%m}", o, 0)
            for d in ("Ba Đình", "Hoàn Kiếm")
            for p in _months_from(2021, 26)
            for o in ("theft", "fraud")
        ],
        columns=["district", "period", "offence", "count"],
    ).to_csv(path, index=False)
    with pytest.warns(TrendsDataWarning, match="covers 2 of the 30"):
        study = load_study(path, complete=True)
    ctx = run_report(study, tmp_path / "out", langs=("en",), formats=("png",), workers=0)
    assert "forecast" not in ctx.skipped, ctx.skipped
    f = ctx.results.forecast
    assert f.total == 0 and f.last == 0 and np.isnan(f.change_pct)
    html = (tmp_path / "out" / "zeros" / "brief_en.html").read_text(encoding="utf-8")
    assert "could not be computed" not in html
    assert "Recorded crime: 0 cases in the first 12 months, 0 in the latest 12." in html


def test_rate_map_title_never_writes_a_rate_resting_on_a_small_count() -> None:
    """The map withholds a rate of 1-4 cases (rate x population = count); its title must not write it either."""
    from types import SimpleNamespace

    from trends.report._run import _rate_map_title

    ctx = SimpleNamespace(threshold=5, district_name=lambda d, lang: d.upper())
    latest = pd.Series([12.0, 300.0, 900.0], index=["a", "b", "c"])
    plenty = pd.Series([40, 60, 80], index=["a", "b", "c"])
    full = _rate_map_title(latest, plenty, 2024, ctx, "en")
    assert "12" in full and "A" in full and "900" in full and "C" in full
    low_small = _rate_map_title(latest, plenty.replace(40, 3), 2024, ctx, "en")
    assert "A" not in low_small and "12" not in low_small and "900" in low_small and "C" in low_small
    high_small = _rate_map_title(latest, plenty.replace(80, 4), 2024, ctx, "vi")
    assert "900" not in high_small and "C" not in high_small and "2024" in high_small
    assert _rate_map_title(latest, plenty.replace(40, 0), 2024, ctx, "en") == full  # a zero identifies nobody
