{{ config(materialized='table') }}

{#- One row per distinct combination of the touch attributes the channel
    rules read (macro touch_channel_attributes, and whether a click id is
    present), numbered, with the type of its ad campaign, with the channel the seed channel_rules give it
    through the one classifier macro. The rules run on these few hundred
    rows, not on every touchpoint: int_touchpoints_sequenced joins each
    touchpoint back on the attributes themselves.
    A table of its own, so that the join back knows how small it is: as a
    CTE, the optimiser took the distinct combinations for as many rows as
    the touchpoints and built its hash table on the touchpoints instead
    (it spilled, then ran out of memory: docs/scale.md, section Model
    designs chosen for speed or memory). -#}

{%- set attribute_columns = touch_channel_attributes() %}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_unioned') }}

),

-- the type of each ad campaign (e.g. Google Ads' SEARCH, DISPLAY): a rule
-- input of the campaign's clicks and sessions, as of its spend
campaigns as (

    select * from {{ ref('int_ad_campaigns_named') }}

),

combinations as (

    select distinct
        {%- for column in attribute_columns %}
        {{ column }},
        {%- endfor %}
        click_id is not null as has_click_id
    from touchpoints

),

channel_attributes as (

    select
        row_number() over (
            order by has_click_id, {{ attribute_columns | join(', ') }}
        ) as channel_key,
        {%- for column in attribute_columns %}
        {{ column }},
        {%- endfor %}
        has_click_id
    from combinations

),

channel_attributes_typed as (

    select
        channel_attributes.*,
        campaigns.campaign_type
    from channel_attributes
    left join campaigns
        on
            channel_attributes.platform = campaigns.platform
            and channel_attributes.campaign_id = campaigns.campaign_id

),

channels as (

    {{ classify_channel('channel_attributes_typed', ['channel_key'], {
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
        'click_id_parameter': 'click_id_parameter',
        'campaign_type': 'campaign_type',
    }) }}

),

final as (

    select
        -- ids
        channel_attributes.channel_key,

        -- attributes the rules read
        {%- for column in attribute_columns %}
        channel_attributes.{{ column }},
        {%- endfor %}
        channel_attributes.has_click_id,
        channel_attributes.campaign_type,

        -- classification
        channels.channel,
        channels.channel_rule_order

    from channel_attributes_typed as channel_attributes
    inner join channels
        on channel_attributes.channel_key = channels.channel_key

)

select * from final
