with

source as (

    select * from {{ crm_relation('crm_accounts') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('account_id') }} as account_id,
        {{ clean_text('merged_into_account_id') }} as merged_into_account_id,

        -- attributes
        {{ clean_text('account_name') }} as account_name,
        {{ normalize_domain('website_domain') }} as website_domain,
        {{ clean_text('industry') }} as industry,
        case
            when {{ try_cast(clean_text('employee_count'), dbt.type_bigint()) }} >= 0
                then {{ try_cast(clean_text('employee_count'), dbt.type_bigint()) }}
        end as employee_count,
        case
            when length(trim(country)) = 2 then upper(trim(country))
        end as country,

        -- flags
        {{ parse_bool('is_deleted') }} as is_deleted,

        -- timestamps
        {{ clean_text('created_at') }} as created_at_raw,
        {{ parse_timestamp_utc('created_at') }} as created_at,

        -- lineage
        {{ row_hash(['account_id', 'account_name', 'website_domain', 'industry',
            'employee_count', 'country', 'created_at', 'is_deleted',
            'merged_into_account_id']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        _load_error as load_error,
        _load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['account_id'],
    timestamps={'created_at': true},
    version_order='created_at',
) }}

select * from classified
