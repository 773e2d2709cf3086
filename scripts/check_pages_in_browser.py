#!/usr/bin/env python3
"""Open the pages the project writes in headless Chromium and check they render.

- docs page (build/docs/static_index.html, `make docs`): the overview and a
  mart's model page (`--model`, default fct_deals) are each loaded. No console
  error at all (uncaught exception, console.error, failed load, JavaScript
  dialog; scripts/docs_site.py fixes the two dbt's own app makes); the
  overview shows the overview's title and the
  source names in the project tree; the model page shows the model's name,
  the start of its description and the models of its folder in the tree;
  no manifest JSON and no script or data text is visible. What to expect is
  read from the page's own inline manifest.
- report (build/report/revenue_report.html, `make report`): no console error,
  the KPI tiles and every chart title the file holds are rendered and
  visible, no JSON and no stray script or data text is visible.

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe; standard library only), with a fresh profile, no
network services, no sandbox (containers). Browser: $CHROMIUM, else
/usr/bin/chromium, else chromium / chromium-browser on PATH.

Usage:
    python scripts/check_pages_in_browser.py [--docs PAGE] [--report FILE]
        [--model NAME] [--screenshots DIR] [--timeout S]
    python scripts/check_pages_in_browser.py --which   (the browser, or why none)

Exit 0 when every page passes, 1 when one fails, 2 on a usage error (a page
missing), 3 (`SKIPPED: <why>`) when no Chromium is found; with
REQUIRE_BROWSER=1 (CI) a missing Chromium is a failure (exit 1).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cdp_pipe import Browser, BrowserError, find_chromium  # noqa: E402
from docs_site import PayloadError, find_payloads  # noqa: E402

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3
DOCS_JSON = re.compile(r'"(resource_type|unique_id|dbt_schema_version|compiled_code)"\s*:')
ANY_JSON = re.compile(r'[{\[,]\s*"[A-Za-z_][A-Za-z0-9_ ]*"\s*:\s*["\d\[{tfn-]')
# dbt 1.11's bundled docs app logs these on every page, whatever the project:
# its favicon link is an unbuilt webpack expression, and its tree icons are
# <use xlink:href="{{ getIcon(...) }}"> that the browser fetches before Angular
# fills them in. Exact URLs only; any other console error fails.
VISIBLE_TEXT_JS = "document.body ? document.body.innerText : ''"
# Text straight under <html>, <head> or <body>: what a script or JSON closed
# early by its own content leaves as page text (neither page writes any).
STRAY_TEXT_JS = """[document.documentElement, document.head, document.body].filter(Boolean).flatMap(
  e => [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim())
       .map(n => n.textContent.trim().slice(0, 80)))"""
DOCS_JS = f"({{text: {VISIBLE_TEXT_JS}, stray: {STRAY_TEXT_JS}}})"
REPORT_JS = """(() => {
  const shown = e => !e.closest('script') && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden';
  return {kpis: [...document.querySelectorAll('#kpis .kpi')].filter(shown).length,
          titles: [...document.querySelectorAll('figure.chart > h2')].filter(shown).map(e => e.innerText.trim()),
          text: document.body ? document.body.innerText : '', stray: %s};
})()""" % STRAY_TEXT_JS


def plain(markdown: str) -> str:
    """Markdown as the docs app shows it, roughly: links, code and emphasis marks out."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[`*#>]|(?<!\w)_|_(?!\w)", "", text)
    return " ".join(text.split())


def docs_expectations(page: str, model: str) -> dict:
    """What the docs app must show, read from the page's own inline manifest."""
    manifest = find_payloads(page)[0][3]
    project = manifest["metadata"].get("project_name") or ""
    overview = manifest.get("docs", {}).get(f"doc.{project}.__overview__", {}).get("block_contents", "")
    title = next((line.lstrip("# ").strip() for line in overview.splitlines() if line.startswith("#")), "")
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    if model not in models:
        raise PayloadError(f"no model {model!r} in the docs page's manifest")
    node = models[model]
    siblings = sorted(n for n, other in models.items() if other["fqn"][:-1] == node["fqn"][:-1])
    description = plain(node.get("description") or "")
    return {"unique_id": node["unique_id"], "overview_title": plain(title),
            "sources": sorted({source["source_name"] for source in manifest.get("sources", {}).values()}),
            "siblings": siblings,
            "description_start": " ".join(re.split(r"(?<=[.:;])\s", description)[0].split()[:8])}


