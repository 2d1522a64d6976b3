"""Series that span Hanoi's 2025 reform, carried onto one geography with the method stated.

Police series are kept by the 30 old districts until June 2025 and by the 126 new communes and wards from July
2025. :func:`harmonise` puts such a table on one geography:

* ``to="zone"`` -- exact: old districts and new units are summed into comparable zones whose totals match by
  construction (:func:`trends.geo.hanoi_zones`); counts stay integers.
* ``to="unit"`` -- the old districts' counts are apportioned to the new units by the default weights (the share
  of the district's residents that moved into each unit, :func:`trends.geo.hanoi_unit_weights`).
* ``to="district"`` -- the new units' counts are sent back to the old districts by the share of each unit's
  residents that came from each district.

Apportioned counts are estimates: the rows say so (``apportioned`` True) and carry ``count_var``, the variance
the split adds if each of the source's crimes fell independently in a target with probability equal to its
weight (a multinomial split: ``n w (1 - w)`` per source, summed over independent sources). It describes the
allocation only, not the uncertainty in the weights themselves (residents are assumed spread evenly over the
pieces of a new unit, see ``PROVENANCE["hanoi_district_unit_weights"]``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from trends.geo.names import name_readings
from trends.geo.reform import (
    Geography,
    hanoi_crosswalk,
    hanoi_geography,
    hanoi_unit_weights,
    hanoi_zones,
)
from trends.schema import TrendsDataError, TrendsDataWarning, user_stacklevel

__all__ = ["geography_of", "harmonise", "harmonise_rollout"]

_VALUE_COLUMNS = ("count", "apportioned", "count_var")


def geography_of(ids: Sequence[str] | pd.Series) -> pd.Series:
    """The level of each id: ``"district"`` (the 30 old districts) or ``"unit"`` (the 126 new units).

    Raises
    ------
    TrendsDataError
        Naming every id that is neither.
    """
    level = hanoi_geography().set_index("district")["level"]
    ids = pd.Series(list(ids), dtype=object)
    out = ids.map(level)
    if out.isna().any():
        unknown = sorted(str(v) for v in pd.unique(ids[out.isna()]))
        raise TrendsDataError(
            f"ids that are neither one of Hanoi's 30 old districts nor one of its 126 new units: {unknown}",
            column="district",
            expected="ids from trends.geo.hanoi_geography() (read the file with trends.io.read_crimes)",
        )
    return out


def _method(to: Geography, zones: str, weight: str) -> str:
    if to == "zone":
        if zones == "strict":
            return "exact comparable zones: old districts and new units summed into zones whose totals match"
        return (
            "comparable zones ignoring land-only pieces: exact for residents, near-exact for crimes (crimes on "
            "land that changed hands without residents are counted in the zone of the unit that recorded them)"
        )
    direction = (
        "old districts' counts split into the new units"
        if to == "unit"
        else ("new units' counts sent back to the old districts")
    )
    basis = (
        "residents' flows (the 2025 population of each new unit by old district of origin)"
        if weight == "population_flow"
        else "old wards' shares (each split equally over its pieces)"
    )
    return f"apportionment: {direction} in proportion to {basis}; apportioned counts are estimates"


def _largest_remainder(expected: np.ndarray, source: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Whole counts whose sum per source equals the source's count: floors, then one more to the largest
    remainders (ties in row order)."""
    floor = np.floor(expected + 1e-9)
    frac = expected - floor
    frame = pd.DataFrame({"source": source, "frac": -frac, "pos": np.arange(len(expected))})
    rank = frame.sort_values(["source", "frac", "pos"]).groupby("source").cumcount()
    rank = rank.reindex(frame.index).to_numpy()
    short = totals - pd.Series(floor).groupby(source).transform("sum").to_numpy()
    return (floor + (rank < np.round(short))).astype(np.int64)


