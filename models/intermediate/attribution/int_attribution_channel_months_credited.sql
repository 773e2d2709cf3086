{#- Attributed pipeline and revenue by touch month, channel and attribution
    model, and the deals credited there. -#}

with

credits as (

    select * from {{ ref('int_attribution_credits_allocated') }}

),

final as (

    select
        -- grain
        touch_month as month,
        channel,
        model,

        -- attributed value (reporting currency)
        sum(pipeline_credit) as attributed_pipeline,
        sum(revenue_credit) as attributed_revenue,
        cast(
            count(distinct case when credit > 0 then deal_id end) as {{ dbt.type_bigint() }}
        ) as credited_deals

    from credits
    group by
        touch_month,
        channel,
        model

)

select * from final
