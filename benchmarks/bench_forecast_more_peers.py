"""Rolling-origin benchmark, part 2: ``trends.forecast`` against statsmodels ETS and R's ``forecast`` package.

Not a unit test, and R is not a dependency of the project: this script needs ``Rscript`` with the ``forecast``
package (Debian: ``apt-get install r-cran-forecast``). Same panels, same rolling origins (per series, the last
window ending at the series' last observation, ``PROTOCOL`` of ``bench_forecast_peers.py``) and the same scoring
code (``bench_forecast_peers.score``: MASE with each window's seasonal-naive scale, averaged per series then over
series; coverage of the 80 % / 95 % intervals on the windows at least ``ceil(h / step)`` after the first, as for
the conformal intervals of ``trends``; share of negative 95 % lower bounds).

Tools, in one run per panel:

- ``trends``: ``trends.forecast.backtest(method="auto")`` as in ``bench_forecast_peers.py``.
- statsmodels: ``ETSModel`` fitted to every error / trend / damped / seasonal combination (multiplicative only on
  strictly positive series, seasonal only with two full years of training data), lowest AICc kept, intervals from
  ``get_prediction`` (fitted on a pandas Series: it crashes on numpy arrays in statsmodels 0.15).
- R ``forecast``: ``ets``, ``auto.arima`` and ``thetaf`` with 80 / 95 % intervals, one ``Rscript`` call per panel
  (training windows written to a temporary CSV), running in the background while Python fits the others.

Any fit that fails falls back to the naive forecast with its Gaussian interval (counted in the note). Panels can
be subsampled (every k-th series in sorted key order) to keep R's run time reasonable. Prints markdown::

    python benchmarks/bench_forecast_more_peers.py [--panels us,russia,berlin,london,hanoi]
        [--max-series hanoi=40] [--n-jobs 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_forecast_peers import PROTOCOL, load, markdown, score  # noqa: E402

LOHI = {80: ("lo_80", "hi_80"), 95: ("lo_95", "hi_95")}
R_METHODS = {"ets": "ets", "auto.arima": "auto.arima", "thetaf": "thetaf"}

R_SCRIPT = r"""
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "integer", "integer", "numeric"))
h <- as.integer(args[3]); m <- as.integer(args[4])
groups <- split(d$y, paste(d$key, d$window, sep = "\t"))
naive_fc <- function(y) {
  if (length(y) < 2) {
    s <- NA
  } else {
    s <- sd(diff(y))
  }
  se <- s * sqrt(seq_len(h))
  list(mean = rep(y[length(y)], h), lower = cbind(y[length(y)] - qnorm(0.9) * se, y[length(y)] - qnorm(0.975) * se),
       upper = cbind(y[length(y)] + qnorm(0.9) * se, y[length(y)] + qnorm(0.975) * se))
}
fits <- list(
  ets = function(y) forecast(ets(y), h = h, level = c(80, 95)),
  auto.arima = function(y) forecast(auto.arima(y), h = h, level = c(80, 95)),
  thetaf = function(y) thetaf(y, h = h, level = c(80, 95))
)
out <- vector("list", length(groups) * length(fits))
secs <- c(); fails <- c(); i <- 0
for (meth in names(fits)) {
  t0 <- proc.time()[["elapsed"]]; nf <- 0
  for (g in names(groups)) {
    y <- ts(groups[[g]], frequency = m)
    fc <- tryCatch(fits[[meth]](y), error = function(e) NULL)
    if (is.null(fc) || any(!is.finite(as.numeric(fc$mean)))) { fc <- naive_fc(as.numeric(groups[[g]])); nf <- nf + 1 }
    kw <- strsplit(g, "\t", fixed = TRUE)[[1]]
    i <- i + 1
    out[[i]] <- data.frame(key = kw[1], window = as.integer(kw[2]), method = meth, horizon = seq_len(h),
                           forecast = as.numeric(fc$mean), lo_80 = as.numeric(fc$lower[, 1]),
                           hi_80 = as.numeric(fc$upper[, 1]), lo_95 = as.numeric(fc$lower[, 2]),
                           hi_95 = as.numeric(fc$upper[, 2]))
  }
  secs[meth] <- proc.time()[["elapsed"]] - t0; fails[meth] <- nf
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE)
write.csv(data.frame(method = names(secs), seconds = secs, fallbacks = fails), paste0(args[2], ".time"),
          row.names = FALSE)
