{#-
    The on-run-start hook that exposes a native CRM's tables on DuckDB when
    the CRM is read natively (var `crm_source` = `hubspot` or `salesforce`,
    called <crm> below): nothing otherwise. In a warehouse Fivetran writes
    these tables itself and the source named <crm> reads them where they
    are; on DuckDB they come either

    - from a DuckDB file holding them in schema `<crm>_schema` (env
      <CRM>_DUCKDB_PATH), attached read-only as `<crm>_native` and read
      through views in schema `<crm>_schema` of the build's database, or
    - from a folder of files (var `<crm>_data_dir`, env <CRM>_DATA_DIR),
      one per native table, `<table>.csv` or `<table>.parquet` (a file or a
      folder of part files), found like the raw files (find_raw_file) and
      read into schema `<crm>_schema`: CSV files loaded as text tables,
      Parquet files read in place through views, every column as text.

    Columns are matched by name, case-insensitively; a column whose meta
    says `optional: true` reads as null when the file lacks it (HubSpot
    properties depend on the portal, Salesforce fields on the org), a table whose meta says so is empty
    when its file is missing. A missing folder, file or required column
    stops the build with one message naming each, before anything loads.
-#}
{% macro load_native_files() -%}
    {%- set crm = var('crm_source', 'files') -%}
    {%- if execute and crm in ['hubspot', 'salesforce'] -%}
        {%- do adapter.dispatch('load_native_tables', 'revenue_analytics')(crm) -%}
    {%- endif -%}
    select 1
{%- endmacro %}


{% macro default__load_native_tables(source_name) -%}
    {#- Elsewhere the connector's tables are read where they are. -#}
{%- endmacro %}


{% macro duckdb__load_native_tables(source_name) -%}
    {%- set tables = [] -%}
    {%- for node in graph.sources.values()
        if node.package_name == project_name and node.source_name == source_name -%}
        {%- do tables.append(node) -%}
    {%- endfor -%}
    {%- set label = {'hubspot': 'HubSpot', 'salesforce': 'Salesforce'}.get(source_name, source_name) -%}
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
            "crm_source is " ~ source_name ~ " but neither " ~ env_prefix ~ "_DATA_DIR (a folder of the " ~ label
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
                    ~ ", a " ~ label ~ " table read when crm_source is " ~ source_name) -%}
            {%- else -%}
                {%- do problems.append("missing file: " ~ data_dir ~ "/" ~ table ~ ".csv (or .parquet), "
                    ~ "a " ~ label ~ " table read when crm_source is " ~ source_name) -%}
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
