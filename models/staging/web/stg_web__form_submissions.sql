with

base as (

    select * from {{ ref('base_web__form_submissions') }}

),

final as (

    select
        -- ids
        submission_id,
        anonymous_id,

        -- form
        form_name,
        has_consent,
        origin_channel_label,
        origin_source,

        -- person
        email_key,
        email_domain,
        is_email_valid,
        full_name,
        phone_normalized,
        is_phone_valid,
        company_name,
        job_title,
        message,

        -- qualification answers
        budget,
        timeline,

        -- urls and campaign parameters
        page_url,
        referrer_url,
        referrer_domain,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        click_id,

        -- timestamps
        submitted_at

    from base
    where row_status = 'staged'

)

select * from final
