#!/usr/bin/env python3
"""Render the revenue report: one self-contained HTML file of charts.

Every number comes from schema `marts` of a DuckDB file (opened read-only):
the published file when it exists (what BI reads), else dbt's working
database. Charts are inline SVG written here (no JavaScript, no network, no
external file), so the HTML opens anywhere, offline, and can be mailed.

Charts (each a <figure class="chart" id="chart-..."> holding an <svg> whose
data marks have class `mark`, and the rows it draws as JSON in a
<script type="application/json" class="chart-data">):
- funnel            stage totals over all months, with stage-to-stage conversion
- funnel-monthly    leads, MQLs and SQLs by month (the partial month marked)
- mql-cohorts       MQL-to-SQL rate by MQL cohort month, ever and within 30/60/90
                    days; windows that are still immature are marked, not drawn low
- conversions       form submissions versus genuine opportunities (sales
                    requests) by channel, with the genuine-opportunity share
- attribution-models attributed revenue per channel under the seven models
- markov            Markov removal effect and data-driven share by channel
- spend-revenue     spend versus attributed revenue (data-driven) by channel
- roas              ROAS by channel under each attribution model (heatmap)
- calibration       SQL rate by lead-score decile of MQLs

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
import html
import importlib.util
import json
import math
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "build" / "report" / "revenue_report.html"
MARTS = "marts"
ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "position_based", "time_decay", "w_shaped",
                      "data_driven"]
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]
IMMATURE_FILL = "#d9d9d9"
WIDTH, PLOT_HEIGHT = 920, 260
MARGIN = {"left": 80, "right": 20, "top": 36}


# ----------------------------------------------------------------------------- formatting

def to_float(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return float(value)


def fmt_number(value: float | None, kind: str = "int") -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "money":
        if abs(value) >= 1_000_000:
            return f"{value / 1_000_000:,.2f}M"
        if abs(value) >= 10_000:
            return f"{value / 1_000:,.1f}k"
        return f"{value:,.0f}"
    if kind == "ratio":
        return f"{value:.2f}"
    if kind == "float":
        return f"{value:,.3f}"
    return f"{value:,.0f}"


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def nice_max(value: float) -> float:
    """A round axis maximum at or above value."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * 10 ** exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


# ----------------------------------------------------------------------------- SVG charts

@dataclass
class Series:
    name: str
    values: list[float | None]
    color: str
    # per point: True when the value is not final (immature): drawn hatched / hollow
    immature: list[bool] | None = None


def svg_open(height: int, width: int = WIDTH) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" preserveAspectRatio="xMidYMid meet">',
            '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>']


def rotate_labels(labels: list[str]) -> bool:
    return len(labels) > 10 or max((len(label) for label in labels), default=0) * len(labels) > 90


def bottom_space(labels: list[str]) -> int:
    """Room under the plot for the x labels (rotated ones need their length)."""
    if rotate_labels(labels):
        return int(30 + 6.5 * 0.71 * max((len(label) for label in labels), default=0))
    return 40


