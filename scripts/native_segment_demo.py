#!/usr/bin/env python3
"""Write the demo company's web tracking also in the shape Segment's
warehouse destination lands it (docs/native-segment.md; RudderStack lands
the same tables).

The Segment tables are derived from the web contract files the generator
just wrote (same world, same rows, same ids), one Parquet file per native
table in <out>/segment/:

- `pages` from web_page_views: `id` = event_id, `timestamp` = viewed_at,
  `url` and `context_page_url` = page_url, `referrer` and
  `context_page_referrer` = referrer_url, `context_campaign_source /
  _medium / _name / _content / _term` = utm_source / _medium / _campaign /
  _content / _term, `context_user_agent` = user_agent, `received_at` =
  timestamp + 1 to 5 seconds, `user_id` null;
- `form_submitted` (the site's "Form Submitted" track event) from
  web_form_submissions: `id` = submission_id, `timestamp` = submitted_at,
  the form fields as property columns `form_name, email, name, phone,
  company, title, message, consent` (from form_name, email, full_name,
  phone, company_name, job_title, message, consent), `click_id` (hidden
  field), `context_campaign_*` = utm_*, `context_page_url` = page_url,
  `context_page_referrer` = referrer_url, `event` / `event_text`;
- `identifies` from the optional contract file web_identifies (D20):
  `id` = identify_id, `email` trait, `timestamp` = identified_at,
  `user_id` for logins (a hash of the email; null for email-link clicks).
  Without that file the table is written empty.

Deliberate differences from the contract files:

- timestamps are real UTC timestamps, no longer the contract's mixed
  spellings; rows whose time cannot be read (planted bad values) and rows
  without an id are not written, nor are lines the file reader cannot read;
- the page views' `click_id` column has no Segment counterpart (the project
  parses it from the URL): not written; the forms' `origin` likewise;
- planted (about 0.5% each, chosen by a hash of the id): server-side pages
  with a `user_id` and no `anonymous_id` (decision D12: the project drops
  and counts them), and Segment retries: a second row with the same `id`,
  identical but for a later `received_at` (the adapter keeps the earliest).

Other values pass through as the contract holds them (case, spaces, bots,
exact duplicates, and the contract's colliding event ids: different page
views sharing an id, which an adapter keeping one row per `id` would
collapse). Same input, same files.

Usage: python scripts/native_segment_demo.py --out <folder of contract files>
(the generator calls it with --native segment).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from native_hubspot_demo import _reader

WEB_TABLES = ["web_page_views", "web_form_submissions", "web_identifies"]
PLANT_EVERY = 200          # about 1 row in 200 (0.5%) for each planted kind


def _ts(expr: str) -> str:
    """Contract timestamp text -> UTC timestamp (null when unreadable)."""
    return f"cast(try_cast(trim({expr}) as timestamptz) as timestamp)"


def _seconds(key: str, lo: int, span: int) -> str:
    """A deterministic interval of lo .. lo + span - 1 seconds from a key."""
    return f"to_seconds(cast({lo} + hash({key}) % {span} as bigint))"


def _uuid(key: str) -> str:
    """A deterministic UUID-shaped id from a key."""
    h = f"md5({key})"
    return (f"substr({h}, 1, 8) || '-' || substr({h}, 9, 4) || '-4' || substr({h}, 14, 3) || '-a' "
            f"|| substr({h}, 18, 3) || '-' || substr({h}, 21, 12)")


def setup_sql() -> list[str]:
    return [
        f"""create temp table pv as
            select event_id as id, anonymous_id, {_ts('viewed_at')} as "timestamp",
                page_url, referrer_url, utm_source, utm_medium, utm_campaign, utm_content, utm_term,
                user_agent
            from c_web_page_views
            where event_id is not null and {_ts('viewed_at')} is not null""",
    ]


def native_queries() -> dict[str, str]:
    """The SQL of each Segment table, reading the contract views c_<table> and pv."""
    page_cols = """url, context_page_url, referrer, context_page_referrer, context_campaign_source,
        context_campaign_medium, context_campaign_name, context_campaign_content, context_campaign_term,
        context_user_agent"""
    return {
        "pages": f"""
            with pages as (
                select id, anonymous_id, cast(null as varchar) as user_id, "timestamp",
                    "timestamp" + {_seconds("id || 'received'", 1, 5)} as received_at,
                    page_url as url, page_url as context_page_url,
                    referrer_url as referrer, referrer_url as context_page_referrer,
                    utm_source as context_campaign_source, utm_medium as context_campaign_medium,
                    utm_campaign as context_campaign_name, utm_content as context_campaign_content,
                    utm_term as context_campaign_term, user_agent as context_user_agent
                from pv
            ),
            server_side as (  -- D12: pages sent from the back end, with the user id only
                select {_uuid("id || 'server'")} as id, cast(null as varchar) as anonymous_id,
                    'usr_' || substr(md5(anonymous_id), 1, 12) as user_id,
                    "timestamp" + to_seconds(2) as "timestamp", received_at + to_seconds(2) as received_at,
                    {page_cols}
                from pages
                where anonymous_id is not null and hash(id || 'server') % {PLANT_EVERY} = 0
            ),
            retries as (  -- the same message delivered again later
                select id, anonymous_id, user_id, "timestamp",
                    received_at + {_seconds("id || 'retry'", 30, 3600)} as received_at, {page_cols}
                from pages
                where hash(id || 'retry') % {PLANT_EVERY} = 0
            )
            select * from (select * from pages union all select * from server_side union all select * from retries)
            order by all""",
        "form_submitted": f"""
            select submission_id as id, anonymous_id, cast(null as varchar) as user_id,
                'form_submitted' as event, 'Form Submitted' as event_text,
                {_ts('submitted_at')} as "timestamp",
                {_ts('submitted_at')} + {_seconds("submission_id || 'received'", 1, 5)} as received_at,
                form_name, email, full_name as name, phone, company_name as company, job_title as title,
                message, consent, click_id,
                utm_source as context_campaign_source, utm_medium as context_campaign_medium,
                utm_campaign as context_campaign_name, utm_content as context_campaign_content,
                utm_term as context_campaign_term,
                page_url as context_page_url, referrer_url as context_page_referrer
            from c_web_form_submissions
            where submission_id is not null and {_ts('submitted_at')} is not null
            order by all""",
        "identifies": f"""
            select identify_id as id, anonymous_id,
                case when hash(identify_id || 'login') % 2 = 0
                    then 'usr_' || substr(md5(lower(trim(email))), 1, 12) end as user_id,
                email, {_ts('identified_at')} as "timestamp",
                {_ts('identified_at')} + {_seconds("identify_id || 'received'", 1, 5)} as received_at
            from c_web_identifies
            where identify_id is not null and {_ts('identified_at')} is not null
            order by all""",
    }


def write_native_segment(contract_dir: Path, out_dir: Path | None = None) -> dict[str, int]:
    """Write <out_dir>/<native_table>.parquet from the contract web files; return row counts."""
    out_dir = out_dir or contract_dir / "segment"
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    for table in WEB_TABLES:
        if table == "web_identifies" and not any((contract_dir / f"{table}.{ext}").exists()
                                                 for ext in ("csv", "parquet")):
            con.execute("""create view c_web_identifies as select * from (values
                (null::varchar, null::varchar, null::varchar, null::varchar))
                as t(identify_id, anonymous_id, email, identified_at) where false""")
            continue
        con.execute(f"create view c_{table} as select * from {_reader(contract_dir, table)}")
    for sql in setup_sql():
        con.execute(sql)
    counts = {}
    for name, sql in native_queries().items():
        target = str(out_dir / f"{name}.parquet").replace("'", "''")
        con.execute(f"copy ({sql}) to '{target}' (format parquet)")
        counts[name] = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
    con.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="folder holding the contract's web_* files")
    ap.add_argument("--native-out", type=Path, default=None, help="output folder (default <out>/segment)")
    args = ap.parse_args()
    counts = write_native_segment(args.out, args.native_out)
    print(f"Segment tables: {sum(counts.values()):,} rows in {len(counts)} tables written to "
          f"{args.native_out or args.out / 'segment'}")


if __name__ == "__main__":
    main()
