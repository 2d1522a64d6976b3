"""The main job: the standard analysis of one study, written to ``<out>/<study>/``.

Sections run in order; each writes its charts (both languages) and tables and returns the key numbers the
brief quotes. The same inputs and seed give byte-identical files.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # the report never opens a window

import pandas as pd
from matplotlib.figure import Figure

from trends import __version__, explore
from trends._text import canonical_tone, nfc
from trends.charts import (
    FORMATS,
    FigureJobs,
    FigureRegister,
    city_trend,
    district_small_multiples,
    event_study_plot,
    fan_chart,
    forecast_small_multiples,
    format_change,
    format_number,
    label_for,
    ranked_effects,
    rollout_heatmap,
    t,
    tile_map,
    write_csv,
)
from trends.forecast import CalibrationWarning, aggregate, forecast, reconcile
from trends.geo import HANOI_TILES, hanoi_adjacency, hanoi_unit_tiles, hanoi_unit_weights, hanoi_units
from trends.impact import ImpactWarning, poisson_imputation, spillover_imputation
from trends.panel import adoption_panel, neighbour_exposure, rollout_panel
from trends.report.brief import HORIZON, PERIOD_WORDS, ahead, section_brief, span_label
from trends.report.tables import export_table
from trends.schema import PERIODS_PER_YEAR, TrendsDataError
from trends.simulate import true_att
from trends.study import Study

__all__ = ["ReportContext", "run_report"]

LANGS = ("vi", "en")


@dataclass
class ReportContext:
    """What every section needs: the study, where to write, options, and what was written."""

    study: Study
    out: Path
    langs: Sequence[str] = LANGS
    offences: Sequence[str] | None = None
    seed: int = 0
    threshold: int = 5
    register: FigureRegister = field(default_factory=FigureRegister)
    figures: FigureJobs = field(default_factory=FigureJobs)
    formats: Sequence[str] = FORMATS  # chart files; PNG always (the brief embeds it)
    # the sections' figures by name, values of many kinds (numbers, tables, results): typed Any until the
    # sections return typed results
    numbers: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    treatment: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)  # what the estimators warned about (the CLI prints it)
    # parts not computed, and why: "missing" (the counts have missing cells) or "short" (the data are too short
    # for them); the brief says so
    skipped: dict[str, str] = field(default_factory=dict)

    def table(
        self,
        frame: pd.DataFrame,
        name: str,
        *,
        count_cols: Sequence[str] = ("count",),
        derived_cols: Sequence[str] = (),
    ) -> None:
        """Export a table (CSV and Excel) with small cells suppressed."""
        self.files.extend(
            export_table(
                frame,
                self.out / "tables" / name,
                count_cols=count_cols,
                derived_cols=derived_cols,
                threshold=self.threshold,
            )
        )

    @property
    def crimes(self) -> pd.DataFrame:
        """The study's crimes, restricted to the chosen offences."""
        crimes = self.study.crimes
        return crimes[crimes["offence"].isin(self.offences)] if self.offences else crimes

    def chart(
        self,
        chart_id: str,
        function: Callable[..., Figure],
        arguments: Callable[[str], dict[str, object]],
        *,
        title: dict[str, str],
        method: dict[str, str],
    ) -> None:
        """Queue ``function(**arguments(lang))`` in every language with the study's footnote, to be saved.

        Each language gets the :attr:`formats` (PNG, SVG and PDF by default) and the plotted data as CSV (small
        cells suppressed). The
        charts are drawn by :attr:`figures` (worker processes) while the report goes on; :meth:`collect_charts`
        waits for them and registers their files.
        """
        for lang in self.langs:
            self.figures.submit(
                f"{chart_id}_{lang}",
                function,
                {
                    **arguments(lang),
                    "lang": lang,
                    "title": title[lang],
                    "source": self.study.source[lang],
                    "method": method[lang],
                    "simulated": self.study.simulated,
                },
                self.out / "charts" / f"{chart_id}_{lang}",
                title=title[lang],
                lang=lang,
                export={
                    "title": title[lang],
                    "source": self.study.source[lang],
                    "method": method[lang],
                    "version": __version__,
                    "threshold": self.threshold,
                    "formats": self.formats,
                },
            )

    def collect_charts(self) -> None:
        """Wait for the queued charts; register each one's files, or say which chart failed and why."""
        for job, files in self.figures.collect():
            if isinstance(files, BaseException):
                self.skipped[job.chart_id] = f"{type(files).__name__}: {files}"
                self.notes.append(f"chart {job.chart_id}: not drawn ({type(files).__name__}: {files})")
                continue
            self.register.add(
                job.chart_id,
                job.function,
                [f.relative_to(self.out) for f in files],
                title=job.title,
                lang=job.lang,
            )
            self.files.extend(files)

    def write_register(self) -> None:
        """The figure register: each chart -> the function that draws it -> its files."""
        frame = self.register.to_frame()
        write_csv(frame, self.out / "figures.csv")
        (self.out / "figures.md").write_text(self.register.to_markdown(), encoding="utf-8")
        self.files.extend([self.out / "figures.csv", self.out / "figures.md"])

    def label(self, kind: str, key: str, lang: str) -> str:
        return label_for(key, lang, self.study.labels.get(kind), kind=kind)

    def district_name(self, district: str, lang: str) -> str:
        row = self.study.districts.set_index("district").loc[district]
        return str(row["name_vi"] if lang == "vi" else row["name_ascii"])


