with

source as (

    select * from {{ source('ads', 'ad_clicks') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('click_id') }} as click_id,
        lower({{ clean_text('platform') }}) as platform,
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('ad_group_id') }} as ad_group_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,

        -- landing page
        {{ clean_text('landing_page_url') }} as landing_page_url,

        -- timestamps
        {{ clean_text('clicked_at') }} as clicked_at_raw,
        {{ parse_timestamp_utc('clicked_at') }} as clicked_at,

        -- lineage
        {{ row_hash(['click_id', 'platform', 'campaign_id', 'ad_group_id', 'clicked_at',
            'anonymous_id', 'landing_page_url']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['platform', 'click_id'],
    timestamps={'clicked_at': true},
    version_order='clicked_at',
) }}

select * from classified
