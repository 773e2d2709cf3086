{#- Does the lead score predict conversion? (docs/metrics.md section 9.) Every
    non-deleted MQL contact is scored with only what was known at its own
    `mql_at` (no later behaviour), ranked into ten deciles by `ntile(10)`
    over score then contact_id (decile 10 = highest scores), and the SQL
    rate of each decile is reported. A calibrated score shows SQL rates
    rising with the decile. The 90-day columns only count MQLs whose
    `mql_at` + 90 days is on or before the as-of time, so that recent MQLs
    that had no time to convert do not dilute the rate. -#}

with

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

lead_scores as (

    select * from {{ ref('int_lead_scores_computed') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

scored_mqls as (

    select
        funnel_contacts.contact_id,
        lead_scores.lead_score,
        funnel_contacts.is_sql_after_mql,
        {{ dbt.dateadd('day', 90, 'funnel_contacts.mql_at') }} <= as_of.as_of_at as is_mature_90d,
        coalesce(funnel_contacts.days_mql_to_sql_elapsed <= 90, false) as is_sql_within_90d
    from funnel_contacts
    inner join lead_scores
        on
            funnel_contacts.contact_id = lead_scores.contact_id
            and lead_scores.score_basis = 'at_mql'
    cross join as_of
    where funnel_contacts.mql_at is not null

),

ranked as (

    select
        *,
        ntile(10) over (order by lead_score, contact_id) as score_decile
    from scored_mqls

),

aggregated as (

    select
        score_decile,
        count(*) as contacts,
        sum(case when is_sql_after_mql then 1 else 0 end) as sqls,
        sum(case when is_mature_90d then 1 else 0 end) as mature_contacts_90d,
        sum(case when is_mature_90d and is_sql_within_90d then 1 else 0 end) as sqls_within_90d,
        min(lead_score) as min_score,
        max(lead_score) as max_score,
        -- the scores (2 decimals) added exactly, then / count: avg() of doubles
        -- would depend on the order the rows are added in
        {{ safe_ratio(exact_sum('lead_score', 2), 'count(lead_score)') }} as average_score
    from ranked
    group by score_decile

),

final as (

    select
        -- grain
        cast(score_decile as {{ dbt.type_bigint() }}) as score_decile,

        -- counts
        cast(contacts as {{ dbt.type_bigint() }}) as contacts,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,

        -- rates
        cast(sqls as double) / contacts as sql_rate,

        -- score range
        cast(min_score as double) as min_score,
        cast(max_score as double) as max_score,
        cast(average_score as double) as average_score,

        -- mature 90-day view
        cast(mature_contacts_90d as {{ dbt.type_bigint() }}) as mature_contacts_90d,
        cast(sqls_within_90d as {{ dbt.type_bigint() }}) as sqls_within_90d,
        case
            when mature_contacts_90d > 0 then cast(sqls_within_90d as double) / mature_contacts_90d
        end as sql_rate_90d

    from aggregated

)

select * from final
