"""Spill-overs to neighbouring districts (trends.impact.spillover_imputation, Butts 2021 in imputation form).

Checked three ways: with no exposed cell the direct effect is exactly the Poisson imputation (itself checked
against statsmodels' GLM in test_poisson.py); on SIMULATED Hanoi studies with a planted displacement
(``simulate_hanoi(spillover=...)``) both effects are recovered and the naive estimate, whose comparison group
holds the displaced crime, is biased away from the truth; bad input is a clear error.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.geo import hanoi_adjacency
from trends.impact import ImpactWarning, poisson_imputation, spillover_imputation
from trends.panel import adoption_panel, neighbour_exposure
from trends.schema import TrendsDataError
from trends.simulate import simulate_hanoi, true_att

COLUMNS = dict(yname="count", tname="period", idname="series", gname="cohort", cluster="district",
               strata="offence")  # fmt: skip


def _study(spillover: float, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    sim = simulate_hanoi(seed, spillover=spillover)
    panel = adoption_panel(sim.crimes, sim.rollout, sim.districts)
    panel["exposure"] = panel["district"].map(neighbour_exposure(panel, hanoi_adjacency()))
    return panel, sim.truth


def test_without_exposure_the_direct_effect_is_the_poisson_imputation() -> None:
    panel, _ = _study(0.0)
    panel["exposure"] = pd.NaT
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        res = spillover_imputation(panel, **COLUMNS, exposure="exposure", biters=2)
        ref = poisson_imputation(panel, **COLUMNS, biters=2)
    assert res.term("direct")["estimate"] == pytest.approx(ref.overall["estimate"].iloc[0], abs=1e-10)
    assert res.term("direct_naive")["estimate"] == pytest.approx(ref.overall["estimate"].iloc[0], abs=1e-10)
    assert np.isnan(res.term("spillover")["estimate"])
    # the result protocol: the headline is the direct effect; bounds at another level on the ratio scale
    assert res.estimate == res.term("direct")["estimate"]
    assert (res.conf_int(0.5)["conf_low"].dropna() > -1).all()


def test_a_planted_displacement_is_recovered_and_biases_the_naive_estimate() -> None:
    panel, truth = _study(0.15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        res = spillover_imputation(panel, **COLUMNS, exposure="exposure", biters=29, seed=1)
    left_out = {u.split("/")[0] for u in res.spec["units_left_out"]}
    kept = truth[~truth["district"].isin(left_out)]
    true_direct = true_att(kept)["att_pct"].iloc[0] / 100
    exposed = kept[kept["exposed"]]
    true_spill = exposed["mu1"].sum() / exposed["mu0"].sum() - 1
    direct, spill, naive = (res.term(t) for t in ("direct", "spillover", "direct_naive"))
    assert direct["conf_low"] < true_direct < direct["conf_high"]
    assert spill["conf_low"] < true_spill < spill["conf_high"]
    assert spill["conf_low"] > 0  # the displacement is detected
    # the naive comparison group holds the displaced crime: its effect is further from the truth
    assert abs(naive["estimate"] - true_direct) > 2 * abs(direct["estimate"] - true_direct)


def test_neighbour_exposure_is_the_earliest_neighbour_cohort() -> None:
    panel = pd.DataFrame(
        {"district": ["a", "b", "c", "d"],
         "cohort": pd.to_datetime(["2020-03-01", None, "2021-01-01", None])}
    )  # fmt: skip
    pairs = pd.DataFrame({"district_a": ["a", "b", "c"], "district_b": ["b", "c", "d"]})
    exposure = neighbour_exposure(panel, pairs)
    assert exposure["b"] == pd.Timestamp("2020-03-01")  # a (2020-03) before c (2021-01)
    assert exposure["d"] == pd.Timestamp("2021-01-01")
    assert pd.isna(exposure["a"])  # its only neighbour, b, never adopted
    with pytest.raises(TrendsDataError, match="names districts the panel does not have"):
        neighbour_exposure(panel, pd.DataFrame({"district_a": ["a"], "district_b": ["zz"]}))
    with pytest.raises(TrendsDataError, match="lacks column"):
        neighbour_exposure(panel, pd.DataFrame({"from": ["a"], "to": ["b"]}))


def test_an_exposure_that_varies_within_a_unit_is_refused() -> None:
    panel, _ = _study(0.0)
    panel["exposure"] = panel["period"]
    with pytest.raises(TrendsDataError, match="varies within a unit"):
        spillover_imputation(panel, **COLUMNS, exposure="exposure", biters=2)


def test_min_comparisons_leaves_thinly_compared_periods_out_of_every_term() -> None:
    panel, _ = _study(0.15, seed=1)
    fit = dict(**COLUMNS, exposure="exposure", biters=3, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        loose = spillover_imputation(panel, **fit)
    with pytest.warns(ImpactWarning, match=r"fewer than 3 clusters \('district'\) that are neither treated"):
        strict = spillover_imputation(panel, **fit, min_comparisons=3)
    # districts with a clean cell (neither adopted nor bordering an adopter), per offence and period, by hand
    kept = panel[~panel["series"].isin(loose.spec["units_left_out"])]
    clean = (kept["cohort"].isna() | (kept["period"] < kept["cohort"])) & (
        kept["exposure"].isna() | (kept["period"] < kept["exposure"])
    )
    support = kept[clean].groupby(["offence", "period"])["district"].nunique()
    support = support.reindex(
        pd.MultiIndex.from_frame(kept[["offence", "period"]].drop_duplicates()), fill_value=0
    )
    assert (
        (support > 0) & (support < 3)
    ).any()  # the floor leaves out more than the periods with no comparison
    thin = set(support.index[support < 3])
    offence = loose.cells["unit"].str.split("/").str[1]
    in_thin = [(o, p) in thin for o, p in zip(offence, loose.cells["period"], strict=True)]
    cells = loose.cells[~np.array(in_thin)]
    # the clean fit is the same: the strict terms are the loose fit's ratios on the cells of well-compared periods
    pd.testing.assert_frame_equal(
        strict.cells.reset_index(drop=True), cells.reset_index(drop=True), check_exact=False, rtol=1e-9
    )
    for term in ("direct", "spillover"):
        part = cells[cells["term"] == term]
        expected = part["observed"].sum() / part["expected"].sum() - 1
        assert strict.term(term)["estimate"] == pytest.approx(expected, rel=1e-9)
    # the naive estimate averages the same treated cells as the direct one
    assert strict.term("direct_naive")["observed"] == strict.term("direct")["observed"]
    assert strict.spec["cells_thin"] - loose.spec["cells_thin"] == len(loose.cells) - len(strict.cells) > 0
    assert strict.spec["periods_not_imputed"] > loose.spec["periods_not_imputed"]
    with pytest.raises(ValueError, match="min_comparisons must be a positive integer"):
        spillover_imputation(panel, **fit, min_comparisons=0)
