{#- The build's own clock in UTC (a timestamp without time zone), or the
    `build_clock` var when set (tests pin it so results never depend on
    when they run). Rows dated after it are rejected as future-dated. -#}
{% macro build_clock_utc() -%}
    {%- if var('build_clock', none) -%}
        cast('{{ var("build_clock") }}' as timestamp)
    {%- else -%}
        {{ return(adapter.dispatch('build_clock_utc', 'revenue_analytics')()) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__build_clock_utc() -%}
    cast(timezone('UTC', current_timestamp) as timestamp)
{%- endmacro %}

{% macro spark__build_clock_utc() -%}
    current_timestamp()
{%- endmacro %}
