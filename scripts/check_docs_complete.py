#!/usr/bin/env python3
"""Fail when anything in the dbt docs lacks a description, or when the docs
carry raw data.

Reads the dbt artifacts (target/manifest.json, and target/catalog.json when
`dbt docs generate` wrote one) and lists, one line each, every

- model, seed, snapshot and analysis without a description, and every column
  of theirs without one: the columns declared in yml, and the columns the
  relation really has (from the DuckDB file, else from catalog.json) that
  the yml does not declare;
- source (and source table) and source column without a description;
- singular data test and unit test without a description; generic data
  tests are described by their definition (the project's `test_<name>`
  macro, or dbt's built-in unique / not_null / accepted_values /
  relationships);
- project macro without a description, and macro argument (read from the
  macro's signature) that is not documented with a description;
- exposure without a description, an owner or a dependency;
- semantic model (and its entities, dimensions and measures), metric and
  saved query without a description;
- missing `__overview__` docs block.

Privacy (issue: free text from the raw data never appears in the docs): every
text the docs site shows (descriptions, docs blocks, the catalog) is scanned
for email addresses (only the reserved example.com/.org/.net domains are
allowed) and, when the DuckDB file holds the raw tables, for any raw form
message, person name, email or phone value. Findings name the object and the
kind of value, never the value itself. Catalog statistics are fine; sample
values are not (the DuckDB catalog has none).

Usage:
    python scripts/check_docs_complete.py [--target-path DIR] [--duckdb PATH | --no-duckdb]

DIR defaults to $DBT_TARGET_PATH, else target/. PATH defaults to
$DBT_DUCKDB_PATH, else build/revenue.duckdb; it is opened read-only and only
when it exists. Exit 0 when complete, 1 when anything is missing, 2 when the
manifest is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# dbt's own generic tests: their meaning is documented by dbt.
BUILTIN_GENERIC_TESTS = {"unique", "not_null", "accepted_values", "relationships"}
# A description this short, or one of these words, is no description.
PLACEHOLDERS = {"todo", "tbd", "tba", "fixme", "xxx", "-", "n/a", "na", "none", "description"}
# Email addresses allowed in docs: the domains reserved for documentation (RFC 2606).
ALLOWED_EMAIL_DOMAINS = re.compile(r"@(?:[\w-]+\.)*example\.(?:com|org|net)$", re.I)
EMAIL_PATTERN = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
WORD = re.compile(r"\w+")
MACRO_SIGNATURE = re.compile(r"\{%-?\s*(?:macro|test)\s+(\w+)\s*\((.*?)\)\s*-?%\}", re.S)
# Raw columns holding free text or personal data (docs/raw-data.md section 3), by raw table.
RAW_PRIVATE_COLUMNS = {
    "web_form_submissions": {"message": "form message", "full_name": "person name", "email": "email",
                             "phone": "phone"},
    "crm_contacts": {"email": "email", "phone": "phone"},
    "web_identifies": {"email": "email"},
    "email_events": {"email": "email"},
}
RAW_NAME_PARTS = {"crm_contacts": ("first_name", "last_name")}
# Shorter raw values are too common to mean anything when found in prose.
MIN_PRIVATE_VALUE_LENGTH = 8


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def missing(self, kind: str, name: str, what: str = "description") -> None:
        self.problems.append(f"MISSING {what}: {kind} {name}")

    def add(self, line: str) -> None:
        self.problems.append(line)


def described(text: str | None) -> bool:
    text = (text or "").strip()
    return len(text) >= 3 and text.lower().strip(".") not in PLACEHOLDERS


def macro_arguments(macro: dict) -> list[str]:
    """Argument names from the macro's signature (`{% macro name(a, b=1) %}`)."""
    match = MACRO_SIGNATURE.search(macro.get("macro_sql", ""))
    if not match:
        return []
    names = []
    depth = 0
    current = ""
    for char in match.group(2):  # split on top-level commas (defaults may hold lists)
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    result = []
    for name in names:
        name = name.split("=")[0].strip()
        if name and not name.startswith("*"):
            result.append(name)
    return result


