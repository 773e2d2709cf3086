"""Spend checks: rpt_channel_metrics_monthly, rpt_campaign_metrics_monthly and the spend,
ROAS and ROI of rpt_attribution_by_channel_monthly.

The null rule (docs/metrics.md#ratios-money-and-nulls) is written here in
pandas, independently of the dbt macro `safe_ratio`: spend is null for a
channel (campaign) without any cost source, 0 in a month without a row for
one that has a cost source, and a ratio is null when its numerator or
denominator is null or its denominator is 0. Denominators not recomputed
(new customers, campaign leads, attributed revenue) are read from the mart row.
"""

from __future__ import annotations

import pandas as pd

from mart_checks.results import CheckResult, compare, result
from mart_checks.values import fmt_months, month_start, ratio


class SpendChecks:
    """Mixed into Validator; uses SpendMixin, InputsMixin and FunnelChecks.funnel_counts."""

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
