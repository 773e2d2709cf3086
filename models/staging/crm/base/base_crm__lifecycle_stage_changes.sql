with

source as (

    select * from {{ crm_relation('crm_lifecycle_stage_changes') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('crm_lifecycle_stage_changes') }}

),

stages as (

    select * from {{ ref('lifecycle_stages') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('source.contact_id') }} as contact_id,

        -- stage (canonical label and order from the seed)
        {{ clean_text('source.lifecycle_stage') }} as lifecycle_stage_label,
        stages.lifecycle_stage,
        stages.stage_order,

        -- timestamps
        {{ clean_text('source.changed_at') }} as changed_at_raw,
        {{ parse_timestamp_utc('source.changed_at') }} as changed_at,

        -- lineage
        {{ row_hash(['source.contact_id', 'source.lifecycle_stage', 'source.changed_at']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source
    left join stages
        on lower(trim(source.lifecycle_stage)) = stages.label

),

{{ classify_rows(
    'renamed',
    key_columns=['contact_id', 'changed_at', 'lifecycle_stage'],
    timestamps={'changed_at': true},
    checks=[
        ("lifecycle_stage_label is not null and lifecycle_stage is null", 'unknown_lifecycle_stage'),
    ],
) }}

select * from classified
