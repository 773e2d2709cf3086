"""The published file opens in DuckDB 1.1, the oldest client it promises
(PUBLISHED_STORAGE_VERSION v1.1.0; BI drivers bundle DuckDB 1.1 to 1.4, which
refuse DuckDB 2.0's own storage format), with every mart and its comments.

Reuses the published file of the session's reference build (test_publish):
no build of its own. The old `duckdb` runs in a throwaway venv cached under
build/old_duckdb_venv (tests/python/throwaway_venv.py).
"""

from __future__ import annotations

import json
import time

import duckdb
import pytest

from test_publish import reference  # noqa: F401 - the session's small published build
from throwaway_venv import OLD_DUCKDB_PINS, OLD_DUCKDB_VENV, run_in, venv_python

# make test-long (pyproject.toml)
pytestmark = pytest.mark.long

# Runs in the old client: opens the file read-only and reads every table of
# schema marts (count(*) and the first 5 rows, converted to Python values, so
# that every column type is read), with the table and column comments.
OLD_CLIENT_SCRIPT = r'''
import json, sys
import duckdb
path = sys.argv[1]
out = {"version": duckdb.__version__, "tables": {}, "errors": {}}
try:
    con = duckdb.connect(path, read_only=True)
except Exception as e:
    out["errors"]["<open>"] = type(e).__name__ + ": " + str(e)
    print(json.dumps(out)); sys.exit(0)
out["database"] = con.execute("select current_database()").fetchall()[0][0]
tables = [r[0] for r in con.execute(
    "select table_name from duckdb_tables() where schema_name = 'marts' and database_name = current_database() "
    "order by 1").fetchall()]
for t in tables:
    relation = 'marts."' + t.replace('"', '""') + '"'
    try:
        rows = con.execute("select count(*) from " + relation).fetchall()[0][0]
        sample = con.execute("select * from " + relation + " limit 5").fetchall()
        out["tables"][t] = {"rows": rows, "sample_rows": len(sample), "sample": repr(sample)[:200]}
    except Exception as e:
        out["errors"][t] = type(e).__name__ + ": " + str(e)
out["table_comments"] = dict(con.execute(
    "select table_name, comment from duckdb_tables() where schema_name = 'marts' "
    "and database_name = current_database() and comment is not null").fetchall())
out["column_comments"] = {t + "." + c: text for t, c, text in con.execute(
    "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts' "
    "and database_name = current_database() and comment is not null").fetchall()}
con.close()
print(json.dumps(out))
'''


def mart_models(target) -> set[str]:
    """The enabled models of schema marts in the build's manifest."""
    manifest = json.loads((target / "manifest.json").read_text())
    return {node["name"] for node in manifest["nodes"].values()
            if node.get("resource_type") == "model" and node.get("schema") == "marts"
            and node.get("config", {}).get("enabled", True)}


def working_comments(db) -> tuple[dict, dict]:
    """Table and column comments of schema marts in the working database (what dbt persisted)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = dict(con.sql("select table_name, comment from duckdb_tables() where schema_name = 'marts' "
                              "and database_name = current_database() and comment is not null").fetchall())
        columns = {f"{t}.{c}": text for t, c, text in con.sql(
            "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts' "
            "and database_name = current_database() and comment is not null").fetchall()}
        return tables, columns
    finally:
        con.close()


def test_duckdb_1_1_reads_every_published_mart(reference):
    started = time.monotonic()
    python = venv_python(OLD_DUCKDB_VENV, OLD_DUCKDB_PINS)
    venv_seconds = time.monotonic() - started
    published = reference["published"]
    started = time.monotonic()
    result = run_in(python, OLD_CLIENT_SCRIPT, str(published))
    read_seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    got = json.loads(result.stdout)
    assert got["version"] == OLD_DUCKDB_PINS[0].split("==")[1]
    assert not got["errors"], "DuckDB {} cannot read the published file:\n{}".format(
        got["version"], "\n".join(f"{t}: {e}" for t, e in got["errors"].items()))
    # the catalog keeps the published file's name, whatever file the link points to
    assert got["database"] == published.stem

    expected = mart_models(reference["work"] / "target")
    assert expected, "no mart model in the manifest"
    assert set(got["tables"]) == expected | {"publication_info"}, \
        f"missing: {sorted(expected - set(got['tables']))}, unexpected: {sorted(set(got['tables']) - expected)}"
    for table, (rows, _) in reference["digests"].items():
        assert got["tables"][table]["rows"] == rows, f"marts.{table}: {got['tables'][table]['rows']} rows, " \
                                                     f"the build has {rows}"
        assert got["tables"][table]["sample_rows"] == min(rows, 5)

    # dbt's persisted docs survive the older storage format, every one of them
    table_comments, column_comments = working_comments(reference["work"] / "dev.duckdb")
    assert column_comments, "the build persisted no column comment"
    assert {t: c for t, c in got["table_comments"].items() if t != "publication_info"} == table_comments
    assert got["column_comments"] == column_comments
    assert got["table_comments"].get("publication_info")
    print(f"\nDuckDB {got['version']} read {len(got['tables'])} tables "
          f"({sum(t['rows'] for t in got['tables'].values())} rows) and {len(got['column_comments'])} column "
          f"comments in {read_seconds:.1f}s (venv ready in {venv_seconds:.1f}s)")
