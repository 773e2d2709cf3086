{#- LinkedIn Ads campaign analytics as the contract's ad_performance_daily,
    every column as text: one row per day and campaign, spend = the cost in
    the ad account's local currency with that account's currency (not the
    cost in USD: every platform converts through the seed currency_rates),
    the campaign's name and account from its latest active version, the
    currency from the account's latest active version, extracted_at = the
    latest sync of the day's rows. LinkedIn has no campaign type here. #}
{%- set text = dbt.type_string() %}

with

analytics as (

    select * from {{ source('linkedin_ads', 'ad_analytics_by_campaign') }}

),

campaign_history as (

    select * from {{ source('linkedin_ads', 'campaign_history') }}

),

account_history as (

    select * from {{ source('linkedin_ads', 'account_history') }}

),

-- the latest active version of each campaign names it and gives its account
campaigns_ranked as (

    select
        cast(id as {{ text }}) as campaign_id,
        cast(name as {{ text }}) as campaign_name,
        cast(account_id as {{ text }}) as account_id,
        {{ latest_version_number('id', 'last_modified_time', 'name') }} as version_rank
    from campaign_history
    where {{ fivetran_active_version() }}

),

campaigns as (

    select
        campaign_id,
        campaign_name,
        account_id
    from campaigns_ranked
    where version_rank = 1

),

-- the latest active version of each account gives its currency
accounts_ranked as (

    select
        cast(id as {{ text }}) as account_id,
        cast(currency as {{ text }}) as currency,
        {{ latest_version_number('id', 'last_modified_time', 'currency') }} as version_rank
    from account_history
    where {{ fivetran_active_version() }}

),

accounts as (

    select
        account_id,
        currency
    from accounts_ranked
    where version_rank = 1

),

-- one row per day and campaign (`day` is a timestamp at midnight)
daily as (

    select
        substring(cast(day as {{ text }}), 1, 10) as report_date,
        cast(campaign_id as {{ text }}) as campaign_id,
        {{ native_measure_sum('impressions', dbt.type_bigint()) }} as impressions,
        {{ native_measure_sum('clicks', dbt.type_bigint()) }} as clicks,
        {{ native_measure_sum('cost_in_local_currency', 'decimal(38, 6)') }} as spend,
        max({{ parse_timestamp_utc('cast(_fivetran_synced as ' ~ text ~ ')') }}) as extracted_at
    from analytics
    group by
        substring(cast(day as {{ text }}), 1, 10),
        cast(campaign_id as {{ text }})

),

final as (

    select
        daily.report_date,
        'linkedin_ads' as platform,
        daily.campaign_id,
        campaigns.campaign_name,
        daily.impressions,
        daily.clicks,
        daily.spend,
        accounts.currency,
        cast(daily.extracted_at as {{ text }}) as extracted_at,
        cast(null as {{ text }}) as campaign_type,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from daily
    left join campaigns
        on daily.campaign_id = campaigns.campaign_id
    left join accounts
        on campaigns.account_id = accounts.account_id

)

select * from final
