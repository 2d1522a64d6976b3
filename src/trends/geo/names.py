"""District names: one canonical id from any common spelling.

Police exports spell a district many ways: "Q. Ba Đình", "quận Ba Đình", "BA DINH", "Ba Dinh District", or with
decomposed Unicode from a Mac keyboard. :class:`DistrictResolver` folds every spelling to a key (Unicode NFC, no
diacritics, "đ" -> "d", lower case, administrative prefixes such as "Q.", "H.", "TX.", "quận", "huyện", "thị xã",
"District" removed, no spaces or punctuation) and maps it to the canonical id. An unknown name raises
:class:`~trends.schema.TrendsDataError` listing every unknown name, where it occurs and its closest matches.

Hanoi abolished the district level on 1 July 2025 (Resolution 1656/NQ-UBTVQH15): the 30 district-level units of
2008 to June 2025 gave way to 126 communes and wards. A resolver may hold units of several levels, each with the
dates it existed (``level``, ``valid_from`` and ``valid_to`` columns of its table). A prefix says the level
("Quận Ba Đình" is the old district, "Phường Ba Đình" the new ward); a bare name that both geographies use
("Ba Đình") is resolved by the row's date when the reader knows it, and otherwise refused naming both candidates.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from trends._text import LEGACY_FONT_HINT, fold, legacy_font
from trends.schema import Problem, TrendsDataError, TrendsDataWarning, user_stacklevel

__all__ = ["DistrictResolver", "default_resolver", "district_key", "fold", "name_readings"]

# Administrative words that precede (or follow) a district's name; matched on folded text.
_PREFIXES = (
    "thanh pho",
    "thi xa",
    "quan",
    "huyen",
    "district",
    "dist",
    "tp",
    "tx",
    "q",
    "h",
)
_PREFIX_RE = re.compile(r"^(?:(?:" + "|".join(_PREFIXES) + r")(?:[.\s]+|$))+")
_SUFFIX_RE = re.compile(r"(?:\s+(?:district|dist|quan|huyen))+\.?$")


def district_key(name: str) -> str:
    """The matching key of a district name: folded, prefixes such as "Q." and "huyện" removed, letters only.

    Examples
    --------
    >>> district_key("Q. Ba Đình") == district_key("BA DINH DISTRICT") == district_key("ba_dinh")
    True
    """
    text = fold(name).replace("_", " ").replace("-", " ")
    text = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", text))
    return re.sub(r"[^a-z0-9]", "", text)


# Prefix words and the level they announce. Words with diacritics match only with the same
# diacritics, so "Phượng Dực" (a commune's name) is not read as "Phường Dực"; ascii words match their folded form.
_LEVEL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("thành phố", "district"),
    ("thị xã", "district"),
    ("quận", "district"),
    ("huyện", "district"),
    ("district", "district"),
    ("dist", "district"),
    ("tp", "district"),
    ("tx", "district"),
    ("q", "district"),
    ("h", "district"),
    ("phường", "unit"),
    ("xã", "unit"),
    ("ward", "unit"),
    ("commune", "unit"),
    ("p", "unit"),
    ("x", "unit"),
)
_LEVEL_SUFFIXES: tuple[tuple[str, str], ...] = (
    # English exports of the statistics office: "Soc Son rural district", "Son Tay town" (a thị xã)
    ("urban district", "district"),
    ("rural district", "district"),
    ("town", "district"),
    ("district", "district"),
    ("dist", "district"),
    ("quận", "district"),
    ("huyện", "district"),
    ("ward", "unit"),
    ("commune", "unit"),
)


@functools.cache
def _forms(word: str) -> tuple[str, ...]:
    """An administrative word as written and folded (computed once per word: names are read by the thousand)."""
    return tuple(dict.fromkeys((word, fold(word))))


def _word_matches(text: str, word: str) -> int:
    """Length of ``text``'s leading ``word`` (followed by a dot, a space or the end), or 0."""
    for form in _forms(word):
        if form == word or text[: len(form)].isascii():
            if text.startswith(form) and (len(text) == len(form) or text[len(form)] in ". _-"):
                return len(form)
    return 0


def _strip_suffix(text: str) -> tuple[str, str | None]:
    # an abbreviated suffix keeps its dot: "Hoan Kiem Dist." (an English export)
    body = text[:-1] if text.endswith(".") else text
    for word, level in _LEVEL_SUFFIXES:
        for form in _forms(word):
            if body.endswith(form) and len(body) > len(form) and body[-len(form) - 1] in " ._-":
                if form == word or body[-len(form) :].isascii():
                    return body[: -len(form)].rstrip(" ._-"), level
    return text, None


