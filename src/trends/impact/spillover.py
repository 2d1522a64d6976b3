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
from trends.impact.poisson import _effects, _Panel, _prepare, _unit_clusters
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
    ``direct`` effect.
    """

    table: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION

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


def _terms(base: _Panel, since_exposure: np.ndarray) -> dict[str, tuple[float, float, float]]:
    """Each term's (estimate, observed, expected) on one (possibly resampled) panel."""
    exposed = np.nan_to_num(since_exposure, nan=-np.inf) >= 0
    clean = dataclasses.replace(base, untreated=base.untreated & ~exposed)
    out = {}
    fits = {"clean": clean, "naive": base}
    mu = {
        k: _effects(p, None)[2] if p.untreated.any() else np.full(p.y.shape, np.nan) for k, p in fits.items()
    }
    cells = {
        "direct": ("clean", base.treated),
        "spillover": ("clean", exposed & ~base.treated & ~base.placebo),
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
    since_exposure = since_exposure[keep]
    if not (panel.untreated & ~exposed).any():
        raise NoComparisonError(
            "no cell is neither treated nor exposed: nothing to fit the counterfactual on"
        )
    bare = ~(panel.untreated & ~exposed).any(axis=0)
    if bare.any():
        warn(
            f"{int(bare.sum())} period(s) have no unit that is neither treated nor exposed: their cells are not "
            "imputed (every district had adopted or had an adopting neighbour)"
        )
    point = _terms(panel, since_exposure)
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(clusters == c) for c in np.unique(clusters)]
    n = len(members)
    draws: dict[str, list[float]] = {t: [] for t in TERMS}
    for _ in range(biters):
        idx = np.concatenate([members[c] for c in rng.integers(0, n, size=n)])
        found = _terms(panel.take(idx), since_exposure[idx])
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
        "cluster": cluster or idname, "strata": strata, "biters": biters, "alpha": alpha, "seed": seed,
        "clusters": n, "units_left_out": left_out,
        "exposed_cells": int((exposed & ~panel.treated).sum()), "scale": "proportional change",
        "periods": int(panel.y.shape[1]), "periods_not_imputed": int(bare.sum()),
    }  # fmt: skip
    return SpilloverResult(pd.DataFrame(rows), spec)
