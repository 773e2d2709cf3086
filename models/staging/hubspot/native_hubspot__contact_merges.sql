{{ config(enabled=var('crm_source', 'files') == 'hubspot' or var('forms_source', none) == 'hubspot') }}

{#- Merged HubSpot contacts: each merged-away contact id with the contact it
    was merged into, read from the survivor's list of merged ids. #}
{%- set text = dbt.type_string() %}

with

contact as (

    select * from {{ source('hubspot', 'contact') }}

),

listed as (

    select
        survivor_contact_id,
        trim(listed_id) as loser_contact_id
    from (
        select
            cast(id as {{ text }}) as survivor_contact_id,
            {{ native_split_rows('cast(property_hs_merged_object_ids as ' ~ text ~ ')', ';') }} as listed_id
        from contact
        where property_hs_merged_object_ids is not null
    ) as exploded

),

-- a survivor lists its own id too: keep the other ones; a chain can list one
-- loser under several survivors: the survivor that is not merged away wins
final as (

    select
        listed.loser_contact_id,
        min(listed.survivor_contact_id) as survivor_contact_id
    from listed
    where
        listed.loser_contact_id != listed.survivor_contact_id
        and listed.loser_contact_id != ''
        and listed.survivor_contact_id not in (
            select inner_listed.loser_contact_id from listed as inner_listed
            where inner_listed.loser_contact_id != inner_listed.survivor_contact_id
        )
    group by listed.loser_contact_id

)

select * from final
