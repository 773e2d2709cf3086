{#- One row per non-deleted CRM contact: its account (through merges, else
    its email's corporate domain), a keyed hash of its email and when it
    reached each lifecycle stage, its acquisition channel and how qualified
    it is (lead score, RFM segment, BANT). No raw email, phone or name. Deleted
    contacts are excluded (deleted records own nothing downstream and are
    excluded from every funnel figure). -#}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

acquisitions as (

    select * from {{ ref('int_contact_acquisitions_resolved') }}

),

qualification as (

    select * from {{ ref('int_contacts_qualified') }}

),

final as (

    select
        -- ids
        contacts.contact_id,
        contacts.account_id,
        {{ email_hash('contacts.email_key') }} as email_hash,

        -- attributes
        contacts.account_resolution_method,
        contact_stages.current_stage,
        contact_stages.highest_stage,

        -- stage timestamps (back-filled over skipped stages)
        contact_stages.subscriber_at,
        contact_stages.lead_at,
        contact_stages.mql_at,
        contact_stages.sql_at,
        contact_stages.opportunity_at,
        contact_stages.customer_at,
        contact_stages.disqualified_at,
        contacts.created_at,

        -- acquisition and lead score
        coalesce(acquisitions.acquisition_channel, 'other') as acquisition_channel,
        acquisitions.acquisition_touchpoint_id,
        acquisitions.acquisition_basis,
        qualification.lead_score,
        qualification.lead_score_unweighted,
        qualification.lead_grade,
        qualification.score_reasons,
        qualification.fit_points,
        qualification.behaviour_points,
        qualification.profile_penalty_points,
        qualification.inactivity_points,

        -- RFM segment (current basis)
        qualification.rfm_recency_days,
        qualification.rfm_frequency_touches,
        qualification.rfm_monetary_amount,
        qualification.rfm_recency_score,
        qualification.rfm_frequency_score,
        qualification.rfm_monetary_score,
        qualification.rfm_segment,

        -- BANT (current basis)
        qualification.bant_count,
        qualification.has_budget,
        qualification.has_authority,
        qualification.has_need,
        qualification.has_timeline,
        qualification.bant_reasons,

        -- flags
        coalesce(contact_stages.is_lead_reached_directly, false) as is_lead_reached_directly,
        coalesce(contact_stages.is_mql_reached_directly, false) as is_mql_reached_directly,
        coalesce(contact_stages.is_sql_reached_directly, false) as is_sql_reached_directly,
        coalesce(contact_stages.is_opportunity_reached_directly, false) as is_opportunity_reached_directly,
        coalesce(contact_stages.is_customer_reached_directly, false) as is_customer_reached_directly,
        coalesce(contact_stages.is_disqualified, false) as is_disqualified,
        contacts.is_free_email_domain,
        contacts.is_email_valid,
        contacts.is_phone_valid

    from contacts
    left join contact_stages
        on contacts.contact_id = contact_stages.contact_id
    left join acquisitions
        on contacts.contact_id = acquisitions.contact_id
    left join qualification
        on contacts.contact_id = qualification.contact_id
    where not contacts.is_deleted

)

select * from final
