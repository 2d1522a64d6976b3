"""Benchmark: read and aggregate an incident list of millions of rows, CSV and Parquet, against the peers.

The file is shaped like a police export: 8 columns, of which 4 are personal (name, age, address, identity
number) and one a case number; dates as ``dd/mm/yyyy`` over ten years (3,652 distinct), 30 Hanoi district
names with diacritics, 8 offences. Every method reads the file and counts incidents by district, month and
offence, in a fresh process (so peak memory, ``ru_maxrss``, is its own):

- ``trends``: :func:`trends.io.read_incidents` (every validation of the data contract: dates, districts resolved
  to ids, invisible characters, personal columns never materialised) then
  :func:`trends.panel.aggregate_incidents` (the complete grid, zeros included);
- ``pandas``: ``read_csv(engine="pyarrow", usecols=...)`` / ``read_parquet(columns=...)``, ``to_datetime``,
  ``groupby(...).size()``;
- ``polars``: lazy scan, ``str.to_date``, ``group_by().len()``;
- ``duckdb``: one SQL ``GROUP BY`` over the file.

The peers validate nothing beyond parsing the date. Each method runs ``--repeat`` times (default 3, one run when
it takes over 20 s) in fresh processes and the fastest run is shown, as ``timeit`` does: on a 2-core machine a
single run of the sub-second methods varies by 20-30 %. Run on a quiet machine:

    python benchmarks/bench_read.py --rows 2000000 [--rows 10000000] [--dir /tmp/bench_read]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

OFFENCES = ["Trộm cắp tài sản", "Cướp giật tài sản", "Lừa đảo chiếm đoạt tài sản", "Cố ý gây thương tích"]
OFFENCES += ["Huỷ hoại tài sản", "Mua bán trái phép chất ma tuý", "Cưỡng đoạt tài sản", "Khác"]
COLUMNS = ["Số hồ sơ", "Ngày xảy ra", "Quận/Huyện", "Tội danh", "Họ tên", "Tuổi", "Địa chỉ", "CCCD"]
METHODS = ("trends", "pandas", "polars", "duckdb")


def make_files(rows: int, folder: Path, seed: int = 1) -> tuple[Path, Path]:
    """Write the incident list as CSV and Parquet (once per size; reused when present)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from trends.datasets import load_hanoi_districts

    folder.mkdir(parents=True, exist_ok=True)
    csv_path, pq_path = folder / f"incidents_{rows}.csv", folder / f"incidents_{rows}.parquet"
    if csv_path.exists() and pq_path.exists():
        return csv_path, pq_path
    rng = np.random.default_rng(seed)
    names = load_hanoi_districts()["name_vi"].to_numpy(dtype=object)
    days = np.datetime64("2015-01-01") + np.arange(3652)
    day_text = np.array([f"{d.day:02d}/{d.month:02d}/{d.year}" for d in days.astype(object)], dtype=object)
    given = np.array(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"], dtype=object)
    table = pa.table(
        {
            COLUMNS[0]: pa.array(np.char.add("HS", np.arange(rows).astype(str))),
            COLUMNS[1]: pa.array(day_text[rng.integers(0, len(days), rows)]),
            COLUMNS[2]: pa.array(names[rng.integers(0, len(names), rows)]),
            COLUMNS[3]: pa.array(np.array(OFFENCES, dtype=object)[rng.integers(0, len(OFFENCES), rows)]),
            COLUMNS[4]: pa.array(given[rng.integers(0, len(given), rows)]),
            COLUMNS[5]: pa.array(rng.integers(14, 90, rows).astype(str)),
            COLUMNS[6]: pa.array(np.char.add("Số ", rng.integers(1, 500, rows).astype(str)).astype(object)),
            COLUMNS[7]: pa.array(rng.integers(10**11, 10**12, rows).astype(str)),
        }
    )
    pacsv.write_csv(table, csv_path, pacsv.WriteOptions(quoting_style="needed"))
    pq.write_table(table, pq_path)
    return csv_path, pq_path


def run_trends(path: str) -> int:
    import warnings

    from trends.io import read_incidents
    from trends.panel import aggregate_incidents

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the warning listing the personal columns left unread
        incidents = read_incidents(path)
    return int(aggregate_incidents(incidents, "month")["count"].sum())


def run_pandas(path: str) -> int:
    import pandas as pd

    cols = COLUMNS[1:4]
    if path.endswith(".csv"):
        df = pd.read_csv(path, engine="pyarrow", usecols=cols)
    else:
        df = pd.read_parquet(path, columns=cols)
    month = pd.to_datetime(df[cols[0]], format="%d/%m/%Y").to_numpy().astype("datetime64[M]")
    return int(df.groupby([df[cols[1]], month, df[cols[2]]]).size().sum())


def run_polars(path: str) -> int:
    import polars as pl

    scan = pl.scan_csv(path) if path.endswith(".csv") else pl.scan_parquet(path)
    date, district, offence = COLUMNS[1:4]
    out = (
        scan.select(
            pl.col(date).str.to_date("%d/%m/%Y").dt.truncate("1mo").alias("month"),
            pl.col(district),
            pl.col(offence),
        )
        .group_by(["month", district, offence])
        .len()
        .collect()
    )
    return int(out["len"].sum())


def run_duckdb(path: str) -> int:
    import duckdb

    types = f"types={{'{COLUMNS[1]}': 'VARCHAR'}}"
    source = (
        f"read_csv('{path}', header=true, {types})" if path.endswith(".csv") else f"read_parquet('{path}')"
    )
    date, district, offence = (f'"{c}"' for c in COLUMNS[1:4])
    query = (
        f"SELECT sum(n) FROM (SELECT date_trunc('month', strptime({date}, '%d/%m/%Y')) AS m, {district}, "
        f"{offence}, count(*) AS n FROM {source} GROUP BY ALL)"
    )
    return int(duckdb.sql(query).fetchall()[0][0])


IMPORTS = {
    "trends": ("pandas", "pyarrow", "trends.io", "trends.panel"),
    "pandas": ("pandas", "pyarrow"),
    "polars": ("polars",),
    "duckdb": ("duckdb",),
}


def child(method: str, path: str) -> None:
    import importlib

    for module in IMPORTS[method]:  # imports are not part of the time
        importlib.import_module(module)
    t0 = time.perf_counter()
    total = globals()[f"run_{method}"](path)
    wall = time.perf_counter() - t0
    # VmHWM is the peak resident set of this process since exec (ru_maxrss would include the parent's).
    status = Path("/proc/self/status").read_text()
    peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024
    print(json.dumps({"wall": wall, "rss": peak, "total": total}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="incident rows (repeatable)")
    parser.add_argument("--dir", default="/tmp/bench_read", help="where the generated files go")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per method and file, each in a fresh process; the fastest is shown",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    import pandas as pd

    versions = [f"Python {platform.python_version()}", f"pandas {pd.__version__}"]
    for mod in ("pyarrow", "polars", "duckdb"):
        try:
            versions.append(f"{mod} {__import__(mod).__version__}")
        except ImportError:
            pass
    print("; ".join(versions))
    print("| rows | format | method | wall (s) | peak RSS (MiB) | incidents counted |")
    print("| ---: | --- | --- | ---: | ---: | ---: |")
    for rows in args.rows or [2_000_000]:
        csv_path, pq_path = make_files(rows, Path(args.dir))
        for path in (csv_path, pq_path):
            for method in args.methods.split(","):
                runs = []
                for _ in range(args.repeat):
                    done = subprocess.run(
                        [sys.executable, __file__, "--child", method, str(path)],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    if done.returncode != 0:
                        break
                    runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
                    if runs[-1]["wall"] > 20:  # a slow method's noise is small against its time: one run
                        break
                if not runs:
                    print(
                        f"| {rows:,} | {path.suffix[1:]} | {method} | failed: {done.stderr.strip()[-200:]} | | |"
                    )
                    continue
                got = min(runs, key=lambda r: r["wall"])
                print(
                    f"| {rows:,} | {path.suffix[1:]} | {method} | {got['wall']:.2f} | {got['rss']:,.0f} | "
                    f"{got['total']:,} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
