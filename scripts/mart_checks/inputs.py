"""The independent inputs the checks share, read from staging and seeds only.

Contacts with their stage timestamps (back-filled, merges followed), the
acquisition channel (the one input taken from a mart, see
scripts/validate_marts.py), the as-of time, the month spine and the channel set.
"""

from __future__ import annotations

import pandas as pd

from mart_checks.merges import surviving_contacts
from mart_checks.values import month_start

FUNNEL_STAGES = {"lead": 2, "mql": 3, "sql": 4, "opportunity": 5, "customer": 6}


class InputsMixin:
    """Mixed into Validator; uses the MartsDatabase methods (df, one) and its cache."""

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
                    union all select occurred_at from db.staging.stg_email__events
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
