{{ config(severity='warn') }}

{#- Warns about every live account whose merge chain ends nowhere usable:
    merged into a deleted survivor, into an account the CRM export lacks,
    a chain longer than `max_merge_depth`, or a cycle. Such an account owns
    nothing downstream: its contacts and deals resolve to no account (unless
    another rule resolves them), so their touches and revenue detach from
    every account figure. Returns one row per such account with what it
    detaches; fix the merges in the CRM (or the export). -#}

with

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

crm_deals as (

    select * from {{ ref('stg_crm__deals') }}

),

deals_resolved as (

    select * from {{ ref('int_deals_resolved') }}

),

unresolved_merges as (

    select
        account_id,
        merge_status,
        merge_depth
    from accounts_merged
    where
        merge_status in ('deleted_survivor', 'missing_survivor', 'chain_too_long', 'cycle')
        and not is_deleted

),

detached_contacts as (

    select
        crm_account_id as account_id,
        count(*) as detached_contacts
    from contacts_resolved
    where account_id is null
    group by crm_account_id

),

detached_deals as (

    select
        crm_deals.account_id,
        count(*) as detached_deals,
        sum(case when deals_resolved.is_won then deals_resolved.amount end) as detached_won_revenue
    from crm_deals
    inner join deals_resolved
        on crm_deals.deal_id = deals_resolved.deal_id
    where deals_resolved.account_id is null
    group by crm_deals.account_id

),

final as (

    select
        unresolved_merges.account_id,
        unresolved_merges.merge_status,
        unresolved_merges.merge_depth,
        coalesce(detached_contacts.detached_contacts, 0) as detached_contacts,
        coalesce(detached_deals.detached_deals, 0) as detached_deals,
        coalesce(detached_deals.detached_won_revenue, 0) as detached_won_revenue
    from unresolved_merges
    left join detached_contacts
        on unresolved_merges.account_id = detached_contacts.account_id
    left join detached_deals
        on unresolved_merges.account_id = detached_deals.account_id

)

select * from final
