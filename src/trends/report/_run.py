"""The main job: the standard analysis of one study, written to ``<out>/<study>/``.

Sections run in order; each writes its charts (both languages) and tables and returns its typed result
(:mod:`trends.report.sections`), which the brief quotes. The same inputs and seed give byte-identical files.

The forecast and the impact need complete series: when cells are missing they run, as the notebooks do, on
:meth:`trends.study.Study.without_gaps` (:meth:`ReportContext.complete`), and the brief says which districts
were left out and what the two sections cover; the other sections keep every district.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
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
    tile_map,
    write_csv,
)
from trends.forecast import CalibrationWarning, aggregate, forecast, reconcile
from trends.geo import (
    HANOI_TILES,
    hanoi_adjacency,
    hanoi_unit_tiles,
    hanoi_unit_weights,
    hanoi_units,
)
from trends.impact import (
    ImpactWarning,
    NoComparisonError,
    PoissonImputationResult,
    PretrendResult,
    SpilloverResult,
    poisson_imputation,
    pretrend_test,
    spillover_imputation,
)
from trends.messages import CATALOGUE, t
from trends.panel import adoption_panel, neighbour_exposure, rollout_panel
from trends.privacy import is_small
from trends.report.brief import HORIZON, ahead, capital, section_brief, span_label
from trends.report.claims import MIN_SUPPORT, pretrend_claim
from trends.report.sections import (
    TOTAL,
    Change,
    ForecastSummary,
    Gaps,
    ImpactSummary,
    Overview,
    Rates,
    ReportResults,
    Rollout,
)
from trends.report.tables import export_table
from trends.schema import PERIODS_PER_YEAR, TrendsDataError, TrendsDataWarning
from trends.simulate import MODEL_TYPE_LABELS, OFFENCE_LABELS, true_att
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
    results: ReportResults = field(default_factory=ReportResults)  # what each section found
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the estimators warned about (the CLI prints it)
    # parts not computed, and why: "missing" (the counts have missing cells in every district the part could
    # rest on) or "short" (the data are too short for them); the brief says so
    skipped: dict[str, str] = field(default_factory=dict)
    # the report's study, when this context is the one the forecast and the impact run in and its study leaves
    # out districts with missing cells (:meth:`complete`): its charts then say what part they show
    whole: Study | None = None
    _complete: ReportContext | None = field(default=None, init=False, repr=False)
    _complete_made: bool = field(default=False, init=False, repr=False)

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

    @property
    def some_offences(self) -> bool:
        """True when the analysis counts some offences only (``--offence``, or a file of one offence): the
        brief and the charts then say which, never "recorded crime" unqualified."""
        chosen = set(self.offences or self.study.offences)
        return len(chosen) == 1 or chosen != set(self.study.offences)

    def offence_names(self, lang: str) -> str:
        """The offences analysed, by their labels, in lower case: "theft, fraud"."""
        return ", ".join(
            self.label("offence", o, lang).lower() for o in sorted(self.crimes["offence"].unique())
        )

    @property
    def missing_cells(self) -> int:
        """District x period x offence cells without a count: the forecast and the impact need none."""
        return int(self.crimes["count"].isna().sum())

    def complete(self) -> ReportContext | None:
        """The context the forecast and the impact run in: the study without the districts that have a missing
        cell (of the chosen offences), as the notebooks run them (:meth:`trends.study.Study.without_gaps`).

        ``self`` when no cell is missing; None when every district has one; otherwise a context that shares
        this one's outputs, notes and results, on the other districts (its charts say what part they show).
        Made once: the warning naming the districts left out goes to :attr:`notes`, and ``results.gaps`` records
        them, their missing periods and their register models for the brief.
        """
        if not self._complete_made:
            self._complete, self._complete_made = self._without_gaps(), True
        return self._complete

    def _without_gaps(self) -> ReportContext | None:
        if not self.missing_cells:
            return self
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", TrendsDataWarning)
            part = self.study.without_gaps(self.offences)
        self.notes.extend(f"forecast and impact: {w.message}" for w in caught)
        if part.districts.empty:
            return None
        gaps = self.crimes[self.crimes["count"].isna()].groupby("district")["period"].nunique().sort_index()
        whole_models = 0 if self.study.rollout is None else len(self.study.rollout)
        self.results.gaps = Gaps(
            periods={str(d): int(n) for d, n in gaps.items()},
            models=whole_models - (0 if part.rollout is None else len(part.rollout)),
            covered=len(part.districts),
            place=part.place,
        )
        return replace(self, study=part, whole=self.study)

    def chart(
        self,
        chart_id: str,
        function: Callable[..., Figure],
        arguments: Callable[[str], dict[str, object]],
        *,
        title: Callable[[str], str],
        method: Callable[[str], str],
    ) -> None:
        """Queue ``function(**arguments(lang))`` in every language with the study's footnote, to be saved.

        ``title(lang)`` and ``method(lang)`` give the chart's message title and method note in ``lang`` (from the
        message catalogue, :mod:`trends.messages`).

        Each language gets the :attr:`formats` (PNG, SVG and PDF by default) and the plotted data as CSV (small
        cells suppressed). The
        charts are drawn by :attr:`figures` (worker processes) while the report goes on; :meth:`collect_charts`
        waits for them and registers their files.
        """
        for lang in self.langs:
            title_, method_ = title(lang), method(lang)
            # a chart travels without the brief: it says what part it shows (of the city, or of the report's
            # districts when some were left out for missing cells)
            if self.study.extent is not None or self.whole is not None:
                method_ += t("report.method.extent", lang, place=self.study.place[lang])
            if self.some_offences:
                method_ += t("report.method.offences", lang, offences=self.offence_names(lang))
            self.figures.submit(
                f"{chart_id}_{lang}",
                function,
                {
                    **arguments(lang),
                    "lang": lang,
                    "title": title_,
                    "source": self.study.source[lang],
                    "method": method_,
                    "simulated": self.study.simulated,
                },
                self.out / "charts" / f"{chart_id}_{lang}",
                title=title_,
                lang=lang,
                export={
                    "title": title_,
                    "source": self.study.source[lang],
                    "method": method_,
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


def section_overview(ctx: ReportContext) -> Overview:
    """Data overview: counts by district and year, and the city trend by offence."""
    crimes = ctx.crimes
    by_year = (
        crimes.assign(year=crimes["period"].dt.year)
        .groupby(["district", "year"], as_index=False)["count"]
        .sum(min_count=1)
    )
    ctx.table(by_year, "counts_by_district_year")
    totals = crimes.groupby(crimes["period"].dt.year)["count"].sum(min_count=1)
    window = PERIODS_PER_YEAR[ctx.study.freq]
    n_periods = crimes["period"].nunique()
    overview = Overview(
        total_by_year={int(k): int(v) for k, v in totals.dropna().items()},
        total=int(crimes["count"].sum()),
        span=span_label(crimes["period"].min(), crimes["period"].max(), ctx.study.freq),
        # too short to compare the first and the latest 12 months: the total alone
        change=_change(ctx, window) if n_periods >= 2 * window else None,
    )
    if overview.change is None:
        ctx.skipped.setdefault("change", "short")
    if n_periods >= window:  # the chart shows 12-month totals
        ctx.chart(
            "city_trend",
            city_trend,
            lambda lang: {"crimes": crimes, "labels": ctx.study.labels.get("offence")},
            title=lambda lang: _overview_title(ctx, overview, lang),
            # annual data: each point is a year's count, not a rolling 12-month total
            method=lambda lang: t(
                "report.method.city_trend.year" if ctx.study.freq == "year" else "report.method.city_trend",
                lang,
            ),
        )
    return overview


def _change(ctx: ReportContext, window: int) -> Change | None:
    """The first against the latest 12 months, overall and by offence (the table is exported).

    A missing cell in either window would count as no case, and a total short of it would read as a fall: the
    change is then that of the districts without a missing cell (:meth:`ReportContext.complete`, the districts
    the forecast and the impact rest on), and says so; None (skipped as "missing") when every district has one.
    """
    part = ctx
    if explore.changes(ctx.crimes.assign(offence="all"), window=window).attrs["missing"]:
        complete = ctx.complete()
        if complete is None:
            ctx.skipped["change"] = "missing"
            return None
        part = complete
    total = explore.changes(part.crimes.assign(offence="all"), window=window).iloc[0]
    by_offence = explore.changes(part.crimes, window=window)
    ctx.table(
        by_offence, "change_by_offence", count_cols=("first", "last"), derived_cols=("change", "change_pct")
    )
    return Change(
        pct=float(total["change_pct"]),
        first=int(total["first"]),
        last=int(total["last"]),
        by_offence=by_offence,
        place=None if part is ctx else part.study.place,
    )


def _overview_title(ctx: ReportContext, overview: Overview, lang: str) -> str:
    """The change since the first year and the offence that rose most, if one rose; the total when the data
    are too short for a change."""
    change = overview.change
    if change is None or not change.first:  # no change, or none in percent from a first year without cases
        return t("report.title.total", lang, total=format_number(overview.total, lang), span=overview.span)
    key = "report.title.change_fell" if change.pct < 0 else "report.title.change_rose"
    title = t(key, lang, pct=_pct(change.pct, lang), year=int(ctx.crimes["period"].min().year))
    if change.place is not None:  # the districts without a missing cell: the title says so
        title += t("brief.forecast.where", lang, place=change.place[lang])
    top = change.by_offence.iloc[0]
    if top["change_pct"] > 0:
        offence = ctx.label("offence", top["offence"], lang).lower()
        title += t("report.title.offence_rose", lang, offence=offence, pct=_pct(top["change_pct"], lang))
    return title


def section_rates(ctx: ReportContext) -> Rates | None:
    """Rates per 100,000 residents by district: small multiples and a tile map of the latest year."""
    rates = explore.rates_by_year(ctx.crimes, ctx.study.districts)
    if rates.empty:  # no full calendar year
        ctx.skipped["rates"] = "short"
        return None
    ctx.table(rates, "rates_by_district_year", derived_cols=("rate",))
    year = int(rates["year"].max())
    # a district short of a month has no rate that year: not the "highest" (sorted NaN would come last)
    latest = rates[rates["year"] == year].set_index("district")["rate"].dropna().sort_values()
    if latest.empty:  # every district short of a month in the latest full year
        ctx.skipped["rates"] = "missing"
        return None
    counts = rates[rates["year"] == year].set_index("district")["count"]  # the map withholds small ones
    hi = latest.index[-1]

    def method(lang: str) -> str:
        return t("report.method.rates", lang)

    ctx.chart(
        "district_rates",
        district_small_multiples,
        lambda lang: {"crimes": ctx.crimes, "districts": ctx.study.districts, "threshold": ctx.threshold},
        title=lambda lang: t("report.title.rates", lang, district=ctx.district_name(hi, lang)),
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
                "counts": counts,
                "threshold": ctx.threshold,
            },
            title=lambda lang: _rate_map_title(latest, counts, year, ctx, lang),
            method=method,
        )
    return Rates(year=year, latest=latest)


def _rate_map_title(latest: pd.Series, counts: pd.Series, year: int, ctx: ReportContext, lang: str) -> str:
    """The rate map's title: the lowest and highest rates, but never one resting on a withheld small count."""
    lo, hi = latest.index[0], latest.index[-1]
    small = is_small(counts.reindex(latest.index), ctx.threshold)
    high = {"high": format_number(latest[hi], lang), "high_district": ctx.district_name(hi, lang)}
    if small[hi]:
        return t("report.title.rate_map_plain", lang, year=year)
    if small[lo]:
        return t("report.title.rate_map_high", lang, year=year, **high)
    low = {"low": format_number(latest[lo], lang), "low_district": ctx.district_name(lo, lang)}
    return t("report.title.rate_map", lang, year=year, **low, **high)


