"""Benchmark of ``trends.forecast`` on a Hanoi-sized panel (30 districts x 8 offences, 126 months).

Not a unit test. Times the full rolling-origin backtest + forecast (``method="auto"``) and compares the
per-series cost with statsforecast called directly (same models, same windows, ``StatsForecast.cross_validation``
+ ``forecast``). Prints markdown to stdout::

    python benchmarks/bench_forecast.py [--n-jobs 2] [--h 12] [--n-windows 3]

Data: ``trends.simulate.simulate_hanoi()`` when that module exists, otherwise a small local negative-binomial
generator (seeded) with district size, offence mix, seasonality and trend.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import numpy as np
import pandas as pd

os.environ.setdefault("NIXTLA_ID_AS_COL", "1")


def local_panel(
    n_districts: int = 30, n_offences: int = 8, n_months: int = 126, seed: int = 0
) -> pd.DataFrame:
    """Seeded negative-binomial district x offence x month panel (a stand-in for the bundled Hanoi data)."""
    rng = np.random.default_rng(seed)
    periods = pd.date_range("2015-01-01", periods=n_months, freq="MS")
    t = np.arange(n_months)
    size = np.exp(rng.normal(0, 0.6, n_districts))
    mix = np.exp(rng.normal(0, 1.0, n_offences)) * 6
    rows = []
    for d in range(n_districts):
        for o in range(n_offences):
            mu = (
                size[d]
                * mix[o]
                * (1 + 0.2 * np.sin(2 * np.pi * (t - 3) / 12))
                * np.exp(rng.normal(0, 0.004) * t)
            )
            k = 8.0
            y = rng.negative_binomial(k, k / (k + mu))
            rows.append(
                pd.DataFrame({"district": f"D{d:02d}", "offence": f"O{o}", "period": periods, "count": y})
            )
    return pd.concat(rows, ignore_index=True)


def load_panel() -> tuple[pd.DataFrame, str]:
    try:
        from trends.simulate import simulate_hanoi  # type: ignore[attr-defined]

        sim = simulate_hanoi()
        df = getattr(sim, "crimes", sim)
        if isinstance(df, pd.DataFrame) and {"district", "offence", "period", "count"} <= set(df.columns):
            return df[["district", "offence", "period", "count"]], "trends.simulate.simulate_hanoi()"
    except Exception:  # the simulator is written by another helper; fall back to the local generator
        pass
    return local_panel(), "local negative-binomial generator (benchmarks/bench_forecast.py)"


def bench_trends(df: pd.DataFrame, h: int, n_windows: int, n_jobs: int) -> tuple[float, object]:
    from trends.forecast import forecast

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = forecast(df, h, ids=["district", "offence"], n_windows=n_windows, n_jobs=n_jobs, progress=False)
    return time.perf_counter() - t0, res


def bench_statsforecast(df: pd.DataFrame, h: int, n_windows: int, n_jobs: int) -> float:
    from statsforecast import StatsForecast
    from statsforecast.models import TSB, AutoETS, AutoTheta, Naive, SeasonalNaive, WindowAverage

    long = df.assign(unique_id=df["district"] + "/" + df["offence"]).rename(
        columns={"period": "ds", "count": "y"}
    )
    long = long[["unique_id", "ds", "y"]]
    models = [
        Naive(),
        SeasonalNaive(season_length=12),
        WindowAverage(window_size=12),
        TSB(alpha_d=0.1, alpha_p=0.1),
        AutoETS(season_length=12),
        AutoTheta(season_length=12),
    ]
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sf = StatsForecast(models=models, freq="MS", n_jobs=n_jobs)
        sf.cross_validation(df=long, h=h, n_windows=n_windows, step_size=h)
        sf.forecast(df=long, h=h)
    return time.perf_counter() - t0


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
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--h", type=int, default=12)
    ap.add_argument("--n-windows", type=int, default=3)
    ap.add_argument("--skip-statsforecast", action="store_true")
    args = ap.parse_args()
    df, source = load_panel()
    n_series = df.groupby(["district", "offence"]).ngroups
    # warm-up (imports, first-call costs) on two series, not timed
    bench_trends(df[df["district"] == df["district"].iloc[0]].head(2 * df["period"].nunique()), 2, 1, 1)
    t_trends, res = bench_trends(df, args.h, args.n_windows, args.n_jobs)
    print("## Forecast benchmark: Hanoi-sized panel\n")
    print(f"- data: {source}; {n_series} series x {df['period'].nunique()} months")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"- machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average {load} (shared)"
    )
    print(
        f"- command: `python benchmarks/bench_forecast.py --n-jobs {args.n_jobs} --h {args.h} "
        f"--n-windows {args.n_windows}`\n"
    )
    print("| run | seconds | ms per series |")
    print("| --- | ---: | ---: |")
    print(
        f"| trends `forecast(method='auto')`: backtest {args.n_windows} windows x h={args.h}, 7 candidates + "
        f"ensemble, choose, forecast, conformal intervals (n_jobs={args.n_jobs}) | {t_trends:.1f} | "
        f"{1000 * t_trends / n_series:.0f} |"
    )
    if not args.skip_statsforecast:
        t_sf = bench_statsforecast(df, args.h, args.n_windows, args.n_jobs)
        print(
            f"| statsforecast directly: `cross_validation` ({args.n_windows} windows) + `forecast` (points; "
            f"no intervals), 6 models (no drift, no ensemble/choice) (n_jobs={args.n_jobs}) | {t_sf:.1f} | "
            f"{1000 * t_sf / n_series:.0f} |"
        )
    board = res.leaderboard()
    cols = ["method", "n_series", "mase", "rmsse", "smape", "coverage_80", "coverage_95", "share_chosen"]
    print("\n### Backtest leaderboard (mean over series; coverage out-of-sample, windows 1..)\n")
    print(markdown(board[cols]))
    print(
        "\nChosen method per series:",
        res.table.drop_duplicates(["district", "offence"])["chosen"].value_counts().to_dict(),
    )


if __name__ == "__main__":
    main()
