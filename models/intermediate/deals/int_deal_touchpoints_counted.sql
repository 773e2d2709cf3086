{{ config(materialized='table') }}

{#- One row per staged deal with the number of touchpoints eligible for
    attribution (docs/metrics.md section 7). Eligibility is decided once, in
    int_deal_touchpoints_filtered (attribution); this model only counts.
    Only conversions (non-deleted deals of an `attribution_pipelines`
    pipeline, int_attribution_deals_filtered) have eligible touches: the
    count is null for every other deal, 0 for a conversion without any
    (including one whose account does not resolve). -#}

with

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

conversions as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

eligible_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_filtered') }}

),

eligible_touchpoints_counted as (

    select
        deal_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as eligible_touchpoint_count,
        min(occurred_at) as first_eligible_touch_at,
        max(occurred_at) as last_eligible_touch_at
    from eligible_touchpoints
    group by deal_id

),

final as (

    select
        -- ids
        deals.deal_id,

        -- counts
        case
            when conversions.deal_id is not null
                then coalesce(eligible_touchpoints_counted.eligible_touchpoint_count, 0)
        end as eligible_touchpoint_count,

        -- timestamps
        eligible_touchpoints_counted.first_eligible_touch_at,
        eligible_touchpoints_counted.last_eligible_touch_at,

        -- flags
        conversions.deal_id is not null as is_attribution_conversion

    from deals
    left join conversions
        on deals.deal_id = conversions.deal_id
    left join eligible_touchpoints_counted
        on deals.deal_id = eligible_touchpoints_counted.deal_id

)

select * from final
