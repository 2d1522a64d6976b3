"""Read crime, incident, rollout, district and population files into the canonical tables.

Supported: CSV (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1258; delimiter sniffed among ``, ; tab |``),
Parquet and Excel (``.xlsx``/``.xlsm``; cached cell values are read, formulas are never evaluated and macros never
run; a formula without a cached value is reported as a formula). Every cell is read as text and validated here,
so a bad value is reported with the file, the 1-based row as a spreadsheet shows it and the column, instead of
being coerced silently. A file that is truncated (cut inside a character) or mixes UTF-8 with Windows-1258 is
refused, naming the line.

Documented repairs, each reported in a :class:`TrendsDataWarning` naming the file (no count is ever changed):

- cells are NFC-normalised, stripped, runs of spaces (non-breaking, tabs, line breaks) become one space, and
  invisible characters (zero-width spaces and joiners, BOMs, soft hyphens: Unicode category Cf) are removed, so
  "Trộm\u200b cắp" and "Trộm  cắp" are the offence "Trộm cắp" (warned when invisible characters were removed);
- title rows above the header (a merged cell such as "CÔNG AN THÀNH PHỐ HÀ NỘI") are skipped: the header is the
  first row with two or more filled cells; row numbers stay those of the file;
- blank lines, and repeated header rows (two exports pasted together), are skipped;
- total rows at the bottom ("Tổng cộng", "Tổng", "Cộng", "Total") are dropped; where a total states a count or a
  population, it must equal the sum of the rows, or the file is refused.

No other row is ever dropped. A value in a column without a header is an error (more fields than the header).
Dates are day-first (03/04/2020 is 3 April 2020, the Vietnamese convention); ISO dates are unambiguous; one
column may mix these formats.

Files are first read as text cells by :func:`trends.rawfile.read_raw` (decoding, formats and the repairs above);
this module matches the columns to the contract and validates every cell.

Column names are matched to the contract from common English and Vietnamese headers (``quận/huyện``,
``ngày xảy ra``, ``tội danh``, ``số vụ`` ...); pass ``columns={"file header": "canonical"}`` to map others.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from trends.districts import DistrictResolver, fold
from trends.rawfile import RawTable, read_raw
from trends.schema import (
    DISTRICT_KINDS,
    Freq,
    Problem,
    TrendsDataError,
    TrendsDataWarning,
    infer_freq,
    is_personal_column,
)

__all__ = [
    "RawTable",
    "TrendsDataWarning",
    "read_crimes",
    "read_districts",
    "read_incidents",
    "read_population",
    "read_raw",
    "read_rollout",
]

MAX_COUNT = 10**9  # a single cell above this is a typo or an overflow, not a crime count


# --------------------------------------------------------------------------------------------------------------
# Column matching

_ALIASES: dict[str, tuple[str, ...]] = {
    "district": (
        "district",
        "quan huyen",
        "quan/huyen",
        "don vi",
        "dia ban",
        "dia ban quan huyen",
        "borough",
        "district id",
        "district name",
        "ten quan huyen",
    ),
    "period": ("period", "month", "thang", "ky", "ky bao cao", "year", "nam", "quarter", "quy", "thoi gian"),
    "date": ("date", "ngay", "ngay xay ra", "incident date", "date occurred", "occurred", "thoi gian xay ra"),
    "offence": (
        "offence",
        "offense",
        "crime",
        "crime type",
        "toi danh",
        "loai toi pham",
        "loai vu viec",
        "category",
        "offence type",
        "offense type",
    ),
    "count": ("count", "n", "cases", "so vu", "so vu an", "number", "value", "so luong"),
    "model_id": ("model id", "ma mo hinh", "id", "model"),
    "model_type": ("model type", "loai mo hinh", "type", "loai"),
    "ward": ("ward", "phuong xa", "phuong/xa", "phuong", "xa", "commune"),
    "start": ("start", "start date", "ngay bat dau", "bat dau", "launched", "ngay thanh lap"),
    "end": ("end", "end date", "ngay ket thuc", "ket thuc"),
    "name_vi": ("name vi", "ten", "ten quan huyen", "name"),
    "name_ascii": ("name ascii", "ten khong dau"),
    "kind": ("kind", "loai don vi", "type"),
    "population": ("population", "dan so", "pop"),
    "area_km2": ("area km2", "area", "dien tich", "dien tich km2"),
    "year": ("year", "nam"),
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", fold(name)).strip()


def _match_columns(
    raw: RawTable,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    columns: Mapping[str, str] | None,
) -> dict[str, str]:
    """Map canonical names to the file's columns; error naming every missing column and the closest found."""
    found = list(raw.frame.columns)
    explicit = dict(columns or {})
    for source in explicit:
        if source not in found:
            raise TrendsDataError(
                f"columns= names {source!r}, which the file does not have",
                file=raw.file,
                row=1,
                column=source,
                expected=f"one of {found}",
            )
    mapping = {canon: source for source, canon in explicit.items()}
    wanted = required + optional
    for canon in wanted:
        if canon in mapping:
            continue
        hits = [c for c in found if c == canon] or [
            c for c in found if _key(c) in {_key(a) for a in _ALIASES.get(canon, (canon,))}
        ]
        hits = [c for c in hits if c not in mapping.values()]
        if len(hits) > 1:
            raise TrendsDataError(
                f"several columns could be {canon!r}: {hits}",
                file=raw.file,
                row=1,
                column=canon,
                expected=f"one column, or columns={{'<header>': '{canon}'}}",
            )
        if hits:
            mapping[canon] = hits[0]
    missing = [c for c in required if c not in mapping]
    if missing:
        import difflib

        problems = []
        for canon in missing:
            close = difflib.get_close_matches(canon, found, n=2, cutoff=0.4)
            hint = f"; closest found: {close}" if close else ""
            problems.append(
                Problem(
                    f"missing required column {canon!r}{hint}",
                    file=raw.file,
                    row=1,
                    column=canon,
                    expected=f"a header among {found} naming it, or columns={{'<header>': '{canon}'}}",
                )
            )
        raise TrendsDataError(problems)
    return mapping


