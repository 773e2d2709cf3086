{{ config(materialized='table') }}

with

deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

eligible_touchpoints as (

    select
        deals.deal_id,
        deals.account_id,
        deals.created_at as deal_created_at,
        touchpoints.touchpoint_id,
        touchpoints.touch_type,
        touchpoints.touch_category,
        touchpoints.channel,
        touchpoints.campaign,
        touchpoints.occurred_at,
        {{ days_between('touchpoints.occurred_at', 'deals.created_at') }} as days_before_deal_created
    from deals
    inner join touchpoints
        on deals.account_id = touchpoints.account_id
    where
        {{ is_attribution_touch_category('touchpoints.touch_category') }}
        and {{ is_in_attribution_window('touchpoints.occurred_at', 'deals.created_at') }}

),

final as (

    select
        -- ids
        deal_id,
        touchpoint_id,
        account_id,

        -- position in the deal's path (time, then touchpoint id)
        cast(row_number() over (
            partition by deal_id
            order by occurred_at, touchpoint_id
        ) as {{ dbt.type_bigint() }}) as touch_index,
        cast(count(*) over (partition by deal_id) as {{ dbt.type_bigint() }}) as touch_count,

        -- attributes
        touch_type,
        touch_category,
        channel,
        campaign,

        -- durations
        days_before_deal_created,

        -- timestamps
        occurred_at,
        deal_created_at

    from eligible_touchpoints

)

select * from final
