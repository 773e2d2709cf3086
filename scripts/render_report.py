#!/usr/bin/env python3
"""Render the revenue report: one self-contained HTML file of charts.

Every number comes from schema `marts` of a DuckDB file (opened read-only):
the published file when it exists (what BI reads), else dbt's working
database. Charts are inline SVG written here (no JavaScript, no network, no
external file), so the HTML opens anywhere, offline, and can be mailed.
This file is the entry point and writes the page; the figures and charts
are in scripts/report/ (fmt: number formats; svg: the charts; charts: what
is read from the marts and drawn).

Charts (each a <figure class="chart" id="chart-..."> holding an <svg> whose
data marks have class `mark`, axis titles class `axis-title`, and the rows it
draws as JSON in a <script type="application/json" class="chart-data">):
- funnel            stage totals (contacts) over all months, with stage-to-stage conversion
- funnel-monthly    leads, MQLs and SQLs by month from the first month with data
                    (the partial month hollow, dashed and labelled)
- mql-cohorts       MQL-to-SQL rate by MQL cohort month, ever and within 30/60/90
                    days; windows that are still immature are marked, not drawn low;
                    the partial cohort month labelled
- conversions       form submissions versus genuine opportunities (sales
                    requests) by channel, with the genuine-opportunity share
- attribution-models attributed revenue per channel under the seven models
- markov            Markov removal effect and data-driven share by channel
- spend-revenue     spend versus attributed revenue (data-driven, linear) by
                    channel, mature months only
- roas              ROAS by channel under each attribution model (heatmap),
                    mature months only, ROAS below 1 marked
- calibration       SQL rate by lead-score decile of MQLs, with the AUC of the
                    score with and without page weights
- rfm-segments      contacts, accounts and MQLs per RFM segment, with each
                    segment's MQL-to-SQL rate (MQLs scored at MQL time)
- email-funnel      email recipients sent, delivered, opened, clicked and
                    replied over the last 12 months (people's opens and
                    clicks only), the caption giving the eight rates

Key figures (tiles) name the reporting currency; the MQL-to-SQL rate is over
the cohorts mature for 90 days; "New customers" counts accounts, the funnel's
customers are contacts. Number formats: money "USD 1,234,567", rates "25.8%",
counts "18,488", ratios (ROAS) "1.35".

Usage:
    python scripts/render_report.py [--duckdb PATH] [--out FILE]

PATH: --duckdb, else $REPORT_DUCKDB_PATH, else the published file of
scripts/publish.py ($PUBLISHED_DUCKDB_PATH, default
build/published/revenue_analytics.duckdb) when it exists, else
$DBT_DUCKDB_PATH (default build/revenue.duckdb).
FILE defaults to build/report/revenue_report.html.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the report package next to this file

from report.charts import MARTS, Marts, build_charts  # noqa: E402
from report.fmt import esc, script_json, timestamp_label  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "build" / "report" / "revenue_report.html"


# ----------------------------------------------------------------------------- HTML

CSS = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 0; color: #222;
       background: #f7f7f8; }
header { background: #1f2d3d; color: #fff; padding: 24px 40px; }
header h1 { margin: 0 0 6px 0; font-size: 26px; }
header p { margin: 0; color: #c9d3df; font-size: 14px; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 60px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 28px; }
.kpi { background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.kpi .v { font-size: 24px; font-weight: 600; }
.kpi .l { font-size: 12px; color: #666; text-transform: uppercase; letter-spacing: .04em; }
.kpi .n { font-size: 11.5px; color: #777; margin-top: 4px; line-height: 1.35; }
.partial-flag { background: #fff4e0; color: #8a5a00; border-radius: 3px; padding: 0 4px; }
figure.chart { background: #fff; margin: 0 0 24px 0; padding: 16px 20px 8px; border-radius: 8px;
               box-shadow: 0 1px 2px rgba(0,0,0,.08); }
figure.chart h2 { font-size: 18px; margin: 0 0 4px 0; }
figcaption { font-size: 13px; color: #555; margin-bottom: 6px; line-height: 1.4; }
svg text { font-size: 12px; fill: #333; }
svg text.tick { font-size: 11px; fill: #555; }
svg text.legend { font-size: 12px; }
svg text.value { font-size: 11px; fill: #222; }
svg text.inbar { font-size: 12px; fill: #fff; font-weight: 600; }
svg text.muted { fill: #aaa; }
svg text.label { font-size: 13px; }
svg text.axis-title { font-size: 12px; fill: #444; font-weight: 600; }
svg text.partial-label { fill: #8a5a00; font-weight: 600; }
svg text.partial-note { font-size: 11px; fill: #8a5a00; font-weight: 600; }
svg text.below-value { font-size: 12px; fill: #8e1f14; font-weight: 700; }
footer { font-size: 12px; color: #777; margin-top: 30px; }
"""