def _pct(value: float, lang: str, decimals: int = 0) -> str:
    return format_number(abs(value), lang, decimals) + "%"


def section_overview(ctx: ReportContext) -> None:
    """Data overview: counts by district and year, and the city trend by offence."""
    crimes = ctx.crimes
    by_year = (
        crimes.assign(year=crimes["period"].dt.year)
        .groupby(["district", "year"], as_index=False)["count"]
        .sum(min_count=1)
    )
    ctx.table(by_year, "counts_by_district_year")
    totals = crimes.groupby(crimes["period"].dt.year)["count"].sum(min_count=1)
    ctx.numbers["total_by_year"] = {int(k): int(v) for k, v in totals.dropna().items()}
    window = PERIODS_PER_YEAR[ctx.study.freq]
    n_periods = crimes["period"].nunique()
    # too short to compare the first and the latest 12 months: the total alone
    title = _total_title(ctx) if n_periods < 2 * window else _change_title(ctx, window)
    if n_periods >= window:  # the chart shows 12-month totals
        ctx.chart(
            "city_trend",
            city_trend,
            lambda lang: {"crimes": crimes, "labels": ctx.study.labels.get("offence")},
            title=title,
            method={
                "vi": "tổng 12 tháng gần nhất của số vụ được ghi nhận, cộng mọi quận, huyện",
                "en": "rolling 12-month totals of recorded cases, all districts summed",
            },
        )


def _total_title(ctx: ReportContext) -> dict[str, str]:
    """Cases over the whole span, for data shorter than two 12-month windows (the change is skipped)."""
    crimes = ctx.crimes
    ctx.skipped["change"] = "short"
    total = ctx.numbers["periods_total"] = int(crimes["count"].sum())
    span = ctx.numbers["periods_span"] = span_label(
        crimes["period"].min(), crimes["period"].max(), ctx.study.freq
    )
    return {
        "vi": f"{format_number(total, 'vi')} vụ được ghi nhận trong {span}",
        "en": f"{format_number(total, 'en')} recorded cases in {span}",
    }


def _change_title(ctx: ReportContext, window: int) -> dict[str, str]:
    """The first against the latest 12 months, overall and by offence: numbers, table and chart title."""
    crimes = ctx.crimes
    first_year = int(crimes["period"].min().year)
    total = explore.changes(crimes.assign(offence="all"), window=window).iloc[0]
    by_offence = explore.changes(crimes, window=window)
    ctx.numbers["change_total_pct"] = float(total["change_pct"])
    ctx.numbers["first_window_total"] = int(total["first"])
    ctx.numbers["last_window_total"] = int(total["last"])
    ctx.numbers["changes_by_offence"] = by_offence
    ctx.table(
        by_offence, "change_by_offence", count_cols=("first", "last"), derived_cols=("change", "change_pct")
    )
    top = by_offence.iloc[0]
    verb = {
        "vi": "giảm" if total["change_pct"] < 0 else "tăng",
        "en": "fell" if total["change_pct"] < 0 else "rose",
    }
    rise = (
        {
            "vi": f"; {ctx.label('offence', top['offence'], 'vi').lower()} tăng {_pct(top['change_pct'], 'vi')}",
            "en": f"; {ctx.label('offence', top['offence'], 'en').lower()} rose {_pct(top['change_pct'], 'en')}",
        }
        if top["change_pct"] > 0
        else {"vi": "", "en": ""}
    )
    return {
        "vi": f"Tội phạm được ghi nhận {verb['vi']} {_pct(total['change_pct'], 'vi')} so với {first_year}"
        + rise["vi"],
        "en": f"Recorded crime {verb['en']} {_pct(total['change_pct'], 'en')} since {first_year}"
        + rise["en"],
    }


