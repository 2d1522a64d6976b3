"""Bad input to ``att_gt`` (issue 4, "Bad input"): an estimate with a warning saying what was dropped,
or a clear ``TrendsDataError`` / ``ValueError`` -- never a silent NaN.

Source: issue 4's list (no never-treated and no not-yet-treated units for some cohort, a cohort of one
unit, all units treated at once, treatment that switches off, gaps in the panel, fewer than two
pre-periods), applied to mpdta (R ``did`` data) and small simulated panels; the expected behaviour
follows R ``did`` 2.x where it has one (dropping units treated in the first period, balancing the panel,
using the last cohort as comparison group when no unit is never treated).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import trends
from trends.impact import ImpactWarning, att_gt
from trends.schema import TrendsDataError

MPDTA = Path(trends.__file__).parent / "datasets" / "data" / "mpdta.csv"
ARGS = dict(yname="lemp", tname="year", idname="countyreal", gname="first_treat")


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    return pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})


def no_nan(res) -> None:
    """Every reported number is finite (the aggregations too)."""
    assert np.isfinite(res.table[["estimate", "std_error", "conf_low", "conf_high", "p_value"]]).all().all()
    for typ in ("simple", "dynamic", "group", "calendar"):
        agg = res.aggregate(typ)
        assert np.isfinite(agg.overall.to_numpy(dtype=float)).all()
        num = agg.table[["estimate", "std_error"]].to_numpy(dtype=float)
        assert np.isfinite(num).all()


def fit_quiet(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        return att_gt(data, **ARGS, **kw)


def test_no_never_treated(mpdta):
    treated_only = mpdta[mpdta["first_treat"] > 0]
    with pytest.raises(TrendsDataError, match="no never-treated units"):
        att_gt(treated_only, **ARGS)
    with pytest.warns(ImpactWarning, match="last cohort .*2007.* comparison group"):
        r = att_gt(treated_only, **ARGS, control_group="notyettreated")
    assert set(r.table["group"]) == {2004, 2006}
    assert r.table["time"].max() == 2006  # periods from 2007 on are dropped
    assert r.dropped["periods_after_last_cohort"] == 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        no_nan(r)


def test_all_units_treated_at_once(mpdta):
    once = mpdta.assign(first_treat=2006)
    with pytest.raises(TrendsDataError, match="never-treated"):
        att_gt(once, **ARGS)
    with pytest.raises(TrendsDataError, match="same time"):
        att_gt(once, **ARGS, control_group="notyettreated")
    with pytest.raises(TrendsDataError, match="no unit is ever treated"):
        att_gt(mpdta.assign(first_treat=0), **ARGS)


def test_cohort_of_one_unit(mpdta):
    one = mpdta[
        (mpdta["first_treat"] != 2006)
        | (mpdta["countyreal"] == mpdta.loc[mpdta["first_treat"] == 2006, "countyreal"].min())
    ]
    with pytest.warns(ImpactWarning, match="single unit"):
        r = att_gt(one, **ARGS)
    assert (r.table["group"] == 2006).sum() == 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        no_nan(r)


def test_treatment_switching_off(mpdta):
    # a cohort that changes within a unit (treatment "switching off" recoded as a new cohort)
    bad = mpdta.copy()
    bad.loc[(bad["countyreal"] == 8001) & (bad["year"] == 2007), "first_treat"] = 0
    with pytest.raises(TrendsDataError, match="varies within 1 unit"):
        att_gt(bad, **ARGS)


def test_gaps_in_panel(mpdta):
    gaps = mpdta.drop(index=mpdta.index[[0, 7, 12]])
    with pytest.warns(ImpactWarning, match="unbalanced: dropped 3 unit"):
        r = att_gt(gaps, **ARGS)
    assert r.n_units == 497 and r.dropped["units_unbalanced"] == 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        no_nan(r)
    with pytest.warns(ImpactWarning, match="unbalanced"):
        kept = att_gt(gaps, **ARGS, allow_unbalanced_panel=True)
    assert kept.n_units == 500
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        no_nan(kept)
    missing_y = mpdta.assign(lemp=mpdta["lemp"].where(mpdta.index != 5))
    with pytest.warns(ImpactWarning, match="dropped 1 row"):
        r2 = att_gt(missing_y, **ARGS)
    assert r2.n_units == 499


def test_fewer_than_two_pre_periods(mpdta):
    with pytest.warns(ImpactWarning, match="fewer than two pre-treatment periods"):
        r = att_gt(mpdta, **ARGS)
    assert not ((r.table["group"] == 2004) & ~r.table["post"]).any()
    # a cohort treated in the first period has no pre-period: dropped with a warning
    first = mpdta.assign(first_treat=mpdta["first_treat"].replace(2004, 2003))
    with pytest.warns(ImpactWarning, match="already treated in the first period"):
        r2 = att_gt(first, **ARGS)
    assert set(r2.table["group"]) == {2006, 2007}
    assert r2.dropped["units_treated_at_start"] == 20
    # only one pre-period anywhere: the pre-test has nothing to test and says so
    short = mpdta[mpdta["year"] >= 2005].assign(
        first_treat=lambda d: d["first_treat"].replace({2004: 0, 2007: 0})
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        r3 = att_gt(short, **ARGS)
    with pytest.warns(ImpactWarning, match="no pre-treatment"):
        pt = r3.pretest
    assert pt.df == 0


def test_cohort_after_last_period(mpdta):
    late = mpdta.assign(first_treat=mpdta["first_treat"].replace(2007, 2010))
    with pytest.warns(ImpactWarning, match="after the last period"):
        r = att_gt(late, **ARGS)
    assert set(r.table["group"]) == {2004, 2006}


def test_no_comparison_cell_reported(mpdta):
    # not-yet-treated controls only, in a panel where the latest cohort is treated in the last period:
    # late cells of earlier cohorts have no comparison units at all -> warned, excluded, never silent
    d = mpdta[mpdta["first_treat"] > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        r = att_gt(d, **ARGS, control_group="notyettreated")
    assert np.isfinite(r.table["estimate"]).all()


def test_structural_errors(mpdta):
    with pytest.raises(TrendsDataError, match="duplicated"):
        att_gt(pd.concat([mpdta, mpdta.iloc[:1]]), **ARGS)
    with pytest.raises(TrendsDataError, match="no column"):
        att_gt(mpdta.drop(columns="lemp"), **ARGS)
    with pytest.raises(TrendsDataError, match="numeric"):
        att_gt(mpdta.assign(lemp="x"), **ARGS)
    with pytest.raises(TrendsDataError, match="constant within unit"):
        att_gt(mpdta.assign(w=np.arange(len(mpdta), dtype=float)), **ARGS, weightsname="w")
    with pytest.raises(ValueError, match="anticipation"):
        att_gt(mpdta, **ARGS, anticipation=-1)
    with pytest.raises(ValueError, match="alp"):
        att_gt(mpdta, **ARGS, alpha=1.5)
    with pytest.raises(TypeError):
        att_gt(mpdta.to_numpy(), **ARGS)


def test_singular_covariate_cell_is_warned(mpdta):
    # a covariate constant within the treated cohort's cells makes the propensity score separate:
    # the cells are reported NaN with a warning and left out of the aggregations with a warning
    rng = np.random.default_rng(0)
    x = rng.uniform(size=mpdta["countyreal"].nunique())
    d = mpdta.assign(x=mpdta["countyreal"].map(dict(zip(mpdta["countyreal"].unique(), x, strict=True))))
    d.loc[d["first_treat"] == 2004, "x"] += 10.0  # cohort 2004 perfectly separated from the controls
    with pytest.warns(ImpactWarning, match="could not be estimated"):
        r = att_gt(d, **ARGS, xformla="~ x")
    bad = r.table["estimate"].isna()
    assert bad.any() and (r.table.loc[bad, "group"] == 2004).all()
    with pytest.warns(ImpactWarning, match="skips"):
        agg = r.aggregate("simple")
    assert np.isfinite(agg.estimate)