def render_html(kpis: dict, charts: list[dict], source: str, published_info: str) -> str:
    """The page: header, key-figure tiles (label, value, note), the charts, the footer. Every embedded JSON
    (key figures, chart rows) has each `<` written as \\u003c."""
    partial = (f' · <span class="partial-flag">{esc(kpis["partial_month"])} is partial</span> (not over at the '
               "as-of time)" if kpis.get("partial_month") else "")
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>Revenue report</title>", f"<style>{CSS}</style></head><body>",
           "<header><h1>Marketing and revenue report</h1>",
           f"<p>Data as of {esc(timestamp_label(kpis['as_of_at']))} (latest event in the raw data) · months "
           f"{esc(kpis['months'])}{partial} · money in {esc(kpis['reporting_currency'])} (the reporting "
           f"currency) · generated {esc(generated)}</p></header><main>",
           '<section class="kpis" id="kpis">']
    for label, value, note in kpis["tiles"]:
        out.append(f'<div class="kpi"><div class="v">{esc(value)}</div><div class="l">{esc(label)}</div>'
                   f'<div class="n">{esc(note)}</div></div>')
    out.append("</section>")
    figures = {k: v for k, v in kpis.items() if k != "tiles"}
    out.append(f'<script type="application/json" id="kpi-data">{script_json(figures)}</script>')
    for chart in charts:
        data = script_json(chart["data"])
        out.append(f'<figure class="chart" id="chart-{esc(chart["id"])}" data-rows="{len(chart["data"])}">')
        out.append(f'<h2>{esc(chart["title"])}</h2><figcaption>{esc(chart["caption"])}</figcaption>')
        out.append(chart["svg"])
        out.append(f'<script type="application/json" class="chart-data">{data}</script>')
        out.append("</figure>")
    out.append(f"<footer>Source: schema <code>marts</code> of {esc(source)}{esc(published_info)}. Definitions: "
               "the dbt docs (make docs) and docs/metrics.md. Rendered by scripts/render_report.py.</footer>")
    out.append("</main></body></html>")
    return "\n".join(out)


def published_file() -> Path:
    """The file BI reads, as scripts/publish.py names it (its default_paths())."""
    try:
        spec = importlib.util.spec_from_file_location("publish", ROOT / "scripts" / "publish.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return Path(module.default_paths()[2])
    except Exception:  # publish.py missing or changed: the same rule, written here
        path = Path(os.environ.get("PUBLISHED_DUCKDB_PATH") or ROOT / "build" / "published" /
                    "revenue_analytics.duckdb")
        return path if path.is_absolute() else ROOT / path


def default_database() -> Path:
    """The published marts: only a build that passed its tests and the publish
    audit reaches them, so the report never shows unaudited figures (the
    working database is read only when named: --duckdb or REPORT_DUCKDB_PATH)."""
    explicit = os.environ.get("REPORT_DUCKDB_PATH")
    if explicit:
        return Path(explicit)
    return published_file()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", type=Path, default=None, help="DuckDB file with schema marts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="HTML file to write")
    args = parser.parse_args(argv)
    database = args.duckdb or default_database()
    if not database.exists():
        print(f"ERROR: no DuckDB file at {database}: run `make build` first (the report reads the marts "
              "published after a build passed its tests and the publish audit; --duckdb FILE reads another file)",
              file=sys.stderr)
        return 2
    import duckdb

    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        print(f"ERROR: cannot open {database} read-only ({type(error).__name__}): is a build writing it?",
              file=sys.stderr)
        return 2
    try:
        published_info = ""
        try:
            info = Marts(con).one(f"select * from {MARTS}.publication_info")
            if info.get("published_at"):
                published_info = f", published {timestamp_label(info['published_at'])}"
                if info.get("built_at"):
                    published_info += f" from the build of {timestamp_label(info['built_at'])}"
        except duckdb.Error:
            pass
        try:
            kpis, charts = build_charts(Marts(con))
        except (duckdb.CatalogException, duckdb.BinderException) as error:
            print(f"ERROR: {database} lacks a mart or column the report reads ({str(error).splitlines()[0]}): "
                  "build (and publish) the project first", file=sys.stderr)
            return 2
    finally:
        con.close()
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(kpis, charts, str(database), published_info), encoding="utf-8")
    empty = [chart["id"] for chart in charts if not chart["data"]]
    print(f"Report written to {out} ({out.stat().st_size // 1024} KiB, {len(charts)} charts"
          + (f"; EMPTY: {', '.join(empty)}" if empty else "") + ")")
    return 1 if empty else 0


if __name__ == "__main__":
    sys.exit(main())
