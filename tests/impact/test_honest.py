"""Relative-magnitude sensitivity bounds (trends.impact.relative_magnitude_bounds).

Sources
-------
* Rambachan & Roth (2023), "A more credible approach to parallel trends", Review of Economic Studies 90(5):
  the restriction Delta^RM(Mbar) and the identified set with pre-period differences pinned at the estimates.
* Peer: diff-diff 3.13.0 ``HonestDiD(method="relative_magnitude", M=Mbar, l_vec=...)`` on the Callaway &
  Sant'Anna event study of the mpdta data (never-treated controls, universal base period), for the average
  of post periods and for event time 0, and its ``breakdown_value`` -> ``tests/impact/results/mpdta_diffdiff_honest.json``
  (``tests/impact/results/make_ppml_honest_reference.py``), which also stores diff-diff's event-study vector and
  covariance matrix. Compared with ``method="naive"`` (diff-diff's interval).
* R HonestDiD's own conditional / hybrid (ARP) intervals on its ``BCdata_EventStudy`` example
  (``computeConditionalCS_DeltaRM``, Mbar = 1, 200 grid points) -> ``tests/impact/results/honestdid_bcdata.json``,
  with the provenance of the numbers in the file.
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
        return att_gt(
            load_mpdta(),
            yname="lemp",
            tname="year",
            idname="countyreal",
            gname="first.treat",
            base_period="universal",
        )


@pytest.mark.parametrize("target", ["average", 0])
def test_bounds_match_diff_diff(target):
    name = "average" if target == "average" else "e0"
    r = relative_magnitude_bounds(
        betahat=REF["betahat"], sigma=np.array(REF["sigma"]), num_pre=REF["num_pre"], num_post=REF["num_post"],
        target=target, method="naive",
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
    r = relative_magnitude_bounds(mpdta_cs, method="naive")
    want = pd.DataFrame([x for x in REF["bounds"] if x["l_vec"] == "average"])
    np.testing.assert_allclose(r.table["conf_low"], want["ci_lb"], atol=1e-9)
    # and the conventional interval is the dynamic aggregation's average-of-post interval
    agg = mpdta_cs.aggregate("dynamic")
    assert r.original["estimate"].iloc[0] == pytest.approx(agg.estimate, abs=1e-12)


def test_identified_set_closed_form():
    # two post periods, average target: width = Mbar * m * (|1| + |0.5|); m = max(|0.1-0.3|, |0-0.1|) = 0.2
    r = relative_magnitude_bounds(
        betahat=[0.3, 0.1, -0.5, -0.7], sigma=np.diag([0.01, 0.01, 0.0004, 0.0004]), num_pre=2, num_post=2,
        mbar=[0, 1, 2], method="naive",
    )  # fmt: skip
    assert r.max_pre_diff == pytest.approx(0.2)
    np.testing.assert_allclose(r.table["ub"] - r.table["lb"], 2 * np.array([0, 1, 2]) * 0.2 * 1.5)
    se = np.sqrt(0.25 * 0.0008)
    assert r.breakdown == pytest.approx((0.6 - 1.959963984540054 * se) / (0.2 * 1.5))


def test_other_event_studies(mpdta_cs):
    castle = load_castle()
    first = castle.loc[castle["post"] == 1].groupby("sid")["year"].min()
    castle = castle.assign(cohort=castle["sid"].map(first).fillna(0).astype(int))
    p = ppml(castle, yname="homicide", tname="year", idname="sid", gname="cohort", event_study=True)
    r = relative_magnitude_bounds(p, min_e=-5, max_e=4)
    assert r.spec["num_pre"] == 4 and r.spec["num_post"] == 5
    assert (r.table["conf_high"] - r.table["conf_low"]).is_monotonic_increasing
    es = twfe_event_study(
        castle, yname="l_homicide", tname="year", idname="sid", gname="cohort", min_e=-4, max_e=3
    )
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
        return att_gt(load_mpdta(), yname="lemp", tname="year", idname="countyreal", gname="first.treat")


BC = json.loads((Path(__file__).parent / "results" / "honestdid_bcdata.json").read_text())


@pytest.mark.parametrize(("method", "key"), [("conditional", "rm_arp"), ("C-LF", "rm_lf")])
def test_arp_intervals_match_r_honestdid(method, key):
    se = float(np.sqrt(np.array(BC["sigma"])[BC["num_pre"], BC["num_pre"]]))
    r = relative_magnitude_bounds(
        betahat=BC["betahat"], sigma=np.array(BC["sigma"]), num_pre=BC["num_pre"], num_post=BC["num_post"],
        mbar=[BC["mbar"]], target=0, method=method, grid_points=BC["grid_points"], grid_bounds=(-20 * se, 20 * se),
    )  # fmt: skip
    row = r.table.iloc[0]
    assert row["conf_low"] == pytest.approx(BC[key][0], abs=1e-9)
    assert row["conf_high"] == pytest.approx(BC[key][1], abs=1e-9)
    # the robust interval contains the identified set and is wider than the naive one here
    naive = relative_magnitude_bounds(
        betahat=BC["betahat"], sigma=np.array(BC["sigma"]), num_pre=4, num_post=4, mbar=[1.0], target=0,
        method="naive",
    ).table.iloc[0]  # fmt: skip
    assert row["conf_low"] <= row["lb"] and row["ub"] <= row["conf_high"]
    assert row["conf_high"] - row["conf_low"] > naive["conf_high"] - naive["conf_low"] - 0.01


def test_conditional_test_without_nuisance_matches_the_argmax_polyhedron():
    # With no nuisance parameter the ARP conditional test is the test of the largest standardised moment
    # conditional on which moment is largest (Lee et al. 2016 polyhedral lemma), written out here directly.
    from scipy import stats

    from trends.impact import _arp

    rng = np.random.default_rng(7)
    for _ in range(40):
        m = 5
        L = rng.normal(size=(m, m))
        sig = L @ L.T + 0.5 * np.eye(m)
        y = rng.normal(size=m) + rng.normal()
        sd = np.sqrt(np.diag(sig))
        j = int(np.argmax(y / sd))
        g = np.eye(m)[j] / sd[j]  # eta = g'y
        c = sig @ g / (g @ sig @ g)
        z = y - c * (g @ y)
        # {y/sd maximal at j}: for i != j, (z_i + c_i t) / sd_i <= t / 1 ... solved for t = g'y
        lo, hi = -np.inf, np.inf
        for i in range(m):
            if i == j:
                continue
            a = 1 - c[i] / sd[i]  # t * a >= z_i / sd_i
            if a > 0:
                lo = max(lo, z[i] / sd[i] / a)
            elif a < 0:
                hi = min(hi, z[i] / sd[i] / a)
        s_eta = np.sqrt(g @ sig @ g)
        eta = g @ y
        crit = max(0.0, s_eta * stats.truncnorm.ppf(0.95, lo / s_eta, hi / s_eta))
        assert _arp.conditional_test(_arp.Moments(np.zeros((m, 0)), sig), y, 0.05) == (eta > crit)


def test_breakdown_of_grid_methods_brackets_zero():
    r = relative_magnitude_bounds(
        betahat=BC["betahat"], sigma=np.array(BC["sigma"]), num_pre=4, num_post=4, mbar=[0, 1, 2], target=0,
        grid_points=400,
    )  # fmt: skip
    bd = r.breakdown
    assert 1 < bd < 2  # excludes zero at 1, not at 2 (R's README-style sensitivity)
    assert (
        r.table.set_index("mbar").loc[1.0, "excludes_zero"]
        and not r.table.set_index("mbar").loc[2.0, "excludes_zero"]
    )
    just_below = relative_magnitude_bounds(
        betahat=BC["betahat"], sigma=np.array(BC["sigma"]), num_pre=4, num_post=4, mbar=[0.97 * bd], target=0,
        grid_points=400,
    )  # fmt: skip
    assert just_below.table["excludes_zero"].iloc[0]
    with pytest.raises(ValueError, match="method must be"):
        relative_magnitude_bounds(
            betahat=BC["betahat"], sigma=np.array(BC["sigma"]), num_pre=4, num_post=4, method="FLCI"
        )


def test_vertex_shortcut_equals_the_linear_program():
    # eta and the test decisions from the enumerated dual vertices equal those from the LP solver
    from trends.impact import _arp

    bc_sigma = np.array(BC["sigma"])
    b = np.array(BC["betahat"])
    lv = np.eye(4)[0]
    from trends.impact.honest import _rm_constraints, _target_basis

    A = _rm_constraints(4, 4, 1.0, -1, True)
    A = A[(A[:, 4:] != 0).any(axis=1)]
    AG = A[:, 4:] @ np.linalg.inv(_target_basis(lv))
    fast = _arp.Moments(AG[:, 1:], A @ bc_sigma @ A.T)
    slow = _arp.Moments(AG[:, 1:], A @ bc_sigma @ A.T)
    slow.vertices = None
    assert fast.vertices is not None
    for theta in np.linspace(-0.2, 0.6, 25):
        y = A @ b - AG[:, 0] * theta
        assert fast.eta(y)[0] == pytest.approx(slow.eta(y)[0], abs=1e-9)
        assert _arp.conditional_test(fast, y, 0.05) == _arp.conditional_test(slow, y, 0.05)


def test_smoothness_intervals_match_r_honestdid():
    from trends.impact import smoothness_bounds
    from trends.impact.honest import _sd_upper_bound

    b, S = np.array(BC["betahat"]), np.array(BC["sigma"])
    se = float(np.sqrt(S[4, 4]))
    kw = dict(betahat=b, sigma=S, num_pre=4, num_post=4, target=0, method="conditional")
    r = smoothness_bounds(m=[0.1], grid_points=200, grid_bounds=(-0.1 - 20 * se, 0.1 + 20 * se), **kw)
    np.testing.assert_allclose(r.table[["conf_low", "conf_high"]].iloc[0], BC["sd_arp_m01"], atol=1e-9)
    for m, lo, hi in BC["sd_conditional"]:
        r = smoothness_bounds(m=[m], grid_points=1000, grid_bounds=(-m - 20 * se, m + 20 * se), **kw)
        np.testing.assert_allclose(r.table[["conf_low", "conf_high"]].iloc[0], [lo, hi], atol=1e-9)
    assert _sd_upper_bound(b, S, 4, 0.05) == pytest.approx(BC["sd_upper_bound"], abs=1e-9)
    # the default: R's ten values of M up to that bound; M = 0 is the linear extrapolation of the pre-trend
    d = smoothness_bounds(betahat=b, sigma=S, num_pre=4, num_post=4, target=0, method="C-LF")
    assert len(d.table) == 10 and d.table["m"].iloc[-1] == pytest.approx(BC["sd_upper_bound"], abs=1e-9)
    pre = np.append(b[:4], 0.0)
    assert d.table["lb"].iloc[0] == pytest.approx(b[4] - (pre[-1] + (pre[-1] - pre[-2])), abs=1e-9)
    assert (np.diff(d.table["conf_high"] - d.table["conf_low"]) > 0).all()
    assert d.parameter == "m" and d.plot()[0].axes[0].get_xlabel().startswith("M:")
    with pytest.raises(ValueError, match="method must be"):
        smoothness_bounds(betahat=b, sigma=S, num_pre=4, num_post=4, method="naive")


def test_smoothness_flci_matches_r_honestdid():
    # R's default interval for Delta^SD: the optimal FLCI (R simulates the folded-normal quantile: ~1e-4)
    from trends.impact import smoothness_bounds

    b, S = np.array(BC["betahat"]), np.array(BC["sigma"])
    ms = [row[0] for row in BC["sd_flci"]]
    r = smoothness_bounds(betahat=b, sigma=S, num_pre=4, num_post=4, m=ms, target=0)
    assert r.spec["method"] == "FLCI"
    for (_, lo, hi, half), (_, row) in zip(BC["sd_flci"], r.table.iterrows(), strict=True):
        assert row["conf_low"] == pytest.approx(lo, abs=2e-4)
        assert row["conf_high"] == pytest.approx(hi, abs=2e-4)
        assert (row["conf_high"] - row["conf_low"]) / 2 == pytest.approx(half, abs=2e-4)
    assert 0.2 < r.breakdown < 0.25  # excludes zero at M = 0.2 (lower bound 0.019), not much beyond


def test_basis_cache_equals_the_linear_program():
    # With too many candidate bases to enumerate the dual vertices (9 post periods), Moments answers most programs
    # from the optimal bases of earlier ones; the values, the dual solutions and the test decisions (the
    # least-favourable critical value, the hybrid and conditional tests, the dual bisection) equal HiGHS's
    from trends.impact import _arp
    from trends.impact.honest import _rm_constraints, _target_basis

    class Solver(_arp.Moments):  # every program by HiGHS
        def eta(self, y):
            return _arp.eta_program(y, self.X, self.sd)

        def value(self, y):
            return self.eta(y)[0]

        def etas(self, Y):
            return np.array([self.value(y) for y in Y])

    rng = np.random.default_rng(3)
    npre, npost = 2, 9
    L = rng.normal(size=(npre + npost, npre + npost))
    V = (L @ L.T + 11 * np.eye(npre + npost)) * 1e-4
    b = np.r_[0.02, -0.01, 0.3 + 0.01 * rng.normal(size=npost)]
    for mbar, sign, target in ((1.0, True, 0), (0.5, False, 4)):
        A = _rm_constraints(npre, npost, mbar, 0, sign)
        A = A[(A[:, npre:] != 0).any(axis=1)]
        AG = A[:, npre:] @ np.linalg.inv(_target_basis(np.eye(npost)[target]))
        cached, solver = (cls(AG[:, 1:], A @ V @ A.T) for cls in (_arp.Moments, Solver))
        assert cached.vertices is None
        cv = _arp.least_favorable_cv(cached, 0.005, sims=200)
        assert cv == pytest.approx(_arp.least_favorable_cv(solver, 0.005, sims=200), abs=1e-12)
        assert 0 < len(cached._rows) < 100  # a few bases stand for the 200 programs
        for theta in b[npre + target] + np.linspace(-0.4, 0.4, 25):  # accepted and rejected values
            y = A @ b - AG[:, 0] * theta
            (v1, g1), (v2, g2) = cached.eta(y), solver.eta(y)
            assert v1 == pytest.approx(v2, abs=1e-12)
            np.testing.assert_allclose(g1, g2, atol=1e-9)
            for lf in (cv, None):
                assert _arp.conditional_test(cached, y, 0.05, lf, 0.005) == _arp.conditional_test(
                    solver, y, 0.05, lf, 0.005
                )
