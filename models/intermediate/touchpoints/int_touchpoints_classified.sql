{{ config(materialized='table') }}

{#- Every touchpoint with its channel (seed channel_rules through the one
    classifier macro, applied to the distinct attribute combinations and
    joined back), its category and its source and campaign labels. -#}

{%- set event_activity_types = "'" ~ (var('event_activity_types') | join("', '")) ~ "'" %}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_unioned') }}

),

keyed as (

    select
        *,
        {{ row_hash([
            'touch_type', 'platform', 'click_id is not null', 'utm_medium', 'utm_source', 'campaign_id',
            'utm_campaign', 'campaign_name', 'referrer_domain', 'origin_channel_label', 'activity_type',
        ]) }} as channel_key
    from touchpoints

),

channel_attributes as (

    select distinct
        channel_key,
        touch_type,
        platform,
        click_id is not null as has_click_id,
        utm_medium,
        utm_source,
        campaign_id,
        coalesce(campaign_name, utm_campaign) as campaign_name,
        utm_campaign,
        referrer_domain,
        origin_channel_label,
        activity_type
    from keyed

),

channels as (

    {{ classify_channel('channel_attributes', ['channel_key'], {
        'touch_type': 'touch_type',
        'platform': 'platform',
        'has_click_id': 'has_click_id',
        'utm_medium': 'utm_medium',
        'utm_source': 'utm_source',
        'campaign_id': 'campaign_id',
        'campaign_name': 'campaign_name',
        'referrer_domain': 'referrer_domain',
        'origin_label': 'origin_channel_label',
        'activity_type': 'activity_type',
    }) }}

),

final as (

    select
        -- ids
        keyed.touchpoint_id,
        keyed.account_id,
        keyed.contact_id,
        keyed.anonymous_id,

        -- classification
        keyed.touch_type,
        case
            when keyed.touch_type <> 'activity' then 'marketing'
            when keyed.activity_type in ({{ event_activity_types }}) then 'event'
            else 'sales'
        end as touch_category,
        channels.channel,
        channels.channel_rule_order,
        case
            when keyed.touch_type = 'activity' then 'crm'
            else coalesce(
                keyed.utm_source,
                keyed.platform,
                keyed.origin_source,
                case
                    when not coalesce({{ is_company_domain('keyed.referrer_domain') }}, false)
                        then keyed.referrer_domain
                end
            )
        end as source,
        coalesce(keyed.campaign_id, keyed.utm_campaign) as campaign,

        -- attributes
        keyed.platform,
        keyed.campaign_id,
        keyed.campaign_name,
        keyed.utm_source,
        keyed.utm_medium,
        keyed.utm_campaign,
        keyed.referrer_domain,
        keyed.origin_channel_label,
        keyed.form_name,
        keyed.submission_id,
        keyed.activity_id,
        keyed.activity_type,
        keyed.click_id,
        keyed.session_id,
        keyed.session_page_views,

        -- flags
        keyed.is_click_session_merged,

        -- timestamps
        keyed.occurred_at

    from keyed
    inner join channels
        on keyed.channel_key = channels.channel_key

)

select * from final
