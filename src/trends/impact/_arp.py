"""Conditional and hybrid tests of linear moment inequalities with nuisance parameters (Andrews, Roth & Pakes).

Used by :func:`trends.impact.relative_magnitude_bounds` and :func:`trends.impact.smoothness_bounds` for the
robust intervals of Rambachan & Roth (2023), as the R package HonestDiD computes them. The null hypothesis is
that some nuisance vector ``delta`` satisfies ``E[y] - X delta <= 0`` for a normal vector ``y ~ N(mu, Sigma)``.
The statistic is the value of the linear program ``eta = min {t : y - X delta <= t * sd}`` (``sd`` the moments'
standard deviations); its dual solution ``gamma`` (``gamma >= 0, gamma' sd = 1, gamma' X = 0``) gives
``eta = gamma' y``.

* **Conditional test** (ARP section 5): conditional on the part of ``y`` that is independent of ``gamma' y``,
  ``gamma' y`` is normal truncated to ``[vlo, vup]``, the values for which the same ``gamma`` stays optimal.
  When exactly ``k + 1`` moments bind (``k`` nuisance dimensions) and they identify the solution, the bounds
  are in closed form (the "primal" approach); otherwise they are found by bisection on the dual program
  (ARP Appendix D, the "dual" approach). Reject when ``eta / sd_gamma`` exceeds the ``1 - alpha`` quantile
  of that truncated normal (never below 0).
* **Hybrid with the least-favourable test** (ARP section 6, R's ``hybrid_flag = "LF"``): first reject if
  ``eta`` exceeds the ``1 - kappa`` quantile of ``eta`` at ``mu = 0`` (simulated, 1000 draws, seeded);
  otherwise run the conditional test at level ``(alpha - kappa) / (1 - kappa)`` with ``vup`` capped at that
  critical value.

References: Andrews, I., Roth, J. & Pakes, A. (2023). Inference for linear conditional moment inequalities.
Review of Economic Studies 90(6), 2763-2791. Rambachan, A. & Roth, J. (2023). A more credible approach to
parallel trends. Review of Economic Studies 90(5), 2555-2591; R package HonestDiD (the tolerances below are
its values).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import optimize, stats

TOL_LAMBDA = 1e-6  # a dual weight above this marks a binding moment
TOL_EQUAL = 1e-6  # the dual program's value equals the candidate statistic
TOL_BISECT = 1e-6  # bisection stops when the bracket is this narrow
SWITCH_ITERS = 10  # fixed-point steps before switching to bisection


def _program(
    y: np.ndarray, X: np.ndarray, sd: np.ndarray
) -> tuple[float, np.ndarray | None, np.ndarray | None]:
    """``eta_program`` by HiGHS, with the moments' slacks ``sd t + X delta - y`` at the solution."""
    k = X.shape[1]
    res = optimize.linprog(
        np.r_[1.0, np.zeros(k)],
        A_ub=np.column_stack([-sd, -X]),
        b_ub=-y,
        bounds=[(None, None)] * (k + 1),
        method="highs",
    )
    if res.status != 0:
        return math.nan, None, None
    lam = -np.asarray(res.ineqlin.marginals, dtype=float)
    return float(res.x[0]), lam, np.asarray(res.ineqlin.residual, dtype=float)


def eta_program(y: np.ndarray, X: np.ndarray, sd: np.ndarray) -> tuple[float, np.ndarray | None]:
    """``min t`` subject to ``y - X delta <= t * sd``; returns ``t`` and the dual weights (None if it failed)."""
    val, lam, _ = _program(y, X, sd)
    return val, lam


MAX_BASES = 20_000  # enumerate the dual vertices when there are at most this many candidate bases


def dual_vertices(X: np.ndarray, sd: np.ndarray) -> np.ndarray | None:
    """Vertices of ``{g >= 0 : g' sd = 1, g' X = 0}`` (rows), or None when there are too many bases to try.

    ``eta(y)`` is the largest ``g' y`` over these vertices (linear-programming duality; the set is bounded
    because ``sd > 0``), so with the vertices at hand ``eta`` of many draws is one matrix product.
    """
    m, k = X.shape
    if math.comb(m, k + 1) > MAX_BASES:
        return None
    W = np.column_stack([sd, X])
    rhs = np.zeros(k + 1)
    rhs[0] = 1.0
    bases = np.array(list(itertools.combinations(range(m), k + 1)), dtype=int).reshape(-1, k + 1)
    Wb = W[bases]  # (n_bases, k + 1, k + 1): rows of the basis
    ok = np.abs(np.linalg.det(Wb)) > 1e-12
    g = np.zeros((len(bases), m))
    if ok.any():
        gb = np.linalg.solve(
            np.transpose(Wb[ok], (0, 2, 1)), np.broadcast_to(rhs, (int(ok.sum()), k + 1))[..., None]
        )[..., 0]
        rows = np.flatnonzero(ok)
        g[rows[:, None], bases[ok]] = gb
        ok[rows] = (gb >= -1e-12).all(axis=1)
    return np.unique(np.round(g[ok], 12), axis=0)


