"""Seeded simulators with a known treatment effect: demo data, estimator tests and power analysis.

Two simulators, one module each; their public names are re-exported here (``from trends.simulate import
simulate_hanoi``).

:func:`simulate_panel` (:mod:`trends.simulate.panel`)
    A general unit x period panel with staggered adoption and a known, heterogeneous, dynamic effect
    (Gaussian outcome, or Poisson / negative-binomial counts). Its ``truth`` holds the true ATT by cohort and
    period, by event time, by cohort, by calendar period and overall, so estimators (two-way fixed effects,
    Callaway & Sant'Anna, event studies) can be checked against it.

:func:`simulate_hanoi` (:mod:`trends.simulate.hanoi`)
    The realistic SIMULATED Hanoi study bundled with the package (``trends.datasets.load_hanoi``): recorded
    crime by district, month and offence, 2015-01 to 2025-06 and by the 126 new communes and wards to 2026-06, and a register of "movement models"
    (community-security models of the "Toàn dân bảo vệ an ninh Tổ quốc" movement) rolled out in a staggered
    way. District names, kinds, 2019 census populations and areas are real; every count, date and model is
    simulated. No public source gives Hanoi's crime by district or the models' start dates. Every formula and
    number of the study is documented in :mod:`trends.simulate.hanoi`.
"""

from __future__ import annotations

from trends.simulate.hanoi import (
    HANOI_END,
    HANOI_SEED,
    MODEL_TYPE_LABELS,
    OFFENCE_LABELS,
    SimulatedStudy,
    describe_hanoi,
    simulate_hanoi,
    true_att,
)
from trends.simulate.panel import PanelTruth, SimulatedPanel, simulate_panel

__all__ = [
    "HANOI_END",
    "HANOI_SEED",
    "MODEL_TYPE_LABELS",
    "OFFENCE_LABELS",
    "PanelTruth",
    "SimulatedPanel",
    "SimulatedStudy",
    "describe_hanoi",
    "simulate_hanoi",
    "simulate_panel",
    "true_att",
]
