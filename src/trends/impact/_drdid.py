"""Two-group, two-period (2x2) difference-in-differences estimators and their influence functions.

Implements Sant'Anna, P. H. C. and Zhao, J. (2020), "Doubly robust difference-in-differences
estimators", *Journal of Econometrics* 219(1), 101-122 -- the doubly robust (``"dr"``), normalised
inverse probability weighting (``"ipw"``) and outcome regression (``"reg"``) estimators, as the R
package ``DRDID`` computes them (logit propensity score, trimming of controls with ``ps >= 0.995``):

* :func:`_twobytwo` -- panel data (``drdid_panel``, ``std_ipw_did_panel``, ``reg_did_panel``) on the
  outcome changes of a subsample of ``n1`` units;
* :func:`_twobytwo_rc` -- repeated cross-sections (``drdid_rc``, the locally efficient doubly robust
  estimator, ``std_ipw_did_rc``, ``reg_did_rc``) on stacked rows, which :func:`trends.impact.att_gt` uses
  for unbalanced panels (R ``did``'s ``allow_unbalanced_panel=TRUE``).

Both return the ATT and its influence function on the rows they are given (variance =
``mean(IF^2) / n1``); :mod:`trends.impact.did` scales it to the full sample. A near-separated
propensity score, a singular design or a diverging logit raises :class:`numpy.linalg.LinAlgError`,
which the caller reports as a cell that could not be estimated.
"""

from __future__ import annotations

import numpy as np
from scipy.special import expit

from trends.impact._common import warn


