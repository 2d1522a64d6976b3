"""The table of `benchmarks/RESULTS.md`, "Options and data shapes against independent implementations (est9)".

Reads the committed peer results in ``tests/impact/results/`` (written by ``make_reference.py`` and
``make_ppml_honest_reference.py`` in the peers' environment) and the option lists and data shapes of
``tests/impact/test_peer_options.py``, re-fits each case with ``trends`` and prints, per case, the largest absolute
difference of the point estimates and of the standard errors (every cell, event time and aggregation compared;
the departures the tests document are left out and named in the note column).

Usage::

    PYTHONPATH=src python benchmarks/peer_options_table.py
"""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "tests" / "impact" / "results"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


T = _load("test_peer_options", ROOT / "tests" / "impact" / "test_peer_options.py")
rows: list[dict] = []


def add(estimator, option, data, peer, de, ds, note=""):
    rows.append(dict(estimator=estimator, option=option, data=data, peer=peer, est=de, se=ds, note=note))


def mx(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    ok = np.isfinite(a) & np.isfinite(b)
    return float(np.max(np.abs(a[ok] - b[ok]))) if ok.any() else float("nan")


def main() -> None:
    warnings.simplefilter("ignore")
    # att_gt vs csdid
    gt = pd.read_csv(RESULTS / "csdid_options_attgt.csv")
    ag = pd.read_csv(RESULTS / "csdid_options_aggte.csv", dtype={"label": str})
    for spec, (data, y, unit, cohort, kw) in T.CS_SPECS.items():
        r = T.att_gt(T.shape(data), yname=y, tname="year", idname=unit, gname=cohort, **kw)
        m = r.table.merge(gt[gt["spec"] == spec], on=["group", "time"])
        keep = ~np.array(
            [(g, t) in T.CS_PEER_ONLY.get(spec, set()) for g, t in zip(m["group"], m["time"], strict=True)]
        )
        m = m[keep]
        de, ds = mx(m["estimate"], m["att"]), mx(m["std_error"], m["se"].fillna(0.0))
        for label, typ, akw in T.AGGS:
            ref = ag[(ag["spec"] == spec) & (ag["type"] == label)]
            if (ref["label"] == "error").any():
                continue
            a = r.aggregate(typ, **akw)
            comp = ref[ref["label"] != "overall"]
            ov = ref[ref["label"] == "overall"].iloc[0]
            de, ds = max(de, abs(a.estimate - ov["att"])), max(ds, abs(a.std_error - ov["se"]))
            if len(comp):
                ok = comp["label"].to_numpy() != (
                    "-2" if spec in T.CS_PEER_ONLY and typ == "dynamic" else "x"
                )
                de = max(de, mx(a.table["estimate"][ok], comp["att"][ok]))
                ds = max(ds, mx(a.table["std_error"][ok], comp["se"].fillna(0.0)[ok]))
        note = "ATT(2010,2008): peer's unconverged logit, ours NaN" if spec in T.CS_PEER_ONLY else ""
        opts = ", ".join(f"{k}={v}" for k, v in kw.items()) or "defaults"
        add("att_gt + 9 aggregations", opts, data, "csdid 0.4.3", de, ds, note)
    # clustered att_gt vs diff-diff
    ref = pd.read_csv(RESULTS / "diffdiff_cs_cluster.csv")
    for spec, data, y, unit, cohort, cl in (
        ("mpdta_state", "mpdta", "lemp", "countyreal", "first_treat", "state"),
        ("castle_region", "castle", "l_homicide", "sid", "effyear", "region"),
    ):
        r = T.att_gt(T.shape(data), yname=y, tname="year", idname=unit, gname=cohort, cluster=cl)
        rr = ref[ref["spec"] == spec]
        g = rr["n_clusters"].iloc[0]
        tab = r.table.assign(term=r.table["group"].astype(str) + "/" + r.table["time"].astype(str))
        m = rr.merge(tab, on="term", suffixes=("_p", ""))
        de, ds = (
            mx(m["estimate"], m["estimate_p"]),
            mx(m["std_error"] * np.sqrt(g / (g - 1)), m["std_error_p"]),
        )
        add(
            "att_gt",
            f"cluster={cl} ({g} clusters)",
            data,
            "diff-diff 3.13.0",
            de,
            ds,
            "SE x sqrt(G/(G-1)), the peer's CR1",
        )
    # anticipation 2 with covariates vs diff-diff
    ref = pd.read_csv(RESULTS / "diffdiff_cs_anticipation2.csv")
    for spec, kw in T.ANTIC2.items():
        r = T.att_gt(
            T.shape("castle"),
            yname="l_homicide",
            tname="year",
            idname="sid",
            gname="effyear",
            anticipation=2,
            **kw,
        )
        m = r.table.merge(ref[ref["spec"] == spec], on=["group", "time"])
        note = (
            "peer's DR: control term not normalised by the control weights (R DRDID's is)"
            if "dr" in spec
            else ""
        )
        opts = (
            ", ".join(f"{k}={v}" for k, v in kw.items())
            + ", anticipation=2"
            + (" (peer pscore_trim=1e-12)" if "noclip" in spec else "")
        )
        add(
            "att_gt",
            opts,
            "castle",
            "diff-diff 3.13.0",
            mx(m["estimate"], m["att"]),
            mx(m["std_error"], m["se"]),
            note,
        )
    # pyfixest twfe / ppml
    pf = pd.read_csv(RESULTS / "pyfixest_options.csv", dtype={"term": str})
    for spec, (est, data, o) in T.PF_SPECS.items():
        tab = T._pf_fit(est, data, o)
        m = pf[pf["spec"] == spec].merge(
            tab.assign(term=tab["term"].astype(str)), on="term", suffixes=("_p", "")
        )
        name = {"feols": "twfe_event_study" if "es" in o else "twfe", "fepois": "ppml"}[est]
        opts = ", ".join(f"{k}={v}" for k, v in o.items() if k != "y")
        add(
            name,
            opts,
            data,
            f"pyfixest 0.60.0 {est}",
            mx(m["estimate"], m["estimate_p"]),
            mx(m["std_error"], m["std_error_p"]),
        )
    # diff-diff event studies
    dd = pd.read_csv(RESULTS / "diffdiff_options_eventstudy.csv", dtype={"term": str})
    for spec, (est, data, _y, _cohort, kw) in T.DD_SPECS.items():
        ref = dd[dd["spec"] == spec]
        if spec == "guns_sa":
            add(
                est,
                "always-treated cohort",
                data,
                "diff-diff 3.13.0",
                float("nan"),
                float("nan"),
                "peer keeps 4 always-treated states (rank-deficient, e=4 dropped); ours drops them = peer without them (next row)",
            )
            continue
        r = T._dd_fit(spec)
        tab = pd.concat(
            [
                r.table.assign(term=r.table["term"].astype(str)),
                pd.DataFrame({"term": ["overall"], "estimate": [r.estimate], "std_error": [r.std_error]}),
            ]
        )
        if spec in T.DD_OVERALL_DIFFERS:
            ref = ref[ref["term"] != "overall"]
        m = ref.merge(tab, on="term", suffixes=("_p", ""))
        m = m[
            (m["term"] == "overall")
            | (
                m["term"].str.lstrip("-").str.isdigit()
                & ((est != "imputation") | ~m["term"].str.startswith("-"))
            )
        ]
        note = (
            "overall left out: "
            + (
                "peer averages the anticipation horizon"
                if "antic" in spec
                else "peer's horizon_max limits the table only"
            )
            if spec in T.DD_OVERALL_DIFFERS
            else ""
        )
        add(
            est,
            ", ".join(f"{k}={v}" for k, v in kw.items()),
            data,
            "diff-diff 3.13.0",
            mx(m["estimate"], m["estimate_p"]),
            mx(m["std_error"], m["std_error_p"]),
            note,
        )
    # bacon
    b = pd.read_csv(RESULTS / "diffdiff_options_bacon.csv")
    for data, y, cohort in (("mpdta", "lemp", "first_treat"), ("guns", "l_violent", "adopt_year")):
        d = T.shape(data)
        d["D"] = ((d[cohort] > 0) & (d["year"] >= d[cohort])).astype(float)
        res = T.bacon_decomposition(
            d, yname=y, dname="D", idname="countyreal" if data == "mpdta" else "sid", tname="year"
        )
        t = res.table.assign(
            treated=res.table["treated"].astype(str),
            control=res.table["control"].astype(str).replace({"always": "never"}),
            we=res.table["weight"] * res.table["estimate"],
        )
        t = (
            t.groupby(["treated", "control"], as_index=False)[["weight", "we"]]
            .sum()
            .assign(estimate=lambda x: x["we"] / x["weight"])
        )
        ref = b.query("data == @data").assign(
            treated=lambda x: x["treated_group"].astype(str),
            control=lambda x: x["control_group"].replace({"never_treated": "never"}).astype(str),
        )
        m = t.merge(ref, on=["treated", "control"], suffixes=("", "_p"))
        add(
            "bacon_decomposition",
            "estimates and weights",
            data,
            "diff-diff 3.13.0",
            max(mx(m["estimate"], m["estimate_p"]), mx(m["weight"], m["weight_p"])),
            float("nan"),
            "always-treated pooled with never (peer's labels)" if data == "guns" else "",
        )
    # weighted Sun & Abraham
    ref = pd.read_csv(RESULTS / "pyfixest_sunab_weighted.csv", dtype={"term": str})
    r = T.sun_abraham(
        T.shape("castle"),
        yname="l_homicide",
        tname="year",
        idname="sid",
        gname="effyear",
        weightsname="popwt",
    )
    tab = pd.concat(
        [
            r.table.assign(term=r.table["event_time"].astype(str)),
            pd.DataFrame({"term": ["overall"], "estimate": [r.estimate], "std_error": [r.std_error]}),
        ]
    )
    m = ref.merge(tab, on="term", suffixes=("_p", ""))
    add(
        "sun_abraham",
        "weightsname=popwt",
        "castle",
        "pyfixest 0.60.0 feols (saturated)",
        mx(m["estimate"], m["estimate_p"]),
        mx(m["std_error"], m["std_error_p"]),
    )
    # imputation point estimates
    ref = pd.read_csv(RESULTS / "pyfixest_imputation.csv", dtype={"term": str})
    r = T.imputation(T.shape("castle"), yname="l_homicide", tname="year", idname="sid", gname="effyear")
    est = dict(zip(r.table["term"].astype(str), r.table["estimate"], strict=True)) | {"overall": r.estimate}
    q = ref.query("spec == 'did2s'")
    add(
        "imputation",
        "static and by horizon",
        "castle",
        "pyfixest 0.60.0 did2s",
        mx([est[k] for k in q["term"]], q["estimate"]),
        float("nan"),
        "point estimates only (GMM SEs)",
    )
    for spec, kw in (
        ("fepois_untreated", {}),
        ("fepois_untreated_antic1_max2", {"anticipation": 1, "max_e": 2}),
    ):
        r = T.poisson_imputation(
            T.shape("castle"), yname="homicide_n", tname="year", idname="sid", gname="effyear", biters=9, **kw
        )
        est = dict(zip(r.table["event_time"].astype(str), r.table["estimate"], strict=True)) | {
            "overall": r.estimate
        }
        q = ref[ref["spec"] == spec]
        add(
            "poisson_imputation",
            ", ".join(f"{k}={v}" for k, v in kw.items()) or "defaults",
            "castle counts",
            "pyfixest 0.60.0 fepois (untreated cells)",
            mx([est[k] for k in q["term"]], q["estimate"]),
            float("nan"),
            "point estimates (bootstrap SEs)",
        )
    # HonestDiD
    H = json.loads((RESULTS / "diffdiff_honest_smoothness.json").read_text())
    for data in ("mpdta", "castle"):
        for method in ("relative_magnitude", "smoothness"):
            de = dl = 0.0
            for lv in ("average", "e0"):
                want = (
                    pd.DataFrame(H[data]["bounds"])
                    .query("method == @method and l_vec == @lv")
                    .reset_index(drop=True)
                )
                tgt = "average" if lv == "average" else 0
                if method == "smoothness":
                    t = T.smoothness_bounds(**T._honest_inputs(data), m=want["m"].tolist(), target=tgt).table
                else:
                    t = T.relative_magnitude_bounds(
                        **T._honest_inputs(data), mbar=want["m"].tolist(), target=tgt, method="naive"
                    ).table
                de = max(
                    de,
                    mx(t["conf_low"], want["ci_lb"]),
                    mx(t["conf_high"], want["ci_ub"]),
                    mx(t["lb"], want["lb"]),
                    mx(t["ub"], want["ub"]),
                )
                dl = max(
                    dl,
                    float(
                        np.max(np.abs((t["conf_high"] - t["conf_low"]) / (want["ci_ub"] - want["ci_lb"]) - 1))
                    ),
                )
            note = (
                f"interval length rel. diff {dl:.1e}: R's 100-point h grid vs peer's continuous search"
                if method == "smoothness"
                else ""
            )
            add(
                "smoothness_bounds (FLCI)" if method == "smoothness" else "relative_magnitude_bounds (naive)",
                "average and e=0 targets",
                data,
                "diff-diff 3.13.0",
                de,
                float("nan"),
                note,
            )
    # synthdid
    S = json.loads((RESULTS / "prop99_diffdiff_sdid.json").read_text())
    p99 = pd.read_csv(RESULTS / "california_prop99.csv", sep=";")
    for name in ("california", "three_states"):
        rec = S[name]
        d = p99.assign(D=(p99["State"].isin(rec["treated"]) & (p99["Year"] >= 1989)).astype(int))
        r = T.synthdid(d, idname="State", tname="Year", yname="PacksPerCapita", dname="D", se="none")
        uw = r.unit_weights.set_index("unit")["weight"]
        pu = pd.Series(rec["unit_weights"])
        add(
            "synthdid",
            "estimate and unit weights",
            f"Prop 99 ({name})",
            "diff-diff 3.13.0",
            max(abs(r.att - rec["estimate"]), mx(uw.reindex(pu.index, fill_value=0.0), pu)),
            float("nan"),
            "placebo SEs: other random stream",
        )

    out = pd.DataFrame(rows)
    print("| estimator | option | data | peer | max abs diff, estimates | max abs diff, SE | note |")
    print("| --- | --- | --- | --- | ---: | ---: | --- |")
    for r_ in out.itertuples():
        f = lambda v: "-" if not np.isfinite(v) else f"{v:.0e}"  # noqa: E731
        print(
            f"| `{r_.estimator}` | {r_.option} | {r_.data} | {r_.peer} | {f(r_.est)} | {f(r_.se)} | {r_.note} |"
        )


if __name__ == "__main__":
    main()
