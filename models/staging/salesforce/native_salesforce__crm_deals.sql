{#- Salesforce opportunities as the contract's crm_deals (text columns): the
    stage label, the pipeline mapped from the type by seed
    salesforce_opportunity_types, the primary contact role (else the
    earliest role), and the close date only once the opportunity is closed. #}
{%- set text = dbt.type_string() %}

with

opportunity as (

    select * from {{ source('salesforce', 'opportunity') }}
    where _fivetran_active is null or {{ parse_bool('cast(_fivetran_active as ' ~ text ~ ')') }}

),

contact_roles as (

    select * from {{ source('salesforce', 'opportunity_contact_role') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

person_keys as (

    select * from {{ ref('native_salesforce__person_keys') }}

),

type_map as (

    select * from {{ ref('salesforce_opportunity_types') }}

),

-- the primary role, else the earliest one added
ranked_roles as (

    select
        cast(contact_roles.opportunity_id as {{ text }}) as deal_id,
        coalesce(person_keys.contact_id, cast(contact_roles.contact_id as {{ text }})) as contact_id,
        row_number() over (
            partition by cast(contact_roles.opportunity_id as {{ text }})
            order by
                case when {{ parse_bool('cast(contact_roles.is_primary as ' ~ text ~ ')') }} then 0 else 1 end,
                {{ parse_timestamp_utc('cast(contact_roles.created_date as ' ~ text ~ ')') }},
                cast(contact_roles.id as {{ text }})
        ) as role_rank
    from contact_roles
    left join person_keys on cast(contact_roles.contact_id as {{ text }}) = person_keys.person_id
    where
        not {{ parse_bool('cast(contact_roles.is_deleted as ' ~ text ~ ')') }}
        and contact_roles.contact_id is not null

),

final as (

    select
        cast(opportunity.id as {{ text }}) as deal_id,
        cast(opportunity.account_id as {{ text }}) as account_id,
        ranked_roles.contact_id as primary_contact_id,
        cast(opportunity.name as {{ text }}) as deal_name,
        coalesce(type_map.pipeline, lower(trim(cast(opportunity.type as {{ text }})))) as pipeline,
        cast(opportunity.amount as {{ text }}) as amount,
        coalesce(
            cast(opportunity.currency_iso_code as {{ text }}), '{{ var("salesforce_default_currency") }}'
        ) as currency,
        cast(opportunity.created_date as {{ text }}) as created_at,
        -- the close date is the expected one while the opportunity is open
        case
            when {{ parse_bool('cast(opportunity.is_closed as ' ~ text ~ ')') }}
                then substring(cast(opportunity.close_date as {{ text }}), 1, 10)
        end as close_date,
        cast(opportunity.stage_name as {{ text }}) as deal_stage,
        cast(opportunity.is_closed as {{ text }}) as is_closed,
        cast(opportunity.is_won as {{ text }}) as is_won,
        coalesce(
            cast(opportunity.is_deleted as {{ text }}), cast(opportunity._fivetran_deleted as {{ text }}), 'false'
        ) as is_deleted,
        case
            when not {{ parse_bool('cast(opportunity.is_closed as ' ~ text ~ ')') }}
                then substring(cast(opportunity.close_date as {{ text }}), 1, 10)
        end as expected_close_date,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from opportunity
    left join type_map on lower(trim(cast(opportunity.type as {{ text }}))) = type_map.source_value
    left join ranked_roles
        on
            cast(opportunity.id as {{ text }}) = ranked_roles.deal_id
            and ranked_roles.role_rank = 1

)

select * from final
