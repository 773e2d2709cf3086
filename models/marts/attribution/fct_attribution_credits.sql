{#- Attribution credits (docs/metrics.md section 7): the credit rows of
    int_attribution_credits_allocated, which holds the rules. -#}

with

credits as (

    select * from {{ ref('int_attribution_credits_allocated') }}

),

final as (

    select
        -- ids
        credit_id,
        deal_id,
        model,
        touchpoint_id,

        -- attributes
        channel,
        campaign,
        touch_index,
        is_won,

        -- dates and timestamps
        occurred_at,
        deal_created_at,
        touch_month,

        -- credit
        credit,
        pipeline_credit,
        revenue_credit

    from credits

)

select * from final
