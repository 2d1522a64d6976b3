"""Shared helpers of :mod:`trends.impact`: option validation, tidy tables, thread control, inference."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec, TypeVar

import numpy as np
import pandas as pd
from scipy import stats

from trends.schema import TrendsDataError, user_stacklevel

TABLE_COLUMNS: tuple[str, ...] = ("estimate", "std_error", "conf_low", "conf_high", "p_value")


class NoComparisonError(TrendsDataError):
    """The data hold nothing to compare adopters with (every unit adopted at once or before the data, or every
    cell is treated or exposed): no effect can be estimated. A :class:`~trends.schema.TrendsDataError`, so that
    callers can say so in words rather than pass the message on."""


class ImpactWarning(UserWarning):
    """A warning from :mod:`trends.impact` that says what was dropped or changed in the input."""


def warn(message: str) -> None:
    """Emit an :class:`ImpactWarning` attributed to the first caller outside the ``trends`` package."""
    warnings.warn(message, ImpactWarning, stacklevel=user_stacklevel())


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """Validate an option against its allowed values (a ``ValueError`` naming both otherwise)."""
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not one of {', '.join(repr(c) for c in choices)}")
    return value


def check_columns(data: pd.DataFrame, columns: Sequence[str | None], what: str = "data") -> None:
    """Raise :class:`TrendsDataError` naming every column of ``columns`` missing from ``data``."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise TrendsDataError(
            f"{what} has no column(s) {', '.join(map(repr, missing))}; columns present: "
            f"{', '.join(map(str, data.columns[:20]))}"
        )


def parse_covariates(xformla: str | Sequence[str] | None, data: pd.DataFrame) -> list[str]:
    """Covariate names from an R-style right-hand side (``"~ lpop + x"``) or a list of column names."""
    if xformla is None:
        return []
    if isinstance(xformla, str):
        rhs = xformla.split("~", 1)[-1].strip()
        if rhs in ("", "1"):
            return []
        names = [p.strip() for p in rhs.split("+")]
        names = [n for n in names if n not in ("1", "")]
    else:
        names = list(xformla)
    bad = [n for n in names if n not in data.columns]
    if bad:
        raise TrendsDataError(
            f"covariate(s) {', '.join(map(repr, bad))} are not columns of the data (only plain column "
            "names joined by '+' are understood; build transformed covariates as columns first)"
        )
    return names


@contextmanager
def blas_threads(n: int | None = 1) -> Iterator[None]:
    """Limit BLAS/OpenMP threads inside heavy calls (default threading was 5-27x slower on 2 cores)."""
    if n is None:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=n):
        yield


