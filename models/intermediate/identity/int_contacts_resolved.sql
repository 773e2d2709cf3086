{#- One row per staged contact not merged into another (a merged-away
    record is folded into its survivor: int_contacts_merged) with the
    account it belongs to: its CRM account followed through merges, else
    the account owning its email's corporate domain (never a free-mail or
    company domain). -#}

with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

account_domains as (

    select * from {{ ref('int_account_domains_deduplicated') }}

),

free_email_domains as (

    select * from {{ ref('free_email_domains') }}

),

joined as (

    select
        contacts.contact_id,
        contacts.account_id as crm_account_id,
        accounts_merged.surviving_account_id as crm_surviving_account_id,
        account_domains.account_id as domain_account_id,
        contacts.email_key,
        contacts.email_domain,
        contacts.is_email_valid,
        contacts.is_phone_valid,
        contacts.job_title,
        contacts.lead_source,
        contacts.is_deleted,
        contacts.created_at,
        free_email_domains.email_domain is not null as is_free_email_domain,
        coalesce({{ is_company_domain('contacts.email_domain') }}, false) as is_company_email_domain
    from contacts
    left join accounts_merged
        on contacts.account_id = accounts_merged.account_id
    left join account_domains
        on contacts.email_domain = account_domains.website_domain
    left join free_email_domains
        on contacts.email_domain = free_email_domains.email_domain
    where contacts.merged_into_contact_id is null

),

final as (

    select
        -- ids
        contact_id,
        coalesce(crm_surviving_account_id, domain_account_id) as account_id,
        crm_account_id,

        -- resolution
        case
            when crm_surviving_account_id = crm_account_id then 'crm_account'
            when crm_surviving_account_id is not null then 'merged_account'
            when domain_account_id is not null then 'email_domain'
            else 'unresolved'
        end as account_resolution_method,

        -- email
        email_key,
        email_domain,
        is_email_valid,
        is_free_email_domain,
        is_company_email_domain,

        -- attributes
        job_title,
        lead_source,
        is_phone_valid,

        -- flags
        is_deleted,

        -- timestamps
        created_at

    from joined

)

select * from final
