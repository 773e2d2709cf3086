{{ config(materialized='table') }}

{#- The one place where money is converted: the `currency_rates` seed
    (rates to USD) rebased to the `reporting_currency` var, per month.
    Convert an amount with
        left join int_currency_rates_rebased as rates
            on x.currency = rates.currency
            and rates.rate_month = cast(date_trunc('month', x.at) as date)
    and amount * {{ rate_to_reporting('x.currency', 'rates.rate_to_reporting') }}:
    the reporting currency converts at 1 in every month (also one this seed
    lacks); otherwise no row means no rate (null amount, has_currency_rate
    false). -#}

with

rates as (

    select * from {{ ref('currency_rates') }}

),

reporting_currency_rates as (

    select
        rate_month,
        rate_to_usd
    from rates
    where currency = upper('{{ var("reporting_currency") }}')

),

final as (

    select
        -- keys
        rates.currency,
        rates.rate_month,

        -- rates
        upper('{{ var("reporting_currency") }}') as reporting_currency,
        rates.rate_to_usd,
        cast(rates.rate_to_usd / reporting_currency_rates.rate_to_usd as decimal(20, 10)) as rate_to_reporting

    from rates
    inner join reporting_currency_rates
        on rates.rate_month = reporting_currency_rates.rate_month
    where reporting_currency_rates.rate_to_usd > 0

)

select * from final
