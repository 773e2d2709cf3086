{{ config(materialized='table') }}

with

journeys as (

    select * from {{ ref('int_attribution_journeys_built') }}

),

{{ markov_removal_effect_ctes('journeys') }}

journey_channels as (

    select distinct
        journey_id,
        channel,
        is_converting
    from journeys

),

journeys_by_channel as (

    select
        channel,
        cast(sum(case when is_converting then 1 else 0 end) as {{ dbt.type_bigint() }}) as converting_journeys,
        cast(sum(case when is_converting then 0 else 1 end) as {{ dbt.type_bigint() }}) as null_journeys
    from journey_channels
    group by channel

),

final as (

    select
        markov_removal_effects.channel,
        markov_removal_effects.removal_effect,
        markov_removal_effects.conversion_probability,
        markov_removal_effects.conversion_probability_without_channel,
        markov_removal_effects.unabsorbed_probability,
        journeys_by_channel.converting_journeys,
        journeys_by_channel.null_journeys
    from markov_removal_effects
    inner join journeys_by_channel
        on markov_removal_effects.channel = journeys_by_channel.channel

)

select * from final
