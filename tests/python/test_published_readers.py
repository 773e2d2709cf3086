"""Readers of the published file get the latest build on their next
connection, as docs/bi-clients.md says, even while they hold older ones.

Each publish writes a new file, `<name>.builds/<publish id>/<name>.duckdb`,
and swaps the published path (a relative symbolic link) to it in one rename,
then writes the pointer `<name>.latest`; only the last PUBLISHED_KEEP_BUILDS
(2) per-publish folders stay. A DuckDB client keeps one database instance per
path in a process while any connection to it is open, so:

- a process holding a connection opened through the published path (a BI
  server's pool) that opens a new connection through the link's target, or
  the path in `<name>.latest`, sees the new build at once, with the project's
  DuckDB 2.0 and with DuckDB 1.1 (the oldest client the file promises);
- through the published path itself, DuckDB 2.0 sees the new build too (it
  resolves the link before its instance cache), DuckDB 1.1 the old one until
  every connection of the process is closed (the documented limitation);
- Superset's pins (SQLAlchemy 1.4, duckdb 1.4, duckdb-engine) with
  docs/superset_config.py's DB_CONNECTION_MUTATOR see the new build on the
  next query while another query holds the old one.

The builds here are fabricated (a one-table working database and the
run_results.json/manifest.json of a passing `dbt build`), so no dbt runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT
from throwaway_venv import OLD_DUCKDB_PINS, OLD_DUCKDB_VENV, SUPERSET_PINS, SUPERSET_VENV, venv_python

sys.path.insert(0, str(ROOT / "scripts"))
import publish  # noqa: E402

NAME = "revenue_analytics.duckdb"


def fake_build(work: Path, value: int) -> None:
    """A working database whose mart `fct_x` holds `value`, and the target of a passing build of it."""
    work.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(work / "dev.duckdb"))
    try:
        con.sql("create schema if not exists marts")
        con.sql(f"create or replace table marts.fct_x as select {value} as v, 'build {value}' as label")
        con.sql("comment on table marts.fct_x is 'A fabricated mart.'")
        con.sql("comment on column marts.fct_x.v is 'Which fabricated build.'")
    finally:
        con.close()
    invocation = f"00000000-0000-4000-8000-{value:012d}"
    target = work / "target"
    target.mkdir(exist_ok=True)
    node = {"resource_type": "model", "schema": "marts", "name": "fct_x", "config": {"enabled": True}}
    (target / "manifest.json").write_text(json.dumps(
        {"metadata": {"invocation_id": invocation}, "nodes": {"model.h2.fct_x": node}}))
    (target / "run_results.json").write_text(json.dumps(
        {"metadata": {"invocation_id": invocation, "generated_at": "2026-11-01T00:00:00Z", "dbt_version": "1.11"},
         "args": {"which": "build"}, "results": [{"unique_id": "model.h2.fct_x", "status": "success"}]}))


def publish_cli(work: Path, out: Path, **env) -> subprocess.CompletedProcess:
    environ = dict(os.environ, DBT_DUCKDB_PATH=str(work / "dev.duckdb"), DBT_TARGET_PATH=str(work / "target"),
                   PUBLISHED_DUCKDB_PATH=str(out), **env)
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "publish.py")], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=300)


def build_and_publish(work: Path, out: Path, value: int) -> dict:
    fake_build(work, value)
    return publish.publish(work / "dev.duckdb", work / "target", out)


def read_value(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql("select v from marts.fct_x").fetchall()[0][0]
    finally:
        con.close()


def storage_tag(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql("select tags['storage_version'] from duckdb_databases() "
                       "where database_name = current_database()").fetchall()[0][0]
    finally:
        con.close()


# ------------------------------------------------------------ the file layout

def test_each_publish_is_a_new_file_behind_the_published_link(tmp_path):
    work, out = tmp_path / "work", tmp_path / "published" / NAME
    files = []
    for value in (1, 2, 3):
        fake_build(work, value)
        started = time.monotonic()
        result = publish_cli(work, out)  # the published path is already a link from the 2nd on: never resolved
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith(f"Published 1 mart tables of build 00000000-0000-4000-8000-{value:012d} "
                                        f"to {out} "), result.stdout
        assert out.is_symlink() and not os.path.isabs(os.readlink(out)), "the published path is a relative link"
        current = publish.current_file(out)
        assert current.parent.parent == publish.builds_dir(out) and current.name == NAME
        assert publish.pointer_file(out).read_text() == os.readlink(out) + "\n"
        assert read_value(out) == value and read_value(current) == value
        assert storage_tag(out) == "v1.0.0+", "not written in DuckDB 1.x storage"
        files.append(current)
        print(f"\npublish {value}: {seconds:.1f}s -> {os.readlink(out)}")
    assert len(set(files)) == 3, "a publish reused an earlier file's path"
    # the last two publishes stay (the current one and the one before), older ones go
    assert sorted(p for p in publish.builds_dir(out).iterdir()) == [files[1].parent, files[2].parent]
    assert not files[0].exists()
    assert not list(out.parent.glob(f".{NAME}.tmp-*")), "temporary files left behind"
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [NAME, "revenue_analytics.builds", "revenue_analytics.latest"])
    con = duckdb.connect(str(out), read_only=True)
    try:
        assert con.sql("select comment from duckdb_columns() where table_name = 'fct_x' "
                       "and column_name = 'v'").fetchall() == [("Which fabricated build.",)]
        assert con.sql("select current_database()").fetchall() == [("revenue_analytics",)]
    finally:
        con.close()


def test_keep_builds_setting(tmp_path, monkeypatch):
    """Publishing the same build again deletes the file before it (docs: after
    a privacy deletion); PUBLISHED_KEEP_BUILDS=1 keeps only the new file."""
    work, out = tmp_path / "work", tmp_path / "published" / NAME
    before_deletion = build_and_publish(work, out, 1)["file"]
    build_and_publish(work, out, 2)
    assert Path(before_deletion).exists()
    build_and_publish(work, out, 2)  # `make publish` once more: the same build
    assert not Path(before_deletion).exists()
    assert len(list(publish.builds_dir(out).iterdir())) == 2
    monkeypatch.setenv("PUBLISHED_KEEP_BUILDS", "1")
    info = build_and_publish(work, out, 3)
    assert list(publish.builds_dir(out).iterdir()) == [Path(info["file"]).parent]
    assert read_value(out) == 3
    monkeypatch.setenv("PUBLISHED_KEEP_BUILDS", "two")
    fake_build(work, 4)
    refused = publish_cli(work, out)
    assert refused.returncode == 2 and "PUBLISHED_KEEP_BUILDS='two' is not a whole number" in refused.stderr
    assert read_value(out) == 3


def test_a_published_file_from_before_per_build_files_is_replaced(tmp_path):
    """Upgrading: the published path was a plain file (and a reader may hold it)."""
    work, out = tmp_path / "work", tmp_path / "published" / NAME
    out.parent.mkdir(parents=True)
    con = duckdb.connect(str(out))
    con.sql("create schema marts")
    con.sql("create table marts.fct_x as select 0 as v")
    con.close()
    holder = duckdb.connect(str(out), read_only=True)
    try:
        build_and_publish(work, out, 1)
        assert out.is_symlink() and read_value(publish.current_file(out)) == 1
        assert holder.sql("select v from marts.fct_x").fetchall() == [(0,)]
    finally:
        holder.close()
    assert read_value(out) == 1


def test_without_symbolic_links_the_published_path_is_a_hard_link(tmp_path, monkeypatch):
    def no_symlinks(*args, **kwargs):
        raise OSError("symbolic links not supported here")

    monkeypatch.setattr(publish.os, "symlink", no_symlinks)
    work, out = tmp_path / "work", tmp_path / "published" / NAME
    for value in (1, 2):
        info = build_and_publish(work, out, value)
        assert info["link"] == "hard link"
        assert not out.is_symlink() and os.path.samefile(out, publish.current_file(out))
        assert read_value(out) == value


def test_storage_version_setting(tmp_path, monkeypatch):
    work, out = tmp_path / "work", tmp_path / "published" / NAME
    monkeypatch.setenv("PUBLISHED_STORAGE_VERSION", "latest")
    info = build_and_publish(work, out, 1)
    assert info["storage_version"] == "latest"
    assert storage_tag(out) not in ("v1.0.0+", None), "`latest` should write the running DuckDB's own format"
    fake_build(work, 2)
    bad = publish_cli(work, out, PUBLISHED_STORAGE_VERSION="v9.9.9")
    assert bad.returncode == 2, bad.stdout + bad.stderr
    assert bad.stderr.startswith("Not published: PUBLISHED_STORAGE_VERSION='v9.9.9': "), bad.stderr
    assert "still holds build 00000000-0000-4000-8000-000000000001" in bad.stderr
    assert read_value(out) == 1
    assert not list(out.parent.glob(f".{NAME}.tmp-*"))
    monkeypatch.delenv("PUBLISHED_STORAGE_VERSION")
    assert publish.storage_version() == "v1.1.0"


# ------------------------------------------- a reader holding a connection open

# Holds a connection opened through the published path, says so, waits for the
# parent to publish another build, then opens new connections each way the
# docs name (the published path, the link's target, the pointer file's path).
HELD_DUCKDB = r'''
import json, os, sys, time
import duckdb
stable, ready, go, out = sys.argv[1:5]

def value(con):
    return con.execute("select v from marts.fct_x").fetchall()[0][0]

def fresh(path):
    con = duckdb.connect(path, read_only=True)
    try:
        return value(con)
    finally:
        con.close()

def from_pointer():
    folder = os.path.dirname(stable)
    with open(os.path.join(folder, os.path.splitext(os.path.basename(stable))[0] + ".latest")) as f:
        return os.path.join(folder, f.read().strip())

held = duckdb.connect(stable, read_only=True)
res = {"client": "duckdb " + duckdb.__version__, "held_before": value(held)}
open(ready, "w").close()
deadline = time.monotonic() + 300
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("the parent never published")
    time.sleep(0.05)
res["held_after"] = value(held)
res["new_connection_same_path"] = fresh(stable)
res["new_connection_link_target"] = fresh(os.path.realpath(stable))
res["new_connection_pointer_file"] = fresh(from_pointer())
res["held_still"] = value(held)
held.close()
res["same_path_after_all_closed"] = fresh(stable)
json.dump(res, open(out, "w"))
'''

# The same through SQLAlchemy as Superset does it: an engine per query with
# NullPool, read-only, the URL passed through DB_CONNECTION_MUTATOR (or not).
HELD_SUPERSET = r'''
import json, os, runpy, sys, time
import duckdb, duckdb_engine, sqlalchemy as sa
from sqlalchemy.pool import NullPool
stable, ready, go, out, config = sys.argv[1:6]
mutator = runpy.run_path(config)["DB_CONNECTION_MUTATOR"]
url = sa.engine.make_url("duckdb:///" + stable)

def engine(mutate):
    u, params = url, {"poolclass": NullPool, "connect_args": {"read_only": True}}
    if mutate:
        u, params = mutator(u, params, None, None, None)
    return sa.create_engine(u, **params)

def value(con):
    return con.execute(sa.text("select v from marts.fct_x")).fetchall()[0][0]

def fresh(mutate):
    eng = engine(mutate)
    try:
        with eng.connect() as con:
            return value(con)
    finally:
        eng.dispose()

held_engine = engine(False)
held = held_engine.connect()
res = {"client": f"sqlalchemy {sa.__version__}, duckdb {duckdb.__version__}, duckdb-engine {duckdb_engine.__version__}",
       "held_before": value(held)}
open(ready, "w").close()
deadline = time.monotonic() + 300
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("the parent never published")
    time.sleep(0.05)
res["held_after"] = value(held)
res["new_connection_same_path"] = fresh(False)
res["new_connection_link_target"] = fresh(True)
eng = engine(True)
try:
    inspector = sa.inspect(eng)
    res["tables"] = inspector.get_table_names(schema="marts")
    res["columns"] = [[c["name"], str(c["type"]), c.get("comment")] for c in inspector.get_columns("fct_x", schema="marts")]
finally:
    eng.dispose()
res["held_still"] = value(held)
held.close()
held_engine.dispose()
res["same_path_after_all_closed"] = fresh(False)
json.dump(res, open(out, "w"))
'''


def with_held_reader(python: Path, script: str, tmp_path: Path, publish_next, *extra: str) -> dict:
    """Starts a reader process holding a connection to build 1, publishes build 2, returns what it saw."""
    out = tmp_path / "published" / NAME
    ready, go, result = tmp_path / "reader_ready", tmp_path / "reader_go", tmp_path / "reader.json"
    proc = subprocess.Popen([str(python), "-c", script, str(out), str(ready), str(go), str(result), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the reader did not start: {proc.communicate(timeout=10)}")
            time.sleep(0.05)
        publish_next()
        go.touch()
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stdout + stderr
    return json.loads(result.read_text())


def published_builds_1_and_2(tmp_path: Path):
    work, out = tmp_path / "work", tmp_path / "published" / NAME
    build_and_publish(work, out, 1)
    return lambda: build_and_publish(work, out, 2)


def test_held_connection_project_duckdb(tmp_path):
    seen = with_held_reader(Path(sys.executable), HELD_DUCKDB, tmp_path, published_builds_1_and_2(tmp_path))
    print(f"\n{seen}")
    assert seen["held_before"] == seen["held_after"] == seen["held_still"] == 1, "a held connection changed build"
    assert seen["new_connection_link_target"] == 2
    assert seen["new_connection_pointer_file"] == 2
    # DuckDB 2.x resolves the link before looking up its instance cache
    assert seen["new_connection_same_path"] == 2, seen
    assert seen["same_path_after_all_closed"] == 2


def test_held_connection_duckdb_1_1(tmp_path):
    python = venv_python(OLD_DUCKDB_VENV, OLD_DUCKDB_PINS)
    seen = with_held_reader(python, HELD_DUCKDB, tmp_path, published_builds_1_and_2(tmp_path))
    print(f"\n{seen}")
    assert seen["client"] == "duckdb " + OLD_DUCKDB_PINS[0].split("==")[1]
    assert seen["held_before"] == seen["held_after"] == seen["held_still"] == 1
    assert seen["new_connection_link_target"] == 2, "the documented way did not give the new build"
    assert seen["new_connection_pointer_file"] == 2
    # the limitation docs/bi-clients.md states: DuckDB 1.x caches the instance by
    # the path as given, so the published path gives the old build until the
    # process has closed every connection to it
    assert seen["new_connection_same_path"] == 1, seen
    assert seen["same_path_after_all_closed"] == 2


def test_held_connection_superset_with_the_documented_mutator(tmp_path):
    python = venv_python(SUPERSET_VENV, SUPERSET_PINS)
    seen = with_held_reader(python, HELD_SUPERSET, tmp_path, published_builds_1_and_2(tmp_path),
                            str(ROOT / "docs" / "superset_config.py"))
    print(f"\n{seen}")
    assert seen["held_before"] == seen["held_after"] == seen["held_still"] == 1
    assert seen["new_connection_link_target"] == 2, "DB_CONNECTION_MUTATOR did not give the new build"
    assert seen["tables"] == ["fct_x", "publication_info"]
    assert seen["columns"][0] == ["v", "INTEGER", "Which fabricated build."]
    assert seen["new_connection_same_path"] == 1, "without the mutator a busy worker serves the old build"
    assert seen["same_path_after_all_closed"] == 2
