{{ config(**incremental_by_partition_config('partition_date')) }}

{#- Incremental by event date (partition_date): see raw_partitions.sql and
    the model's description. -#}

with

-- not copied into memory (see reprocessed_raw_partitions): each reader
-- scans the raw file for the columns it needs
source as {{ cte_not_materialized() }} (

    select * from {{ raw_relation('ads', 'ad_clicks') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('ad_clicks') }}

),

{{ reprocessed_raw_partitions(
    'source',
    'clicked_at',
    [('platform', 'lower(' ~ clean_text('platform') ~ ')'), ('click_id', clean_text('click_id'))],
) }}

{#- The typed columns of a raw row, for both sets of rows below. -#}
{%- set renamed_columns %}
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
        source._load_line as load_line,

        -- partition (event date) an incremental run reprocesses whole
        source.partition_date
{%- endset %}

-- rows to rank by version (see reprocessed_raw_partitions)
renamed as (

    select
        {{ renamed_columns | trim }}

    from source_selected as source

),

-- rows whose key occurs once in the export (a full build's unique_key_relation)
renamed_unique_keys as (

    select
        {{ renamed_columns | trim }}

    from source_unique_keys as source

),

{{ renamed_with_carried_versions('renamed', ['platform', 'click_id']) }}

{{ classify_rows(
    'renamed_with_carried',
    key_columns=['platform', 'click_id'],
    timestamps={'clicked_at': true},
    version_order='clicked_at',
    unique_key_relation='renamed_unique_keys',
) }}

select * from classified
{{ reprocessed_rows_only('classified') }}
