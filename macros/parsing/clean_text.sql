{#- Trimmed text, with empty strings as null (an empty field means null). -#}
{% macro clean_text(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}
