{#- `expr` (a double) rounded to `digits` decimals in IEEE double
    arithmetic written out: sign(x) * floor(|x| * 10^d + 0.5) / 10^d, i.e.
    x * 10^d (itself rounded to a double) with halves away from zero. Every
    step is exactly specified by IEEE 754, so DuckDB and Spark give the same
    double. Their own round() of a double does not agree: DuckDB's gives 1.1
    for 1.15 and 455.83 for 455.835, Spark's 1.2 and 455.84 (it rounds the
    double's shortest decimal text). This macro gives 1.2 and 455.84 on both
    (1.15 * 10 is 11.5 as a double). Decimals keep round(), exact on both. -#}
{% macro round_half_away(expr, digits) -%}
    (sign({{ expr }}) * floor(abs({{ expr }}) * {{ 10 ** (digits | int) }} + 0.5) / {{ 10 ** (digits | int) }})
{%- endmacro %}
