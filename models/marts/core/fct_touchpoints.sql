{#- The account timeline (metrics.md sections 2 and 3), one row per
    touchpoint. Built in int_touchpoints_sequenced. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

final as (

    select
        -- ids
        touchpoint_id,
        account_id,
        contact_id,
        anonymous_id,

        -- classification
        touch_type,
        touch_category,
        channel,
        source,
        campaign,

        -- timeline
        occurred_at,
        account_touch_number,
        days_since_account_first_touch,

        -- details
        platform,
        campaign_id,
        form_name,
        submission_id,
        activity_type,
        click_id,
        session_page_views,
        is_click_session_merged

    from touchpoints

)

select * from final
