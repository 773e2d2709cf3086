{#- No page view with a bot user agent (seed bot_user_agents) reaches a
    session. Returns the offending page views' ids. The seed is matched
    here on its own (not through int_user_agents_classified), once per
    distinct user agent of the staged page views; only the page views of
    bot agents are then looked up among the sessionised ones (joining every
    sessionised page view to its staged row took 8.8 s at 10x the demo). -#}

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

distinct_user_agents as (

    select distinct user_agent
    from page_views

),

bot_agents_seen as (

    select distinct distinct_user_agents.user_agent
    from distinct_user_agents
    inner join bot_user_agents
        on {{ dbt.position('lower(bot_user_agents.pattern)', 'lower(distinct_user_agents.user_agent)') }} > 0

),

bot_page_views as (

    select page_views.event_id
    from page_views
    inner join bot_agents_seen
        on page_views.user_agent = bot_agents_seen.user_agent

),

final as (

    select distinct sessionized.event_id
    from sessionized
    inner join bot_page_views
        on sessionized.event_id = bot_page_views.event_id

)

select * from final
