{{ config(**incremental_by_partition_config('started_date')) }}

{#- One row per web session: the attributes of its first page view that
    the channel rules read (referrer domain, utm source, medium and
    campaign, click id and the URL parameter that carried it) plus its size and span. The landing page's other
    columns (url, referrer url, utm content and term) stay in
    stg_web__page_views, one join away through landing_event_id: carried
    here they were a fifth of the table that nothing read (docs/scale.md,
    section Model designs chosen for speed or memory).

    Incremental by started_date: a run rebuilds every session that started
    on or after a date D, from the page views viewed on or after D (all of
    such a session's page views). D is the earlier of the midnight
    `incremental_lookback_days` before the latest loaded session start and
    the date of the earliest loaded session that ended less than
    `session_gap_minutes` before that midnight (it may continue into the
    window). The sessions kept are checked against the page views before D
    (their number, and their page views: those before D plus those after D
    outside any rebuilt session); when they do not reconcile (a late page
    view older than the window changed an old session) every session is
    rebuilt. -#}

with

-- read where used, not copied into memory first (DuckDB copies a CTE read
-- more than once): page views are the largest relation here
page_views as {{ cte_not_materialized() }} (

    select * from {{ ref('int_page_views_sessionized') }}

),

-- the page's own columns (url, referrer, utm tags), read for the session
-- starts only
staged_page_views as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_web__page_views') }}

),
{%- if is_incremental() %}

lookback_start as (

    select
        cast(cast({{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'max(started_at)') }} as date)
            as timestamp) as lookback_start_at
    from {{ this }}

),

candidate_start as (

    select
        cast(cast(least(
            coalesce(min(loaded.started_at), lookback_start.lookback_start_at),
            lookback_start.lookback_start_at
        ) as date) as timestamp) as window_start_at
    from lookback_start
    left join {{ this }} as loaded
        on loaded.ended_at >= {{ dbt.dateadd('minute', -1 * var('session_gap_minutes'), 'lookback_start.lookback_start_at') }}
    group by lookback_start.lookback_start_at

),

kept_loaded as (

    select
        count(*) as session_count,
        sum(loaded.page_view_count) as page_view_count
    from {{ this }} as loaded
    cross join candidate_start
    where loaded.started_at < candidate_start.window_start_at

),

candidate_page_views as (

    select page_views.*
    from page_views
    cross join candidate_start
    where page_views.viewed_at >= candidate_start.window_start_at

),

candidate_session_ids as (

    select distinct session_id
    from candidate_page_views
    where is_session_start

),

kept_in_page_views as (

    select
        sum(case when page_views.is_session_start then 1 else 0 end) as session_count,
        count(*) as page_view_count
    from page_views
    cross join candidate_start
    where page_views.viewed_at < candidate_start.window_start_at

),

kept_after_start as (

    -- page views after the window start of sessions that started before it
    select count(*) as page_view_count
    from candidate_page_views
    where session_id not in (select session_id from candidate_session_ids)

),

window_start as (

    select
        case
            when
                kept_loaded.session_count = coalesce(kept_in_page_views.session_count, 0)
                and coalesce(kept_loaded.page_view_count, 0)
                = kept_in_page_views.page_view_count + kept_after_start.page_view_count
                then candidate_start.window_start_at
        end as window_start_at
    from candidate_start
    cross join kept_loaded
    cross join kept_in_page_views
    cross join kept_after_start

),

windowed_page_views as {{ cte_not_materialized() }} (

    select page_views.*
    from page_views
    cross join window_start
    where
        window_start.window_start_at is null
        or page_views.viewed_at >= window_start.window_start_at

),
{%- else %}

windowed_page_views as {{ cte_not_materialized() }} (

    select * from page_views

),
{%- endif %}

session_sizes as (

    select
        session_id,
        count(*) as page_view_count,
        max(viewed_at) as ended_at
    from windowed_page_views
    group by session_id

),

session_starts as (

    select * from windowed_page_views
    where is_session_start

),

first_page_views as (

    select
        session_starts.session_id,
        session_starts.anonymous_id,
        session_starts.session_number,
        session_starts.event_id,
        session_starts.viewed_at,
        session_starts.click_id,
        staged_page_views.referrer_domain,
        staged_page_views.utm_source,
        staged_page_views.utm_medium,
        staged_page_views.utm_campaign,
        {{ click_id_parameter('session_starts.click_id', 'staged_page_views.page_url') }} as click_id_parameter
    from session_starts
    inner join staged_page_views
        on session_starts.event_id = staged_page_views.event_id
    {%- if is_incremental() %}
    cross join window_start
    where
        -- only the window's page views are read (a session start and its
        -- staged row have the same time)
        window_start.window_start_at is null
        or staged_page_views.viewed_at >= window_start.window_start_at
    {%- endif %}

),

final as (

    select
        -- ids
        first_page_views.session_id,
        first_page_views.anonymous_id,
        first_page_views.session_number,
        first_page_views.event_id as landing_event_id,

        -- first page view's attributes
        first_page_views.referrer_domain,
        first_page_views.utm_source,
        first_page_views.utm_medium,
        first_page_views.utm_campaign,
        first_page_views.click_id,
        first_page_views.click_id_parameter,

        -- size
        cast(session_sizes.page_view_count as {{ dbt.type_bigint() }}) as page_view_count,

        -- timestamps
        first_page_views.viewed_at as started_at,
        session_sizes.ended_at,

        -- partition an incremental run reprocesses whole
        cast(first_page_views.viewed_at as date) as started_date

    from first_page_views
    inner join session_sizes
        on first_page_views.session_id = session_sizes.session_id

)

select * from final
