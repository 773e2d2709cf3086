"""The CRM read natively (var crm_source = hubspot) gives the marts the CRM
files give, wherever HubSpot's tables carry the same information.

The small demo (scale 0.02) is generated with --native hubspot: the same
company as the contract's crm_* files and as HubSpot tables in
<out>/hubspot/. It is built twice, from the files and from the HubSpot
tables, and the marts are compared. Every difference is asserted here and
tabulated in docs/native-hubspot.md:

- HubSpot's Fivetran schema has no webinar or event attendance, so the
  event touches are missing, and with them touch counts, first touches,
  lead-score behaviour points and the attribution credits they earn;
- HubSpot's Original Source is a fixed list: lead sources outside it
  (outbound, sales prospecting, events, imports, ...) arrive as OFFLINE,
  which changes the acquisition channel of contacts whose channel comes
  from the lead source.

A third build also reads the form submissions from HubSpot (var
forms_source = hubspot): HubSpot records contacts' submissions only,
without the browser's cookie id, so the submissions of non-contacts are
missing and no form identifies a browser (fewer identified browsers, fewer
touches stitched to contacts); the submissions of contacts, per form, and
the CRM figures (deals, MQLs, SQLs) are the same. A fourth reads them
beside a Salesforce CRM (decision D19).

The email events follow the HubSpot CRM (var email_source): HubSpot's
email_event tables give the file's events but the replies (HubSpot has no
reply event), and the events the contract has no type for (PROCESSED,
DROPPED, ...) are counted in the row accounting.
"""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT, run_dbt
from native_compare import (accounted_rows, attach_builds, columns_of, data_gaps, demo_raw, files_build, landed_rows,
                            native_build, only_in, relation)

EXACTLY_EQUAL = [
    "dim_dates", "fct_lead_stage_transitions", "rpt_conversions_vs_opportunities_monthly", "rpt_funnel_monthly",
]
# table -> (key, columns allowed to differ)
# RFM recency and frequency count engagement touches, event touches among
# them; monetary (deals) must stay equal.
RFM_TOUCHES = {"rfm_recency_days", "rfm_frequency_touches", "rfm_recency_score", "rfm_frequency_score", "rfm_segment"}
EQUAL_BUT = {
    "fct_deals": ("deal_id", {"eligible_touchpoint_count"}),
    "dim_accounts": ("account_id", {"first_touch_at", "first_touch_channel", "touchpoint_count", *RFM_TOUCHES}),
    "dim_contacts": ("contact_id", {"acquisition_channel", "acquisition_touchpoint_id", "acquisition_basis",
                                    "lead_score", "lead_score_unweighted", "lead_grade", "score_reasons",
                                    "behaviour_points", "inactivity_points", *RFM_TOUCHES}),
}
EVENT_TYPES = ("webinar_attended", "event_attended")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The demo built from the files (shared with test_native_salesforce.py) and from HubSpot's tables."""
    con = attach_builds(files_build(tmp_path_factory), native_build(tmp_path_factory, "hubspot"))
    yield con
    con.close()


@pytest.mark.parametrize("table", EXACTLY_EQUAL)
def test_marts_equal(builds, table):
    assert only_in(builds, table) == (0, 0)


@pytest.mark.parametrize("table", list(EQUAL_BUT))
def test_marts_equal_but_event_touches_and_lead_source(builds, table):
    key, allowed = EQUAL_BUT[table]
    kept = ", ".join(f'"{c}"' for c in columns_of(builds, table) if c not in allowed)
    assert only_in(builds, table, kept) == (0, 0)
    f, n = relation(builds, "f", table), relation(builds, "n", table)
    assert builds.execute(f"select count(*) from {f}").fetchone() == builds.execute(f"select count(*) from {n}").fetchone()
    # the allowed columns do differ somewhere (the difference is real, not a leftover)
    differing = [c for c in allowed if builds.execute(
        f'select count(*) from {f} as a join {n} as b using ({key}) where a."{c}" is distinct from b."{c}"'
    ).fetchone()[0] > 0]
    assert differing, f"{table}: no difference left in {sorted(allowed)}"


