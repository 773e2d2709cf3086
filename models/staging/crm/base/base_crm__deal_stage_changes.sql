with

source as (

    select * from {{ crm_relation('crm_deal_stage_changes') }}

),

stages as (

    select * from {{ ref('deal_stages') }}

),

renamed as (

    select
        -- ids
        {{ clean_text('source.deal_id') }} as deal_id,

        -- stage
        {{ clean_text('source.deal_stage') }} as deal_stage_label,
        stages.deal_stage,
        stages.stage_order,

        -- timestamps
        {{ clean_text('source.entered_at') }} as entered_at_raw,
        {{ parse_timestamp_utc('source.entered_at') }} as entered_at,

        -- lineage
        {{ row_hash(['source.deal_id', 'source.deal_stage', 'source.entered_at']) }} as raw_row_hash,

        -- load status: a line the loader could not read (see load_raw_files)
        source._load_error as load_error,
        source._load_line as load_line

    from source
    left join stages
        on lower(trim(source.deal_stage)) = stages.label

),

{{ classify_rows(
    'renamed',
    key_columns=['deal_id', 'entered_at', 'deal_stage'],
    timestamps={'entered_at': true},
    checks=[
        ("deal_stage_label is not null and deal_stage is null", 'unknown_deal_stage'),
    ],
) }}

select * from classified
