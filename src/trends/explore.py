"""Descriptive summaries of a crimes panel: what is in it, what rises and falls, and its seasonality.

Small functions the data-tour and trends notebooks (and the report) call, so that no notebook holds logic.
They add up the rows of a cell, so ``crimes.assign(offence="all")`` summarises all offences as one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

from trends.panel import add_rates
from trends.schema import PERIODS_PER_YEAR, check_crimes, full_years, infer_freq, total_or_missing

__all__ = [
    "changes",
    "city_series",
    "data_summary",
    "gaps",
    "rates_by_year",
    "rollout_summary",
    "seasonal_profile",
    "seasonality",
]


def data_summary(crimes: pd.DataFrame) -> pd.DataFrame:
    """One row per offence: first and last period, number of districts, total, share and missing cells."""
    g = check_crimes(crimes, unique=False).groupby("offence")
    out = pd.DataFrame(
        {
            "first_period": g["period"].min(),
            "last_period": g["period"].max(),
            "districts": g["district"].nunique(),
            "total": g["count"].sum(min_count=1).astype("Int64"),
            "missing_cells": g["count"].apply(lambda s: int(s.isna().sum())),
        }
    )
    out["share"] = out["total"] / out["total"].sum()
    return out.sort_values("total", ascending=False).reset_index()


def gaps(crimes: pd.DataFrame) -> pd.DataFrame:
    """The missing cells of a balanced panel as runs of consecutive periods: district, offence, first and last
    missing period, cells (three scattered months are three runs, not one span of two years)."""
    crimes = check_crimes(crimes, unique=False)
    miss = crimes[crimes["count"].isna()]
    if miss.empty:
        return pd.DataFrame(columns=["district", "offence", "first", "last", "cells"])
    position = pd.Series(np.arange(crimes["period"].nunique()), index=np.sort(crimes["period"].unique()))
    miss = miss.assign(_at=position.reindex(miss["period"]).to_numpy()).sort_values(
        ["district", "offence", "_at"]
    )
    series = miss.groupby(["district", "offence"], sort=False)["_at"]
    run = (
        (series.diff() != 1).cumsum().rename("_run")
    )  # a new run wherever a period is skipped or a series begins
    return (
        miss.groupby(["district", "offence", run])["period"]
        .agg(first="min", last="max", cells="size")
        .reset_index()
        .drop(columns="_run")
        .sort_values(["district", "offence", "first"], ignore_index=True)
    )


def city_series(crimes: pd.DataFrame, *, offences: list[str] | None = None) -> pd.Series:
    """City total by period (districts and the chosen offences summed); a period with any missing cell is NaN."""
    crimes = check_crimes(crimes, unique=False)
    df = crimes if offences is None else crimes[crimes["offence"].isin(offences)]
    return total_or_missing(df, "period").rename("count")


def changes(crimes: pd.DataFrame, *, by: str = "offence", window: int | None = None) -> pd.DataFrame:
    """Change between the first and the last ``window`` periods, by offence (or district).

    Parameters
    ----------
    window : int, optional
        Periods in each window; default one year of the panel's frequency (12 months, 4 quarters or 1 year), so
        a quarterly or annual panel compares its first and latest year too.

    Returns
    -------
    pandas.DataFrame
        ``by``, ``first`` (total of the first window), ``last`` (total of the last window), ``change``
        (last - first), ``change_pct``; sorted from the largest rise to the largest fall. A missing cell adds
        nothing to its window's total: ``attrs["missing"]`` counts, per group, the missing cells of the two
        windows (``{}`` when none), so a total short of them is not read as a fall.
    """
    crimes = check_crimes(crimes, unique=False)
    periods = np.sort(crimes["period"].unique())
    if window is None:
        window = PERIODS_PER_YEAR[infer_freq(periods)]
    if len(periods) < 2 * window:
        raise ValueError(
            f"need at least {2 * window} periods to compare two windows of {window}, got {len(periods)}"
        )
    windows = crimes[crimes["period"].isin(np.concatenate([periods[:window], periods[-window:]]))]
    first = crimes[crimes["period"].isin(periods[:window])].groupby(by)["count"].sum()
    last = crimes[crimes["period"].isin(periods[-window:])].groupby(by)["count"].sum()
    out = pd.DataFrame({"first": first, "last": last})
    out["change"] = out["last"] - out["first"]
    out["change_pct"] = np.where(
        out["first"] > 0, 100 * out["change"] / out["first"].where(out["first"] > 0), np.nan
    )
    out = out.sort_values("change_pct", ascending=False).reset_index()
    missing = windows["count"].isna().groupby(windows[by]).sum()
    out.attrs["missing"] = {str(k): int(v) for k, v in missing[missing > 0].items()}
    return out


def rates_by_year(crimes: pd.DataFrame, districts: pd.DataFrame, *, per: int = 100_000) -> pd.DataFrame:
    """Annual cases and rates per ``per`` residents by district, all offences summed.

    Only full calendar years (:func:`trends.schema.full_years`): a part-year would look like a fall; so would a
    year with a missing district-month, whose count and rate are missing (NaN). No full year gives an empty table.
    """
    monthly = total_or_missing(check_crimes(crimes, unique=False), ["district", "period"]).reset_index()
    monthly["year"] = monthly["period"].dt.year
    full = full_years(monthly["period"])
    annual = total_or_missing(monthly[monthly["year"].isin(full)], ["district", "year"]).reset_index()
    annual["period"] = pd.to_datetime(annual["year"].astype(str) + "-01-01")
    return add_rates(annual, districts, per=per).drop(columns="period")


def seasonality(series: pd.Series, *, period: int | None = None, robust: bool = True) -> pd.DataFrame:
    """STL decomposition (Cleveland et al. 1990) of a series into trend, seasonal and remainder.

    Parameters
    ----------
    series : pandas.Series
        Indexed by period, no missing values (e.g. :func:`city_series`).
    period : int, optional
        Season length; default one year of the series' frequency (12 for monthly data, 4 for quarterly).

    Returns
    -------
    pandas.DataFrame
        ``observed``, ``trend``, ``seasonal``, ``remainder`` by period, and ``attrs["strength"]``: the
        seasonal strength 1 - Var(remainder) / Var(seasonal + remainder) (Wang, Smith & Hyndman 2006).

    Raises
    ------
    ValueError
        For annual data (no season within a year), a series with missing periods, or one shorter than two
        seasons; the message says which.
    """
    if period is None and not isinstance(series.index, pd.DatetimeIndex):
        period = 12  # no dates to read the frequency from: monthly, as before
    if period is None:
        freq = infer_freq(series.index)
        if freq == "year":
            raise ValueError(
                "annual counts have no season within the year (STL needs monthly or quarterly data)"
            )
        period = PERIODS_PER_YEAR[freq]
    if series.isna().any():
        raise ValueError("the series has missing periods; STL needs a complete series")
    if len(series) < 2 * period:
        raise ValueError(f"STL needs at least two seasons ({2 * period} periods), got {len(series)}")
    fit = STL(series.astype(float).to_numpy(), period=period, robust=robust).fit()
    out = pd.DataFrame(
        {
            "observed": series.to_numpy(float),
            "trend": fit.trend,
            "seasonal": fit.seasonal,
            "remainder": fit.resid,
        },
        index=series.index,
    )
    strength = 1 - np.var(fit.resid) / np.var(fit.seasonal + fit.resid)
    out.attrs["strength"] = float(max(0.0, strength))
    return out


def seasonal_profile(stl: pd.DataFrame) -> pd.Series:
    """The mean seasonal effect (cases) of each month, or each quarter of a quarterly series, from
    :func:`seasonality`; indexed by ``month`` (1-12) or ``quarter`` (1-4)."""
    index = pd.DatetimeIndex(stl.index)
    quarterly = infer_freq(index) == "quarter"
    key = pd.Index(index.quarter if quarterly else index.month, name="quarter" if quarterly else "month")
    return stl["seasonal"].groupby(key).mean().rename("seasonal effect (cases)")


def rollout_summary(rollout: pd.DataFrame) -> pd.DataFrame:
    """Models in the register by type: number, districts reached, first and last start, how many have ended."""
    g = rollout.groupby("model_type")
    out = pd.DataFrame(
        {
            "models": g.size(),
            "districts": g["district"].nunique(),
            "first_start": g["start"].min(),
            "last_start": g["start"].max(),
            "ended": g["end"].apply(lambda s: int(s.notna().sum())),
        }
    )
    return out.sort_values("models", ascending=False).reset_index()
