{#- One row: the median days from a won attribution deal's first eligible
    touch to its close (0 without any), the time the attributed revenue of
    a touch month still grows. -#}

with

deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

deal_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_filtered') }}

),

won_deal_durations as (

    select
        {{ days_between('deal_touchpoints.occurred_at', 'deals.closed_at') }} as days_first_touch_to_won
    from deal_touchpoints
    inner join deals
        on deal_touchpoints.deal_id = deals.deal_id
    where
        deal_touchpoints.touch_index = 1
        and deals.is_won
        and deals.closed_at is not null

),

final as (

    select
        coalesce(
            percentile_cont(0.5) within group (order by days_first_touch_to_won),
            0
        ) as median_days_first_touch_to_won
    from won_deal_durations

)

select * from final
