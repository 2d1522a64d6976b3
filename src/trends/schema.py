"""The data contract: canonical column names, dtypes, validators and the one error type.

Every loader in :mod:`trends.io` returns tables that satisfy these contracts or raises
:class:`TrendsDataError`, whose message names the file, the row and the column and says what was
expected. Downstream modules (panel, forecast, impact, charts) may therefore assume clean input.

Tables
------
crimes
    One row per district, period and offence: ``district`` (canonical id), ``period`` (timestamp of the
    period's start: month, quarter or year), ``offence`` (str), ``count`` (non-negative int64).
incidents
    One row per recorded incident: ``date``, ``district``, ``offence``; personal columns are dropped at
    aggregation (:func:`trends.panel.aggregate_incidents`).
rollout
    One row per movement model: ``model_id``, ``district``, ``ward`` (optional), ``model_type``,
    ``start`` (date), ``end`` (optional date; missing = still active).
districts
    ``district`` (id), ``name_vi``, ``name_ascii``, ``kind`` (urban / rural / town), ``population``,
    ``area_km2``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import pandas as pd

__all__ = [
    "CRIMES_COLUMNS",
    "DISTRICTS_COLUMNS",
    "FREQUENCIES",
    "HANOI_OFFSET",
    "INCIDENTS_COLUMNS",
    "ROLLOUT_COLUMNS",
    "Freq",
    "Problem",
    "TrendsDataError",
    "TrendsDataWarning",
    "check_crimes",
    "full_years",
    "infer_freq",
    "period_start",
    "period_timestamps",
    "total_or_missing",
    "user_stacklevel",
]

Freq = Literal["month", "quarter", "year"]
FREQUENCIES: tuple[str, ...] = ("month", "quarter", "year")

CRIMES_COLUMNS: tuple[str, ...] = ("district", "period", "offence", "count")
INCIDENTS_COLUMNS: tuple[str, ...] = ("date", "district", "offence")
ROLLOUT_COLUMNS: tuple[str, ...] = ("model_id", "district", "ward", "model_type", "start", "end")
ROLLOUT_REQUIRED: tuple[str, ...] = ("model_id", "district", "model_type", "start")
DISTRICTS_COLUMNS: tuple[str, ...] = ("district", "name_vi", "name_ascii", "kind", "population", "area_km2")
DISTRICT_KINDS: tuple[str, ...] = ("urban", "rural", "town")
HANOI_OFFSET = "+07:00"
"""Hanoi's offset from UTC (Indochina Time, no daylight saving): a date-time stated with another offset (an ISO
"...Z", a time-zone-aware Parquet column) is read as the same instant in Hanoi, where the incident happened."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what was expected.

    ``row`` is the 1-based line number in the file as a spreadsheet or text editor shows it (the header is
    line 1), or None when the problem concerns the whole column or file.
    """

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    expected: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file!s}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = ", ".join(where)
        text = f"{text}: {self.message}" if text else self.message
        if self.value is not None:
            text += f" (found {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class TrendsDataWarning(UserWarning):
    """Something in the input was repaired or skipped; the message says what and where."""


def user_stacklevel() -> int:
    """The ``stacklevel`` that attributes a warning, issued by the function calling this, to the first caller
    outside the ``trends`` package: a notebook cell or a script sees its own line, not the reader's."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and str(frame.f_globals.get("__name__", "")).split(".")[0] == "trends":
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


class TrendsDataError(ValueError):
    """Input that breaks the data contract.

    The message names the file, the row and the column of every problem (up to a limit) and says what was
    expected. ``problems`` holds all of them for programmatic use.
    """

    max_listed = 20

    def __init__(self, problems: Problem | str | Sequence[Problem], **where: object) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, **where)]  # type: ignore[arg-type]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        first = self.problems[0]
        self.file, self.row, self.column = first.file, first.row, first.column
        lines = [str(p) for p in self.problems[: self.max_listed]]
        more = len(self.problems) - self.max_listed
        if more > 0:
            lines.append(f"... and {more} more problem(s) of the same kind")
        files = {p.file for p in self.problems}
        place = f"file {first.file}" if len(files) == 1 and first.file else "the input"
        head = (
            lines[0]
            if len(lines) == 1
            else f"{len(self.problems)} problems in {place}:\n  " + "\n  ".join(lines)
        )
        super().__init__(head)