def check_docs(browser: Browser, page_path: Path, model: str, shots: Path | None) -> list[str]:
    try:
        expect = docs_expectations(page_path.read_text(encoding="utf-8"), model)
    except PayloadError as error:
        return [f"docs page {page_path}: {error}"]
    problems = []
    base = page_path.resolve().as_uri()
    # (phrases: in the text, spaces normalised; names: in the text without any space,
    # as the tree splits long names over lines)
    views = [("overview", base + "#!/overview", [expect["overview_title"]], expect["sources"]),
             (f"model {model}", f"{base}#!/model/{expect['unique_id']}", [expect["description_start"]],
              expect["siblings"])]
    for view, url, phrases, names in views:
        phrases = [p for p in phrases if p]
        tests = [f"t.includes({json.dumps(p)})" for p in phrases] + [f"c.includes({json.dumps(n)})" for n in names]
        ready = (f"((text) => {{ const t = text.replace(/\\s+/g, ' '), c = text.replace(/\\s+/g, ''); "
                 f"return {' && '.join(tests) or 'true'}; }})({VISIBLE_TEXT_JS})")
        result = browser.load(url, ready_js=ready, collect_js=DOCS_JS,
                              screenshot=shots / f"docs-{view.split()[-1]}.png" if shots else None)
        seen = result.value if isinstance(result.value, dict) else {}
        text = " ".join(str(seen.get("text", "")).split())
        compact = "".join(text.split())
        problems += [f"docs {view}: console error: {e}" for e in result.errors]
        problems += [f"docs {view}: {p!r} is not in the rendered page" for p in phrases if p not in text]
        problems += [f"docs {view}: name {n!r} is not in the rendered page" for n in names if n not in compact]
        match = DOCS_JSON.search(text)
        if match:
            problems.append(f"docs {view}: manifest JSON is visible as text ({text[match.start():][:80]!r}...)")
        if seen.get("stray"):
            problems.append(f"docs {view}: script or data shown as page text ({seen['stray'][0]!r}...)")
    return problems


def check_report(browser: Browser, report_path: Path, shots: Path | None) -> list[str]:
    source = report_path.read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in re.findall(r'<figure class="chart"[^>]*>\s*<h2>(.*?)</h2>', source, re.S)]
    kpis = source.count('<div class="kpi">')
    result = browser.load(report_path.resolve().as_uri(), ready_js="document.readyState === 'complete'",
                          collect_js=REPORT_JS, screenshot=shots / "report.png" if shots else None)
    seen = result.value if isinstance(result.value, dict) else {}
    problems = [f"report: console error: {e}" for e in result.errors]
    if not titles or not kpis:
        problems.append(f"report {report_path}: no chart or KPI tile in the file: not a render_report.py page")
    if seen.get("kpis", 0) != kpis:
        problems.append(f"report: {seen.get('kpis', 0)} of the {kpis} KPI tiles are rendered and visible")
    missing = [t for t in titles if t not in seen.get("titles", [])]
    problems += [f"report: chart title {t!r} is not rendered and visible" for t in missing]
    match = ANY_JSON.search(seen.get("text", ""))
    if match:
        problems.append(f"report: JSON is visible as text ({seen['text'][match.start():][:80]!r}...)")
    if seen.get("stray"):
        problems.append(f"report: script or data shown as page text ({seen['stray'][0]!r}...)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, help="the one-file docs page (static_index.html)")
    parser.add_argument("--report", type=Path, help="the HTML report")
    parser.add_argument("--model", default="fct_deals", help="the model whose docs page is opened")
    parser.add_argument("--screenshots", type=Path, help="save a PNG of each page here")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for a page to render")
    parser.add_argument("--which", action="store_true", help="print the browser used, or why none")
    args = parser.parse_args(argv)
    binary, why = find_chromium()
    if binary is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            print(f"FAILED: browser check: {why} (REQUIRE_BROWSER=1)", file=sys.stderr)
            return EXIT_FAILED
        print(f"SKIPPED: browser check: {why}")
        return EXIT_SKIPPED
    if args.which:
        print(binary)
        return EXIT_OK
    pages = [p for p in (args.docs, args.report) if p]
    if not pages:
        parser.error("give --docs and/or --report")
    for page in pages:
        if not page.exists():
            print(f"ERROR: no page at {page}: run `make docs` / `make report` first", file=sys.stderr)
            return EXIT_USAGE
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    problems = []
    try:
        with Browser(binary, timeout=args.timeout) as browser:
            if args.docs:
                problems += check_docs(browser, args.docs, args.model, args.screenshots)
            if args.report:
                problems += check_report(browser, args.report, args.screenshots)
    except BrowserError as error:
        problems.append(f"browser: {error}")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    if problems:
        return EXIT_FAILED
    print(f"Pages render in {binary}: " + ", ".join(str(p) for p in pages)
          + " (no console error, no visible JSON)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
