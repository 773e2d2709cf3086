#!/usr/bin/env python3
"""Benchmark the project on a workload size: full build, raw floor, incremental day.

    python scripts/benchmark.py --size S            # what `make bench SIZE=S` runs
    python scripts/benchmark.py --size L --compare-channelattribution

Steps (each printed as it goes, everything written to JSON at the end):

1. Data: generates ``build/bench/<size>/`` with scripts/generate_demo_data.py
   (``--size``; Parquet for M and L) or reuses it when it is complete
   (``--raw-dir`` points at any other folder of raw files instead).
2. Raw floor: one DuckDB query that reads every raw file once (every column,
   every row) - the least any build must spend on input.
3. Full build: ``dbt build`` into a fresh DuckDB file of its own
   (``build/bench/<size>-work/bench.duckdb``) with the clock pinned to the
   data's as-of time; wall time, CPU time, peak RSS of the process tree
   (its RSS polled from /proc, and each process's high-water mark VmHWM),
   the largest RSS while each node ran, and the ten slowest models from
   run_results.json.
4. Incremental day (unless ``--no-incremental``): appends one day of data
   (``append_day``: a copy of the last day moved one day on, late and
   duplicate rows, a form that identifies an old browser, a new account
   merge) into ``build/bench/<size>-next/`` and times ``dbt build
   --exclude-resource-type unit_test`` on the same database, as a scheduled
   run (incremental models process only the changed partitions; the unit
   tests, which read fixed inputs and not the data, ran in the full build).
   ``--incremental-only DB`` runs this step alone on the database of an
   earlier full build (kept with ``--keep-database``), for a disk that
   cannot hold the database beside the appended copy of the raw files;
   ``--appended-dir`` reuses an appended folder written before.
5. ``--compare-channelattribution``: exports the Markov journeys of the
   build, times the project's exact removal effects (the compiled SQL of
   int_markov_removal_effects_computed) against PyPI channelattribution's
   ``markov_model`` (step cap lifted, 1e6 simulations) on the same journeys,
   run by the Python given with ``--ca-python`` (a throwaway venv: the
   package compiles C++ at install time and is not a project requirement).

Results: ``build/bench/results-<size>-<UTC timestamp>.json`` and
``build/bench/latest-<size>.json``; the printout compares with the previous
``latest`` of the same size and reports every target of the scale issue
that the available results can judge (M->L needs both latest files).
``--scale X`` runs an in-between workload (the generator's scale X, where
S is 1, M 10 and L 100) labelled ``x<X>`` in every file name, so it never
replaces the results of S, M or L.

The machine may be shared: CPU seconds are recorded beside wall seconds,
and the load average at start and end.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
VENV_BIN = Path(sys.executable).parent
# profiles.yml's default for DUCKDB_MEMORY_LIMIT (the builds read the profile;
# the benchmark's own scratch database uses the same value)
DEFAULT_MEMORY_LIMIT = "25%"
# profiles.yml's default for DBT_THREADS (models dbt runs at once)
DEFAULT_DBT_THREADS = "2"
GIB = 1024 ** 3
# The incremental day runs as a scheduled job would (`make build
# DBT_ARGS=...`, docs/operations.md): dbt Labs advise running unit tests in
# development and CI only, since their inputs are fixed.
SCHEDULED_RUN_ARGS = ["--exclude-resource-type", "unit_test"]

# Targets of the scale issue, on a 2-core, 24 GiB machine.
TARGETS = {
    "L_full_build_seconds": 600.0,
    "L_full_build_peak_rss_bytes": 8 * GIB,
    "L_incremental_seconds": 60.0,
    "M_to_L_build_ratio": 12.0,
}

RAW_TABLES = [
    "web_page_views", "web_form_submissions", "ad_clicks", "ad_performance_daily",
    "crm_accounts", "crm_contacts", "crm_lifecycle_stage_changes", "crm_deals",
    "crm_deal_stage_changes", "crm_activities", "marketing_costs", "web_identifies",
]


# --------------------------------------------------------------------------
# measuring a child process
# --------------------------------------------------------------------------
def _high_water_rss(pid: int) -> int:
    """VmHWM (bytes): the largest RSS a process has had since its last exec.
    Unlike the ru_maxrss of wait4, it does not count the parent's memory at
    the fork (ru_maxrss does: a child spawned by this script after it held
    10.9 GiB reported 10.9 GiB for /bin/true)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_memory(root_pid: int) -> tuple[int, int]:
    """(RSS summed over a process and all its descendants, the largest VmHWM
    among them), in bytes, from one walk of /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            pid, ppid, pages = int(entry), int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE")
    total, high_water, todo = 0, 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        high_water = max(high_water, _high_water_rss(pid))
        todo.extend(children.get(pid, []))
    return total, high_water


def run_measured(cmd: list[str], env: dict, log_path: Path, keep_samples: bool = False) -> dict:
    """Runs a command; returns wall and CPU seconds, peak RSS and the exit code
    (and, with keep_samples, every RSS sample as `rss_samples`)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    started = time.perf_counter()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak = {"tree": 0, "at": None, "single": 0}
        # every sample (UTC, bytes): run_dbt gives each node the largest RSS
        # seen while it ran, so a peak can be traced to the node that sets it
        samples: list[tuple[dt.datetime, int]] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                rss, high_water = _tree_memory(proc.pid)
                # the high-water mark catches a peak between two polls
                peak["single"] = max(peak["single"], high_water)
                now = dt.datetime.now(dt.timezone.utc)
                samples.append((now, rss))
                if rss > peak["tree"]:
                    peak["tree"] = rss
                    peak["at"] = now
                done.wait(0.25)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    result = {
        "command": " ".join(cmd),
        "returncode": proc.returncode,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        # the poll sums the tree; VmHWM is the largest single process (not
        # ru_maxrss, which counts this script's own memory at the fork)
        "peak_rss_bytes": max(peak["single"], peak["tree"]),
        # when the polled tree peaked (UTC): run_dbt names the nodes running then
        "peak_rss_at": peak["at"].isoformat() if peak["at"] else None,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "log": str(log_path),
    }
    if keep_samples:
        result["rss_samples"] = samples
    return result


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------
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
    rel = _read_sql(find_raw_file(raw_dir, "web_page_views"))
    return con.execute(
        f"select max(cast(timezone('UTC', try_cast(trim(viewed_at) as timestamptz)) as timestamp)) from {rel}"
    ).fetchone()[0]


