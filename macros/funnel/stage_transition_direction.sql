{#- Direction of a stage change (docs/metrics.md section 4), shared by lifecycle
    and deal stages: `repeat` (the same stage again), `exit` (into a stage
    outside the order, e.g. disqualified), `forward` (the first change, or up
    the order), `reentry` (out of a stage outside the order), `backward`
    (down the order), `lateral` (another stage at the same position, e.g.
    closed_won <-> closed_lost). -#}
{% macro stage_transition_direction(from_stage, to_stage, from_order, to_order) -%}
    case
        when {{ to_stage }} = {{ from_stage }} then 'repeat'
        when {{ to_order }} is null then 'exit'
        when {{ from_stage }} is null then 'forward'
        when {{ from_order }} is null then 'reentry'
        when {{ to_order }} > {{ from_order }} then 'forward'
        when {{ to_order }} < {{ from_order }} then 'backward'
        else 'lateral'
    end
{%- endmacro %}
