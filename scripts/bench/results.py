"""The benchmark's results: the targets of the scale issue that they can
judge, the printed report (compared with the previous run of the same size)
and the JSON files results-<label>-<UTC stamp>.json and latest-<label>.json."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bench.config import GIB, TARGETS


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
    """Prints the run's figures beside those of `previous` (the last
    latest-<label>.json), the slowest nodes and the targets judged."""
    def prev(*keys):
        node = previous
        for k in keys:
            node = (node or {}).get(k) if isinstance(node, dict) else None
        return node

    _print_raw_rows(results)
    header = f"{'measure':<44}{'value':>14}{'previous':>14}"
    print(header)
    print("-" * len(header))
    for name, value, before in _measure_lines(results, prev):
        print(f"{name:<44}{_cell(value):>14}{_cell(before):>14}")
    for label, run in (("full build", results.get("full_build")), ("incremental day", results.get("incremental"))):
        if run and run.get("slowest_models"):
            _print_nodes(label, run)
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


def _cell(v) -> str:
    return "" if v is None else (f"{v:,.2f}" if isinstance(v, float) else f"{v:,}")


def _print_raw_rows(results: dict) -> None:
    """The run's settings and the rows of each raw table."""
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


def _measure_lines(results: dict, prev) -> list[tuple]:
    """(measure, value, previous value) rows of the report's table."""
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
    return lines


def _print_nodes(label: str, run: dict) -> None:
    """A run's ten slowest models, the nodes at its peak RSS and its failures."""
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
