"""The project database, opened read-only, and the queries every check is built on.

An in-memory DuckDB session attaches the file as `db` (read-only), so the
validation never writes to it and can run next to a build's readers.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd


class MartsDatabase:
    """Rows of `db` as frames or tuples, a schema's tables and columns, and a cache the
    inputs share (each input is computed once per run)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        # An in-memory session with the project database attached read-only:
        # nothing is ever written to the file, and a build can keep it.
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"attach '{db_path.as_posix()}' as db (read_only)")
        self.con.execute("set TimeZone = 'UTC'")
        self.con.execute("set enable_progress_bar = false")
        self._cache: dict[str, object] = {}

    def df(self, sql: str) -> pd.DataFrame:
        return self.con.sql(sql).df()

    def one(self, sql: str, params=None) -> tuple:
        """The first row of a query (every row is fetched, so the connection is free afterwards)."""
        rows = self.con.execute(sql, params).fetchall() if params else self.con.execute(sql).fetchall()
        return rows[0]

    def tables(self, schema: str) -> dict[str, list[tuple[str, str]]]:
        rows = self.con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_catalog = 'db' and table_schema = ? order by table_name, ordinal_position",
            [schema],
        ).fetchall()
        out: dict[str, list[tuple[str, str]]] = {}
        for table, column, dtype in rows:
            out.setdefault(table, []).append((column, dtype))
        return out

    def has_table(self, schema: str, table: str) -> bool:
        return table in self.tables(schema)

    def mart(self, table: str) -> pd.DataFrame:
        return self.df(f"select * from db.marts.{table}")