def section_rates(ctx: ReportContext) -> None:
    """Rates per 100,000 residents by district: small multiples and a tile map of the latest year."""
    rates = explore.rates_by_year(ctx.crimes, ctx.study.districts)
    if rates.empty:  # no full calendar year
        ctx.skipped["rates"] = "short"
        return
    ctx.table(rates, "rates_by_district_year", derived_cols=("rate",))
    year = int(rates["year"].max())
    latest = rates[rates["year"] == year].set_index("district")["rate"].sort_values()
    ctx.numbers["rate_year"] = year
    ctx.numbers["rate_latest"] = latest
    hi, lo = latest.index[-1], latest.index[0]
    method = {
        "vi": "số vụ trong năm / dân số × 100.000 (dân số nội suy giữa các kỳ điều tra)",
        "en": "cases in the year / population × 100,000 (population interpolated between censuses)",
    }
    ctx.chart(
        "district_rates",
        district_small_multiples,
        lambda lang: {"crimes": ctx.crimes, "districts": ctx.study.districts},
        title={
            "vi": f"Tỷ lệ tội phạm trên 100.000 dân: cao nhất ở {ctx.district_name(hi, 'vi')}",
            "en": f"Crime per 100,000 residents: highest in {ctx.district_name(hi, 'en')}",
        },
        method=method,
    )
    if set(latest.index) <= set(HANOI_TILES):
        ctx.chart(
            "rate_map",
            tile_map,
            lambda lang: {
                "values": latest,
                "districts": ctx.study.districts,
                "value_label": t("rate_100k", lang),
                "decimals": 0,
            },
            title={
                "vi": f"Năm {year}: từ {format_number(latest[lo], 'vi')} ({ctx.district_name(lo, 'vi')}) đến "
                f"{format_number(latest[hi], 'vi')} ({ctx.district_name(hi, 'vi')}) vụ trên 100.000 dân",
                "en": f"{year}: from {format_number(latest[lo], 'en')} ({ctx.district_name(lo, 'en')}) to "
                f"{format_number(latest[hi], 'en')} ({ctx.district_name(hi, 'en')}) cases per 100,000 residents",
            },
            method=method,
        )


def section_rollout(ctx: ReportContext) -> None:
    """The rollout of movement models: register summary and the district x month timeline."""
    rollout = ctx.study.rollout
    if rollout is None:
        return
    treatment = rollout_panel(rollout, ctx.study.periods, districts=ctx.study.districts)
    ctx.treatment = treatment
    first = treatment.drop_duplicates("district").set_index("district")
    adopted = first["cohort"].notna()
    ctx.numbers.update(
        models=len(rollout),
        districts_adopted=int(adopted.sum()),
        districts_never=int((~adopted).sum()),
        districts_before_panel=int(first["always_treated"].sum()),
        first_adoption=first["cohort"].min(),
        last_adoption=first["cohort"].max(),
    )
    summary = explore.rollout_summary(rollout)
    ctx.table(summary, "models_by_type", count_cols=())
    n, total = int(adopted.sum()), len(first)
    y0, y1 = first["cohort"].min().year, first["cohort"].max().year
    ctx.chart(
        "rollout_timeline",
        rollout_heatmap,
        lambda lang: {"rollout_panel": treatment, "districts": ctx.study.districts},
        title={
            "vi": f"{n}/{total} quận, huyện triển khai mô hình từ {y0} đến {y1}",
            "en": f"{n} of {total} districts adopted movement models between {y0} and {y1}",
        },
        method={
            "vi": "số mô hình đang hoạt động mỗi tháng, theo sổ đăng ký mô hình",
            "en": "models active each month, from the register of models",
        },
    )


