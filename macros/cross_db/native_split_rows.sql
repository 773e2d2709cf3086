{#- A select-list expression that turns one row into one row per element of
    a `delimiter`-separated text (HubSpot's lists of merged ids). -#}
{% macro native_split_rows(expr, delimiter) -%}
    {{ return(adapter.dispatch('native_split_rows', 'revenue_analytics')(expr, delimiter)) }}
{%- endmacro %}

{% macro default__native_split_rows(expr, delimiter) -%}
    unnest(string_split({{ expr }}, '{{ delimiter }}'))
{%- endmacro %}

{% macro spark__native_split_rows(expr, delimiter) -%}
    explode(split({{ expr }}, '{{ delimiter }}'))
{%- endmacro %}
