{#- Expressions of the RFM definition (docs/metrics.md section 9, RFM
    segments) that the contact and the account scores must share, so that a
    contact's scores and its account's follow the same rules. -#}

{#- True for an engagement touch: every touchpoint except a form submission
    whose intent (int_form_submissions_classified) is `spam_or_test`. -#}
{% macro rfm_is_engagement_touch(intent_expr) -%}
    ({{ intent_expr }} is null or {{ intent_expr }} != 'spam_or_test')
{%- endmacro %}

{#- What a non-deleted deal adds to its account's monetary value at
    `scored_at_expr`: its amount (reporting currency) when won at or before
    it; its amount when created at or before it and not closed by then (open
    pipeline); else 0. -#}
{% macro rfm_deal_value(deals_alias, scored_at_expr) -%}
    case
        when
            {{ deals_alias }}.is_won
            and {{ deals_alias }}.closed_at <= {{ scored_at_expr }}
            then coalesce({{ deals_alias }}.amount, 0)
        when
            {{ deals_alias }}.created_at <= {{ scored_at_expr }}
            and (not {{ deals_alias }}.is_closed or {{ deals_alias }}.closed_at > {{ scored_at_expr }})
            then coalesce({{ deals_alias }}.amount, 0)
        else 0
    end
{%- endmacro %}

{#- `high` when an RFM score (1-5) reaches `rfm_high_score`, else `low`:
    the level looked up in seed `rfm_segments`. -#}
{% macro rfm_level(score_expr) -%}
    case when {{ score_expr }} >= {{ var('rfm_high_score') }} then 'high' else 'low' end
{%- endmacro %}

{#- An RFM score: the lowest quintile any row with the same value reaches
    (equal values share a score, so the id that orders them within
    `ntile` cannot lift one above another; a never-engaged recency, a
    frequency or a monetary value of 0, the lowest values, all score 1). A
    window function over the rows of `partition_by`. -#}
{% macro rfm_tied_score(quintile_column, value_expr, partition_by=none) -%}
    min({{ quintile_column }}) over (
        partition by {% if partition_by %}{{ partition_by }}, {% endif %}{{ value_expr }}
    )
{%- endmacro %}
