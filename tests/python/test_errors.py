"""Every failure a user can cause ends with one readable line and a non-zero
exit status, never a bare Python traceback: a bad RAW_DATA_DIR, a locked
database, a missing file or column, a CSV DuckDB cannot read, publishing
before any build. Runs scripts/dbt_run.py and scripts/publish.py as the
Makefile does (make build / make publish)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

PY = sys.executable
CHEAP = ["run", "--select", "base_crm__contacts"]


def wrapper(args: list[str], work: Path, raw: Path | str, publish: bool = False) -> subprocess.CompletedProcess:
    env = {
        "PATH": str(Path(PY).parent) + ":/usr/bin:/bin",
        "HOME": str(work),
        "RAW_DATA_DIR": str(raw),
        "DBT_DUCKDB_PATH": str(work / "dev.duckdb"),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_PROFILES_DIR": str(ROOT),
        "DUCKDB_TEMP_DIRECTORY": str(work / "tmp"),
        "PUBLISHED_DUCKDB_PATH": str(work / "published" / "revenue_analytics.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [PY, str(ROOT / "scripts" / "dbt_run.py"), *args] + (["--publish"] if publish else [])
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def last_line(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def assert_clear(result: subprocess.CompletedProcess, *expected: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr, result.stdout[-2000:] + result.stderr[-2000:]
    line = last_line(result)
    assert line.startswith("ERROR: "), line
    for text in expected:
        assert text in line, f"{text!r} not in {line!r}"
    return line


@pytest.fixture
def raw(small_raw_dir, tmp_path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(small_raw_dir, dst)
    return dst


def test_raw_data_dir_missing(tmp_path):
    line = assert_clear(wrapper(["build"], tmp_path, tmp_path / "nowhere", publish=True),
                        "does not exist", "RAW_DATA_DIR=")
    assert "published marts were left unchanged" in line


def test_raw_data_dir_is_a_file(tmp_path):
    f = tmp_path / "exports.csv"
    f.write_text("a,b\n")
    assert_clear(wrapper(["build"], tmp_path, f), "is not a folder")


def test_raw_data_dir_empty_value(tmp_path):
    assert_clear(wrapper(["build"], tmp_path, ""), "RAW_DATA_DIR is not set")


def test_missing_file_and_column_named(raw, tmp_path):
    (raw / "crm_deals.csv").unlink()
    (raw / "crm_contacts.csv").write_text((raw / "crm_contacts.csv").read_text().replace("email", "e_mail", 1))
    line = assert_clear(wrapper(CHEAP, tmp_path, raw), "raw data contract", "missing file:", "crm_deals.csv",
                        "missing column: 'email'", "crm_contacts.csv")
    print("\n" + line)


def test_mixed_line_endings_named(raw, tmp_path):
    """CRLF lines then LF lines: DuckDB would merge the LF-ended lines into one
    row; the loader stops and names the file and line. (LF first, then CRLF:
    DuckDB stops itself or quarantines the lines; see test_bad_inputs.)"""
    lines = (raw / "crm_contacts.csv").read_bytes().replace(b"\r\n", b"\n").split(b"\n")
    (raw / "crm_contacts.csv").write_bytes(b"\r\n".join(lines[:-20]) + b"\r\n" + b"\n".join(lines[-20:]))
    assert_clear(wrapper(CHEAP, tmp_path, raw), "crm_contacts.csv", "mixed line endings", "from line")


@pytest.mark.parametrize("mode", ["writer", "reader"])
def test_locked_database(raw, tmp_path, mode):
    db = tmp_path / "dev.duckdb"
    duckdb.connect(str(db)).close()
    # another process holds the database: a dbt run, or a BI tool reading it
    holder = subprocess.Popen([PY, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(db)!r}, read_only={mode == 'reader'})
        print("ready", flush=True)
        time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        line = assert_clear(wrapper(["build"], tmp_path, raw, publish=True), "is locked by", str(db),
                            "published file")
        assert f"process {holder.pid}" in line or "another process" in line
    finally:
        holder.kill()
        holder.wait()


def test_locked_database_during_dbt(raw, tmp_path):
    """The lock is taken after the wrapper's check (a race): dbt's own error is translated."""
    db = tmp_path / "dev.duckdb"
    holder = subprocess.Popen([PY, "-c", textwrap.dedent(f"""
        import duckdb, time
        time.sleep(3.0)
        con = duckdb.connect({str(db)!r})
        print("locked", flush=True)
        time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        # slow the wrapper down past its own check: dbt parses for a few seconds first
        started = time.monotonic()
        result = wrapper(CHEAP, tmp_path, raw)
        if result.returncode == 0:
            pytest.skip(f"dbt connected before the lock was taken ({time.monotonic() - started:.1f}s)")
        assert_clear(result, "is locked by")
    finally:
        holder.kill()
        holder.wait()


def test_publish_before_any_build(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DBT_DUCKDB_PATH": str(tmp_path / "dev.duckdb"),
           "DBT_TARGET_PATH": str(tmp_path / "target"),
           "PUBLISHED_DUCKDB_PATH": str(tmp_path / "published" / "revenue_analytics.duckdb")}
    result = subprocess.run([PY, str(ROOT / "scripts" / "publish.py")], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = last_line(result)
    assert line.startswith("Not published: no run_results.json"), line
    assert "no published marts exist yet" in line


def test_freshness_reports_every_source_and_says_which_are_stale(raw, tmp_path):
    """`make freshness`: a table of every raw table with a loaded-at column; the
    demo data is a fixed snapshot (as of 2026-10-31), so against the wall
    clock it is stale and the command ends with one line saying which."""
    result = wrapper(["source", "freshness"], tmp_path, raw)
    assert "Traceback" not in result.stdout + result.stderr
    report = result.stdout[result.stdout.index("Source freshness"):]
    for table in ("web_page_views", "web_form_submissions", "ad_clicks", "ad_performance_daily", "crm_accounts",
                  "crm_contacts", "crm_lifecycle_stage_changes", "crm_deals", "crm_deal_stage_changes",
                  "crm_activities"):
        assert f".{table} " in report, table
    if result.returncode != 0:
        line = last_line(result)
        assert line.startswith("ERROR: ") and "past their freshness error threshold" in line, line


def test_incremental_model_with_changed_columns(raw, tmp_path):
    """A database built by an earlier version of the project whose
    incremental model had other columns: dbt refuses to append ("schemas
    out of sync"); the line says which model and how to rebuild it."""
    incremental = ["run", "--select", "int_sessions_aggregated"]
    first = wrapper(["build", "--select", "+int_sessions_aggregated", "--exclude-resource-type", "test", "unit_test"],
                    tmp_path, raw)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    con = duckdb.connect(str(tmp_path / "dev.duckdb"))
    con.execute("alter table intermediate.int_sessions_aggregated add column column_of_an_older_version varchar")
    con.close()
    line = assert_clear(wrapper(incremental, tmp_path, raw), "int_sessions_aggregated",
                        "make build DBT_ARGS=--full-refresh")
    assert "does not compile" not in line
    # the model alone is rebuilt as the line says
    assert wrapper([*incremental, "--full-refresh"], tmp_path, raw).returncode == 0
