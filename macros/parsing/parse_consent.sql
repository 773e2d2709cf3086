{#- Consent checkbox as form tools export it: `["on"]`, `on`, `true`, `yes`,
    `1` mean given; `[]`, empty, null and anything else mean not given. -#}
{% macro parse_consent(expr) -%}
    coalesce(
        {{ regexp_replace_all('lower(trim(' ~ expr ~ '))', '[\\[\\]" ]', '') }}
        in ('on', 'true', 't', 'yes', 'y', '1', 'checked'),
        false
    )
{%- endmacro %}
