"""Relative-magnitude sensitivity bounds (trends.impact.relative_magnitude_bounds).

Sources
-------
* Rambachan & Roth (2023), "A more credible approach to parallel trends", Review of Economic Studies 90(5):
  the restriction Delta^RM(Mbar) and the identified set with pre-period differences pinned at the estimates.
* Peer: diff-diff 3.13.0 ``HonestDiD(method="relative_magnitude", M=Mbar, l_vec=...)`` on the Callaway &
  Sant'Anna event study of the mpdta data (never-treated controls, universal base period), for the average
  of post periods and for event time 0, and its ``breakdown_value`` -> ``tests/results/mpdta_diffdiff_honest.json``
  (``tests/results/make_ppml_honest_reference.py``), which also stores diff-diff's event-study vector and
  covariance matrix.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.datasets import load_castle, load_mpdta
from trends.impact import (
    ImpactWarning,
    att_gt,
    event_study_inputs,
    ppml,
    relative_magnitude_bounds,
    twfe_event_study,
)

REF = json.loads((Path(__file__).parent / "results" / "mpdta_diffdiff_honest.json").read_text())["universal"]


@pytest.fixture(scope="module")
def mpdta_cs():
    with pytest.warns(ImpactWarning):  # the 2004 cohort has no pre-period
        return att_gt(load_mpdta(), "lemp", "year", "countyreal", "first.treat", base_period="universal")


@pytest.mark.parametrize("target", ["average", 0])
def test_bounds_match_diff_diff(target):
    name = "average" if target == "average" else "e0"
    r = relative_magnitude_bounds(
        betahat=REF["betahat"], sigma=np.array(REF["sigma"]), num_pre=REF["num_pre"], num_post=REF["num_post"],
        target=target,
    )  # fmt: skip
    want = pd.DataFrame([b for b in REF["bounds"] if b["l_vec"] == name])
    np.testing.assert_allclose(r.table["mbar"], want["mbar"])
    for ours, theirs in (("lb", "lb"), ("ub", "ub"), ("conf_low", "ci_lb"), ("conf_high", "ci_ub")):
        np.testing.assert_allclose(r.table[ours], want[theirs], atol=1e-10, err_msg=ours)
    # diff-diff finds the breakdown by bisection (tol 1e-6); ours is closed form
    assert r.breakdown == pytest.approx(REF[f"breakdown_{name}"], abs=2e-6)
    assert r.table["excludes_zero"].tolist() == [
        not (lo <= 0 <= hi) for lo, hi in zip(want["ci_lb"], want["ci_ub"], strict=True)
    ]


def test_att_gt_event_study_inputs_match_diff_diff(mpdta_cs):
    b, V, npre, npost, e = event_study_inputs(mpdta_cs)
    assert (npre, npost) == (REF["num_pre"], REF["num_post"])
    assert e.tolist() == REF["pre_periods"] + REF["post_periods"]
    np.testing.assert_allclose(b, REF["betahat"], atol=1e-10)
    np.testing.assert_allclose(V, np.array(REF["sigma"]), atol=1e-12)
    # the same bounds from the result object
    r = relative_magnitude_bounds(mpdta_cs)
    want = pd.DataFrame([x for x in REF["bounds"] if x["l_vec"] == "average"])
    np.testing.assert_allclose(r.table["conf_low"], want["ci_lb"], atol=1e-9)
    # and the conventional interval is the dynamic aggregation's average-of-post interval
    agg = mpdta_cs.aggregate("dynamic")
    assert r.original["estimate"].iloc[0] == pytest.approx(agg.estimate, abs=1e-12)


def test_identified_set_closed_form():
    # two post periods, average target: width = Mbar * m * (|1| + |0.5|); m = max(|0.1-0.3|, |0-0.1|) = 0.2
    r = relative_magnitude_bounds(
        betahat=[0.3, 0.1, -0.5, -0.7], sigma=np.diag([0.01, 0.01, 0.0004, 0.0004]), num_pre=2, num_post=2,
        mbar=[0, 1, 2],
    )  # fmt: skip
    assert r.max_pre_diff == pytest.approx(0.2)
    np.testing.assert_allclose(r.table["ub"] - r.table["lb"], 2 * np.array([0, 1, 2]) * 0.2 * 1.5)
    se = np.sqrt(0.25 * 0.0008)
    assert r.breakdown == pytest.approx((0.6 - 1.959963984540054 * se) / (0.2 * 1.5))


def test_other_event_studies(mpdta_cs):
    castle = load_castle()
    first = castle.loc[castle["post"] == 1].groupby("sid")["year"].min()
    castle = castle.assign(cohort=castle["sid"].map(first).fillna(0).astype(int))
    p = ppml(castle, "homicide", "year", "sid", gname="cohort", event_study=True)
    r = relative_magnitude_bounds(p, min_e=-5, max_e=4)
    assert r.spec["num_pre"] == 4 and r.spec["num_post"] == 5
    assert (r.table["conf_high"] - r.table["conf_low"]).is_monotonic_increasing
    es = twfe_event_study(castle, "l_homicide", "year", "sid", "cohort", min_e=-4, max_e=3)
    with pytest.warns(ImpactWarning, match="diagonal"):
        relative_magnitude_bounds(es)
    with pytest.warns(ImpactWarning, match="varying"):
        event_study_inputs(_varying())
    with pytest.raises(ValueError, match="num_pre"):
        relative_magnitude_bounds(betahat=[1.0], sigma=np.eye(1))


def _varying():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        return att_gt(load_mpdta(), "lemp", "year", "countyreal", "first.treat")