def section_rollout(ctx: ReportContext) -> Rollout | None:
    """The rollout of movement models: register summary and the district x month timeline."""
    rollout = ctx.study.rollout
    if rollout is None:
        return None
    treatment = rollout_panel(rollout, ctx.study.periods, districts=ctx.study.districts)
    first = treatment.drop_duplicates("district").set_index("district")
    adopted = first["cohort"].notna()
    result = Rollout(
        treatment=treatment,
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
        title=lambda lang: t("report.title.rollout", lang, n=n, total=total, first=y0, last=y1),
        method=lambda lang: t("report.method.rollout", lang, period=t(f"period.{ctx.study.freq}", lang)),
    )
    return result


#: Fewest districts the forecast runs on when districts with missing cells are left out: the forecast of a
#: single district would stand in the brief as the study's total.
FORECAST_MIN_DISTRICTS = 2


def section_forecast(ctx: ReportContext) -> ForecastSummary | None:
    """Where crime is heading: district forecasts that add up to the study's total, with calibrated intervals.

    Runs on the districts without a missing cell (:meth:`ReportContext.complete`); skipped with reason
    "missing" when fewer than :data:`FORECAST_MIN_DISTRICTS` of them are left.
    """
    part = ctx.complete()
    if part is None or (part.whole is not None and len(part.study.districts) < FORECAST_MIN_DISTRICTS):
        ctx.skipped["forecast"] = "missing"
        return None
    return _forecast(part)


