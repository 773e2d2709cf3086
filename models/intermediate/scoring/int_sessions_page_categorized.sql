{#- One row per session of a known contact and page category it viewed
    (docs/metrics.md section 9, Page weights): the category and weight of
    each page come from the first rule of seed `page_weights` (by
    `rule_order`) whose pattern matches the page's path (lower-cased, no
    scheme, host, query or fragment; `/` for a bare host); a page no rule
    matches is `other` with weight `page_weight_default`. Only the sessions
    of a touch with a contact are read: the lead score and BANT use no other
    page, and anonymous sessions are most of the page views. Rebuilt whole on
    every run, so an edited seed applies to the whole history at once. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

-- read where used, not copied into memory first (DuckDB copies a CTE read
-- more than once): page views are the largest relations of the project
page_views as {{ cte_not_materialized() }} (

    select * from {{ ref('int_page_views_sessionized') }}

),

staged_page_views as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_web__page_views') }}

),

page_weight_rules as (

    select * from {{ ref('page_weights') }}

),

contact_sessions as (

    select distinct
        session_id,
        contact_id
    from touchpoints
    where
        session_id is not null
        and contact_id is not null

),

contact_page_views as (

    select
        contact_sessions.session_id,
        contact_sessions.contact_id,
        page_views.viewed_at,
        case
            when staged_page_views.page_url is not null
                then coalesce(
                    nullif(
                        {{ regexp_replace_all(
                            regexp_replace_all('lower(staged_page_views.page_url)', '^[a-z][a-z0-9+.-]*://[^/?#]*', ''),
                            '[?#].*$', '') }},
                        ''
                    ),
                    '/'
                )
        end as page_path
    from contact_sessions
    inner join page_views
        on contact_sessions.session_id = page_views.session_id
    inner join staged_page_views
        on page_views.event_id = staged_page_views.event_id

),

page_paths as (

    -- patterns are matched once per distinct path, not once per page view
    select distinct page_path
    from contact_page_views
    where page_path is not null

),

path_matches as (

    select
        page_paths.page_path,
        page_weight_rules.page_category,
        page_weight_rules.weight,
        row_number() over (
            partition by page_paths.page_path
            order by page_weight_rules.rule_order
        ) as match_rank
    from page_paths
    inner join page_weight_rules
        on coalesce({{ regexp_like_seed_pattern(
            'page_paths.page_path', 'page_weights', 'page_weight_rules', 'rule_order') }}, false)

),

categorized_page_views as (

    select
        contact_page_views.session_id,
        contact_page_views.contact_id,
        contact_page_views.viewed_at,
        coalesce(path_matches.page_category, 'other') as page_category,
        coalesce(path_matches.weight, {{ var('page_weight_default') }}) as page_weight
    from contact_page_views
    left join path_matches
        on
            contact_page_views.page_path = path_matches.page_path
            and path_matches.match_rank = 1

),

final as (

    select
        -- ids
        session_id,
        page_category,
        contact_id,

        -- weight
        cast(max(page_weight) as decimal(6, 2)) as page_weight,
        cast(count(*) as {{ dbt.type_bigint() }}) as page_view_count,

        -- timestamps
        min(viewed_at) as first_viewed_at

    from categorized_page_views
    group by
        session_id,
        page_category,
        contact_id

)

select * from final
