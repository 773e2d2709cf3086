{{ config(materialized='table') }}

{#- One row per non-deleted CRM contact with at least one lifecycle stage:
    the funnel population of every funnel figure (docs/metrics.md sections 4-5;
    deleted contacts are excluded from all of them). Carries the stage
    times, the UTC month of each stage, the acquisition channel and the
    durations between stages in elapsed days:
    - `days_<a>_to_<b>`: only for contacts that entered stage b themselves
      (not back-filled from a skip), the population of the median times;
    - `days_mql_to_sql_elapsed`: sql_at - mql_at for every SQL, the basis of
      the windowed MQL-to-SQL rates;
    - `sql_speed`: `nurtured` when sql_at - lead_at >= `nurtured_sql_min_days`
      (30), else `fast`. -#}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

acquisitions as (

    select * from {{ ref('int_contact_acquisitions_resolved') }}

),

funnel_contacts as (

    select
        contact_stages.*,
        acquisitions.acquisition_channel
    from contact_stages
    inner join contacts
        on contact_stages.contact_id = contacts.contact_id
    inner join acquisitions
        on contact_stages.contact_id = acquisitions.contact_id
    where not contacts.is_deleted

),

final as (

    select
        -- ids
        contact_id,

        -- acquisition
        acquisition_channel,

        -- stage timestamps (back-filled over skipped stages)
        lead_at,
        mql_at,
        sql_at,
        opportunity_at,
        customer_at,

        -- stage months (UTC)
        {%- for stage in ['lead', 'mql', 'sql', 'opportunity', 'customer'] %}
        cast({{ dbt.date_trunc('month', stage ~ '_at') }} as date) as {{ stage }}_month,
        {%- endfor %}

        -- durations between stages, for contacts that entered the later stage themselves
        case
            when is_mql_reached_directly then {{ days_between('lead_at', 'mql_at') }}
        end as days_lead_to_mql,
        case
            when is_sql_reached_directly then {{ days_between('mql_at', 'sql_at') }}
        end as days_mql_to_sql,
        case
            when is_opportunity_reached_directly then {{ days_between('sql_at', 'opportunity_at') }}
        end as days_sql_to_opportunity,
        case
            when is_customer_reached_directly then {{ days_between('opportunity_at', 'customer_at') }}
        end as days_opportunity_to_customer,

        -- durations for every contact reaching both stages
        case
            when sql_at >= mql_at then {{ days_between('mql_at', 'sql_at') }}
        end as days_mql_to_sql_elapsed,
        {{ days_between('lead_at', 'sql_at') }} as days_lead_to_sql,

        -- classification
        case
            when sql_at is null then null
            when {{ days_between('lead_at', 'sql_at') }} >= {{ var('nurtured_sql_min_days') }} then 'nurtured'
            else 'fast'
        end as sql_speed,

        -- flags
        is_lead_reached_directly,
        is_mql_reached_directly,
        is_sql_reached_directly,
        is_opportunity_reached_directly,
        is_customer_reached_directly,
        coalesce(sql_at >= mql_at, false) as is_sql_after_mql

    from funnel_contacts

)

select * from final
