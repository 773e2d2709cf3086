{{ config(materialized='table') }}

{#- One row per ad click with the browser (anonymous_id) it belongs to: the
    click's own anonymous_id, else the browser of the earliest human page
    view carrying its click_id, else the browser of the earliest form
    submission carrying it; and the campaign's latest name.
    A platform whose click report has days only (native_click_platforms:
    Google Ads read natively) gives each click midnight of its day: the
    click then takes the time of the earliest page view carrying its click
    id, when that page view is near the day (the day is the ad account's,
    so a day either side), else keeps midnight. -#}
{%- set date_only_platforms = native_click_platforms() %}

with

clicks as (

    select * from {{ ref('stg_ads__clicks') }}

),

page_views as (

    select * from {{ ref('int_page_views_sessionized') }}

),

submissions as (

    select * from {{ ref('int_form_submissions_identified') }}

),

campaign_names as (

    select * from {{ ref('int_ad_campaigns_named') }}

),

page_view_browsers_ranked as (

    select
        click_id,
        anonymous_id,
        viewed_at,
        row_number() over (
            partition by click_id
            order by viewed_at, event_id
        ) as browser_rank
    from page_views
    where click_id is not null

),

page_view_browsers as (

    select
        click_id,
        anonymous_id,
        viewed_at
    from page_view_browsers_ranked
    where browser_rank = 1

),

form_browsers_ranked as (

    select
        click_id,
        anonymous_id,
        row_number() over (
            partition by click_id
            order by submitted_at, submission_id
        ) as browser_rank
    from submissions
    where
        click_id is not null
        and anonymous_id is not null

),

form_browsers as (

    select
        click_id,
        anonymous_id
    from form_browsers_ranked
    where browser_rank = 1

),

final as (

    select
        -- ids
        clicks.platform,
        clicks.click_id,
        coalesce(clicks.anonymous_id, page_view_browsers.anonymous_id, form_browsers.anonymous_id)
            as anonymous_id,
        clicks.campaign_id,
        clicks.ad_group_id,

        -- attributes
        campaign_names.campaign_name,
        case
            when clicks.anonymous_id is not null then 'click_anonymous_id'
            when page_view_browsers.anonymous_id is not null then 'page_view_click_id'
            when form_browsers.anonymous_id is not null then 'form_click_id'
            else 'unresolved'
        end as browser_link_method,

        -- timestamps
        {%- if date_only_platforms %}
        case
            when
                clicks.platform in ('{{ date_only_platforms | join("', '") }}')
                and page_view_browsers.viewed_at >= {{ dbt.dateadd('day', -1, 'clicks.clicked_at') }}
                and page_view_browsers.viewed_at < {{ dbt.dateadd('day', 2, 'clicks.clicked_at') }}
                then page_view_browsers.viewed_at
            else clicks.clicked_at
        end as clicked_at
        {%- else %}
        clicks.clicked_at
        {%- endif %}

    from clicks
    left join page_view_browsers
        on clicks.click_id = page_view_browsers.click_id
    left join form_browsers
        on clicks.click_id = form_browsers.click_id
    left join campaign_names
        on
            clicks.platform = campaign_names.platform
            and clicks.campaign_id = campaign_names.campaign_id

)

select * from final
