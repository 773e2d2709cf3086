{#- Elapsed days from `start_expr` to `end_expr` (timestamps): elapsed
    seconds / 86400, fractional, negative when end is before start, null when
    either is null (docs/metrics.md#elapsed-days: a duration in days is elapsed time, never a
    count of calendar-day boundaries). -#}
{% macro days_between(start_expr, end_expr) -%}
    {{ return(adapter.dispatch('days_between', 'revenue_analytics')(start_expr, end_expr)) }}
{%- endmacro %}

{% macro duckdb__days_between(start_expr, end_expr) -%}
    (cast(epoch_us(cast({{ end_expr }} as timestamp)) - epoch_us(cast({{ start_expr }} as timestamp)) as double) / 86400000000.0)
{%- endmacro %}

{% macro spark__days_between(start_expr, end_expr) -%}
    (cast(unix_micros(cast({{ end_expr }} as timestamp)) - unix_micros(cast({{ start_expr }} as timestamp)) as double) / 86400000000.0)
{%- endmacro %}
