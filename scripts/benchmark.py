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

This file is the command line; each step is a module of the bench package
next to it (scripts/bench/, listed in its __init__.py).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench package next to this file

from bench.config import ROOT  # noqa: E402
from bench.full_run import full_run  # noqa: E402
from bench.incremental import incremental_only  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
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
    return args


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    bench_dir = Path(args.bench_dir).resolve()
    bench_dir.mkdir(parents=True, exist_ok=True)
    if args.incremental_only:
        return incremental_only(args, bench_dir)
    return full_run(args, bench_dir)


if __name__ == "__main__":
    main()
