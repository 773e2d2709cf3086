{{ config(severity='warn') }}

{#- Every rule of seed channel_rules is exercised by at least one worked
    example (macro channel_rule_examples). Warns, so that a user adding a rule
    is reminded to add an example without breaking the build. -#}

with

rules as (

    select * from {{ ref('channel_rules') }}

),

examples as (

    {{ channel_rule_examples() }}

),

final as (

    select
        rules.rule_order,
        rules.channel,
        rules.description
    from rules
    left join examples
        on rules.rule_order = examples.expected_rule_order
    where examples.expected_rule_order is null

)

select * from final
