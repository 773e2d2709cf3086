"""The printed report: one line per check, then the first differing rows of each failed check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mart_checks.results import CheckResult

if TYPE_CHECKING:
    from mart_checks.validator import Validator


def print_report(db_path: Path, validator: Validator, results: list[CheckResult]) -> None:
    try:
        _, as_of = validator.as_of()
        as_of_text = str(as_of)
    except Exception:  # noqa: BLE001 - the header must print whatever is broken
        as_of_text = "unknown"
    print(f"Validation of the marts in {db_path}")
    print(f"(recomputed from staging and seeds; reporting currency {validator.reporting_currency}; "
          f"as-of {as_of_text})")
    print()
    width = max(len(r.name) for r in results)
    header = f"{'check':<{width}}  {'status':<8}  {'compared':>8}  {'differ':>6}  detail"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.name:<{width}}  {r.status:<8}  {r.compared:>8}  {r.mismatched:>6}  {r.detail}")
    failed = [r for r in results if r.failed]
    for r in failed:
        print()
        print(f"{r.status}: {r.name}")
        if r.detail and r.status == "ERROR":
            print(f"  {r.detail}")
        shown = r.examples[:validator.max_examples]
        for example in shown:
            print(f"  - {example}")
        if max(r.mismatched, len(r.examples)) > len(shown):
            print(f"  ... and {max(r.mismatched, len(r.examples)) - len(shown)} more")
    print()
    print(f"{len(results) - len(failed)} of {len(results)} checks passed"
          + ("" if not failed else f"; FAILED: {', '.join(r.name for r in failed)}"))
