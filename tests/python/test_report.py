"""scripts/render_report.py: the self-contained HTML report.

The report is rendered from the database `make test` builds (`DBT_DUCKDB_PATH`,
default build/revenue.duckdb; opened read-only) into tmp_path, then opened as
HTML: every chart is present, draws data marks, names its axes, carries the
rows it draws (non-empty), and the numbers match the marts. The file needs no
network: no external script, style sheet, image or font. The report tells
the truth: the partial month is marked wherever a month is drawn, monthly
lines start at the first month with data, the MQL-to-SQL key figure covers
mature cohorts only, money names the reporting currency, spend versus
revenue and ROAS leave immature months out, ROAS below 1 is marked, captions
name only channels of the data, and no embedded JSON holds a raw `<`.
Without a built database the tests are skipped, saying so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from conftest import built_database

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_DIR / "scripts" / "render_report.py"
# the entry point and the modules it is made of (scripts/report/)
REPORT_SOURCES = [SCRIPT, *sorted((PROJECT_DIR / "scripts" / "report").glob("*.py"))]

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
    "rfm-segments": "RFM segment sizes and MQL-to-SQL rates",
    "email-funnel": "the email funnel of the last 12 months with its rates",
}


class ReportParser(HTMLParser):
    """Collects the charts (figure.chart), their marks and data, and external references."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, dict] = {}
        self.current: str | None = None
        self.raw_json: list[str] = []
        self.in_caption = False
        self.in_axis_title = False
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
            self.charts[self.current] = {"marks": 0, "svg": 0, "data": None, "caption": "", "axis_titles": [],
                                         "classes": []}
        elif self.current and tag == "figcaption":
            self.in_caption = True
        elif self.current and "axis-title" in classes:
            self.in_axis_title = True
            self.charts[self.current]["axis_titles"].append("")
        elif self.current and tag == "svg":
            self.charts[self.current]["svg"] += 1
        elif self.current and "mark" in classes:
            self.charts[self.current]["marks"] += 1
            self.charts[self.current]["classes"].append(classes)
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
            self.raw_json.append(self.data_text)
            self.charts[self.current]["data"] = json.loads(self.data_text)
            self.in_data = False
        elif tag == "script" and self.in_kpi:
            self.raw_json.append(self.kpi_text)
            self.in_kpi = False
        elif tag == "figcaption":
            self.in_caption = False
        elif tag == "text" and self.in_axis_title:
            self.in_axis_title = False
        elif tag == "figure":
            self.current = None

    def handle_data(self, data):
        if self.in_data:
            self.data_text += data
        elif self.in_kpi:
            self.kpi_text += data
        elif self.in_caption:
            self.charts[self.current]["caption"] += data
        elif self.in_axis_title:
            self.charts[self.current]["axis_titles"][-1] += data


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


def test_rfm_segments_match_the_mart(report, database):
    _, parser = report
    expected = {segment: (contacts, mqls) for segment, contacts, mqls in query(
        database, "select segment, contacts, mqls from marts.rpt_rfm_segments")}
    drawn = {row["segment"]: (row["contacts"], row["mqls"]) for row in parser.charts["rfm-segments"]["data"]}
    assert drawn == expected


def test_email_funnel_matches_the_mart(report, database):
    _, parser = report
    (sent, delivered, opened, clicked), = query(database, """
        select sum(recipients_sent), sum(recipients_delivered), sum(unique_openers), sum(unique_clickers)
        from marts.rpt_email_totals_monthly
        where month > (select max(month) from marts.rpt_email_totals_monthly) - interval 12 month""")
    drawn = {row["stage"]: row for row in parser.charts["email-funnel"]["data"]}
    assert [drawn[s]["recipients"] for s in ("sent", "delivered", "opened", "clicked")] == \
        [sent, delivered, opened, clicked]
    assert drawn["opened"]["rate"] == (pytest.approx(opened / delivered) if delivered else None)
    assert "rate" in parser.charts["email-funnel"]["caption"]


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
    import yaml

    source = "\n".join(path.read_text() for path in REPORT_SOURCES)
    read = set(re.findall(r"\{MARTS\}\.(\w+)", source)) - {"publication_info"}
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text())
    report = next(e for e in exposures["exposures"] if e["name"] == "revenue_report")
    declared = {re.search(r"ref\('(\w+)'\)", ref).group(1) for ref in report["depends_on"]}
    assert read == declared, f"report reads {sorted(read)}, exposure declares {sorted(declared)}"


def kpi_figures(report) -> dict:
    return json.loads(report[1].kpi_text)


def test_every_chart_names_its_axes(report):
    _, parser = report
    for chart_id, chart in parser.charts.items():
        titles = [t.strip() for t in chart["axis_titles"] if t.strip()]
        assert len(titles) >= 2, f"chart {chart_id}: axis titles {titles}, expected an x and a y title"


def test_embedded_json_has_no_raw_less_than(report):
    _, parser = report
    assert parser.raw_json and parser.kpi_text
    for text in parser.raw_json:
        assert "<" not in text, f"embedded JSON holds a raw '<': {text[text.index('<') - 40:][:80]!r}"


