"""Callaway & Sant'Anna (2021) group-time average treatment effects and their aggregations.

Implements Callaway, B. and Sant'Anna, P. H. C. (2021), "Difference-in-Differences with multiple time
periods", *Journal of Econometrics* 225(2), 200-230 -- ATT(g, t), the aggregations ``simple`` /
``dynamic`` / ``group`` / ``calendar`` and the multiplier bootstrap with uniform bands. The input checks
and the cohort-sorted panel are in :mod:`trends.impact._did_panel`; the 2x2 comparisons with covariates
or on an unbalanced panel use the Sant'Anna & Zhao (2020) doubly robust, inverse probability weighting
and outcome regression estimators of :mod:`trends.impact._drdid`.

Conventions follow the R ``did`` package (version 2.x) so that numbers can be compared directly:
argument names, the varying / universal base period, the not-yet-treated comparison group, the
weights of the aggregations and the influence function of the estimated weights. Unbalanced panels
are balanced by dropping units with a warning (R's default) or, with ``allow_unbalanced_panel=True``,
estimated with the repeated-cross-section 2x2 estimators on the observed rows (as R).

Design notes
------------
The influence function of every ATT(g, t) is kept as a sparse ``units x cells`` matrix (a cell only
touches its treated cohort and its comparison units), so aggregations and analytic standard errors
are sparse products. Without covariates the multiplier bootstrap never touches that matrix: every
draw is a linear function of per-cohort sums of ``multiplier x weight x outcome``, computed with one
BLAS product per cohort, which makes 10,000 units x 120 months x 60 cohorts with 999 draws run in
seconds. Aggregated estimates reuse the same draws, so all bands of one fit are consistent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
from scipy import sparse, stats

from trends._api import legacy_arguments
from trends.impact._common import (
    blas_threads,
    bootstrap_summary,
    check_choice,
    draw_multipliers,
    parse_covariates,
    tidy,
    warn,
)
from trends.impact._did_panel import _prepare, _Prepared
from trends.impact._drdid import _twobytwo, _twobytwo_rc
from trends.impact.results import EventStudyResult
from trends.messages import t
from trends.results import Result, term_label

__all__ = ["ATTgtResult", "AggregateResult", "PretestResult", "att_gt"]

ControlGroup = Literal["nevertreated", "notyettreated"]
BasePeriod = Literal["varying", "universal"]
EstMethod = Literal["dr", "ipw", "reg"]
AggType = Literal["simple", "dynamic", "group", "calendar"]

CITATION_CS = (
    "Callaway, B. and Sant'Anna, P. H. C. (2021). Difference-in-Differences with multiple time periods. "
    "Journal of Econometrics 225(2), 200-230."
)


# ---------------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PretestResult:
    """Wald test that all pre-treatment ATT(g, t) are zero (a test of parallel pre-trends).

    Attributes
    ----------
    statistic : float
        ``att_pre' V^-1 att_pre`` with ``V`` the (clustered) influence-function covariance.
    df : int
        Number of pre-treatment ATT(g, t) tested.
    p_value : float
        Chi-squared p-value; NaN only when there is no pre-treatment cell (``df`` = 0).
    """

    statistic: float
    df: int
    p_value: float


@dataclass(frozen=True)
class _Inference:
    """What aggregations need: influence functions, bootstrap draws and the cohort structure."""

    psi: sparse.csc_matrix  # (n, K) influence functions, variance = sum(psi^2)/n^2
    att: np.ndarray  # (K,)
    w: np.ndarray
    gidx: np.ndarray
    glist: np.ndarray
    pg: np.ndarray  # (len(glist),) cohort shares mean(w * 1{G=g})
    cluster: np.ndarray
    n_clusters: int
    boot_cells: np.ndarray | None  # (B, K) bootstrap deviations of each ATT(g,t)
    boot_bw: np.ndarray | None  # (B, len(glist)) sum_i v_i w_i 1{G_i = g}
    boot_vs: np.ndarray | None  # (B,) sum_i v_i


def _row_se(inf: _Inference, A: np.ndarray, Bm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Analytic standard errors of linear combinations of cells (A: K x R) plus weight terms (B: G x R).

    The influence function of a combination is ``psi @ A + w * B[G] - pg @ B``, the second part being
    the influence of estimating the cohort shares (R ``did``'s ``wif``). Returns (se, IF matrix).
    """
    n = len(inf.w)
    IF = (inf.psi @ sparse.csc_matrix(A)).toarray()
    if np.any(Bm):
        Bfull = np.vstack([Bm, np.zeros((1, Bm.shape[1]))])  # never-treated row
        IF = IF + inf.w[:, None] * Bfull[inf.gidx] - (inf.pg @ Bm)[None, :]
    if inf.n_clusters < n:
        S = np.zeros((inf.n_clusters, IF.shape[1]))
        np.add.at(S, inf.cluster, IF)
        se = np.sqrt((S**2).sum(axis=0)) / n
    else:
        se = np.sqrt((IF**2).sum(axis=0)) / n
    return se, IF


def _row_boot(inf: _Inference, A: np.ndarray, Bm: np.ndarray) -> np.ndarray | None:
    if inf.boot_cells is None:
        return None
    assert inf.boot_bw is not None and inf.boot_vs is not None  # drawn together with boot_cells
    n = len(inf.w)
    draws = inf.boot_cells @ A
    if np.any(Bm):
        draws = draws + (inf.boot_bw @ Bm - inf.boot_vs[:, None] * (inf.pg @ Bm)[None, :]) / n
    return draws


