#!/usr/bin/env python3
"""Publish the marts of the last build for BI, only if that build passed.

BI tools read a separate DuckDB file (the published file), never dbt's working
database: a BI tool holding the working database open would block the build
(DuckDB allows one writer or many readers), and it would see tables half
rebuilt. The published file holds schema `marts` only (no raw, staging or
intermediate data, so no personal data beyond what the marts contract allows)
and a table `marts.publication_info` saying which build it came from.

Publishing:
1. reads `<target>/run_results.json` and `<target>/manifest.json` of the last
   dbt invocation; publishes only if it was a `dbt build` in which every node
   that ran succeeded or passed (warnings allowed), nothing was skipped, and
   every mart model of the project was built by it, and no raw file it read
   in place (Parquet, see macros/raw/load_raw_files.sql) changed since the
   build started;
2. copies every table of schema `marts` from the working database into a new
   temporary file next to the published one, in the storage format of
   DuckDB `PUBLISHED_STORAGE_VERSION` (default v1.1.0: DuckDB 1.1 and every
   later client opens it, including the 1.1 to 1.4 drivers BI tools bundle;
   DuckDB 2.0's own format is refused by them);
3. moves it to a folder of its own,
   `<name>.builds/<n>-<UTC time>-<build id>/<name>.duckdb` (n counts
   publishes: a new path for each one), then swaps the published path
   (`<name>.duckdb`, a relative symbolic link; a hard link where the file
   system has none) to it with one atomic rename (`os.replace`), then writes
   the text pointer `<name>.latest` (that file's path relative to the folder),
   and deletes the folders of older publishes beyond the last
   `PUBLISHED_KEEP_BUILDS` (default 2: the new one and the one before).
   A reader that has the old file open keeps reading it (its inode) until it
   reconnects, then sees the new one: never a mixture. Nothing locks the
   published file while it is replaced, and readers never block the build.
   A process whose DuckDB client caches database instances by path (Python
   1.x, duckdb-engine, ...) and still holds any connection opened through the
   published path keeps getting the old build on new connections through that
   path; connecting to the link's target (or to the path in `<name>.latest`)
   gives the latest build at once: see docs/bi-clients.md.
A build that failed leaves the last published file in place and says so.

Settings (environment, or the options below):
  DBT_DUCKDB_PATH         working database (default build/revenue.duckdb)
  DBT_TARGET_PATH         dbt target folder (default target)
  PUBLISHED_DUCKDB_PATH   published file (default build/published/revenue_analytics.duckdb)
  PUBLISHED_STORAGE_VERSION  oldest DuckDB release that must read it (default v1.1.0;
                          `latest` for the writing DuckDB's own format)
  PUBLISHED_KEEP_BUILDS   per-publish files kept (default 2, at least 1)

Exit status: 0 published, 1 not published (the build did not pass, or there
is nothing to publish), 2 a problem with the files (locked, missing, ...).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARTS_SCHEMA = "marts"
INFO_TABLE = "publication_info"
OK_STATUSES = {"success", "pass", "warn", "no-op"}  # no-op: saved queries without exports
# DuckDB 1.1 to 1.4 (the clients BI drivers bundle) refuse DuckDB 2.0's storage
# format ("database file with version number 999"); v1.1.0's they all read.
DEFAULT_STORAGE_VERSION = "v1.1.0"
DEFAULT_KEEP_BUILDS = 2


class PublishError(Exception):
    """A failure with a one-line message for the user."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def default_paths() -> tuple[Path, Path, Path]:
    db = Path(os.environ.get("DBT_DUCKDB_PATH") or ROOT / "build" / "revenue.duckdb")
    target = Path(os.environ.get("DBT_TARGET_PATH") or ROOT / "target")
    out = Path(os.environ.get("PUBLISHED_DUCKDB_PATH") or ROOT / "build" / "published" / "revenue_analytics.duckdb")
    return (db if db.is_absolute() else ROOT / db, target if target.is_absolute() else ROOT / target,
            out if out.is_absolute() else ROOT / out)


def storage_version() -> str:
    """The DuckDB storage version the published file is written in ($PUBLISHED_STORAGE_VERSION)."""
    return (os.environ.get("PUBLISHED_STORAGE_VERSION") or DEFAULT_STORAGE_VERSION).strip()


def keep_builds() -> int:
    """How many per-publish files are kept ($PUBLISHED_KEEP_BUILDS, at least 1)."""
    value = os.environ.get("PUBLISHED_KEEP_BUILDS") or str(DEFAULT_KEEP_BUILDS)
    try:
        return max(1, int(value))
    except ValueError:
        raise PublishError(f"PUBLISHED_KEEP_BUILDS={value!r} is not a whole number") from None