def test_partial_month_is_marked_on_monthly_charts(report, database):
    out, parser = report
    (partial,), = query(database, "select max(month) filter (where is_partial_month) from marts.rpt_funnel_monthly")
    if partial is None:
        pytest.skip("the data's as-of time is a month's end: no partial month")
    label = f"{partial:%Y-%m}"
    html_text = out.read_text(encoding="utf-8")
    assert f"{label} (partial)" in html_text, "the partial month's x label does not say partial"
    assert kpi_figures(report)["partial_month"] == label
    for chart_id, key in (("funnel-monthly", "month"), ("mql-cohorts", "cohort_month")):
        rows = {row[key][:7]: row for row in parser.charts[chart_id]["data"]}
        if label in rows:
            assert rows[label]["is_partial_month"] is True, f"{chart_id}: {label} not flagged partial"
            assert all(row["is_partial_month"] is False for month, row in rows.items() if month != label)
    assert "partial" in parser.charts["funnel-monthly"]["caption"]


def test_monthly_lines_start_at_the_first_month_with_data(report, database):
    _, parser = report
    (first,), = query(database, "select min(month) filter (where leads + mqls + sqls > 0) "
                                "from marts.rpt_funnel_monthly")
    drawn = [row["month"] for row in parser.charts["funnel-monthly"]["data"]]
    assert drawn[0] == str(first), f"the monthly funnel starts at {drawn[0]}, the first month with data is {first}"
    (months,), = query(database, f"select count(*) from marts.rpt_funnel_monthly where month >= '{first}'")
    assert len(drawn) == months


def test_mql_to_sql_key_figure_is_over_mature_cohorts(report, database):
    figures = kpi_figures(report)
    (rate,), = query(database, "select sum(sqls_within_90d) filter (where is_mature_90d) * 1.0 "
                               "/ sum(mqls) filter (where is_mature_90d) from marts.rpt_mql_to_sql_rates")
    assert figures["mql_to_sql_rate"] == pytest.approx(rate)
    assert "mature" in figures["mql_to_sql_rate_basis"]
    assert "MQL-to-SQL rate (mature cohorts)" in report[0].read_text(encoding="utf-8")


def test_currency_and_customer_counts_are_named(report, database):
    out, _ = report
    figures = kpi_figures(report)
    (currency,), = query(database, "select min(reporting_currency) from marts.fct_deals")
    assert figures["reporting_currency"] == (currency or "USD")
    html_text = out.read_text(encoding="utf-8")
    tiles = re.findall(r'<div class="kpi"><div class="v">(.*?)</div><div class="l">(.*?)</div>', html_text)
    by_label = {label: value for value, label in tiles}
    for label in ("Spend", "Won new-business revenue", "CAC per new customer account"):
        assert by_label[label].startswith(figures["reporting_currency"] + " "), (label, by_label[label])
    assert "New customers (accounts)" in by_label
    assert "Customer contacts" in html_text
    # money axes name the currency
    for chart_id in ("attribution-models", "spend-revenue"):
        titles = " ".join(parser_titles(report, chart_id))
        assert figures["reporting_currency"] in titles, f"{chart_id}: axis titles {titles!r} name no currency"


def parser_titles(report, chart_id: str) -> list[str]:
    return report[1].charts[chart_id]["axis_titles"]


def test_spend_revenue_and_roas_leave_immature_months_out(report, database):
    _, parser = report
    mature = dict(query(database, """
        select channel, sum(spend) from (
            select month, channel, max(spend) as spend from marts.rpt_attribution_by_channel_monthly
            where not is_immature group by month, channel)
        group by channel"""))
    for row in parser.charts["spend-revenue"]["data"]:
        if row["spend"] is not None:
            assert row["spend"] == pytest.approx(float(mature[row["channel"]]))
    revenue = dict(((c, m), v) for c, m, v in query(database, """
        select channel, model, sum(attributed_revenue) from marts.rpt_attribution_by_channel_monthly
        where not is_immature group by channel, model"""))
    for row in parser.charts["roas"]["data"]:
        expected = float(revenue[(row["channel"], row["model"])]) / float(mature[row["channel"]])
        assert row["roas"] == pytest.approx(expected)
    (immature,), = query(database, "select count(distinct month) filter (where is_immature) "
                                   "from marts.rpt_attribution_by_channel_monthly")
    if immature:
        assert "mature months" in parser.charts["roas"]["caption"]
        assert "left out" in parser.charts["spend-revenue"]["caption"]


def test_roas_below_one_is_marked(report):
    _, parser = report
    chart = parser.charts["roas"]
    below = [row for row in chart["data"] if row["roas"] is not None and row["roas"] < 1]
    marked = [classes for classes in chart["classes"] if "below" in classes]
    assert len(marked) == len(below)
    assert all(row["below_one"] == (row["roas"] < 1) for row in chart["data"])


def test_captions_name_only_channels_of_the_data(report, database):
    _, parser = report
    # channel names that are also plain words of the prose ("other marketing costs") are not checked
    known = {c for (c,) in query(database, "select channel from seeds.channels")} | {"unattributed"}
    known -= {"other", "email", "events", "display"}
    present = {c for (c,) in query(database, "select distinct channel from marts.rpt_attribution_by_channel_monthly")}
    for chart_id in ("attribution-models", "spend-revenue", "roas"):
        caption = parser.charts[chart_id]["caption"]
        named = {c for c in known if re.search(rf"(?<![a-z_]){re.escape(c)}(?![a-z_])", caption)}
        assert named <= present, f"{chart_id}: caption names {sorted(named - present)}, absent from the data"


def test_footer_says_when_the_marts_were_published(report):
    out, _ = report
    footer = re.search(r"<footer>(.*?)</footer>", out.read_text(encoding="utf-8"), re.S).group(1)
    assert "published published_at" not in footer and "published_at" not in footer
