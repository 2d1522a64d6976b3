"""Packaging: environment.yml stays in step with pyproject.toml; the console script and package data exist."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _norm(spec: str) -> str:
    # pip extras ("dask[distributed]") have no conda spelling; conda-forge's package carries them.
    return re.sub(r"\[.*?\]", "", re.sub(r"\s+", "", spec)).lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_specs() -> set[str]:
    specs = set()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s{2}- ([A-Za-z0-9_.\-]+[<>=!~][^#\s]*|[A-Za-z0-9_.\-]+)\s*(#.*)?$", line)
        if m:
            specs.add(_norm(m.group(1)))
    return specs


def test_environment_yml_matches_pyproject() -> None:
    project = _pyproject()["project"]
    wanted = list(project["dependencies"])
    for extra in ("notebooks", "test", "docs"):
        wanted += project["optional-dependencies"][extra]
    conda = _conda_specs()
    missing = sorted({_norm(s) for s in wanted} - conda)
    assert not missing, f"environment.yml lacks (or pins differently) {missing}"
    assert _norm(f"python{project['requires-python']}") in conda
    extra_in_conda = sorted(
        conda - {_norm(s) for s in wanted} - {"pip", _norm(f"python{project['requires-python']}")}
    )
    assert not extra_in_conda, (
        f"environment.yml has packages pyproject.toml does not declare: {extra_in_conda}"
    )


def test_console_script_declared() -> None:
    assert _pyproject()["project"]["scripts"]["trends"] == "trends.cli:main"


def test_bundled_files_are_package_data() -> None:
    names = {p.name for p in (files("trends.datasets") / "data").iterdir()}
    names |= {p.name for p in (files("trends.geo") / "data").iterdir()}
    for expected in ("hanoi_districts.csv", "hanoi_crimes.csv.gz", "hanoi_rollout.csv", "mpdta.csv"):
        assert expected in names


def test_ci_calls_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make report" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_reference_every_public_module() -> None:
    # `make docs` builds an API page per public module; a module left out of the site is a module undocumented
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^strict: true$", config, re.M), "the docs build treats warnings as errors"
    assert "docstring_style: numpy" in config
    for module in ("io", "panel", "geo", "forecast", "impact", "results", "charts", "report", "study", "datasets",
                   "simulate"):  # fmt: skip
        page = ROOT / "docs" / "api" / f"{module}.md"
        assert f"::: trends.{module}\n" in page.read_text(encoding="utf-8"), page
        assert f"api/{module}.md" in config, f"{page} is not in the site's nav"
    assert "make docs" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
