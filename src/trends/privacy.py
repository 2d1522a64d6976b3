"""Privacy rules in one place: which columns are personal, and small-cell suppression of exported counts.

Personal columns (names, ages, addresses, identity numbers, in English and Vietnamese) are recognised by
:func:`is_personal_column`; the readers drop them and they never reach an output.

Exports are safe to open (:func:`escape_formulas`, :func:`escape_markup`): a text cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return would run as a formula in a spreadsheet (OWASP "CSV Injection"),
so it gets a leading apostrophe; labels written into Markdown or HTML are escaped.

Small-cell suppression (as national statistics offices apply it to crime and health counts, e.g. the ONS and
Eurostat guidance on frequency tables): a count of 1 to ``threshold - 1`` is withheld; a count of **0 is
published**, because a true zero describes no person. Counts at or above the threshold are published as they
are. Only **primary** suppression is done. Secondary (complementary) suppression -- withholding further cells so
that a suppressed value cannot be recovered by subtracting published cells from a published total -- is not:
do not export row or column totals next to a suppressed table, or suppress them yourself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from trends._text import fold

__all__ = [
    "SUPPRESSED_NOTE",
    "escape_formula",
    "escape_formulas",
    "escape_markup",
    "is_personal_column",
    "is_small",
    "suppress_small",
]

# Column names that carry personal data in police exports (English and Vietnamese, ASCII-folded), matched
# against whole words of the name ("age" flags "victim_age", not "damage"). They never survive aggregation
# and never reach an output file.
_PERSONAL_WORDS = (
    r"name|names|forename|surname|firstname|lastname|fullname|ho_?ten|ho_va_ten|ten"
    r"|age|tuoi|birth|birthday|dob|ngay_sinh|nam_sinh|address|dia_chi|so_nha|phone|sdt|dien_thoai|email"
    r"|cccd|cmnd|cmt|dinh_danh|passport|national_id|id_number|id_card|victim|nan_nhan|suspect|doi_tuong|offender"
    r"|bi_can|bi_hai|gender|sex|gioi_tinh|ethnic|ethnicity|dan_toc|nationality|quoc_tich|occupation|nghe_nghiep"
    # where a person lives or comes from: "Nơi thường trú", "Chỗ ở hiện nay", "Quê quán", "HKTT", "Nơi cư trú"
    r"|thuong_tru|tam_tru|cu_tru|noi_o|cho_o|que_quan|nguyen_quan|ho_khau|hktt|residence"
)
_PERSONAL_RE = re.compile(rf"(?:^|_)(?:{_PERSONAL_WORDS})(?:_|$)")
# Names of places, offences and model types are not personal, whatever word they contain.
_PLACE_NAME_RE = re.compile(
    r"^(?:state|district|region|borough|ward|commune|location|city|province|county|offen[cs]e|crime|model"
    r"|quan|huyen|phuong|xa|toi_danh)_(?:name|label|ten)s?$|^name_(?:vi|ascii|en)$"
    r"|^ten_(?:quan|huyen|phuong|xa|don_vi|mo_hinh|toi_danh|loai)"
)

# A count of people ("Số đối tượng", "Số bị can", "Số người bị hại", "Number of victims"; "Số nhân khẩu thường
# trú", the residents registered permanently) names no one: it is a measure beside the cases or the population,
# not personal data. An id number ("Số CMND", "Số định danh cá nhân") is not a count and stays personal.
_PERSON_COUNT_RE = re.compile(
    r"^(?:so(?:_luong)?|tong_so|number_of|no_of|count_of|n)_(?:nguoi_)?"
    r"(?:doi_tuong|bi_can|bi_cao|bi_hai|nan_nhan|nguoi|nhan_khau|victims?|suspects?|offenders?|persons?|people)"
    r"(?:_|$)"
    r"|^(?:victims?|suspects?|offenders?|persons?)_(?:count|number|n)$"
)


def is_personal_column(name: str) -> bool:
    """Return True when a column name looks like it holds personal data (names, ages, addresses, ids).

    Parameters
    ----------
    name : str
        A column name, in any case, with or without Vietnamese diacritics.
    """
    key = re.sub(r"[^a-z0-9]+", "_", fold(str(name))).strip("_")
    if _PLACE_NAME_RE.search(key) or _PERSON_COUNT_RE.search(key):
        return False
    return bool(_PERSONAL_RE.search(key))


#: The note written in the ``note`` column of a row with a suppressed cell (bilingual, as tables are shared).
SUPPRESSED_NOTE = "{cols}: 1–{hi} (ẩn để bảo vệ nạn nhân / suppressed to protect victims)"


def is_small(values: object, threshold: int = 5) -> pd.Series:
    """Which counts a table or chart for policymakers withholds: 1 to ``threshold - 1`` (a zero identifies
    nobody; missing values are not small). The one rule behind :func:`suppress_small` and the charts' gaps."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce")
    return numbers.notna() & (numbers >= 1) & (numbers < threshold)


