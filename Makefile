# The two commands of the README: `make build` and `make test`.
# Both create the virtual environment if missing and, when RAW_DATA_DIR is not
# set, generate the demo dataset first.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

# Paths may hold spaces, quotes, semicolons and brackets: they are passed to
# recipes through the environment ("$$RAW_DATA_DIR"), never split by make
# (no $(abspath ...), no path as a make target; a relative RAW_DATA_DIR is
# read against the project folder by the scripts and dbt).
DEMO_DIR := build/demo_data
DEMO_SEED ?= 42
# Native sources (docs/native-sources.md): CRM_SOURCE=hubspot|salesforce reads
# the CRM as that CRM's native tables (var crm_source), WEB_SOURCE=segment the
# page views, forms and identifies as Segment lands them (var web_source),
# AD_PLATFORMS="google_ads linkedin_ads meta_ads" (or a part of it) those ad
# platforms as Fivetran lands them (var ad_platforms). Without RAW_DATA_DIR,
# the demo company is generated in every native shape too
# (build/demo_native/). Such a build has its own working and published files
# (build/<setup>/, build/published/<setup>/, <setup> naming the native parts,
# e.g. hubspot-segment-ads), so that the publish audit never compares a
# switch of source with the files build's publication.
CRM_SOURCE ?= files
WEB_SOURCE ?= files
AD_PLATFORMS ?=
NATIVE_DIR := build/demo_native
ifeq ($(filter $(CRM_SOURCE),files hubspot salesforce),)
$(error CRM_SOURCE must be files, hubspot or salesforce, not '$(CRM_SOURCE)')
endif
ifeq ($(filter $(WEB_SOURCE),files segment),)
$(error WEB_SOURCE must be files or segment, not '$(WEB_SOURCE)')
endif
ifneq ($(filter-out google_ads linkedin_ads meta_ads,$(AD_PLATFORMS)),)
$(error AD_PLATFORMS may list google_ads, linkedin_ads and meta_ads, not '$(filter-out google_ads linkedin_ads meta_ads,$(AD_PLATFORMS))')
endif
comma := ,
empty :=
space := $(empty) $(empty)
SETUP := $(subst $(space),-,$(strip $(filter-out files,$(CRM_SOURCE) $(WEB_SOURCE)) $(if $(strip $(AD_PLATFORMS)),ads)))
ifeq ($(strip $(RAW_DATA_DIR)),)
ifeq ($(SETUP),)
RAW_DATA_DIR := $(CURDIR)/$(DEMO_DIR)
NEEDS_DEMO := $(DEMO_DIR)/.complete
else
# with native ad platforms, the ad files hold only the other platforms' rows
RAW_DATA_DIR := $(CURDIR)/$(NATIVE_DIR)$(if $(strip $(AD_PLATFORMS)),/files_beside_native_ads)
NEEDS_DEMO := $(NATIVE_DIR)/.complete
export HUBSPOT_DATA_DIR ?= $(CURDIR)/$(NATIVE_DIR)/hubspot
export SALESFORCE_DATA_DIR ?= $(CURDIR)/$(NATIVE_DIR)/salesforce
export SEGMENT_DATA_DIR ?= $(CURDIR)/$(NATIVE_DIR)/segment
export GOOGLE_ADS_DATA_DIR ?= $(CURDIR)/$(NATIVE_DIR)/google_ads
export LINKEDIN_ADS_DATA_DIR ?= $(CURDIR)/$(NATIVE_DIR)/linkedin_ads
export META_ADS_DATA_DIR ?= $(CURDIR)/$(NATIVE_DIR)/meta_ads
endif
endif
export RAW_DATA_DIR
ifeq ($(SETUP),)
export DBT_DUCKDB_PATH ?= $(CURDIR)/build/revenue.duckdb
CRM_ARGS :=
else
export DBT_DUCKDB_PATH ?= $(CURDIR)/build/$(SETUP)/revenue.duckdb
export PUBLISHED_DUCKDB_PATH ?= $(CURDIR)/build/published/$(SETUP)/revenue_analytics.duckdb
# unit tests are written against the files' source (docs/native-sources.md)
CRM_ARGS := --vars '{crm_source: $(CRM_SOURCE), web_source: $(WEB_SOURCE), ad_platforms: [$(subst $(space),$(comma) ,$(strip $(AD_PLATFORMS)))]}' \
	--exclude-resource-type unit_test
