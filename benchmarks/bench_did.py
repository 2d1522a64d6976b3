"""Benchmark: Callaway & Sant'Anna with 999 multiplier-bootstrap draws, ours vs peers, one run.

Data sets: (a) ``mpdta`` (500 counties x 5 years, 3 cohorts); (b) 3,000 units x 30 periods, 5 cohorts;
(c) 10,000 units x 120 months, 60 cohorts. Every (tool, data set) pair runs in a fresh subprocess with
one BLAS thread (threadpoolctl); the table reports the wall time of ``att_gt`` + a ``dynamic``
aggregation (bootstrap included, data generation excluded) and the child's peak resident memory.
Peers (csdid, diff-diff, differences) are timed only when importable in the running interpreter.

Usage::

    python benchmarks/bench_did.py                 # all data sets, all tools found
    python benchmarks/bench_did.py --timeout 300   # per-run time limit in seconds (default 180)

To include the peers, run it with an interpreter that has them and sees ``trends`` (e.g.
``PYTHONPATH=src /tmp/venv_peers/bin/python benchmarks/bench_did.py``). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SIZES = {
    "a": ("mpdta (500 x 5, 3 cohorts)", None),
    "b": ("3,000 units x 30 periods, 5 cohorts", (3_000, 30, 5)),
    "c": ("10,000 units x 120 months, 60 cohorts", (10_000, 120, 60)),
    # scaling in units (run with --sizes cde --tools trends)
    "d": ("5,000 units x 120 months, 60 cohorts", (5_000, 120, 60)),
    "e": ("20,000 units x 120 months, 60 cohorts", (20_000, 120, 60)),
}
BITERS = 999
PRELOAD = {
    "trends": ["trends.impact"],
    "csdid": ["csdid.att_gt"],
    "diff-diff": ["diff_diff"],
    "differences": ["differences"],
}


def make_panel(n_units: int, n_periods: int, n_cohorts: int, seed: int = 1) -> pd.DataFrame:
    """Balanced panel with unit and period effects, staggered adoption and dynamic effects.

    One sixth of units is never treated; the rest are spread evenly over ``n_cohorts`` adoption periods
    between period 3 and ``n_periods - 2``; the effect grows by 0.05 per period since adoption.
    """
    rng = np.random.default_rng(seed)
    cohorts = np.linspace(3, n_periods - 2, n_cohorts).round().astype(int)
    g = np.where(rng.random(n_units) < 1 / 6, 0, rng.choice(cohorts, n_units))
    unit = np.repeat(np.arange(n_units), n_periods)
    t = np.tile(np.arange(1, n_periods + 1), n_units)
    gg = np.repeat(g, n_periods)
    e = t - gg
    effect = np.where((gg > 0) & (e >= 0), -0.05 * (1 + e), 0.0)
    y = (
        np.repeat(rng.normal(size=n_units), n_periods)
        + np.tile(0.02 * np.arange(n_periods), n_units)
        + effect
        + rng.normal(scale=0.5, size=n_units * n_periods)
    )
    return pd.DataFrame({"id": unit, "t": t, "g": gg, "y": y})


def load(size: str) -> pd.DataFrame:
    if size == "a":
        d = pd.read_csv(ROOT / "src" / "trends" / "datasets" / "data" / "mpdta.csv")
        return d.rename(columns={"countyreal": "id", "year": "t", "first.treat": "g", "lemp": "y"})
    return make_panel(*SIZES[size][1])


def run_tool(tool: str, d: pd.DataFrame) -> None:
    if tool == "trends":
        from trends.impact import att_gt

        r = att_gt(
            d, yname="y", tname="t", idname="id", gname="g", bstrap=True, biters=BITERS, cband=True, seed=1
        )
        r.aggregate("dynamic")
    elif tool == "csdid":
        from csdid.att_gt import ATTgt

        out = ATTgt(yname="y", tname="t", idname="id", gname="g", data=d, biters=BITERS).fit(
            est_method="dr", bstrap=True
        )
        out.aggte(typec="dynamic")
    elif tool == "diff-diff":
        import diff_diff as dd

        dd.CallawaySantAnna(n_bootstrap=BITERS, seed=1).fit(
            d, outcome="y", unit="id", time="t", first_treat="g", aggregate="event_study"
        )
    elif tool == "differences":
        from differences import ATTgt

        d2 = d.assign(g=d["g"].where(d["g"] > 0)).set_index(["id", "t"])
        att = ATTgt(data=d2, cohort_column="g")
        att.fit(formula="y", boot_iterations=BITERS, random_state=1, progress_bar=False)
        att.aggregate("event")
    else:
        raise ValueError(tool)


def worker(tool: str, size: str) -> None:
    from threadpoolctl import threadpool_limits

    warnings.simplefilter("ignore")
    d = load(size)
    # imports are not timed
    for mod in PRELOAD[tool]:
        importlib.import_module(mod)
    with threadpool_limits(1):
        t0 = time.perf_counter()
        run_tool(tool, d)
        secs = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": secs, "peak_mb": peak_kb / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--worker", nargs=2, metavar=("TOOL", "SIZE"))
    ap.add_argument("--timeout", type=float, default=180.0)
    ap.add_argument("--sizes", default="abc", help="data sets to run (a, b, c; d and e for scaling)")
    ap.add_argument(
        "--tools", default=None, help="comma-separated subset of trends,csdid,diff-diff,differences"
    )
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    modules = {"trends": "trends", "csdid": "csdid", "diff-diff": "diff_diff", "differences": "differences"}
    tools = [t for t, m in modules.items() if importlib.util.find_spec(m) is not None]
    if args.tools:
        tools = [t for t in tools if t in args.tools.split(",")]
    print(
        f"Python {platform.python_version()}, {platform.machine()}, 1 BLAS thread, {BITERS} bootstrap draws"
    )
    print()
    print("| data | tool | seconds | peak memory (MB) |")
    print("| --- | --- | ---: | ---: |")
    for size in args.sizes:
        for tool in tools:
            cmd = [sys.executable, __file__, "--worker", tool, size]
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
                if p.returncode != 0:
                    last = (p.stderr.strip().splitlines() or ["?"])[-1][:80]
                    row = f"error: {last}", ""
                else:
                    res = json.loads(p.stdout.strip().splitlines()[-1])
                    row = f"{res['seconds']:.2f}", f"{res['peak_mb']:.0f}"
            except subprocess.TimeoutExpired:
                row = f"> {args.timeout:.0f} (timed out)", ""
            print(f"| {SIZES[size][0]} | {tool} | {row[0]} | {row[1]} |", flush=True)


if __name__ == "__main__":
    main()
