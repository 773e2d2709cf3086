with

removal_effects as (

    select * from {{ ref('int_markov_removal_effects_computed') }}

),

final as (

    select
        -- keys
        channel,

        -- removal effect and its share
        removal_effect,
        removal_effect / nullif(sum(removal_effect) over (), 0) as attribution_share,

        -- journeys through the channel
        converting_journeys,
        null_journeys,

        -- the absorbing chain
        conversion_probability,
        conversion_probability_without_channel,
        unabsorbed_probability

    from removal_effects

)

select * from final
