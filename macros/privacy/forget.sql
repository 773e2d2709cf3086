{#-
    Privacy deletions ("forget these people"). The optional raw file
    `privacy_deletions` lists email addresses; on every build the people
    they name are removed from every model:
    - their CRM contacts (every contact with a row carrying a forgotten email
      key), with the contacts' lifecycle stage changes and activities; a
      person is every contact record of a merge tree (merged_into_contact_id),
      so the emails of the records merged into or with a listed one are
      forgotten too (below);
    - their browsers: every anonymous_id of a form submission or of an
      identify call (web_identifies) carrying a forgotten email key, with
      all that browser's page views, form submissions, identify calls and ad
      clicks, and the ad clicks whose click id was carried by a forgotten
      form or a forgotten browser's page view;
    - their email events (optional table email_events): every event
      carrying a forgotten email key or a forgotten contact id;
    - deals stay (they belong to accounts) but lose their primary contact
      and their name (free text that may name the person) when the primary
      contact is forgotten.
    The rows are filtered out of the raw relation before classification, in
    the base models, so nothing downstream ever sees them; the sets of
    forgotten ids are subqueries over schema `raw` (no relation outside
    `raw` holds the ids of forgotten people; the contact merge trees are a
    table in `raw`, stg_privacy__contact_merge_roots, computed once).
    Predicates are null-safe: `x is not null and x in (subquery without
    nulls)`, and subqueries sit only in where clauses (Spark allows IN
    subqueries only in filters).
-#}

{#- Email keys listed in the deletion file (normalised like every email key). -#}
{% macro listed_email_keys_sql() -%}
    select {{ email_key('email') }} as email_key
    from {{ source('privacy', 'privacy_deletions') }}
    where {{ email_is_valid('email') }}
{%- endmacro %}

{#- Every merged-away raw contact record with its merge tree's root:
    (contact_id, root_id); a record merged into nothing is its own root (not
    listed). Computed once per build by stg_privacy__contact_merge_roots (in
    schema `raw`). -#}
{% macro contact_merge_trees_sql() -%}
    select contact_id, root_id from {{ ref('stg_privacy__contact_merge_roots') }}
{%- endmacro %}

{#- Raw contact ids of forgotten people: every record carrying a listed
    email key (any version of the contact) and every record of the same
    merge tree (the same person recorded twice, whatever its own email). -#}
{% macro forgotten_contact_ids_sql() -%}
    {%- set trees = contact_merge_trees_sql() -%}
    {%- set listed_records -%}
        select {{ clean_text('contact_id') }} as contact_id
        from {{ crm_relation('crm_contacts') }}
        where
            {{ clean_text('contact_id') }} is not null
            and {{ email_key('email') }} is not null
            and {{ email_key('email') }} in ({{ listed_email_keys_sql() }})
    {%- endset -%}
    {%- set forgotten_roots -%}
        select listed_member.root_id as contact_id
        from ({{ trees }}) as listed_member
        where listed_member.contact_id in ({{ listed_records }})
        union all
        {{ listed_records }}
    {%- endset -%}
    select member.contact_id
    from ({{ trees }}) as member
    where
        member.root_id is not null
        and member.root_id in ({{ forgotten_roots }})
    union all
    {{ forgotten_roots }}
{%- endmacro %}

{#- Email keys to forget: the listed ones and those of every raw row of a
    forgotten contact (the emails of the records merged with a listed one). -#}
{% macro forgotten_email_keys_sql() -%}
    {{ listed_email_keys_sql() }}
    union all
    select {{ email_key('email') }} as email_key
    from {{ crm_relation('crm_contacts') }}
    where
        {{ email_is_valid('email') }}
        and {{ clean_text('contact_id') }} is not null
        and {{ clean_text('contact_id') }} in ({{ forgotten_contact_ids_sql() }})
{%- endmacro %}

{% macro is_forgotten_email_key(email_key_expr) -%}
    ({{ email_key_expr }} is not null and {{ email_key_expr }} in ({{ forgotten_email_keys_sql() }}))
{%- endmacro %}

{% macro is_forgotten_contact(contact_id_expr) -%}
    ({{ contact_id_expr }} is not null and {{ contact_id_expr }} in ({{ forgotten_contact_ids_sql() }}))
{%- endmacro %}

{#- Browsers of forgotten people: every anonymous_id that submitted a form
    or made an identify call (optional table web_identifies) with a
    forgotten email key. -#}
{% macro forgotten_browsers_sql() -%}
    select {{ clean_text('anonymous_id') }} as anonymous_id
    from {{ raw_relation('web', 'web_form_submissions') }}
    where
        {{ clean_text('anonymous_id') }} is not null
        and {{ is_forgotten_email_key(email_key('email')) }}
    union all
    select {{ clean_text('anonymous_id') }} as anonymous_id
    from {{ raw_relation('web', 'web_identifies') }}
    where
        {{ clean_text('anonymous_id') }} is not null
        and {{ is_forgotten_email_key(email_key('email')) }}
{%- endmacro %}

{% macro is_forgotten_browser(anonymous_id_expr) -%}
    ({{ anonymous_id_expr }} is not null and {{ anonymous_id_expr }} in ({{ forgotten_browsers_sql() }}))
{%- endmacro %}

{#- Ad click ids linked to forgotten people: carried by a forgotten form
    submission or by a page view of a forgotten browser (the columns first,
    else the URL, as staging reads them). -#}
{% macro forgotten_click_ids_sql() -%}
    select coalesce({{ clean_text('click_id') }}, {{ click_id_from_url('page_url') }}) as click_id
    from {{ raw_relation('web', 'web_form_submissions') }}
    where
        coalesce({{ clean_text('click_id') }}, {{ click_id_from_url('page_url') }}) is not null
        and (
            {{ is_forgotten_email_key(email_key('email')) }}
            or {{ is_forgotten_browser(clean_text('anonymous_id')) }}
        )
    union all
    select coalesce({{ clean_text('click_id') }}, {{ click_id_from_url('page_url') }}) as click_id
    from {{ raw_relation('web', 'web_page_views') }}
    where
        coalesce({{ clean_text('click_id') }}, {{ click_id_from_url('page_url') }}) is not null
        and {{ is_forgotten_browser(clean_text('anonymous_id')) }}
{%- endmacro %}

{% macro is_forgotten_ad_click(anonymous_id_expr, click_id_expr) -%}
    (
        {{ is_forgotten_browser(anonymous_id_expr) }}
        or ({{ click_id_expr }} is not null and {{ click_id_expr }} in ({{ forgotten_click_ids_sql() }}))
    )
{%- endmacro %}

{#- Models outside staging never read the raw relations: their loaded rows
    of forgotten browsers are recognised as rows whose browser is gone from
    the model's input (already filtered by the base models). -#}
{% macro is_browser_gone_from(upstream_relation) -%}
    anonymous_id not in (
        select upstream.anonymous_id
        from {{ upstream_relation }} as upstream
        where upstream.anonymous_id is not null
    )
{%- endmacro %}

{#- The condition under which a raw row of `table` belongs to a forgotten
    person, on the raw (text) columns; `false` for tables without personal
    rows (deals keep their rows: see base_crm__deals). Used by the base
    models to drop the rows and by stg_audit__forgotten_rows to count them. -#}
{% macro forgotten_row_condition(table) -%}
    {%- if table == 'crm_contacts' -%}
        {{ is_forgotten_contact(clean_text('contact_id')) }}
    {%- elif table in ('crm_lifecycle_stage_changes', 'crm_activities') -%}
        {{ is_forgotten_contact(clean_text('contact_id')) }}
    {%- elif table in ('web_form_submissions', 'web_identifies') -%}
        ({{ is_forgotten_email_key(email_key('email')) }} or {{ is_forgotten_browser(clean_text('anonymous_id')) }})
    {%- elif table == 'email_events' -%}
        ({{ is_forgotten_email_key(email_key('email')) }} or {{ is_forgotten_contact(clean_text('contact_id')) }})
    {%- elif table == 'web_page_views' -%}
        {{ is_forgotten_browser(clean_text('anonymous_id')) }}
    {%- elif table == 'ad_clicks' -%}
        {{ is_forgotten_ad_click(clean_text('anonymous_id'), clean_text('click_id')) }}
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of an incremental model: before the run, removes from the
    loaded table every partition holding a row of a forgotten person
    (`forgotten_condition`, on the model's own columns). The model's change
    detection then sees those partitions as changed (their loaded row counts
    no longer match) and rebuilds them from its already filtered input, so
    the other rows of those partitions come back exactly as a full refresh
    gives them, and a partition that held only forgotten rows stays empty
    (the delete+insert or insert_overwrite of the run itself only replaces
    partitions the query returns). Nothing on a full build or when nothing
    is to be forgotten. -#}
{% macro forget_in_incremental(partition_column, forgotten_condition) -%}
    {{ return(adapter.dispatch('forget_in_incremental', 'revenue_analytics')(partition_column, forgotten_condition)) }}
{%- endmacro %}

{% macro duckdb__forget_in_incremental(partition_column, forgotten_condition) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ partition_column }} in (
            select {{ partition_column }}
            from {{ this }}
            where {{ forgotten_condition }}
        )
    {%- endif -%}
{%- endmacro %}

{#- Spark: plain Parquet tables cannot DELETE; the affected partitions are
    dropped (ALTER TABLE ... DROP PARTITION) one by one. -#}
{% macro spark__forget_in_incremental(partition_column, forgotten_condition) -%}
    {%- if execute and is_incremental() -%}
        {%- set found = run_query(
            "select distinct cast(" ~ partition_column ~ " as string) as partition_value from " ~ this
            ~ " where " ~ forgotten_condition) -%}
        {%- for value in found.columns[0].values() -%}
            {%- do run_query("alter table " ~ this ~ " drop if exists partition ("
                ~ partition_column ~ " = '" ~ value ~ "')") -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
