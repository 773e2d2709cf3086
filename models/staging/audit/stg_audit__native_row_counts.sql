{{ config(enabled=native_systems() | length > 0) }}

{#- What became of the rows of every native table read (docs/native-sources.md):
    one row per system, native table, contract table and outcome (`emitted`
    to the contract table, or the reason the mapping drops the row), from
    each system's own accounting model (native_<system>__row_accounting),
    beside stg_audit__raw_row_counts, which goes on from the contract
    tables the adapters emit. -#}
with

{% for system in native_systems() %}
{{ system }}_rows as (

    select * from {{ ref('native_' ~ system ~ '__row_accounting') }}

),

{% endfor %}
final as (

    {% for system in native_systems() %}
    select
        native_source,
        native_table,
        contract_table,
        row_outcome,
        native_rows,
        landed_rows,
        contract_rows
    from {{ system }}_rows
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
