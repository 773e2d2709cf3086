{#- Phones in any national format. The normalised form keeps digits only,
    with a leading `+` when the number carried an international prefix
    (`+` or `00`). A phone is valid with 7 to 15 digits (E.164 allows at
    most 15) that are not all the same digit. -#}
{% macro phone_digits(expr) -%}
    {{ regexp_replace_all(expr, '[^0-9]', '') }}
{%- endmacro %}

{% macro phone_is_valid(expr) -%}
    coalesce(
        length({{ phone_digits(expr) }}) between 7 and 15
        and replace({{ phone_digits(expr) }}, substr({{ phone_digits(expr) }}, 1, 1), '') != '',
        false
    )
{%- endmacro %}

{% macro normalize_phone(expr) -%}
    case
        when not {{ phone_is_valid(expr) }} then null
        when trim({{ expr }}) like '+%' then '+' || {{ phone_digits(expr) }}
        when trim({{ expr }}) like '00%' then '+' || substr({{ phone_digits(expr) }}, 3)
        else {{ phone_digits(expr) }}
    end
{%- endmacro %}