def _forecast(ctx: ReportContext) -> ForecastSummary | None:
    """The forecast of a study without missing cells (``ctx`` from :meth:`ReportContext.complete`)."""
    crimes = ctx.crimes
    h = HORIZON[ctx.study.freq]
    by_district = crimes.groupby(["district", "period"], as_index=False)["count"].sum()
    hierarchy = aggregate(by_district, ["district"], total_label=TOTAL)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        base = forecast(hierarchy.data, h, ids=["district"], progress=False, seed=ctx.seed)
        if base.backtest_result.predictions.empty:  # too short to backtest: no calibrated interval
            ctx.skipped["forecast"] = "short"
            return None
        result = reconcile(base, hierarchy, "mint_shrink")
    ctx.notes.extend(f"forecast: {w.message}" for w in caught)
    table = result.table
    city = table[table["district"] == TOTAL]
    districts = table[table["district"] != TOTAL]
    versus = result.change().set_index("district")  # the h forecast periods against the last h recorded
    window = f"{h}_{ctx.study.freq}s"  # column names: "12_months", "3_years"
    heading = (
        versus.drop(index=TOTAL)
        .rename(columns={"recorded": f"last_{window}", "forecast": f"next_{window}"})
        .round({f"next_{window}": 1})
        .reset_index()
        .sort_values("change_pct", ascending=False, ignore_index=True)
    )
    # the change is next / last - 1: beside the forecast it gives a withheld recorded count back
    ctx.table(heading, "forecast_by_district", count_cols=(f"last_{window}",), derived_cols=("change_pct",))
    ctx.table(
        # "total", not "city": the study may be part of a city, or leave out districts with missing cells
        table.replace({"district": {TOTAL: "total"}}).drop(columns=["mean_base"], errors="ignore"),
        "forecast_monthly", count_cols=(),  # predictions describe no victim: nothing to suppress
    )  # fmt: skip
    total_next = float(city["mean"].sum())
    summary = ForecastSummary(
        periods=h,
        total=total_next,
        last=float(versus.loc[TOTAL, "recorded"]),
        period_mean=total_next / h,
        period_lo_80=float(city["lo_80"].median()),
        period_hi_80=float(city["hi_80"].median()),
        period_lo_95=float(city["lo_95"].median()),
        period_hi_95=float(city["hi_95"].median()),
        method=str(city["chosen"].iloc[0]),
        leaderboard=base.leaderboard(),
        # rough: too few backtest errors for an interval level, or fewer backtest windows than asked for
        rough_intervals=any(issubclass(w.category, CalibrationWarning) for w in caught),
        # level shifts at the end of a series: their forecasts lag the new level; the brief says so
        breaks=tuple(base.breaks["district"]) if "district" in base.breaks else (),
    )
    history = (
        hierarchy.data[hierarchy.data["district"] == TOTAL][["period", "count"]]
        .rename(columns={"count": "value"})
        .tail(48)
    )
    change = summary.change_pct
    ctx.chart(
        "forecast",
        fan_chart,
        lambda lang: {
            "history": history,
            "forecast": city[["period", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]],
            "threshold": ctx.threshold,
        },
        title=lambda lang: capital(
            t("report.title.forecast", lang, window=ahead(ctx.study.freq, lang), total=format_number(total_next, lang),
              change=format_change(change, lang), past=ahead(ctx.study.freq, lang, past=True))
        ),
        method=lambda lang: t("report.method.forecast", lang),
    )  # fmt: skip

    up = heading[heading["change_pct"] > 0]
    ctx.chart(
        "forecast_districts",
        forecast_small_multiples,
        lambda lang: {
            "history": by_district.rename(columns={"count": "value"}),
            "forecast": districts[["district", "period", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]],
            "districts": ctx.study.districts,
            "threshold": ctx.threshold,
        },
        title=lambda lang: capital(
            t(
                "report.title.forecast_districts",
                lang,
                window=ahead(ctx.study.freq, lang),
                past=ahead(ctx.study.freq, lang, past=True),
                up=len(up),
                n=len(heading),
            )
        ),
        method=lambda lang: t("report.method.forecast_districts", lang),
    )
    return replace(summary, new_units=_forecast_new_units(ctx, districts, h))


