"""Stata ``.dta`` files, read through :func:`pandas.read_stata` (no other dependency).

:func:`read_dta` returns the columns a reader needs as values :func:`trends.rawfile._typed_table` turns into
text cells, the way it does a Parquet file's:

- a column with value labels reads as its labels (a ``district`` stored as 1, 2, ... labelled "Ba Đình",
  "Hoàn Kiếm"), a code without a label as its number; a label set giving one label to two codes is refused,
  naming the column, since the two codes could not be told apart after reading;
- a date column reads as its display format says: ``%td`` (and the old ``%d``) a day, ``%tc``/``%tC`` a date and
  time, ``%tm`` a month ("2024-01"), ``%tq`` a quarter ("2024Q1"), ``%ty`` a year ("2024"); ``%th`` and ``%tw``
  (half-years and Stata's 52-week years) as Stata shows them ("2024h1", "2024w3"), which the readers then refuse
  as periods; a business calendar (``%tb``) and a number stored without a date format stay numbers (Stata's
  formats are all the file says; 768 could be a month or a count);
- every missing value, ``.`` and the extended ``.a`` to ``.z``, is an empty cell, as in a CSV: never 0;
- text of Stata 14 and later (format 118, 119) is UTF-8; Stata 13 and older stored the bytes of the code page of
  the computer that saved the file, read as UTF-8 when they all are, else as Windows-1258 (Vietnamese Windows)
  when that reads without a tone mark after a consonant, else as Latin-1 (pandas' reading), with a warning
  naming the code page; ``encoding=`` chooses it.

pandas keeps the display formats and value-label names in attributes of its reader without a public accessor
(``_varlist``, ``_fmtlist``, ``_lbllist``); the tests of ``tests/test_stata.py`` check each kind of column.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Callable
from typing import IO, Any

import numpy as np
import pandas as pd

from trends.schema import TrendsDataError, TrendsDataWarning, user_stacklevel

__all__ = ["read_dta"]

# The kind of a Stata display format: "%tm", "%tmMon_CCYY", "%-tdDD/NN/CCYY", the old "%d" of Stata 9 and before
_DATE_FORMAT = re.compile(r"%-?(t[cCdwmqhyb]|d)")
_EPOCH = dt.date(1960, 1, 1)  # day 0 of every Stata date format
_EPOCH_TIME = pd.Timestamp("1960-01-01")
_CODEPAGES = {"cp1258": "Windows-1258 (Vietnamese)", "utf-8": "UTF-8", "latin-1": "Latin-1 (Western)"}


def read_dta(
    fh: IO[bytes],
    name: str,
    choose: Callable[[list[str]], tuple[list[str], tuple[str, ...]]],
    encoding: str | None,
) -> tuple[pd.DataFrame, list[str], tuple[str, ...], str | None]:
    """The columns ``choose`` picks from a Stata file's variables, each as values to be read as text cells.

    Parameters
    ----------
    fh : binary file
        The open ``.dta`` file.
    name : str
        The file's name, for messages.
    choose : callable
        Given the variable names, the names to read and the headers left unread.
    encoding : str, optional
        The code page of a Stata 13 or older file's text (default: guessed, see the module docstring).

    Returns
    -------
    (frame, names, unread, encoding)
        The chosen columns, all the file's variable names, those left unread, and the text's encoding.
    """
    with (
        pd.read_stata(
            fh,
            iterator=True,
            convert_dates=False,  # converted here by the display format: pandas gives 2024m1 and 2024 as timestamps
            convert_categoricals=False,  # labels applied here: pandas refuses a label given to two codes
            convert_missing=False,  # ".", ".a" .. ".z" as NaN: empty cells
            preserve_dtypes=True,
        ) as reader
    ):
        reader.variable_labels()  # reads the header: names, display formats, value-label names
        names = list(_private(reader, "_varlist"))
        formats = dict(zip(names, _private(reader, "_fmtlist"), strict=True))
        label_sets = dict(zip(names, _private(reader, "_lbllist"), strict=True))
        version = int(_private(reader, "_format_version"))
        chosen, unread = choose(names)
        frame = reader.read(columns=chosen if chosen != names else None)
        value_labels = reader.value_labels()
    decode, used = _decoder(frame, value_labels, version, name, encoding)
    out: dict[str, Any] = {}
    for column in chosen:
        values = frame[column]
        labels = value_labels.get(label_sets[column]) if label_sets[column] else None
        if labels:
            out[column] = _labelled(values, labels, decode, name, column)
        elif (kind := _date_kind(formats[column])) is not None and values.dtype != object:
            out[column] = _as_text(values, _DATES[kind])
        elif values.dtype == object:
            out[column] = _as_text(values, decode)
        else:
            out[column] = values.to_numpy()
    return pd.DataFrame(out, columns=chosen), names, unread, used


def _private(reader: Any, attribute: str) -> Any:
    """An attribute of pandas' StataReader that has no public accessor; a pandas without it is named."""
    try:
        return getattr(reader, attribute)
    except AttributeError:
        raise TrendsDataError(
            f"this version of pandas ({pd.__version__}) has no StataReader.{attribute}, which reading a .dta "
            "file's formats and labels needs",
            expected="pandas 2.x, or the table saved as CSV or Parquet",
        ) from None


