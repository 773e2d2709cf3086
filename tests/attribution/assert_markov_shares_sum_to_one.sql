-- The data-driven shares of the channels sum to 1 (within 1e-9) whenever a
-- journey converts, every removal effect is in [0, 1], and the squared
-- transition matrix has converged: the probability still in transient states
-- after 2^k steps is below `attribution_markov_max_unabsorbed`.
with

removal_effects as (

    select * from {{ ref('rpt_markov_removal_effects') }}

),

totals as (

    select
        sum(attribution_share) as share_sum,
        sum(removal_effect) as removal_effect_sum,
        min(removal_effect) as min_removal_effect,
        max(removal_effect) as max_removal_effect,
        max(unabsorbed_probability) as max_unabsorbed_probability
    from removal_effects

),

final as (

    select *
    from totals
    where
        (removal_effect_sum > 0 and abs(share_sum - 1) > 1e-9)
        or min_removal_effect < 0
        or max_removal_effect > 1
        or max_unabsorbed_probability > {{ var('attribution_markov_max_unabsorbed') }}

)

select * from final
