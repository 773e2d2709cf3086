{#- Google Ads campaign stats as the contract's ad_performance_daily, every
    column as text: one row per day and campaign (the network x device rows
    summed), spend = cost_micros / 1,000,000 in the ad account's currency,
    the campaign's name and type (advertising_channel_type) from its latest
    active version, the currency from the account's latest active version,
    extracted_at = the latest sync of the day's rows (Fivetran upserts a
    restated day in place). #}
{%- set text = dbt.type_string() %}

with

campaign_stats as (

    select * from {{ source('google_ads', 'campaign_stats') }}

),

campaign_history as (

    select * from {{ source('google_ads', 'campaign_history') }}

),

account_history as (

    select * from {{ source('google_ads', 'account_history') }}

),

-- the latest active version of each campaign names it
campaigns_ranked as (

    select
        cast(id as {{ text }}) as campaign_id,
        cast(name as {{ text }}) as campaign_name,
        cast(advertising_channel_type as {{ text }}) as campaign_type,
        {{ latest_version_number('id', 'updated_at', 'name') }} as version_rank
    from campaign_history
    where {{ fivetran_active_version() }}

),

campaigns as (

    select
        campaign_id,
        campaign_name,
        campaign_type
    from campaigns_ranked
    where version_rank = 1

),

-- the latest active version of each account gives its currency
accounts_ranked as (

    select
        cast(id as {{ text }}) as account_id,
        cast(currency_code as {{ text }}) as currency,
        {{ latest_version_number('id', 'updated_at', 'currency_code') }} as version_rank
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

-- one row per day and campaign: the ad network x device rows summed
daily as (

    select
        substring(cast(date as {{ text }}), 1, 10) as report_date,
        cast(id as {{ text }}) as campaign_id,
        min(cast(customer_id as {{ text }})) as account_id,
        {{ native_measure_sum('impressions', dbt.type_bigint()) }} as impressions,
        {{ native_measure_sum('clicks', dbt.type_bigint()) }} as clicks,
        -- cost in micros of the account's currency
        {{ native_measure_sum('cost_micros', 'decimal(38, 0)', '0.000001', 'decimal(38, 6)') }} as spend,
        max({{ parse_timestamp_utc('cast(_fivetran_synced as ' ~ text ~ ')') }}) as extracted_at
    from campaign_stats
    group by
        substring(cast(date as {{ text }}), 1, 10),
        cast(id as {{ text }})

),

final as (

    select
        daily.report_date,
        'google_ads' as platform,
        daily.campaign_id,
        campaigns.campaign_name,
        daily.impressions,
        daily.clicks,
        daily.spend,
        accounts.currency,
        cast(daily.extracted_at as {{ text }}) as extracted_at,
        campaigns.campaign_type,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from daily
    left join campaigns
        on daily.campaign_id = campaigns.campaign_id
    left join accounts
        on daily.account_id = accounts.account_id

)

select * from final
