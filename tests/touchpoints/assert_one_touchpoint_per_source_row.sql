{#- Every session, ad click, form submission and CRM activity is exactly one
    touchpoint, except that a session merged with its ad click is not a
    touchpoint of its own; touchpoint ids are unique across types. Returns a
    row per touch type whose counts disagree, and per duplicated id. -#}

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
        'activity' as touch_type,
        (select count(*) from activities) as expected_touchpoints

),

actual as (

    select
        touch_type,
        count(*) as actual_touchpoints,
        count(distinct touchpoint_id) as distinct_touchpoint_ids
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
    where
        expected.expected_touchpoints <> coalesce(actual.actual_touchpoints, 0)
        or actual.distinct_touchpoint_ids <> actual.actual_touchpoints

),

duplicate_ids as (

    select
        touchpoint_id as touch_type,
        count(*) as expected_touchpoints,
        1 as actual_touchpoints
    from touchpoints
    group by touchpoint_id
    having count(*) > 1

),

final as (

    select * from count_mismatches
    union all
    select * from duplicate_ids

)

select * from final