def period_start(dates: pd.Series | pd.DatetimeIndex, freq: Freq) -> pd.Series:
    """Map dates to the start of their month, quarter or year (a naive ``datetime64[ns]`` timestamp)."""
    code = {"month": "M", "quarter": "Q", "year": "Y"}[_check_freq(freq)]
    s = pd.Series(dates)
    return s.dt.to_period(code).dt.start_time.astype("datetime64[ns]")


def period_timestamps(values: Iterable[object], column: str = "period") -> pd.Series:
    """Timestamps of a period column written as timestamps, dates, pandas Periods, strings or whole years.

    A ``pd.Period`` becomes the timestamp of its start, a whole number a calendar year (``2024`` is
    2024-01-01), a string or a date is parsed by pandas (``"2024-03"``, ``"2024Q1"``, ``"2024-03-01"``; a quarter
    also as ``"2024 Q1"`` or ``"Q1 2024"``). Missing
    periods stay missing (NaT) for the caller to report.

    Raises
    ------
    TrendsDataError
        Numbers that are not years, or values pandas cannot read as dates, naming the column.
    """
    s = values.copy() if isinstance(values, pd.Series) else pd.Series(list(values))
    expected = "period starts as timestamps, pandas Periods, strings such as '2024-03' or years such as 2024"
    if isinstance(s.dtype, pd.PeriodDtype):
        return s.dt.start_time
    if pd.api.types.is_bool_dtype(s.dtype):
        raise TrendsDataError("periods cannot be booleans", column=column, expected=expected)
    if pd.api.types.is_numeric_dtype(s.dtype):
        v = s.astype("float64").to_numpy()
        ok = np.isnan(v) | ((v == np.round(v)) & (v >= 1000) & (v <= 9999))
        if not ok.all():
            raise TrendsDataError(
                "numeric periods must be calendar years",
                column=column,
                value=s[~ok].tolist()[0],
                expected=expected,
            )
        years = pd.Series(v, index=s.index).astype("Int64").astype("string")
        return pd.to_datetime(years, format="%Y")
    text = (
        s.map(lambda v: isinstance(v, str))
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype)
        else pd.Series(False, index=s.index)
    )
    if text.any():
        # quarters as written beside "2024Q1", which pandas reads: "2024 Q1", "Q1 2024", "Q1-2024"
        s = s.astype(object)
        s[text] = (
            s[text]
            .str.strip()
            .str.replace(r"^(\d{4})[\s-]*[Qq]([1-4])$", r"\1Q\2", regex=True)
            .str.replace(r"^[Qq]([1-4])[\s/-]*(\d{4})$", r"\2Q\1", regex=True)
        )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Could not infer format", category=UserWarning)
        try:
            return pd.to_datetime(s)
        except (TypeError, ValueError, OverflowError) as error:
            raise TrendsDataError(
                f"periods could not be read as dates ({error})", column=column, expected=expected
            ) from None


