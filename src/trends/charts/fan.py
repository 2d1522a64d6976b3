"""The forecast fan chart: recorded history, the point forecast and its 80% / 95% prediction intervals."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.figure import Figure

from trends.charts._layout import finish, new_figure, title_axes, top_legend
from trends.charts.labels import t
from trends.charts.theme import OKABE_ITO, check_lang, nfc, number_formatter, theme

__all__ = ["fan_chart"]


def fan_chart(
    history: pd.DataFrame,
    forecast: pd.DataFrame,
    *,
    value_label: str | None = None,
    lang: str = "vi",
    title: str | None = None,
    source: str | None = None,
    method: str | None = None,
    simulated: bool = False,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "slide",
) -> Figure:
    """Recorded history followed by a forecast with nested 80% and 95% prediction intervals.

    Parameters
    ----------
    history : pandas.DataFrame
        ``period``, ``value``.
    forecast : pandas.DataFrame
        ``period``, ``mean`` and any of the pairs ``lo_80``/``hi_80``, ``lo_95``/``hi_95``.
    value_label : str, optional
        y-axis label (default: "Offences").
    lang, title, source, method, simulated, ax, size
        As in :func:`trends.charts.city_trend`. The default method note warns that real uncertainty is
        usually wider than model intervals (on crime series, 80% intervals covered 50–78% of outcomes).

    Returns
    -------
    matplotlib.figure.Figure
        ``ax.lines[0]`` is the history, ``ax.lines[1]`` the forecast mean; ``ax.collections`` hold the 95%
        then the 80% band. Intervals are drawn as given (a negative lower bound is not clipped). The plotted
        data is attached.
    """
    check_lang(lang)
    for name, frame, cols in (
        ("history", history, ["period", "value"]),
        ("forecast", forecast, ["period", "mean"]),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
    hist = history.loc[:, ["period", "value"]].copy()
    hist["period"] = pd.to_datetime(hist["period"])
    hist = hist.sort_values("period")
    fc = forecast.copy()
    fc["period"] = pd.to_datetime(fc["period"])
    fc = fc.sort_values("period")
    bands = [lvl for lvl in (95, 80) if {f"lo_{lvl}", f"hi_{lvl}"} <= set(fc.columns)]

    with theme(size):
        if ax is None:
            fig, ax_ = new_figure(size)
            own = True
        else:
            fig, ax_, own = ax.figure, ax, False
        ax_.plot(
            hist["period"].to_numpy(),
            hist["value"].to_numpy(dtype=float),
            color="#000000",
            lw=1.6,
            label=t("history", lang),
        )
        ax_.plot(
            fc["period"].to_numpy(),
            fc["mean"].to_numpy(dtype=float),
            color=OKABE_ITO["blue"],
            lw=1.8,
            linestyle="--",
            label=t("forecast", lang),
        )
        alphas = {95: 0.18, 80: 0.35}
        for lvl in bands:
            ax_.fill_between(
                fc["period"].to_numpy(),
                fc[f"lo_{lvl}"].to_numpy(dtype=float),
                fc[f"hi_{lvl}"].to_numpy(dtype=float),
                color=OKABE_ITO["blue"],
                alpha=alphas[lvl],
                lw=0,
                label=t(f"pi{lvl}", lang),
            )
        ax_.axvline(fc["period"].iloc[0], color="#4D4D4D", lw=0.9, linestyle=":", zorder=1)
        ax_.set_ylabel(nfc(value_label) if value_label else t("count", lang))
        ax_.yaxis.set_major_formatter(number_formatter(lang))
        ax_.xaxis.set_major_locator(YearLocator())
        ax_.xaxis.set_major_formatter(DateFormatter("%Y"))
        top_legend(ax_)
        cols = ["period", "mean"] + [
            c for lvl in (80, 95) if lvl in bands for c in (f"lo_{lvl}", f"hi_{lvl}")
        ]
        data = pd.concat(
            [
                hist.rename(columns={"value": "value"}).assign(kind="history"),
                fc[cols].rename(columns={"mean": "value"}).assign(kind="forecast"),
            ],
            ignore_index=True,
        )
        data = data[["period", "kind", "value"] + [c for c in cols if c.startswith(("lo_", "hi_"))]]
        if not own:
            title_axes(ax_, title)
            return fig
        return finish(
            fig,
            title=title or t("title_fan_chart", lang),
            lang=lang,
            source=source,
            method=method or t("method_fan_chart", lang),
            simulated=simulated,
            data=data,
        )
