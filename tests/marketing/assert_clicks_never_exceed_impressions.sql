{#- Clicks never exceed impressions, per report day, per campaign month and
    per channel month (staging rejects report rows where they do; this
    guards the aggregations). Returns the offending rows. -#}

with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted') }}

),

campaign_metrics as (

    select * from {{ ref('rpt_campaign_metrics_monthly') }}

),

channel_metrics as (

    select * from {{ ref('rpt_channel_metrics_monthly') }}

),

offending as (

    select
        'int_ad_spend_converted' as model_name,
        report_month as month,
        {{ dbt.concat(['platform', "':'", 'campaign_id', "':'", 'cast(report_date as ' ~ dbt.type_string() ~ ')']) }}
            as row_key,
        impressions,
        clicks
    from ad_spend
    where clicks > impressions
    union all
    select
        'rpt_campaign_metrics_monthly' as model_name,
        month,
        {{ dbt.concat(['platform', "':'", 'campaign_id']) }} as row_key,
        impressions,
        clicks
    from campaign_metrics
    where clicks > impressions
    union all
    select
        'rpt_channel_metrics_monthly' as model_name,
        month,
        channel as row_key,
        impressions,
        clicks
    from channel_metrics
    where clicks > impressions

)

select * from offending
