{#- Marketing costs that no ad platform reports (the optional
    `marketing_costs` file), one row per (cost_month, channel, campaign),
    converted to the reporting currency at the rate of the cost month
    (`int_currency_rates_rebased`). A channel outside the channel set
    (seed `channels`) is booked to `other` so that no cost is lost; a
    non-zero cost without a rate converts to null, never to a guess. -#}

with

costs as (

    select * from {{ ref('stg_marketing__costs') }}

),

channels as (

    select * from {{ ref('channels') }}

),

rates as (

    select * from {{ ref('int_currency_rates_rebased') }}

),

final as (

    select
        -- ids
        cast(costs.cost_month as date) as cost_month,
        costs.channel as original_channel,
        coalesce(channels.channel, 'other') as channel,
        costs.campaign,

        -- money
        costs.cost as original_cost,
        costs.currency as original_currency,
        rates.rate_to_reporting,
        case
            when costs.cost = 0 then cast(0 as decimal(38, 10))
            else cast(costs.cost * rates.rate_to_reporting as decimal(38, 10))
        end as cost,

        -- flags
        channels.channel is not null as is_known_channel,
        costs.cost = 0 or rates.rate_to_reporting is not null as has_currency_rate

    from costs
    left join channels
        on costs.channel = channels.channel
    left join rates
        on
            costs.currency = rates.currency
            and cast(costs.cost_month as date) = rates.rate_month

)

select * from final
