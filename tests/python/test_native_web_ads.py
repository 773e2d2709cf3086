"""The site read as Segment lands it (var web_source = segment) and the ad
platforms as Fivetran lands them (var ad_platforms) give the marts the
contract files give, wherever the native tables carry the same information.

The small demo (scale 0.02) is generated with --native segment --native ads:
the same company as the contract's web and ad files, as Segment tables in
<out>/segment/ and as Google Ads, LinkedIn Ads and Meta Ads tables, with the
ad files of a native setup beside them (<out>/files_beside_native_ads/: only
Microsoft Ads, which has no native shape, stays in the files). It is built
from the files (once per session, shared with the native CRM tests) and from
the native tables (with the CRM files), and compared. Every difference is
asserted here and tabulated in docs/native-segment.md and
docs/native-ad-platforms.md:

- spend, impressions and clicks per platform and campaign over the whole
  period are equal; the Meta account that reports in Los Angeles time moves
  part of each day's figures to the day before, so its monthly spend moves
  across month boundaries;
- LinkedIn and Meta land no clicks one by one: their paid visits are
  sessions carrying the click id, not ad-click touches; Google's click
  report has the date only, so its clicks are at midnight;
- server-side pages without an anonymous id are rejected as
  missing_anonymous_id; Segment's retried deliveries are one page view;
- the form track event has no form-tool origin label.

Bad native input gets the same clear error or reasoned reject as a file.
"""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from conftest import run_dbt
from native_compare import accounted_rows, attach_builds, data_gaps, demo_raw, files_build, landed_rows, relation

PLATFORMS = ["google_ads", "linkedin_ads", "meta_ads"]
WEB_ADS_VARS = "{web_source: segment, ad_platforms: [google_ads, linkedin_ads, meta_ads]}"


def native_env(raw) -> dict:
    return {"SEGMENT_DATA_DIR": str(raw / "segment"),
            **{f"{p.upper()}_DATA_DIR": str(raw / p) for p in PLATFORMS}}


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    return demo_raw(tmp_path_factory)


@pytest.fixture(scope="module")
def builds(tmp_path_factory, raw):
    """The demo built from the files (shared) and from Segment and the three ad platforms."""
    native = tmp_path_factory.mktemp("native_web_ads")
    run_dbt(["build", "--exclude-resource-type", "unit_test", "--vars", WEB_ADS_VARS],
            raw / "files_beside_native_ads", native, extra_env=native_env(raw), check=True)
    con = attach_builds(files_build(tmp_path_factory), native)
    con.execute(f"create view pages as select * from read_parquet('{raw / 'segment' / 'pages.parquet'}')")
    yield con
    con.close()


def totals(con, db: str, sql: str, *tables: str) -> list[tuple]:
    return sorted(con.execute(sql.format(*(relation(con, db, t) for t in tables))).fetchall())


def test_spend_impressions_clicks_equal_per_platform_and_campaign(builds):
    """In each platform's own currency, over the whole period."""
    sql = ("select platform, campaign_id, currency, sum(spend), sum(impressions), sum(clicks) "
           "from {} group by all")
    files = totals(builds, "f", sql, "stg_ads__performance_daily")
    native = totals(builds, "n", sql, "stg_ads__performance_daily")
    assert {row[0] for row in files} == set(PLATFORMS) | {"microsoft_ads"}
    assert native == files


def test_marts_spend_equal_but_for_the_meta_time_zone(builds):
    sql = ("select platform, campaign_id, round(sum(spend), 2), sum(impressions), sum(clicks) "
           "from {} group by all")
    files = totals(builds, "f", sql, "rpt_campaign_metrics_monthly")
    native = totals(builds, "n", sql, "rpt_campaign_metrics_monthly")
    assert [r for r in native if r[0] != "meta_ads"] == [r for r in files if r[0] != "meta_ads"]
    # impressions and clicks add up whatever the month; converted spend moves
    # with the month's rate
    assert [r[:2] + r[3:] for r in native if r[0] == "meta_ads"] == \
        [r[:2] + r[3:] for r in files if r[0] == "meta_ads"]