# --------------------------------------------------------------------------------------------------------------
# Cell parsers: vectorised, each returning parsed values and raising with file/row/column on failure

_THOUSANDS = re.compile(r"^\d{1,3}(?:([,. \u00a0])\d{3})(?:\1\d{3})*$")


def _problems(raw: RawTable, mask: np.ndarray, column: str, values: pd.Series, message: str, expected: str):
    idx = np.flatnonzero(mask)
    return [
        Problem(
            message,
            file=raw.file,
            row=int(raw.rows[i]),
            column=column,
            value=values.iloc[i],
            expected=expected,
        )
        for i in idx
    ]


def _parse_count(raw: RawTable, source: str, column: str = "count") -> np.ndarray:
    text = raw.frame[source]
    cleaned = text.where(~text.str.match(_THOUSANDS), text.str.replace(r"[,. \u00a0]", "", regex=True))
    cleaned = cleaned.str.replace(r"\.0+$", "", regex=True)  # "12.0" from a spreadsheet's float export
    number = pd.to_numeric(cleaned, errors="coerce")
    problems: list[Problem] = []
    empty = (text == "").to_numpy()
    problems += _problems(raw, empty, source, text, "missing count", "a non-negative whole number")
    nonnum = (~empty) & ~np.isfinite(number.to_numpy(dtype=float, na_value=np.nan))
    problems += _problems(raw, nonnum, source, text, "not a number", "a non-negative whole number")
    num = number.to_numpy(dtype=float, na_value=np.nan)
    num[nonnum] = np.nan
    with np.errstate(invalid="ignore"):
        neg = num < 0
        frac = (num != np.floor(num)) & ~np.isnan(num) & ~neg
        huge = num > MAX_COUNT
    problems += _problems(raw, neg, source, text, "negative count", "a non-negative whole number")
    problems += _problems(raw, frac, source, text, "fractional count", "a whole number of cases")
    problems += _problems(
        raw, huge, source, text, f"implausibly large count (over {MAX_COUNT:,})", "a crime count"
    )
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    return num.astype(np.int64)


