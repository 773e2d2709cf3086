{{ config(materialized='table') }}

{#- The current RFM scores of every surviving account (docs/metrics.md
    section 9, RFM segments), the population of dim_accounts, at the data's
    as-of time: engagement touches are the account's touchpoints except
    spam or test form submissions; monetary is its open pipeline plus won
    revenue. Each score is the quintile (ntile(5)) over the accounts (rows
    of equal value ordered by account_id), and equal values then share the
    lowest quintile any of them reaches: an account never engaged has
    recency score 1, a frequency or monetary value of 0 scores 1. -#}

{%- set window_days = var('rfm_frequency_window_days') -%}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

submissions as (

    select * from {{ ref('int_form_submissions_classified') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

scored_accounts as (

    -- the accounts dim_accounts shows: survivors of merges
    select
        accounts.account_id,
        as_of.as_of_at as scored_at
    from accounts_merged
    inner join accounts
        on accounts_merged.account_id = accounts.account_id
    cross join as_of
    where accounts_merged.account_id = accounts_merged.surviving_account_id

),

aged_touches as (

    select
        scored_accounts.account_id,
        {{ days_between('touchpoints.occurred_at', 'scored_accounts.scored_at') }} as age_days
    from scored_accounts
    inner join touchpoints
        on
            scored_accounts.account_id = touchpoints.account_id
            and scored_accounts.scored_at >= touchpoints.occurred_at
    left join submissions
        on touchpoints.submission_id = submissions.submission_id
    where {{ rfm_is_engagement_touch('submissions.intent') }}

),

engagement as (

    select
        account_id,
        min(age_days) as recency_days,
        cast(sum(case when age_days <= {{ window_days }} then 1 else 0 end) as {{ dbt.type_bigint() }})
            as frequency_touches
    from aged_touches
    group by account_id

),

account_values as (

    select
        scored_accounts.account_id,
        cast(sum({{ rfm_deal_value('deals', 'scored_accounts.scored_at') }}) as decimal(18, 2)) as monetary_amount
    from scored_accounts
    inner join deals
        on scored_accounts.account_id = deals.account_id
    where not deals.is_deleted
    group by scored_accounts.account_id

),

measured as (

    select
        scored_accounts.account_id,
        scored_accounts.scored_at,
        engagement.recency_days,
        coalesce(engagement.frequency_touches, 0) as frequency_touches,
        coalesce(account_values.monetary_amount, cast(0 as decimal(18, 2))) as monetary_amount
    from scored_accounts
    left join engagement
        on scored_accounts.account_id = engagement.account_id
    left join account_values
        on scored_accounts.account_id = account_values.account_id

),

ranked as (

    select
        *,
        -- never engaged first (lowest), then the oldest last touch
        ntile(5) over (
            order by
                case when recency_days is null then 0 else 1 end asc,
                recency_days desc,
                account_id asc
        ) as recency_quintile,
        ntile(5) over (order by frequency_touches, account_id) as frequency_quintile,
        ntile(5) over (order by monetary_amount, account_id) as monetary_quintile
    from measured

),

scored as (

    select
        *,
        cast(
            {{ rfm_tied_score('recency_quintile', 'recency_days') }}
            as {{ dbt.type_bigint() }}
        ) as recency_score,
        cast(
            {{ rfm_tied_score('frequency_quintile', 'frequency_touches') }}
            as {{ dbt.type_bigint() }}
        ) as frequency_score,
        cast(
            {{ rfm_tied_score('monetary_quintile', 'monetary_amount') }}
            as {{ dbt.type_bigint() }}
        ) as monetary_score
    from ranked

),

leveled as (

    select
        *,
        {{ rfm_level('recency_score') }} as recency_level,
        {{ rfm_level('frequency_score') }} as frequency_level,
        {{ rfm_level('monetary_score') }} as monetary_level
    from scored

),

final as (

    select
        -- ids
        leveled.account_id,

        -- measures
        leveled.recency_days as rfm_recency_days,
        leveled.frequency_touches as rfm_frequency_touches,
        leveled.monetary_amount as rfm_monetary_amount,

        -- scores
        leveled.recency_score as rfm_recency_score,
        leveled.frequency_score as rfm_frequency_score,
        leveled.monetary_score as rfm_monetary_score,
        segments.segment as rfm_segment,

        -- timestamps
        leveled.scored_at

    from leveled
    left join segments
        on
            leveled.recency_level = segments.recency_level
            and leveled.frequency_level = segments.frequency_level
            and leveled.monetary_level = segments.monetary_level

)

select * from final