def name_readings(name: object) -> list[tuple[str | None, str]]:
    """Every way to read a unit's name: ``(level announced by a prefix or suffix, matching key)``.

    The first reading keeps the whole name; each further reading strips one more leading administrative word
    ("Quận", "Q.", "Phường", "Xã", "District" ...). A word with diacritics is a prefix only with the same
    diacritics ("Phượng Dực" keeps its first word); an ascii word is a prefix when its folded form matches.

    Examples
    --------
    >>> name_readings("Quận Ba Đình")
    [(None, 'quanbadinh'), ('district', 'badinh')]
    >>> name_readings("Phượng Dực")
    [(None, 'phuongduc')]
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(name)).strip().lower()).replace("_", " ")
    text = _FORMER.sub("", _POLICE_OF.sub("", _CITY.sub("", text)))
    text = _POLICE_ABBR.sub(lambda m: _POLICE_UNIT[m[1]] + " ", text)
    text, suffix_level = _strip_suffix(text)
    readings: list[tuple[str | None, str]] = []
    level: str | None = suffix_level
    while True:
        readings.append((level, re.sub(r"[^a-z0-9]", "", fold(text))))
        found = _leading_prefix(text)
        if found is None:
            break
        rest, word_level = found
        if level is not None and word_level != level:
            break  # "Quận ... Ward": contradictory words, read no further
        level, text = word_level, rest
    return [r for r in readings if r[1]]


# The police of a unit, as police reports name their reporting units: "Công an quận Ba Đình", "CA huyện Sóc Sơn",
# "Công an Ba Đình" - the unit's own name follows ("CA" only before an administrative word).
_POLICE_OF = re.compile(
    r"^(?:c[oô]ng an|ca(?=[\s.]+(?:quận|huyện|thị xã|thành phố|phường|xã|quan|huyen|thi xa|thanh pho|phuong|xa"
    r"|q|h|tx|tp|p|x)\b))[\s.]+(?=\S)"
)

# ... and as police reports abbreviate them: "CAQ Ba Đình", "CAH. Sóc Sơn", "CATX Sơn Tây", "CAP Phúc Xá": the
# police of a district (quận, huyện, thị xã, thành phố) or a ward or commune (phường, xã), read as that unit.
_POLICE_UNIT = {"q": "quận", "h": "huyện", "tx": "thị xã", "tp": "thành phố", "p": "phường", "x": "xã"}
_POLICE_ABBR = re.compile(r"^ca(q|h|tx|tp|p|x)(?:\.\s*|\s+)(?=\S)")
# A unit marked as the former one, after a reform or a renaming: "Quận Ba Đình (cũ)", "Từ Liêm (old)".
# ... or by the province it belonged to before Hà Tây was merged into Hanoi (1 August 2008): "Hà Đông (Hà Tây)",
# "thị xã Sơn Tây (tỉnh Hà Tây)" - the same unit, read as it with a warning (:data:`_FORMER_PROVINCE`).
# Also Mê Linh's former province (Vĩnh Phúc) and that of the four communes of Lương Sơn given to Thạch Thất (Hòa
# Bình): "Mê Linh (Vĩnh Phúc)". A row dated before the unit joined Hanoi is refused all the same (``formerly``).
_PROVINCES = r"(?:tỉnh |tinh )?(?:hà tây|ha tay|vĩnh phúc|vinh phuc|hòa bình|hoà bình|hoa binh)"
# The city after a unit's name, as addresses write it: "Ba Đình, Hà Nội", "Quận Ba Đình - TP Hà Nội", "Ba Đình
# (Hà Nội)" - the study's own city, removed (after a comma, a dash or in brackets only: "Toàn TP Hà Nội" is a total).
_CITY = re.compile(r"\s*(?:[,–-]\s*|\((?=.*\)$))(?:tp\.?\s*|thành phố\s+|thanh pho\s+)?(?:hà nội|ha noi)\)?$")
_FORMER = re.compile(rf"\s*\((?:cũ|cu|old|former|trước đây|{_PROVINCES})\)$")
_FORMER_PROVINCE = re.compile(rf"\({_PROVINCES}\)\s*$", re.IGNORECASE)

# Units split in two, whose name names neither half: their rows cannot be given to one of them (folded key of the
# name without its prefix -> what became of it).
_SPLIT_UNITS = {
    "tuliem": (
        "the former Từ Liêm district (huyện Từ Liêm), split into Bắc Từ Liêm and Nam Từ Liêm by Resolution "
        "132/NQ-CP of 27 December 2013 (the two districts from 1 April 2014): its rows cannot be given to one of "
        "them",
        "Bắc Từ Liêm or Nam Từ Liêm, as the source counts them (counts of the former district before 2014 have "
        "no unit of the present map)",
    ),
    "hatay": (
        "the former province of Hà Tây, merged into Hanoi on 1 August 2008 (Resolution 15/2008/QH12): it covers "
        "several of today's districts (Hà Đông, Sơn Tây, Ba Vì, Chương Mỹ ...), so its rows cannot be given to one "
        "of them",
        "the district of each row (Hà Đông, Sơn Tây ...), as the source counts them",
    ),
}


def _split_unit(value: object) -> tuple[str, str] | None:
    """What became of a unit split up (:data:`_SPLIT_UNITS`) that ``value`` names, and what is expected instead,
    or None."""
    readings = name_readings(str(value))
    return _SPLIT_UNITS.get(readings[-1][1]) if readings else None


def _leading_prefix(text: str) -> tuple[str, str] | None:
    """``(rest of the name, level)`` when ``text`` starts with an administrative word followed by a name."""
    for word, level in _LEVEL_PREFIXES:
        n = _word_matches(text, word)
        rest = text[n:].lstrip(" .-_") if n else ""
        if rest:
            return rest, level
    return None


class DistrictResolver:
    """Resolve unit spellings to canonical ids, for one geography or several (old districts and new units).

    Parameters
    ----------
    districts : pandas.DataFrame
        The units table: a ``district`` (or ``unit``) id column and optionally ``name_vi``, ``name_ascii`` and
        ``name`` (a bare name); every spelling of these resolves to the id. Optional ``level`` (for example
        ``"district"`` / ``"unit"``; a prefix such as "Quận" or "Phường" then picks the level) and ``valid_from``
        / ``valid_to`` (dates the unit existed, missing = open) columns make the resolver dated.
    aliases : mapping of str to str, optional
        Extra spellings (for example former names) mapped to a canonical id.

    Raises
    ------
    ValueError
        When two units of one level share a matching key (the table itself is ambiguous).
    """

    def __init__(self, districts: pd.DataFrame, aliases: Mapping[str, str] | None = None) -> None:
        idcol = (
            "district" if "district" in districts.columns else "unit" if "unit" in districts.columns else None
        )
        if idcol is None:
            raise ValueError("the districts table needs a 'district' (or 'unit') column")
        self.ids: tuple[str, ...] = tuple(str(d) for d in districts[idcol])
        ids = list(self.ids)
        self._names = {
            i: str(v) if pd.notna(v) else i
            for i, v in zip(ids, districts["name_vi"] if "name_vi" in districts.columns else ids, strict=True)
        }
        self._level: dict[str, str | None] = dict(
            zip(ids, districts["level"] if "level" in districts.columns else [None] * len(ids), strict=True)
        )
        never = pd.Series(pd.NaT, index=districts.index)
        start = pd.to_datetime(districts.get("valid_from", never)).fillna(pd.Timestamp.min)
        stop = pd.to_datetime(districts.get("valid_to", never)).fillna(pd.Timestamp.max)
        self._valid = dict(zip(ids, zip(start, stop, strict=True), strict=True))
        # what a unit was part of before its first day ("Hà Tây province until ... 1 August 2008"), if known
        self._formerly: dict[str, str] = {
            i: str(f)
            for i, f in zip(ids, districts.get("formerly", pd.Series("", index=districts.index)), strict=True)
            if isinstance(f, str) and f
        }
        self.dated = bool(("valid_from" in districts.columns) or ("valid_to" in districts.columns))
        keys: dict[str, list[str]] = {}
        for i, row in zip(ids, districts.itertuples(index=False), strict=True):
            rec = row._asdict()
            for col in (idcol, "name_vi", "name_ascii"):
                if col in rec and pd.notna(rec[col]):
                    readings = name_readings(rec[col])
                    self._add(keys, readings[min(1, len(readings) - 1)][1], i)
            if "name" in rec and pd.notna(rec["name"]):
                self._add(keys, name_readings(rec["name"])[0][1], i)
        for alias, did in (aliases or {}).items():
            if did not in self.ids:
                raise ValueError(f"alias {alias!r} points to unknown district id {did!r}")
            self._add(keys, district_key(alias), did)
        self._keys = keys
        self._exact = set(ids)

    def _add(self, keys: dict[str, list[str]], key: str, did: str) -> None:
        have = keys.setdefault(key, [])
        if did in have:
            return
        clash = [o for o in have if self._level[o] == self._level[did]]
        if clash:
            raise ValueError(f"district spelling key {key!r} is ambiguous: {clash[0]!r} and {did!r}")
        have.append(did)

    def name(self, district: str) -> str:
        """The display name (Vietnamese where known) of a canonical id."""
        return self._names[district]

    def level(self, unit: str) -> str | None:
        """The level (for example ``"district"`` or ``"unit"``) of a canonical id, None when the table has none."""
        return self._level[unit]

    def valid(self, unit: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        """First and last day the unit existed (``Timestamp.min`` / ``Timestamp.max`` when open)."""
        return self._valid[unit]

    def candidates(self, name: object) -> list[str]:
        """Every canonical id a spelling may mean (more than one when a bare name exists on several levels)."""
        if pd.isna(name):
            return []
        text = str(name).strip()
        if text in self._exact:
            return [text]
        out: list[str] = []
        for level, key in name_readings(text):
            for did in self._keys.get(key, ()):
                if (level is None or self._level[did] in (None, level)) and did not in out:
                    out.append(did)
        if len(out) > 1:
            # a reading with a prefix that names the level beats the bare reading ("Xã Sóc Sơn" is the commune)
            levels = {lv for lv, _ in name_readings(text) if lv is not None}
            narrowed = [d for d in out if self._level[d] in levels]
            out = narrowed or out
        if not out and text in hanoi_district_codes():
            # "001": the statistics office's code of a district (never of a ward or commune)
            out = [
                d
                for d in self.candidates(hanoi_district_codes()[text])
                if self._level[d] in (None, "district")
            ]
        return out

    def _hanoi_district(self, value: object) -> str | None:
        """The Hanoi district or unit an unknown name means, when this resolver (a study's own districts table)
        does not list it: "Hoàn Kiếm" in the register of a study of 12 districts. None otherwise."""
        hanoi = default_resolver("district")
        if self is hanoi or self is default_resolver():
            return None
        found = hanoi.candidates(value)
        return hanoi._names.get(found[0], found[0]) if len(found) == 1 else None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Closest canonical ids to an unknown spelling."""
        key = name_readings(name)[-1][1] if name_readings(name) else ""
        hits = difflib.get_close_matches(key, list(self._keys), n=n * 2, cutoff=0.5)
        out: list[str] = []
        for hit in hits:
            for did in self._keys[hit]:
                if did not in out:
                    out.append(did)
        return out[:n]

    def _first(self, unit: str, exact: bool) -> int:
        """The first day of ``unit`` as nanoseconds; not ``exact`` (a table by year), the first day of the year a
        unit joined Hanoi (:attr:`_formerly`: Hà Đông's population of 2008 is Hanoi's)."""
        lo = self._valid[unit][0]
        if not exact and unit in self._formerly:
            lo = pd.Timestamp(year=lo.year, month=1, day=1)
        return int(lo.value)

    def _describe(self, did: str) -> str:
        lo, hi = self._valid[did]
        when = ""
        if lo > pd.Timestamp.min:
            when = f" from {lo:%Y-%m-%d}"
        if hi < pd.Timestamp.max:
            when += f" until {hi:%Y-%m-%d}"
        level = f"{self._level[did]} " if self._level[did] else ""
        return f"{level}{did} ({self._names[did]}{when})"

    def resolve(
        self,
        names: Iterable[object],
        *,
        file: str | None = None,
        rows: Sequence[int] | None = None,
        column: str = "district",
        dates: Iterable[object] | None = None,
        check_dates: bool = True,
    ) -> pd.Series:
        """Map spellings to canonical ids.

        Parameters
        ----------
        names : iterable
            Unit names as found in the input.
        file, rows, column : optional
            Where the names came from, for the error message (``rows`` are 1-based file line numbers).
        dates : iterable of dates, optional
            The date of each row (for crimes, the period's start). A bare name that exists in two geographies
            is resolved to the unit that existed at the date; a unit named at a date when it did not exist is an
            error. Without dates, such a bare name is refused.
        check_dates : bool, default True
            False: use the dates only to choose between candidates (a table of populations by year, where the
            2025 population of a new unit is a fact although the unit began in July).

        Returns
        -------
        pandas.Series
            Canonical ids, aligned with ``names``.

        Raises
        ------
        TrendsDataError
            Listing every unknown name once, with the rows where it occurs and its closest matches; every
            ambiguous bare name with its candidates; every unit named at a date when it did not exist.
        """
        values = pd.Series(_array(names), dtype=object)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        when = (
            None
            if dates is None
            else pd.to_datetime(pd.Series(_array(dates))).astype("datetime64[ns]").to_numpy().view("int64")
        )
        if when is not None and len(when) != len(values):
            raise ValueError("dates must be aligned with names")
        row_numbers = np.asarray(list(rows) if rows is not None else range(2, len(values) + 2))
        out = np.empty(len(values), dtype=object)
        problems: list[Problem] = []

        def where(mask: np.ndarray) -> tuple[int, str]:
            at = row_numbers[mask]
            shown = ", ".join(str(r) for r in at[:5]) + (f" and {len(at) - 5} more" if len(at) > 5 else "")
            return int(at[0]), shown

        def refuse(at: np.ndarray, what: str, value: object, expected: str) -> None:
            """One problem for the rows ``at`` (positions in ``values``) holding ``value``."""
            full = np.zeros(len(values), dtype=bool)
            full[at] = True
            first, shown = where(full)
            problems.append(
                Problem(f"{what} (rows {shown})", file=file, row=first, column=column, value=str(value),
                        expected=expected)
            )  # fmt: skip

        nan_rows = codes == -1
        if nan_rows.any():
            first, shown = where(nan_rows)
            problems.append(
                Problem(
                    f"unknown district (rows {shown}); no close match among the known districts",
                    file=file,
                    row=first,
                    column=column,
                    expected="one of the study's districts (see trends.geo.hanoi_districts())",
                )
            )
        for code, value in enumerate(uniques):
            mask = codes == code
            cands = self.candidates(value)
            split = _split_unit(value)
            if split is not None and (not cands or when is not None):
                # "Từ Liêm" before the reform of 2025 (the ward of that name began on 1 July 2025), or "Huyện Từ
                # Liêm" at any date: the district split in 2014, never one of its halves
                fits_any = (
                    np.zeros(int(mask.sum()), dtype=bool)
                    if not cands or when is None
                    else np.any(
                        [
                            (when[mask] >= self._valid[c][0].value) & (when[mask] <= self._valid[c][1].value)
                            for c in cands
                        ],
                        axis=0,
                    )
                )
                if not fits_any.all():
                    refuse(np.flatnonzero(mask)[~fits_any], f"{value!s} names {split[0]}", value, split[1])
                    if fits_any.any():
                        sub = out[mask]
                        sub[fits_any] = cands[0]
                        out[mask] = sub
                    continue
            if not cands:
                first, shown = where(mask)
                close = self.suggest(str(value))
                hanoi = self._hanoi_district(value)
                hint = (
                    LEGACY_FONT_HINT
                    if legacy_font(str(value))
                    # "1", "00004": not one of the three-digit codes of Hanoi's districts
                    else "a number that is not the three-digit administrative code of one of Hanoi's districts "
                    "(Ba Đình is 001, Hà Đông 268) is not a district: write the names, or give a districts table "
                    "whose ids are these numbers"
                    if str(value).strip().isdigit()
                    else f"it is Hanoi's {hanoi}, which the districts table does not list: add it to the table, "
                    "or take its rows out of this file"
                    if hanoi
                    else f"closest known: {', '.join(close)}"
                    if close
                    else "no close match among the known districts"
                )
                problems.append(
                    Problem(
                        f"unknown district (rows {shown}); {hint}",
                        file=file,
                        row=first,
                        column=column,
                        value=str(value),
                        expected="one of the study's districts (see trends.geo.hanoi_districts())",
                    )
                )
                continue
            if when is not None:
                # a unit named before it became one of Hanoi's (Hà Đông in 2007, a town of Hà Tây province): its rows
                # were another province's, no Hanoi district's; a table by year (``check_dates`` False) may give
                # the year the unit joined (Hà Đông's population of 2008)
                for c in cands:
                    if c not in self._formerly:
                        continue
                    lo = self._valid[c][0]
                    idx = np.flatnonzero(mask)
                    at = when[idx]
                    early = idx[(at < self._first(c, check_dates)) & (at != pd.NaT.value)]
                    if len(early):
                        refuse(
                            early,
                            f"{self._names[c]} named before it was a district of Hanoi: it was part of "
                            f"{self._formerly[c]}",
                            value,
                            f"rows dated from {lo:%d/%m/%Y}{'' if check_dates else f' (the year {lo.year} on)'}; "
                            "the counts of earlier dates belong to the former unit, not to a district of Hanoi: "
                            "take them out of the file",
                        )
                        mask = mask.copy()
                        mask[early] = False
                if not mask.any():
                    continue
            if when is None or (not check_dates and len(cands) == 1):
                if len(cands) == 1:
                    out[mask] = cands[0]
                    continue
                first, shown = where(mask)
                problems.append(
                    Problem(
                        f"ambiguous name (rows {shown}): it may mean "
                        + " or ".join(self._describe(c) for c in cands),
                        file=file,
                        row=first,
                        column=column,
                        value=str(value),
                        expected="a name with its prefix (for example 'Quận Ba Đình' or 'Phường Ba Đình'), "
                        "or a file with dates that tell the two apart",
                    )
                )
                continue
            at = when[mask]
            fits = np.column_stack(
                [(at >= self._first(c, check_dates)) & (at <= self._valid[c][1].value) for c in cands]
            )
            n_fit = fits.sum(axis=1)
            chosen = np.array(cands, dtype=object)[fits.argmax(axis=1)]
            sub = out[mask]
            sub[n_fit == 1] = chosen[n_fit == 1]
            out[mask] = sub
            for bad, what, expected in (
                (
                    n_fit == 0,
                    "names a unit that did not exist at the row's date: "
                    + " or ".join(self._describe(c) for c in cands),
                    "the unit of the row's date (old districts until 2025-06-30, the new communes and wards "
                    "from 2025-07-01)",
                ),
                (
                    n_fit > 1,
                    "ambiguous name at the row's date: " + " or ".join(self._describe(c) for c in cands),
                    "a name with its prefix (for example 'Quận Ba Đình' or 'Phường Ba Đình')",
                ),
            ):
                if bad.any():
                    refuse(np.flatnonzero(mask)[bad], what, value, expected)
        if problems:
            raise TrendsDataError(sorted(problems, key=lambda p: p.row or 0))
        province = [str(v) for v in uniques if _FORMER_PROVINCE.search(str(v))]
        if province:
            where_from = f"{file}: " if file else ""
            warnings.warn(
                TrendsDataWarning(
                    f"{where_from}column {column!r}: the former province after a unit's name "
                    f"({', '.join(repr(v) for v in province[:6])}) is removed: the unit is the same, part of Hanoi "
                    "since Hà Tây (and Mê Linh of Vĩnh Phúc) was merged into it on 1 August 2008"
                ),
                stacklevel=user_stacklevel(),
            )
        coded: list[str] = []  # values read as a district's code, not as one of the table's ids
        for value in uniques:
            text = str(value).strip()
            if text in hanoi_district_codes() and text not in self._exact:
                coded.extend(f"{text} = {self._names[c]}" for c in self.candidates(text)[:1])
        if coded:
            where_from = f"{file}: " if file else ""
            warnings.warn(
                TrendsDataWarning(
                    f"{where_from}column {column!r} holds administrative codes of Hanoi's districts (General "
                    f"Statistics Office), read as {', '.join(coded[:6])}{' ...' if len(coded) > 6 else ''}"
                ),
                stacklevel=user_stacklevel(),
            )
        return pd.Series(out, dtype=object)


@functools.cache
def hanoi_district_codes() -> dict[str, str]:
    """The General Statistics Office's three-digit codes of Hanoi's 30 districts ("001" -> ``"ba_dinh"``), from
    :func:`trends.geo.hanoi_districts`."""
    from trends.geo.hanoi import hanoi_districts

    table = hanoi_districts()
    return dict(zip(table["gso_code"], table["district"], strict=True))


def _array(values: Iterable[object]) -> object:
    """An array-like as is (no per-element Python iteration over millions of rows); any other iterable listed."""
    return values if isinstance(values, (pd.Series, pd.Index, np.ndarray)) else list(values)


@functools.cache
def default_resolver(geography: str = "both") -> DistrictResolver:
    """The resolver for Hanoi's units: ``"both"`` (default; the 30 districts until 2025-06-30 and the 126 new
    communes and wards from 2025-07-01, dated), ``"district"`` or ``"unit"``. Built once per process (a resolver
    is not changed after it is built)."""
    from trends.geo.reform import hanoi_geography

    return DistrictResolver(hanoi_geography(geography))
