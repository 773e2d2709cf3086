{#- No mart exposes raw personal data (docs/marts.md section 3): for every model in schema
    `marts` that exists when the test runs, no column is named like an
    email, phone, person name or free-text message (`email_hash` and flags
    or domains about an email are allowed), and no text column holds a value
    that looks like an email address. Returns one row per offending column.
    Columns are read with adapter.get_columns_in_relation, so a mart added
    later is checked without editing this test. -#}
-- depends_on: {{ ref('dim_accounts') }}
-- depends_on: {{ ref('dim_contacts') }}
-- depends_on: {{ ref('fct_deals') }}
-- depends_on: {{ ref('fct_lead_stage_transitions') }}
-- depends_on: {{ ref('fct_touchpoints') }}
{%- set pii_words = ['email', 'e_mail', 'phone', 'mobile', 'message'] -%}
{%- set pii_names = ['first_name', 'last_name', 'full_name', 'person_name', 'contact_name'] -%}
{%- set pii_name_pattern = '(^|_)(' ~ (pii_words + pii_names) | join('|') ~ ')($|_)' -%}
{%- set allowed_name_pattern = '(_hash$|_domain$|^is_|^has_|_count$)' -%}
{%- set email_value_pattern = '[^@[:space:]]+@[^@[:space:]]+[.][a-zA-Z]{2,}' -%}
{%- set columns = [] -%}
{%- if execute -%}
{%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list -%}
{%- set mart_nodes = models | selectattr('schema', 'equalto', 'marts') | sort(attribute='name') -%}
{%- for node in mart_nodes -%}
{%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
{%- if relation is not none -%}
{%- for column in adapter.get_columns_in_relation(relation) -%}
{%- do columns.append({'model': node.name, 'relation': relation, 'column': column}) -%}
{%- endfor -%}
{%- endif -%}
{%- endfor -%}
{%- endif %}

with

mart_columns as (

    {% for column in columns %}
    select
        '{{ column.model }}' as model_name,
        '{{ column.column.name | lower }}' as column_name
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as column_name
    where 1 = 0
    {%- endfor %}

),

pii_named_columns as (

    select
        model_name,
        column_name,
        'personal data column name' as problem,
        cast(null as {{ dbt.type_bigint() }}) as offending_rows
    from mart_columns
    where
        {{ regexp_like('column_name', pii_name_pattern) }}
        and not {{ regexp_like('column_name', allowed_name_pattern) }}

),

email_valued_columns as (

    {% for column in columns if column.column.is_string() %}
    select
        '{{ column.model }}' as model_name,
        '{{ column.column.name | lower }}' as column_name,
        'email-like values' as problem,
        cast(count(*) as {{ dbt.type_bigint() }}) as offending_rows
    from {{ column.relation }}
    where
        -- the cheap substring test first: the pattern needs an @
        {{ adapter.quote(column.column.name) }} like '%@%'
        and {{ regexp_like(adapter.quote(column.column.name), email_value_pattern) }}
    having count(*) > 0
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as problem,
        cast(null as {{ dbt.type_bigint() }}) as offending_rows
    where 1 = 0
    {%- endfor %}

),

final as (

    select * from pii_named_columns
    union all
    select * from email_valued_columns

)

select * from final
