"""Balanced district x period panels, rates, and the rollout register turned into treatment per period.

Missing cells are a decision, not an accident: a cell absent from an incident list is a true zero (every
incident is listed), but a cell absent from a table of counts may be a zero or a report that never arrived.
:func:`balance` therefore fills zeros only when the source is declared complete, and otherwise leaves the
cell missing and warns with the list of gaps.

Population between census years is interpolated linearly, and held at the nearest census value outside the
census years (no extrapolation of growth unless asked: ``extrapolate="linear"``), see :func:`population_by_year`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from trends.io import TrendsDataWarning
from trends.schema import (
    Freq,
    Problem,
    TrendsDataError,
    _check_freq,
    check_crimes,
    full_years,
    infer_freq,
    period_start,
    period_timestamps,
    user_stacklevel,
)

__all__ = [
    "add_rates",
    "adoption_panel",
    "aggregate_incidents",
    "balance",
    "neighbour_exposure",
    "period_range",
    "population_by_year",
    "rollout_panel",
]

_OFFSET = {"month": "MS", "quarter": "QS", "year": "YS"}


def _wall_time(dates: pd.Series) -> pd.Series:
    """Naive timestamps; time-zone-aware ones keep their local wall time (an incident at 03:00 on 1 February in
    Hanoi belongs to February, not to 31 January in UTC)."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        return dates.dt.tz_localize(None)
    return dates


def _unique(labels: Iterable[object]) -> list:
    """A list of labels with repeats dropped, in order (a district listed twice is one district)."""
    return list(dict.fromkeys(labels))


def period_range(start: object, end: object, freq: Freq) -> pd.DatetimeIndex:
    """All period starts from the period containing ``start`` to the one containing ``end``."""
    first, last = period_start(pd.Series(pd.to_datetime([start, end])), freq)
    return pd.date_range(first, last, freq=_OFFSET[freq]).astype("datetime64[ns]")


def _period_codes(dates: np.ndarray, freq: Freq) -> np.ndarray:
    """Integer period number of each date (months, quarters or years since 1970)."""
    days = dates.astype("datetime64[D]").astype(np.int64)
    first = int(days.min()) if len(days) else 0
    span = int(days.max()) - first + 1 if len(days) else 0
    if span <= 4 * len(days) + 100_000:
        # Calendar months of each day of the span, looked up: numpy's per-element conversion to months is slow.
        month_of_day = (
            (np.arange(span) + first).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        )
        months = month_of_day[days - first]
    else:
        months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if freq == "month":
        return months
    if freq == "quarter":
        return np.floor_divide(months, 3)
    return np.floor_divide(months, 12)


def _codes_to_starts(codes: np.ndarray, freq: Freq) -> np.ndarray:
    months = {"month": codes, "quarter": codes * 3, "year": codes * 12}[freq]
    return months.astype("datetime64[M]").astype("datetime64[ns]")


