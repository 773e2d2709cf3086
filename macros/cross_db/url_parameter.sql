{#- Value of query parameter `name` in a URL, URL-decoded; null when absent.
    A plain `like` test guards the regular expression: most URLs carry no
    parameter, and the test costs a fraction of the extraction (docs/scale.md,
    section Model designs chosen for speed or memory). -#}
{% macro url_parameter(url, name) -%}
    {%- set extracted = adapter.dispatch('url_parameter', 'revenue_analytics')(url, name) -%}
    case when {{ url }} like '%{{ name }}=%' then {{ extracted }} end
{%- endmacro %}

{% macro duckdb__url_parameter(url, name) -%}
    nullif(trim(url_decode(regexp_extract({{ url }}, '[?&]{{ name }}=([^&#]*)', 1))), '')
{%- endmacro %}

{#- Spark's url_decode turns `+` into a space and fails (try_: null) on a
    `%` not followed by two hex digits; DuckDB's keeps both as they are.
    Both are protected first so that the engines agree. (DuckDB raises an
    error on an escape that decodes to invalid UTF-8, e.g. `%FF`; Spark
    gives U+FFFD there.) -#}
{% macro spark__url_parameter(url, name) -%}
    nullif(trim(try_url_decode(regexp_replace(
        replace(regexp_extract({{ url }}, '[?&]{{ name }}=([^&#]*)', 1), '+', '%2B'),
        '%(?![0-9A-Fa-f]{2})', '%25'
    ))), '')
{%- endmacro %}
