#!/usr/bin/env python3
"""Keep the definition pages and the dbt docs saying the same thing.

The definition of every figure is written once, as a dbt docs block
(`models/**/_*__docs.md`), and the dbt docs show it on every column and
semantic-layer metric that reuses it. The pages a reader opens first
(docs/metrics.md, docs/raw-data.md, docs/marts.md, docs/engine-notes.md)
embed those definitions instead of restating them:

- `<!-- docs:NAME -->` ... `<!-- /docs -->`: the text of docs block NAME,
  then a line naming the block's file and the mart columns and semantic
  metrics that carry it (read from the models' yml);
- `<!-- source:TABLE -->` ... `<!-- /source -->`: the columns of raw table
  TABLE with their descriptions, from the sources yml (models/staging/**);
- `<!-- vars -->` ... `<!-- /vars -->`: every dbt var of dbt_project.yml
  with its default and the comment above it.

Everything between two markers is generated: edit the docs block, the yml or
dbt_project.yml, never the page there. The prose between markers is the
page's own and is never touched.

The other direction: the dbt docs site shows the pages themselves. This
script writes docs/_pages__docs.md, one docs block per page, named
`__<page>__` (`__metrics__`, `__raw_data__`, `__marts__`,
`__engine_notes__`): the site's overview route renders such a block at
`#!/overview/<page>`, and the project overview (docs/overview.md) links
there. Marker comments are left out and links between the pages become
site links.

Checks, with or without --check: every marker names an existing docs block
or raw table; a docs block is embedded at most once; every docs block of
the project is embedded on a page unless listed in NOT_ON_A_PAGE (build
mechanics, not definitions); every raw table is embedded in
docs/raw-data.md; the pages hold no Jinja (`{{`, `{%`, `{#`) and no
`</script>`, which would break a docs block or the one-file docs site.

Usage:
    python scripts/sync_doc_pages.py           rewrite the generated parts in place
    python scripts/sync_doc_pages.py --check   change nothing; exit 1 listing every drifted part

Exit 0 when everything is in step (or was rewritten), 1 when --check found
drift or when a marker or page is wrong (then nothing is written).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# Page (relative to the project) -> name of its docs block on the site
# (`__<name>__`, shown at `#!/overview/<name>`).
PAGES = {
    "docs/metrics.md": "metrics",
    "docs/raw-data.md": "raw_data",
    "docs/marts.md": "marts",
    "docs/engine-notes.md": "engine_notes",
}
GENERATED = "docs/_pages__docs.md"
RAW_DATA_PAGE = "docs/raw-data.md"

# Docs blocks that define no figure or input rule, only how a model is built
# (the dbt docs show them on those models): they appear on no page.
NOT_ON_A_PAGE = {
    "incremental_base_model": "how the base models are rebuilt incrementally",
    "partition_date": "bookkeeping column of the incremental base models",
    "incremental_page_views_sessionized": "how int_page_views_sessionized is rebuilt incrementally",
    "incremental_sessions_aggregated": "how int_sessions_aggregated is rebuilt incrementally",
    "incremental_touchpoint_chain": "how the touchpoint chain is patched by date",
    "settled_touch_hash": "bookkeeping column of the touchpoint patch",
    "native_table": "column of the native row accounting models",
    "native_rows": "count column of the native row accounting models",
    "native_landed_rows": "count column of the native row accounting models",
    "native_contract_rows": "count column of the native row accounting models",
}

DOCS_BLOCK = re.compile(r"\{%-?\s*docs\s+(\w+)\s*-?%\}(.*?)\{%-?\s*enddocs\s*-?%\}", re.S)
MARKED = re.compile(
    r"^<!-- (?P<kind>docs|source):(?P<name>\w+) -->\n(?P<body>.*?)^<!-- /(?P<end>docs|source) -->$"
    r"|^<!-- (?P<vkind>vars) -->\n(?P<vbody>.*?)^<!-- /vars -->$",
    re.S | re.M,
)
OPENING = re.compile(r"^<!-- (?:(docs|source):(\w+)|(vars)) -->$", re.M)
CLOSING = re.compile(r"^<!-- /(docs|source|vars) -->$", re.M)
DOC_CALL = re.compile(r"""doc\(\s*['"](\w+)['"]\s*\)""")
FORBIDDEN = [(re.compile(r"\{\{|\{%|\{#"), "Jinja delimiters ({{, {% or {#) would break the generated docs block"),
             (re.compile(r"</script", re.I), "`</script` would end the script of the one-file docs site")]
ENV_VAR_DEFAULT = re.compile(r"""env_var\(\s*['"](\w+)['"]\s*,\s*['"]([^'"]*)['"]\s*\)""")
PAGE_LINK = re.compile(r"\]\((?:\./)?(?:docs/)?([\w.-]+)\.md(?:#[\w-]*)?\)")
SAME_PAGE_LINK = re.compile(r"\[([^\]]+)\]\(#(?!!)[^)\s]*\)")
OTHER_MD_LINK = re.compile(r"\[([^\]]+)\]\((?!#|https?:)[^)\s]*\.md(?:#[\w-]*)?\)")


@dataclass
class DocsBlock:
    name: str
    path: str
    text: str


@dataclass
class Usage:
    columns: dict[str, list[str]] = field(default_factory=dict)  # block -> ["mart.column", "mart"]
    metrics: dict[str, list[str]] = field(default_factory=dict)  # block -> semantic metrics


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def docs_blocks(root: Path) -> dict[str, DocsBlock]:
    """Every docs block of the project (models/ and docs/), except the site's
    own (`__overview__`, the generated page blocks)."""
    blocks: dict[str, DocsBlock] = {}
    files = sorted(root.glob("models/**/*.md")) + sorted(root.glob("docs/**/*.md"))
    for path in files:
        if rel(path, root) == GENERATED:
            continue
        for match in DOCS_BLOCK.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1)
            if name.startswith("__"):
                continue
            # dbt keeps a block's contents stripped of surrounding whitespace.
            blocks[name] = DocsBlock(name, rel(path, root), match.group(2).strip())
    return blocks


