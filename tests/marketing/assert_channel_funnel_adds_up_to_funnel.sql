{#- Summed over channels, the funnel counts of rpt_channel_metrics_monthly
    equal rpt_funnel_monthly month by month (leads, MQLs, SQLs,
    opportunities, won deals): the channel split loses or duplicates no
    contact and no deal. Returns the months that differ. -#}

with

channel_metrics as (

    select * from {{ ref('rpt_channel_metrics_monthly') }}

),

funnel as (

    select * from {{ ref('rpt_funnel_monthly') }}

),

channel_totals as (

    select
        month,
        sum(leads) as leads,
        sum(mqls) as mqls,
        sum(sqls) as sqls,
        sum(opportunities) as opportunities,
        sum(won_deals) as won_deals
    from channel_metrics
    group by month

),

compared as (

    select
        coalesce(funnel.month, channel_totals.month) as month,
        funnel.leads as funnel_leads,
        channel_totals.leads as channel_leads,
        funnel.mqls as funnel_mqls,
        channel_totals.mqls as channel_mqls,
        funnel.sqls as funnel_sqls,
        channel_totals.sqls as channel_sqls,
        funnel.opportunities as funnel_opportunities,
        channel_totals.opportunities as channel_opportunities,
        funnel.deals_won as funnel_deals_won,
        channel_totals.won_deals as channel_won_deals
    from funnel
    full outer join channel_totals
        on funnel.month = channel_totals.month

)

select * from compared
where
    coalesce(funnel_leads, 0) <> coalesce(channel_leads, 0)
    or coalesce(funnel_mqls, 0) <> coalesce(channel_mqls, 0)
    or coalesce(funnel_sqls, 0) <> coalesce(channel_sqls, 0)
    or coalesce(funnel_opportunities, 0) <> coalesce(channel_opportunities, 0)
    or coalesce(funnel_deals_won, 0) <> coalesce(channel_won_deals, 0)
