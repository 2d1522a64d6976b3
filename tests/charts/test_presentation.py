"""Tests of trends.charts.present: any drawn figure becomes a report chart (title, footnote, banner, theme)."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import trends.charts as ch
from trends.charts._layout import BANNER_GID, FOOTNOTE_GID

BANNER = {lang: ch.t("simulated", lang) for lang in ("vi", "en")}


def _drawn(fig: Figure):
    """Lay the figure out and draw it; return its renderer."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _footer_clear_of_axes(fig: Figure) -> bool:
    """The footnote and banner sit below every axes (tick labels and axis labels included), the title above."""
    renderer = _drawn(fig)
    foot_top = max(
        t.get_window_extent(renderer).y1 for t in fig.texts if t.get_gid() in (FOOTNOTE_GID, BANNER_GID)
    )
    axes = [ax.get_tightbbox(renderer) for ax in fig.axes]
    title_bottom = fig._suptitle.get_window_extent(renderer).y0  # type: ignore[union-attr]
    return foot_top < min(b.y0 for b in axes) and max(b.y1 for b in axes) < title_bottom


def _result_like() -> Figure:
    """A figure as a result's .plot() makes it: constrained layout, no title, English labels."""
    fig = Figure(figsize=(7, 2.5), layout="constrained")
    ax = fig.subplots()
    ax.errorbar([0.1, -0.05, 0.02], [2, 1, 0], xerr=0.05, fmt="o", color="#0072B2")
    ax.set_yticks([2, 1, 0], ["original", "placebo -6", "placebo -12"])
    ax.set_xlabel("estimate")
    return fig


def test_pyplot_figure_gets_title_footnote_banner_and_room() -> None:
    fig, axes = plt.subplots(3, 1, figsize=(8, 6), sharex=True)  # no layout engine
    for ax in axes:
        ax.plot(np.arange(40), np.sin(np.arange(40)))
        ax.set_ylabel("observed")
    height = fig.get_size_inches()[1]
    out = ch.present(fig, title="Recorded crime fell", lang="en", source="Hanoi Police", simulated=True)
    assert out is fig
    assert fig.get_suptitle() == "Recorded crime fell"
    texts = [t.get_text() for t in fig.texts]
    assert BANNER["en"] in texts and "Source: Hanoi Police." in texts
    assert fig.get_layout_engine() is not None  # constrained layout reserves the room
    assert fig.get_size_inches()[1] > height  # grown by the title and footnote: the plot keeps its size
    assert _footer_clear_of_axes(fig)
    plt.close(fig)


def test_result_figure_in_vietnamese() -> None:
    fig = _result_like()
    ch.present(
        fig.axes[0],  # an Axes is accepted too
        title="Hệ số DiD Poisson: ngày thật và ngày giả định",
        lang="vi",
        source="Công an thành phố",
        method="DiD Poisson",
        simulated=True,
        xlabel="Hệ số",
    )
    texts = [t.get_text() for t in fig.texts]
    assert BANNER["vi"] in texts and BANNER["en"] not in texts
    assert "Nguồn: Công an thành phố. Phương pháp: DiD Poisson." in texts
    assert fig.axes[0].get_xlabel() == "Hệ số"
    assert _footer_clear_of_axes(fig)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    assert not [w for w in record if "Glyph" in str(w.message)]


def test_real_data_has_no_banner_and_says_when_the_source_is_missing() -> None:
    fig = ch.present(_result_like(), title="Castle doctrine", lang="en")
    texts = [t.get_text() for t in fig.texts]
    assert BANNER["en"] not in texts
    assert ch.t("source", "en", source=ch.t("source_missing", "en")) + "." in texts


def test_presenting_again_replaces_and_does_not_grow_again() -> None:
    fig = _result_like()
    ch.present(fig, title="First", lang="en", source="A", simulated=True)
    size = tuple(fig.get_size_inches())
    n = len(fig.texts)
    ch.present(fig, title="Second", lang="en", source="B", simulated=True)
    assert fig.get_suptitle() == "Second" and len(fig.texts) == n
    assert tuple(fig.get_size_inches()) == pytest.approx(size)
    assert "Source: B." in [t.get_text() for t in fig.texts]
    assert "Source: A." not in [t.get_text() for t in fig.texts]