@pytest.mark.parametrize("table", ["stg_crm__accounts", "stg_crm__deals", "stg_crm__deal_stage_changes"])
def test_staged_crm_equal(builds, table):
    assert only_in(builds, table) == (0, 0)


def merged_away(con) -> str:
    """The files build's merged-away contacts and their survivors: HubSpot
    lists them on the survivor, and its adapter drops them in staging."""
    return (f"select contact_id, surviving_contact_id from {relation(con, 'f', 'int_contacts_merged')} "
            "where is_merged_away")


def test_staged_contacts_differ_only_in_lead_source_spelling_and_merged_records(builds):
    f, n = relation(builds, "f", "stg_crm__contacts"), relation(builds, "n", "stg_crm__contacts")
    kept = ", ".join(f'"{c}"' for c in columns_of(builds, "stg_crm__contacts") if c != "lead_source")
    merged = builds.execute(f"select count(*) from ({merged_away(builds)})").fetchone()[0]
    assert merged > 0, "the demo plants contact merges"
    lost = builds.execute(f"select count(*) from (select {kept} from {f} except all select {kept} from {n})").fetchone()[0]
    gained = builds.execute(f"select count(*) from (select {kept} from {n} except all select {kept} from {f})").fetchone()[0]
    # the merged-away records are only in the files' staging; nothing else differs
    assert (lost, gained) == (merged, 0)
    assert builds.execute(f"select count(*) from {f} where merged_into_contact_id is not null").fetchone()[0] == merged


def test_staged_lifecycle_changes_equal_once_merged_records_are_their_survivors(builds):
    f, n = relation(builds, "f", "stg_crm__lifecycle_stage_changes"), relation(builds, "n", "stg_crm__lifecycle_stage_changes")
    rekeyed = (f"select coalesce(m.surviving_contact_id, l.contact_id) as contact_id, l.lifecycle_stage, l.stage_order, "
               f"l.changed_at from {f} as l left join ({merged_away(builds)}) as m using (contact_id)")
    native = f"select contact_id, lifecycle_stage, stage_order, changed_at from {n}"
    assert builds.execute(f"select count(*) from ({rekeyed} except all {native})").fetchone()[0] == 0
    assert builds.execute(f"select count(*) from ({native} except all {rekeyed})").fetchone()[0] == 0
    # and the re-keying matters: some history of a merged-away record is in the files
    assert builds.execute(f"select count(*) from {f} where contact_id in (select contact_id from ({merged_away(builds)}))"
                          ).fetchone()[0] > 0


def conflicting_activity_ids(con) -> str:
    """Activity ids the files give to two different activities (a planted
    conflict, rejected in both builds). An engagement id is unique in
    HubSpot, so the demo's HubSpot tables hold both versions under one
    engagement and their contact and company associations mix: the staged
    version may carry the other version's contact or company."""
    return (f"select activity_id from {relation(con, 'f', 'base_crm__activities')} "
            "where reject_reason = 'conflicting_duplicate_activity_id'")


def test_activities_lack_only_webinars_and_events(builds):
    f, n = relation(builds, "f", "stg_crm__activities"), relation(builds, "n", "stg_crm__activities")
    conflicts = conflicting_activity_ids(builds)
    lost = builds.execute(f"select activity_type, count(*) from (select * from {f} except all select * from {n}) "
                          f"where activity_id not in ({conflicts}) group by 1").fetchall()
    assert lost and {t for t, _ in lost} <= set(EVENT_TYPES)
    gained = builds.execute(f"select count(*) from (select * from {n} except all select * from {f}) "
                            f"where activity_id not in ({conflicts})").fetchone()[0]
    assert gained == 0
    events = builds.execute(f"select count(*) from {f} where activity_type in {EVENT_TYPES}").fetchone()[0]
    assert sum(k for _, k in lost) == events
    # the count of staged activities is the files' minus the event ones
    assert builds.execute(f"select count(*) from {n}").fetchone()[0] \
        == builds.execute(f"select count(*) from {f}").fetchone()[0] - events


