"""The Python examples of the README and the guides run as written, from the repository's root.

A reader copies them first; an example that no longer runs (a renamed argument, a file that does not ship) is
a broken promise that no other test would see. Each page's blocks run in order in one namespace, as a reader
pastes them into one notebook.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "README.md",
    "docs/data.md",
    "docs/forecasting.md",
    "docs/impact.md",
    "data/examples/README.md",
    "data/bundled/README.md",
]


def _blocks(page: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / page).read_text(encoding="utf-8"), re.S)


def test_every_page_with_python_examples_is_run() -> None:
    found = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("data/**/*.md")]
    pages = {str(p.relative_to(ROOT)) for p in found}
    assert {p for p in pages if _blocks(p)} == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_examples_run(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the examples name files relative to the repository's root ("data/examples/crimes.csv"), as the guides
    # say; they run in a scratch folder that sees the repository's data, so what they write stays out of it
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    try:
        for i, block in enumerate(_blocks(page)):
            exec(compile(block, f"{page} (python block {i + 1})", "exec"), namespace)
    finally:
        plt.close("all")
    capsys.readouterr()
