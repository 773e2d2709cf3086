"""Bad-input suite: every kind of broken or hostile raw export we could think
of, each written as a corrupted variant of the small demo dataset and built
through the staging layer (plus the intermediate model the case is about, when
it exists).

Every case ends in one of two ways:
- a clear error, before any model is built, naming the file (and column);
- or a green build where the bad rows are quarantined in
  `stg_audit__rejected_rows` with their reason (or legitimately staged).
In both cases no valid row is lost: for every affected table the rows in the
file (counted here with Python's csv module, independently of DuckDB) equal
staged + rejected + exact duplicates + superseded, and every row the clean
dataset stages is still staged, unchanged.

The cases run two builds at a time (staging only, unit tests excluded).
Cases that end in a green build and corrupt different raw tables share one
build (their files are corrupted side by side in one copy of the dataset):
each case reads only its own tables, so they cannot interfere, and the
suite needs about half as many dbt runs. An error case has a build of its
own. The module prints a table at the end:
case, outcome, rows in, rows staged, rows rejected.

Set BAD_INPUTS_RAW_DIR to run the suite on another base dataset.
"""

from __future__ import annotations

import csv
import io
import os
import queue
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from conftest import ROOT

csv.field_size_limit(2**31 - 1)

BUILD_CLOCK = "2026-11-01 00:00:00"
INT_DEALS = ROOT / "models" / "intermediate" / "deals" / "int_deals_resolved.sql"
INT_AD_SPEND = ROOT / "models" / "intermediate" / "spend" / "int_ad_spend_converted.sql"
INT_COSTS = ROOT / "models" / "intermediate" / "spend" / "int_marketing_costs_converted.sql"
INT_ACCOUNTS = ROOT / "models" / "intermediate" / "identity" / "int_accounts_merged.sql"

# raw table -> (source, staging model, base model); as macros/staging/raw_tables.sql
TABLES = {
    "web_page_views": ("web", "stg_web__page_views", "base_web__page_views"),
    "web_form_submissions": ("web", "stg_web__form_submissions", "base_web__form_submissions"),
    "ad_clicks": ("ads", "stg_ads__clicks", "base_ads__clicks"),
    "ad_performance_daily": ("ads", "stg_ads__performance_daily", "base_ads__performance_daily"),
    "crm_accounts": ("crm", "stg_crm__accounts", "base_crm__accounts"),
    "crm_contacts": ("crm", "stg_crm__contacts", "base_crm__contacts"),
    "crm_lifecycle_stage_changes": ("crm", "stg_crm__lifecycle_stage_changes", "base_crm__lifecycle_stage_changes"),
    "crm_deals": ("crm", "stg_crm__deals", "base_crm__deals"),
    "crm_deal_stage_changes": ("crm", "stg_crm__deal_stage_changes", "base_crm__deal_stage_changes"),
    "crm_activities": ("crm", "stg_crm__activities", "base_crm__activities"),
    "marketing_costs": ("marketing", "stg_marketing__costs", "base_marketing__costs"),
}

# A valid row of every table; planted rows start from these.
TEMPLATES = {
    "web_page_views": dict(
        event_id="h7-e", anonymous_id="h7-anon-1", viewed_at="2026-03-01T10:00:00Z",
        page_url="https://northwind-analytics.com/pricing", referrer_url="https://www.google.com/",
        utm_source="", utm_medium="", utm_campaign="", utm_content="", utm_term="", click_id="",
        user_agent="Mozilla/5.0 (X11; Linux x86_64)"),
    "web_form_submissions": dict(
        submission_id="h7-s", submitted_at="2026-03-01T10:05:00Z", form_name="contact_us",
        anonymous_id="h7-anon-1", email="h7.person@h7-test.example", full_name="H7 Person",
        phone="+1 555 0100", company_name="H7 Test Co", job_title="CTO", message="Hello",
        consent="on", origin="Organic Search | Google", utm_source="", utm_medium="",
        utm_campaign="", utm_content="", utm_term="", click_id="",
        page_url="https://northwind-analytics.com/contact", referrer_url=""),
    "ad_clicks": dict(
        click_id="h7-g", platform="google_ads", campaign_id="h7-cmp", ad_group_id="h7-ag",
        clicked_at="2026-03-01T09:59:00Z", anonymous_id="h7-anon-1",
        landing_page_url="https://northwind-analytics.com/?gclid=h7-g"),
    "ad_performance_daily": dict(
        report_date="2026-03-01", platform="google_ads", campaign_id="h7-cmp", campaign_name="H7 Brand",
        impressions="100", clicks="3", spend="10.50", currency="USD", extracted_at="2026-03-02T00:00:00Z"),
    "crm_accounts": dict(
        account_id="h7-a", account_name="H7 Test Co", website_domain="h7-test.example", industry="Software",
        employee_count="50", country="US", created_at="2026-01-05T10:00:00Z", is_deleted="false",
        merged_into_account_id=""),
    "crm_contacts": dict(
        contact_id="h7-c", account_id="h7-a", email="h7.person@h7-test.example", first_name="H7",
        last_name="Person", job_title="CTO", phone="+1 555 0100", lead_source="Webinar",
        created_at="2026-01-06T10:00:00Z", is_deleted="false"),
    "crm_lifecycle_stage_changes": dict(contact_id="h7-c", lifecycle_stage="lead", changed_at="2026-01-07T10:00:00Z"),
    "crm_deals": dict(
        deal_id="h7-d", account_id="h7-a", primary_contact_id="h7-c", deal_name="H7 deal",
        pipeline="new_business", amount="1000", currency="USD", created_at="2026-02-01T10:00:00Z",
        close_date="", deal_stage="discovery", is_closed="false", is_won="false", is_deleted="false"),
    "crm_deal_stage_changes": dict(deal_id="h7-d", deal_stage="discovery", entered_at="2026-02-01T10:00:00Z"),
    "crm_activities": dict(
        activity_id="h7-act", activity_type="call", contact_id="h7-c", account_id="h7-a",
        occurred_at="2026-02-02T10:00:00Z"),
    "marketing_costs": dict(cost_month="2026-02-01", channel="events", campaign="h7 summit", cost="500",
                            currency="USD"),
}

