{#- Marketing costs that no ad platform reports (the optional
    `marketing_costs` file), one row per (cost_month, channel, campaign),
    converted to the reporting currency at the rate of the cost month
    (`int_currency_rates_rebased` and `rate_to_reporting`: the reporting
    currency at 1). A channel outside the channel set (seed `channels`) is
    booked to `other` so that no cost is lost; a non-zero cost without a
    rate converts to null, never to a guess. A quarantined line (an
    unusable version, stg_marketing__costs_quarantined) keeps its row with
    an unknown (null) cost, flagged `is_quarantined`. -#}

with

costs as (

    select * from {{ ref('stg_marketing__costs') }}

),

quarantined as (

    select * from {{ ref('stg_marketing__costs_quarantined') }}

),

channels as (

    select * from {{ ref('channels') }}

),

rates as (

    select * from {{ ref('int_currency_rates_rebased') }}

),

-- the staged cost lines, and the quarantined ones with an unknown cost
cost_lines as (

    select
        cast(cost_month as date) as cost_month,
        channel,
        campaign,
        cost,
        currency,
        false as is_quarantined
    from costs
    union all
    select
        cast(cost_month as date) as cost_month,
        channel,
        campaign,
        cast(null as decimal(18, 4)) as cost,
        cast(null as {{ dbt.type_string() }}) as currency,
        true as is_quarantined
    from quarantined

),

-- the rate of the cost month (the reporting currency at 1)
rated as (

    select
        cost_lines.*,
        {{ rate_to_reporting('cost_lines.currency', 'rates.rate_to_reporting') }} as rate_to_reporting
    from cost_lines
    left join rates
        on
            cost_lines.currency = rates.currency
            and cost_lines.cost_month = rates.rate_month

),

final as (

    select
        -- ids
        rated.cost_month,
        rated.channel as original_channel,
        coalesce(channels.channel, 'other') as channel,
        rated.campaign,

        -- money
        rated.cost as original_cost,
        rated.currency as original_currency,
        rated.rate_to_reporting,
        case
            when rated.cost = 0 then cast(0 as decimal(38, 10))
            else cast(rated.cost * rated.rate_to_reporting as decimal(38, 10))
        end as cost,

        -- flags (a quarantined line's cost is unknown, not unconverted)
        channels.channel is not null as is_known_channel,
        rated.is_quarantined or rated.cost = 0 or rated.rate_to_reporting is not null as has_currency_rate,
        rated.is_quarantined

    from rated
    left join channels
        on rated.channel = channels.channel

)

select * from final
