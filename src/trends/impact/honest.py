"""Sensitivity of an event-study conclusion to violations of parallel trends (Rambachan & Roth 2023).

Two restrictions, as in the R package HonestDiD: relative magnitudes (:func:`relative_magnitude_bounds`,
below) and smoothness (:func:`smoothness_bounds`: the slope of the difference in trends changes by at most
``M`` per period), with the same robust intervals.

Implements the relative-magnitudes restriction ``Delta^RM(Mbar)`` of Rambachan & Roth (2023, "A more credible
approach to parallel trends", Review of Economic Studies 90(5), 2555-2591): after adoption, the change of
the difference in trends between two consecutive periods is at most ``Mbar`` times the largest such change
seen before adoption,

    |delta_{t+1} - delta_t| <= Mbar * max_{s < 0} |delta_{s+1} - delta_s|   for all t >= 0,

with the reference period (event time -1) normalised to ``delta = 0``. ``Mbar = 0`` is exact parallel trends
after adoption; ``Mbar = 1`` allows post-adoption drifts as large as the worst one seen before adoption.

For a target ``theta = l' tau_post`` (the effect at one event time, or the average over post periods) the
identified set, with the pre-period trend differences pinned at their estimates (R&R's equations 5-6), is
closed form: ``l' beta_post -/+ Mbar * m * sum_k |sum_{t >= k} l_t|`` with ``m`` the largest absolute first
difference of the pre-period coefficients (including the step into the reference period).

Robust confidence intervals (``method``):

``"C-LF"`` (default, as R's HonestDiD)
    ``Delta^RM`` is the union over the period ``s`` of the largest pre-period change and its sign of
    polyhedral sets ``A delta <= 0``. For each, the values of ``theta`` on a grid are tested with the
    conditional / least-favourable hybrid moment-inequality test of Andrews, Roth & Pakes (ARP;
    :mod:`trends.impact._arp`), using only the moments that involve post periods, and the interval is the
    span of the values accepted by any of them. This propagates the sampling noise of the pre-period
    coefficients. Equal to R HonestDiD's results on its ``BCdata_EventStudy`` example to 1e-9
    (``tests/test_honest.py``).
``"conditional"``
    The same with the purely conditional ARP test (R's ``hybrid_flag = "ARP"``); deterministic.
``"naive"``
    The identified set extended by ``z_{1-alpha/2}`` standard errors of ``l' beta_post`` on each side, as
    diff-diff 3.13's ``HonestDiD(method="relative_magnitude")``: fast, but it ignores the sampling noise of
    the pre-period maximum, so it is too narrow when the pre-period coefficients are noisy.

The grid has ``grid_points`` values; by default it spans the identified set and 20 standard errors of the
target beyond it (R centres ``-/+ 20`` standard errors on zero instead: pass ``grid_bounds`` to reproduce it
exactly). The breakdown value is the smallest ``Mbar`` at which the robust interval includes zero (found by
bisection to 1 % for the grid-based methods, in closed form for ``"naive"``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from trends.impact import _arp
from trends.impact._common import blas_threads, warn
from trends.messages import t
from trends.results import Result

__all__ = ["HonestResult", "event_study_inputs", "relative_magnitude_bounds", "smoothness_bounds"]

CITATION = (
    "Rambachan, A. & Roth, J. (2023). A more credible approach to parallel trends. Review of Economic "
    "Studies 90(5), 2555-2591 (relative-magnitude restriction); Andrews, I., Roth, J. & Pakes, A. (2023). "
    "Inference for linear conditional moment inequalities. Review of Economic Studies 90(6), 2763-2791."
)


@dataclass(frozen=True)
class HonestResult(Result):
    """Sensitivity bounds of an event-study target (relative magnitudes or smoothness).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per value of the restriction's parameter (``spec["parameter"]``: ``mbar`` for relative
        magnitudes, ``m`` for smoothness): that value, ``lb, ub`` (identified set with the pre-period
        coefficients at their estimates), ``conf_low, conf_high`` (robust interval), ``excludes_zero``.
    original : pandas.DataFrame
        One row: the target's estimate, standard error and conventional interval (parallel trends).
    breakdown : float
        Smallest value of the parameter whose robust interval includes zero: 0 if it already does at 0 (the
        conventional interval for ``"naive"``); ``inf`` if none does (``"naive"``: the pre-period
        coefficients are all zero; grid methods: up to twice the largest value asked for, see
        ``spec["note"]``).
    max_pre_diff : float
        The largest absolute first (relative magnitudes) or second (smoothness) difference of the
        pre-period coefficients, reference period included.
    l_vec : numpy.ndarray
        Weights of the target over the post-period coefficients.
    spec : dict
    """

    _term_keys = ("mbar", "m")

    @property
    def headline(self) -> pd.Series:
        """The target's conventional estimate (under parallel trends)."""
        return self.original.iloc[0]

    table: pd.DataFrame
    original: pd.DataFrame
    breakdown: float
    max_pre_diff: float
    l_vec: np.ndarray = field(repr=False)
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION

    @property
    def parameter(self) -> str:
        """Column of the restriction's parameter: ``"mbar"`` or ``"m"``."""
        return self.spec.get("parameter", "mbar")

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Robust intervals by value of the parameter next to the conventional interval; returns the Figure."""
        from trends.impact._common import figure_axes, plot_number

        fig, ax = figure_axes(ax, (7, 4))
        o = self.original.iloc[0]
        tab = self.table
        x = tab[self.parameter]
        step = float(np.min(np.diff(x))) if len(tab) > 1 else 0.5
        xo = float(x.min()) - step
        ax.errorbar(
            [xo],
            [o["estimate"]],
            yerr=[[o["estimate"] - o["conf_low"]], [o["conf_high"] - o["estimate"]]],
            fmt="o",
            capsize=4,
            color="#000000",
            label=t("plot.parallel_trends", lang),
        )
        mid = (tab["conf_low"] + tab["conf_high"]) / 2
        smooth = self.parameter == "m"
        ax.errorbar(
            x,
            mid,
            yerr=[mid - tab["conf_low"], tab["conf_high"] - mid],
            fmt="none",
            capsize=4,
            color="#0072B2",
            lw=2,
            label=t("plot.robust.smoothness" if smooth else "plot.robust.relative", lang),
        )
        ax.axhline(0, color="0.4", lw=0.8)
        name = "M" if smooth else "Mbar"
        if np.isfinite(self.breakdown) and self.breakdown > 0:
            ax.axvline(
                self.breakdown,
                color="#D55E00",
                ls="--",
                lw=1,
                label=t("plot.breakdown", lang, name=name, value=plot_number(self.breakdown, lang)),
            )
        ax.set_xticks([xo, *x], [t("plot.term.original", lang), *[plot_number(v, lang) for v in x]])
        ax.set_xlabel(t("plot.honest.m" if smooth else "plot.honest.mbar", lang))
        ax.set_ylabel(t("plot.effect", lang))
        ax.legend(frameon=False, fontsize=8)
        return fig

    def __repr__(self) -> str:
        return (
            f"HonestResult({self.spec.get('target')}: {len(self.table)} {self.parameter} values, "
            f"breakdown {self.breakdown:.3g})"
        )


def event_study_inputs(
    result: Any, *, min_e: float = -np.inf, max_e: float = np.inf, ref: int = -1
) -> tuple[np.ndarray, np.ndarray, int, int, np.ndarray]:
    """The event-study vector, its covariance and the number of pre / post periods, for the bounds.

    Parameters
    ----------
    result : any result with ``event_study_coefficients(min_e=, max_e=, ref=)``
        The method returns ``(event_times, coefficients, vcov, ref)``. Those of the library:

        * :class:`~trends.impact.ATTgtResult` -- the ``dynamic`` aggregation (R ``did``'s ``aggte(type =
          "dynamic")``) with its full influence-function covariance; fit with ``base_period="universal"``
          so that pre-period coefficients are relative to event time -1, as the bounds assume;
        * :class:`~trends.impact.ppml.PPMLResult` with ``event_study=True`` -- cluster-robust covariance;
        * any :class:`EventStudyResult` -- only standard errors are stored, so the covariance is taken
          diagonal (with an :class:`ImpactWarning`).
    min_e, max_e : float
        Event-time window.
    ref : int
        Reference event time (dropped; must sit just before the first post period).

    Returns
    -------
    betahat, sigma, num_pre, num_post, event_times
    """
    coefficients = getattr(result, "event_study_coefficients", None)
    if coefficients is None:
        hint = (
            ": pass the ATTgtResult itself (its dynamic aggregation is rebuilt with the full covariance)"
            if type(result).__name__ == "AggregateResult"
            else ""
        )
        raise TypeError(f"cannot read an event study with its covariance from {type(result).__name__}{hint}")
    e, est, V, ref = coefficients(min_e=min_e, max_e=max_e, ref=ref)
    e, est, V = np.asarray(e, dtype=float), np.asarray(est, dtype=float), np.asarray(V, dtype=float)
    keep = (e != ref) & (e >= min_e) & (e <= max_e) & np.isfinite(est)
    if (np.diag(V)[keep] <= 0).any():
        keep &= np.diag(V) > 0
    e, est, V = e[keep], est[keep], V[np.ix_(keep, keep)]
    order = np.argsort(e)
    e, est, V = e[order], est[order], V[np.ix_(order, order)]
    pre, post = e < ref, e > ref
    if pre.sum() < 1 or post.sum() < 1:
        raise ValueError("the bounds need at least one pre-period and one post-period coefficient")
    ep = e[pre]
    if (
        ep.max() != ref - 1
        or (np.diff(ep) != 1).any()
        or e[post].min() != ref + 1
        or (np.diff(e[post]) != 1).any()
    ):
        raise ValueError(
            f"event times must be consecutive around the reference {ref} (got {e.astype(int).tolist()}); "
            "restrict min_e / max_e"
        )
    return est, V, int(pre.sum()), int(post.sum()), e


METHODS: tuple[str, ...] = ("C-LF", "conditional", "naive")


def _rm_constraints(npre: int, npost: int, mbar: float, s: int, positive: bool) -> np.ndarray:
    """``A`` of ``Delta^RM_{s,sign}(Mbar) = {delta : A delta <= 0}`` over the coefficients without the reference.

    Every first difference of ``delta`` (reference period included, ``delta_ref = 0``) is at most the one
    from period ``s - 1`` to ``s`` (``s <= 0``, 0 = the step into the reference) in absolute value before
    adoption, and ``Mbar`` times it after; ``positive`` fixes the sign of that largest pre-period change.
    """
    T = npre + npost
    diffs = np.zeros((T, T + 1))
    diffs[np.arange(T), np.arange(T)] = -1.0
    diffs[np.arange(T), np.arange(T) + 1] = 1.0
    v = np.zeros(T + 1)
    v[npre + s - 1], v[npre + s] = -1.0, 1.0
    v = v if positive else -v
    bound = np.vstack([np.tile(v, (npre, 1)), np.tile(mbar * v, (npost, 1))])
    A = np.vstack([diffs - bound, -diffs - bound])
    A = A[(A**2).sum(axis=1) > 1e-10]  # the largest change bounding itself
    return np.delete(A, npre, axis=1)


def _rm_pieces(npre: int, npost: int, mbar: float) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """``Delta^RM(Mbar)`` as the union of polyhedra ``A delta <= d``; each tested on its post-period rows."""
    pieces = []
    for s in range(-(npre - 1), 1):
        for positive in (True, False):
            A = _rm_constraints(npre, npost, mbar, s, positive)
            pieces.append((A, np.zeros(len(A)), True))
    return pieces


def _sd_pieces(npre: int, npost: int, m: float) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """``Delta^SD(M)``: every second difference of ``delta`` (reference included) within ``[-M, M]``.

    One polyhedron; as R's HonestDiD, only its rows that involve post periods are tested when there is more
    than one post period, and all rows otherwise.
    """
    T = npre + npost
    sec = np.zeros((T - 1, T + 1))
    for r in range(T - 1):
        sec[r, r : r + 3] = (1.0, -2.0, 1.0)
    sec = np.delete(sec, npre, axis=1)
    A = np.vstack([sec, -sec])
    return [(A, np.full(len(A), float(m)), npost > 1)]


def _target_basis(lv: np.ndarray) -> np.ndarray:
    """An invertible matrix whose first row is ``l'``, completed by unit vectors in order (R's RREF pivots)."""
    rows = [lv]
    for e in np.eye(len(lv)):
        if np.linalg.matrix_rank(np.vstack([*rows, e])) > len(rows):
            rows.append(e)
    return np.vstack(rows)


def _arp_interval(
    b: np.ndarray,
    V: np.ndarray,
    npre: int,
    lv: np.ndarray,
    pieces: list[tuple[np.ndarray, np.ndarray, bool]],
    alpha: float,
    hybrid: bool,
    grid: np.ndarray,
    seed: int,
) -> tuple[float, float, bool]:
    """ARP robust interval of ``l' tau_post`` under the union of ``pieces``: (low, high, touches the grid edge).

    Each piece ``(A, d, post_rows_only)`` is a polyhedron ``A delta <= d``; the value ``theta`` is accepted
    when some piece's moments ``A (betahat - tau(theta)) - d <= 0`` pass the test, with the post-period
    effects other than the target as nuisance parameters.
    """
    to_target = np.linalg.inv(_target_basis(lv))
    kappa = alpha / 10
    tests = []
    for A, d, post_rows_only in pieces:
        if post_rows_only:  # moments with only pre periods do not involve theta
            keep = (A[:, npre:] != 0).any(axis=1)
            A, d = A[keep], d[keep]
        AG = A[:, npre:] @ to_target
        y, sig = A @ b - d, A @ V @ A.T
        moments = _arp.Moments(AG[:, 1:], sig)
        cv = _arp.least_favorable_cv(moments, kappa, seed=seed) if hybrid else None

        def accepted(i: int, y=y, slope=AG[:, 0], moments=moments, cv=cv) -> bool:
            return not _arp.conditional_test(moments, y - slope * grid[i], alpha, cv, kappa)

        tests.append(accepted)
    ext = _arp.union_extremes(tests, len(grid), step=max(1, len(grid) // 100))
    if ext is None:
        return math.nan, math.nan, False
    lo, hi = ext
    return float(grid[lo]), float(grid[hi]), lo == 0 or hi == len(grid) - 1


def _identified_set(
    b: np.ndarray,
    npre: int,
    lv: np.ndarray,
    pieces: list[tuple[np.ndarray, np.ndarray, bool]],
    post_rows_only: bool = False,
) -> tuple[float, float]:
    """Range of ``l' tau_post`` with ``delta_pre`` pinned at ``betahat_pre`` and ``delta`` in the union of pieces.

    With ``post_rows_only`` only the restrictions that involve post periods are imposed (the estimated
    pre-period coefficients need not satisfy the others, e.g. second differences within ``M``).
    """
    npost = len(lv)
    theta = float(lv @ b[npre:])
    f = np.concatenate([np.zeros(npre), lv])
    eq = np.hstack([np.eye(npre), np.zeros((npre, npost))])
    los, his = [], []
    for A, d, _ in pieces:
        if post_rows_only:
            keep = (A[:, npre:] != 0).any(axis=1)
            A, d = A[keep], d[keep]
        kw = dict(
            A_ub=A, b_ub=d, A_eq=eq, b_eq=b[:npre], bounds=[(None, None)] * (npre + npost), method="highs"
        )
        top, low = optimize.linprog(-f, **kw), optimize.linprog(f, **kw)
        if top.status == 0 and low.status == 0:  # theta = l'beta_post - l'delta_post
            los.append(theta + top.fun)
            his.append(theta - low.fun)
    return (min(los), max(his)) if los else (math.nan, math.nan)


def _read_inputs(result, betahat, sigma, num_pre, num_post, min_e, max_e, target):
    """``betahat, sigma, npre, npost, l_vec, target name, theta, se`` from a result or the arrays (checked)."""
    if result is not None:
        b, V, npre, npost, _ = event_study_inputs(result, min_e=min_e, max_e=max_e)
    else:
        if betahat is None or sigma is None or num_pre is None or num_post is None:
            raise ValueError("give an event-study result, or betahat, sigma, num_pre and num_post")
        b, V, npre, npost = np.asarray(betahat, float), np.asarray(sigma, float), int(num_pre), int(num_post)
        if b.shape != (npre + npost,) or V.shape != (npre + npost, npre + npost):
            raise ValueError(
                f"betahat must have num_pre + num_post = {npre + npost} entries and sigma match it"
            )
    if npre < 1:
        raise ValueError("sensitivity bounds need at least one pre-period coefficient")
    if isinstance(target, str):
        if target != "average":
            raise ValueError("target must be 'average', an event time (int) or a weight vector")
        lv, tname = np.full(npost, 1.0 / npost), "average of post periods"
    elif isinstance(target, (int, np.integer)):
        if not 0 <= int(target) < npost:
            raise ValueError(f"target event time {target} is outside the post periods 0..{npost - 1}")
        lv, tname = np.eye(npost)[int(target)], f"event time {int(target)}"
    else:
        lv = np.asarray(list(target), dtype=float)
        if lv.shape != (npost,):
            raise ValueError(f"target weights need {npost} entries (one per post period)")
        tname = "weighted post periods"
    theta = float(lv @ b[npre:])
    se = float(np.sqrt(lv @ V[npre:, npre:] @ lv))
    if not se > 0:
        raise ValueError("the target's standard error is zero: cannot build intervals")
    return b, V, npre, npost, lv, tname, theta, se


def _check_options(values: np.ndarray, name: str, method: str, grid_points: int, allowed=METHODS) -> None:
    if (values < 0).any():
        raise ValueError(f"{name} must be non-negative")
    if method not in allowed:
        raise ValueError(f"method must be one of {allowed}, got {method!r}")
    if grid_points < 10:
        raise ValueError(f"grid_points must be at least 10, got {grid_points}")


def _grid_method(
    b, V, npre, lv, theta, se, values, top, pieces_of, method, alpha, grid_points, grid_bounds, seed, spec
):
    """Robust intervals at ``values`` and the breakdown value, with the ARP test on a grid of the target."""
    if grid_bounds is None:  # the identified sets up to `top`, -/+ 20 standard errors
        lo, hi = _identified_set(
            b, npre, lv, pieces_of(top), post_rows_only=spec["restriction"] == "smoothness"
        )
        grid_bounds = (min(lo, theta) - 20 * se, max(hi, theta) + 20 * se)
    grid = np.linspace(float(grid_bounds[0]), float(grid_bounds[1]), int(grid_points))
    spec.update(grid_points=int(grid_points), grid_bounds=tuple(map(float, grid_bounds)), seed=seed)
    edge: list[float] = []

    def interval(value: float) -> tuple[float, float]:
        lo, hi, at_edge = _arp_interval(
            b, V, npre, lv, pieces_of(float(value)), alpha, method == "C-LF", grid, seed
        )
        if at_edge:
            edge.append(float(value))
        return lo, hi

    cis = [interval(v) for v in values]
    if edge:  # only the values asked for: the breakdown search below may try wider ones
        warn(
            f"the robust interval reaches the end of the grid at {spec['parameter']} = {sorted(set(edge))}: "
            "it may be wider than reported; widen grid_bounds"
        )
    return _with_breakdown(interval, values, cis, top, spec)


def _with_breakdown(interval, values: np.ndarray, cis: list[tuple[float, float]], top: float, spec: dict):
    """Lower and upper bounds at ``values`` and the breakdown value (noted in ``spec`` when not reached)."""
    breakdown = _breakdown(interval, values, cis, top)
    if not np.isfinite(breakdown):
        spec["note"] = f"the robust interval excludes zero for every {spec['parameter']} up to {top:g}"
    return np.array([c[0] for c in cis]), np.array([c[1] for c in cis]), breakdown


def _original(theta: float, se: float, alpha: float) -> pd.DataFrame:
    z = float(stats.norm.ppf(1 - alpha / 2))
    return pd.DataFrame(
        {
            "estimate": [theta],
            "std_error": [se],
            "conf_low": [theta - z * se],
            "conf_high": [theta + z * se],
            "p_value": [2 * stats.norm.sf(abs(theta) / se)],
        }
    )


def _one_blas_thread(fn: Callable[..., HonestResult]) -> Callable[..., HonestResult]:
    """Run on one BLAS thread: the many small solves (linear programs, SLSQP) were 3-5x slower with the default
    threading on 2 busy cores (the smoothness FLCI with 9 pre-periods: 0.8 s against 2.5-30 s)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> HonestResult:
        with blas_threads(1):
            return fn(*args, **kwargs)

    return wrapper


