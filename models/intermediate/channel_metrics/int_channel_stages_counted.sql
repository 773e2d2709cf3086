{#- Funnel stages reached by UTC month and the contact's acquisition
    channel (leads, MQLs, SQLs, opportunities), and the MQL-to-SQL rate of
    the month's MQL cohort: the cohort's contacts with `is_sql_after_mql`
    over its MQLs, as rpt_mql_to_sql_rates (the cohort of a month is the
    contacts whose MQL month it is, so its size is `mqls`). -#}

with

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

stages_reached as (

    {%- for stage in ['lead', 'mql', 'sql', 'opportunity'] %}
    select
        {{ stage }}_month as month,
        acquisition_channel as channel,
        '{{ stage }}' as lifecycle_stage,
        {%- if stage == 'mql' %}
        is_sql_after_mql
        {%- else %}
        false as is_sql_after_mql
        {%- endif %}
    from funnel_contacts
    where {{ stage }}_month is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

stage_counts as (

    select
        month,
        channel,
        sum(case when lifecycle_stage = 'lead' then 1 else 0 end) as leads,
        sum(case when lifecycle_stage = 'mql' then 1 else 0 end) as mqls,
        sum(case when lifecycle_stage = 'sql' then 1 else 0 end) as sqls,
        sum(case when lifecycle_stage = 'opportunity' then 1 else 0 end) as opportunities,
        sum(case when lifecycle_stage = 'mql' and is_sql_after_mql then 1 else 0 end) as mql_cohort_sqls
    from stages_reached
    group by
        month,
        channel

),

final as (

    select
        -- grain
        month,
        channel,

        -- counts
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,
        cast(opportunities as {{ dbt.type_bigint() }}) as opportunities,

        -- rates
        {{ safe_ratio('mql_cohort_sqls', 'mqls') }} as mql_to_sql_rate

    from stage_counts

)

select * from final
