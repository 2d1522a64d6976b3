"""Peer reference numbers for ``tests/test_ppml.py`` and ``tests/test_honest.py``.

Run in the SEPARATE peers environment (never needed by the test suite)::

    /tmp/venv_peers/bin/python tests/impact/results/make_ppml_honest_reference.py

Peers: pyfixest 0.60.0 (``fepois``), diff-diff 3.13.0 (``CallawaySantAnna`` + ``HonestDiD``), causaldata 0.1.5.
Writes ``castle_pyfixest_fepois.csv`` and ``mpdta_diffdiff_honest.json`` beside this script.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MPDTA = HERE.parents[2] / "src" / "trends" / "datasets" / "data" / "mpdta.csv"

warnings.filterwarnings("ignore")


def load_castle() -> pd.DataFrame:
    import causaldata

    d = causaldata.castle.load_pandas().data.copy()
    first = d.loc[d["post"] == 1].groupby("sid")["year"].min()
    d["cohort"] = d["sid"].map(first).fillna(0).astype(int)
    return d


def fepois_reference() -> None:
    import pyfixest as pf

    c = load_castle()
    c["rel"] = np.where(c["cohort"] > 0, c["year"] - c["cohort"], -1000).astype(int)
    rows = []
    for spec, kw in {
        "post": {},
        "post_popwt": {"weights": "popwt"},
    }.items():
        fit = pf.fepois("homicide ~ post | sid + year", data=c, vcov={"CRV1": "sid"}, **kw)
        t = fit.tidy()
        for term, r in t.iterrows():
            rows.append(
                dict(
                    spec=spec,
                    term=str(term),
                    estimate=float(r["Estimate"]),
                    std_error=float(r["Std. Error"]),
                    p_value=float(r["Pr(>|t|)"]),
                    conf_low=float(r["2.5%"]),
                    conf_high=float(r["97.5%"]),
                )
            )
    # event study: dummies for event times -5..5 (relative to -1), never-treated as controls
    es = c.copy()
    names = []
    for e in range(-10, 6):
        if e == -1:
            continue
        nm = f"e_m{-e}" if e < 0 else f"e_{e}"
        es[nm] = (es["rel"] == e).astype(float)
        names.append(nm)
    fit = pf.fepois(f"homicide ~ {' + '.join(names)} | sid + year", data=es, vcov={"CRV1": "sid"})
    for term, r in fit.tidy().iterrows():
        e = -int(term[3:]) if term.startswith("e_m") else int(term[2:])
        rows.append(
            dict(
                spec="event_study",
                term=str(e),
                estimate=float(r["Estimate"]),
                std_error=float(r["Std. Error"]),
                p_value=float(r["Pr(>|t|)"]),
                conf_low=float(r["2.5%"]),
                conf_high=float(r["97.5%"]),
            )
        )
    pd.DataFrame(rows).to_csv(HERE / "castle_pyfixest_fepois.csv", index=False, float_format="%.12g")


def honest_reference() -> None:
    import diff_diff as dd
    from diff_diff.honest_did import HonestDiD, _extract_event_study_params

    m = pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})
    out = {}
    for base in ("universal",):
        cs = dd.CallawaySantAnna(control_group="never_treated", base_period=base).fit(
            m,
            outcome="lemp",
            unit="countyreal",
            time="year",
            first_treat="first_treat",
            aggregate="event_study",
        )
        beta, sigma, npre, npost, pre, post, _ = _extract_event_study_params(cs)
        rec = dict(
            betahat=[float(x) for x in beta],
            sigma=np.asarray(sigma).tolist(),
            num_pre=int(npre),
            num_post=int(npost),
            pre_periods=[int(x) for x in pre],
            post_periods=[int(x) for x in post],
            bounds=[],
        )
        for lvec_name, lvec in (("average", None), ("e0", np.eye(npost)[0])):
            for mbar in (0.0, 0.5, 1.0, 1.5, 2.0):
                h = HonestDiD(method="relative_magnitude", M=mbar, alpha=0.05, l_vec=lvec).fit(cs)
                rec["bounds"].append(
                    dict(l_vec=lvec_name, mbar=mbar, lb=h.lb, ub=h.ub, ci_lb=h.ci_lb, ci_ub=h.ci_ub)
                )
            rec[f"breakdown_{lvec_name}"] = HonestDiD(
                method="relative_magnitude", l_vec=lvec
            ).breakdown_value(cs, tol=1e-6)
        out[base] = rec
    (HERE / "mpdta_diffdiff_honest.json").write_text(json.dumps(out, indent=1))


def honest_smoothness_reference() -> None:
    """diff-diff 3.13.0 ``HonestDiD(method="smoothness")`` (optimal FLCI, Rambachan & Roth 2023 section 4.1) and
    ``method="relative_magnitude"`` on Callaway & Sant'Anna event studies (never treated, universal base) of
    mpdta and castle (cohorts from the first year of ``post``; 9 pre-periods) ->
    ``diffdiff_honest_smoothness.json`` with each event-study vector and covariance."""
    import diff_diff as dd
    from diff_diff.honest_did import HonestDiD, _extract_event_study_params

    castle = pd.read_csv(HERE.parents[2] / "src" / "trends" / "datasets" / "data" / "castle.csv.gz")
    data = {
        "mpdta": (pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"}), "lemp", "countyreal",
                  "first_treat"),
        "castle": (castle, "l_homicide", "sid", "effyear"),
    }  # fmt: skip
    out = {}
    for name, (d, y, unit, cohort) in data.items():
        cs = dd.CallawaySantAnna(control_group="never_treated", base_period="universal").fit(
            d, outcome=y, unit=unit, time="year", first_treat=cohort, aggregate="event_study"
        )
        beta, sigma, npre, npost, _pre, _post, _ = _extract_event_study_params(cs)
        rec = dict(
            betahat=[float(x) for x in beta],
            sigma=np.asarray(sigma).tolist(),
            num_pre=int(npre),
            num_post=int(npost),
            bounds=[],
        )
        for lvec_name, lvec in (("average", None), ("e0", np.eye(npost)[0])):
            for method, values in (
                ("smoothness", (0.0, 0.01, 0.02, 0.05)),
                ("relative_magnitude", (0.5, 1.0)),
            ):
                for m in values:
                    h = HonestDiD(method=method, M=m, alpha=0.05, l_vec=lvec).fit(cs)
                    rec["bounds"].append(
                        dict(
                            method=method,
                            l_vec=lvec_name,
                            m=m,
                            lb=h.lb,
                            ub=h.ub,
                            ci_lb=h.ci_lb,
                            ci_ub=h.ci_ub,
                        )
                    )
        out[name] = rec
    out["peer"] = "diff-diff 3.13.0"
    (HERE / "diffdiff_honest_smoothness.json").write_text(json.dumps(out, indent=1))


def synthdid_diffdiff_reference() -> None:
    """diff-diff 3.13.0 ``SyntheticDiD`` on Proposition 99 (California, 1989-2000 treated) and on a block design
    with three treated states (California, Nevada, Utah) -> ``prop99_diffdiff_sdid.json``: estimates and the
    unit and time weights (its placebo draws use another random stream, so standard errors are not compared)."""
    import diff_diff as dd

    p99 = pd.read_csv(HERE / "california_prop99.csv", sep=";")
    out: dict = {"peer": "diff-diff 3.13.0"}
    for name, treated in (("california", ["California"]), ("three_states", ["California", "Nevada", "Utah"])):
        d = p99.assign(
            treated=p99["State"].isin(treated).astype(int)
        )  # diff-diff: ever treated + post_periods
        r = dd.SyntheticDiD(variance_method="placebo", n_bootstrap=50, seed=0).fit(
            d, outcome="PacksPerCapita", treatment="treated", unit="State", time="Year",
            post_periods=list(range(1989, 2001)),
        )  # fmt: skip
        out[name] = dict(
            treated=treated,
            estimate=float(r.att),
            unit_weights={str(k): float(v) for k, v in r.unit_weights.items()},
            time_weights={str(k): float(v) for k, v in r.time_weights.items()},
        )
    (HERE / "prop99_diffdiff_sdid.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    fepois_reference()
    honest_reference()
    honest_smoothness_reference()
    synthdid_diffdiff_reference()
    print("written castle_pyfixest_fepois.csv, mpdta_diffdiff_honest.json")
