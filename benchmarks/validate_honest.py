"""Validation: do the relative-magnitude robust intervals cover the true effect when Delta^RM(Mbar) holds?

Event-study coefficients are drawn as ``betahat ~ N(delta + tau, Sigma)`` with ``Sigma`` the covariance of R
HonestDiD's ``BCdata_EventStudy`` example (4 pre- and 4 post-period coefficients; standard errors 0.018-0.029)
and a true difference in trends ``delta`` that satisfies the restriction at ``Mbar = 1``:

``trend``
    a linear pre-trend (a change of ``step`` a year) that continues after adoption: every post-adoption change
    equals the largest pre-adoption one, the edge of ``Delta^RM(1)``.
``flat``
    no pre-trend and no post-adoption drift (``delta = 0``).

The target is the effect in the first post period (true value 0.10). For each method the share of draws whose
``Mbar = 1`` interval contains it, the mean width, and the seconds per call are reported. Nominal coverage is
95 %; the ARP intervals guarantee it (uniformly over ``Delta^RM``), the naive interval does not.

Run:  python benchmarks/validate_honest.py [--reps 300] [--step 0.03]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from bench_forecast_peers import markdown  # the script's folder is on sys.path
from trends.impact import relative_magnitude_bounds

REF = Path(__file__).resolve().parents[1] / "tests" / "impact" / "results" / "honestdid_bcdata.json"
TAU = 0.10


def truth(step: float, npre: int = 4, npost: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """``delta`` (pre then post, reference excluded) of a linear trend with slope ``step``, and ``beta``."""
    pre = step * np.arange(-npre, 0)  # event times -npre-1 .. -2 relative to the reference at -1
    post = step * np.arange(1, npost + 1)  # event times 0 .. npost-1
    delta = np.concatenate([pre, post])
    return delta, delta + np.concatenate([np.zeros(npre), np.full(npost, TAU)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--step", type=float, default=0.03)
    args = parser.parse_args()
    ref = json.loads(REF.read_text())
    sigma = np.array(ref["sigma"])
    rng = np.random.default_rng(2024)
    print(f"Command: `python benchmarks/validate_honest.py --reps {args.reps} --step {args.step}`\n")
    rows = []
    for scenario, step in (("trend", args.step), ("flat", 0.0)):
        _, beta = truth(step)
        draws = rng.multivariate_normal(beta, sigma, size=args.reps)
        for method in ("C-LF", "conditional", "naive"):
            covered, width, t0 = [], [], time.perf_counter()
            for b in draws:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    r = relative_magnitude_bounds(
                        betahat=b, sigma=sigma, num_pre=4, num_post=4, mbar=[1.0], target=0, method=method
                    )
                row = r.table.iloc[0]
                covered.append(row["conf_low"] <= TAU <= row["conf_high"])
                width.append(row["conf_high"] - row["conf_low"])
            rows.append(
                {
                    "scenario": scenario,
                    "method": method,
                    "coverage": 100 * float(np.mean(covered)),
                    "mean width": float(np.mean(width)),
                    "seconds per call": (time.perf_counter() - t0) / args.reps,
                }
            )
    print(markdown(pd.DataFrame(rows), ".3f"))


if __name__ == "__main__":
    main()
