# The two commands of the README: `make build` and `make test`.
# Both create the virtual environment if missing and, when RAW_DATA_DIR is not
# set, generate the demo dataset first.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

DEMO_DIR := $(CURDIR)/build/demo_data
DEMO_SEED ?= 42
ifeq ($(strip $(RAW_DATA_DIR)),)
RAW_DATA_DIR := $(DEMO_DIR)
NEEDS_DEMO := $(DEMO_DIR)/.complete
endif
export RAW_DATA_DIR := $(abspath $(RAW_DATA_DIR))
export DBT_DUCKDB_PATH ?= $(CURDIR)/build/revenue.duckdb
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export EMAIL_HASH_KEY ?=

DBT := $(BIN)/dbt

.PHONY: help setup demo-data build test lint dbt-build pytest clean

help:
	@echo "make build   set up, generate demo data (unless RAW_DATA_DIR is set), dbt build"
	@echo "make test    set up, sqlfluff lint, dbt build (data + unit tests), pytest"

$(STAMP): requirements.txt constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

setup: $(STAMP)

$(DEMO_DIR)/.complete: scripts/generate_demo_data.py | $(STAMP)
	$(BIN)/python scripts/generate_demo_data.py --out $(DEMO_DIR) --seed $(DEMO_SEED)
	@touch $@

demo-data: setup $(NEEDS_DEMO)

dbt-build: demo-data
	@mkdir -p build
	$(DBT) build

build: dbt-build

lint: setup
	$(BIN)/sqlfluff lint --processes 2 models tests analyses

pytest: demo-data
	$(BIN)/python -m pytest tests/python -q

test: lint dbt-build pytest

clean:
	rm -rf target logs build dbt_packages
