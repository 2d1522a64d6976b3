"""Power and rollout design by simulation: can the next rollout's effect be measured at all?

Simulate the planned rollout many times on district panels whose noise is taken from the data (district
levels, seasonality, negative-binomial over-dispersion), estimate the effect of each simulated rollout, and
count how often it is detected. Three designs are compared:

``"all_at_once"``
    ``n_treated`` districts, drawn at random, adopt in the same month; the others never do.
``"stepped_wedge"``
    All ``n_treated`` districts adopt, in ``n_waves`` waves ``wave_gap`` months apart, in a random order
    (Hussey & Hughes 2007, Contemporary Clinical Trials 28(2): 182-191; Hemming et al. 2015, BMJ 350: h391).
``"by_need"``
    The same waves, but the districts with the most recorded crime in the months before the rollout go first.
    This is what a police department would naturally do, and it biases the estimate: a district picked for a
    temporarily high count falls back towards its usual level afterwards (regression to the mean), and that
    fall is read as an effect of the programme. The bias is reported (``bias`` column) and grows with the
    persistence of district-level shocks (``noise.ar_rho``).

The estimator (``estimator="poisson"``, the default) is Poisson PML with district and month effects and a
treatment dummy - :func:`trends.impact.ppml`, the count model behind the report's Poisson imputation -
vectorised over simulated balanced panels (equal to ``ppml`` to 1e-9, ``tests/test_power.py``), with
district-clustered (CR1) standard errors and a t reference with ``G - 1`` degrees of freedom. It estimates the
simulated proportional effect without bias under random assignment. ``estimator="log_ols"`` is two-way fixed
effects on ``log(count + 1)`` (closed form, faster), kept for comparison: the ``+ 1`` shrinks a proportional
effect on counts toward zero (-9.3 to -9.7 % for a true -10 % on the simulated Hanoi districts,
``benchmarks/RESULTS.md``), so its power and MDE describe a different, weaker test. With a constant effect,
as simulated here, neither suffers from Goodman-Bacon's (2021) negative weights, which need effects that
change over time. Power, size and minimum detectable effects follow the
simulation approach of Burlig, Preonas & Woerman (2020, J. Development Economics 144: 102458), who showed that
analytic formulas understate the needed sample with serially correlated panel data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from trends._api import legacy_arguments
from trends.impact._common import single_blas_thread
from trends.messages import t
from trends.results import Result
from trends.schema import TrendsDataError, infer_freq

__all__ = [
    "DESIGNS",
    "MDEResult",
    "NoiseModel",
    "PowerResult",
    "compare_designs",
    "minimum_detectable_effect",
    "noise_from_data",
    "power_analysis",
]


Design = Literal["all_at_once", "stepped_wedge", "by_need"]
Estimator = Literal["poisson", "log_ols"]
DESIGNS: tuple[Design, ...] = ("all_at_once", "stepped_wedge", "by_need")

POWER_CITATION = (
    "Burlig, F., Preonas, L. & Woerman, M. (2020). Panel data and experimental design. Journal of Development "
    "Economics 144, 102458; Hussey, M. A. & Hughes, J. P. (2007). Design and analysis of stepped wedge cluster "
    "randomized trials. Contemporary Clinical Trials 28(2), 182-191."
)


@dataclass(frozen=True)
class NoiseModel:
    """What the simulated panels look like when nothing is done.

    Attributes
    ----------
    baseline : numpy.ndarray
        Mean monthly count of each district (its length is the number of districts).
    season : numpy.ndarray
        12 monthly multipliers (mean 1), January first.
    dispersion : float
        Negative-binomial size ``k``: variance ``mu + mu^2 / k``.
    ar_rho, ar_sd : float
        District-level log deviations follow an AR(1) with this autocorrelation and innovation s.d.
        (persistent local shocks; they drive regression to the mean in the ``by_need`` design).
    trend : float
        Common log-linear trend per month.
    source : str
        Where the numbers came from.
    """

    baseline: np.ndarray
    season: np.ndarray = field(default_factory=lambda: np.ones(12))
    dispersion: float = 10.0
    ar_rho: float = 0.7
    ar_sd: float = 0.05
    trend: float = 0.0
    source: str = "defaults"

    def __post_init__(self) -> None:
        b = np.asarray(self.baseline, dtype=float)
        if b.ndim != 1 or len(b) < 2 or not np.isfinite(b).all() or (b <= 0).any():
            raise ValueError("baseline must hold at least two positive, finite district means")
        if len(self.season) != 12 or (np.asarray(self.season) <= 0).any():
            raise ValueError("season must hold 12 positive multipliers")
        if not self.dispersion > 0:
            raise ValueError("dispersion must be positive")
        if not -1 < self.ar_rho < 1 or self.ar_sd < 0:
            raise ValueError("ar_rho must be in (-1, 1) and ar_sd non-negative")

    def resample(self, n_districts: int, seed: int | None = 0) -> NoiseModel:
        """The same noise for a rollout over ``n_districts`` districts (levels drawn from ``baseline``)."""
        if n_districts < 2:
            raise ValueError("a rollout design needs at least two districts")
        rng = np.random.default_rng(seed)
        base = rng.choice(np.asarray(self.baseline, dtype=float), n_districts, replace=True)
        return replace(self, baseline=base, source=f"{self.source}; {n_districts} district levels resampled")


@legacy_arguments(renamed={"crimes": "data", "unit": "idname", "time": "tname", "outcome": "yname"})
def noise_from_data(
    data: pd.DataFrame,
    *,
    rollout: pd.DataFrame | None = None,
    idname: str = "district",
    tname: str = "period",
    yname: str = "count",
    ar_rho: float = 0.7,
    ar_sd: float = 0.05,
) -> NoiseModel:
    """Estimate a :class:`NoiseModel` from recorded crime (district totals by month).

    District-months from a district's first model on (per ``rollout``) are left out, so the noise is that of
    untreated months. ``baseline`` is each district's mean monthly total over its untreated months (over all
    months for districts with fewer than 24 untreated months, e.g. pilots); ``season`` the mean ratio of a
    month's total to its district's yearly mean; ``dispersion`` the method-of-moments negative-binomial size
    of the counts around ``baseline x season x year effect`` (``sum mu^2 / sum((y - mu)^2 - mu)``).
    ``ar_rho`` and ``ar_sd`` are not identified apart from the count noise in short series and are passed
    through (defaults: moderate persistence).
    """
    for c in (idname, tname, yname):
        if c not in data.columns:
            raise TrendsDataError(f"data has no column {c!r}")
    tot = data.groupby([idname, tname], as_index=False)[yname].sum()
    tot[tname] = pd.to_datetime(tot[tname])
    freq = infer_freq(tot[tname])
    # the baseline, season and 24-month rule are monthly: quarters would be read as months
    if freq != "month":
        raise TrendsDataError(
            f"the power simulation models monthly counts; these are by {freq}: pass monthly counts (an incident "
            "list counts by month)"
        )
    all_means = tot.groupby(idname)[yname].mean()
    if rollout is not None:
        first = rollout.groupby("district")["start"].min()
        f = tot[idname].map(first)
        tot = tot[f.isna() | (tot[tname] < f.dt.to_period("M").dt.to_timestamp())]
    counts = tot.groupby(idname)[tname].count()
    keep = counts[counts >= 24].index
    tot = tot[tot[idname].isin(keep)]
    if tot[idname].nunique() < 2 or len(all_means) < 2:
        raise TrendsDataError(
            "need at least two districts with 24 or more untreated months to estimate noise"
        )
    y = tot[yname].astype(float)
    year = tot[tname].dt.year
    unit_mean = y.groupby(tot[idname]).transform("mean")
    if (unit_mean <= 0).any():
        raise TrendsDataError("a district has no recorded crime in its untreated months")
    ratio = y / unit_mean
    year_eff = ratio.groupby(year).transform("mean")
    month = tot[tname].dt.month
    season = (ratio / year_eff).groupby(month).mean().reindex(range(1, 13)).fillna(1.0).to_numpy()
    season = season / season.mean()
    mu = unit_mean * year_eff * season[month.to_numpy() - 1]
    excess = float(((y - mu) ** 2 - mu).sum())
    k = float((mu**2).sum() / excess) if excess > 0 else 1e6
    untreated_means = tot.groupby(idname)[yname].mean()
    baseline = untreated_means.reindex(all_means.index).fillna(all_means)
    if (baseline <= 0).any():
        raise TrendsDataError(
            f"district(s) {baseline[baseline <= 0].index.tolist()[:5]} never record a crime"
        )
    return NoiseModel(
        baseline=baseline.to_numpy(dtype=float),
        season=season,
        dispersion=min(k, 1e6),
        ar_rho=ar_rho,
        ar_sd=ar_sd,
        source=f"{len(baseline)} districts; season and dispersion from {tot[idname].nunique()} "
        f"districts' {len(tot)} untreated district-months",
    )


def _schedule(
    design: str,
    noise: NoiseModel,
    n_treated: int,
    start: int,
    n_waves: int,
    wave_gap: int,
    need: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """First treated period (-1 = never) of each unit, for one simulated panel."""
    n = len(noise.baseline)
    first = np.full(n, -1)
    if design == "all_at_once":
        first[rng.choice(n, n_treated, replace=False)] = start
        return first
    order = (
        np.argsort(-need, kind="stable")[:n_treated]
        if design == "by_need"
        else rng.permutation(n)[:n_treated]
    )
    waves = np.array_split(order, n_waves)
    for w, units in enumerate(waves):
        first[units] = start + w * wave_gap
    return first


def _simulate_counts(noise: NoiseModel, n_periods: int, n_sims: int, rng: np.random.Generator) -> np.ndarray:
    """Untreated expected counts (S, N, T) with AR(1) district deviations; counts drawn later."""
    n = len(noise.baseline)
    t = np.arange(n_periods)
    base = (
        np.log(noise.baseline)[None, :, None] + np.log(noise.season)[t % 12][None, None, :] + noise.trend * t
    )
    dev = np.zeros((n_sims, n, n_periods))
    sd0 = noise.ar_sd / np.sqrt(1 - noise.ar_rho**2)
    prev = rng.normal(0, sd0, (n_sims, n))
    for j in range(n_periods):
        prev = noise.ar_rho * prev + rng.normal(0, noise.ar_sd, (n_sims, n)) if j else prev
        dev[:, :, j] = prev
    period_shock = rng.normal(0, 0.03, (n_sims, 1, n_periods))
    return np.exp(base + dev + period_shock)


def _twfe_cr1(y: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """TWFE slope of ``d`` and its CR1 (district-clustered) s.e. for a batch of balanced panels (S, N, T)."""

    def within(a: np.ndarray) -> np.ndarray:
        return (
            a
            - a.mean(axis=2, keepdims=True)
            - a.mean(axis=1, keepdims=True)
            + a.mean(axis=(1, 2), keepdims=True)
        )

    yt, dt = within(y), within(d)
    sxx = (dt * dt).sum(axis=(1, 2))
    beta = (dt * yt).sum(axis=(1, 2)) / sxx
    e = yt - beta[:, None, None] * dt
    score = (dt * e).sum(axis=2)
    _, g, tt = y.shape
    k = g + tt  # unit and period effects plus the slope, less one for the shared intercept
    c = g / (g - 1) * (g * tt - 1) / (g * tt - k)
    se = np.sqrt(c * (score**2).sum(axis=1)) / sxx
    return beta, se


def _weighted_within(x: np.ndarray, w: np.ndarray, tol: float = 1e-11, maxit: int = 500) -> np.ndarray:
    """Residual of ``x`` (S, N, T) on district and month effects by weighted least squares, for each panel.

    Alternating projections (Gaure 2013): subtract the weighted district means, then the weighted month
    means, until they no longer change. Cells of weight 0 are ignored.
    """
    wi = np.where(w.sum(axis=2, keepdims=True) > 0, w.sum(axis=2, keepdims=True), 1.0)
    wt = np.where(w.sum(axis=1, keepdims=True) > 0, w.sum(axis=1, keepdims=True), 1.0)
    r = x.copy()
    for _ in range(maxit):
        a = (w * r).sum(axis=2, keepdims=True) / wi
        r = r - a
        b = (w * r).sum(axis=1, keepdims=True) / wt
        r = r - b
        if max(np.abs(a).max(), np.abs(b).max()) < tol:
            break
    return r


def _twfe_poisson(
    y: np.ndarray, d: np.ndarray, tol: float = 1e-10, maxit: int = 100
) -> tuple[np.ndarray, np.ndarray]:
    """Poisson PML slope of ``d`` with district and month effects and its CR1 s.e., for panels (S, N, T).

    The estimator of :func:`trends.impact.ppml` (fixest's ``fepois``: IRLS, fixed effects absorbed by
    weighted alternating projections, district-clustered sandwich with the factor ``G/(G-1) (N-1)/(N-K)``,
    month effects counted in ``K``), vectorised over simulated balanced panels. Districts or months whose
    counts are all zero get weight 0 (their effect is minus infinity), as ``ppml`` drops them.
    """
    keep = (y.sum(axis=2, keepdims=True) > 0) & (y.sum(axis=1, keepdims=True) > 0)
    w = keep.astype(float)
    mu = (y + (w * y).sum(axis=(1, 2), keepdims=True) / w.sum(axis=(1, 2), keepdims=True)) / 2
    mu = np.where(keep, mu, 1.0)
    eta = np.log(mu)
    beta = np.zeros(len(y))
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0)
    dev_old = np.full(len(y), np.inf)
    for _ in range(maxit):
        z = eta + (y - mu) / mu
        ww = w * mu
        zd, dd = _weighted_within(z, ww), _weighted_within(d, ww)
        sxx = (ww * dd * dd).sum(axis=(1, 2))
        beta = np.where(sxx > 0, (ww * dd * zd).sum(axis=(1, 2)) / np.where(sxx > 0, sxx, 1.0), 0.0)
        eta = z - (zd - beta[:, None, None] * dd)
        mu = np.exp(eta)
        dev = 2 * (w * (ylogy - y * eta - (y - mu))).sum(axis=(1, 2))
        done = np.abs(dev - dev_old) / (0.1 + np.abs(dev)) < tol
        if done.all():
            break
        dev_old = dev
    ww = w * mu
    dd = _weighted_within(d, ww, tol=1e-13)
    bread = (ww * dd * dd).sum(axis=(1, 2))
    score = (w * dd * (y - mu)).sum(axis=2)  # (S, N): one cluster per district
    g = keep[:, :, 0].sum(axis=1)
    n_t = keep[:, 0, :].sum(axis=1)
    n_obs = g * n_t
    c = g / (g - 1) * (n_obs - 1) / (n_obs - 1 - n_t)
    se = np.sqrt(c * (score**2).sum(axis=1)) / bread
    return beta, se


ESTIMATORS: tuple[str, ...] = ("poisson", "log_ols")


@single_blas_thread
def _simulate_chunk(
    noise: NoiseModel,
    design: str,
    effects: np.ndarray,
    n_periods: int,
    n_treated: int,
    start: int,
    n_waves: int,
    wave_gap: int,
    ramp: int,
    n_sims: int,
    alpha: float,
    seed: np.random.SeedSequence,
    estimator: str = "poisson",
) -> np.ndarray:
    """Per effect size: (rejections, sum estimate, sum sq error, covered, sum se), over ``n_sims`` panels."""
    rng = np.random.default_rng(seed)
    mu0 = _simulate_counts(noise, n_periods, n_sims, rng)
    n = mu0.shape[1]
    gamma = rng.gamma(noise.dispersion, 1 / noise.dispersion, mu0.shape)
    u = rng.random(mu0.shape)  # common random numbers across effect sizes (a smooth power curve)
    first = np.empty((n_sims, n), dtype=int)
    for s in range(n_sims):
        # need = recorded crime in the 12 months before the rollout (a noisy, honest planning measure)
        pre = slice(max(0, start - 12), start)
        need = stats.poisson.ppf(u[s, :, pre], mu0[s, :, pre] * gamma[s, :, pre]).sum(axis=1)
        first[s] = _schedule(design, noise, n_treated, start, n_waves, wave_gap, need, rng)
    t = np.arange(n_periods)[None, None, :]
    f = first[:, :, None]
    treated = (f >= 0) & (t >= f)
    ramp_w = np.where(treated, np.minimum(1.0, (t - f + 1) / max(ramp, 1)), 0.0)
    crit = stats.t.ppf(1 - alpha / 2, n - 1)
    out = np.zeros((len(effects), 5))
    for i, eff in enumerate(effects):
        mu = mu0 * np.exp(np.log1p(eff) * ramp_w) * gamma
        y = stats.poisson.ppf(u, mu)
        if estimator == "poisson":
            beta, se = _twfe_poisson(y, treated.astype(float))
        else:
            beta, se = _twfe_cr1(np.log1p(y), treated.astype(float))
        truth = np.log1p(eff)
        out[i] = [
            (np.abs(beta / se) > crit).sum(),
            beta.sum(),
            ((beta - truth) ** 2).sum(),
            (np.abs(beta - truth) <= crit * se).sum(),
            se.sum(),
        ]
    return out


def _run(
    noise: NoiseModel,
    design: str,
    effects: np.ndarray,
    n_periods: int,
    n_treated: int,
    start: int,
    n_waves: int,
    wave_gap: int,
    ramp: int,
    n_sims: int,
    alpha: float,
    seed: int | None,
    n_jobs: int,
    estimator: str = "poisson",
    chunk: int = 100,
) -> np.ndarray:
    if estimator not in ESTIMATORS:
        raise ValueError(f"estimator must be one of {ESTIMATORS}, got {estimator!r}")
    sizes = [min(chunk, n_sims - i) for i in range(0, n_sims, chunk)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    args = (noise, design, effects, n_periods, n_treated, start, n_waves, wave_gap, ramp)
    if n_jobs == 1:
        parts = [_simulate_chunk(*args, m, alpha, s, estimator) for m, s in zip(sizes, seeds, strict=True)]
    else:
        from joblib import Parallel, delayed

        parts = Parallel(n_jobs=n_jobs)(
            delayed(_simulate_chunk)(*args, m, alpha, s, estimator) for m, s in zip(sizes, seeds, strict=True)
        )
    return np.sum(parts, axis=0)


def _check(
    design: str,
    noise: NoiseModel,
    n_periods: int,
    n_treated: int | None,
    start: int | None,
    n_waves: int,
    wave_gap: int,
    n_sims: int,
) -> tuple[int, int]:
    if design not in DESIGNS:
        raise ValueError(f"design must be one of {DESIGNS}, got {design!r}")
    n = len(noise.baseline)
    if n_treated is None:
        n_treated = n // 2 if design == "all_at_once" else n
    if not 1 <= n_treated <= n:
        raise ValueError(f"n_treated must be between 1 and the number of districts ({n}), got {n_treated}")
    if design == "all_at_once" and n_treated == n:
        raise ValueError("with every district adopting at once there is no comparison group; lower n_treated")
    if start is None:
        start = n_periods // 3
    last = start + (0 if design == "all_at_once" else (n_waves - 1) * wave_gap)
    if start < 2 or last >= n_periods:
        raise ValueError(
            f"the rollout (months {start} to {last}) must start after month 2 and end before month {n_periods}"
        )
    if design != "all_at_once" and not 1 <= n_waves <= n_treated:
        raise ValueError(f"n_waves must be between 1 and n_treated ({n_treated})")
    if n_sims < 10:
        raise ValueError("n_sims must be at least 10")
    return n_treated, start


@dataclass(frozen=True)
class PowerResult(Result):
    """Simulated power of one design at one effect size.

    ``table`` has one row: ``design, effect`` (proportional change, e.g. -0.1), ``power``, ``mean_estimate``
    (as a proportional change, ``exp(mean log estimate) - 1``), ``bias`` (log points), ``rmse`` (log points),
    ``coverage`` (of the 1 - alpha intervals), ``mean_se``, ``n_sims``.
    """

    _term_keys = ("design",)

    @property
    def headline(self) -> pd.Series:
        """The simulated power, with its Monte Carlo standard error ``sqrt(p (1 - p) / n_sims)``."""
        row = self.table.iloc[0]
        p, n = float(row["power"]), float(row["n_sims"])
        return pd.Series({"estimate": p, "std_error": np.sqrt(p * (1 - p) / n)})

    def sentence(self) -> str:
        row = self.table.iloc[0]
        return (
            f"Design {row['design']}: an effect of {row['effect']:+.0%} is detected in {row['power']:.0%} of "
            f"{int(row['n_sims'])} simulated studies."
        )

    table: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = POWER_CITATION

    @property
    def power(self) -> float:
        return float(self.table["power"].iloc[0])

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """The simulated power as a bar with its Monte Carlo 95 % interval; returns the ``Figure``."""
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (6, 2.2))
        p, se = float(self.headline["estimate"]), float(self.headline["std_error"])
        design = t(f"plot.design.{self.table['design'].iloc[0]}", lang)
        ax.barh([design], [p], xerr=[1.96 * se], color="#0072B2", ecolor="0.3")
        ax.set_xlim(0, 1)
        ax.set_xlabel(t("plot.power", lang))
        return fig


@dataclass(frozen=True)
class MDEResult(Result):
    """Power curve and minimum detectable effect of one design.

    ``curve``: ``effect, power, bias, coverage`` for each effect size tried; ``mde``: the smallest reduction
    (a negative proportional change) with power at least ``spec["power"]``, linearly interpolated; NaN with a
    note in ``spec["note"]`` when no effect size tried reaches it.
    """

    @property
    def table(self) -> pd.DataFrame:
        """The power curve with ``term`` = the effect size tried."""
        return self.curve.assign(term=self.curve["effect"])[["term", *self.curve.columns]]

    @property
    def headline(self) -> pd.Series:
        """The minimum detectable effect."""
        return pd.Series({"estimate": self.mde})

    def sentence(self) -> str:
        if not np.isfinite(self.mde):
            return f"No effect size tried reaches power {self.spec.get('power', 0.8):.0%}."
        return f"The smallest reduction detected with power {self.spec.get('power', 0.8):.0%} is {self.mde:+.1%}."

    curve: pd.DataFrame
    mde: float
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = POWER_CITATION

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """The power curve, with the target power and the MDE marked; returns the ``Figure``."""
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (7, 4))
        ax.plot(-100 * self.curve["effect"], self.curve["power"], marker="o", color="#0072B2")
        ax.axhline(self.spec["power"], color="0.5", lw=0.8, ls="--")
        if np.isfinite(self.mde):
            ax.axvline(-100 * self.mde, color="#D55E00", lw=0.8, ls=":")
        ax.set_xlabel(t("plot.reduction_in_recorded_crime", lang))
        ax.set_ylabel(t("plot.power", lang))
        ax.set_ylim(0, 1)
        return fig


def _table(design: str, effects: np.ndarray, sums: np.ndarray, n_sims: int) -> pd.DataFrame:
    truth = np.log1p(effects)
    mean_b = sums[:, 1] / n_sims
    return pd.DataFrame(
        {
            "design": design,
            "effect": effects,
            "power": sums[:, 0] / n_sims,
            "mean_estimate": np.expm1(mean_b),
            "bias": mean_b - truth,
            "rmse": np.sqrt(sums[:, 2] / n_sims),
            "coverage": sums[:, 3] / n_sims,
            "mean_se": sums[:, 4] / n_sims,
            "n_sims": n_sims,
        }
    )


def power_analysis(
    noise: NoiseModel,
    *,
    effect: float,
    design: Design = "stepped_wedge",
    n_periods: int = 48,
    n_treated: int | None = None,
    start: int | None = None,
    n_waves: int = 4,
    wave_gap: int = 6,
    ramp: int = 1,
    n_sims: int = 500,
    alpha: float = 0.05,
    seed: int | None = 0,
    n_jobs: int = 1,
    estimator: Estimator = "poisson",
) -> PowerResult:
    """Power of a planned rollout to detect a proportional change ``effect`` in recorded crime.

    Parameters
    ----------
    noise : NoiseModel
        District levels and noise (:func:`noise_from_data`); its ``baseline`` sets the number of districts.
    effect : float
        Proportional change in expected counts after adoption (``-0.10`` = a 10 % reduction), > -1.
    design : {"all_at_once", "stepped_wedge", "by_need"}
    n_periods : int, default 48
        Months observed (before and after the rollout).
    n_treated : int, optional
        Districts that adopt (default: half for ``all_at_once``, all for the staggered designs).
    start : int, optional
        Month index of the first adoption (default ``n_periods // 3``).
    n_waves, wave_gap : int
        Staggered designs: number of waves and months between them.
    ramp : int, default 1
        Months over which the effect builds up linearly.
    n_sims : int, default 500
    alpha : float, default 0.05
        Two-sided test level.
    seed : int, optional
    n_jobs : int, default 1
        Parallel chunks of 100 panels (joblib); the result does not depend on ``n_jobs``.
    estimator : {"poisson", "log_ols"}, default "poisson"
        ``"poisson"``: Poisson PML with district and month effects (:func:`trends.impact.ppml`, the count
        model of the report's estimator); ``"log_ols"``: least squares on ``log(count + 1)``, which is
        biased toward zero for a proportional effect on counts (see the module docstring).

    Returns
    -------
    PowerResult
    """
    if not effect > -1:
        raise ValueError(f"effect is a proportional change and must exceed -1, got {effect}")
    n_treated, start = _check(design, noise, n_periods, n_treated, start, n_waves, wave_gap, n_sims)
    effects = np.array([float(effect)])
    sums = _run(
        noise,
        design,
        effects,
        n_periods,
        n_treated,
        start,
        n_waves,
        wave_gap,
        ramp,
        n_sims,
        alpha,
        seed,
        n_jobs,
        estimator,
    )
    spec = {
        "design": design,
        "estimator": estimator,
        "effect": effect,
        "n_periods": n_periods,
        "n_treated": n_treated,
        "start": start,
        "n_waves": n_waves,
        "wave_gap": wave_gap,
        "ramp": ramp,
        "n_sims": n_sims,
        "alpha": alpha,
        "seed": seed,
        "n_districts": len(noise.baseline),
        "noise": noise.source,
    }
    return PowerResult(table=_table(design, effects, sums, n_sims), spec=spec)


def minimum_detectable_effect(
    noise: NoiseModel,
    *,
    design: Design = "stepped_wedge",
    power: float = 0.8,
    effects: np.ndarray | list[float] | None = None,
    n_periods: int = 48,
    n_treated: int | None = None,
    start: int | None = None,
    n_waves: int = 4,
    wave_gap: int = 6,
    ramp: int = 1,
    n_sims: int = 500,
    alpha: float = 0.05,
    seed: int | None = 0,
    n_jobs: int = 1,
    estimator: Estimator = "poisson",
) -> MDEResult:
    """The smallest reduction the design detects with probability ``power`` (the MDE), by simulation.

    The power curve is simulated at ``effects`` (default: reductions of 0 to 40 % in steps of 2.5 points) with
    common random numbers, and the MDE interpolated where it crosses ``power``. Other parameters as in
    :func:`power_analysis`.
    """
    if not 0 < power < 1:
        raise ValueError(f"power must be between 0 and 1, got {power}")
    eff = np.asarray(effects if effects is not None else -np.arange(0, 0.401, 0.025), dtype=float)
    if (eff <= -1).any() or len(eff) < 2:
        raise ValueError("effects must hold at least two proportional changes above -1")
    eff = eff[np.argsort(-eff)]  # from no effect to the largest reduction
    n_treated, start = _check(design, noise, n_periods, n_treated, start, n_waves, wave_gap, n_sims)
    sums = _run(
        noise, design, eff, n_periods, n_treated, start, n_waves, wave_gap, ramp, n_sims, alpha, seed, n_jobs,
        estimator,
    )  # fmt: skip
    curve = _table(design, eff, sums, n_sims)
    pw = curve["power"].to_numpy()
    above = np.flatnonzero(pw >= power)
    spec = {
        "design": design,
        "estimator": estimator,
        "power": power,
        "n_periods": n_periods,
        "n_treated": n_treated,
        "start": start,
        "n_waves": n_waves,
        "wave_gap": wave_gap,
        "ramp": ramp,
        "n_sims": n_sims,
        "alpha": alpha,
        "seed": seed,
        "n_districts": len(noise.baseline),
        "noise": noise.source,
        "note": "",
    }
    if not len(above):
        spec["note"] = f"no effect size tried (down to {eff[-1]:.0%}) reaches power {power:.0%}"
        mde = float("nan")
    elif above[0] == 0:
        spec["note"] = "the smallest effect tried already reaches the target power (or the test is biased)"
        mde = float(eff[0])
    else:
        j = above[0]
        w = (power - pw[j - 1]) / (pw[j] - pw[j - 1])
        mde = float(eff[j - 1] + w * (eff[j] - eff[j - 1]))
    return MDEResult(curve=curve, mde=mde, spec=spec)


def compare_designs(
    noise: NoiseModel,
    *,
    effect: float,
    designs: tuple[Design, ...] = DESIGNS,
    n_sims: int = 500,
    seed: int | None = 0,
    n_jobs: int = 1,
    **kwargs: Any,
) -> pd.DataFrame:
    """Power, bias and coverage of several designs at one effect size, one row per design.

    ``by_need`` should show a bias (regression to the mean) and, at ``effect=0``, a false-positive rate above
    ``alpha``; the randomised designs should not. Keyword arguments go to :func:`power_analysis`.
    """
    rows = [
        power_analysis(
            noise, effect=effect, design=d, n_sims=n_sims, seed=seed, n_jobs=n_jobs, **kwargs
        ).table
        for d in designs
    ]
    return pd.concat(rows, ignore_index=True)
