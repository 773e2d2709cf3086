with

source as (

    select * from {{ raw_relation('web', 'web_identifies') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('web_identifies') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('identify_id') }} as identify_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,

        -- person (personal data: only the email key goes on, never exposed in marts)
        {{ clean_text('email') }} is not null as has_email,
        {{ email_key('email') }} as email_key,
        {{ email_is_valid('email') }} as is_email_valid,

        -- timestamps
        {{ clean_text('identified_at') }} as identified_at_raw,
        {{ parse_timestamp_utc('identified_at') }} as identified_at,

        -- lineage
        {{ row_hash(['identify_id', 'anonymous_id', 'email', 'identified_at']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['identify_id'],
    timestamps={'identified_at': true},
    checks=[
        ('anonymous_id is null', 'missing_anonymous_id'),
        ('not has_email', 'missing_email'),
        ('not is_email_valid', 'invalid_email'),
    ],
    version_order='identified_at',
) }}

select * from classified
