# Jejaring: two commands on a fresh machine.
#   make run    set up everything (virtual environment, package, database, demo village) and serve
#   make test   run the whole test suite
# Windows: see README.md (the same steps with py -m venv and .venv\Scripts\).

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
# Two workers: the suite's wall time halves on the 2-core machines we target.
PYTEST_WORKERS ?= 2
BIN := $(VENV)/bin

.PHONY: run test install install-dev lint format messages vendor benchmarks clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Jejaring needs Python 3.11 or newer: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

# Stamps make repeated runs instant; they are redone when pyproject.toml or the native
# kernel (setup.py, jejaring/graph/_sweep.c: built when a C compiler is present) changes.
$(VENV)/.run-installed: pyproject.toml setup.py jejaring/graph/_sweep.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml setup.py jejaring/graph/_sweep.c | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed

install-dev: $(VENV)/.dev-installed

run: install
	$(BIN)/jejaring setup
	$(BIN)/jejaring serve --demo --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev
	$(BIN)/python tools/messages.py

vendor:
	$(BIN)/python tools/vendor.py

benchmarks: install-dev
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
