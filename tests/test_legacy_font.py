"""The conversion of text typed in the old Vietnamese font encodings (TCVN3, VNI-Windows), checked against
independent tables: glibc's iconv (a fixture made once) and the published tables of Unikey's converter."""

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest

from trends import io
from trends._legacy import TCVN3, VNI, convert, decide
from trends.schema import TrendsDataError, TrendsDataWarning

HERE = Path(__file__).parent

# Unikey's letter order (VnConv, Pham Kim Long, http://unikey.sourceforge.net, ukengine/data.cpp): each vowel
# plain, then with acute, grave, hook above, tilde, dot below, each as (capital, small); consonants in between.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_ORDER = [
    "a", "a\u0302", "a\u0306", "B", "C", "D", "đ", "e", "e\u0302", "F", "G", "H", "i", "J", "K", "L", "M", "N",
    "o", "o\u0302", "o\u031b", "P", "Q", "R", "S", "T", "u", "u\u031b", "V", "W", "X", "y", "Z",
]  # fmt: skip


def _letters() -> list[str]:
    """The Vietnamese letters in Unikey's order: capital, small, capital, small ..."""
    out: list[str] = []
    for group in _ORDER:
        if group == "đ":
            out += ["Đ", "đ"]
        elif group[0] in "aeiouy":
            for tone in _TONES:
                small = unicodedata.normalize("NFC", group + tone)
                out += [small.upper(), small]
        else:
            out += [group, group.lower()]
    return out


# Unikey's TCVN3 table (SingleByteTables[0], in the order of _letters()), as byte values; a capital with a tone
# has its small letter's code (drawn as a capital by the .VnTimeH fonts).
UNIKEY_TCVN3 = bytes.fromhex(
    "4161B8B8B5B5B6B6B7B7B9B9 A2A9CACAC7C7C8C8C9C9CBCB A1A8BEBEBBBBBCBCBDBDC6C6 426243634464 A7AE"
    "4565D0D0CCCCCECECFCFD1D1 A3AAD5D5D2D2D3D3D4D4D6D6 466647674868 4969DDDDD7D7D8D8DCDCDEDE"
    "4A6A4B6B4C6C4D6D4E6E 4F6FE3E3DFDFE1E1E2E2E4E4 A4ABE8E8E5E5E6E6E7E7E9E9 A5ACEDEDEAEAEBEBECECEEEE"
    "50705171527253735474 5575F3F3EFEFF1F1F2F2F4F4 A6ADF8F8F5F5F6F6F7F7F9F9 567657775878"
    "5979FDFDFAFAFBFBFCFCFEFE 5A7A"
)

# Unikey's VNI-WIN table (DoubleByteTables[0], in the order of _letters()): each letter a word whose low byte is
# the base character and whose high byte (if any) the mark that follows it.
UNIKEY_VNI = """
0041 0061 d941 f961 d841 f861 db41 fb61 d541 f561 cf41 ef61 c241 e261 c141 e161 c041 e061 c541 e561 c341 e361
c441 e461 ca41 ea61 c941 e961 c841 e861 da41 fa61 dc41 fc61 cb41 eb61 0042 0062 0043 0063 0044 0064 00d1 00f1
0045 0065 d945 f965 d845 f865 db45 fb65 d545 f565 cf45 ef65 c245 e265 c145 e165 c045 e065 c545 e565 c345 e365
c445 e465 0046 0066 0047 0067 0048 0068 0049 0069 00cd 00ed 00cc 00ec 00c6 00e6 00d3 00f3 00d2 00f2 004a 006a
004b 006b 004c 006c 004d 006d 004e 006e 004f 006f d94f f96f d84f f86f db4f fb6f d54f f56f cf4f ef6f c24f e26f
c14f e16f c04f e06f c54f e56f c34f e36f c44f e46f 00d4 00f4 d9d4 f9f4 d8d4 f8f4 dbd4 fbf4 d5d4 f5f4 cfd4 eff4
0050 0070 0051 0071 0052 0072 0053 0073 0054 0074 0055 0075 d955 f975 d855 f875 db55 fb75 d555 f575 cf55 ef75
00d6 00f6 d9d6 f9f6 d8d6 f8f6 dbd6 fbf6 d5d6 f5f6 cfd6 eff6 0056 0076 0057 0077 0058 0078 0059 0079 d959 f979
d859 f879 db59 fb79 d559 f579 00ce 00ee 005a 007a
""".split()


