{{ config(materialized='table') }}

{#-
    Follows every account's `merged_into_account_id` chain to its final
    survivor with a bounded number of self-joins (var `max_merge_depth`),
    one CTE per hop, so that it runs on any engine (no recursive CTE).
    hop_<n> holds, for every account whose chain is still moving after n
    hops, the account reached after n hops.
-#}
{%- set max_depth = var('max_merge_depth', 20) | int -%}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

hop_0 as (

    select
        account_id,
        account_id as reached_account_id,
        0 as depth
    from accounts

),
{% for n in range(1, max_depth + 1) %}
hop_{{ n }} as (

    select
        previous_hop.account_id,
        reached.merged_into_account_id as reached_account_id,
        {{ n }} as depth
    from hop_{{ n - 1 }} as previous_hop
    inner join accounts as reached
        on previous_hop.reached_account_id = reached.account_id
    where reached.merged_into_account_id is not null

),
{% endfor %}
chain_steps as (

    {% for n in range(0, max_depth + 1) %}
    select * from hop_{{ n }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

chain_summary as (

    select
        account_id,
        max(depth) as last_depth,
        count(*) as steps,
        count(distinct reached_account_id) as distinct_accounts_reached
    from chain_steps
    group by account_id

),

chain_ends as (

    select
        chain_summary.account_id,
        chain_summary.last_depth,
        chain_summary.distinct_accounts_reached,
        chain_steps.reached_account_id as last_account_id,
        chain_summary.distinct_accounts_reached < chain_summary.steps as has_merge_cycle
    from chain_summary
    inner join chain_steps
        on
            chain_summary.account_id = chain_steps.account_id
            and chain_summary.last_depth = chain_steps.depth

),

classified as (

    select
        chain_ends.account_id,
        chain_ends.last_account_id,
        chain_ends.has_merge_cycle,
        chain_ends.distinct_accounts_reached - 1 as merge_depth,
        case
            when chain_ends.has_merge_cycle then 'cycle'
            when last_account.account_id is null then 'missing_survivor'
            when last_account.merged_into_account_id is not null then 'chain_too_long'
            when last_account.is_deleted then 'deleted_survivor'
            when chain_ends.last_depth = 0 then 'not_merged'
            else 'merged'
        end as merge_status
    from chain_ends
    left join accounts as last_account
        on chain_ends.last_account_id = last_account.account_id

),

final as (

    select
        -- ids
        accounts.account_id,
        case
            when classified.merge_status in ('not_merged', 'merged') then classified.last_account_id
        end as surviving_account_id,

        -- merge chain
        cast(classified.merge_depth as {{ dbt.type_bigint() }}) as merge_depth,
        classified.merge_status,

        -- flags
        classified.has_merge_cycle,
        accounts.is_deleted

    from accounts
    inner join classified
        on accounts.account_id = classified.account_id

)

select * from final
