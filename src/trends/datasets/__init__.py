"""Bundled data sets, loaded offline from files shipped inside the package.

``load_hanoi()`` is the embedded default study: SIMULATED by :mod:`trends.simulate` from a fixed seed (no public
source gives Hanoi's crime by district or the movement models' start dates), on the real 30 districts with their
2019 census populations. The real public panels ship beside it so every method is also shown on data nobody here
wrote. ``provenance()`` lists source, licence and citation of each; ``DATASETS.md`` in this folder says more.
"""

from __future__ import annotations

import pandas as pd

from trends.datasets.hanoi import PROVENANCE as _HANOI_PROVENANCE
from trends.datasets.hanoi import load_hanoi, load_hanoi_districts
from trends.datasets.real import PROVENANCE as _REAL_PROVENANCE
from trends.datasets.real import (
    load_berlin,
    load_castle,
    load_guns,
    load_london_monthly,
    load_london_murders,
    load_mpdta,
    load_russia,
    load_us_states,
)

__all__ = [
    "load_berlin",
    "load_castle",
    "load_guns",
    "load_hanoi",
    "load_hanoi_districts",
    "load_london_monthly",
    "load_london_murders",
    "load_mpdta",
    "load_russia",
    "load_us_states",
    "provenance",
]


def provenance() -> pd.DataFrame:
    """Source, licence and citation of every bundled data set, one row each."""
    rows = [{"dataset": name, **info} for name, info in {**_HANOI_PROVENANCE, **_REAL_PROVENANCE}.items()]
    return pd.DataFrame(rows)
