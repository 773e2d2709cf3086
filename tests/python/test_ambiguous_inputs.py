"""Ambiguous raw input is refused before anything loads (the raw loader's
contract check, macros/raw/load_raw_files.sql), with one line per file naming
the file, what was found and what to do:

- the same table as both CSV and Parquet;
- the same contract column twice in a CSV header or a Parquet schema,
  case-insensitively (a folder of Parquet parts: the part at fault);
- a CSV file in another encoding than UTF-8: UTF-16 with or without a
  byte-order mark (little- and big-endian), Latin-1 in the header line or in
  a large share of the first lines;
- a CSV header that has no comma but splits on `;` or a tab.

Every case is planted in a different table of one copy of the small demo
dataset, so one dbt invocation (`dbt run` of one model, which runs the loader
first) checks them all: the loader lists every problem in one message. A line
with a few invalid bytes in an otherwise UTF-8 file is planted too and must
not be refused (it is quarantined when the file loads:
tests/python/test_bad_inputs.py, case invalid_utf8_bytes).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, run_dbt

# One small model: the loader runs (on-run-start) before it.
SELECT = ["run", "--select", "int_calendar_months"]
REFUSED = "Raw data contract not met in RAW_DATA_DIR="


def read_csv_file(raw: Path, table: str) -> tuple[list[str], list[list[str]]]:
    with open(raw / f"{table}.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r]
    return rows[0], rows[1:]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue()


def arrow_table(header: list[str], rows: list[list[str]]) -> pa.Table:
    return pa.table([pa.array([r[i] or None for r in rows], pa.string()) for i in range(len(header))],
                    names=header)


# ----------------------------------------------------------------- planting

def _both_formats(raw: Path) -> None:
    pq.write_table(arrow_table(*read_csv_file(raw, "crm_deals")), raw / "crm_deals.parquet")


def _duplicate_csv_column(raw: Path) -> None:
    header, rows = read_csv_file(raw, "crm_deal_stage_changes")
    i = [h.lower() for h in header].index("deal_stage")
    (raw / "crm_deal_stage_changes.csv").write_text(
        csv_text(header + ["DEAL_STAGE"], [r + [r[i].upper()] for r in rows]), encoding="utf-8")


def _duplicate_parquet_column(raw: Path) -> None:
    """A folder of two Parquet parts; the second repeats `spend` as `Spend`."""
    header, rows = read_csv_file(raw, "ad_performance_daily")
    (raw / "ad_performance_daily.csv").unlink()
    folder = raw / "ad_performance_daily.parquet"
    folder.mkdir()
    half = len(rows) // 2
    pq.write_table(arrow_table(header, rows[:half]), folder / "part-00000.parquet")
    i = [h.lower() for h in header].index("spend")
    pq.write_table(arrow_table(header + ["Spend"], [r + [r[i]] for r in rows[half:]]),
                   folder / "part-00001.parquet")


def _utf16_bom(raw: Path) -> None:
    p = raw / "crm_accounts.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16"))  # little-endian, FF FE


def _utf16_no_bom(raw: Path) -> None:
    p = raw / "crm_activities.csv"
    p.write_bytes(p.read_text(encoding="utf-8").encode("utf-16-le"))


def _utf16_big_endian(raw: Path) -> None:
    p = raw / "web_page_views.csv"
    p.write_bytes(b"\xfe\xff" + p.read_text(encoding="utf-8").encode("utf-16-be"))


def _latin1_rows(raw: Path) -> None:
    """Names with accents on every third row, written in Latin-1."""
    header, rows = read_csv_file(raw, "crm_contacts")
    i = [h.lower() for h in header].index("first_name")
    rows = [r[:i] + ["Zoë-José"] + r[i + 1:] if n % 3 == 0 else r for n, r in enumerate(rows)]
    (raw / "crm_contacts.csv").write_bytes(csv_text(header, rows).encode("latin-1", errors="replace"))


def _latin1_header(raw: Path) -> None:
    """An ASCII file but for one extra column named in Latin-1."""
    header, rows = read_csv_file(raw, "ad_clicks")
    (raw / "ad_clicks.csv").write_bytes(csv_text(header + ["Référence"], [r + ["x"] for r in rows])
                                        .encode("latin-1", errors="replace"))


def _semicolons(raw: Path) -> None:
    header, rows = read_csv_file(raw, "crm_lifecycle_stage_changes")
    (raw / "crm_lifecycle_stage_changes.csv").write_text(csv_text(header, rows, ";"), encoding="utf-8")


def _tabs(raw: Path) -> None:
    header, rows = read_csv_file(raw, "marketing_costs")
    (raw / "marketing_costs.csv").write_text(csv_text(header, rows, "\t"), encoding="utf-8")


def _a_few_invalid_bytes(raw: Path) -> None:
    """As test_bad_inputs.py's invalid_utf8_bytes: one line of an otherwise
    UTF-8 file with Latin-1 bytes. Not refused."""
    header, rows = read_csv_file(raw, "web_form_submissions")
    i = [h.lower() for h in header].index("message")
    bad = list(rows[0])
    bad[i] = "MARKER"
    line = csv_text(header, [bad]).split("\n", 1)[1].encode("utf-8").replace(b"MARKER", b"caf\xe9 \xff\xfe latin-1")
    with open(raw / "web_form_submissions.csv", "ab") as f:
        f.write(line)


@dataclass
class Case:
    name: str
    plant: Callable[[Path], None]
    # the message line for the case, from RAW_DATA_DIR (None: not refused)
    line: Callable[[Path], str] | None
    file: str


CASES = [
    Case("both_csv_and_parquet", _both_formats,
         lambda r: f"both CSV and Parquet for table crm_deals in {r}/crm_deals.csv and {r}/crm_deals.parquet: "
                   "keep only the current one (the loader cannot tell which to read)", "crm_deals"),
    Case("duplicate_column_csv_header", _duplicate_csv_column,
         lambda r: f"column 'deal_stage' twice in the header ('deal_stage', 'DEAL_STAGE') in "
                   f"{r}/crm_deal_stage_changes.csv: keep one of them (names match case-insensitively, "
                   "so the loader cannot tell which to read)", "crm_deal_stage_changes"),
    Case("duplicate_column_parquet_part", _duplicate_parquet_column,
         lambda r: f"column 'spend' twice in the schema ('spend', 'Spend') in "
                   f"{r}/ad_performance_daily.parquet/part-00001.parquet: keep one of them (names match "
                   "case-insensitively, so the loader cannot tell which to read)", "ad_performance_daily"),
    Case("utf16_with_bom", _utf16_bom,
         lambda r: f"UTF-16 encoding (byte-order mark FF FE) in {r}/crm_accounts.csv: re-export the file as UTF-8",
         "crm_accounts"),
    Case("utf16_big_endian_with_bom", _utf16_big_endian,
         lambda r: f"UTF-16 encoding (byte-order mark FE FF) in {r}/web_page_views.csv: re-export the file as UTF-8",
         "web_page_views"),
    Case("utf16_without_bom", _utf16_no_bom,
         lambda r: "UTF-16 encoding (NUL bytes between the characters of the header line) in "
                   f"{r}/crm_activities.csv: re-export the file as UTF-8", "crm_activities"),
    Case("latin1_rows", _latin1_rows,
         lambda r: "encoding other than UTF-8 ({n} of the first {m} lines are not valid UTF-8; Latin-1 or "
                   f"Windows-1252?) in {r}/crm_contacts.csv: re-export the file as UTF-8", "crm_contacts"),
    Case("latin1_header", _latin1_header,
         lambda r: "encoding other than UTF-8 (the header line is not valid UTF-8; Latin-1 or Windows-1252?) in "
                   f"{r}/ad_clicks.csv: re-export the file as UTF-8", "ad_clicks"),
    Case("semicolon_delimiter", _semicolons,
         lambda r: f"header separated by ';', not commas, in {r}/crm_lifecycle_stage_changes.csv: "
                   "re-export the file comma-separated", "crm_lifecycle_stage_changes"),
    Case("tab_delimiter", _tabs,
         lambda r: f"header separated by tabs, not commas, in {r}/marketing_costs.csv: "
                   "re-export the file comma-separated", "marketing_costs"),
    Case("a_few_invalid_bytes_not_refused", _a_few_invalid_bytes, None, "web_form_submissions"),
]


def latin1_counts(raw: Path) -> tuple[int, int]:
    """(lines not valid UTF-8, lines) among the first 1,000 of crm_contacts.csv,
    counted by Python."""
    lines = (raw / "crm_contacts.csv").read_bytes().splitlines()[:1000]
    bad = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
    return bad, len(lines)


@pytest.fixture(scope="module")
def refused(small_raw_dir, tmp_path_factory):
    """One dbt run on a copy of the small dataset with every case planted."""
    work = tmp_path_factory.mktemp("ambiguous")
    raw = work / "raw"
    shutil.copytree(small_raw_dir, raw)
    assert len({c.file for c in CASES}) == len(CASES)  # one table per case
    for case in CASES:
        case.plant(raw)
    result = run_dbt(SELECT, raw, work)
    return result, raw, work / "dev.duckdb"


def test_refused_before_anything_loads(refused):
    result, raw, db = refused
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert REFUSED + str(raw) in result.stdout, result.stdout[-3000:]
    # nothing loaded, nothing built: the raw schema holds only the loader's
    # bookkeeping table, no other schema has a table
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        try:
            tables = con.sql("select table_schema, table_name from information_schema.tables").fetchall()
        finally:
            con.close()
        assert tables in ([], [("raw", "_raw_files_read")]), tables


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_message_names_file_what_was_found_and_what_to_do(case: Case, refused):
    result, raw, _ = refused
    problems = [line.strip()[2:] for line in result.stdout.splitlines() if line.strip().startswith("- ")]
    mine = [p for p in problems if f"{raw}/{case.file}." in p]
    if case.line is None:
        assert mine == [], mine
        return
    expected = case.line(raw)
    if case.name == "latin1_rows":
        bad, lines = latin1_counts(raw)
        assert bad >= 0.1 * lines
        expected = expected.format(n=bad, m=lines)
    assert mine == [expected], f"expected:\n  {expected}\ngot:\n  " + "\n  ".join(mine or ["(nothing)"])


def test_wrapper_prints_every_problem_on_one_line(refused):
    """scripts/dbt_run.py (the Makefile's wrapper) ends with one line listing
    every problem."""
    result, raw, db = refused
    sys.path.insert(0, str(ROOT / "scripts"))
    import dbt_run

    line = dbt_run.explain_failure(result.stdout, raw.parent / "target", db)
    assert line.startswith("the raw files do not meet the raw data contract: ")
    for case in CASES:
        if case.line is not None:
            assert f"{raw}/{case.file}." in line, case.name


def test_docs_show_the_lines_the_build_prints(refused):
    """docs/operations.md (Bad input and freshness) shows the message of this
    very run, counts aside."""
    result, raw, _ = refused
    doc = (ROOT / "docs" / "operations.md").read_text()
    shown = doc[doc.index("<!-- example-output: raw-contract-ambiguous"):].split("```", 2)[1]
    counts = re.compile(r"\d+ of the first \d+ lines")
    printed = {counts.sub("N of the first M lines", line.strip()) for line in result.stdout.splitlines()}
    for line in shown.strip().splitlines():
        line = counts.sub("N of the first M lines", line.strip().replace("/path/to/exports", str(raw)))
        assert line in printed, f"docs/operations.md shows a line the build does not print:\n{line}"
    assert len(shown.strip().splitlines()) == 1 + sum(c.line is not None for c in CASES)
