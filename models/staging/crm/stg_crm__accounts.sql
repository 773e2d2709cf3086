with

base as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
        -- ids
        account_id,
        merged_into_account_id,

        -- attributes
        account_name,
        website_domain,
        industry,
        employee_count,
        country,

        -- flags
        is_deleted,

        -- timestamps
        created_at

    from base
    where row_status = 'staged'

)

select * from final
