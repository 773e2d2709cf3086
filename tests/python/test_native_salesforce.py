"""The CRM read natively from Salesforce (var crm_source = salesforce) gives
the marts the CRM files give, wherever Salesforce's tables carry the same
information.

The small demo (scale 0.02) is generated with --native salesforce: the same
company as the contract's files and as Salesforce tables in
<out>/salesforce/ (scripts/native_salesforce_demo.py). It is built from
the files (once per session, shared with test_native_hubspot.py) and from
the Salesforce tables, and the marts are compared. Every difference is
asserted here and tabulated in docs/native-salesforce.md:

- a lead never converted has no account: staging resolves one from the
  email's domain (not for free-mail addresses), and webinar and event
  attendances (campaign members) carry no account;
- merges are resolved in the adapters: a record merged away is not a
  contact, its history belongs to the record kept;
- Salesforce has no lifecycle field: the stages are derived, so a person
  is a `lead` from its creation (contacts created before the data window
  lengthen the month spine), `opportunity` and `customer` come from
  opportunity contact roles, and converting a deal's contact counts as
  `sql` even where the files have no `sql`;
- marketing costs are the campaigns' actual costs: the same as the file.
"""

from __future__ import annotations

import duckdb
import pytest

from conftest import run_dbt
from native_compare import (accounted_rows, attach_builds, data_gaps, demo_raw, differing_columns, files_build,
                            kept_columns, landed_rows, native_build, only_in, relation)

EVENT_TYPES = ("webinar_attended", "event_attended")
# stages derived from Salesforce records rather than read from a status
DERIVED_STAGES = {"lead", "sql", "opportunity", "customer"}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The demo built from the files (shared) and from Salesforce's tables, and the raw folder."""
    native = native_build(tmp_path_factory, "salesforce")
    con = attach_builds(files_build(tmp_path_factory), native)
    con.execute(f"create view sf_contact as select * from read_parquet('{demo_raw(tmp_path_factory) / 'salesforce'}"
                "/contact.parquet')")
    yield con
    con.close()


def test_marts_equal(builds):
    assert only_in(builds, "rpt_conversions_vs_opportunities_monthly") == (0, 0)


@pytest.mark.parametrize("table", ["stg_crm__accounts", "stg_crm__deals", "stg_crm__deal_stage_changes",
                                   "stg_marketing__costs"])
def test_staged_equal(builds, table):
    assert only_in(builds, table) == (0, 0)


def test_staged_contacts_differ_only_in_the_account_of_leads_and_merges(builds):
    """Natively, records merged away are dropped (their history re-keyed to the
    record kept); the files keep them with `merged_into_contact_id`."""
    f, n = relation(builds, "f", "stg_crm__contacts"), relation(builds, "n", "stg_crm__contacts")
    kept = kept_columns(builds, "stg_crm__contacts", {"account_id", "merged_into_contact_id"})
    merged = builds.execute(f"select count(*) from {f} where merged_into_contact_id is not null").fetchone()[0]
    assert merged > 0
    assert builds.execute(f"select count(*) from (select {kept} from {f} where merged_into_contact_id is null "
                          f"except all select {kept} from {n})").fetchone()[0] == 0
    assert builds.execute(f"select count(*) from {n}").fetchone()[0] \
        == builds.execute(f"select count(*) from {f}").fetchone()[0] - merged
    moved = builds.execute(f"select b.account_id is null, b.contact_id in (select id from sf_contact), count(*) "
                           f"from {f} as a join {n} as b using (contact_id) "
                           "where a.account_id is distinct from b.account_id group by all").fetchall()
    # only leads never converted (not Salesforce contacts) lose their account
    assert [(lost, is_contact) for lost, is_contact, _ in moved] == [(True, False)]


def test_activities_differ_only_in_the_account_of_attendances(builds):
    assert only_in(builds, "stg_crm__activities",
                   kept_columns(builds, "stg_crm__activities", {"account_id"})) == (0, 0)
    f, n = relation(builds, "f", "stg_crm__activities"), relation(builds, "n", "stg_crm__activities")
    moved = builds.execute(f"select distinct a.activity_type, b.account_id is null from {f} as a "
                           f"join {n} as b using (activity_id, activity_type, occurred_at) "
                           "where a.account_id is distinct from b.account_id").fetchall()
    assert moved and all(kind in EVENT_TYPES and lost for kind, lost in moved)


