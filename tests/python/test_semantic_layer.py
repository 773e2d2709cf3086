"""The semantic layer (models/semantic/): `mf query` results equal the marts.

A few MetricFlow queries run through the `mf` command line, exactly as a user
or a BI integration runs them, against the database `make test` builds
(`DBT_DUCKDB_PATH`, default build/revenue.duckdb), and their results are
compared with the marts they are defined over:

- saved query `channel_scorecard_monthly` (spend, leads, MQLs, CPL, CAC,
  MQL-to-SQL rate, lead velocity by month and channel) against
  rpt_channel_metrics_monthly and rpt_mql_to_sql_rates;
- lead velocity, MQLs and the 90-day MQL-to-SQL rate by month against
  rpt_funnel_monthly and the mature cohorts of rpt_mql_to_sql_rates;
- saved query `attribution_by_model_monthly` (attributed revenue, ROAS, ROI
  per model, month and channel) against rpt_attribution_by_channel_monthly,
  and its revenue per model against the won revenue of the attribution deals
  in fct_deals (every model credits every won deal exactly once).

`mf` reads `<project>/target/semantic_manifest.json`; to stay off the
project's target folder the queries run in a scratch project folder (links to
dbt_project.yml and plugins/) whose target holds the semantic manifest of the
build (`DBT_TARGET_PATH`, default target/), or one `dbt parse` writes when that
is missing or was parsed for another database file. Without a built database
the tests are skipped, saying so.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from conftest import built_database

PROJECT_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
MF = VENV_BIN / "mf"
DBT = VENV_BIN / "dbt"
ATTRIBUTION_MODELS = {"first_touch", "last_touch", "linear", "position_based", "time_decay", "w_shaped",
                      "data_driven"}


@pytest.fixture(scope="module")
def database() -> Path:
    path = built_database()
    if not path.exists():
        pytest.skip(f"no built DuckDB file at {path}: run `make build` (or `make test`) first")
    if not MF.exists():
        pytest.fail(f"MetricFlow CLI missing at {MF}: install requirements.txt (dbt-metricflow)")
    return path


def base_env(database: Path, work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_DUCKDB_PATH=str(database),
        DUCKDB_TEMP_DIRECTORY=str(work / "duckdb_tmp"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.pop("DBT_TARGET_PATH", None)
    return env


def manifest_database(semantic_manifest: Path) -> set[str]:
    manifest = json.loads(semantic_manifest.read_text())
    return {model["node_relation"].get("database") for model in manifest.get("semantic_models", [])}


@pytest.fixture(scope="module")
def mf_project(database, tmp_path_factory) -> tuple[Path, dict]:
    """A scratch project folder for `mf`, with the semantic manifest of this database."""
    work = tmp_path_factory.mktemp("semantic_layer")
    project = work / "project"
    (project / "target").mkdir(parents=True)
    (project / "dbt_project.yml").symlink_to(PROJECT_DIR / "dbt_project.yml")
    (project / "plugins").symlink_to(PROJECT_DIR / "plugins")
    env = base_env(database, work)
    target = Path(os.environ.get("DBT_TARGET_PATH") or PROJECT_DIR / "target")
    target = target if target.is_absolute() else PROJECT_DIR / target
    built = target / "semantic_manifest.json"
    if not built.exists() or manifest_database(built) != {database.stem}:
        parsed = work / "parsed"
        result = subprocess.run([str(DBT), "parse", "--target-path", str(parsed), "--log-path", str(work / "logs")],
                                cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
        built = parsed / "semantic_manifest.json"
    shutil.copy(built, project / "target" / "semantic_manifest.json")
    env["DBT_PROJECT_DIR"] = str(project)
    return project, env


def mf_query(mf_project, name: str, *args: str) -> list[dict]:
    project, env = mf_project
    out = project / f"{name}.csv"
    result = subprocess.run([str(MF), "query", *args, "--csv", str(out), "--quiet"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and out.exists(), f"mf query {' '.join(args)} failed:\n" \
                                                    f"{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, f"mf query {' '.join(args)} returned no row"
    return rows


def number(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def month(text: str) -> str:
    return text[:10]


def close(a, b, rel: float = 1e-9, absolute: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=absolute)


def marts(database: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def mismatches(rows: list[dict], expected: dict, key, columns: dict[str, tuple[int, float]]) -> list[str]:
    """Rows whose metrics differ from the mart; columns: metric -> (index in expected tuple, abs tolerance)."""
    problems = []
    for row in rows:
        wanted = expected.get(key(row))
        if wanted is None:
            continue
        for metric, (index, tolerance) in columns.items():
            if not close(number(row[metric]), wanted[index], rel=1e-9, absolute=tolerance):
                problems.append(f"{key(row)} {metric}: mf {row[metric]!r}, mart {wanted[index]!r}")
    return problems


def test_channel_scorecard_matches_the_marts(database, mf_project):
    rows = mf_query(mf_project, "scorecard", "--saved-query", "channel_scorecard_monthly")
    expected = {(str(m), c): (spend, leads, mqls, cpl, cac)
                for m, c, spend, leads, mqls, cpl, cac in marts(
                    database, "select month, channel, spend, leads, mqls, cpl, cac "
                              "from marts.rpt_channel_metrics_monthly")}
    key = lambda row: (month(row["metric_time__month"]), row["channel"])  # noqa: E731
    assert {key(row) for row in rows if row["spend"] != ""} <= set(expected)
    # the mart rounds money to cents (spend, and CPL and CAC from unrounded spend): within a cent
    problems = mismatches(rows, expected, key, {"spend": (0, 0.005), "leads": (1, 0), "mqls": (2, 0),
                                                "cpl": (3, 0.01), "cac": (4, 0.01)})
    rates = {(str(m), c): (rate,) for m, c, rate in marts(
        database, "select cohort_month, acquisition_channel, mql_to_sql_rate from marts.rpt_mql_to_sql_rates")}
    problems += mismatches(rows, rates, key, {"mql_to_sql_rate": (0, 1e-12)})
    assert sum(1 for row in rows if key(row) in rates) == len(rates), "a cohort of the mart is missing in mf"
    # the channel's lead velocity: (MQLs - MQLs the month before) / MQLs the month before x 100
    mqls = {(str(m), c): n for m, c, n in marts(database, "select month, channel, mqls "
                                                          "from marts.rpt_channel_metrics_monthly")}
    previous = {(str(m), c): n for m, c, n in marts(
        database, "select cast(month + interval 1 month as date), channel, mqls "
                  "from marts.rpt_channel_metrics_monthly")}
    velocity = {k: ((mqls[k] - previous[k]) * 100.0 / previous[k],) for k in mqls
                if previous.get(k)}
    problems += mismatches(rows, velocity, key, {"lead_velocity_rate_pct": (0, 1e-9)})
    assert not problems, "\n".join(problems[:20])


def test_lead_velocity_and_mature_cohort_rate_by_month(database, mf_project):
    rows = mf_query(mf_project, "velocity", "--metrics", "mqls,lead_velocity_rate_pct,mql_to_sql_rate_90d",
                    "--group-by", "metric_time__month")
    expected = {str(m): (mqls, velocity) for m, mqls, velocity in marts(
        database, "select month, mqls, lead_velocity_rate_pct from marts.rpt_funnel_monthly")}
    key = lambda row: month(row["metric_time__month"])  # noqa: E731
    assert {key(row) for row in rows} == set(expected)
    problems = mismatches(rows, expected, key, {"mqls": (0, 0), "lead_velocity_rate_pct": (1, 1e-9)})
    cohorts = {str(m): (rate,) for m, rate in marts(
        database, "select cohort_month, case when bool_and(is_mature_90d) "
                  "then sum(sqls_within_90d) * 1.0 / sum(mqls) end "
                  "from marts.rpt_mql_to_sql_rates group by cohort_month")}
    problems += mismatches(rows, cohorts, key, {"mql_to_sql_rate_90d": (0, 1e-12)})
    assert not problems, "\n".join(problems[:20])
    immature = [m for m, (rate,) in cohorts.items() if rate is None]
    assert all(next(r for r in rows if key(r) == m)["mql_to_sql_rate_90d"] == "" for m in immature)


def test_attribution_by_model_matches_the_marts(database, mf_project):
    rows = mf_query(mf_project, "attribution", "--saved-query", "attribution_by_model_monthly")
    expected = {(str(m), c, model): (revenue, spend, roas, roi)
                for m, c, model, revenue, spend, roas, roi in marts(
                    database, "select month, channel, model, attributed_revenue, spend, roas, roi_pct "
                              "from marts.rpt_attribution_by_channel_monthly")}
    key = lambda row: (month(row["metric_time__month"]), row["channel"], row["attribution__model"])  # noqa: E731
    assert {key(row) for row in rows} == set(expected)
    problems = mismatches(rows, expected, key, {"attributed_revenue": (0, 0.005), "attribution_spend": (1, 0.005),
                                                "roas": (2, 1e-9), "roi_pct": (3, 1e-7)})
    assert not problems, "\n".join(problems[:20])
    # every model credits every won attribution deal exactly once: per model, attributed revenue
    # adds up to the won revenue of fct_deals
    (won,), = marts(database, "select coalesce(sum(amount), 0) from marts.fct_deals "
                              "where is_won and is_attribution_conversion")
    by_model = defaultdict(float)
    for row in rows:
        by_model[row["attribution__model"]] += number(row["attributed_revenue"]) or 0.0
    assert set(by_model) == ATTRIBUTION_MODELS
    for model, revenue in by_model.items():
        assert close(revenue, won, absolute=0.01), f"{model}: {revenue} != total won revenue {won}"


EXAMPLES_DOC = PROJECT_DIR / "docs" / "semantic-layer.md"
DEMO_DIR = PROJECT_DIR / "build" / "demo_data"


def documented_example() -> tuple[list[str], list[str]]:
    """The first `mf query` command of docs/semantic-layer.md (its arguments)
    and the lines of the output excerpt the page shows for it."""
    text = EXAMPLES_DOC.read_text()
    commands = text.replace("\\\n", " ").splitlines()
    command = next(line for line in commands if line.strip().startswith(".venv/bin/mf query --metrics"))
    import shlex
    args = shlex.split(command.split("#")[0])[2:]
    marker = text.index("<!-- example-output: mf-query-paid-search -->")
    block = text[marker:].split("```", 2)[1]
    lines = [line for line in block.splitlines() if line.strip()]
    return args, lines


def test_documented_example_output_is_what_mf_gives(database, mf_project):
    """The excerpt shown in docs/semantic-layer.md is what the query gives on
    the demo data: every figure shown, to the decimals shown. Runs only on a
    build of the demo data (the page says so); elsewhere it is skipped."""
    raw = Path(os.environ.get("RAW_DATA_DIR") or DEMO_DIR).resolve()
    if raw != DEMO_DIR.resolve():
        pytest.skip(f"the documented example is of the demo data; this build read {raw}")
    args, lines = documented_example()
    header, shown = lines[0].split(), [line.split() for line in lines[1:]]
    assert shown, "the documented excerpt has no rows"
    rows = mf_query(mf_project, "documented_example", *args)
    got = {(row["metric_time__month"][:10], row["channel"]): row for row in rows}
    problems = []
    for values in shown:
        shown_row = dict(zip(header, values))
        key = (shown_row["metric_time__month"][:10], shown_row["channel"])
        actual = got.get(key)
        if actual is None:
            problems.append(f"{key}: not in the query's result")
            continue
        for column, text in shown_row.items():
            if column in ("metric_time__month", "channel"):
                continue
            decimals = len(text.split(".")[1]) if "." in text else 0
            value = number(actual[column])
            display = "None" if value is None else f"{value:.{decimals}f}"
            if display != text:
                problems.append(f"{key} {column}: the page shows {text}, mf gives {display}")
    assert not problems, "docs/semantic-layer.md shows stale output:\n" + "\n".join(problems)
