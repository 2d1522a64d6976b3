"""Benchmark: HonestDiD robust intervals (``relative_magnitude_bounds``, ``smoothness_bounds``), time and equality.

Timing (default): the example of ``docs/impact.md`` -- the bundled study's annual district panel, ``att_gt`` with
the universal base period (8 pre-period and 10 post-period coefficients), ``relative_magnitude_bounds(fit,
mbar=(0, 0.5, 1))`` (method ``"C-LF"``, 1,000 grid points) -- and the calls of ``notebooks/05_robustness.ipynb``
(event times -5..5). The bounds only are timed (the fit is excluded), one BLAS thread as the functions set.

Equality (``--dump FILE``): the intervals, identified sets and breakdown values of a set of cases (the study's
event study and synthetic ones; targets, ``Mbar`` / ``M`` values, ``"C-LF"`` and ``"conditional"``; cases with
more than 20,000 candidate bases of the dual program, where the solver is used, and smaller ones, where the dual
vertices are enumerated) written with every digit. Run it once with an older ``src`` on ``PYTHONPATH`` and once
with the current one, then ``--compare OLD NEW`` reports the largest difference of each case.

Usage::

    python benchmarks/bench_honest.py                        # timings
    python benchmarks/bench_honest.py --dump new.json        # the equality cases (slow with the old code)
    python benchmarks/bench_honest.py --compare old.json new.json
"""

from __future__ import annotations