def suppress_small(
    df: pd.DataFrame,
    count_cols: str | Sequence[str],
    threshold: int = 5,
    *,
    suppress_zero: bool = False,
    derived_cols: Sequence[str] = (),
    note_col: str = "note",
) -> pd.DataFrame:
    """Withhold small counts in a table before it is exported.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; not modified.
    count_cols : str or sequence of str
        Columns holding counts of offences (or victims).
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are replaced by ``<NA>``.
    suppress_zero : bool, default False
        Also withhold zeros. Off by default: a zero identifies nobody, and statistics offices publish them.
        Turn it on when a zero would itself disclose something (e.g. "no offences among the 3 residents").
    derived_cols : sequence of str
        Columns computed from the counts (rates, shares) that would give a withheld count away; they are
        withheld (``NaN``) in every row where a count was withheld.
    note_col : str, default "note"
        Name of the added column that says which cells of each row were withheld (empty when none).

    Returns
    -------
    pandas.DataFrame
        A copy with the count columns as nullable ``Int64`` (withheld cells ``<NA>``) and ``note_col`` added.

    Raises
    ------
    ValueError
        If ``threshold < 1`` or a count column is missing or holds a negative or non-integer value.

    Notes
    -----
    Primary suppression only; see the module docstring about totals (secondary suppression).

    Examples
    --------
    >>> import pandas as pd
    >>> out = suppress_small(pd.DataFrame({"count": [0, 3, 12]}), "count")
    >>> out["count"].tolist()
    [0, <NA>, 12]
    """
    if threshold < 1:
        raise ValueError(f"threshold must be >= 1, got {threshold}")
    cols = [count_cols] if isinstance(count_cols, str) else list(count_cols)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"count column(s) {missing} not in the table (columns: {list(df.columns)})")
    out = df.copy()
    flags = pd.DataFrame(False, index=out.index, columns=cols)
    for c in cols:
        values = pd.to_numeric(out[c], errors="raise")
        bad = values.notna() & ((values < 0) | (values != values.round()))
        if bad.any():
            raise ValueError(
                f"column {c!r} must hold non-negative whole counts; found {values[bad].iloc[0]!r}"
            )
        small = is_small(values, threshold) | (values.eq(0) if suppress_zero else False)
        flags[c] = small
        out[c] = values.astype("Int64").mask(small)
    missing = [c for c in derived_cols if c not in df.columns]
    if missing:
        raise ValueError(f"derived column(s) {missing} not in the table (columns: {list(df.columns)})")
    any_small = flags.any(axis=1)
    for c in derived_cols:
        out[c] = out[c].mask(any_small)
    hi = threshold - 1
    notes = []
    for _, row in flags.iterrows():
        hit = [c for c in cols if row[c]]
        if hit:
            lo = 0 if suppress_zero else 1
            notes.append(SUPPRESSED_NOTE.format(cols=", ".join(hit), hi=hi).replace("1–", f"{lo}–", 1))
        else:
            notes.append("")
    out[note_col] = pd.Series(notes, index=out.index, dtype="string")
    return out


# A spreadsheet runs a cell beginning with one of these as a formula (OWASP "CSV Injection"); a text that is a
# plain number ("-5", "+3.5") is not dangerous and keeps its form.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?$")


def escape_formula(value: object) -> object:
    """Neutralise one cell: a text beginning with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'``.

    Numbers (and texts that are plain numbers, such as ``"-5"``) are returned unchanged.

    Examples
    --------
    >>> escape_formula("=1+2"), escape_formula("+84 912"), escape_formula("-5"), escape_formula(-5)
    ("'=1+2", "'+84 912", '-5', -5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to open in a spreadsheet: every text cell (and column name) neutralised by
    :func:`escape_formula`; numeric, date and boolean columns unchanged. Apply it to every CSV and Excel export."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(escape_formula)
    out.columns = [escape_formula(c) for c in out.columns]
    return out


def escape_markup(text: object) -> str:
    """A label safe inside a Markdown table or HTML: ``&``, ``<``, ``>``, quotes escaped, ``|`` and line breaks
    neutralised.

    Examples
    --------
    >>> print(escape_markup('Ba Đình <img src=x onerror="alert(1)"> | x'))
    Ba Đình &lt;img src=x onerror=&quot;alert(1)&quot;&gt; \\| x
    """
    import html

    flat = " ".join(str(text).split())
    return html.escape(flat, quote=True).replace("|", "\\|").replace("`", "&#96;")
