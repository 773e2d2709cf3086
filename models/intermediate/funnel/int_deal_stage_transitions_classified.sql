{{ config(materialized='table') }}

{#- Every staged deal stage change as a transition with its direction and
    the time spent in each stage. Same direction rules as lifecycle stages,
    over the `deal_stages` seed order; `closed_won` and `closed_lost` share
    the final position, so a move between them is `lateral`. -#}

with

stage_changes as (

    select * from {{ ref('stg_crm__deal_stage_changes') }}

),

stage_seed as (

    select * from {{ ref('deal_stages') }}

),

deal_stages as (

    select distinct
        deal_stage,
        is_closed,
        is_won
    from stage_seed

),

sequenced as (

    select
        deal_id,
        deal_stage,
        stage_order,
        entered_at,
        cast(row_number() over (
            partition by deal_id
            order by
                entered_at,
                case when stage_order is null then 1 else 0 end,
                stage_order,
                deal_stage
        ) as {{ dbt.type_bigint() }}) as transition_number
    from stage_changes

),

paired as (

    select
        current_change.deal_id,
        current_change.transition_number,
        previous_change.deal_stage as from_stage,
        previous_change.stage_order as from_stage_order,
        current_change.deal_stage as to_stage,
        current_change.stage_order as to_stage_order,
        previous_change.entered_at as previous_entered_at,
        current_change.entered_at,
        next_change.entered_at as exited_at,
        next_change.deal_id is null as is_current_stage
    from sequenced as current_change
    left join sequenced as previous_change
        on
            current_change.deal_id = previous_change.deal_id
            and current_change.transition_number = previous_change.transition_number + 1
    left join sequenced as next_change
        on
            current_change.deal_id = next_change.deal_id
            and current_change.transition_number + 1 = next_change.transition_number

),

classified as (

    select
        paired.*,
        {{ stage_transition_direction(
            'paired.from_stage', 'paired.to_stage', 'paired.from_stage_order', 'paired.to_stage_order'
        ) }} as direction,
        coalesce(deal_stages.is_closed, false) as is_closed_stage,
        coalesce(deal_stages.is_won, false) as is_won_stage
    from paired
    left join deal_stages
        on paired.to_stage = deal_stages.deal_stage

),

final as (

    select
        -- ids
        deal_id,
        transition_number,

        -- transition
        from_stage,
        to_stage,
        from_stage_order,
        to_stage_order,
        direction,

        -- timestamps
        previous_entered_at,
        entered_at,
        exited_at,

        -- durations
        {{ days_between('previous_entered_at', 'entered_at') }} as days_in_previous_stage,
        {{ days_between('entered_at', 'exited_at') }} as days_in_stage,

        -- flags
        transition_number = 1 as is_first_change,
        is_current_stage,
        is_closed_stage,
        is_won_stage

    from classified

)

select * from final
