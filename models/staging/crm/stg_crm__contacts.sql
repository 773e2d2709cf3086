with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        -- ids
        contact_id,
        account_id,
        merged_into_contact_id,

        -- person
        email_key,
        email_domain,
        is_email_valid,
        first_name,
        last_name,
        phone_normalized,
        is_phone_valid,

        -- attributes
        job_title,
        lead_source,

        -- flags
        is_deleted,

        -- timestamps
        created_at

    from base
    where row_status = 'staged'

)

select * from final
