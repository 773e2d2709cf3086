"""is_partial_month of every monthly mart: true exactly when the month ends after the as-of time."""

from __future__ import annotations

import pandas as pd

from mart_checks.results import CheckResult, result
from mart_checks.values import fmt, is_null

# Monthly marts and their month column (is_partial_month is checked on each).
MONTHLY_MARTS = {
    "rpt_funnel_monthly": "month",
    "rpt_channel_metrics_monthly": "month",
    "rpt_campaign_metrics_monthly": "month",
    "rpt_email_metrics_monthly": "month",
    "rpt_email_totals_monthly": "month",
    "rpt_attribution_by_channel_monthly": "month",
    "rpt_conversions_vs_opportunities_monthly": "month",
    "rpt_mql_to_sql_rates": "cohort_month",
    "dim_dates": "month",
}


class PartialMonthCheck:
    """Mixed into Validator; uses the MartsDatabase methods and InputsMixin.as_of."""

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
