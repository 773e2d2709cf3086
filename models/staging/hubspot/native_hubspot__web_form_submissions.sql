{{ config(enabled=var('crm_source', 'files') == 'hubspot' or var('forms_source', none) == 'hubspot') }}

{#- HubSpot form submissions as the contract's web_form_submissions (text
    columns), read when var `forms_source` is `hubspot`. HubSpot records the
    submissions of contacts only, without the browser's cookie id and
    without the values typed: the person's columns are the contact's
    current properties (a merged-away contact's submission takes its
    survivor's), and the form name is the slug of the form's name (else the
    page title). Consent, origin, referrer, utm and click id are not landed:
    staging reads the utm and click id from the page URL. #}
{%- set text = dbt.type_string() %}

with

submission as (

    select * from {{ source('hubspot', 'contact_form_submission') }}

),

form as (

    select * from {{ source('hubspot', 'form') }}

),

contact as (

    select * from {{ source('hubspot', 'contact') }}

),

contact_merges as (

    select * from {{ ref('native_hubspot__contact_merges') }}

),

-- HubSpot form names ("Contact Us") as the slugs the form_intents seed lists (`contact_us`)
form_names as (

    select
        cast(guid as {{ text }}) as form_id,
        min(
            {{ regexp_replace_all(regexp_replace_all('lower(cast(name as ' ~ text ~ '))', '[^a-z0-9]+', '_'),
                '^_+|_+$', '') }}
        ) as form_name
    from form
    group by cast(guid as {{ text }})

),

contacts as (

    select
        cast(id as {{ text }}) as contact_id,
        cast(property_email as {{ text }}) as email,
        nullif(trim(
            coalesce(cast(property_firstname as {{ text }}), '') || ' '
            || coalesce(cast(property_lastname as {{ text }}), '')
        ), '') as full_name,
        cast(property_phone as {{ text }}) as phone,
        cast(property_company as {{ text }}) as company_name,
        cast(property_jobtitle as {{ text }}) as job_title,
        cast(property_message as {{ text }}) as message
    from contact

),

final as (

    select
        cast(submission.conversion_id as {{ text }}) as submission_id,
        cast(submission.{{ adapter.quote('timestamp') }} as {{ text }}) as submitted_at,
        coalesce(nullif(form_names.form_name, ''), cast(submission.title as {{ text }})) as form_name,
        -- HubSpot's browser cookie (hubspotutk) is not landed
        cast(null as {{ text }}) as anonymous_id,
        -- the contact's current values (D7), not the ones typed in the form
        contacts.email,
        contacts.full_name,
        contacts.phone,
        contacts.company_name,
        contacts.job_title,
        contacts.message,
        cast(null as {{ text }}) as consent,
        cast(null as {{ text }}) as origin,
        cast(null as {{ text }}) as utm_source,
        cast(null as {{ text }}) as utm_medium,
        cast(null as {{ text }}) as utm_campaign,
        cast(null as {{ text }}) as utm_content,
        cast(null as {{ text }}) as utm_term,
        cast(null as {{ text }}) as click_id,
        cast(submission.page_url as {{ text }}) as page_url,
        cast(null as {{ text }}) as referrer_url,
        -- HubSpot's form submissions carry no budget or timeline field (seed native_data_gaps)
        cast(null as {{ text }}) as budget,
        cast(null as {{ text }}) as timeline,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from submission
    left join contact_merges on cast(submission.contact_id as {{ text }}) = contact_merges.loser_contact_id
    left join contacts
        on coalesce(contact_merges.survivor_contact_id, cast(submission.contact_id as {{ text }})) = contacts.contact_id
    left join form_names on cast(submission.form_id as {{ text }}) = form_names.form_id

)

select * from final
