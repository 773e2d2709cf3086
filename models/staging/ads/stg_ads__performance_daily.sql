with

base as (

    select * from {{ ref('base_ads__performance_daily') }}

),

final as (

    select
        -- ids
        platform,
        campaign_id,
        campaign_name,
        campaign_type,

        -- measures (latest restatement of the day)
        coalesce(impressions, 0) as impressions,
        coalesce(clicks, 0) as clicks,
        coalesce(spend, 0) as spend,
        currency,

        -- dates and timestamps
        report_date,
        extracted_at

    from base
    where row_status = 'staged'

)

select * from final