@dataclass(frozen=True)
class AggregateResult(Result):
    """An aggregation of ATT(g, t) (R ``did``'s ``aggte``): an overall effect and its components.

    Attributes
    ----------
    type : str
        ``"simple"``, ``"dynamic"``, ``"group"`` or ``"calendar"``.
    overall : pandas.DataFrame
        One row: ``estimate, std_error, conf_low, conf_high, p_value`` of the overall effect.
    table : pandas.DataFrame
        One row per event time (``dynamic``), cohort (``group``) or period (``calendar``) with the same
        columns plus the label column ``event_time`` / ``group`` / ``time``; empty for ``simple``.
    crit_val : float
        Critical value used for ``table``'s bounds (simultaneous when ``cband`` and bootstrap).
    spec : dict
        The aggregation options and the ``att_gt`` specification.
    """

    _term_keys = ("event_time", "group", "time")

    type: str
    overall: pd.DataFrame
    table: pd.DataFrame
    crit_val: float
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION_CS

    @property
    def estimate(self) -> float:
        """The overall effect."""
        return float(self.overall["estimate"].iloc[0])

    @property
    def std_error(self) -> float:
        """Standard error of the overall effect."""
        return float(self.overall["std_error"].iloc[0])

    def to_event_study(self) -> EventStudyResult:
        """The ``dynamic`` aggregation as an :class:`EventStudyResult` (for side-by-side charts)."""
        if self.type != "dynamic":
            raise ValueError("only a 'dynamic' aggregation is an event study")
        tab = self.table.drop(columns="term")  # the event study puts its own term first
        tab.insert(0, "estimator", "callaway_santanna")
        ov = self.overall.copy()
        ov.insert(0, "estimator", "callaway_santanna")
        return EventStudyResult("callaway_santanna", tab, ov, dict(self.spec), CITATION_CS)

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Plot the components with their bounds (event study for ``dynamic``); returns a Figure."""
        from trends.impact._common import figure_axes

        if self.type == "dynamic":
            return self.to_event_study()._draw(ax, lang=lang)
        fig, ax = figure_axes(ax, (7, 4))
        tab = self.table if len(self.table) else self.overall.assign(label="overall")
        lab = next(c for c in ("event_time", "group", "time", "label") if c in tab.columns)
        x = np.arange(len(tab))
        y = tab["estimate"].to_numpy(float)
        low, high = tab["conf_low"].to_numpy(float), tab["conf_high"].to_numpy(float)
        ax.errorbar(x, y, yerr=[y - low, high - y], fmt="o", capsize=3, color="#0072B2")
        ax.set_xticks(x, [term_label(v, lang) for v in tab[lab]])
        ax.axhline(0, color="0.4", lw=0.8)
        ax.set_ylabel(t("plot.att", lang))
        ax.set_xlabel(t(f"plot.axis.{lab}", lang))
        return fig

    def __repr__(self) -> str:
        return (
            f"AggregateResult({self.type}: ATT {self.estimate:.4f} (s.e. {self.std_error:.4f}), "
            f"{len(self.table)} components)"
        )


@dataclass(frozen=True)
class ATTgtResult(Result):
    """Group-time average treatment effects ATT(g, t) of Callaway & Sant'Anna (2021).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per cohort ``group`` and period ``time``: ``group, time, event_time, post, estimate,
        std_error, conf_low, conf_high, p_value``. ``group`` and ``time`` carry the user's labels.
    crit_val : float
        Critical value of the bounds in ``table`` (sup-t when ``cband=True`` with the bootstrap).
    n_units : int
        Units used after the input checks.
    dropped : dict
        What the input checks dropped (rows, units, periods), also announced by warnings.
    spec : dict
        The arguments of :func:`att_gt` (column names and options).

    Notes
    -----
    ``pretest`` (the Wald test of zero pre-treatment ATT(g, t), R ``did``'s ``Wpval``) is computed on
    first access; ``influence_function`` holds the sparse units x cells influence functions.
    """

    _term_keys = (("group", "time"),)

    table: pd.DataFrame
    crit_val: float
    n_units: int
    dropped: dict[str, int]
    spec: dict[str, Any]
    _inf: _Inference = field(repr=False)
    _labels: dict[str, Any] = field(repr=False, default_factory=dict)
    citation: str = CITATION_CS

    @cached_property
    def pretest(self) -> PretestResult:
        """Wald test that every pre-treatment ATT(g, t) is zero (computed on first access)."""
        tab = self.table
        pre = (
            (~tab["post"].to_numpy())
            & np.isfinite(tab["estimate"].to_numpy())
            & (tab["std_error"] > 0).to_numpy()
        )
        return _pretest(self._inf, self._inf.att, pre)

    @property
    def headline(self) -> pd.Series:
        """The overall effect, ``aggregate("simple")`` (R ``did``'s ``aggte(type = "simple")``), not one cell."""
        return self.aggregate("simple").overall.iloc[0]

    def event_study_coefficients(
        self, *, min_e: float = -np.inf, max_e: float = np.inf, ref: int = -1
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Event times, the ``dynamic`` aggregation's coefficients and their full influence-function covariance.

        Fit with ``base_period="universal"`` so that pre-period coefficients are gaps to event time -1
        (warned otherwise). Used by the sensitivity bounds of :mod:`trends.impact.honest`.
        """
        if self.spec.get("base_period") != "universal":
            warn(
                "att_gt was fitted with base_period='varying': pre-period coefficients are period-to-period "
                "changes, not gaps to event time -1; refit with base_period='universal' for the bounds"
            )
        est, V, e = _from_att_gt_dynamic(self, min_e, max_e)
        return e, est, V, ref

    @property
    def influence_function(self) -> sparse.csc_matrix:
        """Sparse ``units x cells`` influence functions (variance of cell k: ``sum(psi[:,k]^2)/n^2``)."""
        return self._inf.psi

    @legacy_arguments(renamed={"alp": "alpha"})
    def aggregate(
        self,
        type: AggType = "group",
        min_e: float = -np.inf,
        max_e: float = np.inf,
        balance_e: int | None = None,
        *,
        cband: bool | None = None,
        alpha: float | None = None,
    ) -> AggregateResult:
        """Aggregate ATT(g, t) as R ``did``'s ``aggte`` does.

        Parameters
        ----------
        type : {"simple", "dynamic", "group", "calendar"}
            ``simple``: average of post-treatment ATT(g, t) weighted by cohort size; ``dynamic``: by
            event time ``e = t - g`` (overall = mean over ``e >= 0``); ``group``: by cohort (overall
            weighted by cohort size); ``calendar``: by period (overall = mean over periods).
        min_e, max_e : float
            Event-time window (``dynamic``; ``max_e`` also limits ``simple`` and ``group``).
        balance_e : int, optional
            ``dynamic`` only: keep cohorts observed for at least ``balance_e`` periods after adoption,
            so that the composition does not change with event time.
        cband, alpha : optional
            Override the fit's uniform-band and significance options.
        """
        check_choice("type", type, ("simple", "dynamic", "group", "calendar"))
        cband = self.spec["cband"] if cband is None else cband
        alpha = self.spec["alpha"] if alpha is None else alpha
        inf = self._inf
        tab = self.table
        ok = np.isfinite(tab["estimate"].to_numpy())
        if not ok.all():
            bad = tab.loc[~ok, ["group", "time"]].astype(str).agg("/".join, axis=1).tolist()
            warn(f"aggregation skips {len(bad)} ATT(g,t) that could not be estimated: {', '.join(bad[:10])}")
        g = self._labels["gcode"]
        t = self._labels["tcode"]
        att = inf.att
        K = len(att)
        ncoh = len(inf.glist)
        gpos = np.searchsorted(inf.glist, g)
        pg_cell = inf.pg[gpos]
        ecode = t - g
        z = stats.norm.ppf(1 - alpha / 2)

        def weighted(sel: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
            """Cell weights pg/sum(pg) over ``sel`` with the weight-estimation term."""
            A = np.zeros(K)
            S = pg_cell[sel].sum()
            A[sel] = pg_cell[sel] / S
            theta = float(A @ np.where(ok, att, 0.0))
            Bv = np.zeros(ncoh)
            np.add.at(Bv, gpos[sel], (att[sel] - theta) / S)
            return A, Bv, theta

        post = (g <= t) & ok & (ecode >= min_e) & (ecode <= max_e)
        labels: list[Any] = []
        cols_A: list[np.ndarray] = []
        cols_B: list[np.ndarray] = []
        label_name = None
        if type == "simple":
            if not post.any():
                raise ValueError("no post-treatment ATT(g,t) in the requested window")
            A, Bv, _ = weighted(post)
            oA, oB = A, Bv
        elif type == "group":
            label_name = "group"
            gA, gB = [], []
            keep_g = []
            for k in range(ncoh):
                sel = post & (gpos == k)
                if not sel.any():
                    continue
                A = np.zeros(K)
                A[sel] = 1.0 / sel.sum()
                gA.append(A)
                gB.append(np.zeros(ncoh))
                keep_g.append(k)
            if not keep_g:
                raise ValueError("no post-treatment ATT(g,t) in the requested window")
            cols_A, cols_B = gA, gB
            labels = [self._labels["glabel"][k] for k in keep_g]
            att_g = np.array([a @ np.where(ok, att, 0.0) for a in gA])
            pgg = inf.pg[keep_g]
            S = pgg.sum()
            theta = float(att_g @ pgg / S)
            oA = np.column_stack(gA) @ (pgg / S)
            oB = np.zeros(ncoh)
            oB[keep_g] = (att_g - theta) / S
        elif type == "calendar":
            label_name = "time"
            tl = np.unique(t[(g <= t) & ok])
            for t1 in tl:
                sel = (t == t1) & (g <= t) & ok
                A, Bv, _ = weighted(sel)
                cols_A.append(A)
                cols_B.append(Bv)
            labels = [self._labels["tlabel_of"][x] for x in tl]
            oA = np.mean(cols_A, axis=0)
            oB = np.mean(cols_B, axis=0)
        else:  # dynamic
            label_name = "event_time"
            include = ok.copy()
            tmax = inf_tmax = self._labels["tmax"]
            if balance_e is not None:
                include &= (inf_tmax - g) >= balance_e
            es = np.unique(ecode[include])
            if balance_e is not None:
                es = es[(es <= balance_e) & (es >= balance_e - tmax + self._labels["tmin"])]
            es = es[(es >= min_e) & (es <= max_e)]
            if len(es) == 0:
                raise ValueError("no event time left in the requested window (check min_e, max_e, balance_e)")
            for e in es:
                sel = (ecode == e) & include
                A, Bv, _ = weighted(sel)
                cols_A.append(A)
                cols_B.append(Bv)
            labels = [self._labels["eshow"](e) for e in es]
            epos = es >= 0
            if not epos.any():
                raise ValueError("no post-treatment event time (e >= 0) in the requested window")
            oA = np.mean(np.array(cols_A)[epos], axis=0)
            oB = np.mean(np.array(cols_B)[epos], axis=0)

        attz = np.where(ok, att, 0.0)
        o_est = float(oA @ attz)
        o_se, _ = _row_se(inf, oA[:, None], oB[:, None])
        o_draws = _row_boot(inf, oA[:, None], oB[:, None])
        if o_draws is not None:
            o_se, _ = bootstrap_summary(o_draws, alpha)
        overall = tidy(np.array([o_est]), o_se, z)
        crit = z
        if cols_A:
            Am = np.column_stack(cols_A)
            Bm = np.column_stack(cols_B)
            est = Am.T @ attz
            se, _ = _row_se(inf, Am, Bm)
            draws = _row_boot(inf, Am, Bm)
            if draws is not None:
                se, c = bootstrap_summary(draws, alpha)
                if cband and np.isfinite(c) and c >= z:
                    crit = c
            elif cband:
                warn("cband=True needs the multiplier bootstrap (bstrap=True): reporting pointwise intervals")
            if type == "dynamic":
                # reference cells of a universal base period are exactly zero
                se = np.where(np.isnan(se) & (np.abs(est) < 1e-14), 0.0, se)
            table = tidy(est, se, crit, pd.DataFrame({label_name: labels}))
        else:
            table = pd.DataFrame(
                columns=["label", "estimate", "std_error", "conf_low", "conf_high", "p_value"]
            )
        spec = dict(self.spec, type=type, min_e=min_e, max_e=max_e, balance_e=balance_e)
        return AggregateResult(type, overall, table, float(crit), spec)

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """ATT(g, t) by period, one panel per cohort; returns the matplotlib Figure."""
        from trends.impact._common import subplots

        groups = self.table["group"].unique()
        if ax is None:
            fig, axes = subplots(len(groups), 1, figsize=(7, 2.2 * len(groups)), sharex=True, squeeze=False)
            axes = axes[:, 0]
        else:
            fig, axes = ax.figure, [ax] * len(groups)
        for a, gv in zip(axes, groups, strict=True):
            sub = self.table[self.table["group"] == gv]
            x = np.arange(len(sub))
            y = sub["estimate"].to_numpy()
            colours = np.where(sub["post"], "#D55E00", "#0072B2")
            for xi, yi, lo, hi, c in zip(x, y, sub["conf_low"], sub["conf_high"], colours, strict=True):
                a.errorbar([xi], [yi], yerr=[[yi - lo], [hi - yi]], fmt="o", capsize=2, color=c)
            a.set_xticks(x, [str(v) for v in sub["time"]])
            a.axhline(0, color="0.4", lw=0.8)
            a.set_title(t("plot.cohort", lang, cohort=gv), fontsize=9)
        return fig

    def __repr__(self) -> str:
        return (
            f"ATTgtResult({len(self.table)} ATT(g,t), {self.n_units} units, "
            f"control_group={self.spec['control_group']!r}, est_method={self.spec['est_method']!r})"
        )


# ---------------------------------------------------------------------------------------------------
# att_gt
# ---------------------------------------------------------------------------------------------------
@legacy_arguments(
    positional=("yname", "tname", "idname", "gname", "xformla"),
    renamed={"clustervars": "cluster", "alp": "alpha"},
)
def att_gt(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    xformla: str | list[str] | None = None,
    control_group: ControlGroup = "nevertreated",
    anticipation: int = 0,
    base_period: BasePeriod = "varying",
    est_method: EstMethod = "dr",
    weightsname: str | None = None,
    cluster: str | None = None,
    bstrap: bool = False,
    biters: int = 999,
    cband: bool = False,
    alpha: float = 0.05,
    seed: int | None = 0,
    boot_weights: Literal["mammen", "rademacher", "webb"] = "mammen",
    allow_unbalanced_panel: bool = False,
    threads: int | None = 1,
) -> ATTgtResult:
    """Callaway & Sant'Anna (2021) group-time average treatment effects ATT(g, t).

    Implements Callaway & Sant'Anna (2021, J. Econometrics 225(2)) with the 2x2 estimators of
    Sant'Anna & Zhao (2020, J. Econometrics 219(1)); conventions follow the R ``did`` package 2.x.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel: one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period (number such as a year, or datetime period start), unit id, and cohort = the
        first treated period (0 or NaN/NaT = never treated; same units as ``tname``).
    xformla : str or list of str, optional
        Covariates, as ``"~ x1 + x2"`` (plain column names) or a list; values from the earlier period
        of each 2x2 comparison are used (time-invariant covariates are the usual choice).
    control_group : {"nevertreated", "notyettreated"}
        Comparison units: never treated, or never treated plus not yet treated by ``t``.
    anticipation : int
        Periods before adoption in which units may already react.
    base_period : {"varying", "universal"}
        Pre-treatment cells compare consecutive periods (``varying``; the anticipation periods too, as in R
        ``did``) or every period with the last pre-treatment period (``universal``, whose reference cell is
        0). From adoption on, cells compare with the last period before the anticipation window.
    est_method : {"dr", "ipw", "reg"}
        Doubly robust, normalised inverse probability weighting or outcome regression (identical
        without covariates).
    weightsname : str, optional
        Sampling weights, constant within unit.
    cluster : str, optional
        Cluster variable (constant within unit, e.g. a city when units are districts). Analytic
        standard errors then sum influence functions by cluster; the bootstrap draws one multiplier per
        cluster. Units are always clusters themselves.
    bstrap : bool
        Multiplier bootstrap standard errors (``biters`` draws) instead of analytic ones.
    biters : int
        Number of bootstrap draws.
    cband : bool
        Simultaneous (uniform, sup-t) confidence bands over all reported estimates; needs ``bstrap``.
    alpha : float
        Significance level.
    seed : int or None
        Seed of the bootstrap draws.
    boot_weights : {"mammen", "rademacher", "webb"}
        Multiplier distribution (R ``did`` uses Mammen's two-point weights; Webb's six-point weights
        suit few clusters, e.g. ``cluster`` with a dozen cities).
    allow_unbalanced_panel : bool
        Keep units with missing periods and estimate each 2x2 comparison on the observed rows with the
        repeated-cross-section estimators of Sant'Anna & Zhao (2020), as R ``did`` does with the same
        option. By default (as in R) such units are dropped with a warning. The cross-section estimators
        ignore the panel structure and are much noisier; :func:`trends.impact.imputation` uses all
        observed rows of every unit and is the better choice for gappy panels.
    threads : int or None
        BLAS threads inside the call (``None`` leaves the process default).

    Returns
    -------
    ATTgtResult
        With ``.table``, ``.aggregate(...)``, ``.pretest`` and ``.plot()``.

    Raises
    ------
    trends.schema.TrendsDataError
        When no comparison group exists (no never-treated units with ``nevertreated``; one adoption
        date for every unit), cohorts vary within a unit, (unit, period) rows are duplicated, or
        columns are missing. Rows with missing values, unbalanced units and units treated in the first
        period are dropped with a warning that says how many.
    """
    check_choice("control_group", control_group, ("nevertreated", "notyettreated"))
    check_choice("base_period", base_period, ("varying", "universal"))
    check_choice("est_method", est_method, ("dr", "ipw", "reg"))
    check_choice("boot_weights", boot_weights, ("mammen", "rademacher", "webb"))
    if not isinstance(anticipation, int | np.integer) or anticipation < 0:
        raise ValueError(f"anticipation must be a non-negative integer, got {anticipation!r}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha!r}")
    if bstrap and biters < 2:
        raise ValueError("biters must be at least 2")
    covariates = parse_covariates(xformla, data) if isinstance(data, pd.DataFrame) else []
    spec = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        gname=gname,
        xformla=covariates or None,
        control_group=control_group,
        anticipation=anticipation,
        base_period=base_period,
        est_method=est_method,
        weightsname=weightsname,
        cluster=cluster,
        bstrap=bstrap,
        biters=biters,
        cband=cband,
        alpha=alpha,
        seed=seed,
        boot_weights=boot_weights,
        allow_unbalanced_panel=allow_unbalanced_panel,
    )
    with blas_threads(threads):
        P = _prepare(
            data,
            yname,
            tname,
            idname,
            gname,
            covariates,
            weightsname,
            cluster,
            control_group,
            anticipation,
            allow_unbalanced_panel,
        )
        return _fit(P, spec)


def _cells(P: _Prepared, control_group: str, anticipation: int, base_period: str) -> pd.DataFrame:
    """The (g, t) cells: cohort position, period index, base index, control threshold."""
    tl = P.tlist
    T = len(tl)
    rows = []
    for k, g in enumerate(P.glist):
        pre = np.nonzero(tl + anticipation < g)[0]
        last_pre = int(pre[-1])
        if base_period == "varying":
            for ti in range(1, T):
                # before adoption (anticipation periods too) the period before; from adoption on g - anticipation - 1
                # (R did, compute.att_gt: pret = t unless glist[g] <= tlist[t + tfac])
                base = ti - 1 if g > tl[ti] else last_pre
                rows.append((k, ti, base))
        else:
            for ti in range(T):
                rows.append((k, ti, last_pre))
    c = pd.DataFrame(rows, columns=["k", "ti", "bi"])
    c["g"] = P.glist[c["k"]]
    c["t"] = tl[c["ti"]]
    c["ref"] = c["ti"] == c["bi"]
    c["thr"] = np.maximum(tl[c["ti"]], tl[c["bi"]]) + anticipation
    if control_group == "nevertreated":
        c["kstar"] = len(P.glist)  # no treated cohort among the controls
    else:
        c["kstar"] = np.searchsorted(P.glist, c["thr"].to_numpy(), side="right")
    c["own"] = (c["k"] >= c["kstar"]).to_numpy()  # own cohort would be in the control range
    return c


def _fit(P: _Prepared, spec: dict[str, Any]) -> ATTgtResult:
    n, T = P.Y.shape
    ncoh = len(P.glist)
    cells = _cells(P, spec["control_group"], spec["anticipation"], spec["base_period"])
    K = len(cells)
    k_arr = cells["k"].to_numpy()
    ti = cells["ti"].to_numpy()
    bi = cells["bi"].to_numpy()
    kstar = cells["kstar"].to_numpy()
    own = cells["own"].to_numpy()
    ref = cells["ref"].to_numpy()
    st = P.starts
    wY = P.w[:, None] * P.Y
    # per-cohort sums (rows: treated cohorts, then never treated)
    S = np.add.reduceat(wY, st[:-1], axis=0) if n else np.zeros((ncoh + 1, T))
    Wk = np.add.reduceat(P.w, st[:-1])
    sizes = np.diff(st)
    S[sizes == 0] = 0.0
    Wk[sizes == 0] = 0.0
    Ssuf = np.vstack([np.cumsum(S[:ncoh][::-1], axis=0)[::-1], np.zeros((1, T))])
    Wsuf = np.append(np.cumsum(Wk[:ncoh][::-1])[::-1], 0.0)

    def control_sums(Sm: np.ndarray, Wm: np.ndarray, Ssfx: np.ndarray, Wsfx: np.ndarray):
        Sc = Sm[ncoh] + Ssfx[kstar]  # (K, T) via fancy indexing on rows
        Wc = Wm[ncoh] + Wsfx[kstar]
        Sc = Sc - np.where(own[:, None], Sm[k_arr], 0.0)
        Wc = Wc - np.where(own, Wm[k_arr], 0.0)
        return Sc, Wc

    Sc, Wc = control_sums(S, Wk, Ssuf, Wsuf)
    rows_idx = np.arange(K)
    att = np.full(K, np.nan)
    nocov = P.X is None
    rc = P.unbalanced
    # index arrays of the comparison units of each cell
    never_idx = np.arange(st[ncoh], st[ncoh + 1])

    def control_index(j: int) -> np.ndarray:
        parts = [never_idx]
        if kstar[j] < ncoh:
            lo = st[kstar[j]]
            if own[j]:
                parts.append(np.arange(lo, st[k_arr[j]]))
                parts.append(np.arange(st[k_arr[j] + 1], st[ncoh]))
            else:
                parts.append(np.arange(lo, st[ncoh]))
        return np.concatenate(parts)

    # preallocated sparse storage (upper bound: treated + comparison units of every cell)
    sizes_tr = sizes[k_arr]
    n_ct = sizes[ncoh] + np.where(
        kstar < ncoh, st[ncoh] - st[np.minimum(kstar, ncoh)] - np.where(own, sizes[k_arr], 0), 0
    )
    cap = int(np.where(ref, 0, sizes_tr + n_ct).sum())
    idx_dtype = np.int32 if n < 2**31 - 1 else np.int64
    data_buf = np.empty(cap)
    index_buf = np.empty(cap, dtype=idx_dtype)
    indptr = np.zeros(K + 1, dtype=np.int64)
    pos = 0
    sqsum = np.zeros(K)
    failed: list[str] = []
    no_control = (Wc <= 0) & ~ref
    if nocov and not rc:
        mg = (S[k_arr, ti] - S[k_arr, bi]) / Wk[k_arr]
        with np.errstate(invalid="ignore", divide="ignore"):
            mc = (Sc[rows_idx, ti] - Sc[rows_idx, bi]) / Wc
        att = np.where(ref, 0.0, mg - mc)
    for j in range(K):
        indptr[j] = pos
        if ref[j]:
            att[j] = 0.0
            continue
        if no_control[j]:
            att[j] = np.nan
            failed.append(f"{cells.g[j]:g}/{cells.t[j]:g}")
            continue
        tr = np.arange(st[k_arr[j]], st[k_arr[j] + 1])
        ct = control_index(j)
        if rc:
            units = np.concatenate([tr, ct])
            Dunit = np.r_[np.ones(len(tr)), np.zeros(len(ct))]
            yt, yb = P.Y[units, ti[j]], P.Y[units, bi[j]]
            mt, mb = ~np.isnan(yt), ~np.isnan(yb)
            rows_u = np.concatenate([units[mt], units[mb]])
            yr = np.concatenate([yt[mt], yb[mb]])
            post = np.r_[np.ones(mt.sum()), np.zeros(mb.sum())]
            Dr = np.concatenate([Dunit[mt], Dunit[mb]])
            Xr = np.ones((len(yr), 1))
            if not nocov:
                Xr = np.column_stack(
                    [
                        Xr,
                        np.vstack(
                            [
                                cast(np.ndarray, P.X)[units[mt], ti[j], :],
                                cast(np.ndarray, P.X)[units[mb], bi[j], :],
                            ]
                        ),
                    ]
                )
            cells_ok = all((a * b).any() for a in (Dr, 1 - Dr) for b in (post, 1 - post))
            try:
                if not cells_ok:
                    raise np.linalg.LinAlgError("a 2x2 cell has no rows")
                a, ifs = _twobytwo_rc(yr, post, Dr, Xr, P.w[rows_u], spec["est_method"])
                if not np.isfinite(a) or not np.isfinite(ifs).all():
                    raise np.linalg.LinAlgError("non-finite estimate")
            except np.linalg.LinAlgError:
                att[j] = np.nan
                failed.append(f"{cells.g[j]:g}/{cells.t[j]:g}")
                continue
            att[j] = a
            per_unit = np.bincount(rows_u, weights=n / len(yr) * ifs, minlength=n)
            idx = np.sort(units)
            val = per_unit[idx]
        elif nocov:
            dyt = P.Y[tr, ti[j]] - P.Y[tr, bi[j]]
            dyc = P.Y[ct, ti[j]] - P.Y[ct, bi[j]]
            vt = n * P.w[tr] * (dyt - mg[j]) / Wk[k_arr[j]]
            vc = -n * P.w[ct] * (dyc - mc[j]) / Wc[j]
            idx = np.concatenate([tr, ct])
            val = np.concatenate([vt, vc])
        else:
            idx = np.concatenate([tr, ct])
            D = np.r_[np.ones(len(tr)), np.zeros(len(ct))]
            dy = P.Y[idx, ti[j]] - P.Y[idx, bi[j]]
            X = np.column_stack(
                [np.ones(len(idx)), cast(np.ndarray, P.X)[idx, min(ti[j], bi[j]), :]]
            )  # covariates
            try:
                a, ifs = _twobytwo(dy, D, X, P.w[idx], spec["est_method"])
                if not np.isfinite(a) or not np.isfinite(ifs).all():
                    raise np.linalg.LinAlgError("non-finite estimate")
            except np.linalg.LinAlgError:
                att[j] = np.nan
                failed.append(f"{cells.g[j]:g}/{cells.t[j]:g}")
                continue
            att[j] = a
            val = n / len(idx) * ifs
        sqsum[j] = val @ val
        if np.any(np.diff(idx) < 0):
            order = np.argsort(idx, kind="stable")
            idx, val = idx[order], val[order]
        m = len(idx)
        index_buf[pos : pos + m] = idx
        data_buf[pos : pos + m] = val
        pos += m
    indptr[K] = pos
    if failed:
        warn(
            f"{len(failed)} ATT(g,t) could not be estimated (no comparison units, or a singular / separated "
            f"covariate design) and are reported as NaN and left out of aggregations: {', '.join(failed[:10])}"
        )
    psi = sparse.csc_matrix((data_buf[:pos], index_buf[:pos], indptr), shape=(n, K), copy=False)
    pg = Wk[:ncoh] / n

    # bootstrap
    boot_cells = boot_bw = boot_vs = None
    alpha = spec["alpha"]
    if spec["bstrap"]:
        rng = np.random.default_rng(spec["seed"])
        B = spec["biters"]
        boot_cells = np.empty((B, K))
        boot_bw = np.empty((B, ncoh))
        boot_vs = np.empty(B)
        chunk = max(1, min(B, int(1e6 // max(n, K, (ncoh + 1) * T))))
        for s0 in range(0, B, chunk):
            b = min(chunk, B - s0)
            V = draw_multipliers(rng, (b, P.n_clusters), spec["boot_weights"])
            Vu = V[:, P.cluster] if P.n_clusters < n else V
            vw = Vu * P.w[None, :]
            bw_all = np.add.reduceat(vw, st[:-1], axis=1)
            bw_all[:, sizes == 0] = 0.0
            boot_bw[s0 : s0 + b] = bw_all[:, :ncoh]
            boot_vs[s0 : s0 + b] = Vu.sum(axis=1)
            if nocov and not rc:
                # A[b, k, t] = sum_{i in k} v_bi w_i Y_it
                A = np.stack(
                    [Vu[:, st[k] : st[k + 1]] @ wY[st[k] : st[k + 1]] for k in range(ncoh + 1)], axis=1
                )
                Asuf = np.concatenate(
                    [np.cumsum(A[:, :ncoh][:, ::-1], axis=1)[:, ::-1], np.zeros((b, 1, T))], axis=1
                )
                Bsuf = np.concatenate(
                    [np.cumsum(bw_all[:, :ncoh][:, ::-1], axis=1)[:, ::-1], np.zeros((b, 1))], 1
                )
                tr_part = A[:, k_arr, ti] - A[:, k_arr, bi] - mg[None, :] * bw_all[:, k_arr]
                c_t = A[:, ncoh, ti] + Asuf[:, kstar, ti] - np.where(own[None, :], A[:, k_arr, ti], 0.0)
                c_b = A[:, ncoh, bi] + Asuf[:, kstar, bi] - np.where(own[None, :], A[:, k_arr, bi], 0.0)
                c_w = (
                    bw_all[:, ncoh][:, None] + Bsuf[:, kstar] - np.where(own[None, :], bw_all[:, k_arr], 0.0)
                )
                with np.errstate(invalid="ignore", divide="ignore"):
                    d = tr_part / Wk[k_arr][None, :] - (c_t - c_b - mc[None, :] * c_w) / Wc[None, :]
                d[:, ref | no_control] = 0.0
                boot_cells[s0 : s0 + b] = d
            else:
                boot_cells[s0 : s0 + b] = np.asarray((psi.T @ Vu.T).T) / n

    inf = _Inference(
        psi, att, P.w, P.gidx, P.glist, pg, P.cluster, P.n_clusters, boot_cells, boot_bw, boot_vs
    )
    eye = sparse.identity(K, format="csc")
    ok = np.isfinite(att)
    sq = sqsum if P.n_clusters == n else None
    if sq is not None:
        se = np.sqrt(sq) / n
    else:
        se = np.empty(K)
        for s0 in range(0, K, 500):
            cols = np.arange(s0, min(K, s0 + 500))
            se[cols], _ = _row_se(inf, eye[:, cols].toarray(), np.zeros((ncoh, len(cols))))
    z = stats.norm.ppf(1 - alpha / 2)
    crit = z
    if boot_cells is not None:
        bse, c = bootstrap_summary(boot_cells[:, ok & ~ref], alpha)
        se_b = np.full(K, np.nan)
        se_b[ok & ~ref] = bse
        se = np.where(ref, 0.0, se_b)
        if spec["cband"] and np.isfinite(c) and c >= z:
            crit = c
    elif spec["cband"]:
        warn("cband=True needs the multiplier bootstrap (bstrap=True): reporting pointwise intervals")
    se = np.where(ok, se, np.nan)

    is_dt = pd.api.types.is_datetime64_any_dtype(pd.Series(P.tlabels))
    tl_of = dict(zip(P.tlist, P.tlabels, strict=True))
    if is_dt:
        glab = [P.tlabels[int(g) - 1] for g in P.glist]
    else:
        glab = [_num(g) for g in P.glist]
    gl_of = dict(zip(P.glist, glab, strict=True))
    gcode = cells["g"].to_numpy(dtype=float)
    tcode = cells["t"].to_numpy(dtype=float)
    index = pd.DataFrame(
        {
            "group": [gl_of[g] for g in gcode],
            "time": [tl_of[t] if is_dt else _num(t) for t in tcode],
            "event_time": (tcode - gcode).astype(int) if _all_int(tcode - gcode) else tcode - gcode,
            "post": tcode >= gcode,
        }
    )
    table = tidy(att, se, crit, index)

    labels = dict(
        gcode=gcode,
        tcode=tcode,
        glabel=glab,
        tlabel_of={k: (v if is_dt else _num(v)) for k, v in tl_of.items()},
        tmax=float(P.tlist[-1]),
        tmin=float(P.tlist[0]),
        eshow=lambda e: int(e) if float(e).is_integer() else float(e),
    )
    return ATTgtResult(table, float(crit), n, dict(P.dropped), spec, inf, labels)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _all_int(a: np.ndarray) -> bool:
    return bool(np.all(np.mod(a, 1) == 0))


def _pretest(inf: _Inference, att: np.ndarray, pre: np.ndarray) -> PretestResult:
    from scipy import linalg

    q = int(pre.sum())
    if q == 0:
        warn("no pre-treatment ATT(g,t) to test (every cohort has fewer than two pre-treatment periods)")
        return PretestResult(float("nan"), 0, float("nan"))
    n = len(inf.w)
    IF = inf.psi[:, np.nonzero(pre)[0]]
    if inf.n_clusters < n:
        agg = sparse.csr_matrix((np.ones(n), (inf.cluster, np.arange(n))), shape=(inf.n_clusters, n))
        IF = agg @ IF
    V = (IF.T @ IF).toarray() / n**2
    a = att[pre]
    try:
        # singular in floating point (as R's solve refuses: reciprocal condition below machine precision), even
        # when the Cholesky factorisation goes through on rounding error: the statistic would be noise / 1e-17
        eig = np.linalg.eigvalsh(V)
        if not eig.min() > eig.max() * q * np.finfo(float).eps:
            raise linalg.LinAlgError("numerically singular covariance")
        cf = linalg.cho_factor(V, check_finite=False)
        stat = float(a @ linalg.cho_solve(cf, a, check_finite=False))
        dof = q
        if not np.isfinite(stat):
            raise linalg.LinAlgError("non-finite statistic")
    except linalg.LinAlgError:
        # As R's did: no Wald test on a singular covariance (typically more pre-period ATT(g,t) than clusters);
        # a pseudo-inverse statistic has no chi-squared reference and gave absurd p-values.
        warn(
            f"the covariance of the {q} pre-treatment ATT(g,t) is singular ({inf.n_clusters} clusters): the Wald "
            "pre-test is not reported; inspect the pre-period estimates or aggregate('dynamic') instead"
        )
        return PretestResult(float("nan"), q, float("nan"))
    return PretestResult(stat, dof, float(stats.chi2.sf(stat, dof)))


def _from_att_gt_dynamic(res: Any, min_e: float, max_e: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dynamic aggregation of ATT(g,t) (as ``aggregate("dynamic")``) with its full covariance matrix."""
    inf = res._inf
    tab = res.table
    ok = np.isfinite(tab["estimate"].to_numpy())
    g = res._labels["gcode"]
    t = res._labels["tcode"]
    att = np.where(ok, inf.att, 0.0)
    K = len(att)
    ncoh = len(inf.glist)
    gpos = np.searchsorted(inf.glist, g)
    pg_cell = inf.pg[gpos]
    ecode = t - g
    es = np.unique(ecode[ok])
    es = es[(es >= min_e) & (es <= max_e)]
    cols_A, cols_B = [], []
    for e in es:
        sel = (ecode == e) & ok
        A = np.zeros(K)
        S = pg_cell[sel].sum()
        A[sel] = pg_cell[sel] / S
        theta = float(A @ att)
        Bv = np.zeros(ncoh)
        np.add.at(Bv, gpos[sel], (att[sel] - theta) / S)
        cols_A.append(A)
        cols_B.append(Bv)
    Am, Bm = np.column_stack(cols_A), np.column_stack(cols_B)
    est = Am.T @ att
    _, IF = _row_se(inf, Am, Bm)
    n = len(inf.w)
    if inf.n_clusters < n:
        Sg = np.zeros((inf.n_clusters, IF.shape[1]))
        np.add.at(Sg, inf.cluster, IF)
        V = Sg.T @ Sg / n**2
    else:
        V = IF.T @ IF / n**2
    labels = np.array([res._labels["eshow"](e) for e in es])
    return est, V, labels
