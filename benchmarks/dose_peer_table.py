"""The table of `benchmarks/RESULTS.md`, "Dose response against diff-diff's ContinuousDiD (2026-12-07)".

Reads the committed peer results ``tests/impact/results/dose_diffdiff_continuous.csv`` (written by
``make_dose_reference.py`` with diff-diff 3.13.0 in the peers' environment), re-fits every case of
``tests/impact/test_dose_peer.py`` with ``trends.impact.dose_response`` and prints the largest absolute difference
per case and quantity, then the bootstrap-versus-analytic standard errors of the one-cell case (not asserted
to 1e-8: different methods).

Usage::

    PYTHONPATH=src python benchmarks/dose_peer_table.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "test_dose_peer", ROOT / "tests" / "impact" / "test_dose_peer.py"
)
assert spec is not None and spec.loader is not None
T = importlib.util.module_from_spec(spec)
spec.loader.exec_module(T)

out: dict[tuple[str, str], float] = {}


def upd(case: str, what: str, diff) -> None:
    out[case, what] = max(out.get((case, what), 0.0), float(np.max(np.abs(diff))))


def main() -> None:

    for case, cg, g in T.TWO_PERIOD:
        rb = T.trends_fit(case, [g], 0, biters=999, seed=1)
        print(
            f"{case}: SE overall ATT bootstrap {rb.overall['std_error'].iloc[0]:.4f} vs peer analytic "
            f"{T.peer(case, cg, 'continuous', 'overall_att')['se'].iloc[0]:.4f}; SE slope "
            f"{rb.slope['std_error'].iloc[0]:.4f} vs {T.peer(case, cg, 'continuous', 'overall_acrt')['se'].iloc[0]:.4f}"
        )


if __name__ == "__main__":
    main()
