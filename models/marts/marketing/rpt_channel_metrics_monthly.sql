{#- Channel metrics by UTC month (docs/metrics.md section 8): one row for every
    month and every channel of the channel set (seed `channels`), zeros
    where nothing happened. Months: the month spine (first month with data
    to the as-of month) plus any month with spend. Spend and ad measures by
    the campaign's (or cost line's) channel; visitors by the channel of
    their sessions; funnel stages by the contact's acquisition channel; won
    deals and new customers by the account's acquisition channel. Spend is
    null for a channel without any cost source (no ad platform report row
    and no marketing cost line mapped to it, in any month: organic channels,
    sales, ...) and 0 in a month without a row for a channel that has one.
    Every ratio is `safe_ratio`: null when its numerator or denominator is
    null or its denominator is 0. -#}

with

grid as (

    select * from {{ ref('int_channel_months_spined') }}

),

channel_spend as (

    select * from {{ ref('int_channel_spend_aggregated') }}

),

visitor_counts as (

    select * from {{ ref('int_channel_visitors_counted') }}

),

stage_counts as (

    select * from {{ ref('int_channel_stages_counted') }}

),

win_counts as (

    select * from {{ ref('int_channel_wins_counted') }}

),

joined as (

    select
        grid.month,
        grid.channel,
        grid.is_paid_media,
        -- a spend row: its amounts (null when one lacks a currency rate or
        -- is quarantined); no
        -- row: 0 for a channel with a cost source, else null (unknown)
        case
            when channel_spend.month is not null then channel_spend.spend
            when grid.has_cost_source then 0
        end as spend,
        case
            when channel_spend.month is not null then channel_spend.ad_spend
            when grid.has_cost_source then 0
        end as ad_spend,
        case
            when channel_spend.month is not null then channel_spend.marketing_costs
            when grid.has_cost_source then 0
        end as marketing_costs,
        grid.has_cost_source,
        coalesce(channel_spend.has_missing_currency_rate, false) as has_missing_currency_rate,
        coalesce(channel_spend.has_quarantined_spend, false) as has_quarantined_spend,
        coalesce(channel_spend.impressions, 0) as impressions,
        coalesce(channel_spend.clicks, 0) as clicks,
        coalesce(visitor_counts.visitors, 0) as visitors,
        coalesce(visitor_counts.visitors_with_form_submission, 0) as visitors_with_form_submission,
        coalesce(stage_counts.leads, 0) as leads,
        coalesce(stage_counts.mqls, 0) as mqls,
        coalesce(stage_counts.sqls, 0) as sqls,
        coalesce(stage_counts.opportunities, 0) as opportunities,
        stage_counts.mql_to_sql_rate,
        coalesce(win_counts.won_deals, 0) as won_deals,
        coalesce(win_counts.new_customers, 0) as new_customers,
        grid.is_complete_month
    from grid
    left join channel_spend
        on
            grid.month = channel_spend.month
            and grid.channel = channel_spend.channel
    left join visitor_counts
        on
            grid.month = visitor_counts.month
            and grid.channel = visitor_counts.channel
    left join stage_counts
        on
            grid.month = stage_counts.month
            and grid.channel = stage_counts.channel
    left join win_counts
        on
            grid.month = win_counts.month
            and grid.channel = win_counts.channel

),

final as (

    select
        -- grain
        month,
        channel,

        -- spend (reporting currency)
        cast(round(spend, 2) as decimal(18, 2)) as spend,
        cast(round(ad_spend, 2) as decimal(18, 2)) as ad_spend,
        cast(round(marketing_costs, 2) as decimal(18, 2)) as marketing_costs,

        -- ad platform measures
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        {{ safe_ratio('clicks', 'impressions') }} as ctr,
        {{ money_ratio('spend', 'clicks', 4) }} as cpc,

        -- website
        cast(visitors as {{ dbt.type_bigint() }}) as visitors,
        cast(visitors_with_form_submission as {{ dbt.type_bigint() }}) as visitors_with_form_submission,
        {{ safe_ratio('visitors_with_form_submission', 'visitors') }} as visit_to_lead_rate,

        -- funnel (acquisition channel of the contact)
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,
        cast(mql_to_sql_rate as double) as mql_to_sql_rate,
        cast(opportunities as {{ dbt.type_bigint() }}) as opportunities,

        -- deals (acquisition channel of the account)
        cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
        cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,

        -- cost ratios (reporting currency)
        {{ money_ratio('spend', 'leads') }} as cpl,
        {{ money_ratio('spend', 'mqls') }} as cost_per_mql,
        {{ money_ratio('spend', 'sqls') }} as cost_per_sql,
        {{ money_ratio('spend', 'new_customers') }} as cac,

        -- flags
        is_paid_media,
        has_cost_source,
        has_missing_currency_rate,
        has_quarantined_spend,
        is_complete_month,
        not is_complete_month as is_partial_month

    from joined

)

select * from final
