"""Validation: are the conformal intervals calibrated on short annual panels that share each year's shock?

Berlin's panel (192 district x offence series, 2012-2019) is the hardest case of issue 3: with ``h=3`` and four
rolling origins only the last origin has an interval at every horizon, and its 576 intervals all forecast the
same three years. This script simulates many panels shaped like Berlin - same size and length, levels, drift,
shared year shocks and idiosyncratic noise estimated from the Berlin panel itself - backtests each exactly as
``benchmarks/bench_forecast_peers.py`` does (``method="auto"``, ``h=3``, 4 windows, step 1), and reports:

- mean coverage of the 80 % / 95 % intervals over the replications (is the method calibrated on average?),
  on the last origin alone (the benchmark's protocol) and on every (origin, horizon) cell with an interval;
- the spread of the last-origin coverage across replications (how far one panel's figure can fall from
  nominal by the luck of its years alone) and the share of replications within 3 points of nominal.

Scenarios: ``stationary`` (the year shock shifts every series, the noise has constant variance),
``volatile`` (also the spread of the idiosyncratic noise changes from year to year, lognormal sd 0.3, shared
by all series - Berlin's 2018-2019 errors were about 1.5 times those of 2014-2016) and ``offence`` (as
``stationary``, but the 192 series are 16 offences x 12 districts and each offence has its own shock every
year, shared by its 12 districts - as Berlin's burglary, robbery and theft fell in every district in 2017; the
idiosyncratic noise is then smaller, so the total variance of a series' growth stays close to Berlin's).
Scenarios combine with ``+``: ``volatile+offence`` lets the year's spread scale both.

Run:  python benchmarks/validate_forecast_short.py [--reps 100] [--scenario stationary,volatile,offence,volatile+offence]
      [--years 8 --h 3 --windows 4]

``--years 7 --h 2 --windows 3`` simulates the shape of the 7-year panels of ``bench_forecast_panels.py``
(``nc_crime``, ``traffic_fatalities``), with the same parameters.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from bench_forecast_peers import markdown  # the script's folder is on sys.path
from trends.forecast import backtest

# Estimated on load_berlin() (log growth of the 192 district x offence series, 2013-2019): median level 982
# (10th/90th percentiles 160/6544), year shock sd 0.034, series drift sd 0.042, idiosyncratic sd 0.149
# (robust 0.113: heavy tails). Splitting the idiosyncratic part into offence x year means (over the 12
# districts) and the rest: offence-year shock sd 0.072 (net of the rest's share), rest robust sd 0.089.
N_SERIES, N_YEARS, N_GROUPS = 192, 8, 16
LOG_LEVEL_MEAN, LOG_LEVEL_SD = 6.9, 1.4
YEAR_SD, DRIFT_SD, NOISE_SCALE, NOISE_DF = 0.034, 0.042, 0.11, 4
GROUP_SD, GROUPED_NOISE_SCALE = 0.072, 0.081  # t(4) scale 0.081 has robust sd 0.089
H, WINDOWS, STEP = 3, 4, 1


def simulate(rng: np.random.Generator, scenario: str) -> pd.DataFrame:
    """One Berlin-shaped panel of annual counts (long format: key, period, count)."""
    level0 = rng.normal(LOG_LEVEL_MEAN, LOG_LEVEL_SD, N_SERIES)
    drift = rng.normal(0, DRIFT_SD, N_SERIES)
    year = rng.normal(0, YEAR_SD, N_YEARS - 1)
    parts = set(scenario.split("+"))
    spread = np.exp(rng.normal(0, 0.3, N_YEARS - 1)) if "volatile" in parts else np.ones(N_YEARS - 1)
    scale = GROUPED_NOISE_SCALE if "offence" in parts else NOISE_SCALE
    noise = scale * rng.standard_t(NOISE_DF, (N_SERIES, N_YEARS - 1))
    if "offence" in parts:  # series i belongs to offence i % 16 (12 districts each)
        noise += rng.normal(0, GROUP_SD, (N_GROUPS, N_YEARS - 1))[np.arange(N_SERIES) % N_GROUPS]
    noise *= spread
    growth = drift[:, None] + year[None, :] + noise
    log_mu = level0[:, None] + np.concatenate([np.zeros((N_SERIES, 1)), np.cumsum(growth, axis=1)], axis=1)
    counts = rng.poisson(np.exp(log_mu))
    periods = pd.date_range("2012-01-01", periods=N_YEARS, freq="YS")
    return pd.DataFrame(
        {
            "key": np.repeat([f"s{i:03d}" for i in range(N_SERIES)], N_YEARS),
            "period": np.tile(periods, N_SERIES),
            "count": counts.ravel().astype(float),
        }
    )


def coverage(seed: int, scenario: str) -> dict[str, float]:
    df = simulate(np.random.default_rng(seed), scenario)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = backtest(df, H, WINDOWS, STEP, "auto", ids="key", progress=False).predictions
    p = p[(p["method"] == "auto") & p["lo_80"].notna()]
    out: dict[str, float] = {"seed": seed}
    last = p[p["window"] == WINDOWS - 1]
    for lev in (80, 95):
        for name, part in (("last", last), ("all", p)):
            inside = (part["actual"] >= part[f"lo_{lev}"]) & (part["actual"] <= part[f"hi_{lev}"])
            out[f"{name}_{lev}"] = 100 * float(inside.mean())
    return out


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    table = []
    for col in [c for c in rows.columns if c != "seed"]:
        v, nominal = rows[col], float(col.split("_")[1])
        table.append(
            {
                "cells": "last origin" if col.startswith("last") else "all cells",
                "level": int(nominal),
                "mean": v.mean(),
                "sd": v.std(ddof=1),
                "p5": v.quantile(0.05),
                "p95": v.quantile(0.95),
                "within 3 pts": 100 * float((v - nominal).abs().le(3).mean()),
            }
        )
    return pd.DataFrame(table)


def main() -> None:
    global N_YEARS, H, WINDOWS  # the panel's shape, read by simulate() and coverage()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--scenario", default="stationary,volatile,offence,volatile+offence")
    parser.add_argument("--years", type=int, default=N_YEARS, help="years per series")
    parser.add_argument("--h", type=int, default=H, help="horizon")
    parser.add_argument("--windows", type=int, default=WINDOWS, help="rolling origins, one year apart")
    args = parser.parse_args()
    N_YEARS, H, WINDOWS = args.years, args.h, args.windows
    shape = f" --years {N_YEARS} --h {H} --windows {WINDOWS}" if (N_YEARS, H, WINDOWS) != (8, 3, 4) else ""
    print(
        f"Command: `python benchmarks/validate_forecast_short.py --reps {args.reps} --scenario {args.scenario}"
        f"{shape}`\n"
    )
    for scenario in args.scenario.split(","):
        t0 = time.perf_counter()
        rows = pd.DataFrame([coverage(seed, scenario) for seed in range(1, args.reps + 1)])
        print(f"### {scenario}: {args.reps} panels of {N_SERIES} series x {N_YEARS} years, "
              f"{time.perf_counter() - t0:.0f} s\n")  # fmt: skip
        print(markdown(summarise(rows), ".1f"))
        print(flush=True)


if __name__ == "__main__":
    main()
