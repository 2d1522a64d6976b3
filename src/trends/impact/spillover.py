"""Did crime move next door? Staggered effects on counts with spill-overs to neighbouring districts.

A place-based programme may push crime into the neighbouring areas (displacement) or protect them too
(diffusion of benefits). Both bias the usual staggered estimate, whose comparison group includes the
not-yet-adopting neighbours. Following Butts (2021, "Difference-in-differences estimation with spatial
spillovers", arXiv:2105.03737) in the imputation form of Borusyak, Jaravel & Spiess (2024), exposure to an
adopting neighbour is treated as a second treatment: the untreated model (unit and period effects, Poisson, as
in :func:`trends.impact.poisson_imputation`) is fitted only on cells that are neither treated nor exposed, and

* ``direct``: the effect on adopting units' treated cells, against that clean counterfactual;
* ``spillover``: the effect on exposed cells of units that have not adopted (yet), against the same
  counterfactual (positive = crime rose next door, i.e. displacement; negative = diffusion of benefits);
* ``direct_naive``: the usual estimate, fitted on every untreated cell, exposed or not — the comparison of
  the two direct estimates shows how much the neighbours in the comparison group moved the headline.

Effects are proportional changes; intervals come from one cluster bootstrap shared by the three terms, on the
log-ratio scale (never below -100 %).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from trends.impact._common import NoComparisonError, check_columns, warn
from trends.impact.poisson import (
    _check_min_comparisons,
    _effects,
    _Panel,
    _prepare,
    _thin_cells,
    _unit_clusters,
)
from trends.results import Result, normal_interval
from trends.schema import TrendsDataError

__all__ = ["SpilloverResult", "spillover_imputation"]

CITATION = (
    "Butts (2021), Difference-in-differences estimation with spatial spillovers, arXiv:2105.03737; imputation "
    "as in Borusyak, Jaravel & Spiess (2024), Review of Economic Studies, with Wooldridge (2023)'s Poisson model"
)

TERMS = ("direct", "spillover", "direct_naive")


@dataclass(frozen=True)
class SpilloverResult(Result):
    """Direct, spill-over and naive direct effects (proportional changes) with cluster-bootstrap intervals.

    ``table`` has one row per term: ``term``, ``estimate``, ``std_error_log`` (of ``log(1 + estimate)``),
    ``conf_low``, ``conf_high``, ``p_value``, ``observed``, ``expected``. The headline (``estimate``) is the
    ``direct`` effect. ``cells`` has one row per cell the ``direct`` and ``spillover`` terms average: ``unit``,
    ``period``, ``term``, ``observed``, ``expected`` (from the fit on clean cells; ``direct_naive`` averages the
    ``direct`` cells).
    """

    table: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION
    cells: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def term(self, name: str) -> pd.Series:
        """One term's row (``"direct"``, ``"spillover"`` or ``"direct_naive"``)."""
        return self.table.set_index("term").loc[name]

    @property
    def headline(self) -> pd.Series:
        return self.table.iloc[0]

    def _interval(self, tidy: pd.DataFrame, level: float) -> tuple[np.ndarray, np.ndarray]:
        df = max(int(self.spec.get("clusters", 2)) - 1, 1)
        return normal_interval(tidy["estimate"], tidy["std_error_log"], level, df=df, scale="ratio")


def _exposure_index(data: pd.DataFrame, idname: str, tname: str, exposure: str, panel: _Panel) -> np.ndarray:
    """Periods since each unit's first exposure (nan = never exposed), shaped like the panel."""
    periods = np.sort(data[tname].unique())
    first = data.drop_duplicates(idname).set_index(idname)[exposure].reindex(panel.units)
    start = np.full(len(panel.units), np.nan)
    for i, value in enumerate(first.to_numpy()):
        if not pd.isna(value):
            start[i] = np.searchsorted(periods, value, side="left")
    return np.arange(len(periods))[None, :] - start[:, None]


