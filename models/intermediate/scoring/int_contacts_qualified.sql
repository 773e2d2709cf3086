{#- One row per CRM contact: how qualified it is as of the data's as-of
    time, for dim_contacts. Its lead score, grade and reasons (the `current`
    basis of int_lead_scores_computed), its RFM scores and segment
    (int_contacts_rfm_scored) and its BANT signals (int_contacts_bant_qualified),
    each on its `current` basis. -#}

with

lead_scores as (

    select * from {{ ref('int_lead_scores_computed') }}

),

rfm_scores as (

    select * from {{ ref('int_contacts_rfm_scored') }}

),

bant as (

    select * from {{ ref('int_contacts_bant_qualified') }}

),

final as (

    select
        -- ids
        lead_scores.contact_id,

        -- lead score
        lead_scores.lead_score,
        lead_scores.lead_score_unweighted,
        lead_scores.lead_grade,
        lead_scores.score_reasons,
        lead_scores.fit_points,
        lead_scores.behaviour_points,
        lead_scores.profile_penalty_points,
        lead_scores.inactivity_points,

        -- RFM segment
        rfm_scores.rfm_recency_days,
        rfm_scores.rfm_frequency_touches,
        rfm_scores.rfm_monetary_amount,
        rfm_scores.rfm_recency_score,
        rfm_scores.rfm_frequency_score,
        rfm_scores.rfm_monetary_score,
        rfm_scores.rfm_segment,

        -- BANT
        bant.bant_count,
        bant.has_budget,
        bant.has_authority,
        bant.has_need,
        bant.has_timeline,
        bant.bant_reasons,

        -- timestamps
        lead_scores.scored_at

    from lead_scores
    left join rfm_scores
        on
            lead_scores.contact_id = rfm_scores.contact_id
            and rfm_scores.score_basis = 'current'
    left join bant
        on
            lead_scores.contact_id = bant.contact_id
            and bant.score_basis = 'current'
    where lead_scores.score_basis = 'current'

)

select * from final