def test_touchpoints_lack_only_event_touches(builds):
    f, n = relation(builds, "f", "fct_touchpoints"), relation(builds, "n", "fct_touchpoints")
    # same touches apart from the event ones (their numbering within an account shifts)
    kept = "touchpoint_id, touch_type, channel, occurred_at, contact_id, account_id, activity_type"
    lost = builds.execute(f"select activity_type in {EVENT_TYPES}, count(*) from (select {kept} from {f} "
                          f"except all select {kept} from {n}) group by 1").fetchall()
    gained = builds.execute(f"select count(*) from (select {kept} from {n} except all select {kept} from {f})").fetchone()[0]
    events = builds.execute(f"select count(*) from {f} where activity_type in {EVENT_TYPES}").fetchone()[0]
    # every event touch is lost; other touches differ only through a conflicting activity id
    assert events > 0 and dict(lost)[True] == events
    assert dict(lost).get(False, 0) == gained <= builds.execute(
        f"select count(distinct activity_id) from ({conflicting_activity_ids(builds)})").fetchone()[0]


def test_won_revenue_and_pipeline_equal(builds):
    sql = "select count(*), count(*) filter (where is_won), sum(amount) filter (where is_won) from {}"
    f, n = relation(builds, "f", "fct_deals"), relation(builds, "n", "fct_deals")
    assert builds.execute(sql.format(f)).fetchone() == builds.execute(sql.format(n)).fetchone()


def test_attribution_moves_event_credit_to_other_channels(builds):
    """Each model still allocates the same revenue; the events channel gets none natively."""
    sql = ("select model, sum(attributed_revenue), coalesce(sum(attributed_revenue) filter (where channel = 'events'), 0) "
           "from {} group by 1 order by 1")
    f = builds.execute(sql.format(relation(builds, "f", "rpt_attribution_by_channel_monthly"))).fetchall()
    n = builds.execute(sql.format(relation(builds, "n", "rpt_attribution_by_channel_monthly"))).fetchall()
    assert [(m, total) for m, total, _ in f] == [(m, total) for m, total, _ in n]
    assert any(events > 0 for _, _, events in f)
    assert all(events == 0 for _, _, events in n)
    markov = "select channel from {}"
    assert ("events",) in builds.execute(markov.format(relation(builds, "f", "rpt_markov_removal_effects"))).fetchall()
    assert ("events",) not in builds.execute(markov.format(relation(builds, "n", "rpt_markov_removal_effects"))).fetchall()


def test_lead_funnel_totals_equal(builds):
    """MQL and SQL counts and the contacts scored are the same; only their split by channel or score moves."""
    for table, sql in [("rpt_mql_to_sql_rates", "select sum(mqls), sum(sqls) from {}"),
                       ("rpt_lead_score_calibration", "select sum(contacts), sum(sqls) from {}")]:
        assert builds.execute(sql.format(relation(builds, "f", table))).fetchone() \
            == builds.execute(sql.format(relation(builds, "n", table))).fetchone()


def test_channel_spend_equal(builds):
    cols = "month, channel, spend, ad_spend, marketing_costs, impressions, clicks"
    assert only_in(builds, "rpt_channel_metrics_monthly", cols) == (0, 0)


def test_campaign_metrics_equal_but_leads(builds):
    """Campaign spend and traffic are the same; a campaign's leads may move (a lead
    acquired at an event touch natively counts for the touch before it)."""
    kept = ", ".join(c for c in columns_of(builds, "rpt_campaign_metrics_monthly") if c not in ("leads", "cpl"))
    assert only_in(builds, "rpt_campaign_metrics_monthly", kept) == (0, 0)


HUBSPOT_CRM_TABLES = ["company", "contact", "contact_property_history", "deal", "deal_stage", "engagement"]


def test_every_landed_hubspot_row_is_accounted(builds, tmp_path_factory):
    """stg_audit__native_row_counts: per driving HubSpot table, the outcomes
    add up to the rows of its landed file (counted here), merge losers among
    them."""
    accounted = accounted_rows(builds, "n")
    landed = landed_rows(demo_raw(tmp_path_factory), ["hubspot"])
    assert set(accounted) == {("hubspot", table) for table in [*HUBSPOT_CRM_TABLES, "email_event"]}
    assert accounted == {key: landed[key] for key in accounted}
    counts = relation(builds, "n", "stg_audit__native_row_counts")
    assert builds.execute(f"select native_rows from {counts} where native_table = 'contact' "
                          "and row_outcome = 'merge_loser'").fetchone()[0] > 0


