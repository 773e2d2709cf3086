{#- The attribution scope rules (docs/metrics.md section 7), written once. -#}

{#- A quoted, comma-separated SQL list of text values: ('a', 'b'). -#}
{% macro attribution_text_list(values) -%}
    ({%- for value in values -%}
        '{{ value | replace("'", "''") }}'{% if not loop.last %}, {% endif %}
    {%- endfor -%})
{%- endmacro %}

{#- A deal counts as a conversion: non-deleted, pipeline in `attribution_pipelines`. -#}
{% macro is_attribution_deal(pipeline, is_deleted) -%}
    ({{ pipeline }} in {{ attribution_text_list(var('attribution_pipelines')) }}
    and not coalesce({{ is_deleted }}, false))
{%- endmacro %}

{#- A touch category that can earn credit (`attribution_touch_categories`). -#}
{% macro is_attribution_touch_category(touch_category) -%}
    ({{ touch_category }} in {{ attribution_text_list(var('attribution_touch_categories')) }})
{%- endmacro %}

{#- The lookback window: the touch is at or before `anchor_at` and at most
    `attribution_lookback_days` (elapsed days, seconds / 86400) earlier; a touch
    exactly `attribution_lookback_days` before is inside, one second earlier
    is not. -#}
{% macro is_in_attribution_window(touch_at, anchor_at) -%}
    ({{ touch_at }} <= {{ anchor_at }}
    and {{ days_between(touch_at, anchor_at) }} <= {{ var('attribution_lookback_days') }})
{%- endmacro %}

{#- The seven attribution models, in the order reports show them. -#}
{% macro attribution_models() -%}
    {{ return(['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay', 'w_shaped', 'data_driven']) }}
{%- endmacro %}
