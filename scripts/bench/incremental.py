"""The incremental day: one appended day of data (`append_day`) built on the
database of the full build, as a scheduled run would; after a full build, or
alone (--incremental-only) on the database an earlier full build kept."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from bench.append import append_day
from bench.config import DEFAULT_DBT_THREADS, ROOT, SCHEDULED_RUN_ARGS
from bench.data import data_as_of, ensure_data
from bench.dbt_build import dbt_env, run_dbt
from bench.results import write_results


def append_next_day(raw_dir: Path, bench_dir: Path, args: argparse.Namespace) -> tuple[Path, dict]:
    """Writes <label>-next/: the raw files plus one appended day (append_day)."""
    print("appending one day of data ...", flush=True)
    next_dir = bench_dir / f"{args.label}-next"
    if next_dir.exists():
        shutil.rmtree(next_dir)
    appended = append_day(raw_dir, next_dir, lookback_days=args.lookback_days or 3, very_late=False)
    print(f"  added {appended['cases']}", flush=True)
    return next_dir, appended


def run_incremental_day(next_dir: Path, appended: dict, db: Path, work: Path, args: argparse.Namespace,
                        clock: dt.datetime) -> dict:
    """The incremental `dbt build` of `db` on the appended day, clock one day on."""
    lookback = {} if args.lookback_days is None else {"incremental_lookback_days": args.lookback_days}
    # As a scheduled run would: unit tests check the SQL on fixed inputs,
    # not the data; they ran in the full build of the same code.
    inc = run_dbt("incremental", ["build", *SCHEDULED_RUN_ARGS], dbt_env(next_dir, db, work, args.threads), work,
                  clock + dt.timedelta(days=1), lookback)
    inc["appended"] = appended
    return inc


def incremental_only(args: argparse.Namespace, bench_dir: Path) -> dict:
    """The appended-day incremental run alone, on a kept full-build database.

    The other figures (raw floor, full build, Markov comparison) are those of
    `latest-<label>.json`, which must come from the full build of the same
    data; the results say which database and full build they combine."""
    latest = bench_dir / f"latest-{args.label}.json"
    if not latest.exists():
        raise SystemExit(f"--incremental-only: no {latest} (run the full build first, with --keep-database)")
    results = json.loads(latest.read_text())
    db = Path(args.incremental_only).resolve()
    if not db.exists():
        raise SystemExit(f"--incremental-only: no database at {db}")
    load_start = [round(x, 2) for x in os.getloadavg()]
    work = bench_dir / f"{args.label}-work"
    work.mkdir(parents=True, exist_ok=True)
    next_dir, appended, clock = _appended_day(args, bench_dir)
    inc = run_incremental_day(next_dir, appended, db, work, args, clock)
    results.update({
        "incremental": inc,
        "incremental_on_kept_database": str(db),
        "incremental_dbt_threads": os.environ.get("DBT_THREADS", DEFAULT_DBT_THREADS),
        "incremental_started_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "database_bytes": db.stat().st_size,
        "load_average_start": load_start,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
    })
    if inc["returncode"] != 0:
        # kept, so that the failed run can be finished on the same files
        # (`dbt retry` on the database, or --appended-dir after a fix)
        print(f"the incremental build failed: the appended day is kept in {next_dir}; finish it with "
              f"`dbt retry --target-path {work / 'target-incremental'}` and RAW_DATA_DIR={next_dir} "
              f"DBT_DUCKDB_PATH={db} DBT_PROFILES_DIR={ROOT} DUCKDB_TEMP_DIRECTORY={work / 'duckdb_tmp'}",
              flush=True)
    elif not args.keep_database and not args.appended_dir:
        shutil.rmtree(next_dir, ignore_errors=True)
    print(f"incremental day on the kept database {db} (full build of {results.get('started_at')})")
    write_results(results, bench_dir, args.label, None)
    if inc["returncode"] != 0:
        raise SystemExit(1)
    return results


def _appended_day(args: argparse.Namespace, bench_dir: Path) -> tuple[Path, dict, dt.datetime]:
    """(folder, append_day's result, clock of the full build) of the day to
    build: read back from --appended-dir, else appended now to the size's data."""
    if args.appended_dir:
        next_dir = Path(args.appended_dir).resolve()
        summary = json.loads((next_dir / "_generation_summary.json").read_text())
        appended = summary["appended_day"]
        # the clock of the full build (as data_as_of gives it for the source)
        clock = (dt.datetime.fromisoformat(appended["source_as_of"].replace("Z", "+00:00"))
                 .astimezone(dt.timezone.utc).replace(tzinfo=None))
        print(f"appended day in {next_dir}: {appended['cases']}", flush=True)
    else:
        raw_dir, _ = ensure_data(args, bench_dir)
        clock = data_as_of(raw_dir)
        next_dir, appended = append_next_day(raw_dir, bench_dir, args)
    return next_dir, appended, clock
