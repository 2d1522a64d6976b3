"""Validation: does Poisson imputation recover the true rollout effect on simulated Hanoi studies?

For each seed, a fresh Hanoi study is simulated (``trends.simulate.simulate_hanoi``), the effect is estimated as
``trends report`` does (district x offence series, period effects by offence, cohort = first model, district
bootstrap), and compared with the true effect among the estimable treated district-months (``true_att`` on the
simulated expectations). Reports bias, the coverage of the 95% interval, and how often the pre-trend leads
(two years before adoption, which have no true effect) have an interval excluding zero.

Run:  python benchmarks/validate_poisson.py --seeds 100 [--biters 199]
"""

from __future__ import annotations

import argparse
import time
import warnings

import pandas as pd

from trends.impact import poisson_imputation
from trends.panel import rollout_panel
from trends.simulate import simulate_hanoi, true_att


def one(seed: int, biters: int) -> dict[str, float]:
    study = simulate_hanoi(seed=seed)
    crimes = study.crimes
    treatment = rollout_panel(study.rollout, sorted(crimes["period"].unique()), districts=study.districts)
    cohort = treatment.drop_duplicates("district").set_index("district")["cohort"]
    panel = crimes.assign(
        series=crimes["district"] + "/" + crimes["offence"], cohort=crimes["district"].map(cohort)
    )
    common = dict(data=panel, yname="count", tname="period", idname="series", gname="cohort",
                  cluster="district", strata="offence", bin_width=12, biters=biters, seed=seed)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main = poisson_imputation(**common)
        check = poisson_imputation(**common, leads=24)
    dropped = {u.split("/")[0] for u in main.spec["units_dropped"]}
    truth = true_att(study.truth[~study.truth["district"].isin(dropped)])["att_pct"].iloc[0] / 100
    o = main.overall.iloc[0]
    leads = check.table[check.table["event_time"] < 0]
    return {
        "seed": seed, "truth": truth, "estimate": o["estimate"], "low": o["conf_low"], "high": o["conf_high"],
        "lead_rejects": int(((leads["conf_high"] < 0) | (leads["conf_low"] > 0)).sum()), "n_leads": len(leads),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--biters", type=int, default=199)
    args = parser.parse_args()
    t0 = time.perf_counter()
    rows = pd.DataFrame([one(seed, args.biters) for seed in range(1, args.seeds + 1)])
    covered = ((rows["low"] <= rows["truth"]) & (rows["truth"] <= rows["high"])).mean()
    bias = (rows["estimate"] - rows["truth"]).mean()
    print(
        f"{args.seeds} simulated Hanoi studies (seeds 1..{args.seeds}), {args.biters} bootstrap draws each, "
        f"{time.perf_counter() - t0:.0f} s"
    )
    print()
    print(
        "| mean true effect | mean estimate | bias (points) | relative bias | sd of estimates | 95% coverage | "
        "leads rejected at 5% |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {100 * rows['truth'].mean():.2f}% | {100 * rows['estimate'].mean():.2f}% | {100 * bias:+.2f} | "
        f"{100 * bias / abs(rows['truth'].mean()):+.1f}% | {100 * rows['estimate'].std():.2f} | {100 * covered:.1f}% | "
        f"{100 * rows['lead_rejects'].sum() / rows['n_leads'].sum():.1f}% |"
    )


if __name__ == "__main__":
    main()