import argparse
import json
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def study_inputs(**window: float) -> dict[str, Any]:
    """``betahat, sigma, num_pre, num_post`` of the documented example (the study's annual panel, ``att_gt``)."""
    from trends.impact import att_gt, event_study_inputs
    from trends.study import load_study

    annual = load_study().adoption_panel("district", annual=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = att_gt(
            annual, yname="log_rate", tname="year", idname="district", gname="cohort_year", cluster="district",
            base_period="universal",
        )  # fmt: skip
    b, V, npre, npost, _ = event_study_inputs(fit, **window)
    return dict(betahat=b, sigma=V, num_pre=npre, num_post=npost)


def synthetic(npre: int, npost: int, seed: int) -> dict[str, Any]:
    """A small pre-trend and an effect of 0.3 (about 10 standard errors): the breakdown value is positive."""
    rng = np.random.default_rng(seed)
    T = npre + npost
    L = rng.normal(size=(T, T))
    corr = L @ L.T + T * np.eye(T)
    d = np.sqrt(np.diag(corr))
    se = rng.uniform(0.02, 0.04, T)
    V = corr / np.outer(d, d) * np.outer(se, se)
    pre = 0.01 * np.arange(-npre, 0) + rng.normal(0, 0.01, npre)
    post = 0.3 + 0.01 * np.arange(npost) + rng.normal(0, 0.01, npost)
    return dict(betahat=np.r_[pre, post], sigma=V, num_pre=npre, num_post=npost)


def bcdata() -> dict[str, Any]:
    """R HonestDiD's ``BCdata_EventStudy`` (4 pre, 4 post): the dual vertices are enumerated."""
    bc = json.loads((ROOT / "tests" / "impact" / "results" / "honestdid_bcdata.json").read_text())
    return dict(betahat=np.array(bc["betahat"]), sigma=np.array(bc["sigma"]), num_pre=4, num_post=4)


def cases() -> list[tuple[str, Callable[[], Any]]]:
    from trends.impact import relative_magnitude_bounds as rm
    from trends.impact import smoothness_bounds as sd

    ex, win = study_inputs(), study_inputs(min_e=-5, max_e=5)
    s1, s2 = synthetic(3, 9, 1), synthetic(2, 12, 2)
    bc = bcdata()
    return [
        ("study average C-LF (docs example)", lambda: rm(**ex, mbar=(0, 0.5, 1))),
        ("study e=0 C-LF", lambda: rm(**ex, mbar=(0, 0.25, 0.5), target=0)),
        ("study average conditional", lambda: rm(**ex, mbar=(0, 0.5, 1), method="conditional")),
        ("study e=3 conditional", lambda: rm(**ex, mbar=(0, 1), target=3, method="conditional")),
        ("study smoothness C-LF", lambda: sd(**ex, m=(0, 0.02, 0.05), method="C-LF")),
        ("study smoothness conditional e=1", lambda: sd(**ex, m=(0, 0.02), target=1, method="conditional")),
        ("study -5..5 C-LF (notebook)", lambda: rm(**win)),
        ("synthetic 3/9 average C-LF", lambda: rm(**s1, mbar=(0, 1, 2))),
        ("synthetic 3/9 e=2 conditional", lambda: rm(**s1, mbar=(0, 0.5, 1), target=2, method="conditional")),
        (
            "synthetic 3/9 weights C-LF alpha 0.1",
            lambda: rm(**s1, mbar=(0.5,), target=np.linspace(1, 2, 9) / 13.5, alpha=0.1),
        ),
        (
            "synthetic 2/12 average conditional",
            lambda: rm(**s2, mbar=(0, 1), method="conditional", grid_points=300),
        ),
        ("synthetic 2/12 e=0 C-LF", lambda: rm(**s2, mbar=(0.5, 1), target=0, grid_points=300)),
        ("BCdata e=0 C-LF", lambda: rm(**bc, mbar=(0, 1, 2), target=0)),
        ("BCdata average conditional", lambda: rm(**bc, mbar=(0, 1, 2), method="conditional")),
    ]


def dump(path: Path) -> None:
    out = {}
    for name, run in cases():
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = run()
        secs = time.perf_counter() - t0
        tab = r.table
        out[name] = dict(
            seconds=secs,
            breakdown=repr(r.breakdown),
            **{c: [repr(float(v)) for v in tab[c]] for c in tab.columns if c not in ("excludes_zero",)},
        )
        print(f"{name}: {secs:.1f} s, breakdown {r.breakdown:.6g}", flush=True)
    path.write_text(json.dumps(out, indent=1))


def compare(old_path: Path, new_path: Path) -> None:
    old, new = json.loads(old_path.read_text()), json.loads(new_path.read_text())
    print("| case | before (s) | after (s) | largest difference (intervals, breakdown) |")
    print("| --- | ---: | ---: | --- |")
    for name, a in old.items():
        b = new[name]
        diffs = []
        for key in ("lb", "ub", "conf_low", "conf_high", "breakdown"):
            x = np.array([float(v) for v in np.atleast_1d(a[key])])
            y = np.array([float(v) for v in np.atleast_1d(b[key])])
            same = (x == y) | (np.isnan(x) & np.isnan(y))
            diffs.append(0.0 if same.all() else float(np.nanmax(np.abs(x - y))))
        worst = max(diffs)
        text = "identical (bitwise)" if worst == 0 else f"{worst:.3g}"
        print(f"| {name} | {a['seconds']:.1f} | {b['seconds']:.1f} | {text} |")


def timing() -> None:
    from trends.impact import relative_magnitude_bounds, smoothness_bounds

    ex, win = study_inputs(), study_inputs(min_e=-5, max_e=5)
    runs = [
        ("relative_magnitude_bounds(fit, mbar=(0, 0.5, 1))  # docs/impact.md", lambda: relative_magnitude_bounds(
            **ex, mbar=(0, 0.5, 1))),
        ("smoothness_bounds(fit)", lambda: smoothness_bounds(**ex)),
        ("relative_magnitude_bounds(fit, min_e=-5, max_e=5)  # notebook 05", lambda: relative_magnitude_bounds(
            **win)),
        ("smoothness_bounds(fit, min_e=-5, max_e=5)  # notebook 05", lambda: smoothness_bounds(**win)),
    ]  # fmt: skip
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for name, run in runs:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run()
        print(f"{time.perf_counter() - t0:6.2f} s  {name}", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, help="write the equality cases' results to this JSON file")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
    elif args.dump:
        dump(args.dump)
    else:
        timing()


if __name__ == "__main__":
    main()
