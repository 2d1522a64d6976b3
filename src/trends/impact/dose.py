"""Intensity of treatment: does more coverage (models per 10,000 residents) bring a larger effect?

Two estimators, both on one number per adopting unit, its *dose* (e.g. active models per 10,000 residents
twelve months after adoption, :func:`unit_dose`):

:func:`dose_bins`
    Adopters are split into dose bins (terciles by default) and the group-time machinery is run per bin
    against the SAME comparisons: with ``estimator="poisson_imputation"`` one Poisson model is fitted on all
    untreated cells (never-treated units and every adopter before adoption), the counts expected without the
    rollout are imputed for every treated cell, and each bin's effect is ``sum(y - mu0) / sum(mu0)`` over its
    own treated cells (Borusyak, Jaravel & Spiess 2024; Wooldridge 2023); a cluster bootstrap of the whole
    procedure gives the intervals. With ``estimator="att_gt"`` Callaway & Sant'Anna (2021) is run per bin with
    the never-treated units as the common comparison group.

:func:`dose_response`
    A continuous-treatment estimate in the spirit of Callaway, Goodman-Bacon & Sant'Anna (2024,
    "Difference-in-differences with a continuous treatment", NBER WP 32117): for each adopter, the change of
    its outcome from a window before adoption to a window after it, minus the change of the units untreated
    through both windows (never treated or not yet treated) over the same months, estimates ATT(d | d), the
    effect of the unit's own dose on itself. The curve ATT(d | d) is a sieve in the dose (linear, or local
    averages in bins), with unit-bootstrap intervals. Comparing ATT(d | d) across doses is a causal
    dose-response only under CGBS's "strong parallel trends" (units with different doses would have reacted
    alike to the same dose); otherwise differences across doses mix the causal response with selection into
    dose -- say so when reporting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from trends._api import legacy_arguments
from trends.impact._common import check_choice, check_columns, tidy, warn
from trends.messages import t
from trends.results import Result, term_label
from trends.schema import TrendsDataError

__all__ = ["DoseBinsResult", "DoseResponseResult", "dose_bins", "dose_response", "unit_dose"]

CITATION_BINS = (
    "Dose bins with Poisson imputation (Borusyak, Jaravel & Spiess 2024; Wooldridge 2023) or Callaway & "
    "Sant'Anna (2021) group-time effects per bin."
)
CITATION_CONT = (
    "Callaway, B., Goodman-Bacon, A. & Sant'Anna, P. H. C. (2024). Difference-in-differences with a continuous "
    "treatment. NBER Working Paper 32117."
)


@legacy_arguments(renamed={"treatment": "data", "cohort": "gname"})
def unit_dose(
    data: pd.DataFrame,
    *,
    at: int = 12,
    dose: str = "models_per_10k",
    idname: str = "district",
    tname: str = "period",
    gname: str = "cohort",
) -> pd.Series:
    """One dose per adopting unit: ``dose`` ``at`` periods after the unit's first adoption.

    Parameters
    ----------
    data : pandas.DataFrame
        Treatment by unit and period, e.g. :func:`trends.panel.rollout_panel` (``district, period, cohort,
        models_per_10k``).
    at : int
        Periods after adoption (0 = the adoption period); units whose panel ends earlier take their last
        observed value.
    dose, idname, tname, gname : str
        Dose, unit, period and adoption-cohort columns.

    Returns
    -------
    pandas.Series
        Indexed by unit (adopters within the panel only; never-treated and always-treated units are absent).
    """
    check_columns(data, [dose, idname, tname, gname], "treatment data")
    tr = data.sort_values([idname, tname])
    periods = pd.Index(tr[tname].unique()).sort_values()
    out = {}
    for u, d in tr.groupby(idname, sort=True):
        c = d[gname].iloc[0]
        if pd.isna(c) or (not isinstance(c, pd.Timestamp) and c == 0) or c < periods[0]:
            continue
        pos = int(periods.searchsorted(c))
        target = periods[min(pos + at, len(periods) - 1)]
        row = d.loc[d[tname] <= target]
        if len(row):
            out[u] = float(row[dose].iloc[-1])
    return pd.Series(out, name=dose, dtype=float)


# ---------------------------------------------------------------------------------------------------
# dose bins
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DoseBinsResult(Result):
    """Effects by dose bin.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per bin: ``bin, dose_low, dose_high, dose_mean, n_units, estimate, std_error, conf_low,
        conf_high, p_value`` (proportional change for Poisson imputation; ATT in the outcome's units for
        ``att_gt``).
    units : pandas.DataFrame
        ``unit, dose, bin`` of each adopter used.
    spec : dict
    """

    _term_keys = ("bin",)

    table: pd.DataFrame
    units: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION_BINS

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Effect by dose bin with its interval; returns the Figure."""
        from trends.impact._common import figure_axes, plot_number

        fig, ax = figure_axes(ax, (6, 4))
        tab = self.table
        pct = self.spec.get("estimator") == "poisson_imputation"
        k = 100.0 if pct else 1.0
        x = np.arange(len(tab))
        y = k * tab["estimate"].to_numpy(dtype=float)
        lo, hi = k * tab["conf_low"].to_numpy(dtype=float), k * tab["conf_high"].to_numpy(dtype=float)
        ax.errorbar(x, y, yerr=np.vstack([y - lo, hi - y]), fmt="o", capsize=4, color="#0072B2")
        ax.set_xticks(
            x,
            [
                f"{term_label(b, lang)}\n{plot_number(a, lang, 2)}-{plot_number(c, lang, 2)}"
                for b, a, c in zip(tab["bin"], tab["dose_low"], tab["dose_high"], strict=True)
            ],
        )
        ax.axhline(0, color="0.4", lw=0.8)
        ax.set_xlabel(t("plot.dose_bin", lang, dose=_dose_name(self.spec, lang, "plot.dose.word")))
        ax.set_ylabel(t("plot.change_against_expected" if pct else "plot.att", lang))
        return fig


