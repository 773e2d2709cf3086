"""A whole benchmark run on one workload: the data, the raw floor, the full
build, the incremental day and the Markov comparison, then the results."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from bench.config import DEFAULT_DBT_THREADS, DEFAULT_MEMORY_LIMIT
from bench.data import data_as_of, ensure_data
from bench.dbt_build import dbt_env, run_dbt
from bench.incremental import append_next_day, run_incremental_day
from bench.markov import compare_channelattribution
from bench.raw_floor import raw_floor
from bench.results import write_results


def full_run(args: argparse.Namespace, bench_dir: Path) -> dict:
    """Runs every step the arguments ask for, writes the results and exits 1
    when a build failed."""
    load_start = [round(x, 2) for x in os.getloadavg()]
    raw_dir, generation = ensure_data(args, bench_dir)
    work = bench_dir / f"{args.label}-work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    threads = args.threads or os.environ.get("DUCKDB_THREADS", "2")

    print("raw floor: one query over every raw file ...", flush=True)
    floor = raw_floor(raw_dir, work, threads)
    total_rows = sum(floor["rows_per_table"].values())
    print(f"  {total_rows:,} rows in {floor['wall_seconds']} s wall, {floor['cpu_seconds']} s CPU", flush=True)

    db = work / "bench.duckdb"
    clock = data_as_of(raw_dir)
    if args.floor_only:
        full = {"returncode": 0, "skipped": True, "wall_seconds": None, "cpu_seconds": None}
    else:
        full = run_dbt("full", ["build"], dbt_env(raw_dir, db, work, args.threads), work, clock)

    results = _results_record(args, raw_dir, generation, threads, floor, total_rows, full)
    if full["returncode"] == 0 and not args.no_incremental and not args.floor_only:
        next_dir, appended = append_next_day(raw_dir, bench_dir, args)
        results["incremental"] = run_incremental_day(next_dir, appended, db, work, args, clock)
    if args.compare_channelattribution and full["returncode"] == 0 and not args.floor_only:
        print("Markov: exact SQL vs channelattribution ...", flush=True)
        results["markov_comparison"] = compare_channelattribution(db, work, args.ca_python, args.ca_simulations,
                                                                  threads)
    _remove_database(results, db, bench_dir, args)
    results["load_average_start"] = load_start
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    latest = bench_dir / f"latest-{args.label}.json"
    previous = json.loads(latest.read_text()) if latest.exists() else None
    write_results(results, bench_dir, args.label, previous)
    if full["returncode"] != 0 or (results.get("incremental") or {}).get("returncode", 0) != 0:
        raise SystemExit(1)
    return results


def _results_record(args: argparse.Namespace, raw_dir: Path, generation: dict | None, threads: str, floor: dict,
                    total_rows: int, full: dict) -> dict:
    """The results of the data, the raw floor and the full build, with the
    build's cost per raw row (none with --floor-only)."""
    results = {
        "size": args.label, "generator_scale": args.scale, "raw_dir": str(raw_dir),
        "started_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "machine": {"cpus": os.cpu_count(), "memory_bytes": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")},
        "duckdb_threads": threads,
        "dbt_threads": os.environ.get("DBT_THREADS", DEFAULT_DBT_THREADS),
        "duckdb_memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT), "generation": generation,
        "raw_floor": floor, "raw_rows_total": total_rows,
        "full_build": full,
    }
    if not args.floor_only:
        results.update({
            "seconds_per_million_raw_rows": round(full["wall_seconds"] / (total_rows / 1e6), 3),
            "cpu_seconds_per_million_raw_rows": round(full["cpu_seconds"] / (total_rows / 1e6), 3),
            "build_to_raw_scan_ratio": round(full["wall_seconds"] / floor["wall_seconds"], 1),
        })
    else:
        results["full_build"] = None
    return results


def _remove_database(results: dict, db: Path, bench_dir: Path, args: argparse.Namespace) -> None:
    """The database of a large size fills a disk quickly: records its size,
    then deletes it (and the appended-day copy of the raw files) unless kept."""
    results["database_bytes"] = db.stat().st_size if db.exists() else None
    if not args.keep_database:
        for leftover in (db, db.with_name(db.name + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(bench_dir / f"{args.label}-next", ignore_errors=True)
