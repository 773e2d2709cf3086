{#- What became of every landed LinkedIn Ads row (docs/native-ad-platforms.md):
    the rows of ad_analytics_by_campaign are summed into one row per day and
    campaign (the first of each counts as emitted, the others as summed into
    it). Tested by native_rows_accounted: the emitted rows are the adapter's. -#}
{%- set text = dbt.type_string() %}
{%- set bigint = dbt.type_bigint() %}

with

analytics as (

    select * from {{ source('linkedin_ads', 'ad_analytics_by_campaign') }}

),

days_emitted as (

    select * from {{ ref('native_linkedin_ads__ad_performance_daily') }}

),

-- the adapter sums the rows of a campaign's day
classified as (

    select
        case
            when row_number() over (
                partition by substring(cast(day as {{ text }}), 1, 10), cast(campaign_id as {{ text }})
                order by cast(_fivetran_synced as {{ text }})
            ) > 1 then 'summed_into_campaign_day'
            else 'emitted'
        end as row_outcome
    from analytics

),

counted as (

    select
        row_outcome,
        count(*) as native_rows,
        (select count(*) from analytics) as landed_rows,
        (select count(*) from days_emitted) as contract_rows
    from classified
    group by row_outcome

),

final as (

    select
        'linkedin_ads' as native_source,
        'ad_analytics_by_campaign' as native_table,
        'ad_performance_daily' as contract_table,
        row_outcome,
        cast(native_rows as {{ bigint }}) as native_rows,
        cast(landed_rows as {{ bigint }}) as landed_rows,
        cast(contract_rows as {{ bigint }}) as contract_rows
    from counted

)

select * from final
