{#- Every rate of the funnel marts is a fraction between 0 and 1 (or null).
    Returns the offending rows with the name of the rate. -#}

{%- set checks = [
    ('rpt_mql_to_sql_rates', "cast(cohort_month as " ~ dbt.type_string() ~ ") || ' ' || acquisition_channel",
        ['mql_to_sql_rate', 'mql_to_sql_rate_30d', 'mql_to_sql_rate_60d', 'mql_to_sql_rate_90d']),
    ('rpt_funnel_monthly', "cast(month as " ~ dbt.type_string() ~ ")", ['nurtured_sql_share', 'win_rate']),
    ('rpt_conversions_vs_opportunities_monthly', "cast(month as " ~ dbt.type_string() ~ ") || ' ' || channel",
        ['genuine_opportunity_share']),
    ('rpt_lead_score_calibration', "cast(score_decile as " ~ dbt.type_string() ~ ")", ['sql_rate', 'sql_rate_90d']),
] -%}

with

{% for model, key, rates in checks %}
{{ model }}_rates as (

    select * from {{ ref(model) }}

),
{% endfor %}

offending as (

    {%- for model, key, rates in checks %}
    {%- set outer_loop = loop %}
    {%- for rate in rates %}
    select
        '{{ model }}' as model_name,
        {{ key }} as row_key,
        '{{ rate }}' as rate_name,
        {{ rate }} as rate_value
    from {{ model }}_rates
    where {{ rate }} < 0 or {{ rate }} > 1
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}

)

select * from offending
