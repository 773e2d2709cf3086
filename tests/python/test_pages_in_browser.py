"""The one-file docs page survives any text, and the browser check sees it.

`dbt docs generate --static` pastes manifest.json into the page's script
unescaped: a `</script>` in a description (or unit-test fixture, seed, raw
value) closes the script early and the page shows raw JSON. scripts/docs_site.py
escapes every `<` of the inline JSON; scripts/check_pages_in_browser.py opens
the pages in headless Chromium.

Unit level (no dbt build): a synthetic page with `</script>` in a model
description is escaped to the same JSON, with the page around it unchanged.
With Chromium: the browser check fails on the unescaped page (console error,
visible JSON) and passes on the escaped one. Without Chromium those tests
are skipped, saying so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import docs_site  # noqa: E402
from cdp_pipe import find_chromium  # noqa: E402

CHECK = ROOT / "scripts" / "check_pages_in_browser.py"
HOSTILE = "Deals. Shows </script><script>alert(1)</script> and <!--<script> as text \u2028 too."


def synthetic_artifacts() -> tuple[dict, dict]:
    """A minimal manifest (one model, an overview) and catalog, with hostile text."""
    uid = "model.demo.fct_demo"
    node = {
        "name": "fct_demo", "resource_type": "model", "package_name": "demo", "unique_id": uid,
        "path": "marts/fct_demo.sql", "original_file_path": "models/marts/fct_demo.sql",
        "fqn": ["demo", "marts", "fct_demo"], "database": "demo", "schema": "marts", "alias": "fct_demo",
        "description": "One row per demo deal. " + HOSTILE,
        "columns": {"deal_id": {"name": "deal_id", "description": "Id </script> of the deal.", "meta": {},
                                "data_type": None, "constraints": [], "tags": []}},
        "config": {"enabled": True, "materialized": "table", "tags": [], "meta": {}, "docs": {"show": True}},
        "tags": [], "meta": {}, "docs": {"show": True}, "depends_on": {"macros": [], "nodes": []},
        "refs": [], "sources": [], "language": "sql", "raw_code": "select '</script>' as deal_id",
        "compiled_code": "select '</script>' as deal_id", "access": "protected", "constraints": [],
        "contract": {"enforced": False}, "version": None, "latest_version": None, "patch_path": None,
    }
    overview = {"name": "__overview__", "resource_type": "doc", "package_name": "demo",
                "unique_id": "doc.demo.__overview__", "path": "overview.md",
                "original_file_path": "docs/overview.md",
                "block_contents": "# Demo revenue overview\n\nThe project. " + HOSTILE}
    manifest = {
        "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
                     "dbt_version": "1.11.16", "project_name": "demo", "adapter_type": "duckdb",
                     "generated_at": "2026-01-01T00:00:00Z", "send_anonymous_usage_stats": False},
        "nodes": {uid: node}, "sources": {}, "macros": {}, "docs": {overview["unique_id"]: overview},
        "exposures": {}, "metrics": {}, "groups": {}, "selectors": {}, "disabled": {},
        "parent_map": {uid: []}, "child_map": {uid: []}, "group_map": {}, "saved_queries": {},
        "semantic_models": {}, "unit_tests": {}, "functions": {},
    }
    catalog = {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v1.json",
                            "dbt_version": "1.11.16", "generated_at": "2026-01-01T00:00:00Z"},
               "nodes": {}, "sources": {}, "errors": None}
    return manifest, catalog


def inline(template: str, manifest: dict, catalog: dict) -> str:
    """What `dbt docs generate --static` does (dbt/task/docs/generate.py)."""
    return (template.replace('"MANIFEST.JSON INLINE DATA"', json.dumps(manifest))
            .replace('"CATALOG.JSON INLINE DATA"', json.dumps(catalog)))


SMALL_TEMPLATE = ('<!doctype html><html><body><p>a < b</p><script>var x="<b>",n={manifest:'
                  '"MANIFEST.JSON INLINE DATA",catalog:"CATALOG.JSON INLINE DATA"},r=1;</script></body></html>')


def test_escaping_keeps_the_json_and_touches_nothing_else():
    manifest, catalog = synthetic_artifacts()
    page = inline(SMALL_TEMPLATE, manifest, catalog)
    assert page.count("</script>") > 1  # the bug: the JSON closes the script

    fixed, count = docs_site.escape_page(page)

    assert count == sum(page.count(c) for c in "<\u2028\u2029") - SMALL_TEMPLATE.count("<")
    assert fixed.count("</script>") == 1 and "\u2028" not in fixed
    (_, start, end, new_manifest), (_, cstart, cend, new_catalog) = docs_site.find_payloads(fixed)
    assert "<" not in fixed[start:end] + fixed[cstart:cend]
    assert (new_manifest, new_catalog) == (manifest, catalog)
    assert fixed[:start] == SMALL_TEMPLATE.split('"MANIFEST')[0]  # the page's own HTML and script
    assert fixed[cend:] == SMALL_TEMPLATE.split('INLINE DATA"', 2)[2]
    assert docs_site.escape_page(fixed) == (fixed, 0)  # twice changes nothing


def test_script_rewrites_the_page_in_place_and_checks_the_artifacts(tmp_path):
    manifest, catalog = synthetic_artifacts()
    page = tmp_path / "static_index.html"
    page.write_text(inline(SMALL_TEMPLATE, manifest, catalog), encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")

    assert docs_site.main([str(page)]) == 0
    assert page.read_text(encoding="utf-8").count("</script>") == 1

    manifest["nodes"]["model.demo.fct_demo"]["description"] = "another text"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert docs_site.main([str(page)]) == 1  # inline payload differs from manifest.json


@pytest.mark.parametrize("page, message", [
    ("<html><body>no docs here</body></html>", "no `{manifest:`"),
    (SMALL_TEMPLATE, "placeholder is still a string"),
    (SMALL_TEMPLATE.replace('"MANIFEST.JSON INLINE DATA"', '{"metadata": {'), "not JSON"),
    (inline(SMALL_TEMPLATE, {"metadata": {}}, {}), "not a dbt manifest"),
])
def test_fails_loudly_without_the_payload(tmp_path, capsys, page, message):
    path = tmp_path / "static_index.html"
    path.write_text(page, encoding="utf-8")
    assert docs_site.main([str(path)]) == 1
    assert message in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == page  # left as it was


# ------------------------------------------------------------------ in Chromium
CHROMIUM, WHY_NOT = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason=f"browser check: {WHY_NOT}")


@pytest.fixture(scope="module")
def dbt_pages(tmp_path_factory) -> tuple[Path, Path]:
    """(unescaped, escaped) one-file docs pages of dbt's own app, synthetic data."""
    from dbt.task.docs import DOCS_INDEX_FILE_PATH

    template = Path(DOCS_INDEX_FILE_PATH).read_text(encoding="utf-8")
    page = inline(template, *synthetic_artifacts())
    folder = tmp_path_factory.mktemp("docs_pages")
    broken, fixed = folder / "broken.html", folder / "fixed.html"
    broken.write_text(page, encoding="utf-8")
    fixed.write_text(docs_site.escape_page(page)[0], encoding="utf-8")
    return broken, fixed


