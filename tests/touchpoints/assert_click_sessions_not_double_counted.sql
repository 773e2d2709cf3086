{#- A session whose first page view carries an ad click's click_id is that
    click, and a session an email click opened is that email click: no
    session appears both as a session touchpoint and inside a click
    touchpoint, and every merged click sits at the click's time
    (as int_ad_clicks_linked gives it: a date-only click takes its first
    page view's time); a merged email click's session starts within
    `email_click_session_minutes` after the click.
    Returns the offending sessions. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_unioned') }}

),

clicks as (

    select * from {{ ref('int_ad_clicks_linked') }}

),

sessions as (

    select * from {{ ref('int_sessions_aggregated') }}

),

sessions_used_twice as (

    select
        session_id,
        count(*) as touchpoints
    from touchpoints
    where session_id is not null
    group by session_id
    having count(*) > 1

),

merged_clicks_off_time as (

    select
        touchpoints.session_id,
        1 as touchpoints
    from touchpoints
    inner join clicks
        on
            touchpoints.platform = clicks.platform
            and touchpoints.click_id = clicks.click_id
    where
        touchpoints.is_click_session_merged
        and (touchpoints.touch_type <> 'ad_click' or touchpoints.occurred_at <> clicks.clicked_at)

),

merged_email_clicks_off_window as (

    select
        touchpoints.session_id,
        1 as touchpoints
    from touchpoints
    inner join sessions
        on touchpoints.session_id = sessions.session_id
    where
        touchpoints.touch_type = 'email_click'
        and (
            sessions.started_at < touchpoints.occurred_at
            or sessions.started_at
            > {{ dbt.dateadd('minute', var('email_click_session_minutes'), 'touchpoints.occurred_at') }}
        )

),

final as (

    select * from sessions_used_twice
    union all
    select * from merged_clicks_off_time
    union all
    select * from merged_email_clicks_off_window

)

select * from final
