{{ config(enabled=var('crm_source', 'files') == 'hubspot') }}

{#- HubSpot calls, emails and meetings as the contract's crm_activities: one
    row per engagement, with its lowest associated contact (merged-away
    contacts re-keyed) and company. Deleted engagements, notes, tasks and
    engagements with neither a contact nor a company are dropped. #}
{%- set text = dbt.type_string() %}

with

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

details as (

    {%- for relation, kind in [('calls', 'call'), ('emails', 'email'), ('meetings', 'meeting')] %}
    select
        cast(engagement_id as {{ text }}) as engagement_id,
        '{{ kind }}' as detail_kind,
        cast(property_hs_timestamp as {{ text }}) as occurred_at,
        {{ parse_bool('cast(_fivetran_deleted as ' ~ text ~ ')') }} as is_deleted
    from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

typed as (

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

first_contact as (

    select
        cast(engagement_contacts.engagement_id as {{ text }}) as engagement_id,
        min(coalesce(contact_merges.survivor_contact_id, cast(engagement_contacts.contact_id as {{ text }})))
            as contact_id
    from engagement_contacts
    left join contact_merges
        on cast(engagement_contacts.contact_id as {{ text }}) = contact_merges.loser_contact_id
    group by cast(engagement_contacts.engagement_id as {{ text }})

),

first_company as (

    select
        cast(engagement_id as {{ text }}) as engagement_id,
        min(cast(company_id as {{ text }})) as account_id
    from engagement_companies
    group by cast(engagement_id as {{ text }})

),

final as (

    select
        typed.engagement_id as activity_id,
        typed.activity_type,
        first_contact.contact_id,
        first_company.account_id,
        details.occurred_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from typed
    inner join details
        on
            typed.engagement_id = details.engagement_id
            and typed.activity_type = details.detail_kind
    left join first_contact on typed.engagement_id = first_contact.engagement_id
    left join first_company on typed.engagement_id = first_company.engagement_id
    where
        not typed.is_deleted
        and not details.is_deleted
        and (first_contact.contact_id is not null or first_company.account_id is not null)

)

select * from final
