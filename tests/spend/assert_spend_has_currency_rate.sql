{{ config(severity='warn') }}

{#- Warns about every currency and month with non-zero ad spend or
    marketing costs but no rate in seed `currency_rates`: their spend is
    null in the marts (never understated). Add the missing rates to the
    seed to fix it. -#}

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
        report_month as month
    from ad_spend
    where not has_currency_rate
    union all
    select
        'marketing_costs' as source_table,
        original_currency,
        cost_month as month
    from marketing_costs
    where not has_currency_rate

)

select
    source_table,
    original_currency,
    month,
    count(*) as rows_without_rate
from missing
group by
    source_table,
    original_currency,
    month
