{#- The relation a staging model reads one CRM contract table from: the raw
    file's `source('crm', table)` when var `crm_source` is `files` (the
    default), else the native adapter `native_<crm_source>__<table>`
    (docs/native-hubspot.md, docs/native-salesforce.md). -#}
{% macro crm_relation(table) -%}
    {%- set crm = var('crm_source', 'files') -%}
    {%- if crm == 'files' -%}
        {{ return(source('crm', table)) }}
    {%- elif crm in ['hubspot', 'salesforce'] -%}
        {{ return(ref('native_' ~ crm ~ '__' ~ table)) }}
    {%- else -%}
        {%- do exceptions.raise_compiler_error("var crm_source must be files, hubspot or salesforce, not '" ~ crm ~ "'") -%}
    {%- endif -%}
{%- endmacro %}

{#- The relation of a raw contract table for the audit models: crm_relation
    for the CRM tables, the raw file's source for the others, but for the
    marketing costs, which are the Salesforce campaigns' actual costs when
    Salesforce is the CRM (var salesforce_marketing_costs). -#}
{% macro raw_relation(source_name, table) -%}
    {%- if source_name == 'crm' -%}
        {{ return(crm_relation(table)) }}
    {%- elif source_name == 'marketing' and table == 'marketing_costs'
        and var('crm_source', 'files') == 'salesforce' and var('salesforce_marketing_costs', true) -%}
        {{ return(ref('native_salesforce__marketing_costs')) }}
    {%- endif -%}
    {{ return(source(source_name, table)) }}
{%- endmacro %}