def usage(root: Path) -> Usage:
    """Which mart columns (and mart descriptions) and semantic metrics reuse each block."""
    found = Usage()
    for path in sorted(root.glob("models/**/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        in_marts = rel(path, root).startswith("models/marts/")
        for model in (data.get("models") or []) if in_marts else []:
            for name in DOC_CALL.findall(str(model.get("description") or "")):
                found.columns.setdefault(name, []).append(f"{model['name']}")
            for column in model.get("columns") or []:
                for name in DOC_CALL.findall(str(column.get("description") or "")):
                    found.columns.setdefault(name, []).append(f"{model['name']}.{column['name']}")
        for metric in data.get("metrics") or []:
            for name in DOC_CALL.findall(str(metric.get("description") or "")):
                found.metrics.setdefault(name, []).append(metric["name"])
    return found


def raw_tables(root: Path) -> dict[str, dict]:
    """Raw tables of the contract (sources in schema `raw`) by name."""
    tables = {}
    for path in sorted(root.glob("models/staging/**/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in data.get("sources") or []:
            if source.get("schema") != "raw":
                continue
            for table in source.get("tables") or []:
                tables[table["name"]] = dict(table, _source=source["name"], _path=rel(path, root))
    return tables


def one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def cell(text: str) -> str:
    """One table cell: one line, `|` escaped, and `<` outside code spans
    written as `&lt;` (`<table>` would otherwise be read as HTML)."""
    parts = one_line(text).split("`")
    parts = [part if index % 2 else part.replace("<", "&lt;") for index, part in enumerate(parts)]
    return "`".join(parts).replace("|", "\\|")


def render_docs(block: DocsBlock, uses: Usage) -> str:
    where = [f"Docs block `{block.name}` in {block.path}"]
    columns = uses.columns.get(block.name, [])
    if columns:
        where.append("shown on " + ", ".join(f"`{c}`" for c in dict.fromkeys(columns)))
    metrics = uses.metrics.get(block.name, [])
    if metrics:
        where.append("semantic metrics " + ", ".join(f"`{m}`" for m in dict.fromkeys(metrics)))
    return f"{block.text}\n\n*{'; '.join(where)}.*\n"


def render_source(table: dict) -> str:
    optional = (table.get("meta") or {}).get("optional") or (table.get("config", {}).get("meta") or {}).get(
        "optional")
    lines = [f"{'Optional. ' if optional else ''}{one_line(table.get('description'))} "
             f"(source `{table['_source']}`, {table['_path']})", "", "| column | meaning |", "|---|---|"]
    for column in table.get("columns") or []:
        lines.append(f"| `{column['name']}` | {cell(column.get('description'))} |")
    return "\n".join(lines) + "\n"


def project_vars(root: Path) -> list[tuple[str, object, str]]:
    """(var, default, the comment lines right above it) from dbt_project.yml."""
    text = (root / "dbt_project.yml").read_text(encoding="utf-8")
    values = (yaml.safe_load(text) or {}).get("vars") or {}
    comments: dict[str, str] = {}
    pending: list[str] = []
    in_vars = False
    for line in text.splitlines():
        if re.match(r"^vars:\s*$", line):
            in_vars = True
            continue
        if in_vars and re.match(r"^\S", line):
            break
        if not in_vars:
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("#").strip())
            continue
        key = re.match(r"^  (\w+):", line)
        if key:
            comments[key.group(1)] = " ".join(pending)
        pending = []
    return [(name, value, comments.get(name, "")) for name, value in values.items()]


def format_default(value: object) -> str:
    if isinstance(value, str) and "{{" in value:
        env = ENV_VAR_DEFAULT.search(value)
        return (f"`${env.group(1)}`, else `{env.group(2)}`" if env
                else "computed in dbt_project.yml")
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return ", ".join(f"`{item}`" for item in value) if value else "(none)"
    if isinstance(value, dict):
        return ", ".join(f"`{key}: {item}`" for key, item in value.items())
    return f"`{value}`"


def render_vars(root: Path) -> str:
    lines = ["| var | default | why (the comment in dbt_project.yml) |", "|---|---|---|"]
    for name, value, comment in project_vars(root):
        lines.append(f"| `{name}` | {cell(format_default(value))} | {cell(comment) or '-'} |")
    return "\n".join(lines) + "\n"


def check_markers(page: str, text: str) -> list[str]:
    """Unbalanced or nested markers (a body the generator could not find)."""
    problems = []
    depth = 0
    for match in re.finditer(r"^<!-- (/?)(docs|source|vars)(?::\w+)? -->$", text, re.M):
        line = text.count("\n", 0, match.start()) + 1
        closing = match.group(1) == "/"
        if closing and depth == 0:
            problems.append(f"{page}:{line}: closing marker without an opening one")
        elif not closing and depth == 1:
            problems.append(f"{page}:{line}: marker opened inside another marker")
        depth = 0 if closing else 1
    if depth:
        problems.append(f"{page}: a marker is never closed")
    return problems


def site_text(page_text: str) -> str:
    """The page as the docs site shows it: no marker comments; links to the
    other pages go to their site route, links to other files and to the
    page's own headings become text."""
    text = re.sub(r"^<!-- /?(?:docs|source|vars)(?::\w+)? -->\n", "", page_text, flags=re.M)
    site_names = {Path(page).stem: name for page, name in PAGES.items()}

    def page_link(match: re.Match) -> str:
        name = site_names.get(match.group(1))
        return f"](#!/overview/{name})" if name else match.group(0)

    text = PAGE_LINK.sub(page_link, text)
    text = OTHER_MD_LINK.sub(lambda m: m.group(1), text)
    # a link to a heading of the page itself would leave the site's route
    return SAME_PAGE_LINK.sub(lambda m: m.group(1), text)


def render_site(pages: dict[str, str]) -> str:
    out = ["Generated by scripts/sync_doc_pages.py from " + ", ".join(pages) + ": do not edit.",
           "Each page is a docs block that the dbt docs site shows at #!/overview/<name>",
           "(linked from the project overview, docs/overview.md). Edit the page, then run",
           ".venv/bin/python scripts/sync_doc_pages.py.", ""]
    for page, text in pages.items():
        out.append(f"{{% docs __{PAGES[page]}__ %}}")
        out.append(site_text(text).strip())
        out.append("{% enddocs %}")
        out.append("")
    return "\n".join(out)


def sync(root: Path) -> tuple[dict[str, str], list[str], list[str]]:
    """(new text by file, drift messages, errors)."""
    blocks = docs_blocks(root)
    uses = usage(root)
    tables = raw_tables(root)
    errors: list[str] = []
    drift: list[str] = []
    new_texts: dict[str, str] = {}
    embedded: dict[str, str] = {}
    sources_embedded: set[str] = set()

    for page in PAGES:
        path = root / page
        if not path.exists():
            errors.append(f"{page}: page missing")
            continue
        text = path.read_text(encoding="utf-8")
        errors.extend(check_markers(page, text))
        for pattern, why in FORBIDDEN:
            for match in pattern.finditer(text):
                errors.append(f"{page}:{text.count(chr(10), 0, match.start()) + 1}: {why}")

        def replace(match: re.Match) -> str:
            line = text.count("\n", 0, match.start()) + 1
            if match.group("vkind"):
                body, wanted, what = match.group("vbody"), render_vars(root), "vars of dbt_project.yml"
                if body != wanted:
                    drift.append(f"{page}:{line}: the {what} differ from dbt_project.yml")
                return f"<!-- vars -->\n{wanted}<!-- /vars -->"
            kind, name, body = match.group("kind"), match.group("name"), match.group("body")
            if match.group("end") != kind:
                errors.append(f"{page}:{line}: `<!-- {kind}:{name} -->` is closed by `<!-- /{match.group('end')} -->`")
                return match.group(0)
            if kind == "docs":
                block = blocks.get(name)
                if block is None:
                    errors.append(f"{page}:{line}: no docs block named `{name}` in models/ or docs/")
                    return match.group(0)
                if name in embedded:
                    errors.append(f"{page}:{line}: docs block `{name}` is already embedded in {embedded[name]}")
                embedded[name] = page
                wanted = render_docs(block, uses)
                source = block.path
            else:
                table = tables.get(name)
                if table is None:
                    errors.append(f"{page}:{line}: no raw table `{name}` in the sources of models/staging/")
                    return match.group(0)
                sources_embedded.add(name)
                wanted = render_source(table)
                source = table["_path"]
            if body != wanted:
                drift.append(f"{page}:{line}: `{name}` differs from {source}")
            return f"<!-- {kind}:{name} -->\n{wanted}<!-- /{kind} -->"

        new_texts[page] = MARKED.sub(replace, text)

    for name, block in sorted(blocks.items()):
        if name not in embedded and name not in NOT_ON_A_PAGE:
            errors.append(f"docs block `{name}` ({block.path}) is on no page: embed it with "
                          f"`<!-- docs:{name} -->` `<!-- /docs -->` in the page of its figure "
                          f"(or list it in NOT_ON_A_PAGE of scripts/sync_doc_pages.py)")
    stale = set(NOT_ON_A_PAGE) - set(blocks) if root == ROOT else set()  # the list is this project's
    for name in sorted(stale):
        errors.append(f"NOT_ON_A_PAGE names `{name}`, which is no docs block")
    for name in sorted(set(NOT_ON_A_PAGE) & set(embedded)):
        errors.append(f"docs block `{name}` is embedded in {embedded[name]} but listed in NOT_ON_A_PAGE")
    for name in sorted(set(tables) - sources_embedded):
        errors.append(f"raw table `{name}` is not embedded in {RAW_DATA_PAGE} (`<!-- source:{name} -->`)")

    if len(new_texts) == len(PAGES):
        site = render_site(new_texts)
        generated = root / GENERATED
        if not generated.exists() or generated.read_text(encoding="utf-8") != site:
            drift.append(f"{GENERATED}: differs from the pages")
        new_texts[GENERATED] = site
    return new_texts, drift, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when anything drifted")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()

    new_texts, drift, errors = sync(root)
    for line in errors:
        print(f"ERROR {line}")
    if errors:
        print(f"{len(errors)} error(s); nothing written.")
        return 1
    if args.check:
        for line in drift:
            print(f"DRIFT {line}")
        if drift:
            print(f"{len(drift)} part(s) out of step: run .venv/bin/python scripts/sync_doc_pages.py")
            return 1
        print(f"OK: {len(PAGES)} pages and {GENERATED} are in step with the docs blocks, sources and vars.")
        return 0
    written = 0
    for name, text in new_texts.items():
        path = root / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written += 1
            print(f"wrote {name}")
    print(f"{written} file(s) rewritten; {len(drift)} part(s) were out of step.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
