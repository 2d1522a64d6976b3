"""``trends.impact.dose_response`` against an independent implementation: diff-diff 3.13.0 ``ContinuousDiD``.

Both implement Callaway, Goodman-Bacon & Sant'Anna (2024), "Difference-in-differences with a continuous
treatment" (NBER Working Paper 32117). The peer's numbers are written by
``tests/impact/results/make_dose_reference.py`` (diff-diff 3.13.0, run in a separate virtual environment) to
``tests/impact/results/dose_diffdiff_continuous.csv``; this test runs trends on the same rows (the data builders
are imported from that script) and requires agreement to ``TOL`` (1e-8, absolute).

Where the two target the same number (what is compared):

* trends ``scale="level", pre=1, post=(e, e)`` gives, for an adopter of cohort ``g``, ``Delta_i = Y_{g+e} -
  Y_{g-1}`` minus the mean change of the units untreated through ``g + e`` (never treated, or adopting after
  ``g + e``): the peer's cell ``(g, t = g + e)`` with ``control_group="not_yet_treated"`` and the varying (=
  universal, for post cells) base period ``g - 1``. With no cohort adopting after ``t`` (the two-period cases,
  and every cell whose ``t`` is the last period) the comparison units are the never-treated ones, the peer's
  ``control_group="never_treated"``.
* trends ``sieve="linear"`` (OLS of ``att_i`` on the dose) is the peer's B-spline sieve with ``degree=1,
  num_knots=0`` (span {1, d}): the same ATT(d) at every dose, its slope = the peer's ACRT(d) (constant), and the
  mean of ``att_i`` = the peer's binarized ``att_glob`` (and its ``overall_att`` in a one-cell design).
* trends ``sieve="bins", n_bins=3`` (mean ``att_i`` in dose terciles) is the peer's saturated
  ``treatment_type="discrete"`` regression on the tercile of each adopter.
* the peer's staggered aggregates (``overall_att``, ``overall_acrt``, ATT(d)) weight cohorts by their number of
  treated units and a cohort's post cells equally; they are rebuilt here from trends' one-cell fits with those
  weights (written out below), so the peer's aggregation is checked too.

Where they differ (not compared, documented): trends pools all cohorts into ONE sieve over ``att_i`` (the peer
fits a line per cell and averages the lines); trends' default ``scale="log"`` compares log ratios of window
TOTALS (the control change is ``log(sum post / sum pre)`` over the comparison units, not a mean of unit changes)
and ``pre > 1`` / ``post[1] > post[0]`` average windows of periods, which the peer (one base period, one post
period per cell) does not do. ``control_group="nevertreated"`` is the peer's ``"never_treated"`` in every cell.
Inference is not compared to 1e-8: trends' intervals are a percentile bootstrap over
units, the peer's analytic (influence function); one loose check (20 %) of the one-cell standard errors only.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trends.impact import ImpactWarning, dose_response

RESULTS = Path(__file__).resolve().parent / "results"
_spec = importlib.util.spec_from_file_location("make_dose_reference", RESULTS / "make_dose_reference.py")
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

PEER = pd.read_csv(RESULTS / "dose_diffdiff_continuous.csv")
TOL = 1e-8


def peer(case: str, control_group: str, treatment_type: str, quantity: str, g=None, t=None) -> pd.DataFrame:
    p = PEER[
        (PEER["case"] == case)
        & (PEER["control_group"] == control_group)
        & (PEER["treatment_type"] == treatment_type)
        & (PEER["quantity"] == quantity)
    ]
    p = p[p["g"].isna()] if g is None else p[(p["g"] == g) & (p["t"] == t)]
    assert len(p), (case, control_group, treatment_type, quantity, g, t)
    return p


def est(*args) -> float:
    """One peer number (``peer(...)`` with a single row)."""
    return float(peer(*args)["estimate"].iloc[0])


def post_cells(case: str, control_group: str = "not_yet_treated") -> list[tuple[int, int]]:
    p = PEER[
        (PEER["case"] == case) & (PEER["control_group"] == control_group) & (PEER["quantity"] == "att_glob")
    ]
    return sorted({(int(g), int(t)) for g, t in zip(p["g"], p["t"], strict=True)})


def trends_fit(
    case: str,
    cohorts: list[int],
    e: int,
    sieve: str = "linear",
    control_group: str = "notyettreated",
    biters: int = 0,
    seed: int = 0,
):
    """trends on the case's rows, the doses of ``cohorts`` only, one pre period and the post period ``g + e``
    (point estimates only unless ``biters``)."""
    d, cols = ref.case_data(case)
    u = d.drop_duplicates(cols["unit"]).set_index(cols["unit"])
    dose = u.loc[u[cols["first_treat"]].isin(cohorts), cols["dose"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)  # adopters of other cohorts: no dose, left out
        return dose_response(
            d,
            yname=cols["outcome"],
            tname=cols["time"],
            idname=cols["unit"],
            gname=cols["first_treat"],
            dose=dose,
            pre=1,
            post=(e, e),
            scale="level",
            sieve=sieve,
            n_bins=3,
            control_group=control_group,
            biters=biters,
            seed=seed,
        )


def line(r) -> tuple[float, float]:
    """Intercept and slope of trends' linear ATT(d | d)."""
    b1 = float(r.slope["estimate"].iloc[0])
    return float(r.curve["estimate"].iloc[0] - b1 * r.curve["dose"].iloc[0]), b1


