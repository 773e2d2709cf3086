"""The Validator: the inputs, spend and checks of this package put together, and the run.

Each module of the package holds one part as a mixin over one read-only
database session, so the inputs computed once (contacts, spend, as-of) are
shared by every check through MartsDatabase's cache.
"""

from __future__ import annotations

from pathlib import Path

from mart_checks.check_contract import ContractChecks
from mart_checks.check_deals import DealChecks
from mart_checks.check_email import EmailChecks
from mart_checks.check_funnel import FunnelChecks
from mart_checks.check_months import PartialMonthCheck
from mart_checks.check_privacy import PrivacyCheck
from mart_checks.check_rfm import RfmChecks
from mart_checks.check_spend import SpendChecks
from mart_checks.database import MartsDatabase
from mart_checks.inputs import InputsMixin
from mart_checks.results import CheckResult
from mart_checks.spend import SpendMixin


class Validator(ContractChecks, PrivacyCheck, FunnelChecks, SpendChecks, DealChecks, PartialMonthCheck, RfmChecks,
                EmailChecks, SpendMixin, InputsMixin, MartsDatabase):
    def __init__(self, db_path: Path, reporting_currency: str,
                 new_business_pipelines: tuple[str, ...] = ("new_business",), max_examples: int = 8,
                 performance_max_channel: str = "paid_search", *,
                 contract: dict[str, tuple[list[str], list[str]]], raw_dir: Path | None = None):
        self.performance_max_channel = performance_max_channel
        self.raw_dir = raw_dir
        self.reporting_currency = reporting_currency.upper()
        self.new_business_pipelines = tuple(p.strip().lower() for p in new_business_pipelines)
        self.max_examples = max_examples
        self.contract = contract
        super().__init__(db_path)

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
            ("RFM scores of dim_contacts and dim_accounts", ["dim_contacts", "dim_accounts", "fct_touchpoints",
                                                            "fct_deals"], self.check_rfm),
            ("email marts vs raw email_events", ["rpt_email_metrics_monthly", "rpt_email_totals_monthly"],
             self.check_email),
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
