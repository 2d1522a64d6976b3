"""The result protocol (trends.results): tidy, conf_int at any level, summary, plot -> (fig, ax), compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from trends.results import Result, compare, normal_interval


@dataclass(frozen=True)
class _Toy(Result):
    table: pd.DataFrame
    spec: dict[str, Any] = field(default_factory=dict)
    citation: str = "Toy (2026)"


def _toy(est=(-0.2, 0.05), se=(0.05, 0.1)) -> _Toy:
    est, se = np.asarray(est), np.asarray(se)
    lo, hi = normal_interval(est, se, 0.95)
    table = pd.DataFrame(
        {"p_value": [0.01, 0.6], "term": ["treated", "x"], "estimate": est, "std_error": se, "conf_low": lo,
         "conf_high": hi, "extra": [1, 2]}
    )  # fmt: skip
    return _Toy(table)


def test_tidy_puts_the_standard_columns_first() -> None:
    assert list(_toy().tidy().columns) == [
        "term",
        "estimate",
        "std_error",
        "conf_low",
        "conf_high",
        "p_value",
        "extra",
    ]


def test_conf_int_at_the_fitted_and_at_another_level() -> None:
    res = _toy()
    assert res.estimate == -0.2 and res.std_error == 0.05
    at95 = res.conf_int()
    assert at95.loc["treated", "conf_low"] == pytest.approx(-0.2 - stats.norm.ppf(0.975) * 0.05)
    at90 = res.conf_int(0.90)
    assert at90.loc["treated", "conf_high"] == pytest.approx(-0.2 + stats.norm.ppf(0.95) * 0.05)
    with pytest.raises(ValueError, match="between 0 and 1"):
        res.conf_int(95)


def test_ratio_scale_intervals_never_pass_minus_100_percent() -> None:
    lo, hi = normal_interval(np.array([-0.9]), np.array([2.0]), 0.95, scale="ratio")
    assert -1 < lo[0] < -0.9 < hi[0]


def test_summary_and_sentence_do_not_turn_a_wide_interval_into_no_effect() -> None:
    res = _toy(est=(0.05, 0.0), se=(0.1, 0.1))
    text = res.summary()
    assert "Toy (2026)" in text and "treated" in text
    assert (
        "consistent with no effect" in res.sentence() and "do not show that there is none" in res.sentence()
    )
    assert "lies below zero" in _toy().sentence()


def test_plot_returns_fig_and_ax() -> None:
    import matplotlib

    matplotlib.use("Agg")
    fig, ax = _toy().plot()
    assert ax in fig.axes
    assert len(ax.collections[1].get_offsets()) == 2


def test_compare_sets_results_side_by_side_in_term_order() -> None:
    out = compare({"a": _toy(), "b": _toy(est=(0.3, 0.1))}, stars=True)
    assert list(out.index.get_level_values("term").unique()) == ["treated", "x"]
    assert out.loc[("treated", "estimate"), "a"] == "-0.2000*"
    assert out.loc[("treated", "std_error"), "b"] == "(0.0500)"
