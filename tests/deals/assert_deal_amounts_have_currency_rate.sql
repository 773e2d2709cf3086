{{ config(severity='warn') }}

{#- Warns about every currency and created month with deals whose amount
    has no rate to the reporting currency (seed `currency_rates` lacks the
    currency or the month), with the amount affected in that currency and
    the part of it won: those deals keep their row with a null amount, so
    their pipeline and revenue count nowhere in money (attribution credits
    them without an amount). Add the missing rates to the seed to fix it
    (coverage per currency: int_currency_rates_covered). -#}

with

deals as (

    select * from {{ ref('fct_deals') }}

),

missing as (

    select
        original_currency,
        created_month as month,
        original_amount,
        is_won
    from deals
    where
        not has_currency_rate
        and original_amount is not null

),

summarised as (

    select
        'crm_deals' as source_table,
        original_currency,
        month,
        count(*) as deals_without_rate,
        sum(original_amount) as original_amount,
        sum(case when is_won then 1 else 0 end) as won_deals,
        sum(case when is_won then original_amount else 0 end) as won_original_amount
    from missing
    group by
        original_currency,
        month

)

select * from summarised
