#!/usr/bin/env python3
"""Make the one-file docs page safe for any text the project holds.

`dbt docs generate --static` (dbt-core 1.11) writes static_index.html by
pasting manifest.json and catalog.json, unescaped, into the page's script:

    ...var n={manifest:<manifest.json>,catalog:<catalog.json>},r=...

Any `</script>` in a description, unit-test fixture, seed or raw value then
closes the script early: the browser shows the JSON as text and the app never
starts. This rewrites, in place, only those two JSON payloads: every `<`
becomes `\\u003c` (and U+2028/U+2029 become `\\u2028`/`\\u2029`), which is
the same JSON and the same JavaScript value, since `<` only occurs inside
JSON strings. The page's own HTML and JavaScript are left as they are but for
two fixes of requests dbt's app makes before it starts (APP_FIXES).

The payloads are found by decoding them as JSON where dbt's code puts them;
when they are not there (another dbt layout), or do not decode, or differ
from manifest.json / catalog.json next to the page, it fails (exit 1) rather
than leave a page that may not open. Running it twice changes nothing.

Usage:
    python scripts/docs_site.py [PAGE]     (default build/docs/static_index.html)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGE = ROOT / "build" / "docs" / "static_index.html"
# Where dbt's bundled app (dbt/task/docs/index.html) holds the inline data.
MANIFEST_KEY = "{manifest:"
CATALOG_KEY = ",catalog:"
ESCAPES = {"<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# Two requests dbt's bundled app makes before it has started, which a browser
# reports as console errors on every page: a favicon link whose href is an
# unbuilt template string, and the tree's SVG icons whose href is an Angular
# expression read before Angular fills it in. Fixed in the app's own text
# (never in the payloads): an empty data: icon, and Angular's ng-attr-href
# (SVG 2's href), set only once the expression has a value.
APP_FIXES = [
    ("href=\"${require('./assets/favicons/favicon.ico')}\"", 'href="data:,"'),
    ('<use xlink:href="{{ getIcon(', '<use ng-attr-href="{{ getIcon('),
]


class PayloadError(Exception):
    """The page does not hold the inline manifest and catalog where expected."""


def escape_json_text(text: str) -> str:
    """JSON text with every `<` (and U+2028/U+2029) as a \\u escape.

    Valid for JSON text only: outside strings JSON has no `<` at all."""
    for char, escaped in ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def find_payloads(page: str) -> list[tuple[str, int, int, object]]:
    """[(name, start, end, value)] of the inline manifest and catalog JSON."""
    decoder = json.JSONDecoder()
    first = page.find(MANIFEST_KEY)
    if first < 0:
        raise PayloadError(f"no `{MANIFEST_KEY}` in the page: not a `dbt docs generate --static` page "
                           "of the layout this script knows (dbt-core 1.11)")
    payloads = []
    position = first + len(MANIFEST_KEY)
    for name, after in (("manifest", CATALOG_KEY), ("catalog", "}")):
        if page.startswith('"', position):
            raise PayloadError(f"the {name} placeholder is still a string: dbt did not inline {name}.json")
        try:
            value, end = decoder.raw_decode(page, position)
        except json.JSONDecodeError as error:
            raise PayloadError(f"the inline {name} is not JSON ({error})") from None
        schema = value.get("metadata", {}).get("dbt_schema_version", "") if isinstance(value, dict) else ""
        if f"/{name}/" not in schema:
            raise PayloadError(f"the inline {name} is not a dbt {name} (dbt_schema_version {schema!r})")
        payloads.append((name, position, end, value))
        if not page.startswith(after, end):
            raise PayloadError(f"the inline {name} is not followed by `{after}` "
                               f"(found {page[end:end + 20]!r})")
        position = end + len(after)
    return payloads


def escape_page(page: str) -> tuple[str, int]:
    """(the page with both payloads escaped, number of characters escaped)."""
    parts, cursor, count = [], 0, 0
    for _name, start, end, _value in find_payloads(page):
        text = page[start:end]
        count += sum(text.count(char) for char in ESCAPES)
        parts += [fix_app(page[cursor:start]), escape_json_text(text)]
        cursor = end
    parts.append(fix_app(page[cursor:]))
    return "".join(parts), count


def fix_app(text: str) -> str:
    """The app's own HTML and JavaScript with APP_FIXES applied."""
    for broken, fixed in APP_FIXES:
        text = text.replace(broken, fixed)
    return text


def check_against_artifacts(page_path: Path, page: str) -> None:
    """The inline payloads equal manifest.json / catalog.json beside the page."""
    for name, _start, _end, value in find_payloads(page):
        artifact = page_path.with_name(f"{name}.json")
        if artifact.exists() and json.loads(artifact.read_text(encoding="utf-8")) != value:
            raise PayloadError(f"the inline {name} differs from {artifact}: dbt's text replacement "
                               f"corrupted it (a text equal to dbt's placeholder?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", nargs="?", type=Path, default=DEFAULT_PAGE,
                        help="static_index.html written by `dbt docs generate --static`")
    args = parser.parse_args(argv)
    page_path: Path = args.page
    if not page_path.exists():
        print(f"ERROR: no docs page at {page_path}: run `dbt docs generate --static` first", file=sys.stderr)
        return 1
    page = page_path.read_bytes().decode("utf-8")  # bytes: newlines kept as they are
    try:
        fixed, count = escape_page(page)
        check_against_artifacts(page_path, fixed)
    except PayloadError as error:
        print(f"ERROR: {page_path}: {error}", file=sys.stderr)
        return 1
    if fixed != page:
        temporary = page_path.with_name(page_path.name + ".tmp")
        temporary.write_bytes(fixed.encode("utf-8"))
        temporary.replace(page_path)
    print(f"Docs page {page_path}: inline manifest and catalog escaped ({count} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
