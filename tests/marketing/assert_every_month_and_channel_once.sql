{#- rpt_channel_metrics_monthly has every (month, channel) exactly once:
    every month of the spine, every channel of seed `channels`, no other
    channel and no duplicate. Returns the missing, unknown or duplicated
    pairs. -#}

with

channel_metrics as (

    select * from {{ ref('rpt_channel_metrics_monthly') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

channels as (

    select * from {{ ref('channels') }}

),

expected as (

    select
        months.month,
        channels.channel
    from months
    cross join channels

),

present as (

    select
        month,
        channel,
        count(*) as occurrences
    from channel_metrics
    group by
        month,
        channel

),

problems as (

    select
        expected.month,
        expected.channel,
        'missing' as problem
    from expected
    left join present
        on
            expected.month = present.month
            and expected.channel = present.channel
    where present.month is null
    union all
    select
        month,
        channel,
        'duplicated' as problem
    from present
    where occurrences > 1
    union all
    select
        present.month,
        present.channel,
        'channel outside the channel set' as problem
    from present
    left join channels
        on present.channel = channels.channel
    where channels.channel is null

)

select * from problems
