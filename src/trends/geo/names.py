"""District names: one canonical id from any common spelling.

Police exports spell a district many ways: "Q. Ba Đình", "quận Ba Đình", "BA DINH", "Ba Dinh District", or with
decomposed Unicode from a Mac keyboard. :class:`DistrictResolver` folds every spelling to a key (Unicode NFC, no
diacritics, "đ" -> "d", lower case, administrative prefixes such as "Q.", "H.", "TX.", "quận", "huyện", "thị xã",
"District" removed, no spaces or punctuation) and maps it to the canonical id. An unknown name raises
:class:`~trends.schema.TrendsDataError` listing every unknown name, where it occurs and its closest matches.

Hanoi abolished the district level on 1 July 2025 (Resolution 1656/NQ-UBTVQH15); the ids here are the 30
district-level units of 2008-2025, and series by district end in June 2025.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from trends._text import fold
from trends.schema import Problem, TrendsDataError

__all__ = ["DistrictResolver", "default_resolver", "district_key", "fold"]

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


class DistrictResolver:
    """Resolve district spellings to canonical ids.

    Parameters
    ----------
    districts : pandas.DataFrame
        The districts table: a ``district`` id column and optionally ``name_vi`` and ``name_ascii``; every
        spelling of these resolves to the id.
    aliases : mapping of str to str, optional
        Extra spellings (for example former names) mapped to a canonical id.

    Raises
    ------
    ValueError
        When two districts share a matching key (the table itself is ambiguous).
    """

    def __init__(self, districts: pd.DataFrame, aliases: Mapping[str, str] | None = None) -> None:
        if "district" not in districts.columns:
            raise ValueError("the districts table needs a 'district' column")
        self.ids: tuple[str, ...] = tuple(str(d) for d in districts["district"])
        self._names = {
            str(row["district"]): str(row.get("name_vi", row["district"])) for _, row in districts.iterrows()
        }
        keys: dict[str, str] = {}
        for _, row in districts.iterrows():
            did = str(row["district"])
            for col in ("district", "name_vi", "name_ascii"):
                if col in districts.columns and pd.notna(row[col]):
                    self._add(keys, district_key(row[col]), did)
        for alias, did in (aliases or {}).items():
            if did not in self.ids:
                raise ValueError(f"alias {alias!r} points to unknown district id {did!r}")
            self._add(keys, district_key(alias), did)
        self._keys = keys

    @staticmethod
    def _add(keys: dict[str, str], key: str, did: str) -> None:
        if keys.get(key, did) != did:
            raise ValueError(f"district spelling key {key!r} is ambiguous: {keys[key]!r} and {did!r}")
        keys[key] = did

    def name(self, district: str) -> str:
        """The display name (Vietnamese where known) of a canonical id."""
        return self._names[district]

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Closest canonical ids to an unknown spelling."""
        hits = difflib.get_close_matches(district_key(name), list(self._keys), n=n * 2, cutoff=0.5)
        out: list[str] = []
        for key in hits:
            did = self._keys[key]
            if did not in out:
                out.append(did)
        return out[:n]

    def resolve(
        self,
        names: Iterable[object],
        *,
        file: str | None = None,
        rows: Sequence[int] | None = None,
        column: str = "district",
    ) -> pd.Series:
        """Map spellings to canonical ids.

        Parameters
        ----------
        names : iterable
            District names as found in the input.
        file, rows, column : optional
            Where the names came from, for the error message (``rows`` are 1-based file line numbers).

        Returns
        -------
        pandas.Series
            Canonical ids, aligned with ``names``.

        Raises
        ------
        TrendsDataError
            Listing every unknown name once, with the rows where it occurs and its closest matches.
        """
        values = pd.Series(list(names), dtype=object)
        uniques = pd.unique(values)
        mapping: dict[object, str] = {}
        unknown: list[object] = []
        for value in uniques:
            did = None if pd.isna(value) else self._keys.get(district_key(str(value)))
            if did is None:
                unknown.append(value)
            else:
                mapping[value] = did
        if unknown:
            row_numbers = list(rows) if rows is not None else list(range(2, len(values) + 2))
            problems = []
            for value in unknown:
                at = [
                    row_numbers[i]
                    for i in (values[values.isna()] if pd.isna(value) else values[values == value]).index
                ]
                shown = ", ".join(str(r) for r in at[:5]) + (
                    f" and {len(at) - 5} more" if len(at) > 5 else ""
                )
                close = [] if pd.isna(value) else self.suggest(str(value))
                hint = (
                    f"closest known: {', '.join(close)}"
                    if close
                    else "no close match among the known districts"
                )
                problems.append(
                    Problem(
                        f"unknown district (rows {shown}); {hint}",
                        file=file,
                        row=at[0],
                        column=column,
                        value=None if pd.isna(value) else str(value),
                        expected="one of the study's districts (see trends.geo.hanoi_districts())",
                    )
                )
            raise TrendsDataError(problems)
        return values.map(mapping).astype(object)


def default_resolver() -> DistrictResolver:
    """The resolver for Hanoi's 30 district-level units of 2008-2025."""
    from trends.geo.hanoi import hanoi_districts

    return DistrictResolver(hanoi_districts())
