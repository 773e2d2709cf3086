{#-
    The on-run-start hook that exposes the tables of every native system a
    build reads (macro native_systems: the CRM of var `crm_source`, Segment
    for vars `web_source` / `forms_source`, the ad platforms of var
    `ad_platforms`; docs/native-sources.md) on DuckDB: nothing when all
    tables come from the raw files. In a warehouse the EL tool writes these
    tables itself and the source named after the system (<system> below)
    reads them where they are; on DuckDB they come either

    - from a DuckDB file holding them in schema `<system>_schema` (env
      <SYSTEM>_DUCKDB_PATH), attached read-only as `<system>_native` and
      read through views in schema `<system>_schema` of the build's
      database, or
    - from a folder of files (var `<system>_data_dir`, env
      <SYSTEM>_DATA_DIR), one per native table, `<table>.csv` or
      `<table>.parquet` (a file or a folder of part files), found like the
      raw files (find_raw_file) and read into schema `<system>_schema`: CSV
      files loaded as text tables, Parquet files read in place through
      views, every column as text.

    Columns are matched by name, case-insensitively; a column whose meta
    says `optional: true` reads as null when the file lacks it (HubSpot
    properties depend on the portal, Salesforce fields on the org), a table
    whose meta says so is empty when its file is missing. A missing folder,
    file or required column stops the build with one message naming each,
    before anything loads.
-#}
{% macro load_native_files() -%}
    {%- if execute -%}
        {%- for system in native_systems() -%}
            {%- do adapter.dispatch('load_native_tables', 'revenue_analytics')(system) -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{#- How a native system is named in messages. -#}
{% macro native_system_label(system) -%}
    {{ return({'hubspot': 'HubSpot', 'salesforce': 'Salesforce', 'segment': 'Segment',
        'google_ads': 'Google Ads', 'linkedin_ads': 'LinkedIn Ads', 'meta_ads': 'Meta Ads'}.get(system, system)) }}
{%- endmacro %}


{% macro default__load_native_tables(source_name) -%}
    {#- Elsewhere the connector's tables are read where they are. -#}
{%- endmacro %}


{#- Spark: the EL tool's tables are read where they are in the metastore
    (database `<system>_schema`). Only when var `<system>_data_dir` names a
    folder of Parquet files (`<table>.parquet`, as the demo writes them) are
    they loaded into that database first, every column as text, a missing
    optional column as null and a missing optional table empty; anything
    else missing stops the build naming it. -#}
{% macro spark__load_native_tables(source_name) -%}
    {%- set data_dir = var(source_name ~ '_data_dir') | string | trim -%}
    {%- if data_dir == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set label = native_system_label(source_name) -%}
    {%- set schema = var(source_name ~ '_schema') -%}
    {%- set root = spark__raw_absolute_path(data_dir) -%}
    {%- do run_query("create or replace temporary view native_files__listing using binaryFile options (path "
        ~ spark__raw_string_literal(root) ~ ", pathGlobFilter '*.parquet', recursiveFileLookup 'true')") -%}
    {%- set listed = run_query("select path from native_files__listing").columns[0].values() | list -%}
    {%- set problems = [] -%}
    {%- set loads = [] -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name and node.source_name == source_name -%}
        {%- set file = '/' ~ node.identifier ~ '.parquet' -%}
        {%- set present = namespace(found=false) -%}
        {%- for path in listed if (path | string).endswith(file) or (file ~ '/') in (path | string) -%}
            {%- set present.found = true -%}
        {%- endfor -%}
        {%- if not present.found -%}
            {%- if node.meta.get('optional', false) -%}
                {%- do loads.append({'table': node.identifier, 'path': none, 'columns': node.columns.values() | list}) -%}
            {%- else -%}
                {%- do problems.append("missing file: " ~ data_dir ~ file ~ ", a " ~ label ~ " table (source " ~ source_name ~ ")") -%}
            {%- endif -%}
        {%- else -%}
            {%- set path = root.rstrip('/') ~ file -%}
            {%- set header = run_query("select * from parquet." ~ spark__raw_path_identifier(path) ~ " limit 0").column_names | list -%}
            {%- set by_lower = {} -%}
            {%- for name in header -%}
                {%- do by_lower.update({name | lower: name}) -%}
            {%- endfor -%}
            {%- set mapping = [] -%}
            {%- for column in node.columns.values() -%}
                {%- if column.name | lower in by_lower -%}
                    {%- do mapping.append((by_lower[column.name | lower], column.name | lower)) -%}
                {%- elif column.meta.get('optional', false) -%}
                    {%- do mapping.append((none, column.name | lower)) -%}
                {%- else -%}
                    {%- do problems.append("missing column: '" ~ column.name ~ "' in " ~ data_dir ~ file) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do loads.append({'table': node.identifier, 'path': path, 'mapping': mapping}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems | length > 0 -%}
        {%- do exceptions.raise_compiler_error(
            label ~ " tables not as expected in " ~ source_name | upper ~ "_DATA_DIR=" ~ data_dir ~ ":\n  - "
            ~ (problems | join("\n  - "))) -%}
    {%- endif -%}
    {%- do run_query("create database if not exists `" ~ schema ~ "`") -%}
    {%- for load in loads -%}
        {%- set target = '`' ~ schema ~ '`.`' ~ load.table ~ '`' -%}
        {%- do run_query("drop table if exists " ~ target) -%}
        {%- set sql -%}
            create table {{ target }} using parquet as select
            {%- if load.path is none %}
                {%- for column in load.columns %}
                cast(null as string) as `{{ column.name | lower }}`{% if not loop.last %},{% endif %}
                {%- endfor %}
            where false
            {%- else %}
                {%- for name, column in load.mapping %}
                {% if name is none %}cast(null as string){% else %}nullif(cast(`{{ name | replace('`', '``') }}` as string), ''){% endif %} as `{{ column }}`{% if not loop.last %},{% endif %}
                {%- endfor %}
            from parquet.{{ spark__raw_path_identifier(load.path) }}
            {%- endif %}
        {%- endset -%}
        {%- do run_query(sql) -%}
    {%- endfor -%}
    {{ log(label ~ " tables read from " ~ source_name | upper ~ "_DATA_DIR=" ~ data_dir ~ ": " ~ (loads | length) ~ " tables", info=true) }}
{%- endmacro %}


{% macro duckdb__load_native_tables(source_name) -%}
    {%- set tables = [] -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name and node.source_name == source_name -%}
        {%- do tables.append(node) -%}
    {%- endfor -%}
    {%- set label = native_system_label(source_name) -%}
    {%- set env_prefix = source_name | upper -%}
    {%- set native_db = source_name ~ '_native' -%}
    {%- set attach_path = env_var(env_prefix ~ '_DUCKDB_PATH', '') | trim -%}
    {%- set data_dir = var(source_name ~ '_data_dir') | string | trim -%}
    {%- set schema = var(source_name ~ '_schema') -%}
    {%- set problems = [] -%}
    {%- set loads = [] -%}
    {%- if attach_path != '' -%}
        {#- The file is attached read-only as `<crm>_native`; its tables
            (in schema `<crm>_schema` of the file) are read through views. -#}
        {%- set where = env_prefix ~ "_DUCKDB_PATH=" ~ attach_path -%}
        {%- set attached = run_query("select count(*) from duckdb_databases() where database_name = '" ~ native_db ~ "'") -%}
        {%- if attached.columns[0].values()[0] == 0 -%}
            {%- do run_query("attach '" ~ attach_path | replace("'", "''") ~ "' as " ~ native_db ~ " (read_only)") -%}
        {%- endif -%}
    {%- elif data_dir != '' -%}
        {%- set where = env_prefix ~ "_DATA_DIR=" ~ data_dir -%}
    {%- else -%}
        {%- do exceptions.raise_compiler_error(
            label ~ " tables are read (source " ~ source_name ~ ", docs/native-sources.md) but neither " ~ env_prefix ~ "_DATA_DIR (a folder of the " ~ label
            ~ " tables as files) nor " ~ env_prefix ~ "_DUCKDB_PATH (a DuckDB file holding them) is set") -%}
    {%- endif -%}
    {%- for node in tables | sort(attribute='identifier') -%}
        {%- set table = node.identifier -%}
        {%- if attach_path != '' -%}
            {%- set described = run_query("select column_name from information_schema.columns "
                ~ "where table_catalog = '" ~ native_db ~ "' and table_schema = '" ~ schema | replace("'", "''")
                ~ "' and table_name = '" ~ table ~ "' order by ordinal_position") -%}
            {%- set header = described.columns[0].values() | list -%}
            {%- set found = none if header | length == 0
                else {'path': native_db ~ '."' ~ schema ~ '"."' ~ table ~ '"', 'format': 'attached'} -%}
        {%- else -%}
            {%- set found = adapter.dispatch('find_raw_file', 'revenue_analytics')(data_dir, table) -%}
            {%- set header = [] if found is none
                else adapter.dispatch('raw_file_columns', 'revenue_analytics')(found.path, found.format) -%}
        {%- endif -%}
        {%- if found is none -%}
            {%- if node.meta.get('optional', false) -%}
                {%- do loads.append({'table': table, 'found': none, 'columns': node.columns.values() | list}) -%}
            {%- elif attach_path != '' -%}
                {%- do problems.append("missing table: " ~ schema ~ "." ~ table ~ " in " ~ attach_path
                    ~ ", a " ~ label ~ " table (source " ~ source_name ~ ")") -%}
            {%- else -%}
                {%- do problems.append("missing file: " ~ data_dir ~ "/" ~ table ~ ".csv (or .parquet), "
                    ~ "a " ~ label ~ " table (source " ~ source_name ~ ")") -%}
            {%- endif -%}
        {%- else -%}
            {%- for other in found.get('also', []) -%}
                {%- do problems.append("both CSV and Parquet for table " ~ table ~ " in " ~ found.path ~ " and "
                    ~ other ~ ": keep only the current one (the loader cannot tell which to read)") -%}
            {%- endfor -%}
            {%- if header | length == 0 -%}
                {%- do problems.append("empty file (no header row): " ~ found.path) -%}
            {%- else -%}
                {%- set by_lower = {} -%}
                {%- for name in header -%}
                    {%- set key = name | replace('\ufeff', '') | trim | lower -%}
                    {%- if key not in by_lower -%}
                        {%- do by_lower.update({key: name}) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- set mapping = [] -%}
                {%- for column in node.columns.values() -%}
                    {%- if column.name | lower in by_lower -%}
                        {%- do mapping.append((by_lower[column.name | lower], column.name | lower)) -%}
                    {%- elif column.meta.get('optional', false) -%}
                        {%- do mapping.append((none, column.name | lower)) -%}
                    {%- else -%}
                        {%- do problems.append("missing column: '" ~ column.name ~ "' in " ~ found.path) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- do loads.append({'table': table, 'found': found, 'header': header, 'mapping': mapping}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems | length > 0 -%}
        {%- do exceptions.raise_compiler_error(
            label ~ " tables not as expected in " ~ where ~ ":\n  - " ~ (problems | join("\n  - "))) -%}
    {%- endif -%}
    {%- do run_query('create schema if not exists "' ~ schema ~ '"') -%}
    {#- The last build's relations: dropped (a table may now be a view). -#}
    {%- set existing = run_query("select table_name, table_type from information_schema.tables "
        ~ "where table_schema = '" ~ schema | replace("'", "''") ~ "' and table_catalog = current_database()") -%}
    {%- for name, kind in existing.rows -%}
        {%- do run_query("drop " ~ ('view' if kind == 'VIEW' else 'table') ~ ' if exists "' ~ schema ~ '"."' ~ name ~ '"') -%}
    {%- endfor -%}
    {%- for load in loads -%}
        {%- set target = '"' ~ schema ~ '"."' ~ load.table ~ '"' -%}
        {%- if load.found is none -%}
            {%- set sql -%}
                create table {{ target }} as select
                {%- for column in load.columns %}
                    cast(null as varchar) as "{{ column.name | lower }}"{% if not loop.last %},{% endif %}
                {%- endfor %}
                where false
            {%- endset -%}
        {%- else -%}
            {%- set quoted = load.found.path | replace("'", "''") -%}
            {%- if load.found.format == 'csv' -%}
                {%- set reader = "read_csv('" ~ quoted ~ "', header = true, all_varchar = true, "
                    ~ duckdb__raw_csv_options() ~ ")" -%}
            {%- elif load.found.format == 'attached' -%}
                {%- set reader = load.found.path -%}
            {%- else -%}
                {%- set reader = "read_parquet('" ~ quoted ~ "')" -%}
            {%- endif -%}
            {%- set sql -%}
                create {{ 'table' if load.found.format == 'csv' else 'view' }} {{ target }} as select
                {%- for name, column in load.mapping %}
                    {% if name is none %}cast(null as varchar){% else %}nullif(cast("{{ name | replace('"', '""') }}" as varchar), ''){% endif %} as "{{ column }}"{% if not loop.last %},{% endif %}
                {%- endfor %}
                from {{ reader }}
            {%- endset -%}
        {%- endif -%}
        {%- do run_query(sql) -%}
    {%- endfor -%}
    {{ log(label ~ " tables read from " ~ where ~ ": " ~ (loads | length) ~ " tables", info=true) }}
{%- endmacro %}
