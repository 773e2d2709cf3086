{#-
    The touchpoint chain (int_touchpoints_unioned -> int_touchpoints_sequenced
    -> fct_touchpoints) is patched, not rebuilt, by an incremental run on
    DuckDB. Its rows fall in two parts:
    - settled touches: sessions without a click id of a browser that no form
      or click identifies (no contact, no account). Such a row is a function
      of its session alone (no click, no campaign, no person, no number in an
      account timeline), so a session that did not change keeps its row.
      They are most touchpoints (three in five in the demo) and are kept by
      the UTC date of the session start: a date is rewritten only when the
      fingerprint (row count and sum of row hashes) of the rows it should
      hold differs from that of the rows it holds;
    - every other touch (clicks, forms, activities, sessions with a click id
      or of an identified browser): rewritten whole on every run. Identity
      is retroactive (a form identifies a browser's past sessions, a merge
      moves an account's touches, a late click claims a session) and these
      touches carry it; an account's timeline numbers are among them.
    A date's fingerprint changes when one of its sessions changes, appears
    or goes (late page views, privacy deletions), and when a browser with a
    session that day becomes identified (its sessions leave the settled
    part) or stops being identified. A changed row with an unchanged
    fingerprint needs two different row sets with equal 64-bit hash sums.
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

{#- The dates whose settled rows differ between `expected_sql` and
    `stored_sql`, both selecting (touch_date, touch_hash) per settled row. -#}
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

{#- Pre-hook of a chain model: deletes every touch that is not settled and
    the settled touches of the dates that changed; the model's query then
    returns exactly those (see `touch_dates_to_write_sql`), appended in the
    same transaction. Nothing on a full build or on Spark. -#}
{% macro delete_changed_touches(expected_sql, stored_sql) -%}
    {{ return(adapter.dispatch('delete_changed_touches', 'revenue_analytics')(expected_sql, stored_sql)) }}
{%- endmacro %}

{#- The changed dates go to a temporary table first, so that the run logs
    how many of the loaded dates it rewrites. -#}
{% macro duckdb__delete_changed_touches(expected_sql, stored_sql) -%}
    {%- if execute and is_incremental() -%}
        {%- set changed = this.identifier ~ '__changed_dates' -%}
        {%- do run_query("create or replace temporary table " ~ changed ~ " as "
            ~ changed_touch_dates_sql(expected_sql, stored_sql)) -%}
        {%- set counted = run_query(
            "select (select count(*) from " ~ changed ~ "), "
            ~ "(select count(distinct cast(occurred_at as date)) from " ~ this
            ~ " where " ~ is_settled_touch() ~ ")") -%}
        {{ log(this.identifier ~ ": settled touches rewritten on " ~ counted.rows[0][0] ~ " of "
            ~ counted.rows[0][1] ~ " loaded dates; every other touch rewritten", info=true) }}
        delete from {{ this }}
        where
            not {{ is_settled_touch() }}
            or cast(occurred_at as date) in (select touch_date from {{ changed }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__delete_changed_touches(expected_sql, stored_sql) -%}
{%- endmacro %}

{#- In the model's incremental query (after the pre-hook): the dates with
    settled rows to write, i.e. those of `source_dates_sql` (touch_date per
    candidate row) that the loaded table no longer holds. -#}
{% macro touch_dates_to_write_sql(source_dates_sql) -%}
    select distinct touch_date
    from ({{ source_dates_sql }}) as source_dates
    where touch_date not in (
        select distinct cast(occurred_at as date)
        from {{ this }}
        where
            {{ is_settled_touch() }}
            and occurred_at is not null
    )
{%- endmacro %}

{#- The settled rows each model of the chain should hold and holds, as
    (touch_date, touch_hash). The hash covers every column that can vary
    between settled rows; the others are constant (null, 'session', false). -#}
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
                'lead_source_pattern', 'channel']) ~ "), 0)",
            "'" ~ (var('company_domains', []) | join(',')) ~ "'"]) }} as classification_version
    from {{ ref('channel_rules') }}
{%- endmacro %}

{#- int_touchpoints_unioned: one settled row per session without a click id
    whose browser is not identified. -#}
{% macro unioned_settled_expected_sql() -%}
    select
        cast(sessions.started_at as date) as touch_date,
        {{ fingerprint_hash([
            'sessions.session_id', 'sessions.anonymous_id', 'sessions.started_at',
            'sessions.utm_source', 'sessions.utm_medium', 'sessions.utm_campaign',
            'sessions.referrer_domain', 'sessions.page_view_count']) }} as touch_hash
    from {{ ref('int_sessions_aggregated') }} as sessions
    left join {{ ref('int_browsers_identified') }} as browsers
        on
            sessions.anonymous_id = browsers.anonymous_id
            and (browsers.contact_id is not null or browsers.account_id is not null)
    where
        sessions.click_id is null
        and browsers.anonymous_id is null
{%- endmacro %}

{% macro unioned_settled_stored_sql() -%}
    select
        cast(occurred_at as date) as touch_date,
        {{ settled_union_hash() }} as touch_hash
    from {{ this }}
    where {{ is_settled_touch() }}
{%- endmacro %}

{#- int_touchpoints_sequenced: the union's settled rows, which it stores
    with their union hash and the classification version
    (`settled_touch_hash`). -#}
{% macro sequenced_settled_expected_sql() -%}
    select
        cast(touchpoints.occurred_at as date) as touch_date,
        {{ settled_union_hash('touchpoints.', ['classification.classification_version']) }} as touch_hash
    from {{ ref('int_touchpoints_unioned') }} as touchpoints
    cross join ({{ settled_classification_version_sql() }}) as classification
    where {{ is_settled_touch('touchpoints.') }}
{%- endmacro %}

{% macro sequenced_settled_stored_sql() -%}
    select
        cast(occurred_at as date) as touch_date,
        settled_touch_hash as touch_hash
    from {{ this }}
    where {{ is_settled_touch() }}
{%- endmacro %}

{#- fct_touchpoints: the sequenced settled rows, on the mart's columns. -#}
{% macro settled_mart_hash() -%}
    {{ fingerprint_hash([
        'touchpoint_id', 'anonymous_id', 'occurred_at', 'session_page_views',
        'touch_category', 'channel', 'source', 'campaign']) }}
{%- endmacro %}

{% macro touchpoints_settled_expected_sql() -%}
    select
        cast(occurred_at as date) as touch_date,
        {{ settled_mart_hash() }} as touch_hash
    from {{ ref('int_touchpoints_sequenced') }}
    where {{ is_settled_touch() }}
{%- endmacro %}

{% macro touchpoints_settled_stored_sql() -%}
    select
        cast(occurred_at as date) as touch_date,
        {{ settled_mart_hash() }} as touch_hash
    from {{ this }}
    where {{ is_settled_touch() }}
{%- endmacro %}

{#- In the incremental query of a chain model fed by an upstream chain
    model: the upstream rows to write, i.e. every touch that is not settled
    and the settled touches of the dates the loaded table no longer holds. -#}
{% macro chain_rows_to_write(upstream) -%}
    (
        not {{ is_settled_touch() }}
        or cast(occurred_at as date) in (
            {{ touch_dates_to_write_sql(
                "select cast(occurred_at as date) as touch_date from " ~ upstream
                ~ " where " ~ is_settled_touch()) }}
        )
    )
{%- endmacro %}

