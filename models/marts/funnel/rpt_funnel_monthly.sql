{#- The funnel month by month (docs/metrics.md section 5), on a month spine
    without holes from the first month with data to the as-of month.
    Stage counts are non-deleted contacts reaching the stage in the month;
    median times between stages use contacts that entered the later stage
    themselves, by the month of the later stage. Deal figures cover the
    non-deleted deals of the `funnel_deal_pipelines` (new business) closed
    in the month; open opportunities are counted at the month's end. -#}

{%- set pipelines = var('funnel_deal_pipelines') -%}

with

months as (

    select * from {{ ref('int_calendar_months') }}

),

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

leads_by_month as (

    select
        lead_month as month,
        count(*) as leads
    from funnel_contacts
    where lead_month is not null
    group by lead_month

),

mqls_by_month as (

    select
        mql_month as month,
        count(*) as mqls,
        {{ median('days_lead_to_mql') }} as median_days_lead_to_mql
    from funnel_contacts
    where mql_month is not null
    group by mql_month

),

sqls_by_month as (

    select
        sql_month as month,
        count(*) as sqls,
        sum(case when sql_speed = 'nurtured' then 1 else 0 end) as nurtured_sqls,
        {{ median('days_mql_to_sql') }} as median_days_mql_to_sql
    from funnel_contacts
    where sql_month is not null
    group by sql_month

),

opportunities_by_month as (

    select
        opportunity_month as month,
        count(*) as opportunities,
        {{ median('days_sql_to_opportunity') }} as median_days_sql_to_opportunity
    from funnel_contacts
    where opportunity_month is not null
    group by opportunity_month

),

customers_by_month as (

    select
        customer_month as month,
        count(*) as customers,
        {{ median('days_opportunity_to_customer') }} as median_days_opportunity_to_customer
    from funnel_contacts
    where customer_month is not null
    group by customer_month

),

funnel_deals as (

    select *
    from deals
    where
        not is_deleted
        and pipeline in ({% for pipeline in pipelines %}'{{ pipeline }}'{{ ', ' if not loop.last }}{% endfor %})

),

closed_deals_by_month as (

    select
        cast({{ dbt.date_trunc('month', 'closed_at') }} as date) as month,
        sum(case when is_won then 1 else 0 end) as deals_won,
        sum(case when not is_won then 1 else 0 end) as deals_lost,
        avg(case when is_won then amount end) as average_won_deal_size,
        {{ median('days_to_close') }} as median_days_deal_created_to_closed
    from funnel_deals
    where
        is_closed
        and closed_at is not null
    group by cast({{ dbt.date_trunc('month', 'closed_at') }} as date)

),

open_deals_by_month as (

    -- open at the month's end: created before it, not closed before it
    -- (a closed deal without a close time cannot be placed and is left out)
    select
        months.month,
        count(funnel_deals.deal_id) as open_opportunities
    from months
    inner join funnel_deals
        on
            months.month_end_at > funnel_deals.created_at
            and (
                months.month_end_at <= funnel_deals.closed_at
                or (funnel_deals.closed_at is null and not funnel_deals.is_closed)
            )
    group by months.month

),

joined as (

    select
        months.month,
        months.month_end_at,
        months.is_complete,
        cast(coalesce(leads_by_month.leads, 0) as {{ dbt.type_bigint() }}) as leads,
        cast(coalesce(mqls_by_month.mqls, 0) as {{ dbt.type_bigint() }}) as mqls,
        cast(coalesce(sqls_by_month.sqls, 0) as {{ dbt.type_bigint() }}) as sqls,
        cast(coalesce(sqls_by_month.nurtured_sqls, 0) as {{ dbt.type_bigint() }}) as nurtured_sqls,
        cast(coalesce(opportunities_by_month.opportunities, 0) as {{ dbt.type_bigint() }}) as opportunities,
        cast(coalesce(customers_by_month.customers, 0) as {{ dbt.type_bigint() }}) as customers,
        mqls_by_month.median_days_lead_to_mql,
        sqls_by_month.median_days_mql_to_sql,
        opportunities_by_month.median_days_sql_to_opportunity,
        customers_by_month.median_days_opportunity_to_customer,
        cast(coalesce(closed_deals_by_month.deals_won, 0) as {{ dbt.type_bigint() }}) as deals_won,
        cast(coalesce(closed_deals_by_month.deals_lost, 0) as {{ dbt.type_bigint() }}) as deals_lost,
        cast(closed_deals_by_month.average_won_deal_size as double) as average_won_deal_size,
        closed_deals_by_month.median_days_deal_created_to_closed,
        cast(coalesce(open_deals_by_month.open_opportunities, 0) as {{ dbt.type_bigint() }}) as open_opportunities
    from months
    left join leads_by_month
        on months.month = leads_by_month.month
    left join mqls_by_month
        on months.month = mqls_by_month.month
    left join sqls_by_month
        on months.month = sqls_by_month.month
    left join opportunities_by_month
        on months.month = opportunities_by_month.month
    left join customers_by_month
        on months.month = customers_by_month.month
    left join closed_deals_by_month
        on months.month = closed_deals_by_month.month
    left join open_deals_by_month
        on months.month = open_deals_by_month.month

),

with_previous as (

    select
        *,
        lag(mqls) over (order by month) as previous_month_mqls,
        {{ safe_ratio('deals_won', 'deals_won + deals_lost') }} as win_rate
    from joined

),

final as (

    select
        -- grain
        month,

        -- stage counts
        leads,
        mqls,
        sqls,
        opportunities,
        customers,

        -- funnel rates
        {{ safe_ratio('(mqls - previous_month_mqls) * 100', 'previous_month_mqls') }} as lead_velocity_rate_pct,
        {{ safe_ratio('nurtured_sqls', 'sqls') }} as nurtured_sql_share,
        nurtured_sqls,

        -- time in funnel (median elapsed days)
        median_days_lead_to_mql,
        median_days_mql_to_sql,
        median_days_sql_to_opportunity,
        median_days_opportunity_to_customer,

        -- deals
        deals_won,
        deals_lost,
        win_rate,
        average_won_deal_size,
        median_days_deal_created_to_closed,
        open_opportunities,
        case
            when median_days_deal_created_to_closed > 0
                then open_opportunities * win_rate * average_won_deal_size / median_days_deal_created_to_closed
        end as pipeline_velocity,

        -- flags
        is_complete as is_complete_month,
        not is_complete as is_partial_month,

        -- timestamps
        month_end_at

    from with_previous

)

select * from final
