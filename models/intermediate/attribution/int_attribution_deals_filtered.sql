with

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

final as (

    select
        -- ids
        deal_id,
        account_id,

        -- attributes
        pipeline,

        -- money (reporting currency)
        amount,
        case when is_won then amount else 0 end as revenue,

        -- flags
        coalesce(is_won, false) as is_won,
        coalesce(is_closed, false) as is_closed,

        -- timestamps
        created_at,
        closed_at

    from deals
    where {{ is_attribution_deal('pipeline', 'is_deleted') }}

)

select * from final
