{#- An email on a free-mail domain (seed free_email_domains) or on the
    company's own domains never resolves a contact or a form submission to an
    account by domain. Returns the offending records. -#}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

submissions as (

    select * from {{ ref('int_form_submissions_identified') }}

),

final as (

    select
        'contact' as record_type,
        contact_id as record_id,
        email_domain
    from contacts
    where
        account_resolution_method = 'email_domain'
        and (is_free_email_domain or is_company_email_domain)
    union all
    select
        'form_submission' as record_type,
        submission_id as record_id,
        email_domain
    from submissions
    where
        identity_method = 'email_domain'
        and (is_free_email_domain or coalesce({{ is_company_domain('email_domain') }}, false))

)

select * from final
