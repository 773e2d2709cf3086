{#- No row lost from raw to staging: for every raw table,
    raw rows = staged rows + rejected rows + exact duplicates + superseded
    restatements + rows of forgotten people (privacy deletions, counted
    only), where raw rows are counted straight from the file, staged
    rows from the staging model and rejected rows from the rejects model.
    Returns the tables where the accounting does not balance. -#}
with

{% for t in raw_tables() %}
{{ t.table }}_accounting as (

    select
        '{{ t.table }}' as source_table,
        (select count(*) from {{ raw_relation(t.source, t.table) }}) as raw_rows,
        (select count(*) from {{ ref(t.staged) }}) as staged_rows,
        (
            select count(*) from {{ ref('stg_audit__rejected_rows') }}
            where source_table = '{{ t.table }}'
        ) as rejected_rows,
        (
            select count(*) from {{ ref(t.base) }}
            where row_status in ('exact_duplicate', 'superseded')
        ) as removed_rows,
        (
            select sum(forgotten_row_count) from {{ ref('stg_audit__forgotten_rows') }}
            where source_table = '{{ t.table }}'
        ) as forgotten_rows

),

{% endfor %}
accounting as (

    {% for t in raw_tables() %}
    select * from {{ t.table }}_accounting
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select *
from accounting
where raw_rows != staged_rows + rejected_rows + removed_rows + forgotten_rows
