"""Reference reconciled forecasts for ``tests/forecast/test_reconcile_reference.py``, from hierarchicalforecast.

Two steps; the second runs in a SEPARATE venv (hierarchicalforecast is never a dependency of trends)::

    # 1. trends makes the base forecasts once and exports what reconciliation reads (project venv)
    PYTHONPATH=src .venv/bin/python tests/forecast/results/make_reconcile_reference.py inputs
    # 2. the peer reconciles exactly those base forecasts (peer venv)
    python3 -m venv /tmp/venv_hf && /tmp/venv_hf/bin/pip install hierarchicalforecast==1.5.3 pandas numpy
    /tmp/venv_hf/bin/python tests/forecast/results/make_reconcile_reference.py

Step 1 writes ``reconcile_inputs.csv``: for two hierarchies of a seeded simulated Poisson panel (48 months,
6 districts x 3 offences), built with :func:`trends.forecast.aggregate`,

* ``h2``: 6 districts -> city (offences summed first);
* ``h3``: district x offence -> district -> city (levels ``()``, ``(district,)``, ``(district, offence)``),

the rows ``kind == "history"`` (every series of ``Hierarchy.data``), ``kind == "base"`` (the base means of
``forecast(h=6, method=["naive", "tsb", "auto"], n_windows=4)``, method ``auto``) and ``kind == "error"``
(the backtest error matrix :func:`trends.forecast.reconcile` gives the MinT covariance estimate: the honest
leave-one-window-out errors of ``auto``, one row per window and horizon).

Step 2 writes ``reconcile_hierarchicalforecast.csv``: hierarchicalforecast's reconciled means of the same base
forecasts with ``BottomUp()``, ``TopDown(method="proportion_averages")`` (Gross & Sohl 1990 method F, as
trends' ``top_down``; fitted on the history rows) and ``MinTrace(method="mint_shrink")`` (fitted on the error
rows as in-sample residuals: ``y`` = error, fitted value 0). Its ``peer`` column names the peer and version.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "reconcile_inputs.csv"
OUTPUT = HERE / "reconcile_hierarchicalforecast.csv"
IDS = {"h2": ["district"], "h3": ["district", "offence"]}
LEVELS = {"h2": [(), ("district",)], "h3": [(), ("district",), ("district", "offence")]}
DISTRICTS = ["Ba Dinh", "Dong Da", "Soc Son", "Me Linh", "Hoan Kiem", "Cau Giay"]
OFFENCES = ["theft", "assault", "drugs"]
H = 6


def panel() -> pd.DataFrame:
    """The seeded bottom panel: district x offence, monthly Poisson counts with a seasonal cycle."""
    rng = np.random.default_rng(20261207)
    periods = pd.date_range("2019-01-01", periods=48, freq="MS")
    t = np.arange(48)
    rows = []
    for i, d in enumerate(DISTRICTS):
        for j, o in enumerate(OFFENCES):
            mu = (
                (3 + 2 * i)
                * (1 + j)
                * (1 + 0.3 * np.sin(2 * np.pi * (t + i) / 12))
                * (1 + 0.004 * t * (j - 1))
            )
            rows.append(
                pd.DataFrame({"district": d, "offence": o, "period": periods, "count": rng.poisson(mu)})
            )
    return pd.concat(rows, ignore_index=True)


def bottom_frame(name: str) -> pd.DataFrame:
    df = panel()
    if name == "h2":
        df = df.groupby(["district", "period"], as_index=False)["count"].sum()
    return df


def make_inputs() -> None:
    from trends.forecast import aggregate, forecast
    from trends.forecast.hierarchy import _residual_matrix

    parts = []
    for name, ids in IDS.items():
        hier = aggregate(bottom_frame(name), ids=ids, levels=LEVELS[name])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            base = forecast(
                hier.data, H, ids=ids, method=["naive", "tsb", "auto"], n_windows=4, progress=False
            )
        hist = hier.data.rename(columns={"count": "value"}).assign(kind="history")
        tab = base.table[base.table["method"] == "auto"]
        fc = tab[[*ids, "period", "mean"]].rename(columns={"mean": "value"}).assign(kind="base")
        rows = list(hier.S.index)
        E = _residual_matrix(base, "auto", rows, tuple(ids))
        err = [
            {**dict(zip(ids, key, strict=True)), "kind": "error", "obs": r, "value": E[r, c]}
            for r in range(E.shape[0])
            for c, key in enumerate(rows)
        ]
        parts += [p.assign(hierarchy=name) for p in (hist, fc, pd.DataFrame(err))]
    out = pd.concat(parts, ignore_index=True)
    if "offence" not in out:
        out["offence"] = np.nan
    out["period"] = pd.to_datetime(out["period"]).dt.strftime("%Y-%m-%d")
    out["obs"] = out["obs"].astype("Int64")
    cols = ["hierarchy", "kind", "district", "offence", "period", "obs", "value"]
    out[cols].to_csv(INPUTS, index=False, float_format="%.17g")


def uid(frame: pd.DataFrame, ids: list[str]) -> pd.Series:
    return frame[ids].astype(str).agg("/".join, axis=1)


def make_reference() -> None:
    from importlib.metadata import version

    from hierarchicalforecast.core import HierarchicalReconciliation
    from hierarchicalforecast.methods import BottomUp, MinTrace, TopDown

    peer = f"hierarchicalforecast {version('hierarchicalforecast')}"
    inp = pd.read_csv(INPUTS)
    out = []
    for name, ids in IDS.items():
        d = inp[inp["hierarchy"] == name].copy()
        d["unique_id"] = uid(d, ids)
        hist = d[d["kind"] == "history"]
        # summing matrix in trends' row order (aggregates first, bottom last), as hierarchicalforecast expects
        keys = hist[ids].drop_duplicates()
        total = "Total"
        bottom = keys[(keys != total).all(axis=1)].sort_values(ids)
        bottom_uid = uid(bottom, ids).tolist()
        S = np.array(
            [
                [all(k[c] in (total, b[c]) for c in ids) for _, b in bottom.iterrows()]
                for _, k in keys.iterrows()
            ],
            dtype=float,
        )
        S_df = pd.DataFrame(S, columns=bottom_uid)
        S_df.insert(0, "unique_id", uid(keys, ids).to_numpy())
        tags = {}
        for level in LEVELS[name]:
            mask = np.all([(keys[c] != total) == (c in level) for c in ids], axis=0)
            kept = keys[mask]
            tags["/".join(level) or "total"] = uid(kept, ids).to_numpy()
        Y_hat = d[d["kind"] == "base"].rename(columns={"period": "ds", "value": "auto"})
        Y_hat = Y_hat.assign(ds=pd.to_datetime(Y_hat["ds"]))[["unique_id", "ds", "auto"]]
        Y_hist = hist.rename(columns={"period": "ds", "value": "y"}).assign(auto=0.0)
        Y_hist = Y_hist.assign(ds=pd.to_datetime(Y_hist["ds"]))[["unique_id", "ds", "y", "auto"]]
        err = d[d["kind"] == "error"]
        # residuals = y - fitted: the backtest error as y and 0 as the fitted value; obs as the time stamp
        Y_err = pd.DataFrame(
            {
                "unique_id": err["unique_id"].to_numpy(),
                "ds": pd.Timestamp("2000-01-01") + pd.to_timedelta(err["obs"].astype(int), unit="D"),
                "y": err["value"].to_numpy(),
                "auto": 0.0,
            }
        )
        runs = [
            ("bottom_up", BottomUp(), None),
            ("top_down", TopDown(method="proportion_averages"), Y_hist),
            ("mint_shrink", MinTrace(method="mint_shrink"), Y_err),
        ]
        for method, rec, Y_df in runs:
            res = HierarchicalReconciliation(reconcilers=[rec]).reconcile(
                Y_hat_df=Y_hat, S_df=S_df, tags=tags, Y_df=Y_df
            )
            col = [c for c in res.columns if c.startswith("auto/")]
            assert len(col) == 1, res.columns
            r = res[["unique_id", "ds", col[0]]].rename(columns={col[0]: "mean"})
            parts = r["unique_id"].str.split("/", expand=True)
            for j, c in enumerate(ids):
                r[c] = parts[j]
            r["period"] = pd.to_datetime(r["ds"]).dt.strftime("%Y-%m-%d")
            out.append(r.assign(peer=peer, hierarchy=name, method=method, peer_method=col[0]))
    res = pd.concat(out, ignore_index=True)
    if "offence" not in res:
        res["offence"] = np.nan
    cols = ["peer", "hierarchy", "method", "peer_method", "district", "offence", "period", "mean"]
    res[cols].to_csv(OUTPUT, index=False, float_format="%.17g")


if __name__ == "__main__":
    if sys.argv[1:] == ["inputs"]:
        make_inputs()
    else:
        make_reference()
