{#- Primary key: the combination of `columns` (column names or expressions)
    is never null and unique. Returns the offending key values only, never
    other columns. -#}
{% test primary_key(model, columns) %}

with

keys as (

    select
        {%- for column in columns %}
        {{ column }} as key_{{ loop.index }},
        {%- endfor %}
        case when {{ columns | join(' is null or ') }} is null then 1 else 0 end as has_null_part
    from {{ model }}

),

offending as (

    select
        {%- for column in columns %}
        key_{{ loop.index }},
        {%- endfor %}
        count(*) as occurrences,
        max(has_null_part) as has_null_part
    from keys
    group by
        {%- for column in columns %}
        key_{{ loop.index }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    having count(*) > 1 or max(has_null_part) = 1

)

select * from offending

{% endtest %}
