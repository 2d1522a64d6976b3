"""Charts drawn in worker processes: the same bytes as drawn in the caller, errors reported, joblib unharmed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from trends.charts import FigureJobs, city_trend


def _crimes() -> pd.DataFrame:
    periods = pd.date_range("2020-01-01", periods=30, freq="MS")
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {"district": "a", "period": periods, "offence": "theft", "count": rng.poisson(20, len(periods))}
    )


def _draw(workers: int, out: Path) -> dict[str, bytes]:
    jobs = FigureJobs(workers)
    try:
        for lang in ("vi", "en"):
            jobs.submit(
                f"trend_{lang}",
                city_trend,
                {"crimes": _crimes(), "lang": lang, "title": "T", "source": "S", "simulated": True},
                out / f"trend_{lang}",
                title="T",
                lang=lang,
                export={"title": "T", "source": "S", "method": "M", "version": "0"},
            )
        collected = list(jobs.collect())
    finally:
        jobs.close()
    assert [job.chart_id for job, _ in collected] == ["trend_vi", "trend_en"]  # submission order
    assert all(isinstance(files, list) for _, files in collected), collected
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_worker_processes_write_the_same_bytes_as_the_caller(tmp_path: Path) -> None:
    (tmp_path / "pool").mkdir()
    (tmp_path / "here").mkdir()
    pooled, inline = _draw(2, tmp_path / "pool"), _draw(0, tmp_path / "here")
    assert set(pooled) == {
        f"trend_{lang}.{ext}" for lang in ("vi", "en") for ext in ("png", "svg", "pdf", "csv")
    }
    assert pooled == inline


def test_a_chart_that_fails_is_reported_not_raised_and_joblib_still_works(tmp_path: Path) -> None:
    jobs = FigureJobs(2)
    jobs.submit(
        "bad", city_trend, {"crimes": "not a table"}, tmp_path / "bad", title="", lang="en", export={}
    )
    ((job, outcome),) = list(jobs.collect())
    jobs.close()
    assert job.chart_id == "bad" and isinstance(outcome, Exception)
    # the pool is loky's own, not joblib's shared executor: joblib's memmapping pool must still start after it
    assert Parallel(n_jobs=2)(delayed(abs)(i) for i in (-1, -2)) == [1, 2]
