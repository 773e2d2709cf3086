-- a table: as a view its SQL (every forget condition of every raw table)
-- is longer than the Spark metastore keeps for a view's text
{{ config(materialized='table') }}

{#- Raw rows removed by privacy deletions (source privacy_deletions), counted
    per raw table: counts only, nothing of the forgotten people. They close
    the row accounting of assert_no_raw_row_lost. -#}
with

{% for t in raw_tables() %}
{{ t.table }}_forgotten as (

    -- `where false` for tables without personal rows: an empty scan
    select
        '{{ t.table }}' as source_table,
        cast(count(*) as {{ dbt.type_bigint() }}) as forgotten_row_count
    from {{ raw_relation(t.source, t.table) }}
    where {{ forgotten_row_condition(t.table) }}

),

{% endfor %}
unioned as (

    {% for t in raw_tables() %}
    select * from {{ t.table }}_forgotten
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        -- ids
        source_table,

        -- counts
        forgotten_row_count

    from unioned

)

select * from final