_DATE_FORMATS: tuple[tuple[str, str | None], ...] = (
    # (regex of the text, pandas format; None = ISO 8601)
    (r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", None),
    (r"^\d{4}/\d{1,2}/\d{1,2}$", "%Y/%m/%d"),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y"),
    (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y"),
    (r"^\d{1,2}\.\d{1,2}\.\d{4}$", "%d.%m.%Y"),
    (r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?$", "mixed-dayfirst"),
)


def _parse_dates(
    raw: RawTable,
    source: str,
    *,
    required: bool = True,
    dayfirst: bool = True,
    today: pd.Timestamp | None = None,
) -> pd.Series:
    """Parse a date column. Day-first (Vietnamese convention: 05/03/2020 is 5 March) unless ``dayfirst=False``."""
    text = raw.frame[source]
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    matched = np.zeros(len(text), dtype=bool)
    for pattern, fmt in _DATE_FORMATS:
        sel = text.str.match(pattern).to_numpy() & ~matched
        if not sel.any():
            continue
        matched |= sel
        sub = text[sel]
        if fmt is None:
            parsed = pd.to_datetime(sub, format="ISO8601", errors="coerce")
        elif fmt == "mixed-dayfirst":
            parsed = pd.to_datetime(sub, dayfirst=dayfirst, errors="coerce", format="mixed")
        else:
            if not dayfirst and fmt.startswith("%d"):
                fmt = fmt.replace("%d", "%@").replace("%m", "%d").replace("%@", "%m")
            parsed = pd.to_datetime(sub, format=fmt, errors="coerce")
        out[sel] = parsed.dt.tz_localize(None).astype("datetime64[ns]") if parsed.dt.tz else parsed
    empty = (text == "").to_numpy()
    problems: list[Problem] = []
    if required:
        problems += _problems(
            raw, empty, source, text, "missing date", "a date such as 2024-03-05 or 05/03/2024"
        )
    bad = ~empty & out.isna().to_numpy()
    problems += _problems(
        raw, bad, source, text, "unparseable date", "a date such as 2024-03-05 or 05/03/2024"
    )
    today = today or pd.Timestamp.today().normalize()
    future = (out > today + pd.Timedelta(days=1)).to_numpy()
    problems += _problems(
        raw, future, source, text, "date in the future", f"a date on or before {today.date()}"
    )
    early = (out < pd.Timestamp("1900-01-01")).to_numpy()
    problems += _problems(raw, early, source, text, "date before 1900", "a recorded date")
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    return out


_PERIOD_CLASSES: tuple[tuple[str, str, str], ...] = (
    # (frequency, regex, how to build a parseable string)
    ("year", r"^(?P<y>\d{4})(?:\.0)?$", "{y}-01-01"),
    ("quarter", r"^(?P<y>\d{4})\s*[-/ ]?\s*Q(?P<q>[1-4])$", "Q"),
    ("quarter", r"^(?:Q|Quý|Quy)\s*(?P<q>[1-4])\s*[-/ ]\s*(?P<y>\d{4})$", "Q"),
    ("month", r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$", "{y}-{m}-01"),
    ("month", r"^(?:T|Tháng|Thang|M)?\s*(?P<m>\d{1,2})[-/.](?P<y>\d{4})$", "{y}-{m}-01"),
    ("date", r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]00:00(?::00)?)?$", "{y}-{m}-{d}"),
)


def _parse_periods(raw: RawTable, source: str) -> tuple[pd.Series, Freq]:
    """Parse period labels (2020, 2020-03, 03/2020, T3/2020, 2020Q1, Quý 1/2020, 2020-03-01) to period starts."""
    text = raw.frame[source]
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    klass = pd.Series("", index=text.index, dtype=object)
    for freq, pattern, _ in _PERIOD_CLASSES:
        parts = text.str.extract(pattern, flags=re.IGNORECASE)
        sel = parts.notna().any(axis=1).to_numpy() & (klass == "").to_numpy()
        if not sel.any():
            continue
        p = parts[sel]
        y = p["y"].astype(int)
        if freq == "year":
            month, day = pd.Series(1, index=p.index), pd.Series(1, index=p.index)
        elif freq == "quarter":
            month, day = (p["q"].astype(int) - 1) * 3 + 1, pd.Series(1, index=p.index)
        elif freq == "month":
            month, day = p["m"].astype(int), pd.Series(1, index=p.index)
        else:
            month, day = p["m"].astype(int), p["d"].astype(int)
        stamps = pd.to_datetime(
            pd.DataFrame({"year": y, "month": month, "day": day}), errors="coerce"
        ).astype("datetime64[ns]")
        out[sel] = stamps
        klass[sel] = freq
    problems: list[Problem] = []
    empty = (text == "").to_numpy()
    problems += _problems(
        raw, empty, source, text, "missing period", "a period such as 2024-03, 2024Q1 or 2024"
    )
    bad = ~empty & out.isna().to_numpy()
    problems += _problems(
        raw, bad, source, text, "unparseable period", "a period such as 2024-03, 03/2024, 2024Q1 or 2024"
    )
    notstart = (klass == "date").to_numpy() & (out.dt.day != 1).to_numpy() & ~bad
    problems += _problems(
        raw, notstart, source, text, "a day, not a period", "the first day of a month, quarter or year"
    )
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
    # Dates given as period starts take the frequency of the whole column; explicit labels must agree.
    labelled = klass[klass != "date"]
    kinds = labelled.value_counts()
    if len(kinds) > 1:
        minority = kinds.index[-1]
        mask = (klass == minority).to_numpy()
        raise TrendsDataError(
            _problems(
                raw,
                mask,
                source,
                text,
                f"mixed frequencies: { ({k: int(v) for k, v in kinds.items()}) } periods in one column; this row is a {minority}",
                f"one frequency ({kinds.index[0]}) throughout; aggregate first",
            )
        )
    freq = kinds.index[0] if len(kinds) else None
    if freq is None:  # only dates: the column's frequency is what its period starts say
        try:
            freq = infer_freq(out)
        except TrendsDataError as exc:
            raise TrendsDataError(str(exc), file=raw.file, column=source) from None
    else:  # labels fix the frequency; dates among them must be starts of such periods
        allowed = {"year": [1], "quarter": [1, 4, 7, 10], "month": list(range(1, 13))}[freq]
        off = ((klass == "date") & ~out.dt.month.isin(allowed)).to_numpy()
        if off.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    off,
                    source,
                    text,
                    f"mixed frequencies: a date that does not start a {freq}",
                    f"{freq} periods throughout",
                )
            )
    today = pd.Timestamp.today()
    future = (out > today).to_numpy()
    if future.any():
        raise TrendsDataError(
            _problems(
                raw,
                future,
                source,
                text,
                "period in the future",
                f"a period starting on or before {today.date()}",
            )
        )
    return out, freq  # type: ignore[return-value]


def _parse_text(raw: RawTable, source: str, column: str, *, required: bool = True) -> pd.Series:
    text = raw.frame[source].map(lambda s: unicodedata.normalize("NFC", s))
    if required:
        empty = (text == "").to_numpy()
        if empty.any():
            raise TrendsDataError(
                _problems(raw, empty, source, text, f"missing {column}", f"a {column} value")
            )
    return text.astype(object)


def _resolve(
    raw: RawTable, source: str, districts: DistrictResolver | pd.DataFrame | bool | None
) -> pd.Series:
    text = _parse_text(raw, source, "district")
    if districts is False:
        return text
    if districts is None or districts is True:
        from trends.districts import default_resolver

        resolver = default_resolver()
    elif isinstance(districts, pd.DataFrame):
        resolver = DistrictResolver(districts)
    else:
        resolver = districts
    return resolver.resolve(text, file=raw.file, rows=raw.rows.tolist(), column=source)


def _gather(**parsers: Callable[[], object]) -> dict[str, object]:
    """Run every column parser and raise once with the problems of all columns, in row order."""
    results: dict[str, object] = {}
    problems: list[Problem] = []
    for name, parse in parsers.items():
        try:
            results[name] = parse()
        except TrendsDataError as exc:
            problems += exc.problems
    if problems:
        raise TrendsDataError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return results


def _check_unique(raw: RawTable, frame: pd.DataFrame, keys: list[str], sources: Mapping[str, str]) -> None:
    dup = frame.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return
    groups = (
        frame.loc[dup].assign(_row=raw.rows[dup]).groupby(keys, sort=False, dropna=False)["_row"].apply(list)
    )
    problems = [
        Problem(
            f"duplicate key {dict(zip(keys, (str(v) for v in key), strict=True))} also on row(s) {rows[1:]}",
            file=raw.file,
            row=rows[0],
            column=sources.get(keys[0], keys[0]),
            expected=f"one row per {' x '.join(keys)} (districts spelled two ways count as one)",
        )
        for key, rows in ((k if isinstance(k, tuple) else (k,), r) for k, r in groups.items())
    ]
    raise TrendsDataError(problems)


def _check_totals(raw: RawTable, source: str, values: np.ndarray) -> None:
    """A dropped total row that states a number must agree with the sum of the rows above it."""
    for row, cells in raw.totals:
        text = cells.get(source, "")
        if not text:
            continue
        stated = _parse_count(
            RawTable(pd.DataFrame({source: [text]}), np.array([row]), raw.file, raw.encoding, 0), source
        )[0]
        if stated != int(values.sum()):
            raise TrendsDataError(
                f"total row says {stated:,} but the rows above it sum to {int(values.sum()):,}",
                file=raw.file,
                row=row,
                column=source,
                expected="a total equal to the sum of the rows (a row is missing or mistyped)",
            )


def _warn_dropped(raw: RawTable, used: set[str]) -> None:
    extra = [c for c in raw.frame.columns if c not in used]
    if not extra:
        return
    personal = [c for c in extra if is_personal_column(c)]
    other = [c for c in extra if c not in personal]
    parts = []
    if personal:
        parts.append(f"dropped personal-data column(s) {personal}")
    if other:
        parts.append(f"ignored column(s) {other} not in the data contract")
    warnings.warn(TrendsDataWarning(f"{raw.file}: " + "; ".join(parts)), stacklevel=3)


# --------------------------------------------------------------------------------------------------------------
# Public readers


def read_crimes(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read recorded-crime counts: one row per district, period and offence.

    Parameters
    ----------
    path : str or Path
        CSV, Parquet or Excel file with columns district, period, offence, count (or common aliases).
    districts : DistrictResolver or DataFrame or False, optional
        How district spellings resolve to ids: default Hanoi's 30 districts; a districts table or resolver for
        another study; ``False`` to keep names as given.
    columns : mapping, optional
        ``{"header in file": "canonical name"}`` for headers not recognised automatically.
    sheet, encoding : optional
        Excel sheet; CSV encoding (see :func:`read_raw`).

    Returns
    -------
    pandas.DataFrame
        ``district``, ``period`` (period start), ``offence``, ``count`` (int64), sorted; ``attrs["freq"]`` holds
        the frequency ("month", "quarter" or "year").

    Raises
    ------
    TrendsDataError
        Missing columns, unparseable or future periods, mixed frequencies, negative / fractional / non-numeric
        counts, unknown districts, duplicate district x period x offence rows; each naming file, row and column.
    """
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    cols = _match_columns(raw, ("district", "period", "offence", "count"), (), columns)
    parsed = _gather(
        district=lambda: _resolve(raw, cols["district"], districts),
        period=lambda: _parse_periods(raw, cols["period"]),
        offence=lambda: _parse_text(raw, cols["offence"], "offence"),
        count=lambda: _parse_count(raw, cols["count"]),
    )
    period, freq = parsed.pop("period")  # type: ignore[misc]
    out = pd.DataFrame({**parsed, "period": period})[["district", "period", "offence", "count"]]
    _check_totals(raw, cols["count"], out["count"].to_numpy())
    _check_unique(raw, out, ["district", "period", "offence"], cols)
    _warn_dropped(raw, set(cols.values()))
    out = out.sort_values(["district", "offence", "period"], kind="stable").reset_index(drop=True)
    out.attrs["freq"] = freq
    return out


def read_incidents(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    dayfirst: bool = True,
) -> pd.DataFrame:
    """Read an incident list: one row per recorded incident.

    Only ``date``, ``district`` and ``offence`` are kept. Every other column — names, ages, addresses, identity
    numbers — is dropped here, before anything else sees it, and the dropped headers are listed in a warning.
    Aggregate with :func:`trends.panel.aggregate_incidents`.

    Parameters
    ----------
    dayfirst : bool, default True
        Read 05/03/2024 as 5 March (Vietnamese convention). ISO dates (2024-03-05) are always unambiguous.

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64[ns]), ``district``, ``offence``, in file order.
    """
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    cols = _match_columns(raw, ("date", "district", "offence"), (), columns)
    out = pd.DataFrame(
        _gather(
            date=lambda: _parse_dates(raw, cols["date"], dayfirst=dayfirst),
            district=lambda: _resolve(raw, cols["district"], districts),
            offence=lambda: _parse_text(raw, cols["offence"], "offence"),
        )
    )
    _warn_dropped(raw, set(cols.values()))
    return out


def read_rollout(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    dayfirst: bool = True,
) -> pd.DataFrame:
    """Read the register of movement models: one row per model.

    Returns
    -------
    pandas.DataFrame
        ``model_id``, ``district``, ``ward`` (may be empty), ``model_type``, ``start``, ``end`` (NaT = active).

    Raises
    ------
    TrendsDataError
        Missing columns, unparseable or future dates, an end before the start, a model id used twice.

    Warns
    -----
    TrendsDataWarning
        When models differ only in their id (same district, ward, model type, start and end): all are kept, since
        two models of one type may work in one ward, and the warning lists them so a double entry can be fixed.
        Models of one type in one ward with different (even overlapping) dates are not flagged.
    """
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    cols = _match_columns(raw, ("model_id", "district", "model_type", "start"), ("ward", "end"), columns)
    no_end = pd.Series(pd.NaT, index=raw.frame.index, dtype="datetime64[ns]")
    out = pd.DataFrame(
        _gather(
            model_id=lambda: _parse_text(raw, cols["model_id"], "model_id"),
            district=lambda: _resolve(raw, cols["district"], districts),
            ward=lambda: _parse_text(raw, cols["ward"], "ward", required=False) if "ward" in cols else "",
            model_type=lambda: _parse_text(raw, cols["model_type"], "model_type"),
            start=lambda: _parse_dates(raw, cols["start"], dayfirst=dayfirst),
            end=lambda: (
                _parse_dates(raw, cols["end"], required=False, dayfirst=dayfirst) if "end" in cols else no_end
            ),
        )
    )
    out["ward"] = out["ward"].replace("", pd.NA)
    before = (out["end"] < out["start"]).to_numpy()
    if before.any():
        raise TrendsDataError(
            _problems(
                raw,
                before,
                cols["end"],
                raw.frame[cols["end"]],
                "model ends before it starts",
                "an end date on or after the start date",
            )
        )
    _check_unique(raw, out, ["model_id"], cols)
    _warn_double_entries(raw, out)
    _warn_dropped(raw, set(cols.values()))
    return out


def _warn_double_entries(raw: RawTable, out: pd.DataFrame) -> None:
    """Flag models that differ only in their id. Two models of one type may legitimately work in one ward (even
    with overlapping dates), so nothing is dropped; the same district, ward, type, start and end is flagged."""
    keys = ["district", "ward", "model_type", "start", "end"]
    same = out.duplicated(keys, keep=False).to_numpy()
    if not same.any():
        return
    groups = out.loc[same].assign(_row=raw.rows[same]).groupby(keys, dropna=False, sort=False)
    listed = "; ".join(
        ", ".join(f"{m!r} (row {r})" for m, r in zip(g["model_id"], g["_row"], strict=True))
        for _, g in groups
    )
    warnings.warn(
        TrendsDataWarning(
            f"{raw.file}: models with the same district, ward, model type and dates: {listed}; kept all of "
            "them (two models of a type can share a ward): check the register for double entries"
        ),
        stacklevel=3,
    )


def read_districts(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read a districts table: ``district`` id, names, ``kind``, ``population``, ``area_km2``.

    Returns
    -------
    pandas.DataFrame
        ``district``, ``name_vi``, ``name_ascii``, ``kind`` (urban/rural/town or missing), ``population``
        (int64), ``area_km2`` (float, may be missing). Names default to the id when absent.
    """
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    cols = _match_columns(
        raw, ("district", "population"), ("name_vi", "name_ascii", "kind", "area_km2"), columns
    )
    district = _parse_text(raw, cols["district"], "district")
    out = pd.DataFrame({"district": district})
    out["name_vi"] = _parse_text(raw, cols["name_vi"], "name_vi") if "name_vi" in cols else district
    out["name_ascii"] = (
        _parse_text(raw, cols["name_ascii"], "name_ascii") if "name_ascii" in cols else district.map(fold)
    )
    if "kind" in cols:
        kind = raw.frame[cols["kind"]].str.lower()
        kind = kind.replace(
            {
                "quận": "urban",
                "quan": "urban",
                "huyện": "rural",
                "huyen": "rural",
                "thị xã": "town",
                "thi xa": "town",
            }
        )
        bad = (~kind.isin([*DISTRICT_KINDS, ""])).to_numpy()
        if bad.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    bad,
                    cols["kind"],
                    raw.frame[cols["kind"]],
                    "unknown district kind",
                    f"one of {DISTRICT_KINDS} (or quận / huyện / thị xã)",
                )
            )
        out["kind"] = kind.replace("", pd.NA)
    else:
        out["kind"] = pd.NA
    out["population"] = _parse_count(raw, cols["population"], "population")
    zero = (out["population"] <= 0).to_numpy()
    if zero.any():
        raise TrendsDataError(
            _problems(
                raw,
                zero,
                cols["population"],
                raw.frame[cols["population"]],
                "population must be positive",
                "residents, a positive whole number",
            )
        )
    if "area_km2" in cols:
        area = pd.to_numeric(raw.frame[cols["area_km2"]].replace("", np.nan), errors="coerce")
        bad = ((raw.frame[cols["area_km2"]] != "") & (area.isna() | (area <= 0))).to_numpy()
        if bad.any():
            raise TrendsDataError(
                _problems(
                    raw,
                    bad,
                    cols["area_km2"],
                    raw.frame[cols["area_km2"]],
                    "invalid area",
                    "a positive number of km²",
                )
            )
        out["area_km2"] = area.astype(float)
    else:
        out["area_km2"] = np.nan
    _check_unique(raw, out, ["district"], cols)
    _check_spellings(raw, out, cols)
    _check_totals(raw, cols["population"], out["population"].to_numpy())
    _warn_dropped(raw, set(cols.values()))
    return out


