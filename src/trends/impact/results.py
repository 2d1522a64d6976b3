"""Result types shared by the event-study estimators, and their side-by-side chart.

Every estimator of dynamic effects (Callaway & Sant'Anna aggregated by event time, Sun & Abraham,
Borusyak-Jaravel-Spiess imputation, TWFE leads and lags) returns one :class:`EventStudyResult`, so
that :func:`plot_event_studies` can draw several of them on one set of axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from trends.impact._common import warn
from trends.messages import check_lang, t
from trends.results import Result

__all__ = ["EVENT_STUDY_COLUMNS", "EventStudyResult", "event_study_table", "plot_event_studies"]

EVENT_STUDY_COLUMNS: tuple[str, ...] = (
    "estimator",
    "event_time",
    "estimate",
    "std_error",
    "conf_low",
    "conf_high",
    "p_value",
)


@dataclass(frozen=True)
class EventStudyResult(Result):
    """Dynamic effects by event time (periods since adoption), with their inference.

    Attributes
    ----------
    estimator : str
        Short name of the estimator (``"callaway_santanna"``, ``"sun_abraham"``, ``"imputation"``,
        ``"twfe"``).
    table : pandas.DataFrame
        One row per event time: ``estimator, event_time, estimate, std_error, conf_low, conf_high,
        p_value``. Reference periods (normalised to zero) have ``std_error`` 0 and ``p_value`` NaN.
    overall : pandas.DataFrame
        One row: the average post-adoption effect with the same columns (NaN-free when estimable).
    spec : dict
        The inputs that produced the result (column names and options), enough to re-run it.
    citation : str
        The paper the estimator implements.
    """

    _term_keys = ("event_time",)

    estimator: str
    table: pd.DataFrame
    overall: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = ""

    def event_study_coefficients(
        self, *, min_e: float = -np.inf, max_e: float = np.inf, ref: int = -1
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Event times, coefficients and a diagonal covariance (only standard errors are stored; warned)."""

        e = self.table["event_time"].to_numpy(dtype=float)
        est = self.table["estimate"].to_numpy(dtype=float)
        warn(
            f"{self.estimator} stores no covariance between event times: the bounds use a diagonal "
            "covariance (pass betahat and sigma for the full one)"
        )
        return e, est, np.diag(self.table["std_error"].to_numpy(dtype=float) ** 2), ref

    def _draw(self, ax: Any = None, *, lang: str = "en") -> Any:
        """Plot estimates and confidence intervals by event time; returns the matplotlib ``Figure``."""
        return plot_event_studies([self], ax=ax, lang=lang)

    def __repr__(self) -> str:
        o = self.overall.iloc[0]
        return (
            f"EventStudyResult({self.estimator}: {len(self.table)} event times, average post effect "
            f"{o['estimate']:.4f} (s.e. {o['std_error']:.4f}))"
        )


def plot_event_studies(
    results: Sequence[EventStudyResult],
    ax: Any = None,
    *,
    labels: Sequence[str] | None = None,
    title: str | None = None,
    lang: str = "en",
) -> Any:
    """Draw several event studies side by side (horizontally dodged) on one set of axes.

    Parameters
    ----------
    results : sequence of EventStudyResult
        Results to compare, e.g. Callaway & Sant'Anna, Sun & Abraham, imputation and TWFE.
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure is created otherwise.
    labels : sequence of str, optional
        Legend labels (default: each result's ``estimator``).
    title : str, optional
        Axes title.
    lang : {"en", "vi"}, default "en"
        Language of the axis labels (from :mod:`trends.messages`); ``labels`` and ``title`` are drawn as given,
        so pass them in the same language.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from trends.charts.theme import PALETTE
    from trends.impact._common import figure_axes

    check_lang(lang)
    if not results:
        raise ValueError("plot_event_studies needs at least one EventStudyResult")
    fig, ax = figure_axes(ax, (8, 4.5))
    labels = list(labels) if labels is not None else [r.estimator for r in results]
    k = len(results)
    width = 0.6 / max(k, 1)
    for i, (res, lab) in enumerate(zip(results, labels, strict=True)):
        tab = res.table
        x = tab["event_time"].to_numpy(dtype=float) + (i - (k - 1) / 2) * width
        y = tab["estimate"].to_numpy(dtype=float)
        lo = y - tab["conf_low"].to_numpy(dtype=float)
        hi = tab["conf_high"].to_numpy(dtype=float) - y
        colour = PALETTE[i % len(PALETTE)]
        ax.errorbar(x, y, yerr=np.vstack([lo, hi]), fmt="o", ms=4, capsize=2, color=colour, label=lab)
    ax.axhline(0, color="0.4", lw=0.8)
    ax.axvline(-0.5, color="0.6", lw=0.8, ls="--")
    ax.set_xlabel(t("plot.periods_since_adoption", lang))
    ax.set_ylabel(t("plot.effect_on_outcome", lang))
    if title:
        ax.set_title(title)
    if k > 1:
        ax.legend(frameon=False)
    return fig


def event_study_table(results: Sequence[EventStudyResult], value: str | None = None) -> pd.DataFrame:
    """Several event studies in one table, for side-by-side reading.

    Parameters
    ----------
    results : sequence of EventStudyResult
    value : str, optional
        A column (e.g. ``"estimate"``) to pivot into one column per estimator, indexed by event time.
        By default the tidy tables are stacked (long format).
    """
    long = pd.concat([r.table for r in results], ignore_index=True)
    if value is None:
        return long
    return long.pivot(index="event_time", columns="estimator", values=value)