def test_meta_time_zone_moves_spend_across_months(builds):
    sql = "select campaign_id, month, round(sum(spend), 2) from {} where platform = 'meta_ads' group by all"
    files = totals(builds, "f", sql, "rpt_campaign_metrics_monthly")
    native = totals(builds, "n", sql, "rpt_campaign_metrics_monthly")
    assert files != native
    other = ("select platform, month, round(sum(spend), 2) from {} "
             "where platform in ('google_ads', 'linkedin_ads', 'microsoft_ads') group by all")
    assert totals(builds, "n", other, "rpt_campaign_metrics_monthly") == \
        totals(builds, "f", other, "rpt_campaign_metrics_monthly")


def test_no_linkedin_or_meta_clicks_and_google_clicks_at_midnight(builds):
    sql = "select platform, count(*) from {} group by all"
    files = dict(totals(builds, "f", sql, "stg_ads__clicks"))
    native = dict(totals(builds, "n", sql, "stg_ads__clicks"))
    assert files["linkedin_ads"] > 0 and files["meta_ads"] > 0
    assert "linkedin_ads" not in native and "meta_ads" not in native
    assert native["google_ads"] == files["google_ads"]
    assert native["microsoft_ads"] == files["microsoft_ads"]
    n = relation(builds, "n", "stg_ads__clicks")
    assert builds.execute(f"select count(*) from {n} where platform = 'google_ads' "
                          "and cast(clicked_at as time) != time '00:00:00'").fetchone()[0] == 0


def test_google_clicks_take_the_time_of_their_first_page_view(builds):
    """D10: a Google click (a day, natively) takes the time of the earliest
    page view carrying its click id, when near its day; else midnight."""
    linked, views = relation(builds, "n", "int_ad_clicks_linked"), relation(builds, "n", "int_page_views_sessionized")
    timed, midnight, wrong = builds.execute(f"""
        with first_view as (select click_id, min(viewed_at) as viewed_at from {views} group by click_id)
        select
            count(*) filter (where cast(c.clicked_at as time) != time '00:00:00'),
            count(*) filter (where cast(c.clicked_at as time) = time '00:00:00'),
            count(*) filter (where c.clicked_at is distinct from coalesce(
                case when v.viewed_at >= cast(c.clicked_at as date) - interval 1 day
                    and v.viewed_at < cast(c.clicked_at as date) + interval 2 day then v.viewed_at end,
                cast(cast(c.clicked_at as date) as timestamp)))
        from {linked} as c left join first_view as v using (click_id)
        where c.platform = 'google_ads'""").fetchone()
    assert timed > 0 and midnight >= 0 and wrong == 0


def test_page_views_equal_but_server_side_pages(builds):
    """Every page view of the files is staged natively (of an id the files
    hold twice with different values, the version kept may differ: the raw
    text differs), and the server-side pages (no anonymous id) are rejected
    with the file's reason."""
    f, n = relation(builds, "f", "stg_web__page_views"), relation(builds, "n", "stg_web__page_views")
    rejected_f = relation(builds, "f", "stg_audit__rejected_rows")
    rejected_n = relation(builds, "n", "stg_audit__rejected_rows")
    twice = (f"select record_key from {rejected_f} where source_table = 'web_page_views' "
             "and reject_reason = 'conflicting_duplicate_event_id'")
    columns = "event_id, anonymous_id, viewed_at, page_url, referrer_url, utm_source, utm_medium, utm_campaign"
    for one, two in ((f, n), (n, f)):
        assert builds.execute(f"select count(*) from (select {columns} from {one} where event_id not in ({twice}) "
                              f"except all select {columns} from {two})").fetchone()[0] == 0
    server_side = builds.execute("select count(distinct id) from pages where anonymous_id is null").fetchone()[0]
    assert server_side > 0
    assert builds.execute(f"select count(*) from {rejected_n} where source_table = 'web_page_views' "
                          "and reject_reason = 'missing_anonymous_id'").fetchone()[0] == server_side


def test_sessions_visitors_and_identified_touches_equal(builds):
    """Sessions, visitors, identified browsers and the page views that belong
    to a contact are the web's: the same from Segment as from files. A
    LinkedIn or Meta paid visit of a contact is a session natively (no
    reported click), an ad-click touch merged with its session from files."""
    sessions = "select count(*), count(distinct anonymous_id) from {}"
    assert totals(builds, "n", sessions, "int_sessions_aggregated") == \
        totals(builds, "f", sessions, "int_sessions_aggregated")
    identified = ("select resolved_by, count(*) from {} where resolved_by != 'unresolved' group by all")
    assert totals(builds, "n", identified, "int_browsers_identified") == \
        totals(builds, "f", identified, "int_browsers_identified")
    page_views = ("select sum(session_page_views) from {} where contact_id is not null "
                  "and touch_type in ('session', 'ad_click')")
    assert totals(builds, "n", page_views, "fct_touchpoints") == totals(builds, "f", page_views, "fct_touchpoints")
    visits = ("select count(*) from {} where contact_id is not null and (touch_type = 'session' "
              "or (touch_type = 'ad_click' and platform in ('linkedin_ads', 'meta_ads') and is_click_session_merged))")
    assert totals(builds, "n", visits, "fct_touchpoints") == totals(builds, "f", visits, "fct_touchpoints")


