{#- No page view with a bot user agent (seed bot_user_agents) reaches a
    session. Returns the offending page views' ids. -#}

with

sessionized as (

    select * from {{ ref('int_page_views_sessionized') }}

),

page_views as (

    select * from {{ ref('stg_web__page_views') }}

),

bot_user_agents as (

    select * from {{ ref('bot_user_agents') }}

),

final as (

    select distinct sessionized.event_id
    from sessionized
    inner join page_views
        on sessionized.event_id = page_views.event_id
    inner join bot_user_agents
        on {{ dbt.position('lower(bot_user_agents.pattern)', 'lower(page_views.user_agent)') }} > 0

)

select * from final
