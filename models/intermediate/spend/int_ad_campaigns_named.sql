{#- One row per ad campaign (platform, campaign_id) of the ad platform
    reports with its name and its type (the latest wins: the value of the
    latest report_date, then the latest extraction; null values never win;
    the type, e.g. Google Ads' SEARCH or DISPLAY, feeds the channel rules)
    and the
    first and last day it was reported (quarantined report days included:
    a campaign whose only days are quarantined still has a row, without a
    name, so that its unknown spend keeps its channel). The one place where
    campaign names are decided: clicks, spend and campaign metrics all read
    it. -#}

with

performance as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

quarantined as (

    select * from {{ ref('stg_ads__performance_daily_quarantined') }}

),

report_days as (

    select
        platform,
        campaign_id,
        report_date
    from performance
    union all
    select
        platform,
        campaign_id,
        report_date
    from quarantined

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

campaign_types_ranked as (

    select
        platform,
        campaign_id,
        campaign_type,
        row_number() over (
            partition by platform, campaign_id
            order by report_date desc, extracted_at desc
        ) as type_rank
    from performance
    where campaign_type is not null

),

campaign_spans as (

    select
        platform,
        campaign_id,
        min(report_date) as first_report_date,
        max(report_date) as last_report_date
    from report_days
    group by
        platform,
        campaign_id

),

final as (

    select
        -- ids
        campaign_spans.platform,
        campaign_spans.campaign_id,

        -- attributes
        campaign_names_ranked.campaign_name,
        campaign_types_ranked.campaign_type,

        -- dates
        campaign_spans.first_report_date,
        campaign_spans.last_report_date

    from campaign_spans
    left join campaign_names_ranked
        on
            campaign_spans.platform = campaign_names_ranked.platform
            and campaign_spans.campaign_id = campaign_names_ranked.campaign_id
            and campaign_names_ranked.name_rank = 1
    left join campaign_types_ranked
        on
            campaign_spans.platform = campaign_types_ranked.platform
            and campaign_spans.campaign_id = campaign_types_ranked.campaign_id
            and campaign_types_ranked.type_rank = 1

)

select * from final
