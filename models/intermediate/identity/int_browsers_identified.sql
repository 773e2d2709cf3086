{{ config(materialized='table') }}

{#- The identity graph: one row per browser (anonymous_id seen on a page
    view, form submission or ad click) with the contact and account it
    belongs to. In order of precedence:
    - form_submission: its own earliest form submission that resolves to a
      contact (retroactive: every page view, before and after, is that
      contact's);
    - identify: its own earliest identify call (web_identifies: a login, a
      click from an email link) whose email resolves to a contact, by the
      same rule as a form's email (retroactive too; an identify call is no
      touchpoint and no conversion);
    - ad_click_id: the earliest contact-resolving form submission carrying
      a click id that the browser carries too (on a page view, or through
      an ad click linked to it);
    - form_email_domain: no contact, but its earliest form submission whose
      email's corporate domain resolves to an account;
    - unresolved. -#}

with

-- inputs read more than once are read where used, not copied into memory
-- first (DuckDB copies a CTE read more than once)
page_views as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_web__page_views') }}

),

user_agents as (

    select * from {{ ref('int_user_agents_classified') }}

),

human_page_views as (

    select * from {{ ref('int_page_views_sessionized') }}

),

submissions as {{ cte_not_materialized() }} (

    select * from {{ ref('int_form_submissions_identified') }}

),

clicks as {{ cte_not_materialized() }} (

    select * from {{ ref('int_ad_clicks_linked') }}

),

identifies as (

    select * from {{ ref('int_identifies_resolved') }}

),

browsers as (

    select anonymous_id from page_views
    union
    select anonymous_id from submissions
    where anonymous_id is not null
    union
    select anonymous_id from clicks
    where anonymous_id is not null

),

page_view_stats as (

    select
        page_views.anonymous_id,
        count(*) as all_page_view_count,
        sum(case when user_agents.is_bot then 1 else 0 end) as bot_page_view_count,
        min(page_views.viewed_at) as first_viewed_at,
        max(page_views.viewed_at) as last_viewed_at
    from page_views
    left join user_agents
        on page_views.user_agent = user_agents.user_agent
    group by page_views.anonymous_id

),

own_contact_forms as (

    select
        anonymous_id,
        submission_id,
        submitted_at,
        contact_id,
        account_id,
        row_number() over (
            partition by anonymous_id
            order by submitted_at, submission_id
        ) as form_rank
    from submissions
    where
        anonymous_id is not null
        and contact_id is not null

),

own_contact_identifies as (

    select
        anonymous_id,
        identify_id,
        identified_at,
        contact_id,
        account_id,
        row_number() over (
            partition by anonymous_id
            order by identified_at, identify_id
        ) as identify_rank
    from identifies
    where contact_id is not null

),

browser_click_ids as (

    select
        anonymous_id,
        click_id
    from human_page_views
    where click_id is not null
    union
    select
        anonymous_id,
        click_id
    from clicks
    where anonymous_id is not null

),

click_contact_forms as (

    select
        browser_click_ids.anonymous_id,
        submissions.submission_id,
        submissions.submitted_at,
        submissions.contact_id,
        submissions.account_id,
        row_number() over (
            partition by browser_click_ids.anonymous_id
            order by submissions.submitted_at, submissions.submission_id
        ) as form_rank
    from browser_click_ids
    inner join submissions
        on browser_click_ids.click_id = submissions.click_id
    where submissions.contact_id is not null

),

own_account_forms as (

    select
        anonymous_id,
        submission_id,
        submitted_at,
        account_id,
        row_number() over (
            partition by anonymous_id
            order by submitted_at, submission_id
        ) as form_rank
    from submissions
    where
        anonymous_id is not null
        and contact_id is null
        and account_id is not null

),

joined as (

    select
        browsers.anonymous_id,
        own_contact.submission_id as own_contact_submission_id,
        own_contact.submitted_at as own_contact_submitted_at,
        own_contact.contact_id as own_contact_id,
        own_contact.account_id as own_contact_account_id,
        own_identify.identify_id as own_identify_id,
        own_identify.identified_at as own_identify_identified_at,
        own_identify.contact_id as own_identify_contact_id,
        own_identify.account_id as own_identify_account_id,
        click_contact.submission_id as click_contact_submission_id,
        click_contact.submitted_at as click_contact_submitted_at,
        click_contact.contact_id as click_contact_id,
        click_contact.account_id as click_contact_account_id,
        own_account.submission_id as own_account_submission_id,
        own_account.submitted_at as own_account_submitted_at,
        own_account.account_id as own_account_id,
        coalesce(page_view_stats.all_page_view_count, 0) as all_page_view_count,
        coalesce(page_view_stats.bot_page_view_count, 0) as bot_page_view_count,
        page_view_stats.first_viewed_at,
        page_view_stats.last_viewed_at
    from browsers
    left join page_view_stats
        on browsers.anonymous_id = page_view_stats.anonymous_id
    left join own_contact_forms as own_contact
        on
            browsers.anonymous_id = own_contact.anonymous_id
            and own_contact.form_rank = 1
    left join own_contact_identifies as own_identify
        on
            browsers.anonymous_id = own_identify.anonymous_id
            and own_identify.identify_rank = 1
    left join click_contact_forms as click_contact
        on
            browsers.anonymous_id = click_contact.anonymous_id
            and click_contact.form_rank = 1
    left join own_account_forms as own_account
        on
            browsers.anonymous_id = own_account.anonymous_id
            and own_account.form_rank = 1

),

final as (

    select
        -- ids
        anonymous_id,
        case
            when own_contact_id is not null then own_contact_id
            when own_identify_contact_id is not null then own_identify_contact_id
            when click_contact_id is not null then click_contact_id
        end as contact_id,
        case
            when own_contact_id is not null then own_contact_account_id
            when own_identify_contact_id is not null then own_identify_account_id
            when click_contact_id is not null then click_contact_account_id
            else own_account_id
        end as account_id,

        -- resolution
        case
            when own_contact_id is not null then 'form_submission'
            when own_identify_contact_id is not null then 'identify'
            when click_contact_id is not null then 'ad_click_id'
            when own_account_id is not null then 'form_email_domain'
            else 'unresolved'
        end as resolved_by,
        case
            when own_contact_id is not null then own_contact_submission_id
            when own_identify_contact_id is not null then null
            when click_contact_id is not null then click_contact_submission_id
            else own_account_submission_id
        end as identifying_submission_id,
        case
            when own_contact_id is null then own_identify_id
        end as identifying_identify_id,

        -- page views
        cast(all_page_view_count - bot_page_view_count as {{ dbt.type_bigint() }}) as page_view_count,
        cast(bot_page_view_count as {{ dbt.type_bigint() }}) as bot_page_view_count,

        -- flags
        all_page_view_count > 0 and bot_page_view_count = all_page_view_count as is_bot,

        -- timestamps
        case
            when own_contact_id is not null then own_contact_submitted_at
            when own_identify_contact_id is not null then own_identify_identified_at
            when click_contact_id is not null then click_contact_submitted_at
            else own_account_submitted_at
        end as identified_at,
        first_viewed_at,
        last_viewed_at

    from joined

)

select * from final