def check_cell(r, case: str, control_group: str, g: int, t: int) -> None:
    """trends' one-cell fit = the peer's cell (g, t): ATT(d) on trends' grid, slope = ACRT, mean = att_glob."""
    att = peer(case, control_group, "continuous", "att_d", g, t)
    np.testing.assert_allclose(r.curve["dose"], att["dose"], rtol=0, atol=1e-9)  # the same 25 doses
    np.testing.assert_allclose(r.curve["estimate"], att["estimate"], rtol=0, atol=TOL)
    acrt = est(case, control_group, "continuous", "acrt", g, t)
    assert r.slope["estimate"].iloc[0] == pytest.approx(acrt, rel=0, abs=TOL)
    glob = est(case, control_group, "continuous", "att_glob", g, t)
    assert r.overall["estimate"].iloc[0] == pytest.approx(glob, rel=0, abs=TOL)


TWO_PERIOD = [("mpdta_2period", "never_treated", 2007), ("mpdta_2period_nyt", "not_yet_treated", 2004)]


@pytest.mark.parametrize(("case", "control_group", "g"), TWO_PERIOD)
def test_two_period_linear(case, control_group, g):
    r = trends_fit(case, [g], 0)
    check_cell(r, case, control_group, g, g)
    # a single cell: the peer's aggregates are that cell
    b0, b1 = line(r)
    assert b1 == pytest.approx(est(case, control_group, "continuous", "overall_acrt"), abs=TOL)
    assert r.overall["estimate"].iloc[0] == pytest.approx(
        est(case, control_group, "continuous", "overall_att"), abs=TOL
    )
    agg = peer(case, control_group, "continuous", "att_d")
    np.testing.assert_allclose(b0 + b1 * agg["dose"], agg["estimate"], rtol=0, atol=TOL)


@pytest.mark.parametrize(("case", "control_group", "g"), TWO_PERIOD)
def test_two_period_by_hand(case, control_group, g):
    """A third computation, in pandas: Delta Y, minus the comparison mean, OLS on the dose (numpy.polyfit)."""
    d, cols = ref.case_data(case)
    y, u, tm, ft = cols["outcome"], cols["unit"], cols["time"], cols["first_treat"]
    w = d.pivot(index=u, columns=tm, values=y)
    delta = w[g] - w[g - 1]
    first = d.drop_duplicates(u).set_index(u)
    controls = first.index[(first[ft] == 0) | (first[ft] > g)]
    treated = first.index[first[ft] == g]
    att_i = delta[treated] - delta[controls].mean()
    b1, b0 = np.polyfit(first.loc[treated, cols["dose"]], att_i, 1)
    assert b1 == pytest.approx(est(case, control_group, "continuous", "acrt", g, g), abs=TOL)
    assert att_i.mean() == pytest.approx(est(case, control_group, "continuous", "overall_att"), abs=TOL)
    r = trends_fit(case, [g], 0)
    assert line(r) == pytest.approx((b0, b1), abs=TOL)
    got = r.units.set_index("unit")["att"]
    np.testing.assert_allclose(got.reindex(att_i.index), att_i, rtol=0, atol=1e-12)


@pytest.mark.parametrize(("case", "control_group", "g"), TWO_PERIOD)
def test_two_period_bins(case, control_group, g):
    r = trends_fit(case, [g], 0, sieve="bins")
    lev = peer(case, control_group, "discrete", "att_d", g, g).sort_values("dose")
    assert list(lev["dose"]) == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(r.slope["estimate"], lev["estimate"], rtol=0, atol=TOL)
    glob = est(case, control_group, "discrete", "overall_att")
    assert r.overall["estimate"].iloc[0] == pytest.approx(glob, abs=TOL)


