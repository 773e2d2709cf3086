{#- `expr` (a double) rounded to `digits` decimals, halves away from zero,
    in IEEE double arithmetic written out: sign(x) * floor(|x| * 10^d + 0.5)
    / 10^d. DuckDB's round() of a double computes the same; Spark's round()
    rounds the shortest decimal text of the double instead (1.15 becomes 1.2
    there, 1.1 on DuckDB, whose double is 1.1499...), so `round()` of a
    double is not portable. Decimals keep `round()` (exact on both). -#}
{% macro round_half_away(expr, digits) -%}
    (sign({{ expr }}) * floor(abs({{ expr }}) * {{ 10 ** (digits | int) }} + 0.5) / {{ 10 ** (digits | int) }})
{%- endmacro %}
