-- No touch earns credit when it happened after the deal was created, or
-- more than `attribution_lookback_days` before. Returns the offending credits.
with

credits as (

    select * from {{ ref('fct_attribution_credits') }}

),

final as (

    select
        credit_id,
        occurred_at,
        deal_created_at
    from credits
    where
        touchpoint_id is not null
        and not {{ is_in_attribution_window('occurred_at', 'deal_created_at') }}

)

select * from final
