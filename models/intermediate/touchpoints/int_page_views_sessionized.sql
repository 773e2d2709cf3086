{{ config(**incremental_by_partition_config('viewed_date')) }}

{#- One row per human page view (bot user agents excluded) with its
    session: page views of one browser, ordered by time then event_id, start
    a new session when they come more than `session_gap_minutes` after the
    previous one (a gap of exactly the limit stays in the session). Keys,
    times, click id and sessions only: the page's other columns stay in
    stg_web__page_views, so that the largest table is not stored twice.

    Incremental by viewed_date: a run reprocesses every date from the
    earlier of (a) `incremental_lookback_days` before the latest loaded page
    view and (b) the first date whose count of human staged page views
    differs from the loaded one (a late page view older than the lookback).
    Numbering continues from each browser's last loaded page view before
    that date (its time and session_number), so a session spanning the
    window's first midnight keeps its id and later sessions are renumbered
    exactly as in a full refresh. -#}

with

-- read where used, not copied into memory first (DuckDB copies a CTE read
-- more than once, and human_page_views is read three times in an
-- incremental run, and the copy spilled to disk)
page_views as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_web__page_views') }}

),

user_agents as (

    select * from {{ ref('int_user_agents_classified') }}

),

human_page_views as {{ cte_not_materialized() }} (

    select page_views.*
    from page_views
    left join user_agents
        on page_views.user_agent = user_agents.user_agent
    where not coalesce(user_agents.is_bot, false)

),
{%- if is_incremental() %}

staged_date_counts as (

    select
        cast(viewed_at as date) as viewed_date,
        count(*) as staged_count
    from human_page_views
    group by cast(viewed_at as date)

),

loaded_date_counts as (

    select
        viewed_date,
        count(*) as loaded_count
    from {{ this }}
    group by viewed_date

),

window_start as (

    select min(start_date) as window_start_date
    from (
        select cast({{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'max(viewed_at)') }} as date)
            as start_date
        from {{ this }}
        union all
        select coalesce(staged_date_counts.viewed_date, loaded_date_counts.viewed_date) as start_date
        from staged_date_counts
        full outer join loaded_date_counts
            on staged_date_counts.viewed_date = loaded_date_counts.viewed_date
        where coalesce(staged_date_counts.staged_count, 0) != coalesce(loaded_date_counts.loaded_count, 0)
    ) as candidates

),

windowed_page_views as {{ cte_not_materialized() }} (

    select human_page_views.*
    from human_page_views
    cross join window_start
    where
        window_start.window_start_date is null
        or human_page_views.viewed_at >= cast(window_start.window_start_date as timestamp)

),

-- each browser's last loaded page view before the window
carried_sessions as (

    select
        loaded.anonymous_id,
        max(loaded.viewed_at) as last_viewed_at,
        max(loaded.session_number) as last_session_number
    from {{ this }} as loaded
    cross join window_start
    where
        loaded.viewed_date < window_start.window_start_date
        and loaded.anonymous_id in (select anonymous_id from windowed_page_views)
    group by loaded.anonymous_id

),
{%- else %}

windowed_page_views as {{ cte_not_materialized() }} (

    select * from human_page_views

),

carried_sessions as (

    -- a full build carries nothing over
    select
        anonymous_id,
        viewed_at as last_viewed_at,
        cast(0 as {{ dbt.type_bigint() }}) as last_session_number
    from human_page_views
    where 1 = 0

),
{%- endif %}

-- the windows sort only the columns they need (browser, time, id, and the
-- click id that links ad clicks to browsers); the page's other columns
-- (url, referrer, utm tags) are not carried: int_sessions_aggregated takes
-- them from staging for the session starts
with_previous as (

    select
        windowed_page_views.event_id,
        windowed_page_views.anonymous_id,
        windowed_page_views.viewed_at,
        windowed_page_views.click_id,
        coalesce(
            lag(windowed_page_views.viewed_at) over (
                partition by windowed_page_views.anonymous_id
                order by windowed_page_views.viewed_at, windowed_page_views.event_id
            ),
            carried_sessions.last_viewed_at
        ) as previous_viewed_at,
        coalesce(carried_sessions.last_session_number, 0) as carried_session_number
    from windowed_page_views
    left join carried_sessions
        on windowed_page_views.anonymous_id = carried_sessions.anonymous_id

),

flagged as (

    select
        *,
        case
            when previous_viewed_at is null then 1
            when viewed_at > {{ dbt.dateadd('minute', var('session_gap_minutes'), 'previous_viewed_at') }} then 1
            else 0
        end as starts_session
    from with_previous

),

numbered as (

    select
        event_id,
        anonymous_id,
        viewed_at,
        click_id,
        previous_viewed_at,
        starts_session,
        carried_session_number + sum(starts_session) over (
            partition by anonymous_id
            order by viewed_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from flagged

),

final as (

    select
        -- ids
        event_id,
        anonymous_id,
        {{ dbt.concat(["'session:'", 'anonymous_id', "':'", 'cast(session_number as ' ~ dbt.type_string() ~ ')']) }}
            as session_id,
        cast(session_number as {{ dbt.type_bigint() }}) as session_number,
        click_id,

        -- flags
        starts_session = 1 as is_session_start,

        -- timestamps
        viewed_at,
        previous_viewed_at,

        -- partition an incremental run reprocesses whole
        cast(viewed_at as date) as viewed_date

    from numbered

)

select * from final
