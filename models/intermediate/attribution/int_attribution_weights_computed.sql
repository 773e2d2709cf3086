{{ config(materialized='table') }}

{#- The one place where the seven attribution models' weights are defined
    (docs/metrics.md section 7). One row per deal and eligible touch, one weight
    column per model; each column sums to 1 over a deal's touches. The
    per-deal totals that normalise the time-decay and data-driven weights are
    added exactly (`exact_sum`), so every weight is the same double on every
    build of the same input, whatever order the rows come in. -#}

{%- set middle_weight = 'cast(' ~ var('attribution_position_based_middle_weight') ~ ' as double)' -%}
{%- set others_weight = 'cast(' ~ var('attribution_w_shaped_others_weight') ~ ' as double)' -%}
{%- set one = 'cast(1 as double)' -%}
{%- set zero = 'cast(0 as double)' -%}
{%- set half_life_days = 'cast(' ~ var('attribution_half_life_days') ~ ' as double)' -%}

with

deal_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_filtered') }}

),

removal_effects as (

    select * from {{ ref('int_markov_removal_effects_computed') }}

),

lead_touches as (

    -- the lead touch: the first form submission in the window
    select
        deal_id,
        min(touch_index) as lead_touch_index
    from deal_touchpoints
    where touch_type = 'form_submission'
    group by deal_id

),

touches_positioned as (

    select
        deal_touchpoints.deal_id,
        deal_touchpoints.touchpoint_id,
        deal_touchpoints.channel,
        deal_touchpoints.touch_index,
        deal_touchpoints.touch_count,
        deal_touchpoints.days_before_deal_created,
        coalesce(lead_touches.lead_touch_index, 1) as lead_touch_index,
        removal_effects.removal_effect,
        -- how many of the W-shaped milestones (first, lead, last) the touch is
        case when deal_touchpoints.touch_index = 1 then 1 else 0 end
        + case
            when deal_touchpoints.touch_index = coalesce(lead_touches.lead_touch_index, 1) then 1 else 0
        end
        + case
            when deal_touchpoints.touch_index = deal_touchpoints.touch_count then 1 else 0
        end as milestone_hits
    from deal_touchpoints
    left join lead_touches
        on deal_touchpoints.deal_id = lead_touches.deal_id
    left join removal_effects
        on deal_touchpoints.channel = removal_effects.channel

),

touches_with_deal_totals as (

    select
        *,
        sum(case when milestone_hits > 0 then 1 else 0 end)
            over (partition by deal_id) as milestone_touches,
        -- time decay relative to the deal's latest touch (no underflow)
        power(
            cast(2 as double),
            -(
                days_before_deal_created
                - min(days_before_deal_created) over (partition by deal_id)
            ) / {{ half_life_days }}
        ) as decay_factor,
        {{ exact_sum('removal_effect', over='partition by deal_id') }} as deal_removal_effect_sum,
        max(case when removal_effect is null then 1 else 0 end)
            over (partition by deal_id) as has_channel_without_removal_effect
    from touches_positioned

),

touches_weighted as (

    select
        *,

        case when touch_index = 1 then {{ one }} else {{ zero }} end as first_touch_weight,

        case when touch_index = touch_count then {{ one }} else {{ zero }} end as last_touch_weight,

        {{ one }} / touch_count as linear_weight,

        case
            when touch_count = 1 then {{ one }}
            when touch_count = 2 then {{ one }} / 2
            when touch_index = 1 or touch_index = touch_count
                then (1 - {{ middle_weight }}) / 2
            else {{ middle_weight }} / (touch_count - 2)
        end as position_based_weight,

        decay_factor / {{ exact_sum('decay_factor', over='partition by deal_id') }} as time_decay_weight,

        case
            when touch_count = 1 then {{ one }}
            when touch_count > milestone_touches
                then case
                    when milestone_hits > 0
                        then milestone_hits * (1 - {{ others_weight }}) / 3
                    else {{ others_weight }} / (touch_count - milestone_touches)
                end
            -- no other touches: the milestones share the rest
            else
                milestone_hits * (1 - {{ others_weight }}) / 3
                + {{ others_weight }} / milestone_touches
        end as w_shaped_weight,

        (
            has_channel_without_removal_effect = 1
            or deal_removal_effect_sum is null
            or deal_removal_effect_sum <= 0
        ) as is_data_driven_fallback

    from touches_with_deal_totals

),

final as (

    select
        -- ids
        deal_id,
        touchpoint_id,

        -- attributes
        channel,
        touch_index,
        touch_count,
        lead_touch_index,
        removal_effect,
        is_data_driven_fallback,

        -- weights, one column per model
        cast(first_touch_weight as double) as first_touch_weight,
        cast(last_touch_weight as double) as last_touch_weight,
        cast(linear_weight as double) as linear_weight,
        cast(position_based_weight as double) as position_based_weight,
        cast(time_decay_weight as double) as time_decay_weight,
        cast(w_shaped_weight as double) as w_shaped_weight,
        cast(
            case
                when is_data_driven_fallback then linear_weight
                else removal_effect / deal_removal_effect_sum
            end as double
        ) as data_driven_weight

    from touches_weighted

)

select * from final