def _forecast_new_units(ctx: ReportContext, districts: pd.DataFrame, h: int) -> int | None:
    """Forecasts for Hanoi's 126 new communes and wards, when the data are reported by them after the reform.

    The district forecasts (history by district to June 2025, and since July 2025 apportioned back from the new
    units) are split into the new units by the residents' flow weights; a unit's change compares that with its
    own recorded counts over the last ``h`` periods (all after the reform). Apportioned: estimates. Returns the
    number of units forecast, or None.
    """
    reported = ctx.study.reported
    if reported is None or ctx.study.freq != "month":
        return None
    if ctx.whole is not None:  # a unit with residents from a district left out would get part of its forecast
        ctx.skipped["new_units"] = "missing"
        return None
    if ctx.offences:
        reported = reported[reported["offence"].isin(ctx.offences)]
    units = hanoi_units()
    recorded = reported[reported["district"].isin(set(units["unit"]))]
    periods = sorted(recorded["period"].unique())
    if len(periods) < h:
        return None  # fewer than a year of months by new unit: nothing to compare a forecast with
    last = recorded[recorded["period"].isin(periods[-h:])].groupby("district")["count"].sum()
    nxt = districts.groupby("district")["mean"].sum()
    w = hanoi_unit_weights().query("to_unit > 0")
    w = w[w["district"].isin(nxt.index)]
    forecast_u = (w["to_unit"] * w["district"].map(nxt)).groupby(w["unit"]).sum()
    window = f"{h}_{ctx.study.freq}s"
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
    ctx.table(table, "forecast_by_new_unit", count_cols=(f"last_{window}",), derived_cols=("change_pct",))
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
        title=lambda lang: capital(t("report.title.new_units", lang, window=ahead(ctx.study.freq, lang))),
        method=lambda lang: t("report.method.new_units", lang),
    )
    return len(table)


