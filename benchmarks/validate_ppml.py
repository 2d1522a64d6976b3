"""Validation: bias and interval coverage of the Poisson PML difference-in-differences (``trends.impact.ppml``).

Panels from ``trends.simulate.simulate_panel`` with a constant multiplicative effect ``exp(effect)`` in every treated
cell (staggered cohorts, Poisson or negative-binomial counts, few clusters as in Hanoi). With a constant effect the
two-way Poisson model is correctly specified on the ratio scale, so the coefficient should be unbiased for
``effect`` and the cluster-robust (fixest CR1, normal) 95% interval should cover it about 95% of the time (less
with few clusters). Also reports the event-study coefficients' average over post periods, and, with few
clusters (8 and 20 units), the coverage of the wild cluster score bootstrap interval (``wild_bootstrap=True``,
Webb weights, 399 draws) next to the cluster-robust one.

Run:  python benchmarks/validate_ppml.py --seeds 200
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from trends.impact import ppml
from trends.simulate import simulate_panel


def one(seed: int, family: str, n_units: int, effect: float) -> dict[str, float]:
    d = simulate_panel(
        n_units, 24, cohorts=[8, 12, 16], family=family, effect=effect, baseline=6, dispersion=5, seed=seed
    ).data
    r = ppml(d, yname="outcome", tname="period", idname="unit", dname="treated")
    row = r.table.iloc[0]
    es = ppml(
        d, yname="outcome", tname="period", idname="unit", gname="cohort", event_study=True, min_e=-4, max_e=7
    )
    o = es.overall.iloc[0]
    return {
        "estimate": row["estimate"],
        "covered": row["conf_low"] <= effect <= row["conf_high"],
        "es_estimate": o["estimate"],
        "es_covered": o["conf_low"] <= effect <= o["conf_high"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--effect", type=float, default=-0.15)
    args = parser.parse_args()
    t0 = time.perf_counter()
    for family in ("poisson", "negbin"):
        for n_units in (30, 100):
            rows = pd.DataFrame([one(s, family, n_units, args.effect) for s in range(1, args.seeds + 1)])
            print(
                f"{family:8s} {n_units:4d} units: DiD bias {rows['estimate'].mean() - args.effect:+.4f}, "
                f"sd {rows['estimate'].std():.4f}, coverage {rows['covered'].mean():.3f}; event-study average "
                f"bias {rows['es_estimate'].mean() - args.effect:+.4f}, coverage {rows['es_covered'].mean():.3f}"
            )
    for n_units in (8, 20):
        rows = pd.DataFrame([wild(s, n_units, args.effect) for s in range(1, args.seeds + 1)])
        print(
            f"negbin   {n_units:4d} units: coverage of the 95% interval, cluster-robust {rows['cr1'].mean():.3f}, "
            f"wild score bootstrap {rows['wild'].mean():.3f} (mean width {rows['cr1_width'].mean():.3f} / "
            f"{rows['wild_width'].mean():.3f})"
        )
    print(f"{args.seeds} seeds per row, effect {args.effect} (log scale), {time.perf_counter() - t0:.0f} s")


def wild(seed: int, n_units: int, effect: float) -> dict[str, float]:
    d = simulate_panel(
        n_units, 24, cohorts=[8, 12, 16], family="negbin", effect=effect, baseline=6, dispersion=5, seed=seed
    ).data
    r = ppml(
        d,
        yname="outcome",
        tname="period",
        idname="unit",
        dname="treated",
        wild_bootstrap=True,
        boot_weights="webb",
        biters=399,
        seed=seed,
    )
    row, wb = r.table.iloc[0], r.wild_bootstrap.iloc[0]
    return {
        "cr1": row["conf_low"] <= effect <= row["conf_high"],
        "wild": wb["conf_low"] <= effect <= wb["conf_high"],
        "cr1_width": row["conf_high"] - row["conf_low"],
        "wild_width": wb["conf_high"] - wb["conf_low"],
    }


if __name__ == "__main__":
    main()
