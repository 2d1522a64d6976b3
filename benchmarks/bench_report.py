"""Benchmark: `trends report` on the bundled Hanoi study, end to end (wall time and peak memory).

Runs the console script in a child process, as a user would, into a temporary folder, and reports the wall
time and the child's peak resident memory. Target: under 60 s on the project's 2-core machine.

Run:  python benchmarks/bench_report.py [--repeat 2]
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    trends = Path(sys.executable).with_name("trends")
    print("| run | wall time (s) | peak RSS of the run (MiB) | files written |")
    print("| ---: | ---: | ---: | ---: |")
    for run in range(1, args.repeat + 1):
        out = Path(tempfile.mkdtemp())
        t0 = time.perf_counter()
        subprocess.run([str(trends), "report", "--out", str(out), "--quiet"], check=True)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        files = sum(1 for p in out.rglob("*") if p.is_file())
        shutil.rmtree(out)
        print(f"| {run} | {wall:.1f} | {peak:.0f} | {files} |")


if __name__ == "__main__":
    main()
