{{ config(materialized='table') }}

{#-
    Every account with the account that finally survives its
    `merged_into_account_id` chain: the chain is followed in
    int_merge_chains_followed (the merge rule shared with contacts); only a
    chain that ends `not_merged` or `merged` has a survivor.
-#}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

merge_chains_followed as (

    select * from {{ ref('int_merge_chains_followed') }}

),

account_merge_chains as (

    select * from merge_chains_followed
    where record_type = 'account'

),

final as (

    select
        -- ids
        accounts.account_id,
        case
            when account_merge_chains.merge_status in ('not_merged', 'merged') then account_merge_chains.last_id
        end as surviving_account_id,

        -- merge chain
        account_merge_chains.merge_depth,
        account_merge_chains.merge_status,

        -- flags
        account_merge_chains.has_merge_cycle,
        accounts.is_deleted

    from accounts
    inner join account_merge_chains
        on accounts.account_id = account_merge_chains.record_id

)

select * from final
