with

base as (

    select * from {{ ref('base_web__identifies') }}

),

final as (

    select
        -- ids
        identify_id,
        anonymous_id,

        -- person (the email key only, never the email as exported)
        email_key,

        -- timestamps
        identified_at

    from base
    where row_status = 'staged'

)

select * from final
