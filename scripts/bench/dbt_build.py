"""Runs dbt as the benchmark does: its own DuckDB file, target and log
folders, the clock pinned to the data's as-of time, measured by run_measured
and summarised from run_results.json."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from bench.config import GIB, ROOT, VENV_BIN
from bench.measure import run_measured
from bench.run_results import summarize_run_results


def dbt_env(raw_dir: Path, db: Path, work: Path, threads: str | None) -> dict:
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(raw_dir),
        DBT_DUCKDB_PATH=str(db),
        DBT_PROFILES_DIR=str(ROOT),
        DUCKDB_TEMP_DIRECTORY=str(work / "duckdb_tmp"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.pop("DBT_TARGET", None)
    if threads:
        env["DUCKDB_THREADS"] = threads
    return env


def run_dbt(label: str, args: list[str], env: dict, work: Path, clock: dt.datetime,
            extra_vars: dict | None = None) -> dict:
    target = work / f"target-{label}"
    dbt_vars = {"build_clock": clock.strftime("%Y-%m-%d %H:%M:%S"), **(extra_vars or {})}
    cmd = [str(VENV_BIN / "dbt"), *args, "--target-path", str(target), "--log-path", str(work / f"logs-{label}"),
           "--vars", json.dumps(dbt_vars)]
    print(f"dbt {' '.join(args)} ({label}) ...", flush=True)
    result = run_measured(cmd, env, work / f"dbt-{label}.log", keep_samples=True)
    samples = result.pop("rss_samples")
    result.update(summarize_run_results(target / "run_results.json", result.get("peak_rss_at"), samples))
    status = "ok" if result["returncode"] == 0 else f"FAILED (exit {result['returncode']}, see {result['log']})"
    print(f"  {status}: {result['wall_seconds']} s wall, {result['cpu_seconds']} s CPU, "
          f"peak RSS {result['peak_rss_bytes'] / GIB:.2f} GiB", flush=True)
    return result
