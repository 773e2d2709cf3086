{#- What became of every landed Google Ads row (docs/native-ad-platforms.md):
    campaign_stats rows are summed into one row per day and campaign (the
    first of each counts as emitted, the other ad network x device rows as
    summed into it); rows of the click report are emitted once per click
    id, without a click id dropped, a click id's later rows dropped as
    repeated. Tested by native_rows_accounted: the emitted rows are the
    adapters'. -#}
{%- set clicks_read = 'google_ads' in native_click_platforms() %}
{%- set text = dbt.type_string() %}
{%- set bigint = dbt.type_bigint() %}

with

campaign_stats as (

    select * from {{ source('google_ads', 'campaign_stats') }}

),

days_emitted as (

    select * from {{ ref('native_google_ads__ad_performance_daily') }}

),

{%- if clicks_read %}

click_performance as (

    select * from {{ source('google_ads', 'click_performance') }}

),

clicks_emitted as (

    select * from {{ ref('native_google_ads__ad_clicks') }}

),
{%- endif %}

-- the adapter sums the rows of a campaign's day
stats_classified as (

    select
        case
            when row_number() over (
                partition by substring(cast(date as {{ text }}), 1, 10), cast(id as {{ text }})
                order by cast(_fivetran_synced as {{ text }})
            ) > 1 then 'summed_into_campaign_day'
            else 'emitted'
        end as row_outcome
    from campaign_stats

),

stats_counted as (

    select
        'campaign_stats' as native_table,
        'ad_performance_daily' as contract_table,
        row_outcome,
        count(*) as native_rows,
        (select count(*) from campaign_stats) as landed_rows,
        (select count(*) from days_emitted) as contract_rows
    from stats_classified
    group by row_outcome

),

{%- if clicks_read %}

-- one row per click id, its earliest day
clicks_classified as (

    select
        case
            when gcl_id is null then 'no_click_id'
            when row_number() over (
                partition by cast(gcl_id as {{ text }})
                order by substring(cast(date as {{ text }}), 1, 10)
            ) > 1 then 'repeated_click_id'
            else 'emitted'
        end as row_outcome
    from click_performance

),

clicks_counted as (

    select
        '{{ var("google_ads_click_table") }}' as native_table,
        'ad_clicks' as contract_table,
        row_outcome,
        count(*) as native_rows,
        (select count(*) from click_performance) as landed_rows,
        (select count(*) from clicks_emitted) as contract_rows
    from clicks_classified
    group by row_outcome

),
{%- endif %}

final as (

    {% for part in ['stats'] + (['clicks'] if clicks_read else []) %}
    select
        'google_ads' as native_source,
        native_table,
        contract_table,
        row_outcome,
        cast(native_rows as {{ bigint }}) as native_rows,
        cast(landed_rows as {{ bigint }}) as landed_rows,
        cast(contract_rows as {{ bigint }}) as contract_rows
    from {{ part }}_counted
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
