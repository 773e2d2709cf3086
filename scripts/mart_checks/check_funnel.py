"""Contact funnel checks: rpt_mql_to_sql_rates and rpt_funnel_monthly against staging.

Definitions of docs/metrics.md: cohorts by MQL month, SQLs reached after the
MQL (within 30, 60, 90 days once mature), stage counts per month over the
month spine, lead velocity rate.
"""

from __future__ import annotations

import pandas as pd

from mart_checks.inputs import FUNNEL_STAGES
from mart_checks.results import CheckResult, compare
from mart_checks.values import fmt_months, month_start, ratio

MQL_WINDOWS = (30, 60, 90)
SECONDS_PER_DAY = 86400.0


class FunnelChecks:
    """Mixed into Validator; uses InputsMixin (contacts, acquisition channels, as-of, month spine)."""

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
