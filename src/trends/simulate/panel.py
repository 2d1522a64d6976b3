"""The general panel simulator: staggered adoption with a known, heterogeneous, dynamic effect.

:func:`simulate_panel` draws a unit x period panel (Gaussian outcome, or Poisson / negative-binomial counts);
its :class:`PanelTruth` holds the true ATT by cohort and period, event time, cohort, calendar period and
overall, computed exactly from the expected outcomes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["PanelTruth", "SimulatedPanel", "simulate_panel"]

Family = Literal["gaussian", "poisson", "negbin"]
EffectFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True, eq=False)
class PanelTruth:
    """The true average treatment effects on the treated of a :class:`SimulatedPanel`.

    All effects are expectations given the drawn unit and period effects: ``att`` is the mean of
    ``mu1 - mu0`` over the treated units of a cell, in outcome units (counts for count families). ``mu0`` is the
    mean untreated expectation in the same cell, so ``att / mu0`` is the proportional effect.

    Attributes
    ----------
    att_gt : pandas.DataFrame
        One row per treated cohort and period (pre-treatment periods included, with ``att`` 0): ``cohort``,
        ``period``, ``event_time``, ``n_units``, ``att``, ``mu0``. The target of R ``did::att_gt``.
    dynamic : pandas.DataFrame
        By event time ``e = period - cohort``: ``event_time``, ``n_units`` (unit-periods), ``att``, ``mu0``;
        cohorts weighted by size, like ``aggte(type = "dynamic")``.
    group : pandas.DataFrame
        By cohort, averaged over its post-treatment periods: ``cohort``, ``n_units``, ``att``, ``mu0``
        (``aggte(type = "group")``).
    calendar : pandas.DataFrame
        By period, over the cohorts treated by then: ``period``, ``n_units``, ``att``, ``mu0``
        (``aggte(type = "calendar")``).
    simple : float
        The mean of ``mu1 - mu0`` over all treated unit-periods (``aggte(type = "simple")``).
    simple_pct : float
        ``100 * simple / mean(mu0)`` over the same unit-periods.
    """

    att_gt: pd.DataFrame
    dynamic: pd.DataFrame
    group: pd.DataFrame
    calendar: pd.DataFrame
    simple: float
    simple_pct: float


@dataclass(frozen=True, eq=False)
class SimulatedPanel:
    """A simulated unit x period panel with staggered adoption and its known effect.

    Attributes
    ----------
    data : pandas.DataFrame
        Long frame, one row per unit and period, sorted by unit then period: ``unit`` (int64, 1..n_units),
        ``period`` (int64, 1..n_periods), ``cohort`` (int64, first treated period; **0 = never treated**, like
        R ``did``'s ``first.treat``), ``event_time`` (Int64 ``period - cohort``; missing when never treated),
        ``treated`` (int64 0/1: ``cohort > 0`` and ``period >= cohort``), ``outcome`` (float64, or int64 counts),
        ``mu0`` (expected untreated outcome), ``mu1`` (expected outcome under treatment; equals ``mu0`` when
        ``treated`` is 0).
    truth : PanelTruth
        True effects, computed exactly from ``mu0`` and ``mu1``.
    params : dict
        The arguments the panel was simulated with.
    """

    data: pd.DataFrame
    truth: PanelTruth
    params: dict = field(default_factory=dict)


def _cohort_weights(cohorts: np.ndarray, heterogeneity: float) -> dict[int, float]:
    """Multiplier of the effect by cohort: ``1 + h`` for the earliest down to ``1 - h`` for the latest."""
    order = np.sort(np.unique(cohorts))
    k = len(order)
    if k <= 1:
        return {int(g): 1.0 for g in order}
    z = 1.0 - 2.0 * np.arange(k) / (k - 1)
    return {int(g): float(1.0 + heterogeneity * zi) for g, zi in zip(order, z, strict=True)}


def _panel_effect(
    event_time: np.ndarray,
    cohort: np.ndarray,
    effect: float | EffectFn,
    ramp: int,
    fade: float,
    cohort_mult: dict[int, float],
) -> np.ndarray:
    """The treatment effect ``tau(e, g)`` for treated cells (``e >= 0``)."""
    if callable(effect):
        tau = np.asarray(effect(event_time, cohort), dtype=float)
        if tau.shape != event_time.shape:
            raise ValueError("effect(event_time, cohort) must return an array shaped like its inputs")
        return tau
    up = np.minimum(1.0, (event_time + 1.0) / max(int(ramp), 1))
    down = (1.0 - fade) ** np.maximum(0, event_time - max(int(ramp), 1) + 1)
    mult = np.vectorize(cohort_mult.__getitem__, otypes=[float])(cohort) if len(cohort) else np.zeros(0)
    return float(effect) * mult * up * down


def simulate_panel(
    n_units: int = 500,
    n_periods: int = 20,
    cohorts: Sequence[int] | None = None,
    cohort_shares: Sequence[float] | None = None,
    *,
    effect: float | EffectFn = 1.0,
    ramp: int = 1,
    fade: float = 0.0,
    cohort_heterogeneity: float = 0.0,
    family: Family = "gaussian",
    baseline: float = 10.0,
    unit_sd: float | None = None,
    period_sd: float | None = None,
    trend: float = 0.0,
    noise_sd: float = 1.0,
    dispersion: float = 10.0,
    seed: int | None = 0,
) -> SimulatedPanel:
    """Simulate a unit x period panel with staggered adoption and a known dynamic, heterogeneous effect.

    Units are assigned to adoption cohorts (the first treated period) or to never-treated; treatment is
    absorbing. Parallel trends hold by construction (on the outcome scale for ``"gaussian"``, on the log scale
    for count families), there is no anticipation, and the effect can vary with event time and cohort, the
    setting where two-way fixed effects is biased and Callaway & Sant'Anna (2021) is not.

    The untreated expectation is ``mu0 = baseline + a_i + g_t`` (Gaussian) or ``mu0 = baseline * exp(a_i + g_t)``
    (counts), with unit effects ``a_i ~ N(0, unit_sd)`` and period effects ``g_t = trend * (t - 1) + N(0,
    period_sd)``. The treated expectation is ``mu1 = mu0 + tau`` (Gaussian) or ``mu1 = mu0 * exp(tau)``
    (counts; ``tau`` is then a log rate ratio), where for cohort ``g`` and event time ``e = t - g >= 0``::

        tau(e, g) = effect * w_g * min(1, (e + 1) / ramp) * (1 - fade) ** max(0, e - ramp + 1)

    and ``w_g`` runs linearly from ``1 + cohort_heterogeneity`` (earliest cohort) to
    ``1 - cohort_heterogeneity`` (latest). The outcome is ``mu1`` or ``mu0`` (by treatment) plus ``N(0,
    noise_sd)`` noise, or a Poisson or negative-binomial draw (variance ``mu + mu**2 / dispersion``).

    Parameters
    ----------
    n_units, n_periods : int
        Panel size. Periods are numbered 1..n_periods, units 1..n_units.
    cohorts : sequence of int, optional
        Adoption periods (first treated period, between 1 and n_periods). Default: three cohorts at about
        1/3, 1/2 and 2/3 of the panel.
    cohort_shares : sequence of float, optional
        Share of units in each cohort; the rest (``1 - sum``) is never treated. Default: equal shares of
        ``1 / (len(cohorts) + 1)``, so the never-treated group is as large as each cohort. Units are allocated
        in exact proportions (largest remainders), at random.
    effect : float or callable, default 1.0
        Effect size at full ramp, or a function ``effect(event_time, cohort) -> tau`` of two equal-length integer
        arrays (treated cells only, ``event_time >= 0``); with a callable, ``ramp``, ``fade`` and
        ``cohort_heterogeneity`` are ignored.
    ramp : int, default 1
        Periods over which the effect grows linearly to full size (1 = full at once).
    fade : float, default 0.0
        Proportional decline of the effect per period after the ramp.
    cohort_heterogeneity : float, default 0.0
        Spread of the effect across cohorts (earlier cohorts stronger when positive).
    family : {"gaussian", "poisson", "negbin"}
        Outcome distribution.
    baseline : float, default 10.0
        Intercept (Gaussian) or mean count when unit and period effects are zero (counts).
    unit_sd, period_sd : float, optional
        Standard deviations of unit and period effects; default 1.0 and 0.5 (Gaussian) or 0.5 and 0.1 (counts,
        on the log scale).
    trend : float, default 0.0
        Common linear trend in the period effects, per period.
    noise_sd : float, default 1.0
        Gaussian noise; 0 gives outcomes equal to their expectations.
    dispersion : float, default 10.0
        Negative-binomial size ``k`` (variance ``mu + mu**2 / k``).
    seed : int, optional
        Seed of ``numpy.random.default_rng``; the same seed gives the same panel.

    Returns
    -------
    SimulatedPanel
        ``.data`` (long frame) and ``.truth`` (:class:`PanelTruth`).

    Examples
    --------
    >>> sim = simulate_panel(1000, 12, cohorts=[4, 7], effect=2.0, ramp=3, cohort_heterogeneity=0.5, seed=1)
    >>> post = sim.data[sim.data["treated"] == 1]
    >>> bool(abs(sim.truth.simple - (post["mu1"] - post["mu0"]).mean()) < 1e-12)
    True
    >>> sim.truth.dynamic.columns.tolist()
    ['event_time', 'n_units', 'att', 'mu0']
    """
    if n_units < 1 or n_periods < 1:
        raise ValueError("n_units and n_periods must be positive")
    if family not in ("gaussian", "poisson", "negbin"):
        raise ValueError(f"family must be 'gaussian', 'poisson' or 'negbin', got {family!r}")
    if cohorts is None:
        cohorts = sorted(
            {n_periods // 3 + 1, n_periods // 2 + 1, 2 * n_periods // 3 + 1} & set(range(1, n_periods + 1))
        )
    g_arr = np.asarray(list(cohorts), dtype=np.int64)
    if len(np.unique(g_arr)) != len(g_arr) or (g_arr < 1).any() or (g_arr > n_periods).any():
        raise ValueError(f"cohorts must be distinct periods between 1 and {n_periods}, got {list(cohorts)}")
    if cohort_shares is None:
        cohort_shares = [1.0 / (len(g_arr) + 1)] * len(g_arr)
    shares = np.asarray(list(cohort_shares), dtype=float)
    if len(shares) != len(g_arr) or (shares < 0).any() or shares.sum() > 1 + 1e-12:
        raise ValueError("cohort_shares must be non-negative, one per cohort, summing to at most 1")
    counts_family = family != "gaussian"
    if unit_sd is None:
        unit_sd = 0.5 if counts_family else 1.0
    if period_sd is None:
        period_sd = 0.1 if counts_family else 0.5
    if counts_family and baseline <= 0:
        raise ValueError("baseline must be positive for count families")

    rng = np.random.default_rng(seed)

    # Exact allocation of units to cohorts (largest remainders), then a random permutation.
    all_shares = np.append(shares, max(0.0, 1.0 - shares.sum()))
    raw = all_shares * n_units
    alloc = np.floor(raw).astype(np.int64)
    rest = n_units - alloc.sum()
    if rest > 0:
        alloc[np.argsort(-(raw - alloc), kind="stable")[:rest]] += 1
    unit_cohort = rng.permutation(np.repeat(np.append(g_arr, 0), alloc))

    unit_eff = rng.normal(0.0, unit_sd, n_units)
    period_eff = trend * np.arange(n_periods) + rng.normal(0.0, period_sd, n_periods)

    unit = np.repeat(np.arange(1, n_units + 1, dtype=np.int64), n_periods)
    period = np.tile(np.arange(1, n_periods + 1, dtype=np.int64), n_units)
    cohort = np.repeat(unit_cohort, n_periods)
    treated = (cohort > 0) & (period >= cohort)
    event_time = period - cohort

    lin = np.repeat(unit_eff, n_periods) + np.tile(period_eff, n_units)
    mu0 = np.exp(lin) * baseline if counts_family else baseline + lin

    tau = np.zeros(len(unit))
    tau[treated] = _panel_effect(
        event_time[treated], cohort[treated], effect, ramp, fade, _cohort_weights(g_arr, cohort_heterogeneity)
    )
    mu1 = mu0 * np.exp(tau) if counts_family else mu0 + tau
    mu = np.where(treated, mu1, mu0)

    if family == "gaussian":
        outcome = mu + rng.normal(0.0, noise_sd, len(mu)) if noise_sd > 0 else mu.copy()
    elif family == "poisson":
        outcome = rng.poisson(mu).astype(np.int64)
    else:
        outcome = rng.poisson(mu * rng.gamma(dispersion, 1.0 / dispersion, len(mu))).astype(np.int64)

    data = pd.DataFrame(
        {
            "unit": unit,
            "period": period,
            "cohort": cohort,
            "event_time": pd.array(np.where(cohort > 0, event_time, 0), dtype="Int64"),
            "treated": treated.astype(np.int64),
            "outcome": outcome,
            "mu0": mu0,
            "mu1": np.where(treated, mu1, mu0),
        }
    )
    data.loc[cohort == 0, "event_time"] = pd.NA
    params = {
        "n_units": n_units,
        "n_periods": n_periods,
        "cohorts": [int(g) for g in g_arr],
        "cohort_shares": [float(s) for s in shares],
        "effect": effect,
        "ramp": ramp,
        "fade": fade,
        "cohort_heterogeneity": cohort_heterogeneity,
        "family": family,
        "baseline": baseline,
        "unit_sd": unit_sd,
        "period_sd": period_sd,
        "trend": trend,
        "noise_sd": noise_sd,
        "dispersion": dispersion,
        "seed": seed,
    }
    return SimulatedPanel(data=data, truth=_panel_truth(data), params=params)


def _panel_truth(data: pd.DataFrame) -> PanelTruth:
    d = data.loc[data["cohort"] > 0, ["cohort", "period", "treated", "mu0", "mu1"]].copy()
    d["diff"] = d["mu1"] - d["mu0"]
    d["event_time"] = (d["period"] - d["cohort"]).astype(np.int64)

    def summarise(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        out = frame.groupby(by, sort=True).agg(
            n_units=("diff", "size"), att=("diff", "mean"), mu0=("mu0", "mean")
        )
        return out.reset_index()

    att_gt = summarise(d, ["cohort", "period", "event_time"])
    post = d[d["treated"] == 1]
    simple = float(post["diff"].mean()) if len(post) else 0.0
    base = float(post["mu0"].mean()) if len(post) else float("nan")
    return PanelTruth(
        att_gt=att_gt,
        dynamic=summarise(d, ["event_time"]),
        group=summarise(post, ["cohort"]),
        calendar=summarise(post, ["period"]),
        simple=simple,
        simple_pct=100.0 * simple / base if len(post) and base != 0 else float("nan"),
    )
