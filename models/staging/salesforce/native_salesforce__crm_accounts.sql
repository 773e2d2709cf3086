{#- Salesforce accounts as the contract's crm_accounts (text columns); an
    account merged away keeps its row, deleted, with the account kept as
    `merged_into_account_id`, exactly the contract's shape. #}
{%- set text = dbt.type_string() %}

with

account as (

    select * from {{ source('salesforce', 'account') }}

),

final as (

    select
        cast(id as {{ text }}) as account_id,
        cast(name as {{ text }}) as account_name,
        cast(website as {{ text }}) as website_domain,
        cast(industry as {{ text }}) as industry,
        cast(number_of_employees as {{ text }}) as employee_count,
        -- the codes (orgs with State and Country picklists), else the billing
        -- country as typed: staging maps a name through seed country_codes
        cast(coalesce(billing_country_code, shipping_country_code, billing_country) as {{ text }}) as country,
        cast(created_date as {{ text }}) as created_at,
        coalesce(cast(is_deleted as {{ text }}), cast(_fivetran_deleted as {{ text }}), 'false') as is_deleted,
        cast(master_record_id as {{ text }}) as merged_into_account_id,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from account
    -- History Mode keeps old versions: the current one only
    where _fivetran_active is null or {{ parse_bool('cast(_fivetran_active as ' ~ text ~ ')') }}

)

select * from final
