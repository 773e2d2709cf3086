{{ config(materialized='table') }}

{#- One row per CRM contact (deleted ones included, flagged): its
    acquisition channel (docs/metrics.md section 5) and the touchpoint that
    decided it.
    - The channel of its earliest touchpoint (time, then touchpoint id) at
      or before its `mql_at`; for a contact that reached `lead` but not
      `mql`, at or before its `lead_at`; for a contact with neither (a
      subscriber, or no lifecycle stage yet), its earliest touchpoint
      whatever its time (every touchpoint is at or before the as-of time).
    - Else its CRM `lead_source` mapped by the channel rules (macro
      `classify_channel`, lead-source rules of seed `channel_rules`).
    - Else `other`. -#}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

anchored_contacts as (

    select
        contacts.contact_id,
        contacts.lead_source,
        contacts.is_deleted,
        case
            when contact_stages.mql_at is not null then 'mql_at'
            when contact_stages.lead_at is not null then 'lead_at'
            else 'none'
        end as acquisition_anchor,
        coalesce(contact_stages.mql_at, contact_stages.lead_at) as acquisition_anchor_at
    from contacts
    left join contact_stages
        on contacts.contact_id = contact_stages.contact_id

),

ranked_touches as (

    select
        anchored_contacts.contact_id,
        touchpoints.touchpoint_id,
        touchpoints.touch_type,
        touchpoints.channel,
        touchpoints.source,
        touchpoints.campaign,
        touchpoints.occurred_at,
        row_number() over (
            partition by anchored_contacts.contact_id
            order by touchpoints.occurred_at, touchpoints.touchpoint_id
        ) as touch_rank
    from anchored_contacts
    inner join touchpoints
        on anchored_contacts.contact_id = touchpoints.contact_id
    where
        anchored_contacts.acquisition_anchor_at is null
        or touchpoints.occurred_at <= anchored_contacts.acquisition_anchor_at

),

lead_sources as (

    select distinct lead_source
    from contacts
    where lead_source is not null

),

lead_source_channels as (

    {{ classify_channel('lead_sources', ['lead_source'], {'lead_source': 'lead_source'}) }}

),

final as (

    select
        -- ids
        anchored_contacts.contact_id,
        first_touches.touchpoint_id as acquisition_touchpoint_id,

        -- acquisition
        coalesce(
            first_touches.channel,
            case when lead_source_channels.channel_rule_order is not null then lead_source_channels.channel end,
            'other'
        ) as acquisition_channel,
        case
            when first_touches.touchpoint_id is not null then 'touchpoint'
            when lead_source_channels.channel_rule_order is not null then 'crm_lead_source'
            else 'default'
        end as acquisition_basis,
        first_touches.touch_type as acquisition_touch_type,
        first_touches.source as acquisition_source,
        first_touches.campaign as acquisition_campaign,
        anchored_contacts.lead_source,
        anchored_contacts.acquisition_anchor,

        -- flags
        anchored_contacts.is_deleted,

        -- timestamps
        first_touches.occurred_at as acquisition_touch_at,
        anchored_contacts.acquisition_anchor_at

    from anchored_contacts
    left join ranked_touches as first_touches
        on
            anchored_contacts.contact_id = first_touches.contact_id
            and first_touches.touch_rank = 1
    left join lead_source_channels
        on anchored_contacts.lead_source = lead_source_channels.lead_source

)

select * from final
