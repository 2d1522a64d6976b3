"""Shared fixtures: the Hanoi districts table and writers for test files in any encoding and format."""

from __future__ import annotations

import os
import unicodedata
from importlib.resources import files
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

# `trends report` and the notebooks read ./data/raw when given no file; the suite must not pick up an analyst's
# files there, so discovery is off (the kernels and subprocesses started by the tests inherit this). The tests of
# discovery itself (tests/test_data_folder.py) set or unset it explicitly.
os.environ["TRENDS_DATA_DIR"] = ""

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text as Windows-1258 does: precomposed base letters plus combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


@pytest.fixture(scope="session")
def hanoi_districts() -> pd.DataFrame:
    with (files("trends.geo") / "data" / "hanoi_districts.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


@pytest.fixture
def write(tmp_path: Path):
    """write(name, text_or_bytes, encoding="utf-8") -> path of a file in a temporary folder."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            content = to_cp1258(content) if encoding == "cp1258" else content.encode(encoding)
        path.write_bytes(content)
        return path

    return _write
