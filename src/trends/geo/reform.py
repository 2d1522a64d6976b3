"""Hanoi's 2025 reform as data: the 126 new communes and wards, the ward-level crosswalk, weights and zones.

From 1 July 2025 the district level was abolished (Resolution 1656/NQ-UBTVQH15 of 16 June 2025): Hanoi's 526
commune-level units of the time were rearranged into 126 new units (51 phường, 75 xã), and police series are
kept by new unit from July 2025. The tables ship as package data in ``trends/geo/data/`` (provenance in
:data:`PROVENANCE`):

* :func:`hanoi_units` -- the 126 new units (id, GSO code, name with its prefix, kind, 2025 population, area);
* :func:`hanoi_crosswalk` -- the 795 pieces (old ward -> new unit, whole or part) the resolution lists;
* :func:`hanoi_unit_weights` -- the 214 (old district, new unit) pairs with the default apportionment weights;
* :func:`hanoi_zones` -- groups of old districts and new units whose totals match exactly;
* :func:`hanoi_geography` and :func:`units_at` -- which units exist at a date.

Ids: old districts keep their ids (``ba_dinh``); a new unit's id is its kind and ascii name (``phuong_ba_dinh``,
``xa_soc_son``), its GSO code in ``gso_code``.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Literal

import pandas as pd

from trends.geo.hanoi import hanoi_districts

__all__ = [
    "LAST_DISTRICT_DAY",
    "PROVENANCE",
    "REFORM_DATE",
    "Geography",
    "hanoi_crosswalk",
    "hanoi_geography",
    "hanoi_population",
    "hanoi_unit_tiles",
    "hanoi_unit_weights",
    "hanoi_units",
    "hanoi_zones",
    "units_at",
]

Geography = Literal["district", "unit", "zone"]

#: First day of the 126 new units (Resolution 1656/NQ-UBTVQH15, in force 1 July 2025).
REFORM_DATE = pd.Timestamp("2025-07-01")
#: Last day of the 30 district-level units.
LAST_DISTRICT_DAY = pd.Timestamp("2025-06-30")

_DATA = files("trends") / "geo" / "data"

_RESOLUTION = (
    "Resolution 1656/NQ-UBTVQH15 of the Standing Committee of the National Assembly (16 June 2025) on the "
    "arrangement of commune-level administrative units of Hanoi in 2025 (a legal normative document, no "
    "copyright under Vietnam IP Law art. 15), as transcribed in the MIT-licensed repository "
    "github.com/dvhcvn/20250701"
)

PROVENANCE: dict[str, dict[str, str]] = {
    "hanoi_units_2025": {
        "title": "Hanoi's 126 commune-level units from 1 July 2025 (51 phường, 75 xã): GSO code, name, kind, "
        "population, area",
        "source": "Names and GSO codes: " + _RESOLUTION + ". Population and area: figures published on the "
        "Government's merger portal (sapnhap.bando.com.vn, July 2025); Hanoi total 8,811,473. main_district: "
        "the old district from which most of the unit's residents came (largest population_flow in "
        "hanoi_district_unit_weights.csv).",
        "licence": "Public statistics and legal text of the Government of Viet Nam; compiled table MIT",
        "citation": "Resolution 1656/NQ-UBTVQH15 (16 June 2025)",
    },
    "hanoi_crosswalk_2025": {
        "title": "The 795 pieces of Hanoi's 2025 reform: old ward (of 526) -> new unit (of 126), whole or part",
        "source": "Parsed from the resolution's 126 clauses (" + _RESOLUTION + "); old ward codes and "
        "districts from the GSO list of 526 wards as shipped in the PyPI package vietnamadminunits 1.0.4 (MIT). "
        "Agrees with the GSO conversion table and vietnamadminunits on 794 of 795 pairs. piece_kind: whole; "
        "part_area_pop (part of the land with its residents); part_area_only (land without residents, 'một "
        "phần diện tích'); part_area_allpop (part of the land with all residents, 'toàn bộ quy mô dân số'); "
        "remainder (what is left of a split ward). resolve_status: exact / qualified (the resolution names the "
        "old district because two wards share a name) / ambiguous_context_district (3 pieces placed by "
        "context).",
        "licence": "Legal text (no copyright); compiled table MIT",
        "citation": "Resolution 1656/NQ-UBTVQH15 (16 June 2025)",
    },
    "hanoi_district_unit_weights": {
        "title": "The 214 (old district, new unit) pairs of Hanoi's 2025 reform with apportionment weights",
        "source": "Derived from the crosswalk and the new units' 2025 populations. population_flow: estimated "
        "residents of the new unit who lived in the old district, the unit's population split over its "
        "pieces assuming residents spread evenly over them (no population by old ward is available): an "
        "estimate, not a fact. w_ward_share_equal_split: the district's old wards counted, each split equally "
        "over its pieces (an alternative weight).",
        "licence": "Derived facts; compiled table MIT",
        "citation": "trends package, geo/data/hanoi_district_unit_weights.csv",
    },
    "hanoi_comparable_zones_2025": {
        "title": "Groups of old districts and new units whose totals match exactly across the 2025 reform",
        "source": "Connected components of the crosswalk's district <-> new unit graph. mode 'strict' uses "
        "every piece (5 zones: totals match exactly for anything counted by place, crimes included); mode "
        "'residents' ignores the 40 land-only pieces (10 zones: exact for residents, near-exact for crimes, "
        "which may occur on land without residents).",
        "licence": "Derived facts; compiled table MIT",
        "citation": "trends package, geo/data/hanoi_comparable_zones_2025.csv",
    },
}


def _read(name: str, **kw: object) -> pd.DataFrame:
    with (_DATA / name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, **kw)


def hanoi_units() -> pd.DataFrame:
    """Hanoi's 126 commune-level units from 1 July 2025 (real data).

    Returns
    -------
    pandas.DataFrame
        ``unit`` (id, e.g. ``phuong_ba_dinh``), ``gso_code`` (str, e.g. ``"00004"``), ``name_vi`` (with its
        prefix, "Phường Ba Đình"), ``name`` (bare, "Ba Đình"), ``name_ascii``, ``kind`` (``phuong`` / ``xa``),
        ``population`` (2025, int64), ``population_year``, ``area_km2``, ``main_district`` (the old district
        most of its residents came from). See ``PROVENANCE["hanoi_units_2025"]``.
    """
    u = _read("hanoi_units_2025.csv", dtype={"gso_code": str})
    u["population"] = u["population"].astype("int64")
    u["population_year"] = 2025
    return u


def hanoi_crosswalk() -> pd.DataFrame:
    """The 795 pieces of the 2025 reform: ``old_ward_code``, ``old_ward_name``, ``district`` (old district id),
    ``unit`` (new unit id), ``whole_or_part``, ``piece_kind``, ``old_ward_n_pieces``, ``resolution_clause``,
    ``resolve_status``. Every one of the 526 old wards and of the 126 new units appears. See
    ``PROVENANCE["hanoi_crosswalk_2025"]``."""
    return _read("hanoi_crosswalk_2025.csv", dtype={"old_ward_code": str})


def hanoi_unit_weights(weight: str = "population_flow") -> pd.DataFrame:
    """District <-> new-unit apportionment weights.

    Parameters
    ----------
    weight : {"population_flow", "ward_share"}
        ``population_flow`` (default): the estimated residents who moved from the district into the unit, so
        a district's count is split in proportion to where its residents went, and a unit's count is sent
        back in proportion to where its residents came from. ``ward_share``: the district's old wards, each
        split equally over its pieces (ignores population; an alternative for crimes that follow land, not
        residents).

    Returns
    -------
    pandas.DataFrame
        ``district``, ``unit``, ``to_unit`` (share of the district's count that goes to the unit; sums to 1
        over a district's units), ``to_district`` (share of the unit's count that comes back to the district;
        sums to 1 over a unit's districts), ``population_flow``. 214 rows.
    """
    w = _read("hanoi_district_unit_weights.csv")
    if weight == "population_flow":
        base = w["population_flow"].astype(float)
    elif weight == "ward_share":
        base = w["w_ward_share_equal_split"].astype(float)
    else:
        raise ValueError(f"weight must be 'population_flow' or 'ward_share', not {weight!r}")
    out = w[["district", "unit", "population_flow"]].copy()
    out["to_unit"] = base / base.groupby(w["district"]).transform("sum")
    out["to_district"] = base / base.groupby(w["unit"]).transform("sum")
    return out[["district", "unit", "to_unit", "to_district", "population_flow"]]


def hanoi_zones(mode: str = "strict") -> pd.DataFrame:
    """Comparable zones: groups of old districts and new units whose totals match exactly.

    Parameters
    ----------
    mode : {"strict", "residents"}
        ``strict`` (default): every piece of land counts, so totals of anything recorded by place match
        exactly (5 zones; one holds 23 of the 30 districts). ``residents``: the 40 land-only pieces are
        ignored (10 zones), exact for residents and near-exact for crimes.

    Returns
    -------
    pandas.DataFrame
        ``id`` (district or unit id), ``level`` (``district`` / ``unit``), ``zone`` (``zone_01`` ...),
        ``zone_name`` (the zone's old districts, joined by " + ").
    """
    if mode not in ("strict", "residents"):
        raise ValueError(f"mode must be 'strict' or 'residents', not {mode!r}")
    z = _read("hanoi_comparable_zones_2025.csv")
    z = z[z["mode"] == mode].copy()
    z["zone"] = z["zone"].map(lambda k: f"zone_{int(k):02d}")
    names = hanoi_districts().set_index("district")["name_vi"]
    label = (
        z[z["level"] == "district"].groupby("zone")["id"].agg(lambda ids: " + ".join(names[i] for i in ids))
    )
    z["zone_name"] = z["zone"].map(label)
    return z[["id", "level", "zone", "zone_name"]].reset_index(drop=True)


def hanoi_geography(geography: str = "both") -> pd.DataFrame:
    """The units table of one geography or both, dated: the table a dated resolver reads.

    Parameters
    ----------
    geography : {"both", "district", "unit"}

    Returns
    -------
    pandas.DataFrame
        ``district`` (id: an old district or a new unit), ``name_vi``, ``name_ascii``, ``name`` (bare name),
        ``level`` (``district`` / ``unit``), ``valid_from``, ``valid_to`` (NaT = open; a district that joined
        Hanoi in 2008 or was made in 2014 starts then), ``formerly`` (what a unit was part of before
        ``valid_from``, or empty), ``population``,
        ``population_year`` (2019 census for districts, 2025 for units), ``area_km2``.
    """
    if geography not in ("both", "district", "unit"):
        raise ValueError(f"geography must be 'both', 'district' or 'unit', not {geography!r}")
    d = hanoi_districts()
    old = pd.DataFrame(
        {
            "district": d["district"],
            "name_vi": d["name_vi"],
            "name_ascii": d["name_ascii"],
            "name": d["name_vi"],
            "level": "district",
            "valid_from": d["in_hanoi_from"],
            "valid_to": pd.Series(LAST_DISTRICT_DAY, index=d.index, dtype="datetime64[ns]"),
            "formerly": d["formerly"],
            "population": d["population"],
            "population_year": d["population_year"],
            "area_km2": d["area_km2"],
        }
    )
    u = hanoi_units()
    new = pd.DataFrame(
        {
            "district": u["unit"],
            "name_vi": u["name_vi"],
            "name_ascii": u["name_ascii"],
            "name": u["name"],
            "level": "unit",
            "valid_from": pd.Series(REFORM_DATE, index=u.index, dtype="datetime64[ns]"),
            "valid_to": pd.Series(pd.NaT, index=u.index, dtype="datetime64[ns]"),
            "formerly": "",
            "population": u["population"],
            "population_year": u["population_year"],
            "area_km2": u["area_km2"],
        }
    )
    parts = {"both": [old, new], "district": [old], "unit": [new]}[geography]
    return pd.concat(parts, ignore_index=True)


def units_at(date: object) -> pd.DataFrame:
    """The units that existed on ``date``: the 30 districts until 2025-06-30, the 126 new units from 2025-07-01.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`hanoi_geography` valid on that day.
    """
    day = pd.Timestamp(date)
    g = hanoi_geography()
    ok = (g["valid_from"].isna() | (g["valid_from"] <= day)) & (g["valid_to"].isna() | (g["valid_to"] >= day))
    return g[ok].reset_index(drop=True)


def hanoi_population(geography: Geography, *, zones: str = "strict") -> pd.DataFrame:
    """The population that matches a geography, for rates: ``district`` (id), ``population``,
    ``population_year``.

    Districts: the 2019 census; new units: 2025 (merger portal); zones: the sum of their new units' 2025
    populations.
    """
    g = hanoi_geography()
    if geography == "district":
        return g.loc[g["level"] == "district", ["district", "population", "population_year"]].reset_index(
            drop=True
        )
    if geography == "unit":
        return g.loc[g["level"] == "unit", ["district", "population", "population_year"]].reset_index(
            drop=True
        )
    if geography == "zone":
        z = hanoi_zones(zones)
        z = z[z["level"] == "unit"].merge(
            hanoi_units()[["unit", "population"]], left_on="id", right_on="unit"
        )
        out = z.groupby("zone", as_index=False)["population"].sum().rename(columns={"zone": "district"})
        out["population_year"] = 2025
        return out
    raise ValueError(f"geography must be 'district', 'unit' or 'zone', not {geography!r}")


def hanoi_unit_tiles(columns: int = 14) -> dict[str, tuple[int, int]]:
    """A tile-grid layout for the 126 new units (no boundary geometry): units in the order of their main old
    district on :data:`trends.geo.HANOI_TILES` (north to south, west to east), then by name, filled row by row
    ``columns`` wide, so a district's successors sit together. For :func:`trends.charts.tile_map` (``tiles=``).
    """
    from trends.geo.hanoi import HANOI_TILES

    u = hanoi_units()
    pos = u["main_district"].map(lambda d: (HANOI_TILES[d][1], HANOI_TILES[d][0]))
    order = u.assign(_pos=pos).sort_values(["_pos", "name"], kind="stable")["unit"].tolist()
    return {unit: (i % columns, i // columns) for i, unit in enumerate(order)}
