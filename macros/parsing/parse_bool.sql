{#- Contract booleans: true/false, t/f, 1/0, yes/no in any case; null and
    anything else is false. -#}
{% macro parse_bool(expr) -%}
    coalesce(lower(trim({{ expr }})) in ('true', 't', '1', 'yes', 'y'), false)
{%- endmacro %}