def _sorted_codes(labels: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the sorted distinct labels (-1 = missing), as ``pd.factorize(sort=True)``; a categorical's own
    codes are renumbered rather than its millions of cells hashed again."""
    if not isinstance(labels.dtype, pd.CategoricalDtype):
        codes, uniques = pd.factorize(labels, sort=True)
        return codes, np.asarray(uniques, dtype=object)
    codes = labels.cat.codes.to_numpy()
    categories = labels.cat.categories.to_numpy(dtype=object)
    used = np.flatnonzero(np.bincount(codes.astype(np.intp) + 1, minlength=len(categories) + 1)[1:])
    order = used[np.argsort(categories[used].astype(str), kind="stable")]
    rank = np.full(len(categories) + 1, -1, dtype=np.intp)  # the last slot maps a missing code (-1) to -1
    rank[order] = np.arange(len(order))
    return rank[codes], categories[order]


def aggregate_incidents(
    incidents: pd.DataFrame,
    freq: Freq = "month",
    *,
    districts: Sequence[str] | None = None,
    offences: Sequence[str] | None = None,
    start: object = None,
    end: object = None,
) -> pd.DataFrame:
    """Count incidents by district, period and offence, on a complete grid.

    Only ``date``, ``district`` and ``offence`` are read; every other column (names, ages, addresses ...) is
    left behind here and never reaches a result. An incident list records every incident, so a cell with no
    incident is a true zero: the result covers every district x offence x period from ``start`` to ``end``
    (default: the first and last incident), zeros included.

    Parameters
    ----------
    incidents : pandas.DataFrame
        ``date`` (datetime64), ``district``, ``offence`` (see :func:`trends.io.read_incidents`).
    freq : {"month", "quarter", "year"}
    districts, offences : sequence of str, optional
        Full lists to include even where no incident occurred (for example all 30 districts).
    start, end : date-like, optional
        Extend (never shorten) the period range.

    Returns
    -------
    pandas.DataFrame
        The crimes table: ``district``, ``period``, ``offence``, ``count``; ``count.sum() == len(incidents)``.

    Raises
    ------
    TrendsDataError
        Missing values in the three columns, or incidents outside ``start``/``end`` or outside the given
        ``districts``/``offences`` (they would otherwise be lost).
    """
    missing = [c for c in ("date", "district", "offence") if c not in incidents.columns]
    if missing:
        raise TrendsDataError(
            f"incidents lack column(s) {missing}", column=missing[0], expected="date, district, offence"
        )
    _check_freq(freq)
    if len(incidents) == 0:
        raise TrendsDataError("no incidents to aggregate", expected="at least one incident")
    dates = _wall_time(pd.Series(pd.to_datetime(incidents["date"]))).to_numpy("datetime64[ns]")
    d_codes, d_uniques = _sorted_codes(incidents["district"])
    o_codes, o_uniques = _sorted_codes(incidents["offence"])
    problems: list[Problem] = []
    for name, bad in (("date", np.isnat(dates)), ("district", d_codes < 0), ("offence", o_codes < 0)):
        for i in np.flatnonzero(bad)[:50]:
            problems.append(
                Problem("missing value", row=int(i), column=name, expected="a value in every incident")
            )
    if problems:
        raise TrendsDataError(problems)
    d_all = pd.Index(d_uniques).astype(object)
    o_all = pd.Index(o_uniques).astype(object)
    if districts is not None:
        outside = d_all.difference(pd.Index(districts))
        if len(outside):
            raise TrendsDataError(f"incidents in districts not listed: {list(outside)}", column="district")
        d_all = pd.Index(_unique(districts), dtype=object)
        d_codes = d_all.get_indexer(d_uniques)[d_codes]
    if offences is not None:
        outside = o_all.difference(pd.Index(offences))
        if len(outside):
            raise TrendsDataError(f"incidents of offences not listed: {list(outside)}", column="offence")
        o_all = pd.Index(_unique(offences), dtype=object)
        o_codes = o_all.get_indexer(o_uniques)[o_codes]
    p = _period_codes(dates, freq)
    lo, hi = (int(p.min()), int(p.max())) if len(p) else (0, -1)
    if start is not None:
        s = int(_period_codes(np.array([pd.Timestamp(start).to_datetime64()]), freq)[0])
        if len(p) and s > lo:
            raise TrendsDataError(f"incidents before start={start}", column="date")
        lo = s
    if end is not None:
        e = int(_period_codes(np.array([pd.Timestamp(end).to_datetime64()]), freq)[0])
        if len(p) and e < hi:
            raise TrendsDataError(f"incidents after end={end}", column="date")
        hi = e
    n_d, n_o, n_p = len(d_all), len(o_all), max(hi - lo + 1, 0)
    key = (d_codes.astype(np.int64) * n_o + o_codes) * n_p + (p - lo)
    counts = np.bincount(key, minlength=n_d * n_o * n_p)
    grid_d, rest = np.divmod(np.arange(n_d * n_o * n_p), max(n_o * n_p, 1))
    grid_o, grid_p = np.divmod(rest, max(n_p, 1))
    out = pd.DataFrame(
        {
            "district": d_all.to_numpy()[grid_d],
            "period": _codes_to_starts(grid_p + lo, freq),
            "offence": o_all.to_numpy()[grid_o],
            "count": counts.astype(np.int64),
        }
    )
    out.attrs["freq"] = freq
    return out


def balance(
    crimes: pd.DataFrame,
    *,
    complete: bool = False,
    districts: Iterable[str] | None = None,
    periods: Iterable[object] | None = None,
    offences: Iterable[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A balanced district x period x offence panel with an explicit policy for missing cells.

    Parameters
    ----------
    crimes : pandas.DataFrame
        The crimes table (``district``, ``period``, ``offence``, ``count``).
    complete : bool, default False
        True when the source is declared complete (every non-zero cell is listed): missing cells become 0.
        False: missing cells stay missing (``<NA>`` in a nullable ``Int64`` column) and a
        :class:`~trends.io.TrendsDataWarning` lists the gaps.
    districts, periods, offences : iterables, optional
        The full grid (default: the values present). Periods default to the full range at the data's frequency.
    names : mapping, optional
        Display names of the district ids, for the warning that lists the missing cells (default: the ids).

    Returns
    -------
    pandas.DataFrame
        One row per cell of the grid, sorted by district, offence, period. The total count is unchanged.
    """
    crimes = check_crimes(crimes)
    freq = crimes.attrs.get("freq") or infer_freq(crimes["period"])

    def present(column: str) -> list:
        try:
            return sorted(crimes[column].unique())
        except TypeError:
            kinds = sorted({type(v).__name__ for v in crimes[column].unique()})
            raise TrendsDataError(
                f"{column} labels mix types {kinds}, which cannot be sorted into one grid",
                column=column,
                expected=f"one type of {column} label (e.g. all text: crimes[{column!r}].astype(str))",
            ) from None

    d = pd.Index(present("district") if districts is None else _unique(districts), name="district")
    o = pd.Index(present("offence") if offences is None else _unique(offences), name="offence")
    if periods is None:
        p = period_range(crimes["period"].min(), crimes["period"].max(), freq)
    else:
        p = pd.DatetimeIndex(list(periods)).astype("datetime64[ns]")
    p = pd.Index(p, name="period")
    outside = [
        (name, sorted(set(map(str, crimes[name].unique())) - set(map(str, grid))))
        for name, grid in (("district", d), ("offence", o), ("period", p))
    ]
    outside = [(name, vals) for name, vals in outside if vals]
    if outside:
        name, vals = outside[0]
        raise TrendsDataError(
            f"{len(vals)} value(s) outside the requested grid would be lost: {vals[:10]}",
            column=name,
            expected="a grid that includes every value present",
        )
    grid = pd.MultiIndex.from_product([d, o, p])
    series = crimes.set_index(["district", "offence", "period"])["count"].reindex(grid)
    gaps = series[series.isna()]
    out = series.rename("count").reset_index()[["district", "period", "offence", "count"]]
    given = crimes["count"].to_numpy(dtype=float, na_value=np.nan)
    whole = bool(
        np.all(np.isnan(given) | (given == np.round(given)))
    )  # else fractional counts kept as they are
    if complete:
        out["count"] = out["count"].fillna(0).astype(np.int64 if whole else np.float64)
    else:
        out["count"] = out["count"].astype("Int64" if whole else "Float64")
        if len(gaps):
            listed = (
                gaps.index.to_frame(index=False)
                .groupby(["district", "offence"])["period"]
                .agg(lambda s: f"{s.min():%Y-%m}..{s.max():%Y-%m} ({len(s)})")
            )
            named = names or {}
            lines = [
                f"{named.get(dist, dist)}/{off}: {span}" for (dist, off), span in listed.head(20).items()
            ]
            more = f"; and {len(listed) - 20} more series" if len(listed) > 20 else ""
            warnings.warn(
                TrendsDataWarning(
                    f"{len(gaps)} missing cell(s) left missing (source not declared complete; pass complete=True "
                    f"(trends report --complete) if absent rows mean zero): " + "; ".join(lines) + more
                ),
                stacklevel=user_stacklevel(),
            )
    out.attrs["freq"] = freq
    return out


def population_by_year(
    population: pd.DataFrame, years: Iterable[int], *, extrapolate: str = "constant"
) -> pd.DataFrame:
    """Population of each district in each year, from census years.

    Between two census years the population is interpolated linearly. Before the first and after the last
    census it is held at the nearest census value (``extrapolate="constant"``, the default: growth is not
    invented) or extended along the nearest census-to-census trend (``"linear"``; needs two census years).

    Parameters
    ----------
    population : pandas.DataFrame
        ``district``, ``year``, ``population`` (for example census 2009 and 2019), or a districts table with a
        single ``population`` per district (its year from ``population_year`` if present, else constant).
    years : iterable of int

    Returns
    -------
    pandas.DataFrame
        ``district``, ``year``, ``population`` (float), one row per district and year.
    """
    if extrapolate not in ("constant", "linear"):
        raise ValueError("extrapolate must be 'constant' or 'linear'")
    pop = population
    if "year" not in pop.columns:
        year = pop["population_year"] if "population_year" in pop.columns else 2000
        pop = pop.assign(year=year)
    years = np.asarray(sorted(set(int(y) for y in years)))
    pop = pop[pop["population"].notna()]  # a census year without a figure is interpolated like an absent one
    values_ = pd.to_numeric(pop["population"], errors="coerce")
    if (~(values_ > 0)).any():
        bad = pop.loc[~(values_ > 0)].iloc[0]
        raise TrendsDataError(
            f"population must be a positive number; district {bad['district']} has {bad['population']!r}",
            column="population",
            expected="residents > 0",
        )
    twice = pop.duplicated(["district", "year"], keep=False)
    if twice.any():
        bad = pop.loc[twice].iloc[0]
        raise TrendsDataError(
            f"{int(twice.sum())} population rows repeat a district and year (e.g. {bad['district']}, {bad['year']})",
            column="year",
            expected="one population per district and year",
        )
    rows = []
    for district, g in pop.groupby("district", sort=True, observed=True):
        g = g.sort_values("year")
        x, y = g["year"].to_numpy(float), g["population"].to_numpy(float)
        values = np.interp(years, x, y)
        if extrapolate == "linear" and len(x) >= 2:
            lo_slope = (y[1] - y[0]) / (x[1] - x[0])
            hi_slope = (y[-1] - y[-2]) / (x[-1] - x[-2])
            values = np.where(years < x[0], y[0] + lo_slope * (years - x[0]), values)
            values = np.where(years > x[-1], y[-1] + hi_slope * (years - x[-1]), values)
        rows.append(pd.DataFrame({"district": district, "year": years, "population": values}))
    if not rows:
        return pd.DataFrame({"district": pd.Series(dtype=object), "year": pd.Series(dtype=np.int64),
                             "population": pd.Series(dtype=float)})  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def add_rates(crimes: pd.DataFrame, population: pd.DataFrame, *, per: int = 100_000) -> pd.DataFrame:
    """Add ``population`` and ``rate`` (cases per ``per`` residents in the period) to a crimes table.

    Population is taken for the period's year by :func:`population_by_year`. Monthly rates are per month; a
    district without population raises an error instead of giving a silent NaN.
    """
    missing_cols = [c for c in ("district", "period", "count") if c not in crimes.columns]
    if missing_cols:
        raise TrendsDataError(
            f"crimes lack column(s) {missing_cols}",
            column=missing_cols[0],
            expected="district, period, count",
        )
    periods = crimes["period"]
    if not pd.api.types.is_datetime64_any_dtype(periods.dtype):
        periods = period_timestamps(periods)
    years = _wall_time(pd.Series(periods)).dt.year.set_axis(crimes.index)
    pop = population_by_year(population, years.unique())
    missing = sorted(set(crimes["district"]) - set(pop["district"]))
    if missing:
        raise TrendsDataError(
            f"no population for district(s) {missing}",
            column="district",
            expected="a population for every district",
        )
    pop = pop.rename(columns={"year": "_year", "population": "_population"})
    out = crimes.assign(_year=years).merge(pop, on=["district", "_year"], how="left", validate="many_to_one")
    out["population"] = out.pop("_population")
    out["rate"] = out["count"] / out["population"] * per
    out.attrs = dict(crimes.attrs)
    return out.drop(columns="_year")


def rollout_panel(
    rollout: pd.DataFrame,
    periods: Iterable[object],
    *,
    districts: pd.DataFrame | Sequence[str] | None = None,
    population: pd.DataFrame | None = None,
    model_types: Iterable[str] | None = None,
    freq: Freq | None = None,
) -> pd.DataFrame:
    """Turn the register of movement models into treatment per district and period.

    A model is active in a period when it started on or before the period's last day and had not ended
    before its first day. Models older than the panel count from the first period; ended models stop counting
    after their end; districts with no model are never treated.

    Parameters
    ----------
    rollout : pandas.DataFrame
        The register (``model_id``, ``district``, ``model_type``, ``start``, ``end``).
    periods : iterable of timestamps
        Period starts of the panel.
    districts : DataFrame or sequence of str, optional
        All districts of the study (so never-treated ones get rows); a DataFrame with ``population`` also gives
        the intensity per 10,000 residents when ``population`` is not passed.
    population : pandas.DataFrame, optional
        Population by district (and year) for ``models_per_10k``, see :func:`population_by_year`.
    model_types : iterable of str, optional
        Count only these model types (treatment defined by the first model of a given type).

    Returns
    -------
    pandas.DataFrame
        ``district``, ``period``, ``active_models``, ``models_per_10k`` (when a population is known),
        ``cohort`` (the period of the district's first adoption, NaT when never treated in the register;
        earlier than the first period for models older than the panel), ``treated`` (cohort <= period: adopted
        at some point, whether or not a model is still active), ``always_treated`` (adopted before the panel).
    """
    stamps = _wall_time(pd.Series(period_timestamps(list(periods))))
    if stamps.isna().any():
        raise TrendsDataError("missing period among the periods", column="period", expected="period starts")
    index = pd.DatetimeIndex(stamps.drop_duplicates()).astype("datetime64[ns]").sort_values()
    freq = _check_freq(freq) if freq else infer_freq(index)
    gone = [c for c in ("district", "start") if c not in rollout.columns]
    if gone:
        raise TrendsDataError(
            f"the rollout register lacks column(s) {gone}",
            column=gone[0],
            expected="district, start (and end)",
        )
    reg = rollout.assign(
        start=_wall_time(pd.Series(pd.to_datetime(rollout["start"]), index=rollout.index)),
        end=_wall_time(pd.Series(pd.to_datetime(rollout["end"]), index=rollout.index))
        if "end" in rollout.columns
        else pd.NaT,
    )
    label = reg["model_id"] if "model_id" in reg.columns else pd.Series(reg.index, index=reg.index)
    for bad, what in (
        (reg["start"].isna(), "no start date"),
        (reg["end"].notna() & (reg["end"] < reg["start"]), "an end before its start"),
    ):
        if bad.any():
            raise TrendsDataError(
                f"{int(bad.sum())} model(s) with {what}: {label[bad].tolist()[:10]}",
                column="start" if what == "no start date" else "end",
                expected="a start date, and an end (if any) on or after it",
            )
    rollout = reg
    if model_types is not None:
        types = list(model_types)
        unknown = sorted(set(types) - set(reg["model_type"]))
        if unknown:
            warnings.warn(
                TrendsDataWarning(f"no model of type(s) {unknown} in the register"),
                stacklevel=user_stacklevel(),
            )
        reg = reg[reg["model_type"].isin(types)]
    if districts is None:
        names = sorted(set(rollout["district"]))
    elif isinstance(districts, pd.DataFrame):
        names = _unique(districts["district"])
        if population is None and "population" in districts.columns:
            population = districts
    else:
        names = _unique(districts)
    outside = sorted(set(rollout["district"]) - set(names))
    if outside:
        raise TrendsDataError(f"models in districts not in the study: {outside}", column="district")
    starts = period_start(reg["start"], freq).to_numpy()
    ends = reg["end"].to_numpy("datetime64[ns]")
    p_first = index.to_numpy()
    p_last = (index + pd.tseries.frequencies.to_offset(_OFFSET[freq])).to_numpy() - np.timedelta64(1, "ns")
    d_index = pd.Index(names).get_indexer(reg["district"])
    active = np.zeros((len(names), len(index)), dtype=np.int64)
    on = (starts[:, None] <= p_last[None, :]) & (
        np.isnat(ends)[:, None] | (ends[:, None] >= p_first[None, :])
    )
    np.add.at(active, d_index, on.astype(np.int64))
    first = pd.Series(starts, index=reg["district"].to_numpy()).groupby(level=0).min()
    cohort = pd.Series(pd.NaT, index=names, dtype="datetime64[ns]")
    cohort.loc[first.index] = first.to_numpy()
    out = pd.DataFrame(
        {
            "district": np.repeat(names, len(index)).astype(object),
            "period": np.tile(p_first, len(names)),
            "active_models": active.ravel(),
        }
    )
    out["cohort"] = out["district"].map(cohort).astype("datetime64[ns]")
    out["treated"] = (out["cohort"] <= out["period"]).fillna(False).astype(bool)
    out["always_treated"] = (out["cohort"] < p_first[0]).fillna(False).astype(bool)
    if population is not None:
        pop = population_by_year(population, out["period"].dt.year.unique())
        lacking = sorted(set(names) - set(pop["district"]), key=str)
        if lacking:
            raise TrendsDataError(
                f"no population for district(s) {lacking}",
                column="district",
                expected="a population for every district (models_per_10k)",
            )
        out = out.assign(year=out["period"].dt.year).merge(pop, on=["district", "year"], how="left")
        out["models_per_10k"] = out["active_models"] / out["population"] * 10_000
        out = out.drop(columns=["year"])
    out.attrs["freq"] = freq
    return out


def adoption_panel(
    crimes: pd.DataFrame,
    rollout: pd.DataFrame,
    districts: pd.DataFrame,
    *,
    unit: str = "series",
    annual: bool = False,
    model_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The panel the impact estimators take: counts by unit and period with each district's adoption cohort.

    Parameters
    ----------
    crimes : pandas.DataFrame
        Balanced crimes table (no missing cells).
    rollout, districts : pandas.DataFrame
        The register of models and the districts table (for never-treated districts and populations).
    unit : {"series", "district"}
        ``"series"``: one unit per district x offence (``series`` = ``"district/offence"``), for estimators that
        let each offence follow its own trend; ``"district"``: all offences summed.
    annual : bool
        Sum to calendar years (complete years only) and add ``population``, ``rate`` per 100,000 and
        ``log_rate`` = log(1 + rate).
    model_types : iterable of str, optional
        Adoption = the first model of these types (default: of any type).

    Returns
    -------
    pandas.DataFrame
        ``district`` (and ``offence``, ``series`` for series units), ``period`` (and ``year`` when annual),
        ``count``, ``cohort`` (period of the district's first model; NaT = never), ``cohort_year`` (0 = never,
        as R ``did``'s ``first.treat``), ``treated`` (1 from adoption on), ``always_treated`` (adopted before
        the panel; such districts have no pre-period and estimators drop them).
    """
    if unit not in ("series", "district"):
        raise ValueError("unit must be 'series' or 'district'")
    crimes = check_crimes(crimes)
    if crimes["count"].isna().any():
        raise TrendsDataError("the crimes panel has missing cells; impact estimators need a complete panel")
    keys = ["district", "offence"] if unit == "series" else ["district"]
    names = districts["district"] if isinstance(districts, pd.DataFrame) else districts
    unknown = sorted(set(crimes["district"]) - set(names), key=str)
    if unknown:
        raise TrendsDataError(
            f"crimes in district(s) not in the districts table: {unknown[:10]}",
            column="district",
            expected="every district of the crimes in the districts table (its never-treated units too)",
        )
    df = crimes.copy()
    if annual:
        full = full_years(df["period"], crimes.attrs.get("freq"))
        if not full:
            raise TrendsDataError(
                "annual=True needs at least one complete calendar year; the panel has none",
                column="period",
                expected="every month (or quarter) of at least one year",
            )
        df = df[df["period"].dt.year.isin(full)]
        df["period"] = df["period"].dt.to_period("Y").dt.start_time.astype("datetime64[ns]")
    out = df.groupby([*keys, "period"], as_index=False, observed=True)["count"].sum()
    periods = np.sort(crimes["period"].unique())
    treatment = rollout_panel(rollout, periods, districts=districts, model_types=model_types)
    first = treatment.drop_duplicates("district").set_index("district")
    out["cohort"] = out["district"].map(first["cohort"]).astype("datetime64[ns]")
    if annual:
        out["cohort"] = out["cohort"].dt.to_period("Y").dt.start_time.astype("datetime64[ns]")
    out["cohort_year"] = out["cohort"].dt.year.fillna(0).astype(int)
    out["treated"] = (out["period"] >= out["cohort"]).astype(int)
    out["always_treated"] = out["district"].map(first["always_treated"]).astype(bool)
    if unit == "series":
        out.insert(0, "series", out["district"].astype(str) + "/" + out["offence"].astype(str))
    if annual:
        out["year"] = out["period"].dt.year
        out = add_rates(out, districts)
        out["log_rate"] = np.log1p(out["rate"])
    return out


def neighbour_exposure(panel: pd.DataFrame, adjacency: pd.DataFrame, *, cohort: str = "cohort") -> pd.Series:
    """When each district was first exposed to a neighbour's adoption: the earliest cohort among its neighbours.

    Parameters
    ----------
    panel : pandas.DataFrame
        An adoption panel (:func:`adoption_panel`): ``district`` and its ``cohort`` (NaT = never adopted).
    adjacency : pandas.DataFrame
        Pairs of districts that share a boundary: ``district_a``, ``district_b`` (e.g.
        :func:`trends.geo.hanoi_adjacency`, or any table an analyst supplies with those two columns).
    cohort : str
        The cohort column of ``panel``.

    Returns
    -------
    pandas.Series
        Indexed by district: the first period in which a neighbour had adopted (NaT: no neighbour ever did).
        Map it onto the panel (``panel["district"].map(...)``) as the exposure column of
        :func:`trends.impact.spillover_imputation`.

    Raises
    ------
    TrendsDataError
        When the adjacency table lacks its columns or names districts the panel does not have.
    """
    missing = [c for c in ("district_a", "district_b") if c not in adjacency.columns]
    if missing:
        raise TrendsDataError(f"adjacency table lacks column(s) {missing}; expected district_a, district_b")
    first = panel.drop_duplicates("district").set_index("district")[cohort]
    unknown = sorted((set(adjacency["district_a"]) | set(adjacency["district_b"])) - set(first.index))
    if unknown:
        raise TrendsDataError(f"adjacency table names districts the panel does not have: {unknown[:10]}")
    pairs = pd.concat(
        [
            adjacency.rename(columns={"district_a": "district", "district_b": "neighbour"}),
            adjacency.rename(columns={"district_b": "district", "district_a": "neighbour"}),
        ]
    )[["district", "neighbour"]]
    pairs["neighbour_cohort"] = pairs["neighbour"].map(first)
    exposure = pairs.groupby("district")["neighbour_cohort"].min()
    return exposure.reindex(first.index).astype("datetime64[ns]").rename("exposure")
