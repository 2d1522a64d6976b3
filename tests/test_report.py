"""The main job: `trends report` writes charts, tables and the brief; identical inputs give identical bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from trends.charts import format_number
from trends.report import run_report
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
    overall = ctx.numbers["impact"].overall.iloc[0]
    for lang in ("vi", "en"):
        html = (a / f"brief_{lang}.html").read_text(encoding="utf-8")
        assert format_number(abs(100 * overall["estimate"]), lang, 1) + "%" in html
        assert format_number(ctx.numbers["last_window_total"], lang) in html
        assert ("DỮ LIỆU MÔ PHỎNG" if lang == "vi" else "SIMULATED DATA") in html


def test_event_study_chart_plots_the_estimates(reports) -> None:
    a, _, ctx = reports
    plotted = pd.read_csv(a / "charts" / "event_study_en.csv")
    main = ctx.numbers["impact"].table.set_index("event_time")["estimate"] * 100
    post = plotted[plotted["event_time"] >= 0].set_index("event_time")["estimate"]
    pd.testing.assert_series_equal(post.sort_index(), main.sort_index(), check_names=False, atol=1e-6)


def test_exported_tables_suppress_small_counts(reports) -> None:
    a, _, _ = reports
    table = pd.read_csv(a / "tables" / "counts_by_district_year.csv")
    assert not table["count"].between(1, 4).any()
    assert "SIMULATED" in (a / "charts" / "city_trend_en.svg").read_text(encoding="utf-8")


def test_simulated_study_checks_against_the_truth(reports) -> None:
    _, _, ctx = reports
    assert -20 < ctx.numbers["impact_truth_pct"] < -5
    assert ctx.numbers["impact_dropped_districts"] == ["ba_dinh", "hoan_kiem"]


def test_counts_are_conserved_into_the_report_tables(reports) -> None:
    a, _, ctx = reports
    total = int(ctx.study.crimes["count"].sum())
    assert sum(ctx.numbers["total_by_year"].values()) == total
    table = pd.read_csv(a / "tables" / "counts_by_district_year.csv")
    published = table["count"].sum()
    withheld = table["count"].isna()
    # every withheld cell held 1-4 cases: the published total falls short by at most 4 per withheld cell
    assert total - 4 * withheld.sum() <= published <= total - withheld.sum()


def test_counts_with_gaps_skip_forecast_and_impact_and_the_brief_says_so(tmp_path: Path) -> None:
    import dataclasses

    study = load_study()
    crimes = study.crimes.assign(count=study.crimes["count"].astype("Int64"))
    crimes.loc[0, "count"] = pd.NA
    ctx = run_report(dataclasses.replace(study, crimes=crimes), tmp_path, langs=("en",))
    assert ctx.skipped == ["forecast", "impact"]
    assert "impact" not in ctx.numbers and "forecast_total" not in ctx.numbers
    html = (tmp_path / "hanoi" / "brief_en.html").read_text(encoding="utf-8")
    assert "Not run: the forecast, the impact estimate, because 1 district x period x offence cells" in html
