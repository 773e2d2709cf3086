{#- The day spine (MetricFlow's time spine, dbt's `time_spine` convention):
    one row per UTC calendar day of every month of the month spine, from the
    first month with data to the as-of month. Generated portably from
    int_calendar_months and a cross join of digits (no series function). -#}

with

months as (

    select * from {{ ref('int_calendar_months') }}

),

digits as (

    {%- for digit in range(10) %}
    select {{ digit }} as digit{{ ' union all' if not loop.last }}
    {%- endfor %}

),

day_offsets as (

    select tens.digit * 10 + units.digit as day_offset
    from digits as tens
    cross join digits as units
    where tens.digit * 10 + units.digit < 31

),

days as (

    select
        months.month,
        months.is_complete,
        months.is_as_of_month,
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'months.month') }} as date) as date_day
    from months
    cross join day_offsets

),

final as (

    select
        -- days
        date_day,

        -- months
        month,

        -- flags
        is_complete as is_complete_month,
        not is_complete as is_partial_month,
        is_as_of_month

    from days
    where cast({{ dbt.date_trunc('month', 'date_day') }} as date) = month

)

select * from final