@_one_blas_thread
def relative_magnitude_bounds(
    result: Any = None,
    *,
    betahat: Sequence[float] | np.ndarray | None = None,
    sigma: np.ndarray | None = None,
    num_pre: int | None = None,
    num_post: int | None = None,
    mbar: Sequence[float] = (0.0, 0.5, 1.0, 1.5, 2.0),
    target: str | int | Sequence[float] = "average",
    alpha: float = 0.05,
    min_e: float = -np.inf,
    max_e: float = np.inf,
    method: str = "C-LF",
    grid_points: int = 1000,
    grid_bounds: tuple[float, float] | None = None,
    seed: int = 0,
) -> HonestResult:
    """Rambachan & Roth (2023) relative-magnitude bounds and the breakdown value of ``Mbar``.

    Parameters
    ----------
    result : ATTgtResult, PPMLResult or EventStudyResult, optional
        The event study (see :func:`event_study_inputs`). Or give ``betahat``, ``sigma``, ``num_pre``,
        ``num_post`` directly: ``betahat`` stacks the pre-period coefficients (event times ``-num_pre-1`` to
        ``-2``, the reference ``-1`` excluded) then the post-period ones (``0`` to ``num_post - 1``), as in
        the R package HonestDiD.
    mbar : sequence of float
        Values of ``Mbar`` (non-negative).
    target : "average", int or sequence of float
        ``"average"``: the mean of the post-period effects; an int ``e``: the effect at event time ``e``
        (0 = the adoption period); or explicit weights ``l_vec`` over the post periods.
    alpha : float
        1 - coverage of the robust intervals.
    min_e, max_e : float
        Event-time window when reading ``result``.
    method : {"C-LF", "conditional", "naive"}, default "C-LF"
        Robust interval (see the module docstring): the ARP hybrid test as R's HonestDiD, the purely
        conditional ARP test, or diff-diff's identified set -/+ z standard errors.
    grid_points : int, default 1000
        Values of the target tested by the grid-based methods (R's default).
    grid_bounds : (float, float), optional
        Range of the grid (default: the identified set at twice the largest ``Mbar`` -/+ 20 standard errors
        of the target; R's default is ``(-20 se, 20 se)``).
    seed : int, default 0
        Seed of the least-favourable critical value's simulation (``"C-LF"``).

    Returns
    -------
    HonestResult

    References
    ----------
    Rambachan, A. & Roth, J. (2023). A more credible approach to parallel trends. Review of Economic
    Studies 90(5), 2555-2591.
    """
    b, V, npre, npost, lv, tname, theta, se = _read_inputs(
        result, betahat, sigma, num_pre, num_post, min_e, max_e, target
    )
    mb = np.asarray(list(mbar), dtype=float)
    _check_options(mb, "mbar", method, grid_points)
    fd = np.abs(np.diff(np.append(b[:npre], 0.0)))  # includes the step into the reference period
    m = float(fd.max())
    C = float(np.abs(np.cumsum(lv[::-1])[::-1]).sum())  # sum_k |sum_{t>=k} l_t|
    z = float(stats.norm.ppf(1 - alpha / 2))
    half = mb * m * C
    lb, ub = theta - half, theta + half
    spec = dict(
        target=tname, alpha=alpha, num_pre=npre, num_post=npost, min_e=min_e, max_e=max_e, method=method,
        restriction="relative_magnitude", parameter="mbar",
    )  # fmt: skip
    if method == "naive":
        conf_low, conf_high = lb - z * se, ub + z * se
        if abs(theta) <= z * se:
            breakdown = 0.0
        elif m * C == 0:
            breakdown = float("inf")
        else:
            breakdown = (abs(theta) - z * se) / (m * C)
    else:
        conf_low, conf_high, breakdown = _grid_method(
            b, V, npre, lv, theta, se, mb, 2 * float(max(mb.max(), 0.5)), lambda v: _rm_pieces(npre, npost, v),
            method, alpha, grid_points, grid_bounds, seed, spec,
        )  # fmt: skip
    tab = pd.DataFrame({"mbar": mb, "lb": lb, "ub": ub, "conf_low": conf_low, "conf_high": conf_high})
    tab["excludes_zero"] = (tab["conf_low"] > 0) | (tab["conf_high"] < 0)
    return HonestResult(tab, _original(theta, se, alpha), float(breakdown), m, lv, spec)


