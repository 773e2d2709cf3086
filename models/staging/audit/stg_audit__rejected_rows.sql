{#- Every raw row that cannot be used, with the reason. Keys and hashes
    only: no free text or personal data from the raw files lands here. -#}
with

{% for t in raw_tables() %}
{{ t.table }}_rejects as (

    select
        '{{ t.table }}' as source_table,
        {{ t.key }} as record_key,
        reject_reason,
        raw_row_hash,
        copy_number
    from {{ ref(t.base) }}
    where row_status = 'rejected'

),

{% endfor %}
unioned as (

    {% for t in raw_tables() %}
    select * from {{ t.table }}_rejects
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        -- ids
        {{ dbt.concat([
            'source_table', "'|'", 'raw_row_hash', "'|'",
            'cast(copy_number as ' ~ dbt.type_string() ~ ')',
        ]) }} as rejected_row_id,
        source_table,
        record_key,
        raw_row_hash,
        copy_number,

        -- reason
        reject_reason

    from unioned

)

select * from final
