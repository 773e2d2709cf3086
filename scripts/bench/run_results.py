"""Reads a dbt run's run_results.json: seconds by node type, the ten slowest
models, failed nodes, and (with the RSS samples of run_measured) the nodes
running at the peak RSS and the largest RSS seen while each node ran."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path


def _execution_spans(results: list[dict]) -> list[tuple[dt.datetime, dt.datetime, str]]:
    """(start, end, node) of every node's execute step, in UTC."""
    spans = []
    for r in results:
        for step in r.get("timing", []):
            if step.get("name") != "execute" or not step.get("started_at") or not step.get("completed_at"):
                continue
            start, end = (dt.datetime.fromisoformat(step[k].replace("Z", "+00:00")) for k in ("started_at",
                                                                                          "completed_at"))
            if start.tzinfo is None:
                start, end = start.replace(tzinfo=dt.timezone.utc), end.replace(tzinfo=dt.timezone.utc)
            spans.append((start, end, r["unique_id"].split(".", 1)[1]))
    return spans


def _nodes_running_at(results: list[dict], moment: str | None) -> list[str]:
    """The nodes whose execution spans a moment (ISO UTC): who held the peak RSS."""
    if not moment:
        return []
    at = dt.datetime.fromisoformat(moment)
    return [node for start, end, node in _execution_spans(results) if start <= at <= end]


def peak_rss_by_node(results: list[dict], samples: list[tuple[dt.datetime, int]], top: int = 10) -> list[dict]:
    """The largest RSS sampled while each node ran, highest first, with the
    nodes that ran beside it at that sample (two dbt threads share one
    DuckDB process, so a node's figure includes its neighbour's memory)."""
    spans = _execution_spans(results)
    best: dict[str, tuple[int, list[str]]] = {}
    for at, rss in samples:
        running = [node for start, end, node in spans if start <= at <= end]
        for node in running:
            if rss > best.get(node, (-1, []))[0]:
                best[node] = (rss, [other for other in running if other != node])
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    return [{"node": node, "peak_rss_bytes": rss, "beside": beside} for node, (rss, beside) in ranked]


def summarize_run_results(path: Path, peak_rss_at: str | None = None,
                          rss_samples: list[tuple[dt.datetime, int]] | None = None) -> dict:
    if not path.exists():
        return {}
    results = json.loads(path.read_text())["results"]
    by_type: dict[str, float] = {}
    models = []
    for r in results:
        kind = r["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + r["execution_time"]
        if kind == "model":
            models.append((r["execution_time"], r["unique_id"].split(".")[-1]))
        if kind == "operation":
            by_type["raw_load_hook"] = by_type.get("raw_load_hook", 0.0) + r["execution_time"]
    models.sort(reverse=True)
    failures = [r["unique_id"] for r in results if r["status"] in ("error", "fail")]
    return {
        "slowest_models": [{"model": name, "seconds": round(t, 2)} for t, name in models[:10]],
        "seconds_by_node_type": {k: round(v, 2) for k, v in sorted(by_type.items())},
        "failed_nodes": failures,
        "nodes_at_peak_rss": _nodes_running_at(results, peak_rss_at),
        "peak_rss_by_node": peak_rss_by_node(results, rss_samples or []),
    }
