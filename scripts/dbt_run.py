#!/usr/bin/env python3
"""Run a dbt command for the Makefile and end with one readable line.

    python scripts/dbt_run.py build            # dbt build
    python scripts/dbt_run.py build --publish  # dbt build, then the publish audit, then publish the marts
    python scripts/dbt_run.py build --publish --expect-change  # the audit accepts a large change of headline figures
    python scripts/dbt_run.py source freshness

dbt's own output is streamed as it comes. When the command fails, the last
line printed says what went wrong in words a user can act on (a bad
RAW_DATA_DIR, a locked database, a missing raw file or column, an unreadable
CSV file, failing models or tests) and the exit status is non-zero; with
--publish it also says that the published marts were left unchanged. Checks
that need no dbt (RAW_DATA_DIR exists, the database is not locked) run first.

Environment: RAW_DATA_DIR, DBT_DUCKDB_PATH, DBT_TARGET_PATH (as dbt), and
PUBLISHED_DUCKDB_PATH (see scripts/publish.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import publish as publisher  # noqa: E402

EXIT_USAGE = 2


def fail(message: str, code: int = 1) -> int:
    print(f"ERROR: {message}", file=sys.stderr, flush=True)
    return code


def _abs(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def check_raw_dir() -> str | None:
    raw = os.environ.get("RAW_DATA_DIR")
    if raw is None or not raw.strip():
        return ("RAW_DATA_DIR is not set: point it at the folder of raw export files "
                "(or run `make build` without it to use the demo data)")
    path = _abs(raw.strip())
    if not path.exists():
        return f"RAW_DATA_DIR={raw} does not exist: point it at the folder of raw export files"
    if not path.is_dir():
        return f"RAW_DATA_DIR={raw} is not a folder: point it at the folder of raw export files"
    if not os.access(path, os.R_OK | os.X_OK):
        return f"RAW_DATA_DIR={raw} cannot be read (permissions)"
    return None


def check_email_hash_key() -> str | None:
    key = os.environ.get("EMAIL_HASH_KEY")
    if key is not None and not key.strip():
        sys.path.insert(0, str(ROOT / "plugins"))
        from email_hash_udf import BLANK_KEY_MESSAGE

        return BLANK_KEY_MESSAGE
    return None


def lock_holder(db: Path) -> str | None:
    """A description of the process holding the database, or None when free."""
    if not db.exists():
        return None
    import duckdb

    try:
        # read-write, as dbt opens it: fails while anyone (even a read-only
        # reader) holds the file
        duckdb.connect(str(db)).close()
        return None
    except duckdb.Error as e:
        text = str(e)
        if "lock" not in text.lower():
            return None
        pid = re.search(r"PID (\d+)", text)
        return f"process {pid.group(1)}" if pid else "another process"


def explain_failure(output: str, target: Path, db: Path) -> str:
    """One line saying why dbt failed, from its output and run_results.json."""
    contract = re.search(r"Raw data contract not met in RAW_DATA_DIR=(.*?):\n((?:\s+- .*\n?)+)", output)
    if contract:
        problems = [p.strip()[2:] for p in contract.group(2).strip().splitlines()]
        return f"the raw files do not meet the raw data contract: {'; '.join(problems)}"
    if "Could not set lock on file" in output or "Conflicting lock" in output:
        pid = re.search(r"PID (\d+)", output)
        holder = f"process {pid.group(1)}" if pid else "another process"
        return (f"the database {db} is locked by {holder}: close it (BI tools should read the published file "
                f"instead) and run again")
    csv_file = re.search(r"file = (\S+)", output)
    if "CSV" in output and csv_file:
        return (f"{csv_file.group(1)} cannot be read as CSV (mixed line endings, or quoting DuckDB cannot follow): "
                "re-export it as UTF-8 CSV with one kind of line ending")
    if re.search(r"IO Error: .*(No such file|Permission denied|No space left)", output):
        line = re.search(r"IO Error: (.*)", output).group(1)
        return f"a file could not be read or written: {line.strip()}"
    if "schemas on this incremental model are out of sync" in output:
        # a new version of the project changed an incremental model's
        # columns: the table built by the earlier version must be rebuilt
        model = re.search(r"Compilation Error in model (\S+)", output)
        name = model.group(1) if model else "an incremental model"
        return (f"the columns of {name} changed since the database was built: rebuild it once with "
                f"`make build DBT_ARGS=--full-refresh` (details in logs/dbt.log)")
    if "Parsing Error" in output or "Compilation Error" in output:
        first = re.search(r"(Parsing|Compilation) Error\n\s*(.*)", output)
        return (f"the project does not compile: {first.group(2).strip() if first else 'see the output above'} "
                f"(details in logs/dbt.log)")
    try:
        results = json.loads((target / "run_results.json").read_text())
        if results.get("metadata", {}).get("generated_at") and results.get("results"):
            bad: dict[str, list[str]] = {}
            for r in results["results"]:
                if r.get("status") not in publisher.OK_STATUSES:
                    bad.setdefault(r["status"], []).append(r["unique_id"].split(".")[-1])
            if bad:
                parts = [f"{len(v)} {k} ({', '.join(sorted(v)[:4])}{', ...' if len(v) > 4 else ''})"
                         for k, v in sorted(bad.items())]
                return "the build did not pass: " + "; ".join(parts) + " (details above and in logs/dbt.log)"
    except (OSError, ValueError, KeyError):
        pass
    last = [line.strip() for line in output.splitlines() if line.strip()]
    return f"dbt failed: {last[-1] if last else 'no output'} (details in logs/dbt.log)"


# A node's start line and its passing result line: on a terminal dbt's own
# progress; in a log file 460 lines of noise, so they are counted instead.
NODE_LINE = re.compile(r"^(?:\x1b\[0m)?\d\d:\d\d:\d\d\s+(\d+) of (\d+) (START|OK|PASS|NO-OP) ")
BLANK_LINE = re.compile(r"^(?:\x1b\[0m)?\d\d:\d\d:\d\d\s*$")


class OutputFilter:
    """Decides which of dbt's lines to print: all of them on a terminal (or with
    DBT_RUN_VERBOSE=1); otherwise no per-node start/pass lines, one progress
    line per quarter of the nodes, and no runs of timestamp-only lines."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.total = self.done = 0
        self.next_report = 0.25
        self.last_blank = False

    def lines_for(self, line: str) -> list[str]:
        if self.verbose:
            return [line]
        node = NODE_LINE.match(line)
        if node:
            if node.group(3) == "START":
                return []
            total = int(node.group(2))
            if total != self.total:  # the on-run-start hooks count apart from the nodes
                self.total, self.done, self.next_report = total, 0, 0.25
            self.done += 1
            if total > 1 and self.done / total >= self.next_report:
                while self.done / total >= self.next_report:
                    self.next_report += 0.25
                return [f"dbt: {self.done} of {total} nodes done\n"]
            return []
        blank = bool(BLANK_LINE.match(line))
        if blank and self.last_blank:
            return []
        self.last_blank = blank
        return [line]


