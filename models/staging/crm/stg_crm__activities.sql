with

base as (

    select * from {{ ref('base_crm__activities') }}

),

final as (

    select
        -- ids
        activity_id,
        contact_id,
        account_id,

        -- attributes
        activity_type,

        -- timestamps
        occurred_at

    from base
    where row_status = 'staged'

)

select * from final
