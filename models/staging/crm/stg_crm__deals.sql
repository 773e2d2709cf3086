with

base as (

    select * from {{ ref('base_crm__deals') }}

),

final as (

    select
        -- ids
        deal_id,
        account_id,
        primary_contact_id,

        -- attributes
        deal_name,
        pipeline,
        deal_stage,

        -- money (in the deal's own currency)
        amount,
        currency,

        -- flags
        is_closed,
        is_won,
        is_deleted,

        -- dates and timestamps
        created_at,
        close_date,
        expected_close_date

    from base
    where row_status = 'staged'

)

select * from final
