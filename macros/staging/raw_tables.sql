{#- Every raw table of the contract with its source, its base model and the
    expression that identifies a row (ids only: rejects never carry free
    text or personal data; a line the loader could not read is identified
    by its line number and column). -#}
{% macro raw_tables() -%}
    {{ return([
        {'table': 'web_page_views', 'source': 'web', 'base': 'base_web__page_views', 'staged': 'stg_web__page_views', 'key': "coalesce(load_line, event_id)"},
        {'table': 'web_form_submissions', 'source': 'web', 'base': 'base_web__form_submissions', 'staged': 'stg_web__form_submissions', 'key': "coalesce(load_line, submission_id)"},
        {'table': 'web_identifies', 'source': 'web', 'base': 'base_web__identifies', 'staged': 'stg_web__identifies', 'key': "coalesce(load_line, identify_id)"},
        {'table': 'ad_clicks', 'source': 'ads', 'base': 'base_ads__clicks', 'staged': 'stg_ads__clicks', 'key': "coalesce(load_line, concat_ws('|', platform, click_id))"},
        {'table': 'ad_performance_daily', 'source': 'ads', 'base': 'base_ads__performance_daily', 'staged': 'stg_ads__performance_daily', 'key': "coalesce(load_line, concat_ws('|', report_date_raw, platform, campaign_id))"},
        {'table': 'crm_accounts', 'source': 'crm', 'base': 'base_crm__accounts', 'staged': 'stg_crm__accounts', 'key': "coalesce(load_line, account_id)"},
        {'table': 'crm_contacts', 'source': 'crm', 'base': 'base_crm__contacts', 'staged': 'stg_crm__contacts', 'key': "coalesce(load_line, contact_id)"},
        {'table': 'crm_lifecycle_stage_changes', 'source': 'crm', 'base': 'base_crm__lifecycle_stage_changes', 'staged': 'stg_crm__lifecycle_stage_changes', 'key': "coalesce(load_line, concat_ws('|', contact_id, changed_at_raw))"},
        {'table': 'crm_deals', 'source': 'crm', 'base': 'base_crm__deals', 'staged': 'stg_crm__deals', 'key': "coalesce(load_line, deal_id)"},
        {'table': 'crm_deal_stage_changes', 'source': 'crm', 'base': 'base_crm__deal_stage_changes', 'staged': 'stg_crm__deal_stage_changes', 'key': "coalesce(load_line, concat_ws('|', deal_id, entered_at_raw))"},
        {'table': 'crm_activities', 'source': 'crm', 'base': 'base_crm__activities', 'staged': 'stg_crm__activities', 'key': "coalesce(load_line, activity_id)"},
        {'table': 'marketing_costs', 'source': 'marketing', 'base': 'base_marketing__costs', 'staged': 'stg_marketing__costs', 'key': "coalesce(load_line, cost_line_key)"},
        {'table': 'email_events', 'source': 'email', 'base': 'base_email__events', 'staged': 'stg_email__events', 'key': "coalesce(load_line, event_id)"},
    ]) }}
{%- endmacro %}
