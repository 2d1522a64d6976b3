"""Produce the peer reference numbers that ``tests/test_impact*.py`` compare against.

Run in a SEPARATE virtual environment holding the peers (never needed by the test suite)::

    python3 -m venv /tmp/venv_peers
    /tmp/venv_peers/bin/pip install csdid==0.4.3 diff-diff==3.13.0 pyfixest==0.60.0 causaldata==0.1.5
    /tmp/venv_peers/bin/python tests/impact/results/make_reference.py

Peers and versions used for the committed files: csdid 0.4.3 (port of R ``did`` 2.x), diff-diff 3.13.0,
pyfixest 0.60.0, causaldata 0.1.5. Each output file is a tidy CSV written beside this script.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MPDTA = HERE.parents[2] / "src" / "trends" / "datasets" / "data" / "mpdta.csv"

warnings.filterwarnings("ignore")


def load_mpdta() -> pd.DataFrame:
    d = pd.read_csv(MPDTA)
    return d.rename(columns={"first.treat": "first_treat"})


def load_castle() -> pd.DataFrame:
    import causaldata

    d = causaldata.castle.load_pandas().data.copy()
    # Cohort = first year in which ``post`` is 1 (0 = never treated), the definition named in issue 4.
    first = d.loc[d["post"] == 1].groupby("sid")["year"].min()
    d["cohort"] = d["sid"].map(first).fillna(0).astype(int)
    return d


def csdid_reference() -> None:
    from csdid.att_gt import ATTgt

    d = load_mpdta()
    specs = {
        "nevertreated": dict(control_group="nevertreated", xformla=None, est="dr", base="varying"),
        "notyettreated": dict(control_group="notyettreated", xformla=None, est="dr", base="varying"),
        "universal": dict(control_group="nevertreated", xformla=None, est="dr", base="universal"),
        "dr_lpop": dict(control_group="nevertreated", xformla="lemp ~ lpop", est="dr", base="varying"),
        "ipw_lpop": dict(control_group="nevertreated", xformla="lemp ~ lpop", est="ipw", base="varying"),
        "reg_lpop": dict(control_group="nevertreated", xformla="lemp ~ lpop", est="reg", base="varying"),
        "nyt_dr_lpop": dict(control_group="notyettreated", xformla="lemp ~ lpop", est="dr", base="varying"),
        "anticipation1": dict(control_group="nevertreated", xformla=None, est="dr", base="varying", antic=1),
        "nyt_universal": dict(control_group="notyettreated", xformla=None, est="dr", base="universal"),
        "weighted_pop": dict(control_group="nevertreated", xformla=None, est="dr", base="varying", w="pop"),
        "weighted_dr_lpop": dict(
            control_group="nevertreated", xformla="lemp ~ lpop", est="dr", base="varying", w="pop"
        ),
    }
    d["pop"] = np.exp(d["lpop"])  # county population as sampling weights
    gt_rows, agg_rows = [], []
    for name, s in specs.items():
        kw = dict(
            yname="lemp",
            tname="year",
            idname="countyreal",
            gname="first_treat",
            data=d.copy(),
            control_group=s["control_group"],
        )
        if s["xformla"]:
            kw["xformla"] = s["xformla"]
        if s.get("antic"):
            kw["anticipation"] = s["antic"]
        if s.get("w"):
            kw["weights_name"] = s["w"]
        out = ATTgt(**kw).fit(est_method=s["est"], base_period=s["base"], bstrap=False)
        r = out.results
        for g, t, a, se in zip(r["group"], r["year"], r["att"], r["se"], strict=True):
            gt_rows.append(dict(spec=name, group=int(g), time=int(t), att=float(a), se=float(se)))
        for typ in ("simple", "dynamic", "group", "calendar"):
            out.aggte(typec=typ, bstrap=False)
            a = out.atte
            agg_rows.append(
                dict(
                    spec=name,
                    type=typ,
                    label="overall",
                    att=float(a["overall_att"]),
                    se=float(a["overall_se"]),
                )
            )
            if typ != "simple":
                for e, ae, se in zip(a["egt"], a["att_egt"], a["se_egt"], strict=True):
                    agg_rows.append(dict(spec=name, type=typ, label=str(int(e)), att=float(ae), se=float(se)))
        if name == "nevertreated":
            out.aggte(typec="dynamic", bstrap=False, min_e=-2, max_e=2)
            a = out.atte
            agg_rows.append(
                dict(
                    spec=name,
                    type="dynamic_m2_2",
                    label="overall",
                    att=float(a["overall_att"]),
                    se=float(a["overall_se"]),
                )
            )
            for e, ae, se in zip(a["egt"], a["att_egt"], a["se_egt"], strict=True):
                agg_rows.append(
                    dict(spec=name, type="dynamic_m2_2", label=str(int(e)), att=float(ae), se=float(se))
                )
            out.aggte(typec="dynamic", bstrap=False, balance_e=1)
            a = out.atte
            agg_rows.append(
                dict(
                    spec=name,
                    type="dynamic_bal1",
                    label="overall",
                    att=float(a["overall_att"]),
                    se=float(a["overall_se"]),
                )
            )
            for e, ae, se in zip(a["egt"], a["att_egt"], a["se_egt"], strict=True):
                agg_rows.append(
                    dict(spec=name, type="dynamic_bal1", label=str(int(e)), att=float(ae), se=float(se))
                )
    pd.DataFrame(gt_rows).to_csv(HERE / "mpdta_csdid_attgt.csv", index=False, float_format="%.12g")
    pd.DataFrame(agg_rows).to_csv(HERE / "mpdta_csdid_aggte.csv", index=False, float_format="%.12g")

    # Castle doctrine, cohorts from the first year of ``post``: simple ATT (DR, never treated).
    c = load_castle()
    out = ATTgt(
        yname="l_homicide", tname="year", idname="sid", gname="cohort", data=c, control_group="nevertreated"
    ).fit(est_method="dr", bstrap=False)
    out.aggte(typec="simple", bstrap=False)
    pd.DataFrame(
        [
            dict(
                spec="castle_post_cohort",
                type="simple",
                att=float(out.atte["overall_att"]),
                se=float(out.atte["overall_se"]),
            )
        ]
    ).to_csv(HERE / "castle_csdid_simple.csv", index=False, float_format="%.12g")


def unbalanced_mpdta() -> pd.DataFrame:
    """mpdta with 160 rows removed deterministically (an unbalanced panel)."""
    d = load_mpdta()
    c, y = d["countyreal"], d["year"]
    drop = ((c % 7 == 0) & (y == 2005)) | ((c % 11 == 0) & (y == 2007)) | ((c % 13 == 0) & (y == 2003))
    return d[~drop].reset_index(drop=True)


def csdid_unbalanced_reference() -> None:
    """R did's allow_unbalanced_panel=TRUE path (repeated-cross-section 2x2 estimators) via csdid."""
    from csdid.att_gt import ATTgt

    d = unbalanced_mpdta()
    specs = {
        "unbal_dr": dict(control_group="nevertreated", xformla=None, est="dr"),
        "unbal_nyt": dict(control_group="notyettreated", xformla=None, est="dr"),
        "unbal_dr_lpop": dict(control_group="nevertreated", xformla="lemp ~ lpop", est="dr"),
        "unbal_ipw_lpop": dict(control_group="nevertreated", xformla="lemp ~ lpop", est="ipw"),
        "unbal_reg_lpop": dict(control_group="nevertreated", xformla="lemp ~ lpop", est="reg"),
    }
    rows = []
    for name, s in specs.items():
        kw = dict(
            yname="lemp",
            tname="year",
            idname="countyreal",
            gname="first_treat",
            data=d.copy(),
            control_group=s["control_group"],
            allow_unbalanced_panel=True,
        )
        if s["xformla"]:
            kw["xformla"] = s["xformla"]
        out = ATTgt(**kw).fit(est_method=s["est"], bstrap=False)
        r = out.results
        for g, t, a, se in zip(r["group"], r["year"], r["att"], r["se"], strict=True):
            rows.append(dict(spec=name, group=int(g), time=int(t), att=float(a), se=float(se)))
        for typ in ("simple", "dynamic", "group", "calendar"):
            out.aggte(typec=typ, bstrap=False)
            rows.append(
                dict(
                    spec=name,
                    group=typ,
                    time=0,
                    att=float(out.atte["overall_att"]),
                    se=float(out.atte["overall_se"]),
                )
            )
    pd.DataFrame(rows).to_csv(HERE / "mpdta_unbalanced_csdid.csv", index=False, float_format="%.12g")