endif
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# EMAIL_HASH_KEY is not exported by make: unset means the public demo key
# (with a warning), set but blank is an error (plugins/email_hash_udf.py).

DBT := $(BIN)/dbt

.PHONY: help setup demo-data build test lint dbt-build pytest clean publish freshness bench

help:
	@echo "make build   set up, generate demo data (unless RAW_DATA_DIR is set), dbt build"
	@echo "make test    set up, sqlfluff lint, dbt build (data + unit tests), conventions, docs check, pytest"
	@echo "make test-long  the long end-to-end tests (incremental days, determinism, killed builds, old clients)"
	@echo "make publish copy the marts of the last passing build to the file BI reads (build/published/revenue_analytics.duckdb)"
	@echo "make freshness  report how recent each raw table is (dbt source freshness)"
	@echo "make build CRM_SOURCE=hubspot|salesforce WEB_SOURCE=segment AD_PLATFORMS='google_ads linkedin_ads meta_ads'"
	@echo "             the same, demo data read as those systems' native tables (any of the three settings)"
	@echo "make demo-native  make build for each native CRM (NATIVE_CRMS), then Segment and the ad platforms"
	@echo "make spark-setup  add the Spark adapter (pyspark, needs Java 17+) to the venv"
	@echo "make test-spark   build SPARK_SELECT on Spark and on DuckDB from the same files and compare them"
	@echo "make docs    dbt docs site in build/docs/ (static_index.html: one file), then the docs completeness check"
	@echo "make report  the HTML report build/report/revenue_report.html from the marts"
	@echo "make check-pages  open the docs page and the report in headless Chromium: no console error, they render"
	@echo "make conventions  dbt-score conventions on the manifest; make docs-check: every description present"

$(STAMP): requirements.txt constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --quiet -r requirements.txt -c constraints.txt
	@touch $@

setup: $(STAMP)

DEMO_SCRIPTS := scripts/generate_demo_data.py scripts/demo_bant.py scripts/demo_email.py scripts/demo_email_render.py

$(DEMO_DIR)/.complete: $(DEMO_SCRIPTS) | $(STAMP)
	$(BIN)/python scripts/generate_demo_data.py --out $(DEMO_DIR) --seed $(DEMO_SEED)
	@touch $@

$(NATIVE_DIR)/.complete: $(DEMO_SCRIPTS) scripts/native_hubspot_demo.py \
		scripts/native_hubspot_forms.py scripts/native_hubspot_email.py scripts/native_salesforce_demo.py scripts/native_segment_demo.py \
		scripts/native_ads_demo.py | $(STAMP)
	$(BIN)/python scripts/generate_demo_data.py --out $(NATIVE_DIR) --seed $(DEMO_SEED) \
		--native hubspot --native salesforce --native segment --native ads
	@touch $@

demo-data: setup $(NEEDS_DEMO)

# The demo company as Fivetran and Segment land it (build/demo_native/<system>/,
# with the contract files beside them), built and published like `make build
# CRM_SOURCE=<crm>` for each CRM of NATIVE_CRMS, then with Segment and the
# three ad platforms beside the first of them (each its own files:
# build/<setup>/revenue.duckdb, build/published/<setup>/), e.g.
# `make demo-native NATIVE_CRMS=salesforce`.
NATIVE_CRMS ?= hubspot salesforce
NATIVE_ENV := env -u RAW_DATA_DIR -u DBT_DUCKDB_PATH -u PUBLISHED_DUCKDB_PATH -u HUBSPOT_DATA_DIR \
	-u SALESFORCE_DATA_DIR -u SEGMENT_DATA_DIR -u GOOGLE_ADS_DATA_DIR -u LINKEDIN_ADS_DATA_DIR -u META_ADS_DATA_DIR
