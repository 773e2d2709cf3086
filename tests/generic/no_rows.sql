{#- No rows: the model is empty. For lists that should stay empty, such as
    stg_audit__unmapped_native_labels, usually with severity warn, so that
    the build says how many rows there are without failing. -#}
{% test no_rows(model) %}

select * from {{ model }}

{% endtest %}