def pyfixest_reference() -> None:
    import pyfixest as pf

    c = load_castle()
    rows = []
    for weighted in (False, True):
        kw = {"weights": "popwt"} if weighted else {}
        fit = pf.feols("l_homicide ~ post | sid + year", data=c, vcov={"CRV1": "sid"}, **kw)
        t = fit.tidy().loc["post"]
        rows.append(
            dict(
                weights="popwt" if weighted else "none",
                estimate=float(t["Estimate"]),
                std_error=float(t["Std. Error"]),
                p_value=float(t["Pr(>|t|)"]),
                conf_low=float(t["2.5%"]),
                conf_high=float(t["97.5%"]),
            )
        )
    pd.DataFrame(rows).to_csv(HERE / "castle_pyfixest_twfe.csv", index=False, float_format="%.12g")


def diff_diff_reference() -> None:
    import diff_diff as dd

    c = load_castle()
    b = dd.BaconDecomposition().fit(c, outcome="l_homicide", unit="sid", time="year", first_treat="cohort")
    bd = b.to_dataframe()
    bd["twfe_estimate"] = b.twfe_estimate
    bd.to_csv(HERE / "castle_diffdiff_bacon.csv", index=False, float_format="%.12g")

    m = load_mpdta()
    rows = []
    sa = dd.SunAbraham(cluster="countyreal").fit(
        m, outcome="lemp", unit="countyreal", time="year", first_treat="first_treat"
    )
    for e, v in sa.event_study_effects.items():
        rows.append(
            dict(
                estimator="sun_abraham",
                event_time=int(e),
                estimate=float(v["effect"]),
                std_error=float(v["se"]),
            )
        )
    rows.append(
        dict(
            estimator="sun_abraham",
            event_time="overall",
            estimate=float(sa.overall_att),
            std_error=float(sa.overall_se),
        )
    )
    im = dd.ImputationDiD(cluster="countyreal").fit(
        m, outcome="lemp", unit="countyreal", time="year", first_treat="first_treat", aggregate="event_study"
    )
    for e, v in im.event_study_effects.items():
        rows.append(
            dict(
                estimator="imputation",
                event_time=int(e),
                estimate=float(v["effect"]),
                std_error=float(v["se"]),
            )
        )
    rows.append(
        dict(
            estimator="imputation",
            event_time="overall",
            estimate=float(im.overall_att),
            std_error=float(im.overall_se),
        )
    )
    pd.DataFrame(rows).to_csv(HERE / "mpdta_diffdiff_eventstudy.csv", index=False, float_format="%.12g")


