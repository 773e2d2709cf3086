{{ config(materialized='table') }}

{#- Spend by UTC month and channel (docs/metrics.md section 8), the one place
    where ad platform spend and the optional marketing costs are added up:
    ad spend by its campaign's channel and its report month, marketing costs
    by their channel and cost month, both already in the reporting
    currency. A month and channel where any non-zero amount has no currency
    rate, or where a report day or cost line is quarantined (its amount
    unknown), has a null spend (flagged), never an understated one:
    `has_missing_currency_rate`, `has_quarantined_spend`. Impressions and
    clicks add up the known days (a quarantined day's are unknown and
    missing from them, flagged the same way). Only months and channels with
    a report row or a cost line have a row. -#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

marketing_costs as (

    select * from {{ ref('int_marketing_costs_converted') }}

),

ad_spend_by_channel as (

    select
        report_month as month,
        channel,
        sum(spend) as ad_spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(case when has_currency_rate then 0 else 1 end) as rows_without_rate,
        sum(case when is_quarantined then 1 else 0 end) as quarantined_rows
    from ad_spend
    group by
        report_month,
        channel

),

costs_by_channel as (

    select
        cost_month as month,
        channel,
        sum(cost) as marketing_costs,
        sum(case when has_currency_rate then 0 else 1 end) as rows_without_rate,
        sum(case when is_quarantined then 1 else 0 end) as quarantined_rows
    from marketing_costs
    group by
        cost_month,
        channel

),

month_channels as (

    select
        month,
        channel
    from ad_spend_by_channel
    union
    select
        month,
        channel
    from costs_by_channel

),

joined as (

    select
        month_channels.month,
        month_channels.channel,
        case
            when ad_spend_by_channel.rows_without_rate > 0 or ad_spend_by_channel.quarantined_rows > 0 then null
            else coalesce(ad_spend_by_channel.ad_spend, 0)
        end as ad_spend,
        case
            when costs_by_channel.rows_without_rate > 0 or costs_by_channel.quarantined_rows > 0 then null
            else coalesce(costs_by_channel.marketing_costs, 0)
        end as marketing_costs,
        coalesce(ad_spend_by_channel.impressions, 0) as impressions,
        coalesce(ad_spend_by_channel.clicks, 0) as clicks,
        coalesce(ad_spend_by_channel.rows_without_rate, 0)
        + coalesce(costs_by_channel.rows_without_rate, 0) as rows_without_rate,
        coalesce(ad_spend_by_channel.quarantined_rows, 0)
        + coalesce(costs_by_channel.quarantined_rows, 0) as quarantined_rows
    from month_channels
    left join ad_spend_by_channel
        on
            month_channels.month = ad_spend_by_channel.month
            and month_channels.channel = ad_spend_by_channel.channel
    left join costs_by_channel
        on
            month_channels.month = costs_by_channel.month
            and month_channels.channel = costs_by_channel.channel

),

final as (

    select
        -- grain
        cast(month as date) as month,
        channel,

        -- money (reporting currency)
        cast(ad_spend + marketing_costs as decimal(38, 10)) as spend,
        cast(ad_spend as decimal(38, 10)) as ad_spend,
        cast(marketing_costs as decimal(38, 10)) as marketing_costs,

        -- ad platform measures
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,

        -- flags
        rows_without_rate > 0 as has_missing_currency_rate,
        quarantined_rows > 0 as has_quarantined_spend

    from joined

)

select * from final
