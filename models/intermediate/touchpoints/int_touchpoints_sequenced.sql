{{ config(materialized='table') }}

{#- The account timeline: every touchpoint with the contact and account it
    resolves to, numbered per account by time then touchpoint_id, with the
    days elapsed since the account's first touch. Touchpoints that resolve
    to no account are kept with null account, number and days. -#}

with

-- read by both branches below, not copied into memory first
touchpoints as {{ cte_not_materialized() }} (

    select * from {{ ref('int_touchpoints_classified') }}

),

-- numbered within their account; the anonymous touchpoints (most of them)
-- stay out of the window, where they would form one huge null partition
-- sorted by a single thread. The running minimum under the same order is
-- the account's first touch (one sort for both).
account_touchpoints as (

    select
        *,
        row_number() over (
            partition by account_id
            order by occurred_at, touchpoint_id
        ) as account_touch_number,
        min(occurred_at) over (
            partition by account_id
            order by occurred_at, touchpoint_id
            rows between unbounded preceding and current row
        ) as account_first_touch_at
    from touchpoints
    where account_id is not null

),

anonymous_touchpoints as (

    select
        *,
        cast(null as {{ dbt.type_bigint() }}) as account_touch_number,
        cast(null as {{ dbt.type_timestamp() }}) as account_first_touch_at
    from touchpoints
    where account_id is null

),

numbered as (

    select * from account_touchpoints
    union all
    select * from anonymous_touchpoints

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
        cast(account_touch_number as {{ dbt.type_bigint() }}) as account_touch_number,
        {{ days_between('account_first_touch_at', 'occurred_at') }} as days_since_account_first_touch,

        -- details
        platform,
        campaign_id,
        form_name,
        submission_id,
        activity_type,
        click_id,
        cast(session_page_views as {{ dbt.type_bigint() }}) as session_page_views,
        is_click_session_merged

    from numbered

)

select * from final
