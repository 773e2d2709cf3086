with

source as (

    select * from {{ raw_relation('web', 'web_form_submissions') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('web_form_submissions') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('submission_id') }} as submission_id,
        {{ clean_text('anonymous_id') }} as anonymous_id,

        -- form
        lower({{ clean_text('form_name') }}) as form_name,
        {{ parse_consent('consent') }} as has_consent,
        {{ clean_text("split_part(origin, '|', 1)") }} as origin_channel_label,
        {{ clean_text("split_part(origin, '|', 2)") }} as origin_source,

        -- person (personal data: never exposed in marts)
        {{ email_key('email') }} as email_key,
        {{ email_domain('email') }} as email_domain,
        {{ email_is_valid('email') }} as is_email_valid,
        {{ clean_text('full_name') }} as full_name,
        {{ normalize_phone('phone') }} as phone_normalized,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ clean_text('company_name') }} as company_name,
        {{ clean_text('job_title') }} as job_title,
        {{ clean_text('message') }} as message,

        -- qualification answers (optional select fields; compared lower-cased)
        lower({{ clean_text('budget') }}) as budget,
        lower({{ clean_text('timeline') }}) as timeline,

        -- urls and campaign parameters (columns first, else the page URL)
        {{ clean_text('page_url') }} as page_url,
        {{ clean_text('referrer_url') }} as referrer_url,
        {{ normalize_domain('referrer_url') }} as referrer_domain,
        coalesce({{ clean_text('utm_source') }}, {{ url_parameter('page_url', 'utm_source') }}) as utm_source,
        coalesce({{ clean_text('utm_medium') }}, {{ url_parameter('page_url', 'utm_medium') }}) as utm_medium,
        coalesce({{ clean_text('utm_campaign') }}, {{ url_parameter('page_url', 'utm_campaign') }}) as utm_campaign,
        coalesce({{ clean_text('utm_content') }}, {{ url_parameter('page_url', 'utm_content') }}) as utm_content,
        coalesce({{ clean_text('utm_term') }}, {{ url_parameter('page_url', 'utm_term') }}) as utm_term,
        coalesce({{ clean_text('click_id') }}, {{ click_id_from_url('page_url') }}) as click_id,

        -- timestamps
        {{ clean_text('submitted_at') }} as submitted_at_raw,
        {{ parse_timestamp_utc('submitted_at') }} as submitted_at,

        -- lineage
        {{ row_hash(['submission_id', 'submitted_at', 'form_name', 'anonymous_id', 'email',
            'full_name', 'phone', 'company_name', 'job_title', 'message', 'consent', 'origin',
            'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term',
            'click_id', 'page_url', 'referrer_url', 'budget', 'timeline']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['submission_id'],
    timestamps={'submitted_at': true},
    version_order='submitted_at',
) }}

select * from classified