def y_axis(parts: list[str], y_max: float, kind: str, bottom: float, width: int = WIDTH,
           y_min: float = 0.0) -> callable:
    top = MARGIN["top"]
    left, right = MARGIN["left"], width - MARGIN["right"]

    def scale(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * (bottom - top)

    for i in range(6):
        value = y_min + (y_max - y_min) * i / 5
        y = scale(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
                     f'{esc(fmt_number(value, kind))}</text>')
    parts.append(f'<line x1="{left}" y1="{scale(0 if y_min <= 0 <= y_max else y_min):.1f}" x2="{right}" '
                 f'y2="{scale(0 if y_min <= 0 <= y_max else y_min):.1f}" stroke="#555"/>')
    return scale


def legend(parts: list[str], series: list[Series], width: int = WIDTH, extra: list[tuple[str, str]] = ()) -> None:
    x = MARGIN["left"]
    for item in [(s.name, s.color) for s in series] + list(extra):
        name, color = item
        parts.append(f'<rect x="{x}" y="10" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{x + 16}" y="20" class="legend">{esc(name)}</text>')
        x += 24 + 7.2 * len(name)


def x_labels(parts: list[str], labels: list[str], centers: list[float], bottom: float) -> None:
    rotate = rotate_labels(labels)
    y = bottom + 16
    for label, x in zip(labels, centers):
        if rotate:
            parts.append(f'<text x="{x:.1f}" y="{y}" transform="rotate(-45 {x:.1f} {y})" text-anchor="end" '
                         f'class="tick">{esc(label)}</text>')
        else:
            parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle" class="tick">{esc(label)}</text>')


def bar_chart(labels: list[str], series: list[Series], kind: str = "int", value_labels: bool = False) -> str:
    """Grouped vertical bars; immature points are hatched."""
    bottom = MARGIN["top"] + PLOT_HEIGHT
    parts = svg_open(bottom + bottom_space(labels))
    values = [v for s in series for v in s.values if v is not None]
    y_min = min(0.0, min(values, default=0.0))
    y_max = nice_max(max(values, default=0.0))
    if y_min < 0:
        y_min = -nice_max(-y_min)
    scale = y_axis(parts, y_max, kind, bottom, y_min=y_min)
    left, right = MARGIN["left"], WIDTH - MARGIN["right"]
    group_width = (right - left) / max(len(labels), 1)
    bar_width = group_width * 0.8 / max(len(series), 1)
    centers = []
    for i, label in enumerate(labels):
        group_left = left + i * group_width + group_width * 0.1
        centers.append(left + (i + 0.5) * group_width)
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            x = group_left + j * bar_width
            if value >= 0:
                y_top, bar_height = scale(value), scale(0.0 if y_min <= 0 else y_min) - scale(value)
            else:
                y_top, bar_height = scale(0.0), scale(value) - scale(0.0)
            immature = bool(s.immature and s.immature[i])
            fill = "url(#hatch)" if immature else s.color
            stroke = f' stroke="{s.color}" stroke-width="1.5"' if immature else ""
            title = f"{label} · {s.name}: {fmt_number(value, kind)}" + (" (immature)" if immature else "")
            parts.append(f'<rect class="mark" x="{x:.1f}" y="{y_top:.1f}" width="{max(bar_width - 1, 1):.1f}" '
                         f'height="{max(bar_height, 0.5):.1f}" fill="{fill}"{stroke}><title>{esc(title)}</title>'
                         f'</rect>')
            if value_labels:
                parts.append(f'<text x="{x + bar_width / 2:.1f}" y="{y_top - 4:.1f}" text-anchor="middle" '
                             f'class="value">{esc(fmt_number(value, kind))}</text>')
    x_labels(parts, labels, centers, bottom)
    legend(parts, series, extra=[("immature", "url(#hatch)")] if any(s.immature and any(s.immature)
                                                                     for s in series) else [])
    parts.append("</svg>")
    return "\n".join(parts)


def line_chart(labels: list[str], series: list[Series], kind: str = "int",
               shade: list[str | None] | None = None, shade_legend: str = "") -> str:
    """Lines with point marks; immature points are hollow and not joined; `shade` greys whole columns
    (its text, when not None, is the column's tooltip and is written at the column's top)."""
    bottom = MARGIN["top"] + PLOT_HEIGHT
    parts = svg_open(bottom + bottom_space(labels))
    values = [v for s in series for v in s.values if v is not None]
    y_max = nice_max(max(values, default=0.0))
    scale = y_axis(parts, y_max, kind, bottom)
    left, right = MARGIN["left"], WIDTH - MARGIN["right"]
    step = (right - left) / max(len(labels), 1)
    xs = [left + (i + 0.5) * step for i in range(len(labels))]
    if shade:
        for i, note in enumerate(shade):
            if note:
                parts.append(f'<rect class="shade" x="{xs[i] - step / 2:.1f}" y="{MARGIN["top"]}" '
                             f'width="{step:.1f}" height="{PLOT_HEIGHT}" fill="#ececec">'
                             f'<title>{esc(labels[i])}: {esc(note)}</title></rect>')
                parts.append(f'<text x="{xs[i]:.1f}" y="{MARGIN["top"] + 6}" transform="rotate(90 {xs[i]:.1f} '
                             f'{MARGIN["top"] + 6})" class="muted">{esc(note)}</text>')
    for s in series:
        path, pen_down = [], False
        for i, value in enumerate(s.values):
            immature = bool(s.immature and s.immature[i])
            if value is None or immature:
                pen_down = False
                continue
            path.append(f'{"L" if pen_down else "M"}{xs[i]:.1f},{scale(value):.1f}')
            pen_down = True
        if path:
            parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{s.color}" stroke-width="2"/>')
        for i, value in enumerate(s.values):
            if value is None:
                continue
            immature = bool(s.immature and s.immature[i])
            fill = "#fff" if immature else s.color
            dash = ' stroke-dasharray="2,1"' if immature else ""
            title = f"{labels[i]} · {s.name}: {fmt_number(value, kind)}" + (" (immature)" if immature else "")
            parts.append(f'<circle class="mark" cx="{xs[i]:.1f}" cy="{scale(value):.1f}" r="{4 if immature else 3.5}" '
                         f'fill="{fill}" stroke="{s.color}" stroke-width="1.5"{dash}><title>{esc(title)}</title>'
                         f'</circle>')
    x_labels(parts, labels, xs, bottom)
    extra = [(shade_legend, "#e0e0e0")] if shade and any(shade) else []
    legend(parts, series, extra=extra)
    parts.append("</svg>")
    return "\n".join(parts)


def hbar_chart(labels: list[str], values: list[float], kind: str, annotations: list[str], color: str) -> str:
    """Horizontal bars (the funnel), each with a right-hand annotation."""
    row = 52
    height = MARGIN["top"] + row * len(labels) + 20
    parts = svg_open(height)
    left, right = 150, WIDTH - 260
    top_value = nice_max(max(values, default=0.0))
    for i, (label, value) in enumerate(zip(labels, values)):
        y = MARGIN["top"] + i * row
        length = (right - left) * (value / top_value if top_value else 0)
        offset = ((right - left) - length) / 2  # centred: reads as a funnel
        parts.append(f'<text x="{left - 10}" y="{y + row / 2 + 4:.1f}" text-anchor="end" class="label">'
                     f'{esc(label)}</text>')
        parts.append(f'<rect class="mark" x="{left + offset:.1f}" y="{y + 6}" width="{max(length, 1):.1f}" '
                     f'height="{row - 14}" fill="{color}" opacity="{1 - i * 0.12:.2f}">'
                     f'<title>{esc(label)}: {esc(fmt_number(value, kind))}</title></rect>')
        if length >= 60:
            parts.append(f'<text x="{(left + right) / 2:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="middle" '
                         f'class="inbar">{esc(fmt_number(value, kind))}</text>')
        else:  # too narrow: the figure goes beside the bar
            parts.append(f'<text x="{left + offset + length + 6:.1f}" y="{y + row / 2 + 4:.1f}" '
                         f'class="value">{esc(fmt_number(value, kind))}</text>')
        parts.append(f'<text x="{right + 16}" y="{y + row / 2 + 4:.1f}" class="label">'
                     f'{esc(annotations[i])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def heatmap(rows: list[str], columns: list[str], values: dict[tuple[str, str], float | None], kind: str) -> str:
    cell_w, cell_h = (WIDTH - 180) / max(len(columns), 1), 34
    parts = svg_open(int(70 + cell_h * len(rows) + 10))
    present = [v for v in values.values() if v is not None]
    top = max(present, default=1.0) or 1.0
    for j, column in enumerate(columns):
        parts.append(f'<text x="{170 + (j + 0.5) * cell_w:.1f}" y="58" text-anchor="middle" class="tick">'
                     f'{esc(column)}</text>')
    for i, row in enumerate(rows):
        y = 66 + i * cell_h
        parts.append(f'<text x="160" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end" class="label">{esc(row)}</text>')
        for j, column in enumerate(columns):
            value = values.get((row, column))
            x = 170 + j * cell_w
            if value is None:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                             f'fill="#fafafa" stroke="#eee"><title>{esc(row)} · {esc(column)}: no spend</title></rect>')
                parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle" '
                             f'class="muted">–</text>')
                continue
            intensity = max(0.0, min(1.0, value / top))
            fill = f"rgba(31,119,180,{0.12 + 0.78 * intensity:.2f})"
            parts.append(f'<rect class="mark" x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                         f'fill="{fill}"><title>{esc(row)} · {esc(column)}: {esc(fmt_number(value, kind))}</title>'
                         f'</rect>')
            parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle" '
                         f'class="{"inbar" if intensity > 0.55 else "value"}">{esc(fmt_number(value, kind))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- data from the marts

