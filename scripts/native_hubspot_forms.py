"""The demo's form submissions in the shape Fivetran's HubSpot connector lands
them (`contact_form_submission`, `form`), for scripts/native_hubspot_demo.py.

Derived from the contract file web_form_submissions (view c_web_form_submissions)
and the contacts (c_crm_contacts):

- HubSpot records the submissions of contacts only: a submission is written
  when its email (lower-cased, trimmed) is a live contact's, under that
  contact (a not merged-away record first, then the lowest id); the others
  (a deleted contact's too: deleting a contact deletes its submissions) are
  not written. A submission without an id is not written either, and a
  submission repeated in the file is written once (a conversion id is
  unique);
- one form per distinct form name, with a guid derived from the name and a
  human name: a slug (`contact_us`) becomes its title case (`Contact Us`),
  which slugifies back to it; other names are kept as they are;
- the contact's `company` and `message` properties are the latest non-empty
  ones the contact gave in a form (HubSpot keeps the latest value only).
"""

from __future__ import annotations

# the contacts' email owners, and the submissions HubSpot records
VIEWS = {
    "hs_email_owners": """
        select email_key, contact_id from (
            select lower(trim(email)) as email_key, contact_id,
                lower(trim(coalesce(is_deleted, ''))) in ('true', 't', '1', 'yes', 'y') as deleted,
                row_number() over (partition by lower(trim(email)) order by deleted,
                    nullif(trim(merged_into_contact_id), '') is not null, contact_id) as owner_rank
            from c_crm_contacts where nullif(trim(email), '') is not null
        ) where owner_rank = 1 and not deleted""",
    "hs_forms": r"""
        select form_name as file_form_name,
            case when regexp_matches(form_name, '^[a-z0-9]+(_[a-z0-9]+)*$')
                then list_aggregate(list_transform(string_split(form_name, '_'),
                    lambda w: upper(w[1]) || w[2:]), 'string_agg', ' ')
                else form_name end as name,
            lower(regexp_replace(md5(form_name), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\1-\2-\3-\4-\5')) as guid
        from (select distinct form_name from c_web_form_submissions where form_name is not null)""",
    "hs_submissions": """
        select s.submission_id, s.submitted_at, s.form_name, s.page_url, s.company_name, s.message,
            owners.contact_id
        from c_web_form_submissions as s
        join hs_email_owners as owners on lower(trim(s.email)) = owners.email_key
        where nullif(trim(s.submission_id), '') is not null
        qualify row_number() over (partition by s.submission_id order by s.submitted_at, s.form_name) = 1""",
    # the latest non-empty company and message each contact gave
    "hs_contact_form_properties": """
        select contact_id,
            arg_max(company_name, coalesce(try_cast(submitted_at as timestamp), '1900-01-01'::timestamp))
                filter (where nullif(trim(company_name), '') is not null) as property_company,
            arg_max(message, coalesce(try_cast(submitted_at as timestamp), '1900-01-01'::timestamp))
                filter (where nullif(trim(message), '') is not null) as property_message
        from hs_submissions group by 1""",
}

QUERIES = {
    "form": """select guid, name, 'HUBSPOT' as form_type, 'false' as _fivetran_deleted from hs_forms""",
    "contact_form_submission": """
        select s.contact_id, s.submission_id as conversion_id, forms.guid as form_id, null as page_id,
            s.page_url, '4242' as portal_id, s.submitted_at as "timestamp", forms.name as title
        from hs_submissions as s left join hs_forms as forms on s.form_name = forms.file_form_name""",
}


def create_form_views(con, reader) -> None:
    """Create the views above; reader(table) is the contract file's reader
    (an empty submissions view when the folder has no form submissions)."""
    try:
        con.execute(f"create view c_web_form_submissions as select * from {reader('web_form_submissions')}")
    except Exception:  # no form submissions file: no submissions
        con.execute("""create view c_web_form_submissions as select * from (values
            (null::varchar, null::varchar, null::varchar, null::varchar, null::varchar, null::varchar,
             null::varchar, null::varchar)) as t(submission_id, submitted_at, form_name, email, page_url,
             company_name, message, anonymous_id) where false""")
    for name, sql in VIEWS.items():
        con.execute(f"create view {name} as {sql}")
