{{ config(materialized='table') }}

{#- One row per contact with at least one staged lifecycle stage change: the
    time it reached each funnel stage (docs/metrics.md section 4: the earliest
    time it entered that stage or any later one, so a skipped stage takes
    the time of the first later stage and a move backwards erases nothing),
    whether it entered each stage itself, its current and highest stage. -#}
{%- set stage_columns = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'] -%}

with

transitions as (

    select * from {{ ref('int_lifecycle_transitions_classified') }}

),

stage_seed as (

    select * from {{ ref('lifecycle_stages') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

funnel_stages as (

    select distinct
        lifecycle_stage,
        stage_order
    from stage_seed
    where stage_order is not null

),

stages_reached as (

    -- a contact reaches a stage when it enters that stage or any later one
    select
        transitions.contact_id,
        funnel_stages.lifecycle_stage,
        min(transitions.changed_at) as reached_at
    from transitions
    inner join funnel_stages
        on transitions.to_stage_order >= funnel_stages.stage_order
    group by
        transitions.contact_id,
        funnel_stages.lifecycle_stage

),

stages_entered as (

    select
        contact_id,
        to_stage as lifecycle_stage,
        min(changed_at) as first_entered_at
    from transitions
    where to_stage_order is not null
    group by
        contact_id,
        to_stage

),

stage_timestamps as (

    select
        stages_reached.contact_id,
        stages_reached.lifecycle_stage,
        stages_reached.reached_at,
        -- reached directly: the stage's time is that of a change into this
        -- very stage, not inherited from a later stage reached first
        case
            when stages_entered.first_entered_at = stages_reached.reached_at then 1 else 0
        end as reached_directly_flag
    from stages_reached
    left join stages_entered
        on
            stages_reached.contact_id = stages_entered.contact_id
            and stages_reached.lifecycle_stage = stages_entered.lifecycle_stage

),

pivoted as (

    select
        {%- for stage in stage_columns %}
        max(case when lifecycle_stage = '{{ stage }}' then reached_at end) as {{ stage }}_at,
        max(case when lifecycle_stage = '{{ stage }}' then reached_directly_flag end) as {{ stage }}_directly_flag,
        {%- endfor %}
        contact_id
    from stage_timestamps
    group by contact_id

),

contact_summary as (

    select
        contact_id,
        max(to_stage_order) as highest_stage_order,
        max(case when to_stage_order is null then changed_at end) as disqualified_at,
        min(changed_at) as first_stage_change_at,
        cast(count(*) as {{ dbt.type_bigint() }}) as stage_change_count
    from transitions
    group by contact_id

),

latest_changes as (

    select
        contact_id,
        to_stage as current_stage,
        to_stage_order as current_stage_order,
        changed_at as current_stage_at
    from transitions
    where is_latest_change

),

final as (

    select
        -- ids
        contact_summary.contact_id,

        -- stages
        latest_changes.current_stage,
        highest_stage.lifecycle_stage as highest_stage,

        -- stage timestamps (back-filled over skipped stages)
        {%- for stage in stage_columns %}
        pivoted.{{ stage }}_at,
        {%- endfor %}
        contact_summary.disqualified_at,
        contact_summary.first_stage_change_at,
        latest_changes.current_stage_at,

        -- counts
        contact_summary.stage_change_count,

        -- flags
        {%- for stage in stage_columns %}
        coalesce(pivoted.{{ stage }}_directly_flag = 1, false) as is_{{ stage }}_reached_directly,
        {%- endfor %}
        latest_changes.current_stage_order is null as is_disqualified,
        contacts.contact_id is not null as has_contact_record,
        coalesce(contacts.is_deleted, false) as is_deleted

    from contact_summary
    inner join latest_changes
        on contact_summary.contact_id = latest_changes.contact_id
    left join pivoted
        on contact_summary.contact_id = pivoted.contact_id
    left join funnel_stages as highest_stage
        on contact_summary.highest_stage_order = highest_stage.stage_order
    left join contacts
        on contact_summary.contact_id = contacts.contact_id

)

select * from final
