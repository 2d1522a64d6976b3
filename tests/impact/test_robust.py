"""Robustness wrappers: placebo adoption dates and leave-one-out around any estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from trends.impact.robust import leave_one_out, placebo_dates
from trends.impact.synthdid import synthdid


def _panel(anticipation: int = 0, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n, tt = 16, 30
    first = np.full(n, -1)
    first[:8] = rng.choice([15, 20], 8)
    a = rng.normal(0, 2, n)[:, None]
    b = rng.normal(0, 1, tt)[None]
    t = np.arange(tt)[None]
    d = (first[:, None] >= 0) & (t >= first[:, None])
    early = (first[:, None] >= 0) & (t >= first[:, None] - anticipation) & ~d
    y = 10 + a + b + rng.normal(0, 0.3, (n, tt)) - 2.0 * d - 2.0 * early
    return pd.DataFrame(
        {
            "u": np.repeat(np.arange(n), tt),
            "t": np.tile(np.arange(tt), n),
            "y": y.ravel(),
            "d": d.ravel().astype(int),
        }
    )


def twfe(df: pd.DataFrame) -> float:
    return float(smf.ols("y ~ d + C(u) + C(t)", df).fit().params["d"])


def test_placebo_dates_zero_without_anticipation_and_nonzero_with():
    res = placebo_dates(_panel(), twfe, idname="u", tname="t", dname="d", shifts=(3, 6))
    tab = res.table.set_index("check")
    assert tab.loc["original", "estimate"] == pytest.approx(-2.0, abs=0.2)
    assert abs(tab.loc["placebo -3", "estimate"]) < 0.3
    assert abs(tab.loc["placebo -6", "estimate"]) < 0.3
    antic = placebo_dates(_panel(anticipation=3), twfe, idname="u", tname="t", dname="d", shifts=(3,))
    assert antic.table.set_index("check").loc["placebo -3", "estimate"] < -1.0
    fig, _ = res.plot()
    data_line = fig.axes[0].containers[0].lines[0]
    np.testing.assert_allclose(np.asarray(data_line.get_xdata(), dtype=float), res.table["estimate"])


def test_leave_one_out_with_a_result_object():
    df = _panel()

    def est(d: pd.DataFrame):
        return synthdid(d, idname="u", tname="t", yname="y", dname="d", se="none")

    res = leave_one_out(df, est, idname="u", units=[0, 8, 9])
    tab = res.table
    assert list(tab["check"]) == ["original", "without 0", "without 8", "without 9"]
    assert (tab["estimate"].sub(-2.0).abs() < 0.3).all()
    np.testing.assert_allclose(tab["change"], tab["estimate"] - tab["estimate"].iloc[0])


def test_bad_estimator_output_and_failures_reported():
    df = _panel()
    with pytest.raises(TypeError, match="must return a number"):
        leave_one_out(df, lambda d: "oops", idname="u", units=[0])
    with pytest.raises(ValueError, match="shifts must be positive"):
        placebo_dates(df, twfe, idname="u", tname="t", dname="d", shifts=(0,))

    def fragile(d: pd.DataFrame) -> float:
        if 3 not in set(d["u"]):
            raise ValueError("unit 3 is needed")
        return 1.0

    res = leave_one_out(df, fragile, idname="u", units=[3, 4])
    row = res.table.set_index("check").loc["without 3"]
    assert np.isnan(row["estimate"]) and "unit 3 is needed" in row["error"]
