{{ config(enabled=contract_table_supplier('email_events') == 'hubspot') }}

{#- HubSpot marketing email events (Fivetran's email_event and its detail
    tables) as the contract's email_events (text columns), read when the
    email events come from HubSpot (var email_source, which follows a HubSpot
    CRM). The contract's event types are HubSpot's SENT, DELIVERED, OPEN,
    CLICK, BOUNCE and SPAMREPORT, and a STATUSCHANGE to the portal-wide
    status UNSUBSCRIBED (as Fivetran's dbt_hubspot counts unsubscribes);
    the other types (PROCESSED, DROPPED, DEFERRED, FORWARD, PRINT, ...) and
    other status changes are no contract event and are left out, counted in
    native_hubspot__row_accounting. HubSpot has no reply event (seed
    native_data_gaps). An event names its recipient by email only: the
    contact is found from it downstream, as for a file without contact ids. #}
{%- set text = dbt.type_string() %}

with

email_event as (

    select * from {{ source('hubspot', 'email_event') }}

),

clicks as (

    select * from {{ source('hubspot', 'email_event_click') }}

),

opens as (

    select * from {{ source('hubspot', 'email_event_open') }}

),

status_changes as (

    select * from {{ source('hubspot', 'email_event_status_change') }}

),

campaigns as (

    select * from {{ source('hubspot', 'email_campaign') }}

),

-- one detail row per event id, so that a repeated detail row never repeats an event
click_details as (

    select
        cast(id as {{ text }}) as event_id,
        min(cast(url as {{ text }})) as url,
        min(cast(user_agent as {{ text }})) as user_agent
    from clicks
    group by cast(id as {{ text }})

),

open_details as (

    select
        cast(id as {{ text }}) as event_id,
        min(cast(user_agent as {{ text }})) as user_agent
    from opens
    group by cast(id as {{ text }})

),

-- a status change is an unsubscribe when the portal-wide status became UNSUBSCRIBED
status_details as (

    select
        cast(id as {{ text }}) as event_id,
        max(
            case when upper(trim(cast(portal_subscription_status as {{ text }}))) = 'UNSUBSCRIBED' then 1 else 0 end
        ) as is_unsubscribe
    from status_changes
    group by cast(id as {{ text }})

),

campaign_names as (

    select
        cast(id as {{ text }}) as campaign_id,
        min(cast(name as {{ text }})) as campaign_name
    from campaigns
    group by cast(id as {{ text }})

),

-- HubSpot's type without case or underscores (STATUSCHANGE is also spelled STATUS_CHANGE)
typed_events as (

    select
        cast(id as {{ text }}) as event_id,
        cast(recipient as {{ text }}) as email,
        cast(email_campaign_id as {{ text }}) as campaign_id,
        replace(upper(trim(cast(type as {{ text }}))), '_', '') as hubspot_type,
        cast(created as {{ text }}) as occurred_at,
        cast(filtered_event as {{ text }}) as is_filtered
    from email_event

),

mapped_events as (

    select
        typed_events.event_id,
        typed_events.email,
        typed_events.campaign_id,
        typed_events.hubspot_type,
        typed_events.occurred_at,
        typed_events.is_filtered,
        case typed_events.hubspot_type
            when 'SENT' then 'sent'
            when 'DELIVERED' then 'delivered'
            when 'OPEN' then 'open'
            when 'CLICK' then 'click'
            when 'BOUNCE' then 'bounce'
            when 'SPAMREPORT' then 'spam_report'
        end as direct_type,
        status_details.is_unsubscribe
    from typed_events
    left join status_details on typed_events.event_id = status_details.event_id

),

final as (

    select
        mapped_events.event_id,
        -- HubSpot's email events name the recipient by address only
        cast(null as {{ text }}) as contact_id,
        mapped_events.email,
        mapped_events.campaign_id,
        campaign_names.campaign_name,
        coalesce(mapped_events.direct_type, 'unsubscribe') as event_type,
        mapped_events.occurred_at,
        click_details.url,
        coalesce(click_details.user_agent, open_details.user_agent) as user_agent,
        mapped_events.is_filtered,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from mapped_events
    left join campaign_names on mapped_events.campaign_id = campaign_names.campaign_id
    left join click_details
        on mapped_events.event_id = click_details.event_id and mapped_events.direct_type = 'click'
    left join open_details
        on mapped_events.event_id = open_details.event_id and mapped_events.direct_type = 'open'
    where
        mapped_events.direct_type is not null
        or (mapped_events.hubspot_type = 'STATUSCHANGE' and mapped_events.is_unsubscribe = 1)

)

select * from final