def test_the_setup_lists_what_its_native_data_lacks(builds):
    assert data_gaps(builds, "n") == {"hubspot_no_event_attendance", "hubspot_original_source_list",
                                      "hubspot_email_no_reply"}


def test_missing_table_and_column_stop_the_build(tmp_path):
    raw = tmp_path / "raw"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--out", str(raw),
                    "--seed", "7", "--scale", "0.02", "--native", "hubspot", "--quiet"],
                   check=True, capture_output=True, text=True)
    hubspot = raw / "hubspot"
    (hubspot / "deal_stage.parquet").unlink()
    con = duckdb.connect()
    contact = str(hubspot / "contact.parquet")
    con.execute(f"copy (select * exclude (property_email) from read_parquet('{contact}')) to '{tmp_path / 'c.parquet'}'")
    (tmp_path / "c.parquet").replace(contact)
    # an optional column (property_mobilephone) and an optional table (merged_deal) are absent too: fine
    result = run_dbt(["seed", "--select", "hubspot_deal_pipelines", "--vars", "{crm_source: hubspot}"], raw,
                     tmp_path / "work", extra_env={"HUBSPOT_DATA_DIR": str(hubspot)})
    assert result.returncode != 0
    out = result.stdout
    assert "HubSpot tables not as expected" in out
    assert "missing file: " in out and "deal_stage.csv (or .parquet)" in out
    assert "missing column: 'property_email'" in out
    assert "merged_deal" not in out and "property_mobilephone" not in out
    unset = run_dbt(["seed", "--select", "hubspot_deal_pipelines", "--vars", "{crm_source: hubspot}"], raw,
                    tmp_path / "work2", extra_env={"HUBSPOT_DATA_DIR": "", "HUBSPOT_DUCKDB_PATH": ""})
    assert unset.returncode != 0 and "neither HUBSPOT_DATA_DIR" in unset.stdout


def test_attached_duckdb_file(tmp_path):
    """HUBSPOT_DUCKDB_PATH: the tables are read from a DuckDB file, attached read-only."""
    raw = tmp_path / "raw"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"), "--out", str(raw),
                    "--seed", "7", "--scale", "0.02", "--native", "hubspot", "--quiet"],
                   check=True, capture_output=True, text=True)
    native_file = tmp_path / "fivetran_landing.duckdb"
    con = duckdb.connect(str(native_file))
    con.execute("create schema hubspot")
    for parquet in sorted((raw / "hubspot").glob("*.parquet")):
        con.execute(f"create table hubspot.{parquet.stem} as select * from read_parquet('{parquet}')")
    deals = con.execute("select count(*) from hubspot.deal").fetchone()[0]
    con.close()
    work = tmp_path / "work"
    env = {"HUBSPOT_DUCKDB_PATH": str(native_file), "HUBSPOT_DATA_DIR": ""}
    run_dbt(["seed", "--select", "hubspot_deal_pipelines", "--vars", "{crm_source: hubspot}"], raw, work,
            extra_env=env, check=True)
    run_dbt(["run", "--select", "native_hubspot__crm_deals", "native_hubspot__contact_merges",
             "--vars", "{crm_source: hubspot}"], raw, work, extra_env=env, check=True)
    built = duckdb.connect(str(work / "dev.duckdb"), read_only=True)
    built.execute(f"attach '{native_file}' as hubspot_native (read_only)")
    schema = built.execute("select table_schema from information_schema.tables "
                           "where table_name = 'native_hubspot__crm_deals'").fetchone()[0]
    assert built.execute(f'select count(*) from "{schema}".native_hubspot__crm_deals').fetchone()[0] == deals
    built.close()


# --- email events read from HubSpot (var email_source follows the HubSpot CRM) ---

