{#-
    Exposes every raw file of the contract as a relation in schema `raw`
    before any model runs (on-run-start), so that staging reads them through
    `source()`:
    - a CSV file is loaded into a table (parsed once; every model of the
      build sees that snapshot even if the file changes while it runs);
    - a Parquet file is read in place through a view (nothing copied; each
      query reads only the columns it needs). Its size and modification time
      are recorded in `raw._raw_files_read`, and `scripts/publish.py` does
      not publish a build during which such a file changed, so a published
      build always read one snapshot of every file.

    For every source table declared in schema `raw`:
    - the file is `<raw_data_dir>/<table>.csv` or `<table>.parquet`; on
      DuckDB `<table>.parquet` may also be a folder of Parquet part files
      with the same columns, read as one file (each part recorded in
      `raw._raw_files_read`);
    - columns are matched by header name, case-insensitively, in any order;
      extra columns are ignored; every declared column is required (unless
      its meta says `optional: true`: then a file without it reads it as
      null, as the native loader does) and read as text (Parquet columns of
      any type are cast to text); an empty value is null;
    - a missing file (unless the table's meta says `optional: true`, which
      then yields an empty table), an empty file (no header row) or a missing
      column stops the build with one message naming every file and column at
      fault, before anything is loaded;
    - so does ambiguous input, each with what was found and what to do: the
      same table as both CSV and Parquet; a contract column named twice,
      case-insensitively, in a CSV header or a Parquet schema; a CSV file
      not in UTF-8 (a UTF-16/UTF-32 byte-order mark, NUL bytes in the
      header line, a header line that is not UTF-8, or at least a tenth of
      the first 1,000 lines not UTF-8, e.g. Latin-1); a CSV header with no
      comma that splits on `;` or a tab into contract columns. A few lines
      that are not UTF-8 in an otherwise UTF-8 file are quarantined (below);
    - a file mixing CRLF and LF line endings stops the build (DuckDB would
      merge LF-ended lines into the row before);
    - a CSV line that cannot be read (invalid UTF-8, too few or too many
      fields, a quote that never closes, a line over the size limit) is not
      dropped: it becomes a row whose contract columns are all null, with
      `_load_error` (`unreadable_line_<error type>`) and `_load_line` (its
      line number and column, never its content). Staging rejects it with
      that reason, so it is counted in `stg_audit__rejected_rows` and in
      the raw = staged + rejected + duplicates accounting.
    Error messages and logs name files, lines and columns, never values: the
    raw files hold personal data.
-#}
{% macro load_raw_files() -%}
    {%- if execute -%}
        {%- set raw_dir = var('raw_data_dir') | string | trim -%}
        {%- set tables = [] -%}
        {%- for node in graph.sources.values()
            if node.package_name == project_name and node.schema == 'raw' -%}
            {%- do tables.append(node) -%}
        {%- endfor -%}
        {%- set problems = [] -%}
        {%- set loads = [] -%}
        {%- do adapter.dispatch('prepare_raw_schema', 'revenue_analytics')() -%}
        {%- for node in tables | sort(attribute='identifier') -%}
            {%- set table = node.identifier -%}
            {%- set wanted = node.columns.keys() | list -%}
            {#- A table read natively (contract_table_supplier) is not read
                from a file and stands empty; one the native ad platforms
                share with the file is optional (docs/native-sources.md). -#}
            {%- set supplier = contract_table_supplier(table) -%}
            {%- set native = supplier not in ['files', 'ad_platforms'] -%}
            {%- set found = none if native else adapter.dispatch('find_raw_file', 'revenue_analytics')(raw_dir, table) -%}
            {%- if found is none -%}
                {%- if native or supplier == 'ad_platforms' or node.meta.get('optional', false) -%}
                    {%- do loads.append({'table': table, 'found': none, 'columns': wanted}) -%}
                {%- else -%}
                    {%- do problems.append("missing file: " ~ raw_dir ~ "/" ~ table ~ ".csv (or .parquet), required by the raw data contract") -%}
                {%- endif -%}
            {%- else -%}
                {#- Ambiguous input is refused before anything loads: the same
                    table twice, a file not in UTF-8, a header split on
                    another delimiter, the same column twice. -#}
                {%- for other in found.get('also', []) -%}
                    {%- do problems.append("both CSV and Parquet for table " ~ table ~ " in " ~ found.path ~ " and "
                        ~ other ~ ": keep only the current one (the loader cannot tell which to read)") -%}
                {%- endfor -%}
                {%- set refused = raw_file_encoding_problem(found.path) if found.format == 'csv' else none -%}
                {%- set duplicates = [] if found.format == 'csv'
                    else raw_duplicate_column_problems(
                        adapter.dispatch('raw_parquet_column_names', 'revenue_analytics')(found.path), 'schema', wanted) -%}
                {%- set header = [] if refused is not none or duplicates | length > 0
                    else adapter.dispatch('raw_file_columns', 'revenue_analytics')(found.path, found.format) -%}
                {%- if refused is none and found.format == 'csv' and header | length > 0 -%}
                    {%- set refused = raw_header_delimiter_problem(found.path, header, wanted) -%}
                    {%- if refused is none -%}
                        {%- set duplicates = raw_duplicate_column_problems(
                            [{'file': found.path, 'names': header}], 'header', wanted) -%}
                    {%- endif -%}
                {%- endif -%}
                {%- do problems.extend(duplicates) -%}
                {%- if refused is not none -%}
                    {%- do problems.append(refused) -%}
                {%- elif duplicates | length > 0 -%}
                    {#- reported above; the file is not read further -#}
                {%- elif header | length == 0 -%}
                    {%- do problems.append("empty file (no header row): " ~ found.path) -%}
                {%- else -%}
                    {%- set by_lower = {} -%}
                    {%- for name in header -%}
                        {%- set key = name | replace('\ufeff', '') | trim | lower -%}
                        {%- if key not in by_lower -%}
                            {%- do by_lower.update({key: loop.index0}) -%}
                        {%- endif -%}
                    {%- endfor -%}
                    {%- set mapping = [] -%}
                    {%- for column in wanted -%}
                        {%- if column | lower in by_lower -%}
                            {%- do mapping.append((by_lower[column | lower], column | lower)) -%}
                        {%- elif node.columns[column].meta.get('optional', false) -%}
                            {%- do mapping.append((none, column | lower)) -%}
                        {%- else -%}
                            {%- do problems.append("missing column: '" ~ column ~ "' in " ~ found.path) -%}
                        {%- endif -%}
                    {%- endfor -%}
                    {%- do loads.append({'table': table, 'found': found, 'header': header, 'mapping': mapping, 'columns': wanted}) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems | length > 0 -%}
            {%- do exceptions.raise_compiler_error(
                "Raw data contract not met in RAW_DATA_DIR=" ~ raw_dir ~ ":\n  - " ~ (problems | join("\n  - "))) -%}
        {%- endif -%}
        {%- for load in loads -%}
            {%- if load.found is none -%}
                {%- do run_query(adapter.dispatch('empty_raw_relation_sql', 'revenue_analytics')(load.table, load.columns)) -%}
            {%- else -%}
                {%- set unreadable = adapter.dispatch('load_raw_relation', 'revenue_analytics')(
                    load.table, load.found.path, load.found.format, load.header, load.mapping) -%}
                {%- if unreadable > 0 -%}
                    {{ log("WARNING: " ~ load.found.path ~ ": " ~ unreadable ~ " unreadable line(s) quarantined "
                        ~ "(reason unreadable_line_*, listed by line in stg_audit__rejected_rows)", info=true) }}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {{ log("Raw files loaded from " ~ raw_dir ~ ": " ~ (tables | length) ~ " tables", info=true) }}
    {%- endif -%}
    select 1
{%- endmacro %}


{#- Splits a CSV header line into names (RFC 4180 quoting, `""` inside
    quotes is a quote). -#}
{% macro split_csv_header(line) -%}
    {%- set state = namespace(names=[], current='', in_quotes=false, previous='') -%}
    {%- for char in (line | replace('\ufeff', '')) -%}
        {%- if state.in_quotes -%}
            {%- if char == '"' -%}
                {%- set state.in_quotes = false -%}
            {%- else -%}
                {%- set state.current = state.current ~ char -%}
            {%- endif -%}
        {%- elif char == '"' -%}
            {%- if state.previous == '"' -%}
                {%- set state.current = state.current ~ '"' -%}
            {%- endif -%}
            {%- set state.in_quotes = true -%}
        {%- elif char == ',' -%}
            {%- do state.names.append(state.current | trim) -%}
            {%- set state.current = '' -%}
        {%- else -%}
            {%- set state.current = state.current ~ char -%}
        {%- endif -%}
        {%- set state.previous = char -%}
    {%- endfor -%}
    {%- do state.names.append(state.current | trim) -%}
    {{ return(state.names) }}
{%- endmacro %}


{#- The share of sampled lines (and the least number of them) that are not
    valid UTF-8 from which a whole CSV file is taken to be in another
    encoding; below it, those lines are quarantined one by one. -#}
{% macro raw_encoding_thresholds() -%}
    {{ return({'sample_lines': 1000, 'share': 0.1, 'at_least': 2}) }}
{%- endmacro %}

{#- The problem with a CSV file's encoding, or none when it reads as UTF-8:
    a UTF-16/UTF-32 byte-order mark, NUL bytes in the header line (UTF-16
    without a mark), a header line that is not UTF-8, or a large share of
    the first lines not UTF-8 (Latin-1, Windows-1252). A few invalid lines
    in an otherwise UTF-8 file are not a problem here: they are quarantined
    when the file loads. -#}
{% macro raw_file_encoding_problem(path) -%}
    {%- set limits = raw_encoding_thresholds() -%}
    {%- set sniffed = adapter.dispatch('raw_csv_encoding', 'revenue_analytics')(path, limits.sample_lines) -%}
    {%- set fix = ": re-export the file as UTF-8" -%}
    {%- set boms = {'FF FE 00 00': 'UTF-32', '00 00 FE FF': 'UTF-32', 'FF FE': 'UTF-16', 'FE FF': 'UTF-16'} -%}
    {%- if sniffed is none or sniffed.lines == 0 -%}
        {{ return(none) }}
    {%- elif sniffed.bom is not none -%}
        {{ return(boms[sniffed.bom] ~ " encoding (byte-order mark " ~ sniffed.bom ~ ") in " ~ path ~ fix) }}
    {%- elif sniffed.header_nul -%}
        {{ return("UTF-16 encoding (NUL bytes between the characters of the header line) in " ~ path ~ fix) }}
    {%- elif not sniffed.header_utf8 -%}
        {{ return("encoding other than UTF-8 (the header line is not valid UTF-8; Latin-1 or Windows-1252?) in "
            ~ path ~ fix) }}
    {%- elif sniffed.invalid_lines >= limits.at_least and sniffed.invalid_lines >= limits.share * sniffed.lines -%}
        {{ return("encoding other than UTF-8 (" ~ sniffed.invalid_lines ~ " of the first " ~ sniffed.lines
            ~ " lines are not valid UTF-8; Latin-1 or Windows-1252?) in " ~ path ~ fix) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- The problem with a CSV header that has no comma but splits on ';' or a
    tab into two or more of the contract's columns, or none. -#}
{% macro raw_header_delimiter_problem(path, header, wanted) -%}
    {%- if header | length == 1 -%}
        {%- set expected = wanted | map('lower') | list -%}
        {%- for delimiter, label in [(';', "';'"), ('\t', 'tabs')] -%}
            {%- set names = [] -%}
            {%- for name in header[0].split(delimiter) -%}
                {%- do names.append(name | replace('\ufeff', '') | replace('"', '') | trim | lower) -%}
            {%- endfor -%}
            {%- if names | select('in', expected) | list | length >= 2 -%}
                {{ return("header separated by " ~ label ~ ", not commas, in " ~ path
                    ~ ": re-export the file comma-separated") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- One problem per contract column named more than once, case-insensitively,
    in a file's header (CSV) or schema (Parquet; a folder of parts gives one
    entry per part). `files` is a list of {file, names}. -#}
{% macro raw_duplicate_column_problems(files, where, wanted) -%}
    {%- set problems = [] -%}
    {%- for entry in files -%}
        {%- for column in wanted -%}
            {%- set spellings = [] -%}
            {%- for name in entry.names
                if name | replace('\ufeff', '') | trim | lower == column | lower -%}
                {%- do spellings.append("'" ~ (name | replace('\ufeff', '') | trim) ~ "'") -%}
            {%- endfor -%}
            {%- if spellings | length > 1 -%}
                {%- set times = 'twice' if spellings | length == 2 else spellings | length ~ ' times' -%}
                {%- do problems.append("column '" ~ column | lower ~ "' " ~ times ~ " in the "
                    ~ where ~ " (" ~ spellings | join(", ") ~ ") in " ~ entry.file ~ ": keep one of them "
                    ~ "(names match case-insensitively, so the loader cannot tell which to read)") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(problems) }}
{%- endmacro %}


{# ---------------------------------------------------------------- duckdb #}

{% macro duckdb__prepare_raw_schema() -%}
    {%- do run_query("create schema if not exists raw") -%}
    {#- The files read in place (Parquet) by this build, with their size and
        modification time when the build started (see load_raw_relation). -#}
    {%- do run_query("create or replace table raw._raw_files_read ("
        ~ "table_name varchar, path varchar, size_bytes bigint, last_modified timestamptz)") -%}
    {#- The last build's views (Parquet files read in place): dropped, so
        that a file now delivered as CSV can be loaded as a table. -#}
    {%- set views = run_query("select table_name from information_schema.tables "
        ~ "where table_schema = 'raw' and table_type = 'VIEW' and table_catalog = current_database()") -%}
    {%- for name in views.columns[0].values() -%}
        {%- do run_query('drop view if exists raw."' ~ name ~ '"') -%}
    {%- endfor -%}
{%- endmacro %}

{% macro duckdb__find_raw_file(raw_dir, table) -%}
    {#- `<table>.csv`, then `<table>.parquet`: a file, or a folder of Parquet
        part files (as Spark and many exporters write a table, or a daily
        export adds a file to), read as one file: every `*.parquet` in it,
        with the same columns. When both formats are there, the first is
        returned with the other's path in `also` (refused by the caller). -#}
    {%- set candidates = [] -%}
    {%- set csv = raw_dir ~ '/' ~ table ~ '.csv' -%}
    {%- set parts = raw_dir ~ '/' ~ table ~ '.parquet/*.parquet' -%}
    {%- set parquet = raw_dir ~ '/' ~ table ~ '.parquet' -%}
    {%- for path, format in [(csv, 'csv'), (parts, 'parquet'), (parquet, 'parquet')] -%}
        {%- if not (path == parquet and parts in candidates | map(attribute='path') | list) -%}
            {%- set hits = run_query("select count(*) from glob('" ~ path | replace("'", "''") ~ "')") -%}
            {%- if hits.columns[0].values()[0] > 0 -%}
                {%- do candidates.append({'path': path, 'format': format}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if candidates | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'path': candidates[0].path, 'format': candidates[0].format,
               'also': candidates[1:] | map(attribute='path') | list}) }}
{%- endmacro %}

{#- CSV options of the contract: UTF-8, comma, RFC 4180 quotes, a 1 MB
    field is fine (lines up to 64 MB). -#}
{% macro duckdb__raw_csv_options() -%}
    delim = ',', quote = '"', escape = '"', encoding = 'utf-8',
    max_line_size = 67108864, buffer_size = 134217728
{%- endmacro %}

{#- The header names of a file, in file order ([] for an empty file). The
    CSV header line is read as one raw text line, so that broken data lines
    further down cannot make the header unreadable. -#}
{% macro duckdb__raw_file_columns(path, format) -%}
    {%- set quoted = path | replace("'", "''") -%}
    {%- if format == 'csv' -%}
        {#- store_rejects: a bad line must not raise (DuckDB's error would quote
            the line, i.e. raw personal data, into the logs). -#}
        {%- set first = run_query(
            "select line from read_csv('" ~ quoted ~ "', header = false, auto_detect = false, "
            ~ "columns = {'line': 'VARCHAR'}, delim = chr(1), quote = '', escape = '', "
            ~ "strict_mode = false, null_padding = true, max_line_size = 67108864, "
            ~ "buffer_size = 134217728, encoding = 'utf-8', parallel = false, store_rejects = true, "
            ~ "rejects_table = 'raw_header_errors', rejects_scan = 'raw_header_scans') limit 1") -%}
        {%- do run_query("drop table if exists temp.raw_header_errors") -%}
        {%- do run_query("drop table if exists temp.raw_header_scans") -%}
        {%- if first.rows | length == 0 or first.rows[0][0] is none -%}
            {{ return([]) }}
        {%- endif -%}
        {{ return(split_csv_header(first.rows[0][0])) }}
    {%- else -%}
        {%- set described = run_query("describe select * from read_parquet('" ~ quoted ~ "')") -%}
        {{ return(described.columns[0].values() | list) }}
    {%- endif -%}
{%- endmacro %}

{#- How the first lines of a CSV file read as UTF-8, from the project's
    plugin (plugins/raw_file_sniff.py, which reads the first bytes of the
    file as they are): {lines: lines sampled, invalid_lines: those that are
    not valid UTF-8, header_utf8: the header line is, header_nul: it holds
    NUL bytes, bom: the UTF-16/UTF-32 byte-order mark starting the file, in
    hex, or none}. None when the file is not local (the check is skipped).
    Only counts and flags, never the lines. -#}
{% macro duckdb__raw_csv_encoding(path, sample_lines) -%}
    {%- set sniffed = run_query("select raw_csv_encoding('" ~ path | replace("'", "''") ~ "', "
        ~ sample_lines ~ ")").rows[0][0] -%}
    {{ return(none if sniffed is none else fromjson(sniffed)) }}
{%- endmacro %}

{#- The top-level column names of a Parquet file (or of each part of a
    folder), as written in the file: DuckDB's reader renames a repeated name
    (`email`, `EMAIL` -> `email`, `EMAIL_1`), the file metadata does not.
    A list of {file, names}. -#}
{% macro duckdb__raw_parquet_column_names(path) -%}
    {%- set schema = run_query("select file_name, name, coalesce(num_children, 0), column_id from parquet_schema('"
        ~ path | replace("'", "''") ~ "') order by file_name, column_id") -%}
    {%- set state = namespace(file=none, pending=0) -%}
    {%- set files = [] -%}
    {%- for file, name, children, column_id in schema.rows -%}
        {%- if file != state.file -%}
            {%- set state.file = file -%}
            {%- do files.append({'file': file, 'names': []}) -%}
        {%- endif -%}
        {#- The schema is a depth-first list: the root (column 0), then each
            top-level column followed by its nested fields. -#}
        {%- if column_id == 0 -%}
            {%- set state.pending = 0 -%}
        {%- elif state.pending == 0 -%}
            {%- do files[-1].names.append(name) -%}
            {%- set state.pending = children -%}
        {%- else -%}
            {%- set state.pending = state.pending - 1 + children -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}

{#- Loads one file into raw.<table>; returns the number of unreadable lines
    (each kept as a placeholder row, see load_raw_files). -#}
{% macro duckdb__load_raw_relation(table, path, format, header, mapping) -%}
    {%- set quoted = path | replace("'", "''") -%}
    {%- if format == 'csv' -%}
        {%- do run_query("drop table if exists temp.raw_load_errors") -%}
        {%- do run_query("drop table if exists temp.raw_load_scans") -%}
        {%- set create -%}
            create or replace table raw.{{ table }} as
            select
            {%- for position, column in mapping %}
                {% if position is none %}cast(null as varchar){% else %}nullif(c{{ position }}, ''){% endif %} as {{ column }},
            {%- endfor %}
                cast(null as varchar) as _load_error,
                cast(null as varchar) as _load_line
            from read_csv('{{ quoted }}', header = true, auto_detect = false,
                columns = { {%- for name in header %}'c{{ loop.index0 }}': 'VARCHAR'{% if not loop.last %}, {% endif %}{% endfor -%} },
                {{ duckdb__raw_csv_options() }},
                store_rejects = true, rejects_table = 'raw_load_errors', rejects_scan = 'raw_load_scans')
        {%- endset -%}
        {%- do run_query(create) -%}
        {%- set quarantine -%}
            insert into raw.{{ table }} ({% for position, column in mapping %}{{ column }}, {% endfor %}_load_error, _load_line)
            select
            {%- for position, column in mapping %}
                cast(null as varchar),
            {%- endfor %}
                'unreadable_line_' || lower(replace(error_type, ' ', '_')),
                'line ' || cast(line as varchar) || coalesce(', column ' || (case column_idx
                {%- for name in header %}
                    when {{ loop.index }} then '{{ name | replace("'", "''") }}'
                {%- endfor %}
                end), '')
            from (
                select
                    line,
                    arg_min(error_type, coalesce(column_idx, 0)) as error_type,
                    min(column_idx) as column_idx
                from temp.raw_load_errors
                group by line
            ) as unreadable_lines
        {%- endset -%}
        {%- do run_query(quarantine) -%}
        {#- A file whose first lines end in CRLF and later ones in LF alone: the
            reader takes the LF-ended lines as part of the row before (one
            rejected row standing for several), so stop with a clear error. -#}
        {%- set mixed = run_query("select min(line) from temp.raw_load_errors "
            ~ "where error_type = 'TOO MANY COLUMNS' and contains(csv_line, chr(10))") -%}
        {%- if mixed.columns[0].values()[0] is not none -%}
            {%- do exceptions.raise_compiler_error(
                "Raw data contract not met in RAW_DATA_DIR=" ~ var('raw_data_dir') ~ ":\n  - mixed line endings "
                ~ "(CRLF and LF) in " ~ path ~ " from line " ~ mixed.columns[0].values()[0]
                ~ ": re-export the file with one kind of line ending") -%}
        {%- endif -%}
        {%- set counted = run_query("select count(*) from raw." ~ table ~ " where _load_error is not null") -%}
        {%- do run_query("drop table if exists temp.raw_load_errors") -%}
        {%- do run_query("drop table if exists temp.raw_load_scans") -%}
        {{ return(counted.columns[0].values()[0]) }}
    {%- else -%}
        {#- A Parquet file is read in place (a view): no copy to write, and
            each model reads only the columns it needs. The file's size and
            modification time are recorded in raw._raw_files_read; the build
            is not published if the file changed while it ran (publish.py),
            so every published build read one snapshot of every file. -#}
        {%- do run_query("drop table if exists raw." ~ table) -%}
        {%- set create -%}
            create or replace view raw.{{ table }} as
            select
            {%- for position, column in mapping %}
                {% if position is none %}cast(null as varchar){% else %}nullif(cast("{{ header[position] | replace('"', '""') }}" as varchar), ''){% endif %} as {{ column }},
            {%- endfor %}
                cast(null as varchar) as _load_error,
                cast(null as varchar) as _load_line
            from read_parquet('{{ quoted }}')
        {%- endset -%}
        {%- do run_query(create) -%}
        {%- do run_query("delete from raw._raw_files_read where table_name = '" ~ table ~ "'") -%}
        {%- do run_query("insert into raw._raw_files_read "
            ~ "select '" ~ table ~ "', filename, size, last_modified from read_blob('" ~ quoted ~ "')") -%}
        {{ return(0) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__empty_raw_relation_sql(table, columns) -%}
    create or replace table raw.{{ table }} as
    select
    {%- for column in columns %}
        cast(null as varchar) as {{ column | lower }},
    {%- endfor %}
        cast(null as varchar) as _load_error,
        cast(null as varchar) as _load_line
    where false
{%- endmacro %}


{# ----------------------------------------------------------------- spark #}
{#-
    Spark: the same contract, messages and quarantine, with Spark's readers.
    - Whether a file exists is read from `raw.raw_files__listing`, a
      `binaryFile` table over RAW_DATA_DIR (only paths are read, not
      contents). A table whose location does not exist lists no rows instead
      of failing (Jinja cannot catch an error), so a missing file or folder
      gives the same message as on DuckDB.
    - The CSV header is the file's first line read as text (`text` source),
      split by `split_csv_header` exactly as on DuckDB.
    - Data is read with the CSV source and an explicit positional schema
      (c0..cN, all strings; the header line is skipped, not trusted), RFC 4180
      options (Spark's default escape is a backslash, the contract's is a
      doubled quote; `multiLine` for line breaks inside quotes, which also
      makes one file one task) and a corrupt-record column, then copied into a
      Parquet table raw.<table> (a snapshot, as on DuckDB).
    - Unreadable lines become placeholder rows as on DuckDB, with DuckDB's
      reasons: a quote that never closes (`unquoted_value`), too few or too
      many fields (`missing_columns`, `too_many_columns`); invalid UTF-8,
      which Spark decodes to U+FFFD instead of failing, is recognised by that
      character (`invalid_encoding`; a genuine U+FFFD in a valid file is
      quarantined too). `_load_line` is `line <record number + 1>` (the
      header is line 1; DuckDB counts records, not physical lines, too) and
      the column where DuckDB reports it.
-#}

{#- A Spark SQL string literal: backslashes are escapes there. -#}
{% macro spark__raw_string_literal(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}

{#- RAW_DATA_DIR as an absolute path: Spark resolves a relative LOCATION
    against the database's folder in the warehouse, not against the working
    directory (a relative `path` option is resolved against the working
    directory). URIs with a scheme (s3a://, hdfs://, file:) are kept. -#}
{% macro spark__raw_absolute_path(path) -%}
    {%- set path = path | string | trim -%}
    {%- if path.startswith('/') or modules.re.match('^[A-Za-z][A-Za-z0-9+.-]*:', path) -%}
        {{ return(path) }}
    {%- endif -%}
    {%- set cwd = run_query("select java_method('java.lang.System', 'getProperty', 'user.dir')").rows[0][0] -%}
    {{ return(cwd.rstrip('/') ~ '/' ~ (path[2:] if path.startswith('./') else path)) }}
{%- endmacro %}

{#- A path inside backticks, for `format`.`path` file queries. -#}
{% macro spark__raw_path_identifier(path) -%}
    `{{ path | string | replace('`', '``') }}`
{%- endmacro %}

{% macro spark__prepare_raw_schema() -%}
    {%- set raw_dir = var('raw_data_dir') | string | trim -%}
    {%- do run_query("create database if not exists raw") -%}
    {#- Everything in `raw` but the privacy models' tables (stg_privacy__*,
        rebuilt by their models) is the loader's and is rebuilt: drop it (a
        view and a table of the same name cannot replace each other on
        Spark). -#}
    {%- set views = run_query("show views in raw") -%}
    {%- for row in views.rows if not row[2] -%}
        {%- do run_query("drop view if exists raw.`" ~ row[1] ~ "`") -%}
    {%- endfor -%}
    {%- set tables = run_query("show tables in raw") -%}
    {%- for row in tables.rows if not row[2] and not row[1].startswith('stg_privacy__') -%}
        {%- do run_query("drop table if exists raw.`" ~ row[1] ~ "`") -%}
    {%- endfor -%}
    {%- do run_query(
        "create table raw.raw_files__listing using binaryFile"
        ~ " options (pathGlobFilter '*.{csv,parquet}', recursiveFileLookup 'true')"
        ~ " location " ~ spark__raw_string_literal(spark__raw_absolute_path(raw_dir))) -%}
{%- endmacro %}

{% macro spark__find_raw_file(raw_dir, table) -%}
    {#- Listed paths are URIs under the table's location as Spark normalised
        it (file:/abs/dir/x.csv, s3a://bucket/dir/x.csv); sub-folders are
        listed too and must not count. -#}
    {%- set described = run_query("describe table extended raw.raw_files__listing") -%}
    {%- set found = namespace(root='') -%}
    {%- for row in described.rows if row[0] == 'Location' -%}
        {%- set found.root = row[1] | string | trim -%}
    {%- endfor -%}
    {%- set root = found.root.rstrip('/') -%}
    {%- set listed = run_query("select path from raw.raw_files__listing").columns[0].values() | list -%}
    {%- set candidates = [] -%}
    {%- for format in ['csv', 'parquet'] -%}
        {%- set name = table ~ '.' ~ format -%}
        {%- if root ~ '/' ~ name in listed -%}
            {%- do candidates.append({'path': raw_dir ~ '/' ~ name, 'format': format}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if candidates | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {#- Both formats: refused by the caller. A folder `<table>.parquet/` is
        not read on Spark, but next to a CSV file it is as ambiguous. -#}
    {%- set also = candidates[1:] | map(attribute='path') | list -%}
    {%- set folder = namespace(found=false, prefix=root ~ '/' ~ table ~ '.parquet/') -%}
    {%- for listed_path in listed if (listed_path | string).startswith(folder.prefix) -%}
        {%- set folder.found = true -%}
    {%- endfor -%}
    {%- if candidates | length == 1 and candidates[0].format == 'csv' and folder.found -%}
        {%- do also.append(raw_dir ~ '/' ~ table ~ '.parquet/') -%}
    {%- endif -%}
    {{ return({'path': candidates[0].path, 'format': candidates[0].format, 'also': also}) }}
{%- endmacro %}

{% macro spark__raw_file_columns(path, format) -%}
    {%- set path = spark__raw_absolute_path(path) -%}
    {%- if format == 'csv' -%}
        {%- set first = run_query("select value from text." ~ spark__raw_path_identifier(path) ~ " limit 1") -%}
        {%- if first.rows | length == 0 or first.rows[0][0] is none -%}
            {{ return([]) }}
        {%- endif -%}
        {{ return(split_csv_header(first.rows[0][0])) }}
    {%- else -%}
        {%- set described = run_query("select * from parquet." ~ spark__raw_path_identifier(path) ~ " limit 0") -%}
        {{ return(described.column_names | list) }}
    {%- endif -%}
{%- endmacro %}

{#- The encoding check's counts and flags (see duckdb__raw_csv_encoding),
    from the first lines read by the `text` source, which keeps a line's
    bytes as they are: `is_valid_utf8` (Spark 4) tells a line that is not
    UTF-8, the first bytes give the byte-order mark. -#}
{% macro spark__raw_csv_encoding(path, sample_lines) -%}
    {%- set source = "text." ~ spark__raw_path_identifier(spark__raw_absolute_path(path)) -%}
    {%- set head = run_query(
        "select case"
        ~ " when hex(substring(cast(value as binary), 1, 4)) = 'FFFE0000' then 'FF FE 00 00'"
        ~ " when hex(substring(cast(value as binary), 1, 4)) = '0000FEFF' then '00 00 FE FF'"
        ~ " when hex(substring(cast(value as binary), 1, 2)) = 'FFFE' then 'FF FE'"
        ~ " when hex(substring(cast(value as binary), 1, 2)) = 'FEFF' then 'FE FF' end,"
        ~ " instr(value, char(0)) > 0, is_valid_utf8(value)"
        ~ " from " ~ source ~ " limit 1") -%}
    {%- if head.rows | length == 0 -%}
        {{ return({'lines': 0}) }}
    {%- endif -%}
    {%- set sample = run_query("select count(*), count_if(not is_valid_utf8(value)) from (select value from "
        ~ source ~ " limit " ~ sample_lines ~ ") as sampled") -%}
    {{ return({'lines': sample.rows[0][0], 'invalid_lines': sample.rows[0][1], 'bom': head.rows[0][0],
               'header_nul': head.rows[0][1], 'header_utf8': head.rows[0][2]}) }}
{%- endmacro %}

{#- The top-level column names of a Parquet file as written. Spark refuses
    to read a file whose names repeat case-insensitively (its analysis is
    case-insensitive), so the schema is read once case-sensitively. Names
    repeated exactly (`email` twice) still stop the build with Spark's own
    error. -#}
{% macro spark__raw_parquet_column_names(path) -%}
    {%- set before = run_query("set spark.sql.caseSensitive").rows[0][1] -%}
    {%- do run_query("set spark.sql.caseSensitive=true") -%}
    {%- set described = run_query("select * from parquet." ~ spark__raw_path_identifier(spark__raw_absolute_path(path))
        ~ " limit 0") -%}
    {%- do run_query("set spark.sql.caseSensitive=" ~ before) -%}
    {{ return([{'file': path, 'names': described.column_names | list}]) }}
{%- endmacro %}

{% macro spark__load_raw_relation(table, path, format, header, mapping) -%}
    {%- set path = spark__raw_absolute_path(path) -%}
    {%- do run_query("drop table if exists raw." ~ table) -%}
    {%- if format == 'csv' -%}
        {%- set fields = header | length -%}
        {%- set view = 'raw_file__' ~ table -%}
        {%- set define -%}
            create or replace temporary view {{ view }} (
                {%- for name in header %}c{{ loop.index0 }} string, {% endfor -%}
                _corrupt_record string
            )
            using csv
            options (
                path {{ spark__raw_string_literal(path) }},
                header 'true', enforceSchema 'true', multiLine 'true', sep ',', quote '"', escape '"',
                encoding 'UTF-8', mode 'PERMISSIVE', columnNameOfCorruptRecord '_corrupt_record'
            )
        {%- endset -%}
        {%- do run_query(define) -%}
        {%- set create -%}
            create table raw.{{ table }} using parquet as
            with

            numbered as (
                select
                    *,
                    {# A multiLine CSV file is one partition, read in file order:
                       its ids are 0, 1, 2, ... (no sort needed). #}
                    monotonically_increasing_id() + 2 as line_number
                from {{ view }}
            ),

            checked as (
                select
                    *,
                    case
                        when _corrupt_record is not null
                            and (length(_corrupt_record) - length(replace(_corrupt_record, '"', ''))) % 2 = 1
                            then 'unquoted_value'
                        when _corrupt_record is not null and tokens < {{ fields }} then 'missing_columns'
                        when _corrupt_record is not null and tokens > {{ fields }} then 'too_many_columns'
                        when _corrupt_record is not null then 'malformed_line'
                        when {% for name in header %}coalesce(instr(c{{ loop.index0 }}, '\uFFFD'), 0) > 0{% if not loop.last %} or {% endif %}{% endfor %}
                            then 'invalid_encoding'
                    end as error_type,
                    case
                        {# DuckDB names the field where the open quote starts:
                           pair the closed quotes first, then count the
                           fields before the one left open. #}
                        when _corrupt_record is not null
                            and (length(_corrupt_record) - length(replace(_corrupt_record, '"', ''))) % 2 = 1
                            then size(split(substring_index(
                                regexp_replace(_corrupt_record, '"(?:[^"]|"")*"', 'q'), '"', 1), ','))
                        when _corrupt_record is not null then tokens
                        {%- for name in header %}
                        when coalesce(instr(c{{ loop.index0 }}, '\uFFFD'), 0) > 0 then {{ loop.index }}
                        {%- endfor %}
                    end as column_idx
                from (
                    select
                        *,
                        size(regexp_extract_all(_corrupt_record, '(?:^|,)(?:"(?:[^"]|"")*"|[^,"]*)', 0)) as tokens
                    from numbered
                ) as tokenized
            )

            select
            {%- for position, column in mapping %}
                {% if position is none %}cast(null as string){% else %}case when error_type is null then nullif(c{{ position }}, '') end{% endif %} as {{ column }},
            {%- endfor %}
                case when error_type is not null then 'unreadable_line_' || error_type end as _load_error,
                case when error_type is not null then 'line ' || cast(line_number as string) || coalesce(', column ' || (case column_idx
                {%- for name in header %}
                    when {{ loop.index }} then {{ spark__raw_string_literal(name) }}
                {%- endfor %}
                end), '') end as _load_line
            from checked
        {%- endset -%}
        {%- do run_query(create) -%}
        {%- do run_query("drop view if exists " ~ view) -%}
        {%- set counted = run_query("select count(*) from raw." ~ table ~ " where _load_error is not null") -%}
        {{ return(counted.columns[0].values()[0]) }}
    {%- else -%}
        {%- set create -%}
            create table raw.{{ table }} using parquet as
            select
            {%- for position, column in mapping %}
                {% if position is none %}cast(null as string){% else %}nullif(cast(`{{ header[position] | replace('`', '``') }}` as string), ''){% endif %} as {{ column }},
            {%- endfor %}
                cast(null as string) as _load_error,
                cast(null as string) as _load_line
            from parquet.{{ spark__raw_path_identifier(path) }}
        {%- endset -%}
        {%- do run_query(create) -%}
        {{ return(0) }}
    {%- endif -%}
{%- endmacro %}

{% macro spark__empty_raw_relation_sql(table, columns) -%}
    create or replace view raw.{{ table }} as
    select
    {%- for column in columns %}
        cast(null as string) as {{ column | lower }},
    {%- endfor %}
        cast(null as string) as _load_error,
        cast(null as string) as _load_line
    where false
{%- endmacro %}
