{%- set decimals = var('attribution_float_decimals') | int -%}

with

removal_effects as (

    select * from {{ ref('int_markov_removal_effects_computed') }}

),

-- rounded to `attribution_float_decimals` (12), halves away from zero
-- (round_half_away: the same double on DuckDB and Spark). The chain's sums
-- are added exactly (exact_sum), so the figures are the same on every build
-- of the same input; rounded, they also agree between engines, whose
-- matrix products add in different orders (~1e-16 apart)
rounded as (

    select
        channel,
        converting_journeys,
        null_journeys,
        {{ round_half_away('removal_effect', decimals) }} as removal_effect,
        {{ round_half_away('conversion_probability', decimals) }} as conversion_probability,
        {{ round_half_away('conversion_probability_without_channel', decimals) }}
            as conversion_probability_without_channel,
        {{ round_half_away('unabsorbed_probability', decimals) }} as unabsorbed_probability
    from removal_effects

),

final as (

    select
        -- keys
        channel,

        -- removal effect and its share
        removal_effect,
        -- over the rounded effects, added exactly (to their 12 decimals: no
        -- order dependence), then rounded to 12 decimals
        {{ round_half_away(
            'removal_effect / nullif(' ~ exact_sum('removal_effect', decimals, over='') ~ ', 0)', decimals
        ) }} as attribution_share,

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
