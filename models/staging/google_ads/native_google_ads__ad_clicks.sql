{#- Built only when Google Ads is read and has a click table. -#}
{%- set click_table = var('google_ads_click_table', 'click_performance') or '' %}
{{ config(enabled='google_ads' in var('ad_platforms', []) and click_table != '') }}

{#- Google Ads' click report (var google_ads_click_table, the legacy click
    performance report's columns) as the contract's ad_clicks, every column
    as text: one row per gclid, its earliest day. The report has days only:
    clicked_at is midnight UTC of that day (in the ad account's time zone);
    int_ad_clicks_linked gives it the time of the first page view carrying
    its gclid when that view is near the day. The report carries
    no browser cookie and no landing page (null): the project links a click
    to its browser through the gclid on the page views. #}
{%- set text = dbt.type_string() %}

with

click_performance as (

    select * from {{ source('google_ads', 'click_performance') }}

),

clicks_ranked as (

    select
        cast(gcl_id as {{ text }}) as click_id,
        cast(campaign_id as {{ text }}) as campaign_id,
        cast(ad_group_id as {{ text }}) as ad_group_id,
        substring(cast(date as {{ text }}), 1, 10) as click_date,
        row_number() over (
            partition by cast(gcl_id as {{ text }})
            order by
                substring(cast(date as {{ text }}), 1, 10),
                cast(campaign_id as {{ text }}),
                cast(ad_group_id as {{ text }})
        ) as click_rank
    from click_performance
    where gcl_id is not null

),

final as (

    select
        click_id,
        'google_ads' as platform,
        campaign_id,
        ad_group_id,
        {{ dbt.concat(['click_date', "'T00:00:00Z'"]) }} as clicked_at,
        cast(null as {{ text }}) as anonymous_id,
        cast(null as {{ text }}) as landing_page_url,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from clicks_ranked
    where click_rank = 1

)

select * from final
