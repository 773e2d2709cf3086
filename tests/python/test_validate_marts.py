"""scripts/validate_marts.py: the independent recomputation of the marts.

- On a good build the script exits 0 and every check matches.
- On a copy of the DuckDB file where one mart value is altered (a spend, a
  cohort's SQL count, a funnel count), a mart column is dropped, a raw
  email is written into a mart, a channel without a cost source is given a
  spend of 0 (the null rule), the partial month is flagged complete, a
  contact's RFM score is changed, or an email campaign's openers are
  miscounted, it exits non-zero and names the check and the row that differ.

The tests reuse the database `make test` builds (`DBT_DUCKDB_PATH`, default
build/revenue.duckdb) and never write to it: alterations are made on a copy
in tmp_path. Without a built database they are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import built_database

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_DIR / "scripts" / "validate_marts.py"


@pytest.fixture(scope="module")
def database() -> Path:
    path = built_database()
    if not path.exists():
        pytest.skip(f"no built DuckDB file at {path}: run `make build` (or `make test`) first, "
                    "or point DBT_DUCKDB_PATH at a built database")
    return path


def run_validator(path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("DBT_DUCKDB_PATH", None)  # the --duckdb argument decides
    return subprocess.run([sys.executable, str(SCRIPT), "--duckdb", str(path)],
                          cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)


def copy_database(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "altered.duckdb"
    shutil.copy(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + ".wal"))
    return target


def alter(path: Path, *statements: str) -> None:
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("checkpoint")
    finally:
        con.close()


def first_row(path: Path, sql: str) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows, f"no row to alter: {sql}"
    return rows[0]


def test_passes_on_a_good_build(database):
    result = run_validator(database)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "MISMATCH" not in result.stdout
    assert "ERROR" not in result.stdout
    assert "checks passed" in result.stdout


@pytest.fixture(scope="module")
def altered_run(database, tmp_path_factory):
    """One copy of the database with several marts altered, validated once (the checks are
    independent, so each alteration must be named on its own)."""
    db = copy_database(database, tmp_path_factory.mktemp("altered"))
    spend_key = first_row(db, "select month, channel from marts.rpt_channel_metrics_monthly "
                              "where spend > 0 order by month, channel limit 1")
    cohort_key = first_row(db, "select cohort_month, acquisition_channel from marts.rpt_mql_to_sql_rates "
                               "where mqls > 0 order by cohort_month, acquisition_channel limit 1")
    (funnel_month,) = first_row(db, "select month from marts.rpt_funnel_monthly where leads > 0 "
                                    "order by month limit 1")
    no_source_key = first_row(db, "select month, channel from marts.rpt_channel_metrics_monthly "
                                  "where not has_cost_source and leads > 0 order by month, channel limit 1")
    (partial_month,) = first_row(db, "select month from marts.rpt_funnel_monthly where is_partial_month "
                                     "order by month limit 1")
    (rfm_contact,) = first_row(db, "select contact_id from marts.dim_contacts order by contact_id limit 1")
    alter(
        db,
        "update marts.rpt_channel_metrics_monthly set spend = spend + 100 "
        f"where month = '{spend_key[0]}' and channel = '{spend_key[1]}'",
        "update marts.rpt_mql_to_sql_rates set sqls = sqls + 1 "
        f"where cohort_month = '{cohort_key[0]}' and acquisition_channel = '{cohort_key[1]}'",
        f"update marts.rpt_funnel_monthly set leads = leads - 1 where month = '{funnel_month}'",
        "alter table marts.rpt_campaign_metrics_monthly drop column cpc",
        "update marts.rpt_campaign_metrics_monthly set campaign_name = 'Jane.Doe@Example.com' "
        "where (month, platform, campaign_id) in (select month, platform, campaign_id "
        "from marts.rpt_campaign_metrics_monthly order by month, platform, campaign_id limit 1)",
        # the null rule broken the old way: no cost source shown as spend 0 and CPL 0.00
        "update marts.rpt_channel_metrics_monthly set spend = 0, cpl = 0 "
        f"where month = '{no_source_key[0]}' and channel = '{no_source_key[1]}'",
        f"update marts.rpt_funnel_monthly set is_partial_month = false where month = '{partial_month}'",
        "update marts.dim_contacts set rfm_frequency_score = case when rfm_frequency_score = 1 then 2 else 1 end "
        f"where contact_id = '{rfm_contact}'",
    )
    return run_validator(db), {"spend": spend_key, "cohort": cohort_key, "funnel": funnel_month,
                               "no_source": no_source_key, "partial": partial_month, "rfm": rfm_contact}


def test_fails_when_a_mart_value_is_altered(altered_run):
    result, _ = altered_run
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED:" in result.stdout


def test_names_the_altered_channel_spend(altered_run):
    result, keys = altered_run
    month, channel = keys["spend"]
    assert "MISMATCH: rpt_channel_metrics_monthly: spend, CTR, CPC" in result.stdout
    assert f"({month:%Y-%m}, {channel}): spend: expected" in result.stdout


def test_names_the_altered_cohort(altered_run):
    result, keys = altered_run
    month, channel = keys["cohort"]
    assert "MISMATCH: rpt_mql_to_sql_rates vs staging" in result.stdout
    assert f"({month:%Y-%m}, {channel}): sqls: expected" in result.stdout


def test_names_the_altered_funnel_month(altered_run):
    result, keys = altered_run
    assert "MISMATCH: rpt_funnel_monthly vs staging" in result.stdout
    assert f"({keys['funnel']:%Y-%m}): leads: expected" in result.stdout


def test_names_a_zero_spend_of_a_channel_without_cost_source(altered_run):
    result, keys = altered_run
    month, channel = keys["no_source"]
    assert f"({month:%Y-%m}, {channel}): spend: expected null, mart 0" in result.stdout
    assert "MISMATCH: rpt_channel_metrics_monthly: funnel by channel" in result.stdout
    assert f"({month:%Y-%m}, {channel}): cpl: expected null, mart 0" in result.stdout


def test_names_the_partial_month_flagged_complete(altered_run):
    result, keys = altered_run
    assert "MISMATCH: is_partial_month of the monthly marts" in result.stdout
    assert f"rpt_funnel_monthly ({keys['partial']:%Y-%m}): is_partial_month: expected True, mart False" \
        in result.stdout


def test_names_the_altered_rfm_score(altered_run):
    result, keys = altered_run
    assert "MISMATCH: dim_contacts: RFM scores" in result.stdout
    assert f"({keys['rfm']}): rfm_frequency_score: expected" in result.stdout


def test_names_the_missing_contract_column(altered_run):
    result, _ = altered_run
    assert "MISMATCH: contract: tables and columns of docs/marts.md" in result.stdout
    assert "missing column marts.rpt_campaign_metrics_monthly.cpc" in result.stdout


def test_names_a_raw_email_in_a_mart_without_printing_it(altered_run):
    result, _ = altered_run
    assert "MISMATCH: privacy" in result.stdout
    assert "rpt_campaign_metrics_monthly.campaign_name: 1 distinct values are email addresses" in result.stdout
    assert "Jane.Doe@Example.com" not in result.stdout


def test_names_the_altered_email_openers(database, tmp_path):
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute("select month, campaign_id from marts.rpt_email_metrics_monthly "
                           "where recipients_delivered > 0 order by month, campaign_id limit 1").fetchall()
    finally:
        con.close()
    if not rows:
        pytest.skip("the build has no email events (the optional email_events file is absent)")
    (month, campaign), = rows
    db = copy_database(database, tmp_path)
    alter(db, "update marts.rpt_email_metrics_monthly set unique_openers = unique_openers + 1 "
              f"where month = '{month}' and campaign_id = '{campaign}'")
    result = run_validator(db)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "MISMATCH: rpt_email_metrics_monthly: counts and rates vs raw email_events" in result.stdout
    assert f"({month:%Y-%m}, {campaign}): unique_openers: expected" in result.stdout


def test_missing_database_exits_non_zero(tmp_path):
    result = run_validator(tmp_path / "nothing.duckdb")
    assert result.returncode == 2
    assert "not found" in result.stderr
