"""Shared fixtures: the project root, a dbt runner with isolated paths, and a
small demo dataset generated once per test session.

`make test` and `make test-long` run the tests in two pytest-xdist workers
(`--dist loadfile`): a module's tests stay on one worker, so its module
fixtures are built once. The small dataset is generated once for both
workers (a file lock in their common temp folder).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def built_database() -> Path:
    """The DuckDB file a build wrote: $DBT_DUCKDB_PATH, else build/revenue.duckdb."""
    path = Path(os.environ.get("DBT_DUCKDB_PATH") or "build/revenue.duckdb")
    return path if path.is_absolute() else ROOT / path


def run_dbt(args: list[str], raw_dir: Path, work: Path, extra_env: dict | None = None,
            check: bool = False) -> subprocess.CompletedProcess:
    """Run dbt in the project with its own database, target and log folders."""
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(raw_dir),
        DBT_DUCKDB_PATH=str(work / "dev.duckdb"),
        DBT_PROFILES_DIR=str(ROOT),
        DUCKDB_TEMP_DIRECTORY=str(work / "tmp"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.update(extra_env or {})
    dbt = str(VENV_BIN / "dbt")
    cmd = [dbt, *args, "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    return result


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, made by `make(folder)` once per test session, also
    when several pytest-xdist workers ask for it (they share the parent of
    their temp folders; a lock file serialises them)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(parents=True, exist_ok=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def small_raw_dir(tmp_path_factory) -> Path:
    """A small demo dataset (about 60 accounts), generated once per session."""
    def generate(out: Path) -> None:
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--out", str(out),
             "--seed", "7", "--scale", "0.02"],
            check=True, capture_output=True, text=True,
        )
    return made_once(tmp_path_factory, "raw_small", generate)
