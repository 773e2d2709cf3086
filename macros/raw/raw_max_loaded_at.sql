{#- Source freshness (`dbt source freshness`, `make freshness`): the newest
    timestamp of `column` in the raw table (`this`), parsed like staging
    parses it (raw columns are text) and ignoring future-dated rows (a typo
    in the year 2999 must not make a stale export look fresh). Used as the
    `loaded_at_query` of every raw table that has a load or event time.
    Freshness is measured against the wall clock of the database. -#}
{% macro raw_max_loaded_at(column) -%}
    select max(loaded_at) as max_loaded_at
    from (
        select {{ parse_timestamp_utc(column) }} as loaded_at
        from {{ this }}
    ) as typed
    where loaded_at <= {{ build_clock_utc() }}
{%- endmacro %}
