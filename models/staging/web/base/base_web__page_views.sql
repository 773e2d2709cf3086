{{ config(**incremental_by_partition_config('partition_date')) }}

{#- Incremental by event date (partition_date): see raw_partitions.sql and
    the model's description. -#}

with

-- not copied into memory (see reprocessed_raw_partitions): each reader
-- scans the raw file for the columns it needs
source as {{ cte_not_materialized() }} (

    select * from {{ raw_relation('web', 'web_page_views') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('web_page_views') }}

),

{{ reprocessed_raw_partitions('source', 'viewed_at', [('event_id', clean_text('event_id'))]) }}

{#- The typed columns of a raw row, for both sets of rows below. -#}
{%- set renamed_columns %}
        -- ids
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,

        -- urls and campaign parameters (columns first, else the page URL)
        {{ clean_text('page_url') }} as page_url,
        {{ clean_text('referrer_url') }} as referrer_url,
        {{ normalize_domain('referrer_url') }} as referrer_domain,
        coalesce({{ clean_text('utm_source') }}, {{ url_parameter('page_url', 'utm_source') }}) as utm_source,
        coalesce({{ clean_text('utm_medium') }}, {{ url_parameter('page_url', 'utm_medium') }}) as utm_medium,
        coalesce({{ clean_text('utm_campaign') }}, {{ url_parameter('page_url', 'utm_campaign') }}) as utm_campaign,
        coalesce({{ clean_text('utm_content') }}, {{ url_parameter('page_url', 'utm_content') }}) as utm_content,
        coalesce({{ clean_text('utm_term') }}, {{ url_parameter('page_url', 'utm_term') }}) as utm_term,
        coalesce({{ clean_text('click_id') }}, {{ click_id_from_url('page_url') }}) as click_id,
        {{ clean_text('user_agent') }} as user_agent,

        -- timestamps
        {{ clean_text('viewed_at') }} as viewed_at_raw,
        {{ parse_timestamp_utc('viewed_at') }} as viewed_at,

        -- lineage
        {{ row_hash(['event_id', 'anonymous_id', 'viewed_at', 'page_url', 'referrer_url',
            'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term',
            'click_id', 'user_agent']) }} as raw_row_hash,

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

{{ renamed_with_carried_versions('renamed', ['event_id']) }}

{{ classify_rows(
    'renamed_with_carried',
    key_columns=['event_id'],
    timestamps={'viewed_at': true},
    checks=[('anonymous_id is null', 'missing_anonymous_id')],
    version_order='viewed_at',
    unique_key_relation='renamed_unique_keys',
) }}

select * from classified
{{ reprocessed_rows_only('classified') }}
