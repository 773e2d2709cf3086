"""The raw data contract: files found by name in RAW_DATA_DIR, columns matched
case-insensitively in any order, extra columns ignored, a missing file or
column stops the build before any model runs, naming the file and column."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from conftest import ROOT, run_dbt

STAGING_ONLY = ["run", "--select", "+stg_web__page_views", "+stg_crm__contacts"]


def copy_raw(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.csv"):
        shutil.copy(f, dst / f.name)
    return dst


def test_missing_column_stops_the_build_naming_file_and_column(small_raw_dir, tmp_path):
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    df = pd.read_csv(raw / "crm_contacts.csv", dtype=str, keep_default_na=False)
    df.drop(columns=["email"]).to_csv(raw / "crm_contacts.csv", index=False)
    result = run_dbt(STAGING_ONLY, raw, tmp_path)
    assert result.returncode != 0
    assert "missing column: 'email'" in result.stdout
    assert str(raw / "crm_contacts.csv") in result.stdout
    # the message docs/operations.md shows is the one the build prints
    doc = (ROOT / "docs" / "operations.md").read_text()
    shown = doc[doc.index("<!-- example-output: raw-contract-missing-column"):].split("```", 2)[1].strip()
    printed = shown.replace("/path/to/exports", str(raw))
    assert all(line.strip() in result.stdout for line in printed.splitlines()), \
        f"docs/operations.md shows:\n{shown}\nthe build printed:\n{result.stdout[-2000:]}"
    # Nothing was built: the check runs before any model.
    db = tmp_path / "dev.duckdb"
    if db.exists():
        con = duckdb.connect(str(db), read_only=True)
        tables = con.sql("select table_name from information_schema.tables where table_schema = 'staging'").fetchall()
        assert tables == []


def test_missing_file_stops_the_build_naming_the_file(small_raw_dir, tmp_path):
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    (raw / "crm_deals.csv").unlink()
    result = run_dbt(STAGING_ONLY, raw, tmp_path)
    assert result.returncode != 0
    assert "missing file: " + str(raw / "crm_deals") in result.stdout


def test_missing_optional_file_means_no_costs(small_raw_dir, tmp_path):
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    (raw / "marketing_costs.csv").unlink()
    run_dbt(["run", "--select", "+stg_marketing__costs"], raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    assert con.execute("select count(*) from staging.stg_marketing__costs").fetchone()[0] == 0


def test_missing_optional_identifies_file_means_no_identifies(small_raw_dir, tmp_path):
    """web_identifies is optional: without the file there are no identify
    calls (so no browser is identified by one), and staging builds."""
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    (raw / "web_identifies.csv").unlink(missing_ok=True)
    run_dbt(["run", "--select", "+stg_web__identifies"], raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    assert con.execute("select count(*) from staging.stg_web__identifies").fetchone()[0] == 0


# an email events file without the optional columns user_agent and is_filtered
EMAIL_EVENTS_WITHOUT_OPTIONAL_COLUMNS = """\
event_id,contact_id,email,campaign_id,campaign_name,event_type,occurred_at,url
h7-ee-1,,Ann.Planted@h7-mail.example ,h7-k,H7 news,SENT,2026-03-01T10:00:00Z,
h7-ee-2,,ann.planted@h7-mail.example,h7-k,H7 news,click,2026-03-01T11:00:00Z,https://x.example/p?utm_source=a&e=1
"""


def test_missing_optional_email_events_file_means_no_email_events(small_raw_dir, tmp_path):
    """email_events is optional: without the file there are no email events
    and staging builds; a file without the optional columns user_agent and
    is_filtered loads, its events unflagged and without user agent."""
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    (raw / "email_events.csv").unlink(missing_ok=True)
    select = ["run", "--select", "+stg_email__events"]
    run_dbt(select, raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from staging.stg_email__events").fetchone()[0] == 0
    finally:
        con.close()
    (raw / "email_events.csv").write_text(EMAIL_EVENTS_WITHOUT_OPTIONAL_COLUMNS, encoding="utf-8")
    run_dbt(select, raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        rows = con.execute("select event_id, event_type, recipient_key, clicked_url, user_agent, is_filtered "
                           "from staging.stg_email__events order by event_id").fetchall()
    finally:
        con.close()
    assert rows == [("h7-ee-1", "sent", "ann.planted@h7-mail.example", None, None, False),
                    ("h7-ee-2", "click", "ann.planted@h7-mail.example", "https://x.example/p?utm_source=a", None,
                     False)]


def test_columns_matched_case_insensitively_in_any_order_extras_ignored(small_raw_dir, tmp_path):
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    df = pd.read_csv(raw / "crm_contacts.csv", dtype=str, keep_default_na=False)
    expected_ids = sorted(set(df["contact_id"]) - {""})
    shuffled = df[list(reversed(df.columns))].copy()
    shuffled.columns = [c.upper() if i % 2 else c.title() for i, c in enumerate(shuffled.columns)]
    shuffled["Some_Extra_Column"] = "ignored"
    shuffled.to_csv(raw / "crm_contacts.csv", index=False)
    run_dbt(["run", "--select", "+stg_crm__contacts"], raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    cols = [r[0] for r in con.sql("describe staging.stg_crm__contacts").fetchall()]
    assert "some_extra_column" not in cols
    staged = sorted(r[0] for r in con.sql("select distinct contact_id from staging.stg_crm__contacts").fetchall())
    assert set(staged) <= set(expected_ids)
    assert len(staged) >= 0.95 * len(expected_ids)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_optional_column_absent_reads_as_null(small_raw_dir, tmp_path, fmt):
    """`crm_contacts.merged_into_contact_id` is optional (meta optional): a file
    without it loads, every contact unmerged; with it, the merges are read."""
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    df = pd.read_csv(raw / "crm_contacts.csv", dtype=str, keep_default_na=False)
    assert (df["merged_into_contact_id"] != "").any(), "the demo data plants contact merges"
    (raw / "crm_contacts.csv").unlink()
    without = df.drop(columns=["merged_into_contact_id"])
    if fmt == "csv":
        without.to_csv(raw / "crm_contacts.csv", index=False)
    else:
        without.replace("", None).to_parquet(raw / "crm_contacts.parquet")
    run_dbt(["run", "--select", "+stg_crm__contacts"], raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        staged, merged = con.execute("select count(*), count(merged_into_contact_id) "
                                     "from staging.stg_crm__contacts").fetchone()
    finally:
        con.close()
    assert staged > 0 and merged == 0


def test_qualification_columns_are_optional_and_cleaned(small_raw_dir, tmp_path):
    """`web_form_submissions.budget` / `timeline` and `crm_deals.expected_close_date`
    are optional: with them, staging trims and lower-cases the answers and types
    the date; files without them load, every value null."""
    raw = copy_raw(small_raw_dir, tmp_path / "raw")
    forms = pd.read_csv(raw / "web_form_submissions.csv", dtype=str, keep_default_na=False)
    deals = pd.read_csv(raw / "crm_deals.csv", dtype=str, keep_default_na=False)
    assert (forms["budget"] != "").any() and (deals["expected_close_date"] != "").any(), "the demo plants answers"
    select = ["run", "--select", "+stg_web__form_submissions", "+stg_crm__deals"]
    query = ("select (select count(budget) + count(timeline) from staging.stg_web__form_submissions), "
             "(select count(*) from staging.stg_web__form_submissions "
             "where budget != lower(trim(budget)) or timeline != lower(trim(timeline))), "
             "(select count(expected_close_date) from staging.stg_crm__deals), "
             "(select count(*) from staging.stg_crm__deals)")
    run_dbt(["seed", "--select", "deal_stages"], raw, tmp_path, check=True)
    run_dbt(select, raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        answers, unclean, expected, staged = con.execute(query).fetchone()
    finally:
        con.close()
    assert answers > 0 and unclean == 0 and 0 < expected < staged
    forms.drop(columns=["budget", "timeline"]).to_csv(raw / "web_form_submissions.csv", index=False)
    deals.drop(columns=["expected_close_date"]).to_csv(raw / "crm_deals.csv", index=False)
    run_dbt(select, raw, tmp_path, check=True)
    con = duckdb.connect(str(tmp_path / "dev.duckdb"), read_only=True)
    try:
        answers, _, expected, staged = con.execute(query).fetchone()
    finally:
        con.close()
    assert answers == 0 and expected == 0 and staged > 0


def staged_contacts(raw: Path, work: Path) -> tuple[list, list]:
    """stg_crm__contacts built from `raw` in `work`, and the raw files the
    build recorded for crm_contacts."""
    run_dbt(["run", "--select", "+stg_crm__contacts"], raw, work, check=True)
    con = duckdb.connect(str(work / "dev.duckdb"), read_only=True)
    try:
        rows = con.sql("select * from staging.stg_crm__contacts order by contact_id").fetchall()
        recorded = con.sql("select path from raw._raw_files_read where table_name = 'crm_contacts' "
                           "order by path").fetchall()
        return rows, [Path(p).name for (p,) in recorded]
    finally:
        con.close()


def test_parquet_files_read_like_csv(small_raw_dir, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in small_raw_dir.glob("*.csv"):
        pd.read_csv(f, dtype=str, keep_default_na=False).replace("", None).to_parquet(raw / (f.stem + ".parquet"))
    parquet_rows, _ = staged_contacts(raw, tmp_path / "pq")
    csv_rows, _ = staged_contacts(small_raw_dir, tmp_path / "csv")
    assert parquet_rows == csv_rows
    assert len(csv_rows) > 0


def test_parquet_folder_of_parts_read_as_one_file(small_raw_dir, tmp_path):
    """`<table>.parquet` may be a folder of part files (a daily export adding
    a file): the table is every part's rows, each part recorded."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in small_raw_dir.glob("*.csv"):
        df = pd.read_csv(f, dtype=str, keep_default_na=False).replace("", None)
        if f.stem == "crm_contacts":
            folder = raw / "crm_contacts.parquet"
            folder.mkdir()
            half = len(df) // 2
            df.iloc[:half].to_parquet(folder / "part-00000.parquet")
            df.iloc[half:].to_parquet(folder / "part-00001.parquet")
        else:
            df.to_parquet(raw / (f.stem + ".parquet"))
    part_rows, recorded = staged_contacts(raw, tmp_path / "parts")
    csv_rows, _ = staged_contacts(small_raw_dir, tmp_path / "csv")
    assert part_rows == csv_rows and len(csv_rows) > 0
    assert recorded == ["part-00000.parquet", "part-00001.parquet"]


