{#- The select of int_touchpoints_unioned (see the model for what a row
    is). `scoped`: only the touches of the dates the incremental run writes
    (`touch_dates_to_write_sql`), reading only the inputs those touches
    depend on; otherwise every touch (a full build, and the fingerprints the
    incremental pre-hook compares with the table). One macro for both, so
    that what is compared is what is written. -#}
{% macro touchpoints_unioned_sql(scoped=false) -%}

with

{%- if scoped %}

-- the dates to write: those of the inputs that the table no longer holds
-- (the pre-hook deleted the dates whose rows changed)
dates_to_write as (

    {{ touch_dates_to_write_sql(
        "select " ~ touch_date('started_at') ~ " as touch_date from " ~ ref('int_sessions_aggregated')
        ~ " union all select " ~ touch_date('clicked_at') ~ " from " ~ ref('int_ad_clicks_linked')
        ~ " union all select " ~ touch_date('submitted_at') ~ " from " ~ ref('int_form_submissions_identified')
        ~ " union all select " ~ touch_date('occurred_at') ~ " from " ~ ref('stg_crm__activities')
        ~ " union all select " ~ touch_date('occurred_at') ~ " from " ~ ref('int_email_events_identified')
        ~ " where event_type = 'click' and not is_machine_event") }}

),

-- the click ids of the touches of those dates: a click's session, its
-- click id's campaign and form are decided among every row of its click id
click_ids_to_write as (

    select click_id
    from {{ ref('int_ad_clicks_linked') }}
    where {{ touch_date('clicked_at') }} in (select touch_date from dates_to_write)
    union
    select click_id
    from {{ ref('int_sessions_aggregated') }}
    where
        click_id is not null
        and {{ touch_date('started_at') }} in (select touch_date from dates_to_write)
    union
    select click_id
    from {{ ref('int_form_submissions_identified') }}
    where
        click_id is not null
        and {{ touch_date('submitted_at') }} in (select touch_date from dates_to_write)

),
{%- endif %}

sessions as {{ cte_not_materialized() }} (

    select * from {{ ref('int_sessions_aggregated') }}
    {%- if scoped %}
    where
        {{ touch_date('started_at') }} in (select touch_date from dates_to_write)
        or click_id in (select click_id from click_ids_to_write)
    {%- endif %}

),

clicks as {{ cte_not_materialized() }} (

    select * from {{ ref('int_ad_clicks_linked') }}
    {%- if scoped %}
    where click_id in (select click_id from click_ids_to_write)
    {%- endif %}

),

submissions as {{ cte_not_materialized() }} (

    select * from {{ ref('int_form_submissions_identified') }}
    {%- if scoped %}
    where
        {{ touch_date('submitted_at') }} in (select touch_date from dates_to_write)
        or click_id in (select click_id from click_ids_to_write)
    {%- endif %}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}
    {%- if scoped %}
    where {{ touch_date('occurred_at') }} in (select touch_date from dates_to_write)
    {%- endif %}

),

-- only the identified browsers (a few percent of them): an
-- unidentified browser gives a touch what no browser gives it (every rule
-- below falls back to the touch's own person), and the few identified ones
-- fit in memory, where the join against every browser spilled the whole
-- union to disk (docs/scale.md, section Model designs chosen for speed or memory)
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

-- the people's clicks in marketing emails (machine clicks by link scanners
-- are no touch); all of them, also on an incremental run: they are few, and
-- a click's session may start on the next date
email_clicks as (

    select * from {{ ref('int_email_events_identified') }}
    where
        event_type = 'click'
        and not is_machine_event

),

-- sessions of identified browsers, unscoped for the same reason
identified_sessions as (

    select
        all_sessions.session_id,
        all_sessions.anonymous_id,
        all_sessions.started_at,
        all_sessions.utm_source,
        all_sessions.utm_medium,
        all_sessions.utm_campaign,
        all_sessions.referrer_domain,
        all_sessions.page_view_count,
        browsers.contact_id
    from {{ ref('int_sessions_aggregated') }} as all_sessions
    inner join browsers
        on all_sessions.anonymous_id = browsers.anonymous_id
    -- a session with an ad click id is that click's
    where
        all_sessions.click_id is null
        and browsers.contact_id is not null

),

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contacts_merged as (

    select * from {{ ref('int_contacts_merged') }}

),
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
        sessions.click_id_parameter,
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
        click_id_parameter,
        platform,
        click_id
    from click_session_candidates
    where
        session_rank = 1
        and click_rank = 1

),