.PHONY: demo-native
demo-native: setup
	@for crm in $(NATIVE_CRMS); do \
	  $(NATIVE_ENV) $(MAKE) --no-print-directory build CRM_SOURCE=$$crm || exit 1; \
	done
	$(NATIVE_ENV) $(MAKE) --no-print-directory build CRM_SOURCE=$(firstword $(NATIVE_CRMS)) WEB_SOURCE=segment \
	  AD_PLATFORMS="google_ads linkedin_ads meta_ads"

# scripts/dbt_run.py streams dbt's output and ends a failure with one readable line.
# DBT_ARGS: more `dbt build` flags, e.g. a scheduled run without unit tests:
#   make build DBT_ARGS='--exclude-resource-type unit_test'
DBT_ARGS ?=
dbt-build: demo-data
	@mkdir -p build
	$(BIN)/python scripts/dbt_run.py build $(CRM_ARGS) $(DBT_ARGS)

# A build that passes every model and test is published for BI (atomic swap);
# a failed one leaves the last published marts in place.
# EXPECT_CHANGE=1: the publish audit accepts headline figures (deals, won
# revenue, spend, touchpoints) that moved more than audit_max_headline_change
# since the last publication of the same inputs (docs/operations.md).
EXPECT_CHANGE ?=
build: demo-data
	@mkdir -p build
	$(BIN)/python scripts/dbt_run.py build --publish $(if $(strip $(EXPECT_CHANGE)),--expect-change) $(CRM_ARGS) $(DBT_ARGS)

publish: setup
	$(BIN)/python scripts/audit.py --publish $(if $(strip $(EXPECT_CHANGE)),--expect-change)

freshness: demo-data
	$(BIN)/python scripts/dbt_run.py source freshness

# Linted against an empty database, so that incremental models render as on
# a first build (is_incremental() false) whatever build exists locally.
lint: setup
	@rm -rf build/lint && mkdir -p build/lint
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models tests analyses
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models/staging/hubspot \
		models/staging/audit --config scripts/sqlfluff_native_hubspot.cfg
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models/staging/salesforce \
		--config scripts/sqlfluff_native_salesforce.cfg
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models/staging/segment \
		--config scripts/sqlfluff_native_segment.cfg
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models/staging/google_ads \
		models/staging/ad_platforms --config scripts/sqlfluff_native_google_ads.cfg
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models/staging/linkedin_ads \
		--config scripts/sqlfluff_native_linkedin_ads.cfg
	DBT_DUCKDB_PATH="$(CURDIR)/build/lint/empty.duckdb" $(BIN)/sqlfluff lint --processes 2 models/staging/meta_ads \
		--config scripts/sqlfluff_native_meta_ads.cfg

# The Python tests run in PYTEST_WORKERS pytest-xdist workers; the long
# end-to-end runs (marked `long`: multi-day incremental equality, thread-count
# determinism, killed and raced builds, old DuckDB and Superset clients in
# throwaway venvs) are `make test-long`, which CI runs after `make test`.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest tests/python -q --durations=10 -n $(PYTEST_WORKERS) --dist loadfile
pytest: demo-data
	$(PYTEST) -m "not long"

test: lint dbt-build conventions docs-check browser pytest check-pages

.PHONY: test-long
test-long: demo-data
	$(PYTEST) -m long

# `make bench SIZE=S|M|L`: generate (or reuse) build/bench/<SIZE>/, time a full
# dbt build, the raw-file floor and an incremental day (scripts/benchmark.py).
SIZE ?= S
bench: setup
	$(BIN)/python scripts/benchmark.py --size $(SIZE)

clean:
	rm -rf target logs build dbt_packages

