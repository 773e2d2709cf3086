{#- Won new-business deals (`funnel_deal_pipelines`) by UTC close month, and
    new customers by the month of their account's first such win, both by
    the account's acquisition channel (int_accounts_profiled, as in
    dim_accounts), `other` without one. -#}

{%- set pipelines = var('funnel_deal_pipelines') -%}

with

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

account_profiles as (

    select * from {{ ref('int_accounts_profiled') }}

),

won_deals as (

    select
        deals.deal_id,
        deals.account_id,
        deals.closed_at,
        -- a deal of an account merged away or deleted has no acquisition channel
        coalesce(account_profiles.first_touch_channel, 'other') as channel
    from deals
    left join account_profiles
        on deals.account_id = account_profiles.account_id
    where
        deals.is_won
        and not deals.is_deleted
        and deals.closed_at is not null
        and deals.pipeline in ({% for pipeline in pipelines %}'{{ pipeline }}'{{ ', ' if not loop.last }}{% endfor %})

),

first_wins as (

    select
        account_id,
        channel,
        min(closed_at) as first_won_at
    from won_deals
    where account_id is not null
    group by
        account_id,
        channel

),

wins as (

    select
        cast({{ dbt.date_trunc('month', 'closed_at') }} as date) as month,
        channel,
        1 as is_won_deal,
        0 as is_new_customer
    from won_deals

    union all

    select
        cast({{ dbt.date_trunc('month', 'first_won_at') }} as date) as month,
        channel,
        0 as is_won_deal,
        1 as is_new_customer
    from first_wins

),

final as (

    select
        -- grain
        month,
        channel,

        -- counts
        cast(sum(is_won_deal) as {{ dbt.type_bigint() }}) as won_deals,
        cast(sum(is_new_customer) as {{ dbt.type_bigint() }}) as new_customers

    from wins
    group by
        month,
        channel

)

select * from final
