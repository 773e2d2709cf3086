{#- A cost ratio of the marketing marts (CPC, CPL, cost per MQL and SQL,
    CAC): `safe_ratio` rounded half away from zero to `digits` decimals and
    cast to decimal(18, digits), so that every mart writes a money ratio
    the same way. -#}
{% macro money_ratio(numerator, denominator, digits=2) -%}
    cast({{ round_half_away(safe_ratio(numerator, denominator), digits) }} as decimal(18, {{ digits }}))
{%- endmacro %}
