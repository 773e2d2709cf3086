with

base as (

    select * from {{ ref('base_crm__lifecycle_stage_changes') }}

),

final as (

    select
        -- ids
        contact_id,

        -- stage
        lifecycle_stage,
        stage_order,

        -- timestamps
        changed_at

    from base
    where row_status = 'staged'

)

select * from final
