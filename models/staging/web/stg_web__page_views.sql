with

base as (

    select * from {{ ref('base_web__page_views') }}

),

final as (

    select
        -- ids
        event_id,
        anonymous_id,

        -- urls and campaign parameters
        page_url,
        referrer_url,
        referrer_domain,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        click_id,
        user_agent,

        -- timestamps
        viewed_at

    from base
    where row_status = 'staged'

)

select * from final