def check_crimes(crimes: pd.DataFrame, what: str = "crimes", *, unique: bool = True) -> pd.DataFrame:
    """Check a crimes table built in memory (not read by :func:`trends.io.read_crimes`) before it is used.

    Returns ``crimes`` itself when it keeps the contract, or a copy whose ``period`` column holds timestamps
    when it held pandas Periods, strings or years (:func:`period_timestamps`). ``unique=False`` lets several
    rows share a district x period x offence, for summaries that add them up on purpose (all offences as one:
    ``crimes.assign(offence="all")``).

    Raises
    ------
    TrendsDataError
        A missing column, a missing or unreadable period, a negative or non-numeric count, or (``unique``) two
        rows for one district x period x offence, which a groupby would silently add up; naming the index
        labels.
    """
    if not isinstance(crimes, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(crimes).__name__}")
    missing = [c for c in CRIMES_COLUMNS if c not in crimes.columns]
    if missing:
        raise TrendsDataError(
            f"{what}: missing column(s) {missing}; columns are {list(crimes.columns)}",
            column=missing[0],
            expected=f"the columns {list(CRIMES_COLUMNS)}",
        )
    out = crimes
    if not pd.api.types.is_datetime64_dtype(crimes["period"].dtype):
        out = crimes.copy()
        stamps = period_timestamps(crimes["period"])
        if isinstance(stamps.dtype, pd.DatetimeTZDtype):  # periods in local time: their wall-clock starts
            stamps = stamps.dt.tz_localize(None)
        out["period"] = stamps.to_numpy()
        out.attrs = dict(crimes.attrs)

    def where(mask: pd.Series) -> str:
        labels = out.index[mask.to_numpy()]
        more = f" and {len(labels) - 5} more" if len(labels) > 5 else ""
        return f"index {', '.join(map(str, labels[:5]))}{more}"

    for column in ("district", "period", "offence"):
        gone = out[column].isna()
        if gone.any():
            raise TrendsDataError(
                f"{what}: missing {column} at {where(gone)}", column=column, expected=f"a {column}"
            )
    count = out["count"]
    if not (pd.api.types.is_numeric_dtype(count.dtype) and not pd.api.types.is_bool_dtype(count.dtype)):
        raise TrendsDataError(f"{what}: counts must be numbers", column="count", expected="numbers of cases")
    negative = count.lt(0).fillna(False)
    if negative.any():
        raise TrendsDataError(
            f"{what}: negative count at {where(negative)}", column="count", expected="counts >= 0"
        )
    keys = ["district", "period", "offence"]
    twice = out.duplicated(keys, keep=False) if unique else pd.Series(False, index=out.index)
    if twice.any():
        first = out.loc[twice, keys].iloc[0]
        raise TrendsDataError(
            f"{what}: {int(twice.sum())} rows share a district x period x offence (the first: {first['district']}, "
            f"{first['period']:%Y-%m-%d}, {first['offence']}) at {where(twice)}; a total or a copy would be counted "
            "twice",
            column="period",
            expected="one row per district x period x offence (add duplicates up yourself if they are parts of one "
            "count: crimes.groupby(['district', 'period', 'offence'], as_index=False)['count'].sum())",
        )
    return out


def _check_freq(freq: str) -> Freq:
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {FREQUENCIES}, got {freq!r}")
    return cast(Freq, freq)


def infer_freq(periods: Iterable[pd.Timestamp]) -> Freq:
    """Infer the frequency of period-start timestamps: 'year', 'quarter' or 'month'.

    Raises
    ------
    TrendsDataError
        When the timestamps are not all period starts of one frequency (mixed frequencies).
    """
    p = pd.DatetimeIndex(pd.Series(list(periods)).drop_duplicates())
    if len(p) == 0:
        raise TrendsDataError("no periods to infer a frequency from")
    if not (p.day == 1).all():
        raise TrendsDataError(
            "periods must be the first day of a month, quarter or year",
            column="period",
            value=str(p[p.day != 1][0].date()),
            expected="monthly, quarterly or annual period starts (sum weekly or daily data into months first)",
        )
    if (p.month == 1).all():
        # One period alone is ambiguous; a year of Januaries is an annual panel.
        months = pd.Series(p.year * 12 + p.month).sort_values().diff().dropna()
        if len(months) == 0 or (months % 12 == 0).all():
            return "year"
    if p.month.isin([1, 4, 7, 10]).all():
        months = pd.Series(p.year * 12 + p.month).sort_values().diff().dropna()
        if len(months) and (months % 3 == 0).all() and (months % 12 != 0).any():
            return "quarter"
    return "month"


PERIODS_PER_YEAR: dict[str, int] = {"year": 1, "quarter": 4, "month": 12}


def total_or_missing(frame: pd.DataFrame, by: str | list[str], column: str = "count") -> pd.Series:
    """``column`` summed by ``by``, missing (NaN) where any summed cell is missing: a city total or a year short of
    a district-month would read as a fall. A group of absent rows is not a group (balance the panel first)."""
    keys = [by] if isinstance(by, str) else list(by)
    grouped = frame.groupby(keys)[column]
    missing = frame[column].isna().groupby([frame[k] for k in keys]).any()
    return grouped.sum(min_count=1).astype(float).where(~missing.reindex(grouped.size().index).to_numpy())


def full_years(periods: Iterable[pd.Timestamp], freq: Freq | None = None) -> list[int]:
    """Calendar years in which every period is present (12 months, 4 quarters or the year itself).

    ``freq`` defaults to :func:`infer_freq` of the periods. Annual totals, rates per year and year-on-year
    comparisons use only these years: a part-year would look like a fall.
    """
    p = pd.DatetimeIndex(pd.Series(list(periods)).drop_duplicates())
    if len(p) == 0:
        return []
    per_year = pd.Series(p.month, index=p.year).groupby(level=0).nunique()
    return sorted(int(y) for y in per_year.index[per_year == PERIODS_PER_YEAR[freq or infer_freq(p)]])