def _dose_name(spec: dict[str, Any], lang: str, word: str = "plot.dose") -> str:
    """The dose's name on a chart: the name the data gave it (a series' name), else the word ``word``."""
    name = spec.get("dose_name")
    return str(name) if name not in (None, "dose") else t(word, lang)


def _bin_units(dose: pd.Series, n_bins: int, edges: Any, labels: list[str] | None) -> pd.Series:
    if edges is None:
        if dose.nunique() < n_bins:
            raise TrendsDataError(f"only {dose.nunique()} distinct doses: cannot form {n_bins} bins")
        q = dose.quantile(np.linspace(0, 1, n_bins + 1))
        if not q.is_unique:
            raise TrendsDataError(
                f"the dose quantiles {q.round(4).tolist()} are tied (many adopters share a dose, e.g. 0): "
                f"{n_bins} quantile bins do not exist; give explicit edges= (e.g. a bin for dose 0) or fewer n_bins"
            )
        b = pd.qcut(dose, n_bins, labels=labels or _default_labels(n_bins))
    else:
        b = pd.cut(dose, edges, labels=labels, include_lowest=True)
    if b.isna().any():
        raise TrendsDataError(f"dose(s) outside the bin edges for unit(s) {list(dose.index[b.isna()][:5])}")
    return b


def _default_labels(n: int) -> list[str]:
    return {2: ["low", "high"], 3: ["low", "middle", "high"]}.get(n, [f"q{i + 1}" for i in range(n)])


