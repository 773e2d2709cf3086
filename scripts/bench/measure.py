"""Runs a command and measures it: wall and CPU seconds, the peak RSS of its
process tree (polled from /proc) and each process's high-water mark.

The machine may be shared: CPU seconds are recorded beside wall seconds, and
the load average before and after."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
import time
from pathlib import Path

from bench.config import ROOT


def _high_water_rss(pid: int) -> int:
    """VmHWM (bytes): the largest RSS a process has had since its last exec.
    Unlike the ru_maxrss of wait4, it does not count the parent's memory at
    the fork (ru_maxrss does: a child spawned by this script after it held
    10.9 GiB reported 10.9 GiB for /bin/true)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_memory(root_pid: int) -> tuple[int, int]:
    """(RSS summed over a process and all its descendants, the largest VmHWM
    among them), in bytes, from one walk of /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            pid, ppid, pages = int(entry), int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE")
    total, high_water, todo = 0, 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        high_water = max(high_water, _high_water_rss(pid))
        todo.extend(children.get(pid, []))
    return total, high_water


def run_measured(cmd: list[str], env: dict, log_path: Path, keep_samples: bool = False) -> dict:
    """Runs a command; returns wall and CPU seconds, peak RSS and the exit code
    (and, with keep_samples, every RSS sample as `rss_samples`)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    started = time.perf_counter()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak = {"tree": 0, "at": None, "single": 0}
        # every sample (UTC, bytes): run_dbt gives each node the largest RSS
        # seen while it ran, so a peak can be traced to the node that sets it
        samples: list[tuple[dt.datetime, int]] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                rss, high_water = _tree_memory(proc.pid)
                # the high-water mark catches a peak between two polls
                peak["single"] = max(peak["single"], high_water)
                now = dt.datetime.now(dt.timezone.utc)
                samples.append((now, rss))
                if rss > peak["tree"]:
                    peak["tree"] = rss
                    peak["at"] = now
                done.wait(0.25)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    result = {
        "command": " ".join(cmd),
        "returncode": proc.returncode,
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        # the poll sums the tree; VmHWM is the largest single process (not
        # ru_maxrss, which counts this script's own memory at the fork)
        "peak_rss_bytes": max(peak["single"], peak["tree"]),
        # when the polled tree peaked (UTC): run_dbt names the nodes running then
        "peak_rss_at": peak["at"].isoformat() if peak["at"] else None,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "log": str(log_path),
    }
    if keep_samples:
        result["rss_samples"] = samples
    return result
