{#- Email engagement by cohort month and campaign (docs/metrics.md section
    10): one row per month and campaign with recipients in that month. A
    recipient (campaign x recipient key, `int_email_recipients_summarized`)
    counts once in the month of its first `sent` of the campaign (else of
    its earliest event), whenever it later opened or clicked, so each rate
    compares one cohort of recipients with itself. Opens and clicks are
    human ones only; machine ones are counted apart. Rates: macro
    `email_rates`. -#}

with

recipients as (

    select * from {{ ref('int_email_recipients_summarized') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

campaign_months as (

    select
        cohort_month as month,
        campaign_id,
        -- the campaign's latest name, the same on each of its recipients
        max(campaign_name) as campaign_name,
        sum(case when was_sent then 1 else 0 end) as recipients_sent,
        sum(case when was_delivered then 1 else 0 end) as recipients_delivered,
        sum(case when bounced then 1 else 0 end) as recipients_bounced,
        sum(case when opened then 1 else 0 end) as unique_openers,
        sum(case when clicked then 1 else 0 end) as unique_clickers,
        sum(case when replied then 1 else 0 end) as recipients_replied,
        sum(case when unsubscribed then 1 else 0 end) as recipients_unsubscribed,
        sum(case when spam_reported then 1 else 0 end) as recipients_spam_reported,
        sum(machine_opens) as machine_opens,
        sum(machine_clicks) as machine_clicks
    from recipients
    group by
        cohort_month,
        campaign_id

),

flagged as (

    select
        campaign_months.*,
        cast({{ dbt.dateadd('month', '1', 'campaign_months.month') }} as timestamp) > as_of.as_of_at
            as is_partial_month
    from campaign_months
    cross join as_of

),

final as (

    select
        -- grain
        month,
        campaign_id,

        -- campaign
        campaign_name,

        -- recipients (unique per campaign)
        cast(recipients_sent as {{ dbt.type_bigint() }}) as recipients_sent,
        cast(recipients_delivered as {{ dbt.type_bigint() }}) as recipients_delivered,
        cast(recipients_bounced as {{ dbt.type_bigint() }}) as recipients_bounced,
        cast(unique_openers as {{ dbt.type_bigint() }}) as unique_openers,
        cast(unique_clickers as {{ dbt.type_bigint() }}) as unique_clickers,
        cast(recipients_replied as {{ dbt.type_bigint() }}) as recipients_replied,
        cast(recipients_unsubscribed as {{ dbt.type_bigint() }}) as recipients_unsubscribed,
        cast(recipients_spam_reported as {{ dbt.type_bigint() }}) as recipients_spam_reported,

        -- machine events (excluded from the openers and clickers)
        cast(machine_opens as {{ dbt.type_bigint() }}) as machine_opens,
        cast(machine_clicks as {{ dbt.type_bigint() }}) as machine_clicks,

        -- rates
        {{ email_rates() }},

        -- flags
        is_partial_month

    from flagged

)

select * from final
