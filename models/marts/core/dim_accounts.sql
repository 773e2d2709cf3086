{#- One row per surviving, non-deleted CRM account (an account merged into
    another lives on as its survivor; deleted accounts own nothing): its
    firmographics, first touch and acquisition channel, touchpoint count and
    lifecycle stage (int_accounts_profiled) and its RFM segment. -#}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

account_profiles as (

    select * from {{ ref('int_accounts_profiled') }}

),

rfm_scores as (

    select * from {{ ref('int_accounts_rfm_scored') }}

),

final as (

    select
        -- ids
        accounts.account_id,

        -- firmographics
        accounts.account_name,
        accounts.website_domain,
        accounts.industry,
        accounts.employee_count,
        accounts.country,

        -- touchpoints
        account_profiles.first_touch_at,
        account_profiles.first_touch_channel,
        account_profiles.touchpoint_count,

        -- funnel
        account_profiles.lifecycle_stage,
        account_profiles.contact_count,
        account_profiles.won_deal_count,
        account_profiles.first_won_at,

        -- RFM segment (docs/metrics.md section 9)
        rfm_scores.rfm_recency_days,
        rfm_scores.rfm_frequency_touches,
        rfm_scores.rfm_monetary_amount,
        rfm_scores.rfm_recency_score,
        rfm_scores.rfm_frequency_score,
        rfm_scores.rfm_monetary_score,
        rfm_scores.rfm_segment,

        -- timestamps
        accounts.created_at

    from account_profiles
    inner join accounts
        on account_profiles.account_id = accounts.account_id
    left join rfm_scores
        on account_profiles.account_id = rfm_scores.account_id

)

select * from final
