{#- Per raw table, what became of its rows: staged, rejected (with a reason,
    in stg_audit__rejected_rows), exact duplicates, superseded restatements
    and rows of forgotten people, beside the raw count. The publish audit
    reads the rejected share from here; assert_no_raw_row_lost checks the
    same accounting from its own counts. -#}
with

{% for t in raw_tables() %}
{{ t.table }}_counted as (

    select
        '{{ t.table }}' as source_table,
        (select count(*) from {{ raw_relation(t.source, t.table) }}) as raw_rows,
        (select count(*) from {{ ref(t.staged) }}) as staged_rows,
        (
            select count(*) from {{ ref(t.base) }}
            where row_status = 'exact_duplicate'
        ) as exact_duplicate_rows,
        (
            select count(*) from {{ ref(t.base) }}
            where row_status = 'superseded'
        ) as superseded_rows

),

{% endfor %}
per_table as (

    {% for t in raw_tables() %}
    select * from {{ t.table }}_counted
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

rejected as (

    select
        source_table,
        count(*) as rejected_rows
    from {{ ref('stg_audit__rejected_rows') }}
    group by source_table

),

forgotten as (

    select * from {{ ref('stg_audit__forgotten_rows') }}

),

final as (

    select
        per_table.source_table,
        cast(per_table.raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(per_table.staged_rows as {{ dbt.type_bigint() }}) as staged_rows,
        cast(coalesce(rejected.rejected_rows, 0) as {{ dbt.type_bigint() }}) as rejected_rows,
        cast(per_table.exact_duplicate_rows as {{ dbt.type_bigint() }}) as exact_duplicate_rows,
        cast(per_table.superseded_rows as {{ dbt.type_bigint() }}) as superseded_rows,
        cast(coalesce(forgotten.forgotten_row_count, 0) as {{ dbt.type_bigint() }}) as forgotten_rows,
        -- share of the raw rows that were rejected; null for an empty table
        case
            when per_table.raw_rows > 0
                then cast(coalesce(rejected.rejected_rows, 0) as double) / per_table.raw_rows
        end as rejected_share
    from per_table
    left join rejected
        on per_table.source_table = rejected.source_table
    left join forgotten
        on per_table.source_table = forgotten.source_table

)

select * from final
