{#- The relation a staging model reads one CRM contract table from: the raw
    file's `source('crm', table)` when var `crm_source` is `files` (the
    default), else the native adapter `native_<crm_source>__<table>`
    (docs/native-hubspot.md). -#}
{% macro crm_relation(table) -%}
    {%- set crm = var('crm_source', 'files') -%}
    {%- if crm == 'files' -%}
        {{ return(source('crm', table)) }}
    {%- elif crm in ['hubspot'] -%}
        {{ return(ref('native_' ~ crm ~ '__' ~ table)) }}
    {%- else -%}
        {%- do exceptions.raise_compiler_error("var crm_source must be files or hubspot, not '" ~ crm ~ "'") -%}
    {%- endif -%}
{%- endmacro %}

{#- The relation of a raw contract table for the audit models: crm_relation
    for the CRM tables, the raw file's source for the others. -#}
{% macro raw_relation(source_name, table) -%}
    {%- if source_name == 'crm' -%}
        {{ return(crm_relation(table)) }}
    {%- endif -%}
    {{ return(source(source_name, table)) }}
{%- endmacro %}
