"""Validation: Poisson imputation when few districts are left to compare with (``min_comparisons``).

Late in a rollout only the last adopters and the districts that never adopt are left as comparisons; each period
effect after that is fitted on them alone. For each seed a SIMULATED Hanoi study (``simulate_hanoi``) is cut to
keep only ``k`` of its never-adopting districts (the others are taken out of the data, as if the city had
rolled the models out everywhere else), and the effect is estimated as ``trends report`` does (district x
offence series, period effects by offence, district bootstrap, 199 draws), once with every period that has a
comparison (``min_comparisons=1``) and once leaving out the periods compared with fewer than 3 districts
(``min_comparisons=3``, the report's setting). The truth of each estimate is computed on exactly the cells it
averages (``result.cells``), so the two settings are judged against their own estimands.

Run:  python benchmarks/validate_few_comparisons.py --seeds 100 [--keep 0 1 2 3] [--n-jobs 2]
"""

from __future__ import annotations

import argparse
import time
import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from trends.impact import poisson_imputation
from trends.panel import adoption_panel
from trends.report import impact_settings
from trends.simulate import simulate_hanoi

SETTINGS = (1, 3)


def one(seed: int, keep: int, biters: int) -> list[dict[str, float]]:
    study = simulate_hanoi(seed=seed)
    adopters = set(study.rollout["district"])
    never = sorted(set(study.crimes["district"]) - adopters)
    kept = adopters | set(np.random.default_rng(seed).permutation(never)[:keep])
    crimes = study.crimes[study.crimes["district"].isin(kept)]
    truth = study.truth[study.truth["district"].isin(kept)]
    panel = adoption_panel(crimes, study.rollout, study.districts)
    rows = []
    for least in SETTINGS:
        # the report's own settings (impact_settings), with the floor varied
        settings = impact_settings(panel, "month", seed=seed) | {"min_comparisons": least, "biters": biters}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = poisson_imputation(**settings)
        cells = fit.cells[fit.cells["event_time"] >= 0]
        parts = cells["unit"].str.split("/", n=1, expand=True)
        on = pd.DataFrame({"district": parts[0], "offence": parts[1], "period": cells["period"]})
        t = on.merge(truth, on=["district", "offence", "period"], how="left", validate="one_to_one")
        o = fit.overall.iloc[0]
        rows.append(
            {"seed": seed, "keep": keep, "min_comparisons": least, "truth": t["mu1"].sum() / t["mu0"].sum() - 1,
             "estimate": o["estimate"], "low": o["conf_low"], "high": o["conf_high"],
             "cells_thin": fit.spec["cells_thin"], "cells": len(cells)}
        )  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--keep", type=int, nargs="+", default=[0, 1, 2, 3])
    parser.add_argument("--biters", type=int, default=199)
    parser.add_argument("--n-jobs", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    jobs = [
        (s, k, args.biters) for k in args.keep for s in range(args.first_seed, args.first_seed + args.seeds)
    ]
    with ProcessPoolExecutor(args.n_jobs) as pool:
        rows = pd.DataFrame([r for out in pool.map(one, *zip(*jobs, strict=True)) for r in out])
    rows["covered"] = (rows["low"] <= rows["truth"]) & (rows["truth"] <= rows["high"])
    rows["error"] = rows["estimate"] - rows["truth"]
    rows["width"] = rows["high"] - rows["low"]
    print(
        f"{args.seeds} SIMULATED Hanoi studies per row (seeds {args.first_seed}..{args.first_seed + args.seeds - 1}), "
        f"{args.biters} bootstrap draws, {time.perf_counter() - t0:.0f} s"
    )
    print()
    print(
        "| never-adopting districts kept | min_comparisons | treated cells left out (mean) | bias (points) | "
        "RMSE (points) | 95% coverage | mean width (points) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (keep, least), g in rows.groupby(["keep", "min_comparisons"]):
        print(
            f"| {keep} | {least} | {g['cells_thin'].mean():.0f} of {(g['cells'] + g['cells_thin']).mean():.0f} | "
            f"{100 * g['error'].mean():+.2f} | {100 * np.sqrt((g['error'] ** 2).mean()):.2f} | "
            f"{100 * g['covered'].mean():.1f}% | {100 * g['width'].mean():.2f} |"
        )


if __name__ == "__main__":
    main()
