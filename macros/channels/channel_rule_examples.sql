{#- Worked examples of the shipped seed `channel_rules`: one touch (or lead
    source, or spend row) per rule, plus the overlapping pairs whose order
    matters, each with the rule and channel it must get. Read by the singular
    tests in tests/touchpoints/ (adding a rule to the seed means adding an
    example here). Renders a query with example_id, the classifier
    attributes, expected_rule_order and expected_channel. -#}
{% macro channel_rule_examples() -%}
    {%- set columns = ['touch_type', 'platform', 'has_click_id', 'utm_medium', 'utm_source', 'campaign_id',
        'campaign_name', 'referrer_domain', 'origin_label', 'activity_type', 'lead_source', 'click_id_parameter',
        'campaign_type'] -%}
    {%- set examples = [
        {'id': 'email click beats a display campaign name', 'touch_type': 'email_click', 'campaign_name': 'Display launch newsletter', 'utm_medium': 'email', 'rule': 50, 'channel': 'email'},
        {'id': 'campaign override beats platform', 'touch_type': 'ad_click', 'platform': 'google_ads', 'campaign_name': 'Brand - Display Q3', 'rule': 100, 'channel': 'display'},
        {'id': 'campaign override on spend by id', 'platform': 'linkedin_ads', 'campaign_id': 'gdn-2026-01', 'rule': 100, 'channel': 'display'},
        {'id': 'campaign override beats campaign type', 'platform': 'google_ads', 'campaign_name': 'GDN remarketing', 'campaign_type': 'SEARCH', 'rule': 100, 'channel': 'display'},
        {'id': 'campaign type search', 'touch_type': 'ad_click', 'platform': 'google_ads', 'campaign_id': '124', 'campaign_type': 'SEARCH', 'has_click_id': true, 'click_id_parameter': 'gclid', 'rule': 170, 'channel': 'paid_search'},
        {'id': 'campaign type display beats platform', 'platform': 'google_ads', 'campaign_id': '125', 'campaign_type': 'DISPLAY', 'rule': 180, 'channel': 'display'},
        {'id': 'campaign type video', 'touch_type': 'session', 'platform': 'google_ads', 'campaign_id': '126', 'campaign_type': 'VIDEO', 'has_click_id': true, 'click_id_parameter': 'gclid', 'rule': 180, 'channel': 'display'},
        {'id': 'campaign type performance max (var)', 'platform': 'google_ads', 'campaign_id': '127', 'campaign_type': 'PERFORMANCE_MAX', 'rule': 190, 'channel': var('performance_max_channel', 'paid_search')},
        {'id': 'google ads click', 'touch_type': 'ad_click', 'platform': 'google_ads', 'campaign_id': '123', 'has_click_id': true, 'rule': 200, 'channel': 'paid_search'},
        {'id': 'google ads spend', 'platform': 'google_ads', 'campaign_id': '123', 'campaign_name': 'Brand', 'rule': 200, 'channel': 'paid_search'},
        {'id': 'microsoft ads click', 'touch_type': 'ad_click', 'platform': 'microsoft_ads', 'rule': 210, 'channel': 'paid_search'},
        {'id': 'linkedin ads click', 'touch_type': 'ad_click', 'platform': 'linkedin_ads', 'rule': 220, 'channel': 'paid_social'},
        {'id': 'meta ads click', 'touch_type': 'ad_click', 'platform': 'meta_ads', 'rule': 230, 'channel': 'paid_social'},
        {'id': 'unknown platform click', 'touch_type': 'ad_click', 'platform': 'tiktok_ads', 'rule': 290, 'channel': 'display'},
        {'id': 'session with a known click platform', 'touch_type': 'session', 'platform': 'google_ads', 'referrer_domain': 'google.com', 'has_click_id': true, 'rule': 200, 'channel': 'paid_search'},
        {'id': 'webinar attended', 'touch_type': 'activity', 'activity_type': 'webinar_attended', 'rule': 300, 'channel': 'events'},
        {'id': 'event attended', 'touch_type': 'activity', 'activity_type': 'event_attended', 'rule': 310, 'channel': 'events'},
        {'id': 'sales call', 'touch_type': 'activity', 'activity_type': 'call', 'rule': 320, 'channel': 'sales'},
        {'id': 'sales email', 'touch_type': 'activity', 'activity_type': 'email', 'rule': 330, 'channel': 'sales'},
        {'id': 'sales meeting', 'touch_type': 'activity', 'activity_type': 'meeting', 'rule': 340, 'channel': 'sales'},
        {'id': 'other activity', 'touch_type': 'activity', 'activity_type': 'note', 'rule': 390, 'channel': 'sales'},
        {'id': 'utm paid social', 'touch_type': 'session', 'utm_medium': 'Paid_Social', 'utm_source': 'linkedin', 'rule': 400, 'channel': 'paid_social'},
        {'id': 'fbclid with paid utm_medium is paid social', 'touch_type': 'session', 'utm_medium': 'cpc', 'utm_source': 'newsletter', 'has_click_id': true, 'click_id_parameter': 'fbclid', 'rule': 405, 'channel': 'paid_social'},
        {'id': 'utm cpc from linkedin beats generic cpc', 'touch_type': 'session', 'utm_medium': 'cpc', 'utm_source': 'LinkedIn', 'rule': 410, 'channel': 'paid_social'},
        {'id': 'utm cpc from google', 'touch_type': 'session', 'utm_medium': 'cpc', 'utm_source': 'google', 'referrer_domain': 'google.com', 'rule': 420, 'channel': 'paid_search'},
        {'id': 'utm display', 'touch_type': 'session', 'utm_medium': 'display', 'utm_source': 'dv360', 'rule': 430, 'channel': 'display'},
        {'id': 'utm email', 'touch_type': 'session', 'utm_medium': 'email', 'utm_source': 'hubspot', 'rule': 440, 'channel': 'email'},
        {'id': 'utm social', 'touch_type': 'session', 'utm_medium': 'social', 'utm_source': 'linkedin', 'rule': 450, 'channel': 'organic_social'},
        {'id': 'utm organic', 'touch_type': 'session', 'utm_medium': 'organic', 'utm_source': 'google', 'rule': 460, 'channel': 'organic_search'},
        {'id': 'utm referral', 'touch_type': 'session', 'utm_medium': 'referral', 'utm_source': 'g2', 'rule': 470, 'channel': 'referral'},
        {'id': 'utm webinar', 'touch_type': 'form_submission', 'utm_medium': 'webinar', 'origin_label': 'Direct', 'rule': 480, 'channel': 'events'},
        {'id': 'utm source newsletter without medium', 'touch_type': 'session', 'utm_source': 'newsletter', 'rule': 490, 'channel': 'email'},
        {'id': 'origin paid search', 'touch_type': 'form_submission', 'origin_label': 'Paid Search', 'rule': 500, 'channel': 'paid_search'},
        {'id': 'origin paid social', 'touch_type': 'form_submission', 'origin_label': 'Paid Social', 'rule': 510, 'channel': 'paid_social'},
        {'id': 'origin display', 'touch_type': 'form_submission', 'origin_label': 'Display', 'rule': 520, 'channel': 'display'},
        {'id': 'origin email', 'touch_type': 'form_submission', 'origin_label': 'Email', 'rule': 530, 'channel': 'email'},
        {'id': 'origin organic search over referrer', 'touch_type': 'form_submission', 'origin_label': 'Organic Search', 'referrer_domain': 'partner.io', 'rule': 540, 'channel': 'organic_search'},
        {'id': 'origin organic social', 'touch_type': 'form_submission', 'origin_label': 'Organic Social', 'rule': 550, 'channel': 'organic_social'},
        {'id': 'origin referral', 'touch_type': 'form_submission', 'origin_label': 'Referral', 'rule': 560, 'channel': 'referral'},
        {'id': 'origin events', 'touch_type': 'form_submission', 'origin_label': 'Events', 'rule': 570, 'channel': 'events'},
        {'id': 'origin direct', 'touch_type': 'form_submission', 'origin_label': 'Direct', 'rule': 580, 'channel': 'direct'},
        {'id': 'click id without a known click beats search referrer', 'touch_type': 'session', 'has_click_id': true, 'click_id_parameter': 'gclid', 'referrer_domain': 'google.com', 'rule': 595, 'channel': 'paid_search'},
        {'id': 'click id of unknown parameter is paid search', 'touch_type': 'session', 'has_click_id': true, 'click_id_parameter': 'unknown', 'rule': 595, 'channel': 'paid_search'},
        {'id': 'bare fbclid from facebook is organic social', 'touch_type': 'session', 'has_click_id': true, 'click_id_parameter': 'fbclid', 'referrer_domain': 'l.facebook.com', 'rule': 630, 'channel': 'organic_social'},
        {'id': 'bare li_fat_id falls through to direct', 'touch_type': 'session', 'has_click_id': true, 'click_id_parameter': 'li_fat_id', 'rule': 800, 'channel': 'direct'},
        {'id': 'webmail before search engine', 'touch_type': 'session', 'referrer_domain': 'mail.google.com', 'rule': 600, 'channel': 'email'},
        {'id': 'search engine referrer', 'touch_type': 'session', 'referrer_domain': 'google.co.uk', 'rule': 610, 'channel': 'organic_search'},
        {'id': 'brave search referrer', 'touch_type': 'session', 'referrer_domain': 'search.brave.com', 'rule': 620, 'channel': 'organic_search'},
        {'id': 'social referrer', 'touch_type': 'session', 'referrer_domain': 'l.facebook.com', 'rule': 630, 'channel': 'organic_social'},
        {'id': 'other referrer', 'touch_type': 'session', 'referrer_domain': 'partner.io', 'rule': 690, 'channel': 'referral'},
        {'id': 'internal referrer is not referral', 'touch_type': 'session', 'referrer_domain': 'northwind-analytics.com', 'rule': 800, 'channel': 'direct'},
        {'id': 'internal subdomain referrer', 'touch_type': 'session', 'referrer_domain': 'docs.northwind-analytics.com', 'rule': 800, 'channel': 'direct'},
        {'id': 'session with nothing', 'touch_type': 'session', 'rule': 800, 'channel': 'direct'},
        {'id': 'form with nothing', 'touch_type': 'form_submission', 'rule': 810, 'channel': 'direct'},
        {'id': 'click without platform', 'touch_type': 'ad_click', 'rule': 820, 'channel': 'display'},
        {'id': 'lead source linkedin ads beats linkedin', 'lead_source': 'LinkedIn Ads', 'rule': 900, 'channel': 'paid_social'},
        {'id': 'lead source google ads', 'lead_source': 'Google Ads', 'rule': 910, 'channel': 'paid_search'},
        {'id': 'lead source display', 'lead_source': 'Display campaign', 'rule': 920, 'channel': 'display'},
        {'id': 'lead source linkedin', 'lead_source': 'LinkedIn', 'rule': 930, 'channel': 'organic_social'},
        {'id': 'lead source organic search', 'lead_source': 'Organic Search', 'rule': 940, 'channel': 'organic_search'},
        {'id': 'lead source newsletter', 'lead_source': 'Newsletter', 'rule': 950, 'channel': 'email'},
        {'id': 'lead source seminar is an event, not sem', 'lead_source': 'Seminar', 'rule': 960, 'channel': 'events'},
        {'id': 'lead source trade show', 'lead_source': 'Trade Show', 'rule': 960, 'channel': 'events'},
        {'id': 'lead source partner referral', 'lead_source': 'Partner referral', 'rule': 970, 'channel': 'referral'},
        {'id': 'lead source cold call', 'lead_source': 'Cold Call', 'rule': 980, 'channel': 'sales'},
        {'id': 'lead source website', 'lead_source': ' Website ', 'rule': 990, 'channel': 'direct'},
        {'id': 'lead source unknown', 'lead_source': 'Other', 'rule': none, 'channel': 'other'},
    ] -%}
    {%- for example in examples %}
    select
        '{{ example.id }}' as example_id,
        {%- for column in columns %}
        {%- set value = example.get(column) %}
        {%- if column == 'has_click_id' %}
        {{ 'cast(null as boolean)' if value is none else (value | string | lower) }} as {{ column }},
        {%- else %}
        {{ 'cast(null as ' ~ dbt.type_string() ~ ')' if value is none else "'" ~ value ~ "'" }} as {{ column }},
        {%- endif %}
        {%- endfor %}
        {{ 'cast(null as integer)' if example.rule is none else example.rule }} as expected_rule_order,
        '{{ example.channel }}' as expected_channel
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
