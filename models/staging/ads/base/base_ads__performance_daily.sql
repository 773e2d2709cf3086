with

source as (

    select * from {{ raw_relation('ads', 'ad_performance_daily') }}

),

renamed as (

    select
        -- ids
        lower({{ clean_text('platform') }}) as platform,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,

        -- measures
        {{ clean_text('impressions') }} as impressions_raw,
        {{ try_cast(clean_text('impressions'), dbt.type_bigint()) }} as impressions,
        {{ clean_text('clicks') }} as clicks_raw,
        {{ try_cast(clean_text('clicks'), dbt.type_bigint()) }} as clicks,
        {{ clean_text('spend') }} as spend_raw,
        {{ try_cast(clean_text('spend'), 'decimal(18, 4)') }} as spend,
        upper({{ clean_text('currency') }}) as currency,
        upper({{ clean_text('campaign_type') }}) as campaign_type,

        -- dates and timestamps
        {{ clean_text('report_date') }} as report_date_raw,
        {{ try_cast(clean_text('report_date'), 'date') }} as report_date,
        {{ clean_text('extracted_at') }} as extracted_at_raw,
        {{ parse_timestamp_utc('extracted_at') }} as extracted_at,

        -- lineage
        {{ row_hash(['report_date', 'platform', 'campaign_id', 'campaign_name', 'impressions',
            'clicks', 'spend', 'currency', 'extracted_at', 'campaign_type']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['report_date', 'platform', 'campaign_id'],
    timestamps={'extracted_at': true},
    checks=[
        ("report_date_raw is not null and report_date is null", 'unparseable_report_date'),
        ("cast(report_date as timestamp) > " ~ build_clock_utc(), 'future_report_date'),
        ("impressions_raw is not null and impressions is null", 'unparseable_impressions'),
        ("clicks_raw is not null and clicks is null", 'unparseable_clicks'),
        ("spend_raw is not null and spend is null", 'unparseable_spend'),
        ("impressions < 0 or clicks < 0 or spend < 0", 'negative_measure'),
        ("clicks > impressions", 'clicks_exceed_impressions'),
        ("spend > 0 and currency is null", 'missing_currency'),
    ],
    supersede_by='extracted_at',
) }}

select * from classified
