"""Shared by the native CRM tests (test_native_hubspot.py,
test_native_salesforce.py): the small demo generated once with every native
shape, its build from the contract files done once per session, a native
build, and helpers comparing two builds' relations.

The databases are attached to one DuckDB connection as `f` (files) and `n`
(native)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from conftest import ROOT, made_once, run_dbt

NATIVE_CRMS = ["hubspot", "salesforce"]


def demo_raw(tmp_path_factory) -> Path:
    """The small demo (seed 7, scale 0.02) with every native shape, generated
    once per session (also across pytest-xdist workers)."""
    def generate(folder: Path) -> None:
        natives = [arg for system in [*NATIVE_CRMS, "segment", "ads"] for arg in ("--native", system)]
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--out", str(folder),
                        "--seed", "7", "--scale", "0.02", *natives, "--quiet"],
                       check=True, capture_output=True, text=True)
    return made_once(tmp_path_factory, "native_demo_raw", generate)


def files_build(tmp_path_factory) -> Path:
    """The folder of the demo's build from the contract files (dev.duckdb),
    built once per session (also across pytest-xdist workers)."""
    raw = demo_raw(tmp_path_factory)
    return made_once(tmp_path_factory, "native_demo_files",
                     lambda folder: run_dbt(["build", "--exclude-resource-type", "unit_test"], raw, folder,
                                            check=True))


def native_build(tmp_path_factory, crm: str, forms: str | None = None, extra_args: tuple[str, ...] = ()) -> Path:
    """The folder of the demo's build reading the CRM natively from <raw>/<crm>/,
    and the form submissions too from <raw>/<forms>/ when forms is a native
    system (var forms_source); extra_args are added to `dbt build`."""
    raw = demo_raw(tmp_path_factory)
    native = tmp_path_factory.mktemp(f"native_{crm}" + (f"_forms_{forms}" if forms else ""))
    systems = {crm} | ({forms} if forms and forms != "files" else set())
    vars_ = f"{{crm_source: {crm}" + (f", forms_source: {forms}" if forms else "") + "}"
    run_dbt(["build", "--exclude-resource-type", "unit_test", "--vars", vars_, *extra_args], raw, native,
            extra_env={f"{system.upper()}_DATA_DIR": str(raw / system) for system in systems}, check=True)
    return native


def attach_builds(files: Path, native: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"attach '{files / 'dev.duckdb'}' as f (read_only)")
    con.execute(f"attach '{native / 'dev.duckdb'}' as n (read_only)")
    return con


def relation(con, db: str, table: str) -> str:
    schema = con.execute("select table_schema from information_schema.tables where table_catalog = ? "
                         "and table_name = ?", [db, table]).fetchone()[0]
    return f'{db}."{schema}"."{table}"'


def only_in(con, table: str, columns: str = "*") -> tuple[int, int]:
    """Rows only in the files build, rows only in the native build (multisets)."""
    f, n = relation(con, "f", table), relation(con, "n", table)
    one = con.execute(f"select count(*) from (select {columns} from {f} except all select {columns} from {n})").fetchone()
    two = con.execute(f"select count(*) from (select {columns} from {n} except all select {columns} from {f})").fetchone()
    return one[0], two[0]


def columns_of(con, table: str) -> list[str]:
    return [r[0] for r in con.execute("select column_name from information_schema.columns where table_catalog = 'f' "
                                      "and table_name = ? order by ordinal_position", [table]).fetchall()]


def kept_columns(con, table: str, allowed: set[str]) -> str:
    """The table's columns but the allowed ones, quoted, for only_in."""
    return ", ".join(f'"{c}"' for c in columns_of(con, table) if c not in allowed)


def differing_columns(con, table: str, key: str, columns: set[str]) -> list[str]:
    """Of the columns, those that differ somewhere between the builds (rows joined on key)."""
    f, n = relation(con, "f", table), relation(con, "n", table)
    return [c for c in sorted(columns) if con.execute(
        f'select count(*) from {f} as a join {n} as b using ({key}) where a."{c}" is distinct from b."{c}"'
    ).fetchone()[0] > 0]


def scalar_rows(con, db: str, sql: str, *tables: str) -> list[tuple]:
    """The rows of sql, its {} filled with the tables' relations in db."""
    return con.execute(sql.format(*(relation(con, db, t) for t in tables))).fetchall()


def accounted_rows(con, db: str) -> dict[tuple[str, str], int]:
    """Per (system, native table): the rows stg_audit__native_row_counts accounts for."""
    counts = relation(con, db, "stg_audit__native_row_counts")
    rows = con.execute(f"select native_source, native_table, sum(native_rows) from {counts} group by all").fetchall()
    return {(source, table): int(total) for source, table, total in rows}


def landed_rows(raw: Path, systems: list[str]) -> dict[tuple[str, str], int]:
    """Per (system, native table): the rows of its Parquet file in the demo's native folders."""
    return {(system, path.stem): duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
            for system in systems for path in (raw / system).glob("*.parquet")}


def data_gaps(con, db: str) -> set[str]:
    return {row[0] for row in con.execute(f"select gap_id from {relation(con, db, 'stg_audit__native_data_gaps')}")
            .fetchall()}
