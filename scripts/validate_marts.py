#!/usr/bin/env python3
"""Validate the marts against an independent recomputation from staging.

The dbt models compute every figure in SQL. This script recomputes the key
figures again, in plain Python (pandas), from the STAGING tables and the
seeds only (never from intermediate models; the email marts from the raw
file itself), following the definitions of
docs/metrics.md, and compares them with the marts. It also checks the
marts contract of docs/marts.md section 4 (every table and column present, grains
unique) and privacy (no raw email, phone, person name or form message in
schema `marts`).

Usage::

    python scripts/validate_marts.py [--duckdb PATH] [--reporting-currency USD]
        [--new-business-pipelines new_business] [--raw-dir DIR]

PATH defaults to $DBT_DUCKDB_PATH, else build/revenue.duckdb. The database is
opened read-only. The two options repeat the dbt vars the marts were built
with (`reporting_currency`, `funnel_deal_pipelines`); the defaults are the
project's. The script prints one line per check (what matched and
what did not), then the first differing rows of every failed check, and
exits 1 when anything does not match (2 when the database is missing).

What is recomputed, and from what:
- stage timestamps per contact from stg_crm__lifecycle_stage_changes with
  back-fill (a stage's time is the earliest change into it or any later
  stage); deleted contacts, and stage changes of contact ids absent from the
  contacts export, count nowhere; a merged-away contact's changes are its
  survivor's (its chain followed here in Python), or nobody's when the chain
  ends nowhere usable;
- the data's as-of time (latest staged event time) and the month spine;
- rpt_mql_to_sql_rates (cohort sizes, SQLs, windowed SQLs, maturity);
- rpt_funnel_monthly (leads, MQLs, SQLs, opportunities, customers reached
  per month, lead velocity rate, months without holes up to the as-of month);
- deals won and lost per month (non-deleted deals of the new-business
  pipelines, status from the canonical stage, closed when the stage history
  entered its final closed stage, else at the close date), against
  rpt_funnel_monthly and the channel split of rpt_channel_metrics_monthly;
- rpt_channel_metrics_monthly: spend, impressions, clicks, CTR, CPC (ad
  spend from stg_ads__performance_daily with the channel rules of seed
  channel_rules applied per platform and campaign, marketing costs from
  stg_marketing__costs, both converted with seed currency_rates at the
  month's rate), leads, MQLs, SQLs, opportunities and the MQL-to-SQL rate per
  acquisition channel, one row per month and channel;
- rpt_campaign_metrics_monthly: spend, impressions, clicks, latest campaign
  name and channel per campaign and month;
- the spend column of rpt_attribution_by_channel_monthly, with its ROAS and
  ROI;
- the null rule (docs/metrics.md#ratios-money-and-nulls), written here in pandas, independently of the
  dbt macro `safe_ratio`: spend is null for a channel (campaign) without any
  cost source, i.e. no ad platform report row (campaign) and no marketing
  cost line mapped to it in any month, and 0 in a month without a row for
  one that has a cost source; every ratio (CTR, CPC, CPL, cost per MQL/SQL,
  CAC, ROAS, ROI) is null when its numerator or denominator is null or its
  denominator is 0. The denominators the script does not recompute (new
  customers for CAC, campaign leads for campaign CPL, attributed revenue for
  ROAS and ROI) are read from the mart row being checked;
- `is_partial_month` of every monthly mart: true exactly when the month's
  end is after the as-of time.
- rpt_email_metrics_monthly and rpt_email_totals_monthly, from the raw
  email_events file itself (DIR: --raw-dir, else $RAW_DATA_DIR, else
  build/demo_data), seed email_machine_agents and the vars of
  dbt_project.yml (see scripts/mart_checks/check_email.py); skipped, saying
  so, when the folder has no such file;
- the current RFM scores and segment of dim_contacts and dim_accounts
  (recency, frequency, monetary, quintile scores, segment of seed
  rfm_segments), from the marts fct_touchpoints, fct_deals and dim_contacts
  (see scripts/mart_checks/check_rfm.py), spam or test forms recognised
  from staging and seed form_spam_markers.

One input is taken from a mart on purpose: a contact's acquisition channel
(dim_contacts.acquisition_channel). It is an identity rule (touchpoint
stitching across browsers, forms and clicks) whose recomputation would
duplicate the touchpoint models rather than check them; every count that
depends on it is still recomputed here.

This file is the entry point: the command line and MARTS_CONTRACT (kept here
because docs/marts.md cites it here and tests/python/test_doc_references.py
reads it from this file). The inputs, checks and report are in the package
scripts/mart_checks/ next to it, one job per module.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the mart_checks package next to this file
from mart_checks.report import print_report  # noqa: E402
from mart_checks.validator import Validator  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# docs/marts.md section 4, kept literally: mart -> (grain, required columns).
MARTS_CONTRACT: dict[str, tuple[list[str], list[str]]] = {
    "dim_accounts": (
        ["account_id"],
        ["account_name", "website_domain", "industry", "employee_count", "country", "first_touch_at",
         "first_touch_channel", "touchpoint_count", "lifecycle_stage"],
    ),
    "dim_contacts": (
        ["contact_id"],
        ["account_id", "email_hash", "lead_at", "mql_at", "sql_at", "opportunity_at", "customer_at",
         "acquisition_channel", "lead_score", "lead_grade"],
    ),
    "fct_touchpoints": (
        ["touchpoint_id"],
        ["account_id", "contact_id", "anonymous_id", "touch_type", "touch_category", "channel", "source",
         "campaign", "occurred_at", "account_touch_number", "days_since_account_first_touch"],
    ),
    "fct_lead_stage_transitions": (
        ["contact_id", "changed_at", "to_stage"],
        ["from_stage", "direction", "days_since_previous_change"],
    ),
    "fct_deals": (
        ["deal_id"],
        ["account_id", "pipeline", "amount", "original_amount", "original_currency", "is_won", "is_closed",
         "created_at", "closed_at", "days_to_close", "eligible_touchpoint_count"],
    ),
    "fct_attribution_credits": (
        ["credit_id"],
        ["deal_id", "model", "touchpoint_id", "channel", "campaign", "touch_month", "credit", "pipeline_credit",
         "revenue_credit"],
    ),
    "rpt_mql_to_sql_rates": (
        ["cohort_month", "acquisition_channel"],
        ["mqls", "sqls", "mql_to_sql_rate", "sqls_within_30d", "sqls_within_60d", "sqls_within_90d",
         "mql_to_sql_rate_30d", "mql_to_sql_rate_60d", "mql_to_sql_rate_90d"],
    ),
    "rpt_funnel_monthly": (
        ["month"],
        ["leads", "mqls", "sqls", "opportunities", "customers", "lead_velocity_rate_pct", "nurtured_sql_share",
         "median_days_lead_to_mql", "median_days_mql_to_sql", "median_days_sql_to_opportunity",
         "median_days_opportunity_to_customer", "deals_won", "deals_lost", "win_rate", "average_won_deal_size",
         "median_days_deal_created_to_closed", "pipeline_velocity"],
    ),
    "rpt_channel_metrics_monthly": (
        ["month", "channel"],
        ["spend", "impressions", "clicks", "ctr", "cpc", "visitors", "visit_to_lead_rate", "leads", "mqls", "sqls",
         "mql_to_sql_rate", "opportunities", "won_deals", "new_customers", "cpl", "cost_per_mql", "cost_per_sql",
         "cac"],
    ),
    "rpt_campaign_metrics_monthly": (
        ["month", "platform", "campaign_id"],
        ["campaign_name", "channel", "spend", "impressions", "clicks", "ctr", "cpc", "leads"],
    ),
    "rpt_email_metrics_monthly": (
        ["month", "campaign_id"],
        ["campaign_name", "recipients_sent", "recipients_delivered", "recipients_bounced", "unique_openers",
         "unique_clickers", "recipients_replied", "recipients_unsubscribed", "recipients_spam_reported",
         "machine_opens", "machine_clicks", "delivery_rate", "open_rate", "click_rate", "click_to_open_rate",
         "reply_rate", "unsubscribe_rate", "spam_rate", "bounce_rate"],
    ),
    "rpt_email_totals_monthly": (
        ["month"],
        ["recipients_sent", "recipients_delivered", "recipients_bounced", "unique_openers", "unique_clickers",
         "recipients_replied", "recipients_unsubscribed", "recipients_spam_reported", "machine_opens",
         "machine_clicks", "delivery_rate", "open_rate", "click_rate", "click_to_open_rate", "reply_rate",
         "unsubscribe_rate", "spam_rate", "bounce_rate"],
    ),
    "rpt_attribution_by_channel_monthly": (
        ["month", "channel", "model"],
        ["attributed_pipeline", "attributed_revenue", "credited_deals", "spend", "roas", "roi_pct", "is_immature"],
    ),
    "rpt_markov_removal_effects": (
        ["channel"],
        ["removal_effect", "attribution_share", "converting_journeys", "null_journeys"],
    ),
    "rpt_conversions_vs_opportunities_monthly": (
        ["month", "channel"],
        ["form_submissions", "sales_requests", "content_conversions", "spam_or_test", "unknown_intent",
         "genuine_opportunity_share"],
    ),
    "rpt_lead_score_calibration": (
        ["score_decile"],
        ["contacts", "sqls", "sql_rate", "min_score", "max_score"],
    ),
    "rpt_lead_score_separation": (
        ["score_variant"],
        ["mqls", "sqls", "non_sqls", "auc"],
    ),
    "rpt_bant_conversion_rates": (
        ["bant_count"],
        ["mqls", "sqls", "mql_to_sql_rate", "mqls_with_budget", "mqls_with_authority", "mqls_with_need",
         "mqls_with_timeline"],
    ),
    "rpt_rfm_segments": (
        ["segment"],
        ["recency_level", "frequency_level", "monetary_level", "contacts", "accounts", "mqls", "sqls",
         "mql_to_sql_rate"],
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", type=Path,
                        default=Path(os.environ.get("DBT_DUCKDB_PATH") or ROOT / "build" / "revenue.duckdb"),
                        help="DuckDB file built by dbt (default: $DBT_DUCKDB_PATH, else build/revenue.duckdb)")
    parser.add_argument("--reporting-currency", default=os.environ.get("REPORTING_CURRENCY", "USD"),
                        help="the reporting_currency var the marts were built with (default USD)")
    parser.add_argument("--performance-max-channel", default="paid_search",
                        help="channel of Performance Max campaigns (the dbt var performance_max_channel)")
    parser.add_argument("--raw-dir", type=Path,
                        default=Path(os.environ.get("RAW_DATA_DIR") or ROOT / "build" / "demo_data"),
                        help="folder of the raw files the marts were built from, for the checks that read them "
                             "(email events; default: $RAW_DATA_DIR, else build/demo_data; relative to the project)")
    parser.add_argument("--new-business-pipelines",
                        default=os.environ.get("NEW_BUSINESS_PIPELINES", "new_business"),
                        help="comma-separated pipelines of the funnel_deal_pipelines var (default new_business)")
    args = parser.parse_args(argv)
    if not args.duckdb.exists():
        print(f"DuckDB file not found: {args.duckdb} (run `make build` first)", file=sys.stderr)
        return 2
    validator = Validator(args.duckdb, args.reporting_currency, tuple(args.new_business_pipelines.split(",")),
                          performance_max_channel=args.performance_max_channel, contract=MARTS_CONTRACT,
                          raw_dir=args.raw_dir if args.raw_dir.is_absolute() else ROOT / args.raw_dir)
    results = validator.run()
    print_report(args.duckdb, validator, results)
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
