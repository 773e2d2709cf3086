with

base as (

    select * from {{ ref('base_marketing__costs') }}

),

final as (

    select
        -- ids
        channel,
        campaign,

        -- money
        coalesce(cost, 0) as cost,
        currency,

        -- dates
        cost_month

    from base
    where row_status = 'staged'

)

select * from final
