{#- Schemas are named by layer (`staging`, `intermediate`, `marts`), not
    prefixed with the target schema (dbt's default would give `main_marts`). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
