{#-
    The touchpoint chain (int_touchpoints_unioned -> int_touchpoints_sequenced
    -> fct_touchpoints) is patched, not rebuilt, by an incremental run on
    DuckDB: a model's rows are kept or rewritten by the UTC date of the
    touch (`touch_date`). Each run fingerprints, per date, the rows the model
    should hold (row count and sum of 64-bit row hashes) and the rows it
    holds; the pre-hook deletes the dates whose fingerprints differ, and the
    model's query writes the dates of its inputs that the table no longer
    holds. A date's fingerprint changes when one of its touches changes,
    appears or goes: late page views and clicks, new forms, privacy
    deletions, and retroactive identity (a form identifying a browser moves
    the dates of its past touches, a merge those of an account's touches, a
    late click claims a session, a changed account timeline renumbers its
    touches). A changed row with an unchanged fingerprint needs two
    different row sets of one date with equal 64-bit hash sums.
    What a model should hold is computed by the model's own select
    (macros/touchpoints/), run whole and hashed instead of written:
    rewriting every touch that carries identity (a run's previous design)
    spilled more than the disk held beside the database.
    int_touchpoints_sequenced fingerprints a settled touch (a session
    without a click id of a browser nothing identifies: no number in an
    account timeline) from its union row and the classification version
    instead of classifying it; the settled touches are most of the rows.
    On Spark (plain Parquet tables, no DELETE) the three models are tables
    rebuilt whole.
-#}

{#- The models' config: incremental with an append after the pre-hook's
    delete on DuckDB, a table on Spark. -#}
{% macro touch_chain_config() -%}
    {{ return(adapter.dispatch('touch_chain_config', 'revenue_analytics')()) }}
{%- endmacro %}

{% macro duckdb__touch_chain_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro spark__touch_chain_config() -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}

{#- The date a touch is kept or rewritten by: the UTC date of a timestamp,
    a fixed early date for a null one (so that no touch is outside every
    date). -#}
{% macro touch_date(expression) -%}
    coalesce(cast({{ expression }} as date), cast('1900-01-01' as date))
{%- endmacro %}

{#- True for a settled touch, on the columns every model of the chain has. -#}
{% macro is_settled_touch(prefix='') -%}
    ({{ prefix }}touch_type = 'session'
        and {{ prefix }}click_id is null
        and {{ prefix }}contact_id is null
        and {{ prefix }}account_id is null)
{%- endmacro %}

{#- A 64-bit hash of a list of expressions (null-safe: a null hashes to a
    fixed value). -#}
{% macro fingerprint_hash(expressions) -%}
    {{ return(adapter.dispatch('fingerprint_hash', 'revenue_analytics')(expressions)) }}
{%- endmacro %}

{% macro duckdb__fingerprint_hash(expressions) -%}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{% macro spark__fingerprint_hash(expressions) -%}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}

{#- The dates whose rows differ between `expected_sql` and `stored_sql`,
    both selecting (touch_date, touch_hash), one row per touch. -#}
{% macro changed_touch_dates_sql(expected_sql, stored_sql) -%}
    select coalesce(expected.touch_date, stored.touch_date) as touch_date
    from (
        select touch_date, count(*) as touch_count, sum(touch_hash) as hash_sum
        from ({{ expected_sql }}) as expected_rows
        group by touch_date
    ) as expected
    full outer join (
        select touch_date, count(*) as touch_count, sum(touch_hash) as hash_sum
        from ({{ stored_sql }}) as stored_rows
        group by touch_date
    ) as stored
        on expected.touch_date = stored.touch_date
    where
        expected.touch_date is null
        or stored.touch_date is null
        or expected.touch_count <> stored.touch_count
        or expected.hash_sum <> stored.hash_sum
{%- endmacro %}

{#- Pre-hook of a chain model: deletes the touches of the dates that
    changed; the model's query then writes exactly those dates (see
    `touch_dates_to_write_sql`), appended in the same transaction. Nothing
    on a full build or on Spark. -#}
{% macro delete_changed_touches(expected_sql, stored_sql) -%}
    {{ return(adapter.dispatch('delete_changed_touches', 'revenue_analytics')(expected_sql, stored_sql)) }}
{%- endmacro %}

{#- The changed dates go to a temporary table first, so that the run logs
    how many of the loaded dates and touches it rewrites. -#}
{% macro duckdb__delete_changed_touches(expected_sql, stored_sql) -%}
    {%- if execute and is_incremental() -%}
        {%- set changed = this.identifier ~ '__changed_dates' -%}
        {%- do run_query("create or replace temporary table " ~ changed ~ " as "
            ~ changed_touch_dates_sql(expected_sql, stored_sql)) -%}
        {%- set counted = run_query(
            "select (select count(*) from " ~ changed ~ "), "
            ~ "(select count(distinct " ~ touch_date('occurred_at') ~ ") from " ~ this ~ "), "
            ~ "(select count(*) from " ~ this ~ " where " ~ touch_date('occurred_at')
            ~ " in (select touch_date from " ~ changed ~ ")), "
            ~ "(select count(*) from " ~ this ~ ")") -%}
        {{ log(this.identifier ~ ": touches rewritten on " ~ counted.rows[0][0] ~ " dates ("
            ~ counted.rows[0][1] ~ " loaded); " ~ counted.rows[0][2] ~ " of "
            ~ counted.rows[0][3] ~ " loaded touches deleted", info=true) }}
        delete from {{ this }}
        where {{ touch_date('occurred_at') }} in (select touch_date from {{ changed }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__delete_changed_touches(expected_sql, stored_sql) -%}
{%- endmacro %}

{#- In a chain model's incremental query (after the pre-hook): the dates to
    write, those of `source_dates_sql` (touch_date per input row) that the
    loaded table no longer holds. A date with input rows but no touch is
    among them and writes nothing. -#}
{% macro touch_dates_to_write_sql(source_dates_sql) -%}
    select distinct touch_date
    from ({{ source_dates_sql }}) as source_dates
    where touch_date not in (
        select distinct {{ touch_date('occurred_at') }}
        from {{ this }}
    )
{%- endmacro %}

{#- The hash of a union row's columns that vary between settled touches
    (the others are constant: null, 'session', false). -#}
{% macro settled_union_hash(prefix='', extra=[]) -%}
    {{ fingerprint_hash([
        prefix ~ 'touchpoint_id', prefix ~ 'anonymous_id', prefix ~ 'occurred_at',
        prefix ~ 'utm_source', prefix ~ 'utm_medium', prefix ~ 'utm_campaign',
        prefix ~ 'referrer_domain', prefix ~ 'session_page_views'] + extra) }}
{%- endmacro %}

{#- What the classification of a settled touch depends on besides its own
    columns: the channel rules (seed) and the company domains (var). Part of
    the sequenced hash, so that a change of either rewrites every settled
    date. -#}
{% macro settled_classification_version_sql() -%}
    select
        {{ fingerprint_hash([
            "coalesce(sum(" ~ fingerprint_hash([
                'rule_order', 'touch_type', 'platform_pattern', 'has_click_id',
                'utm_medium_pattern', 'utm_source_pattern', 'campaign_pattern',
                'referrer_domain_pattern', 'origin_label_pattern', 'activity_type',
                'lead_source_pattern', 'click_id_parameter_pattern', 'campaign_type_pattern',
                'channel']) ~ "), 0)",
            "'" ~ (var('company_domains', []) | join(',')) ~ "'",
            "'" ~ var('performance_max_channel', 'paid_search') ~ "'"]) }} as classification_version
    from {{ ref('channel_rules') }}
{%- endmacro %}

{#- int_touchpoints_unioned: every column of a row. -#}
{% macro unioned_row_hash() -%}
    {{ fingerprint_hash([
        'touchpoint_id', 'touch_type', 'occurred_at', 'anonymous_id', 'contact_id', 'account_id',
        'platform', 'campaign_id', 'campaign_name', 'utm_source', 'utm_medium', 'utm_campaign',
        'referrer_domain', 'origin_channel_label', 'origin_source', 'activity_type', 'form_name',
        'submission_id', 'activity_id', 'click_id', 'click_id_parameter', 'session_id', 'session_page_views',
        'is_click_session_merged']) }}
{%- endmacro %}

{% macro unioned_expected_sql() -%}
    select
        {{ touch_date('occurred_at') }} as touch_date,
        {{ unioned_row_hash() }} as touch_hash
    from ({{ touchpoints_unioned_sql(scoped=false) }}) as expected_rows
{%- endmacro %}

{% macro unioned_stored_sql() -%}
    select
        {{ touch_date('occurred_at') }} as touch_date,
        {{ unioned_row_hash() }} as touch_hash
    from {{ this }}
{%- endmacro %}

{#- int_touchpoints_sequenced: every column of a touch that is not settled
    (a settled touch is hashed by `settled_touch_hash`, its union row and
    the classification version). -#}
{% macro sequenced_row_hash() -%}
    {{ fingerprint_hash([
        'touchpoint_id', 'account_id', 'contact_id', 'anonymous_id', 'touch_type', 'touch_category',
        'channel', 'channel_rule_order', 'source', 'campaign', 'occurred_at', 'account_touch_number',
        'days_since_account_first_touch', 'platform', 'campaign_id', 'campaign_name', 'form_name',
        'submission_id', 'activity_type', 'click_id', 'session_id', 'session_page_views',
        'is_click_session_merged']) }}
{%- endmacro %}

{% macro sequenced_expected_sql() -%}
    select
        {{ touch_date('touchpoints.occurred_at') }} as touch_date,
        {{ settled_union_hash('touchpoints.', ['classification.classification_version']) }} as touch_hash
    from {{ ref('int_touchpoints_unioned') }} as touchpoints
    cross join ({{ settled_classification_version_sql() }}) as classification
    where {{ is_settled_touch('touchpoints.') }}
    union all
    select
        {{ touch_date('occurred_at') }} as touch_date,
        {{ sequenced_row_hash() }} as touch_hash
    from ({{ touchpoints_sequenced_sql(scope='not_settled') }}) as expected_rows
{%- endmacro %}

{% macro sequenced_stored_sql() -%}
    select
        {{ touch_date('occurred_at') }} as touch_date,
        case
            when {{ is_settled_touch() }} then settled_touch_hash
            else {{ sequenced_row_hash() }}
        end as touch_hash
    from {{ this }}
{%- endmacro %}

{#- fct_touchpoints: every column of a row. -#}
{% macro touchpoints_row_hash() -%}
    {{ fingerprint_hash([
        'touchpoint_id', 'account_id', 'contact_id', 'anonymous_id', 'touch_type', 'touch_category',
        'channel', 'source', 'campaign', 'occurred_at', 'account_touch_number',
        'days_since_account_first_touch', 'platform', 'campaign_id', 'form_name', 'submission_id',
        'activity_type', 'click_id', 'session_page_views', 'is_click_session_merged']) }}
{%- endmacro %}

{% macro touchpoints_expected_sql() -%}
    select
        {{ touch_date('occurred_at') }} as touch_date,
        {{ touchpoints_row_hash() }} as touch_hash
    from {{ ref('int_touchpoints_sequenced') }}
{%- endmacro %}

{% macro touchpoints_stored_sql() -%}
    select
        {{ touch_date('occurred_at') }} as touch_date,
        {{ touchpoints_row_hash() }} as touch_hash
    from {{ this }}
{%- endmacro %}
