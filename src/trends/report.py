"""The main job: the standard analysis of one study, written to ``<out>/<study>/``.

Sections run in order; each writes its charts (both languages) and tables and returns the key numbers the
brief quotes. The same inputs and seed give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the report never opens a window

import matplotlib.pyplot as plt
import pandas as pd

from trends import __version__
from trends.charts import FigureRegister, city_trend, save_figure, suppress_small
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
    numbers: dict[str, object] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def table(self, frame: pd.DataFrame, name: str, *, count_cols: Sequence[str] = ("count",)) -> Path:
        """Write an exported table as CSV with small cells suppressed."""
        cols = [c for c in count_cols if c in frame.columns]
        safe = suppress_small(frame, cols, threshold=self.threshold) if cols else frame
        path = self.out / "tables" / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        safe.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
        self.files.append(path)
        return path

    def chart(
        self,
        chart_id: str,
        function: Callable[..., plt.Figure],
        make: Callable[[str], plt.Figure],
        *,
        title: dict[str, str],
        method: str,
    ) -> None:
        """Draw a chart in every language with ``make(lang)``; save PNG, SVG, PDF and its data; register it."""
        charts = self.out / "charts"
        for lang in self.langs:
            fig = make(lang)
            written = save_figure(
                fig,
                charts / f"{chart_id}_{lang}",
                title=title[lang],
                source=self.study.source[lang],
                method=method,
                version=__version__,
                threshold=self.threshold,
            )
            plt.close(fig)
            self.register.add(
                f"{chart_id}_{lang}",
                function,
                [f.relative_to(self.out) for f in written],
                title=title[lang],
                lang=lang,
            )
            self.files.extend(written)

    def write_register(self) -> None:
        """The figure register: each chart -> the function that draws it -> its files."""
        frame = self.register.to_frame()
        frame.to_csv(self.out / "figures.csv", index=False, lineterminator="\n")
        (self.out / "figures.md").write_text(self.register.to_markdown(), encoding="utf-8")
        self.files.extend([self.out / "figures.csv", self.out / "figures.md"])


def section_overview(ctx: ReportContext) -> None:
    """Data overview: counts by district and year, and the city trend by offence."""
    crimes = ctx.study.crimes
    if ctx.offences:
        crimes = crimes[crimes["offence"].isin(ctx.offences)]
    by_year = (
        crimes.assign(year=crimes["period"].dt.year)
        .groupby(["district", "year"], as_index=False)["count"]
        .sum(min_count=1)
    )
    ctx.table(by_year, "counts_by_district_year")
    totals = crimes.groupby(crimes["period"].dt.year)["count"].sum()
    ctx.numbers["total_by_year"] = {int(k): int(v) for k, v in totals.items()}
    titles = {
        "vi": "Tội phạm được ghi nhận toàn thành phố, theo loại",
        "en": "Recorded crime city-wide, by offence",
    }
    ctx.chart(
        "city_trend",
        city_trend,
        lambda lang: city_trend(
            crimes,
            lang=lang,
            title=titles[lang],
            source=ctx.study.source[lang],
            simulated=ctx.study.simulated,
            labels=ctx.study.labels.get("offence"),
        ),
        title=titles,
        method="12-month rolling totals of recorded cases, all districts summed",
    )


SECTIONS: tuple[Callable[[ReportContext], None], ...] = (section_overview,)


def run_report(
    study: Study,
    out: str | Path = "reports",
    *,
    langs: Sequence[str] = LANGS,
    offences: Sequence[str] | None = None,
    seed: int = 0,
    threshold: int = 5,
    progress: Callable[[str], None] | None = None,
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
    if offences:
        unknown = sorted(set(offences) - set(study.offences))
        if unknown:
            raise ValueError(f"unknown offence(s) {unknown}; the study has {study.offences}")
    ctx = ReportContext(
        study=study, out=target, langs=tuple(langs), offences=offences, seed=seed, threshold=threshold
    )
    for section in SECTIONS:
        if progress:
            progress((section.__doc__ or section.__name__).splitlines()[0])
        section(ctx)
    ctx.write_register()
    return ctx
