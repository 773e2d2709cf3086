{#- The null rule of the marts, checked on every cost ratio and rate of the
    spend marts, written out here without the `safe_ratio` macro: a ratio
    is null exactly when its numerator or denominator is null or its
    denominator is 0; spend is null for a channel (campaign) without a cost
    source and known (0 or more) for one with a cost source unless an
    amount lacks a currency rate or is quarantined. Returns the offending
    rows with the name of the check. -#}

{%- set ratio_checks = [
    ('rpt_channel_metrics_monthly', ['ctr', 'clicks', 'impressions']),
    ('rpt_channel_metrics_monthly', ['cpc', 'spend', 'clicks']),
    ('rpt_channel_metrics_monthly', ['cpl', 'spend', 'leads']),
    ('rpt_channel_metrics_monthly', ['cost_per_mql', 'spend', 'mqls']),
    ('rpt_channel_metrics_monthly', ['cost_per_sql', 'spend', 'sqls']),
    ('rpt_channel_metrics_monthly', ['cac', 'spend', 'new_customers']),
    ('rpt_channel_metrics_monthly', ['visit_to_lead_rate', 'visitors_with_form_submission', 'visitors']),
    ('rpt_campaign_metrics_monthly', ['ctr', 'clicks', 'impressions']),
    ('rpt_campaign_metrics_monthly', ['cpc', 'spend', 'clicks']),
    ('rpt_campaign_metrics_monthly', ['cpl', 'spend', 'leads']),
    ('rpt_attribution_by_channel_monthly', ['roas', 'attributed_revenue', 'spend']),
    ('rpt_attribution_by_channel_monthly', ['roi_pct', 'attributed_revenue', 'spend']),
] -%}

{%- set keys = {
    'rpt_channel_metrics_monthly': "cast(month as " ~ dbt.type_string() ~ ") || ' ' || channel",
    'rpt_campaign_metrics_monthly': "cast(month as " ~ dbt.type_string() ~ ") || ' ' || platform || ' ' || campaign_id",
    'rpt_attribution_by_channel_monthly': "cast(month as " ~ dbt.type_string() ~ ") || ' ' || channel || ' ' || model",
} -%}

with

channel_metrics as (

    select * from {{ ref('rpt_channel_metrics_monthly') }}

),

campaign_metrics as (

    select * from {{ ref('rpt_campaign_metrics_monthly') }}

),

attribution as (

    select * from {{ ref('rpt_attribution_by_channel_monthly') }}

),

{%- set sources = {
    'rpt_channel_metrics_monthly': 'channel_metrics',
    'rpt_campaign_metrics_monthly': 'campaign_metrics',
    'rpt_attribution_by_channel_monthly': 'attribution',
} %}

offending as (

    {%- for model, check in ratio_checks %}
    {%- set ratio, numerator, denominator = check %}
    select
        '{{ model }}' as model_name,
        {{ keys[model] }} as row_key,
        '{{ ratio }} = {{ numerator }} / {{ denominator }}' as check_name
    from {{ sources[model] }}
    where
        ({{ ratio }} is null)
        <> ({{ numerator }} is null or {{ denominator }} is null or {{ denominator }} = 0)
    union all
    {%- endfor %}

    {%- for model in sources %}
    select
        '{{ model }}' as model_name,
        {{ keys[model] }} as row_key,
        'spend is null without a cost source' as check_name
    from {{ sources[model] }}
    where not has_cost_source and spend is not null
    union all
    {%- endfor %}

    {%- for model in ['rpt_channel_metrics_monthly', 'rpt_campaign_metrics_monthly'] %}
    select
        '{{ model }}' as model_name,
        {{ keys[model] }} as row_key,
        'spend is known with a cost source and every currency rate' as check_name
    from {{ sources[model] }}
    where has_cost_source and not has_missing_currency_rate and not has_quarantined_spend and spend is null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from offending
