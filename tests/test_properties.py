"""Properties across the pipeline: counts are conserved from file to panel whatever the row order or the
spelling of district names; estimators do not depend on how units are labelled."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trends.datasets import load_hanoi_districts, load_mpdta
from trends.impact import ImpactWarning, att_gt, poisson_imputation, twfe
from trends.io import TrendsDataWarning, read_incidents
from trends.panel import aggregate_incidents

DISTRICTS = load_hanoi_districts()
SPELLINGS = {
    "plain": lambda r: r["name_vi"],
    "ascii_upper": lambda r: r["name_ascii"].upper(),
    "nfd": lambda r: unicodedata.normalize("NFD", r["name_vi"]),
    "prefixed": lambda r: {"urban": "Q. ", "rural": "huyện ", "town": "TX. "}[r["kind"]] + r["name_vi"],
    "english": lambda r: f"{r['name_ascii']} District",
}

incident = st.tuples(
    st.dates(min_value=pd.Timestamp("2016-01-01").date(), max_value=pd.Timestamp("2024-12-31").date()),
    st.integers(0, len(DISTRICTS) - 1),
    st.sampled_from(["theft", "fraud", "drugs"]),
    st.sampled_from(sorted(SPELLINGS)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(incident, min_size=1, max_size=60), st.randoms())
def test_file_to_panel_conserves_counts_for_any_order_and_spelling(tmp_path: Path, rows, rnd) -> None:
    def write(order: list[int], spell: bool, name: str) -> Path:
        lines = ["Ngày xảy ra,Quận/Huyện,Tội danh,Họ tên"]
        for i in order:
            day, d, offence, spelling = rows[i]
            row = DISTRICTS.iloc[d]
            name_ = SPELLINGS[spelling](row) if spell else row["name_vi"]
            lines.append(f"{day:%d/%m/%Y},{name_},{offence},Nguyễn Văn {i}")
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    order = list(range(len(rows)))
    shuffled = order[:]
    rnd.shuffle(shuffled)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendsDataWarning)
        canonical = aggregate_incidents(read_incidents(write(order, False, "a.csv")), "month")
        varied = aggregate_incidents(read_incidents(write(shuffled, True, "b.csv")), "month")
    assert canonical["count"].sum() == len(rows)
    pd.testing.assert_frame_equal(canonical, varied)


def _relabel(df: pd.DataFrame, column: str, seed: int) -> pd.DataFrame:
    ids = df[column].unique()
    new = np.random.default_rng(seed).permutation(len(ids)) + 10_000
    return df.assign(**{column: df[column].map(dict(zip(ids, new, strict=True)))})


def test_callaway_santanna_and_twfe_do_not_depend_on_unit_labels() -> None:
    mpdta = load_mpdta()
    other = _relabel(mpdta, "countyreal", 1).sample(frac=1.0, random_state=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImpactWarning)
        a = (
            att_gt(mpdta, yname="lemp", tname="year", idname="countyreal", gname="first.treat")
            .aggregate("simple")
            .overall
        )
        b = (
            att_gt(other, yname="lemp", tname="year", idname="countyreal", gname="first.treat")
            .aggregate("simple")
            .overall
        )
    pd.testing.assert_frame_equal(a, b, atol=1e-12)
    df = mpdta.assign(post=((mpdta["first.treat"] > 0) & (mpdta["year"] >= mpdta["first.treat"])).astype(int))
    t1 = twfe(df, yname="lemp", dname="post", idname="countyreal", tname="year", cluster="countyreal").table
    t2 = twfe(
        _relabel(df, "countyreal", 3),
        yname="lemp",
        dname="post",
        idname="countyreal",
        tname="year",
        cluster="countyreal",
    ).table
    pd.testing.assert_frame_equal(t1, t2, atol=1e-10)


def test_poisson_imputation_point_estimates_do_not_depend_on_unit_labels() -> None:
    rng = np.random.default_rng(0)
    rows = [
        (
            u,
            t,
            (4 + u % 3) if u < 12 else 0,
            rng.poisson(8 * np.exp(0.02 * t) * (0.8 if (u < 12 and t >= 4 + u % 3) else 1)),
        )
        for u in range(20)
        for t in range(10)
    ]
    df = pd.DataFrame(rows, columns=["unit", "period", "cohort", "count"])
    a = poisson_imputation(
        df, yname="count", tname="period", idname="unit", gname="cohort", biters=49, seed=1
    )
    b = poisson_imputation(
        _relabel(df, "unit", 4),
        yname="count",
        tname="period",
        idname="unit",
        gname="cohort",
        biters=49,
        seed=1,
    )
    assert a.overall["estimate"].iloc[0] == pytest.approx(b.overall["estimate"].iloc[0], abs=1e-12)
    np.testing.assert_allclose(a.table["estimate"], b.table["estimate"], atol=1e-12)
    # the bootstrap resamples clusters in label order, so its draws differ; its scale must not
    assert b.overall["std_error"].iloc[0] == pytest.approx(a.overall["std_error"].iloc[0], rel=0.5)
