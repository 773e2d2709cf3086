with

source as (

    select * from {{ crm_relation('crm_contacts') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('crm_contacts') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('merged_into_contact_id') }} as merged_into_contact_id,

        -- person (personal data: never exposed in marts)
        {{ email_key('email') }} as email_key,
        {{ email_domain('email') }} as email_domain,
        {{ email_is_valid('email') }} as is_email_valid,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ normalize_phone('phone') }} as phone_normalized,
        {{ phone_is_valid('phone') }} as is_phone_valid,

        -- attributes
        {{ clean_text('job_title') }} as job_title,
        {{ clean_text('lead_source') }} as lead_source,

        -- flags
        {{ parse_bool('is_deleted') }} as is_deleted,

        -- timestamps
        {{ clean_text('created_at') }} as created_at_raw,
        {{ parse_timestamp_utc('created_at') }} as created_at,

        -- lineage
        {{ row_hash(['contact_id', 'account_id', 'email', 'first_name', 'last_name',
            'job_title', 'phone', 'lead_source', 'created_at', 'is_deleted',
            'merged_into_contact_id']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['contact_id'],
    timestamps={'created_at': true},
    version_order='created_at',
) }}

select * from classified
