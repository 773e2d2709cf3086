with

removal_effects as (

    select * from {{ ref('int_markov_removal_effects_computed') }}

),

-- rounded to `attribution_float_decimals`: the chain's sums of doubles differ
-- in their last bits between runs; rounded, every build of the same input
-- gives the same figures
rounded as (

    select
        channel,
        converting_journeys,
        null_journeys,
        round(removal_effect, {{ var('attribution_float_decimals') }}) as removal_effect,
        round(conversion_probability, {{ var('attribution_float_decimals') }}) as conversion_probability,
        round(
            conversion_probability_without_channel, {{ var('attribution_float_decimals') }}
        ) as conversion_probability_without_channel,
        round(unabsorbed_probability, {{ var('attribution_float_decimals') }}) as unabsorbed_probability
    from removal_effects

),

final as (

    select
        -- keys
        channel,

        -- removal effect and its share
        removal_effect,
        round(
            removal_effect / nullif(sum(removal_effect) over (), 0), {{ var('attribution_float_decimals') }}
        ) as attribution_share,

        -- journeys through the channel
        converting_journeys,
        null_journeys,

        -- the absorbing chain
        conversion_probability,
        conversion_probability_without_channel,
        unabsorbed_probability

    from rounded

)

select * from final
