"""Vietnamese typed in an old font encoding (TCVN3/ABC, VNI-Windows) and read as text, converted to Unicode.

Before Unicode, Vietnamese offices typed in fonts whose code points are those of Latin-1: TCVN3 (TCVN 5712:1993
VN3, the ABC ".VnTime" fonts) puts each Vietnamese letter on one code ("Ba Đình" is "Ba §×nh"); VNI-Windows
(the "VNI-Times" fonts) a letter and its marks on one or two ("Trộm" is "Troäm"). A workbook keeps the code
points as Latin-1 characters, a CSV as bytes (read through Windows-1252). :func:`decide` tells, for a unit of
cells (a column, a header row), whether its text is in one of them; :func:`convert` converts it.

The lowest layer of the package: it imports only :mod:`trends._text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from trends._text import _LEGACY, _LEGACY_FONT, _QUOTED, _UNICODE_VIETNAMESE, _VNI_FONT, _VNI_PAIR
from trends._text import _VNI as _VNI_SHOWN

__all__ = [
    "ENCODINGS",
    "SHOWN_BY",
    "TCVN3",
    "VNI",
    "Verdict",
    "convert",
    "decide",
    "fits",
    "looks_legacy",
    "tcvn3_hit",
    "through_codepage",
    "vni_hit",
]

TCVN3 = "TCVN3"
VNI = "VNI"
#: How warnings and errors name the encodings.
ENCODINGS = {TCVN3: "TCVN3 (ABC, .VnTime fonts)", VNI: "VNI-Windows (VNI-Times fonts)"}

# TCVN3 (VN3): the codes 0xA1-0xFE of TCVN 5712:1993 that VN3 assigns, as Latin-1 characters, and their letters.
# Derived from glibc's iconv (TCVN5712-1, NFC) and checked against the TCVN3 table of Unikey's converter
# (VnConv, Pham Kim Long, http://unikey.sourceforge.net, ukengine/data.cpp) by tests/test_legacy_font.py. VN3
# leaves out what VN1 puts at 0xAF, 0xB0-0xB4 (combining marks), 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0,
# 0xFF (capitals with a tone): a capital with a tone is its small letter in a ".VnTimeH" font, which draws the
# small letters as capitals.
_TCVN3_CODES = "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ"
_TCVN3_LETTERS = "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
_TCVN3 = str.maketrans(dict(zip(_TCVN3_CODES, _TCVN3_LETTERS, strict=True)))

# VNI-Windows: a vowel is its Latin letter followed by a mark character (capitals take capital marks); ơ, ư, đ
# and the i's (and ỵ) are one character. From the VNI-WIN table of Unikey's converter (VnConv, Pham Kim Long,
# http://unikey.sourceforge.net, ukengine/data.cpp: each letter a word whose low byte is the base character, the
# high byte its mark), checked by tests/test_legacy_font.py.
_TONES = "\u0301\u0300\u0309\u0303\u0323"  # acute, grave, hook above, tilde, dot below: the order below
_VNI_TONE = ("ÙØÛÕÏ", "ùøûõï")  # (capital, small) after a, e, o, u, y, ơ, ư
_VNI_HAT = ("ÂÁÀÅÃÄ", "âáàåãä")  # circumflex (â, ê, ô), then circumflex with each tone
_VNI_BREVE = ("ÊÉÈÚÜË", "êéèúüë")  # breve (ă), then breve with each tone
_VNI_I = ("ÍÌÆÓÒ", "íìæóò")  # i with each tone: one character
_VNI_SINGLE = {"Ñ": "Đ", "ñ": "đ", "Ô": "Ơ", "ô": "ơ", "Ö": "Ư", "ö": "ư"}


def _vni_table() -> dict[str, str]:
    """VNI sequence -> Unicode letter, for every Vietnamese letter with a mark."""
    table = dict(_VNI_SINGLE)
    for c in (0, 1):  # 0: capitals, 1: small letters
        tone_marks, hats, breves, i_tones = _VNI_TONE[c], _VNI_HAT[c], _VNI_BREVE[c], _VNI_I[c]
        for letter in "AEOUY" if c == 0 else "aeouy":
            for mark, tone in zip(tone_marks, _TONES, strict=True):
                if letter not in "Yy" or tone != "\u0323":  # ỵ is one character (below)
                    table[letter + mark] = letter + tone
        for letter in "AEO" if c == 0 else "aeo":
            table[letter + hats[0]] = letter + "\u0302"
            for mark, tone in zip(hats[1:], _TONES, strict=True):
                table[letter + mark] = letter + "\u0302" + tone
        letter = "A" if c == 0 else "a"
        table[letter + breves[0]] = letter + "\u0306"
        for mark, tone in zip(breves[1:], _TONES, strict=True):
            table[letter + mark] = letter + "\u0306" + tone
        for horn in "ÔÖ" if c == 0 else "ôö":
            for mark, tone in zip(tone_marks, _TONES, strict=True):
                table[horn + mark] = _VNI_SINGLE[horn] + tone
        for mark, tone in zip(i_tones, _TONES, strict=True):
            table[mark] = ("I" if c == 0 else "i") + tone
        table["Î" if c == 0 else "î"] = ("Y" if c == 0 else "y") + "\u0323"
    return {k: unicodedata.normalize("NFC", v) for k, v in table.items()}


_VNI = _vni_table()
_VNI_SEQUENCE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))
# The characters VNI text may hold besides ASCII, and those that only mark a letter before them.
_VNI_CHARS = frozenset("".join(_VNI))
_VNI_MARKS = frozenset("".join(_VNI_TONE + _VNI_HAT + _VNI_BREVE))


#: Any character either encoding shows itself by: text without one (nearly all Unicode text) is Unicode, found in
#: one search over a unit's values (a character class Arrow's RE2 reads too).
SHOWN_BY = re.compile(f"[{_LEGACY}{_VNI_SHOWN}]")


class Verdict(NamedTuple):
    """What a unit of cells holds: ``encoding`` (TCVN3, VNI, or None for Unicode, left as it is); when None
    although some cells look legacy, ``problem`` says why (mixed with Unicode, or neither encoding fits) and
    ``cells`` are examples of it."""

    encoding: str | None
    problem: str = ""
    cells: tuple[str, ...] = ()


def tcvn3_hit(text: str) -> bool:
    """Whether ``text`` shows TCVN3: a Latin-1 symbol of its letters next to a letter ("Ba §×nh"), and no
    letter only Unicode holds."""
    return (
        not text.isascii()
        and _LEGACY_FONT.search(_QUOTED.sub(r"\1", text)) is not None
        and _UNICODE_VIETNAMESE.search(text) is None
    )


def vni_hit(text: str) -> bool:
    """Whether ``text`` shows VNI: a Latin-1 letter of its marks next to a letter ("Troäm", "Ñình"), and no
    letter only Unicode holds."""
    return (
        not text.isascii() and _VNI_FONT.search(text) is not None and _UNICODE_VIETNAMESE.search(text) is None
    )


def through_codepage(text: str) -> bool:
    """Whether every character of ``text`` can be a font's byte read through Windows-1252 (not "ơ", "đ", "ạ"
    ..., which only Unicode text holds)."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def fits(text: str, encoding: str) -> bool:
    """Whether ``text`` reads as ``encoding``: TCVN3 any Latin-1 text; VNI only its characters, each mark after
    a letter it marks."""
    if encoding == TCVN3:
        return True
    rest = _VNI_SEQUENCE.sub("", text)
    return all(ch.isascii() or (ch in _VNI_CHARS and ch not in _VNI_MARKS) for ch in rest)


