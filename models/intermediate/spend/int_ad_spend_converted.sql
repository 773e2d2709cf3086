{{ config(materialized='table') }}

{#- Ad spend of every platform in one column set, one row per (report_date,
    platform, campaign_id): the latest restatement (resolved in staging),
    the campaign's latest name and channel, and the spend converted to the
    reporting currency at the rate of the report date's month
    (`int_currency_rates_rebased`, the one conversion). A non-zero spend
    without a rate converts to null, never to a guess. -#}

with

performance as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

campaigns as (

    select * from {{ ref('int_ad_campaigns_classified') }}

),

rates as (

    select * from {{ ref('int_currency_rates_rebased') }}

),

dated as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'report_date') }} as date) as report_month
    from performance

),

final as (

    select
        -- ids
        dated.platform,
        dated.campaign_id,

        -- attributes
        campaigns.campaign_name,
        campaigns.channel,

        -- dates
        dated.report_date,
        dated.report_month,

        -- measures
        dated.impressions,
        dated.clicks,
        dated.spend as original_spend,
        dated.currency as original_currency,
        rates.rate_to_reporting,
        case
            when dated.spend = 0 then cast(0 as decimal(38, 10))
            else cast(dated.spend * rates.rate_to_reporting as decimal(38, 10))
        end as spend,

        -- flags
        dated.spend = 0 or rates.rate_to_reporting is not null as has_currency_rate,

        -- timestamps
        dated.extracted_at

    from dated
    inner join campaigns
        on
            dated.platform = campaigns.platform
            and dated.campaign_id = campaigns.campaign_id
    left join rates
        on
            dated.currency = rates.currency
            and dated.report_month = rates.rate_month

)

select * from final