def peer_weights(case: str, cells: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """The peer's aggregation weights: cohort share of treated units, split equally over the cohort's post cells."""
    d, cols = ref.case_data(case)
    n = {g: len(v) for g, v in ref.cohort_doses(d, cols).items()}
    n_cells = pd.Series([g for g, _ in cells]).value_counts()
    total = sum(n[g] for g in n_cells.index)
    return {(g, t): n[g] / total / n_cells[g] for g, t in cells}


@pytest.mark.parametrize("case", ["mpdta_staggered", "sim_staggered"])
def test_staggered_not_yet_treated_linear(case):
    cells = post_cells(case)
    assert len(cells) == {"mpdta_staggered": 7, "sim_staggered": 6}[case]
    fits = {(g, t): trends_fit(case, [g], t - g) for g, t in cells}
    for (g, t), r in fits.items():
        check_cell(r, case, "not_yet_treated", g, t)
    w = peer_weights(case, cells)
    ov = sum(w[c] * fits[c].overall["estimate"].iloc[0] for c in cells)
    assert ov == pytest.approx(est(case, "not_yet_treated", "continuous", "overall_att"), abs=TOL)
    acrt = sum(w[c] * line(fits[c])[1] for c in cells)
    assert acrt == pytest.approx(est(case, "not_yet_treated", "continuous", "overall_acrt"), abs=TOL)
    agg = peer(case, "not_yet_treated", "continuous", "att_d")
    curve = sum(w[c] * (line(fits[c])[0] + line(fits[c])[1] * agg["dose"].to_numpy()) for c in cells)
    np.testing.assert_allclose(curve, agg["estimate"], rtol=0, atol=TOL)


@pytest.mark.parametrize("case", ["mpdta_staggered", "sim_staggered"])
def test_staggered_not_yet_treated_bins(case):
    cells = post_cells(case)
    fits = {(g, t): trends_fit(case, [g], t - g, sieve="bins") for g, t in cells}
    for (g, t), r in fits.items():
        lev = peer(case, "not_yet_treated", "discrete", "att_d", g, t).sort_values("dose")
        np.testing.assert_allclose(r.slope["estimate"], lev["estimate"], rtol=0, atol=TOL)
    w = peer_weights(case, cells)
    agg = peer(case, "not_yet_treated", "discrete", "att_d").sort_values("dose")
    np.testing.assert_allclose(
        sum(w[c] * fits[c].slope["estimate"].to_numpy() for c in cells), agg["estimate"], rtol=0, atol=TOL
    )


def test_staggered_never_treated():
    """``control_group="nevertreated"`` is the peer's ``"never_treated"`` in every cell; the default (units untreated
    through ``t``) coincides with it only where ``t`` is the last period."""
    last = 2007
    cells = post_cells("mpdta_staggered", "never_treated")
    assert len(cells) == 7
    for g, t in cells:
        check_cell(trends_fit("mpdta_staggered", [g], t - g, control_group="nevertreated"),
                   "mpdta_staggered", "never_treated", g, t)  # fmt: skip
        r = trends_fit("mpdta_staggered", [g], t - g)
        glob = est("mpdta_staggered", "never_treated", "continuous", "att_glob", g, t)
        if t == last:
            check_cell(r, "mpdta_staggered", "never_treated", g, t)
        else:  # cohort 2007 (and 2006 before 2006) are comparisons in trends' default, not in the never-treated peer
            assert abs(r.overall["estimate"].iloc[0] - glob) > 1e-4, (g, t)
            check_cell(r, "mpdta_staggered", "not_yet_treated", g, t)


def test_pooled_fit_mean_matches_but_slope_is_pooled():
    """All cohorts in one trends fit (post period g): the mean of att_i is the peer's cohort-weighted att_glob
    over the cells (g, g); the slope is ONE line through all adopters, not the peer's average of cohort lines."""
    case = "mpdta_staggered"
    cells = [(g, g) for g in (2004, 2006, 2007)]
    r = trends_fit(case, [2004, 2006, 2007], 0)
    w = peer_weights(case, cells)
    glob = sum(w[c] * est(case, "not_yet_treated", "continuous", "att_glob", *c) for c in cells)
    assert r.overall["estimate"].iloc[0] == pytest.approx(glob, abs=TOL)
    avg_slope = sum(w[c] * est(case, "not_yet_treated", "continuous", "acrt", *c) for c in cells)
    assert abs(r.slope["estimate"].iloc[0] - avg_slope) > 1e-3


def test_bootstrap_spread_is_close_to_the_peer_analytic_se():
    """Loose, inference only: trends' unit bootstrap (999 draws, seed 1) against the peer's analytic (influence
    function) standard errors in the one-cell case; different methods, so a 20 % tolerance, not 1e-8."""
    r = trends_fit("mpdta_2period", [2007], 0, biters=999, seed=1)
    se_att = peer("mpdta_2period", "never_treated", "continuous", "overall_att")["se"].iloc[0]
    se_acrt = peer("mpdta_2period", "never_treated", "continuous", "overall_acrt")["se"].iloc[0]
    assert r.overall["std_error"].iloc[0] == pytest.approx(se_att, rel=0.2)
    assert r.slope["std_error"].iloc[0] == pytest.approx(se_acrt, rel=0.2)
