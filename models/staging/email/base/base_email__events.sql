with

source as (

    select * from {{ raw_relation('email', 'email_events') }}
    -- privacy deletions: rows of forgotten people (counted in stg_audit__forgotten_rows)
    where not {{ forgotten_row_condition('email_events') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('campaign_id') }} as campaign_id,

        -- recipient (personal data: only the email key goes on, never exposed in marts)
        {{ clean_text('email') }} is not null as has_email,
        {{ email_key('email') }} as email_key,

        -- event
        {{ clean_text('campaign_name') }} as campaign_name,
        lower({{ clean_text('event_type') }}) as event_type,
        -- the link without the parameters that may name the recipient
        case when lower({{ clean_text('event_type') }}) = 'click' then {{ sanitize_url('url') }} end as clicked_url,
        {{ clean_text('user_agent') }} as user_agent,
        {{ parse_bool('is_filtered') }} as is_filtered,

        -- timestamps
        {{ clean_text('occurred_at') }} as occurred_at_raw,
        {{ parse_timestamp_utc('occurred_at') }} as occurred_at,

        -- lineage
        {{ row_hash([
            'event_id', 'contact_id', 'email', 'campaign_id', 'campaign_name', 'event_type', 'occurred_at',
            'url', 'user_agent', 'is_filtered',
        ]) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source

),

{{ classify_rows(
    'renamed',
    key_columns=['event_id'],
    timestamps={'occurred_at': true},
    checks=[
        ('campaign_id is null', 'missing_campaign_id'),
        ('contact_id is null and email_key is null', 'missing_recipient'),
        ('event_type is null', 'missing_event_type'),
        ("event_type not in ('sent', 'delivered', 'open', 'click', 'bounce', 'unsubscribe', 'reply', 'spam_report')",
            'unknown_event_type'),
    ],
    version_order='occurred_at',
) }}

select * from classified