TOL_FEASIBLE = 1e-12  # a cached basis is optimal when no moment exceeds it by more (standard deviations)
TOL_UNIQUE = 1e-6  # ... and its dual solution the only one when every other moment is this far below it


class Moments:
    """The moment inequalities ``E[y] - X delta <= 0`` with ``Var(y) = sigma``, tested at many values of ``y``.

    ``eta`` returns the linear program's value and dual solution: with the dual vertices enumerated, the
    largest ``g' y`` over them (one matrix product, no solver); otherwise the program itself (HiGHS), through
    a cache of the optimal bases it has returned. A basis ``B`` (``k + 1`` moments with ``W_B = [sd, X]_B``
    invertible and dual weights ``g_B = W_B^{-T} e_1 >= 0``) solves the program at ``y`` when the primal point
    ``(t, delta) = W_B^{-1} y_B`` satisfies every moment: then ``eta = t = g' y`` (LP duality). The
    least-favourable simulation and the grid of one piece visit a few dozen bases in thousands of programs,
    so most are answered by a product with a cached inverse instead of a solver call (about 1.5 ms each, mostly
    scipy's set-up). The test also uses the dual solution, which the solver may choose among several when the
    program is degenerate; ``eta`` therefore takes it from the cache only when it is unique (every other
    moment at least ``TOL_UNIQUE`` standard deviations from binding) and asks HiGHS otherwise.
    """

    def __init__(self, X: np.ndarray, sigma: np.ndarray) -> None:
        self.X = X
        self.sigma = sigma
        self.sd = np.sqrt(np.diag(sigma))
        v = dual_vertices(X, self.sd)
        self.vertices = v if v is not None and len(v) else None
        self.W = np.column_stack([self.sd, X])
        m, n = self.W.shape
        self._rows = np.empty((0, n), dtype=int)  # the cached bases' moments
        self._inv = np.empty((0, n, n))  # W_B^{-1}
        self._gamma = np.empty((0, m))  # their dual solutions
        self._basic = np.empty((0, m), dtype=bool)  # the moments in each basis

    def eta(self, y: np.ndarray) -> tuple[float, np.ndarray | None]:
        """The program's value and dual solution at ``y`` (None if the solver failed)."""
        if self.vertices is not None:
            vals = self.vertices @ y
            j = int(np.argmax(vals))
            return float(vals[j]), self.vertices[j]
        cached = False
        if len(self._rows):
            t, slack = self._primal(y[None, :])
            free = np.where(self._basic, math.inf, slack[0]).min(axis=1)
            unique = np.flatnonzero(free > TOL_UNIQUE)
            if len(unique):
                return float(t[0, unique[0]]), self._gamma[unique[0]]
            cached = bool((slack[0].min(axis=1) >= -TOL_FEASIBLE).any())
        return self._solve(y, keep=not cached)

    def value(self, y: np.ndarray) -> float:
        """The program's value at ``y`` alone (NaN if the solver failed)."""
        if self.vertices is not None:
            return self.eta(y)[0]
        return float(self.etas(y[None, :])[0])

    def etas(self, Y: np.ndarray) -> np.ndarray:
        """The program's value at each row of ``Y`` (any optimal basis gives it); NaN where the solver failed."""
        if self.vertices is not None:
            return (Y @ self.vertices.T).max(axis=1)
        out = np.full(len(Y), math.nan)
        todo = np.arange(len(Y))
        checked = 0  # the bases before this one have been tried on every row still to do
        while len(todo):
            if checked < len(self._rows):
                t, slack = self._primal(Y[todo], slice(checked, None))
                checked = len(self._rows)
                ok = slack.min(axis=2) >= -TOL_FEASIBLE  # (rows, bases)
                found = ok.any(axis=1)
                out[todo[found]] = t[found, ok[found].argmax(axis=1)]
                todo = todo[~found]
                if not len(todo):
                    break
            out[todo[0]] = self._solve(Y[todo[0]])[0]
            todo = todo[1:]
        return out

    def _primal(self, Y: np.ndarray, bases: slice = slice(None)) -> tuple[np.ndarray, np.ndarray]:
        """``t`` (rows, bases) and the moments' slacks in standard deviations (rows, bases, moments)."""
        rows, inv = self._rows[bases], self._inv[bases]
        Z = np.einsum("bij,nbj->nbi", inv, Y[:, rows])  # (t, delta) of each basis at each row of Y
        return Z[..., 0], (Z @ self.W.T - Y[:, None, :]) / self.sd

    def _solve(self, y: np.ndarray, keep: bool = True) -> tuple[float, np.ndarray | None]:
        """The program by HiGHS; its optimal basis joins the cache (with ``keep``)."""
        val, lam, slack = _program(y, self.X, self.sd)
        if keep and lam is not None and slack is not None:
            self._keep(lam, slack)
        return val, lam

    def _keep(self, lam: np.ndarray, slack: np.ndarray) -> None:
        """Cache a basis of the solution: the dual weights' support, completed by the least slack moments."""
        m, n = self.W.shape
        rows: list[int] = []
        Q = np.zeros((0, n))  # orthonormal basis of the rows chosen so far
        for i in np.lexsort((slack, lam <= TOL_LAMBDA)):
            w = self.W[i]
            r = w - Q.T @ (Q @ w)
            r -= Q.T @ (Q @ r)  # twice: Gram-Schmidt loses orthogonality once
            norm = float(np.linalg.norm(r))
            if norm > 1e-8 * float(np.linalg.norm(w)):  # independent of the rows chosen
                rows.append(int(i))
                Q = np.vstack([Q, r / norm])
                if len(rows) == n:
                    break
        if len(rows) < n or (self._rows == sorted(rows)).all(axis=1).any():
            return
        rows.sort()
        inv = np.linalg.inv(self.W[rows])
        if (inv[0] < -TOL_FEASIBLE).any():  # negative dual weights: not an optimal basis
            return
        gamma = np.zeros(m)
        gamma[rows] = np.maximum(inv[0], 0.0)
        basic = np.zeros(m, dtype=bool)
        basic[rows] = True
        self._rows = np.vstack([self._rows, rows])
        self._inv = np.concatenate([self._inv, inv[None]])
        self._gamma = np.vstack([self._gamma, gamma])
        self._basic = np.vstack([self._basic, basic])


