"""The benchmark's raw files: generated into build/bench/<label>/ (or reused
when complete, or taken from --raw-dir), found by table, read by DuckDB, and
their as-of time (the clock of the builds)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

from bench.config import GIB, SCRIPTS
from bench.measure import run_measured


def find_raw_file(raw_dir: Path, table: str) -> Path | None:
    for fmt in ("csv", "parquet"):
        path = raw_dir / f"{table}.{fmt}"
        if path.exists():
            return path
    return None


def ensure_data(args: argparse.Namespace, bench_dir: Path) -> tuple[Path, dict | None]:
    if args.raw_dir:
        return Path(args.raw_dir).resolve(), None
    out = bench_dir / args.label
    marker = out / ".bench-complete"
    wanted = {"size": args.size, "seed": args.seed, "scale": args.scale}
    if marker.exists() and not args.regenerate:
        if json.loads(marker.read_text()) == wanted:
            print(f"reusing {out}")
            return out, None
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, str(SCRIPTS / "generate_demo_data.py"), "--out", str(out),
           "--size", args.size, "--seed", str(args.seed)]
    if args.scale is not None:
        cmd += ["--scale", str(args.scale)]
    print(f"generating size {args.label} into {out} ...", flush=True)
    gen = run_measured(cmd, dict(os.environ), bench_dir / f"{args.label}-generate.log")
    if gen["returncode"] != 0:
        raise SystemExit(f"generator failed, see {gen['log']}")
    marker.write_text(json.dumps(wanted))
    print(f"  generated in {gen['wall_seconds']} s wall, {gen['cpu_seconds']} s CPU, "
          f"peak RSS {gen['peak_rss_bytes'] / GIB:.2f} GiB")
    return out, gen


def data_as_of(raw_dir: Path) -> dt.datetime:
    """The data's as-of time: the generator's summary, else the latest page view."""
    summary = raw_dir / "_generation_summary.json"
    if summary.exists():
        text = json.loads(summary.read_text())["as_of"].replace("Z", "+00:00")
        return dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc).replace(tzinfo=None)
    import duckdb

    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    rel = read_sql(find_raw_file(raw_dir, "web_page_views"))
    return con.execute(
        f"select max(cast(timezone('UTC', try_cast(trim(viewed_at) as timestamptz)) as timestamp)) from {rel}"
    ).fetchone()[0]


def read_sql(path: Path) -> str:
    """The DuckDB relation that reads a raw file (or folder of Parquet parts)."""
    quoted = str(path).replace("'", "''")
    if path.is_dir():
        # a folder of Parquet part files (see append_day)
        return f"read_parquet('{quoted}/*.parquet')"
    if path.suffix == ".csv":
        return (f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', quote = '\"', "
                f"escape = '\"', max_line_size = 67108864, ignore_errors = true)")
    return f"read_parquet('{quoted}')"
