"""The publish audit (scripts/audit.py): after dbt's tests pass, a build whose
marts would publish wrong or missing figures is refused, with its figures, and
the last good marts stay published.

One workspace, builds in sequence on the same raw folder (so the same setup):
a good build (published, the audit's first figures), every deal's created_at
blank (every deal rejected: refused for the rejected share, the emptied
fct_deals and the deals that vanished), amounts without a currency rate and
quarantined report days and cost lines (reported, not refused), then most ad
spend rows removed (refused for the spend change) and the same with
EXPECT_CHANGE (published)."""

from __future__ import annotations

import csv
import json
import shutil

import duckdb
import pytest

from conftest import ROOT
from test_publish import PUBLISHED_NAME, PY, env_for, file_sha, marts_digests, run, wrapper_cmd  # noqa: F401

FAST = ("build", "--exclude-resource-type", "unit_test")


def rewrite_csv(path, change) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    rows = change(rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def audited(small_raw_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("audit")
    raw = work / "raw"
    shutil.copytree(small_raw_dir, raw)
    env = env_for(work, raw)
    first = run(wrapper_cmd(*FAST), env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-2000:]
    return work, raw, env


def published(work):
    return work / "published" / PUBLISHED_NAME


def test_every_deal_rejected_is_refused_and_the_last_good_marts_stay(audited):
    work, raw, env = audited
    before = marts_digests(published(work), exact=True)
    saved = (raw / "crm_deals.csv").read_bytes()
    try:
        rewrite_csv(raw / "crm_deals.csv", lambda rows: [{**r, "created_at": ""} for r in rows])
        result = run(wrapper_cmd(*FAST), env)
    finally:
        (raw / "crm_deals.csv").write_bytes(saved)
    output = result.stdout + result.stderr
    print(output[-3000:])
    assert result.returncode == 4, output[-4000:]
    assert "REFUSED" in output and "published marts were left unchanged" in output
    assert "crm_deals:" in output and "raw rows rejected (100.0%" in output, output[-3000:]
    assert "fct_deals is empty; the last publication of this setup had" in output
    assert "deals moved from" in output
    assert marts_digests(published(work), exact=True) == before, "a refused build changed the published marts"
    # the refusal docs/operations.md shows is this one, line for line
    doc = (ROOT / "docs" / "operations.md").read_text()
    shown = doc[doc.index("<!-- example-output: audit-refused -->"):].split("```", 2)[1]
    missing = [line for line in shown.strip().splitlines() if line.strip() != "..." and line not in output]
    assert not missing, "docs/operations.md shows lines this build did not print:\n" + "\n".join(missing)


def plant_unconverted_and_quarantined(raw) -> None:
    """A won deal in a currency the rate seed lacks (XYZ) and one in the
    reporting currency before the seed's first month; the latest restatement
    of two ad report days unusable (unreadable spend, unknown extraction
    time); a marketing cost line in XYZ and one with a negative cost."""
    def deals(rows):
        won = next(r for r in rows if r["is_won"] == "true" and r["pipeline"] == "new_business")
        return rows + [
            {**won, "deal_id": "h8-won-xyz", "currency": "XYZ", "amount": "1000"},
            {**won, "deal_id": "h8-early-usd", "currency": "USD", "amount": "500", "created_at": "2023-06-15T10:00:00Z",
             "close_date": "", "deal_stage": "discovery", "is_closed": "false", "is_won": "false"},
        ]

    def ads(rows):
        return rows + [{**rows[100], "spend": "n/a", "extracted_at": "2026-10-31T23:00:00Z"},
                       {**rows[200], "spend": "9.99", "extracted_at": "not a time"}]

    def costs(rows):
        return rows + [
            {"cost_month": "2026-03-01", "channel": "events", "campaign": "h8 booth", "cost": "500", "currency": "XYZ"},
            {"cost_month": "2026-03-01", "channel": "events", "campaign": "h8 negative", "cost": "-1", "currency": "USD"},
        ]

    rewrite_csv(raw / "crm_deals.csv", deals)
    rewrite_csv(raw / "ad_performance_daily.csv", ads)
    rewrite_csv(raw / "marketing_costs.csv", costs)


def test_amounts_without_rate_and_quarantined_days_are_reported(audited):
    work, raw, env = audited
    before = marts_digests(published(work), exact=True)
    tables = ["crm_deals.csv", "ad_performance_daily.csv", "marketing_costs.csv"]
    saved = {name: (raw / name).read_bytes() for name in tables}
    try:
        plant_unconverted_and_quarantined(raw)
        built = run(wrapper_cmd(*FAST, publish=False), env)
        audit = run([PY, str(ROOT / "scripts" / "audit.py")], env)
    finally:
        for name, data in saved.items():
            (raw / name).write_bytes(data)
    # the build passes (the attribution and revenue marts take a deal without an amount), warning
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    assert "WARN 1 assert_deal_amounts_have_currency_rate" in built.stdout, built.stdout[-3000:]
    assert "WARN 1 assert_spend_has_currency_rate" in built.stdout, built.stdout[-3000:]
    output = audit.stdout + audit.stderr
    print(output)
    assert audit.returncode == 0, output
    for line in [
        "  not converted (no currency rate): 1 deals in XYZ, 1,000.00 XYZ",
        "  not converted (no currency rate): 1 marketing cost lines in XYZ, 500.00 XYZ",
        "  currency coverage: XYZ: no rate in seed currency_rates; its amounts ",
        "2 of them without a rate (in 2 months; intermediate.int_currency_rates_covered)",
        "  quarantined (latest restatement unusable, spend null): 2 ad report days (unparseable_extracted_at 1, "
        "unparseable_spend 1); the rows are in staging.stg_audit__rejected_rows",
        "  quarantined (a version unusable, spend null): 1 marketing cost lines (negative_cost 1); "
        "the rows are in staging.stg_audit__rejected_rows",
    ]:
        assert line in output, f"{line!r} not in the audit's report:\n{output}"
    assert "USD" not in output.split("currency coverage:", 1)[1], "the reporting currency is always covered"
    con = duckdb.connect(str(work / "dev.duckdb"), read_only=True)
    try:
        deals = {r[0]: r[1:] for r in con.sql("select deal_id, amount, has_currency_rate, is_won from marts.fct_deals "
                                              "where deal_id like 'h8-%'").fetchall()}
        assert deals == {"h8-won-xyz": (None, False, True), "h8-early-usd": (500, True, False)}, deals
        credits = con.sql("select count(*), count(revenue_credit) from marts.fct_attribution_credits "
                          "where deal_id = 'h8-won-xyz'").fetchall()[0]
        assert credits[0] > 0 and credits[1] == 0, credits  # credited, without an amount
        days = con.sql("select count(*), count(spend), bool_and(is_quarantined) from "
                       "intermediate.int_ad_spend_converted where is_quarantined").fetchall()[0]
        assert days == (2, 0, True), days
        # their months' spend is null, never understated
        flagged, known = con.sql("select count(*), count(spend) from marts.rpt_channel_metrics_monthly "
                                 "where has_quarantined_spend").fetchall()[0]
        assert flagged >= 2 and known == 0, (flagged, known)
    finally:
        con.close()
    assert marts_digests(published(work), exact=True) == before, "an audit without --publish changed nothing"


def test_a_large_change_is_refused_unless_expected(audited):
    work, raw, env = audited
    before = marts_digests(published(work), exact=True)
    history = work / "published" / f"{published(work).stem}.audit.json"
    spend_before = list(json.loads(history.read_text()).values())[0]["headlines"]["spend"]
    rewrite_csv(raw / "ad_performance_daily.csv", lambda rows: rows[: len(rows) // 3])

    refused = run(wrapper_cmd(*FAST), env)
    output = refused.stdout + refused.stderr
    assert refused.returncode == 4, output[-4000:]
    assert "spend moved from" in output and "EXPECT_CHANGE=1" in output, output[-3000:]
    assert marts_digests(published(work), exact=True) == before

    accepted = run(wrapper_cmd(*FAST) + ["--expect-change"], env)
    assert accepted.returncode == 0, accepted.stdout[-3000:] + accepted.stderr[-2000:]
    assert marts_digests(published(work), exact=True) != before
    spend_after = list(json.loads(history.read_text()).values())[0]["headlines"]["spend"]
    assert spend_after < spend_before * 0.75, (spend_before, spend_after)