def section_forecast(ctx: ReportContext) -> None:
    """Where crime is heading: district forecasts that add up to the city total, with calibrated intervals."""
    crimes = ctx.crimes
    if crimes["count"].isna().any():
        ctx.skipped["forecast"] = "missing"
        return
    h = HORIZON[ctx.study.freq]
    by_district = crimes.groupby(["district", "period"], as_index=False)["count"].sum()
    hierarchy = aggregate(by_district, ["district"], total_label="__city__")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        base = forecast(hierarchy.data, h, ids=["district"], progress=False, seed=ctx.seed)
        if base.backtest_result.predictions.empty:  # too short to backtest: no calibrated interval
            ctx.skipped["forecast"] = "short"
            return
        result = reconcile(base, hierarchy, "mint_shrink")
    ctx.notes.extend(f"forecast: {w.message}" for w in caught)
    # level shifts at the end of a series: their forecasts lag the new level; the brief says so
    ctx.numbers["forecast_breaks"] = list(base.breaks["district"]) if "district" in base.breaks else []
    table = result.table
    city = table[table["district"] == "__city__"]
    districts = table[table["district"] != "__city__"]
    versus = result.change().set_index("district")  # the h forecast periods against the last h recorded
    window = f"{h}_{PERIOD_WORDS[ctx.study.freq][2]}"  # "12_months", "3_years"
    heading = (
        versus.drop(index="__city__")
        .rename(columns={"recorded": f"last_{window}", "forecast": f"next_{window}"})
        .round({f"next_{window}": 1})
        .reset_index()
        .sort_values("change_pct", ascending=False, ignore_index=True)
    )
    ctx.table(heading, "forecast_by_district", count_cols=(f"last_{window}",), derived_cols=())
    ctx.table(
        table.replace({"district": {"__city__": "city"}}).drop(columns=["mean_base"], errors="ignore"),
        "forecast_monthly", count_cols=(),  # predictions describe no victim: nothing to suppress
    )  # fmt: skip
    method_name = city["chosen"].iloc[0]
    total_next = float(city["mean"].sum())
    total_last = float(versus.loc["__city__", "recorded"])
    # Bounds per period do not add up to an interval for the window, so the brief quotes those of a typical
    # period (the median of each bound over the horizon), not the extremes of the widest one.
    ctx.numbers["forecast_total"] = {
        "mean": total_next,
        "period_mean": total_next / h,
        "period_lo_80": float(city["lo_80"].median()),
        "period_hi_80": float(city["hi_80"].median()),
        "period_lo_95": float(city["lo_95"].median()),
        "period_hi_95": float(city["hi_95"].median()),
        "last": total_last,
        "method": method_name,
        "leaderboard": base.leaderboard(),
        "rough_intervals": any(issubclass(w.category, CalibrationWarning) for w in caught),
        "periods": h,
    }
    history = (
        hierarchy.data[hierarchy.data["district"] == "__city__"][["period", "count"]]
        .rename(columns={"count": "value"})
        .tail(48)
    )
    change = 100 * (total_next / total_last - 1)
    ctx.chart(
        "forecast",
        fan_chart,
        lambda lang: {
            "history": history,
            "forecast": city[["period", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]],
        },
        title={
            "vi": f"{ahead(ctx.study.freq, 'vi')}: dự báo khoảng {format_number(total_next, 'vi')} vụ "
            f"({format_change(change, 'vi')} so với {ahead(ctx.study.freq, 'vi', past=True)})",
            "en": f"{ahead(ctx.study.freq, 'en').capitalize()}: about {format_number(total_next, 'en')} cases "
            f"forecast ({format_change(change, 'en')} on the {ahead(ctx.study.freq, 'en', past=True)})",
        },
        method={
            "vi": "phương pháp chọn theo kiểm định lùi cho từng quận, huyện; cộng khớp với tổng (MinT); "
            "khoảng dự báo hiệu chỉnh theo sai số quá khứ",
            "en": "method chosen per district by rolling-origin backtest; districts reconciled to their "
            "total (MinT); intervals calibrated on past errors",
        },
    )

    up = heading[heading["change_pct"] > 0]
    ctx.chart(
        "forecast_districts",
        forecast_small_multiples,
        lambda lang: {
            "history": by_district.rename(columns={"count": "value"}),
            "forecast": districts[["district", "period", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]],
            "districts": ctx.study.districts,
        },
        title={
            "vi": f"Dự báo {ahead(ctx.study.freq, 'vi')} theo quận, huyện: {len(up)}/{len(heading)} nơi dự kiến "
            "tăng",
            "en": f"{ahead(ctx.study.freq, 'en').capitalize()} by district: {len(up)} of {len(heading)} expected "
            "to rise",
        },
        method={
            "vi": "dự báo từng quận, huyện, cộng khớp với tổng (MinT); khoảng dự báo 80% và 95%",
            "en": "forecast per district, reconciled to their total (MinT); 80% and 95% intervals",
        },
    )
    _forecast_new_units(ctx, districts, h)


