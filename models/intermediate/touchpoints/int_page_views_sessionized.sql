{{ config(materialized='table') }}

{#- One row per human page view (bot user agents excluded) with its
    session: page views of one browser, ordered by time then event_id, start
    a new session when they come more than `session_gap_minutes` after the
    previous one (a gap of exactly the limit stays in the session). -#}

with

page_views as (

    select * from {{ ref('stg_web__page_views') }}

),

user_agents as (

    select * from {{ ref('int_user_agents_classified') }}

),

human_page_views as (

    select page_views.*
    from page_views
    left join user_agents
        on page_views.user_agent = user_agents.user_agent
    where not coalesce(user_agents.is_bot, false)

),

with_previous as (

    select
        *,
        lag(viewed_at) over (
            partition by anonymous_id
            order by viewed_at, event_id
        ) as previous_viewed_at
    from human_page_views

),

flagged as (

    select
        *,
        case
            when previous_viewed_at is null then 1
            when viewed_at > {{ dbt.dateadd('minute', var('session_gap_minutes'), 'previous_viewed_at') }} then 1
            else 0
        end as starts_session
    from with_previous

),

numbered as (

    select
        *,
        sum(starts_session) over (
            partition by anonymous_id
            order by viewed_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from flagged

),

final as (

    select
        -- ids
        event_id,
        anonymous_id,
        {{ dbt.concat(["'session:'", 'anonymous_id', "':'", 'cast(session_number as ' ~ dbt.type_string() ~ ')']) }}
            as session_id,
        cast(session_number as {{ dbt.type_bigint() }}) as session_number,

        -- page
        page_url,
        referrer_url,
        referrer_domain,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        click_id,

        -- flags
        starts_session = 1 as is_session_start,

        -- timestamps
        viewed_at,
        previous_viewed_at

    from numbered

)

select * from final