@legacy_arguments(
    positional=("yname", "tname", "idname", "gname", "dose"),
    renamed={"clustervars": "cluster", "alp": "alpha"},
)
def dose_bins(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    dose: pd.Series,
    n_bins: int = 3,
    edges: Any = None,
    labels: list[str] | None = None,
    estimator: Literal["poisson_imputation", "att_gt"] = "poisson_imputation",
    dose_unit: str | None = None,
    cluster: str | None = None,
    strata: str | None = None,
    max_e: int | None = None,
    biters: int = 199,
    alpha: float = 0.05,
    seed: int = 0,
    **att_gt_kwargs: Any,
) -> DoseBinsResult:
    """Effects of adoption by dose bin, against common comparison units.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel (counts for Poisson imputation).
    yname, tname, idname, gname : str
        Outcome, period, unit and cohort (first treated period; 0 / NaN / NaT = never treated).
    dose : pandas.Series
        One dose per adopter, indexed by ``dose_unit`` values (default: by ``idname``), e.g.
        :func:`unit_dose`. Adopters without a dose are left out of every bin (their untreated cells still
        serve as comparisons).
    n_bins, edges, labels
        Quantile bins of the dose (``n_bins``), or explicit ``edges`` for :func:`pandas.cut`.
    estimator : {"poisson_imputation", "att_gt"}
        See the module docstring.
    dose_unit : str, optional
        Column constant within unit that ``dose`` is indexed by (e.g. ``"district"`` when units are
        district x offence series).
    cluster, strata, max_e, biters, alpha, seed
        As in :func:`trends.impact.poisson_imputation` (``biters`` also sets the bootstrap of ``att_gt`` when
        ``bstrap=True`` is passed).
    **att_gt_kwargs
        Passed to :func:`trends.impact.att_gt` (``estimator="att_gt"``), e.g. ``cluster``.

    Returns
    -------
    DoseBinsResult
    """
    check_choice("estimator", estimator, ("poisson_imputation", "att_gt"))
    key = dose_unit or idname
    check_columns(data, [yname, tname, idname, gname, key, cluster, strata])
    dose = pd.Series(dose).dropna().astype(float)
    first = data.drop_duplicates(idname)
    unit_key = pd.Series(first[key].to_numpy(), index=first[idname].to_numpy())
    bins = _bin_units(dose, n_bins, edges, labels)
    units_tab = pd.DataFrame({"unit": dose.index, "dose": dose.to_numpy(), "bin": bins.to_numpy()})
    rows = []
    if estimator == "poisson_imputation":
        from trends.impact.poisson import _fit_ipf, _prepare

        panel = _prepare(data, yname, tname, idname, gname, 0, strata, 0)
        ukey = unit_key.reindex(panel.units).to_numpy()
        unit_bin = pd.Series(ukey).map(bins).to_numpy()
        if cluster is None:
            clusters = pd.factorize(pd.Series(ukey))[0]
        else:
            clusters = pd.factorize(
                data.drop_duplicates(idname).set_index(idname)[cluster].reindex(panel.units)
            )[0]
        cats = list(bins.cat.categories)

        def effects(rows_idx: np.ndarray) -> np.ndarray:
            y = panel.y[rows_idx]
            untreated = panel.untreated[rows_idx]
            treated = panel.treated[rows_idx]
            strata_codes = panel.strata[rows_idx]
            mu0 = np.full(y.shape, np.nan)
            for code in np.unique(strata_codes):
                r = strata_codes == code
                with np.errstate(divide="ignore", invalid="ignore"):
                    a, g = _fit_ipf(y[r], untreated[r])
                    mu0[r] = np.exp(a[:, None] + g[None, :])
            ok = treated & np.isfinite(mu0)
            if max_e is not None:
                ok &= np.nan_to_num(panel.event[rows_idx], nan=np.inf) <= max_e
            out = np.full(len(cats), np.nan)
            ub = unit_bin[rows_idx]
            for k, c in enumerate(cats):
                sel = ok & (ub == c)[:, None]
                base = mu0[sel].sum()
                if base > 0:
                    out[k] = (y[sel] - mu0[sel]).sum() / base
            return out

        lost = panel.untreated.sum(axis=1) == 0
        if lost.any():
            warn(
                f"{int(lost.sum())} unit(s) without an untreated period (adopted before the panel) are left out"
            )
        keep_idx = np.flatnonzero(~lost)
        est = effects(keep_idx)
        rng = np.random.default_rng(seed)
        cl = clusters[keep_idx]
        members = [keep_idx[cl == c] for c in np.unique(cl)]
        G = len(members)
        draws = []
        for _ in range(biters):
            idx = np.concatenate([members[c] for c in rng.integers(0, G, size=G)])
            draws.append(effects(idx))
        D = np.array(draws) if draws else np.full((0, len(cats)), np.nan)
        with np.errstate(invalid="ignore"):
            se = np.array([np.nanstd(D[:, k], ddof=1) for k in range(len(cats))]) * np.sqrt(G / max(G - 1, 1))
        tcrit = stats.t.ppf(1 - alpha / 2, max(G - 1, 1))
        tab = tidy(est, se, tcrit)
        with np.errstate(invalid="ignore", divide="ignore"):
            tab["p_value"] = np.where(se > 0, 2 * stats.t.sf(np.abs(est / se), max(G - 1, 1)), np.nan)
        for c in cats:
            d = dose[bins == c]
            rows.append(dict(bin=c, dose_low=d.min(), dose_high=d.max(), dose_mean=d.mean(), n_units=len(d)))
        out = pd.concat([pd.DataFrame(rows), tab], axis=1)
    else:
        from trends.impact.did import att_gt

        g = data[gname]
        never = g.isna() | (g == 0) if not pd.api.types.is_datetime64_any_dtype(g) else g.isna()
        never_units = set(data.loc[never, idname])
        if not never_units:
            raise TrendsDataError(
                "att_gt dose bins use the never-treated units as common controls: there are none"
            )
        for c in bins.cat.categories:
            members_key = set(bins.index[bins == c])
            sel = data[key].isin(members_key) | data[idname].isin(never_units)
            with np.errstate(all="ignore"):
                fit = att_gt(
                    data.loc[sel],
                    yname=yname,
                    tname=tname,
                    idname=idname,
                    gname=gname,
                    control_group="nevertreated",
                    cluster=cluster,
                    alpha=alpha,
                    **att_gt_kwargs,
                )
                agg = fit.aggregate("simple", max_e=np.inf if max_e is None else max_e)
            d = dose[bins == c]
            rows.append(
                dict(
                    bin=c,
                    dose_low=d.min(),
                    dose_high=d.max(),
                    dose_mean=d.mean(),
                    n_units=len(d),
                    **agg.overall.iloc[0].to_dict(),
                )
            )
        out = pd.DataFrame(rows)
    spec = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        gname=gname,
        estimator=estimator,
        n_bins=n_bins,
        dose_name=dose.name or "dose",
        biters=biters,
        alpha=alpha,
        seed=seed,
        strata=strata,
        max_e=max_e,
    )
    return DoseBinsResult(out, units_tab, spec)