def _forecast_new_units(ctx: ReportContext, districts: pd.DataFrame, h: int) -> None:
    """Forecasts for Hanoi's 126 new communes and wards, when the data are reported by them after the reform.

    The district forecasts (history by district to June 2025, and since July 2025 apportioned back from the new
    units) are split into the new units by the residents' flow weights; a unit's change compares that with its
    own recorded counts over the last ``h`` periods (all after the reform). Apportioned: estimates.
    """
    reported = ctx.study.reported
    if reported is None or ctx.study.freq != "month":
        return
    if ctx.offences:
        reported = reported[reported["offence"].isin(ctx.offences)]
    units = hanoi_units()
    recorded = reported[reported["district"].isin(set(units["unit"]))]
    periods = sorted(recorded["period"].unique())
    if len(periods) < h:
        return  # fewer than a year of months by new unit: nothing to compare a forecast with
    last = recorded[recorded["period"].isin(periods[-h:])].groupby("district")["count"].sum()
    nxt = districts.groupby("district")["mean"].sum()
    w = hanoi_unit_weights().query("to_unit > 0")
    w = w[w["district"].isin(nxt.index)]
    forecast_u = (w["to_unit"] * w["district"].map(nxt)).groupby(w["unit"]).sum()
    window = f"{h}_{PERIOD_WORDS[ctx.study.freq][2]}"
    table = pd.DataFrame({f"last_{window}": last, f"next_{window}": forecast_u}).dropna()
    table = table[table[f"last_{window}"] > 0]
    table["change_pct"] = 100 * (table[f"next_{window}"] / table[f"last_{window}"] - 1)
    names = units.set_index("unit")
    table.insert(0, "name_vi", names["name_vi"].reindex(table.index))
    # the forecast as a rate on the unit's 2025 residents: a level a reader can compare across units of very
    # different sizes (a unit's change against its own 12 recorded months mixes trend, the apportionment's error
    # and small-count noise, so the chart does not count "rises")
    per_year = PERIODS_PER_YEAR[ctx.study.freq] / h
    table["rate_100k"] = 1e5 * per_year * table[f"next_{window}"] / names["population"].reindex(table.index)
    table = (
        table.rename_axis("unit").reset_index().sort_values("rate_100k", ascending=False, ignore_index=True)
    )
    table[f"next_{window}"] = table[f"next_{window}"].round(1)
    ctx.table(table, "forecast_by_new_unit", count_cols=(f"last_{window}",), derived_cols=())
    ctx.numbers["forecast_new_units"] = {"units": len(table)}
    rate = table.set_index("unit")["rate_100k"]
    labels = pd.DataFrame(  # bare names on the tiles ("Ba Đình", not "Phường Ba Đình")
        {
            "district": units["unit"],
            "name_vi": units["name"],
            "name_ascii": units["name_ascii"].str.replace(r"^(?:Phuong|Xa) ", "", regex=True),
        }
    )
    ctx.chart(
        "forecast_new_units",
        tile_map,
        lambda lang: {
            "values": rate,
            "districts": labels,
            "tiles": hanoi_unit_tiles(),
            "value_label": t("rate_100k", lang),
            "decimals": 0,
            "size": (9.0, 8.5),
        },
        # no unit is singled out: a unit's rate is its old districts' forecast rates blended by where its
        # residents came from, so units of one district tie
        title={
            "vi": f"Dự báo {ahead(ctx.study.freq, 'vi')} cho 126 xã, phường mới: ước tính từ dự báo của các quận, "
            "huyện cũ, trên 100.000 dân",
            "en": f"{ahead(ctx.study.freq, 'en').capitalize()} for the 126 new communes and wards: estimates from "
            "the old districts' forecasts, per 100,000 residents",
        },
        method={
            "vi": "dự báo theo quận, huyện cũ chia cho xã, phường mới theo tỷ lệ dân cư chuyển sang (ước tính), "
            "trên 100.000 dân (dân số 2025); xếp theo quận, huyện cũ",
            "en": "old districts' forecasts split into the new units by where their residents went (estimates), "
            "per 100,000 residents (2025 population); tiles ordered by old district",
        },
    )


