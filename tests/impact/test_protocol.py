"""One argument convention and one result protocol across trends.impact (issue 16).

Every estimator takes the data first and keyword-only column arguments with the same names; the old spellings
still run, with a DeprecationWarning naming the new one. Every result answers ``tidy()``, ``conf_int(level)``,
``summary()``, ``estimate`` / ``std_error`` and ``plot(ax=None) -> (fig, ax)``, with ``term`` as the key of
its table.
"""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import trends
from trends import impact
from trends._api import COLUMN_ARGUMENTS
from trends.datasets import real
from trends.results import Result

MPDTA = Path(trends.__file__).parent / "datasets" / "data" / "mpdta.csv"
pytestmark = pytest.mark.filterwarnings("ignore::trends.impact.ImpactWarning")

COLS = dict(yname="lemp", tname="year", idname="countyreal", gname="first_treat")


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    d = pd.read_csv(MPDTA).rename(columns={"first.treat": "first_treat"})
    return d.assign(treated=((d["year"] >= d["first_treat"]) & (d["first_treat"] > 0)).astype(int))


@pytest.fixture(scope="module")
def castle() -> pd.DataFrame:
    return real.load_castle()


def test_every_estimator_takes_data_then_keyword_only_columns() -> None:
    estimators = [getattr(impact, n) for n in impact.__all__ if inspect.isfunction(getattr(impact, n))]
    checked = 0
    for fn in estimators:
        params = inspect.signature(fn).parameters
        for name in COLUMN_ARGUMENTS:
            if name in params:
                assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, (fn.__name__, name)
                checked += 1
        assert not {"alp", "clustervars", "level", "unit", "time", "outcome", "df"} & set(params), fn.__name__
    assert checked >= 50


def test_swapped_unit_and_period_in_twfe_no_longer_pass_silently(castle) -> None:
    """The old positional order (yname, dname, idname, tname) warns and names every column it assumed."""
    with pytest.warns(DeprecationWarning, match="idname='year', tname='sid'"):
        swapped = impact.twfe(castle, "l_homicide", "post", "year", "sid")
    assert swapped.n_clusters == 11  # what the warning lets a reader see: clustered by year
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        right = impact.twfe(castle, yname="l_homicide", dname="post", idname="sid", tname="year")
    assert right.n_clusters == 50 and right.spec["idname"] == "sid"
    with pytest.raises(TypeError, match="pass the columns by name"):
        impact.twfe(castle, "l_homicide", "post", "sid", "year", None, "extra")


def test_old_keywords_map_to_the_new_ones_with_the_same_numbers(mpdta) -> None:
    new = impact.att_gt(mpdta, **COLS, cluster="countyreal", alpha=0.1)
    with pytest.warns(
        DeprecationWarning, match="clustervars= is deprecated; use cluster=.*alp= is deprecated"
    ):
        old = impact.att_gt(mpdta, *COLS.values(), clustervars="countyreal", alp=0.1)
    pd.testing.assert_frame_equal(new.table, old.table)
    times = pd.date_range("2020-01-01", periods=36, freq="MS")
    series = pd.DataFrame({"period": times, "y": 40 + np.sin(np.arange(36)) + np.arange(36) % 3})
    with pytest.warns(DeprecationWarning, match="level=0.9 is deprecated; use alpha=0.1"):
        its = impact.its(
            series, time="period", outcome="y", treatment_start=times[30], level=0.9, n_sims=50, param_draws=0
        )
    assert its.spec["alpha"] == 0.1 and its.level == pytest.approx(0.9)


def _results(mpdta, castle) -> dict[str, Result]:
    gt = impact.att_gt(mpdta, **COLS, base_period="universal")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", impact.ImpactWarning)
        return {
            "att_gt": gt,
            "aggregate": gt.aggregate("dynamic"),
            "aggregate_simple": gt.aggregate("simple"),
            "event_study": impact.sun_abraham(mpdta, **COLS),
            "twfe": impact.twfe(castle, yname="l_homicide", dname="post", idname="sid", tname="year"),
            "bacon": impact.bacon_decomposition(
                castle, yname="l_homicide", dname="post", idname="sid", tname="year"
            ),
            "ppml": impact.ppml(
                mpdta.assign(emp=np.exp(mpdta["lemp"])),
                yname="emp",
                tname="year",
                idname="countyreal",
                dname="treated",
            ),
            "honest": impact.relative_magnitude_bounds(gt, mbar=(0.0, 1.0), method="naive"),
            "robust": impact.leave_one_out(
                mpdta[mpdta["countyreal"] < 13000],
                lambda d: impact.twfe(d, yname="lemp", dname="treated", idname="countyreal", tname="year"),
                idname="countyreal",
                units=[8001, 8019],
            ),
        }


def test_every_result_follows_the_protocol(mpdta, castle) -> None:
    import matplotlib

    matplotlib.use("Agg")
    for name, res in _results(mpdta, castle).items():
        assert isinstance(res, Result), name
        tidy = res.tidy()
        if len(tidy):
            assert tidy.columns[0] == "term" and "term" in res.table.columns, name
        assert np.isfinite(res.estimate), name
        text = res.summary()
        assert type(res).__name__ in text and res.sentence() in text, name
        fig, ax = res.plot()
        assert ax in fig.axes, name
        if "std_error" in tidy.columns and len(tidy) and name not in ("bacon", "honest"):
            wide, narrow = res.conf_int(), res.conf_int(0.5)
            assert list(wide.index) == list(tidy["term"]), name
            ok = tidy["std_error"].to_numpy() > 0
            w = (wide["conf_high"] - wide["conf_low"]).to_numpy()[ok]
            n = (narrow["conf_high"] - narrow["conf_low"]).to_numpy()[ok]
            assert (n < w).all(), name


def test_honest_bounds_read_every_event_study_through_one_method(mpdta) -> None:
    gt = impact.att_gt(mpdta, **COLS, base_period="universal")
    assert gt.estimate == gt.aggregate("simple").estimate  # the headline of ATT(g, t) is the overall ATT
    e, est, V, ref = gt.event_study_coefficients()
    dyn = gt.aggregate("dynamic").table
    np.testing.assert_allclose(est, dyn["estimate"].to_numpy(), atol=1e-12)
    np.testing.assert_allclose(np.sqrt(np.diag(V)), dyn["std_error"].to_numpy(), rtol=1e-6)
    assert ref == -1 and list(e) == list(dyn["event_time"])
    with pytest.raises(TypeError, match="pass the ATTgtResult itself"):
        impact.relative_magnitude_bounds(gt.aggregate("dynamic"))
