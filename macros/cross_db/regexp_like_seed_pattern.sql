{#- True when `expr` matches the regular expression of the seed row joined
    as `seed_alias` (column `pattern_column`), like
    `regexp_like_expr(expr, seed_alias.pattern_column)`, but fast: a pattern
    held in a column is compiled again for every row it is matched against,
    a literal once (docs/scale.md, section Model designs chosen for speed or
    memory). So the seed's current rows are read when the model
    is compiled (in `dbt build`, after the seed was loaded) and each pattern
    becomes a literal, used for the rows whose key and pattern are still
    exactly those; any other row (a seed changed since, a unit-test
    fixture, no seed table yet) falls back to the column, so the result
    never depends on what was read at compile time. -#}
{% macro regexp_like_seed_pattern(expr, seed_name, seed_alias, key_column, pattern_column='pattern') -%}
    {%- set known = seed_column_values(seed_name, [key_column, pattern_column]) -%}
    {%- if known | length == 0 -%}
        {{ regexp_like_expr(expr, seed_alias ~ '.' ~ pattern_column) }}
    {%- else -%}
        case
        {%- for key, pattern in known if key is not none and pattern is not none %}
            when {{ seed_alias }}.{{ key_column }} = {{ key if key is number else "'" ~ dbt.escape_single_quotes(key) ~ "'" }}
                and {{ seed_alias }}.{{ pattern_column }} = '{{ dbt.escape_single_quotes(pattern) }}'
                then {{ regexp_like_expr(expr, "'" ~ dbt.escape_single_quotes(pattern) ~ "'") }}
        {%- endfor %}
            else {{ regexp_like_expr(expr, seed_alias ~ '.' ~ pattern_column) }}
        end
    {%- endif -%}
{%- endmacro %}


{#- The rows (as lists, in key order) of `columns` of a seed as the
    warehouse holds it now; [] when not executing, in a unit test, or when
    the table does not exist yet (a first compile, lint against an empty
    database). -#}
{% macro seed_column_values(seed_name, columns) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set seed = ref(seed_name) -%}
    {#- a unit test's ref is its fixture: no table to read -#}
    {%- if seed.schema is none or seed.identifier is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(database=seed.database, schema=seed.schema, identifier=seed.identifier) -%}
    {%- if relation is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select ' ~ columns | join(', ') ~ ' from ' ~ relation ~ ' order by 1') -%}
    {%- set rows = [] -%}
    {%- for row in result.rows -%}
        {%- do rows.append(row.values() | list) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}