def next_steps(out: Path, db: Path) -> str:
    """What to open after a passing `make build`, with the paths of this run."""
    return "\n".join([
        "",
        "Next:",
        f"  published marts (BI reads this, read-only): {out}",
        "  docs site:  make docs    -> build/docs/static_index.html (one file; every model, column and metric)",
        "  report:     make report  -> build/report/revenue_report.html",
        "  semantic layer: .venv/bin/mf list metrics (docs/semantic-layer.md)",
        f"  working database (dbt's, not for BI): {db}",
    ])


def freshness_report(target: Path) -> tuple[str, str | None]:
    """A table of every source's freshness from sources.json, and a one-line
    summary of the stale ones (None when none is past its error threshold)."""
    try:
        results = json.loads((target / "sources.json").read_text())["results"]
    except (OSError, ValueError, KeyError):
        return "", None
    lines = [f"{'source':34} {'newest row (UTC)':20} {'age (days)':>10}  status"]
    stale = []
    for r in sorted(results, key=lambda r: r["unique_id"]):
        name = ".".join(r["unique_id"].split(".")[-2:])
        newest = (r.get("max_loaded_at") or "-")[:19].replace("T", " ")
        age = r.get("max_loaded_at_time_ago_in_s")
        age_days = f"{age / 86400:.1f}" if age is not None else "-"
        status = r.get("status", "?")
        lines.append(f"{name:34} {newest:20} {age_days:>10}  {status}")
        if status not in ("pass", "warn"):
            stale.append(f"{name.split('.')[-1]} ({age_days} days)" if age is not None else f"{name} ({status})")
    summary = None
    if stale:
        summary = (f"{len(stale)} of {len(results)} raw tables are past their freshness error threshold: "
                   + ", ".join(stale[:4]) + (", ..." if len(stale) > 4 else "")
                   + " (thresholds in models/staging/*/_*__sources.yml)")
    return "\n".join(lines), summary