def _terms(base: _Panel, exposed: np.ndarray, spill: np.ndarray) -> dict[str, tuple[float, float, float]]:
    """Each term's (estimate, observed, expected) on one (possibly resampled) panel: ``exposed`` cells are kept
    out of the clean fit, ``spill`` cells are those the spill-over term averages."""
    clean = dataclasses.replace(base, untreated=base.untreated & ~exposed)
    out = {}
    fits = {"clean": clean, "naive": base}
    mu = {
        k: _effects(p, None)[2] if p.untreated.any() else np.full(p.y.shape, np.nan) for k, p in fits.items()
    }
    cells = {
        "direct": ("clean", base.treated),
        "spillover": ("clean", spill),
        "direct_naive": ("naive", base.treated),
    }
    for name, (fit, where) in cells.items():
        use = where & np.isfinite(mu[fit])
        observed, expected = float(base.y[use].sum()), float(mu[fit][use].sum())
        out[name] = (observed / expected - 1 if expected > 0 else np.nan, observed, expected)
    return out


def spillover_imputation(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    exposure: str,
    cluster: str | None = None,
    strata: str | None = None,
    min_comparisons: int = 1,
    biters: int = 199,
    alpha: float = 0.05,
    seed: int = 0,
) -> SpilloverResult:
    """Direct and spill-over effects of staggered adoption on counts (Butts 2021, imputation form).

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel of counts.
    yname, tname, idname, gname : str
        Count outcome, period, unit id, adoption cohort (first treated period; NaT / 0 = never).
    exposure : str
        First period in which the unit was exposed to an adopting neighbour (NaT = never), constant within
        unit; see :func:`trends.panel.neighbour_exposure`. A unit's cells from that period on and before its
        own adoption are the spill-over cells.
    cluster : str, optional
        Bootstrap cluster, constant within unit (default: the unit).
    strata : str, optional
        Column constant within unit whose groups get their own period effects (e.g. ``offence``).
    min_comparisons : int, default 1
        Fewest clusters (``cluster`` groups, else units) of the unit's stratum with a clean cell (neither
        treated nor exposed) in a period, for that period's treated and exposed cells to enter the three terms;
        cells of periods with fewer are left out of all three, with a warning. As in
        :func:`trends.impact.poisson_imputation`, a period compared with one or two districts is those
        districts' own noise. ``spec["cells_thin"]`` counts the treated and exposed cells left out.
    biters : int
        Cluster-bootstrap replications.
    alpha : float
        Significance level of the intervals.
    seed : int
        Seed of the bootstrap.

    Returns
    -------
    SpilloverResult

    Raises
    ------
    TrendsDataError
        Missing or negative counts, an unbalanced panel, an exposure that varies within a unit, or no cell
        that is neither treated nor exposed.
    """
    _check_min_comparisons(min_comparisons)
    check_columns(data, [exposure])
    if (data.groupby(idname)[exposure].nunique(dropna=False) > 1).any():
        raise TrendsDataError(f"exposure column {exposure!r} varies within a unit {idname!r}")
    panel = _prepare(data, yname, tname, idname, gname, 0, strata, 0)
    since_exposure = _exposure_index(data, idname, tname, exposure, panel)
    exposed = np.nan_to_num(since_exposure, nan=-np.inf) >= 0
    clusters = _unit_clusters(data, idname, cluster, panel.units)
    # a unit needs a clean cell with a recorded case to have its level fitted
    clean = panel.untreated & ~exposed
    lost = np.where(clean, panel.y, 0).sum(axis=1) == 0
    if lost.any():
        warn(
            f"{int(lost.sum())} unit(s) left out: no cell before both their own adoption and a neighbour's "
            f"with a recorded case: {list(panel.units[lost][:10])}"
        )
    keep = ~lost
    left_out = [str(u) for u in panel.units[lost]]
    panel, exposed, clusters = panel.take(keep), exposed[keep], clusters[keep]
    clean = panel.untreated & ~exposed
    if not clean.any():
        raise NoComparisonError(
            "no cell is neither treated nor exposed: nothing to fit the counterfactual on"
        )
    # periods with too few clean clusters: their treated and exposed cells leave all three terms alike, so that
    # the direct and naive estimates average the same cells
    thin = _thin_cells(clean, panel.strata, clusters, int(min_comparisons))
    spill = exposed & ~panel.treated & ~panel.placebo
    left = (panel.treated | spill) & thin
    n_thin = int(left.sum())
    bare = thin.all(axis=0)
    if n_thin:
        name = cluster or idname
        which = (
            "no unit that is neither treated nor exposed"
            if min_comparisons == 1
            else f"fewer than {min_comparisons} clusters ({name!r}) that are neither treated nor exposed"
        )
        warn(
            f"{int(left.any(axis=0).sum())} period(s) have {which}: their "
            f"{int((panel.treated & thin).sum())} treated and {int((spill & thin).sum())} exposed cell(s) are left "
            "out of the estimates (every district, or all but a few, had adopted or had an adopting neighbour)"
        )
    panel = dataclasses.replace(panel, treated=panel.treated & ~thin)
    spill &= ~thin
    if not (panel.treated.any() or spill.any()):
        raise NoComparisonError(
            f"no treated or exposed cell has {min_comparisons} comparison cluster(s) that are neither treated "
            "nor exposed in its period"
        )
    point = _terms(panel, exposed, spill)
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(clusters == c) for c in np.unique(clusters)]
    n = len(members)
    draws: dict[str, list[float]] = {t: [] for t in TERMS}
    for _ in range(biters):
        idx = np.concatenate([members[c] for c in rng.integers(0, n, size=n)])
        found = _terms(panel.take(idx), exposed[idx], spill[idx])
        for t in TERMS:
            draws[t].append(found[t][0])
    t_crit = stats.t.ppf(1 - alpha / 2, max(n - 1, 1))
    rows = []
    for t in TERMS:
        est, observed, expected = point[t]
        d = np.asarray(draws[t], float)
        logs = np.log1p(d[np.isfinite(d) & (d > -1)])
        se = float(logs.std(ddof=1)) * np.sqrt(n / max(n - 1, 1)) if len(logs) > 1 else np.nan
        ok = np.isfinite(est) and est > -1 and np.isfinite(se) and se > 0
        centre = np.log1p(est) if ok else np.nan
        rows.append(
            {"term": t, "estimate": est, "std_error_log": se if ok else np.nan,
             "conf_low": float(np.expm1(centre - t_crit * se)) if ok else np.nan,
             "conf_high": float(np.expm1(centre + t_crit * se)) if ok else np.nan,
             "p_value": float(2 * stats.t.sf(abs(centre) / se, max(n - 1, 1))) if ok else np.nan,
             "observed": observed, "expected": expected}
        )  # fmt: skip
    spec = {
        "yname": yname, "tname": tname, "idname": idname, "gname": gname, "exposure": exposure,
        "cluster": cluster or idname, "strata": strata, "min_comparisons": min_comparisons, "biters": biters,
        "alpha": alpha, "seed": seed, "clusters": n, "units_left_out": left_out,
        "exposed_cells": int(spill.sum()), "cells_thin": n_thin, "scale": "proportional change",
        "periods": int(panel.y.shape[1]), "periods_not_imputed": int(bare.sum()),
    }  # fmt: skip
    periods = np.sort(data[tname].unique())
    mu_clean = _effects(dataclasses.replace(panel, untreated=clean), None)[2]
    parts = []
    for term, where in (("direct", panel.treated), ("spillover", spill)):
        i, j = np.nonzero(where & np.isfinite(mu_clean))
        parts.append(
            pd.DataFrame({"unit": panel.units[i], "period": periods[j], "term": term,
                          "observed": panel.y[i, j], "expected": mu_clean[i, j]})
        )  # fmt: skip
    cells = pd.concat(parts, ignore_index=True)
    return SpilloverResult(pd.DataFrame(rows), spec, cells=cells)
