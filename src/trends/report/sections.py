"""What each section of the report found: frozen, typed results that the brief, the tables and the charts read.

A section computes once and returns one of these; :class:`ReportResults` holds them (``None`` for a section that
was skipped, with its reason in ``ReportContext.skipped``). Nothing downstream recomputes a number or looks it up
by a string key, so the brief, the exported tables and the notebooks quote the same estimate with the same
interval, and a renamed field is a type error rather than a ``KeyError`` in the middle of a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from trends.impact import PoissonImputationResult, PretrendResult, SpilloverResult

__all__ = [
    "TOTAL",
    "Change",
    "ForecastSummary",
    "Gaps",
    "ImpactSummary",
    "Overview",
    "Rates",
    "ReportResults",
    "Rollout",
]

#: The forecast hierarchy's label for the study's total (exported as "total"; the brief says "the total").
TOTAL = "__city__"


@dataclass(frozen=True)
class Change:
    """Recorded cases in the latest 12 months against the first 12 (:func:`trends.explore.changes`)."""

    pct: float
    first: int
    last: int
    #: ``offence``, ``first``, ``last``, ``change``, ``change_pct``; the largest rise first.
    by_offence: pd.DataFrame
    #: The districts counted, by language, when the two windows had missing cells and the change is that of
    #: the districts without one (``ReportContext.complete``); None when every district is counted.
    place: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Overview:
    """The data at a glance: cases by year and over the whole span, and the change when it can be computed."""

    total_by_year: Mapping[int, int]
    total: int
    #: The span at the data's frequency, e.g. ``"01/2015–06/2026"``.
    span: str
    #: ``None`` when the data span fewer than two 12-month windows.
    change: Change | None


@dataclass(frozen=True)
class Rates:
    """Cases per 100,000 residents by district in the latest full calendar year."""

    year: int
    #: Rate by district id, ascending (a district missing a month that year has no rate and is left out).
    latest: pd.Series


@dataclass(frozen=True)
class Rollout:
    """The register of models, summarised, and the district x period treatment panel built from it."""

    treatment: pd.DataFrame
    models: int
    districts_adopted: int
    districts_never: int
    districts_before_panel: int
    first_adoption: pd.Timestamp
    last_adoption: pd.Timestamp


@dataclass(frozen=True)
class Gaps:
    """The districts the forecast and the impact leave out because their counts have missing cells.

    Both need complete series: they run on :meth:`trends.study.Study.without_gaps`, the same study the notebooks
    use, while the overview and the rates keep every district. The brief names these districts and says what the
    two sections cover instead.
    """

    #: Left-out district ids, in order, each with how many periods have a missing cell in it.
    periods: Mapping[str, int]
    #: Register models in those districts, left out with them.
    models: int
    #: Districts left for the forecast and the impact.
    covered: int
    #: What the forecast and the impact cover, in words, by language: "28 of Hanoi's 30 districts".
    place: Mapping[str, str]


@dataclass(frozen=True)
class ForecastSummary:
    """The forecast of the study's total over the next ``periods`` periods, as the brief quotes it.

    The bounds are those of a typical period (the median of each bound over the horizon): bounds per period do
    not add up to an interval for the window, and the widest period's would overstate a typical month's.
    """

    periods: int
    total: float
    #: Recorded cases over the last ``periods`` periods.
    last: float
    period_mean: float
    period_lo_80: float
    period_hi_80: float
    period_lo_95: float
    period_hi_95: float
    #: The method ``auto`` chose for the total.
    method: str
    leaderboard: pd.DataFrame
    #: True when the intervals rest on few backtest errors (a ``CalibrationWarning`` was raised).
    rough_intervals: bool
    #: Series whose level shifted at the end (:data:`TOTAL` for the total): their forecasts may lag.
    breaks: tuple[str, ...]
    #: New communes and wards forecast (Hanoi after the 2025 reform), or ``None``.
    new_units: int | None = None

    @property
    def change_pct(self) -> float:
        """The forecast window against the last as many recorded periods, in percent (NaN when none were)."""
        return 100 * (self.total / self.last - 1) if self.last > 0 else float("nan")


@dataclass(frozen=True)
class ImpactSummary:
    """The rollout's effect: the one Poisson imputation every number of the brief and the tables comes from."""

    main: PoissonImputationResult
    #: The pre-trend test on the same panel (leads fitted on untreated cells only, and their joint test), or
    #: ``None`` when no adopter has untreated periods before its leads to test them against.
    pretrend: PretrendResult | None
    #: The main fit's effects by years since adoption with ``districts`` (how many contribute to each year).
    years: pd.DataFrame
    #: Effects by district in percent, simultaneous 95 % intervals carrying the counterfactual's uncertainty.
    by_district: pd.DataFrame
    #: Districts that adopted before the data begin: no effect can be estimated for them.
    dropped_districts: tuple[str, ...]
    #: Direct and spill-over effects, or ``None`` (no neighbour map; the reason is in ``skipped``).
    spillover: SpilloverResult | None = None
    #: The simulated study's true effect on the estimable districts, in percent, or ``None`` for real data.
    truth_pct: float | None = None

    @property
    def overall(self) -> pd.Series:
        """The headline: ``estimate``, ``conf_low``, ``conf_high`` (proportional changes)."""
        return self.main.overall.iloc[0]


@dataclass
class ReportResults:
    """Each section's result, or ``None`` when it was not computed (see ``ReportContext.skipped``)."""

    overview: Overview | None = None
    rates: Rates | None = None
    rollout: Rollout | None = None
    forecast: ForecastSummary | None = None
    impact: ImpactSummary | None = None
    #: Districts left out of the forecast and the impact for missing cells, or ``None`` when none was.
    gaps: Gaps | None = None
