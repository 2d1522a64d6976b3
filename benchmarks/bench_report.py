"""Benchmark: `trends report` on the bundled Hanoi study, end to end (wall time and peak memory).

Runs the console script in a child process, as a user would, into a temporary folder, and reports the wall
time and the largest peak resident memory of one process (the report or a chart worker). Each run is made with
the charts drawn in worker processes (the default) and in the report's own process (``--workers 0``), side by
side. Target (issue 16): under 30 s on the project's 2-core machine.

Run:  python benchmarks/bench_report.py [--repeat 2] [--workers 2 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 0])
    args = parser.parse_args()
    trends = Path(sys.executable).with_name("trends")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| run | chart workers | wall time (s) | peak RSS of one process (MiB) | files written |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for run in range(1, args.repeat + 1):
        for workers in args.workers:
            out = Path(tempfile.mkdtemp())
            t0 = time.perf_counter()
            subprocess.run(
                [str(trends), "report", "--out", str(out), "--quiet", "--workers", str(workers)], check=True
            )
            wall = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # largest so far
            files = sum(1 for p in out.rglob("*") if p.is_file())
            shutil.rmtree(out)
            print(f"| {run} | {workers} | {wall:.1f} | {peak:.0f} | {files} |")


if __name__ == "__main__":
    main()
