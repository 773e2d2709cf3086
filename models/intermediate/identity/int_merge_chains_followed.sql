{{ config(materialized='table') }}

{#-
    The CRM's merge rule, one rule for accounts and contacts: follows every
    record's merged-into chain to its final survivor, one row per
    (record_type, record_id). int_accounts_merged and int_contacts_merged
    read it, each filtered to its record_type.

    The chain is followed with a bounded number of self-joins (var
    `max_merge_depth`), one CTE per hop, so that it runs on any engine (no
    recursive CTE). hop_<n> holds, for every record whose chain is still
    moving after n hops, the record reached after n hops; a hop joins on
    record_type and id, so an account never reaches a contact. merge_status:
    `not_merged`, `merged` (last_id is the survivor), or why no survivor:
    `cycle`, `missing_survivor` (not in the export), `chain_too_long`,
    `deleted_survivor`.
-#}
{%- set max_depth = var('max_merge_depth', 20) | int %}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

merge_records as (

    select
        'account' as record_type,
        account_id as record_id,
        merged_into_account_id as merged_into_id,
        is_deleted
    from accounts

    union all

    select
        'contact' as record_type,
        contact_id as record_id,
        merged_into_contact_id as merged_into_id,
        is_deleted
    from contacts

),

hop_0 as (

    select
        record_type,
        record_id,
        record_id as reached_id,
        0 as depth
    from merge_records

),
{% for n in range(1, max_depth + 1) %}
hop_{{ n }} as (

    select
        previous_hop.record_type,
        previous_hop.record_id,
        reached.merged_into_id as reached_id,
        {{ n }} as depth
    from hop_{{ n - 1 }} as previous_hop
    inner join merge_records as reached
        on
            previous_hop.record_type = reached.record_type
            and previous_hop.reached_id = reached.record_id
    where reached.merged_into_id is not null

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
        record_type,
        record_id,
        max(depth) as last_depth,
        count(*) as steps,
        count(distinct reached_id) as distinct_records_reached
    from chain_steps
    group by record_type, record_id

),

chain_ends as (

    select
        chain_summary.record_type,
        chain_summary.record_id,
        chain_summary.last_depth,
        chain_summary.distinct_records_reached,
        chain_steps.reached_id as last_id,
        chain_summary.distinct_records_reached < chain_summary.steps as has_merge_cycle
    from chain_summary
    inner join chain_steps
        on
            chain_summary.record_type = chain_steps.record_type
            and chain_summary.record_id = chain_steps.record_id
            and chain_summary.last_depth = chain_steps.depth

),

chains_classified as (

    select
        chain_ends.record_type,
        chain_ends.record_id,
        chain_ends.last_id,
        chain_ends.has_merge_cycle,
        chain_ends.distinct_records_reached - 1 as merge_depth,
        case
            when chain_ends.has_merge_cycle then 'cycle'
            when last_record.record_id is null then 'missing_survivor'
            when last_record.merged_into_id is not null then 'chain_too_long'
            when last_record.is_deleted then 'deleted_survivor'
            when chain_ends.last_depth = 0 then 'not_merged'
            else 'merged'
        end as merge_status
    from chain_ends
    left join merge_records as last_record
        on
            chain_ends.record_type = last_record.record_type
            and chain_ends.last_id = last_record.record_id

),

final as (

    select
        -- ids
        record_type,
        record_id,
        last_id,

        -- merge chain
        cast(merge_depth as {{ dbt.type_bigint() }}) as merge_depth,
        merge_status,

        -- flags
        has_merge_cycle

    from chains_classified

)

select * from final
