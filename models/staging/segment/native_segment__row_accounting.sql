{#- What became of every landed Segment row (docs/native-segment.md): per
    table read and the contract table it feeds, the rows emitted and the
    redeliveries dropped (a message delivered again, kept once). Each part
    is built only when its adapter is (vars web_source, forms_source).
    Tested by native_rows_accounted: the emitted rows are the adapter's. -#}
{#- (source table, its name as landed, the contract table it feeds) -#}
{%- set parts = [] %}
{%- for part in [
    ('pages', 'pages', 'web_page_views'),
    ('form_event', var('segment_form_event_table'), 'web_form_submissions'),
    ('identifies', 'identifies', 'web_identifies')] if contract_table_supplier(part[2]) == 'segment' %}
{%- do parts.append(part) %}
{%- endfor %}
{%- set bigint = dbt.type_bigint() %}

with

{% for part, native_table, contract_table in parts %}
{{ part }} as (

    select * from {{ source('segment', part) }}

),

{{ part }}_emitted as (

    select * from {{ ref('native_segment__' ~ contract_table) }}

),

-- every landed row: the first delivery of its message is emitted
{{ part }}_classified as (

    select
        case
            when {{ segment_delivery_number(part) }} > 1 then 'redelivered_message'
            else 'emitted'
        end as row_outcome
    from {{ part }}

),

{{ part }}_counted as (

    select
        '{{ native_table }}' as native_table,
        '{{ contract_table }}' as contract_table,
        row_outcome,
        count(*) as native_rows,
        (select count(*) from {{ part }}) as landed_rows,
        (select count(*) from {{ part }}_emitted) as contract_rows
    from {{ part }}_classified
    group by row_outcome

),

{% endfor %}
final as (

    {% for part, native_table, contract_table in parts %}
    select
        'segment' as native_source,
        native_table,
        contract_table,
        row_outcome,
        cast(native_rows as {{ bigint }}) as native_rows,
        cast(landed_rows as {{ bigint }}) as landed_rows,
        cast(contract_rows as {{ bigint }}) as contract_rows
    from {{ part }}_counted
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
