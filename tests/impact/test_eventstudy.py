"""Sun & Abraham and imputation event studies against diff-diff, and the shared event-study chart.

Sources
-------
* Peer: diff-diff 3.13.0 ``SunAbraham(cluster="countyreal")`` and ``ImputationDiD(cluster="countyreal")``
  on mpdta (R ``did`` data), run by ``tests/impact/results/make_reference.py`` into
  ``tests/impact/results/mpdta_diffdiff_eventstudy.csv`` (and, without the year 2005,
  ``mpdta_gap2005_diffdiff_sunab.csv``).
* Identity (Sun & Abraham 2021, Prop. 5 discussion): with never-treated controls on a balanced panel the
  interaction-weighted event-time estimates equal Callaway & Sant'Anna's dynamic aggregation with a
  universal base period (R ``did`` vignette).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import trends
from trends.impact import (
    EventStudyResult,
    ImpactWarning,
    att_gt,
    event_study_table,
    imputation,
    plot_event_studies,
    sun_abraham,
    twfe_event_study,
)
from trends.schema import TrendsDataError

RESULTS = Path(__file__).parent / "results"
MPDTA = Path(trends.__file__).parent / "datasets" / "data" / "mpdta.csv"
ARGS = dict(yname="lemp", tname="year", idname="countyreal", gname="first_treat")


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    return pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "mpdta_diffdiff_eventstudy.csv", dtype={"event_time": str})


@pytest.mark.parametrize("name", ["sun_abraham", "imputation"])
def test_vs_diff_diff(mpdta, reference, name):
    fn = {"sun_abraham": sun_abraham, "imputation": imputation}[name]
    res = fn(mpdta, **ARGS)
    ref = reference[reference["estimator"] == name]
    overall = ref[ref["event_time"] == "overall"].iloc[0]
    ref = ref[ref["event_time"] != "overall"].assign(event_time=lambda r: r["event_time"].astype(int))
    got = res.table.merge(ref, on="event_time", suffixes=("", "_ref"))
    got = got[got["std_error_ref"] > 0]  # diff-diff lists the imputation reference period -1 as 0
    assert len(got) == len(ref[ref["std_error"] > 0])
    np.testing.assert_allclose(got["estimate"], got["estimate_ref"], atol=1e-6)
    np.testing.assert_allclose(got["std_error"], got["std_error_ref"], atol=1e-6)
    assert res.overall["estimate"].iloc[0] == pytest.approx(overall["estimate"], abs=1e-6)
    assert res.overall["std_error"].iloc[0] == pytest.approx(overall["std_error"], abs=1e-6)


def test_sun_abraham_with_a_gap_in_the_period_grid_matches_diff_diff(mpdta):
    """mpdta without 2005: the 2006 cohort has no period -1, so its last observed period before adoption (2004)
    is its reference; without that the design was singular and was inverted anyway (standard errors of 5e4).
    Peer: diff-diff 3.13.0 ``SunAbraham(cluster="countyreal")`` on the same rows
    (``make_reference.diff_diff_gap_reference``)."""
    ref = pd.read_csv(RESULTS / "mpdta_gap2005_diffdiff_sunab.csv", dtype={"event_time": str}).dropna()
    with pytest.warns(ImpactWarning, match="no observation one period before adoption"):
        res = sun_abraham(mpdta[mpdta["year"] != 2005], **ARGS)
    overall = ref[ref["event_time"] == "overall"].iloc[0]
    ref = ref[ref["event_time"] != "overall"].assign(event_time=lambda r: r["event_time"].astype(int))
    got = res.table.merge(ref, on="event_time", suffixes=("", "_ref"))
    assert len(got) == len(ref)
    np.testing.assert_allclose(got["estimate"], got["estimate_ref"], atol=1e-9)
    np.testing.assert_allclose(got["std_error"], got["std_error_ref"], atol=1e-9)
    assert res.overall["estimate"].iloc[0] == pytest.approx(overall["estimate"], abs=1e-9)
    assert res.overall["std_error"].iloc[0] == pytest.approx(overall["std_error"], abs=1e-9)


def test_sun_abraham_takes_cohorts_after_the_last_period_as_never_treated(mpdta):
    """As ``att_gt`` and R ``did`` do: a unit first treated after the window is a control within it (kept as a
    cohort, its leads had no period -1 and the design was singular)."""
    ids = mpdta.loc[mpdta["first_treat"] == 0, "countyreal"].unique()[:30]
    late = mpdta.assign(first_treat=mpdta["first_treat"].mask(mpdta["countyreal"].isin(ids), 2009))
    never = mpdta.assign(first_treat=mpdta["first_treat"].mask(mpdta["countyreal"].isin(ids), 0))
    with pytest.warns(ImpactWarning, match="after the last period"):
        got = sun_abraham(late, **ARGS)
    want = sun_abraham(never, **ARGS)
    pd.testing.assert_frame_equal(got.table, want.table)
    pd.testing.assert_frame_equal(got.overall, want.overall)


def test_sun_abraham_equals_cs_universal(mpdta):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        cs = att_gt(mpdta, **ARGS, base_period="universal").aggregate("dynamic")
    sa = sun_abraham(mpdta, **ARGS)
    np.testing.assert_allclose(sa.table["estimate"], cs.table["estimate"], atol=1e-10)


def test_imputation_max_e_and_no_never_treated(mpdta):
    r = imputation(mpdta, **ARGS, max_e=1)
    assert r.table["event_time"].tolist() == [0, 1]
    nyt = mpdta[mpdta["first_treat"] > 0]
    with pytest.warns(ImpactWarning, match="cannot be imputed"):
        r2 = imputation(nyt, **ARGS)
    assert np.isfinite(r2.table[["estimate", "std_error"]].to_numpy()).all()
    with pytest.warns(ImpactWarning, match="last-treated cohort"):
        s2 = sun_abraham(nyt, **ARGS)
    assert np.isfinite(s2.table[["estimate", "std_error"]].to_numpy()).all()
    one = mpdta[mpdta["first_treat"] == 2006]
    with pytest.raises(TrendsDataError):
        imputation(one, **ARGS)
    with pytest.raises(TrendsDataError, match="same time"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        sun_abraham(one, **ARGS)


def test_plot_event_studies_draws_the_tables(mpdta):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        cs = att_gt(mpdta, **ARGS).aggregate("dynamic").to_event_study()
    results = [cs, sun_abraham(mpdta, **ARGS), imputation(mpdta, **ARGS), twfe_event_study(mpdta, **ARGS)]
    assert all(isinstance(r, EventStudyResult) for r in results)
    for r in results:
        assert list(r.table.columns) == [
            "term",
            "estimator",
            "event_time",
            "estimate",
            "std_error",
            "conf_low",
            "conf_high",
            "p_value",
        ]
        assert np.isfinite(r.overall[["estimate", "std_error"]].to_numpy()).all()
    fig = plot_event_studies(results)
    ax = fig.axes[0]
    assert len(ax.containers) == 4
    for cont, res in zip(ax.containers, results, strict=True):
        y = cont.lines[0].get_ydata()
        np.testing.assert_allclose(y, res.table["estimate"].to_numpy())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [r.estimator for r in results]
    single, _ = results[1].plot()
    assert single.axes
    wide = event_study_table(results, "estimate")
    assert list(wide.columns) == sorted(r.estimator for r in results)
    assert wide.loc[0, "imputation"] == pytest.approx(
        results[2].table.set_index("event_time").loc[0, "estimate"]
    )


def test_imputation_pretrend_leads_match_dummy_regression(mpdta):
    # BJS (2024) Section 4.4: untreated observations on unit and period effects plus leads -K..-1,
    # here by least squares on explicit dummies
    with pytest.warns(ImpactWarning, match="single period"):  # the 2004 cohort has one untreated year
        r = imputation(mpdta, **ARGS, pretrends=3)
    leads = r.table[r.table["event_time"] < 0].set_index("event_time")
    assert leads.index.tolist() == [-3, -2, -1]
    u = mpdta[(mpdta["first_treat"] == 0) | (mpdta["year"] < mpdta["first_treat"])].reset_index(drop=True)
    u = u[u.groupby("countyreal")["year"].transform("size") > 1].reset_index(drop=True)
    e = np.where(u["first_treat"] > 0, u["year"] - u["first_treat"], np.nan)
    lead_cols = np.column_stack([(e == -k).astype(float) for k in (3, 2, 1)])
    unit = np.eye(u["countyreal"].nunique())[pd.factorize(u["countyreal"])[0]]
    year = np.eye(u["year"].nunique())[pd.factorize(u["year"], sort=True)[0]][:, 1:]
    coef = np.linalg.lstsq(np.hstack([lead_cols, unit, year]), u["lemp"].to_numpy(float), rcond=None)[0]
    np.testing.assert_allclose(leads["estimate"].to_numpy(), coef[:3], atol=1e-10)
    pt = r.spec["pretest"]
    assert pt["df"] == 3 and 0 < pt["p_value"] < 1
