"""The raw floor: one DuckDB query that reads every raw file once (every
column, every row), the least any build must spend on its input."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from bench.config import RAW_TABLES
from bench.data import find_raw_file, read_sql
from bench.measure import run_measured

# run in a child process, so that run_measured times and measures the query alone
RAW_FLOOR_SCRIPT = r"""
import duckdb, json, sys
con = duckdb.connect()
con.execute("set threads = {threads}")
con.execute("set enable_progress_bar = false")
rows = con.execute(sys.argv[1]).fetchall()
print(json.dumps({{r[0]: r[1] for r in rows}}))
"""


def raw_floor(raw_dir: Path, work: Path, threads: str) -> dict:
    """One query reading every column of every raw file once."""
    parts = []
    for table in RAW_TABLES:
        path = find_raw_file(raw_dir, table)
        if path is None:
            continue
        import duckdb

        columns = [r[0] for r in duckdb.connect().execute(f"describe select * from {read_sql(path)}").fetchall()]
        hashed = ", ".join(f'"{c}"' for c in columns)
        parts.append(f"select '{table}' as raw_table, count(*) as row_count, sum(hash({hashed})) as checksum "
                     f"from {read_sql(path)}")
    sql = "\nunion all\n".join(parts)
    cmd = [sys.executable, "-c", RAW_FLOOR_SCRIPT.format(threads=threads), sql]
    log = work / "raw-floor.log"
    result = run_measured(cmd, dict(os.environ), log)
    if result["returncode"] != 0:
        raise SystemExit(f"raw floor query failed, see {log}")
    last = log.read_text().strip().splitlines()[-1]
    result["rows_per_table"] = json.loads(last[last.index("{"):])
    return result
