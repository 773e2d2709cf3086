{#- One row per staged email event with the contact and account it belongs
    to and, for opens and clicks, whether a machine made it
    (docs: email_event_contact_id, email_machine_reason). Contact: the
    event's own contact id followed through merges to its live surviving
    contact (surviving_contact_id); when that gives none, the contact its
    email key belongs to, by the rule forms use (email_owners_sql). -#}

with

events as (

    select * from {{ ref('stg_email__events') }}

),

contacts_merged as (

    select * from {{ ref('int_contacts_merged') }}

),

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

machine_agents as (

    select * from {{ ref('email_machine_agents') }}

),

-- the contact each email key belongs to (the rule shared with forms and identify calls)
email_owners as (

    {{ email_owners_sql() }}

),

contacts_found as (

    select
        events.event_id,
        given_contacts.contact_id as given_contact_id,
        given_contacts.account_id as given_account_id,
        email_owners.contact_id as email_contact_id,
        email_owners.account_id as email_account_id
    from events
    left join contacts_merged
        on events.contact_id = contacts_merged.contact_id
    left join contacts as given_contacts
        on
            {{ surviving_contact_id('events.contact_id', 'contacts_merged') }} = given_contacts.contact_id
            and not given_contacts.is_deleted
    left join email_owners
        on events.email_key = email_owners.email_key

),

-- patterns are matched once per distinct user agent, not once per event
user_agents as (

    select distinct user_agent
    from events
    where
        user_agent is not null
        and event_type in ('open', 'click')

),

user_agent_matches as (

    select
        user_agents.user_agent,
        machine_agents.machine_reason,
        row_number() over (
            partition by user_agents.user_agent
            order by machine_agents.rule_order
        ) as match_rank
    from user_agents
    inner join machine_agents
        on coalesce({{ regexp_like_seed_pattern(
            'lower(user_agents.user_agent)', 'email_machine_agents', 'machine_agents', 'rule_order') }}, false)

),

-- when the email reached the recipient: its first delivery, else its first send
recipient_arrivals as (

    select
        campaign_id,
        recipient_key,
        coalesce(
            min(case when event_type = 'delivered' then occurred_at end),
            min(case when event_type = 'sent' then occurred_at end)
        ) as arrived_at
    from events
    group by
        campaign_id,
        recipient_key

),

classified as (

    select
        events.event_id,
        events.recipient_key,
        events.campaign_id,
        events.campaign_name,
        events.event_type,
        events.occurred_at,
        events.clicked_url,
        events.user_agent,
        events.is_filtered,
        contacts_found.given_contact_id,
        contacts_found.given_account_id,
        contacts_found.email_contact_id,
        contacts_found.email_account_id,
        case
            when events.event_type not in ('open', 'click') then null
            when events.is_filtered then 'sender_filtered'
            when user_agent_matches.machine_reason is not null then user_agent_matches.machine_reason
            -- no person clicks a link before the email arrives, nor within seconds of it
            when
                events.event_type = 'click'
                and events.occurred_at
                <= {{ dbt.dateadd('second', var('email_instant_click_seconds'), 'recipient_arrivals.arrived_at') }}
                then 'instant_click'
        end as machine_reason
    from events
    inner join contacts_found
        on events.event_id = contacts_found.event_id
    left join user_agent_matches
        on
            events.user_agent = user_agent_matches.user_agent
            and user_agent_matches.match_rank = 1
    left join recipient_arrivals
        on
            events.campaign_id = recipient_arrivals.campaign_id
            and events.recipient_key = recipient_arrivals.recipient_key

),

final as (

    select
        -- ids
        event_id,
        coalesce(given_contact_id, email_contact_id) as contact_id,
        case when given_contact_id is not null then given_account_id else email_account_id end as account_id,
        recipient_key,
        campaign_id,

        -- resolution
        case
            when given_contact_id is not null then 'contact_id'
            when email_contact_id is not null then 'email'
            else 'unresolved'
        end as contact_resolved_by,

        -- event
        campaign_name,
        event_type,
        occurred_at,
        clicked_url,
        user_agent,
        is_filtered,

        -- machine events
        machine_reason is not null as is_machine_event,
        machine_reason

    from classified

)

select * from final
