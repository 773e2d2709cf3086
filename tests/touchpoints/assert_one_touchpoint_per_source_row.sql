{#- Every session, ad click, form submission, person's email click and CRM
    activity is exactly one touchpoint, except that a session merged with
    its ad or email click is not a touchpoint of its own. Returns a row per touch type whose counts
    disagree. That touchpoint ids are unique across types is the primary-key
    test of fct_touchpoints (not repeated here: a second group-by over every
    touchpoint). -#}

with

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

sessions as (

    select * from {{ ref('int_sessions_aggregated') }}

),

clicks as (

    select * from {{ ref('stg_ads__clicks') }}

),

submissions as (

    select * from {{ ref('stg_web__form_submissions') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

email_events as (

    select * from {{ ref('int_email_events_identified') }}

),

expected as (

    select
        'session' as touch_type,
        (select count(*) from sessions)
        - (
            select count(*) from touchpoints
            where is_click_session_merged
        ) as expected_touchpoints
    union all
    select
        'ad_click' as touch_type,
        (select count(*) from clicks) as expected_touchpoints
    union all
    select
        'form_submission' as touch_type,
        (select count(*) from submissions) as expected_touchpoints
    union all
    select
        'email_click' as touch_type,
        (
            select count(*) from email_events
            where event_type = 'click' and not is_machine_event
        ) as expected_touchpoints
    union all
    select
        'activity' as touch_type,
        (select count(*) from activities) as expected_touchpoints

),

actual as (

    select
        touch_type,
        count(*) as actual_touchpoints
    from touchpoints
    group by touch_type

),

count_mismatches as (

    select
        expected.touch_type,
        expected.expected_touchpoints,
        coalesce(actual.actual_touchpoints, 0) as actual_touchpoints
    from expected
    left join actual
        on expected.touch_type = actual.touch_type
    where expected.expected_touchpoints <> coalesce(actual.actual_touchpoints, 0)

),

final as (

    select * from count_mismatches

)

select * from final
