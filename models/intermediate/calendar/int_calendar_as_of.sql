{#- The data's as-of time (docs/metrics.md#as-of-time): the latest event time in the raw data
    (page view, form submission, ad click, lifecycle or deal stage change,
    deal created or closed, CRM activity, email event) that is not after the build's
    clock. Staging already rejects rows dated after the clock; the filter
    below keeps that true here whatever staging does. One row. -#}

with

page_views as (

    select * from {{ ref('stg_web__page_views') }}

),

form_submissions as (

    select * from {{ ref('stg_web__form_submissions') }}

),

ad_clicks as (

    select * from {{ ref('stg_ads__clicks') }}

),

lifecycle_stage_changes as (

    select * from {{ ref('stg_crm__lifecycle_stage_changes') }}

),

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

deal_stage_changes as (

    select * from {{ ref('stg_crm__deal_stage_changes') }}

),

ad_performance as (

    select * from {{ ref('stg_ads__performance_daily') }}

),

marketing_costs as (

    select * from {{ ref('stg_marketing__costs') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

email_events as (

    select * from {{ ref('stg_email__events') }}

),

event_times as (

    select viewed_at as event_at from page_views
    union all
    select submitted_at as event_at from form_submissions
    union all
    select clicked_at as event_at from ad_clicks
    union all
    select changed_at as event_at from lifecycle_stage_changes
    union all
    select entered_at as event_at from deal_stage_changes
    union all
    select created_at as event_at from deals
    union all
    -- a deal is closed on a date: its close counts from that day's start
    select cast(close_date as timestamp) as event_at from deals
    union all
    select occurred_at as event_at from activities
    union all
    select occurred_at as event_at from email_events

),

-- spend is data too: the month spine starts at the first month with an event
-- or with spend, so that every monthly mart shares one spine
spend_times as (

    select cast(report_date as timestamp) as spend_at
    from ad_performance
    where spend > 0 or impressions > 0
    union all
    select cast(cost_month as timestamp) as spend_at
    from marketing_costs
    where cost > 0

),

first_spend as (

    select min(spend_at) as first_spend_at
    from spend_times
    where spend_at <= {{ build_clock_utc() }}

),

bounded as (

    select
        min(event_at) as first_event_at,
        max(event_at) as as_of_at
    from event_times
    where event_at <= {{ build_clock_utc() }}

),

data_bounds as (

    select
        bounded.as_of_at,
        bounded.first_event_at,
        case
            when first_spend.first_spend_at < bounded.first_event_at then first_spend.first_spend_at
            else bounded.first_event_at
        end as first_data_at
    from bounded
    cross join first_spend

),

final as (

    select
        -- timestamps
        as_of_at,
        first_event_at,
        first_data_at,

        -- months
        cast({{ dbt.date_trunc('month', 'as_of_at') }} as date) as as_of_month,
        cast({{ dbt.date_trunc('month', 'first_event_at') }} as date) as first_event_month,
        cast({{ dbt.date_trunc('month', 'first_data_at') }} as date) as first_data_month

    from data_bounds

)

select * from final
