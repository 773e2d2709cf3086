{#- Channel metrics by UTC month (docs/metrics.md section 8): one row for every
    month and every channel of the channel set (seed `channels`), zeros
    where nothing happened. Months: the month spine (first month with data
    to the as-of month) plus any month with spend. Spend and ad measures by
    the campaign's (or cost line's) channel; visitors by the channel of
    their sessions; funnel stages by the contact's acquisition channel; won
    deals and new customers by the account's acquisition channel. Spend is
    null for a channel without any cost source (no ad platform report row
    and no marketing cost line mapped to it, in any month: organic channels,
    sales, ...) and 0 in a month without a row for a channel that has one.
    Every ratio is `safe_ratio`: null when its numerator or denominator is
    null or its denominator is 0. -#}

{%- set pipelines = var('funnel_deal_pipelines') -%}

with

channels as (

    select * from {{ ref('channels') }}

),

months as (

    select * from {{ ref('int_calendar_months') }}

),

as_of as (

    select * from {{ ref('int_calendar_as_of') }}

),

channel_spend as (

    select * from {{ ref('int_channel_spend_aggregated') }}

),

touchpoints as {{ cte_not_materialized() }} (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

sessions as (

    select * from {{ ref('int_sessions_aggregated') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions_identified') }}

),

funnel_contacts as (

    select * from {{ ref('int_funnel_contacts_measured') }}

),

mql_to_sql_rates as (

    select * from {{ ref('rpt_mql_to_sql_rates') }}

),

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

-- channels with a cost source: any ad platform report row or marketing
-- cost line mapped to them, in any month (their months without a row spent
-- 0); the others have no spend figure at all (null, not 0)
cost_sources as (

    select distinct channel
    from channel_spend

),

-- the month x channel grid
report_months as (

    select month from months
    union
    select month from channel_spend

),

grid as (

    select
        report_months.month,
        channels.channel,
        channels.is_paid_media
    from report_months
    cross join channels

),

-- visitors: distinct browsers with a (human) session starting in the
-- month whose channel is the channel; a session merged with its ad click
-- is one touchpoint and takes the click's channel. Every session is one
-- touchpoint: a `session` touch carries its session's start and browser
-- (occurred_at, anonymous_id), so only the sessions merged with a click
-- are looked up in the sessions (2.0 M of 7.5 M at 10x the demo), not
-- every session.
session_visits as (

    select
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as month,
        channel,
        anonymous_id
    from touchpoints
    where
        session_id is not null
        and not is_click_session_merged

),

merged_session_visits as (

    select
        cast({{ dbt.date_trunc('month', 'sessions.started_at') }} as date) as month,
        touchpoints.channel,
        sessions.anonymous_id
    from touchpoints
    inner join sessions
        on touchpoints.session_id = sessions.session_id
    where touchpoints.is_click_session_merged

),

visitor_months as (

    select distinct
        month,
        channel,
        anonymous_id
    from (
        select * from session_visits
        union all
        select * from merged_session_visits
    ) as visits

),

form_months as (

    select distinct
        anonymous_id,
        cast({{ dbt.date_trunc('month', 'submitted_at') }} as date) as month
    from form_submissions
    where anonymous_id is not null

),

visitor_counts as (

    select
        visitor_months.month,
        visitor_months.channel,
        count(*) as visitors,
        sum(case when form_months.anonymous_id is not null then 1 else 0 end) as visitors_with_form_submission
    from visitor_months
    left join form_months
        on
            visitor_months.anonymous_id = form_months.anonymous_id
            and visitor_months.month = form_months.month
    group by
        visitor_months.month,
        visitor_months.channel

),

-- funnel stages reached in the month, by the contact's acquisition channel
stages_reached as (

    {%- for stage in ['lead', 'mql', 'sql', 'opportunity'] %}
    select
        {{ stage }}_month as month,
        acquisition_channel as channel,
        '{{ stage }}' as lifecycle_stage
    from funnel_contacts
    where {{ stage }}_month is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

stage_counts as (

    select
        month,
        channel,
        sum(case when lifecycle_stage = 'lead' then 1 else 0 end) as leads,
        sum(case when lifecycle_stage = 'mql' then 1 else 0 end) as mqls,
        sum(case when lifecycle_stage = 'sql' then 1 else 0 end) as sqls,
        sum(case when lifecycle_stage = 'opportunity' then 1 else 0 end) as opportunities
    from stages_reached
    group by
        month,
        channel

),

-- won new-business deals and new customers, by the account's acquisition channel
won_deals as (

    select
        deals.deal_id,
        deals.account_id,
        deals.closed_at,
        coalesce(accounts.first_touch_channel, 'other') as channel
    from deals
    left join accounts
        on deals.account_id = accounts.account_id
    where
        deals.is_won
        and not deals.is_deleted
        and deals.closed_at is not null
        and deals.pipeline in ({% for pipeline in pipelines %}'{{ pipeline }}'{{ ', ' if not loop.last }}{% endfor %})

),

won_deal_counts as (

    select
        cast({{ dbt.date_trunc('month', 'closed_at') }} as date) as month,
        channel,
        count(*) as won_deals
    from won_deals
    group by
        cast({{ dbt.date_trunc('month', 'closed_at') }} as date),
        channel

),

first_wins as (

    select
        account_id,
        channel,
        min(closed_at) as first_won_at
    from won_deals
    where account_id is not null
    group by
        account_id,
        channel

),

new_customer_counts as (

    select
        cast({{ dbt.date_trunc('month', 'first_won_at') }} as date) as month,
        channel,
        count(*) as new_customers
    from first_wins
    group by
        cast({{ dbt.date_trunc('month', 'first_won_at') }} as date),
        channel

),

joined as (

    select
        grid.month,
        grid.channel,
        grid.is_paid_media,
        -- a spend row: its amounts (null when one lacks a currency rate or
        -- is quarantined); no
        -- row: 0 for a channel with a cost source, else null (unknown)
        case
            when channel_spend.month is not null then channel_spend.spend
            when cost_sources.channel is not null then 0
        end as spend,
        case
            when channel_spend.month is not null then channel_spend.ad_spend
            when cost_sources.channel is not null then 0
        end as ad_spend,
        case
            when channel_spend.month is not null then channel_spend.marketing_costs
            when cost_sources.channel is not null then 0
        end as marketing_costs,
        cost_sources.channel is not null as has_cost_source,
        coalesce(channel_spend.has_missing_currency_rate, false) as has_missing_currency_rate,
        coalesce(channel_spend.has_quarantined_spend, false) as has_quarantined_spend,
        coalesce(channel_spend.impressions, 0) as impressions,
        coalesce(channel_spend.clicks, 0) as clicks,
        coalesce(visitor_counts.visitors, 0) as visitors,
        coalesce(visitor_counts.visitors_with_form_submission, 0) as visitors_with_form_submission,
        coalesce(stage_counts.leads, 0) as leads,
        coalesce(stage_counts.mqls, 0) as mqls,
        coalesce(stage_counts.sqls, 0) as sqls,
        coalesce(stage_counts.opportunities, 0) as opportunities,
        mql_to_sql_rates.mql_to_sql_rate,
        coalesce(won_deal_counts.won_deals, 0) as won_deals,
        coalesce(new_customer_counts.new_customers, 0) as new_customers,
        cast({{ dbt.dateadd('month', '1', 'grid.month') }} as timestamp) <= as_of.as_of_at as is_complete_month
    from grid
    cross join as_of
    left join channel_spend
        on
            grid.month = channel_spend.month
            and grid.channel = channel_spend.channel
    left join cost_sources
        on grid.channel = cost_sources.channel
    left join visitor_counts
        on
            grid.month = visitor_counts.month
            and grid.channel = visitor_counts.channel
    left join stage_counts
        on
            grid.month = stage_counts.month
            and grid.channel = stage_counts.channel
    left join mql_to_sql_rates
        on
            grid.month = mql_to_sql_rates.cohort_month
            and grid.channel = mql_to_sql_rates.acquisition_channel
    left join won_deal_counts
        on
            grid.month = won_deal_counts.month
            and grid.channel = won_deal_counts.channel
    left join new_customer_counts
        on
            grid.month = new_customer_counts.month
            and grid.channel = new_customer_counts.channel

),

final as (

    select
        -- grain
        month,
        channel,

        -- spend (reporting currency)
        cast(round(spend, 2) as decimal(18, 2)) as spend,
        cast(round(ad_spend, 2) as decimal(18, 2)) as ad_spend,
        cast(round(marketing_costs, 2) as decimal(18, 2)) as marketing_costs,

        -- ad platform measures
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        {{ safe_ratio('clicks', 'impressions') }} as ctr,
        cast({{ round_half_away(safe_ratio('spend', 'clicks'), 4) }} as decimal(18, 4)) as cpc,

        -- website
        cast(visitors as {{ dbt.type_bigint() }}) as visitors,
        cast(visitors_with_form_submission as {{ dbt.type_bigint() }}) as visitors_with_form_submission,
        {{ safe_ratio('visitors_with_form_submission', 'visitors') }} as visit_to_lead_rate,

        -- funnel (acquisition channel of the contact)
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(mqls as {{ dbt.type_bigint() }}) as mqls,
        cast(sqls as {{ dbt.type_bigint() }}) as sqls,
        cast(mql_to_sql_rate as double) as mql_to_sql_rate,
        cast(opportunities as {{ dbt.type_bigint() }}) as opportunities,

        -- deals (acquisition channel of the account)
        cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
        cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,

        -- cost ratios (reporting currency)
        cast({{ round_half_away(safe_ratio('spend', 'leads'), 2) }} as decimal(18, 2)) as cpl,
        cast({{ round_half_away(safe_ratio('spend', 'mqls'), 2) }} as decimal(18, 2)) as cost_per_mql,
        cast({{ round_half_away(safe_ratio('spend', 'sqls'), 2) }} as decimal(18, 2)) as cost_per_sql,
        cast({{ round_half_away(safe_ratio('spend', 'new_customers'), 2) }} as decimal(18, 2)) as cac,

        -- flags
        is_paid_media,
        has_cost_source,
        has_missing_currency_rate,
        has_quarantined_spend,
        is_complete_month,
        not is_complete_month as is_partial_month

    from joined

)

select * from final
