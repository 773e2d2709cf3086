{#- Every contact with a lifecycle stage timestamp in dim_contacts has
    transition rows in fct_lead_stage_transitions, and each of its
    `<stage>_at` is the time of one of its transitions into that stage or a
    later one (back-fill never invents a time). Returns the offending
    (contact, stage) pairs. -#}
{%- set stage_columns = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'] %}

with

contacts as (

    select * from {{ ref('dim_contacts') }}

),

transitions as (

    select * from {{ ref('fct_lead_stage_transitions') }}

),

stage_seed as (

    select * from {{ ref('lifecycle_stages') }}

),

funnel_stages as (

    select distinct
        lifecycle_stage,
        stage_order
    from stage_seed
    where stage_order is not null

),

contact_stage_times as (

    {% for stage in stage_columns %}
    select
        contact_id,
        '{{ stage }}' as lifecycle_stage,
        {{ stage }}_at as reached_at
    from contacts
    where {{ stage }}_at is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

unexplained as (

    select
        contact_stage_times.contact_id,
        contact_stage_times.lifecycle_stage,
        contact_stage_times.reached_at
    from contact_stage_times
    inner join funnel_stages
        on contact_stage_times.lifecycle_stage = funnel_stages.lifecycle_stage
    where not exists (
        select 1
        from transitions
        where
            transitions.contact_id = contact_stage_times.contact_id
            and transitions.changed_at = contact_stage_times.reached_at
            and transitions.to_stage_order >= funnel_stages.stage_order
    )

)

select * from unexplained
