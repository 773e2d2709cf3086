{#- Unifying the ad platforms loses and duplicates nothing: every staged
    report row (one per report_date, platform, campaign_id: the latest
    restatement) appears once in int_ad_spend_converted with the same
    impressions, clicks and original spend. Returns the rows that differ. -#}

with

staged as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

unified as (

    select * from {{ ref('int_ad_spend_converted') }}

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

)

select * from compared
where
    staged_spend is null
    or unified_spend is null
    or staged_spend <> unified_spend
    or staged_impressions <> unified_impressions
    or staged_clicks <> unified_clicks
