{{ config(
    pre_hook=["{{ delete_changed_touches(unioned_expected_sql(), unioned_stored_sql()) }}"],
    **touch_chain_config()
) }}

{#- One row per touchpoint (session, ad click, form submission, email
    click, CRM activity) with the person and account it belongs to and the attributes
    the channel rules read. A session whose first page view carries an ad
    click's click_id is that click: one `ad_click` touchpoint at the click's
    time, carrying the session's page views (each click merges with at most
    one session, the earliest; each session with at most one click). A
    person's click in a marketing email is likewise one `email_click`
    touchpoint with the session it opened (var email_click_session_minutes).
    Browsers are joined once, after the union (`identity_rule` says how a
    branch combines its browser's person with its own): one hash table of
    browsers instead of one per branch, which ran the union out of memory
    (docs/scale.md, section Model designs chosen for speed or memory).
    The select is macros/touchpoints/touchpoints_unioned_sql.sql.
    Incremental on DuckDB: a run rewrites the touches of the dates whose
    rows changed and keeps the rest (macros/incremental/touch_partitions.sql). -#}

{{ touchpoints_unioned_sql(scoped=is_incremental()) }}