#: Fewest districts that must be left to compare with (not yet adopted, or never) for a period's effect to enter
#: the report's estimate: the periods after that, late in a rollout, are left out and the brief says from when.
MIN_COMPARISONS = 3


def impact_settings(panel: pd.DataFrame, freq: str, *, seed: int = 0) -> dict:
    """The arguments of the report's Poisson imputation: the notebooks use them too, so that the brief, the
    report's tables and the notebooks quote one estimate with one interval.

    ``panel`` is the study's adoption panel by district x offence series (``Study.adoption_panel("series")``).
    Periods compared with fewer than :data:`MIN_COMPARISONS` districts are left out of the estimate, and of the
    spill-over model's (where the comparison is the districts that neither adopted nor border an adopter). The
    pre-trend check the brief judges takes :func:`pretrend_settings`.
    """
    return dict(
        data=panel, yname="count", tname="period", idname="series", gname="cohort", cluster="district",
        strata="offence", bin_width=PERIODS_PER_YEAR[freq], min_comparisons=MIN_COMPARISONS, biters=199,
        seed=seed,
    )  # fmt: skip


def pretrend_settings(panel: pd.DataFrame, freq: str) -> dict:
    """The arguments of the report's pre-trend test (:func:`trends.impact.pretrend_test`): the two years before
    adoption, by year, on the model of :func:`impact_settings` (the notebooks use them too)."""
    settings = impact_settings(panel, freq)
    del settings["biters"], settings["seed"], settings["min_comparisons"]
    return settings | {"leads": 2 * settings["bin_width"]}