def harmonise(
    crimes: pd.DataFrame,
    to: Geography,
    *,
    weight: str = "population_flow",
    zones: str = "strict",
    integer: bool = False,
) -> pd.DataFrame:
    """Put a crimes table that spans the 2025 reform on one geography.

    Parameters
    ----------
    crimes : pandas.DataFrame
        ``district`` (ids of old districts and/or new units, as :func:`trends.io.read_crimes` returns them),
        ``count`` and key columns (usually ``period`` and ``offence``); every other column is kept as a key.
    to : {"district", "unit", "zone"}
        The target geography (see the module docstring for each method).
    weight : {"population_flow", "ward_share"}
        Apportionment weights (:func:`trends.geo.hanoi_unit_weights`); ignored for zones.
    zones : {"strict", "residents"}
        Zone mode for ``to="zone"`` (:func:`trends.geo.hanoi_zones`).
    integer : bool, default False
        Round apportioned counts to whole numbers by largest remainder within each source row, so each source
        total is kept exactly (still marked ``apportioned``); by default apportioned counts are expected values
        (float).

    Returns
    -------
    pandas.DataFrame
        ``district`` (the target ids: old districts, new units or zones), the key columns, ``count``,
        ``apportioned`` (bool: part of the count was apportioned, an estimate) and ``count_var`` (variance
        added by the apportionment; 0 for exact rows). ``attrs``: ``geography``, ``method`` (one sentence),
        ``weights``, and ``freq`` when the input had it.

    Raises
    ------
    TrendsDataError
        When an id is neither an old district nor a new unit.
    """
    if to not in ("district", "unit", "zone"):
        raise ValueError(f"to must be 'district', 'unit' or 'zone', not {to!r}")
    missing = {"district", "count"} - set(crimes.columns)
    if missing:
        raise ValueError(f"crimes needs columns {sorted(missing)}")
    keys = [c for c in crimes.columns if c not in ("district", *_VALUE_COLUMNS)]
    level = geography_of(crimes["district"]).to_numpy()
    src = crimes.reset_index(drop=True).assign(_level=level, _source=np.arange(len(crimes)))
    if to == "zone":
        zone = hanoi_zones(zones).set_index("id")["zone"]
        out = src.assign(district=src["district"].map(zone))
        out = out.groupby(["district", *keys], as_index=False, dropna=False, observed=True)["count"].sum()
        out["count"] = out["count"].astype(np.int64)
        out["apportioned"] = False
        out["count_var"] = 0.0
    else:
        w = hanoi_unit_weights(weight)
        _warn_partial(set(src.loc[src["_level"] != to, "district"]), w, to)
        if to == "unit":
            w = w.rename(columns={"district": "_from", "unit": "_to", "to_unit": "_w"})
        else:
            w = w.rename(columns={"unit": "_from", "district": "_to", "to_district": "_w"})
        w = w.loc[w["_w"] > 0, ["_from", "_to", "_w"]]
        keep = src[src["_level"] == to].assign(_w=1.0, _to=lambda x: x["district"])
        move = src[src["_level"] != to].merge(w, left_on="district", right_on="_from", how="inner")
        parts = pd.concat([keep, move.drop(columns="_from")], ignore_index=True)
        n = parts["count"].to_numpy(dtype=float)
        share = parts["_w"].to_numpy(dtype=float)
        parts["count"] = n * share
        parts["count_var"] = n * share * (1 - share)
        parts["apportioned"] = parts["_level"] != to
        if integer:
            parts["count"] = _largest_remainder(parts["count"].to_numpy(), parts["_source"].to_numpy(), n)
        parts["district"] = parts["_to"]
        out = parts.groupby(["district", *keys], as_index=False, dropna=False, observed=True).agg(
            count=("count", "sum"), apportioned=("apportioned", "any"), count_var=("count_var", "sum")
        )
        if integer or not out["apportioned"].any():
            out["count"] = out["count"].round().astype(np.int64)
    out = out[["district", *keys, "count", "apportioned", "count_var"]]
    out = out.sort_values(["district", *keys], kind="stable", ignore_index=True)
    out.attrs = {
        **({"freq": crimes.attrs["freq"]} if "freq" in crimes.attrs else {}),
        "geography": to,
        "method": _method(to, zones, weight),
        "weights": "exact" if to == "zone" else weight,
    }
    return out


