{{ config(materialized='table', schema='raw') }}

{#-
    The root of every merged-away contact record's merge tree, for privacy
    deletions (macro contact_merge_trees_sql): the records of one tree are
    one person, forgotten together. Ids only, and kept in schema `raw` with
    the loaded files, since a forgotten person's ids must not reach any
    other schema. A table, read by every base model's forget filters: as a
    subquery inlined in each of them it was planned dozens of times per
    model.

    The root is the record the chain ends on within `max_merge_depth` hops
    (a self-join per hop, over the merged records only); for a chain still
    moving after those hops (a cycle), the least id of its second half, the
    same for every member of the cycle.
-#}
{%- set depth = var('max_merge_depth', 20) | int %}

with

contacts as (

    select * from {{ crm_relation('crm_contacts') }}

),

merge_links as (

    select distinct
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('merged_into_contact_id') }} as merged_into
    from contacts
    where
        {{ clean_text('contact_id') }} is not null
        and {{ clean_text('merged_into_contact_id') }} is not null

),

hop_0 as (

    select
        contact_id,
        merged_into as reached_id,
        0 as hop
    from merge_links

),
{% for n in range(1, depth + 1) %}
hop_{{ n }} as (

    select
        previous_hop.contact_id,
        next_link.merged_into as reached_id,
        {{ n }} as hop
    from hop_{{ n - 1 }} as previous_hop
    inner join merge_links as next_link
        on previous_hop.reached_id = next_link.contact_id

),
{% endfor %}
chain_steps as (

    {% for n in range(0, depth + 1) %}
    select * from hop_{{ n }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

chain_ends as (

    select
        contact_id,
        max(hop) as last_hop
    from chain_steps
    group by contact_id

),

final as (

    select
        chain_ends.contact_id,
        case
            -- still moving after every hop: a cycle
            when chain_ends.last_hop = {{ depth }}
                then min(case when chain_steps.hop >= {{ (depth + 1) // 2 }} then chain_steps.reached_id end)
            else max(case when chain_steps.hop = chain_ends.last_hop then chain_steps.reached_id end)
        end as root_id
    from chain_ends
    inner join chain_steps
        on chain_ends.contact_id = chain_steps.contact_id
    group by chain_ends.contact_id, chain_ends.last_hop

)

select * from final
