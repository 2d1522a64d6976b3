"""Truth recovery of synthdid and synthetic control on ``trends.simulate.simulate_panel`` panels.

    python benchmarks/validate_synth.py [--n 100] [--n-jobs 2]

Design: 40 units x 30 periods (Gaussian outcome: unit and period effects plus N(0, 1) noise, the panel
simulator's defaults), 4 units adopting in period 21, true effect -2 (a constant step) or 0.

* synthdid (``method="sdid"``): bias of the ATT and coverage of its 95 % interval with the placebo standard error
  (200 placebo draws), and the rejection rate under no effect.
* synthetic control: the first treated unit alone (the other treated units dropped), donors the 36 never-treated
  units; bias of the mean post-period gap, and the rejection rate of the placebo-in-space test at 10 % (with 37
  units the smallest p-value is 1/37) with and without the effect.

Recorded (100 panels per effect, 2 jobs, 314 s): SDID bias +0.022 (RMSE 0.236), 95 % coverage 0.95, rejection
1.00 at -2 and 0.05 at 0; SC bias +0.074 (RMSE 0.501), placebo-test rejection at 10 %: 0.78 at -2, 0.10 at 0.

Markdown on stdout.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from trends.impact.synth import synthetic_control
from trends.impact.synthdid import synthdid
from trends.simulate import simulate_panel


def one(seed: int, effect: float) -> dict:
    sim = simulate_panel(40, 30, cohorts=[21], cohort_shares=[0.1], effect=effect, seed=seed)
    df = sim.data
    sd = synthdid(df, idname="unit", tname="period", yname="outcome", dname="treated", seed=seed)
    row = sd.table.iloc[0]
    truth = sim.truth.simple
    first = df.loc[df["cohort"] > 0, "unit"].min()
    sub = df[(df["cohort"] == 0) | (df["unit"] == first)]
    sc = synthetic_control(
        sub, idname="unit", tname="period", yname="outcome", treated_unit=first, treatment_start=21
    )
    post = sub[(sub["unit"] == first) & (sub["period"] >= 21)]
    sc_truth = float((post["mu1"] - post["mu0"]).mean())
    return {
        "effect": effect,
        "sdid_err": row["estimate"] - truth,
        "sdid_cover": bool(row["conf_low"] <= truth <= row["conf_high"]),
        "sdid_reject": bool(row["p_value"] < 0.05),
        "sc_err": sc.att - sc_truth,
        "sc_reject": bool(sc.p_value <= 0.10),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--n-jobs", type=int, default=2)
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows = Parallel(n_jobs=args.n_jobs)(delayed(one)(s, e) for e in (-2.0, 0.0) for s in range(args.n))
    res = pd.DataFrame(rows)
    print(
        f"## synthdid and synthetic control on simulate_panel ({args.n} panels per effect, "
        f"{time.perf_counter() - t0:.0f} s)\n"
    )
    print(
        "| true effect | SDID bias | SDID RMSE | SDID 95 % coverage (placebo s.e.) | SDID rejection at 5 % | "
        "SC bias | SC RMSE | SC placebo-test rejection at 10 % |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for e, g in res.groupby("effect", sort=False):
        print(
            f"| {e:+.1f} | {g['sdid_err'].mean():+.3f} | {np.sqrt((g['sdid_err'] ** 2).mean()):.3f} | "
            f"{g['sdid_cover'].mean():.2f} | {g['sdid_reject'].mean():.2f} | {g['sc_err'].mean():+.3f} | "
            f"{np.sqrt((g['sc_err'] ** 2).mean()):.3f} | {g['sc_reject'].mean():.2f} |"
        )


if __name__ == "__main__":
    main()
