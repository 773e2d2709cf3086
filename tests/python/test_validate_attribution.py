"""Attribution engine against plain numpy.

- The SQL Markov engine (macro `markov_removal_effect_ctes`, compiled by dbt
  and run in DuckDB) agrees with a linear solve of (I - Q) x = r to 1e-9 on
  random long journeys, including near-singular chains.
- scripts/validate_attribution.py passes on a good build and fails, with a
  readable diff, when a mart value is altered (on a copy of the DuckDB file).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))

from validate_attribution import allocate_cents, markov_removal_effects  # noqa: E402

DBT = Path(sys.executable).with_name("dbt")
CHANNELS = ["paid_search", "paid_social", "display", "email", "organic_search", "referral", "direct", "events"]


SPLIT = "-- next statement --"


def compile_markov_sql(tmp_path, relation, squarings_list):
    """The engine's SQL over `relation`, rendered by dbt from the macro, once
    per number of squarings (None: the `attribution_markov_squarings` var),
    in a single dbt call."""
    statements = []
    for squarings in squarings_list:
        argument = "" if squarings is None else f", squarings={squarings}"
        statements.append(
            f"with journeys as (select * from {relation}), "
            f"{{{{ markov_removal_effect_ctes('journeys'{argument}) }}}} "
            "final as (select * from markov_removal_effects) select * from final"
        )
    env = dict(
        os.environ,
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_DUCKDB_PATH=str(tmp_path / "compile.duckdb"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    command = [
        str(DBT), "compile", "--quiet", "--output", "json",
        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
        "--inline", f"\n{SPLIT}\n".join(statements),
    ]
    result = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    compiled = json.loads(result.stdout[result.stdout.index("{"):])["compiled"]
    return [part.strip() for part in compiled.split(SPLIT)]


def random_journeys(seed, count, max_length, stickiness):
    """Journeys with long paths and sticky channels (spectral radius near 1)."""
    rng = random.Random(seed)
    journeys = []
    for _ in range(count):
        length = rng.randint(1, max_length)
        path = [rng.choice(CHANNELS)]
        while len(path) < length:
            path.append(path[-1] if rng.random() < stickiness else rng.choice(CHANNELS))
        # conversion more likely through some channels, so effects differ
        converts = rng.random() < (0.15 + 0.5 * ("events" in path) + 0.2 * ("paid_search" in path))
        journeys.append((path, converts))
    return journeys


def run_sql_engine(tmp_path, journeys, sql):
    import pandas as pd

    frame = pd.DataFrame(
        [
            (f"j{j}", step, channel, converts)
            for j, (path, converts) in enumerate(journeys)
            for step, channel in enumerate(path, start=1)
        ],
        columns=["journey_id", "step_number", "channel", "is_converting"],
    )
    con = duckdb.connect()
    con.register("journey_frame", frame)
    con.execute(
        "create table random_journeys as select cast(journey_id as varchar) as journey_id,"
        " cast(step_number as bigint) as step_number, cast(channel as varchar) as channel,"
        " cast(is_converting as boolean) as is_converting from journey_frame"
    )
    result = con.execute(sql).fetchall()
    con.close()
    return {
        channel: dict(removal_effect=re, p=p, p_without=pw, unabsorbed=u)
        for channel, p, pw, re, u in result
    }


@pytest.fixture(scope="module")
def compiled_sql(tmp_path_factory):
    default, three = compile_markov_sql(tmp_path_factory.mktemp("markov"), "random_journeys", [None, 3])
    return {"default": default, "three_squarings": three}


@pytest.fixture(scope="module")
def markov_sql(compiled_sql):
    return compiled_sql["default"]


@pytest.mark.parametrize(
    "seed,count,max_length,stickiness",
    [
        (1, 400, 40, 0.3),  # long B2B paths
        (2, 200, 40, 0.9),  # sticky channels: spectral radius close to 1
        (3, 50, 3, 0.0),  # short paths
        (4, 30, 40, 0.97),  # very sticky, few journeys
    ],
)
def test_markov_sql_matches_numpy_linear_solve(tmp_path, markov_sql, seed, count, max_length, stickiness):
    journeys = random_journeys(seed, count, max_length, stickiness)
    p_full, expected = markov_removal_effects(journeys)
    got = run_sql_engine(tmp_path, journeys, markov_sql)
    assert set(got) == set(expected)
    for channel, (effect, without) in expected.items():
        row = got[channel]
        assert abs(row["p"] - p_full) < 1e-9, channel
        assert abs(row["p_without"] - without) < 1e-9, channel
        assert abs(row["removal_effect"] - effect) < 1e-9, (channel, row["removal_effect"], effect)
        assert 0 <= row["removal_effect"] <= 1
        assert row["unabsorbed"] < 1e-12


def test_markov_too_few_squarings_is_detected(tmp_path, compiled_sql):
    """With 2^3 steps the chain has not converged: the diagnostic says so."""
    journeys = random_journeys(2, 200, 40, 0.9)
    got = run_sql_engine(tmp_path, journeys, compiled_sql["three_squarings"])
    assert max(row["unabsorbed"] for row in got.values()) > 1e-3


def test_markov_no_conversion_gives_no_negative_or_infinite_effect(tmp_path, markov_sql):
    journeys = [(["email", "direct"], False), (["direct"], False), (["email", "email"], False)]
    got = run_sql_engine(tmp_path, journeys, markov_sql)
    assert all(row["removal_effect"] is None and row["p"] == 0 for row in got.values())
    assert markov_removal_effects(journeys)[1]["email"][0] is None


def test_markov_null_transitions_are_not_lost(tmp_path, markov_sql):
    # email converts once in four: P(conversion) = 1/4, not 1
    journeys = [(["email"], True), (["email"], False), (["email"], False), (["email"], False)]
    got = run_sql_engine(tmp_path, journeys, markov_sql)
    assert got["email"]["p"] == pytest.approx(0.25, abs=1e-15)
    assert got["email"]["removal_effect"] == pytest.approx(1.0, abs=1e-15)


def test_allocate_cents_adds_up_exactly():
    assert allocate_cents([(1 / 3, 0), (1 / 3, 1), (1 / 3, 2)], 10000) == [3334, 3333, 3333]
    assert allocate_cents([(1 / 7, 0), (2 / 7, 1), (4 / 7, 2)], 10000) == [1429, 2857, 5714]
    rng = random.Random(5)
    for _ in range(200):
        weights = [rng.random() for _ in range(rng.randint(1, 30))]
        total = sum(weights)
        cents = rng.randint(0, 10**9)
        allocated = allocate_cents([(w / total, i) for i, w in enumerate(weights)], cents)
        assert sum(allocated) == cents
        assert all(abs(a - w / total * cents) < 1.0 + 1e-6 for a, w in zip(allocated, weights))


# --------------------------------------------------------------------------
# the validator on a built database
# --------------------------------------------------------------------------


def built_database():
    path = Path(os.environ.get("DBT_DUCKDB_PATH", PROJECT_DIR / "build" / "revenue.duckdb"))
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
        con.execute("select count(*) from marts.rpt_markov_removal_effects").fetchone()
        # the validator reads the inputs' views, which need the raw files
        con.execute("select * from intermediate.int_touchpoints_sequenced limit 1").fetchall()
        con.close()
    except duckdb.Error:
        return None
    return path


@pytest.fixture
def database_copy(tmp_path):
    source = built_database()
    if source is None:
        pytest.skip("no built DuckDB with the attribution marts (run dbt build first)")
    # same file name: DuckDB views name their catalog after the file
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


def run_validator(path):
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "validate_attribution.py"), "--duckdb", str(path)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
    )


def test_validator_passes_on_a_good_build(database_copy):
    result = run_validator(database_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stdout
    assert "data_driven" in result.stdout


@pytest.mark.parametrize(
    "statement,expected_text",
    [
        (
            "update marts.rpt_attribution_by_channel_monthly set attributed_revenue = attributed_revenue + 0.01"
            " where (month, channel, model) in (select month, channel, model"
            " from marts.rpt_attribution_by_channel_monthly order by attributed_revenue desc limit 1)",
            "attributed_revenue",
        ),
        (
            "update marts.rpt_markov_removal_effects set removal_effect = removal_effect + 1e-5"
            " where channel = (select min(channel) from marts.rpt_markov_removal_effects)",
            "removal_effect",
        ),
        (
            "update marts.fct_attribution_credits set credit = credit + 1e-4"
            " where credit_id = (select min(credit_id) from marts.fct_attribution_credits"
            " where model = 'time_decay' and touchpoint_id is not null)",
            "credit",
        ),
    ],
)
def test_validator_fails_when_a_mart_value_is_altered(database_copy, statement, expected_text):
    con = duckdb.connect(str(database_copy))
    con.execute(statement)
    con.close()
    result = run_validator(database_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED" in result.stdout
    assert expected_text in result.stdout.split("FAILED", 1)[1]
