#!/usr/bin/env python3
"""The publish audit: after dbt's tests passed, check the new marts before they
replace the published ones (write, audit, publish).

    python scripts/audit.py [--db FILE] [--target DIR] [--out PUBLISHED_FILE] [--expect-change] [--publish]

Checks, each failure named with its figures:
- key marts: a key mart that had rows in the last publication of the same
  setup is not empty now;
- rejected rows: no raw table rejects more than the var
  `audit_max_rejected_share` of its rows (staging.stg_audit__raw_row_counts);
- headline figures (deals, won revenue, spend, touchpoints) move by at most
  the var `audit_max_headline_change` against the last publication of the
  same setup, unless the run says the change is expected (--expect-change,
  `make build EXPECT_CHANGE=1`).
It also reports, without refusing, amounts that could not be converted to
the reporting currency (deals, ad spend and marketing costs, per currency),
every currency whose amounts fall outside the rate seed's coverage
(intermediate.int_currency_rates_covered: its first and last rate month,
gaps, and the months of its amounts), and the quarantined ad report days and
marketing cost lines (their latest version unusable: spend null).

A setup is the raw data folder, the dbt target and the vars given on the
command line (the build clock aside): a build of other inputs starts its own
history, so it is never judged against another's figures. The history is
`<published file stem>.audit.json` beside the published file; only a
published build is written to it. Exit status 0 when the audit passed, 4 when
it refused the build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXIT_REFUSED = 4

# Marts that are never legitimately emptied by new data: the timeline, deals,
# people, accounts, credits and the monthly figures.
KEY_MARTS = ["dim_accounts", "dim_contacts", "fct_touchpoints", "fct_deals", "fct_attribution_credits",
             "rpt_funnel_monthly", "rpt_channel_metrics_monthly"]

# name -> SQL over schema marts; each a single number
HEADLINES = {
    "deals": "select count(*) from marts.fct_deals",
    "won_revenue": "select coalesce(sum(amount), 0) from marts.fct_deals where is_won",
    "spend": "select coalesce(sum(spend), 0) from marts.rpt_channel_metrics_monthly",
    "touchpoints": "select count(*) from marts.fct_touchpoints",
}


def project_vars(target: Path) -> dict:
    """dbt_project.yml's vars, overridden by the vars of the last run."""
    values = dict(yaml.safe_load((ROOT / "dbt_project.yml").read_text()).get("vars") or {})
    values.update(run_vars(target))
    return values


def run_vars(target: Path) -> dict:
    try:
        given = json.loads((target / "run_results.json").read_text()).get("args", {}).get("vars") or {}
    except (OSError, ValueError):
        return {}
    if isinstance(given, str):
        given = yaml.safe_load(given) or {}
    return dict(given)


def setup_key(target: Path) -> tuple[str, dict]:
    """An id of the inputs and settings a build's figures depend on."""
    raw = os.environ.get("RAW_DATA_DIR") or str(ROOT / "build" / "demo_data")
    raw_path = Path(raw) if Path(raw).is_absolute() else ROOT / raw
    setup = {
        "raw_data_dir": os.path.realpath(raw_path),
        "target": os.environ.get("DBT_TARGET", "duckdb"),
        "vars": {k: v for k, v in sorted(run_vars(target).items()) if k != "build_clock"},
    }
    text = json.dumps(setup, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16], setup


def history_file(out: Path) -> Path:
    return out.parent / f"{out.stem}.audit.json"


def load_history(out: Path) -> dict:
    try:
        return json.loads(history_file(out).read_text())
    except (OSError, ValueError):
        return {}


def measure(con) -> dict:
    """The figures the audit judges, read from the new marts."""
    figures = {"headlines": {}, "mart_rows": {}}
    for name, sql in HEADLINES.items():
        value = con.sql(sql).fetchall()[0][0]
        figures["headlines"][name] = float(value) if value is not None else None
    for mart in KEY_MARTS:
        figures["mart_rows"][mart] = con.sql(f'select count(*) from marts."{mart}"').fetchall()[0][0]
    figures["rejected"] = [
        {"table": t, "raw_rows": raw, "rejected_rows": rejected, "share": share}
        for t, raw, rejected, share in con.sql(
            "select source_table, raw_rows, rejected_rows, rejected_share from staging.stg_audit__raw_row_counts "
            "order by source_table").fetchall()
    ]
    figures["unconverted"] = unconverted_amounts(con)
    figures["coverage"] = currency_coverage(con)
    figures["quarantined"] = quarantined_amounts(con)
    figures["unresolved_deals"] = unresolved_deals(con)
    return figures


def unresolved_deals(con) -> dict:
    """Deals that resolve to no account (their account missing, deleted, or
    merged nowhere usable: the warning test assert_account_merges_resolve
    names the merges), and the won revenue they detach from account figures."""
    deals, won = con.sql("select count(*), coalesce(sum(case when is_won then amount end), 0) from marts.fct_deals "
                         "where account_id is null").fetchall()[0]
    return {"deals": deals, "won_revenue": float(won)}


