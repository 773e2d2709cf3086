{#- One row per non-deleted CRM deal (deleted records own nothing
    downstream): its account through merges, amount in the reporting
    currency at the created month's rate, status, close time and the number
    of touchpoints eligible for attribution (docs/metrics.md section 7). -#}

with

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

deal_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_counted') }}

),

final as (

    select
        -- ids
        deals.deal_id,
        deals.account_id,
        deals.primary_contact_id,

        -- attributes
        deals.pipeline,
        deals.deal_stage,
        deals.account_resolution_method,

        -- money
        deals.amount,
        deals.original_amount,
        deals.original_currency,
        deals.reporting_currency,

        -- flags
        deals.is_won,
        deals.is_closed,
        deals.has_currency_rate,
        deal_touchpoints.is_attribution_conversion,

        -- dates and timestamps
        deals.created_at,
        deals.closed_at,
        deals.closed_at_source,
        deals.close_date,
        cast({{ dbt.date_trunc('month', 'deals.created_at') }} as date) as created_month,
        cast({{ dbt.date_trunc('month', 'deals.closed_at') }} as date) as closed_month,

        -- durations
        deals.days_to_close,

        -- attribution
        cast(deal_touchpoints.eligible_touchpoint_count as {{ dbt.type_bigint() }}) as eligible_touchpoint_count

    from deals
    left join deal_touchpoints
        on deals.deal_id = deal_touchpoints.deal_id
    where not deals.is_deleted

)

select * from final
