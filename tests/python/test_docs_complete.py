"""scripts/check_docs_complete.py and the dbt-score conventions can fail.

`make test` runs both on the project's own manifest (`make conventions`,
`make docs-check`: they must pass there).
These tests feed them altered copies of that manifest and check that each
kind of gap is reported by name:

- docs: a model, a column, a seed, a source column, a macro, a macro
  argument, a singular test, a metric without a description; an email
  address or a raw form message in the docs text (reported without the
  value);
- conventions (dbt-score with the rules of dbt_score_rules/): a model named
  against its layer, `source()` outside staging, a model without a
  primary-key test, a mart without an enforced contract, a model reading a
  later layer, an undescribed column;
- settings: every environment variable profiles.yml reads has a row in docs/settings.md
  with the same default.

The manifest is the build's (`DBT_TARGET_PATH`, default target/), or one
`dbt parse` writes into tmp_path when there is none.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHECK = PROJECT_DIR / "scripts" / "check_docs_complete.py"
PROJECT = "revenue_analytics"
RAW_MESSAGE = "Please call me back about the enterprise plan tomorrow"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    target = Path(os.environ.get("DBT_TARGET_PATH") or PROJECT_DIR / "target")
    target = target if target.is_absolute() else PROJECT_DIR / target
    path = target / "manifest.json"
    if not path.exists() or not json.loads(path.read_text()).get("semantic_models"):
        work = tmp_path_factory.mktemp("parse")
        env = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        result = subprocess.run([str(VENV_BIN / "dbt"), "parse", "--target-path", str(work / "target"),
                                 "--log-path", str(work / "logs")], cwd=PROJECT_DIR, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-3000:]
        path = work / "target" / "manifest.json"
    return json.loads(path.read_text())


def write_target(tmp_path: Path, manifest: dict) -> Path:
    target = tmp_path / "target"
    target.mkdir(exist_ok=True)
    (target / "manifest.json").write_text(json.dumps(manifest))
    return target


def run_check(target: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), "--target-path", str(target), *extra],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)


def run_conventions(target: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "dbt-score"), "lint", "--manifest", str(target / "manifest.json")],
                          cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)


def first(manifest: dict, section: str, predicate) -> dict:
    return next(item for item in manifest[section].values() if predicate(item))


def node(manifest: dict, name: str, kind: str = "model") -> dict:
    return first(manifest, "nodes", lambda n: n["resource_type"] == kind and n["name"] == name)


def model_in(manifest: dict, layer: str, index: int = 0) -> dict:
    """The index-th model (by name) of a layer folder: discovered, so that renames elsewhere do not matter."""
    models = sorted((n for n in manifest["nodes"].values() if n["resource_type"] == "model"
                     and n["original_file_path"].startswith(f"models/{layer}/")), key=lambda n: n["name"])
    return models[index]


def test_project_docs_are_complete(manifest, tmp_path):
    result = run_check(write_target(tmp_path, manifest), "--no-duckdb")
    assert result.returncode == 0, result.stdout


def test_every_kind_of_gap_is_reported(manifest, tmp_path):
    altered = copy.deepcopy(manifest)
    node(altered, "dim_contacts")["description"] = ""
    node(altered, "fct_deals")["columns"]["amount"]["description"] = " "
    next(n for n in altered["nodes"].values() if n["resource_type"] == "seed")["description"] = "TODO"
    source = next(iter(altered["sources"].values()))
    column = next(iter(source["columns"]))
    source["columns"][column]["description"] = ""
    macro = next(m for m in sorted(altered["macros"].values(), key=lambda m: m["name"])
                 if m["package_name"] == PROJECT and len(m.get("arguments") or []) >= 2)
    dropped = macro["arguments"].pop()["name"]
    undescribed = next(m for m in sorted(altered["macros"].values(), key=lambda m: m["name"])
                       if m["package_name"] == PROJECT and m is not macro)
    undescribed["description"] = ""
    singular = first(altered, "nodes", lambda n: n["resource_type"] == "test" and not n.get("test_metadata"))
    singular["description"] = ""
    next(iter(altered["metrics"].values()))["description"] = ""
    result = run_check(write_target(tmp_path, altered), "--no-duckdb")
    assert result.returncode == 1
    for expected in ("model dim_contacts", "column fct_deals.amount", f"macro argument {macro['name']}({dropped})",
                     f"macro {undescribed['name']} (", f"singular test {singular['name']}", "metric ",
                     f"source column {source['source_name']}.{source['name']}.{column}", "seed "):
        assert expected in result.stdout, f"{expected!r} not reported:\n{result.stdout}"


def test_raw_data_in_docs_is_reported_without_the_value(manifest, tmp_path):
    database = tmp_path / "docs_check.duckdb"
    con = duckdb.connect(str(database))
    con.execute("create schema raw")
    con.execute("create table raw.web_form_submissions (message varchar, full_name varchar, email varchar, "
                "phone varchar)")
    con.execute("insert into raw.web_form_submissions values (?, 'Ada Lovelace-Byron', 'ada@corp.io', null)",
                [RAW_MESSAGE])
    con.close()
    altered = copy.deepcopy(manifest)
    overview = altered["docs"][f"doc.{PROJECT}.__overview__"]
    overview["block_contents"] += f"\nFor instance: {RAW_MESSAGE}."
    node(altered, "dim_accounts")["description"] += " Owner: someone@corp-mail.io"
    result = run_check(write_target(tmp_path, altered), "--duckdb", str(database))
    assert result.returncode == 1
    assert "PRIVACY: a raw form message value appears in the docs text of doc.revenue_analytics.__overview__" \
        in result.stdout
    assert "PRIVACY: an email address appears in the docs text of model.revenue_analytics.dim_accounts" \
        in result.stdout
    assert RAW_MESSAGE not in result.stdout + result.stderr
    assert "corp-mail.io" not in result.stdout + result.stderr


def test_convention_violations_fail(manifest, tmp_path):
    altered = copy.deepcopy(manifest)
    # naming: an intermediate model with a mart prefix
    model_in(altered, "intermediate", 0)["name"] = "rpt_misplaced"
    # source() outside staging
    reader = model_in(altered, "intermediate", 1)
    reader["depends_on"]["nodes"].append(next(iter(altered["sources"])))
    # a mart without its contract
    node(altered, "rpt_funnel_monthly")["config"]["contract"]["enforced"] = False
    # a model without a primary-key test
    unkeyed = node(altered, "dim_accounts")
    for test in [n for n in altered["nodes"].values() if n["resource_type"] == "test"
                 and (n.get("test_metadata") or {}).get("name") == "primary_key"
                 and n.get("attached_node") == unkeyed["unique_id"]]:
        del altered["nodes"][test["unique_id"]]
    # a staging model reading a mart
    backwards = model_in(altered, "staging", 0)
    mart_id = node(altered, "fct_deals")["unique_id"]
    backwards["depends_on"]["nodes"].append(mart_id)
    altered["parent_map"].setdefault(backwards["unique_id"], []).append(mart_id)
    altered["child_map"].setdefault(mart_id, []).append(backwards["unique_id"])
    # an undescribed column
    node(altered, "fct_touchpoints")["columns"]["channel"]["description"] = ""
    result = run_conventions(write_target(tmp_path, altered))
    assert result.returncode == 1, result.stdout[-3000:]
    for rule in ("model_name_matches_layer", "source_only_in_staging", "mart_has_enforced_contract",
                 "has_primary_key_test", "no_read_from_later_layer", "columns_have_description"):
        assert rule in result.stdout, f"{rule} not reported:\n{result.stdout[-3000:]}"


def test_every_profile_setting_is_documented():
    """Each environment variable profiles.yml reads is in a table of
    docs/settings.md (Spark's in docs/spark.md).

    Fails on a setting added to the profile without its row (name and
    default) in the settings tables.
    """
    profile = (PROJECT_DIR / "profiles.yml").read_text()
    readme = "\n".join((PROJECT_DIR / "docs" / page).read_text() for page in ("settings.md", "spark.md"))
    settings = dict(re.findall(r"env_var\('([A-Z0-9_]+)',\s*'([^']*)'\)", profile))
    assert len(settings) >= 10, settings
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([A-Z0-9_]+)` \| `?([^|`]*)`? \|", readme, re.M)
    }
    undocumented = sorted(set(settings) - set(rows))
    assert not undocumented, f"profiles.yml settings missing from docs/settings.md and docs/spark.md: {undocumented}"
    wrong_default = {
        name: (default, rows[name])
        for name, default in settings.items()
        if rows[name] != default
    }
    assert not wrong_default, f"docs/settings.md default differs from profiles.yml (profile, docs): {wrong_default}"
