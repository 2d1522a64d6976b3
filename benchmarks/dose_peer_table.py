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
import warnings
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
    from trends.impact import dose_response

    for case, cg, g in T.TWO_PERIOD:
        r = T.trends_fit(case, [g], 0)
        upd(
            case,
            "ATT(d), 25 doses",
            r.curve["estimate"] - T.peer(case, cg, "continuous", "att_d", g, g)["estimate"].to_numpy(),
        )
        upd(case, "slope = ACRT", r.slope["estimate"].iloc[0] - T.est(case, cg, "continuous", "overall_acrt"))
        upd(
            case,
            "mean att_i = overall ATT",
            r.overall["estimate"].iloc[0] - T.est(case, cg, "continuous", "overall_att"),
        )
        rb = T.trends_fit(case, [g], 0, "bins")
        lev = T.peer(case, cg, "discrete", "att_d", g, g).sort_values("dose")["estimate"].to_numpy()
        upd(case, "bins = discrete ATT(tercile)", rb.slope["estimate"].to_numpy() - lev)
    for case in ("mpdta_staggered", "sim_staggered"):
        cells = T.post_cells(case)
        w = T.peer_weights(case, cells)
        fits = {(g, t): T.trends_fit(case, [g], t - g) for g, t in cells}
        for (g, t), r in fits.items():
            att = T.peer(case, "not_yet_treated", "continuous", "att_d", g, t)["estimate"].to_numpy()
            upd(case, "ATT(d), 25 doses per cell", r.curve["estimate"] - att)
            upd(
                case,
                "slope = ACRT per cell",
                r.slope["estimate"].iloc[0] - T.est(case, "not_yet_treated", "continuous", "acrt", g, t),
            )
            upd(
                case,
                "mean att_i = att_glob per cell",
                r.overall["estimate"].iloc[0]
                - T.est(case, "not_yet_treated", "continuous", "att_glob", g, t),
            )
            rb = T.trends_fit(case, [g], t - g, "bins")
            lev = (
                T.peer(case, "not_yet_treated", "discrete", "att_d", g, t)
                .sort_values("dose")["estimate"]
                .to_numpy()
            )
            upd(case, "bins = discrete ATT(tercile) per cell", rb.slope["estimate"].to_numpy() - lev)
        ov = sum(w[c] * fits[c].overall["estimate"].iloc[0] for c in cells)
        upd(
            case,
            "overall ATT (peer weights)",
            ov - T.est(case, "not_yet_treated", "continuous", "overall_att"),
        )
        acrt = sum(w[c] * T.line(fits[c])[1] for c in cells)
        upd(
            case,
            "overall ACRT (peer weights)",
            acrt - T.est(case, "not_yet_treated", "continuous", "overall_acrt"),
        )
        agg = T.peer(case, "not_yet_treated", "continuous", "att_d")
        curve = sum(w[c] * (T.line(fits[c])[0] + T.line(fits[c])[1] * agg["dose"].to_numpy()) for c in cells)
        upd(case, "aggregate ATT(d), 5 doses", curve - agg["estimate"].to_numpy())
    for g, t in T.post_cells("mpdta_staggered", "never_treated"):
        r = T.trends_fit("mpdta_staggered", [g], t - g, control_group="nevertreated")
        peer = T.peer("mpdta_staggered", "never_treated", "continuous", "att_d", g, t)["estimate"].to_numpy()
        upd(
            "mpdta_staggered, never_treated",
            "ATT(d), 7 cells (control_group='nevertreated')",
            r.curve["estimate"] - peer,
        )
    print("| case | quantity | max abs diff |\n| --- | --- | ---: |")
    for (case, what), v in out.items():
        print(f"| {case} | {what} | {v:.0e} |")
    print("largest:", f"{max(out.values()):.1e}")

    r = T.trends_fit("mpdta_staggered", [2004, 2006, 2007], 0)
    cells = [(g, g) for g in (2004, 2006, 2007)]
    w = T.peer_weights("mpdta_staggered", cells)
    avg = sum(w[c] * T.est("mpdta_staggered", "not_yet_treated", "continuous", "acrt", *c) for c in cells)
    print(
        f"pooled trends slope {r.slope['estimate'].iloc[0]:.5f}, peer's weighted average of cohort slopes {avg:.5f}"
    )

    for case, cg, g in T.TWO_PERIOD:
        d, cols = T.ref.case_data(case)
        u = d.drop_duplicates(cols["unit"]).set_index(cols["unit"])
        dose = u.loc[u[cols["first_treat"]] == g, cols["dose"]]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rb = dose_response(d, yname=cols["outcome"], tname=cols["time"], idname=cols["unit"],
                               gname=cols["first_treat"], dose=dose, pre=1, post=(0, 0), scale="level",
                               biters=999, seed=1)  # fmt: skip
        print(
            f"{case}: SE overall ATT bootstrap {rb.overall['std_error'].iloc[0]:.4f} vs peer analytic "
            f"{T.peer(case, cg, 'continuous', 'overall_att')['se'].iloc[0]:.4f}; SE slope "
            f"{rb.slope['std_error'].iloc[0]:.4f} vs {T.peer(case, cg, 'continuous', 'overall_acrt')['se'].iloc[0]:.4f}"
        )


if __name__ == "__main__":
    main()
