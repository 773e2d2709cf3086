{{ config(materialized='table') }}

{#- The lead score of a contact at a point in time (docs/metrics.md section 9),
    with every component and the reasons, for two bases:
    - `current`: every CRM contact scored at the data's as-of time (what
      dim_contacts shows);
    - `at_mql`: every contact with an `mql_at`, scored at that time with
      only the touches at or before it, so that behaviour after
      qualification cannot flatter the score (what the calibration uses).
    Score = fit + behaviour + profile penalties + inactivity penalty, where
    behaviour = sum over touches of points x page weight x
    2^(-age_days / half-life), age
    in elapsed days from the touch to the scoring time, and the inactivity
    penalty applies when no touch happened in the last
    `lead_score_inactivity_days` days. Grade A-D by `lead_grade_thresholds`.
    The same score without page weights is kept as `lead_score_unweighted`,
    so that the calibration can compare how well each separates SQLs.
    Behaviour is added exactly (`exact_sum`, each touch's points to 22
    decimals) and rounded to 2 decimals, so a score never depends on the
    order the touches are added in. -#}

{%- set half_life_days = var('lead_score_half_life_days') -%}
{%- set inactivity_days = var('lead_score_inactivity_days') -%}
{%- set inactivity_penalty = var('lead_score_inactivity_penalty') -%}
{%- set grades = var('lead_grade_thresholds') -%}

with

fit as (

    select * from {{ ref('int_contacts_fit_scored') }}

),

touches as (

    select * from {{ ref('int_contact_touches_pointed') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

score_bases as (

    select
        fit.contact_id,
        'current' as score_basis,
        as_of.as_of_at as scored_at
    from fit
    cross join as_of
    union all
    select
        fit.contact_id,
        'at_mql' as score_basis,
        contact_stages.mql_at as scored_at
    from fit
    inner join contact_stages
        on fit.contact_id = contact_stages.contact_id
    where contact_stages.mql_at is not null

),

aged_touches as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        touches.points,
        touches.weighted_points,
        touches.occurred_at,
        {{ days_between('touches.occurred_at', 'score_bases.scored_at') }} as age_days
    from score_bases
    inner join touches
        on
            score_bases.contact_id = touches.contact_id
            and score_bases.scored_at >= touches.occurred_at

),

behaviour as (

    select
        contact_id,
        score_basis,
        {{ exact_sum('weighted_points * power(2.0, -age_days / ' ~ half_life_days ~ ')') }} as behaviour_points,
        {{ exact_sum('points * power(2.0, -age_days / ' ~ half_life_days ~ ')') }} as behaviour_points_unweighted,
        cast(count(*) as {{ dbt.type_bigint() }}) as touch_count,
        cast(sum(case when points > 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as scoring_touch_count,
        min(age_days) as days_since_last_touch
    from aged_touches
    group by
        contact_id,
        score_basis

),

components as (

    select
        score_bases.contact_id,
        score_bases.score_basis,
        score_bases.scored_at,
        fit.seniority,
        fit.seniority_points,
        fit.company_size_band,
        fit.company_size_points,
        fit.industry,
        fit.industry_points,
        fit.fit_points,
        {{ round_half_away('coalesce(behaviour.behaviour_points, 0)', 2) }} as behaviour_points,
        {{ round_half_away('coalesce(behaviour.behaviour_points_unweighted, 0)', 2) }} as behaviour_points_unweighted,
        coalesce(behaviour.touch_count, 0) as touch_count,
        coalesce(behaviour.scoring_touch_count, 0) as scoring_touch_count,
        behaviour.days_since_last_touch,
        fit.free_email_points,
        fit.no_valid_phone_points,
        fit.no_company_points,
        fit.profile_penalty_points,
        case
            when
                behaviour.days_since_last_touch is null
                or behaviour.days_since_last_touch > {{ inactivity_days }}
                then {{ inactivity_penalty }}
            else 0
        end as inactivity_points
    from score_bases
    inner join fit
        on score_bases.contact_id = fit.contact_id
    left join behaviour
        on
            score_bases.contact_id = behaviour.contact_id
            and score_bases.score_basis = behaviour.score_basis

),

scored as (

    select
        *,
        {{ round_half_away(
            'fit_points + behaviour_points + profile_penalty_points + inactivity_points', 2
        ) }} as lead_score,
        {{ round_half_away(
            'fit_points + behaviour_points_unweighted + profile_penalty_points + inactivity_points', 2
        ) }} as lead_score_unweighted
    from components

),

final as (

    select
        -- ids
        contact_id,
        score_basis,

        -- score
        lead_score,
        lead_score_unweighted,
        case
            when lead_score >= {{ grades['a'] }} then 'A'
            when lead_score >= {{ grades['b'] }} then 'B'
            when lead_score >= {{ grades['c'] }} then 'C'
            else 'D'
        end as lead_grade,
        concat_ws(
            '; ',
            case
                when seniority_points != 0 or seniority is not null
                    then {{ dbt.concat(["'seniority '", "coalesce(seniority, '')", "' '",
                        "case when seniority_points >= 0 then '+' else '' end",
                        "cast(seniority_points as " ~ dbt.type_string() ~ ")"]) }}
            end,
            case
                when company_size_band is not null
                    then {{ dbt.concat(["'company size '", 'company_size_band', "' '",
                        "case when company_size_points >= 0 then '+' else '' end",
                        "cast(company_size_points as " ~ dbt.type_string() ~ ")"]) }}
            end,
            case
                when industry_points != 0
                    then {{ dbt.concat(["'ideal industry '",
                        "case when industry_points >= 0 then '+' else '' end",
                        "cast(industry_points as " ~ dbt.type_string() ~ ")"]) }}
            end,
            case
                when scoring_touch_count > 0
                    then {{ dbt.concat(["'behaviour +'",
                        "cast(" ~ round_half_away('behaviour_points', 1) ~ " as " ~ dbt.type_string() ~ ")",
                        "' ('", "cast(scoring_touch_count as " ~ dbt.type_string() ~ ")",
                        "' scoring touches)'"]) }}
            end,
            case
                when free_email_points != 0
                    then {{ dbt.concat(["'free-mail '", "cast(free_email_points as " ~ dbt.type_string() ~ ")"]) }}
            end,
            case
                when no_valid_phone_points != 0
                    then {{ dbt.concat(["'no valid phone '",
                        "cast(no_valid_phone_points as " ~ dbt.type_string() ~ ")"]) }}
            end,
            case
                when no_company_points != 0
                    then {{ dbt.concat(["'no company '", "cast(no_company_points as " ~ dbt.type_string() ~ ")"]) }}
            end,
            case
                when inactivity_points != 0
                    then {{ dbt.concat(["'no touch in " ~ inactivity_days ~ " days '",
                        "cast(inactivity_points as " ~ dbt.type_string() ~ ")"]) }}
            end
        ) as score_reasons,

        -- components
        fit_points,
        seniority,
        seniority_points,
        company_size_band,
        company_size_points,
        industry,
        industry_points,
        behaviour_points,
        behaviour_points_unweighted,
        profile_penalty_points,
        free_email_points,
        no_valid_phone_points,
        no_company_points,
        inactivity_points,

        -- touches
        touch_count,
        scoring_touch_count,
        days_since_last_touch,

        -- timestamps
        scored_at

    from scored

)

select * from final