def relation_columns_from_catalog(catalog: dict | None) -> dict[str, set[str]]:
    if not catalog:
        return {}
    result = {}
    for section in ("nodes", "sources"):
        for unique_id, entry in catalog.get(section, {}).items():
            result[unique_id] = {name.lower() for name in entry.get("columns", {})}
    return result


def relation_columns_from_duckdb(con, manifest: dict) -> dict[str, set[str]]:
    rows = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_catalog = current_database()"
    ).fetchall()
    by_relation: dict[tuple[str, str], set[str]] = {}
    for schema, table, column in rows:
        by_relation.setdefault((schema.lower(), table.lower()), set()).add(column.lower())
    result = {}
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] in ("model", "seed", "snapshot"):
            key = ((node.get("schema") or "").lower(), (node.get("alias") or node["name"]).lower())
            if key in by_relation:
                result[unique_id] = by_relation[key]
    return result


def check_nodes(manifest: dict, project: str, relation_columns: dict[str, set[str]], report: Report) -> None:
    macros = manifest.get("macros", {})
    for unique_id, node in sorted(manifest["nodes"].items()):
        if node.get("package_name") != project:
            continue
        kind = node["resource_type"]
        if kind in ("model", "seed", "snapshot", "analysis"):
            if not described(node.get("description")):
                report.missing(kind, node["name"])
            declared = {name.lower() for name in node.get("columns", {})}
            for name, column in node.get("columns", {}).items():
                if not described(column.get("description")):
                    report.missing("column", f"{node['name']}.{name}")
            for name in sorted(relation_columns.get(unique_id, set()) - declared):
                report.add(f"MISSING description: column {node['name']}.{name} "
                           "(in the relation, not declared in the yml)")
        elif kind == "test":
            metadata = node.get("test_metadata") or {}
            if not metadata:
                if not described(node.get("description")):
                    report.missing("singular test", f"{node['name']} ({node.get('original_file_path')})")
                continue
            name, namespace = metadata.get("name"), metadata.get("namespace")
            if namespace is None and name in BUILTIN_GENERIC_TESTS:
                continue
            definition = macros.get(f"macro.{namespace or project}.test_{name}")
            if definition is None:
                report.add(f"MISSING definition: generic test {name} used by {node['name']}")
            # the definition's own description is checked with the macros


def check_unit_tests(manifest: dict, project: str, report: Report) -> None:
    for unit_test in manifest.get("unit_tests", {}).values():
        if unit_test.get("package_name") == project and not described(unit_test.get("description")):
            report.missing("unit test", f"{unit_test.get('model')}::{unit_test['name']}")


def check_sources(manifest: dict, project: str, report: Report) -> None:
    seen_sources = set()
    for source in manifest.get("sources", {}).values():
        if source.get("package_name") != project:
            continue
        if source["source_name"] not in seen_sources:
            seen_sources.add(source["source_name"])
            if not described(source.get("source_description")):
                report.missing("source", source["source_name"])
        if not described(source.get("description")):
            report.missing("source table", f"{source['source_name']}.{source['name']}")
        for name, column in source.get("columns", {}).items():
            if not described(column.get("description")):
                report.missing("source column", f"{source['source_name']}.{source['name']}.{name}")


def check_macros(manifest: dict, project: str, report: Report) -> None:
    for macro in sorted(manifest.get("macros", {}).values(), key=lambda m: m["name"]):
        if macro.get("package_name") != project:
            continue
        label = f"{macro['name']} ({macro.get('original_file_path')})"
        if not described(macro.get("description")):
            report.missing("macro", label)
        documented = {arg.get("name"): arg for arg in macro.get("arguments") or []}
        for name in macro_arguments(macro):
            if name not in documented or not described(documented[name].get("description")):
                report.missing("macro argument", f"{macro['name']}({name})")


