-- The seven attribution models side by side: attributed revenue and pipeline
-- per channel (all months), with each model's share of total revenue and the
-- channel's Markov removal effect. Compile with `dbt compile` and run the SQL
-- from target/compiled/, or paste it into a SQL client on the DuckDB file.
{%- set models = attribution_models() %}

with

monthly as (

    select * from {{ ref('rpt_attribution_by_channel_monthly') }}

),

removal_effects as (

    select * from {{ ref('rpt_markov_removal_effects') }}

),

by_channel as (

    select
        {% for model_name in models -%}
        sum(case when model = '{{ model_name }}' then attributed_revenue else 0 end) as {{ model_name }}_revenue,
        sum(case when model = '{{ model_name }}' then attributed_pipeline else 0 end) as {{ model_name }}_pipeline,
        {% endfor -%}
        channel
    from monthly
    group by channel

),

final as (

    select
        by_channel.channel,
        {% for model_name in models -%}
        by_channel.{{ model_name }}_revenue,
        by_channel.{{ model_name }}_revenue
        / nullif(sum(by_channel.{{ model_name }}_revenue) over (), 0) as {{ model_name }}_revenue_share,
        by_channel.{{ model_name }}_pipeline,
        {% endfor -%}
        removal_effects.removal_effect,
        removal_effects.attribution_share as markov_attribution_share
    from by_channel
    left join removal_effects
        on by_channel.channel = removal_effects.channel

)

select * from final
order by data_driven_revenue desc
