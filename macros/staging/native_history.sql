{#- Fivetran lands a record's changes as versions (history tables, or
    history mode with `_fivetran_active`). The position of a version among
    its record's versions, newest first (1 = the one the adapters read):
    by `updated_column` parsed as a time, then as text (an unreadable time
    sorts last), then by `tie_column`, so that equal times still give one
    answer. Shared by the ad platforms' adapters and their row accounting. -#}
{% macro latest_version_number(id_column, updated_column, tie_column) -%}
    {%- set text = dbt.type_string() -%}
    row_number() over (
            partition by cast({{ id_column }} as {{ text }})
            order by
                {{ parse_timestamp_utc('cast(' ~ updated_column ~ ' as ' ~ text ~ ')') }} desc nulls last,
                cast({{ updated_column }} as {{ text }}) desc,
                cast({{ tie_column }} as {{ text }})
        )
{%- endmacro %}

{#- Whether a landed version is current: `_fivetran_active` true in history
    mode; without history mode the column is null and every row counts. -#}
{% macro fivetran_active_version(alias=none) -%}
    {%- set column = (alias ~ '.' if alias else '') ~ '_fivetran_active' -%}
    ({{ column }} is null or {{ parse_bool('cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') }})
{%- endmacro %}

{#- Segment delivers a message again when it is unsure it arrived: the same
    id and content, a later `received_at`. The position of a landed row among
    the deliveries of its message (1 = the earliest, the one kept): the
    message is its id, browser and time, and for `pages` also its page and
    referrer (rows sharing an id with other content are two messages, which
    staging judges as it judges a file's). Shared by the Segment adapters and
    their row accounting. -#}
{% macro segment_delivery_number(table) -%}
    {%- set message = ['id', 'anonymous_id', 'timestamp'] -%}
    {%- if table == 'pages' -%}
        {%- do message.extend(['url', 'context_page_url', 'referrer', 'context_page_referrer']) -%}
    {%- endif -%}
    row_number() over (
            partition by {{ message | join(', ') }}
            order by {{ parse_timestamp_utc('cast(received_at as ' ~ dbt.type_string() ~ ')') }} nulls last
        )
{%- endmacro %}

{#- An ad platform's measure summed over the rows the adapter sums into one
    (a campaign's day), as text: the total (times `scale`, as `scaled_type`,
    when given), or, when a row's value cannot be read as `type`, that value
    itself, so that staging rejects the day as unparseable (counted, with its
    reason) instead of summing the other rows into a figure that is too small. -#}
{% macro native_measure_sum(column, type, scale=none, scaled_type=none) -%}
    {%- set text = dbt.type_string() -%}
    {%- set landed = "nullif(trim(cast(" ~ column ~ " as " ~ text ~ ")), '')" -%}
    {%- set value = try_cast(landed, type) -%}
    {%- set total = 'sum(' ~ value ~ ')' -%}
    {%- if scale is not none -%}
        {%- set total = 'cast(' ~ total ~ ' * ' ~ scale ~ ' as ' ~ scaled_type ~ ')' -%}
    {%- endif -%}
    case
            when count({{ landed }}) > count({{ value }})
                then max(case when {{ value }} is null then {{ landed }} end)
            else cast({{ total }} as {{ text }})
        end
{%- endmacro %}
