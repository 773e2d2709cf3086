{{ config(
    pre_hook=["{{ delete_changed_touches(touchpoints_expected_sql(), touchpoints_stored_sql()) }}"],
    **touch_chain_config()
) }}

{#- The account timeline (docs/metrics.md sections 2 and 3), one row per
    touchpoint. Built in int_touchpoints_sequenced; incremental on DuckDB
    like it (macros/incremental/touch_partitions.sql). -#}

with
{%- if is_incremental() %}

-- the dates to write: those of the timeline that the table no longer holds
-- (the pre-hook deleted the dates whose rows changed)
dates_to_write as (

    {{ touch_dates_to_write_sql(
        "select " ~ touch_date('occurred_at') ~ " as touch_date from " ~ ref('int_touchpoints_sequenced')) }}

),
{%- endif %}

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}
    {%- if is_incremental() %}
    where {{ touch_date('occurred_at') }} in (select touch_date from dates_to_write)
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
