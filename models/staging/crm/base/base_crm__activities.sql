with

source as (

    select * from {{ crm_relation('crm_activities') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('crm_activities') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('activity_id') }} as activity_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('account_id') }} as account_id,

        -- attributes
        lower({{ clean_text('activity_type') }}) as activity_type,

        -- timestamps
        {{ clean_text('occurred_at') }} as occurred_at_raw,
        {{ parse_timestamp_utc('occurred_at') }} as occurred_at,

        -- lineage
        {{ row_hash(['activity_id', 'activity_type', 'contact_id', 'account_id',
            'occurred_at']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['activity_id'],
    timestamps={'occurred_at': true},
    checks=[
        ("contact_id is null and account_id is null", 'no_contact_or_account'),
        ("activity_type is null", 'missing_activity_type'),
    ],
    version_order='occurred_at',
) }}

select * from classified
