#!/usr/bin/env python3
"""Write the demo company's CRM also in the shape Fivetran's Salesforce
connector lands it (docs/native-salesforce.md).

The Salesforce tables are derived from the contract files the generator
just wrote (same world, same ids where Salesforce keeps them), one Parquet
file per native table in <out>/salesforce/. Values stay the text the
contract files hold (with their deliberate mess), translated where
Salesforce's shape forces it:

- people: a contact that reached `sql` or is a deal's primary contact is a
  lead converted into a contact (the contact keeps the contract id, the
  lead gets `00Q` + that id), converted at its first `sql` change (else
  when its first deal was created); every other contact is a lead never
  converted (the contract id, no account);
- lifecycle: the contract's changes become Lead Status changes in
  `lead_history` (`Open - Not Contacted`, `Marketing Qualified`,
  `Closed - Converted`, `Closed - Not Converted`, `Subscriber`), but for
  `lead` at the lead's creation (Salesforce records no status change
  then) and `opportunity` and `customer` (Salesforce derives them from
  opportunity contact roles);
- deals: opportunities with Salesforce's default stage labels and the
  types `New Customer`, `Existing Customer - Renewal` and
  `Existing Customer - Upgrade`; the primary contact as the primary
  contact role; an open opportunity carries an expected close date;
  stage changes in `opportunity_history`, with an amount change in the
  same stage after each deal's first stage (a row the adapter collapses);
- activities: calls and emails as completed tasks, meetings as events,
  webinar and event attendance as responded members of monthly Webinar
  and Conference campaigns (a lead's before its conversion);
- marketing costs: one campaign per cost line (type from the channel),
  its actual cost in its start month;
- merged accounts and people: deleted with `master_record_id` (the demo
  lets a lead name a contact as its master, which Salesforce would do by
  converting the lead into that contact).

Usage: python scripts/native_salesforce_demo.py --out <folder of contract files>
(the generator calls it with --native salesforce).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from native_hubspot_demo import CRM_TABLES, _case, _reader

# contract lifecycle stage -> Lead Status label (None: not a lead status)
LEAD_STATUSES = {
    "subscriber": "Subscriber", "lead": "Open - Not Contacted", "mql": "Marketing Qualified",
    "sql": "Closed - Converted", "disqualified": "Closed - Not Converted",
}
STAGE_NAMES = {
    "discovery": "Qualification", "demo": "Value Proposition", "proposal": "Proposal/Price Quote",
    "negotiation": "Negotiation/Review", "closed_won": "Closed Won", "closed won": "Closed Won",
    "closed_lost": "Closed Lost", "closed lost": "Closed Lost",
}
OPPORTUNITY_TYPES = {
    "new_business": "New Customer", "renewal": "Existing Customer - Renewal",
    "expansion": "Existing Customer - Upgrade",
}
COST_CAMPAIGN_TYPES = {"events": "Conference", "email": "Email", "organic_social": "Social Media"}
ATTENDANCE_TYPES = {"webinar_attended": "Webinar", "event_attended": "Conference"}
SQL_ALIASES = ("sql", "sales qualified lead", "salesqualifiedlead")


def setup_sql(has_contact_merges: bool) -> list[str]:
    """Helper views over the contract views c_<table>: who is converted, and when, and merged."""
    stage = "lower(trim(lifecycle_stage))"
    merged = "nullif(trim(merged_into_contact_id), '')" if has_contact_merges else "null"
    return [
        f"""create view merges as select contact_id, {merged} as merged_into from c_crm_contacts
            where {merged} is not null""",
        f"""create view first_sql as select contact_id, min(changed_at) as sql_at
            from c_crm_lifecycle_stage_changes where {stage} in {SQL_ALIASES} group by 1""",
        """create view first_deal as select primary_contact_id as contact_id, min(created_at) as deal_at
            from c_crm_deals where primary_contact_id is not null group by 1""",
        """create view people as select c.*,
                coalesce(s.sql_at, d.deal_at) as converted_at, m.merged_into,
                coalesce(s.sql_at, d.deal_at) is not null as is_converted
            from c_crm_contacts as c
            left join first_sql as s using (contact_id) left join first_deal as d using (contact_id)
            left join merges as m using (contact_id)""",
    ]


def native_queries() -> dict[str, str]:
    """The SQL of each Salesforce table, reading the contract views and setup_sql's views."""
    status = _case("lifecycle_stage", LEAD_STATUSES, "null")
    stage_name = _case("deal_stage", STAGE_NAMES, "deal_stage")
    opp_type = _case("pipeline", OPPORTUNITY_TYPES, "pipeline")
    cost_type = _case("channel", COST_CAMPAIGN_TYPES, "'Other'")
    attendance = ", ".join(f"'{k}'" for k in ATTENDANCE_TYPES)
    return {
        "account": """
            select account_id as id, account_name as name, website_domain as website, industry,
                employee_count as number_of_employees, country as billing_country_code, created_at as created_date,
                is_deleted, merged_into_account_id as master_record_id, 'false' as _fivetran_deleted
            from c_crm_accounts""",
        "lead": """
            select case when is_converted then '00Q' || contact_id else contact_id end as id,
                email, first_name, last_name, job_title as title, phone, lead_source, created_at as created_date,
                case when merged_into is not null and not is_converted then 'true' else is_deleted end as is_deleted,
                case when not is_converted then merged_into end as master_record_id,
                cast(is_converted as varchar) as is_converted,
                case when is_converted then contact_id end as converted_contact_id,
                case when is_converted then account_id end as converted_account_id,
                case when is_converted then substring(converted_at, 1, 10) end as converted_date
            from people""",
        "contact": """
            select contact_id as id, account_id, email, first_name, last_name, job_title as title, phone,
                lead_source, created_at as created_date,
                case when merged_into is not null then 'true' else is_deleted end as is_deleted,
                merged_into as master_record_id
            from people where is_converted""",
        "lead_history": f"""
            select case when p.is_converted then '00Q' || h.contact_id else h.contact_id end as lead_id,
                'Status' as field, {status} as new_value, h.changed_at as created_date, 'false' as is_deleted
            from c_crm_lifecycle_stage_changes as h join people as p using (contact_id)
            where {status} is not null
                and not (lower(trim(h.lifecycle_stage)) = 'lead' and h.changed_at = p.created_at)""",
        "opportunity": f"""
            select deal_id as id, account_id, deal_name as name, {opp_type} as type, amount,
                currency as currency_iso_code, created_at as created_date,
                coalesce(close_date, expected_close_date, '2027-03-31') as close_date, {stage_name} as stage_name,
                is_closed, is_won, is_deleted
            from c_crm_deals""",
        "opportunity_contact_role": """
            select '00K' || deal_id as id, deal_id as opportunity_id, primary_contact_id as contact_id,
                'true' as is_primary, created_at as created_date, 'false' as is_deleted
            from c_crm_deals where primary_contact_id is not null""",
        "opportunity_history": f"""
            select deal_id as opportunity_id, {stage_name} as stage_name, entered_at as created_date,
                'false' as is_deleted
            from c_crm_deal_stage_changes
            union all
            select deal_id, {stage_name}, strftime(try_cast(entered_at as timestamp) + interval 1 minute,
                '%Y-%m-%dT%H:%M:%SZ'), 'false'
            from (select *, row_number() over (partition by deal_id order by entered_at) as n
                  from c_crm_deal_stage_changes) where n = 1 and try_cast(entered_at as timestamp) is not null""",
        "task": """
            select distinct activity_id as id, contact_id as who_id, account_id,
                case lower(trim(activity_type)) when 'call' then 'Call' else 'Email' end as type,
                case lower(trim(activity_type)) when 'call' then 'Call' else 'Email' end as task_subtype,
                'true' as is_closed, occurred_at as completed_date_time, occurred_at as created_date,
                'false' as is_deleted
            from c_crm_activities where lower(trim(activity_type)) in ('call', 'email')""",
        "event": """
            select distinct activity_id as id, contact_id as who_id, account_id,
                occurred_at as start_date_time, occurred_at as created_date, 'false' as is_deleted
            from c_crm_activities where lower(trim(activity_type)) = 'meeting'""",
        "campaign": f"""
            select distinct '701' || lower(trim(activity_type)) || substring(occurred_at, 1, 7) as id,
                {_case('activity_type', ATTENDANCE_TYPES, 'null')} || ' ' || substring(occurred_at, 1, 7) as name,
                {_case('activity_type', ATTENDANCE_TYPES, 'null')} as type,
                substring(occurred_at, 1, 7) || '-01' as start_date, null as actual_cost,
                null as currency_iso_code, 'false' as is_deleted
            from c_crm_activities where lower(trim(activity_type)) in ({attendance})
            union all
            select '701cost' || row_number() over (order by cost_month, channel, campaign, cost),
                campaign, {cost_type}, cost_month, cost, currency, 'false'
            from c_marketing_costs""",
        "campaign_member": f"""
            select distinct a.activity_id as id,
                '701' || lower(trim(a.activity_type)) || substring(a.occurred_at, 1, 7) as campaign_id,
                case when p.is_converted and a.occurred_at >= p.converted_at then a.contact_id end as contact_id,
                case when p.is_converted and a.occurred_at >= p.converted_at then null
                    when p.is_converted then '00Q' || a.contact_id else a.contact_id end as lead_id,
                'true' as has_responded, substring(a.occurred_at, 1, 10) as first_responded_date,
                a.occurred_at as created_date, 'false' as is_deleted
            from c_crm_activities as a left join people as p using (contact_id)
            where lower(trim(a.activity_type)) in ({attendance})""",
    }


def write_native_salesforce(contract_dir: Path, out_dir: Path | None = None) -> dict[str, int]:
    """Write <out_dir>/<native_table>.parquet from the contract files; return row counts."""
    out_dir = out_dir or contract_dir / "salesforce"
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for table in [*CRM_TABLES, "marketing_costs"]:
        con.execute(f"create view c_{table} as select * from {_reader(contract_dir, table)}")
    header = [column[0] for column in con.execute("select * from c_crm_contacts limit 0").description]
    for sql in setup_sql("merged_into_contact_id" in header):
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
    ap.add_argument("--out", required=True, type=Path, help="folder holding the contract's files")
    ap.add_argument("--native-out", type=Path, default=None, help="output folder (default <out>/salesforce)")
    args = ap.parse_args()
    counts = write_native_salesforce(args.out, args.native_out)
    print(f"Salesforce tables: {sum(counts.values()):,} rows in {len(counts)} tables written to "
          f"{args.native_out or args.out / 'salesforce'}")


if __name__ == "__main__":
    main()