def test_lifecycle_differs_only_in_derived_stages(builds):
    f, n = relation(builds, "f", "stg_crm__lifecycle_stage_changes"), \
        relation(builds, "n", "stg_crm__lifecycle_stage_changes")
    cols = "contact_id, lifecycle_stage, changed_at"
    # the files' history of a record merged away, under the record kept
    merges = relation(builds, "f", "int_contacts_merged")
    f = (f"(select coalesce(m.surviving_contact_id, h.contact_id) as contact_id, h.lifecycle_stage, h.changed_at "
         f"from {f} as h left join {merges} as m using (contact_id))")
    lost = {s for (s,) in builds.execute(
        f"select distinct lifecycle_stage from (select {cols} from {f} except all select {cols} from {n})").fetchall()}
    gained = {s for (s,) in builds.execute(
        f"select distinct lifecycle_stage from (select {cols} from {n} except all select {cols} from {f})").fetchall()}
    # opportunity and customer come from contact roles, not from the files' rows
    assert lost <= {"opportunity", "customer"}
    assert "lead" in gained and gained <= DERIVED_STAGES
    # an sql the files lack is a deal's contact converted without one
    deals = relation(builds, "f", "stg_crm__deals")
    stray = builds.execute(f"select count(*) from (select {cols} from {n} except all select {cols} from {f}) "
                           f"where lifecycle_stage = 'sql' and contact_id not in "
                           f"(select primary_contact_id from {deals} where primary_contact_id is not null)").fetchone()
    assert stray == (0,)


def test_won_revenue_and_pipeline_equal(builds):
    sql = "select count(*), count(*) filter (where is_won), sum(amount) filter (where is_won) from {}"
    f, n = relation(builds, "f", "fct_deals"), relation(builds, "n", "fct_deals")
    assert builds.execute(sql.format(f)).fetchone() == builds.execute(sql.format(n)).fetchone()
    assert only_in(builds, "fct_deals", kept_columns(builds, "fct_deals", {"eligible_touchpoint_count"})) == (0, 0)


def test_attribution_allocates_the_same_revenue(builds):
    """Every model allocates the same revenue; only some channels' shares move."""
    sql = "select model, sum(attributed_revenue) from {} group by 1 order by 1"
    f = builds.execute(sql.format(relation(builds, "f", "rpt_attribution_by_channel_monthly"))).fetchall()
    n = builds.execute(sql.format(relation(builds, "n", "rpt_attribution_by_channel_monthly"))).fetchall()
    assert f == n and len(f) > 1


def test_lead_funnel_moves_only_with_conversions(builds):
    """MQLs and SQLs grow by the deal contacts converted without an sql in the files."""
    f, n = relation(builds, "f", "dim_contacts"), relation(builds, "n", "dim_contacts")
    converted = builds.execute(f"select count(*) from {f} as a join {n} as b using (contact_id) "
                               "where a.sql_at is null and b.sql_at is not null").fetchone()[0]
    for table, sql in [("rpt_mql_to_sql_rates", "select sum(mqls), sum(sqls) from {}"),
                       ("rpt_lead_score_calibration", "select sum(contacts), sum(sqls) from {}")]:
        files = builds.execute(sql.format(relation(builds, "f", table))).fetchone()
        native = builds.execute(sql.format(relation(builds, "n", table))).fetchone()
        assert native[1] - files[1] == converted
    assert converted > 0


def test_channel_spend_equal_and_spine_longer(builds):
    cols = "month, channel, spend, ad_spend, marketing_costs, impressions, clicks"
    f, n = relation(builds, "f", "rpt_channel_metrics_monthly"), relation(builds, "n", "rpt_channel_metrics_monthly")
    assert only_in(builds, "rpt_channel_metrics_monthly", cols)[0] == 0
    # the extra rows are months before the files' first month, without spend
    extra = builds.execute(f"select count(*), coalesce(sum(spend), 0), max(month) < (select min(month) from {f}) "
                           f"from (select {cols} from {n} except all select {cols} from {f})").fetchone()
    assert extra[0] > 0 and extra[1] == 0 and extra[2]
    assert only_in(builds, "dim_dates")[0] == 0


def test_touchpoints_differ_only_through_accounts(builds):
    kept = "touchpoint_id, touch_type, channel, occurred_at, contact_id, activity_type"
    assert only_in(builds, "fct_touchpoints", kept) == (0, 0)
    moved = differing_columns(builds, "fct_touchpoints", "touchpoint_id",
                              {"account_id", "account_touch_number", "days_since_account_first_touch"})
    assert "account_id" in moved


