{{ config(materialized='table') }}

{#- Every touchpoint with its channel (seed channel_rules through the one
    classifier macro, applied to the distinct attribute combinations and
    joined back), its category and its source and campaign labels. -#}

{%- set event_activity_types = "'" ~ (var('event_activity_types') | join("', '")) ~ "'" %}
{#- The attributes the channel rules read (has_click_id is derived from
    click_id); the distinct combinations are numbered and joined back on these. -#}
{%- set channel_attribute_columns = [
    'touch_type', 'platform', 'utm_medium', 'utm_source', 'campaign_id', 'campaign_name',
    'utm_campaign', 'referrer_domain', 'origin_channel_label', 'activity_type',
] %}

with

touchpoints as {{ cte_not_materialized() }} (

    select * from {{ ref('int_touchpoints_unioned') }}

),

channel_attributes as (

    -- the distinct attribute combinations the rules look at, numbered: the
    -- rules are applied to these few rows and joined back on the attributes
    -- themselves (no per-row hash over millions of touchpoints)
    select
        row_number() over (
            order by has_click_id, {{ channel_attribute_columns | join(', ') }}
        ) as channel_key,
        {%- for column in channel_attribute_columns %}
        {{ column }},
        {%- endfor %}
        has_click_id
    from (
        select distinct
            {%- for column in channel_attribute_columns %}
            {{ column }},
            {%- endfor %}
            click_id is not null as has_click_id
        from touchpoints
    ) as combinations

),

channels as (

    {{ classify_channel('channel_attributes', ['channel_key'], {
        'touch_type': 'touch_type',
        'platform': 'platform',
        'has_click_id': 'has_click_id',
        'utm_medium': 'utm_medium',
        'utm_source': 'utm_source',
        'campaign_id': 'campaign_id',
        'campaign_name': 'coalesce(campaign_name, utm_campaign)',
        'referrer_domain': 'referrer_domain',
        'origin_label': 'origin_channel_label',
        'activity_type': 'activity_type',
    }) }}

),

final as (

    select
        -- ids
        touchpoints.touchpoint_id,
        touchpoints.account_id,
        touchpoints.contact_id,
        touchpoints.anonymous_id,

        -- classification
        touchpoints.touch_type,
        case
            when touchpoints.touch_type <> 'activity' then 'marketing'
            when touchpoints.activity_type in ({{ event_activity_types }}) then 'event'
            else 'sales'
        end as touch_category,
        channels.channel,
        channels.channel_rule_order,
        case
            when touchpoints.touch_type = 'activity' then 'crm'
            else coalesce(
                touchpoints.utm_source,
                touchpoints.platform,
                touchpoints.origin_source,
                case
                    when not coalesce({{ is_company_domain('touchpoints.referrer_domain') }}, false)
                        then touchpoints.referrer_domain
                end
            )
        end as source,
        coalesce(touchpoints.campaign_id, touchpoints.utm_campaign) as campaign,

        -- attributes
        touchpoints.platform,
        touchpoints.campaign_id,
        touchpoints.campaign_name,
        touchpoints.utm_source,
        touchpoints.utm_medium,
        touchpoints.utm_campaign,
        touchpoints.referrer_domain,
        touchpoints.origin_channel_label,
        touchpoints.form_name,
        touchpoints.submission_id,
        touchpoints.activity_id,
        touchpoints.activity_type,
        touchpoints.click_id,
        touchpoints.session_id,
        touchpoints.session_page_views,

        -- flags
        touchpoints.is_click_session_merged,

        -- timestamps
        touchpoints.occurred_at

    from touchpoints
    inner join channel_attributes
        on
            (touchpoints.click_id is not null) = channel_attributes.has_click_id
            {%- for column in channel_attribute_columns %}
            and touchpoints.{{ column }} is not distinct from channel_attributes.{{ column }}
            {%- endfor %}
    inner join channels
        on channel_attributes.channel_key = channels.channel_key

)

select * from final
