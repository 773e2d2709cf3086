{{ config(materialized='table') }}

{#- One row per currency that the rate seed `currency_rates` holds or that
    an amount needs: the seed's first and last month for it and the months
    missing in between, against the first and last month of the amounts in
    that currency (non-deleted deals by created month, non-zero ad spend by
    report month, non-zero marketing costs by cost month) and how many of
    them have no rate (converted to null, `has_currency_rate` false). The
    publish audit (scripts/audit.py) prints a line for every currency with
    amounts outside the coverage. -#}

with

rates as (

    select * from {{ ref('currency_rates') }}

),

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

marketing_costs as (

    select * from {{ ref('int_marketing_costs_converted') }}

),

seed_months as (

    select
        currency,
        rate_month,
        lead(rate_month) over (partition by currency order by rate_month) as next_rate_month
    from rates

),

seed_spans as (

    select
        currency,
        min(rate_month) as first_rate_month,
        max(rate_month) as last_rate_month,
        count(distinct rate_month) as rate_months,
        -- the month after the first rate month whose next one is not the next month
        min(
            case
                when next_rate_month > {{ dbt.dateadd('month', 1, 'rate_month') }}
                    then {{ dbt.dateadd('month', 1, 'rate_month') }}
            end
        ) as first_missing_rate_month
    from seed_months
    group by currency

),

-- the months between the first and the last rate month without a rate
-- (computed here, where both months are known: Spark's datediff refuses nulls)
seed_coverage as (

    select
        *,
        {{ dbt.datediff('first_rate_month', 'last_rate_month', 'month') }}
        + 1 - rate_months as missing_rate_months
    from seed_spans

),

-- every amount that needs a rate, by the month whose rate converts it
amounts as (

    select
        original_currency as currency,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as amount_month,
        has_currency_rate
    from deals
    where
        not is_deleted
        and original_amount is not null
    union all
    select
        original_currency as currency,
        report_month as amount_month,
        has_currency_rate
    from ad_spend
    where
        not is_quarantined
        and original_spend != 0
    union all
    select
        original_currency as currency,
        cost_month as amount_month,
        has_currency_rate
    from marketing_costs
    where
        not is_quarantined
        and original_cost != 0

),

amount_coverage as (

    select
        currency,
        min(amount_month) as first_amount_month,
        max(amount_month) as last_amount_month,
        count(*) as amounts,
        sum(case when has_currency_rate then 0 else 1 end) as amounts_without_rate,
        count(distinct case when not has_currency_rate then amount_month end) as months_without_rate
    from amounts
    where currency is not null
    group by currency

),

currencies as (

    select currency from seed_coverage
    union
    select currency from amount_coverage

),

final as (

    select
        -- ids
        currencies.currency,

        -- attributes
        currencies.currency = upper('{{ var("reporting_currency") }}') as is_reporting_currency,

        -- the seed's coverage
        cast(seed_coverage.first_rate_month as date) as first_rate_month,
        cast(seed_coverage.last_rate_month as date) as last_rate_month,
        cast(coalesce(seed_coverage.rate_months, 0) as {{ dbt.type_bigint() }}) as rate_months,
        cast(coalesce(seed_coverage.missing_rate_months, 0) as {{ dbt.type_bigint() }}) as missing_rate_months,
        cast(seed_coverage.first_missing_rate_month as date) as first_missing_rate_month,

        -- the amounts that need it
        cast(amount_coverage.first_amount_month as date) as first_amount_month,
        cast(amount_coverage.last_amount_month as date) as last_amount_month,
        cast(coalesce(amount_coverage.amounts, 0) as {{ dbt.type_bigint() }}) as amounts,
        cast(coalesce(amount_coverage.amounts_without_rate, 0) as {{ dbt.type_bigint() }}) as amounts_without_rate,
        cast(coalesce(amount_coverage.months_without_rate, 0) as {{ dbt.type_bigint() }}) as months_without_rate,

        -- flags
        coalesce(amount_coverage.amounts_without_rate, 0) > 0 as has_amounts_outside_coverage

    from currencies
    left join seed_coverage
        on currencies.currency = seed_coverage.currency
    left join amount_coverage
        on currencies.currency = amount_coverage.currency

)

select * from final