# HubSpot email_event.type -> the contract's event type (an unsubscribe is a
# STATUSCHANGE to UNSUBSCRIBED); the other types are counted, per reason
EMAIL_TYPES = {"SENT": "sent", "DELIVERED": "delivered", "OPEN": "open", "CLICK": "click", "BOUNCE": "bounce",
               "SPAMREPORT": "spam_report"}
EMAIL_NOT_IN_CONTRACT = {"DROPPED": "dropped", "PROCESSED": "delivery_step", "DEFERRED": "delivery_step",
                         "FORWARD": "forward_or_print", "PRINT": "forward_or_print"}
STAGED_EMAIL = "event_id, campaign_id, event_type, occurred_at, clicked_url, user_agent, is_filtered"


def landed_email_types(tmp_path_factory) -> dict[str, int]:
    """Rows of the demo's email_event per HubSpot type, status changes split
    into UNSUBSCRIBED and the others."""
    hubspot = demo_raw(tmp_path_factory) / "hubspot"
    rows = duckdb.sql(f"""
        select case when e.type = 'STATUSCHANGE' then 'STATUSCHANGE_' || coalesce(s.portal_subscription_status, 'NONE')
            else e.type end, count(*)
        from read_parquet('{hubspot / "email_event.parquet"}') as e
        left join read_parquet('{hubspot / "email_event_status_change.parquet"}') as s using (id)
        group by 1""").fetchall()
    return dict(rows)


def test_email_events_mapped_per_type(builds, tmp_path_factory):
    """Each contract event type has as many rows as HubSpot has events of its type."""
    landed = landed_email_types(tmp_path_factory)
    adapter = relation(builds, "n", "native_hubspot__email_events")
    mapped = dict(builds.execute(f"select event_type, count(*) from {adapter} group by 1").fetchall())
    expected = {EMAIL_TYPES[t]: k for t, k in landed.items() if t in EMAIL_TYPES}
    expected["unsubscribe"] = landed.get("STATUSCHANGE_UNSUBSCRIBED", 0)
    assert mapped == expected
    # every type the files stage, replies aside, is there (unsubscribes through the status changes)
    staged = {t for (t,) in builds.execute(f"select distinct event_type from {relation(builds, 'f', 'stg_email__events')}")
              .fetchall()}
    assert "unsubscribe" in staged and staged - {"reply"} <= {t for t, k in mapped.items() if k > 0}


def test_email_events_not_in_the_contract_are_accounted(builds, tmp_path_factory):
    """PROCESSED, DROPPED, ... and resubscriptions are not emitted but counted, per reason."""
    landed = landed_email_types(tmp_path_factory)
    counts = relation(builds, "n", "stg_audit__native_row_counts")
    outcomes = dict(builds.execute(f"select row_outcome, native_rows from {counts} "
                                   "where native_table = 'email_event'").fetchall())
    expected = {"emitted": sum(k for t, k in landed.items() if t in EMAIL_TYPES)
                + landed.get("STATUSCHANGE_UNSUBSCRIBED", 0)}
    for hubspot_type, reason in EMAIL_NOT_IN_CONTRACT.items():
        if landed.get(hubspot_type):
            expected[reason] = expected.get(reason, 0) + landed[hubspot_type]
    other_status = sum(k for t, k in landed.items()
                       if t.startswith("STATUSCHANGE_") and t != "STATUSCHANGE_UNSUBSCRIBED")
    if other_status:
        expected["status_change_not_unsubscribe"] = other_status
    assert outcomes == expected
    # the demo writes each kind
    assert {"dropped", "delivery_step", "status_change_not_unsubscribe"} <= set(outcomes)


def unwritable_email_events(con) -> str:
    """The files build's staged events HubSpot has no event for: replies, and
    (a limit of the demo) events naming a contact the CRM file has no email
    for, whose HubSpot recipient address the demo cannot know."""
    f, contacts = relation(con, "f", "stg_email__events"), relation(con, "f", "stg_crm__contacts")
    return (f"select event_id from {f} where event_type = 'reply' or (email_key is null and contact_id not in "
            f"(select contact_id from {contacts} where email_key is not null))")


