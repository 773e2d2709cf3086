{#- No page view with a bot user agent (seed bot_user_agents) reaches a
    session. Returns the offending page views' ids. The seed is matched
    here on its own (not through int_user_agents_classified), once per
    distinct user agent of the sessionised page views. -#}

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

sessionized_user_agents as (

    select
        sessionized.event_id,
        page_views.user_agent
    from sessionized
    inner join page_views
        on sessionized.event_id = page_views.event_id

),

distinct_user_agents as (

    select distinct user_agent
    from sessionized_user_agents

),

bot_agents_seen as (

    select distinct distinct_user_agents.user_agent
    from distinct_user_agents
    inner join bot_user_agents
        on {{ dbt.position('lower(bot_user_agents.pattern)', 'lower(distinct_user_agents.user_agent)') }} > 0

),

final as (

    select distinct sessionized_user_agents.event_id
    from sessionized_user_agents
    inner join bot_agents_seen
        on sessionized_user_agents.user_agent = bot_agents_seen.user_agent

)

select * from final
