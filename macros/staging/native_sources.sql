{#- Where each raw contract table comes from (docs/native-sources.md), from
    the vars crm_source, web_source, forms_source, email_source, ad_platforms
    and salesforce_marketing_costs. Every choice is validated here, so a typo in
    a var stops the build with the allowed values. -#}

{#- The native ad platforms the project can read (var ad_platforms). -#}
{% macro native_ad_platforms() -%}
    {{ return(['google_ads', 'linkedin_ads', 'meta_ads']) }}
{%- endmacro %}

{#- The validated source choices: crm, web, forms, email (a system name or
    `files`) and ad_platforms (a list, possibly empty). The email events
    follow the CRM when it is HubSpot (its email tables land beside it) unless
    var email_source says otherwise; no other CRM has a mapping for them. -#}
{% macro source_choices() -%}
    {%- set crm = var('crm_source', 'files') -%}
    {%- set web = var('web_source', 'files') -%}
    {%- set forms = var('forms_source', none) or web -%}
    {%- set email = var('email_source', none) or ('hubspot' if crm == 'hubspot' else 'files') -%}
    {%- set ads = var('ad_platforms', []) -%}
    {%- if ads is string -%}
        {%- set ads = [ads] -%}
    {%- endif -%}
    {%- if crm not in ['files', 'hubspot', 'salesforce'] -%}
        {%- do exceptions.raise_compiler_error("var crm_source must be files, hubspot or salesforce, not '" ~ crm ~ "'") -%}
    {%- endif -%}
    {%- if web not in ['files', 'segment'] -%}
        {%- do exceptions.raise_compiler_error("var web_source must be files or segment, not '" ~ web ~ "'") -%}
    {%- endif -%}
    {%- if forms not in ['files', 'segment', 'hubspot'] -%}
        {%- do exceptions.raise_compiler_error("var forms_source must be files, segment or hubspot, not '" ~ forms ~ "'") -%}
    {%- endif -%}
    {%- if email not in ['files', 'hubspot'] -%}
        {%- do exceptions.raise_compiler_error("var email_source must be files or hubspot, not '" ~ email ~ "'") -%}
    {%- endif -%}
    {%- for platform in ads if platform not in native_ad_platforms() -%}
        {%- do exceptions.raise_compiler_error("var ad_platforms lists '" ~ platform ~ "': the native ad platforms are "
            ~ native_ad_platforms() | join(', ') ~ " (other platforms stay in the ad files)") -%}
    {%- endfor -%}
    {{ return({'crm': crm, 'web': web, 'forms': forms, 'email': email, 'ad_platforms': ads | list}) }}
{%- endmacro %}

{#- The native systems a build reads, each a dbt source of the same name
    whose tables the DuckDB loader (load_native_files) exposes. -#}
{% macro native_systems() -%}
    {%- set choices = source_choices() -%}
    {%- set systems = [] -%}
    {%- for system in [choices.crm, choices.web, choices.forms, choices.email] + choices.ad_platforms
        if system != 'files' and system not in systems -%}
        {%- do systems.append(system) -%}
    {%- endfor -%}
    {{ return(systems) }}
{%- endmacro %}

{#- Who supplies one raw contract table: `files` (the raw file), a native
    system's name (its adapter native_<system>__<table> alone), or
    `ad_platforms` (the file and the native ad platforms together, so that
    a platform without a native mapping stays in the file). -#}
{% macro contract_table_supplier(table) -%}
    {%- set choices = source_choices() -%}
    {%- if table.startswith('crm_') -%}
        {{ return(choices.crm) }}
    {%- elif table in ['web_page_views', 'web_identifies'] -%}
        {{ return(choices.web) }}
    {%- elif table == 'web_form_submissions' -%}
        {{ return(choices.forms) }}
    {%- elif table == 'email_events' -%}
        {{ return(choices.email) }}
    {%- elif table in ['ad_performance_daily', 'ad_clicks'] and choices.ad_platforms | length > 0 -%}
        {{ return('ad_platforms') }}
    {%- elif table == 'marketing_costs' and choices.crm == 'salesforce' and var('salesforce_marketing_costs', true) -%}
        {{ return('salesforce') }}
    {%- endif -%}
    {{ return('files') }}
{%- endmacro %}

{#- The columns of a raw contract table as the loader exposes it: the
    source's columns in their documented order, then the loader's
    `_load_error` and `_load_line` (empty at parse time). -#}
{% macro raw_contract_columns(source_name, table) -%}
    {%- set names = [] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values()
            if node.package_name == project_name and node.source_name == source_name and node.name == table -%}
            {%- for column in node.columns.values() -%}
                {%- do names.append(column.name | lower) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- do names.extend(['_load_error', '_load_line']) -%}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}

{#- The native ad platforms that land paid clicks one by one: only Google
    Ads (its click report, var google_ads_click_table; null when the
    connection has none). LinkedIn and Meta land daily figures only, so
    their clicks stay in the ad_clicks file when a user has one. -#}
{% macro native_click_platforms() -%}
    {%- set platforms = [] -%}
    {%- if 'google_ads' in source_choices().ad_platforms and var('google_ads_click_table', 'click_performance') -%}
        {%- do platforms.append('google_ads') -%}
    {%- endif -%}
    {{ return(platforms) }}
{%- endmacro %}
