{#- Every deal amount in the reporting currency equals its original amount
    x rate(currency -> USD) / rate(reporting currency -> USD) of the deal's
    created month, recomputed from the `currency_rates` seed (within a cent),
    and its original amount itself when it is in the reporting currency (at
    1 in every month, whatever the seed holds); a deal whose currency and
    month have rates is never left without an amount, and one without rates
    never gets one. Returns offending deals. -#}

with

deals as (

    select * from {{ ref('fct_deals') }}

),

rates as (

    select * from {{ ref('currency_rates') }}

),

expected as (

    select
        deals.deal_id,
        deals.amount,
        deals.original_amount,
        deals.has_currency_rate,
        case
            when deals.original_currency = upper('{{ var("reporting_currency") }}') then deals.original_amount
            else deals.original_amount * deal_rates.rate_to_usd / reporting_rates.rate_to_usd
        end as expected_amount,
        coalesce(deals.original_currency = upper('{{ var("reporting_currency") }}'), false)
        or (deal_rates.currency is not null and reporting_rates.currency is not null) as has_expected_rate
    from deals
    left join rates as deal_rates
        on
            deals.original_currency = deal_rates.currency
            and cast({{ dbt.date_trunc('month', 'deals.created_at') }} as date) = deal_rates.rate_month
    left join rates as reporting_rates
        on
            upper('{{ var("reporting_currency") }}') = reporting_rates.currency
            and cast({{ dbt.date_trunc('month', 'deals.created_at') }} as date) = reporting_rates.rate_month

),

offending as (

    select *
    from expected
    where
        has_currency_rate != has_expected_rate
        or (original_amount is not null and has_expected_rate and amount is null)
        or (not has_expected_rate and amount is not null)
        or abs(amount - expected_amount) > 0.01

)

select * from offending
