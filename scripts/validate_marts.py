#!/usr/bin/env python3
"""Validate the marts against an independent recomputation from staging.

The dbt models compute every figure in SQL. This script recomputes the key
figures again, in plain Python (pandas), from the STAGING tables and the
seeds only (never from intermediate models), following the definitions of
docs/metrics.md, and compares them with the marts. It also checks the
marts contract of docs/marts.md section 4 (every table and column present, grains
unique) and privacy (no raw email, phone, person name or form message in
schema `marts`).

Usage::

    python scripts/validate_marts.py [--duckdb PATH] [--reporting-currency USD]
        [--new-business-pipelines new_business]

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

One input is taken from a mart on purpose: a contact's acquisition channel
(dim_contacts.acquisition_channel). It is an identity rule (touchpoint
stitching across browsers, forms and clicks) whose recomputation would
duplicate the touchpoint models rather than check them; every count that
depends on it is still recomputed here.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

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
}

# Monthly marts and their month column (is_partial_month is checked on each).
MONTHLY_MARTS = {
    "rpt_funnel_monthly": "month",
    "rpt_channel_metrics_monthly": "month",
    "rpt_campaign_metrics_monthly": "month",
    "rpt_attribution_by_channel_monthly": "month",
    "rpt_conversions_vs_opportunities_monthly": "month",
    "rpt_mql_to_sql_rates": "cohort_month",
    "dim_dates": "month",
}

FUNNEL_STAGES = {"lead": 2, "mql": 3, "sql": 4, "opportunity": 5, "customer": 6}
MQL_WINDOWS = (30, 60, 90)
SECONDS_PER_DAY = 86400.0

# A column name that says it holds a raw personal value. Allowed: keyed
# hashes, domains, validity flags and counts (email_hash, email_domain,
# is_email_valid, phone_count, ...).
PII_COLUMN_NAME = re.compile(
    r"(^|_)(e_?mail|phone|mobile|first_name|last_name|full_name|person_name|contact_name|message)(_|$)")
PII_COLUMN_ALLOWED = re.compile(r"(_hash|_domain|_count|_valid|_key_hash)$|^(is|has)_")
EMAIL_VALUE_REGEX = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
PHONE_VALUE_REGEX = r"^[+0-9 ().-]{7,}$"


MAX_MERGE_DEPTH = 20  # the project's var max_merge_depth (default)


def surviving_contacts(contacts: pd.DataFrame, max_depth: int = MAX_MERGE_DEPTH) -> pd.Series:
    """merged-away contact_id -> the live record its merge chain ends on, or
    None when the chain ends nowhere usable (a cycle, a record missing from
    the export, a deleted record, or still moving after max_depth hops):
    then the record's history belongs to nobody."""
    into = contacts.set_index("contact_id")["merged_into_contact_id"].to_dict()
    deleted = contacts.set_index("contact_id")["is_deleted"].fillna(False).astype(bool).to_dict()
    result = {}
    for contact, target in into.items():
        if target is None or pd.isna(target):
            continue
        seen, current, hops = {contact}, target, 1
        while current in into and into[current] is not None and not pd.isna(into[current]) \
                and current not in seen and hops <= max_depth:
            seen.add(current)
            current, hops = into[current], hops + 1
        usable = current in into and current not in seen and hops <= max_depth \
            and (into[current] is None or pd.isna(into[current])) and not deleted[current]
        result[contact] = current if usable else None
    return pd.Series(result, dtype=object)


@dataclass
class CheckResult:
    name: str
    status: str  # OK, MISMATCH, ERROR, SKIPPED
    compared: int = 0
    mismatched: int = 0
    detail: str = ""
    examples: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status in ("MISMATCH", "ERROR")