def main(argv: list[str]) -> int:
    publish_after = "--publish" in argv
    expect_change = "--expect-change" in argv
    args = [a for a in argv if a not in ("--publish", "--expect-change")]
    if not args:
        print(__doc__, file=sys.stderr)
        return EXIT_USAGE
    db = _abs(os.environ.get("DBT_DUCKDB_PATH") or "build/revenue.duckdb")
    target = _abs(os.environ.get("DBT_TARGET_PATH") or "target")
    if "--target-path" in args[:-1]:
        target = _abs(args[args.index("--target-path") + 1])
    out = _abs(os.environ.get("PUBLISHED_DUCKDB_PATH") or "build/published/revenue_analytics.duckdb")
    unchanged = f" The published marts were left unchanged: {publisher.published_summary(out)}." \
        if publish_after else ""

    problem = check_raw_dir() or check_email_hash_key()
    if problem:
        return fail(problem + "." + unchanged, EXIT_USAGE)
    db.parent.mkdir(parents=True, exist_ok=True)
    holder = lock_holder(db)
    if holder:
        return fail(f"the database {db} is locked by {holder}: close it (BI tools should read the published "
                    f"file {out} instead) and run again.{unchanged}", 3)

    dbt = str(Path(sys.executable).parent / "dbt")
    tail: deque[str] = deque(maxlen=400)
    verbose = sys.stdout.isatty() or os.environ.get("DBT_RUN_VERBOSE", "0") not in ("", "0")
    shown = OutputFilter(verbose)
    env = dict(os.environ)
    if not sys.stdout.isatty():
        env.setdefault("DBT_USE_COLORS", "false")
    try:
        proc = subprocess.Popen([dbt, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, errors="replace", bufsize=1, env=env)
    except OSError as e:
        return fail(f"cannot run dbt ({dbt}): {e.strerror}. Run `make setup` first.")
    hiding = False  # inside a Python traceback dbt printed (it is in logs/dbt.log)
    try:
        for line in proc.stdout:
            tail.append(line)
            if "Traceback (most recent call last):" in line:
                if not hiding:
                    sys.stdout.write(line.split("Traceback")[0] + "(Python traceback hidden; see logs/dbt.log)\n")
                hiding = True
                continue
            if hiding:
                if line.startswith((" ", "\t")) or not line.strip() or line.startswith("During handling"):
                    continue
                hiding = False
            sys.stdout.writelines(shown.lines_for(line))
            sys.stdout.flush()
        code = proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        proc.wait()
        return fail("interrupted; run the command again (a build is safe to re-run)." + unchanged, 130)
    output = "".join(tail)
    if args[:2] == ["source", "freshness"]:
        table, summary = freshness_report(target)
        if table:
            print("\nSource freshness (newest row of each raw table against the clock):\n" + table, flush=True)
        if code != 0:
            return fail(summary or explain_failure(output, target, db), code)
        return 0
    if code != 0:
        return fail(explain_failure(output, target, db) + "." + unchanged, code if code > 0 else 1)
    if publish_after:
        import audit

        code = audit.audit_and_publish(db, target, out, expect_change)
        if code == 0:
            print(next_steps(out, db), flush=True)
        return code
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as e:  # noqa: BLE001 - one readable line, never a bare traceback
        sys.exit(fail(f"unexpected {type(e).__name__}: {e}"))
