{#- Segment (or RudderStack) identify calls as the contract's web_identifies
    (text columns). Only the email trait (var segment_identify_email_trait)
    is read: no other trait leaves the native table. #}
{#- Built only when Segment supplies this table (vars web_source, forms_source). #}
{{ config(enabled=contract_table_supplier('web_identifies') == 'segment') }}
{%- set text = dbt.type_string() %}
{%- set email_trait = var('segment_identify_email_trait') %}

with

identifies as (

    select * from {{ source('segment', 'identifies') }}

),

-- A redelivered message keeps its id and content with a later received_at:
-- only the earliest delivery of a message (same id, browser and time) is
-- kept; rows sharing an id otherwise reach staging, which rejects
-- conflicting ones, as for a file.
ranked as (

    select
        identifies.id,
        identifies.anonymous_id,
        identifies.{{ email_trait }},
        identifies.timestamp,
        {{ segment_delivery_number('identifies') }} as delivery_number
    from identifies

),

first_delivery as (

    select * from ranked
    where delivery_number = 1

),

-- Calls without an email or an anonymous id (server-side, or a trait never
-- sent) are passed on: staging rejects and counts them.
final as (

    select
        cast(id as {{ text }}) as identify_id,
        cast(anonymous_id as {{ text }}) as anonymous_id,
        cast({{ email_trait }} as {{ text }}) as email,
        cast(timestamp as {{ text }}) as identified_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from first_delivery

)

select * from final
