"""Throwaway virtual environments with pinned packages, for testing the
published file with the clients BI tools bundle (an older `duckdb`,
duckdb-engine with SQLAlchemy) without touching the project's venv.

Each lives in a folder of build/, made once with `python -m venv` and
`pip install` of its pins and reused while its pins are unchanged (the file
`.pins` in it says which). When pip cannot reach the package registry the
test is skipped with pip's reason; any other pip failure fails it.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# DuckDB 1.1.0: the oldest release the published file promises to open
# (PUBLISHED_STORAGE_VERSION v1.1.0), older than any BI driver bundles today.
OLD_DUCKDB_PINS = ("duckdb==1.1.0",)
OLD_DUCKDB_VENV = ROOT / "build" / "old_duckdb_venv"

# What `pip install "apache-superset[duckdb]==6.1.0"` resolves to for the
# database side: Superset 6.1 requires sqlalchemy>=1.4,<2 and, for its duckdb
# extra, duckdb>=1.4.2,<2 and duckdb-engine>=0.17.0 (newest of each in range).
SUPERSET_PINS = ("sqlalchemy==1.4.54", "duckdb==1.4.4", "duckdb-engine==0.17.0")
SUPERSET_VENV = ROOT / "build" / "superset_duckdb_venv"

OFFLINE_SIGNS = ("No matching distribution found", "Could not find a version", "NewConnectionError",
                 "Temporary failure in name resolution", "Max retries exceeded", "Network is unreachable",
                 "Connection refused", "ConnectionError", "timed out", "ProxyError")


def venv_python(folder: Path, pins: tuple[str, ...]) -> Path:
    """The python of a venv in `folder` holding exactly `pins`, made if needed."""
    python = folder / "bin" / "python"
    marker = folder / ".pins"
    wanted = "\n".join(pins) + "\n"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs at once share one venv
        if python.exists() and marker.exists() and marker.read_text() == wanted:
            return python
        shutil.rmtree(folder, ignore_errors=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(folder)], capture_output=True, text=True)
        if made.returncode != 0:
            raise AssertionError(f"python -m venv {folder} failed:\n{made.stdout}\n{made.stderr}")
        pip = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", *pins],
                             capture_output=True, text=True, timeout=900)
        if pip.returncode != 0:
            output = (pip.stdout + pip.stderr).strip()
            lines = [line for line in output.splitlines() if "is ignored" not in line]
            shutil.rmtree(folder, ignore_errors=True)
            if any(sign in output for sign in OFFLINE_SIGNS):
                pytest.skip(f"pip cannot install {' '.join(pins)} (package registry unreachable?): "
                            + " | ".join(lines[-3:]))
            raise AssertionError(f"pip install {' '.join(pins)} failed:\n" + "\n".join(lines[-30:]))
        marker.write_text(wanted)
        return python


def run_in(python: Path, script: str, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Runs a Python script text with the venv's interpreter, outside the project's venv."""
    return subprocess.run([str(python), "-c", script, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)
