with

source as (

    -- the file, or the Salesforce campaigns' costs (macro raw_relation)
    select * from {{ raw_relation('marketing', 'marketing_costs') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('channel') }} as channel_raw,
        lower({{ clean_text('channel') }}) as channel,
        {{ clean_text('campaign') }} as campaign,
        concat_ws('|', trim(cost_month), lower(trim(channel)), coalesce(trim(campaign), '')) as cost_line_key,

        -- money
        {{ clean_text('cost') }} as cost_raw,
        {{ try_cast(clean_text('cost'), 'decimal(18, 4)') }} as cost,
        upper({{ clean_text('currency') }}) as currency,

        -- dates
        {{ clean_text('cost_month') }} as cost_month_raw,
        {{ dbt.date_trunc('month', try_cast(clean_text('cost_month'), 'date')) }} as cost_month,

        -- lineage
        {{ row_hash(['cost_month', 'channel', 'campaign', 'cost', 'currency']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        _load_error as load_error,
        _load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['cost_line_key'],
    timestamps={},
    checks=[
        ("cost_month_raw is null", 'missing_cost_month'),
        ("cost_month is null", 'unparseable_cost_month'),
        ("cost_month > " ~ build_clock_utc(), 'future_cost_month'),
        ("channel is null", 'missing_channel'),
        ("cost_raw is not null and cost is null", 'unparseable_cost'),
        ("cost < 0", 'negative_cost'),
        ("cost > 0 and currency is null", 'missing_currency'),
    ],
) }}

select * from classified
