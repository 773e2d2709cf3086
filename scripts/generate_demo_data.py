#!/usr/bin/env python3
"""Generate the demo raw dataset of a fictional B2B software company.

Northwind Analytics (``northwind-analytics.com``) sells a revenue-analytics
platform to other businesses. This script simulates about two years of its
go-to-market up to a fixed as-of time and writes the raw exports the dbt
project reads (one file per table of ``docs/raw-data.md`` (section 3)):

    web_page_views, web_form_submissions, ad_clicks, ad_performance_daily,
    crm_accounts, crm_contacts, crm_lifecycle_stage_changes, crm_deals,
    crm_deal_stage_changes, crm_activities, marketing_costs

and the optional ``web_identifies`` (browsers identified without a form) and
``email_events`` (email engagement, scripts/demo_email.py).

How it works
------------
1. A ground truth is simulated first, entirely with numpy arrays: accounts
   with a buying committee of contacts, each with milestone times (lead, MQL,
   SQL, opportunity, customer), deals with their cycles, browsers, sessions,
   form submissions, CRM activities and ad clicks. Group-wise logic uses
   ``np.repeat`` / ``cumsum`` / ``searchsorted``; there is no Python loop per
   row or per account.
2. The ground truth is rendered into the messy text the source systems export
   (timestamps in several spellings, booleans as ``t``/``yes``/``1``, mixed
   case emails, duplicate rows, restated ad reports, merged accounts...).
   Strings are assembled with Arrow compute kernels on whole columns.
3. Big tables (page views) are produced and written in chunks, so that the
   ``L`` size runs in minutes with bounded memory.
4. Calibration figures are computed from the ground truth, printed, and saved
   to ``_generation_summary.json``.

The written window opens on the first whole UTC month at most two years before
the as-of time (2024-11-01 for the default as-of time), and the world is
simulated from a year earlier (``WARMUP_DAYS``): the window opens on a market in
steady state (contacts already on their way, deals already open), whose events
before the window are not written. Nothing is clamped at the as-of time either:
what would happen later is simply not in the data yet. So the first and the last
month have the leads and activity of their neighbours.

Nothing depends on the wall clock: the same arguments give byte-identical
files.

Usage::

    python scripts/generate_demo_data.py --out DIR [--seed 42] [--scale 1.0]
        [--size S|M|L] [--format csv|parquet] [--as-of 2026-10-31T23:00:00Z]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote_plus
from types import SimpleNamespace
from typing import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_bant  # noqa: E402  (a sibling module: the qualification answers)
import demo_email  # noqa: E402  (sibling modules: the email events)
import demo_email_render  # noqa: E402

# --------------------------------------------------------------------------
# Contract: table -> columns (names exactly as in docs/raw-data.md section 3)
# --------------------------------------------------------------------------
TABLES: dict[str, list[str]] = {
    "web_page_views": [
        "event_id", "anonymous_id", "viewed_at", "page_url", "referrer_url",
        "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term",
        "click_id", "user_agent",
    ],
    "web_form_submissions": [
        "submission_id", "submitted_at", "form_name", "anonymous_id", "email",
        "full_name", "phone", "company_name", "job_title", "message", "budget",
        "timeline", "consent", "origin", "utm_source", "utm_medium", "utm_campaign",
        "utm_content", "utm_term", "click_id", "page_url", "referrer_url",
    ],
    "ad_clicks": [
        "click_id", "platform", "campaign_id", "ad_group_id", "clicked_at",
        "anonymous_id", "landing_page_url",
    ],
    "ad_performance_daily": [
        "report_date", "platform", "campaign_id", "campaign_name", "impressions",
        "clicks", "spend", "currency", "extracted_at",
    ],
    "crm_accounts": [
        "account_id", "account_name", "website_domain", "industry",
        "employee_count", "country", "created_at", "is_deleted",
        "merged_into_account_id",
    ],
    # merged_into_contact_id is mostly empty: not the last column, whose
    # values the raw loader's check for mixed line endings relies on
    "crm_contacts": [
        "contact_id", "account_id", "merged_into_contact_id", "email", "first_name",
        "last_name", "job_title", "phone", "lead_source", "created_at", "is_deleted",
    ],
    "crm_lifecycle_stage_changes": ["contact_id", "lifecycle_stage", "changed_at"],
    "crm_deals": [
        "deal_id", "account_id", "primary_contact_id", "deal_name", "pipeline",
        "amount", "currency", "created_at", "close_date", "expected_close_date",
        "deal_stage", "is_closed", "is_won", "is_deleted",
    ],
    "crm_deal_stage_changes": ["deal_id", "deal_stage", "entered_at"],
    "crm_activities": [
        "activity_id", "activity_type", "contact_id", "account_id", "occurred_at",
    ],
    "marketing_costs": ["cost_month", "channel", "campaign", "cost", "currency"],
}
# optional contract tables (not in the summary's row counts)
OPTIONAL_TABLES: dict[str, list[str]] = {
    "web_identifies": ["identify_id", "anonymous_id", "email", "identified_at"],
    "email_events": demo_email_render.COLUMNS,
}

SIZES = {"S": 1.0, "M": 10.0, "L": 100.0}
DEFAULT_AS_OF = "2026-10-31T23:00:00Z"
WINDOW_DAYS = 730         # the written window: whole UTC months within this many days before the as-of time
WARMUP_DAYS = 365         # simulated before the window, not written (see window_start)
ANON_WARMUP_DAYS = 60     # anonymous visitors: first visits before the window, for their return visits in it
CALENDAR_FUTURE_DAYS = 1200   # day weights after the as-of time (the simulation looks ahead; nothing is written)

DAY = 86_400
HOUR = 3_600
MINUTE = 60

COMPANY_DOMAIN = "northwind-analytics.com"
BASE_URL = f"https://www.{COMPANY_DOMAIN}"

# --------------------------------------------------------------------------
# Calibration knobs (what the simulated company looks like)
# --------------------------------------------------------------------------
ACCOUNTS_PER_SCALE = 3_000
P_IN_MARKET = 0.29                # accounts that open a new-business deal at some point
DAYS_TO_FIRST_DEAL = (2.2, 43.0)  # gamma(shape, scale) after the account's first touch
DEAL_CYCLE_DAYS = (2.0, 30.0)     # gamma(shape, scale) from deal created to close
P_WIN_FIRST_DEAL = 0.27
P_PRODUCT_DEAL = (0.34, 0.10)     # extra new-business deals (2nd, 3rd product) per opportunity
P_SECOND_ATTEMPT = 0.25           # lost accounts that come back with a new deal
P_EXPANSION = 0.40
P_RENEWAL_WON = 0.85
FREE_MAIL_CONTACTS_PER_ACCOUNT = 1.3
FORM_ONLY_PEOPLE_PER_ACCOUNT = 0.22   # people who submit forms but never reach the CRM
ANON_BROWSERS_PER_ACCOUNT = 175       # visitors who never identify themselves
BOT_SHARE_OF_ANON_BROWSERS = 0.002

# contact type: 0 deal champion, 1 second opportunity contact, 2 committee member
# of a deal account, 3 contact of an account without deal, 4 free-mail contact,
# 5 form-only person (not in the CRM)
P_MQL = np.array([1.0, 1.0, 0.42, 0.34, 0.12, 0.0])
P_SQL = np.array([1.0, 1.0, 0.32, 0.125, 0.05, 0.0])   # given MQL
P_MQL_WARM, P_SQL_WARM = 0.45, 0.25                   # accounts whose deal is still ahead
BROWSE_RATE_PER_DAY = np.array([1 / 45, 1 / 50, 1 / 130, 1 / 70, 1 / 80, 1 / 150])
CONTENT_FORMS_MEAN = np.array([0.5, 0.4, 0.25, 0.3, 0.35, 0.2])
P_NURTURED_CHAMPION = 0.55

# --------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------
BRAND_PREFIX = [
    "zen", "quil", "brix", "vel", "orb", "kal", "nov", "tri", "lum", "sar",
    "dex", "fyr", "mav", "pol", "cor", "hal", "ist", "jun", "kry", "lex",
    "myr", "nex", "oct", "pra", "qua", "rhe", "syl", "tav", "umb", "vor",
    "ald", "bel", "cyr", "dar", "elv", "gal", "hyd", "jor", "kel", "mir",
]
BRAND_SUFFIX = [
    "ora", "ion", "ex", "ia", "um", "ant", "elo", "ix", "ova", "eon", "ara",
    "et", "yn", "ica", "ero", "is", "ux", "an", "ago", "ent", "ity", "oma",
    "ular", "esa", "iro",
]
BRANDS = [(p + s).capitalize() for p in BRAND_PREFIX for s in BRAND_SUFFIX]
NOUNS = [
    "Labs", "Systems", "Logistics", "Health", "Works", "Data", "Cloud", "Foods",
    "Metals", "Energy", "Capital", "Robotics", "Media", "Learning", "Retail",
    "Analytics", "Software", "Freight", "Pharma", "Bank", "Insurance", "Motors",
    "Textiles", "Partners", "Consulting", "Networks", "Security", "Studios",
    "Foundry", "Dynamics", "Solutions", "Holdings", "Group", "Digital", "Bio",
    "Payments", "Travel", "Farms", "Materials", "Devices",
]

INDUSTRIES = [
    ("Software", 0.20), ("Financial Services", 0.12), ("Healthcare", 0.09),
    ("Manufacturing", 0.11), ("Retail", 0.08), ("Education", 0.05),
    ("Logistics", 0.07), ("Media", 0.05), ("Professional Services", 0.08),
    ("Telecommunications", 0.04), ("Energy", 0.03), ("Real Estate", 0.02),
    ("Hospitality", 0.02), ("Government", 0.02), ("software", 0.005),
    ("Information Technology & Services", 0.015),
]
ICP_INDUSTRIES = {"Software", "Financial Services", "Healthcare", "Information Technology & Services"}

# code, weight, currency of deals, culture weights, tld weights, legal forms
COUNTRIES = [
    ("US", 0.40), ("GB", 0.09), ("DE", 0.08), ("BR", 0.10), ("FR", 0.05),
    ("NL", 0.04), ("CA", 0.05), ("AU", 0.04), ("JP", 0.03), ("ES", 0.03),
    ("IN", 0.03), ("PL", 0.02), ("SE", 0.02), ("MX", 0.02),
]
COUNTRY_CODES = [c for c, _ in COUNTRIES]
DEAL_CURRENCY = {
    "US": "USD", "CA": "USD", "AU": "USD", "JP": "USD", "IN": "USD", "MX": "USD",
    "GB": "GBP", "BR": "BRL", "DE": "EUR", "FR": "EUR", "NL": "EUR", "ES": "EUR",
    "PL": "EUR", "SE": "EUR",
}
FX_PER_USD = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "BRL": 5.40}
CURRENCIES = list(FX_PER_USD)
TLDS = [".com", ".io", ".ai", ".de", ".com.br", ".co.uk", ".fr", ".nl", ".co.jp",
        ".es", ".pl", ".se", ".com.au", ".ca", ".in", ".com.mx"]
COUNTRY_TLD = {
    "BR": {".com.br": 0.7, ".com": 0.3}, "DE": {".de": 0.7, ".com": 0.2, ".io": 0.1},
    "GB": {".co.uk": 0.6, ".com": 0.4}, "FR": {".fr": 0.6, ".com": 0.4},
    "NL": {".nl": 0.6, ".com": 0.4}, "JP": {".co.jp": 0.6, ".com": 0.4},
    "ES": {".es": 0.6, ".com": 0.4}, "PL": {".pl": 0.6, ".com": 0.4},
    "SE": {".se": 0.6, ".com": 0.4}, "AU": {".com.au": 0.6, ".com": 0.4},
    "CA": {".ca": 0.4, ".com": 0.6}, "IN": {".in": 0.4, ".com": 0.6},
    "MX": {".com.mx": 0.6, ".com": 0.4},
}
DEFAULT_TLD = {".com": 0.65, ".io": 0.25, ".ai": 0.10}
LEGAL_FORMS = ["", "Inc.", "LLC", "Corp.", "Ltd", "plc", "GmbH", "AG", "Ltda.", "S.A.",
               "SAS", "B.V.", "株式会社", "S.L.", "Sp. z o.o.", "AB", "Pty Ltd", "S.A. de C.V."]
COUNTRY_LEGAL = {
    "US": {"Inc.": 0.5, "LLC": 0.25, "Corp.": 0.1, "": 0.15},
    "CA": {"Inc.": 0.6, "": 0.4}, "GB": {"Ltd": 0.7, "plc": 0.1, "": 0.2},
    "DE": {"GmbH": 0.75, "AG": 0.15, "": 0.1}, "BR": {"Ltda.": 0.6, "S.A.": 0.3, "": 0.1},
    "FR": {"SAS": 0.7, "S.A.": 0.2, "": 0.1}, "NL": {"B.V.": 0.85, "": 0.15},
    "JP": {"株式会社": 0.6, "": 0.4}, "ES": {"S.L.": 0.7, "S.A.": 0.2, "": 0.1},
    "PL": {"Sp. z o.o.": 0.8, "": 0.2}, "SE": {"AB": 0.85, "": 0.15},
    "AU": {"Pty Ltd": 0.8, "": 0.2}, "MX": {"S.A. de C.V.": 0.7, "": 0.3},
    "IN": {"": 0.3, "Ltd": 0.7},
}

# name cultures: first names and last names as (display, ascii)
CULTURES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "en": (
        [(n, n) for n in ["James", "Emily", "Michael", "Sarah", "David", "Jessica",
                          "Daniel", "Ashley", "Ryan", "Megan", "Chris", "Olivia",
                          "Kevin", "Hannah", "Brian", "Lauren", "Jason", "Rachel",
                          "Tyler", "Amanda", "Grace", "Owen"]],
        [(n, n) for n in ["Carter", "Bennett", "Hayes", "Foster", "Brooks", "Reed",
                          "Sullivan", "Morgan", "Parker", "Collins", "Griffin",
                          "Hughes", "Ward", "Price", "Russell", "Fisher", "Barnes",
                          "Palmer", "Wells", "Porter", "O'Neill", "Fletcher"]],
    ),
    "pt": (
        [("João", "Joao"), ("Maria", "Maria"), ("Ana", "Ana"), ("Pedro", "Pedro"),
         ("Lucas", "Lucas"), ("Mariana", "Mariana"), ("Gabriel", "Gabriel"),
         ("Juliana", "Juliana"), ("Rafael", "Rafael"), ("Beatriz", "Beatriz"),
         ("Thiago", "Thiago"), ("Camila", "Camila"), ("Letícia", "Leticia"),
         ("André", "Andre"), ("Fernanda", "Fernanda"), ("Conceição", "Conceicao")],
        [("Silva", "Silva"), ("Santos", "Santos"), ("Oliveira", "Oliveira"),
         ("Souza", "Souza"), ("Pereira", "Pereira"), ("Costa", "Costa"),
         ("Rodrigues", "Rodrigues"), ("Almeida", "Almeida"), ("Nascimento", "Nascimento"),
         ("Lima", "Lima"), ("Araújo", "Araujo"), ("Gonçalves", "Goncalves"),
         ("Carvalho", "Carvalho"), ("Ribeiro", "Ribeiro"), ("Barbosa", "Barbosa")],
    ),
    "de": (
        [("Lukas", "Lukas"), ("Anna", "Anna"), ("Jonas", "Jonas"), ("Lena", "Lena"),
         ("Felix", "Felix"), ("Laura", "Laura"), ("Maximilian", "Maximilian"),
         ("Julia", "Julia"), ("Tobias", "Tobias"), ("Katharina", "Katharina"),
         ("Jürgen", "Juergen"), ("Sophie", "Sophie")],
        [("Müller", "Mueller"), ("Schmidt", "Schmidt"), ("Schneider", "Schneider"),
         ("Fischer", "Fischer"), ("Weber", "Weber"), ("Wagner", "Wagner"),
         ("Becker", "Becker"), ("Hoffmann", "Hoffmann"), ("Schäfer", "Schaefer"),
         ("Koch", "Koch"), ("Richter", "Richter"), ("Krüger", "Krueger")],
    ),
    "fr": (
        [("Louis", "Louis"), ("Camille", "Camille"), ("Hugo", "Hugo"), ("Chloé", "Chloe"),
         ("Théo", "Theo"), ("Léa", "Lea"), ("Nicolas", "Nicolas"), ("Manon", "Manon"),
         ("Julien", "Julien"), ("Élodie", "Elodie")],
        [("Martin", "Martin"), ("Bernard", "Bernard"), ("Dubois", "Dubois"),
         ("Lefèvre", "Lefevre"), ("Moreau", "Moreau"), ("Laurent", "Laurent"),
         ("Girard", "Girard"), ("Roux", "Roux"), ("Fournier", "Fournier"),
         ("Mercier", "Mercier")],
    ),
    "es": (
        [("Alejandro", "Alejandro"), ("Lucía", "Lucia"), ("Javier", "Javier"),
         ("Sofía", "Sofia"), ("Carlos", "Carlos"), ("Elena", "Elena"), ("Diego", "Diego"),
         ("Carmen", "Carmen"), ("Pablo", "Pablo"), ("Marta", "Marta")],
        [("García", "Garcia"), ("Fernández", "Fernandez"), ("López", "Lopez"),
         ("Martínez", "Martinez"), ("Sánchez", "Sanchez"), ("Romero", "Romero"),
         ("Navarro", "Navarro"), ("Torres", "Torres"), ("Ramírez", "Ramirez"),
         ("Vargas", "Vargas")],
    ),
    # Japanese and Russian names: native script, romanized for the email (and for
    # display in about half of the records, as people type them)
    "ja": (
        [("翔太", "Shota"), ("陽菜", "Hina"), ("大輝", "Daiki"), ("結衣", "Yui"),
         ("健太", "Kenta"), ("美咲", "Misaki"), ("拓海", "Takumi"), ("さくら", "Sakura")],
        [("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"),
         ("伊藤", "Ito"), ("渡辺", "Watanabe"), ("山本", "Yamamoto"), ("中村", "Nakamura")],
    ),
    # alternating male / female forms (Russian surnames follow the first name's gender)
    "ru": (
        [("Иван", "Ivan"), ("Ольга", "Olga"), ("Дмитрий", "Dmitry"), ("Анна", "Anna"),
         ("Сергей", "Sergey"), ("Екатерина", "Ekaterina"), ("Алексей", "Alexey"), ("Наталья", "Natalya")],
        [("Смирнов", "Smirnov"), ("Смирнова", "Smirnova"), ("Кузнецов", "Kuznetsov"),
         ("Кузнецова", "Kuznetsova"), ("Соколов", "Sokolov"), ("Соколова", "Sokolova"),
         ("Козлов", "Kozlov"), ("Козлова", "Kozlova")],
    ),
    "in": (
        [(n, n) for n in ["Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Kavya",
                          "Arjun", "Neha", "Rahul", "Isha"]],
        [(n, n) for n in ["Sharma", "Patel", "Gupta", "Iyer", "Reddy", "Nair",
                          "Mehta", "Kapoor", "Rao", "Joshi"]],
    ),
    "pl": (
        [("Jakub", "Jakub"), ("Zofia", "Zofia"), ("Kacper", "Kacper"), ("Maja", "Maja"),
         ("Michał", "Michal"), ("Zuzanna", "Zuzanna")],
        [("Nowak", "Nowak"), ("Kowalski", "Kowalski"), ("Wiśniewski", "Wisniewski"),
         ("Wójcik", "Wojcik"), ("Kamiński", "Kaminski"), ("Lewandowski", "Lewandowski")],
    ),
    "zh": (
        [(n, n) for n in ["Wei", "Mei", "Jun", "Li", "Hao", "Xin", "Yan", "Lei"]],
        [(n, n) for n in ["Chen", "Wang", "Zhang", "Liu", "Huang", "Zhao", "Wu", "Zhou"]],
    ),
    "ng": (
        [(n, n) for n in ["Chinedu", "Ngozi", "Emeka", "Amaka", "Tunde", "Folake"]],
        [(n, n) for n in ["Okafor", "Adeyemi", "Eze", "Balogun", "Okonkwo", "Bello"]],
    ),
}
CULTURE_NAMES = list(CULTURES)
COUNTRY_CULTURES = {
    "US": {"en": 0.68, "in": 0.08, "zh": 0.07, "es": 0.09, "ng": 0.04, "ru": 0.04},
    "GB": {"en": 0.74, "in": 0.10, "pl": 0.06, "ng": 0.05, "zh": 0.05},
    "DE": {"de": 0.80, "ru": 0.06, "pl": 0.06, "en": 0.08},
    "BR": {"pt": 0.94, "ja": 0.03, "de": 0.03},
    "FR": {"fr": 0.90, "en": 0.10}, "NL": {"en": 0.60, "de": 0.40},
    "CA": {"en": 0.70, "fr": 0.15, "zh": 0.10, "in": 0.05},
    "AU": {"en": 0.80, "zh": 0.10, "in": 0.10}, "JP": {"ja": 0.95, "en": 0.05},
    "ES": {"es": 0.95, "en": 0.05}, "IN": {"in": 1.0}, "PL": {"pl": 0.90, "en": 0.10},
    "SE": {"en": 1.0}, "MX": {"es": 1.0},
}
NULL_COUNTRY_CULTURES = {"en": 0.7, "es": 0.1, "in": 0.1, "zh": 0.1}

FREE_MAIL_DOMAINS = [("gmail.com", 0.56), ("yahoo.com", 0.12), ("hotmail.com", 0.12),
                     ("outlook.com", 0.14), ("icloud.com", 0.06)]

SENIOR_TITLES = [
    ("CEO", 0.04), ("Founder & CEO", 0.02), ("CMO", 0.05), ("Chief Revenue Officer", 0.03),
    ("VP Marketing", 0.09), ("VP of Sales", 0.05), ("VP Revenue Operations", 0.05),
    ("Director of Marketing", 0.10), ("Director, Demand Generation", 0.07),
    ("Head of Growth", 0.07), ("Head of Marketing Operations", 0.07), ("Head of Data", 0.04),
    ("Marketing Director", 0.04), ("Diretor de Marketing", 0.02), ("Leiter Marketing", 0.02),
    ("Marketing Operations Manager", 0.09), ("RevOps Manager", 0.07),
    ("Demand Generation Manager", 0.06),
]
ALL_TITLES = SENIOR_TITLES + [
    ("Marketing Manager", 0.10), ("Product Marketing Manager", 0.05), ("Sales Manager", 0.04),
    ("Gerente de Marketing", 0.02), ("Responsable Marketing", 0.01), ("マーケティング部長", 0.01),
    ("Marketing Analyst", 0.06), ("Data Analyst", 0.05), ("BI Analyst", 0.03),
    ("Sales Development Representative", 0.04), ("Account Executive", 0.03),
    ("Marketing Coordinator", 0.04), ("Marketing Intern", 0.02), ("Intern", 0.015),
    ("Student", 0.02), ("marketing", 0.01), ("IT", 0.01), ("Owner", 0.01), (None, 0.05),
]

FORM_KINDS = ["demo_request", "contact_us", "pricing_inquiry", "ebook_download",
              "webinar_registration", "newsletter_signup", "unknown"]
F_DEMO, F_CONTACT, F_PRICING, F_EBOOK, F_WEBINAR, F_NEWSLETTER, F_UNKNOWN = range(7)
UNKNOWN_FORM_NAMES = ["free_trial_signup", "Partner Application", "roi_calculator",
                      "form-17", "Event RSVP (old)", "chat_transcript"]

ACTIVITY_TYPES = ["call", "email", "meeting", "webinar_attended", "event_attended"]
A_CALL, A_EMAIL, A_MEETING, A_WEBINAR, A_EVENT = range(5)

STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer"]
S_SUB, S_LEAD, S_MQL, S_SQL, S_OPP, S_CUST = range(6)
S_DISQ = 6
DEAL_STAGES = ["discovery", "demo", "proposal", "negotiation", "closed_won", "closed_lost"]
PIPELINES = ["new_business", "renewal", "expansion"]

# channels of a session's first page view
CHANNELS = ["direct", "organic_search", "paid_search", "paid_social", "organic_social",
            "referral", "email", "display"]
CH_DIRECT, CH_ORGANIC, CH_PAID_SEARCH, CH_PAID_SOCIAL, CH_SOCIAL, CH_REFERRAL, CH_EMAIL, CH_DISPLAY = range(8)
PAID_CHANNELS = (CH_PAID_SEARCH, CH_PAID_SOCIAL, CH_DISPLAY)
# channel mix by journey phase: anonymous visitors, early (before lead), nurture, late (near SQL/deal)
CHANNEL_MIX = {
    "anon": [0.15, 0.38, 0.11, 0.14, 0.09, 0.08, 0.03, 0.015],
    "early": [0.10, 0.26, 0.07, 0.28, 0.13, 0.10, 0.02, 0.025],
    "nurture": [0.16, 0.22, 0.08, 0.13, 0.06, 0.05, 0.27, 0.015],
    "late": [0.33, 0.26, 0.22, 0.03, 0.02, 0.02, 0.11, 0.01],
    "content_form": [0.06, 0.25, 0.06, 0.37, 0.08, 0.08, 0.09, 0.01],
    "bottom_form": [0.30, 0.26, 0.28, 0.04, 0.02, 0.03, 0.065, 0.005],
}

# organic / non-paid traffic sources per channel: (weight, referrer, utm_source,
# utm_medium, utm_campaign, origin label)
SOURCES: dict[int, list[tuple]] = {
    CH_DIRECT: [(1.0, None, None, None, None, "Direct | (none)")],
    CH_ORGANIC: [
        (0.85, "https://www.google.com/", None, None, None, "Organic Search | Google"),
        (0.10, "https://www.bing.com/", None, None, None, "Organic Search | Bing"),
        (0.05, "https://duckduckgo.com/", None, None, None, "Organic Search | DuckDuckGo"),
    ],
    CH_SOCIAL: [
        (0.40, "https://www.linkedin.com/", None, None, None, "Organic Social | LinkedIn"),
        (0.20, "https://www.linkedin.com/", "linkedin", "social", "company_page", "Organic Social | LinkedIn"),
        (0.20, "https://www.facebook.com/", None, None, None, "Organic Social | Facebook"),
        (0.20, "https://t.co/", None, None, None, "Organic Social | Twitter"),
    ],
    CH_REFERRAL: [
        (0.40, "https://partner-blog.com/posts/b2b-attribution-guide", None, None, None, "Referral | partner-blog.com"),
        (0.30, "https://www.revopsweekly.io/issue-42", None, None, None, "Referral | revopsweekly.io"),
        (0.30, "https://blog.datastackreview.com/top-tools", None, None, None, "Referral | datastackreview.com"),
    ],
    CH_EMAIL: [
        (0.50, None, "newsletter", "email", "newsletter", "Email | Newsletter"),
        (0.40, None, "hubspot", "email", "nurture_attribution_track", "Email | Nurture"),
        (0.10, "https://mail.google.com/", "hubspot", "email", "nurture_revops_track", "Email | Nurture"),
    ],
}
PLATFORM_SOURCE = {
    # platform: referrer, utm_source, utm_medium, click param, origin label
    "google_ads": ("https://www.google.com/", "google", "cpc", "gclid", "Paid Search | Google Ads"),
    "microsoft_ads": ("https://www.bing.com/", "bing", "cpc", "msclkid", "Paid Search | Microsoft Ads"),
    "linkedin_ads": ("https://www.linkedin.com/", "linkedin", "paid_social", "li_fat_id", "Paid Social | LinkedIn"),
    "meta_ads": ("https://l.facebook.com/", "facebook", "paid_social", "fbclid", "Paid Social | Facebook"),
}
PLATFORMS = list(PLATFORM_SOURCE)

PATHS = [
    "/", "/product", "/pricing", "/features/multi-touch-attribution",
    "/features/funnel-analytics", "/features/lead-scoring", "/integrations",
    "/integrations/hubspot", "/integrations/salesforce", "/customers", "/about",
    "/careers", "/security", "/docs/getting-started",
    "/blog/what-is-multi-touch-attribution", "/blog/b2b-funnel-benchmarks",
    "/blog/markov-attribution-explained", "/blog/mql-vs-sql", "/blog/lead-scoring-guide",
    "/blog/revops-metrics", "/blog/pt/atribuicao-b2b",
    "/resources/ebooks/state-of-b2b-attribution", "/resources/ebooks/revops-playbook",
    "/resources/templates/funnel-dashboard", "/webinars/attribution-masterclass",
    "/webinars/pipeline-reviews", "/lp/attribution-software", "/lp/demo", "/lp/abm",
    "/compare/hubspot-attribution", "/demo", "/contact", "/newsletter", "/free-trial",
    "/partners",
]
P = {p: i for i, p in enumerate(PATHS)}
BLOG = [P[p] for p in PATHS if p.startswith("/blog/")]
PRODUCT = [P["/product"], P["/pricing"], P["/features/multi-touch-attribution"],
           P["/features/funnel-analytics"], P["/features/lead-scoring"], P["/integrations"],
           P["/integrations/hubspot"], P["/integrations/salesforce"], P["/customers"]]
LANDING_BY_CHANNEL = {
    CH_DIRECT: {P["/"]: 0.55, P["/pricing"]: 0.15, P["/product"]: 0.1, P["/docs/getting-started"]: 0.1,
                P["/customers"]: 0.05, P["/careers"]: 0.05},
    CH_ORGANIC: {**{b: 0.6 / len(BLOG) for b in BLOG}, P["/"]: 0.15, P["/pricing"]: 0.05,
                 P["/features/multi-touch-attribution"]: 0.1, P["/compare/hubspot-attribution"]: 0.1},
    CH_SOCIAL: {**{b: 0.6 / len(BLOG) for b in BLOG}, P["/"]: 0.1,
                P["/resources/ebooks/state-of-b2b-attribution"]: 0.15, P["/webinars/attribution-masterclass"]: 0.15},
    CH_REFERRAL: {**{b: 0.3 / len(BLOG) for b in BLOG}, P["/"]: 0.3, P["/integrations"]: 0.2,
                  P["/customers"]: 0.2},
    CH_EMAIL: {P["/resources/ebooks/revops-playbook"]: 0.25, P["/webinars/pipeline-reviews"]: 0.25,
               P["/blog/b2b-funnel-benchmarks"]: 0.2, P["/pricing"]: 0.1, P["/features/lead-scoring"]: 0.2},
}
INTERNAL_WEIGHTS = {**{i: 1.0 for i in PRODUCT}, **{b: 0.6 for b in BLOG}, P["/"]: 1.5,
                    P["/about"]: 0.4, P["/careers"]: 0.3, P["/security"]: 0.3,
                    P["/docs/getting-started"]: 0.6, P["/demo"]: 0.5, P["/contact"]: 0.3}
FORM_PATHS = {
    F_DEMO: [P["/demo"], P["/lp/demo"]], F_CONTACT: [P["/contact"]], F_PRICING: [P["/pricing"]],
    F_EBOOK: [P["/resources/ebooks/state-of-b2b-attribution"], P["/resources/ebooks/revops-playbook"]],
    F_WEBINAR: [P["/webinars/attribution-masterclass"], P["/webinars/pipeline-reviews"]],
    F_NEWSLETTER: [P["/newsletter"], P["/blog/b2b-funnel-benchmarks"]],
    F_UNKNOWN: [P["/free-trial"], P["/partners"]],
}
SEARCH_TERMS = ["northwind analytics", "b2b attribution software", "marketing attribution tool",
                "revenue attribution", "multi touch attribution", "hubspot attribution alternative",
                "funnel analytics b2b", "atribuição de marketing", "lead scoring software"]

HUMAN_AGENTS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36", 0.30),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36", 0.18),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", 0.10),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0", 0.12),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:129.0) Gecko/20100101 Firefox/129.0", 0.05),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 0.12),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36", 0.07),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36", 0.03),
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 0.03),
]
BOT_AGENTS = [
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 0.30),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 0.15),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 0.15),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0.0.0 Safari/537.36", 0.15),
    ("python-requests/2.32.3", 0.10),
    ("curl/8.5.0", 0.05),
    ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", 0.10),
]

MESSAGES = [
    "Hi, we'd like a demo for our marketing team, ideally next week.",
    "We use HubSpot and Salesforce, is there a native integration?",
    'Interested in pricing for ~50 users, "enterprise" tier.',
    "Hello,\nwe are evaluating attribution tools for Q3.\nThanks!",
    "<p>Please call me back, <b>urgent</b></p>",
    "Olá! Gostaríamos de uma demonstração para o time de marketing. Obrigado 🙂",
    "デモをお願いします。よろしくお願いいたします。",
    "Здравствуйте, интересует стоимость лицензии для 20 пользователей.",
    "Need help with multi-touch attribution 🚀, budget approved",
    "Können Sie uns ein Angebot schicken? Viele Grüße",
    'Our CFO asked: "what is the ROI?" Can you share a case study, please?',
    "We run ABM on LinkedIn and can't see which accounts convert; can you help?",
    "Migrating from spreadsheets,\n\n1) funnel reporting\n2) attribution\n3) forecasting",
    "Quick question about GDPR & data residency (EU).",
]
SPAM_MESSAGES = [
    "Buy cheap SEO backlinks http://spam-links.example/1 http://spam-links.example/2 http://spam-links.example/3 http://spam-links.example/4",
    "<script>alert('x')</script>",
    "'; drop table users; --",
    "asdf",
    "test test test",
    "Great site!!! visit https://casino.example https://pills.example https://crypto.example",
]
SPAM_IDENTITIES = [
    ("test@test.com", "Test Test", "test"), ("asdf@asdf.com", "asdf asdf", "asdf"),
    ("test", "test", "Test Company"), ("n/a", "n/a", None), ("john@", "John", "asdf inc"),
    ("qwerty@example.com", "qwerty", "qwerty"), ("TEST@TEST.COM", "TEST", "TEST"),
    ("noreply@mailinator.com", "<script>x</script>", "'; drop table users; --"),
]
CONSENT_VALUES = [('["on"]', 0.35), ("on", 0.15), ("true", 0.12), ("yes", 0.06), ("1", 0.06),
                  ("[]", 0.08), (None, 0.18)]
LEAD_SOURCE_BY_CHANNEL = ["Direct Traffic", "Organic Search", "Paid Search", "Paid Social",
                          "Social Media", "Referrals", "Email Marketing", "Other Campaigns"]
SALES_LEAD_SOURCES = ["Sales Prospecting", "Outbound", "LinkedIn Sales Navigator"]
EVENT_LEAD_SOURCES = ["Event", "Trade Show", "Offline Sources"]

# conferences with a booth: (name, month, day, currency, cost)
EVENTS = [
    ("RevOps Summit", 3, 18, "USD", 42_000), ("DataConf Europe", 5, 21, "EUR", 28_000),
    ("B2B Marketing Expo", 9, 24, "USD", 35_000), ("SaaS Growth Forum", 11, 12, "USD", 22_000),
    ("Pipeline Week Berlin", 10, 8, "EUR", 18_000),
]

# ad campaigns: platform, id, name, renamed to, rename at (fraction of window), channel,
# active from/to (fraction of window), currency, ctr, cpc (USD), budget weight,
# phase affinity (early, nurture, late), utm_campaign
CAMPAIGNS = [
    ("google_ads", "1789401234", "Brand | Search | Global", "BRAND - Search - Global", 0.55,
     CH_PAID_SEARCH, 0.0, 1.0, "USD", 0.075, 2.6, 1.0, (0.2, 0.8, 2.5), "brand_search"),
    ("google_ads", "1789401299", "NonBrand | Search | Attribution", "NB | Search | Attribution | EN", 0.40,
     CH_PAID_SEARCH, 0.0, 1.0, "USD", 0.031, 7.8, 1.2, (1.0, 1.0, 0.8), "nb_search_attribution"),
    ("google_ads", "1789401377", "NonBrand | Search | Funnel Analytics", None, None,
     CH_PAID_SEARCH, 0.05, 1.0, "USD", 0.027, 6.9, 0.7, (1.0, 1.0, 0.6), "nb_search_funnel"),
    ("google_ads", "1789401455", "Competitor | Search | US", None, None,
     CH_PAID_SEARCH, 0.30, 1.0, "USD", 0.021, 11.5, 0.4, (0.6, 1.0, 1.0), "competitor_search"),
    ("google_ads", "1789401522", "BR | Search | Atribuição", "BR | Search | Atribuição B2B", 0.70,
     CH_PAID_SEARCH, 0.20, 1.0, "BRL", 0.036, 1.9, 0.25, (1.0, 1.0, 1.0), "br_search_atribuicao"),
    ("google_ads", "1789401601", "DACH | Search | Attribution", None, None,
     CH_PAID_SEARCH, 0.0, 0.80, "EUR", 0.026, 6.2, 0.25, (1.0, 1.0, 1.0), "dach_search"),
    ("google_ads", "1789401688", "Display | Remarketing | 2025", "Display | Remarketing | Evergreen", 0.50,
     CH_DISPLAY, 0.0, 1.0, "USD", 0.0075, 1.4, 1.0, (1.0, 1.0, 1.0), "display_remarketing"),
    ("microsoft_ads", "413220871", "Bing - Brand", None, None,
     CH_PAID_SEARCH, 0.0, 1.0, "USD", 0.062, 2.1, 0.18, (0.2, 0.8, 2.5), "bing_brand"),
    ("microsoft_ads", "413220902", "Bing - Generic - Attribution", "Bing - Generic - Attribution (Q)", 0.65,
     CH_PAID_SEARCH, 0.10, 1.0, "USD", 0.026, 4.3, 0.22, (1.0, 1.0, 0.7), "bing_generic"),
    ("linkedin_ads", "604118823", "LI | Awareness | Ebook State of B2B Attribution", None, None,
     CH_PAID_SOCIAL, 0.0, 1.0, "USD", 0.0048, 8.9, 1.0, (2.5, 0.8, 0.2), "li_ebook_state_of_attribution"),
    ("linkedin_ads", "604118907", "LI | Lead Gen | Webinar Series", "LI | Lead Gen | Webinars 2026", 0.58,
     CH_PAID_SOCIAL, 0.15, 1.0, "USD", 0.0062, 9.6, 0.7, (1.5, 1.5, 0.3), "li_webinar_series"),
    ("linkedin_ads", "604119015", "LI | ABM | Tier 1 Accounts", None, None,
     CH_PAID_SOCIAL, 0.45, 1.0, "USD", 0.0055, 12.4, 0.5, (1.0, 1.5, 1.0), "li_abm_tier1"),
    ("linkedin_ads", "604119120", "LI | Retargeting | Demo", None, None,
     CH_PAID_SOCIAL, 0.0, 1.0, "USD", 0.0068, 7.2, 0.5, (0.3, 1.2, 2.0), "li_retargeting_demo"),
    ("linkedin_ads", "604119266", "LI | UK | Thought Leadership", None, None,
     CH_PAID_SOCIAL, 0.50, 0.90, "GBP", 0.0045, 8.1, 0.3, (1.5, 1.0, 0.3), "li_uk_thought_leadership"),
    ("meta_ads", "23856011223340012", "FB | Prospecting | Ebook", "FB | Prospecting | Ebook v2", 0.35,
     CH_PAID_SOCIAL, 0.0, 0.65, "USD", 0.0105, 1.6, 0.5, (2.5, 0.5, 0.1), "fb_prospecting_ebook"),
    ("meta_ads", "23856011223341177", "FB | Retargeting | Website Visitors EU", None, None,
     CH_PAID_SOCIAL, 0.30, 1.0, "EUR", 0.0118, 1.2, 0.35, (0.5, 1.2, 1.0), "fb_retargeting_eu"),
]


# --------------------------------------------------------------------------
# Settings and random streams
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    out: Path
    seed: int
    scale: float
    fmt: str
    as_of: int       # epoch seconds (UTC)
    start: int       # epoch seconds (UTC), start of the simulated window

    def rng(self, *keys: str | int) -> np.random.Generator:
        """An independent random stream per stage, so stages do not perturb each other."""
        words = [self.seed] + [zlib.crc32(k.encode()) if isinstance(k, str) else int(k) for k in keys]
        return np.random.default_rng(np.random.SeedSequence(words))

    def salt(self, key: str) -> np.uint64:
        return np.uint64((zlib.crc32(key.encode()) << 32) ^ (self.seed * 0x9E3779B1 & 0xFFFFFFFF))

    @property
    def sim_start(self) -> int:
        """Start of the simulated world: WARMUP_DAYS before the written window."""
        return self.start - WARMUP_DAYS * DAY


def window_start(as_of: int) -> int:
    """Start of the written window: the first instant of the first whole UTC month at
    most WINDOW_DAYS before the as-of time (2024-11-01T00:00Z for 2026-10-31T23:00Z).
    The first month of the data is then a whole month; a window opening at
    as_of - WINDOW_DAYS (2024-10-31T23:00Z) made October 2024 a one-hour month."""
    earliest = np.datetime64(as_of - WINDOW_DAYS * DAY, "s")
    month = earliest.astype("datetime64[M]")
    if month.astype("datetime64[s]") < earliest:
        month = month + 1
    return int(month.astype("datetime64[s]").astype(np.int64))


def parse_as_of(text: str) -> int:
    """Parse --as-of: a date (meaning 23:00 UTC that day) or an ISO timestamp."""
    text = text.strip()
    if len(text) == 10:
        dt = datetime.fromisoformat(text).replace(hour=23, tzinfo=timezone.utc)
    else:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp())


# --------------------------------------------------------------------------
# Small numeric helpers
# --------------------------------------------------------------------------
def weights(pairs: Sequence[tuple]) -> tuple[list, np.ndarray]:
    values = [p[0] for p in pairs]
    w = np.array([p[-1] for p in pairs], float)
    return values, w / w.sum()


def draw(rng: np.random.Generator, probs: np.ndarray, n: int) -> np.ndarray:
    """Categorical draw of n indices from one probability vector."""
    return np.searchsorted(np.cumsum(probs), rng.random(n) * np.sum(probs), side="right").clip(0, len(probs) - 1)


def draw_rows(rng: np.random.Generator, prob_matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Categorical draw where element i uses the probability row ``prob_matrix[rows[i]]``
    (negative rows count from the end). Loops over the few distinct rows, not elements."""
    k = prob_matrix.shape[0]
    rows = np.where(np.asarray(rows) < 0, np.asarray(rows) + k, rows)
    u = rng.random(rows.size)
    out = np.zeros(rows.size, np.int64)
    for r in np.flatnonzero(np.bincount(rows, minlength=k)):
        m = rows == r
        cum = np.cumsum(prob_matrix[r])
        out[m] = np.searchsorted(cum / cum[-1], u[m], side="right").clip(0, prob_matrix.shape[1] - 1)
    return out


