"""One message catalogue: every word a reader sees comes from ``trends.messages``, in both languages.

The catalogue is checked for completeness (both languages, the same ``{fields}`` in each, NFC text), for dead
and missing keys against the code, and the code is checked for wording that bypasses it (an inline
``{"vi": ..., "en": ...}`` dict of text, or ``"..." if lang == "vi" else "..."``).
"""

from __future__ import annotations

import ast
import string
import unicodedata
from pathlib import Path

import pytest

from trends import messages
from trends.messages import CATALOGUE, each_lang, t

SRC = Path(__file__).resolve().parents[1] / "src" / "trends"
#: Locale formatting (separators, month names) is not wording: it lives beside the number formatter.
FORMATTING = {SRC / "charts" / "theme.py"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p != SRC / "messages.py")


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_fields(key: str) -> None:
    vi, en = CATALOGUE[key]
    assert vi.strip() and en.strip(), f"{key}: empty text"
    assert _fields(vi) == _fields(en), f"{key}: fields differ, vi {_fields(vi)} en {_fields(en)}"
    assert unicodedata.is_normalized("NFC", vi), f"{key}: Vietnamese text is not NFC"


def test_no_key_is_defined_twice() -> None:
    groups = [
        v for k, v in vars(messages).items() if k.isupper() and k.startswith("_") and isinstance(v, dict)
    ]
    assert sum(len(g) for g in groups) == len(CATALOGUE)


def _strings(tree: ast.AST) -> tuple[set[str], set[str]]:
    """String constants, and the constant prefixes of f-strings (keys built as f"claim.{rule}")."""
    constants, prefixes = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            constants.add(node.value)
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            prefixes.add(str(node.values[0].value))
    return constants, prefixes


def test_every_key_is_used_and_every_literal_key_exists() -> None:
    constants, prefixes = set(), set()
    for path in _modules():
        c, p = _strings(ast.parse(path.read_text(encoding="utf-8")))
        constants |= c
        prefixes |= p
    unused = [k for k in CATALOGUE if k not in constants and not any(k.startswith(p) for p in prefixes if p)]
    assert not unused, f"messages no code uses: {unused}"
    owners = ("report.", "brief.", "claim.", "reading.", "study.", "period.")
    keys = (c for c in constants if c.startswith(owners) and " " not in c and not c.endswith("."))
    missing = sorted(c for c in keys if c not in CATALOGUE)
    assert not missing, f"keys used in code but absent from the catalogue: {missing}"


def _bypasses(tree: ast.AST) -> list[int]:
    """Lines with wording outside the catalogue: a {"vi": text, "en": text} dict or text if lang == "vi" else."""

    def is_text(node: ast.AST) -> bool:  # words, not an identifier such as a column name ("name_vi")
        return isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (" " in node.value.strip() or not node.value.isascii())
        )

    def on_language(test: ast.AST) -> bool:
        return (isinstance(test, ast.Name) and test.id == "vi") or any(
            isinstance(n, ast.Constant) and n.value in ("vi", "en") for n in ast.walk(test)
        )

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if keys == {"vi", "en"} and any(is_text(v) for v in node.values):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.IfExp)
            and on_language(node.test)
            and (is_text(node.body) or is_text(node.orelse))
        ):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_wording_bypasses_the_catalogue(path: Path) -> None:
    if path in FORMATTING:
        return
    lines = _bypasses(ast.parse(path.read_text(encoding="utf-8")))
    assert not lines, (
        f"{path.relative_to(SRC)}: text in both languages outside trends.messages at lines {lines}"
    )


def test_the_bypass_check_catches_inline_wording() -> None:
    planted = 'title = {"vi": f"Năm {y}", "en": f"Year {y}"}\nword = "giảm" if lang == "vi" else "fell"\n'
    assert _bypasses(ast.parse(planted)) == [1, 2]


def test_t_fills_fields_and_refuses_unknown_keys_and_languages() -> None:
    assert (
        t("brief.total", "vi", total="1.234", span="2024") == "Tội phạm được ghi nhận: 1.234 vụ trong 2024."
    )
    assert each_lang("period.months") == {"vi": "tháng", "en": "months"}
    with pytest.raises(KeyError, match="no message"):
        t("brief.nothing", "en")
    with pytest.raises(ValueError, match="lang"):
        t("brief.total", "fr", total=1, span="")
