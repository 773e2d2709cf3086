{#- Exact median of a numeric expression as an aggregate (the middle value,
    or the mean of the two middle values; nulls ignored; null for no rows).
    DuckDB's `median` and Spark's `percentile(x, 0.5)` both interpolate
    exactly (Spark's `percentile_approx` would not). -#}
{% macro median(expr) -%}
    {{ return(adapter.dispatch('median', 'revenue_analytics')(expr)) }}
{%- endmacro %}

{% macro duckdb__median(expr) -%}
    median(cast({{ expr }} as double))
{%- endmacro %}

{% macro spark__median(expr) -%}
    percentile(cast({{ expr }} as double), 0.5)
{%- endmacro %}