def test_size_sets_the_whole_figure() -> None:
    fig = ch.present(_result_like(), title="T", lang="en", size="print")
    assert tuple(fig.get_size_inches()) == pytest.approx(ch.SIZES["print"])


def test_tight_layout_keeps_title_and_footnote_clear() -> None:
    fig = Figure(figsize=(6, 4), layout="tight")
    ax = fig.subplots()
    ax.plot([1, 2, 3])
    ax.set_xlabel("period")
    ch.present(fig, title="A title that wraps " * 4, lang="en", simulated=True)
    assert _footer_clear_of_axes(fig)


def test_manual_layout_with_colorbar_still_makes_room() -> None:
    fig, ax = plt.subplots(figsize=(6, 4))
    fig.colorbar(ax.imshow(np.arange(25).reshape(5, 5)))  # constrained layout cannot take this figure over
    ch.present(fig, title="Heat", lang="en", simulated=True)
    assert fig.get_layout_engine() is None
    assert _footer_clear_of_axes(fig)
    plt.close(fig)


def test_theme_applied_after_drawing() -> None:
    fig, ax = plt.subplots()
    (default,) = ax.plot([1, 2], [1, 2])  # matplotlib's first cycle colour
    (explicit,) = ax.plot([1, 2], [2, 1], color="#123456")
    bars = ax.bar([1, 2], [1, 2], alpha=0.5)  # the cycle's second colour... drawn from the same cycle
    ax.legend(["a", "b"], frameon=True)
    ch.present(fig, title="T", lang="en")
    assert to_hex(default.get_color()) == ch.PALETTE[0].lower()
    assert to_hex(explicit.get_color()) == "#123456"
    assert to_hex(bars[0].get_facecolor(), keep_alpha=False) in {c.lower() for c in ch.PALETTE}
    assert bars[0].get_facecolor()[3] == pytest.approx(0.5)
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert not ax.get_legend().get_frame_on()
    assert any(line.get_visible() for line in ax.get_ygridlines())  # numeric y: grid along y
    plt.close(fig)


def test_grid_runs_along_the_value_axis_of_a_sideways_chart() -> None:
    fig = _result_like()  # categories on the y axis
    ch.present(fig, title="T", lang="en")
    ax = fig.axes[0]
    assert any(line.get_visible() for line in ax.get_xgridlines())
    assert not any(line.get_visible() for line in ax.get_ygridlines())


def test_vietnamese_ticks_take_the_decimal_comma() -> None:
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0.0, 0.5, 1.5], [0.25, 0.5, 0.75])
    ax.set_xticks([0.0], ["a.b"])  # labels given by the figure's code are kept
    ch.present(fig, title="Tỷ lệ", lang="vi")
    _drawn(fig)
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all("." not in label for label in labels) and any("," in label for label in labels)
    assert ax.get_xticklabels()[0].get_text() == "a.b"


def test_xlabel_and_ylabel_replace_the_labels_shown() -> None:
    fig = Figure()
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.set_ylabel("observed")
    bottom.set_ylabel("trend")
    bottom.set_xlabel("time")
    ch.present(fig, title="T", lang="en", xlabel="Period", ylabel="Cases")
    assert (top.get_xlabel(), bottom.get_xlabel()) == ("", "Period")
    assert (top.get_ylabel(), bottom.get_ylabel()) == ("Cases", "Cases")
    fig = Figure()
    ax = fig.subplots()
    ch.present(fig, title="T", lang="en", xlabel="Period")  # no label yet: the first axes gets it
    assert ax.get_xlabel() == "Period"


def test_keeps_plot_data_for_export() -> None:
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    fig = ch.present(_result_like(), title="T", lang="en", data=data)
    pd.testing.assert_frame_equal(ch.plot_data(fig), data)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lang"):
        ch.present(_result_like(), title="T", lang="fr")
    with pytest.raises(TypeError, match="Figure or Axes"):
        ch.present("not a figure", title="T", lang="en")  # type: ignore[arg-type]
