{#- One row per staged identify call (a login, a click from an email link
    that tags the browser) with the contact and account its email belongs
    to, by the same rule as a form submission's email
    (email_owners_sql: the earliest-created non-deleted contact record
    with the email key, followed through merges to its live survivor).
    Contact and account are null when the email matches no live contact:
    an identify call identifies a browser only as a contact (no account
    through the email domain). Not a touchpoint, not a conversion: it only
    feeds the identity graph (int_browsers_identified). -#}

with

identifies as (

    select * from {{ ref('stg_web__identifies') }}

),

email_owners as (

    {{ email_owners_sql() }}

),

final as (

    select
        -- ids
        identifies.identify_id,
        identifies.anonymous_id,
        email_owners.contact_id,
        email_owners.account_id,

        -- timestamps
        identifies.identified_at

    from identifies
    left join email_owners
        on identifies.email_key = email_owners.email_key

)

select * from final
