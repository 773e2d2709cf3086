{#- A cheap non-cryptographic hash of a key (one or more expressions), for
    grouping only: it finds the keys that occur more than once, where equal
    keys must hash equally (nulls included) and a rare collision only sends
    a few more rows down the exact path. Not a lineage hash (`row_hash` is):
    the value differs between engines. -#}
{% macro key_hash(expressions) -%}
    {{ return(adapter.dispatch('key_hash', 'revenue_analytics')(expressions)) }}
{%- endmacro %}

{% macro default__key_hash(expressions) -%}
    {{ row_hash(expressions) }}
{%- endmacro %}

{#- DuckDB's hash() is 64-bit and hashes null to a fixed value. -#}
{% macro duckdb__key_hash(expressions) -%}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{#- Spark's xxhash64 is 64-bit and skips nulls (deterministic). -#}
{% macro spark__key_hash(expressions) -%}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}