# ---------------------------------------------------------------- docs, conventions, report
# Conventions (dbt-score, config in pyproject.toml, rules in dbt_score_rules/)
# and the docs completeness check (scripts/check_docs_complete.py) read
# target/manifest.json: re-parsed only when a project file is newer (after
# `dbt build` it is fresh). The docs site goes to build/docs/ rather than
# target/, so that target/run_results.json stays the last build's (publish.py
# reads it). The report reads the published marts only (audited builds).
.PHONY: docs report conventions docs-check check-pages browser
DBT_PROJECT_FILES := dbt_project.yml $(shell find models macros seeds analyses tests docs -type f -not -path 'tests/python/*' 2>/dev/null)
DOCS_DIR := build/docs
REPORT := build/report/revenue_report.html

target/manifest.json: $(DBT_PROJECT_FILES) | $(STAMP)
	$(DBT) parse --quiet --no-partial-parse

conventions: target/manifest.json
	$(BIN)/dbt-score lint --manifest target/manifest.json

docs-check: target/manifest.json
	$(BIN)/python scripts/check_docs_complete.py --target-path target

docs: demo-data
	@test -f "$$DBT_DUCKDB_PATH" || $(MAKE) --no-print-directory dbt-build
	@# a full parse: dbt's partial parsing has been seen to drop the
	@# descriptions of singular tests after a change of a yml file
	$(DBT) docs generate --static --no-partial-parse --target-path $(DOCS_DIR)
	$(BIN)/python scripts/docs_site.py $(DOCS_DIR)/static_index.html
	$(BIN)/python scripts/check_docs_complete.py --target-path $(DOCS_DIR)
	@echo "Docs: $(DOCS_DIR)/static_index.html (one file), or: $(DBT) docs serve --target-path $(DOCS_DIR) --port 8080"

report: setup
	@test -e "$${PUBLISHED_DUCKDB_PATH:-build/published/revenue_analytics.duckdb}" || $(MAKE) --no-print-directory build
	$(BIN)/python scripts/render_report.py --out $(REPORT)

# The docs page and the report opened in headless Chromium
# (scripts/check_pages_in_browser.py): any console error, a page that does not
# render (docs: the overview and fct_deals' page; report: KPI tiles and chart
# titles) or JSON shown as text fails. Each page is (re)built first when
# missing or older than the database or the files it is made from. Without a
# Chromium the check prints `SKIPPED: <why>` and passes, unless
# REQUIRE_BROWSER=1 (CI): then it fails.
CHECK_PAGES := $(BIN)/python scripts/check_pages_in_browser.py
check-pages: setup browser
	@if $(CHECK_PAGES) --which >/dev/null 2>&1; then \
	  page=$(DOCS_DIR)/static_index.html; \
	  if [ ! -f $$page ] || [ "$$DBT_DUCKDB_PATH" -nt $$page ] || [ -n "$$(find dbt_project.yml docs models \
	       macros seeds analyses tests scripts/docs_site.py -newer $$page -type f -not -path 'tests/python/*' \
	       -print -quit)" ]; then $(MAKE) --no-print-directory docs || exit 1; fi; \
	  if [ ! -f $(REPORT) ] || [ "$$DBT_DUCKDB_PATH" -nt $(REPORT) ] || [ -n "$$(find scripts/render_report.py \
	       $$(test -d scripts/report && echo scripts/report) -newer $(REPORT) -type f -print -quit)" ]; then \
	    $(MAKE) --no-print-directory report || exit 1; fi; \
	fi
	@rc=0; $(CHECK_PAGES) --docs $(DOCS_DIR)/static_index.html --report $(REPORT) || rc=$$?; \
	if [ $$rc -eq 3 ]; then rc=0; fi; exit $$rc

# Chromium for check-pages, when missing: installed with apt-get when run as
# root where apt-get exists (a failure is reported, not fatal: the check then
# says SKIPPED and why); elsewhere install it yourself (Debian: chromium).
browser: setup
	@if ! $(CHECK_PAGES) --which >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser check (apt-get install chromium, log: build/chromium-install.log)"; \
	    mkdir -p build; export DEBIAN_FRONTEND=noninteractive; \
	    { apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }; } \
	      >build/chromium-install.log 2>&1 \
	    || echo "WARNING: apt-get could not install chromium (build/chromium-install.log): the browser check will be skipped"; \
	  else \
	    echo "No Chromium, and not root with apt-get to install it: the browser check will be skipped"; \
	  fi; \
	fi

