{#- Every landed native row is accounted for: per native table and the
    contract table it feeds, the rows of every outcome add up to the rows
    landed, and the rows counted as emitted are exactly the rows the adapter
    passes on from that native table. The outcomes are classified from the
    landed rows on their own, so an adapter that drops rows for a reason the
    accounting does not know (or a join that multiplies rows) fails here.
    Returns the native tables that do not balance. -#}
{% test native_rows_accounted(model) %}

with

per_native_table as (

    select
        native_source,
        native_table,
        contract_table,
        sum(native_rows) as accounted_rows,
        sum(case when row_outcome = 'emitted' then native_rows else 0 end) as emitted_rows,
        min(landed_rows) as landed_rows,
        max(landed_rows) as landed_rows_max,
        min(contract_rows) as contract_rows,
        max(contract_rows) as contract_rows_max
    from {{ model }}
    group by native_source, native_table, contract_table

)

select * from per_native_table
where
    accounted_rows != landed_rows
    or emitted_rows != contract_rows
    or landed_rows != landed_rows_max
    or contract_rows != contract_rows_max

{% endtest %}
