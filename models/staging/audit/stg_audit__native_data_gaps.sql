{{ config(enabled=native_systems() | length > 0) }}

{#- What the native tables of this build's setup lack compared with the
    contract files, and what it changes in the marts: the rows of seed
    native_data_gaps whose system supplies their contract table (vars
    crm_source, web_source, forms_source, email_source, ad_platforms), e.g. "LinkedIn Ads:
    no click-level data" when LinkedIn Ads is read. Google's missing click
    report applies only when var google_ads_click_table is empty, its
    click days only when it is read. -#}
{%- set contract_tables = ['crm_accounts', 'crm_contacts', 'crm_lifecycle_stage_changes', 'crm_deals',
    'crm_deal_stage_changes', 'crm_activities', 'marketing_costs', 'web_page_views', 'web_form_submissions',
    'web_identifies', 'email_events'] %}
{#- (system, contract table) pairs this build reads natively -#}
{%- set in_use = [] %}
{%- for table in contract_tables if contract_table_supplier(table) != 'files' %}
{%- do in_use.append((contract_table_supplier(table), table)) %}
{%- endfor %}
{%- for platform in source_choices().ad_platforms %}
{%- do in_use.extend([(platform, 'ad_performance_daily'), (platform, 'ad_clicks')]) %}
{%- endfor %}
{%- set google_clicks_read = 'google_ads' in native_click_platforms() %}

with

gaps as (

    select * from {{ ref('native_data_gaps') }}

),

final as (

    select
        gap_id,
        native_source,
        contract_table,
        what_is_missing,
        effect_in_marts
    from gaps
    where
        gap_id != '{{ "google_ads_no_click_report" if google_clicks_read else "google_ads_click_days" }}'
        and (
            {%- for system, table in in_use %}
            {% if not loop.first %}or {% endif %}(native_source = '{{ system }}' and contract_table = '{{ table }}')
            {%- endfor %}
        )

)

select * from final
