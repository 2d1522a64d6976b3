"""The package's layers point one way, the import graph has no cycle, and estimators load no plotting code.

Layers, in the order data flow (``DESIGN``: contract -> panel -> forecast / impact -> charts -> report): a
module may import at module level only from its own layer or from layers to its left. Function-level imports
(a result's ``plot()`` reaching :mod:`trends.charts`) are allowed; they run only when called.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "trends"

#: Module prefix -> layer rank; the longest matching prefix decides.
LAYERS: dict[str, int] = {
    "trends": 0,  # the package's __init__: version and the error type only
    "trends._text": 0,
    "trends._legacy": 0,
    "trends.messages": 0,
    "trends._api": 0,
    "trends.schema": 0,
    "trends.privacy": 0,
    "trends.results": 0,
    "trends.geo": 1,
    "trends.rawfile": 2,
    "trends._cells": 2,
    "trends.io": 2,
    "trends.panel": 3,
    "trends.simulate": 4,
    "trends.datasets": 4,
    "trends.study": 5,
    "trends.explore": 6,
    "trends.forecast": 6,
    "trends.impact": 6,
    "trends.charts": 7,
    "trends.report": 8,
    "trends.cli": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _rank(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in tests/test_layers.py")
    return LAYERS[best]


def _module_level_imports(path: Path) -> set[str]:
    """Modules of ``trends`` imported when ``path`` is imported (not inside functions or TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "trends")
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base])
                    base = base.rstrip(".")
                if base.split(".")[0] == "trends":
                    found.add(base)
                    # `from trends.x import y` may import the submodule trends.x.y
                    found.update(
                        f"{base}.{a.name}"
                        for a in node.names
                        if (SRC.parent / f"{base}.{a.name}".replace(".", "/")).with_suffix(".py").exists()
                    )
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "TYPE_CHECKING" not in test:
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return found


GRAPH = {_module_name(p): _module_level_imports(p) for p in sorted(SRC.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down_the_layers(module: str) -> None:
    backward = sorted(m for m in GRAPH[module] if _rank(m) > _rank(module))
    assert not backward, (
        f"{module} (layer {_rank(module)}) imports from later layers at module level: {backward}"
    )


def test_no_import_cycle() -> None:
    known = set(GRAPH)
    edges = {m: {d for d in deps if d in known and d != m} for m, deps in GRAPH.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            # a package's __init__ importing its own submodules is how packages work, not a cycle
            if nxt.startswith(node + "."):
                continue
            if state.get(nxt) == 1 and not node.startswith(nxt + "."):
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            walk(module)


@pytest.mark.parametrize(
    "package", ["trends.impact", "trends.forecast", "trends.io", "trends.panel", "trends.geo"]
)
def test_analysis_and_data_layers_load_no_plotting_code(package: str) -> None:
    code = f"import sys, {package}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"importing {package} loads {out.strip()}"