"""


def windows_of(y: pd.Series, h: int, W: int, step: int):
    """Per series: (window, cutoff period, training values, test values), oldest window first."""
    n = len(y)
    for w in range(W):
        c = n - h - step * (W - 1 - w)
        yield w, y.index[c - 1], y.iloc[:c], y.iloc[c : c + h]


def naive_interval(tr: np.ndarray, h: int) -> tuple[np.ndarray, dict[int, tuple[np.ndarray, np.ndarray]]]:
    last = tr[-1]
    s = np.std(np.diff(tr), ddof=1) if len(tr) > 2 else np.nan
    se = s * np.sqrt(np.arange(1, h + 1))
    fc = np.full(h, last)
    return fc, {
        lev: (fc - stats.norm.ppf(0.5 + lev / 200) * se, fc + stats.norm.ppf(0.5 + lev / 200) * se)
        for lev in LOHI
    }


def sm_ets(tr: pd.Series, h: int, m: int):
    """statsmodels ETSModel, lowest AICc over the admissible specifications; None if nothing fits."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    positive = bool((tr > 0).all())
    errors = ["add", "mul"] if positive else ["add"]
    seasons: list[str | None] = [None]
    if m > 1 and len(tr) >= 2 * m + 2:
        seasons += ["add", "mul"] if positive else ["add"]
    specs = []
    for err in errors:
        for trend, damped in [(None, False), ("add", False), ("add", True)]:
            for seas in seasons:
                specs.append((err, trend, damped, seas))
    best, best_aicc = None, np.inf
    # a plain RangeIndex keeps statsmodels' date handling out of the way (and avoids its warnings)
    ys = pd.Series(tr.to_numpy(dtype=float))
    for err, trend, damped, seas in specs:
        n_par = 2 + (trend is not None) + damped + (seas is not None) * (m + 1)
        if len(ys) <= n_par + 1:
            continue
        try:
            res = ETSModel(
                ys,
                error=err,
                trend=trend,
                damped_trend=damped,
                seasonal=seas,
                seasonal_periods=m if seas else None,
            ).fit(disp=False)
        except Exception:
            continue
        aicc = res.aicc
        if np.isfinite(aicc) and aicc < best_aicc:
            best, best_aicc = res, aicc
    if best is None:
        return None
    try:
        pr = best.get_prediction(start=len(ys), end=len(ys) + h - 1)
        out = {"forecast": np.asarray(pr.predicted_mean, dtype=float)}
        for lev, (lo, hi) in LOHI.items():
            f = pr.summary_frame(alpha=1 - lev / 100)
            out[lo], out[hi] = f["pi_lower"].to_numpy(float), f["pi_upper"].to_numpy(float)
    except Exception:
        return None
    if not all(np.isfinite(v).all() for v in out.values()):
        return None
    return out


