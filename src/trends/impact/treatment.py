"""From the rollout register to a treatment: adoption cohorts by rule, and effects by subgroup.

A district's *cohort* is the first period in which it counts as treated under a stated rule:

``"first_any"``
    the period containing the start of its first movement model of any type;
``"first_type"``
    the period containing the start of its first model of a given ``model_type``;
``"intensity"``
    the first period in which its active models per 10,000 residents reach ``threshold``.

Difference-in-differences for staggered adoption assumes adoption is permanent. Models that end
(``end`` before the last period) or intensity that falls back below the threshold are therefore
reported by a warning, and the cohort stays the first adoption (an intention-to-treat reading).

This module is self-contained on purpose (``trends.panel.rollout_to_panel`` builds the full
district x period panel with active models and intensity; the two are to be reconciled).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from trends._api import legacy_arguments
from trends.impact._common import check_choice, check_columns, warn
from trends.schema import TrendsDataError

if TYPE_CHECKING:
    from trends.impact.did import AggType

__all__ = ["att_by_group", "att_by_model_type", "cohorts_from_register"]

Rule = Literal["first_any", "first_type", "intensity"]


def _grid(periods: Sequence[Any] | pd.DatetimeIndex) -> pd.DatetimeIndex:
    grid = pd.DatetimeIndex(pd.to_datetime(list(periods))).sort_values()
    if len(grid) < 2:
        raise ValueError("periods must hold at least two period start dates")
    if grid.has_duplicates:
        raise ValueError("periods must not repeat")
    return grid


def _period_of(dates: pd.Series, grid: pd.DatetimeIndex, end_of_grid: pd.Timestamp) -> pd.Series:
    """The grid period containing each date (NaT before the grid -> first period; after -> NaT)."""
    pos = np.searchsorted(grid.values, dates.values, side="right") - 1
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    ok = dates.notna().to_numpy() & (dates < end_of_grid).to_numpy()
    pos = np.clip(pos, 0, len(grid) - 1)
    out[ok] = grid.values[pos[ok]]
    return out


def cohorts_from_register(
    rollout: pd.DataFrame,
    periods: Sequence[Any] | pd.DatetimeIndex,
    *,
    rule: Rule = "first_any",
    model_type: str | None = None,
    population: pd.DataFrame | None = None,
    threshold: float | None = None,
    districts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Adoption cohort of every district under a rule.

    Parameters
    ----------
    rollout : pandas.DataFrame
        The register: ``model_id, district, model_type, start`` and optional ``ward``, ``end`` (NaT =
        still active).
    periods : sequence of dates
        Period start dates of the analysis grid (e.g. month starts); the last period is taken to last
        as long as the one before it.
    rule : {"first_any", "first_type", "intensity"}
        Adoption rule (module docstring).
    model_type : str, optional
        Required with ``rule="first_type"``.
    population : pandas.DataFrame, optional
        ``district, population`` (optionally with ``year`` for yearly figures); required with
        ``rule="intensity"``. Its districts are included even if they have no model.
    threshold : float, optional
        Active models per 10,000 residents at which a district counts as treated (``"intensity"``).
    districts : sequence of str, optional
        All districts of the study (districts without any model are never treated). Defaults to the
        districts of ``population`` and of the register.

    Returns
    -------
    pandas.DataFrame
        One row per district: ``district``, ``cohort`` (period start, NaT = never treated within the
        grid), ``first_start`` (the start date behind the cohort), ``n_models`` (models counted by the
        rule), ``switches_off`` (True when the treatment lapses later in the grid).
    """
    check_choice("rule", rule, ("first_any", "first_type", "intensity"))
    check_columns(rollout, ["model_id", "district", "model_type", "start"], "rollout")
    grid = _grid(periods)
    step = grid[-1] - grid[-2]
    end_of_grid = grid[-1] + step
    reg = rollout.copy()
    reg["start"] = pd.to_datetime(reg["start"])
    reg["end"] = pd.to_datetime(reg["end"]) if "end" in reg else pd.NaT
    bad = reg["start"].isna() | reg["district"].isna()
    if bad.any():
        warn(f"dropped {int(bad.sum())} register row(s) without a start date or district")
        reg = reg.loc[~bad]
    inverted = reg["end"].notna() & (reg["end"] < reg["start"])
    if inverted.any():
        raise TrendsDataError(
            f"{int(inverted.sum())} register row(s) end before they start, e.g. model_id="
            f"{reg.loc[inverted, 'model_id'].iloc[0]!r}"
        )
    all_d = list(
        dict.fromkeys(
            [
                *(list(districts) if districts is not None else []),
                *(population["district"].tolist() if population is not None else []),
                *reg["district"].tolist(),
            ]
        )
    )
    if rule == "first_type":
        if model_type is None:
            raise ValueError("rule='first_type' needs model_type")
        if model_type not in set(reg["model_type"]):
            raise TrendsDataError(
                f"model_type {model_type!r} is not in the register (types: {sorted(set(reg['model_type']))})"
            )
        reg = reg[reg["model_type"] == model_type]

    if rule in ("first_any", "first_type"):
        first = reg.groupby("district")["start"].min()
        n = reg.groupby("district")["model_id"].nunique()
        # lapses: no model active at the end of the grid although one started before it
        active_end = reg["end"].isna() | (reg["end"] >= grid[-1])
        lapsed = (~active_end).groupby(reg["district"]).all() & (first < grid[-1])
        out = pd.DataFrame({"district": all_d})
        out["first_start"] = out["district"].map(first)
        out["cohort"] = _period_of(out["first_start"], grid, end_of_grid)
        out["n_models"] = out["district"].map(n).fillna(0).astype(int)
        out["switches_off"] = out["district"].map(lapsed).eq(True).to_numpy()
    else:
        if population is None or threshold is None:
            raise ValueError("rule='intensity' needs population and threshold")
        check_columns(population, ["district", "population"], "population")
        active = _active_counts(reg, grid, end_of_grid, all_d)
        pop = _population_grid(population, grid, all_d)
        per10k = active / pop * 10_000
        above = per10k >= threshold
        first_pos = np.where(above.any(axis=1), above.to_numpy().argmax(axis=1), -1)
        out = pd.DataFrame({"district": all_d})
        out["cohort"] = pd.Series([grid[p] if p >= 0 else pd.NaT for p in first_pos], dtype="datetime64[ns]")
        out["first_start"] = out["cohort"]
        out["n_models"] = [int(active.iloc[i, p]) if p >= 0 else 0 for i, p in enumerate(first_pos)]
        after = [bool((~above.iloc[i, p:]).any()) if p >= 0 else False for i, p in enumerate(first_pos)]
        out["switches_off"] = after
    off = out["switches_off"]
    if off.any():
        warn(
            f"treatment lapses in {int(off.sum())} district(s) ({', '.join(map(str, out.loc[off, 'district'][:5]))}"
            f"{'...' if off.sum() > 5 else ''}): cohorts keep the first adoption (intention to treat)"
        )
    early = out["first_start"].notna() & (out["first_start"] < grid[0])
    if early.any():
        warn(
            f"{int(early.sum())} district(s) adopted before the first period: their cohort is the first "
            "period, and staggered estimators will drop them (no pre-adoption period)"
        )
    return out[["district", "cohort", "first_start", "n_models", "switches_off"]]


