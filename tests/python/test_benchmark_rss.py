"""The benchmark's memory trace: each node gets the largest RSS sampled while
it ran, so the node that sets a run's memory peak can be named."""
from __future__ import annotations

import datetime as dt
import os
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from bench.measure import run_measured  # noqa: E402
from bench.run_results import _nodes_running_at, peak_rss_by_node  # noqa: E402

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _node(name: str, start_s: int, end_s: int) -> dict:
    def at(seconds: int) -> str:
        return (T0 + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")
    return {
        "unique_id": f"model.project.{name}",
        "timing": [
            {"name": "compile", "started_at": at(start_s), "completed_at": at(start_s)},
            {"name": "execute", "started_at": at(start_s), "completed_at": at(end_s)},
        ],
    }


RESULTS = [_node("a", 0, 10), _node("b", 5, 20), _node("c", 21, 30)]
SAMPLES = [(T0 + dt.timedelta(seconds=s), rss) for s, rss in
           [(1, 100), (6, 500), (12, 300), (19, 900), (20, 50), (25, 400), (31, 9999)]]


def test_each_node_gets_the_largest_rss_seen_while_it_ran():
    ranked = peak_rss_by_node(RESULTS, SAMPLES)
    assert ranked == [
        {"node": "project.b", "peak_rss_bytes": 900, "beside": []},
        {"node": "project.a", "peak_rss_bytes": 500, "beside": ["project.b"]},
        {"node": "project.c", "peak_rss_bytes": 400, "beside": []},
    ]


def test_samples_outside_every_node_are_not_credited():
    # the 9999 sample falls after the last node: nobody is credited with it
    assert all(n["peak_rss_bytes"] < 9999 for n in peak_rss_by_node(RESULTS, SAMPLES))
    assert peak_rss_by_node(RESULTS, SAMPLES, top=1)[0]["node"] == "project.b"
    assert peak_rss_by_node(RESULTS, []) == []


def test_nodes_running_at_a_moment():
    moment = (T0 + dt.timedelta(seconds=7)).isoformat()
    assert _nodes_running_at(RESULTS, moment) == ["project.a", "project.b"]
    assert _nodes_running_at(RESULTS, None) == []


def test_peak_rss_counts_the_child_not_this_process(tmp_path):
    """A child's peak is its own memory: this process holding 400 MB when it
    starts the child must not show (wait4's ru_maxrss counts it), while a
    child that allocates 300 MB must."""
    held = bytearray(400 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])  # touch every page: resident
    env = dict(os.environ)
    small = run_measured([sys.executable, "-c", "pass"], env, tmp_path / "small.log")
    big = run_measured([sys.executable, "-c", "import time; b = bytearray(300 * 2**20); time.sleep(1)"],
                       env, tmp_path / "big.log")
    del held
    assert small["returncode"] == 0 and big["returncode"] == 0
    assert small["peak_rss_bytes"] < 100 * 2**20
    assert big["peak_rss_bytes"] > 300 * 2**20
