"""Identity shifts are visible: a live account merged into a deleted survivor,
a merge chain longer than `max_merge_depth` and a merge cycle each come out of
the warning test `assert_account_merges_resolve` with the contacts, deals and
won revenue they detach, and the publish audit reports the revenue."""

from __future__ import annotations

import shutil
import sys

import duckdb

from conftest import ROOT, run_dbt
from test_bad_inputs import append_rows, planted

ACCOUNTS = [
    # a live account merged into a deleted one
    dict(account_id="h7-m-live", merged_into_account_id="h7-m-gone"),
    dict(account_id="h7-m-gone", is_deleted="true"),
    # a chain of four hops, with max_merge_depth 2
    dict(account_id="h7-m-c1", merged_into_account_id="h7-m-c2"),
    dict(account_id="h7-m-c2", merged_into_account_id="h7-m-c3"),
    dict(account_id="h7-m-c3", merged_into_account_id="h7-m-c4"),
    dict(account_id="h7-m-c4", merged_into_account_id="h7-m-c5"),
    dict(account_id="h7-m-c5"),
    # a cycle
    dict(account_id="h7-m-y1", merged_into_account_id="h7-m-y2"),
    dict(account_id="h7-m-y2", merged_into_account_id="h7-m-y1"),
]


def test_unresolved_merges_warn_with_what_they_detach(small_raw_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(small_raw_dir, raw)
    append_rows(raw, "crm_accounts", [
        planted("crm_accounts", website_domain=f"{a['account_id']}.example", **a) for a in ACCOUNTS])
    # a contact on a free-mail address (no domain to fall back on) and a won deal per broken account
    broken = ["h7-m-live", "h7-m-c1", "h7-m-y1"]
    append_rows(raw, "crm_contacts", [
        planted("crm_contacts", contact_id=f"{a}-c", account_id=a, email=f"{a}@gmail.com") for a in broken])
    append_rows(raw, "crm_deals", [
        planted("crm_deals", deal_id=f"{a}-d", account_id=a, primary_contact_id=f"{a}-c", amount="1234.5",
                deal_stage="closed_won", is_closed="true", is_won="true", close_date="2026-03-01")
        for a in broken])
    result = run_dbt(["build", "--select", "+assert_account_merges_resolve", "--exclude-resource-type", "unit_test",
                      "--store-failures", "--vars", '{"max_merge_depth": 2, "build_clock": "2026-11-01 00:00:00"}'],
                     raw, tmp_path)
    output = result.stdout
    assert "WARN" in output and "assert_account_merges_resolve" in output, output[-3000:]
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        rows = con.sql("select account_id, merge_status, detached_contacts, detached_deals, detached_won_revenue "
                       "from test_failures.assert_account_merges_resolve where account_id like 'h7-m-%' "
                       "order by 1").fetchall()
    finally:
        con.close()
    got = {r[0]: r[1:] for r in rows}
    assert got["h7-m-live"][0] == "deleted_survivor", got
    assert got["h7-m-c1"][0] == "chain_too_long", got
    assert got["h7-m-y1"][0] == "cycle" and got["h7-m-y2"][0] == "cycle", got
    for account in broken:
        contacts, deals, revenue = got[account][1:]
        assert (contacts, deals) == (1, 1), (account, got[account])
        assert float(revenue) == 1234.5, (account, got[account])
    # the deleted survivor itself is not a live account that lost anything
    assert "h7-m-gone" not in got


CONTACTS = [
    # a live contact merged into a deleted one, into one the export lacks, and a cycle
    dict(contact_id="h7-cm-live", merged_into_contact_id="h7-cm-gone"),
    dict(contact_id="h7-cm-gone", is_deleted="true"),
    dict(contact_id="h7-cm-lost", merged_into_contact_id="h7-cm-missing"),
    dict(contact_id="h7-cm-y1", merged_into_contact_id="h7-cm-y2"),
    dict(contact_id="h7-cm-y2", merged_into_contact_id="h7-cm-y1"),
]


def test_unresolved_contact_merges_warn_with_what_they_detach(small_raw_dir, tmp_path):
    """The account rule on contacts: a merge chain ending nowhere is a warning
    of `assert_contact_merges_resolve` with the history it detaches, and the
    contact is no person of any mart."""
    raw = tmp_path / "raw"
    shutil.copytree(small_raw_dir, raw)
    append_rows(raw, "crm_contacts", [
        planted("crm_contacts", email=f"{c['contact_id']}@gmail.com", **c) for c in CONTACTS])
    broken = ["h7-cm-live", "h7-cm-lost", "h7-cm-y1"]
    append_rows(raw, "crm_lifecycle_stage_changes", [
        dict(contact_id=c, lifecycle_stage="mql", changed_at="2026-03-01T10:00:00Z") for c in broken])
    result = run_dbt(["build", "--select", "+assert_contact_merges_resolve", "+dim_contacts",
                      "--exclude-resource-type", "unit_test", "--store-failures",
                      "--vars", '{"build_clock": "2026-11-01 00:00:00"}'], raw, tmp_path)
    output = result.stdout
    assert "WARN" in output and "assert_contact_merges_resolve" in output, output[-3000:]
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        rows = con.sql("select contact_id, merge_status, detached_stage_changes "
                       "from test_failures.assert_contact_merges_resolve where contact_id like 'h7-cm-%' "
                       "order by 1").fetchall()
        in_marts = con.execute("select count(*) from marts.dim_contacts where contact_id like 'h7-cm-%'").fetchone()[0]
    finally:
        con.close()
    got = {r[0]: r[1:] for r in rows}
    assert got["h7-cm-live"] == ("deleted_survivor", 1), got
    assert got["h7-cm-lost"] == ("missing_survivor", 1), got
    assert got["h7-cm-y1"] == ("cycle", 1) and got["h7-cm-y2"] == ("cycle", 0), got
    assert "h7-cm-gone" not in got
    assert in_marts == 0


def test_the_audit_reports_deals_without_an_account(tmp_path):
    """The publish audit's line for deals that resolve to no account, on marts
    built here with one such won deal."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import audit

    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    con.sql("create schema marts")
    con.sql("create table marts.fct_deals as select * from (values ('d1', 'a1', true, 100.0), "
            "('d2', null, true, 1234.5), ('d3', null, false, 10.0)) t(deal_id, account_id, is_won, amount)")
    assert audit.unresolved_deals(con) == {"deals": 2, "won_revenue": 1234.5}
    con.close()