# source -> (what a row is, SQL of its amounts without a rate to the reporting currency)
UNCONVERTED = {
    "deals": ("deals", "select original_currency, original_amount from marts.fct_deals "
                       "where not has_currency_rate"),
    "ad_spend": ("ad spend days", "select original_currency, original_spend from intermediate.int_ad_spend_converted "
                                  "where not has_currency_rate"),
    "marketing_costs": ("marketing cost lines", "select original_currency, original_cost "
                                                "from intermediate.int_marketing_costs_converted "
                                                "where not has_currency_rate"),
}


def unconverted_amounts(con) -> list[dict]:
    """Amounts without a rate to the reporting currency (kept, with a null
    converted amount and has_currency_rate false), per source and currency,
    in that currency."""
    found = []
    for source, (rows_are, sql) in UNCONVERTED.items():
        for currency, n, amount in con.sql(f"select c, count(*), sum(a) from ({sql}) as amounts(c, a) "
                                           "group by c order by c").fetchall():
            found.append({"source": source, "rows_are": rows_are, "currency": currency, "rows": n,
                          "amount": float(amount or 0.0)})
    return found


def currency_coverage(con) -> list[dict]:
    """The currencies with amounts outside the rate seed's coverage, from
    intermediate.int_currency_rates_covered."""
    columns = ["currency", "first_rate_month", "last_rate_month", "missing_rate_months", "first_missing_rate_month",
               "first_amount_month", "last_amount_month", "amounts_without_rate", "months_without_rate"]
    rows = con.sql(f"select {', '.join(columns)} from intermediate.int_currency_rates_covered "
                   "where has_amounts_outside_coverage order by currency").fetchall()
    return [dict(zip(columns, row)) for row in rows]


def quarantined_amounts(con) -> list[dict]:
    """Quarantined ad report days and marketing cost lines (their latest
    version unusable: no older one staged, the amount null), per reason."""
    found = []
    for rows_are, why, relation in (
            ("ad report days", "latest restatement unusable", "staging.stg_ads__performance_daily_quarantined"),
            ("marketing cost lines", "a version unusable", "staging.stg_marketing__costs_quarantined")):
        reasons = con.sql(f"select quarantine_reason, count(*) from {relation} group by 1 order by 2 desc, 1"
                          ).fetchall()
        if reasons:
            found.append({"rows_are": rows_are, "why": why, "rows": sum(n for _, n in reasons),
                          "reasons": dict(reasons)})
    return found


def month_text(value) -> str:
    return value.strftime("%Y-%m") if value is not None else "?"


def judge(figures: dict, previous: dict | None, limits: dict, expect_change: bool) -> list[str]:
    """Every reason to refuse the build, each with its figures ([] = passed)."""
    problems = []
    max_rejected = float(limits["audit_max_rejected_share"])
    for row in figures["rejected"]:
        if row["share"] is not None and row["share"] > max_rejected:
            problems.append(f"{row['table']}: {row['rejected_rows']:,} of {row['raw_rows']:,} raw rows rejected "
                            f"({row['share']:.1%}, above audit_max_rejected_share {max_rejected:.1%}); "
                            "the reasons are in staging.stg_audit__rejected_rows")
    if previous:
        for mart, rows in figures["mart_rows"].items():
            before = previous.get("mart_rows", {}).get(mart)
            if rows == 0 and before:
                problems.append(f"{mart} is empty; the last publication of this setup had {before:,} rows")
        if not expect_change:
            max_change = float(limits["audit_max_headline_change"])
            for name, value in figures["headlines"].items():
                before = previous.get("headlines", {}).get(name)
                if before is None or value is None:
                    continue
                change = (value - before) / abs(before) if before else (0.0 if value == 0 else float("inf"))
                if abs(change) > max_change:
                    problems.append(f"{name} moved from {headline(name, before)} to {headline(name, value)} "
                                    f"({change:+.1%} against the "
                                    f"last publication; audit_max_headline_change {max_change:.0%}): if expected, "
                                    "run again with EXPECT_CHANGE=1")
    return problems


def headline(name: str, value: float | None) -> str:
    """A headline figure as the audit prints it: counts whole, money in cents."""
    if value is None:
        return "null"
    return f"{value:,.0f}" if name in ("deals", "touchpoints") else f"{value:,.2f}"