def test_staged_email_events_equal_but_replies(builds):
    """The staged events are the file's, but for the replies HubSpot has no
    event for; HubSpot's filter flags the same opens."""
    f, n = relation(builds, "f", "stg_email__events"), relation(builds, "n", "stg_email__events")
    unwritable = unwritable_email_events(builds)
    lost = dict(builds.execute(f"select event_type = 'reply', count(*) from (select {STAGED_EMAIL} from {f} "
                               f"except all select {STAGED_EMAIL} from {n}) group by 1").fetchall())
    gained = builds.execute(f"select count(*) from (select {STAGED_EMAIL} from {n} "
                            f"except all select {STAGED_EMAIL} from {f})").fetchone()[0]
    replies = builds.execute(f"select count(*) from {f} where event_type = 'reply'").fetchone()[0]
    assert replies > 0 and lost[True] == replies and gained == 0
    assert lost.get(False, 0) == builds.execute(f"select count(*) from ({unwritable}) as u join {f} using (event_id) "
                                                "where event_type != 'reply'").fetchone()[0]
    assert builds.execute(f"select count(*) from {n} where event_type = 'open' and is_filtered").fetchone()[0] > 0
    # natively every recipient is named by email, never by contact id
    assert builds.execute(f"select count(contact_id), count(*) - count(email_key) from {n}").fetchone() == (0, 0)


def test_email_metrics_have_no_replies(builds):
    """Gap hubspot_email_no_reply: the email marts count no reply natively."""
    sql = "select sum(recipients_replied), sum(recipients_delivered) from {}"
    (files_replied, _), (native_replied, native_delivered) = (
        builds.execute(sql.format(relation(builds, db, "rpt_email_totals_monthly"))).fetchone() for db in ("f", "n"))
    assert files_replied > 0 and native_replied == 0 and native_delivered > 0


def test_email_events_reach_the_same_contacts(builds):
    """The file names most recipients by contact id, HubSpot by address: the
    events reach the same contacts, but where the contact's CRM email is
    missing or invalid (HubSpot could not have mailed it; the demo writes
    the address the CRM file has)."""
    f, n = relation(builds, "f", "int_email_events_identified"), relation(builds, "n", "int_email_events_identified")
    contacts = relation(builds, "f", "stg_crm__contacts")
    differ = builds.execute(f"""
        select count(*), count(*) filter (where c.is_email_valid) from {f} as a join {n} as b using (event_id)
        left join {contacts} as c on a.contact_id = c.contact_id
        where a.contact_id is distinct from b.contact_id""").fetchone()
    assert differ[1] == 0
    by_email = builds.execute(f"select count(*) filter (where contact_resolved_by = 'email'), "
                              f"count(*) filter (where contact_resolved_by = 'contact_id') from {n}").fetchone()
    assert by_email[0] > 0 and by_email[1] == 0


# --- form submissions read from HubSpot too (var forms_source = hubspot) ---

# the HubSpot adapter's form slug, applied to the files' form names
FORM_SLUG = "trim(regexp_replace(lower(form_name), '[^a-z0-9]+', '_', 'g'), '_')"


@pytest.fixture(scope="module")
def form_builds(tmp_path_factory):
    """The demo built from the files and from HubSpot's tables for the CRM and the form submissions."""
    con = attach_builds(files_build(tmp_path_factory), native_build(tmp_path_factory, "hubspot", forms="hubspot"))
    yield con
    con.close()


def form_counts(con, db: str, where: str = "true") -> dict:
    identified = relation(con, db, "int_form_submissions_identified")
    return dict(con.execute(f"select {FORM_SLUG}, count(*) from {identified} where {where} group by 1").fetchall())


def test_form_submissions_of_contacts_equal_per_form(form_builds):
    """The submissions of contacts are the same, per form: HubSpot's form names
    slugify to the files' form names."""
    files, native = form_counts(form_builds, "f", "contact_id is not null"), \
        form_counts(form_builds, "n", "contact_id is not null")
    assert files and files == native
    # the seed form_intents matches the slugs (contact_us, demo_request, ...)
    assert {"contact_us", "demo_request", "ebook_download"} <= set(native)


