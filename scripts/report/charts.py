"""The report's figures, read from schema `marts` only, and the charts drawn from them.

Conventions every chart follows:
- the partial month (`is_partial_month`: the as-of month, not over yet) is marked wherever a month is
  drawn, and a monthly line starts at the first month with data (leading months without any are left out);
- money is in the reporting currency (fct_deals.reporting_currency, else the `reporting_currency` var of
  dbt_project.yml), named on tiles, axes and tooltips; one number format per kind (report.fmt);
- spend is null for a channel without a cost source (the marts' null rule): such a channel has no spend
  bar and no ROAS, and captions name only channels present in the data;
- figures that are still growing are left out or marked: spend versus revenue and ROAS use the mature
  months only (`is_immature` false), the MQL-to-SQL key figure the cohorts mature for 90 days.
"""

from __future__ import annotations

import re
from pathlib import Path

from report.fmt import fmt_number, join_names, jsonable, month_label, timestamp_label, to_float
from report.svg import PALETTE, Axes, Series, bar_chart, heatmap, hbar_chart, line_chart

ROOT = Path(__file__).resolve().parents[2]
MARTS = "marts"
ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "position_based", "time_decay", "w_shaped",
                      "data_driven"]


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


def data_rows(rows: list[dict]) -> list[dict]:
    return [{k: jsonable(v) for k, v in r.items()} for r in rows]


def project_currency() -> str:
    """The `reporting_currency` var of dbt_project.yml (its default), when no deal names one."""
    try:
        text = (ROOT / "dbt_project.yml").read_text(encoding="utf-8")
    except OSError:
        return "USD"
    match = re.search(r"^\s*reporting_currency:\s*['\"]?([A-Za-z]{3})", text, re.M)
    return match.group(1).upper() if match else "USD"


def reporting_currency(m: Marts) -> str:
    row = m.one(f"select min(reporting_currency) as currency from {MARTS}.fct_deals")
    return (row.get("currency") or project_currency()).upper()


def skip_leading_empty(rows: list[dict], keys: list[str]) -> tuple[list[dict], list[dict]]:
    """(rows from the first one where any of `keys` is non-zero, the leading rows left out)."""
    for i, row in enumerate(rows):
        if any(to_float(row.get(key)) for key in keys):
            return rows[i:], rows[:i]
    return rows, []


