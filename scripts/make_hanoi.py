"""Regenerate the bundled SIMULATED Hanoi study in ``src/trends/datasets/data/``.

Run from the repository root::

    python scripts/make_hanoi.py

It calls ``trends.simulate.simulate_hanoi(HANOI_SEED, end=HANOI_END, reported_by_unit=True)`` and writes
``hanoi_crimes.csv.gz`` (the counts as reported: old districts until 2025-06, Hanoi's 126 new communes and wards
from 2025-07), ``hanoi_rollout.csv`` and ``hanoi_truth.csv.gz`` (by district). The output is byte-for-byte deterministic (gzip header with ``mtime=0`` and no file
name), so re-running it on an unchanged simulator leaves git with nothing to commit.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pandas as pd

from trends.simulate import HANOI_END, HANOI_SEED, simulate_hanoi

DATA = Path(__file__).resolve().parents[1] / "src" / "trends" / "datasets" / "data"
#: Significant digits kept for ``mu0`` / ``mu1`` in the truth file.
TRUTH_FORMAT = "%.6g"


def _csv_text(frame: pd.DataFrame, float_format: str | None = None) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", date_format="%Y-%m-%d", float_format=float_format)
    return buf.getvalue().encode("utf-8")


def write_gzip(path: Path, data: bytes) -> None:
    """Write ``data`` gzip-compressed with a fixed header (no file name, mtime 0)."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(data)


def main(out: Path = DATA) -> None:
    study = simulate_hanoi(HANOI_SEED, end=HANOI_END, reported_by_unit=True)
    assert study.reported is not None
    out.mkdir(parents=True, exist_ok=True)
    write_gzip(out / "hanoi_crimes.csv.gz", _csv_text(study.reported))
    (out / "hanoi_rollout.csv").write_bytes(_csv_text(study.rollout))
    # kind comes back from the districts table; the bundled study has no spill-over, so no cell is exposed
    assert not study.truth["exposed"].any()
    truth = study.truth.drop(columns=["kind", "exposed"])
    write_gzip(out / "hanoi_truth.csv.gz", _csv_text(truth, float_format=TRUTH_FORMAT))
    for name in ("hanoi_crimes.csv.gz", "hanoi_rollout.csv", "hanoi_truth.csv.gz"):
        print(f"{out / name}: {(out / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
