"""Charts for policymakers: one theme, vi/en labels from the same code, one function per chart, reproducible export.

Each chart function takes tidy pandas tables (the data contract of :mod:`trends.schema`, or the ``.table``
of a result), returns a :class:`matplotlib.figure.Figure` and never estimates anything. Every chart takes
``lang="vi" | "en"``, a ``title=`` that should state the message, ``source=`` and ``method=`` for the
footnote and ``simulated=True`` for the SIMULATED DATA banner. :func:`present` gives any other figure (a result's
``.plot()``, a hand-made ``plt.subplots`` figure) the same title, footnote, banner and theme.
:func:`save_figure` writes byte-identical PNG/SVG/PDF files with metadata and the plotted data as CSV beside
them.

Examples
--------
.. code-block:: python

    from trends.charts import FigureRegister, city_trend

    register = FigureRegister()
    for lang in ("vi", "en"):
        fig = city_trend(crimes, labels=OFFENCE_LABELS, lang=lang, title=TITLE[lang], source=SOURCE[lang],
                         simulated=True)
        register.save(fig, f"city_trend_{lang}", city_trend, "reports/hanoi/figures", lang=lang,
                      title=TITLE[lang], source=SOURCE[lang], method="rolling 12-month totals", version="0.1.0")
    register.write("reports/hanoi/figures")  # figures.csv and figures.md
"""

from trends.charts._layout import plot_data
from trends.charts.effects import counterfactual_plot, event_study_plot, ranked_effects
from trends.charts.export import FORMATS, FigureRecord, FigureRegister, save_figure, write_csv
from trends.charts.fan import fan_chart, forecast_small_multiples
from trends.charts.jobs import FigureJobs
from trends.charts.labels import CATALOGUE, clear_labels, label_for, register_labels, t
from trends.charts.presentation import present
from trends.charts.rollout import rollout_heatmap, rollout_order
from trends.charts.theme import (
    DPI,
    FONT_FAMILY,
    OKABE_ITO,
    PALETTE,
    SIZES,
    format_change,
    format_month,
    format_number,
    nfc,
    number_formatter,
    rc_params,
    theme,
)
from trends.charts.tilemap import tile_map
from trends.charts.trend import city_trend, district_small_multiples

__all__ = [
    "CATALOGUE",
    "DPI",
    "FONT_FAMILY",
    "FORMATS",
    "OKABE_ITO",
    "PALETTE",
    "SIZES",
    "FigureJobs",
    "FigureRecord",
    "FigureRegister",
    "city_trend",
    "clear_labels",
    "counterfactual_plot",
    "district_small_multiples",
    "event_study_plot",
    "fan_chart",
    "forecast_small_multiples",
    "format_change",
    "format_month",
    "format_number",
    "label_for",
    "nfc",
    "number_formatter",
    "plot_data",
    "present",
    "ranked_effects",
    "rc_params",
    "register_labels",
    "rollout_heatmap",
    "rollout_order",
    "save_figure",
    "t",
    "theme",
    "tile_map",
    "write_csv",
]