def impact_settings(panel: pd.DataFrame, freq: str, *, seed: int = 0) -> dict:
    """The arguments of the report's Poisson imputation: the notebooks use them too, so that the brief, the
    report's tables and the notebooks quote one estimate with one interval.

    ``panel`` is the study's adoption panel by district x offence series (``Study.adoption_panel("series")``);
    add ``leads=2 * PERIODS_PER_YEAR[freq]`` for the pre-trend check the brief judges.
    """
    return dict(
        data=panel, yname="count", tname="period", idname="series", gname="cohort", cluster="district",
        strata="offence", bin_width=PERIODS_PER_YEAR[freq], biters=199, seed=seed,
    )  # fmt: skip


def estimate_impact(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The impact numbers the brief's claims rest on, computed once and stored in ``ctx.numbers``.

    Returns the table by event time (leads from the pre-trend fit, then the main fit's years, with the
    number of districts behind each year) and the effects by district, or None when the impact is skipped.
    """
    if ctx.treatment is None:
        return None
    if ctx.crimes["count"].isna().any():
        ctx.skipped["impact"] = "missing"
        return None
    panel = adoption_panel(ctx.crimes, ctx.study.rollout, ctx.study.districts)
    bin_width = PERIODS_PER_YEAR[ctx.study.freq]
    common = impact_settings(panel, ctx.study.freq, seed=ctx.seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        main = poisson_imputation(**common)
    ctx.notes.extend(f"impact: {w.message}" for w in caught)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        check = poisson_imputation(**common, leads=2 * bin_width)  # the leads leave fewer untreated periods
    ctx.notes.extend(f"impact, pre-trend check: {w.message}" for w in caught)
    leads = check.table[check.table["event_time"] < 0]
    table = pd.concat([leads, main.table], ignore_index=True)
    district_of = panel.drop_duplicates("series").set_index("series")["district"]
    ctx.numbers["impact"] = main
    ctx.numbers["impact_leads"] = leads
    # the leads are judged against the effect on the same series (the lead fit drops more of them)
    ctx.numbers["impact_same_sample"] = check.overall.iloc[0]
    ctx.numbers["impact_df"] = check.spec["df"]  # the pre-trend fit's clusters - 1, never-adopters included
    support = main.cells[main.cells["event_time"] >= 0]
    support = support.assign(
        event_time=support["event_time"] // bin_width, district=support["unit"].map(district_of)
    )
    districts_per_year = support.groupby("event_time")["district"].nunique().rename("districts")
    ctx.numbers["impact_years"] = main.table.join(districts_per_year, on="event_time").fillna(
        {"districts": 0}
    )
    dropped = sorted({u.split("/")[0] for u in main.spec["units_dropped"]})
    ctx.numbers["impact_dropped_districts"] = dropped
    # simultaneous intervals that carry the counterfactual's uncertainty: a district is called clearly lower
    # or higher with the family-wise error held at 5 % (report.claims, rule districts.*)
    by_district = main.effects_by(district_of).rename(columns={"group": "district"})
    for c in ("estimate", "conf_low", "conf_high"):
        by_district[c] = 100 * by_district[c]
    ctx.numbers["impact_by_district"] = by_district
    _estimate_displacement(ctx, panel, common)
    return table.join(districts_per_year, on="event_time"), by_district


def _estimate_displacement(ctx: ReportContext, panel: pd.DataFrame, common: dict) -> None:
    """Did crime move next door? Direct and spill-over effects when the study's districts have a neighbour map.

    The adjacency of Hanoi's 30 districts ships with trends (``trends.geo.hanoi_adjacency``); a study whose
    districts are not all among them is skipped with its reason.
    """
    adjacency = hanoi_adjacency()
    known = set(adjacency["district_a"]) | set(adjacency["district_b"])
    if not set(panel["district"]) <= known:
        ctx.skipped["displacement"] = "no map"
        return
    pairs = adjacency[
        adjacency["district_a"].isin(panel["district"]) & adjacency["district_b"].isin(panel["district"])
    ]
    panel = panel.assign(exposure=panel["district"].map(neighbour_exposure(panel, pairs)))
    arguments = {k: v for k, v in common.items() if k not in ("data", "cluster", "bin_width")}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        try:
            result = spillover_imputation(panel, cluster="district", exposure="exposure", **arguments)
        except TrendsDataError as error:
            ctx.skipped["displacement"] = str(error)
            return
    ctx.notes.extend(f"impact, neighbours: {w.message}" for w in caught)
    ctx.numbers["impact_spillover"] = result
    table = result.table.assign(**{c: 100 * result.table[c] for c in ("estimate", "conf_low", "conf_high")})
    ctx.table(table.drop(columns=["std_error_log"]), "effect_on_neighbours", count_cols=("observed",),
              derived_cols=("estimate",))  # fmt: skip


def section_impact(ctx: ReportContext) -> None:
    """Rollout impact: Poisson imputation event study, pre-trend check and effects by district."""
    found = estimate_impact(ctx)
    if found is None:
        return
    table, by_district = found
    main = ctx.numbers["impact"]
    bin_width = PERIODS_PER_YEAR[ctx.study.freq]
    dropped = ctx.numbers["impact_dropped_districts"]
    effects = table.assign(**{c: 100 * table[c] for c in ("estimate", "conf_low", "conf_high", "std_error")})
    ctx.table(effects.drop(columns="std_error_log"), "effect_by_years_since_adoption", count_cols=())
    o = main.overall.iloc[0]
    pct = {lang: _pct(100 * o["estimate"], lang, 1) for lang in ("vi", "en")}
    ci = {lang: f"{format_number(100 * o['conf_low'], lang, 1)}% … {format_number(100 * o['conf_high'], lang, 1)}%"
          for lang in ("vi", "en")}  # fmt: skip
    significant = o["conf_high"] < 0 or o["conf_low"] > 0
    down = o["estimate"] < 0
    title = {
        "vi": (f"Sau khi triển khai mô hình, tội phạm ghi nhận {'giảm' if down else 'tăng'} khoảng {pct['vi']} "
               f"so với dự kiến" if significant else
               "Tác động của mô hình lên tội phạm ghi nhận chưa rõ: khoảng tin cậy chứa cả giảm và tăng"),
        "en": (f"After adoption, recorded crime was about {pct['en']} {'lower' if down else 'higher'} than expected"
               if significant else
               "The models' effect on recorded crime is not yet clear: the interval spans both a fall and a rise"),
    }  # fmt: skip
    method = {
        "vi": "ước lượng gán giá trị Poisson (Borusyak–Jaravel–Spiess; Wooldridge), so với các quận, huyện chưa "
        f"triển khai; khoảng tin cậy 95% bootstrap theo quận ({ci['vi']} cho toàn giai đoạn); các năm trước khi "
        "triển khai lấy từ một lần ước lượng riêng để trống các năm đó",
        "en": "Poisson imputation (Borusyak-Jaravel-Spiess; Wooldridge) against districts not yet adopting; "
        f"95% district-bootstrap intervals ({ci['en']} overall); the years before adoption come from a separate fit "
        "that leaves them out",
    }
    unit = "year" if bin_width == 12 or ctx.study.freq == "year" else "month"
    ctx.chart(
        "event_study",
        event_study_plot,
        lambda lang: {
            "tables": {"poisson_imputation": effects},
            "labels": {"poisson_imputation": ("Gán giá trị Poisson", "Poisson imputation")},
            "unit": unit,
            "value_label": {"vi": "Thay đổi so với dự kiến (%)", "en": "Change against expected (%)"}[lang],
        },
        title=title,
        method=method,
    )
    ctx.table(
        by_district.drop(columns=["std_error_log"]), "effect_by_district", count_cols=("observed",),
        derived_cols=("estimate",),
    )  # fmt: skip
    n_down = int((by_district["conf_high"] < 0).sum())
    n_up = int((by_district["conf_low"] > 0).sum())
    n = len(by_district)
    ctx.chart(
        "district_effects",
        ranked_effects,
        lambda lang: {
            "table": by_district,
            "districts": ctx.study.districts,
            "value_label": {"vi": "Chênh lệch so với dự kiến (%)", "en": "Difference from expected (%)"}[
                lang
            ],
        },
        title={
            "vi": (
                f"{n_down}/{n} quận, huyện có số vụ thấp hơn dự kiến rõ ràng, {n_up} cao hơn rõ ràng"
                if n_down or n_up
                else f"Chưa quận, huyện nào trong {n} nơi có tác động rõ ràng khi xét riêng từng nơi"
            ),
            "en": (
                f"{n_down} of {n} adopting districts clearly lower than expected, {n_up} clearly higher"
                if n_down or n_up
                else f"No single one of the {n} adopting districts shows a clear effect on its own"
            ),
        },
        method={
            "vi": f"số vụ ghi nhận / số vụ dự kiến nếu không có mô hình − 1; khoảng tin cậy đồng thời 95% "
            f"(Bonferroni cho {n} quận, huyện) gồm cả độ bất định của số vụ dự kiến",
            "en": f"recorded / expected-without-models − 1; simultaneous 95% intervals (Bonferroni over {n} "
            "districts) that include the uncertainty of the expected count",
        },
    )
    if ctx.study.truth is not None:
        truth = ctx.study.truth
        estimable = truth[~truth["district"].isin(dropped)]
        if ctx.offences:
            estimable = estimable[estimable["offence"].isin(ctx.offences)]
        t_att = true_att(estimable)
        ctx.numbers["impact_truth_pct"] = float(t_att["att_pct"].iloc[0])


SECTIONS: tuple[Callable[[ReportContext], None], ...] = (
    section_overview,
    section_rates,
    section_rollout,
    section_forecast,
    section_impact,
    section_brief,
)


def run_report(
    study: Study,
    out: str | Path = "reports",
    *,
    langs: Sequence[str] = LANGS,
    offences: Sequence[str] | None = None,
    seed: int = 0,
    threshold: int = 5,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
    formats: Sequence[str] = FORMATS,
) -> ReportContext:
    """Run the standard analysis of a study and write it to ``<out>/<study.name>/``.

    Parameters
    ----------
    study : Study
        From :func:`trends.study.load_study`.
    out : path
        The output root; nothing is written outside ``out/<study.name>``.
    langs : sequence of {"vi", "en"}
        Languages of the charts and brief.
    offences : sequence of str, optional
        Restrict the analysis to these offences.
    seed : int
        Seed of every random draw (bootstraps, simulations).
    threshold : int
        Small-cell threshold: exported counts below it are suppressed.
    progress : callable, optional
        Called with a line of text as each section starts.
    workers : int, optional
        Processes that draw the charts while the models are fitted (:class:`trends.charts.FigureJobs`);
        default two (one on a single-core machine); ``0`` draws them in this process.
    formats : sequence of {"png", "svg", "pdf"}
        Chart files to write (all three by default). PNG is always written: the brief embeds it. Fewer formats
        make the report faster (each format is one more drawing of every chart).

    Returns
    -------
    ReportContext
        With ``files`` written and the key ``numbers``.
    """
    root = Path(out).resolve()
    target = (root / study.name).resolve()
    if root not in target.parents:
        raise ValueError(f"study name {study.name!r} would write outside {root}")
    target.mkdir(parents=True, exist_ok=True)
    if (
        offences
    ):  # written as the analyst types them: one Unicode form, one tone placement, as the loader stores
        offences = [canonical_tone(nfc(o)) for o in offences]
        unknown = sorted(set(offences) - set(study.offences))
        if unknown:
            raise ValueError(f"unknown offence(s) {unknown}; the study has {study.offences}")
    unknown_formats = sorted(set(formats) - set(FORMATS))
    if unknown_formats:
        raise ValueError(f"unknown chart format(s) {unknown_formats}; use some of {list(FORMATS)}")
    ctx = ReportContext(
        study=study,
        formats=tuple(f for f in FORMATS if f == "png" or f in formats),
        out=target,
        langs=tuple(langs),
        offences=offences,
        seed=seed,
        threshold=threshold,
        figures=FigureJobs(workers),
    )
    try:
        for section in SECTIONS:
            if progress:
                progress((section.__doc__ or section.__name__).splitlines()[0])
            if section is section_brief:
                ctx.collect_charts()  # the brief embeds the charts' PNG files
                section(ctx)
                continue
            try:
                section(ctx)
            except Exception as error:  # a part that cannot be computed is skipped with its reason
                name = section.__name__.removeprefix("section_")
                ctx.skipped[name] = f"{type(error).__name__}: {error}"
                ctx.notes.append(f"{name}: not computed ({type(error).__name__}: {error})")
    finally:
        ctx.figures.close()
    ctx.write_register()
    return ctx
