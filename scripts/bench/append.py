"""One more day of raw data (`append_day`): what an incremental build reads
the day after a full build, with the rows it can get wrong."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import DEFAULT_MEMORY_LIMIT, RAW_TABLES
from bench.data import find_raw_file, read_sql

# Tables the appended day only adds rows to: read in place from the raw file
# (a view `<table>` over the file and the added rows), never loaded into the
# scratch database. At size L, loading them took the scratch file to about
# 20 GB beside the build's database; the other tables are small, and the
# account merge updates a row of crm_accounts.
APPEND_ONLY_TABLES = ("web_page_views", "ad_clicks", "web_form_submissions", "email_events")

# a raw timestamp column as a UTC timestamp, and a timestamp as the raw files write it
TS = "cast(timezone('UTC', try_cast(trim({c}) as timestamptz)) as timestamp)"
ISO = "strftime({e}, '%Y-%m-%dT%H:%M:%SZ')"
PV_TS, CLICK_TS, FORM_TS = TS.format(c="viewed_at"), TS.format(c="clicked_at"), TS.format(c="submitted_at")
EMAIL_TS = TS.format(c="occurred_at")
DAY = dt.timedelta(days=1)


def append_day(src: Path, dst: Path, lookback_days: int | None = 3, very_late: bool = True) -> dict:
    """Writes `dst`: the raw files of `src` plus one more day of data.

    The day after the data's as-of time T (its latest page view) gets a copy
    of the last day's page views, ad clicks, form submissions and (when the
    optional file is there) email events moved one day on (new ids, the
    same browsers and recipients: returning visitors). On top of that,
    rows an incremental build must get right, each counted in `cases`:
    - `late_new_session`: a late page view two days back (else the latest
      such gap of the week before), in a long gap of a browser that has later
      sessions (they are all renumbered);
    - `late_bridge`: a late page view joining two sessions of a browser that
      are 31 to 59 minutes apart, when the last days hold such a pair;
    - `late_boundary`: a late page view in a session that spans the
      incremental window's first midnight (`window_start`). With
      `lookback_days=None` the window is chosen for it: the latest midnight
      at least two days back that a human session spans (small datasets have
      few); the lookback to use is returned;
    - `exact_copy_new`, `exact_copy_click`: byte-identical copies of a page
      view and an ad click of the last day;
    - `conflicting_version`: a second version of a 200-day-old page view
      (same event_id, other URL) dated in the window: rejected, the old one
      stays;
    - with `very_late` (the test; the benchmark leaves these out, they are
      not a typical day): `late_old` a page view 200 days back (older than
      the window) and `exact_copy_old` a copy of a 200-day-old page view;
    - `identifying_form`: a form submission on the new day from a browser
      never identified before, with an existing contact's email (identity is
      retroactive: its past sessions become that contact's);
    - `account_merge`: a live account with contacts merged into another (CRM
      exports are snapshots: its row changes).
    Files keep their format (CSV or Parquet).
    """
    import duckdb

    dst.mkdir(parents=True, exist_ok=True)
    # a scratch database file under DuckDB's memory limit, not an in-memory
    # one: holding M's raw tables in memory took this process to 10.9 GiB
    scratch = Path(tempfile.mkdtemp(prefix=".append-day-", dir=dst.parent))
    con = duckdb.connect(str(scratch / "append.duckdb"))
    con.execute(f"set memory_limit = '{os.environ.get('DUCKDB_MEMORY_LIMIT', DEFAULT_MEMORY_LIMIT)}'")
    con.execute(f"set temp_directory = '{scratch / 'tmp'}'")
    con.execute("set TimeZone = 'UTC'")
    try:
        return _append_day(con, src, dst, lookback_days, very_late)
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


@dataclass
class _Day:
    """The scratch database holding the source's tables, its as-of time T and
    the rows added so far, per case."""
    con: object
    as_of: dt.datetime
    cases: dict[str, int] = field(default_factory=dict)

    @property
    def stamp(self) -> str:
        return (self.as_of + DAY).strftime("%Y%m%d")

    @property
    def last_day(self) -> str:
        return f"between timestamp '{self.as_of - DAY}' and timestamp '{self.as_of}'"

    @property
    def old_day(self) -> str:
        old = self.as_of - 200 * DAY
        return f"between timestamp '{old}' and timestamp '{old + DAY}'"

    def has(self, table: str) -> bool:
        """Whether the source holds the table (an optional file may be missing)."""
        return self.con.execute("select count(*) from information_schema.tables where table_name = ?",
                                [table]).fetchone()[0] > 0

    def add(self, case: str, table: str, select_sql: str) -> None:
        """Inserts the rows of a select, counting them under `case`."""
        into = f"{table}__added" if table in APPEND_ONLY_TABLES else table
        before = self.con.execute(f"select count(*) from {into}").fetchone()[0]
        self.con.execute(f"insert into {into} by name {select_sql}")
        after = self.con.execute(f"select count(*) from {into}").fetchone()[0]
        self.cases[case] = self.cases.get(case, 0) + after - before

    def late_view(self, case: str, where: str, at: str) -> None:
        """A late page view at `at` in the latest gap of pv_gaps matching `where`."""
        self.add(case, "web_page_views", f"""
            select 'late-{case}-{self.stamp}-' || anonymous_id as event_id, anonymous_id,
                {ISO.format(e=at)} as viewed_at, page_url, user_agent
            from pv_gaps where {where}
            order by viewed desc, anonymous_id limit 1""")


def _append_day(con, src: Path, dst: Path, lookback_days: int | None, very_late: bool) -> dict:
    """append_day on an open scratch database. The order of the steps is
    kept: later ones read the rows earlier ones added (pv_gaps holds the
    next day's page views)."""
    fmt = _open_tables(con, src)
    as_of = con.execute(f"select max({PV_TS}) from web_page_views").fetchone()[0]
    day = _Day(con, as_of)
    _add_next_day(day)
    _create_gaps(day, lookback_days)
    _add_late_sessions(day)
    if lookback_days is None:
        lookback_days = _lookback_for_a_boundary(day)
    # the incremental models reprocess from midnight `lookback_days` before
    # the date of their latest row (the old as-of time)
    window_start = dt.datetime.combine(as_of.date() - dt.timedelta(days=lookback_days), dt.time())
    day.late_view("late_boundary", f"viewed < timestamp '{window_start}' and next_viewed >= timestamp '{window_start}' "
                  "and next_viewed - viewed <= interval 30 minute",
                  "next_viewed + interval 59 second")
    _add_copies(day, very_late)
    _add_identifying_form(day)
    _merge_accounts(day)
    _write_tables(con, src, dst, fmt)
    result = {"as_of": as_of.isoformat(), "new_as_of": (as_of + DAY).isoformat(),
              "lookback_days": lookback_days, "window_start": window_start.isoformat(), "cases": day.cases}
    _write_summary(src, dst, result, as_of)
    return result


def _open_tables(con, src: Path) -> str:
    """Opens every raw table of `src` in the scratch database; returns the
    files' format (csv or parquet)."""
    fmt = find_raw_file(src, "web_page_views").suffix.lstrip(".")
    for table in RAW_TABLES:
        path = find_raw_file(src, table)
        if path is None:
            continue
        if table in APPEND_ONLY_TABLES:
            con.execute(f"create view {table}__file as select * from {read_sql(path)}")
            con.execute(f"create table {table}__added as select * from {table}__file limit 0")
            con.execute(f"create view {table} as select * from {table}__file "
                        f"union all by name select * from {table}__added")
        else:
            con.execute(f"create table {table} as select * from {read_sql(path)}")
    return fmt


def _add_next_day(day: _Day) -> None:
    """The last day again, one day on."""
    day.add("next_day_page_views", "web_page_views", f"""
        select * replace (event_id || '-next' as event_id,
                          {ISO.format(e=PV_TS + " + interval 1 day")} as viewed_at)
        from web_page_views where {PV_TS} {day.last_day}""")
    day.add("next_day_clicks", "ad_clicks", f"""
        select * replace (click_id || '-next' as click_id,
                          {ISO.format(e=CLICK_TS + " + interval 1 day")} as clicked_at)
        from ad_clicks where {CLICK_TS} {day.last_day}""")
    day.add("next_day_forms", "web_form_submissions", f"""
        select * replace (submission_id || '-next' as submission_id,
                          {ISO.format(e=FORM_TS + " + interval 1 day")} as submitted_at)
        from web_form_submissions where {FORM_TS} {day.last_day}""")
    if day.has("email_events"):
        day.add("next_day_email_events", "email_events", f"""
            select * replace (event_id || '-next' as event_id,
                              {ISO.format(e=EMAIL_TS + " + interval 1 day")} as occurred_at)
            from email_events where {EMAIL_TS} {day.last_day}""")


def _create_gaps(day: _Day, lookback_days: int | None) -> None:
    """pv_gaps: human page views of each browser with the next one. With a
    given lookback, only from the oldest day a case below looks at (200 days
    back, or the window's first midnight): a page view's next one is later,
    so every gap from then on is exact, and the window sorts a fraction of a
    large export. Without one, the window is chosen among every midnight a
    session spans (small datasets have few)."""
    as_of = day.as_of
    if lookback_days is None:
        since = "timestamp '1900-01-01'"
    else:
        oldest = min(as_of - 201 * DAY, dt.datetime.combine(as_of.date(), dt.time()) - (lookback_days + 1) * DAY)
        since = f"timestamp '{oldest}'"
    day.con.execute(f"""
        create temp table pv_gaps as
        select anonymous_id, user_agent, page_url, viewed, next_viewed
        from (
            select anonymous_id, user_agent, page_url, {PV_TS} as viewed,
                lead({PV_TS}) over (partition by anonymous_id order by {PV_TS}, event_id) as next_viewed
            from web_page_views
            where {PV_TS} >= {since} and anonymous_id is not null
                and user_agent like 'Mozilla/%' and lower(user_agent) not like '%bot%'
        ) as ordered
        where next_viewed is not null""")


def _add_late_sessions(day: _Day) -> None:
    """A late page view opening a new session, and one bridging two."""
    as_of = day.as_of
    recent = f"viewed between timestamp '{as_of - 3 * DAY}' and timestamp '{as_of - 2 * DAY}'"
    # a small dataset may have no browser back after a visit two days before
    # its end (the demo data no longer piles its last visits up at the end)
    day.late_view("late_new_session",
                  f"viewed between timestamp '{as_of - 7 * DAY}' and timestamp '{as_of - 2 * DAY}' "
                  "and next_viewed - viewed > interval 2 hour",
                  "viewed + interval 45 minute")
    day.late_view("late_bridge",
                  f"{recent} and next_viewed - viewed between interval 31 minute and interval 59 minute",
                  "viewed + (next_viewed - viewed) / 2")


def _lookback_for_a_boundary(day: _Day) -> int:
    """The lookback whose window starts at the latest midnight at least two
    days back that a human session spans (3 when none does)."""
    crossing = day.con.execute(f"""
        select max(cast(next_viewed as date)) from pv_gaps
        where cast(viewed as date) < cast(next_viewed as date)
            and next_viewed - viewed <= interval 30 minute
            and next_viewed < timestamp '{day.as_of - 2 * DAY}'""").fetchone()[0]
    return (day.as_of.date() - crossing).days if crossing else 3


def _add_copies(day: _Day, very_late: bool) -> None:
    """Exact copies, a conflicting version and (very_late) rows older than the window."""
    if very_late:
        day.late_view("late_old", f"viewed {day.old_day} and next_viewed - viewed > interval 3 hour",
                      "viewed + interval 1 hour")
        day.add("exact_copy_old", "web_page_views",
                f"select * from web_page_views where {PV_TS} {day.old_day} order by event_id limit 1")

    day.add("exact_copy_new", "web_page_views",
            f"select * from web_page_views where {PV_TS} {day.last_day} order by event_id limit 1")
    day.add("exact_copy_click", "ad_clicks",
            f"select * from ad_clicks where {CLICK_TS} {day.last_day} order by click_id limit 1")
    day.add("conflicting_version", "web_page_views", f"""
        select * replace ({ISO.format(e=f"timestamp '{day.as_of - DAY}'")} as viewed_at,
                          page_url || '?conflicting=1' as page_url)
        from web_page_views where {PV_TS} {day.old_day} and trim(event_id) != ''
        order by event_id desc limit 1""")


def _add_identifying_form(day: _Day) -> None:
    """A form identifying an old, never identified browser as an existing contact."""
    as_of = day.as_of
    day.add("identifying_form", "web_form_submissions", f"""
        select 'late-identify-{day.stamp}' as submission_id,
            {ISO.format(e=f"timestamp '{as_of + DAY / 2}'")} as submitted_at,
            'contact_us' as form_name,
            browser.anonymous_id,
            contact.email,
            'Returning Visitor' as full_name,
            contact.phone,
            'Returning Co' as company_name,
            contact.job_title,
            'Please call me back about pricing.' as message,
            'true' as consent
        from (
            -- among the browsers seen 30 to 90 days before the as-of time (at
            -- size L, grouping every browser ran out of the memory limit)
            select anonymous_id from web_page_views
            where anonymous_id in (
                    select anonymous_id from web_page_views
                    where {PV_TS} between timestamp '{as_of - 90 * DAY}' and timestamp '{as_of - 30 * DAY}'
                )
                and anonymous_id not in (select anonymous_id from web_form_submissions where anonymous_id is not null)
            group by anonymous_id
            having count(*) >= 3 and max({PV_TS}) < timestamp '{as_of - 30 * DAY}'
            order by anonymous_id limit 1
        ) as browser
        cross join (
            select email, phone, job_title from crm_contacts
            where email like '%@%' and coalesce(lower(trim(is_deleted)), 'false') in ('false', 'f', '0', 'no')
            order by contact_id limit 1
        ) as contact""")


def _merge_accounts(day: _Day) -> None:
    """A new merge: a live, unmerged account with contacts merges into another."""
    merged = day.con.execute("""
        with live as (
            select account_id from crm_accounts
            where merged_into_account_id is null
                and coalesce(lower(trim(is_deleted)), 'false') in ('false', 'f', '0', 'no')
        ),
        with_contacts as (
            select live.account_id, count(*) as contacts
            from live inner join crm_contacts on trim(crm_contacts.account_id) = trim(live.account_id)
            group by live.account_id
        )
        select account_id from with_contacts order by contacts desc, account_id limit 2""").fetchall()
    if len(merged) == 2:
        day.con.execute(f"update crm_accounts set merged_into_account_id = '{merged[0][0]}' "
                        f"where account_id = '{merged[1][0]}'")
        day.cases["account_merge"] = 1


def _write_tables(con, src: Path, dst: Path, fmt: str) -> None:
    """Writes every table of `src`, with the added rows, into `dst`."""
    for table in RAW_TABLES:
        path = find_raw_file(src, table)
        if path is None:
            continue
        out = dst / f"{table}.{fmt}"
        options = "(format csv, header true)" if fmt == "csv" else "(format parquet, compression zstd)"
        if fmt == "parquet" and table in APPEND_ONLY_TABLES:
            # as a daily export would land: the table becomes a folder of
            # part files, the data it had (hard-linked, not copied: at size L
            # a copy of the page views is 7 GB) and one part with the day
            out.mkdir()
            parts = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
            for number, part in enumerate(parts):
                _link_or_copy(part, out / f"part-{number:05d}.parquet")
            con.execute(f"copy {table}__added to '{out / f'part-{len(parts):05d}.parquet'}' {options}")
        else:
            con.execute(f"copy {table} to '{out}' {options}")


def _write_summary(src: Path, dst: Path, result: dict, as_of: dt.datetime) -> None:
    """The generator's summary of `src`, its as-of time one day on, with the appended day."""
    summary = src / "_generation_summary.json"
    if summary.exists():
        data = json.loads(summary.read_text())
        # the as-of time of the data the day was appended to (the clock of
        # its full build; --appended-dir reads it back)
        data["appended_day"] = {**result, "source_as_of": data["as_of"]}
        data["as_of"] = (as_of + DAY).strftime("%Y-%m-%dT%H:%M:%SZ")
        (dst / "_generation_summary.json").write_text(json.dumps(data, indent=2) + "\n")
