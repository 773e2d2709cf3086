{#- Attributed pipeline and revenue by touch month, channel and model, with
    the channel's spend, ROAS and ROI (docs/metrics.md section 7). Spend is null
    for a channel without any cost source (no ad platform report row and no
    marketing cost line mapped to it in any month: organic channels, sales,
    `unattributed`) and 0 in a month without a row for a channel that has
    one; ROAS and ROI are `safe_ratio`, so both are null where spend is
    null or 0. -#}

with

credits as (

    select * from {{ ref('fct_attribution_credits') }}

),

deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

deal_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_filtered') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

channel_spend as (

    select * from {{ ref('int_channel_spend_aggregated') }}

),

won_deal_durations as (

    -- days from a won deal's first eligible touch to its close
    select
        {{ days_between('deal_touchpoints.occurred_at', 'deals.closed_at') }} as days_first_touch_to_won
    from deal_touchpoints
    inner join deals
        on deal_touchpoints.deal_id = deals.deal_id
    where
        deal_touchpoints.touch_index = 1
        and deals.is_won
        and deals.closed_at is not null

),

maturity as (

    select
        coalesce(
            percentile_cont(0.5) within group (order by days_first_touch_to_won),
            0
        ) as median_days_first_touch_to_won
    from won_deal_durations

),

monthly as (

    select
        touch_month as month,
        channel,
        model,
        sum(pipeline_credit) as attributed_pipeline,
        sum(revenue_credit) as attributed_revenue,
        cast(
            count(distinct case when credit > 0 then deal_id end) as {{ dbt.type_bigint() }}
        ) as credited_deals
    from credits
    group by touch_month, channel, model

),

-- channels with a cost source: any ad platform report row or marketing
-- cost line mapped to them, in any month
cost_sources as (

    select distinct channel
    from channel_spend

),

models as (

    {% for model_name in attribution_models() %}
    select '{{ model_name }}' as model
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

grid as (

    -- every month, channel and model with a credit, plus every month and
    -- channel with spend (for every model), so that spend that bought
    -- nothing still shows, with 0 attributed
    select
        month,
        channel,
        model
    from monthly

    union

    select
        channel_spend.month,
        channel_spend.channel,
        models.model
    from channel_spend
    cross join models

),

joined as (

    select
        grid.month,
        grid.channel,
        grid.model,
        cast(coalesce(monthly.attributed_pipeline, 0) as decimal(18, 2)) as attributed_pipeline,
        cast(coalesce(monthly.attributed_revenue, 0) as decimal(18, 2)) as attributed_revenue,
        coalesce(monthly.credited_deals, 0) as credited_deals,
        -- a spend row: its amount (null when a currency rate is missing or
        -- a report day or cost line is quarantined); no
        -- row: 0 for a channel with a cost source, else null (unknown)
        cast(
            case
                when channel_spend.month is not null then channel_spend.spend
                when cost_sources.channel is not null then 0
            end as decimal(18, 2)
        ) as spend,
        cost_sources.channel is not null as has_cost_source
    from grid
    left join monthly
        on
            grid.month = monthly.month
            and grid.channel = monthly.channel
            and grid.model = monthly.model
    left join channel_spend
        on
            grid.month = channel_spend.month
            and grid.channel = channel_spend.channel
    left join cost_sources
        on grid.channel = cost_sources.channel

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
