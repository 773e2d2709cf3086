"""Idempotent and deterministic builds.

The reference build (test_publish.reference_build: the small demo dataset,
2 dbt threads, rows in file order, build clock 2026-11-01) is compared with a
fresh build of the same input where everything that must not matter is
changed at once: every file's rows shuffled and its columns reordered, 1 dbt
thread and 1 DuckDB thread, and a build clock 30 days later (the as-of date
comes from the data; the clock only rejects future-dated rows, and the data
has none between the two clocks). Every mart (discovered in schema `marts`)
must have the same rows: same count and same exact content hash (md5 of its
sorted rows, every column as text, doubles in full: no tolerance). A sum of
doubles depends on the order it is added in, so the models never leave one to
the engine: such sums are computed exactly (decimals, integers) or in a fixed
order, and the figures are rounded to a stated precision (docs of each column).

Building the same input twice on one database (idempotence, incremental
models included) is covered by test_publish: the rerun after a killed build
gives the marts of the last good build of that input, byte for byte.
"""

from __future__ import annotations

import csv
import random
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from test_publish import BUILD_CLOCK, env_for, marts_digests, reference, run, wrapper_cmd  # noqa: F401

# make test-long (pyproject.toml)
pytestmark = pytest.mark.long

csv.field_size_limit(2**31 - 1)

LATER_CLOCK = "2026-12-01 00:00:00"


def shuffle_files(src: Path, dst: Path, seed: int = 20261125) -> None:
    """Every CSV with its rows in another order and its columns reordered."""
    rng = random.Random(seed)
    dst.mkdir(parents=True)
    for f in sorted(src.iterdir()):
        if f.suffix != ".csv":
            shutil.copy(f, dst / f.name)
            continue
        with open(f, newline="", encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh) if r]
        header, body = rows[0], rows[1:]
        order = list(range(len(header)))
        rng.shuffle(order)
        rng.shuffle(body)
        with open(dst / f.name, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([header[i] for i in order])
            w.writerows([[r[i] for i in order] for r in body])


def test_same_input_gives_identical_marts_whatever_the_order_threads_and_clock(reference, tmp_path):
    raw = tmp_path / "raw"
    shuffle_files(reference["raw"], raw)
    env = env_for(tmp_path, raw, EMAIL_HASH_KEY=reference["key"], DBT_THREADS=1, DUCKDB_THREADS=1)
    started = time.monotonic()
    result = run(wrapper_cmd("build", publish=False, clock=LATER_CLOCK), env)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Concurrency: 1 threads" in result.stdout

    # exact content hashes of every mart (doubles in full, no tolerance)
    got = marts_digests(tmp_path / "dev.duckdb", exact=True)
    want = marts_digests(reference["work"] / "dev.duckdb", exact=True)
    assert set(got) == set(want), f"different mart tables: {sorted(set(got) ^ set(want))}"
    assert len(got) > 0
    differing = sorted(t for t in want if got[t] != want[t])
    detail = "".join(describe_differences(reference["work"] / "dev.duckdb", tmp_path / "dev.duckdb", t)
                     for t in differing)
    assert not differing, f"marts differ between the two builds: {differing}{detail}"
    print(f"\n{len(got)} marts identical to the last bit (rows shuffled, columns reordered, 1 thread vs 2, "
          f"clock {LATER_CLOCK} vs {BUILD_CLOCK}); build took {seconds:.0f}s")


def describe_differences(db_a: Path, db_b: Path, table: str) -> str:
    """Which columns differ in a mart (keys and column names only: no data in test output)."""
    con = duckdb.connect()
    try:
        con.sql(f"attach '{db_a}' as a (read_only)")
        con.sql(f"attach '{db_b}' as b (read_only)")
        cols, other = ([r[0] for r in con.sql(f"select column_name from duckdb_columns() where database_name = '{db}' "
                                              f"and schema_name = 'marts' and table_name = '{table}' "
                                              f"order by column_index").fetchall()] for db in ("a", "b"))
        changed = [f"{c} (only in the reference build)" for c in cols if c not in other]
        changed += [f"{c} (only in the second build)" for c in other if c not in cols]
        for c in (c for c in cols if c in other):
            n = con.sql(f'select count(*) from (select "{c}" from a.marts."{table}" '
                        f'except all select "{c}" from b.marts."{table}")').fetchall()[0][0]
            if n:
                changed.append(f"{c} ({n} values)")
        return f"\n{table}: columns with different values: {', '.join(changed) or 'none (row multiplicity)'}"
    finally:
        con.close()
