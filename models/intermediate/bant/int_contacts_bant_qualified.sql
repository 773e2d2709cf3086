{{ config(materialized='table') }}

{#- BANT qualification of a contact (budget, authority, need, timeline;
    docs/metrics.md section 9, BANT qualification) by the rules of seed
    `bant_rules`, for two bases, as the lead score:
    - `current`: every CRM contact at the data's as-of time;
    - `at_mql`: every contact with an `mql_at`, with only what was known by
      then: forms submitted and pages first viewed at or before it, and the
      deals of its account open at that time (created by then, not closed
      by then). The seniority, a deal's amount and its expected close date
      are the CRM's current values (no history of them is kept).
    A signal is met when any of its rules matches. Form answers: the latest
    non-empty answer (by submission time) wins; spam and test submissions
    count for nothing. -#}

with

fit as (

    select * from {{ ref('int_contacts_fit_scored') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

classified_submissions as (

    select * from {{ ref('int_form_submissions_classified') }}

),

staged_submissions as (

    select * from {{ ref('stg_web__form_submissions') }}

),

page_categories as (

    select * from {{ ref('int_sessions_page_categorized') }}

),

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

bant_rules as (

    select * from {{ ref('bant_rules') }}

),

rules as (

    select
        rule_id,
        signal,
        source,
        lower(trim(match_value)) as match_value,
        threshold
    from bant_rules

),

score_bases as (

    select
        fit.contact_id,
        fit.account_id,
        fit.seniority,
        'current' as score_basis,
        as_of.as_of_at as scored_at
    from fit
    cross join as_of
    union all
    select
        fit.contact_id,
        fit.account_id,
        fit.seniority,
        'at_mql' as score_basis,
        contact_stages.mql_at as scored_at
    from fit
    inner join contact_stages
        on fit.contact_id = contact_stages.contact_id
    where contact_stages.mql_at is not null

),

contact_forms as (

    -- the contact's usable form submissions (spam and tests count for nothing)
    select
        touchpoints.contact_id,
        touchpoints.submission_id,
        touchpoints.occurred_at,
        classified_submissions.intent,
        staged_submissions.budget,
        staged_submissions.timeline
    from touchpoints
    inner join classified_submissions
        on touchpoints.submission_id = classified_submissions.submission_id
    inner join staged_submissions
        on touchpoints.submission_id = staged_submissions.submission_id
    where
        touchpoints.contact_id is not null
        and classified_submissions.intent != 'spam_or_test'

),

known_forms as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        contact_forms.intent,
        contact_forms.budget,
        contact_forms.timeline,
        contact_forms.occurred_at,
        contact_forms.submission_id
    from score_bases
    inner join contact_forms
        on
            score_bases.contact_id = contact_forms.contact_id
            and score_bases.scored_at >= contact_forms.occurred_at

),

ranked_budget_answers as (

    select
        contact_id,
        score_basis,
        budget as answer,
        row_number() over (
            partition by contact_id, score_basis
            order by occurred_at desc, submission_id desc
        ) as answer_rank
    from known_forms
    where budget is not null

),

ranked_timeline_answers as (

    select
        contact_id,
        score_basis,
        timeline as answer,
        row_number() over (
            partition by contact_id, score_basis
            order by occurred_at desc, submission_id desc
        ) as answer_rank
    from known_forms
    where timeline is not null

),

latest_answers as (

    select
        contact_id,
        score_basis,
        'form_budget' as source,
        answer
    from ranked_budget_answers
    where answer_rank = 1
    union all
    select
        contact_id,
        score_basis,
        'form_timeline' as source,
        answer
    from ranked_timeline_answers
    where answer_rank = 1

),

open_deals as (

    -- the deals of the contact's account open at the scoring time
    select
        score_bases.contact_id,
        score_bases.score_basis,
        deals.amount,
        {{ dbt.datediff('cast(score_bases.scored_at as date)', 'deals.expected_close_date', 'day') }}
            as days_to_expected_close
    from score_bases
    inner join deals
        on score_bases.account_id = deals.account_id
    where
        not deals.is_deleted
        and deals.created_at <= score_bases.scored_at
        and (not deals.is_closed or deals.closed_at > score_bases.scored_at)

),

answer_matches as (

    select
        latest_answers.contact_id,
        latest_answers.score_basis,
        rules.rule_id,
        rules.signal
    from latest_answers
    inner join rules
        on
            latest_answers.source = rules.source
            and latest_answers.answer = rules.match_value

),

seniority_matches as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        rules.rule_id,
        rules.signal
    from score_bases
    inner join rules
        on
            rules.source = 'seniority'
            and score_bases.seniority = rules.match_value

),

intent_matches as (

    select distinct
        known_forms.contact_id,
        known_forms.score_basis,
        rules.rule_id,
        rules.signal
    from known_forms
    inner join rules
        on
            rules.source = 'form_intent'
            and known_forms.intent = rules.match_value

),

page_matches as (

    select distinct
        score_bases.contact_id,
        score_bases.score_basis,
        rules.rule_id,
        rules.signal
    from score_bases
    inner join page_categories
        on
            score_bases.contact_id = page_categories.contact_id
            and score_bases.scored_at >= page_categories.first_viewed_at
    inner join rules
        on
            rules.source = 'page_category'
            and page_categories.page_category = rules.match_value

),

deal_matches as (

    select distinct
        open_deals.contact_id,
        open_deals.score_basis,
        rules.rule_id,
        rules.signal
    from open_deals
    inner join rules
        on
            (
                rules.source = 'open_deal_amount'
                and open_deals.amount >= rules.threshold
            )
            or (
                rules.source = 'open_deal_expected_close'
                and open_deals.days_to_expected_close >= 0
                and open_deals.days_to_expected_close <= rules.threshold
            )

),

rule_matches as (

    select * from answer_matches
    union all
    select * from seniority_matches
    union all
    select * from intent_matches
    union all
    select * from page_matches
    union all
    select * from deal_matches

),

signals_met as (

    -- one row per signal met: the first matching rule names it, the others are counted
    select
        contact_id,
        score_basis,
        signal,
        min(rule_id) as first_rule_id,
        count(distinct rule_id) as rule_count
    from rule_matches
    group by
        contact_id,
        score_basis,
        signal

),

signal_reasons as (

    select
        contact_id,
        score_basis,
        signal,
        case
            when rule_count > 1
                then {{ dbt.concat(["first_rule_id", "' +'",
                    "cast(rule_count - 1 as " ~ dbt.type_string() ~ ")"]) }}
            else first_rule_id
        end as reason
    from signals_met

),

pivoted as (

    select
        contact_id,
        score_basis,
        max(case when signal = 'budget' then reason end) as budget_reason,
        max(case when signal = 'authority' then reason end) as authority_reason,
        max(case when signal = 'need' then reason end) as need_reason,
        max(case when signal = 'timeline' then reason end) as timeline_reason
    from signal_reasons
    group by
        contact_id,
        score_basis

),

flagged as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        score_bases.scored_at,
        pivoted.budget_reason,
        pivoted.authority_reason,
        pivoted.need_reason,
        pivoted.timeline_reason,
        pivoted.budget_reason is not null as has_budget,
        pivoted.authority_reason is not null as has_authority,
        pivoted.need_reason is not null as has_need,
        pivoted.timeline_reason is not null as has_timeline
    from score_bases
    left join pivoted
        on
            score_bases.contact_id = pivoted.contact_id
            and score_bases.score_basis = pivoted.score_basis

),

final as (

    select
        -- ids
        contact_id,
        score_basis,

        -- signals
        has_budget,
        has_authority,
        has_need,
        has_timeline,
        cast(
            case when has_budget then 1 else 0 end
            + case when has_authority then 1 else 0 end
            + case when has_need then 1 else 0 end
            + case when has_timeline then 1 else 0 end
            as integer
        ) as bant_count,
        nullif(concat_ws(
            '; ',
            case when has_budget then {{ dbt.concat(["'budget: '", "budget_reason"]) }} end,
            case when has_authority then {{ dbt.concat(["'authority: '", "authority_reason"]) }} end,
            case when has_need then {{ dbt.concat(["'need: '", "need_reason"]) }} end,
            case when has_timeline then {{ dbt.concat(["'timeline: '", "timeline_reason"]) }} end
        ), '') as bant_reasons,

        -- timestamps
        scored_at

    from flagged

)

select * from final
