"""Two-way fixed effects: regression, cluster-robust and wild cluster bootstrap inference, Goodman-Bacon.

Implements

* the two-way fixed-effects (unit and period effects) regression by the within transformation
  (alternating projections, so unbalanced panels and weights work), with cluster-robust (CR1)
  standard errors ``G/(G-1) * (N-1)/(N-K)`` and t(G-1) reference distribution as Stata / fixest;
* the wild cluster bootstrap of Cameron, Gelbach and Miller (2008, Review of Economics and Statistics
  90(3)), restricted (WCR, null imposed) and unrestricted (WCU), with Rademacher or Webb (2014) weights,
  and confidence intervals by test inversion (WCR) or bootstrap-t (WCU), as in Roodman, MacKinnon,
  Nielsen and Webb (2019, Stata Journal 19(1), "Fast and wild");
* the Goodman-Bacon (2021, Journal of Econometrics 225(2), 254-277) decomposition of the TWFE
  coefficient on a binary absorbing treatment into 2x2 comparisons;
* a TWFE event study (leads and lags of adoption, reference period -1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, sparse, stats

from trends._api import legacy_arguments
from trends.impact._common import (
    DEFAULT_SSC,
    SSC,
    VCOV_TYPES,
    blas_threads,
    check_choice,
    check_columns,
    draw_multipliers,
    event_time_indicators,
    parse_covariates,
    sandwich,
    tidy,
    warn,
)
from trends.impact.results import EventStudyResult
from trends.messages import t
from trends.results import Result
from trends.schema import TrendsDataError

__all__ = ["BaconResult", "TWFEResult", "bacon_decomposition", "twfe", "twfe_event_study"]

CITATION_TWFE = (
    "Two-way fixed effects with CR1 cluster-robust errors; wild cluster bootstrap: Cameron, Gelbach and "
    "Miller (2008), Review of Economics and Statistics 90(3), 414-427; Webb (2014) weights."
)
CITATION_BACON = (
    "Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment timing. "
    "Journal of Econometrics 225(2), 254-277."
)


# ---------------------------------------------------------------------------------------------------
# regression engine
# ---------------------------------------------------------------------------------------------------
def _demean(
    M: np.ndarray, fe: list[np.ndarray], w: np.ndarray, tol: float = 1e-13, maxit: int = 10_000
) -> np.ndarray:
    """Weighted within transformation (columns of ``M``) by alternating projections over the factors."""
    M = np.array(M, dtype=float, copy=True)
    if M.ndim == 1:
        M = M[:, None]
    ind = [sparse.csr_matrix((np.ones(len(f)), (np.arange(len(f)), f))) for f in fe]
    wind = [(sparse.diags(w) @ d).T.tocsr() for d in ind]
    counts = [np.asarray(wd.sum(axis=1)).ravel() for wd in wind]
    scale = np.maximum(np.abs(M).max(axis=0), 1.0)
    for _ in range(maxit):
        delta = 0.0
        for d, wd, c in zip(ind, wind, counts, strict=True):
            means = (wd @ M) / c[:, None]
            M -= d @ means
            delta = max(delta, float((np.abs(means).max(axis=0) / scale).max()))
        if delta < tol or len(fe) == 1:
            break
    else:
        warn("the within transformation did not converge; estimates may be inaccurate")
    return M


@dataclass(frozen=True)
class _Design:
    y: np.ndarray  # demeaned outcome
    fe: list[np.ndarray]  # fixed-effect factor codes (to demean bootstrap perturbations)
    X: np.ndarray  # demeaned regressors (N x K)
    w: np.ndarray
    cluster: np.ndarray
    n_clusters: int
    n_obs: int
    k_fe_full: int  # every fixed-effect parameter (units + periods - 1)
    k_fe_nested: int  # fixed effects not nested in the clusters (fixest's default count)
    names: list[str]
    ssc: SSC = DEFAULT_SSC

    def factor(self, vcov: str = "cluster") -> float:
        """Small-sample multiplier of the covariance (CR1 with fixest's nested count by default)."""
        return self.ssc.factor(
            vcov,
            n_obs=self.n_obs,
            n_clusters=self.n_clusters,
            k_x=self.X.shape[1],
            k_fe_full=self.k_fe_full,
            k_fe_nested=self.k_fe_nested,
        )


def _cr1(d: _Design, beta: np.ndarray, resid: np.ndarray, vcov: str = "cluster") -> np.ndarray:
    """Covariance of ``beta``: clustered (CR1), heteroskedasticity-robust (HC1) or iid, with ``d.ssc``."""
    XtWX_inv = np.linalg.inv(d.X.T @ (d.w[:, None] * d.X))
    if vcov == "iid":  # sigma^2 = sum w u^2 / (N - 1), times (N - 1) / (N - K): the usual RSS / (N - K)
        return d.factor("iid") * float(d.w @ resid**2) / (d.n_obs - 1) * XtWX_inv
    scores = d.X * (d.w * resid)[:, None]
    return sandwich(XtWX_inv, scores, vcov, d.cluster, d.n_clusters, d.factor(vcov))


class _Wild:
    """Wild cluster bootstrap t statistics for H0: beta_j = beta0, for any beta0 (CGM 2008).

    The multipliers ``V`` (B x G) are drawn once; bootstrap perturbations are demeaned once, so that
    inverting the restricted test over beta0 (the WCR interval) costs one small product per value.
    """

    def __init__(self, d: _Design, j: int, V: np.ndarray, restricted: bool) -> None:
        X, y, w = d.X, d.y, d.w
        self.d, self.j, self.restricted = d, j, restricted
        self.inv = np.linalg.inv(X.T @ (w[:, None] * X))
        self.beta = self.inv @ (X.T @ (w * y))
        self.c = d.factor("cluster")
        self.h = (X @ self.inv[j]) * w  # beta_j = sum_i h_i y_i
        resid = y - X @ self.beta
        self.se = float(np.sqrt(_cr1(d, self.beta, resid)[j, j]))
        Vu = V[:, d.cluster]  # B x N
        if restricted:
            others = [k for k in range(X.shape[1]) if k != j]
            if others:
                Xo = X[:, others]
                P = np.linalg.solve(Xo.T @ (w[:, None] * Xo), (Xo * w[:, None]).T)
                ua = y - Xo @ (P @ y)
                ub = X[:, j] - Xo @ (P @ X[:, j])
            else:
                ua, ub = y.copy(), X[:, j].copy()
            self.ua, self.ub = ua, ub  # u(beta0) = ua - beta0 * ub
            self.Ea = _demean((Vu * ua).T, d.fe, w).T
            self.Eb = _demean((Vu * ub).T, d.fe, w).T
        else:
            self.E = _demean((Vu * resid).T, d.fe, w).T

    def t_stats(self, beta0: float) -> tuple[float, np.ndarray]:
        d, j = self.d, self.j
        t_obs = (self.beta[j] - beta0) / self.se
        if self.restricted:
            fit = (d.y - self.ua) + beta0 * self.ub  # = fitted values under the null
            pert = self.Ea - beta0 * self.Eb
            center = beta0
        else:
            fit = d.X @ self.beta
            pert = self.E
            center = self.beta[j]
        ystar = fit[None, :] + pert
        bstar = ystar @ (d.w[:, None] * d.X) @ self.inv.T
        rstar = ystar - bstar @ d.X.T
        S = _cluster_sum(rstar * self.h[None, :], d.cluster, d.n_clusters)
        se_star = np.sqrt(self.c * (S**2).sum(axis=1))
        return float(t_obs), (bstar[:, j] - center) / se_star

    def p_value(self, beta0: float) -> float:
        t_obs, t_star = self.t_stats(beta0)
        return float(np.mean(np.abs(t_star) >= abs(t_obs)))


def _cluster_sum(M: np.ndarray, cluster: np.ndarray, G: int) -> np.ndarray:
    """Sum the columns of ``M`` (B x N) by cluster -> (B x G)."""
    order = np.argsort(cluster, kind="stable")
    starts = np.searchsorted(cluster[order], np.arange(G))
    return np.add.reduceat(M[:, order], starts, axis=1)


@dataclass(frozen=True)
class TWFEResult(Result):
    """Two-way fixed-effects regression with cluster-robust and wild-bootstrap inference.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per regressor: ``term, estimate, std_error, conf_low, conf_high, p_value`` (CR1,
        t(G-1)).
    wild_bootstrap : pandas.DataFrame or None
        For the treatment coefficient: ``term, method, weights, p_value, conf_low, conf_high, biters``.
    n_obs, n_clusters : int
    spec : dict
        Column names and options that produced the result.
    """

    table: pd.DataFrame
    wild_bootstrap: pd.DataFrame | None
    n_obs: int
    n_clusters: int
    vcov: np.ndarray = field(repr=False)
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION_TWFE

    @property
    def estimate(self) -> float:
        """Coefficient of the treatment variable."""
        return float(self.table["estimate"].iloc[0])

    @property
    def std_error(self) -> float:
        """CR1 standard error of the treatment coefficient."""
        return float(self.table["std_error"].iloc[0])

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Coefficient plot with CR1 intervals (and the wild-bootstrap interval when computed)."""
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (6, 1.2 + 0.5 * len(self.table)))
        y = np.arange(len(self.table))
        est = self.table["estimate"].to_numpy(dtype=float)
        lo = self.table["conf_low"].to_numpy(dtype=float)
        hi = self.table["conf_high"].to_numpy(dtype=float)
        ax.errorbar(
            est,
            y,
            xerr=np.vstack([est - lo, hi - est]),
            fmt="o",
            capsize=3,
            color="#0072B2",
            label=t("plot.cr1", lang),
        )
        if self.wild_bootstrap is not None:
            wb = self.wild_bootstrap.iloc[0]
            ax.plot(
                [float(wb["conf_low"]), float(wb["conf_high"])],
                [-0.2, -0.2],
                color="#D55E00",
                lw=2,
                label=t("plot.wild_bootstrap", lang, method=wb["method"]),
            )
        ax.set_yticks(y, self.table["term"])
        ax.axvline(0, color="0.4", lw=0.8)
        ax.legend(frameon=False, fontsize=8)
        return fig

    def __repr__(self) -> str:
        return (
            f"TWFEResult({self.table['term'].iloc[0]}: {self.estimate:.4f} (CR1 s.e. {self.std_error:.4f}), "
            f"{self.n_obs} obs, {self.n_clusters} clusters)"
        )


def _build(
    data: pd.DataFrame,
    yname: str,
    regressors: list[str],
    idname: str,
    tname: str,
    weightsname: str | None,
    cluster: str | None,
    ssc: SSC = DEFAULT_SSC,
) -> tuple[_Design, pd.DataFrame]:
    cols = [yname, *regressors, idname, tname]
    cols += [c for c in (weightsname, cluster) if c is not None and c not in cols]
    check_columns(data, cols)
    df = data.loc[:, list(dict.fromkeys(cols))]
    bad = df.isna().any(axis=1)
    if bad.any():
        warn(f"dropped {int(bad.sum())} row(s) with missing values in {', '.join(dict.fromkeys(cols))}")
        df = df.loc[~bad]
    for c in [yname, *regressors]:
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise TrendsDataError(f"column {c!r} must be numeric, got dtype {df[c].dtype}")
    if df.duplicated([idname, tname]).any():
        raise TrendsDataError(f"duplicated ({idname}, {tname}) rows: one row per unit and period")
    w = df[weightsname].to_numpy(dtype=float) if weightsname else np.ones(len(df))
    if (w < 0).any():
        raise TrendsDataError(f"weights {weightsname!r} must be non-negative")
    keep = w > 0
    df, w = df.loc[keep], w[keep]
    fi = pd.factorize(df[idname])[0]
    ft = pd.factorize(df[tname])[0]
    # singletons carry no within variation
    cnt = np.bincount(fi)
    single = cnt[fi] == 1
    if single.any():
        warn(f"dropped {int(single.sum())} unit(s) observed in a single period (no within-unit variation)")
        df, w = df.loc[~single], w[~single]
        fi = pd.factorize(df[idname])[0]
        ft = pd.factorize(df[tname])[0]
    M = df[[yname, *regressors]].to_numpy(dtype=float)
    Md = _demean(M, [fi, ft], w)
    y, X = Md[:, 0], Md[:, 1:]
    cl_col = cluster or idname
    codes = pd.factorize(df[cl_col])[0]
    G = int(codes.max()) + 1
    if G < 2:
        raise TrendsDataError("cluster-robust inference needs at least two clusters")
    # fixest "nested" convention: fixed effects nested in the clusters do not count in K
    n_unit, n_time = int(fi.max()) + 1, int(ft.max()) + 1
    unit_nested = (df.groupby(idname)[cl_col].nunique() == 1).all()
    time_nested = (df.groupby(tname)[cl_col].nunique() == 1).all()
    k_fe = (0 if unit_nested else n_unit) + (0 if time_nested else n_time)
    k_fe -= 1 if (not unit_nested and not time_nested) else 0
    scale = np.sqrt((X**2).sum(axis=0))
    if (scale < 1e-10 * max(1.0, np.abs(M[:, 1:]).max())).any():
        dead = [r for r, s in zip(regressors, scale, strict=True) if s < 1e-10]
        raise TrendsDataError(
            f"regressor(s) {', '.join(dead)} have no variation left after unit and period effects "
            "(e.g. every unit adopts at the same time): the coefficient is not identified"
        )
    return _Design(y, [fi, ft], X, w, codes, G, len(y), n_unit + n_time - 1, k_fe, regressors, ssc), df


@legacy_arguments(
    positional=("yname", "dname", "idname", "tname", "covariates"),
    renamed={"clustervars": "cluster", "alp": "alpha"},
)
def twfe(
    data: pd.DataFrame,
    *,
    yname: str,
    dname: str,
    idname: str,
    tname: str,
    covariates: str | list[str] | None = None,
    weightsname: str | None = None,
    cluster: str | None = None,
    vcov: Literal["cluster", "hc1", "iid"] = "cluster",
    ssc: SSC | None = None,
    wild_bootstrap: Literal["wcr", "wcu"] | None = None,
    boot_weights: Literal["rademacher", "webb"] = "rademacher",
    biters: int = 9999,
    alpha: float = 0.05,
    seed: int | None = 0,
    threads: int | None = 1,
) -> TWFEResult:
    """Two-way fixed-effects regression of ``yname`` on ``dname`` (and covariates), unit and period effects.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel (unbalanced allowed).
    yname, dname, idname, tname : str
        Outcome, treatment (usually a 0/1 "adopted" indicator), unit id and period.
    covariates : str or list of str, optional
        Extra regressors (``"~ x1 + x2"`` or a list).
    weightsname : str, optional
        Analytic / population weights (weighted least squares).
    cluster : str, optional
        Cluster variable (default: the unit id).
    vcov : {"cluster", "hc1", "iid"}
        Covariance: clustered by ``cluster`` (CR1; t with G - 1 degrees of freedom), heteroskedasticity-robust
        (HC1) or homoskedastic; the last two with t(N - K) references, K counting every fixed effect.
    ssc : SSC, optional
        Small-sample correction (:func:`trends.impact.ssc`); default ``ssc()``, fixest's: ``(N - 1) / (N - K)``
        and ``G / (G - 1)`` with fixed effects nested in the clusters left out of ``K``.
        ``ssc(fixef_k="full")`` reproduces Stata's ``reg y d i.unit i.period, cluster(unit)``.
    wild_bootstrap : {"wcr", "wcu"}, optional
        Add a wild cluster bootstrap p-value and interval for the treatment coefficient: restricted
        (null imposed; interval by test inversion) or unrestricted (bootstrap-t interval).
    boot_weights : {"rademacher", "webb"}
        Wild bootstrap weights (Webb's six-point weights are advised with fewer than ~12 clusters).
    biters : int
        Bootstrap draws.
    alpha : float
        Significance level.
    seed : int or None
        Seed of the bootstrap.
    threads : int or None
        BLAS threads inside the call.

    Returns
    -------
    TWFEResult
    """
    check_choice("vcov", vcov, VCOV_TYPES)
    ssc = DEFAULT_SSC if ssc is None else ssc
    if wild_bootstrap is not None:
        check_choice("wild_bootstrap", wild_bootstrap, ("wcr", "wcu"))
        if vcov != "cluster":
            raise ValueError("wild_bootstrap is a clustered procedure: use it with vcov='cluster'")
    check_choice("boot_weights", boot_weights, ("rademacher", "webb"))
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie in (0, 1)")
    check_columns(data, [dname])
    covs = parse_covariates(covariates, data)
    spec = dict(
        yname=yname,
        dname=dname,
        idname=idname,
        tname=tname,
        covariates=covs or None,
        weightsname=weightsname,
        cluster=cluster or idname,
        vcov=vcov,
        ssc=ssc,
        wild_bootstrap=wild_bootstrap,
        boot_weights=boot_weights,
        biters=biters,
        alpha=alpha,
        seed=seed,
    )
    with blas_threads(threads):
        d, df = _build(data, yname, [dname, *covs], idname, tname, weightsname, cluster, ssc)
        _check_switch_off(df, dname, idname, tname)
        XtWX_inv = np.linalg.inv(d.X.T @ (d.w[:, None] * d.X))
        beta = XtWX_inv @ (d.X.T @ (d.w * d.y))
        resid = d.y - d.X @ beta
        V = _cr1(d, beta, resid, vcov)
        se = np.sqrt(np.diag(V))
        dfree = d.n_clusters - 1 if vcov == "cluster" else d.n_obs - d.X.shape[1] - d.k_fe_full
        tcrit = stats.t.ppf(1 - alpha / 2, dfree)
        table = tidy(beta, se, tcrit, pd.DataFrame({"term": d.names}))
        table["p_value"] = 2 * stats.t.sf(np.abs(beta / se), dfree)
        spec["df"] = dfree
        wb = None
        if wild_bootstrap is not None:
            wb = _wild_table(d, 0, wild_bootstrap, boot_weights, biters, alpha, seed, beta, se)
    return TWFEResult(table, wb, d.n_obs, d.n_clusters, V, spec)


def _check_switch_off(df: pd.DataFrame, dname: str, idname: str, tname: str) -> None:
    vals = df[dname].unique()
    if not set(np.unique(vals)).issubset({0, 1}):
        return
    s = df.sort_values([idname, tname])
    off = (s.groupby(idname)[dname].diff() < 0).groupby(s[idname]).any()
    if off.any():
        warn(
            f"treatment {dname!r} switches off in {int(off.sum())} unit(s) (e.g. {idname}={off.index[off][0]!r}); "
            "TWFE still estimates the regression, but the staggered-adoption estimators and the Goodman-Bacon "
            "decomposition assume adoption is permanent"
        )


def _wild_table(
    d: _Design,
    j: int,
    method: str,
    kind: str,
    biters: int,
    alpha: float,
    seed: int | None,
    beta: np.ndarray,
    se: np.ndarray,
) -> pd.DataFrame:
    G = d.n_clusters
    rng = np.random.default_rng(seed)
    if kind == "rademacher" and 2**G < biters:
        warn(f"only {2**G} distinct Rademacher draws exist with {G} clusters: consider boot_weights='webb'")
    V = draw_multipliers(rng, (biters, G), kind)
    restricted = method == "wcr"
    wb = _Wild(d, j, V, restricted)
    p = wb.p_value(0.0)
    if restricted:

        def pfun(b0: float) -> float:
            return wb.p_value(b0) - alpha

        lo_b, hi_b = beta[j] - 20 * se[j], beta[j] + 20 * se[j]
        try:
            lo = optimize.brentq(pfun, lo_b, beta[j], xtol=1e-6 * se[j])
            hi = optimize.brentq(pfun, beta[j], hi_b, xtol=1e-6 * se[j])
        except ValueError:
            warn("wild bootstrap interval not bracketed within 20 standard errors: reporting NaN bounds")
            lo = hi = float("nan")
    else:
        _, t_star = wb.t_stats(beta[j])
        q = float(np.quantile(np.abs(t_star), 1 - alpha))
        lo, hi = beta[j] - q * se[j], beta[j] + q * se[j]
    return pd.DataFrame(
        [
            dict(
                term=d.names[j],
                method=method,
                weights=kind,
                p_value=p,
                conf_low=lo,
                conf_high=hi,
                biters=biters,
            )
        ]
    )


# ---------------------------------------------------------------------------------------------------
# Goodman-Bacon decomposition
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BaconResult(Result):
    """Goodman-Bacon (2021) decomposition of a TWFE coefficient into 2x2 comparisons.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per comparison: ``type, treated, control, estimate, weight`` (weights sum to 1).
    by_type : pandas.DataFrame
        ``type, weight, estimate`` (weight-averaged estimate within each type).
    twfe_estimate : float
        The TWFE coefficient; equals ``(table.weight * table.estimate).sum()`` up to rounding.
    spec : dict
    """

    _term_keys = (("type", "treated", "control"),)

    @property
    def headline(self) -> pd.Series:
        """The TWFE coefficient the comparisons decompose."""
        return pd.Series({"estimate": self.twfe_estimate})

    table: pd.DataFrame
    by_type: pd.DataFrame
    twfe_estimate: float
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION_BACON

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Scatter of 2x2 estimates against their weights, by comparison type (the paper's Figure 6)."""
        from trends.charts import format_number
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (6.5, 4))
        colours = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
        for (typ, sub), c in zip(self.table.groupby("type", sort=False), colours, strict=False):
            label = t(_BACON_TYPES[typ], lang) if typ in _BACON_TYPES else str(typ)
            ax.scatter(sub["weight"], sub["estimate"], label=label, color=c, s=25)
        twfe = t("plot.twfe", lang, value=format_number(self.twfe_estimate, lang, 4))
        ax.axhline(self.twfe_estimate, color="0.3", ls="--", lw=0.8, label=twfe)
        ax.set_xlabel(t("plot.weight", lang))
        ax.set_ylabel(t("plot.estimate_2x2", lang))
        ax.legend(frameon=False, fontsize=8)
        return fig

    def __repr__(self) -> str:
        return f"BaconResult({len(self.table)} comparisons, TWFE {self.twfe_estimate:.4f})"


#: The comparison types of the decomposition and their words on the chart.
_BACON_TYPES = {
    "treated vs never": "plot.bacon.treated_vs_never",
    "earlier vs later": "plot.bacon.earlier_vs_later",
    "later vs earlier": "plot.bacon.later_vs_earlier",
    "later vs always": "plot.bacon.later_vs_always",
}


@legacy_arguments(positional=("yname", "dname", "idname", "tname"), renamed={})
def bacon_decomposition(
    data: pd.DataFrame, *, yname: str, dname: str, idname: str, tname: str
) -> BaconResult:
    """Goodman-Bacon (2021) decomposition of the TWFE coefficient on a binary, absorbing treatment.

    Needs a balanced panel without weights or covariates (Theorem 1 of the paper). Groups are timing
    cohorts (first period with ``dname == 1``), plus the never treated (control ``"never"``) and the
    always treated (cohort = first period, labelled ``"always"``).

    Returns
    -------
    BaconResult
        Comparisons of type ``"treated vs never"``, ``"earlier vs later"`` (later cohort not yet treated),
        ``"later vs earlier"`` (earlier cohort already treated) and ``"later vs always"``.
    """
    check_columns(data, [yname, dname, idname, tname])
    df = data[[yname, dname, idname, tname]]
    if df.isna().any().any():
        raise TrendsDataError("the Goodman-Bacon decomposition needs a complete panel: missing values found")
    if not set(np.unique(df[dname])).issubset({0, 1}):
        raise TrendsDataError(f"treatment {dname!r} must be 0/1 for the Goodman-Bacon decomposition")
    wide_y = df.pivot(index=idname, columns=tname, values=yname)
    wide_d = df.pivot(index=idname, columns=tname, values=dname)
    if wide_y.isna().any().any():
        raise TrendsDataError(
            "the Goodman-Bacon decomposition needs a balanced panel: some units miss some periods"
        )
    D = wide_d.to_numpy(dtype=float)
    if (np.diff(D, axis=1) < 0).any():
        n_off = int((np.diff(D, axis=1) < 0).any(axis=1).sum())
        raise TrendsDataError(
            f"treatment switches off in {n_off} unit(s): the Goodman-Bacon decomposition needs absorbing treatment"
        )
    Y = wide_y.to_numpy(dtype=float)
    periods = wide_y.columns.to_numpy()
    T = len(periods)
    first = np.where(D.any(axis=1), D.argmax(axis=1), T)  # T = never
    cohorts = np.unique(first)
    # group means by period
    ybar = {c: Y[first == c].mean(axis=0) for c in cohorts}
    share = {c: (first == c).mean() for c in cohorts}
    dbar = {c: (T - c) / T for c in cohorts}  # share of periods treated

    def label(c: int) -> Any:
        return "never" if c == T else ("always" if c == 0 else periods[c])

    rows = []
    for i, k in enumerate(cohorts):
        for l_ in cohorts[i + 1 :]:
            # k adopts earlier than l (dbar_k > dbar_l)
            nk, nl = share[k], share[l_]
            nkl = nk / (nk + nl)
            dk, dl = dbar[k], dbar[l_]
            if k > 0 and dk < 1:
                # k treated, l control, window t < l
                win = np.arange(0, l_)
                post = win >= k
                est = (ybar[k][win][post].mean() - ybar[k][win][~post].mean()) - (
                    ybar[l_][win][post].mean() - ybar[l_][win][~post].mean()
                )
                wgt = (
                    ((nk + nl) * (1 - dl)) ** 2
                    * nkl
                    * (1 - nkl)
                    * ((dk - dl) / (1 - dl))
                    * ((1 - dk) / (1 - dl))
                )
                typ = "treated vs never" if l_ == T else "earlier vs later"
                rows.append((typ, label(k), label(l_), est, wgt))
            if l_ < T and dk > 0:
                # l treated, k (already treated) control, window t >= k
                win = np.arange(k, T)
                post = win >= l_
                est = (ybar[l_][win][post].mean() - ybar[l_][win][~post].mean()) - (
                    ybar[k][win][post].mean() - ybar[k][win][~post].mean()
                )
                wgt = ((nk + nl) * dk) ** 2 * nkl * (1 - nkl) * (dl / dk) * ((dk - dl) / dk)
                typ = "later vs always" if k == 0 else "later vs earlier"
                rows.append((typ, label(l_), label(k), est, wgt))
    if not rows:
        raise TrendsDataError("no 2x2 comparison exists: every unit has the same treatment path")
    tab = pd.DataFrame(rows, columns=["type", "treated", "control", "estimate", "weight"])
    tab = tab[tab["weight"] > 0].reset_index(drop=True)
    tab["weight"] = tab["weight"] / tab["weight"].sum()
    beta = twfe(df, yname=yname, dname=dname, idname=idname, tname=tname).estimate
    by = (
        tab.assign(we=tab["weight"] * tab["estimate"])
        .groupby("type", sort=False)[["weight", "we"]]
        .sum()
        .reset_index()
    )
    by["estimate"] = by["we"] / by["weight"]
    by = by.drop(columns="we")
    total = float((tab["weight"] * tab["estimate"]).sum())
    if not np.isclose(total, beta, rtol=0, atol=1e-8 * max(1.0, abs(beta))):
        warn(f"the 2x2 comparisons sum to {total:.10f} but TWFE gives {beta:.10f}")
    return BaconResult(tab, by, beta, dict(yname=yname, dname=dname, idname=idname, tname=tname))


# ---------------------------------------------------------------------------------------------------
# TWFE event study
# ---------------------------------------------------------------------------------------------------
@legacy_arguments(
    positional=("yname", "tname", "idname", "gname"), renamed={"clustervars": "cluster", "alp": "alpha"}
)
def twfe_event_study(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    min_e: int | None = None,
    max_e: int | None = None,
    ref: int = -1,
    weightsname: str | None = None,
    cluster: str | None = None,
    alpha: float = 0.05,
    threads: int | None = 1,
) -> EventStudyResult:
    """TWFE event study: leads and lags of adoption with unit and period effects (reference ``ref``).

    Event times outside ``[min_e, max_e]`` are binned into the end points. With heterogeneous effects
    the coefficients are contaminated by other periods' effects (Sun & Abraham 2021): compare with
    :func:`trends.impact.sun_abraham` and :func:`trends.impact.att_gt`.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel.
    yname, tname, idname, gname : str
        Outcome, period (numeric), unit and cohort (first treated period; 0 / NaN = never).
    min_e, max_e : int, optional
        Event-time window (default: all event times present).
    ref : int
        Omitted (reference) event time.
    weightsname, cluster, alpha, threads
        As in :func:`twfe`.
    """
    check_columns(data, [yname, tname, idname, gname])
    df = data.copy()
    g = pd.to_numeric(df[gname], errors="coerce").fillna(0)
    treated = g > 0
    e = np.where(treated, df[tname] - g, np.nan)
    dummies, es = event_time_indicators(e, treated, min_e, max_e, ref)
    names = list(dummies.columns)
    df = pd.concat([df, dummies.set_axis(df.index)], axis=1)
    with blas_threads(threads):
        d, _ = _build(df, yname, names, idname, tname, weightsname, cluster)
        XtWX_inv = np.linalg.inv(d.X.T @ (d.w[:, None] * d.X))
        beta = XtWX_inv @ (d.X.T @ (d.w * d.y))
        V = _cr1(d, beta, d.y - d.X @ beta)
    se = np.sqrt(np.diag(V))
    dfree = d.n_clusters - 1
    tcrit = stats.t.ppf(1 - alpha / 2, dfree)
    tab = pd.DataFrame({"event_time": es, "estimate": beta, "std_error": se})
    tab = pd.concat([tab, pd.DataFrame({"event_time": [ref], "estimate": [0.0], "std_error": [0.0]})])
    tab = tab.sort_values("event_time").reset_index(drop=True)
    out = tidy(tab["estimate"], tab["std_error"], tcrit, tab[["event_time"]])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["p_value"] = np.where(
            out["std_error"] > 0, 2 * stats.t.sf(np.abs(out["estimate"] / out["std_error"]), dfree), np.nan
        )
    out.insert(0, "estimator", "twfe")
    post = np.array([x >= 0 for x in es])
    a = post / post.sum()
    ov_est = float(a @ beta)
    ov_se = float(np.sqrt(a @ V @ a))
    overall = tidy(np.array([ov_est]), np.array([ov_se]), tcrit)
    overall.insert(0, "estimator", "twfe")
    spec = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        gname=gname,
        min_e=min_e,
        max_e=max_e,
        ref=ref,
        weightsname=weightsname,
        cluster=cluster or idname,
        alpha=alpha,
    )
    return EventStudyResult("twfe", out, overall, spec, CITATION_TWFE)
