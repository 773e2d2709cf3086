{#- True when the text matches the regular expression held by another
    expression (e.g. a seed column) anywhere; null when either is null.
    `regexp_like` takes a literal pattern; this one takes a column. -#}
{% macro regexp_like_expr(expr, pattern_expr) -%}
    {{ return(adapter.dispatch('regexp_like_expr', 'revenue_analytics')(expr, pattern_expr)) }}
{%- endmacro %}

{% macro duckdb__regexp_like_expr(expr, pattern_expr) -%}
    regexp_matches({{ expr }}, {{ pattern_expr }})
{%- endmacro %}

{% macro spark__regexp_like_expr(expr, pattern_expr) -%}
    ({{ expr }} rlike {{ pattern_expr }})
{%- endmacro %}
