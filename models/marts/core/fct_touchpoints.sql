{{ config(
    pre_hook=["{{ delete_changed_touches(touchpoints_settled_expected_sql(), touchpoints_settled_stored_sql()) }}"],
    **touch_chain_config()
) }}

{#- The account timeline (metrics.md sections 2 and 3), one row per
    touchpoint. Built in int_touchpoints_sequenced; incremental on DuckDB
    like it (macros/incremental/touch_partitions.sql). -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}
    {%- if is_incremental() %}
    -- an incremental run writes every touch that is not settled and the
    -- settled touches of the dates that changed (every account's touches
    -- are among the former, so each account timeline is numbered whole)
    where {{ chain_rows_to_write(ref('int_touchpoints_sequenced')) }}
    {%- endif %}

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