def run_check(page: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), "--docs", str(page), "--model", "fct_demo",
                           "--timeout", "60"], capture_output=True, text=True, timeout=600)


@needs_chromium
def test_browser_check_fails_on_the_unescaped_page(dbt_pages):
    result = run_check(dbt_pages[0])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "console error: SyntaxError" in result.stderr
    assert "'Demo revenue overview' is not in the rendered page" in result.stderr
    assert "the page opened a JavaScript alert dialog" in result.stderr  # the description's script ran
    assert "script or data shown as page text" in result.stderr


@needs_chromium
def test_browser_check_passes_on_the_escaped_page(dbt_pages):
    result = run_check(dbt_pages[1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Pages render" in result.stdout


def test_check_without_chromium_says_skipped_or_fails_when_required(tmp_path):
    env = {"PATH": "/nonexistent", "CHROMIUM": str(tmp_path / "no-chromium")}
    skipped = subprocess.run([sys.executable, str(CHECK), "--docs", "x.html"], capture_output=True,
                             text=True, env=env)
    assert skipped.returncode == 3 and skipped.stdout.startswith("SKIPPED: browser check: no Chromium")
    required = subprocess.run([sys.executable, str(CHECK), "--docs", "x.html"], capture_output=True,
                              text=True, env={**env, "REQUIRE_BROWSER": "1"})
    assert required.returncode == 1 and "FAILED" in required.stderr