def _active_counts(
    reg: pd.DataFrame, grid: pd.DatetimeIndex, end_of_grid: pd.Timestamp, all_d: list
) -> pd.DataFrame:
    """Models active at any time within each period (start before the period ends, end on/after it starts)."""
    nxt = np.append(grid.values[1:], end_of_grid.to_datetime64())
    out = pd.DataFrame(0, index=all_d, columns=grid)
    s = reg["start"].values[:, None]
    e = reg["end"].fillna(pd.Timestamp.max).values[:, None]
    act = (s < nxt[None, :]) & (e >= grid.values[None, :])
    counts = pd.DataFrame(act.astype(int), index=reg["district"].values, columns=grid).groupby(level=0).sum()
    out.loc[counts.index] = counts.to_numpy()
    return out


def _population_grid(population: pd.DataFrame, grid: pd.DatetimeIndex, all_d: list) -> pd.DataFrame:
    missing = sorted(set(all_d) - set(population["district"]))
    if missing:
        raise TrendsDataError(f"population is missing for district(s) {', '.join(map(str, missing[:10]))}")
    if (population["population"] <= 0).any():
        raise TrendsDataError("population must be positive")
    if "year" in population:
        years = grid.year
        wide = population.pivot(index="district", columns="year", values="population").sort_index(axis=1)
        wide = wide.reindex(columns=sorted(set(wide.columns) | set(years))).ffill(axis=1).bfill(axis=1)
        vals = wide.loc[all_d, years].to_numpy(dtype=float)
        return pd.DataFrame(vals, index=all_d, columns=grid)
    p = population.drop_duplicates("district").set_index("district")["population"]
    return pd.DataFrame(
        np.repeat(p.loc[all_d].to_numpy(float)[:, None], len(grid), axis=1), index=all_d, columns=grid
    )


