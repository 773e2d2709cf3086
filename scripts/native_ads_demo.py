#!/usr/bin/env python3
"""Write the demo company's ad platform reports also in the shapes
Fivetran's Google Ads, LinkedIn Ads and Facebook (Meta) Ads connectors land
them (docs/native-ad-platforms.md).

The native tables are derived from the ad contract files the generator just
wrote (same campaigns, same ids, same numbers), one Parquet file per native
table in <out>/google_ads/, <out>/linkedin_ads/ and <out>/meta_ads/:

- google_ads: `campaign_stats` (campaign x day x ad network x device),
  `campaign_history`, `account_history`, and the legacy click-level
  `click_performance` (one row per Google click of ad_clicks);
- linkedin_ads: `ad_analytics_by_campaign` (campaign x day),
  `campaign_history`, `account_history`;
- meta_ads: `basic_ad` (ad x day, no campaign id), `ad_history` (ad ->
  campaign), `campaign_history`, `account_history`.

Deliberate differences from the contract files:

- restatements are resolved: Fivetran upserts a report row in place, so only
  the latest version of each (report_date, platform, campaign_id) is written
  (the row with the latest extracted_at), `_fivetran_synced` = that
  extracted_at as a UTC timestamp;
- numbers are typed (Google cost in micros, LinkedIn / Meta spend as
  decimals, dates as dates) and timestamps are UTC timestamps, no longer the
  contract's mixed spellings;
- each Google campaign-day is split into 2 rows (SEARCH, or CONTENT for a
  display campaign, x DESKTOP / MOBILE) and each Meta campaign-day over the
  campaign's 2 ads; the parts sum exactly to the contract row;
- one ad account per platform and currency; campaign names live in the
  history tables, one version per name the contract shows for a campaign
  (older versions `_fivetran_active` false, the latest = the name on the
  contract's latest report row);
- the Meta account in USD (else the first one) reports in time zone
  America/Los_Angeles: 8/24 of each UTC day's impressions, link clicks and
  spend (rounded; spend to cents; the remainder stays) move to the previous
  day, so per-campaign totals are exactly equal but month boundaries shift
  (a campaign's first day may move to the day before the contract's);
- LinkedIn `cost_in_usd` converts with fixed rates (FX_PER_USD);
  conversions and conversion values are 0, Meta reach / frequency invented;
- Google clicks keep only the date of clicked_at (the report is daily);
- Microsoft Ads has no native shape here: its rows stay in the contract file
  only; rows of other platforms are not written either;
- rows the file reader cannot read, and rows whose date, numbers, currency or
  extracted_at (clicked_at for clicks) cannot be read, are not written.

Same input, same files.

Beside them, <out>/files_beside_native_ads/ is the raw folder of a build that
reads these platforms natively: the contract files linked as they are, but
`ad_performance_daily` and `ad_clicks`, which keep only the rows of
platforms without a native shape (Microsoft Ads), as a user's own files
would (a file row of a platform read natively is rejected).

Usage: python scripts/native_ads_demo.py --out <folder of contract files>
(the generator calls it with --native ads).
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

import duckdb

from native_hubspot_demo import _reader

AD_TABLES = ["ad_performance_daily", "ad_clicks"]
PLATFORMS = ["google_ads", "linkedin_ads", "meta_ads"]
FX_PER_USD = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "BRL": 5.40}   # units of the currency per USD
ACCOUNT_ID_BASE = {"google_ads": 5830041100, "linkedin_ads": 508123400, "meta_ads": 102938475600}
ACCOUNT_NAMES = {"google_ads": "Northwind Analytics", "linkedin_ads": "Northwind Analytics",
                 "meta_ads": "Northwind Analytics Ads"}
LA_TIME_ZONE = "America/Los_Angeles"
LA_SHIFT = 8              # hours of a UTC day that fall on the previous day in Los Angeles (PST)


def _ts(expr: str) -> str:
    """Contract timestamp text -> UTC timestamp (null when unreadable)."""
    return f"cast(try_cast(trim({expr}) as timestamptz) as timestamp)"


def _split(expr: str, pct: str) -> str:
    """The first part (pct percent, rounded half up) of an integer."""
    return f"(({expr}) * ({pct}) + 50) // 100"


def setup_sql() -> list[str]:
    """Temp tables: readable report rows, their latest versions, campaigns and name versions."""
    fx = " ".join(f"when '{c}' then {r}" for c, r in FX_PER_USD.items())
    return [
        f"""create temp table perf_all as
            select * from (
                select lower(trim(platform)) as platform, trim(campaign_id) as campaign_id,
                    campaign_name, try_cast(trim(report_date) as date) as report_date,
                    try_cast(trim(impressions) as bigint) as impressions,
                    try_cast(trim(clicks) as bigint) as clicks,
                    cast(round(try_cast(trim(spend) as decimal(18, 4)) * 100) as bigint) as cents,
                    upper(trim(currency)) as currency, {_ts('extracted_at')} as synced
                from c_ad_performance_daily
            )
            where platform in ({", ".join(f"'{p}'" for p in PLATFORMS)}) and campaign_id <> ''
                and report_date is not null and impressions is not null and clicks is not null
                and cents is not null and currency is not null and synced is not null""",
        # Fivetran upserts report rows in place: the latest version only (section 1.6)
        """create temp table perf as
            select * from perf_all
            qualify row_number() over (partition by platform, campaign_id, report_date
                order by synced desc, impressions desc, clicks desc, cents desc, campaign_name) = 1""",
        f"""create temp table camp as
            select platform, campaign_id,
                arg_max(campaign_name, (report_date, synced)) as latest_name,
                arg_max(currency, (report_date, synced)) as currency,
                min(report_date) as start_day, max(report_date) as last_day, max(synced) as max_synced,
                avg(cents) as mean_cents,
                case when max(report_date) >= (select max(report_date) from perf) - 1
                    then 'active' else 'paused' end as state,
                case arg_max(currency, (report_date, synced)) {fx} end as fx_per_usd
            from perf group by all""",
        # one version per name a campaign shows; the latest report row's name is the last one
        """create temp table versions as
            with named as (
                select platform, campaign_id, campaign_name as name, min(synced) as first_seen
                from perf_all where campaign_name is not null group by all
            ),
            ranked as (
                select named.*, camp.start_day, camp.state,
                    row_number() over (partition by platform, campaign_id
                        order by name = camp.latest_name, first_seen, name) as version,
                    count(*) over (partition by platform, campaign_id) as n_versions
                from named join camp using (platform, campaign_id)
            )
            select *, version = n_versions as is_active,
                case when version = 1 then cast(start_day - 1 as timestamp) + to_hours(9)
                    else first_seen - to_hours(1) end as updated_at
            from ranked""",
    ]


def account_rows(con: duckdb.DuckDBPyConnection) -> None:
    """One ad account per platform and currency; one Meta account in Los Angeles time."""
    pairs = con.execute("select distinct platform, currency from camp order by all").fetchall()
    meta = [c for p, c in pairs if p == "meta_ads"]
    la = "USD" if "USD" in meta else (meta[0] if meta else None)
    rows, rank = [], {}
    for platform, currency in pairs:
        rank[platform] = rank.get(platform, 0) + 1
        account_id = str(ACCOUNT_ID_BASE[platform] + 17 * rank[platform])
        tz = LA_TIME_ZONE if platform == "meta_ads" and currency == la else "UTC"
        name = f"{ACCOUNT_NAMES[platform]} ({currency})"
        rows.append(f"('{platform}', '{currency}', '{account_id}', '{tz}', '{name}')")
    con.execute("create temp table accounts (platform varchar, currency varchar, account_id varchar, "
                "time_zone varchar, account_name varchar)")
    if rows:
        con.execute(f"insert into accounts values {', '.join(rows)}")
    con.execute("""create temp table camp_acc as
        select camp.*, accounts.account_id, accounts.time_zone, accounts.account_name,
            accounts.time_zone <> 'UTC' as shifted
        from camp join accounts using (platform, currency)""")


def account_history(platform: str) -> str:
    """Latest and only version of each account, created a month before its first report."""
    return f"""
        with a as (
            select accounts.*, min(camp.start_day) as first_day, max(camp.max_synced) as synced
            from accounts join camp using (platform, currency)
            where platform = '{platform}' group by all
        )
        select account_id as id, account_name as name, currency, time_zone,
            cast(first_day - 30 as timestamp) + to_hours(10) as updated_at, synced as _fivetran_synced,
            true as _fivetran_active
        from a"""


def google_queries() -> dict[str, str]:
    pct = "cast(55 + hash(p.campaign_id || cast(p.report_date as varchar)) % 21 as bigint)"
    parts = []
    for device, sign in (("DESKTOP", ""), ("MOBILE", "-")):
        def part(x: str) -> str:
            return _split(x, pct) if not sign else f"{x} - {_split(x, pct)}"
        parts.append(f"""
            select c.account_id as customer_id, p.report_date as date, p.campaign_id as id,
                case when c.channel = 'DISPLAY' then 'CONTENT' else 'SEARCH' end as ad_network_type,
                '{device}' as device, {part('p.clicks')} as clicks, {part('p.impressions')} as impressions,
                ({part('p.cents')}) * 10000 as cost_micros, p.synced as _fivetran_synced
            from perf as p join g_camp as c using (platform, campaign_id)""")
    return {
        "campaign_stats": f"""
            select customer_id, date, id, ad_network_type, device, clicks, impressions, cost_micros,
                0.0::double as conversions, 0.0::double as conversions_value,
                0::bigint as view_through_conversions,
                md5(concat_ws('|', customer_id, date, id, ad_network_type, device)) as _fivetran_id,
                _fivetran_synced
            from ({" union all ".join(parts)})
            order by date, id, ad_network_type, device""",
        "campaign_history": """
            select v.campaign_id as id, v.updated_at, v.name, c.account_id as customer_id,
                c.channel as advertising_channel_type,
                case when v.is_active and c.state = 'paused' then 'PAUSED' else 'ENABLED' end as status,
                'SERVING' as serving_status, v.start_day as start_date,
                v.updated_at + to_hours(2) as _fivetran_synced, v.is_active as _fivetran_active
            from versions as v join g_camp as c using (platform, campaign_id)
            order by id, updated_at""",
        "account_history": f"""
            select id, updated_at, name as descriptive_name, currency as currency_code,
                time_zone, false as auto_tagging_enabled, _fivetran_synced, _fivetran_active
            from ({account_history('google_ads')}) order by id""",
        # legacy AdWords click performance report: one row per click (gclid), date only
        "click_performance": f"""
            with k as (
                select trim(click_id) as gcl_id, trim(campaign_id) as campaign_id, ad_group_id,
                    cast({_ts('clicked_at')} as date) as date
                from c_ad_clicks
                where lower(trim(platform)) = 'google_ads' and nullif(trim(click_id), '') is not null
                    and {_ts('clicked_at')} is not null
            )
            select md5(k.gcl_id) as _fivetran_id, cast(k.date + 1 as timestamp) + to_hours(4) as _fivetran_synced,
                c.account_name as account_descriptive_name, k.ad_group_id,
                case when k.ad_group_id is not null then 'Ad group ' || trim(k.ad_group_id) end as ad_group_name,
                case when k.ad_group_id is not null then 'ENABLED' end as ad_group_status,
                k.campaign_id, c.latest_name as campaign_name,
                case when c.state = 'paused' then 'PAUSED' when c.campaign_id is not null then 'ENABLED' end
                    as campaign_status,
                1 as clicks, cast(null as varchar) as criteria_id, k.date, c.account_id as external_customer_id,
                k.gcl_id
            from k left join g_camp as c on c.campaign_id = k.campaign_id
            order by k.date, k.gcl_id, k.campaign_id, k.ad_group_id""",
    }


def linkedin_queries() -> dict[str, str]:
    return {
        "ad_analytics_by_campaign": """
            select p.campaign_id, cast(p.report_date as timestamp) as day, p.clicks, p.impressions,
                cast(p.cents / 100 as decimal(18, 2)) as cost_in_local_currency,
                cast(round(p.cents / 100 / c.fx_per_usd, 2) as decimal(18, 2)) as cost_in_usd,
                cast(0 as decimal(18, 2)) as conversion_value_in_local_currency,
                p.synced as _fivetran_synced
            from perf as p join camp_acc as c using (platform, campaign_id)
            where p.platform = 'linkedin_ads'
            order by day, p.campaign_id""",
        "campaign_history": """
            select v.campaign_id as id, v.updated_at as last_modified_time,
                cast(c.start_day - 2 as timestamp) + to_hours(9) as created_time,
                cast(v.version as varchar) as version_tag, v.name, c.account_id,
                cast(c.account_id as bigint) * 10 + 1 as campaign_group_id,
                cast(ceil(c.mean_cents * 1.5 / 1000) * 10 as decimal(18, 2)) as daily_budget_amount,
                c.currency as daily_budget_currency_code,
                case when v.name ilike '%awareness%' or v.name ilike '%thought%' then 'BRAND_AWARENESS'
                    when v.name ilike '%lead gen%' then 'LEAD_GENERATION' else 'WEBSITE_VISIT' end as objective_type,
                case when v.is_active and c.state = 'paused' then 'COMPLETED' else 'ACTIVE' end as status,
                'SPONSORED_UPDATES' as type, cast(c.start_day as timestamp) as run_schedule_start,
                v.updated_at + to_hours(2) as _fivetran_synced, v.is_active as _fivetran_active
            from versions as v join camp_acc as c using (platform, campaign_id)
            where v.platform = 'linkedin_ads'
            order by id, last_modified_time""",
        "account_history": f"""
            select id, updated_at as last_modified_time, updated_at as created_time, '1' as version_tag,
                name, currency, 'ACTIVE' as status, 'BUSINESS' as type, _fivetran_synced, _fivetran_active
            from ({account_history('linkedin_ads')}) order by id""",
    }


def meta_setup_sql() -> list[str]:
    """Meta campaign-days in the account's time zone, then over the campaign's 2 ads."""
    move = {x: f"case when c.shifted then ({x} * {LA_SHIFT} + 12) // 24 else 0 end"
            for x in ("p.impressions", "p.clicks", "p.cents")}
    pct = "cast(50 + hash(d.campaign_id || cast(d.date as varchar)) % 31 as bigint)"
    ads = []
    for k in (1, 2):
        def part(x: str) -> str:
            return _split(x, pct) if k == 1 else f"{x} - {_split(x, pct)}"
        ads.append(f"""
            select d.campaign_id || '0{k}' as ad_id, d.campaign_id, d.date, {part('d.impressions')} as impressions,
                {part('d.clicks')} as clicks, {part('d.cents')} as cents, d.synced
            from m_days as d""")
    return [
        f"""create temp table m_days as
            with parts as (
                select p.campaign_id, p.report_date as date, p.impressions - {move['p.impressions']} as impressions,
                    p.clicks - {move['p.clicks']} as clicks, p.cents - {move['p.cents']} as cents,
                    p.synced, true as original
                from perf as p join camp_acc as c using (platform, campaign_id) where p.platform = 'meta_ads'
                union all
                select p.campaign_id, p.report_date - 1, {move['p.impressions']}, {move['p.clicks']},
                    {move['p.cents']}, p.synced, false
                from perf as p join camp_acc as c using (platform, campaign_id)
                where p.platform = 'meta_ads' and c.shifted
            )
            select campaign_id, date, cast(sum(impressions) as bigint) as impressions,
                cast(sum(clicks) as bigint) as clicks, cast(sum(cents) as bigint) as cents, max(synced) as synced
            from parts group by all
            having bool_or(original) or sum(impressions) + sum(clicks) + sum(cents) > 0""",
        f"create temp table m_ads as {' union all '.join(ads)}",
    ]


def meta_queries() -> dict[str, str]:
    return {
        "basic_ad": """
            select a.ad_id, c.latest_name || ' | Ad ' || right(a.ad_id, 1) as ad_name,
                c.latest_name || ' | Ad set' as adset_name, a.date, c.account_id,
                a.impressions, a.clicks as inline_link_clicks, cast(a.cents / 100 as decimal(18, 2)) as spend,
                case when a.impressions > 0 then greatest(1, (a.impressions * 100 + 65) // 130) else 0 end as reach,
                case when a.impressions > 0
                    then round(a.impressions / greatest(1, (a.impressions * 100 + 65) // 130), 4) else 0 end
                    as frequency,
                a.synced as _fivetran_synced
            from m_ads as a join camp_acc as c on c.platform = 'meta_ads' and c.campaign_id = a.campaign_id
            order by a.date, a.ad_id""",
        # two versions per ad: created paused, then activated
        "ad_history": """
            select c.campaign_id || '0' || k.n as id,
                cast(c.start_day - 2 as timestamp) + to_hours(9 + k.version) as updated_time,
                c.latest_name || ' | Ad ' || k.n as name, c.campaign_id, c.campaign_id || '00' as ad_set_id,
                c.account_id, c.campaign_id || '9' || k.n as creative_id,
                case when k.version = 1 or c.state = 'paused' then 'PAUSED' else 'ACTIVE' end as status,
                cast(c.start_day - 2 as timestamp) + to_hours(11 + k.version) as _fivetran_synced,
                k.version = 2 as _fivetran_active
            from camp_acc as c cross join (values (1, 1), (1, 2), (2, 1), (2, 2)) as k(n, version)
            where c.platform = 'meta_ads'
            order by id, updated_time""",
        "campaign_history": """
            select v.campaign_id as id, v.updated_at as updated_time,
                cast(c.start_day - 2 as timestamp) + to_hours(9) as created_time, v.name, c.account_id,
                cast(ceil(c.mean_cents * 1.5 / 100) * 100 as bigint) as daily_budget,
                cast(null as bigint) as lifetime_budget,
                case when v.is_active and c.state = 'paused' then 'PAUSED' else 'ACTIVE' end as status,
                cast(c.start_day as timestamp) as start_time,
                v.updated_at + to_hours(2) as _fivetran_synced, v.is_active as _fivetran_active
            from versions as v join camp_acc as c using (platform, campaign_id)
            where v.platform = 'meta_ads'
            order by id, updated_time""",
        "account_history": f"""
            select id, name, currency, time_zone as timezone_name, 1 as account_status,
                updated_at as created_time, _fivetran_synced, _fivetran_active
            from ({account_history('meta_ads')}) order by id""",
    }


def write_native_ads(contract_dir: Path, out_root: Path | None = None) -> dict[str, int]:
    """Write <out_root>/<platform>/<native_table>.parquet; return row counts by 'platform.table'."""
    out_root = out_root or contract_dir
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    for table in AD_TABLES:
        con.execute(f"create view c_{table} as select * from {_reader(contract_dir, table)}")
    for sql in setup_sql():
        con.execute(sql)
    account_rows(con)
    con.execute("""create temp table g_camp as
        select camp_acc.*, case when exists (select 1 from versions as v where v.platform = camp_acc.platform
                and v.campaign_id = camp_acc.campaign_id and v.name ilike '%display%')
            then 'DISPLAY' else 'SEARCH' end as channel
        from camp_acc where platform = 'google_ads'""")
    for sql in meta_setup_sql():
        con.execute(sql)
    counts = {}
    for platform, queries in (("google_ads", google_queries()), ("linkedin_ads", linkedin_queries()),
                              ("meta_ads", meta_queries())):
        folder = out_root / platform
        folder.mkdir(parents=True, exist_ok=True)
        for name, sql in queries.items():
            target = str(folder / f"{name}.parquet").replace("'", "''")
            con.execute(f"copy ({sql}) to '{target}' (format parquet)")
            counts[f"{platform}.{name}"] = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
    con.close()
    if out_root == contract_dir:
        for table, rows in write_files_beside_native_ads(contract_dir).items():
            counts[f"{FILES_BESIDE}.{table}"] = rows
    return counts


NATIVE_PLATFORMS = ("google_ads", "linkedin_ads", "meta_ads")
FILES_BESIDE = "files_beside_native_ads"


def write_files_beside_native_ads(contract_dir: Path) -> dict[str, int]:
    """<contract_dir>/files_beside_native_ads/: every contract file linked, the
    two ad files rewritten without the native platforms' rows (lines whose
    platform cannot be read are kept: the loader judges them). Returns the
    ad files' rows kept."""
    folder = contract_dir / FILES_BESIDE
    folder.mkdir(parents=True, exist_ok=True)
    kept = {}
    for path in sorted(contract_dir.iterdir()):
        if path.suffix not in (".csv", ".parquet") or not path.is_file():
            continue
        target = folder / path.name
        if target.is_symlink() or target.exists():
            target.unlink()
        if path.stem not in AD_TABLES:
            os.symlink(Path("..") / path.name, target)
            continue
        if path.suffix == ".parquet":
            con = duckdb.connect()
            source = str(path).replace("'", "''")
            con.execute(f"copy (select * from read_parquet('{source}') where lower(trim(platform)) not in "
                        f"{NATIVE_PLATFORMS} or platform is null) to '{str(target).replace(chr(39), chr(39) * 2)}' "
                        "(format parquet)")
            kept[path.stem] = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
            con.close()
            continue
        with path.open(newline="", encoding="utf-8", errors="surrogateescape") as src, \
                target.open("w", newline="", encoding="utf-8", errors="surrogateescape") as dst:
            reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
            header = next(reader)
            column = [name.strip().lower() for name in header].index("platform")
            writer.writerow(header)
            kept[path.stem] = 0
            for row in reader:
                if len(row) > column and row[column].strip().lower() in NATIVE_PLATFORMS:
                    continue
                writer.writerow(row)
                kept[path.stem] += 1
    return kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="folder holding the contract's ad_* files")
    ap.add_argument("--native-out", type=Path, default=None,
                    help="folder of the platform folders (default <out>)")
    args = ap.parse_args()
    counts = write_native_ads(args.out, args.native_out)
    print(f"Ad platform tables: {sum(counts.values()):,} rows in {len(counts)} tables written to "
          f"{args.native_out or args.out}/{{google_ads,linkedin_ads,meta_ads}}")


if __name__ == "__main__":
    main()
