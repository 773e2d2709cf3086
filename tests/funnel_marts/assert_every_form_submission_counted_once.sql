{#- rpt_conversions_vs_opportunities_monthly counts every staged form
    submission exactly once (intent changes no touchpoint rule), and its
    intent counts add up to its submissions in every row. Returns a row per
    problem. -#}

with

submissions as (

    select * from {{ ref('stg_web__form_submissions') }}

),

conversions as (

    select * from {{ ref('rpt_conversions_vs_opportunities_monthly') }}

),

total_check as (

    select
        'total' as problem,
        cast(null as date) as month,
        cast(null as {{ dbt.type_string() }}) as channel
    from (select count(*) as staged_submissions from submissions) as staged
    cross join (select coalesce(sum(form_submissions), 0) as reported_submissions from conversions) as reported
    where staged.staged_submissions != reported.reported_submissions

),

row_check as (

    select
        'intents_do_not_add_up' as problem,
        month,
        channel
    from conversions
    where form_submissions != sales_requests + content_conversions + spam_or_test + unknown_intent

),

final as (

    select * from total_check
    union all
    select * from row_check

)

select * from final
