"""Synthetic difference-in-differences for one or a few treated districts, staggered adoption included.

:func:`synthdid`
    Synthetic difference-in-differences, Arkhangelsky, Athey, Hirshberg, Imbens & Wager (2021, AER 111(12):
    4088-4118): unit weights (regularised, with an intercept) and time weights, solved by the Frank-Wolfe
    algorithm of the reference R package ``synthdid`` (same regularisation ``zeta = (N_tr T_post)^(1/4) sigma``,
    same stopping rule and sparsification), with the paper's placebo standard error (Algorithm 4). Staggered
    adoption is handled cohort by cohort against never-treated units and averaged with weights proportional to
    treated unit-periods (Arkhangelsky et al. 2021, appendix; Clarke, Pailañir, Athey & Imbens 2023, Stata
    ``sdid``). ``method="sc"`` and ``method="did"`` give the synthetic control and difference-in-differences
    estimators of the same framework (the paper's Table 1 columns).

Validated on California's Proposition 99 (``tests/test_synth.py``): the SDID estimate -15.6 packs per capita
(published -15.6, placebo s.e. 8.4), SC -19.6 and DID -27.3, and the unit and time weights against the peer
``synthdid`` (reference numbers in ``tests/impact/results/synth_reference.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from trends._api import legacy_arguments
from trends.impact._common import single_blas_thread, warn
from trends.impact._synth_common import _season_length, _wide_panel
from trends.results import Result
from trends.schema import TrendsDataError

__all__ = ["SyntheticDiDResult", "synthdid"]


SDID_CITATION = (
    "Arkhangelsky, D., Athey, S., Hirshberg, D. A., Imbens, G. W. & Wager, S. (2021). Synthetic "
    "difference-in-differences. American Economic Review 111(12), 4088-4118."
)


# ---------------------------------------------------------------------------------------------------------
# Synthetic difference-in-differences (Arkhangelsky et al. 2021), Frank-Wolfe as in R synthdid
# ---------------------------------------------------------------------------------------------------------


def _fw_batch(
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    eta: np.ndarray,
    zeta2: np.ndarray,
    min_dec: np.ndarray,
    max_iter: int,
    intercept: bool,
) -> np.ndarray:
    """Frank-Wolfe for ``min zeta^2 |x|^2 + |a x - b|^2 / n`` on the simplex, for a batch of problems.

    ``a`` (B, n, k), ``b`` (B, n), ``x`` (B, k) starting weights; ``eta = n * zeta^2``. Follows R synthdid's
    ``sc.weight.fw``: stop when the objective decreases by no more than ``min_dec^2`` (after two steps) or
    after ``max_iter`` steps. The Gram matrix is precomputed, so each step costs O(B k).
    """
    if intercept:
        a = a - a.mean(axis=1, keepdims=True)
        b = b - b.mean(axis=1, keepdims=True)
    nb, n, _ = a.shape
    g = np.einsum("bnk,bnj->bkj", a, a)
    ab = np.einsum("bnk,bn->bk", a, b)
    bb = np.einsum("bn,bn->b", b, b)
    diag = np.einsum("bkk->bk", g)
    out = x.astype(float).copy()
    # Work on the still-active problems only; write each back when it stops.
    idx = np.arange(nb)
    xa = out.copy()
    gx = np.einsum("bkj,bj->bk", g, xa)
    eta, zeta2, md2 = eta.copy(), zeta2.copy(), min_dec**2
    prev = np.full(nb, np.inf)
    for t in range(max_iter):
        r = np.arange(len(idx))
        half = gx - ab + eta[:, None] * xa
        i = np.argmin(half, axis=1)
        hx = (half * xa).sum(axis=1)
        xgx = (xa * gx).sum(axis=1)
        xx = (xa * xa).sum(axis=1)
        num = hx - half[r, i]
        den = (diag[r, i] - 2 * gx[r, i] + xgx) + eta * (xx - 2 * xa[r, i] + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            step = np.clip(np.where(den > 0, num / den, 0.0), 0.0, 1.0)
        keep = 1 - step
        xa *= keep[:, None]
        xa[r, i] += step
        gx *= keep[:, None]
        gx += step[:, None] * g[r, :, i]
        val = zeta2 * (xa * xa).sum(axis=1) + ((xa * gx).sum(axis=1) - 2 * (xa * ab).sum(axis=1) + bb) / n
        if t >= 1:
            done = ~(prev - val > md2)
            if done.any():
                out[idx[done]] = xa[done]
                live = ~done
                idx, xa, gx, val = idx[live], xa[live], gx[live], val[live]
                g, ab, bb, diag = g[live], ab[live], bb[live], diag[live]
                eta, zeta2, md2 = eta[live], zeta2[live], md2[live]
                if not len(idx):
                    break
        prev = val
    if len(idx):
        out[idx] = xa
    return out


def _sparsify(x: np.ndarray) -> np.ndarray:
    """R synthdid's ``sparsify_function``: zero weights at most a quarter of the largest, renormalise."""
    x = np.where(x <= x.max(axis=1, keepdims=True) / 4, 0.0, x)
    return x / x.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class _SDIDOpts:
    method: str
    zeta_omega: np.ndarray  # (B,) or (1,): broadcast over the batch
    zeta_lambda: np.ndarray
    min_decrease: np.ndarray
    max_iter: int = 10_000
    max_iter_pre_sparsify: int = 100


