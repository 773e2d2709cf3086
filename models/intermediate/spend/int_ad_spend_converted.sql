{{ config(materialized='table') }}

{#- Ad spend of every platform in one column set, one row per (report_date,
    platform, campaign_id): the latest restatement (resolved in staging),
    the campaign's latest name and channel, and the spend converted to the
    reporting currency at the rate of the report date's month
    (`int_currency_rates_rebased` and `rate_to_reporting`, the one
    conversion: the reporting currency at 1). A non-zero spend without a
    rate converts to null, never to a guess. A quarantined day (its latest
    restatement unusable, stg_ads__performance_daily_quarantined) keeps its
    row with unknown (null) figures, flagged `is_quarantined`, never the
    older restatement's. -#}

with

performance as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

quarantined as (

    select * from {{ ref('stg_ads__performance_daily_quarantined') }}

),

campaigns as (

    select * from {{ ref('int_ad_campaigns_classified') }}

),

rates as (

    select * from {{ ref('int_currency_rates_rebased') }}

),

-- the staged report days, and the quarantined ones with unknown figures
report_days as (

    select
        platform,
        campaign_id,
        report_date,
        impressions,
        clicks,
        spend,
        currency,
        extracted_at,
        false as is_quarantined
    from performance
    union all
    select
        platform,
        campaign_id,
        report_date,
        cast(null as {{ dbt.type_bigint() }}) as impressions,
        cast(null as {{ dbt.type_bigint() }}) as clicks,
        cast(null as decimal(18, 4)) as spend,
        cast(null as {{ dbt.type_string() }}) as currency,
        cast(null as {{ dbt.type_timestamp() }}) as extracted_at,
        true as is_quarantined
    from quarantined

),

dated as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'report_date') }} as date) as report_month
    from report_days

),

-- the rate of the report month (the reporting currency at 1)
rated as (

    select
        dated.*,
        {{ rate_to_reporting('dated.currency', 'rates.rate_to_reporting') }} as rate_to_reporting
    from dated
    left join rates
        on
            dated.currency = rates.currency
            and dated.report_month = rates.rate_month

),

final as (

    select
        -- ids
        rated.platform,
        rated.campaign_id,

        -- attributes
        campaigns.campaign_name,
        campaigns.channel,

        -- dates
        rated.report_date,
        rated.report_month,

        -- measures
        rated.impressions,
        rated.clicks,
        rated.spend as original_spend,
        rated.currency as original_currency,
        rated.rate_to_reporting,
        case
            when rated.spend = 0 then cast(0 as decimal(38, 10))
            else cast(rated.spend * rated.rate_to_reporting as decimal(38, 10))
        end as spend,

        -- flags (a quarantined day's spend is unknown, not unconverted)
        rated.is_quarantined or rated.spend = 0 or rated.rate_to_reporting is not null as has_currency_rate,
        rated.is_quarantined,

        -- timestamps
        rated.extracted_at

    from rated
    inner join campaigns
        on
            rated.platform = campaigns.platform
            and rated.campaign_id = campaigns.campaign_id

)

select * from final
