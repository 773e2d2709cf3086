"""Paths and keys: a RAW_DATA_DIR, working database and published file whose
paths hold a space, a quote, a semicolon and brackets work through `make`, the
scripts and dbt; EMAIL_HASH_KEY unset means the public demo key with a
warning, set but blank is an error before anything is built."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from conftest import ROOT, VENV_BIN

AWKWARD = "it's; a [dir]"


def make_env(tmp: Path, raw: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_HASH_KEY", "MAKEFLAGS", "MFLAGS")}
    env.update(
        RAW_DATA_DIR=str(raw),
        DBT_DUCKDB_PATH=str(tmp / AWKWARD / "dev.duckdb"),
        DBT_TARGET_PATH=str(tmp / "target"),
        DBT_LOG_PATH=str(tmp / "logs"),
        DUCKDB_TEMP_DIRECTORY=str(tmp / AWKWARD / "tmp"),
        PUBLISHED_DUCKDB_PATH=str(tmp / AWKWARD / "published" / "marts.duckdb"),
    )
    env.update(extra)
    return env


def test_awkward_paths_work_through_make(small_raw_dir, tmp_path):
    raw = tmp_path / f"raw {AWKWARD}"
    shutil.copytree(small_raw_dir, raw)
    env = make_env(tmp_path, raw)
    # the staging of one table, without tests: the paths are what is checked here
    result = subprocess.run(
        ["make", "--no-print-directory", "dbt-build",
         "DBT_ARGS=--select +stg_crm__contacts --exclude-resource-type test unit_test"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert f"Raw files loaded from {raw}" in output, output[-2000:]
    con = duckdb.connect(env["DBT_DUCKDB_PATH"], read_only=True)
    try:
        staged = con.sql("select count(*) from staging.stg_crm__contacts").fetchall()[0][0]
    finally:
        con.close()
    assert staged > 0
    lines = sum(1 for _ in open(raw / "crm_contacts.csv", encoding="utf-8")) - 1
    assert staged <= lines
    # EMAIL_HASH_KEY is unset in make's environment: had make exported it
    # empty, the wrapper would have refused to build (next test)


def test_blank_email_hash_key_stops_the_build_before_it_starts(small_raw_dir, tmp_path):
    for blank in ("", "   "):
        env = make_env(tmp_path, small_raw_dir, EMAIL_HASH_KEY=blank)
        result = subprocess.run([str(VENV_BIN / "python"), str(ROOT / "scripts" / "dbt_run.py"), "build"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode != 0
        assert "EMAIL_HASH_KEY is set but blank" in result.stderr, result.stderr[-2000:]
        assert not Path(env["DBT_DUCKDB_PATH"]).exists(), "something was built with a blank key"
    # plain dbt (not the wrapper) refuses too: the plugin checks when it loads
    env = make_env(tmp_path, small_raw_dir, EMAIL_HASH_KEY=" ")
    result = subprocess.run([str(VENV_BIN / "dbt"), "run", "--select", "dim_dates"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "EMAIL_HASH_KEY is set but blank" in result.stdout + result.stderr, result.stdout[-2000:]
