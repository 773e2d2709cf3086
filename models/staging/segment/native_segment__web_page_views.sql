{#- Segment (or RudderStack) page calls as the contract's web_page_views (text columns). #}
{#- Built only when Segment supplies this table (vars web_source, forms_source). #}
{{ config(enabled=contract_table_supplier('web_page_views') == 'segment') }}
{%- set text = dbt.type_string() %}

with

pages as (

    select * from {{ source('segment', 'pages') }}

),

-- Segment delivers a message again when it is unsure it arrived: the same id
-- and content with a later received_at. Only the earliest delivery of a
-- message is kept; rows sharing an id with other content are two pages
-- (staging keeps one and rejects the other as a conflicting duplicate, as
-- for a file).
ranked as (

    select
        pages.*,
        {{ segment_delivery_number('pages') }} as delivery_number
    from pages

),

first_delivery as (

    select * from ranked
    where delivery_number = 1

),

-- Pages sent from a server carry only a user id (anonymous_id null): they are
-- passed on, so that staging rejects them as missing_anonymous_id and the
-- audit counts them instead of losing them here.
final as (

    select
        cast(id as {{ text }}) as event_id,
        cast(anonymous_id as {{ text }}) as anonymous_id,
        cast(timestamp as {{ text }}) as viewed_at,
        -- the page properties first, else the context (both are the page's URL)
        cast(coalesce(url, context_page_url) as {{ text }}) as page_url,
        -- an empty referrer means a direct visit
        nullif(cast(coalesce(referrer, context_page_referrer) as {{ text }}), '') as referrer_url,
        cast(context_campaign_source as {{ text }}) as utm_source,
        cast(context_campaign_medium as {{ text }}) as utm_medium,
        cast(context_campaign_name as {{ text }}) as utm_campaign,
        cast(context_campaign_content as {{ text }}) as utm_content,
        cast(context_campaign_term as {{ text }}) as utm_term,
        -- Segment has no click id column: staging reads it from the page URL
        cast(null as {{ text }}) as click_id,
        cast(context_user_agent as {{ text }}) as user_agent,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from first_delivery

)

select * from final
