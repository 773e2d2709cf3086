{{ config(
    pre_hook=["{{ delete_changed_touches(unioned_settled_expected_sql(), unioned_settled_stored_sql()) }}"],
    **touch_chain_config()
) }}

{#- One row per touchpoint (session, ad click, form submission, CRM
    activity) with the person and account it belongs to and the attributes
    the channel rules read. A session whose first page view carries an ad
    click's click_id is that click: one `ad_click` touchpoint at the click's
    time, carrying the session's page views (each click merges with at most
    one session, the earliest; each session with at most one click).
    Browsers are joined once, after the union (`identity_rule` says how a
    branch combines its browser's person with its own): one hash table of
    browsers instead of one per branch, which at 30x the demo ran the union
    out of an 8 GB memory limit.
    Incremental on DuckDB: a run rewrites the touches that carry identity
    and the settled sessions of the dates that changed, and keeps the rest
    (macros/incremental/touch_partitions.sql). -#}

with

sessions as {{ cte_not_materialized() }} (

    select * from {{ ref('int_sessions_aggregated') }}

),

clicks as {{ cte_not_materialized() }} (

    select * from {{ ref('int_ad_clicks_linked') }}

),

submissions as {{ cte_not_materialized() }} (

    select * from {{ ref('int_form_submissions_identified') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

-- only the identified browsers (3 % of them at 100x the demo): an
-- unidentified browser gives a touch what no browser gives it (every rule
-- below falls back to the touch's own person), and the few identified ones
-- fit in memory, where the join against every browser spilled the whole
-- union to disk (over 30 GB at 100x the demo)
browsers as (

    select
        anonymous_id,
        contact_id,
        account_id
    from {{ ref('int_browsers_identified') }}
    where
        contact_id is not null
        or account_id is not null

),

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),
{%- if is_incremental() %}

-- the dates whose settled sessions the pre-hook deleted or that are new
-- (macros/incremental/touch_partitions.sql)
settled_dates_to_write as (

    {{ touch_dates_to_write_sql(
        "select cast(started_at as date) as touch_date from " ~ ref('int_sessions_aggregated')
        ~ " where click_id is null") }}

),
{%- endif %}

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

-- clicks and the sessions that start with their click_id, with the session
-- columns a click touch takes (so that the click branch joins these pairs,
-- not every session)
click_session_candidates as (

    select
        sessions.session_id,
        sessions.anonymous_id,
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        sessions.referrer_domain,
        sessions.page_view_count,
        clicks.platform,
        clicks.click_id,
        row_number() over (
            partition by clicks.platform, clicks.click_id
            order by sessions.started_at, sessions.session_id
        ) as session_rank,
        row_number() over (
            partition by sessions.session_id
            order by clicks.clicked_at, clicks.platform
        ) as click_rank
    from sessions
    inner join clicks
        on sessions.click_id = clicks.click_id
    where sessions.click_id is not null

),

click_sessions as (

    select
        session_id,
        anonymous_id,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer_domain,
        page_view_count,
        platform,
        click_id
    from click_session_candidates
    where
        session_rank = 1
        and click_rank = 1

),

-- the platform and campaign of a click id, for sessions carrying it
click_id_campaigns_ranked as (

    select
        click_id,
        platform,
        campaign_id,
        campaign_name,
        row_number() over (
            partition by click_id
            order by clicked_at, platform
        ) as click_rank
    from clicks

),

click_id_campaigns as (

    select
        click_id,
        platform,
        campaign_id,
        campaign_name
    from click_id_campaigns_ranked
    where click_rank = 1

),

-- the earliest identified form submission carrying a click id
click_id_forms_ranked as (

    select
        click_id,
        contact_id,
        account_id,
        row_number() over (
            partition by click_id
            order by
                case when contact_id is not null then 0 else 1 end,
                submitted_at,
                submission_id
        ) as form_rank
    from submissions
    where
        click_id is not null
        and (contact_id is not null or account_id is not null)

),

click_id_forms as (

    select
        click_id,
        contact_id,
        account_id
    from click_id_forms_ranked
    where form_rank = 1

),

click_touches as (

    select
        {{ dbt.concat(["'click:'", 'clicks.platform', "':'", 'clicks.click_id']) }} as touchpoint_id,
        'ad_click' as touch_type,
        clicks.clicked_at as occurred_at,
        coalesce(clicks.anonymous_id, click_sessions.anonymous_id) as anonymous_id,
        'browser_first' as identity_rule,
        click_id_forms.contact_id as own_contact_id,
        click_id_forms.account_id as own_account_id,
        clicks.platform,
        clicks.campaign_id,
        clicks.campaign_name,
        click_sessions.utm_source,
        click_sessions.utm_medium,
        click_sessions.utm_campaign,
        click_sessions.referrer_domain,
        cast(null as {{ dbt.type_string() }}) as origin_channel_label,
        cast(null as {{ dbt.type_string() }}) as origin_source,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        cast(null as {{ dbt.type_string() }}) as form_name,
        cast(null as {{ dbt.type_string() }}) as submission_id,
        cast(null as {{ dbt.type_string() }}) as activity_id,
        clicks.click_id,
        click_sessions.session_id,
        click_sessions.page_view_count as session_page_views,
        click_sessions.session_id is not null as is_click_session_merged
    from clicks
    left join click_sessions
        on
            clicks.platform = click_sessions.platform
            and clicks.click_id = click_sessions.click_id
    left join click_id_forms
        on clicks.click_id = click_id_forms.click_id

),

-- a session without a click id (three in four) is neither a click's
-- session nor a click id's campaign: its branch skips both joins, which at
-- 100x the demo spilled every session to disk to probe two hash tables of
-- 20 M keys. The two branches differ only in those joins and the campaign.
plain_session_touches as (

    select
        {{ session_touch_columns("cast(null as " ~ dbt.type_string() ~ ") as platform, cast(null as "
            ~ dbt.type_string() ~ ") as campaign_id, cast(null as " ~ dbt.type_string() ~ ") as campaign_name") }}
    from sessions
    where sessions.click_id is null
    {%- if is_incremental() %}
        -- an incremental run writes the settled sessions of the changed dates
        -- and every session of an identified browser
        and (
            cast(sessions.started_at as date) in (select touch_date from settled_dates_to_write)
            or sessions.anonymous_id in (select anonymous_id from browsers)
        )
    {%- endif %}

),

clicked_session_touches as (

    select
        {{ session_touch_columns(
            "click_id_campaigns.platform, click_id_campaigns.campaign_id, click_id_campaigns.campaign_name") }}
    from sessions
    left join click_sessions
        on sessions.session_id = click_sessions.session_id
    left join click_id_campaigns
        on sessions.click_id = click_id_campaigns.click_id
    where
        sessions.click_id is not null
        and click_sessions.session_id is null

),

form_touches as (

    select
        {{ dbt.concat(["'form:'", 'submissions.submission_id']) }} as touchpoint_id,
        'form_submission' as touch_type,
        submissions.submitted_at as occurred_at,
        submissions.anonymous_id,
        case when submissions.identity_method = 'unresolved' then 'browser' else 'own' end as identity_rule,
        submissions.contact_id as own_contact_id,
        submissions.account_id as own_account_id,
        click_id_campaigns.platform,
        click_id_campaigns.campaign_id,
        click_id_campaigns.campaign_name,
        submissions.utm_source,
        submissions.utm_medium,
        submissions.utm_campaign,
        submissions.referrer_domain,
        submissions.origin_channel_label,
        submissions.origin_source,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        submissions.form_name,
        submissions.submission_id,
        cast(null as {{ dbt.type_string() }}) as activity_id,
        submissions.click_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_bigint() }}) as session_page_views,
        false as is_click_session_merged
    from submissions
    left join click_id_campaigns
        on submissions.click_id = click_id_campaigns.click_id

),

activity_touches as (

    select
        {{ dbt.concat(["'activity:'", 'activities.activity_id']) }} as touchpoint_id,
        'activity' as touch_type,
        activities.occurred_at,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        'own' as identity_rule,
        contacts.contact_id as own_contact_id,
        coalesce(accounts_merged.surviving_account_id, contacts.account_id) as own_account_id,
        cast(null as {{ dbt.type_string() }}) as platform,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as campaign_name,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign,
        cast(null as {{ dbt.type_string() }}) as referrer_domain,
        cast(null as {{ dbt.type_string() }}) as origin_channel_label,
        cast(null as {{ dbt.type_string() }}) as origin_source,
        activities.activity_type,
        cast(null as {{ dbt.type_string() }}) as form_name,
        cast(null as {{ dbt.type_string() }}) as submission_id,
        activities.activity_id,
        cast(null as {{ dbt.type_string() }}) as click_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_bigint() }}) as session_page_views,
        false as is_click_session_merged
    from activities
    left join contacts
        on
            activities.contact_id = contacts.contact_id
            and not contacts.is_deleted
    left join accounts_merged
        on activities.account_id = accounts_merged.account_id

),

