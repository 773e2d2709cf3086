{#- One row per CRM contact: its lead score, grade and reasons as of the
    data's as-of time (the `current` basis of `int_lead_scores_computed`),
    for dim_contacts. -#}

with

lead_scores as (

    select * from {{ ref('int_lead_scores_computed') }}

),

final as (

    select
        -- ids
        contact_id,

        -- score
        lead_score,
        lead_grade,
        score_reasons,

        -- components
        fit_points,
        behaviour_points,
        profile_penalty_points,
        inactivity_points,

        -- timestamps
        scored_at

    from lead_scores
    where score_basis = 'current'

)

select * from final
