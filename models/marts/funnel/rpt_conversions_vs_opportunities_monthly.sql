{#- Form conversions and genuine sales opportunities side by side, by UTC
    month of submission and channel (docs/metrics.md section 6). The channel of
    a submission is the channel of its touchpoint (every submission is one);
    genuine_opportunity_share = sales requests / all submissions. -#}

with

submissions as (

    select * from {{ ref('int_form_submissions_classified') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

form_touchpoints as (

    select
        submission_id,
        channel
    from touchpoints
    where touch_type = 'form_submission'

),

submission_channels as (

    select
        submissions.submission_id,
        submissions.submitted_month as month,
        submissions.intent,
        coalesce(form_touchpoints.channel, 'other') as channel
    from submissions
    left join form_touchpoints
        on submissions.submission_id = form_touchpoints.submission_id

),

aggregated as (

    select
        month,
        channel,
        cast(count(*) as {{ dbt.type_bigint() }}) as form_submissions,
        cast(sum(case when intent = 'sales_request' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as sales_requests,
        cast(sum(case when intent = 'content' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as content_conversions,
        cast(sum(case when intent = 'spam_or_test' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as spam_or_test,
        cast(sum(case when intent = 'unknown' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as unknown_intent
    from submission_channels
    group by
        month,
        channel

),

with_as_of as (

    select
        aggregated.*,
        as_of.as_of_at
    from aggregated
    cross join as_of

),

final as (

    select
        -- grain
        month,
        channel,

        -- counts
        form_submissions,
        sales_requests,
        content_conversions,
        spam_or_test,
        unknown_intent,

        -- rates
        {{ safe_ratio('sales_requests', 'form_submissions') }} as genuine_opportunity_share,

        -- flags
        cast({{ dbt.dateadd('month', '1', 'month') }} as timestamp) > as_of_at as is_partial_month

    from with_as_of

)

select * from final