def check_exposures(manifest: dict, project: str, report: Report) -> None:
    for exposure in manifest.get("exposures", {}).values():
        if exposure.get("package_name") != project:
            continue
        if not described(exposure.get("description")):
            report.missing("exposure", exposure["name"])
        owner = exposure.get("owner") or {}
        if not (owner.get("name") or owner.get("email")):
            report.missing("exposure", exposure["name"], "owner")
        if not (exposure.get("depends_on") or {}).get("nodes"):
            report.missing("exposure", exposure["name"], "depends_on (the marts it reads)")


def check_semantic_layer(manifest: dict, project: str, report: Report) -> None:
    for semantic_model in manifest.get("semantic_models", {}).values():
        if semantic_model.get("package_name") != project:
            continue
        name = semantic_model["name"]
        if not described(semantic_model.get("description")):
            report.missing("semantic model", name)
        for part in ("entities", "dimensions", "measures"):
            for element in semantic_model.get(part) or []:
                if not described(element.get("description")):
                    report.missing(f"semantic model {part[:-1] if part != 'entities' else 'entity'}",
                                   f"{name}.{element['name']}")
    for section, kind in (("metrics", "metric"), ("saved_queries", "saved query")):
        for item in manifest.get(section, {}).values():
            if item.get("package_name") == project and not described(item.get("description")):
                report.missing(kind, item["name"])


def check_overview(manifest: dict, project: str, report: Report) -> None:
    overview = manifest.get("docs", {}).get(f"doc.{project}.__overview__")
    if overview is None or not described(overview.get("block_contents")):
        report.missing("docs block", "__overview__ (docs/overview.md)")


def docs_texts(manifest: dict, catalog: dict | None, project: str):
    """(where, text) for everything the docs site shows as prose."""
    for section in ("nodes", "sources", "macros", "exposures", "metrics", "semantic_models",
                    "saved_queries", "unit_tests"):
        for unique_id, item in manifest.get(section, {}).items():
            if item.get("package_name") != project:
                continue
            yield unique_id, item.get("description") or ""
            for name, column in (item.get("columns") or {}).items():
                yield f"{unique_id}.{name}", column.get("description") or ""
            for argument in item.get("arguments") or []:
                yield f"{unique_id}({argument.get('name')})", argument.get("description") or ""
            for part in ("entities", "dimensions", "measures"):
                for element in item.get(part) or []:
                    yield f"{unique_id}.{element.get('name')}", element.get("description") or ""
    for unique_id, block in manifest.get("docs", {}).items():
        if block.get("package_name") == project:
            yield unique_id, block.get("block_contents") or ""
    if catalog:
        for section in ("nodes", "sources"):
            for unique_id, entry in catalog.get(section, {}).items():
                yield f"catalog {unique_id}", json.dumps(entry, ensure_ascii=False)


def raw_private_values(con) -> dict[str, set[str]]:
    """Raw free text and personal data, by kind, from the raw tables (when present)."""
    values: dict[str, set[str]] = {}
    existing = {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' "
        "and table_catalog = current_database()").fetchall()}
    for table, columns in RAW_PRIVATE_COLUMNS.items():
        if table not in existing:
            continue
        present = {row[0].lower() for row in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' "
            "and table_name = ? and table_catalog = current_database()", [table]).fetchall()}
        for column, kind in columns.items():
            if column in present:
                rows = con.execute(f'select distinct trim("{column}") from raw."{table}" '
                                   f'where length(trim("{column}")) >= {MIN_PRIVATE_VALUE_LENGTH}').fetchall()
                values.setdefault(kind, set()).update(row[0] for row in rows)
    for table, (first, last) in RAW_NAME_PARTS.items():
        if table in existing:
            rows = con.execute(
                f'select distinct trim("{first}") || \' \' || trim("{last}") from raw."{table}" '
                f'where "{first}" is not null and "{last}" is not null').fetchall()
            values.setdefault("person name", set()).update(
                row[0] for row in rows if row[0] and len(row[0]) >= MIN_PRIVATE_VALUE_LENGTH)
    return values


