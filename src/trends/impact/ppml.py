"""Poisson pseudo-maximum-likelihood difference-in-differences and event studies for counts.

Recorded crime is a count, often small per district and month, and a rollout plausibly lowers it in
proportion. The Poisson PML regression with unit and period fixed effects,

    E[y_it | a_i, g_t, D_it] = exp(a_i + g_t + b * D_it),

estimates ``b`` consistently whenever the conditional mean is right (the counts need not be Poisson:
Santos Silva & Tenreyro 2006, "The log of gravity", Review of Economics and Statistics 88(4); Wooldridge
1999, "Distribution-free estimation of some nonlinear panel data models", Journal of Econometrics 90(1)).
``exp(b) - 1`` is the percentage change of recorded crime in treated district-periods, and parallel trends
are assumed on the ratio scale (Wooldridge 2023, "Simple approaches to nonlinear difference-in-differences
with panel data", Econometrics Journal 26(3)). With ``event_study=True`` the single treatment dummy is
replaced by dummies of event time (periods since adoption) relative to ``ref = -1``; under staggered adoption
with heterogeneous effects these coefficients mix cohorts as TWFE does, so read them next to
:func:`trends.impact.poisson_imputation` (the imputation version, robust to that).

Estimation follows fixest's ``fepois`` (Berge 2018, "Efficient estimation of maximum likelihood models with
multiple fixed-effects: the R package FENmlm"): iteratively reweighted least squares in which each weighted
least-squares step absorbs the fixed effects by alternating projections (Gaure 2013), so that unbalanced
panels and weights work and no dummy matrix is built. Units (or periods) whose outcomes are all zero have
unit effects at minus infinity: they are dropped with an :class:`ImpactWarning`, as fixest does.

Inference: cluster-robust sandwich ``(X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1`` on the demeaned regressors at the
solution, with fixest's small-sample factor ``G/(G-1) * (N-1)/(N-K)`` (fixed effects nested in the
clusters do not count in ``K``) and the normal reference distribution, as pyfixest 0.60
``fepois(..., vcov={"CRV1": cluster})``. Percentage changes carry the transformed interval
``exp(bounds) - 1`` and the delta-method standard error ``exp(b) * se``. With few clusters that normal
interval is too narrow (95 % intervals covered 85 % with 8 clusters, 91 % with 20; ``benchmarks/RESULTS.md``);
``wild_bootstrap=True`` adds the wild cluster score bootstrap with the null imposed (Kline & Santos 2012,
"A score based approach to wild bootstrap inference", Journal of Econometric Methods 1(1)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

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
    sandwich,
    warn,
)
from trends.impact.results import EventStudyResult
from trends.impact.twfe import _demean
from trends.messages import t
from trends.results import Result
from trends.schema import TrendsDataError

__all__ = ["PPMLResult", "ppml"]

CITATION = (
    "Poisson PML with two-way fixed effects: Santos Silva & Tenreyro (2006), Review of Economics and Statistics "
    "88(4); Wooldridge (2023), Econometrics Journal 26(3); fixest fepois (Berge 2018) cluster-robust errors."
)


@dataclass(frozen=True)
class PPMLResult(Result):
    """Poisson PML regression with unit and period effects.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per coefficient: ``term, estimate, std_error, conf_low, conf_high, p_value`` on the log
        scale (cluster-robust, normal reference as fixest's ``fepois``), plus ``pct_change, pct_std_error, pct_low, pct_high``
        (``exp(b) - 1``, delta-method s.e., transformed bounds). With ``event_study=True`` the terms
        are event times (integers) and the reference period is included with estimate 0.
    vcov : numpy.ndarray
        Cluster-robust covariance of the estimated coefficients (order of the non-reference rows).
    n_obs, n_clusters : int
    dropped_units : list
        Units dropped because all their outcomes are zero (their unit effect is not identified).
    iterations : int
        IRLS iterations to convergence.
    spec : dict
        The arguments that produced the result.
    wild_bootstrap : pandas.DataFrame or None
        With ``wild_bootstrap=True``: ``term, method, weights, p_value`` (of ``b = 0``), ``conf_low,
        conf_high`` (log scale, by test inversion), ``pct_low, pct_high``, ``biters``.
    """

    table: pd.DataFrame
    vcov: np.ndarray = field(repr=False)
    n_obs: int
    n_clusters: int
    dropped_units: list[Any]
    iterations: int
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION
    wild_bootstrap: pd.DataFrame | None = None

    @property
    def estimate(self) -> float:
        """Coefficient of the treatment (first row; the average post coefficient of an event study)."""
        if self.spec.get("event_study"):
            return float(self.overall["estimate"].iloc[0])
        return float(self.table["estimate"].iloc[0])

    @property
    def std_error(self) -> float:
        """Cluster-robust standard error of :attr:`estimate`."""
        if self.spec.get("event_study"):
            return float(self.overall["std_error"].iloc[0])
        return float(self.table["std_error"].iloc[0])

    @property
    def pct_change(self) -> float:
        """``exp(estimate) - 1``: the percentage change (as a fraction) of the expected count."""
        return float(np.expm1(self.estimate))

    @property
    def overall(self) -> pd.DataFrame:
        """Event studies: the average of the post-adoption (``event_time >= 0``) coefficients, one row."""
        tab = self.table
        if not self.spec.get("event_study"):
            return tab.iloc[[0]].drop(columns="term").reset_index(drop=True)
        est_rows = tab.loc[tab["term"] != self.spec["ref"]].reset_index(drop=True)  # the rows of vcov
        post = (est_rows["term"].to_numpy(dtype=float) >= 0).astype(float)
        a = post / post.sum()
        est = float(a @ est_rows["estimate"].to_numpy(dtype=float))
        se = float(np.sqrt(a @ self.vcov @ a))
        return _pct(_tidy_z(np.array([est]), np.array([se]), self.spec["alpha"]))

    def event_study_coefficients(
        self, *, min_e: float = -np.inf, max_e: float = np.inf, ref: int = -1
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Event times, coefficients and their cluster-robust covariance (an ``event_study=True`` fit)."""
        if not self.spec.get("event_study"):
            raise ValueError("the PPML result is not an event study: fit ppml(..., event_study=True)")
        rows = (self.table["term"] != self.spec["ref"]).to_numpy()  # the rows of vcov
        e = self.table.loc[rows, "term"].to_numpy(dtype=float)
        est = self.table.loc[rows, "estimate"].to_numpy(dtype=float)
        return e, est, self.vcov, int(self.spec.get("ref", ref))

    def to_event_study(self) -> EventStudyResult:
        """The event-study coefficients as an :class:`EventStudyResult` (log scale, for shared charts)."""
        if not self.spec.get("event_study"):
            raise ValueError("fit with event_study=True to get an event study")
        cols = ["estimate", "std_error", "conf_low", "conf_high", "p_value"]
        tab = self.table.rename(columns={"term": "event_time"})[["event_time", *cols]].copy()
        tab["event_time"] = tab["event_time"].astype(int)
        tab.insert(0, "estimator", "ppml")
        ov = self.overall[cols].copy()
        ov.insert(0, "estimator", "ppml")
        return EventStudyResult("ppml", tab.reset_index(drop=True), ov, dict(self.spec), CITATION)

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Event study (percentage changes by event time) or the coefficient with its interval."""
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (8, 4.5) if self.spec.get("event_study") else (6, 1.8))
        tab = self.table
        y = 100 * tab["pct_change"].to_numpy(dtype=float)
        lo = 100 * tab["pct_low"].to_numpy(dtype=float)
        hi = 100 * tab["pct_high"].to_numpy(dtype=float)
        if self.spec.get("event_study"):
            x = tab["term"].to_numpy(dtype=float)
            ax.errorbar(x, y, yerr=np.vstack([y - lo, hi - y]), fmt="o", ms=4, capsize=2, color="#0072B2")
            ax.axhline(0, color="0.4", lw=0.8)
            ax.axvline(-0.5, color="0.6", lw=0.8, ls="--")
            ax.set_xlabel(t("plot.periods_since_adoption", lang))
            ax.set_ylabel(t("plot.change_in_expected_count", lang))
        else:
            pos = np.arange(len(tab))
            ax.errorbar(y, pos, xerr=np.vstack([y - lo, hi - y]), fmt="o", capsize=3, color="#0072B2")
            ax.set_yticks(pos, [str(term) for term in tab["term"]])
            ax.axvline(0, color="0.4", lw=0.8)
            ax.set_xlabel(t("plot.change_in_expected_count", lang))
        return fig

    def __repr__(self) -> str:
        return (
            f"PPMLResult({'event study' if self.spec.get('event_study') else self.table['term'].iloc[0]}: "
            f"{self.estimate:.4f} (s.e. {self.std_error:.4f}), {100 * self.pct_change:+.1f}%, "
            f"{self.n_obs} obs, {self.n_clusters} clusters)"
        )


def _tidy_z(est: np.ndarray, se: np.ndarray, alpha: float) -> pd.DataFrame:
    tcrit = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(se > 0, 2 * stats.norm.sf(np.abs(est / se)), np.nan)
    return pd.DataFrame(
        {
            "estimate": est,
            "std_error": se,
            "conf_low": est - tcrit * se,
            "conf_high": est + tcrit * se,
            "p_value": p,
        }
    )


def _pct(tab: pd.DataFrame) -> pd.DataFrame:
    tab = tab.copy()
    tab["pct_change"] = np.expm1(tab["estimate"])
    tab["pct_std_error"] = np.exp(tab["estimate"]) * tab["std_error"]
    tab["pct_low"] = np.expm1(tab["conf_low"])
    tab["pct_high"] = np.expm1(tab["conf_high"])
    return tab


def _drop_all_zero(df: pd.DataFrame, yname: str, idname: str, tname: str) -> tuple[pd.DataFrame, list[Any]]:
    """Drop units, then periods, whose outcomes are all zero, until none is left (fixest's rule)."""
    dropped_units: list[Any] = []
    dropped_periods: list[Any] = []
    while True:
        su = df.groupby(idname, sort=False)[yname].sum()
        zu = su.index[su <= 0].tolist()
        st = df.groupby(tname, sort=False)[yname].sum()
        zt = st.index[st <= 0].tolist()
        if not zu and not zt:
            break
        dropped_units += zu
        dropped_periods += zt
        df = df.loc[~df[idname].isin(zu) & ~df[tname].isin(zt)]
    if dropped_units:
        shown = ", ".join(map(str, dropped_units[:10])) + (" ..." if len(dropped_units) > 10 else "")
        warn(
            f"dropped {len(dropped_units)} unit(s) whose {yname!r} is zero in every period ({shown}): their "
            "unit effect is not identified by Poisson PML (they carry no information on the ratio)"
        )
    if dropped_periods:
        warn(
            f"dropped {len(dropped_periods)} period(s) with zero {yname!r} in every unit: {dropped_periods[:10]}"
        )
    return df, dropped_units


def _irls(
    y: np.ndarray,
    X: np.ndarray,
    fe: list[np.ndarray],
    w: np.ndarray,
    tol: float,
    maxit: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Poisson PML by IRLS with the fixed effects absorbed at each step; returns beta, mu, demeaned X, iters."""
    mu = (y + y.mean()) / 2  # fixest's starting values
    eta = np.log(mu)
    dev_old = np.inf
    beta = np.zeros(X.shape[1])
    Xd = X
    with np.errstate(divide="ignore", invalid="ignore"):
        ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0)
    n_iter = 0
    for it in range(1, maxit + 1):
        n_iter = it
        z = eta + (y - mu) / mu
        ww = w * mu
        M = _demean(np.column_stack([z, X]), fe, ww, tol=1e-12)
        zd, Xd = M[:, 0], M[:, 1:]
        XtWX = Xd.T @ (ww[:, None] * Xd)
        beta = np.linalg.solve(XtWX, Xd.T @ (ww * zd))
        eta = z - (zd - Xd @ beta)
        mu = np.exp(eta)
        dev = 2 * float(np.sum(w * (ylogy - y * eta - (y - mu))))
        if abs(dev - dev_old) / (0.1 + abs(dev)) < tol:
            break
        dev_old = dev
    else:
        warn(f"Poisson PML did not converge in {maxit} IRLS iterations; estimates may be inaccurate")
    # regressors demeaned with the final weights, for the sandwich
    Xd = _demean(X, fe, w * mu, tol=1e-13)
    return beta, mu, Xd, n_iter


@legacy_arguments(
    positional=("yname", "tname", "idname", "dname"), renamed={"clustervars": "cluster", "alp": "alpha"}
)
def ppml(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    dname: str | None = None,
    gname: str | None = None,
    event_study: bool = False,
    min_e: int | None = None,
    max_e: int | None = None,
    ref: int = -1,
    weightsname: str | None = None,
    cluster: str | None = None,
    vcov: Literal["cluster", "hc1", "iid"] = "cluster",
    ssc: SSC | None = None,
    alpha: float = 0.05,
    tol: float = 1e-10,
    maxit: int = 100,
    threads: int | None = 1,
    wild_bootstrap: bool = False,
    boot_weights: str = "rademacher",
    biters: int = 999,
    seed: int | None = 0,
) -> PPMLResult:
    """Poisson PML difference-in-differences (or event study) with unit and period fixed effects.

    Implements the two-way fixed-effects Poisson regression of Wooldridge (1999, 2023) as estimated by
    fixest's ``fepois`` (see the module docstring): ``E[y_it] = exp(a_i + g_t + b D_it)``, with ``exp(b) - 1``
    the percentage change of the expected count in treated cells.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname : str
        Non-negative outcome (counts, or rates: PML needs no integers).
    tname, idname : str
        Period and unit columns. With dates, event time counts the panel's periods.
    dname : str, optional
        0/1 treatment indicator (difference-in-differences). Either ``dname`` or ``gname``.
    gname : str, optional
        Cohort column: first treated period, 0 / NaN for never treated. Without ``event_study`` the
        treatment is ``t >= g``.
    event_study : bool
        Replace the treatment by event-time dummies (``t - g``) relative to ``ref``; event times outside
        ``[min_e, max_e]`` are binned into the end points. Needs ``gname`` (or ``dname``, from which the
        cohort is the first treated period).
    weightsname : str, optional
        Observation weights (multiply each cell's likelihood contribution, as in fixest).
    cluster : str, optional
        Cluster column (default: the unit).
    vcov : {"cluster", "hc1", "iid"}
        Covariance: clustered sandwich (fixest's ``CRV1``), heteroskedasticity-robust sandwich (HC1) or the
        inverse information matrix (a Poisson variance equal to its mean). Normal reference throughout.
    ssc : SSC, optional
        Small-sample correction (:func:`trends.impact.ssc`), default fixest's ``ssc()``.
    alpha : float
        Significance level of the intervals.
    tol, maxit : float, int
        IRLS convergence tolerance on the relative change in deviance, and the iteration limit.
    threads : int, optional
        BLAS threads during the fit.
    wild_bootstrap : bool, default False
        Difference-in-differences only: add the wild cluster score bootstrap (Kline & Santos 2012, null
        imposed) p-value of ``b = 0`` and its interval by test inversion in ``result.wild_bootstrap`` -
        for few clusters, where the cluster-robust normal interval is too narrow.
    boot_weights : {"rademacher", "webb"}
        Bootstrap weights (Webb's six-point weights with fewer than about 12 clusters).
    biters, seed : int
        Bootstrap draws and their seed.

    Returns
    -------
    PPMLResult

    Raises
    ------
    TrendsDataError
        Missing columns, negative outcomes, duplicated unit-periods, fewer than two clusters, or a
        treatment that the fixed effects absorb.

    References
    ----------
    Santos Silva, J. M. C. & Tenreyro, S. (2006). The log of gravity. REStat 88(4), 641-658.
    Wooldridge, J. M. (2023). Simple approaches to nonlinear difference-in-differences with panel data.
    The Econometrics Journal 26(3), C31-C66.
    """
    check_choice("vcov", vcov, VCOV_TYPES)
    ssc = DEFAULT_SSC if ssc is None else ssc
    if wild_bootstrap and vcov != "cluster":
        raise ValueError("wild_bootstrap is a clustered procedure: use it with vcov='cluster'")
    if (dname is None) == (gname is None):
        raise ValueError("give exactly one of dname (0/1 treatment) or gname (first treated period)")
    cols = [yname, tname, idname, dname or gname]
    cols += [c for c in (weightsname, cluster) if c is not None and c not in cols]
    check_columns(data, cols)
    df = data.loc[:, list(dict.fromkeys(cols))].copy()
    bad = df[[yname, tname, idname, *(c for c in (dname, weightsname, cluster) if c)]].isna().any(axis=1)
    if bad.any():
        warn(f"dropped {int(bad.sum())} row(s) with missing values")
        df = df.loc[~bad]
    if not pd.api.types.is_numeric_dtype(df[yname]):
        raise TrendsDataError(f"outcome {yname!r} must be numeric, got dtype {df[yname].dtype}")
    if (df[yname] < 0).any():
        raise TrendsDataError(f"outcome {yname!r} has negative values: Poisson PML needs y >= 0")
    if df.duplicated([idname, tname]).any():
        raise TrendsDataError(f"duplicated ({idname}, {tname}) rows: one row per unit and period")
    if weightsname is not None:
        if (df[weightsname] < 0).any():
            raise TrendsDataError(f"weights {weightsname!r} must be non-negative")
        df = df.loc[df[weightsname] > 0]

    # treatment regressors
    if gname is None and event_study:
        first = df.loc[df[dname] > 0].groupby(idname)[tname].min()
        gname = "_cohort"
        df[gname] = df[idname].map(first).fillna(0)
    if event_study:
        if pd.api.types.is_datetime64_any_dtype(df[tname]):
            # dates: event time counts the panel's periods (months for a monthly panel)
            periods = pd.Index(np.sort(df[tname].unique()))
            tpos = periods.searchsorted(df[tname]).astype(float)
            gdt = pd.to_datetime(df[gname])
            treated = gdt.notna().to_numpy()
            gpos = np.where(treated, periods.searchsorted(gdt.fillna(periods[0])), np.nan)
            e = np.where(treated, tpos - gpos, np.nan)
        else:
            g = pd.to_numeric(df[gname], errors="coerce").fillna(0).to_numpy(dtype=float)
            treated = g > 0
            e = np.where(treated, df[tname].to_numpy(dtype=float) - g, np.nan)
        dummies, es = event_time_indicators(e, treated, min_e, max_e, ref)
        names = list(dummies.columns)
        df = pd.concat([df, dummies.set_axis(df.index)], axis=1)
        terms: list[Any] = es
    else:
        if dname is not None:
            df["_d"] = df[dname].astype(float)
        elif pd.api.types.is_datetime64_any_dtype(df[gname]):
            df["_d"] = (df[gname].notna() & (df[tname] >= df[gname])).astype(float)
        else:
            g = pd.to_numeric(df[gname], errors="coerce").fillna(0)
            df["_d"] = ((g > 0) & (df[tname] >= g)).astype(float)
        names = ["_d"]
        terms = [dname or "treated"]

    df, dropped = _drop_all_zero(df, yname, idname, tname)
    y = df[yname].to_numpy(dtype=float)
    X = df[names].to_numpy(dtype=float)
    w = df[weightsname].to_numpy(dtype=float) if weightsname else np.ones(len(df))
    fi = pd.factorize(df[idname])[0]
    ft = pd.factorize(df[tname])[0]
    # a regressor absorbed by the fixed effects cannot be estimated
    Xd0 = _demean(X, [fi, ft], w)
    dead = np.sqrt((Xd0**2).sum(axis=0)) < 1e-8 * np.sqrt(max(len(y), 1))
    if dead.any():
        raise TrendsDataError(
            f"treatment term(s) {', '.join(str(t) for t, d in zip(terms, dead, strict=True) if d)} have no "
            "variation left after unit and period effects (e.g. everyone adopts at once): not identified"
        )
    # separation: a non-negative regressor present only in cells with zero outcome has its coefficient at -inf
    sep = [str(t) for t, j in zip(terms, range(X.shape[1]), strict=True)
           if (X[:, j] >= 0).all() and (X[:, j] > 0).any() and y[X[:, j] > 0].sum() == 0]  # fmt: skip
    if sep:
        raise TrendsDataError(
            f"treatment term(s) {', '.join(sep)} occur only in cells whose {yname!r} is zero: the Poisson "
            "estimate is minus infinity (separation); bin those event times (min_e / max_e) or drop the cells"
        )
    cl_col = cluster or idname
    codes = pd.factorize(df[cl_col])[0]
    G = int(codes.max()) + 1
    if G < 2:
        raise TrendsDataError("cluster-robust inference needs at least two clusters")

    with blas_threads(threads):
        beta, mu, Xd, iters = _irls(y, X, [fi, ft], w, tol, maxit)
        bread = np.linalg.inv(Xd.T @ ((w * mu)[:, None] * Xd))
        n_unit, n_time = int(fi.max()) + 1, int(ft.max()) + 1
        unit_nested = bool((df.groupby(idname)[cl_col].nunique() == 1).all())
        time_nested = bool((df.groupby(tname)[cl_col].nunique() == 1).all())
        k_fe = (0 if unit_nested else n_unit) + (0 if time_nested else n_time)
        k_fe -= 1 if (not unit_nested and not time_nested) else 0
        N = len(y)
        c = ssc.factor(
            vcov, n_obs=N, n_clusters=G, k_x=X.shape[1], k_fe_full=n_unit + n_time - 1, k_fe_nested=k_fe
        )
        if vcov == "iid":  # the inverse information: a Poisson variance equals its mean
            V = c * bread
        else:
            V = sandwich(bread, Xd * (w * (y - mu))[:, None], vcov, codes, G, c)
    if not (np.isfinite(beta).all() and np.isfinite(np.diag(V)).all() and (np.diag(V) > 0).all()):
        raise TrendsDataError(
            "the Poisson PML coefficients are not identified (a non-positive or non-finite variance): a "
            "separated or collinear treatment term, e.g. an event time pinned only by cells with zero outcome"
        )
    se = np.sqrt(np.diag(V))
    tab = _tidy_z(beta, se, alpha)
    tab.insert(0, "term", terms)
    if event_study:
        refrow = pd.DataFrame({"term": [ref], "estimate": [0.0], "std_error": [0.0], "conf_low": [0.0]})
        refrow = refrow.assign(conf_high=0.0, p_value=np.nan)
        tab = pd.concat([tab, refrow], ignore_index=True).sort_values("term").reset_index(drop=True)
    tab = _pct(tab)
    spec = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        dname=dname,
        gname=gname,
        event_study=event_study,
        min_e=min_e,
        max_e=max_e,
        ref=ref,
        weightsname=weightsname,
        cluster=cl_col,
        vcov=vcov,
        ssc=ssc,
        alpha=alpha,
    )
    wild = None
    if wild_bootstrap:
        if event_study:
            raise ValueError(
                "wild_bootstrap is for the difference-in-differences coefficient: event_study=False"
            )
        check_choice("boot_weights", boot_weights, ("rademacher", "webb"))
        boot = _ScoreBootstrap(y, X[:, 0], [fi, ft], w, codes, boot_weights, biters, seed)
        wild = boot.table(terms[0], float(beta[0]), float(se[0]), alpha)
        spec.update(boot_weights=boot_weights, biters=biters, seed=seed)
    return PPMLResult(tab, V, N, G, dropped, iters, spec, wild_bootstrap=wild)


class _ScoreBootstrap:
    """Wild cluster score bootstrap of ``H0: b = b0`` in the two-way Poisson model (Kline & Santos 2012).

    For each ``b0`` the model is refitted with ``b`` fixed (unit and period effects by iterative proportional
    fitting, the treatment as an offset); the score of ``b`` with the fixed effects partialled out (the
    treatment demeaned with weights ``mu``) is summed by cluster, ``s_g``. The statistic
    ``sum_g s_g / sqrt(sum_g s_g^2)`` is compared with its bootstrap draws ``sum_g v_g s_g /
    sqrt(sum_g v_g^2 s_g^2)``, ``v`` Rademacher or Webb weights drawn once: the symmetric p-value is the
    share of draws at least as large in absolute value. The interval collects the ``b0`` not rejected
    (Roodman, MacKinnon, Nielsen & Webb 2019 describe the same score bootstrap for ML models in boottest).
    """

    def __init__(self, y, d, fe, w, cluster, kind, biters, seed) -> None:
        self.y, self.d, self.fe, self.w, self.cluster = y, d, fe, w, cluster
        G = int(cluster.max()) + 1
        if kind == "rademacher" and 2**G < biters:
            warn(
                f"only {2**G} distinct Rademacher draws exist with {G} clusters: consider boot_weights='webb'"
            )
        self.v = draw_multipliers(np.random.default_rng(seed), (biters, G), kind)
        self.kind = kind
        self.G = G

    def _restricted_mu(self, b0: float) -> np.ndarray:
        fi, ft = self.fe
        y, w, off = self.y, self.w, b0 * self.d
        num_i = np.bincount(fi, w * y)
        num_t = np.bincount(ft, w * y)
        g = np.zeros(int(ft.max()) + 1)
        for _ in range(10_000):
            a = np.log(num_i / np.bincount(fi, w * np.exp(g[ft] + off)))
            g_new = np.log(num_t / np.bincount(ft, w * np.exp(a[fi] + off)))
            done = np.abs(g_new - g).max() < 1e-12
            g = g_new
            if done:
                break
        return np.exp(a[fi] + g[ft] + off)

    def p_value(self, b0: float) -> float:
        mu = self._restricted_mu(b0)
        dd = _demean(self.d, self.fe, self.w * mu)[:, 0]
        s = np.bincount(self.cluster, self.w * dd * (self.y - mu), minlength=self.G)
        t = s.sum() / np.sqrt((s**2).sum())
        t_star = (self.v @ s) / np.sqrt((self.v**2) @ (s**2))
        return float(np.mean(np.abs(t_star) >= abs(t) - 1e-12))

    def table(self, term: Any, beta: float, se: float, alpha: float) -> pd.DataFrame:
        def excess(b0: float) -> float:
            return self.p_value(b0) - alpha

        try:
            lo = optimize.brentq(excess, beta - 20 * se, beta, xtol=1e-6 * se)
            hi = optimize.brentq(excess, beta, beta + 20 * se, xtol=1e-6 * se)
        except ValueError:
            warn("wild bootstrap interval not bracketed within 20 standard errors: reporting NaN bounds")
            lo = hi = float("nan")
        return pd.DataFrame(
            [dict(term=term, method="score (null imposed)", weights=self.kind, p_value=self.p_value(0.0),
                  conf_low=lo, conf_high=hi, pct_low=np.expm1(lo), pct_high=np.expm1(hi), biters=len(self.v))]
        )  # fmt: skip
