"""The email marts (docs/metrics.md section 10) recomputed from the raw email_events file.

The file (email_events.csv, else email_events.parquet, in the raw folder) is read straight with
DuckDB, every column as text, and the rules are applied here in pandas, apart from staging and the
intermediate models:
- an event counts when it has an event id, a campaign id, a recipient (a valid email key or a contact
  id), a known event type (trimmed, lower-cased) and an ISO 8601 time (naive = UTC) between var
  min_valid_timestamp and now;
- exact copies count once. Of an event id with several versions the earliest by time wins; none does
  when the earliest (or one tied with it) is unusable. Two usable versions tied at the same time are
  ranked by a row hash this check does not repeat: their campaigns are left out, saying so;
- events of people listed in the optional privacy_deletions file are dropped (their email key, or the
  contact id of a CRM contact record with that key or in its merge tree);
- an open or click is a machine's when the sender flagged it (is_filtered), when its lower-cased user
  agent matches a pattern of seeds/email_machine_agents.csv, or (clicks) when it is at most var
  email_instant_click_seconds after the recipient's first delivery, else first send, of the campaign;
- recipient = email key, else contact id; cohort month = month of its first send of the campaign,
  else of its earliest event; the campaign name is the latest non-null one (by time, then event id).
Compared: every count and rate of rpt_email_metrics_monthly by (month, campaign_id), and of
rpt_email_totals_monthly by month (a month of the spine without email is a row of zeros).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from mart_checks.results import CheckResult, compare
from mart_checks.values import month_start, ratio

ROOT = Path(__file__).resolve().parents[2]
EVENT_TYPES = {"sent", "delivered", "open", "click", "bounce", "unsubscribe", "reply", "spam_report"}
EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
TRUE_TEXT = {"true", "t", "1", "yes", "y"}
RAW_COLUMNS = ["event_id", "contact_id", "email", "campaign_id", "campaign_name", "event_type", "occurred_at",
               "url", "user_agent", "is_filtered"]
# recipient flag -> event type; a count column of both marts -> flag (or machine event type)
FLAGS = {"was_sent": "sent", "was_delivered": "delivered", "bounced": "bounce", "replied": "reply",
         "unsubscribed": "unsubscribe", "spam_reported": "spam_report"}
COUNTS = {"recipients_sent": "was_sent", "recipients_delivered": "was_delivered", "recipients_bounced": "bounced",
          "unique_openers": "opened", "unique_clickers": "clicked", "recipients_replied": "replied",
          "recipients_unsubscribed": "unsubscribed", "recipients_spam_reported": "spam_reported",
          "machine_opens": "machine_opens", "machine_clicks": "machine_clicks"}
# rate -> (numerator, denominator), written out here apart from the dbt macro email_rates
RATES = {"delivery_rate": ("recipients_delivered", "recipients_sent"),
         "open_rate": ("unique_openers", "recipients_delivered"),
         "click_rate": ("unique_clickers", "recipients_delivered"),
         "click_to_open_rate": ("unique_clickers", "unique_openers"),
         "reply_rate": ("recipients_replied", "recipients_delivered"),
         "unsubscribe_rate": ("recipients_unsubscribed", "recipients_delivered"),
         "spam_rate": ("recipients_spam_reported", "recipients_delivered"),
         "bounce_rate": ("recipients_bounced", "recipients_sent")}
KINDS = {**{c: "count" for c in COUNTS}, **{r: "rate" for r in RATES}}


def text(series: pd.Series) -> pd.Series:
    """Trimmed text, empty as null (spaces only, as SQL trim)."""
    out = series.astype("string").str.strip(" ")
    return out.where(out != "")


def email_keys(series: pd.Series) -> pd.Series:
    lowered = series.astype("string").str.strip(" ").str.lower()
    return lowered.where(lowered.fillna("").map(lambda v: bool(EMAIL.match(v))))


def read_raw(raw_dir: Path, table: str) -> pd.DataFrame | None:
    """A raw table as text columns named in lower case, or None without its file."""
    for name, reader in ((f"{table}.csv", "read_csv(?, all_varchar = true, header = true, ignore_errors = true)"),
                         (f"{table}.parquet", "read_parquet(?)")):
        path = raw_dir / name
        if path.exists():
            source = str(path / "*.parquet") if path.is_dir() else str(path)
            frame = duckdb.connect().execute(f"select * from {reader}", [source]).df()
            frame.columns = [c.lower() for c in frame.columns]
            return frame.astype("string")
    return None


def forgotten(raw_dir: Path) -> tuple[set, set]:
    """(email keys, contact ids) of the people the optional privacy_deletions file lists."""
    deletions = read_raw(raw_dir, "privacy_deletions")
    if deletions is None:
        return set(), set()
    keys = set(email_keys(deletions["email"]).dropna())
    contacts = read_raw(raw_dir, "crm_contacts")
    if contacts is None or not keys:
        return keys, set()
    ids, parents = text(contacts["contact_id"]), text(contacts["merged_into_contact_id"])
    root = {}

    def find(x):
        while root.get(x, x) != x:
            x = root[x]
        return x
    for child, parent in zip(ids, parents):  # merge trees: a record and what it was merged into
        if pd.notna(child) and pd.notna(parent):
            root[find(child)] = find(parent)
    listed = {find(i) for i, key in zip(ids, email_keys(contacts["email"])) if pd.notna(i) and key in keys}
    return keys, {i for i in ids.dropna() if find(i) in listed}


def cleaned(raw: pd.DataFrame, settings: dict, forget: tuple[set, set]) -> pd.DataFrame:
    """The raw rows with their cleaned values and whether each is usable."""
    for column in RAW_COLUMNS:
        if column not in raw.columns:
            raw[column] = pd.NA
    out = pd.DataFrame({"raw": list(zip(*(raw[c].fillna("\0null") for c in RAW_COLUMNS)))}, index=raw.index)
    for column in ("event_id", "contact_id", "campaign_id", "campaign_name", "user_agent"):
        out[column] = text(raw[column])
    out["event_type"] = text(raw["event_type"]).str.lower()
    out["email_key"] = email_keys(raw["email"])
    out["is_filtered"] = raw["is_filtered"].astype("string").str.strip(" ").str.lower().isin(TRUE_TEXT)
    iso = text(raw["occurred_at"]).str.match(
        r"^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d*)?)?(Z|[+-]\d{1,2}(:?\d{2})?)?)?$", na=False)
    parsed = pd.to_datetime(text(raw["occurred_at"]).where(iso), utc=True, errors="coerce", format="ISO8601")
    out["occurred_at"] = parsed.dt.tz_localize(None)
    keys, contacts = forget
    out = out[~(out["email_key"].isin(keys) | out["contact_id"].isin(contacts))].copy()
    lowest = pd.Timestamp(str(settings["min_valid_timestamp"]))
    now = pd.Timestamp.now("UTC").tz_localize(None)
    out["usable"] = (out["campaign_id"].notna() & (out["contact_id"].notna() | out["email_key"].notna())
                     & out["event_type"].isin(EVENT_TYPES) & out["occurred_at"].between(lowest, now))
    return out[out["event_id"].notna()]


def one_version(rows: pd.DataFrame) -> tuple[pd.DataFrame, set]:
    """One row per event id (see the module docstring), and the campaigns of unresolved ties."""
    rows = rows.drop_duplicates("raw").copy()  # exact copies
    counts = rows["event_id"].map(rows["event_id"].value_counts())
    single = rows[counts == 1]
    several = rows[counts > 1].sort_values(["event_id", "occurred_at"], na_position="first")
    kept, unresolved = [], set()
    for _, versions in several.groupby("event_id", sort=False):
        first = versions["occurred_at"].iloc[0]
        tied = versions[versions["occurred_at"] == first] if pd.notna(first) else versions.iloc[:1]
        if not tied["usable"].all():
            continue  # the first version is unusable: the event is quarantined
        meaning = tied.drop(columns=["raw"]).astype("string").drop_duplicates()
        if len(meaning) > 1:
            unresolved |= set(tied["campaign_id"])
        kept.append(tied.iloc[:1])
    events = pd.concat([single, *kept]) if kept else single
    return events[events["usable"]].drop(columns=["raw", "usable"]), unresolved


def machine_events(events: pd.DataFrame, agents: pd.DataFrame, seconds: float) -> pd.Series:
    """True for the opens and clicks a machine made."""
    engaged = events["event_type"].isin(["open", "click"])
    agent = events["user_agent"].str.lower()
    by_agent = pd.Series(False, index=events.index)
    for pattern in agents.sort_values("rule_order")["pattern"]:
        by_agent |= agent.fillna("").map(lambda v, p=re.compile(pattern): bool(p.search(v))) & agent.notna()
    pair = [events["campaign_id"], events["recipient_key"]]
    first = {t: events["occurred_at"].where(events["event_type"] == t).groupby(pair).transform("min")
             for t in ("delivered", "sent")}
    arrived = first["delivered"].fillna(first["sent"])
    instant = (events["event_type"] == "click") & (events["occurred_at"] <= arrived + pd.Timedelta(seconds=seconds))
    return engaged & (events["is_filtered"] | by_agent | instant.fillna(False))


def recipients(events: pd.DataFrame) -> pd.DataFrame:
    """One row per campaign and recipient key: cohort month, flags and machine counts."""
    human = ~events["is_machine"]
    for flag, event_type in FLAGS.items():
        events[flag] = events["event_type"] == event_type
    events["opened"] = (events["event_type"] == "open") & human
    events["clicked"] = (events["event_type"] == "click") & human
    events["machine_opens"] = ((events["event_type"] == "open") & events["is_machine"]).astype(int)
    events["machine_clicks"] = ((events["event_type"] == "click") & events["is_machine"]).astype(int)
    events["sent_at"] = events["occurred_at"].where(events["event_type"] == "sent")
    grouped = events.groupby(["campaign_id", "recipient_key"])
    out = grouped[[*FLAGS, "opened", "clicked"]].any().join(grouped[["machine_opens", "machine_clicks"]].sum())
    out["month"] = month_start(grouped["sent_at"].min().fillna(grouped["occurred_at"].min()))
    return out.reset_index()


def with_rates(counts: pd.DataFrame) -> pd.DataFrame:
    for rate, (numerator, denominator) in RATES.items():
        counts[rate] = ratio(counts[numerator], counts[denominator])
    return counts


def campaign_names(events: pd.DataFrame) -> pd.Series:
    named = events[events["campaign_name"].notna()].sort_values(["occurred_at", "event_id"])
    return named.groupby("campaign_id")["campaign_name"].last()


class EmailChecks:
    """Mixed into Validator; uses the MartsDatabase methods, InputsMixin.month_spine and raw_dir."""

    def email_events(self) -> tuple[pd.DataFrame, set] | None:
        raw = read_raw(Path(self.raw_dir), "email_events")
        if raw is None:
            return None
        settings = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]
        rows = cleaned(raw, settings, forgotten(Path(self.raw_dir)))
        events, unresolved = one_version(rows)
        events["recipient_key"] = events["email_key"].fillna(events["contact_id"])
        agents = pd.read_csv(ROOT / "seeds" / "email_machine_agents.csv", dtype={"pattern": str})
        events["is_machine"] = machine_events(events, agents, float(settings["email_instant_click_seconds"]))
        return events, unresolved

    def check_email(self) -> list[CheckResult]:
        names = ("rpt_email_metrics_monthly: counts and rates vs raw email_events",
                 "rpt_email_totals_monthly: counts and rates vs raw email_events")
        found = self.email_events() if self.raw_dir else None
        if found is None:
            why = f"no email_events.csv or .parquet in {self.raw_dir}" if self.raw_dir else "no raw folder given"
            return [CheckResult(name, "SKIPPED", detail=why) for name in names]
        events, unresolved = found
        people = recipients(events)
        per_campaign = with_rates(people.groupby(["month", "campaign_id"])[list(COUNTS.values())].sum()
                                  .set_axis(list(COUNTS), axis=1))
        per_campaign["campaign_name"] = per_campaign.index.get_level_values("campaign_id").map(campaign_names(events))
        actual = self.mart("rpt_email_metrics_monthly")
        actual["month"] = pd.to_datetime(actual["month"])
        skipped_months = set(actual.loc[actual["campaign_id"].isin(unresolved), "month"])
        actual = actual[~actual["campaign_id"].isin(unresolved)].set_index(["month", "campaign_id"])
        per_campaign = per_campaign[~per_campaign.index.get_level_values("campaign_id").isin(unresolved)]
        note = (f"; left out: campaigns {', '.join(sorted(unresolved))} (event ids with tied versions)"
                if unresolved else "")
        first = compare(names[0], per_campaign, actual, {**KINDS, "campaign_name": "text"})
        first.detail += note
        people = people[~people["month"].isin(skipped_months)]
        spine = [m for m in self.month_spine() if m not in skipped_months]
        totals = people.groupby("month")[list(COUNTS.values())].sum().set_axis(list(COUNTS), axis=1)
        totals = with_rates(totals.reindex(spine, fill_value=0))
        mart = self.mart("rpt_email_totals_monthly")
        mart["month"] = pd.to_datetime(mart["month"])
        second = compare(names[1], totals, mart[~mart["month"].isin(skipped_months)].set_index("month"), KINDS)
        # a spine month missing from the mart would compare as zeros: its months are checked too
        months = set(mart["month"]) ^ set(self.month_spine())
        if months:
            second.status, second.mismatched = "MISMATCH", second.mismatched + len(months)
            second.examples.insert(0, "months differ from the month spine: "
                                   + ", ".join(sorted(f"{m:%Y-%m}" for m in months)))
        second.detail += note
        return [first, second]