def least_favorable_cv(moments: Moments, kappa: float, sims: int = 1000, seed: int = 0) -> float:
    """The ``1 - kappa`` quantile of ``eta`` when every moment has mean 0 (``sims`` seeded draws)."""
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(np.zeros(len(moments.sd)), moments.sigma, size=sims, method="eigh")
    etas = moments.etas(draws)
    etas = etas[np.isfinite(etas)]
    return float(np.quantile(etas, 1 - kappa)) if len(etas) else math.inf


def union_extremes(tests: list, n: int, step: int) -> tuple[int, int] | None:
    """Smallest and largest grid index accepted by any of ``tests`` (callables: index -> accepted?).

    Only the extremes are needed (the confidence set reported is their span, as in R's HonestDiD), so each
    test is run only beyond the extremes found so far: on every ``step``-th grid point (and the last), then on
    the full grid between its first / last accepted point and the neighbouring coarse point, and on the full
    grid just beyond the current extremes. An accepted island narrower than ``step`` grid points, separated
    from the rest, would be missed.
    """
    coarse = sorted(set(range(0, n, max(step, 1))) | {n - 1})
    lo, hi = n, -1  # nothing accepted yet
    for test in tests:
        # left end: the first accepted coarse point below lo, refined; else the fine points just below lo
        left = [i for i in coarse if i < lo]
        first = next((i for i in left if test(i)), None)
        if first is not None:
            prev = max((i for i in coarse if i < first), default=-1)
            lo = next((i for i in range(prev + 1, first) if test(i)), first)
        elif left:
            lo = next((i for i in range(left[-1] + 1, lo) if test(i)), lo)
        # right end, mirrored
        right = [i for i in reversed(coarse) if i > hi]
        last = next((i for i in right if test(i)), None)
        if last is not None:
            nxt = min((i for i in coarse if i > last), default=n)
            hi = next((i for i in range(nxt - 1, last, -1) if test(i)), last)
        elif right:
            hi = next((i for i in range(right[-1] - 1, hi, -1) if test(i)), hi)
    return None if hi < 0 else (lo, hi)


def _truncnorm_quantile(p: float, lo: float, hi: float) -> float:
    if lo >= hi:
        return lo
    if np.isinf(lo) and np.isinf(hi):
        return float(stats.norm.ppf(p))
    return float(stats.truncnorm.ppf(p, lo, hi))


