{#- Spend in rpt_channel_metrics_monthly sums, month by month, to the
    deduplicated spend of staging (the latest restatement of every ad report
    day plus the marketing cost lines), converted with the month's rate:
    no spend is lost or counted twice by the channel mapping or the month x
    channel grid. Tolerance: the mart rounds each row to cents. Returns the
    months that differ. -#}

with

channel_metrics as (

    select * from {{ ref('rpt_channel_metrics_monthly') }}

),

ad_performance as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

marketing_costs as (

    select * from {{ ref('stg_marketing__costs') }}

),

rates as (

    select * from {{ ref('int_currency_rates_rebased') }}

),

staged_amounts as (

    select
        cast({{ dbt.date_trunc('month', 'ad_performance.report_date') }} as date) as month,
        -- the reporting currency at 1, whatever the seed holds
        case
            when ad_performance.currency = upper('{{ var("reporting_currency") }}') then ad_performance.spend
            else ad_performance.spend * rates.rate_to_reporting
        end as amount
    from ad_performance
    left join rates
        on
            ad_performance.currency = rates.currency
            and cast({{ dbt.date_trunc('month', 'ad_performance.report_date') }} as date) = rates.rate_month
    union all
    select
        marketing_costs.cost_month as month,
        case
            when marketing_costs.currency = upper('{{ var("reporting_currency") }}') then marketing_costs.cost
            else marketing_costs.cost * rates.rate_to_reporting
        end as amount
    from marketing_costs
    left join rates
        on
            marketing_costs.currency = rates.currency
            and marketing_costs.cost_month = rates.rate_month

),

staged_by_month as (

    select
        month,
        sum(amount) as staged_spend
    from staged_amounts
    group by month

),

mart_by_month as (

    select
        month,
        sum(spend) as mart_spend,
        count(*) as channel_rows,
        max(case when has_missing_currency_rate or has_quarantined_spend then 1 else 0 end) as has_missing_rate
    from channel_metrics
    group by month

),

compared as (

    select
        coalesce(staged_by_month.month, mart_by_month.month) as month,
        coalesce(staged_by_month.staged_spend, 0) as staged_spend,
        coalesce(mart_by_month.mart_spend, 0) as mart_spend,
        coalesce(mart_by_month.channel_rows, 1) as channel_rows,
        coalesce(mart_by_month.has_missing_rate, 0) as has_missing_rate
    from staged_by_month
    full outer join mart_by_month
        on staged_by_month.month = mart_by_month.month

)

select * from compared
where
    -- a month with an amount lacking a currency rate (warned by
    -- tests/spend/assert_spend_has_currency_rate.sql) or a quarantined report
    -- day or cost line shows null spend: not comparable
    has_missing_rate = 0
    -- each mart row is rounded to cents: at most half a cent per channel row
    and abs(staged_spend - mart_spend) > 0.005 * channel_rows + 0.000001
