{#- The MQL cohorts hold every MQL exactly once: the sum of MQLs over all
    cohorts (rpt_mql_to_sql_rates), the MQLs over all months
    (rpt_funnel_monthly) and the contacts of the calibration
    (rpt_lead_score_calibration) all equal the number of non-deleted CRM
    contacts with an mql_at, counted here straight from the identity and
    stage models. Returns a row when they differ. -#}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

rates as (

    select * from {{ ref('rpt_mql_to_sql_rates') }}

),

funnel_monthly as (

    select * from {{ ref('rpt_funnel_monthly') }}

),

calibration as (

    select * from {{ ref('rpt_lead_score_calibration') }}

),

expected as (

    select count(*) as mql_contacts
    from contacts
    inner join contact_stages
        on contacts.contact_id = contact_stages.contact_id
    where
        not contacts.is_deleted
        and contact_stages.mql_at is not null

),

totals as (

    select
        (select coalesce(sum(rates.mqls), 0) from rates) as cohort_mqls,
        (select coalesce(sum(funnel_monthly.mqls), 0) from funnel_monthly) as monthly_mqls,
        (select coalesce(sum(calibration.contacts), 0) from calibration) as calibration_contacts
    from expected

),

final as (

    select
        expected.mql_contacts,
        totals.cohort_mqls,
        totals.monthly_mqls,
        totals.calibration_contacts
    from expected
    cross join totals
    where
        totals.cohort_mqls != expected.mql_contacts
        or totals.monthly_mqls != expected.mql_contacts
        or totals.calibration_contacts != expected.mql_contacts

)

select * from final
