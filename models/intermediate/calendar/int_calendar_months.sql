{#- Month spine without holes (docs/metrics.md section 5): every UTC calendar
    month from the first month with data to the as-of month, whatever the
    data holds in between. Generated portably by a cross join of digits
    (up to 1,000 months), no engine-specific series function. -#}

with

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

digits as (

    {%- for digit in range(10) %}
    select {{ digit }} as digit{{ ' union all' if not loop.last }}
    {%- endfor %}

),

month_offsets as (

    select hundreds.digit * 100 + tens.digit * 10 + units.digit as month_offset
    from digits as hundreds
    cross join digits as tens
    cross join digits as units

),

spine as (

    select
        month_offsets.month_offset,
        cast({{ dbt.dateadd('month', 'month_offsets.month_offset', 'as_of.first_data_month') }} as date) as month,
        as_of.as_of_month,
        as_of.as_of_at
    from month_offsets
    cross join as_of
    where
        month_offsets.month_offset
        <= {{ dbt.datediff('as_of.first_data_month', 'as_of.as_of_month', 'month') }}

),

final as (

    select
        -- months
        month,
        cast(month_offset + 1 as {{ dbt.type_bigint() }}) as month_number,

        -- timestamps: a month's end is the first instant of the next month
        cast(month as timestamp) as month_start_at,
        cast({{ dbt.dateadd('month', '1', 'month') }} as timestamp) as month_end_at,

        -- flags
        month = as_of_month as is_as_of_month,
        cast({{ dbt.dateadd('month', '1', 'month') }} as timestamp) <= as_of_at as is_complete

    from spine

)

select * from final