touches as (

    select * from click_touches
    union all
    select * from plain_session_touches
    union all
    select * from clicked_session_touches
    union all
    select * from form_touches
    union all
    select * from activity_touches

),

-- the browser's person: 'browser_first' takes the browser's contact and
-- account when the browser is identified, else the branch's own (a click's
-- form); 'browser' only the browser's (a form whose email resolved nothing);
-- 'own' only the branch's (an identified form, an activity)
final as (

    select
        touches.touchpoint_id,
        touches.touch_type,
        touches.occurred_at,
        touches.anonymous_id,
        case
            when touches.identity_rule = 'own' then touches.own_contact_id
            when touches.identity_rule = 'browser' then browsers.contact_id
            else coalesce(browsers.contact_id, touches.own_contact_id)
        end as contact_id,
        case
            when touches.identity_rule = 'own' then touches.own_account_id
            when touches.identity_rule = 'browser' then browsers.account_id
            when browsers.contact_id is not null or browsers.account_id is not null then browsers.account_id
            else touches.own_account_id
        end as account_id,
        touches.platform,
        touches.campaign_id,
        touches.campaign_name,
        touches.utm_source,
        touches.utm_medium,
        touches.utm_campaign,
        touches.referrer_domain,
        touches.origin_channel_label,
        touches.origin_source,
        touches.activity_type,
        touches.form_name,
        touches.submission_id,
        touches.activity_id,
        touches.click_id,
        touches.session_id,
        touches.session_page_views,
        touches.is_click_session_merged
    from touches
    left join browsers
        on touches.anonymous_id = browsers.anonymous_id

)

select * from final
