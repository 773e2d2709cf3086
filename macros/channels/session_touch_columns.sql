{#- The columns of a session touch; the campaign's three columns
    (platform, campaign_id, campaign_name) are the branch's: a session of
    int_touchpoints_unioned takes them from its click id or leaves them
    null. Reads the relation `sessions`. -#}
{% macro session_touch_columns(campaign_columns) -%}
sessions.session_id as touchpoint_id,
        'session' as touch_type,
        sessions.started_at as occurred_at,
        sessions.anonymous_id,
        'browser_first' as identity_rule,
        cast(null as {{ dbt.type_string() }}) as own_contact_id,
        cast(null as {{ dbt.type_string() }}) as own_account_id,
        {{ campaign_columns }},
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        sessions.referrer_domain,
        cast(null as {{ dbt.type_string() }}) as origin_channel_label,
        cast(null as {{ dbt.type_string() }}) as origin_source,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        cast(null as {{ dbt.type_string() }}) as form_name,
        cast(null as {{ dbt.type_string() }}) as submission_id,
        cast(null as {{ dbt.type_string() }}) as activity_id,
        sessions.click_id,
        sessions.click_id_parameter,
        sessions.session_id,
        sessions.page_view_count as session_page_views,
        false as is_click_session_merged
{%- endmacro %}
