with

source as (

    select * from {{ crm_relation('crm_deals') }}

),

stages as (

    select * from {{ ref('deal_stages') }}

),

-- privacy deletions: a deal stays with its account but loses its link to a
-- forgotten person (its primary contact, and its name: free text that may
-- name the person)
forgotten_contacts as (

    {{ forgotten_contact_ids_sql() }}

),

renamed as (

    select
        -- ids
        {{ clean_text('source.deal_id') }} as deal_id,
        {{ clean_text('source.account_id') }} as account_id,
        case
            when forgotten_contacts.contact_id is null then {{ clean_text('source.primary_contact_id') }}
        end as primary_contact_id,

        -- attributes
        case when forgotten_contacts.contact_id is null then {{ clean_text('source.deal_name') }} end as deal_name,
        lower({{ clean_text('source.pipeline') }}) as pipeline,
        {{ clean_text('source.deal_stage') }} as deal_stage_label,
        stages.deal_stage,

        -- money
        {{ clean_text('source.amount') }} as amount_raw,
        {{ try_cast(clean_text('source.amount'), 'decimal(18, 2)') }} as amount,
        upper({{ clean_text('source.currency') }}) as currency,

        -- flags
        {{ parse_bool('source.is_closed') }} as is_closed,
        {{ parse_bool('source.is_won') }} as is_won,
        {{ parse_bool('source.is_deleted') }} as is_deleted,

        -- dates and timestamps
        {{ clean_text('source.created_at') }} as created_at_raw,
        {{ parse_timestamp_utc('source.created_at') }} as created_at,
        {{ clean_text('source.close_date') }} as close_date_raw,
        {{ try_cast(clean_text('source.close_date'), 'date') }} as close_date,
        {{ clean_text('source.expected_close_date') }} as expected_close_date_raw,
        {{ try_cast(clean_text('source.expected_close_date'), 'date') }} as expected_close_date,

        -- lineage
        {{ row_hash(['source.deal_id', 'source.account_id', 'source.primary_contact_id',
            'source.deal_name', 'source.pipeline', 'source.amount', 'source.currency',
            'source.created_at', 'source.close_date', 'source.deal_stage', 'source.is_closed',
            'source.is_won', 'source.is_deleted', 'source.expected_close_date']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source
    left join stages
        on lower(trim(source.deal_stage)) = stages.label
    left join forgotten_contacts
        on {{ clean_text('source.primary_contact_id') }} = forgotten_contacts.contact_id

),

{{ classify_rows(
    'renamed',
    key_columns=['deal_id'],
    timestamps={'created_at': true},
    checks=[
        ("deal_stage_label is not null and deal_stage is null", 'unknown_deal_stage'),
        ("amount_raw is not null and amount is null", 'unparseable_amount'),
        ("amount < 0", 'negative_amount'),
        ("amount > " ~ var('max_deal_amount'), 'absurd_amount'),
        ("amount > 0 and currency is null", 'missing_currency'),
        ("close_date_raw is not null and close_date is null", 'unparseable_close_date'),
        ("cast(close_date as timestamp) > " ~ build_clock_utc(), 'future_close_date'),
        ("expected_close_date_raw is not null and expected_close_date is null", 'unparseable_expected_close_date'),
    ],
    version_order='created_at',
) }}

select * from classified