def test_every_landed_salesforce_row_is_accounted(builds, tmp_path_factory):
    """stg_audit__native_row_counts: per driving Salesforce table, the
    outcomes add up to the rows of its landed file (counted here), converted
    leads among them."""
    accounted = accounted_rows(builds, "n")
    landed = landed_rows(demo_raw(tmp_path_factory), ["salesforce"])
    assert {table for _, table in accounted} >= {"account", "contact", "lead", "opportunity", "task", "event"}
    assert accounted == {key: landed[key] for key in accounted}
    counts = relation(builds, "n", "stg_audit__native_row_counts")
    assert builds.execute(f"select sum(native_rows) from {counts} where native_table = 'lead' "
                          "and row_outcome = 'converted_lead'").fetchone()[0] > 0


def test_the_setup_lists_what_its_native_data_lacks(builds):
    assert data_gaps(builds, "n") == {"salesforce_lifecycle_derived", "salesforce_costs_not_phased"}


def test_history_mode_versions_are_read_once(builds, tmp_path, tmp_path_factory):
    """Fivetran's History Mode keeps every version of a record: each task and
    campaign landed again as an older version (_fivetran_active false, with
    another completion time or cost) gives the same activities and costs,
    and the accounting counts the old versions as inactive_history_version."""
    raw = demo_raw(tmp_path_factory)
    salesforce = tmp_path / "salesforce"
    salesforce.mkdir()
    older = {"task": "completed_date_time", "campaign": "actual_cost"}
    for parquet in (raw / "salesforce").glob("*.parquet"):
        if parquet.stem in older:
            source = f"read_parquet('{parquet}')"
            changed = f"replace ('2000-01-01T00:00:00Z' as {older[parquet.stem]})"
            duckdb.sql(f"copy (select *, true as _fivetran_active from {source} union all "
                       f"select * {changed}, false as _fivetran_active from {source}) to '{salesforce / parquet.name}'")
        else:
            (salesforce / parquet.name).symlink_to(parquet)
    work = tmp_path / "work"
    run_dbt(["build", "--select", "+stg_crm__activities", "+stg_marketing__costs", "+native_salesforce__row_accounting",
             "--indirect-selection", "cautious", "--exclude-resource-type", "unit_test",
             "--vars", "{crm_source: salesforce}"], raw, work,
            extra_env={"SALESFORCE_DATA_DIR": str(salesforce)}, check=True)
    builds.execute(f"attach '{work / 'dev.duckdb'}' as h (read_only)")
    try:
        for table in ("stg_crm__activities", "stg_marketing__costs"):
            columns = kept_columns(builds, table, set())
            one, two = relation(builds, "n", table), relation(builds, "h", table)
            for a, b in ((one, two), (two, one)):
                assert builds.execute(f"select count(*) from (select {columns} from {a} "
                                      f"except all select {columns} from {b})").fetchone()[0] == 0, table
        inactive = dict(builds.execute("select native_table, native_rows from h.staging.native_salesforce__row_accounting "
                                       "where row_outcome = 'inactive_history_version'").fetchall())
    finally:
        builds.execute("detach h")
    landed = landed_rows(raw, ["salesforce"])
    assert inactive == {"task": landed[("salesforce", "task")], "campaign": landed[("salesforce", "campaign")]}


def test_missing_table_and_column_stop_the_build(tmp_path, tmp_path_factory):
    raw = native_raw = demo_raw(tmp_path_factory)
    salesforce = tmp_path / "salesforce"
    salesforce.mkdir()
    for parquet in (native_raw / "salesforce").glob("*.parquet"):
        if parquet.stem not in ("opportunity_history", "lead_history"):
            (salesforce / parquet.name).symlink_to(parquet)
    (salesforce / "lead.parquet").unlink()
    con = duckdb.connect()
    con.execute(f"copy (select * exclude (email) from read_parquet('{native_raw / 'salesforce' / 'lead.parquet'}')) "
                f"to '{salesforce / 'lead.parquet'}'")
    # lead_history is optional (field history tracking), opportunity_history is not
    result = run_dbt(["seed", "--select", "salesforce_opportunity_types", "--vars", "{crm_source: salesforce}"], raw,
                     tmp_path / "work", extra_env={"SALESFORCE_DATA_DIR": str(salesforce)})
    assert result.returncode != 0
    out = result.stdout
    assert "Salesforce tables not as expected" in out
    assert "opportunity_history.csv (or .parquet)" in out and "missing column: 'email'" in out
    assert "lead_history" not in out