@_one_blas_thread
def smoothness_bounds(
    result: Any = None,
    *,
    betahat: Sequence[float] | np.ndarray | None = None,
    sigma: np.ndarray | None = None,
    num_pre: int | None = None,
    num_post: int | None = None,
    m: Sequence[float] | None = None,
    target: str | int | Sequence[float] = "average",
    alpha: float = 0.05,
    min_e: float = -np.inf,
    max_e: float = np.inf,
    method: str = "FLCI",
    grid_points: int = 1000,
    grid_bounds: tuple[float, float] | None = None,
    seed: int = 0,
) -> HonestResult:
    """Rambachan & Roth (2023) smoothness bounds ``Delta^SD(M)`` and the breakdown value of ``M``.

    ``Delta^SD(M)``: the difference in trends may bend by at most ``M`` from one period to the next (every
    second difference of ``delta`` within ``[-M, M]``, reference period included). ``M = 0`` allows exactly
    a linear trend continuing the pre-period one; the intervals at ``M = 0`` are therefore centred on the
    extrapolated trend, not on the estimate. Robust intervals: ``"FLCI"`` (default, as R's HonestDiD for this
    restriction), the optimal fixed-length interval of Armstrong & Kolesar (2018); or the ARP tests of the
    module docstring (``"C-LF"``, ``"conditional"``). On R HonestDiD's ``BCdata_EventStudy`` example the
    conditional intervals equal R's to 1e-9 and the FLCI R's to 1e-4 (R simulates the folded-normal
    quantile; ``tests/test_honest.py``).

    Parameters
    ----------
    m : sequence of float, optional
        Values of ``M`` (non-negative), in the units of the coefficients per period squared. Default, as
        R's ``createSensitivityResults``: ten values from 0 to a one-sided ``1 - alpha`` upper bound on the
        largest second difference of the pre-period coefficients (R's ``DeltaSD_upperBound_Mpre``; with one
        pre-period coefficient, its standard error).
    result, betahat, sigma, num_pre, num_post, target, alpha, min_e, max_e, method, grid_points, grid_bounds,
    seed
        As in :func:`relative_magnitude_bounds`; ``method`` is ``"FLCI"``, ``"C-LF"`` or ``"conditional"``
        (the grid options apply to the last two).

    Returns
    -------
    HonestResult
        With ``m`` for ``mbar`` in the table; ``lb, ub`` impose only the restrictions that involve post
        periods (with the pre-period coefficients taken as exact they extrapolate the trend from the last
        pre-period and the reference; the estimated pre-period bends may themselves exceed ``M``), so at
        ``M = 0`` they can differ from the FLCI's centre, which extrapolates with the least-variance
        weighting of all pre-periods. ``max_pre_diff`` is the largest absolute second difference of the
        pre-period coefficients (reference included).
    """
    b, V, npre, npost, lv, tname, theta, se = _read_inputs(
        result, betahat, sigma, num_pre, num_post, min_e, max_e, target
    )
    ms = (
        np.linspace(0, _sd_upper_bound(b, V, npre, alpha), 10)
        if m is None
        else np.asarray(list(m), dtype=float)
    )
    _check_options(ms, "m", method, grid_points, allowed=("FLCI", "C-LF", "conditional"))
    pre = np.append(b[:npre], 0.0)
    max_sd = float(np.abs(np.diff(pre, 2)).max()) if npre >= 2 else 0.0
    ids = [_identified_set(b, npre, lv, _sd_pieces(npre, npost, v), post_rows_only=True) for v in ms]
    spec = dict(
        target=tname, alpha=alpha, num_pre=npre, num_post=npost, min_e=min_e, max_e=max_e, method=method,
        restriction="smoothness", parameter="m",
    )  # fmt: skip
    top = 2 * float(max(ms.max(), se))  # the breakdown search goes up to here
    if method == "FLCI":
        flci = _FLCI(b, V, npre, lv, alpha)
        cis = [flci.interval(v) for v in ms]
        conf_low, conf_high, breakdown = _with_breakdown(flci.interval, ms, cis, top, spec)
    else:
        conf_low, conf_high, breakdown = _grid_method(
            b, V, npre, lv, theta, se, ms, top, lambda v: _sd_pieces(npre, npost, v), method, alpha, grid_points,
            grid_bounds, seed, spec,
        )  # fmt: skip
    tab = pd.DataFrame(
        {
            "m": ms,
            "lb": [i[0] for i in ids],
            "ub": [i[1] for i in ids],
            "conf_low": conf_low,
            "conf_high": conf_high,
        }
    )
    tab["excludes_zero"] = (tab["conf_low"] > 0) | (tab["conf_high"] < 0)
    return HonestResult(tab, _original(theta, se, alpha), float(breakdown), max_sd, lv, spec)


