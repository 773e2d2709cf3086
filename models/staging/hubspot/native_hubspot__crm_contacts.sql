{{ config(enabled=var('crm_source', 'files') == 'hubspot') }}

{#- HubSpot contacts as the contract's crm_contacts (text columns); merged-away
    contacts are dropped (their history is re-keyed to the survivor). #}
{%- set text = dbt.type_string() %}

with

contact as (

    select * from {{ source('hubspot', 'contact') }}

),

contact_merges as (

    select * from {{ ref('native_hubspot__contact_merges') }}

),

final as (

    select
        cast(contact.id as {{ text }}) as contact_id,
        cast(contact.property_associatedcompanyid as {{ text }}) as account_id,
        -- merges are resolved here (losers dropped, history re-keyed)
        cast(null as {{ text }}) as merged_into_contact_id,
        cast(contact.property_email as {{ text }}) as email,
        cast(contact.property_firstname as {{ text }}) as first_name,
        cast(contact.property_lastname as {{ text }}) as last_name,
        cast(contact.property_jobtitle as {{ text }}) as job_title,
        cast(coalesce(contact.property_phone, contact.property_mobilephone) as {{ text }}) as phone,
        -- Original Source enums (PAID_SEARCH) as the words the channel rules match
        replace(lower(cast(contact.property_hs_analytics_source as {{ text }})), '_', ' ') as lead_source,
        cast(contact.property_createdate as {{ text }}) as created_at,
        coalesce(
            cast(contact._fivetran_deleted as {{ text }}), cast(contact.is_deleted as {{ text }}), 'false'
        ) as is_deleted,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from contact
    left join contact_merges on cast(contact.id as {{ text }}) = contact_merges.loser_contact_id
    where contact_merges.loser_contact_id is null

)

select * from final
