"""Incremental runs after appended days give the marts of a full refresh.

Each day (scripts/bench/append.py `append_day`) holds what an incremental build
can get wrong: new page views, clicks and forms of returning browsers, a late
page view opening a session between old ones (later sessions renumbered),
one continuing a session that spans the incremental window's first midnight,
exact duplicates of new rows, a conflicting version of a 200-day-old page
view dated in the window, a form that identifies an old anonymous browser
(identity is retroactive), and a new account merge. The second day adds a
page view and an exact duplicate older than the lookback window.

Day 1 is a full build; days 2 and 3 are incremental builds (with all data
and unit tests) of the same database. After each, every table of schema
`marts` (and every incremental model) is compared, ordered and hashed, with a
fresh full build of the same files.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, run_dbt

sys.path.insert(0, str(ROOT / "scripts"))
from bench.append import append_day  # noqa: E402

# make test-long (pyproject.toml)
pytestmark = pytest.mark.long

INCREMENTAL_MODELS = [
    ("staging", "base_web__page_views"),
    ("staging", "base_ads__clicks"),
    ("intermediate", "int_page_views_sessionized"),
    ("intermediate", "int_sessions_aggregated"),
    ("intermediate", "int_touchpoints_unioned"),
    ("intermediate", "int_touchpoints_sequenced"),
]
MODELS_ONLY = ["build", "--exclude-resource-type", "test", "unit_test"]


def table_digests(db: Path, schema: str, tables: list[str] | None = None) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of the sorted rows) per table; doubles to 10 digits
    (parallel sums may differ in the last bits between two builds)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = tables or [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "and table_type = 'BASE TABLE' order by 1", [schema]).fetchall()]
        digests = {}
        for name in names:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position", [schema, name]).fetchall()
            assert columns, f"{schema}.{name} not found in {db}"
            parts = []
            for column, dtype in columns:
                ref = f'"{column}"'
                if dtype in ("DOUBLE", "FLOAT", "REAL"):
                    parts.append(f"coalesce(printf('%.10g', {ref}), '<null>')")
                else:
                    parts.append(f"coalesce(cast({ref} as varchar), '<null>')")
            rows = con.execute(
                f"select concat_ws(chr(31), {', '.join(parts)}) as r from \"{schema}\".\"{name}\" order by r"
            ).fetchall()
            digest = hashlib.sha256("\n".join(r[0] for r in rows).encode()).hexdigest()
            digests[name] = (len(rows), digest)
        return digests
    finally:
        con.close()


def dbt_vars(clock: dt.datetime, lookback_days: int) -> list[str]:
    return ["--vars", json.dumps({"build_clock": clock.strftime("%Y-%m-%d %H:%M:%S"),
                                  "incremental_lookback_days": lookback_days})]


@pytest.fixture(scope="module")
def days(small_raw_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    summary = json.loads((small_raw_dir / "_generation_summary.json").read_text())
    clock = dt.datetime.fromisoformat(summary["as_of"].replace("Z", "+00:00")).replace(tzinfo=None)
    inc = work / "inc"
    inc.mkdir()
    run_dbt([*MODELS_ONLY, *dbt_vars(clock, 3)], small_raw_dir, inc, check=True)

    raw = small_raw_dir
    results = []
    # day 2: the window starts at a midnight that a session spans (a lookback
    # chosen for it); day 3: rows older than a 3-day window
    for number, (lookback, very_late) in enumerate([(None, False), (3, True)], start=2):
        next_raw = work / f"raw_day{number}"
        appended = append_day(raw, next_raw, lookback_days=lookback, very_late=very_late)
        clock += dt.timedelta(days=1)
        incremental = run_dbt(["build", *dbt_vars(clock, appended["lookback_days"])], next_raw, inc)
        snapshot = {
            "appended": appended,
            "incremental": incremental,
            "marts": table_digests(inc / "dev.duckdb", "marts"),
            "models": {t: table_digests(inc / "dev.duckdb", s, [t])[t] for s, t in INCREMENTAL_MODELS},
            "late_rows": late_rows(inc / "dev.duckdb"),
        }
        full = work / f"full_day{number}"
        full.mkdir()
        run_dbt([*MODELS_ONLY, *dbt_vars(clock, appended["lookback_days"])], next_raw, full, check=True)
        snapshot["full_marts"] = table_digests(full / "dev.duckdb", "marts")
        snapshot["full_models"] = {t: table_digests(full / "dev.duckdb", s, [t])[t] for s, t in INCREMENTAL_MODELS}
        results.append(snapshot)
        raw = next_raw
    return results


def late_rows(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "conflicting": con.execute("""
                select row_status, reject_reason from staging.base_web__page_views
                where page_url like '%?conflicting=1'""").fetchall(),
            "sessions": con.execute("""
                select split_part(event_id, '-', 2), is_session_start
                from intermediate.int_page_views_sessionized where event_id like 'late-%'
                order by event_id""").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(params=[0, 1], ids=["day2_boundary", "day3_very_late"])
def day(request, days):
    return days[request.param]


def test_appended_day_holds_the_cases(day):
    cases = day["appended"]["cases"]
    for case in ("next_day_page_views", "next_day_clicks", "next_day_forms"):
        assert cases[case] > 0, case
    expected = ["late_new_session", "exact_copy_new", "exact_copy_click", "conflicting_version",
                "identifying_form", "account_merge"]
    if "late_old" in cases:
        expected += ["late_old", "exact_copy_old"]
    else:
        # day 2's window starts at a midnight a session spans (day 3's late
        # rows reach further back than any window)
        expected += ["late_boundary"]
    for case in expected:
        assert cases[case] == 1, case


def test_incremental_build_passes_its_tests(day):
    result = day["incremental"]
    assert result.returncode == 0, result.stdout[-4000:]
    for _, model in INCREMENTAL_MODELS:
        assert f"OK created sql incremental model" in result.stdout and model in result.stdout


def test_incremental_models_equal_full_refresh(day):
    assert day["models"] == day["full_models"]


def test_touchpoint_chain_is_patched_not_rebuilt(day):
    """The chain keeps the touches of the dates that did not change: the day
    rewrites some loaded dates (its own, those of the old sessions of the
    browser its form identifies, of the merged account's touches, of the
    late page views), not all, and deletes only those dates' touches."""
    stdout = day["incremental"].stdout
    pattern = (r": touches rewritten on (\d+) dates \((\d+) loaded\); "
               r"(\d+) of (\d+) loaded touches deleted")
    for model in ("int_touchpoints_unioned", "int_touchpoints_sequenced", "fct_touchpoints"):
        found = re.search(model + pattern, stdout)
        assert found, f"no patch line for {model} in the incremental run's output"
        rewritten, loaded, deleted, held = (int(g) for g in found.groups())
        print(f"{model}: {rewritten} of {loaded} dates, {deleted} of {held} touches rewritten")
        assert loaded > 100, (model, loaded)
        # (a fifth: the merged accounts are the two with the most contacts,
        # whose touches span about 100 of the demo's 731 dates)
        assert 1 <= rewritten <= loaded // 5, (model, rewritten, loaded)
        # an account whose timeline changed is rewritten on every date of
        # its touches: more touches than dates, far from all of them
        assert 1 <= deleted <= held // 4, (model, deleted, held)


def test_marts_equal_full_refresh(day):
    inc, full = day["marts"], day["full_marts"]
    assert inc.keys() == full.keys() and inc, "the marts differ in their tables"
    different = {t: (inc[t], full[t]) for t in inc if inc[t] != full[t]}
    assert not different, f"marts differing from a full refresh: {different}"


def test_late_rows_are_classified_as_a_full_refresh_would(days):
    last = days[-1]["late_rows"]
    # every conflicting version of an old page view, dated in a window, is
    # rejected: the old version stays staged
    assert last["conflicting"] == [("rejected", "conflicting_duplicate_event_id")] * 2
    sessions = {}
    for case, is_start in last["sessions"]:
        sessions.setdefault(case, set()).add(is_start)
    # a late page view in a long gap opens a session; one just after a
    # midnight that a session spans continues it
    assert sessions["late_new_session"] == {True}
    assert sessions["late_boundary"] == {False}