class Marts:
    def __init__(self, con):
        self.con = con

    def rows(self, sql: str) -> list[dict]:
        cursor = self.con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def one(self, sql: str) -> dict:
        rows = self.rows(sql)
        return rows[0] if rows else {}


def month_label(value) -> str:
    return value.strftime("%Y-%m") if hasattr(value, "strftime") else str(value)[:7]


def build_charts(m: Marts) -> tuple[dict, list[dict]]:
    """(key figures, charts); each chart: id, title, caption, svg, data rows."""
    charts: list[dict] = []

    # --- key figures
    funnel = m.one(f"""
        select sum(leads) as leads, sum(mqls) as mqls, sum(sqls) as sqls,
               sum(opportunities) as opportunities, sum(customers) as customers,
               min(month) as first_month, max(month) as last_month
        from {MARTS}.rpt_funnel_monthly""")
    spend = m.one(f"select sum(spend) as spend from {MARTS}.rpt_channel_metrics_monthly")
    cohorts_total = m.one(f"select sum(sqls) * 1.0 / nullif(sum(mqls), 0) as rate, max(as_of_at) as as_of_at "
                          f"from {MARTS}.rpt_mql_to_sql_rates")
    won = m.one(f"select sum(amount) as revenue, count(*) as deals from {MARTS}.fct_deals "
                f"where is_won and is_attribution_conversion")
    new_customers = m.one(f"select sum(new_customers) as n from {MARTS}.rpt_channel_metrics_monthly")
    spend_total = to_float(spend.get("spend")) or 0.0
    kpis = {
        "as_of_at": jsonable(cohorts_total.get("as_of_at")),
        "months": f"{month_label(funnel.get('first_month'))} to {month_label(funnel.get('last_month'))}",
        "spend": spend_total,
        "leads": to_float(funnel.get("leads")),
        "mqls": to_float(funnel.get("mqls")),
        "sqls": to_float(funnel.get("sqls")),
        "mql_to_sql_rate": to_float(cohorts_total.get("rate")),
        "won_revenue": to_float(won.get("revenue")),
        "won_deals": to_float(won.get("deals")),
        "new_customers": to_float(new_customers.get("n")),
        "cac": spend_total / to_float(new_customers.get("n")) if to_float(new_customers.get("n")) else None,
    }

    # --- funnel
    stages = [("Leads", "leads"), ("MQLs", "mqls"), ("SQLs", "sqls"), ("Opportunities", "opportunities"),
              ("Customers", "customers")]
    values = [to_float(funnel.get(key)) or 0.0 for _, key in stages]
    notes = []
    for i, value in enumerate(values):
        if i == 0:
            notes.append("contacts reaching the stage")
        else:
            previous = values[i - 1]
            notes.append(f"{fmt_number(value / previous, 'pct')} of {stages[i - 1][0]}" if previous else "–")
    charts.append({
        "id": "funnel", "title": "The funnel",
        "caption": "Contacts that reached each stage, all months together (rpt_funnel_monthly). A contact "
                   "that skipped a stage counts in it too; the ratio on the right is stage over the stage before "
                   "(counts of the same months, not a cohort).",
        "svg": hbar_chart([s for s, _ in stages], values, "int", notes, PALETTE[0]),
        "data": [{"stage": key, "contacts": value} for (_, key), value in zip(stages, values)],
    })

    monthly = m.rows(f"select month, leads, mqls, sqls, is_complete_month from {MARTS}.rpt_funnel_monthly "
                     f"order by month")
    labels = [month_label(r["month"]) for r in monthly]
    partial = [not r["is_complete_month"] for r in monthly]
    charts.append({
        "id": "funnel-monthly", "title": "Leads, MQLs and SQLs by month",
        "caption": "Contacts reaching each stage in the month (rpt_funnel_monthly). The shaded month is the "
                   "as-of month: still partial.",
        "svg": line_chart(labels, [
            Series("Leads", [to_float(r["leads"]) for r in monthly], PALETTE[0]),
            Series("MQLs", [to_float(r["mqls"]) for r in monthly], PALETTE[1]),
            Series("SQLs", [to_float(r["sqls"]) for r in monthly], PALETTE[2]),
        ], "int", shade=["partial month" if flag else None for flag in partial], shade_legend="partial month"),
        "data": [{k: jsonable(v) for k, v in r.items()} for r in monthly],
    })

    # --- MQL-to-SQL by cohort
    cohorts = m.rows(f"""
        select cohort_month,
               sum(mqls) as mqls,
               sum(sqls) * 1.0 / nullif(sum(mqls), 0) as rate,
               sum(sqls_within_30d) * 1.0 / nullif(sum(mqls), 0) as rate_30d,
               sum(sqls_within_60d) * 1.0 / nullif(sum(mqls), 0) as rate_60d,
               sum(sqls_within_90d) * 1.0 / nullif(sum(mqls), 0) as rate_90d,
               bool_and(is_mature_30d) as is_mature_30d,
               bool_and(is_mature_60d) as is_mature_60d,
               bool_and(is_mature_90d) as is_mature_90d
        from {MARTS}.rpt_mql_to_sql_rates
        group by cohort_month
        order by cohort_month""")
    labels = [month_label(r["cohort_month"]) for r in cohorts]
    series = [Series("ever (grows while the cohort converts)", [to_float(r["rate"]) for r in cohorts], PALETTE[7])]
    for n, color in ((30, PALETTE[0]), (60, PALETTE[1]), (90, PALETTE[2])):
        # an immature window has no rate (metrics.md: null, never a misleading low number)
        series.append(Series(f"within {n} days",
                             [to_float(r[f"rate_{n}d"]) if r[f"is_mature_{n}d"] else None for r in cohorts], color))
    immature_notes = []
    for r in cohorts:
        windows = [f"{n}d" for n in (30, 60, 90) if not r[f"is_mature_{n}d"]]
        immature_notes.append(f"immature: {', '.join(windows)}" if windows else None)
    charts.append({
        "id": "mql-cohorts", "title": "MQL-to-SQL rate by MQL cohort",
        "caption": "Share of each month's MQLs that became SQL (rpt_mql_to_sql_rates, all channels). A window is "
                   "immature until the cohort month's end + N days has passed: the shaded cohorts name their "
                   "immature windows, which have no rate yet (it could only grow), rather than a misleading low "
                   "one. The grey line counts every SQL so far, so recent cohorts are still climbing.",
        "svg": line_chart(labels, series, "pct", shade=immature_notes, shade_legend="immature window(s)"),
        "data": [{k: jsonable(v) for k, v in r.items()} for r in cohorts],
    })

    # --- conversions versus genuine opportunities
    conversions = m.rows(f"""
        select channel, sum(form_submissions) as form_submissions, sum(sales_requests) as sales_requests,
               sum(content_conversions) as content_conversions, sum(spam_or_test) as spam_or_test,
               sum(unknown_intent) as unknown_intent,
               sum(sales_requests) * 1.0 / nullif(sum(form_submissions), 0) as genuine_opportunity_share
        from {MARTS}.rpt_conversions_vs_opportunities_monthly
        group by channel
        order by sum(form_submissions) desc, channel""")
    labels = [f"{r['channel']} ({fmt_number(to_float(r['genuine_opportunity_share']), 'pct')})" for r in conversions]
    charts.append({
        "id": "conversions", "title": "Conversions versus genuine opportunities by channel",
        "caption": "Form submissions (every conversion a form tool counts) against sales requests (contact, demo "
                   "and pricing forms with a company, a corporate email and a message), all months "
                   "(rpt_conversions_vs_opportunities_monthly). In brackets: the genuine-opportunity share.",
        "svg": bar_chart(labels, [
            Series("form submissions", [to_float(r["form_submissions"]) for r in conversions], PALETTE[7]),
            Series("sales requests", [to_float(r["sales_requests"]) for r in conversions], PALETTE[2]),
            Series("spam or test", [to_float(r["spam_or_test"]) for r in conversions], PALETTE[3]),
        ], "int"),
        "data": [{k: jsonable(v) for k, v in r.items()} for r in conversions],
    })

    # --- attribution models side by side
    attribution = m.rows(f"""
        select channel, model, sum(attributed_revenue) as attributed_revenue,
               sum(attributed_pipeline) as attributed_pipeline
        from {MARTS}.rpt_attribution_by_channel_monthly
        group by channel, model""")
    models = [model for model in ATTRIBUTION_MODELS if any(r["model"] == model for r in attribution)]
    models += sorted({r["model"] for r in attribution} - set(models))
    revenue_by = {(r["channel"], r["model"]): to_float(r["attributed_revenue"]) for r in attribution}
    channels = sorted({r["channel"] for r in attribution},
                      key=lambda c: -(revenue_by.get((c, "linear")) or max(
                          (v or 0 for (ch, _), v in revenue_by.items() if ch == c), default=0)))
    charts.append({
        "id": "attribution-models", "title": "Attributed revenue by channel under the seven attribution models",
        "caption": "Won revenue of new-business deals credited to the channels of their touches in the 365 days "
                   "before the deal was created, by model (rpt_attribution_by_channel_monthly, all months). Each "
                   "model distributes the same total revenue; `unattributed` holds deals without an eligible touch.",
        "svg": bar_chart(channels, [Series(model, [revenue_by.get((c, model)) for c in channels],
                                           PALETTE[i % len(PALETTE)]) for i, model in enumerate(models)], "money"),
        "data": [{k: jsonable(v) for k, v in r.items()} for r in sorted(attribution, key=lambda r: (r["channel"],
                                                                                                 r["model"]))],
    })

    # --- Markov removal effects
    markov = m.rows(f"select channel, removal_effect, attribution_share, converting_journeys, null_journeys "
                    f"from {MARTS}.rpt_markov_removal_effects order by removal_effect desc nulls last, channel")
    charts.append({
        "id": "markov", "title": "Markov removal effects (data-driven attribution)",
        "caption": "Removal effect: the share of conversions lost if the channel disappeared from every journey "
                   "(exact first-order Markov chain, rpt_markov_removal_effects); the data-driven share normalises "
                   "the removal effects to sum to 1.",
        "svg": bar_chart([r["channel"] for r in markov], [
            Series("removal effect", [to_float(r["removal_effect"]) for r in markov], PALETTE[4]),
            Series("data-driven share", [to_float(r["attribution_share"]) for r in markov], PALETTE[9]),
        ], "pct"),
        "data": [{k: jsonable(v) for k, v in r.items()} for r in markov],
    })

    # --- spend versus attributed revenue, ROAS
    grid = m.rows(f"""
        with spend_by_month as (
            select month, channel, max(spend) as spend, bool_or(is_immature) as is_immature
            from {MARTS}.rpt_attribution_by_channel_monthly
            group by month, channel
        )
        select channel, sum(spend) as spend, count(*) filter (where is_immature) as immature_months
        from spend_by_month
        group by channel""")
    spend_by = {r["channel"]: to_float(r["spend"]) for r in grid}
    immature_months = max((r["immature_months"] for r in grid), default=0)
    paid = [c for c in channels if (spend_by.get(c) or 0) > 0]
    rest = [c for c in channels if c not in paid]
    order = paid + rest
    charts.append({
        "id": "spend-revenue", "title": "Spend versus attributed revenue by channel",
        "caption": f"Spend (ads in the reporting currency plus other marketing costs) against the revenue the "
                   f"data-driven and linear models attribute to the channel, all months "
                   f"(rpt_attribution_by_channel_monthly). The last {immature_months} month(s) are immature: "
                   f"deals started by their touches are still being won, so their revenue will grow.",
        "svg": bar_chart(order, [
            Series("spend", [spend_by.get(c) for c in order], PALETTE[3]),
            Series("attributed revenue (data-driven)", [revenue_by.get((c, "data_driven")) for c in order],
                   PALETTE[2]),
            Series("attributed revenue (linear)", [revenue_by.get((c, "linear")) for c in order], PALETTE[0]),
        ], "money"),
        "data": [{"channel": c, "spend": spend_by.get(c),
                  "attributed_revenue_data_driven": revenue_by.get((c, "data_driven")),
                  "attributed_revenue_linear": revenue_by.get((c, "linear"))} for c in order],
    })

    roas = {(c, model): (revenue_by.get((c, model)) or 0.0) / spend_by[c]
            for c in order for model in models if spend_by.get(c)}
    charts.append({
        "id": "roas", "title": "ROAS by channel under each attribution model",
        "caption": "Return on ad spend = attributed revenue / spend, all months, per model. Channels without spend "
                   "(organic, direct, sales) have no ROAS. Compare a channel across the row: the spread between "
                   "models is how much the choice of model matters for that channel.",
        "svg": heatmap(order, models, {k: v for k, v in roas.items()}, "ratio"),
        "data": [{"channel": c, "model": model, "roas": value} for (c, model), value in sorted(roas.items())],
    })

    # --- lead-score calibration
    calibration = m.rows(f"select score_decile, contacts, sqls, sql_rate, min_score, max_score "
                         f"from {MARTS}.rpt_lead_score_calibration order by score_decile")
    labels = [f"D{r['score_decile']} ({fmt_number(to_float(r['min_score']), 'int')}–"
              f"{fmt_number(to_float(r['max_score']), 'int')})" for r in calibration]
    charts.append({
        "id": "calibration", "title": "Lead-score calibration",
        "caption": "MQLs split into ten equal groups by their lead score at the time they became MQL (decile 1 = "
                   "lowest; score range in brackets), and the share of each that became SQL "
                   "(rpt_lead_score_calibration). A useful score climbs from left to right.",
        "svg": bar_chart(labels, [Series("SQL rate", [to_float(r["sql_rate"]) for r in calibration], PALETTE[1])],
                         "pct", value_labels=True),
        "data": [{k: jsonable(v) for k, v in r.items()} for r in calibration],
    })
    return kpis, charts


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
footer { font-size: 12px; color: #777; margin-top: 30px; }
"""


def render_html(kpis: dict, charts: list[dict], source: str, published_info: str) -> str:
    tiles = [
        ("Spend", fmt_number(kpis["spend"], "money")),
        ("Leads", fmt_number(kpis["leads"])),
        ("MQLs", fmt_number(kpis["mqls"])),
        ("SQLs", fmt_number(kpis["sqls"])),
        ("MQL-to-SQL rate", fmt_number(kpis["mql_to_sql_rate"], "pct")),
        ("Won new-business revenue", fmt_number(kpis["won_revenue"], "money")),
        ("New customers", fmt_number(kpis["new_customers"])),
        ("CAC", fmt_number(kpis["cac"], "money")),
    ]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>Revenue report</title>", f"<style>{CSS}</style></head><body>",
           "<header><h1>Marketing and revenue report</h1>",
           f"<p>Data as of {esc(kpis['as_of_at'])} (latest event in the raw data) · months {esc(kpis['months'])} "
           f"· money in the reporting currency · generated {esc(dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'))}"
           "</p></header><main>",
           '<section class="kpis" id="kpis">']
    for label, value in tiles:
        out.append(f'<div class="kpi"><div class="v">{esc(value)}</div><div class="l">{esc(label)}</div></div>')
    out.append("</section>")
    out.append(f'<script type="application/json" id="kpi-data">{json.dumps(kpis, default=jsonable)}</script>')
    for chart in charts:
        data = json.dumps(chart["data"], default=jsonable).replace("</", "<\\/")
        out.append(f'<figure class="chart" id="chart-{esc(chart["id"])}" data-rows="{len(chart["data"])}">')
        out.append(f'<h2>{esc(chart["title"])}</h2><figcaption>{esc(chart["caption"])}</figcaption>')
        out.append(chart["svg"])
        out.append(f'<script type="application/json" class="chart-data">{data}</script>')
        out.append("</figure>")
    out.append(f"<footer>Source: schema <code>marts</code> of {esc(source)}{esc(published_info)}. Definitions: "
               "the dbt docs (make docs) and contract/metrics.md. Rendered by scripts/render_report.py.</footer>")
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
    explicit = os.environ.get("REPORT_DUCKDB_PATH")
    if explicit:
        return Path(explicit)
    published = published_file()
    if published.exists():
        return published
    working = Path(os.environ.get("DBT_DUCKDB_PATH") or ROOT / "build" / "revenue.duckdb")
    return working if working.is_absolute() else ROOT / working


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duckdb", type=Path, default=None, help="DuckDB file with schema marts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="HTML file to write")
    args = parser.parse_args(argv)
    database = args.duckdb or default_database()
    if not database.exists():
        print(f"ERROR: no DuckDB file at {database}: run `make build` first (or pass --duckdb)", file=sys.stderr)
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
            if info:
                published_info = " (published " + ", ".join(f"{k} {jsonable(v)}" for k, v in info.items()
                                                             if k in ("published_at", "build_finished_at")) + ")"
        except duckdb.Error:
            pass
        try:
            kpis, charts = build_charts(Marts(con))
        except duckdb.CatalogException as error:
            print(f"ERROR: {database} lacks a mart the report reads ({str(error).splitlines()[0]}): "
                  "build the project first", file=sys.stderr)
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