def builds_dir(out: Path) -> Path:
    """The folder holding one sub-folder per publish: `<name>.builds` next to the published path."""
    return out.parent / f"{out.stem}.builds"


def pointer_file(out: Path) -> Path:
    """The text pointer `<name>.latest`: the current per-publish file, relative to its folder."""
    return out.parent / f"{out.stem}.latest"


def current_file(out: Path) -> Path:
    """The per-publish file the published path stands for now (the link's
    target, else the pointer's path, else `out` itself: published before
    per-publish files existed). A process that must see each new build on
    its next connection while it still holds older ones connects here."""
    out = Path(os.path.abspath(out))
    if out.is_symlink():
        return Path(os.path.realpath(out))
    try:
        name = pointer_file(out).read_text().strip()
    except OSError:
        name = ""
    return out.parent / name if name else out


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise PublishError(f"no {path.name} in {path.parent}: run a build first (make build)", 1) from None
    except (OSError, ValueError) as e:
        raise PublishError(f"cannot read {path}: {e}") from None


def check_build(target: Path) -> dict:
    """The last invocation's metadata if it is a build that passed, else PublishError(code 1)."""
    results = _load_json(target / "run_results.json")
    manifest = _load_json(target / "manifest.json")
    meta = results.get("metadata", {})
    invocation = meta.get("invocation_id")
    command = (results.get("args") or {}).get("which")
    if command != "build":
        raise PublishError(f"the last dbt command in {target} was `{command}`, not `build`: run a build first", 1)
    if manifest.get("metadata", {}).get("invocation_id") != invocation:
        raise PublishError(f"{target}/manifest.json and run_results.json come from different dbt runs", 1)
    bad = [r for r in results.get("results", []) if r.get("status") not in OK_STATUSES]
    if bad:
        by_status: dict[str, list[str]] = {}
        for r in bad:
            by_status.setdefault(r.get("status"), []).append(r.get("unique_id", "?").split(".")[-1])
        summary = "; ".join(f"{len(v)} {k} ({', '.join(sorted(v)[:5])}{', ...' if len(v) > 5 else ''})"
                            for k, v in sorted(by_status.items()))
        raise PublishError(f"the last build did not pass: {summary}", 1)
    ran = {r.get("unique_id") for r in results.get("results", [])}
    marts = [uid for uid, node in manifest.get("nodes", {}).items()
             if node.get("resource_type") == "model" and node.get("schema") == MARTS_SCHEMA
             and node.get("config", {}).get("enabled", True)]
    missing = sorted(uid.split(".")[-1] for uid in marts if uid not in ran)
    if missing:
        raise PublishError(f"the last build did not build every mart (missing: {', '.join(missing[:5])}"
                           f"{', ...' if len(missing) > 5 else ''}): run a full build", 1)
    return {"build_id": invocation, "built_at": meta.get("generated_at"),
            "dbt_version": meta.get("dbt_version"), "marts": len(marts)}


def published_summary(out: Path) -> str:
    """One line describing what BI currently reads."""
    if not out.exists():
        return f"no published marts exist yet at {out}"
    import duckdb

    try:
        con = duckdb.connect(str(out), read_only=True)
        try:
            row = con.sql(f"select build_id, max(published_at) from {MARTS_SCHEMA}.{INFO_TABLE} "
                          "group by build_id").fetchall()[0]
        finally:
            con.close()
        return f"{out} still holds build {row[0]} (published {row[1]} UTC)"
    except Exception:  # noqa: BLE001 - only a description
        return f"{out} is left as it was"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _remove_stale_temp_files(out: Path) -> None:
    for tmp in out.parent.glob(f".{out.name}.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1].split(".")[0]
        try:
            os.kill(int(pid), 0)
            continue  # a publish still running
        except (ValueError, ProcessLookupError):
            pass
        except PermissionError:
            continue
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)  # DuckDB's spill folder
        else:
            tmp.unlink(missing_ok=True)


def _publish_number(folder: Path) -> int:
    """The sequence number a per-publish folder's name starts with (-1: not one of ours)."""
    head = folder.name.split("-", 1)[0]
    return int(head) if head.isdigit() else -1


def _install_build_file(tmp: Path, out: Path, build_id: str | None) -> Path:
    """Moves the finished temporary file to a new folder of its own under
    `<name>.builds/`, named `<n>-<UTC time>-<build id prefix>`, n one more
    than the highest there (the newest folder is never deleted), so that no
    publish reuses an earlier publish's path, whatever the clock does."""
    builds = builds_dir(out)
    builds.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + (build_id or "unknown")[:8]
    number = max([_publish_number(p) for p in builds.iterdir()] + [0])
    while True:
        number += 1
        try:
            (builds / f"{number:06d}-{stamp}").mkdir()
            break
        except FileExistsError:
            continue  # another publish took that number
    build_file = builds / f"{number:06d}-{stamp}" / out.name
    os.replace(tmp, build_file)
    _fsync_dir(build_file.parent)
    _fsync_dir(builds)
    return build_file


