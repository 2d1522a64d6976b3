"""How far district counts carried back from Hanoi's 126 new units are from the districts' own counts.

On simulated studies that run past the 2025 reform (``simulate_hanoi(seed, end="2026-06", reported_by_unit=True)``)
the district-level counts of the months from July 2025 are known (the same seed without the reform gives them),
so the apportionment of ``trends.geo.harmonise(..., to="district")`` can be checked against them: error of the
district x month totals, exactness of the comparable zones, and how often the interval
``estimate +- 1.96 sqrt(count_var)`` covers the district's own count.

    nice -n 10 python benchmarks/validate_reform.py --studies 10
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from trends.geo import REFORM_DATE, hanoi_zones, harmonise
from trends.simulate import simulate_hanoi


def one(seed: int) -> dict[str, float]:
    plain = simulate_hanoi(seed, end="2026-06")
    reform = simulate_hanoi(seed, end="2026-06", reported_by_unit=True)
    assert reform.reported is not None
    post = reform.reported[reform.reported["period"] >= REFORM_DATE]
    est = harmonise(post, "district").groupby(["district", "period"])[["count", "count_var"]].sum()
    truth = plain.crimes[plain.crimes["period"] >= REFORM_DATE].groupby(["district", "period"])["count"].sum()
    est = est.reindex(truth.index)
    err = est["count"] - truth
    half = 1.96 * np.sqrt(est["count_var"])
    zone = hanoi_zones("strict").set_index("id")["zone"]
    z_true = truth.groupby([truth.index.get_level_values(0).map(zone), truth.index.get_level_values(1)]).sum()
    z_est = (
        est["count"].groupby([est.index.get_level_values(0).map(zone), est.index.get_level_values(1)]).sum()
    )
    return {
        "mean_count": float(truth.mean()),
        "mae": float(err.abs().mean()),
        "median_abs_rel_err_pct": float((err.abs() / truth.clip(lower=1)).median() * 100),
        "p90_abs_rel_err_pct": float((err.abs() / truth.clip(lower=1)).quantile(0.9) * 100),
        "coverage_var_95": float((err.abs() <= half).mean()),
        "zone_max_abs_err": float((z_est - z_true.reindex(z_est.index)).abs().max()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--studies", type=int, default=10)
    args = parser.parse_args()
    rows = pd.DataFrame([one(seed) for seed in range(1, args.studies + 1)])
    print(f"{args.studies} simulated studies, district x month totals 2025-07..2026-06 (30 x 12 per study)")
    print(rows.mean().round(3).to_string())


if __name__ == "__main__":
    main()
