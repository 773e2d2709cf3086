{{ config(materialized='table') }}

{#- One row per web session: the attributes of its first page view
    (landing page, referrer, utm tags, click id) plus its size and span. -#}

with

page_views as (

    select * from {{ ref('int_page_views_sessionized') }}

),

session_sizes as (

    select
        session_id,
        count(*) as page_view_count,
        max(viewed_at) as ended_at
    from page_views
    group by session_id

),

first_page_views as (

    select * from page_views
    where is_session_start

),

final as (

    select
        -- ids
        first_page_views.session_id,
        first_page_views.anonymous_id,
        first_page_views.session_number,
        first_page_views.event_id as landing_event_id,

        -- first page view's attributes
        first_page_views.page_url as landing_page_url,
        first_page_views.referrer_url,
        first_page_views.referrer_domain,
        first_page_views.utm_source,
        first_page_views.utm_medium,
        first_page_views.utm_campaign,
        first_page_views.utm_content,
        first_page_views.utm_term,
        first_page_views.click_id,

        -- size
        cast(session_sizes.page_view_count as {{ dbt.type_bigint() }}) as page_view_count,

        -- timestamps
        first_page_views.viewed_at as started_at,
        session_sizes.ended_at

    from first_page_views
    inner join session_sizes
        on first_page_views.session_id = session_sizes.session_id

)

select * from final
