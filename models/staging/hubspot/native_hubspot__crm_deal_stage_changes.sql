{{ config(enabled=var('crm_source', 'files') == 'hubspot') }}

{#- HubSpot deal stage history as the contract's crm_deal_stage_changes: the
    stage's label (its id when the stage is unknown) and when it was entered;
    merged-away deals are dropped. #}
{%- set text = dbt.type_string() %}

with

deal_stage as (

    select * from {{ source('hubspot', 'deal_stage') }}

),

stages as (

    select * from {{ source('hubspot', 'deal_pipeline_stage') }}

),

merged_deals as (

    select * from {{ source('hubspot', 'merged_deal') }}

),

final as (

    -- distinct: a history row repeated with the same stage and time is one
    -- stage entered
    select distinct
        cast(deal_stage.deal_id as {{ text }}) as deal_id,
        coalesce(cast(stages.label as {{ text }}), cast(deal_stage.value as {{ text }})) as deal_stage,
        cast(coalesce(deal_stage.date_entered, deal_stage._fivetran_start) as {{ text }}) as entered_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from deal_stage
    left join stages on cast(deal_stage.value as {{ text }}) = cast(stages.stage_id as {{ text }})
    where cast(deal_stage.deal_id as {{ text }}) not in (
        select cast(merged_deals.merged_deal_id as {{ text }}) from merged_deals
        where merged_deals.merged_deal_id is not null
    )

)

select * from final
