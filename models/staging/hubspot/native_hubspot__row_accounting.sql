{#- What became of every landed row of HubSpot's driving tables: per native
    table and the contract table it feeds, the rows emitted and the rows the
    adapter drops or folds, counted per reason (stg_audit__native_row_counts,
    test native_rows_accounted). Each landed row gets one outcome, the first
    reason in the order the adapter applies its joins and filters; rows that
    several landed rows become one (a distinct) count the first as emitted,
    the others as repeated. The CRM tables are counted when HubSpot is the
    CRM, the form submissions when forms come from HubSpot, the email events
    when they come from HubSpot (var email_source). #}
{%- set text = dbt.type_string() %}
{%- set bigint = dbt.type_bigint() %}
{%- set crm = var('crm_source', 'files') == 'hubspot' %}
{%- set forms = contract_table_supplier('web_form_submissions') == 'hubspot' %}
{%- set email = contract_table_supplier('email_events') == 'hubspot' %}

with

{% if crm %}
company as (

    select * from {{ source('hubspot', 'company') }}

),

contact as (

    select * from {{ source('hubspot', 'contact') }}

),

history as (

    select * from {{ source('hubspot', 'contact_property_history') }}

),

deal as (

    select * from {{ source('hubspot', 'deal') }}

),

deal_stage as (

    select * from {{ source('hubspot', 'deal_stage') }}

),

stages as (

    select * from {{ source('hubspot', 'deal_pipeline_stage') }}

),

merged_deals as (

    select * from {{ source('hubspot', 'merged_deal') }}

),

engagement as (

    select * from {{ source('hubspot', 'engagement') }}

),

calls as (

    select * from {{ source('hubspot', 'engagement_call') }}

),

emails as (

    select * from {{ source('hubspot', 'engagement_email') }}

),

meetings as (

    select * from {{ source('hubspot', 'engagement_meeting') }}

),

engagement_contacts as (

    select * from {{ source('hubspot', 'engagement_contact') }}

),

engagement_companies as (

    select * from {{ source('hubspot', 'engagement_company') }}

),

contact_merges as (

    select * from {{ ref('native_hubspot__contact_merges') }}

),

accounts_emitted as (

    select * from {{ ref('native_hubspot__crm_accounts') }}

),

contacts_emitted as (

    select * from {{ ref('native_hubspot__crm_contacts') }}

),

lifecycle_changes_emitted as (

    select * from {{ ref('native_hubspot__crm_lifecycle_stage_changes') }}

),

deals_emitted as (

    select * from {{ ref('native_hubspot__crm_deals') }}

),

deal_stage_changes_emitted as (

    select * from {{ ref('native_hubspot__crm_deal_stage_changes') }}

),

activities_emitted as (

    select * from {{ ref('native_hubspot__crm_activities') }}

),
{% endif %}
{% if forms %}
submission as (

    select * from {{ source('hubspot', 'contact_form_submission') }}

),

form_submissions_emitted as (

    select * from {{ ref('native_hubspot__web_form_submissions') }}

),
{% endif %}
{% if email %}
email_event as (

    select * from {{ source('hubspot', 'email_event') }}

),

email_status_changes as (

    select * from {{ source('hubspot', 'email_event_status_change') }}

),

email_events_emitted as (

    select * from {{ ref('native_hubspot__email_events') }}

),
{% endif %}
{% if crm %}
-- companies are never dropped: merged-away and deleted ones are flagged
account_outcomes as (

    select cast(null as {{ text }}) as row_outcome
    from company

),

-- a contact listed on a survivor's merged ids is dropped (folded into it)
contact_outcomes as (

    select case when contact_merges.loser_contact_id is not null then 'merge_loser' end as row_outcome
    from contact
    left join contact_merges on cast(contact.id as {{ text }}) = contact_merges.loser_contact_id

),

-- the adapter's stage value of each history row, keyed as it keys the contract row
history_values as (

    select
        history.name as property_name,
        coalesce(contact_merges.survivor_contact_id, cast(history.contact_id as {{ text }})) as contact_id,
        case
            when history.name = 'lifecyclestage' then cast(history.value as {{ text }})
            when upper(trim(cast(history.value as {{ text }}))) = 'UNQUALIFIED' then 'unqualified'
        end as lifecycle_stage,
        cast(history.{{ adapter.quote('timestamp') }} as {{ text }}) as changed_at
    from history
    left join contact_merges on cast(history.contact_id as {{ text }}) = contact_merges.loser_contact_id

),

history_dropped as (

    select
        contact_id,
        lifecycle_stage,
        changed_at,
        case
            when property_name is null or property_name not in ('lifecyclestage', 'hs_lead_status')
                then 'property_other_than_stage'
            when property_name = 'hs_lead_status' and lifecycle_stage is null
                then 'lead_status_other_than_unqualified'
            when nullif(trim(lifecycle_stage), '') is null then 'blank_stage'
            when lower(trim(lifecycle_stage)) = 'other' then 'other_stage'
        end as dropped_for
    from history_values

),

-- the adapter's distinct: the same contact, stage and time again is one change
history_outcomes as (

    select
        coalesce(
            dropped_for,
            case
                when row_number() over (
                    partition by dropped_for, contact_id, lifecycle_stage, changed_at
                    order by contact_id
                ) = 1 then 'emitted'
                else 'repeated_history_row'
            end
        ) as row_outcome
    from history_dropped

),

-- deals are never dropped: merged-away and deleted ones are flagged
deal_outcomes as (

    select cast(null as {{ text }}) as row_outcome
    from deal

),

merged_away as (

    select distinct cast(merged_deal_id as {{ text }}) as deal_id
    from merged_deals
    where merged_deal_id is not null

),

merged_away_count as (

    select count(*) as merged_deals from merged_away

),

-- one label per stage id (a repeated stage id multiplies the adapter's rows,
-- which the test then reports)
stage_labels as (

    select
        cast(stage_id as {{ text }}) as stage_id,
        min(cast(label as {{ text }})) as label
    from stages
    group by cast(stage_id as {{ text }})

),

deal_stage_dropped as (

    select
        cast(deal_stage.deal_id as {{ text }}) as deal_id,
        coalesce(stage_labels.label, cast(deal_stage.value as {{ text }})) as deal_stage,
        cast(coalesce(deal_stage.date_entered, deal_stage._fivetran_start) as {{ text }}) as entered_at,
        case
            when merged_away.deal_id is not null then 'merged_away_deal'
            -- the adapter's `not in` the merged deals is never true for a null id
            when deal_stage.deal_id is null and merged_away_count.merged_deals > 0 then 'no_deal_id'
        end as dropped_for
    from deal_stage
    cross join merged_away_count
    left join merged_away on cast(deal_stage.deal_id as {{ text }}) = merged_away.deal_id
    left join stage_labels on cast(deal_stage.value as {{ text }}) = stage_labels.stage_id

),

-- the adapter's distinct: the same deal, stage and time again is one stage entered
deal_stage_outcomes as (

    select
        coalesce(
            dropped_for,
            case
                when row_number() over (
                    partition by dropped_for, deal_id, deal_stage, entered_at
                    order by deal_id
                ) = 1 then 'emitted'
                else 'repeated_history_row'
            end
        ) as row_outcome
    from deal_stage_dropped

),

-- the call, email and meeting records, one row per engagement and kind
details as (

    select
        engagement_id,
        detail_kind,
        max(case when is_deleted then 0 else 1 end) as live_records
    from (
        {%- for relation, kind in [('calls', 'call'), ('emails', 'email'), ('meetings', 'meeting')] %}
        select
            cast(engagement_id as {{ text }}) as engagement_id,
            '{{ kind }}' as detail_kind,
            {{ parse_bool('cast(_fivetran_deleted as ' ~ text ~ ')') }} as is_deleted
        from {{ relation }}
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    ) as detail_rows
    group by engagement_id, detail_kind

),

-- engagements associated with at least one contact or company
associated as (

    select distinct engagement_id
    from (
        select cast(engagement_id as {{ text }}) as engagement_id
        from engagement_contacts
        where contact_id is not null
        union all
        select cast(engagement_id as {{ text }}) as engagement_id
        from engagement_companies
        where company_id is not null
    ) as associations

),

engagement_types as (

    select
        cast(id as {{ text }}) as engagement_id,
        case
            when upper(cast(type as {{ text }})) = 'CALL' then 'call'
            when upper(cast(type as {{ text }})) in ('EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL') then 'email'
            when upper(cast(type as {{ text }})) = 'MEETING' then 'meeting'
        end as activity_type,
        {{ parse_bool('cast(_fivetran_deleted as ' ~ text ~ ')') }} as is_deleted
    from engagement

),

engagement_outcomes as (

    select
        case
            -- notes, tasks and any other type
            when engagement_types.activity_type is null then 'engagement_type_not_used'
            -- the adapter's inner join to the call, email or meeting record,
            -- which a null id never matches
            when engagement_types.engagement_id is null then 'no_engagement_id'
            when details.engagement_id is null then 'no_detail_record'
            when engagement_types.is_deleted or details.live_records = 0 then 'deleted'
            when associated.engagement_id is null then 'no_contact_or_account'
        end as row_outcome
    from engagement_types
    left join details
        on
            engagement_types.engagement_id = details.engagement_id
            and engagement_types.activity_type = details.detail_kind
    left join associated on engagement_types.engagement_id = associated.engagement_id

),
{% endif %}
{% if forms %}
-- submissions are never dropped: an unknown contact or form leaves columns null
form_submission_outcomes as (

    select cast(null as {{ text }}) as row_outcome
    from submission

),
{% endif %}
{% if email %}
-- the adapter's status records, one per event id: an unsubscribe when one says UNSUBSCRIBED
email_status_details as (

    select
        cast(id as {{ text }}) as event_id,
        max(
            case when upper(trim(cast(portal_subscription_status as {{ text }}))) = 'UNSUBSCRIBED' then 1 else 0 end
        ) as is_unsubscribe
    from email_status_changes
    group by cast(id as {{ text }})

),

-- HubSpot's type without case or underscores, as the adapter reads it
email_types as (

    select
        cast(id as {{ text }}) as event_id,
        replace(upper(trim(cast(type as {{ text }}))), '_', '') as hubspot_type
    from email_event

),

-- the types the contract has no event for, by what they are in HubSpot
email_event_outcomes as (

    select
        case
            when email_types.hubspot_type in ('SENT', 'DELIVERED', 'OPEN', 'CLICK', 'BOUNCE', 'SPAMREPORT')
                then cast(null as {{ text }})
            when email_types.hubspot_type = 'STATUSCHANGE' and email_status_details.is_unsubscribe = 1
                then cast(null as {{ text }})
            -- a resubscription, or a status change without its status record
            when email_types.hubspot_type = 'STATUSCHANGE' then 'status_change_not_unsubscribe'
            -- never sent: the recipient had bounced, unsubscribed or reported spam before
            when email_types.hubspot_type = 'DROPPED' then 'dropped'
            when email_types.hubspot_type in ('PROCESSED', 'DEFERRED') then 'delivery_step'
            when email_types.hubspot_type in ('FORWARD', 'PRINT') then 'forward_or_print'
            else 'event_type_not_used'
        end as row_outcome
    from email_types
    left join email_status_details on email_types.event_id = email_status_details.event_id

),
{% endif %}
{#- (native table, contract table, outcomes CTE, landed CTE, emitted CTE) per
    driving table; native_hubspot__contact_merges has none (derived from
    contact, it emits no contract table) #}
{%- set parts = [] %}
{%- if crm %}
    {%- do parts.extend([
        ('company', 'crm_accounts', 'account_outcomes', 'company', 'accounts_emitted'),
        ('contact', 'crm_contacts', 'contact_outcomes', 'contact', 'contacts_emitted'),
        ('contact_property_history', 'crm_lifecycle_stage_changes', 'history_outcomes', 'history',
            'lifecycle_changes_emitted'),
        ('deal', 'crm_deals', 'deal_outcomes', 'deal', 'deals_emitted'),
        ('deal_stage', 'crm_deal_stage_changes', 'deal_stage_outcomes', 'deal_stage', 'deal_stage_changes_emitted'),
        ('engagement', 'crm_activities', 'engagement_outcomes', 'engagement', 'activities_emitted'),
    ]) %}
{%- endif %}
{%- if forms %}
    {%- do parts.append(
        ('contact_form_submission', 'web_form_submissions', 'form_submission_outcomes', 'submission',
            'form_submissions_emitted')
    ) %}
{%- endif %}
{%- if email %}
    {%- do parts.append(
        ('email_event', 'email_events', 'email_event_outcomes', 'email_event', 'email_events_emitted')
    ) %}
{%- endif %}
outcomes as (

    {%- for native_table, contract_table, outcomes, landed, emitted in parts %}
    select
        '{{ native_table }}' as native_table,
        '{{ contract_table }}' as contract_table,
        coalesce(row_outcome, 'emitted') as row_outcome,
        count(*) as native_rows
    from {{ outcomes }}
    group by coalesce(row_outcome, 'emitted')
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

landed as (

    {%- for native_table, contract_table, outcomes, landed, emitted in parts %}
    select
        '{{ native_table }}' as native_table,
        count(*) as landed_rows
    from {{ landed }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

emitted as (

    {%- for native_table, contract_table, outcomes, landed, emitted in parts %}
    select
        '{{ contract_table }}' as contract_table,
        count(*) as contract_rows
    from {{ emitted }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select
        cast('hubspot' as {{ text }}) as native_source,
        cast(outcomes.native_table as {{ text }}) as native_table,
        cast(outcomes.contract_table as {{ text }}) as contract_table,
        cast(outcomes.row_outcome as {{ text }}) as row_outcome,
        cast(outcomes.native_rows as {{ bigint }}) as native_rows,
        cast(landed.landed_rows as {{ bigint }}) as landed_rows,
        cast(emitted.contract_rows as {{ bigint }}) as contract_rows
    from outcomes
    inner join landed on outcomes.native_table = landed.native_table
    inner join emitted on outcomes.contract_table = emitted.contract_table

)

select * from final
