{#- Meta (Facebook / Instagram) Ads daily ad figures as the contract's
    ad_performance_daily, every column as text. basic_ad has no campaign:
    each ad's latest active version (ad_history) gives it; the ads of a
    campaign and day are summed (clicks = link clicks). The campaign's name
    from its latest active version, the currency from the ad account's
    latest active version (the latest sync: Meta's account history has no
    modification time), extracted_at = the latest sync of the day's rows.
    An ad without a history row has no campaign: its day is kept with a
    null campaign id, which staging rejects (counted, not dropped). Meta
    has no campaign type here. #}
{%- set text = dbt.type_string() %}

with

basic_ad as (

    select * from {{ source('meta_ads', 'basic_ad') }}

),

ad_history as (

    select * from {{ source('meta_ads', 'ad_history') }}

),

campaign_history as (

    select * from {{ source('meta_ads', 'campaign_history') }}

),

account_history as (

    select * from {{ source('meta_ads', 'account_history') }}

),

-- the latest active version of each ad gives its campaign
ads_ranked as (

    select
        cast(id as {{ text }}) as ad_id,
        cast(campaign_id as {{ text }}) as campaign_id,
        {{ latest_version_number('id', 'updated_time', 'campaign_id') }} as version_rank
    from ad_history
    where {{ fivetran_active_version() }}

),

ads as (

    select
        ad_id,
        campaign_id
    from ads_ranked
    where version_rank = 1

),

-- the latest active version of each campaign names it
campaigns_ranked as (

    select
        cast(id as {{ text }}) as campaign_id,
        cast(name as {{ text }}) as campaign_name,
        {{ latest_version_number('id', 'updated_time', 'name') }} as version_rank
    from campaign_history
    where {{ fivetran_active_version() }}

),

campaigns as (

    select
        campaign_id,
        campaign_name
    from campaigns_ranked
    where version_rank = 1

),

-- the latest active version of each account gives its currency
accounts_ranked as (

    select
        cast(id as {{ text }}) as account_id,
        cast(currency as {{ text }}) as currency,
        {{ latest_version_number('id', '_fivetran_synced', 'currency') }} as version_rank
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

-- one row per day and campaign: the campaign's ads summed
daily as (

    select
        substring(cast(basic_ad.date as {{ text }}), 1, 10) as report_date,
        ads.campaign_id,
        min(cast(basic_ad.account_id as {{ text }})) as account_id,
        {{ native_measure_sum('basic_ad.impressions', dbt.type_bigint()) }} as impressions,
        {{ native_measure_sum('basic_ad.inline_link_clicks', dbt.type_bigint()) }} as clicks,
        {{ native_measure_sum('basic_ad.spend', 'decimal(38, 6)') }} as spend,
        max({{ parse_timestamp_utc('cast(basic_ad._fivetran_synced as ' ~ text ~ ')') }}) as extracted_at
    from basic_ad
    left join ads
        on cast(basic_ad.ad_id as {{ text }}) = ads.ad_id
    group by
        substring(cast(basic_ad.date as {{ text }}), 1, 10),
        ads.campaign_id

),

final as (

    select
        daily.report_date,
        'meta_ads' as platform,
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
        on daily.account_id = accounts.account_id

)

select * from final