# ---------------------------------------------------------------------------------------------------
# continuous dose
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DoseResponseResult(Result):
    """ATT(d | d) of a continuous dose (Callaway, Goodman-Bacon & Sant'Anna 2024).

    Attributes
    ----------
    units : pandas.DataFrame
        One row per adopter: ``unit, cohort, dose, change, control_change, att`` (its own effect estimate).
    curve : pandas.DataFrame
        ``dose, estimate, conf_low, conf_high`` on a grid of doses (the sieve's fitted ATT(d | d)).
    slope : pandas.DataFrame
        One row (linear sieve): the change of ATT(d | d) per unit of dose, ``estimate, std_error,
        conf_low, conf_high, p_value`` (bootstrap); for bins, one row per bin instead.
    overall : pandas.DataFrame
        The average effect over adopters (ATT^o), with bootstrap inference.
    spec : dict
    """

    @property
    def table(self) -> pd.DataFrame:
        """The average effect (``term`` ``"overall"``) and the slope rows (``"slope"``, or the bins)."""
        slope = self.slope
        term = slope["bin"].astype(str) if "bin" in slope.columns else pd.Series("slope", index=slope.index)
        rows = [self.overall.assign(term="overall"), slope.assign(term=term.to_numpy())]
        out = pd.concat(rows, ignore_index=True)
        return out[["term", *[c for c in out.columns if c != "term"]]]

    units: pd.DataFrame
    curve: pd.DataFrame
    slope: pd.DataFrame
    overall: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = CITATION_CONT

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Unit effects against dose, with the fitted ATT(d | d) curve and its band; returns the Figure."""
        from trends.impact._common import figure_axes

        fig, ax = figure_axes(ax, (7, 4.5))
        pct = self.spec.get("scale") == "log"
        k = 100.0 if pct else 1.0
        conv = (lambda v: 100 * np.expm1(v)) if pct else (lambda v: v)
        ax.scatter(
            self.units["dose"], conv(self.units["att"]), s=18, color="0.5", label=t("plot.adopters", lang)
        )
        c = self.curve
        ax.fill_between(
            c["dose"],
            conv(c["conf_low"]),
            conv(c["conf_high"]),
            color="#56B4E9",
            alpha=0.35,
            lw=0,
            label=t("plot.bootstrap_band", lang),
        )
        ax.plot(c["dose"], conv(c["estimate"]), color="#0072B2", lw=2, label=t("plot.att_dose", lang))
        ax.axhline(0, color="0.4", lw=0.8)
        ax.set_xlabel(_dose_name(self.spec, lang))
        ax.set_ylabel(t("plot.change_against_comparison" if pct else "plot.effect", lang))
        ax.legend(frameon=False, fontsize=8)
        del k
        return fig


def _windows(
    y: np.ndarray, periods: np.ndarray, cohort_pos: np.ndarray, pre: int, post: tuple[int, int]
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    out = []
    for i, p in enumerate(cohort_pos):
        if not np.isfinite(p):
            continue
        p = int(p)
        pre_idx = np.arange(p - pre, p)
        post_idx = np.arange(p + post[0], p + post[1] + 1)
        if pre_idx.min() < 0 or post_idx.max() >= len(periods):
            continue
        out.append((i, pre_idx, post_idx))
    return out


@legacy_arguments(positional=("yname", "tname", "idname", "gname", "dose"), renamed={"alp": "alpha"})
def dose_response(
    data: pd.DataFrame,
    *,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    dose: pd.Series,
    pre: int = 12,
    post: tuple[int, int] = (12, 23),
    scale: Literal["log", "level"] = "log",
    sieve: Literal["linear", "bins"] = "linear",
    n_bins: int = 3,
    control_group: Literal["notyettreated", "nevertreated"] = "notyettreated",
    biters: int = 499,
    alpha: float = 0.05,
    seed: int = 0,
) -> DoseResponseResult:
    """Continuous-dose difference-in-differences: ATT(d | d) and its slope.

    For each adopter ``i`` with cohort ``g`` the change ``Delta_i`` from the ``pre`` periods before adoption
    to the post window (periods ``g + post[0]`` to ``g + post[1]``) is compared with the same change of the
    comparison units: those untreated through the end of the post window (never treated, or adopting later;
    ``control_group="nevertreated"``: the never treated only).
    With ``scale="log"`` (counts) changes are logs of the ratio of window totals, so effects are on the ratio
    scale (``exp(att) - 1`` is a percentage change); with ``"level"`` they are differences of window means.
    ``att_i = Delta_i - mean(Delta_controls)`` estimates ATT(d_i | d_i) (Callaway, Goodman-Bacon & Sant'Anna
    2024, eq. 2.1, with a staggered, not-yet-treated comparison group), and the sieve
    (``"linear"``: ``ATT(d|d) = b0 + b1 d``; ``"bins"``: local averages in dose quantile bins) smooths it
    across doses. Intervals: bootstrap over units (adopters and comparisons resampled separately), percentile.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel, one row per unit and period (aggregate offences first).
    yname, tname, idname, gname : str
        Outcome, period, unit and cohort (first treated period; 0 / NaN / NaT = never treated).
    dose : pandas.Series
        Dose per adopter indexed by unit (e.g. :func:`unit_dose`).
    pre : int
        Length of the pre-adoption window.
    post : (int, int)
        First and last period of the post window, in periods since adoption.
    scale : {"log", "level"}
    sieve : {"linear", "bins"}
    n_bins : int
        Bins for ``sieve="bins"``.
    control_group : {"notyettreated", "nevertreated"}
        Comparison units, as in :func:`trends.impact.att_gt`: units untreated through the end of each adopter's
        post window (never treated or adopting later), or the never treated only.
    biters, alpha, seed
        Bootstrap replications, significance level, seed (``biters=0``: point estimates, NaN intervals).

    Returns
    -------
    DoseResponseResult

    References
    ----------
    Callaway, B., Goodman-Bacon, A. & Sant'Anna, P. H. C. (2024). Difference-in-differences with a continuous
    treatment. NBER Working Paper 32117.
    """
    check_choice("scale", scale, ("log", "level"))
    check_choice("sieve", sieve, ("linear", "bins"))
    check_choice("control_group", control_group, ("notyettreated", "nevertreated"))
    check_columns(data, [yname, tname, idname, gname])
    if post[0] < 0 or post[1] < post[0] or pre < 1:
        raise ValueError("need pre >= 1 and 0 <= post[0] <= post[1]")
    periods = pd.Index(data[tname].unique()).sort_values()
    units = np.sort(data[idname].unique())
    wide = data.pivot_table(index=idname, columns=tname, values=yname, aggfunc="first").reindex(
        index=units, columns=periods
    )
    if wide.isna().any().any():
        raise TrendsDataError("the panel is unbalanced or has missing outcomes; balance it first")
    Y = wide.to_numpy(float)
    if scale == "log" and (Y < 0).any():
        raise TrendsDataError(f"scale='log' needs a non-negative outcome; {yname!r} has negative values")
    coh = data.drop_duplicates(idname).set_index(idname)[gname].reindex(units)
    cpos = np.full(len(units), np.nan)
    for i, c in enumerate(coh.to_numpy()):
        if pd.isna(c) or (not isinstance(c, pd.Timestamp | np.datetime64) and c == 0):
            continue
        cpos[i] = periods.searchsorted(c)  # 0 when adopted at or before the first period
    dose = pd.Series(dose).astype(float)
    dvals = dose.reindex(units).to_numpy()
    win = _windows(Y, periods, cpos, pre, post)
    win = [w for w in win if np.isfinite(dvals[w[0]]) and cpos[w[0]] > 0]
    skipped = int(np.isfinite(cpos).sum() - len(win))
    if skipped:
        warn(f"{skipped} adopter(s) left out: no dose, or the pre/post windows do not fit in the panel")
    if len(win) < 3:
        raise TrendsDataError("fewer than three adopters with complete pre and post windows")
    never = ~np.isfinite(cpos)

    def change(rows: np.ndarray, pre_idx: np.ndarray, post_idx: np.ndarray) -> np.ndarray:
        a = Y[np.ix_(rows, pre_idx)]
        b = Y[np.ix_(rows, post_idx)]
        if scale == "log":
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.log(b.sum(axis=1) / len(post_idx)) - np.log(a.sum(axis=1) / len(pre_idx))
        return b.mean(axis=1) - a.mean(axis=1)

    # comparison units for each adopter: untreated through the end of its post window
    ctrl_sets, own = [], []
    for i, pre_idx, post_idx in win:
        later = np.nan_to_num(cpos, nan=np.inf) > post_idx.max()
        ok = never | later if control_group == "notyettreated" else never.copy()
        ok[i] = False
        ctrl = np.flatnonzero(ok)
        ctrl_sets.append(ctrl)
        own.append((i, pre_idx, post_idx))
    if any(len(c) == 0 for c in ctrl_sets):
        n0 = sum(len(c) == 0 for c in ctrl_sets)
        warn(f"{n0} adopter(s) have no unit untreated through their post window and are left out")
        keep = [k for k, c in enumerate(ctrl_sets) if len(c)]
        own = [own[k] for k in keep]
        ctrl_sets = [ctrl_sets[k] for k in keep]
    adopters = np.array([o[0] for o in own])
    d_ad = dvals[adopters]

    def unit_atts(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Own change, comparison change and att per adopter; ``weights`` = bootstrap counts per unit."""
        ch, cc = np.empty(len(own)), np.empty(len(own))
        for k, ((i, pre_idx, post_idx), ctrl) in enumerate(zip(own, ctrl_sets, strict=True)):
            ch[k] = change(np.array([i]), pre_idx, post_idx)[0]
            w = weights[ctrl]
            if w.sum() == 0:
                cc[k] = np.nan
                continue
            if scale == "log":
                a = (Y[np.ix_(ctrl, pre_idx)].sum(axis=1) * w).sum() / len(pre_idx)
                b = (Y[np.ix_(ctrl, post_idx)].sum(axis=1) * w).sum() / len(post_idx)
                cc[k] = np.log(b / a) if a > 0 and b > 0 else np.nan
            else:
                cc[k] = float(np.average(change(ctrl, pre_idx, post_idx), weights=w))
        return ch, cc, ch - cc

    if sieve == "bins":
        bin_of = pd.qcut(pd.Series(d_ad), n_bins, labels=False, duplicates="drop").to_numpy()
        edges = [d_ad[bin_of == b] for b in np.unique(bin_of)]
    grid = np.linspace(d_ad.min(), d_ad.max(), 25)

    def fit(att: np.ndarray, wa: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        ok = np.isfinite(att) & (wa > 0)
        if sieve == "linear":
            X = np.column_stack([np.ones(ok.sum()), d_ad[ok]])
            W = wa[ok]
            beta = np.linalg.solve(X.T @ (W[:, None] * X), X.T @ (W * att[ok]))
            return beta[0] + beta[1] * grid, np.array([beta[1]]), float(np.average(att[ok], weights=W))
        means = np.array(
            [
                np.average(att[ok & (bin_of == b)], weights=wa[ok & (bin_of == b)])
                if (ok & (bin_of == b)).any()
                else np.nan
                for b in np.unique(bin_of)
            ]
        )
        curve = np.array(
            [
                means[np.searchsorted([e.max() for e in edges], x, side="left").clip(0, len(means) - 1)]
                for x in grid
            ]
        )
        return curve, means, float(np.average(att[ok], weights=wa[ok]))

    ones = np.ones(len(units))
    ch, cc, att = unit_atts(ones)
    curve, coef, ov = fit(att, np.ones(len(adopters)))
    rng = np.random.default_rng(seed)
    treated_pool = adopters
    other = np.setdiff1d(np.arange(len(units)), adopters)
    B_curve, B_coef, B_ov = [], [], []
    for _ in range(biters):
        wu = np.zeros(len(units))
        np.add.at(wu, rng.choice(other, size=len(other)), 1.0)
        ta = rng.choice(len(treated_pool), size=len(treated_pool))
        wa = np.bincount(ta, minlength=len(treated_pool)).astype(float)
        # an adopter that is also a comparison for later adopters keeps its bootstrap count there
        wu[treated_pool] = wa
        _, _, att_b = unit_atts(wu)
        try:
            c_b, k_b, o_b = fit(att_b, wa)
        except np.linalg.LinAlgError:
            continue
        B_curve.append(c_b)
        B_coef.append(k_b)
        B_ov.append(o_b)
    # biters=0 (or no usable draw): point estimates with NaN intervals
    Bc = np.array(B_curve).reshape(-1, len(grid))
    Bk, Bo = np.array(B_coef).reshape(-1, len(coef)), np.array(B_ov)
    q = [100 * alpha / 2, 100 * (1 - alpha / 2)]
    if len(Bc):
        cl, ch_ = np.nanpercentile(Bc, q, axis=0)
    else:
        cl = ch_ = np.full(len(grid), np.nan)
    curve_tab = pd.DataFrame({"dose": grid, "estimate": curve, "conf_low": cl, "conf_high": ch_})

    def boot_row(est: float, draws: np.ndarray) -> dict[str, float]:
        d = draws[np.isfinite(draws)]
        se = float(d.std(ddof=1)) if len(d) > 1 else np.nan
        lo, hi = np.percentile(d, q) if len(d) else (np.nan, np.nan)
        p = float(2 * min((d <= 0).mean(), (d >= 0).mean())) if len(d) else np.nan
        return dict(estimate=est, std_error=se, conf_low=float(lo), conf_high=float(hi), p_value=min(p, 1.0))

    if sieve == "linear":
        slope = pd.DataFrame([dict(term="slope per unit of dose", **boot_row(float(coef[0]), Bk[:, 0]))])
    else:
        slope = pd.DataFrame(
            [
                dict(
                    term=f"bin {b}", dose_low=e.min(), dose_high=e.max(), **boot_row(float(coef[b]), Bk[:, b])
                )
                for b, e in enumerate(edges)
            ]
        )
    overall = pd.DataFrame([boot_row(ov, Bo)])
    units_tab = pd.DataFrame(
        {
            "unit": units[adopters],
            "cohort": coh.to_numpy()[adopters],
            "dose": d_ad,
            "change": ch,
            "control_change": cc,
            "att": att,
        }
    )
    spec = dict(
        yname=yname,
        tname=tname,
        idname=idname,
        gname=gname,
        pre=pre,
        post=post,
        scale=scale,
        sieve=sieve,
        n_bins=n_bins,
        control_group=control_group,
        biters=biters,
        alpha=alpha,
        seed=seed,
        dose_name=dose.name or "dose",
    )
    return DoseResponseResult(units_tab, curve_tab, slope, overall, spec)