def test_form_submissions_of_non_contacts_missing(form_builds):
    """HubSpot records contacts' submissions only: the files' submissions that
    resolve to no contact are missing natively, and nothing else."""
    f, n = relation(form_builds, "f", "int_form_submissions_identified"), \
        relation(form_builds, "n", "int_form_submissions_identified")
    without_contact = form_builds.execute(f"select count(*) from {f} where contact_id is null").fetchone()[0]
    assert without_contact > 0
    kept = f"submission_id, contact_id, {FORM_SLUG} as form_name, submitted_at"
    lost = form_builds.execute(f"select count(*) from (select {kept} from {f} where contact_id is not null "
                               f"except all select {kept} from {n})").fetchone()[0]
    gained = form_builds.execute(f"select count(*) from (select {kept} from {n} except all select {kept} from {f} "
                                 "where contact_id is not null)").fetchone()[0]
    assert (lost, gained) == (0, 0)
    assert form_builds.execute(f"select count(*) from {n}").fetchone()[0] \
        == form_builds.execute(f"select count(*) from {f}").fetchone()[0] - without_contact
    # no browser id, no origin, no consent natively
    assert form_builds.execute(f"select count(anonymous_id), count(origin_channel_label), "
                               f"count(*) filter (where has_consent) from {n}").fetchone() == (0, 0, 0)


def test_form_submissions_identify_no_browser(form_builds):
    """Without the browser's cookie id a form identifies no browser: fewer
    browsers belong to a contact (only through identify calls and click
    ids), and those that do are identified in the files build too."""
    f, n = relation(form_builds, "f", "int_browsers_identified"), relation(form_builds, "n", "int_browsers_identified")
    sql = "select count(*) filter (where contact_id is not null), count(*) filter (where resolved_by = 'form_submission') from {}"
    (files_identified, files_by_form), (native_identified, native_by_form) = \
        form_builds.execute(sql.format(f)).fetchone(), form_builds.execute(sql.format(n)).fetchone()
    assert files_by_form > 0 and native_by_form == 0
    assert 0 < native_identified < files_identified
    assert form_builds.execute(f"select count(*) from {n} where contact_id is not null and anonymous_id not in "
                               f"(select anonymous_id from {f} where contact_id is not null)").fetchone()[0] == 0
    # the browsers are those of the page views and ad clicks, the same files
    # (a browser seen on a form submission only is missing natively)
    assert form_builds.execute(f"select count(*) from (select anonymous_id from {n} except select anonymous_id from {f})"
                               ).fetchone()[0] == 0


def test_form_message_is_the_contacts_latest(form_builds):
    """D7: every native submission of a contact carries the contact's one (latest) message."""
    n = relation(form_builds, "n", "stg_web__form_submissions")
    assert form_builds.execute(f"select count(*) from (select email_key from {n} group by 1 "
                               "having count(distinct coalesce(message, '')) > 1)").fetchone()[0] == 0
    f = relation(form_builds, "f", "stg_web__form_submissions")
    assert form_builds.execute(f"select count(*) from (select email_key from {f} group by 1 "
                               "having count(distinct coalesce(message, '')) > 1)").fetchone()[0] > 0


def test_forms_from_hubspot_keep_crm_figures(form_builds):
    """The CRM is the same as in the CRM-only native build: deals, won revenue,
    lifecycle transitions, MQL and SQL counts."""
    for table in ["fct_lead_stage_transitions", "rpt_funnel_monthly"]:
        assert only_in(form_builds, table) == (0, 0)
    sql = "select count(*), count(*) filter (where is_won), sum(amount) filter (where is_won) from {}"
    assert form_builds.execute(sql.format(relation(form_builds, "f", "fct_deals"))).fetchone() \
        == form_builds.execute(sql.format(relation(form_builds, "n", "fct_deals"))).fetchone()
    mqls = "select sum(mqls), sum(sqls) from {}"
    assert form_builds.execute(mqls.format(relation(form_builds, "f", "rpt_mql_to_sql_rates"))).fetchone() \
        == form_builds.execute(mqls.format(relation(form_builds, "n", "rpt_mql_to_sql_rates"))).fetchone()


