{{ config(
    pre_hook=["{{ delete_changed_touches(sequenced_expected_sql(), sequenced_stored_sql()) }}"],
    **touch_chain_config()
) }}

{#- The account timeline: every touchpoint with its channel (the channel
    of its attribute combination in int_channel_attributes_classified,
    joined back on the attributes), its category, source and campaign
    labels, and the contact and account it resolves to, numbered per
    account by time then touchpoint_id, with the days elapsed since the
    account's first touch. Touchpoints that resolve to no account are kept
    with null account, number and days.
    Classification and numbering are one model: the classified touchpoints
    were a table of their own, written whole and read back whole on every
    run (docs/scale.md, section Model designs chosen for speed or memory).
    The select is macros/touchpoints/touchpoints_sequenced_sql.sql.
    Incremental on DuckDB like int_touchpoints_unioned
    (macros/incremental/touch_partitions.sql): a run rewrites the touches
    of the dates whose rows changed, numbering each account with a touch on
    those dates over all of its touches. -#}


{{ touchpoints_sequenced_sql(scope='write' if is_incremental() else 'all') }}