class Validator:
    def __init__(self, db_path: Path, reporting_currency: str,
                 new_business_pipelines: tuple[str, ...] = ("new_business",), max_examples: int = 8,
                 performance_max_channel: str = "paid_search"):
        self.db_path = db_path
        self.performance_max_channel = performance_max_channel
        self.reporting_currency = reporting_currency.upper()
        self.new_business_pipelines = tuple(p.strip().lower() for p in new_business_pipelines)
        self.max_examples = max_examples
        # An in-memory session with the project database attached read-only:
        # nothing is ever written to the file, and a build can keep it.
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"attach '{db_path.as_posix()}' as db (read_only)")
        self.con.execute("set TimeZone = 'UTC'")
        self.con.execute("set enable_progress_bar = false")
        self._cache: dict[str, object] = {}

    # ------------------------------------------------------------------ io
    def df(self, sql: str) -> pd.DataFrame:
        return self.con.sql(sql).df()

    def one(self, sql: str, params=None) -> tuple:
        """The first row of a query (every row is fetched, so the connection is free afterwards)."""
        rows = self.con.execute(sql, params).fetchall() if params else self.con.execute(sql).fetchall()
        return rows[0]

    def tables(self, schema: str) -> dict[str, list[tuple[str, str]]]:
        rows = self.con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_catalog = 'db' and table_schema = ? order by table_name, ordinal_position",
            [schema],
        ).fetchall()
        out: dict[str, list[tuple[str, str]]] = {}
        for table, column, dtype in rows:
            out.setdefault(table, []).append((column, dtype))
        return out

    def has_table(self, schema: str, table: str) -> bool:
        return table in self.tables(schema)

    def mart(self, table: str) -> pd.DataFrame:
        return self.df(f"select * from db.marts.{table}")

    # ------------------------------------------------- independent inputs
    def contacts(self) -> pd.DataFrame:
        """Non-deleted contacts of the export with their stage timestamps."""
        if "contacts" in self._cache:
            return self._cache["contacts"]
        contacts = self.df("select contact_id, is_deleted, merged_into_contact_id from db.staging.stg_crm__contacts")
        survivors = surviving_contacts(contacts)
        merged_away = contacts["merged_into_contact_id"].notna()
        live = contacts.loc[~contacts["is_deleted"].fillna(False).astype(bool) & ~merged_away, ["contact_id"]]
        changes = self.df(
            "select contact_id, stage_order, changed_at from db.staging.stg_crm__lifecycle_stage_changes "
            "where stage_order is not null")
        # a merged-away record's changes are its survivor's (none when its chain ends nowhere)
        is_merged = changes["contact_id"].isin(survivors.index)
        changes.loc[is_merged, "contact_id"] = changes.loc[is_merged, "contact_id"].map(survivors)
        changes = changes.dropna(subset=["contact_id"])
        out = live.set_index("contact_id")
        for stage, order in FUNNEL_STAGES.items():
            # back-fill: the earliest change into this stage or any later one
            reached = changes.loc[changes["stage_order"] >= order].groupby("contact_id")["changed_at"].min()
            out[f"{stage}_at"] = reached.reindex(out.index)
        out = out.reset_index()
        self._cache["contacts"] = out
        return out

    def acquisition_channels(self) -> pd.Series:
        """contact_id -> acquisition channel, taken from dim_contacts (see the module docstring)."""
        if "acq" not in self._cache:
            dim = self.df("select contact_id, acquisition_channel from db.marts.dim_contacts")
            self._cache["acq"] = dim.set_index("contact_id")["acquisition_channel"]
        return self._cache["acq"]

    def as_of(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """(first event time, as-of time): min and max of every staged event time."""
        if "as_of" not in self._cache:
            row = self.one("""
                select min(t), max(t) from (
                    select viewed_at as t from db.staging.stg_web__page_views
                    union all select submitted_at from db.staging.stg_web__form_submissions
                    union all select clicked_at from db.staging.stg_ads__clicks
                    union all select changed_at from db.staging.stg_crm__lifecycle_stage_changes
                    union all select entered_at from db.staging.stg_crm__deal_stage_changes
                    union all select created_at from db.staging.stg_crm__deals
                    union all select cast(close_date as timestamp) from db.staging.stg_crm__deals
                    union all select occurred_at from db.staging.stg_crm__activities
                )
            """)
            self._cache["as_of"] = (pd.Timestamp(row[0]), pd.Timestamp(row[1]))
        return self._cache["as_of"]

    def first_spend(self) -> pd.Timestamp | None:
        """Earliest day with ad spend or impressions, or with a marketing cost."""
        row = self.one("""
            select min(t) from (
                select cast(report_date as timestamp) as t from db.staging.stg_ads__performance_daily
                where spend > 0 or impressions > 0
                union all select cast(cost_month as timestamp) from db.staging.stg_marketing__costs
                where cost > 0
            )
        """)
        return None if row[0] is None else pd.Timestamp(row[0])

    def month_spine(self) -> list[pd.Timestamp]:
        """First month with an event or spend to the as-of month."""
        first, last = self.as_of()
        spend = self.first_spend()
        if spend is not None and spend < first:
            first = spend
        return list(pd.date_range(month_start(first), month_start(last), freq="MS"))

    def channel_set(self) -> list[str]:
        return list(self.df("select channel from db.seeds.channels order by display_order")["channel"])

    def rates(self) -> pd.DataFrame:
        """(currency, rate_month) -> rate to the reporting currency (the reporting currency itself
        converts at 1 in every month: see with_rates)."""
        if "rates" not in self._cache:
            seed = self.df("select currency, rate_month, cast(rate_to_usd as double) as rate_to_usd "
                           "from db.seeds.currency_rates")
            seed["rate_month"] = pd.to_datetime(seed["rate_month"])
            base = seed.loc[seed["currency"] == self.reporting_currency, ["rate_month", "rate_to_usd"]]
            base = base.rename(columns={"rate_to_usd": "reporting_to_usd"})
            merged = seed.merge(base, on="rate_month", how="inner")
            merged["rate"] = merged["rate_to_usd"] / merged["reporting_to_usd"]
            self._cache["rates"] = merged[["currency", "rate_month", "rate"]]
        return self._cache["rates"]

    def with_rates(self, amounts: pd.DataFrame) -> pd.DataFrame:
        """`amounts` (currency, month) with the rate of its month: exactly 1 for the reporting
        currency, whatever the seed holds or lacks; NaN without a rate."""
        merged = amounts.merge(self.rates(), left_on=["currency", "month"], right_on=["currency", "rate_month"],
                               how="left")
        merged["rate"] = merged["rate"].where(merged["currency"] != self.reporting_currency, 1.0)
        return merged

    def quarantined(self, relation: str, columns: str) -> pd.DataFrame:
        """Quarantined report days or cost lines (their latest version unusable): their amounts
        are unknown; empty when the staging model is absent."""
        if not self.has_table("staging", relation):
            return pd.DataFrame()
        return self.df(f"select {columns} from db.staging.{relation}")

    def classify_campaigns(self, campaigns: pd.DataFrame) -> pd.Series:
        """Channel of (platform, campaign_id, campaign_name) rows: the first rule of seed channel_rules
        (by rule_order) whose every condition holds; a spend row has no touch type, click id, utm tags,
        referrer, form origin, activity or lead source, so a rule with such a condition never matches."""
        rules = self.df("select * from db.seeds.channel_rules")
        # the built-in rule: a Performance Max campaign is the channel of var performance_max_channel
        # (default paid_search), after the seed's campaign-type rules
        rules = pd.concat([rules, pd.DataFrame([{"rule_order": 190, "campaign_type_pattern": "^performance_max$",
                                                 "channel": self.performance_max_channel}])], ignore_index=True)
        rules = rules.sort_values("rule_order", kind="stable")
        other_conditions = ["touch_type", "has_click_id", "utm_medium_pattern", "utm_source_pattern",
                            "referrer_domain_pattern", "origin_label_pattern", "activity_type",
                            "lead_source_pattern", "click_id_parameter_pattern"]
        usable = rules[rules[[c for c in other_conditions if c in rules.columns]].isna().all(axis=1)]

        def norm(value):  # values are compared lower-cased and trimmed
            return None if is_null(value) else str(value).strip().lower()

        def pattern(value):  # patterns are used as written
            return None if is_null(value) else str(value).strip()

        def classify(row) -> str:
            platform, campaign_id, name = norm(row.platform), norm(row.campaign_id), norm(row.campaign_name)
            campaign_type = norm(getattr(row, "campaign_type", None))
            for rule in usable.itertuples():
                platform_pattern = pattern(rule.platform_pattern)
                campaign_pattern = pattern(rule.campaign_pattern)
                type_pattern = pattern(getattr(rule, "campaign_type_pattern", None))
                if platform_pattern is not None and (platform is None or not re.search(platform_pattern, platform)):
                    continue
                if type_pattern is not None and (campaign_type is None or not re.search(type_pattern, campaign_type)):
                    continue
                if campaign_pattern is not None and not any(
                        v is not None and re.search(campaign_pattern, v) for v in (campaign_id, name)):
                    continue
                return rule.channel
            return "other"

        return campaigns.apply(classify, axis=1)

    def ad_spend(self) -> pd.DataFrame:
        """Daily ad spend with month, latest campaign name, channel and converted spend."""
        if "ad_spend" in self._cache:
            return self._cache["ad_spend"]
        perf = self.df("select platform, campaign_id, campaign_name, campaign_type, impressions, clicks, "
                       "cast(spend as double) as spend, currency, report_date, extracted_at "
                       "from db.staging.stg_ads__performance_daily")
        # a quarantined day: its row stays, with unknown figures (null spend, never the older restatement's)
        quarantined = self.quarantined("stg_ads__performance_daily_quarantined", "platform, campaign_id, report_date")
        if len(quarantined):
            perf = pd.concat([perf, quarantined], ignore_index=True)
        perf["report_date"] = pd.to_datetime(perf["report_date"])
        perf["month"] = perf["report_date"].dt.to_period("M").dt.to_timestamp()
        named = perf.dropna(subset=["campaign_name"]).sort_values(["report_date", "extracted_at"])
        latest = named.groupby(["platform", "campaign_id"])["campaign_name"].last()
        campaigns = perf[["platform", "campaign_id"]].drop_duplicates()
        campaigns["campaign_name"] = latest.reindex(pd.MultiIndex.from_frame(campaigns)).to_numpy()
        # the campaign's type: that of its latest report row that has one
        typed = perf.dropna(subset=["campaign_type"]).sort_values(["report_date", "extracted_at"])
        latest_type = typed.groupby(["platform", "campaign_id"])["campaign_type"].last()
        campaigns["campaign_type"] = latest_type.reindex(pd.MultiIndex.from_frame(
            campaigns[["platform", "campaign_id"]])).to_numpy()
        campaigns["channel"] = self.classify_campaigns(campaigns).to_numpy() if len(campaigns) else []
        perf = perf.drop(columns=["campaign_name", "campaign_type"]).merge(campaigns, on=["platform", "campaign_id"],
                                                                          how="left")
        perf = self.with_rates(perf)
        perf["spend_converted"] = perf["spend"].where(perf["spend"] == 0, perf["spend"] * perf["rate"])
        self._cache["ad_spend"] = perf
        return perf

    def marketing_costs(self) -> pd.DataFrame:
        costs = self.df("select channel, campaign, cast(cost as double) as cost, currency, cost_month "
                        "from db.staging.stg_marketing__costs")
        quarantined = self.quarantined("stg_marketing__costs_quarantined", "channel, campaign, cost_month")
        if len(quarantined):
            costs = pd.concat([costs, quarantined], ignore_index=True)
        costs["month"] = pd.to_datetime(costs["cost_month"])
        known = set(self.channel_set())
        costs["channel"] = costs["channel"].where(costs["channel"].isin(known), "other")
        costs = self.with_rates(costs)
        costs["cost_converted"] = costs["cost"].where(costs["cost"] == 0, costs["cost"] * costs["rate"])
        return costs

    def cost_source_channels(self) -> set[str]:
        """Channels with a cost source: any ad report row (by its campaign's channel) or cost line."""
        ads = set(self.ad_spend()["channel"].dropna())
        return ads | set(self.marketing_costs()["channel"].dropna())

    def channel_spend(self) -> pd.DataFrame:
        """(month, channel) -> spend, impressions, clicks."""
        if "channel_spend" in self._cache:
            return self._cache["channel_spend"]
        ads = self.ad_spend().groupby(["month", "channel"]).agg(
            ad_spend=("spend_converted", lambda s: s.sum(min_count=len(s))),
            impressions=("impressions", "sum"), clicks=("clicks", "sum"))
        costs = self.marketing_costs().groupby(["month", "channel"]).agg(
            other_costs=("cost_converted", lambda s: s.sum(min_count=len(s))))
        spend = ads.join(costs, how="outer")
        # a missing rate makes the total unknown (null), as in the marts
        in_ads = spend.index.isin(ads.index)
        in_costs = spend.index.isin(costs.index)
        spend["spend"] = spend["ad_spend"].where(in_ads, 0.0) + spend["other_costs"].where(in_costs, 0.0)
        spend[["impressions", "clicks"]] = spend[["impressions", "clicks"]].fillna(0)
        self._cache["channel_spend"] = spend
        return spend

    # -------------------------------------------------------------- checks
    def check_contract(self) -> CheckResult:
        tables = self.tables("marts")
        examples = []
        for table, (grain, required) in MARTS_CONTRACT.items():
            if table not in tables:
                examples.append(f"missing table marts.{table}")
                continue
            present = {c for c, _ in tables[table]}
            for column in grain + required:
                if column not in present:
                    examples.append(f"missing column marts.{table}.{column}")
        return result("contract: tables and columns of docs/marts.md", len(MARTS_CONTRACT), examples,
                      f"{len(MARTS_CONTRACT)} marts, "
                      f"{sum(len(g) + len(r) for g, r in MARTS_CONTRACT.values())} columns")

    def check_grains(self) -> CheckResult:
        tables = self.tables("marts")
        examples = []
        compared = 0
        for table, (grain, _) in MARTS_CONTRACT.items():
            present = {c for c, _ in tables.get(table, [])}
            if not set(grain) <= present:
                continue
            compared += 1
            cols = ", ".join(grain)
            nulls = " or ".join(f"{c} is null" for c in grain)
            dup, null = self.one(f"""
                select
                    (select count(*) from (select {cols} from db.marts.{table} group by {cols}
                                           having count(*) > 1)),
                    (select count(*) from db.marts.{table} where {nulls})
            """)
            if dup:
                examples.append(f"{table}: {dup} duplicated keys ({cols})")
            if null:
                examples.append(f"{table}: {null} rows with a null key part ({cols})")
        return result("contract: grains unique and not null", compared, examples)

    def check_privacy(self) -> CheckResult:
        """No column named for, and no value equal to or shaped like, a raw email, phone, person name or
        form message anywhere in schema marts. Offending values are never printed, only counted."""
        known = self.df("""
            select 'name' as kind, lower(trim(first_name || ' ' || last_name)) as value
            from db.staging.stg_crm__contacts where first_name is not null and last_name is not null
            union all
            select 'name', lower(trim(full_name)) from db.staging.stg_web__form_submissions
            where full_name is not null
            union all
            select 'phone', regexp_replace(phone_normalized, '[^0-9]', '', 'g') from db.staging.stg_crm__contacts
            where phone_normalized is not null
            union all
            select 'phone', regexp_replace(phone_normalized, '[^0-9]', '', 'g')
            from db.staging.stg_web__form_submissions where phone_normalized is not null
            union all
            select 'message', lower(trim(message)) from db.staging.stg_web__form_submissions
            where message is not null
        """)
        # a person name has at least two words; a phone at least 7 digits; a message at least 20 characters
        known = known[((known["kind"] == "name") & known["value"].str.contains(" ", regex=False)
                       & (known["value"].str.len() >= 5))
                      | ((known["kind"] == "phone") & (known["value"].str.len() >= 7))
                      | ((known["kind"] == "message") & (known["value"].str.len() >= 20))].drop_duplicates()
        self.con.register("known_personal_values", known)
        examples = []
        compared = 0
        kinds = ("email addresses", "known phone numbers", "known person names", "form messages")
        for table, columns in self.tables("marts").items():
            text_columns = []
            for column, dtype in columns:
                if PII_COLUMN_NAME.search(column) and not PII_COLUMN_ALLOWED.search(column):
                    examples.append(f"{table}.{column}: column name suggests a raw personal value")
                if dtype.upper().startswith("VARCHAR"):
                    text_columns.append(column)
            if not text_columns:
                continue
            compared += len(text_columns)
            # one scan per table: distinct values of every text column that look like, or equal,
            # personal data
            counts = []
            for column in text_columns:
                value = f'"{column}"'
                counts += [
                    f"count(distinct {value}) filter (where regexp_matches({value}, $email_regex))",
                    f"count(distinct {value}) filter (where regexp_matches({value}, $phone_regex) "
                    f"and regexp_replace({value}, '[^0-9]', '', 'g') in (select value from phones))",
                    f"count(distinct {value}) filter (where lower(trim({value})) in (select value from names))",
                    f"count(distinct {value}) filter (where lower(trim({value})) in (select value from messages))",
                ]
            row = self.one(f"""
                with
                    phones as (select value from known_personal_values where kind = 'phone'),
                    names as (select value from known_personal_values where kind = 'name'),
                    messages as (select value from known_personal_values where kind = 'message')
                select {", ".join(counts)}
                from db.marts.{table}
            """, {"email_regex": EMAIL_VALUE_REGEX, "phone_regex": PHONE_VALUE_REGEX})
            for index, column in enumerate(text_columns):
                for offset, kind in enumerate(kinds):
                    count = row[index * len(kinds) + offset]
                    if count:
                        examples.append(f"{table}.{column}: {count} distinct values are {kind}")
        return result("privacy: no raw email/phone/name/message in marts", compared, examples,
                      f"{compared} text columns scanned")

    def check_mql_to_sql(self) -> CheckResult:
        name = "rpt_mql_to_sql_rates vs staging"
        contacts = self.contacts()
        acq = self.acquisition_channels()
        cohort = contacts.dropna(subset=["mql_at"]).copy()
        missing = cohort.loc[~cohort["contact_id"].isin(acq.index), "contact_id"]
        cohort["acquisition_channel"] = cohort["contact_id"].map(acq)
        cohort["cohort_month"] = month_start(cohort["mql_at"])
        days = (cohort["sql_at"] - cohort["mql_at"]).dt.total_seconds() / SECONDS_PER_DAY
        cohort["is_sql"] = cohort["sql_at"].notna() & (cohort["sql_at"] >= cohort["mql_at"])
        for n in MQL_WINDOWS:
            cohort[f"sqls_within_{n}d"] = cohort["is_sql"] & (days <= n)
        expected = cohort.groupby(["cohort_month", "acquisition_channel"]).agg(
            mqls=("contact_id", "size"), sqls=("is_sql", "sum"),
            **{f"sqls_within_{n}d": (f"sqls_within_{n}d", "sum") for n in MQL_WINDOWS})
        expected["mql_to_sql_rate"] = ratio(expected["sqls"], expected["mqls"])
        _, as_of = self.as_of()
        month_end = expected.index.get_level_values("cohort_month") + pd.offsets.MonthBegin(1)
        for n in MQL_WINDOWS:
            mature = (month_end + pd.Timedelta(days=n)) <= as_of
            expected[f"mql_to_sql_rate_{n}d"] = ratio(expected[f"sqls_within_{n}d"], expected["mqls"]).where(
                mature, float("nan"))
        actual = self.mart("rpt_mql_to_sql_rates")
        actual["cohort_month"] = pd.to_datetime(actual["cohort_month"])
        actual = actual.set_index(["cohort_month", "acquisition_channel"])
        columns = {"mqls": "count", "sqls": "count", "mql_to_sql_rate": "rate"}
        for n in MQL_WINDOWS:
            columns[f"sqls_within_{n}d"] = "count"
            columns[f"mql_to_sql_rate_{n}d"] = "rate"
        res = compare(name, expected, actual, columns)
        if len(missing):
            res.status = "MISMATCH"
            res.mismatched += len(missing)
            res.examples.insert(0, f"{len(missing)} MQL contacts missing from dim_contacts")
        return res

    def funnel_counts(self, by_channel: bool) -> pd.DataFrame:
        contacts = self.contacts()
        frames = []
        for stage in FUNNEL_STAGES:
            plural = "opportunities" if stage == "opportunity" else f"{stage}s"
            reached = contacts.dropna(subset=[f"{stage}_at"]).copy()
            reached["month"] = month_start(reached[f"{stage}_at"])
            if by_channel:
                reached["channel"] = reached["contact_id"].map(self.acquisition_channels())
            keys = ["month", "channel"] if by_channel else ["month"]
            frames.append(reached.groupby(keys).size().rename(plural))
        return pd.concat(frames, axis=1).fillna(0)

    def check_funnel(self) -> CheckResult:
        name = "rpt_funnel_monthly vs staging"
        expected = self.funnel_counts(by_channel=False)
        spine = pd.DatetimeIndex(self.month_spine(), name="month")
        expected = expected.reindex(spine.union(expected.index)).fillna(0)
        expected.index.name = "month"
        previous = expected["mqls"].shift(1)
        expected["lead_velocity_rate_pct"] = ((expected["mqls"] - previous) / previous * 100).where(previous > 0)
        actual = self.mart("rpt_funnel_monthly")
        actual["month"] = pd.to_datetime(actual["month"])
        actual = actual.set_index("month")
        res = compare(name, expected, actual, {
            "leads": "count", "mqls": "count", "sqls": "count", "opportunities": "count", "customers": "count",
            "lead_velocity_rate_pct": "rate"})
        # months run without holes from the first month with data to the as-of month
        if list(actual.index.sort_values()) != list(spine):
            res.status = "MISMATCH"
            res.mismatched += 1
            res.examples.insert(0, f"months {fmt_months(actual.index)} != spine {fmt_months(spine)}")
        return res

    def expected_channel_metrics(self) -> pd.DataFrame:
        spend = self.channel_spend()
        funnel = self.funnel_counts(by_channel=True)
        channels = self.channel_set()
        months = set(self.month_spine()) | set(spend.index.get_level_values("month"))
        grid = pd.MultiIndex.from_product([sorted(months), channels], names=["month", "channel"])
        expected = pd.DataFrame(index=grid.union(spend.index).union(funnel.index))
        expected = expected.join(spend[["spend", "impressions", "clicks"]]).join(funnel.drop(columns="customers"))
        counts = ["impressions", "clicks", "leads", "mqls", "sqls", "opportunities"]
        expected[counts] = expected[counts].fillna(0)
        # no spend row: 0 for a channel with a cost source, unknown (null) for one without
        in_spend = expected.index.isin(spend.index)
        has_source = expected.index.get_level_values("channel").isin(self.cost_source_channels())
        expected["spend"] = expected["spend"].where(in_spend, pd.Series(0.0, index=expected.index).where(has_source))
        expected["ctr"] = ratio(expected["clicks"], expected["impressions"])
        expected["cpc"] = ratio(expected["spend"], expected["clicks"])
        expected["cpl"] = ratio(expected["spend"], expected["leads"])
        expected["cost_per_mql"] = ratio(expected["spend"], expected["mqls"])
        expected["cost_per_sql"] = ratio(expected["spend"], expected["sqls"])
        rates = self.mql_rates_by_channel()
        expected["mql_to_sql_rate"] = rates.reindex(expected.index)
        return expected

    def mql_rates_by_channel(self) -> pd.Series:
        contacts = self.contacts().dropna(subset=["mql_at"]).copy()
        contacts["month"] = month_start(contacts["mql_at"])
        contacts["channel"] = contacts["contact_id"].map(self.acquisition_channels())
        contacts["is_sql"] = contacts["sql_at"].notna() & (contacts["sql_at"] >= contacts["mql_at"])
        grouped = contacts.groupby(["month", "channel"]).agg(mqls=("contact_id", "size"), sqls=("is_sql", "sum"))
        return ratio(grouped["sqls"], grouped["mqls"])

    def check_channel_metrics(self) -> list[CheckResult]:
        expected = self.expected_channel_metrics()
        actual = self.mart("rpt_channel_metrics_monthly")
        actual["month"] = pd.to_datetime(actual["month"])
        actual = actual.set_index(["month", "channel"])
        # CAC: the new customers are not recomputed here; the null rule and the division are
        if "new_customers" in actual.columns:
            expected["cac"] = ratio(expected["spend"], actual["new_customers"].reindex(expected.index))
        results = [
            compare("rpt_channel_metrics_monthly: spend, CTR, CPC", expected, actual, {
                "spend": "money", "impressions": "count", "clicks": "count", "ctr": "rate", "cpc": "ratio"}),
            compare("rpt_channel_metrics_monthly: funnel by channel", expected, actual, {
                "leads": "count", "mqls": "count", "sqls": "count", "opportunities": "count",
                "mql_to_sql_rate": "rate", "cpl": "ratio", "cost_per_mql": "ratio", "cost_per_sql": "ratio",
                "cac": "ratio"}),
        ]
        # every month of the spine x every channel of the set, once
        channels = self.channel_set()
        grid = {(m, c) for m in self.month_spine() for c in channels}
        present = list(actual.index)
        missing = grid - set(present)
        unknown = {c for _, c in present} - set(channels)
        dups = len(present) - len(set(present))
        examples = [f"missing (month, channel): {fmt_months([m])[0]} {c}" for m, c in sorted(missing)]
        examples += [f"channel outside the channel set: {c}" for c in sorted(unknown)]
        if dups:
            examples.append(f"{dups} duplicated (month, channel) rows")
        results.append(result("rpt_channel_metrics_monthly: month x channel grid", len(grid), examples,
                              f"{len(self.month_spine())} months x {len(channels)} channels"))
        return results

    def check_campaign_metrics(self) -> CheckResult:
        spend = self.ad_spend()
        expected = spend.groupby(["month", "platform", "campaign_id"]).agg(
            spend=("spend_converted", lambda s: s.sum(min_count=len(s))),
            impressions=("impressions", "sum"), clicks=("clicks", "sum"),
            campaign_name=("campaign_name", "first"), channel=("channel", "first"))
        actual = self.mart("rpt_campaign_metrics_monthly")
        actual["month"] = pd.to_datetime(actual["month"])
        actual = actual.set_index(["month", "platform", "campaign_id"])
        # months of a campaign with leads and no report row (and the `unidentified` rows): spend 0
        # for a campaign with a report row in another month, unknown (null) for one without any
        lead_only = actual.index.difference(expected.index)
        reported = set(zip(spend["platform"], spend["campaign_id"]))
        has_source = pd.Series([(p, c) in reported for _, p, c in lead_only], index=lead_only, dtype=bool)
        extra = pd.DataFrame({"spend": pd.Series(0.0, index=lead_only).where(has_source),
                              "impressions": 0, "clicks": 0}, index=lead_only)
        expected = pd.concat([expected, extra])
        expected["ctr"] = ratio(expected["clicks"], expected["impressions"])
        expected["cpc"] = ratio(expected["spend"], expected["clicks"])
        # campaign leads are not recomputed here; the null rule and the division are
        if "leads" in actual.columns:
            expected["cpl"] = ratio(expected["spend"], actual["leads"].reindex(expected.index))
        columns = {"spend": "money", "impressions": "count", "clicks": "count", "ctr": "rate", "cpc": "ratio",
                   "campaign_name": "text", "channel": "text"}
        if "leads" in actual.columns:
            columns["cpl"] = "ratio"
        # names and channels are checked on the reported campaign months only (those of lead-only rows
        # come from the touchpoints)
        return compare("rpt_campaign_metrics_monthly: spend by campaign", expected, actual, columns,
                       only_expected_text=True, text_keys=expected.index.difference(lead_only))

    def check_attribution_spend(self) -> CheckResult:
        spend = self.channel_spend()[["spend"]]
        actual = self.mart("rpt_attribution_by_channel_monthly")
        actual["month"] = pd.to_datetime(actual["month"])
        models = sorted(actual["model"].dropna().unique())
        expected = pd.concat({m: spend for m in models}, names=["model"]).reorder_levels(
            ["month", "channel", "model"]) if models else pd.DataFrame(columns=["spend"])
        actual = actual.set_index(["month", "channel", "model"])
        # rows with credits and no spend row: 0 for a channel with a cost source, else unknown (null);
        # `unattributed` and any other pseudo-channel has no cost source
        credited_only = actual.index.difference(expected.index)
        has_source = credited_only.get_level_values("channel").isin(self.cost_source_channels())
        extra = pd.DataFrame({"spend": pd.Series(0.0, index=credited_only).where(has_source)},
                             index=credited_only)
        expected = pd.concat([expected, extra])
        # ROAS and ROI of the mart's attributed revenue over the recomputed spend (rounded to cents,
        # as the mart's spend is): null where spend is null or 0
        revenue = actual["attributed_revenue"].reindex(expected.index).astype("float64")
        cents = expected["spend"].astype("float64").round(2)
        expected["roas"] = ratio(revenue, cents)
        expected["roi_pct"] = ratio(revenue - cents, cents) * 100
        return compare("rpt_attribution_by_channel_monthly: spend, ROAS, ROI", expected, actual,
                       {"spend": "money", "roas": "ratio", "roi_pct": "ratio"})

    def check_partial_months(self) -> CheckResult:
        """is_partial_month of every monthly mart: the month's end (first instant of the next month)
        is after the as-of time."""
        _, as_of = self.as_of()
        tables = self.tables("marts")
        examples = []
        compared = 0
        for table, month_column in MONTHLY_MARTS.items():
            columns = {c for c, _ in tables.get(table, [])}
            if table not in tables:
                continue
            if "is_partial_month" not in columns:
                examples.append(f"missing column marts.{table}.is_partial_month")
                continue
            rows = self.df(f"select distinct {month_column} as month, is_partial_month from db.marts.{table}")
            for month, flag in zip(pd.to_datetime(rows["month"]), rows["is_partial_month"]):
                compared += 1
                expected = month + pd.offsets.MonthBegin(1) > as_of
                if is_null(flag) or bool(flag) != expected:
                    examples.append(f"{table} ({month:%Y-%m}): is_partial_month: expected {expected}, "
                                    f"mart {fmt(flag)}")
        return result("is_partial_month of the monthly marts", compared, examples,
                      f"{len(MONTHLY_MARTS)} marts, as-of {as_of}")

    def closed_deals(self) -> pd.DataFrame:
        """Non-deleted deals of the new-business pipelines that closed: won flag and close time.
        Status from the canonical stage (seed deal_stages), the CRM flags only for an unknown stage;
        closed at the time the stage history entered its final stage when that stage is closed,
        else at the close date's midnight (UTC)."""
        deals = self.df("select deal_id, pipeline, deal_stage, is_closed, is_won, is_deleted, close_date "
                        "from db.staging.stg_crm__deals")
        stages = self.df("select distinct deal_stage, stage_order, is_closed as stage_is_closed, "
                         "is_won as stage_is_won from db.seeds.deal_stages")
        flags = stages.drop_duplicates("deal_stage").set_index("deal_stage")
        known = deals["deal_stage"].isin(flags.index)
        deals["closed"] = deals["deal_stage"].map(flags["stage_is_closed"]).where(
            known, deals["is_closed"]).fillna(False).astype(bool)
        deals["won"] = deals["deal_stage"].map(flags["stage_is_won"]).where(
            known, deals["is_won"]).fillna(False).astype(bool)
        history = self.df("select deal_id, deal_stage, stage_order, entered_at "
                          "from db.staging.stg_crm__deal_stage_changes")
        history["order_missing"] = history["stage_order"].isna()
        history = history.sort_values(["deal_id", "entered_at", "order_missing", "stage_order", "deal_stage"])
        last = history.groupby("deal_id").tail(1).set_index("deal_id")
        last_closed = last["deal_stage"].map(flags["stage_is_closed"]).fillna(False).astype(bool)
        history_closed_at = last["entered_at"].where(last_closed)
        deals["closed_at"] = deals["deal_id"].map(history_closed_at)
        deals["closed_at"] = deals["closed_at"].fillna(pd.to_datetime(deals["close_date"]))
        deals = deals[~deals["is_deleted"].fillna(False).astype(bool)
                      & deals["pipeline"].isin(self.new_business_pipelines)
                      & deals["closed"] & deals["closed_at"].notna()].copy()
        deals["month"] = month_start(pd.to_datetime(deals["closed_at"]))
        return deals

    def check_deals(self) -> CheckResult:
        deals = self.closed_deals()
        expected = pd.DataFrame({
            "deals_won": deals[deals["won"]].groupby("month").size(),
            "deals_lost": deals[~deals["won"]].groupby("month").size(),
        }).fillna(0)
        expected.index.name = "month"
        expected["won_deals_by_channel"] = expected["deals_won"]
        funnel = self.mart("rpt_funnel_monthly")
        funnel["month"] = pd.to_datetime(funnel["month"])
        actual = funnel.set_index("month")[["deals_won", "deals_lost"]]
        if self.has_table("marts", "rpt_channel_metrics_monthly"):
            channel = self.mart("rpt_channel_metrics_monthly")
            channel["month"] = pd.to_datetime(channel["month"])
            actual = actual.join(channel.groupby("month")["won_deals"].sum().rename("won_deals_by_channel"),
                                 how="outer")
        return compare("deals won and lost by month (funnel and channel marts)", expected, actual, {
            "deals_won": "count", "deals_lost": "count", "won_deals_by_channel": "count"})

    # ----------------------------------------------------------------- run
    def run(self) -> list[CheckResult]:
        results: list[CheckResult] = []
        marts = self.tables("marts")
        steps = [
            ("contract: tables and columns of docs/marts.md", None, self.check_contract),
            ("contract: grains unique and not null", None, self.check_grains),
            ("privacy: no raw email/phone/name/message in marts", None, self.check_privacy),
            ("rpt_mql_to_sql_rates vs staging", ["rpt_mql_to_sql_rates", "dim_contacts"], self.check_mql_to_sql),
            ("rpt_funnel_monthly vs staging", ["rpt_funnel_monthly"], self.check_funnel),
            ("deals won and lost by month (funnel and channel marts)", ["rpt_funnel_monthly"], self.check_deals),
            ("rpt_channel_metrics_monthly", ["rpt_channel_metrics_monthly", "dim_contacts"],
             self.check_channel_metrics),
            ("rpt_campaign_metrics_monthly: spend by campaign", ["rpt_campaign_metrics_monthly"],
             self.check_campaign_metrics),
            ("rpt_attribution_by_channel_monthly: spend, ROAS, ROI", ["rpt_attribution_by_channel_monthly"],
             self.check_attribution_spend),
            ("is_partial_month of the monthly marts", None, self.check_partial_months),
        ]
        for name, needs, step in steps:
            missing = [t for t in (needs or []) if t not in marts]
            if missing:
                results.append(CheckResult(name, "ERROR", detail="mart missing: " + ", ".join(missing)))
                continue
            try:
                out = step()
            except Exception as exc:  # a broken check is a failed check, reported with the others
                results.append(CheckResult(name, "ERROR", detail=f"{type(exc).__name__}: {exc}"))
                continue
            results.extend(out if isinstance(out, list) else [out])
        return results


# ---------------------------------------------------------------- helpers
def month_start(values):
    if isinstance(values, pd.Series):
        return values.dt.to_period("M").dt.to_timestamp()
    return pd.Timestamp(values).to_period("M").to_timestamp()


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator; null (NaN) when the denominator is 0 or null."""
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (num / den).where(den != 0)


def fmt_months(values) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m") for v in values]


def result(name: str, compared: int, problems: list[str], detail: str = "") -> CheckResult:
    return CheckResult(name, "MISMATCH" if problems else "OK", compared, len(problems), detail, problems)


def is_null(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def values_match(expected, actual, kind: str) -> bool:
    if kind == "text":
        return (is_null(expected) and is_null(actual)) or (not is_null(expected) and not is_null(actual)
                                                           and str(expected) == str(actual))
    if is_null(expected) or is_null(actual):
        return is_null(expected) and is_null(actual)
    expected, actual = float(expected), float(actual)
    if kind == "count":
        return expected == actual
    if kind == "money":  # marts round money to cents
        return abs(expected - actual) <= 0.006 + 1e-9 * abs(expected)
    if kind == "ratio":  # money per unit, rounded to 4 decimals or cents
        return abs(expected - actual) <= 0.006 + 1e-6 * abs(expected)
    return abs(expected - actual) <= 1e-9 + 1e-9 * abs(expected)  # rate


def compare(name: str, expected: pd.DataFrame, actual: pd.DataFrame, columns: dict[str, str],
            missing_ok: bool = False, only_expected_text: bool = False, text_keys=None) -> CheckResult:
    """Compare `columns` of two frames indexed by the same key. A key on one side only counts as zero
    (counts, money) or null (rates, ratios), so that an all-zero row present on one side only matches.
    missing_ok: keys missing from the mart are not compared. only_expected_text: text columns are
    compared only on keys the recomputation has (text_keys, when given, narrows them further)."""
    absent = [c for c in columns if c not in actual.columns]
    if absent:
        return CheckResult(name, "MISMATCH", detail="columns missing in mart: " + ", ".join(absent),
                           mismatched=len(absent), examples=[f"missing column {c}" for c in absent])
    if actual.index.has_duplicates:
        return CheckResult(name, "MISMATCH", mismatched=1, detail="mart grain not unique",
                           examples=["mart grain not unique"])
    keys = expected.index.union(actual.index)
    if missing_ok:
        keys = keys[keys.isin(actual.index)]
    exp = expected.reindex(keys)
    act = actual.reindex(keys)
    exp_present = keys.isin(expected.index)
    act_present = keys.isin(actual.index)
    text_present = exp_present if text_keys is None else keys.isin(text_keys)
    # plain lists: element access on pandas objects is far too slow row by row
    exp_values = {c: exp[c].tolist() if c in exp.columns else [None] * len(keys) for c in columns}
    act_values = {c: act[c].tolist() for c in columns}
    examples: list[str] = []
    mismatched = 0
    for i, key in enumerate(keys):
        diffs = []
        for column, kind in columns.items():
            if kind == "text" and only_expected_text and not text_present[i]:
                continue
            e = exp_values[column][i] if exp_present[i] else None
            a = act_values[column][i] if act_present[i] else None
            if kind in ("count", "money"):
                e = 0 if not exp_present[i] else e
                a = 0 if not act_present[i] else a
            if not values_match(e, a, kind):
                # text values are not printed: a wrong text column could hold personal data
                diffs.append(f"{column}: differs" if kind == "text"
                             else f"{column}: expected {fmt(e)}, mart {fmt(a)}")
        if diffs:
            mismatched += 1
            if len(examples) < 50:
                where = "" if act_present[i] else " (row missing in mart)"
                where = where if exp_present[i] else " (row only in mart)"
                examples.append(f"{fmt_key(key)}{where}: " + "; ".join(diffs))
    status = "MISMATCH" if mismatched else "OK"
    return CheckResult(name, status, len(keys), mismatched, f"{len(keys)} rows x {len(columns)} columns",
                       examples)


def fmt(value) -> str:
    if is_null(value):
        return "null"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def fmt_key(key) -> str:
    parts = key if isinstance(key, tuple) else (key,)
    return "(" + ", ".join(p.strftime("%Y-%m") if isinstance(p, pd.Timestamp) else str(p) for p in parts) + ")"


def print_report(db_path: Path, validator: Validator, results: list[CheckResult]) -> None:
    try:
        _, as_of = validator.as_of()
        as_of_text = str(as_of)
    except Exception:  # noqa: BLE001 - the header must print whatever is broken
        as_of_text = "unknown"
    print(f"Validation of the marts in {db_path}")
    print(f"(recomputed from staging and seeds; reporting currency {validator.reporting_currency}; "
          f"as-of {as_of_text})")
    print()
    width = max(len(r.name) for r in results)
    header = f"{'check':<{width}}  {'status':<8}  {'compared':>8}  {'differ':>6}  detail"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.name:<{width}}  {r.status:<8}  {r.compared:>8}  {r.mismatched:>6}  {r.detail}")
    failed = [r for r in results if r.failed]
    for r in failed:
        print()
        print(f"{r.status}: {r.name}")
        if r.detail and r.status == "ERROR":
            print(f"  {r.detail}")
        shown = r.examples[:validator.max_examples]
        for example in shown:
            print(f"  - {example}")
        if max(r.mismatched, len(r.examples)) > len(shown):
            print(f"  ... and {max(r.mismatched, len(r.examples)) - len(shown)} more")
    print()
    print(f"{len(results) - len(failed)} of {len(results)} checks passed"
          + ("" if not failed else f"; FAILED: {', '.join(r.name for r in failed)}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", type=Path,
                        default=Path(os.environ.get("DBT_DUCKDB_PATH") or ROOT / "build" / "revenue.duckdb"),
                        help="DuckDB file built by dbt (default: $DBT_DUCKDB_PATH, else build/revenue.duckdb)")
    parser.add_argument("--reporting-currency", default=os.environ.get("REPORTING_CURRENCY", "USD"),
                        help="the reporting_currency var the marts were built with (default USD)")
    parser.add_argument("--performance-max-channel", default="paid_search",
                        help="channel of Performance Max campaigns (the dbt var performance_max_channel)")
    parser.add_argument("--new-business-pipelines",
                        default=os.environ.get("NEW_BUSINESS_PIPELINES", "new_business"),
                        help="comma-separated pipelines of the funnel_deal_pipelines var (default new_business)")
    args = parser.parse_args(argv)
    if not args.duckdb.exists():
        print(f"DuckDB file not found: {args.duckdb} (run `make build` first)", file=sys.stderr)
        return 2
    validator = Validator(args.duckdb, args.reporting_currency, tuple(args.new_business_pipelines.split(",")),
                          performance_max_channel=args.performance_max_channel)
    results = validator.run()
    print_report(args.duckdb, validator, results)
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
