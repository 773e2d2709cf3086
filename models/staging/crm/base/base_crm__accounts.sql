with

source as (

    select * from {{ crm_relation('crm_accounts') }}

),

-- country names (`United States`, `Deutschland`) to ISO codes: HubSpot and
-- Salesforce keep the country as free text
country_codes as (

    select * from {{ ref('country_codes') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('source.account_id') }} as account_id,
        {{ clean_text('source.merged_into_account_id') }} as merged_into_account_id,

        -- attributes
        {{ clean_text('source.account_name') }} as account_name,
        {{ normalize_domain('source.website_domain') }} as website_domain,
        {{ clean_text('source.industry') }} as industry,
        case
            when {{ try_cast(clean_text('source.employee_count'), dbt.type_bigint()) }} >= 0
                then {{ try_cast(clean_text('source.employee_count'), dbt.type_bigint()) }}
        end as employee_count,
        -- a name the seed knows becomes its code, else a two-letter code is kept
        coalesce(
            country_codes.country_code,
            case when length(trim(source.country)) = 2 then upper(trim(source.country)) end
        ) as country,

        -- flags
        {{ parse_bool('source.is_deleted') }} as is_deleted,

        -- timestamps
        {{ clean_text('source.created_at') }} as created_at_raw,
        {{ parse_timestamp_utc('source.created_at') }} as created_at,

        -- lineage
        {{ row_hash(['source.account_id', 'source.account_name', 'source.website_domain', 'source.industry',
            'source.employee_count', 'source.country', 'source.created_at', 'source.is_deleted',
            'source.merged_into_account_id']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source
    left join country_codes
        on lower(trim(source.country)) = country_codes.country_name

),

{{ classify_rows(
    'renamed',
    key_columns=['account_id'],
    timestamps={'created_at': true},
    version_order='created_at',
) }}

select * from classified
