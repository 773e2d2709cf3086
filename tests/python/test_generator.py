"""Tests of scripts/generate_demo_data.py (the demo raw-data generator).

Each test works on a small dataset (--scale 0.1, about 300 accounts) written to a
temporary folder, so the whole file runs in seconds.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "generate_demo_data.py"
AS_OF = pd.Timestamp("2026-10-31T23:00:00Z")
SCALE = "0.1"

# The raw-data contract (docs/raw-data.md section 3): table -> columns.
CONTRACT = {
    "web_page_views": [
        "event_id", "anonymous_id", "viewed_at", "page_url", "referrer_url", "utm_source",
        "utm_medium", "utm_campaign", "utm_content", "utm_term", "click_id", "user_agent",
    ],
    "web_form_submissions": [
        "submission_id", "submitted_at", "form_name", "anonymous_id", "email", "full_name",
        "phone", "company_name", "job_title", "message", "consent", "origin", "utm_source",
        "utm_medium", "utm_campaign", "utm_content", "utm_term", "click_id", "page_url",
        "referrer_url", "budget", "timeline",
    ],
    "ad_clicks": [
        "click_id", "platform", "campaign_id", "ad_group_id", "clicked_at", "anonymous_id",
        "landing_page_url",
    ],
    "ad_performance_daily": [
        "report_date", "platform", "campaign_id", "campaign_name", "impressions", "clicks",
        "spend", "currency", "extracted_at",
    ],
    "crm_accounts": [
        "account_id", "account_name", "website_domain", "industry", "employee_count", "country",
        "created_at", "is_deleted", "merged_into_account_id",
    ],
    "crm_contacts": [
        "contact_id", "account_id", "email", "first_name", "last_name", "job_title", "phone",
        "lead_source", "created_at", "is_deleted", "merged_into_contact_id",
    ],
    "crm_lifecycle_stage_changes": ["contact_id", "lifecycle_stage", "changed_at"],
    "crm_deals": [
        "deal_id", "account_id", "primary_contact_id", "deal_name", "pipeline", "amount",
        "currency", "created_at", "close_date", "deal_stage", "is_closed", "is_won", "is_deleted",
        "expected_close_date",
    ],
    "crm_deal_stage_changes": ["deal_id", "deal_stage", "entered_at"],
    "crm_activities": ["activity_id", "activity_type", "contact_id", "account_id", "occurred_at"],
    "marketing_costs": ["cost_month", "channel", "campaign", "cost", "currency"],
}
TIMESTAMP_COLUMNS = {
    "web_page_views": ["viewed_at"],
    "web_form_submissions": ["submitted_at"],
    "ad_clicks": ["clicked_at"],
    "ad_performance_daily": ["extracted_at"],
    "crm_accounts": ["created_at"],
    "crm_contacts": ["created_at"],
    "crm_lifecycle_stage_changes": ["changed_at"],
    "crm_deals": ["created_at"],
    "crm_deal_stage_changes": ["entered_at"],
    "crm_activities": ["occurred_at"],
}
DATE_COLUMNS = {"ad_performance_daily": ["report_date"], "crm_deals": ["close_date"],
                "marketing_costs": ["cost_month"]}
FREE_MAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com"}
BOT_MARKERS = ["googlebot", "bingbot", "ahrefsbot", "headlesschrome", "python-requests", "curl/"]


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_demo_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def run(out: Path, *extra: str) -> Path:
    gen.main(["--out", str(out), "--scale", SCALE, "--quiet", *extra])
    return out


def read(folder: Path, table: str) -> pd.DataFrame:
    """A contract CSV as text columns: an empty field is null, anything else is kept as text."""
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    return run(tmp_path_factory.mktemp("demo_seed42"))


# ---------------------------------------------------------------- determinism
def test_same_seed_gives_identical_bytes(dataset, tmp_path):
    # the second run goes through the command line, the first through main()
    again = tmp_path / "again"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(again), "--scale", SCALE, "--quiet"],
                   check=True, capture_output=True)
    names = sorted(p.name for p in dataset.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (dataset / name).read_bytes() == (again / name).read_bytes(), f"{name} differs between runs"


def test_other_seed_gives_other_data(dataset, tmp_path):
    other = run(tmp_path / "seed7", "--seed", "7")
    for table in ("web_page_views", "crm_contacts", "crm_deals", "ad_clicks"):
        assert (dataset / f"{table}.csv").read_bytes() != (other / f"{table}.csv").read_bytes(), table


# ---------------------------------------------------------------- contract
def test_every_contract_table_with_exactly_its_columns(dataset):
    for table, columns in CONTRACT.items():
        path = dataset / f"{table}.csv"
        assert path.exists(), f"missing {path.name}"
        with path.open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert sorted(h.strip().lower() for h in header) == sorted(columns), table
        assert len(read(dataset, table)) > 0, f"{table} is empty"


def test_parquet_output_has_the_same_columns_as_text(tmp_path):
    out = tmp_path / "pq"
    gen.main(["--out", str(out), "--scale", "0.05", "--format", "parquet", "--quiet"])
    for table, columns in CONTRACT.items():
        path = out / f"{table}.parquet"
        assert path.exists(), f"missing {path.name}"
        schema = pq.read_schema(path)
        assert sorted(n.lower() for n in schema.names) == sorted(columns), table
        assert all(str(t) == "string" for t in schema.types), f"{table}: not every column is text"
        assert pq.read_metadata(path).num_rows > 0, table


def test_size_flag_selects_scale_and_format():
    args = gen.parse_args(["--out", "x", "--size", "M"])
    assert args.size == "M" and args.format is None
    assert gen.SIZES["M"] == 10.0 and gen.SIZES["L"] == 100.0


# ---------------------------------------------------------------- time
def _parse(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, errors="coerce", format="ISO8601")


def test_no_event_after_as_of(dataset):
    for table, columns in TIMESTAMP_COLUMNS.items():
        df = read(dataset, table)
        for col in columns:
            raw = df[col].dropna()
            parsed = _parse(raw)
            unparseable = parsed.isna().sum()
            # only a handful of planted unparseable values ('not a date', month 13...)
            assert unparseable <= max(3, 0.005 * len(raw)), f"{table}.{col}: {unparseable} unparseable"
            assert parsed.max() <= AS_OF, f"{table}.{col}: {parsed.max()} is after the as-of time"
            assert parsed.min() >= AS_OF - pd.Timedelta(days=5 * 365), f"{table}.{col}: {parsed.min()}"
    for table, columns in DATE_COLUMNS.items():
        df = read(dataset, table)
        for col in columns:
            days = pd.to_datetime(df[col].dropna(), format="%Y-%m-%d")
            assert days.max() <= AS_OF.tz_localize(None).normalize(), f"{table}.{col}"


def test_time_span_covers_about_two_years(dataset):
    views = _parse(read(dataset, "web_page_views")["viewed_at"]).dropna()
    span = (views.max() - views.min()).days
    assert 700 <= span <= 735, span


# ---------------------------------------------------------------- messes
def test_exact_duplicate_page_view_rows_exist(dataset):
    views = read(dataset, "web_page_views")
    assert views.duplicated(keep=False).any()


def test_ad_reports_are_restated(dataset):
    perf = read(dataset, "ad_performance_daily")
    key = ["report_date", "platform", "campaign_id"]
    restated = perf[perf.duplicated(key, keep=False)]
    assert len(restated) > 0
    # a restatement carries other numbers and a later extraction time
    assert restated.groupby(key)["clicks"].nunique().max() > 1 or \
        restated.groupby(key)["impressions"].nunique().max() > 1
    assert restated.groupby(key)["extracted_at"].nunique().min() > 1


def test_merge_chain_of_length_two_exists(dataset):
    accounts = read(dataset, "crm_accounts")
    into = dict(zip(accounts["account_id"], accounts["merged_into_account_id"]))
    chains = [a for a, b in into.items() if isinstance(b, str) and isinstance(into.get(b), str)]
    assert chains, "no a -> b -> c merge chain"


def test_contact_merges_exist(dataset):
    """A few people recorded twice under another email and merged into the
    original record (one chain of two), some with history on the merged-away
    record."""
    contacts = read(dataset, "crm_contacts")
    merged = contacts[contacts["merged_into_contact_id"].notna()]
    into = dict(zip(merged["contact_id"], merged["merged_into_contact_id"]))
    assert len(merged) >= 3
    assert set(into.values()) <= set(contacts["contact_id"]), "a merge into a contact the export lacks"
    assert any(into.get(b) for b in into.values()), "no a -> b -> c contact merge chain"
    email_of = dict(zip(contacts["contact_id"], contacts["email"].str.strip().str.lower()))
    assert all(email_of[a] != email_of[b] for a, b in into.items()), "a merged-away record without a second email"
    first = dict(zip(contacts["contact_id"], contacts["first_name"].str.lower()))
    assert all(first[a] == first[b] for a, b in into.items()), "merged records of different people"
    history = set(read(dataset, "crm_lifecycle_stage_changes")["contact_id"])
    assert set(into) & history, "no history on a merged-away record"


def test_free_mail_addresses_exist(dataset):
    emails = pd.concat([read(dataset, "crm_contacts")["email"], read(dataset, "web_form_submissions")["email"]])
    domains = emails.dropna().str.strip().str.lower().str.rsplit("@", n=1).str[-1]
    assert domains.isin(FREE_MAIL).any()


def test_bot_user_agents_exist(dataset):
    agents = read(dataset, "web_page_views")["user_agent"].dropna().str.lower()
    assert agents.apply(lambda ua: any(m in ua for m in BOT_MARKERS)).any()


# ---------------------------------------------------------------- consistency
def test_daily_ad_clicks_cover_tracked_clicks(dataset):
    perf = read(dataset, "ad_performance_daily")
    perf["extracted"] = _parse(perf["extracted_at"])
    latest = perf.sort_values("extracted").groupby(["report_date", "campaign_id"]).tail(1)
    reported = latest.set_index(["report_date", "campaign_id"])["clicks"].astype(int)
    clicks = read(dataset, "ad_clicks")
    day = _parse(clicks["clicked_at"]).dt.strftime("%Y-%m-%d")
    tracked = clicks.groupby([day, clicks["campaign_id"]]).size()
    tracked.index.names = ["report_date", "campaign_id"]
    joined = tracked.to_frame("tracked").join(reported.rename("reported"), how="left")
    assert joined["reported"].notna().all(), "clicks on a campaign-day without a report row"
    assert (joined["reported"] >= joined["tracked"]).all()


def test_landing_page_views_carry_the_click_id(dataset):
    clicks = read(dataset, "ad_clicks")
    views = read(dataset, "web_page_views")
    on_views = set(views["click_id"].dropna())
    share = clicks["click_id"].isin(on_views).mean()
    assert 0.6 < share < 0.99, share     # most clicks land on a tracked page, some bounce
    tagged = views.dropna(subset=["click_id"])
    assert tagged.apply(lambda r: r["click_id"] in r["page_url"], axis=1).all()


def test_form_emails_match_contacts_and_domains_match_accounts(dataset):
    contacts = read(dataset, "crm_contacts")
    forms = read(dataset, "web_form_submissions")
    accounts = read(dataset, "crm_accounts")
    key = lambda s: s.dropna().str.strip().str.lower()
    matched = key(forms["email"]).isin(set(key(contacts["email"])))
    assert 0.7 < matched.mean() < 1.0, matched.mean()
    domain = (accounts["website_domain"].dropna().str.strip().str.lower()
              .str.replace(r"^https?://", "", regex=True).str.replace(r"^www\.", "", regex=True)
              .str.split("/").str[0])
    corporate = contacts.dropna(subset=["account_id"])
    email_domain = key(corporate["email"]).str.rsplit("@", n=1).str[-1]
    assert email_domain.isin(set(domain)).mean() > 0.9


def test_summary_reports_calibration_in_plausible_ranges(dataset):
    summary = json.loads((dataset / "_generation_summary.json").read_text())
    cal = summary["calibration"]
    assert summary["row_counts"]["crm_contacts"] == len(read(dataset, "crm_contacts"))
    assert 3 <= cal["contacts_per_account"] <= 7
    assert 0.01 <= cal["visit_to_lead"] <= 0.04
    assert 0.15 <= cal["lead_to_mql"] <= 0.5
    assert 0.05 <= cal["mql_to_sql"] <= 0.4
    assert 0.1 <= cal["win_rate"] <= 0.45


def test_deal_history_matches_current_stage(dataset):
    deals = read(dataset, "crm_deals").dropna(subset=["deal_id"])
    history = read(dataset, "crm_deal_stage_changes")
    history["at"] = _parse(history["entered_at"])
    last = history.dropna(subset=["at"]).sort_values("at").groupby("deal_id")["deal_stage"].last()
    joined = deals.set_index("deal_id").join(last.rename("last_stage"), how="inner")
    assert len(joined) > 0.95 * len(deals)
    assert (joined["deal_stage"] == joined["last_stage"]).mean() > 0.97
    closed = deals["deal_stage"].isin(["closed_won", "closed_lost"])
    assert deals.loc[closed, "close_date"].notna().all()
    assert deals.loc[~closed, "close_date"].isna().all()
    assert set(deals["pipeline"]) == {"new_business", "renewal", "expansion"}


def test_sales_forms_carry_qualification_answers(dataset):
    """budget / timeline (optional columns): most sales-request forms answer,
    content forms rarely; open deals, and only they, have an expected close date."""
    forms = read(dataset, "web_form_submissions")
    sales = forms["form_name"].isin(["demo_request", "contact_us", "pricing_inquiry"])
    content = forms["form_name"].isin(["ebook_download", "webinar_registration", "newsletter_signup"])
    for col in ("budget", "timeline"):
        assert forms.loc[sales, col].notna().mean() > 0.3, col
        assert forms.loc[content, col].notna().mean() < 0.1, col
    assert set(forms["budget"].dropna().str.strip().str.lower()) == {"under 10k", "10k-50k", "50k+", "no budget"}
    deals = read(dataset, "crm_deals")
    closed = deals["deal_stage"].isin(["closed_won", "closed_lost"])
    assert deals.loc[closed, "expected_close_date"].isna().all()
    assert deals.loc[~closed, "expected_close_date"].notna().mean() > 0.7
    pd.to_datetime(deals["expected_close_date"].dropna(), format="%Y-%m-%d")


def test_email_events_near_benchmarks_and_clicks_open_sessions(dataset):
    """email_events (optional, scripts/demo_email.py): rates per email and
    recipient near B2B benchmarks; a person's click is mostly followed, within
    a minute, by a page view of the clicked page with the email's utm tags."""
    events = read(dataset, "email_events")
    assert list(events.columns) == gen.OPTIONAL_TABLES["email_events"]
    rates = json.loads((dataset / "_generation_summary.json").read_text())["email_events"]
    assert 0.97 <= rates["delivery_rate"] <= 0.985
    assert 0.18 <= rates["human_open_rate"] <= 0.27 and 0.25 <= rates["proxy_open_recipients"] <= 0.35
    assert 0.02 <= rates["human_click_rate"] <= 0.04 and rates["clickers_with_a_session"] > 0.7
    assert 0.002 <= rates["unsubscribe_rate"] <= 0.006 and rates["spam_report_rate"] <= 0.001
    types = set(events["event_type"].str.strip().str.lower())
    assert any(t.isupper() for t in events["event_type"]) and types - {"sent", "delivered", "open", "click", "bounce",
                                                                       "unsubscribe", "reply", "spam_report"}
    assert events["event_id"].duplicated().any()
    assert events["contact_id"].isna().any() and events["email"].isna().any()

    clicks = events[events["event_type"].str.strip().str.lower() == "click"].copy()
    clicks = clicks[~clicks["user_agent"].fillna("").str.contains("Barracuda|Mimecast|Proofpoint|Chrome/120")]
    clicks["at"] = _parse(clicks["occurred_at"])
    clicks["page"] = clicks["url"].str.split("&_hsenc|&email=|#", regex=True).str[0]
    views = read(dataset, "web_page_views")
    views = views[views["page_url"].str.contains("utm_medium=email", na=False)]
    views = views.assign(at=_parse(views["viewed_at"]), page=views["page_url"])
    joined = clicks.merge(views[["page", "at"]], on="page", suffixes=("", "_view"))
    gap = (joined["at_view"] - joined["at"]).dt.total_seconds()
    followed = joined.loc[(gap > 0) & (gap <= 60), "event_id"].nunique()
    assert followed > 0.6 * len(clicks), (followed, len(clicks))
