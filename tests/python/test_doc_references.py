"""The project's documents: every citation resolves, and every definition has one source.

- scripts/check_doc_references.py passes on the project: every Markdown
  document any file cites (`docs/metrics.md section 5`, `docs/marts.md`,
  `docs/metrics.md#as-of-time`) is a file of the project with that section
  or heading; and it fails, naming file and line, on a synthetic project
  that cites a missing section (section 12 of the metrics page), a missing
  document (a `contract/` or `known-facts` page), a path outside the
  project or a missing anchor;
- scripts/sync_doc_pages.py --check passes on the project: the pages embed
  the docs blocks, source columns and vars as they are now, and the
  generated site blocks (docs/_pages__docs.md) match the pages; on a
  synthetic project it reports a drifted, unknown or unembedded block;
- docs/marts.md's table of marts agrees with the marts' yml (grain = the
  primary-key test, stable columns declared) and with MARTS_CONTRACT of
  scripts/validate_marts.py, and lists every mart;
- the project overview links every page the site shows.

Nothing here needs a dbt build: the scripts read the files.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHECK_REFERENCES = ROOT / "scripts" / "check_doc_references.py"
SYNC_PAGES = ROOT / "scripts" / "sync_doc_pages.py"
MARTS_PAGE = ROOT / "docs" / "marts.md"


def run(script: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


# The synthetic files below cite documents that do not exist on purpose. They
# are written here with `·md` for `.md`, so that the project's own reference
# check does not read this file as citing them.
def md(text: str) -> str:
    return text.replace("·md", ".md")


def write(root: Path, name: str, text: str) -> None:
    path = root / md(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(md(textwrap.dedent(text).lstrip("\n")), encoding="utf-8")


# ---------------------------------------------------------------- citations
def test_every_citation_of_the_project_resolves():
    result = run(CHECK_REFERENCES)
    assert result.returncode == 0, (
        "files cite a document or section the project does not have:\n" + result.stdout[-6000:])


@pytest.fixture
def cited_project(tmp_path: Path) -> Path:
    """A project (no git) with one page and files citing it well and badly."""
    write(tmp_path, "docs/metrics·md", """
        # Metric definitions
        ## Conventions
        ### As-of time
        ## 1. Identity
        ## 5. Funnel rates
        ### 5.2 Maturity
        ## 7. Attribution
        See [the conventions](#conventions) and [nothing](#no-such-heading).
        """)
    write(tmp_path, "README·md", "Definitions: [docs/metrics·md](docs/metrics·md), section 5.\n")
    write(tmp_path, "models/good.sql", """
        {#- fine: docs/metrics·md section 5, docs/metrics·md sections 1 and 7,
            docs/metrics·md §5.2, docs/metrics·md#as-of-time, section 7 of docs/metrics·md,
            (docs/metrics·md
            section 1), metrics·md section 5 (a bare name of docs/), README·md,
            https://example.com/known-facts·md (a URL), glob *·md, {name}·md -#}
        select 1
        """)
    write(tmp_path, "models/bad.sql", """
        -- line 1: metrics·md section 12
        -- line 2: contract/foo·md
        -- line 3: known-facts·md says so
        -- line 4: docs/metrics·md sections 5-8
        -- line 5: docs/metrics·md#no-such-anchor
        -- line 6: (docs/metrics·md
        --     section 12)
        -- line 8: docs/metrics·md §3
        -- line 9: see section 12 of docs/metrics·md
        -- line 10: ../../outside/contract/metrics·md
        -- line 11: /srv/specs/known-facts·md
        -- line 12: known-facts·md (doc-references: ignore)
        select 1
        """)
    write(tmp_path, "scripts/report.py", """
        FOOTER = "Definitions: the dbt docs and contract/metrics·md."
        NOTE = "[docs/metrics·md](../docs/metrics·md), section 9"
        """)
    return tmp_path


def test_checker_names_every_bad_citation_by_file_and_line(cited_project: Path):
    result = run(CHECK_REFERENCES, "--root", str(cited_project))
    out = result.stdout.replace(".md", "·md")
    assert result.returncode == 1, out
    expected = [
        "models/bad.sql:1: cites `metrics·md` section 12",
        "models/bad.sql:2: cites `contract/foo·md`: no such file",
        "models/bad.sql:3: cites `known-facts·md`: no such file",
        "models/bad.sql:4: cites `docs/metrics·md` section 6",
        "models/bad.sql:4: cites `docs/metrics·md` section 8",
        "models/bad.sql:5: cites `docs/metrics·md#no-such-anchor`",
        "models/bad.sql:6: cites `docs/metrics·md` section 12",
        "models/bad.sql:8: cites `docs/metrics·md` section 3",
        "models/bad.sql:9: cites `docs/metrics·md` section 12",
        "models/bad.sql:10: cites `../../outside/contract/metrics·md`: the path leaves the project",
        "models/bad.sql:11: cites `/srv/specs/known-facts·md`: absolute path",
        "scripts/report.py:1: cites `contract/metrics·md`: no such file",
        "scripts/report.py:2: cites `docs/metrics·md` section 9",
        "docs/metrics·md:8: links to `#no-such-heading`",
    ]
    for line in expected:
        assert line in out, f"{line!r} not reported:\n{out}"
    for fine in ("models/good.sql", "README·md", "models/bad.sql:12", "docs/metrics·md section 7",
                 "section 5:", "section 1:", "section 7:", "`#conventions`"):
        assert fine not in out, f"{fine!r} reported although it resolves:\n{out}"
    # sections 5-8 of a page with 1, 5 and 7: only the missing ones
    assert "models/bad.sql:4: cites `docs/metrics·md` section 5" not in out
    assert "models/bad.sql:4: cites `docs/metrics·md` section 7" not in out


def test_checker_passes_once_the_citations_are_fixed(cited_project: Path):
    for name in ("models/bad.sql", "scripts/report.py"):
        (cited_project / name).unlink()
    page = cited_project / "docs" / "metrics.md"
    page.write_text(page.read_text().replace("(#no-such-heading)", "(#as-of-time)"))
    result = run(CHECK_REFERENCES, "--root", str(cited_project))
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- one source per definition
def test_pages_are_in_step_with_the_docs_blocks():
    result = run(SYNC_PAGES, "--check")
    assert result.returncode == 0, (
        "the definition pages drifted from the docs blocks, sources or vars "
        "(run .venv/bin/python scripts/sync_doc_pages.py):\n" + result.stdout[-6000:])


@pytest.fixture
def synced_project(tmp_path: Path) -> Path:
    """The smallest project the sync script accepts, already synced."""
    write(tmp_path, "dbt_project.yml", """
        name: demo
        vars:
          # Days of the window.
          window_days: 30
        """)
    write(tmp_path, "models/marts/_demo__docs·md", """
        {% docs demo_rate %}
        Demo rate = wins / tries.
        {% enddocs %}

        {% docs demo_count %}
        Tries in the month.
        {% enddocs %}
        """)
    write(tmp_path, "models/marts/_demo__models.yml", """
        version: 2
        models:
          - name: rpt_demo
            columns:
              - name: rate
                description: "{{ doc('demo_rate') }}"
        """)
    write(tmp_path, "models/staging/_raw__sources.yml", """
        version: 2
        sources:
          - name: app
            schema: raw
            tables:
              - name: tries
                description: One row per try.
                columns:
                  - name: try_id
                    description: Try id.
        """)
    write(tmp_path, "docs/metrics·md", """
        # Metrics
        <!-- vars -->
        <!-- /vars -->
        ## 1. Rates
        <!-- docs:demo_rate -->
        <!-- /docs -->
        <!-- docs:demo_count -->
        <!-- /docs -->
        """)
    write(tmp_path, "docs/raw-data·md", "# Raw\n<!-- source:tries -->\n<!-- /source -->\n")
    write(tmp_path, "docs/marts·md", "# Marts\n")
    write(tmp_path, "docs/engine-notes·md", "# Notes\n")
    result = run(SYNC_PAGES, "--root", str(tmp_path))
    assert result.returncode == 0, result.stdout
    return tmp_path


def test_sync_embeds_blocks_sources_and_vars_and_renders_the_site(synced_project: Path):
    page = (synced_project / "docs" / "metrics.md").read_text()
    assert "<!-- docs:demo_rate -->\nDemo rate = wins / tries.\n" in page
    assert "shown on `rpt_demo.rate`" in page
    assert "| `window_days` | `30` | Days of the window. |" in page
    assert "| `try_id` | Try id. |" in (synced_project / "docs" / "raw-data.md").read_text()
    site = (synced_project / "docs" / "_pages__docs.md").read_text()
    assert "{% docs __metrics__ %}" in site and "{% docs __raw_data__ %}" in site
    assert "<!--" not in site.split("{% docs", 1)[1], "marker comments must not reach the site"
    assert run(SYNC_PAGES, "--root", str(synced_project), "--check").returncode == 0


def test_sync_check_names_a_drifted_block(synced_project: Path):
    docs = synced_project / "models" / "marts" / md("_demo__docs·md")
    docs.write_text(docs.read_text().replace("wins / tries", "wins / attempts"))
    result = run(SYNC_PAGES, "--root", str(synced_project), "--check")
    out = result.stdout.replace(".md", "·md")
    assert result.returncode == 1
    assert "DRIFT docs/metrics·md:" in out and "`demo_rate` differs from models/marts/_demo__docs·md" \
        in out
    assert "DRIFT docs/_pages__docs·md" in out
    # the sync repairs it
    assert run(SYNC_PAGES, "--root", str(synced_project)).returncode == 0
    assert "wins / attempts" in (synced_project / "docs" / "metrics.md").read_text()
    assert run(SYNC_PAGES, "--root", str(synced_project), "--check").returncode == 0


def test_sync_check_names_a_drifted_var_and_source(synced_project: Path):
    project = synced_project / "dbt_project.yml"
    project.write_text(project.read_text().replace("window_days: 30", "window_days: 45"))
    sources = synced_project / "models" / "staging" / "_raw__sources.yml"
    sources.write_text(sources.read_text().replace("Try id.", "Id of the try."))
    result = run(SYNC_PAGES, "--root", str(synced_project), "--check")
    out = result.stdout.replace(".md", "·md")
    assert result.returncode == 1
    assert "the vars of dbt_project.yml differ" in out
    assert "docs/raw-data·md:2: `tries` differs from models/staging/_raw__sources.yml" in out


def test_sync_refuses_unknown_unembedded_and_twice_embedded_blocks(synced_project: Path):
    docs = synced_project / "models" / "marts" / md("_demo__docs·md")
    docs.write_text(docs.read_text() + "\n{% docs demo_new %}\nA new figure.\n{% enddocs %}\n")
    page = synced_project / "docs" / "metrics.md"
    page.write_text(page.read_text() + "<!-- docs:demo_missing -->\n<!-- /docs -->\n"
                    "<!-- docs:demo_count -->\n<!-- /docs -->\n")
    result = run(SYNC_PAGES, "--root", str(synced_project), "--check")
    out = result.stdout.replace(".md", "·md")
    assert result.returncode == 1
    assert "no docs block named `demo_missing`" in out
    assert "docs block `demo_new` (models/marts/_demo__docs·md) is on no page" in out
    assert "docs block `demo_count` is already embedded in docs/metrics·md" in out


def test_sync_refuses_jinja_and_script_tags_in_pages(synced_project: Path):
    page = synced_project / "docs" / "marts.md"
    page.write_text("# Marts\nUse {{ ref('x') }} here.\nNever </script> either.\n")
    result = run(SYNC_PAGES, "--root", str(synced_project), "--check")
    out = result.stdout.replace(".md", "·md")
    assert result.returncode == 1
    assert "docs/marts·md:2: Jinja delimiters" in out
    assert "docs/marts·md:3: `</script` would end the script" in out


# ---------------------------------------------------------------- the marts page
def marts_table() -> dict[str, tuple[list[str], list[str]]]:
    """mart -> (grain, stable columns) from the table of docs/marts.md section 4."""
    text = MARTS_PAGE.read_text()
    section = text.split("\n## 4. ", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        names = [re.findall(r"`(\w+)`", cell) for cell in cells[:3]]
        rows[names[0][0]] = (names[1], names[2])
    return rows


def marts_contract_of_validator() -> dict[str, tuple[list[str], list[str]]]:
    tree = ast.parse((ROOT / "scripts" / "validate_marts.py").read_text())
    for node in ast.walk(tree):
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and getattr(target, "id", None) == "MARTS_CONTRACT":
            return {name: (list(grain), list(columns)) for name, (grain, columns) in
                    ast.literal_eval(node.value).items()}
    raise AssertionError("MARTS_CONTRACT not found in scripts/validate_marts.py")


def marts_in_yml() -> dict[str, tuple[list[str], set[str]]]:
    """mart -> (columns of its primary_key test, declared columns), from models/marts/**/*.yml."""
    found = {}
    for path in sorted((ROOT / "models" / "marts").rglob("*.yml")):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            grain: list[str] = []
            for test in (model.get("data_tests") or model.get("tests") or []):
                if isinstance(test, dict) and "primary_key" in test:
                    config = test["primary_key"] or {}
                    grain = list((config.get("arguments") or config).get("columns") or [])
            columns = {column["name"] for column in model.get("columns") or []}
            found[model["name"]] = (grain, columns)
    return found


def test_marts_page_lists_every_mart_with_its_grain_and_declared_columns():
    table = marts_table()
    models = {path.stem for path in (ROOT / "models" / "marts").rglob("*.sql")}
    assert set(table) == models, f"docs/marts.md section 4 vs models/marts: {set(table) ^ models}"
    declared = marts_in_yml()
    for mart, (grain, stable) in table.items():
        yml_grain, yml_columns = declared[mart]
        assert grain == yml_grain, f"{mart}: grain {grain} on the page, primary key {yml_grain} in its yml"
        assert not set(stable) - yml_columns, f"{mart}: stable columns not in its yml: {set(stable) - yml_columns}"


def test_marts_page_agrees_with_the_validator():
    table = marts_table()
    contract = marts_contract_of_validator()
    for mart, (grain, columns) in contract.items():
        assert mart in table, f"{mart} is in MARTS_CONTRACT but not in docs/marts.md"
        assert table[mart] == (grain, columns), (
            f"{mart}: docs/marts.md says {table[mart]}, scripts/validate_marts.py {(grain, columns)}")


# ---------------------------------------------------------------- the docs site
def test_overview_links_every_page_the_site_shows():
    site = (ROOT / "docs" / "_pages__docs.md").read_text()
    overview = (ROOT / "docs" / "overview.md").read_text()
    names = re.findall(r"\{% docs __(\w+)__ %\}", site)
    assert names, "docs/_pages__docs.md holds no page"
    for name in names:
        assert f"(#!/overview/{name})" in overview, f"docs/overview.md does not link the page {name}"
