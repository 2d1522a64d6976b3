"""How often does the brief say something reassuring that is false? The claims layer on simulated studies.

For each scenario, simulated Hanoi studies (``trends.simulate.simulate_hanoi(seed, pretrend=...)``, the
bundled study's design with new seeds) go through the report's own impact step (``estimate_impact``) and
claims layer (``trends.report.claims``), exactly as ``trends report`` runs them. Measured:

* **pre-trend reassurance**: the share of studies whose brief prints the reassuring pre-trend sentence
  (rule ``pretrend.reassuring``), with no violation of parallel trends (goal: at least 80 %) and with a
  departure of at least half the true effect (goal: at most 10 %); also the share of warnings;
* **districts**: among districts the brief calls clearly lower or higher, the share whose true effect
  (``mu1 / mu0 - 1`` over their treated cells) has the other sign or is zero, i.e. the false discovery rate
  (goal: at most the stated 5 %), and the share of districts whose simultaneous interval covers the truth;
* **headline**: coverage of the overall 95 % interval for the study's true effect.

Run: ``python benchmarks/validate_claims.py --studies 25`` (20-90 s per study on 2 cores, by load;
``--scenarios none half full`` to run some). The table it prints is copied into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from trends.report._run import ReportContext, estimate_impact
from trends.report.claims import district_claim, pretrend_claim
from trends.simulate import simulate_hanoi
from trends.study import Study


def one_study(seed: int, pretrend: float, out: Path) -> dict[str, float]:
    sim = simulate_hanoi(seed, pretrend=pretrend)
    study = Study(
        name="sim", crimes=sim.crimes, districts=sim.districts, rollout=sim.rollout, freq="month",
        simulated=True, description="", source={"vi": "", "en": ""}, truth=sim.truth,
    )  # fmt: skip
    ctx = ReportContext(study=study, out=out, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        impact = estimate_impact(ctx)
    assert impact is not None
    main = impact.overall
    # the headline's truth on the cells the estimate averages (the report's own computation)
    true_effect = impact.truth_pct / 100
    truth = sim.truth[~sim.truth["district"].isin(impact.dropped_districts)]
    verdict = pretrend_claim(impact.pretrend, main).rule
    verdict = verdict.removeprefix("pretrend.")
    by_d = impact.by_district.set_index("district")
    treated = truth[truth["treated"]].groupby("district")[["mu1", "mu0"]].sum()
    d_truth = (treated["mu1"] / treated["mu0"] - 1).reindex(by_d.index)
    lo, hi = by_d["conf_low"] / 100, by_d["conf_high"] / 100
    called = (hi < 0) | (lo > 0)
    false = ((hi < 0) & (d_truth >= 0)) | ((lo > 0) & (d_truth <= 0))
    rule = district_claim(by_d.reset_index()).rule
    return {
        "seed": seed,
        "pretrend": pretrend,
        "true_effect": true_effect,
        "estimate": float(main["estimate"]),
        "covered": bool(main["conf_low"] <= true_effect <= main["conf_high"]),
        "verdict": verdict,
        "districts_called": int(called.sum()),
        "districts_false": int(false.sum()),
        "districts_covered": float(((lo <= d_truth) & (d_truth <= hi)).mean()),
        "districts_rule": rule,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=40, help="studies per scenario")
    parser.add_argument("--first-seed", type=int, default=1000)
    parser.add_argument(
        "--scenarios", nargs="*", default=["none", "half", "full"], help="pre-trend scenarios to run"
    )
    args = parser.parse_args()
    # The bundled study's true effect is about -11 %: "half the effect" is a departure of about 5.5 %.
    scenarios = {"none": 0.0, "half": -0.06, "full": -0.11}
    scenarios = {k: v for k, v in scenarios.items() if k in args.scenarios}
    rows = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, pretrend in scenarios.items():
            for seed in range(args.first_seed, args.first_seed + args.studies):
                row = one_study(seed, pretrend, Path(tmp))
                rows.append({"scenario": name, **row})
                print(f"{name:16s} seed {seed}: {row['verdict']:12s} est {row['estimate']:+.3f} "
                      f"truth {row['true_effect']:+.3f} districts {row['districts_called']} "
                      f"({row['districts_false']} false) covered {row['covered']} "
                      f"district coverage {row['districts_covered']:.2f}", flush=True)  # fmt: skip
    frame = pd.DataFrame(rows)
    summary = frame.groupby("scenario", sort=False).agg(
        studies=("seed", "size"),
        reassuring=("verdict", lambda v: np.mean(v == "reassuring")),
        inconclusive=("verdict", lambda v: np.mean(v == "inconclusive")),
        warning=("verdict", lambda v: np.mean(v == "warning")),
        headline_coverage=("covered", "mean"),
        districts_called=("districts_called", "sum"),
        districts_false=("districts_false", "sum"),
        district_coverage=("districts_covered", "mean"),
    )
    summary["district_fdr"] = summary["districts_false"] / summary["districts_called"].where(
        summary["districts_called"] > 0
    )
    print(summary.round(3).to_string())
    print(f"{len(frame)} studies in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
