# geoapp: `make run` serves the sample on the embedded store; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
# Debian's Python: its sqlite3 can load SpatiaLite (a pyenv build often cannot).
SYSTEM_PYTHON ?= /usr/bin/python3
RUN_PACKAGES := libsqlite3-mod-spatialite python3-venv
TEST_PACKAGES := $(RUN_PACKAGES) postgresql-15-postgis-3 gdal-bin chromium
STORE := instance/geoapp.sqlite
SAMPLE := data/programmes.csv data/regions.gpkg data/places.csv.gz data/partnerships.csv

.PHONY: help run test bench lint venv deps-run deps-test sample-data store clean

help: ## List the targets with one line each
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

run: deps-run venv $(STORE) ## Serve the app with the sample data at http://127.0.0.1:5000 (port: GEOAPP_PORT)
	$(VENV)/bin/geoapp serve

test: deps-test venv lint ## Set everything up and run the whole suite, PostGIS and browsers included
	$(PY) -m pytest tests

bench: deps-test venv ## Benchmarks: figures and ratios against baselines measured in the same run
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

venv: $(VENV)/.installed ## Make .venv from a Python that can load SpatiaLite

$(VENV)/.installed: pyproject.toml
	@$(SYSTEM_PYTHON) -c "import sqlite3; sqlite3.connect(':memory:').enable_load_extension(True)" \
		|| { echo "$(SYSTEM_PYTHON) cannot load SQLite extensions; set SYSTEM_PYTHON=..."; exit 1; }
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,notebooks]'
	touch $@

deps-run: ## Install the OS packages `make run` needs (as root), or say how
	@./tools/os-packages.sh $(RUN_PACKAGES)

deps-test: ## Install the OS packages `make test` needs (as root), or say how
	@./tools/os-packages.sh $(TEST_PACKAGES)

clean: ## Remove the venv, the embedded store and test artifacts
	rm -rf $(VENV) instance test-artifacts bench-results
