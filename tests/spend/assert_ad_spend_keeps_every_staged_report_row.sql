{#- Unifying the ad platforms loses and duplicates nothing: every staged
    report row (one per report_date, platform, campaign_id: the latest
    restatement) appears once in int_ad_spend_converted with the same
    impressions, clicks and original spend, and every quarantined report day
    appears once, flagged, with null figures (no older restatement in its
    place). Returns the rows that differ. -#}

with

staged as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

quarantined as (

    select * from {{ ref('stg_ads__performance_daily_quarantined') }}

),

unified_all as (

    select * from {{ ref('int_ad_spend_converted') }}

),

unified as (

    select * from unified_all
    where not is_quarantined

),

unified_quarantined as (

    select * from unified_all
    where is_quarantined

),

compared as (

    select
        coalesce(staged.report_date, unified.report_date) as report_date,
        coalesce(staged.platform, unified.platform) as platform,
        coalesce(staged.campaign_id, unified.campaign_id) as campaign_id,
        staged.spend as staged_spend,
        unified.original_spend as unified_spend,
        staged.impressions as staged_impressions,
        unified.impressions as unified_impressions,
        staged.clicks as staged_clicks,
        unified.clicks as unified_clicks
    from staged
    full outer join unified
        on
            staged.report_date = unified.report_date
            and staged.platform = unified.platform
            and staged.campaign_id = unified.campaign_id

),

quarantined_compared as (

    select
        coalesce(quarantined.report_date, unified_quarantined.report_date) as report_date,
        coalesce(quarantined.platform, unified_quarantined.platform) as platform,
        coalesce(quarantined.campaign_id, unified_quarantined.campaign_id) as campaign_id,
        quarantined.report_date is not null as is_in_quarantine,
        unified_quarantined.report_date is not null as is_in_unified,
        unified_quarantined.spend,
        unified_quarantined.original_spend,
        unified_quarantined.impressions,
        unified_quarantined.clicks
    from quarantined
    full outer join unified_quarantined
        on
            quarantined.report_date = unified_quarantined.report_date
            and quarantined.platform = unified_quarantined.platform
            and quarantined.campaign_id = unified_quarantined.campaign_id

),

differences as (

    select
        report_date,
        platform,
        campaign_id,
        'staged day differs' as problem
    from compared
    where
        staged_spend is null
        or unified_spend is null
        or staged_spend <> unified_spend
        or staged_impressions <> unified_impressions
        or staged_clicks <> unified_clicks
    union all
    select
        report_date,
        platform,
        campaign_id,
        'quarantined day missing, extra or not null' as problem
    from quarantined_compared
    where
        not is_in_quarantine
        or not is_in_unified
        or spend is not null
        or original_spend is not null
        or impressions is not null
        or clicks is not null

)

select * from differences
