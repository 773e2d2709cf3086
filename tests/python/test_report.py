"""scripts/render_report.py: the self-contained HTML report.

The report is rendered from the database `make test` builds (`DBT_DUCKDB_PATH`,
default build/revenue.duckdb; opened read-only) into tmp_path, then opened as
HTML: every chart is present, draws data marks, carries the rows it draws
(non-empty), and the numbers match the marts. The file needs no network: no
external script, style sheet, image or font. Without a built database the
tests are skipped, saying so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from conftest import built_database

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_DIR / "scripts" / "render_report.py"

# Every chart the issue asks for (id -> what it shows).
EXPECTED_CHARTS = {
    "funnel": "the funnel",
    "funnel-monthly": "the funnel by month",
    "mql-cohorts": "MQL-to-SQL by cohort with immature windows marked",
    "conversions": "conversions versus genuine opportunities by channel",
    "attribution-models": "the seven attribution models side by side per channel",
    "markov": "Markov removal effects",
    "spend-revenue": "spend versus attributed revenue by channel",
    "roas": "ROAS by channel and model",
    "calibration": "lead-score calibration",
}


class ReportParser(HTMLParser):
    """Collects the charts (figure.chart), their marks and data, and external references."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, dict] = {}
        self.current: str | None = None
        self.in_data = False
        self.data_text = ""
        self.external: list[str] = []
        self.kpi_text = ""
        self.in_kpi = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            if value and not value.startswith("#") and not value.startswith("data:"):
                self.external.append(f"<{tag} {name}={value}>")
        classes = (attributes.get("class") or "").split()
        if tag == "figure" and "chart" in classes:
            self.current = attributes["id"].removeprefix("chart-")
            self.charts[self.current] = {"marks": 0, "svg": 0, "data": None}
        elif self.current and tag == "svg":
            self.charts[self.current]["svg"] += 1
        elif self.current and "mark" in classes:
            self.charts[self.current]["marks"] += 1
        elif self.current and tag == "script" and "chart-data" in classes:
            self.in_data, self.data_text = True, ""
        elif tag == "script" and attributes.get("id") == "kpi-data":
            self.in_kpi, self.kpi_text = True, ""
        elif tag == "script" and attributes.get("type") != "application/json":
            self.external.append("<script> (executable script)")
        elif tag == "link":
            self.external.append("<link>")

    def handle_endtag(self, tag):
        if tag == "script" and self.in_data:
            self.charts[self.current]["data"] = json.loads(self.data_text)
            self.in_data = False
        elif tag == "script" and self.in_kpi:
            self.in_kpi = False
        elif tag == "figure":
            self.current = None

    def handle_data(self, data):
        if self.in_data:
            self.data_text += data
        elif self.in_kpi:
            self.kpi_text += data


@pytest.fixture(scope="module")
def database() -> Path:
    path = built_database()
    if not path.exists():
        pytest.skip(f"no built DuckDB file at {path}: run `make build` (or `make test`) first")
    return path


@pytest.fixture(scope="module")
def report(database, tmp_path_factory) -> tuple[Path, ReportParser]:
    out = tmp_path_factory.mktemp("report") / "revenue_report.html"
    result = subprocess.run([sys.executable, str(SCRIPT), "--duckdb", str(database), "--out", str(out)],
                            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    parser = ReportParser()
    parser.feed(out.read_text(encoding="utf-8"))
    return out, parser


def query(database: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_chart_is_present_and_fed(report):
    _, parser = report
    missing = sorted(set(EXPECTED_CHARTS) - set(parser.charts))
    assert not missing, f"charts missing from the report: {[EXPECTED_CHARTS[m] for m in missing]}"
    for chart_id, chart in parser.charts.items():
        assert chart["svg"] == 1, f"chart {chart_id}: expected one inline <svg>"
        assert chart["marks"] > 0, f"chart {chart_id}: draws no data mark"
        assert chart["data"], f"chart {chart_id}: no data rows"


def test_report_is_self_contained(report):
    out, parser = report
    assert not parser.external, f"the report references outside resources: {parser.external}"
    assert out.stat().st_size < 5 * 1024 * 1024


def test_funnel_numbers_come_from_the_marts(report, database):
    _, parser = report
    (leads, mqls, sqls, opportunities, customers), = query(
        database, "select sum(leads), sum(mqls), sum(sqls), sum(opportunities), sum(customers) "
                  "from marts.rpt_funnel_monthly")
    drawn = {row["stage"]: row["contacts"] for row in parser.charts["funnel"]["data"]}
    assert drawn == {"leads": leads, "mqls": mqls, "sqls": sqls, "opportunities": opportunities,
                     "customers": customers}


def test_markov_and_calibration_match_the_marts(report, database):
    _, parser = report
    effects = dict(query(database, "select channel, removal_effect from marts.rpt_markov_removal_effects"))
    drawn = {row["channel"]: row["removal_effect"] for row in parser.charts["markov"]["data"]}
    assert drawn == pytest.approx(effects)
    rates = dict(query(database, "select score_decile, sql_rate from marts.rpt_lead_score_calibration"))
    drawn = {row["score_decile"]: row["sql_rate"] for row in parser.charts["calibration"]["data"]}
    assert drawn == pytest.approx(rates)


def test_immature_cohort_windows_are_marked_not_drawn_low(report, database):
    _, parser = report
    immature = {str(month) for (month,) in query(
        database, "select distinct cohort_month from marts.rpt_mql_to_sql_rates where not is_mature_90d")}
    drawn = {row["cohort_month"]: row for row in parser.charts["mql-cohorts"]["data"]}
    assert immature <= set(drawn)
    for month in immature:
        assert drawn[month]["is_mature_90d"] is False
    html_text = report[0].read_text(encoding="utf-8")
    if immature:
        assert "immature: " in html_text


def test_attribution_models_side_by_side(report, database):
    _, parser = report
    models = {model for (model,) in query(database,
                                          "select distinct model from marts.rpt_attribution_by_channel_monthly")}
    drawn = {row["model"] for row in parser.charts["attribution-models"]["data"]}
    assert drawn == models and len(models) == 7
    totals = dict(query(database, "select model, sum(attributed_revenue) "
                                  "from marts.rpt_attribution_by_channel_monthly group by model"))
    for model in models:
        drawn_total = sum(row["attributed_revenue"] or 0 for row in parser.charts["attribution-models"]["data"]
                          if row["model"] == model)
        assert drawn_total == pytest.approx(float(totals[model]))


def test_missing_database_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--duckdb", str(tmp_path / "none.duckdb"),
                             "--out", str(tmp_path / "r.html")], cwd=PROJECT_DIR, capture_output=True, text=True)
    assert result.returncode == 2
    assert "make build" in result.stderr


def test_exposure_lists_the_marts_the_report_reads():
    """The `revenue_report` exposure (lineage in dbt docs) names exactly the marts the script reads."""
    import re

    import yaml

    source = SCRIPT.read_text()
    read = set(re.findall(r"\{MARTS\}\.(\w+)", source)) - {"publication_info"}
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text())
    report = next(e for e in exposures["exposures"] if e["name"] == "revenue_report")
    declared = {re.search(r"ref\('(\w+)'\)", ref).group(1) for ref in report["depends_on"]}
    assert read == declared, f"report reads {sorted(read)}, exposure declares {sorted(declared)}"
