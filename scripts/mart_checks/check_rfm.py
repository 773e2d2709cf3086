"""RFM scores of dim_contacts and dim_accounts (docs/metrics.md section 9, RFM segments).

Recomputed from the marts fct_touchpoints (engagement touches), fct_deals
(open pipeline and won revenue, non-deleted deals only) and dim_contacts (a
contact's account): like the acquisition channel, the identity and deal
rules behind those columns are checked elsewhere, and recomputing them here
would duplicate the models rather than check the RFM rules. Spam or test form
submissions are recognised independently, from staging and seed
form_spam_markers (invalid email, an email of var company_domains, a test or
bot marker), as the intent classification does. Scores are quintiles
(ntile(5)) over dim_contacts or dim_accounts, rows of equal value ordered
by id, then equal values sharing the lowest quintile any of them reaches; the segment is the seed rfm_segments
row of the three levels. The vars are the defaults of dbt_project.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from mart_checks.results import CheckResult, compare
from mart_checks.values import is_null

SECONDS_PER_DAY = 86400.0
PROJECT_FILE = Path(__file__).resolve().parents[2] / "dbt_project.yml"
RFM_COLUMNS = {"rfm_recency_days": "rate", "rfm_frequency_touches": "count", "rfm_monetary_amount": "money",
               "rfm_recency_score": "count", "rfm_frequency_score": "count", "rfm_monetary_score": "count",
               "rfm_segment": "text"}
MARKER_FIELDS = {"email": "email_key", "full_name": "full_name", "company_name": "company_name",
                 "message": "message"}


def project_vars() -> dict:
    """The vars of dbt_project.yml (their defaults: the build's unless it overrode them)."""
    return yaml.safe_load(PROJECT_FILE.read_text())["vars"]


def ntile(count: int, buckets: int = 5) -> np.ndarray:
    """SQL ntile over `count` ordered rows: the first count % buckets buckets hold one row more."""
    sizes = [count // buckets + (1 if i < count % buckets else 0) for i in range(buckets)]
    return np.repeat(np.arange(1, buckets + 1), sizes)


def quintile(frame: pd.DataFrame, by: list[str], ascending: list[bool]) -> pd.Series:
    ordered = frame.sort_values(by, ascending=ascending, kind="stable")
    return pd.Series(ntile(len(ordered)), index=ordered.index).reindex(frame.index)


def score(measures: pd.DataFrame, id_column: str, segments: pd.DataFrame, high_score: int) -> pd.DataFrame:
    """RFM scores and segment of measures (id, recency_days, frequency, monetary), one row per id."""
    out = measures.copy()
    out["engaged"] = out["rfm_recency_days"].notna().astype(int)
    out["rfm_recency_score"] = quintile(out, ["engaged", "rfm_recency_days", id_column], [True, False, True])
    out["rfm_frequency_score"] = quintile(out, ["rfm_frequency_touches", id_column], [True, True])
    out["rfm_monetary_score"] = quintile(out, ["rfm_monetary_amount", id_column], [True, True])
    # equal values share the lowest quintile any of them reaches (never engaged, 0 touches, no pipeline: 1)
    for part, value in (("recency", "rfm_recency_days"), ("frequency", "rfm_frequency_touches"),
                        ("monetary", "rfm_monetary_amount")):
        out[f"rfm_{part}_score"] = out.groupby(value, dropna=False)[f"rfm_{part}_score"].transform("min")
    levels = {f"{part}_level": np.where(out[f"rfm_{part}_score"] >= high_score, "high", "low")
              for part in ("recency", "frequency", "monetary")}
    names = segments.set_index(["recency_level", "frequency_level", "monetary_level"])["segment"]
    out["rfm_segment"] = [names.get(key) for key in zip(*levels.values())]
    return out.set_index(id_column)


class RfmChecks:
    """Mixed into Validator; uses the MartsDatabase methods and InputsMixin.as_of."""

    def spam_submission_ids(self, company_domains: list[str]) -> set:
        """Form submissions of intent spam_or_test, from staging and seed form_spam_markers."""
        forms = self.df("select submission_id, email_key, email_domain, full_name, company_name, message "
                        "from db.staging.stg_web__form_submissions")
        markers = self.df("select field, pattern from db.seeds.form_spam_markers "
                          "where marker_type in ('test_marker', 'bot_content')")
        domains = [d.lower() for d in company_domains]
        spam = set(forms.loc[forms["email_key"].isna(), "submission_id"])
        for row in forms.itertuples():
            domain = None if is_null(row.email_domain) else str(row.email_domain)
            if domain and any(domain == d or domain.endswith("." + d) for d in domains):
                spam.add(row.submission_id)
                continue
            for marker in markers.itertuples():
                fields = MARKER_FIELDS if marker.field == "any" else {marker.field: MARKER_FIELDS.get(marker.field)}
                values = [getattr(row, c) for c in fields.values() if c is not None]
                if any(not is_null(v) and re.search(marker.pattern, str(v).strip().lower()) for v in values):
                    spam.add(row.submission_id)
                    break
        return spam

    def rfm_measures(self, owners: pd.Series, key: str, settings: dict) -> pd.DataFrame:
        """Recency, frequency and monetary of each id of `owners` (id -> account_id for monetary)."""
        _, as_of = self.as_of()
        touches = self.df(f"select {key}, submission_id, occurred_at from db.marts.fct_touchpoints "
                          f"where {key} is not null")
        touches = touches[~touches["submission_id"].isin(settings["spam"])]
        touches = touches[touches["occurred_at"] <= as_of]
        age = (as_of - touches["occurred_at"]).dt.total_seconds() / SECONDS_PER_DAY
        recency = age.groupby(touches[key]).min()
        window = settings["rfm_frequency_window_days"]
        frequency = (age <= window).groupby(touches[key]).sum()
        deals = self.df("select account_id, amount, is_won, is_closed, created_at, closed_at from db.marts.fct_deals "
                        "where account_id is not null")
        won = deals["is_won"].fillna(False).astype(bool) & (deals["closed_at"] <= as_of)
        still_open = (deals["created_at"] <= as_of) & (
            ~deals["is_closed"].fillna(False).astype(bool) | (deals["closed_at"] > as_of))
        deals["value"] = deals["amount"].astype(float).fillna(0).where(won | still_open, 0.0)
        monetary = deals.groupby("account_id")["value"].sum()
        out = pd.DataFrame({key: owners.index})
        out["rfm_recency_days"] = out[key].map(recency)
        out["rfm_frequency_touches"] = out[key].map(frequency).fillna(0).astype(int)
        out["rfm_monetary_amount"] = owners.map(monetary).fillna(0).to_numpy()
        return out

    def check_rfm(self) -> list[CheckResult]:
        settings = project_vars()
        settings["spam"] = self.spam_submission_ids(settings.get("company_domains") or [])
        segments = self.df("select recency_level, frequency_level, monetary_level, segment from db.seeds.rfm_segments")
        high = int(settings["rfm_high_score"])
        results = []
        for mart, key, owner_sql in (
                ("dim_contacts", "contact_id", "select contact_id, account_id from db.marts.dim_contacts"),
                ("dim_accounts", "account_id", "select account_id, account_id as owner from db.marts.dim_accounts")):
            owners = self.df(owner_sql).set_index(key).iloc[:, 0]
            expected = score(self.rfm_measures(owners, key, settings), key, segments, high)
            actual = self.mart(mart).set_index(key)
            results.append(compare(f"{mart}: RFM scores", expected, actual, RFM_COLUMNS))
        return results