def _read_sql(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    if path.is_dir():
        # a folder of Parquet part files (see append_day)
        return f"read_parquet('{quoted}/*.parquet')"
    if path.suffix == ".csv":
        return (f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', quote = '\"', "
                f"escape = '\"', max_line_size = 67108864, ignore_errors = true)")
    return f"read_parquet('{quoted}')"


# --------------------------------------------------------------------------
# raw floor
# --------------------------------------------------------------------------
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

        columns = [r[0] for r in duckdb.connect().execute(f"describe select * from {_read_sql(path)}").fetchall()]
        hashed = ", ".join(f'"{c}"' for c in columns)
        parts.append(f"select '{table}' as raw_table, count(*) as row_count, sum(hash({hashed})) as checksum "
                     f"from {_read_sql(path)}")
    sql = "\nunion all\n".join(parts)
    cmd = [sys.executable, "-c", RAW_FLOOR_SCRIPT.format(threads=threads), sql]
    log = work / "raw-floor.log"
    result = run_measured(cmd, dict(os.environ), log)
    if result["returncode"] != 0:
        raise SystemExit(f"raw floor query failed, see {log}")
    last = log.read_text().strip().splitlines()[-1]
    result["rows_per_table"] = json.loads(last[last.index("{"):])
    return result


# --------------------------------------------------------------------------
# dbt
# --------------------------------------------------------------------------
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


def _execution_spans(results: list[dict]) -> list[tuple[dt.datetime, dt.datetime, str]]:
    """(start, end, node) of every node's execute step, in UTC."""
    spans = []
    for r in results:
        for step in r.get("timing", []):
            if step.get("name") != "execute" or not step.get("started_at") or not step.get("completed_at"):
                continue
            start, end = (dt.datetime.fromisoformat(step[k].replace("Z", "+00:00")) for k in ("started_at",
                                                                                          "completed_at"))
            if start.tzinfo is None:
                start, end = start.replace(tzinfo=dt.timezone.utc), end.replace(tzinfo=dt.timezone.utc)
            spans.append((start, end, r["unique_id"].split(".", 1)[1]))
    return spans


def _nodes_running_at(results: list[dict], moment: str | None) -> list[str]:
    """The nodes whose execution spans a moment (ISO UTC): who held the peak RSS."""
    if not moment:
        return []
    at = dt.datetime.fromisoformat(moment)
    return [node for start, end, node in _execution_spans(results) if start <= at <= end]


def peak_rss_by_node(results: list[dict], samples: list[tuple[dt.datetime, int]], top: int = 10) -> list[dict]:
    """The largest RSS sampled while each node ran, highest first, with the
    nodes that ran beside it at that sample (two dbt threads share one
    DuckDB process, so a node's figure includes its neighbour's memory)."""
    spans = _execution_spans(results)
    best: dict[str, tuple[int, list[str]]] = {}
    for at, rss in samples:
        running = [node for start, end, node in spans if start <= at <= end]
        for node in running:
            if rss > best.get(node, (-1, []))[0]:
                best[node] = (rss, [other for other in running if other != node])
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    return [{"node": node, "peak_rss_bytes": rss, "beside": beside} for node, (rss, beside) in ranked]


def summarize_run_results(path: Path, peak_rss_at: str | None = None,
                          rss_samples: list[tuple[dt.datetime, int]] | None = None) -> dict:
    if not path.exists():
        return {}
    results = json.loads(path.read_text())["results"]
    by_type: dict[str, float] = {}
    models = []
    for r in results:
        kind = r["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + r["execution_time"]
        if kind == "model":
            models.append((r["execution_time"], r["unique_id"].split(".")[-1]))
        if kind == "operation":
            by_type["raw_load_hook"] = by_type.get("raw_load_hook", 0.0) + r["execution_time"]
    models.sort(reverse=True)
    failures = [r["unique_id"] for r in results if r["status"] in ("error", "fail")]
    return {
        "slowest_models": [{"model": name, "seconds": round(t, 2)} for t, name in models[:10]],
        "seconds_by_node_type": {k: round(v, 2) for k, v in sorted(by_type.items())},
        "failed_nodes": failures,
        "nodes_at_peak_rss": _nodes_running_at(results, peak_rss_at),
        "peak_rss_by_node": peak_rss_by_node(results, rss_samples or []),
    }


# --------------------------------------------------------------------------
# one appended day
# --------------------------------------------------------------------------
def append_day(src: Path, dst: Path, lookback_days: int | None = 3, very_late: bool = True) -> dict:
    """Writes `dst`: the raw files of `src` plus one more day of data.

    The day after the data's as-of time T (its latest page view) gets a copy
    of the last day's page views, ad clicks and form submissions moved one
    day on (new ids, the same browsers: returning visitors). On top of that,
    rows an incremental build must get right, each counted in `cases`:
    - `late_new_session`: a late page view two days back (else the latest
      such gap of the week before), in a long gap of a browser that has later
      sessions (they are all renumbered);
    - `late_bridge`: a late page view joining two sessions of a browser that
      are 31 to 59 minutes apart, when the last days hold such a pair;
    - `late_boundary`: a late page view in a session that spans the
      incremental window's first midnight (`window_start`). With
      `lookback_days=None` the window is chosen for it: the latest midnight
      at least two days back that a human session spans (small datasets have
      few); the lookback to use is returned;
    - `exact_copy_new`, `exact_copy_click`: byte-identical copies of a page
      view and an ad click of the last day;
    - `conflicting_version`: a second version of a 200-day-old page view
      (same event_id, other URL) dated in the window: rejected, the old one
      stays;
    - with `very_late` (the test; the benchmark leaves these out, they are
      not a typical day): `late_old` a page view 200 days back (older than
      the window) and `exact_copy_old` a copy of a 200-day-old page view;
    - `identifying_form`: a form submission on the new day from a browser
      never identified before, with an existing contact's email (identity is
      retroactive: its past sessions become that contact's);
    - `account_merge`: a live account with contacts merged into another (CRM
      exports are snapshots: its row changes).
    Files keep their format (CSV or Parquet).
    """
    import duckdb

    dst.mkdir(parents=True, exist_ok=True)
    # a scratch database file under DuckDB's memory limit, not an in-memory
    # one: holding M's raw tables in memory took this process to 10.9 GiB
    scratch = Path(tempfile.mkdtemp(prefix=".append-day-", dir=dst.parent))
    con = duckdb.connect(str(scratch / "append.duckdb"))
    con.execute(f"set memory_limit = '{os.environ.get('DUCKDB_MEMORY_LIMIT', DEFAULT_MEMORY_LIMIT)}'")
    con.execute(f"set temp_directory = '{scratch / 'tmp'}'")
    con.execute("set TimeZone = 'UTC'")
    try:
        return _append_day(con, src, dst, lookback_days, very_late)
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


# Tables the appended day only adds rows to: read in place from the raw file
# (a view `<table>` over the file and the added rows), never loaded into the
# scratch database. At size L, loading them took the scratch file to about
# 20 GB beside the build's database; the other tables are small, and the
# account merge updates a row of crm_accounts.
APPEND_ONLY_TABLES = ("web_page_views", "ad_clicks", "web_form_submissions")


def _append_day(con, src: Path, dst: Path, lookback_days: int | None, very_late: bool) -> dict:
    fmt = find_raw_file(src, "web_page_views").suffix.lstrip(".")
    for table in RAW_TABLES:
        path = find_raw_file(src, table)
        if path is None:
            continue
        if table in APPEND_ONLY_TABLES:
            con.execute(f"create view {table}__file as select * from {_read_sql(path)}")
            con.execute(f"create table {table}__added as select * from {table}__file limit 0")
            con.execute(f"create view {table} as select * from {table}__file "
                        f"union all by name select * from {table}__added")
        else:
            con.execute(f"create table {table} as select * from {_read_sql(path)}")
    ts = "cast(timezone('UTC', try_cast(trim({c}) as timestamptz)) as timestamp)"
    iso = "strftime({e}, '%Y-%m-%dT%H:%M:%SZ')"
    pv_ts, click_ts, form_ts = ts.format(c="viewed_at"), ts.format(c="clicked_at"), ts.format(c="submitted_at")
    as_of = con.execute(f"select max({pv_ts}) from web_page_views").fetchone()[0]
    day = dt.timedelta(days=1)
    stamp = (as_of + day).strftime("%Y%m%d")
    cases: dict[str, int] = {}

    def add(case: str, table: str, select_sql: str) -> None:
        into = f"{table}__added" if table in APPEND_ONLY_TABLES else table
        before = con.execute(f"select count(*) from {into}").fetchone()[0]
        con.execute(f"insert into {into} by name {select_sql}")
        cases[case] = cases.get(case, 0) + con.execute(f"select count(*) from {into}").fetchone()[0] - before

    last_day = f"between timestamp '{as_of - day}' and timestamp '{as_of}'"
    # the last day again, one day on
    add("next_day_page_views", "web_page_views", f"""
        select * replace (event_id || '-next' as event_id,
                          {iso.format(e=pv_ts + " + interval 1 day")} as viewed_at)
        from web_page_views where {pv_ts} {last_day}""")
    add("next_day_clicks", "ad_clicks", f"""
        select * replace (click_id || '-next' as click_id,
                          {iso.format(e=click_ts + " + interval 1 day")} as clicked_at)
        from ad_clicks where {click_ts} {last_day}""")
    add("next_day_forms", "web_form_submissions", f"""
        select * replace (submission_id || '-next' as submission_id,
                          {iso.format(e=form_ts + " + interval 1 day")} as submitted_at)
        from web_form_submissions where {form_ts} {last_day}""")

    # human page views of each browser with the next one. With a given
    # lookback, only from the oldest day a case below looks at (200 days
    # back, or the window's first midnight): a page view's next one is
    # later, so every gap from then on is exact, and the window sorts a
    # fraction of a large export. Without one, the window is chosen among
    # every midnight a session spans (small datasets have few).
    if lookback_days is None:
        since = "timestamp '1900-01-01'"
    else:
        oldest = min(as_of - 201 * day, dt.datetime.combine(as_of.date(), dt.time()) - (lookback_days + 1) * day)
        since = f"timestamp '{oldest}'"
    con.execute(f"""
        create temp table pv_gaps as
        select anonymous_id, user_agent, page_url, viewed, next_viewed
        from (
            select anonymous_id, user_agent, page_url, {pv_ts} as viewed,
                lead({pv_ts}) over (partition by anonymous_id order by {pv_ts}, event_id) as next_viewed
            from web_page_views
            where {pv_ts} >= {since} and anonymous_id is not null
                and user_agent like 'Mozilla/%' and lower(user_agent) not like '%bot%'
        ) as ordered
        where next_viewed is not null""")

    def late_view(case: str, where: str, at: str) -> None:
        add(case, "web_page_views", f"""
            select 'late-{case}-{stamp}-' || anonymous_id as event_id, anonymous_id,
                {iso.format(e=at)} as viewed_at, page_url, user_agent
            from pv_gaps where {where}
            order by viewed desc, anonymous_id limit 1""")

    recent = f"viewed between timestamp '{as_of - 3 * day}' and timestamp '{as_of - 2 * day}'"
    # a small dataset may have no browser back after a visit two days before
    # its end (the demo data no longer piles its last visits up at the end)
    late_view("late_new_session", f"viewed between timestamp '{as_of - 7 * day}' and timestamp '{as_of - 2 * day}' "
              "and next_viewed - viewed > interval 2 hour",
              "viewed + interval 45 minute")
    late_view("late_bridge", f"{recent} and next_viewed - viewed between interval 31 minute and interval 59 minute",
              "viewed + (next_viewed - viewed) / 2")

    if lookback_days is None:
        crossing = con.execute(f"""
            select max(cast(next_viewed as date)) from pv_gaps
            where cast(viewed as date) < cast(next_viewed as date)
                and next_viewed - viewed <= interval 30 minute
                and next_viewed < timestamp '{as_of - 2 * day}'""").fetchone()[0]
        lookback_days = (as_of.date() - crossing).days if crossing else 3
    # the incremental models reprocess from midnight `lookback_days` before
    # the date of their latest row (the old as-of time)
    window_start = dt.datetime.combine(as_of.date() - dt.timedelta(days=lookback_days), dt.time())
    late_view("late_boundary", f"viewed < timestamp '{window_start}' and next_viewed >= timestamp '{window_start}' "
              "and next_viewed - viewed <= interval 30 minute",
              "next_viewed + interval 59 second")

    old = as_of - 200 * day
    old_day = f"between timestamp '{old}' and timestamp '{old + day}'"
    if very_late:
        late_view("late_old", f"viewed {old_day} and next_viewed - viewed > interval 3 hour",
                  "viewed + interval 1 hour")
        add("exact_copy_old", "web_page_views",
            f"select * from web_page_views where {pv_ts} {old_day} order by event_id limit 1")

    add("exact_copy_new", "web_page_views",
        f"select * from web_page_views where {pv_ts} {last_day} order by event_id limit 1")
    add("exact_copy_click", "ad_clicks", f"select * from ad_clicks where {click_ts} {last_day} order by click_id limit 1")
    add("conflicting_version", "web_page_views", f"""
        select * replace ({iso.format(e=f"timestamp '{as_of - day}'")} as viewed_at,
                          page_url || '?conflicting=1' as page_url)
        from web_page_views where {pv_ts} {old_day} and trim(event_id) != ''
        order by event_id desc limit 1""")

    # a form identifying an old, never identified browser as an existing contact
    add("identifying_form", "web_form_submissions", f"""
        select 'late-identify-{stamp}' as submission_id,
            {iso.format(e=f"timestamp '{as_of + day / 2}'")} as submitted_at,
            'contact_us' as form_name,
            browser.anonymous_id,
            contact.email,
            'Returning Visitor' as full_name,
            contact.phone,
            'Returning Co' as company_name,
            contact.job_title,
            'Please call me back about pricing.' as message,
            'true' as consent
        from (
            -- among the browsers seen 30 to 90 days before the as-of time (at
            -- size L, grouping every browser ran out of the memory limit)
            select anonymous_id from web_page_views
            where anonymous_id in (
                    select anonymous_id from web_page_views
                    where {pv_ts} between timestamp '{as_of - 90 * day}' and timestamp '{as_of - 30 * day}'
                )
                and anonymous_id not in (select anonymous_id from web_form_submissions where anonymous_id is not null)
            group by anonymous_id
            having count(*) >= 3 and max({pv_ts}) < timestamp '{as_of - 30 * day}'
            order by anonymous_id limit 1
        ) as browser
        cross join (
            select email, phone, job_title from crm_contacts
            where email like '%@%' and coalesce(lower(trim(is_deleted)), 'false') in ('false', 'f', '0', 'no')
            order by contact_id limit 1
        ) as contact""")

    # a new merge: a live, unmerged account with contacts merges into another
    merged = con.execute("""
        with live as (
            select account_id from crm_accounts
            where merged_into_account_id is null
                and coalesce(lower(trim(is_deleted)), 'false') in ('false', 'f', '0', 'no')
        ),
        with_contacts as (
            select live.account_id, count(*) as contacts
            from live inner join crm_contacts on trim(crm_contacts.account_id) = trim(live.account_id)
            group by live.account_id
        )
        select account_id from with_contacts order by contacts desc, account_id limit 2""").fetchall()
    if len(merged) == 2:
        con.execute(f"update crm_accounts set merged_into_account_id = '{merged[0][0]}' "
                    f"where account_id = '{merged[1][0]}'")
        cases["account_merge"] = 1

    for table in RAW_TABLES:
        path = find_raw_file(src, table)
        if path is None:
            continue
        out = dst / f"{table}.{fmt}"
        options = "(format csv, header true)" if fmt == "csv" else "(format parquet, compression zstd)"
        if fmt == "parquet" and table in APPEND_ONLY_TABLES:
            # as a daily export would land: the table becomes a folder of
            # part files, the data it had (hard-linked, not copied: at size L
            # a copy of the page views is 7 GB) and one part with the day
            out.mkdir()
            parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
            for number, part in enumerate(parts):
                _link_or_copy(part, out / f"part-{number:05d}.parquet")
            con.execute(f"copy {table}__added to '{out / f'part-{len(parts):05d}.parquet'}' {options}")
        else:
            con.execute(f"copy {table} to '{out}' {options}")
    result = {"as_of": as_of.isoformat(), "new_as_of": (as_of + day).isoformat(),
              "lookback_days": lookback_days, "window_start": window_start.isoformat(), "cases": cases}
    summary = src / "_generation_summary.json"
    if summary.exists():
        data = json.loads(summary.read_text())
        # the as-of time of the data the day was appended to (the clock of
        # its full build; --appended-dir reads it back)
        data["appended_day"] = {**result, "source_as_of": data["as_of"]}
        data["as_of"] = (as_of + day).strftime("%Y-%m-%dT%H:%M:%SZ")
        (dst / "_generation_summary.json").write_text(json.dumps(data, indent=2) + "\n")
    return result


# --------------------------------------------------------------------------
# Markov: exact SQL vs channelattribution
# --------------------------------------------------------------------------
CA_SCRIPT = r"""
import json, resource, sys, time
import pandas as pd
from ChannelAttribution import markov_model
paths = pd.read_csv(sys.argv[1])
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
res = markov_model(paths, var_path="path", var_conv="total_conversions", var_null="total_null",
                   order=1, sep=">", nsim_start=int(float(sys.argv[2])), max_step=int(sys.argv[4]),
                   out_more=True, ncore=int(sys.argv[3]), verbose=False, flg_pro=False)
t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_SELF)
removal = res["removal_effects"] if isinstance(res, dict) else res[2]
print(json.dumps({
    "wall_seconds": round(t1 - t0, 3),
    "cpu_seconds": round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 3),
    "max_step": int(sys.argv[4]), "simulations_at_least": int(float(sys.argv[2])),
    "removal_effects": dict(zip(removal["channel_name"], removal.iloc[:, 1].astype(float))),
}))
"""

SQL_MARKOV_SCRIPT = r"""
import duckdb, json, resource, sys, time
db, name, sql_path, out_csv = sys.argv[1:5]
con = duckdb.connect()
con.execute(f"attach '{db}' as \"{name}\" (read_only)")
con.execute("set TimeZone = 'UTC'")
sql = open(sql_path).read()
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
con.execute("create temp table markov as " + sql)
t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_SELF)
effects = dict(con.execute("select channel, removal_effect from markov").fetchall())
con.execute(f'''
    copy (
        select path, sum(case when is_converting then 1 else 0 end) as total_conversions,
            sum(case when is_converting then 0 else 1 end) as total_null
        from (
            select journey_id, is_converting, string_agg(channel, '>' order by step_number) as path
            from "{name}".intermediate.int_attribution_journeys_built
            group by journey_id, is_converting
        ) group by path
    ) to '{out_csv}' (header true)''')
journeys = con.execute(f"select count(distinct journey_id), count(*) from \"{name}\".intermediate.int_attribution_journeys_built").fetchone()
print(json.dumps({"wall_seconds": round(t1 - t0, 3),
                  "cpu_seconds": round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 3),
                  "journeys": journeys[0], "touches": journeys[1], "removal_effects": effects}))
"""


def compare_channelattribution(db: Path, work: Path, ca_python: str | None, nsim: float, threads: str) -> dict:
    compiled = work / "target-full" / "compiled" / "revenue_analytics" / "models" / "intermediate" / "attribution" \
        / "int_markov_removal_effects_computed.sql"
    if not compiled.exists():
        compiled = None
    if compiled is None:
        return {"error": "compiled int_markov_removal_effects_computed.sql not found"}
    paths_csv = work / "markov_paths.csv"
    sql = subprocess.run([sys.executable, "-c", SQL_MARKOV_SCRIPT, str(db), db.stem, str(compiled), str(paths_csv)],
                         capture_output=True, text=True)
    if sql.returncode != 0:
        return {"error": "exact Markov query failed: " + sql.stderr[-2000:]}
    exact = json.loads(sql.stdout.strip().splitlines()[-1])
    result = {"exact_sql": exact}
    if not ca_python:
        result["error"] = "no --ca-python given (a Python with channelattribution installed)"
        return result
    # the step cap lifted: a simulated path ends only when it is absorbed
    # (the default cap, the longest observed path, truncates long journeys)
    ca = subprocess.run([ca_python, "-c", CA_SCRIPT, str(paths_csv), str(nsim), threads, str(10 ** 6)],
                        capture_output=True, text=True)
    if ca.returncode != 0:
        result["error"] = "channelattribution failed: " + ca.stderr[-2000:]
        return result
    simulated = json.loads(ca.stdout.strip().splitlines()[-1])
    result["channelattribution"] = simulated
    exact_re = exact["removal_effects"]
    # compare the channels' shares of the summed removal effects (whatever
    # scale either reports them in)
    total_exact = sum(v for v in exact_re.values() if v is not None)
    total_ca = sum(simulated["removal_effects"].values())
    result["share_difference_max"] = max(
        abs(exact_re[c] / total_exact - simulated["removal_effects"].get(c, 0.0) / total_ca)
        for c in exact_re if exact_re[c] is not None) if total_exact and total_ca else None
    result["removal_effect_relative_difference_max"] = max(
        abs(simulated["removal_effects"].get(c, 0.0) - exact_re[c]) / exact_re[c]
        for c in exact_re if exact_re[c])
    result["exact_faster"] = exact["wall_seconds"] < simulated["wall_seconds"]
    return result


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------
def judge_targets(results: dict, bench_dir: Path) -> list[dict]:
    latest = {size: (json.loads(p.read_text()) if (p := bench_dir / f"latest-{size}.json").exists() else None)
              for size in ("M", "L")}
    latest[results["size"]] = results
    checks = []
    big = latest.get("L")
    if big and big.get("full_build"):
        checks.append(_check("L full build (s)", big["full_build"]["wall_seconds"], TARGETS["L_full_build_seconds"]))
        checks.append(_check("L full build peak RSS (GiB)", big["full_build"]["peak_rss_bytes"] / GIB,
                             TARGETS["L_full_build_peak_rss_bytes"] / GIB))
    if big and big.get("incremental"):
        checks.append(_check("L incremental day (s)", big["incremental"]["wall_seconds"],
                             TARGETS["L_incremental_seconds"]))
    mid = latest.get("M")
    if big and mid and big.get("full_build") and mid.get("full_build"):
        checks.append(_check("M->L build time ratio", big["full_build"]["wall_seconds"]
                             / mid["full_build"]["wall_seconds"], TARGETS["M_to_L_build_ratio"]))
        checks.append(_check("M->L build CPU ratio", big["full_build"]["cpu_seconds"]
                             / mid["full_build"]["cpu_seconds"], TARGETS["M_to_L_build_ratio"]))
    ca, ca_size = results.get("markov_comparison"), results["size"]
    if not ca and big:
        ca, ca_size = big.get("markov_comparison"), "L"
    if ca and ca.get("channelattribution"):
        checks.append({"target": f"exact Markov faster than channelattribution ({ca_size} journeys)",
                       "value": f"{ca['exact_sql']['wall_seconds']} s vs {ca['channelattribution']['wall_seconds']} s",
                       "limit": "faster", "met": ca["exact_faster"]})
    return checks


def _check(name: str, value: float, limit: float) -> dict:
    return {"target": name, "value": round(value, 2), "limit": limit, "met": value < limit}


def print_report(results: dict, previous: dict | None) -> None:
    def prev(*keys):
        node = previous
        for k in keys:
            node = (node or {}).get(k) if isinstance(node, dict) else None
        return node

    print()
    print(f"== benchmark size {results['size']} ({results['raw_dir']}) ==")
    print(f"DuckDB threads {results.get('duckdb_threads')}, memory limit {results.get('duckdb_memory_limit', 'not recorded')}, "
          f"dbt threads {results.get('dbt_threads', 'not recorded')}")
    rows = results["raw_floor"]["rows_per_table"]
    print(f"{'raw table':<32}{'rows':>14}")
    for table, n in rows.items():
        print(f"{table:<32}{n:>14,}")
    print(f"{'total':<32}{results['raw_rows_total']:>14,}")
    print()
    header = f"{'measure':<44}{'value':>14}{'previous':>14}"
    print(header)
    print("-" * len(header))
    lines = [
        ("raw floor scan (s wall)", results["raw_floor"]["wall_seconds"], prev("raw_floor", "wall_seconds")),
        ("raw floor scan (s CPU)", results["raw_floor"]["cpu_seconds"], prev("raw_floor", "cpu_seconds")),
    ]
    full = results.get("full_build")
    if full:
        lines += [
            ("full dbt build (s wall)", full["wall_seconds"], prev("full_build", "wall_seconds")),
            ("full dbt build (s CPU)", full["cpu_seconds"], prev("full_build", "cpu_seconds")),
            ("full build peak RSS (GiB)", round(full["peak_rss_bytes"] / GIB, 2),
             round(prev("full_build", "peak_rss_bytes") / GIB, 2) if prev("full_build", "peak_rss_bytes") else None),
            ("  raw load hook (s)", full.get("seconds_by_node_type", {}).get("raw_load_hook"),
             prev("full_build", "seconds_by_node_type", "raw_load_hook")),
            ("build s per million raw rows", results["seconds_per_million_raw_rows"],
             prev("seconds_per_million_raw_rows")),
            ("build CPU s per million raw rows", results["cpu_seconds_per_million_raw_rows"],
             prev("cpu_seconds_per_million_raw_rows")),
            ("build time / raw scan time", results["build_to_raw_scan_ratio"], prev("build_to_raw_scan_ratio")),
        ]
    inc = results.get("incremental")
    if inc:
        lines += [
            ("incremental day dbt build (s wall)", inc["wall_seconds"], prev("incremental", "wall_seconds")),
            ("incremental day dbt build (s CPU)", inc["cpu_seconds"], prev("incremental", "cpu_seconds")),
            ("incremental peak RSS (GiB)", round(inc["peak_rss_bytes"] / GIB, 2),
             round(prev("incremental", "peak_rss_bytes") / GIB, 2) if prev("incremental", "peak_rss_bytes") else None),
        ]
    if results.get("database_bytes"):
        lines.append(("DuckDB database after the runs (GiB)", round(results["database_bytes"] / GIB, 2),
                      round(prev("database_bytes") / GIB, 2) if prev("database_bytes") else None))
    for name, value, before in lines:
        fmt = lambda v: "" if v is None else (f"{v:,.2f}" if isinstance(v, float) else f"{v:,}")
        print(f"{name:<44}{fmt(value):>14}{fmt(before):>14}")
    for label, run in (("full build", full), ("incremental day", inc)):
        if run and run.get("slowest_models"):
            print(f"\nten slowest models, {label} (s, from run_results.json):")
            for m in run["slowest_models"]:
                print(f"  {m['seconds']:>9.2f}  {m['model']}")
            if run.get("nodes_at_peak_rss"):
                print(f"  running at the peak RSS: {', '.join(run['nodes_at_peak_rss'])}")
            if run.get("peak_rss_by_node"):
                print(f"  largest RSS while each node ran (GiB), {label}:")
                for n in run["peak_rss_by_node"][:5]:
                    beside = f"  (beside {', '.join(n['beside'])})" if n["beside"] else ""
                    print(f"  {n['peak_rss_bytes'] / GIB:>9.2f}  {n['node']}{beside}")
            if run.get("failed_nodes"):
                print(f"  FAILED: {', '.join(run['failed_nodes'])}")
    ca = results.get("markov_comparison")
    if ca:
        print("\nMarkov removal effects, exact SQL vs channelattribution:")
        print(json.dumps(ca, indent=2, default=str))
    print(f"\nload average at start {results['load_average_start']}, at end {results['load_average_end']}")
    print("\ntargets:")
    if not results["targets"]:
        print("  (none judged at this size: they are about L, and M->L needs latest-M.json and latest-L.json)")
    for c in results["targets"]:
        print(f"  {'MET   ' if c['met'] else 'MISSED'} {c['target']}: {c['value']} (target < {c['limit']})")


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


def write_results(results: dict, bench_dir: Path, label: str, previous: dict | None) -> None:
    """Judges the targets, writes results-<label>-<UTC stamp>.json and
    latest-<label>.json, and prints the report (compared with `previous`).
    A run whose build failed is written to its results file only: its
    figures stop at the failure, so it neither replaces latest-<label>.json
    nor is judged against the targets."""
    failed = any((results.get(step) or {}).get("returncode", 0) != 0 for step in ("full_build", "incremental"))
    results["targets"] = [] if failed else judge_targets(results, bench_dir)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(results, indent=2, default=str) + "\n"
    written = bench_dir / f"results-{label}-{stamp}.json"
    written.write_text(text)
    print_report(results, previous)
    if failed:
        print(f"\nwritten: {written} (a build failed: {label}'s latest file kept, no target judged)")
        return
    latest = bench_dir / f"latest-{label}.json"
    latest.write_text(text)
    print(f"\nwritten: {written} and {latest}")


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


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=["S", "M", "L"], default="S")
    ap.add_argument("--scale", type=float, default=None, help="generator scale instead of the size's (S=1, M=10, L=100); labelled x<scale>")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--raw-dir", help="use this folder of raw files instead of generating one")
    ap.add_argument("--bench-dir", default=str(ROOT / "build" / "bench"))
    ap.add_argument("--regenerate", action="store_true", help="generate the data again even if present")
    ap.add_argument("--no-incremental", action="store_true", help="skip the appended-day incremental run")
    ap.add_argument("--floor-only", action="store_true",
                    help="only the raw floor (e.g. when the disk has no room for a full build)")
    ap.add_argument("--lookback-days", type=int, default=None,
                    help="incremental_lookback_days var for the incremental run (default: the project's)")
    ap.add_argument("--threads", default=None, help="DUCKDB_THREADS for the builds (default: the profile's)")
    ap.add_argument("--compare-channelattribution", action="store_true")
    ap.add_argument("--ca-python", default=os.environ.get("CA_PYTHON"),
                    help="a Python with PyPI channelattribution installed (or env CA_PYTHON)")
    ap.add_argument("--ca-simulations", type=float, default=1e6)
    ap.add_argument("--incremental-only", metavar="DATABASE",
                    help="time only the appended-day incremental run, on DATABASE: the database of an earlier full "
                         "build of the same data (kept with --keep-database), which the run changes; the other "
                         "figures are carried over from latest-<size>.json (for a disk that cannot hold the full "
                         "build's database beside the appended copy of the raw files)")
    ap.add_argument("--appended-dir", metavar="DIR",
                    help="with --incremental-only: a folder already holding the data plus the appended day (the "
                         "<size>-next folder of a run with --keep-database); the size's own raw files are then "
                         "not read and may be deleted first")
    ap.add_argument("--keep-database", action="store_true",
                    help="keep the benchmark's DuckDB file and appended-day copy (size M: ~12 GB and ~1.5 GB); "
                         "by default they are deleted once measured")
    args = ap.parse_args(argv)
    # A scale override is its own workload: its data, work folder and results
    # are labelled x<scale> (e.g. x30) and never replace those of S, M or L.
    args.label = args.size if args.scale is None else f"x{args.scale:g}"

    bench_dir = Path(args.bench_dir).resolve()
    bench_dir.mkdir(parents=True, exist_ok=True)
    if args.incremental_only:
        return incremental_only(args, bench_dir)
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

    results = {
        "size": args.label, "generator_scale": args.scale, "raw_dir": str(raw_dir),
        "started_at": dt.datetime.now(dt.timezone.utc).isoformat(),
        "machine": {"cpus": os.cpu_count(), "memory_bytes": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")},
        "duckdb_threads": threads,
        "dbt_threads": os.environ.get("DBT_THREADS", DEFAULT_DBT_THREADS),
        "duckdb_memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT), "generation": generation, "raw_floor": floor, "raw_rows_total": total_rows,
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
    if full["returncode"] == 0 and not args.no_incremental and not args.floor_only:
        next_dir, appended = append_next_day(raw_dir, bench_dir, args)
        results["incremental"] = run_incremental_day(next_dir, appended, db, work, args, clock)
    if args.compare_channelattribution and full["returncode"] == 0 and not args.floor_only:
        print("Markov: exact SQL vs channelattribution ...", flush=True)
        results["markov_comparison"] = compare_channelattribution(db, work, args.ca_python, args.ca_simulations,
                                                                  threads)
    # The database of a large size fills a disk quickly: record its size, then
    # delete it (and the appended-day copy of the raw files) unless kept.
    results["database_bytes"] = db.stat().st_size if db.exists() else None
    if not args.keep_database:
        for leftover in (db, db.with_name(db.name + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(bench_dir / f"{args.label}-next", ignore_errors=True)
    results["load_average_start"] = load_start
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    latest = bench_dir / f"latest-{args.label}.json"
    previous = json.loads(latest.read_text()) if latest.exists() else None
    write_results(results, bench_dir, args.label, previous)
    if full["returncode"] != 0 or (results.get("incremental") or {}).get("returncode", 0) != 0:
        raise SystemExit(1)
    return results


if __name__ == "__main__":
    main()
