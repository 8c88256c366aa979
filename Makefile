# Set-up and checks from nothing: `make demo` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench bench-all clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/crisisdesk demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

# Every benchmark of benchmarks/README.md (tens of minutes; PostgreSQL figures need
# CRISISDESK_TEST_POSTGRES, see .ci/setup-postgres.sh).
bench-all: bench
	$(BIN)/python benchmarks/bench_components.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_reconcile.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_api.py

clean:
	rm -rf $(VENV) crisisdesk-demo.db
