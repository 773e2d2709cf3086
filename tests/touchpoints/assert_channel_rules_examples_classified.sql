{#- Every worked example of the shipped channel rules (macro
    channel_rule_examples) gets the rule and channel it must get through the
    one classifier macro and the real seed: covers every rule and the order
    of overlapping rules. Returns the examples that got something else. -#}

with

examples as (

    {{ channel_rule_examples() }}

),

channels as (

    {{ classify_channel('examples', ['example_id'], {
        'touch_type': 'touch_type',
        'platform': 'platform',
        'has_click_id': 'has_click_id',
        'utm_medium': 'utm_medium',
        'utm_source': 'utm_source',
        'campaign_id': 'campaign_id',
        'campaign_name': 'campaign_name',
        'referrer_domain': 'referrer_domain',
        'origin_label': 'origin_label',
        'activity_type': 'activity_type',
        'lead_source': 'lead_source',
        'click_id_parameter': 'click_id_parameter',
        'campaign_type': 'campaign_type',
    }) }}

),

final as (

    select
        examples.example_id,
        examples.expected_rule_order,
        channels.channel_rule_order,
        examples.expected_channel,
        channels.channel
    from examples
    left join channels
        on examples.example_id = channels.example_id
    where
        channels.channel is null
        or channels.channel <> examples.expected_channel
        or coalesce(channels.channel_rule_order, -1) <> coalesce(examples.expected_rule_order, -1)

)

select * from final
