with

base as (

    select * from {{ ref('base_crm__deal_stage_changes') }}

),

final as (

    select
        -- ids
        deal_id,

        -- stage
        deal_stage,
        stage_order,

        -- timestamps
        entered_at

    from base
    where row_status = 'staged'

)

select * from final
