{#- A session whose first page view carries an ad click's click_id is that
    click: no session appears both as a session touchpoint and inside an
    ad_click touchpoint, and every merged click sits at the click's time
    (as int_ad_clicks_linked gives it: a date-only click takes its first
    page view's time).
    Returns the offending sessions. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_unioned') }}

),

clicks as (

    select * from {{ ref('int_ad_clicks_linked') }}

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

final as (

    select * from sessions_used_twice
    union all
    select * from merged_clicks_off_time

)

select * from final