# ---------------------------------------------------------------- Spark
# The same project on Apache Spark (dbt-spark, `session` method: an in-process
# local Spark, loopback only). The Spark adapter (pyspark ~450 MB) is installed
# into the same venv, on top of requirements.txt, only by these targets, so
# `make build` and `make test` stay as fast as before. Needs Java 17 or 21.
#   make spark-setup   install requirements-spark.txt (checks Java first)
#   make test-spark    build SPARK_SELECT on Spark and on DuckDB from the same
#                      raw files and compare them (scripts/compare_engines.py)
SPARK_STAMP := $(VENV)/.spark-requirements-installed
export SPARK_BUILD_DIR ?= $(CURDIR)/build/spark
export SPARK_LOCAL_IP ?= 127.0.0.1
# The whole project (every model, seed, data test and unit test), and every
# relation of the staging, seed and mart schemas compared.
SPARK_SELECT ?= revenue_analytics
SPARK_COMPARE_SCHEMAS ?= staging seeds marts
SPARK_DEMO_SCALE ?= 0.1
SPARK_COMPARE_DUCKDB ?= $(CURDIR)/build/compare/revenue.duckdb
SPARK_TARGET_PATH ?= target/spark
SPARK_LOG_PATH ?= logs/spark
# One clock for both builds, so that rows near "now" are judged alike.
SPARK_BUILD_CLOCK := $(shell date -u +'%Y-%m-%d %H:%M:%S')
ifeq ($(strip $(NEEDS_DEMO)),)
export SPARK_RAW_DATA_DIR := $(RAW_DATA_DIR)
SPARK_NEEDS_DEMO :=
else
export SPARK_RAW_DATA_DIR := $(CURDIR)/build/demo_data_spark
SPARK_NEEDS_DEMO := build/demo_data_spark/.complete
endif
export SPARK_COMPARE_DUCKDB

.PHONY: spark-setup check-java test-spark spark-build spark-compare spark-clean

check-java:
	@bash scripts/check_java.sh

$(SPARK_STAMP): requirements-spark.txt requirements.txt constraints.txt | $(STAMP)
	@bash scripts/check_java.sh
	$(BIN)/python -m pip install --quiet --quiet -r requirements.txt -c constraints.txt -r requirements-spark.txt
	@touch $@

spark-setup: $(SPARK_STAMP)

build/demo_data_spark/.complete: $(DEMO_SCRIPTS) scripts/native_hubspot_demo.py scripts/native_hubspot_forms.py \
		scripts/native_hubspot_email.py \
		scripts/native_segment_demo.py scripts/native_ads_demo.py | $(STAMP)
	$(BIN)/python scripts/generate_demo_data.py --out build/demo_data_spark \
		--seed $(DEMO_SEED) --scale $(SPARK_DEMO_SCALE) --native hubspot --native segment --native ads
	@touch $@

spark-build: spark-setup check-java $(SPARK_NEEDS_DEMO)
	@start=$$(date +%s); \
	RAW_DATA_DIR="$$SPARK_RAW_DATA_DIR" $(BIN)/python scripts/spark_dbt.py build \
		--select $(SPARK_SELECT) --indirect-selection cautious \
		--vars '{build_clock: "$(SPARK_BUILD_CLOCK)"}' \
		--target-path $(SPARK_TARGET_PATH) --log-path $(SPARK_LOG_PATH) \
	&& echo "Spark build: $$(( $$(date +%s) - start )) s wall (JVM start included)"

