{#- Ad campaign metrics by UTC month (docs/metrics.md section 8): spend,
    impressions, clicks, CTR and CPC from the ad platform reports (latest
    restatement, reporting currency), and the leads the campaign acquired:
    contacts reaching `lead` in the month whose acquisition touchpoint
    (docs/metrics.md section 5) belongs to the campaign (its ad click, or a
    session or form submission carrying one of its click ids). Leads of a
    paid channel whose acquisition touchpoint names no ad campaign (e.g. a
    tagged session without click id, or a CRM lead source) are kept on one
    row per month and channel with platform `unidentified`, so that the
    campaign rows of a channel add up to that channel's leads in
    `rpt_channel_metrics_monthly`. Spend is null for a campaign without any
    ad platform report row (no cost source: the `unidentified` rows, a
    campaign known only from clicks) and 0 in a month without a report row
    for a campaign that has one, null in a month where a non-zero amount
    lacks a currency rate or a report day is quarantined (its latest
    restatement unusable: figures unknown), never understated; impressions
    and clicks add up the known days. Every ratio is `safe_ratio` (null when
    its numerator or denominator is null or its denominator is 0). -#}

with

campaigns as (

    select * from {{ ref('int_ad_campaigns_classified') }}

),

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

acquisitions as (

    select * from {{ ref('int_contact_acquisitions_resolved') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

channels as (

    select * from {{ ref('channels') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

campaign_spend as (

    select
        report_month as month,
        platform,
        campaign_id,
        sum(spend) as spend,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(case when has_currency_rate then 0 else 1 end) as rows_without_rate,
        sum(case when is_quarantined then 1 else 0 end) as quarantined_rows
    from ad_spend
    group by
        report_month,
        platform,
        campaign_id

),

-- campaigns with a cost source: any ad platform report row, in any month
campaign_cost_sources as (

    select distinct
        platform,
        campaign_id
    from ad_spend

),

paid_leads as (

    select
        funnel_contacts.contact_id,
        funnel_contacts.lead_month as month,
        funnel_contacts.acquisition_channel as channel,
        touchpoints.platform as touch_platform,
        touchpoints.campaign_id as touch_campaign_id,
        touchpoints.campaign_name as touch_campaign_name,
        touchpoints.platform is not null and touchpoints.campaign_id is not null as is_identified_campaign
    from funnel_contacts
    inner join channels
        on funnel_contacts.acquisition_channel = channels.channel
    left join acquisitions
        on funnel_contacts.contact_id = acquisitions.contact_id
    left join touchpoints
        on acquisitions.acquisition_touchpoint_id = touchpoints.touchpoint_id
    where
        funnel_contacts.lead_month is not null
        and channels.is_paid_media

),

lead_campaigns as (

    select
        month,
        case when is_identified_campaign then touch_platform else 'unidentified' end as platform,
        case
            when is_identified_campaign then touch_campaign_id
            else {{ dbt.concat(["'unidentified_'", 'channel']) }}
        end as campaign_id,
        channel,
        touch_campaign_name,
        is_identified_campaign
    from paid_leads

),

campaign_leads as (

    select
        month,
        platform,
        campaign_id,
        min(channel) as channel,
        max(touch_campaign_name) as campaign_name,
        count(*) as leads
    from lead_campaigns
    group by
        month,
        platform,
        campaign_id

),

campaign_months as (

    select
        month,
        platform,
        campaign_id
    from campaign_spend
    union
    select
        month,
        platform,
        campaign_id
    from campaign_leads

),

joined as (

    select
        campaign_months.month,
        campaign_months.platform,
        campaign_months.campaign_id,
        coalesce(campaigns.campaign_name, campaign_leads.campaign_name) as campaign_name,
        coalesce(campaigns.channel, campaign_leads.channel) as channel,
        case
            when campaign_spend.rows_without_rate > 0 or campaign_spend.quarantined_rows > 0 then null
            when campaign_spend.month is not null then campaign_spend.spend
            when campaign_cost_sources.campaign_id is not null then 0
        end as spend,
        campaign_cost_sources.campaign_id is not null as has_cost_source,
        coalesce(campaign_spend.impressions, 0) as impressions,
        coalesce(campaign_spend.clicks, 0) as clicks,
        coalesce(campaign_leads.leads, 0) as leads,
        campaign_months.platform <> 'unidentified' as is_identified_campaign,
        coalesce(campaign_spend.rows_without_rate, 0) > 0 as has_missing_currency_rate,
        coalesce(campaign_spend.quarantined_rows, 0) > 0 as has_quarantined_spend,
        cast({{ dbt.dateadd('month', '1', 'campaign_months.month') }} as timestamp) > as_of.as_of_at
            as is_partial_month
    from campaign_months
    cross join as_of
    left join campaigns
        on
            campaign_months.platform = campaigns.platform
            and campaign_months.campaign_id = campaigns.campaign_id
    left join campaign_spend
        on
            campaign_months.month = campaign_spend.month
            and campaign_months.platform = campaign_spend.platform
            and campaign_months.campaign_id = campaign_spend.campaign_id
    left join campaign_cost_sources
        on
            campaign_months.platform = campaign_cost_sources.platform
            and campaign_months.campaign_id = campaign_cost_sources.campaign_id
    left join campaign_leads
        on
            campaign_months.month = campaign_leads.month
            and campaign_months.platform = campaign_leads.platform
            and campaign_months.campaign_id = campaign_leads.campaign_id

),

final as (

    select
        -- grain
        month,
        platform,
        campaign_id,

        -- campaign
        campaign_name,
        channel,

        -- spend and ad platform measures
        cast(round(spend, 2) as decimal(18, 2)) as spend,
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        {{ safe_ratio('clicks', 'impressions') }} as ctr,
        {{ money_ratio('spend', 'clicks', 4) }} as cpc,

        -- leads acquired
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        -- the unidentified rows have no cost source (null spend): no cost per lead
        {{ money_ratio('spend', 'leads') }} as cpl,

        -- flags
        is_identified_campaign,
        has_cost_source,
        has_missing_currency_rate,
        has_quarantined_spend,
        is_partial_month

    from joined

)

select * from final
