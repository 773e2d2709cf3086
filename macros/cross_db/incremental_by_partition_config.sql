{#- Config of an incremental model that reprocesses whole partitions (one
    value of `partition_column`, e.g. an event date): the rows of every
    partition the model's query returns replace that partition's rows, and
    other partitions stay. Both engines then give what a full refresh gives,
    as long as the query returns every partition that changed, whole.
    - DuckDB: `delete+insert` keyed on the partition column (a delete of the
      returned partitions, then an insert, in one transaction).
    - Spark on plain Parquet tables: `insert_overwrite` with `partition_by`
      (dynamic partition overwrite); `merge` needs Delta/Iceberg/Hudi and
      `append` ignores keys.
    Use: `{{ config(**incremental_by_partition_config('viewed_date')) }}`. -#}
{% macro incremental_by_partition_config(partition_column) -%}
    {{ return(adapter.dispatch('incremental_by_partition_config', 'revenue_analytics')(partition_column)) }}
{%- endmacro %}

{% macro duckdb__incremental_by_partition_config(partition_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': partition_column,
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro spark__incremental_by_partition_config(partition_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [partition_column],
        'file_format': 'parquet',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}
