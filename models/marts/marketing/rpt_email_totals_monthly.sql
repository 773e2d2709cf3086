{#- Email engagement of all campaigns together by month (docs/metrics.md
    section 10): one row for every month of the month spine (first month
    with data to the as-of month, `int_calendar_months`, as the other
    monthly marts). Email events are among the events that set the spine's
    ends, so every cohort month is on it and the rows add up to
    `rpt_email_metrics_monthly`. Counts are the
    sums over campaigns of each campaign's unique recipients (a person
    mailed by two campaigns counts twice), 0 in a month without email; the
    rates are recomputed from those sums (macro `email_rates`), never
    averaged over campaigns. -#}

with

months as (

    select * from {{ ref('int_calendar_months') }}

),

recipients as (

    select * from {{ ref('int_email_recipients_summarized') }}

),

month_totals as (

    select
        cohort_month as month,
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
    group by cohort_month

),

joined as (

    select
        months.month,
        coalesce(month_totals.recipients_sent, 0) as recipients_sent,
        coalesce(month_totals.recipients_delivered, 0) as recipients_delivered,
        coalesce(month_totals.recipients_bounced, 0) as recipients_bounced,
        coalesce(month_totals.unique_openers, 0) as unique_openers,
        coalesce(month_totals.unique_clickers, 0) as unique_clickers,
        coalesce(month_totals.recipients_replied, 0) as recipients_replied,
        coalesce(month_totals.recipients_unsubscribed, 0) as recipients_unsubscribed,
        coalesce(month_totals.recipients_spam_reported, 0) as recipients_spam_reported,
        coalesce(month_totals.machine_opens, 0) as machine_opens,
        coalesce(month_totals.machine_clicks, 0) as machine_clicks,
        not months.is_complete as is_partial_month
    from months
    left join month_totals
        on months.month = month_totals.month

),

final as (

    select
        -- grain
        month,

        -- recipients (unique per campaign, summed over campaigns)
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

    from joined

)

select * from final