# Columns that hold a typed value (timestamp, date, number, bool) or a key.
NOT_FREE_TEXT = {
    "event_id", "viewed_at", "submission_id", "submitted_at", "click_id", "clicked_at", "report_date",
    "impressions", "clicks", "spend", "extracted_at", "account_id", "employee_count", "created_at",
    "is_deleted", "contact_id", "changed_at", "deal_id", "amount", "close_date", "is_closed", "is_won",
    "entered_at", "activity_id", "occurred_at", "cost_month", "cost", "platform", "campaign_id",
    "anonymous_id", "primary_contact_id", "merged_into_account_id",
}

PAYLOAD = ("x'); drop table raw.crm_deals; -- \" <script>alert('h7')</script> <b onmouseover=alert(1)>b</b> "
           "{{ var('x') }} ${HOME} %s \\N NULL")


# --------------------------------------------------------------- raw files

def raw_path(raw: Path, table: str) -> Path:
    for ext in ("csv", "parquet"):
        p = raw / f"{table}.{ext}"
        if p.exists():
            return p
    return raw / f"{table}.csv"


def read_table(raw: Path, table: str) -> tuple[list[str], list[list[str]]]:
    if not (raw / f"{table}.csv").exists():  # an optional file the base dataset lacks
        return list(TEMPLATES[table]), []
    with open(raw / f"{table}.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r]
    return rows[0], rows[1:]


def file_newline(raw: Path, table: str) -> str:
    """The line ending the file uses (appended lines must match it)."""
    p = raw / f"{table}.csv"
    if p.exists():
        first = p.open("rb").readline()
        if first.endswith(b"\r\n"):
            return "\r\n"
    return "\n"


def write_table(raw: Path, table: str, header: list[str], rows: list[list[str]],
                newline: str | None = None, bom: bool = False) -> None:
    newline = newline or file_newline(raw, table)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    (raw / f"{table}.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def planted(table: str, **values) -> dict:
    row = dict(TEMPLATES[table])
    row.update(values)
    return row


def append_rows(raw: Path, table: str, rows: list[dict]) -> None:
    header, existing = read_table(raw, table)
    lower = [h.strip().lower() for h in header]
    for r in rows:
        existing.append([str(r.get(h, "")) for h in lower])
    write_table(raw, table, header, existing)


def append_raw_lines(raw: Path, table: str, lines: list[bytes]) -> None:
    """Appends lines (written with \\n) in the file's own line ending."""
    nl = file_newline(raw, table).encode()
    p = raw / f"{table}.csv"
    data = p.read_bytes()
    if not data.endswith(b"\n"):
        data += nl
    p.write_bytes(data + b"".join(line[:-1] + nl if line.endswith(b"\n") else line for line in lines))


def csv_line(table: str, raw: Path, row: dict) -> bytes:
    header, _ = read_table(raw, table)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([str(row.get(h.strip().lower(), "")) for h in header])
    return buf.getvalue().encode("utf-8")


def count_rows_in(raw: Path, table: str) -> int:
    """Data rows in the file, counted by Python (not DuckDB)."""
    p = raw_path(raw, table)
    if not p.exists():
        return 0
    if p.suffix == ".parquet":
        return pq.ParquetFile(p).metadata.num_rows
    with open(p, newline="", encoding="utf-8", errors="replace") as f:
        rows = [r for r in csv.reader(f) if r]
    return max(len(rows) - 1, 0)


# ------------------------------------------------------------------- cases

@dataclass
class Case:
    name: str
    tables: list[str]
    mutate: Callable[[Path], None]
    expect: str  # "error" or "build"
    error_text: Callable[[Path], list[str]] | None = None
    reasons: dict[str, int] = field(default_factory=dict)  # reject reason -> planted rows with it
    compare: str = "rows"  # baseline staged rows kept: "rows" (identical), "keys", or "none"
    models: list[Path] = field(default_factory=list)  # intermediate models built when they exist
    check: Callable[[duckdb.DuckDBPyConnection, Path], None] | None = None
    note: str = ""


def _missing_file(raw):
    (raw / "crm_deals.csv").unlink()


def _missing_column(raw):
    header, rows = read_table(raw, "crm_contacts")
    i = [h.lower() for h in header].index("email")
    write_table(raw, "crm_contacts", header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])


def _extra_reordered(raw):
    header, rows = read_table(raw, "web_form_submissions")
    order = list(reversed(range(len(header))))
    new_header = [header[i].upper() if k % 2 else header[i].title() for k, i in enumerate(order)]
    new_header += ["Internal_Note", "email_confirmed"]
    write_table(raw, "web_form_submissions", new_header,
                [[r[i] for i in order] + ["note, with comma", "yes"] for r in rows])


def _mixed_lf_first(raw):
    """An LF file with CRLF lines appended."""
    header, rows = read_table(raw, "crm_contacts")
    write_table(raw, "crm_contacts", header, rows, newline="\n")
    lines = [csv_line("crm_contacts", raw, planted("crm_contacts", contact_id=f"h7-c-mixed-{i}")) for i in range(2)]
    with open(raw / "crm_contacts.csv", "ab") as f:
        f.write(b"".join(line.replace(b"\n", b"\r\n") for line in lines))


def _mixed_crlf_first(raw):
    """A CRLF file with LF lines appended (DuckDB would merge them into one row)."""
    header, rows = read_table(raw, "crm_contacts")
    write_table(raw, "crm_contacts", header, rows, newline="\r\n")
    lines = [csv_line("crm_contacts", raw, planted("crm_contacts", contact_id=f"h7-c-mixed-{i}")) for i in range(3)]
    with open(raw / "crm_contacts.csv", "ab") as f:
        f.write(b"".join(line.replace(b"\r\n", b"\n") for line in lines))


def _header_only(raw):
    header, _ = read_table(raw, "crm_activities")
    write_table(raw, "crm_activities", header, [])


def _bom(raw):
    header, rows = read_table(raw, "crm_accounts")
    write_table(raw, "crm_accounts", header, rows, bom=True)


def _crlf(raw):
    header, rows = read_table(raw, "crm_contacts")
    write_table(raw, "crm_contacts", header, rows, newline="\r\n")


def _check_no_cr(con, raw):
    cols = [r[0] for r in con.sql("describe staging.stg_crm__contacts").fetchall()]
    for c in cols:
        n = con.sql(f"select count(*) from staging.stg_crm__contacts "
                    f"where contains(cast({c} as varchar), chr(13))").fetchall()[0][0]
        assert n == 0, f"carriage return left in stg_crm__contacts.{c}"


def _invalid_utf8(raw):
    table = "web_form_submissions"
    after = csv_line(table, raw, planted(table, submission_id="h7-s-ok-3"))
    bad = csv_line(table, raw, planted(table, submission_id="h7-s-bad", message="MARKER"))
    append_rows(raw, table, [planted(table, submission_id="h7-s-ok-1"), planted(table, submission_id="h7-s-ok-2")])
    append_raw_lines(raw, table, [bad.replace(b"MARKER", b"caf\xe9 \xff\xfe latin-1"), after])


def _check_invalid_utf8(con, raw):
    staged = {r[0] for r in con.sql("select submission_id from staging.stg_web__form_submissions "
                                    "where submission_id like 'h7-s-%'").fetchall()}
    assert staged == {"h7-s-ok-1", "h7-s-ok-2", "h7-s-ok-3"}
    keys = [r[0] for r in con.sql("select record_key from staging.stg_audit__rejected_rows "
                                  "where reject_reason = 'unreadable_line_invalid_encoding'").fetchall()]
    assert len(keys) == 1 and keys[0].startswith("line ") and "message" in keys[0], keys


def _ragged(raw):
    table = "crm_activities"
    ok = csv_line(table, raw, planted(table, activity_id="h7-act-ok"))
    too_many = csv_line(table, raw, planted(table, activity_id="h7-act-many")).rstrip(b"\n") + b",extra,fields\n"
    too_few = b"h7-act-few,call\n"
    # a quote that never closes: the rest of the file is one field
    header, _ = read_table(raw, table)
    unterminated = ",".join('"call' if h.strip().lower() == "activity_type" else
                            str(planted(table, activity_id="h7-act-open").get(h.strip().lower(), ""))
                            for h in header).encode() + b"\n"
    append_raw_lines(raw, table, [ok, too_many, too_few, unterminated])


def _check_ragged(con, raw):
    n = con.sql("select count(*) from staging.stg_crm__activities where activity_id = 'h7-act-ok'").fetchall()[0][0]
    assert n == 1


def _one_mb(raw):
    text = ("Lorem ipsum, \"quoted\" dolor; ação 数据 🚀\n" * 40000)[:1_048_576]
    append_rows(raw, "web_form_submissions", [planted("web_form_submissions", submission_id="h7-s-big",
                                                      message=text)])


def _check_one_mb(con, raw):
    n = con.sql("select length(message) from staging.stg_web__form_submissions "
                "where submission_id = 'h7-s-big'").fetchall()[0][0]
    expected = len(("Lorem ipsum, \"quoted\" dolor; ação 数据 🚀\n" * 40000)[:1_048_576].strip(" "))
    assert n == expected


TRICKY_TEXT = 'He said "hello, world"\nsecond line, with a comma\r\nthird ""line"" ,,, end'


def _quotes(raw):
    append_rows(raw, "web_form_submissions", [planted("web_form_submissions", submission_id="h7-s-q",
                                                      message=TRICKY_TEXT, company_name='"Acme, Inc."')])
    append_rows(raw, "crm_deals", [planted("crm_deals", deal_id="h7-d-q", deal_name=TRICKY_TEXT)])


def _check_quotes(con, raw):
    msg, company = con.sql("select message, company_name from staging.stg_web__form_submissions "
                           "where submission_id = 'h7-s-q'").fetchall()[0]
    assert msg == TRICKY_TEXT.strip() and company == '"Acme, Inc."'
    assert con.sql("select deal_name from staging.stg_crm__deals where deal_id = 'h7-d-q'").fetchall()[0][0] == \
        TRICKY_TEXT.strip()


def _payload_everywhere(raw):
    for table in TABLES:
        row = planted(table)
        for col in row:
            if col not in NOT_FREE_TEXT:
                row[col] = PAYLOAD
        # a unique id where the table has one, itself hostile
        for id_col in ("event_id", "submission_id", "click_id", "account_id", "contact_id", "deal_id",
                       "activity_id"):
            if id_col in row and id_col == next(iter(TEMPLATES[table])):
                row[id_col] = f"h7-{table}-'; drop table raw.{table}; --<script>"
        append_rows(raw, table, [row])


def _check_payload(con, raw):
    # every raw table of the contract (11 exports and the optional privacy_deletions,
    # web_identifies and email_events): none dropped
    assert len(con.sql("select * from information_schema.tables where table_schema = 'raw' "
                       "and table_name != '_raw_files_read' and table_name not like 'stg_privacy%'").fetchall()) == 14
    msg = con.sql("select message from staging.stg_web__form_submissions "
                  "where submission_id like 'h7-web_form_submissions-%'").fetchall()[0][0]
    assert msg == PAYLOAD.strip()
    assert con.sql("select count(*) from staging.stg_crm__contacts where contact_id like 'h7-crm_contacts-%'"
                   ).fetchall()[0][0] == 1


def _timestamps(raw):
    values = {
        "h7-ts-unparseable": "not a date",
        "h7-ts-feb30": "2026-02-30T10:00:00Z",
        "h7-ts-old": "1899-12-31T23:59:59Z",
        "h7-ts-future": "2999-01-01T00:00:00Z",
        "h7-ts-missing": "",
        "h7-ts-offset": "2026-03-04T10:15:00-03:00",
        "h7-ts-fraction": "2026-03-04T10:15:00.123456Z",
    }
    append_rows(raw, "crm_activities", [planted("crm_activities", activity_id=k, occurred_at=v)
                                        for k, v in values.items()])


def _check_timestamps(con, raw):
    got = dict(con.sql("select record_key, reject_reason from staging.stg_audit__rejected_rows "
                       "where record_key like 'h7-ts-%'").fetchall())
    assert got == {
        "h7-ts-unparseable": "unparseable_occurred_at",
        "h7-ts-feb30": "unparseable_occurred_at",
        "h7-ts-old": "out_of_range_occurred_at",
        "h7-ts-future": "future_occurred_at",
        "h7-ts-missing": "missing_occurred_at",
    }, got
    staged = dict(con.sql("select activity_id, cast(occurred_at as varchar) from staging.stg_crm__activities "
                          "where activity_id like 'h7-ts-%'").fetchall())
    assert staged == {"h7-ts-offset": "2026-03-04 13:15:00", "h7-ts-fraction": "2026-03-04 10:15:00.123456"}


def _duplicates(raw):
    append_rows(raw, "crm_deals", [
        planted("crm_deals", deal_id="h7-d-conflict", amount="1000", created_at="2026-02-01T10:00:00Z"),
        planted("crm_deals", deal_id="h7-d-conflict", amount="2000", created_at="2026-02-03T10:00:00Z"),
        planted("crm_deals", deal_id="h7-d-copy"),
        planted("crm_deals", deal_id="h7-d-copy"),
    ])


def _check_duplicates(con, raw):
    got = dict(con.sql("select deal_id, cast(amount as double) from staging.stg_crm__deals "
                       "where deal_id in ('h7-d-conflict', 'h7-d-copy')").fetchall())
    assert got == {"h7-d-conflict": 1000.0, "h7-d-copy": 1000.0}
    statuses = sorted(r[0] for r in con.sql("select row_status from staging.base_crm__deals "
                                            "where deal_id in ('h7-d-conflict', 'h7-d-copy')").fetchall())
    assert statuses == ["exact_duplicate", "rejected", "staged", "staged"]


def _amounts(raw):
    append_rows(raw, "crm_deals", [
        planted("crm_deals", deal_id="h7-d-neg", amount="-100"),
        planted("crm_deals", deal_id="h7-d-absurd", amount="5000000000000"),
        planted("crm_deals", deal_id="h7-d-text", amount="12abc"),
        planted("crm_deals", deal_id="h7-d-zero", amount="0"),
        planted("crm_deals", deal_id="h7-d-null", amount=""),
    ])
    append_rows(raw, "ad_performance_daily", [planted("ad_performance_daily", campaign_id="h7-cmp-neg",
                                                      spend="-5")])
    append_rows(raw, "marketing_costs", [planted("marketing_costs", campaign="h7 negative", cost="-1")])


def _check_amounts(con, raw):
    staged = {r[0] for r in con.sql("select deal_id from staging.stg_crm__deals where deal_id like 'h7-d-%'"
                                    ).fetchall()}
    assert staged == {"h7-d-zero", "h7-d-null"}


def _unknown_currency(raw):
    append_rows(raw, "crm_deals", [
        planted("crm_deals", deal_id="h7-d-xyz", currency="XYZ", amount="1000"),
        # a won deal in a currency the rate seed lacks: kept, amount null, flagged
        planted("crm_deals", deal_id="h7-d-xyz-won", currency="XYZ", amount="2500", deal_stage="closed_won",
                is_closed="true", is_won="true", close_date="2026-02-20"),
        # the reporting currency before the seed's first month: at 1
        planted("crm_deals", deal_id="h7-d-usd-early", currency="usd", amount="700",
                created_at="2023-05-01T10:00:00Z"),
    ])


def _check_unknown_currency(con, raw):
    assert con.sql("select currency from staging.stg_crm__deals where deal_id = 'h7-d-xyz'").fetchall()[0][0] == "XYZ"
    if INT_DEALS.exists():
        got = {r[0]: r[1:] for r in con.sql(
            "select deal_id, amount, original_amount, has_currency_rate, is_won from intermediate.int_deals_resolved "
            "where deal_id in ('h7-d-xyz', 'h7-d-xyz-won', 'h7-d-usd-early')").fetchall()}
        assert got["h7-d-xyz"][0] is None and got["h7-d-xyz"][2] is False, got
        assert got["h7-d-xyz-won"] == (None, 2500, False, True), got
        assert got["h7-d-usd-early"][0] == 700 and got["h7-d-usd-early"][2] is True, got


def _versions_unusable(raw):
    """Restatements and versions never fall back: the latest restatement of an
    ad report day unusable (unreadable spend, unknown extraction time), the
    earliest version of a page view unusable, one version of a marketing cost
    line unusable; and the harmless cases (an unusable version that does not
    win)."""
    ad = "ad_performance_daily"
    append_rows(raw, ad, [
        planted(ad, campaign_id="h7-cmp-q1", extracted_at="2026-03-02T00:00:00Z"),
        planted(ad, campaign_id="h7-cmp-q1", spend="n/a", extracted_at="2026-03-03T00:00:00Z"),
        planted(ad, campaign_id="h7-cmp-q2", extracted_at="2026-03-02T00:00:00Z"),
        planted(ad, campaign_id="h7-cmp-q2", spend="11.00", extracted_at="not a time"),
        planted(ad, campaign_id="h7-cmp-ok", spend="n/a", extracted_at="2026-03-02T00:00:00Z"),
        planted(ad, campaign_id="h7-cmp-ok", spend="12.00", extracted_at="2026-03-03T00:00:00Z"),
    ])
    pv = "web_page_views"
    append_rows(raw, pv, [
        planted(pv, event_id="h7-e-q", anonymous_id="", viewed_at="2026-03-01T09:00:00Z"),
        planted(pv, event_id="h7-e-q", viewed_at="2026-03-01T10:00:00Z"),
        planted(pv, event_id="h7-e-ok", viewed_at="2026-03-01T09:00:00Z"),
        planted(pv, event_id="h7-e-ok", anonymous_id="", viewed_at="2026-03-01T10:00:00Z"),
    ])
    mc = "marketing_costs"
    append_rows(raw, mc, [
        planted(mc, campaign="h7 summit", cost="500"),
        planted(mc, campaign="h7 summit", cost="12abc"),
        planted(mc, campaign="h7 negative", cost="-1"),
    ])


def _check_versions_unusable(con, raw):
    staged = dict(con.sql("select campaign_id, cast(spend as double) from staging.stg_ads__performance_daily "
                          "where campaign_id like 'h7-cmp-%'").fetchall())
    assert staged == {"h7-cmp-ok": 12.0}, f"an older restatement was staged in place of an unusable one: {staged}"
    statuses = sorted(con.sql("select campaign_id, row_status, coalesce(reject_reason, '') "
                              "from staging.base_ads__performance_daily where campaign_id like 'h7-cmp-q%'"
                              ).fetchall())
    assert statuses == [("h7-cmp-q1", "rejected", "unparseable_spend"), ("h7-cmp-q1", "superseded", ""),
                        ("h7-cmp-q2", "rejected", "unparseable_extracted_at"), ("h7-cmp-q2", "superseded", "")], statuses
    rejects = dict(con.sql("select record_key, reject_reason from staging.stg_audit__rejected_rows "
                           "where source_table = 'ad_performance_daily' and record_key like '%h7-cmp-q%'").fetchall())
    assert rejects == {"2026-03-01|google_ads|h7-cmp-q1": "unparseable_spend",
                       "2026-03-01|google_ads|h7-cmp-q2": "unparseable_extracted_at"}, rejects
    quarantined = dict(con.sql("select campaign_id, quarantine_reason from staging.stg_ads__performance_daily_quarantined "
                               "where campaign_id like 'h7-cmp-%'").fetchall())
    assert quarantined == {"h7-cmp-q1": "unparseable_spend", "h7-cmp-q2": "unparseable_extracted_at"}, quarantined
    assert con.sql("select count(*) from staging.stg_web__page_views where event_id = 'h7-e-q'").fetchall()[0][0] == 0
    assert con.sql("select count(*) from staging.stg_web__page_views where event_id = 'h7-e-ok'").fetchall()[0][0] == 1
    if INT_AD_SPEND.exists():
        days = {r[0]: r[1:] for r in con.sql(
            "select campaign_id, spend, impressions, is_quarantined, has_currency_rate "
            "from intermediate.int_ad_spend_converted where campaign_id like 'h7-cmp-%'").fetchall()}
        assert days["h7-cmp-q1"] == (None, None, True, True), days
        assert days["h7-cmp-q2"] == (None, None, True, True), days
        assert days["h7-cmp-ok"][0] == 12 and days["h7-cmp-ok"][2] is False, days
    if INT_COSTS.exists():
        lines = dict(con.sql("select campaign, cost from intermediate.int_marketing_costs_converted "
                             "where campaign like 'h7 %' and is_quarantined").fetchall())
        assert lines == {"h7 summit": None, "h7 negative": None}, lines


def _unknown_stage(raw):
    append_rows(raw, "crm_deals", [planted("crm_deals", deal_id="h7-d-stage", deal_stage="Won-ish"),
                                   planted("crm_deals", deal_id="h7-d-stage-ok", deal_stage=" Closed_Won ",
                                           is_closed="true", is_won="true", close_date="2026-02-20")])
    append_rows(raw, "crm_deal_stage_changes", [planted("crm_deal_stage_changes", deal_stage="maybe later")])
    append_rows(raw, "crm_lifecycle_stage_changes", [
        planted("crm_lifecycle_stage_changes", lifecycle_stage="prospect"),
        planted("crm_lifecycle_stage_changes", lifecycle_stage="  MQL ", changed_at="2026-01-08T10:00:00Z"),
    ])


def _check_unknown_stage(con, raw):
    assert con.sql("select deal_stage from staging.stg_crm__deals where deal_id = 'h7-d-stage-ok'"
                   ).fetchall()[0][0] == "closed_won"
    assert con.sql("select lifecycle_stage from staging.stg_crm__lifecycle_stage_changes "
                   "where contact_id = 'h7-c'").fetchall() == [("mql",)]


def _deal_without_account(raw):
    append_rows(raw, "crm_deals", [planted("crm_deals", deal_id="h7-d-orphan", account_id="h7-a-missing",
                                           primary_contact_id="")])


def _check_deal_without_account(con, raw):
    assert con.sql("select account_id from staging.stg_crm__deals where deal_id = 'h7-d-orphan'"
                   ).fetchall()[0][0] == "h7-a-missing"
    if INT_DEALS.exists():
        account_id, method = con.sql("select account_id, account_resolution_method "
                                     "from intermediate.int_deals_resolved where deal_id = 'h7-d-orphan'"
                                     ).fetchall()[0]
        assert account_id is None and method == "unresolved"


def _merge_cycle(raw):
    append_rows(raw, "crm_accounts", [
        planted("crm_accounts", account_id="h7-a-cyc-1", merged_into_account_id="h7-a-cyc-2"),
        planted("crm_accounts", account_id="h7-a-cyc-2", merged_into_account_id="h7-a-cyc-1"),
        planted("crm_accounts", account_id="h7-a-self", merged_into_account_id="h7-a-self"),
    ])


def _check_merge_cycle(con, raw):
    assert con.sql("select count(*) from staging.stg_crm__accounts where account_id like 'h7-a-%'"
                   ).fetchall()[0][0] == 3
    if INT_ACCOUNTS.exists():
        got = con.sql("select account_id, surviving_account_id, merge_status from intermediate.int_accounts_merged "
                      "where account_id like 'h7-a-%' order by 1").fetchall()
        assert got == [("h7-a-cyc-1", None, "cycle"), ("h7-a-cyc-2", None, "cycle"), ("h7-a-self", None, "cycle")]


def _empty_vs_null(raw):
    row = planted("crm_contacts", contact_id="h7-c-empty", job_title="", phone="")
    plain = csv_line("crm_contacts", raw, row)
    header, _ = read_table(raw, "crm_contacts")
    quoted = ",".join('""' if row.get(h.strip().lower(), "") == "" else f'"{row[h.strip().lower()]}"'
                      for h in header).encode() + b"\n"
    spaces = csv_line("crm_contacts", raw, planted("crm_contacts", contact_id="h7-c-spaces", job_title="   ",
                                                   phone=" "))
    append_raw_lines(raw, "crm_contacts", [plain, quoted, spaces])


def _check_empty_vs_null(con, raw):
    got = con.sql("select contact_id, job_title, phone_normalized from staging.stg_crm__contacts "
                  "where contact_id in ('h7-c-empty', 'h7-c-spaces') order by 1").fetchall()
    assert got == [("h7-c-empty", None, None), ("h7-c-spaces", None, None)]
    statuses = sorted(r[0] for r in con.sql("select row_status from staging.base_crm__contacts "
                                            "where contact_id = 'h7-c-empty'").fetchall())
    assert statuses == ["exact_duplicate", "staged"]


def _parquet_typed(raw):
    (raw / "crm_deals.csv").unlink()
    ts = datetime(2026, 2, 1, 10, 0, tzinfo=timezone.utc)
    table = pa.table({
        "DEAL_ID": ["h7-pq-1", "h7-pq-2", "h7-pq-3"],
        "account_id": pa.array([12345, None, 7], pa.int64()),
        "primary_contact_id": [None, None, None],
        "deal_name": ["typed", "", None],
        "pipeline": ["new_business"] * 3,
        "amount": pa.array([1000.5, 0.0, None], pa.float64()),
        "currency": ["USD"] * 3,
        "created_at": pa.array([ts, ts, ts], pa.timestamp("us", tz="UTC")),
        "close_date": pa.array([datetime(2026, 2, 20).date(), None, None], pa.date32()),
        "deal_stage": ["closed_won", "discovery", "demo"],
        "is_closed": pa.array([True, False, False]),
        "is_won": pa.array([True, False, False]),
        "is_deleted": pa.array([False, None, False]),
        "extra": pa.array([[1, 2], None, [3]], pa.list_(pa.int64())),
    })
    pq.write_table(table, raw / "crm_deals.parquet")


def _check_parquet_typed(con, raw):
    got = con.sql("select deal_id, account_id, deal_name, cast(amount as double), cast(created_at as varchar), "
                  "cast(close_date as varchar), is_won, is_deleted from staging.stg_crm__deals order by 1").fetchall()
    assert got == [
        ("h7-pq-1", "12345", "typed", 1000.5, "2026-02-01 10:00:00", "2026-02-20", True, False),
        ("h7-pq-2", None, None, 0.0, "2026-02-01 10:00:00", None, False, False),
        ("h7-pq-3", "7", None, None, "2026-02-01 10:00:00", None, False, False),
    ]


def _parquet_wrong_type(raw):
    header, rows = read_table(raw, "crm_activities")
    lower = [h.strip().lower() for h in header]
    columns = {h: [r[i] or None for r in rows] for i, h in enumerate(lower)}
    # occurred_at exported as epoch seconds (an integer), not ISO 8601 text
    columns["occurred_at"] = pa.array([1767225600 + i for i in range(len(rows))], pa.int64())
    (raw / "crm_activities.csv").unlink()
    pq.write_table(pa.table(columns), raw / "crm_activities.parquet")


CASES = [
    Case("missing_file", ["crm_deals"], _missing_file, "error",
         error_text=lambda raw: [f"missing file: {raw}/crm_deals.csv"]),
    Case("missing_required_column", ["crm_contacts"], _missing_column, "error",
         error_text=lambda raw: ["missing column: 'email'", f"{raw}/crm_contacts.csv"]),
    Case("extra_and_reordered_columns", ["web_form_submissions"], _extra_reordered, "build",
         note="every clean row staged unchanged"),
    Case("mixed_line_endings_lf_first", ["crm_contacts"], _mixed_lf_first, "error",
         error_text=lambda raw: [f"file = {raw}/crm_contacts.csv"]),
    # DuckDB either stops on its own ("file = ...") or would merge the LF-ended
    # lines into one rejected row, which the loader turns into an error
    # ("mixed line endings (CRLF and LF) in ..."): both name the file.
    Case("mixed_line_endings_crlf_first", ["crm_contacts"], _mixed_crlf_first, "error",
         error_text=lambda raw: [f"{raw}/crm_contacts.csv"]),
    Case("header_only_file", ["crm_activities"], _header_only, "build", compare="none",
         note="empty table, build green"),
    Case("utf8_bom", ["crm_accounts"], _bom, "build", note="every clean row staged unchanged"),
    Case("crlf_line_endings", ["crm_contacts"], _crlf, "build", check=_check_no_cr,
         note="every clean row staged unchanged, no CR left"),
    Case("invalid_utf8_bytes", ["web_form_submissions"], _invalid_utf8, "build",
         reasons={"unreadable_line_invalid_encoding": 1}, check=_check_invalid_utf8),
    Case("ragged_and_unterminated_lines", ["crm_activities"], _ragged, "build",
         reasons={"unreadable_line_too_many_columns": 1, "unreadable_line_missing_columns": 1,
                  "unreadable_line_unquoted_value": 1}, check=_check_ragged),
    Case("field_of_1_mb", ["web_form_submissions"], _one_mb, "build", check=_check_one_mb,
         note="1,048,576-character message staged intact"),
    Case("quotes_commas_newlines", ["web_form_submissions", "crm_deals"], _quotes, "build", check=_check_quotes,
         note="values round-trip exactly"),
    Case("sql_and_html_in_every_text_field", list(TABLES), _payload_everywhere, "build",
         reasons={"unknown_deal_stage": 2, "unknown_lifecycle_stage": 1}, check=_check_payload),
    Case("bad_timestamps", ["crm_activities"], _timestamps, "build",
         reasons={"unparseable_occurred_at": 2, "out_of_range_occurred_at": 1, "future_occurred_at": 1,
                  "missing_occurred_at": 1}, check=_check_timestamps),
    Case("duplicate_ids_conflicting", ["crm_deals"], _duplicates, "build",
         reasons={"conflicting_duplicate_deal_id": 1}, check=_check_duplicates),
    Case("negative_or_absurd_amounts", ["crm_deals", "ad_performance_daily", "marketing_costs"], _amounts, "build",
         reasons={"negative_amount": 1, "absurd_amount": 1, "unparseable_amount": 1, "negative_measure": 1,
                  "negative_cost": 1}, check=_check_amounts),
    Case("unknown_currency", ["crm_deals"], _unknown_currency, "build", models=[INT_DEALS],
         check=_check_unknown_currency,
         note=("int_deals_resolved: amount null, has_currency_rate false (a won one too); USD at 1 before the seed"
               if INT_DEALS.exists()
               else "int_deals_resolved absent: staging only")),
    Case("versions_never_fall_back", ["ad_performance_daily", "web_page_views", "marketing_costs"],
         _versions_unusable, "build", models=[INT_AD_SPEND, INT_COSTS],
         reasons={"unparseable_spend": 2, "unparseable_extracted_at": 1, "missing_anonymous_id": 2,
                  "conflicting_duplicate_event_id": 1, "unparseable_cost": 1,
                  "conflicting_duplicate_cost_line_key": 1, "negative_cost": 1},
         check=_check_versions_unusable,
         note="latest version unusable: key quarantined, nothing older staged; spend null and flagged"),
    Case("unknown_stage_label", ["crm_deals", "crm_deal_stage_changes", "crm_lifecycle_stage_changes"],
         _unknown_stage, "build",
         reasons={"unknown_deal_stage": 2, "unknown_lifecycle_stage": 1}, check=_check_unknown_stage),
    Case("deal_account_does_not_exist", ["crm_deals"], _deal_without_account, "build", models=[INT_DEALS],
         check=_check_deal_without_account,
         note=("int_deals_resolved: account null, resolution 'unresolved'" if INT_DEALS.exists()
               else "int_deals_resolved absent: staging only")),
    Case("merge_cycle_and_self_merge", ["crm_accounts"], _merge_cycle, "build", models=[INT_ACCOUNTS],
         check=_check_merge_cycle,
         note=("int_accounts_merged: merge_status 'cycle', no survivor" if INT_ACCOUNTS.exists()
               else "int_accounts_merged absent: staging only")),
    Case("empty_strings_vs_nulls", ["crm_contacts"], _empty_vs_null, "build", check=_check_empty_vs_null,
         note='"", empty and blanks all null; the two copies are exact duplicates'),
    Case("parquet_typed_columns", ["crm_deals"], _parquet_typed, "build", compare="none",
         check=_check_parquet_typed, note="int64, double, bool, date, timestamptz, list columns read as text"),
    Case("parquet_wrong_type_column", ["crm_activities"], _parquet_wrong_type, "build", compare="none",
         reasons={"unparseable_occurred_at": -1}),
]


# ----------------------------------------------------------------- running

def build_args(models: list[Path], tables: list[str] | None = None) -> list[str]:
    """The whole staging layer (tables None: the baseline), or only the staging
    path of `tables` on a copy of the baseline database (the other base
    tables hold the same rows as the baseline), always with the rejects
    model and the no-row-lost test, and the intermediate `models` when they
    exist. Unit tests are left to `make test`'s dbt build."""
    if tables is None:
        select = ["+staging"]
    else:
        select = [name for t in tables for name in TABLES[t][1:]] + ["stg_audit__rejected_rows"]
    select += ["assert_no_raw_row_lost"] + ["+" + m.stem for m in models if m.exists()]
    return ["build", "--select", *select, "--exclude", "test_type:unit", "--indirect-selection", "cautious",
            "--full-refresh", "--vars", f'{{build_clock: "{BUILD_CLOCK}"}}']


def staged_rows(con, table: str, compare: str) -> set:
    stg = TABLES[table][1]
    if compare == "keys":
        cols = ", ".join(primary_keys()[stg])
    else:
        cols = "*"
    return set(con.sql(f"select {cols} from staging.{stg}").fetchall())


_PK = {}


def primary_keys() -> dict[str, list[str]]:
    if not _PK:
        for p in (ROOT / "models" / "staging").glob("*/_*__models.yml"):
            for m in yaml.safe_load(p.read_text()).get("models", []):
                for t in m.get("data_tests", []) or []:
                    if isinstance(t, dict) and "primary_key" in t:
                        _PK[m["name"]] = t["primary_key"]["arguments"]["columns"]
    return _PK


@dataclass
class Result:
    case: Case
    raw: Path
    returncode: int
    output: str
    link: Path | None = None
    built: list | None = None
    outcome: str = ""
    rows_in: int | None = None
    staged: int | None = None
    rejected: int | None = None
    removed: int | None = None
    reasons: dict = field(default_factory=dict)
    per_table: dict = field(default_factory=dict)
    error: str | None = None


class Suite:
    """Runs the cases on two slots. A slot keeps one RAW_DATA_DIR value (a
    symlink re-pointed at each case's files) and one target folder, so that
    dbt parses the project once per slot and partially afterwards (an env
    var used in dbt_project.yml that changes forces a full parse)."""

    def __init__(self, base: Path, work: Path):
        self.base = base
        self.work = work
        self.baseline_rows: dict[str, set] = {}
        self.baseline_keys: dict[str, set] = {}
        self.baseline_reasons: dict[str, dict] = {}
        self.baseline_db = work / "baseline.duckdb"
        self.results: dict[str, Result] = {}
        self.slots: queue.Queue[Path] = queue.Queue()
        for i in range(2):
            slot = work / f"_slot{i}"
            slot.mkdir()
            self.slots.put(slot)

    def dbt(self, args: list[str], raw: Path, case_dir: Path, collect=None, start_from: Path | None = None):
        """Runs dbt on `raw` in a free slot; `collect(proc, link, con)` reads the
        slot's fresh database (con is None when dbt created none) before the
        slot is reused."""
        slot = self.slots.get()
        try:
            link = slot / "raw"
            tmp_link = slot / "raw.new"
            if tmp_link.is_symlink():
                tmp_link.unlink()
            tmp_link.symlink_to(raw, target_is_directory=True)
            os.replace(tmp_link, link)
            db = slot / "dev.duckdb"
            for stale in (db, slot / "dev.duckdb.wal"):
                stale.unlink(missing_ok=True)
            if start_from is not None:
                shutil.copy(start_from, db)
            env = dict(os.environ)
            env.update(RAW_DATA_DIR=str(link), DBT_DUCKDB_PATH=str(db), DBT_PROFILES_DIR=str(ROOT),
                       DUCKDB_TEMP_DIRECTORY=str(slot / "tmp"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
            cmd = [str(Path(sys.executable).parent / "dbt"), *args, "--target-path", str(slot / "target"),
                   "--log-path", str(case_dir / "logs")]
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            con = duckdb.connect(str(db), read_only=True) if db.exists() else None
            try:
                return collect(proc, link, con) if collect else (proc, link)
            finally:
                if con is not None:
                    con.close()
        finally:
            self.slots.put(slot)

    def prepare(self, name: str, mutate) -> Path:
        raw = self.work / name / "raw"
        shutil.copytree(self.base, raw)
        if mutate:
            mutate(raw)
        return raw

    def run_baseline(self):
        raw = self.prepare("baseline", None)

        def collect(proc, link, con):
            assert proc.returncode == 0, f"the clean dataset does not build:\n{proc.stdout[-3000:]}"
            shutil.copy(link.parent / "dev.duckdb", self.baseline_db)
            assert not (link.parent / "dev.duckdb.wal").exists()  # dbt closed the database cleanly
            for t in TABLES:
                self.baseline_rows[t] = staged_rows(con, t, "rows")
                self.baseline_keys[t] = staged_rows(con, t, "keys")
            for t in TABLES:
                self.baseline_reasons[t] = dict(con.sql(
                    "select reject_reason, count(*) from staging.stg_audit__rejected_rows "
                    f"where source_table = '{t}' group by 1").fetchall())

        self.dbt(build_args([]), raw, self.work / "baseline", collect)

    def run_group(self, cases: list[Case]) -> list[Result]:
        """One build for `cases`: a single error case, or build cases whose
        tables do not overlap (see `share_builds`)."""
        name = cases[0].name if len(cases) == 1 else "group_" + "_".join(c.name[:12] for c in cases)
        raw = self.prepare(name, lambda raw: [c.mutate(raw) for c in cases])
        # an error case starts from an empty database (to show nothing was
        # built), the others from the baseline's, rebuilding only their tables
        error = cases[0].expect == "error"
        start_from = None if error else self.baseline_db
        models = [m for c in cases for m in c.models]
        args = build_args(models, None if error else [t for c in cases for t in c.tables])
        return self.dbt(args, raw, self.work / name,
                        lambda proc, link, con: [self.collect(c, raw, proc, link, con) for c in cases],
                        start_from=start_from)

    def collect(self, case: Case, raw: Path, proc, link: Path, con) -> Result:
        res = Result(case, raw, proc.returncode, proc.stdout + proc.stderr, link=link)
        res.rows_in = sum(count_rows_in(raw, t) for t in case.tables)
        if case.expect == "error":
            res.outcome = "error: " + next((line.strip(" -") for line in proc.stdout.splitlines()
                                            if "missing " in line or "file = " in line
                                            or "mixed line" in line), "?")
            res.built = [] if con is None else [r[0] for r in con.sql(
                "select table_name from information_schema.tables where table_schema != 'raw'").fetchall()]
            return res
        if proc.returncode != 0:
            res.outcome = "BUILD FAILED"
            return res
        res.staged = res.rejected = res.removed = 0
        for t in case.tables:
            stg, base = TABLES[t][1], TABLES[t][2]
            staged = con.sql(f"select count(*) from staging.{stg}").fetchall()[0][0]
            rejected = con.sql("select count(*) from staging.stg_audit__rejected_rows "
                               f"where source_table = '{t}'").fetchall()[0][0]
            removed = con.sql(f"select count(*) from staging.{base} "
                              "where row_status in ('exact_duplicate', 'superseded')").fetchall()[0][0]
            loaded = con.sql(f"select count(*) from raw.{t}").fetchall()[0][0]
            res.per_table[t] = dict(rows_in=count_rows_in(raw, t), loaded=loaded, staged=staged,
                                    rejected=rejected, removed=removed,
                                    rows=staged_rows(con, t, case.compare) if case.compare != "none" else None)
            res.staged += staged
            res.rejected += rejected
            res.removed += removed
            for reason, n in con.sql("select reject_reason, count(*) from staging.stg_audit__rejected_rows "
                                     f"where source_table = '{t}' group by 1").fetchall():
                res.reasons[reason] = res.reasons.get(reason, 0) + n
        if case.check:
            try:
                case.check(con, raw)
            except AssertionError as e:  # reported by the test
                res.error = f"check failed: {e}"
        new = {r: n - self.base_reasons(case).get(r, 0) for r, n in res.reasons.items()}
        new = {r: n for r, n in new.items() if n}
        res.outcome = ("quarantined: " + ", ".join(f"{r} x{n}" for r, n in sorted(new.items()))
                       if new else "staged, no new rejects")
        if case.note and res.error is None:
            res.outcome += f"; {case.note}"
        return res

    def base_reasons(self, case: Case) -> dict:
        total: dict[str, int] = {}
        for t in case.tables:
            for r, n in self.baseline_reasons.get(t, {}).items():
                total[r] = total.get(r, 0) + n
        return total


@pytest.fixture(scope="module")
def base_raw(request, tmp_path_factory) -> Path:
    override = os.environ.get("BAD_INPUTS_RAW_DIR")
    if override:
        return Path(override)
    return request.getfixturevalue("small_raw_dir")


@pytest.fixture(scope="module")
def suite(request, base_raw, tmp_path_factory):
    s = Suite(base_raw, tmp_path_factory.mktemp("bad_inputs"))
    s.run_baseline()
    wanted = {item.callspec.params["case"].name for item in request.session.items
              if item.module.__name__ == __name__ and hasattr(item, "callspec")}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for results in pool.map(s.run_group, share_builds([c for c in CASES if c.name in wanted])):
            for res in results:
                s.results[res.case.name] = res
    yield s


def share_builds(cases: list[Case]) -> list[list[Case]]:
    """The builds to run: each build case joins the first group none of whose
    cases corrupts one of its tables (in case order, so the grouping is
    the same on every run); every error case runs alone, after the groups."""
    groups: list[list[Case]] = []
    for case in (c for c in cases if c.expect != "error"):
        group = next((g for g in groups if not {t for c in g for t in c.tables} & set(case.tables)), None)
        if group is None:
            groups.append([case])
        else:
            group.append(case)
    return groups + [[c] for c in cases if c.expect == "error"]
    print_table(request, s)


def print_table(request, s: Suite):
    lines = [f"{'case':34} {'rows in':>8} {'staged':>7} {'rejected':>8} {'dupes':>6}  outcome"]
    for c in CASES:
        r = s.results.get(c.name)
        if r is None:
            continue
        fmt = lambda v: "-" if v is None else str(v)  # noqa: E731
        outcome = r.outcome.replace(str(r.link), "$RAW_DATA_DIR") if r.link else r.outcome
        lines.append(f"{c.name:34} {fmt(r.rows_in):>8} {fmt(r.staged):>7} {fmt(r.rejected):>8} "
                     f"{fmt(r.removed):>6}  {outcome}")
    table = "\n".join(lines)
    (s.work / "bad_inputs_table.txt").write_text(table + "\n")
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print("\n\nBad-input suite (rows in = data rows in the affected files, counted by Python's csv module;"
              " outcomes for the planted rows)\n" + table)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, suite: Suite):
    res = suite.results[case.name]
    assert "Traceback" not in res.output, res.output[-3000:]
    if case.expect == "error":
        assert res.returncode != 0
        for text in case.error_text(res.link):
            assert text in res.output, f"{text!r} not in dbt output:\n{res.output[-3000:]}"
        # the check runs before any model: nothing was built
        assert res.built == [], res.built
        return
    assert res.returncode == 0, f"build failed:\n{res.output[-4000:]}"
    assert res.error is None, res.error
    for t, counts in res.per_table.items():
        # no row vanished: file rows (counted by Python) = loaded = staged + rejected + duplicates
        assert counts["rows_in"] == counts["loaded"], (t, counts["rows_in"], counts["loaded"])
        assert counts["rows_in"] == counts["staged"] + counts["rejected"] + counts["removed"], (t, counts)
        # every row the clean dataset stages is still staged, unchanged
        if case.compare != "none":
            baseline = suite.baseline_rows[t] if case.compare == "rows" else suite.baseline_keys[t]
            lost = baseline - counts["rows"]
            assert not lost, f"{len(lost)} valid rows of {t} lost or changed"
    base = suite.base_reasons(case)
    for reason, n in case.reasons.items():
        got = res.reasons.get(reason, 0) - base.get(reason, 0)
        if n < 0:  # no row of the file is usable
            assert got > 0 and res.staged == 0, (reason, res.reasons)
        else:
            assert got == n, f"{reason}: expected {n} new rejects, got {got} ({res.reasons})"
