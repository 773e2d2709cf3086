{#- Salesforce records that are not people of their own, each with the
    contact (or lead) that stands for them: a converted lead becomes its
    contact, a lead or contact merged away becomes the record kept. The
    contract has no leads, and merges are resolved here as for HubSpot, so
    the adapters re-key everything these ids carry (status history, roles,
    campaign memberships, activities) to that record. #}
{%- set text = dbt.type_string() %}

with

contact as (

    select * from {{ source('salesforce', 'contact') }}

),

lead as (

    select * from {{ source('salesforce', 'lead') }}

),

-- one link per record: a lead merged away is merged, else converted
links as (

    select
        cast(id as {{ text }}) as from_id,
        cast(master_record_id as {{ text }}) as to_id
    from contact
    where master_record_id is not null

    union all

    select
        cast(id as {{ text }}) as from_id,
        coalesce(
            cast(master_record_id as {{ text }}),
            case
                when {{ parse_bool('cast(is_converted as ' ~ text ~ ')') }}
                    then cast(converted_contact_id as {{ text }})
            end
        ) as to_id
    from lead
    where
        master_record_id is not null
        or ({{ parse_bool('cast(is_converted as ' ~ text ~ ')') }} and converted_contact_id is not null)

),

-- chains (a lead merged into a lead later converted into a contact merged
-- into another) are followed over four links
final as (

    select distinct
        first_link.from_id as person_id,
        coalesce(fourth_link.to_id, third_link.to_id, second_link.to_id, first_link.to_id) as contact_id
    from links as first_link
    left join links as second_link on first_link.to_id = second_link.from_id
    left join links as third_link on second_link.to_id = third_link.from_id
    left join links as fourth_link on third_link.to_id = fourth_link.from_id
    where first_link.from_id != first_link.to_id

)

select * from final
