{#- Attributed pipeline and revenue by touch month, channel and model, with
    the channel's spend, ROAS and ROI (docs/metrics.md section 7). Spend is null
    for a channel without any cost source (no ad platform report row and no
    marketing cost line mapped to it in any month: organic channels, sales,
    `unattributed`) and 0 in a month without a row for a channel that has
    one; ROAS and ROI are `safe_ratio`, so both are null where spend is
    null or 0. -#}

with

grid as (

    select * from {{ ref('int_attribution_channel_months_spined') }}

),

channel_months_credited as (

    select * from {{ ref('int_attribution_channel_months_credited') }}

),

channel_spend as (

    select * from {{ ref('int_channel_spend_aggregated') }}

),

maturity as (

    select * from {{ ref('int_attribution_cycles_measured') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

joined as (

    select
        grid.month,
        grid.channel,
        grid.model,
        cast(coalesce(channel_months_credited.attributed_pipeline, 0) as decimal(18, 2)) as attributed_pipeline,
        cast(coalesce(channel_months_credited.attributed_revenue, 0) as decimal(18, 2)) as attributed_revenue,
        coalesce(channel_months_credited.credited_deals, 0) as credited_deals,
        -- a spend row: its amount (null when a currency rate is missing or
        -- a report day or cost line is quarantined); no
        -- row: 0 for a channel with a cost source, else null (unknown)
        cast(
            case
                when channel_spend.month is not null then channel_spend.spend
                when grid.has_cost_source then 0
            end as decimal(18, 2)
        ) as spend,
        grid.has_cost_source
    from grid
    left join channel_months_credited
        on
            grid.month = channel_months_credited.month
            and grid.channel = channel_months_credited.channel
            and grid.model = channel_months_credited.model
    left join channel_spend
        on
            grid.month = channel_spend.month
            and grid.channel = channel_spend.channel

),

final as (

    select
        -- keys
        joined.month,
        joined.channel,
        joined.model,

        -- attributed value (reporting currency)
        joined.attributed_pipeline,
        joined.attributed_revenue,
        joined.credited_deals,

        -- spend and returns (null where spend is 0 or unknown)
        joined.spend,
        {{ safe_ratio('joined.attributed_revenue', 'joined.spend') }} as roas,
        {{ safe_ratio('joined.attributed_revenue - joined.spend', 'joined.spend') }} * 100 as roi_pct,

        -- maturity: revenue of the month will still grow while its end plus the
        -- median days from first touch to won deal is after the as-of time
        maturity.median_days_first_touch_to_won,
        (
            {{ days_between('as_of.as_of_at', dbt.dateadd('month', 1, 'joined.month')) }}
            + maturity.median_days_first_touch_to_won
        ) > 0 as is_immature,

        -- flags
        joined.has_cost_source,
        cast({{ dbt.dateadd('month', '1', 'joined.month') }} as timestamp) > as_of.as_of_at as is_partial_month

    from joined
    cross join maturity
    cross join as_of

)

select * from final
