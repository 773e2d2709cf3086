{{ config(enabled=var('crm_source', 'files') == 'hubspot') }}

{#- Lifecycle stage history of HubSpot contacts as the contract's
    crm_lifecycle_stage_changes: every value the `lifecyclestage` property
    took, and lead status UNQUALIFIED as `unqualified` (mapped to
    disqualified by seed lifecycle_stages). Blank values and `other` are
    dropped; merged-away contacts are re-keyed to the survivor. #}
{%- set text = dbt.type_string() %}

with

history as (

    select * from {{ source('hubspot', 'contact_property_history') }}

),

contact_merges as (

    select * from {{ ref('native_hubspot__contact_merges') }}

),

stage_values as (

    select
        cast(contact_id as {{ text }}) as contact_id,
        case
            when name = 'lifecyclestage' then cast(value as {{ text }})
            when upper(trim(cast(value as {{ text }}))) = 'UNQUALIFIED' then 'unqualified'
        end as lifecycle_stage,
        cast({{ adapter.quote('timestamp') }} as {{ text }}) as changed_at
    from history
    where name in ('lifecyclestage', 'hs_lead_status')

),

final as (

    -- distinct: the same stage entered by the same person at the same time
    -- twice (a merged-away contact's history beside its survivor's) is one change
    select distinct
        coalesce(contact_merges.survivor_contact_id, stage_values.contact_id) as contact_id,
        stage_values.lifecycle_stage,
        stage_values.changed_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from stage_values
    left join contact_merges on stage_values.contact_id = contact_merges.loser_contact_id
    where
        nullif(trim(stage_values.lifecycle_stage), '') is not null
        and lower(trim(stage_values.lifecycle_stage)) != 'other'

)

select * from final
