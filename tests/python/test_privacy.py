"""Privacy: the email hash key and the raw data's personal data and free text
stay out of everything dbt writes (target/, logs/, the docs site), out of the
published marts and out of stored test failures.

The reference build (test_publish.reference_build) runs on the small demo
dataset plus one planted person with a unique email, name and phone, a
`<script>` in free-text fields and a unique marker in a form message; it is
built with `--store-failures` and a random EMAIL_HASH_KEY, published, and
its docs are generated here.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import duckdb
import pytest

from test_publish import PLANTED, PY, ROOT, reference, run  # noqa: F401

# Column names that would hold personal data or free text (never allowed in
# marts, nor in stored test failures).
FORBIDDEN_COLUMNS = re.compile(r"^(email|email_key|full_name|first_name|last_name|phone|phone_normalized|message|"
                               r"user_agent|page_url|referrer_url|landing_page_url|lead_source|job_title)$")


@pytest.fixture(scope="module")
def docs(reference) -> Path:
    """`dbt docs generate` in the reference build's folders."""
    result = run([str(Path(PY).parent / "dbt"), "docs", "generate", "--vars",
                  '{build_clock: "2026-11-01 00:00:00"}'], reference["env"])
    assert result.returncode == 0, result.stdout[-3000:]
    target = reference["work"] / "target"
    for name in ("index.html", "catalog.json", "manifest.json"):
        assert (target / name).exists()
    return target


def needles(reference) -> dict[str, bytes]:
    p = PLANTED
    return {
        "EMAIL_HASH_KEY": reference["key"].encode(),
        "planted email": p["email"].encode(),
        "planted email (upper case)": p["email"].upper().encode(),
        "planted name": p["last_name"].encode(),
        "planted phone": p["phone"].encode(),
        "planted phone digits": p["phone_digits"].encode(),
        "planted <script>": p["script_marker"].encode(),
        "planted free text": p["message_marker"].encode(),
    }


def scan(paths: list[Path], what: dict[str, bytes]) -> list[str]:
    hits = []
    for root in paths:
        files = [root] if root.is_file() else [f for f in root.rglob("*") if f.is_file()]
        for f in files:
            data = f.read_bytes()
            for name, needle in what.items():
                if needle in data:
                    hits.append(f"{name} in {f}")
    return hits


def test_planted_data_really_went_through_the_build(reference):
    """The needles are in the raw data and the build read them (else the
    other tests would pass vacuously)."""
    con = duckdb.connect(str(reference["work"] / "dev.duckdb"), read_only=True)
    try:
        n = con.sql("select count(*) from staging.stg_crm__contacts where email_key = ?",
                    params=[PLANTED["email"]]).fetchall()[0][0]
        assert n == 1
        n = con.sql("select count(*) from staging.stg_web__identifies where email_key = ? and identify_id = 'h7-pii-login'",
                    params=[PLANTED["email"]]).fetchall()[0][0]
        assert n == 1
        # the email events: staged under the email key, the clicked link without the address
        events = con.sql("select event_id, clicked_url from staging.stg_email__events where email_key = ? "
                         "order by event_id", params=[PLANTED["email"]]).fetchall()
        assert events == [("h7-pii-email-click", "https://northwind-analytics.com/pricing?utm_source=newsletter"),
                          ("h7-pii-email-sent", None)]
        msg = con.sql("select message from staging.stg_web__form_submissions where submission_id = 'h7-pii-sub'"
                      ).fetchall()[0][0]
        assert PLANTED["message_marker"] in msg and PLANTED["script"] in msg
    finally:
        con.close()


def test_key_and_personal_data_never_in_target_logs_or_docs(reference, docs):
    paths = [reference["work"] / "target", reference["work"] / "logs"]
    hits = scan(paths, needles(reference))
    assert not hits, "\n".join(hits)
    # nor in what the build printed
    printed = reference["output"].encode()
    assert not [n for n, v in needles(reference).items() if v in printed]


def test_script_in_data_not_in_docs_site(reference, docs):
    for name in ("index.html", "catalog.json", "manifest.json"):
        data = (docs / name).read_bytes()
        assert PLANTED["script_marker"].encode() not in data, name
        assert PLANTED["script"].encode() not in data, name


def test_published_marts_hold_no_personal_data_and_the_keyed_hash(reference):
    published = reference["published"]
    # the raw bytes of the file: no key, no planted values
    hits = scan([published], needles(reference))
    assert not hits, hits
    con = duckdb.connect(str(published), read_only=True)
    try:
        schemas = {r[0] for r in con.sql("select schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts"}
        text_columns = con.sql("select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
                               "and data_type = 'VARCHAR'").fetchall()
        for table, column in text_columns:
            assert not FORBIDDEN_COLUMNS.match(column), f"marts.{table}.{column} looks like personal data"
            for name in ("email", "last_name", "phone", "phone_digits", "script_marker", "message_marker"):
                n = con.sql(f'select count(*) from marts."{table}" where contains(lower("{column}"), ?)',
                            params=[PLANTED[name].lower()]).fetchall()[0][0]
                assert n == 0, f"planted {name} found in marts.{table}.{column}"
        # the planted contact is there, identified by the keyed hash of its email key
        expected_hash = hmac.new(reference["key"].encode(), PLANTED["email"].encode(), hashlib.sha256).hexdigest()
        has_contacts = ("dim_contacts",) in con.sql("select table_name from duckdb_tables() "
                                                    "where schema_name = 'marts'").fetchall()
        if has_contacts:
            rows = con.sql("select contact_id from marts.dim_contacts where email_hash = ?",
                           params=[expected_hash]).fetchall()
            assert rows == [("h7-pii-contact",)]
            unkeyed = hashlib.sha256(PLANTED["email"].encode()).hexdigest()
            assert con.sql("select count(*) from marts.dim_contacts where email_hash = ?",
                           params=[unkeyed]).fetchall()[0][0] == 0
    finally:
        con.close()


def test_stored_test_failures_hold_keys_only_and_live_outside_marts(reference):
    con = duckdb.connect(str(reference["work"] / "dev.duckdb"), read_only=True)
    try:
        tables = con.sql("select schema_name, table_name from duckdb_tables() "
                         "where schema_name like '%test_failures%' or schema_name like '%dbt_test__audit%'").fetchall()
        assert tables, "the reference build ran with --store-failures: failure tables expected"
        assert all(schema != "marts" for schema, _ in tables)
        for schema, table in tables:
            for (column,) in con.sql("select column_name from duckdb_columns() where schema_name = ? "
                                     "and table_name = ?", params=[schema, table]).fetchall():
                assert not FORBIDDEN_COLUMNS.match(column), f"{schema}.{table} stores {column}"
        marts_tables = {r[0] for r in con.sql("select table_name from duckdb_tables() where schema_name = 'marts'"
                                              ).fetchall()}
        assert not any(t.startswith(("primary_key_", "not_null_", "unique_", "assert_")) for t in marts_tables)
    finally:
        con.close()
