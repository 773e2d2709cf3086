{{ config(severity='warn') }}

{#- Warns about every currency and month with non-zero ad spend or
    marketing costs but no rate in seed `currency_rates`, with the amount
    affected (in that currency): their spend is null in the marts (never
    understated). Add the missing rates to the seed to fix it (coverage per
    currency: int_currency_rates_covered). -#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

marketing_costs as (

    select * from {{ ref('int_marketing_costs_converted') }}

),

missing as (

    select
        'ad_performance_daily' as source_table,
        original_currency,
        report_month as month,
        original_spend as original_amount
    from ad_spend
    where not has_currency_rate
    union all
    select
        'marketing_costs' as source_table,
        original_currency,
        cost_month as month,
        original_cost as original_amount
    from marketing_costs
    where not has_currency_rate

)

select
    source_table,
    original_currency,
    month,
    count(*) as rows_without_rate,
    sum(original_amount) as original_amount
from missing
group by
    source_table,
    original_currency,
    month
