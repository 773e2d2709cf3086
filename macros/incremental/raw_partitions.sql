{#-
    Incremental base models (staging/*/base) over append-only event exports.

    A base model classifies every raw row (`classify_rows`), and two of its
    rules look across rows: exact copies of a row, and several versions of a
    key (the earliest version, usable or not, wins: it is staged when usable,
    and when it is not the key is quarantined; later ones are rejected as
    conflicting). An incremental run must give exactly what a full refresh
    gives, so it reprocesses whole partitions (`partition_date`, the event's
    date) and:
    1. finds the partitions that changed: every partition whose raw row count
       differs from the loaded one (late rows of any age, a late exact copy of
       an old row: copies share their timestamp, so their partition), every
       partition from `incremental_lookback_days` before the latest staged
       event on (rows that were future-dated under the previous clock), and
       the partition of rows without a usable timestamp;
    2. adds the partitions holding a staged version of a key that a changed
       row may now precede (a conflicting version that arrived late, dated
       before the kept one, or a row of the key without a usable timestamp,
       which ranks first; usable or not): that version becomes a rejected
       one;
    3. classifies the rows of those partitions together with the versions
       already loaded elsewhere of the same keys, usable or not
       (`carried_versions`: they rank the new rows exactly as a full refresh
       would), then keeps only the reprocessed partitions' rows.
    Rows of untouched partitions never change: a row's rules depend on the
    row alone, and every version that could outrank it is in step 2.
    The raw rows are read three times (partition counts, late versions,
    rows to reprocess) and never copied first (`cte_not_materialized`, also
    on the model's `source` CTE): each read scans only the columns it needs,
    where a copy would hold the whole wide export in memory (at 10x the demo
    that copy was 8 of the model's 14 seconds).
    Limits (a full refresh, `--full-refresh`, repairs them): a row edited in
    place in the export (same count, other content) in a partition older than
    the lookback; a changed rule, var or seed.
-#}

{#- The date a raw event row is partitioned by: its timestamp's date, or
    1900-01-01 for a row without a usable timestamp (null, unparseable or
    before `min_valid_timestamp`; such rows are rejected, and their partition
    is reprocessed on every run). -#}
{% macro event_partition_date(timestamp_expr) -%}
    coalesce(
        case
            when {{ timestamp_expr }} >= cast('{{ var("min_valid_timestamp") }}' as timestamp)
                then cast({{ timestamp_expr }} as date)
        end,
        {{ unusable_event_partition_date() }}
    )
{%- endmacro %}

{% macro unusable_event_partition_date() -%}
    cast('1900-01-01' as date)
{%- endmacro %}


{#- CTEs `source_dated` (every raw row with its partition_date),
    `source_selected` (the raw rows to rank by version: in a full build the
    rows of keys that occur more than once, in an incremental one every row
    of the reprocessed partitions) and `source_unique_keys` (in a full build
    the rows of keys that occur once, empty in an incremental one). Sorting
    every wide row by key for the version window took most of a large
    build's time and spill, although almost every key occurs once; the split
    costs one extra scan of the key column. The model types both sets with the same column list and passes
    the second to `classify_rows` as `unique_key_relation`.
    - source_cte: the CTE of raw rows (columns as text);
    - timestamp_column: its raw event timestamp column;
    - keys: list of (key column of the base model, expression computing it
      from the raw row), e.g. [('event_id', "nullif(trim(event_id), '')")]. -#}
{% macro reprocessed_raw_partitions(source_cte, timestamp_column, keys) -%}
    {%- set loaded_at = timestamp_column -%}
    source_dated as {{ cte_not_materialized() }} (
        select
            {{ source_cte }}.*,
            {{ event_partition_date(parse_timestamp_utc(timestamp_column)) }} as partition_date
        from {{ source_cte }}
    ),
    {%- if is_incremental() %}

    raw_partition_counts as (
        select
            partition_date,
            count(*) as raw_row_count
        from source_dated
        group by partition_date
    ),

    loaded_partition_counts as (
        select
            partition_date,
            count(*) as loaded_row_count,
            max(case when row_status = 'staged' then {{ loaded_at }} end) as latest_staged_at
        from {{ this }}
        group by partition_date
    ),

    lookback_start as (
        select
            cast({{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'max(latest_staged_at)') }} as date)
                as window_start_date
        from loaded_partition_counts
    ),

    changed_partitions as (
        select raw_partition_counts.partition_date
        from raw_partition_counts
        cross join lookback_start
        left join loaded_partition_counts
            on raw_partition_counts.partition_date = loaded_partition_counts.partition_date
        where
            lookback_start.window_start_date is null
            or raw_partition_counts.partition_date >= lookback_start.window_start_date
            or raw_partition_counts.partition_date = {{ unusable_event_partition_date() }}
            or loaded_partition_counts.loaded_row_count is null
            or raw_partition_counts.raw_row_count != loaded_partition_counts.loaded_row_count
    ),

    -- rows that arrived in partitions older than the lookback window, and
    -- rows without a usable timestamp (they rank first), with their key and
    -- time: usable or not, they may precede a version staged later
    late_versions as (
        select
            {%- for name, expression in keys %}
            {{ expression }} as {{ name }},
            {%- endfor %}
            {{ parse_timestamp_utc('source_dated.' ~ timestamp_column) }} as version_at
        from source_dated
        inner join changed_partitions
            on source_dated.partition_date = changed_partitions.partition_date
        cross join lookback_start
        where
            source_dated.partition_date < lookback_start.window_start_date
            or source_dated.partition_date = {{ unusable_event_partition_date() }}
    ),

    outranked_partitions as (
        select distinct loaded.partition_date
        from {{ this }} as loaded
        inner join late_versions
            on
            {%- for name, expression in keys %}
                loaded.{{ name }} = late_versions.{{ name }}{{ ' and' if not loop.last }}
            {%- endfor %}
        where
            loaded.row_status = 'staged'
            and (late_versions.version_at is null or late_versions.version_at <= loaded.{{ loaded_at }})
    ),

    reprocessed_partitions as (
        select partition_date from changed_partitions
        union
        select partition_date from outranked_partitions
    ),

    source_selected as (
        select source_dated.*
        from source_dated
        inner join reprocessed_partitions
            on source_dated.partition_date = reprocessed_partitions.partition_date
    ),

    -- an incremental run ranks every reprocessed row (few, and their keys
    -- may have versions loaded elsewhere)
    source_unique_keys as (
        select * from source_dated
        where 1 = 0
    ),
    {%- else %}
    {%- set key_expressions = [] -%}
    {%- for name, expression in keys -%}
        {%- do key_expressions.append(expression) -%}
    {%- endfor %}
    {%- set raw_key_hash = key_hash(key_expressions) %}

    -- keys (hashed) that occur more than once in the export: only their rows
    -- need ranking; a hash collision only adds rows to rank
    repeated_key_hashes as (
        select {{ raw_key_hash }} as key_hash
        from source_dated
        group by {{ raw_key_hash }}
        having count(*) > 1
    ),

    -- the raw rows to rank against other rows of their key
    source_selected as {{ cte_not_materialized() }} (
        select * from source_dated
        where {{ raw_key_hash }} in (select key_hash from repeated_key_hashes)
    ),

    -- the raw rows whose key occurs once (nearly all): the only version of
    -- their key, classified without the window
    source_unique_keys as {{ cte_not_materialized() }} (
        select * from source_dated
        where {{ raw_key_hash }} not in (select key_hash from repeated_key_hashes)
    ),
    {%- endif %}
{%- endmacro %}


{#- CTE `renamed_with_carried`: `renamed_cte` (the typed rows of the
    reprocessed partitions) plus, in an incremental run, the versions
    already loaded in other partitions of the keys being reprocessed (the
    first copy of every version, usable or rejected by a rule: an unusable
    version can win), so that `classify_rows` ranks versions across the
    whole table. Filter the classified rows with `reprocessed_rows_only()`
    afterwards. -#}
{% macro renamed_with_carried_versions(renamed_cte, key_columns) -%}
    {%- if is_incremental() %}
    {%- set classification = ['rule_reject_reason', 'copy_number', 'version_number', 'row_status', 'reject_reason'] -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(this) if column.name | lower not in classification -%}
        {%- do columns.append(column.name | lower) -%}
    {%- endfor %}
    reprocessed_keys as (
        select distinct {{ key_columns | join(', ') }}
        from {{ renamed_cte }}
    ),

    -- narrow first: every reprocessed key matches its own loaded row, so
    -- joining the loaded table's wide rows to the keys before dropping the
    -- reprocessed partitions carried every reprocessed row through the
    -- join (most of the model's memory)
    carried_keys as (
        select distinct
            {%- for name in key_columns %}
            loaded.{{ name }},
            {%- endfor %}
            loaded.partition_date
        from {{ this }} as loaded
        inner join reprocessed_keys
            on
            {%- for name in key_columns %}
                loaded.{{ name }} = reprocessed_keys.{{ name }}{{ ' and' if not loop.last }}
            {%- endfor %}
        where
            {{ carried_version_condition('loaded') }}
            and loaded.partition_date not in (select partition_date from reprocessed_partitions)
    ),

    carried_versions as (
        select
            {%- for column in columns %}
            loaded.{{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ this }} as loaded
        inner join carried_keys
            on
            {%- for name in key_columns %}
                loaded.{{ name }} = carried_keys.{{ name }} and
            {%- endfor %}
                loaded.partition_date = carried_keys.partition_date
        where {{ carried_version_condition('loaded') }}
    ),

    renamed_with_carried as (
        select
            {%- for column in columns %}
            {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ renamed_cte }}
        union all
        select * from carried_versions
    ),
    {%- else %}
    renamed_with_carried as (
        select * from {{ renamed_cte }}
    ),
    {%- endif %}
{%- endmacro %}


{#- A loaded row that is a version of its key: the first copy of a usable
    version (it has a version_number) or of a version rejected by a rule. -#}
{% macro carried_version_condition(relation) -%}
    ({{ relation }}.version_number is not null
    or ({{ relation }}.rule_reject_reason is not null and {{ relation }}.copy_number = 1))
{%- endmacro %}


{#- A where clause keeping the classified rows of the reprocessed partitions
    (drops the carried versions of an incremental run). -#}
{% macro reprocessed_rows_only(relation) -%}
    {%- if is_incremental() -%}
    where {{ relation }}.partition_date in (select partition_date from reprocessed_partitions)
    {%- endif -%}
{%- endmacro %}