def estimate_impact(ctx: ReportContext) -> ImpactSummary | None:
    """The impact numbers the brief's claims rest on, computed once; None when the impact is skipped.

    Runs on the districts without a missing cell (:meth:`ReportContext.complete`), as the notebooks do; skipped
    with reason "missing" when every district, or every one with a register model, has a missing cell. On what
    is left the estimator's own limits apply (no comparison, too few adopting districts), said in words.
    """
    if ctx.study.rollout is None:
        return None
    part = ctx.complete()
    if part is None or part.study.rollout is None or part.study.rollout.empty:
        ctx.skipped["impact"] = "missing"
        return None
    return _estimate_impact(part)


def _estimate_impact(ctx: ReportContext) -> ImpactSummary | None:
    """The impact on a study without missing cells (``ctx`` from :meth:`ReportContext.complete`)."""
    assert ctx.study.rollout is not None  # checked by estimate_impact
    panel = adoption_panel(ctx.crimes, ctx.study.rollout, ctx.study.districts)
    common = impact_settings(panel, ctx.study.freq, seed=ctx.seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        try:
            main = poisson_imputation(**common)
        except NoComparisonError as error:
            # every district adopted at once (or before the data): the brief says why in words, not the error
            ctx.skipped["impact"] = "no comparison"
            ctx.notes.append(f"impact: not estimated ({error})")
            return None
    ctx.notes.extend(f"impact: {w.message}" for w in caught)
    check: PretrendResult | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        try:
            check = pretrend_test(**pretrend_settings(panel, ctx.study.freq))
        except TrendsDataError as err:  # e.g. every adopter adopted within two years of the data's start
            ctx.notes.append(f"impact, pre-trend check not possible: {err}")
    ctx.notes.extend(f"impact, pre-trend check: {w.message}" for w in caught)
    district_of = panel.drop_duplicates("series").set_index("series")["district"]
    # districts none of whose series could be imputed (no untreated period with a recorded case: adopted before
    # the data begin); a district that lost only some series keeps an estimate from the others
    lost = set(main.spec["units_dropped"])
    kept_series = panel.loc[~panel["series"].isin(lost), "district"]
    dropped = tuple(sorted(set(panel["district"]) - set(kept_series)))
    # simultaneous intervals that carry the counterfactual's uncertainty: a district is called clearly lower
    # or higher with the family-wise error held at 5 % (report.claims, rule districts.*)
    by_district = main.effects_by(district_of).rename(columns={"group": "district"})
    for c in ("estimate", "conf_low", "conf_high"):
        by_district[c] = 100 * by_district[c]
    return ImpactSummary(
        main=main,
        pretrend=check,
        # the fit's clusters are the districts (impact_settings): how many districts each year rests on
        years=main.table.loc[main.table["event_time"] >= 0].rename(columns={"clusters": "districts"}),
        by_district=by_district,
        dropped_districts=dropped,
        spillover=_estimate_displacement(ctx, panel, common),
        truth_pct=_true_effect(ctx, main, panel),
    )


def _true_effect(ctx: ReportContext, main: PoissonImputationResult, panel: pd.DataFrame) -> float | None:
    """The simulated study's true effect on exactly the cells the estimate averages (the imputed treated
    district x offence x period cells), in percent; None for real data, or when no cell was imputed."""
    truth = ctx.study.truth
    if truth is None:
        return None
    imputed = main.cells[main.cells["event_time"] >= 0]
    series = panel.drop_duplicates("series").set_index("series")[["district", "offence"]]
    cells = series.loc[imputed["unit"]].assign(period=imputed["period"].to_numpy())
    estimable = truth.merge(cells, on=["district", "offence", "period"], how="inner")
    if estimable.empty or not estimable["treated"].any():
        return None
    return float(true_att(estimable)["att_pct"].iloc[0])


def _estimate_displacement(ctx: ReportContext, panel: pd.DataFrame, common: dict) -> SpilloverResult | None:
    """Did crime move next door? Direct and spill-over effects when the study's districts have a neighbour map.

    The adjacency of Hanoi's 30 districts ships with trends (``trends.geo.hanoi_adjacency``); a study whose
    districts are not all among them is skipped with its reason. A district's exposure comes from the adoptions
    of all its neighbours in the report's study, those left out for missing cells too: they still adopted.
    """
    adjacency = hanoi_adjacency()
    known = set(adjacency["district_a"]) | set(adjacency["district_b"])
    whole = ctx.whole if ctx.whole is not None else ctx.study
    if not set(whole.districts["district"]) <= known:
        ctx.skipped["displacement"] = "no map"
        return None
    assert whole.rollout is not None  # the impact is estimated on the register
    treatment = rollout_panel(whole.rollout, whole.periods, districts=whole.districts)
    cohorts = treatment.drop_duplicates("district")
    ids = set(cohorts["district"])
    pairs = adjacency[adjacency["district_a"].isin(ids) & adjacency["district_b"].isin(ids)]
    panel = panel.assign(exposure=panel["district"].map(neighbour_exposure(cohorts, pairs)))
    arguments = {k: v for k, v in common.items() if k not in ("data", "cluster", "bin_width")}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ImpactWarning)
        try:
            result = spillover_imputation(panel, cluster="district", exposure="exposure", **arguments)
        except TrendsDataError as error:
            # the estimator's reason in English goes to the notes; the brief says it in words of both languages
            nothing = isinstance(error, NoComparisonError)
            ctx.skipped["displacement"] = "no comparison" if nothing else str(error)
            ctx.notes.append(f"impact, neighbours: not estimated ({error})")
            return None
    ctx.notes.extend(f"impact, neighbours: {w.message}" for w in caught)
    table = result.table.assign(**{c: 100 * result.table[c] for c in ("estimate", "conf_low", "conf_high")})
    ctx.table(table.drop(columns=["std_error_log"]), "effect_on_neighbours", count_cols=("observed",),
              derived_cols=("estimate",))  # fmt: skip
    return result


