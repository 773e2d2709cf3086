{{ config(materialized='table') }}

with

deal_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_filtered') }}

),

attribution_deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

all_deals as (

    select * from {{ ref('int_deals_resolved') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

closed_deal_steps as (

    -- a closed deal's eligible path: converting when won, null when lost
    select
        {{ dbt.concat(["'deal:'", 'deal_touchpoints.deal_id']) }} as journey_id,
        'deal' as journey_type,
        deal_touchpoints.deal_id,
        deal_touchpoints.account_id,
        deal_touchpoints.touch_index as step_number,
        deal_touchpoints.touchpoint_id,
        deal_touchpoints.channel,
        deal_touchpoints.occurred_at,
        attribution_deals.is_won as is_converting
    from deal_touchpoints
    inner join attribution_deals
        on deal_touchpoints.deal_id = attribution_deals.deal_id
    where attribution_deals.is_closed

),

accounts_with_deals as (

    select distinct account_id
    from all_deals
    where
        account_id is not null
        and not coalesce(is_deleted, false)

),

account_touchpoints as (

    -- accounts with touches and no deal at all: their eligible-category
    -- touches of the lookback window ending at the as-of time
    select
        touchpoints.account_id,
        touchpoints.touchpoint_id,
        touchpoints.channel,
        touchpoints.occurred_at
    from touchpoints
    cross join as_of
    left join accounts_with_deals
        on touchpoints.account_id = accounts_with_deals.account_id
    where
        touchpoints.account_id is not null
        and accounts_with_deals.account_id is null
        and {{ is_attribution_touch_category('touchpoints.touch_category') }}
        and {{ is_in_attribution_window('touchpoints.occurred_at', 'as_of.as_of_at') }}

),

account_steps as (

    select
        {{ dbt.concat(["'account:'", 'account_id']) }} as journey_id,
        'account_without_deal' as journey_type,
        cast(null as {{ dbt.type_string() }}) as deal_id,
        account_id,
        cast(row_number() over (
            partition by account_id
            order by occurred_at, touchpoint_id
        ) as {{ dbt.type_bigint() }}) as step_number,
        touchpoint_id,
        channel,
        occurred_at,
        false as is_converting
    from account_touchpoints

),

final as (

    select * from closed_deal_steps
    union all
    select * from account_steps

)

select * from final
