"""Displacement to neighbouring districts: bias and coverage of the direct and spill-over effects.

SIMULATED Hanoi studies (``trends.simulate.simulate_hanoi(seed, spillover=s)``: a district that has not adopted
yet has its expected counts multiplied by ``exp(s)`` from the first month a neighbour ran a model) are estimated
as ``trends report`` does (``trends.impact.spillover_imputation`` on district x offence series, period effects
by offence, district cluster bootstrap, Hanoi's district adjacency). For each term the truth is computed on the
cells the estimate averages (the result's ``cells``: the units it could fit, in the periods it imputes):

* ``direct``: adopting districts' treated cells, ``sum(mu1) / sum(mu0) - 1`` (``mu0``: no model anywhere near);
* ``spillover``: exposed cells of districts that had not adopted yet;
* ``direct_naive``: the usual estimate against the same direct truth — its bias is what the neighbours in the
  comparison group do to the headline.

Run: ``python benchmarks/validate_spillover.py --studies 200 --spillover 0.15 --n-jobs 2`` (about 7 s per
study and core; ``--min-comparisons 3`` as ``trends report``). The table it prints is copied into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from trends.geo import hanoi_adjacency
from trends.impact import spillover_imputation
from trends.panel import adoption_panel, neighbour_exposure
from trends.simulate import simulate_hanoi


def one_study(seed: int, spillover: float, biters: int, min_comparisons: int = 1) -> list[dict[str, float]]:
    sim = simulate_hanoi(seed, spillover=spillover)
    panel = adoption_panel(sim.crimes, sim.rollout, sim.districts)
    panel["exposure"] = panel["district"].map(neighbour_exposure(panel, hanoi_adjacency()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = spillover_imputation(
            panel, yname="count", tname="period", idname="series", gname="cohort", exposure="exposure",
            cluster="district", strata="offence", min_comparisons=min_comparisons, biters=biters, seed=seed,
        )  # fmt: skip
    # the truth on exactly the cells each term averages (res.cells)
    cells = res.cells.assign(
        district=res.cells["unit"].str.split("/").str[0], offence=res.cells["unit"].str.split("/").str[1]
    )
    truth = cells.merge(sim.truth, on=["district", "offence", "period"], how="left", validate="one_to_one")
    assert truth["mu0"].notna().all()
    true = {}
    for term in ("direct", "spillover"):
        part = truth[truth["term"] == term]
        true[term] = part["mu1"].sum() / part["mu0"].sum() - 1 if len(part) else 0.0
    true["direct_naive"] = true["direct"]
    rows = []
    for term in ("direct", "spillover", "direct_naive"):
        r = res.term(term)
        rows.append(
            {"seed": seed, "term": term, "truth": true[term], "estimate": r["estimate"],
             "covered": bool(r["conf_low"] <= true[term] <= r["conf_high"]),
             "detected": bool(r["conf_low"] > 0 or r["conf_high"] < 0)}
        )  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=200)
    parser.add_argument("--spillover", type=float, default=0.15)
    parser.add_argument("--biters", type=int, default=199)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--min-comparisons", type=int, default=1, help="spillover_imputation's floor")
    parser.add_argument("--n-jobs", type=int, default=1, help="studies run in parallel (joblib)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    seeds = range(args.first_seed, args.first_seed + args.studies)
    studies = Parallel(n_jobs=args.n_jobs, return_as="generator")(
        delayed(one_study)(seed, args.spillover, args.biters, args.min_comparisons) for seed in seeds
    )
    rows = []
    for found in studies:  # in seed order, whatever n_jobs
        rows += found
        print(
            " ".join(f"{r['term']} {r['estimate']:+.3f} (truth {r['truth']:+.3f})" for r in found), flush=True
        )
    frame = pd.DataFrame(rows)
    frame["error"] = frame["estimate"] - frame["truth"]
    summary = frame.groupby("term", sort=False).agg(
        studies=("seed", "size"),
        mean_truth=("truth", "mean"),
        mean_estimate=("estimate", "mean"),
        bias=("error", "mean"),
        rmse=("error", lambda e: float(np.sqrt(np.mean(e**2)))),
        coverage_95=("covered", "mean"),
        interval_excludes_zero=("detected", "mean"),
    )
    print(f"spillover = {args.spillover}, biters = {args.biters}, min_comparisons = {args.min_comparisons}")
    print(summary.round(4).to_string())
    print(f"{args.studies} studies in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
