{#- Every lifecycle stage change of a non-deleted CRM contact as a
    transition (docs/metrics.md section 4). Deleted contacts, and stage changes
    of contact ids absent from the CRM export, are excluded (docs/metrics.md
    section 5: deleted contacts are excluded from every funnel figure). -#}

with

transitions as (

    select * from {{ ref('int_lifecycle_transitions_classified') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

final as (

    select
        -- keys
        transitions.contact_id,
        transitions.changed_at,
        transitions.to_stage,

        -- transition
        transitions.from_stage,
        transitions.direction,
        transitions.transition_number,
        transitions.to_stage_order,
        transitions.from_stage_order,

        -- timestamps
        transitions.previous_changed_at,
        cast({{ dbt.date_trunc('month', 'transitions.changed_at') }} as date) as changed_month,

        -- durations
        transitions.days_since_previous_change,

        -- flags
        transitions.is_first_change,
        transitions.is_latest_change

    from transitions
    inner join contact_stages
        on transitions.contact_id = contact_stages.contact_id
    where
        contact_stages.has_contact_record
        and not contact_stages.is_deleted

)

select * from final
