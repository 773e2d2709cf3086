{#- ISO 8601 text (offset, `Z`, or naive meaning UTC; fractional seconds
    allowed) to a UTC timestamp without time zone; null when unparseable. -#}
{% macro parse_timestamp_utc(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'revenue_analytics')(expr)) }}
{%- endmacro %}

{#- DuckDB: the instant's microseconds since the epoch, read back as a
    timestamp, are its UTC wall clock without a time-zone conversion
    (`timezone('UTC', ...)` was most of the parse's cost, and page views
    parse their timestamp several times per build: docs/scale.md, section
    Model designs chosen for speed or memory). `infinity` and `-infinity`,
    which the cast accepts, become null (unparseable), as on Spark. -#}
{% macro duckdb__parse_timestamp_utc(expr) -%}
    make_timestamp(epoch_us(try_cast(trim({{ expr }}) as timestamptz)))
{%- endmacro %}

{#- Spark: `timestamp` is TIMESTAMP_LTZ, shown and compared in the session
    time zone, which the profile pins to UTC, so it behaves as a UTC
    timestamp without time zone. Spark's cast is laxer than DuckDB's (it
    takes `2026`, `2026-03`, `2026-03-04T10`, `+2026-03-04`, a space before an
    offset, `GMT+1`): only what DuckDB accepts reaches the cast. -#}
{% macro spark__parse_timestamp_utc(expr) -%}
    case
        when trim({{ expr }}) rlike '{{ spark__iso_timestamp_pattern() }}'
            then try_cast(trim({{ expr }}) as timestamp)
    end
{%- endmacro %}

{#- ISO 8601 date with an optional time (minutes, seconds, fraction) and an
    optional offset (`Z`, `+hh`, `+hhmm`, `+hh:mm`) or ` <zone name>`, as
    DuckDB's timestamptz cast accepts them. No backslashes (see
    regexp_like): `[.]` is a literal dot. -#}
{% macro spark__iso_timestamp_pattern() -%}
    ^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}([.][0-9]*)?)?(Z|[+-][0-9]{1,2}(:?[0-9]{2})?| [A-Za-z][A-Za-z0-9_/+-]*)?)?$
{%- endmacro %}
