"""Heterogeneity-robust event studies: Sun & Abraham (2021) and Borusyak, Jaravel & Spiess (2024).

* :func:`sun_abraham` -- the interaction-weighted estimator of Sun, L. and Abraham, S. (2021),
  "Estimating dynamic treatment effects in event studies with heterogeneous treatment effects",
  *Journal of Econometrics* 225(2), 175-199: a TWFE regression saturated in cohort x event-time
  interactions, then averaged over cohorts with their sample shares.
* :func:`imputation` -- the imputation estimator of Borusyak, K., Jaravel, X. and Spiess, J. (2024),
  "Revisiting event-study designs: robust and efficient estimation", *Review of Economic Studies*
  91(6), 3253-3285: unit and period effects fitted on untreated observations only, treated outcomes
  imputed, effects averaged; conservative variance of their Theorem 3 (cohort x horizon partition).

Both return :class:`trends.impact.results.EventStudyResult`, like ``att_gt(...).aggregate("dynamic")``
(via ``.to_event_study()``) and :func:`trends.impact.twfe_event_study`, so that
:func:`trends.impact.plot_event_studies` draws them side by side.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg, sparse, stats

from trends._api import legacy_arguments
from trends.impact._common import blas_threads, check_columns, period_codes, tidy, warn
from trends.impact.results import EventStudyResult
from trends.impact.twfe import _build, _cr1
from trends.schema import TrendsDataError

__all__ = ["imputation", "sun_abraham"]

CITATION_SA = (
    "Sun, L. and Abraham, S. (2021). Estimating dynamic treatment effects in event studies with "
    "heterogeneous treatment effects. Journal of Econometrics 225(2), 175-199."
)
CITATION_BJS = (
    "Borusyak, K., Jaravel, X. and Spiess, J. (2024). Revisiting event-study designs: robust and "
    "efficient estimation. Review of Economic Studies 91(6), 3253-3285."
)


def _cohort_frame(data: pd.DataFrame, yname: str, tname: str, idname: str, gname: str) -> pd.DataFrame:
    check_columns(data, [yname, tname, idname, gname])
    df = data[[yname, tname, idname, gname]].copy()
    t, g, _ = period_codes(df, tname, gname)
    df["_t"], df["_g"] = t, g
    bad = df[[yname, tname, idname]].isna().any(axis=1)
    if bad.any():
        warn(f"dropped {int(bad.sum())} row(s) with a missing outcome, period or unit id")
        df = df.loc[~bad]
    if df.duplicated([idname, tname]).any():
        raise TrendsDataError(f"duplicated ({idname}, {tname}) rows: one row per unit and period")
    nun = df.groupby(idname)["_g"].nunique()
    if (nun > 1).any():
        raise TrendsDataError(
            f"cohort column {gname!r} varies within {int((nun > 1).sum())} unit(s): one first-treatment "
            "period per unit (treatment must not switch off)"
        )
    if not (df["_g"] > 0).any():
        raise TrendsDataError(f"no unit is ever treated ({gname} is 0 or missing everywhere)")
    return df


@legacy_arguments(
    positional=("yname", "tname", "idname", "gname"), renamed={"clustervars": "cluster", "alp": "alpha"}
)
def _inverse_or_refuse(xtx: np.ndarray) -> np.ndarray:
    """The inverse of a cross-product matrix, by Cholesky; a singular one (a pivot below 1e-7 of the largest:
    a column the others span) is refused rather than inverted into estimates and standard errors of noise."""
    try:
        factor = linalg.cho_factor(xtx, lower=True, check_finite=False)
    except linalg.LinAlgError:
        factor = None
    pivots = np.abs(np.diag(factor[0])) if factor is not None else np.zeros(1)
    if factor is None or pivots.min() <= 1e-7 * pivots.max():
        raise TrendsDataError(
            "the cohort x event-time regression is singular (a cohort without a pre-adoption reference "
            "period, or event times collinear with the unit and period effects)"
        )
    return linalg.cho_solve(factor, np.eye(len(xtx)), check_finite=False)


def sun_abraham(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    min_e: int | None = None,
    max_e: int | None = None,
    weightsname: str | None = None,
    cluster: str | None = None,
    alpha: float = 0.05,
    threads: int | None = 1,
) -> EventStudyResult:
    """Sun & Abraham (2021) interaction-weighted event study.

    Regresses the outcome on cohort x event-time indicators (all event times except -1, the reference)
    with unit and period effects; never-treated units are the control cohort (when there are none, the
    last-treated cohort is, and periods from its adoption on are dropped, with a warning). Each event
    time's effect averages the cohort-specific effects with the cohorts' shares among the treated
    observations at that event time; the overall effect averages all post-adoption cells by their
    number of observations. Standard errors are cluster-robust (CR1; by unit unless ``cluster``)
    with the shares treated as fixed, as in the paper's software (``eventstudyinteract``,
    ``fixest::sunab``).

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel; ``tname`` numeric or datetime (cohorts in the same units; 0 / NaN = never).
    yname, tname, idname, gname : str
        Outcome, period, unit id and cohort (first treated period).
    min_e, max_e : int, optional
        Event times reported (all cohort x event-time cells are always in the regression).
    weightsname, cluster, alpha, threads
        Regression weights, cluster variable, significance level, BLAS threads.
    """
    df = _cohort_frame(data, yname, tname, idname, gname)
    if weightsname is not None or cluster is not None:
        check_columns(data, [c for c in (weightsname, cluster) if c])
        for c in (weightsname, cluster):
            if c is not None and c not in df:
                df[c] = data.loc[df.index, c]
    tmin = df["_t"].min()
    always = (df["_g"] > 0) & (df["_g"] <= tmin)
    if always.any():
        n = df.loc[always, idname].nunique()
        warn(f"dropped {n} unit(s) treated from the first period on (no pre-adoption reference period)")
        df = df.loc[~always]
    after = df["_g"] > df["_t"].max()
    if after.any():
        warn(
            f"{df.loc[after, idname].nunique()} unit(s) first treated after the last period are treated as never "
            "treated within the window"
        )
        df = df.copy()
        df.loc[after, "_g"] = 0.0
    if not (df["_g"] == 0).any():
        last = df["_g"].max()
        cut = df["_t"] >= last
        warn(
            "no never-treated units: the last-treated cohort is the control group and its "
            f"{int(cut.sum())} observation(s) from its adoption on are dropped"
        )
        df = df.loc[~cut].copy()
        df.loc[df["_g"] == last, "_g"] = 0.0
        if not (df["_g"] > 0).any():
            raise TrendsDataError("all units adopted at the same time: no comparison group")
    treated = df["_g"] > 0
    rel = np.where(treated, df["_t"] - df["_g"], np.nan)
    cells = (
        pd.DataFrame({"g": df["_g"][treated], "e": rel[treated.to_numpy()]})
        .value_counts()
        .rename("n")
        .reset_index()
        .sort_values(["e", "g"])
    )
    # reference period of each cohort: e = -1, or its last observed pre-adoption period when -1 is not observed
    # (a gap in the period grid); without one the cohort's indicators span its unit effects (singular design)
    pre = cells[cells["e"] < 0]
    ref_e = pre.groupby("g")["e"].max()
    moved = ref_e[ref_e != -1]
    if len(moved):
        warn(
            f"{len(moved)} cohort(s) have no observation one period before adoption (gaps in {tname!r}): their "
            "last observed pre-adoption period is their reference instead of event time -1"
        )
    is_ref = cells["e"].to_numpy() == cells["g"].map(ref_e).to_numpy()
    cells = cells[~is_ref].reset_index(drop=True)
    gv, ev = df["_g"].to_numpy(), rel
    names = [f"_c{i}" for i in range(len(cells))]
    # One concat, not a column at a time: adding hundreds of columns one by one fragments the frame.
    indicators = pd.DataFrame(
        {
            nm: ((gv == g) & (ev == e)).astype(float)
            for nm, g, e in zip(names, cells["g"], cells["e"], strict=True)
        },
        index=df.index,
    )
    df = pd.concat([df, indicators], axis=1)
    with blas_threads(threads):
        d, used = _build(df, yname, names, idname, tname, weightsname, cluster)
        inv = _inverse_or_refuse(d.X.T @ (d.w[:, None] * d.X))
        beta = inv @ (d.X.T @ (d.w * d.y))
        V = _cr1(d, beta, d.y - d.X @ beta)
    if weightsname is not None:
        wsum = used[names].mul(used[weightsname], axis=0).sum().to_numpy()
    else:
        wsum = used[names].sum().to_numpy()
    cells["n"] = wsum
    es = np.sort(cells["e"].unique())
    if min_e is not None:
        es = es[es >= min_e]
    if max_e is not None:
        es = es[es <= max_e]
    A = np.zeros((len(cells), len(es)))
    for k, e in enumerate(es):
        sel = (cells["e"] == e).to_numpy()
        A[sel, k] = cells["n"][sel] / cells["n"][sel].sum()
    est = A.T @ beta
    se = np.sqrt(np.einsum("ik,ij,jk->k", A, V, A))
    post = (cells["e"] >= 0).to_numpy()
    if max_e is not None:
        post &= (cells["e"] <= max_e).to_numpy()
    a = np.where(post, cells["n"], 0.0)
    a = a / a.sum()
    z = stats.norm.ppf(1 - alpha / 2)
    tab = pd.DataFrame({"event_time": es.astype(int), "estimate": est, "std_error": se})
    if (min_e is None or min_e <= -1) and (max_e is None or max_e >= -1):
        tab = pd.concat([tab, pd.DataFrame({"event_time": [-1], "estimate": [0.0], "std_error": [0.0]})])
    tab = tab.sort_values("event_time").reset_index(drop=True)
    out = tidy(tab["estimate"], tab["std_error"], z, tab[["event_time"]])
    out.insert(0, "estimator", "sun_abraham")
    overall = tidy(np.array([a @ beta]), np.array([np.sqrt(a @ V @ a)]), z)
    overall.insert(0, "estimator", "sun_abraham")
    spec = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        gname=gname,
        min_e=min_e,
        max_e=max_e,
        weightsname=weightsname,
        cluster=cluster or idname,
        alpha=alpha,
    )
    return EventStudyResult("sun_abraham", out, overall, spec, CITATION_SA)


def _fe_solve(
    ui: np.ndarray, ti: np.ndarray, n_u: int, n_t: int, ru: np.ndarray, rt: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Solve the two-way normal equations on the observations (ui, ti) for right-hand sides ru, rt.

    ``D_u a + C l = ru`` and ``C' a + D_t l = rt`` with ``C`` the unit x period incidence; eliminates
    the unit effects (Schur complement, a dense periods x periods system). Columns of ru/rt are
    separate right-hand sides. Only ``a[i] + l[t]`` is identified, which is all that is used.
    """
    C = sparse.csr_matrix((np.ones(len(ui)), (ui, ti)), shape=(n_u, n_t))
    du = np.asarray(C.sum(axis=1)).ravel()
    dt = np.asarray(C.sum(axis=0)).ravel()
    Cs = sparse.diags(1 / du) @ C
    Msch = np.diag(dt) - (C.T @ Cs).toarray()
    rhs = rt - Cs.T @ ru
    lam = np.linalg.lstsq(Msch, rhs, rcond=None)[0]
    alpha = (ru - C @ lam) / du[:, None] if ru.ndim == 2 else (ru - C @ lam) / du
    return alpha, lam


