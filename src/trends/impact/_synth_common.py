"""Input checks shared by :mod:`trends.impact.synth` and :mod:`trends.impact.synthdid`.

The units x periods matrix of a long panel (with clear errors for missing values, duplicates and gaps), the
season length of the periods, and the :class:`~trends.impact.ImpactWarning` helper of both estimators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from trends.schema import TrendsDataError


def _wide_panel(df: pd.DataFrame, unit: str, time: str, outcome: str) -> pd.DataFrame:
    """Units x periods matrix of ``outcome`` from a long frame; clear errors for NaN, duplicates and gaps."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in (unit, time, outcome) if c not in df.columns]
    if missing:
        raise TrendsDataError(
            f"data has no column(s) {', '.join(map(repr, missing))}; columns present: {', '.join(map(str, df.columns))}"
        )
    if df[time].isna().any() or df[unit].isna().any():
        raise TrendsDataError(f"columns {unit!r} and {time!r} must not be missing (found NaN)")
    y = pd.to_numeric(df[outcome], errors="coerce")
    bad = y.isna() | ~np.isfinite(y.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        rows = df.loc[bad, [unit, time]].head(5).to_dict("records")
        raise TrendsDataError(
            f"outcome {outcome!r} is missing or not finite in {int(bad.sum())} row(s), e.g. {rows}; "
            "synthetic control needs a complete series for every unit (fill or drop the unit first)"
        )
    dup = df.duplicated([unit, time])
    if dup.any():
        rows = df.loc[dup, [unit, time]].head(5).to_dict("records")
        raise TrendsDataError(
            f"{int(dup.sum())} duplicated ({unit}, {time}) row(s), e.g. {rows}; aggregate first (one row per "
            "unit and period)"
        )
    wide = pd.DataFrame({"u": df[unit].to_numpy(), "t": df[time].to_numpy(), "y": y.to_numpy(dtype=float)})
    wide = wide.pivot(index="u", columns="t", values="y").sort_index(axis=1)
    if wide.isna().any().any():
        gaps = wide.isna().stack()
        gaps = gaps[gaps].index.tolist()[:5]
        raise TrendsDataError(
            f"the panel is unbalanced: {int(wide.isna().sum().sum())} missing unit-period cell(s), e.g. "
            f"{gaps}; build a balanced panel first (trends.panel) or drop incomplete units"
        )
    wide.index.name, wide.columns.name = unit, time
    return wide


def _season_length(times: pd.Index) -> int:
    """12 for monthly, 4 for quarterly, 52 for weekly datetime periods; 1 otherwise (no season known)."""
    if not isinstance(times, pd.DatetimeIndex) or len(times) < 3:
        return 1
    step = float(np.median(np.diff(times.to_numpy()).astype("timedelta64[D]").astype(float)))
    if 27 <= step <= 32:
        return 12
    if 88 <= step <= 93:
        return 4
    if 6 <= step <= 8:
        return 52
    return 1
