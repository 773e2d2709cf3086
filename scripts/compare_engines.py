#!/usr/bin/env python3
"""Compare the relations of one schema built by dbt on DuckDB and on Spark.

For every table and view of the schema (both engines must have the same set,
with the same columns):

- the row count must be equal;
- every numeric column (integers, decimals, floats; booleans count as 0/1) is
  summed per grain, and each sum must agree to ``--rel-tol`` (1e-9 relative
  by default; values within ``--abs-tol`` of zero count as equal);
- with ``--text``, every other column (text, dates, timestamps) must have the
  same smallest and largest value per grain (with a key as grain: the same
  value in every row).

The grain of a relation is the column list of its ``primary_key`` test in
dbt's manifest (``--manifest``), when every entry is a plain column name:
then every row is compared value by value through its key. Without a usable
primary key the grain is the whole relation (one row of sums). ``--grain
NAME=col1,col2`` sets a grain by hand.

The DuckDB side is read from the database file (``--duckdb``). The Spark side
is read through a local Spark session configured from the ``spark`` output of
``profiles.yml`` (same warehouse and Derby metastore, so dbt must not be
running: Derby admits one process). Exit code 0 when everything agrees, 1
otherwise; ``--json`` writes the full report.

Usage::

    python scripts/compare_engines.py --schema staging --duckdb build/revenue.duckdb \\
        --manifest target/manifest.json
"""
from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NUMERIC_DUCKDB = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                  "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL", "BOOLEAN")
NUMERIC_SPARK = ("tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "boolean")


# ------------------------------------------------------------------ engines

class DuckDBSide:
    name = "duckdb"

    def __init__(self, path: str):
        import duckdb
        self.con = duckdb.connect(path, read_only=True)

    def relations(self, schema: str) -> list[str]:
        rows = self.con.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "and table_catalog = current_database() order by 1", [schema]).fetchall()
        return [r[0] for r in rows]

    def columns(self, schema: str, relation: str) -> dict[str, str]:
        rows = self.con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = ? "
            "and table_name = ? and table_catalog = current_database() order by ordinal_position",
            [schema, relation]).fetchall()
        return {name.lower(): dtype for name, dtype in rows}

    @staticmethod
    def is_numeric(dtype: str) -> bool:
        return dtype.upper().split("(")[0].strip() in NUMERIC_DUCKDB

    @staticmethod
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def query(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()


class SparkSide:
    name = "spark"

    def __init__(self, profiles_dir: Path):
        sys.path.insert(0, str(ROOT / "scripts"))
        from spark_dbt import start_session  # the profile's settings, as dbt-spark uses them

        self.spark = start_session(profiles_dir)
        self.spark.sparkContext.setLogLevel("ERROR")

    def relations(self, schema: str) -> list[str]:
        rows = self.spark.sql(f"show tables in `{schema}`").collect()
        return sorted(r["tableName"] for r in rows if not r["isTemporary"])

    def columns(self, schema: str, relation: str) -> dict[str, str]:
        fields = self.spark.table(f"`{schema}`.`{relation}`").schema.fields
        return {f.name.lower(): f.dataType.simpleString() for f in fields}

    @staticmethod
    def is_numeric(dtype: str) -> bool:
        return dtype.lower().split("(")[0].strip() in NUMERIC_SPARK

    @staticmethod
    def quote(name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    def query(self, sql: str) -> list[tuple]:
        return [tuple(r) for r in self.spark.sql(sql).collect()]


# ---------------------------------------------------------------- comparing

def normalise_key(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value == value else "NaN"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_number(value):
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def close(a, b, rel_tol: float, abs_tol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)


def summary_sql(side, schema: str, relation: str, grain: list[str], numeric: list[str],
                booleans: set[str], text: list[str]) -> str:
    q = side.quote
    sums = [f"sum(case when {q(c)} then 1 else 0 end)" if c in booleans else f"sum({q(c)})" for c in numeric]
    extremes = [f"{agg}({q(c)})" for c in text for agg in ("min", "max")]
    sql = f"select {', '.join([q(c) for c in grain] + ['count(*)'] + sums + extremes)} from {q(schema)}.{q(relation)}"
    if grain:
        sql += " group by " + ", ".join(q(c) for c in grain)
    return sql


def compare_relation(duck, spark, schema, relation, grain, rel_tol, abs_tol, compare_text=False,
                     max_diffs=10) -> dict:
    report = {"relation": relation, "grain": grain, "problems": []}
    dcols, scols = duck.columns(schema, relation), spark.columns(schema, relation)
    if set(dcols) != set(scols):
        report["problems"].append(
            f"columns differ: only on duckdb {sorted(set(dcols) - set(scols))}, "
            f"only on spark {sorted(set(scols) - set(dcols))}")
    common = [c for c in dcols if c in scols]
    grain = [c for c in grain if c in common] if grain else []
    numeric = [c for c in common
               if c not in grain and duck.is_numeric(dcols[c]) and spark.is_numeric(scols[c])]
    booleans = {
        "duckdb": {c for c in numeric if dcols[c].upper() == "BOOLEAN"},
        "spark": {c for c in numeric if scols[c].lower() == "boolean"},
    }
    type_notes = [f"{c}: duckdb {dcols[c]} / spark {scols[c]}" for c in common
                  if duck.is_numeric(dcols[c]) != spark.is_numeric(scols[c])]
    if type_notes:
        report["problems"].append("numeric on one engine only: " + "; ".join(type_notes))
    report["numeric_columns"] = numeric
    text = [c for c in common if compare_text and c not in grain and c not in numeric
            and not duck.is_numeric(dcols[c]) and not spark.is_numeric(scols[c])]
    report["text_columns"] = text

    results = {}
    for side in (duck, spark):
        rows = side.query(summary_sql(side, schema, relation, grain, numeric, booleans[side.name], text))
        groups = {}
        split = len(grain) + 1 + len(numeric)
        for row in rows:
            key = tuple(normalise_key(v) for v in row[:len(grain)])
            groups[key] = [to_number(v) for v in row[len(grain):split]] + [normalise_key(v) for v in row[split:]]
        results[side.name] = groups

    d, s = results["duckdb"], results["spark"]
    report["rows_duckdb"] = sum(v[0] for v in d.values())
    report["rows_spark"] = sum(v[0] for v in s.values())
    if report["rows_duckdb"] != report["rows_spark"]:
        report["problems"].append(f"row count: duckdb {report['rows_duckdb']}, spark {report['rows_spark']}")
    only_d, only_s = sorted(set(d) - set(s), key=str), sorted(set(s) - set(d), key=str)
    if only_d or only_s:
        report["problems"].append(
            f"grain keys on one engine only: {len(only_d)} duckdb-only (e.g. {only_d[:3]}), "
            f"{len(only_s)} spark-only (e.g. {only_s[:3]})")
    diffs = []
    labels = ["count(*)"] + [f"sum({c})" for c in numeric] + [f"{agg}({c})" for c in text for agg in ("min", "max")]
    exact = set(range(1 + len(numeric), len(labels)))
    for key in d.keys() & s.keys():
        for i, (label, a, b) in enumerate(zip(labels, d[key], s[key])):
            if (a != b) if i in exact else not close(a, b, rel_tol, abs_tol):
                diffs.append(f"{dict(zip(grain, key)) if grain else 'all rows'}: {label} duckdb {a!r} spark {b!r}")
    if diffs:
        report["problems"].append(f"{len(diffs)} value difference(s): " + " | ".join(sorted(diffs)[:max_diffs]))
    return report


def primary_keys(manifest_path: Path) -> dict[str, list[str]]:
    """relation name -> primary_key test columns (plain column names only)."""
    manifest = json.loads(manifest_path.read_text())
    keys = {}
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node.get("resource_type") != "test" or meta.get("name") != "primary_key":
            continue
        columns = (meta.get("kwargs") or {}).get("columns") or []
        if not columns or not all(isinstance(c, str) and c.isidentifier() for c in columns):
            continue
        parent = node.get("attached_node") or (node.get("depends_on", {}).get("nodes") or [None])[0]
        if parent and parent in manifest["nodes"]:
            target = manifest["nodes"][parent]
            keys[target.get("alias") or target["name"]] = [c.lower() for c in columns]
    return keys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schema", action="append", required=True,
                        help="schema (Spark database) to compare; repeat for several")
    parser.add_argument("--duckdb", required=True, help="DuckDB database file built by dbt")
    parser.add_argument("--profiles-dir", default=os.environ.get("DBT_PROFILES_DIR", str(ROOT)))
    parser.add_argument("--manifest", help="dbt manifest.json, for the grain of each relation")
    parser.add_argument("--grain", action="append", default=[], metavar="NAME=col1,col2",
                        help="grain of a relation (overrides the manifest); NAME= for the whole relation")
    parser.add_argument("--exclude", action="append", default=[], help="relation to leave out")
    parser.add_argument("--text", action="store_true",
                        help="also compare non-numeric columns (smallest and largest value per grain)")
    parser.add_argument("--rel-tol", type=float, default=1e-9)
    parser.add_argument("--abs-tol", type=float, default=1e-9)
    parser.add_argument("--json", help="write the report here")
    args = parser.parse_args(argv)

    grains = primary_keys(Path(args.manifest)) if args.manifest else {}
    for item in args.grain:
        name, _, cols = item.partition("=")
        grains[name] = [c.strip().lower() for c in cols.split(",") if c.strip()]

    started = time.time()
    duck = DuckDBSide(args.duckdb)
    spark = SparkSide(Path(args.profiles_dir))
    reports, failed = [], False
    for schema in args.schema:
        d_rel = set(duck.relations(schema)) - set(args.exclude)
        s_rel = set(spark.relations(schema)) - set(args.exclude)
        if d_rel != s_rel:
            failed = True
            print(f"FAIL {schema}: relations differ: only on duckdb {sorted(d_rel - s_rel)}, "
                  f"only on spark {sorted(s_rel - d_rel)}")
        if not d_rel & s_rel:
            failed = True
            print(f"FAIL {schema}: nothing to compare")
        for relation in sorted(d_rel & s_rel):
            report = compare_relation(duck, spark, schema, relation, grains.get(relation, []),
                                      args.rel_tol, args.abs_tol, args.text)
            report["schema"] = schema
            reports.append(report)
            status = "FAIL" if report["problems"] else "ok  "
            failed = failed or bool(report["problems"])
            grain = ",".join(report["grain"]) or "(all rows)"
            others = f" and {len(report['text_columns'])} other(s) compared" if args.text else ""
            print(f"{status} {schema}.{relation}: {report['rows_duckdb']} rows on duckdb, "
                  f"{report['rows_spark']} on spark; {len(report['numeric_columns'])} numeric column(s) "
                  f"summed{others} per {grain}")
            for problem in report["problems"]:
                print(f"     - {problem}")
    compared = len(reports)
    bad = sum(1 for r in reports if r["problems"])
    print(f"{compared - bad} equal, {bad} different ({time.time() - started:.0f}s)")
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
