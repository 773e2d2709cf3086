{#- What became of every landed Meta Ads row (docs/native-ad-platforms.md):
    basic_ad has a row per ad and day; the adapter sums the ads of a
    campaign's day (the campaign from the ad's latest active version), so
    the first row of each campaign's day counts as emitted and the others
    as summed into it (an ad without a version has no campaign: its rows
    form a day row without a campaign, which staging rejects). Tested by
    native_rows_accounted: the emitted rows are the adapter's. -#}
{%- set text = dbt.type_string() %}
{%- set bigint = dbt.type_bigint() %}

with

basic_ad as (

    select * from {{ source('meta_ads', 'basic_ad') }}

),

ad_history as (

    select * from {{ source('meta_ads', 'ad_history') }}

),

days_emitted as (

    select * from {{ ref('native_meta_ads__ad_performance_daily') }}

),

-- the latest active version of each ad gives its campaign, as in the adapter
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

classified as (

    select
        case
            when row_number() over (
                partition by substring(cast(basic_ad.date as {{ text }}), 1, 10), ads.campaign_id
                order by cast(basic_ad.ad_id as {{ text }}), cast(basic_ad._fivetran_synced as {{ text }})
            ) > 1 then 'summed_into_campaign_day'
            else 'emitted'
        end as row_outcome
    from basic_ad
    left join ads
        on cast(basic_ad.ad_id as {{ text }}) = ads.ad_id

),

counted as (

    select
        row_outcome,
        count(*) as native_rows,
        (select count(*) from basic_ad) as landed_rows,
        (select count(*) from days_emitted) as contract_rows
    from classified
    group by row_outcome

),

final as (

    select
        'meta_ads' as native_source,
        'basic_ad' as native_table,
        'ad_performance_daily' as contract_table,
        row_outcome,
        cast(native_rows as {{ bigint }}) as native_rows,
        cast(landed_rows as {{ bigint }}) as landed_rows,
        cast(contract_rows as {{ bigint }}) as contract_rows
    from counted

)

select * from final