def _warn_partial(present: set[str], weights: pd.DataFrame, to: Geography) -> None:
    """Warn when the sources in the data cover only part of a target: a file naming 3 of the 8 new units that
    took Ba Đình's residents gives Ba Đình a partial count from the reform on, which no later step could tell
    from a fall in crime."""
    if not present:
        return
    source, target, share = (
        ("unit", "district", "to_unit") if to == "district" else ("district", "unit", "to_district")
    )
    covered = weights[share].where(weights[source].isin(present), 0.0).groupby(weights[target]).sum()
    partial = covered[(covered > 0) & (covered < 0.995)].sort_values()
    if partial.empty:
        return
    names = hanoi_geography().set_index("district")["name_vi"]
    shown = ", ".join(f"{names.get(t, t)} {100 * c:.0f} %" for t, c in partial.head(12).items())
    more = f" and {len(partial) - 12} more" if len(partial) > 12 else ""
    what, one = ("district(s)", "district") if to == "district" else ("new unit(s)", "new unit")
    warnings.warn(
        TrendsDataWarning(
            f"the data cover only part of {len(partial)} {what}, so their counts carried over the reform are "
            f"partial (share of residents covered: {shown}{more}). A {one}'s count is complete only when "
            "every area its residents came from or went to is in the data; leave partial ones out or add the "
            "missing areas."
        ),
        stacklevel=user_stacklevel(),
    )


def _ward_key(name: object) -> str:
    readings = name_readings(name) if pd.notna(name) else []
    return readings[-1][1] if readings else ""


def harmonise_rollout(
    rollout: pd.DataFrame, to: Geography, *, weight: str = "population_flow", zones: str = "strict"
) -> pd.DataFrame:
    """Put the register of movement models on one geography.

    A model in an old district goes to the new units by its ward when the ward is known (the ward's pieces in
    the crosswalk, each an equal share), otherwise to the district's new units by weight; a model in a new unit
    goes back to the old districts by weight; zones are exact.

    Parameters
    ----------
    rollout : pandas.DataFrame
        The register as :func:`trends.io.read_rollout` returns it (``model_id``, ``district``, optional
        ``ward`` ...).
    to : {"district", "unit", "zone"}
    weight, zones
        As in :func:`harmonise`.

    Returns
    -------
    pandas.DataFrame
        One row per model and target unit: the register's columns with ``district`` holding the target id,
        ``share`` (the part of the model credited to that unit; 1 when the mapping is exact, summing to 1 over a
        model's rows) and ``mapped_by`` (``same``, ``zone``, ``ward`` or ``weight``).
    """
    if to not in ("district", "unit", "zone"):
        raise ValueError(f"to must be 'district', 'unit' or 'zone', not {to!r}")
    src = rollout.reset_index(drop=True).copy()
    src["_level"] = geography_of(src["district"]).to_numpy()
    src["_row"] = np.arange(len(src))
    if to == "zone":
        zone = hanoi_zones(zones).set_index("id")["zone"]
        out = src.assign(district=src["district"].map(zone), share=1.0, mapped_by="zone")
        return out.drop(columns=["_level", "_row"])
    same = src[src["_level"] == to].assign(share=1.0, mapped_by="same")
    other = src[src["_level"] != to]
    pieces: list[pd.DataFrame] = [same]
    if to == "unit" and "ward" in other.columns and len(other):
        cw = hanoi_crosswalk()
        cw["_ward"] = cw["old_ward_name"].map(_ward_key)
        by_ward = other.assign(_ward=other["ward"].map(_ward_key)).merge(
            cw[["district", "_ward", "unit"]].rename(columns={"district": "_d"}),
            left_on=["district", "_ward"],
            right_on=["_d", "_ward"],
            how="inner",
        )
        by_ward["share"] = 1.0 / by_ward.groupby("_row")["unit"].transform("size")
        by_ward = by_ward.assign(district=by_ward["unit"], mapped_by="ward").drop(
            columns=["_d", "_ward", "unit"]
        )
        pieces.append(by_ward)
        other = other[~other["_row"].isin(by_ward["_row"])]
    w = hanoi_unit_weights(weight)
    if to == "unit":
        w = w.rename(columns={"district": "_from", "unit": "_to", "to_unit": "share"})
    else:
        w = w.rename(columns={"unit": "_from", "district": "_to", "to_district": "share"})
    w = w.loc[w["share"] > 0, ["_from", "_to", "share"]]
    by_weight = other.merge(w, left_on="district", right_on="_from", how="inner")
    by_weight = by_weight.assign(district=by_weight["_to"], mapped_by="weight").drop(columns=["_from", "_to"])
    pieces.append(by_weight)
    out = pd.concat([p for p in pieces if len(p)], ignore_index=True) if any(len(p) for p in pieces) else same
    out = out.sort_values(["_row", "district"], kind="stable", ignore_index=True)
    return out.drop(columns=["_level", "_row"])
