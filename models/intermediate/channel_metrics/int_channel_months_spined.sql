{#- The month x channel grid of the channel reports: every month of the
    month spine plus any month with spend, times every channel of the channel
    set (seed `channels`), with the flags the reports need on every row. -#}

with

channels as (

    select * from {{ ref('channels') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

channel_spend as (

    select * from {{ ref('int_channel_spend_aggregated') }}

),

-- channels with a cost source: any ad platform report row or marketing
-- cost line mapped to them, in any month (their months without a row spent
-- 0); the others have no spend figure at all (null, not 0)
cost_sources as (

    select distinct channel
    from channel_spend

),

report_months as (

    select month from months
    union
    select month from channel_spend

),

final as (

    select
        -- grain
        report_months.month,
        channels.channel,

        -- flags
        channels.is_paid_media,
        cost_sources.channel is not null as has_cost_source,
        cast({{ dbt.dateadd('month', '1', 'report_months.month') }} as timestamp) <= as_of.as_of_at
            as is_complete_month

    from report_months
    cross join channels
    cross join as_of
    left join cost_sources
        on channels.channel = cost_sources.channel

)

select * from final
