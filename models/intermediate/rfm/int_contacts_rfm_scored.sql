{{ config(materialized='table') }}

{#- The RFM scores of every contact (docs/metrics.md section 9, RFM
    segments) on two bases, as the lead score has:
    - `current`: every non-deleted contact scored at the data's as-of time
      (what dim_contacts shows);
    - `at_mql`: every non-deleted contact with an `mql_at`, scored at that
      time with nothing that happened after it (touches at or before it,
      deals as they stood then), so that the SQL rate of a segment does not
      leak the outcome.
    Engagement touches are the contact's touchpoints except spam or test
    form submissions; monetary is the contact's account's open pipeline
    plus won revenue at the scoring time (0 without an account). Each score
    is the quintile (ntile(5)) over the basis' population (rows of equal
    value ordered by contact_id), and equal values then share the lowest
    quintile any of them reaches: a contact never engaged has recency score
    1, a frequency or monetary value of 0 scores 1. -#}

{%- set window_days = var('rfm_frequency_window_days') -%}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

submissions as (

    select * from {{ ref('int_form_submissions_classified') }}

),

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

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

engagement_touches as (

    select
        touchpoints.contact_id,
        touchpoints.occurred_at
    from touchpoints
    left join submissions
        on touchpoints.submission_id = submissions.submission_id
    where
        touchpoints.contact_id is not null
        and {{ rfm_is_engagement_touch('submissions.intent') }}

),

score_bases as (

    select
        contacts.contact_id,
        contacts.account_id,
        'current' as score_basis,
        as_of.as_of_at as scored_at
    from contacts
    cross join as_of
    where not contacts.is_deleted
    union all
    select
        contacts.contact_id,
        contacts.account_id,
        'at_mql' as score_basis,
        contact_stages.mql_at as scored_at
    from contacts
    inner join contact_stages
        on contacts.contact_id = contact_stages.contact_id
    where
        not contacts.is_deleted
        and contact_stages.mql_at is not null

),

aged_touches as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        {{ days_between('engagement_touches.occurred_at', 'score_bases.scored_at') }} as age_days
    from score_bases
    inner join engagement_touches
        on
            score_bases.contact_id = engagement_touches.contact_id
            and score_bases.scored_at >= engagement_touches.occurred_at

),

engagement as (

    select
        contact_id,
        score_basis,
        min(age_days) as recency_days,
        cast(sum(case when age_days <= {{ window_days }} then 1 else 0 end) as {{ dbt.type_bigint() }})
            as frequency_touches
    from aged_touches
    group by
        contact_id,
        score_basis

),

account_values as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        cast(sum({{ rfm_deal_value('deals', 'score_bases.scored_at') }}) as decimal(18, 2)) as monetary_amount
    from score_bases
    inner join deals
        on score_bases.account_id = deals.account_id
    where not deals.is_deleted
    group by
        score_bases.contact_id,
        score_bases.score_basis

),

measured as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        score_bases.scored_at,
        engagement.recency_days,
        coalesce(engagement.frequency_touches, 0) as frequency_touches,
        coalesce(account_values.monetary_amount, cast(0 as decimal(18, 2))) as monetary_amount
    from score_bases
    left join engagement
        on
            score_bases.contact_id = engagement.contact_id
            and score_bases.score_basis = engagement.score_basis
    left join account_values
        on
            score_bases.contact_id = account_values.contact_id
            and score_bases.score_basis = account_values.score_basis

),

ranked as (

    select
        *,
        -- never engaged first (lowest), then the oldest last touch
        ntile(5) over (
            partition by score_basis
            order by
                case when recency_days is null then 0 else 1 end asc,
                recency_days desc,
                contact_id asc
        ) as recency_quintile,
        ntile(5) over (partition by score_basis order by frequency_touches, contact_id) as frequency_quintile,
        ntile(5) over (partition by score_basis order by monetary_amount, contact_id) as monetary_quintile
    from measured

),

scored as (

    select
        *,
        cast(
            {{ rfm_tied_score('recency_quintile', 'recency_days', partition_by='score_basis') }}
            as {{ dbt.type_bigint() }}
        ) as recency_score,
        cast(
            {{ rfm_tied_score('frequency_quintile', 'frequency_touches', partition_by='score_basis') }}
            as {{ dbt.type_bigint() }}
        ) as frequency_score,
        cast(
            {{ rfm_tied_score('monetary_quintile', 'monetary_amount', partition_by='score_basis') }}
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
        leveled.contact_id,
        leveled.score_basis,

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
