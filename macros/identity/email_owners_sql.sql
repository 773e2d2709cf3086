{#- The contact an email key belongs to, as a form submission's or an
    identify call's email finds it: the non-deleted contact record with that
    email key (the earliest created, then contact_id, when several),
    followed through merges to its live surviving contact (a person's emails
    include those of the records merged into it), with that contact's
    account. One row per email key: (email_key, contact_id, account_id). -#}
{% macro email_owners_sql() -%}
    select
        email_key,
        contact_id,
        account_id
    from (
        select
            contact_records.email_key,
            contacts.contact_id,
            contacts.account_id,
            row_number() over (
                partition by contact_records.email_key
                order by contact_records.created_at asc nulls last, contact_records.contact_id asc
            ) as email_rank
        from {{ ref('stg_crm__contacts') }} as contact_records
        left join {{ ref('int_contacts_merged') }} as contacts_merged
            on contact_records.contact_id = contacts_merged.contact_id
        inner join {{ ref('int_contacts_resolved') }} as contacts
            on {{ surviving_contact_id('contact_records.contact_id', 'contacts_merged') }} = contacts.contact_id
        where
            not contact_records.is_deleted
            and not contacts.is_deleted
            and contact_records.email_key is not null
    ) as contacts_by_email
    where email_rank = 1
{%- endmacro %}
