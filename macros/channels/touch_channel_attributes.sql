{#- The touchpoint columns the channel rules read (has_click_id is derived
    from click_id; a campaign's type is looked up by platform and campaign_id): the distinct combinations of these are classified in
    int_channel_attributes_classified, and int_touchpoints_sequenced joins
    every touchpoint back to its combination on them. -#}
{% macro touch_channel_attributes() -%}
    {{ return([
        'touch_type', 'platform', 'utm_medium', 'utm_source', 'campaign_id', 'campaign_name',
        'utm_campaign', 'referrer_domain', 'origin_channel_label', 'activity_type', 'click_id_parameter',
    ]) }}
{%- endmacro %}
