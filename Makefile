# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint unit bench install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# editable_mode=compat: a .pth path entry, not an import hook that costs every start-up
EDITABLE := --config-settings editable_mode=compat

install: $(BIN)/python
	$(BIN)/pip install --quiet $(EDITABLE) -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet $(EDITABLE) -e ".[test]"

demo: install
	$(BIN)/timeline demo

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: install-test
	$(BIN)/pytest

test: lint unit

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
