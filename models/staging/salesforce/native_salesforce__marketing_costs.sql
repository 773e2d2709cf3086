{#- Salesforce campaigns' actual costs as the contract's marketing_costs: the
    whole cost in the campaign's start month, on the channel seed
    salesforce_campaign_types gives its type. Types without a channel (ads,
    whose spend the ad platforms report) and types not listed give no cost. #}
{%- set text = dbt.type_string() %}

with

campaign as (

    select * from {{ source('salesforce', 'campaign') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

campaign_types as (

    select * from {{ ref('salesforce_campaign_types') }}

),

final as (

    select
        substring(cast(campaign.start_date as {{ text }}), 1, 7) || '-01' as cost_month,
        campaign_types.channel,
        cast(campaign.name as {{ text }}) as campaign,
        cast(campaign.actual_cost as {{ text }}) as cost,
        coalesce(
            cast(campaign.currency_iso_code as {{ text }}), '{{ var("salesforce_default_currency") }}'
        ) as currency,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from campaign
    inner join campaign_types on lower(trim(cast(campaign.type as {{ text }}))) = campaign_types.campaign_type
    where
        not {{ parse_bool('cast(campaign.is_deleted as ' ~ text ~ ')') }}
        and campaign_types.channel is not null
        and {{ try_cast('cast(campaign.actual_cost as ' ~ text ~ ')', 'decimal(18, 4)') }} > 0

)

select * from final
