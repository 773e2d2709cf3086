{{ config(materialized='table') }}

{#- Every staged form submission with its intent and the reason for it
    (docs/metrics.md section 6), first rule wins:
    1. spam_or_test: invalid or missing email; an email on one of the
       company's own domains (an internal test); a test marker or bot-like
       content from seed `form_spam_markers` (first marker by marker_order);
    2. sales_request: a form of intent `sales_request` in seed `form_intents`
       with a company, a corporate (not free-mail) email and a message;
       such a form missing one of them is `unknown`, with the reason;
    3. content: a form of intent `content`;
    4. unknown: any other form.
    A company or message holding a placeholder (seed markers of type
    `placeholder`, e.g. `n/a`) counts as empty. Intent changes no identity or
    touchpoint rule: every submission stays a touchpoint. -#}

{%- set company_domains = var('company_domains', []) -%}

with

submissions as (

    select * from {{ ref('stg_web__form_submissions') }}

),

form_intents as (

    select * from {{ ref('form_intents') }}

),

markers as (

    select * from {{ ref('form_spam_markers') }}

),

free_email_domains as (

    select * from {{ ref('free_email_domains') }}

),

submission_fields as (

    -- the fields markers look at, one row per (submission, field), lower-cased
    select
        submission_id,
        'email' as field,
        email_key as field_value
    from submissions
    where email_key is not null
    union all
    select
        submission_id,
        'full_name' as field,
        lower(trim(full_name)) as field_value
    from submissions
    where full_name is not null
    union all
    select
        submission_id,
        'company_name' as field,
        lower(trim(company_name)) as field_value
    from submissions
    where company_name is not null
    union all
    select
        submission_id,
        'message' as field,
        lower(trim(message)) as field_value
    from submissions
    where message is not null

),

distinct_field_values as (

    -- patterns are matched once per distinct value of a field (names,
    -- companies and messages repeat), not once per submission
    select distinct
        field,
        field_value
    from submission_fields

),

value_hits as (

    select
        distinct_field_values.field,
        distinct_field_values.field_value,
        markers.marker_id,
        markers.marker_order,
        markers.marker_type
    from distinct_field_values
    inner join markers
        on
            (distinct_field_values.field = markers.field or markers.field = 'any')
            and coalesce({{ regexp_like_seed_pattern(
                'distinct_field_values.field_value', 'form_spam_markers', 'markers', 'marker_id') }}, false)

),

marker_hits as (

    select
        submission_fields.submission_id,
        submission_fields.field,
        value_hits.marker_id,
        value_hits.marker_order,
        value_hits.marker_type
    from submission_fields
    inner join value_hits
        on
            submission_fields.field = value_hits.field
            and submission_fields.field_value = value_hits.field_value

),

ranked_spam_hits as (

    select
        submission_id,
        marker_id,
        marker_type,
        row_number() over (
            partition by submission_id
            order by marker_order, marker_id, field
        ) as hit_rank
    from marker_hits
    where marker_type in ('test_marker', 'bot_content')

),

placeholder_hits as (

    select
        submission_id,
        max(case when field = 'company_name' then 1 else 0 end) as has_company_placeholder,
        max(case when field = 'message' then 1 else 0 end) as has_message_placeholder
    from marker_hits
    where marker_type = 'placeholder'
    group by submission_id

),

enriched as (

    select
        submissions.submission_id,
        submissions.anonymous_id,
        submissions.form_name,
        submissions.submitted_at,
        form_intents.intent as form_intent,
        spam_hits.marker_id as spam_marker_id,
        spam_hits.marker_type as spam_marker_type,
        submissions.email_key is not null as is_email_valid,
        free_email_domains.email_domain is not null as is_free_email,
        {%- if company_domains | length > 0 %}
        coalesce(
            {%- for domain in company_domains %}
            submissions.email_domain = '{{ domain | lower }}'
            or submissions.email_domain like '%.{{ domain | lower }}'{{ ' or' if not loop.last }}
            {%- endfor %},
            false
        ) as is_internal_email,
        {%- else %}
        false as is_internal_email,
        {%- endif %}
        submissions.company_name is not null
        and coalesce(placeholder_hits.has_company_placeholder, 0) = 0 as has_company,
        submissions.message is not null
        and coalesce(placeholder_hits.has_message_placeholder, 0) = 0 as has_message
    from submissions
    left join form_intents
        on submissions.form_name = form_intents.form_name
    left join ranked_spam_hits as spam_hits
        on
            submissions.submission_id = spam_hits.submission_id
            and spam_hits.hit_rank = 1
    left join placeholder_hits
        on submissions.submission_id = placeholder_hits.submission_id
    left join free_email_domains
        on submissions.email_domain = free_email_domains.email_domain

),

classified as (

    select
        *,
        case
            when not is_email_valid then 'invalid_email'
            when is_internal_email then 'internal_email'
            when spam_marker_id is not null then {{ dbt.concat(['spam_marker_type', "':'", 'spam_marker_id']) }}
            when form_intent = 'sales_request' and not has_company then 'sales_form_without_company'
            when form_intent = 'sales_request' and is_free_email then 'sales_form_with_free_email'
            when form_intent = 'sales_request' and not has_message then 'sales_form_without_message'
            when form_intent = 'sales_request' then 'sales_form_qualified'
            when form_intent = 'content' then 'content_form'
            when form_intent is null then 'unrecognised_form'
            else {{ dbt.concat(["'form_intent:'", 'form_intent']) }}
        end as intent_reason
    from enriched

),

final as (

    select
        -- ids
        submission_id,
        anonymous_id,

        -- form
        form_name,
        form_intent,

        -- intent
        case
            when
                not is_email_valid
                or is_internal_email
                or spam_marker_id is not null
                then 'spam_or_test'
            when intent_reason = 'sales_form_qualified' then 'sales_request'
            when intent_reason = 'content_form' then 'content'
            else 'unknown'
        end as intent,
        intent_reason,
        spam_marker_id,

        -- flags
        is_email_valid,
        is_free_email,
        is_internal_email,
        has_company,
        has_message,

        -- timestamps
        submitted_at,
        cast({{ dbt.date_trunc('month', 'submitted_at') }} as date) as submitted_month

    from classified

)

select * from final
