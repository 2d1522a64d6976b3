"""Geography: unit names and ids, and Hanoi's units as data.

* :class:`DistrictResolver` -- any common spelling of a unit's name ("Q. Ba Đình", "BA DINH", decomposed
  Unicode) to one canonical id; unknown names are listed with their closest matches.
* :func:`hanoi_districts` -- Hanoi's 30 district-level units of 2008 to June 2025 (real names, kinds, 2019
  census populations, areas); :data:`HANOI_TILES` -- their tile-grid layout for maps; :func:`hanoi_adjacency`
  -- the 72 pairs of districts that share a boundary.
* :mod:`trends.geo.reform` -- the 2025 reform: :func:`hanoi_units` (the 126 communes and wards from July 2025),
  :func:`hanoi_crosswalk` (795 pieces, old ward -> new unit), :func:`hanoi_unit_weights`, :func:`hanoi_zones`
  (comparable zones), :func:`hanoi_geography` / :func:`units_at` (which units exist at a date).
* :func:`harmonise` -- a crimes table that spans the reform on one geography (district, unit or zone), the
  method stated; :func:`harmonise_rollout` -- the register on either geography.

This layer sits just above :mod:`trends.schema`: the readers use it to validate names, and it never reads the
bundled crime data sets.
"""

from trends.geo.hanoi import HANOI_TILES, hanoi_adjacency, hanoi_districts
from trends.geo.harmonise import geography_of, harmonise, harmonise_rollout
from trends.geo.names import DistrictResolver, default_resolver, district_key, fold, name_readings
from trends.geo.reform import (
    LAST_DISTRICT_DAY,
    REFORM_DATE,
    hanoi_crosswalk,
    hanoi_geography,
    hanoi_population,
    hanoi_unit_tiles,
    hanoi_unit_weights,
    hanoi_units,
    hanoi_zones,
    units_at,
)

__all__ = [
    "HANOI_TILES",
    "LAST_DISTRICT_DAY",
    "REFORM_DATE",
    "DistrictResolver",
    "default_resolver",
    "district_key",
    "fold",
    "geography_of",
    "hanoi_adjacency",
    "hanoi_crosswalk",
    "hanoi_districts",
    "hanoi_geography",
    "hanoi_population",
    "hanoi_unit_tiles",
    "hanoi_unit_weights",
    "hanoi_units",
    "hanoi_zones",
    "harmonise",
    "harmonise_rollout",
    "name_readings",
    "units_at",
]
