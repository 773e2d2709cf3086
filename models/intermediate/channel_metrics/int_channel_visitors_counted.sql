{#- Website visitors by UTC month and channel: distinct browsers with a
    (human) session starting in the month whose channel is the channel, and
    how many of them submitted a form in the same month. -#}

with

touchpoints as {{ cte_not_materialized() }} (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

sessions as (

    select * from {{ ref('int_sessions_aggregated') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions_identified') }}

),

-- a session merged with its ad click is one touchpoint and takes the
-- click's channel. Every session is one touchpoint: a `session` touch
-- carries its session's start and browser (occurred_at, anonymous_id), so
-- only the sessions merged with a click are looked up in the sessions (2.0 M
-- of 7.5 M at 10x the demo), not every session.
session_visits as (

    select
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as month,
        channel,
        anonymous_id
    from touchpoints
    where
        session_id is not null
        and not is_click_session_merged

),

merged_session_visits as (

    select
        cast({{ dbt.date_trunc('month', 'sessions.started_at') }} as date) as month,
        touchpoints.channel,
        sessions.anonymous_id
    from touchpoints
    inner join sessions
        on touchpoints.session_id = sessions.session_id
    where touchpoints.is_click_session_merged

),

visitor_months as (

    select distinct
        month,
        channel,
        anonymous_id
    from (
        select * from session_visits
        union all
        select * from merged_session_visits
    ) as visits

),

form_months as (

    select distinct
        anonymous_id,
        cast({{ dbt.date_trunc('month', 'submitted_at') }} as date) as month
    from form_submissions
    where anonymous_id is not null

),

final as (

    select
        -- grain
        visitor_months.month,
        visitor_months.channel,

        -- counts
        cast(count(*) as {{ dbt.type_bigint() }}) as visitors,
        cast(
            sum(case when form_months.anonymous_id is not null then 1 else 0 end) as {{ dbt.type_bigint() }}
        ) as visitors_with_form_submission

    from visitor_months
    left join form_months
        on
            visitor_months.anonymous_id = form_months.anonymous_id
            and visitor_months.month = form_months.month
    group by
        visitor_months.month,
        visitor_months.channel

)

select * from final