def test_ad_click_touches_only_google_and_microsoft(builds):
    sql = "select platform, count(*) from {} where touch_type = 'ad_click' group by all"
    native = dict(totals(builds, "n", sql, "fct_touchpoints"))
    assert set(native) <= {"google_ads", "microsoft_ads"}
    assert set(dict(totals(builds, "f", sql, "fct_touchpoints"))) >= {"linkedin_ads", "meta_ads"}


def test_forms_equal_but_origin_and_slugs(builds):
    """The same submissions; form names arrive as slugs (`contact us (old)`
    is `contact_us_old`); no form-tool origin label."""
    sql = "select submission_id, form_name, anonymous_id, submitted_at from {}"
    native = totals(builds, "n", sql, "stg_web__form_submissions")
    files = [(i, re.sub("[^a-z0-9]+", "_", name.lower()).strip("_") if name else name, a, t)
             for i, name, a, t in totals(builds, "f", sql, "stg_web__form_submissions")]
    assert native == files
    n = relation(builds, "n", "stg_web__form_submissions")
    assert builds.execute(f"select count(*) from {n} where origin_channel_label is not null").fetchone()[0] == 0
    f = relation(builds, "f", "stg_web__form_submissions")
    assert builds.execute(f"select count(*) from {f} where origin_channel_label is not null").fetchone()[0] > 0


def test_file_rows_of_a_native_platform_are_rejected(tmp_path_factory, raw):
    """An old export left in the folder: its rows of a platform read natively
    are rejected as platform_read_natively, never added to the native rows."""
    work = tmp_path_factory.mktemp("native_ads_old_export")
    run_dbt(["run", "--select", "+base_ads__performance_daily", "+base_ads__clicks", "--vars",
             "{ad_platforms: [google_ads]}"], raw, work,
            extra_env={"GOOGLE_ADS_DATA_DIR": str(raw / "google_ads")}, check=True)
    con = duckdb.connect(str(work / "dev.duckdb"), read_only=True)
    rejected = {table: con.execute(f"select count(*) from staging.base_ads__{table} "
                                   "where reject_reason = 'platform_read_natively'").fetchone()[0]
                for table in ("performance_daily", "clicks")}
    native = con.execute("select count(*) from staging.base_ads__performance_daily "
                         "where platform = 'google_ads' and reject_reason is null").fetchone()[0]
    con.close()
    files = duckdb.sql(f"select count(*) from read_csv('{raw / 'ad_performance_daily.csv'}', all_varchar = true, "
                       "ignore_errors = true) where lower(trim(platform)) = 'google_ads'").fetchall()[0][0]
    assert rejected["performance_daily"] == files
    assert rejected["clicks"] > 0
    assert native > 0


def test_bad_native_input_is_named(tmp_path_factory, raw):
    """A missing native column stops the build naming the file and column."""
    broken = tmp_path_factory.mktemp("native_ads_broken")
    shutil.copytree(raw / "google_ads", broken / "google_ads")
    stats = broken / "google_ads" / "campaign_stats.parquet"
    duckdb.sql(f"copy (select * exclude (cost_micros) from read_parquet('{stats}')) to '{broken / 'x.parquet'}' "
               "(format parquet)")
    shutil.move(broken / "x.parquet", stats)
    result = run_dbt(["run", "--select", "native_google_ads__ad_performance_daily", "--vars",
                      "{ad_platforms: [google_ads]}"], raw / "files_beside_native_ads", broken,
                     extra_env={"GOOGLE_ADS_DATA_DIR": str(broken / "google_ads")})
    assert result.returncode != 0
    assert "missing column: 'cost_micros'" in result.stdout and "campaign_stats.parquet" in result.stdout


