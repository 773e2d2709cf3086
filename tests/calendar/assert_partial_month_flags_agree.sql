{#- Every monthly mart flags the same months as partial: `is_partial_month`
    is true exactly when the month's end (the first instant of the next
    month) is after the data's as-of time, so the as-of month is partial
    everywhere and no earlier month is. Returns the offending rows. -#}

{%- set monthly_marts = [
    ('rpt_funnel_monthly', 'month'),
    ('rpt_channel_metrics_monthly', 'month'),
    ('rpt_campaign_metrics_monthly', 'month'),
    ('rpt_attribution_by_channel_monthly', 'month'),
    ('rpt_conversions_vs_opportunities_monthly', 'month'),
    ('rpt_mql_to_sql_rates', 'cohort_month'),
    ('dim_dates', 'month'),
] -%}

with

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

{% for model, month_column in monthly_marts %}
{{ model }}_months as (

    select distinct
        {{ month_column }} as month,
        is_partial_month
    from {{ ref(model) }}

),
{% endfor %}

offending as (

    {%- for model, month_column in monthly_marts %}
    select
        '{{ model }}' as model_name,
        months.month,
        months.is_partial_month
    from {{ model }}_months as months
    cross join as_of
    where
        months.is_partial_month is null
        or months.is_partial_month
        <> (cast({{ dbt.dateadd('month', '1', 'months.month') }} as timestamp) > as_of.as_of_at)
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from offending
