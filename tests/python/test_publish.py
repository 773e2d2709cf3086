"""Publishing: BI reads a separate DuckDB file holding only the marts of the
last build that passed every model and test, swapped in atomically.

- A reader process queries the published marts in a loop (reconnecting each
  time, like a dashboard refresh) and a second one holds one read-only
  connection open the whole time (like a BI tool left open), while a passing
  build and a failing build run. Neither ever errors, neither blocks the
  build, and every snapshot either saw is whole: every table's row count and
  content hash match the `publication_info` of the same file (never a mix of
  two builds), and the builds they see only move forward.
- A failing build leaves the published file byte for byte as it was and says so.
- A build killed midway (SIGKILL) leaves the published file untouched; run
  again it succeeds, with no duplicate rows and marts identical to a clean
  build of the same input.

This module also holds the shared reference build (`reference_build()`): the
small demo dataset with planted personal data, built once per session with a
random EMAIL_HASH_KEY and published. test_determinism and test_privacy reuse it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

csv.field_size_limit(2**31 - 1)

PY = sys.executable
BUILD_CLOCK = "2026-11-01 00:00:00"
PUBLISHED_NAME = "revenue_analytics.duckdb"

# Planted personal data and markup (test_privacy looks for them everywhere).
PLANTED = {
    "email": "zz.planted.h7x9@plantedpii.example",
    "first_name": "Quentinia",
    "last_name": "Plantedname-Xylo",
    "phone": "+44 20 7946 0999",
    "phone_digits": "442079460999",
    "script": "<script>alert('h7-xss-9f3')</script>",
    "script_marker": "h7-xss-9f3",
    "message_marker": "h7-free-text-marker-5521",
}


# ------------------------------------------------------------------ helpers

def env_for(work: Path, raw: Path, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        RAW_DATA_DIR=str(raw),
        DBT_DUCKDB_PATH=str(work / "dev.duckdb"),
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
        DBT_PROFILES_DIR=str(ROOT),
        DUCKDB_TEMP_DIRECTORY=str(work / "tmp"),
        PUBLISHED_DUCKDB_PATH=str(work / "published" / PUBLISHED_NAME),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def wrapper_cmd(*dbt_args: str, publish: bool = True, clock: str = BUILD_CLOCK, **dbt_vars) -> list[str]:
    """scripts/dbt_run.py (the Makefile's wrapper) with the build clock pinned."""
    cmd = [PY, str(ROOT / "scripts" / "dbt_run.py"), *dbt_args]
    dbt_vars = {"build_clock": clock, **dbt_vars} if clock else dbt_vars
    if dbt_vars:
        cmd += ["--vars", json.dumps(dbt_vars)]
    if publish:
        cmd.append("--publish")
    return cmd


def run(cmd: list[str], env: dict, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def table_digest_sql(relation: str) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    import publish

    return publish.table_digest_sql(relation)


def marts_digests(db: Path, schema: str = "marts", skip=("publication_info",),
                  exact: bool = False) -> dict[str, tuple[int, str]]:
    """{table: (rows, content hash)} of every table of `schema` (discovered, not
    listed). Unless `exact`, floating-point columns are hashed at 12
    significant digits: a sum of doubles may differ in its last bit (1e-16)
    with the order DuckDB adds them in, which no reader can see."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.sql(
            "select table_name from duckdb_tables() where schema_name = ? and database_name = current_database() "
            "order by 1", params=[schema]).fetchall()]
        digests = {}
        for t in tables:
            if t in skip:
                continue
            relation = f'{schema}."{t}"'
            if not exact:
                columns = con.sql("select column_name, data_type from duckdb_columns() where schema_name = ? "
                                  "and table_name = ? and database_name = current_database() order by column_index",
                                  params=[schema, t]).fetchall()
                select = ", ".join(f"printf('%.12g', \"{c}\") as \"{c}\"" if dtype in ("DOUBLE", "FLOAT")
                                   else f'"{c}"' for c, dtype in columns)
                relation = f"(select {select} from {relation})"
            digests[t] = tuple(con.sql(table_digest_sql(relation)).fetchall()[0])
        return digests
    finally:
        con.close()


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def append_rows(raw: Path, rows: dict[str, list[dict]]) -> None:
    """Appends rows to raw CSV files, in each file's own column order and line
    ending; an optional file the data lacks is created with the rows' columns."""
    for table, table_rows in rows.items():
        path = raw / f"{table}.csv"
        if not path.exists():
            with open(path, "w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerow(list(dict.fromkeys(k for row in table_rows for k in row)))
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        newline = "\r\n" if path.open("rb").readline().endswith(b"\r\n") else "\n"
        with open(path, "a", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator=newline)
            for row in table_rows:
                writer.writerow([row.get(h.strip().lower(), "") for h in header])


def person_rows(tag: str, email: str, first: str, last: str, phone: str, script: str, marker: str) -> dict:
    """An account, a contact with a lead stage, a browser with a page view, a
    form submission and an identify call, email events, and a deal: one person
    end to end."""
    return {
        "crm_accounts": [dict(account_id=f"h7-{tag}-acct", account_name=f"Plantedco {tag} Industries",
                              website_domain=f"{tag}.plantedpii.example", industry="Software",
                              employee_count="120", country="GB", created_at="2026-01-05T10:00:00Z",
                              is_deleted="false")],
        "crm_contacts": [dict(contact_id=f"h7-{tag}-contact", account_id=f"h7-{tag}-acct", email=email.upper(),
                              first_name=first, last_name=last, job_title="VP Marketing", phone=phone,
                              lead_source=script, created_at="2026-01-06T10:00:00Z", is_deleted="false")],
        "crm_lifecycle_stage_changes": [dict(contact_id=f"h7-{tag}-contact", lifecycle_stage="lead",
                                             changed_at="2026-01-06T10:00:00Z")],
        "web_form_submissions": [dict(
            submission_id=f"h7-{tag}-sub", submitted_at="2026-01-06T09:55:00Z", form_name="demo_request",
            anonymous_id=f"h7-{tag}-browser", email=f"  {email} ", full_name=f"{first} {last}", phone=phone,
            company_name=f"Plantedco {tag} Industries", job_title="VP Marketing",
            message=f"Hi, {script} call {phone} {marker}", consent="on", origin="Organic Search | Google",
            page_url="https://northwind-analytics.com/demo", referrer_url="https://www.google.com/")],
        # an identify call (a later login) of the same browser: the email goes
        # through the optional identify table too, and must not leak from it
        "web_identifies": [dict(identify_id=f"h7-{tag}-login", anonymous_id=f"h7-{tag}-browser",
                                email=f" {email.upper()} ", identified_at="2026-01-07T08:00:00Z")],
        # email events: the address goes through the optional email table too,
        # also inside a clicked link, and must not leak from it
        "email_events": [
            dict(event_id=f"h7-{tag}-email-sent", contact_id=f"h7-{tag}-contact", email=f" {email.upper()} ",
                 campaign_id="h7-newsletter", campaign_name="H7 newsletter", event_type="sent",
                 occurred_at="2026-01-08T09:00:00Z"),
            dict(event_id=f"h7-{tag}-email-click", email=email, campaign_id="h7-newsletter",
                 campaign_name="H7 newsletter", event_type="click", occurred_at="2026-01-08T10:00:00Z",
                 url=f"https://northwind-analytics.com/pricing?utm_source=newsletter&email={email}",
                 user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0")],
        "web_page_views": [dict(event_id=f"h7-{tag}-pv", anonymous_id=f"h7-{tag}-browser",
                                viewed_at="2026-01-06T09:50:00Z",
                                page_url=f"https://northwind-analytics.com/demo?email={email}",
                                referrer_url="https://www.google.com/", user_agent="Mozilla/5.0")],
        "crm_deals": [dict(deal_id=f"h7-{tag}-deal", account_id=f"h7-{tag}-acct",
                           primary_contact_id=f"h7-{tag}-contact", deal_name=f"{script} {last} deal",
                           pipeline="new_business", amount="5000", currency="USD",
                           created_at="2026-02-01T10:00:00Z", deal_stage="discovery", is_closed="false",
                           is_won="false", is_deleted="false")],
    }


def plant(raw: Path) -> None:
    """Adds a person with unique PII and markup (test_privacy looks for them)."""
    p = PLANTED
    append_rows(raw, person_rows("pii", p["email"], p["first_name"], p["last_name"], p["phone"], p["script"],
                                 p["message_marker"]))


def next_export(raw: Path) -> None:
    """The next day's export: the same files plus new rows (append-only)."""
    append_rows(raw, person_rows("next", "next.person@nextco.example", "Nextina", "Person", "+1 555 0199",
                                 "hello", "no marker"))


# ------------------------------------------------------- the reference build

_REFERENCE: dict = {}


def reference_build(tmp_root: Path, small_raw_dir: Path) -> dict:
    """The small demo dataset plus planted PII, built (with --store-failures)
    and published once per session with a random EMAIL_HASH_KEY."""
    if _REFERENCE:
        return _REFERENCE
    work = tmp_root / "reference"
    raw = work / "raw"
    shutil.copytree(small_raw_dir, raw)
    plant(raw)
    key = "h7key-" + secrets.token_hex(16)
    env = env_for(work, raw, EMAIL_HASH_KEY=key)
    started = time.monotonic()
    result = run(wrapper_cmd("build", "--store-failures"), env)
    seconds = time.monotonic() - started
    assert result.returncode == 0, f"reference build failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    _REFERENCE.update(
        work=work, raw=raw, key=key, env=env, seconds=seconds, output=result.stdout + result.stderr,
        published=work / "published" / PUBLISHED_NAME,
        digests=marts_digests(work / "dev.duckdb"),
    )
    return _REFERENCE


@pytest.fixture(scope="session")
def reference(tmp_path_factory, small_raw_dir) -> dict:
    return reference_build(tmp_path_factory.getbasetemp(), small_raw_dir)


# ------------------------------------------------------------------ readers

READER = textwrap.dedent('''
    import json, sys, time
    import duckdb
    sys.path.insert(0, {scripts!r})
    from publish import table_digest_sql

    path, stop, out, hold = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "hold"
    deadline = time.monotonic() + {max_seconds}
    seen, errors, iterations, inconsistent = [], [], 0, []
    con = duckdb.connect(path, read_only=True) if hold else None
    import os
    while time.monotonic() < deadline and not os.path.exists(stop):
        try:
            c = con if hold else duckdb.connect(path, read_only=True)
            try:
                info = c.sql("select build_id, table_name, row_count, content_hash "
                             "from marts.publication_info").fetchall()
                builds = {{r[0] for r in info}}
                tables = {{r[0] for r in c.sql("select table_name from duckdb_tables() "
                                               "where schema_name = 'marts'").fetchall()}}
                expected = {{r[1]: (r[2], r[3]) for r in info}}
                if len(builds) != 1 or tables != set(expected) | {{"publication_info"}}:
                    inconsistent.append(["tables", sorted(builds),
                                         sorted(tables ^ (set(expected) | {{"publication_info"}}))])
                for t, want in expected.items():
                    got = tuple(c.sql(table_digest_sql('marts."' + t + '"')).fetchall()[0])
                    if got != want:
                        inconsistent.append([t, list(got), list(want)])
                build = sorted(builds)[0]
                if not seen or seen[-1] != build:
                    seen.append(build)
                iterations += 1
            finally:
                if not hold:
                    c.close()
        except Exception as e:
            errors.append(type(e).__name__ + ": " + str(e).splitlines()[0])
        time.sleep(0.25)
    json.dump(dict(seen=seen, errors=errors[:20], error_count=len(errors), iterations=iterations,
                   inconsistent=inconsistent[:20]), open(out, "w"))
''')


def start_reader(work: Path, published: Path, name: str, hold: bool, max_seconds: int = 900):
    script = work / "reader.py"
    script.write_text(READER.format(scripts=str(ROOT / "scripts"), max_seconds=max_seconds))
    stop = work / "stop_readers"
    out = work / f"reader_{name}.json"
    proc = subprocess.Popen([PY, str(script), str(published), str(stop), str(out), "hold" if hold else "reconnect"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, out


# -------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def workspace(tmp_path_factory, reference) -> Path:
    """A copy of the reference build's working database, target and published file."""
    work = tmp_path_factory.mktemp("publish")
    for name in ("dev.duckdb", "published"):
        src = reference["work"] / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
    shutil.copytree(reference["work"] / "target", work / "target")
    return work


def test_reference_build_published_marts_only(reference):
    published = reference["published"]
    assert published.exists()
    con = duckdb.connect(str(published), read_only=True)
    try:
        schemas = {r[0] for r in con.sql("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts"}, schemas
        info = con.sql("select distinct build_id from marts.publication_info").fetchall()
        assert len(info) == 1
    finally:
        con.close()
    assert marts_digests(published, exact=True) == marts_digests(reference["work"] / "dev.duckdb", exact=True), \
        "published marts differ from the working database"
    assert "Published" in reference["output"]


@pytest.mark.long
def test_readers_during_passing_and_failing_builds(workspace, reference, small_raw_dir, tmp_path_factory):
    published = workspace / "published" / PUBLISHED_NAME
    first_build = duckdb.connect(str(published), read_only=True)
    build_a = first_build.sql("select distinct build_id from marts.publication_info").fetchall()[0][0]
    first_build.close()

    # dataset B: the next export (the same files plus new rows), so that marts differ
    raw_b = tmp_path_factory.mktemp("raw_b") / "raw"
    shutil.copytree(reference["raw"], raw_b)
    next_export(raw_b)
    env_b = env_for(workspace, raw_b, EMAIL_HASH_KEY=reference["key"])
    (workspace / "raw_b").write_text(str(raw_b))

    readers = [start_reader(workspace, published, "reconnect", hold=False),
               start_reader(workspace, published, "hold", hold=True)]
    timings = {}
    try:
        time.sleep(1.0)
        started = time.monotonic()
        passing = run(wrapper_cmd("build"), env_b)
        timings["passing build + publish"] = time.monotonic() - started
        assert passing.returncode == 0, passing.stdout[-3000:] + passing.stderr[-2000:]
        assert "Published" in passing.stdout
        con = duckdb.connect(str(published), read_only=True)
        build_b = con.sql("select distinct build_id from marts.publication_info").fetchall()[0][0]
        con.close()
        assert build_b != build_a
        digest_b = file_sha(published)
        time.sleep(1.0)

        # a failing build: a model fails midway (a var that is not a number)
        started = time.monotonic()
        failing = run(wrapper_cmd("build", session_gap_minutes="not_a_number"), env_b)
        timings["failing build"] = time.monotonic() - started
        assert failing.returncode != 0
        results = json.loads((workspace / "target" / "run_results.json").read_text())
        statuses = {r["status"] for r in results["results"]}
        assert "error" in statuses and "success" in statuses, f"expected a build failing midway: {statuses}"
        last_line = failing.stderr.strip().splitlines()[-1]
        assert last_line.startswith("ERROR: the build did not pass"), last_line
        assert f"left unchanged: {published} still holds build {build_b}" in last_line, last_line
        assert "Traceback" not in failing.stdout + failing.stderr
        assert file_sha(published) == digest_b, "a failed build changed the published file"

        # publish.py on its own refuses too
        refused = run([PY, str(ROOT / "scripts" / "publish.py")], env_b)
        assert refused.returncode == 1 and "Not published: the last build did not pass" in refused.stderr
        time.sleep(1.0)
    finally:
        (workspace / "stop_readers").touch()
        outputs = []
        for proc, out in readers:
            proc.wait(timeout=120)
            outputs.append(json.loads(out.read_text()))
    reconnect, hold = outputs
    report = (f"\nreader (reconnecting each query): {reconnect['iterations']} snapshots, builds seen in order "
              f"{[b[:8] for b in reconnect['seen']]}, errors {reconnect['error_count']}, "
              f"inconsistent {len(reconnect['inconsistent'])}\n"
              f"reader (one connection held open): {hold['iterations']} snapshots, builds seen "
              f"{[b[:8] for b in hold['seen']]}, errors {hold['error_count']}, "
              f"inconsistent {len(hold['inconsistent'])}\n"
              f"timings: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()))
    print(report)
    (workspace / "readers_report.txt").write_text(report)
    for result in outputs:
        assert result["error_count"] == 0, result["errors"]
        assert result["inconsistent"] == [], result["inconsistent"]
        assert result["iterations"] > 0
    # the reconnecting reader moved from A to B and never back
    assert reconnect["seen"] == [build_a, build_b], reconnect["seen"]
    # the one holding the file open kept its whole snapshot of A
    assert hold["seen"] == [build_a], hold["seen"]


@pytest.mark.long
def test_killed_build_leaves_published_marts_and_reruns_cleanly(workspace, reference):
    """Runs after the readers test: the workspace's last good build is B."""
    published = workspace / "published" / PUBLISHED_NAME
    before = file_sha(published)
    expected = marts_digests(published)
    raw_b = Path((workspace / "raw_b").read_text())
    # DBT_RUN_VERBOSE: the wrapper prints dbt's per-node lines (counted below to kill midway)
    env = env_for(workspace, raw_b, EMAIL_HASH_KEY=reference["key"], DBT_RUN_VERBOSE=1)
    proc = subprocess.Popen(wrapper_cmd("build"), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    done, total, killed_at = 0, None, None
    deadline = time.monotonic() + 600
    for line in proc.stdout:
        m = re.search(r"\b(\d+) of (\d+) (OK|PASS)", line)
        if m and "hook" not in line:
            done, total = int(m.group(1)), int(m.group(2))
        if (total and done >= total * 0.3) or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            killed_at = (done, total)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert killed_at and total and killed_at[0] < killed_at[1], f"the build ended before it was killed: {killed_at}"
    assert proc.returncode == -signal.SIGKILL
    assert file_sha(published) == before, "a killed build changed the published file"
    assert not list(published.parent.glob(f".{published.name}.tmp-*"))

    rerun = run(wrapper_cmd("build"), env)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-2000:]
    assert "Published" in rerun.stdout
    con = duckdb.connect(str(workspace / "dev.duckdb"), read_only=True)
    try:
        for (t,) in con.sql("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall():
            rows, distinct = con.sql(f'select count(*), (select count(*) from (select distinct * from marts."{t}")) '
                                     f'from marts."{t}"').fetchall()[0]
            assert rows == distinct, f"duplicate rows in marts.{t} after a killed build and a rerun"
    finally:
        con.close()
    # the same input as the last good build: the same marts, whatever the kill left behind
    assert marts_digests(workspace / "dev.duckdb") == expected
    assert marts_digests(published) == expected
    print(f"\nkilled after {killed_at[0]} of {killed_at[1]} nodes; published file untouched; the rerun gives the "
          f"same marts as the last good build")


def test_build_output_is_short_in_a_log_and_says_what_to_open(reference):
    """The wrapper's output when it is not a terminal (here: captured, as in a
    log file): no colour codes, no carriage returns, no per-node lines, and it
    ends with the things to open next and their paths."""
    output = reference["output"]
    assert "\x1b[" not in output and "\r" not in output, "colour codes or carriage returns in a log"
    assert not re.search(r"\d+ of \d+ (START|OK|PASS) ", output), "per-node lines in a log"
    lines = output.strip().splitlines()
    assert len(lines) < 60, f"{len(lines)} lines of output"
    tail = "\n".join(lines[-8:])
    assert "Next:" in tail and str(reference["published"]) in tail, tail
    for thing in ("build/docs/static_index.html", "build/report/revenue_report.html", "mf list metrics"):
        assert thing in tail, f"{thing!r} missing from the closing lines:\n{tail}"