-- email clicks and the sessions of the same person that start within
-- email_click_session_minutes after them: the visit the click opened
email_click_session_candidates as (

    select
        email_clicks.event_id,
        identified_sessions.session_id,
        identified_sessions.anonymous_id,
        identified_sessions.utm_source,
        identified_sessions.utm_medium,
        identified_sessions.utm_campaign,
        identified_sessions.referrer_domain,
        identified_sessions.page_view_count,
        row_number() over (
            partition by email_clicks.event_id
            order by identified_sessions.started_at, identified_sessions.session_id
        ) as session_rank,
        row_number() over (
            partition by identified_sessions.session_id
            order by email_clicks.occurred_at, email_clicks.event_id
        ) as click_rank
    from email_clicks
    inner join identified_sessions
        on
            email_clicks.contact_id = identified_sessions.contact_id
            and identified_sessions.started_at >= email_clicks.occurred_at
            and identified_sessions.started_at
            <= {{ dbt.dateadd('minute', var('email_click_session_minutes'), 'email_clicks.occurred_at') }}

),

email_click_sessions as (

    select
        event_id,
        session_id,
        anonymous_id,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer_domain,
        page_view_count
    from email_click_session_candidates
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
        click_sessions.click_id_parameter,
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
-- session nor a click id's campaign: its branch skips both joins, which
-- otherwise spilled every session to disk to probe two large hash tables. The two branches differ only in those joins and the campaign.
plain_session_touches as (

    select
        {{ session_touch_columns("cast(null as " ~ dbt.type_string() ~ ") as platform, cast(null as "
            ~ dbt.type_string() ~ ") as campaign_id, cast(null as " ~ dbt.type_string() ~ ") as campaign_name") }}
    from sessions
    left join email_click_sessions
        on sessions.session_id = email_click_sessions.session_id
    where
        sessions.click_id is null
        and email_click_sessions.session_id is null

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
        {{ click_id_parameter('submissions.click_id', 'submissions.page_url') }} as click_id_parameter,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_bigint() }}) as session_page_views,
        false as is_click_session_merged
    from submissions
    left join click_id_campaigns
        on submissions.click_id = click_id_campaigns.click_id

),

-- a click in a marketing email: the person's own touch, carrying the
-- session it opened (one touch, not two, as an ad click); its utm tags are
-- the link's, else the session's
email_click_touches as (

    select
        {{ dbt.concat(["'email:'", 'email_clicks.event_id']) }} as touchpoint_id,
        'email_click' as touch_type,
        email_clicks.occurred_at,
        email_click_sessions.anonymous_id,
        'own' as identity_rule,
        email_clicks.contact_id as own_contact_id,
        email_clicks.account_id as own_account_id,
        cast(null as {{ dbt.type_string() }}) as platform,
        email_clicks.campaign_id,
        email_clicks.campaign_name,
        coalesce({{ url_parameter('email_clicks.clicked_url', 'utm_source') }}, email_click_sessions.utm_source)
            as utm_source,
        coalesce({{ url_parameter('email_clicks.clicked_url', 'utm_medium') }}, email_click_sessions.utm_medium)
            as utm_medium,
        coalesce({{ url_parameter('email_clicks.clicked_url', 'utm_campaign') }}, email_click_sessions.utm_campaign)
            as utm_campaign,
        email_click_sessions.referrer_domain,
        cast(null as {{ dbt.type_string() }}) as origin_channel_label,
        cast(null as {{ dbt.type_string() }}) as origin_source,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        cast(null as {{ dbt.type_string() }}) as form_name,
        cast(null as {{ dbt.type_string() }}) as submission_id,
        cast(null as {{ dbt.type_string() }}) as activity_id,
        cast(null as {{ dbt.type_string() }}) as click_id,
        cast(null as {{ dbt.type_string() }}) as click_id_parameter,
        email_click_sessions.session_id,
        email_click_sessions.page_view_count as session_page_views,
        email_click_sessions.session_id is not null as is_click_session_merged
    from email_clicks
    left join email_click_sessions
        on email_clicks.event_id = email_click_sessions.event_id

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
        cast(null as {{ dbt.type_string() }}) as click_id_parameter,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(null as {{ dbt.type_bigint() }}) as session_page_views,
        false as is_click_session_merged
    from activities
    -- an activity logged on a merged-away contact belongs to its survivor
    left join contacts_merged
        on activities.contact_id = contacts_merged.contact_id
    left join contacts
        on
            {{ surviving_contact_id('activities.contact_id', 'contacts_merged') }} = contacts.contact_id
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
    select * from email_click_touches
    union all
    select * from activity_touches

),

-- the browser's person: 'browser_first' takes the browser's contact and
-- account when the browser is identified, else the branch's own (a click's
-- form); 'browser' only the browser's (a form whose email resolved nothing);
-- 'own' only the branch's (an identified form, an email click, an activity)
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
        touches.click_id_parameter,
        touches.session_id,
        touches.session_page_views,
        touches.is_click_session_merged
    from touches
    left join browsers
        on touches.anonymous_id = browsers.anonymous_id
    {%- if scoped %}
    where {{ touch_date('touches.occurred_at') }} in (select touch_date from dates_to_write)
    {%- endif %}

)

select * from final
{%- endmacro %}
