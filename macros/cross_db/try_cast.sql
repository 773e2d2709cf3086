{#- Cast that yields null instead of failing on a bad value (Spark's ANSI
    mode makes a plain cast fail). -#}
{% macro try_cast(expr, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'revenue_analytics')(expr, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}

{#- Spark: the same results as DuckDB's try_cast from text, which is laxer
    for numbers and stricter for dates:
    - integers: DuckDB rounds `12.5` to 13 (half away from zero) and takes
      `1e3` and `1_000`; Spark's cast gives null for all three. Parsed here as
      decimal(38, 18) (every bigint fits), rounded half up, then cast.
      DuckDB also takes `0x1F` (hex) and `0b101` (binary), with `_` between
      digits: so does this.
    - decimals and floats: `1_000` is taken by DuckDB.
    - dates: Spark takes `2026`, `2026-03` and anything after `2026-03-04T`;
      only an ISO date (with an optional valid time) reaches the cast.
      (DuckDB also takes `T24:00:00`, as the date or the next day's
      midnight: null on Spark.) -#}
{% macro spark__try_cast(expr, data_type) -%}
    {%- set type_name = data_type | lower | trim -%}
    {%- set without_underscores = "regexp_replace(" ~ expr ~ ", '(?<=[0-9])_(?=[0-9])', '')" -%}
    {%- if type_name in ['bigint', 'int', 'integer', 'smallint', 'tinyint', 'long', 'short', 'byte'] -%}
        case
            when trim({{ expr }}) rlike '^0[xX][0-9a-fA-F]+(_[0-9a-fA-F]+)*$'
                then try_cast(conv(replace(substr(trim({{ expr }}), 3), '_', ''), 16, 10) as {{ data_type }})
            when trim({{ expr }}) rlike '^0[bB][01]+(_[01]+)*$'
                then try_cast(conv(replace(substr(trim({{ expr }}), 3), '_', ''), 2, 10) as {{ data_type }})
            else try_cast(round(try_cast({{ without_underscores }} as decimal(38, 18))) as {{ data_type }})
        end
    {%- elif type_name.startswith('decimal') or type_name.startswith('numeric')
        or type_name in ['double', 'float', 'real'] -%}
        try_cast({{ without_underscores }} as {{ data_type }})
    {%- elif type_name == 'timestamp' -%}
        {{ spark__parse_timestamp_utc(expr) }}
    {%- elif type_name == 'date' -%}
        {#- The time part, when present, must be valid too (Spark ignores it). -#}
        case
            when trim({{ expr }}) rlike '{{ spark__iso_timestamp_pattern() }}'
                and try_cast(trim({{ expr }}) as timestamp) is not null
                then try_cast(trim({{ expr }}) as date)
        end
    {%- else -%}
        try_cast({{ expr }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}