def test_hubspot_forms_beside_salesforce_crm(tmp_path_factory, form_builds):
    """D19: the CRM of record is Salesforce and the site's forms are HubSpot
    forms. Only HubSpot's contacts, forms and submissions are read (its CRM
    adapters stay disabled); the submissions are those of the HubSpot build
    and reach the same Salesforce contacts' emails."""
    files = files_build(tmp_path_factory)
    # the Salesforce adapters' own tests belong to test_native_salesforce.py
    both = native_build(tmp_path_factory, "salesforce", forms="hubspot",
                        extra_args=("--exclude", "path:models/staging/salesforce,resource_type:test"))
    con = attach_builds(files, both)
    con.execute(f"attach '{form_builds.execute('select path from duckdb_databases() where database_name = ?', ['n']).fetchone()[0]}' "
                "as h (read_only)")
    kept = "submission_id, form_name, submitted_at, email_key, page_url"
    sf, hs = relation(con, "n", "stg_web__form_submissions"), relation(con, "h", "stg_web__form_submissions")
    assert con.execute(f"select count(*) from (select {kept} from {sf} except all select {kept} from {hs})").fetchone()[0] == 0
    assert con.execute(f"select count(*) from (select {kept} from {hs} except all select {kept} from {sf})").fetchone()[0] == 0
    # only the three tables forms need are read from HubSpot: no HubSpot CRM adapter is built
    assert con.execute("select count(*) from information_schema.tables where table_catalog = 'n' "
                       "and table_name like 'native_hubspot__crm_%'").fetchone()[0] == 0
    assert con.execute("select count(*) from information_schema.tables where table_catalog = 'n' "
                       "and table_name = 'native_salesforce__crm_contacts'").fetchone()[0] == 1
    # the submissions reach the Salesforce contacts as they reach the files' contacts
    assert form_counts(con, "n", "contact_id is not null") == form_counts(con, "f", "contact_id is not null")
    con.close()


def test_forms_without_browser_move_touches_and_channels(form_builds):
    """The page views around a HubSpot form are not the contact's, and the form
    touch has no origin, referrer or utm columns: fewer touches and credits
    belong to contacts, more form touches and acquisitions are `direct`;
    each attribution model still allocates the same revenue."""
    sql = {
        "contact_touches": "select count(*) filter (where contact_id is not null) from {fct_touchpoints}",
        "direct_forms": "select count(*) filter (where touch_type = 'form_submission' and channel = 'direct') "
                        "from {fct_touchpoints}",
        "credits": "select count(*) from {fct_attribution_credits}",
        "direct_acquisitions": "select count(*) filter (where acquisition_channel = 'direct') from {dim_contacts}",
    }
    tables = ["fct_touchpoints", "fct_attribution_credits", "dim_contacts"]
    figures = {db: {k: form_builds.execute(q.format(**{t: relation(form_builds, db, t) for t in tables})).fetchone()[0]
                    for k, q in sql.items()} for db in ("f", "n")}
    assert figures["n"]["contact_touches"] < figures["f"]["contact_touches"]
    assert figures["n"]["credits"] < figures["f"]["credits"]
    assert figures["n"]["direct_forms"] > figures["f"]["direct_forms"]
    assert figures["n"]["direct_acquisitions"] > figures["f"]["direct_acquisitions"]
    revenue = "select model, sum(attributed_revenue) from {} group by 1 order by 1"
    assert form_builds.execute(revenue.format(relation(form_builds, "f", "rpt_attribution_by_channel_monthly"))).fetchall() \
        == form_builds.execute(revenue.format(relation(form_builds, "n", "rpt_attribution_by_channel_monthly"))).fetchall()


def test_forms_from_hubspot_are_accounted_and_their_gap_listed(form_builds, tmp_path_factory):
    accounted = accounted_rows(form_builds, "n")
    landed = landed_rows(demo_raw(tmp_path_factory), ["hubspot"])
    assert accounted[("hubspot", "contact_form_submission")] == landed[("hubspot", "contact_form_submission")]
    assert "hubspot_forms_no_browser" in data_gaps(form_builds, "n")