def test_tcvn3_table_matches_unikey() -> None:
    letters = _letters()
    assert len(letters) == len(UNIKEY_TCVN3) == len(UNIKEY_VNI) == 186
    for k in range(0, len(letters), 2):
        capital, small = letters[k], letters[k + 1]
        code_capital, code_small = chr(UNIKEY_TCVN3[k]), chr(UNIKEY_TCVN3[k + 1])
        assert convert(code_small, TCVN3) == small, (code_small, small)
        # a capital with a tone has no code of its own: its small letter's, read as the small letter
        assert convert(code_capital, TCVN3) == (capital if code_capital != code_small else small)


def test_vni_table_matches_unikey() -> None:
    for letter, word in zip(_letters(), UNIKEY_VNI, strict=True):
        value = int(word, 16)
        text = chr(value & 0xFF) + (chr(value >> 8) if value >> 8 else "")
        assert convert(text, VNI) == letter, (text, letter)


def test_tcvn3_table_matches_iconv() -> None:
    """``tcvn5712_1_iconv.txt``: each code 0xA1-0xFE through glibc's converter, made once with::

        for b in $(seq 161 254); do h=$(printf %02X $b);
          echo "$h $(printf "\\x$h" | iconv -f TCVN5712-1 -t UTF-16BE | od -An -tx1 | tr -d ' \\n')"; done

    Where VN3 (the fonts) assigns the code, the conversion gives iconv's letter (NFC); the codes VN1 alone
    assigns (capitals with a tone, combining marks) are left as they are.
    """
    vn3 = {code for code in UNIKEY_TCVN3 if code > 0x7F}  # the codes Unikey's TCVN3 table uses
    vn1_only = 0
    for line in (HERE / "legacy_font" / "tcvn5712_1_iconv.txt").read_text(encoding="ascii").splitlines():
        code, utf16 = line.split()
        char = chr(int(code, 16))
        letter = unicodedata.normalize("NFC", bytes.fromhex(utf16).decode("utf-16-be"))
        if ord(char) not in vn3:
            vn1_only += 1
            assert convert(char, TCVN3) == char
            assert letter.isupper() or unicodedata.combining(letter), (code, letter)
        else:
            assert convert(char, TCVN3) == letter, (code, letter)
    assert vn1_only == 20  # 0xAF, 0xB0-0xB4, 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0


@pytest.mark.parametrize(
    ("values", "encoding"),
    [
        (["Ba §×nh", "§èng §a", "Hoµn KiÕm"], TCVN3),
        (["Trém c¾p tµi s¶n", "Trém"], TCVN3),  # "Trém" alone shows nothing: converted with its column
        (["QuËn/HuyÖn", "Ba §×nh"], TCVN3),  # "Ë", "Ö" look VNI, but "§" is no VNI character
        (["Troäm caép taøi saûn", "Ñình", "Cöôùp"], VNI),
        (["Diện tích (km²)", "5°", "±2", "Mô hình «Khu dân cư an toàn»"], None),  # Unicode: left
        (["Ba Đình", "Mê Linh", "12"], None),
    ],
)
def test_decide(values: list[str], encoding: str | None) -> None:
    assert decide(values).encoding == encoding
    assert decide(values).problem == ""


