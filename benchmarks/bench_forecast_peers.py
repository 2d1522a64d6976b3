"""Side-by-side rolling-origin benchmark: ``trends.forecast`` against statsforecast on the bundled panels.

Not a unit test. For each panel, the same series and the same origins are scored with the same code (MASE with
the seasonal-naive scale of each window's training data, RMSSE, coverage of the 80 % / 95 % intervals, share of
negative point forecasts and lower bounds). Peers: statsforecast ``AutoETS``, ``AutoARIMA``, ``AutoTheta`` and
``Naive`` through ``StatsForecast.cross_validation`` with their model intervals (``fallback_model=Naive()`` for
series too short for a model). Ours: ``trends.forecast.backtest(method="auto")``, whose ``auto`` rows are the
honest choice (each window forecast by the method chosen on the other windows) with conformal intervals
calibrated only on errors observed by each window's origin (horizon j: earlier origins ``c`` with
``c + j <= cutoff``; for annual series also the extra calibration origins before the windows, which only
calibrate). Coverage is computed on the windows ``ceil(h / step)`` and later (every horizon has an interval
there) for every method alike. Prints markdown::

    python benchmarks/bench_forecast_peers.py [--panels us,russia,berlin,london,hanoi] [--n-jobs 2] [--no-arima]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd

os.environ.setdefault("NIXTLA_ID_AS_COL", "1")

# panel -> (h, n_windows, step)
PROTOCOL = {
    "us": (3, 6, 1),
    "russia": (3, 6, 1),
    "berlin": (3, 4, 1),
    "london": (12, 24, 1),
    "hanoi": (12, 8, 3),
}


def contiguous(df: pd.DataFrame, ids: list[str], freq: str) -> pd.DataFrame:
    """Keep, per series, the last run of consecutive periods (the loaders drop missing counts)."""
    step = {"YS": 12, "QS": 3, "MS": 1}[freq]
    parts = []
    for _, g in df.sort_values([*ids, "period"]).groupby(ids, sort=False):
        months = g["period"].dt.year * 12 + g["period"].dt.month
        brk = (months.diff() != step).cumsum()
        parts.append(g[brk == brk.iloc[-1]])
    return pd.concat(parts, ignore_index=True)


def load(name: str) -> tuple[pd.DataFrame, list[str], str]:
    from trends import datasets

    if name == "us":
        df = datasets.load_us_states()
        ids, freq = ["district", "offence"], "YS"
    elif name == "russia":
        df = datasets.load_russia()
        ids, freq = ["district", "offence"], "YS"
    elif name == "berlin":
        df = datasets.load_berlin()
        ids, freq = ["district", "offence"], "YS"
    elif name == "london":
        df = datasets.load_london_monthly()
        ids, freq = ["district"], "MS"
    else:
        df = datasets.load_hanoi()
        df = getattr(df, "crimes", df)
        ids, freq = ["district", "offence"], "MS"
    df = df[[*ids, "period", "count"]].copy()
    df["count"] = df["count"].astype(float)
    return contiguous(df, ids, freq), ids, freq


def score(pred: pd.DataFrame, hist: dict, m: int, lo_hi: dict[int, tuple[str, str]], windows: set) -> dict:
    """Mean over series of per-window MASE / RMSSE; coverage and negatives over the given windows."""
    out: dict[str, float] = {}
    mase, rmsse = [], []
    for (key, cutoff), g in pred.groupby(["key", "cutoff"], sort=False):
        y = hist[key]
        c = int(np.searchsorted(y.index.values, np.datetime64(cutoff), side="right"))
        tr = y.to_numpy()[:c]
        k = m if len(tr) > m else 1
        d = tr[k:] - tr[:-k]
        e = g["actual"].to_numpy() - g["forecast"].to_numpy()
        s1, s2 = np.mean(np.abs(d)) if len(d) else np.nan, np.mean(d**2) if len(d) else np.nan
        mase.append((key, np.mean(np.abs(e)) / s1 if s1 > 0 else np.nan))
        rmsse.append((key, np.sqrt(np.mean(e**2) / s2) if s2 > 0 else np.nan))
    out["mase"] = pd.DataFrame(mase).groupby(0)[1].mean().mean()
    out["rmsse"] = pd.DataFrame(rmsse).groupby(0)[1].mean().mean()
    late = pred[pred["window"].isin(windows)]
    for lev, (lo, hi) in lo_hi.items():
        out[f"coverage_{lev}"] = float(((late["actual"] >= late[lo]) & (late["actual"] <= late[hi])).mean())
    out["neg_forecast"] = float((pred["forecast"] < 0).mean())
    out["neg_lo95"] = float((late[lo_hi[95][0]] < 0).mean())
    return out


def run_panel(name: str, n_jobs: int, arima: bool) -> tuple[list[dict], str]:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, Naive

    from trends.forecast import backtest

    h, W, step = PROTOCOL[name]
    df, ids, freq = load(name)
    m = 12 if freq == "MS" else 1
    df["key"] = df[ids].astype(str).agg(" | ".join, axis=1)
    lens = df.groupby("key").size()
    keep = lens[lens >= h + step * (W - 1) + 2].index  # at least 2 training points in the first window
    df = df[df["key"].isin(keep)]
    hist = {k: g.set_index("period")["count"] for k, g in df.groupby("key")}
    rows = []
    # ours
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = backtest(
            df[["key", "period", "count"]], h, W, step, "auto", ids="key", n_jobs=n_jobs, progress=False
        )
    t_ours = time.perf_counter() - t0
    gap = int(np.ceil(h / step))
    late = set(range(gap, W))
    p = bt.predictions
    for meth in ["auto", "naive", "ets", "theta", "ensemble"]:
        one = p[p["method"] == meth]
        r = score(one, hist, m, {80: ("lo_80", "hi_80"), 95: ("lo_95", "hi_95")}, late)
        rows.append({"tool": "trends", "method": meth, **r, "seconds": t_ours if meth == "auto" else np.nan})
    # statsforecast
    models = [AutoETS(season_length=m), AutoTheta(season_length=m), Naive()]
    if arima:
        models.insert(1, AutoARIMA(season_length=m))
    long = df.rename(columns={"key": "unique_id", "period": "ds", "count": "y"})[["unique_id", "ds", "y"]]
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sf = StatsForecast(models=models, freq=freq, n_jobs=n_jobs, fallback_model=Naive())
        cv = sf.cross_validation(df=long, h=h, n_windows=W, step_size=step, level=[80, 95])
    t_sf = time.perf_counter() - t0
    cuts = sorted(cv["cutoff"].unique())
    cv["window"] = cv["cutoff"].map({c: i for i, c in enumerate(cuts)})
    cv = cv.rename(columns={"unique_id": "key", "y": "actual"})
    for model in [type(x).__name__ for x in models]:
        one = cv.assign(forecast=cv[model])
        lo_hi = {lev: (f"{model}-lo-{lev}", f"{model}-hi-{lev}") for lev in (80, 95)}
        r = score(one, hist, m, lo_hi, late)
        rows.append(
            {"tool": "statsforecast", "method": model, **r, "seconds": t_sf if model == "Naive" else np.nan}
        )
    note = (
        f"{name}: {df['key'].nunique()} series, h={h}, {W} windows, step {step}; coverage on windows {gap}..{W - 1}; "
        f"auto shrinkage {bt.shrinkage:g}; trends {t_ours:.1f} s, statsforecast ({len(models)} models) {t_sf:.1f} s"
        f"\n\n{coverage_by_cell(bt)}"
    )
    return rows, note


def coverage_by_cell(bt) -> str:
    """``auto``'s coverage by origin and horizon (``BacktestResult.calibration``), in percent."""
    total = bt.calibration([])
    first = bt.predictions.groupby(["window", "horizon"], as_index=False)["period"].min()
    tab = bt.calibration(["window", "horizon"]).merge(first, on=["window", "horizon"], validate="one_to_one")
    tab["target"] = tab["period"].dt.strftime("%Y-%m")
    if len(tab) > 24:  # monthly panels: by window only
        tab = bt.calibration("window")
    cols = ["coverage_80", "below_80", "above_80", "coverage_95"]
    tab[cols] = 100 * tab[cols]
    keep = [c for c in ("window", "horizon", "target") if c in tab] + ["n", *cols]
    head = (
        f"all {int(total['n'].iloc[0])} intervals: {100 * total['coverage_80'].iloc[0]:.1f} / "
        f"{100 * total['coverage_95'].iloc[0]:.1f}"
    )
    return f"auto coverage 80 / 95 by origin and horizon ({head}):\n\n{markdown(tab[keep], '.1f')}"


def markdown(df: pd.DataFrame, fmt: str = ".3f") -> str:
    """A pipe table without the optional ``tabulate`` dependency."""
    cells = [
        [f"{v:{fmt}}" if isinstance(v, float) else str(v) for v in row] for row in df.itertuples(index=False)
    ]
    head = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "| " + " | ".join("---" for _ in df.columns) + " |"
    return "\n".join([head, rule, *("| " + " | ".join(r) + " |" for r in cells)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--panels", default="berlin,london,russia,us,hanoi")
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--no-arima", action="store_true")
    args = ap.parse_args()
    print("## Forecast accuracy and calibration against statsforecast (rolling origin)\n")
    print(
        f"Command: `python benchmarks/bench_forecast_peers.py --panels {args.panels} --n-jobs {args.n_jobs}"
        f"{' --no-arima' if args.no_arima else ''}`\n"
    )
    for name in args.panels.split(","):
        rows, note = run_panel(name, args.n_jobs, arima=not args.no_arima)
        tab = pd.DataFrame(rows).drop(columns="seconds")
        print(f"### {name}\n\n{note}\n")
        print(markdown(tab))
        print(flush=True)


if __name__ == "__main__":
    main()
