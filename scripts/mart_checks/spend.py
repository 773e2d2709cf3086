"""Spend in the reporting currency, per day, campaign and channel, from staging and seeds.

Ad platform reports (stg_ads__performance_daily, channel by the rules of
mart_checks.channel_rules) and marketing cost lines (stg_marketing__costs),
both converted with seed currency_rates at the month's rate; quarantined
report days and cost lines count with unknown (null) amounts.
"""

from __future__ import annotations

import pandas as pd

from mart_checks import channel_rules


class SpendMixin:
    """Mixed into Validator; uses the MartsDatabase methods, InputsMixin.channel_set and the options
    reporting_currency and performance_max_channel."""

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
        """Channel of each campaign row by seed channel_rules (see mart_checks.channel_rules)."""
        rules = self.df("select * from db.seeds.channel_rules")
        return channel_rules.classify_campaigns(campaigns, rules, self.performance_max_channel)

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
