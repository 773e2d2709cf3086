{{ config(materialized='table') }}

{#-
    Every contact with the contact that finally survives its
    `merged_into_contact_id` chain, by the same rule as accounts (followed
    in int_merge_chains_followed): whatever is keyed by a merged-away
    contact belongs to its survivor, so the two records count as one
    person.
-#}

with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

merge_chains_followed as (

    select * from {{ ref('int_merge_chains_followed') }}

),

contact_merge_chains as (

    select * from merge_chains_followed
    where record_type = 'contact'

),

final as (

    select
        -- ids
        contacts.contact_id,
        case
            when contact_merge_chains.merge_status in ('not_merged', 'merged') then contact_merge_chains.last_id
        end as surviving_contact_id,

        -- merge chain
        contact_merge_chains.merge_depth,
        contact_merge_chains.merge_status,

        -- flags
        contact_merge_chains.has_merge_cycle,
        contacts.merged_into_contact_id is not null as is_merged_away,
        contacts.is_deleted

    from contacts
    inner join contact_merge_chains
        on contacts.contact_id = contact_merge_chains.record_id

)

select * from final
