{#- Keyed hash of an email key (docs/marts.md section 3: HMAC-SHA256 hex, keyed by the
    EMAIL_HASH_KEY environment variable). The key is never templated into
    SQL: on DuckDB the `email_hmac` function is registered by the project's
    dbt-duckdb plugin (plugins/email_hash_udf.py), which reads the key at run
    time. -#}
{% macro email_hash(expr) -%}
    {{ return(adapter.dispatch('email_hash', 'revenue_analytics')(expr)) }}
{%- endmacro %}

{% macro duckdb__email_hash(expr) -%}
    email_hmac({{ expr }})
{%- endmacro %}

{#- Spark: `email_hmac` is a Python UDF that scripts/spark_dbt.py registers in
    the Spark session before dbt runs (dbt-spark has no plugin hook), with
    the same code and key handling as the DuckDB plugin. -#}
{% macro spark__email_hash(expr) -%}
    email_hmac({{ expr }})
{%- endmacro %}
