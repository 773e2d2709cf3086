{#- One row per staged form submission with the contact and account it
    belongs to. Contact: the non-deleted contact record with the same email
    key (the earliest created, then contact_id, when several), followed
    through merges to its surviving contact (a person's emails include those
    of the records merged into it). Account: that
    contact's account, else the account owning the email's corporate domain
    (a submission with no contact still reaches its company's account). -#}

with

submissions as (

    select * from {{ ref('stg_web__form_submissions') }}

),

account_domains as (

    select * from {{ ref('int_account_domains_deduplicated') }}

),

free_email_domains as (

    select * from {{ ref('free_email_domains') }}

),

-- the contact each email key belongs to (the rule shared with identify calls)
email_owners as (

    {{ email_owners_sql() }}

),

joined as (

    select
        submissions.submission_id,
        submissions.anonymous_id,
        email_owners.contact_id,
        email_owners.account_id as contact_account_id,
        account_domains.account_id as domain_account_id,
        submissions.email_key,
        submissions.email_domain,
        submissions.is_email_valid,
        free_email_domains.email_domain is not null as is_free_email_domain,
        submissions.form_name,
        submissions.has_consent,
        submissions.origin_channel_label,
        submissions.origin_source,
        submissions.page_url,
        submissions.referrer_domain,
        submissions.utm_source,
        submissions.utm_medium,
        submissions.utm_campaign,
        submissions.utm_content,
        submissions.utm_term,
        submissions.click_id,
        submissions.submitted_at
    from submissions
    left join email_owners
        on submissions.email_key = email_owners.email_key
    left join account_domains
        on submissions.email_domain = account_domains.website_domain
    left join free_email_domains
        on submissions.email_domain = free_email_domains.email_domain

),

final as (

    select
        -- ids
        submission_id,
        anonymous_id,
        contact_id,
        coalesce(contact_account_id, domain_account_id) as account_id,
        click_id,

        -- resolution
        case
            when contact_id is not null then 'contact'
            when domain_account_id is not null then 'email_domain'
            else 'unresolved'
        end as identity_method,

        -- email
        email_domain,
        is_email_valid,
        is_free_email_domain,

        -- form and origin
        form_name,
        has_consent,
        origin_channel_label,
        origin_source,
        page_url,
        referrer_domain,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,

        -- timestamps
        submitted_at

    from joined

)

select * from final