def month_span(months: list) -> str:
    labels = [month_label(m) for m in months]
    if not labels:
        return "none"
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def build_charts(m: Marts) -> tuple[dict, list[dict]]:
    """(key figures, charts); each chart: id, title, caption, svg, data rows."""
    charts: list[dict] = []
    currency = reporting_currency(m)

    # --- key figures
    funnel = m.one(f"""
        select sum(leads) as leads, sum(mqls) as mqls, sum(sqls) as sqls,
               sum(opportunities) as opportunities, sum(customers) as customers,
               min(month) filter (where leads + mqls + sqls + opportunities + customers + deals_won + deals_lost > 0)
                   as first_month,
               max(month) as last_month,
               min(month) filter (where is_partial_month) as partial_month
        from {MARTS}.rpt_funnel_monthly""")
    spend = m.one(f"""
        select sum(spend) as spend, sum(new_customers) as new_customers,
               count(distinct channel) filter (where has_cost_source) as channels_with_cost
        from {MARTS}.rpt_channel_metrics_monthly""")
    cohorts_total = m.one(f"""
        select sum(sqls_within_90d) filter (where is_mature_90d) * 1.0
                   / nullif(sum(mqls) filter (where is_mature_90d), 0) as rate,
               min(cohort_month) filter (where is_mature_90d) as first_cohort,
               max(cohort_month) filter (where is_mature_90d) as last_cohort,
               max(as_of_at) as as_of_at
        from {MARTS}.rpt_mql_to_sql_rates""")
    won = m.one(f"select sum(amount) as revenue, count(*) as deals from {MARTS}.fct_deals "
                f"where is_won and is_attribution_conversion")
    spend_total = to_float(spend.get("spend"))
    new_customers = to_float(spend.get("new_customers"))
    partial_month = month_label(funnel["partial_month"]) if funnel.get("partial_month") else None
    as_of_text = timestamp_label(cohorts_total.get("as_of_at"))
    kpis = {
        "as_of_at": jsonable(cohorts_total.get("as_of_at")),
        "months": f"{month_label(funnel.get('first_month'))} to {month_label(funnel.get('last_month'))}",
        "partial_month": partial_month,
        "reporting_currency": currency,
        "spend": spend_total,
        "leads": to_float(funnel.get("leads")),
        "mqls": to_float(funnel.get("mqls")),
        "sqls": to_float(funnel.get("sqls")),
        "mql_to_sql_rate": to_float(cohorts_total.get("rate")),
        "mql_to_sql_rate_basis": "SQL within 90 days / MQLs of the MQL cohorts mature for 90 days "
                                 f"({month_span([cohorts_total.get('first_cohort'), cohorts_total.get('last_cohort')])})"
        if cohorts_total.get("first_cohort") else "no MQL cohort is mature for 90 days yet",
        "won_revenue": to_float(won.get("revenue")),
        "won_deals": to_float(won.get("deals")),
        "new_customers": new_customers,
        "customer_contacts": to_float(funnel.get("customers")),
        "cac": spend_total / new_customers if spend_total is not None and new_customers else None,
    }
    months_note = kpis["months"] + (f", {partial_month} partial" if partial_month else "")
    kpis["tiles"] = [
        ("Spend", fmt_number(spend_total, "money", currency),
         f"ads and other marketing costs of the {spend.get('channels_with_cost') or 0} channels with a cost "
         f"source, {months_note}"),
        ("Leads", fmt_number(kpis["leads"]), f"contacts reaching lead, {months_note}"),
        ("MQLs", fmt_number(kpis["mqls"]), "contacts reaching MQL"),
        ("SQLs", fmt_number(kpis["sqls"]), "contacts reaching SQL"),
        ("MQL-to-SQL rate (mature cohorts)", fmt_number(kpis["mql_to_sql_rate"], "pct"),
         kpis["mql_to_sql_rate_basis"] + "; later cohorts are still converting and are left out"),
        ("Won new-business revenue", fmt_number(kpis["won_revenue"], "money", currency),
         f"{fmt_number(kpis['won_deals'])} won deals"),
        ("New customers (accounts)", fmt_number(new_customers),
         "accounts whose first new-business deal was won (not the funnel's customer contacts)"),
        ("CAC per new customer account", fmt_number(kpis["cac"], "money", currency),
         "spend / new customer accounts"),
    ]

    # --- funnel
    stages = [("Leads", "leads"), ("MQLs", "mqls"), ("SQLs", "sqls"), ("Opportunities", "opportunities"),
              ("Customer contacts", "customers")]
    values = [to_float(funnel.get(key)) or 0.0 for _, key in stages]
    notes = []
    for i, value in enumerate(values):
        if i == 0:
            notes.append("–")
        else:
            previous = values[i - 1]
            notes.append(f"{fmt_number(value / previous, 'pct')} of {stages[i - 1][0]}" if previous else "–")
    charts.append({
        "id": "funnel", "title": "The funnel (contacts)",
        "caption": "Contacts that reached each stage, all months together (rpt_funnel_monthly), counted in "
                   "people. A contact that skipped a stage counts in it too; the ratio on the right is stage over "
                   "the stage before (counts of the same months, not a cohort). Customer contacts "
                   f"({fmt_number(kpis['customer_contacts'])}) are people whose CRM lifecycle stage reached "
                   f"customer; the key figure New customers ({fmt_number(new_customers)}) counts accounts "
                   "whose first new-business deal was won. They differ because an account can have several "
                   "customer contacts, and a person's lifecycle stage is set in the CRM, apart from deals.",
        "svg": hbar_chart([s for s, _ in stages], values,
                          Axes("Contacts reaching the stage, all months", "Stage", "int"), notes, PALETTE[0]),
        "data": [{"stage": key, "contacts": value} for (_, key), value in zip(stages, values)],
    })

    # --- the funnel by month, from the first month with data, the partial month marked
    monthly = m.rows(f"select month, leads, mqls, sqls, is_complete_month, is_partial_month "
                     f"from {MARTS}.rpt_funnel_monthly order by month")
    monthly, skipped = skip_leading_empty(monthly, ["leads", "mqls", "sqls"])
    partial = [bool(r["is_partial_month"]) for r in monthly]
    partial_note = (f" {partial_month} is partial: the data end at {as_of_text}, so its counts cover part of "
                    "the month; it is drawn hollow with a dashed line and is not comparable with full months."
                    if any(partial) else "")
    skipped_note = (f" It starts at {month_label(monthly[0]['month'])}, the first month with any contact "
                    f"reaching a stage ({month_span([r['month'] for r in skipped])} had none)." if skipped else "")
    charts.append({
        "id": "funnel-monthly", "title": "Leads, MQLs and SQLs by month",
        "caption": "Contacts reaching each stage in the month (rpt_funnel_monthly)." + skipped_note + partial_note,
        "svg": line_chart([month_label(r["month"]) for r in monthly], [
            Series("Leads", [to_float(r["leads"]) for r in monthly], PALETTE[0]),
            Series("MQLs", [to_float(r["mqls"]) for r in monthly], PALETTE[1]),
            Series("SQLs", [to_float(r["sqls"]) for r in monthly], PALETTE[2]),
        ], Axes("Month (UTC)", "Contacts reaching the stage", "int"), partial=partial),
        "data": data_rows(monthly),
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
               bool_and(is_mature_90d) as is_mature_90d,
               bool_or(is_partial_month) as is_partial_month
        from {MARTS}.rpt_mql_to_sql_rates
        group by cohort_month
        order by cohort_month""")
    cohorts, _ = skip_leading_empty(cohorts, ["mqls"])
    series = [Series("ever (grows while the cohort converts)", [to_float(r["rate"]) for r in cohorts], PALETTE[7])]
    for n, color in ((30, PALETTE[0]), (60, PALETTE[1]), (90, PALETTE[2])):
        # an immature window has no rate (docs/metrics.md section 5: null, never a misleading low number)
        series.append(Series(f"within {n} days",
                             [to_float(r[f"rate_{n}d"]) if r[f"is_mature_{n}d"] else None for r in cohorts], color))
    immature_notes = []
    for r in cohorts:
        windows = [f"{n}d" for n in (30, 60, 90) if not r[f"is_mature_{n}d"]]
        immature_notes.append(f"immature: {', '.join(windows)}" if windows else None)
    cohort_partial = [bool(r["is_partial_month"]) for r in cohorts]
    charts.append({
        "id": "mql-cohorts", "title": "MQL-to-SQL rate by MQL cohort",
        "caption": "Share of each month's MQLs that became SQL (rpt_mql_to_sql_rates, all channels). A window is "
                   "immature until the cohort month's end + N days has passed: the shaded cohorts name their "
                   "immature windows, which have no rate yet (it could only grow), rather than a misleading low "
                   "one. The grey line counts every SQL so far, so recent cohorts are still climbing."
                   + (f" The {partial_month} cohort is partial: its month is not over, so it is still gaining "
                      "MQLs (hollow, dashed)." if any(cohort_partial) else ""),
        "svg": line_chart([month_label(r["cohort_month"]) for r in cohorts], series,
                          Axes("MQL cohort month (UTC)", "MQLs of the cohort that became SQL", "pct"),
                          partial=cohort_partial, shade=immature_notes, shade_legend="immature window(s)"),
        "data": data_rows(cohorts),
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
                   f"({months_note}) together (rpt_conversions_vs_opportunities_monthly). In brackets: the "
                   "genuine-opportunity share.",
        "svg": bar_chart(labels, [
            Series("form submissions", [to_float(r["form_submissions"]) for r in conversions], PALETTE[7]),
            Series("sales requests", [to_float(r["sales_requests"]) for r in conversions], PALETTE[2]),
            Series("spam or test", [to_float(r["spam_or_test"]) for r in conversions], PALETTE[3]),
        ], Axes("Channel (genuine-opportunity share)", "Form submissions", "int")),
        "data": data_rows(conversions),
    })

    charts += attribution_charts(m, currency)

    # --- lead-score calibration
    calibration = m.rows(f"select score_decile, contacts, sqls, sql_rate, min_score, max_score "
                         f"from {MARTS}.rpt_lead_score_calibration order by score_decile")
    labels = [f"D{r['score_decile']} ({fmt_number(to_float(r['min_score']))}–"
              f"{fmt_number(to_float(r['max_score']))})" for r in calibration]
    auc = {r["score_variant"]: to_float(r["auc"])
           for r in m.rows(f"select score_variant, auc from {MARTS}.rpt_lead_score_separation")}
    auc_note = ", ".join(f"{variant} {'n/a' if auc.get(variant) is None else f'{auc[variant]:.3f}'}"
                         for variant in ("weighted", "unweighted"))
    charts.append({
        "id": "calibration", "title": "Lead-score calibration",
        "caption": "MQLs split into ten equal groups by their lead score at the time they became MQL (decile 1 = "
                   "lowest; score range in brackets), and the share of each that became SQL "
                   "(rpt_lead_score_calibration). A useful score climbs from left to right. AUC of the score "
                   f"with page weights and without (rpt_lead_score_separation; 0.5 = chance): {auc_note}.",
        "svg": bar_chart(labels, [Series("SQL rate", [to_float(r["sql_rate"]) for r in calibration], PALETTE[1])],
                         Axes("Lead-score decile (score range at MQL time)", "MQLs that became SQL", "pct"), value_labels=True),
        "data": data_rows(calibration),
    })
    charts.append(rfm_segments_chart(m))
    charts.append(email_funnel_chart(m))
    return kpis, charts


def rfm_segments_chart(m: Marts) -> dict:
    """RFM segments: contacts and accounts today, MQLs at MQL time, with each segment's MQL-to-SQL rate."""
    segments = m.rows(f"select segment, recency_level, frequency_level, monetary_level, contacts, accounts, "
                      f"mqls, sqls, mql_to_sql_rate from {MARTS}.rpt_rfm_segments "
                      f"order by contacts desc, segment")
    labels = [f"{r['segment']} ({fmt_number(to_float(r['mql_to_sql_rate']), 'pct')} SQL)"
              if r["mql_to_sql_rate"] is not None else f"{r['segment']} (no MQL)" for r in segments]
    return {
        "id": "rfm-segments", "title": "RFM segments: size and MQL-to-SQL rate",
        "caption": "Contacts and accounts in each RFM segment today (recency, frequency and monetary value "
                   "scored 1-5 by quintile; 4 and 5 are high), and MQLs by the segment they were in when they "
                   "became MQL, scored with nothing known after it (rpt_rfm_segments). In brackets: the share "
                   "of those MQLs that became SQL, so a segment's rate does not include its own outcome.",
        "svg": bar_chart(labels, [
            Series("contacts", [to_float(r["contacts"]) for r in segments], PALETTE[0]),
            Series("accounts", [to_float(r["accounts"]) for r in segments], PALETTE[4]),
            Series("MQLs (at MQL time)", [to_float(r["mqls"]) for r in segments], PALETTE[1]),
        ], Axes("RFM segment (MQL-to-SQL rate)", "Contacts, accounts, MQLs", "int")),
        "data": data_rows(segments),
    }


def email_funnel_chart(m: Marts) -> dict:
    """Email recipients sent, delivered, opened, clicked and replied, the last 12 cohort months together."""
    totals = m.one(f"""
        select min(month) as first_month, max(month) as last_month,
               max(month) filter (where is_partial_month) as partial_month,
               sum(recipients_sent) as sent, sum(recipients_delivered) as delivered,
               sum(recipients_bounced) as bounced, sum(unique_openers) as opened,
               sum(unique_clickers) as clicked, sum(recipients_replied) as replied,
               sum(recipients_unsubscribed) as unsubscribed, sum(recipients_spam_reported) as spam_reported,
               sum(machine_opens) as machine_opens, sum(machine_clicks) as machine_clicks
        from {MARTS}.rpt_email_totals_monthly
        where month > (select max(month) from {MARTS}.rpt_email_totals_monthly) - interval 12 month""")
    count = {key: to_float(totals.get(key)) or 0.0 for key in (
        "sent", "delivered", "bounced", "opened", "clicked", "replied", "unsubscribed", "spam_reported",
        "machine_opens", "machine_clicks")}

    def rate(numerator: str, denominator: str) -> float | None:  # the marts' rule: null on a 0 denominator
        return count[numerator] / count[denominator] if count[denominator] else None

    stages = [("Sent", "sent", None, ""), ("Delivered", "delivered", rate("delivered", "sent"), "of sent"),
              ("Opened (people)", "opened", rate("opened", "delivered"), "of delivered"),
              ("Clicked (people)", "clicked", rate("clicked", "delivered"), "of delivered"),
              ("Replied", "replied", rate("replied", "delivered"), "of delivered")]
    months = month_span([totals.get("first_month"), totals.get("last_month")])
    partial = month_label(totals["partial_month"]) if totals.get("partial_month") else None
    if count["sent"] or count["delivered"]:
        caption = (f"Recipients of the email campaigns sent in the last 12 months ({months}"
                   + (f", {partial} partial" if partial else "") + "), all campaigns together "
                   "(rpt_email_totals_monthly); a recipient counts once per campaign, in the month it was sent. "
                   f"Delivery rate {fmt_number(rate('delivered', 'sent'), 'pct')}, bounce rate "
                   f"{fmt_number(rate('bounced', 'sent'), 'pct')} (of sent); open rate "
                   f"{fmt_number(rate('opened', 'delivered'), 'pct')}, click rate "
                   f"{fmt_number(rate('clicked', 'delivered'), 'pct')}, reply rate "
                   f"{fmt_number(rate('replied', 'delivered'), 'pct')}, unsubscribe rate "
                   f"{fmt_number(rate('unsubscribed', 'delivered'), 'pct')}, spam rate "
                   f"{fmt_number(rate('spam_reported', 'delivered'), 'pct')} (of delivered); click-to-open rate "
                   f"{fmt_number(rate('clicked', 'opened'), 'pct')}. Opens and clicks are people's only: "
                   f"{fmt_number(count['machine_opens'])} machine opens and {fmt_number(count['machine_clicks'])} "
                   "machine clicks (privacy proxies, link scanners, the sender's own filter) are left out. The "
                   "latest months still gain opens and clicks.")
    else:
        caption = ("No email events in the data (the optional email_events file is absent or empty): "
                   f"nothing was sent in {months}.")
    return {
        "id": "email-funnel", "title": "Email funnel: sent, delivered, opened, clicked, replied",
        "caption": caption,
        "svg": hbar_chart([label for label, *_ in stages], [count[key] for _, key, *_ in stages],
                          Axes("Recipients, last 12 months", "Stage", "int"),
                          [f"{fmt_number(value, 'pct')} {basis}" if basis else "–" for *_, value, basis in stages],
                          PALETTE[9], annotation_title="rate"),
        "data": [{"stage": key, "recipients": count[key], "rate": value, "rate_of": basis.removeprefix("of ")
                  or None, "months": months} for _, key, value, basis in stages],
    }


def attribution_charts(m: Marts, currency: str) -> list[dict]:
    """Attribution models side by side, Markov removal effects, spend versus revenue and ROAS."""
    charts: list[dict] = []
    attribution = m.rows(f"""
        select channel, model, sum(attributed_revenue) as attributed_revenue,
               sum(attributed_pipeline) as attributed_pipeline,
               sum(attributed_revenue) filter (where not is_immature) as mature_attributed_revenue
        from {MARTS}.rpt_attribution_by_channel_monthly
        group by channel, model""")
    maturity = m.rows(f"""
        select month, bool_or(is_immature) as is_immature, bool_or(is_partial_month) as is_partial_month,
               max(median_days_first_touch_to_won) as median_days
        from {MARTS}.rpt_attribution_by_channel_monthly
        group by month
        order by month""")
    mature_months = [r["month"] for r in maturity if not r["is_immature"]]
    immature_months = [month_label(r["month"]) + (" (partial)" if r["is_partial_month"] else "")
                       for r in maturity if r["is_immature"]]
    median_days = next((to_float(r["median_days"]) for r in maturity if r["median_days"] is not None), None)
    models = [model for model in ATTRIBUTION_MODELS if any(r["model"] == model for r in attribution)]
    models += sorted({r["model"] for r in attribution} - set(models))
    revenue_by = {(r["channel"], r["model"]): to_float(r["attributed_revenue"]) for r in attribution}
    mature_by = {(r["channel"], r["model"]): to_float(r["mature_attributed_revenue"]) or 0.0 for r in attribution}
    channels = sorted({r["channel"] for r in attribution},
                      key=lambda c: -(revenue_by.get((c, "linear")) or max(
                          (v or 0 for (ch, _), v in revenue_by.items() if ch == c), default=0)))
    money = Axes("Channel", f"Attributed revenue ({currency})", "money", currency)
    charts.append({
        "id": "attribution-models", "title": "Attributed revenue by channel under the seven attribution models",
        "caption": "Won revenue of new-business deals credited to the channels of their touches in the 365 days "
                   "before the deal was created, by model (rpt_attribution_by_channel_monthly, all months, "
                   f"in {currency}). Each model distributes the same total revenue"
                   + ("; `unattributed` holds deals without an eligible touch" if "unattributed" in channels else "")
                   + (f". The latest months ({join_names(immature_months)}) are immature: their revenue is still "
                      "growing." if immature_months else "."),
        "svg": bar_chart(channels, [Series(model, [revenue_by.get((c, model)) for c in channels],
                                           PALETTE[i % len(PALETTE)]) for i, model in enumerate(models)], money),
        "data": [{k: jsonable(v) for k, v in r.items() if k != "mature_attributed_revenue"}
                 for r in sorted(attribution, key=lambda r: (r["channel"], r["model"]))],
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
        ], Axes("Channel", "Share of conversions", "pct")),
        "data": data_rows(markov),
    })

    # --- spend versus attributed revenue and ROAS: mature months only
    grid = m.rows(f"""
        with spend_by_month as (
            select month, channel, max(spend) as spend, bool_or(is_immature) as is_immature,
                   bool_or(has_cost_source) as has_cost_source
            from {MARTS}.rpt_attribution_by_channel_monthly
            group by month, channel
        )
        select channel, sum(spend) filter (where not is_immature) as spend,
               bool_or(has_cost_source) as has_cost_source
        from spend_by_month
        group by channel""")
    spend_by = {r["channel"]: to_float(r["spend"]) for r in grid if r["has_cost_source"]}
    no_cost = [c for c in channels if c not in spend_by]
    paid = [c for c in channels if c in spend_by]
    order = paid + no_cost
    span = month_span(mature_months)
    left_out = (f" The {len(immature_months)} later months ({join_names(immature_months)}) are left out: deals "
                "started by their touches are still being won"
                + (f" (median {median_days:.0f} days from first touch to won deal)" if median_days else "")
                + ", so their revenue would read low against their full spend." if immature_months else "")
    no_cost_note = (f" {join_names(no_cost)} {'has' if len(no_cost) == 1 else 'have'} no cost source (no ad "
                    "report or cost line), so no spend figure: no spend bar." if no_cost else "")
    charts.append({
        "id": "spend-revenue", "title": "Spend versus attributed revenue by channel (mature months)",
        "caption": f"Spend (ad platforms plus other marketing costs, {currency}) against the revenue the "
                   f"data-driven and linear models attribute to the channel, over the mature months {span} only "
                   "(rpt_attribution_by_channel_monthly)." + left_out + no_cost_note,
        "svg": bar_chart([c if c in spend_by else f"{c} (no cost source)" for c in order], [
            Series("spend", [spend_by.get(c) for c in order], PALETTE[3]),
            Series("attributed revenue (data-driven)", [mature_by.get((c, "data_driven")) for c in order],
                   PALETTE[2]),
            Series("attributed revenue (linear)", [mature_by.get((c, "linear")) for c in order], PALETTE[0]),
        ], Axes("Channel", f"Amount ({currency})", "money", currency)),
        "data": [{"channel": c, "has_cost_source": c in spend_by, "spend": spend_by.get(c),
                  "attributed_revenue_data_driven": mature_by.get((c, "data_driven")),
                  "attributed_revenue_linear": mature_by.get((c, "linear")),
                  "months": span} for c in order],
    })

    roas = {(c, model): mature_by.get((c, model), 0.0) / spend_by[c]
            for c in paid for model in models if spend_by.get(c)}
    below = sorted({c for (c, _), value in roas.items() if value < 1})
    charts.append({
        "id": "roas", "title": "ROAS by channel under each attribution model (mature months)",
        "caption": f"Return on ad spend = attributed revenue / spend, per model, over the mature months {span} "
                   "only (immature months left out, as above). A red frame and ▼ mark ROAS below 1: the "
                   "channel's attributed revenue did not cover its spend"
                   + (f" ({join_names(below)} under at least one model)" if below else " (no channel here)")
                   + "." + (f" {join_names(no_cost)} {'has' if len(no_cost) == 1 else 'have'} no cost source, so "
                            "no ROAS." if no_cost else "")
                   + " Compare a channel across its row: the spread between models is how much the choice of "
                     "model matters for that channel.",
        "svg": heatmap(paid, models, roas, Axes("Attribution model", "Channel", "ratio"), below=1.0,
                       below_note="ROAS below 1: attributed revenue did not cover spend"),
        "data": [{"channel": c, "model": model, "roas": value, "below_one": value < 1, "months": span}
                 for (c, model), value in sorted(roas.items())],
    })
    return charts
