{#- The rate converting one unit of `currency_column` to the reporting
    currency (`reporting_currency` var): exactly 1 for the reporting
    currency itself, in every month, whatever the seed `currency_rates`
    holds (or lacks) for it; otherwise the month's rate from
    int_currency_rates_rebased (`rate_column`, from a left join on currency
    and month), null when the seed has none. Every model that converts money
    uses it, so that the rule is written once. -#}
{% macro rate_to_reporting(currency_column, rate_column) -%}
    case
        when {{ currency_column }} = upper('{{ var("reporting_currency") }}') then cast(1 as decimal(20, 10))
        else {{ rate_column }}
    end
{%- endmacro %}
