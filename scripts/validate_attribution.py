#!/usr/bin/env python3
"""Recompute the attribution marts in plain Python/numpy and compare.

Reads a DuckDB file built by dbt, rebuilds from the intermediate inputs
(`int_deals_resolved`, `int_touchpoints_sequenced`) and the as-of time
(`int_calendar_as_of`):

- the attribution deals, their eligible touches and the Markov journeys;
- the Markov removal effects by a linear solve of (I - Q) x = r (numpy);
- the seven models' weights, credits and cents (largest remainder);

then compares with `marts.rpt_markov_removal_effects`,
`marts.rpt_attribution_by_channel_monthly` and `marts.fct_attribution_credits`.
Prints the channel totals of every model and the removal effects; exits 1 with
a readable diff when the SQL disagrees beyond the tolerance (default 1e-6).

    python scripts/validate_attribution.py --duckdb build/revenue.duckdb

The business constants (pipelines, lookback, categories, half-life, rule
weights) are read from the `vars:` of dbt_project.yml, overridable with
--vars '{"attribution_lookback_days": 180}'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

MODELS = [
    "first_touch",
    "last_touch",
    "linear",
    "position_based",
    "time_decay",
    "w_shaped",
    "data_driven",
]
PROJECT_DIR = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------
# Markov removal effects (exact, linear solve)
# --------------------------------------------------------------------------


def markov_removal_effects(journeys):
    """Removal effects of a first-order absorbing Markov chain.

    `journeys`: iterable of (list of channels, is_converting). Returns
    (p_conversion, {channel: (removal_effect, p_without_channel)}), with
    removal_effect None when p_conversion is 0.
    """
    channels = sorted({c for path, _ in journeys for c in path})
    index = {c: i for i, c in enumerate(channels)}
    n = len(channels)
    start = np.zeros(n)
    counts = np.zeros((n, n))
    to_conversion = np.zeros(n)
    to_null = np.zeros(n)
    for path, is_converting in journeys:
        if not path:
            continue
        start[index[path[0]]] += 1
        for a, b in zip(path, path[1:]):
            counts[index[a], index[b]] += 1
        if is_converting:
            to_conversion[index[path[-1]]] += 1
        else:
            to_null[index[path[-1]]] += 1
    if n == 0:
        return None, {}
    totals = counts.sum(axis=1) + to_conversion + to_null
    q = counts / totals[:, None]
    r = to_conversion / totals
    s = start / start.sum()

    def p_conversion(removed=None):
        qq = q.copy()
        ss = s.copy()
        if removed is not None:
            qq[:, removed] = 0.0  # every transition into the channel goes to null
            ss[removed] = 0.0
        x = np.linalg.solve(np.eye(n) - qq, r)
        return float(ss @ x)

    full = p_conversion()
    effects = {}
    for c, i in index.items():
        without = p_conversion(i)
        effect = None if full <= 0 else max(0.0, 1.0 - without / full)
        effects[c] = (effect, without)
    return full, effects


# --------------------------------------------------------------------------
# Rule-based weights
# --------------------------------------------------------------------------


def rule_weights(touches, settings, removal_effects):
    """Weights of the seven models for one deal's touches.

    `touches`: list of dicts with touch_type, channel, days_before (elapsed
    days from the touch to deal created), sorted by time then touchpoint id.
    """
    n = len(touches)
    middle = float(settings["attribution_position_based_middle_weight"])
    others = float(settings["attribution_w_shaped_others_weight"])
    half_life = float(settings["attribution_half_life_days"])
    weights = {}
    weights["first_touch"] = [1.0 if i == 0 else 0.0 for i in range(n)]
    weights["last_touch"] = [1.0 if i == n - 1 else 0.0 for i in range(n)]
    weights["linear"] = [1.0 / n] * n
    if n == 1:
        weights["position_based"] = [1.0]
    elif n == 2:
        weights["position_based"] = [0.5, 0.5]
    else:
        weights["position_based"] = [
            (1 - middle) / 2 if i in (0, n - 1) else middle / (n - 2) for i in range(n)
        ]
    d_min = min(t["days_before"] for t in touches)
    decay = [2.0 ** (-(t["days_before"] - d_min) / half_life) for t in touches]
    weights["time_decay"] = [f / sum(decay) for f in decay]
    lead = next((i for i, t in enumerate(touches) if t["touch_type"] == "form_submission"), 0)
    hits = [(i == 0) + (i == lead) + (i == n - 1) for i in range(n)]
    milestones = sum(1 for h in hits if h > 0)
    if n == 1:
        weights["w_shaped"] = [1.0]
    elif n > milestones:
        weights["w_shaped"] = [
            h * (1 - others) / 3 if h > 0 else others / (n - milestones) for h in hits
        ]
    else:
        weights["w_shaped"] = [h * (1 - others) / 3 + others / milestones for h in hits]
    effects = [removal_effects.get(t["channel"]) for t in touches]
    if any(e is None for e in effects) or sum(effects) <= 0:
        weights["data_driven"] = list(weights["linear"])
    else:
        total = sum(effects)
        weights["data_driven"] = [e / total for e in effects]
    return weights


def allocate_cents(credits, amount_cents):
    """Largest remainder: cents per credit adding up exactly to amount_cents.

    `credits`: list of (credit, touch_order). Ties go to the earliest touch.
    """
    exact = [c * amount_cents for c, _ in credits]
    floors = [math.floor(e) for e in exact]
    left = amount_cents - sum(floors)
    order = sorted(range(len(credits)), key=lambda i: (-(exact[i] - floors[i]), credits[i][1]))
    cents = list(floors)
    for rank, i in enumerate(order, start=1):
        if rank <= left:
            cents[i] += 1
    return cents


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def project_vars(overrides):
    import yaml

    with open(PROJECT_DIR / "dbt_project.yml") as handle:
        settings = dict(yaml.safe_load(handle).get("vars") or {})
    settings.update(overrides)
    return settings


def elapsed_days(start, end):
    return ((end - start) // dt.timedelta(microseconds=1)) / 86400000000.0


def month_of(ts):
    return dt.date(ts.year, ts.month, 1)


def load_rows(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def recompute(con, settings):
    """Everything the marts say, recomputed from the inputs."""
    pipelines = set(settings["attribution_pipelines"])
    categories = set(settings["attribution_touch_categories"])
    lookback = float(settings["attribution_lookback_days"])

    deals = load_rows(
        con,
        "select deal_id, account_id, pipeline, amount, is_won, is_closed, is_deleted,"
        " created_at, closed_at from intermediate.int_deals_resolved",
    )
    touchpoints = load_rows(
        con,
        "select touchpoint_id, account_id, touch_type, touch_category, channel, campaign,"
        " occurred_at from intermediate.int_touchpoints_sequenced",
    )
    as_of = con.execute("select as_of_at from intermediate.int_calendar_as_of").fetchone()[0]

    by_account = defaultdict(list)
    for t in touchpoints:
        if t["account_id"] is not None and t["touch_category"] in categories:
            by_account[t["account_id"]].append(t)
    for touches in by_account.values():
        touches.sort(key=lambda t: (t["occurred_at"], t["touchpoint_id"]))

    def eligible(account_id, anchor):
        if account_id is None or anchor is None:
            return []
        return [
            t
            for t in by_account.get(account_id, [])
            if t["occurred_at"] <= anchor and elapsed_days(t["occurred_at"], anchor) <= lookback
        ]

    scope = [d for d in deals if d["pipeline"] in pipelines and not d["is_deleted"]]
    deal_touches = {}
    for d in scope:
        deal_touches[d["deal_id"]] = [
            dict(t, days_before=elapsed_days(t["occurred_at"], d["created_at"]))
            for t in eligible(d["account_id"], d["created_at"])
        ]

    journeys = []
    for d in scope:
        touches = deal_touches[d["deal_id"]]
        if d["is_closed"] and touches:
            journeys.append(([t["channel"] for t in touches], bool(d["is_won"])))
    accounts_with_deals = {d["account_id"] for d in deals if d["account_id"] is not None and not d["is_deleted"]}
    for account_id in sorted(by_account):
        if account_id in accounts_with_deals or as_of is None:
            continue
        touches = eligible(account_id, as_of)
        if touches:
            journeys.append(([t["channel"] for t in touches], False))

    p_full, effects = markov_removal_effects(journeys)
    removal = {c: e for c, (e, _) in effects.items()}

    credits = []  # (deal_id, model, touchpoint_id, channel, month, credit, pipeline, revenue)
    for d in scope:
        touches = deal_touches[d["deal_id"]]
        amount_cents = None if d["amount"] is None else int(round(float(d["amount"]) * 100))
        if not touches:
            for model in MODELS:
                money = None if amount_cents is None else amount_cents / 100
                credits.append((d["deal_id"], model, None, "unattributed", month_of(d["created_at"]),
                                1.0, money, (money if d["is_won"] else 0.0) if money is not None else None))
            continue
        weights = rule_weights(touches, settings, removal)
        for model in MODELS:
            w = weights[model]
            cents = (allocate_cents([(c, i) for i, c in enumerate(w)], amount_cents)
                     if amount_cents is not None else [None] * len(w))
            for t, credit, c in zip(touches, w, cents):
                money = None if c is None else c / 100
                credits.append((d["deal_id"], model, t["touchpoint_id"], t["channel"],
                                month_of(t["occurred_at"]), credit, money,
                                (money if d["is_won"] else 0.0) if money is not None else None))

    journey_counts = defaultdict(lambda: [0, 0])
    for path, is_converting in journeys:
        for c in set(path):
            journey_counts[c][0 if is_converting else 1] += 1
    return {
        "p_conversion": p_full,
        "effects": effects,
        "journey_counts": journey_counts,
        "journeys": journeys,
        "credits": credits,
    }


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------


def close(a, b, tolerance):
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tolerance


def compare(con, expected, tolerance):
    problems = []

    # removal effects
    sql_effects = {
        r["channel"]: r
        for r in load_rows(
            con,
            "select channel, removal_effect, attribution_share, converting_journeys,"
            " null_journeys from marts.rpt_markov_removal_effects",
        )
    }
    effects = expected["effects"]
    total_effect = sum(e for e, _ in effects.values() if e is not None)
    for channel in sorted(set(effects) | set(sql_effects)):
        want = effects.get(channel)
        got = sql_effects.get(channel)
        if want is None or got is None:
            problems.append(f"removal effect: channel {channel!r} only in {'SQL' if want is None else 'Python'}")
            continue
        effect = want[0]
        share = None if effect is None or total_effect <= 0 else effect / total_effect
        counts = expected["journey_counts"][channel]
        for name, w, g in [
            ("removal_effect", effect, got["removal_effect"]),
            ("attribution_share", share, got["attribution_share"]),
        ]:
            if not close(w, g, tolerance):
                problems.append(f"rpt_markov_removal_effects[{channel}].{name}: SQL {g} vs Python {w}")
        for name, w, g in [
            ("converting_journeys", counts[0], got["converting_journeys"]),
            ("null_journeys", counts[1], got["null_journeys"]),
        ]:
            if w != g:
                problems.append(f"rpt_markov_removal_effects[{channel}].{name}: SQL {g} vs Python {w}")

    # credits, one by one
    sql_credits = {
        (r["deal_id"], r["model"], r["touchpoint_id"]): r
        for r in load_rows(
            con,
            "select deal_id, model, touchpoint_id, channel, touch_month, credit,"
            " pipeline_credit, revenue_credit from marts.fct_attribution_credits",
        )
    }
    want_credits = {(c[0], c[1], c[2]): c for c in expected["credits"]}
    missing = sorted(set(want_credits) - set(sql_credits), key=str)
    extra = sorted(set(sql_credits) - set(want_credits), key=str)
    for key in missing[:20]:
        problems.append(f"fct_attribution_credits: missing credit {key}")
    for key in extra[:20]:
        problems.append(f"fct_attribution_credits: unexpected credit {key}")
    if len(missing) + len(extra) > 40:
        problems.append(f"fct_attribution_credits: {len(missing)} missing, {len(extra)} unexpected in all")
    bad_credit = 0
    for key in sorted(set(want_credits) & set(sql_credits), key=str):
        want, got = want_credits[key], sql_credits[key]
        if not close(want[5], got["credit"], tolerance) or want[3] != got["channel"]:
            bad_credit += 1
            if bad_credit <= 20:
                problems.append(
                    f"fct_attribution_credits{key}: credit SQL {got['credit']} ({got['channel']})"
                    f" vs Python {want[5]} ({want[3]})"
                )

    # month x channel x model totals
    totals = defaultdict(lambda: [0.0, 0.0, set()])
    for deal_id, model, _, channel, month, credit, pipeline, revenue in expected["credits"]:
        row = totals[(month, channel, model)]
        row[0] += pipeline or 0.0
        row[1] += revenue or 0.0
        if credit > 0:
            row[2].add(deal_id)
    sql_totals = {
        (r["month"], r["channel"], r["model"]): r
        for r in load_rows(
            con,
            "select month, channel, model, attributed_pipeline, attributed_revenue,"
            " credited_deals, spend, roas, roi_pct from marts.rpt_attribution_by_channel_monthly",
        )
    }
    for key in sorted(set(totals) | set(sql_totals), key=str):
        want, got = totals.get(key), sql_totals.get(key)
        if got is None:
            problems.append(f"rpt_attribution_by_channel_monthly{key}: missing in SQL")
            continue
        if want is None:
            # a month and channel with spend but no credit: nothing attributed
            want = [0.0, 0.0, set()]
        for name, w, g in [
            ("attributed_pipeline", want[0], got["attributed_pipeline"]),
            ("attributed_revenue", want[1], got["attributed_revenue"]),
            ("credited_deals", len(want[2]), got["credited_deals"]),
        ]:
            if not close(w, g, tolerance):
                problems.append(f"rpt_attribution_by_channel_monthly{key}.{name}: SQL {g} vs Python {w}")
        spend = None if got["spend"] is None else float(got["spend"])
        roas = None if not spend else want[1] / spend
        roi = None if not spend else (want[1] - spend) / spend * 100
        for name, w, g in [("roas", roas, got["roas"]), ("roi_pct", roi, got["roi_pct"])]:
            if not close(w, g, tolerance * max(1.0, abs(w or 0))):
                problems.append(f"rpt_attribution_by_channel_monthly{key}.{name}: SQL {g} vs Python {w}"
                                f" (spend {spend})")
    return problems


def channel_table(expected):
    """Attributed revenue per channel (rows) and model (columns), and the removal effects."""
    revenue = defaultdict(float)
    for _, model, _, channel, _, _, _, rev in expected["credits"]:
        revenue[(channel, model)] += rev or 0.0
    channels = sorted({c for c, _ in revenue})
    header = f"{'channel':<16}" + "".join(f"{m:>16}" for m in MODELS) + f"{'removal_effect':>16}"
    lines = ["attributed revenue by channel and model (Python recomputation)", header, "-" * len(header)]
    for channel in channels:
        effect = expected["effects"].get(channel, (None, None))[0]
        lines.append(
            f"{channel:<16}"
            + "".join(f"{revenue[(channel, m)]:>16,.2f}" for m in MODELS)
            + (f"{effect:>16.9f}" if effect is not None else f"{'':>16}")
        )
    lines.append(
        f"{'total':<16}"
        + "".join(f"{sum(revenue[(c, m)] for c in channels):>16,.2f}" for m in MODELS)
    )
    if expected["p_conversion"] is not None:
        lines.append(f"P(conversion) of the full chain: {expected['p_conversion']:.12f}"
                     f" over {len(expected['journeys'])} journeys")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duckdb", required=True, help="DuckDB file built by dbt")
    parser.add_argument("--tolerance", type=float, default=1e-6)
    parser.add_argument("--vars", default="{}", help="JSON object overriding dbt_project.yml vars")
    args = parser.parse_args(argv)

    import duckdb

    con = duckdb.connect(args.duckdb, read_only=True)
    try:
        expected = recompute(con, project_vars(json.loads(args.vars)))
        print(channel_table(expected))
        problems = compare(con, expected, args.tolerance)
    finally:
        con.close()
    if problems:
        print(f"\nFAILED: the SQL disagrees with the recomputation ({len(problems)} differences):")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"\nOK: every channel total, credit and removal effect agrees within {args.tolerance:g}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
