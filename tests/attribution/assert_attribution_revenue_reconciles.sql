-- Per model, attributed revenue (credits and the monthly report) adds up
-- exactly, to the cent, to the total won revenue of the attribution deals,
-- and attributed pipeline to their total amount. Returns the offending model.
with

credits as (

    select * from {{ ref('fct_attribution_credits') }}

),

monthly as (

    select * from {{ ref('rpt_attribution_by_channel_monthly') }}

),

deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

deal_totals as (

    select
        sum(round(amount, 2)) as total_pipeline,
        sum(case when is_won then round(amount, 2) else 0 end) as total_revenue
    from deals

),

credit_totals as (

    select
        model,
        sum(pipeline_credit) as credited_pipeline,
        sum(revenue_credit) as credited_revenue
    from credits
    group by model

),

report_totals as (

    select
        model,
        sum(attributed_pipeline) as reported_pipeline,
        sum(attributed_revenue) as reported_revenue
    from monthly
    group by model

),

final as (

    select
        credit_totals.model,
        credit_totals.credited_pipeline,
        report_totals.reported_pipeline,
        deal_totals.total_pipeline,
        credit_totals.credited_revenue,
        report_totals.reported_revenue,
        deal_totals.total_revenue
    from credit_totals
    cross join deal_totals
    left join report_totals
        on credit_totals.model = report_totals.model
    where
        coalesce(credit_totals.credited_revenue, 0) <> coalesce(deal_totals.total_revenue, 0)
        or coalesce(report_totals.reported_revenue, 0) <> coalesce(deal_totals.total_revenue, 0)
        or coalesce(credit_totals.credited_pipeline, 0) <> coalesce(deal_totals.total_pipeline, 0)
        or coalesce(report_totals.reported_pipeline, 0) <> coalesce(deal_totals.total_pipeline, 0)

)

select * from final
