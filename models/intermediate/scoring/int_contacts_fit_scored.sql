{#- One row per CRM contact: the profile part of its lead score
    (docs/metrics.md section 9), i.e. everything that does not depend on time.
    Fit: job seniority (first matching pattern of seed `job_seniority_rules`
    on the lower-cased job title), company size band of its account's
    employee count (seed `company_size_bands`), its account's industry in
    seed `ideal_customer_profile`. Profile penalties (seed
    `lead_scoring_points`, group `negative`): a free-mail email, no valid
    phone, no company (no resolved account). These are the CRM's current
    values: the CRM keeps no history of them, so the score at a past time
    uses them too. -#}

with

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

seniority_rules as (

    select * from {{ ref('job_seniority_rules') }}

),

size_bands as (

    select * from {{ ref('company_size_bands') }}

),

ideal_industries as (

    select * from {{ ref('ideal_customer_profile') }}

),

scoring_points as (

    select * from {{ ref('lead_scoring_points') }}

),

job_titles as (

    -- patterns are matched once per distinct title, not once per contact
    select distinct lower(trim(job_title)) as job_title_key
    from contacts
    where job_title is not null

),

title_matches as (

    select
        job_titles.job_title_key,
        seniority_rules.seniority,
        seniority_rules.points,
        row_number() over (
            partition by job_titles.job_title_key
            order by seniority_rules.rule_order
        ) as match_rank
    from job_titles
    inner join seniority_rules
        on coalesce({{ regexp_like_seed_pattern(
            'job_titles.job_title_key', 'job_seniority_rules', 'seniority_rules', 'rule_order') }}, false)

),

seniority_matches as (

    select
        contacts.contact_id,
        title_matches.seniority,
        title_matches.points
    from contacts
    inner join title_matches
        on
            lower(trim(contacts.job_title)) = title_matches.job_title_key
            and title_matches.match_rank = 1

),

negative_points as (

    select
        max(case when rule_id = 'free_email_domain' then points end) as free_email_points,
        max(case when rule_id = 'no_valid_phone' then points end) as no_valid_phone_points,
        max(case when rule_id = 'no_company' then points end) as no_company_points
    from scoring_points
    where signal_group = 'negative'

),

profiled as (

    select
        contacts.contact_id,
        contacts.account_id,
        seniority_matches.seniority,
        coalesce(seniority_matches.points, 0) as seniority_points,
        accounts.employee_count,
        size_bands.company_size_band,
        coalesce(size_bands.points, 0) as company_size_points,
        accounts.industry,
        ideal_industries.industry is not null as is_ideal_industry,
        coalesce(ideal_industries.points, 0) as industry_points,
        coalesce(contacts.is_free_email_domain, false) as is_free_email,
        not coalesce(contacts.is_phone_valid, false) as has_no_valid_phone,
        contacts.account_id is null as has_no_company,
        negative_points.free_email_points,
        negative_points.no_valid_phone_points,
        negative_points.no_company_points
    from contacts
    cross join negative_points
    left join seniority_matches
        on contacts.contact_id = seniority_matches.contact_id
    left join accounts
        on contacts.account_id = accounts.account_id
    left join size_bands
        on
            accounts.employee_count >= size_bands.min_employees
            and (accounts.employee_count <= size_bands.max_employees or size_bands.max_employees is null)
    left join ideal_industries
        on lower(trim(accounts.industry)) = ideal_industries.industry

),

final as (

    select
        -- ids
        contact_id,
        account_id,

        -- fit
        seniority,
        seniority_points,
        employee_count,
        company_size_band,
        company_size_points,
        industry,
        industry_points,
        seniority_points + company_size_points + industry_points as fit_points,

        -- profile penalties
        case when is_free_email then coalesce(free_email_points, 0) else 0 end as free_email_points,
        case when has_no_valid_phone then coalesce(no_valid_phone_points, 0) else 0 end as no_valid_phone_points,
        case when has_no_company then coalesce(no_company_points, 0) else 0 end as no_company_points,
        case when is_free_email then coalesce(free_email_points, 0) else 0 end
        + case when has_no_valid_phone then coalesce(no_valid_phone_points, 0) else 0 end
        + case when has_no_company then coalesce(no_company_points, 0) else 0 end as profile_penalty_points,

        -- flags
        is_ideal_industry,
        is_free_email,
        has_no_valid_phone,
        has_no_company

    from profiled

)

select * from final
