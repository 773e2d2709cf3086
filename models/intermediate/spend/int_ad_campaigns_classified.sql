{{ config(materialized='table') }}

{#- One row per ad campaign (platform, campaign_id) seen in the ad platform
    reports: its latest name (the name of its latest report_date, then
    latest extracted_at) and its channel from the one classifier
    (`classify_channel`, seed `channel_rules`): by platform unless a
    campaign rule matches the campaign id or latest name, or a campaign-type
    rule its type (SEARCH, DISPLAY, ...), exactly as for the
    campaign's clicks and sessions, so spend and what it bought land in the
    same channel. -#}

with

campaigns as (

    select * from {{ ref('int_ad_campaigns_named') }}

),

channels as (

    {{ classify_channel('campaigns', ['platform', 'campaign_id'], {
        'platform': 'platform',
        'campaign_id': 'campaign_id',
        'campaign_name': 'campaign_name',
        'campaign_type': 'campaign_type',
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