def check_privacy(manifest: dict, catalog: dict | None, project: str, con, report: Report) -> None:
    texts = list(docs_texts(manifest, catalog, project))
    for where, text in texts:
        for email in EMAIL_PATTERN.findall(text):
            if not ALLOWED_EMAIL_DOMAINS.search(email):
                report.add(f"PRIVACY: an email address appears in the docs text of {where}")
    if con is None:
        report.notes.append("raw-value scan skipped: no readable DuckDB file with the raw tables")
        return
    private = raw_private_values(con)
    if not private:
        report.notes.append("raw-value scan skipped: the DuckDB file has no raw tables")
        return
    combined = "\n".join(text for _, text in texts)
    lowered = combined.lower()
    vocabulary = set(WORD.findall(lowered))
    for kind, values in sorted(private.items()):
        # a value can only be in the text when all of its words are: a cheap filter before the exact search
        found = sorted({value for value in values
                        if set(WORD.findall(value.lower())) <= vocabulary and value.lower() in lowered})
        for value in found:
            places = [where for where, text in texts if value.lower() in text.lower()][:3]
            report.add(f"PRIVACY: a raw {kind} value appears in the docs text of {', '.join(places)}")
    counted = sum(len(v) for v in private.values())
    report.notes.append(f"raw-value scan: {counted} distinct raw free-text and personal values looked for")


def open_duckdb(path: Path):
    try:
        import duckdb
    except ImportError:
        return None, "duckdb is not installed"
    try:
        return duckdb.connect(str(path), read_only=True), None
    except Exception as error:  # a locked or unreadable file: say so, check the rest
        return None, f"{type(error).__name__} opening {path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target-path", type=Path,
                        default=Path(os.environ.get("DBT_TARGET_PATH") or ROOT / "target"))
    parser.add_argument("--duckdb", type=Path,
                        default=Path(os.environ.get("DBT_DUCKDB_PATH") or ROOT / "build" / "revenue.duckdb"))
    parser.add_argument("--no-duckdb", action="store_true", help="do not read the DuckDB file")
    args = parser.parse_args(argv)

    target = args.target_path if args.target_path.is_absolute() else ROOT / args.target_path
    manifest_path = target / "manifest.json"
    if not manifest_path.exists():
        print(f"ERROR: no {manifest_path}: run `dbt parse` (or `dbt build`) first", file=sys.stderr)
        return 2
    manifest = json.loads(manifest_path.read_text())
    project = manifest["metadata"]["project_name"]
    catalog_path = target / "catalog.json"
    catalog = json.loads(catalog_path.read_text()) if catalog_path.exists() else None

    con = None
    report = Report()
    if not args.no_duckdb:
        database = args.duckdb if args.duckdb.is_absolute() else ROOT / args.duckdb
        if database.exists():
            con, error = open_duckdb(database)
            if error:
                report.notes.append(f"DuckDB file not read ({error})")
        else:
            report.notes.append(f"no DuckDB file at {database}")

    try:
        if con is not None:  # the database is fresher than a catalog.json of an earlier `dbt docs generate`
            relation_columns = relation_columns_from_duckdb(con, manifest)
            report.notes.append("relation columns from the DuckDB file")
        elif catalog:
            relation_columns = relation_columns_from_catalog(catalog)
            report.notes.append("relation columns from catalog.json")
        else:
            relation_columns = {}
            report.notes.append("relation columns not compared (no catalog.json, no DuckDB file)")
        check_nodes(manifest, project, relation_columns, report)
        check_unit_tests(manifest, project, report)
        check_sources(manifest, project, report)
        check_macros(manifest, project, report)
        check_exposures(manifest, project, report)
        check_semantic_layer(manifest, project, report)
        check_overview(manifest, project, report)
        check_privacy(manifest, catalog, project, con, report)
    finally:
        if con is not None:
            con.close()

    for note in report.notes:
        print(f"note: {note}")
    counts = {kind: sum(1 for item in manifest.get(kind, {}).values() if item.get("package_name") == project)
              for kind in ("nodes", "sources", "macros", "exposures", "metrics", "semantic_models")}
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    if report.problems:
        for problem in report.problems:
            print(problem)
        print(f"FAILED: {len(report.problems)} documentation problem(s) ({summary} checked)")
        return 1
    print(f"OK: docs complete ({summary} checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
