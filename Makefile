# geoapp: `make run` serves the sample on the embedded store; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
# Debian's Python: its sqlite3 can load SpatiaLite (a pyenv build often cannot).
SYSTEM_PYTHON ?= /usr/bin/python3
RUN_PACKAGES := libsqlite3-mod-spatialite python3-venv
TEST_PACKAGES := $(RUN_PACKAGES) postgresql-15-postgis-3 gdal-bin chromium redis-server
BENCH_PACKAGES := $(TEST_PACKAGES) wrk nginx
LOCK := requirements.lock
LOCK_VENV := build/lock-venv
STORE := instance/geoapp.sqlite
SAMPLE := data/programmes.csv data/regions.gpkg data/places.csv.gz data/partnerships.csv \
	data/activities.csv data/region_statuses.csv.gz

.PHONY: help run test bench lint venv lock deps-run deps-test deps-bench sample-data store clean

help: ## List the targets with one line each
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# Without GEOAPP_SECRET_KEY, a random key for this run only: sign-ins end when it stops.
run: deps-run venv $(STORE) ## Serve the app with the sample data at http://127.0.0.1:5000 (port: GEOAPP_PORT)
	@if [ -z "$$GEOAPP_SECRET_KEY" ]; then \
		echo "GEOAPP_SECRET_KEY is unset: a random key for this run (sign-ins end when it stops)"; fi
	GEOAPP_SECRET_KEY="$${GEOAPP_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_hex(32))')}" \
		$(VENV)/bin/geoapp serve

test: deps-test venv lint ## Set everything up and run the whole suite, PostGIS and browsers included
	$(PY) -m pytest tests

bench: deps-bench venv ## Benchmarks: figures and ratios against baselines measured in the same run
	@set -e; for bench in bench/bench_*.py; do \
		echo "== $$bench"; $(PY) -m bench.$$(basename $$bench .py); done

lint: venv ## Check the code with ruff
	$(VENV)/bin/ruff check geoapp tests bench tools

sample-data: venv ## Rebuild data/ from the public sources in data/sources/
	$(VENV)/bin/geoapp build-sample

store: $(STORE) ## Build the embedded store from data/ (done by `make run` on first use)

$(STORE): $(SAMPLE) | venv
	@mkdir -p instance
	rm -f $@.tmp*
	GEOAPP_DATABASE_URL=sqlite:///$(CURDIR)/$@.tmp $(VENV)/bin/geoapp init-db --sample
	mv $@.tmp $@
	rm -f $@.tmp*

venv: $(VENV)/.installed ## Make .venv from a Python that can load SpatiaLite

# Exactly the locked versions, every file checked against its hash; a changed lock gives a
# fresh venv, so that nothing the lock dropped stays behind.
$(VENV)/.installed: $(LOCK) pyproject.toml
	@$(SYSTEM_PYTHON) -c "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" \
		|| { echo "$(SYSTEM_PYTHON) cannot load SQLite extensions; set SYSTEM_PYTHON=..."; exit 1; }
	$(SYSTEM_PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Resolved for the Python that runs it (Debian's 3.11 on Linux x86_64); the pins already in the
# lock stay where the ranges allow. LOCK_ARGS=--upgrade moves every pin, LOCK_ARGS="-P flask" one.
lock: ## Regenerate requirements.lock (pins and hashes) from pyproject.toml's ranges
	$(SYSTEM_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet 'pip-tools>=7.4,<8'
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes \
		--allow-unsafe --all-build-deps --strip-extras --no-emit-index-url --no-emit-find-links \
		--extra test --extra notebooks $(LOCK_ARGS) -o $(LOCK) pyproject.toml

deps-run: ## Install the OS packages `make run` needs (as root), or say how
	@./tools/os-packages.sh $(RUN_PACKAGES)

deps-test: ## Install the OS packages `make test` needs (as root), or say how
	@./tools/os-packages.sh $(TEST_PACKAGES)

deps-bench: ## Install the OS packages `make bench` needs (as root), or say how
	@./tools/os-packages.sh $(BENCH_PACKAGES)

clean: ## Remove the venv, the embedded store and test artifacts
	rm -rf $(VENV) $(LOCK_VENV) instance test-artifacts bench-results
