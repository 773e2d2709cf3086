{#- MQL-to-SQL conversion by the number of BANT signals an MQL showed at its
    `mql_at` (docs/metrics.md section 9, BANT qualification): one row per
    BANT count 0 to 4, all five even without MQLs. The MQLs are the funnel
    population's contacts with an `mql_at`; an SQL has `sql_at >= mql_at`.
    The signals are those of basis `at_mql` (only what was known at the
    MQL), so that qualification after the fact cannot flatter the rates. -#}

with

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

bant as (

    select * from {{ ref('int_contacts_bant_qualified') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

bant_counts as (

    -- every BANT count, so that a count without MQLs still has its row
    select cast(0 as integer) as bant_count
    union all
    select cast(1 as integer) as bant_count
    union all
    select cast(2 as integer) as bant_count
    union all
    select cast(3 as integer) as bant_count
    union all
    select cast(4 as integer) as bant_count

),

mqls as (

    select
        funnel_contacts.contact_id,
        funnel_contacts.is_sql_after_mql,
        coalesce(bant.bant_count, 0) as bant_count,
        coalesce(bant.has_budget, false) as has_budget,
        coalesce(bant.has_authority, false) as has_authority,
        coalesce(bant.has_need, false) as has_need,
        coalesce(bant.has_timeline, false) as has_timeline
    from funnel_contacts
    left join bant
        on
            funnel_contacts.contact_id = bant.contact_id
            and bant.score_basis = 'at_mql'
    where funnel_contacts.mql_at is not null

),

counted as (

    select
        bant_count,
        cast(count(*) as {{ dbt.type_bigint() }}) as mqls,
        cast(sum(case when is_sql_after_mql then 1 else 0 end) as {{ dbt.type_bigint() }}) as sqls,
        cast(sum(case when has_budget then 1 else 0 end) as {{ dbt.type_bigint() }}) as mqls_with_budget,
        cast(sum(case when has_authority then 1 else 0 end) as {{ dbt.type_bigint() }}) as mqls_with_authority,
        cast(sum(case when has_need then 1 else 0 end) as {{ dbt.type_bigint() }}) as mqls_with_need,
        cast(sum(case when has_timeline then 1 else 0 end) as {{ dbt.type_bigint() }}) as mqls_with_timeline
    from mqls
    group by bant_count

),

final as (

    select
        -- grain
        bant_counts.bant_count,

        -- counts
        coalesce(counted.mqls, 0) as mqls,
        coalesce(counted.sqls, 0) as sqls,

        -- rates
        {{ safe_ratio('coalesce(counted.sqls, 0)', 'coalesce(counted.mqls, 0)') }} as mql_to_sql_rate,

        -- signals
        coalesce(counted.mqls_with_budget, 0) as mqls_with_budget,
        coalesce(counted.mqls_with_authority, 0) as mqls_with_authority,
        coalesce(counted.mqls_with_need, 0) as mqls_with_need,
        coalesce(counted.mqls_with_timeline, 0) as mqls_with_timeline,

        -- timestamps
        as_of.as_of_at

    from bant_counts
    cross join as_of
    left join counted
        on bant_counts.bant_count = counted.bant_count

)

select * from final
