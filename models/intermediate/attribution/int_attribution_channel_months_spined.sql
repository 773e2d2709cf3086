{#- The month x channel x model grid of the attribution report: every
    month, channel and model with a credit, plus every month and channel
    with spend (for every model), so that spend that bought nothing still
    shows, with 0 attributed. -#}

with

channel_months_credited as (

    select * from {{ ref('int_attribution_channel_months_credited') }}

),

channel_spend as (

    select * from {{ ref('int_channel_spend_aggregated') }}

),

models as (

    {% for model_name in attribution_models() %}
    select '{{ model_name }}' as model
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- channels with a cost source: any ad platform report row or marketing
-- cost line mapped to them, in any month
cost_sources as (

    select distinct channel
    from channel_spend

),

grid as (

    select
        month,
        channel,
        model
    from channel_months_credited

    union

    select
        channel_spend.month,
        channel_spend.channel,
        models.model
    from channel_spend
    cross join models

),

final as (

    select
        -- grain
        grid.month,
        grid.channel,
        grid.model,

        -- flags
        cost_sources.channel is not null as has_cost_source

    from grid
    left join cost_sources
        on grid.channel = cost_sources.channel

)

select * from final