def _sdid_opts_batch(y: np.ndarray, n0: int, t0: int, method: str) -> _SDIDOpts:
    """Default regularisation of R synthdid for a batch ``y`` (B, N, T): ``noise.level`` is the standard
    deviation of the controls' first differences before adoption; ``zeta_omega = (N1 T1)^(1/4) noise``."""
    nb, n, tt = y.shape
    n1, t1 = n - n0, tt - t0
    d = np.diff(y[:, :n0, :t0], axis=2).reshape(nb, -1)
    noise = d.std(axis=1, ddof=1) if d.shape[1] > 1 else np.zeros(nb)
    eta_omega = (n1 * t1) ** 0.25 if method == "sdid" else 1e-6
    return _SDIDOpts(method, eta_omega * noise, 1e-6 * noise, 1e-5 * noise)


def _sdid_opts(y: np.ndarray, n0: int, t0: int, method: str) -> _SDIDOpts:
    """:func:`_sdid_opts_batch` for one panel ``y`` (N, T)."""
    return _sdid_opts_batch(y[None], n0, t0, method)


def _sdid_batch(
    y: np.ndarray,
    n0: int,
    t0: int,
    opts: _SDIDOpts,
    omega0: np.ndarray | None = None,
    lambda0: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SDID / SC / DID estimates for a batch ``y`` (B, N, T) sharing ``n0``, ``t0`` and options.

    Returns ``(tau (B,), omega (B, n0), lambda (B, t0))``.
    """
    nb, n, tt = y.shape
    n1, t1 = n - n0, tt - t0
    # Collapsed form: controls x pre-periods, plus the post-period mean column and the treated-mean row.
    yc = np.empty((nb, n0 + 1, t0 + 1))
    yc[:, :n0, :t0] = y[:, :n0, :t0]
    yc[:, :n0, t0] = y[:, :n0, t0:].mean(axis=2)
    yc[:, n0, :t0] = y[:, n0:, :t0].mean(axis=1)
    yc[:, n0, t0] = y[:, n0:, t0:].mean(axis=(1, 2))
    ones = np.ones(nb)
    if omega0 is None:
        omega0 = np.full((nb, n0), 1.0 / n0)
    if lambda0 is None:
        lambda0 = np.full((nb, t0), 1.0 / t0)
    if opts.method == "did":
        lam, om = lambda0, omega0
    else:
        if opts.method == "sc":
            lam = np.zeros((nb, t0))
        else:
            a, b = yc[:, :n0, :t0], yc[:, :n0, t0]
            z2, md = opts.zeta_lambda**2 * ones, opts.min_decrease * ones
            lam = _fw_batch(a, b, lambda0, n0 * z2, z2, md, opts.max_iter_pre_sparsify, True)
            lam = _fw_batch(a, b, _sparsify(lam), n0 * z2, z2, md, opts.max_iter, True)
        a, b = np.transpose(yc[:, :n0, :t0], (0, 2, 1)), yc[:, n0, :t0]
        z2, md = opts.zeta_omega**2 * ones, opts.min_decrease * ones
        intercept = opts.method == "sdid"
        om = _fw_batch(a, b, omega0, t0 * z2, z2, md, opts.max_iter_pre_sparsify, intercept)
        om = _fw_batch(a, b, _sparsify(om), t0 * z2, z2, md, opts.max_iter, intercept)
    left = np.concatenate([-om, np.full((nb, n1), 1.0 / n1)], axis=1)
    right = np.concatenate([-lam, np.full((nb, t1), 1.0 / t1)], axis=1)
    tau = np.einsum("bn,bnt,bt->b", left, y, right)
    return tau, om, lam


@dataclass(frozen=True)
class SyntheticDiDResult(Result):
    """Synthetic difference-in-differences (or its SC / DID special cases) with placebo inference.

    Attributes
    ----------
    table : pandas.DataFrame
        One row: ``term, estimate, std_error, conf_low, conf_high, p_value`` (normal reference with the
        placebo standard error of Arkhangelsky et al. 2021, Algorithm 4).
    cohorts : pandas.DataFrame
        One row per adoption cohort: ``cohort, n_treated, n_pre, n_post, weight, estimate``.
    unit_weights : pandas.DataFrame
        ``cohort, unit, weight`` (omega) for control units with positive weight.
    time_weights : pandas.DataFrame
        ``cohort, time, weight`` (lambda) for pre-periods with positive weight.
    paths : pandas.DataFrame
        For the largest cohort: ``time, treated`` (treated mean) and ``synthetic`` (omega-weighted controls,
        shifted by the weighted pre-period difference), the picture of the paper's Figure 1.
    placebo_estimates : numpy.ndarray
        The placebo estimates behind ``std_error``.
    spec : dict
    citation : str
    """

    table: pd.DataFrame
    cohorts: pd.DataFrame
    unit_weights: pd.DataFrame
    time_weights: pd.DataFrame
    paths: pd.DataFrame
    placebo_estimates: np.ndarray
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = SDID_CITATION

    @property
    def att(self) -> float:
        """The average effect on the treated."""
        return float(self.table["estimate"].iloc[0])

    @property
    def se(self) -> float:
        """The placebo standard error."""
        return float(self.table["std_error"].iloc[0])

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Treated mean and its synthetic comparison (largest cohort), time weights shaded; returns the ``Figure``."""
        from trends.charts.theme import OKABE_ITO
        from trends.impact._common import figure_axes, number_ticks
        from trends.messages import t

        fig, ax = figure_axes(ax, (8, 4.5))
        p = self.paths
        ax.plot(p["time"], p["treated"], color=OKABE_ITO["black"], lw=1.6, label=t("plot.treated_mean", lang))
        ax.plot(
            p["time"],
            p["synthetic"],
            color=OKABE_ITO["blue"],
            lw=1.6,
            ls="--",
            label=t("plot.synthetic_shifted", lang),
        )
        ax.axvline(self.spec["plot_cohort"], color="0.5", lw=0.8, ls=":")
        tw = self.time_weights[self.time_weights["cohort"] == self.spec["plot_cohort"]]
        if len(tw):
            lo = ax.get_ylim()[0]
            ax.bar(
                tw["time"],
                (tw["weight"] / tw["weight"].max()) * 0.1 * np.ptp(ax.get_ylim()),
                bottom=lo,
                color=OKABE_ITO["orange"],
                alpha=0.6,
                label=t("plot.time_weights", lang),
                width=0.8 if not pd.api.types.is_datetime64_any_dtype(tw["time"]) else 20,
            )
        ax.set_xlabel(self.spec["tname"])
        ax.set_ylabel(self.spec["yname"])
        number_ticks(ax.yaxis, lang)  # the outcome's units, often counts
        ax.legend(frameon=False)
        return fig

    def __repr__(self) -> str:
        return f"SyntheticDiDResult({self.spec['method']}: ATT {self.att:.4g} (placebo s.e. {self.se:.3g}))"


@single_blas_thread
@legacy_arguments(
    renamed={"df": "data", "unit": "idname", "time": "tname", "outcome": "yname", "treatment": "dname"}
)
def synthdid(
    data: pd.DataFrame,
    *,
    idname: str,
    tname: str,
    yname: str,
    dname: str,
    method: Literal["sdid", "sc", "did"] = "sdid",
    se: Literal["placebo", "none"] = "placebo",
    replications: int = 200,
    alpha: float = 0.05,
    seed: int | None = 0,
) -> SyntheticDiDResult:
    """Synthetic difference-in-differences (Arkhangelsky, Athey, Hirshberg, Imbens & Wager 2021).

    The estimate is ``tau = (Ybar_tr,post - sum_t lambda_t Y_tr,t) - sum_i omega_i (Ybar_i,post - sum_t
    lambda_t Y_i,t)``: unit weights ``omega`` make the controls' pre-period path parallel to the treated mean
    (with an intercept and a ridge penalty ``zeta^2 |omega|^2``, ``zeta = (N_tr T_post)^(1/4) sigma``, sigma the
    standard deviation of the controls' first differences before adoption); time weights ``lambda`` make the
    pre-period resemble the post-period for the controls. Both are solved as in R ``synthdid`` (Frank-Wolfe,
    stop when the objective falls by less than ``(1e-5 sigma)^2``, sparsify after 100 steps).
    ``method="sc"`` (no time weights, no intercept, negligible penalty) and ``method="did"`` (uniform weights)
    give the paper's comparison estimators.

    Staggered adoption: each cohort (units first treated in the same period) is estimated against the
    never-treated units over the whole panel, and the cohort estimates are averaged with weights proportional
    to their treated unit-periods.

    Standard error: the placebo method (Algorithm 4): ``replications`` times, draw as many control units as
    there are treated units, give them the treated units' adoption periods, drop the treated units, and
    re-estimate; the standard error is ``sqrt((B-1)/B)`` times the standard deviation of these estimates. It
    requires more control units than treated units and assumes homoskedasticity across units.

    Parameters
    ----------
    data : pandas.DataFrame
        Balanced long panel.
    idname, tname, yname : str
        Unit, period and outcome columns.
    dname : str
        0/1 treatment column: 1 from a unit's adoption on (absorbing).
    method : {"sdid", "sc", "did"}
    se : {"placebo", "none"}
    replications : int, default 200
    alpha : float, default 0.05
    seed : int, optional
        Seed of the placebo draws.

    Returns
    -------
    SyntheticDiDResult
    """
    if method not in ("sdid", "sc", "did"):
        raise ValueError(f"method must be 'sdid', 'sc' or 'did', got {method!r}")
    if se not in ("placebo", "none"):
        raise ValueError(f"se must be 'placebo' or 'none', got {se!r}")
    wide = _wide_panel(data, idname, tname, yname)
    if dname not in data.columns:
        raise TrendsDataError(f"data has no treatment column {dname!r}")
    d = _wide_panel(data, idname, tname, dname).reindex(index=wide.index, columns=wide.columns)
    dv = d.to_numpy()
    if not np.isin(dv, (0, 1)).all():
        raise TrendsDataError(f"treatment column {dname!r} must be 0/1")
    if (np.diff(dv, axis=1) < 0).any():
        bad = wide.index[(np.diff(dv, axis=1) < 0).any(axis=1)].tolist()[:5]
        raise TrendsDataError(f"treatment switches off for unit(s) {bad}; synthdid needs absorbing treatment")
    times = wide.columns
    ever = dv.any(axis=1)
    first = np.where(ever, dv.argmax(axis=1), -1)
    controls = np.flatnonzero(~ever)
    if len(controls) < 2:
        raise TrendsDataError(f"synthdid needs at least two never-treated units; found {len(controls)}")
    always = ever & (first == 0)
    if always.any():
        warn(
            f"dropped {int(always.sum())} unit(s) treated in every period (no pre-period): "
            f"{wide.index[always].tolist()[:5]}"
        )
    cohort_pos = sorted(set(first[ever & ~always].tolist()))
    if not cohort_pos:
        raise TrendsDataError("no treated unit with at least one pre-treatment period")
    y = wide.to_numpy()
    if np.all(y == 0):
        raise TrendsDataError(f"outcome {yname!r} is zero for every unit and period; nothing to estimate")
    season = _season_length(pd.DatetimeIndex(times) if pd.api.types.is_datetime64_any_dtype(times) else times)
    short = [times[g] for g in cohort_pos if g < season]
    if short:
        warn(f"cohort(s) {short[:5]} have fewer pre-periods than one season ({season})")
    one_pre = [times[g] for g in cohort_pos if g < 2]
    if one_pre and method != "did":
        dates = ", ".join(str(d.date()) if isinstance(d, pd.Timestamp) else str(d) for d in one_pre)
        raise TrendsDataError(f"cohort(s) {dates} have a single pre-period; synthdid needs at least two")

    def estimate(yy: np.ndarray, ctrl: np.ndarray, firsts: dict[int, np.ndarray], opts_list=None, inits=None):
        taus, out = [], []
        for j, g in enumerate(cohort_pos):
            tr = firsts[g]
            block = yy[np.r_[ctrl, tr]][None]
            opts = opts_list[j] if opts_list is not None else _sdid_opts(block[0], len(ctrl), g, method)
            om0, la0 = (None, None) if inits is None else inits[j]
            tau, om, la = _sdid_batch(block, len(ctrl), g, opts, om0, la0)
            taus.append(float(tau[0]))
            out.append((opts, om[0], la[0]))
        return np.array(taus), out

    firsts = {g: np.flatnonzero(first == g) for g in cohort_pos}
    taus, fitted = estimate(y, controls, firsts)
    n_post = np.array([len(times) - g for g in cohort_pos])
    n_tr = np.array([len(firsts[g]) for g in cohort_pos])
    wts = n_tr * n_post / (n_tr * n_post).sum()
    att = float(wts @ taus)
    if not np.isfinite(att):  # pragma: no cover - defensive: the inputs were checked above
        raise TrendsDataError("synthdid produced a non-finite estimate; check the outcome for extreme values")

    placebo_est = np.zeros(0)
    n_treated = int(n_tr.sum())
    if se == "placebo":
        if len(controls) <= n_treated:
            raise TrendsDataError(
                f"the placebo standard error needs more control units ({len(controls)}) than treated units "
                f"({n_treated}); use se='none'"
            )
        rng = np.random.default_rng(seed)
        n0p = len(controls) - n_treated
        if len(cohort_pos) == 1:
            # Block design: exactly R synthdid's placebo_se (same regularisation, warm-started weights), batched.
            g = cohort_pos[0]
            opts, om, la = fitted[0]
            perms = np.array([rng.permutation(len(controls)) for _ in range(replications)])
            yb = y[controls][perms]
            om0 = om[perms[:, :n0p]]
            om0 = np.where(om0.sum(axis=1, keepdims=True) > 0, om0, 1.0)
            om0 = om0 / om0.sum(axis=1, keepdims=True)
            la0 = np.repeat(la[None], replications, axis=0)
            placebo_est, _, _ = _sdid_batch(yb, n0p, g, opts, om0, la0)
        else:
            # Staggered: each draw gives the treated units' adoption periods to random controls (Clarke et al.
            # 2023); the draws are re-estimated cohort by cohort, batched over draws.
            pattern = np.concatenate([np.full(len(firsts[g]), g) for g in cohort_pos])
            perms = np.array([rng.permutation(controls) for _ in range(replications)])
            tau_b = np.zeros((replications, len(cohort_pos)))
            for j, g in enumerate(cohort_pos):
                rows_b = np.concatenate([perms[:, :n0p], perms[:, n0p:][:, pattern == g]], axis=1)
                yb = y[rows_b]
                opts = _sdid_opts_batch(yb, n0p, g, method)
                tau_b[:, j], _, _ = _sdid_batch(yb, n0p, g, opts)
            placebo_est = tau_b @ wts
        b = len(placebo_est)
        se_val = float(np.sqrt((b - 1) / b) * np.std(placebo_est, ddof=1))
        z = stats.norm.ppf(1 - alpha / 2)
        p = float(2 * stats.norm.sf(abs(att) / se_val)) if se_val > 0 else float("nan")
        row = {
            "estimate": att,
            "std_error": se_val,
            "conf_low": att - z * se_val,
            "conf_high": att + z * se_val,
            "p_value": p,
        }
    else:
        row = {
            "estimate": att,
            "std_error": float("nan"),
            "conf_low": float("nan"),
            "conf_high": float("nan"),
            "p_value": float("nan"),
        }
    table = pd.DataFrame([{"term": f"att ({method})", **row}])
    cohorts = pd.DataFrame(
        {
            "cohort": [times[g] for g in cohort_pos],
            "n_treated": n_tr,
            "n_pre": cohort_pos,
            "n_post": n_post,
            "weight": wts,
            "estimate": taus,
        }
    )
    uw, tw = [], []
    for g, (_, om, la) in zip(cohort_pos, fitted, strict=True):
        for u, w in zip(wide.index[controls], om, strict=True):
            if w > 0:
                uw.append({"cohort": times[g], "unit": u, "weight": float(w)})
        for t, w in zip(times[:g], la, strict=True):
            if w > 0:
                tw.append({"cohort": times[g], "time": t, "weight": float(w)})
    jbig = int(np.argmax(n_tr))
    g = cohort_pos[jbig]
    _, om, la = fitted[jbig]
    tr_mean = y[firsts[g]].mean(axis=0)
    sc_path = om @ y[controls]
    shift = (
        (tr_mean[:g] - sc_path[:g]) @ la
        if method == "sdid"
        else ((tr_mean[:g] - sc_path[:g]).mean() if method == "did" else 0.0)
    )
    paths = pd.DataFrame({"time": times, "treated": tr_mean, "synthetic": sc_path + shift})
    spec = {
        "idname": idname,
        "tname": tname,
        "yname": yname,
        "dname": dname,
        "method": method,
        "se": se,
        "replications": replications,
        "alpha": alpha,
        "seed": seed,
        "plot_cohort": times[g],
        "n_controls": len(controls),
        "n_treated": n_treated,
    }
    return SyntheticDiDResult(
        table=table,
        cohorts=cohorts,
        unit_weights=pd.DataFrame(uw, columns=["cohort", "unit", "weight"]),
        time_weights=pd.DataFrame(tw, columns=["cohort", "time", "weight"]),
        paths=paths,
        placebo_estimates=placebo_est,
        spec=spec,
    )
