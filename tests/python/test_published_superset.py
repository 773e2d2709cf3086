"""Superset's route to the published marts works with the versions Superset
installs, as docs/bi-clients.md pins them: SQLAlchemy 1.4.54, duckdb 1.4.4,
duckdb-engine 0.17.0 (apache-superset[duckdb] 6.1 requires sqlalchemy<2,
duckdb>=1.4.2,<2 and duckdb-engine>=0.17.0).

Through the URL docs/superset_config.py's DB_CONNECTION_MUTATOR gives, read
only and with NullPool as Superset connects: the inspector calls Superset makes
when a dataset is added (schemas, tables, views, columns with their comments,
primary key, foreign keys, indexes, table comment) and plain queries (count(*)
and the first 5 rows through a reflected table) for every mart.

(With SQLAlchemy 2.0.x or 2.1.x and the same duckdb-engine, only plain SQL works:
column and constraint reflection fail, `pg_collation` and `REGCLASS` not found;
docs/bi-clients.md says so.)

Reuses the published file of the session's reference build (test_publish);
the client runs in a throwaway venv cached under build/superset_duckdb_venv.
"""

from __future__ import annotations

import json
import time

import pytest

from conftest import ROOT
from test_published_old_client import mart_models, working_comments
from test_publish import reference  # noqa: F401 - the session's small published build
from throwaway_venv import SUPERSET_PINS, SUPERSET_VENV, run_in, venv_python

# make test-long (pyproject.toml)
pytestmark = pytest.mark.long

SUPERSET_SCRIPT = r'''
import json, runpy, sys, warnings
warnings.simplefilter("ignore")
import duckdb, duckdb_engine, sqlalchemy as sa
from sqlalchemy.pool import NullPool
published, config = sys.argv[1:3]
mutator = runpy.run_path(config)["DB_CONNECTION_MUTATOR"]
url, params = mutator(sa.engine.make_url("duckdb:///" + published),
                      {"poolclass": NullPool, "connect_args": {"read_only": True}}, None, None, None)
out = {"client": f"sqlalchemy {sa.__version__}, duckdb {duckdb.__version__}, duckdb-engine {duckdb_engine.__version__}",
       "url_database": url.database, "tables": {}, "errors": {}}
engine = sa.create_engine(url, **params)

def attempt(key, fn):
    try:
        return fn()
    except Exception as e:
        out["errors"][key] = type(e).__name__ + ": " + (str(e).splitlines() or [""])[0]

with engine.connect() as con:
    inspector = sa.inspect(con)
    out["schemas"] = attempt("get_schema_names", inspector.get_schema_names)
    tables = attempt("get_table_names", lambda: inspector.get_table_names(schema="marts")) or []
    out["views"] = attempt("get_view_names", lambda: inspector.get_view_names(schema="marts"))
    for t in tables:
        got = out["tables"][t] = {}
        columns = attempt(t + ": get_columns", lambda: inspector.get_columns(t, schema="marts")) or []
        got["columns"] = {c["name"]: c.get("comment") for c in columns}
        got["types"] = sorted({str(c["type"]) for c in columns})
        attempt(t + ": get_pk_constraint", lambda: inspector.get_pk_constraint(t, schema="marts"))
        attempt(t + ": get_foreign_keys", lambda: inspector.get_foreign_keys(t, schema="marts"))
        attempt(t + ": get_indexes", lambda: inspector.get_indexes(t, schema="marts"))
        got["comment"] = (attempt(t + ": get_table_comment",
                                  lambda: inspector.get_table_comment(t, schema="marts")) or {}).get("text")
        table = attempt(t + ": autoload", lambda: sa.Table(t, sa.MetaData(), schema="marts", autoload_with=con))
        got["rows"] = attempt(t + ": count", lambda: con.execute(
            sa.text('select count(*) from marts."' + t + '"')).fetchall()[0][0])
        if table is not None:
            got["sample_rows"] = attempt(t + ": select", lambda: len(con.execute(sa.select(table).limit(5)).fetchall()))
engine.dispose()
print(json.dumps(out))
'''


def test_superset_pins_reflect_and_query_every_mart(reference):
    started = time.monotonic()
    python = venv_python(SUPERSET_VENV, SUPERSET_PINS)
    venv_seconds = time.monotonic() - started
    published = reference["published"]
    started = time.monotonic()
    result = run_in(python, SUPERSET_SCRIPT, str(published), str(ROOT / "docs" / "superset_config.py"))
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    got = json.loads(result.stdout)
    assert not got["errors"], f"{got['client']} fails on the published file:\n" + "\n".join(
        f"{k}: {v}" for k, v in got["errors"].items())
    assert got["url_database"] != str(published) and got["url_database"].endswith(f"/{published.name}"), \
        "the mutator did not point the URL at the current build's file"
    assert any(s.endswith("marts") for s in got["schemas"]), got["schemas"]
    assert got["views"] == []
    expected = mart_models(reference["work"] / "target")
    assert set(got["tables"]) == expected | {"publication_info"}
    table_comments, column_comments = working_comments(reference["work"] / "dev.duckdb")
    for table, (rows, _) in reference["digests"].items():
        seen = got["tables"][table]
        assert seen["rows"] == rows and seen["sample_rows"] == min(rows, 5), (table, seen["rows"], rows)
        assert seen["comment"] == table_comments.get(table)
        assert {f"{table}.{c}": text for c, text in seen["columns"].items() if text is not None} == \
            {k: v for k, v in column_comments.items() if k.startswith(f"{table}.")}
    print(f"\n{got['client']}: reflected and queried {len(got['tables'])} tables in {seconds:.1f}s "
          f"(venv ready in {venv_seconds:.1f}s); column types seen: "
          f"{sorted({t for v in got['tables'].values() for t in v['types']})}")
