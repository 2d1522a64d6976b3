"""The public API is typed: every function and public method named in a module's ``__all__`` annotates each
parameter and its return. (`make lint` runs mypy on the package; this checks what mypy's default mode does not:
that public signatures are annotated at all.)"""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "trends",
    "trends.io",
    "trends.schema",
    "trends.panel",
    "trends.geo",
    "trends.privacy",
    "trends.results",
    "trends.study",
    "trends.explore",
    "trends.datasets",
    "trends.simulate",
    "trends.forecast",
    "trends.forecast.metrics",
    "trends.impact",
    "trends.charts",
    "trends.report",
    "trends.cli",
]


def _unannotated(func: object, name: str) -> list[str]:
    try:
        sig = inspect.signature(func)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # a builtin without a signature
        return []
    missing = [
        f"{name}({p.name})"
        for p in sig.parameters.values()
        if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    if sig.return_annotation is inspect.Signature.empty and not name.endswith("__init__"):
        missing.append(f"{name} -> ?")
    return missing


def _public_callables(module_name: str) -> list[tuple[str, object]]:
    module = importlib.import_module(module_name)
    found: list[tuple[str, object]] = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            found.append((f"{module_name}.{name}", obj))
        elif inspect.isclass(obj) and obj.__module__.startswith("trends"):
            for attr, member in vars(obj).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(member, staticmethod | classmethod):
                    member = member.__func__
                if inspect.isfunction(member) and member.__module__.startswith("trends"):
                    found.append((f"{module_name}.{name}.{attr}", member))
                elif isinstance(member, property) and member.fget is not None:
                    found.append((f"{module_name}.{name}.{attr}", member.fget))
    return found


@pytest.mark.parametrize("module_name", MODULES)
def test_public_api_is_annotated(module_name: str) -> None:
    callables = _public_callables(module_name)
    missing = [m for name, func in callables for m in _unannotated(func, name)]
    assert not missing, f"{len(missing)} unannotated: {missing[:40]}"


def test_the_check_sees_the_api() -> None:
    # the public API is large: a check that found nothing to check would pass vacuously
    assert len(_public_callables("trends.impact")) > 40
    assert any(name == "trends.forecast.forecast" for name, _ in _public_callables("trends.forecast"))