def _point_to(out: Path, build_file: Path) -> str:
    """Swaps the published path to `build_file` in one rename: a relative
    symbolic link, else a hard link, else a copy. Returns which."""
    link = out.parent / f".{out.name}.tmp-{os.getpid()}.link"
    link.unlink(missing_ok=True)
    try:
        try:
            os.symlink(os.path.relpath(build_file, out.parent), link)
            kind = "symbolic link"
        except (OSError, NotImplementedError):
            try:
                os.link(build_file, link)
                kind = "hard link"
            except OSError:
                shutil.copyfile(build_file, link)
                kind = "copy"
        os.replace(link, out)
    finally:
        link.unlink(missing_ok=True)
    _fsync_dir(out.parent)
    return kind


def _write_pointer(out: Path, build_file: Path) -> None:
    pointer = pointer_file(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}.latest"
    try:
        with open(tmp, "w") as f:
            f.write(os.path.relpath(build_file, out.parent) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, pointer)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(out.parent)


def _remove_old_builds(out: Path, keep: set[Path], count: int) -> list[Path]:
    """Deletes per-publish folders beyond the newest `count` complete ones,
    never those in `keep` (the new one, and the one it replaced). A reader
    that still has a deleted file open keeps reading it (POSIX)."""
    builds = builds_dir(out)
    folders = sorted((p for p in builds.iterdir() if p.is_dir() and not p.is_symlink()),
                     key=lambda p: (_publish_number(p), p.name))
    complete = [p for p in folders if (p / out.name).exists()]
    keep = {p.resolve() for p in keep} | {p.resolve() for p in complete[-count:]}
    removed = []
    for folder in folders:
        if folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def publish(db: Path, target: Path, out: Path) -> dict:
    import duckdb

    out = Path(os.path.abspath(out))  # never resolved: `out` is a link to the current build's file
    info = check_build(target)
    version = storage_version()
    keep = keep_builds()
    if not db.exists():
        raise PublishError(f"the working database {db} does not exist: run a build first")
    if out.stem.lower() == MARTS_SCHEMA:
        raise PublishError(f"{out}: a DuckDB file named {out.name} is a catalog called `{MARTS_SCHEMA}`, which "
                           f"makes `{MARTS_SCHEMA}.<table>` ambiguous for BI: choose another file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    published_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    try:
        # an in-memory session writing into the attached temporary file: ATTACH
        # is where DuckDB takes the storage version of a new file
        con = duckdb.connect(config={"temp_directory": str(tmp) + ".spill"})
        try:
            try:
                con.sql(f"attach {_literal(str(tmp))} as published (storage_version {_literal(version)})")
            except duckdb.Error as e:
                raise PublishError(f"PUBLISHED_STORAGE_VERSION={version!r}: {str(e).splitlines()[0]}") from None
            con.sql("use published")
            try:
                con.sql(f"attach '{str(db).replace(chr(39), chr(39) * 2)}' as working (read_only)")
            except duckdb.Error as e:
                if "lock" in str(e).lower():
                    raise PublishError(f"the working database {db} is locked by another process "
                                       "(a build still running, or a tool holding it open): retry when it is "
                                       "closed") from None
                raise
            check_raw_files_unchanged(con)
            tables = [r[0] for r in con.sql(
                "select table_name from duckdb_tables() where database_name = 'working' "
                f"and schema_name = '{MARTS_SCHEMA}' union "
                "select view_name from duckdb_views() where database_name = 'working' "
                f"and schema_name = '{MARTS_SCHEMA}' and not internal order by 1").fetchall()]
            tables = [t for t in tables if t != INFO_TABLE]
            if not tables:
                raise PublishError(f"the working database {db} has no table in schema {MARTS_SCHEMA}", 1)
            con.sql(f"create schema {MARTS_SCHEMA}")
            stats = []
            for t in tables:
                src = f"working.{MARTS_SCHEMA}.{_quote(t)}"
                dst = f"{MARTS_SCHEMA}.{_quote(t)}"
                con.sql(f"create table {dst} as select * from {src}")
                # keep the documentation (dbt persist_docs) for BI users
                comment = con.sql("select comment from duckdb_tables() where database_name = 'working' "
                                  f"and schema_name = '{MARTS_SCHEMA}' and table_name = ?", params=[t]).fetchall()
                if comment and comment[0][0]:
                    con.sql(f"comment on table {dst} is " + _literal(comment[0][0]))
                for column, text in con.sql(
                        "select column_name, comment from duckdb_columns() where database_name = 'working' "
                        f"and schema_name = '{MARTS_SCHEMA}' and table_name = ? and comment is not null",
                        params=[t]).fetchall():
                    con.sql(f"comment on column {dst}.{_quote(column)} is " + _literal(text))
                rows, digest = con.sql(table_digest_sql(dst)).fetchall()[0]
                stats.append((t, rows, digest))
            con.sql("detach working")
            con.sql(f"""
                create table {MARTS_SCHEMA}.{INFO_TABLE} (
                    build_id varchar not null,
                    built_at timestamp,
                    published_at timestamp not null,
                    dbt_version varchar,
                    table_name varchar not null,
                    row_count bigint not null,
                    content_hash varchar not null,
                    primary key (table_name)
                )""")
            built_at = info["built_at"]
            for t, rows, digest in stats:
                con.sql(f"insert into {MARTS_SCHEMA}.{INFO_TABLE} values (?, cast(? as timestamp), ?, ?, ?, ?, ?)",
                        params=[info["build_id"], built_at.replace("Z", "") if built_at else None, published_at,
                                info["dbt_version"], t, rows, digest])
            con.sql(f"comment on table {MARTS_SCHEMA}.{INFO_TABLE} is "
                    + _literal("Which dbt build this file was published from: one row per mart table with its "
                               "row count and content hash (md5 of its sorted rows)."))
            con.sql("checkpoint")
            con.sql("use memory")
            con.sql("detach published")
        finally:
            con.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        previous = current_file(out) if os.path.lexists(out) else None
        build_file = _install_build_file(tmp, out, info["build_id"])
        link = _point_to(out, build_file)
        _write_pointer(out, build_file)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(str(tmp) + ".spill", ignore_errors=True)
    try:
        # the file just replaced stays unless only one is kept: a reader may have resolved the link just before
        kept = {build_file.parent} | ({previous.parent} if previous and keep > 1 else set())
        removed = _remove_old_builds(out, kept, keep)
    except OSError:
        removed = []  # tidying only: the next publish tries again
    info.update(tables=len(stats), published_at=str(published_at), path=str(out), file=str(build_file),
                link=link, storage_version=version, removed=[str(p) for p in removed])
    return info


def check_raw_files_unchanged(con) -> None:
    """PublishError(code 1) if a raw file the build read in place (Parquet,
    recorded with its size and modification time in raw._raw_files_read when
    the build started) was changed, replaced or removed since: its models may
    have read different versions of it."""
    import duckdb

    recorded = con.sql(
        "select table_name from duckdb_tables() where database_name = 'working' "
        "and schema_name = 'raw' and table_name = '_raw_files_read'").fetchall()
    if not recorded:
        return
    changed = []
    for table, path, size, modified in con.sql(
            "select table_name, path, size_bytes, last_modified from working.raw._raw_files_read "
            "order by table_name").fetchall():
        try:
            now = con.execute("select size, last_modified from read_blob(?)", [path]).fetchall()
        except duckdb.Error:
            now = []
        if now != [(size, modified)]:
            changed.append(f"{table} ({path})")
    if changed:
        raise PublishError("raw files changed while the build read them: " + ", ".join(changed)
                           + "; run the build again on files that stay put until it ends", 1)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def table_digest_sql(relation: str) -> str:
    """Row count and an order-independent content hash of a table."""
    return (f"select count(*), coalesce(md5(string_agg(row_md5, ',' order by row_md5)), md5('')) "
            f"from (select md5(cast(t as varchar)) as row_md5 from {relation} as t)")


def main(argv: list[str] | None = None) -> int:
    db, target, out = default_paths()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=db, help=f"working database (default {db})")
    parser.add_argument("--target", type=Path, default=target, help=f"dbt target folder (default {target})")
    parser.add_argument("--out", type=Path, default=out, help=f"published file (default {out})")
    args = parser.parse_args(argv)
    out = Path(os.path.abspath(args.out))  # not resolve(): the published path is a link
    try:
        info = publish(args.db.resolve(), args.target.resolve(), out)
    except PublishError as e:
        print(f"Not published: {e}. BI keeps the last good marts: {published_summary(out)}.",
              file=sys.stderr)
        return e.code
    except Exception as e:  # noqa: BLE001 - one readable line, never a bare traceback
        print(f"Not published: unexpected error {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}. "
              f"BI keeps the last good marts: {published_summary(out)}.", file=sys.stderr)
        return 2
    print(f"Published {info['tables']} mart tables of build {info['build_id']} to {info['path']} "
          f"(BI reads this file, DuckDB {info['storage_version']} storage; it now points to "
          f"{os.path.relpath(info['file'], out.parent)} and is swapped atomically after each passing build).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