def tidy(
    estimate: np.ndarray,
    std_error: np.ndarray,
    crit: float | np.ndarray,
    index: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A tidy table: ``estimate, std_error, conf_low, conf_high, p_value`` (normal reference).

    ``crit`` is the critical value for the bounds (1.96 pointwise, or a simultaneous-band value).
    """
    est = np.asarray(estimate, dtype=float)
    se = np.asarray(std_error, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = est / se
        p = np.where(se > 0, 2 * stats.norm.sf(np.abs(z)), np.nan)
    out = pd.DataFrame(
        {
            "estimate": est,
            "std_error": se,
            "conf_low": est - crit * se,
            "conf_high": est + crit * se,
            "p_value": p,
        }
    )
    if index is not None:
        out = pd.concat([index.reset_index(drop=True), out], axis=1)
    return out


def draw_multipliers(rng: np.random.Generator, size: tuple[int, int], kind: str = "mammen") -> np.ndarray:
    """Multiplier-bootstrap weights with mean 0 and variance 1.

    ``"mammen"`` is the two-point distribution of Mammen (1993) used by R ``did``;
    ``"rademacher"`` is +-1 with equal probability; ``"webb"`` is Webb's (2014) six-point distribution.
    """
    if kind == "mammen":
        s5 = np.sqrt(5.0)
        p = (s5 + 1) / (2 * s5)
        u = rng.random(size)
        return np.where(u < p, (1 - s5) / 2, (1 + s5) / 2)
    if kind == "rademacher":
        return rng.integers(0, 2, size=size).astype(float) * 2 - 1
    if kind == "webb":
        vals = np.array([-np.sqrt(1.5), -1, -np.sqrt(0.5), np.sqrt(0.5), 1, np.sqrt(1.5)])
        return vals[rng.integers(0, 6, size=size)]
    raise ValueError(f"unknown multiplier distribution {kind!r} (mammen, rademacher, webb)")


def bootstrap_summary(draws: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    """Bootstrap standard errors and the sup-t critical value, as in R ``did``'s ``mboot``.

    ``draws`` is ``(biters, k)``: bootstrap deviations of each estimate from the point estimate.
    The standard error is the interquartile range over ``qnorm(.75) - qnorm(.25)``; the critical
    value is the ``1 - alpha`` quantile of ``max_k |draw_k / se_k|`` (a uniform band).
    """
    q75, q25 = np.quantile(draws, [0.75, 0.25], axis=0, method="inverted_cdf")
    se = (q75 - q25) / (stats.norm.ppf(0.75) - stats.norm.ppf(0.25))
    tiny = np.sqrt(np.finfo(float).eps) * 10
    se = np.where(se > tiny, se, np.nan)
    ok = np.isfinite(se)
    if not ok.any():
        return se, float("nan")
    t = np.abs(draws[:, ok] / se[ok])
    crit = float(np.quantile(t.max(axis=1), 1 - alpha, method="inverted_cdf"))
    return se, crit


def period_codes(df: pd.DataFrame, tname: str, gname: str) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Numeric period and cohort codes (never treated = 0) for numeric or datetime periods.

    Datetime periods become positions 1..T on the sorted grid of observed periods, and a datetime cohort
    the position of the first period on or after it (cohorts after the last period become 0). Returns
    ``(t, g, periods)`` with ``periods`` the sorted labels.
    """
    periods = np.sort(df[tname].dropna().unique())
    if pd.api.types.is_datetime64_any_dtype(df[tname]):
        t = df[tname].map({p: i + 1 for i, p in enumerate(periods)}).astype(float)
        gv = df[gname]
        if not pd.api.types.is_datetime64_any_dtype(gv):
            raise TrendsDataError(
                f"time column {tname!r} is datetime, so cohort column {gname!r} must be too"
            )
        g = np.searchsorted(periods, gv.to_numpy(), side="left").astype(float) + 1
        g[gv.isna().to_numpy() | (g > len(periods))] = 0.0
        return t, pd.Series(g, index=df.index), periods
    if not pd.api.types.is_numeric_dtype(df[tname]):
        raise TrendsDataError(f"time column {tname!r} must be numeric or datetime, got {df[tname].dtype}")
    g = pd.to_numeric(df[gname], errors="coerce").fillna(0.0).astype(float)
    return df[tname].astype(float), g, periods


def subplots(*args: Any, figsize: tuple[float, float] | None = None, **kwargs: Any) -> tuple[Any, Any]:
    """A figure and its axes without pyplot state, so a notebook shows a returned figure once, not twice."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.subplots(*args, **kwargs)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def single_blas_thread(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` with one BLAS thread: many tiny solves are 10x slower with default threading on 2 cores."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with blas_threads(1):
            return fn(*args, **kwargs)

    return wrapper


def plot_number(value: float, lang: str, digits: int = 3) -> str:
    """``value`` to ``digits`` significant digits (as ``f"{value:.{digits}g}"``), written as ``lang`` writes numbers.

    The decimals are those the ``g`` format shows; :func:`trends.charts.format_number` writes them (decimal comma
    in Vietnamese, the minus sign ``−``). A value the ``g`` format writes with an exponent keeps it.
    """
    from trends.charts import format_number

    text = f"{value:.{digits}g}"
    if not np.isfinite(value) or "e" in text:
        return text.replace(".", ",") if lang == "vi" else text
    return format_number(float(value), lang, len(text.partition(".")[2]))


def number_ticks(axis: Any, lang: str) -> None:
    """Write the tick labels of ``axis`` (``ax.yaxis``) as ``lang`` writes numbers, as the report's charts do:
    1.000 and 2,5 in Vietnamese, 1,000 and 2.5 in English (matplotlib's own ticks read 1000 in both)."""
    from trends.charts.theme import number_formatter

    axis.set_major_formatter(number_formatter(lang, 4))


def figure_axes(ax: Any, figsize: tuple[float, float] | None = None) -> tuple[Any, Any]:
    """The figure and axes a ``plot(ax=None)`` method draws on: the caller's axes, or a new figure's."""
    if ax is not None:
        return ax.figure, ax
    return subplots(figsize=figsize)


def event_time_indicators(
    e: np.ndarray, treated: np.ndarray, min_e: int | None, max_e: int | None, ref: int
) -> tuple[pd.DataFrame, list[int]]:
    """Event-time dummies of a TWFE-style event study, relative to ``ref``, with end points binned.

    Event times outside ``[min_e, max_e]`` join the end bins. Without never-treated units one more lead is
    dropped (it is collinear with the period effects), with a warning.

    Returns
    -------
    (DataFrame of ``_e<k>`` indicator columns aligned with ``e``, list of the event times k kept)
    """
    lo = np.nanmin(e) if min_e is None else min_e
    hi = np.nanmax(e) if max_e is None else max_e
    e = np.where(treated, np.clip(e, lo, hi), np.nan)
    es = [int(x) for x in np.unique(e[~np.isnan(e)]) if int(x) != ref]
    if not (~treated).any():
        drop = min(es)
        warn(f"no never-treated units: event time {drop} is also omitted (binned with the reference)")
        es = [x for x in es if x != drop]
    return pd.DataFrame({f"_e{x}": (e == x).astype(float) for x in es}), es


# ---------------------------------------------------------------------------------------------------
# Variance choices of the regression estimators (twfe, ppml): fixest / pyfixest conventions
# ---------------------------------------------------------------------------------------------------
VCOV_TYPES: tuple[str, ...] = ("cluster", "hc1", "iid")


@dataclass(frozen=True)
class SSC:
    """A small-sample correction of a covariance matrix, as fixest's ``ssc()`` (and pyfixest's) names it.

    Attributes
    ----------
    adj : bool
        Multiply by ``(N - 1) / (N - K)``.
    fixef_k : {"nested", "full", "none"}
        Which fixed effects count in ``K``: ``"nested"`` (fixest's default) leaves out those nested in the
        clusters (with clustering by unit, the unit effects), ``"full"`` counts every one (what a regression
        with explicit dummies counts: Stata's ``reg ..., cluster()``, statsmodels), ``"none"`` counts only the
        regressors. Without clustering nothing is nested, so ``"nested"`` counts them all.
    cluster_adj : bool
        Multiply a clustered covariance by ``G / (G - 1)`` (and a heteroskedasticity-robust one by
        ``N / (N - 1)``, so that with ``adj`` it is HC1's ``N / (N - K)``).
    """

    adj: bool = True
    fixef_k: Literal["nested", "full", "none"] = "nested"
    cluster_adj: bool = True

    def __post_init__(self) -> None:
        check_choice("fixef_k", self.fixef_k, ("nested", "full", "none"))

    def factor(
        self, vcov: str, *, n_obs: int, n_clusters: int, k_x: int, k_fe_full: int, k_fe_nested: int
    ) -> float:
        """The multiplier of the sandwich (or of ``sigma^2 (X'X)^-1``) for ``vcov``."""
        check_choice("vcov", vcov, VCOV_TYPES)
        if self.fixef_k == "none":
            k_fe = 0
        elif self.fixef_k == "nested" and vcov == "cluster":
            k_fe = k_fe_nested
        else:
            k_fe = k_fe_full
        N, K = n_obs, k_x + k_fe
        c = 1.0
        if self.cluster_adj and vcov == "cluster":
            c = n_clusters / (n_clusters - 1)
        elif self.cluster_adj and vcov == "hc1":
            c = N / (N - 1)
        # in the order the estimators always computed G / (G - 1) * (N - 1) / (N - K): identical to the last bit
        return c * (N - 1) / (N - K) if self.adj else c


#: fixest's default correction: CR1 with fixed effects nested in the clusters left out of K.
DEFAULT_SSC = SSC()


def ssc(
    adj: bool = True, fixef_k: Literal["nested", "full", "none"] = "nested", cluster_adj: bool = True
) -> SSC:
    """A small-sample correction for ``twfe(..., ssc=)`` and ``ppml(..., ssc=)``, as fixest's ``ssc()``.

    ``ssc()`` is the default (fixest's: fixed effects nested in the clusters are not counted);
    ``ssc(fixef_k="full")`` reproduces Stata's ``reg y d i.unit i.period, cluster(unit)`` and a regression with
    explicit dummies in statsmodels (``cov_type="cluster"``). See :class:`SSC`.
    """
    return SSC(adj=adj, fixef_k=fixef_k, cluster_adj=cluster_adj)


def sandwich(
    bread: np.ndarray,
    scores: np.ndarray,
    vcov: str,
    cluster: np.ndarray,
    n_clusters: int,
    factor: float = 1.0,
) -> np.ndarray:
    """``factor * bread @ meat @ bread``, the meat summed by cluster (``"cluster"``) or by observation (``"hc1"``).

    ``scores`` are the observations' score contributions (``x_i w_i u_i``; N x K). The factor multiplies the
    bread first, as the estimators always did, so that results are identical to the last bit.
    """
    if vcov == "cluster":
        S = np.zeros((n_clusters, scores.shape[1]))
        np.add.at(S, cluster, scores)
        return factor * bread @ (S.T @ S) @ bread
    return factor * bread @ (scores.T @ scores) @ bread
