"""Produce the peer reference numbers that ``tests/test_impact*.py`` compare against.

Run in a SEPARATE virtual environment holding the peers (never needed by the test suite)::

    python3 -m venv /tmp/venv_peers
    /tmp/venv_peers/bin/pip install csdid==0.4.3 diff-diff==3.13.0 pyfixest==0.60.0 causaldata==0.1.5
    /tmp/venv_peers/bin/python tests/impact/results/make_reference.py

Peers and versions used for the committed files: csdid 0.4.3 (port of R ``did`` 2.x), diff-diff 3.13.0,
pyfixest 0.60.0, causaldata 0.1.5. Each output file is a tidy CSV written beside this script. The functions
below the "est9" marker (2026-12-07) also define the data shapes (``shape``) and option lists that
``tests/impact/test_peer_options.py`` loads from this file.
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


# --- 2026-12-07 (est9): options and data shapes not compared before ---------------------------------------
CASTLE_CSV = HERE.parents[2] / "src" / "trends" / "datasets" / "data" / "castle.csv.gz"
GUNS_CSV = HERE.parents[2] / "src" / "trends" / "datasets" / "data" / "guns.csv.gz"


def shape(name: str) -> pd.DataFrame:
    """The data shapes of the est9 comparisons; ``tests/impact`` loads this function from this file, so the
    peers and ``trends`` see the same rows. Castle and guns are read from the copies bundled with ``trends``
    (single-precision floats as stored), mpdta from ``trends``' copy of R ``did``'s data."""
    if name in ("castle", "castle_unbalanced"):
        d = pd.read_csv(CASTLE_CSV, dtype={"state": str})
        d = d.assign(homicide_n=np.rint(d["homicide"] * d["popwt"] / 1e5).astype(int))
        if name == "castle_unbalanced":  # 31 state-years missing, in the pre- and post-periods
            s, y = d["sid"], d["year"]
            drop = ((s % 5 == 0) & (y == 2004)) | ((s % 7 == 0) & (y == 2008)) | ((s % 6 == 1) & (y == 2001))
            d = d[~drop].reset_index(drop=True)
        return d
    if name in ("guns", "guns_no_always"):  # the second without the 4 states with a law from 1977 on
        d = pd.read_csv(GUNS_CSV, dtype={"state": str})
        d["sid"] = d["state"].astype("category").cat.codes + 1
        d = d.assign(l_violent=np.log(d["violent"]), law=d["law"].eq("yes").astype(float))
        return d if name == "guns" else d[d["adopt_year"] != d["year"].min()].reset_index(drop=True)
    m = load_mpdta().assign(pop=lambda x: np.exp(x["lpop"]), state=lambda x: x["countyreal"] // 1000)
    if name == "mpdta":
        return m
    if name == "mpdta_no_never":  # every county adopts by 2007: not-yet-treated comparisons only
        return m[m["first_treat"] > 0].reset_index(drop=True)
    if name == "mpdta_one_cohort":  # the 2007 cohort and the never treated
        return m[m["first_treat"].isin([0, 2007])].reset_index(drop=True)
    raise KeyError(name)


# (spec, data shape, outcome, unit, cohort, options); options use trends' names
CSDID_OPTION_SPECS: list[tuple[str, str, str, str, str, dict]] = [
    ("castle_dr", "castle", "l_homicide", "sid", "effyear", {}),
    ("castle_nyt_universal", "castle", "l_homicide", "sid", "effyear",
     {"control_group": "notyettreated", "base_period": "universal"}),
    ("castle_reg_poverty_nyt", "castle", "l_homicide", "sid", "effyear",
     {"xformla": "~ poverty", "est_method": "reg", "control_group": "notyettreated"}),
    ("castle_ipw_poverty_antic1", "castle", "l_homicide", "sid", "effyear",
     {"xformla": "~ poverty", "est_method": "ipw", "anticipation": 1}),
    ("castle_dr_2x_popwt", "castle", "l_homicide", "sid", "effyear",
     {"xformla": "~ poverty + unemployrt", "weightsname": "popwt"}),
    ("mpdta_no_never_nyt_dr_lpop", "mpdta_no_never", "lemp", "countyreal", "first_treat",
     {"xformla": "~ lpop", "control_group": "notyettreated"}),
    ("mpdta_no_never_nyt_universal", "mpdta_no_never", "lemp", "countyreal", "first_treat",
     {"control_group": "notyettreated", "base_period": "universal"}),
    ("mpdta_one_cohort_ipw_universal", "mpdta_one_cohort", "lemp", "countyreal", "first_treat",
     {"xformla": "~ lpop", "est_method": "ipw", "base_period": "universal"}),
    ("mpdta_nyt_ipw_pop_antic1", "mpdta", "lemp", "countyreal", "first_treat",
     {"xformla": "~ lpop", "est_method": "ipw", "control_group": "notyettreated", "weightsname": "pop",
      "anticipation": 1}),
    ("mpdta_nyt_reg_pop_universal", "mpdta", "lemp", "countyreal", "first_treat",
     {"xformla": "~ lpop", "est_method": "reg", "control_group": "notyettreated", "weightsname": "pop",
      "base_period": "universal"}),
    ("guns_nyt", "guns", "l_violent", "sid", "adopt_year", {"control_group": "notyettreated"}),
    ("castle_unbalanced_nyt_dr_poverty", "castle_unbalanced", "l_homicide", "sid", "effyear",
     {"xformla": "~ poverty", "control_group": "notyettreated", "allow_unbalanced_panel": True}),
    ("castle_unbalanced_ipw_popwt", "castle_unbalanced", "l_homicide", "sid", "effyear",
     {"xformla": "~ poverty", "est_method": "ipw", "weightsname": "popwt", "allow_unbalanced_panel": True}),
    ("castle_unbalanced_reg_universal", "castle_unbalanced", "l_homicide", "sid", "effyear",
     {"xformla": "~ poverty", "est_method": "reg", "base_period": "universal", "allow_unbalanced_panel": True}),
    ("guns_dr_density_universal", "guns", "l_violent", "sid", "adopt_year",
     {"xformla": "~ density", "base_period": "universal"}),
]  # fmt: skip

# extra aggregations: (label, type, aggte keywords)
CSDID_WINDOWS: list[tuple[str, str, dict]] = [
    ("dynamic_m3_3", "dynamic", {"min_e": -3, "max_e": 3}),
    ("dynamic_bal2", "dynamic", {"balance_e": 2}),
    ("dynamic_bal1_m1_1", "dynamic", {"balance_e": 1, "min_e": -1, "max_e": 1}),
    ("group_max1", "group", {"max_e": 1}),
    ("simple_max1", "simple", {"max_e": 1}),
]


def csdid_options_reference() -> None:
    """csdid 0.4.3 ATT(g,t) and aggregations for CSDID_OPTION_SPECS -> ``csdid_options_attgt.csv`` and
    ``csdid_options_aggte.csv`` (analytic standard errors)."""
    from csdid.att_gt import ATTgt

    gt_rows, agg_rows = [], []
    for spec, data, y, unit, cohort, o in CSDID_OPTION_SPECS:
        d = shape(data)
        if o.get("xformla"):
            d = d.dropna(subset=[c.strip() for c in o["xformla"].strip("~ ").split("+")])
        kw = dict(yname=y, tname="year", idname=unit, gname=cohort, data=d.copy(),
                  control_group=o.get("control_group", "nevertreated"))  # fmt: skip
        if o.get("xformla"):
            kw["xformla"] = f"{y} {o['xformla']}"
        if o.get("anticipation"):
            kw["anticipation"] = o["anticipation"]
        if o.get("weightsname"):
            kw["weights_name"] = o["weightsname"]
        if o.get("allow_unbalanced_panel"):
            kw["allow_unbalanced_panel"] = True
        out = ATTgt(**kw).fit(
            est_method=o.get("est_method", "dr"), base_period=o.get("base_period", "varying"), bstrap=False
        )
        r = out.results
        for g, t, a, se in zip(r["group"], r["year"], r["att"], r["se"], strict=True):
            gt_rows.append(dict(spec=spec, group=int(g), time=int(t), att=float(a), se=float(se)))
        aggs = [(typ, typ, {}) for typ in ("simple", "dynamic", "group", "calendar")] + CSDID_WINDOWS
        for label, typ, akw in aggs:
            try:
                # na_rm: cells the peer cannot estimate are left out, as trends leaves out its NaN cells
                out.aggte(typec=typ, bstrap=False, na_rm=True, **akw)
            except Exception as exc:  # a window the shape cannot fill: recorded, not compared
                agg_rows.append(
                    dict(spec=spec, type=label, label="error", att=np.nan, se=np.nan, note=str(exc))
                )
                continue
            a = out.atte
            agg_rows.append(dict(spec=spec, type=label, label="overall", att=float(a["overall_att"]),
                                 se=float(a["overall_se"])))  # fmt: skip
            if typ != "simple":
                for e, ae, se in zip(a["egt"], a["att_egt"], a["se_egt"], strict=True):
                    agg_rows.append(dict(spec=spec, type=label, label=str(int(e)), att=float(ae),
                                         se=float(se) if se is not None else np.nan))  # fmt: skip
    pd.DataFrame(gt_rows).to_csv(HERE / "csdid_options_attgt.csv", index=False, float_format="%.12g")
    pd.DataFrame(agg_rows).to_csv(HERE / "csdid_options_aggte.csv", index=False, float_format="%.12g")


def binned_event_dummies(d: pd.DataFrame, gname: str, min_e: int, max_e: int, ref: int = -1) -> list[str]:
    """Adds event-time dummies ``ev_<e>`` (``m`` for minus) for treated units, event times outside
    ``[min_e, max_e]`` binned into the end points, ``ref`` omitted; never-treated rows are all zero."""
    g = d[gname].fillna(0)
    e = (d["year"] - g).clip(min_e, max_e).where(g > 0)
    names = []
    for k in range(min_e, max_e + 1):
        if k == ref:
            continue
        nm = f"ev_m{-k}" if k < 0 else f"ev_{k}"
        d[nm] = (e == k).astype(float)
        names.append(nm)
    return names


def _term_event_time(term: str) -> str:
    if term.startswith("ev_m"):
        return str(-int(term[4:]))
    if term.startswith("ev_"):
        return term[3:]
    return term


# (spec, estimator, data shape, formula pieces, pyfixest keywords); trends options in the test
PYFIXEST_OPTION_SPECS: list[tuple[str, str, str, dict]] = [
    ("castle_twfe_2x_cluster_region", "feols", "castle",
     {"y": "l_homicide", "x": "post + poverty + unemployrt", "vcov": {"CRV1": "region"}}),
    ("castle_twfe_2x_hc1_popwt", "feols", "castle",
     {"y": "l_homicide", "x": "post + poverty + unemployrt", "vcov": "hetero", "weights": "popwt"}),
    ("castle_twfe_iid", "feols", "castle", {"y": "l_homicide", "x": "post", "vcov": "iid"}),
    ("guns_twfe_cluster", "feols", "guns", {"y": "l_violent", "x": "law", "vcov": {"CRV1": "sid"}}),
    ("castle_twfe_es_m4_3_popwt", "feols", "castle",
     {"y": "l_homicide", "es": ("effyear", -4, 3), "vcov": {"CRV1": "sid"}, "weights": "popwt"}),
    ("guns_twfe_es_m5_5", "feols", "guns",
     {"y": "l_violent", "es": ("adopt_year", -5, 5), "vcov": {"CRV1": "sid"}}),
    ("castle_ppml_popwt_cluster_region", "fepois", "castle",
     {"y": "homicide_n", "x": "post", "vcov": {"CRV1": "region"}, "weights": "popwt"}),
    ("castle_ppml_iid", "fepois", "castle", {"y": "homicide_n", "x": "post", "vcov": "iid"}),
    ("castle_unbalanced_twfe_2x", "feols", "castle_unbalanced",
     {"y": "l_homicide", "x": "post + poverty + unemployrt", "vcov": {"CRV1": "sid"}}),
    ("castle_unbalanced_ppml_es_m4_3", "fepois", "castle_unbalanced",
     {"y": "homicide_n", "es": ("effyear", -4, 3), "vcov": {"CRV1": "sid"}}),
    ("castle_ppml_es_m4_3_hc1", "fepois", "castle",
     {"y": "homicide_n", "es": ("effyear", -4, 3), "vcov": "hetero"}),
    ("castle_ppml_es_m4_3_popwt", "fepois", "castle",
     {"y": "homicide_n", "es": ("effyear", -4, 3), "vcov": {"CRV1": "sid"}, "weights": "popwt"}),
]  # fmt: skip


def pyfixest_options_reference() -> None:
    """pyfixest 0.60.0 ``feols`` / ``fepois`` with unit and year effects for PYFIXEST_OPTION_SPECS ->
    ``pyfixest_options.csv`` (term = regressor or event time)."""
    import pyfixest as pf

    rows = []
    for spec, est, data, o in PYFIXEST_OPTION_SPECS:
        d = shape(data)
        unit = "sid"
        x = o.get("x")
        if "es" in o:
            gname, lo, hi = o["es"]
            x = " + ".join(binned_event_dummies(d, gname, lo, hi))
        kw = {"weights": o["weights"]} if o.get("weights") else {}
        fit = getattr(pf, est)(f"{o['y']} ~ {x} | {unit} + year", data=d, vcov=o["vcov"], **kw)
        for term, r in fit.tidy().iterrows():
            rows.append(dict(spec=spec, term=_term_event_time(str(term)), estimate=float(r["Estimate"]),
                             std_error=float(r["Std. Error"])))  # fmt: skip
    pd.DataFrame(rows).to_csv(HERE / "pyfixest_options.csv", index=False, float_format="%.12g")


# (spec, estimator, data shape, outcome, cohort, diff-diff keywords)
DIFFDIFF_OPTION_SPECS: list[tuple[str, str, str, str, str, dict]] = [
    ("castle_sa", "sun_abraham", "castle", "l_homicide", "effyear", {"cluster": "sid"}),
    ("castle_sa_region", "sun_abraham", "castle", "l_homicide", "effyear", {"cluster": "region"}),
    ("guns_sa", "sun_abraham", "guns", "l_violent", "adopt_year", {"cluster": "sid"}),
    ("guns_no_always_sa", "sun_abraham", "guns_no_always", "l_violent", "adopt_year", {"cluster": "sid"}),
    ("castle_imp", "imputation", "castle", "l_homicide", "effyear", {"cluster": "sid"}),
    ("castle_imp_antic1_region", "imputation", "castle", "l_homicide", "effyear",
     {"cluster": "region", "anticipation": 1}),
    ("guns_imp", "imputation", "guns", "l_violent", "adopt_year", {"cluster": "sid"}),
    ("mpdta_no_never_imp", "imputation", "mpdta_no_never", "lemp", "first_treat", {"cluster": "countyreal"}),
    ("guns_imp_max3", "imputation", "guns", "l_violent", "adopt_year", {"cluster": "sid", "horizon_max": 3}),
    ("castle_unbalanced_sa", "sun_abraham", "castle_unbalanced", "l_homicide", "effyear", {"cluster": "sid"}),
    ("castle_unbalanced_imp", "imputation", "castle_unbalanced", "l_homicide", "effyear", {"cluster": "sid"}),
]  # fmt: skip


def diff_diff_options_reference() -> None:
    """diff-diff 3.13.0 ``SunAbraham`` / ``ImputationDiD`` event studies for DIFFDIFF_OPTION_SPECS ->
    ``diffdiff_options_eventstudy.csv``; ``BaconDecomposition`` on mpdta and guns -> ``diffdiff_options_bacon.csv``."""
    import diff_diff as dd

    rows = []
    for spec, est, data, y, cohort, kw in DIFFDIFF_OPTION_SPECS:
        d = shape(data)
        unit = "countyreal" if data.startswith("mpdta") else "sid"
        fit_kw = dict(outcome=y, unit=unit, time="year", first_treat=cohort)
        if est == "sun_abraham":
            r = dd.SunAbraham(**kw).fit(d, **fit_kw)
        else:
            r = dd.ImputationDiD(**kw).fit(d, aggregate="event_study", **fit_kw)
        for e, v in r.event_study_effects.items():
            if np.isfinite(v["effect"]):
                rows.append(
                    dict(spec=spec, term=str(int(e)), estimate=float(v["effect"]), std_error=float(v["se"]))
                )
        rows.append(
            dict(spec=spec, term="overall", estimate=float(r.overall_att), std_error=float(r.overall_se))
        )
    pd.DataFrame(rows).to_csv(HERE / "diffdiff_options_eventstudy.csv", index=False, float_format="%.12g")

    bacon = []
    for data, y, cohort in (("mpdta", "lemp", "first_treat"), ("guns", "l_violent", "adopt_year")):
        d = shape(data)
        unit = "countyreal" if data == "mpdta" else "sid"
        b = dd.BaconDecomposition().fit(d, outcome=y, unit=unit, time="year", first_treat=cohort)
        bd = b.to_dataframe().assign(data=data, twfe_estimate=b.twfe_estimate)
        bacon.append(bd)
    pd.concat(bacon).to_csv(HERE / "diffdiff_options_bacon.csv", index=False, float_format="%.12g")


def diff_diff_cluster_reference() -> None:
    """diff-diff 3.13.0 ``CallawaySantAnna(cluster=...)`` analytic (CR1 on the influence function) ATT(g,t) and
    overall effects: mpdta by state (29 clusters), castle by census region (4 clusters) ->
    ``diffdiff_cs_cluster.csv``; the number of clusters is stored for the G/(G-1) factor."""
    import diff_diff as dd

    rows = []
    for spec, data, y, unit, cohort, cl in (
        ("mpdta_state", "mpdta", "lemp", "countyreal", "first_treat", "state"),
        ("castle_region", "castle", "l_homicide", "sid", "effyear", "region"),
    ):
        d = shape(data)
        r = dd.CallawaySantAnna(control_group="never_treated", cluster=cl).fit(
            d, outcome=y, unit=unit, time="year", first_treat=cohort, aggregate="all"
        )
        n_cl = int(d[cl].nunique())
        for (g, t), v in r.group_time_effects.items():
            rows.append(dict(spec=spec, term=f"{int(g)}/{int(t)}", estimate=float(v["effect"]), std_error=float(v["se"]),
                             n_clusters=n_cl))  # fmt: skip
        rows.append(dict(spec=spec, term="simple", estimate=float(r.overall_att), std_error=float(r.overall_se),
                         n_clusters=n_cl))  # fmt: skip
        for e, v in r.event_study_effects.items():
            rows.append(dict(spec=spec, term=f"e{int(e)}", estimate=float(v["effect"]), std_error=float(v["se"]),
                             n_clusters=n_cl))  # fmt: skip
    pd.DataFrame(rows).to_csv(HERE / "diffdiff_cs_cluster.csv", index=False, float_format="%.12g")


def pyfixest_imputation_reference() -> None:
    """Imputation point estimates from pyfixest 0.60.0 on castle -> ``pyfixest_imputation.csv``:

    * ``did2s`` (Gardner 2021, linear; its first stage fits unit and year effects on untreated rows, which makes
      its point estimates Borusyak-Jaravel-Spiess imputation's), static and by horizon (post-adoption dummies
      only), for ``imputation``; its GMM standard errors are another estimator's and are not compared;
    * ``fepois`` on the untreated cells of the homicide counts, predicted for the treated cells: the ratios
      observed / imputed - 1 overall and by event time, for ``poisson_imputation`` (also with anticipation 1
      and event times 0..2).
    """
    import pyfixest as pf

    rows = []
    d = shape("castle")
    g, t = d["effyear"], d["year"]
    d["treat"] = ((g > 0) & (t >= g)).astype(float)
    names = []
    for k in range(0, 5):
        d[f"ev_{k}"] = ((g > 0) & (t - g == k)).astype(float)
        names.append(f"ev_{k}")
    fit = pf.did2s(d, yname="l_homicide", first_stage="~ 0 | sid + year", second_stage="~ treat",
                   treatment="treat", cluster="sid")  # fmt: skip
    rows.append(dict(spec="did2s", term="overall", estimate=float(fit.coef()["treat"])))
    fit = pf.did2s(d, yname="l_homicide", first_stage="~ 0 | sid + year", second_stage=f"~ {' + '.join(names)}",
                   treatment="treat", cluster="sid")  # fmt: skip
    for nm, v in fit.coef().items():
        rows.append(dict(spec="did2s", term=nm[3:], estimate=float(v)))

    for spec, antic, max_e in (("fepois_untreated", 0, None), ("fepois_untreated_antic1_max2", 1, 2)):
        untreated = (g == 0) | (t < g - antic)
        # unit and year dummies as regressors: pyfixest 0.60.0's ``fixef()`` / ``predict(newdata)`` of an
        # ``fepois`` with absorbed effects return values on the wrong scale, so the prediction is made here
        fit = pf.fepois("homicide_n ~ C(sid) + C(year)", data=d[untreated])
        b = fit.coef()
        treated = d[(g > 0) & (t >= g) & ((t - g <= max_e) if max_e is not None else True)].copy()
        unit_fe = {u: b.get(f"C(sid)[T.{u}]", 0.0) for u in treated["sid"].unique()}
        year_fe = {y: b.get(f"C(year)[T.{y}]", 0.0) for y in treated["year"].unique()}
        eta = b["Intercept"] + treated["sid"].map(unit_fe) + treated["year"].map(year_fe)
        treated["mu0"] = np.exp(eta)
        treated["e"] = treated["year"] - treated["effyear"]
        rows.append(
            dict(
                spec=spec,
                term="overall",
                estimate=float(treated["homicide_n"].sum() / treated["mu0"].sum() - 1),
            )
        )
        for e, grp in treated.groupby("e"):
            rows.append(
                dict(
                    spec=spec,
                    term=str(int(e)),
                    estimate=float(grp["homicide_n"].sum() / grp["mu0"].sum() - 1),
                )
            )
    pd.DataFrame(rows).to_csv(HERE / "pyfixest_imputation.csv", index=False, float_format="%.12g")


def pyfixest_sunab_weighted_reference() -> None:
    """Sun & Abraham with regression weights on castle (population ``popwt``; CR1 by state) from pyfixest 0.60.0
    -> ``pyfixest_sunab_weighted.csv``: ``feols`` of ``l_homicide`` on every cohort x event-time indicator (event
    time -1 the reference, never-treated states the controls) with state and year effects; each event time
    averages its cohorts' coefficients with the cohorts' shares of the summed weights at that event time, the
    overall effect all post-adoption cells by their summed weights (Sun & Abraham 2021, eq. 9 and 10, with the
    sample weights; ``fixest::sunab``'s aggregation), standard errors from the peer's covariance matrix."""
    import pyfixest as pf

    d = shape("castle")
    g = d["effyear"]
    rel = (d["year"] - g).where(g > 0)
    cells = pd.DataFrame({"g": g, "e": rel, "w": d["popwt"]})[g > 0]
    cells = cells[cells["e"] != -1].groupby(["g", "e"], as_index=False)["w"].sum()
    names = []
    for gg, e in zip(cells["g"], cells["e"], strict=True):
        nm = f"c{int(gg)}_{'m' if e < 0 else ''}{abs(int(e))}"
        d[nm] = ((g == gg) & (rel == e)).astype(float)
        names.append(nm)
    fit = pf.feols(
        f"l_homicide ~ {' + '.join(names)} | sid + year", data=d, vcov={"CRV1": "sid"}, weights="popwt"
    )
    b = fit.coef().reindex(names).to_numpy()
    V = pd.DataFrame(fit._vcov, index=fit.coef().index, columns=fit.coef().index).loc[names, names].to_numpy()
    rows = []
    for e in sorted(cells["e"].unique()):
        a = np.where(cells["e"] == e, cells["w"], 0.0)
        a = a / a.sum()
        rows.append(dict(term=str(int(e)), estimate=float(a @ b), std_error=float(np.sqrt(a @ V @ a))))
    a = np.where(cells["e"] >= 0, cells["w"], 0.0)
    a = a / a.sum()
    rows.append(dict(term="overall", estimate=float(a @ b), std_error=float(np.sqrt(a @ V @ a))))
    pd.DataFrame(rows).to_csv(HERE / "pyfixest_sunab_weighted.csv", index=False, float_format="%.12g")


def diff_diff_anticipation_covariates_reference() -> None:
    """diff-diff 3.13.0 ``CallawaySantAnna`` with two periods of anticipation (R ``did``'s rule for the cells in the
    anticipation window, which csdid 0.4.3 does not follow), not-yet-treated controls and a covariate, on
    castle -> ``diffdiff_cs_anticipation2.csv`` (ATT(g,t) with analytic standard errors)."""
    import diff_diff as dd

    rows = []
    for spec, kw, cov in (
        ("castle_nyt_antic2", dict(control_group="not_yet_treated"), None),
        (
            "castle_nyt_antic2_reg_poverty",
            dict(control_group="not_yet_treated", estimation_method="reg"),
            ["poverty"],
        ),
        (
            "castle_antic2_dr_poverty",
            dict(control_group="never_treated", estimation_method="dr"),
            ["poverty"],
        ),
        # diff-diff clips propensity scores to [0.01, 0.99] by default; R DRDID (and trends) do not clip
        (
            "castle_antic2_dr_poverty_noclip",
            dict(control_group="never_treated", estimation_method="dr", pscore_trim=1e-12),
            ["poverty"],
        ),
        (
            "castle_nyt_antic2_ipw_poverty_noclip",
            dict(control_group="not_yet_treated", estimation_method="ipw", pscore_trim=1e-12),
            ["poverty"],
        ),
    ):
        r = dd.CallawaySantAnna(anticipation=2, base_period="varying", **kw).fit(
            shape("castle"),
            outcome="l_homicide",
            unit="sid",
            time="year",
            first_treat="effyear",
            covariates=cov,
        )
        for (g, t), v in r.group_time_effects.items():
            rows.append(dict(spec=spec, group=int(g), time=int(t), att=float(v["effect"]), se=float(v["se"])))
    pd.DataFrame(rows).to_csv(HERE / "diffdiff_cs_anticipation2.csv", index=False, float_format="%.12g")


if __name__ == "__main__":
    csdid_reference()
    csdid_unbalanced_reference()
    pyfixest_reference()
    diff_diff_reference()
    diff_diff_gap_reference()
    diff_diff_anticipation_reference()
    # est9 (2026-12-07): options and data shapes not compared before
    csdid_options_reference()
    pyfixest_options_reference()
    diff_diff_options_reference()
    diff_diff_cluster_reference()
    pyfixest_imputation_reference()
    pyfixest_sunab_weighted_reference()
    diff_diff_anticipation_covariates_reference()
    print("written:", sorted(p.name for p in HERE.glob("*.csv")))