def _check_spellings(raw: RawTable, out: pd.DataFrame, cols: Mapping[str, str]) -> None:
    """Two rows whose names fold to one spelling key are one district entered twice (or an ambiguous table)."""
    from trends.districts import district_key

    owner: dict[str, int] = {}
    problems = []
    for i, rec in enumerate(out.itertuples(index=False)):
        for name in dict.fromkeys(str(v) for v in (rec.district, rec.name_vi, rec.name_ascii) if pd.notna(v)):
            j = owner.setdefault(district_key(name), i)
            if j != i:
                problems.append(
                    Problem(
                        f"same district as row {int(raw.rows[j])} under another spelling "
                        f"({out['district'].iloc[j]!r} and {rec.district!r} both read as {district_key(name)!r})",
                        file=raw.file,
                        row=int(raw.rows[i]),
                        column=cols["district"],
                        expected="one row per district, and names that tell districts apart",
                    )
                )
                break
    if problems:
        raise TrendsDataError(problems)


def read_population(
    path: str | Path,
    *,
    districts: DistrictResolver | pd.DataFrame | bool | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """Read population by district and year (census or estimates): ``district``, ``year``, ``population``.

    Years in between are interpolated by :func:`trends.panel.population_by_year`.
    """
    raw = read_raw(path, sheet=sheet, encoding=encoding)
    cols = _match_columns(raw, ("district", "year", "population"), (), columns)
    year = pd.to_numeric(raw.frame[cols["year"]], errors="coerce")
    bad = (year.isna() | (year % 1 != 0) | (year < 1900) | (year > 2200)).to_numpy()
    if bad.any():
        raise TrendsDataError(
            _problems(raw, bad, cols["year"], raw.frame[cols["year"]], "invalid year", "a four-digit year")
        )
    out = pd.DataFrame(
        {
            "district": _resolve(raw, cols["district"], districts),
            "year": year.astype(np.int64),
            "population": _parse_count(raw, cols["population"], "population"),
        }
    )
    _check_unique(raw, out, ["district", "year"], cols)
    _check_totals(raw, cols["population"], out["population"].to_numpy())
    _warn_dropped(raw, set(cols.values()))
    return out.sort_values(["district", "year"]).reset_index(drop=True)