def _propensity(X: np.ndarray, D: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logit propensity score, the trimming of DRDID (controls with ps >= 0.995 out) and its influence term."""
    n = len(D)
    gamma = _logit(X, D, w)
    ps = expit(X @ gamma)
    if not np.all(np.isfinite(ps)) or ps.max() >= 0.999:
        # R did / DRDID: the overlap condition is violated (near-separated propensity score)
        raise np.linalg.LinAlgError("overlap condition violated")
    ps = np.minimum(ps, 1 - 1e-6)
    trim = np.ones(n, dtype=bool)
    trim[D == 0] = ps[D == 0] < 0.995
    Hps = np.linalg.inv(X.T @ ((w * ps * (1 - ps))[:, None] * X)) * n
    alr_ps = (w * (D - ps))[:, None] * X @ Hps
    return ps, trim, alr_ps


def _logit(X: np.ndarray, D: np.ndarray, w: np.ndarray, tol: float = 1e-10, maxit: int = 50) -> np.ndarray:
    """Weighted logistic regression by Newton-Raphson (the ``glm`` binomial fit DRDID uses)."""
    beta = np.zeros(X.shape[1])
    p0 = np.clip(np.average(D, weights=w), 1e-6, 1 - 1e-6)
    beta[0] = np.log(p0 / (1 - p0))
    for _ in range(maxit):
        eta = X @ beta
        p = expit(eta)  # no overflow warnings on a (near-)separated design
        grad = X.T @ (w * (D - p))
        H = X.T @ ((w * p * (1 - p))[:, None] * X)
        step = np.linalg.solve(H, grad)
        if not np.all(np.isfinite(step)):
            raise np.linalg.LinAlgError("propensity-score logit diverged")
        beta = beta + step
        if np.max(np.abs(step)) < tol:
            break
    else:
        warn("propensity-score logit did not converge in 50 iterations")
    return beta


def _wls(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least squares; a rank-deficient design raises (R DRDID stops on NA coefficients).

    ``np.linalg.solve`` alone returned arbitrary coefficients for a numerically singular design, e.g. the
    treated-group regression of ``drdid_rc`` with one treated row and a covariate, which moved the cell's ATT
    (csdid and R DRDID give no estimate there).
    """
    if X.shape[0] < X.shape[1] or np.linalg.matrix_rank(X * np.sqrt(w)[:, None]) < X.shape[1]:
        raise np.linalg.LinAlgError("rank-deficient outcome regression")
    XtW = X.T * w
    return np.linalg.solve(XtW @ X, XtW @ y)


def _twobytwo(
    dy: np.ndarray, D: np.ndarray, X: np.ndarray, w: np.ndarray, method: str
) -> tuple[float, np.ndarray]:
    """ATT and influence function of one 2x2 panel comparison with covariates.

    ``X`` includes the intercept; ``w`` is normalised to mean 1 here as in DRDID.
    Returns the ATT and the influence function on the subsample (variance = mean(IF^2) / n1).
    """
    n = len(D)
    w = w / w.mean()
    if method == "reg":
        cont = D == 0
        beta = _wls(X[cont], dy[cont], w[cont])
        out = X @ beta
        wt = w * D
        eta_t = np.mean(wt * dy) / np.mean(wt)
        eta_c = np.mean(wt * out) / np.mean(wt)
        wols = w * (1 - D)
        inv = np.linalg.inv((wols[:, None] * X).T @ X / n)
        alr = (wols * (dy - out))[:, None] * X @ inv
        inf_t = (wt * dy - wt * eta_t) / np.mean(wt)
        inf_c1 = wt * out - wt * eta_c
        mom = np.mean(wt[:, None] * X, axis=0)
        inf_c = (inf_c1 + alr @ mom) / np.mean(wt)
        return float(eta_t - eta_c), inf_t - inf_c

    ps, trim, alr_ps = _propensity(X, D, w)
    w_t = trim * w * D
    w_c = trim * w * ps * (1 - D) / (1 - ps)
    if method == "ipw":
        eta_t = np.mean(w_t * dy) / np.mean(w_t)
        eta_c = np.mean(w_c * dy) / np.mean(w_c)
        inf_t = (w_t * dy - w_t * eta_t) / np.mean(w_t)
        inf_c1 = w_c * dy - w_c * eta_c
        M2 = np.mean((w_c * (dy - eta_c))[:, None] * X, axis=0)
        inf_c = (inf_c1 + alr_ps @ M2) / np.mean(w_c)
        return float(eta_t - eta_c), inf_t - inf_c
    # doubly robust
    cont = D == 0
    beta = _wls(X[cont], dy[cont], w[cont])
    out = X @ beta
    r = dy - out
    eta_t = np.mean(w_t * r) / np.mean(w_t)
    eta_c = np.mean(w_c * r) / np.mean(w_c)
    wols = w * (1 - D)
    inv = np.linalg.inv((wols[:, None] * X).T @ X / n)
    alr_ols = (wols * r)[:, None] * X @ inv
    inf_t1 = w_t * r - w_t * eta_t
    M1 = np.mean(w_t[:, None] * X, axis=0)
    inf_t = (inf_t1 - alr_ols @ M1) / np.mean(w_t)
    inf_c1 = w_c * r - w_c * eta_c
    M2 = np.mean((w_c * (r - eta_c))[:, None] * X, axis=0)
    M3 = np.mean(w_c[:, None] * X, axis=0)
    inf_c = (inf_c1 + alr_ps @ M2 - alr_ols @ M3) / np.mean(w_c)
    return float(eta_t - eta_c), inf_t - inf_c


def _ols_lin_rep(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Fitted values of a WLS fit on ``mask`` and its asymptotic linear representation (DRDID)."""
    n = len(y)
    beta = _wls(X[mask], y[mask], w[mask])
    fitted = X @ beta
    wm = w * mask
    inv = np.linalg.inv((wm[:, None] * X).T @ X / n)
    return fitted, ((wm * (y - fitted))[:, None] * X) @ inv


def _twobytwo_rc(
    y: np.ndarray, post: np.ndarray, D: np.ndarray, X: np.ndarray, w: np.ndarray, method: str
) -> tuple[float, np.ndarray]:
    """ATT and per-row influence function of a 2x2 comparison on stacked rows (repeated cross-sections).

    Used for unbalanced panels (R ``did``'s ``allow_unbalanced_panel=TRUE``): Sant'Anna & Zhao (2020)
    ``drdid_rc`` (locally efficient doubly robust), ``std_ipw_did_rc`` and ``reg_did_rc``.
    """
    w = w / w.mean()
    if method == "reg":
        out_pre, alr_pre = _ols_lin_rep(X, y, w, (D == 0) & (post == 0))
        out_post, alr_post = _ols_lin_rep(X, y, w, (D == 0) & (post == 1))
        w_tpre, w_tpost, w_t = w * D * (1 - post), w * D * post, w * D
        eta_tpre = np.mean(w_tpre * y) / np.mean(w_tpre)
        eta_tpost = np.mean(w_tpost * y) / np.mean(w_tpost)
        reg_cont = w_t * (out_post - out_pre)
        eta_c = np.mean(reg_cont) / np.mean(w_t)
        inf_tpre = (w_tpre * y - w_tpre * eta_tpre) / np.mean(w_tpre)
        inf_tpost = (w_tpost * y - w_tpost * eta_tpost) / np.mean(w_tpost)
        mom = np.mean(w_t[:, None] * X, axis=0)
        inf_c = (reg_cont - w_t * eta_c + alr_post @ mom - alr_pre @ mom) / np.mean(w_t)
        return float(eta_tpost - eta_tpre - eta_c), inf_tpost - inf_tpre - inf_c

    ps, trim, alr_ps = _propensity(X, D, w)
    w_tpre = trim * w * D * (1 - post)
    w_tpost = trim * w * D * post
    w_cpre = trim * w * ps * (1 - D) * (1 - post) / (1 - ps)
    w_cpost = trim * w * ps * (1 - D) * post / (1 - ps)
    if method == "ipw":
        m = [np.mean(v) for v in (w_tpre, w_tpost, w_cpre, w_cpost)]
        a_tpre, a_tpost, a_cpre, a_cpost = (
            np.mean(v * y) / mv for v, mv in zip((w_tpre, w_tpost, w_cpre, w_cpost), m, strict=True)
        )
        att = (a_tpost - a_tpre) - (a_cpost - a_cpre)
        inf_t = (w_tpost * (y - a_tpost) / m[1]) - (w_tpre * (y - a_tpre) / m[0])
        inf_c = (w_cpost * (y - a_cpost) / m[3]) - (w_cpre * (y - a_cpre) / m[2])
        M2_pre = np.mean((w_cpre * (y - a_cpre))[:, None] * X, axis=0) / m[2]
        M2_post = np.mean((w_cpost * (y - a_cpost))[:, None] * X, axis=0) / m[3]
        inf_c = inf_c + alr_ps @ (M2_post - M2_pre)
        return float(att), inf_t - inf_c
    # locally efficient doubly robust (drdid_rc)
    out_cpre, alr_cpre = _ols_lin_rep(X, y, w, (D == 0) & (post == 0))
    out_cpost, alr_cpost = _ols_lin_rep(X, y, w, (D == 0) & (post == 1))
    out_tpre, alr_tpre = _ols_lin_rep(X, y, w, (D == 1) & (post == 0))
    out_tpost, alr_tpost = _ols_lin_rep(X, y, w, (D == 1) & (post == 1))
    out_c = post * out_cpost + (1 - post) * out_cpre
    w_d, w_dt1, w_dt0 = trim * w * D, trim * w * D * post, trim * w * D * (1 - post)
    r = y - out_c

    def ratio(v: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, float]:
        eta = v * z / np.mean(v)
        return eta, float(np.mean(eta))

    e_tpre, a_tpre = ratio(w_tpre, r)
    e_tpost, a_tpost = ratio(w_tpost, r)
    e_cpre, a_cpre = ratio(w_cpre, r)
    e_cpost, a_cpost = ratio(w_cpost, r)
    e_dpost, a_dpost = ratio(w_d, out_tpost - out_cpost)
    e_dt1, a_dt1 = ratio(w_dt1, out_tpost - out_cpost)
    e_dpre, a_dpre = ratio(w_d, out_tpre - out_cpre)
    e_dt0, a_dt0 = ratio(w_dt0, out_tpre - out_cpre)
    att = (a_tpost - a_tpre) - (a_cpost - a_cpre) + (a_dpost - a_dt1) - (a_dpre - a_dt0)
    inf_tpre = e_tpre - w_tpre * a_tpre / np.mean(w_tpre)
    inf_tpost = e_tpost - w_tpost * a_tpost / np.mean(w_tpost)
    M1_post = -np.mean((w_tpost * post)[:, None] * X, axis=0) / np.mean(w_tpost)
    M1_pre = -np.mean((w_tpre * (1 - post))[:, None] * X, axis=0) / np.mean(w_tpre)
    inf_t_or = alr_cpost @ M1_post - alr_cpre @ M1_pre
    inf_cpre = e_cpre - w_cpre * a_cpre / np.mean(w_cpre)
    inf_cpost = e_cpost - w_cpost * a_cpost / np.mean(w_cpost)
    M2_pre = np.mean((w_cpre * (r - a_cpre))[:, None] * X, axis=0) / np.mean(w_cpre)
    M2_post = np.mean((w_cpost * (r - a_cpost))[:, None] * X, axis=0) / np.mean(w_cpost)
    inf_c_ps = alr_ps @ (M2_post - M2_pre)
    M3_post = -np.mean((w_cpost * post)[:, None] * X, axis=0) / np.mean(w_cpost)
    M3_pre = -np.mean((w_cpre * (1 - post))[:, None] * X, axis=0) / np.mean(w_cpre)
    inf_c_or = alr_cpost @ M3_post - alr_cpre @ M3_pre
    inf_eff = (e_dpost - w_d * a_dpost / np.mean(w_d)) - (e_dt1 - w_dt1 * a_dt1 / np.mean(w_dt1))
    inf_eff -= (e_dpre - w_d * a_dpre / np.mean(w_d)) - (e_dt0 - w_dt0 * a_dt0 / np.mean(w_dt0))
    mom_post = np.mean((w_d / np.mean(w_d) - w_dt1 / np.mean(w_dt1))[:, None] * X, axis=0)
    mom_pre = np.mean((w_d / np.mean(w_d) - w_dt0 / np.mean(w_dt0))[:, None] * X, axis=0)
    inf_or = (alr_tpost - alr_cpost) @ mom_post - (alr_tpre - alr_cpre) @ mom_pre
    inf_t = inf_tpost - inf_tpre + inf_t_or
    inf_c = inf_cpost - inf_cpre + inf_c_ps + inf_c_or
    return float(att), inf_t - inf_c + inf_eff + inf_or
