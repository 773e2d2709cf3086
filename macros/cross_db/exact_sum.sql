{#- Sum of a double expression whose value does not depend on the order of
    the rows: each value is cast to decimal(38, `scale`) (rounded to `scale`
    decimals), the decimals are added exactly (scaled integers: any order,
    any number of threads gives the same total) and the total is cast back to
    a double. A plain sum() of doubles rounds after every addition, so its
    last bits (~1e-16 relative) depend on the order the engine adds the rows
    in (file order, threads, hash tables), and a mart computed from it would
    differ between two builds of the same input.
    The default scale, 22, is the largest whose power of ten a double holds
    exactly: DuckDB casts a double to a decimal as round(x * 10^scale) and
    back as integer / 10^scale, so each cast rounds once (10^30, say, is not
    a double and would add an error of its own). Each term is then within
    half a unit in its last place plus 5e-23 of its double, about as accurate
    as one addition of doubles.
    An aggregate, or a window function with `over` (the text inside
    `over (...)`, '' for the whole result). Every value and every partial
    total must stay below 10^(38 - scale) in absolute value (DuckDB raises on
    overflow, Spark returns null). Portable: both engines add decimals
    exactly. -#}
{% macro exact_sum(expr, scale=22, over=none) -%}
    cast(sum(cast({{ expr }} as decimal(38, {{ scale | int }}))){% if over is not none %} over ({{ over }}){% endif %} as double)
{%- endmacro %}
