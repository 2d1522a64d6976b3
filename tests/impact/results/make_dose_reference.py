"""Produce the peer reference numbers that ``tests/impact/test_dose_peer.py`` compares ``dose_response`` against.

Peer: diff-diff 3.13.0 ``ContinuousDiD`` (Callaway, Goodman-Bacon & Sant'Anna 2024, "Difference-in-differences
with a continuous treatment", NBER WP 32117). Run in a SEPARATE virtual environment holding the peer (never needed
by the test suite)::

    python3 -m venv /tmp/venv_peers
    /tmp/venv_peers/bin/pip install diff-diff==3.13.0 pandas numpy
    /tmp/venv_peers/bin/python tests/impact/results/make_dose_reference.py

Versions used for the committed file: diff-diff 3.13.0, numpy 2.4.6, pandas 3.1.1 (Python 3.11). Output:
``dose_diffdiff_continuous.csv`` beside this script, one row per number: ``case, control_group, treatment_type,
g, t, quantity, dose, estimate, se``. ``quantity`` is ``att_d`` (ATT(d) of the cell, or of the aggregate when
``g`` and ``t`` are empty), ``acrt`` (the cell's ACRT, constant in d for a degree-1 spline), ``att_glob`` (the
cell's binarized ATT), ``overall_att`` / ``overall_acrt`` (the peer's aggregates over post cells, cohorts
weighted by their number of treated units, cells of a cohort equally). ``se`` is the peer's analytic standard
error (influence function), recorded for reference only: trends' intervals are a unit bootstrap, so standard
errors are not compared.

Settings (all cases): ``degree=1, num_knots=0`` (the sieve is linear in the dose: span {1, d}, exactly trends'
``sieve="linear"``), ``base_period="varying"`` (for post cells the base is ``g - 1`` either way, = trends'
``pre=1``), ``anticipation=0``, no covariates, ``n_bootstrap=0``. The discrete rows (``treatment_type =
"discrete"``) run the peer's saturated per-dose-level regression on the dose TERCILE of each adopter (1, 2, 3,
``pandas.qcut`` within its cohort), whose ATT(level j) = mean of the cell's Delta Y over tercile j minus the
control mean: trends' ``sieve="bins"`` with ``n_bins=3``.

The data builders :func:`mpdta_dose` and :func:`simulated_panel` are imported by the test as well, so both sides
read the same rows.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
MPDTA = HERE.parents[2] / "src" / "trends" / "datasets" / "data" / "mpdta.csv"
OUT = HERE / "dose_diffdiff_continuous.csv"
N_GRID = 25  # trends' curve grid: 25 equally spaced doses from the smallest to the largest adopter dose


def mpdta_dose() -> pd.DataFrame:
    """mpdta (Callaway & Sant'Anna 2021) with a synthetic county dose: ``0.5 + 0.4 lpop + N(0, 0.3^2)``.

    The dose is constant per county (seed 20261207, rounded to 6 decimals, all positive); never-treated counties
    get dose 0 (the peer's convention). Columns: ``year, countyreal, lpop, lemp, first_treat, treat, dose``.
    """
    d = pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})
    c = d.drop_duplicates("countyreal").set_index("countyreal").sort_index()
    rng = np.random.default_rng(20261207)
    dose = pd.Series(np.round(0.5 + 0.4 * c["lpop"] + 0.3 * rng.standard_normal(len(c)), 6), index=c.index)
    d["dose"] = d["countyreal"].map(dose).where(d["first_treat"] > 0, 0.0)
    return d


def simulated_panel() -> pd.DataFrame:
    """A staggered panel with a known linear dose effect (seed 7).

    240 units over periods 1-6: 80 adopt in period 3, 60 in period 5, 100 never (``first_treat`` 0). Adopter
    doses are U(0.5, 3). ``y = unit effect + period effect + 1{t >= g} (1 + 0.8 d)(1 + 0.25 (t - g)) + N(0, 0.5^2)``,
    so ATT(d) in a cell ``(g, t)`` is ``(1 + 0.8 d)(1 + 0.25 (t - g))``: linear in the dose, slope ``0.8 (1 + 0.25
    (t - g))``. Columns: ``unit, period, y, first_treat, dose``.
    """
    rng = np.random.default_rng(7)
    n = 240
    g = np.r_[np.full(80, 3), np.full(60, 5), np.zeros(100, int)]
    dose = np.where(g > 0, np.round(rng.uniform(0.5, 3.0, n), 6), 0.0)
    alpha = rng.normal(0, 1, n)
    periods = np.arange(1, 7)
    lam = np.array([0.0, 0.3, 0.5, 0.4, 0.9, 1.2])
    rows = []
    for i in range(n):
        for k, t in enumerate(periods):
            eff = (1 + 0.8 * dose[i]) * (1 + 0.25 * (t - g[i])) if g[i] > 0 and t >= g[i] else 0.0
            y = alpha[i] + lam[k] + eff + rng.normal(0, 0.5)
            rows.append(
                dict(unit=i + 1, period=int(t), y=round(float(y), 10), first_treat=int(g[i]), dose=dose[i])
            )
    return pd.DataFrame(rows)


# case -> (data builder, column names, rows kept, peer control groups)
CASES = {
    # one pre period (2006), one post period (2007), cohort 2007 against the never-treated: no staggering
    "mpdta_2period": dict(
        data="mpdta", keep=lambda d: d[d["year"].isin([2006, 2007]) & d["first_treat"].isin([0, 2007])]
    ),
    # 2003-2004: cohort 2004 against the never-treated and the cohorts adopting after the panel (2006, 2007)
    "mpdta_2period_nyt": dict(data="mpdta", keep=lambda d: d[d["year"].isin([2003, 2004])]),
    # the full staggered panel (cohorts 2004, 2006, 2007; 2003-2007)
    "mpdta_staggered": dict(data="mpdta", keep=lambda d: d),
    "sim_staggered": dict(data="sim", keep=lambda d: d),
}
COLS = {
    "mpdta": dict(outcome="lemp", unit="countyreal", time="year", first_treat="first_treat", dose="dose"),
    "sim": dict(outcome="y", unit="unit", time="period", first_treat="first_treat", dose="dose"),
}


def case_data(case: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The rows of one case and its column names (used by the test too)."""
    spec = CASES[case]
    d = mpdta_dose() if spec["data"] == "mpdta" else simulated_panel()
    return spec["keep"](d).reset_index(drop=True), COLS[spec["data"]]


def cohort_doses(d: pd.DataFrame, cols: dict[str, str]) -> dict[int, np.ndarray]:
    """Adopter doses by cohort (cohorts adopting inside the panel only)."""
    u = d.drop_duplicates(cols["unit"])
    last = d[cols["time"]].max()
    cohorts = sorted(g for g in u[cols["first_treat"]].unique() if 0 < g <= last)
    return {int(g): u.loc[u[cols["first_treat"]] == g, cols["dose"]].to_numpy(float) for g in cohorts}


def terciles(d: pd.DataFrame, cols: dict[str, str]) -> pd.DataFrame:
    """Replace each adopter's dose by its tercile (1, 2, 3) within its cohort (``pandas.qcut``)."""
    u = d.drop_duplicates(cols["unit"]).set_index(cols["unit"])
    tri = pd.Series(0.0, index=u.index)
    for g in u[cols["first_treat"]].unique():
        if g > 0:
            m = u[cols["first_treat"]] == g
            tri[m] = pd.qcut(u.loc[m, cols["dose"]], 3, labels=False).to_numpy() + 1.0
    out = d.copy()
    out[cols["dose"]] = out[cols["unit"]].map(tri)
    return out


def peer_rows(case: str, control_group: str, treatment_type: str) -> list[dict]:
    from diff_diff import ContinuousDiD

    d, cols = case_data(case)
    doses = cohort_doses(d, cols)
    if treatment_type == "discrete":
        d = terciles(d, cols)
        grids = {g: np.array([1.0, 2.0, 3.0]) for g in doses}
        agg_grid = np.array([1.0, 2.0, 3.0])
        dvals = None
    else:
        grids = {g: np.linspace(v.min(), v.max(), N_GRID) for g, v in doses.items()}
        allv = np.concatenate(list(doses.values()))
        agg_grid = np.quantile(allv, [0.1, 0.25, 0.5, 0.75, 0.9])
        dvals = np.concatenate([*grids.values(), agg_grid])
    est = ContinuousDiD(
        degree=1,
        num_knots=0,
        dvals=dvals,
        control_group=control_group,
        base_period="varying",
        treatment_type=treatment_type,
        n_bootstrap=0,
        rank_deficient_action="error",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = est.fit(d, **cols)
    base = dict(case=case, control_group=control_group, treatment_type=treatment_type)
    rows: list[dict] = []
    offsets, k = {}, 0
    for g, grid in grids.items():
        offsets[g] = k if treatment_type == "continuous" else 0
        k += len(grid) if treatment_type == "continuous" else 0
    for (g, t), cell in sorted(r.group_time_effects.items()):
        g, t = int(g), int(t)
        if t < g or g not in grids:  # post cells of cohorts adopting inside the panel only
            continue
        grid = grids[g]
        att = np.asarray(cell["att_d"])[offsets[g] : offsets[g] + len(grid)]
        for x, a in zip(grid, att, strict=True):
            rows.append(dict(base, g=g, t=t, quantity="att_d", dose=float(x), estimate=float(a), se=np.nan))
        rows.append(
            dict(
                base, g=g, t=t, quantity="att_glob", dose=np.nan, estimate=float(cell["att_glob"]), se=np.nan
            )
        )
        if treatment_type == "continuous":
            acrt = np.asarray(cell["acrt_d"])[offsets[g]]
            rows.append(dict(base, g=g, t=t, quantity="acrt", dose=np.nan, estimate=float(acrt), se=np.nan))
    curve = r.dose_response_att.to_dataframe()
    tail = curve.iloc[len(curve) - len(agg_grid) :]
    for x, a, s in zip(agg_grid, tail["effect"], tail["se"], strict=True):
        rows.append(
            dict(base, g=np.nan, t=np.nan, quantity="att_d", dose=float(x), estimate=float(a), se=float(s))
        )
    rows.append(
        dict(base, g=np.nan, t=np.nan, quantity="overall_att", dose=np.nan, estimate=float(r.overall_att),
             se=float(r.overall_att_se))
    )  # fmt: skip
    rows.append(
        dict(base, g=np.nan, t=np.nan, quantity="overall_acrt", dose=np.nan, estimate=float(r.overall_acrt),
             se=float(r.overall_acrt_se))
    )  # fmt: skip
    return rows


def main() -> None:
    import diff_diff

    assert diff_diff.__version__ == "3.13.0", diff_diff.__version__
    rows = []
    rows += peer_rows("mpdta_2period", "never_treated", "continuous")
    rows += peer_rows("mpdta_2period", "never_treated", "discrete")
    rows += peer_rows("mpdta_2period_nyt", "not_yet_treated", "continuous")
    rows += peer_rows("mpdta_2period_nyt", "not_yet_treated", "discrete")
    rows += peer_rows("mpdta_staggered", "not_yet_treated", "continuous")
    rows += peer_rows("mpdta_staggered", "not_yet_treated", "discrete")
    rows += peer_rows("mpdta_staggered", "never_treated", "continuous")
    rows += peer_rows("sim_staggered", "not_yet_treated", "continuous")
    rows += peer_rows("sim_staggered", "not_yet_treated", "discrete")
    out = pd.DataFrame(rows)
    out.to_csv(OUT, index=False, float_format="%.15g")
    print("written:", OUT.name, len(out), "rows")


if __name__ == "__main__":
    main()
