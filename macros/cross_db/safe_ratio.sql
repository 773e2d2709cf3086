{#- The one ratio rule of the marts (docs/metrics.md#ratios-money-and-nulls): numerator / denominator as
    a double, null when either is null or the denominator is 0 (never an
    error, never infinite, never 0 for an unknown cost). Used for every rate
    and cost ratio (CTR, CPC, CPL, cost per MQL/SQL, CAC, ROAS, ROI,
    conversion rates). Portable: `nullif` and a double division on every
    engine (Spark's ANSI mode raises on x / 0, the nullif prevents it). -#}
{% macro safe_ratio(numerator, denominator) -%}
    (cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}
