"""Text normalisation shared by every layer: Unicode NFC for display, a folded form for matching.

The lowest layer of the package: it imports nothing from :mod:`trends`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "nfc"]


def nfc(text: object) -> str:
    """Return ``text`` as a string in Unicode normal form C (composed Vietnamese letters).

    Parameters
    ----------
    text : object
        Any label; ``None`` becomes ``""``.

    Examples
    --------
    >>> nfc("Ba \\u0110i\\u0300nh") == "Ba Đình"
    True
    """
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text))


def fold(text: str) -> str:
    """Fold text for matching: NFC, no diacritics, "đ" -> "d", lower case, single spaces.

    Examples
    --------
    >>> fold("  Quận  ĐỐNG Đa ")
    'quan dong da'
    """
    text = unicodedata.normalize("NFD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "D").replace("\u0111", "d").replace("\u0110", "D")
    return re.sub(r"\s+", " ", text).strip().lower()
