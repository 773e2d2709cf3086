{#- RFM segments (docs/metrics.md section 9, RFM segments): one row per
    segment of seed `rfm_segments` (all of them, also when empty) with its
    current contacts and accounts, and the MQL-to-SQL rate of the MQLs it
    held at their own `mql_at` (basis `at_mql`, nothing known after it), so
    that the rate shows whether the segment predicts conversion without
    leaking the outcome. -#}

with

segments as (

    select * from {{ ref('rfm_segments') }}

),

contact_scores as (

    select * from {{ ref('int_contacts_rfm_scored') }}

),

account_scores as (

    select * from {{ ref('int_accounts_rfm_scored') }}

),

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

current_contacts as (

    select
        rfm_segment,
        count(*) as contacts
    from contact_scores
    where score_basis = 'current'
    group by rfm_segment

),

current_accounts as (

    select
        rfm_segment,
        count(*) as accounts
    from account_scores
    group by rfm_segment

),

mql_conversions as (

    select
        contact_scores.rfm_segment,
        count(*) as mqls,
        sum(case when funnel_contacts.is_sql_after_mql then 1 else 0 end) as sqls
    from contact_scores
    inner join funnel_contacts
        on contact_scores.contact_id = funnel_contacts.contact_id
    where
        contact_scores.score_basis = 'at_mql'
        and funnel_contacts.mql_at is not null
    group by contact_scores.rfm_segment

),

final as (

    select
        -- grain
        segments.segment,

        -- levels
        segments.recency_level,
        segments.frequency_level,
        segments.monetary_level,

        -- counts
        cast(coalesce(current_contacts.contacts, 0) as {{ dbt.type_bigint() }}) as contacts,
        cast(coalesce(current_accounts.accounts, 0) as {{ dbt.type_bigint() }}) as accounts,
        cast(coalesce(mql_conversions.mqls, 0) as {{ dbt.type_bigint() }}) as mqls,
        cast(coalesce(mql_conversions.sqls, 0) as {{ dbt.type_bigint() }}) as sqls,

        -- rates
        {{ safe_ratio('mql_conversions.sqls', 'mql_conversions.mqls') }} as mql_to_sql_rate

    from segments
    left join current_contacts
        on segments.segment = current_contacts.rfm_segment
    left join current_accounts
        on segments.segment = current_accounts.rfm_segment
    left join mql_conversions
        on segments.segment = mql_conversions.rfm_segment

)

select * from final
