"""The pre-trend test of Borusyak, Jaravel & Spiess, for counts: leads fitted on the untreated cells only.

Before believing an imputation estimate, check that adopters' recorded crime followed the comparisons' path before
adoption. Borusyak, Jaravel & Spiess (2024, "Revisiting event-study designs: robust and efficient estimation",
Review of Economic Studies 91(6), 3253-3285, section 4.4) test this *separately from estimation*: regress the
outcome, on the untreated observations only (never-adopters, and adopters before adoption), on the same fixed
effects as the imputation model plus indicators of the last ``K`` periods before adoption, and test that the
indicators are zero. Compared with leaving those periods out of the imputation fit and imputing them (the
``leads=`` option of :func:`trends.impact.poisson_imputation`), the regression uses every untreated cell to fit
each series' level, so a series whose only untreated years are the lead years no longer adds an unmatched
level to the average: on simulated Hanoi studies the leads' standard errors fall by about a quarter
(``benchmarks/RESULTS.md``, "Honest words").

Here the model is the Poisson imputation's: ``E[y_it] = exp(a_i + g_{s(i), t} + sum_k c_k L_k,it)`` on untreated
cells, with series effects ``a_i``, period effects ``g`` per stratum ``s`` (e.g. per offence) and ``L_k`` the
indicator of lead bin ``k`` (``k = -1`` for the ``bin_width`` periods just before adoption, ``-2`` for the
ones before). ``exp(c_k) - 1`` is the proportional departure of adopters' recorded crime from the comparisons' path
in that bin. Estimation is the Poisson PML of :func:`trends.impact.ppml` (IRLS with the fixed effects absorbed);
inference a cluster-robust sandwich (fixest's ``CRV1`` small-sample factor) with Student t(G - 1) intervals on the
log scale, and a joint Wald test ``F(K, G - 1)`` of all leads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from trends.impact._common import DEFAULT_SSC, blas_threads, sandwich, warn
from trends.impact.poisson import _prepare, _unit_clusters
from trends.impact.ppml import _irls
from trends.results import Result, normal_interval
from trends.schema import TrendsDataError

__all__ = ["PretrendResult", "pretrend_test"]

CITATION = (
    "Borusyak, K., Jaravel, X. & Spiess, J. (2024). Revisiting event-study designs: robust and efficient "
    "estimation. Review of Economic Studies 91(6), 3253-3285."
)


@dataclass(frozen=True)
class PretrendResult(Result):
    """Leads before adoption, fitted on untreated cells, and their joint test.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per lead bin: ``estimator`` (``"poisson_pretrend"``), ``event_time`` (-1, -2, ...: bins of
        ``bin_width`` periods before adoption), ``estimate`` (proportional departure ``exp(c) - 1``),
        ``std_error`` (delta method), ``std_error_log`` (of ``c``), ``conf_low``, ``conf_high`` (t(G - 1), on
        the log scale, mapped back), ``p_value``, ``cells`` (lead cells behind the bin).
    joint : pandas.Series
        ``statistic`` (Wald / K), ``df_num`` (K), ``df_den`` (G - 1), ``p_value``: all leads zero.
    vcov : numpy.ndarray
        Cluster-robust covariance of the leads' log coefficients.
    spec : dict
        The call (column names, ``leads``, ``bin_width``, ``anticipation``) and ``df`` (G - 1), ``n_obs``,
        ``n_clusters``, ``units_dropped``.
    """

    _term_keys = ("event_time",)

    table: pd.DataFrame
    joint: pd.Series
    vcov: np.ndarray = field(repr=False)
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION

    def _interval(self, tidy: pd.DataFrame, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Bounds at another level, as the stored ones: t(G - 1) on the log scale, mapped back."""
        return normal_interval(
            tidy["estimate"], tidy["std_error_log"], level, df=self.spec["df"], scale="ratio"
        )

    @property
    def largest(self) -> pd.Series:
        """The lead farthest from zero on the log scale (the row of ``table``)."""
        return self.table.iloc[int(np.argmax(np.abs(np.log1p(self.table["estimate"].to_numpy(float)))))]

    def sentence(self) -> str:
        """The joint test and the largest lead, in plain words; no evidence of a pre-trend is not evidence of none."""
        j = self.joint
        worst = self.largest
        head = (
            f"Joint test of {int(j['df_num'])} lead(s): F = {j['statistic']:.2f}, p = {j['p_value']:.3f}; the "
            f"largest departure, at {int(worst['event_time'])}, is {100 * worst['estimate']:+.1f} % (95 % "
            f"confidence interval {100 * worst['conf_low']:+.1f} % to {100 * worst['conf_high']:+.1f} %)"
        )
        if j["p_value"] < 1 - self.level:
            return head + ": adopters were already departing from the comparisons' path before adoption."
        return head + (
            ": the test does not reject parallel trends, which is not evidence that they hold; departures as "
            "large as the intervals allow are not ruled out."
        )


