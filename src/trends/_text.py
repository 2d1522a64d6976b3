"""Text normalisation shared by every layer: Unicode NFC for display, a folded form for matching.

The lowest layer of the package: it imports nothing from :mod:`trends`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["LEGACY_FONT_HINT", "canonical_tone", "column_letters", "fold", "legacy_font", "nfc", "shortlist"]

_SURROGATE = re.compile("[\ud800-\udfff]")

# Vietnamese typed in an old font encoding (TCVN3/ABC, the ".VnTime" fonts) and read as text: its letters are
# Latin-1 symbols, "Ba Đình" is "Ba §×nh", "Trộm cắp" "Trém c¾p". Unicode Vietnamese never has these symbols
# next to a letter (degrees, "km²" and ordinals are left out).
_LEGACY = "\u00a1-\u00ae\u00b5-\u00b9\u00bb-\u00be\u00d7\u00f7"
# "§" and "®" are TCVN3's "Đ" and "đ", which only begin a Vietnamese word: after a letter they are the section
# and trade marks ("Hikvision®"), no font text.
_AFTER_LETTER = "\u00a1-\u00a6\u00a8-\u00ad\u00b5-\u00b9\u00bb-\u00be\u00d7\u00f7"  # _LEGACY without § and ®
_LEGACY_FONT = re.compile(f"[^\\W\\d_{_LEGACY}][{_AFTER_LETTER}]|[{_LEGACY}][^\\W\\d_{_LEGACY}]")
# ... or in the VNI encoding (the "VNI-Times" fonts): a letter and its marks as separate Latin-1 symbols, "Ba Đình"
# is "Ba Ñình", "Trộm cắp tài sản" "Troäm caép taøi saûn". These symbols are no Vietnamese letters; a text that
# also holds Vietnamese letters of Unicode (ơ, ư, đ, ạ ...) is Unicode.
_VNI = "åäëüñæöøûïÅÄËÜÑÆÖØÛÏ"
_VNI_FONT = re.compile(f"[^\\W\\d_{_VNI}][{_VNI}]|[{_VNI}][^\\W\\d_{_VNI}]")
_UNICODE_VIETNAMESE = re.compile("[đĐơƠưƯăĂ\u1ea0-\u1ef9]")
# A vowel and a mark only VNI writes after it ("aø" for "à", "oä" for "ộ", "aë" for "ặ"): the VNI symbols alone
# also spell other languages ("ö" of "Schöneberg" is VNI's "ư", "ñ" of "España" its "đ"), so text is taken for
# VNI only with such a pair.
_VNI_PAIR = re.compile("[aeouôö][øûï]|[AEOUÔÖ][ØÛÏ]|y[øû]|Y[ØÛ]|[aeo][åä]|[AEO][ÅÄ]|a[üë]|A[ÜË]")
LEGACY_FONT_HINT = (
    "the text looks typed in an old Vietnamese font encoding (TCVN3/ABC, .VnTime; or VNI-Windows, VNI-Times), "
    "not Unicode: convert the file to Unicode first (Unikey's converter, TCVN3 or VNI Windows to Unicode)"
)


# Guillemets around words ("«Khu dân cư an toàn»") quote them; inside a TCVN3 word "«" is the letter "ô"
_QUOTED = re.compile(r"(?<!\w)«([^«»]*)»(?!\w)")


def legacy_font(text: str) -> bool:
    """Whether ``text`` looks like Vietnamese in the TCVN3 (ABC) font encoding, read as Unicode.

    Examples
    --------
    >>> legacy_font("Ba §×nh"), legacy_font("Ba Đình"), legacy_font("Diện tích (km²)")
    (True, False, False)
    >>> legacy_font("Mô hình «Camera an ninh»"), legacy_font("«ng Trém c¾p»")
    (False, True)
    >>> legacy_font("Camera Hikvision®"), legacy_font("®êng phè")
    (False, True)
    >>> legacy_font("Troäm caép taøi saûn"), legacy_font("Ñoàng Ñaïi"), legacy_font("Mê Linh")
    (True, True, False)
    >>> legacy_font("Tempelhof-Schöneberg"), legacy_font("España")  # VNI's letters, no VNI vowel pair
    (False, False)
    >>> legacy_font("Trộm cắp tài sản¹"), legacy_font("Camera Hikvision® Việt Nam")  # Unicode letters
    (False, False)
    """
    # a letter only Unicode holds ("ộ", "ư", "đ") never comes from a font's bytes: "Trộm cắp¹" is Unicode
    if text.isascii() or _UNICODE_VIETNAMESE.search(text) is not None:
        return False
    if _LEGACY_FONT.search(_QUOTED.sub(r"\1", text)) is not None:
        return True
    return _VNI_FONT.search(text) is not None and _VNI_PAIR.search(text) is not None


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
    text = str(text)
    if not text.isascii():
        # Lone surrogates (a file name that is not UTF-8, read by the OS as escapes) cannot be drawn or written:
        # show them as U+FFFD.
        text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text)


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


# Vietnamese tone marks (in NFD): grave, acute, tilde, hook above, dot below.
_TONE = "\u0300\u0301\u0303\u0309\u0323"
# The two spellings of open syllables in oa, oe, uy: old style "hòa", "thủy", "Hủy" (tone on the first vowel)
# and new style "hoà", "thuỷ", "Huỷ" (tone on the second). Not after "q" ("quý": the u belongs to the
# consonant) and not before a final letter ("hoàng", "thuyết": one spelling only).
_NEW_STYLE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONE}])(?![^\W\d_])")


def canonical_tone(text: str) -> str:
    """Put Vietnamese tone marks in one place (old style, "hòa", "thủy"), so both spellings match; NFC.

    Offices write the same word with the tone on either vowel of "oa", "oe" and "uy" ("Hủy hoại" and
    "Huỷ hoại"); labels are compared after this.

    Examples
    --------
    >>> canonical_tone("Huỷ hoại tài sản") == canonical_tone("Hủy hoại tài sản") == "Hủy hoại tài sản"
    True
    >>> canonical_tone("hoà giải, thuỷ lợi, quý, hoàng")
    'hòa giải, thủy lợi, quý, hoàng'
    """
    text = unicodedata.normalize("NFD", nfc(text))
    text = _NEW_STYLE.sub(lambda m: m.group(1)[0] + m.group(2) + m.group(1)[1], text)
    return unicodedata.normalize("NFC", text)


def shortlist(items: Sequence[str], n: int, sep: str = "; ") -> str:
    """The first ``n`` of ``items`` joined by ``sep``, then " ..." if there are more (for warnings that name
    what they changed)."""
    return sep.join(items[:n]) + (" ..." if len(items) > n else "")


def column_letters(index: int) -> str:
    """A spreadsheet's letters of the 0-based column ``index`` (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
