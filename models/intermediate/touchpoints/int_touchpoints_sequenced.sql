{{ config(materialized='table') }}

{#- The account timeline: every touchpoint with the contact and account it
    resolves to, numbered per account by time then touchpoint_id, with the
    days elapsed since the account's first touch. Touchpoints that resolve
    to no account are kept with null account, number and days. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_classified') }}

),

numbered as (

    select
        *,
        case
            when account_id is not null
                then row_number() over (
                    partition by account_id
                    order by occurred_at, touchpoint_id
                )
        end as account_touch_number,
        case
            when account_id is not null
                then min(occurred_at) over (partition by account_id)
        end as account_first_touch_at
    from touchpoints

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
