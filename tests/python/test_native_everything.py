"""Every source read natively at once: the CRM from HubSpot, the site from
Segment and the spend from Google Ads, LinkedIn Ads and Meta Ads (Microsoft
Ads stays in the ad file), against the contract files of the same demo
company (seed 7, scale 0.02).

Each system's own differences are asserted in its module
(test_native_hubspot.py, test_native_web_ads.py); here they must not
interfere: the figures each system leaves equal on its own stay equal when
all are read together, and every landed native row of the four kinds of
system is accounted for in one audit model.
"""

from __future__ import annotations

import pytest

from conftest import run_dbt
from native_compare import accounted_rows, attach_builds, data_gaps, demo_raw, files_build, landed_rows, relation

PLATFORMS = ["google_ads", "linkedin_ads", "meta_ads"]
SYSTEMS = ["hubspot", "segment", *PLATFORMS]
ALL_NATIVE_VARS = "{crm_source: hubspot, web_source: segment, ad_platforms: [google_ads, linkedin_ads, meta_ads]}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    raw = demo_raw(tmp_path_factory)
    native = tmp_path_factory.mktemp("native_everything")
    run_dbt(["build", "--exclude-resource-type", "unit_test", "--vars", ALL_NATIVE_VARS],
            raw / "files_beside_native_ads", native, check=True,
            extra_env={f"{system.upper()}_DATA_DIR": str(raw / system) for system in SYSTEMS})
    con = attach_builds(files_build(tmp_path_factory), native)
    yield con
    con.close()


def both(con, sql: str, table: str) -> tuple[list, list]:
    return (sorted(con.execute(sql.format(relation(con, "f", table))).fetchall()),
            sorted(con.execute(sql.format(relation(con, "n", table))).fetchall()))


def test_spend_per_platform_and_campaign_equal(builds):
    files, native = both(builds, "select platform, campaign_id, currency, sum(spend), sum(impressions), "
                                 "sum(clicks) from {} group by all", "stg_ads__performance_daily")
    assert native == files


def test_sessions_and_visitors_equal(builds):
    files, native = both(builds, "select count(*), count(distinct anonymous_id) from {}", "int_sessions_aggregated")
    assert native == files


def test_won_revenue_and_attributed_total_equal(builds):
    files, native = both(builds, "select count(*) filter (where is_won), sum(amount) filter (where is_won) from {}",
                         "fct_deals")
    assert native == files
    files, native = both(builds, "select model, round(sum(attributed_revenue), 2) from {} group by model",
                         "rpt_attribution_by_channel_monthly")
    assert native == files and len(files) > 1


def test_mql_to_sql_counts_equal(builds):
    files, native = both(builds, "select sum(mqls), sum(sqls) from {}", "rpt_mql_to_sql_rates")
    assert native == files


def test_every_landed_row_of_every_system_is_accounted(builds, tmp_path_factory):
    accounted = accounted_rows(builds, "n")
    assert {source for source, _ in accounted} == set(SYSTEMS)
    landed = landed_rows(demo_raw(tmp_path_factory), SYSTEMS)
    assert accounted == {key: landed[key] for key in accounted}


def test_the_gaps_of_every_system_are_listed(builds):
    gaps = data_gaps(builds, "n")
    assert {"hubspot_no_event_attendance", "segment_forms_no_origin", "linkedin_ads_no_clicks",
            "meta_ads_no_clicks", "google_ads_click_days"} <= gaps
    assert "hubspot_forms_no_browser" not in gaps