class _FLCI:
    """Optimal fixed-length confidence intervals for ``Delta^SD(M)`` (Armstrong & Kolesar 2018; R's ``FLCI``).

    Affine estimators ``v' betahat`` with ``v = (w, l)``: free weights ``w`` on the pre-period coefficients.
    Their bias over ``Delta^SD(M)`` is bounded only if they ignore linear trends (``v' k = 0``, ``k`` the
    periods relative to the reference); it is then at most ``M * B(w)``, ``B(w) = ||D' v||_1`` with ``D`` the
    map from second differences to ``delta``. The interval is ``v' betahat -/+ h cv(M B / h)``, ``h`` the
    estimator's standard error and ``cv(b)`` the ``1 - alpha`` quantile of ``|N(b, 1)|`` (exact here; R
    simulates it). As R, ``h`` runs over 100 values from the smallest standard error a trend-free estimator
    can have to the one of the least-biased estimator; for each the smallest ``B`` is found (a convex
    program, solved with SLSQP), and the shortest interval is kept. The grid does not depend on ``M``, so it
    is solved once for every ``M``.
    """

    def __init__(self, b: np.ndarray, V: np.ndarray, npre: int, lv: np.ndarray, alpha: float) -> None:
        npost = len(lv)
        T = npre + npost
        k = np.r_[np.arange(-npre, 0), np.arange(1, npost + 1)].astype(float)
        js = np.arange(-npre + 1, npost)  # positions of the second differences
        # delta(k) = sum over first differences; a second difference at j moves the first differences beyond j
        D = np.zeros((T, T - 1))
        for r, kk in enumerate(k):
            for j_i, j in enumerate(js):
                D[r, j_i] = max(kk - j, 0) * (j >= 0) if kk > 0 else max(j - kk, 0) * (j < 0)
        self.b, self.V, self.npre, self.lv, self.alpha, self.k, self.D = b, V, npre, lv, alpha, k, D
        kpre, kpost = k[:npre], k[npre:]
        # smallest variance under the trend constraint (closed form) and the least-biased estimator (an LP)
        Vpp, Vpq = V[:npre, :npre], V[:npre, npre:]
        kkt = np.block([[2 * Vpp, kpre[:, None]], [kpre[None, :], np.zeros((1, 1))]])
        self.w_min_var = np.linalg.solve(kkt, np.r_[-2 * Vpq @ lv, -lv @ kpost])[:npre]
        m = T - 1
        Dp, Dq = D[:npre].T, D[npre:].T
        lp = optimize.linprog(
            np.r_[np.zeros(npre), np.ones(m)],
            A_ub=np.r_[np.c_[Dp, -np.eye(m)], np.c_[-Dp, -np.eye(m)]],
            b_ub=np.r_[-Dq @ lv, Dq @ lv],
            A_eq=np.r_[kpre, np.zeros(m)][None, :],
            b_eq=[-lv @ kpost],
            bounds=[(None, None)] * npre + [(0, None)] * m,
            method="highs",
        )
        h_min = self._sd(self.w_min_var)
        h_0 = max(self._sd(lp.x[:npre]), h_min)
        self.hs = np.linspace(h_min, h_0, 100)
        # continuation along the grid: the solution at h is feasible at the next, larger h and close to its
        # optimum, so each solve takes a few SLSQP steps (from the minimum-variance weights every time, 9
        # pre-periods took about 50 steps per h and 8 s per call)
        sol, w0 = [], self.w_min_var
        for h in self.hs:
            sol.append(self._least_bias(h, w0))
            w0 = sol[-1][1]
        self.bias = np.array([x[0] for x in sol])
        self.w = [x[1] for x in sol]

    def _v(self, w: np.ndarray) -> np.ndarray:
        return np.r_[w, self.lv]

    def _sd(self, w: np.ndarray) -> float:
        v = self._v(w)
        return float(np.sqrt(v @ self.V @ v))

    def _least_bias(self, h: float, w0: np.ndarray) -> tuple[float, np.ndarray]:
        """Smallest ``B(w)`` with standard error at most ``h`` (variables ``w`` and ``u >= |D' v|``)."""
        n, D, kpre, kpost, lv = self.npre, self.D, self.k[: self.npre], self.k[self.npre :], self.lv
        m = D.shape[1]
        Dp = D[:n].T
        cons = [
            {
                "type": "eq",
                "fun": lambda x: x[:n] @ kpre + lv @ kpost,
                "jac": lambda x: np.r_[kpre, np.zeros(m)],
            },
            {
                "type": "ineq",
                "fun": lambda x: x[n:] - D.T @ self._v(x[:n]),
                "jac": lambda x: np.c_[-Dp, np.eye(m)],
            },
            {
                "type": "ineq",
                "fun": lambda x: x[n:] + D.T @ self._v(x[:n]),
                "jac": lambda x: np.c_[Dp, np.eye(m)],
            },
            {
                "type": "ineq",
                "fun": lambda x: h**2 * (1 + 1e-10) - self._v(x[:n]) @ self.V @ self._v(x[:n]),
                "jac": lambda x: np.r_[-2 * (self.V @ self._v(x[:n]))[:n], np.zeros(m)],
            },
        ]
        x0 = np.r_[w0, np.abs(D.T @ self._v(w0))]
        res = optimize.minimize(
            lambda x: x[n:].sum(), x0, jac=lambda x: np.r_[np.zeros(n), np.ones(m)], constraints=cons,
            method="SLSQP", options={"maxiter": 500, "ftol": 1e-12},
        )  # fmt: skip
        w = res.x[:n]
        return float(np.abs(D.T @ self._v(w)).sum()), w

    def interval(self, M: float) -> tuple[float, float]:
        def cv(bias: float) -> float:
            q = stats.foldnorm.ppf(1 - self.alpha, bias) if bias > 0 else stats.norm.ppf(1 - self.alpha / 2)
            return float(q)

        half = np.array([h * cv(M * B / h) for h, B in zip(self.hs, self.bias, strict=True)])
        j = int(np.argmin(half))
        centre = float(self._v(self.w[j]) @ self.b)
        return centre - float(half[j]), centre + float(half[j])


