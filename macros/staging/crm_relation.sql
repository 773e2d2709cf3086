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

{#- The relation of any raw contract table, as the base models and the
    audit read it (docs/native-sources.md): crm_relation for the CRM
    tables; the Segment adapter for the page views and identifies when var
    `web_source` is `segment`; the adapter of var `forms_source` for the
    form submissions; the union of the file and the native ad platforms
    (var `ad_platforms`) for the ad tables; the Salesforce campaigns'
    actual costs for the marketing costs when Salesforce is the CRM (var
    salesforce_marketing_costs); else the raw file's source. -#}
{% macro raw_relation(source_name, table) -%}
    {%- set supplier = contract_table_supplier(table) -%}
    {%- if source_name == 'crm' -%}
        {{ return(crm_relation(table)) }}
    {%- elif supplier == 'files' -%}
        {{ return(source(source_name, table)) }}
    {%- elif supplier == 'ad_platforms' -%}
        {{ return(ref('native_ad_platforms__' ~ table)) }}
    {%- endif -%}
    {{ return(ref('native_' ~ supplier ~ '__' ~ table)) }}
{%- endmacro %}