def report(figures: dict, previous: dict | None, problems: list[str], setup: dict) -> str:
    lines = ["Publish audit" + (" (first publication of this setup)" if not previous else "") + ":"]
    for name, value in figures["headlines"].items():
        before = (previous or {}).get("headlines", {}).get(name)
        lines.append(f"  {name:12} {headline(name, value):>18}"
                     + (f"   last published {headline(name, before)}" if before is not None else ""))
    worst = max(figures["rejected"], key=lambda r: r["share"] or 0, default=None)
    if worst:
        lines.append(f"  most rejected: {worst['table']} {worst['rejected_rows']:,} of {worst['raw_rows']:,} "
                     f"({(worst['share'] or 0):.2%})")
    for row in figures["unconverted"]:
        lines.append(f"  not converted (no currency rate): {row['rows']:,} {row['rows_are']} in {row['currency']}, "
                     f"{row['amount']:,.2f} {row['currency']}")
    for row in figures.get("coverage", []):
        if row["first_rate_month"] is None:
            rates = "no rate in seed currency_rates"
        else:
            rates = f"rates {month_text(row['first_rate_month'])} to {month_text(row['last_rate_month'])}"
            if row["missing_rate_months"]:
                rates += (f" with {row['missing_rate_months']:,} months missing "
                          f"(first {month_text(row['first_missing_rate_month'])})")
        lines.append(f"  currency coverage: {row['currency']}: {rates}; its amounts "
                     f"{month_text(row['first_amount_month'])} to {month_text(row['last_amount_month'])}, "
                     f"{row['amounts_without_rate']:,} of them without a rate (in {row['months_without_rate']:,} "
                     "months; intermediate.int_currency_rates_covered)")
    for row in figures.get("quarantined", []):
        reasons = ", ".join(f"{reason} {n:,}" for reason, n in row["reasons"].items())
        lines.append(f"  quarantined ({row['why']}, spend null): {row['rows']:,} {row['rows_are']} "
                     f"({reasons}); the rows are in staging.stg_audit__rejected_rows")
    detached = figures.get("unresolved_deals") or {}
    if detached.get("deals"):
        lines.append(f"  deals without an account: {detached['deals']:,}, won revenue {detached['won_revenue']:,.2f} "
                     "(merges: warning test assert_account_merges_resolve)")
    if problems:
        lines.append("REFUSED: the new marts were not published, the last good ones stay:")
        lines += [f"  - {p}" for p in problems]
    else:
        lines.append("  passed")
    return "\n".join(lines)


def run_audit(db: Path, target: Path, out: Path, expect_change: bool = False) -> tuple[bool, str, dict]:
    """(passed, report, record to store once published)."""
    key, setup = setup_key(target)
    previous = load_history(out).get(key)
    con = duckdb.connect(str(db), read_only=True)
    try:
        figures = measure(con)
    except duckdb.CatalogException as e:
        # a partial build (--select) lacks what the audit reads
        text = str(e).splitlines()[0]
        return False, f"Publish audit:\nREFUSED: the build lacks what the audit reads ({text}); build the whole " \
                      "project to publish", {}
    finally:
        con.close()
    problems = judge(figures, previous, project_vars(target), expect_change)
    record = {"setup_key": key, "setup": setup, "headlines": figures["headlines"],
              "mart_rows": figures["mart_rows"]}
    return not problems, report(figures, previous, problems, setup), record


def remember(out: Path, record: dict, build_id: str) -> None:
    """Stores a published build's figures as its setup's last publication."""
    history = load_history(out)
    history[record["setup_key"]] = {**record, "build_id": build_id}
    path = history_file(out)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(history, indent=1, sort_keys=True, default=str))
    os.replace(tmp, path)


def audit_and_publish(db: Path, target: Path, out: Path, expect_change: bool = False) -> int:
    """The audit, then, if it passed, the publish (scripts/publish.py) and the
    figures stored as this setup's last publication. Returns an exit status."""
    import publish

    passed, text, record = run_audit(db, target, out, expect_change)
    print(text, flush=True)
    if not passed:
        print(f"ERROR: the publish audit refused this build; the published marts were left unchanged: "
              f"{publish.published_summary(out)}.", file=sys.stderr, flush=True)
        return EXIT_REFUSED
    code = publish.main(["--db", str(db), "--target", str(target), "--out", str(out)])
    if code == 0:
        try:
            build_id = json.loads((target / "run_results.json").read_text())["metadata"]["invocation_id"]
        except (OSError, ValueError, KeyError):
            build_id = ""
        remember(out, record, build_id)
    return code


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    import publish

    db, target, out = publish.default_paths()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=db)
    parser.add_argument("--target", type=Path, default=target)
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--expect-change", action="store_true",
                        help="headline figures may move more than audit_max_headline_change")
    parser.add_argument("--publish", action="store_true", help="publish the marts when the audit passes")
    args = parser.parse_args(argv)
    if args.publish:
        return audit_and_publish(args.db, args.target, args.out, args.expect_change)
    passed, text, _ = run_audit(args.db, args.target, args.out, args.expect_change)
    print(text)
    return 0 if passed else EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
