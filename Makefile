# journey-warehouse: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
EVENTS ?= 200000
SEED ?= 42
FAULT_RATE ?= 0.002

export JW_DUCKDB_PATH ?= $(CURDIR)/data/warehouse.duckdb
export JW_LANDING_DIR ?= $(CURDIR)/data/landing
export JW_PUBLISH_DIR ?= $(CURDIR)/data/published
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export SEND_ANONYMOUS_USAGE_STATS := no
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false

.PHONY: help setup manifest run test test-fast lint format generate bench docs dev gx-context clean lock \
	reports-install serve-reports browser spark java test-spark

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	touch $@

# reports/patches/*.patch: small fixes to the pinned Evidence packages (reports/README.md says why)
reports/node_modules/.installed: reports/package-lock.json $(wildcard reports/patches/*.patch)
	cd reports && npm ci --no-audit --no-fund
	for patch in reports/patches/*.patch; do patch -s -p1 -d reports/node_modules < $$patch; done
	touch $@

# the scripts, styles and fonts of the Great Expectations Data Docs, served from the site offline
expectations/data_docs_assets/node_modules/.installed: expectations/data_docs_assets/package-lock.json
	cd expectations/data_docs_assets && npm ci --no-audit --no-fund
	touch $@

reports-install: reports/node_modules/.installed ## install the Evidence app (exact pins from reports/package-lock.json)

setup: $(VENV)/.installed reports/node_modules/.installed expectations/data_docs_assets/node_modules/.installed ## install Python, report and Data Docs dependencies
	@mkdir -p $(DAGSTER_HOME) data

target/manifest.json: $(VENV)/.installed dbt_project.yml $(shell find models macros seeds tests/generic -type f)
	$(BIN)/dbt parse --quiet

manifest: target/manifest.json ## compile the dbt manifest Dagster loads

generate: setup ## generate the demo landing files (EVENTS=200000 SEED=42 FAULT_RATE=0.002)
	$(BIN)/journey-warehouse generate --events $(EVENTS) --seed $(SEED) --fault-rate $(FAULT_RATE) --out $(JW_LANDING_DIR)

run: setup manifest ## set up, generate demo data and run the whole nightly pipeline through Dagster
	@test -n "$$(ls -A $(JW_LANDING_DIR) 2>/dev/null)" || $(MAKE) --no-print-directory generate
	$(BIN)/journey-warehouse run

dev: setup manifest ## open the Dagster UI (whole graph, schedule, sensor) on http://localhost:3000
	$(BIN)/dagster dev -m orchestration.definitions

docs: setup manifest ## generate dbt docs and serve them (:8080) with the Great Expectations Data Docs (:8081, offline too), on localhost only
	$(BIN)/dbt docs generate --quiet
	@test -d expectations/uncommitted/data_docs/local_site || echo "no Data Docs yet: run make run first"
	@echo "dbt docs: http://localhost:8080   Great Expectations Data Docs: http://localhost:8081"
	$(PY) -m http.server 8081 --bind 127.0.0.1 --directory expectations/uncommitted/data_docs/local_site & \
		$(BIN)/dbt docs serve --host 127.0.0.1 --port 8080 --no-browser

serve-reports: ## serve the built report site on http://localhost:4173
	$(PY) -m journey_warehouse.serve --port 4173

gx-context: setup ## rewrite the Great Expectations file context from journey_warehouse/quality/suites.py
	$(PY) -c "from journey_warehouse.quality.suites import build_context; build_context('expectations')"

lint: setup manifest ## ruff + sqlfluff (dbt templater)
	$(BIN)/ruff check journey_warehouse orchestration tools tests models
	$(BIN)/ruff format --check journey_warehouse orchestration tools tests models
	$(BIN)/pytest -q -p no:cacheprovider tests/python/test_conventions.py
	@# a throwaway database: lint never touches the warehouse and always renders full builds
	JW_DUCKDB_PATH=$$(mktemp -d)/lint.duckdb $(BIN)/sqlfluff lint models --processes 2

format: setup ## auto-format Python and SQL
	$(BIN)/ruff format journey_warehouse orchestration tools tests models
	$(BIN)/ruff check --fix journey_warehouse orchestration tools tests models
	$(BIN)/sqlfluff fix models

browser: ## install Debian's Chromium for the report tests, if it is missing
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: setup lint browser ## set up and run the whole test suite (the CI gate)
	$(BIN)/pytest

# Apache Spark is optional (not in `make setup`, to keep CI time): dbt-spark + pyspark on demand
$(VENV)/.spark-installed: $(VENV)/.installed pyproject.toml constraints.txt
	$(PY) -m pip install -q -c constraints.txt -e ".[dev,spark]"
	touch $@

java: ## install Debian's Java 17 runtime for Spark, if it is missing
	@command -v java >/dev/null || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

spark: $(VENV)/.spark-installed java ## install the Spark extra (dbt-spark[session], pyspark) into the venv

test-spark: spark ## build the project on DuckDB and on Spark (local mode) and compare every mart
	$(BIN)/pytest -q -s --run-spark -m spark tests/python/test_spark.py

test-fast: setup manifest ## no root, a few minutes: ruff, the conventions, the tests that need no pipeline, a small dbt build
	$(BIN)/ruff check journey_warehouse orchestration tools tests models
	$(BIN)/pytest -q -m "not integration"
	@# every dbt unit and data test on 3,000 demo events, in a throwaway folder
	@d=$$(mktemp -d) && export JW_LANDING_DIR=$$d/landing JW_DUCKDB_PATH=$$d/warehouse.duckdb JW_ALLOW_DEMO_KEY=1 && \
	$(BIN)/journey-warehouse generate --events 3000 --seed 7 --out $$d/landing >/dev/null && \
	$(BIN)/journey-warehouse load >/dev/null && $(BIN)/dbt build --quiet && rm -rf $$d && \
	echo "small dbt build: every unit and data test passed"

bench: setup manifest ## benchmark 1M and 10M events (SIZES="1000000 10000000"), writes BENCHMARKS.md
	$(PY) -m tools.bench --sizes $(or $(SIZES),1000000 10000000)

lock: ## re-resolve and pin all dependency versions into constraints.txt
	python3 -m venv /tmp/jw-lock && /tmp/jw-lock/bin/pip install -q -e ".[dev,spark]" && /tmp/jw-lock/bin/pip freeze --exclude-editable > constraints.txt

clean: ## remove generated data, build artefacts and the venv
	rm -rf data/* .dagster/storage .dagster/history target logs $(VENV)
