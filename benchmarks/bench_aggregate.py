"""Benchmark: aggregate 10 million incident rows (date, district, offence) into a monthly panel.

Each method runs in a fresh process on the same seeded data, so peak memory (``ru_maxrss``) is the method's
own; the time is the best of ``--repeat`` runs of the aggregation alone (data generation excluded).
Compared side by side in one run: ``trends.panel.aggregate_incidents`` (complete grid, zeros included),
a plain ``pandas.groupby`` (non-zero cells only) and DuckDB's ``GROUP BY`` on the same DataFrame.

Run:  python benchmarks/bench_aggregate.py [--rows 10000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

OFFENCES = [
    "theft",
    "snatching_robbery",
    "burglary",
    "assault_injury",
    "fraud",
    "drugs",
    "extortion",
    "other",
]


def make_incidents(rows: int, seed: int = 1) -> pd.DataFrame:
    from trends.datasets import load_hanoi_districts

    rng = np.random.default_rng(seed)
    districts = load_hanoi_districts()["district"].to_numpy()
    start = np.datetime64("2015-01-01T00:00", "m").astype(np.int64)
    end = np.datetime64("2025-06-30T23:59", "m").astype(np.int64)
    minutes = rng.integers(start, end, size=rows)
    return pd.DataFrame(
        {
            "date": minutes.astype("datetime64[m]").astype("datetime64[ns]"),
            "district": districts[rng.integers(0, len(districts), size=rows)].astype(object),
            "offence": np.asarray(OFFENCES, dtype=object)[rng.integers(0, len(OFFENCES), size=rows)],
        }
    )


def run_trends(df: pd.DataFrame) -> int:
    from trends.panel import aggregate_incidents

    return int(aggregate_incidents(df, "month")["count"].sum())


def run_pandas(df: pd.DataFrame) -> int:
    month = df["date"].dt.to_period("M").dt.start_time
    return int(df.groupby([df["district"], month, df["offence"]]).size().sum())


def run_duckdb(df: pd.DataFrame) -> int:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    out = con.execute(
        "SELECT district, date_trunc('month', date) AS period, offence, count(*) AS n FROM df GROUP BY ALL"
    ).df()
    return int(out["n"].sum())


METHODS = {
    "trends.aggregate_incidents": run_trends,
    "pandas.groupby": run_pandas,
    "duckdb GROUP BY": run_duckdb,
}


def child(method: str, rows: int, repeat: int) -> None:
    df = make_incidents(rows)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, total = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        total = METHODS[method](df)
        times.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"best_s": min(times), "peak_mib": peak / 1024, "data_mib": before / 1024, "total": total})
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, args.repeat)
        return
    import duckdb

    print(
        f"Aggregate {args.rows:,} incidents -> monthly district x offence panel; "
        f"{platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, duckdb {duckdb.__version__}"
    )
    print()
    print("| method | best time (s) | peak RSS (MiB) | RSS after making the data (MiB) | rows counted |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for method in METHODS:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                method,
                "--rows",
                str(args.rows),
                "--repeat",
                str(args.repeat),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        assert r["total"] == args.rows, f"{method} lost rows: {r['total']} != {args.rows}"
        print(
            f"| {method} | {r['best_s']:.2f} | {r['peak_mib']:.0f} | {r['data_mib']:.0f} | {r['total']:,} |"
        )


if __name__ == "__main__":
    main()
