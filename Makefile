# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test check lint unit bench install install-test browser clean

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

# The browser tests' needs: Debian's chromium (Playwright drives it; it cannot download
# its own) and TimelineJS from the npm registry, each installed only when missing.
CHROMIUM := /usr/bin/chromium
TIMELINEJS := tests/browser/node_modules/@knight-lab/timelinejs/dist/js/timeline.js

browser: $(CHROMIUM) $(TIMELINEJS)

$(CHROMIUM):
	apt-get update && apt-get install -y chromium

$(TIMELINEJS): tests/browser/package.json tests/browser/package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

# one worker a core (pytest-xdist): the end-to-end tests spend their time starting
# `timeline` processes, which run side by side
unit: install-test browser
	$(BIN)/pytest -n auto --dist worksteal

test: lint unit

# The quick loop: lint, types and every test that needs neither PostgreSQL nor a browser
# nor a spawned process (`-m postgres`, `-m browser`, `-m e2e`, `-m slow` pick those)
QUICK := not postgres and not browser and not e2e and not slow

check: lint
	$(BIN)/pytest -n auto --dist worksteal -m "$(QUICK)"

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
