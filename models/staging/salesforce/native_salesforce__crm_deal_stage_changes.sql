{#- Salesforce opportunity history as the contract's crm_deal_stage_changes.
    OpportunityHistory writes a row on every change of stage, amount,
    probability or close date: consecutive rows in the same stage are one
    stage entered, kept at the first. #}
{%- set text = dbt.type_string() %}

with

history as (

    select * from {{ source('salesforce', 'opportunity_history') }}

),

ordered as (

    select
        cast(opportunity_id as {{ text }}) as deal_id,
        cast(stage_name as {{ text }}) as deal_stage,
        cast(created_date as {{ text }}) as entered_at,
        lag(cast(stage_name as {{ text }})) over (
            partition by cast(opportunity_id as {{ text }})
            order by {{ parse_timestamp_utc('cast(created_date as ' ~ text ~ ')') }}, cast(created_date as {{ text }})
        ) as previous_stage
    from history
    where not {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }}

),

final as (

    -- distinct: a history row repeated with the same stage and time is one
    -- stage entered
    select distinct
        deal_id,
        deal_stage,
        entered_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from ordered
    where previous_stage is null or previous_stage != deal_stage

)

select * from final
