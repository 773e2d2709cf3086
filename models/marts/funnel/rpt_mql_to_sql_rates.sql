{#- MQL-to-SQL conversion by MQL cohort month and acquisition channel
    (docs/metrics.md section 5). A cohort is the non-deleted contacts whose
    `mql_at` falls in the UTC month; an SQL of the cohort has
    `sql_at >= mql_at`; the N-day windows (30, 60, 90) count
    `sql_at - mql_at <= N` elapsed days. A windowed rate is null until the
    cohort is mature: its month's end + N days on or before the data's
    as-of time. -#}

with

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

cohort_members as (

    select
        acquisition_channel,
        is_sql_after_mql,
        days_mql_to_sql_elapsed,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as cohort_month
    from funnel_contacts
    where mql_at is not null

),

cohorts as (

    select
        cohort_month,
        acquisition_channel,
        cast(count(*) as {{ dbt.type_bigint() }}) as mqls,
        cast(sum(case when is_sql_after_mql then 1 else 0 end) as {{ dbt.type_bigint() }}) as sqls,
        cast(sum(case when days_mql_to_sql_elapsed <= 30 then 1 else 0 end) as {{ dbt.type_bigint() }})
            as sqls_within_30d,
        cast(sum(case when days_mql_to_sql_elapsed <= 60 then 1 else 0 end) as {{ dbt.type_bigint() }})
            as sqls_within_60d,
        cast(sum(case when days_mql_to_sql_elapsed <= 90 then 1 else 0 end) as {{ dbt.type_bigint() }})
            as sqls_within_90d
    from cohort_members
    group by
        cohort_month,
        acquisition_channel

),

cohort_ends as (

    select
        cohorts.*,
        as_of.as_of_at,
        cast({{ dbt.dateadd('month', '1', 'cohorts.cohort_month') }} as timestamp) as cohort_month_end_at
    from cohorts
    cross join as_of

),

flagged as (

    select
        *,
        {{ dbt.dateadd('day', 30, 'cohort_month_end_at') }} <= as_of_at as is_mature_30d,
        {{ dbt.dateadd('day', 60, 'cohort_month_end_at') }} <= as_of_at as is_mature_60d,
        {{ dbt.dateadd('day', 90, 'cohort_month_end_at') }} <= as_of_at as is_mature_90d
    from cohort_ends

),

final as (

    select
        -- grain
        cohort_month,
        acquisition_channel,

        -- counts
        mqls,
        sqls,
        sqls_within_30d,
        sqls_within_60d,
        sqls_within_90d,

        -- rates
        {{ safe_ratio('sqls', 'mqls') }} as mql_to_sql_rate,
        case when is_mature_30d then {{ safe_ratio('sqls_within_30d', 'mqls') }} end as mql_to_sql_rate_30d,
        case when is_mature_60d then {{ safe_ratio('sqls_within_60d', 'mqls') }} end as mql_to_sql_rate_60d,
        case when is_mature_90d then {{ safe_ratio('sqls_within_90d', 'mqls') }} end as mql_to_sql_rate_90d,

        -- maturity
        is_mature_30d,
        is_mature_60d,
        is_mature_90d,
        cohort_month_end_at > as_of_at as is_partial_month,
        cohort_month_end_at,
        as_of_at

    from flagged

)

select * from final
