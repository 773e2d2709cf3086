{{ config(materialized='table') }}

{#- One row per staged deal with the number of touchpoints eligible for
    attribution (metrics.md section 7): touchpoints of the deal's account
    with time in [created_at - `attribution_lookback_days`, created_at] and a
    category in `attribution_touch_categories`. Only conversions (non-deleted
    deals of an `attribution_pipelines` pipeline) have eligible touches: the
    count is null for every other deal, 0 for a conversion without any
    (including one whose account does not resolve). -#}
{%- set pipeline_list = "'" ~ var('attribution_pipelines') | join("', '") ~ "'" -%}
{%- set category_list = "'" ~ var('attribution_touch_categories') | join("', '") ~ "'" -%}

with

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

conversions as (

    select
        deal_id,
        account_id,
        created_at,
        {{ dbt.dateadd('day', -1 * (var('attribution_lookback_days') | int), 'created_at') }} as lookback_start_at
    from deals
    where
        not is_deleted
        and pipeline in ({{ pipeline_list }})

),

eligible_touchpoints as (

    select
        conversions.deal_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as eligible_touchpoint_count,
        min(touchpoints.occurred_at) as first_eligible_touch_at,
        max(touchpoints.occurred_at) as last_eligible_touch_at
    from conversions
    inner join touchpoints
        on
            conversions.account_id = touchpoints.account_id
            and conversions.lookback_start_at <= touchpoints.occurred_at
            and conversions.created_at >= touchpoints.occurred_at
    where touchpoints.touch_category in ({{ category_list }})
    group by conversions.deal_id

),

final as (

    select
        -- ids
        deals.deal_id,

        -- counts
        case
            when conversions.deal_id is not null
                then coalesce(eligible_touchpoints.eligible_touchpoint_count, 0)
        end as eligible_touchpoint_count,

        -- timestamps
        eligible_touchpoints.first_eligible_touch_at,
        eligible_touchpoints.last_eligible_touch_at,

        -- flags
        conversions.deal_id is not null as is_attribution_conversion

    from deals
    left join conversions
        on deals.deal_id = conversions.deal_id
    left join eligible_touchpoints
        on deals.deal_id = eligible_touchpoints.deal_id

)

select * from final
