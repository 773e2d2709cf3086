{#-
    Exact first-order Markov removal effects, as CTEs.

    `journeys` names a relation or CTE with one row per step:
    (journey_id, step_number, channel, is_converting). Each journey is a path
    of channels ending in conversion (is_converting) or in null.

    States: `(start)`, every channel, `(conversion)` and `(null)` (the names in
    parentheses cannot collide with a channel of the channel set). Transition
    probabilities come from counts of consecutive steps: start -> first
    channel, channel -> next channel (repeats are self-loops), last channel ->
    conversion or null; each state's row is normalised by all its outgoing
    transitions, null ones included.

    P(conversion) = the probability that the chain started in `(start)` is
    absorbed in `(conversion)`. It is computed exactly by repeated squaring of
    the transition matrix with both absorbing states kept absorbing:
    M_0 = P, M_{i+1} = M_i x M_i, so M_k = P^(2^k) and its (start, conversion)
    entry is the probability of converting within 2^k steps. Squaring k times
    takes k self-joins of a matrix of at most (channels + 3)^2 entries per
    scenario: nothing here scales with the number of journeys except the
    transition counting. Stop criterion: `squarings` (var
    `attribution_markov_squarings`) is fixed at compile time; the probability
    still in transient states after 2^k steps is returned as
    `unabsorbed_probability` and a test fails when it exceeds the var
    `attribution_markov_max_unabsorbed`. Errors only grow while the transient
    part has not died out (a factor of at most 2 per squaring then), and not
    afterwards, so the result agrees with a linear solve of (I - Q) x = r to
    about 1e-13. Every sum of products is added exactly (`exact_sum`: each
    product to 22 decimals, a decimal total), so the result does not depend
    on the order the engine adds the rows in and every build of the same
    journeys gives the same doubles to the last bit. Each squaring reads the
    previous matrix twice: DuckDB
    materializes a CTE read twice (30 squarings run in milliseconds). Spark
    inlines CTEs, so a chain of k squarings would copy the plan 2^k times;
    there (adapter.dispatch, `spark__`) M_0 becomes one dense array of rows
    per scenario, squared k times inside a single expression (higher-order
    functions), so the plan keeps a fixed size. Both implementations share
    the SQL before and after the squarings (`markov_matrix_0_ctes`,
    `markov_result_ctes`).

    Removal of channel c (one scenario per channel, carried as the
    `removed_channel` column through the same joins; `(none)` is the full
    chain): every transition into c goes to `(null)` instead, c's own row is
    dropped (it is unreachable). RE(c) = 1 - P(conversion | c removed) /
    P(conversion), null when P(conversion) = 0 (no converting journey).
    Removing a state can only lower P(conversion), so RE is in [0, 1]; the
    result is clamped at 0 against rounding noise of the order of 1e-16.

    Emits CTEs, each followed by a comma, the last one being
    `markov_removal_effects`: one row per channel with channel,
    conversion_probability (full chain), conversion_probability_without_channel,
    removal_effect, unabsorbed_probability (the larger of the two scenarios').
-#}
{% macro markov_removal_effect_ctes(journeys, squarings=none) -%}
    {{ return(adapter.dispatch('markov_removal_effect_ctes', 'revenue_analytics')(journeys, markov_squarings(squarings))) }}
{%- endmacro %}

{#- DuckDB (and any engine that materializes a CTE read twice): the whole
    computation as one chain of CTEs. -#}
{% macro default__markov_removal_effect_ctes(journeys, squarings) -%}
{{ markov_matrix_0_ctes(journeys) }},
{%- for i in range(1, squarings + 1) %}

markov_matrix_{{ i }} as (

    -- P^(2^{{ i }}) = P^(2^{{ i - 1 }}) x P^(2^{{ i - 1 }}){% if loop.last %}, start row only{% endif %}
    {{ markov_squaring_select('markov_matrix_' ~ (i - 1), start_row_only=loop.last) | indent(4) }}

),
{%- endfor %}

{{ markov_result_ctes('markov_matrix_' ~ squarings) }}
{%- endmacro %}

{#- Spark inlines every CTE at each reference, so a chain of squarings each
    reading the previous CTE twice has a plan of 2^k copies. Here M_0 is
    turned into one dense matrix per scenario (an array of rows, states
    numbered per scenario) and squared k times inside a single expression
    (higher-order functions `aggregate` and `transform`): the plan has a
    fixed size whatever k is, nothing is written outside the model's query,
    and it also runs in unit tests (fixture CTEs). The matrix product is the
    same sum of products as the default's join, over every state index
    (zeros included) instead of the non-zero entries; only the order of the
    additions differs (rounding of the order of 1e-16). The order is fixed
    (state index), so the result is the same on every build. -#}
{% macro spark__markov_removal_effect_ctes(journeys, squarings) -%}
{{ markov_matrix_0_ctes(journeys) }},

markov_states as (

    select
        removed_channel,
        from_state as state_name
    from markov_matrix_0

    union

    select
        removed_channel,
        to_state as state_name
    from markov_matrix_0

),

markov_states_indexed as (

    select
        removed_channel,
        state_name,
        cast(
            row_number() over (partition by removed_channel order by state_name) - 1 as int
        ) as state_index,
        cast(count(*) over (partition by removed_channel) as int) as state_count
    from markov_states

),

markov_matrix_entries as (

    select
        matrix.removed_channel,
        from_states.state_count,
        from_states.state_index * from_states.state_count + to_states.state_index as entry_index,
        matrix.probability
    from markov_matrix_0 as matrix
    inner join markov_states_indexed as from_states
        on
            matrix.removed_channel = from_states.removed_channel
            and matrix.from_state = from_states.state_name
    inner join markov_states_indexed as to_states
        on
            matrix.removed_channel = to_states.removed_channel
            and matrix.to_state = to_states.state_name

),

markov_matrix_entries_by_scenario as (

    select
        removed_channel,
        state_count,
        map_from_entries(collect_list(struct(entry_index, probability))) as entries
    from markov_matrix_entries
    group by removed_channel, state_count

),

markov_matrix_dense as (

    -- M_0 as rows of a dense state_count x state_count array, missing entries 0
    select
        removed_channel,
        state_count,
        transform(
            sequence(0, state_count - 1),
            row_index -> transform(
                sequence(0, state_count - 1),
                column_index -> coalesce(
                    try_element_at(entries, row_index * state_count + column_index),
                    cast(0 as double)
                )
            )
        ) as matrix
    from markov_matrix_entries_by_scenario

),

markov_matrix_dense_squared as (

    -- P^(2^{{ squarings }}): M <- M x M, {{ squarings }} times
    select
        removed_channel,
        aggregate(
            sequence(1, {{ squarings }}),
            matrix,
            (power, squaring) -> transform(
                power,
                power_row -> transform(
                    sequence(0, state_count - 1),
                    column_index -> aggregate(
                        sequence(0, state_count - 1),
                        cast(0 as double),
                        (total, middle_index) -> total
                        + power_row[middle_index] * power[middle_index][column_index]
                    )
                )
            )
        ) as matrix
    from markov_matrix_dense

),

markov_matrix_squared as (

    -- the (start) row of P^(2^{{ squarings }}) as entries, like the default's last CTE
    select
        squared.removed_channel,
        start_states.state_name as from_state,
        to_states.state_name as to_state,
        squared.matrix[start_states.state_index][to_states.state_index] as probability
    from markov_matrix_dense_squared as squared
    inner join markov_states_indexed as start_states
        on
            squared.removed_channel = start_states.removed_channel
            and start_states.state_name = '(start)'
    inner join markov_states_indexed as to_states
        on squared.removed_channel = to_states.removed_channel

),

{{ markov_result_ctes('markov_matrix_squared') }}
{%- endmacro %}

{#- The number of squarings: the argument, else the var
    `attribution_markov_squarings`; at least 1. -#}
{% macro markov_squarings(squarings=none) -%}
{%- set squarings = (squarings if squarings is not none else var('attribution_markov_squarings')) | int -%}
{%- if squarings < 1 -%}
    {%- do exceptions.raise_compiler_error("attribution_markov_squarings must be at least 1, got " ~ squarings) -%}
{%- endif -%}
{{ return(squarings) }}
{%- endmacro %}

{#- Transition counts, probabilities, removal scenarios and M_0 = P per
    scenario, as CTEs (the last one `markov_matrix_0`, no trailing comma). -#}
{% macro markov_matrix_0_ctes(journeys) -%}
markov_steps as (

    select
        journey_id,
        channel,
        is_converting,
        row_number() over (
            partition by journey_id order by step_number
        ) as step_rank,
        lead(channel) over (
            partition by journey_id order by step_number
        ) as next_channel
    from {{ journeys }}

),

markov_transitions_observed as (

    select
        '(start)' as from_state,
        channel as to_state
    from markov_steps
    where step_rank = 1

    union all

    select
        channel as from_state,
        case
            when next_channel is not null then next_channel
            when is_converting then '(conversion)'
            else '(null)'
        end as to_state
    from markov_steps

),

markov_transition_counts as (

    select
        from_state,
        to_state,
        count(*) as transitions
    from markov_transitions_observed
    group by from_state, to_state

),

markov_transition_probabilities as (

    select
        from_state,
        to_state,
        cast(transitions as double)
        / sum(transitions) over (partition by from_state) as probability
    from markov_transition_counts

),

markov_scenarios as (

    select '(none)' as removed_channel

    union all

    select distinct from_state as removed_channel
    from markov_transition_counts
    where from_state <> '(start)'

),

markov_absorbing_states as (

    select '(conversion)' as state_name

    union all

    select '(null)' as state_name

),

markov_matrix_0 as (

    select
        scenarios.removed_channel,
        probabilities.from_state,
        case
            when probabilities.to_state = scenarios.removed_channel then '(null)'
            else probabilities.to_state
        end as to_state,
        -- at most two terms (the state's own transition to null and the one
        -- into the removed channel): a + b = b + a, no order to depend on
        sum(probabilities.probability) as probability
    from markov_scenarios as scenarios
    cross join markov_transition_probabilities as probabilities
    where probabilities.from_state <> scenarios.removed_channel
    group by
        scenarios.removed_channel,
        probabilities.from_state,
        case
            when probabilities.to_state = scenarios.removed_channel then '(null)'
            else probabilities.to_state
        end

    union all

    select
        scenarios.removed_channel,
        absorbing.state_name as from_state,
        absorbing.state_name as to_state,
        cast(1 as double) as probability
    from markov_scenarios as scenarios
    cross join markov_absorbing_states as absorbing

)
{%- endmacro %}

{#- One squaring: the select of M x M from `previous` (a CTE or table with
    removed_channel, from_state, to_state, probability); with
    `start_row_only` only the `(start)` row of the product. -#}
{% macro markov_squaring_select(previous, start_row_only=false) -%}
select
    earlier.removed_channel,
    earlier.from_state,
    later.to_state,
    -- added exactly: the same double whatever order the rows come in
    {{ exact_sum('earlier.probability * later.probability') }} as probability
from {{ previous }} as earlier
inner join {{ previous }} as later
    on
        earlier.removed_channel = later.removed_channel
        and earlier.to_state = later.from_state
{%- if start_row_only %}
where earlier.from_state = '(start)'
{%- endif %}
group by
    earlier.removed_channel,
    earlier.from_state,
    later.to_state
{%- endmacro %}

{#- From the last matrix (its `(start)` row), the CTEs markov_absorption,
    markov_full_chain and markov_removal_effects, each followed by a comma. -#}
{% macro markov_result_ctes(last_matrix) -%}
markov_absorption as (

    select
        removed_channel,
        -- one (start, conversion) entry per scenario: no order to depend on
        sum(
            case when to_state = '(conversion)' then probability else 0 end
        ) as conversion_probability,
        -- several transient states: added exactly (order-independent)
        {{ exact_sum("case when to_state in ('(conversion)', '(null)') then 0 else probability end") }}
            as unabsorbed_probability
    from {{ last_matrix }}
    where from_state = '(start)'
    group by removed_channel

),

markov_full_chain as (

    select
        conversion_probability,
        unabsorbed_probability
    from markov_absorption
    where removed_channel = '(none)'

),

markov_removal_effects as (

    select
        removed.removed_channel as channel,
        full_chain.conversion_probability,
        removed.conversion_probability as conversion_probability_without_channel,
        case
            when full_chain.conversion_probability > 0
                then greatest(
                    cast(0 as double),
                    1 - removed.conversion_probability / full_chain.conversion_probability
                )
        end as removal_effect,
        greatest(
            removed.unabsorbed_probability, full_chain.unabsorbed_probability
        ) as unabsorbed_probability
    from markov_absorption as removed
    cross join markov_full_chain as full_chain
    where removed.removed_channel <> '(none)'

),
{%- endmacro %}

