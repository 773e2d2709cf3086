{#-
    The one place where staging decides what happens to a raw row, so that
    no row is lost silently. Every row of `relation` gets `row_status`:
    - `rejected`: it cannot be used; `reject_reason` says why (a line the
      loader could not read, `unreadable_line_<error>`; a missing id; an
      unparseable, out-of-range or future timestamp; a rule of the model's
      `checks`; or a second version of an id with conflicting content);
    - `exact_duplicate`: a byte-identical copy of an earlier row;
    - `superseded`: an older restatement of the same key (`supersede_by`
      names the column whose latest value wins, e.g. `extracted_at`);
    - `staged`: everything else, exactly one row per key.

    Versions never fall back. The distinct versions of a key (rows with the
    same key and other content) are ranked together, usable or not: by
    `supersede_by` (latest first), else by `version_order` (earliest first),
    then by the row hash. A version whose position is unknown (its
    `supersede_by` or `version_order` value is null: missing or
    unparseable) ranks first, and so does an unusable version on a tie
    (always, without `version_order` or `supersede_by`): it might be the one
    that wins. The first version wins. When it is unusable (rejected by a
    rule), the key is quarantined: no other version is staged in its place;
    the unusable one is rejected with its reason, the other versions are
    `superseded` (restatements) or rejected as `conflicting_duplicate_<key>`.
    A row whose key itself is missing, or a line the loader could not read
    (every column null), names no key and quarantines none.

    Arguments:
    - key_columns: the natural key; a conflicting second version of a key is
      rejected (the version that ranks first is kept, see above).
    - timestamps: {column: required?}; `<column>_raw` must hold the raw text.
    - checks: list of (condition, reason) pairs, tested before the key and
      timestamp rules; the first match wins.
    - unique_key_relation: optional, rows with the same columns as
      `relation` whose key occurs in no other row (see
      reprocessed_raw_partitions): each is the only version of its key, so
      it is classified without the version window (copy 1, version 1 when
      its rules pass); not with `supersede_by`, and ignored in an
      incremental run.
    `relation` must carry `load_error` (the loader's `_load_error`, null for
    every readable line): it is tested first.
-#}
{% macro classify_rows(relation, key_columns, timestamps, checks=[], supersede_by=none, version_order=none, unique_key_relation=none) -%}
    {%- set key_list = key_columns | join(', ') -%}
    {%- if unique_key_relation and supersede_by -%}
        {{ exceptions.raise_compiler_error('classify_rows: unique_key_relation cannot be combined with supersede_by') }}
    {%- endif -%}
    {%- set split_unique_keys = unique_key_relation and not is_incremental() -%}
    {%- set rule_reject_reason -%}
            case
                when load_error is not null then load_error
            {%- for condition, reason in checks %}
                when {{ condition }} then '{{ reason }}'
            {%- endfor %}
            {%- for column in key_columns %}
                when {{ column }} is null then 'missing_{{ column }}'
            {%- endfor %}
            {%- for column, required in timestamps.items() %}
                when {{ column }}_raw is not null and {{ column }} is null then 'unparseable_{{ column }}'
                {%- if required %}
                when {{ column }} is null then 'missing_{{ column }}'
                {%- endif %}
                when {{ column }} < cast('{{ var("min_valid_timestamp") }}' as timestamp) then 'out_of_range_{{ column }}'
                when {{ column }} > {{ build_clock_utc() }} then 'future_{{ column }}'
            {%- endfor %}
            end as rule_reject_reason
    {%- endset %}
    checked as (
        select
            *,
            {{ rule_reject_reason }}
            {%- if supersede_by %},
            row_number() over (partition by raw_row_hash order by raw_row_hash) as copy_number
            {%- endif %}
        from {{ relation }}
    ),
    {%- if supersede_by %}

    {#- The restatements of a key, usable or not, latest first (unknown
        times and, on a tie, unusable ones first); the first copy of each
        is ranked, and the first one's reject reason says whether the key is
        quarantined. -#}
    {%- set restatement_window -%}
        over (
            partition by {{ key_list }}, copy_number = 1
            order by
                {{ supersede_by }} desc nulls first,
                rule_reject_reason is null,
                {%- if version_order %} {{ version_order }},{% endif %}
                raw_row_hash
        )
    {%- endset %}

    versioned as (
        select
            *,
            case
                when rule_reject_reason is null and copy_number = 1
                    then row_number() {{ restatement_window }}
            end as version_number,
            max(case when rule_reject_reason is null and copy_number = 1 then {{ supersede_by }} end)
                over (partition by {{ key_list }}) as latest_{{ supersede_by }},
            case
                when copy_number = 1
                    then first_value(rule_reject_reason) {{ restatement_window }}
            end as latest_version_reject_reason
        from checked
    ),
    {%- else %}

    {#- One window (one sort) gives both numbers. Copies share their hash,
        hence their key, their version order and their rule outcome, so they
        are peers of one partition (key), adjacent in the order (version
        order, unknown first; unusable first; hash):
        - copy_number: position among the peers (row_number - rank + 1);
        - version_number: dense_rank counts the distinct hashes up to the
          row, i.e. the rank among the key's versions, usable or not; only
          a usable row gets it, and only version 1 is staged. -#}
    {%- set version_window -%}
        over (
            partition by {{ key_list }}
            order by
                {%- if version_order %} {{ version_order }} nulls first,{% endif %}
                rule_reject_reason is null,
                raw_row_hash
        )
    {%- endset %}

    {%- if split_unique_keys %}

    checked_unique_keys as (
        select
            *,
            {{ rule_reject_reason }}
        from {{ unique_key_relation }}
    ),
    {%- endif %}

    versioned as (
        select
            *,
            row_number() {{ version_window }} - rank() {{ version_window }} + 1 as copy_number,
            case
                when rule_reject_reason is null
                    and row_number() {{ version_window }} = rank() {{ version_window }}
                    then dense_rank() {{ version_window }}
            end as version_number
        from checked
        {%- if split_unique_keys %}
        union all
        select
            *,
            1 as copy_number,
            case when rule_reject_reason is null then 1 end as version_number
        from checked_unique_keys
        {%- endif %}
    ),
    {%- endif %}

    statused as (
        select
            *,
            case
                when rule_reject_reason is not null then 'rejected'
                when copy_number > 1 then 'exact_duplicate'
                when version_number = 1 then 'staged'
                {%- if supersede_by %}
                -- older than the latest usable version, or the latest is unusable (quarantined key)
                when {{ supersede_by }} < latest_{{ supersede_by }} or latest_version_reject_reason is not null
                    then 'superseded'
                {%- endif %}
                else 'rejected'
            end as row_status
        from versioned
    ),

    classified as (
        select
            *,
            case
                when row_status = 'rejected'
                    then coalesce(rule_reject_reason, 'conflicting_duplicate_{{ key_columns | join("_") }}')
            end as reject_reason
        from statused
    )
{%- endmacro %}
