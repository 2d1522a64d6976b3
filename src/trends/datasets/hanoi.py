"""The bundled Hanoi study: SIMULATED crime by district (to 2025-06) and by new commune or ward (2025-07 to
2026-06), month and offence, and a simulated rollout register.

No public source gives Hanoi's recorded crime by district or the start dates of the movement's models, so the
bundled panel is simulated by :func:`trends.simulate.simulate_hanoi` with the fixed seed
:data:`trends.simulate.HANOI_SEED` (files written by ``scripts/make_hanoi.py``). The 30 districts and the 126
new units themselves (names, kinds, populations, areas, the 2025 crosswalk) are real.
"""

from __future__ import annotations

import gzip
import io
from importlib.resources import files

import pandas as pd

from trends.geo import hanoi_districts
from trends.geo.hanoi import PROVENANCE as _GEO_PROVENANCE
from trends.geo.reform import PROVENANCE as _REFORM_PROVENANCE
from trends.simulate import HANOI_SEED, SimulatedStudy, describe_hanoi
from trends.simulate.hanoi import district_panel

__all__ = ["PROVENANCE", "load_hanoi", "load_hanoi_districts"]

PROVENANCE: dict[str, dict[str, str]] = {
    **_GEO_PROVENANCE,
    **_REFORM_PROVENANCE,
    "hanoi": {
        "title": "Hanoi recorded crime by month and offence: by district 2015-01 to 2025-06, by the 126 new "
        "communes and wards 2025-07 to 2026-06; and a register of movement models (SIMULATED)",
        "source": f"SIMULATED by trends.simulate.simulate_hanoi (seed {HANOI_SEED}); not real crime records or "
        "real model start dates. District names, kinds, 2019 census populations and areas are real (2019 "
        "Population and Housing Census, General Statistics Office of Viet Nam; Hanoi Statistical Yearbook "
        "2018). The scale follows published city totals (5,148 criminal cases in 2015; 1,840 social-order "
        "cases in the first half of 2023, Hanoi police).",
        "licence": "MIT (simulated data, part of this package)",
        "citation": f"trends package, simulated Hanoi study, trends.simulate.simulate_hanoi(seed={HANOI_SEED})",
    },
}

_DATA = files("trends") / "datasets" / "data"


def _read_csv(name: str, **kwargs: object) -> pd.DataFrame:
    raw = (_DATA / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8", **kwargs)


def load_hanoi_districts() -> pd.DataFrame:
    """Hanoi's 30 district-level units as they stood from 2008 until 1 July 2025 (real data).

    The same table as :func:`trends.geo.hanoi_districts`, which owns it; here beside the bundled study.
    """
    return hanoi_districts()


def load_hanoi() -> SimulatedStudy:
    """The bundled SIMULATED Hanoi study, identical to
    ``trends.simulate.simulate_hanoi(HANOI_SEED, end=HANOI_END, reported_by_unit=True)``.

    Crime counts by month (2015-01 to 2026-06) and offence, a register of 600+ movement models, the districts
    table, and the truth (expected counts without and with the models, by district) are all simulated, except
    the districts and new units themselves. ``description`` says so and states the true effect; summarise the
    truth with :func:`trends.simulate.true_att`. (``truth`` is stored with 6 significant digits.)

    Returns
    -------
    SimulatedStudy
        ``reported``: the counts as police files hold them (the 30 old districts until 2025-06, the 126 new
        communes and wards from 2025-07); ``crimes``: the same carried onto the 30 districts (months from
        2025-07 apportioned back by the residents' flow weights, whole numbers, said in ``crimes.attrs``);
        ``rollout``, ``districts``, ``truth`` (by district), ``description``, ``seed``.
    """
    districts = load_hanoi_districts()
    reported = _read_csv(
        "hanoi_crimes.csv.gz",
        dtype={"district": str, "offence": str, "count": "int64"},
        parse_dates=["period"],
    )
    reported["period"] = reported["period"].astype("datetime64[ns]")
    crimes = district_panel(reported)
    rollout = _read_csv(
        "hanoi_rollout.csv",
        dtype={"model_id": str, "district": str, "ward": object, "model_type": str},
        parse_dates=["start", "end"],
    )
    for col in ("start", "end"):
        rollout[col] = rollout[col].astype("datetime64[ns]")
    truth = _read_csv(
        "hanoi_truth.csv.gz",
        dtype={"district": str, "offence": str, "treated": bool, "event_time": "Int64"},
        parse_dates=["period"],
    )
    truth["period"] = truth["period"].astype("datetime64[ns]")
    truth.insert(3, "kind", truth["district"].map(districts.set_index("district")["kind"]).astype(object))
    truth.insert(truth.columns.get_loc("treated") + 1, "exposed", False)  # no spill-over in the bundled study
    months = pd.DatetimeIndex(sorted(crimes["period"].unique()))
    return SimulatedStudy(
        crimes=crimes,
        rollout=rollout,
        districts=districts,
        truth=truth,
        description=describe_hanoi(truth, rollout, HANOI_SEED, months),
        seed=HANOI_SEED,
        reported=reported,
    )