def pretrend_test(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    leads: int,
    bin_width: int = 1,
    cluster: str | None = None,
    strata: str | None = None,
    anticipation: int = 0,
    alpha: float = 0.05,
    tol: float = 1e-10,
    maxit: int = 100,
) -> PretrendResult:
    """Test parallel trends before adoption on the untreated cells (Borusyak, Jaravel & Spiess 2024).

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel of counts, one row per unit and period (as for
        :func:`trends.impact.poisson_imputation`).
    yname, tname, idname, gname : str
        Count, period, unit and cohort (first adopting period; NaT / NaN / 0 for never) columns.
    leads : int
        Periods before adoption (before any anticipation) tested, e.g. 24 months.
    bin_width : int
        Periods per lead bin (12 for years of a monthly panel); ``leads`` is rounded up to whole bins.
    cluster : str, optional
        Cluster column, constant within a unit (default: the unit).
    strata : str, optional
        Column constant within a unit whose values get their own period effects (the imputation's ``strata``).
    anticipation : int
        Periods before adoption treated as possibly affected: left out, and the leads start before them.
    alpha : float
        Significance level of the intervals.
    tol, maxit : float, int
        IRLS convergence tolerance and iteration limit.

    Returns
    -------
    PretrendResult

    Raises
    ------
    TrendsDataError
        An unbalanced panel, negative counts, or no lead cell whose series also has an earlier untreated cell
        (nothing to test: e.g. every adopter adopted within ``leads`` periods of the panel's start).
    """
    if leads < 1 or bin_width < 1:
        raise ValueError(f"leads={leads} and bin_width={bin_width} must be at least 1")
    panel = _prepare(data, yname, tname, idname, gname, anticipation, strata, 0)
    clusters = _unit_clusters(data, idname, cluster, panel.units)
    n_bins = -(-leads // bin_width)
    ev = np.nan_to_num(panel.event, nan=0.0) + anticipation
    lead_bin = np.where(panel.untreated & (ev < 0) & (ev >= -n_bins * bin_width), np.floor(ev / bin_width), 0)
    unit, period = np.nonzero(panel.untreated)
    y = panel.y[unit, period]
    time_fe = panel.strata[unit] * panel.y.shape[1] + period
    bins = -np.arange(1, n_bins + 1)
    X = (lead_bin[unit, period][:, None] == bins[None, :]).astype(float)
    # A series (or stratum-period) with no recorded case has a fixed effect at minus infinity: dropped, as by
    # fixest. Dropping one can empty another, so repeat until none is left.
    keep = np.ones(len(y), dtype=bool)
    while True:
        zero_u = np.bincount(unit[keep], weights=y[keep], minlength=len(panel.units)) == 0
        zero_t = np.bincount(time_fe[keep], weights=y[keep], minlength=time_fe.max() + 1) == 0
        drop = keep & (zero_u[unit] | zero_t[time_fe])
        if not drop.any():
            break
        keep &= ~drop
    dropped_units = sorted(set(panel.units[unit[~keep]]) - set(panel.units[unit[keep]]))
    if dropped_units:
        warn(f"{len(dropped_units)} unit(s) with no recorded untreated case dropped from the pre-trend test")
    y, X, unit, time_fe = y[keep], X[keep], unit[keep], time_fe[keep]
    # a lead bin is testable only where its series also has untreated cells outside the leads to fit its level
    outside = np.bincount(unit, weights=(X.sum(axis=1) == 0), minlength=len(panel.units)) > 0
    X = X * outside[unit][:, None]
    cells = X.sum(axis=0).astype(int)
    if not (cells > 0).any():
        raise TrendsDataError(
            "no lead cell to test: no adopting unit has untreated periods both in the "
            f"{leads} periods before adoption and before them"
        )
    present = cells > 0
    X, bins, cells = X[:, present], bins[present], cells[present]
    fi = pd.factorize(unit)[0]
    ft = pd.factorize(time_fe)[0]
    codes = pd.factorize(clusters[unit])[0]
    G = int(codes.max()) + 1
    if G < 2:
        raise TrendsDataError("the pre-trend test's cluster-robust inference needs at least two clusters")
    w = np.ones(len(y))
    with blas_threads(1):
        beta, mu, Xd, _ = _irls(y, X, [fi, ft], w, tol, maxit)
        bread = np.linalg.inv(Xd.T @ (mu[:, None] * Xd))
    n_unit, n_time = int(fi.max()) + 1, int(ft.max()) + 1
    nested = bool((pd.Series(codes).groupby(fi).nunique() == 1).all())
    factor = DEFAULT_SSC.factor(
        "cluster", n_obs=len(y), n_clusters=G, k_x=X.shape[1], k_fe_full=n_unit + n_time - 1,
        k_fe_nested=n_time if nested else n_unit + n_time - 1,
    )  # fmt: skip
    V = sandwich(bread, Xd * (y - mu)[:, None], "cluster", codes, G, factor)
    se = np.sqrt(np.diag(V))
    df = G - 1
    q = stats.t.ppf(1 - alpha / 2, df)
    table = pd.DataFrame(
        {
            "estimator": "poisson_pretrend",
            "event_time": bins.astype(int),
            "estimate": np.expm1(beta),
            "std_error": np.exp(beta) * se,
            "std_error_log": se,
            "conf_low": np.expm1(beta - q * se),
            "conf_high": np.expm1(beta + q * se),
            "p_value": 2 * stats.t.sf(np.abs(beta) / se, df),
            "cells": cells,
        }
    ).sort_values("event_time", ignore_index=True)
    k = len(beta)
    wald = float(beta @ np.linalg.solve(V, beta)) / k
    joint = pd.Series(
        {"statistic": wald, "df_num": k, "df_den": df, "p_value": float(stats.f.sf(wald, k, df))}
    )
    spec = {
        "yname": yname, "tname": tname, "idname": idname, "gname": gname, "leads": leads,
        "bin_width": bin_width, "cluster": cluster or idname, "strata": strata, "anticipation": anticipation,
        "alpha": alpha, "scale": "proportional change", "df": df, "n_obs": len(y), "n_clusters": G,
        "units_dropped": [str(u) for u in dropped_units],
    }  # fmt: skip
    order = np.argsort(bins)
    return PretrendResult(table=table, joint=joint, vcov=V[np.ix_(order, order)], spec=spec)