def _as_text(values: pd.Series, to_text: Callable[[Any], object]) -> pd.Categorical:
    """``to_text`` of each distinct value, missing ones as "" (one call and one copy per distinct value); a
    number ``to_text`` leaves as it is as its digits."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    missing = [""] if (codes < 0).any() else []  # code -1: the last text
    texts = np.array([*(_text(to_text(u)) for u in uniques), *missing], dtype=object)
    again, distinct = pd.factorize(texts)
    return pd.Categorical.from_codes(
        again[codes], categories=pd.Index(distinct, dtype=object), validate=False
    )


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else f"{number:.15g}"


def _labelled(
    values: pd.Series,
    labels: dict[Any, str],
    decode: Callable[[Any], object],
    name: str,
    column: str,
) -> pd.Categorical:
    """A column of codes as its value labels (a code without a label as its number); a label shared by two codes
    is refused: both would read as one name (two districts as one)."""
    by_label: dict[str, list[int]] = {}
    for code, label in labels.items():
        by_label.setdefault(str(decode(label)), []).append(int(code))
    shared = {label: codes for label, codes in by_label.items() if len(codes) > 1}
    if shared:
        label, codes = next(iter(shared.items()))
        used = np.flatnonzero(values.isin(codes).to_numpy())
        raise TrendsDataError(
            f"the value labels of this column give the label {label!r} to the codes "
            + ", ".join(map(str, codes))
            + (f" (and {len(shared) - 1} more label(s) to several codes)" if len(shared) > 1 else "")
            + ": read as labels, those codes could not be told apart",
            file=name,
            row=int(used[0]) + 1 if len(used) else None,
            column=column,
            expected=f'one label per code (in Stata: label list, then label define <set> <code> "<name>", '
            f"modify), or the names as a string column (decode {column}, generate({column}_name))",
        )
    mapped = {int(code): decode(label) for code, label in labels.items()}
    return _as_text(values, lambda v: mapped.get(int(v), v) if float(v).is_integer() else v)


def _date_kind(fmt: str) -> str | None:
    m = _DATE_FORMAT.match(fmt)
    return None if m is None else ("td" if m.group(1) == "d" else m.group(1))


def _whole(convert: Callable[[int], object]) -> Callable[[Any], object]:
    """``convert`` of a whole number; any other value (a fraction in a date column) as it is."""
    return lambda v: convert(int(v)) if float(v).is_integer() else v


# Each Stata date format's value (elapsed units since 1960) as the text or date the readers parse.
_DATES: dict[str, Callable[[Any], object]] = {
    "td": _whole(lambda d: (_EPOCH + dt.timedelta(days=d)).isoformat()),
    # %tC counts leap seconds, %tc does not: read alike (at most 27 seconds apart), as pandas does
    "tc": lambda ms: (_EPOCH_TIME + pd.Timedelta(milliseconds=float(ms))).isoformat(),
    "tC": lambda ms: (_EPOCH_TIME + pd.Timedelta(milliseconds=float(ms))).isoformat(),
    "tm": _whole(lambda m: f"{1960 + m // 12}-{m % 12 + 1:02d}"),
    "tq": _whole(lambda q: f"{1960 + q // 4}Q{q % 4 + 1}"),
    "th": _whole(lambda h: f"{1960 + h // 2}h{h % 2 + 1}"),
    "tw": _whole(lambda w: f"{1960 + w // 52}w{w % 52 + 1}"),
    "ty": _whole(str),
    "tb": lambda v: v,  # a business calendar's days: the calendar is not in the file
}


def _decoder(
    frame: pd.DataFrame,
    value_labels: dict[str, dict[Any, str]],
    version: int,
    name: str,
    encoding: str | None,
) -> tuple[Callable[[Any], object], str | None]:
    """How to read the file's text (cells and labels), and the encoding it is in (None: all ASCII)."""
    if version >= 118:  # Stata 14 and later: UTF-8, decoded by pandas
        return (lambda v: v), "utf-8"
    texts = {str(v) for c in frame.columns if frame[c].dtype == object for v in frame[c].dropna().unique()}
    texts |= {str(label) for labels in value_labels.values() for label in labels.values()}
    raw = [t.encode("latin-1") for t in texts if not t.isascii()]  # pandas read the bytes as Latin-1
    if not raw:
        return (lambda v: v), None
    chosen = encoding or _guess_codepage(raw)
    try:
        for b in raw:
            b.decode(chosen)
    except UnicodeDecodeError as exc:
        raise TrendsDataError(
            f"the text of this Stata {version} file cannot be decoded as {chosen}: {exc}",
            file=name,
            expected="the code page of the computer that saved it as encoding=, or the file saved again by "
            "Stata 14 or later (UTF-8)",
        ) from None
    except LookupError:
        raise TrendsDataError(f"unknown encoding {chosen!r}", file=name) from None
    if encoding is None:
        warnings.warn(
            TrendsDataWarning(
                f"{name}: a Stata {version} file (Stata 13 or older) stores text in the code page of the "
                f"computer that saved it, not stated in the file: read as {_CODEPAGES.get(chosen, chosen)}; pass "
                "encoding= if names "
                "look wrong"
            ),
            stacklevel=user_stacklevel(),
        )
    return (lambda v: v.encode("latin-1").decode(chosen) if isinstance(v, str) else v), chosen


def _guess_codepage(raw: list[bytes]) -> str:
    """UTF-8 when every text is; else Windows-1258 unless it would put a tone mark after a consonant (Western
    text: "Forlì"); else Latin-1."""
    from trends.rawfile import _CP1258_TONE_MISPLACED

    for codec in ("utf-8", "cp1258"):
        try:
            texts = [b.decode(codec) for b in raw]
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or not any(_CP1258_TONE_MISPLACED.search(t) for t in texts):
            return codec
    return "latin-1"
