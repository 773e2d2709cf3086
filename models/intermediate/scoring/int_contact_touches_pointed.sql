{#- Every touchpoint of a contact with the behaviour points it is worth
    before decay (docs/metrics.md section 9), from seed `lead_scoring_points`
    (group `behaviour`): the row for the touch type and its detail (form
    name, activity type) wins over the touch type's default row (empty
    detail). A form submission whose intent is `spam_or_test` is worth
    nothing. Account-level touches without a contact score no one. A touch
    with a session (a session, or an ad click merged with the session it
    opened) carries the session's page weight, the highest weight among its
    pages (`int_sessions_page_categorized`); other touches have no page and
    weight 1. Weighted points = points x page weight. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

submissions as (

    select * from {{ ref('int_form_submissions_classified') }}

),

session_pages as (

    select * from {{ ref('int_sessions_page_categorized') }}

),

scoring_points as (

    select * from {{ ref('lead_scoring_points') }}

),

behaviour_points as (

    select
        rule_id,
        touch_type,
        detail,
        points
    from scoring_points
    where signal_group = 'behaviour'

),

session_page_weights as (

    select
        session_id,
        max(page_weight) as page_weight
    from session_pages
    group by session_id

),

contact_touches as (

    select
        touchpoints.touchpoint_id,
        touchpoints.contact_id,
        touchpoints.touch_type,
        case
            when touchpoints.touch_type = 'form_submission' then touchpoints.form_name
            when touchpoints.touch_type = 'activity' then touchpoints.activity_type
        end as touch_detail,
        submissions.intent as form_intent,
        coalesce(session_page_weights.page_weight, 1) as page_weight,
        touchpoints.occurred_at
    from touchpoints
    left join submissions
        on touchpoints.submission_id = submissions.submission_id
    left join session_page_weights
        on touchpoints.session_id = session_page_weights.session_id
    where touchpoints.contact_id is not null

),

pointed as (

    select
        contact_touches.*,
        case
            when contact_touches.form_intent = 'spam_or_test' then 'spam_or_test_submission'
            else coalesce(detail_rule.rule_id, default_rule.rule_id)
        end as scoring_rule_id,
        case
            when contact_touches.form_intent = 'spam_or_test' then 0
            else coalesce(detail_rule.points, default_rule.points, 0)
        end as points
    from contact_touches
    left join behaviour_points as detail_rule
        on
            contact_touches.touch_type = detail_rule.touch_type
            and contact_touches.touch_detail = detail_rule.detail
    left join behaviour_points as default_rule
        on
            contact_touches.touch_type = default_rule.touch_type
            and default_rule.detail is null

),

final as (

    select
        -- ids
        touchpoint_id,
        contact_id,

        -- touch
        touch_type,
        touch_detail,
        form_intent,

        -- points
        scoring_rule_id,
        points,
        cast(page_weight as decimal(6, 2)) as page_weight,
        cast(points * page_weight as decimal(12, 2)) as weighted_points,

        -- timestamps
        occurred_at

    from pointed

)

select * from final
