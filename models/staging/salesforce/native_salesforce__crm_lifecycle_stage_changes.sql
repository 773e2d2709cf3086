{#- Lifecycle stage history of Salesforce people as the contract's
    crm_lifecycle_stage_changes. Salesforce has no lifecycle field, so the
    stages are derived, all keyed to the contact that stands for the person
    (converted and merged records re-keyed):
    - `lead` when a lead, or a contact not converted from a lead, is created;
    - each Lead Status a lead took (lead_history; labels mapped by seed
      lifecycle_stages);
    - var salesforce_converted_stage (`sql`) when a lead is converted;
    - `opportunity` when a person gets a role on an opportunity, and
      `customer` when that opportunity is won. #}
{%- set text = dbt.type_string() %}

with

lead as (

    select * from {{ source('salesforce', 'lead') }}
    where _fivetran_active is null or {{ parse_bool('cast(_fivetran_active as ' ~ text ~ ')') }}

),

contact as (

    select * from {{ source('salesforce', 'contact') }}
    where _fivetran_active is null or {{ parse_bool('cast(_fivetran_active as ' ~ text ~ ')') }}

),

lead_history as (

    select * from {{ source('salesforce', 'lead_history') }}

),

opportunity as (

    select * from {{ source('salesforce', 'opportunity') }}
    where _fivetran_active is null or {{ parse_bool('cast(_fivetran_active as ' ~ text ~ ')') }}

),

contact_roles as (

    select * from {{ source('salesforce', 'opportunity_contact_role') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

person_keys as (

    select * from {{ ref('native_salesforce__person_keys') }}

),

status_changes as (

    select
        cast(lead_id as {{ text }}) as person_id,
        cast(new_value as {{ text }}) as lifecycle_stage,
        cast(created_date as {{ text }}) as changed_at
    from lead_history
    where
        field = 'Status'
        and not {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }}

),

lead_created as (

    select
        cast(id as {{ text }}) as person_id,
        'lead' as lifecycle_stage,
        cast(created_date as {{ text }}) as changed_at
    from lead

),

-- a contact with no lead behind it starts as a lead when it is created
contact_created as (

    select
        cast(contact.id as {{ text }}) as person_id,
        'lead' as lifecycle_stage,
        cast(contact.created_date as {{ text }}) as changed_at
    from contact
    where not exists (
        select 1 from lead
        where
            {{ parse_bool('cast(lead.is_converted as ' ~ text ~ ')') }}
            and cast(lead.converted_contact_id as {{ text }}) = cast(contact.id as {{ text }})
    )

),

-- the conversion is a date; the status change Salesforce records that day
-- (the last one) gives its time, else it is midnight
converted as (

    select
        cast(lead.id as {{ text }}) as person_id,
        '{{ var("salesforce_converted_stage") }}' as lifecycle_stage,
        coalesce(max(status_changes.changed_at), cast(lead.converted_date as {{ text }})) as changed_at
    from lead
    left join status_changes
        on
            cast(lead.id as {{ text }}) = status_changes.person_id
            and substring(status_changes.changed_at, 1, 10) = substring(cast(lead.converted_date as {{ text }}), 1, 10)
    where {{ parse_bool('cast(lead.is_converted as ' ~ text ~ ')') }} and lead.converted_date is not null
    group by cast(lead.id as {{ text }}), cast(lead.converted_date as {{ text }})

),

roles as (

    select
        cast(contact_roles.contact_id as {{ text }}) as person_id,
        {{ parse_bool('cast(opportunity.is_won as ' ~ text ~ ')') }} as is_won,
        cast(opportunity.close_date as {{ text }}) as close_date,
        case
            when
                {{ parse_timestamp_utc('cast(contact_roles.created_date as ' ~ text ~ ')') }}
                > {{ parse_timestamp_utc('cast(opportunity.created_date as ' ~ text ~ ')') }}
                then cast(contact_roles.created_date as {{ text }})
            else cast(opportunity.created_date as {{ text }})
        end as on_opportunity_at
    from contact_roles
    inner join opportunity on cast(contact_roles.opportunity_id as {{ text }}) = cast(opportunity.id as {{ text }})
    where
        not {{ parse_bool('cast(contact_roles.is_deleted as ' ~ text ~ ')') }}
        and not {{ parse_bool('cast(opportunity.is_deleted as ' ~ text ~ ')') }}
        and contact_roles.contact_id is not null

),

opportunity_roles as (

    select
        person_id,
        'opportunity' as lifecycle_stage,
        on_opportunity_at as changed_at
    from roles

),

won_roles as (

    select
        person_id,
        'customer' as lifecycle_stage,
        close_date as changed_at
    from roles
    where is_won and close_date is not null

),

events as (

    select * from lead_created
    union all
    select * from contact_created
    union all
    select * from status_changes
    union all
    select * from converted
    union all
    select * from opportunity_roles
    union all
    select * from won_roles

),

final as (

    -- distinct: the same stage entered by the same person at the same time
    -- twice (merged or converted records, two opportunities) is one change
    select distinct
        coalesce(person_keys.contact_id, events.person_id) as contact_id,
        events.lifecycle_stage,
        events.changed_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from events
    left join person_keys on events.person_id = person_keys.person_id
    where nullif(trim(events.lifecycle_stage), '') is not null and events.changed_at is not null

)

select * from final