def _sd_upper_bound(b: np.ndarray, V: np.ndarray, npre: int, alpha: float) -> float:
    """Largest pre-period second difference plus ``z_{1-alpha}`` standard errors (R ``DeltaSD_upperBound_Mpre``)."""
    if npre == 1:
        return float(np.sqrt(V[0, 0]))
    A = _sd_pieces(npre, 0, 0.0)[0][0]
    se = np.sqrt(np.diag(A @ V[:npre, :npre] @ A.T))
    return float((A @ b[:npre] + stats.norm.ppf(1 - alpha) * se).max())


def _breakdown(interval, values: np.ndarray, cis: list[tuple[float, float]], top: float) -> float:
    """Smallest value whose interval includes zero: bisection to 1 % above the largest value that does not.

    An empty confidence set (no value of the target accepted) counts as not excluding zero.
    """
    known = {float(v): not (ci[0] > 0 or ci[1] < 0) for v, ci in zip(values, cis, strict=True)}

    def includes_zero(v: float) -> bool:
        if v not in known:
            lo, hi = interval(v)
            known[v] = not (lo > 0 or hi < 0)
        return known[v]

    if includes_zero(0.0):
        return 0.0
    value = max(known)
    while not any(known.values()) and value < top:
        value = min(2 * max(value, top / 8), top)
        includes_zero(value)
    if not any(known.values()):
        return float("inf")
    above = min(v for v, inc in known.items() if inc)
    below = max(v for v, inc in known.items() if not inc and v < above)
    while above - below > 0.01 * max(above, top / 20):
        mid = (below + above) / 2
        if includes_zero(mid):
            above = mid
        else:
            below = mid
    return above