def start_r(train: pd.DataFrame, h: int, m: int, tmp: Path) -> tuple[subprocess.Popen, Path]:
    (tmp / "fc.R").write_text(R_SCRIPT)
    train.to_csv(tmp / "train.csv", index=False)
    out = tmp / "r_out.csv"
    proc = subprocess.Popen(
        ["Rscript", str(tmp / "fc.R"), str(tmp / "train.csv"), str(out), str(h), str(m)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, out


def run_panel(name: str, max_series: int | None, n_jobs: int) -> tuple[list[dict], str]:
    from trends.forecast import backtest

    h, W, step = PROTOCOL[name]
    df, ids, freq = load(name)
    m = 12 if freq == "MS" else 1
    df["key"] = df[ids].astype(str).agg(" | ".join, axis=1)
    lens = df.groupby("key").size()
    keep = sorted(lens[lens >= h + step * (W - 1) + 2].index)
    n_all = len(keep)
    if max_series and len(keep) > max_series:
        every = int(np.ceil(len(keep) / max_series))
        keep = keep[::every]
    df = df[df["key"].isin(keep)]
    hist = {k: g.set_index("period")["count"] for k, g in df.groupby("key")}
    gap = int(np.ceil(h / step))
    late = set(range(gap, W))
    n_fits = len(keep) * W

    # the rolling-origin frame shared by statsmodels and R: one row per (series, window, horizon)
    base, train_rows, trains = [], [], {}
    for key, y in hist.items():
        for w, cut, tr, te in windows_of(y, h, W, step):
            trains[key, w] = tr
            base.append(
                pd.DataFrame(
                    {
                        "key": key,
                        "window": w,
                        "cutoff": cut,
                        "horizon": np.arange(1, h + 1),
                        "actual": te.to_numpy(),
                    }
                )
            )
            train_rows.append(
                pd.DataFrame({"key": key, "window": w, "t": np.arange(len(tr)), "y": tr.to_numpy()})
            )
    base = pd.concat(base, ignore_index=True)
    rows: list[dict] = []

    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        t_r0 = time.perf_counter()
        proc, r_out = start_r(pd.concat(train_rows, ignore_index=True), h, m, tmp)

        # ours
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bt = backtest(
                df[["key", "period", "count"]], h, W, step, "auto", ids="key", n_jobs=n_jobs, progress=False
            )
        t_ours = time.perf_counter() - t0
        p = bt.predictions
        p = p[p["method"] == "auto"]
        mine = base.set_index(["key", "window", "horizon"])["cutoff"]
        theirs = p.set_index(["key", "window", "horizon"])["cutoff"]
        same = mine.reindex(theirs.index).eq(theirs).mean()
        r = score(p, hist, m, LOHI, late)
        rows.append(
            {"tool": "trends", "method": "auto", **r, "ms_per_fit": 1000 * t_ours / n_fits, "fallbacks": 0}
        )

        # statsmodels ETS
        t0 = time.perf_counter()
        fb, parts = 0, []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for (key, w), tr in trains.items():
                out = sm_ets(tr, h, m)
                if out is None:
                    fb += 1
                    fc, iv = naive_interval(tr.to_numpy(float), h)
                    out = {"forecast": fc}
                    for lev, (lo, hi) in LOHI.items():
                        out[lo], out[hi] = iv[lev]
                parts.append(pd.DataFrame({"key": key, "window": w, "horizon": np.arange(1, h + 1), **out}))
        t_sm = time.perf_counter() - t0
        sm = base.merge(pd.concat(parts, ignore_index=True), on=["key", "window", "horizon"])
        r = score(sm, hist, m, LOHI, late)
        rows.append(
            {
                "tool": "statsmodels",
                "method": "ETSModel (AICc)",
                **r,
                "ms_per_fit": 1000 * t_sm / n_fits,
                "fallbacks": fb,
            }
        )

        # R forecast
        _, err = proc.communicate()
        t_r = time.perf_counter() - t_r0
        if proc.returncode != 0:
            raise RuntimeError(f"Rscript failed on {name}:\n{err}")
        rf = pd.read_csv(r_out, dtype={"key": str})
        rt = pd.read_csv(f"{r_out}.time").set_index("method")
    for meth in R_METHODS:
        one = base.merge(rf[rf["method"] == meth], on=["key", "window", "horizon"])
        assert len(one) == len(base), (name, meth, len(one), len(base))
        r = score(one, hist, m, LOHI, late)
        rows.append(
            {
                "tool": "R forecast",
                "method": meth,
                **r,
                "ms_per_fit": 1000 * rt.loc[meth, "seconds"] / n_fits,
                "fallbacks": int(rt.loc[meth, "fallbacks"]),
            }
        )
    sub = "" if len(keep) == n_all else f" (every {every}th of {n_all} series)"
    note = (
        f"{name}: {len(keep)} series{sub}, h={h}, {W} windows, step {step}, {n_fits} fits per method; coverage on "
        f"windows {gap}..{W - 1}; trends {t_ours:.1f} s (n_jobs={n_jobs}, all candidate methods + calibration), "
        f"statsmodels {t_sm:.1f} s, Rscript {t_r:.1f} s wall (in parallel with the Python fits); "
        f"trends cutoffs equal to this script's: {same:.0%}"
    )
    return rows, note


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--panels", default="berlin,london,russia,us,hanoi")
    ap.add_argument("--max-series", default="hanoi=40")
    ap.add_argument("--n-jobs", type=int, default=1)
    args = ap.parse_args()
    caps = {k: int(v) for k, v in (kv.split("=") for kv in args.max_series.split(",") if kv)}
    import statsmodels

    rv = subprocess.run(
        [
            "Rscript",
            "-e",
            'cat(R.version$major, ".", R.version$minor, " ", format(packageVersion("forecast")), sep="")',
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    print("## Forecasting: statsmodels and R forecast (same origins)\n")
    print(
        f"Command: `python benchmarks/bench_forecast_more_peers.py --panels {args.panels} "
        f"--max-series {args.max_series} --n-jobs {args.n_jobs}`; R {rv[0]}, forecast {rv[1]}, "
        f"statsmodels {statsmodels.__version__}\n"
    )
    t0 = time.perf_counter()
    for name in args.panels.split(","):
        rows, note = run_panel(name, caps.get(name), args.n_jobs)
        tab = pd.DataFrame(rows)
        tab["fallbacks"] = tab["fallbacks"].astype(int)
        tab = tab[
            [
                "tool",
                "method",
                "mase",
                "rmsse",
                "coverage_80",
                "coverage_95",
                "neg_forecast",
                "neg_lo95",
                "ms_per_fit",
                "fallbacks",
            ]
        ]
        print(f"### {name}\n\n{note}\n")
        print(markdown(tab))
        print(flush=True)
    print(f"Total run time {time.perf_counter() - t0:.0f} s.")


if __name__ == "__main__":
    main()
