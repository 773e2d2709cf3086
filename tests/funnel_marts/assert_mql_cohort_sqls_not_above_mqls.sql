{#- In every MQL cohort row: windowed SQLs <= SQLs <= MQLs, and the windows
    nest (30 <= 60 <= 90 days). Returns the offending rows. -#}

with

rates as (

    select * from {{ ref('rpt_mql_to_sql_rates') }}

),

final as (

    select
        cohort_month,
        acquisition_channel,
        mqls,
        sqls,
        sqls_within_30d,
        sqls_within_60d,
        sqls_within_90d
    from rates
    where
        mqls <= 0
        or sqls > mqls
        or sqls_within_90d > sqls
        or sqls_within_60d > sqls_within_90d
        or sqls_within_30d > sqls_within_60d

)

select * from final