def decide(values: Iterable[str]) -> Verdict:
    """Whether the distinct ``values`` of one unit (a column, a header row) are TCVN3, VNI or Unicode.

    Legacy when some value shows the encoding (:func:`tcvn3_hit`, :func:`vni_hit`; for VNI, some value also
    holds a vowel with a mark only VNI writes, "aø"), every value could be the
    font's bytes read through Windows-1252 and every value reads as that encoding (then a value that shows
    nothing alone, "Trém", is converted with the others). Unicode when no value shows either. Refused (None
    with a ``problem``) when the unit mixes Unicode Vietnamese with legacy text, or when neither or both
    encodings fit.

    Examples
    --------
    >>> decide(["Ba §×nh", "Trém", "12"]).encoding, decide(["Troäm caép", "Ñình"]).encoding
    ('TCVN3', 'VNI')
    >>> decide(["Diện tích (km²)", "5°", "«Khu dân cư an toàn»"])
    Verdict(encoding=None, problem='', cells=())
    >>> decide(["Ba §×nh", "Đống Đa"]).problem
    'mixed'
    >>> decide(["Tempelhof-Schöneberg", "Mitte"]).encoding is None  # no vowel with a VNI mark: not VNI
    True
    """
    texts = [v for v in values if not v.isascii()]
    if not texts or SHOWN_BY.search("\n".join(texts)) is None:
        return Verdict(None)
    hits = {TCVN3: [v for v in texts if tcvn3_hit(v)], VNI: [v for v in texts if vni_hit(v)]}
    shown = hits[TCVN3] or hits[VNI]
    if not shown:
        return Verdict(None)
    unicode = next((v for v in texts if not through_codepage(v)), None)
    if unicode is not None:
        return Verdict(None, "mixed", (shown[0], unicode))
    if not any(_VNI_PAIR.search(v) for v in texts):
        hits[VNI] = []
    fitting = [e for e, found in hits.items() if found and all(fits(v, e) for v in texts)]
    if len(fitting) == 1:
        return Verdict(fitting[0])
    return Verdict(None, "ambiguous" if fitting else "unfit", (shown[0],))


def looks_legacy(values: Iterable[str]) -> bool:
    """Whether any of ``values`` shows TCVN3 or VNI (for a reader to hand the file to the one that converts)."""
    texts = [v for v in values if not v.isascii()]
    if not texts or SHOWN_BY.search("\n".join(texts)) is None:
        return False
    return any(tcvn3_hit(v) or vni_hit(v) for v in texts)


def convert(text: str, encoding: str) -> str:
    """``text`` (the font's code points as Latin-1 characters) in Unicode, NFC.

    TCVN3 text whose ASCII letters are all capitals (two or more) is in capitals: a ".VnTimeH" font draws the
    small letters' codes, which TCVN3 gives the letters with a tone, as capitals.

    Examples
    --------
    >>> convert("Ba §×nh", "TCVN3"), convert("Trém c¾p tµi s¶n", "TCVN3"), convert("C«NG AN", "TCVN3")
    ('Ba Đình', 'Trộm cắp tài sản', 'CÔNG AN')
    >>> convert("Troäm caép taøi saûn", "VNI"), convert("Ñoáng Ña", "VNI")
    ('Trộm cắp tài sản', 'Đống Đa')
    """
    if encoding == TCVN3:
        out = text.translate(_TCVN3)
        letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
        if len(letters) >= 2 and all(ch.isupper() for ch in letters):
            out = out.upper()
    else:
        out = _VNI_SEQUENCE.sub(lambda m: _VNI[m.group()], text)
    return unicodedata.normalize("NFC", out)
