{#- Retroactive stitching: every session (and ad click merged with a
    session) of a browser identified as a contact belongs to that contact and
    its account, including those before the identifying form submission.
    Returns the touchpoints that do not. -#}

with

browsers as (

    select * from {{ ref('int_browsers_identified') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

final as (

    select
        touchpoints.touchpoint_id,
        touchpoints.anonymous_id,
        touchpoints.occurred_at < browsers.identified_at as is_before_identification
    from touchpoints
    inner join browsers
        on touchpoints.anonymous_id = browsers.anonymous_id
    where
        browsers.contact_id is not null
        and (touchpoints.touch_type = 'session' or touchpoints.is_click_session_merged)
        and (
            touchpoints.contact_id is null
            or touchpoints.contact_id <> browsers.contact_id
            or coalesce(touchpoints.account_id, '') <> coalesce(browsers.account_id, '')
        )

)

select * from final