spark-compare: spark-setup $(SPARK_NEEDS_DEMO)
	@mkdir -p "$$(dirname "$$SPARK_COMPARE_DUCKDB")"
	rm -f "$$SPARK_COMPARE_DUCKDB"
	@start=$$(date +%s); \
	RAW_DATA_DIR="$$SPARK_RAW_DATA_DIR" DBT_DUCKDB_PATH="$$SPARK_COMPARE_DUCKDB" DBT_TARGET=duckdb \
		$(DBT) build --select $(SPARK_SELECT) --indirect-selection cautious \
		--vars '{build_clock: "$(SPARK_BUILD_CLOCK)"}' \
		--target-path $(SPARK_TARGET_PATH)-duckdb --log-path $(SPARK_LOG_PATH)-duckdb \
	&& echo "DuckDB build of the same files: $$(( $$(date +%s) - start )) s wall"
	$(BIN)/python scripts/compare_engines.py --text --duckdb "$$SPARK_COMPARE_DUCKDB" \
		--manifest $(SPARK_TARGET_PATH)/manifest.json $(foreach s,$(SPARK_COMPARE_SCHEMAS),--schema $(s))

# Both builds start empty (the DuckDB file is removed by spark-compare), so
# that the Spark run is a full build like the DuckDB one, not an incremental
# run on top of an earlier warehouse.
spark-clean:
	rm -rf "$$SPARK_BUILD_DIR"

# The native adapters on both engines (HubSpot, Segment, the three ad
# platforms), from the demo's native tables (the generated demo only): each
# adapter's rows compared. Its own Spark warehouse and DuckDB file.
SPARK_NATIVE_VARS := {crm_source: hubspot, web_source: segment, ad_platforms: [google_ads, linkedin_ads, meta_ads], build_clock: "$(SPARK_BUILD_CLOCK)"}
SPARK_NATIVE_SELECT := resource_type:seed staging.hubspot staging.segment staging.ad_platforms staging.google_ads staging.linkedin_ads \
	staging.meta_ads stg_audit__native_row_counts stg_audit__native_data_gaps
SPARK_NATIVE_DUCKDB := $(CURDIR)/build/compare/native.duckdb
SPARK_NATIVE_ENV := SPARK_BUILD_DIR="$(CURDIR)/build/spark_native" \
	RAW_DATA_DIR="$$SPARK_RAW_DATA_DIR/files_beside_native_ads" HUBSPOT_DATA_DIR="$$SPARK_RAW_DATA_DIR/hubspot" \
	SEGMENT_DATA_DIR="$$SPARK_RAW_DATA_DIR/segment" GOOGLE_ADS_DATA_DIR="$$SPARK_RAW_DATA_DIR/google_ads" \
	LINKEDIN_ADS_DATA_DIR="$$SPARK_RAW_DATA_DIR/linkedin_ads" META_ADS_DATA_DIR="$$SPARK_RAW_DATA_DIR/meta_ads"
.PHONY: spark-native
spark-native: spark-setup check-java $(SPARK_NEEDS_DEMO)
ifneq ($(strip $(SPARK_NEEDS_DEMO)),)
	rm -rf build/spark_native "$(SPARK_NATIVE_DUCKDB)"
	@mkdir -p build/compare
	$(SPARK_NATIVE_ENV) $(BIN)/python scripts/spark_dbt.py build --select $(SPARK_NATIVE_SELECT) \
		--indirect-selection cautious --vars '$(SPARK_NATIVE_VARS)' --exclude-resource-type unit_test \
		--target-path $(SPARK_TARGET_PATH)-native --log-path $(SPARK_LOG_PATH)-native
	$(SPARK_NATIVE_ENV) DBT_DUCKDB_PATH="$(SPARK_NATIVE_DUCKDB)" DBT_TARGET=duckdb \
		$(DBT) build --select $(SPARK_NATIVE_SELECT) --indirect-selection cautious --vars '$(SPARK_NATIVE_VARS)' \
		--exclude-resource-type unit_test \
		--target-path $(SPARK_TARGET_PATH)-native-duckdb --log-path $(SPARK_LOG_PATH)-native-duckdb
	$(SPARK_NATIVE_ENV) $(BIN)/python scripts/compare_engines.py --text --duckdb "$(SPARK_NATIVE_DUCKDB)" \
		--manifest $(SPARK_TARGET_PATH)-native/manifest.json --schema staging
else
	@echo "spark-native: skipped (RAW_DATA_DIR is set: the native tables are the generated demo's)"
endif

test-spark: spark-clean spark-build spark-compare spark-native
