{#- One row per website domain that can resolve an email to an account:
    the earliest created live account with that normalised domain (then
    account_id), followed to its surviving account. Free-mail domains and
    the company's own domains never resolve to an account. -#}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

free_email_domains as (

    select * from {{ ref('free_email_domains') }}

),

owning_accounts as (

    select
        accounts.website_domain,
        accounts.account_id as domain_account_id,
        accounts_merged.surviving_account_id as account_id,
        accounts.created_at
    from accounts
    inner join accounts_merged
        on accounts.account_id = accounts_merged.account_id
    left join free_email_domains
        on accounts.website_domain = free_email_domains.email_domain
    where
        accounts.website_domain is not null
        and not accounts.is_deleted
        and accounts_merged.surviving_account_id is not null
        and free_email_domains.email_domain is null
        and not coalesce({{ is_company_domain('accounts.website_domain') }}, false)

),

ranked as (

    select
        website_domain,
        domain_account_id,
        account_id,
        row_number() over (
            partition by website_domain
            order by created_at asc nulls last, domain_account_id asc
        ) as domain_rank,
        count(*) over (partition by website_domain) as candidate_account_count
    from owning_accounts

),

final as (

    select
        website_domain,
        account_id,
        domain_account_id,
        cast(candidate_account_count as {{ dbt.type_bigint() }}) as candidate_account_count
    from ranked
    where domain_rank = 1

)

select * from final
