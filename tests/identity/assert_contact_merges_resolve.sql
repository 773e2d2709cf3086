{{ config(severity='warn') }}

{#- Warns about every live contact merged into another whose merge chain
    ends nowhere usable: merged into a deleted contact, into a contact the
    CRM export lacks, a chain longer than `max_merge_depth`, or a cycle (the
    account rule, assert_account_merges_resolve). Such a contact is no
    person of its own and has no survivor: its lifecycle stage changes,
    activities and deals (as primary contact) belong to no contact, so they
    leave every contact figure (MQLs, SQLs, funnel, lead score). Returns one
    row per such contact with what it detaches; fix the merges in the CRM
    (or the export). -#}

with

contacts_merged as (

    select * from {{ ref('int_contacts_merged') }}

),

stage_changes as (

    select * from {{ ref('stg_crm__lifecycle_stage_changes') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

crm_deals as (

    select * from {{ ref('stg_crm__deals') }}

),

unresolved_merges as (

    select
        contact_id,
        merge_status,
        merge_depth
    from contacts_merged
    where
        is_merged_away
        and surviving_contact_id is null
        and not is_deleted

),

detached_stage_changes as (

    select
        contact_id,
        count(*) as detached_stage_changes
    from stage_changes
    group by contact_id

),

detached_activities as (

    select
        contact_id,
        count(*) as detached_activities
    from activities
    group by contact_id

),

detached_deals as (

    select
        primary_contact_id as contact_id,
        count(*) as detached_deals
    from crm_deals
    group by primary_contact_id

),

final as (

    select
        unresolved_merges.contact_id,
        unresolved_merges.merge_status,
        unresolved_merges.merge_depth,
        coalesce(detached_stage_changes.detached_stage_changes, 0) as detached_stage_changes,
        coalesce(detached_activities.detached_activities, 0) as detached_activities,
        coalesce(detached_deals.detached_deals, 0) as detached_deals
    from unresolved_merges
    left join detached_stage_changes
        on unresolved_merges.contact_id = detached_stage_changes.contact_id
    left join detached_activities
        on unresolved_merges.contact_id = detached_activities.contact_id
    left join detached_deals
        on unresolved_merges.contact_id = detached_deals.contact_id

)

select * from final
