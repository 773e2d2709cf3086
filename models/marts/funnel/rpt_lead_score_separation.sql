{#- How well does each variant of the lead score separate the MQLs that
    became SQL from the others? (docs/metrics.md section 9, Calibration.)
    The MQL population of rpt_lead_score_calibration, each contact scored
    at its own `mql_at`, once with page weights (`lead_score`) and once
    without (`lead_score_unweighted`). AUC = the probability that a random
    SQL outscores a random non-SQL, ties counting half, computed from
    ranks (Mann-Whitney): tied scores share the average of their ranks.
    Twice the average rank is an integer, so the AUC is one division of
    integers and the same on every build and engine. -#}

with

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

lead_scores as (

    select * from {{ ref('int_lead_scores_computed') }}

),

scored_mqls as (

    select
        funnel_contacts.contact_id,
        funnel_contacts.is_sql_after_mql,
        lead_scores.lead_score,
        lead_scores.lead_score_unweighted
    from funnel_contacts
    inner join lead_scores
        on
            funnel_contacts.contact_id = lead_scores.contact_id
            and lead_scores.score_basis = 'at_mql'
    where funnel_contacts.mql_at is not null

),

variant_scores as (

    select
        'weighted' as score_variant,
        contact_id,
        is_sql_after_mql,
        lead_score as score
    from scored_mqls
    union all
    select
        'unweighted' as score_variant,
        contact_id,
        is_sql_after_mql,
        lead_score_unweighted as score
    from scored_mqls

),

ranked as (

    -- twice the average rank of a score among its ties: 2 x rank + ties - 1
    select
        score_variant,
        is_sql_after_mql,
        2 * rank() over (partition by score_variant order by score)
        + count(*) over (partition by score_variant, score)
        - 1 as doubled_rank
    from variant_scores

),

aggregated as (

    select
        score_variant,
        cast(count(*) as {{ dbt.type_bigint() }}) as mqls,
        cast(sum(case when is_sql_after_mql then 1 else 0 end) as {{ dbt.type_bigint() }}) as sqls,
        cast(sum(case when is_sql_after_mql then doubled_rank else 0 end) as {{ dbt.type_bigint() }})
            as sql_doubled_rank_sum
    from ranked
    group by score_variant

),

final as (

    select
        -- grain
        score_variant,

        -- counts
        mqls,
        sqls,
        mqls - sqls as non_sqls,

        -- separation
        case
            when sqls > 0 and mqls > sqls
                then
                    cast(sql_doubled_rank_sum - sqls * (sqls + 1) as double)
                    / (2.0 * sqls * (mqls - sqls))
        end as auc

    from aggregated

)

select * from final