def raw_relation_types(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.sql("select table_name, table_type from information_schema.tables "
                            "where table_schema = 'raw'").fetchall())
    finally:
        con.close()


def test_parquet_read_in_place_csv_loaded_and_the_two_swap(small_raw_dir, tmp_path):
    """Parquet files are views over the file (nothing copied), with their size
    and modification time recorded; CSV files are loaded into tables; the same
    database follows a file from one format to the other and back."""
    pq_dir, csv_dir = tmp_path / "pq", tmp_path / "csv"
    pq_dir.mkdir()
    for f in small_raw_dir.glob("*.csv"):
        pd.read_csv(f, dtype=str, keep_default_na=False).replace("", None).to_parquet(pq_dir / (f.stem + ".parquet"))
    copy_raw(small_raw_dir, csv_dir)
    select = ["run", "--select", "+stg_crm__contacts"]
    counts = []
    for raw, kind in ((pq_dir, "VIEW"), (csv_dir, "BASE TABLE"), (pq_dir, "VIEW")):
        run_dbt(select, raw, tmp_path / "work", check=True)
        types = raw_relation_types(tmp_path / "work" / "dev.duckdb")
        assert types["crm_contacts"] == kind
        assert types["web_page_views"] == kind
        assert types["_raw_files_read"] == "BASE TABLE"
        con = duckdb.connect(str(tmp_path / "work" / "dev.duckdb"), read_only=True)
        recorded = con.sql("select table_name, path, size_bytes from raw._raw_files_read").fetchall()
        counts.append(con.execute("select count(*) from staging.stg_crm__contacts").fetchone()[0])
        con.close()
        if kind == "VIEW":
            assert {t for t, _, _ in recorded} == {f.stem for f in pq_dir.glob("*.parquet")}
            assert all(size == Path(path).stat().st_size for _, path, size in recorded)
        else:
            assert recorded == []
    assert counts[0] == counts[1] == counts[2] > 0


def test_publish_refuses_a_build_whose_parquet_file_changed(tmp_path):
    """A build reads Parquet files in place: if one changed while the build ran
    (or since), its models may have read different versions, so it is not
    published."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import publish

    data = tmp_path / "crm_deals.parquet"
    pd.DataFrame({"deal_id": ["d1", "d2"]}).to_parquet(data)
    working = tmp_path / "working.duckdb"
    con = duckdb.connect(str(working))
    con.execute("create schema raw")
    con.execute("create table raw._raw_files_read as select 'crm_deals' as table_name, filename as path, "
                "size as size_bytes, last_modified from read_blob(?)", [str(data)])
    con.close()

    def check():
        con = duckdb.connect()
        try:
            con.execute(f"attach '{working}' as working (read_only)")
            publish.check_raw_files_unchanged(con)
        finally:
            con.close()

    check()  # unchanged: no error
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # rewritten in place, same size
    with pytest.raises(publish.PublishError, match="crm_deals"):
        check()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    check()
    data.unlink()  # removed
    with pytest.raises(publish.PublishError, match="changed while the build read them"):
        check()
