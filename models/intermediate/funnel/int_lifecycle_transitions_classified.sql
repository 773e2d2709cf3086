{{ config(materialized='table') }}

{#- Every staged lifecycle stage change of a contact as a transition, with
    its direction and the days since the contact's previous change
    (docs/metrics.md section 4). A stage without an order in the
    `lifecycle_stages` seed (`disqualified`) is outside the funnel: entering
    it is an `exit`, leaving it a `reentry`. -#}

with

stage_changes as (

    select * from {{ ref('stg_crm__lifecycle_stage_changes') }}

),

contacts_merged as (

    select * from {{ ref('int_contacts_merged') }}

),

-- a merged-away contact's history belongs to its survivor (one person); the
-- same change recorded on both records is one change; a contact whose merge
-- chain ends nowhere owns nothing (warning assert_contact_merges_resolve)
survivor_changes as (

    select distinct
        {{ surviving_contact_id('stage_changes.contact_id', 'contacts_merged') }} as contact_id,
        stage_changes.lifecycle_stage,
        stage_changes.stage_order,
        stage_changes.changed_at
    from stage_changes
    left join contacts_merged
        on stage_changes.contact_id = contacts_merged.contact_id
    where {{ surviving_contact_id('stage_changes.contact_id', 'contacts_merged') }} is not null

),

sequenced as (

    select
        contact_id,
        lifecycle_stage,
        stage_order,
        changed_at,
        -- ties on changed_at: funnel stages by their order, stages outside
        -- the order last, then the stage name (the staging key makes this unique)
        cast(row_number() over (
            partition by contact_id
            order by
                changed_at,
                case when stage_order is null then 1 else 0 end,
                stage_order,
                lifecycle_stage
        ) as {{ dbt.type_bigint() }}) as transition_number
    from survivor_changes

),

paired as (

    select
        current_change.contact_id,
        current_change.transition_number,
        previous_change.lifecycle_stage as from_stage,
        previous_change.stage_order as from_stage_order,
        current_change.lifecycle_stage as to_stage,
        current_change.stage_order as to_stage_order,
        previous_change.changed_at as previous_changed_at,
        current_change.changed_at,
        next_change.contact_id is null as is_latest_change
    from sequenced as current_change
    left join sequenced as previous_change
        on
            current_change.contact_id = previous_change.contact_id
            and current_change.transition_number = previous_change.transition_number + 1
    left join sequenced as next_change
        on
            current_change.contact_id = next_change.contact_id
            and current_change.transition_number + 1 = next_change.transition_number

),

classified as (

    select
        *,
        {{ stage_transition_direction('from_stage', 'to_stage', 'from_stage_order', 'to_stage_order') }}
            as direction
    from paired

),

final as (

    select
        -- ids
        contact_id,
        transition_number,

        -- transition
        from_stage,
        to_stage,
        from_stage_order,
        to_stage_order,
        direction,

        -- timestamps
        changed_at,
        previous_changed_at,

        -- durations
        {{ days_between('previous_changed_at', 'changed_at') }} as days_since_previous_change,

        -- flags
        transition_number = 1 as is_first_change,
        is_latest_change

    from classified

)

select * from final