@legacy_arguments(
    positional=("yname", "tname", "idname", "gname"), renamed={"clustervars": "cluster", "alp": "alpha"}
)
def imputation(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    anticipation: int = 0,
    max_e: int | None = None,
    pretrends: int = 0,
    cluster: str | None = None,
    alpha: float = 0.05,
    threads: int | None = 1,
) -> EventStudyResult:
    """Borusyak, Jaravel & Spiess (2024) imputation event study (post-adoption horizons).

    Unit and period effects are fitted on untreated observations (never treated, and not yet treated
    more than ``anticipation`` periods before adoption); each treated outcome's untreated counterpart
    is imputed; event-time effects average the imputed effects with equal weight per treated
    observation. Standard errors use the conservative variance of Theorem 3 with the cohort x horizon
    auxiliary partition (as R ``didimputation``), clustered by unit unless ``cluster``.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel (unbalanced allowed); ``tname`` numeric or datetime.
    yname, tname, idname, gname : str
        Outcome, period, unit id and cohort (first treated period; 0 / NaN = never treated).
    anticipation : int
        Periods before adoption excluded from the untreated sample.
    max_e : int, optional
        Largest horizon estimated (the overall effect averages horizons 0..max_e).
    pretrends : int
        Number of pre-adoption leads to test (BJS 2024, Section 4.4): the untreated observations are
        regressed on unit and period effects plus lead indicators ``-pretrends..-1``; the leads are
        reported as event times -pretrends..-1 (CR1 errors) and their joint Wald test (chi-squared) is
        stored in ``spec["pretest"]``. These leads are a test, not part of the imputation estimates.
    cluster : str, optional
        Cluster variable, constant within unit.
    alpha : float
        Significance level.
    threads : int or None
        BLAS threads inside the call.

    Raises
    ------
    trends.schema.TrendsDataError
        When no observation is untreated, or nothing can be imputed. Treated observations that cannot
        be imputed (unit never observed untreated, or a period in which every unit is treated) are
        dropped with a warning that says how many.
    """
    df = _cohort_frame(data, yname, tname, idname, gname)
    if cluster is not None:
        check_columns(data, [cluster])
        df[cluster] = data.loc[df.index, cluster]
    g, t = df["_g"].to_numpy(), df["_t"].to_numpy()
    treated = (g > 0) & (t >= g)
    untreated = (g == 0) | (t < g - anticipation)
    if max_e is not None:
        beyond = treated & (t - g > max_e)
        treated &= ~beyond
    if not untreated.any():
        raise TrendsDataError("no untreated observation: unit and period effects cannot be fitted")
    ui = pd.factorize(df[idname])[0]
    tcodes, tuniq = pd.factorize(df["_t"], sort=True)
    n_u, n_t = int(ui.max()) + 1, len(tuniq)
    y = df[yname].to_numpy(dtype=float)
    u0 = np.bincount(ui[untreated], minlength=n_u) > 0
    t0 = np.bincount(tcodes[untreated], minlength=n_t) > 0
    can = treated & u0[ui] & t0[tcodes]
    lost = treated & ~can
    if lost.any():
        warn(
            f"dropped {int(lost.sum())} treated observation(s) whose untreated outcome cannot be imputed "
            "(unit never observed before adoption, or a period in which every unit is treated)"
        )
    treated = can
    if not treated.any():
        raise TrendsDataError("no treated observation can be imputed: no comparison group")
    # the untreated fit uses only units / periods present among untreated observations
    uu, tt = ui[untreated], tcodes[untreated]
    ru = np.bincount(uu, weights=y[untreated], minlength=n_u)
    rt = np.bincount(tt, weights=y[untreated], minlength=n_t)
    # units without untreated obs have du = 0: give them a dummy row so the system stays defined
    with blas_threads(threads):
        keep_u = u0
        remap = -np.ones(n_u, dtype=int)
        remap[keep_u] = np.arange(keep_u.sum())
        a_hat, l_hat = _fe_solve(remap[uu], tt, int(keep_u.sum()), n_t, ru[keep_u], rt)
        fit_u = a_hat[remap[uu]] + l_hat[tt]
        resid0 = y[untreated] - fit_u
        tr_u, tr_t = ui[treated], tcodes[treated]
        tau = y[treated] - (a_hat[remap[tr_u]] + l_hat[tr_t])
        e_tr = (t[treated] - g[treated]).astype(float)
        horizons = np.unique(e_tr)
        # target weights: one column per horizon, then the overall average
        R = len(horizons) + 1
        W1 = np.zeros((treated.sum(), R))
        for k, e in enumerate(horizons):
            sel = e_tr == e
            W1[sel, k] = 1.0 / sel.sum()
        W1[:, -1] = 1.0 / treated.sum()
        est = W1.T @ tau
        # untreated weights v0 = -Z0 (Z0'Z0)^-1 Z1' w1
        RU = np.zeros((int(keep_u.sum()), R))
        np.add.at(RU, remap[tr_u], W1)
        RT = np.zeros((n_t, R))
        np.add.at(RT, tr_t, W1)
        ha, hl = _fe_solve(remap[uu], tt, int(keep_u.sum()), n_t, RU, RT)
        V0 = -(ha[remap[uu]] + hl[tt])
        # auxiliary residuals of treated obs: tau minus its cohort x horizon mean (equal weights)
        key = pd.factorize(pd.Series(list(zip(g[treated], e_tr, strict=True))))[0]
        tbar = np.bincount(key, weights=tau) / np.bincount(key)
        eps1 = tau - tbar[key]
        cl_all = pd.factorize(df[cluster or idname])[0]
        n_cl = int(cl_all.max()) + 1
        S = np.zeros((n_cl, R))
        np.add.at(S, cl_all[untreated], V0 * resid0[:, None])
        np.add.at(S, cl_all[treated], W1 * eps1[:, None])
        se = np.sqrt((S**2).sum(axis=0))
    z = stats.norm.ppf(1 - alpha / 2)
    tab = tidy(est[:-1], se[:-1], z, pd.DataFrame({"event_time": horizons.astype(int)}))
    pretest = None
    if pretrends > 0:
        leads, pretest = _bjs_leads(df, yname, idname, untreated, g, t, pretrends, cluster, alpha, threads)
        tab = pd.concat([leads, tab], ignore_index=True)
    tab.insert(0, "estimator", "imputation")
    overall = tidy(est[-1:], se[-1:], z)
    overall.insert(0, "estimator", "imputation")
    spec: dict[str, Any] = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        gname=gname,
        anticipation=anticipation,
        max_e=max_e,
        pretrends=pretrends,
        pretest=pretest,
        cluster=cluster or idname,
        alpha=alpha,
        n_treated_obs=int(treated.sum()),
        n_untreated_obs=int(untreated.sum()),
    )
    return EventStudyResult("imputation", tab, overall, spec, CITATION_BJS)


