{#- Deleted accounts own nothing and merged-away accounts own nothing
    themselves: every account a contact, form submission, browser or
    touchpoint resolves to is a live, surviving account. Returns the
    offending (model, key, account). -#}

with

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

resolved as (

    select
        'int_contacts_resolved' as model_name,
        contact_id as record_id,
        account_id
    from {{ ref('int_contacts_resolved') }}
    union all
    select
        'int_form_submissions_identified' as model_name,
        submission_id as record_id,
        account_id
    from {{ ref('int_form_submissions_identified') }}
    union all
    select
        'int_browsers_identified' as model_name,
        anonymous_id as record_id,
        account_id
    from {{ ref('int_browsers_identified') }}
    union all
    select
        'fct_touchpoints' as model_name,
        touchpoint_id as record_id,
        account_id
    from {{ ref('fct_touchpoints') }}

),

final as (

    select
        resolved.model_name,
        resolved.record_id,
        resolved.account_id
    from resolved
    left join accounts_merged
        on resolved.account_id = accounts_merged.account_id
    where
        resolved.account_id is not null
        and (
            accounts_merged.account_id is null
            or accounts_merged.is_deleted
            or accounts_merged.surviving_account_id is null
            or accounts_merged.surviving_account_id <> resolved.account_id
        )

)

select * from final
