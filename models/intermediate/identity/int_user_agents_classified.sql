{#- One row per distinct user agent seen on page views, flagged as a bot
    when it contains (case-insensitively) a fragment of seed
    bot_user_agents. Classifying distinct user agents keeps the pattern
    match small however many page views there are. -#}

with

page_views as (

    select * from {{ ref('stg_web__page_views') }}

),

bot_user_agents as (

    select * from {{ ref('bot_user_agents') }}

),

user_agents as (

    select distinct user_agent
    from page_views
    where user_agent is not null

),

matches as (

    select
        user_agents.user_agent,
        min(bot_user_agents.pattern) as matched_bot_pattern
    from user_agents
    inner join bot_user_agents
        on {{ dbt.position('lower(bot_user_agents.pattern)', 'lower(user_agents.user_agent)') }} > 0
    group by user_agents.user_agent

),

final as (

    select
        user_agents.user_agent,
        matches.matched_bot_pattern,
        matches.user_agent is not null as is_bot
    from user_agents
    left join matches
        on user_agents.user_agent = matches.user_agent

)

select * from final
