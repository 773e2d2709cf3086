{#- For every paid channel (seed `channels`, is_paid_media) and month, the
    leads of its campaign rows in rpt_campaign_metrics_monthly (including
    the `unidentified` row) add up to the channel's leads in
    rpt_channel_metrics_monthly. Returns the months and channels that
    differ. -#}

with

campaign_metrics as (

    select * from {{ ref('rpt_campaign_metrics_monthly') }}

),

channel_metrics as (

    select * from {{ ref('rpt_channel_metrics_monthly') }}

),

campaign_leads as (

    select
        month,
        channel,
        sum(leads) as campaign_leads
    from campaign_metrics
    group by
        month,
        channel

),

compared as (

    select
        channel_metrics.month,
        channel_metrics.channel,
        channel_metrics.leads as channel_leads,
        coalesce(campaign_leads.campaign_leads, 0) as campaign_leads
    from channel_metrics
    left join campaign_leads
        on
            channel_metrics.month = campaign_leads.month
            and channel_metrics.channel = campaign_leads.channel
    where channel_metrics.is_paid_media

)

select * from compared
where channel_leads <> campaign_leads