@legacy_arguments(positional=("by", "yname", "tname", "idname", "gname"), renamed={})
def att_by_group(
    data: pd.DataFrame,
    *,
    by: str,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    aggregation: AggType = "simple",
    **att_gt_kwargs: Any,
) -> pd.DataFrame:
    """Callaway & Sant'Anna effects estimated separately within each value of ``by`` (e.g. district kind).

    Each subgroup needs its own comparison units (never treated, or not yet treated with
    ``control_group="notyettreated"``). Subgroups where no effect is identified are reported with the
    reason in ``note`` and NaN numbers (never silently). A subgroup with a single treated unit, or compared
    with a single never-treated unit, keeps its point estimate but gets no standard error, interval or
    p-value (NaN, with the reason in ``note``): the clustered standard error of one unit on either side is
    not an estimate of its noise (it can be zero).

    Returns
    -------
    pandas.DataFrame
        ``group, estimate, std_error, conf_low, conf_high, p_value, n_units, n_treated, note``.
    """
    from trends.impact.did import att_gt

    check_columns(data, [by])
    rows = []
    for val, sub in data.groupby(by, sort=True):
        n_units = sub[idname].nunique()
        g = (
            pd.to_numeric(sub[gname], errors="coerce")
            if not pd.api.types.is_datetime64_any_dtype(sub[gname])
            else sub[gname]
        )
        n_tr = sub.loc[g.notna() & (g != 0), idname].nunique()
        n_never = sub.loc[g.isna() | (g == 0), idname].nunique()
        try:
            res = att_gt(
                sub, yname=yname, tname=tname, idname=idname, gname=gname, **att_gt_kwargs
            ).aggregate(aggregation)
            r = res.overall.iloc[0].to_dict()
            note = ""
            one_side = (
                "one treated unit"
                if n_tr < 2
                else "one never-treated comparison unit"
                if n_never < 2 and att_gt_kwargs.get("control_group", "nevertreated") == "nevertreated"
                else ""
            )
            if one_side:
                r.update(dict.fromkeys(("std_error", "conf_low", "conf_high", "p_value"), np.nan))
                note = f"{one_side}: a point estimate without a standard error (one unit says nothing of its noise)"
        except (TrendsDataError, ValueError) as err:
            r = dict.fromkeys(("estimate", "std_error", "conf_low", "conf_high", "p_value"), np.nan)
            note = str(err)
            warn(f"{by}={val!r}: no estimate ({note})")
        rows.append(dict(group=val, **r, n_units=n_units, n_treated=n_tr, note=note))
    return pd.DataFrame(rows)


@legacy_arguments(positional=("yname", "tname", "idname"), renamed={})
def att_by_model_type(
    data: pd.DataFrame,
    rollout: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    aggregation: AggType = "simple",
    **att_gt_kwargs: Any,
) -> pd.DataFrame:
    """Effects of each model type: districts whose first model is of that type vs never-treated ones.

    For each type the sample is the districts that never adopted any model plus the districts whose
    first model (of any type) is of that type, with cohort = the period of that first model; districts
    first treated by another type are left out, so the comparison is not contaminated by them.
    ``data`` is a district x period panel whose ``tname`` holds period start dates (datetime).

    Returns
    -------
    pandas.DataFrame
        ``group`` (model type) and the columns of :func:`att_by_group`.
    """
    check_columns(data, [yname, tname, idname])
    check_columns(rollout, ["district", "model_type", "start"], "rollout")
    if not pd.api.types.is_datetime64_any_dtype(data[tname]):
        raise TrendsDataError(f"{tname!r} must hold period start dates (datetime) to match the register")
    periods = np.sort(data[tname].unique())
    coh = cohorts_from_register(rollout, periods, rule="first_any", districts=data[idname].unique().tolist())
    reg = rollout.assign(start=pd.to_datetime(rollout["start"])).sort_values("start")
    first_type = reg.drop_duplicates("district").set_index("district")["model_type"]
    coh["first_type"] = coh["district"].map(first_type)
    never = int(coh["cohort"].isna().sum())
    if never < 2:  # every type is compared with these districts alone (not-yet-treated ones are left out)
        warn(
            f"each model type is compared with the {never} never-treated district(s) only: "
            + ("no comparison group" if never == 0 else "one district's path stands for every comparison")
            + "; read these effects as descriptive"
        )
    frames = []
    for mt in sorted(reg["model_type"].dropna().unique()):
        keep = coh["cohort"].isna() | (coh["first_type"] == mt)
        c = coh.loc[keep, ["district", "cohort"]].rename(columns={"district": idname, "cohort": "_cohort"})
        sub = data.merge(c, on=idname, how="inner").assign(_type=mt)
        frames.append(sub)
    allp = pd.concat(frames, ignore_index=True)
    return att_by_group(
        allp,
        by="_type",
        yname=yname,
        tname=tname,
        idname=idname,
        gname="_cohort",
        aggregation=aggregation,
        **att_gt_kwargs,
    )
