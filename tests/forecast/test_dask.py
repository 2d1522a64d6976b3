"""The batch runs on a Dask cluster through joblib's dask backend, with no change to the call."""

from __future__ import annotations

import warnings

import joblib
import numpy as np
import pandas as pd
from dask.distributed import Client, LocalCluster, get_task_stream

from trends.forecast import forecast


def test_dask_backend_gives_the_same_forecasts() -> None:
    rng = np.random.default_rng(0)
    periods = pd.date_range("2019-01-01", periods=36, freq="MS")
    df = pd.concat(
        [
            pd.DataFrame({"commune": f"c{i}", "period": periods, "count": rng.poisson(3 + i, 36)})
            for i in range(10)
        ]
    )
    kw = dict(method=["naive", "window_mean", "tsb", "auto"], n_windows=3, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = forecast(df, 3, n_jobs=1, **kw).table
        with LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster:
            with Client(cluster) as client, joblib.parallel_backend("dask"), get_task_stream(client) as ts:
                remote = forecast(df, 3, n_jobs=-1, **kw).table
    assert len(ts.data) > 0  # the chunks ran as tasks on the cluster
    pd.testing.assert_frame_equal(local, remote)
