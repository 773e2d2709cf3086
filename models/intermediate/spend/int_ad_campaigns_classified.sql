{{ config(materialized='table') }}

{#- One row per ad campaign (platform, campaign_id) seen in the ad platform
    reports: its latest name (the name of its latest report_date, then
    latest extracted_at) and its channel from the one classifier
    (`classify_channel`, seed `channel_rules`): by platform unless a
    campaign rule matches the campaign id or latest name, exactly as for the
    campaign's clicks and sessions, so spend and what it bought land in the
    same channel. -#}

with

performance as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

campaign_names_ranked as (

    select
        platform,
        campaign_id,
        campaign_name,
        row_number() over (
            partition by platform, campaign_id
            order by report_date desc, extracted_at desc
        ) as name_rank
    from performance
    where campaign_name is not null

),

campaign_names as (

    select
        platform,
        campaign_id,
        campaign_name
    from campaign_names_ranked
    where name_rank = 1

),

campaign_spans as (

    select
        platform,
        campaign_id,
        min(report_date) as first_report_date,
        max(report_date) as last_report_date
    from performance
    group by
        platform,
        campaign_id

),

campaigns as (

    select
        campaign_spans.platform,
        campaign_spans.campaign_id,
        campaign_names.campaign_name,
        campaign_spans.first_report_date,
        campaign_spans.last_report_date
    from campaign_spans
    left join campaign_names
        on
            campaign_spans.platform = campaign_names.platform
            and campaign_spans.campaign_id = campaign_names.campaign_id

),

channels as (

    {{ classify_channel('campaigns', ['platform', 'campaign_id'], {
        'platform': 'platform',
        'campaign_id': 'campaign_id',
        'campaign_name': 'campaign_name',
    }) }}

),

final as (

    select
        -- ids
        campaigns.platform,
        campaigns.campaign_id,

        -- attributes
        campaigns.campaign_name,
        channels.channel,
        channels.channel_rule_order,

        -- dates
        campaigns.first_report_date,
        campaigns.last_report_date

    from campaigns
    inner join channels
        on
            campaigns.platform = channels.platform
            and campaigns.campaign_id = channels.campaign_id

)

select * from final
