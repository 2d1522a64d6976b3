"""Which pre-trend reassurance rules are possible? Alternatives to the brief's rule on the same simulated studies.

``benchmarks/pretrend_ceiling.py`` bounds what *any* rule could do; this script measures concrete rules a report
could use, on the numbers the report computes: the headline effect (``poisson_imputation`` with the report's
settings) and the leads of the pre-trend test (``pretrend_test``), for simulated studies with parallel trends
(``none``) and with adopters drifting by about half (``half``, ``pretrend=-0.06``) or all (``full``, ``-0.11``) of
the true effect. Each rule first requires the joint test not to reject at 5 % (no warning), then:

* ``two-sided`` (the brief's rule, ``trends.report.claims.pretrend_verdict``): every lead's ``1 - 2 alpha``
  interval inside plus or minus ``c`` times the effect's bound nearest zero (two one-sided tests);
* ``one-sided``: only departures in the effect's own direction count (every lead's one-sided ``1 - alpha``
  bound in that direction within the margin), the other direction being taken as harmless;
* margins ``near`` (the effect's bound nearest zero) or ``est`` (the estimate), times ``c``.

Run: ``python benchmarks/pretrend_rules.py --studies 40 --first-seed 2000`` (about 1-2 s per study). The table it
prints is copied into ``benchmarks/RESULTS.md`` ("Honest words").
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from trends.impact import poisson_imputation, pretrend_test
from trends.panel import adoption_panel
from trends.report._run import impact_settings, pretrend_settings
from trends.simulate import simulate_hanoi

SCENARIOS = {"none": 0.0, "half": -0.06, "full": -0.11}


def one_study(seed: int, pretrend: float) -> dict[str, float]:
    """The headline effect and the leads of one simulated study, as the report computes them."""
    sim = simulate_hanoi(seed, pretrend=pretrend)
    panel = adoption_panel(sim.crimes, sim.rollout, sim.districts)
    main = poisson_imputation(**impact_settings(panel, "month", seed=seed))
    test = pretrend_test(**pretrend_settings(panel, "month"))
    overall = main.overall.iloc[0]
    row = {"df": int(test.spec["df"]), "joint_p": float(test.joint["p_value"])}
    row |= {k: float(overall[c]) for k, c in (("est", "estimate"), ("lo", "conf_low"), ("hi", "conf_high"))}
    for _, lead in test.table.iterrows():
        k = -int(lead["event_time"])
        row[f"lead{k}"], row[f"se{k}"] = float(lead["estimate"]), float(lead["std_error_log"])
    return row


def reassures(d: pd.DataFrame, sided: str, margin: str, c: float, alpha: float) -> pd.Series:
    """Whether each study's brief would reassure under one rule."""
    t = stats.t.ppf(1 - alpha, d["df"])
    est = np.log1p(d["est"])
    near = np.log1p(np.where(d["est"] < 0, d["hi"], d["lo"]))
    base = near if margin == "near" else est
    m = c * np.where(np.sign(base) == np.sign(est), np.abs(base), 0.0)  # an interval across zero: no margin
    ok = d["joint_p"] >= 0.05
    for k in (int(col[4:]) for col in d.columns if col.startswith("lead")):
        same_way = np.log1p(d[f"lead{k}"]) * np.sign(est)  # > 0: adopters already moved the effect's way
        spread = t * d[f"se{k}"]
        ok &= (same_way + spread < m) if sided == "one-sided" else (np.abs(same_way) + spread < m)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=40, help="studies per scenario")
    parser.add_argument("--first-seed", type=int, default=2000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, pretrend in SCENARIOS.items():
            for seed in range(args.first_seed, args.first_seed + args.studies):
                rows.append({"scenario": name, "seed": seed, **one_study(seed, pretrend)})
    d = pd.DataFrame(rows)
    print(
        d.groupby("scenario", sort=False)[["est", "lead1", "lead2", "se1", "se2"]].mean().round(3).to_string()
    )
    table = []
    for sided, margin, c, alpha in [
        ("two-sided", "near", 0.5, 0.05),  # the brief's rule
        ("one-sided", "near", 0.5, 0.05),
        ("one-sided", "near", 0.5, 0.10),
        ("one-sided", "near", 1.0, 0.05),
        ("one-sided", "est", 0.5, 0.05),
    ]:
        share = (
            d.assign(ok=reassures(d, sided, margin, c, alpha)).groupby("scenario", sort=False)["ok"].mean()
        )
        table.append({"rule": sided, "margin": f"{c} x {margin}", "alpha": alpha, **(100 * share).round(1)})
    frame = pd.DataFrame(table).astype(str)
    print("| " + " | ".join(frame.columns) + " |\n|" + " --- |" * frame.shape[1])
    print("\n".join("| " + " | ".join(row) + " |" for row in frame.to_numpy()))
    print(f"{len(d)} studies in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