def diff_diff_gap_reference() -> None:
    """Sun & Abraham on mpdta without 2005 (a gap in the period grid: the 2006 cohort has no period -1)."""
    import diff_diff as dd

    m = load_mpdta()
    m = m[m["year"] != 2005]
    sa = dd.SunAbraham(cluster="countyreal").fit(
        m, outcome="lemp", unit="countyreal", time="year", first_treat="first_treat"
    )
    rows = [
        dict(event_time=int(e), estimate=float(v["effect"]), std_error=float(v["se"]))
        for e, v in sa.event_study_effects.items()
    ]
    rows.append(dict(event_time="overall", estimate=float(sa.overall_att), std_error=float(sa.overall_se)))
    pd.DataFrame(rows).to_csv(HERE / "mpdta_gap2005_diffdiff_sunab.csv", index=False, float_format="%.12g")


def diff_diff_anticipation_reference() -> None:
    """Callaway & Sant'Anna ATT(g, t) on mpdta with two periods of anticipation (varying base period: before
    adoption each cell compares with the period before it, as R ``did`` does)."""
    import diff_diff as dd

    r = dd.CallawaySantAnna(anticipation=2, control_group="never_treated", base_period="varying").fit(
        load_mpdta(), outcome="lemp", unit="countyreal", time="year", first_treat="first_treat"
    )
    rows = [
        dict(group=int(g), time=int(t), att=float(v["effect"]), se=float(v["se"]))
        for (g, t), v in r.group_time_effects.items()
        if np.isfinite(v["effect"])
    ]
    pd.DataFrame(rows).to_csv(
        HERE / "mpdta_anticipation2_diffdiff_attgt.csv", index=False, float_format="%.12g"
    )


if __name__ == "__main__":
    csdid_reference()
    csdid_unbalanced_reference()
    pyfixest_reference()
    diff_diff_reference()
    diff_diff_gap_reference()
    diff_diff_anticipation_reference()
    print("written:", sorted(p.name for p in HERE.glob("*.csv")))
