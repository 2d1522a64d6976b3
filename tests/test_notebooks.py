"""Every notebook of the suite runs top to bottom on the bundled data; outputs are stripped in git.

A failing cell fails the suite. Notebooks are executed in their own folder with the venv's Python kernel.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_suite_exists() -> None:
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stripped_and_parameterised(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip the outputs"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    if any("load_study(" in "".join(c["source"]) for c in code):
        # an analyst's own file must be runnable from the parameters alone: its name, whether absent rows are
        # zeros, and the language of the charts
        params = "".join(tagged[0]["source"])
        for name in ("NAME", "COMPLETE", "LANG"):
            assert f"\n{name} = " in "\n" + params, f"parameters cell lacks {name}"
    assert nb["cells"][0]["cell_type"] == "markdown" and "Question" in "".join(nb["cells"][0]["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    images = sum(
        "image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert images >= 1, "each notebook shows at least one chart"
