"""Deals won and lost per month, against rpt_funnel_monthly and the channel split of
rpt_channel_metrics_monthly.

Non-deleted deals of the new-business pipelines (var funnel_deal_pipelines);
status from the canonical stage of seed deal_stages; closed when the stage
history entered its final closed stage, else at the close date.
"""

from __future__ import annotations

import pandas as pd

from mart_checks.results import CheckResult, compare
from mart_checks.values import month_start


class DealChecks:
    """Mixed into Validator; uses the MartsDatabase methods and the option new_business_pipelines."""

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
