{#- The select of int_touchpoints_sequenced (see the model for what a row
    is), over the union's touches of `scope`:
    - 'all': every touch (a full build);
    - 'not_settled': the touches that are not settled (the fingerprints the
      incremental pre-hook compares with the table; a settled touch is
      fingerprinted from its union row, `sequenced_expected_sql`);
    - 'write': the touches of the dates the incremental run writes
      (`touch_dates_to_write_sql`), each account with a touch on those dates
      numbered over all of its touches.
    One macro for all three, so that what is compared is what is written. -#}
{% macro touchpoints_sequenced_sql(scope='all') -%}

{%- set event_activity_types = "'" ~ (var('event_activity_types') | join("', '")) ~ "'" %}
{%- set channel_attribute_columns = touch_channel_attributes() %}

with
{%- if scope == 'write' %}

-- the dates to write: those of the union that the table no longer holds
-- (the pre-hook deleted the dates whose rows changed)
dates_to_write as (

    {{ touch_dates_to_write_sql(
        "select " ~ touch_date('occurred_at') ~ " as touch_date from " ~ ref('int_touchpoints_unioned')) }}

),

-- the accounts with a touch on those dates, numbered whole
accounts_to_write as (

    select distinct account_id
    from {{ ref('int_touchpoints_unioned') }}
    where
        account_id is not null
        and {{ touch_date('occurred_at') }} in (select touch_date from dates_to_write)

),
{%- endif %}

-- read by both numbering branches below, not copied into memory first
touchpoints as {{ cte_not_materialized() }} (

    select * from {{ ref('int_touchpoints_unioned') }}
    {%- if scope == 'write' %}
    where
        {{ touch_date('occurred_at') }} in (select touch_date from dates_to_write)
        or account_id in (select account_id from accounts_to_write)
    {%- elif scope == 'not_settled' %}
    where not {{ is_settled_touch() }}
    {%- endif %}

),

-- the few hundred attribute combinations with their channel
channel_attributes as (

    select * from {{ ref('int_channel_attributes_classified') }}

),

-- the channel rules and company domains, hashed (macros/incremental/touch_partitions.sql)
classification_version as (

    {{ settled_classification_version_sql() }}

),

-- each branch below classifies only its own rows (the account filter is
-- applied to the touchpoints before the join)
classified as {{ cte_not_materialized() }} (

    select
        touchpoints.touchpoint_id,
        touchpoints.account_id,
        touchpoints.contact_id,
        touchpoints.anonymous_id,
        touchpoints.touch_type,
        case
            when touchpoints.touch_type <> 'activity' then 'marketing'
            when touchpoints.activity_type in ({{ event_activity_types }}) then 'event'
            else 'sales'
        end as touch_category,
        channel_attributes.channel,
        channel_attributes.channel_rule_order,
        case
            when touchpoints.touch_type = 'activity' then 'crm'
            else coalesce(
                touchpoints.utm_source,
                touchpoints.platform,
                touchpoints.origin_source,
                case
                    when not coalesce({{ is_company_domain('touchpoints.referrer_domain') }}, false)
                        then touchpoints.referrer_domain
                end
            )
        end as source,
        coalesce(touchpoints.campaign_id, touchpoints.utm_campaign) as campaign,
        touchpoints.occurred_at,
        touchpoints.platform,
        touchpoints.campaign_id,
        touchpoints.campaign_name,
        touchpoints.form_name,
        touchpoints.submission_id,
        touchpoints.activity_type,
        touchpoints.click_id,
        touchpoints.session_id,
        touchpoints.session_page_views,
        touchpoints.is_click_session_merged,
        case
            when {{ is_settled_touch('touchpoints.') }}
                then {{ settled_union_hash('touchpoints.', ['classification_version.classification_version']) }}
        end as settled_touch_hash
    from touchpoints
    cross join classification_version
    inner join channel_attributes
        on
            (touchpoints.click_id is not null) = channel_attributes.has_click_id
            {%- for column in channel_attribute_columns %}
            and touchpoints.{{ column }} is not distinct from channel_attributes.{{ column }}
            {%- endfor %}

),

-- numbered within their account; the anonymous touchpoints (most of them)
-- stay out of the window, where they would form one huge null partition
-- sorted by a single thread. The running minimum under the same order is
-- the account's first touch (one sort for both).
account_touchpoints as (

    select
        *,
        row_number() over (
            partition by account_id
            order by occurred_at, touchpoint_id
        ) as account_touch_number,
        min(occurred_at) over (
            partition by account_id
            order by occurred_at, touchpoint_id
            rows between unbounded preceding and current row
        ) as account_first_touch_at
    from classified
    where account_id is not null

),

anonymous_touchpoints as (

    select
        *,
        cast(null as {{ dbt.type_bigint() }}) as account_touch_number,
        cast(null as {{ dbt.type_timestamp() }}) as account_first_touch_at
    from classified
    where account_id is null

),

numbered as (

    select * from account_touchpoints
    union all
    select * from anonymous_touchpoints

),

final as (

    select
        -- ids
        touchpoint_id,
        account_id,
        contact_id,
        anonymous_id,

        -- classification
        touch_type,
        touch_category,
        channel,
        channel_rule_order,
        source,
        campaign,

        -- timeline
        occurred_at,
        cast(account_touch_number as {{ dbt.type_bigint() }}) as account_touch_number,
        {{ days_between('account_first_touch_at', 'occurred_at') }} as days_since_account_first_touch,

        -- details
        platform,
        campaign_id,
        campaign_name,
        form_name,
        submission_id,
        activity_type,
        click_id,
        session_id,
        cast(session_page_views as {{ dbt.type_bigint() }}) as session_page_views,
        is_click_session_merged,

        -- bookkeeping: the union row's hash, for settled touches
        settled_touch_hash

    from numbered
    {%- if scope == 'write' %}
    where {{ touch_date('occurred_at') }} in (select touch_date from dates_to_write)
    {%- endif %}

)

select * from final
{%- endmacro %}