def test_every_landed_native_row_is_accounted(builds, raw):
    """stg_audit__native_row_counts: per native table, the outcomes add up to
    the rows in the landed file (counted here from the Parquet files), and
    Segment's redeliveries and the summed ad rows have their own outcome."""
    accounted = accounted_rows(builds, "n")
    landed = landed_rows(raw, ["segment", *PLATFORMS])
    assert set(accounted) == {("segment", "pages"), ("segment", "form_submitted"), ("segment", "identifies"),
                              ("google_ads", "campaign_stats"), ("google_ads", "click_performance"),
                              ("linkedin_ads", "ad_analytics_by_campaign"), ("meta_ads", "basic_ad")}
    assert accounted == {key: landed[key] for key in accounted}
    counts = relation(builds, "n", "stg_audit__native_row_counts")
    outcomes = {row for row in builds.execute(f"select native_table, row_outcome from {counts}").fetchall()}
    assert {("pages", "redelivered_message"), ("campaign_stats", "summed_into_campaign_day")} <= outcomes


def test_the_setup_lists_what_its_native_data_lacks(builds):
    assert data_gaps(builds, "n") == {
        "segment_forms_no_origin", "segment_forms_no_bant", "segment_server_side_pages", "google_ads_click_days",
        "google_ads_account_days", "linkedin_ads_no_clicks", "linkedin_ads_account_days", "meta_ads_no_clicks", "meta_ads_account_days"}


def test_an_unreadable_native_measure_rejects_its_day(tmp_path_factory, raw):
    """A value the adapter cannot read is passed on, so staging rejects the
    campaign's day as unparseable instead of summing the other rows short."""
    broken = tmp_path_factory.mktemp("native_ads_unreadable")
    shutil.copytree(raw / "google_ads", broken / "google_ads")
    stats = broken / "google_ads" / "campaign_stats.parquet"
    duckdb.sql(f"copy (select * replace (case when row_number() over (order by date, id) = 1 then 'n/a' "
               f"else cast(cost_micros as varchar) end as cost_micros) from read_parquet('{stats}')) "
               f"to '{broken / 'x.parquet'}' (format parquet)")
    shutil.move(broken / "x.parquet", stats)
    run_dbt(["run", "--select", "+base_ads__performance_daily", "--vars", "{ad_platforms: [google_ads]}"],
            raw / "files_beside_native_ads", broken, extra_env={"GOOGLE_ADS_DATA_DIR": str(broken / "google_ads")},
            check=True)
    con = duckdb.connect(str(broken / "dev.duckdb"), read_only=True)
    rejected = con.execute("select count(*) from staging.base_ads__performance_daily "
                           "where platform = 'google_ads' and reject_reason = 'unparseable_spend'").fetchone()[0]
    con.close()
    assert rejected == 1


def test_an_unknown_native_currency_is_named(tmp_path_factory, raw):
    """An ad account in a currency the rates seed lacks: its spend is null in
    the marts (never a guess) and the build warns naming the currency."""
    broken = tmp_path_factory.mktemp("native_ads_currency")
    shutil.copytree(raw / "google_ads", broken / "google_ads")
    accounts = broken / "google_ads" / "account_history.parquet"
    duckdb.sql(f"copy (select * replace ('XYZ' as currency_code) from read_parquet('{accounts}')) "
               f"to '{broken / 'x.parquet'}' (format parquet)")
    shutil.move(broken / "x.parquet", accounts)
    env = {"GOOGLE_ADS_DATA_DIR": str(broken / "google_ads")}
    args = ["--vars", "{ad_platforms: [google_ads]}"]
    result = run_dbt(["build", "--select", "+int_ad_spend_converted", "+int_marketing_costs_converted",
                      "assert_spend_has_currency_rate", "--indirect-selection", "cautious",
                      "--exclude-resource-type", "unit_test", *args],
                     raw / "files_beside_native_ads", broken, extra_env=env, check=True)
    assert re.search(r"WARN \d+ assert_spend_has_currency_rate", result.stdout)
    con = duckdb.connect(str(broken / "dev.duckdb"), read_only=True)
    unconverted = con.execute("select count(*), count(spend) from intermediate.int_ad_spend_converted "
                              "where platform = 'google_ads' and original_currency = 'XYZ' "
                              "and original_spend > 0").fetchone()
    con.close()
    assert unconverted[0] > 0 and unconverted[1] == 0
