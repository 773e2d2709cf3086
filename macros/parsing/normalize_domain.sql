{#- Website or referrer to a bare domain: `https://www.Acme.com/path` ->
    `acme.com` (scheme, `www.`, port, path, query and trailing dot removed). -#}
{% macro normalize_domain(expr) -%}
    nullif(
        {{ regexp_replace_all(
            regexp_replace_all(
                regexp_replace_all('lower(trim(' ~ expr ~ '))', '^[a-z][a-z0-9+.-]*://', ''),
                '[/?#:].*$', ''),
            '^www[0-9]*\\.|\\.$', '') }},
        ''
    )
{%- endmacro %}
