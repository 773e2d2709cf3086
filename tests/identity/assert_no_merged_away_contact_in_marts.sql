{#- A merged pair is one person in every mart: no mart holds the id of a
    contact the CRM merged into another (its history belongs to the
    survivor, or to nobody when the merge chain ends nowhere). Every mart
    column named `contact_id` or `<something>_contact_id` is checked, read
    with adapter.get_columns_in_relation, so a mart added later is checked
    without editing this test. Returns one row per (model, column, merged-away
    contact id). -#}
-- depends_on: {{ ref('dim_accounts') }}
-- depends_on: {{ ref('dim_contacts') }}
-- depends_on: {{ ref('fct_deals') }}
-- depends_on: {{ ref('fct_lead_stage_transitions') }}
-- depends_on: {{ ref('fct_touchpoints') }}
{%- set id_columns = [] -%}
{%- if execute -%}
{%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
{%- set mart_nodes = models | selectattr('schema', 'equalto', 'marts') | sort(attribute='name') -%}
{%- for node in mart_nodes -%}
{%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
{%- if relation is not none -%}
{%- for column in adapter.get_columns_in_relation(relation)
    if column.name | lower == 'contact_id' or (column.name | lower).endswith('_contact_id') -%}
{%- do id_columns.append({'model': node.name, 'relation': relation, 'column': column.name | lower}) -%}
{%- endfor -%}
{%- endif -%}
{%- endfor -%}
{%- endif %}

with

contacts_merged as (

    select * from {{ ref('int_contacts_merged') }}

),

mart_contact_ids as (

    {% for id_column in id_columns %}
    select distinct
        '{{ id_column.model }}' as model_name,
        '{{ id_column.column }}' as column_name,
        cast({{ id_column.column }} as {{ dbt.type_string() }}) as contact_id
    from {{ id_column.relation }}
    where {{ id_column.column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as contact_id
    where 1 = 0
    {%- endfor %}

),

final as (

    select
        mart_contact_ids.model_name,
        mart_contact_ids.column_name,
        mart_contact_ids.contact_id,
        contacts_merged.merge_status,
        contacts_merged.surviving_contact_id
    from mart_contact_ids
    inner join contacts_merged
        on mart_contact_ids.contact_id = contacts_merged.contact_id
    where contacts_merged.is_merged_away

)

select * from final