def section_impact(ctx: ReportContext) -> ImpactSummary | None:
    """Rollout impact: Poisson imputation event study, pre-trend check and effects by district."""
    impact = estimate_impact(ctx)
    part = ctx.complete()  # what the estimate rests on: its charts say what part they show
    if impact is None or part is None:
        return None
    return _impact_outputs(part, impact)


def _impact_outputs(ctx: ReportContext, impact: ImpactSummary) -> ImpactSummary:
    """The impact's tables and charts (``ctx`` from :meth:`ReportContext.complete`)."""
    by_district = impact.by_district
    bin_width = PERIODS_PER_YEAR[ctx.study.freq]
    # the leads from the pre-trend test, then the main fit's years with the districts behind each
    leads = impact.pretrend.table if impact.pretrend is not None else None
    table = pd.concat([leads, impact.years], ignore_index=True)
    effects = table.assign(**{c: 100 * table[c] for c in ("estimate", "conf_low", "conf_high", "std_error")})
    ctx.table(effects.drop(columns="std_error_log"), "effect_by_years_since_adoption", count_cols=())
    o = impact.overall
    clear = o["conf_high"] < 0 or o["conf_low"] > 0
    n = len(by_district)  # the adopting districts the estimate rests on
    warned = pretrend_claim(impact.pretrend, o).rule == "pretrend.warning"

    def title(lang: str) -> str:
        if n < MIN_SUPPORT:  # as the brief's claim (rule effect.thin): too few districts to judge
            return t("report.title.effect_thin", lang, n=n)
        if not clear:
            return t("report.title.effect_unclear", lang)
        key = "report.title.effect_lower" if o["estimate"] < 0 else "report.title.effect_higher"
        # the chart travels without the brief: when the leads warn (rule pretrend.warning), so does its title
        caution = t("report.title.pretrend_warning", lang) if warned else ""
        return t(key, lang, pct=_pct(100 * o["estimate"], lang, 1)) + caution

    def method(lang: str) -> str:
        ci = f"{format_number(100 * o['conf_low'], lang, 1)}% … {format_number(100 * o['conf_high'], lang, 1)}%"
        return t("report.method.event_study", lang, ci=ci)

    unit = "year" if bin_width == 12 or ctx.study.freq == "year" else "month"
    ctx.chart(
        "event_study",
        event_study_plot,
        lambda lang: {
            # the leads (pre-trend test) and the years after adoption (imputation): two estimators, labelled apart
            "tables": effects.rename(columns={"districts": "support"}),
            "min_support": MIN_SUPPORT,  # years the brief does not judge are drawn hollow (rule of lasting_claim)
            "labels": {
                "poisson_pretrend": CATALOGUE["report.label.pretrend_test"],
                "poisson_imputation": CATALOGUE["report.label.poisson_imputation"],
            },
            "unit": unit,
            "value_label": t("report.label.change_against_expected", lang),
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
    ctx.chart(
        "district_effects",
        ranked_effects,
        lambda lang: {
            "table": by_district,
            "districts": ctx.study.districts,
            "value_label": t("report.label.difference_from_expected", lang),
        },
        title=lambda lang: t(
            "report.title.districts_clear" if n_down or n_up else "report.title.districts_none_clear",
            lang,
            down=n_down,
            up=n_up,
            n=n,
        ),
        method=lambda lang: t("report.method.district_effects", lang, n=n),
    )
    return impact


#: The sections in order, by the name of their result in :class:`ReportResults`; the brief comes last.
SECTIONS: tuple[tuple[str, Callable[[ReportContext], object]], ...] = (
    ("overview", section_overview),
    ("rates", section_rates),
    ("rollout", section_rollout),
    ("forecast", section_forecast),
    ("impact", section_impact),
)


def _with_standard_labels(study: Study) -> Study:
    """The study with the package's bilingual labels for the standard offence and model ids it uses ("theft"
    -> "Trộm cắp tài sản" / "Theft"): an analyst's file written with these ids would otherwise show the English
    id in the Vietnamese brief. The study's own labels win."""
    labels = dict(study.labels)
    for kind, standard in (("offence", OFFENCE_LABELS), ("model_type", MODEL_TYPE_LABELS)):
        labels[kind] = {**standard, **labels.get(kind, {})}
    return replace(study, labels=labels)


#: The smallest small-cell threshold the report accepts: 2 suppresses counts of 1; below it nothing would be.
MIN_THRESHOLD = 2


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
        Small-cell threshold: exported counts from 1 to ``threshold - 1`` are suppressed (at least
        :data:`MIN_THRESHOLD`, 2: suppression cannot be turned off).
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
        With ``files`` written and each section's typed ``results``.
    """
    root = Path(out).resolve()
    target = (root / study.name).resolve()
    if root not in target.parents:
        raise ValueError(f"study name {study.name!r} would write outside {root}")
    # checked before anything is computed: a bad value would otherwise surface as sections "not computed"
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | np.integer)
        or threshold < MIN_THRESHOLD
    ):
        raise ValueError(
            f"threshold must be a whole number of at least {MIN_THRESHOLD}, got {threshold!r}: counts from 1 to "
            "threshold - 1 are suppressed in what the report exports, and a threshold below 2 would suppress none"
        )
    if workers is not None and workers < 0:
        raise ValueError(f"workers must be 0 (draw the charts in this process) or more, got {workers}")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot write the report to {target}: {exc.strerror or exc}") from None
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
        study=_with_standard_labels(study),
        formats=tuple(f for f in FORMATS if f == "png" or f in formats),
        out=target,
        langs=tuple(langs),
        offences=offences,
        seed=seed,
        threshold=threshold,
        figures=FigureJobs(workers),
    )
    try:
        for name, section in SECTIONS:
            if progress:
                progress((section.__doc__ or name).splitlines()[0])
            try:
                setattr(ctx.results, name, section(ctx))
            except Exception as error:  # a part that cannot be computed is skipped with its reason
                ctx.skipped[name] = f"{type(error).__name__}: {error}"
                ctx.notes.append(f"{name}: not computed ({type(error).__name__}: {error})")
        if progress:
            progress((section_brief.__doc__ or "brief").splitlines()[0])
        ctx.collect_charts()  # the brief embeds the charts' PNG files
        section_brief(ctx)
    finally:
        ctx.figures.close()
    ctx.write_register()
    return ctx
