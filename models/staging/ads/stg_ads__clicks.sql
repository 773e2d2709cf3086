with

base as (

    select * from {{ ref('base_ads__clicks') }}

),

final as (

    select
        -- ids
        click_id,
        platform,
        campaign_id,
        ad_group_id,
        anonymous_id,

        -- landing page
        landing_page_url,

        -- timestamps
        clicked_at

    from base
    where row_status = 'staged'

)

select * from final
