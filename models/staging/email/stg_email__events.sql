with

base as (

    select * from {{ ref('base_email__events') }}

),

final as (

    select
        -- ids (the email key only, never the email as exported)
        event_id,
        contact_id,
        email_key,
        -- one key per recipient, so that distinct keys count distinct recipients
        coalesce(email_key, contact_id) as recipient_key,
        campaign_id,

        -- event
        campaign_name,
        event_type,
        occurred_at,
        clicked_url,
        user_agent,
        is_filtered

    from base
    where row_status = 'staged'

)

select * from final
