{#- One row per campaign and recipient (recipient_key): what the recipient
    did with that email, people's opens and clicks apart from machines'
    (int_email_events_identified), in the cohort month of the send
    (docs: email_cohort_month), with the campaign's latest name. -#}

with

events as (

    select * from {{ ref('int_email_events_identified') }}

),

-- the campaign's latest non-null name (names are edited after sending)
campaign_names as (

    select
        campaign_id,
        campaign_name
    from (
        select
            campaign_id,
            campaign_name,
            row_number() over (
                partition by campaign_id
                order by occurred_at desc, event_id desc
            ) as name_rank
        from events
        where campaign_name is not null
    ) as named_events
    where name_rank = 1

),

recipients as (

    select
        campaign_id,
        recipient_key,
        min(case when event_type = 'sent' then occurred_at end) as first_sent_at,
        min(occurred_at) as first_event_at,
        max(case when event_type = 'sent' then 1 else 0 end) = 1 as was_sent,
        max(case when event_type = 'delivered' then 1 else 0 end) = 1 as was_delivered,
        max(case when event_type = 'bounce' then 1 else 0 end) = 1 as bounced,
        max(case when event_type = 'open' and not is_machine_event then 1 else 0 end) = 1 as opened,
        max(case when event_type = 'click' and not is_machine_event then 1 else 0 end) = 1 as clicked,
        max(case when event_type = 'reply' then 1 else 0 end) = 1 as replied,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) = 1 as unsubscribed,
        max(case when event_type = 'spam_report' then 1 else 0 end) = 1 as spam_reported,
        sum(case when event_type = 'open' and is_machine_event then 1 else 0 end) as machine_opens,
        sum(case when event_type = 'click' and is_machine_event then 1 else 0 end) as machine_clicks
    from events
    group by
        campaign_id,
        recipient_key

),

final as (

    select
        -- ids
        recipients.campaign_id,
        recipients.recipient_key,

        -- cohort
        cast({{ dbt.date_trunc('month', 'coalesce(recipients.first_sent_at, recipients.first_event_at)') }} as date)
            as cohort_month,
        campaign_names.campaign_name,

        -- flags
        recipients.was_sent,
        recipients.was_delivered,
        recipients.bounced,
        recipients.opened,
        recipients.clicked,
        recipients.replied,
        recipients.unsubscribed,
        recipients.spam_reported,

        -- machine events
        cast(recipients.machine_opens as {{ dbt.type_bigint() }}) as machine_opens,
        cast(recipients.machine_clicks as {{ dbt.type_bigint() }}) as machine_clicks

    from recipients
    left join campaign_names
        on recipients.campaign_id = campaign_names.campaign_id

)

select * from final
