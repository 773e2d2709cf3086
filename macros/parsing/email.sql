{#- Email key (docs/metrics.md section 1): trimmed, lower-cased email; a
    syntactically invalid email is no key (null). -#}
{% macro email_is_valid(expr) -%}
    coalesce({{ regexp_like('lower(trim(' ~ expr ~ '))', "^[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$") }}, false)
{%- endmacro %}

{% macro email_key(expr) -%}
    case when {{ email_is_valid(expr) }} then lower(trim({{ expr }})) end
{%- endmacro %}

{% macro email_domain(expr) -%}
    case when {{ email_is_valid(expr) }} then split_part(lower(trim({{ expr }})), '@', 2) end
{%- endmacro %}
