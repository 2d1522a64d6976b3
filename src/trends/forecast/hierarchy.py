"""Coherent forecasts: districts that add up to the city, offences that add up to all crime.

Workflow::

    hier = aggregate(crimes, ids=["district", "offence"])   # city, district, offence and bottom series
    base = forecast(hier.data, 12, ids=hier.ids)             # forecast every series of the hierarchy
    coherent = reconcile(base, hier, method="mint_shrink")  # forecasts that add up

Reconciliation maps the base forecasts ``yhat`` (all series) to ``S G yhat`` where ``S`` is the summing matrix
(rows: every series; columns: bottom series) - so the result adds up exactly by construction:

bottom_up
    ``G`` picks the bottom series' forecasts.
top_down
    Bottom forecasts are the total's forecast split by the bottom series' shares of the historical total
    ("proportions of the historical averages", Gross & Sohl 1990, method F). Needs the grand total level.
mint_shrink
    Minimum trace (Wickramasuriya, Athanasopoulos & Hyndman 2019): ``G = (S' W^-1 S)^-1 S' W^-1`` with ``W``
    the Schäfer & Strimmer (2005) shrinkage estimate of the covariance of the base forecast errors, here the
    rolling-origin backtest errors of the method each series used (all windows and horizons; for ``auto``
    the honest leave-one-window-out errors of the choice). The errors are not centred (``W = E'E / n`` before
    shrinkage), as in the paper (sec. 2.4) and R ``hts``/``fabletools``: MinT minimises the trace of the mean
    squared error, of which a method's bias is part. hierarchicalforecast (``MinTrace("mint_shrink")``, 1.5.3)
    centres them; otherwise the two agree (``tests/forecast/test_reconcile_reference.py``).

Count hierarchies (every bottom series a count): negative reconciled bottom forecasts (possible with
``mint_shrink``) are set to 0 and the hierarchy is re-aggregated bottom-up, so forecasts stay non-negative and
still add up. Interval bounds are the base bounds moved with the point forecast (widths kept; count bounds
re-rounded, never below 0); they are not themselves coherent.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from trends.forecast import conformal
from trends.forecast.backtest import interval_columns
from trends.forecast.core import ForecastResult
from trends.schema import TrendsDataError

__all__ = ["Hierarchy", "aggregate", "reconcile", "shrunk_covariance"]

RECONCILERS = ("bottom_up", "top_down", "mint_shrink")


@dataclass(frozen=True)
class Hierarchy:
    """The series of a hierarchy and its summing matrix.

    Attributes
    ----------
    data : DataFrame
        Long frame with every series (bottom and aggregates); an id column that a series aggregates over holds
        ``total_label`` (e.g. the city total has ``district == offence == "Total"``).
    S : DataFrame
        Summing matrix of 0/1: index = every series (a MultiIndex over ``ids``), columns = bottom series.
    ids, levels, total_label, period, value
        How it was built; ``levels`` lists the id columns kept at each level, the grand total as ``()``.
    """

    data: pd.DataFrame
    S: pd.DataFrame
    ids: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    total_label: str
    period: str
    value: str


def aggregate(
    df: pd.DataFrame,
    ids: Sequence[str],
    levels: Sequence[Sequence[str]] | None = None,
    *,
    period: str = "period",
    value: str = "count",
    total_label: str = "Total",
) -> Hierarchy:
    """Sum bottom series into the aggregate series of a hierarchy and build the summing matrix.

    Parameters
    ----------
    df : DataFrame
        Long frame of the bottom series (one row per id combination and period).
    ids : list of str
        Id columns of the bottom level, e.g. ``["district", "offence"]``.
    levels : list of list of str, optional
        The id columns kept at each aggregate level. Default: every subset of ``ids`` (for district x offence:
        the city total, each district, each offence, and the bottom). The bottom level is always included.
    period, value : str
        Column names.
    total_label : str, default "Total"
        The id value of a series aggregated over that column. Must not be a value of any id column.

    Returns
    -------
    Hierarchy

    Raises
    ------
    TrendsDataError
        When a bottom series misses a period of the panel or lists one twice (the aggregates would move with no
        crime moving; :func:`trends.panel.balance` writes the zeros).
    """
    ids = tuple([ids] if isinstance(ids, str) else ids)
    for c in (*ids, period, value):
        if c not in df.columns:
            raise TrendsDataError(f"column {c!r} not found; columns are {list(df.columns)}", column=c)
    if levels is None:
        levels = [tuple(c) for r in range(len(ids) + 1) for c in itertools.combinations(ids, r)]
    lv = [tuple(level) for level in levels]
    for level in lv:
        bad = [c for c in level if c not in ids]
        if bad:
            raise ValueError(f"level {level} names columns that are not ids: {bad}")
    if ids not in lv:
        lv.append(ids)
    lv = list(dict.fromkeys(tuple(c for c in ids if c in level) for level in lv))
    for c in ids:
        if (df[c].astype(str) == total_label).any():
            raise TrendsDataError(
                f"id column {c!r} already holds the label {total_label!r}; pick another", column=c
            )
    base = df[[*ids, period, value]].copy()
    for c in (*ids, value):
        gone = base[c].isna()
        if gone.any():
            raise TrendsDataError(
                f"{int(gone.sum())} missing value(s) in {c!r} (e.g. row {base.index[gone.to_numpy()][0]}): "
                + (
                    "the aggregates would leave them out of some levels and not others"
                    if c != value
                    else "the aggregates would count them as zero"
                ),
                column=c,
                expected="a value in every row",
            )
    for c in ids:
        base[c] = base[c].astype(object)
    _check_bottom_grid(base, ids, period)
    parts = []
    for level in lv:
        if level:
            g = base.groupby([*level, period], sort=True, observed=True)[value].sum().reset_index()
        else:
            g = base.groupby(period, sort=True)[value].sum().reset_index()
        for c in ids:
            if c not in level:
                g[c] = total_label
        parts.append(g[[*ids, period, value]])
    data = pd.concat(parts, ignore_index=True)
    bottom = base[list(ids)].drop_duplicates().sort_values(list(ids)).apply(tuple, axis=1).tolist()
    rows = data[list(ids)].drop_duplicates().apply(tuple, axis=1).tolist()
    S = np.zeros((len(rows), len(bottom)))
    bottom_arr = np.array(bottom, dtype=object).reshape(len(bottom), len(ids))
    for r, key in enumerate(rows):
        mask = np.ones(len(bottom), dtype=bool)
        for j, v in enumerate(key):
            if v != total_label:
                mask &= bottom_arr[:, j] == v
        S[r, mask] = 1.0
    index = pd.MultiIndex.from_tuples(rows, names=list(ids))
    columns = pd.MultiIndex.from_tuples(bottom, names=list(ids))
    return Hierarchy(
        data, pd.DataFrame(S, index=index, columns=columns), ids, tuple(lv), total_label, period, value
    )


def _check_bottom_grid(base: pd.DataFrame, ids: tuple[str, ...], period: str) -> None:
    """Every bottom series once in every period: an aggregate sums the series present in a period, so one that
    starts late, ends early, skips a period or appears twice would move the totals with no crime moving."""
    twice = base.duplicated([*ids, period], keep=False)
    if twice.any():
        first = base[twice].iloc[0]
        raise TrendsDataError(
            f"{int(twice.sum())} rows repeat a bottom series' period, e.g. "
            f"{tuple(first[c] for c in ids)} at {first[period]}",
            column=period,
            expected="one row per bottom series and period (sum the duplicates first)",
        )
    n_periods = base[period].nunique()
    covered = base.groupby(list(ids), sort=True, observed=True)[period].nunique()
    short = covered[covered < n_periods]
    if len(short):
        raise TrendsDataError(
            f"{len(short)} of {len(covered)} bottom series do not cover all {n_periods} periods of the panel, "
            f"e.g. {short.index[0]} has {int(short.iloc[0])}: their aggregates would fall where a series is absent",
            column=period,
            expected="every bottom series in every period (write 0 for periods without cases: "
            "trends.panel.balance)",
        )


def shrunk_covariance(residuals: np.ndarray) -> tuple[np.ndarray, float]:
    """Schäfer & Strimmer (2005) shrinkage of a covariance matrix towards its diagonal.

    Parameters
    ----------
    residuals : ndarray, shape (n_obs, n_series)

    Returns
    -------
    W : ndarray, shape (n_series, n_series)
        ``diag(S) + (1 - lambda) offdiag(S)`` with ``S = X'X / n`` (errors not centred, as in the MinT
        paper's implementation, R ``hts:::shrink.estim``).
    lambda : float
        The estimated shrinkage intensity, in [0, 1] (their "target D": correlations shrunk towards 0).
    """
    X = np.asarray(residuals, dtype=float)
    n = X.shape[0]
    if n < 2:
        raise ValueError("need at least 2 residual rows to estimate a covariance")
    # As in the MinT paper's code (R hts, shrink.estim): forecast errors are not centred, S = X'X / n.
    cov = X.T @ X / n
    sd = np.sqrt(np.diag(cov))
    sd_safe = np.where(sd > 0, sd, 1.0)
    Z = X / sd_safe
    r = Z.T @ Z / n  # correlations
    var_r = ((Z**2).T @ (Z**2) - (Z.T @ Z) ** 2 / n) / (n * (n - 1))  # estimated Var(r_ij)
    off = ~np.eye(X.shape[1], dtype=bool)
    den = float(np.sum(r[off] ** 2))
    lam = 1.0 if den <= 0 else float(np.clip(np.sum(var_r[off]) / den, 0.0, 1.0))
    W = cov * (1.0 - lam)
    np.fill_diagonal(W, np.diag(cov))
    # Series with no error variance (e.g. all-zero history) would make W singular: a tiny ridge.
    d = np.diag(W).copy()
    floor = 1e-8 * max(float(np.mean(d[d > 0])) if np.any(d > 0) else 1.0, 1e-12)
    np.fill_diagonal(W, np.maximum(d, floor))
    return W, lam


def reconcile(
    forecasts: ForecastResult,
    hierarchy: Hierarchy,
    method: Literal["bottom_up", "top_down", "mint_shrink"] = "bottom_up",
    *,
    forecast_method: str | None = None,
    rounding: Literal["exact", "outward"] = "exact",
) -> ForecastResult:
    """Make forecasts of a hierarchy add up.

    Parameters
    ----------
    forecasts : ForecastResult
        Forecasts of every series of ``hierarchy.data`` (made with ``ids=hierarchy.ids``).
    hierarchy : Hierarchy
        From :func:`aggregate`.
    method : {"bottom_up", "top_down", "mint_shrink"}
        See the module docstring.
    forecast_method : str, optional
        Which output method of ``forecasts`` to reconcile (default: the first).
    rounding : {"exact", "outward"}
        Integer bounds for count series, as in :func:`trends.forecast.forecast`.

    Returns
    -------
    ForecastResult
        The same result with ``table`` holding the reconciled ``mean`` (and ``mean_base``, the forecast before
        reconciliation, and ``reconciliation``, the method); bounds moved with the mean.
    """
    if method not in RECONCILERS:
        raise ValueError(f"method must be one of {RECONCILERS}, got {method!r}")
    ids = hierarchy.ids
    if tuple(forecasts.ids) != ids:
        raise ValueError(f"forecasts have ids {forecasts.ids}, the hierarchy has {ids}")
    fm = forecast_method or forecasts.methods[0]
    tab = forecasts.table[forecasts.table["method"] == fm].copy()
    for c in ids:
        tab[c] = tab[c].astype(object)
    S = hierarchy.S.to_numpy()
    rows = list(hierarchy.S.index)
    wide = tab.pivot_table(index=list(ids), columns=forecasts.period, values="mean", aggfunc="first")
    wide.index = pd.MultiIndex.from_tuples(
        [k if isinstance(k, tuple) else (k,) for k in wide.index.to_flat_index()], names=list(ids)
    )
    missing = [r for r in rows if r not in wide.index]
    if missing:
        raise ValueError(f"{len(missing)} series of the hierarchy have no forecast, e.g. {missing[0]}")
    Y = wide.reindex(pd.MultiIndex.from_tuples(rows, names=list(ids)))
    if Y.isna().to_numpy().any():
        raise ValueError("series of the hierarchy end in different periods; reconcile needs common periods")
    Yhat = Y.to_numpy(dtype=float)
    bottom_rows = [rows.index(tuple(b)) for b in hierarchy.S.columns]
    if method == "bottom_up":
        b = Yhat[bottom_rows]
    elif method == "top_down":
        total_key = tuple([hierarchy.total_label] * len(ids))
        if total_key not in rows:
            raise ValueError("top_down needs the grand total level () in the hierarchy")
        g = hierarchy.data.groupby(list(ids), observed=True)[hierarchy.value].sum()
        # keys as tuples, as in S's columns: with one id column a plain index would match none of them (all NaN,
        # and the total split equally among the bottom series)
        g.index = pd.MultiIndex.from_tuples(
            [k if isinstance(k, tuple) else (k,) for k in g.index.to_flat_index()], names=list(ids)
        )
        bsum = g.reindex(hierarchy.S.columns).to_numpy(dtype=float)
        if np.isnan(bsum).any():
            raise ValueError(
                "top_down: a bottom series of the summing matrix has no history in hierarchy.data"
            )
        total = bsum.sum()
        p = bsum / total if total > 0 else np.full(len(bsum), 1.0 / len(bsum))
        b = p[:, None] * Yhat[rows.index(total_key)][None, :]
    else:
        E = _residual_matrix(forecasts, fm, rows, ids)
        W, _ = shrunk_covariance(E)
        WiS = np.linalg.solve(W, S)
        G = np.linalg.solve(S.T @ WiS, WiS.T)
        b = G @ Yhat
    bottom_count = _is_count_history(hierarchy)
    if bottom_count:
        b = np.maximum(b, 0.0)
    Ytil = S @ b
    new = pd.DataFrame(Ytil, index=Y.index, columns=Y.columns)
    long = new.stack().rename("mean_rec").reset_index()
    long.columns = [*ids, forecasts.period, "mean_rec"]
    out = tab.merge(long, on=[*ids, forecasts.period], how="left", validate="one_to_one")
    shift = out["mean_rec"].to_numpy() - out["mean"].to_numpy()
    counts = _count_keys(hierarchy)
    is_count = np.array([tuple(k) in counts for k in out[list(ids)].itertuples(index=False, name=None)])
    nonneg = _nonneg_keys(hierarchy)
    is_nonneg = np.array([tuple(k) in nonneg for k in out[list(ids)].itertuples(index=False, name=None)])
    # integer bounds move by whole cases: re-rounding bounds moved by a fraction would narrow them by one
    bound_shift = np.where(is_count, np.round(shift), shift)
    out["mean_base"] = out["mean"]
    out["mean"] = out["mean_rec"]
    out = out.drop(columns="mean_rec")
    if "median" in out:  # the predictive distribution moves with its mean
        med = out["median"].to_numpy(dtype=float) + shift
        out["median"] = np.where(is_count, np.maximum(med, 0.0), med)
    cols = interval_columns(forecasts.levels)
    for lev_lo, lev_hi in zip(cols[::2], cols[1::2], strict=True):
        lo = out[lev_lo].to_numpy(dtype=float) + bound_shift
        hi = out[lev_hi].to_numpy(dtype=float) + bound_shift
        lo = np.where(is_nonneg, np.maximum(lo, 0.0), lo)  # series never below zero, as in forecast()
        hi = np.where(is_nonneg, np.maximum(hi, lo), hi)
        if is_count.any():
            lo_c, hi_c = conformal.count_bounds(lo, hi, np.maximum(out["mean"].to_numpy(), 0), rounding)
            lo = np.where(is_count, lo_c, lo)
            hi = np.where(is_count, hi_c, hi)
        out[lev_lo], out[lev_hi] = lo, hi
    out["reconciliation"] = method
    return dataclasses.replace(forecasts, table=out.reset_index(drop=True), methods=(fm,))


def _residual_matrix(forecasts: ForecastResult, fm: str, rows: list, ids: tuple[str, ...]) -> np.ndarray:
    """Backtest errors of the method each series used: rows (window, horizon), columns = series."""
    used = forecasts.table[forecasts.table["method"] == fm].drop_duplicates(list(ids))[[*ids, "chosen"]]
    pred = forecasts.backtest_result.predictions
    if pred.empty:
        raise ValueError("mint_shrink needs backtest errors; the forecasts have no backtest window")
    if fm == "auto" and (pred["method"] == "auto").any():  # the honest errors of the per-series choice
        pred = pred[pred["method"] == "auto"]
    else:
        pred = pred.merge(used, left_on=[*ids, "method"], right_on=[*ids, "chosen"], how="inner")
    pred = pred.assign(err=pred["actual"] - pred["forecast"])
    for c in ids:
        pred[c] = pred[c].astype(object)
    E = pred.pivot_table(index=["window", "horizon"], columns=list(ids), values="err", aggfunc="first")
    E.columns = pd.MultiIndex.from_tuples(
        [k if isinstance(k, tuple) else (k,) for k in E.columns.to_flat_index()], names=list(ids)
    )
    E = E.reindex(columns=pd.MultiIndex.from_tuples(rows, names=list(ids))).dropna(axis=0, how="any")
    if len(E) < 2:
        raise ValueError(
            "mint_shrink needs at least 2 backtest errors common to every series; use more windows"
        )
    return E.to_numpy(dtype=float)


def _is_count_history(h: Hierarchy) -> bool:
    v = h.data[h.value].to_numpy(dtype=float)
    return bool(np.all(v >= 0) and np.all(v == np.round(v)))


def _nonneg_keys(h: Hierarchy) -> set:
    g = h.data.groupby(list(h.ids), observed=True)[h.value]
    ok = g.apply(lambda s: bool((s >= 0).all()))
    return {tuple(k) if isinstance(k, tuple) else (k,) for k in ok[ok].index}


def _count_keys(h: Hierarchy) -> set:
    g = h.data.groupby(list(h.ids), observed=True)[h.value]
    ok = g.apply(lambda s: bool((s >= 0).all() and (s == s.round()).all()))
    return {tuple(k) if isinstance(k, tuple) else (k,) for k in ok[ok].index}
