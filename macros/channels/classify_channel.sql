{#-
    The one channel classifier (docs/metrics.md section 3). Renders a query that
    gives every row of `source_relation` (a CTE or relation with one row per
    `key_columns`, keys never null) its channel: the rules of seed
    `channel_rules` are tried in `rule_order` and the first rule whose every
    non-null condition holds wins; with no matching rule the channel is
    `other`.

    Classify DISTINCT attribute combinations and join the result back: the
    rules are cross joined with the rows given, so give few rows (the distinct
    combinations), not millions.

    `attributes` maps a rule attribute to a SQL expression over the columns
    of `source_relation`; attributes left out are null, and a rule with a
    condition on a null attribute never matches. Attributes:
      touch_type       session | ad_click | form_submission | email_click | activity | any other label
      platform         ad platform (google_ads, ...)             -> platform_pattern
      has_click_id     boolean: an ad click id was present        -> has_click_id
      utm_medium       utm_medium                                 -> utm_medium_pattern
      utm_source       utm_source                                 -> utm_source_pattern
      campaign_id      ad campaign id                             -> campaign_pattern
      campaign_name    campaign name / utm_campaign               -> campaign_pattern
      referrer_domain  normalised referrer domain                 -> referrer_domain_pattern
      origin_label     form tool's origin channel label           -> origin_label_pattern
      activity_type    CRM activity type                          -> activity_type (exact)
      lead_source      CRM lead source (free text)                -> lead_source_pattern
      click_id_parameter  URL parameter that carried the click id
                       (gclid, msclkid, li_fat_id, fbclid, unknown) -> click_id_parameter_pattern
      campaign_type    ad campaign type (SEARCH, DISPLAY, ...)    -> campaign_type_pattern
    Text is compared lower-cased and trimmed; `*_pattern` columns are regular
    expressions matched anywhere in the value (anchor them with ^ and $);
    touch_type and activity_type are compared exactly. `campaign_pattern`
    matches when either the campaign id or the campaign name matches, so that a
    campaign rule applies to the campaign's clicks, sessions and spend alike.
    A referrer on one of the `company_domains` (or a subdomain) is internal
    navigation: it counts as no referrer.
    Besides the seed's rules, one built-in rule (rule_order 190, after the
    seed's campaign-type rules 170 and 180): campaign type PERFORMANCE_MAX
    gives the channel of var `performance_max_channel` (Performance Max
    campaigns serve on search, display, video and more; default
    paid_search).

    Example (spend by platform and campaign):
        with campaigns as (select distinct platform, campaign_id, campaign_name, ...),
        channels as (
            {{ classify_channel('campaigns', ['platform', 'campaign_id'],
                {'platform': 'platform', 'campaign_id': 'campaign_id', 'campaign_name': 'campaign_name'}) }}
        )
    Output columns: the key columns, `channel`, `channel_rule_order` (the rule
    that decided; null for the `other` fallback).
-#}
{% macro classify_channel(source_relation, key_columns, attributes) -%}
    {%- set text_attributes = ['touch_type', 'platform', 'utm_medium', 'utm_source', 'campaign_id',
        'campaign_name', 'referrer_domain', 'origin_label', 'activity_type', 'lead_source',
        'click_id_parameter', 'campaign_type'] -%}
    {%- set channels = ['paid_search', 'paid_social', 'display', 'email', 'organic_search', 'organic_social',
        'referral', 'direct', 'events', 'sales', 'other'] -%}
    {%- if var('performance_max_channel', 'paid_search') not in channels -%}
        {%- do exceptions.raise_compiler_error("var performance_max_channel must be one of " ~ channels | join(', ')
            ~ ", not '" ~ var('performance_max_channel') ~ "'") -%}
    {%- endif -%}
    {%- for name in attributes if name not in text_attributes and name != 'has_click_id' -%}
        {%- do exceptions.raise_compiler_error("classify_channel: unknown attribute '" ~ name ~ "'") -%}
    {%- endfor -%}
    select
        {%- for key in key_columns %}
        candidates.{{ key }},
        {%- endfor %}
        coalesce(best_rule.channel, 'other') as channel,
        best_rule.rule_order as channel_rule_order
    from {{ source_relation }} as candidates
    left join (
        select
            {%- for key in key_columns %}
            ranked.{{ key }},
            {%- endfor %}
            ranked.channel,
            ranked.rule_order
        from (
            select
                {%- for key in key_columns %}
                attrs.{{ key }},
                {%- endfor %}
                rules.channel,
                rules.rule_order,
                row_number() over (
                    partition by {% for key in key_columns %}attrs.{{ key }}{% if not loop.last %}, {% endif %}{% endfor %}
                    order by rules.rule_order
                ) as rule_rank
            from (
                select
                    {%- for key in key_columns %}
                    {{ key }},
                    {%- endfor %}
                    {%- for name in text_attributes if name != 'referrer_domain' %}
                    {%- if name in attributes %}
                    lower(trim(cast({{ attributes[name] }} as {{ dbt.type_string() }}))) as attr_{{ name }},
                    {%- else %}
                    cast(null as {{ dbt.type_string() }}) as attr_{{ name }},
                    {%- endif %}
                    {%- endfor %}
                    {%- if 'referrer_domain' in attributes %}
                    case
                        when {{ is_company_domain('lower(trim(' ~ attributes['referrer_domain'] ~ '))') }} then null
                        else lower(trim({{ attributes['referrer_domain'] }}))
                    end as attr_referrer_domain,
                    {%- else %}
                    cast(null as {{ dbt.type_string() }}) as attr_referrer_domain,
                    {%- endif %}
                    {%- if 'has_click_id' in attributes %}
                    {{ attributes['has_click_id'] }} as attr_has_click_id
                    {%- else %}
                    cast(null as boolean) as attr_has_click_id
                    {%- endif %}
                from {{ source_relation }}
            ) as attrs
            cross join (
                select
                    rule_order,
                    touch_type,
                    platform_pattern,
                    has_click_id,
                    utm_medium_pattern,
                    utm_source_pattern,
                    campaign_pattern,
                    referrer_domain_pattern,
                    origin_label_pattern,
                    activity_type,
                    lead_source_pattern,
                    click_id_parameter_pattern,
                    campaign_type_pattern,
                    channel
                from {{ ref('channel_rules') }}
                union all
                -- the built-in Performance Max rule (var performance_max_channel)
                select
                    190 as rule_order,
                    {%- for column in ['touch_type', 'platform_pattern'] %}
                    cast(null as {{ dbt.type_string() }}) as {{ column }},
                    {%- endfor %}
                    cast(null as boolean) as has_click_id,
                    {%- for column in ['utm_medium_pattern', 'utm_source_pattern', 'campaign_pattern',
                        'referrer_domain_pattern', 'origin_label_pattern', 'activity_type', 'lead_source_pattern',
                        'click_id_parameter_pattern'] %}
                    cast(null as {{ dbt.type_string() }}) as {{ column }},
                    {%- endfor %}
                    '^performance_max$' as campaign_type_pattern,
                    '{{ var("performance_max_channel", "paid_search") }}' as channel
            ) as rules
            where
                (rules.touch_type is null or rules.touch_type = attrs.attr_touch_type)
                and (rules.activity_type is null or rules.activity_type = attrs.attr_activity_type)
                and (rules.has_click_id is null or rules.has_click_id = attrs.attr_has_click_id)
                {%- for attribute, pattern in [
                    ('platform', 'platform_pattern'),
                    ('utm_medium', 'utm_medium_pattern'),
                    ('utm_source', 'utm_source_pattern'),
                    ('referrer_domain', 'referrer_domain_pattern'),
                    ('origin_label', 'origin_label_pattern'),
                    ('lead_source', 'lead_source_pattern'),
                    ('click_id_parameter', 'click_id_parameter_pattern'),
                    ('campaign_type', 'campaign_type_pattern'),
                ] %}
                and (
                    rules.{{ pattern }} is null
                    or coalesce({{ regexp_like_seed_pattern(
                        'attrs.attr_' ~ attribute, 'channel_rules', 'rules', 'rule_order', pattern) }}, false)
                )
                {%- endfor %}
                and (
                    rules.campaign_pattern is null
                    or coalesce({{ regexp_like_seed_pattern(
                        'attrs.attr_campaign_id', 'channel_rules', 'rules', 'rule_order', 'campaign_pattern') }}, false)
                    or coalesce({{ regexp_like_seed_pattern(
                        'attrs.attr_campaign_name', 'channel_rules', 'rules', 'rule_order', 'campaign_pattern') }}, false)
                )
        ) as ranked
        where ranked.rule_rank = 1
    ) as best_rule
        on
        {%- for key in key_columns %}
            {% if not loop.first %}and {% endif %}candidates.{{ key }} = best_rule.{{ key }}
        {%- endfor %}
{%- endmacro %}
