"""Qualification answers of the demo data (BANT: budget, authority, need, timeline).

The optional contract columns `web_form_submissions.budget` / `timeline` and
`crm_deals.expected_close_date` (docs/raw-data.md). Every draw comes from its
own random stream (``Settings.rng("bant", ...)``), so adding these columns
leaves every other column of the demo exactly as it was.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

DAY = 86_400

BUDGETS = ["under 10k", "10k-50k", "50k+", "no budget"]
TIMELINES = ["this quarter", "next quarter", "this year", "no timeline"]
# answer weights (same order as the lists): people who later become SQL
# mostly have a real budget and a near timeline, the others less so; both
# noisy, so that a form answer predicts conversion without deciding it
BUDGET_WEIGHTS = {"sql": [0.15, 0.40, 0.30, 0.15], "other": [0.30, 0.25, 0.10, 0.35]}
TIMELINE_WEIGHTS = {"sql": [0.35, 0.35, 0.20, 0.10], "other": [0.15, 0.20, 0.30, 0.35]}
# share of submissions answering: sales forms ask, content forms rarely do
ANSWER_RATE = {"sales_sql": 0.75, "sales_other": 0.5, "content": 0.04}
# how the form tool exports a few answers: stray case and whitespace
MESSY_SHARE = 0.05


def _answers(rng: np.random.Generator, values: list[str], probs: np.ndarray,
             answered: np.ndarray) -> pa.Array:
    """One answer per row drawn from its row's weights, null where not answered."""
    cum = np.cumsum(probs, axis=1)
    code = (rng.random(answered.size)[:, None] > cum).sum(axis=1).clip(0, len(values) - 1)
    text = np.array(values, dtype=object)[code]
    messy = rng.random(answered.size) < MESSY_SHARE
    text = np.where(messy, np.char.add(" ", np.char.upper(text.astype(str))).astype(object), text)
    return pa.array(np.where(answered, text, None), pa.string())


def form_answers(cfg, kind: np.ndarray, sales_kinds: list[int], later_sql: np.ndarray) -> dict[str, pa.Array]:
    """Budget and timeline answers of the (non-spam) form submissions.

    ``kind``: form kind per submission; ``sales_kinds``: the kinds of the
    sales-request forms; ``later_sql``: the submitter becomes an SQL."""
    rng = cfg.rng("bant", "forms")
    n = kind.size
    sales = np.isin(kind, sales_kinds)
    rate = np.where(sales, np.where(later_sql, ANSWER_RATE["sales_sql"], ANSWER_RATE["sales_other"]),
                    ANSWER_RATE["content"])
    group = np.where(later_sql, 0, 1)
    out = {}
    for column, values, table in (("budget", BUDGETS, BUDGET_WEIGHTS), ("timeline", TIMELINES, TIMELINE_WEIGHTS)):
        answered = rng.random(n) < rate
        probs = np.array([table["sql"], table["other"]])[group]
        out[column] = _answers(rng, values, probs, answered)
    return out


def expected_close_dates(cfg, close: np.ndarray, is_open: np.ndarray, as_of: int) -> np.ndarray:
    """Expected close day (days since the epoch, -1 for none) of open deals.

    The forecast is the simulated close time give or take a few weeks; some
    forecasts are stale (already past) and a few open deals have none."""
    rng = cfg.rng("bant", "deals")
    n = close.size
    day = np.floor((close + rng.normal(0, 20, n) * DAY) / DAY).astype(np.int64)
    stale = rng.random(n) < 0.10
    day = np.where(stale, as_of // DAY - rng.integers(5, 60, n), day)
    missing = rng.random(n) < 0.08
    return np.where(is_open & ~missing, day, -1)
