"""Privacy deletions: people listed in the optional raw file
`privacy_deletions.csv` are forgotten on the next normal (incremental) build.

The small demo dataset plus two planted people with unique names and emails
(test_publish.person_rows: an account, a contact with a lead stage, a browser
with page views and a form submission, email events, a deal on the account; the first also
with a second page view in the same session, an activity, an ad click of its
browser and page views and an ad click on dates nobody else has, so that
whole partitions of the incremental tables hold only their rows, a
browser identified only by an identify call with their email, and email
events of a merged-away record of theirs by its contact id or its email) is built
and published. Then a deletion file names the two planted people and one
generated person whose browser has sessions and who is the primary contact of
deals (emails in another case and with spaces), and the same database is
built again normally (the incremental models run incrementally).

After it:
- nothing of theirs (contact ids, email, keyed email hash, browser ids, ids of
  their page views, form submissions, ad clicks, activities and email events; names of the
  planted people) is in any column of any relation of the working database
  outside schema `raw`, nor in the published file;
- their deals are still there, without a contact;
- other people's rows are unchanged in every staging relation, in the
  incremental intermediate tables and in dim_contacts: every row removed is
  one of theirs, and the only rows changed are their deals;
- the incremental tables equal a fresh full build of the same files, and so
  do the marts;
- their emails, names and hashes are in no compiled SQL, artifact or log;
- the check is able to fail: a leftover planted in a copy of the database
  (and of the published file) is found.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import re
import secrets
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from test_publish import (PUBLISHED_NAME, append_rows, env_for, marts_digests, person_rows,  # noqa: F401
                          run, wrapper_cmd)

csv.field_size_limit(2**31 - 1)

PLANTED_PEOPLE = [
    # tag, email, first name, last name
    ("fg1", "Forgotten.One.k3q@forgetme.example", "Obliviana", "Forgetson-Qx"),
    ("fg2", "forgotten.two.k3q@forgetme2.example", "Erasmo", "Wipeworth-Zq"),
]
LONELY_DAY = "2020-02-02"  # a date without any other page view or click
MERGED_EMAIL = "fg1.private.k3q@forgetme-home.example"  # of a record merged into fg1's (never listed)
INCREMENTAL = [("staging", "base_web__page_views"), ("staging", "base_ads__clicks"),
               ("intermediate", "int_page_views_sessionized"), ("intermediate", "int_sessions_aggregated")]


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return [{k.strip().lower(): v for k, v in row.items()} for row in csv.DictReader(f)]


def clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def plant_people(raw: Path) -> None:
    for tag, email, first, last in PLANTED_PEOPLE:
        rows = person_rows(tag, email, first, last, "+44 20 7946 0123", "hello", f"{tag} message")
        rows["web_page_views"].append(dict(
            event_id=f"h7-{tag}-pv2", anonymous_id=f"h7-{tag}-browser", viewed_at="2026-01-06T09:58:00Z",
            page_url="https://northwind-analytics.com/pricing", referrer_url="", user_agent="Mozilla/5.0"))
        if tag == "fg1":
            rows["web_page_views"].append(dict(
                event_id=f"h7-{tag}-pv-lonely", anonymous_id=f"h7-{tag}-browser",
                viewed_at=f"{LONELY_DAY}T10:00:00Z", page_url="https://northwind-analytics.com/",
                referrer_url="", user_agent="Mozilla/5.0"))
            rows["ad_clicks"] = [dict(
                click_id=f"h7-{tag}-click", platform="google_ads", campaign_id="h7-campaign",
                ad_group_id="h7-group", clicked_at=f"{LONELY_DAY}T09:59:00Z", anonymous_id=f"h7-{tag}-browser",
                landing_page_url="https://northwind-analytics.com/")]
            rows["crm_activities"] = [dict(
                activity_id=f"h7-{tag}-activity", activity_type="call", contact_id=f"h7-{tag}-contact",
                account_id=f"h7-{tag}-acct", occurred_at="2026-01-07T10:00:00Z")]
            # the same person recorded again under another email, merged into the
            # listed record: forgetting the person forgets this record, its
            # history and the browser of its email too
            rows["crm_contacts"].append(dict(
                contact_id=f"h7-{tag}-merged", account_id=f"h7-{tag}-acct", email=MERGED_EMAIL,
                first_name=first, last_name=last, job_title="VP Marketing", phone="",
                lead_source="Import", created_at="2026-01-08T10:00:00Z", is_deleted="false",
                merged_into_contact_id=f"h7-{tag}-contact"))
            rows["crm_lifecycle_stage_changes"].append(dict(
                contact_id=f"h7-{tag}-merged", lifecycle_stage="mql", changed_at="2026-01-08T10:00:00Z"))
            rows["web_form_submissions"].append(dict(
                submission_id=f"h7-{tag}-sub-merged", submitted_at="2026-01-08T09:55:00Z", form_name="newsletter",
                anonymous_id=f"h7-{tag}-browser-merged", email=MERGED_EMAIL, full_name=f"{first} {last}",
                consent="on", page_url="https://northwind-analytics.com/blog"))
            rows["web_page_views"].append(dict(
                event_id=f"h7-{tag}-pv-merged", anonymous_id=f"h7-{tag}-browser-merged",
                viewed_at="2026-01-08T09:50:00Z", page_url="https://northwind-analytics.com/blog",
                referrer_url="", user_agent="Mozilla/5.0"))
            # a browser identified only by an identify call (a login) with the
            # person's email: forgotten with all its page views and the call
            rows["web_identifies"].append(dict(
                identify_id=f"h7-{tag}-identify", anonymous_id=f"h7-{tag}-browser-identified",
                email=f" {email.upper()} ", identified_at="2026-01-09T10:00:00Z"))
            # email events of the merged-away record: by its contact id alone,
            # and by its email alone
            rows["email_events"] += [
                dict(event_id=f"h7-{tag}-email-merged-id", contact_id=f"h7-{tag}-merged", campaign_id="h7-newsletter",
                     event_type="delivered", occurred_at="2026-01-09T09:00:00Z"),
                dict(event_id=f"h7-{tag}-email-merged-address", email=MERGED_EMAIL, campaign_id="h7-newsletter",
                     event_type="open", occurred_at="2026-01-09T09:30:00Z")]
            rows["web_page_views"].append(dict(
                event_id=f"h7-{tag}-pv-identified", anonymous_id=f"h7-{tag}-browser-identified",
                viewed_at="2026-01-09T09:50:00Z", page_url="https://northwind-analytics.com/login",
                referrer_url="", user_agent="Mozilla/5.0"))
        append_rows(raw, rows)


def pick_generated_person(db: Path) -> str:
    """A generated contact identified on a browser with sessions, primary
    contact of at least one deal, every one of them with an account: returns
    its contact_id."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.sql("""
            select browsers.contact_id
            from intermediate.int_browsers_identified as browsers
            inner join intermediate.int_sessions_aggregated as sessions
                on browsers.anonymous_id = sessions.anonymous_id
            inner join staging.stg_crm__deals as deals
                on browsers.contact_id = deals.primary_contact_id
            where browsers.resolved_by = 'form_submission' and browsers.contact_id not like 'h7-%'
                -- every deal of theirs has an account, which the deal keeps
                and not exists (
                    select 1 from staging.stg_crm__deals as accountless
                    where accountless.primary_contact_id = browsers.contact_id
                        and accountless.account_id is null)
            group by browsers.contact_id
            order by count(distinct sessions.session_id) desc, browsers.contact_id
            limit 1""").fetchall()
    finally:
        con.close()
    assert rows, "the demo data has no identified browser with sessions and deals"
    return rows[0][0]


def needles_of(raw: Path, emails: list[str], key: str) -> dict:
    """Everything of the forgotten people, read from the raw files the way
    the spec defines them (email keys trimmed and lower-cased)."""
    keys = {e.strip().lower() for e in emails}
    contact_rows = read_csv(raw / "crm_contacts.csv")
    contacts = {clean(r["contact_id"]) for r in contact_rows if (r["email"] or "").strip().lower() in keys} - {None}
    # a person is every record of its merge tree: the records merged into theirs
    # (and the ones theirs were merged into), with their emails
    while True:
        linked = {clean(r["contact_id"]) for r in contact_rows
                  if clean(r.get("merged_into_contact_id")) in contacts} | {
                  clean(r.get("merged_into_contact_id")) for r in contact_rows if clean(r["contact_id"]) in contacts}
        if linked - {None} <= contacts:
            break
        contacts |= linked - {None}
    keys |= {(r["email"] or "").strip().lower() for r in contact_rows if clean(r["contact_id"]) in contacts} - {""}
    forms = read_csv(raw / "web_form_submissions.csv")
    browsers = {clean(r["anonymous_id"]) for r in forms if (r["email"] or "").strip().lower() in keys} - {None}
    identify_rows = read_csv(raw / "web_identifies.csv") if (raw / "web_identifies.csv").exists() else []
    browsers |= {clean(r["anonymous_id"]) for r in identify_rows
                 if (r["email"] or "").strip().lower() in keys} - {None}
    identifies = {clean(r["identify_id"]) for r in identify_rows
                  if (r["email"] or "").strip().lower() in keys or clean(r["anonymous_id"]) in browsers} - {None}
    submissions = {clean(r["submission_id"]) for r in forms
                   if (r["email"] or "").strip().lower() in keys or clean(r["anonymous_id"]) in browsers} - {None}
    page_views = [r for r in read_csv(raw / "web_page_views.csv") if clean(r["anonymous_id"]) in browsers]
    events = {clean(r["event_id"]) for r in page_views} - {None}
    click_ids = {clean(r["click_id"]) for r in page_views + [f for f in forms if clean(f["submission_id"])
                                                               in submissions]} - {None}
    clicks = {clean(r["click_id"]) for r in read_csv(raw / "ad_clicks.csv")
              if clean(r["anonymous_id"]) in browsers or clean(r["click_id"]) in click_ids} - {None}
    activities = {clean(r["activity_id"]) for r in read_csv(raw / "crm_activities.csv")
                  if clean(r["contact_id"]) in contacts} - {None}
    deals = {clean(r["deal_id"]) for r in read_csv(raw / "crm_deals.csv")
             if clean(r["primary_contact_id"]) in contacts} - {None}
    email_rows = read_csv(raw / "email_events.csv") if (raw / "email_events.csv").exists() else []
    email_events = {clean(r["event_id"]) for r in email_rows
                    if (r["email"] or "").strip().lower() in keys or clean(r["contact_id"]) in contacts} - {None}
    ids = contacts | browsers | submissions | identifies | events | clicks | activities | email_events
    texts = keys | {hmac.new(key.encode(), k.encode(), hashlib.sha256).hexdigest() for k in keys}
    texts |= {name.lower() for _, _, first, last in PLANTED_PEOPLE for name in (first, last)}
    return dict(ids=ids, texts=texts, contacts=contacts, browsers=browsers, events=events, clicks=clicks,
                activities=activities, deals=deals, identifies=identifies, email_events=email_events)


def match_sql(expr: str, needles: dict) -> str:
    """SQL: true when the text of `expr` holds one of the ids (as a whole
    token, e.g. inside `session:<browser>:1`) or one of the texts."""
    v = f"lower(cast({expr} as varchar))"
    ids = "|".join(re.escape(i.lower()) for i in sorted(needles["ids"]))
    id_pattern = f"(^|[^0-9a-z-])({ids})($|[^0-9a-z-])".replace("'", "''")
    texts = " or ".join(f"contains({v}, '{t}')" for t in sorted(needles["texts"]))
    return f"coalesce(regexp_matches({v}, '{id_pattern}') or {texts}, false)"


def leftovers(db: Path, needles: dict, skip_schemas=("raw",)) -> list[str]:
    """`schema.table.column: N rows` for every column of every relation
    (tables and views) holding something of the forgotten people. Names of
    relations and columns only, never values."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        relations = con.sql("""
            select table_schema, table_name from information_schema.tables
            where table_catalog = current_database() order by 1, 2""").fetchall()
        hits = []
        for schema, table in relations:
            if schema in skip_schemas:
                continue
            columns = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_catalog = current_database() "
                "and table_schema = ? and table_name = ? order by ordinal_position", [schema, table]).fetchall()]
            counts = ", ".join(f'count(*) filter (where {match_sql(chr(34) + c + chr(34), needles)})'
                               for c in columns)
            found = con.sql(f'select {counts} from "{schema}"."{table}"').fetchall()[0]
            hits += [f"{schema}.{table}.{c}: {n} rows" for c, n in zip(columns, found) if n]
        return hits
    finally:
        con.close()


# Scores ranked over the whole population (RFM quintiles): forgetting people
# changes the population, so other people's ranks may move by design.
POPULATION_RELATIVE = {"rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score", "rfm_segment"}


def compare(before: Path, after: Path, schema: str, table: str, needles: dict) -> tuple[int, int, int]:
    """(rows removed that are theirs, rows removed that are not, rows added or
    changed), over every column but the population-relative ones."""
    con = duckdb.connect()
    try:
        con.sql(f"attach '{before}' as b (read_only)")
        con.sql(f"attach '{after}' as a (read_only)")
        columns = ", ".join(f'"{c}"' for (c,) in con.execute(
            "select column_name from information_schema.columns where table_catalog = 'b' and table_schema = ? "
            "and table_name = ? order by ordinal_position", [schema, table]).fetchall()
            if c not in POPULATION_RELATIVE)
        removed = (f'(select {columns} from b."{schema}"."{table}" '
                   f'except all select {columns} from a."{schema}"."{table}")')
        added = (f'(select {columns} from a."{schema}"."{table}" '
                 f'except all select {columns} from b."{schema}"."{table}")')
        theirs, others = con.sql(
            f"select count(*) filter (where m), count(*) filter (where not m) from "
            f"(select {match_sql('removed', needles)} as m from {removed} as removed)").fetchall()[0]
        changed = con.sql(f"select count(*) from {added}").fetchall()[0][0]
        return theirs, others, changed
    finally:
        con.close()


def relations_of(db: Path, schema: str) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = current_database() "
            "and table_schema = ? order by 1", [schema]).fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory, small_raw_dir) -> dict:
    work = tmp_path_factory.mktemp("privacy_deletions")
    raw = work / "raw"
    shutil.copytree(small_raw_dir, raw)
    plant_people(raw)
    key = "fgkey-" + secrets.token_hex(16)
    # every dbt line (the wrapper shortens a log otherwise): the test reads them
    env = env_for(work, raw, EMAIL_HASH_KEY=key, DBT_RUN_VERBOSE=1)
    timings = {}

    started = time.monotonic()
    first = run(wrapper_cmd("build"), env)
    timings["first build"] = time.monotonic() - started
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
    before = work / "before.duckdb"
    shutil.copy(work / "dev.duckdb", before)
    shutil.copy(work / "published" / PUBLISHED_NAME, work / "published_before.duckdb")

    generated = pick_generated_person(before)
    generated_email = [r["email"] for r in read_csv(raw / "crm_contacts.csv")
                       if clean(r["contact_id"]) == generated][0]
    emails = [e for _, e, _, _ in PLANTED_PEOPLE] + [generated_email]
    with open(raw / "privacy_deletions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["email", "requested_at"])
        for e in emails:
            w.writerow([f"  {e.upper()} ", "2026-11-02T09:00:00Z"])
    needles = needles_of(raw, emails, key)

    started = time.monotonic()
    second = run(wrapper_cmd("build"), env)
    timings["incremental build with deletions"] = time.monotonic() - started
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-2000:]

    full = work / "full"
    full.mkdir()
    started = time.monotonic()
    fresh = run(wrapper_cmd("build", "--exclude-resource-type", "test", "unit_test", publish=False),
                env_for(full, raw, EMAIL_HASH_KEY=key))
    timings["fresh full build"] = time.monotonic() - started
    assert fresh.returncode == 0, fresh.stdout[-4000:] + fresh.stderr[-2000:]
    return dict(work=work, raw=raw, key=key, before=before, after=work / "dev.duckdb", full=full / "dev.duckdb",
                published=work / "published" / PUBLISHED_NAME, generated=generated, needles=needles,
                timings=timings, output=second.stdout)


def test_the_forgotten_people_were_there_before(forgotten):
    """Else the other tests would pass vacuously: before the deletion every
    kind of their rows is in the build, incremental tables included."""
    n = forgotten["needles"]
    # three people, one of them also under a merged-away record
    assert len(n["contacts"]) == 4 and len(n["browsers"]) >= 4 and n["deals"] and n["clicks"] and n["activities"]
    before = leftovers(forgotten["before"], n)
    for relation in ["staging.stg_crm__contacts.contact_id", "marts.dim_contacts.contact_id",
                     "marts.dim_contacts.email_hash", "marts.fct_deals", "staging.base_crm__contacts.first_name",
                     *[f"{s}.{t}.anonymous_id" for s, t in INCREMENTAL]]:
        assert any(h.startswith(relation) for h in before), f"nothing of theirs in {relation} before the deletion"
    con = duckdb.connect(str(forgotten["before"]), read_only=True)
    try:
        sessions = con.sql("select count(*) from intermediate.int_sessions_aggregated s inner join "
                           "intermediate.int_browsers_identified b on s.anonymous_id = b.anonymous_id "
                           "where b.contact_id = ?", params=[forgotten["generated"]]).fetchall()[0][0]
        assert sessions > 0
        lonely = con.sql(f"select count(*), count(distinct anonymous_id) from intermediate.int_sessions_aggregated "
                         f"where started_date = date '{LONELY_DAY}'").fetchall()[0]
        assert lonely == (1, 1), "the lonely day should hold exactly one session, of a forgotten browser"
    finally:
        con.close()


def test_nothing_of_theirs_left_in_any_relation_outside_raw(forgotten):
    hits = leftovers(forgotten["after"], forgotten["needles"])
    assert not hits, "left after the deletion:\n" + "\n".join(hits)
    # the incremental models ran incrementally (not rebuilt from scratch)
    for _, table in INCREMENTAL:
        assert re.search(rf"OK created sql incremental model \w+\.{table}", forgotten["output"]), table
    print(f"\ntimings: " + ", ".join(f"{k} {v:.0f}s" for k, v in forgotten["timings"].items()))


def test_nothing_of_theirs_in_the_published_file(forgotten):
    published = forgotten["published"]
    hits = leftovers(published, forgotten["needles"])
    assert not hits, "\n".join(hits)
    data = published.read_bytes()
    assert not [t for t in forgotten["needles"]["texts"] if t.encode() in data]
    assert leftovers(forgotten["work"] / "published_before.duckdb", forgotten["needles"]), \
        "the published file before the deletion should hold them"


def test_their_rows_are_counted_as_forgotten(forgotten):
    con = duckdb.connect(str(forgotten["after"]), read_only=True)
    try:
        counts = dict(con.sql("select source_table, forgotten_row_count from staging.stg_audit__forgotten_rows"
                              ).fetchall())
    finally:
        con.close()
    n = forgotten["needles"]
    assert counts["crm_contacts"] >= len(n["contacts"])
    assert counts["web_page_views"] >= len(n["events"])
    assert counts["ad_clicks"] >= len(n["clicks"])
    assert counts["crm_activities"] >= len(n["activities"])
    assert counts["web_form_submissions"] >= 3
    assert counts["web_identifies"] >= len(n["identifies"]) >= 1
    # two of each planted person, and the merged record's two of the first
    assert counts["email_events"] >= len(n["email_events"]) >= 6
    assert counts["crm_deals"] == 0 and counts["crm_accounts"] == 0


def test_their_deals_stay_without_them(forgotten):
    deals = sorted(forgotten["needles"]["deals"])
    con = duckdb.connect(str(forgotten["after"]), read_only=True)
    try:
        staged = con.execute(f"select deal_id, account_id, primary_contact_id, deal_name from staging.stg_crm__deals "
                             f"where deal_id in ({', '.join('?' for _ in deals)})", deals).fetchall()
        marts = con.execute(f"select count(*) from marts.fct_deals where deal_id in "
                            f"({', '.join('?' for _ in deals)})", deals).fetchall()[0][0]
    finally:
        con.close()
    assert len(staged) == len(deals) and marts == len(deals)
    assert all(account and contact is None and name is None for _, account, contact, name in staged)


@pytest.mark.parametrize("schema", ["staging", "intermediate_incremental", "dim_contacts"])
def test_other_peoples_rows_unchanged(forgotten, schema):
    if schema == "staging":
        tables = [("staging", t) for t in relations_of(forgotten["before"], "staging")
                  if t not in ("stg_audit__forgotten_rows", "stg_audit__raw_row_counts")]
    elif schema == "intermediate_incremental":
        tables = [x for x in INCREMENTAL if x[0] == "intermediate"]
    else:
        tables = [("marts", "dim_contacts")]
    deal_tables = {"base_crm__deals", "stg_crm__deals"}
    problems = []
    for s, t in tables:
        theirs, others, changed = compare(forgotten["before"], forgotten["after"], s, t, forgotten["needles"])
        expected_changed = len(forgotten["needles"]["deals"]) if t in deal_tables else 0
        if others or changed != expected_changed:
            problems.append(f"{s}.{t}: removed {theirs} of theirs, {others} of others; {changed} rows added or "
                            f"changed (expected {expected_changed})")
    assert not problems, "\n".join(problems)


def test_incremental_result_equals_a_fresh_full_build(forgotten):
    import test_incremental

    for schema, table in INCREMENTAL:
        got = test_incremental.table_digests(forgotten["after"], schema, [table])
        want = test_incremental.table_digests(forgotten["full"], schema, [table])
        assert got == want, f"{schema}.{table} differs from a full build"
    assert marts_digests(forgotten["after"]) == marts_digests(forgotten["full"])


def test_a_planted_leftover_is_found(forgotten, tmp_path):
    """The check can fail: a browser id inside a composite key, in a copy of
    the database, and a keyed email hash in a copy of the published file."""
    db = tmp_path / "leftover.duckdb"
    shutil.copy(forgotten["after"], db)
    browser = sorted(forgotten["needles"]["browsers"])[0]
    con = duckdb.connect(str(db))
    con.execute("create table intermediate.leftover as select ? as session_id", [f"session:{browser}:3"])
    con.close()
    assert leftovers(db, forgotten["needles"]) == ["intermediate.leftover.session_id: 1 rows"]

    published = tmp_path / "published.duckdb"
    shutil.copy(forgotten["published"], published)
    email_hash = [t for t in forgotten["needles"]["texts"] if re.fullmatch(r"[0-9a-f]{64}", t)][0]
    con = duckdb.connect(str(published))
    con.execute("create table marts.leftover as select ? as email_hash", [email_hash])
    con.close()
    assert leftovers(published, forgotten["needles"]) == ["marts.leftover.email_hash: 1 rows"]


def test_their_emails_and_names_never_in_target_or_logs(forgotten):
    """The deletion list is read by SQL at run time: its emails (and the
    people's names and hashes) are in no compiled SQL, artifact or log."""
    texts = [t.encode() for t in forgotten["needles"]["texts"]]
    hits = []
    for folder in ("target", "logs"):
        files = [f for f in (forgotten["work"] / folder).rglob("*") if f.is_file()]
        assert files, folder
        for f in files:
            data = f.read_bytes().lower()
            hits += [f"{f.relative_to(forgotten['work'])}" for t in texts if t in data]
    assert not hits, hits
