"""Geography: unit names and ids, and Hanoi's units as data.

* :class:`DistrictResolver` -- any common spelling of a unit's name ("Q. Ba Đình", "BA DINH", decomposed
  Unicode) to one canonical id; unknown names are listed with their closest matches.
* :func:`hanoi_districts` -- Hanoi's 30 district-level units of 2008 to June 2025 (real names, kinds, 2019
  census populations, areas); :data:`HANOI_TILES` -- their tile-grid layout for maps; :func:`hanoi_adjacency`
  -- the 72 pairs of districts that share a boundary.

This layer sits just above :mod:`trends.schema`: the readers use it to validate names, and it never reads the
bundled crime data sets.
"""

from trends.geo.hanoi import HANOI_TILES, hanoi_adjacency, hanoi_districts
from trends.geo.names import DistrictResolver, default_resolver, district_key, fold

__all__ = [
    "HANOI_TILES",
    "DistrictResolver",
    "default_resolver",
    "district_key",
    "fold",
    "hanoi_adjacency",
    "hanoi_districts",
]
