#!/usr/bin/env python3
"""Write the demo company's CRM also in the shape Fivetran's HubSpot
connector lands it (docs/native-hubspot.md).

The HubSpot tables are derived from the CRM contract files the generator
just wrote (same world, same rows, same ids), one Parquet file per native
table in <out>/hubspot/. Values stay the text the contract files hold
(including their deliberate mess: case, spaces, boolean spellings), so a
build from either shape differs only where the shapes differ:

- lifecycle stages become HubSpot's internal values
  (`marketingqualifiedlead`, ...); `disqualified` becomes the lead status
  UNQUALIFIED;
- deal stages become the default pipeline's stage ids (labels in
  `deal_pipeline_stage`), pipelines become three HubSpot pipelines and the
  deal type;
- lead sources become HubSpot's Original Source enum: values outside it
  (outbound, events, imports, ...) become OFFLINE;
- webinar and event attendance has no HubSpot engagement: not written;
- form submissions become `contact_form_submission` and `form`, for the
  submissions of contacts only, and the contacts' company and message
  properties are the latest they gave in a form (scripts/native_hubspot_forms.py);
- email events (when the folder has an email_events file) become
  `email_event` and its click, open and status change records and
  `email_campaign`, without replies (HubSpot has no reply event) and with
  the events HubSpot logs that the contract has no type for, such as
  PROCESSED and DROPPED (scripts/native_hubspot_email.py);
- contract lines the file reader cannot read, and rows whose type or stage
  cannot be translated, are not written.

Usage: python scripts/native_hubspot_demo.py --out <folder of contract files>
(the generator calls it with --native hubspot).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from native_hubspot_email import QUERIES as EMAIL_QUERIES, create_email_views
from native_hubspot_forms import QUERIES as FORM_QUERIES, create_form_views

CRM_TABLES = ["crm_accounts", "crm_contacts", "crm_lifecycle_stage_changes", "crm_deals",
              "crm_deal_stage_changes", "crm_activities"]

# HubSpot's Original Source values (hs_analytics_source)
ANALYTICS_SOURCES = {
    "organic search": "ORGANIC_SEARCH", "paid search": "PAID_SEARCH", "email marketing": "EMAIL_MARKETING",
    "social media": "SOCIAL_MEDIA", "referrals": "REFERRALS", "other campaigns": "OTHER_CAMPAIGNS",
    "direct traffic": "DIRECT_TRAFFIC", "offline sources": "OFFLINE", "paid social": "PAID_SOCIAL",
}
LIFECYCLE_VALUES = {
    "subscriber": "subscriber", "lead": "lead", "mql": "marketingqualifiedlead",
    "marketing qualified lead": "marketingqualifiedlead", "marketingqualifiedlead": "marketingqualifiedlead",
    "sql": "salesqualifiedlead", "sales qualified lead": "salesqualifiedlead",
    "salesqualifiedlead": "salesqualifiedlead", "opportunity": "opportunity", "customer": "customer",
}
# contract stage -> HubSpot default pipeline stage id
STAGE_IDS = {
    "discovery": "appointmentscheduled", "demo": "presentationscheduled", "proposal": "decisionmakerboughtin",
    "negotiation": "contractsent", "closed_won": "closedwon", "closed won": "closedwon", "closedwon": "closedwon",
    "closed_lost": "closedlost", "closed lost": "closedlost", "closedlost": "closedlost",
}
STAGES = [  # stage_id, label, display_order, probability, closed_won, is_closed
    ("appointmentscheduled", "Appointment Scheduled", 0, "0.2", "false", "false"),
    ("qualifiedtobuy", "Qualified To Buy", 1, "0.4", "false", "false"),
    ("presentationscheduled", "Presentation Scheduled", 2, "0.6", "false", "false"),
    ("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8", "false", "false"),
    ("contractsent", "Contract Sent", 4, "0.9", "false", "false"),
    ("closedwon", "Closed Won", 5, "1.0", "true", "true"),
    ("closedlost", "Closed Lost", 6, "0.0", "false", "true"),
]
PIPELINES = [("default", "Sales Pipeline"), ("renewals", "Renewals"), ("expansion", "Expansion")]
ENGAGEMENT_TYPES = {"call": "CALL", "email": "EMAIL", "meeting": "MEETING"}


def _case(expr: str, mapping: dict[str, str], default: str) -> str:
    whens = " ".join(f"when '{k}' then '{v}'" for k, v in mapping.items())
    return f"case lower(trim({expr})) {whens} else {default} end"


def _reader(folder: Path, table: str) -> str:
    csv = folder / f"{table}.csv"
    if csv.exists():
        path = str(csv).replace("'", "''")
        return (f"read_csv('{path}', header = true, all_varchar = true, ignore_errors = true, "
                f"delim = ',', quote = '\"', escape = '\"', max_line_size = 67108864)")
    parquet = folder / f"{table}.parquet"
    path = str(parquet / "*.parquet" if parquet.is_dir() else parquet).replace("'", "''")
    return f"read_parquet('{path}')"


def native_queries(with_email: bool = False) -> dict[str, str]:
    """The SQL of each HubSpot table, reading the contract views c_<table>
    (the email tables too when with_email)."""
    stage_id = _case("deal_stage", STAGE_IDS, "deal_stage")
    values = ", ".join(f"('{s}', 'default', '{label}', '{order}', '{p}', '{won}', '{closed}')"
                       for s, label, order, p, won, closed in STAGES)
    pipelines = ", ".join(f"('{i}', '{label}')" for i, label in PIPELINES)
    q = {
        "company": """
            with survivors as (
                select trim(merged_into_account_id) as survivor_id, string_agg(account_id, ';' order by account_id) as ids
                from c_crm_accounts where merged_into_account_id is not null group by 1
            )
            select account_id as id, account_name as property_name, website_domain as property_domain,
                industry as property_industry, employee_count as property_numberofemployees,
                country as property_country, created_at as property_createdate, survivors.ids as property_hs_merged_object_ids,
                is_deleted
            from c_crm_accounts left join survivors on trim(c_crm_accounts.account_id) = survivors.survivor_id""",
        # HubSpot lists every id merged into a contact on the final survivor
        "contact": f"""
            with recursive chains(contact_id, survivor_id, depth) as (
                select trim(contact_id), trim(merged_into_contact_id), 1 from c_crm_contacts
                where nullif(trim(merged_into_contact_id), '') is not null
                union all
                select chains.contact_id, trim(c.merged_into_contact_id), chains.depth + 1
                from chains join c_crm_contacts as c on trim(c.contact_id) = chains.survivor_id
                where nullif(trim(c.merged_into_contact_id), '') is not null and chains.depth < 20
            ),
            final_survivors as (
                select contact_id, arg_max(survivor_id, depth) as survivor_id from chains group by 1
            ),
            survivors as (
                select survivor_id, string_agg(contact_id, ';' order by contact_id) as ids
                from final_survivors group by 1
            )
            select c_crm_contacts.contact_id as id, account_id as property_associatedcompanyid,
                email as property_email,
                first_name as property_firstname, last_name as property_lastname, job_title as property_jobtitle,
                phone as property_phone,
                form_properties.property_company, form_properties.property_message,
                case when lead_source is not null then {_case('lead_source', ANALYTICS_SOURCES, "'OFFLINE'")} end
                    as property_hs_analytics_source,
                created_at as property_createdate, survivors.ids as property_hs_merged_object_ids,
                is_deleted as _fivetran_deleted
            from c_crm_contacts left join survivors on trim(c_crm_contacts.contact_id) = survivors.survivor_id
            left join hs_contact_form_properties as form_properties
                on c_crm_contacts.contact_id = form_properties.contact_id""",
        "contact_property_history": f"""
            select contact_id,
                case when lower(trim(lifecycle_stage)) = 'disqualified' then 'hs_lead_status' else 'lifecyclestage' end as name,
                case when lower(trim(lifecycle_stage)) = 'disqualified' then 'UNQUALIFIED'
                    else {_case('lifecycle_stage', LIFECYCLE_VALUES, 'lifecycle_stage')} end as value,
                changed_at as "timestamp", 'CRM_UI' as source
            from c_crm_lifecycle_stage_changes""",
        "deal_pipeline": f"select * from (values {pipelines}) as p(pipeline_id, label)",
        "deal_pipeline_stage": f"""select * from (values {values})
            as s(stage_id, pipeline_id, label, display_order, probability, closed_won, is_closed)""",
        "deal": f"""
            select deal_id,
                case lower(trim(pipeline)) when 'renewal' then 'renewals' when 'expansion' then 'expansion'
                    else 'default' end as deal_pipeline_id,
                {stage_id} as deal_pipeline_stage_id,
                deal_name as property_dealname,
                case lower(trim(pipeline)) when 'new_business' then 'newbusiness'
                    when 'renewal' then 'existingbusiness' when 'expansion' then 'existingbusiness'
                    else lower(trim(pipeline)) end as property_dealtype,
                amount as property_amount, currency as property_deal_currency_code,
                created_at as property_createdate,
                -- HubSpot keeps one close date: the expected one while the deal is open
                coalesce(close_date, expected_close_date) as property_closedate,
                is_closed as property_hs_is_closed, is_won as property_hs_is_closed_won, is_deleted
            from c_crm_deals""",
        "deal_company": """select deal_id, account_id as company_id, '5' as type_id
            from c_crm_deals where account_id is not null""",
        "deal_contact": """select deal_id, primary_contact_id as contact_id
            from c_crm_deals where primary_contact_id is not null""",
        "deal_stage": f"""select deal_id, {stage_id} as value, entered_at as date_entered,
            'CRM_UI' as source from c_crm_deal_stage_changes""",
        "engagement": f"""select distinct activity_id as id,
                {_case('activity_type', ENGAGEMENT_TYPES, 'null')} as type, 'false' as _fivetran_deleted
            from c_crm_activities where lower(trim(activity_type)) in ('call', 'email', 'meeting')""",
        "engagement_contact": """select distinct activity_id as engagement_id, contact_id from c_crm_activities
            where contact_id is not null and lower(trim(activity_type)) in ('call', 'email', 'meeting')""",
        "engagement_company": """select distinct activity_id as engagement_id, account_id as company_id from c_crm_activities
            where account_id is not null and lower(trim(activity_type)) in ('call', 'email', 'meeting')""",
    }
    for kind in ENGAGEMENT_TYPES:
        q[f"engagement_{kind}"] = f"""select distinct activity_id as engagement_id,
                occurred_at as property_hs_timestamp, 'false' as _fivetran_deleted
            from c_crm_activities where lower(trim(activity_type)) = '{kind}'"""
    q.update(FORM_QUERIES)
    if with_email:
        q.update(EMAIL_QUERIES)
    return q


def write_native_hubspot(contract_dir: Path, out_dir: Path | None = None) -> dict[str, int]:
    """Write <out_dir>/<native_table>.parquet from the contract CRM files; return row counts."""
    out_dir = out_dir or contract_dir / "hubspot"
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for table in CRM_TABLES:
        con.execute(f"create view c_{table} as select * from {_reader(contract_dir, table)}")
    create_form_views(con, lambda table: _reader(contract_dir, table))
    with_email = create_email_views(con, lambda table: _reader(contract_dir, table))
    counts = {}
    for name, sql in native_queries(with_email).items():
        target = str(out_dir / f"{name}.parquet").replace("'", "''")
        con.execute(f"copy ({sql}) to '{target}' (format parquet)")
        counts[name] = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
    con.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="folder holding the contract's crm_* files")
    ap.add_argument("--native-out", type=Path, default=None, help="output folder (default <out>/hubspot)")
    args = ap.parse_args()
    counts = write_native_hubspot(args.out, args.native_out)
    print(f"HubSpot tables: {sum(counts.values()):,} rows in {len(counts)} tables written to "
          f"{args.native_out or args.out / 'hubspot'}")


if __name__ == "__main__":
    main()