def _primal_bounds(y: np.ndarray, X: np.ndarray, sigma: np.ndarray, sd: np.ndarray, bind: np.ndarray):
    """Closed-form truncation bounds of ``eta`` when the binding moments identify the solution."""
    W_B = np.column_stack([sd[bind], X[bind]])
    W_Bc = np.column_stack([sd[~bind], X[~bind]])
    S_B = np.eye(len(y))[bind]
    S_Bc = np.eye(len(y))[~bind]
    sol = np.linalg.solve(W_B, S_B)
    v = sol[0]  # eta = v'y
    G = W_Bc @ sol - S_Bc  # G y >= 0 keeps the binding set optimal
    s2 = float(v @ sigma @ v)
    rho = G @ sigma @ v / s2
    bound = -(G @ y) / np.where(rho != 0, rho, 1.0) + float(v @ y)
    vlo = float(bound[rho > 0].max()) if (rho > 0).any() else -math.inf
    vup = float(bound[rho < 0].min()) if (rho < 0).any() else math.inf
    return vlo, vup, math.sqrt(s2)


def _dual_bounds(moments: Moments, y: np.ndarray, gamma: np.ndarray, eta: float) -> tuple[float, float]:
    """Truncation bounds of ``eta`` by bisection on the dual program (ARP Appendix D, Algorithm 1).

    With ``y = s + b c`` (``b = Sigma gamma / gamma' Sigma gamma``), ``c -> eta(s + b c) - c`` is convex,
    non-negative and zero at ``c = eta``, so the values of ``c`` for which ``gamma`` stays optimal form an
    interval; each end is reached by fixed-point steps along the linear piece of the current dual solution,
    then by bisection.
    """
    s2 = float(gamma @ moments.sigma @ gamma)
    b = moments.sigma @ gamma / s2
    s = y - b * float(gamma @ y)

    def honest(c: float) -> tuple[bool, np.ndarray | None]:
        # the dual program, max (s + b c)'g over the dual polytope, is eta(s + b c) by duality. Its solution
        # is needed only when c is not a fixed point (for the next step), so the value is asked first: the
        # steps land on kinks of eta, where the solution is not unique and `eta` has to ask the solver
        val = moments.value(s + b * c)
        if np.isfinite(val) and abs(c - val) <= TOL_EQUAL:
            return True, None
        return False, moments.eta(s + b * c)[1]

    if not honest(eta)[0]:
        return eta, math.inf
    sd_g = math.sqrt(s2)

    def search(start: float, upper: bool) -> float:
        ok, g = honest(start)
        if ok:
            return math.inf if upper else -math.inf
        mid, iters = start, 1
        while g is not None:
            denom = 1.0 - float(g @ b)
            num = float(g @ s)
            if abs(denom) > 1e-15:
                mid = (0.0 if abs(num) < np.finfo(float).eps ** 0.75 else num) / denom
            ok, g = honest(mid)
            iters += 1
            if ok:
                return mid
            if iters >= SWITCH_ITERS:
                break
        lo, hi = (eta, mid) if upper else (mid, eta)
        while hi - lo > TOL_BISECT:
            mid = (lo + hi) / 2
            if honest(mid)[0] == upper:
                lo = mid
            else:
                hi = mid
        return mid

    return search(min(-100.0, eta - 20 * sd_g), False), search(max(100.0, eta + 20 * sd_g), True)


def conditional_test(
    moments: Moments, y: np.ndarray, alpha: float, lf_cv: float | None = None, kappa: float = 0.0
) -> bool:
    """Reject ``E[y] - X delta <= 0 for some delta``? Conditional test, or the LF hybrid when ``lf_cv`` is given."""
    eta, lam = moments.eta(y)
    if lam is None:
        return False  # the program failed: do not reject (as R)
    size = alpha
    if lf_cv is not None:
        if eta > lf_cv:
            return True
        size = (alpha - kappa) / (1 - kappa)
    X = moments.X
    bind = lam > TOL_LAMBDA
    k = X.shape[1]
    full_rank = bind.any() and (k == 0 or np.linalg.matrix_rank(X[bind]) == min(int(bind.sum()), k))
    if int(bind.sum()) == k + 1 and full_rank:
        vlo, vup, sd_eta = _primal_bounds(y, X, moments.sigma, moments.sd, bind)
    else:
        s2 = float(lam @ moments.sigma @ lam)
        if abs(s2) < np.finfo(float).eps:
            return eta > 0
        vlo, vup = _dual_bounds(moments, y, lam, eta)
        sd_eta = math.sqrt(s2)
    if lf_cv is not None:
        vup = min(vup, lf_cv)
    z, zlo, zup = eta / sd_eta, vlo / sd_eta, vup / sd_eta
    if not zlo <= z <= zup:
        return False
    return z > max(0.0, _truncnorm_quantile(1 - size, zlo, zup))
