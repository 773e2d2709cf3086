{%- set crm = var('crm_source', 'files') %}
{%- set forms = var('forms_source', none) or var('web_source', 'files') %}
{%- set crm_native = crm in ['hubspot', 'salesforce'] %}
{%- set forms_native = forms in ['hubspot', 'segment'] %}
{{ config(enabled=crm_native or forms_native) }}

{#- Labels of the systems read natively (vars crm_source, forms_source /
    web_source) that the seeds do not map yet, one row per label with the
    number of native rows that carry it: read from the adapters' output
    (what staging reads) and compared with the seeds the base models and
    the adapters use, the way they match (lower-cased and trimmed).
    - lifecycle stage labels (seed lifecycle_stages; staging rejects the
      change as unknown_lifecycle_stage);
    - deal stage labels of deals and deal stage changes (seed deal_stages;
      rejected as unknown_deal_stage);
    - pipelines: a value passed through by the adapter, not one of the
      pipelines of seed hubspot_deal_pipelines / salesforce_opportunity_types
      (such deals are never attributed);
    - Salesforce campaign types not in seed salesforce_campaign_types (their
      members are no activity, their cost no marketing cost);
    - lead sources no rule of seed channel_rules classifies (channel
      `other` by fallback);
    - form names (HubSpot or Segment forms) not in seed form_intents (intent
      `unknown`). -#}
{%- set pipeline_seed = 'hubspot_deal_pipelines' if crm == 'hubspot' else 'salesforce_opportunity_types' %}

with

{%- if crm_native %}

lifecycle_changes as (

    select * from {{ ref('native_' ~ crm ~ '__crm_lifecycle_stage_changes') }}

),

deals as (

    select * from {{ ref('native_' ~ crm ~ '__crm_deals') }}

),

deal_stage_changes as (

    select * from {{ ref('native_' ~ crm ~ '__crm_deal_stage_changes') }}

),

contacts as (

    select * from {{ ref('native_' ~ crm ~ '__crm_contacts') }}

),

lifecycle_stages as (

    select * from {{ ref('lifecycle_stages') }}

),

deal_stages as (

    select * from {{ ref('deal_stages') }}

),

pipelines as (

    select distinct pipeline from {{ ref(pipeline_seed) }}

),
{%- endif %}

{%- if crm == 'salesforce' %}

campaign as (

    select * from {{ source('salesforce', 'campaign') }}
    where {{ fivetran_active_version() }}

),

campaign_types as (

    select * from {{ ref('salesforce_campaign_types') }}

),
{%- endif %}

{%- if forms_native %}

form_submissions as (

    select * from {{ ref('native_' ~ forms ~ '__web_form_submissions') }}

),

form_intents as (

    select * from {{ ref('form_intents') }}

),
{%- endif %}

{%- if crm_native %}

lifecycle_labels as (

    select
        '{{ crm }}' as native_source,
        'lifecycle_stage' as label_kind,
        'lifecycle_stages' as seed_name,
        lower(trim(lifecycle_changes.lifecycle_stage)) as label
    from lifecycle_changes
    where
        nullif(trim(lifecycle_changes.lifecycle_stage), '') is not null
        and lower(trim(lifecycle_changes.lifecycle_stage)) not in (
            select lifecycle_stages.label from lifecycle_stages
        )

),

deal_stage_labels as (

    select
        '{{ crm }}' as native_source,
        'deal_stage' as label_kind,
        'deal_stages' as seed_name,
        lower(trim(stage_rows.deal_stage)) as label
    from (
        select deals.deal_stage from deals
        union all
        select deal_stage_changes.deal_stage from deal_stage_changes
    ) as stage_rows
    where
        nullif(trim(stage_rows.deal_stage), '') is not null
        and lower(trim(stage_rows.deal_stage)) not in (select deal_stages.label from deal_stages)

),

pipeline_labels as (

    select
        '{{ crm }}' as native_source,
        'pipeline' as label_kind,
        '{{ pipeline_seed }}' as seed_name,
        lower(trim(deals.pipeline)) as label
    from deals
    where
        nullif(trim(deals.pipeline), '') is not null
        and lower(trim(deals.pipeline)) not in (
            select pipelines.pipeline from pipelines
            where pipelines.pipeline is not null
        )

),

lead_sources as (

    select distinct lower(trim(contacts.lead_source)) as lead_source
    from contacts
    where nullif(trim(contacts.lead_source), '') is not null

),

lead_source_channels as (

    {{ classify_channel('lead_sources', ['lead_source'], {'lead_source': 'lead_source'}) }}

),

lead_source_labels as (

    select
        '{{ crm }}' as native_source,
        'lead_source' as label_kind,
        'channel_rules' as seed_name,
        lower(trim(contacts.lead_source)) as label
    from contacts
    inner join lead_source_channels
        on lower(trim(contacts.lead_source)) = lead_source_channels.lead_source
    -- no rule decided: the channel is `other` by fallback
    where lead_source_channels.channel_rule_order is null

),
{%- endif %}

{%- if crm == 'salesforce' %}

campaign_type_labels as (

    select
        'salesforce' as native_source,
        'campaign_type' as label_kind,
        'salesforce_campaign_types' as seed_name,
        lower(trim(cast(campaign.type as {{ dbt.type_string() }}))) as label
    from campaign
    where
        not {{ parse_bool('cast(campaign.is_deleted as ' ~ dbt.type_string() ~ ')') }}
        and nullif(trim(cast(campaign.type as {{ dbt.type_string() }})), '') is not null
        and lower(trim(cast(campaign.type as {{ dbt.type_string() }}))) not in (
            select campaign_types.campaign_type from campaign_types
        )

),
{%- endif %}

{%- if forms_native %}

form_name_labels as (

    select
        '{{ forms }}' as native_source,
        'form_name' as label_kind,
        'form_intents' as seed_name,
        lower(trim(form_submissions.form_name)) as label
    from form_submissions
    where
        nullif(trim(form_submissions.form_name), '') is not null
        and lower(trim(form_submissions.form_name)) not in (select form_intents.form_name from form_intents)

),
{%- endif %}

{%- set parts = [] %}
{%- if crm_native %}{% do parts.extend(['lifecycle_labels', 'deal_stage_labels', 'pipeline_labels',
    'lead_source_labels']) %}{% endif %}
{%- if crm == 'salesforce' %}{% do parts.append('campaign_type_labels') %}{% endif %}
{%- if forms_native %}{% do parts.append('form_name_labels') %}{% endif %}

unioned as (

    {%- for part in parts %}
    select * from {{ part }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        -- ids
        native_source,
        label_kind,
        label,

        -- where to add it
        seed_name,

        -- counts
        cast(count(*) as {{ dbt.type_bigint() }}) as native_row_count

    from unioned
    group by
        native_source,
        label_kind,
        label,
        seed_name

)

select * from final