def _bjs_leads(
    df: pd.DataFrame,
    yname: str,
    idname: str,
    untreated: np.ndarray,
    g: np.ndarray,
    t: np.ndarray,
    k: int,
    cluster: str | None,
    alpha: float,
    threads: int | None,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Lead regression on untreated observations and its joint Wald test (BJS 2024, Section 4.4)."""
    sub = df.loc[untreated].copy()
    e = np.where(g[untreated] > 0, t[untreated] - g[untreated], np.nan)
    names = []
    for lead in range(-k, 0):
        nm = f"_lead{-lead}"
        sub[nm] = (e == lead).astype(float)
        names.append(nm)
    with blas_threads(threads):
        d, _ = _build(sub, yname, names, idname, "_t", None, cluster)
        inv = np.linalg.inv(d.X.T @ (d.w[:, None] * d.X))
        beta = inv @ (d.X.T @ (d.w * d.y))
        V = _cr1(d, beta, d.y - d.X @ beta)
    se = np.sqrt(np.diag(V))
    z = stats.norm.ppf(1 - alpha / 2)
    leads = tidy(beta, se, z, pd.DataFrame({"event_time": list(range(-k, 0))}))
    stat = float(beta @ np.linalg.pinv(V) @ beta)
    dof = int(np.linalg.matrix_rank(V))
    return leads, {"statistic": stat, "df": dof, "p_value": float(stats.chi2.sf(stat, dof))}
