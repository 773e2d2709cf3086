{{ config(enabled=var('crm_source', 'files') == 'hubspot') }}

{#- HubSpot deals as the contract's crm_deals (text columns): the stage's
    label, the pipeline mapped by seed hubspot_deal_pipelines, the primary
    company, one associated contact, and merged-away deals flagged deleted. #}
{%- set text = dbt.type_string() %}

with

deal as (

    select * from {{ source('hubspot', 'deal') }}

),

pipelines as (

    select * from {{ source('hubspot', 'deal_pipeline') }}

),

stages as (

    select * from {{ source('hubspot', 'deal_pipeline_stage') }}

),

deal_companies as (

    select * from {{ source('hubspot', 'deal_company') }}

),

deal_contacts as (

    select * from {{ source('hubspot', 'deal_contact') }}

),

merged_deals as (

    select * from {{ source('hubspot', 'merged_deal') }}

),

contact_merges as (

    select * from {{ ref('native_hubspot__contact_merges') }}

),

pipeline_map as (

    select * from {{ ref('hubspot_deal_pipelines') }}

),

-- the primary company (association type 5), else the lowest company id
primary_company as (

    select
        cast(deal_id as {{ text }}) as deal_id,
        coalesce(
            min(case when cast(type_id as {{ text }}) = '5' then cast(company_id as {{ text }}) end),
            min(cast(company_id as {{ text }}))
        ) as account_id
    from deal_companies
    group by cast(deal_id as {{ text }})

),

-- HubSpot has no primary contact: the lowest associated contact id
primary_contact as (

    select
        cast(deal_contacts.deal_id as {{ text }}) as deal_id,
        min(coalesce(contact_merges.survivor_contact_id, cast(deal_contacts.contact_id as {{ text }})))
            as contact_id
    from deal_contacts
    left join contact_merges on cast(deal_contacts.contact_id as {{ text }}) = contact_merges.loser_contact_id
    group by cast(deal_contacts.deal_id as {{ text }})

),

merged_away as (

    select distinct cast(merged_deal_id as {{ text }}) as deal_id from merged_deals

),

joined as (

    select
        cast(deal.deal_id as {{ text }}) as deal_id,
        primary_company.account_id,
        primary_contact.contact_id as primary_contact_id,
        cast(deal.property_dealname as {{ text }}) as deal_name,
        coalesce(
            by_pipeline.pipeline,
            by_deal_type.pipeline,
            lower(trim(cast(deal.property_dealtype as {{ text }}))),
            lower(trim(cast(pipelines.label as {{ text }})))
        ) as pipeline,
        cast(deal.property_amount as {{ text }}) as amount,
        coalesce(
            cast(deal.property_deal_currency_code as {{ text }}), '{{ var("hubspot_default_currency") }}'
        ) as currency,
        cast(deal.property_createdate as {{ text }}) as created_at,
        substring(cast(deal.property_closedate as {{ text }}), 1, 10) as close_date_or_expected,
        coalesce(cast(stages.label as {{ text }}), cast(deal.deal_pipeline_stage_id as {{ text }})) as deal_stage,
        coalesce(cast(deal.property_hs_is_closed as {{ text }}), cast(stages.is_closed as {{ text }})) as is_closed,
        coalesce(
            cast(deal.property_hs_is_closed_won as {{ text }}), cast(stages.closed_won as {{ text }})
        ) as is_won,
        case
            when merged_away.deal_id is not null then 'true'
            else coalesce(cast(deal.is_deleted as {{ text }}), cast(deal._fivetran_deleted as {{ text }}), 'false')
        end as is_deleted
    from deal
    left join pipelines
        on cast(deal.deal_pipeline_id as {{ text }}) = cast(pipelines.pipeline_id as {{ text }})
    left join stages
        on cast(deal.deal_pipeline_stage_id as {{ text }}) = cast(stages.stage_id as {{ text }})
    left join pipeline_map as by_pipeline
        on lower(trim(cast(pipelines.label as {{ text }}))) = by_pipeline.source_value
    left join pipeline_map as by_deal_type
        on lower(trim(cast(deal.property_dealtype as {{ text }}))) = by_deal_type.source_value
    left join primary_company on cast(deal.deal_id as {{ text }}) = primary_company.deal_id
    left join primary_contact on cast(deal.deal_id as {{ text }}) = primary_contact.deal_id
    left join merged_away on cast(deal.deal_id as {{ text }}) = merged_away.deal_id

),

final as (

    select
        deal_id,
        account_id,
        primary_contact_id,
        deal_name,
        pipeline,
        amount,
        currency,
        created_at,
        -- the close date is the expected one while the deal is open
        case when {{ parse_bool('is_closed') }} then close_date_or_expected end as close_date,
        deal_stage,
        is_closed,
        is_won,
        is_deleted,
        case when not {{ parse_bool('is_closed') }} then close_date_or_expected end as expected_close_date,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from joined

)

select * from final
