"""Coherent forecasts: reconciled districts add up to the city, offences to all crime (exact to 1e-9)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from trends.forecast import aggregate, forecast, reconcile
from trends.forecast.hierarchy import shrunk_covariance

DISTRICTS = ["Ba Đình", "Đống Đa", "Sóc Sơn", "Mê Linh"]
OFFENCES = ["theft", "assault", "drugs"]


@pytest.fixture(scope="module")
def hier_and_base():
    rng = np.random.default_rng(7)
    periods = pd.date_range("2017-01-01", periods=48, freq="MS")
    rows = []
    for i, d in enumerate(DISTRICTS):
        for j, o in enumerate(OFFENCES):
            mu = (2 + 3 * i) * (1 + j) * (1 + 0.25 * np.sin(2 * np.pi * np.arange(48) / 12))
            rows.append(
                pd.DataFrame({"district": d, "offence": o, "period": periods, "count": rng.poisson(mu)})
            )
    df = pd.concat(rows, ignore_index=True)
    hier = aggregate(df, ids=["district", "offence"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = forecast(
            hier.data,
            6,
            ids=hier.ids,
            # auto among naive and TSB (not additive): with a linear candidate such as window_mean, which the
            # panel's proper-score shrinkage picks for every series here, the base forecasts would add up
            method=["naive", "tsb", "auto"],
            n_windows=4,
            progress=False,
        )
    return df, hier, base


def test_aggregate_builds_levels_and_summing_matrix(hier_and_base) -> None:
    df, hier, _ = hier_and_base
    n_b = len(DISTRICTS) * len(OFFENCES)
    assert hier.S.shape == (1 + len(DISTRICTS) + len(OFFENCES) + n_b, n_b)
    assert hier.S.loc[("Total", "Total")].sum() == n_b
    assert hier.S.loc[("Sóc Sơn", "Total")].sum() == len(OFFENCES)
    city = hier.data[(hier.data["district"] == "Total") & (hier.data["offence"] == "Total")]
    np.testing.assert_array_equal(city.sort_values("period")["count"], df.groupby("period")["count"].sum())


def _check_adds_up(t: pd.DataFrame) -> None:
    m = t.set_index(["district", "offence", "period"])["mean"]
    bottom = t[(t["district"] != "Total") & (t["offence"] != "Total")]
    city = m.xs(("Total", "Total"), level=["district", "offence"]).sort_index()
    np.testing.assert_allclose(city, bottom.groupby("period")["mean"].sum().sort_index(), rtol=0, atol=1e-9)
    for d in DISTRICTS:
        dist = m.xs((d, "Total"), level=["district", "offence"]).sort_index()
        parts = bottom[bottom["district"] == d].groupby("period")["mean"].sum().sort_index()
        np.testing.assert_allclose(dist, parts, rtol=0, atol=1e-9)
    for o in OFFENCES:
        off = m.xs(("Total", o), level=["district", "offence"]).sort_index()
        parts = bottom[bottom["offence"] == o].groupby("period")["mean"].sum().sort_index()
        np.testing.assert_allclose(off, parts, rtol=0, atol=1e-9)


@pytest.mark.parametrize("method", ["bottom_up", "top_down", "mint_shrink"])
@pytest.mark.parametrize("which", ["auto", "naive"])
def test_reconciled_forecasts_add_up(hier_and_base, method: str, which: str) -> None:
    _, _, base = hier_and_base
    t = base.table[base.table["method"] == which]
    # base forecasts do not add up (otherwise the test would prove nothing)
    city = t[(t["district"] == "Total") & (t["offence"] == "Total")]["mean"].to_numpy()
    bottom = (
        t[(t["district"] != "Total") & (t["offence"] != "Total")].groupby("period")["mean"].sum().to_numpy()
    )
    if which == "auto":
        assert np.max(np.abs(city - bottom)) > 1e-3
    rec = reconcile(base, hier_and_base[1], method, forecast_method=which)
    _check_adds_up(rec.table)
    assert (rec.table["mean"] >= 0).all()
    assert (rec.table[["lo_80", "lo_95"]] >= 0).all().all()
    # the predictive median moves with its mean, never below 0 (the panel's series are counts)
    key = ["district", "offence", "period"]
    both = rec.table.merge(t[[*key, "median"]], on=key, suffixes=("", "_base"), validate="one_to_one")
    moved = both["median_base"] + both["mean"] - both["mean_base"]
    np.testing.assert_allclose(both["median"], moved.clip(lower=0))
    assert (rec.table["reconciliation"] == method).all()
    assert "mean_base" in rec.table.columns


def test_bottom_up_keeps_bottom_forecasts(hier_and_base) -> None:
    _, hier, base = hier_and_base
    rec = reconcile(base, hier, "bottom_up", forecast_method="auto").table
    b = rec[(rec["district"] != "Total") & (rec["offence"] != "Total")]
    np.testing.assert_allclose(b["mean"], b["mean_base"])


def test_mint_leaves_coherent_forecasts_unchanged(hier_and_base) -> None:
    """MinT is a projection onto coherent forecasts: S G S = S, so coherent input comes back as it was."""
    _, hier, base = hier_and_base
    bu = reconcile(base, hier, "bottom_up", forecast_method="auto")
    again = reconcile(bu, hier, "mint_shrink", forecast_method="auto").table
    np.testing.assert_allclose(again["mean"], again["mean_base"], rtol=0, atol=1e-8)


def test_top_down_splits_by_historical_shares(hier_and_base) -> None:
    df, hier, base = hier_and_base
    rec = reconcile(base, hier, "top_down", forecast_method="naive").table
    share = df.groupby(["district", "offence"])["count"].sum() / df["count"].sum()
    city = rec[(rec["district"] == "Total") & (rec["offence"] == "Total")].set_index("period")["mean"]
    one = rec[(rec["district"] == "Ba Đình") & (rec["offence"] == "theft")].set_index("period")["mean"]
    np.testing.assert_allclose(one, share[("Ba Đình", "theft")] * city, rtol=1e-12)


def test_shrinkage_intensity() -> None:
    rng = np.random.default_rng(0)
    independent = rng.normal(size=(40, 6))
    factor = rng.normal(size=(40, 1))
    correlated = factor + 0.05 * rng.normal(size=(40, 6))
    W_ind, lam_ind = shrunk_covariance(independent)
    W_cor, lam_cor = shrunk_covariance(correlated)
    assert lam_ind > 0.5 and lam_cor < 0.1
    cov = correlated.T @ correlated / len(correlated)  # uncentred, as in R hts
    np.testing.assert_allclose(np.diag(W_cor), np.diag(cov))
    np.testing.assert_allclose(W_cor[0, 1], (1 - lam_cor) * cov[0, 1])
    assert np.all(np.linalg.eigvalsh(W_ind) > 0)


def test_shrinkage_matches_pairwise_formula() -> None:
    """The matrix code against a direct pair-by-pair transcription of Schäfer & Strimmer (2005), target D."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(15, 4)) @ rng.normal(size=(4, 4))
    n, p = X.shape
    s = np.sqrt((X**2).mean(axis=0))
    num = den = 0.0
    for i in range(p):
        for j in range(p):
            if i == j:
                continue
            w = (X[:, i] / s[i]) * (X[:, j] / s[j])
            num += np.sum((w - w.mean()) ** 2) / (n * (n - 1))
            den += w.mean() ** 2
    _, lam = shrunk_covariance(X)
    assert lam == pytest.approx(min(max(num / den, 0.0), 1.0), rel=1e-10)


