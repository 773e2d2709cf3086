{{ config(enabled=var('crm_source', 'files') == 'hubspot') }}

{#- HubSpot companies as the contract's crm_accounts (text columns). #}
{%- set text = dbt.type_string() %}

with

company as (

    select * from {{ source('hubspot', 'company') }}

),

listed as (

    select
        survivor_account_id,
        trim(listed_id) as loser_account_id
    from (
        select
            cast(id as {{ text }}) as survivor_account_id,
            {{ native_split_rows('cast(property_hs_merged_object_ids as ' ~ text ~ ')', ';') }} as listed_id
        from company
        where property_hs_merged_object_ids is not null
    ) as exploded

),

account_merges as (

    select
        loser_account_id,
        min(survivor_account_id) as survivor_account_id
    from listed
    where loser_account_id != survivor_account_id and loser_account_id != ''
    group by loser_account_id

),

final as (

    select
        cast(company.id as {{ text }}) as account_id,
        cast(company.property_name as {{ text }}) as account_name,
        cast(coalesce(company.property_domain, company.property_website) as {{ text }}) as website_domain,
        cast(company.property_industry as {{ text }}) as industry,
        cast(company.property_numberofemployees as {{ text }}) as employee_count,
        cast(company.property_country as {{ text }}) as country,
        cast(company.property_createdate as {{ text }}) as created_at,
        coalesce(
            cast(company.is_deleted as {{ text }}), cast(company._fivetran_deleted as {{ text }}), 'false'
        ) as is_deleted,
        account_merges.survivor_account_id as merged_into_account_id,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from company
    left join account_merges on cast(company.id as {{ text }}) = account_merges.loser_account_id

)

select * from final