def test_decide_refuses_mixed_and_unfit() -> None:
    mixed = decide(["Ba §×nh", "Đống Đa"])
    assert (mixed.encoding, mixed.problem, mixed.cells) == (None, "mixed", ("Ba §×nh", "Đống Đa"))
    assert decide(["Müller"]).problem == "unfit"  # a German name: "ü" marks no letter in VNI


def test_convert_vntimeh_capitals() -> None:
    assert convert("C«NG AN THµNH PHè Hµ NéI", TCVN3) == "CÔNG AN THÀNH PHỐ HÀ NỘI"
    assert convert("Sè vô", TCVN3) == "Số vụ"  # one capital: not a .VnTimeH text


def test_read_converts_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(
        "Quan/Huyen,Thang,Téi danh,Sè vô\nBa §×nh,01/2024,Trém c¾p tµi s¶n,12\n§èng §a,01/2024,Trém,7\n".encode(
            "cp1252"
        )
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = io.read_crimes(path, districts=False)
    legacy = [w for w in caught if issubclass(w.category, TrendsDataWarning) and "TCVN3" in str(w.message)]
    assert len(legacy) == 1
    assert "tcvn3.csv" in str(legacy[0].message)
    assert set(out["district"]) == {"Ba Đình", "Đống Đa"}
    assert set(out["offence"]) == {"Trộm cắp tài sản", "Trộm"}
    assert out["count"].sum() == 19


def test_error_after_conversion_says_so(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.csv"
    path.write_bytes("Quan/Huyen,Thang,Toi danh,So vu\nBa §×nh xx,01/2024,Trém c¾p,12\n".encode("cp1252"))
    with pytest.raises(TrendsDataError, match=r"from TCVN3 \(ABC, .VnTime fonts\) was converted to Unicode"):
        io.read_crimes(path)


def test_a_column_that_shows_nothing_alone_is_converted_under_a_font_header(tmp_path: Path) -> None:
    """Every offence "Trém" (no symbol shows TCVN3 in it): the header, typed in the font, says the sheet is."""
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(
        "QuËn/HuyÖn,Kú,Téi danh,Sè vô\nBa §×nh,01/2024,Trém,12\n§èng §a,01/2024,Trém,7\n".encode("cp1252")
    )
    with pytest.warns(TrendsDataWarning, match="TCVN3"):
        out = io.read_crimes(path, districts=False)
    assert set(out["offence"]) == {"Trộm"}
    assert set(out["district"]) == {"Ba Đình", "Đống Đa"}


def test_a_unicode_template_keeps_its_header(tmp_path: Path) -> None:
    """A Unicode header (a template, "Ghi chú" all Latin-1) over font text: the header is not converted."""
    path = tmp_path / "template.csv"
    path.write_text(
        "Ngày xảy ra,Quận/Huyện,Tội danh,Ghi chú\n05/03/2024,Ba §×nh,Trém c¾p tµi s¶n,\n", encoding="utf-8"
    )
    with pytest.warns(TrendsDataWarning, match="converted column"):
        out = io.read_incidents(path, districts=False)
    assert out["offence"].tolist() == ["Trộm cắp tài sản"]


def test_bytes_not_utf8_are_read_through_cp1252_only_when_they_show_a_font() -> None:
    from trends.rawfile import _legacy_codepage

    assert _legacy_codepage("Ba §×nh,Trém c¾p\n".encode("cp1252")) == "cp1252"
    assert _legacy_codepage("Troäm caép taøi saûn\n".encode("cp1252")) == "cp1252"
    windows_1258 = b"Ba \xd0i\xccnh,Tr\xf4\xf2m c\xe3\xecp\n"  # a base letter, then its tone mark
    assert unicodedata.normalize("NFC", windows_1258.decode("cp1258")) == "Ba Đình,Trộm cắp\n"
    assert _legacy_codepage(windows_1258) is None


def test_names_of_other_languages_are_not_taken_for_vni(tmp_path: Path) -> None:
    """VNI's symbols alone ("ö" is its "ư", "ñ" its "đ") also spell German or Spanish names: without a vowel
    carrying a mark only VNI writes ("aø", "oä"), a column is left as written, and read with its own districts."""
    names = ["Tempelhof-Schöneberg", "Mitte", "Friedrichshain-Kreuzberg"]
    (tmp_path / "berlin.csv").write_text(
        "district,period,offence,count\n"
        + "".join(f"{n},2024-01,theft,{i + 1}\n" for i, n in enumerate(names)),
        encoding="utf-8",
    )
    districts = pd.DataFrame({"district": names, "name": names})
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)
        crimes = io.read_crimes(tmp_path / "berlin.csv", districts=districts)
    assert crimes["count"].sum() == 6
    assert decide(names).encoding is None
    assert decide(["Ba Ñình", "Ñoáng Ña"]).encoding is None  # no VNI vowel pair: not VNI alone ...
    assert decide(["Ba Ñình", "Ñoàng Ñaïi"]).encoding == VNI  # ... with one, the column is


def test_a_column_that_only_looks_vni_is_converted_beside_one_that_is(tmp_path: Path) -> None:
    """Districts "Ba Ñình", "Ñoáng Ña" hold no vowel with a mark only VNI writes; beside an offence column in
    VNI they are VNI too."""
    (tmp_path / "vni.csv").write_text(
        "Quan,Thang,Toi danh,So vu\nBa Ñình,01/2024,Troäm caép taøi saûn,5\nÑoáng Ña,01/2024,Troäm caép taøi saûn,2\n",
        encoding="utf-8",
    )
    with pytest.warns(TrendsDataWarning, match="VNI"):
        crimes = io.read_crimes(tmp_path / "vni.csv")
    assert sorted(crimes["district"].unique()) == ["ba_dinh", "dong_da"]
    assert crimes["count"].sum() == 7


def test_tcvn3_u_horn_is_a_letter_not_an_invisible_character(tmp_path: Path) -> None:
    """TCVN3's "ư" is byte 0xAD, a soft hyphen in Windows-1252: converted, not removed as invisible and said so."""
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(
        "Quan/Huyen,Thang,Toi danh,So vu\nHai Bµ Tr\xadng,01/2024,Trém c¾p tµi s¶n,3\n".encode("cp1252")
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = io.read_crimes(path)
    assert out["district"].tolist() == ["hai_ba_trung"]
    assert not [w for w in caught if "invisible" in str(w.message)]


def test_windows_1258_asked_for_a_file_in_a_font_says_why_it_fails(tmp_path: Path) -> None:
    """encoding="cp1258" ("Vietnamese (Windows)") for a file typed in TCVN3 turns its bytes into tone marks and
    "ơ", past repair: read as asked, with a warning saying that, without encoding=, the file is converted."""
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(
        "Quan/Huyen,Thang,Toi danh,So vu\nBa §×nh,01/2024,Trém c¾p tµi s¶n,12\nCÇu GiÊy,01/2024,Lõa ®¶o,3\n".encode(
            "cp1252"
        )
    )
    with pytest.warns(TrendsDataWarning, match="without encoding= they are read and converted"):
        with pytest.raises(TrendsDataError):
            io.read_crimes(path, encoding="cp1258")
    assert io.read_crimes(path)["count"].sum() == 15


def test_a_trade_mark_after_a_name_is_not_font_text(tmp_path: Path) -> None:
    """TCVN3's "đ" and "Đ" ("®", "§") only begin a word; after a letter they are the trade and section marks,
    and a register whose model types name "Camera Hikvision®" is read as written, not converted."""
    path = tmp_path / "rollout.csv"
    path.write_text(
        "Mã mô hình,Quận/huyện,Phường/xã,Loại mô hình,Ngày bắt đầu\n"
        "MH-01,Ba Đình,Phúc Xá,Camera Hikvision®,01/06/2022\nMH-02,Đống Đa,Láng Hạ,Camera Dahua,01/06/2023\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)
        out = io.read_rollout(path)
    assert sorted(out["model_type"]) == ["Camera Dahua", "Camera Hikvision®"]


def test_unicode_text_with_a_symbol_of_the_fonts_is_unicode(tmp_path: Path) -> None:
    """A cell holding a letter only Unicode has ("ộ", "ư") never comes from a font's bytes, whatever symbol
    stands beside a letter: a footnote mark "Trộm cắp tài sản¹" is read as written, not refused as font text."""
    path = tmp_path / "incidents.csv"
    path.write_text(
        "Ngày xảy ra,Quận/Huyện,Tội danh\n05/03/2024,Ba Đình,Trộm cắp tài sản¹\n06/03/2024,Đống Đa,Cướp giật tài sản\n",
        encoding="utf-8",
    )
    out = io.read_incidents(path)
    assert len(out) == 2
    assert out["offence"].tolist() == ["Trộm cắp tài sản¹", "Cướp giật tài sản"]


def test_an_unknown_encoding_is_still_refused_by_name(tmp_path: Path) -> None:
    """The check of encoding="cp1258" must not turn an unknown encoding's name into a bare LookupError."""
    path = tmp_path / "counts.csv"
    path.write_bytes(b"Quan/Huyen,Thang,Toi danh,So vu\nBa Dinh,01/2024,Trom cap,1\n")
    with pytest.raises(TrendsDataError, match="unknown encoding 'bogus'"):
        io.read_crimes(path, encoding="bogus")


@pytest.mark.parametrize("kind", ["parquet", "feather", "dta"])
def test_a_typed_file_made_from_a_font_workbook_is_converted_as_its_csv(tmp_path: Path, kind: str) -> None:
    """A Parquet, Feather or Stata file written from a workbook typed in TCVN3 holds the font's text read through
    Windows-1252 (TCVN3's "ư" a soft hyphen): converted as the same table in CSV is, by the sheet's rules, with
    one warning (it used to be refused as "old font text"; a Unicode file reads unchanged and without a word)."""
    font = pd.DataFrame(
        {
            "QuËn/HuyÖn": ["Ba §×nh", "Hai Bµ Tr\u00adng"],
            "Th¸ng": ["01/2024", "01/2024"],
            "Téi danh": ["Trém", "Trém"],  # shows no font alone: converted under the header that does
            "Sè vô": [3, 4],
        }
    )
    offences = {"Trộm"}
    if (
        kind == "dta"
    ):  # Stata names are identifiers, in the plain letters a do-file uses: no header in the font
        font.columns = ["quan_huyen", "thang", "toi_danh", "so_vu"]
        font["toi_danh"] = ["Trém", "Trém c¾p"]  # a column that shows the font itself
        offences = {"Trộm", "Trộm cắp"}
    csv = tmp_path / "font.csv"
    csv.write_bytes(font.to_csv(index=False).encode("cp1252"))
    want = io.read_crimes(csv)
    path = tmp_path / f"font.{kind}"
    if kind == "dta":
        font.to_stata(path, write_index=False, version=118)
    else:
        getattr(font, f"to_{kind}")(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = io.read_crimes(path)
    said = [str(w.message) for w in caught if "TCVN3" in str(w.message)]
    assert len(said) == 1 and ("the header" in said[0]) == (kind != "dta"), said
    pd.testing.assert_frame_equal(got, want)
    assert set(got["district"]) == {"ba_dinh", "hai_ba_trung"} and set(got["offence"]) == offences
    unicode = tmp_path / f"unicode.{kind}"
    plain = want.assign(period=want["period"].dt.strftime("%Y-%m"))
    if kind == "dta":
        plain.to_stata(unicode, write_index=False, version=118)
    else:
        getattr(plain, f"to_{kind}")(unicode)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TrendsDataWarning)
        assert set(io.read_crimes(unicode, districts=False)["offence"]) == offences