def prob_matrix(keys: Sequence[str], mapping: dict, columns: Sequence, default: dict) -> np.ndarray:
    m = np.zeros((len(keys) + 1, len(columns)))
    index = {c: i for i, c in enumerate(columns)}
    for r, k in enumerate(list(keys) + [None]):
        for c, w in mapping.get(k, default).items():
            m[r, index[c]] = w
    return m / m.sum(axis=1, keepdims=True)


def gamma_days(rng: np.random.Generator, shape_scale: tuple[float, float], n: int) -> np.ndarray:
    return rng.gamma(shape_scale[0], shape_scale[1], n) * DAY


def office_hours(t: np.ndarray, limit: int) -> np.ndarray:
    """Monotone map of times into weekday office hours (13:00-22:00 UTC, where the
    Americas and Europe overlap); Saturday goes to Friday 22:00-23:00 and Sunday to
    Monday 12:00-13:00. A time that would move past ``limit`` is kept as it is
    (which keeps the map monotone)."""
    t = np.asarray(t, np.int64)
    day, tod = t // DAY, t % DAY
    wd = (day + 3) % 7                                   # 0 = Monday
    out = day * DAY + 13 * HOUR + tod * 9 // 24
    out = np.where(wd == 5, (day - 1) * DAY + 22 * HOUR + tod // 24, out)
    out = np.where(wd == 6, (day + 1) * DAY + 12 * HOUR + tod // 24, out)
    return np.where(out <= limit, out, t)


def quarter_end_push(rng: np.random.Generator, created: np.ndarray, close: np.ndarray, won: np.ndarray,
                     horizon: float) -> np.ndarray:
    """Sales pull deals into the last days of the quarter: many slip to quarter end."""
    close = np.asarray(close, float)
    month = close.astype(np.int64).astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    next_quarter = (month - month % 3 + 3).astype("datetime64[M]").astype("datetime64[s]").astype(np.int64)
    pushed = next_quarter - rng.uniform(0.2, 9, close.size) * DAY
    p = np.where(won, 0.45, 0.25)
    move = (rng.random(close.size) < p) & (pushed > close) & (pushed > created + 3 * DAY) & (pushed < horizon)
    return np.where(move, pushed, close)


def group_ranks(owner: np.ndarray) -> np.ndarray:
    """Position of each element inside its (contiguous, sorted) owner group."""
    n = len(owner)
    if n == 0:
        return np.zeros(0, np.int64)
    starts = np.r_[0, np.flatnonzero(owner[1:] != owner[:-1]) + 1]
    lengths = np.diff(np.r_[starts, n])
    return np.arange(n) - np.repeat(starts, lengths)


def plant_count(rng: np.random.Generator, n: int, rate: float, minimum: int = 1) -> int:
    """How many rows get a planted defect: a low rate, but at least a few when there are rows."""
    if n == 0:
        return 0
    return int(min(n, max(minimum, rng.binomial(n, rate))))


def pick_rows(rng: np.random.Generator, n: int, rate: float, minimum: int = 1,
              candidates: np.ndarray | None = None) -> np.ndarray:
    pool = np.arange(n) if candidates is None else np.asarray(candidates)
    k = plant_count(rng, len(pool), rate, minimum)
    return np.sort(rng.choice(pool, k, replace=False)) if k else np.zeros(0, np.int64)


# --------------------------------------------------------------------------
# String helpers (whole columns, Arrow kernels)
# --------------------------------------------------------------------------
NULL = pa.scalar(None, pa.string())


def fixed_strings(m: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """A uint8 matrix (n, width) of ASCII bytes -> Arrow string array, without copying
    (null where ``valid`` is false)."""
    m = np.ascontiguousarray(m, dtype=np.uint8)
    n, width = m.shape
    assert n * width < 2**31, "chunk too large for 32-bit offsets"
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    if valid is None or valid.all():
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(m))
    bitmap = np.packbits(np.asarray(valid, bool), bitorder="little")
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(m), pa.py_buffer(bitmap),
                                       int((~np.asarray(valid, bool)).sum()))


def pick(values: Sequence[str | None] | pa.Array, codes: np.ndarray, null: np.ndarray | None = None,
         dictionary: bool = False) -> pa.Array:
    """values[codes] as an Arrow string array (null where ``null`` is true). With
    ``dictionary`` the result is dictionary-encoded: nothing is copied, and output
    columns are written from it directly."""
    codes = np.asarray(codes, np.int32)
    vocab = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    if dictionary:
        vocab_null = np.asarray(pc.is_null(vocab))
        if vocab_null.any():
            extra = vocab_null[codes]
            null = extra if null is None else (null | extra)
            vocab = pc.fill_null(vocab, "")
        return pa.DictionaryArray.from_arrays(pa.array(codes, mask=null), vocab)
    return pc.take(vocab, pa.array(codes, mask=null))


def join(*parts) -> pa.Array:
    """Concatenate string columns / scalars element-wise (null if any part is null)."""
    parts = [pa.scalar(p, pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*parts, "")


def where(mask: np.ndarray, a, b) -> pa.Array:
    a = pa.scalar(a, pa.string()) if (a is None or isinstance(a, str)) else a
    b = pa.scalar(b, pa.string()) if (b is None or isinstance(b, str)) else b
    return pc.if_else(pa.array(np.asarray(mask, bool)), a, b)


def int_strings(x: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.asarray(x, np.int64)), pa.string())


def set_rows(arr: pa.Array, rows: np.ndarray, values: pa.Array | str | None) -> pa.Array:
    """Replace the values at ``rows`` (sorted indices)."""
    if len(rows) == 0:
        return arr
    mask = np.zeros(len(arr), bool)
    mask[rows] = True
    if values is None or isinstance(values, str):
        return pc.if_else(pa.array(mask), pa.scalar(values, pa.string()), arr)
    return pc.replace_with_mask(arr, pa.array(mask), values.cast(pa.string()))


def splitmix64(x: np.ndarray) -> np.ndarray:
    z = np.asarray(x).astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


HEX = np.frombuffer(b"0123456789abcdef", np.uint8)
HEX2 = (HEX[np.arange(256) >> 4].astype(np.uint16) | (HEX[np.arange(256) & 15].astype(np.uint16) << 8))
B64 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", np.uint8)


def hash_bytes(serials: np.ndarray, salt: np.uint64, nbytes: int) -> np.ndarray:
    """Deterministic pseudo-random bytes (n, nbytes) from integer serials."""
    serials = np.asarray(serials).astype(np.uint64)
    k = (nbytes + 7) // 8
    out = np.empty((len(serials), k), np.uint64)
    h = serials ^ salt
    for i in range(k):
        h = splitmix64(h)
        out[:, i] = h
    return out.view(np.uint8)[:, :nbytes]


def uuid_strings(serials: np.ndarray, salt: np.uint64, valid: np.ndarray | None = None) -> pa.Array:
    """UUID-v4-looking ids derived from serial numbers (same serial -> same id)."""
    b = hash_bytes(serials, salt, 16)
    m = np.empty((len(b), 36), np.uint8)
    m[:, [8, 13, 18, 23]] = ord("-")
    for lo, hi, dst in ((0, 4, 0), (4, 6, 9), (6, 8, 14), (8, 10, 19), (10, 16, 24)):
        m[:, dst:dst + 2 * (hi - lo)] = HEX2[b[:, lo:hi]].view(np.uint8).reshape(len(b), -1)
    m[:, 14] = ord("4")
    m[:, 19] = HEX[8 + (b[:, 8] & 3)]
    return fixed_strings(m, valid)


def token_strings(serials: np.ndarray, salt: np.uint64, prefix: bytes, length: int,
                  alphabet: np.ndarray = B64) -> pa.Array:
    """Opaque tokens such as gclid / fbclid: prefix + ``length`` characters."""
    b = hash_bytes(serials, salt, length)
    m = np.empty((len(b), len(prefix) + length), np.uint8)
    m[:, :len(prefix)] = np.frombuffer(prefix, np.uint8)
    m[:, len(prefix):] = alphabet[b & 63] if len(alphabet) == 64 else alphabet[b % len(alphabet)]
    return fixed_strings(m)


def numeric_ids(serials: np.ndarray, base: int, step: int, salt: np.uint64) -> pa.Array:
    """Increasing CRM-style numeric ids: base + serial * step + jitter."""
    serials = np.asarray(serials, np.int64)
    jitter = (splitmix64(serials.astype(np.uint64) ^ salt) % np.uint64(step)).astype(np.int64)
    return int_strings(base + serials * step + jitter)


def scatter(n: int, index_parts: list[np.ndarray], value_parts: list[pa.Array]) -> pa.Array:
    """Assemble a column of length n from disjoint row groups rendered separately."""
    idx = np.concatenate(index_parts)
    values = pa.concat_arrays([v.cast(pa.string()) for v in value_parts])
    inverse = np.empty(n, np.int64)
    inverse[idx] = np.arange(len(idx))
    return pc.take(values, pa.array(inverse))


TWO_DIGITS = [f"{i:02d}" for i in range(100)]


def money_strings(cents: np.ndarray) -> pa.Array:
    cents = np.asarray(cents, np.int64)
    return join(int_strings(cents // 100), ".", pick(TWO_DIGITS, cents % 100))


BOOL_SPELLINGS = {
    True: [("true", 0.35), ("TRUE", 0.08), ("True", 0.08), ("t", 0.12), ("T", 0.03),
           ("1", 0.14), ("yes", 0.10), ("Yes", 0.05), ("YES", 0.05)],
    False: [("false", 0.35), ("FALSE", 0.08), ("False", 0.08), ("f", 0.12), ("F", 0.03),
            ("0", 0.14), ("no", 0.10), ("No", 0.05), ("NO", 0.05)],
}


def bool_strings(rng: np.random.Generator, values: np.ndarray, main: tuple[str, str] = ("true", "false"),
                 messy: float = 0.06, null_false: float = 0.03) -> pa.Array:
    """Booleans as a CRM exports them: mostly one spelling, some others, null meaning false."""
    values = np.asarray(values, bool)
    n = len(values)
    t_vals, t_w = weights(BOOL_SPELLINGS[True])
    f_vals, f_w = weights(BOOL_SPELLINGS[False])
    vocab = [main[0], main[1]] + t_vals + f_vals
    codes = np.where(values, 0, 1)
    odd = rng.random(n) < messy
    codes = np.where(odd & values, 2 + draw(rng, t_w, n), codes)
    codes = np.where(odd & ~values, 2 + len(t_vals) + draw(rng, f_w, n), codes)
    null = ~values & (rng.random(n) < null_false)
    return pick(vocab, codes, null)


# --------------------------------------------------------------------------
# Calendar: seasonality and timestamp rendering
# --------------------------------------------------------------------------
MONTH_FACTOR = np.array([0.95, 1.0, 1.05, 1.0, 1.0, 0.93, 0.70, 0.66, 1.05, 1.08, 1.04, 0.90])
HOUR_WEIGHTS = np.array([0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.3, 1.5, 1.6,
                         1.7, 1.9, 2.0, 2.0, 1.9, 1.7, 1.4, 1.1, 0.9, 0.7, 0.5, 0.4])
TS_STYLES = ["z", "naive", "offset", "ms_offset", "frac_naive", "ms_z"]
OFFSET_MINUTES = np.array([-180, 60, 120, -300, -240, 330, 540, -420, 0])
TS_WEB = {"z": 0.955, "naive": 0.02, "offset": 0.01, "ms_offset": 0.005, "frac_naive": 0.005, "ms_z": 0.005}
TS_CRM = {"z": 0.90, "naive": 0.03, "offset": 0.03, "ms_offset": 0.01, "frac_naive": 0.01, "ms_z": 0.02}
TS_ADS = {"z": 0.93, "naive": 0.03, "offset": 0.02, "ms_offset": 0.01, "frac_naive": 0.005, "ms_z": 0.005}
BAD_TIMESTAMPS = ["not a date", "2026-13-45T00:00:00Z", "00/00/0000", "N/A"]


class Calendar:
    """Day weights (season, weekday, growth) and fast timestamp rendering."""

    def __init__(self, start: int, as_of: int):
        self.start, self.as_of = start, as_of
        self.first_day, self.last_day = start // DAY, as_of // DAY
        self.ndays = self.last_day - self.first_day + 1
        self.table_day0 = self.first_day - 1200
        days = np.arange(self.table_day0, self.last_day + CALENDAR_FUTURE_DAYS)
        dates = days.astype("datetime64[D]")
        month_start = dates.astype("datetime64[M]")
        month = month_start.astype(np.int64) % 12 + 1
        dom = (dates - month_start.astype("datetime64[D]")).astype(np.int64) + 1
        weekday = (days + 3) % 7                      # 0 = Monday
        w = MONTH_FACTOR[month - 1]
        w = np.where((month == 12) & (dom >= 20), 0.42, w)
        w = np.where((month == 1) & (dom <= 2), 0.5, w)
        w = w * np.where(weekday >= 5, 0.28, 1.0)
        # growth 0.8 -> 1.25 over the window, the same trend during the warm-up before it
        growth = 0.8 + 0.45 * np.clip((days * DAY - start) / (as_of - start), -0.5, 1)
        self.weight = w * growth
        self.wmax = float(self.weight.max())
        self.hour_cdf = np.cumsum(HOUR_WEIGHTS) / HOUR_WEIGHTS.sum()
        self.month_id = month_start.astype(np.int64)  # months since 1970-01
        self.date_bytes = np.datetime_as_string(dates).astype("S10").view(np.uint8).reshape(-1, 10)
        tod = np.arange(DAY).astype("datetime64[s]")
        self.time_bytes = (np.datetime_as_string(tod).astype("S19").view(np.uint8)
                           .reshape(-1, 19)[:, 11:19].copy())

    # ---- sampling --------------------------------------------------------
    def mass(self, lo: int, hi: int) -> float:
        """Sum of the day weights of the days from time ``lo`` to time ``hi`` (epoch seconds)."""
        a = max(int(lo // DAY) - self.table_day0, 0)
        b = max(int(hi // DAY) - self.table_day0, a)
        return float(self.weight[a:b].sum())

    def sample(self, rng: np.random.Generator, lo, hi, n: int | None = None) -> np.ndarray:
        """Times in [lo, hi] following the business calendar (weekdays, office hours,
        quiet summer and year end). Windows shorter than two days are uniform."""
        lo = np.asarray(lo, float)
        hi = np.asarray(hi, float)
        n = n if n is not None else max(lo.size, hi.size)
        lo = np.broadcast_to(lo, (n,)).astype(float)
        hi = np.maximum(np.broadcast_to(hi, (n,)).astype(float), lo)
        out = np.empty(n, np.int64)
        todo = np.arange(n)
        for _ in range(60):
            if todo.size == 0:
                break
            l, h = lo[todo], hi[todo]
            k = todo.size
            t = l + rng.random(k) * (h - l)
            wide = (h - l) > 2 * DAY
            day = np.floor(t / DAY)
            hour = np.searchsorted(self.hour_cdf, rng.random(k))
            t = np.where(wide, day * DAY + hour * HOUR + rng.random(k) * HOUR, t)
            w = self.weight[np.clip(day.astype(np.int64) - self.table_day0, 0, len(self.weight) - 1)]
            ok = (t >= l) & (t <= h) & (~wide | (rng.random(k) * self.wmax < w))
            out[todo[ok]] = t[ok]
            todo = todo[~ok]
        if todo.size:
            out[todo] = (lo[todo] + rng.random(todo.size) * (hi[todo] - lo[todo])).astype(np.int64)
        return out

    # ---- rendering -------------------------------------------------------
    def _dates(self, secs: np.ndarray) -> np.ndarray:
        idx = np.clip(secs // DAY - self.table_day0, 0, len(self.date_bytes) - 1)
        return self.date_bytes[idx]

    def _render(self, style: str, secs: np.ndarray, ms: np.ndarray, offset: np.ndarray) -> pa.Array:
        n = len(secs)

        def const(ch: str) -> np.ndarray:
            return np.full((n, len(ch)), np.frombuffer(ch.encode(), np.uint8), np.uint8)

        def digits(v: np.ndarray, width: int) -> np.ndarray:
            return np.stack([48 + (v // 10 ** (width - 1 - i)) % 10 for i in range(width)], 1).astype(np.uint8)

        if style in ("offset", "ms_offset"):
            local = secs + offset * 60
        else:
            local = secs
        parts = [self._dates(local), const(" " if style == "naive" else "T"),
                 self.time_bytes[local % DAY]]
        if style in ("ms_offset", "ms_z"):
            parts += [const("."), digits(ms, 3)]
        if style == "frac_naive":
            parts += [const("."), digits(ms // 100, 1)]
        if style in ("offset", "ms_offset"):
            sign = np.where(offset < 0, ord("-"), ord("+")).astype(np.uint8)[:, None]
            a = np.abs(offset)
            parts += [sign, digits(a // 60, 2), const(":"), digits(a % 60, 2)]
        if style in ("z", "ms_z"):
            parts.append(const("Z"))
        return fixed_strings(np.concatenate(parts, axis=1))

    def timestamps(self, rng: np.random.Generator, secs: np.ndarray, mix: dict[str, float],
                   bad_rate: float = 0.0, rows: np.ndarray | None = None) -> pa.Array:
        """Render epoch seconds in the contract's spellings, mixed per ``mix``;
        ``bad_rate`` plants a few unparseable values. With ``rows``, the output is
        ``rendered[rows]`` (repeated rows keep exactly the same text)."""
        secs = np.asarray(secs, np.int64)
        n = len(secs)
        if n == 0:
            return pa.array([], pa.string())
        probs = np.array([mix.get(s, 0.0) for s in TS_STYLES])
        probs = probs / probs.sum()
        main = int(np.argmax(probs))
        odd = np.flatnonzero(rng.random(n) < 1 - probs[main])      # rows in another spelling
        rest = probs.copy()
        rest[main] = 0
        style = np.full(n, main, np.int8)
        style[odd] = draw(rng, rest / rest.sum(), odd.size)
        ms = np.zeros(n, np.int64)
        ms[odd] = rng.integers(0, 1000, odd.size)
        offset = np.zeros(n, np.int64)
        offset[odd] = OFFSET_MINUTES[rng.integers(0, len(OFFSET_MINUTES), odd.size)]
        bad = np.zeros(n, bool)
        if bad_rate:
            bad[pick_rows(rng, n, bad_rate, minimum=1)] = True
        bad_code = np.zeros(n, np.int64)
        bad_code[bad] = rng.integers(0, len(BAD_TIMESTAMPS), int(bad.sum()))
        if rows is not None:
            secs, style, ms, offset, bad, bad_code = (x[rows] for x in (secs, style, ms, offset, bad, bad_code))
            n = len(rows)
        out = self._render(TS_STYLES[main], secs, ms, offset)
        other = style != main
        if other.any():
            idx_parts, val_parts = [], []
            for k, name in enumerate(TS_STYLES):
                idx = np.flatnonzero(style == k)
                if idx.size and k != main:
                    idx_parts.append(idx)
                    val_parts.append(self._render(name, secs[idx], ms[idx], offset[idx]))
            rows_other = np.flatnonzero(other)
            local = np.searchsorted(rows_other, np.concatenate(idx_parts))
            values = scatter(rows_other.size, [local], [pa.concat_arrays(val_parts)])
            out = pc.replace_with_mask(out, pa.array(other), values)
        if bad.any():
            b = np.flatnonzero(bad)
            out = set_rows(out, b, pick(BAD_TIMESTAMPS, bad_code[b]))
        return out

    def dates(self, days: np.ndarray) -> pa.Array:
        """Epoch day numbers -> 'YYYY-MM-DD'."""
        return fixed_strings(self._dates(np.asarray(days, np.int64) * DAY))

    # ---- fixed marketing calendar -----------------------------------------
    def events(self, first_day: int | None = None, last_day: int | None = None) -> SimpleNamespace:
        """Conference dates (booths) inside the window (or between two other days)."""
        first_day = self.first_day if first_day is None else first_day
        last_day = self.last_day if last_day is None else last_day
        y0 = int(np.datetime64(first_day, "D").astype("datetime64[Y]").astype(int)) + 1970
        y1 = int(np.datetime64(last_day, "D").astype("datetime64[Y]").astype(int)) + 1970
        rows = [(np.datetime64(date(y, m, d)).astype(np.int64), i)
                for y in range(y0, y1 + 1) for i, (_, m, d, _, _) in enumerate(EVENTS)]
        rows = sorted(r for r in rows if first_day + 5 <= r[0] <= last_day - 2)
        day = np.array([r[0] for r in rows], np.int64)
        return SimpleNamespace(day=day, event=np.array([r[1] for r in rows], np.int64),
                               time=day * DAY + 9 * HOUR)

    def webinars(self, lo: int | None = None, hi: int | None = None) -> np.ndarray:
        """Monthly webinar (second Thursday, 15:00 UTC), none in July, August, December;
        inside the window (or between the times ``lo`` and ``hi``)."""
        lo = self.start if lo is None else lo
        hi = self.as_of if hi is None else hi
        months = np.unique(self.month_id[(np.arange(len(self.month_id)) + self.table_day0 >= lo // DAY - 31)])
        first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        month = months % 12 + 1
        weekday = (first + 3) % 7
        second_thu = first + (3 - weekday) % 7 + 7
        t = second_thu * DAY + 15 * HOUR
        keep = ~np.isin(month, [7, 8, 12]) & (t >= lo) & (t <= hi - DAY)
        return t[keep]


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------
class TableSink:
    """Writes one contract table, possibly in several chunks, as CSV or Parquet.

    CSV: UTF-8, header row, comma, RFC 4180 quoting (every text value is quoted,
    inner quotes doubled; a null is an empty unquoted field). Parquet: every column
    is a plain string column (columns built dictionary-encoded in memory are stored
    with Parquet dictionary pages; the Arrow schema is not embedded, so readers see
    ``string``). Both are deterministic: same input, same bytes."""

    def __init__(self, out: Path, table: str, fmt: str):
        self.table, self.columns = table, TABLES.get(table) or OPTIONAL_TABLES[table]
        self.path = out / f"{table}.{fmt}"
        self.fmt, self.rows = fmt, 0
        self.schema: pa.Schema | None = None
        self._writer = None

    def _open(self, schema: pa.Schema) -> None:
        self.schema = schema
        if self.fmt == "parquet":
            dictionary = [f.name for f in schema if f.name in LOW_CARDINALITY]
            self._writer = pq.ParquetWriter(self.path, schema, compression="zstd", store_schema=False,
                                            use_dictionary=dictionary, write_statistics=False)
        else:
            self._writer = pcsv.CSVWriter(self.path, schema, write_options=pcsv.WriteOptions(quoting_style="needed"))

    def write(self, columns: dict[str, pa.Array]) -> None:
        arrays = []
        for c in self.columns:
            a = columns[c]
            if not (pa.types.is_dictionary(a.type) or a.type == pa.string()):
                a = a.cast(pa.string())
            arrays.append(a)
        if self.schema is None:
            self._open(pa.schema([(c, a.type) for c, a in zip(self.columns, arrays)]))
        fixed = []
        for a, f in zip(arrays, self.schema):
            if a.type != f.type:
                a = a.dictionary_encode() if pa.types.is_dictionary(f.type) else a.cast(pa.string())
            fixed.append(a)
        table = pa.table(fixed, schema=self.schema)
        self.rows += table.num_rows
        if self.fmt == "parquet":
            self._writer.write_table(table, row_group_size=1_000_000)
        else:
            self._writer.write_table(table)

    def close(self) -> int:
        if self._writer is None:
            self.write({c: pa.array([], pa.string()) for c in self.columns})
        self._writer.close()
        return self.rows


# columns with few distinct values: Parquet dictionary pages pay off
LOW_CARDINALITY = {
    "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "user_agent", "referrer_url",
    "form_name", "consent", "origin", "platform", "campaign_id", "ad_group_id", "campaign_name", "currency",
    "industry", "country", "is_deleted", "lead_source", "job_title", "lifecycle_stage", "pipeline",
    "deal_stage", "is_closed", "is_won", "activity_type", "channel", "campaign", "report_date",
    "cost_month", "first_name", "last_name", "employee_count", "close_date", "company_name",
    "event_type", "is_filtered",
}


# --------------------------------------------------------------------------
# Traffic sources and ad campaigns
# --------------------------------------------------------------------------
def build_sources() -> SimpleNamespace:
    """Flat catalog of traffic sources: organic variants per channel, then one row
    per ad platform (search/social) and one for display."""
    rows, offset, count, weight = [], {}, {}, []
    for ch, variants in SOURCES.items():
        offset[ch], count[ch] = len(rows), len(variants)
        for w, ref, src, med, camp, origin in variants:
            rows.append((ref, src, med, camp, origin))
            weight.append(w)
    platform_row = {}
    for plat, (ref, src, med, _, origin) in PLATFORM_SOURCE.items():
        platform_row[plat] = len(rows)
        rows.append((ref, src, med, None, origin))
        weight.append(1.0)
    display_row = len(rows)
    rows.append(("https://googleads.g.doubleclick.net/", "google", "display", None, "Display | Google Ads"))
    weight.append(1.0)
    cols = list(zip(*rows))
    return SimpleNamespace(referrer=list(cols[0]), utm_source=list(cols[1]), utm_medium=list(cols[2]),
                           utm_campaign=list(cols[3]), origin=list(cols[4]), offset=offset, count=count,
                           weight=np.array(weight), platform_row=platform_row, display_row=display_row,
                           n=len(rows))


def build_campaigns(cfg: Settings, cal: Calendar) -> SimpleNamespace:
    c = list(zip(*CAMPAIGNS))
    span = cfg.as_of - cfg.start
    n = len(CAMPAIGNS)
    first_day = ((cfg.start + np.array(c[6]) * span) // DAY).astype(np.int64)
    last_day = np.minimum((cfg.start + np.array(c[7]) * span) // DAY, cal.last_day).astype(np.int64)
    rename = np.array([9.0 if r is None else r for r in c[4]], float)   # 9.0: never within the window
    rename_day = ((cfg.start + rename * span) // DAY).astype(np.int64)
    platform = np.array([PLATFORMS.index(p) for p in c[0]])
    src = np.array([SRC.display_row if ch == CH_DISPLAY else SRC.platform_row[p]
                    for p, ch in zip(c[0], c[5])])
    return SimpleNamespace(
        n=n, platform=platform, platform_name=list(c[0]), campaign_id=list(c[1]), name=list(c[2]),
        new_name=[b if b is not None else a for a, b in zip(c[2], c[3])], rename_day=rename_day,
        channel=np.array(c[5]), first_day=first_day, last_day=last_day, currency=list(c[8]),
        ctr=np.array(c[9]), cpc_usd=np.array(c[10]), budget=np.array(c[11]),
        affinity=np.array(c[12], float).T, slug=list(c[13]), src=src,
        is_search=np.array([ch == CH_PAID_SEARCH for ch in c[5]]),
        is_brand=np.array(["brand" in slug for slug in c[13]]),
        ad_groups=[[f"{int(cid) % 10**9 + 1000 * k}" for k in range(1, 4)] for cid in c[1]],
    )


SRC = build_sources()


def choose_campaigns(rng: np.random.Generator, camp: SimpleNamespace, channel: np.ndarray,
                     phase: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Campaign of each paid session (by channel, journey phase and active dates); -1 otherwise."""
    out = np.full(len(channel), -1, np.int64)
    day = t // DAY
    for ch in PAID_CHANNELS:
        rows = np.flatnonzero(channel == ch)
        cands = np.flatnonzero(camp.channel == ch)
        if rows.size == 0 or cands.size == 0:
            continue
        aff = np.vstack([camp.affinity, np.ones((1, camp.n))])     # phase 3 = neutral
        w = camp.budget[cands][None, :] * aff[phase[rows]][:, cands]
        active = (day[rows, None] >= camp.first_day[cands][None, :]) & (day[rows, None] <= camp.last_day[cands][None, :])
        w = w * active
        w[w.sum(axis=1) == 0, 0] = 1.0
        cum = np.cumsum(w, axis=1)
        u = rng.random(rows.size) * cum[:, -1]
        out[rows] = cands[(u[:, None] > cum).sum(axis=1).clip(0, cands.size - 1)]
    return out


def source_rows(rng: np.random.Generator, camp: SimpleNamespace, channel: np.ndarray,
                campaign: np.ndarray) -> np.ndarray:
    """Row of the source catalog for each session."""
    src = np.zeros(len(channel), np.int64)
    for ch, off in SRC.offset.items():
        rows = np.flatnonzero(channel == ch)
        w = SRC.weight[off:off + SRC.count[ch]]
        src[rows] = off + draw(rng, w / w.sum(), rows.size)
    paid = campaign >= 0
    src[paid] = camp.src[campaign[paid]]
    return src


LANDING_PAID = {
    CH_PAID_SEARCH: {P["/lp/attribution-software"]: 0.35, P["/pricing"]: 0.15, P["/"]: 0.25,
                     P["/lp/demo"]: 0.15, P["/compare/hubspot-attribution"]: 0.10},
    CH_PAID_SOCIAL: {P["/resources/ebooks/state-of-b2b-attribution"]: 0.25, P["/resources/ebooks/revops-playbook"]: 0.15,
                     P["/webinars/attribution-masterclass"]: 0.2, P["/webinars/pipeline-reviews"]: 0.1,
                     P["/lp/abm"]: 0.2, P["/lp/demo"]: 0.1},
    CH_DISPLAY: {P["/"]: 0.4, P["/pricing"]: 0.2, P["/customers"]: 0.2, P["/lp/demo"]: 0.2},
}
LANDING_MATRIX = np.array([[{**LANDING_BY_CHANNEL, **LANDING_PAID}[ch].get(p, 0.0) for p in range(len(PATHS))]
                           for ch in range(len(CHANNELS))])
LANDING_MATRIX /= LANDING_MATRIX.sum(axis=1, keepdims=True)
INTERNAL_P = np.array([INTERNAL_WEIGHTS.get(p, 0.0) for p in range(len(PATHS))])
INTERNAL_P /= INTERNAL_P.sum()
MIX_NAMES = list(CHANNEL_MIX)
MIX_MATRIX = np.array([CHANNEL_MIX[k] for k in MIX_NAMES])
MIX_MATRIX /= MIX_MATRIX.sum(axis=1, keepdims=True)


def session_traffic(rng: np.random.Generator, camp: SimpleNamespace, mix_row: np.ndarray,
                    phase: np.ndarray, t: np.ndarray) -> SimpleNamespace:
    """Channel, campaign, source, landing page and tagging of sessions."""
    channel = draw_rows(rng, MIX_MATRIX, mix_row)
    campaign = choose_campaigns(rng, camp, channel, phase, t)
    n = len(channel)
    return SimpleNamespace(
        channel=channel.astype(np.int8), campaign=campaign, src=source_rows(rng, camp, channel, campaign),
        landing=draw_rows(rng, LANDING_MATRIX, channel).astype(np.int16),
        utm_in_columns=rng.random(n) < 0.72,      # else only in the page_url query string
        click_only=rng.random(n) < 0.05,          # auto-tagged: click id but no utm
        term=rng.integers(0, len(SEARCH_TERMS), n).astype(np.int16),
        content=rng.integers(0, 4, n).astype(np.int8),
    )


# --------------------------------------------------------------------------
# Ground truth: accounts and deals
# --------------------------------------------------------------------------
def simulate_accounts(cfg: Settings, cal: Calendar) -> SimpleNamespace:
    rng = cfg.rng("accounts")
    # ACCOUNTS_PER_SCALE accounts first touch the company during the window; the warm-up
    # before it has as many per unit of calendar weight (their events before the window
    # are not written)
    n_window = max(30, int(round(ACCOUNTS_PER_SCALE * cfg.scale)))
    n = int(round(n_window * cal.mass(cfg.sim_start, cfg.as_of - 3 * DAY) / cal.mass(cfg.start, cfg.as_of - 3 * DAY)))
    _, cw = weights(COUNTRIES)
    country = np.where(rng.random(n) < 0.03, -1, draw(rng, cw, n))
    industry_names, iw = weights(INDUSTRIES)
    industry = draw(rng, iw, n)
    band_edges = np.array([[1, 10], [11, 50], [51, 200], [201, 1000], [1001, 5000], [5001, 60000]])
    band = draw(rng, np.array([0.08, 0.22, 0.30, 0.24, 0.11, 0.05]), n)
    lo, hi = band_edges[band, 0], band_edges[band, 1]
    employees = np.exp(np.log(lo) + rng.random(n) * (np.log(hi + 1) - np.log(lo))).astype(np.int64).clip(lo, hi)

    total = len(BRANDS) * len(NOUNS)
    reps = int(np.ceil(n * 1.25 / total))
    combo = rng.choice(total * reps, n, replace=False)
    brand, noun, dup_k = combo % len(BRANDS), (combo // len(BRANDS)) % len(NOUNS), combo // total
    tld = draw_rows(rng, prob_matrix(COUNTRY_CODES, COUNTRY_TLD, TLDS, DEFAULT_TLD), country)
    legal = draw_rows(rng, prob_matrix(COUNTRY_CODES, COUNTRY_LEGAL, LEGAL_FORMS,
                                       {"": 0.5, "Inc.": 0.3, "Ltd": 0.2}), country)

    anchor = cal.sample(rng, cfg.sim_start, cfg.as_of - 3 * DAY, n)
    icp = np.isin(np.array(industry_names)[industry], list(ICP_INDUSTRIES)) & (band >= 2) & (band <= 4)
    fit = np.where(icp, 1.35, np.where(band == 0, 0.45, 0.85))
    in_market = rng.random(n) < P_IN_MARKET * fit / fit.mean()
    t_deal = anchor + 10 * DAY + gamma_days(rng, DAYS_TO_FIRST_DEAL, n)
    has_deal = in_market & (t_deal < cfg.as_of - DAY)
    n_contacts = np.where(has_deal, rng.integers(3, 8, n), 3 + rng.binomial(4, 0.6, n))
    base_usd = np.array([9e3, 12e3, 18e3, 32e3, 60e3, 110e3])[band] * rng.lognormal(0, 0.45, n)
    return SimpleNamespace(
        n=n, country=country, industry=industry, employees=employees, band=band, brand=brand,
        noun=noun, dup_k=dup_k, tld=tld, legal=legal, anchor=anchor, in_market=in_market,
        n_window=n_window, t_deal=t_deal, has_deal=has_deal, warm=in_market & ~has_deal, n_contacts=n_contacts,
        base_usd=base_usd, icp=icp,
    )


def simulate_deals(cfg: Settings, acc: SimpleNamespace) -> SimpleNamespace:
    """Deals of every pipeline. Kinds: 0 first new-business deal, 1 extra product deal,
    2 second attempt after a loss, 3 renewal, 4 expansion."""
    rng = cfg.rng("deals")
    horizon = cfg.as_of - HOUR

    def cycle(k: int) -> np.ndarray:
        return 5 * DAY + gamma_days(rng, DEAL_CYCLE_DAYS, k)

    a = np.flatnonzero(acc.has_deal)
    first_created = acc.t_deal[a]
    first_won = rng.random(a.size) < P_WIN_FIRST_DEAL * np.where(acc.icp[a], 1.15, 0.9)
    first_close = quarter_end_push(rng, first_created, first_created + cycle(a.size), first_won, horizon)
    parts = [(a, 0, first_created, first_close, first_won, np.ones(a.size))]

    n_extra = (rng.random(a.size) < P_PRODUCT_DEAL[0]).astype(np.int64) + (rng.random(a.size) < P_PRODUCT_DEAL[1])
    o = np.repeat(np.arange(a.size), n_extra)
    created = first_created[o] + rng.uniform(1, 25, o.size) * DAY
    won = rng.random(o.size) < np.where(first_won[o], 0.55, 0.12)
    close = quarter_end_push(rng, created, created + cycle(o.size), won, horizon)
    parts.append((a[o], 1, created, close, won, rng.uniform(0.25, 0.6, o.size)))

    again = ~first_won & (first_close < horizon) & (rng.random(a.size) < P_SECOND_ATTEMPT)
    created = first_close[again] + 45 * DAY + gamma_days(rng, (2.0, 55.0), int(again.sum()))
    won = rng.random(created.size) < 0.30
    close = quarter_end_push(rng, created, created + cycle(created.size), won, horizon)
    parts.append((a[again], 2, created, close, won, rng.uniform(0.7, 1.0, created.size)))

    def stack(parts):
        return [np.concatenate([np.broadcast_to(np.asarray(p[i]), p[0].shape) for p in parts]) for i in range(6)]

    d_acc, kind, created, close, won, factor = stack(parts)
    keep = created < horizon
    d_acc, kind, created, close, won, factor = (x[keep] for x in (d_acc, kind, created, close, won, factor))

    cust_at = np.full(acc.n, np.inf)
    closed_won = won & (close <= horizon)
    np.minimum.at(cust_at, d_acc[closed_won], close[closed_won])
    cust_acc = np.flatnonzero(np.isfinite(cust_at))
    x = cust_at[cust_acc]
    ren_created = x + rng.uniform(275, 305, x.size) * DAY
    ren_close = x + 365 * DAY + rng.uniform(-20, 20, x.size) * DAY
    ren_won = rng.random(x.size) < P_RENEWAL_WON
    expand = rng.random(x.size) < P_EXPANSION
    exp_created = x[expand] + rng.uniform(60, 330, int(expand.sum())) * DAY
    exp_close = exp_created + 10 * DAY + gamma_days(rng, (2.0, 18.0), exp_created.size)
    exp_won = rng.random(exp_created.size) < 0.55
    exp_close = quarter_end_push(rng, exp_created, exp_close, exp_won, horizon)
    parts = [(d_acc, kind, created, close, won, factor),
             (cust_acc, 3, ren_created, ren_close, ren_won, rng.uniform(1.0, 1.12, x.size)),
             (cust_acc[expand], 4, exp_created, exp_close, exp_won, rng.uniform(0.15, 0.5, exp_created.size))]
    d_acc, kind, created, close, won, factor = stack(parts)
    keep = created < horizon
    order = np.lexsort((d_acc[keep], created[keep]))
    d_acc, kind, created, close, won, factor = (x[keep][order] for x in (d_acc, kind, created, close, won, factor))
    created = created.astype(np.int64)
    close = close.astype(np.int64)
    is_closed = close <= horizon

    # amounts in the deal currency, rounded to hundreds
    country_currency = np.array([CURRENCIES.index(DEAL_CURRENCY[c]) for c in COUNTRY_CODES] + [0])
    currency = country_currency[acc.country[d_acc]]
    currency = np.where(rng.random(d_acc.size) < 0.08, 0, currency)
    fx = np.array([FX_PER_USD[c] for c in CURRENCIES])[currency]
    amount = np.round(acc.base_usd[d_acc] * factor * fx / 100) * 100
    acc_first_close = np.full(acc.n, np.inf)
    acc_first_close[a] = first_close
    return SimpleNamespace(
        n=d_acc.size, acc=d_acc, kind=kind, pipeline=np.select([kind == 3, kind == 4], [1, 2], 0),
        created=created, close=close, won=won & is_closed, lost=~won & is_closed, is_closed=is_closed,
        currency=currency, amount=amount, cust_at=cust_at, acc_first_close=acc_first_close,
        amount_usd=acc.base_usd[d_acc] * factor,
    )


# --------------------------------------------------------------------------
# Ground truth: people (contacts and form-only visitors), their touches
# --------------------------------------------------------------------------
def _flatten_names(which: int) -> SimpleNamespace:
    display, ascii_, offset, length = [], [], [], []
    for culture in CULTURE_NAMES:
        names = CULTURES[culture][which]
        offset.append(len(display))
        length.append(len(names))
        display += [d for d, _ in names]
        ascii_ += [a for _, a in names]
    return SimpleNamespace(display=display, ascii=ascii_, offset=np.array(offset), length=np.array(length))


FIRST_NAMES, LAST_NAMES = _flatten_names(0), _flatten_names(1)
EMAIL_PATTERNS = np.array([0.50, 0.20, 0.08, 0.05, 0.05, 0.05, 0.07])
PHONE_FORMATS = [
    ("+1 (415) 555-01", 2, "US"), ("555-01", 2, "US"), ("(212) 555-01", 2, "US"),
    ("+1 212 555 01", 2, "US"), ("212.555.01", 2, "US"), ("+1 (416) 555-01", 2, "CA"),
    ("+44 20 7946 0", 3, "GB"), ("0044 20 7946 0", 3, "GB"), ("020 7946 0", 3, "GB"),
    ("(11) 99999-9", 3, "BR"), ("+55 11 99999 9", 3, "BR"), ("+55 (21) 98888-0", 3, "BR"),
    ("+49 30 23125 ", 3, "DE"), ("030 23125", 3, "DE"), ("+33 1 99 00 0", 3, "FR"),
    ("+31 20 555 0", 3, "NL"), ("+81 3-0000-0", 3, "JP"), ("+34 600 000 ", 3, "ES"),
    ("+91 98765 00", 3, "IN"), ("+61 2 5550 0", 3, "AU"), ("+48 22 555 0", 3, "PL"),
    ("+46 8 555 0", 3, "SE"), ("+52 55 5555 0", 3, "MX"),
]
PHONE_JUNK = ["n/a", "123", "0000000000", "-", "tbd", "+1", "call me", "555", "N/A"]
THREE_DIGITS = [f"{i:03d}" for i in range(1000)]


def _phone_matrix() -> np.ndarray:
    m = np.zeros((len(COUNTRY_CODES) + 1, len(PHONE_FORMATS)))
    for j, (_, _, cc) in enumerate(PHONE_FORMATS):
        if cc in COUNTRY_CODES:
            m[COUNTRY_CODES.index(cc), j] = 1.0
        if cc == "US":
            m[-1, j] = 1.0
    m[m.sum(axis=1) == 0, 0] = 1.0
    return m / m.sum(axis=1, keepdims=True)


PHONE_MATRIX = _phone_matrix()


def poisson_owner(rng: np.random.Generator, who: np.ndarray, lam) -> np.ndarray:
    """Repeat each index of ``who`` a Poisson(lam) number of times."""
    return np.repeat(who, rng.poisson(np.broadcast_to(lam, who.shape)))


def simulate_people(cfg: Settings, cal: Calendar, acc: SimpleNamespace, deals: SimpleNamespace,
                    events: SimpleNamespace, webinars: np.ndarray, camp: SimpleNamespace) -> SimpleNamespace:
    rng = cfg.rng("people")
    end_cap = float(cfg.as_of - 2 * HOUR)

    # ---- who -------------------------------------------------------------
    owner = np.repeat(np.arange(acc.n), acc.n_contacts)
    n_acc_people = owner.size
    n_free = int(round(FREE_MAIL_CONTACTS_PER_ACCOUNT * acc.n))
    n_ghost = int(round(FORM_ONLY_PEOPLE_PER_ACCOUNT * acc.n))
    n = n_acc_people + n_free + n_ghost
    account = np.r_[owner, np.full(n_free + n_ghost, -1)]
    has_acc = account >= 0
    ai = np.maximum(account, 0)
    rank = np.r_[group_ranks(owner), np.zeros(n_free + n_ghost, np.int64)]
    ptype = np.r_[np.where(acc.has_deal[owner], 2, 3), np.full(n_free, 4), np.full(n_ghost, 5)].astype(np.int8)
    ptype[(ptype == 2) & (rank == 0)] = 0
    ptype[(ptype == 2) & (rank == 1) & (rng.random(n) < 0.10)] = 1
    warm = has_acc & acc.warm[ai]
    crm = ptype <= 4
    T = acc.anchor[ai].astype(float)
    td = np.where(has_acc & acc.has_deal[ai], acc.t_deal[ai], np.inf)
    first_close = np.where(has_acc, deals.acc_first_close[ai], np.inf)

    # ---- first touch (entry) ------------------------------------------------
    e = np.empty(n)
    idx = np.flatnonzero(has_acc & (rank > 0))
    span = np.where(ptype[idx] <= 2, (td[idx] - T[idx]) * 1.15 + 20 * DAY, rng.exponential(80 * DAY, idx.size))
    e[idx] = cal.sample(rng, T[idx], T[idx] + span)      # after the as-of time: not in the data yet
    idx = np.flatnonzero(has_acc & (rank == 0))
    e[idx] = T[idx]
    idx = np.flatnonzero(~has_acc)
    e[idx] = cal.sample(rng, cfg.sim_start, end_cap, idx.size)
    sec = ptype == 1
    e[sec] = np.clip(e[sec], T[sec], td[sec] - 12 * DAY)

    # origin: 0 web form, 1 created by sales, 2 badge scan at an event
    u = rng.random(n)
    origin = np.zeros(n, np.int8)
    origin[(ptype == 0) & (u < 0.2)] = 1
    origin[(ptype >= 1) & (ptype <= 3) & (u < 0.30)] = 1
    ev = np.flatnonzero((ptype >= 2) & (ptype <= 3) & (u >= 0.30) & (u < 0.44))
    if events.time.size:
        k = np.searchsorted(events.time, e[ev])
        t_ev = np.where(k < events.time.size, events.time[np.minimum(k, events.time.size - 1)], np.inf)
        ok = t_ev - e[ev] < 200 * DAY     # an event after the as-of time: a person still to come
        origin[ev[ok]] = 2
        e[ev[ok]] = t_ev[ok] + rng.uniform(0.5, 8, int(ok.sum())) * HOUR

    # ---- lead stages --------------------------------------------------------
    sub, lead, mql, sql, opp, cust = (np.full(n, np.nan) for _ in range(6))
    g = ptype >= 2
    lead_g = np.where(origin == 0, e + HOUR + rng.exponential(5 * DAY, n), e)
    subscriber = g & (origin == 0) & (ptype != 5) & (rng.random(n) < 0.15)
    sub[subscriber] = lead_g[subscriber]
    later = lead_g + 2 * DAY + gamma_days(rng, (1.5, 35.0), n)
    lead_g = np.where(subscriber, np.where(rng.random(n) < 0.5, later, np.nan), lead_g)
    p_m = np.where(warm, P_MQL_WARM, P_MQL[ptype])
    p_s = np.where(warm, P_SQL_WARM, P_SQL[ptype])
    mql_g = np.where(rng.random(n) < p_m, lead_g + HOUR + gamma_days(rng, (1.2, 12.0), n), np.nan)
    sql_g = np.where(rng.random(n) < p_s, mql_g + HOUR + gamma_days(rng, (1.2, 14.0), n), np.nan)
    lead[g], mql[g], sql[g] = lead_g[g], mql_g[g], sql_g[g]

    champion_fast = np.zeros(n, bool)
    c = np.flatnonzero(ptype == 0)
    ec, tdc = e[c], td[c]
    sql_c = np.maximum(tdc - rng.uniform(1, 12, c.size) * DAY, ec + 2 * HOUR)
    nurtured = (rng.random(c.size) < P_NURTURED_CHAMPION) & (sql_c - ec > 40 * DAY)
    lead_c = np.where(nurtured, ec + np.minimum(HOUR + rng.exponential(12 * DAY, c.size), sql_c - ec - 31 * DAY),
                      np.maximum(ec + HOUR, sql_c - rng.uniform(2, 25, c.size) * DAY))
    lead_c = np.where(origin[c] == 0, lead_c, ec)
    frac = np.where(nurtured, rng.uniform(0.2, 0.85, c.size), rng.uniform(0.001, 0.15, c.size))
    lead[c], mql[c], sql[c], opp[c] = lead_c, lead_c + frac * (sql_c - lead_c), sql_c, tdc
    champion_fast[c] = ~nurtured & (origin[c] == 0)

    s2 = np.flatnonzero(sec)
    lead_s = np.maximum(np.minimum(e[s2] + HOUR + rng.exponential(10 * DAY, s2.size), td[s2] - 3 * DAY), e[s2] + HOUR)
    lead_s = np.where(origin[s2] == 0, lead_s, e[s2])
    sql_s = np.maximum(td[s2] - rng.uniform(0, 5, s2.size) * DAY, lead_s + 2 * HOUR)
    lead[s2], sql[s2] = lead_s, sql_s
    mql[s2] = lead_s + rng.uniform(0.1, 0.9, s2.size) * (sql_s - lead_s)
    opp[s2] = np.maximum(np.minimum(td[s2] + rng.uniform(0, 7, s2.size) * DAY, first_close[s2] - HOUR), sql_s + HOUR)

    won_acc = has_acc & np.isfinite(deals.cust_at[ai])
    deal_people = won_acc & (ptype <= 1)
    cust[deal_people] = deals.cust_at[ai[deal_people]]
    # the stage times as they will be (also after the as-of time): what people do before a
    # stage to come (visits, forms, sales touches before an SQL) is in the data already
    true_lead, true_sql, true_opp = lead.copy(), sql.copy(), opp.copy()
    true_last = np.nanmax(np.stack([e, sub, lead, mql, sql, opp, cust], 1), axis=1)
    true_cust = cust.copy()
    for arr in (sub, lead, mql, sql, opp, cust):
        arr[arr > end_cap] = np.nan
    # a stage only counts when the previous one was reached
    mql[np.isnan(lead)] = np.nan
    sql[np.isnan(mql)] = np.nan
    opp[np.isnan(sql)] = np.nan

    # rows the CRM history will show (skips); the ground truth follows the same rows
    skip_mql = np.isfinite(sql) & (((origin == 1) & (rng.random(n) < 0.7)) | (rng.random(n) < 0.04))
    skip_lead = np.isfinite(mql) & ~skip_mql & np.isnan(sub) & (rng.random(n) < 0.02)
    created = np.where(np.isfinite(sub), sub, lead)
    created = np.where(origin == 0, created, e)
    crm = crm & (created <= end_cap)         # a CRM record once created; later ones are still to come
    shown = np.stack([sub, np.where(skip_lead, np.nan, lead), np.where(skip_mql, np.nan, mql), sql, opp, cust], 1)
    shown[~crm] = np.nan
    with np.errstate(all="ignore"):
        reach = np.fmin.accumulate(shown[:, ::-1], axis=1)[:, ::-1]
    # contacts that became leads before the window: records without a written stage history
    # (their lead cannot be shown, and a later stage alone would read as a new lead)
    history = crm & (reach[:, S_LEAD] < cfg.start)
    # end of a person's activity, as it will be (sessions and forms after the as-of time are dropped)
    c_end = np.where(np.isfinite(true_cust), true_cust + 200 * DAY, true_last + 150 * DAY)
    deleted = crm & (ptype >= 2) & (rng.random(n) < 0.012)

    # ---- identity attributes -----------------------------------------------
    country = np.where(has_acc, acc.country[ai], np.where(rng.random(n) < 0.03, -1, draw(rng, weights(COUNTRIES)[1], n)))
    culture = draw_rows(rng, prob_matrix(COUNTRY_CODES, COUNTRY_CULTURES, CULTURE_NAMES, NULL_COUNTRY_CULTURES), country)
    first = FIRST_NAMES.offset[culture] + (rng.random(n) * FIRST_NAMES.length[culture]).astype(np.int64)
    lastn = LAST_NAMES.offset[culture] + (rng.random(n) * LAST_NAMES.length[culture]).astype(np.int64)
    ru = culture == CULTURE_NAMES.index("ru")
    gender = (first - FIRST_NAMES.offset[culture]) % 2
    lastn = np.where(ru, LAST_NAMES.offset[culture] + (lastn - LAST_NAMES.offset[culture]) // 2 * 2 + gender, lastn)
    free_mail = (ptype == 4) | ((ptype == 5) & (rng.random(n) < 0.7)) | ((ptype >= 2) & (ptype <= 3) & (rng.random(n) < 0.03))
    domain_account = np.where(free_mail, -1, account)
    ghost_corp = np.flatnonzero((ptype == 5) & ~free_mail)
    domain_account[ghost_corp] = rng.integers(0, acc.n, ghost_corp.size)
    pattern = draw(rng, EMAIL_PATTERNS, n)
    key = ((np.maximum(domain_account, 0) * len(EMAIL_PATTERNS) + pattern) * len(FIRST_NAMES.ascii) + first) \
        * len(LAST_NAMES.ascii) + lastn
    key = np.where(free_mail, -1 - np.arange(n), key)
    order = np.argsort(key, kind="stable")
    dup_rank = np.empty(n, np.int64)
    dup_rank[order] = group_ranks(key[order])
    free_domain = draw(rng, weights(FREE_MAIL_DOMAINS)[1], n)
    title = np.where(ptype == 0, draw(rng, weights(SENIOR_TITLES)[1], n), draw(rng, weights(ALL_TITLES)[1], n))
    phone_fmt = draw_rows(rng, PHONE_MATRIX, country)
    phone_kind = np.select([rng.random(n) < 0.35, rng.random(n) < 0.04], [0, 2], 1)  # 0 none, 1 ok, 2 junk
    acc_champion = np.full(acc.n, -1)
    acc_champion[account[c]] = c

    # ---- browsers ------------------------------------------------------------
    nb = np.where(origin == 0, 1 + (rng.random(n) < 0.33) + (rng.random(n) < 0.08),
                  (rng.random(n) < 0.55).astype(np.int64) + (rng.random(n) < 0.15)).astype(np.int64)
    b_start = np.r_[0, np.cumsum(nb)[:-1]]

    def pick_browser(who: np.ndarray) -> np.ndarray:
        k = np.where(rng.random(who.size) < 0.72, 0, (rng.random(who.size) * nb[who]).astype(np.int64))
        return b_start[who] + np.minimum(k, nb[who] - 1)

    content = lambda k: np.where(rng.random(k) < 0.58, F_EBOOK, F_WEBINAR)
    bottom = lambda k: np.array([F_DEMO] * 6 + [F_CONTACT] * 2 + [F_PRICING] * 2)[rng.integers(0, 10, k)]

    # ---- form submissions ------------------------------------------------------
    f_parts = []
    who = np.flatnonzero((origin == 0) & (np.isfinite(sub) | np.isfinite(lead)))
    t = np.where(np.isfinite(sub[who]), sub[who], lead[who])
    pt, uu = ptype[who], rng.random(who.size)
    kind = np.where(uu < 0.22, bottom(who.size), content(who.size))
    kind = np.where(pt == 0, np.where(champion_fast[who], bottom(who.size), content(who.size)), kind)
    kind = np.where(pt == 4, np.select([uu < 0.55, uu < 0.75, uu < 0.9], [F_EBOOK, F_WEBINAR, F_NEWSLETTER], F_CONTACT), kind)
    kind = np.where(pt == 5, np.select([uu < 0.6, uu < 0.85], [F_EBOOK, F_NEWSLETTER], F_WEBINAR), kind)
    kind = np.where(np.isfinite(sub[who]), F_NEWSLETTER, kind)
    f_parts.append((who, t, kind))
    who = np.flatnonzero(subscriber & np.isfinite(lead))
    f_parts.append((who, lead[who], content(who.size)))
    who = np.flatnonzero((nb > 0) & np.isfinite(lead) & (c_end > lead + DAY))
    o = poisson_owner(rng, who, CONTENT_FORMS_MEAN[ptype[who]])
    f_parts.append((o, cal.sample(rng, lead[o], c_end[o]), content(o.size)))
    who = np.flatnonzero((nb > 0) & crm & np.isfinite(true_sql) & ~champion_fast & (rng.random(n) < 0.45))
    t = np.maximum(true_sql[who] - rng.uniform(0.05, 3, who.size) * DAY, true_lead[who] + HOUR)
    f_parts.append((who, t, bottom(who.size)))
    f_person = np.concatenate([p[0] for p in f_parts])
    f_time = np.concatenate([p[1] for p in f_parts]).astype(np.int64)
    f_kind = np.concatenate([p[2] for p in f_parts])
    f_kind[rng.random(f_kind.size) < 0.01] = F_UNKNOWN
    order = np.argsort(f_time, kind="stable")
    f_person, f_time, f_kind = f_person[order], f_time[order], f_kind[order]
    f_browser = pick_browser(f_person)
    f_cookie = rng.random(f_person.size) >= 0.03          # anonymous_id captured

    # ---- CRM activities ------------------------------------------------------------
    a_parts = []

    def add_acts(person: np.ndarray, t: np.ndarray, types: np.ndarray, account_of: np.ndarray | None = None):
        person = np.asarray(person, np.int64)
        acct = account[np.maximum(person, 0)] if account_of is None else account_of
        a_parts.append((person, acct, np.asarray(t, float), np.broadcast_to(types, person.shape)))

    sales_types = lambda k: np.array([A_EMAIL] * 45 + [A_CALL] * 33 + [A_MEETING] * 22)[rng.integers(0, 100, k)]
    who = np.flatnonzero(crm & (origin == 1))
    add_acts(who, e[who], np.where(rng.random(who.size) < 0.6, A_EMAIL, A_CALL))
    who = np.flatnonzero(origin == 2)
    add_acts(who, e[who], A_EVENT)
    who = np.flatnonzero(crm & np.isfinite(mql))
    o = poisson_owner(rng, who, 1.0)
    add_acts(o, mql[o] + rng.random(o.size) * np.clip(np.minimum(20 * DAY, c_end[o] - mql[o]), 0, None),
             np.where(rng.random(o.size) < 0.6, A_EMAIL, A_CALL))
    who = np.flatnonzero(crm & np.isfinite(true_sql))
    lam = np.array([5.0, 3.0, 2.0, 2.0, 1.5, 0.0])[ptype[who]]
    o = poisson_owner(rng, who, lam)
    lo = true_sql[o] - 2 * DAY
    hi = np.where(ptype[o] <= 1, first_close[o], np.minimum(true_sql[o] + 40 * DAY, c_end[o]))
    hi = np.maximum(hi, lo)
    add_acts(o, lo + (hi - lo) * rng.random(o.size) ** 0.55, sales_types(o.size))
    who = np.flatnonzero((ptype == 2) & np.isfinite(created))
    o = poisson_owner(rng, who, 0.7)
    lo = np.maximum(td[o] - 5 * DAY, created[o])
    hi = first_close[o]
    keep = hi > lo
    o, lo, hi = o[keep], lo[keep], hi[keep]
    add_acts(o, lo + (hi - lo) * rng.random(o.size) ** 0.7,
             np.array([A_EMAIL] * 6 + [A_MEETING] * 2 + [A_CALL] * 2)[rng.integers(0, 10, o.size)])
    da = np.flatnonzero(acc.has_deal)
    o = poisson_owner(rng, da, 1.0)
    lo, hi = acc.t_deal[o], deals.acc_first_close[o]
    keep = hi > lo
    add_acts(np.full(int(keep.sum()), -1), lo[keep] + (hi - lo)[keep] * rng.random(int(keep.sum())), A_MEETING, o[keep])
    who = c[np.isfinite(cust[c])]
    o = poisson_owner(rng, who, 2.5)
    lo, hi = cust[o], cust[o] + 300 * DAY
    add_acts(o, lo + (hi - lo) * rng.random(o.size),
             np.array([A_MEETING] * 4 + [A_EMAIL] * 4 + [A_CALL] * 2)[rng.integers(0, 10, o.size)])
    rd = np.flatnonzero(deals.pipeline > 0)
    o = np.repeat(rd, rng.poisson(2.0, rd.size))
    lo, hi = deals.created[o], deals.close[o].astype(float)
    champ = acc_champion[deals.acc[o]]
    add_acts(champ, lo + (hi - lo) * rng.random(o.size), sales_types(o.size), deals.acc[o])
    who = np.flatnonzero(crm & np.isfinite(lead) & (rng.random(n) < np.array([0.3, 0.3, 0.22, 0.1, 0.03, 0.0])[ptype]))
    if events.time.size and who.size:
        uu = lead[who] + rng.random(who.size) * np.clip(c_end[who] - lead[who], 0, None)
        k = np.searchsorted(events.time, uu)
        t_ev = np.where(k < events.time.size, events.time[np.minimum(k, events.time.size - 1)], np.inf)
        ok = t_ev <= c_end[who]
        add_acts(who[ok], t_ev[ok] + rng.uniform(0, 8, int(ok.sum())) * HOUR, A_EVENT)
    reg = np.flatnonzero((f_kind == F_WEBINAR) & crm[f_person])
    if webinars.size and reg.size:
        k = np.searchsorted(webinars, f_time[reg] + HOUR)
        w_t = np.where(k < webinars.size, webinars[np.minimum(k, webinars.size - 1)], np.inf)
        ok = (w_t - f_time[reg] <= 40 * DAY) & (rng.random(reg.size) < 0.55)
        add_acts(f_person[reg[ok]], w_t[ok] + rng.uniform(0, 20, int(ok.sum())) * MINUTE, A_WEBINAR)
    a_person = np.concatenate([p[0] for p in a_parts])
    a_account = np.concatenate([p[1] for p in a_parts])
    a_time = np.concatenate([p[2] for p in a_parts])
    a_type = np.concatenate([p[3] for p in a_parts]).astype(np.int8)
    # written: the activities of the window (in office hours, as rendered), none after the as-of time
    a_keep = a_time <= end_cap
    a_keep[a_keep] = office_hours(a_time[a_keep].astype(np.int64), int(end_cap)) >= cfg.start
    a_person, a_account, a_time, a_type = a_person[a_keep], a_account[a_keep], a_time[a_keep].astype(np.int64), a_type[a_keep]
    order = np.argsort(a_time, kind="stable")
    a_person, a_account, a_time, a_type = a_person[order], a_account[order], a_time[order], a_type[order]

    # ---- website sessions ----------------------------------------------------------
    MIX = {k: i for i, k in enumerate(MIX_NAMES)}
    s_parts = []
    who = np.flatnonzero(origin == 0)
    s_parts.append((who, e[who], b_start[who], -1))
    who = np.flatnonzero((origin != 0) & (nb > 0))
    s_parts.append((who, np.minimum(e[who] + HOUR + rng.exponential(10 * DAY, who.size), c_end[who]), b_start[who], -1))
    s_parts.append((f_person, f_time - rng.uniform(1, 12, f_time.size) * MINUTE, f_browser, np.arange(f_person.size)))
    who = np.flatnonzero(nb > 0)
    k = rng.poisson(BROWSE_RATE_PER_DAY[ptype[who]] * np.clip(c_end[who] - e[who], 0, None) / DAY).clip(0, 40)
    o = np.repeat(who, k)
    s_parts.append((o, cal.sample(rng, e[o], c_end[o]), pick_browser(o), -1))
    who = np.flatnonzero((nb > 0) & np.isfinite(true_sql))
    o = poisson_owner(rng, who, 1.2)
    lo = np.maximum(true_sql[o] - 21 * DAY, e[o])
    hi = np.maximum(np.minimum(true_sql[o] + 10 * DAY, c_end[o]), lo)
    s_parts.append((o, cal.sample(rng, lo, hi), pick_browser(o), -1))
    s_person = np.concatenate([p[0] for p in s_parts])
    s_start = np.concatenate([p[1] for p in s_parts]).astype(np.int64)
    s_browser = np.concatenate([p[2] for p in s_parts])
    s_form = np.concatenate([np.broadcast_to(p[3], p[0].shape) for p in s_parts])

    # written: the sessions of the window (a click 2-9 s before a session start stays in it)
    # and their forms; none after the as-of time (up to 3 hours of page views before it)
    s_lo, s_hi = cfg.start + 10, end_cap - HOUR
    is_form = s_form >= 0
    f_keep = f_time <= s_hi
    s_keep = (s_start >= s_lo) & (s_start <= s_hi)
    f_keep[s_form[is_form]] &= s_keep[is_form]
    s_keep &= ~is_form | f_keep[np.maximum(s_form, 0)]
    f_new = np.cumsum(f_keep) - 1
    f_person, f_time, f_kind, f_browser, f_cookie = (x[f_keep] for x in (f_person, f_time, f_kind, f_browser, f_cookie))
    s_person, s_start, s_browser, s_form = (x[s_keep] for x in (s_person, s_start, s_browser, s_form))
    s_form = np.where(s_form >= 0, f_new[np.maximum(s_form, 0)], -1)
    order = np.argsort(s_start, kind="stable")
    s_person, s_start, s_browser, s_form = s_person[order], s_start[order], s_browser[order], s_form[order]

    ld, sq, op = true_lead[s_person], true_sql[s_person], true_opp[s_person]
    late = (np.isfinite(sq) & (s_start >= sq - 30 * DAY)) | (np.isfinite(op) & (s_start >= op - 45 * DAY))
    phase = np.where(late, 2, np.where(np.isfinite(ld) & (s_start >= ld), 1, 0))
    mix = np.array([MIX["early"], MIX["nurture"], MIX["late"]])[phase]
    is_form = s_form >= 0
    fk = f_kind[np.maximum(s_form, 0)]
    form_bottom = is_form & np.isin(fk, [F_DEMO, F_CONTACT, F_PRICING])
    mix = np.where(is_form, np.where(form_bottom, MIX["bottom_form"], MIX["content_form"]), mix)
    phase = np.where(form_bottom, 2, phase)
    traffic = session_traffic(rng, camp, mix, phase, s_start)
    pages = np.where(is_form, rng.geometric(0.55, s_start.size), rng.geometric(0.42, s_start.size)).clip(1, 20)
    paid = traffic.campaign >= 0
    click = np.full(s_start.size, -1, np.int64)
    click[paid] = np.arange(int(paid.sum()))
    f_session = np.empty(f_person.size, np.int64)
    f_session[s_form[is_form]] = np.flatnonzero(is_form)

    return SimpleNamespace(
        n=n, account=account, ptype=ptype, origin=origin, warm=warm, crm=crm, history=history, entry=e,
        sub=sub, lead=lead, mql=mql, sql=sql, opp=opp, cust=cust, shown=shown, reach=reach,
        created=created, deleted=deleted, c_end=c_end, country=country, culture=culture,
        first=first, last=lastn, free_mail=free_mail, domain_account=domain_account, pattern=pattern,
        dup_rank=dup_rank, free_domain=free_domain, title=title, phone_fmt=phone_fmt,
        phone_kind=phone_kind, acc_champion=acc_champion, n_browsers=nb, b_start=b_start,
        n_person_browsers=int(nb.sum()), champion_fast=champion_fast,
        forms=SimpleNamespace(n=f_person.size, person=f_person, time=f_time, kind=f_kind,
                              browser=f_browser, cookie=f_cookie, session=f_session),
        acts=SimpleNamespace(n=a_person.size, person=a_person, account=a_account, time=a_time, type=a_type),
        sessions=SimpleNamespace(n=s_start.size, person=s_person, start=s_start, browser=s_browser,
                                 form=s_form, pages=pages, click=click, **vars(traffic)),
    )


def deals_written(cfg: Settings, deals: SimpleNamespace) -> np.ndarray:
    """The deals the export holds: those created in the window (office hours, as rendered)."""
    return np.flatnonzero(office_hours(deals.created, cfg.as_of - HOUR) >= cfg.start)


def mark_written(cfg: Settings, acc: SimpleNamespace, deals: SimpleNamespace, people: SimpleNamespace) -> None:
    """Which CRM records the export holds (``people.written``, ``acc.written``): every contact
    created in the window, and the older ones (from the warm-up) with something in it: a
    session, a form, an activity, a stage change, a written deal they champion; every
    account first touched in the window, and the older ones with a written contact, deal
    or activity. Records of the warm-up with nothing in the window are not written."""
    active = people.created >= cfg.start
    for person in (people.sessions.person, people.forms.person, people.acts.person[people.acts.person >= 0]):
        active[person] = True
    with np.errstate(invalid="ignore"):
        active |= ~people.history & (np.fmax.reduce(people.shown, axis=1) >= cfg.start)
    d = deals_written(cfg, deals)
    champion = people.acc_champion[deals.acc[d]]
    active[champion[champion >= 0]] = True
    people.written = people.crm & active
    written = acc.anchor >= cfg.start
    written[people.account[people.written & (people.account >= 0)]] = True
    written[deals.acc[d]] = True
    written[people.acts.account[people.acts.account >= 0]] = True
    acc.written = written


# --------------------------------------------------------------------------
# Calibration figures from the ground truth
# --------------------------------------------------------------------------
def account_touches(people: SimpleNamespace) -> SimpleNamespace:
    """Every touch the models can attribute to an account: sessions of browsers that a
    form identifies, form submissions (with or without a CRM contact) and CRM activities."""
    f, s, a = people.forms, people.sessions, people.acts
    identified = np.zeros(people.n_person_browsers, bool)
    ok = f.cookie & people.crm[f.person]
    identified[f.browser[ok]] = True
    s_acc = np.where(identified[s.browser], people.account[s.person], -1)
    f_acc = np.where(people.crm[f.person], people.account[f.person], people.domain_account[f.person])
    acc = np.concatenate([s_acc, f_acc, a.account])
    t = np.concatenate([s.start, f.time, a.time])
    kind = np.concatenate([np.zeros(s.n, np.int8), np.ones(f.n, np.int8), 2 + (a.type <= A_MEETING)])
    keep = acc >= 0
    return SimpleNamespace(account=acc[keep], time=t[keep], kind=kind[keep], identified=identified)


def calibration(cfg: Settings, acc: SimpleNamespace, deals: SimpleNamespace, people: SimpleNamespace,
                ads: SimpleNamespace | None, visitors: int, form_visitors: int) -> dict:
    crm = people.crm & ~people.deleted & ~people.history     # the funnel of the window
    reach = people.reach[crm]
    reached = np.isfinite(reach)
    n_lead, n_mql, n_sql, n_opp = (int(reached[:, s].sum()) for s in (S_LEAD, S_MQL, S_SQL, S_OPP))
    sqls = reached[:, S_SQL]
    nurtured = (reach[sqls, S_SQL] - reach[sqls, S_LEAD]) >= 30 * DAY

    in_window = np.zeros(deals.n, bool)
    in_window[deals_written(cfg, deals)] = True
    nb = (deals.pipeline == 0) & in_window
    closed_nb = nb & deals.is_closed
    touches = account_touches(people)
    first_touch = np.full(acc.n, np.inf)
    np.minimum.at(first_touch, touches.account, touches.time)
    cust = deals.cust_at
    # accounts first touched in the window (the touches before it are not written)
    won_acc = np.flatnonzero(np.isfinite(cust) & (acc.anchor >= cfg.start) & np.isfinite(first_touch))
    before = touches.time <= cust[touches.account]
    per_acc = np.bincount(touches.account[before], minlength=acc.n)
    sales_last30 = before & (touches.time >= cust[touches.account] - 30 * DAY)
    share_sales_last30 = float((touches.kind[sales_last30] == 3).mean()) if sales_last30.any() else 0.0

    acc_people = people.crm & people.written & (people.account >= 0)
    per_account = np.bincount(people.account[acc_people], minlength=acc.n)

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 4) if b else None

    out = {
        "accounts": int((acc.anchor >= cfg.start).sum()),
        "accounts_before_window": int((acc.anchor < cfg.start).sum()),
        "contacts": int((people.crm & people.written).sum()),
        "contacts_per_account": round(float(per_account[per_account > 0].mean()), 2),
        "visitors": int(visitors),
        "visitors_with_form": int(form_visitors),
        "visit_to_lead": ratio(form_visitors, visitors),
        "leads": n_lead, "mqls": n_mql, "sqls": n_sql, "opportunities": n_opp,
        "lead_to_mql": ratio(n_mql, n_lead),
        "mql_to_sql": ratio(n_sql, n_mql),
        "sql_to_opportunity": ratio(n_opp, n_sql),
        "deals": int(in_window.sum()),
        "deals_by_pipeline": {p: int(((deals.pipeline == i) & in_window).sum()) for i, p in enumerate(PIPELINES)},
        "new_business_won": int((deals.won & nb).sum()),
        "new_business_lost": int((deals.lost & nb).sum()),
        "win_rate": ratio(float((deals.won & nb).sum()), float(closed_nb.sum())),
        "won_accounts": int(won_acc.size),
        "mean_days_first_touch_to_won": round(float(((cust[won_acc] - first_touch[won_acc]) / DAY).mean()), 1)
        if won_acc.size else None,
        "mean_touches_per_won_account": round(float(per_acc[won_acc].mean()), 1) if won_acc.size else None,
        "sales_share_of_touches_last_30_days_before_won": round(share_sales_last30, 3),
        "nurtured_sql_share": round(float(nurtured.mean()), 3) if nurtured.size else None,
    }
    if ads is not None:
        out["ctr_by_platform"] = {p: ratio(float(ads.clicks[i]), float(ads.impressions[i]))
                                  for i, p in enumerate(PLATFORMS)}
        out["ad_clicks_tracked"] = int(ads.tracked)
    return out


# --------------------------------------------------------------------------
# Identity strings shared by several tables
# --------------------------------------------------------------------------
def _email_vocab(names: list[str]) -> tuple[list[str], list[str]]:
    low = [n.lower().replace("'", "").replace(" ", "") for n in names]
    return low, [n[0] for n in low]


FIRST_LOW, FIRST_INIT = _email_vocab(FIRST_NAMES.ascii)
LAST_LOW, LAST_INIT = _email_vocab(LAST_NAMES.ascii)
EMAIL_SEPS = [".", "", "", "_", "", ".", "."]


def identity_strings(cfg: Settings, acc: SimpleNamespace, people: SimpleNamespace) -> SimpleNamespace:
    """Clean account names/domains and person emails/phones/names (before any export mess)."""
    rng = cfg.rng("identity")
    brand_lower = [b.lower() for b in BRANDS]
    noun_lower = [x.lower() for x in NOUNS]
    suffixes = [""] + [str(k + 1) for k in range(1, int(acc.dup_k.max()) + 2)]
    domain = join(pick(brand_lower, acc.brand), pick(noun_lower, acc.noun), pick(suffixes, acc.dup_k),
                  pick(TLDS, acc.tld))
    domain_cap = join(pick(BRANDS, acc.brand), pick(NOUNS, acc.noun), pick(suffixes, acc.dup_k), pick(TLDS, acc.tld))
    short_name = join(pick(BRANDS, acc.brand), " ", pick(NOUNS, acc.noun))
    legal = np.array(LEGAL_FORMS)[acc.legal]
    name = where(legal == "", short_name, join(short_name, " ", pick(LEGAL_FORMS, acc.legal)))
    name = where(legal == "株式会社", join("株式会社", short_name), name)

    n = people.n
    nf, nl = len(FIRST_LOW), len(LAST_LOW)
    pat, f, l = people.pattern, people.first, people.last
    a_code = np.select([np.isin(pat, [1, 6]), pat == 5], [nf + f, 2 * nf + l], f)
    b_code = np.select([pat == 4, pat == 5, pat == 2], [nl + l, 2 * nl + f, 2 * nl + nf], l)
    suffix = where(people.free_mail, int_strings(10 + np.arange(n)),
                   where(people.dup_rank > 0, int_strings(people.dup_rank + 1), ""))
    local = join(pick(FIRST_LOW + FIRST_INIT + LAST_LOW, a_code), pick(EMAIL_SEPS, pat),
                 pick(LAST_LOW + LAST_INIT + FIRST_LOW + [""], b_code), suffix)
    dom = pc.take(domain, pa.array(np.maximum(people.domain_account, 0)))
    dom = where(people.free_mail, pick([d for d, _ in FREE_MAIL_DOMAINS], people.free_domain), dom)
    email = join(local, "@", dom)

    fmt = people.phone_fmt
    width = np.array([w for _, w, _ in PHONE_FORMATS])[fmt]
    digits = where(width == 2, pick(TWO_DIGITS, rng.integers(0, 100, n)), pick(THREE_DIGITS, rng.integers(0, 1000, n)))
    phone = join(pick([p for p, _, _ in PHONE_FORMATS], fmt), digits)
    phone = where(people.phone_kind == 2, pick(PHONE_JUNK, rng.integers(0, len(PHONE_JUNK), n)), phone)
    phone = where(people.phone_kind == 0, None, phone)
    romanized = np.isin(people.culture, [CULTURE_NAMES.index("ja"), CULTURE_NAMES.index("ru")]) & (rng.random(n) < 0.5)
    return SimpleNamespace(domain=domain, domain_cap=domain_cap, account_name=name, short_name=short_name,
                           email=email, phone=phone,
                           first=where(romanized, pick(FIRST_NAMES.ascii, people.first), pick(FIRST_NAMES.display, people.first)),
                           last=where(romanized, pick(LAST_NAMES.ascii, people.last), pick(LAST_NAMES.display, people.last)))


def title_strings(people: SimpleNamespace) -> pa.Array:
    senior = pick(weights(SENIOR_TITLES)[0], np.minimum(people.title, len(SENIOR_TITLES) - 1))
    every = pick(weights(ALL_TITLES)[0], people.title)
    return where(people.ptype == 0, senior, every)


def case_mess(rng: np.random.Generator, values: pa.Array, rate_case: float, rate_space: float) -> pa.Array:
    """Mixed case and stray whitespace, as typed by people or exported by tools."""
    n = len(values)
    u = rng.random(n)
    out = where(u < rate_case / 2, pc.utf8_upper(values), values)
    out = where((u >= rate_case / 2) & (u < rate_case), pc.utf8_title(values), out)
    v = rng.random(n)
    out = where(v < rate_space / 2, join(" ", out, " "), out)
    out = where((v >= rate_space / 2) & (v < rate_space), join(out, " "), out)
    return out


# --------------------------------------------------------------------------
# CRM tables
# --------------------------------------------------------------------------
def plan_account_aliases(cfg: Settings, acc: SimpleNamespace, people: SimpleNamespace) -> SimpleNamespace:
    """Duplicate account records later merged into a survivor (with some chains a->b->c),
    plus deleted accounts. Alias serials follow the real accounts' serials."""
    rng = cfg.rng("aliases")
    contacts = people.written & (people.account >= 0)
    with_people = np.flatnonzero(np.bincount(people.account[contacts], minlength=acc.n) > 0)
    survivors = pick_rows(rng, acc.n, 0.025, minimum=3, candidates=with_people)
    chained = pick_rows(rng, survivors.size, 0.2, minimum=1)
    alias1 = np.full(acc.n, -1, np.int64)
    alias2 = np.full(acc.n, -1, np.int64)
    alias1[survivors] = acc.n + np.arange(survivors.size)
    alias2[survivors[chained]] = acc.n + survivors.size + np.arange(chained.size)
    deleted = np.zeros(acc.n, bool)
    pool = np.flatnonzero(~acc.has_deal & (alias1 < 0) & acc.written)
    deleted[pick_rows(rng, acc.n, 0.01, minimum=1, candidates=pool)] = True
    return SimpleNamespace(alias1=alias1, alias2=alias2, survivors=survivors, chained=survivors[chained],
                           deleted=deleted, n_rows=acc.n + survivors.size + chained.size)


def account_refs(rng: np.random.Generator, aliases: SimpleNamespace, account: np.ndarray, rate: float) -> np.ndarray:
    """Account serial to reference from a contact/deal/activity: sometimes a merged alias."""
    a = np.maximum(account, 0)
    use = (account >= 0) & (aliases.alias1[a] >= 0) & (rng.random(account.size) < rate)
    second = use & (aliases.alias2[a] >= 0) & (rng.random(account.size) < 0.5)
    out = np.where(use, aliases.alias1[a], account)
    return np.where(second, aliases.alias2[a], out)


def render_accounts(cfg: Settings, cal: Calendar, acc: SimpleNamespace, deals: SimpleNamespace,
                    people: SimpleNamespace, ids: SimpleNamespace, aliases: SimpleNamespace) -> dict:
    rng = cfg.rng("render", "accounts")
    n = acc.n
    first_seen = np.full(n, np.inf)
    crm = people.crm & (people.account >= 0)
    np.minimum.at(first_seen, people.account[crm], people.created[crm])
    np.minimum.at(first_seen, deals.acc, deals.created.astype(float))
    limit = cfg.as_of - 3 * HOUR
    # no contact or deal yet: a month after the first touch, or some time before the as-of time
    seen_late = np.where(acc.anchor + 30 * DAY <= limit, acc.anchor + 30 * DAY,
                         acc.anchor + rng.random(n) * (limit - acc.anchor))
    first_seen = np.where(np.isfinite(first_seen), first_seen, seen_late)
    created = np.minimum(first_seen, limit) - rng.uniform(0, 3, n) * DAY
    imported = rng.random(n) < 0.12
    created = np.where(imported, cfg.start - rng.uniform(30, 400, n) * DAY, created)
    created = np.minimum(created, limit).astype(np.int64)

    s1 = aliases.survivors
    s2 = aliases.chained
    src = np.r_[np.arange(n), s1, s2]                      # the real account each row describes
    rows = src.size
    is_alias = np.r_[np.zeros(n, bool), np.ones(s1.size + s2.size, bool)]
    merged_into = np.r_[np.full(n, -1), s1, aliases.alias1[s2]]
    created_all = np.r_[created, created[s1] + rng.uniform(5, 200, s1.size).astype(np.int64) * DAY,
                        created[s2] + rng.uniform(1, 100, s2.size).astype(np.int64) * DAY]
    # a duplicate record that would come after the as-of time: some time before it instead
    base = created[src]
    late = created_all > limit
    created_all = np.where(late, base + (rng.random(rows) * (limit - base)).astype(np.int64), created_all)
    deleted = np.r_[aliases.deleted, rng.random(s1.size + s2.size) < 0.85]

    name = pc.take(ids.account_name, pa.array(src))
    short = pc.take(ids.short_name, pa.array(src))
    name = where(is_alias & (rng.random(rows) < 0.4), short, name)
    name = where(is_alias & (rng.random(rows) < 0.3), pc.utf8_upper(name), name)
    name = case_mess(rng, name, 0.01, 0.015)

    dom = pc.take(ids.domain, pa.array(src))
    cap = pc.take(ids.domain_cap, pa.array(src))
    u = rng.random(rows) * np.where(is_alias, 0.35, 1.0)   # aliases mostly carry a messy spelling
    website = dom
    website = where(u < 0.04, join("www.", dom), website)
    website = where((u >= 0.04) & (u < 0.08), join("https://www.", cap, "/"), website)
    website = where((u >= 0.08) & (u < 0.10), join("http://", dom, "/about"), website)
    website = where((u >= 0.10) & (u < 0.13), cap, website)
    website = where((u >= 0.13) & (u < 0.15), join("  ", dom, " "), website)
    website = where((u >= 0.15) & (u < 0.165), join("WWW.", pc.utf8_upper(dom)), website)
    website = where((u >= 0.165) & (u < 0.175), None, website)

    industry_names = weights(INDUSTRIES)[0]
    industry = pick(industry_names, acc.industry[src], rng.random(rows) < 0.02)
    employees = where(rng.random(rows) < 0.06, None, int_strings(acc.employees[src]))
    country = pick(COUNTRY_CODES, np.maximum(acc.country[src], 0), acc.country[src] < 0)
    account_id = ids.account_id(np.arange(rows))
    merged = where(merged_into >= 0, ids.account_id(np.maximum(merged_into, 0)), None)
    cols = {
        "account_id": account_id, "account_name": name, "website_domain": website, "industry": industry,
        "employee_count": employees, "country": country,
        "created_at": cal.timestamps(rng, created_all, TS_CRM, bad_rate=0.001),
        "is_deleted": bool_strings(rng, deleted), "merged_into_account_id": merged,
    }
    # the accounts of the warm-up with nothing in the window (and their aliases) are not written
    written = pa.array(acc.written[src])
    return {k: pc.filter(v, written) for k, v in cols.items()}


def render_contacts(cfg: Settings, cal: Calendar, people: SimpleNamespace, ids: SimpleNamespace,
                    aliases: SimpleNamespace) -> tuple[dict, SimpleNamespace]:
    rng = cfg.rng("render", "contacts")
    who = np.flatnonzero(people.crm & people.written)
    # duplicate contact records: same person, email in another case, created later
    # (1 to 201 days later; only those created inside the window are in the data)
    dup_at = people.created + DAY + rng.random(people.n) * 200 * DAY
    in_window = (dup_at >= cfg.start) & (dup_at <= cfg.as_of - 2 * HOUR)
    dup_pool = who[(people.origin[who] == 0) & ~people.deleted[who] & in_window[who]]
    dups = pick_rows(rng, people.n, 0.01, minimum=2, candidates=dup_pool)
    person = np.r_[who, dups]
    rows = person.size
    is_dup = np.r_[np.zeros(who.size, bool), np.ones(dups.size, bool)]
    created = np.where(is_dup, dup_at[person], people.created[person]).astype(np.int64)

    serial = np.r_[who, people.n + np.arange(dups.size)]
    account = account_refs(rng, aliases, people.account[person], 0.4)
    unassociated = (people.ptype[person] >= 2) & (rng.random(rows) < 0.05)
    account_id = where((account < 0) | unassociated, None, ids.account_id(np.maximum(account, 0)))

    email = pc.take(ids.email, pa.array(person))
    email = where(is_dup, where(rng.random(rows) < 0.5, pc.utf8_upper(email), pc.utf8_title(email)), email)
    email = case_mess(rng, email, 0.03, 0.015)
    bad = pick_rows(rng, rows, 0.003, minimum=1)
    email = set_rows(email, bad, pick(["n/a", "test", "john@", "no email", "-"], rng.integers(0, 5, bad.size)))
    email = set_rows(email, pick_rows(rng, rows, 0.002, minimum=1), None)

    first = pc.take(ids.first, pa.array(person))
    last = pc.take(ids.last, pa.array(person))
    first = where(rng.random(rows) < 0.01, pc.utf8_lower(first), first)
    last = where(rng.random(rows) < 0.005, None, where(rng.random(rows) < 0.005, pc.utf8_upper(last), last))

    channel_source = pick(LEAD_SOURCE_BY_CHANNEL, ids.first_channel[person])
    source = where(people.origin[person] == 1, pick(SALES_LEAD_SOURCES, rng.integers(0, 3, rows)), channel_source)
    source = where(people.origin[person] == 2, pick(EVENT_LEAD_SOURCES, rng.integers(0, 3, rows)), source)
    source = where(is_dup, pick(["Offline Sources", "Import", "list import"], rng.integers(0, 3, rows)), source)
    source = where(rng.random(rows) < 0.02, pc.utf8_lower(source), source)
    source = where(rng.random(rows) < 0.04, None, source)

    deleted = people.deleted[person] | (is_dup & (rng.random(rows) < 0.2))
    cols = {
        "contact_id": ids.contact_id(serial), "account_id": account_id, "email": email,
        "first_name": first, "last_name": last, "job_title": pc.take(ids.title, pa.array(person)),
        "phone": where(is_dup & (rng.random(rows) < 0.5), None, pc.take(ids.phone, pa.array(person))),
        "lead_source": source, "created_at": cal.timestamps(rng, created, TS_CRM, bad_rate=0.001),
        "is_deleted": bool_strings(rng, deleted),
        "merged_into_contact_id": pa.nulls(rows, pa.string()),
    }
    merges = merged_contacts(cfg, cal, people, ids, np.setdiff1d(dup_pool, dups), dup_at, people.n + dups.size)
    cols = {k: pa.concat_arrays([v.cast(pa.string()), merges.cols[k]]) for k, v in cols.items()}
    return cols, SimpleNamespace(dup_person=dups, dup_serial=np.r_[people.n + np.arange(dups.size), merges.history_serial],
                                 dup_created=np.r_[created[is_dup], merges.history_created])


def merged_contacts(cfg: Settings, cal: Calendar, people: SimpleNamespace, ids: SimpleNamespace,
                    pool: np.ndarray, created_at: np.ndarray, first_serial: int) -> SimpleNamespace:
    """Contact merges (the CRM's "merge contacts"): a few people recorded a second
    time under another email (a free-mail address), created later and merged into
    the original record; the last one is a third record of the first person,
    merged into its second (a chain of two). The first and about half of the
    others start as a lead on the merged-away record (history to re-key). Own
    random stream: nothing else moves."""
    rng = cfg.rng("render", "contact-merges")
    person = pick_rows(rng, people.n, 0.002, minimum=3, candidates=pool)
    serial = first_serial + np.arange(person.size)
    into = ids.contact_id(person)
    if person.size >= 3:
        person[-1] = person[0]
        into = pa.concat_arrays([into[:-1], ids.contact_id(serial[:1])])
    m = person.size
    free = [d for d, _ in FREE_MAIL_DOMAINS]
    local = pc.utf8_lower(pc.replace_substring_regex(pc.take(ids.email, pa.array(person)), "@.*$", ""))
    email = join(local, pick(["", ".home", "2"], rng.integers(0, 3, m)), "@", pick(free, rng.integers(0, len(free), m)))
    created = np.minimum(created_at[person] + np.arange(m) * DAY, cfg.as_of - 2 * HOUR).astype(np.int64)
    account = people.account[person]
    history = (rng.random(m) < 0.5) | (np.arange(m) == 0)      # the first always
    cols = {
        "contact_id": ids.contact_id(serial), "account_id": where(account < 0, None, ids.account_id(np.maximum(account, 0))),
        "email": email, "first_name": pc.take(ids.first, pa.array(person)), "last_name": pc.take(ids.last, pa.array(person)),
        "job_title": pc.take(ids.title, pa.array(person)), "phone": pa.nulls(m, pa.string()),
        "lead_source": pick(["Import", "list import"], rng.integers(0, 2, m)),
        "created_at": cal.timestamps(rng, created, TS_CRM), "is_deleted": pa.array(["false"] * m),
        "merged_into_contact_id": into,
    }
    return SimpleNamespace(cols={k: v.cast(pa.string()) for k, v in cols.items()},
                           history_serial=serial[history], history_created=created[history])


STAGE_VARIANT_WEIGHTS = np.array([0.93, 0.02, 0.02, 0.01, 0.01, 0.01])


def stage_labels(rng: np.random.Generator, stage: np.ndarray) -> pa.Array:
    names = STAGES + ["disqualified"]
    vocab = []
    for s in names:
        vocab += [s, s.upper(), s.title(), f" {s.upper()} ", f"{s.title()} ", f" {s}"]
    variant = draw(rng, STAGE_VARIANT_WEIGHTS, stage.size)
    return pick(vocab, stage * len(STAGE_VARIANT_WEIGHTS) + variant)


def render_lifecycle(cfg: Settings, cal: Calendar, people: SimpleNamespace, deals: SimpleNamespace,
                     ids: SimpleNamespace, dup: SimpleNamespace) -> dict:
    rng = cfg.rng("render", "lifecycle")
    end = cfg.as_of - 2 * HOUR
    shown = people.shown
    p_idx, s_idx = np.nonzero(np.isfinite(shown))
    parts = [(p_idx, s_idx, shown[p_idx, s_idx])]

    # a lost account that comes back: the champion reaches opportunity again
    again = np.flatnonzero(deals.kind == 2)
    champ = people.acc_champion[deals.acc[again]]
    ok = (champ >= 0) & people.crm[np.maximum(champ, 0)]
    parts.append((champ[ok], np.full(int(ok.sum()), S_OPP), deals.created[again[ok]].astype(float)))

    # disqualification (and later re-entry), regressions, repeats
    crm = np.flatnonzero(people.crm)
    top = np.where(np.isfinite(shown[crm]), np.arange(6), -1).max(axis=1)
    with np.errstate(all="ignore"):
        top_t = np.fmax.reduce(shown[crm], axis=1)
    p_disq = np.select([top == S_LEAD, top == S_MQL, top == S_SQL], [0.08, 0.25, 0.40], 0.0)
    dq = rng.random(crm.size) < p_disq
    t_dq = top_t + 5 * DAY + gamma_days(rng, (1.5, 20.0), crm.size)
    dq &= t_dq < end
    parts.append((crm[dq], np.full(int(dq.sum()), S_DISQ), t_dq[dq]))
    t_re = t_dq + 30 * DAY + gamma_days(rng, (2.0, 40.0), crm.size)
    re = dq & (rng.random(crm.size) < 0.15) & (t_re < end)
    parts.append((crm[re], np.where(rng.random(int(re.sum())) < 0.6, S_LEAD, S_MQL), t_re[re]))
    sq = np.isfinite(shown[crm, S_SQL]) & (top == S_SQL)
    t_back = shown[crm, S_SQL] + rng.uniform(1, 20, crm.size) * DAY
    back = sq & (rng.random(crm.size) < 0.03) & (t_back < end) & ~dq
    parts.append((crm[back], np.full(int(back.sum()), S_MQL), t_back[back]))
    t_rep = top_t + rng.uniform(HOUR, 10 * DAY, crm.size)
    rep = (top >= 0) & (rng.random(crm.size) < 0.02) & (t_rep < end)
    parts.append((crm[rep], top[rep], t_rep[rep]))

    person = np.concatenate([p[0] for p in parts])
    stage = np.concatenate([p[1] for p in parts]).astype(np.int64)
    t = np.concatenate([p[2] for p in parts])
    # written: the changes of the window, none of a contact that was a lead before it
    keep = (t >= cfg.start) & ~people.history[person] & people.written[person]
    person, stage, t = person[keep], stage[keep], t[keep].astype(np.int64)
    serial = person.copy()
    # duplicate contact records start as a lead when they are created
    serial = np.r_[serial, dup.dup_serial]
    stage = np.r_[stage, np.full(dup.dup_serial.size, S_LEAD)]
    t = np.r_[t, dup.dup_created]
    order = np.lexsort((stage, serial, t))
    serial, stage, t = serial[order], stage[order], t[order]
    return {"contact_id": ids.contact_id(serial), "lifecycle_stage": stage_labels(rng, stage),
            "changed_at": cal.timestamps(rng, t, TS_CRM, bad_rate=0.0005)}


DEAL_SUFFIX = {
    0: ["New Business", "Platform", "Analytics Platform - annual", "Attribution suite"],
    1: ["Data Connectors add-on", "Lead Scoring module", 'Add-on: "Markov" attribution', "Premium support"],
    2: ["Platform (2nd attempt)", "Re-engagement", "Platform, new budget"],
    3: ["Renewal", "Annual renewal", "Renewal FY"],
    4: ["Expansion - seats", "Upsell", "Expansion, EMEA team"],
}


def render_deals(cfg: Settings, cal: Calendar, acc: SimpleNamespace, deals: SimpleNamespace,
                 people: SimpleNamespace, ids: SimpleNamespace, aliases: SimpleNamespace) -> tuple[dict, dict]:
    rng = cfg.rng("render", "deals")
    horizon = cfg.as_of - HOUR
    written = deals_written(cfg, deals)        # those created in the window
    per_deal = ("acc", "kind", "pipeline", "created", "close", "won", "lost", "is_closed", "currency", "amount",
                "amount_usd")
    deals = SimpleNamespace(**{**vars(deals), **{k: getattr(deals, k)[written] for k in per_deal}})
    n = written.size
    serial_of = np.r_[written, deals.n + np.arange(n + 1)]     # deal serial of an original (and of a duplicate)

    # stage history: discovery -> demo -> proposal -> negotiation -> closed_won / closed_lost
    s_max = np.where(deals.lost, draw(rng, np.array([0.3, 0.3, 0.25, 0.15]), n), 3)
    frac = np.sort(rng.uniform(0.02, 0.9, (n, 3)), axis=1)
    dur = (deals.close - deals.created).astype(float)
    created_oh = office_hours(deals.created, horizon)
    close_oh = office_hours(deals.close, horizon)
    times = np.full((n, 6), np.nan)
    times[:, 0] = created_oh
    for k in range(1, 4):
        times[:, k] = np.where(s_max >= k, office_hours(deals.created + frac[:, k - 1] * dur, horizon), np.nan)
    times[:, 1] = np.where(rng.random(n) < 0.10, np.nan, times[:, 1])          # demo skipped
    times[:, 4] = np.where(deals.won, close_oh, np.nan)
    times[:, 5] = np.where(deals.lost, close_oh, np.nan)
    times[times > horizon] = np.nan
    d_idx, s_idx = np.nonzero(np.isfinite(times))
    h_deal, h_stage, h_time = d_idx, s_idx, times[d_idx, s_idx]
    back = np.flatnonzero(np.isfinite(times[:, 2]) & np.isfinite(times[:, 3]) & (rng.random(n) < 0.03))
    t_back = times[back, 2] + 0.4 * (times[back, 3] - times[back, 2])
    h_deal, h_stage, h_time = np.r_[h_deal, back], np.r_[h_stage, np.ones(back.size, np.int64)], np.r_[h_time, t_back]
    h_time = h_time.astype(np.int64)
    order = np.lexsort((h_stage, h_time, h_deal))
    h_deal, h_stage, h_time = h_deal[order], h_stage[order], h_time[order]
    last_row = np.r_[np.flatnonzero(h_deal[1:] != h_deal[:-1]), h_deal.size - 1]
    current = np.zeros(n, np.int64)
    current[h_deal[last_row]] = h_stage[last_row]

    # accidental duplicates, later deleted
    dups = pick_rows(rng, n, 0.01, minimum=1, candidates=np.flatnonzero(created_oh <= horizon - 2 * DAY))
    src = np.r_[np.arange(n), dups]
    rows = src.size
    is_dup = np.r_[np.zeros(n, bool), np.ones(dups.size, bool)]
    created = np.where(is_dup, created_oh[src] + rng.uniform(0, 2, rows) * DAY, created_oh[src]).astype(np.int64)
    created = np.minimum(created, horizon)
    closed = deals.is_closed[src] & ~is_dup
    stage = np.where(is_dup, 0, current[src])

    account = account_refs(rng, aliases, deals.acc[src], 0.3)
    account_id = ids.account_id(account)
    no_account = pick_rows(rng, rows, 0.01, minimum=1)
    account_id = set_rows(account_id, no_account, None)
    orphan = pick_rows(rng, rows, 0.005, minimum=1)
    account_id = set_rows(account_id, orphan, int_strings(77_000_000_000 + orphan * 13))
    champ = people.acc_champion[deals.acc[src]]
    has_champ = (champ >= 0) & (rng.random(rows) >= 0.04)
    primary = where(has_champ, ids.contact_id(np.maximum(champ, 0)), None)

    kind = deals.kind[src]
    suffix_vocab, suffix_code = [], np.zeros(rows, np.int64)
    for k, options in DEAL_SUFFIX.items():
        m = kind == k
        suffix_code[m] = len(suffix_vocab) + rng.integers(0, len(options), int(m.sum()))
        suffix_vocab += options
    year = int_strings(deals.created[src].astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970)
    name = join(pc.take(ids.short_name, pa.array(deals.acc[src])), " - ", pick(suffix_vocab, suffix_code))
    name = where(kind == 3, join(name, " ", year), name)

    cents = (deals.amount[src] * 100).astype(np.int64)
    amount = where(rng.random(rows) < 0.7, int_strings(cents // 100), money_strings(cents))
    open_ = ~closed
    amount = where(open_ & (rng.random(rows) < 0.06), None, amount)
    amount = where(open_ & (rng.random(rows) < 0.03), "0", amount)

    close_day = close_oh[src] // DAY
    deal_cols = {
        "deal_id": ids.deal_id(serial_of[:n + dups.size]),
        "account_id": account_id, "primary_contact_id": primary, "deal_name": name,
        "pipeline": pick(PIPELINES, deals.pipeline[src]), "amount": amount,
        "currency": pick(CURRENCIES, deals.currency[src]),
        "created_at": cal.timestamps(rng, created, TS_CRM, bad_rate=0.0005),
        "close_date": where(closed, cal.dates(close_day), None),
        "expected_close_date": expected_close_column(cfg, cal, close_oh[src], ~closed),
        "deal_stage": pick(DEAL_STAGES, stage),
        "is_closed": bool_strings(rng, closed), "is_won": bool_strings(rng, deals.won[src] & ~is_dup),
        "is_deleted": bool_strings(rng, is_dup),
    }
    h_deal = np.r_[h_deal, n + np.arange(dups.size)]
    h_stage = np.r_[h_stage, np.zeros(dups.size, np.int64)]
    h_time = np.r_[h_time, created[is_dup]]
    history_cols = {
        "deal_id": ids.deal_id(serial_of[h_deal]), "deal_stage": pick(DEAL_STAGES, h_stage),
        "entered_at": cal.timestamps(rng, h_time, TS_CRM, bad_rate=0.0005),
    }
    return deal_cols, history_cols


def expected_close_column(cfg: Settings, cal: Calendar, close: np.ndarray, is_open: np.ndarray) -> pa.Array:
    """crm_deals.expected_close_date: an ISO date for most open deals, else null."""
    day = demo_bant.expected_close_dates(cfg, np.nan_to_num(close.astype(float)), is_open, cfg.as_of)
    return where(day >= 0, cal.dates(np.maximum(day, 0)), None)


def render_activities(cfg: Settings, cal: Calendar, people: SimpleNamespace, ids: SimpleNamespace,
                      aliases: SimpleNamespace) -> dict:
    rng = cfg.rng("render", "activities")
    a = people.acts
    n = a.n
    has_contact = a.person >= 0
    contact = where(has_contact, ids.contact_id(np.maximum(a.person, 0)), None)
    account = account_refs(rng, aliases, a.account, 0.2)
    drop_account = has_contact & (rng.random(n) < 0.35)
    account_id = where((account < 0) | drop_account, None, ids.account_id(np.maximum(account, 0)))
    activity_id = ids.activity_id(np.arange(n))
    clash = pick_rows(rng, max(n - 1, 0), 0.0005, minimum=1)
    activity_id = set_rows(activity_id, clash, pc.take(activity_id, pa.array(clash + 1)))
    activity_id = set_rows(activity_id, pick_rows(rng, n, 0.0005, minimum=1), None)
    return {"activity_id": activity_id, "activity_type": pick(ACTIVITY_TYPES, a.type), "contact_id": contact,
            "account_id": account_id,
            "occurred_at": cal.timestamps(rng, office_hours(a.time, cfg.as_of - 2 * HOUR), TS_CRM, bad_rate=0.0005)}


# --------------------------------------------------------------------------
# Web and ads: attribution strings of a session
# --------------------------------------------------------------------------
CONTENT_SOCIAL = ["carousel_a", "video_b", "single_image_c", "document_d"]
CONTENT_DISPLAY = ["banner_300x250", "banner_728x90", "responsive_a", "native_b"]
TERMS_URL = [quote_plus(t) for t in SEARCH_TERMS]
CLICK_PARAMS = [PLATFORM_SOURCE[p][3] for p in PLATFORMS]
NEWSLETTER_SRC = np.array([c == "newsletter" for c in SRC.utm_campaign])
ANON_CLICK_BASE = 1 << 40
ANON_BROWSER_BASE = 1 << 44
BOT_BROWSER_BASE = 1 << 45
ANON_PAGE_VIEW_BASE = 1 << 46
CHUNK_STRIDE = 1 << 32
ANON_CHUNK_BROWSERS = 300_000
PERSON_CHUNK_SESSIONS = 400_000
AD_CLICK_CHUNK = 500_000


def click_tokens(cfg: Settings, serial: np.ndarray, platform: np.ndarray) -> pa.Array:
    """gclid / msclkid / li_fat_id / fbclid of each click serial (null where serial < 0)."""
    n = serial.size
    idx_parts, val_parts = [], []
    for p, name in enumerate(PLATFORMS):
        idx = np.flatnonzero((serial >= 0) & (platform == p))
        if not idx.size:
            continue
        s, salt = serial[idx], cfg.salt("click-" + name)
        if name == "google_ads":
            v = token_strings(s, salt, b"Cj0KCQjw", 40)
        elif name == "meta_ads":
            v = token_strings(s, salt, b"IwAR", 44)
        elif name == "microsoft_ads":
            v = token_strings(s, salt, b"", 32, HEX)
        else:
            v = uuid_strings(s, salt)
        idx_parts.append(idx)
        val_parts.append(v)
    rest = np.flatnonzero(~((serial >= 0) & (platform >= 0)))
    idx_parts.append(rest)
    val_parts.append(pa.nulls(rest.size, pa.string()))
    return scatter(n, idx_parts, val_parts)


FULL_URLS = [BASE_URL + p for p in PATHS]
SRC_HAS_UTM = np.array([x is not None for x in SRC.utm_source])


def _pieces(key: str, values: Sequence[str | None]) -> list[str]:
    """'&key=value' for each value ('' when absent), then a trailing '' entry."""
    return [f"&{key}={v}" if v else "" for v in values] + [""]


class Attribution:
    """Attribution of sessions (or clicks) as integer codes into small vocabularies:
    utm values, click ids, landing query strings. Strings are built once per output
    column, and the query string only for tagged sessions."""

    def __init__(self, cfg: Settings, cal: Calendar, camp: SimpleNamespace, start: np.ndarray,
                 campaign: np.ndarray, src: np.ndarray, click: np.ndarray, click_only: np.ndarray,
                 term: np.ndarray, content: np.ndarray, email_campaign: np.ndarray | None = None):
        n = src.size
        paid = campaign >= 0
        c = np.maximum(campaign, 0)
        bare = paid & click_only
        platform = np.where(paid, camp.platform[c], -1)
        month0 = int(cal.month_id[cal.first_day - cal.table_day0])
        months = np.arange(month0, int(cal.month_id[cal.last_day - cal.table_day0]) + 1)
        newsletters = [f"newsletter_{str(np.datetime64(int(m), 'M')).replace('-', '_')}" for m in months]
        day = np.clip(start // DAY - cal.table_day0, 0, len(cal.month_id) - 1)
        month = np.clip(cal.month_id[day] - month0, 0, len(months) - 1)
        search = paid & camp.is_search[c] & ~bare
        social = paid & (camp.channel[c] == CH_PAID_SOCIAL) & ~bare
        display = paid & (camp.channel[c] == CH_DISPLAY) & ~bare
        ns, nc = len(SRC.utm_source), camp.n
        self.vocab = {
            "utm_source": SRC.utm_source, "utm_medium": SRC.utm_medium,
            "utm_campaign": SRC.utm_campaign + camp.slug + newsletters + getattr(camp, "email_slugs", []),
            "utm_term": SEARCH_TERMS, "utm_content": CONTENT_SOCIAL + CONTENT_DISPLAY,
        }
        self.code = {
            "utm_source": np.where(bare, -1, src), "utm_medium": np.where(bare, -1, src),
            "utm_campaign": np.where(bare, -1, np.select([paid, NEWSLETTER_SRC[src]], [ns + c, ns + nc + month], src)),
            "utm_term": np.where(search, np.where(camp.is_brand[c], 0, term), -1),
            "utm_content": np.select([social, display], [content, 4 + content], -1),
        }
        if email_campaign is not None:     # the email whose link opened the session (demo_email)
            self.code["utm_campaign"] = np.where(email_campaign >= 0, ns + nc + len(months) + email_campaign,
                                                 self.code["utm_campaign"])
        self.n = n
        self.referrer_code = src
        # click ids of paid sessions
        self.paid_idx = np.flatnonzero(paid)
        self.paid_pos = np.full(n, -1, np.int64)
        self.paid_pos[self.paid_idx] = np.arange(self.paid_idx.size)
        self.tokens = click_tokens(cfg, click[self.paid_idx], platform[self.paid_idx])
        # query strings of tagged sessions
        self.tagged = paid | SRC_HAS_UTM[src]
        t = np.flatnonzero(self.tagged)
        self.tagged_pos = np.full(n, -1, np.int64)
        self.tagged_pos[t] = np.arange(t.size)
        tp = paid[t]
        param = pick([f"{x}=" for x in CLICK_PARAMS], np.maximum(platform[t], 0))
        click_piece = where(tp, join(param, pc.take(self.tokens, pa.array(np.maximum(self.paid_pos[t], 0)))), "")
        src_piece = pick(_pieces("utm_source", SRC.utm_source) + [f"utm_source={v}" if v else "" for v in SRC.utm_source],
                         np.where(tp, src[t], ns + 1 + src[t]))

        def piece(key: str, values: Sequence[str | None], codes: np.ndarray) -> pa.Array:
            return pick(_pieces(key, values), np.where(codes < 0, len(values), codes))

        k = {name: code[t] for name, code in self.code.items()}
        bare_t = bare[t]
        self.query = join(click_piece, where(bare_t, "", src_piece),
                          piece("utm_medium", SRC.utm_medium, k["utm_medium"]),
                          piece("utm_campaign", self.vocab["utm_campaign"], k["utm_campaign"]),
                          piece("utm_term", TERMS_URL, k["utm_term"]),
                          piece("utm_content", self.vocab["utm_content"], k["utm_content"]))

    def utm(self, name: str, rows: np.ndarray, hide: np.ndarray | None = None) -> pa.Array:
        code = self.code[name][rows]
        null = code < 0 if hide is None else (code < 0) | hide
        return pick(self.vocab[name], np.maximum(code, 0), null, dictionary=True)

    def click_id(self, rows: np.ndarray, hide: np.ndarray | None = None) -> pa.Array:
        pos = self.paid_pos[rows]
        null = pos < 0 if hide is None else (pos < 0) | hide
        return pick(self.tokens, np.maximum(pos, 0), null, dictionary=True)

    def referrer(self, rows: np.ndarray) -> pa.Array:
        return pick(SRC.referrer, self.referrer_code[rows])

    def origin(self, rows: np.ndarray) -> pa.Array:
        return pick(SRC.origin, self.referrer_code[rows])

    def url(self, path: np.ndarray, rows: np.ndarray, with_query: np.ndarray) -> pa.Array:
        """Full URL of ``path`` (dictionary-encoded); rows of tagged sessions where
        ``with_query`` get '?query'."""
        mask = with_query & self.tagged[rows]
        q = np.flatnonzero(mask)
        tagged = join(pick(FULL_URLS, path[q]), "?", pc.take(self.query, pa.array(self.tagged_pos[rows[q]])))
        codes = np.asarray(path, np.int64).copy()
        codes[q] = len(FULL_URLS) + np.arange(q.size)
        return pick(pa.concat_arrays([pa.array(FULL_URLS, pa.string()), tagged]), codes, dictionary=True)


USER_AGENTS = weights(HUMAN_AGENTS)[0] + weights(BOT_AGENTS)[0]


def user_agent_codes(cfg: Settings, browser: np.ndarray, bot: np.ndarray) -> np.ndarray:
    """Index into USER_AGENTS, fixed per browser (a bot keeps its bot agent)."""
    u = (splitmix64(np.asarray(browser).astype(np.uint64) ^ cfg.salt("ua")) >> np.uint64(11)).astype(float) / 2.0**53
    hw, bw = weights(HUMAN_AGENTS)[1], weights(BOT_AGENTS)[1]
    return np.where(bot, len(hw) + np.searchsorted(np.cumsum(bw), u).clip(0, len(bw) - 1),
                    np.searchsorted(np.cumsum(hw), u).clip(0, len(hw) - 1))


def form_paths(cfg: Settings, kind: np.ndarray) -> np.ndarray:
    rng = cfg.rng("form-paths")
    out = np.zeros(kind.size, np.int64)
    for k, options in FORM_PATHS.items():
        m = kind == k
        out[m] = np.array(options)[rng.integers(0, len(options), int(m.sum()))]
    return out


# --------------------------------------------------------------------------
# Web page views (chunked)
# --------------------------------------------------------------------------
def person_session_batch(people: SimpleNamespace, f_path: np.ndarray, lo: int, hi: int) -> SimpleNamespace:
    s = people.sessions
    sl = slice(lo, hi)
    form = s.form[sl]
    is_form = form >= 0
    return SimpleNamespace(
        n=hi - lo, browser=s.browser[sl].astype(np.int64), start=s.start[sl],
        form_time=np.where(is_form, people.forms.time[np.maximum(form, 0)], -1),
        form_path=np.where(is_form, f_path[np.maximum(form, 0)], -1), channel=s.channel[sl],
        campaign=s.campaign[sl], src=s.src[sl], landing=s.landing[sl], utm_in_columns=s.utm_in_columns[sl],
        click_only=s.click_only[sl], term=s.term[sl], content=s.content[sl], click=s.click[sl],
        pages=s.pages[sl], bot=np.zeros(hi - lo, bool), email_campaign=s.email_campaign[sl])


def anon_session_batch(cfg: Settings, cal: Calendar, camp: SimpleNamespace, chunk: int,
                       n_browsers: int) -> tuple[SimpleNamespace, SimpleNamespace]:
    """Sessions of visitors who never identify themselves (and of bots), plus ad clicks
    that bounced before any page view was tracked."""
    rng = cfg.rng("anon", chunk)
    end = cfg.as_of - 3 * HOUR
    # n_browsers first visits in the window, as many per day weight in the ANON_WARMUP_DAYS
    # before it (their return visits in the window are written); visits after the
    # as-of time or before the window are not
    lo = cfg.start - ANON_WARMUP_DAYS * DAY
    n_sim = int(round(n_browsers * cal.mass(lo, end) / cal.mass(cfg.start, end)))
    first = cal.sample(rng, lo, end, n_sim)
    k = 1 + np.where(rng.random(n_sim) < 0.18, rng.geometric(0.6, n_sim), 0)
    owner = np.repeat(np.arange(n_sim), k)
    rank = group_ranks(owner)
    t = (first[owner] + np.where(rank == 0, 0, rng.exponential(12 * DAY, owner.size))).astype(np.int64)
    inside = (t >= cfg.start + 10) & (t <= end)
    owner, t = owner[inside], t[inside]
    n_bots = max(3, int(round(BOT_SHARE_OF_ANON_BROWSERS * n_browsers)))
    t_bot = cal.sample(rng, cfg.start, end, n_bots)
    ns = owner.size + n_bots
    bot = np.r_[np.zeros(owner.size, bool), np.ones(n_bots, bool)]
    start = np.r_[t, t_bot]
    browser = np.r_[ANON_BROWSER_BASE + chunk * CHUNK_STRIDE + owner, BOT_BROWSER_BASE + chunk * CHUNK_STRIDE + np.arange(n_bots)]
    traffic = session_traffic(rng, camp, np.full(ns, MIX_NAMES.index("anon")), np.full(ns, 3), start)
    traffic.channel[bot] = CH_DIRECT
    traffic.campaign[bot] = -1
    traffic.src[bot] = SRC.offset[CH_DIRECT]
    traffic.landing[bot] = rng.integers(0, len(PATHS), n_bots)
    pages = np.where(bot, rng.integers(3, 40, ns), np.where(rng.random(ns) < 0.68, 1, 1 + rng.geometric(0.5, ns))).clip(1, 40)
    order = np.argsort(start, kind="stable")
    paid = traffic.campaign[order] >= 0
    click = np.full(ns, -1, np.int64)
    click[paid] = ANON_CLICK_BASE + chunk * CHUNK_STRIDE + np.arange(int(paid.sum()))
    S = SimpleNamespace(n=ns, browser=browser[order], start=start[order], form_time=np.full(ns, -1),
                        form_path=np.full(ns, -1), bot=bot[order], pages=pages[order], click=click,
                        **{k: v[order] for k, v in vars(traffic).items()})
    # clicks without a tracked page view (bounce before the tag fired, consent denied)
    paid_rows = np.flatnonzero(S.campaign >= 0)
    nb = rng.binomial(paid_rows.size, 0.12) if paid_rows.size else 0
    src_rows = np.sort(rng.choice(paid_rows, nb, replace=True)) if nb else np.zeros(0, np.int64)
    bounced = SimpleNamespace(
        serial=ANON_CLICK_BASE + chunk * CHUNK_STRIDE + int(paid.sum()) + np.arange(nb),
        campaign=S.campaign[src_rows], src=S.src[src_rows], landing=S.landing[src_rows],
        click_only=S.click_only[src_rows], term=S.term[src_rows], content=S.content[src_rows],
        time=S.start[src_rows] - rng.uniform(60, 6 * HOUR, nb).astype(np.int64),
        browser=np.full(nb, -1, np.int64))
    inside = bounced.time >= cfg.start        # a click before the window is not in the data
    bounced = SimpleNamespace(**{k: v[inside] for k, v in vars(bounced).items()})
    return S, bounced


def clicks_of_sessions(rng: np.random.Generator, S: SimpleNamespace) -> SimpleNamespace:
    rows = np.flatnonzero(S.click >= 0)
    return SimpleNamespace(serial=S.click[rows], campaign=S.campaign[rows], src=S.src[rows], landing=S.landing[rows],
                           click_only=S.click_only[rows], term=S.term[rows], content=S.content[rows],
                           time=S.start[rows] - rng.integers(2, 9, rows.size), browser=S.browser[rows])


def render_page_views(cfg: Settings, cal: Calendar, camp: SimpleNamespace, rng: np.random.Generator,
                      S: SimpleNamespace, pv_base: int) -> dict:
    """Page views of a batch of sessions. Everything is decided on integer arrays first
    (including planted defects and exact duplicate rows), then each column is rendered once."""
    pages = S.pages.astype(np.int64)
    total = int(pages.sum())
    sid = np.repeat(np.arange(S.n), pages)
    first_row = np.cumsum(pages) - pages
    pos = np.arange(total) - first_row[sid]
    bot = S.bot[sid]
    gap = np.where(bot, rng.uniform(1, 4, total), rng.lognormal(3.6, 0.8, total).clip(3, 900))
    gap[pos == 0] = 0
    cs = np.cumsum(gap)
    offset = cs - cs[first_row][sid]
    is_form = S.form_time[sid] >= 0
    room = (S.form_time - 15 - S.start).astype(float)
    last_off = offset[first_row + pages - 1]
    scale = np.where(last_off > 0, np.minimum(1.0, room / np.maximum(last_off, 1)), 0.0)
    offset = np.where(is_form, offset * scale[sid], offset)
    viewed = S.start[sid] + offset.astype(np.int64)
    path = np.where(pos == 0, S.landing[sid], draw(rng, INTERNAL_P, total))
    path = np.where(bot, rng.integers(0, len(PATHS), total), path)
    # the last page of a form session is the form page (a one-page session lands on it)
    path = np.where(is_form & (pos == pages[sid] - 1), S.form_path[sid], path)
    prev_path = np.r_[0, path[:-1]]

    # planted defects: conflicting ids, empty ids, missing user agents, exact duplicates
    serial = pv_base + np.arange(total)
    clash = pick_rows(rng, max(total - 1, 0), 0.0003, minimum=1)
    serial[clash] = serial[clash + 1]
    has_id = np.ones(total, bool)
    has_id[pick_rows(rng, total, 0.0005, minimum=1)] = False
    no_ua = np.zeros(total, bool)
    no_ua[pick_rows(rng, total, 0.001, minimum=0)] = True
    rows = np.sort(np.r_[np.arange(total), pick_rows(rng, total, 0.008, minimum=1)], kind="stable")
    viewed_at = cal.timestamps(rng, viewed, TS_WEB, bad_rate=0.0003, rows=rows)
    sid, pos, path, prev_path, serial, has_id, no_ua = (x[rows] for x in (sid, pos, path, prev_path, serial, has_id, no_ua))

    attr = Attribution(cfg, cal, camp, S.start, S.campaign, S.src, S.click, S.click_only, S.term, S.content,
                       getattr(S, "email_campaign", None))
    landing = pos == 0
    hide_utm = ~landing | ~S.utm_in_columns[sid]
    ua = user_agent_codes(cfg, S.browser, S.bot)
    cols = {
        "event_id": uuid_strings(serial, cfg.salt("page-view"), has_id),
        "anonymous_id": pick(uuid_strings(S.browser, cfg.salt("browser")), sid, dictionary=True),
        "viewed_at": viewed_at,
        "page_url": attr.url(path, sid, landing),
        "referrer_url": pick(FULL_URLS + SRC.referrer, np.where(landing, len(FULL_URLS) + S.src[sid], prev_path),
                             dictionary=True),
        "click_id": attr.click_id(sid, ~landing),
        "user_agent": pick(USER_AGENTS, ua[sid], no_ua, dictionary=True),
    }
    for k in ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term"):
        cols[k] = attr.utm(k, sid, hide_utm)
    return cols


# --------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------
FREE_MAIL_COMPANIES = ["Freelancer", "Self-employed", "n/a", "Student", "Independent consultant", "-"]


def render_forms(cfg: Settings, cal: Calendar, camp: SimpleNamespace, people: SimpleNamespace,
                 ids: SimpleNamespace, f_path: np.ndarray, n_bots_chunk0: int) -> dict:
    rng = cfg.rng("render", "forms")
    f, s = people.forms, people.sessions
    n = f.n
    ss = f.session
    attr = Attribution(cfg, cal, camp, s.start[ss], s.campaign[ss], s.src[ss], s.click[ss], s.click_only[ss],
                       s.term[ss], s.content[ss], s.email_campaign[ss])
    every = np.arange(n)
    person = pa.array(f.person)
    page_url = attr.url(f_path, every, rng.random(n) < 0.6).dictionary_decode()
    landing_url = attr.url(s.landing[ss], every, np.ones(n, bool)).dictionary_decode()
    referrer = where(s.pages[ss] >= 2, landing_url, attr.referrer(every))
    referrer = where(rng.random(n) < 0.1, None, referrer)
    hide = ~(attr.tagged & (rng.random(n) < 0.85))      # hidden form fields capture the utm values

    email = case_mess(rng, pc.take(ids.email, person), 0.04, 0.02)
    first, last = pc.take(ids.first, person), pc.take(ids.last, person)
    u = rng.random(n)
    full_name = where(u < 0.02, first, join(first, " ", last))
    full_name = where((u >= 0.02) & (u < 0.05), pc.utf8_lower(full_name), full_name)
    corp = people.domain_account[f.person]
    company = where(rng.random(n) < 0.5, pc.take(ids.short_name, pa.array(np.maximum(corp, 0))),
                    pc.take(ids.account_name, pa.array(np.maximum(corp, 0))))
    company = where(corp < 0, where(rng.random(n) < 0.6, None,
                                    pick(FREE_MAIL_COMPANIES, rng.integers(0, len(FREE_MAIL_COMPANIES), n))), company)
    company = where(rng.random(n) < 0.05, pc.utf8_lower(company), company)
    bottom = np.isin(f.kind, [F_DEMO, F_CONTACT, F_PRICING])
    message = where(bottom & (rng.random(n) < 0.7), pick(MESSAGES, rng.integers(0, len(MESSAGES), n)), None)
    message = where(~bottom & (rng.random(n) < 0.04), pick(MESSAGES, rng.integers(0, len(MESSAGES), n)), message)
    consent_vals, consent_w = weights(CONSENT_VALUES)
    origin = where(rng.random(n) < 0.02, "Offline Sources | Import", attr.origin(every))
    origin = where(rng.random(n) < 0.01, None, origin)
    form_name = where(f.kind == F_UNKNOWN, pick(UNKNOWN_FORM_NAMES, rng.integers(0, len(UNKNOWN_FORM_NAMES), n)),
                      pick(FORM_KINDS, f.kind))
    main = {
        "submission_id": uuid_strings(np.arange(n), cfg.salt("submission")),
        "submitted_at": f.time, "form_name": form_name,
        "anonymous_id": where(f.cookie, uuid_strings(f.browser, cfg.salt("browser")), None),
        "email": email, "full_name": full_name,
        "phone": where(rng.random(n) < 0.45, None, pc.take(ids.phone, person)),
        "company_name": company,
        "job_title": where(rng.random(n) < 0.2, None, pc.take(ids.title, person)),
        "message": message, "consent": pick(consent_vals, draw(rng, consent_w, n)), "origin": origin,
        **{k: attr.utm(k, every, hide).dictionary_decode()
           for k in ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")},
        "click_id": attr.click_id(every, rng.random(n) >= 0.9).dictionary_decode(),
        "page_url": page_url, "referrer_url": referrer,
        **demo_bant.form_answers(cfg, f.kind, [F_DEMO, F_CONTACT, F_PRICING], np.isfinite(people.sql[f.person])),
    }

    # spam and test submissions (bots and people testing the form)
    k = plant_count(rng, n, 0.02, minimum=3)
    ident = rng.integers(0, len(SPAM_IDENTITIES), k)
    spam_email, spam_name, spam_company = (list(x) for x in zip(*SPAM_IDENTITIES))
    from_bot = rng.random(k) < 0.5
    bot_serial = BOT_BROWSER_BASE + rng.integers(0, max(n_bots_chunk0, 1), k)
    spam = {
        "submission_id": uuid_strings(n + np.arange(k), cfg.salt("submission")),
        "submitted_at": cal.sample(rng, cfg.start, cfg.as_of - 3 * HOUR, k),
        "form_name": pick(["contact_us", "demo_request", "newsletter_signup", "Contact Us (old)"], rng.integers(0, 4, k)),
        "anonymous_id": where(from_bot, uuid_strings(bot_serial, cfg.salt("browser")), None),
        "email": pick(spam_email, ident), "full_name": pick(spam_name, ident), "company_name": pick(spam_company, ident),
        "phone": pick(PHONE_JUNK, rng.integers(0, len(PHONE_JUNK), k)),
        "job_title": pick(["test", "asdf", None, "CEO"], rng.integers(0, 4, k)),
        "message": pick(SPAM_MESSAGES, rng.integers(0, len(SPAM_MESSAGES), k)),
        "consent": pick(consent_vals, draw(rng, consent_w, k)),
        "origin": pick(["Direct | (none)", None], rng.integers(0, 2, k)),
        "page_url": join(BASE_URL, pick(["/contact", "/demo", "/newsletter"], rng.integers(0, 3, k))),
    }
    for c in TABLES["web_form_submissions"]:
        spam.setdefault(c, pa.nulls(k, pa.string()))
    times = np.r_[f.time, spam["submitted_at"]]
    order = np.argsort(times, kind="stable")
    dups = pick_rows(rng, order.size, 0.015, minimum=1)          # resubmits: exact duplicates
    order = order[np.sort(np.r_[np.arange(order.size), dups], kind="stable")]
    ts = cal.timestamps(rng, times, TS_WEB, bad_rate=0.0005)
    out = {}
    for c in TABLES["web_form_submissions"]:
        col = ts if c == "submitted_at" else pa.concat_arrays([main[c].cast(pa.string()), spam[c].cast(pa.string())])
        out[c] = pc.take(col, pa.array(order))
    out["submission_id"] = set_rows(out["submission_id"], pick_rows(rng, order.size, 0.0005, minimum=1), None)
    return out


# --------------------------------------------------------------------------
# Ads
# --------------------------------------------------------------------------
def render_ad_clicks(cfg: Settings, cal: Calendar, camp: SimpleNamespace, rng: np.random.Generator,
                     C: SimpleNamespace) -> dict:
    n = C.serial.size
    attr = Attribution(cfg, cal, camp, C.time, C.campaign, C.src, C.serial, C.click_only, C.term, C.content)
    every = np.arange(n)
    c = C.campaign
    groups = [g for gs in camp.ad_groups for g in gs]
    ad_group = pick(groups, c * 3 + C.content % 3, rng.random(n) < 0.15, dictionary=True)
    known = (C.browser >= 0) & (rng.random(n) < 0.35)
    return {
        "click_id": attr.click_id(every), "platform": pick(camp.platform_name, c, dictionary=True),
        "campaign_id": pick(camp.campaign_id, c, dictionary=True),
        "ad_group_id": ad_group, "clicked_at": cal.timestamps(rng, C.time, TS_ADS),
        "anonymous_id": where(known, uuid_strings(np.maximum(C.browser, 0), cfg.salt("browser")), None),
        "landing_page_url": attr.url(C.landing, every, np.ones(n, bool)),
    }


def render_ad_performance(cfg: Settings, cal: Calendar, camp: SimpleNamespace, click_campaign: np.ndarray,
                          click_time: np.ndarray) -> tuple[dict, SimpleNamespace]:
    """Daily campaign reports consistent with the tracked clicks, with restatements."""
    rng = cfg.rng("render", "ad-performance")
    nd, day0 = cal.ndays, cal.first_day
    day = np.clip(click_time // DAY - day0, 0, nd - 1)
    tracked = np.bincount(click_campaign * nd + day, minlength=camp.n * nd).reshape(camp.n, nd)
    c_idx, d_idx = np.nonzero(np.ones((camp.n, nd), bool))
    abs_day = d_idx + day0
    active = ((abs_day >= camp.first_day[c_idx]) & (abs_day <= camp.last_day[c_idx])) | (tracked[c_idx, d_idx] > 0)
    c_idx, d_idx, abs_day = c_idx[active], d_idx[active], abs_day[active]
    t = tracked[c_idx, d_idx]
    clicks = t + rng.poisson(t * 0.07 + 0.2)
    totals = np.bincount(c_idx, weights=clicks, minlength=camp.n)
    days_on = np.maximum(np.bincount(c_idx, minlength=camp.n), 1)
    mean_daily = totals / days_on
    ctr = camp.ctr[c_idx] * rng.lognormal(0, 0.12, c_idx.size)
    impressions = np.where(clicks > 0, np.round(clicks / ctr),
                           rng.poisson(np.maximum(mean_daily[c_idx], 0.5) / camp.ctr[c_idx] * 0.4)).astype(np.int64)
    impressions = np.maximum(impressions, clicks)
    fx = np.array([FX_PER_USD[c] for c in camp.currency])
    spend = np.round(clicks * camp.cpc_usd[c_idx] * fx[c_idx] * rng.lognormal(0, 0.18, c_idx.size) * 100).astype(np.int64)
    extracted = (abs_day + 1) * DAY + rng.integers(2 * HOUR, 7 * HOUR, c_idx.size)
    today = abs_day == cal.last_day
    extracted = np.where(today, cfg.as_of - rng.integers(10 * MINUTE, 60 * MINUTE, c_idx.size), extracted)
    stats = SimpleNamespace(clicks=np.bincount(camp.platform[c_idx], weights=clicks, minlength=len(PLATFORMS)),
                            impressions=np.bincount(camp.platform[c_idx], weights=impressions, minlength=len(PLATFORMS)),
                            spend=spend, tracked=int(t.sum()))

    # restatements: an early extraction with partial numbers, the final one later
    restated = pick_rows(rng, c_idx.size, 0.02, minimum=3, candidates=np.flatnonzero(abs_day <= cal.last_day - 5))
    k = restated.size
    third = rng.random(k) < 0.2
    early_share = rng.uniform(0.80, 0.97, k)
    late_ex = (abs_day[restated] + rng.integers(2, 5, k)) * DAY + rng.integers(2 * HOUR, 7 * HOUR, k)
    mid_ex = extracted[restated] + (late_ex - extracted[restated]) // 2

    def scaled(x, share):
        return np.floor(x * share).astype(np.int64)

    rows_c = np.r_[c_idx, c_idx[restated], c_idx[restated[third]]]
    rows_d = np.r_[abs_day, abs_day[restated], abs_day[restated[third]]]
    r_clicks = clicks.copy()
    r_impr = impressions.copy()
    r_spend = spend.copy()
    r_ex = extracted.copy()
    r_clicks[restated] = scaled(clicks[restated], early_share)
    r_impr[restated] = scaled(impressions[restated], early_share)
    r_spend[restated] = scaled(spend[restated], early_share)
    mid_share = (1 + early_share[third]) / 2
    r_clicks = np.r_[r_clicks, clicks[restated], scaled(clicks[restated[third]], mid_share)]
    r_impr = np.r_[r_impr, impressions[restated], scaled(impressions[restated[third]], mid_share)]
    r_spend = np.r_[r_spend, spend[restated], scaled(spend[restated[third]], mid_share)]
    r_ex = np.r_[r_ex, late_ex, mid_ex[third]]
    r_ex = np.minimum(r_ex, cfg.as_of - MINUTE)
    order = np.lexsort((r_ex, rows_c, rows_d))
    rows_c, rows_d, r_clicks, r_impr, r_spend, r_ex = (x[order] for x in (rows_c, rows_d, r_clicks, r_impr, r_spend, r_ex))
    renamed = (r_ex // DAY) >= camp.rename_day[rows_c]
    cols = {
        "report_date": cal.dates(rows_d), "platform": pick(camp.platform_name, rows_c),
        "campaign_id": pick(camp.campaign_id, rows_c),
        "campaign_name": where(renamed, pick(camp.new_name, rows_c), pick(camp.name, rows_c)),
        "impressions": int_strings(r_impr), "clicks": int_strings(r_clicks), "spend": money_strings(r_spend),
        "currency": pick(camp.currency, rows_c), "extracted_at": cal.timestamps(rng, r_ex, TS_ADS),
    }
    return cols, stats


IDENTIFIES_PER_SCALE = 300     # web_identifies rows at scale 1
IDENTIFIES_SEED_OFFSET = 20_020
BOT_AGENT_PATTERN = "bot|crawl|spider|slurp|headless|python|curl|wget|http-client|monitor|preview"


def render_web_identifies(cfg: Settings) -> dict:
    """Optional web_identifies (D20): a known person (one who submitted a form with
    an email) comes back on a browser that never submitted a form, and an identify
    call (login, email-link click) ties that browser to their email at one of its
    page views. Derived from the web files just written, with its own random
    generator: every other file stays byte-identical to a run without this table."""
    import random
    import uuid

    import duckdb

    rnd = random.Random(cfg.seed + IDENTIFIES_SEED_OFFSET)
    # at least 30, so that the one planted reject stays under the publish
    # audit's rejected share (5 %) at small scales
    n = max(30, int(round(IDENTIFIES_PER_SCALE * cfg.scale)))

    def reader(table: str) -> str:
        path = str(cfg.out / f"{table}.{cfg.fmt}").replace("'", "''")
        if cfg.fmt == "parquet":
            return f"read_parquet('{path}')"
        return (f"read_csv('{path}', header = true, all_varchar = true, ignore_errors = true, "
                f"delim = ',', quote = '\"', escape = '\"', max_line_size = 67108864)")

    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    emails = [r[0] for r in con.execute(f"""
        select distinct lower(trim(email)) as e from {reader('web_form_submissions')}
        where regexp_matches(trim(email), '^[^@ ]+@[^@ ]+\\.[a-z]{{2,}}$', 'i')
            and lower(trim(email)) not like 'test@%' order by e""").fetchall()]
    # candidates: human browsers without a form, in a fixed order; the seeded generator picks
    candidates = con.execute(f"""
        with forms as (
            select distinct trim(anonymous_id) as a from {reader('web_form_submissions')}
            where anonymous_id is not null
        ),
        views as (
            select trim(anonymous_id) as a, try_cast(trim(viewed_at) as timestamptz) as t, user_agent
            from {reader('web_page_views')}
            where nullif(trim(anonymous_id), '') is not null
        )
        select a, list(distinct epoch_ms(t) order by epoch_ms(t)) as ts
        from views
        where t is not null and a not in (select a from forms)
        group by a
        having not bool_or(regexp_matches(lower(coalesce(user_agent, '')), '{BOT_AGENT_PATTERN}'))
        order by md5(a || '{cfg.seed}'), a
        limit {20 * n}""").fetchall()
    con.close()
    if not emails or not candidates:
        return {c: pa.array([], pa.string()) for c in OPTIONAL_TABLES["web_identifies"]}
    chosen = rnd.sample(candidates, min(n, len(candidates)))
    rows = []
    for browser, times in chosen:
        ms = rnd.choice(times)
        at = datetime.fromtimestamp(ms // 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
        at += f".{ms % 1000:03d}Z" if ms % 1000 else "Z"
        rows.append([str(uuid.UUID(int=rnd.getrandbits(128), version=4)), browser, rnd.choice(emails), at])
    # a handful of messy rows: upper case, spaces, one empty email
    messy = rnd.sample(range(len(rows)), min(len(rows), 6))
    for k, i in enumerate(messy):
        e = rows[i][2]
        rows[i][2] = ("" if k == 0 else e.upper() if k in (1, 2) else f" {e} " if k in (3, 4)
                      else e[:1].upper() + e[1:] + " ")
    rows.sort(key=lambda r: (r[3], r[0]))
    cols = list(zip(*rows))
    return {c: pa.array(list(v), pa.string()) for c, v in zip(OPTIONAL_TABLES["web_identifies"], cols)}


def render_marketing_costs(cfg: Settings, cal: Calendar, events: SimpleNamespace) -> dict:
    """Monthly spend that no ad platform reports: booths, email tooling, social agency."""
    rng = cfg.rng("render", "marketing-costs")
    months = np.arange(int(cal.month_id[cal.first_day - cal.table_day0]), int(cal.month_id[cal.last_day - cal.table_day0]) + 1)
    m = months.size
    k = np.arange(m)
    rows = [
        (months, np.full(m, 1), np.where(rng.random(m) < 0.7, -1, 0), np.where(k < 12, 1_200.0, 1_450.0), np.full(m, 0)),
        (months, np.full(m, 2), np.full(m, 1), np.where(k < 14, 3_500.0, 3_800.0), np.full(m, 1)),
    ]
    meetups = rng.random(m) < 0.3
    rows.append((months[meetups], np.full(int(meetups.sum()), 0), np.full(int(meetups.sum()), 2),
                 rng.uniform(1_500, 3_000, int(meetups.sum())), np.full(int(meetups.sum()), 0)))
    ev_month = events.day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    ev_cost = np.array([EVENTS[i][4] for i in events.event], float) * rng.uniform(0.9, 1.15, events.event.size)
    ev_cur = np.array([0 if EVENTS[i][3] == "USD" else 1 for i in events.event], np.int64)
    rows.append((ev_month, np.full(ev_month.size, 0), 3 + events.event, ev_cost, ev_cur))
    month, channel, campaign, cost, currency = (np.concatenate([r[i] for r in rows]) for i in range(5))
    order = np.lexsort((campaign, channel, month))
    month, channel, campaign, cost, currency = (x[order] for x in (month, channel, campaign, cost, currency))
    campaigns = ["Email platform licence", "Social media agency retainer", "Local meetup sponsorship"] + \
                [f"{e[0]} booth" for e in EVENTS]
    first_day = month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return {
        "cost_month": cal.dates(first_day), "channel": pick(["events", "email", "organic_social"], channel),
        "campaign": pick(campaigns, np.maximum(campaign, 0), campaign < 0),
        "cost": money_strings(np.round(cost * cfg.scale * 100).astype(np.int64)),
        "currency": pick(["USD", "EUR"], currency),
    }


# --------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------
def build_ids(cfg: Settings, acc: SimpleNamespace, people: SimpleNamespace) -> SimpleNamespace:
    ids = identity_strings(cfg, acc, people)
    ids.title = title_strings(people)
    s = people.sessions
    first_channel = np.zeros(people.n, np.int64)
    person, first = np.unique(s.person, return_index=True)
    first_channel[person] = s.channel[first]
    ids.first_channel = first_channel
    ids.account_id = lambda x: numeric_ids(x, 5_100_000_000, 97, cfg.salt("account"))
    ids.contact_id = lambda x: numeric_ids(x, 20_000_000_000, 41, cfg.salt("contact"))
    ids.deal_id = lambda x: numeric_ids(x, 9_300_000_000, 113, cfg.salt("deal"))
    ids.activity_id = lambda x: numeric_ids(x, 41_000_000_000, 7, cfg.salt("activity"))
    return ids


def generate(cfg: Settings, progress: bool = True) -> dict:
    """Simulate, render and write every table; return the summary."""
    cfg.out.mkdir(parents=True, exist_ok=True)
    cal = Calendar(cfg.start, cfg.as_of)
    bar = tqdm(total=12, desc="demo data", unit="stage", disable=not progress, leave=True)

    def step(label: str) -> None:
        bar.set_postfix_str(label)
        bar.update(1)

    camp = build_campaigns(cfg, cal)
    acc = simulate_accounts(cfg, cal)
    deals = simulate_deals(cfg, acc)
    events = cal.events()
    # the simulation sees the conferences and webinars of the warm-up and after the as-of time too
    sim_events = cal.events(cfg.sim_start // DAY, cal.last_day + 400)
    sim_webinars = cal.webinars(cfg.sim_start, cfg.as_of + 400 * DAY)
    people = simulate_people(cfg, cal, acc, deals, sim_events, sim_webinars, camp)
    step("ground truth")
    ids = build_ids(cfg, acc, people)
    mark_written(cfg, acc, deals, people)
    aliases = plan_account_aliases(cfg, acc, people)
    f_path = form_paths(cfg, people.forms.kind)
    mail = demo_email.plan(cfg, cal, people, camp, f_path, SimpleNamespace(**globals()))  # our helpers as its kit
    counts: dict[str, int] = {}

    def write(table: str, cols: dict) -> None:
        sink = TableSink(cfg.out, table, cfg.fmt)
        sink.write(cols)
        counts[table] = sink.close()
        step(table)

    write("crm_accounts", render_accounts(cfg, cal, acc, deals, people, ids, aliases))
    contact_cols, dup = render_contacts(cfg, cal, people, ids, aliases)
    write("crm_contacts", contact_cols)
    write("crm_lifecycle_stage_changes", render_lifecycle(cfg, cal, people, deals, ids, dup))
    deal_cols, history_cols = render_deals(cfg, cal, acc, deals, people, ids, aliases)
    write("crm_deals", deal_cols)
    write("crm_deal_stage_changes", history_cols)
    write("crm_activities", render_activities(cfg, cal, people, ids, aliases))

    # page views: identified people first, then anonymous visitors and bots, chunk by chunk
    n_anon = int(round(ANON_BROWSERS_PER_ACCOUNT * acc.n_window))     # first visits in the window
    chunks = [min(ANON_CHUNK_BROWSERS, n_anon - i) for i in range(0, n_anon, ANON_CHUNK_BROWSERS)]
    n_bots_chunk0 = max(3, int(round(BOT_SHARE_OF_ANON_BROWSERS * chunks[0]))) if chunks else 0
    write("web_form_submissions", render_forms(cfg, cal, camp, people, ids, f_path, n_bots_chunk0))
    sink = TableSink(cfg.out, "web_page_views", cfg.fmt)
    click_parts = []
    person_batches = list(range(0, people.sessions.n, PERSON_CHUNK_SESSIONS))
    pv_serial = 0
    anon_visitors = 0
    with tqdm(total=len(person_batches) + len(chunks), desc="web_page_views", unit="chunk",
              disable=not progress, leave=False) as pbar:
        for b, lo in enumerate(person_batches):
            hi = min(lo + PERSON_CHUNK_SESSIONS, people.sessions.n)
            S = person_session_batch(people, f_path, lo, hi)
            rng = cfg.rng("page-views", "people", b)
            click_parts.append(clicks_of_sessions(rng, S))
            sink.write(render_page_views(cfg, cal, camp, rng, S, pv_serial))
            pv_serial += int(S.pages.sum())
            pbar.update(1)
        for c, size in enumerate(chunks):
            S, bounced = anon_session_batch(cfg, cal, camp, c, size)
            anon_visitors += int(np.unique(S.browser[~S.bot]).size)
            rng = cfg.rng("page-views", "anon", c)
            click_parts += [clicks_of_sessions(rng, S), bounced]
            sink.write(render_page_views(cfg, cal, camp, rng, S, ANON_PAGE_VIEW_BASE + c * (1 << 36)))
            pbar.update(1)
    counts["web_page_views"] = sink.close()
    step("web_page_views")

    C = SimpleNamespace(**{k: np.concatenate([getattr(p, k) for p in click_parts])
                           for k in vars(click_parts[0])})
    sink = TableSink(cfg.out, "ad_clicks", cfg.fmt)
    for b, lo in enumerate(range(0, C.serial.size, AD_CLICK_CHUNK)):
        part = SimpleNamespace(**{k: v[lo:lo + AD_CLICK_CHUNK] for k, v in vars(C).items()})
        sink.write(render_ad_clicks(cfg, cal, camp, cfg.rng("render", "ad-clicks", b), part))
    counts["ad_clicks"] = sink.close()
    step("ad_clicks")
    perf_cols, ad_stats = render_ad_performance(cfg, cal, camp, C.campaign, C.time)
    write("ad_performance_daily", perf_cols)
    write("marketing_costs", render_marketing_costs(cfg, cal, events))
    email_sink = TableSink(cfg.out, "email_events", cfg.fmt)
    email_rows, email_summary = demo_email_render.write(cfg, cal, ids, people, mail, email_sink)
    bar.close()
    identifies = TableSink(cfg.out, "web_identifies", cfg.fmt)
    identifies.write(render_web_identifies(cfg))
    identifies_rows = identifies.close()

    visitors = int(np.unique(people.sessions.browser).size) + anon_visitors
    f = people.forms
    form_visitors = int(np.unique(f.browser[f.cookie]).size)
    summary = {
        "as_of": datetime.fromtimestamp(cfg.as_of, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "window_start": datetime.fromtimestamp(cfg.start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seed": cfg.seed, "scale": cfg.scale, "format": cfg.fmt,
        "row_counts": {t: counts[t] for t in TABLES},
        "calibration": calibration(cfg, acc, deals, people, ad_stats, visitors, form_visitors),
        "email_events": email_summary,
    }
    (cfg.out / "_generation_summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    summary["optional_row_counts"] = {"web_identifies": identifies_rows, "email_events": email_rows}  # not in the file
    return summary


def print_summary(summary: dict, seconds: float | None = None) -> None:
    print()
    print(f"{'table':<32}{'rows':>14}")
    print("-" * 46)
    for table, rows in summary["row_counts"].items():
        print(f"{table:<32}{rows:>14,}")
    print()
    print("calibration (ground truth of the generated company)          typical B2B")
    print("-" * 78)
    cal = summary["calibration"]
    targets = {
        "contacts_per_account": "3-7 (buying committee)", "visit_to_lead": "0.01-0.03",
        "lead_to_mql": "0.25-0.40", "mql_to_sql": "0.10-0.30", "sql_to_opportunity": "~0.50",
        "win_rate": "0.20-0.30", "mean_days_first_touch_to_won": "~190",
        "mean_touches_per_won_account": "~30", "nurtured_sql_share": "~0.50",
    }
    for key, value in cal.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        print(f"{key:<48}{str(value):<22}{targets.get(key, '')}")
    print("  typical ad CTR: search 0.02-0.06, LinkedIn 0.004-0.007")
    email = summary.get("email_events")
    if email:
        print("\nemail events (unique recipients per email; typical B2B: delivery 0.97-0.98, opens 0.20-0.25,")
        print("clicks 0.02-0.04, replies ~0.005, unsubscribes 0.002-0.005, spam reports 0.0002-0.0005)")
        print("-" * 78)
        for key, value in email.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}={v:,}" for k, v in value.items())
            print(f"{key:<32}{value}")
    if seconds is not None:
        print(f"\nwritten to {summary.get('out', '')} in {seconds:.1f} s")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="output folder (created if missing)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--scale", type=float, default=None,
                    help="multiplies the number of accounts (1.0 = about 3,000 accounts new in the window)")
    ap.add_argument("--size", choices=list(SIZES), default=None,
                    help="S = scale 1, M = scale 10, L = scale 100 (parquet by default for M and L)")
    ap.add_argument("--format", choices=["csv", "parquet"], default=None, help="file format (default csv; parquet for M/L)")
    ap.add_argument("--as-of", default=DEFAULT_AS_OF,
                    help=f"end of the simulated window, ISO 8601 or a date (default {DEFAULT_AS_OF})")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    ap.add_argument("--native", choices=["hubspot", "salesforce", "segment", "ads"], action="append", default=[],
                    help="also write the data as that system's native tables land it: the CRM (hubspot, "
                         "salesforce) in <out>/<native>/, web tracking (segment) in <out>/segment/, ad "
                         "platforms (ads) in <out>/google_ads|linkedin_ads|meta_ads/ "
                         "(scripts/native_<native>_demo.py); repeatable")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> dict:
    args = parse_args(argv)
    scale = args.scale if args.scale is not None else SIZES[args.size or "S"]
    fmt = args.format or ("parquet" if args.size in ("M", "L") else "csv")
    if scale <= 0:
        raise SystemExit("--scale must be positive")
    as_of = parse_as_of(args.as_of)
    cfg = Settings(out=args.out, seed=args.seed, scale=scale, fmt=fmt, as_of=as_of,
                   start=window_start(as_of))
    began = time.perf_counter()
    # progress bars and the calibration tables only on a terminal: in a log
    # file they are carriage returns and noise
    on_terminal = sys.stderr.isatty() and sys.stdout.isatty()
    summary = generate(cfg, progress=not args.quiet and on_terminal)
    summary["out"] = str(args.out)
    if "hubspot" in args.native:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from native_hubspot_demo import write_native_hubspot
        native_counts = write_native_hubspot(args.out)
        print(f"HubSpot tables: {sum(native_counts.values()):,} rows in {len(native_counts)} tables "
              f"written to {args.out / 'hubspot'}")
    if "salesforce" in args.native:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from native_salesforce_demo import write_native_salesforce
        native_counts = write_native_salesforce(args.out)
        print(f"Salesforce tables: {sum(native_counts.values()):,} rows in {len(native_counts)} tables "
              f"written to {args.out / 'salesforce'}")
    if "segment" in args.native:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from native_segment_demo import write_native_segment
        native_counts = write_native_segment(args.out)
        print(f"Segment tables: {sum(native_counts.values()):,} rows in {len(native_counts)} tables "
              f"written to {args.out / 'segment'} "
              f"({', '.join(f'{t} {n:,}' for t, n in native_counts.items())})")
    if "ads" in args.native:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from native_ads_demo import write_native_ads
        native_counts = write_native_ads(args.out)
        print(f"Ad platform tables: {sum(native_counts.values()):,} rows in {len(native_counts)} tables "
              f"written to {args.out}/google_ads, linkedin_ads, meta_ads "
              f"({', '.join(f'{t} {n:,}' for t, n in native_counts.items())})")
    if on_terminal and not args.quiet:
        print_summary(summary, time.perf_counter() - began)
    else:
        rows = sum(summary["row_counts"].values())
        print(f"demo data: {rows:,} raw rows in {len(summary['row_counts'])} tables written to {args.out} "
              f"in {time.perf_counter() - began:.1f} s")
    return summary


if __name__ == "__main__":
    main()