def test_aggregate_refuses_bottom_series_that_do_not_cover_every_period(hier_and_base) -> None:
    from trends.schema import TrendsDataError

    df = hier_and_base[0]
    # a district x offence series that stops two months early: the city total would fall by its count there
    ragged = df[
        ~((df["district"] == "Mê Linh") & (df["offence"] == "drugs") & (df["period"] >= "2020-11-01"))
    ]
    with pytest.raises(TrendsDataError, match="1 of 12 bottom series do not cover all 48 periods"):
        aggregate(ragged, ids=["district", "offence"])
    # a period listed twice for one series would be counted twice in every aggregate above it
    with pytest.raises(TrendsDataError, match="2 rows repeat a bottom series' period"):
        aggregate(pd.concat([df, df.iloc[[5]]]), ids=["district", "offence"])


def test_reconciled_count_intervals_keep_their_width_and_rates_stay_non_negative() -> None:
    """Count bounds moved by a fraction of a case and rounded inward lost a case of width (the 80 % interval of a
    mean of 0.54 became [1, ...]): whole-case moves keep them; a series never below zero keeps bounds >= 0."""
    from trends.datasets import load_hanoi

    crimes = load_hanoi().crimes
    sub = crimes[crimes["district"].isin(sorted(crimes["district"].unique())[:3])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = aggregate(sub, ids=["district", "offence"])
        base = forecast(h.data, 6, ids=["district", "offence"], progress=False).table
        fc = forecast(h.data, 6, ids=["district", "offence"], progress=False)
        rec = reconcile(fc, h, method="mint_shrink").table
        rates = aggregate(sub.assign(count=sub["count"] * 0.5), ids=["district", "offence"])
        rate_rec = reconcile(
            forecast(rates.data, 6, ids=["district", "offence"], method="snaive", progress=False),
            rates,
            method="mint_shrink",
        ).table
    width = (rec["hi_80"] - rec["lo_80"]).mean()
    assert width == pytest.approx((base["hi_80"] - base["lo_80"]).mean(), rel=0.02)
    outside = (rec["lo_80"] > rec["mean"] + 1e-9) | (rec["hi_80"] < rec["mean"] - 1e-9)
    assert outside.mean() < 0.05
    assert (rate_rec["lo_95"] >= 0).all()


def test_aggregate_refuses_missing_ids_and_values() -> None:
    """A row without its district would leave the district level short of the total; a missing value would be
    summed as zero."""
    from trends.schema import TrendsDataError

    periods = pd.to_datetime(["2024-01-01", "2024-02-01"] * 2)
    df = pd.DataFrame({"district": ["a", "a", "b", "b"], "period": periods, "count": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(TrendsDataError, match="missing value"):
        aggregate(df.assign(district=["a", "a", None, "b"]), ids=["district"])
    with pytest.raises(TrendsDataError, match="count them as zero"):
        aggregate(df.assign(count=[1.0, np.nan, 3.0, 4.0]), ids=["district"])


def test_top_down_with_one_id_column_splits_by_historical_shares(hier_and_base) -> None:
    """Districts -> city only: the shares were looked up by 1-tuples in a plain index, all missed (NaN), and the
    city total was split equally among the districts."""
    df = hier_and_base[0].groupby(["district", "period"], as_index=False)["count"].sum()
    hier = aggregate(df, ids=["district"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = forecast(hier.data, 3, ids=hier.ids, method="naive", n_windows=2, progress=False)
    rec = reconcile(base, hier, "top_down").table
    share = df.groupby("district")["count"].sum() / df["count"].sum()
    city = rec[rec["district"] == "Total"].set_index("period")["mean"]
    for d in DISTRICTS:
        one = rec[rec["district"] == d].set_index("period")["mean"]
        np.testing.assert_allclose(one, share[d] * city, rtol=1e-12)
