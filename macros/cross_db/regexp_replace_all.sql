{#- Replace every match of a regular expression. -#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'revenue_analytics')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Spark replaces every match; its string literals treat `\` as an escape
    (doubled here) and its replacement treats `$` and `\` as special (the
    replacement is taken literally here). -#}
{% macro spark__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace(
        {{ expr }},
        '{{ pattern | replace('\\', '\\\\') }}',
        '{{ replacement | replace('\\', '\\\\\\\\') | replace('$', '\\\\$') }}'
    )
{%- endmacro %}
